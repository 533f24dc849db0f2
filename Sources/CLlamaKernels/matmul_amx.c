// f32 weights times f32 activations on AMX-BF16 tiles (Sapphire Rapids and later), for the
// small batches of a search question that the FMA kernel of matmul_f32.c is bound on.
//
// Each f32 value is split into two bf16 values, hi = bf16(x) and lo = bf16(x - hi), and a
// product takes hi*hi + lo(x)*hi(w) + hi(x)*lo(w): about 16 significant bits per operand,
// so results stay within ~1e-5 of f32 (one bf16 rounding of the weights alone costs
// all-MiniLM-L6-v2 a cosine of 0.99995, too much for queries compared with f32 ingest).
//
// Weights are packed once (llk_bf16x2_pack) into 1 KiB tiles of 16 weight rows by 32 values,
// in the pair-interleaved order the B operand of TDPBF16PS takes: tile row p holds, for each
// of the 16 weight rows n, the values 2p and 2p + 1. Tile (row block nb, value block kb,
// part hi/lo) starts at element ((nb * KB + kb) * 2 + part) * 512. Activations are converted
// per product (llk_bf16x2_activations) into ncols hi rows, then ncols lo rows, of n values
// padded with zeros to a multiple of 32.
#include <string.h>

#include "CLlamaKernels.h"
#include "kernels.h"

enum { TILE_K = 32, TILE_ROWS = 16, TILE_VALUES = 512 };

static inline int64_t padded(int64_t n) { return (n + TILE_K - 1) / TILE_K * TILE_K; }

// Round to nearest even, as VCVTNEPS2BF16 does (NaN stays NaN).
static inline uint16_t bf16_round(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    if ((u & 0x7FFFFFFFu) > 0x7F800000u) return (uint16_t)((u >> 16) | 0x40);
    u += 0x7FFFu + ((u >> 16) & 1);
    return (uint16_t)(u >> 16);
}

static inline float bf16_float(uint16_t h) {
    const uint32_t u = (uint32_t)h << 16;
    float f;
    memcpy(&f, &u, 4);
    return f;
}

size_t llk_bf16x2_packed_size(int64_t n, int64_t rows) {
    return (size_t)((rows + TILE_ROWS - 1) / TILE_ROWS) * (size_t)(padded(n) / TILE_K) * 2 * TILE_VALUES * 2;
}

void llk_bf16x2_pack(const float *w, int64_t w_stride, int64_t n, int64_t rows, int64_t nb0,
                     int64_t nb1, void *dst) {
    const int64_t kb_count = padded(n) / TILE_K;
    uint16_t *out = dst;
    for (int64_t nb = nb0; nb < nb1; nb++) {
        for (int64_t kb = 0; kb < kb_count; kb++) {
            uint16_t *hi = out + (nb * kb_count + kb) * 2 * TILE_VALUES, *lo = hi + TILE_VALUES;
            for (int p = 0; p < TILE_K / 2; p++) {
                for (int r = 0; r < TILE_ROWS; r++) {
                    for (int j = 0; j < 2; j++) {
                        const int64_t row = nb * TILE_ROWS + r, k = kb * TILE_K + 2 * p + j;
                        const float x = row < rows && k < n ? w[row * w_stride + k] : 0;
                        const uint16_t h = bf16_round(x);
                        hi[p * 32 + r * 2 + j] = h;
                        lo[p * 32 + r * 2 + j] = bf16_round(x - bf16_float(h));
                    }
                }
            }
        }
    }
}

size_t llk_bf16x2_activation_size(int64_t n, int64_t ncols) {
    return (size_t)(padded(n) * ncols * 2 * 2);
}

static void activations_plain(const float *x, int64_t x_stride, int64_t n, int64_t ncols, void *dst) {
    const int64_t kp = padded(n);
    uint16_t *hi = dst, *lo = hi + ncols * kp;
    for (int64_t c = 0; c < ncols; c++) {
        for (int64_t k = 0; k < kp; k++) {
            const float v = k < n ? x[c * x_stride + k] : 0;
            const uint16_t h = bf16_round(v);
            hi[c * kp + k] = h;
            lo[c * kp + k] = bf16_round(v - bf16_float(h));
        }
    }
}

void llk_mul_mat_bf16x2_ref(int64_t n, const void *w, int64_t nb0, int64_t nb1, const void *a,
                            int64_t ncols, float *y, int64_t y_stride, int64_t rows) {
    const int64_t kp = padded(n), kb_count = kp / TILE_K;
    const uint16_t *tiles = w, *ahi = a, *alo = ahi + ncols * kp;
    for (int64_t nb = nb0; nb < nb1; nb++) {
        for (int r = 0; r < TILE_ROWS && nb * TILE_ROWS + r < rows; r++) {
            for (int64_t c = 0; c < ncols; c++) {
                double sum = 0;
                for (int64_t k = 0; k < kp; k++) {
                    const uint16_t *t = tiles + (nb * kb_count + k / TILE_K) * 2 * TILE_VALUES;
                    const int64_t at = (k % TILE_K) / 2 * 32 + r * 2 + k % 2;
                    const double wh = bf16_float(t[at]), wl = bf16_float(t[TILE_VALUES + at]);
                    const double xh = bf16_float(ahi[c * kp + k]), xl = bf16_float(alo[c * kp + k]);
                    sum += xh * wh + xl * wh + xh * wl;
                }
                y[c * y_stride + nb * TILE_ROWS + r] = (float)sum;
            }
        }
    }
}

// Q8_0 weights (w = d * q) as tiles of q, exact in bf16, each 1 KiB tile followed by the 16
// rows' f32 scales of that block (64 bytes): half the bytes of the hi/lo split, and exact.
// A step multiplies one 32-value block, q against the split activations, and adds the tile's
// sums times the scales into f32 accumulators.
enum { Q8_RECORD = TILE_VALUES * 2 + TILE_ROWS * 4 };

size_t llk_q8_tiles_size(int64_t n, int64_t rows) {
    return n % TILE_K ? 0 : (size_t)((rows + TILE_ROWS - 1) / TILE_ROWS) * (size_t)(n / TILE_K) * Q8_RECORD;
}

int llk_q8_tiles_pack(const void *src, size_t row_bytes, int64_t n, int64_t rows, int64_t nb0,
                      int64_t nb1, void *dst) {
    if (n % TILE_K) return -1;
    const int64_t kb_count = n / TILE_K;
    for (int64_t nb = nb0; nb < nb1; nb++) {
        for (int64_t kb = 0; kb < kb_count; kb++) {
            char *record = (char *)dst + (nb * kb_count + kb) * Q8_RECORD;
            uint16_t *q = (uint16_t *)record;
            float *scale = (float *)(record + TILE_VALUES * 2);
            for (int r = 0; r < TILE_ROWS; r++) {
                const int64_t row = nb * TILE_ROWS + r;
                const block_q8_0 *b = row < rows ? (const block_q8_0 *)((const char *)src + row * row_bytes) + kb : NULL;
                scale[r] = b ? llk_h2f(b->d) : 0;
                for (int k = 0; k < TILE_K; k++) q[k / 2 * 32 + r * 2 + k % 2] = bf16_round(b ? b->qs[k] : 0);
            }
        }
    }
    return 0;
}

void llk_mul_mat_q8_tiles_ref(int64_t n, const void *w, int64_t nb0, int64_t nb1, const void *a,
                              int64_t ncols, float *y, int64_t y_stride, int64_t rows) {
    const int64_t kb_count = n / TILE_K;
    const uint16_t *ahi = a, *alo = ahi + ncols * n;
    for (int64_t nb = nb0; nb < nb1; nb++) {
        for (int r = 0; r < TILE_ROWS && nb * TILE_ROWS + r < rows; r++) {
            for (int64_t c = 0; c < ncols; c++) {
                double sum = 0;
                for (int64_t kb = 0; kb < kb_count; kb++) {
                    const char *record = (const char *)w + (nb * kb_count + kb) * Q8_RECORD;
                    const uint16_t *q = (const uint16_t *)record;
                    const float *scale = (const float *)(record + TILE_VALUES * 2);
                    double block = 0;
                    for (int k = 0; k < TILE_K; k++) {
                        const int64_t i = c * n + kb * TILE_K + k;
                        block += (double)bf16_float(q[k / 2 * 32 + r * 2 + k % 2])
                            * ((double)bf16_float(ahi[i]) + (double)bf16_float(alo[i]));
                    }
                    sum += block * scale[r];
                }
                y[c * y_stride + nb * TILE_ROWS + r] = (float)sum;
            }
        }
    }
}

#if defined(__x86_64__) && defined(__linux__)
#include <immintrin.h>
#include <sys/syscall.h>
#include <unistd.h>

static int amx_ready;

// Linux hands out the 8 KiB tile state only to processes that ask for it (arch_prctl
// ARCH_REQ_XCOMP_PERM with XFEATURE_XTILEDATA); without it the first tile instruction
// faults. Asked once, when the library loads.
__attribute__((constructor)) static void amx_init(void) {
    enum { ARCH_REQ_XCOMP_PERM = 0x1023, XFEATURE_XTILEDATA = 18 };
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("amx-tile") || !__builtin_cpu_supports("amx-bf16")) return;
    amx_ready = syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA) == 0;
}

int llk_amx_available(void) { return amx_ready; }

// The split of activations_plain with VCVTNEPS2BF16 (the same rounding, apart from
// denormals, which it flushes): the scalar loop costs a question a tenth of its time.
__attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))
static void activations_avx512(const float *x, int64_t x_stride, int64_t n, int64_t ncols, void *dst) {
    const int64_t kp = padded(n);
    uint16_t *hi = dst, *lo = hi + ncols * kp;
    for (int64_t c = 0; c < ncols; c++) {
        for (int64_t k = 0; k < kp; k += 16) {
            const __mmask16 mask = k + 16 <= n ? 0xFFFF : k < n ? (__mmask16)((1u << (n - k)) - 1) : 0;
            const __m512 v = _mm512_maskz_loadu_ps(mask, x + c * x_stride + k);
            const __m256i h = (__m256i)_mm512_cvtneps_pbh(v);
            const __m512 hf = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
            _mm256_storeu_si256((__m256i *)(hi + c * kp + k), h);
            _mm256_storeu_si256((__m256i *)(lo + c * kp + k), (__m256i)_mm512_cvtneps_pbh(_mm512_sub_ps(v, hf)));
        }
    }
}

#pragma clang attribute push(__attribute__((target("amx-tile,amx-bf16,avx512f"))), apply_to = function)

// Palette 1, every tile 64 bytes wide: the weight tiles (bits of weight_tiles) 16 rows, the
// activation and sum tiles m rows. The split kernel: 0/1 the activations' hi/lo rows, 2..5
// the weights' hi and lo tiles of two row blocks, 6/7 the two blocks' sums.
typedef struct {
    uint8_t palette, start_row, reserved[14];
    uint16_t colsb[16];
    uint8_t rows[16];
} tile_config;

static void configure(int m, unsigned weight_tiles) {
    tile_config config;
    memset(&config, 0, sizeof config);
    config.palette = 1;
    for (int t = 0; t < 8; t++) {
        config.colsb[t] = 64;
        config.rows[t] = weight_tiles >> t & 1 ? TILE_ROWS : (uint8_t)m;
    }
    _tile_loadconfig(&config);
}

// Stores an m x 16 sum tile to rows nb * 16 ... of y, through a scratch tile when the block
// runs past the matrix's last row.
#define STORE_SUM(tile, nb)                                                                     \
    do {                                                                                        \
        const int64_t r0 = (nb) * TILE_ROWS;                                                    \
        if (r0 + TILE_ROWS <= rows) {                                                           \
            _tile_stored(tile, y + m0 * y_stride + r0, y_stride * 4);                           \
        } else {                                                                                \
            _tile_stored(tile, scratch, TILE_ROWS * 4);                                         \
            for (int i = 0; i < m; i++)                                                         \
                for (int64_t r = r0; r < rows; r++) y[(m0 + i) * y_stride + r] = scratch[i * TILE_ROWS + r - r0]; \
        }                                                                                       \
    } while (0)

static void mul_mat_amx(int64_t n, const void *w, int64_t nb0, int64_t nb1, const void *a,
                        int64_t ncols, float *y, int64_t y_stride, int64_t rows) {
    const int64_t kp = padded(n), kb_count = kp / TILE_K, block = kb_count * 2 * TILE_VALUES;
    const uint16_t *tiles = w, *ahi = a, *alo = ahi + ncols * kp;
    float scratch[TILE_ROWS * TILE_ROWS];
    for (int64_t m0 = 0; m0 < ncols; m0 += TILE_ROWS) {
        const int m = ncols - m0 < TILE_ROWS ? (int)(ncols - m0) : TILE_ROWS;
        const uint16_t *xh = ahi + m0 * kp, *xl = alo + m0 * kp;
        configure(m, 0x3C);
        // Two row blocks a step; an odd last block is multiplied twice and stored once (only
        // tasks of an odd number of blocks have one).
        for (int64_t nb = nb0; nb < nb1; nb += 2) {
            const int pair = nb + 2 <= nb1;
            const uint16_t *b0 = tiles + nb * block, *b1 = pair ? b0 + block : b0;
            _tile_zero(6);
            _tile_zero(7);
            for (int64_t kb = 0; kb < kb_count; kb++) {
                const int64_t t = kb * 2 * TILE_VALUES;
                _tile_loadd(0, xh + kb * TILE_K, kp * 2);
                _tile_loadd(1, xl + kb * TILE_K, kp * 2);
                _tile_loadd(2, b0 + t, 64);
                _tile_loadd(3, b1 + t, 64);
                _tile_loadd(4, b0 + t + TILE_VALUES, 64);
                _tile_loadd(5, b1 + t + TILE_VALUES, 64);
                _tile_dpbf16ps(6, 0, 2);
                _tile_dpbf16ps(7, 0, 3);
                _tile_dpbf16ps(6, 1, 2);
                _tile_dpbf16ps(7, 1, 3);
                _tile_dpbf16ps(6, 0, 4);
                _tile_dpbf16ps(7, 0, 5);
            }
            STORE_SUM(6, nb);
            if (pair) STORE_SUM(7, nb + 1);
        }
    }
    _tile_release();
}

// Tiles 0/1 and 4/5: the activations' hi/lo rows of two blocks; 2/3 their q tiles; 6/7 the
// two blocks' sums, stored and scaled into m f32 accumulators of 16 rows each.
static void mul_mat_amx_q8(int64_t n, const void *w, int64_t nb0, int64_t nb1, const void *a,
                           int64_t ncols, float *y, int64_t y_stride, int64_t rows) {
    const int64_t kb_count = n / TILE_K;
    const uint16_t *ahi = a, *alo = ahi + ncols * n;
    _Alignas(64) float s0[TILE_ROWS * TILE_ROWS], s1[TILE_ROWS * TILE_ROWS];
    __m512 acc[TILE_ROWS];
    for (int64_t m0 = 0; m0 < ncols; m0 += TILE_ROWS) {
        const int m = ncols - m0 < TILE_ROWS ? (int)(ncols - m0) : TILE_ROWS;
        const uint16_t *xh = ahi + m0 * n, *xl = alo + m0 * n;
        configure(m, 0x0C);
        for (int64_t nb = nb0; nb < nb1; nb++) {
            const char *records = (const char *)w + nb * kb_count * Q8_RECORD;
            for (int i = 0; i < m; i++) acc[i] = _mm512_setzero_ps();
            int64_t kb = 0;
            for (; kb + 2 <= kb_count; kb += 2) {
                const char *r0 = records + kb * Q8_RECORD, *r1 = r0 + Q8_RECORD;
                _tile_loadd(0, xh + kb * TILE_K, n * 2);
                _tile_loadd(1, xl + kb * TILE_K, n * 2);
                _tile_loadd(4, xh + kb * TILE_K + TILE_K, n * 2);
                _tile_loadd(5, xl + kb * TILE_K + TILE_K, n * 2);
                _tile_loadd(2, r0, 64);
                _tile_loadd(3, r1, 64);
                _tile_zero(6);
                _tile_zero(7);
                _tile_dpbf16ps(6, 0, 2);
                _tile_dpbf16ps(7, 4, 3);
                _tile_dpbf16ps(6, 1, 2);
                _tile_dpbf16ps(7, 5, 3);
                _tile_stored(6, s0, 64);
                _tile_stored(7, s1, 64);
                const __m512 d0 = _mm512_loadu_ps(r0 + TILE_VALUES * 2), d1 = _mm512_loadu_ps(r1 + TILE_VALUES * 2);
                for (int i = 0; i < m; i++)
                    acc[i] = _mm512_fmadd_ps(_mm512_load_ps(s1 + i * 16), d1,
                                             _mm512_fmadd_ps(_mm512_load_ps(s0 + i * 16), d0, acc[i]));
            }
            if (kb < kb_count) {
                const char *r0 = records + kb * Q8_RECORD;
                _tile_loadd(0, xh + kb * TILE_K, n * 2);
                _tile_loadd(1, xl + kb * TILE_K, n * 2);
                _tile_loadd(2, r0, 64);
                _tile_zero(6);
                _tile_dpbf16ps(6, 0, 2);
                _tile_dpbf16ps(6, 1, 2);
                _tile_stored(6, s0, 64);
                const __m512 d0 = _mm512_loadu_ps(r0 + TILE_VALUES * 2);
                for (int i = 0; i < m; i++) acc[i] = _mm512_fmadd_ps(_mm512_load_ps(s0 + i * 16), d0, acc[i]);
            }
            const int64_t r0 = nb * TILE_ROWS;
            const __mmask16 valid = r0 + TILE_ROWS <= rows ? 0xFFFF : (__mmask16)((1u << (rows - r0)) - 1);
            for (int i = 0; i < m; i++) _mm512_mask_storeu_ps(y + (m0 + i) * y_stride + r0, valid, acc[i]);
        }
    }
    _tile_release();
}

#pragma clang attribute pop

void llk_bf16x2_activations(const float *x, int64_t x_stride, int64_t n, int64_t ncols, void *dst) {
    if (amx_ready) activations_avx512(x, x_stride, n, ncols, dst);
    else activations_plain(x, x_stride, n, ncols, dst);
}

int llk_mul_mat_bf16x2(int64_t n, const void *w, int64_t nb0, int64_t nb1, const void *a,
                       int64_t ncols, float *y, int64_t y_stride, int64_t rows) {
    if (!amx_ready) return -1;
    mul_mat_amx(n, w, nb0, nb1, a, ncols, y, y_stride, rows);
    return 0;
}
int llk_mul_mat_q8_tiles(int64_t n, const void *w, int64_t nb0, int64_t nb1, const void *a,
                         int64_t ncols, float *y, int64_t y_stride, int64_t rows) {
    if (!amx_ready || n % TILE_K) return -1;
    mul_mat_amx_q8(n, w, nb0, nb1, a, ncols, y, y_stride, rows);
    return 0;
}
#else
int llk_amx_available(void) { return 0; }
int llk_mul_mat_q8_tiles(int64_t n, const void *w, int64_t nb0, int64_t nb1, const void *a,
                         int64_t ncols, float *y, int64_t y_stride, int64_t rows) {
    return -1;
}
void llk_bf16x2_activations(const float *x, int64_t x_stride, int64_t n, int64_t ncols, void *dst) {
    activations_plain(x, x_stride, n, ncols, dst);
}
int llk_mul_mat_bf16x2(int64_t n, const void *w, int64_t nb0, int64_t nb1, const void *a,
                       int64_t ncols, float *y, int64_t y_stride, int64_t rows) {
    return -1;
}
#endif
