/* Fixed-point max-log soft demapper: the scalar reference model of
 * include/ltephy/demap_fx.h, the constants and the dispatch.
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <math.h>
#include <stdint.h>

#include "kernels/internal.h"
#include "ltephy/demap_fx.h"

/* Shared with demap_fx_avx2.c / demap_fx_avx512.c (same contract): p axis
 * bits; c[j] = C_l of level l = 2j+1; lab[j] = Gray bits c_1..c_{p-1} of
 * that level (bit i-1 = c_i). The SIMD variants finish any tail with the
 * scalar model. */
void lte_demap_fx_scalar(int p, const int32_t *c, const uint8_t *lab, const int16_t *y,
                         int n_sym, const uint16_t *k, int k_len, int8_t *llr);
void lte_demap_fx_avx2(int p, const int32_t *c, const uint8_t *lab, const int16_t *y, int n_sym,
                       const uint16_t *k, int k_len, int8_t *llr);
void lte_demap_fx_avx512(int p, const int32_t *c, const uint8_t *lab, const int16_t *y,
                         int n_sym, const uint16_t *k, int k_len, int8_t *llr);

/* d: half the minimum distance of the unit-energy constellation (36.211 §7.1). */
static double half_dist(lte_mod mod)
{
    switch (mod) {
    case LTE_MOD_QPSK: return 1.0 / sqrt(2.0);
    case LTE_MOD_16QAM: return 1.0 / sqrt(10.0);
    case LTE_MOD_64QAM: return 1.0 / sqrt(42.0);
    case LTE_MOD_256QAM: return 1.0 / sqrt(170.0);
    default: return 0.0;
    }
}

static int qam_ok(lte_mod mod) { return half_dist(mod) > 0.0; }

/* Section 2: the level of axis bits c_1..c_{p-1} (bit i-1 of bits = c_i). */
static int gray_level(int p, unsigned bits)
{
    int v = 1;
    for (int i = p - 1; i >= 1; i--)
        v = (1 << (p - i)) - (1 - 2 * (int)((bits >> (i - 1)) & 1u)) * v;
    return v;
}

static void make_tables(lte_mod mod, int *p, int32_t *c, uint8_t *lab)
{
    double d = half_dist(mod);
    *p = (int)mod / 2;
    int nlev = 1 << (*p - 1);
    for (int j = 0; j < nlev; j++) {
        double l = 2 * j + 1;
        c[j] = (int32_t)lround(4096.0 * d * l * l);
    }
    for (unsigned bits = 0; bits < (unsigned)nlev; bits++)
        lab[(gray_level(*p, bits) - 1) / 2] = (uint8_t)bits;
}

int lte_demap_fx_const(lte_mod mod, int l)
{
    LTE_CHECK_ARG(qam_ok(mod), "mod = %d is not QPSK, 16QAM, 64QAM or 256QAM", (int)mod);
    LTE_CHECK_ARG(l >= 1 && (l & 1) && l < (1 << ((int)mod / 2)), "level %d is not an odd "
                  "level of %s", l, lte_mod_name(mod));
    return (int)lround(4096.0 * half_dist(mod) * l * l);
}

int lte_demap_fx_scale(lte_mod mod, float n0, int frac_bits, uint16_t *k)
{
    LTE_CHECK_ARG(qam_ok(mod), "mod = %d is not QPSK, 16QAM, 64QAM or 256QAM", (int)mod);
    LTE_CHECK_ARG(isfinite(n0) && n0 > 0.0f, "n0 = %g is not finite and > 0", (double)n0);
    LTE_CHECK_ARG(frac_bits >= 0 && frac_bits <= 7, "frac_bits = %d is not in 0..7", frac_bits);
    LTE_CHECK_ARG(k, "k is NULL");
    double v = ldexp(half_dist(mod), frac_bits + 4) / (double)n0;
    *k = v >= 65534.5 ? 65535 : (uint16_t)lround(v);
    return 0;
}

int16_t lte_demap_fx_quant(float v)
{
    double q = (double)v * 4096.0;
    if (!(q > -32768.0)) /* also NaN -> -32768: defined, not UB */
        return -32768;
    if (q >= 32767.0)
        return 32767;
    return (int16_t)lround(q);
}

/* Section 4: clip127((D K + 2^15) >> 16), exact in 64 bits. */
static inline int8_t scale_llr(int32_t d, uint32_t k)
{
    int64_t v = ((int64_t)d * k + 32768) >> 16;
    return (int8_t)(v > 127 ? 127 : v < -127 ? -127 : v);
}

/* Section 3 for one axis value; writes out[2i] for axis bit i. */
static void axis_fx(int p, const int32_t *c, const uint8_t *lab, int32_t u, uint32_t k,
                    int8_t *out)
{
    int nlev = 1 << (p - 1);
    int32_t a = u < 0 ? -u : u, h[8], hmin = INT32_MAX;
    for (int j = 0; j < nlev; j++) {
        h[j] = c[j] - 2 * (2 * j + 1) * a;
        hmin = h[j] < hmin ? h[j] : hmin;
    }
    int32_t d0 = c[0] + 2 * a - hmin;
    out[0] = scale_llr(u < 0 ? -d0 : d0, k);
    for (int i = 1; i < p; i++) {
        int32_t m0 = INT32_MAX, m1 = INT32_MAX;
        for (int j = 0; j < nlev; j++) {
            if ((lab[j] >> (i - 1)) & 1)
                m1 = h[j] < m1 ? h[j] : m1;
            else
                m0 = h[j] < m0 ? h[j] : m0;
        }
        out[2 * i] = scale_llr(m1 - m0, k);
    }
}

void lte_demap_fx_scalar(int p, const int32_t *c, const uint8_t *lab, const int16_t *y,
                         int n_sym, const uint16_t *k, int k_len, int8_t *llr)
{
    for (int s = 0; s < n_sym; s++, llr += 2 * p) {
        uint32_t ks = k[k_len == 1 ? 0 : s];
        axis_fx(p, c, lab, y[2 * s], ks, llr);
        axis_fx(p, c, lab, y[2 * s + 1], ks, llr + 1);
    }
}

int lte_demap_fx(lte_mod mod, const int16_t *y, int n_sym, const uint16_t *k, int k_len,
                 int8_t *llr, lte_simd_path path)
{
    LTE_CHECK_ARG(qam_ok(mod), "mod = %d is not QPSK, 16QAM, 64QAM or 256QAM", (int)mod);
    LTE_CHECK_ARG(n_sym >= 0, "n_sym = %d is negative", n_sym);
    LTE_CHECK_ARG(k_len == 1 || k_len == n_sym, "k_len = %d is neither 1 nor n_sym = %d", k_len,
                  n_sym);
    LTE_CHECK_ARG(n_sym == 0 || (y && k && llr), "y, k or llr is NULL");
    int pick = lte_simd_pick(path);
    if (pick < 0)
        return pick;
    if (n_sym == 0)
        return 0;
    int p;
    int32_t c[8];
    uint8_t lab[8];
    make_tables(mod, &p, c, lab);
    if (pick == LTE_SIMD_AVX512)
        lte_demap_fx_avx512(p, c, lab, y, n_sym, k, k_len, llr);
    else if (pick == LTE_SIMD_AVX2)
        lte_demap_fx_avx2(p, c, lab, y, n_sym, k, k_len, llr);
    else
        lte_demap_fx_scalar(p, c, lab, y, n_sym, k, k_len, llr);
    return 0;
}
