// The small-batch f32 product of matmul_f32.c, written once for both vector widths: the file
// that includes it defines VEC, VLEN, VZERO, VLOAD, VFMA, HSUM4 (four vectors to their four sums
// as an __m128), HSUM, and the names ROWS4_COL1 and MUL_MAT.

// Four rows (w0 + i * ws) by one column x.
static inline void ROWS4_COL1(int64_t n, const float *w0, int64_t ws, const float *x, float out[4]) {
    const float *w1 = w0 + ws, *w2 = w1 + ws, *w3 = w2 + ws;
    VEC s0 = VZERO(), s1 = s0, s2 = s0, s3 = s0;
    const int64_t n8 = n & ~(int64_t)(VLEN - 1);
    for (int64_t k = 0; k < n8; k += VLEN) {
        const VEC v = VLOAD(x + k);
        s0 = VFMA(VLOAD(w0 + k), v, s0);
        s1 = VFMA(VLOAD(w1 + k), v, s1);
        s2 = VFMA(VLOAD(w2 + k), v, s2);
        s3 = VFMA(VLOAD(w3 + k), v, s3);
    }
    _mm_storeu_ps(out, HSUM4(s0, s1, s2, s3));
    for (int64_t k = n8; k < n; k++) {
        out[0] += w0[k] * x[k];
        out[1] += w1[k] * x[k];
        out[2] += w2[k] * x[k];
        out[3] += w3[k] * x[k];
    }
}

void MUL_MAT(int64_t n, const float *w, int64_t w_stride, int64_t r0, int64_t r1,
             const float *a, int64_t a_stride, int64_t ncols, float *y, int64_t y_stride) {
    const int64_t n8 = n & ~(int64_t)(VLEN - 1);
    int64_t r = r0;
    for (; r + 4 <= r1; r += 4) {
        const float *w0 = w + r * w_stride, *w1 = w0 + w_stride, *w2 = w1 + w_stride, *w3 = w2 + w_stride;
        int64_t c = 0;
        for (; c + 2 <= ncols; c += 2) {
            const float *x0 = a + c * a_stride, *x1 = x0 + a_stride;
            // The first pass over this group fetches the next group's rows while it computes.
            const float *next = c == 0 && r + 8 <= r1 ? w0 + 4 * w_stride : NULL;
            VEC s00 = VZERO(), s10 = s00, s20 = s00, s30 = s00;
            VEC s01 = s00, s11 = s00, s21 = s00, s31 = s00;
            for (int64_t k = 0; k < n8; k += VLEN) {
                const VEC v0 = VLOAD(x0 + k), v1 = VLOAD(x1 + k);
                if (next) {
                    _mm_prefetch((const char *)(next + k), _MM_HINT_T0);
                    _mm_prefetch((const char *)(next + w_stride + k), _MM_HINT_T0);
                    _mm_prefetch((const char *)(next + 2 * w_stride + k), _MM_HINT_T0);
                    _mm_prefetch((const char *)(next + 3 * w_stride + k), _MM_HINT_T0);
                }
                VEC m = VLOAD(w0 + k);
                s00 = VFMA(m, v0, s00);
                s01 = VFMA(m, v1, s01);
                m = VLOAD(w1 + k);
                s10 = VFMA(m, v0, s10);
                s11 = VFMA(m, v1, s11);
                m = VLOAD(w2 + k);
                s20 = VFMA(m, v0, s20);
                s21 = VFMA(m, v1, s21);
                m = VLOAD(w3 + k);
                s30 = VFMA(m, v0, s30);
                s31 = VFMA(m, v1, s31);
            }
            float o0[4], o1[4];
            _mm_storeu_ps(o0, HSUM4(s00, s10, s20, s30));
            _mm_storeu_ps(o1, HSUM4(s01, s11, s21, s31));
            for (int64_t k = n8; k < n; k++) {
                o0[0] += w0[k] * x0[k]; o1[0] += w0[k] * x1[k];
                o0[1] += w1[k] * x0[k]; o1[1] += w1[k] * x1[k];
                o0[2] += w2[k] * x0[k]; o1[2] += w2[k] * x1[k];
                o0[3] += w3[k] * x0[k]; o1[3] += w3[k] * x1[k];
            }
            for (int i = 0; i < 4; i++) {
                y[c * y_stride + r + i] = o0[i];
                y[(c + 1) * y_stride + r + i] = o1[i];
            }
        }
        if (c < ncols) {
            float o[4];
            ROWS4_COL1(n, w0, w_stride, a + c * a_stride, o);
            for (int i = 0; i < 4; i++) y[c * y_stride + r + i] = o[i];
        }
    }
    for (; r < r1; r++) {
        const float *wr = w + r * w_stride;
        for (int64_t c = 0; c < ncols; c++) {
            const float *x = a + c * a_stride;
            VEC s = VZERO();
            for (int64_t k = 0; k < n8; k += VLEN) s = VFMA(VLOAD(wr + k), VLOAD(x + k), s);
            float sum = HSUM(s);
            for (int64_t k = n8; k < n; k++) sum += wr[k] * x[k];
            y[c * y_stride + r] = sum;
        }
    }
}

