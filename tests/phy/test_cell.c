/* Tests of the cell configuration, its validation and the frame structure
 * helpers (36.211 §4, §6.2.3, §6.7, §6.9, §6.12; 36.306 Table 4.1-1).
 * Expected values come from the spec tables written out here, or from
 * closed forms evaluated differently from the library.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/cell.h"
#include "ltephy/error.h"
#include "tests/common/testutil.h"

static const int nrbs[6] = {6, 15, 25, 50, 75, 100};

static lte_cell_cfg base(void)
{
    lte_cell_cfg c;
    assert_int_equal(lte_cell_cfg_init(&c), 0);
    return c;
}

static void test_defaults_valid(void **state)
{
    (void)state;
    lte_cell_cfg c = base();
    assert_int_equal(lte_cell_validate(&c), 0);
    c.duplex = LTE_TDD;
    assert_int_equal(lte_cell_validate(&c), 0);
    assert_int_equal(lte_cell_cfg_init(NULL), LTE_EINVAL);
    assert_int_equal(lte_cell_validate(NULL), LTE_EINVAL);
}

/* A table of bad configurations, each with a word its message must contain. */
typedef struct {
    const char *what;
    void (*set)(lte_cell_cfg *);
    const char *needle;
} bad_case;

static void b_nrb7(lte_cell_cfg *c) { c->n_rb = 7; }
static void b_nrb0(lte_cell_cfg *c) { c->n_rb = 0; }
static void b_nrb110(lte_cell_cfg *c) { c->n_rb = 110; }
static void b_cp(lte_cell_cfg *c) { c->cp = (lte_cp)2; }
static void b_duplex(lte_cell_cfg *c) { c->duplex = (lte_duplex)5; }
static void b_tdd7(lte_cell_cfg *c) { c->duplex = LTE_TDD; c->tdd_config = 7; }
static void b_tddneg(lte_cell_cfg *c) { c->duplex = LTE_TDD; c->tdd_config = -1; }
static void b_ssf10(lte_cell_cfg *c) { c->duplex = LTE_TDD; c->ssf_config = 10; }
static void b_ssf8ext(lte_cell_cfg *c)
{
    c->duplex = LTE_TDD;
    c->cp = LTE_CP_EXTENDED;
    c->ssf_config = 8;
}
static void b_ssf9ext(lte_cell_cfg *c)
{
    c->duplex = LTE_TDD;
    c->cp = LTE_CP_EXTENDED;
    c->ssf_config = 9;
}
static void b_ulcp(lte_cell_cfg *c) { c->duplex = LTE_TDD; c->ul_cp = (lte_cp)3; }
static void b_cell504(lte_cell_cfg *c) { c->cell_id = 504; }
static void b_cellneg(lte_cell_cfg *c) { c->cell_id = -1; }
static void b_ports3(lte_cell_cfg *c) { c->n_ports = 3; }
static void b_ports0(lte_cell_cfg *c) { c->n_ports = 0; }
static void b_ports8(lte_cell_cfg *c) { c->n_ports = 8; }
static void b_ng(lte_cell_cfg *c) { c->ng = (lte_phich_ng)4; }
static void b_dur(lte_cell_cfg *c) { c->phich_dur = (lte_phich_dur)2; }
static void b_cfi0(lte_cell_cfg *c) { c->cfi = 0; }
static void b_cfi4(lte_cell_cfg *c) { c->cfi = 4; }
static void b_cat0(lte_cell_cfg *c) { c->ue_category = 0; }
static void b_cat13(lte_cell_cfg *c) { c->ue_category = 13; }
static void b_extdur_cfi2(lte_cell_cfg *c)
{
    c->phich_dur = LTE_PHICH_EXTENDED;
    c->cfi = 2;
}
static void b_extdur_6rb_cfi1(lte_cell_cfg *c)
{
    c->n_rb = 6;
    c->phich_dur = LTE_PHICH_EXTENDED;
    c->cfi = 1;
}
/* 6 RB, N_g = 2, TDD configuration 0 (m_i = 2): 4 PHICH units need 12 REGs
 * in symbol 0, which has only 2*6 - 4 = 8 outside the PCFICH. */
static void b_phich_overflow(lte_cell_cfg *c)
{
    c->n_rb = 6;
    c->ng = LTE_NG_2;
    c->duplex = LTE_TDD;
    c->tdd_config = 0;
}

static void test_bad_configs(void **state)
{
    (void)state;
    static const bad_case cases[] = {
        {"N_RB 7", b_nrb7, "n_rb"},
        {"N_RB 0", b_nrb0, "n_rb"},
        {"N_RB 110", b_nrb110, "n_rb"},
        {"cp 2", b_cp, "cp"},
        {"duplex 5", b_duplex, "duplex"},
        {"TDD config 7", b_tdd7, "Table 4.2-2"},
        {"TDD config -1", b_tddneg, "tdd_config"},
        {"special config 10", b_ssf10, "Table 4.2-1"},
        {"special config 8 with extended CP", b_ssf8ext, "only with normal CP"},
        {"special config 9 with extended CP", b_ssf9ext, "only with normal CP"},
        {"UL CP 3", b_ulcp, "ul_cp"},
        {"cell 504", b_cell504, "cell_id"},
        {"cell -1", b_cellneg, "cell_id"},
        {"3 ports", b_ports3, "n_ports"},
        {"0 ports", b_ports0, "n_ports"},
        {"8 ports", b_ports8, "n_ports"},
        {"N_g 4", b_ng, "ng"},
        {"PHICH duration 2", b_dur, "phich_dur"},
        {"CFI 0", b_cfi0, "cfi"},
        {"CFI 4", b_cfi4, "cfi"},
        {"UE category 0", b_cat0, "ue_category"},
        {"UE category 13", b_cat13, "ue_category"},
        {"extended PHICH, CFI 2", b_extdur_cfi2, "§6.9.3"},
        {"extended PHICH, 6 RB CFI 1", b_extdur_6rb_cfi1, "§6.9.3"},
        {"PHICH overflow", b_phich_overflow, "PHICH"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lte_cell_cfg c = base();
        cases[i].set(&c);
        lte_error_clear();
        int rc = lte_cell_validate(&c);
        if (rc != LTE_EINVAL || !strstr(lte_errdetail(), cases[i].needle))
            fail_msg("%s: rc %d, detail \"%s\" (want \"%s\")", cases[i].what, rc,
                     lte_errdetail(), cases[i].needle);
    }
}

static void test_good_edge_configs(void **state)
{
    (void)state;
    lte_cell_cfg c = base();
    c.phich_dur = LTE_PHICH_EXTENDED;
    c.cfi = 3;
    assert_int_equal(lte_cell_validate(&c), 0);
    c.n_rb = 6;
    c.cfi = 2; /* 3 symbols with N_RB <= 10 */
    assert_int_equal(lte_cell_validate(&c), 0);
    c = base();
    c.duplex = LTE_TDD;
    c.cp = LTE_CP_EXTENDED;
    c.ssf_config = 7;
    assert_int_equal(lte_cell_validate(&c), 0);
    c.cp = LTE_CP_NORMAL;
    c.ssf_config = 9;
    assert_int_equal(lte_cell_validate(&c), 0);
    /* every field at its extremes */
    c = base();
    c.cell_id = 503;
    c.n_ports = 4;
    c.ng = LTE_NG_2;
    c.n_rb = 100;
    c.ue_category = 12;
    assert_int_equal(lte_cell_validate(&c), 0);
}

static void test_numerology(void **state)
{
    (void)state;
    /* 36.104 / 36.211 sampling: 1.4, 3, 5, 10, 15, 20 MHz */
    static const int fft[6] = {128, 256, 512, 1024, 1536, 2048};
    static const double msps[6] = {1.92, 3.84, 7.68, 15.36, 23.04, 30.72};
    for (int b = 0; b < 6; b++) {
        for (int cp = 0; cp < 2; cp++) {
            lte_cell_cfg c = base();
            c.n_rb = nrbs[b];
            c.cp = (lte_cp)cp;
            int n = lte_cell_fft_size(&c);
            assert_int_equal(n, fft[b]);
            assert_int_equal(lte_cell_sample_rate(&c), (int)lround(msps[b] * 1e6));
            assert_int_equal(lte_cell_n_sc(&c), 12 * nrbs[b]);
            int ns = lte_cell_symb_per_slot(&c);
            assert_int_equal(ns, cp ? 6 : 7);
            assert_int_equal(lte_cell_symb_per_subframe(&c), 2 * ns);
            /* a slot is 0.5 ms: sum of (CP + N) over its symbols = 7.5 N */
            int slot = 0;
            for (int l = 0; l < ns; l++) {
                int cpl = lte_cell_cp_len(&c, l);
                double want = (cp ? 512.0 : (l == 0 ? 160.0 : 144.0)) * n / 2048.0;
                assert_true(fabs(cpl - want) < 1e-9); /* exact at these sizes */
                slot += cpl + n;
            }
            assert_int_equal(2 * slot, 15 * n);
            assert_int_equal(lte_cell_subframe_samples(&c), 15 * n);
            /* symbol starts: consecutive, second slot starts at slot length */
            int t = 0;
            for (int l = 0; l < 2 * ns; l++) {
                assert_int_equal(lte_cell_symbol_start(&c, l), t);
                t += lte_cell_cp_len(&c, l % ns) + n;
            }
            assert_int_equal(lte_cell_symbol_start(&c, ns), slot);
            assert_int_equal(lte_cell_cp_len(&c, ns), LTE_EINVAL);
            assert_int_equal(lte_cell_symbol_start(&c, 2 * ns), LTE_EINVAL);
        }
    }
    lte_cell_cfg c = base();
    c.n_rb = 42;
    assert_int_equal(lte_cell_fft_size(&c), LTE_EINVAL);
}

static void test_tdd_patterns(void **state)
{
    (void)state;
    /* Structural facts of Table 4.2-2: subframes 0 and 5 are D, 1 is S, 2 is
     * U; configurations 0, 1, 2, 6 have a 5 ms switch point (subframe 6 is
     * S), 3, 4, 5 a 10 ms one; and the D/S/U counts of each configuration. */
    static const int nd[7] = {2, 4, 6, 6, 7, 8, 3}, nsp[7] = {2, 2, 2, 1, 1, 1, 2},
                     nu[7] = {6, 4, 2, 3, 2, 1, 5};
    for (int cfg = 0; cfg < 7; cfg++) {
        lte_cell_cfg c = base();
        c.duplex = LTE_TDD;
        c.tdd_config = cfg;
        int cnt[3] = {0};
        for (int sf = 0; sf < 10; sf++) {
            int t = lte_cell_subframe_type(&c, sf);
            cnt[t == LTE_SF_DL ? 0 : t == LTE_SF_SPECIAL ? 1 : 2]++;
            assert_true(t == LTE_SF_DL || t == LTE_SF_UL || t == LTE_SF_SPECIAL);
            /* an uplink subframe follows S or U; a special one is followed by U */
            if (t == LTE_SF_SPECIAL)
                assert_int_equal(lte_cell_subframe_type(&c, sf + 1), LTE_SF_UL);
            if (t == LTE_SF_UL) {
                int prev = lte_cell_subframe_type(&c, sf - 1);
                assert_true(prev == LTE_SF_UL || prev == LTE_SF_SPECIAL);
            }
        }
        assert_int_equal(lte_cell_subframe_type(&c, 0), LTE_SF_DL);
        assert_int_equal(lte_cell_subframe_type(&c, 5), LTE_SF_DL);
        assert_int_equal(lte_cell_subframe_type(&c, 1), LTE_SF_SPECIAL);
        assert_int_equal(lte_cell_subframe_type(&c, 2), LTE_SF_UL);
        int five_ms = cfg <= 2 || cfg == 6;
        assert_int_equal(lte_cell_subframe_type(&c, 6), five_ms ? LTE_SF_SPECIAL : LTE_SF_DL);
        assert_int_equal(cnt[0], nd[cfg]);
        assert_int_equal(cnt[1], nsp[cfg]);
        assert_int_equal(cnt[2], nu[cfg]);
    }
    lte_cell_cfg c = base();
    for (int sf = 0; sf < 10; sf++)
        assert_int_equal(lte_cell_subframe_type(&c, sf), LTE_SF_DL);
    assert_int_equal(lte_cell_subframe_type(&c, 10), LTE_EINVAL);
}

static void test_special_subframe(void **state)
{
    (void)state;
    /* DwPTS in OFDM symbols (Table 4.2-1 expressed in symbols) */
    static const int dw_n[10] = {3, 9, 10, 11, 12, 3, 9, 10, 11, 6};
    static const int dw_e[8] = {3, 8, 9, 10, 3, 8, 9, 5};
    for (int cp = 0; cp < 2; cp++) {
        for (int ucp = 0; ucp < 2; ucp++) {
            for (int s = 0; s < (cp ? 8 : 10); s++) {
                lte_cell_cfg c = base();
                c.duplex = LTE_TDD;
                c.cp = (lte_cp)cp;
                c.ul_cp = (lte_cp)ucp;
                c.ssf_config = s;
                int dw, gp, up;
                assert_int_equal(lte_cell_special_ts(&c, &dw, &gp, &up), 0);
                assert_int_equal(dw + gp + up, 30720);
                assert_true(gp > 0);
                int nd = lte_cell_dwpts_symbols(&c);
                assert_int_equal(nd, cp ? dw_e[s] : dw_n[s]);
                /* the T_s length is exactly nd OFDM symbols (CP + 2048) */
                int t = 0;
                for (int l = 0; l < nd; l++)
                    t += 2048 + (cp ? 512 : (l % 7 == 0 ? 160 : 144));
                assert_int_equal(t, dw);
                int nu = lte_cell_uppts_symbols(&c);
                assert_int_equal(up, nu * (2048 + (ucp ? 512 : 144)));
                /* two-symbol UpPTS from configuration 5 (normal) / 4 (extended) */
                assert_int_equal(nu, s >= (cp ? 4 : 5) ? 2 : 1);
                assert_int_equal(lte_cell_dl_symbols(&c, 1), nd);
                assert_int_equal(lte_cell_dl_symbols(&c, 0), cp ? 12 : 14);
                assert_int_equal(lte_cell_dl_symbols(&c, 2), 0);
            }
        }
    }
    lte_cell_cfg c = base();
    assert_int_equal(lte_cell_dwpts_symbols(&c), LTE_EINVAL); /* FDD */
}

static void test_control_region(void **state)
{
    (void)state;
    for (int b = 0; b < 6; b++) {
        for (int cfi = 1; cfi <= 3; cfi++) {
            for (int dup = 0; dup < 2; dup++) {
                lte_cell_cfg c = base();
                c.n_rb = nrbs[b];
                c.cfi = cfi;
                c.duplex = (lte_duplex)dup;
                c.tdd_config = 5; /* subframe 6 is a D subframe, still capped */
                for (int sf = 0; sf < 10; sf++) {
                    int t = lte_cell_subframe_type(&c, sf);
                    int want;
                    if (t == LTE_SF_UL)
                        want = 0;
                    else if (dup && (sf == 1 || sf == 6))
                        want = 2 < cfi + (nrbs[b] <= 10) ? 2 : cfi + (nrbs[b] <= 10);
                    else
                        want = cfi + (nrbs[b] <= 10);
                    assert_int_equal(lte_cell_ctrl_symbols(&c, sf), want);
                    /* the CFI carried gives back the same symbol count */
                    int e = lte_cell_cfi(&c, sf);
                    assert_int_equal(e == 0 ? 0 : e + (nrbs[b] <= 10), want);
                }
            }
        }
    }
}

static void test_phich_groups(void **state)
{
    (void)state;
    static const double ng[4] = {1.0 / 6, 0.5, 1.0, 2.0};
    /* Table 6.9-1 */
    static const char *mi[7] = {"2100021000", "0100101001", "0001000010", "1000000011",
                                "0000000011", "0000000010", "1100011001"};
    for (int b = 0; b < 6; b++) {
        for (int g = 0; g < 4; g++) {
            for (int cp = 0; cp < 2; cp++) {
                lte_cell_cfg c = base();
                c.n_rb = nrbs[b];
                c.ng = (lte_phich_ng)g;
                c.cp = (lte_cp)cp;
                /* ceil in floating point, with a guard against 1/6 rounding */
                int n = (int)ceil(ng[g] * nrbs[b] / 8.0 - 1e-9) * (cp ? 2 : 1);
                assert_int_equal(lte_cell_phich_groups(&c, 3), n);
                c.duplex = LTE_TDD;
                for (int t = 0; t < 7; t++) {
                    c.tdd_config = t;
                    for (int sf = 0; sf < 10; sf++)
                        assert_int_equal(lte_cell_phich_groups(&c, sf), (mi[t][sf] - '0') * n);
                }
            }
        }
    }
    /* worked example of the MATLAB LTE Toolbox docs: 50 RB, N_g = 1/6 -> 2 groups */
    lte_cell_cfg c = base();
    c.ng = LTE_NG_1_6;
    assert_int_equal(lte_cell_phich_groups(&c, 0), 2);
    /* PHICH duration, Table 6.9.3-1 */
    c.phich_dur = LTE_PHICH_EXTENDED;
    c.cfi = 3;
    assert_int_equal(lte_cell_phich_symbols(&c, 1), 3);
    c.duplex = LTE_TDD;
    assert_int_equal(lte_cell_phich_symbols(&c, 1), 2);
    assert_int_equal(lte_cell_phich_symbols(&c, 6), 2);
    assert_int_equal(lte_cell_phich_symbols(&c, 0), 3);
    assert_int_equal(lte_cell_phich_symbols(&c, 2), 0);
}

static void test_harq_and_category(void **state)
{
    (void)state;
    lte_cell_cfg c = base();
    assert_int_equal(lte_cell_harq_processes(&c), 8);
    static const int tdd[7] = {4, 7, 10, 9, 12, 15, 6}; /* 36.213 Table 7-1 */
    c.duplex = LTE_TDD;
    for (int t = 0; t < 7; t++) {
        c.tdd_config = t;
        assert_int_equal(lte_cell_harq_processes(&c), tdd[t]);
    }
    /* 36.306 Table 4.1-1 N_soft, categories 1..8 */
    static const int nsoft[8] = {250368,  1237248, 1237248, 1827072,
                                 3667200, 3654144, 3654144, 35982720};
    static const int layers[8] = {1, 2, 2, 2, 4, 4, 4, 8};
    for (int k = 1; k <= 8; k++) {
        lte_ue_category u;
        assert_int_equal(lte_ue_category_get(k, &u), 0);
        assert_int_equal(u.category, k);
        assert_int_equal(u.n_soft, nsoft[k - 1]);
        assert_int_equal(u.max_layers, layers[k - 1]);
        assert_true(u.max_tb_bits <= u.max_tb_bits_tti);
    }
    lte_ue_category u;
    assert_int_equal(lte_ue_category_get(0, &u), LTE_EINVAL);
    assert_int_equal(lte_ue_category_get(13, &u), LTE_EINVAL);
    assert_int_equal(lte_ue_category_get(1, NULL), LTE_EINVAL);
}

/* 36.213 §7.1.7.2.1: N_PRB = max(floor(0.75 N'_PRB), 1) in a DwPTS, worked by hand */
static void test_tbs_prb_column(void **state)
{
    (void)state;
    lte_cell_cfg c;
    lte_cell_cfg_init(&c);
    c.duplex = LTE_TDD;
    c.tdd_config = 1; /* D S U U D D S U U D */
    assert_int_equal(lte_cell_tbs_prb(&c, 0, 25), 25);
    assert_int_equal(lte_cell_tbs_prb(&c, 1, 25), 18);  /* 18.75 */
    assert_int_equal(lte_cell_tbs_prb(&c, 6, 100), 75);
    assert_int_equal(lte_cell_tbs_prb(&c, 1, 1), 1);    /* floor(0.75) = 0 -> 1 */
    assert_int_equal(lte_cell_tbs_prb(&c, 1, 2), 1);
    assert_int_equal(lte_cell_tbs_prb(&c, 1, 4), 3);
    assert_int_equal(lte_cell_tbs_prb(&c, 1, 0), LTE_EINVAL);
    assert_int_equal(lte_cell_tbs_prb(&c, 10, 5), LTE_EINVAL);
    /* special subframe configuration 9 (normal CP, DwPTS 13168 T_s = 6
     * symbols) and 7 (extended CP, 12800 T_s = 5 symbols): the Release 11
     * factor 0.375 of §7.1.7 */
    c.ssf_config = 9;
    assert_int_equal(lte_cell_tbs_prb(&c, 1, 100), 37); /* 37.5 */
    assert_int_equal(lte_cell_tbs_prb(&c, 6, 25), 9);   /* 9.375 */
    assert_int_equal(lte_cell_tbs_prb(&c, 1, 8), 3);
    assert_int_equal(lte_cell_tbs_prb(&c, 1, 5), 1);    /* 1.875 */
    assert_int_equal(lte_cell_tbs_prb(&c, 1, 2), 1);    /* floor(0.75) = 0 -> 1 */
    assert_int_equal(lte_cell_tbs_prb(&c, 0, 25), 25);  /* subframe 0 is not special */
    c.cp = LTE_CP_EXTENDED;
    c.ssf_config = 7;
    assert_int_equal(lte_cell_tbs_prb(&c, 1, 50), 18); /* 18.75 */
    c.ssf_config = 6; /* extended CP, 9 symbols: 0.75 */
    assert_int_equal(lte_cell_tbs_prb(&c, 1, 50), 37);
    c.cp = LTE_CP_NORMAL;
    c.ssf_config = 7; /* normal CP configuration 7: 10 symbols, 0.75 */
    assert_int_equal(lte_cell_tbs_prb(&c, 1, 50), 37);
    c.duplex = LTE_FDD;
    assert_int_equal(lte_cell_tbs_prb(&c, 1, 25), 25);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_valid),   cmocka_unit_test(test_bad_configs),
        cmocka_unit_test(test_good_edge_configs), cmocka_unit_test(test_numerology),
        cmocka_unit_test(test_tdd_patterns),     cmocka_unit_test(test_special_subframe),
        cmocka_unit_test(test_control_region),   cmocka_unit_test(test_phich_groups),
        cmocka_unit_test(test_harq_and_category), cmocka_unit_test(test_tbs_prb_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
