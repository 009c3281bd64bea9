/* Tests of the UE-side RI / PMI selection (ltephy/csi.h, 36.213 §7.2.4):
 *  - random channels: the report equals a brute-force search written here,
 *    with its own codebooks (36.211 Tables 6.3.4.2.3-1 and -2 typed in below:
 *    the 2-port entries and the u_n / column-set table with the Householder
 *    formula) and its own capacity formula, the n_rx x n_rx form
 *    log2 det(I + H W W^H H^H / n0) by Gaussian elimination (the library uses
 *    the v x v form by Cholesky); wideband and per subband (Table 7.2.1-3);
 *  - H = A W_k^H with A^H A = c I recovers k for every k, 2 and 4 ports,
 *    rank 1 and 2 (2 ports rank 2: the two reportable entries are unitary
 *    and tie under this criterion; the lower one must be reported);
 *  - the PMI <-> codebook mapping of 2-port rank 2, codebook subset
 *    restriction, subband sizes, argument errors.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/csi.h"
#include "ltephy/error.h"
#include "tests/common/testutil.h"

typedef double complex cd;

#define MAXI(a, b) ((a) > (b) ? (a) : (b))
#define MINI(a, b) ((a) < (b) ? (a) : (b))

#define S2 0.70710678118654752440

/* ---- the codebooks, typed in from 36.211 ---------------------------------- */

/* u_n of Table 6.3.4.2.3-2 written as multiples of 1, j and (±1±j)/sqrt2:
 * code 'a' = 1, 'b' = -1, 'c' = j, 'd' = -j, 'e' = (-1-j)/sqrt2,
 * 'f' = (1-j)/sqrt2, 'g' = (1+j)/sqrt2, 'h' = (-1+j)/sqrt2. */
static const char *const u_str[16] = {"abbb", "adac", "aaba", "acad", "aedf", "afce",
                                      "agdh", "ahcg", "abaa", "adbd", "aaab", "acbc",
                                      "abba", "abab", "aabb", "aaaa"};
static const char *const cols_t[4][16] = {
    {"1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1"},
    {"14", "12", "12", "12", "14", "14", "13", "13", "12", "14", "13", "13", "12", "13", "13",
     "12"},
    {"124", "123", "123", "123", "124", "124", "134", "134", "124", "134", "123", "134", "123",
     "123", "123", "123"},
    {"1234", "1234", "3214", "3214", "1234", "1234", "1324", "1324", "1234", "1234", "1324",
     "1324", "1234", "1324", "3214", "1234"},
};

static cd u_val(char c)
{
    switch (c) {
    case 'a': return 1;
    case 'b': return -1;
    case 'c': return I;
    case 'd': return -I;
    case 'e': return (-1 - I) * S2;
    case 'f': return (1 - I) * S2;
    case 'g': return (1 + I) * S2;
    default: return (-1 + I) * S2;
    }
}

static int cb_count(int P, int v) { return P == 2 ? (v == 1 ? 4 : 3) : 16; }

/* W (P x v, w[p*v + l]) with total power 1. */
static void model_cb(int P, int v, int idx, cd *w)
{
    if (P == 2 && v == 1) {
        static const cd second[4] = {1, -1, I, -I};
        w[0] = S2, w[1] = S2 * second[idx];
        return;
    }
    if (P == 2) {
        static const cd t[3][4] = {
            {S2, 0, 0, S2}, {0.5, 0.5, 0.5, -0.5}, {0.5, 0.5, 0.5 * I, -0.5 * I}};
        memcpy(w, t[idx], sizeof t[idx]);
        return;
    }
    cd u[4];
    double n2 = 0;
    for (int k = 0; k < 4; k++) {
        u[k] = u_val(u_str[idx][k]);
        n2 += creal(u[k] * conj(u[k]));
    }
    for (int l = 0; l < v; l++) {
        int c = cols_t[v - 1][idx][l] - '1';
        for (int p = 0; p < 4; p++)
            w[p * v + l] = ((p == c) - 2.0 * u[p] * conj(u[c]) / n2) / sqrt((double)v);
    }
}

/* ---- the brute-force search ------------------------------------------------ */

/* log2 |det A| of an n x n matrix by Gaussian elimination with pivoting. */
static double log2det_ge(cd *a, int n)
{
    double ld = 0;
    for (int c = 0; c < n; c++) {
        int piv = c;
        for (int r = c + 1; r < n; r++)
            if (cabs(a[r * n + c]) > cabs(a[piv * n + c]))
                piv = r;
        if (piv != c)
            for (int k = 0; k < n; k++) {
                cd t = a[c * n + k];
                a[c * n + k] = a[piv * n + k];
                a[piv * n + k] = t;
            }
        ld += log2(cabs(a[c * n + c]));
        for (int r = c + 1; r < n; r++) {
            cd f = a[r * n + c] / a[c * n + c];
            for (int k = c; k < n; k++)
                a[r * n + k] -= f * a[c * n + k];
        }
    }
    return ld;
}

/* C = log2 det(I_R + H W W^H H^H / n0) at one RE. */
static double model_cap(int P, int R, const cd *H, const cd *w, int v, double n0)
{
    cd HW[8 * 4], A[8 * 8];
    for (int r = 0; r < R; r++)
        for (int l = 0; l < v; l++) {
            cd s = 0;
            for (int p = 0; p < P; p++)
                s += H[r * P + p] * w[p * v + l];
            HW[r * v + l] = s;
        }
    for (int a = 0; a < R; a++)
        for (int b = 0; b < R; b++) {
            cd s = a == b;
            for (int l = 0; l < v; l++)
                s += HW[a * v + l] * conj(HW[b * v + l]) / n0;
            A[a * R + b] = s;
        }
    return log2det_ge(A, R);
}

typedef struct {
    double sum[4][16];  /* per rank, index */
} model_sums;

/* Sums over the REs of PRBs [p0, p1) sampled as csi.h says. */
static void model_sum(const lte_csi_cfg *c, float complex *const *h, double n0, int p0, int p1,
                      unsigned ranks, model_sums *ms)
{
    const int P = c->n_ports, R = c->n_rx, n_sc = 12 * c->n_rb;
    const int ks = c->k_step ? c->k_step : 6, ls = c->l_step ? c->l_step : 7;
    memset(ms, 0, sizeof *ms);
    for (int prb = p0; prb < p1; prb++)
        for (int l = ls / 2; l < c->n_symb; l += ls)
            for (int k = ks / 2; k < 12; k += ks) {
                int e = l * n_sc + prb * 12 + k;
                cd H[8 * 4];
                for (int i = 0; i < P * R; i++)
                    H[i] = h[i][e];
                for (int v = 1; v <= P; v++) {
                    if (!((ranks >> (v - 1)) & 1))
                        continue;
                    for (int i = 0; i < cb_count(P, v); i++) {
                        cd w[16];
                        model_cb(P, v, i, w);
                        ms->sum[v - 1][i] += model_cap(P, R, H, w, v, n0);
                    }
                }
            }
}

static int allowed(int P, int v, int i, unsigned mask)
{
    return !(P == 2 && v == 2 && i == 0) && (mask == 0 || ((mask >> i) & 1));
}

/* ---- channels -------------------------------------------------------------- */

static float complex **alloc_h(int pairs, int n)
{
    float complex **h = calloc((size_t)pairs, sizeof *h);
    for (int i = 0; i < pairs; i++)
        h[i] = calloc((size_t)n, sizeof **h);
    return h;
}

static void free_h(float complex **h, int pairs)
{
    for (int i = 0; i < pairs; i++)
        free(h[i]);
    free(h);
}

/* Frequency-selective random channel: a few taps per (r, p), same in every
 * symbol but with a small per-symbol perturbation. */
static void random_channel(tu_rng *rng, float complex **h, int pairs, int n_rb, int n_symb)
{
    const int n_sc = 12 * n_rb;
    for (int i = 0; i < pairs; i++) {
        cd g[3];
        double d[3] = {0, 7e-7 * tu_uniform(rng), 2e-6 * tu_uniform(rng)};
        for (int t = 0; t < 3; t++)
            g[t] = (tu_gauss(rng) + I * tu_gauss(rng)) * sqrt(0.5 / 3);
        for (int l = 0; l < n_symb; l++)
            for (int k = 0; k < n_sc; k++) {
                cd s = 0;
                for (int t = 0; t < 3; t++)
                    s += g[t] * cexp(-2 * M_PI * I * 15000.0 * k * d[t]);
                s += 0.05 * (tu_gauss(rng) + I * tu_gauss(rng));
                h[i][l * n_sc + k] = (float complex)s;
            }
    }
}

/* ---- tests ----------------------------------------------------------------- */

static void check_choice(int P, const model_sums *ms, unsigned ranks, const unsigned *cbm,
                         int got_v, int got_i, const char *what)
{
    double best = -1;
    int bv = 0, bi = 0;
    for (int v = 1; v <= P; v++) {
        if (!((ranks >> (v - 1)) & 1))
            continue;
        for (int i = 0; i < cb_count(P, v); i++)
            if (allowed(P, v, i, cbm[v - 1]) && ms->sum[v - 1][i] > best)
                best = ms->sum[v - 1][i], bv = v, bi = i;
    }
    if (got_v != bv || got_i != bi) {
        /* only a near-tie (rounding of two different formulas) may differ */
        double g = ms->sum[got_v - 1][got_i];
        if (!(fabs(g - best) <= 1e-9 * fabs(best) && allowed(P, got_v, got_i, cbm[got_v - 1]))) {
            print_error("%s: got rank %d index %d (%.12g), brute force rank %d index %d (%.12g)\n",
                        what, got_v, got_i, g, bv, bi, best);
            fail();
        }
    }
}

static void test_brute_force(void **state)
{
    (void)state;
    tu_rng rng;
    tu_rng_seed(&rng, 0xC51);
    static const struct {
        int P, R, n_rb;
        unsigned ranks;
        int ks, ls, subband;
    } cases[] = {
        {2, 1, 6, 1, 1, 1, 0},   {2, 2, 15, 1, 0, 0, 1}, {2, 2, 25, 3, 3, 2, 1},
        {2, 4, 6, 3, 0, 0, 0},   {4, 1, 6, 1, 2, 3, 0},  {4, 2, 50, 3, 0, 0, 1},
        {4, 4, 15, 15, 4, 5, 1}, {4, 4, 6, 8, 1, 7, 0},  {4, 2, 75, 2, 0, 0, 1},
    };
    int n_diff = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        for (int trial = 0; trial < 4; trial++) {
            lte_csi_cfg cfg;
            assert_int_equal(lte_csi_cfg_init(&cfg), 0);
            cfg.n_ports = cases[c].P;
            cfg.n_rx = cases[c].R;
            cfg.n_rb = cases[c].n_rb;
            cfg.rank_mask = cases[c].ranks;
            cfg.k_step = cases[c].ks;
            cfg.l_step = cases[c].ls;
            cfg.subband = cases[c].subband;
            if (trial == 3) { /* a part of the band */
                cfg.prb_start = cfg.n_rb / 3;
                cfg.n_prb = cfg.n_rb / 2;
            }
            if (trial == 2 && cfg.n_ports == 4) /* codebook subset restriction */
                cfg.cb_mask[0] = cfg.cb_mask[1] = 0x0f0f;
            const int pairs = cfg.n_ports * cfg.n_rx, n = 14 * 12 * cfg.n_rb;
            float complex **h = alloc_h(pairs, n);
            random_channel(&rng, h, pairs, cfg.n_rb, 14);
            double n0 = pow(10.0, -(tu_uniform(&rng) * 30 - 5) / 10);
            lte_csi_report rep;
            assert_int_equal(lte_csi_select(&cfg, (const float complex *const *)h, (float)n0, &rep),
                             0);
            const int p0 = cfg.prb_start, p1 = p0 + (cfg.n_prb ? cfg.n_prb : cfg.n_rb - p0);
            model_sums ms;
            model_sum(&cfg, h, (float)n0, p0, p1, cfg.rank_mask, &ms);
            char what[64];
            snprintf(what, sizeof what, "case %zu trial %d wideband", c, trial);
            check_choice(cfg.n_ports, &ms, cfg.rank_mask, cfg.cb_mask, rep.ri, rep.codebook, what);
            int ks = cfg.k_step ? cfg.k_step : 6, ls = cfg.l_step ? cfg.l_step : 7;
            int n_re = (p1 - p0) * ((12 - ks / 2 + ks - 1) / ks) * ((14 - ls / 2 + ls - 1) / ls);
            assert_int_equal(rep.n_re, n_re);
            double want = ms.sum[rep.ri - 1][rep.codebook] / n_re;
            assert_true(fabs(rep.capacity - want) <= 1e-6 * want + 1e-9);
            assert_int_equal(rep.pmi, cfg.n_ports == 2 && rep.ri == 2 ? rep.codebook - 1
                                                                        : rep.codebook);
            n_diff += rep.codebook != 0;
            if (cfg.subband) {
                int k = cfg.n_rb <= 7 ? 0 : cfg.n_rb <= 26 ? 4 : cfg.n_rb <= 63 ? 6 : 8;
                assert_int_equal(rep.k, k);
                assert_int_equal(rep.n_subbands, (cfg.n_rb + k - 1) / k);
                for (int sb = 0; sb < rep.n_subbands; sb++) {
                    int a = MAXI(sb * k, p0), b = MINI((sb + 1) * k, p1);
                    if (a >= b) {
                        assert_int_equal(rep.sb_codebook[sb], -1);
                        continue;
                    }
                    model_sums sm;
                    model_sum(&cfg, h, (float)n0, a, b, 1u << (rep.ri - 1), &sm);
                    snprintf(what, sizeof what, "case %zu trial %d subband %d", c, trial, sb);
                    check_choice(cfg.n_ports, &sm, 1u << (rep.ri - 1), cfg.cb_mask, rep.ri,
                                 rep.sb_codebook[sb], what);
                }
            } else {
                assert_int_equal(rep.n_subbands, 0);
            }
            free_h(h, pairs);
        }
    assert_true(n_diff > 5); /* the channels do not all pick entry 0 */
}

/* H = A W_k^H, A (R x v) with A^H A = c I: the precoder W_k captures all of
 * H's energy, any other entry less. Flat over the grid. */
static void test_recover(void **state)
{
    (void)state;
    for (int P = 2; P <= 4; P += 2)
        for (int v = 1; v <= 2; v++)
            for (int R = 2; R <= 4; R += 2)
                for (int k = 0; k < cb_count(P, v); k++) {
                    if (P == 2 && v == 2 && k == 0)
                        continue; /* not reportable */
                    lte_csi_cfg cfg;
                    lte_csi_cfg_init(&cfg);
                    cfg.n_ports = P;
                    cfg.n_rx = R;
                    cfg.n_rb = 6;
                    cfg.rank_mask = 1u << (v - 1);
                    cd w[16], A[8 * 4], H[8 * 4];
                    model_cb(P, v, k, w);
                    /* A: columns of the R-point DFT (orthogonal), times a phase */
                    for (int r = 0; r < R; r++)
                        for (int l = 0; l < v; l++)
                            A[r * v + l] =
                                cexp(-2 * M_PI * I * (r * (l + 1) / (double)R + 0.3 * l));
                    for (int r = 0; r < R; r++)
                        for (int p = 0; p < P; p++) {
                            cd s = 0;
                            for (int l = 0; l < v; l++)
                                s += A[r * v + l] * conj(w[p * v + l]);
                            H[r * P + p] = s;
                        }
                    const int pairs = P * R, n = 14 * 72;
                    float complex **h = alloc_h(pairs, n);
                    for (int i = 0; i < pairs; i++)
                        for (int e = 0; e < n; e++)
                            h[i][e] = (float complex)H[i];
                    lte_csi_report rep;
                    assert_int_equal(
                        lte_csi_select(&cfg, (const float complex *const *)h, 0.1f, &rep), 0);
                    /* 2 ports, rank 2: both reportable W are unitary (times 1/2), so
                     * det(I + H W W^H H^H / n0) = det(I + H H^H / (2 n0)) for either:
                     * a tie, reported as the lower index 1 */
                    int want = P == 2 && v == 2 ? 1 : k;
                    if (rep.ri != v || rep.codebook != want) {
                        print_error("P %d v %d R %d: sent %d, got rank %d index %d\n", P, v, R, k,
                                    rep.ri, rep.codebook);
                        fail();
                    }
                    free_h(h, pairs);
                }
}

static void test_mapping(void **state)
{
    (void)state;
    assert_int_equal(lte_csi_pmi_of(2, 1, 3), 3);
    assert_int_equal(lte_csi_pmi_of(2, 2, 1), 0);
    assert_int_equal(lte_csi_pmi_of(2, 2, 2), 1);
    assert_int_equal(lte_csi_pmi_of(2, 2, 0), LTE_EINVAL);
    assert_int_equal(lte_csi_codebook_of(2, 2, 0), 1);
    assert_int_equal(lte_csi_codebook_of(2, 2, 1), 2);
    assert_int_equal(lte_csi_codebook_of(2, 2, 2), LTE_EINVAL);
    assert_int_equal(lte_csi_codebook_of(4, 3, 15), 15);
    assert_int_equal(lte_csi_pmi_of(4, 2, 7), 7);
    assert_int_equal(lte_csi_codebook_of(4, 1, 16), LTE_EINVAL);
    static const int sizes[][2] = {{6, 0}, {7, 0}, {8, 4}, {26, 4}, {27, 6}, {63, 6}, {64, 8},
                                   {110, 8}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        assert_int_equal(lte_csi_subband_size(sizes[i][0]), sizes[i][1]);
    assert_int_equal(lte_csi_subband_size(5), LTE_EINVAL);
    assert_int_equal(lte_csi_subband_size(111), LTE_EINVAL);
}

/* Codebook subset restriction: with the best entry forbidden the second
 * best is reported. */
static void test_subset(void **state)
{
    (void)state;
    lte_csi_cfg cfg;
    lte_csi_cfg_init(&cfg);
    cfg.n_ports = 4;
    cfg.n_rx = 2;
    cfg.n_rb = 6;
    cd w[16];
    model_cb(4, 1, 9, w);
    float complex **h = alloc_h(8, 14 * 72);
    for (int r = 0; r < 2; r++)
        for (int p = 0; p < 4; p++)
            for (int e = 0; e < 14 * 72; e++)
                h[r * 4 + p][e] = (float complex)((r ? I : 1.0) * conj(w[p]));
    lte_csi_report rep;
    assert_int_equal(lte_csi_select(&cfg, (const float complex *const *)h, 0.1f, &rep), 0);
    assert_int_equal(rep.codebook, 9);
    cfg.cb_mask[0] = 0xffff & ~(1u << 9);
    assert_int_equal(lte_csi_select(&cfg, (const float complex *const *)h, 0.1f, &rep), 0);
    assert_int_not_equal(rep.codebook, 9);
    model_sums ms;
    model_sum(&cfg, h, 0.1, 0, 6, 1, &ms);
    check_choice(4, &ms, 1, cfg.cb_mask, rep.ri, rep.codebook, "subset");
    free_h(h, 8);
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_csi_cfg cfg;
    lte_csi_report rep;
    float complex **h = alloc_h(16, 14 * 12 * 6);
    const float complex *const *hc = (const float complex *const *)h;
    assert_int_equal(lte_csi_cfg_init(NULL), LTE_EINVAL);
    lte_csi_cfg_init(&cfg);
    cfg.n_rb = 6;
    assert_int_equal(lte_csi_select(&cfg, hc, 0.1f, &rep), 0);
    assert_int_equal(lte_csi_select(NULL, hc, 0.1f, &rep), LTE_EINVAL);
    assert_int_equal(lte_csi_select(&cfg, NULL, 0.1f, &rep), LTE_EINVAL);
    assert_int_equal(lte_csi_select(&cfg, hc, 0.1f, NULL), LTE_EINVAL);
    assert_int_equal(lte_csi_select(&cfg, hc, 0.0f, &rep), LTE_EINVAL);
    assert_int_equal(lte_csi_select(&cfg, hc, -1.0f, &rep), LTE_EINVAL);
    assert_int_equal(lte_csi_select(&cfg, hc, NAN, &rep), LTE_EINVAL);
    assert_int_equal(lte_csi_select(&cfg, hc, INFINITY, &rep), LTE_EINVAL);
    /* one bad field at a time */
    for (int t = 0; t < 14; t++) {
        lte_csi_cfg c;
        lte_csi_cfg_init(&c);
        c.n_rb = 6;
        switch (t) {
        case 0: c.n_ports = 1; break;
        case 1: c.n_ports = 3; break;
        case 2: c.n_rx = 0; break;
        case 3: c.n_rx = LTE_CSI_MAX_RX + 1; break;
        case 4: c.n_rb = 5; break;
        case 5: c.n_symb = 15; break;
        case 6: c.prb_start = 6; break;
        case 7: c.prb_start = 2, c.n_prb = 5; break;
        case 8: c.rank_mask = 4; break; /* rank 3 on 2 ports */
        case 9: c.cb_mask[0] = 0x10; break; /* index 4 of 2-port rank 1 */
        case 10: c.rank_mask = 2, c.cb_mask[1] = 1; break; /* identity only: not reportable */
        case 11: c.k_step = 13; break;
        case 12: c.l_step = 15; break;
        default: c.subband = 2; break;
        }
        if (lte_csi_select(&c, hc, 0.1f, &rep) != LTE_EINVAL) {
            print_error("bad configuration %d accepted\n", t);
            fail();
        }
    }
    float complex *keep = h[3];
    h[3] = NULL; /* port 1 of antenna 1 with 2 antennas */
    cfg.n_rx = 2;
    assert_int_equal(lte_csi_select(&cfg, hc, 0.1f, &rep), LTE_EINVAL);
    h[3] = keep;
    free_h(h, 16);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_brute_force), cmocka_unit_test(test_recover),
        cmocka_unit_test(test_mapping),     cmocka_unit_test(test_subset),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
