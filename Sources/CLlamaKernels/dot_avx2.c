// Hand-written AVX2 kernels for the types that carry most models: f32, f16, q8_0, q4_0.
// Signed int8 products use llama.cpp's trick: maddubs(|x|, sign(y, x)) = x*y pairwise.
#include "CLlamaKernels.h"
#include "kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)

#include "avx2_common.h"

/// Eight int32 sums of x[i]*y[i] over 32 signed bytes.
static inline __m256i dot32_i8(__m256i x, __m256i y) {
    const __m256i ax = _mm256_sign_epi8(x, x);
    const __m256i sy = _mm256_sign_epi8(y, x);
    return _mm256_madd_epi16(_mm256_maddubs_epi16(ax, sy), _mm256_set1_epi16(1));
}

static float dot_f32(int64_t n, const void *vw, const void *va) {
    const float *w = vw, *a = va;
    __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i), _mm256_loadu_ps(a + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i + 8), _mm256_loadu_ps(a + i + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i + 16), _mm256_loadu_ps(a + i + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i + 24), _mm256_loadu_ps(a + i + 24), s3);
    }
    for (; i + 8 <= n; i += 8)
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i), _mm256_loadu_ps(a + i), s0);
    float sum = llk_hsum256(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
    for (; i < n; i++) sum += w[i] * a[i];
    return sum;
}

static float dot_f16(int64_t n, const void *vw, const void *va) {
    const llk_half *w = vw;
    const float *a = va;
    __m256 s0 = _mm256_setzero_ps(), s1 = s0;
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256 w0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(w + i)));
        const __m256 w1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(w + i + 8)));
        s0 = _mm256_fmadd_ps(w0, _mm256_loadu_ps(a + i), s0);
        s1 = _mm256_fmadd_ps(w1, _mm256_loadu_ps(a + i + 8), s1);
    }
    float sum = llk_hsum256(_mm256_add_ps(s0, s1));
    for (; i < n; i++) sum += llk_h2f(w[i]) * a[i];
    return sum;
}

static float dot_q8_0(int64_t n, const void *vw, const void *va) {
    const block_q8_0 *x = vw, *y = va;
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / QK8_0; i++) {
        const __m256 d = _mm256_set1_ps(llk_h2f(x[i].d) * llk_h2f(y[i].d));
        const __m256i qx = _mm256_loadu_si256((const __m256i *)x[i].qs);
        const __m256i qy = _mm256_loadu_si256((const __m256i *)y[i].qs);
        acc = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(dot32_i8(qx, qy)), acc);
    }
    return llk_hsum256(acc);
}

/// The 32 values of a q4_0 block as signed bytes (-8...7), in order.
static inline __m256i unpack_q4_0(const uint8_t *qs) {
    return _mm256_sub_epi8(llk_unpack_nibbles(qs), _mm256_set1_epi8(8));
}

static float dot_q4_0(int64_t n, const void *vw, const void *va) {
    const block_q4_0 *x = vw;
    const block_q8_0 *y = va;
    __m256 acc0 = _mm256_setzero_ps(), acc1 = acc0;
    const int64_t nb = n / QK4_0;
    int64_t i = 0;
    for (; i + 2 <= nb; i += 2) {
        const __m256 d0 = _mm256_set1_ps(llk_h2f(x[i].d) * llk_h2f(y[i].d));
        const __m256 d1 = _mm256_set1_ps(llk_h2f(x[i + 1].d) * llk_h2f(y[i + 1].d));
        const __m256i p0 = dot32_i8(unpack_q4_0(x[i].qs), _mm256_loadu_si256((const __m256i *)y[i].qs));
        const __m256i p1 = dot32_i8(unpack_q4_0(x[i + 1].qs), _mm256_loadu_si256((const __m256i *)y[i + 1].qs));
        acc0 = _mm256_fmadd_ps(d0, _mm256_cvtepi32_ps(p0), acc0);
        acc1 = _mm256_fmadd_ps(d1, _mm256_cvtepi32_ps(p1), acc1);
    }
    for (; i < nb; i++) {
        const __m256 d = _mm256_set1_ps(llk_h2f(x[i].d) * llk_h2f(y[i].d));
        const __m256i p = dot32_i8(unpack_q4_0(x[i].qs), _mm256_loadu_si256((const __m256i *)y[i].qs));
        acc0 = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(p), acc0);
    }
    return llk_hsum256(_mm256_add_ps(acc0, acc1));
}

/// q4_K · q8_K: nibbles times activations with maddubs, each sub-block's 6-bit scale applied
/// by madd, one float multiply per 256 values; the mins use the activation block sums.
static float dot_q4_K(int64_t n, const void *vw, const void *va) {
    const block_q4_K *x = vw;
    const block_q8_K *y = va;
    const __m256i m4 = _mm256_set1_epi8(0x0F);
    __m256 acc = _mm256_setzero_ps();
    float mins = 0;
    for (int64_t i = 0; i < n / QK_K; i++) {
        uint8_t sc[8], mn[8];
        int summs = 0;
        for (int j = 0; j < 8; j++) {
            llk_scale_min_k4(j, x[i].scales, &sc[j], &mn[j]);
            summs += mn[j] * (y[i].bsums[2 * j] + y[i].bsums[2 * j + 1]);
        }
        __m256i sumi = _mm256_setzero_si256();
        for (int j = 0; j < 4; j++) {
            const __m256i q4 = _mm256_loadu_si256((const __m256i *)(x[i].qs + 32 * j));
            const __m256i lo = _mm256_and_si256(q4, m4);
            const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(q4, 4), m4);
            const __m256i ya = _mm256_loadu_si256((const __m256i *)(y[i].qs + 64 * j));
            const __m256i yb = _mm256_loadu_si256((const __m256i *)(y[i].qs + 64 * j + 32));
            const __m256i pa = _mm256_madd_epi16(_mm256_maddubs_epi16(lo, ya), _mm256_set1_epi16(sc[2 * j]));
            const __m256i pb = _mm256_madd_epi16(_mm256_maddubs_epi16(hi, yb), _mm256_set1_epi16(sc[2 * j + 1]));
            sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(pa, pb));
        }
        const float d = y[i].d * llk_h2f(x[i].d);
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sumi), acc);
        mins += y[i].d * llk_h2f(x[i].dmin) * (float)summs;
    }
    return llk_hsum256(acc) - mins;
}

/// q6_K · q8_K: 6-bit values rebuilt from ql/qh as unsigned 0..63, products by maddubs, the
/// per-16 scales by madd; the -32 offset comes off through the activation block sums.
static float dot_q6_K(int64_t n, const void *vw, const void *va) {
    const block_q6_K *x = vw;
    const block_q8_K *y = va;
    const __m256i m4 = _mm256_set1_epi8(0x0F), m2 = _mm256_set1_epi8(0x03);
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / QK_K; i++) {
        const uint8_t *ql = x[i].ql, *qh = x[i].qh;
        const int8_t *sc = x[i].scales, *q8 = y[i].qs;
        int offset = 0;
        for (int g = 0; g < 16; g++) offset += sc[g] * y[i].bsums[g];
        __m256i sumi = _mm256_setzero_si256();
        for (int c = 0; c < 2; c++, ql += 64, qh += 32, sc += 8, q8 += 128) {
            const __m256i l0 = _mm256_loadu_si256((const __m256i *)ql);
            const __m256i l1 = _mm256_loadu_si256((const __m256i *)(ql + 32));
            const __m256i h = _mm256_loadu_si256((const __m256i *)qh);
            __m256i q[4];
            q[0] = _mm256_or_si256(_mm256_and_si256(l0, m4), _mm256_slli_epi16(_mm256_and_si256(h, m2), 4));
            q[1] = _mm256_or_si256(_mm256_and_si256(l1, m4),
                                   _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 2), m2), 4));
            q[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l0, 4), m4),
                                   _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 4), m2), 4));
            q[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l1, 4), m4),
                                   _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 6), m2), 4));
            for (int k = 0; k < 4; k++) {
                const __m256i yk = _mm256_loadu_si256((const __m256i *)(q8 + 32 * k));
                const __m256i scales = _mm256_set_m128i(_mm_set1_epi16(sc[2 * k + 1]), _mm_set1_epi16(sc[2 * k]));
                sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(_mm256_maddubs_epi16(q[k], yk), scales));
            }
        }
        const float d = y[i].d * llk_h2f(x[i].d);
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d),
                              _mm256_cvtepi32_ps(_mm256_sub_epi32(sumi, _mm256_setr_epi32(32 * offset, 0, 0, 0, 0, 0, 0, 0))),
                              acc);
    }
    return llk_hsum256(acc);
}

void llk_fill_avx2(llk_dot_fn *table) {
    llk_fill_avx2_generic(table);
    llk_fill_avx2_quants(table);
    table[LLK_F32] = dot_f32;
    table[LLK_F16] = dot_f16;
    table[LLK_Q8_0] = dot_q8_0;
    table[LLK_Q4_0] = dot_q4_0;
    table[LLK_Q4_K] = dot_q4_K;
    table[LLK_Q6_K] = dot_q6_K;
}

#pragma clang attribute pop
#endif
