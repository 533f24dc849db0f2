// Block layouts of ggml's quantized types, bit for bit as ggml-common.h defines them
// (little-endian, packed, no padding). QK = values per block.
#pragma once
#include <stdint.h>
#include <math.h>
#include <string.h>

#define QK4_0 32
#define QK4_1 32
#define QK5_0 32
#define QK5_1 32
#define QK8_0 32
#define QK8_1 32
#define QK_K 256
#define K_SCALE_SIZE 12

typedef uint16_t llk_half;  // IEEE binary16 bits
typedef uint16_t llk_bf16;  // bfloat16 bits

typedef struct { llk_half d; uint8_t qs[QK4_0 / 2]; } block_q4_0;                   // 18
typedef struct { llk_half d, m; uint8_t qs[QK4_1 / 2]; } block_q4_1;                // 20
typedef struct { llk_half d; uint8_t qh[4]; uint8_t qs[QK5_0 / 2]; } block_q5_0;    // 22
typedef struct { llk_half d, m; uint8_t qh[4]; uint8_t qs[QK5_1 / 2]; } block_q5_1; // 24
typedef struct { llk_half d; int8_t qs[QK8_0]; } block_q8_0;                         // 34
// Activations for q4_1/q5_1, s = d * sum(qs). Internal only, so d and s are f32 (ggml's
// current block_q8_1 rounds them to f16, which costs accuracy in the m * s term).
typedef struct { float d, s; int8_t qs[QK8_1]; } block_q8_1;                         // 40

typedef struct {
    uint8_t scales[QK_K / 16];  // 4-bit scale | 4-bit min per 16 values
    uint8_t qs[QK_K / 4];       // 2-bit quants
    llk_half d, dmin;
} block_q2_K;  // 84
typedef struct {
    uint8_t hmask[QK_K / 8];  // high bit of the 3-bit quants
    uint8_t qs[QK_K / 4];     // low 2 bits
    uint8_t scales[12];       // 6-bit scales, packed
    llk_half d;
} block_q3_K;  // 110
typedef struct {
    llk_half d, dmin;
    uint8_t scales[K_SCALE_SIZE];  // 6-bit scales and mins, packed
    uint8_t qs[QK_K / 2];
} block_q4_K;  // 144
typedef struct {
    llk_half d, dmin;
    uint8_t scales[K_SCALE_SIZE];
    uint8_t qh[QK_K / 8];
    uint8_t qs[QK_K / 2];
} block_q5_K;  // 176
typedef struct {
    uint8_t ql[QK_K / 2];
    uint8_t qh[QK_K / 4];
    int8_t scales[QK_K / 16];
    llk_half d;
} block_q6_K;  // 210
typedef struct {
    float d;
    int8_t qs[QK_K];
    int16_t bsums[QK_K / 16];  // sum of each group of 16 quants
} block_q8_K;  // 292

// Interleaved weights and summed activations for the repacked kernels (see repack.c).
typedef struct { llk_half d[8]; uint8_t qs[128]; } block_q4_0x8;  // 144
typedef struct { llk_half d[8]; uint8_t qs[256]; } block_q8_0x8;  // 272
typedef struct { float d; int32_t sum; int8_t qs[32]; } block_q8_0s;  // 40, d rounded to f16

_Static_assert(sizeof(block_q4_0x8) == 144, "q4_0x8");
_Static_assert(sizeof(block_q8_0x8) == 272, "q8_0x8");
_Static_assert(sizeof(block_q4_0) == 18, "q4_0");
_Static_assert(sizeof(block_q4_1) == 20, "q4_1");
_Static_assert(sizeof(block_q5_0) == 22, "q5_0");
_Static_assert(sizeof(block_q5_1) == 24, "q5_1");
_Static_assert(sizeof(block_q8_0) == 34, "q8_0");
_Static_assert(sizeof(block_q8_1) == 40, "q8_1");
_Static_assert(sizeof(block_q2_K) == 84, "q2_K");
_Static_assert(sizeof(block_q3_K) == 110, "q3_K");
_Static_assert(sizeof(block_q4_K) == 144, "q4_K");
_Static_assert(sizeof(block_q5_K) == 176, "q5_K");
_Static_assert(sizeof(block_q6_K) == 210, "q6_K");
_Static_assert(sizeof(block_q8_K) == 292, "q8_K");

// ggml type numbers (enum ggml_type).
enum {
    LLK_F32 = 0, LLK_F16 = 1, LLK_Q4_0 = 2, LLK_Q4_1 = 3, LLK_Q5_0 = 6, LLK_Q5_1 = 7,
    LLK_Q8_0 = 8, LLK_Q8_1 = 9, LLK_Q2_K = 10, LLK_Q3_K = 11, LLK_Q4_K = 12, LLK_Q5_K = 13,
    LLK_Q6_K = 14, LLK_Q8_K = 15, LLK_BF16 = 30,
};

typedef float (*llk_dot_fn)(int64_t n, const void *w, const void *a);

// Exact conversions (round to nearest even), hardware F16C where the caller's target has it.
static inline float llk_h2f(llk_half h) {
    _Float16 v;
    memcpy(&v, &h, 2);
    return (float)v;
}
static inline llk_half llk_f2h(float f) {
    _Float16 v = (_Float16)f;
    llk_half h;
    memcpy(&h, &v, 2);
    return h;
}
static inline float llk_bf2f(llk_bf16 h) {
    uint32_t u = (uint32_t)h << 16;
    float f;
    memcpy(&f, &u, 4);
    return f;
}
// As ggml_compute_fp32_to_bf16: NaN made quiet, otherwise round to nearest even.
static inline llk_bf16 llk_f2bf(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    if ((u & 0x7fffffff) > 0x7f800000) return (llk_bf16)((u >> 16) | 64);
    return (llk_bf16)((u + (0x7fff + ((u >> 16) & 1))) >> 16);
}

// The 6-bit scale and min of sub-block j of a q4_K / q5_K block.
static inline void llk_scale_min_k4(int j, const uint8_t *q, uint8_t *d, uint8_t *m) {
    if (j < 4) {
        *d = q[j] & 63;
        *m = q[j + 4] & 63;
    } else {
        *d = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
        *m = (q[j + 4] >> 4) | ((q[j - 0] >> 6) << 4);
    }
}

/// The sixteen 6-bit scales of a q3_K block, unpacked and re-centred (as ggml does).
static inline void llk_q3_K_scales(const uint8_t *packed, int8_t *scales) {
    const uint32_t kmask1 = 0x03030303, kmask2 = 0x0f0f0f0f;
    uint32_t aux[4];
    memcpy(aux, packed, 12);
    const uint32_t tmp = aux[2];
    aux[2] = ((aux[0] >> 4) & kmask2) | (((tmp >> 4) & kmask1) << 4);
    aux[3] = ((aux[1] >> 4) & kmask2) | (((tmp >> 6) & kmask1) << 4);
    aux[0] = (aux[0] & kmask2) | (((tmp >> 0) & kmask1) << 4);
    aux[1] = (aux[1] & kmask2) | (((tmp >> 2) & kmask1) << 4);
    memcpy(scales, aux, 16);
    for (int k = 0; k < 16; k++) scales[k] = (int8_t)(scales[k] - 32);
}

