/* Tests of the 36.213 timing tables (tdd_timing.h). The structural checks use
 * only the frame structure of cell.h (36.211 Table 4.2-2 subframe types,
 * Table 6.9-1 m_i), which is written independently of the timing tables:
 *  - every offset points from the right kind of subframe to the right kind;
 *  - every offset is at least 4 subframes (the minimum processing time the
 *    tables are built around, 36.213 §8.0 / §9.1.2 / §10.1.3.1);
 *  - the HARQ-ACK association is a bijection: every downlink or special
 *    subframe is answered in exactly one uplink subframe;
 *  - the PHICH subframes receive exactly m_i acknowledgements each;
 *  - the uplink HARQ loop (PUSCH -> PHICH -> retransmission) lands on
 *    uplink subframes, permutes them, and its mean round trip times the
 *    uplink subframe rate gives the process count of Table 8-1;
 * plus spot values typed from the spec tables.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "ltephy/cell.h"
#include "ltephy/error.h"
#include "ltephy/tdd_timing.h"
#include "tests/common/testutil.h"

static int sf_type(int tdd_config, int sf)
{
    lte_cell_cfg c;
    lte_cell_cfg_init(&c);
    c.duplex = LTE_TDD;
    c.tdd_config = tdd_config;
    int t = lte_cell_subframe_type(&c, sf);
    assert_true(t == LTE_SF_DL || t == LTE_SF_UL || t == LTE_SF_SPECIAL);
    return t;
}

static int phich_mi(int tdd_config, int sf)
{
    lte_cell_cfg c;
    lte_cell_cfg_init(&c);
    c.duplex = LTE_TDD;
    c.tdd_config = tdd_config;
    return lte_cell_phich_mi(&c, sf);
}

#define MOD10(x) ((((x) % 10) + 10) % 10)

/* Table 8-2: grants only in D/S subframes, PUSCH only in U subframes, k >= 4;
 * every uplink subframe is schedulable by exactly one grant subframe
 * (configurations 1..6), or by the union of the two UL index targets
 * (configuration 0). */
static void test_pusch_grant(void **state)
{
    (void)state;
    for (int c = 0; c < 7; c++) {
        int hits[10] = {0};
        for (int n = 0; n < 10; n++) {
            int k = lte_pusch_grant_k(LTE_TDD, c, n);
            assert_true(k >= 0);
            if (sf_type(c, n) == LTE_SF_UL) {
                assert_int_equal(k, 0);
                continue;
            }
            if (k == 0)
                continue;
            assert_true(k >= 4);
            int kk[2];
            int nt = lte_pusch_grant_targets(LTE_TDD, c, n, 3, kk);
            assert_int_equal(nt, c == 0 ? 2 : 1);
            for (int i = 0; i < nt; i++) {
                assert_true(kk[i] >= 4);
                assert_int_equal(sf_type(c, MOD10(n + kk[i])), LTE_SF_UL);
                hits[MOD10(n + kk[i])]++;
            }
        }
        for (int u = 0; u < 10; u++) {
            if (sf_type(c, u) != LTE_SF_UL)
                assert_int_equal(hits[u], 0);
            else if (c == 0)
                assert_true(hits[u] >= 1); /* UL index MSB/LSB reach every U */
            else
                assert_int_equal(hits[u], 1);
        }
    }
    /* configuration 0: MSB alone = Table 8-2, LSB alone = n + 7 */
    int k[2];
    assert_int_equal(lte_pusch_grant_targets(LTE_TDD, 0, 1, LTE_UL_INDEX_MSB, k), 1);
    assert_int_equal(k[0], 6);
    assert_int_equal(lte_pusch_grant_targets(LTE_TDD, 0, 1, LTE_UL_INDEX_LSB, k), 1);
    assert_int_equal(k[0], 7);
    assert_int_equal(lte_pusch_grant_targets(LTE_TDD, 0, 2, 3, k), 0);
    assert_int_equal(lte_pusch_grant_targets(LTE_TDD, 0, 0, 0, k), LTE_EINVAL);
    /* FDD: n + 4 in every subframe (36.213 §8.0) */
    for (int n = 0; n < 10; n++) {
        assert_int_equal(lte_pusch_grant_k(LTE_FDD, 0, n), 4);
        assert_int_equal(lte_pusch_grant_targets(LTE_FDD, 0, n, 0, k), 1);
        assert_int_equal(k[0], 4);
    }
    /* spot values, 36.213 Table 8-2 */
    assert_int_equal(lte_pusch_grant_k(LTE_TDD, 0, 6), 6);
    assert_int_equal(lte_pusch_grant_k(LTE_TDD, 1, 1), 6);
    assert_int_equal(lte_pusch_grant_k(LTE_TDD, 1, 9), 4);
    assert_int_equal(lte_pusch_grant_k(LTE_TDD, 2, 3), 4);
    assert_int_equal(lte_pusch_grant_k(LTE_TDD, 3, 0), 4);
    assert_int_equal(lte_pusch_grant_k(LTE_TDD, 5, 8), 4);
    assert_int_equal(lte_pusch_grant_k(LTE_TDD, 6, 1), 7);
    assert_int_equal(lte_pusch_grant_k(LTE_TDD, 6, 9), 5);
    assert_int_equal(lte_pusch_grant_k(LTE_TDD, 4, 0), 0);
}

/* Table 9.1.2-1: PUSCH in U -> PHICH in a D/S subframe with m_i > 0, k >= 4;
 * each PHICH subframe acknowledges exactly m_i PUSCH subframes (Table 6.9-1
 * sizes the PHICH for that), with I_PHICH telling the two apart where m_i = 2. */
static void test_phich(void **state)
{
    (void)state;
    for (int c = 0; c < 7; c++) {
        int cnt[10] = {0}, ione[10] = {0};
        for (int n = 0; n < 10; n++) {
            int k = lte_phich_k(LTE_TDD, c, n);
            int ip = lte_phich_i(LTE_TDD, c, n);
            assert_true(ip == 0 || ip == 1);
            if (sf_type(c, n) != LTE_SF_UL) {
                assert_int_equal(k, 0);
                continue;
            }
            assert_true(k >= 4);
            int p = MOD10(n + k);
            assert_true(sf_type(c, p) != LTE_SF_UL);
            assert_true(phich_mi(c, p) > 0);
            cnt[p]++;
            ione[p] += ip;
        }
        for (int p = 0; p < 10; p++) {
            if (sf_type(c, p) == LTE_SF_UL)
                continue;
            assert_int_equal(cnt[p], phich_mi(c, p));
            assert_int_equal(ione[p], cnt[p] == 2 ? 1 : 0);
        }
    }
    for (int n = 0; n < 10; n++) {
        assert_int_equal(lte_phich_k(LTE_FDD, 3, n), 4);
        assert_int_equal(lte_phich_i(LTE_FDD, 0, n), 0);
    }
    /* spot values, 36.213 Table 9.1.2-1 */
    assert_int_equal(lte_phich_k(LTE_TDD, 0, 3), 7);
    assert_int_equal(lte_phich_k(LTE_TDD, 0, 4), 6);
    assert_int_equal(lte_phich_k(LTE_TDD, 1, 3), 6);
    assert_int_equal(lte_phich_k(LTE_TDD, 2, 7), 6);
    assert_int_equal(lte_phich_k(LTE_TDD, 6, 8), 7);
    assert_int_equal(lte_phich_k(LTE_TDD, 6, 7), 4);
    assert_int_equal(lte_phich_i(LTE_TDD, 0, 9), 1);
}

/* The synchronous uplink HARQ loop: PUSCH in u, PHICH in u + k_PHICH, the
 * retransmission k later (§8.0). It must land in an uplink subframe and,
 * taken over all uplink subframes, permute them; the sum of round trips
 * over one frame's uplink subframes, divided by 10, is the number of
 * processes (each process occupies one uplink subframe per round trip),
 * which must match Table 8-1. Configurations 1..5 have a 10 ms round trip. */
static void test_ul_harq_loop(void **state)
{
    (void)state;
    for (int c = 0; c < 7; c++) {
        int seen[10] = {0}, rtt_sum = 0, n_ul = 0;
        for (int u = 0; u < 10; u++) {
            if (sf_type(c, u) != LTE_SF_UL)
                continue;
            n_ul++;
            int p = u + lte_phich_k(LTE_TDD, c, u);
            int kr = lte_pusch_phich_k(LTE_TDD, c, p % 10, lte_phich_i(LTE_TDD, c, u));
            assert_true(kr >= 4);
            int r = p + kr;
            assert_int_equal(sf_type(c, r % 10), LTE_SF_UL);
            seen[r % 10]++;
            rtt_sum += r - u;
            if (c >= 1 && c <= 5)
                assert_int_equal(r - u, 10);
        }
        for (int u = 0; u < 10; u++)
            assert_int_equal(seen[u], sf_type(c, u) == LTE_SF_UL ? 1 : 0);
        assert_int_equal(rtt_sum % 10, 0);
        assert_int_equal(lte_ul_harq_processes(LTE_TDD, c), rtt_sum / 10);
        assert_true(n_ul > 0);
    }
    assert_int_equal(lte_ul_harq_processes(LTE_FDD, 0), 8);
    /* spot values, 36.213 Table 8-1 */
    assert_int_equal(lte_ul_harq_processes(LTE_TDD, 0), 7);
    assert_int_equal(lte_ul_harq_processes(LTE_TDD, 6), 6);
    /* configuration 0 PHICH rules of §8.0 */
    assert_int_equal(lte_pusch_phich_k(LTE_TDD, 0, 0, 0), 4);
    assert_int_equal(lte_pusch_phich_k(LTE_TDD, 0, 0, 1), 7);
    assert_int_equal(lte_pusch_phich_k(LTE_TDD, 0, 1, 0), 7);
    assert_int_equal(lte_pusch_phich_k(LTE_TDD, 1, 4, 0), 4);
    assert_int_equal(lte_pusch_phich_k(LTE_TDD, 1, 2, 0), 0);
}

/* Table 10.1.3.1-1: each k >= 4, n - k is a D or S subframe, the sets of a
 * configuration cover every D/S subframe exactly once, no k repeats within
 * a set, and the sizes M match the table; FDD is {4} everywhere. */
static void test_harq_ack_assoc(void **state)
{
    (void)state;
    /* M per uplink subframe, typed from Table 10.1.3.1-1 */
    static const int M_tab[7][10] = {
        {0, 0, 1, 0, 1, 0, 0, 1, 0, 1}, {0, 0, 2, 1, 0, 0, 0, 2, 1, 0},
        {0, 0, 4, 0, 0, 0, 0, 4, 0, 0}, {0, 0, 3, 2, 2, 0, 0, 0, 0, 0},
        {0, 0, 4, 4, 0, 0, 0, 0, 0, 0}, {0, 0, 9, 0, 0, 0, 0, 0, 0, 0},
        {0, 0, 1, 1, 1, 0, 0, 1, 1, 0},
    };
    for (int c = 0; c < 7; c++) {
        int cover[10] = {0};
        for (int n = 0; n < 10; n++) {
            int k[LTE_TDD_MAX_DL_ASSOC];
            int m = lte_harq_ack_dl_set(LTE_TDD, c, n, k);
            assert_int_equal(m, M_tab[c][n]);
            assert_int_equal(lte_harq_ack_dl_set(LTE_TDD, c, n, NULL), m);
            if (m > 0)
                assert_int_equal(sf_type(c, n), LTE_SF_UL);
            for (int i = 0; i < m; i++) {
                assert_true(k[i] >= 4);
                int d = MOD10(n - k[i]);
                assert_true(sf_type(c, d) != LTE_SF_UL);
                cover[d]++;
                for (int j = 0; j < i; j++)
                    assert_true(k[j] != k[i]);
            }
        }
        for (int d = 0; d < 10; d++)
            assert_int_equal(cover[d], sf_type(c, d) == LTE_SF_UL ? 0 : 1);
    }
    int k[LTE_TDD_MAX_DL_ASSOC];
    for (int n = 0; n < 10; n++) {
        assert_int_equal(lte_harq_ack_dl_set(LTE_FDD, 0, n, k), 1);
        assert_int_equal(k[0], 4);
    }
    /* spot values, 36.213 Table 10.1.3.1-1, in the table's order */
    static const int c5[9] = {13, 12, 9, 8, 7, 5, 4, 11, 6};
    assert_int_equal(lte_harq_ack_dl_set(LTE_TDD, 5, 2, k), 9);
    assert_memory_equal(k, c5, sizeof c5);
    static const int c4[4] = {12, 8, 7, 11};
    assert_int_equal(lte_harq_ack_dl_set(LTE_TDD, 4, 2, k), 4);
    assert_memory_equal(k, c4, sizeof c4);
    static const int c3[3] = {7, 6, 11};
    assert_int_equal(lte_harq_ack_dl_set(LTE_TDD, 3, 2, k), 3);
    assert_memory_equal(k, c3, sizeof c3);
    static const int c2[4] = {8, 7, 4, 6};
    assert_int_equal(lte_harq_ack_dl_set(LTE_TDD, 2, 7, k), 4);
    assert_memory_equal(k, c2, sizeof c2);
    assert_int_equal(lte_harq_ack_dl_set(LTE_TDD, 6, 4, k), 1);
    assert_int_equal(k[0], 5);
}

static void test_bad_args(void **state)
{
    (void)state;
    int k[LTE_TDD_MAX_DL_ASSOC];
    assert_int_equal(lte_pusch_grant_k(LTE_TDD, 7, 0), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "tdd_config"));
    assert_int_equal(lte_pusch_grant_k(LTE_TDD, -1, 0), LTE_EINVAL);
    assert_int_equal(lte_phich_k(LTE_TDD, 1, 10), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "subframe"));
    assert_int_equal(lte_phich_k(LTE_FDD, 0, -1), LTE_EINVAL);
    assert_int_equal(lte_harq_ack_dl_set((lte_duplex)5, 0, 2, k), LTE_EINVAL);
    assert_int_equal(lte_pusch_phich_k(LTE_TDD, 0, 0, 2), LTE_EINVAL);
    assert_int_equal(lte_pusch_grant_targets(LTE_TDD, 1, 1, 0, NULL), LTE_EINVAL);
    assert_int_equal(lte_ul_harq_processes(LTE_TDD, 9), LTE_EINVAL);
    assert_int_equal(lte_phich_i(LTE_TDD, 0, 12), LTE_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pusch_grant),    cmocka_unit_test(test_phich),
        cmocka_unit_test(test_ul_harq_loop),   cmocka_unit_test(test_harq_ack_assoc),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
