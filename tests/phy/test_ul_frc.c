/* Tests of the uplink fixed reference channels, TS 36.104 Annex A.
 *
 * Each row's derived columns are re-derived here from the rules they come
 * from, independently of phy/ul_frc.c: the payload from the 36.213 TBS table
 * (itself checked by test_tables_tbs), I_MCS from the closed form of
 * 36.213 Table 8.6.1-1, the code blocks from a plain implementation of
 * 36.212 §5.1.2 written below, the coded bits from the PUSCH resource count.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/tables.h"
#include "ltephy/ul_frc.h"
#include "ltephy/ulsch.h"
#include "tests/common/testutil.h"

/* The K step rules of 36.212 Table 5.1.3-3. */
static int is_table_k(int K)
{
    if (K >= 40 && K <= 512) return K % 8 == 0;
    if (K > 512 && K <= 1024) return K % 16 == 0;
    if (K > 1024 && K <= 2048) return K % 32 == 0;
    if (K > 2048 && K <= 6144) return K % 64 == 0;
    return 0;
}

/* §5.1.2: C and K+ for B = TBS + 24. */
static void plain_segment(int B, int *C, int *k_plus)
{
    int L = 0, c = 1;
    if (B > 6144) {
        L = 24;
        c = (B + (6144 - L) - 1) / (6144 - L);
    }
    int Bp = B + c * L;
    int K = 40;
    while (!(is_table_k(K) && c * K >= Bp))
        K++;
    *C = c;
    *k_plus = K;
}

/* 36.213 Table 8.6.1-1, I_MCS 0..28: (Q_m, I_TBS) in closed form. */
static void pusch_mcs(int i_mcs, int *qm, int *i_tbs)
{
    if (i_mcs <= 10) { *qm = 2; *i_tbs = i_mcs; }
    else if (i_mcs <= 20) { *qm = 4; *i_tbs = i_mcs - 1; }
    else { *qm = 6; *i_tbs = i_mcs - 2; }
}

static void test_rows_structural(void **state)
{
    (void)state;
    int n = lte_ul_frc_count();
    assert_true(n >= 30);
    for (int i = 0; i < n; i++) {
        const lte_ul_frc *f = lte_ul_frc_at(i);
        assert_non_null(f);
        /* payload = TBS table entry */
        int tbs = -1;
        assert_int_equal(lte_tbs(f->i_tbs, f->n_rb_alloc, &tbs), 0);
        if (tbs != f->tbs)
            fail_msg("%s: TBS(%d, %d) = %d, row says %d", f->name, f->i_tbs, f->n_rb_alloc, tbs,
                     f->tbs);
        /* I_MCS gives the modulation and I_TBS (closed form and library) */
        int qm, it;
        pusch_mcs(f->i_mcs, &qm, &it);
        if (qm != f->qm || it != f->i_tbs)
            fail_msg("%s: I_MCS %d is (Qm %d, I_TBS %d), row (%d, %d)", f->name, f->i_mcs, qm, it,
                     f->qm, f->i_tbs);
        assert_int_equal(lte_mcs_lookup(LTE_MCS_PUSCH, f->i_mcs, &qm, &it), 0);
        assert_int_equal(qm, f->qm);
        assert_int_equal(it, f->i_tbs);
        /* coded bits: M_RB x 12 subcarriers x 12 data symbols x Q_m */
        if (f->coded_bits != f->n_rb_alloc * 12 * 12 * f->qm)
            fail_msg("%s: coded bits %d", f->name, f->coded_bits);
        /* code blocks, plain §5.1.2 and the library's */
        int C, kp;
        plain_segment(f->tbs + 24, &C, &kp);
        if (C != f->n_cb || 3 * kp + 12 != f->cb_coded)
            fail_msg("%s: C %d K+ %d (coded %d), row C %d coded %d", f->name, C, kp, 3 * kp + 12,
                     f->n_cb, f->cb_coded);
        lte_cb_seg seg;
        assert_int_equal(lte_cb_segment(f->tbs + 24, &seg), 0);
        assert_int_equal(seg.C, C);
        assert_int_equal(seg.K_plus, kp);
        /* effective rate near the stated one (1-RB channels are coarse) */
        double target = (double)f->rate_num / f->rate_den;
        double eff = (f->tbs + 24.0 + (C > 1 ? 24.0 * C : 0.0)) / f->coded_bits;
        assert_true(fabs(lte_ul_frc_rate(f) - eff) < 1e-12);
        double tol = f->n_rb_alloc == 1 ? 0.12 : 0.06;
        if (fabs(eff - target) > tol)
            fail_msg("%s: effective rate %.3f, stated %.3f", f->name, eff, target);
        /* the allocation fits the default bandwidth (stepped: N up to step-1) */
        int span = f->rb_step ? (f->n_rb_alloc - 1) * f->rb_step + f->rb_step : f->n_rb_alloc;
        assert_true(span <= f->n_rb_ul);
        assert_true(f->n_rb_ul == 6 || f->n_rb_ul == 15 || f->n_rb_ul == 25 ||
                    f->n_rb_ul == 50 || f->n_rb_ul == 75 || f->n_rb_ul == 100);
        assert_non_null(strstr(f->source, "36.104"));
        /* the UL-SCH's own count of the PUSCH bits agrees */
        lte_ulsch_cfg ul;
        assert_int_equal(lte_ul_frc_ulsch_cfg(f, &ul), 0);
        lte_ulsch_sizes s;
        assert_int_equal(lte_ulsch_sizes_get(&ul, &s), 0);
        assert_int_equal(s.G, f->coded_bits);
        assert_int_equal(s.n_symb, 12);
    }
}

/* Spot values typed from the tables (36.104 Tables A.1-1, A.7-1, A.13-1),
 * and the three 1.4 MHz performance channels the waveform tests use. */
static void test_spot_values(void **state)
{
    (void)state;
    static const struct { const char *name; int nrb, qm, tbs, cb_coded, bits; } v[] = {
        {"A1-1", 6, 2, 600, 1884, 1728},     {"A1-3", 25, 2, 2216, 6732, 7200},
        {"A1-9", 10, 2, 1032, 3180, 2880},   {"A7-4", 25, 4, 10680, 16140, 14400},
        {"A13-6", 100, 4, 28336, 17100, 57600}, {"A3-2", 6, 2, 600, 1884, 1728},
        {"A4-3", 6, 4, 2600, 7884, 3456},    {"A5-2", 6, 6, 4392, 13260, 5184},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        lte_ul_frc f;
        assert_true(lte_ul_frc_find(v[i].name, &f) >= 0);
        assert_int_equal(f.n_rb_alloc, v[i].nrb);
        assert_int_equal(f.qm, v[i].qm);
        assert_int_equal(f.tbs, v[i].tbs);
        assert_int_equal(f.cb_coded, v[i].cb_coded);
        assert_int_equal(f.coded_bits, v[i].bits);
    }
}

static void test_find(void **state)
{
    (void)state;
    int n = lte_ul_frc_count();
    for (int i = 0; i < n; i++) {
        const lte_ul_frc *f = lte_ul_frc_at(i);
        for (int j = 0; j < i; j++)
            assert_true(strcmp(f->name, lte_ul_frc_at(j)->name) != 0);
        assert_int_equal(lte_ul_frc_find(f->name, NULL), i);
    }
    lte_ul_frc f;
    assert_int_equal(lte_ul_frc_find("a4-3", &f), lte_ul_frc_find("A4-3", NULL));
    assert_string_equal(f.name, "A4-3");
    assert_null(lte_ul_frc_at(-1));
    assert_null(lte_ul_frc_at(n));
    assert_int_equal(lte_ul_frc_find("A9-9", &f), LTE_ENOTFOUND);
    assert_non_null(strstr(lte_errdetail(), "A9-9"));
    assert_non_null(strstr(lte_errdetail(), "A3-2"));
    assert_int_equal(lte_ul_frc_find(NULL, &f), LTE_EINVAL);
    assert_int_equal(lte_ul_frc_ulsch_cfg(NULL, NULL), LTE_EINVAL);
    assert_true(lte_ul_frc_rate(NULL) == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_structural),
        cmocka_unit_test(test_spot_values),
        cmocka_unit_test(test_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
