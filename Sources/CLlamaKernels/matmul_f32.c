// f32 weights times f32 activations for small batches (a question's dozen tokens through a
// BERT encoder), where OpenBLAS's packing of the whole weight matrix costs more than the
// product. Four weight rows by two activation columns per step: each weight row is read from
// memory once for the whole batch, and six loads feed eight FMAs. AVX2 and AVX-512 twins
// of one loop (matmul_f32_body.h, included once per width); the plain kernel set keeps the
// dot-per-pair path of llk_mul_mat.
#include "CLlamaKernels.h"
#include "kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#include "avx2_common.h"

static inline __m128 hsum4_avx2(__m256 a, __m256 b, __m256 c, __m256 d) {
    const __m256 abcd = _mm256_hadd_ps(_mm256_hadd_ps(a, b), _mm256_hadd_ps(c, d));
    return _mm_add_ps(_mm256_castps256_ps128(abcd), _mm256_extractf128_ps(abcd, 1));
}


#define VEC __m256
#define VLEN 8
#define VZERO _mm256_setzero_ps
#define VLOAD _mm256_loadu_ps
#define VFMA _mm256_fmadd_ps
#define HSUM4 hsum4_avx2
#define HSUM llk_hsum256
#define ROWS4_COL1 rows4_col1_avx2
#define MUL_MAT llk_mul_mat_f32_avx2
#include "matmul_f32_body.h"
#undef VEC
#undef VLEN
#undef VZERO
#undef VLOAD
#undef VFMA
#undef HSUM4
#undef HSUM
#undef ROWS4_COL1
#undef MUL_MAT

#pragma clang attribute pop

#pragma clang attribute push(__attribute__((target("avx512f,avx512vl,avx2,fma"))), apply_to = function)

static inline __m256 fold512(__m512 v) {
    return _mm256_add_ps(_mm512_castps512_ps256(v), _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)));
}

static inline __m128 hsum4_avx512(__m512 a, __m512 b, __m512 c, __m512 d) {
    const __m256 abcd = _mm256_hadd_ps(_mm256_hadd_ps(fold512(a), fold512(b)), _mm256_hadd_ps(fold512(c), fold512(d)));
    return _mm_add_ps(_mm256_castps256_ps128(abcd), _mm256_extractf128_ps(abcd, 1));
}

#define VEC __m512
#define VLEN 16
#define VZERO _mm512_setzero_ps
#define VLOAD _mm512_loadu_ps
#define VFMA _mm512_fmadd_ps
#define HSUM4 hsum4_avx512
#define HSUM _mm512_reduce_add_ps
#define ROWS4_COL1 rows4_col1_avx512
#define MUL_MAT llk_mul_mat_f32_avx512
#include "matmul_f32_body.h"

#pragma clang attribute pop
#endif
