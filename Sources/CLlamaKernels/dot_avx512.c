// AVX-512 kernels (with VNNI for int8 products) for f32, f16, q8_0 and q4_0; other types
// use the AVX2 set.
#include "CLlamaKernels.h"
#include "kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(                                                              \
    __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c"))),          \
    apply_to = function)

#include "avx2_common.h"

static float dot_f32(int64_t n, const void *vw, const void *va) {
    const float *w = vw, *a = va;
    __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    int64_t i = 0;
    for (; i + 64 <= n; i += 64) {
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(w + i), _mm512_loadu_ps(a + i), s0);
        s1 = _mm512_fmadd_ps(_mm512_loadu_ps(w + i + 16), _mm512_loadu_ps(a + i + 16), s1);
        s2 = _mm512_fmadd_ps(_mm512_loadu_ps(w + i + 32), _mm512_loadu_ps(a + i + 32), s2);
        s3 = _mm512_fmadd_ps(_mm512_loadu_ps(w + i + 48), _mm512_loadu_ps(a + i + 48), s3);
    }
    for (; i + 16 <= n; i += 16)
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(w + i), _mm512_loadu_ps(a + i), s0);
    if (i < n) {
        const __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
        s1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, w + i), _mm512_maskz_loadu_ps(m, a + i), s1);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
}

static float dot_f16(int64_t n, const void *vw, const void *va) {
    const llk_half *w = vw;
    const float *a = va;
    __m512 s0 = _mm512_setzero_ps(), s1 = s0;
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        const __m512 w0 = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(w + i)));
        const __m512 w1 = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(w + i + 16)));
        s0 = _mm512_fmadd_ps(w0, _mm512_loadu_ps(a + i), s0);
        s1 = _mm512_fmadd_ps(w1, _mm512_loadu_ps(a + i + 16), s1);
    }
    for (; i < n; i += 16) {
        const int64_t left = n - i < 16 ? n - i : 16;
        const __mmask16 m = (__mmask16)((1u << left) - 1);
        const __m512 w0 = _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, w + i));
        s0 = _mm512_fmadd_ps(w0, _mm512_maskz_loadu_ps(m, a + i), s0);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
}

static float dot_bf16(int64_t n, const void *vw, const void *va) {
    const llk_bf16 *w = vw;
    const float *a = va;
    __m512 s0 = _mm512_setzero_ps(), s1 = s0;
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        const __m512i w0 = _mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)(w + i)));
        const __m512i w1 = _mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)(w + i + 16)));
        s0 = _mm512_fmadd_ps(_mm512_castsi512_ps(_mm512_slli_epi32(w0, 16)), _mm512_loadu_ps(a + i), s0);
        s1 = _mm512_fmadd_ps(_mm512_castsi512_ps(_mm512_slli_epi32(w1, 16)), _mm512_loadu_ps(a + i + 16), s1);
    }
    for (; i < n; i += 16) {
        const int64_t left = n - i < 16 ? n - i : 16;
        const __mmask16 m = (__mmask16)((1u << left) - 1);
        const __m512i w0 = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(m, w + i));
        s0 = _mm512_fmadd_ps(_mm512_castsi512_ps(_mm512_slli_epi32(w0, 16)), _mm512_maskz_loadu_ps(m, a + i), s0);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
}

/// Eight int32 sums of x[i]*y[i] over 32 signed bytes (|x| * sign(y, x) with VNNI).
static inline __m256i dot32_i8(__m256i x, __m256i y) {
    return _mm256_dpbusd_epi32(_mm256_setzero_si256(), _mm256_sign_epi8(x, x),
                               _mm256_sign_epi8(y, x));
}

static float dot_q8_0(int64_t n, const void *vw, const void *va) {
    const block_q8_0 *x = vw, *y = va;
    __m256 acc0 = _mm256_setzero_ps(), acc1 = acc0;
    const int64_t nb = n / QK8_0;
    int64_t i = 0;
    for (; i + 2 <= nb; i += 2) {
        const __m256 d0 = _mm256_set1_ps(llk_h2f(x[i].d) * llk_h2f(y[i].d));
        const __m256 d1 = _mm256_set1_ps(llk_h2f(x[i + 1].d) * llk_h2f(y[i + 1].d));
        const __m256i p0 = dot32_i8(_mm256_loadu_si256((const __m256i *)x[i].qs),
                                    _mm256_loadu_si256((const __m256i *)y[i].qs));
        const __m256i p1 = dot32_i8(_mm256_loadu_si256((const __m256i *)x[i + 1].qs),
                                    _mm256_loadu_si256((const __m256i *)y[i + 1].qs));
        acc0 = _mm256_fmadd_ps(d0, _mm256_cvtepi32_ps(p0), acc0);
        acc1 = _mm256_fmadd_ps(d1, _mm256_cvtepi32_ps(p1), acc1);
    }
    for (; i < nb; i++) {
        const __m256 d = _mm256_set1_ps(llk_h2f(x[i].d) * llk_h2f(y[i].d));
        const __m256i p = dot32_i8(_mm256_loadu_si256((const __m256i *)x[i].qs),
                                   _mm256_loadu_si256((const __m256i *)y[i].qs));
        acc0 = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(p), acc0);
    }
    return llk_hsum256(_mm256_add_ps(acc0, acc1));
}

/// q4_0 · q8_0 as dpbusd(nibbles, y) - 8 * sum(y): unsigned nibbles need no sign trick.
static inline __m256i dot_q4_block(const uint8_t *qs, const int8_t *qy8) {
    const __m128i packed = _mm_loadu_si128((const __m128i *)qs);
    const __m256i q = _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(packed, 4), packed),
                                       _mm256_set1_epi8(0x0F));
    const __m256i y = _mm256_loadu_si256((const __m256i *)qy8);
    const __m256i xy = _mm256_dpbusd_epi32(_mm256_setzero_si256(), q, y);
    const __m256i sy = _mm256_dpbusd_epi32(_mm256_setzero_si256(), _mm256_set1_epi8(8), y);
    return _mm256_sub_epi32(xy, sy);
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
        acc0 = _mm256_fmadd_ps(d0, _mm256_cvtepi32_ps(dot_q4_block(x[i].qs, y[i].qs)), acc0);
        acc1 = _mm256_fmadd_ps(d1, _mm256_cvtepi32_ps(dot_q4_block(x[i + 1].qs, y[i + 1].qs)), acc1);
    }
    for (; i < nb; i++) {
        const __m256 d = _mm256_set1_ps(llk_h2f(x[i].d) * llk_h2f(y[i].d));
        acc0 = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(dot_q4_block(x[i].qs, y[i].qs)), acc0);
    }
    return llk_hsum256(_mm256_add_ps(acc0, acc1));
}

void llk_fill_avx512(llk_dot_fn *table) {
    llk_fill_avx2(table);
    table[LLK_F32] = dot_f32;
    table[LLK_F16] = dot_f16;
    table[LLK_BF16] = dot_bf16;
    table[LLK_Q8_0] = dot_q8_0;
    table[LLK_Q4_0] = dot_q4_0;
}

#pragma clang attribute pop
#endif
