// A plain streaming read, to measure the memory bandwidth kernels are compared against.
#include "CLlamaKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
__attribute__((target("avx2"))) static uint64_t read_avx2(const void *p, size_t bytes) {
    const __m256i *v = p;
    __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
    size_t i = 0, n = bytes / 32;
    for (; i + 4 <= n; i += 4) {
        a0 = _mm256_xor_si256(a0, _mm256_loadu_si256(v + i));
        a1 = _mm256_xor_si256(a1, _mm256_loadu_si256(v + i + 1));
        a2 = _mm256_xor_si256(a2, _mm256_loadu_si256(v + i + 2));
        a3 = _mm256_xor_si256(a3, _mm256_loadu_si256(v + i + 3));
    }
    a0 = _mm256_xor_si256(_mm256_xor_si256(a0, a1), _mm256_xor_si256(a2, a3));
    return (uint64_t)_mm256_extract_epi64(a0, 0) ^ (uint64_t)_mm256_extract_epi64(a0, 3);
}
#endif

uint64_t llk_read_probe(const void *p, size_t bytes) {
#if defined(__x86_64__)
    if (llk_best_isa() >= LLK_ISA_AVX2) return read_avx2(p, bytes);
#endif
    const uint64_t *v = p;
    uint64_t x = 0;
    for (size_t i = 0; i < bytes / 8; i++) x ^= v[i];
    return x;
}
