// Internal interface between the kernel variants and the dispatcher.
#pragma once
#include "blocks.h"

#define LLK_TYPE_COUNT 32

void llk_fill_plain(llk_dot_fn *table);
#if defined(__x86_64__)
void llk_fill_avx2_generic(llk_dot_fn *table);
void llk_fill_avx2(llk_dot_fn *table);
void llk_fill_avx2_quants(llk_dot_fn *table);
void llk_fill_avx512(llk_dot_fn *table);
// f32 weights x f32 activations, rows [r0, r1) x ncols columns (strides in floats).
void llk_mul_mat_f32_avx2(int64_t n, const float *w, int64_t w_stride, int64_t r0, int64_t r1,
                          const float *a, int64_t a_stride, int64_t ncols, float *y, int64_t y_stride);
void llk_mul_mat_f32_avx512(int64_t n, const float *w, int64_t w_stride, int64_t r0, int64_t r1,
                            const float *a, int64_t a_stride, int64_t ncols, float *y, int64_t y_stride);
#endif
