/* Tests of the MCS tables, TS 36.213 Tables 7.1.7.1-1, 7.1.7.1-1A, 8.6.1-1.
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
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
