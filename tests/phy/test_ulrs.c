/* Tests of the uplink reference signals (36.211 §5.5): constant modulus of
 * every base sequence, the Zadoff-Chu length/root rules recomputed here in
 * floating point, the sequences against a direct double-precision evaluation
 * of the spec formulas, the Gauss-sum cross-correlation bound, exact
 * orthogonality of cyclic shifts, hopping patterns against a bit-serial Gold
 * model written here, and the PUSCH DMRS and its mapping.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/ulrs.h"
#include "tests/common/testutil.h"

/* c(n) of §7.2, one bit per step from the two recursions. */
static void gold_model(uint32_t c_init, int n, uint8_t *c)
{
    int len = 1600 + n + 31;
    uint8_t *x1 = calloc((size_t)len, 1), *x2 = calloc((size_t)len, 1);
    assert_non_null(x1);
    assert_non_null(x2);
    x1[0] = 1;
    for (int i = 0; i < 31; i++)
        x2[i] = (uint8_t)((c_init >> i) & 1u);
    for (int i = 0; i + 31 < len; i++) {
        x1[i + 31] = (uint8_t)(x1[i + 3] ^ x1[i]);
        x2[i + 31] = (uint8_t)(x2[i + 3] ^ x2[i + 2] ^ x2[i + 1] ^ x2[i]);
    }
    for (int i = 0; i < n; i++)
        c[i] = (uint8_t)(x1[i + 1600] ^ x2[i + 1600]);
    free(x1);
    free(x2);
}

static int allowed(int m)
{
    for (int a = 1; a <= m; a *= 2)
        for (int b = a; b <= m; b *= 3)
            for (int c = b; c <= m; c *= 5)
                if (c == m)
                    return 1;
    return 0;
}

/* largest prime below n by a sieve */
static int prime_below(int n)
{
    char *comp = calloc((size_t)n, 1);
    assert_non_null(comp);
    for (int i = 2; i < n; i++)
        if (!comp[i])
            for (int j = 2 * i; j < n; j += i)
                comp[j] = 1;
    int p = n - 1;
    while (comp[p])
        p--;
    free(comp);
    return p;
}

static void test_allowed_sizes(void **state)
{
    (void)state;
    int count = 0;
    for (int m = 1; m <= 110; m++) {
        assert_int_equal(lte_ulrs_allowed_prb(m), allowed(m));
        count += allowed(m);
    }
    /* 2^a 3^b 5^c <= 100: 34 values (1,2,3,4,5,6,8,9,10,12,15,16,18,20,24,25,
     * 27,30,32,36,40,45,48,50,54,60,64,72,75,80,81,90,96,100), +1 (108) to 110 */
    assert_int_equal(count, 35);
}

static void test_zc_rules(void **state)
{
    (void)state;
    for (int m = 3; m <= 110; m++) {
        int msc = 12 * m, nzc = prime_below(msc);
        assert_int_equal(lte_ulrs_nzc(msc), nzc);
        for (int u = 0; u < 30; u++)
            for (int v = 0; v <= (m >= 6); v++) {
                double qbar = nzc * (u + 1) / 31.0;
                int q = (int)floor(qbar + 0.5) + v * ((int)floor(2 * qbar) % 2 ? -1 : 1);
                assert_int_equal(lte_ulrs_zc_q(u, v, msc), q);
            }
    }
    assert_int_equal(lte_ulrs_nzc(36), 31);
    assert_int_equal(lte_ulrs_nzc(1200), 1193);
}

/* Every base sequence of every allowed size up to 100 PRB: modulus 1 and,
 * for M_sc >= 36, equal to x_q(n mod N_ZC) evaluated directly in double. */
static void test_base_sequences(void **state)
{
    (void)state;
    float complex *r = malloc(sizeof(float complex) * 1200);
    assert_non_null(r);
    double worst_mod = 0, worst_val = 0;
    for (int m = 1; m <= 100; m++) {
        if (!allowed(m))
            continue;
        int msc = 12 * m;
        for (int u = 0; u < 30; u++)
            for (int v = 0; v <= (m >= 6); v++) {
                assert_int_equal(lte_ulrs_base_seq(u, v, msc, r), 0);
                for (int n = 0; n < msc; n++)
                    worst_mod = fmax(worst_mod, fabs(cabs(r[n]) - 1));
                if (m < 3)
                    continue;
                int nzc = prime_below(msc), q = lte_ulrs_zc_q(u, v, msc);
                for (int n = 0; n < msc; n++) {
                    double k = n % nzc;
                    double ph = -M_PI * q * k * (k + 1) / nzc;
                    worst_val = fmax(worst_val, cabs(r[n] - cexp(I * ph)));
                }
            }
    }
    assert_true(worst_mod < 1e-6);
    assert_true(worst_val < 2e-4); /* double phase of size up to ~1e7 rad */
    free(r);
}

/* The phi tables: entries odd in -3..3, and every pair of groups is distinct
 * under every cyclic shift (|correlation| < 1); zero-lag cross-correlation
 * bounded (0.71 for 12, 0.55 for 24: computer-searched sequences, far from
 * the value 1 of a repeated or shifted row). */
static void test_phi_tables(void **state)
{
    (void)state;
    static const int sizes[2] = {12, 24};
    static const double bound[2] = {0.71, 0.55};
    for (int s = 0; s < 2; s++) {
        int M = sizes[s];
        float complex a[24], b[24];
        double worst0 = 0, worst_any = 0;
        for (int u = 0; u < 30; u++) {
            assert_int_equal(lte_ulrs_base_seq(u, 0, M, a), 0);
            for (int n = 0; n < M; n++) {
                /* phi(n) pi/4 with phi in {-3,-1,1,3}: odd multiples of pi/4 */
                double ph = carg(a[n]) / (M_PI / 4);
                assert_true(fabs(ph - lround(ph)) < 1e-5 && labs(lround(ph)) % 2 == 1);
            }
            for (int u2 = 0; u2 < 30; u2++) {
                if (u2 == u)
                    continue;
                for (int cs = 0; cs < 12; cs++) {
                    assert_int_equal(lte_ulrs_seq(u2, 0, cs, M, b), 0);
                    double complex acc = 0;
                    for (int n = 0; n < M; n++)
                        acc += a[n] * conj(b[n]);
                    double c = cabs(acc) / M;
                    if (cs == 0)
                        worst0 = fmax(worst0, c);
                    worst_any = fmax(worst_any, c);
                }
            }
        }
        print_message("M_sc=%d: max |xcorr| zero lag %.3f, any cyclic shift %.3f\n", M, worst0,
                      worst_any);
        assert_true(worst0 <= bound[s]);
        assert_true(worst_any < 0.95);
    }
}

/* ZC-based sequences: for u != u' (v = 0), |sum_n r_u(n) r_u'*(n)| is at most
 * sqrt(N_ZC) (the Gauss sum over one period, |.| exactly sqrt(N_ZC) for
 * q != q' mod N_ZC) plus the M_sc - N_ZC terms of the cyclic extension. */
static void test_zc_cross_correlation(void **state)
{
    (void)state;
    float complex *r = malloc(sizeof(float complex) * 30 * 1200);
    assert_non_null(r);
    int sizes[] = {36, 48, 60, 72, 96, 144, 300, 600, 1200};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        int M = sizes[s], nzc = prime_below(M);
        for (int u = 0; u < 30; u++)
            assert_int_equal(lte_ulrs_base_seq(u, 0, M, r + u * M), 0);
        double worst = 0;
        for (int u = 0; u < 30; u++)
            for (int u2 = u + 1; u2 < 30; u2++) {
                double complex acc = 0;
                for (int n = 0; n < M; n++)
                    acc += r[u * M + n] * conj(r[u2 * M + n]);
                worst = fmax(worst, cabs(acc));
            }
        double bound = sqrt(nzc) + (M - nzc) + 1e-3 * M;
        assert_true(worst <= bound);
        /* the periodic part alone meets the Gauss sum exactly */
        double complex acc = 0;
        for (int n = 0; n < nzc; n++)
            acc += r[0 * M + n] * conj(r[1 * M + n]);
        assert_true(fabs(cabs(acc) - sqrt(nzc)) < 1e-3 * nzc);
    }
    free(r);
}

/* r^(alpha)(n) = e^{j 2 pi n_cs n / 12} rbar(n), and two cyclic shifts of the
 * same base sequence are orthogonal since M_sc is a multiple of 12. */
static void test_cyclic_shift(void **state)
{
    (void)state;
    float complex base[144], r[12][144];
    for (int u = 0; u < 30; u += 7) {
        assert_int_equal(lte_ulrs_base_seq(u, 1, 144, base), 0);
        for (int cs = 0; cs < 12; cs++) {
            assert_int_equal(lte_ulrs_seq(u, 1, cs, 144, r[cs]), 0);
            for (int n = 0; n < 144; n++)
                assert_true(cabs(r[cs][n] - cexp(I * 2 * M_PI * cs * n / 12.0) * base[n]) < 1e-5);
        }
        for (int a = 0; a < 12; a++)
            for (int b = 0; b < 12; b++) {
                double complex acc = 0;
                for (int n = 0; n < 144; n++)
                    acc += r[a][n] * conj(r[b][n]);
                assert_true(cabs(acc - (a == b ? 144 : 0)) < 1e-3);
            }
    }
}

static void test_hopping(void **state)
{
    (void)state;
    static const int cells[] = {0, 1, 29, 30, 31, 150, 277, 503};
    uint8_t c[1200];
    for (size_t ci = 0; ci < sizeof cells / sizeof cells[0]; ci++)
        for (int ghop = 0; ghop < 2; ghop++)
            for (int dss = 0; dss < 30; dss += 13) {
                lte_ulrs_cfg cfg = {.cell_id = cells[ci], .cp = LTE_CP_NORMAL,
                                    .group_hopping = ghop, .seq_hopping = 1,
                                    .delta_ss = dss, .cyclic_shift = 0};
                int id = cells[ci];
                gold_model((uint32_t)(id / 30), 160, c);
                int fss_pucch = id % 30, fss_pusch = (id % 30 + dss) % 30;
                assert_int_equal(lte_ulrs_fss(&cfg, LTE_ULRS_PUCCH), fss_pucch);
                assert_int_equal(lte_ulrs_fss(&cfg, LTE_ULRS_SRS), fss_pucch);
                assert_int_equal(lte_ulrs_fss(&cfg, LTE_ULRS_PUSCH), fss_pusch);
                for (int ns = 0; ns < 20; ns++) {
                    int s = 0;
                    for (int i = 7; i >= 0; i--)
                        s = 2 * s + c[8 * ns + i];
                    int fgh = ghop ? s % 30 : 0;
                    assert_int_equal(lte_ulrs_fgh(&cfg, ns), fgh);
                    assert_int_equal(lte_ulrs_group(&cfg, LTE_ULRS_PUCCH, ns),
                                     (fgh + fss_pucch) % 30);
                    assert_int_equal(lte_ulrs_group(&cfg, LTE_ULRS_PUSCH, ns),
                                     (fgh + fss_pusch) % 30);
                }
                /* sequence hopping and n_PN share c_init = floor(N_ID/30) 2^5 + f_ss^PUSCH */
                for (int cp = 0; cp < 2; cp++) {
                    cfg.cp = (lte_cp)cp;
                    int nsymb = cp ? 6 : 7;
                    gold_model((uint32_t)((id / 30) * 32 + fss_pusch), 1120, c);
                    for (int ns = 0; ns < 20; ns++) {
                        assert_int_equal(lte_ulrs_seq_num(&cfg, ns, 72), ghop ? 0 : c[ns]);
                        assert_int_equal(lte_ulrs_seq_num(&cfg, ns, 60), 0);
                        int s = 0;
                        for (int i = 7; i >= 0; i--)
                            s = 2 * s + c[8 * nsymb * ns + i];
                        assert_int_equal(lte_dmrs_npn(&cfg, ns), s);
                    }
                }
                cfg.seq_hopping = 0;
                assert_int_equal(lte_ulrs_seq_num(&cfg, 3, 1200), 0);
            }
}

/* Table 5.5.2.1.1-1 structure: n2(lambda) = n2(0) + {0, 6, 3, 9} mod 12, the
 * eight lambda-0 values distinct, w(lambda=1) = w(0), w(3) = w(2);
 * Table 5.5.2.1.1-2: eight distinct even-spaced shifts. */
static void test_dmrs_tables(void **state)
{
    (void)state;
    static const int off[4] = {0, 6, 3, 9};
    int seen = 0, seen1 = 0;
    for (int f = 0; f < 8; f++) {
        int w0[2], w[2];
        int n0 = lte_dmrs_n2(f, 0, w0);
        assert_true(n0 >= 0 && n0 < 12);
        seen |= 1 << n0;
        for (int l = 0; l < 4; l++) {
            assert_int_equal(lte_dmrs_n2(f, l, w), (n0 + off[l]) % 12);
            assert_int_equal(w[0], 1);
            assert_true(w[1] == 1 || w[1] == -1);
            int wl[2];
            lte_dmrs_n2(f, l ^ 1, wl);
            assert_int_equal(w[1], wl[1]);
        }
        seen1 |= 1 << lte_dmrs_n1(f);
    }
    assert_int_equal(__builtin_popcount(seen), 8);
    assert_int_equal(__builtin_popcount(seen1), 8);
}

static void test_pusch_dmrs(void **state)
{
    (void)state;
    lte_ulrs_cfg cfg = {.cell_id = 77, .cp = LTE_CP_NORMAL, .group_hopping = 1,
                        .seq_hopping = 0, .delta_ss = 5, .cyclic_shift = 3};
    float complex r[1200], ref[1200];
    for (int ns = 0; ns < 20; ns++)
        for (int f = 0; f < 8; f += 3)
            for (int lay = 0; lay < 4; lay++) {
                int n_prb = 25;
                assert_int_equal(lte_pusch_dmrs(&cfg, ns, n_prb, f, lay, 1, r), 0);
                int w[2];
                int n2 = lte_dmrs_n2(f, lay, w);
                int ncs = (lte_dmrs_n1(3) + n2 + lte_dmrs_npn(&cfg, ns)) % 12;
                assert_int_equal(lte_pusch_dmrs_ncs(&cfg, f, lay, ns), ncs);
                int u = lte_ulrs_group(&cfg, LTE_ULRS_PUSCH, ns);
                assert_int_equal(lte_ulrs_base_seq(u, 0, 300, ref), 0);
                for (int n = 0; n < 300; n++)
                    assert_true(cabs(r[n] - w[ns % 2] * cexp(I * 2 * M_PI * ncs * n / 12.0) *
                                                ref[n]) < 1e-5);
            }
    /* mapping: symbol 3 of each slot (2 with extended CP), PRBs 10..14 */
    for (int cp = 0; cp < 2; cp++) {
        cfg.cp = (lte_cp)cp;
        int nsym = cp ? 12 : 14, l = cp ? 2 : 3, nsc = 50 * 12;
        float complex *grid = calloc((size_t)(nsym * nsc), sizeof *grid);
        assert_non_null(grid);
        assert_int_equal(lte_pusch_dmrs_map(&cfg, 4, 50, 10, 5, 2, 0, 0, 2.0f, grid), 0);
        for (int s = 0; s < nsym; s++)
            for (int k = 0; k < nsc; k++) {
                int inside = (s % (nsym / 2)) == l && k >= 120 && k < 180;
                if (!inside) {
                    assert_true(grid[s * nsc + k] == 0);
                    continue;
                }
                assert_int_equal(lte_pusch_dmrs(&cfg, 8 + s / (nsym / 2), 5, 2, 0, 0, r), 0);
                assert_true(cabs(grid[s * nsc + k] - 2.0f * r[k - 120]) < 1e-6);
            }
        free(grid);
    }
}

/* SRS: r = e^{j 2 pi cs n / 8} rbar_{u,v} with u from f_ss^SRS = f_ss^PUCCH
 * and v as for PUSCH; the eight shifts are mutually orthogonal. */
static void test_srs(void **state)
{
    (void)state;
    lte_ulrs_cfg cfg = {.cell_id = 45, .cp = LTE_CP_NORMAL, .group_hopping = 0,
                        .seq_hopping = 1, .delta_ss = 7, .cyclic_shift = 0};
    static float complex r[8][192];
    float complex base[192];
    for (int ns = 0; ns < 20; ns += 5) {
        int u = (45 % 30 + 0) % 30; /* no group hopping: u = f_ss^SRS */
        int v = lte_ulrs_seq_num(&cfg, ns, 192);
        assert_int_equal(lte_ulrs_base_seq(u, v, 192, base), 0);
        for (int cs = 0; cs < 8; cs++) {
            assert_int_equal(lte_srs_seq(&cfg, ns, 192, cs, r[cs]), 0);
            for (int n = 0; n < 192; n++)
                assert_true(cabs(r[cs][n] - cexp(I * 2 * M_PI * cs * n / 8.0) * base[n]) < 1e-5);
        }
        for (int a = 0; a < 8; a++)
            for (int b = 0; b < 8; b++) {
                double complex acc = 0;
                for (int n = 0; n < 192; n++)
                    acc += r[a][n] * conj(r[b][n]);
                assert_true(cabs(acc - (a == b ? 192 : 0)) < 1e-3);
            }
    }
    assert_int_equal(lte_srs_seq(&cfg, 0, 36, 0, base), LTE_EINVAL);
    assert_int_equal(lte_srs_seq(&cfg, 0, 48, 8, base), LTE_EINVAL);
}

/* SRS bandwidth tables: a tree, m_SRS,b-1 = N_b m_SRS,b (b = 1..3), N_0 = 1,
 * every m_SRS,b a multiple of 4 and 2^a 3^b 5^c (so 6 m_SRS,b subcarriers
 * carry a base sequence), the root bandwidth decreasing with C_SRS. */
static void test_srs_tables(void **state)
{
    (void)state;
    static const int rb[4] = {40, 60, 80, 110};
    for (int t = 0; t < 4; t++) {
        int prev = 1000;
        for (int c = 0; c < 8; c++) {
            int m[4], n[4];
            for (int b = 0; b < 4; b++) {
                assert_int_equal(lte_srs_bw(rb[t], c, b, &m[b], &n[b]), 0);
                assert_true(m[b] % 4 == 0 && allowed(m[b]));
                float complex r[1200];
                lte_ulrs_cfg cfg = {.cell_id = 1, .cp = LTE_CP_NORMAL};
                assert_int_equal(lte_srs_seq(&cfg, 0, 6 * m[b], 0, r), 0);
            }
            assert_int_equal(n[0], 1);
            for (int b = 1; b < 4; b++)
                assert_int_equal(m[b - 1], n[b] * m[b]);
            assert_true(m[0] <= prev);
            assert_true(m[0] <= rb[t]);
            prev = m[0];
        }
    }
    int m;
    assert_int_equal(lte_srs_bw(41, 0, 0, &m, NULL), 0);
    assert_int_equal(m, 48);
    assert_int_equal(lte_srs_bw(5, 0, 0, &m, NULL), LTE_EINVAL);
    assert_int_equal(lte_srs_bw(50, 8, 0, &m, NULL), LTE_EINVAL);
    assert_int_equal(lte_srs_bw(50, 0, 4, &m, NULL), LTE_EINVAL);
}

static void test_bad_args(void **state)
{
    (void)state;
    float complex r[1200];
    lte_ulrs_cfg cfg = {.cell_id = 0, .cp = LTE_CP_NORMAL};
    assert_int_equal(lte_ulrs_base_seq(30, 0, 12, r), LTE_EINVAL);
    assert_int_equal(lte_ulrs_base_seq(0, 1, 12, r), LTE_EINVAL);
    assert_int_equal(lte_ulrs_base_seq(0, 1, 60, r), LTE_EINVAL);
    assert_int_equal(lte_ulrs_base_seq(0, 0, 13, r), LTE_EINVAL);
    assert_int_equal(lte_ulrs_base_seq(0, 0, 12 * 111, r), LTE_EINVAL);
    assert_int_equal(lte_ulrs_base_seq(0, 0, 12, NULL), LTE_EINVAL);
    assert_int_equal(lte_ulrs_seq(0, 0, 12, 12, r), LTE_EINVAL);
    assert_int_equal(lte_ulrs_nzc(24), LTE_EINVAL);
    assert_int_equal(lte_ulrs_fgh(NULL, 0), LTE_EINVAL);
    assert_int_equal(lte_ulrs_fgh(&cfg, 20), LTE_EINVAL);
    cfg.cell_id = 504;
    assert_int_equal(lte_ulrs_group(&cfg, LTE_ULRS_PUSCH, 0), LTE_EINVAL);
    cfg.cell_id = 0;
    cfg.delta_ss = 30;
    assert_int_equal(lte_ulrs_fss(&cfg, LTE_ULRS_PUSCH), LTE_EINVAL);
    cfg.delta_ss = 0;
    assert_int_equal(lte_ulrs_fss(&cfg, (lte_ulrs_chan)7), LTE_EINVAL);
    assert_int_equal(lte_dmrs_n1(8), LTE_EINVAL);
    assert_int_equal(lte_dmrs_n2(0, 4, NULL), LTE_EINVAL);
    assert_int_equal(lte_pusch_dmrs(&cfg, 0, 7, 0, 0, 0, r), LTE_EINVAL);
    assert_int_equal(lte_pusch_dmrs_map(&cfg, 0, 50, 48, 3, 0, 0, 0, 1.0f, r), LTE_EINVAL);
    assert_int_equal(lte_pusch_dmrs_symbol((lte_cp)2), LTE_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allowed_sizes),     cmocka_unit_test(test_zc_rules),
        cmocka_unit_test(test_base_sequences),    cmocka_unit_test(test_phi_tables),
        cmocka_unit_test(test_zc_cross_correlation), cmocka_unit_test(test_cyclic_shift),
        cmocka_unit_test(test_hopping),           cmocka_unit_test(test_dmrs_tables),
        cmocka_unit_test(test_pusch_dmrs),        cmocka_unit_test(test_srs),
        cmocka_unit_test(test_srs_tables),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
