// Hand-written AVX2 kernels for the less common types: q4_1, q5_0, q5_1 (32-value blocks) and
// q2_K, q3_K, q5_K (256-value super-blocks). Same pairing as dot_generic.h, their reference:
// q8_0 activations for q5_0, our f32-scaled q8_1 for q4_1/q5_1, q8_K for the k-quants.
// Unsigned weight bytes meet signed activation bytes in maddubs directly; offsets (q5_0's -16,
// q3_K's -4) are applied either to the bytes (q5_0) or as a second maddubs (q3_K), and minima
// through the activation sums, as in llama.cpp's AVX2 kernels.
#include "CLlamaKernels.h"
#include "kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)

#include "avx2_common.h"

/// Eight int32 sums of u[i]*s[i] over 32 bytes, u unsigned (< 128 here), s signed.
static inline __m256i dot32_u8i8(__m256i u, __m256i s) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1));
}

/// Byte j is 0xFF when bit j of the 32-bit mask at p is set, else 0.
static inline __m256i bytes_from_bits(const uint8_t *p) {
    uint32_t bits;
    memcpy(&bits, p, 4);
    const __m256i spread = _mm256_shuffle_epi8(
        _mm256_set1_epi32((int)bits),
        _mm256_set_epi64x(0x0303030303030303, 0x0202020202020202, 0x0101010101010101, 0));
    const __m256i others = _mm256_or_si256(spread, _mm256_set1_epi64x(0x7fbfdfeff7fbfdfe));
    return _mm256_cmpeq_epi8(others, _mm256_set1_epi64x(-1));
}

/// Scale g for the low 16 bytes, scale g + 1 for the high 16, as int16 lanes for madd.
static inline __m256i scale_pair(int lo, int hi) {
    return _mm256_set_m128i(_mm_set1_epi16((short)hi), _mm_set1_epi16((short)lo));
}

static float dot_q4_1(int64_t n, const void *vw, const void *va) {
    const block_q4_1 *x = vw;
    const block_q8_1 *y = va;
    __m256 acc = _mm256_setzero_ps();
    float mins = 0;
    for (int64_t i = 0; i < n / QK4_1; i++) {
        const __m256i p = dot32_u8i8(llk_unpack_nibbles(x[i].qs), _mm256_loadu_si256((const __m256i *)y[i].qs));
        acc = _mm256_fmadd_ps(_mm256_set1_ps(llk_h2f(x[i].d) * y[i].d), _mm256_cvtepi32_ps(p), acc);
        mins += llk_h2f(x[i].m) * y[i].s;
    }
    return llk_hsum256(acc) + mins;
}

static float dot_q5_0(int64_t n, const void *vw, const void *va) {
    const block_q5_0 *x = vw;
    const block_q8_0 *y = va;
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / QK5_0; i++) {
        // nibble | 0xF0 where the fifth bit is clear is nibble - 16 as a signed byte.
        const __m256i high = _mm256_andnot_si256(bytes_from_bits(x[i].qh), _mm256_set1_epi8((char)0xF0));
        const __m256i q = _mm256_or_si256(llk_unpack_nibbles(x[i].qs), high);
        const __m256i qy = _mm256_loadu_si256((const __m256i *)y[i].qs);
        const __m256i p = dot32_u8i8(_mm256_sign_epi8(q, q), _mm256_sign_epi8(qy, q));
        acc = _mm256_fmadd_ps(_mm256_set1_ps(llk_h2f(x[i].d) * llk_h2f(y[i].d)), _mm256_cvtepi32_ps(p), acc);
    }
    return llk_hsum256(acc);
}

static float dot_q5_1(int64_t n, const void *vw, const void *va) {
    const block_q5_1 *x = vw;
    const block_q8_1 *y = va;
    __m256 acc = _mm256_setzero_ps();
    float mins = 0;
    for (int64_t i = 0; i < n / QK5_1; i++) {
        const __m256i high = _mm256_and_si256(bytes_from_bits(x[i].qh), _mm256_set1_epi8(0x10));
        const __m256i q = _mm256_or_si256(llk_unpack_nibbles(x[i].qs), high);
        const __m256i p = dot32_u8i8(q, _mm256_loadu_si256((const __m256i *)y[i].qs));
        acc = _mm256_fmadd_ps(_mm256_set1_ps(llk_h2f(x[i].d) * y[i].d), _mm256_cvtepi32_ps(p), acc);
        mins += llk_h2f(x[i].m) * y[i].s;
    }
    return llk_hsum256(acc) + mins;
}

/// q2_K · q8_K: 2-bit values (0..3) by maddubs, 4-bit scales per 16 values by madd, the
/// 4-bit minima through the activation block sums.
static float dot_q2_K(int64_t n, const void *vw, const void *va) {
    const block_q2_K *x = vw;
    const block_q8_K *y = va;
    const __m256i m3 = _mm256_set1_epi8(3);
    __m256 acc = _mm256_setzero_ps();
    float mins = 0;
    for (int64_t i = 0; i < n / QK_K; i++) {
        const uint8_t *sc = x[i].scales;
        int summs = 0;
        for (int g = 0; g < 16; g++) summs += (sc[g] >> 4) * y[i].bsums[g];
        __m256i sumi = _mm256_setzero_si256();
        const int8_t *q8 = y[i].qs;
        for (int half = 0; half < 2; half++) {
            const __m256i q2 = _mm256_loadu_si256((const __m256i *)(x[i].qs + 32 * half));
            for (int k = 0; k < 4; k++, q8 += 32, sc += 2) {
                const __m256i q = _mm256_and_si256(_mm256_srli_epi16(q2, 2 * k), m3);
                const __m256i p = _mm256_maddubs_epi16(q, _mm256_loadu_si256((const __m256i *)q8));
                sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(p, scale_pair(sc[0] & 0xF, sc[1] & 0xF)));
            }
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(y[i].d * llk_h2f(x[i].d)), _mm256_cvtepi32_ps(sumi), acc);
        mins += y[i].d * llk_h2f(x[i].dmin) * (float)summs;
    }
    return llk_hsum256(acc) - mins;
}

/// q3_K · q8_K: value = low 2 bits - (high bit clear ? 4 : 0); both parts go through maddubs
/// unsigned and are subtracted, then the signed 6-bit scales per 16 values by madd.
static float dot_q3_K(int64_t n, const void *vw, const void *va) {
    const block_q3_K *x = vw;
    const block_q8_K *y = va;
    const __m256i m3 = _mm256_set1_epi8(3), one = _mm256_set1_epi8(1);
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / QK_K; i++) {
        int8_t sc[16];
        llk_q3_K_scales(x[i].scales, sc);
        const __m256i hbits = _mm256_loadu_si256((const __m256i *)x[i].hmask);
        __m256i sumi = _mm256_setzero_si256();
        const int8_t *q8 = y[i].qs;
        for (int half = 0; half < 2; half++) {
            const __m256i q2 = _mm256_loadu_si256((const __m256i *)(x[i].qs + 32 * half));
            for (int k = 0; k < 4; k++, q8 += 32) {
                const int chunk = 4 * half + k;
                const __m256i q = _mm256_and_si256(_mm256_srli_epi16(q2, 2 * k), m3);
                const __m256i h = _mm256_and_si256(_mm256_srli_epi16(hbits, chunk), one);
                const __m256i minus = _mm256_slli_epi16(_mm256_xor_si256(h, one), 2);
                const __m256i qy = _mm256_loadu_si256((const __m256i *)q8);
                const __m256i p = _mm256_sub_epi16(_mm256_maddubs_epi16(q, qy), _mm256_maddubs_epi16(minus, qy));
                sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(p, scale_pair(sc[2 * chunk], sc[2 * chunk + 1])));
            }
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(y[i].d * llk_h2f(x[i].d)), _mm256_cvtepi32_ps(sumi), acc);
    }
    return llk_hsum256(acc);
}

/// q5_K · q8_K: q4_K's layout plus a fifth bit per value from qh; values 0..31 by maddubs,
/// 6-bit scales by madd, minima through the activation block sums.
static float dot_q5_K(int64_t n, const void *vw, const void *va) {
    const block_q5_K *x = vw;
    const block_q8_K *y = va;
    const __m256i m4 = _mm256_set1_epi8(0x0F), one = _mm256_set1_epi8(1);
    __m256 acc = _mm256_setzero_ps();
    float mins = 0;
    for (int64_t i = 0; i < n / QK_K; i++) {
        uint8_t sc[8], mn[8];
        int summs = 0;
        for (int j = 0; j < 8; j++) {
            llk_scale_min_k4(j, x[i].scales, &sc[j], &mn[j]);
            summs += mn[j] * (y[i].bsums[2 * j] + y[i].bsums[2 * j + 1]);
        }
        const __m256i hbits = _mm256_loadu_si256((const __m256i *)x[i].qh);
        __m256i sumi = _mm256_setzero_si256();
        for (int j = 0; j < 4; j++) {
            const __m256i q4 = _mm256_loadu_si256((const __m256i *)(x[i].qs + 32 * j));
            const __m256i h0 = _mm256_and_si256(_mm256_srli_epi16(hbits, 2 * j), one);
            const __m256i h1 = _mm256_and_si256(_mm256_srli_epi16(hbits, 2 * j + 1), one);
            const __m256i lo = _mm256_or_si256(_mm256_and_si256(q4, m4), _mm256_slli_epi16(h0, 4));
            const __m256i hi = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(q4, 4), m4), _mm256_slli_epi16(h1, 4));
            const __m256i ya = _mm256_loadu_si256((const __m256i *)(y[i].qs + 64 * j));
            const __m256i yb = _mm256_loadu_si256((const __m256i *)(y[i].qs + 64 * j + 32));
            const __m256i pa = _mm256_madd_epi16(_mm256_maddubs_epi16(lo, ya), _mm256_set1_epi16(sc[2 * j]));
            const __m256i pb = _mm256_madd_epi16(_mm256_maddubs_epi16(hi, yb), _mm256_set1_epi16(sc[2 * j + 1]));
            sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(pa, pb));
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(y[i].d * llk_h2f(x[i].d)), _mm256_cvtepi32_ps(sumi), acc);
        mins += y[i].d * llk_h2f(x[i].dmin) * (float)summs;
    }
    return llk_hsum256(acc) - mins;
}

void llk_fill_avx2_quants(llk_dot_fn *table) {
    table[LLK_Q4_1] = dot_q4_1;
    table[LLK_Q5_0] = dot_q5_0;
    table[LLK_Q5_1] = dot_q5_1;
    table[LLK_Q2_K] = dot_q2_K;
    table[LLK_Q3_K] = dot_q3_K;
    table[LLK_Q5_K] = dot_q5_K;
}

#pragma clang attribute pop
#endif
