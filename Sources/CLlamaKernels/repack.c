// Interleaved ("x8") layouts of q4_0 and q8_0 weights for the AVX2 / AVX-512 VNNI kernels.
//
// One group holds block k of eight consecutive rows, arranged so that one 32-byte vector
// carries four consecutive values of each of the eight rows (int32 lane r = row r): one
// dpbusd with four broadcast activation bytes then adds four products to each row's sum, and
// the float epilogue (convert, scale, accumulate) runs once per block for eight rows instead
// of once per row. llama.cpp repacks for the same reason (ggml-cpu "repack" buffers).
//
//   block_q4_0x8: f16 d[8], then 4 chunks of 32 bytes; chunk c, byte 4r + j holds
//                 w[r][8c + j] (low nibble) and w[r][8c + 4 + j] (high nibble), unsigned 0..15.
//   block_q8_0x8: f16 d[8], then 8 chunks of 32 bytes; chunk c, byte 4r + j holds
//                 w[r][4c + j] + 128 as an unsigned byte.
// Rows past the end of the matrix are zero (d = 0). Both formats are exactly as large as the
// eight original blocks (144 and 272 bytes), so decoding reads no extra memory.
#include "CLlamaKernels.h"
#include "kernels.h"

size_t llk_repacked_size(uint32_t type, int64_t n, int64_t rows) {
    const int64_t groups = (rows + 7) / 8;
    switch (type) {
    case LLK_Q4_0: return (size_t)(groups * (n / QK4_0)) * sizeof(block_q4_0x8);
    case LLK_Q8_0: return (size_t)(groups * (n / QK8_0)) * sizeof(block_q8_0x8);
    default: return 0;
    }
}

int llk_repack(uint32_t type, const void *src, size_t row_bytes, int64_t n, int64_t rows,
               void *dst) {
    const int64_t nb = n / 32, groups = (rows + 7) / 8;
    const char *s = src;
    if (type == LLK_Q4_0) {
        block_q4_0x8 *out = dst;
        for (int64_t g = 0; g < groups; g++)
            for (int64_t k = 0; k < nb; k++) {
                block_q4_0x8 *b = &out[g * nb + k];
                memset(b, 0, sizeof *b);
                for (int r = 0; r < 8 && g * 8 + r < rows; r++) {
                    const block_q4_0 *x = (const block_q4_0 *)(s + (size_t)(g * 8 + r) * row_bytes) + k;
                    b->d[r] = x->d;
                    uint8_t v[32];
                    for (int j = 0; j < 16; j++) {
                        v[j] = x->qs[j] & 0x0F;
                        v[j + 16] = x->qs[j] >> 4;
                    }
                    for (int c = 0; c < 4; c++)
                        for (int j = 0; j < 4; j++)
                            b->qs[32 * c + 4 * r + j] = (uint8_t)(v[8 * c + j] | (v[8 * c + 4 + j] << 4));
                }
            }
        return 0;
    }
    if (type == LLK_Q8_0) {
        block_q8_0x8 *out = dst;
        for (int64_t g = 0; g < groups; g++)
            for (int64_t k = 0; k < nb; k++) {
                block_q8_0x8 *b = &out[g * nb + k];
                memset(b, 0, sizeof *b);
                for (int r = 0; r < 8; r++) {
                    const int valid = g * 8 + r < rows;
                    const block_q8_0 *x = valid ? (const block_q8_0 *)(s + (size_t)(g * 8 + r) * row_bytes) + k : NULL;
                    b->d[r] = valid ? x->d : 0;
                    for (int c = 0; c < 8; c++)
                        for (int j = 0; j < 4; j++)
                            b->qs[32 * c + 4 * r + j] = (uint8_t)((valid ? x->qs[4 * c + j] : 0) + 128);
                }
            }
        return 0;
    }
    return -1;
}

/// Rounds as llama.cpp's x86 quantize_row_q8_0 does (scale 127/amax, nearest even, the block
/// scale kept as f16) so that activations round to the same integers as there: a tiny
/// difference in one layer's activations flips roundings in every later layer, and two
/// engines that round differently drift apart by as much as quantisation itself costs.
void llk_quantize_q8_0s(const float *x, void *vy, int64_t n) {
    block_q8_0s *y = vy;
    for (int64_t i = 0; i < n / 32; i++, x += 32) {
        float amax = 0;
        for (int j = 0; j < 32; j++) amax = fabsf(x[j]) > amax ? fabsf(x[j]) : amax;
        const float d = llk_h2f(llk_f2h(amax / 127)), id = amax ? 127.0f / amax : 0.0f;
        int sum = 0;
        for (int j = 0; j < 32; j++) {
            y[i].qs[j] = (int8_t)lrintf(x[j] * id);
            sum += y[i].qs[j];
        }
        y[i].d = d;
        y[i].sum = sum;
    }
}
