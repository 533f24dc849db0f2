// Products of repacked (x8) q4_0 / q8_0 weights with q8_0s activations: each call computes
// eight rows for up to four activation columns per pass over the weights, so the weight block
// is loaded and unpacked once per four columns. AVX-512 VNNI uses dpbusd; AVX2 emulates it
// with maddubs + madd. See repack.c for the layouts.
#include "CLlamaKernels.h"
#include "kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

static inline int32_t load4(const int8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return v;
}
// Four activation bytes broadcast to every int32 lane (a macro: it must inherit the caller's
// target attribute).
#define bcast4(p) _mm256_set1_epi32(load4(p))

// u8 x s8 products summed in fours into int32 lanes, added to acc.
#define LLK_DEFINE_X8(SUFFIX, TARGET, DPBUSD)                                                  \
    __attribute__((target(TARGET))) static inline void q4_group_##SUFFIX(                      \
        const block_q4_0x8 *b, const block_q8_0s *const *a, int nc, int64_t nb, __m256 *acc) {  \
        const __m256i m4 = _mm256_set1_epi8(0x0F);                                             \
        for (int64_t k = 0; k < nb; k++, b++) {                                                \
            __m256i lo[4], hi[4];                                                              \
            for (int ch = 0; ch < 4; ch++) {                                                   \
                const __m256i v = _mm256_loadu_si256((const __m256i *)(b->qs + 32 * ch));      \
                lo[ch] = _mm256_and_si256(v, m4);                                              \
                hi[ch] = _mm256_and_si256(_mm256_srli_epi16(v, 4), m4);                        \
            }                                                                                  \
            const __m256 dw = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)b->d));         \
            for (int c = 0; c < nc; c++) {                                                     \
                const block_q8_0s *y = a[c] + k;                                               \
                __m256i s = _mm256_set1_epi32(-8 * y->sum);                                    \
                for (int ch = 0; ch < 4; ch++) {                                               \
                    s = DPBUSD(s, lo[ch], bcast4(y->qs + 8 * ch));                             \
                    s = DPBUSD(s, hi[ch], bcast4(y->qs + 8 * ch + 4));                         \
                }                                                                              \
                acc[c] = _mm256_fmadd_ps(_mm256_mul_ps(dw, _mm256_set1_ps(y->d)),              \
                                         _mm256_cvtepi32_ps(s), acc[c]);                       \
            }                                                                                  \
        }                                                                                      \
    }

#define DPBUSD_VNNI(acc, u, s) _mm256_dpbusd_epi32(acc, u, s)
#define DPBUSD_AVX2(acc, u, s) \
    _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1)))

LLK_DEFINE_X8(vnni, "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c", DPBUSD_VNNI)
LLK_DEFINE_X8(avx2, "avx2,fma,f16c", DPBUSD_AVX2)

// q8_0x8: weights stored as w + 128 (unsigned), so sum((w + 128) a) - 128 sum(a).
__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c"))) static inline void
q8_group_vnni(const block_q8_0x8 *b, const block_q8_0s *const *a, int nc, int64_t nb, __m256 *acc) {
    for (int64_t k = 0; k < nb; k++, b++) {
        const __m256 dw = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)b->d));
        __m256i w[8];
        for (int ch = 0; ch < 8; ch++) w[ch] = _mm256_loadu_si256((const __m256i *)(b->qs + 32 * ch));
        for (int c = 0; c < nc; c++) {
            const block_q8_0s *y = a[c] + k;
            __m256i s = _mm256_set1_epi32(-128 * y->sum);
            for (int ch = 0; ch < 8; ch++) s = _mm256_dpbusd_epi32(s, w[ch], bcast4(y->qs + 4 * ch));
            acc[c] = _mm256_fmadd_ps(_mm256_mul_ps(dw, _mm256_set1_ps(y->d)), _mm256_cvtepi32_ps(s), acc[c]);
        }
    }
}

// AVX2 has no u8 x s8 product without int16 saturation for 255 * 127, so it flips the stored
// offset back (x ^ 0x80 = w) and uses |w| * sign(a, w).
__attribute__((target("avx2,fma,f16c"))) static inline void
q8_group_avx2(const block_q8_0x8 *b, const block_q8_0s *const *a, int nc, int64_t nb, __m256 *acc) {
    const __m256i flip = _mm256_set1_epi8((char)0x80), ones = _mm256_set1_epi16(1);
    for (int64_t k = 0; k < nb; k++, b++) {
        const __m256 dw = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)b->d));
        __m256i w[8], aw[8];
        for (int ch = 0; ch < 8; ch++) {
            w[ch] = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(b->qs + 32 * ch)), flip);
            aw[ch] = _mm256_sign_epi8(w[ch], w[ch]);
        }
        for (int c = 0; c < nc; c++) {
            const block_q8_0s *y = a[c] + k;
            __m256i s = _mm256_setzero_si256();
            for (int ch = 0; ch < 8; ch++) {
                const __m256i sy = _mm256_sign_epi8(bcast4(y->qs + 4 * ch), w[ch]);
                s = _mm256_add_epi32(s, _mm256_madd_epi16(_mm256_maddubs_epi16(aw[ch], sy), ones));
            }
            acc[c] = _mm256_fmadd_ps(_mm256_mul_ps(dw, _mm256_set1_ps(y->d)), _mm256_cvtepi32_ps(s), acc[c]);
        }
    }
}

// Scales the two groups' integer sums s0, s1 for column c and adds them to acc0, acc1 (a macro:
// it must inherit the caller's target attribute).
#define PAIR_EPILOGUE(dact, c)                                                                  \
    do {                                                                                        \
        const __m256 dy = _mm256_set1_ps(dact);                                                 \
        acc0[c] = _mm256_fmadd_ps(_mm256_mul_ps(dw0, dy), _mm256_cvtepi32_ps(s0), acc0[c]);     \
        acc1[c] = _mm256_fmadd_ps(_mm256_mul_ps(dw1, dy), _mm256_cvtepi32_ps(s1), acc1[c]);     \
    } while (0)

// Two groups (16 rows) at once on AVX-512 VNNI, which has 32 vector registers: each broadcast
// activation word feeds two dpbusd instead of one, and the two sums are independent chains.
__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c"))) static inline void
q4_pair_vnni(const block_q4_0x8 *b0, const block_q4_0x8 *b1, const block_q8_0s *const *a, int nc, int64_t nb,
             __m256 *acc0, __m256 *acc1) {
    const __m256i m4 = _mm256_set1_epi8(0x0F);
    for (int64_t k = 0; k < nb; k++, b0++, b1++) {
        __m256i lo0[4], hi0[4], lo1[4], hi1[4];
        for (int ch = 0; ch < 4; ch++) {
            const __m256i v0 = _mm256_loadu_si256((const __m256i *)(b0->qs + 32 * ch));
            const __m256i v1 = _mm256_loadu_si256((const __m256i *)(b1->qs + 32 * ch));
            lo0[ch] = _mm256_and_si256(v0, m4);
            hi0[ch] = _mm256_and_si256(_mm256_srli_epi16(v0, 4), m4);
            lo1[ch] = _mm256_and_si256(v1, m4);
            hi1[ch] = _mm256_and_si256(_mm256_srli_epi16(v1, 4), m4);
        }
        const __m256 dw0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)b0->d));
        const __m256 dw1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)b1->d));
        for (int c = 0; c < nc; c++) {
            const block_q8_0s *y = a[c] + k;
            __m256i s0 = _mm256_set1_epi32(-8 * y->sum), s1 = s0;
            for (int ch = 0; ch < 4; ch++) {
                const __m256i al = bcast4(y->qs + 8 * ch), ah = bcast4(y->qs + 8 * ch + 4);
                s0 = _mm256_dpbusd_epi32(s0, lo0[ch], al);
                s1 = _mm256_dpbusd_epi32(s1, lo1[ch], al);
                s0 = _mm256_dpbusd_epi32(s0, hi0[ch], ah);
                s1 = _mm256_dpbusd_epi32(s1, hi1[ch], ah);
            }
            PAIR_EPILOGUE(y->d, c);
        }
    }
}

__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c"))) static inline void
q8_pair_vnni(const block_q8_0x8 *b0, const block_q8_0x8 *b1, const block_q8_0s *const *a, int nc, int64_t nb,
             __m256 *acc0, __m256 *acc1) {
    for (int64_t k = 0; k < nb; k++, b0++, b1++) {
        const __m256 dw0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)b0->d));
        const __m256 dw1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)b1->d));
        __m256i w0[8], w1[8];
        for (int ch = 0; ch < 8; ch++) {
            w0[ch] = _mm256_loadu_si256((const __m256i *)(b0->qs + 32 * ch));
            w1[ch] = _mm256_loadu_si256((const __m256i *)(b1->qs + 32 * ch));
        }
        for (int c = 0; c < nc; c++) {
            const block_q8_0s *y = a[c] + k;
            __m256i s0 = _mm256_set1_epi32(-128 * y->sum), s1 = s0;
            for (int ch = 0; ch < 8; ch++) {
                const __m256i av = bcast4(y->qs + 4 * ch);
                s0 = _mm256_dpbusd_epi32(s0, w0[ch], av);
                s1 = _mm256_dpbusd_epi32(s1, w1[ch], av);
            }
            PAIR_EPILOGUE(y->d, c);
        }
    }
}

// AVX2 has 16 vector registers, too few for two groups: its "pair" is two single groups.
__attribute__((target("avx2,fma,f16c"))) static inline void
q4_pair_avx2(const block_q4_0x8 *b0, const block_q4_0x8 *b1, const block_q8_0s *const *a, int nc, int64_t nb,
             __m256 *acc0, __m256 *acc1) {
    q4_group_avx2(b0, a, nc, nb, acc0);
    q4_group_avx2(b1, a, nc, nb, acc1);
}

__attribute__((target("avx2,fma,f16c"))) static inline void
q8_pair_avx2(const block_q8_0x8 *b0, const block_q8_0x8 *b1, const block_q8_0s *const *a, int nc, int64_t nb,
             __m256 *acc0, __m256 *acc1) {
    q8_group_avx2(b0, a, nc, nb, acc0);
    q8_group_avx2(b1, a, nc, nb, acc1);
}

// Eight rows of output from one group's accumulators (fewer at the end of the matrix).
static inline void store_rows(const float *out, float *dst, int64_t valid) {
    for (int64_t r = 0; r < valid && r < 8; r++) dst[r] = out[r];
}

#define LLK_DEFINE_DRIVER(SUFFIX, TARGET)                                                      \
    __attribute__((target(TARGET))) static void mul_mat_x8_##SUFFIX(                           \
        uint32_t type, int64_t n, const void *w, int64_t g0, int64_t g1, const void *a,        \
        size_t a_row_bytes, int64_t ncols, float *y, int64_t y_stride, int64_t rows) {         \
        const int64_t nb = n / 32;                                                             \
        for (int64_t g = g0; g < g1; g += 2) {                                                 \
            const int pair = g + 1 < g1;                                                       \
            for (int64_t c0 = 0; c0 < ncols; c0 += 4) {                                        \
                const int nc = ncols - c0 < 4 ? (int)(ncols - c0) : 4;                         \
                const block_q8_0s *cols[4];                                                    \
                for (int c = 0; c < nc; c++)                                                   \
                    cols[c] = (const block_q8_0s *)((const char *)a + (size_t)(c0 + c) * a_row_bytes); \
                __m256 acc0[4], acc1[4];                                                       \
                for (int c = 0; c < 4; c++) acc0[c] = acc1[c] = _mm256_setzero_ps();           \
                if (type == LLK_Q4_0) {                                                        \
                    const block_q4_0x8 *b = (const block_q4_0x8 *)w + g * nb;                  \
                    if (pair) q4_pair_##SUFFIX(b, b + nb, cols, nc, nb, acc0, acc1);           \
                    else q4_group_##SUFFIX(b, cols, nc, nb, acc0);                             \
                } else {                                                                       \
                    const block_q8_0x8 *b = (const block_q8_0x8 *)w + g * nb;                  \
                    if (pair) q8_pair_##SUFFIX(b, b + nb, cols, nc, nb, acc0, acc1);           \
                    else q8_group_##SUFFIX(b, cols, nc, nb, acc0);                             \
                }                                                                              \
                for (int c = 0; c < nc; c++) {                                                 \
                    float out[8];                                                              \
                    float *dst = y + (c0 + c) * y_stride + g * 8;                              \
                    _mm256_storeu_ps(out, acc0[c]);                                            \
                    store_rows(out, dst, rows - g * 8);                                        \
                    if (pair) {                                                                \
                        _mm256_storeu_ps(out, acc1[c]);                                        \
                        store_rows(out, dst + 8, rows - g * 8 - 8);                            \
                    }                                                                          \
                }                                                                              \
            }                                                                                  \
        }                                                                                      \
    }

LLK_DEFINE_DRIVER(vnni, "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")
LLK_DEFINE_DRIVER(avx2, "avx2,fma,f16c")
#endif

int llk_mul_mat_x8(int isa, uint32_t type, int64_t n, const void *w, int64_t g0, int64_t g1,
                   const void *a, size_t a_row_bytes, int64_t ncols, float *y, int64_t y_stride,
                   int64_t rows) {
    if (isa < 0 || isa > llk_best_isa()) isa = llk_best_isa();
    if (type != LLK_Q4_0 && type != LLK_Q8_0) return -1;
#if defined(__x86_64__)
    if (isa == LLK_ISA_AVX512) {
        mul_mat_x8_vnni(type, n, w, g0, g1, a, a_row_bytes, ncols, y, y_stride, rows);
        return 0;
    }
    if (isa == LLK_ISA_AVX2) {
        mul_mat_x8_avx2(type, n, w, g0, g1, a, a_row_bytes, ncols, y, y_stride, rows);
        return 0;
    }
#endif
    return -1;
}
