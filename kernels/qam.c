/* Gray-mapped square QAM: mapper and soft demappers, scalar reference.
 * See kernels/qam_internal.h for the definitions and the max-log formula.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <float.h>
#include <math.h>
#include <string.h>

#include "kernels/qam_map.h"
#include "ltephy/simd.h"
#include "qam_internal.h"

void lte_qam_map(const lte_qam_desc *d, const uint8_t *bits, int n_sym, float complex *sym)
{
    int p = d->q / 2;
    for (int s = 0; s < n_sym; s++, bits += d->q) {
        float ax[2];
        for (int a = 0; a < 2; a++) { /* a = 0: I (even bits), 1: Q (odd bits) */
            unsigned idx = 0;
            for (int k = 1; k < p; k++)
                idx = (idx << 1) | (bits[2 * k + a] != 0);
            ax[a] = bits[a] ? -d->mag[idx] : d->mag[idx];
        }
        sym[s] = CMPLXF(ax[0], ax[1]);
    }
}

/* 8 bytes -> 8 bits, byte j to bit j: *nz gets "byte j nonzero", the return
 * value "byte j >= 2". The first step sets each byte's top bit iff the byte
 * is nonzero (no carry can leave a byte: (x & 0x7F) + 0x7F <= 0xFE); the
 * multiply then moves byte j's bit 0 to bit 56 + j without carries (every
 * partial product lands on a distinct bit). */
static inline unsigned pack8_nz(const uint8_t *p, unsigned *ge2)
{
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7FULL, ones = 0x0101010101010101ULL;
    const uint64_t mul = 0x0102040810204080ULL;
    uint64_t v, h;
    memcpy(&v, p, 8);
    h = v & ~ones; /* nonzero iff the byte is >= 2 */
    v = ((((v & lo7) + lo7) | v) >> 7) & ones;
    h = ((((h & lo7) + lo7) | h) >> 7) & ones;
    *ge2 = (unsigned)((h * mul) >> 56);
    return (unsigned)((v * mul) >> 56);
}

/* A float complex moved as one 8-byte word: may_alias keeps the access
 * legal, aligned(4) claims no more alignment than two floats have. */
typedef uint64_t __attribute__((may_alias, aligned(4))) cword;

/* The q-bit labels of n_sym symbols from whole groups of 8 (q = 2, 4, 8) or
 * 24 (q = 6) input bytes, bit i of the label stream = (bits[i] ^ x(i)) != 0
 * with x(i) bit i%8 of x[i/8] (x NULL: 0), i.e. the bits scrambled by x as
 * bytes and then read as "nonzero means 1". Symbol s goes to sym[s], or
 * sym[idx[s]] if idx is not NULL. Points are moved as 8-byte words. Every
 * argument that selects a variant (q, x != NULL, idx != NULL) is a constant
 * after inlining, so each variant is a straight loop. */
static inline __attribute__((always_inline)) int map_groups(const cword *lut, const int q,
                                                            const uint8_t *bits,
                                                            const uint8_t *x,
                                                            const uint32_t *idx, int n_sym,
                                                            cword *sym)
{
    const int per = q == 6 ? 4 : 8 / q; /* symbols per group */
    const unsigned mask = (1u << q) - 1;
    int s = 0;
    for (; s + per <= n_sym; s += per, bits += per * q) {
        const uint64_t hi7 = 0xFEFEFEFEFEFEFEFEULL, mul = 0x0102040810204080ULL;
        uint64_t v0, v1 = 0, v2 = 0;
        unsigned w, g2 = 0;
        memcpy(&v0, bits, 8);
        if (q == 6) {
            memcpy(&v1, bits + 8, 8);
            memcpy(&v2, bits + 16, 8);
        }
        if (!((v0 | v1 | v2) & hi7)) { /* every byte 0 or 1 (the usual case) */
            w = (unsigned)((v0 * mul) >> 56);
            if (q == 6)
                w |= (unsigned)((v1 * mul) >> 56) << 8 | (unsigned)((v2 * mul) >> 56) << 16;
        } else {
            unsigned g2b, g2c;
            w = pack8_nz(bits, &g2);
            if (q == 6) {
                w |= pack8_nz(bits + 8, &g2b) << 8 | pack8_nz(bits + 16, &g2c) << 16;
                g2 |= g2b << 8 | g2c << 16;
            }
        }
        if (x) { /* XOR, then a byte >= 2 stays nonzero whatever x says */
            unsigned xv = x[0];
            if (q == 6)
                xv |= (unsigned)x[1] << 8 | (unsigned)x[2] << 16;
            x += q == 6 ? 3 : 1;
            w = (w ^ xv) | g2;
        }
#pragma GCC unroll 4
        for (int m = 0; m < per; m++) {
            cword v = lut[(w >> (q * m)) & mask];
            if (idx)
                sym[idx[s + m]] = v;
            else
                sym[s + m] = v;
        }
    }
    return s;
}

static inline __attribute__((always_inline)) void map_q(const cword *lut, const int q,
                                                        const uint8_t *bits, const uint8_t *x,
                                                        const uint32_t *idx, int n_sym,
                                                        cword *sym)
{
    int s = map_groups(lut, q, bits, x, idx, n_sym, sym);
    if (s < n_sym) { /* a partial group: through zero-padded copies */
        const int per = q == 6 ? 4 : 8 / q, nb = (n_sym - s) * q;
        uint8_t tb[24] = {0}, tx[3] = {0};
        memcpy(tb, bits + (long)s * q, (size_t)nb);
        if (x)
            memcpy(tx, x + (long)s * q / 8, (size_t)(nb + 7) / 8);
        cword out[8];
        map_groups(lut, q, tb, x ? tx : NULL, NULL, per, out);
        for (int i = 0; i < n_sym - s; i++) {
            if (idx)
                sym[idx[s + i]] = out[i];
            else
                sym[s + i] = out[i];
        }
    }
}

#define MAP_VARIANTS(Q)                                                                   \
    static void map_##Q(const cword *lut, const uint8_t *bits, const uint8_t *x,         \
                        const uint32_t *idx, int n_sym, cword *sym)                     \
    {                                                                                       \
        if (x && idx)                                                                       \
            map_q(lut, Q, bits, x, idx, n_sym, sym);                                        \
        else if (x)                                                                         \
            map_q(lut, Q, bits, x, NULL, n_sym, sym);                                       \
        else if (idx)                                                                       \
            map_q(lut, Q, bits, NULL, idx, n_sym, sym);                                     \
        else                                                                                \
            map_q(lut, Q, bits, NULL, NULL, n_sym, sym);                                    \
    }
MAP_VARIANTS(2)
MAP_VARIANTS(4)
MAP_VARIANTS(6)
MAP_VARIANTS(8)

void lte_qam_map_lut_x(const float complex *lut, int q, const uint8_t *bits, const uint8_t *x,
                       const uint32_t *idx, int n_sym, float complex *sym)
{
    const cword *l = (const cword *)lut;
    cword *o = (cword *)sym;
    switch (q) {
    case 2: map_2(l, bits, x, idx, n_sym, o); break;
    case 4: map_4(l, bits, x, idx, n_sym, o); break;
    case 6: map_6(l, bits, x, idx, n_sym, o); break;
    default: map_8(l, bits, x, idx, n_sym, o); break;
    }
}

void lte_qam_map_lut_x_path(int path, const float complex *lut, int q, const uint8_t *bits,
                            const uint8_t *x, const uint32_t *idx, int n_sym,
                            float complex *sym)
{
    if (path == LTE_SIMD_AVX512)
        lte_qam_map_lut_x_avx512(lut, q, bits, x, idx, n_sym, sym);
    else
        lte_qam_map_lut_x(lut, q, bits, x, idx, n_sym, sym);
}

void lte_qam_map_lut(const float complex *lut, int q, const uint8_t *bits, int n_sym,
                     float complex *sym)
{
    lte_qam_map_lut_x(lut, q, bits, NULL, NULL, n_sym, sym);
}

static inline float fmin_ps(float a, float b) { return a < b ? a : b; } /* = MINPS */

/* Max-log LLRs of one axis value u: out[2k] for axis bit k (stride 2 puts
 * I and Q bits of a symbol in their interleaved order). */
static void axis_maxlog(const lte_qam_desc *d, float u, float inv, float *out)
{
    int p = d->q / 2, m_count = 1 << (p - 1);
    if (p == 1) {
        out[0] = (u * (4.0f * d->mag[0])) * inv;
        return;
    }
    float v = fabsf(u), t = v + v, h[8];
    for (int i = 0; i < m_count; i++)
        h[i] = d->mag[i] * (d->mag[i] - t);
    float hmin = 0.0f;
    for (int k = 1; k < p; k++) {
        int bit = p - 1 - k; /* position of axis bit k in the magnitude index */
        float s0 = INFINITY, s1 = INFINITY;
        for (int i = 0; i < m_count; i++) {
            if ((i >> bit) & 1)
                s1 = fmin_ps(s1, h[i]);
            else
                s0 = fmin_ps(s0, h[i]);
        }
        if (k == 1)
            hmin = fmin_ps(s0, s1);
        out[2 * k] = (s1 - s0) * inv;
    }
    float m0 = d->mag[d->i0], m1 = d->mag[d->i1];
    float g = fmin_ps(m0 * (m0 + t), m1 * (m1 + t));
    out[0] = copysignf((g - hmin) * inv, u);
}

int lte_qam_maxlog_scalar(const lte_qam_desc *d, const float complex *y, int n_sym,
                          const float *n0, int n0_len, const uint64_t *scr, long scr_off,
                          float *llr)
{
    int ok = n0_len != 1 || n_sym == 0 || (n0[0] > 0.0f && n0[0] <= FLT_MAX);
    for (int s = 0; s < n_sym; s++, llr += d->q) {
        float v = n0[n0_len == 1 ? 0 : s], inv = 1.0f / v;
        ok &= n0_len == 1 || (v > 0.0f && v <= FLT_MAX);
        axis_maxlog(d, crealf(y[s]), inv, llr);
        axis_maxlog(d, cimagf(y[s]), inv, llr + 1);
        if (!scr)
            continue;
        /* descrambling: the sign bit flipped where c(n) = 1 (exact) */
        for (int j = 0; j < d->q; j++) {
            long b = scr_off + (long)s * d->q + j;
            uint32_t u, c = (uint32_t)(scr[b >> 6] >> (b & 63)) & 1u;
            memcpy(&u, &llr[j], sizeof u);
            u ^= c << 31;
            memcpy(&llr[j], &u, sizeof u);
        }
    }
    return ok;
}

/* ln sum exp(x_i) over the n values, stably. */
static double log_sum_exp(const double *x, int n)
{
    double mx = x[0], acc = 0.0;
    for (int i = 1; i < n; i++)
        mx = x[i] > mx ? x[i] : mx;
    for (int i = 0; i < n; i++)
        acc += exp(x[i] - mx);
    return mx + log(acc);
}

/* ln sum_{lab in set} e^{metric[lab]}; set = labels whose bit `bit` is `val`. */
static double set_lse(const double *metric, int n_lev, int bit, int val)
{
    double x[8] = {0};
    int c = 0;
    for (int lab = 0; lab < n_lev; lab++)
        if (((lab >> bit) & 1) == val)
            x[c++] = metric[lab];
    return log_sum_exp(x, c);
}

static void axis_exact(const lte_qam_desc *d, double u, double n0, float *out)
{
    int p = d->q / 2, n_lev = 1 << p;
    double metric[16], w[16], mx = -INFINITY;
    for (int lab = 0; lab < n_lev; lab++) { /* lab: axis bits, sign bit most significant */
        int sgn = (lab >> (p - 1)) & 1;
        double a = d->mag[lab & ((1 << (p - 1)) - 1)];
        double e = u - (sgn ? -a : a);
        metric[lab] = -e * e / n0;
        mx = metric[lab] > mx ? metric[lab] : mx;
    }
    /* One set of exponentials relative to the overall maximum serves every
     * bit; a set whose sum would lose precision to underflow (more than
     * ~575 nats below the maximum) is recomputed relative to its own. */
    for (int lab = 0; lab < n_lev; lab++)
        w[lab] = exp(metric[lab] - mx);
    for (int k = 0; k < p; k++) {
        int bit = p - 1 - k;
        double s[2] = {0.0, 0.0}, lse[2];
        for (int lab = 0; lab < n_lev; lab++)
            s[(lab >> bit) & 1] += w[lab];
        for (int v = 0; v < 2; v++)
            lse[v] = s[v] > 1e-250 ? mx + log(s[v]) : set_lse(metric, n_lev, bit, v);
        out[2 * k] = (float)(lse[0] - lse[1]);
    }
}

void lte_qam_exact(const lte_qam_desc *d, const float complex *y, int n_sym, const float *n0,
                   int n0_len, float *llr)
{
    for (int s = 0; s < n_sym; s++, llr += d->q) {
        double v = n0[n0_len == 1 ? 0 : s];
        axis_exact(d, crealf(y[s]), v, llr);
        axis_exact(d, cimagf(y[s]), v, llr + 1);
    }
}
