// Reference quantisers, operation for operation as ggml-quants.c's quantize_row_*_ref, so a
// tensor we quantise is byte-identical to llama.cpp's / gguf-py's. Contraction is off for the
// same reason as in dequantize.c.
#include <float.h>
#include <math.h>

#include "CLlamaKernels.h"
#include "blocks.h"

#pragma clang fp contract(off)

/// The value of largest magnitude in x[0..<n] (the first one on ties), and its magnitude.
static float signed_absmax(const float *x, int n, float *amax_out) {
    float amax = 0.0f, max = 0.0f;
    for (int j = 0; j < n; j++) {
        const float v = x[j];
        if (amax < fabsf(v)) {
            amax = fabsf(v);
            max = v;
        }
    }
    *amax_out = amax;
    return max;
}

static void min_max(const float *x, int n, float *min_out, float *max_out) {
    float min = FLT_MAX, max = -FLT_MAX;
    for (int j = 0; j < n; j++) {
        if (x[j] < min) min = x[j];
        if (x[j] > max) max = x[j];
    }
    *min_out = min;
    *max_out = max;
}

static void q_q4_0(const float *x, block_q4_0 *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++, x += QK4_0) {
        float amax;
        const float max = signed_absmax(x, QK4_0, &amax);
        const float d = max / -8;
        const float id = d ? 1.0f / d : 0.0f;
        y[i].d = llk_f2h(d);
        for (int j = 0; j < QK4_0 / 2; j++) {
            const float x0 = x[j] * id, x1 = x[QK4_0 / 2 + j] * id;
            int8_t a = (int8_t)(x0 + 8.5f), b = (int8_t)(x1 + 8.5f);
            const uint8_t xi0 = a < 15 ? a : 15, xi1 = b < 15 ? b : 15;
            y[i].qs[j] = xi0 | (uint8_t)(xi1 << 4);
        }
    }
}

static void q_q4_1(const float *x, block_q4_1 *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++, x += QK4_1) {
        float min, max;
        min_max(x, QK4_1, &min, &max);
        const float d = (max - min) / ((1 << 4) - 1);
        const float id = d ? 1.0f / d : 0.0f;
        y[i].d = llk_f2h(d);
        y[i].m = llk_f2h(min);
        for (int j = 0; j < QK4_1 / 2; j++) {
            const float x0 = (x[j] - min) * id, x1 = (x[QK4_1 / 2 + j] - min) * id;
            int8_t a = (int8_t)(x0 + 0.5f), b = (int8_t)(x1 + 0.5f);
            const uint8_t xi0 = a < 15 ? a : 15, xi1 = b < 15 ? b : 15;
            y[i].qs[j] = xi0 | (uint8_t)(xi1 << 4);
        }
    }
}

static void q_q5_0(const float *x, block_q5_0 *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++, x += QK5_0) {
        float amax;
        const float max = signed_absmax(x, QK5_0, &amax);
        const float d = max / -16;
        const float id = d ? 1.0f / d : 0.0f;
        y[i].d = llk_f2h(d);
        uint32_t qh = 0;
        for (int j = 0; j < QK5_0 / 2; j++) {
            const float x0 = x[j] * id, x1 = x[QK5_0 / 2 + j] * id;
            int8_t a = (int8_t)(x0 + 16.5f), b = (int8_t)(x1 + 16.5f);
            const uint8_t xi0 = a < 31 ? a : 31, xi1 = b < 31 ? b : 31;
            y[i].qs[j] = (xi0 & 0x0F) | (uint8_t)((xi1 & 0x0F) << 4);
            qh |= ((xi0 & 0x10u) >> 4) << (j + 0);
            qh |= ((xi1 & 0x10u) >> 4) << (j + QK5_0 / 2);
        }
        memcpy(y[i].qh, &qh, 4);
    }
}

static void q_q5_1(const float *x, block_q5_1 *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++, x += QK5_1) {
        float min, max;
        min_max(x, QK5_1, &min, &max);
        const float d = (max - min) / ((1 << 5) - 1);
        const float id = d ? 1.0f / d : 0.0f;
        y[i].d = llk_f2h(d);
        y[i].m = llk_f2h(min);
        uint32_t qh = 0;
        for (int j = 0; j < QK5_1 / 2; j++) {
            const float x0 = (x[j] - min) * id, x1 = (x[QK5_1 / 2 + j] - min) * id;
            uint8_t a = (uint8_t)(x0 + 0.5f), b = (uint8_t)(x1 + 0.5f);
            const uint8_t xi0 = a < 31 ? a : 31, xi1 = b < 31 ? b : 31;
            y[i].qs[j] = (xi0 & 0x0F) | (uint8_t)((xi1 & 0x0F) << 4);
            qh |= ((xi0 & 0x10u) >> 4) << (j + 0);
            qh |= ((xi1 & 0x10u) >> 4) << (j + QK5_1 / 2);
        }
        memcpy(y[i].qh, &qh, 4);
    }
}

void llk_quantize_q8_0_ref(const float *x, void *vy, int64_t n) {
    block_q8_0 *y = vy;
    for (int64_t i = 0; i < n / QK8_0; i++, x += QK8_0) {
        float amax;
        signed_absmax(x, QK8_0, &amax);
        const float d = amax / ((1 << 7) - 1);
        const float id = d ? 1.0f / d : 0.0f;
        y[i].d = llk_f2h(d);
        for (int j = 0; j < QK8_0; j++) y[i].qs[j] = (int8_t)roundf(x[j] * id);
    }
}

void llk_quantize_q8_1_ref(const float *x, void *vy, int64_t n) {
    block_q8_1 *y = vy;
    for (int64_t i = 0; i < n / QK8_1; i++, x += QK8_1) {
        float amax;
        signed_absmax(x, QK8_1, &amax);
        const float d = amax / ((1 << 7) - 1);
        const float id = d ? 1.0f / d : 0.0f;
        int sum = 0;
        for (int j = 0; j < QK8_1; j++) {
            y[i].qs[j] = (int8_t)roundf(x[j] * id);
            sum += y[i].qs[j];
        }
        y[i].d = d;
        y[i].s = sum * d;
    }
}

void llk_quantize_q8_K_ref(const float *x, void *vy, int64_t n) {
    block_q8_K *y = vy;
    for (int64_t i = 0; i < n / QK_K; i++, x += QK_K) {
        float amax;
        const float max = signed_absmax(x, QK_K, &amax);
        if (amax == 0.0f) {
            memset(&y[i], 0, sizeof(block_q8_K));
            continue;
        }
        const float iscale = -127.f / max;
        for (int j = 0; j < QK_K; j++) {
            const int v = (int)lrintf(iscale * x[j]);
            y[i].qs[j] = (int8_t)(v < 127 ? v : 127);
        }
        for (int j = 0; j < QK_K / 16; j++) {
            int sum = 0;
            for (int l = 0; l < 16; l++) sum += y[i].qs[j * 16 + l];
            y[i].bsums[j] = (int16_t)sum;
        }
        y[i].d = 1 / iscale;
    }
}

int llk_quantize(uint32_t type, const float *src, void *dst, int64_t n) {
    switch (type) {
    case LLK_F32: memcpy(dst, src, (size_t)n * 4); return 0;
    case LLK_F16: {
        llk_half *h = dst;
        for (int64_t i = 0; i < n; i++) h[i] = llk_f2h(src[i]);
        return 0;
    }
    case LLK_BF16: {
        llk_bf16 *h = dst;
        for (int64_t i = 0; i < n; i++) h[i] = llk_f2bf(src[i]);
        return 0;
    }
    case LLK_Q4_0: q_q4_0(src, dst, n / QK4_0); return 0;
    case LLK_Q4_1: q_q4_1(src, dst, n / QK4_1); return 0;
    case LLK_Q5_0: q_q5_0(src, dst, n / QK5_0); return 0;
    case LLK_Q5_1: q_q5_1(src, dst, n / QK5_1); return 0;
    case LLK_Q8_0: llk_quantize_q8_0_ref(src, dst, n); return 0;
    case LLK_Q8_1: llk_quantize_q8_1_ref(src, dst, n); return 0;
    case LLK_Q8_K: llk_quantize_q8_K_ref(src, dst, n); return 0;
    default: return -1;
    }
}
