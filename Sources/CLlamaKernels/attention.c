// The two float loops of scaled dot-product attention for one head: scores of a query against
// transposed keys, and the softmax-weighted sum of value rows. The same plain C is compiled
// for baseline x86-64, AVX2+FMA and AVX-512 (the compiler vectorises the inner loops over
// keys / value columns) and chosen per call like the dot kernels; `_ref` twins sum in double.
#include "CLlamaKernels.h"

// Blocks of TILE keys (or value columns) accumulate in a local array of constant size, which
// the compiler keeps in vector registers across the whole reduction.
#define TILE 32

#define ATTENTION_BODIES(SUFFIX)                                                              \
    static void scores_##SUFFIX(const float *restrict q, const float *restrict kt, int64_t dim, \
                                int64_t count, float scale, float *restrict out) {            \
        int64_t j0 = 0;                                                                       \
        for (; j0 + TILE <= count; j0 += TILE) {                                              \
            float acc[TILE] = {0};                                                            \
            for (int64_t d = 0; d < dim; d++) {                                               \
                const float qd = q[d];                                                        \
                const float *restrict row = kt + d * count + j0;                              \
                for (int j = 0; j < TILE; j++) acc[j] += qd * row[j];                         \
            }                                                                                 \
            for (int j = 0; j < TILE; j++) out[j0 + j] = acc[j] * scale;                      \
        }                                                                                     \
        for (int64_t j = j0; j < count; j++) out[j] = 0;                                      \
        for (int64_t d = 0; d < dim && j0 < count; d++) {                                     \
            const float qd = q[d];                                                            \
            const float *restrict row = kt + d * count;                                       \
            for (int64_t j = j0; j < count; j++) out[j] += qd * row[j];                       \
        }                                                                                     \
        for (int64_t j = j0; j < count; j++) out[j] *= scale;                                 \
    }                                                                                         \
    static void weighted_sum_##SUFFIX(const float *restrict w, int64_t count,                 \
                                      const float *restrict v, int64_t stride, int64_t width, \
                                      float *restrict out) {                                  \
        int64_t c0 = 0;                                                                       \
        for (; c0 + TILE <= width; c0 += TILE) {                                              \
            float acc[TILE] = {0};                                                            \
            for (int64_t j = 0; j < count; j++) {                                             \
                const float wj = w[j];                                                        \
                const float *restrict row = v + j * stride + c0;                              \
                for (int c = 0; c < TILE; c++) acc[c] += wj * row[c];                         \
            }                                                                                 \
            for (int c = 0; c < TILE; c++) out[c0 + c] = acc[c];                              \
        }                                                                                     \
        for (int64_t c = c0; c < width; c++) {                                                \
            float sum = 0;                                                                    \
            for (int64_t j = 0; j < count; j++) sum += w[j] * v[j * stride + c];              \
            out[c] = sum;                                                                     \
        }                                                                                     \
    }

ATTENTION_BODIES(plain)

#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
ATTENTION_BODIES(avx2)
#pragma clang attribute pop
#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512vl,avx2,fma"))), \
                             apply_to = function)
ATTENTION_BODIES(avx512)
#pragma clang attribute pop
#endif

static int isa_for(int isa) {
    const int best = llk_best_isa();
    return isa < 0 || isa > best ? best : isa;
}

void llk_attn_scores(int isa, const float *q, const float *kt, int64_t dim, int64_t count,
                     float scale, float *out) {
    switch (isa_for(isa)) {
#if defined(__x86_64__)
    case LLK_ISA_AVX512: scores_avx512(q, kt, dim, count, scale, out); return;
    case LLK_ISA_AVX2: scores_avx2(q, kt, dim, count, scale, out); return;
#endif
    default: scores_plain(q, kt, dim, count, scale, out); return;
    }
}

void llk_attn_weighted_sum(int isa, const float *w, int64_t count, const float *v,
                           int64_t stride, int64_t width, float *out) {
    switch (isa_for(isa)) {
#if defined(__x86_64__)
    case LLK_ISA_AVX512: weighted_sum_avx512(w, count, v, stride, width, out); return;
    case LLK_ISA_AVX2: weighted_sum_avx2(w, count, v, stride, width, out); return;
#endif
    default: weighted_sum_plain(w, count, v, stride, width, out); return;
    }
}

void llk_attn_scores_ref(const float *q, const float *kt, int64_t dim, int64_t count,
                         float scale, float *out) {
    for (int64_t j = 0; j < count; j++) {
        double sum = 0;
        for (int64_t d = 0; d < dim; d++) sum += (double)q[d] * (double)kt[d * count + j];
        out[j] = (float)(sum * scale);
    }
}

void llk_attn_weighted_sum_ref(const float *w, int64_t count, const float *v, int64_t stride,
                               int64_t width, float *out) {
    for (int64_t c = 0; c < width; c++) {
        double sum = 0;
        for (int64_t j = 0; j < count; j++) sum += (double)w[j] * (double)v[j * stride + c];
        out[c] = (float)sum;
    }
}
