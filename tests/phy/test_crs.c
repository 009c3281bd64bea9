/* Tests of the cell-specific reference signals (36.211 §6.10.1): values
 * against a bit-serial model of the Gold sequence (§7.2) written here,
 * positions against k = 6m + (v + v_shift) mod 6 with v from the spec's
 * case list, unit magnitude, and the port-orthogonality of the mapping.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/grid.h"
#include "ltephy/sync.h"
#include "tests/common/testutil.h"

/* c(n) of §7.2 from the two length-31 recursions, one bit per step. */
static void gold_model(uint32_t c_init, int n, uint8_t *c)
{
    enum { NC = 1600 };
    int len = NC + n + 31;
    uint8_t *x1 = calloc((size_t)len, 1), *x2 = calloc((size_t)len, 1);
    assert_non_null(x1);
    assert_non_null(x2);
    x1[0] = 1;
    for (int i = 0; i < 31; i++)
        x2[i] = (uint8_t)((c_init >> i) & 1u);
    for (int i = 0; i + 31 < len; i++) {
        x1[i + 31] = (uint8_t)((x1[i + 3] + x1[i]) % 2);
        x2[i + 31] = (uint8_t)((x2[i + 3] + x2[i + 2] + x2[i + 1] + x2[i]) % 2);
    }
    for (int i = 0; i < n; i++)
        c[i] = (uint8_t)((x1[i + NC] + x2[i + NC]) % 2);
    free(x1);
    free(x2);
}

/* v of §6.10.1.2 for port p, symbol l of slot ns; -1 where p has no CRS. */
static int v_model(int p, int l, int ns, int nsymb)
{
    switch (p) {
    case 0:
        return l == 0 ? 0 : (l == nsymb - 3 ? 3 : -1);
    case 1:
        return l == 0 ? 3 : (l == nsymb - 3 ? 0 : -1);
    case 2:
        return l == 1 ? 3 * (ns % 2) : -1;
    default:
        return l == 1 ? 3 + 3 * (ns % 2) : -1;
    }
}

static void test_crs_values(void **state)
{
    (void)state;
    static const int cells[5] = {0, 1, 250, 377, 503};
    uint8_t c[4 * LTE_MAX_RB];
    for (int ci = 0; ci < 5; ci++)
        for (int cp = 0; cp < 2; cp++) {
            lte_cell_cfg cfg;
            lte_cell_cfg_init(&cfg);
            cfg.cell_id = cells[ci];
            cfg.cp = (lte_cp)cp;
            int nsymb = cp ? 6 : 7;
            for (int ns = 0; ns < 20; ns++)
                for (int l = 0; l < nsymb; l++) {
                    /* c_init = 2^10 (7(ns+1)+l+1)(2N+1) + 2N + N_CP, in 64 bits */
                    uint64_t N = (uint64_t)cells[ci];
                    uint64_t ci64 = 1024ull * (7ull * (ns + 1) + l + 1) * (2 * N + 1) + 2 * N +
                                    (cp ? 0 : 1);
                    uint32_t got;
                    assert_int_equal(lte_crs_cinit(&cfg, ns, l, &got), 0);
                    assert_true(ci64 < (1ull << 31));
                    assert_int_equal(got, (uint32_t)ci64);
                    if ((ns + l) % 3) /* sample a third of the symbols for speed */
                        continue;
                    float complex r[LTE_CRS_SEQ_LEN];
                    assert_int_equal(lte_crs_seq(&cfg, ns, l, r), 0);
                    gold_model((uint32_t)ci64, 4 * LTE_MAX_RB, c);
                    for (int m = 0; m < LTE_CRS_SEQ_LEN; m++) {
                        double complex want =
                            ((1 - 2 * c[2 * m]) + I * (1 - 2 * c[2 * m + 1])) / sqrt(2.0);
                        assert_true(cabs(r[m] - want) < 1e-6);
                        assert_true(fabs(cabsf(r[m]) - 1.0) < 1e-6);
                    }
                }
        }
}

static void test_crs_positions(void **state)
{
    (void)state;
    static const int nrbs[3] = {6, 25, 100};
    for (int b = 0; b < 3; b++)
        for (int cp = 0; cp < 2; cp++)
            for (int cell = 0; cell < 504; cell += 83) {
                lte_cell_cfg cfg;
                lte_cell_cfg_init(&cfg);
                cfg.n_rb = nrbs[b];
                cfg.cp = (lte_cp)cp;
                cfg.cell_id = cell;
                cfg.n_ports = 4;
                int nsymb = cp ? 6 : 7, R = nrbs[b];
                for (int sf = 0; sf < 10; sf += 3)
                    for (int p = 0; p < 4; p++)
                        for (int lsf = 0; lsf < 2 * nsymb; lsf++) {
                            float complex val[2 * LTE_MAX_RB];
                            uint16_t k[2 * LTE_MAX_RB];
                            int ns = 2 * sf + lsf / nsymb, l = lsf % nsymb;
                            int v = v_model(p, l, ns, nsymb);
                            int n = lte_crs_symbol(&cfg, sf, p, lsf, val, k);
                            assert_int_equal(n, v < 0 ? 0 : 2 * R);
                            if (v < 0)
                                continue;
                            float complex r[LTE_CRS_SEQ_LEN];
                            assert_int_equal(lte_crs_seq(&cfg, ns, l, r), 0);
                            for (int m = 0; m < n; m++) {
                                assert_int_equal(k[m], 6 * m + (v + cell % 6) % 6);
                                /* m' = m + N_RB^max - N_RB: the central part */
                                assert_true(val[m] == r[m + 110 - R]);
                            }
                        }
            }
}

static void test_crs_map_ports(void **state)
{
    (void)state;
    /* TDD with a short DwPTS: CRS only in downlink symbols */
    lte_cell_cfg cfg;
    lte_cell_cfg_init(&cfg);
    cfg.n_rb = 15;
    cfg.n_ports = 4;
    cfg.cell_id = 77;
    cfg.duplex = LTE_TDD;
    cfg.tdd_config = 2;
    cfg.ssf_config = 5; /* DwPTS 3 symbols */
    int nsc = 180, nre = nsc * 14;
    float complex *g[4];
    for (int p = 0; p < 4; p++) {
        g[p] = calloc((size_t)nre, sizeof(float complex));
        assert_non_null(g[p]);
    }
    uint8_t *map = malloc((size_t)nre);
    assert_non_null(map);
    for (int sf = 0; sf < 10; sf++) {
        for (int p = 0; p < 4; p++) {
            memset(g[p], 0, (size_t)nre * sizeof(float complex));
            assert_int_equal(lte_crs_map(&cfg, sf, p, 0.5f, g[p]), 0);
        }
        assert_int_equal(lte_grid_classify(&cfg, sf, map), 0);
        int n_dl = lte_cell_dl_symbols(&cfg, sf), crs_class = 0, nonzero = 0;
        for (int i = 0; i < nre; i++) {
            int owners = 0;
            for (int p = 0; p < 4; p++)
                if (g[p][i] != 0) {
                    owners++;
                    assert_true(fabsf(cabsf(g[p][i]) - 0.5f) < 1e-6f);
                    assert_true(i / nsc < n_dl);
                }
            assert_true(owners <= 1); /* one port per CRS RE */
            nonzero += owners;
            if (map[i] == LTE_RE_CRS) {
                crs_class++;
                assert_int_equal(owners, 1);
            } else {
                assert_int_equal(owners, 0);
            }
        }
        assert_int_equal(nonzero, crs_class);
        /* closed form: 2 R per port and CRS symbol among the DL symbols */
        int want = 0;
        for (int l = 0; l < n_dl; l++)
            want += 2 * 15 * ((l % 7 == 0 || l % 7 == 4) ? 2 : (l % 7 == 1) ? 2 : 0);
        assert_int_equal(crs_class, want);
    }
    assert_int_equal(lte_crs_map(&cfg, 0, 4, 1.0f, g[0]), LTE_EINVAL);
    cfg.n_ports = 2;
    assert_int_equal(lte_crs_map(&cfg, 0, 2, 1.0f, g[0]), LTE_EINVAL);
    assert_int_equal(lte_crs_map(&cfg, 0, 0, 1.0f, NULL), LTE_EINVAL);
    assert_int_equal(lte_crs_symbol(&cfg, 0, 2, 1, NULL, NULL), 0); /* port 2 absent */
    for (int p = 0; p < 4; p++)
        free(g[p]);
    free(map);
}

static void test_crs_bad_args(void **state)
{
    (void)state;
    lte_cell_cfg cfg;
    lte_cell_cfg_init(&cfg);
    uint32_t ci;
    float complex r[LTE_CRS_SEQ_LEN];
    assert_int_equal(lte_crs_cinit(&cfg, 20, 0, &ci), LTE_EINVAL);
    assert_int_equal(lte_crs_cinit(&cfg, 0, 7, &ci), LTE_EINVAL);
    assert_int_equal(lte_crs_seq(&cfg, 0, 0, NULL), LTE_EINVAL);
    assert_int_equal(lte_crs_offset(&cfg, 4, 0, 0), LTE_EINVAL);
    cfg.cell_id = 504;
    assert_int_equal(lte_crs_seq(&cfg, 0, 0, r), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "cell_id"));
    assert_int_equal(lte_crs_cinit(NULL, 0, 0, &ci), LTE_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crs_values),
        cmocka_unit_test(test_crs_positions),
        cmocka_unit_test(test_crs_map_ports),
        cmocka_unit_test(test_crs_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
