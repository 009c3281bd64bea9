/* Tests of the uplink fixed reference channels, TS 36.104 Annex A.
 *
 * Each row's derived columns are re-derived here from the rules they come
 * from, independently of phy/ul_frc.c: the payload from the 36.213 TBS table
 * (itself checked by test_tables_tbs; row 32A by test_tables_mcs), I_MCS
 * (64QAM and below) from the closed form of
 * 36.213 Table 8.6.1-1, the code blocks from a plain implementation of
 * 36.212 §5.1.2 written below, the coded bits from the PUSCH resource count
 * (12 subcarriers per RB, 2 x (7 - 1) data symbols with normal CP and
 * 2 x (6 - 1) with extended CP, 36.211 Table 5.6-1 and §5.5.2.1.2).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
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
        /* the catalogue holds transcribed rows only (ul_frc.h) */
        if (f->verified != 1)
            fail_msg("%s: row not checked against a copy of its table", f->name);
        /* payload = TBS table entry (row 32A for the 256QAM channels) */
        int tbs = -1;
        assert_int_equal(lte_tbs_ext(f->i_tbs, f->n_rb_alloc, &tbs), 0);
        if (tbs != f->tbs)
            fail_msg("%s: TBS(%d, %d) = %d, row says %d", f->name, f->i_tbs, f->n_rb_alloc, tbs,
                     f->tbs);
        if (f->qm == 8) {
            /* 256QAM: no Table 8.6.1-1 index; the payload row is 32A */
            assert_int_equal(f->i_mcs, -1);
            assert_int_equal(f->i_tbs, LTE_ITBS_32A);
        } else {
            /* I_MCS gives the modulation and I_TBS (closed form and library) */
            int qm, it;
            pusch_mcs(f->i_mcs, &qm, &it);
            if (qm != f->qm || it != f->i_tbs)
                fail_msg("%s: I_MCS %d is (Qm %d, I_TBS %d), row (%d, %d)", f->name, f->i_mcs,
                         qm, it, f->qm, f->i_tbs);
            assert_int_equal(lte_mcs_lookup(LTE_MCS_PUSCH, f->i_mcs, &qm, &it), 0);
            assert_int_equal(qm, f->qm);
            assert_int_equal(it, f->i_tbs);
        }
        /* coded bits: M_RB x 12 subcarriers x data symbols x Q_m, the data
         * symbols those of normal (2 x 6) or extended (2 x 5) CP */
        if (f->n_symb != 2 * (7 - 1) && f->n_symb != 2 * (6 - 1))
            fail_msg("%s: %d DFT-OFDM symbols", f->name, f->n_symb);
        if (f->coded_bits != f->n_rb_alloc * 12 * f->n_symb * f->qm)
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
        assert_int_equal(ul.cp_extended, f->n_symb == 10);
        assert_int_equal(s.G, f->coded_bits);
        assert_int_equal(s.n_symb, f->n_symb);
    }
}

/* Every channel of the nine tables is in the catalogue, under the table
 * it belongs to: A1-1..9, A2-1..5, A3-1..7, A4-1..8, A5-1..7, A7-1..6,
 * A11-1, A13-1..6, A17-1..6. */
static void test_complete(void **state)
{
    (void)state;
    static const struct { int family, count; } t[] = {
        {1, 9}, {2, 5}, {3, 7}, {4, 8}, {5, 7}, {7, 6}, {11, 1}, {13, 6}, {17, 6},
    };
    int total = 0;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        for (int k = 1; k <= t[i].count + 1; k++) {
            char name[16], table[32];
            snprintf(name, sizeof name, "A%d-%d", t[i].family, k);
            lte_ul_frc f;
            int idx = lte_ul_frc_find(name, &f);
            if (k > t[i].count) {
                assert_int_equal(idx, LTE_ENOTFOUND);
                continue;
            }
            if (idx < 0)
                fail_msg("%s missing", name);
            snprintf(table, sizeof table, "TS 36.104 Table A.%d-1", t[i].family);
            assert_string_equal(f.source, table);
            total++;
        }
    assert_int_equal(total, lte_ul_frc_count());
}

/* Spot values typed from the tables (36.104 Tables A.1-1 to A.5-1, A.7-1,
 * A.13-1, A.17-1): allocated RBs, DFT-OFDM symbols, Q_m, payload, C, coded block
 * size, bits and symbols per subframe; the symbols column is the bits over
 * Q_m and the RE count of the allocation. */
static void test_spot_values(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        int nrb, nsymb, qm, tbs, c, cb_coded, bits, symbols;
    } v[] = {
        {"A1-1", 6, 12, 2, 600, 1, 1884, 1728, 864},
        {"A1-3", 25, 12, 2, 2216, 1, 6732, 7200, 3600},
        {"A1-9", 10, 12, 2, 1032, 1, 3180, 2880, 1440},
        {"A2-1", 6, 12, 4, 2344, 1, 7116, 3456, 864},
        {"A2-3", 25, 12, 4, 9912, 2, 14988, 14400, 3600},
        {"A2-5", 10, 12, 4, 4008, 1, 12108, 5760, 1440},
        {"A3-1", 1, 12, 2, 104, 1, 396, 288, 144},
        {"A3-2", 6, 12, 2, 600, 1, 1884, 1728, 864},
        {"A3-6", 75, 12, 2, 6712, 2, 10188, 21600, 10800},
        {"A3-7", 100, 12, 2, 10296, 2, 15564, 28800, 14400},
        {"A4-2", 1, 10, 4, 376, 1, 1212, 480, 120},
        {"A4-3", 6, 12, 4, 2600, 1, 7884, 3456, 864},
        {"A4-8", 100, 12, 4, 43816, 8, 16524, 57600, 14400},
        {"A5-2", 6, 12, 6, 4392, 1, 13260, 5184, 864},
        {"A5-4", 25, 12, 6, 18336, 3, 18444, 21600, 3600},
        {"A5-7", 100, 12, 6, 75376, 13, 17484, 86400, 14400},
        {"A7-4", 25, 12, 4, 10680, 2, 16140, 14400, 3600},
        {"A13-6", 100, 12, 4, 28336, 5, 17100, 57600, 14400},
        {"A17-1", 6, 12, 8, 5544, 1, 16716, 6912, 864},
        {"A17-2", 15, 12, 8, 14112, 3, 14220, 17280, 2160},
        {"A17-3", 25, 12, 8, 22920, 4, 17292, 28800, 3600},
        {"A17-4", 50, 12, 8, 46888, 8, 17676, 57600, 7200},
        {"A17-5", 75, 12, 8, 68808, 12, 17292, 86400, 10800},
        {"A17-6", 100, 12, 8, 93800, 16, 17676, 115200, 14400},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        lte_ul_frc f;
        assert_true(lte_ul_frc_find(v[i].name, &f) >= 0);
        assert_int_equal(f.n_rb_alloc, v[i].nrb);
        assert_int_equal(f.n_symb, v[i].nsymb);
        assert_int_equal(f.qm, v[i].qm);
        assert_int_equal(f.tbs, v[i].tbs);
        assert_int_equal(f.n_cb, v[i].c);
        assert_int_equal(f.cb_coded, v[i].cb_coded);
        assert_int_equal(f.coded_bits, v[i].bits);
        assert_int_equal(f.coded_bits / f.qm, v[i].symbols);
        assert_int_equal(f.n_rb_alloc * 12 * f.n_symb, v[i].symbols);
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
        cmocka_unit_test(test_complete),
        cmocka_unit_test(test_spot_values),
        cmocka_unit_test(test_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
