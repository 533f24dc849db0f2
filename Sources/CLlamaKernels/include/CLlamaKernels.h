// Innermost kernels of LlamaEngine. Types are ggml type numbers; counts are values (a multiple
// of the type's block size); quantized data is in ggml's block layouts. Every function is safe
// to call from several threads on disjoint outputs.
#pragma once
#include <stddef.h>
#include <stdint.h>

/// Version of the kernel set, for diagnostics.
int llk_version(void);

/// Dequantises n values of `type` from src to dst. Returns 0, or -1 for an unsupported type.
int llk_dequantize(uint32_t type, const void *src, float *dst, int64_t n);

/// Quantises n values to `type` exactly as llama.cpp's reference quantisers do (f32, f16,
/// bf16, q4_0, q4_1, q5_0, q5_1, q8_0, q8_1, q8_K). Returns 0, or -1 for an unsupported type.
int llk_quantize(uint32_t type, const float *src, void *dst, int64_t n);

void llk_quantize_q8_0_ref(const float *x, void *y, int64_t n);
void llk_quantize_q8_1_ref(const float *x, void *y, int64_t n);
void llk_quantize_q8_K_ref(const float *x, void *y, int64_t n);
