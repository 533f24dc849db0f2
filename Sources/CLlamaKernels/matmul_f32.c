// f32 weights times f32 activations for small batches (a question's dozen tokens through a
// BERT encoder), where OpenBLAS's packing of the whole weight matrix costs more than the
// product. Four weight rows by two activation columns per step: each weight row is read from
// memory once for the whole batch, and six loads feed eight FMAs. AVX2 and AVX-512 twins
// of one loop; the plain kernel set keeps the dot-per-pair path of llk_mul_mat.
#include "CLlamaKernels.h"
#include "kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

// [sum(a), sum(b), sum(c), sum(d)]
static inline __m128 hsum4(__m256 a, __m256 b, __m256 c, __m256 d) {
    const __m256 abcd = _mm256_hadd_ps(_mm256_hadd_ps(a, b), _mm256_hadd_ps(c, d));
    return _mm_add_ps(_mm256_castps256_ps128(abcd), _mm256_extractf128_ps(abcd, 1));
}

static inline float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// Four rows (w0 + i * ws) by one column x.
static inline void rows4_col1(int64_t n, const float *w0, int64_t ws, const float *x, float out[4]) {
    const float *w1 = w0 + ws, *w2 = w1 + ws, *w3 = w2 + ws;
    __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    const int64_t n8 = n & ~(int64_t)7;
    for (int64_t k = 0; k < n8; k += 8) {
        const __m256 v = _mm256_loadu_ps(x + k);
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + k), v, s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(w1 + k), v, s1);
        s2 = _mm256_fmadd_ps(_mm256_loadu_ps(w2 + k), v, s2);
        s3 = _mm256_fmadd_ps(_mm256_loadu_ps(w3 + k), v, s3);
    }
    _mm_storeu_ps(out, hsum4(s0, s1, s2, s3));
    for (int64_t k = n8; k < n; k++) {
        out[0] += w0[k] * x[k];
        out[1] += w1[k] * x[k];
        out[2] += w2[k] * x[k];
        out[3] += w3[k] * x[k];
    }
}

void llk_mul_mat_f32_avx2(int64_t n, const float *w, int64_t w_stride, int64_t r0, int64_t r1,
                          const float *a, int64_t a_stride, int64_t ncols, float *y, int64_t y_stride) {
    const int64_t n8 = n & ~(int64_t)7;
    int64_t r = r0;
    for (; r + 4 <= r1; r += 4) {
        const float *w0 = w + r * w_stride, *w1 = w0 + w_stride, *w2 = w1 + w_stride, *w3 = w2 + w_stride;
        int64_t c = 0;
        for (; c + 2 <= ncols; c += 2) {
            const float *x0 = a + c * a_stride, *x1 = x0 + a_stride;
            // The first pass over this group brings the next group's rows in: with a dozen
            // columns the weights, not the arithmetic, set the pace.
            const float *next = c == 0 && r + 8 <= r1 ? w0 + 4 * w_stride : NULL;
            __m256 s00 = _mm256_setzero_ps(), s10 = s00, s20 = s00, s30 = s00;
            __m256 s01 = s00, s11 = s00, s21 = s00, s31 = s00;
            for (int64_t k = 0; k < n8; k += 8) {
                const __m256 v0 = _mm256_loadu_ps(x0 + k), v1 = _mm256_loadu_ps(x1 + k);
                if (next) {
                    _mm_prefetch((const char *)(next + k), _MM_HINT_T0);
                    _mm_prefetch((const char *)(next + w_stride + k), _MM_HINT_T0);
                    _mm_prefetch((const char *)(next + 2 * w_stride + k), _MM_HINT_T0);
                    _mm_prefetch((const char *)(next + 3 * w_stride + k), _MM_HINT_T0);
                }
                __m256 m = _mm256_loadu_ps(w0 + k);
                s00 = _mm256_fmadd_ps(m, v0, s00);
                s01 = _mm256_fmadd_ps(m, v1, s01);
                m = _mm256_loadu_ps(w1 + k);
                s10 = _mm256_fmadd_ps(m, v0, s10);
                s11 = _mm256_fmadd_ps(m, v1, s11);
                m = _mm256_loadu_ps(w2 + k);
                s20 = _mm256_fmadd_ps(m, v0, s20);
                s21 = _mm256_fmadd_ps(m, v1, s21);
                m = _mm256_loadu_ps(w3 + k);
                s30 = _mm256_fmadd_ps(m, v0, s30);
                s31 = _mm256_fmadd_ps(m, v1, s31);
            }
            float o0[4], o1[4];
            _mm_storeu_ps(o0, hsum4(s00, s10, s20, s30));
            _mm_storeu_ps(o1, hsum4(s01, s11, s21, s31));
            for (int64_t k = n8; k < n; k++) {
                o0[0] += w0[k] * x0[k]; o1[0] += w0[k] * x1[k];
                o0[1] += w1[k] * x0[k]; o1[1] += w1[k] * x1[k];
                o0[2] += w2[k] * x0[k]; o1[2] += w2[k] * x1[k];
                o0[3] += w3[k] * x0[k]; o1[3] += w3[k] * x1[k];
            }
            for (int i = 0; i < 4; i++) {
                y[c * y_stride + r + i] = o0[i];
                y[(c + 1) * y_stride + r + i] = o1[i];
            }
        }
        if (c < ncols) {
            float o[4];
            rows4_col1(n, w0, w_stride, a + c * a_stride, o);
            for (int i = 0; i < 4; i++) y[c * y_stride + r + i] = o[i];
        }
    }
    for (; r < r1; r++) {
        const float *wr = w + r * w_stride;
        for (int64_t c = 0; c < ncols; c++) {
            const float *x = a + c * a_stride;
            __m256 s = _mm256_setzero_ps();
            for (int64_t k = 0; k < n8; k += 8) s = _mm256_fmadd_ps(_mm256_loadu_ps(wr + k), _mm256_loadu_ps(x + k), s);
            float sum = hsum(s);
            for (int64_t k = n8; k < n; k++) sum += wr[k] * x[k];
            y[c * y_stride + r] = sum;
        }
    }
}

#pragma clang attribute pop

#pragma clang attribute push(__attribute__((target("avx512f,avx512vl,avx2,fma"))), apply_to = function)

static inline __m256 fold512(__m512 v) {
    return _mm256_add_ps(_mm512_castps512_ps256(v), _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)));
}

// [sum(a), sum(b), sum(c), sum(d)]
static inline __m128 hsum4_512(__m512 a, __m512 b, __m512 c, __m512 d) {
    const __m256 abcd = _mm256_hadd_ps(_mm256_hadd_ps(fold512(a), fold512(b)), _mm256_hadd_ps(fold512(c), fold512(d)));
    return _mm_add_ps(_mm256_castps256_ps128(abcd), _mm256_extractf128_ps(abcd, 1));
}

// Four rows (w0 + i * ws) by one column x.
static inline void rows4_col1_512(int64_t n, const float *w0, int64_t ws, const float *x, float out[4]) {
    const float *w1 = w0 + ws, *w2 = w1 + ws, *w3 = w2 + ws;
    __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    const int64_t n8 = n & ~(int64_t)15;
    for (int64_t k = 0; k < n8; k += 16) {
        const __m512 v = _mm512_loadu_ps(x + k);
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(w0 + k), v, s0);
        s1 = _mm512_fmadd_ps(_mm512_loadu_ps(w1 + k), v, s1);
        s2 = _mm512_fmadd_ps(_mm512_loadu_ps(w2 + k), v, s2);
        s3 = _mm512_fmadd_ps(_mm512_loadu_ps(w3 + k), v, s3);
    }
    _mm_storeu_ps(out, hsum4_512(s0, s1, s2, s3));
    for (int64_t k = n8; k < n; k++) {
        out[0] += w0[k] * x[k];
        out[1] += w1[k] * x[k];
        out[2] += w2[k] * x[k];
        out[3] += w3[k] * x[k];
    }
}

void llk_mul_mat_f32_avx512(int64_t n, const float *w, int64_t w_stride, int64_t r0, int64_t r1,
                          const float *a, int64_t a_stride, int64_t ncols, float *y, int64_t y_stride) {
    const int64_t n8 = n & ~(int64_t)15;
    int64_t r = r0;
    for (; r + 4 <= r1; r += 4) {
        const float *w0 = w + r * w_stride, *w1 = w0 + w_stride, *w2 = w1 + w_stride, *w3 = w2 + w_stride;
        int64_t c = 0;
        for (; c + 2 <= ncols; c += 2) {
            const float *x0 = a + c * a_stride, *x1 = x0 + a_stride;
            // The first pass over this group brings the next group's rows in: with a dozen
            // columns the weights, not the arithmetic, set the pace.
            const float *next = c == 0 && r + 8 <= r1 ? w0 + 4 * w_stride : NULL;
            __m512 s00 = _mm512_setzero_ps(), s10 = s00, s20 = s00, s30 = s00;
            __m512 s01 = s00, s11 = s00, s21 = s00, s31 = s00;
            for (int64_t k = 0; k < n8; k += 16) {
                const __m512 v0 = _mm512_loadu_ps(x0 + k), v1 = _mm512_loadu_ps(x1 + k);
                if (next) {
                    _mm_prefetch((const char *)(next + k), _MM_HINT_T0);
                    _mm_prefetch((const char *)(next + w_stride + k), _MM_HINT_T0);
                    _mm_prefetch((const char *)(next + 2 * w_stride + k), _MM_HINT_T0);
                    _mm_prefetch((const char *)(next + 3 * w_stride + k), _MM_HINT_T0);
                }
                __m512 m = _mm512_loadu_ps(w0 + k);
                s00 = _mm512_fmadd_ps(m, v0, s00);
                s01 = _mm512_fmadd_ps(m, v1, s01);
                m = _mm512_loadu_ps(w1 + k);
                s10 = _mm512_fmadd_ps(m, v0, s10);
                s11 = _mm512_fmadd_ps(m, v1, s11);
                m = _mm512_loadu_ps(w2 + k);
                s20 = _mm512_fmadd_ps(m, v0, s20);
                s21 = _mm512_fmadd_ps(m, v1, s21);
                m = _mm512_loadu_ps(w3 + k);
                s30 = _mm512_fmadd_ps(m, v0, s30);
                s31 = _mm512_fmadd_ps(m, v1, s31);
            }
            float o0[4], o1[4];
            _mm_storeu_ps(o0, hsum4_512(s00, s10, s20, s30));
            _mm_storeu_ps(o1, hsum4_512(s01, s11, s21, s31));
            for (int64_t k = n8; k < n; k++) {
                o0[0] += w0[k] * x0[k]; o1[0] += w0[k] * x1[k];
                o0[1] += w1[k] * x0[k]; o1[1] += w1[k] * x1[k];
                o0[2] += w2[k] * x0[k]; o1[2] += w2[k] * x1[k];
                o0[3] += w3[k] * x0[k]; o1[3] += w3[k] * x1[k];
            }
            for (int i = 0; i < 4; i++) {
                y[c * y_stride + r + i] = o0[i];
                y[(c + 1) * y_stride + r + i] = o1[i];
            }
        }
        if (c < ncols) {
            float o[4];
            rows4_col1_512(n, w0, w_stride, a + c * a_stride, o);
            for (int i = 0; i < 4; i++) y[c * y_stride + r + i] = o[i];
        }
    }
    for (; r < r1; r++) {
        const float *wr = w + r * w_stride;
        for (int64_t c = 0; c < ncols; c++) {
            const float *x = a + c * a_stride;
            __m512 s = _mm512_setzero_ps();
            for (int64_t k = 0; k < n8; k += 16) s = _mm512_fmadd_ps(_mm512_loadu_ps(wr + k), _mm512_loadu_ps(x + k), s);
            float sum = _mm512_reduce_add_ps(s);
            for (int64_t k = n8; k < n; k++) sum += wr[k] * x[k];
            y[c * y_stride + r] = sum;
        }
    }
}

#pragma clang attribute pop
#endif
