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

#define LLK_DEFINE_DRIVER(SUFFIX, TARGET)                                                      \
    __attribute__((target(TARGET))) static void mul_mat_x8_##SUFFIX(                           \
        uint32_t type, int64_t n, const void *w, int64_t g0, int64_t g1, const void *a,        \
        size_t a_row_bytes, int64_t ncols, float *y, int64_t y_stride, int64_t rows) {         \
        const int64_t nb = n / 32;                                                             \
        for (int64_t g = g0; g < g1; g++) {                                                    \
            for (int64_t c0 = 0; c0 < ncols; c0 += 4) {                                        \
                const int nc = ncols - c0 < 4 ? (int)(ncols - c0) : 4;                         \
                const block_q8_0s *cols[4];                                                    \
                for (int c = 0; c < nc; c++)                                                   \
                    cols[c] = (const block_q8_0s *)((const char *)a + (size_t)(c0 + c) * a_row_bytes); \
                __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), \
                                 _mm256_setzero_ps()};                                         \
                if (type == LLK_Q4_0)                                                          \
                    q4_group_##SUFFIX((const block_q4_0x8 *)w + g * nb, cols, nc, nb, acc);    \
                else                                                                           \
                    q8_group_##SUFFIX((const block_q8_0x8 *)w + g * nb, cols, nc, nb, acc);    \
                for (int c = 0; c < nc; c++) {                                                 \
                    float out[8];                                                              \
                    _mm256_storeu_ps(out, acc[c]);                                             \
                    float *dst = y + (c0 + c) * y_stride + g * 8;                              \
                    const int64_t valid = rows - g * 8 < 8 ? rows - g * 8 : 8;                 \
                    for (int r = 0; r < valid; r++) dst[r] = out[r];                           \
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
