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
/// bf16, q4_0, q4_1, q5_0, q5_1, q8_0, q8_K; q8_1 in our f32-scaled activation layout).
/// Returns 0, or -1 for an unsupported type.
int llk_quantize(uint32_t type, const float *src, void *dst, int64_t n);

void llk_quantize_q8_0_ref(const float *x, void *y, int64_t n);
void llk_quantize_q8_1_ref(const float *x, void *y, int64_t n);
void llk_quantize_q8_K_ref(const float *x, void *y, int64_t n);

// Kernel sets, from slowest to fastest. LLK_ISA_BEST (-1) picks the best this CPU runs.
enum { LLK_ISA_BEST = -1, LLK_ISA_PLAIN = 0, LLK_ISA_AVX2 = 1, LLK_ISA_AVX512 = 2 };

/// The fastest kernel set this CPU supports (chosen with __builtin_cpu_supports).
int llk_best_isa(void);

/// The format activations take for products with weights of `type`: f32 (for f32, f16,
/// bf16), q8_0 (q4_0, q5_0, q8_0), q8_1 (q4_1, q5_1) or q8_K (k-quants); UINT32_MAX if none.
uint32_t llk_activation_type(uint32_t type);
/// Bytes of one activation row of n values for weights of `type`.
size_t llk_activation_row_size(uint32_t type, int64_t n);
/// Converts n floats to the activation format for `type`. Returns 0 or -1.
int llk_quantize_activation(uint32_t type, const float *x, void *a, int64_t n);
/// 1 when `type` has dot-product kernels.
int llk_supports_dot(uint32_t type);

/// Dot product of a weight row of `type` with an activation row, using kernel set `isa`
/// (a set above the CPU's best falls back to the best).
float llk_vec_dot(int isa, uint32_t type, int64_t n, const void *w, const void *a);
/// Reference twin of llk_vec_dot: dequantises both rows and sums in double.
float llk_vec_dot_ref(uint32_t type, int64_t n, const void *w, const void *a);

/// y[c * y_stride + r] = dot(weight row r, activation row c) for r in [r0, r1), c in
/// [0, ncols). Rows are w_row_bytes / a_row_bytes apart.
void llk_mul_mat(int isa, uint32_t type, int64_t n, const void *w, size_t w_row_bytes,
                 int64_t r0, int64_t r1, const void *a, size_t a_row_bytes, int64_t ncols,
                 float *y, int64_t y_stride);

/// XOR of every 8 bytes of p[0..<bytes]: a streaming read that measures memory bandwidth.
uint64_t llk_read_probe(const void *p, size_t bytes);

// Repacked ("x8") q4_0 / q8_0 weights: eight rows interleaved per block (see repack.c).
/// Bytes of the repacked form of `rows` rows of n values (0 if `type` has none).
size_t llk_repacked_size(uint32_t type, int64_t n, int64_t rows);
/// Repacks `rows` rows (row_bytes apart) into dst. Returns 0 or -1.
int llk_repack(uint32_t type, const void *src, size_t row_bytes, int64_t n, int64_t rows,
               void *dst);
/// Activations for repacked weights: 32 values with an f32 scale and their int sum (40 bytes).
void llk_quantize_q8_0s(const float *x, void *y, int64_t n);
/// y[c * y_stride + r] for rows r of groups [g0, g1) (r < rows) and columns c < ncols, with
/// repacked weights and q8_0s activations. Returns -1 when `isa` has no x8 kernels (plain).
int llk_mul_mat_x8(int isa, uint32_t type, int64_t n, const void *w, int64_t g0, int64_t g1,
                   const void *a, size_t a_row_bytes, int64_t ncols, float *y, int64_t y_stride,
                   int64_t rows);

// Attention for one head, in float (attention.c).
/// out[j] = scale * sum_d q[d] * kt[d * count + j] for j < count (keys transposed: [dim][count]).
void llk_attn_scores(int isa, const float *q, const float *kt, int64_t dim, int64_t count,
                     float scale, float *out);
/// out[c] = sum_j w[j] * v[j * stride + c] for c < width, j < count.
void llk_attn_weighted_sum(int isa, const float *w, int64_t count, const float *v,
                           int64_t stride, int64_t width, float *out);
/// Reference twins of the two above: sums in double.
void llk_attn_scores_ref(const float *q, const float *kt, int64_t dim, int64_t count,
                         float scale, float *out);
void llk_attn_weighted_sum_ref(const float *w, int64_t count, const float *v, int64_t stride,
                               int64_t width, float *out);

// Atomics for the thread pool (sequentially consistent).
int64_t llk_atomic_load(const int64_t *p);
void llk_atomic_store(int64_t *p, int64_t v);
/// Adds v and returns the new value.
int64_t llk_atomic_add(int64_t *p, int64_t v);
/// A spin-wait hint (x86 `pause`).
void llk_cpu_relax(void);

// f32 products on AMX-BF16 tiles, each value split into bf16 hi + lo (matmul_amx.c).
/// 1 when this CPU has AMX-BF16 and Linux granted the process its tile state.
int llk_amx_available(void);
/// Bytes of `rows` f32 weight rows of n values packed into hi/lo tiles.
size_t llk_bf16x2_packed_size(int64_t n, int64_t rows);
/// Packs row blocks [nb0, nb1) (16 rows each) of w (rows w_stride floats apart) into dst, the
/// start of a buffer of llk_bf16x2_packed_size bytes.
void llk_bf16x2_pack(const float *w, int64_t w_stride, int64_t n, int64_t rows, int64_t nb0,
                     int64_t nb1, void *dst);
/// Bytes of ncols activation rows of n values as bf16 hi and lo rows.
size_t llk_bf16x2_activation_size(int64_t n, int64_t ncols);
/// Splits ncols rows of n floats (x_stride apart) into bf16 hi and lo rows.
void llk_bf16x2_activations(const float *x, int64_t x_stride, int64_t n, int64_t ncols, void *dst);
/// y[c * y_stride + r] for rows r < rows of row blocks [nb0, nb1) and columns c < ncols, from
/// packed weights and split activations, on AMX tiles. Returns -1 without AMX.
int llk_mul_mat_bf16x2(int64_t n, const void *w, int64_t nb0, int64_t nb1, const void *a,
                       int64_t ncols, float *y, int64_t y_stride, int64_t rows);
/// Reference twin of llk_mul_mat_bf16x2: the same three bf16 products, summed in double.
void llk_mul_mat_bf16x2_ref(int64_t n, const void *w, int64_t nb0, int64_t nb1, const void *a,
                            int64_t ncols, float *y, int64_t y_stride, int64_t rows);
/// Bytes of `rows` q8_0 weight rows of n values (a multiple of 32) as q tiles with their
/// scales (0 when n is not a multiple of 32).
size_t llk_q8_tiles_size(int64_t n, int64_t rows);
/// Packs row blocks [nb0, nb1) of q8_0 rows (row_bytes apart) into dst, the start of a buffer
/// of llk_q8_tiles_size bytes. Returns 0 or -1.
int llk_q8_tiles_pack(const void *src, size_t row_bytes, int64_t n, int64_t rows, int64_t nb0,
                      int64_t nb1, void *dst);
/// As llk_mul_mat_bf16x2, for q8 tiles (exact weights) and split activations.
int llk_mul_mat_q8_tiles(int64_t n, const void *w, int64_t nb0, int64_t nb1, const void *a,
                         int64_t ncols, float *y, int64_t y_stride, int64_t rows);
/// Reference twin of llk_mul_mat_q8_tiles: sums in double.
void llk_mul_mat_q8_tiles_ref(int64_t n, const void *w, int64_t nb0, int64_t nb1, const void *a,
                              int64_t ncols, float *y, int64_t y_stride, int64_t rows);
