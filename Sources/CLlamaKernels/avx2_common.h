// AVX2 helpers shared by the AVX2 and AVX-512 kernel files. Include it after the file's
// `#pragma clang attribute push(__attribute__((target("avx2,..."))), apply_to = function)`
// (or a wider target), so that these are compiled for it too.
#pragma once
#include <immintrin.h>
#include <stdint.h>

/// The sum of the eight lanes of `v`.
static inline float llk_hsum256(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/// The 32 nibbles of a 16-byte q4/q5 block as bytes 0...15: low nibbles are values 0..<16,
/// high nibbles values 16..<32.
static inline __m256i llk_unpack_nibbles(const uint8_t *qs) {
    const __m128i packed = _mm_loadu_si128((const __m128i *)qs);
    return _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(packed, 4), packed), _mm256_set1_epi8(0x0F));
}
