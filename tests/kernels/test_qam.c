/* Tests of the modulation mapper and the soft demappers (36.211 §7.1).
 *
 * The constellations are rebuilt here independently of the library, from
 * the closed forms that generate 36.211 Tables 7.1.1-1 .. 7.1.5-1 (the same
 * forms TS 38.211 §5.1 writes out), e.g. for 64QAM
 *   x = [(1-2b0)(4-(1-2b2)(2-(1-2b4))) + j(1-2b1)(4-(1-2b3)(2-(1-2b5)))]/sqrt(42),
 * cross-checked against rows transcribed from the tables. The demappers are
 * compared with brute force over all 2^Q points in two dimensions, in
 * double precision.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/qam_map.h"
#include "ltephy/error.h"
#include "ltephy/modulation.h"
#include "tests/common/testutil.h"

static const lte_mod all_mods[] = {LTE_MOD_BPSK, LTE_MOD_QPSK, LTE_MOD_16QAM, LTE_MOD_64QAM,
                                   LTE_MOD_256QAM};
#define N_MODS 5

/* Axis level (before normalisation) from that axis' bits c[0..p-1]:
 * (1-2c0)(2^(p-1) - (1-2c1)(2^(p-2) - (1-2c2)(... ))). */
static int axis_level(const int *c, int p)
{
    int v = 1;
    for (int i = p - 1; i >= 1; i--)
        v = (1 << (p - i)) - (1 - 2 * c[i]) * v;
    return (1 - 2 * c[0]) * v;
}

/* Spec point (double) for the bit pattern, b0 most significant. */
static double complex spec_point(lte_mod mod, unsigned pat)
{
    int q = (int)mod, b[8];
    for (int i = 0; i < q; i++)
        b[i] = (pat >> (q - 1 - i)) & 1;
    if (mod == LTE_MOD_BPSK) /* Table 7.1.1-1 */
        return (1 - 2 * b[0]) * (1 + I) / sqrt(2.0);
    int p = q / 2, ci[4] = {0}, cq[4] = {0};
    for (int i = 0; i < p; i++) {
        ci[i] = b[2 * i];
        cq[i] = b[2 * i + 1];
    }
    double norm = mod == LTE_MOD_QPSK ? 2 : mod == LTE_MOD_16QAM ? 10 : mod == LTE_MOD_64QAM ? 42 : 170;
    return (axis_level(ci, p) + I * axis_level(cq, p)) / sqrt(norm);
}

static void test_points_equal_spec_formula(void **state)
{
    (void)state;
    for (int m = 0; m < N_MODS; m++) {
        int q = (int)all_mods[m];
        assert_int_equal(lte_mod_bits(all_mods[m]), q);
        double energy = 0;
        for (unsigned pat = 0; pat < (1u << q); pat++) {
            float complex pt;
            assert_int_equal(lte_mod_point(all_mods[m], pat, &pt), 0);
            double complex ref = spec_point(all_mods[m], pat);
            /* the float point is the correctly rounded spec value */
            assert_true(crealf(pt) == (float)creal(ref));
            assert_true(cimagf(pt) == (float)cimag(ref));
            energy += creal(ref * conj(ref)) / (1 << q);
            /* distinct points */
            for (unsigned o = 0; o < pat; o++) {
                float complex po;
                lte_mod_point(all_mods[m], o, &po);
                assert_true(cabsf(po - pt) > 0.1f);
            }
        }
        assert_true(fabs(energy - 1.0) < 1e-12); /* unit mean energy */
    }
}

/* Rows copied from 36.211 Tables 7.1.2-1 .. 7.1.5-1 (bits, I, Q before the
 * normalisation factor). */
static void test_table_rows(void **state)
{
    (void)state;
    static const struct { lte_mod mod; const char *bits; int i, q; } rows[] = {
        {LTE_MOD_QPSK, "00", 1, 1},        {LTE_MOD_QPSK, "01", 1, -1},
        {LTE_MOD_QPSK, "10", -1, 1},       {LTE_MOD_QPSK, "11", -1, -1},
        {LTE_MOD_16QAM, "0000", 1, 1},     {LTE_MOD_16QAM, "0001", 1, 3},
        {LTE_MOD_16QAM, "0010", 3, 1},     {LTE_MOD_16QAM, "0011", 3, 3},
        {LTE_MOD_16QAM, "0100", 1, -1},    {LTE_MOD_16QAM, "0111", 3, -3},
        {LTE_MOD_16QAM, "1000", -1, 1},    {LTE_MOD_16QAM, "1010", -3, 1},
        {LTE_MOD_16QAM, "1101", -1, -3},   {LTE_MOD_16QAM, "1111", -3, -3},
        {LTE_MOD_64QAM, "000000", 3, 3},   {LTE_MOD_64QAM, "000001", 3, 1},
        {LTE_MOD_64QAM, "000010", 1, 3},   {LTE_MOD_64QAM, "000011", 1, 1},
        {LTE_MOD_64QAM, "000100", 3, 5},   {LTE_MOD_64QAM, "000101", 3, 7},
        {LTE_MOD_64QAM, "000110", 1, 5},   {LTE_MOD_64QAM, "000111", 1, 7},
        {LTE_MOD_64QAM, "001000", 5, 3},   {LTE_MOD_64QAM, "001010", 7, 3},
        {LTE_MOD_64QAM, "010000", 3, -3},  {LTE_MOD_64QAM, "100000", -3, 3},
        {LTE_MOD_64QAM, "111111", -7, -7},
        {LTE_MOD_256QAM, "00000000", 5, 5},  {LTE_MOD_256QAM, "00000001", 5, 7},
        {LTE_MOD_256QAM, "00000010", 7, 5},  {LTE_MOD_256QAM, "00000011", 7, 7},
        {LTE_MOD_256QAM, "00000100", 5, 3},  {LTE_MOD_256QAM, "00000101", 5, 1},
        {LTE_MOD_256QAM, "00001000", 3, 5},  {LTE_MOD_256QAM, "00001100", 3, 3},
        {LTE_MOD_256QAM, "00010000", 5, 11}, {LTE_MOD_256QAM, "00100000", 11, 5},
        {LTE_MOD_256QAM, "11111111", -15, -15},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        int q = (int)strlen(rows[r].bits);
        unsigned pat = 0;
        uint8_t bits[8];
        for (int i = 0; i < q; i++) {
            bits[i] = rows[r].bits[i] == '1';
            pat = (pat << 1) | bits[i];
        }
        double norm = q == 2 ? 2 : q == 4 ? 10 : q == 6 ? 42 : 170;
        float complex pt, mapped;
        assert_int_equal(lte_mod_point(rows[r].mod, pat, &pt), 0);
        assert_int_equal(lte_mod_map(rows[r].mod, bits, q, &mapped), 0);
        assert_true(mapped == pt);
        assert_true(fabs(crealf(pt) - rows[r].i / sqrt(norm)) < 1e-7);
        assert_true(fabs(cimagf(pt) - rows[r].q / sqrt(norm)) < 1e-7);
    }
    float complex b0, b1;
    lte_mod_point(LTE_MOD_BPSK, 0, &b0);
    lte_mod_point(LTE_MOD_BPSK, 1, &b1);
    assert_true(fabs(crealf(b0) - 1 / sqrt(2.0)) < 1e-7 && fabs(cimagf(b0) - 1 / sqrt(2.0)) < 1e-7);
    assert_true(fabs(crealf(b1) + 1 / sqrt(2.0)) < 1e-7 && fabs(cimagf(b1) + 1 / sqrt(2.0)) < 1e-7);
}

/* Gray labelling: horizontally or vertically adjacent points differ in
 * exactly one bit. */
static void test_gray(void **state)
{
    (void)state;
    for (int m = 1; m < N_MODS; m++) {
        int q = (int)all_mods[m];
        double dmin = 2 / sqrt(q == 2 ? 2.0 : q == 4 ? 10.0 : q == 6 ? 42.0 : 170.0);
        int pairs = 0;
        for (unsigned a = 0; a < (1u << q); a++)
            for (unsigned b = a + 1; b < (1u << q); b++) {
                float complex pa, pb;
                lte_mod_point(all_mods[m], a, &pa);
                lte_mod_point(all_mods[m], b, &pb);
                if (fabs(cabsf(pa - pb) - dmin) < 1e-4) {
                    assert_int_equal(__builtin_popcount(a ^ b), 1);
                    pairs++;
                }
            }
        int side = 1 << (q / 2);
        assert_int_equal(pairs, 2 * side * (side - 1)); /* all neighbours of a square grid */
    }
}

static void test_map_stream(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 11);
    for (int m = 0; m < N_MODS; m++) {
        int q = (int)all_mods[m], n_sym = 333;
        uint8_t *bits = malloc((size_t)(q * n_sym));
        float complex *sym = malloc(sizeof *sym * (size_t)n_sym);
        tu_random_bits(&r, bits, q * n_sym);
        assert_int_equal(lte_mod_map(all_mods[m], bits, q * n_sym, sym), 0);
        for (int s = 0; s < n_sym; s++) {
            unsigned pat = 0;
            for (int i = 0; i < q; i++)
                pat = (pat << 1) | bits[q * s + i];
            double complex ref = spec_point(all_mods[m], pat);
            assert_true(crealf(sym[s]) == (float)creal(ref) && cimagf(sym[s]) == (float)cimag(ref));
        }
        free(bits);
        free(sym);
    }
}

/* The mapper reads its bits 8 at a time: every length (whole and partial
 * groups), every alignment of the input, and bytes other than 0/1 (nonzero
 * means 1, as documented in modulation.h) must give the spec point, and
 * nothing may be written past the last symbol. */
static void test_map_lengths_and_nonzero_bytes(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 12);
    enum { NMAX = 41 };
    for (int m = 0; m < N_MODS; m++) {
        int q = (int)all_mods[m];
        for (int n_sym = 0; n_sym <= NMAX; n_sym++)
            for (int align = 0; align < 3; align++) {
                uint8_t raw[NMAX * 8 + 8];
                uint8_t *bits = raw + align;
                for (int i = 0; i < q * n_sym; i++) {
                    uint32_t v = tu_rand(&r);
                    bits[i] = (v & 3) == 0 ? 0 : (v & 4) ? 1 : (uint8_t)(v >> 8);
                }
                float complex sym[NMAX + 1];
                sym[n_sym] = CMPLXF(123.0f, -7.0f); /* guard */
                assert_int_equal(lte_mod_map(all_mods[m], bits, q * n_sym, sym), 0);
                for (int s = 0; s < n_sym; s++) {
                    unsigned pat = 0;
                    for (int i = 0; i < q; i++)
                        pat = (pat << 1) | (bits[q * s + i] != 0);
                    double complex ref = spec_point(all_mods[m], pat);
                    assert_true(crealf(sym[s]) == (float)creal(ref) &&
                                cimagf(sym[s]) == (float)cimag(ref));
                }
                assert_true(crealf(sym[n_sym]) == 123.0f && cimagf(sym[n_sym]) == -7.0f);
            }
    }
}

/* ---- demappers --------------------------------------------------------- */

/* Brute force over all points: max-log and exact LLRs in double. Each
 * log-sum-exp is taken relative to its own set's minimum distance, so no
 * sum underflows however far y is from the other set. */
static void brute_llr(lte_mod mod, double complex y, double n0, double *maxlog, double *exact)
{
    int q = (int)mod, npts = 1 << q;
    double d[256];
    for (int p = 0; p < npts; p++) {
        double complex e = y - spec_point(mod, (unsigned)p);
        d[p] = creal(e * conj(e));
    }
    for (int i = 0; i < q; i++) {
        double m[2] = {INFINITY, INFINITY}, s[2] = {0, 0};
        for (int p = 0; p < npts; p++) {
            int bit = (p >> (q - 1 - i)) & 1;
            m[bit] = d[p] < m[bit] ? d[p] : m[bit];
        }
        for (int p = 0; p < npts; p++) {
            int bit = (p >> (q - 1 - i)) & 1;
            s[bit] += exp(-(d[p] - m[bit]) / n0);
        }
        maxlog[i] = (m[1] - m[0]) / n0;
        exact[i] = (-m[0] / n0 + log(s[0])) - (-m[1] / n0 + log(s[1]));
    }
}

/* Random received symbols: points plus noise of various sizes, some far out. */
static void random_rx(tu_rng *r, lte_mod mod, int n, float complex *y, float *n0)
{
    int q = (int)mod;
    for (int s = 0; s < n; s++) {
        double complex x = spec_point(mod, tu_rand(r) & ((1u << q) - 1));
        double sigma = (s % 7 == 0) ? 1.0 : (s % 3 == 0 ? 0.01 : 0.2);
        y[s] = (float complex)(x + sigma * (tu_gauss(r) + I * tu_gauss(r)));
        n0[s] = (float)(0.001 + 2 * tu_uniform(r));
    }
}

static void test_maxlog_vs_brute_force(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 12);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int m = 0; m < N_MODS; m++) {
        int q = (int)all_mods[m], n = 2000;
        float complex *y = malloc(sizeof *y * (size_t)n);
        float *n0 = malloc(sizeof *n0 * (size_t)n), *llr = malloc(sizeof *llr * (size_t)(n * q));
        random_rx(&r, all_mods[m], n, y, n0);
        for (int pi = 0; pi < np; pi++) {
            assert_int_equal(lte_demap_maxlog(all_mods[m], y, n, n0, n, llr, paths[pi]), 0);
            for (int s = 0; s < n; s++) {
                double ml[8], ex[8], yy = creal(y[s] * conj(y[s]));
                brute_llr(all_mods[m], y[s], n0[s], ml, ex);
                for (int i = 0; i < q; i++) {
                    assert_true(isfinite(ml[i]) && isfinite(llr[s * q + i]));
                    double tol = 1e-5 * (1 + yy) / n0[s] + 1e-5 * fabs(ml[i]);
                    if (!(fabs(llr[s * q + i] - ml[i]) <= tol))
                        fail_msg("%s %s sym %d bit %d: llr %.9g brute %.9g", lte_mod_name(all_mods[m]),
                                 lte_simd_name(paths[pi]), s, i, llr[s * q + i], ml[i]);
                }
            }
        }
        free(y);
        free(n0);
        free(llr);
    }
}

static void test_exact_vs_brute_force(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 13);
    for (int m = 0; m < N_MODS; m++) {
        int q = (int)all_mods[m], n = 2000;
        float complex *y = malloc(sizeof *y * (size_t)n);
        float *n0 = malloc(sizeof *n0 * (size_t)n), *llr = malloc(sizeof *llr * (size_t)(n * q));
        random_rx(&r, all_mods[m], n, y, n0);
        assert_int_equal(lte_demap_exact(all_mods[m], y, n, n0, n, llr), 0);
        for (int s = 0; s < n; s++) {
            double ml[8], ex[8];
            brute_llr(all_mods[m], y[s], n0[s], ml, ex);
            for (int i = 0; i < q; i++) {
                assert_true(isfinite(ex[i]) && isfinite(llr[s * q + i]));
                double tol = 1e-5 * (1 + fabs(ex[i]));
                if (!(fabs(llr[s * q + i] - ex[i]) <= tol))
                    fail_msg("%s sym %d bit %d: llr %.9g brute %.9g", lte_mod_name(all_mods[m]), s,
                             i, llr[s * q + i], ex[i]);
            }
        }
        /* one n0 for all symbols == that n0 repeated */
        float *rep = malloc(sizeof *rep * (size_t)n), *llr2 = malloc(sizeof *llr2 * (size_t)(n * q));
        for (int s = 0; s < n; s++)
            rep[s] = 0.3f;
        assert_int_equal(lte_demap_exact(all_mods[m], y, n, rep, n, llr), 0);
        assert_int_equal(lte_demap_exact(all_mods[m], y, n, rep, 1, llr2), 0);
        assert_memory_equal(llr, llr2, sizeof *llr * (size_t)(n * q));
        free(rep);
        free(llr2);
        free(y);
        free(n0);
        free(llr);
    }
}

/* Noise-free points: every LLR has the sign of its bit (positive = 0), and
 * for high SNR exact and max-log agree. */
static void test_sign_convention(void **state)
{
    (void)state;
    for (int m = 0; m < N_MODS; m++) {
        int q = (int)all_mods[m], n = 1 << q;
        float complex y[256];
        double dmin2 = 4 / (q == 1 || q == 2 ? 2.0 : q == 4 ? 10.0 : q == 6 ? 42.0 : 170.0);
        float n0 = (float)(0.02 * dmin2), ml[256 * 8], ex[256 * 8]; /* e^{-50}: max-log ~ exact */
        for (int p = 0; p < n; p++)
            y[p] = (float complex)spec_point(all_mods[m], (unsigned)p);
        assert_int_equal(lte_demap_maxlog(all_mods[m], y, n, &n0, 1, ml, LTE_SIMD_AUTO), 0);
        assert_int_equal(lte_demap_exact(all_mods[m], y, n, &n0, 1, ex), 0);
        for (int p = 0; p < n; p++)
            for (int i = 0; i < q; i++) {
                int bit = (p >> (q - 1 - i)) & 1;
                assert_true(bit ? ml[p * q + i] < 0 : ml[p * q + i] > 0);
                assert_true(bit ? ex[p * q + i] < 0 : ex[p * q + i] > 0);
                assert_true(fabsf(ml[p * q + i] - ex[p * q + i]) < 1e-3f * fabsf(ml[p * q + i]));
            }
    }
}

/* Every SIMD path gives bit-identical output to the scalar reference, for
 * every length (vector bodies and tails) and both n0 forms, including
 * symbols on decision boundaries, zeros and huge values. */
static void test_simd_bit_exact(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 14);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    int nmax = 16800 + 13;
    float complex *y = malloc(sizeof *y * (size_t)nmax);
    float *n0 = malloc(sizeof *n0 * (size_t)nmax);
    float *ref = malloc(sizeof *ref * (size_t)nmax * 8), *got = malloc(sizeof *got * (size_t)nmax * 8);
    for (int m = 0; m < N_MODS; m++) {
        int q = (int)all_mods[m];
        random_rx(&r, all_mods[m], nmax, y, n0);
        /* boundaries and specials */
        static const float special[] = {0.0f, -0.0f, 1e-30f, 1e6f, -1e6f, 0.5f, 1.0f};
        for (int i = 0; i < 7 * 7; i++)
            y[i] = CMPLXF(special[i % 7], special[i / 7]);
        for (int i = 0; i < 16; i++) /* on level midpoints: 2k/sqrt(norm) */
            y[49 + i] = CMPLXF((float)((i - 8) * 2 / sqrt(q == 4 ? 10.0 : q == 6 ? 42.0 : 170.0)),
                               (float)((8 - i) * 2 / sqrt(170.0)));
        for (int len = 0; len <= 40; len++)
            for (int nl = 0; nl < 2; nl++) {
                int n0_len = nl ? len : 1;
                if (len == 0 && nl)
                    continue;
                assert_int_equal(
                    lte_demap_maxlog(all_mods[m], y, len, n0, n0_len, ref, LTE_SIMD_SCALAR), 0);
                for (int pi = 0; pi < np; pi++) {
                    memset(got, 0xAB, sizeof *got * (size_t)(len * q + 8));
                    assert_int_equal(
                        lte_demap_maxlog(all_mods[m], y, len, n0, n0_len, got, paths[pi]), 0);
                    assert_memory_equal(got, ref, sizeof *got * (size_t)(len * q));
                    /* nothing written beyond n_sym * Q_m */
                    uint32_t w;
                    memcpy(&w, got + len * q, 4);
                    assert_int_equal(w, 0xABABABABu);
                }
            }
        for (int nl = 0; nl < 2; nl++) {
            int n0_len = nl ? nmax : 1;
            lte_demap_maxlog(all_mods[m], y, nmax, n0, n0_len, ref, LTE_SIMD_SCALAR);
            for (int pi = 0; pi < np; pi++) {
                assert_int_equal(lte_demap_maxlog(all_mods[m], y, nmax, n0, n0_len, got, paths[pi]), 0);
                assert_memory_equal(got, ref, sizeof *got * (size_t)nmax * (size_t)q);
            }
        }
    }
    free(y);
    free(n0);
    free(ref);
    free(got);
}

/* c(n) of 36.211 §7.2, bit-serial from the formula: x1(0) = 1, x1(n) = 0
 * for n = 1..30, x2 from c_init, N_c = 1600. */
static void gold_ref(uint32_t c_init, int n, uint8_t *c)
{
    uint8_t *x1 = calloc((size_t)n + 1631, 1), *x2 = calloc((size_t)n + 1631, 1);
    x1[0] = 1;
    for (int i = 0; i < 31; i++)
        x2[i] = (c_init >> i) & 1;
    for (int i = 0; i + 31 < n + 1600; i++) {
        x1[i + 31] = (x1[i + 3] + x1[i]) & 1;
        x2[i + 31] = (x2[i + 3] + x2[i + 2] + x2[i + 1] + x2[i]) & 1;
    }
    for (int i = 0; i < n; i++)
        c[i] = (x1[i + 1600] + x2[i + 1600]) & 1;
    free(x1);
    free(x2);
}

/* lte_demap_maxlog_scr equals the scalar demapper followed by negating the
 * values where the 36.211 §7.2 sequence (generated here bit by bit) is 1, bit
 * for bit on every path, for every modulation, lengths 0..40 and 16813
 * symbols, one or per-symbol n0, and writes nothing beyond n_sym Q_m;
 * lte_demap_maxlog_words the same from bit offsets 0..199 of the sequence
 * given as words (the stores then straddle words). */
static void test_demap_scr(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 41);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    int nmax = 16800 + 13;
    float complex *y = malloc(sizeof *y * (size_t)nmax);
    float *n0 = malloc(sizeof *n0 * (size_t)nmax);
    /* got: 8 guard values past the longest output (checked untouched below) */
    float *ref = malloc(sizeof *ref * (size_t)nmax * 8),
          *got = malloc(sizeof *got * ((size_t)nmax * 8 + 8));
    uint8_t *c = malloc((size_t)nmax * 8 + 256);
    uint64_t *wds = malloc(sizeof(uint64_t) * ((size_t)nmax * 8 / 64 + 8));
    float *ref2 = malloc(sizeof *ref2 * (size_t)nmax * 8);
    for (int m = 0; m < N_MODS; m++) {
        int q = (int)all_mods[m];
        random_rx(&r, all_mods[m], nmax, y, n0);
        uint32_t c_init = tu_rand(&r) & 0x7FFFFFFFu;
        gold_ref(c_init, nmax * q + 256, c);
        /* the same bits as words, for lte_demap_maxlog_words at an offset */
        memset(wds, 0, sizeof(uint64_t) * (size_t)((nmax * q + 256) / 64 + 1));
        for (long i = 0; i < (long)nmax * q + 256; i++)
            wds[i >> 6] |= (uint64_t)c[i] << (i & 63);
        for (int len = 0; len <= 41; len++)
            for (int nl = 0; nl < 2; nl++) {
                int n = len == 41 ? nmax : len, n0_len = nl ? n : 1;
                if (n == 0 && nl)
                    continue;
                assert_int_equal(
                    lte_demap_maxlog(all_mods[m], y, n, n0, n0_len, ref, LTE_SIMD_SCALAR), 0);
                for (long i = 0; i < (long)n * q; i++)
                    if (c[i])
                        ref[i] = -ref[i];
                for (int pi = 0; pi < np; pi++) {
                    memset(got, 0xAB, sizeof *got * ((size_t)n * q + 8));
                    assert_int_equal(lte_demap_maxlog_scr(all_mods[m], y, n, n0, n0_len, c_init,
                                                          got, paths[pi]),
                                     0);
                    assert_memory_equal(got, ref, sizeof *got * (size_t)n * (size_t)q);
                    uint32_t w;
                    memcpy(&w, got + (long)n * q, 4);
                    assert_int_equal(w, 0xABABABABu);
                    /* from bit off of the sequence: the reference shifted */
                    int off = (len * 37 + pi * 11) % 200;
                    assert_int_equal(lte_demap_maxlog(all_mods[m], y, n, n0, n0_len, got,
                                                      LTE_SIMD_SCALAR),
                                     0);
                    for (long i = 0; i < (long)n * q; i++)
                        if (c[off + i])
                            got[i] = -got[i];
                    memcpy(ref2, got, sizeof *got * (size_t)n * (size_t)q);
                    assert_int_equal(lte_demap_maxlog_words(all_mods[m], y, n, n0, n0_len, wds,
                                                            off, got, paths[pi]),
                                     0);
                    assert_memory_equal(got, ref2, sizeof *got * (size_t)n * (size_t)q);
                }
            }
    }
    float complex s1 = 1;
    float one = 1, l[8];
    assert_int_equal(lte_demap_maxlog_scr(LTE_MOD_QPSK, &s1, 1, &one, 1, 1u << 31, l,
                                          LTE_SIMD_SCALAR),
                     LTE_EINVAL);
    assert_int_equal(lte_demap_maxlog_scr(LTE_MOD_256QAM, y, LTE_DEMAP_SCR_MAX_BITS / 8 + 1, n0,
                                          1, 5, got, LTE_SIMD_SCALAR),
                     LTE_EINVAL);
    assert_int_equal(lte_demap_maxlog_scr(LTE_MOD_QPSK, NULL, 1, &one, 1, 5, l, LTE_SIMD_SCALAR),
                     LTE_EINVAL);
    free(y);
    free(n0);
    free(ref);
    free(got);
    free(c);
    free(wds);
    free(ref2);
}

static void test_bad_args(void **state)
{
    (void)state;
    uint8_t bits[8] = {0};
    float complex s[4] = {0};
    float n0 = 1.0f, llr[32], bad0 = 0.0f, nan0 = NAN, neg = -1.0f;
    assert_int_equal(lte_mod_bits((lte_mod)3), LTE_EINVAL);
    assert_string_equal(lte_mod_name((lte_mod)3), "invalid");
    assert_int_equal(lte_mod_point(LTE_MOD_16QAM, 16, s), LTE_EINVAL);
    assert_int_equal(lte_mod_point(LTE_MOD_16QAM, 0, NULL), LTE_EINVAL);
    assert_int_equal(lte_mod_map(LTE_MOD_64QAM, bits, 7, s), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "multiple"));
    assert_int_equal(lte_mod_map(LTE_MOD_64QAM, bits, -6, s), LTE_EINVAL);
    assert_int_equal(lte_mod_map((lte_mod)0, bits, 0, s), LTE_EINVAL);
    assert_int_equal(lte_mod_map(LTE_MOD_QPSK, NULL, 2, s), LTE_EINVAL);
    assert_int_equal(lte_demap_maxlog((lte_mod)5, s, 1, &n0, 1, llr, LTE_SIMD_SCALAR), LTE_EINVAL);
    assert_int_equal(lte_demap_maxlog(LTE_MOD_QPSK, s, 1, &bad0, 1, llr, LTE_SIMD_SCALAR), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "n0[0]"));
    assert_int_equal(lte_demap_maxlog(LTE_MOD_QPSK, s, 1, &nan0, 1, llr, LTE_SIMD_SCALAR), LTE_EINVAL);
    assert_int_equal(lte_demap_exact(LTE_MOD_QPSK, s, 1, &neg, 1, llr), LTE_EINVAL);
    assert_int_equal(lte_demap_maxlog(LTE_MOD_QPSK, s, 4, &n0, 2, llr, LTE_SIMD_SCALAR), LTE_EINVAL);
    assert_int_equal(lte_demap_maxlog(LTE_MOD_QPSK, s, -1, &n0, 1, llr, LTE_SIMD_SCALAR), LTE_EINVAL);
    assert_int_equal(lte_demap_maxlog(LTE_MOD_QPSK, NULL, 1, &n0, 1, llr, LTE_SIMD_SCALAR), LTE_EINVAL);
    assert_int_equal(lte_demap_maxlog(LTE_MOD_QPSK, s, 1, NULL, 1, llr, LTE_SIMD_SCALAR), LTE_EINVAL);
    assert_int_equal(lte_demap_exact(LTE_MOD_QPSK, s, 1, &n0, 1, NULL), LTE_EINVAL);
    assert_int_equal(lte_demap_maxlog(LTE_MOD_QPSK, s, 1, &n0, 1, llr, (lte_simd_path)17), LTE_EINVAL);
    assert_int_equal(lte_demap_maxlog(LTE_MOD_QPSK, s, 0, &n0, 1, llr, LTE_SIMD_SCALAR), 0);
    /* n0 = FLT_MAX is what the detectors report for an RE the channel does not
     * reach: accepted on every path, with LLRs of (almost) no information */
    float big[4] = {FLT_MAX, FLT_MAX, FLT_MAX, FLT_MAX}, inf0 = INFINITY;
    float complex y4[4] = {0.7f + 0.7f * I, -0.7f + 0.1f * I, 0.3f - 0.9f * I, -1.0f - 1.0f * I};
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int pi = 0; pi < np; pi++) {
        assert_int_equal(lte_demap_maxlog(LTE_MOD_256QAM, y4, 4, big, 4, llr, paths[pi]), 0);
        for (int i = 0; i < 32; i++)
            assert_true(isfinite(llr[i]) && fabsf(llr[i]) < 1e-30f);
    }
    assert_int_equal(lte_demap_exact(LTE_MOD_64QAM, y4, 4, big, 4, llr), 0);
    for (int i = 0; i < 24; i++)
        assert_true(isfinite(llr[i]) && fabsf(llr[i]) < 1e-30f);
    assert_int_equal(lte_demap_maxlog(LTE_MOD_QPSK, s, 1, &inf0, 1, llr, LTE_SIMD_SCALAR), LTE_EINVAL);
}

/* The SIMD kernels check n0 while they load it: a bad value anywhere
 * (vector body or tail, per-symbol or shared, 0, negative, NaN or inf) is
 * refused on every path, the message naming the first bad index. */
static void test_bad_n0_every_position(void **state)
{
    (void)state;
    enum { n = 53 };
    float complex y[n];
    float n0[n], llr[n * 8];
    for (int i = 0; i < n; i++) {
        y[i] = CMPLXF(0.1f * (float)(i % 7), -0.05f * (float)(i % 5));
        n0[i] = 0.5f;
    }
    const float bad[4] = {0.0f, -1.0f, NAN, INFINITY};
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int m = 0; m < N_MODS; m++)
        for (int pi = 0; pi < np; pi++) {
            for (int at = 0; at < n; at += 5)
                for (int b = 0; b < 4; b++) {
                    n0[at] = bad[b];
                    n0[n - 1] = b == 0 ? -0.0f : n0[n - 1]; /* a second, later one */
                    assert_int_equal(lte_demap_maxlog(all_mods[m], y, n, n0, n, llr, paths[pi]),
                                     LTE_EINVAL);
                    char want[16];
                    snprintf(want, sizeof want, "n0[%d]", at);
                    assert_non_null(strstr(lte_errdetail(), want));
                    n0[at] = n0[n - 1] = 0.5f;
                }
            for (int b = 0; b < 4; b++)
                assert_int_equal(lte_demap_maxlog(all_mods[m], y, n, &bad[b], 1, llr, paths[pi]),
                                 LTE_EINVAL);
            assert_int_equal(lte_demap_maxlog(all_mods[m], y, n, n0, n, llr, paths[pi]), 0);
        }
}

/* The look-up mapper with scrambling and RE indices (lte_qam_map_lut_x_path)
 * on every path against a plain model: bit i = (bits[i] != 0) XOR x(i),
 * except that a byte >= 2 is 1 whatever x says; symbol s is lut[sum_j bit(s
 * q + j) 2^j] at sym[idx[s]]. The table holds arbitrary distinct values, the
 * indices runs of consecutive REs with gaps, a shuffled stretch and a
 * repeat (the last write wins, as in C); nothing else may be written. */
static void test_map_lut_x_paths(void **state)
{
    (void)state;
    enum { NS = 700, NSYM_OUT = 2 * NS + 64 };
    tu_rng r;
    tu_rng_seed(&r, 31);
    static float complex lut[256], want[NSYM_OUT], got[NSYM_OUT];
    static uint8_t bits[NS * 8 + 64], x[NS + 16];
    static uint32_t idx[NS];
    for (int i = 0; i < 256; i++)
        lut[i] = (float)i + 0.5f - I * (float)(3 * i + 1);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    static const int qs[] = {2, 4, 6, 8};
    static const int lens[] = {0, 1, 7, 31, 32, 33, 64, 95, 96, 97, 250, NS};
    for (int qi = 0; qi < 4; qi++)
        for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++)
            for (int mode = 0; mode < 4; mode++) { /* bit 0: x, bit 1: idx */
                int q = qs[qi], n = lens[li];
                for (int i = 0; i < n * q; i++) {
                    uint32_t v = tu_rand(&r);
                    bits[i] = (v & 15) == 0 ? (uint8_t)(v >> 8) : (uint8_t)((v >> 4) & 1);
                }
                for (int i = 0; i < (n * q + 7) / 8; i++)
                    x[i] = (uint8_t)tu_rand(&r);
                int at = 0;
                for (int s = 0; s < n; s++) {
                    at += (tu_rand(&r) % 23 == 0) ? 1 + (int)(tu_rand(&r) % 3) : 0;
                    idx[s] = (uint32_t)at++;
                }
                if (n > 40) { /* a shuffled stretch and a repeated index */
                    uint32_t t = idx[10];
                    idx[10] = idx[13];
                    idx[13] = t;
                    idx[20] = idx[17];
                }
                const uint8_t *xp = (mode & 1) ? x : NULL;
                const uint32_t *ip = (mode & 2) ? idx : NULL;
                for (int i = 0; i < NSYM_OUT; i++)
                    want[i] = -1.0f;
                for (int s = 0; s < n; s++) {
                    unsigned pat = 0;
                    for (int j = 0; j < q; j++) {
                        int i = s * q + j;
                        unsigned b = bits[i] != 0;
                        if (xp)
                            b = bits[i] >= 2 ? 1 : b ^ ((xp[i / 8] >> (i % 8)) & 1);
                        pat |= b << j;
                    }
                    want[ip ? ip[s] : (uint32_t)s] = lut[pat];
                }
                for (int p = 0; p < np; p++) {
                    for (int i = 0; i < NSYM_OUT; i++)
                        got[i] = -1.0f;
                    lte_qam_map_lut_x_path((int)paths[p], lut, q, bits, xp, ip, n, got);
                    if (memcmp(got, want, sizeof want) != 0)
                        fail_msg("path %s q %d n %d mode %d differs from the model",
                                 lte_simd_name(paths[p]), q, n, mode);
                }
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_points_equal_spec_formula),
        cmocka_unit_test(test_table_rows),
        cmocka_unit_test(test_gray),
        cmocka_unit_test(test_map_stream),
        cmocka_unit_test(test_map_lengths_and_nonzero_bytes),
        cmocka_unit_test(test_maxlog_vs_brute_force),
        cmocka_unit_test(test_exact_vs_brute_force),
        cmocka_unit_test(test_sign_convention),
        cmocka_unit_test(test_demap_scr),
        cmocka_unit_test(test_simd_bit_exact),
        cmocka_unit_test(test_map_lut_x_paths),
        cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_bad_n0_every_position),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
