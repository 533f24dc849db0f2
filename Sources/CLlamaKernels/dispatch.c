// Chooses the kernel set for this CPU once (at load time) and runs products over row ranges.
#include <stdlib.h>

#include "CLlamaKernels.h"
#include "kernels.h"

static llk_dot_fn tables[3][LLK_TYPE_COUNT];
static int best_isa = LLK_ISA_PLAIN;

__attribute__((constructor)) static void llk_init(void) {
    llk_fill_plain(tables[LLK_ISA_PLAIN]);
    llk_fill_plain(tables[LLK_ISA_AVX2]);
    llk_fill_plain(tables[LLK_ISA_AVX512]);
#if defined(__x86_64__)
    __builtin_cpu_init();
    const int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")
        && __builtin_cpu_supports("f16c");
    const int avx512 = avx2 && __builtin_cpu_supports("avx512f")
        && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl")
        && __builtin_cpu_supports("avx512vnni");
    if (avx2) {
        llk_fill_avx2(tables[LLK_ISA_AVX2]);
        llk_fill_avx2(tables[LLK_ISA_AVX512]);
        best_isa = LLK_ISA_AVX2;
    }
    if (avx512) {
        llk_fill_avx512(tables[LLK_ISA_AVX512]);
        best_isa = LLK_ISA_AVX512;
    }
#endif
}

int llk_best_isa(void) { return best_isa; }

static llk_dot_fn dot_for(int isa, uint32_t type) {
    if (isa < 0 || isa > best_isa) isa = best_isa;
    return type < LLK_TYPE_COUNT ? tables[isa][type] : NULL;
}

uint32_t llk_activation_type(uint32_t type) {
    switch (type) {
    case LLK_F32: case LLK_F16: case LLK_BF16: return LLK_F32;
    case LLK_Q4_0: case LLK_Q5_0: case LLK_Q8_0: return LLK_Q8_0;
    case LLK_Q4_1: case LLK_Q5_1: return LLK_Q8_1;
    case LLK_Q2_K: case LLK_Q3_K: case LLK_Q4_K: case LLK_Q5_K: case LLK_Q6_K: return LLK_Q8_K;
    default: return UINT32_MAX;
    }
}

size_t llk_activation_row_size(uint32_t type, int64_t n) {
    switch (llk_activation_type(type)) {
    case LLK_F32: return (size_t)n * 4;
    case LLK_Q8_0: return (size_t)(n / QK8_0) * sizeof(block_q8_0);
    case LLK_Q8_1: return (size_t)(n / QK8_1) * sizeof(block_q8_1);
    case LLK_Q8_K: return (size_t)(n / QK_K) * sizeof(block_q8_K);
    default: return 0;
    }
}

int llk_quantize_activation(uint32_t type, const float *x, void *a, int64_t n) {
    const uint32_t at = llk_activation_type(type);
    return at == UINT32_MAX ? -1 : llk_quantize(at, x, a, n);
}

int llk_supports_dot(uint32_t type) { return dot_for(-1, type) != NULL; }

float llk_vec_dot(int isa, uint32_t type, int64_t n, const void *w, const void *a) {
    return dot_for(isa, type)(n, w, a);
}

float llk_vec_dot_ref(uint32_t type, int64_t n, const void *w, const void *a) {
    float *fw = malloc((size_t)n * sizeof(float)), *fa = malloc((size_t)n * sizeof(float));
    double sum = 0;
    const uint32_t at = llk_activation_type(type);
    if (fw && fa && llk_dequantize(type, w, fw, n) == 0) {
        if (at == LLK_Q8_1) {
            // q8_1 dequantises like q8_0 (its s field is a derived sum).
            const block_q8_1 *y = a;
            for (int64_t i = 0; i < n; i++) fa[i] = y[i / QK8_1].d * y[i / QK8_1].qs[i % QK8_1];
        } else {
            llk_dequantize(at, a, fa, n);
        }
        for (int64_t i = 0; i < n; i++) sum += (double)fw[i] * (double)fa[i];
    }
    free(fw);
    free(fa);
    return (float)sum;
}

void llk_mul_mat(int isa, uint32_t type, int64_t n, const void *w, size_t w_row_bytes,
                 int64_t r0, int64_t r1, const void *a, size_t a_row_bytes, int64_t ncols,
                 float *y, int64_t y_stride) {
#if defined(__x86_64__)
    // f32 on AVX2: all columns per group of four weight rows, so the weights stream once.
    const int f32_isa = isa < 0 || isa > best_isa ? best_isa : isa;
    if (type == LLK_F32 && f32_isa == LLK_ISA_AVX512) {
        llk_mul_mat_f32_avx512(n, w, (int64_t)(w_row_bytes / 4), r0, r1, a, (int64_t)(a_row_bytes / 4), ncols, y, y_stride);
        return;
    }
    if (type == LLK_F32 && f32_isa == LLK_ISA_AVX2) {
        llk_mul_mat_f32_avx2(n, w, (int64_t)(w_row_bytes / 4), r0, r1, a, (int64_t)(a_row_bytes / 4), ncols, y, y_stride);
        return;
    }
#endif
    const llk_dot_fn dot = dot_for(isa, type);
    const char *wb = w, *ab = a;
    // Tiles of 16 weight rows x 8 activation columns keep both in L1/L2 while they are reused.
    enum { ROWS = 16, COLS = 8 };
    for (int64_t c0 = 0; c0 < ncols; c0 += COLS) {
        const int64_t c1 = c0 + COLS < ncols ? c0 + COLS : ncols;
        for (int64_t rt = r0; rt < r1; rt += ROWS) {
            const int64_t rend = rt + ROWS < r1 ? rt + ROWS : r1;
            for (int64_t r = rt; r < rend; r++)
                for (int64_t c = c0; c < c1; c++)
                    y[c * y_stride + r] = dot(n, wb + (size_t)r * w_row_bytes, ab + (size_t)c * a_row_bytes);
        }
    }
}
