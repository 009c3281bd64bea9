/* Uplink round-trip matrix (issue #8, "Done when", first bullet): PUSCH with
 * DMRS through ideal, AWGN and fading (EPA5/EVA70/ETU70) channels for every
 * uplink bandwidth (6, 15, 25, 50, 75, 100 PRB), FDD and TDD (UL/DL
 * configurations 0..6, PUSCH subframes taken from the scheduling timing of
 * 36.213 Table 8-2 and checked to be uplink subframes of 36.211 Table 4.2-2),
 * normal and extended CP, allocations M_RB = 2^a 3^b 5^c at several offsets,
 * QPSK/16QAM/64QAM (and 256QAM by TBS index, test_pusch_256qam), 1/2/4 RX antennas, UCI on PUSCH, a HARQ retransmission
 * with another rv, a fractional timing offset and a small CFO; then SRS
 * (FDD with a shortened PUSCH, TDD UpPTS), PRACH (formats 0..3 FDD, format 4
 * TDD UpPTS) and PUCCH (formats 1a/1b/2/2a/2b), each for every bandwidth.
 * Each case prints one line; failing cases are all reported before the test
 * fails. Expected values are only what the test transmitted.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/cell.h"
#include "ltephy/channel.h"
#include "ltephy/error.h"
#include "ltephy/ofdm.h"
#include "ltephy/prach.h"
#include "ltephy/pucch.h"
#include "ltephy/pusch.h"
#include "ltephy/rng.h"
#include "ltephy/srs.h"
#include "ltephy/tables.h"
#include "ltephy/tdd_timing.h"
#include "tests/common/testutil.h"

typedef enum { CH_IDEAL, CH_AWGN, CH_EPA5, CH_EVA70, CH_ETU70 } chan_kind;
static const char *CH_NAME[] = {"ideal", "AWGN", "EPA5", "EVA70", "ETU70"};

typedef struct ul_case {
    int n_rb_ul;
    int tdd;        /* 0 FDD, 1 TDD */
    int tdd_config; /* 0..6 */
    lte_cp cp;
    int prb_start, n_prb;
    int i_mcs;      /* 36.213 Table 8.6.1-1 */
    int n_rx;
    chan_kind ch;
    double snr_db;  /* per RE; ignored for CH_IDEAL */
    int uci;        /* 0 none, 1 ACK 2 + RI 1 + CQI 8, 2 ACK 4 + RI 3 + CQI 30 (CRC8 + TBCC) */
    int n_srs;      /* shortened PUSCH */
    double delay;   /* timing offset, samples (fractional) */
    double cfo_hz;
    int harq;       /* 1: rv 0 then rv 2 of the same block, soft-combined */
    int gh;         /* 0 none, 1 group hopping, 2 sequence hopping (delta_ss = case % 30) */
    lte_channel_corr corr; /* fading: antenna correlation (36.104 §B.5), default low */
    int itbs256;    /* > 0: 256QAM (Q_m 8) with this I_TBS instead of i_mcs */
} ul_case;

static int n_fail;

static const char *qm_name(int q_m)
{
    return q_m == 2 ? "QPSK" : q_m == 4 ? "16QAM" : q_m == 6 ? "64QAM" : "256QAM";
}

/* The PUSCH subframe: FDD any; TDD the target of an uplink grant of Table 8-2
 * (the first downlink/special subframe carrying a grant), asserted to be an
 * uplink subframe of Table 4.2-2. */
static int pick_subframe(const ul_case *c, int idx)
{
    lte_cell_cfg cell;
    assert_int_equal(lte_cell_cfg_init(&cell), 0);
    cell.n_rb = c->n_rb_ul;
    cell.cp = c->cp;
    cell.ul_cp = c->cp;
    cell.duplex = c->tdd ? LTE_TDD : LTE_FDD;
    cell.tdd_config = c->tdd_config;
    if (!c->tdd)
        return (3 * idx + 2) % 10;
    int found = -1, nth = 0;
    for (int n = 0; n < 10; n++) {
        int k[2];
        int nk = lte_pusch_grant_targets(LTE_TDD, c->tdd_config, n,
                                         LTE_UL_INDEX_MSB | LTE_UL_INDEX_LSB, k);
        assert_true(nk >= 0);
        for (int i = 0; i < nk; i++) {
            int sf = (n + k[i]) % 10;
            /* every grant target must be an uplink subframe */
            assert_int_equal(lte_cell_subframe_type(&cell, sf), LTE_SF_UL);
            if (nth++ == idx % 3 || found < 0)
                found = sf;
        }
    }
    assert_true(found >= 0);
    return found;
}

/* The UL-SCH part of a case's grant (TBS from the MCS, UCI sizes). */
static lte_ulsch_cfg case_ulsch(const ul_case *c)
{
    lte_ulsch_cfg u;
    memset(&u, 0, sizeof u);
    int q_m = 8, i_tbs = c->itbs256;
    if (!c->itbs256)
        assert_int_equal(lte_mcs_lookup(LTE_MCS_PUSCH, c->i_mcs, &q_m, &i_tbs), 0);
    u.n_prb = c->n_prb;
    u.cp_extended = c->cp == LTE_CP_EXTENDED;
    u.n_srs = c->n_srs;
    u.q_m = q_m;
    assert_int_equal(lte_tbs(i_tbs, c->n_prb, &u.tbs), 0);
    if (c->uci == 1) {
        u.o_ack = 2;
        u.o_ri = 1;
        u.o_cqi = 8;
    } else if (c->uci == 2) {
        u.o_ack = 4;
        u.o_ri = 3;
        u.o_cqi = 30;
    }
    u.beta_ack = 9;
    u.beta_ri = 7;
    u.beta_cqi = 10;
    return u;
}

/* Effective data code rate: (TBS + CRC) / (G - HARQ-ACK punctured bits). */
static double case_rate(const ul_case *c)
{
    lte_ulsch_cfg u = case_ulsch(c);
    lte_ulsch_sizes sz;
    if (lte_ulsch_sizes_get(&u, &sz) < 0)
        return 99.0;
    return (u.tbs + 24.0) / (double)(sz.G - sz.q_ack > 0 ? sz.G - sz.q_ack : 1);
}

static int run_case(int idx, const ul_case *c)
{
    lte_pusch_grant g = {0};
    g.subframe = pick_subframe(c, idx);
    g.rnti = 0x1234 + idx * 77;
    g.cyclic_shift = idx % 8;
    g.cs_field = (idx * 3) % 8;
    g.prb_start = c->prb_start;
    g.ul = case_ulsch(c);
    int q_m = g.ul.q_m;

    lte_pusch_cfg pc = {0};
    pc.n_rb_ul = c->n_rb_ul;
    pc.cp = c->cp;
    pc.cell_id = (idx * 37 + 5) % 504;
    pc.group_hopping = c->gh == 1;
    pc.seq_hopping = c->gh == 2;
    pc.delta_ss = idx % 30;
    pc.n_rx = c->n_rx;
    pc.tbs_max = g.ul.tbs > 16 ? g.ul.tbs : 16;
    pc.threads = 1;
    lte_pusch *p;
    assert_int_equal(lte_pusch_create(&pc, &p), 0);
    int slen = lte_pusch_subframe_len(p);
    double fs = slen * 1000.0;

    lte_channel *ch = NULL;
    if (c->ch >= CH_EPA5) {
        lte_channel_cfg cc = {0};
        cc.model = c->ch == CH_EPA5 ? LTE_CHANNEL_EPA : c->ch == CH_EVA70 ? LTE_CHANNEL_EVA
                                                                           : LTE_CHANNEL_ETU;
        cc.doppler_hz = c->ch == CH_EPA5 ? 5 : 70;
        cc.fs_hz = fs;
        cc.n_tx = 1;
        cc.n_rx = c->n_rx;
        cc.uplink = 1;
        cc.corr = c->corr;
        cc.seed = 1000 + (uint64_t)idx;
        assert_int_equal(lte_channel_create(&cc, &ch), 0);
    }
    lte_rng rng;
    lte_rng_seed(&rng, 77 + (uint64_t)idx);
    float complex *tx = malloc(sizeof(float complex) * (size_t)slen);
    float complex *tmp = malloc(sizeof(float complex) * (size_t)slen);
    float complex *rx[LTE_PUSCH_MAX_RX];
    for (int r = 0; r < c->n_rx; r++)
        rx[r] = malloc(sizeof(float complex) * (size_t)slen);
    uint8_t *tb = malloc((size_t)g.ul.tbs + 1), *tbd = malloc((size_t)g.ul.tbs + 1);
    lte_sch_harq *harq;
    assert_int_equal(lte_sch_harq_create(pc.tbs_max, &harq), 0);
    lte_rng_bits(&rng, tb, g.ul.tbs);
    lte_sch_harq_reset(harq);

    int n_tx = c->harq ? 2 : 1, ok = 1, data_ok = 0, uci_ok = 0;
    lte_pusch_rx_result res;
    memset(&res, 0, sizeof res);
    char first[64] = "";
    for (int t = 0; t < n_tx; t++) {
        g.ul.rv = t == 0 ? 0 : 2;
        if (t > 0)
            g.subframe = (g.subframe + (c->tdd ? 10 : 8)) % 10; /* same UL subframe next frame(s) */
        uint8_t cqi[64], ri[4], ack[4], cqid[64], rid[4], ackd[4];
        lte_rng_bits(&rng, cqi, g.ul.o_cqi);
        lte_rng_bits(&rng, ri, g.ul.o_ri);
        lte_rng_bits(&rng, ack, g.ul.o_ack);
        int rc = lte_pusch_tx(p, &g, tb, cqi, ri, ack, NULL, tx);
        if (rc < 0)
            print_error("case %d: lte_pusch_tx: %s\n", idx, lte_errdetail());
        assert_int_equal(rc, 0);
        int64_t t0 = (int64_t)(idx * 97 + t * (c->tdd ? 10 : 8)) * slen;
        if (ch) {
            const float complex *xs[1] = {tx};
            assert_int_equal(lte_channel_run(ch, xs, slen, t0, rx), 0);
        } else {
            for (int r = 0; r < c->n_rx; r++)
                memcpy(rx[r], tx, sizeof(float complex) * (size_t)slen);
        }
        for (int r = 0; r < c->n_rx; r++) {
            if (c->delay > 0) {
                assert_int_equal(lte_delay_apply(rx[r], tmp, slen, c->delay), 0);
                memcpy(rx[r], tmp, sizeof(float complex) * (size_t)slen);
            }
            if (c->cfo_hz != 0)
                assert_int_equal(lte_cfo_apply(rx[r], slen, c->cfo_hz, fs, t0, 0.3), 0);
            if (c->ch != CH_IDEAL)
                assert_int_equal(lte_awgn_add(&rng, rx[r], slen, pow(10, -c->snr_db / 10)), 0);
        }
        const float complex *const *rxc = (const float complex *const *)rx;
        memset(tbd, 0xff, (size_t)g.ul.tbs + 1);
        memset(cqid, 0xff, sizeof cqid);
        memset(rid, 0xff, sizeof rid);
        memset(ackd, 0xff, sizeof ackd);
        assert_int_equal(lte_pusch_rx(p, &g, rxc, harq, tbd, cqid, rid, ackd, &res), 0);
        data_ok = res.ul.data.crc_ok && memcmp(tb, tbd, (size_t)g.ul.tbs) == 0;
        uci_ok = memcmp(cqi, cqid, (size_t)g.ul.o_cqi) == 0 &&
                 memcmp(ri, rid, (size_t)g.ul.o_ri) == 0 &&
                 memcmp(ack, ackd, (size_t)g.ul.o_ack) == 0 &&
                 (g.ul.o_cqi <= 11 || res.ul.cqi_crc_ok == 1);
        if (c->harq && t == 0)
            snprintf(first, sizeof first, " [rv0: data %s]", data_ok ? "ok" : "fail");
    }
    ok = data_ok && uci_ok;
    char dup[8];
    snprintf(dup, sizeof dup, c->tdd ? "TDD%d" : "FDD", c->tdd_config);
    print_message("PUSCH %2d: %3d PRB %-4s %s sf %d M_RB %3d @%3d %-5s %s %2d TBS %5d "
                  "%d RX %-5s",
                  idx, c->n_rb_ul, dup,
                  c->cp == LTE_CP_NORMAL ? "NCP" : "ECP", g.subframe, c->n_prb, c->prb_start,
                  qm_name(q_m), c->itbs256 ? "I_TBS" : "MCS", c->itbs256 ? c->itbs256 : c->i_mcs,
                  g.ul.tbs, c->n_rx, CH_NAME[c->ch]);
    if (c->ch != CH_IDEAL)
        print_message(" %4.1f dB", c->snr_db);
    if (c->delay > 0 || c->cfo_hz != 0)
        print_message(" delay %.2f smp CFO %.0f Hz", c->delay, c->cfo_hz);
    if (g.ul.o_ack || g.ul.o_cqi)
        print_message(" UCI ack%d ri%d cqi%d", g.ul.o_ack, g.ul.o_ri, g.ul.o_cqi);
    if (c->n_srs)
        print_message(" SRS-short");
    if (c->harq)
        print_message(" HARQ rv0+rv2%s", first);
    if (c->gh)
        print_message(c->gh == 1 ? " GH" : " SH");
    if (c->corr != LTE_CORR_LOW)
        print_message(c->corr == LTE_CORR_MEDIUM ? " corr-medium" : " corr-high");
    print_message(" R %.2f: SINR %.1f dB -> %s%s%s\n", case_rate(c), res.sinr_db_mean,
                  ok ? "ok" : "FAIL",
                  data_ok ? "" : " (data)", uci_ok ? "" : " (UCI)");
    if (!ok)
        n_fail++;

    lte_sch_harq_destroy(harq);
    free(tb);
    free(tbd);
    for (int r = 0; r < c->n_rx; r++)
        free(rx[r]);
    free(tx);
    free(tmp);
    lte_channel_destroy(ch);
    lte_pusch_destroy(p);
    return ok;
}

/* n_rb, tdd, cfg, cp, start, M_RB, MCS, n_rx, channel, SNR, uci, n_srs, delay, cfo, harq, gh,
 * corr */
static const ul_case CASES[] = {
    {6, 0, 0, LTE_CP_NORMAL, 0, 6, 5, 1, CH_IDEAL, 0, 1, 0, 0, 0, 0, 0, LTE_CORR_LOW, 0},
    {6, 1, 0, LTE_CP_EXTENDED, 2, 3, 14, 2, CH_AWGN, 30, 0, 0, 0, 0, 0, 1, LTE_CORR_LOW, 0},
    {6, 0, 0, LTE_CP_EXTENDED, 5, 1, 22, 4, CH_EPA5, 30, 1, 0, 0, 0, 0, 0, LTE_CORR_LOW, 0},
    {15, 0, 0, LTE_CP_EXTENDED, 10, 5, 24, 1, CH_AWGN, 35, 0, 1, 0, 0, 0, 0, LTE_CORR_LOW, 0},
    {15, 1, 1, LTE_CP_NORMAL, 1, 12, 6, 4, CH_EPA5, 15, 1, 0, 0, 0, 0, 1, LTE_CORR_LOW, 0},
    {15, 0, 0, LTE_CP_NORMAL, 11, 4, 26, 2, CH_EPA5, 30, 0, 0, 0, 0, 0, 0, LTE_CORR_LOW, 0},
    {25, 0, 0, LTE_CP_NORMAL, 24, 1, 3, 2, CH_EVA70, 20, 0, 0, 0, 0, 0, 0, LTE_CORR_LOW, 0},
    {25, 1, 2, LTE_CP_NORMAL, 3, 20, 22, 2, CH_IDEAL, 0, 2, 0, 0, 0, 0, 0, LTE_CORR_LOW, 0},
    {25, 1, 6, LTE_CP_EXTENDED, 8, 9, 14, 2, CH_EVA70, 25, 1, 1, 0, 0, 0, 1, LTE_CORR_LOW, 0},
    {25, 0, 0, LTE_CP_NORMAL, 0, 25, 28, 1, CH_AWGN, 15, 0, 0, 0, 0, 1, 0, LTE_CORR_LOW, 0},
    {50, 0, 0, LTE_CP_NORMAL, 0, 50, 14, 2, CH_EPA5, 25, 2, 0, 2.37, 150, 0, 1, LTE_CORR_LOW, 0},
    {50, 1, 3, LTE_CP_EXTENDED, 48, 2, 26, 1, CH_IDEAL, 0, 1, 0, 0, 0, 0, 0, LTE_CORR_LOW, 0},
    {50, 1, 0, LTE_CP_NORMAL, 11, 27, 4, 1, CH_AWGN, 20, 1, 1, 0, 0, 0, 0, LTE_CORR_LOW, 0},
    {75, 0, 0, LTE_CP_EXTENDED, 15, 45, 6, 4, CH_ETU70, 15, 0, 0, 0, 0, 0, 0, LTE_CORR_LOW, 0},
    {75, 1, 4, LTE_CP_NORMAL, 0, 75, 24, 1, CH_AWGN, 35, 1, 0, 0, 0, 0, 1, LTE_CORR_LOW, 0},
    {100, 0, 0, LTE_CP_NORMAL, 0, 100, 28, 2, CH_AWGN, 35, 0, 0, 0, 0, 0, 0, LTE_CORR_LOW, 0},
    {100, 1, 5, LTE_CP_NORMAL, 60, 36, 14, 4, CH_ETU70, 25, 1, 0, 5.6, -80, 0, 0, LTE_CORR_LOW, 0},
    {100, 0, 0, LTE_CP_EXTENDED, 50, 48, 10, 1, CH_EVA70, 30, 2, 1, 0, 0, 0, 1, LTE_CORR_LOW, 0},
    /* high-order 64QAM in the 70 Hz channels at high SNR */
    {50, 0, 0, LTE_CP_NORMAL, 10, 30, 24, 2, CH_EVA70, 35, 0, 0, 0, 0, 0, 2, LTE_CORR_LOW, 0},
    {25, 1, 1, LTE_CP_NORMAL, 0, 25, 24, 4, CH_ETU70, 35, 1, 0, 0, 0, 0, 2, LTE_CORR_LOW, 0},
    {75, 0, 0, LTE_CP_NORMAL, 3, 72, 26, 2, CH_EPA5, 35, 0, 0, 0, 0, 0, 2, LTE_CORR_LOW, 0},
    /* HARQ in fading (the retransmission sees the channel 10 ms later) */
    {50, 1, 2, LTE_CP_NORMAL, 0, 50, 26, 2, CH_EVA70, 20, 1, 0, 0, 0, 1, 1, LTE_CORR_LOW, 0},
    {15, 0, 0, LTE_CP_EXTENDED, 3, 12, 20, 1, CH_EPA5, 14, 0, 0, 0.8, 60, 1, 0, LTE_CORR_LOW, 0},
    /* impairments one at a time (AWGN 35 dB): what each costs in SINR */
    {50, 0, 0, LTE_CP_NORMAL, 0, 50, 14, 1, CH_AWGN, 35, 0, 0, 0, 0, 0, 0, LTE_CORR_LOW, 0},
    {50, 0, 0, LTE_CP_NORMAL, 0, 50, 14, 1, CH_AWGN, 35, 0, 0, 2.37, 0, 0, 0, LTE_CORR_LOW, 0},
    {50, 0, 0, LTE_CP_NORMAL, 0, 50, 14, 1, CH_AWGN, 35, 0, 0, 0, 150, 0, 0, LTE_CORR_LOW, 0},
    {50, 0, 0, LTE_CP_NORMAL, 0, 50, 14, 1, CH_AWGN, 35, 0, 0, 0, -300, 0, 0, LTE_CORR_LOW, 0},
    {50, 1, 1, LTE_CP_EXTENDED, 5, 40, 14, 1, CH_AWGN, 35, 0, 0, 0, 150, 0, 0, LTE_CORR_LOW, 0},
};

/* Runs n cases (numbered from idx0 in the printout), all failures reported
 * before the test fails. */
static void run_cases(const char *what, const ul_case *cases, int n, int idx0)
{
    n_fail = 0;
    for (int i = 0; i < n; i++)
        run_case(idx0 + i, &cases[i]);
    print_message("%s: %d of %d cases failed\n", what, n_fail, n);
    assert_int_equal(n_fail, 0);
}

static void test_pusch_matrix(void **state)
{
    (void)state;
    run_cases("PUSCH matrix", CASES, (int)(sizeof CASES / sizeof CASES[0]), 0);
}


/* The full product bandwidth x {FDD, TDD} x {ideal, AWGN, EPA5, EVA70,
 * ETU70}: 60 cases, the other dimensions (CP, TDD configuration, modulation,
 * RX antennas, allocation size and offset, UCI, SRS shortening, hopping,
 * delay/CFO) rotated so each value appears many times. SNRs leave a margin
 * of several dB above each MCS's threshold (fading: 1 RX only for QPSK). */
static const int MRB_OK[] = {1,  2,  3,  4,  5,  6,  8,  9,  10, 12, 15, 16, 18, 20, 24, 25, 27,
                             30, 32, 36, 40, 45, 48, 50, 54, 60, 64, 72, 75, 80, 81, 90, 96, 100};
static const int BWS[6] = {6, 15, 25, 50, 75, 100};

static void test_pusch_sweep(void **state)
{
    (void)state;
    n_fail = 0;
    int total = 0;
    for (int b = 0; b < 6; b++)
        for (int d = 0; d < 2; d++)
            for (int chn = 0; chn < 5; chn++) {
                int i = (b * 2 + d) * 5 + chn;
                ul_case c;
                memset(&c, 0, sizeof c);
                c.n_rb_ul = BWS[b];
                c.tdd = d;
                c.tdd_config = (b * 5 + chn + d) % 7;
                c.cp = (b + d + chn) % 3 == 2 ? LTE_CP_EXTENDED : LTE_CP_NORMAL;
                c.ch = (chan_kind)chn;
                int m = (b + 2 * d + chn) % 3; /* QPSK, 16QAM, 64QAM */
                int fading = chn >= CH_EPA5;
                static const int MCS_AWGN[3] = {9, 19, 26}, MCS_FAD[3] = {5, 13, 21};
                c.i_mcs = fading ? MCS_FAD[m] : MCS_AWGN[m];
                static const int RX3[3] = {1, 2, 4};
                c.n_rx = (!fading || m == 0) ? RX3[(b + d + chn) % 3] : 2 + 2 * ((b + d) % 2);
                static const double SNR_AWGN[3] = {12, 20, 28}, SNR_FAD[3] = {16, 24, 32};
                c.snr_db = fading ? SNR_FAD[m] + (c.n_rx == 1 ? 6 : 0) : SNR_AWGN[m];
                int nsz = 0;
                while (nsz < (int)(sizeof MRB_OK / sizeof MRB_OK[0]) && MRB_OK[nsz] <= BWS[b])
                    nsz++;
                c.n_prb = MRB_OK[(i * 7 + 3) % nsz];
                c.prb_start = (i * 13) % (BWS[b] - c.n_prb + 1);
                c.uci = i % 3;
                c.n_srs = i % 4 == 3;
                c.gh = i % 3;
                if (fading && c.n_rx > 1 && b % 2 == 1)
                    c.corr = d ? LTE_CORR_HIGH : LTE_CORR_MEDIUM;
                if (fading && i % 3 == 0) {
                    c.delay = 0.4 + 0.7 * (i % 4);
                    c.cfo_hz = 40.0 + 10.0 * (i % 9);
                }
                /* a scheduler would not send a code rate near 1 (small
                 * allocations with much UCI): step the MCS down, within
                 * the modulation where possible */
                int mcs0 = c.i_mcs;
                for (;;) {
                    c.i_mcs = mcs0;
                    while (case_rate(&c) > (fading ? 0.8 : 0.9) && c.i_mcs > 0)
                        c.i_mcs--;
                    if (case_rate(&c) <= (fading ? 0.8 : 0.9) || c.uci == 0)
                        break;
                    c.uci--; /* too much UCI for the allocation: less CQI */
                }
                run_case(100 + i, &c);
                total++;
            }
    print_message("PUSCH sweep: %d of %d cases failed\n", n_fail, total);
    assert_int_equal(n_fail, 0);
}

/* ---- Several UEs in one subframe: three PUSCHs on disjoint allocations
 * (different RNTIs, cyclic shifts, MCSs), each through its own channel and
 * delay, summed at the eNB's 2 antennas with noise; one receiver object
 * decodes each grant from the same samples. FDD 50 PRB and TDD 100 PRB. */
static void test_pusch_multi_ue(void **state)
{
    (void)state;
    int fails = 0, total = 0;
    for (int v = 0; v < 2; v++) {
        int n_rb = v ? 100 : 50, n_rx = 2;
        lte_cp cp = v ? LTE_CP_EXTENDED : LTE_CP_NORMAL;
        int sf = v ? 3 : 6; /* TDD: subframe 3 is uplink in configurations 0, 1, 3, 4, 6 */
        static const int START[2][3] = {{0, 12, 30}, {2, 50, 80}};
        static const int NPRB[2][3] = {{10, 16, 20}, {45, 27, 20}};
        static const int MCS[2][3] = {{6, 14, 20}, {10, 18, 22}};
        static const chan_kind CHK[3] = {CH_EPA5, CH_EVA70, CH_ETU70};
        lte_pusch_cfg pc = {.n_rb_ul = n_rb, .cp = cp, .cell_id = 222 + v, .group_hopping = 1,
                            .n_rx = n_rx, .tbs_max = 40000, .threads = 1};
        lte_pusch *p;
        assert_int_equal(lte_pusch_create(&pc, &p), 0);
        int slen = lte_pusch_subframe_len(p);
        double fs = slen * 1000.0;
        float complex *tx = malloc(sizeof(float complex) * (size_t)slen);
        float complex *tmp = malloc(sizeof(float complex) * (size_t)slen);
        float complex *yu[2], *rx[2];
        for (int r = 0; r < n_rx; r++) {
            yu[r] = malloc(sizeof(float complex) * (size_t)slen);
            rx[r] = calloc((size_t)slen, sizeof(float complex));
        }
        lte_pusch_grant g[3];
        uint8_t *tb[3];
        lte_rng rng;
        lte_rng_seed(&rng, 4000 + (uint64_t)v);
        for (int u = 0; u < 3; u++) {
            memset(&g[u], 0, sizeof g[u]);
            g[u].subframe = sf;
            g[u].rnti = 0x100 + 50 * u;
            g[u].cyclic_shift = 2;
            g[u].cs_field = 3 * u;
            g[u].prb_start = START[v][u];
            ul_case c;
            memset(&c, 0, sizeof c);
            c.n_prb = NPRB[v][u];
            c.cp = cp;
            c.i_mcs = MCS[v][u];
            c.uci = u == 1;
            g[u].ul = case_ulsch(&c);
            tb[u] = malloc((size_t)g[u].ul.tbs);
            lte_rng_bits(&rng, tb[u], g[u].ul.tbs);
            uint8_t cqi[8] = {1, 0, 1, 1, 0, 0, 1, 0}, ri[1] = {1}, ack[2] = {0, 1};
            assert_int_equal(lte_pusch_tx(p, &g[u], tb[u], cqi, ri, ack, NULL, tx), 0);
            lte_channel_cfg cc = {.model = CHK[u] == CH_EPA5 ? LTE_CHANNEL_EPA
                                           : CHK[u] == CH_EVA70 ? LTE_CHANNEL_EVA
                                                                : LTE_CHANNEL_ETU,
                                  .doppler_hz = CHK[u] == CH_EPA5 ? 5 : 70, .fs_hz = fs,
                                  .n_tx = 1, .n_rx = n_rx, .uplink = 1,
                                  .seed = 60 + (uint64_t)(3 * v + u)};
            lte_channel *ch;
            assert_int_equal(lte_channel_create(&cc, &ch), 0);
            const float complex *xs[1] = {tx};
            assert_int_equal(lte_channel_run(ch, xs, slen, 0, yu), 0);
            lte_channel_destroy(ch);
            for (int r = 0; r < n_rx; r++) {
                assert_int_equal(lte_delay_apply(yu[r], tmp, slen, 0.5 * u), 0);
                for (int i = 0; i < slen; i++)
                    rx[r][i] += tmp[i];
            }
        }
        for (int r = 0; r < n_rx; r++)
            assert_int_equal(lte_awgn_add(&rng, rx[r], slen, pow(10, -2.8)), 0); /* 28 dB */
        for (int u = 0; u < 3; u++) {
            lte_sch_harq *hq;
            assert_int_equal(lte_sch_harq_create(g[u].ul.tbs, &hq), 0);
            uint8_t *tbd = malloc((size_t)g[u].ul.tbs), cqid[8], rid[1], ackd[2];
            lte_pusch_rx_result res;
            assert_int_equal(lte_pusch_rx(p, &g[u], (const float complex *const *)rx, hq, tbd,
                                          cqid, rid, ackd, &res),
                             0);
            int ok = res.ul.data.crc_ok && memcmp(tb[u], tbd, (size_t)g[u].ul.tbs) == 0;
            if (g[u].ul.o_ack)
                ok = ok && cqid[0] == 1 && cqid[7] == 0 && rid[0] == 1 && ackd[0] == 0 &&
                     ackd[1] == 1;
            print_message("multi-UE %d.%d: %3d PRB %s %s sf %d UE rnti %#x M_RB %2d @%2d MCS %2d "
                          "Q_m %d %s 2 RX 28 dB%s: SINR %.1f dB -> %s\n",
                          v, u, n_rb, v ? "TDD" : "FDD", cp ? "ECP" : "NCP", sf, g[u].rnti,
                          g[u].ul.n_prb, g[u].prb_start, MCS[v][u], g[u].ul.q_m,
                          CH_NAME[CHK[u]], g[u].ul.o_ack ? " UCI" : "", res.sinr_db_mean,
                          ok ? "ok" : "FAIL");
            fails += !ok;
            total++;
            free(tbd);
            lte_sch_harq_destroy(hq);
            free(tb[u]);
        }
        for (int r = 0; r < n_rx; r++) {
            free(yu[r]);
            free(rx[r]);
        }
        free(tx);
        free(tmp);
        lte_pusch_destroy(p);
    }
    print_message("multi-UE: %d of %d failed\n", fails, total);
    assert_int_equal(fails, 0);
}

/* ---- SRS: every bandwidth, FDD (last symbol of an uplink subframe, with a
 * shortened PUSCH of the same UE in the same subframe) and TDD UpPTS (the
 * special subframe of configuration 1, 1- and 2-symbol UpPTS, with and
 * without a format 4 PRACH and srsMaxUpPts). SC-FDMA modulation, a
 * fractional timing offset, AWGN at 20 dB per RE; the SRS timing estimate
 * must find the offset and the LS channel must have unit gain; the PUSCH
 * must decode. */
static void test_srs_roundtrip(void **state)
{
    (void)state;
    int fails = 0, total = 0;
    for (int b = 0; b < 6; b++)
        for (int mode = 0; mode < 2; mode++) {
            int n_rb = BWS[b], idx = 200 + 2 * b + mode;
            lte_cp cp = (b + mode) % 3 == 2 ? LTE_CP_EXTENDED : LTE_CP_NORMAL;
            lte_srs_cfg sc;
            memset(&sc, 0, sizeof sc);
            sc.rs.cell_id = 11 * b + 3 + 100 * mode;
            sc.rs.cp = cp;
            sc.rs.group_hopping = b % 2;
            sc.n_rb_ul = n_rb;
            sc.c_srs = (3 * b + mode) % 8;
            sc.b_srs = b % 4;
            sc.b_hop = 3;
            sc.n_rrc = (5 * b) % 24;
            sc.k_tc = b % 2;
            sc.n_cs = (3 * b + 1) % 8;
            int sf, ns, l, uppts_len = 0;
            lte_ofdm_cfg oc = {.n_rb = n_rb, .cp = cp, .mode = LTE_OFDM_UL_SCFDMA};
            lte_ofdm *ofdm;
            assert_int_equal(lte_ofdm_create(&oc, &ofdm), 0);
            lte_ofdm_info in;
            assert_int_equal(lte_ofdm_get_info(ofdm, &in), 0);
            int nsf = in.symbols_per_subframe, n_sc = in.n_sc, slen = in.subframe_len;
            if (mode == 0) {
                sf = (b + 2) % 10;
                ns = 2 * sf + 1;
                l = lte_srs_symbol(cp);
                sc.i_srs = 0;
            } else {
                lte_cell_cfg cell;
                assert_int_equal(lte_cell_cfg_init(&cell), 0);
                cell.n_rb = n_rb;
                cell.cp = cp;
                cell.ul_cp = cp;
                cell.duplex = LTE_TDD;
                cell.tdd_config = 1;
                cell.ssf_config = b % 2 ? 7 : 3; /* UpPTS 2 / 1 symbols (both CPs) */
                sf = b % 2 ? 6 : 1;
                assert_int_equal(lte_cell_subframe_type(&cell, sf), LTE_SF_SPECIAL);
                uppts_len = lte_cell_uppts_symbols(&cell);
                assert_true(uppts_len == 1 || uppts_len == 2);
                int sym = uppts_len == 2 && b >= 2 ? 1 : 0; /* UpPTS symbol index */
                assert_true(lte_srs_tdd_ksrs(sf, sym, uppts_len) >= 0);
                ns = 2 * sf + 1;
                l = nsf - uppts_len + sym; /* UpPTS: the last symbols of the subframe */
                sc.tdd = 1;
                sc.n_sp = 2;
                sc.uppts = 1;
                sc.max_uppts = b % 2;
                sc.n_ra = (b / 2) % 2;
                sc.i_srs = 10;
            }
            int n_srs = lte_srs_counter(&sc, 0, ns, 0);
            assert_true(n_srs >= 0);
            /* a C_SRS whose m_SRS,0 exceeds the band is refused: take the next */
            lte_srs_alloc a;
            for (int tries = 0; tries < 8; tries++) {
                int rc = lte_srs_allocate(&sc, n_srs, 0, ns, &a);
                if (rc == 0)
                    break;
                if (tries == 0)
                    print_message("SRS %d: C_SRS %d refused for %d PRB (%s)\n", idx, sc.c_srs,
                                  n_rb, lte_errdetail());
                sc.c_srs = (sc.c_srs + 1) % 8;
            }
            float complex *grid = calloc((size_t)nsf * (size_t)n_sc, sizeof(float complex));
            float complex *x = malloc(sizeof(float complex) * (size_t)slen);
            float complex *y = malloc(sizeof(float complex) * (size_t)slen);
            float complex *gy = malloc(sizeof(float complex) * (size_t)nsf * (size_t)n_sc);
            float complex *h = malloc(sizeof(float complex) * (size_t)n_sc);
            /* FDD: a shortened PUSCH of the same UE first */
            lte_pusch *p = NULL;
            lte_pusch_grant g = {0};
            uint8_t *tb = NULL, *tbd = NULL;
            lte_rng rng;
            lte_rng_seed(&rng, 500 + (uint64_t)idx);
            if (mode == 0) {
                ul_case c;
                memset(&c, 0, sizeof c);
                c.n_rb_ul = n_rb;
                c.cp = cp;
                c.n_prb = MRB_OK[(b * 5 + 2) % 6];
                c.prb_start = (b * 7) % (n_rb - c.n_prb + 1);
                c.i_mcs = 12;
                c.n_srs = 1;
                g.subframe = sf;
                g.rnti = 0x3003 + b;
                g.cyclic_shift = b;
                g.prb_start = c.prb_start;
                g.ul = case_ulsch(&c);
                lte_pusch_cfg pc = {.n_rb_ul = n_rb, .cp = cp, .cell_id = sc.rs.cell_id,
                                    .group_hopping = sc.rs.group_hopping, .n_rx = 1,
                                    .tbs_max = g.ul.tbs, .threads = 1};
                assert_int_equal(lte_pusch_create(&pc, &p), 0);
                tb = malloc((size_t)g.ul.tbs);
                tbd = malloc((size_t)g.ul.tbs);
                lte_rng_bits(&rng, tb, g.ul.tbs);
                assert_int_equal(lte_pusch_tx(p, &g, tb, NULL, NULL, NULL, grid, NULL), 0);
                for (int k = 0; k < n_sc; k++) /* the SRS symbol is left free */
                    assert_true(grid[(size_t)l * (size_t)n_sc + (size_t)k] == 0);
            }
            assert_int_equal(lte_srs_map(&sc, n_srs, 0, ns, 1.0f, grid + (size_t)l * (size_t)n_sc,
                                         &a),
                             0);
            assert_int_equal(lte_ofdm_mod_subframe(ofdm, grid, x), 0);
            double d = 0.3 + 0.45 * b; /* samples, inside the CP */
            assert_int_equal(lte_delay_apply(x, y, slen, d), 0);
            assert_int_equal(lte_awgn_add(&rng, y, slen, 0.01), 0);
            assert_int_equal(lte_ofdm_demod_subframe(ofdm, y, gy), 0);
            double tau;
            assert_int_equal(lte_srs_estimate(&sc, n_srs, 0, ns, 1.0f,
                                              gy + (size_t)l * (size_t)n_sc, h, &tau),
                             0);
            double est = tau * in.sample_rate_hz, pw = 0;
            for (int k = 0; k < a.m_sc; k++)
                pw += cabsf(h[k]) * cabsf(h[k]) / a.m_sc;
            /* timing tolerance: 5 standard deviations of the phase-slope
             * estimate at this SNR (Cramer-Rao, SNR 100 per tone, tones
             * spaced K_TC 15 kHz), at least 0.15 samples */
            double f_rms = LTE_SRS_KTC * 15e3 * a.m_sc / sqrt(12.0);
            double sd = 1.0 / (2 * M_PI * f_rms * sqrt(2.0 * 100.0 * a.m_sc)) * in.sample_rate_hz;
            double tol = fmax(0.15, 5 * sd);
            int ok = fabs(est - d) < tol && fabs(pw - 1.0) < 0.15;
            int pusch_ok = 1;
            if (p) {
                const float complex *rxs[1] = {y};
                lte_sch_harq *hq;
                assert_int_equal(lte_sch_harq_create(g.ul.tbs, &hq), 0);
                lte_pusch_rx_result res;
                assert_int_equal(lte_pusch_rx(p, &g, rxs, hq, tbd, NULL, NULL, NULL, &res), 0);
                pusch_ok = res.ul.data.crc_ok && memcmp(tb, tbd, (size_t)g.ul.tbs) == 0;
                lte_sch_harq_destroy(hq);
            }
            ok = ok && pusch_ok;
            print_message("SRS %2d: %3d PRB %s %s sf %d sym %2d%s C_SRS %d B_SRS %d k0 %4d "
                          "m_sc %3d n_cs %d: delay %.2f est %.3f (tol %.2f) smp, |h|^2 %.3f%s "
                          "-> %s\n",
                          idx, n_rb, mode ? "TDD1 UpPTS" : "FDD", cp ? "ECP" : "NCP", sf, l,
                          mode ? (sc.n_ra ? " PRACH4" : "") : "", sc.c_srs, sc.b_srs, a.k0,
                          a.m_sc, sc.n_cs, d, est, tol, pw,
                          p ? (pusch_ok ? " + PUSCH ok" : " + PUSCH FAIL") : "",
                          ok ? "ok" : "FAIL");
            fails += !ok;
            total++;
            free(tb);
            free(tbd);
            lte_pusch_destroy(p);
            free(grid);
            free(x);
            free(y);
            free(gy);
            free(h);
            lte_ofdm_destroy(ofdm);
        }
    print_message("SRS: %d of %d cases failed\n", fails, total);
    assert_int_equal(fails, 0);
}

/* ---- PRACH: every bandwidth; FDD formats 0..3 (one restricted set) and TDD
 * format 4 (UpPTS), AWGN (1 RX) and ETU70 (2 RX), a fractional delay: exactly
 * the sent preamble is detected and its delay estimated within 1.04 us
 * (AWGN) / 2.08 us (ETU70), the 36.104 §8.4 timing tolerance. */
static void test_prach_roundtrip(void **state)
{
    (void)state;
    int fails = 0, total = 0;
    for (int b = 0; b < 6; b++)
        for (int mode = 0; mode < 2; mode++) {
            int n_rb = BWS[b], idx = 300 + 2 * b + mode;
            int fmt = mode ? 4 : b % 4;
            int etu = (b + mode) % 2;
            lte_prach_cfg pc;
            memset(&pc, 0, sizeof pc);
            pc.format = fmt;
            pc.root_index = fmt == 4 ? 5 + 25 * b : 22 + 130 * b;
            pc.restricted = fmt != 4 && b == 3;
            pc.zczc = fmt == 4 ? 4 + b % 3 : 3 + b;
            pc.n_rb_ul = n_rb;
            pc.prb = (n_rb - 6) * b / 5;
            pc.n_rx = etu ? 2 : 1;
            pc.p_fa = 1e-3;
            lte_prach *p;
            int rc = lte_prach_create(&pc, &p);
            if (rc < 0)
                print_error("PRACH %d: %s\n", idx, lte_errdetail());
            assert_int_equal(rc, 0);
            lte_prach_info in;
            assert_int_equal(lte_prach_get_info(p, &in), 0);
            double fs = in.sample_rate_hz;
            double d_us = fmt == 4 ? 0.7 + 0.3 * b : 1.3 + 0.9 * b;
            double d = d_us * 1e-6 * fs;
            int ylen = in.len + (int)d + 64;
            float complex *x = calloc((size_t)ylen, sizeof(float complex));
            float complex *y[2], *z = malloc(sizeof(float complex) * (size_t)ylen);
            for (int r = 0; r < pc.n_rx; r++)
                y[r] = malloc(sizeof(float complex) * (size_t)ylen);
            int pre = (17 * b + 5 * mode) % 64;
            assert_int_equal(lte_prach_generate(p, pre, 1.0f, x), 0);
            lte_rng rng;
            lte_rng_seed(&rng, 700 + (uint64_t)idx);
            lte_channel *ch = NULL;
            if (etu) {
                lte_channel_cfg cc = {.model = LTE_CHANNEL_ETU, .doppler_hz = 70, .fs_hz = fs,
                                      .n_tx = 1, .n_rx = pc.n_rx, .uplink = 1,
                                      .seed = 900 + (uint64_t)idx};
                assert_int_equal(lte_channel_create(&cc, &ch), 0);
                const float complex *xs[1] = {x};
                assert_int_equal(lte_channel_run(ch, xs, ylen, 0, y), 0);
            } else {
                memcpy(y[0], x, sizeof(float complex) * (size_t)ylen);
            }
            double snr_db = (fmt == 4 ? 8.0 : 0.0) + (etu ? 6.0 : 0.0);
            for (int r = 0; r < pc.n_rx; r++) {
                assert_int_equal(lte_delay_apply(y[r], z, ylen, d), 0);
                memcpy(y[r], z, sizeof(float complex) * (size_t)ylen);
                assert_int_equal(lte_awgn_add(&rng, y[r], ylen, pow(10, -snr_db / 10)), 0);
            }
            lte_prach_det det[4];
            int n = 0;
            const float complex *const *rxs = (const float complex *const *)y;
            assert_int_equal(lte_prach_detect(p, rxs, ylen, det, 4, &n), 0);
            double tol_us = etu ? 2.08 : 1.04;
            int ok = n == 1 && det[0].preamble == pre &&
                     fabs(det[0].delay_s * 1e6 - d_us) <= tol_us;
            print_message("PRACH %d: %3d PRB %s format %d root %3d zczc %2d%s prb %2d %d RX %-5s "
                          "%4.1f dB preamble %2d delay %.2f us: %d detected (%d, %.2f us) -> %s\n",
                          idx, n_rb, mode ? "TDD UpPTS" : "FDD", fmt, pc.root_index, pc.zczc,
                          pc.restricted ? " restricted" : "", pc.prb, pc.n_rx,
                          etu ? "ETU70" : "AWGN", snr_db, pre, d_us, n,
                          n > 0 ? det[0].preamble : -1,
                          n > 0 ? det[0].delay_s * 1e6 : 0.0, ok ? "ok" : "FAIL");
            fails += !ok;
            total++;
            lte_channel_destroy(ch);
            for (int r = 0; r < pc.n_rx; r++)
                free(y[r]);
            free(x);
            free(z);
            lte_prach_destroy(p);
        }
    print_message("PRACH: %d of %d cases failed\n", fails, total);
    assert_int_equal(fails, 0);
}

/* ---- PUCCH: every bandwidth, FDD and TDD (an uplink subframe of the UL/DL
 * configuration), formats 1a/1b/2/2a/2b (2a/2b normal CP only), through
 * SC-FDMA modulation, AWGN or EPA5 (1 RX, high SNR) and a small CFO once:
 * the HARQ-ACK bits (and the (20,A)-coded CQI bits) come back. */
static void test_pucch_roundtrip(void **state)
{
    (void)state;
    int fails = 0, total = 0;
    for (int b = 0; b < 6; b++)
        for (int d = 0; d < 2; d++) {
            int n_rb = BWS[b], idx = 400 + 2 * b + d;
            lte_cp cp = (b + d) % 3 == 1 ? LTE_CP_EXTENDED : LTE_CP_NORMAL;
            static const lte_pucch_format F[5] = {LTE_PUCCH_F1A, LTE_PUCCH_F2, LTE_PUCCH_F1B,
                                                  LTE_PUCCH_F2A, LTE_PUCCH_F2B};
            lte_pucch_format fmt = F[(2 * b + d) % 5];
            if (cp == LTE_CP_EXTENDED && fmt >= LTE_PUCCH_F2A)
                fmt = LTE_PUCCH_F2;
            int epa = (b + d) % 2;
            lte_pucch_cfg pc;
            memset(&pc, 0, sizeof pc);
            pc.cell_id = 31 * b + 7 * d;
            pc.cp = cp;
            pc.group_hopping = d;
            pc.delta_shift = 1 + b % 3;
            pc.n_cs1 = 0;
            pc.n_rb2 = 1 + b % 2;
            pc.n_rb_ul = n_rb;
            pc.rnti = 0x2000 + idx;
            int n_pucch = fmt >= LTE_PUCCH_F2 ? (5 * b + d) % (12 * pc.n_rb2) : 3 * b + d;
            int sf = (3 * b + 2) % 10;
            if (d) {
                lte_cell_cfg cell;
                assert_int_equal(lte_cell_cfg_init(&cell), 0);
                cell.duplex = LTE_TDD;
                cell.tdd_config = b % 7;
                while (lte_cell_subframe_type(&cell, sf) != LTE_SF_UL)
                    sf = (sf + 1) % 10;
            }
            lte_ofdm_cfg oc = {.n_rb = n_rb, .cp = cp, .mode = LTE_OFDM_UL_SCFDMA};
            lte_ofdm *ofdm;
            assert_int_equal(lte_ofdm_create(&oc, &ofdm), 0);
            lte_ofdm_info in;
            assert_int_equal(lte_ofdm_get_info(ofdm, &in), 0);
            int nsf = in.symbols_per_subframe, n_sc = in.n_sc, slen = in.subframe_len;
            float complex *grid = calloc((size_t)nsf * (size_t)n_sc, sizeof(float complex));
            float complex *x = malloc(sizeof(float complex) * (size_t)slen);
            float complex *y = malloc(sizeof(float complex) * (size_t)slen);
            float complex sym[14 * 12], rsym[14 * 12];
            lte_rng rng;
            lte_rng_seed(&rng, 600 + (uint64_t)idx);
            uint8_t a[10], ack[2], bits[22], ad[10] = {0}, ackd[2] = {0};
            int a_len = 10, n_ack = fmt == LTE_PUCCH_F1A || fmt == LTE_PUCCH_F2A ? 1
                                     : fmt == LTE_PUCCH_F1B || fmt == LTE_PUCCH_F2B ? 2 : 0;
            lte_rng_bits(&rng, a, a_len);
            lte_rng_bits(&rng, ack, 2);
            if (fmt >= LTE_PUCCH_F2) {
                assert_int_equal(lte_rm20_encode(a, a_len, bits), 0);
                memcpy(bits + 20, ack, (size_t)n_ack);
            } else {
                memcpy(bits, ack, (size_t)n_ack);
            }
            int prb[2];
            assert_int_equal(lte_pucch_encode(&pc, fmt, n_pucch, sf, bits, sym, prb), 0);
            assert_int_equal(lte_pucch_map(&pc, sym, prb, 1.0f, grid), 0);
            assert_int_equal(lte_ofdm_mod_subframe(ofdm, grid, x), 0);
            lte_channel *ch = NULL;
            if (epa) {
                lte_channel_cfg cc = {.model = LTE_CHANNEL_EPA, .doppler_hz = 5,
                                      .fs_hz = in.sample_rate_hz, .n_tx = 1, .n_rx = 1,
                                      .uplink = 1, .seed = 77 + (uint64_t)idx};
                assert_int_equal(lte_channel_create(&cc, &ch), 0);
                const float complex *xs[1] = {x};
                float complex *ys[1] = {y};
                assert_int_equal(lte_channel_run(ch, xs, slen, 0, ys), 0);
            } else {
                memcpy(y, x, sizeof(float complex) * (size_t)slen);
            }
            double cfo = b == 4 ? 100.0 : 0.0, snr_db = epa ? 25.0 : 15.0;
            double n0 = pow(10, -snr_db / 10);
            if (cfo != 0)
                assert_int_equal(lte_cfo_apply(y, slen, cfo, in.sample_rate_hz, 0, 0.0), 0);
            assert_int_equal(lte_awgn_add(&rng, y, slen, n0), 0);
            assert_int_equal(lte_ofdm_demod_subframe(ofdm, y, grid), 0);
            assert_int_equal(lte_pucch_extract(&pc, grid, prb, rsym), 0);
            int ok;
            if (fmt >= LTE_PUCCH_F2) {
                assert_int_equal(lte_pucch2_decode(&pc, fmt, n_pucch, sf, rsym, (float)n0, a_len,
                                                   ad, n_ack ? ackd : NULL),
                                 0);
                ok = memcmp(a, ad, (size_t)a_len) == 0 && memcmp(ack, ackd, (size_t)n_ack) == 0;
            } else {
                assert_int_equal(lte_pucch1_detect(&pc, fmt, n_pucch, sf, rsym, ackd, NULL), 0);
                ok = memcmp(ack, ackd, (size_t)n_ack) == 0;
            }
            static const char *FN[6] = {"1", "1a", "1b", "2", "2a", "2b"};
            print_message("PUCCH %d: %3d PRB %s %s sf %d format %-2s n_pucch %2d PRB %d/%d "
                          "%-5s %.0f dB%s: ack %d bits%s -> %s\n",
                          idx, n_rb, d ? "TDD" : "FDD", cp ? "ECP" : "NCP", sf, FN[fmt], n_pucch,
                          prb[0], prb[1], epa ? "EPA5" : "AWGN", snr_db,
                          cfo != 0 ? " CFO 100 Hz" : "", n_ack,
                          fmt >= LTE_PUCCH_F2 ? " + CQI 10 bits" : "", ok ? "ok" : "FAIL");
            fails += !ok;
            total++;
            lte_channel_destroy(ch);
            free(grid);
            free(x);
            free(y);
            lte_ofdm_destroy(ofdm);
        }
    print_message("PUCCH: %d of %d cases failed\n", fails, total);
    assert_int_equal(fails, 0);
}

/* ---- PUCCH over several RX antennas: format 1 (SR), 1b with DTX detection
 * (lte_pucch1_detect_dtx) and format 3 (6 and 16 HARQ-ACK bits), through
 * SC-FDMA and EPA5 to 2 or 4 antennas at 10 dB. A noise-only attempt must
 * give a DTX metric far below the one of a sent PUCCH (threshold 4: noise
 * alone exceeds it with probability about 1e-5 for 2 antennas). */
static void test_pucch_multi_rx(void **state)
{
    (void)state;
    static const struct {
        int n_rb, tdd, n_rx;
        lte_cp cp;
        int shortened;
    } C[4] = {{25, 0, 2, LTE_CP_NORMAL, 0}, {50, 1, 4, LTE_CP_EXTENDED, 0},
              {100, 0, 2, LTE_CP_NORMAL, 1}, {6, 1, 2, LTE_CP_NORMAL, 0}};
    int fails = 0, total = 0;
    for (int ci = 0; ci < 4; ci++)
        for (int kind = 0; kind < 4; kind++) { /* F1, F1B, F3 O=6, F3 O=16 */
            int idx = 500 + 4 * ci + kind, n_rx = C[ci].n_rx;
            lte_pucch_cfg pc;
            memset(&pc, 0, sizeof pc);
            pc.cell_id = 101 + 13 * ci;
            pc.cp = C[ci].cp;
            pc.group_hopping = ci % 2;
            pc.delta_shift = 2;
            pc.n_cs1 = 0;
            pc.n_rb2 = 1;
            pc.n_rb_ul = C[ci].n_rb;
            pc.shortened = C[ci].shortened;
            pc.rnti = 0x5100 + idx;
            int sf = C[ci].tdd ? 7 : 3 + ci; /* 7: uplink in TDD configurations 0, 1, 6 */
            lte_ofdm_cfg oc = {.n_rb = pc.n_rb_ul, .cp = pc.cp, .mode = LTE_OFDM_UL_SCFDMA};
            lte_ofdm *ofdm;
            assert_int_equal(lte_ofdm_create(&oc, &ofdm), 0);
            lte_ofdm_info in;
            assert_int_equal(lte_ofdm_get_info(ofdm, &in), 0);
            int nsf = in.symbols_per_subframe, n_sc = in.n_sc, slen = in.subframe_len;
            float complex *grid = calloc((size_t)nsf * (size_t)n_sc, sizeof(float complex));
            float complex *x = malloc(sizeof(float complex) * (size_t)slen);
            float complex *y[4];
            float complex rs[4][14 * 12], sym[14 * 12];
            for (int r = 0; r < n_rx; r++)
                y[r] = malloc(sizeof(float complex) * (size_t)slen);
            lte_rng rng;
            lte_rng_seed(&rng, 1300 + (uint64_t)idx);
            uint8_t o[16], od[16] = {0}, b48[LTE_PUCCH3_BITS], bits[2];
            int O = kind == 2 ? 6 : kind == 3 ? 16 : kind == 1 ? 2 : 0;
            lte_rng_bits(&rng, o, 16);
            int prb[2], n_pucch = kind >= 2 ? 7 + ci : 5 + 3 * ci;
            lte_pucch_format fmt = kind == 0 ? LTE_PUCCH_F1 : LTE_PUCCH_F1B;
            if (kind >= 2) {
                assert_int_equal(lte_pucch3_code(o, O, b48), 0);
                assert_int_equal(lte_pucch3_encode(&pc, n_pucch, sf, b48, sym, prb), 0);
            } else {
                memcpy(bits, o, 2);
                assert_int_equal(lte_pucch_encode(&pc, fmt, n_pucch, sf, bits, sym, prb), 0);
            }
            assert_int_equal(lte_pucch_map(&pc, sym, prb, 1.0f, grid), 0);
            assert_int_equal(lte_ofdm_mod_subframe(ofdm, grid, x), 0);
            lte_channel_cfg cc = {.model = LTE_CHANNEL_EPA, .doppler_hz = 5,
                                  .fs_hz = in.sample_rate_hz, .n_tx = 1, .n_rx = n_rx,
                                  .uplink = 1, .seed = 31 + (uint64_t)idx};
            lte_channel *ch;
            assert_int_equal(lte_channel_create(&cc, &ch), 0);
            double n0 = 0.1;
            float metric = 0, metric_dtx = 0;
            int ok = 1;
            for (int pass = 0; pass < 2; pass++) { /* 0: PUCCH sent, 1: noise only */
                const float complex *xs[1] = {x};
                if (pass == 1)
                    memset(x, 0, sizeof(float complex) * (size_t)slen);
                assert_int_equal(lte_channel_run(ch, xs, slen, 0, y), 0);
                const float complex *rp[4];
                for (int r = 0; r < n_rx; r++) {
                    assert_int_equal(lte_awgn_add(&rng, y[r], slen, n0), 0);
                    assert_int_equal(lte_ofdm_demod_subframe(ofdm, y[r], grid), 0);
                    assert_int_equal(lte_pucch_extract(&pc, grid, prb, rs[r]), 0);
                    rp[r] = rs[r];
                }
                if (kind >= 2) {
                    if (pass == 0) {
                        assert_int_equal(
                            lte_pucch3_decode(&pc, n_pucch, sf, rp, n_rx, (float)n0, O, od), 0);
                        ok = memcmp(o, od, (size_t)O) == 0;
                    }
                    continue;
                }
                uint8_t bd[2] = {0};
                float m;
                assert_int_equal(
                    lte_pucch1_detect_dtx(&pc, fmt, n_pucch, sf, rp, n_rx, (float)n0, bd, &m), 0);
                if (pass == 0) {
                    metric = m;
                    ok = ok && m > 4.0f && (fmt == LTE_PUCCH_F1 || memcmp(bd, o, 2) == 0);
                } else {
                    metric_dtx = m;
                    ok = ok && m < 4.0f;
                }
            }
            static const char *KN[4] = {"1 (SR)", "1b", "3 O=6", "3 O=16"};
            print_message("PUCCH %d: %3d PRB %s %s%s sf %d format %-6s %d RX EPA5 10 dB", idx,
                          pc.n_rb_ul, C[ci].tdd ? "TDD" : "FDD", pc.cp ? "ECP" : "NCP",
                          pc.shortened ? " shortened" : "", sf, KN[kind], n_rx);
            if (kind < 2)
                print_message(": DTX metric sent %.1f, noise only %.2f", metric, metric_dtx);
            print_message(" -> %s\n", ok ? "ok" : "FAIL");
            fails += !ok;
            total++;
            lte_channel_destroy(ch);
            for (int r = 0; r < n_rx; r++)
                free(y[r]);
            free(x);
            free(grid);
            lte_ofdm_destroy(ofdm);
        }
    print_message("PUCCH multi-RX: %d of %d cases failed\n", fails, total);
    assert_int_equal(fails, 0);
}

/* ---- TDD subframes: the PUSCH object has no duplex mode (pusch.h: the
 * subframe only sets the slots 2 sf, 2 sf + 1, range 0..9), so it cannot
 * refuse a downlink subframe; the guarantee that PUSCH only goes to uplink
 * subframes is the scheduling timing. Checked here for every configuration:
 * every grant of Table 8-2 targets an uplink subframe of Table 4.2-2, every
 * uplink subframe is reachable by some grant, uplink subframes carry no
 * grant; and the transmitter refuses a subframe outside 0..9. */
static void test_tdd_pusch_subframes(void **state)
{
    (void)state;
    for (int cfg = 0; cfg < 7; cfg++) {
        lte_cell_cfg cell;
        assert_int_equal(lte_cell_cfg_init(&cell), 0);
        cell.duplex = LTE_TDD;
        cell.tdd_config = cfg;
        unsigned reached = 0, ul = 0;
        for (int n = 0; n < 10; n++) {
            int type = lte_cell_subframe_type(&cell, n);
            if (type == LTE_SF_UL)
                ul |= 1u << n;
            int k[2];
            int nk = lte_pusch_grant_targets(LTE_TDD, cfg, n, LTE_UL_INDEX_MSB | LTE_UL_INDEX_LSB,
                                             k);
            assert_true(nk >= 0);
            if (type == LTE_SF_UL)
                assert_int_equal(nk, 0);
            for (int i = 0; i < nk; i++) {
                assert_int_equal(lte_cell_subframe_type(&cell, (n + k[i]) % 10), LTE_SF_UL);
                reached |= 1u << ((n + k[i]) % 10);
            }
        }
        print_message("TDD configuration %d: uplink subframes %03x, reached by grants %03x\n",
                      cfg, ul, reached);
        assert_int_equal(reached, ul);
    }
    lte_pusch_cfg pc = {.n_rb_ul = 6, .cp = LTE_CP_NORMAL, .n_rx = 1, .tbs_max = 1000,
                        .threads = 1};
    lte_pusch *p;
    assert_int_equal(lte_pusch_create(&pc, &p), 0);
    lte_pusch_grant g = {0};
    g.ul.n_prb = 6;
    g.ul.q_m = 2;
    g.ul.tbs = 256;
    uint8_t tb[256] = {0};
    float complex *smp = malloc(sizeof(float complex) * (size_t)lte_pusch_subframe_len(p));
    g.subframe = 10;
    assert_int_equal(lte_pusch_tx(p, &g, tb, NULL, NULL, NULL, NULL, smp), LTE_EINVAL);
    g.subframe = -1;
    assert_int_equal(lte_pusch_tx(p, &g, tb, NULL, NULL, NULL, NULL, smp), LTE_EINVAL);
    g.subframe = 9;
    assert_int_equal(lte_pusch_tx(p, &g, tb, NULL, NULL, NULL, NULL, smp), 0);
    free(smp);
    lte_pusch_destroy(p);
}

/* 256QAM (Q_m = 8, 36.211 §5.3.2 / Table 7.1.5-1 mapping, Rel-14
 * ul-256QAM): the UL-SCH with HARQ-ACK/RI placeholders padded to 8 bits,
 * the channel interleaver with 8-bit cells, scrambling, 256QAM, transform
 * precoding, DMRS-based estimation and max-log demapping, decoded back; the
 * TBS index is given directly (I_TBS 24..33 of Table 7.1.7.2.1-1, the range
 * 256QAM PUSCH MCS tables use), allocations include M_RB = 75 and 45. */
static const ul_case CASES_256[] = {
    {100, 0, 0, LTE_CP_NORMAL, 0, 100, 0, 2, CH_AWGN, 38, 1, 0, 0, 0, 0, 0, LTE_CORR_LOW, 26},
    {75, 1, 1, LTE_CP_NORMAL, 0, 75, 0, 1, CH_IDEAL, 0, 2, 0, 0, 0, 0, 0, LTE_CORR_LOW, 28},
    {25, 1, 3, LTE_CP_EXTENDED, 5, 15, 0, 2, CH_AWGN, 38, 1, 1, 0, 0, 0, 1, LTE_CORR_LOW, 24},
    {6, 0, 0, LTE_CP_NORMAL, 0, 6, 0, 1, CH_IDEAL, 0, 1, 0, 0, 0, 0, 0, LTE_CORR_LOW, 33},
    {50, 0, 0, LTE_CP_NORMAL, 5, 45, 0, 1, CH_AWGN, 38, 2, 0, 0, 0, 1, 0, LTE_CORR_LOW, 27},
    {75, 1, 6, LTE_CP_NORMAL, 0, 72, 0, 2, CH_AWGN, 38, 1, 1, 0, 0, 0, 2, LTE_CORR_LOW, 30},
    /* nearer the threshold: rate 0.66 at 27 dB, one antenna */
    {50, 0, 0, LTE_CP_NORMAL, 0, 50, 0, 1, CH_AWGN, 27, 1, 0, 0, 0, 0, 0, LTE_CORR_LOW, 26},
};

static void test_pusch_256qam(void **state)
{
    (void)state;
    run_cases("PUSCH 256QAM", CASES_256, (int)(sizeof CASES_256 / sizeof CASES_256[0]), 40);
}

/* Q_m other than 2, 4, 6, 8 is refused by the transmitter. */
static void test_pusch_bad_qm(void **state)
{
    (void)state;
    lte_pusch_cfg pc = {0};
    pc.n_rb_ul = 25;
    pc.cp = LTE_CP_NORMAL;
    pc.n_rx = 1;
    pc.tbs_max = 20000;
    pc.threads = 1;
    lte_pusch *p;
    assert_int_equal(lte_pusch_create(&pc, &p), 0);
    lte_pusch_grant g = {0};
    g.subframe = 2;
    g.ul.n_prb = 10;
    g.ul.tbs = 1000;
    uint8_t tb[1000] = {0};
    float complex *s = malloc(sizeof(float complex) * (size_t)lte_pusch_subframe_len(p));
    const int bad[] = {0, 1, 3, 10};
    for (int i = 0; i < 4; i++) {
        g.ul.q_m = bad[i];
        assert_int_equal(lte_pusch_tx(p, &g, tb, NULL, NULL, NULL, NULL, s), LTE_EINVAL);
    }
    g.ul.q_m = 8;
    assert_int_equal(lte_pusch_tx(p, &g, tb, NULL, NULL, NULL, NULL, s), 0);
    free(s);
    lte_pusch_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pusch_matrix),
        cmocka_unit_test(test_pusch_sweep),
        cmocka_unit_test(test_pusch_256qam),
        cmocka_unit_test(test_pusch_bad_qm),
        cmocka_unit_test(test_pusch_multi_ue),
        cmocka_unit_test(test_srs_roundtrip),
        cmocka_unit_test(test_prach_roundtrip),
        cmocka_unit_test(test_pucch_roundtrip),
        cmocka_unit_test(test_pucch_multi_rx),
        cmocka_unit_test(test_tdd_pusch_subframes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
