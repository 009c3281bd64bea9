/* Modulation mapper and soft demappers of TS 36.211 §7.1: the LTE tables as
 * a configuration of the generic Gray square-QAM kernel (kernels/qam*.c).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <emmintrin.h> /* SSE2: part of baseline x86-64 */
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "kernels/gold_impl.h"
#include "kernels/internal.h"
#include "kernels/qam_internal.h"
#include "kernels/qam_map.h"
#include "ltephy/modulation.h"
#include "phy/modulation_internal.h"

/* 1/sqrt(2), 1/sqrt(10), 1/sqrt(42), 1/sqrt(170) to 21 digits. */
#define R2 0.707106781186547524401
#define R10 0.316227766016837933200
#define R42 0.154303349962091910261
#define R170 0.0766964988847370437010

/* Axis magnitudes indexed by the non-sign axis bits, first bit most
 * significant, read off the tables:
 *   Table 7.1.3-1 (16QAM), bit b2 (b3 for Q): 0 -> 1, 1 -> 3
 *   Table 7.1.4-1 (64QAM), bits b2 b4: 00 -> 3, 01 -> 1, 10 -> 5, 11 -> 7
 *   Table 7.1.5-1 (256QAM), bits b2 b4 b6: 000 -> 5, 001 -> 7, 010 -> 3,
 *     011 -> 1, 100 -> 11, 101 -> 9, 110 -> 13, 111 -> 15 */
static const lte_qam_desc qpsk = {2, {(float)R2}, 0, 0};
static const lte_qam_desc qam16 = {4, {(float)(1 * R10), (float)(3 * R10)}, 0, 1};
static const lte_qam_desc qam64 = {
    6, {(float)(3 * R42), (float)(1 * R42), (float)(5 * R42), (float)(7 * R42)}, 1, 0};
static const lte_qam_desc qam256 = {
    8,
    {(float)(5 * R170), (float)(7 * R170), (float)(3 * R170), (float)(1 * R170),
     (float)(11 * R170), (float)(9 * R170), (float)(13 * R170), (float)(15 * R170)},
    3, 2};

static const lte_qam_desc *desc_of(lte_mod mod)
{
    switch (mod) {
    case LTE_MOD_QPSK: return &qpsk;
    case LTE_MOD_16QAM: return &qam16;
    case LTE_MOD_64QAM: return &qam64;
    case LTE_MOD_256QAM: return &qam256;
    default: return NULL;
    }
}

/* Look-up tables of the mapper (kernels/qam.c lte_qam_map_lut): entry i is
 * lte_qam_map's point for the pattern whose bit j is b(j), so mapping through
 * them gives the reference's floats exactly. Built once, then read-only. */
static float complex lut_qpsk[4], lut_16[16], lut_64[64], lut_256[256];
static pthread_once_t lut_once = PTHREAD_ONCE_INIT;

static void fill_lut(const lte_qam_desc *d, float complex *lut)
{
    uint8_t bits[8];
    for (unsigned i = 0; i < (1u << d->q); i++) {
        for (int j = 0; j < d->q; j++)
            bits[j] = (i >> j) & 1;
        lte_qam_map(d, bits, 1, &lut[i]);
    }
}

static void luts_init(void)
{
    fill_lut(&qpsk, lut_qpsk);
    fill_lut(&qam16, lut_16);
    fill_lut(&qam64, lut_64);
    fill_lut(&qam256, lut_256);
}

static const float complex *lut_of(lte_mod mod)
{
    pthread_once(&lut_once, luts_init);
    switch (mod) {
    case LTE_MOD_QPSK: return lut_qpsk;
    case LTE_MOD_16QAM: return lut_16;
    case LTE_MOD_64QAM: return lut_64;
    default: return lut_256;
    }
}

static int valid_mod(lte_mod mod) { return mod == LTE_MOD_BPSK || desc_of(mod) != NULL; }

int lte_mod_bits(lte_mod mod)
{
    LTE_CHECK_ARG(valid_mod(mod), "modulation %d invalid (expected Q_m = 1, 2, 4, 6 or 8)",
                  (int)mod);
    return (int)mod;
}

const char *lte_mod_name(lte_mod mod)
{
    switch (mod) {
    case LTE_MOD_BPSK: return "BPSK";
    case LTE_MOD_QPSK: return "QPSK";
    case LTE_MOD_16QAM: return "16QAM";
    case LTE_MOD_64QAM: return "64QAM";
    case LTE_MOD_256QAM: return "256QAM";
    default: return "invalid";
    }
}

/* Table 7.1.1-1 */
static float complex bpsk_point(int b) { return b ? CMPLXF(-(float)R2, -(float)R2) : CMPLXF((float)R2, (float)R2); }

int lte_mod_point(lte_mod mod, unsigned pattern, float complex *point)
{
    LTE_CHECK_ARG(valid_mod(mod), "modulation %d invalid", (int)mod);
    LTE_CHECK_ARG(point != NULL, "point is NULL");
    int q = (int)mod;
    LTE_CHECK_ARG(pattern < (1u << q), "pattern 0x%x has more than %d bits", pattern, q);
    if (mod == LTE_MOD_BPSK) {
        *point = bpsk_point((int)pattern);
        return 0;
    }
    uint8_t bits[8];
    for (int i = 0; i < q; i++)
        bits[i] = (pattern >> (q - 1 - i)) & 1;
    lte_qam_map(desc_of(mod), bits, 1, point);
    return 0;
}

int lte_mod_map(lte_mod mod, const uint8_t *bits, int n_bits, float complex *sym)
{
    LTE_CHECK_ARG(valid_mod(mod), "modulation %d invalid", (int)mod);
    LTE_CHECK_ARG(bits != NULL && sym != NULL, "NULL argument");
    int q = (int)mod;
    LTE_CHECK_ARG(n_bits >= 0 && n_bits % q == 0, "n_bits = %d is not a multiple of Q_m = %d",
                  n_bits, q);
    if (mod == LTE_MOD_BPSK) {
        for (int i = 0; i < n_bits; i++)
            sym[i] = bpsk_point(bits[i] != 0);
        return 0;
    }
    lte_qam_map_lut(lut_of(mod), q, bits, n_bits / q, sym);
    return 0;
}

int lte_mod_map_scrambled(lte_mod mod, const uint8_t *bits, int n_bits, uint32_t c_init,
                          uint64_t *scratch, float amp, const uint32_t *idx, float complex *sym)
{
    LTE_CHECK_ARG(desc_of(mod) != NULL, "modulation %d: QPSK, 16QAM, 64QAM or 256QAM expected",
                  (int)mod);
    LTE_CHECK_ARG(bits != NULL && scratch != NULL && sym != NULL, "NULL argument");
    LTE_CHECK_ARG(c_init < (1u << 31), "c_init = 0x%x: must be < 2^31", (unsigned)c_init);
    int q = (int)mod;
    LTE_CHECK_ARG(n_bits >= 0 && n_bits % q == 0, "n_bits = %d is not a multiple of Q_m = %d",
                  n_bits, q);
    int path = lte_simd_pick(LTE_SIMD_AUTO); /* the default path (LTEPHY_SIMD) */
    if (path < 0)
        return path;
    const float complex *lut = lut_of(mod);
    float complex scaled[256];
    for (int i = 0; i < (1 << q); i++)
        scaled[i] = amp * lut[i];
    lte_gold_words(c_init, n_bits, scratch); /* 36.211 §7.2 */
    lte_qam_map_lut_x_path(path, scaled, q, bits, (const uint8_t *)scratch, idx, n_bits / q,
                           sym);
    return 0;
}

/* Index of the first n0[i] outside (0, FLT_MAX] (NaN and inf included;
 * FLT_MAX is the detectors' "no signal"), or -1. Sixteen at a time with
 * SSE2 (baseline x86-64): this check runs over every RE of a subframe. */
static int first_bad_n0(const float *n0, int n)
{
    const __m128 zero = _mm_setzero_ps(), mx = _mm_set1_ps(FLT_MAX);
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128 ok = _mm_set1_ps(-1.0f); /* all bits set in the sign: movemask 0xF */
        for (int j = 0; j < 16; j += 4) {
            __m128 v = _mm_loadu_ps(n0 + i + j);
            ok = _mm_and_ps(ok, _mm_and_ps(_mm_cmpgt_ps(v, zero), _mm_cmple_ps(v, mx)));
        }
        if (_mm_movemask_ps(ok) != 0xF)
            break;
    }
    for (; i < n; i++)
        if (!(n0[i] > 0.0f && n0[i] <= FLT_MAX))
            return i;
    return -1;
}

static int bad_n0(const float *n0, int bad)
{
    return lte_error_set_fn(LTE_EINVAL, "check_demap",
                            "n0[%d] = %g: noise variance must be finite and > 0", bad,
                            (double)n0[bad]);
}

/* values: also check every n0 (the max-log kernels check them on the way). */
static int check_demap(lte_mod mod, const float complex *sym, int n_sym, const float *n0,
                       int n0_len, const float *llr, int values)
{
    LTE_CHECK_ARG(valid_mod(mod), "modulation %d invalid", (int)mod);
    LTE_CHECK_ARG(sym != NULL && n0 != NULL && llr != NULL, "NULL argument");
    LTE_CHECK_ARG(n_sym >= 0, "n_sym = %d negative", n_sym);
    LTE_CHECK_ARG(n0_len == 1 || n0_len == n_sym, "n0_len = %d: must be 1 or n_sym = %d",
                  n0_len, n_sym);
    int bad = values ? first_bad_n0(n0, n0_len) : -1;
    return bad < 0 ? 0 : bad_n0(n0, bad);
}

/* BPSK: two antipodal points +-s, s = (1+j)/sqrt(2), so exact = max-log:
 * LLR = (|y+s|^2 - |y-s|^2)/N0 = 4 Re(y s*)/N0 = 2 sqrt(2) (Re y + Im y)/N0. */
static void bpsk_demap(const float complex *y, int n_sym, const float *n0, int n0_len,
                       float *llr)
{
    const float c = (float)(4 * R2);
    for (int s = 0; s < n_sym; s++) {
        float inv = 1.0f / n0[n0_len == 1 ? 0 : s];
        llr[s] = ((crealf(y[s]) + cimagf(y[s])) * c) * inv;
    }
}

/* The max-log kernel of path p, with the descrambling words w from bit
 * w_off (w NULL: none). */
static int qam_maxlog(int p, const lte_qam_desc *d, const float complex *sym, int n_sym,
                      const float *n0, int n0_len, const uint64_t *w, long w_off, float *llr)
{
    int ok;
    if (p == LTE_SIMD_AVX512)
        ok = lte_qam_maxlog_avx512(d, sym, n_sym, n0, n0_len, w, w_off, llr);
    else if (p == LTE_SIMD_AVX2)
        ok = lte_qam_maxlog_avx2(d, sym, n_sym, n0, n0_len, w, w_off, llr);
    else
        ok = lte_qam_maxlog_scalar(d, sym, n_sym, n0, n0_len, w, w_off, llr);
    /* a bad n0 leaves the LLRs undefined; find it for the message */
    return ok ? 0 : bad_n0(n0, first_bad_n0(n0, n0_len));
}

int lte_demap_maxlog(lte_mod mod, const float complex *sym, int n_sym, const float *n0,
                     int n0_len, float *llr, lte_simd_path path)
{
    int rc = check_demap(mod, sym, n_sym, n0, n0_len, llr, mod == LTE_MOD_BPSK);
    if (rc < 0)
        return rc;
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    if (n_sym == 0)
        return 0;
    if (mod == LTE_MOD_BPSK) {
        bpsk_demap(sym, n_sym, n0, n0_len, llr);
        return 0;
    }
    return qam_maxlog(p, desc_of(mod), sym, n_sym, n0, n0_len, NULL, 0, llr);
}

/* Demapping with the sequence bits w_off.. of w applied (w NULL: none). */
static int demap_words(int p, lte_mod mod, const float complex *sym, int n_sym, const float *n0,
                       int n0_len, const uint64_t *w, long w_off, float *llr)
{
    if (mod != LTE_MOD_BPSK)
        return qam_maxlog(p, desc_of(mod), sym, n_sym, n0, n0_len, w, w_off, llr);
    bpsk_demap(sym, n_sym, n0, n0_len, llr);
    for (int i = 0; w && i < n_sym; i++) {
        long b = w_off + i;
        uint32_t u, c = (uint32_t)(w[b >> 6] >> (b & 63)) & 1u;
        memcpy(&u, &llr[i], sizeof u);
        u ^= c << 31;
        memcpy(&llr[i], &u, sizeof u);
    }
    return 0;
}

int lte_demap_maxlog_scr(lte_mod mod, const float complex *sym, int n_sym, const float *n0,
                         int n0_len, uint32_t c_init, float *llr, lte_simd_path path)
{
    int rc = check_demap(mod, sym, n_sym, n0, n0_len, llr, mod == LTE_MOD_BPSK);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(c_init < (1u << 31), "c_init = 0x%x: must be < 2^31", (unsigned)c_init);
    int q = lte_mod_bits(mod);
    LTE_CHECK_ARG((long)n_sym * q <= LTE_DEMAP_SCR_MAX_BITS,
                  "n_sym * Q_m = %ld: at most %d soft values", (long)n_sym * q,
                  LTE_DEMAP_SCR_MAX_BITS);
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    if (n_sym == 0)
        return 0;
    /* c(0 .. n_sym Q_m - 1) as words (36.211 §7.2), then the demapper flips
     * each soft value's sign where c(n) = 1 as it stores it */
    uint64_t w[(LTE_DEMAP_SCR_MAX_BITS + 63) / 64];
    if ((rc = lte_gold_words_path(c_init, n_sym * q, (lte_simd_path)p, w)) < 0)
        return rc;
    return demap_words(p, mod, sym, n_sym, n0, n0_len, w, 0, llr);
}

int lte_demap_maxlog_words(lte_mod mod, const float complex *sym, int n_sym, const float *n0,
                           int n0_len, const uint64_t *w, long w_off, float *llr,
                           lte_simd_path path)
{
    int rc = check_demap(mod, sym, n_sym, n0, n0_len, llr, mod == LTE_MOD_BPSK);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(w != NULL && w_off >= 0, "w is NULL or w_off = %ld negative", w_off);
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    return n_sym == 0 ? 0 : demap_words(p, mod, sym, n_sym, n0, n0_len, w, w_off, llr);
}

int lte_demap_exact(lte_mod mod, const float complex *sym, int n_sym, const float *n0,
                    int n0_len, float *llr)
{
    int rc = check_demap(mod, sym, n_sym, n0, n0_len, llr, 1);
    if (rc < 0)
        return rc;
    if (n_sym == 0)
        return 0;
    if (mod == LTE_MOD_BPSK)
        bpsk_demap(sym, n_sym, n0, n0_len, llr);
    else
        lte_qam_exact(desc_of(mod), sym, n_sym, n0, n0_len, llr);
    return 0;
}
