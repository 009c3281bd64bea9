/* Tests of the primary and secondary synchronisation signals (36.211 §6.11).
 * PSS against the Zadoff-Chu closed form evaluated in double precision;
 * SSS against a second generator written here from the spec text (integer
 * LFSR states), m0/m1 against the structure of Table 6.11.2.1-1.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/grid.h"
#include "ltephy/sync.h"
#include "tests/common/testutil.h"

static void test_pss_closed_form(void **state)
{
    (void)state;
    static const int roots[3] = {25, 29, 34};
    for (int id = 0; id < 3; id++) {
        float complex d[LTE_SYNC_LEN];
        assert_int_equal(lte_pss_root(id), roots[id]);
        assert_int_equal(lte_pss_gen(id, d), 0);
        int u = roots[id], i = 0;
        /* the length-63 ZC sequence, element 31 (the DC one) left out */
        for (int n = 0; n < 63; n++) {
            if (n == 31)
                continue;
            double complex z = cexp(-I * M_PI * u * n * (n + 1) / 63.0);
            assert_true(cabs(d[i] - z) < 2e-6);
            assert_true(fabs(cabsf(d[i]) - 1.0) < 2e-6);
            i++;
        }
        assert_int_equal(i, LTE_SYNC_LEN);
    }
    float complex d[LTE_SYNC_LEN];
    assert_int_equal(lte_pss_gen(3, d), LTE_EINVAL);
    assert_int_equal(lte_pss_gen(0, NULL), LTE_EINVAL);
}

/* Time-domain signal of a 62-subcarrier sync sequence on a 64-point grid:
 * d(0..30) on subcarriers -31..-1, d(31..61) on +1..+31, DC empty. */
static void to_time(const float complex d[LTE_SYNC_LEN], double complex x[64])
{
    for (int t = 0; t < 64; t++) {
        double complex s = 0;
        for (int n = 0; n < LTE_SYNC_LEN; n++) {
            int f = n < 31 ? n - 31 : n - 30;
            s += d[n] * cexp(2.0 * I * M_PI * f * t / 64.0);
        }
        x[t] = s;
    }
}

static double max_corr(const double complex *a, const double complex *b)
{
    double m = 0;
    for (int tau = 0; tau < 64; tau++) {
        double complex s = 0;
        for (int t = 0; t < 64; t++)
            s += a[t] * conj(b[(t + tau) % 64]);
        if (cabs(s) > m)
            m = cabs(s);
    }
    return m;
}

static void test_pss_correlation(void **state)
{
    (void)state;
    double complex x[3][64];
    for (int id = 0; id < 3; id++) {
        float complex d[LTE_SYNC_LEN];
        assert_int_equal(lte_pss_gen(id, d), 0);
        to_time(d, x[id]);
    }
    double peak = 64.0 * LTE_SYNC_LEN; /* Parseval: sum |x|^2 = 64 * 62 */
    for (int i = 0; i < 3; i++) {
        /* the autocorrelation peak is at lag 0 and equals the energy */
        assert_true(fabs(max_corr(x[i], x[i]) - peak) < 1e-6 * peak);
        for (int j = 0; j < 3; j++)
            if (i != j) {
                double r = max_corr(x[i], x[j]) / peak;
                if (!(r < 0.5))
                    fail_msg("PSS %d vs %d: cross-correlation %.3f of the peak", i, j, r);
            }
    }
}

static void test_sync_positions(void **state)
{
    (void)state;
    for (int cp = 0; cp < 2; cp++)
        for (int dup = 0; dup < 2; dup++) {
            lte_cell_cfg c;
            lte_cell_cfg_init(&c);
            c.cp = (lte_cp)cp;
            c.duplex = (lte_duplex)dup;
            int N = cp ? 6 : 7;
            for (int sf = 0; sf < 10; sf++) {
                int l = -1, has = lte_pss_symbol(&c, sf, &l);
                int want = dup ? (sf == 1 || sf == 6) : (sf == 0 || sf == 5);
                assert_int_equal(has, want);
                if (has) /* FDD: last symbol of slot 0/10; TDD: third symbol */
                    assert_int_equal(l, dup ? 2 : N - 1);
                has = lte_sss_symbol(&c, sf, &l);
                assert_int_equal(has, sf == 0 || sf == 5);
                if (has) /* FDD: second-last of slot 0/10; TDD: last of slot 1/11 */
                    assert_int_equal(l, dup ? 2 * N - 1 : N - 2);
            }
        }
    lte_cell_cfg c;
    lte_cell_cfg_init(&c);
    assert_int_equal(lte_pss_symbol(&c, 10, NULL), LTE_EINVAL);
    assert_int_equal(lte_sync_k0(&c), 300 - 31);
}

static void test_sss_m_table(void **state)
{
    (void)state;
    /* Table 6.11.2.1-1 lists the pairs (m0, m0 + d) for d = 1, 2, ... and
     * m0 = 0 .. 30 - d in order, until 168 rows. */
    int id = 0;
    for (int dist = 1; dist <= 7 && id < 168; dist++)
        for (int m0 = 0; m0 + dist <= 30 && id < 168; m0++, id++) {
            int a, b;
            assert_int_equal(lte_sss_m(id, &a, &b), 0);
            if (a != m0 || b != m0 + dist)
                fail_msg("N_ID1 %d: (%d, %d), want (%d, %d)", id, a, b, m0, m0 + dist);
        }
    assert_int_equal(id, 168);
    int a, b;
    assert_int_equal(lte_sss_m(168, &a, &b), LTE_EINVAL);
    assert_int_equal(lte_sss_m(-1, &a, &b), LTE_EINVAL);
}

/* x(0..30) of x(i+5) = sum of x(i+t) over taps, x(0..4) = 0,0,0,0,1, run as a
 * 5-bit shift register: bit t of r holds x(i+t). */
static void lfsr31(const int *taps, int ntaps, int x[31])
{
    unsigned r = 1u << 4;
    for (int i = 0; i < 31; i++) {
        x[i] = (int)(r & 1u);
        unsigned fb = 0;
        for (int t = 0; t < ntaps; t++)
            fb ^= (r >> taps[t]) & 1u;
        r = (r >> 1) | (fb << 4);
    }
}

static void sss_model(int id1, int id2, int sf, int d[62])
{
    static const int ts[2] = {2, 0}, tc[2] = {3, 0}, tz[4] = {4, 2, 1, 0};
    int xs[31], xc[31], xz[31];
    lfsr31(ts, 2, xs);
    lfsr31(tc, 2, xc);
    lfsr31(tz, 4, xz);
    int m0, m1;
    /* §6.11.2.1 with the intermediate q', q, m' spelled out */
    int qp = id1 / 30, q = (id1 + qp * (qp + 1) / 2) / 30, mp = id1 + q * (q + 1) / 2;
    m0 = mp % 31;
    m1 = (m0 + mp / 31 + 1) % 31;
#define S(i) (1 - 2 * xs[(i) % 31])
#define C(i) (1 - 2 * xc[(i) % 31])
#define Z(i) (1 - 2 * xz[(i) % 31])
    for (int n = 0; n < 31; n++) {
        int s0 = S(n + m0), s1 = S(n + m1), c0 = C(n + id2), c1 = C(n + id2 + 3);
        int z0 = Z(n + m0 % 8), z1 = Z(n + m1 % 8);
        if (sf == 0) {
            d[2 * n] = s0 * c0;
            d[2 * n + 1] = s1 * c1 * z0;
        } else {
            d[2 * n] = s1 * c0;
            d[2 * n + 1] = s0 * c1 * z1;
        }
    }
#undef S
#undef C
#undef Z
}

static void test_sss_model_and_distinct(void **state)
{
    (void)state;
    int8_t *all = malloc(336 * 62);
    assert_non_null(all);
    for (int id2 = 0; id2 < 3; id2++) {
        for (int id1 = 0; id1 < 168; id1++)
            for (int s = 0; s < 2; s++) {
                float complex d[LTE_SYNC_LEN];
                int sf = s ? 5 : 0, want[62];
                assert_int_equal(lte_sss_gen(id1, id2, sf, d), 0);
                sss_model(id1, id2, sf, want);
                for (int n = 0; n < 62; n++) {
                    assert_true(cimagf(d[n]) == 0.0f);
                    assert_true(crealf(d[n]) == 1.0f || crealf(d[n]) == -1.0f);
                    assert_true(crealf(d[n]) == (float)want[n]);
                    all[(2 * id1 + s) * 62 + n] = (int8_t)want[n];
                }
            }
        /* all 336 sequences (168 ids x subframe 0/5) are distinct */
        for (int a = 0; a < 336; a++)
            for (int b = a + 1; b < 336; b++)
                if (memcmp(all + a * 62, all + b * 62, 62) == 0)
                    fail_msg("N_ID2 %d: SSS %d and %d are equal", id2, a, b);
    }
    free(all);
    float complex d[LTE_SYNC_LEN];
    assert_int_equal(lte_sss_gen(0, 0, 1, d), LTE_EINVAL);
    assert_int_equal(lte_sss_gen(0, 3, 0, d), LTE_EINVAL);
    assert_int_equal(lte_sss_gen(168, 0, 0, d), LTE_EINVAL);
}

static void test_sync_map(void **state)
{
    (void)state;
    for (int dup = 0; dup < 2; dup++) {
        lte_cell_cfg c;
        lte_cell_cfg_init(&c);
        c.n_rb = 25;
        c.cell_id = 3 * 101 + 2;
        c.duplex = (lte_duplex)dup;
        int nsc = 300, nre = nsc * 14;
        float complex *g = calloc((size_t)nre, sizeof *g);
        uint8_t *map = malloc((size_t)nre);
        assert_non_null(g);
        assert_non_null(map);
        for (int sf = 0; sf < 10; sf++) {
            memset(g, 0, (size_t)nre * sizeof *g);
            assert_int_equal(lte_pss_map(&c, sf, 1.0f, g), 0);
            assert_int_equal(lte_sss_map(&c, sf, 1.0f, g), 0);
            assert_int_equal(lte_grid_classify(&c, sf, map), 0);
            float complex pss[62], sss[62];
            assert_int_equal(lte_pss_gen(2, pss), 0);
            assert_int_equal(lte_sss_gen(101, 2, sf < 5 ? 0 : 5, sss), 0);
            for (int l = 0; l < 14; l++)
                for (int k = 0; k < nsc; k++) {
                    float complex v = g[l * nsc + k];
                    int n = k - (nsc / 2 - 31); /* k = n - 31 + N_RB*6 */
                    int cls = map[l * nsc + k];
                    if (cls == LTE_RE_PSS)
                        assert_true(n >= 0 && n < 62 && v == pss[n]);
                    else if (cls == LTE_RE_SSS)
                        assert_true(n >= 0 && n < 62 && v == sss[n]);
                    else
                        assert_true(v == 0);
                }
        }
        free(g);
        free(map);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pss_closed_form),    cmocka_unit_test(test_pss_correlation),
        cmocka_unit_test(test_sync_positions),     cmocka_unit_test(test_sss_m_table),
        cmocka_unit_test(test_sss_model_and_distinct), cmocka_unit_test(test_sync_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
