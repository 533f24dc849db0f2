// Distance kernels compiled three times (AVX-512, AVX2+FMA, portable) and picked once at run
// time with __builtin_cpu_supports, so that the package needs no -march flag (unsafeFlags).
#include "CVectorKernels.h"
#include <sched.h>
#include <string.h>
#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define VK_X86 1
#else
#define VK_X86 0
#endif

int vk_version(void) { return 3; }

// ---------------------------------------------------------------- portable

static float dot_portable(const float *a, const float *b, size_t n) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; i++) s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
}

static float l2sq_portable(const float *a, const float *b, size_t n) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        float d0 = a[i] - b[i], d1 = a[i + 1] - b[i + 1];
        float d2 = a[i + 2] - b[i + 2], d3 = a[i + 3] - b[i + 3];
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
    }
    for (; i < n; i++) {
        float d = a[i] - b[i];
        s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
}

static int32_t dot_i8_portable(const int8_t *a, const int8_t *b, size_t n) {
    int32_t s0 = 0, s1 = 0;
    size_t i = 0;
    for (; i + 2 <= n; i += 2) {
        s0 += (int32_t)a[i] * b[i];
        s1 += (int32_t)a[i + 1] * b[i + 1];
    }
    if (i < n) s0 += (int32_t)a[i] * b[i];
    return s0 + s1;
}

#if VK_X86
// ---------------------------------------------------------------- AVX2 + FMA

__attribute__((target("avx2,fma")))
static inline float hsum256(__m256 v) {
    __m128 lo = _mm256_castps256_ps128(v), hi = _mm256_extractf128_ps(v, 1);
    lo = _mm_add_ps(lo, hi);
    lo = _mm_add_ps(lo, _mm_movehl_ps(lo, lo));
    lo = _mm_add_ss(lo, _mm_movehdup_ps(lo));
    return _mm_cvtss_f32(lo);
}

__attribute__((target("avx2,fma")))
static float dot_avx2(const float *a, const float *b, size_t n) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
    }
    for (; i + 8 <= n; i += 8)
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    float s = hsum256(_mm256_add_ps(s0, s1));
    for (; i < n; i++) s += a[i] * b[i];
    return s;
}

__attribute__((target("avx2,fma")))
static float l2sq_avx2(const float *a, const float *b, size_t n) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
        __m256 d1 = _mm256_sub_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8));
        s0 = _mm256_fmadd_ps(d0, d0, s0);
        s1 = _mm256_fmadd_ps(d1, d1, s1);
    }
    for (; i + 8 <= n; i += 8) {
        __m256 d = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
        s0 = _mm256_fmadd_ps(d, d, s0);
    }
    float s = hsum256(_mm256_add_ps(s0, s1));
    for (; i < n; i++) {
        float d = a[i] - b[i];
        s += d * d;
    }
    return s;
}

// Bytes are widened to int16 and multiplied pairwise into int32 (vpmaddwd): exact, since
// 2 * 128 * 128 fits easily and 8192 such products stay below 2^31.
__attribute__((target("avx2")))
static int32_t dot_i8_avx2(const int8_t *a, const int8_t *b, size_t n) {
    __m256i s0 = _mm256_setzero_si256(), s1 = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i a0 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(a + i)));
        __m256i b0 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(b + i)));
        __m256i a1 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(a + i + 16)));
        __m256i b1 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(b + i + 16)));
        s0 = _mm256_add_epi32(s0, _mm256_madd_epi16(a0, b0));
        s1 = _mm256_add_epi32(s1, _mm256_madd_epi16(a1, b1));
    }
    for (; i + 16 <= n; i += 16) {
        __m256i a0 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(a + i)));
        __m256i b0 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(b + i)));
        s0 = _mm256_add_epi32(s0, _mm256_madd_epi16(a0, b0));
    }
    __m256i s = _mm256_add_epi32(s0, s1);
    __m128i h = _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
    h = _mm_add_epi32(h, _mm_shuffle_epi32(h, _MM_SHUFFLE(1, 0, 3, 2)));
    h = _mm_add_epi32(h, _mm_shuffle_epi32(h, _MM_SHUFFLE(2, 3, 0, 1)));
    int32_t total = _mm_cvtsi128_si32(h);
    for (; i < n; i++) total += (int32_t)a[i] * b[i];
    return total;
}

// ---------------------------------------------------------------- AVX-512
// Remainders use a masked load, so every dimension runs in vector registers.

__attribute__((target("avx512f")))
static float dot_avx512(const float *a, const float *b, size_t n) {
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), s0);
        s1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), s1);
    }
    for (; i + 16 <= n; i += 16)
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), s0);
    if (i < n) {
        __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
        s1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i), s1);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
}

__attribute__((target("avx512f")))
static float l2sq_avx512(const float *a, const float *b, size_t n) {
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m512 d0 = _mm512_sub_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i));
        __m512 d1 = _mm512_sub_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16));
        s0 = _mm512_fmadd_ps(d0, d0, s0);
        s1 = _mm512_fmadd_ps(d1, d1, s1);
    }
    for (; i + 16 <= n; i += 16) {
        __m512 d = _mm512_sub_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i));
        s0 = _mm512_fmadd_ps(d, d, s0);
    }
    if (i < n) {
        __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
        __m512 d = _mm512_sub_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i));
        s1 = _mm512_fmadd_ps(d, d, s1);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
}

__attribute__((target("avx512f,avx512bw,avx512vl")))
static int32_t dot_i8_avx512(const int8_t *a, const int8_t *b, size_t n) {
    __m512i s0 = _mm512_setzero_si512(), s1 = _mm512_setzero_si512();
    size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        __m512i a0 = _mm512_cvtepi8_epi16(_mm256_loadu_si256((const __m256i *)(a + i)));
        __m512i b0 = _mm512_cvtepi8_epi16(_mm256_loadu_si256((const __m256i *)(b + i)));
        __m512i a1 = _mm512_cvtepi8_epi16(_mm256_loadu_si256((const __m256i *)(a + i + 32)));
        __m512i b1 = _mm512_cvtepi8_epi16(_mm256_loadu_si256((const __m256i *)(b + i + 32)));
        s0 = _mm512_add_epi32(s0, _mm512_madd_epi16(a0, b0));
        s1 = _mm512_add_epi32(s1, _mm512_madd_epi16(a1, b1));
    }
    for (; i + 32 <= n; i += 32) {
        __m512i a0 = _mm512_cvtepi8_epi16(_mm256_loadu_si256((const __m256i *)(a + i)));
        __m512i b0 = _mm512_cvtepi8_epi16(_mm256_loadu_si256((const __m256i *)(b + i)));
        s0 = _mm512_add_epi32(s0, _mm512_madd_epi16(a0, b0));
    }
    if (i < n) {
        __mmask32 m = (__mmask32)((1ull << (n - i)) - 1);
        __m512i a0 = _mm512_cvtepi8_epi16(_mm256_maskz_loadu_epi8(m, a + i));
        __m512i b0 = _mm512_cvtepi8_epi16(_mm256_maskz_loadu_epi8(m, b + i));
        s1 = _mm512_add_epi32(s1, _mm512_madd_epi16(a0, b0));
    }
    return _mm512_reduce_add_epi32(_mm512_add_epi32(s0, s1));
}
#endif

// ---------------------------------------------------------------- dispatch

typedef float (*vk_distance_fn)(const float *, const float *, size_t);
typedef int32_t (*vk_dot_i8_fn)(const int8_t *, const int8_t *, size_t);

static vk_distance_fn dot_impl = 0;
static vk_distance_fn l2sq_impl = 0;
static vk_dot_i8_fn dot_i8_impl = 0;
static const char *variant_name = 0;

// The int8 kernel needs AVX-512BW (not only F) for its byte loads, so it is picked on its own.
__attribute__((constructor)) static void vk_pick(void) {
    dot_i8_impl = dot_i8_portable;
#if VK_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl")) {
        dot_i8_impl = dot_i8_avx512;
    } else if (__builtin_cpu_supports("avx2")) {
        dot_i8_impl = dot_i8_avx2;
    }
    if (__builtin_cpu_supports("avx512f")) {
        dot_impl = dot_avx512;
        l2sq_impl = l2sq_avx512;
        __atomic_store_n(&variant_name, "avx512", __ATOMIC_RELEASE);
        return;
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        dot_impl = dot_avx2;
        l2sq_impl = l2sq_avx2;
        __atomic_store_n(&variant_name, "avx2", __ATOMIC_RELEASE);
        return;
    }
#endif
    dot_impl = dot_portable;
    l2sq_impl = l2sq_portable;
    __atomic_store_n(&variant_name, "portable", __ATOMIC_RELEASE);
}

// Racing first callers all compute the same answer, so a plain benign init is enough; the
// function pointers are written before the release store of the name.
static inline void vk_ready(void) {
    if (__builtin_expect(__atomic_load_n(&variant_name, __ATOMIC_ACQUIRE) == 0, 0)) vk_pick();
}

const char *vk_variant(void) {
    vk_ready();
    return variant_name;
}

float vk_dot(const float *a, const float *b, size_t n) {
    vk_ready();
    return dot_impl(a, b, n);
}

float vk_l2sq(const float *a, const float *b, size_t n) {
    vk_ready();
    return l2sq_impl(a, b, n);
}

int32_t vk_dot_i8(const int8_t *a, const int8_t *b, size_t n) {
    vk_ready();
    return dot_i8_impl(a, b, n);
}

// ---------------------------------------------------------------- checksum

// 16 independent lanes so that the compiler vectorises the loop; A starts at 1 (as in Adler)
// so that runs of zero words still move B.
#define VK_LANES 16

uint64_t vk_checksum(const void *data, size_t length) {
    const unsigned char *p = (const unsigned char *)data;
    uint32_t a[VK_LANES], b[VK_LANES];
    for (int l = 0; l < VK_LANES; l++) { a[l] = 1; b[l] = 0; }
    size_t blocks = length / (4 * VK_LANES);
    for (size_t k = 0; k < blocks; k++) {
        uint32_t w[VK_LANES];
        memcpy(w, p + k * 4 * VK_LANES, sizeof w);
        for (int l = 0; l < VK_LANES; l++) {
            a[l] += w[l];
            b[l] += a[l];
        }
    }
    // The tail (fewer than 64 bytes) is zero-padded into one more block.
    size_t done = blocks * 4 * VK_LANES;
    if (done < length) {
        uint32_t w[VK_LANES];
        memset(w, 0, sizeof w);
        memcpy(w, p + done, length - done);
        for (int l = 0; l < VK_LANES; l++) {
            a[l] += w[l];
            b[l] += a[l];
        }
    }
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)length;
    for (int l = 0; l < VK_LANES; l++) {
        h ^= ((uint64_t)b[l] << 32) | a[l];
        h *= 0xFF51AFD7ED558CCDull;
        h ^= h >> 33;
    }
    return h;
}

// ---------------------------------------------------------------- threads

void vk_prefetch(const void *p, size_t bytes) {
    const char *c = (const char *)p;
    size_t lines = (bytes + 63) / 64;
    if (lines > 32) lines = 32;
    for (size_t i = 0; i < lines; i++) __builtin_prefetch(c + 64 * i, 0, 3);
}

// Holders keep the lock for a few hundred nanoseconds, so a waiter first spins. When the
// machine has fewer cores than runnable threads the holder may be descheduled for a whole time
// slice; a waiter that kept spinning (or yielding in a loop) would burn CPU all that time, so
// it sleeps on a futex instead (the "mutex 2" of Drepper's "Futexes Are Tricky").
static inline void vk_wait(uint32_t *lock) {
#if defined(__linux__)
    syscall(SYS_futex, lock, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0);
#else
    sched_yield();
#endif
}

void vk_lock(uint32_t *lock) {
    for (int spins = 0; spins < 64; spins++) {
        uint32_t expected = 0;
        if (__atomic_load_n(lock, __ATOMIC_RELAXED) == 0 &&
            __atomic_compare_exchange_n(lock, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return;
#if VK_X86
        __builtin_ia32_pause();
#endif
    }
    // Mark the lock contended; getting 0 back means it was free and is now ours.
    while (__atomic_exchange_n(lock, 2, __ATOMIC_ACQUIRE) != 0) vk_wait(lock);
}

void vk_unlock(uint32_t *lock) {
    if (__atomic_exchange_n(lock, 0, __ATOMIC_RELEASE) == 2) {
#if defined(__linux__)
        syscall(SYS_futex, lock, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
#endif
    }
}

int64_t vk_fetch_add(int64_t *counter, int64_t value) {
    return __atomic_fetch_add(counter, value, __ATOMIC_ACQ_REL);
}

int64_t vk_load(const int64_t *value) { return __atomic_load_n(value, __ATOMIC_ACQUIRE); }

void vk_store(int64_t *value, int64_t newValue) { __atomic_store_n(value, newValue, __ATOMIC_RELEASE); }
