/* Tests of the format 2 (TM4) precoding information values that say
 * "precoding according to the latest PMI report on PUSCH" (36.212 Tables
 * 5.3.3.1.5-4, 2 ports, and 5.3.3.1.5-5, 4 ports) in the downlink receive
 * chain (dlrx.h cfg.pmi_report / ri_report, lte_dlrx_chain_set_pmi):
 *  - loopback: the library's transmitter sends subframe 3 with a C-RNTI
 *    format 2 DCI carrying such a value and the PDSCH precoded with the
 *    codebook entry the table and the report give; the expected entry is
 *    worked out here from the precoder matrices written out below (2 ports:
 *    the reported rank-2 matrix, or its 1st / 2nd column times sqrt 2 for
 *    values 5 / 6, matched against the rank-1 vectors), not by the chain's
 *    code. With the report set, the transport blocks come out as sent;
 *  - the same subframe with another report decodes wrongly (the report is
 *    what the chain precodes with), and without a report the grant fails
 *    cleanly with LTE_EUNSUPPORTED and a message saying no report was given;
 *  - the combinations the table gives no rule for (a 2-layer grant on a
 *    rank-1 report, value 6 on a rank-1 report, 4 ports with another rank)
 *    are refused with LTE_EUNSUPPORTED;
 *  - configuration and lte_dlrx_chain_set_pmi argument checks.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/dci.h"
#include "ltephy/dlphy.h"
#include "ltephy/dlrx.h"
#include "ltephy/error.h"
#include "ltephy/layers.h"
#include "tests/common/dltest.h"
#include "tests/common/testutil.h"
#include "tests/common/tu_layers.h"

#define RNTI 0x4567
#define S2 0.70710678118654752440

/* 36.211 Table 6.3.4.2.3-1 written out: rank 1 (index 0..3) and rank 2
 * (index 0..2), w[p][l]. */
static const double complex cb1[4][2] = {{S2, S2}, {S2, -S2}, {S2, S2 * I}, {S2, -S2 * I}};
static const double complex cb2[3][2][2] = {
    {{S2, 0}, {0, S2}}, {{0.5, 0.5}, {0.5, -0.5}}, {{0.5, 0.5}, {0.5 * I, -0.5 * I}}};

/* 2 ports, one layer: the rank-1 index equal to column col (0/1) of the
 * rank-2 entry reported as PMI pmi (36.213 §7.2.4: index pmi + 1) times
 * sqrt 2. */
static int column_index(int pmi, int col)
{
    const double complex(*w)[2] = cb2[pmi + 1];
    for (int i = 0; i < 4; i++)
        if (cabs(w[0][col] * M_SQRT2 - cb1[i][0]) < 1e-9 &&
            cabs(w[1][col] * M_SQRT2 - cb1[i][1]) < 1e-9)
            return i;
    fail_msg("no rank-1 vector equals column %d of PMI %d", col, pmi);
    return -1;
}

typedef struct pmi_case {
    int ports, n_rx, two;   /* two transport blocks enabled */
    int precoding;          /* the DCI's precoding information */
    int pmi, ri;            /* the report given to the chain (-1: none) */
    lte_mimo_cfg mimo;      /* what the transmitter sends */
    int status;             /* expected grant status */
    int wrong_pmi, wrong_ri; /* > -1: a second report that must not decode */
} pmi_case;

/* The subframe through a flat channel, noiseless; the chain configured
 * with the case's report. */
static void run_case(const pmi_case *t)
{
    const int n_rb = 25, sf = 3;
    lte_dl_tx_cfg cfg;
    lte_dl_tx_cfg_init(&cfg);
    cfg.cell.n_rb = n_rb;
    cfg.cell.n_ports = t->ports;
    cfg.cell.cell_id = 77;
    cfg.cell.cfi = 2;
    lte_dl_tx *tx = NULL;
    assert_int_equal(lte_dl_tx_create(&cfg, &tx), 0);
    lte_dci_cfg dc = {.n_rb_dl = n_rb, .duplex = LTE_FDD, .n_ports = t->ports};
    lte_dci_dl dl;
    memset(&dl, 0, sizeof dl);
    dl.ra_type = 0;
    dl.rba = 0x1ABCu & ((1u << lte_ra_type0_bits(n_rb)) - 1);
    dl.harq = 2;
    dl.tb[0] = (lte_dci_tb){.mcs = 12, .ndi = 1, .rv = 0};
    dl.tb[1] = t->two ? (lte_dci_tb){.mcs = 14, .ndi = 1, .rv = 0} : (lte_dci_tb){0, 0, 1};
    dl.precoding = t->precoding;
    int A = lte_dci_size(&dc, LTE_DCI_FORMAT2);
    assert_true(A > 0);
    uint8_t bits[LTE_CTRL_A_MAX];
    if (lte_dci_dl_pack(&dc, LTE_DCI_FORMAT2, &dl, bits, A) != 0)
        fail_msg("pack: %s", lte_errdetail());
    lte_ra ra;
    static uint8_t prb[2][LTE_MAX_RB];
    assert_int_equal(lte_dci_dl_ra(&dc, &dl, &ra), 0);
    int n_prb = lte_ra_prbs(n_rb, &ra, prb);
    assert_true(n_prb > 0);
    lte_pdsch_alloc al;
    memset(&al, 0, sizeof al);
    al.cfg.mimo = t->mimo;
    al.cfg.rnti = RNTI;
    memcpy(al.cfg.prb_mask, prb[0], LTE_MAX_RB);
    static uint8_t tb[2][40000];
    int tbs[2] = {0, 0}, n_cw = t->two ? 2 : 1;
    tu_rng r;
    tu_rng_seed(&r, 4242 + (uint64_t)t->precoding);
    for (int q = 0; q < n_cw; q++) {
        lte_dci_tb_grant gq;
        assert_int_equal(lte_dci_dl_tb(&dl, LTE_DCI_FORMAT2, q, n_prb, tu_cw_layers(&t->mimo, q),
                                       &gq), 0);
        tbs[q] = gq.tbs;
        al.cfg.mod[q] = (lte_mod)gq.q_m;
        al.cfg.tbs[q] = gq.tbs;
        tu_random_bits(&r, tb[q], gq.tbs);
        al.tb[q] = tb[q];
    }
    float complex *y[4];
    int cce;
    tu_dl_send_grant(tx, &cfg.cell, sf, 11, RNTI, bits, A, &al, t->n_rx, y, &cce);
    lte_dlrx_chain_cfg rc;
    lte_dlrx_chain_cfg_init(&rc);
    assert_int_equal(rc.pmi_report, -1); /* the default: no report */
    rc.cell = cfg.cell;
    rc.rnti[0] = RNTI;
    rc.n_rnti = 1;
    rc.tm = 4;
    rc.n_rx = t->n_rx;
    rc.pmi_report = t->pmi;
    rc.ri_report = t->pmi >= 0 ? t->ri : 1;
    lte_dlrx_chain *ch = NULL;
    assert_int_equal(lte_dlrx_chain_create(&rc, &ch), 0);
    static lte_dlrx_sf res;
    assert_int_equal(lte_dlrx_chain_subframe_rx(ch, (const float complex *const *)y, sf, 11, &res),
                     0);
    assert_int_equal(res.n_grants, 1);
    const lte_dlrx_grant *g = &res.grant[0];
    assert_int_equal((int)g->format, (int)LTE_DLRX_FMT_2);
    assert_int_equal(g->dl.precoding, t->precoding);
    print_message("%d ports, %d TB, precoding %d, report PMI %d rank %d: status %d (sent %d "
                  "layer(s), codebook %d)\n", t->ports, n_cw, t->precoding, t->pmi, t->ri,
                  g->status, t->mimo.n_layers, t->mimo.codebook);
    assert_int_equal(g->status, t->status);
    if (t->status == 0) {
        assert_int_equal(g->n_cw, n_cw);
        for (int q = 0; q < n_cw; q++) {
            const uint8_t *b;
            int nb;
            assert_int_equal(g->status_cw[q], 0);
            assert_int_equal(lte_dlrx_chain_tb_cw(ch, 0, q, &b, &nb), 0);
            assert_int_equal(nb, tbs[q]);
            assert_memory_equal(b, tb[q], (size_t)nb);
        }
    } else {
        /* the same again stage by stage: the code and its message */
        assert_int_equal(lte_dlrx_chain_pdsch(ch, &res, 0), t->status);
        const char *msg = lte_errdetail();
        print_message("  %s\n", msg);
        if (t->status != LTE_EUNSUPPORTED)
            ; /* reserved: refused when the DCI is unpacked */
        else if (t->pmi < 0)
            assert_non_null(strstr(msg, "no PMI report was given"));
        else
            assert_non_null(strstr(msg, "not modelled"));
    }
    if (t->wrong_pmi >= 0) { /* another report: the PDSCH no longer decodes */
        assert_int_equal(lte_dlrx_chain_set_pmi(ch, t->wrong_pmi, t->wrong_ri), 0);
        int st = lte_dlrx_chain_pdsch(ch, &res, 0);
        print_message("  with PMI %d rank %d instead: status %d\n", t->wrong_pmi, t->wrong_ri, st);
        assert_int_equal(st, LTE_ECRC);
        /* and back: decodes again */
        assert_int_equal(lte_dlrx_chain_set_pmi(ch, t->pmi, t->ri), 0);
        assert_int_equal(lte_dlrx_chain_pdsch(ch, &res, 0), 0);
        /* no report: refused, saying so */
        assert_int_equal(lte_dlrx_chain_set_pmi(ch, -1, 1), 0);
        assert_int_equal(lte_dlrx_chain_pdsch(ch, &res, 0), LTE_EUNSUPPORTED);
        assert_non_null(strstr(lte_errdetail(), "no PMI report was given"));
    }
    lte_dlrx_chain_destroy(ch);
    lte_dl_tx_destroy(tx);
    for (int a = 0; a < t->n_rx; a++)
        free(y[a]);
}

#define SM LTE_TX_SPATIAL_MUX

/* 2 ports, Table 5.3.3.1.5-4. */
static void test_two_ports(void **state)
{
    (void)state;
    const pmi_case cases[] = {
        /* two blocks, 2: 2 layers with the reported rank-2 matrix (PMI n is
         * 36.211 index n + 1) */
        {2, 2, 1, 2, 1, 2, {SM, 2, 2, 2, 1 + 1}, 0, 0, 2},
        {2, 2, 1, 2, 0, 2, {SM, 2, 2, 2, 0 + 1}, 0, -1, 0},
        /* one block, 5: the reported rank-1 vector */
        {2, 1, 0, 5, 3, 1, {SM, 2, 1, 1, 3}, 0, 1, 1},
        {2, 2, 0, 5, 0, 1, {SM, 2, 1, 1, 0}, 0, -1, 0},
        /* one block, 5 / 6 on a rank-2 report: its 1st / 2nd column x sqrt 2 */
        {2, 1, 0, 5, 1, 2, {SM, 2, 1, 1, column_index(1, 0)}, 0, 0, 2},
        {2, 1, 0, 5, 0, 2, {SM, 2, 1, 1, column_index(0, 0)}, 0, -1, 0},
        {2, 1, 0, 6, 0, 2, {SM, 2, 1, 1, column_index(0, 1)}, 0, 1, 2},
        {2, 2, 0, 6, 1, 2, {SM, 2, 1, 1, column_index(1, 1)}, 0, -1, 0},
        /* refused: no report; 6 on a rank-1 report; 2 layers on a rank-1
         * report */
        {2, 1, 0, 5, -1, 0, {SM, 2, 1, 1, 0}, LTE_EUNSUPPORTED, -1, 0},
        {2, 2, 1, 2, -1, 0, {SM, 2, 2, 2, 1}, LTE_EUNSUPPORTED, -1, 0},
        {2, 1, 0, 6, 2, 1, {SM, 2, 1, 1, 2}, LTE_EUNSUPPORTED, -1, 0},
        {2, 2, 1, 2, 2, 1, {SM, 2, 2, 2, 1}, LTE_EUNSUPPORTED, -1, 0},
        /* reserved stays reserved with a report */
        {2, 1, 0, 7, 0, 1, {SM, 2, 1, 1, 0}, LTE_EFORMAT, -1, 0},
    };
    /* the columns are the expected vectors: [1 1; 1 -1]/2 -> [1;1], [1;-1];
     * [1 1; j -j]/2 -> [1;j], [1;-j] (indices 0, 1, 2, 3) */
    assert_int_equal(column_index(0, 0), 0);
    assert_int_equal(column_index(0, 1), 1);
    assert_int_equal(column_index(1, 0), 2);
    assert_int_equal(column_index(1, 1), 3);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);
}

/* 4 ports, Table 5.3.3.1.5-5: each rank's 16 TPMIs followed by its "latest
 * PMI" value: one block 17 / 34 = 1 / 2 layers, two blocks 16 / 33 / 50 =
 * 2 / 3 / 4 layers, each on the report of that rank (PMI = TPMI). */
static void test_four_ports(void **state)
{
    (void)state;
    const pmi_case cases[] = {
        {4, 1, 0, 17, 11, 1, {SM, 4, 1, 1, 11}, 0, 4, 1},
        {4, 2, 0, 34, 6, 2, {SM, 4, 2, 1, 6}, 0, -1, 0},
        {4, 2, 1, 16, 5, 2, {SM, 4, 2, 2, 5}, 0, 9, 2},
        {4, 4, 1, 33, 9, 3, {SM, 4, 3, 2, 9}, 0, -1, 0},
        {4, 4, 1, 50, 14, 4, {SM, 4, 4, 2, 14}, 0, -1, 0},
        /* refused: no report, another rank */
        {4, 1, 0, 17, -1, 0, {SM, 4, 1, 1, 0}, LTE_EUNSUPPORTED, -1, 0},
        {4, 2, 0, 34, 6, 1, {SM, 4, 2, 1, 6}, LTE_EUNSUPPORTED, -1, 0},
        {4, 2, 1, 16, 5, 3, {SM, 4, 2, 2, 5}, LTE_EUNSUPPORTED, -1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);
}

static void test_bad_report(void **state)
{
    (void)state;
    lte_dlrx_chain_cfg c;
    lte_dlrx_chain *ch = NULL;
    static const struct {
        int ports, pmi, ri;
    } bad[] = {{2, 4, 1}, {2, 2, 2}, {2, 0, 3}, {2, 0, 0}, {4, 16, 1}, {4, 0, 5}, {1, 0, 1},
               {2, -2, 1}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lte_dlrx_chain_cfg_init(&c);
        c.cell.n_ports = bad[i].ports;
        c.tm = bad[i].ports > 1 ? 4 : 1;
        c.pmi_report = bad[i].pmi;
        c.ri_report = bad[i].ri;
        if (lte_dlrx_chain_create(&c, &ch) != LTE_EINVAL)
            fail_msg("report %d rank %d on %d ports accepted", bad[i].pmi, bad[i].ri,
                     bad[i].ports);
        assert_null(ch);
    }
    lte_dlrx_chain_cfg_init(&c);
    c.cell.n_ports = 2;
    c.tm = 4;
    c.pmi_report = 1;
    c.ri_report = 2;
    assert_int_equal(lte_dlrx_chain_create(&c, &ch), 0);
    assert_int_equal(lte_dlrx_chain_set_pmi(NULL, 0, 1), LTE_EINVAL);
    assert_int_equal(lte_dlrx_chain_set_pmi(ch, 3, 2), LTE_EINVAL);
    assert_int_equal(lte_dlrx_chain_set_pmi(ch, 0, 4), LTE_EINVAL);
    assert_int_equal(lte_dlrx_chain_set_pmi(ch, 3, 1), 0);
    assert_int_equal(lte_dlrx_chain_set_pmi(ch, -1, 1), 0);
    lte_dlrx_chain_destroy(ch);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_ports),
        cmocka_unit_test(test_four_ports),
        cmocka_unit_test(test_bad_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
