// Portable dot products of a weight row against an activation row, in the activation format
// llama.cpp pairs with each weight type (float, q8_0, q8_1, q8_K). Integer sums per block,
// one float multiply per (sub-)block. Included twice: dot_plain.c compiles it for any x86-64
// CPU, dot_avx2_generic.c under an AVX2 target so the compiler vectorises the same loops.
// LLK_NAME(x) gives each copy its own suffix.
#include "blocks.h"

static float LLK_NAME(dot_f32)(int64_t n, const void *vw, const void *va) {
    const float *w = vw, *a = va;
    float s[8] = {0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; k++) s[k] += w[i + k] * a[i + k];
    float sum = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    for (; i < n; i++) sum += w[i] * a[i];
    return sum;
}

static float LLK_NAME(dot_f16)(int64_t n, const void *vw, const void *va) {
    const llk_half *w = vw;
    const float *a = va;
    float s[8] = {0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; k++) s[k] += llk_h2f(w[i + k]) * a[i + k];
    float sum = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    for (; i < n; i++) sum += llk_h2f(w[i]) * a[i];
    return sum;
}

static float LLK_NAME(dot_bf16)(int64_t n, const void *vw, const void *va) {
    const llk_bf16 *w = vw;
    const float *a = va;
    float s[8] = {0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; k++) s[k] += llk_bf2f(w[i + k]) * a[i + k];
    float sum = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    for (; i < n; i++) sum += llk_bf2f(w[i]) * a[i];
    return sum;
}

static float LLK_NAME(dot_q8_0)(int64_t n, const void *vw, const void *va) {
    const block_q8_0 *x = vw, *y = va;
    float sum = 0;
    for (int64_t i = 0; i < n / QK8_0; i++) {
        int isum = 0;
        for (int j = 0; j < QK8_0; j++) isum += x[i].qs[j] * y[i].qs[j];
        sum += (llk_h2f(x[i].d) * llk_h2f(y[i].d)) * (float)isum;
    }
    return sum;
}

static float LLK_NAME(dot_q4_0)(int64_t n, const void *vw, const void *va) {
    const block_q4_0 *x = vw;
    const block_q8_0 *y = va;
    float sum = 0;
    for (int64_t i = 0; i < n / QK4_0; i++) {
        int isum = 0;
        for (int j = 0; j < QK4_0 / 2; j++) {
            isum += ((x[i].qs[j] & 0x0F) - 8) * y[i].qs[j];
            isum += ((x[i].qs[j] >> 4) - 8) * y[i].qs[j + QK4_0 / 2];
        }
        sum += (llk_h2f(x[i].d) * llk_h2f(y[i].d)) * (float)isum;
    }
    return sum;
}

static float LLK_NAME(dot_q4_1)(int64_t n, const void *vw, const void *va) {
    const block_q4_1 *x = vw;
    const block_q8_1 *y = va;
    float sum = 0;
    for (int64_t i = 0; i < n / QK4_1; i++) {
        int isum = 0;
        for (int j = 0; j < QK4_1 / 2; j++) {
            isum += (x[i].qs[j] & 0x0F) * y[i].qs[j];
            isum += (x[i].qs[j] >> 4) * y[i].qs[j + QK4_1 / 2];
        }
        sum += (llk_h2f(x[i].d) * y[i].d) * (float)isum + llk_h2f(x[i].m) * y[i].s;
    }
    return sum;
}

static float LLK_NAME(dot_q5_0)(int64_t n, const void *vw, const void *va) {
    const block_q5_0 *x = vw;
    const block_q8_0 *y = va;
    float sum = 0;
    for (int64_t i = 0; i < n / QK5_0; i++) {
        uint32_t qh;
        memcpy(&qh, x[i].qh, 4);
        int isum = 0;
        for (int j = 0; j < QK5_0 / 2; j++) {
            const int h0 = ((qh >> j) << 4) & 0x10, h1 = (qh >> (j + 12)) & 0x10;
            isum += (((x[i].qs[j] & 0x0F) | h0) - 16) * y[i].qs[j];
            isum += (((x[i].qs[j] >> 4) | h1) - 16) * y[i].qs[j + QK5_0 / 2];
        }
        sum += (llk_h2f(x[i].d) * llk_h2f(y[i].d)) * (float)isum;
    }
    return sum;
}

static float LLK_NAME(dot_q5_1)(int64_t n, const void *vw, const void *va) {
    const block_q5_1 *x = vw;
    const block_q8_1 *y = va;
    float sum = 0;
    for (int64_t i = 0; i < n / QK5_1; i++) {
        uint32_t qh;
        memcpy(&qh, x[i].qh, 4);
        int isum = 0;
        for (int j = 0; j < QK5_1 / 2; j++) {
            const int h0 = ((qh >> j) << 4) & 0x10, h1 = (qh >> (j + 12)) & 0x10;
            isum += ((x[i].qs[j] & 0x0F) | h0) * y[i].qs[j];
            isum += ((x[i].qs[j] >> 4) | h1) * y[i].qs[j + QK5_1 / 2];
        }
        sum += (llk_h2f(x[i].d) * y[i].d) * (float)isum + llk_h2f(x[i].m) * y[i].s;
    }
    return sum;
}

/// Sum over groups of 16 of scale[g] * <aux, q8> for a 256-value block.
static inline int LLK_NAME(sum16)(const int8_t *aux, const int8_t *q8, const int8_t *scales) {
    int total = 0;
    for (int g = 0; g < 16; g++) {
        int s = 0;
        for (int l = 0; l < 16; l++) s += aux[16 * g + l] * q8[16 * g + l];
        total += scales[g] * s;
    }
    return total;
}

static float LLK_NAME(dot_q2_K)(int64_t n, const void *vw, const void *va) {
    const block_q2_K *x = vw;
    const block_q8_K *y = va;
    float sum = 0;
    for (int64_t i = 0; i < n / QK_K; i++) {
        int8_t aux[QK_K], scales[16];
        int summs = 0;
        for (int g = 0; g < 16; g++) {
            scales[g] = (int8_t)(x[i].scales[g] & 0xF);
            summs += (x[i].scales[g] >> 4) * y[i].bsums[g];
        }
        int8_t *a = aux;
        for (int n128 = 0; n128 < 2; n128++)
            for (int shift = 0; shift < 8; shift += 2)
                for (int l = 0; l < 32; l++) *a++ = (int8_t)((x[i].qs[32 * n128 + l] >> shift) & 3);
        const int isum = LLK_NAME(sum16)(aux, y[i].qs, scales);
        sum += y[i].d * llk_h2f(x[i].d) * (float)isum - y[i].d * llk_h2f(x[i].dmin) * (float)summs;
    }
    return sum;
}

static float LLK_NAME(dot_q3_K)(int64_t n, const void *vw, const void *va) {
    const block_q3_K *x = vw;
    const block_q8_K *y = va;
    float sum = 0;
    for (int64_t i = 0; i < n / QK_K; i++) {
        int8_t aux[QK_K], scales[16];
        llk_q3_K_scales(x[i].scales, scales);
        int8_t *a = aux;
        uint8_t m = 1;
        for (int n128 = 0; n128 < 2; n128++)
            for (int shift = 0; shift < 8; shift += 2, m <<= 1)
                for (int l = 0; l < 32; l++)
                    *a++ = (int8_t)(((x[i].qs[32 * n128 + l] >> shift) & 3)
                                    - ((x[i].hmask[l] & m) ? 0 : 4));
        const int isum = LLK_NAME(sum16)(aux, y[i].qs, scales);
        sum += y[i].d * llk_h2f(x[i].d) * (float)isum;
    }
    return sum;
}

/// q4_K and q5_K share scales/mins: 8 sub-blocks of 32.
static inline float LLK_NAME(finish_k4)(const uint8_t *packed, const int8_t *aux,
                                        const block_q8_K *y, float d, float dmin) {
    int isum = 0, summs = 0;
    for (int j = 0; j < 8; j++) {
        uint8_t sc, m;
        llk_scale_min_k4(j, packed, &sc, &m);
        int s = 0;
        for (int l = 0; l < 32; l++) s += aux[32 * j + l] * y->qs[32 * j + l];
        isum += sc * s;
        summs += m * (y->bsums[2 * j] + y->bsums[2 * j + 1]);
    }
    return y->d * d * (float)isum - y->d * dmin * (float)summs;
}

static float LLK_NAME(dot_q4_K)(int64_t n, const void *vw, const void *va) {
    const block_q4_K *x = vw;
    const block_q8_K *y = va;
    float sum = 0;
    for (int64_t i = 0; i < n / QK_K; i++) {
        int8_t aux[QK_K];
        for (int j = 0; j < 4; j++)
            for (int l = 0; l < 32; l++) {
                aux[64 * j + l] = (int8_t)(x[i].qs[32 * j + l] & 0xF);
                aux[64 * j + 32 + l] = (int8_t)(x[i].qs[32 * j + l] >> 4);
            }
        sum += LLK_NAME(finish_k4)(x[i].scales, aux, &y[i], llk_h2f(x[i].d), llk_h2f(x[i].dmin));
    }
    return sum;
}

static float LLK_NAME(dot_q5_K)(int64_t n, const void *vw, const void *va) {
    const block_q5_K *x = vw;
    const block_q8_K *y = va;
    float sum = 0;
    for (int64_t i = 0; i < n / QK_K; i++) {
        int8_t aux[QK_K];
        for (int j = 0; j < 4; j++) {
            const uint8_t u1 = (uint8_t)(1 << (2 * j)), u2 = (uint8_t)(2 << (2 * j));
            for (int l = 0; l < 32; l++) {
                aux[64 * j + l] = (int8_t)((x[i].qs[32 * j + l] & 0xF) + (x[i].qh[l] & u1 ? 16 : 0));
                aux[64 * j + 32 + l] = (int8_t)((x[i].qs[32 * j + l] >> 4) + (x[i].qh[l] & u2 ? 16 : 0));
            }
        }
        sum += LLK_NAME(finish_k4)(x[i].scales, aux, &y[i], llk_h2f(x[i].d), llk_h2f(x[i].dmin));
    }
    return sum;
}

static float LLK_NAME(dot_q6_K)(int64_t n, const void *vw, const void *va) {
    const block_q6_K *x = vw;
    const block_q8_K *y = va;
    float sum = 0;
    for (int64_t i = 0; i < n / QK_K; i++) {
        int8_t aux[QK_K];
        const uint8_t *ql = x[i].ql, *qh = x[i].qh;
        for (int c = 0; c < 2; c++, ql += 64, qh += 32)
            for (int l = 0; l < 32; l++) {
                aux[128 * c + l] = (int8_t)(((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32);
                aux[128 * c + l + 32] = (int8_t)(((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32);
                aux[128 * c + l + 64] = (int8_t)(((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32);
                aux[128 * c + l + 96] = (int8_t)(((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32);
            }
        const int isum = LLK_NAME(sum16)(aux, y[i].qs, x[i].scales);
        sum += y[i].d * llk_h2f(x[i].d) * (float)isum;
    }
    return sum;
}

/// Fills `table` (indexed by ggml type) with this copy's kernels.
static void LLK_NAME(fill)(llk_dot_fn *table) {
    table[LLK_F32] = LLK_NAME(dot_f32);
    table[LLK_F16] = LLK_NAME(dot_f16);
    table[LLK_BF16] = LLK_NAME(dot_bf16);
    table[LLK_Q8_0] = LLK_NAME(dot_q8_0);
    table[LLK_Q4_0] = LLK_NAME(dot_q4_0);
    table[LLK_Q4_1] = LLK_NAME(dot_q4_1);
    table[LLK_Q5_0] = LLK_NAME(dot_q5_0);
    table[LLK_Q5_1] = LLK_NAME(dot_q5_1);
    table[LLK_Q2_K] = LLK_NAME(dot_q2_K);
    table[LLK_Q3_K] = LLK_NAME(dot_q3_K);
    table[LLK_Q4_K] = LLK_NAME(dot_q4_K);
    table[LLK_Q5_K] = LLK_NAME(dot_q5_K);
    table[LLK_Q6_K] = LLK_NAME(dot_q6_K);
}
