/* Tests of the MCS tables, TS 36.213 Tables 7.1.7.1-1, 7.1.7.1-1A, 8.6.1-1,
 * and of row 32A of the TBS table 7.1.7.2.1-1 (lte_tbs_ext).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/tables.h"
#include "tests/common/testutil.h"

static void lookup(lte_mcs_table t, int i_mcs, int *q, int *i)
{
    *q = *i = -99;
    assert_int_equal(lte_mcs_lookup(t, i_mcs, q, i), 0);
}

/* Closed forms read off the tables: each table is a staircase where the
 * I_TBS at a modulation change is repeated (64QAM PDSCH, PUSCH) or where
 * QPSK takes every other I_TBS and 256QAM skips I_TBS 26 (Table 7.1.7.1-1A). */
static void model(lte_mcs_table t, int m, int *q, int *i)
{
    switch (t) {
    case LTE_MCS_PDSCH_64QAM:
        if (m <= 9) { *q = 2; *i = m; }
        else if (m <= 16) { *q = 4; *i = m - 1; }
        else if (m <= 28) { *q = 6; *i = m - 2; }
        else { *q = 2 * (m - 28); *i = -1; }
        break;
    case LTE_MCS_PDSCH_256QAM:
        if (m <= 4) { *q = 2; *i = 2 * m; }
        else if (m <= 10) { *q = 4; *i = m + 5; }
        else if (m <= 19) { *q = 6; *i = m + 5; }
        else if (m == 20) { *q = 8; *i = 25; }
        else if (m <= 27) { *q = 8; *i = m + 6; }
        else { *q = 2 * (m - 27); *i = -1; }
        break;
    default: /* PUSCH */
        if (m <= 10) { *q = 2; *i = m; }
        else if (m <= 20) { *q = 4; *i = m - 1; }
        else if (m <= 28) { *q = 6; *i = m - 2; }
        else { *q = 0; *i = -1; }
        break;
    }
}

static void test_closed_form(void **state)
{
    (void)state;
    const lte_mcs_table tabs[] = {LTE_MCS_PDSCH_64QAM, LTE_MCS_PDSCH_256QAM, LTE_MCS_PUSCH};
    for (int k = 0; k < 3; k++)
        for (int m = 0; m < 32; m++) {
            int q, i, qe, ie;
            lookup(tabs[k], m, &q, &i);
            model(tabs[k], m, &qe, &ie);
            assert_int_equal(q, qe);
            assert_int_equal(i, ie);
        }
}

/* Q_m and I_TBS non-decreasing over the non-reserved range; every I_TBS
 * the table family uses is reached. */
static void test_structure(void **state)
{
    (void)state;
    const struct { lte_mcs_table t; int last, max_itbs; } tabs[] = {
        {LTE_MCS_PDSCH_64QAM, 28, 26}, {LTE_MCS_PDSCH_256QAM, 27, 33}, {LTE_MCS_PUSCH, 28, 26}};
    for (int k = 0; k < 3; k++) {
        int seen[LTE_TBS_NUM_ITBS] = {0};
        int pq = 0, pi = -1;
        for (int m = 0; m <= tabs[k].last; m++) {
            int q, i;
            lookup(tabs[k].t, m, &q, &i);
            assert_true(q >= pq && i >= pi);
            assert_true(q == 2 || q == 4 || q == 6 || q == 8);
            assert_true(i >= 0 && i <= tabs[k].max_itbs);
            seen[i] = 1;
            pq = q;
            pi = i;
        }
        assert_int_equal(pi, tabs[k].max_itbs);
        int n = 0;
        for (int i = 0; i < LTE_TBS_NUM_ITBS; i++) n += seen[i];
        /* 64QAM/PUSCH: 0..26 all used; 256QAM: 28 entries, all distinct */
        assert_int_equal(n, tabs[k].t == LTE_MCS_PDSCH_256QAM ? 28 : 27);
    }
}

static void test_reserved_and_spots(void **state)
{
    (void)state;
    int q, i;
    /* 7.1.7.1-1 */
    lookup(LTE_MCS_PDSCH_64QAM, 10, &q, &i); assert_int_equal(q, 4); assert_int_equal(i, 9);
    lookup(LTE_MCS_PDSCH_64QAM, 17, &q, &i); assert_int_equal(q, 6); assert_int_equal(i, 15);
    lookup(LTE_MCS_PDSCH_64QAM, 28, &q, &i); assert_int_equal(q, 6); assert_int_equal(i, 26);
    for (int m = 29; m <= 31; m++) {
        lookup(LTE_MCS_PDSCH_64QAM, m, &q, &i);
        assert_int_equal(i, -1);
        assert_int_equal(q, (m - 28) * 2);
    }
    /* 7.1.7.1-1A */
    lookup(LTE_MCS_PDSCH_256QAM, 20, &q, &i); assert_int_equal(q, 8); assert_int_equal(i, 25);
    lookup(LTE_MCS_PDSCH_256QAM, 21, &q, &i); assert_int_equal(q, 8); assert_int_equal(i, 27);
    lookup(LTE_MCS_PDSCH_256QAM, 27, &q, &i); assert_int_equal(q, 8); assert_int_equal(i, 33);
    for (int m = 28; m <= 31; m++) {
        lookup(LTE_MCS_PDSCH_256QAM, m, &q, &i);
        assert_int_equal(i, -1);
        assert_int_equal(q, (m - 27) * 2);
    }
    /* 8.6.1-1 */
    lookup(LTE_MCS_PUSCH, 10, &q, &i); assert_int_equal(q, 2); assert_int_equal(i, 10);
    lookup(LTE_MCS_PUSCH, 11, &q, &i); assert_int_equal(q, 4); assert_int_equal(i, 10);
    lookup(LTE_MCS_PUSCH, 21, &q, &i); assert_int_equal(q, 6); assert_int_equal(i, 19);
    for (int m = 0; m <= 31; m++) {
        int rv = -1;
        assert_int_equal(lte_mcs_pusch_rv(m, &rv), 0);
        assert_int_equal(rv, m <= 28 ? 0 : m - 28);
        lookup(LTE_MCS_PUSCH, m, &q, &i);
        assert_int_equal(i < 0, m >= 29);
    }
}

/* Row 32A of Table 7.1.7.2.1-1: spot values typed from the 36.213 table
 * (N_PRB 1, 10, 30, 60, 90, 110) and from the six 36.104 Table A.17-1
 * payloads; structure: non-decreasing in N_PRB, between rows 32 and 33
 * where row 33 is not capped (N_PRB <= 100), and every value a TBS whose
 * B = TBS + 24 segments without filler bits (36.212 §5.1.2), as all entries
 * of the table do. */
static void test_tbs_32a(void **state)
{
    (void)state;
    static const int spot[][2] = {
        {1, 904},    {10, 9144},  {30, 27376},  {60, 55056},  {90, 84760},   {110, 101840},
        {6, 5544},   {15, 14112}, {25, 22920},  {50, 46888},  {75, 68808},   {100, 93800},
    };
    for (size_t i = 0; i < sizeof spot / sizeof spot[0]; i++) {
        int t = -1;
        assert_int_equal(lte_tbs_ext(LTE_ITBS_32A, spot[i][0], &t), 0);
        assert_int_equal(t, spot[i][1]);
    }
    int prev = 0;
    for (int n = 1; n <= 110; n++) {
        int t, t32, t33;
        assert_int_equal(lte_tbs_ext(LTE_ITBS_32A, n, &t), 0);
        assert_int_equal(lte_tbs(32, n, &t32), 0);
        assert_int_equal(lte_tbs(33, n, &t33), 0);
        assert_true(t >= prev && t >= t32);
        if (n <= 100)
            assert_true(t <= t33);
        assert_int_equal(t % 8, 0);
        lte_cb_seg seg;
        assert_int_equal(lte_cb_segment(t + 24, &seg), 0);
        assert_int_equal(seg.F, 0);
        prev = t;
        /* the ordinary rows pass through */
        int a, b;
        assert_int_equal(lte_tbs_ext(17, n, &a), 0);
        assert_int_equal(lte_tbs(17, n, &b), 0);
        assert_int_equal(a, b);
    }
    int t;
    assert_int_equal(lte_tbs_ext(LTE_ITBS_32A, 0, &t), LTE_EINVAL);
    assert_int_equal(lte_tbs_ext(LTE_ITBS_32A, 111, &t), LTE_EINVAL);
    assert_int_equal(lte_tbs_ext(LTE_ITBS_32A, 6, NULL), LTE_EINVAL);
    assert_int_equal(lte_tbs_ext(34, 6, &t), LTE_EINVAL);
}

static void test_bad_args(void **state)
{
    (void)state;
    int q, i, rv;
    assert_int_equal(lte_mcs_lookup(LTE_MCS_PDSCH_64QAM, 32, &q, &i), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "32"));
    assert_int_equal(lte_mcs_lookup(LTE_MCS_PDSCH_64QAM, -1, &q, &i), LTE_EINVAL);
    assert_int_equal(lte_mcs_lookup((lte_mcs_table)3, 0, &q, &i), LTE_EINVAL);
    assert_int_equal(lte_mcs_lookup((lte_mcs_table)-1, 0, &q, &i), LTE_EINVAL);
    assert_int_equal(lte_mcs_lookup(LTE_MCS_PUSCH, 0, NULL, &i), LTE_EINVAL);
    assert_int_equal(lte_mcs_lookup(LTE_MCS_PUSCH, 0, &q, NULL), LTE_EINVAL);
    assert_int_equal(lte_mcs_pusch_rv(32, &rv), LTE_EINVAL);
    assert_int_equal(lte_mcs_pusch_rv(0, NULL), LTE_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_form),
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_reserved_and_spots),
        cmocka_unit_test(test_tbs_32a),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
