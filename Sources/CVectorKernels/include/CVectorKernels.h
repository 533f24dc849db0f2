#pragma once
#include <stddef.h>
#include <stdint.h>

/// Version of the kernel set, for diagnostics.
int vk_version(void);

/// Name of the variant picked for this CPU ("avx512", "avx2" or "portable").
const char *vk_variant(void);

/// Sum of a[i] * b[i] for i < n. Any n; no alignment needed.
float vk_dot(const float *a, const float *b, size_t n);

/// Sum of (a[i] - b[i])^2 for i < n. Any n; no alignment needed.
float vk_l2sq(const float *a, const float *b, size_t n);

/// Sum of a[i] * b[i] over int8 values, exact: each product is at most 2^14 in size, so the
/// int32 sum cannot overflow below n = 2^17 (the index uses n <= 8192). Any n; no alignment.
int32_t vk_dot_i8(const int8_t *a, const int8_t *b, size_t n);

/// Checksum of a byte range: 16 lanes of Fletcher-style 32-bit sums over little-endian
/// words, folded with the length. Any single changed word changes it. See
/// docs/vector-index-format.md for the exact definition.
uint64_t vk_checksum(const void *data, size_t length);

/// Hints the CPU to fetch the cache lines of [p, p + bytes) (at most 32 lines).
void vk_prefetch(const void *p, size_t bytes);

/// A four-byte lock (0 = free, 1 = held, 2 = held with waiters), one per graph node during
/// parallel builds: it spins briefly, then sleeps on a futex (Linux; elsewhere it yields).
void vk_lock(uint32_t *lock);
void vk_unlock(uint32_t *lock);

/// Atomic fetch-and-add on a shared counter, for handing out work to build threads.
int64_t vk_fetch_add(int64_t *counter, int64_t value);

/// Atomic load and store of an int64 shared between build threads.
int64_t vk_load(const int64_t *value);
void vk_store(int64_t *value, int64_t newValue);
