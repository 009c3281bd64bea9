/* Tests of the scheduling request (sr.h: 36.213 §10.1, §10.1.5, §7.3, §7.2.2;
 * 36.211 §5.4.1). Expectations come from outside the code under test:
 *  - Table 10.1.5-1 against its rows typed here from the table, and by its
 *    structure (the rows tile I_SR 0..157, each periodicity's indices give
 *    every offset 0..P-1 exactly once);
 *  - the SR opportunity against a brute-force enumeration of the subframes
 *    N_OFFSET,SR + k SR_PERIODICITY over the whole SFN cycle, and the TDD
 *    uplink subframes against 36.211 Table 4.2-2 typed here as letters;
 *  - what the UE sends: FDD rows typed from the §10.1 / §7.3 / §7.2.2 text,
 *    Table 7.3-1 typed here, and TDD against a literal re-reading of §7.3 (ACK
 *    count after spatial bundling, the DAI check) on random schedules, with
 *    a negative SR giving exactly tdd_ack.h's transmission;
 *  - end to end: lte_pucch_encode (the real transmitter) -> grids of 2 RX
 *    (ideal channel, then SC-FDMA + EPA fading (channel.h) + AWGN) -> the
 *    detectors, for SR +/- and every HARQ-ACK combination, FDD and TDD;
 *  - noise only: the SR false detection rate at the threshold's stated
 *    probability (fixed seed), and SR missed detection in EPA5 at -3 dB.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/channel.h"
#include "ltephy/error.h"
#include "ltephy/ofdm.h"
#include "ltephy/pucch.h"
#include "ltephy/rng.h"
#include "ltephy/sr.h"
#include "ltephy/tdd_ack.h"
#include "ltephy/tdd_timing.h"
#include "tests/common/testutil.h"

/* ---- Table 10.1.5-1 ------------------------------------------------------------- */

/* The rows of Table 10.1.5-1 as printed: I_SR range, SR_PERIODICITY (ms),
 * N_OFFSET,SR = I_SR - (subtrahend). */
static const struct {
    int lo, hi, period, sub;
} spec_rows[] = {
    {0, 4, 5, 0},       {5, 14, 10, 5},     {15, 34, 20, 15},   {35, 74, 40, 35},
    {75, 154, 80, 75},  {155, 156, 2, 155}, {157, 157, 1, 157},
};

static void test_config_table(void **state)
{
    (void)state;
    int seen[LTE_SR_I_MAX + 1] = {0};
    for (size_t r = 0; r < sizeof spec_rows / sizeof spec_rows[0]; r++)
        for (int i = spec_rows[r].lo; i <= spec_rows[r].hi; i++) {
            int p = -1, off = -1;
            assert_int_equal(lte_sr_config(i, &p, &off), 0);
            assert_int_equal(p, spec_rows[r].period);
            assert_int_equal(off, i - spec_rows[r].sub);
            seen[i]++;
        }
    for (int i = 0; i <= LTE_SR_I_MAX; i++)
        assert_int_equal(seen[i], 1); /* the typed rows tile 0..157 too */
    /* structure of the library's table alone: offsets below the period, and
     * the indices of each periodicity give each offset 0..P-1 exactly once */
    static const int periods[] = {1, 2, 5, 10, 20, 40, 80};
    int total = 0;
    for (int k = 0; k < 7; k++) {
        int P = periods[k], hit[80] = {0}, n = 0;
        for (int i = 0; i <= LTE_SR_I_MAX; i++) {
            int p, off;
            assert_int_equal(lte_sr_config(i, &p, &off), 0);
            assert_true(off >= 0 && off < p);
            if (p != P)
                continue;
            hit[off]++;
            n++;
        }
        assert_int_equal(n, P);
        for (int o = 0; o < P; o++)
            assert_int_equal(hit[o], 1);
        total += n;
    }
    assert_int_equal(total, LTE_SR_I_MAX + 1);
    assert_int_equal(lte_sr_config(-1, NULL, NULL), LTE_EINVAL);
    assert_int_equal(lte_sr_config(158, NULL, NULL), LTE_EINVAL);
    assert_int_equal(lte_sr_config(0, NULL, NULL), 0);
}

/* 36.211 Table 4.2-2 */
static const char *const ul_dl[7] = {"DSUUUDSUUU", "DSUUDDSUUD", "DSUDDDSUDD", "DSUUUDDDDD",
                                     "DSUUDDDDDD", "DSUDDDDDDD", "DSUUUDSUUD"};

static void test_opportunity(void **state)
{
    (void)state;
    static uint8_t mark[10240];
    for (int i = 0; i <= LTE_SR_I_MAX; i++) {
        int p = 0, off = 0;
        for (size_t r = 0; r < sizeof spec_rows / sizeof spec_rows[0]; r++)
            if (i >= spec_rows[r].lo && i <= spec_rows[r].hi) {
                p = spec_rows[r].period;
                off = i - spec_rows[r].sub;
            }
        /* brute force: mark N_OFFSET,SR + k P over the SFN cycle */
        memset(mark, 0, sizeof mark);
        for (int t = off; t < 10240; t += p)
            mark[t] = 1;
        int count = 0;
        for (int sfn = 0; sfn < 1024; sfn++)
            for (int sf = 0; sf < 10; sf++) {
                int got = lte_sr_opportunity(i, sfn, sf);
                assert_int_equal(got, mark[10 * sfn + sf]);
                count += got;
                int tdd = sfn % 7; /* a TDD configuration per frame */
                int ul = ul_dl[tdd][sf] == 'U';
                assert_int_equal(lte_sr_ul_subframe(LTE_TDD, tdd, sf), ul);
                assert_int_equal(lte_sr_ul_subframe(LTE_FDD, 0, sf), 1);
                assert_int_equal(lte_sr_ul_opportunity(LTE_TDD, tdd, i, sfn, sf),
                                 mark[10 * sfn + sf] && ul);
                assert_int_equal(lte_sr_ul_opportunity(LTE_FDD, 0, i, sfn, sf),
                                 mark[10 * sfn + sf]);
            }
        assert_int_equal(count, 10240 / p);
    }
    /* spot values: I_SR 6 (10 ms, offset 1): subframe 1 of every frame */
    assert_int_equal(lte_sr_opportunity(6, 17, 1), 1);
    assert_int_equal(lte_sr_opportunity(6, 17, 2), 0);
    /* I_SR 100 (80 ms, offset 25): frame 2 subframe 5, again 8 frames later */
    assert_int_equal(lte_sr_opportunity(100, 2, 5), 1);
    assert_int_equal(lte_sr_opportunity(100, 10, 5), 1);
    assert_int_equal(lte_sr_opportunity(100, 3, 5), 0);
    /* the SFN wrap keeps the period: 10240 is a multiple of every period */
    assert_int_equal(lte_sr_opportunity(100, 1023, 5), lte_sr_opportunity(100, 7, 5));
    assert_int_equal(lte_sr_opportunity(6, 1024, 1), LTE_EINVAL);
    assert_int_equal(lte_sr_opportunity(6, 0, 10), LTE_EINVAL);
    assert_int_equal(lte_sr_ul_subframe(LTE_TDD, 7, 2), LTE_EINVAL);
}

/* ---- UE side: FDD ------------------------------------------------------------------ */

static void test_fdd_tx_rows(void **state)
{
    (void)state;
    /* rows typed from the text: sr, n_ack, ack, cqi, simultaneousAckNackAndCQI,
     * CP -> transmit, format, resource (S = SR 30, A = HARQ-ACK 7, C = n2 3),
     * cqi sent, cqi dropped */
    enum { S = 30, A = 7, C = 3, NONE = -1 };
    static const struct {
        int sr, n_ack, a0, a1, cqi, simul;
        lte_cp cp;
        int tx;
        lte_pucch_format fmt;
        int res, cqi_sent, cqi_dropped;
    } rows[] = {
        /* §10.1: positive SR alone: format 1 on n(1)_PUCCH,SRI; negative: nothing */
        {1, 0, 0, 0, 0, 0, LTE_CP_NORMAL, 1, LTE_PUCCH_F1, S, 0, 0},
        {0, 0, 0, 0, 0, 0, LTE_CP_NORMAL, 0, LTE_PUCCH_F1, NONE, 0, 0},
        /* §7.3 / §10.1: HARQ-ACK with a positive SR on the SR resource */
        {1, 1, 1, 0, 0, 0, LTE_CP_NORMAL, 1, LTE_PUCCH_F1A, S, 0, 0},
        {1, 1, 0, 0, 0, 0, LTE_CP_NORMAL, 1, LTE_PUCCH_F1A, S, 0, 0},
        {1, 2, 1, 0, 0, 0, LTE_CP_EXTENDED, 1, LTE_PUCCH_F1B, S, 0, 0},
        /* negative SR: on the HARQ-ACK resource */
        {0, 1, 1, 0, 0, 0, LTE_CP_NORMAL, 1, LTE_PUCCH_F1A, A, 0, 0},
        {0, 2, 0, 1, 0, 0, LTE_CP_NORMAL, 1, LTE_PUCCH_F1B, A, 0, 0},
        /* §7.2.2: CQI with a positive SR is dropped */
        {1, 0, 0, 0, 1, 0, LTE_CP_NORMAL, 1, LTE_PUCCH_F1, S, 0, 1},
        {1, 2, 1, 1, 1, 1, LTE_CP_NORMAL, 1, LTE_PUCCH_F1B, S, 0, 1},
        /* negative SR: the report as without SR */
        {0, 0, 0, 0, 1, 0, LTE_CP_NORMAL, 1, LTE_PUCCH_F2, C, 1, 0},
        {0, 1, 1, 0, 1, 1, LTE_CP_NORMAL, 1, LTE_PUCCH_F2A, C, 1, 0},
        {0, 2, 1, 0, 1, 1, LTE_CP_NORMAL, 1, LTE_PUCCH_F2B, C, 1, 0},
        {0, 2, 1, 0, 1, 1, LTE_CP_EXTENDED, 1, LTE_PUCCH_F2, C, 1, 0},
        /* simultaneousAckNackAndCQI off: the report dropped, HARQ-ACK alone */
        {0, 1, 1, 0, 1, 0, LTE_CP_NORMAL, 1, LTE_PUCCH_F1A, A, 0, 1},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        uint8_t ack[2] = {(uint8_t)rows[r].a0, (uint8_t)rows[r].a1};
        lte_sr_tx tx;
        assert_int_equal(lte_sr_fdd_tx(rows[r].sr, rows[r].n_ack, ack, A, S, rows[r].cqi, C,
                                       rows[r].simul, rows[r].cp, &tx),
                         0);
        assert_int_equal(tx.transmit, rows[r].tx);
        assert_int_equal(tx.cqi, rows[r].cqi_sent);
        assert_int_equal(tx.cqi_dropped, rows[r].cqi_dropped);
        if (!rows[r].tx)
            continue;
        assert_int_equal(tx.fmt, rows[r].fmt);
        assert_int_equal(tx.n_pucch, rows[r].res);
        assert_int_equal(tx.on_sr_resource, rows[r].res == S);
        assert_int_equal(tx.n_bits, rows[r].n_ack);
        for (int i = 0; i < rows[r].n_ack; i++)
            assert_int_equal(tx.b[i], ack[i]);
    }
    lte_sr_tx tx;
    assert_int_equal(lte_sr_fdd_tx(2, 0, NULL, 0, 0, 0, 0, 0, LTE_CP_NORMAL, &tx), LTE_EINVAL);
    assert_int_equal(lte_sr_fdd_tx(1, 1, NULL, 0, 0, 0, 0, 0, LTE_CP_NORMAL, &tx), LTE_EINVAL);
    assert_int_equal(lte_sr_fdd_tx(1, 0, NULL, 0, 2048, 0, 0, 0, LTE_CP_NORMAL, &tx),
                     LTE_EINVAL);
    assert_int_equal(lte_sr_fdd_tx(1, 0, NULL, 0, 0, 0, 0, 0, LTE_CP_NORMAL, NULL), LTE_EINVAL);
}

/* ---- UE side: TDD --------------------------------------------------------------------- */

/* Table 7.3-1 typed: number of ACKs 0..9 -> b(0), b(1) */
static const uint8_t t731[10][2] = {{0, 0}, {1, 1}, {1, 0}, {0, 1}, {1, 1},
                                    {1, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 1}};

static void test_table_7_3_1(void **state)
{
    (void)state;
    for (int n = 0; n <= 9; n++) {
        uint8_t b[2] = {9, 9};
        assert_int_equal(lte_sr_tdd_count_bits(n, 0, b), 0);
        assert_int_equal(b[0], t731[n][0]);
        assert_int_equal(b[1], t731[n][1]);
        assert_int_equal(lte_sr_tdd_count_bits(n, 1, b), 0); /* a missed assignment */
        assert_int_equal(b[0], 0);
        assert_int_equal(b[1], 0);
        /* the inverse: the class of the count */
        int cls = lte_sr_tdd_count_class(t731[n]);
        assert_int_equal(cls, n == 0 ? 0 : (n - 1) % 3 + 1);
    }
    uint8_t b[2];
    assert_int_equal(lte_sr_tdd_count_bits(10, 0, b), LTE_EINVAL);
    assert_int_equal(lte_sr_tdd_count_bits(-1, 0, b), LTE_EINVAL);
}

/* A random schedule of the M subframes of K as an eNodeB makes it, with the
 * DAI counted in time order (largest k first) and PDCCHs the UE misses;
 * sent[i] says which the eNodeB sent. */
static void random_schedule(tu_rng *r, int M, const int *k, int n_cw, lte_tdd_dl_sf *dl,
                            int *sent)
{
    memset(dl, 0, sizeof(lte_tdd_dl_sf) * (size_t)M);
    for (int i = 0; i < M; i++)
        sent[i] = tu_uniform(r) < 0.75;
    for (int i = 0; i < M; i++) {
        if (!sent[i])
            continue;
        int cnt = 0; /* PDCCHs sent up to and including subframe n - k_i */
        for (int j = 0; j < M; j++)
            cnt += sent[j] && k[j] >= k[i];
        dl[i].v_dai = (cnt - 1) % 4 + 1;
        dl[i].detected = tu_uniform(r) < 0.85;
        dl[i].n_cw = n_cw;
        dl[i].ack[0] = tu_uniform(r) < 0.6;
        dl[i].ack[1] = tu_uniform(r) < 0.6;
        dl[i].n_cce = (int)(tu_rand(r) % 30); /* N_4 = 30 for 25 RB */
    }
}

/* §7.3 as read, written out plainly: the ACK count over the detected
 * subframes with spatial bundling, and the DAI check on the last detected
 * PDCCH (the one with the smallest k). */
static int model_count(int M, const int *k, const lte_tdd_dl_sf *dl, int *missed, int *u_dai)
{
    int u = 0, last = -1, n = 0;
    for (int i = 0; i < M; i++) {
        if (!dl[i].detected)
            continue;
        u++;
        if (last < 0 || k[i] < k[last])
            last = i;
        int all = 1;
        for (int w = 0; w < dl[i].n_cw; w++)
            all = all && dl[i].ack[w];
        n += all;
    }
    *missed = u > 0 && dl[last].v_dai != (u - 1) % 4 + 1;
    *u_dai = u;
    return n;
}

static void test_tdd_tx(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 731);
    long pos = 0, neg = 0, missed_seen = 0;
    for (int cfgi = 1; cfgi <= 6; cfgi++)
        for (int sf = 0; sf < 10; sf++) {
            int k[LTE_TDD_MAX_DL_ASSOC];
            int M = lte_harq_ack_dl_set(LTE_TDD, cfgi, sf, k);
            if (M <= 0)
                continue;
            for (int mode = 0; mode < 2; mode++) {
                if (mode == LTE_TDD_ACK_MULTIPLEXING && (M < 2 || M > 4))
                    continue;
                for (int trial = 0; trial < 300; trial++) {
                    lte_tdd_dl_sf dl[LTE_TDD_MAX_DL_ASSOC];
                    int sent[LTE_TDD_MAX_DL_ASSOC];
                    int n_cw = (M == 1 || mode == LTE_TDD_ACK_MULTIPLEXING) ? 1 + (trial & 1) : 1;
                    if (M == 1)
                        n_cw = 1;
                    random_schedule(&r, M, k, n_cw, dl, sent);
                    for (int sr = 0; sr < 2; sr++) {
                        lte_sr_tx tx;
                        int rc = lte_sr_tdd_tx(sr, (lte_tdd_ack_mode)mode, cfgi, sf, dl, 10, 25,
                                               500, &tx);
                        if (rc == LTE_EUNSUPPORTED) {
                            assert_int_equal(sr, 0); /* the unread M = 4 row */
                            continue;
                        }
                        assert_int_equal(rc, 0);
                        int missed, u;
                        int n = model_count(M, k, dl, &missed, &u);
                        assert_int_equal(tx.missed, missed);
                        missed_seen += missed;
                        if (sr) {
                            pos++;
                            assert_int_equal(tx.transmit, 1);
                            assert_int_equal(tx.n_pucch, 500);
                            assert_int_equal(tx.on_sr_resource, 1);
                            if (u == 0) {
                                assert_int_equal(tx.fmt, LTE_PUCCH_F1);
                                continue;
                            }
                            assert_int_equal(tx.fmt, LTE_PUCCH_F1B);
                            int nn = missed ? 0 : n;
                            assert_int_equal(tx.n_ack, nn);
                            assert_int_equal(tx.b[0], t731[nn][0]);
                            assert_int_equal(tx.b[1], t731[nn][1]);
                            continue;
                        }
                        neg++;
                        /* negative SR: exactly tdd_ack.h's transmission */
                        assert_int_equal(tx.on_sr_resource, 0);
                        if (mode == LTE_TDD_ACK_BUNDLING) {
                            lte_tdd_bundle bun;
                            assert_int_equal(lte_tdd_ack_bundle(cfgi, sf, dl, 10, 25, &bun), 0);
                            assert_int_equal(tx.transmit, bun.transmit);
                            if (!bun.transmit)
                                continue;
                            assert_int_equal(tx.n_pucch, bun.n1_pucch);
                            assert_int_equal(tx.fmt, bun.n_bits == 1 ? LTE_PUCCH_F1A
                                                                     : LTE_PUCCH_F1B);
                            assert_memory_equal(tx.b, bun.b, 2);
                        } else {
                            uint8_t h[4], b[2];
                            int n1[4], i_res;
                            assert_int_equal(lte_tdd_ack_mux_state(M, dl, h), 0);
                            assert_int_equal(lte_tdd_ack_mux_resources(M, dl, 10, 25, n1), 0);
                            assert_int_equal(lte_tdd_ack_mux_encode(M, h, &i_res, b), 0);
                            assert_int_equal(tx.transmit, i_res >= 0);
                            if (i_res < 0)
                                continue;
                            assert_int_equal(tx.n_pucch, n1[i_res]);
                            assert_int_equal(tx.fmt, LTE_PUCCH_F1B);
                            assert_memory_equal(tx.b, b, 2);
                        }
                    }
                }
            }
        }
    assert_true(pos > 5000);
    assert_true(neg > 5000);
    assert_true(missed_seen > 100);

    /* hand cases, configuration 2, uplink subframe 2: K = {8, 7, 4, 6} */
    lte_tdd_dl_sf dl[4] = {
        {.detected = 1, .n_cw = 2, .ack = {1, 1}, .v_dai = 1, .n_cce = 0},
        {.detected = 1, .n_cw = 2, .ack = {1, 0}, .v_dai = 2, .n_cce = 1},
        {.detected = 1, .n_cw = 2, .ack = {1, 1}, .v_dai = 4, .n_cce = 2},
        {.detected = 1, .n_cw = 2, .ack = {1, 1}, .v_dai = 3, .n_cce = 3},
    };
    lte_sr_tx tx;
    /* 3 ACKs after spatial bundling (subframe 1 is ACK, NACK) -> 0 1 */
    assert_int_equal(lte_sr_tdd_tx(1, LTE_TDD_ACK_BUNDLING, 2, 2, dl, 0, 25, 9, &tx), 0);
    assert_int_equal(tx.fmt, LTE_PUCCH_F1B);
    assert_int_equal(tx.n_pucch, 9);
    assert_int_equal(tx.n_ack, 3);
    assert_int_equal(tx.b[0], 0);
    assert_int_equal(tx.b[1], 1);
    /* subframe 3 (k = 6, V_DAI 3) missed: the last (k = 4) has V_DAI 4 but
     * U_DAI = 3 -> missed assignment -> 0 0 */
    dl[3].detected = 0;
    assert_int_equal(lte_sr_tdd_tx(1, LTE_TDD_ACK_MULTIPLEXING, 2, 2, dl, 0, 25, 9, &tx), 0);
    assert_int_equal(tx.missed, 1);
    assert_int_equal(tx.b[0], 0);
    assert_int_equal(tx.b[1], 0);
    /* nothing detected: the SR alone */
    for (int i = 0; i < 4; i++)
        dl[i].detected = 0;
    assert_int_equal(lte_sr_tdd_tx(1, LTE_TDD_ACK_BUNDLING, 2, 2, dl, 0, 25, 9, &tx), 0);
    assert_int_equal(tx.fmt, LTE_PUCCH_F1);
    assert_int_equal(lte_sr_tdd_tx(0, LTE_TDD_ACK_BUNDLING, 2, 2, dl, 0, 25, 9, &tx), 0);
    assert_int_equal(tx.transmit, 0);
    /* configuration 1 subframe 3 (M = 1) with two codewords and a positive SR */
    lte_tdd_dl_sf one = {.detected = 1, .n_cw = 2, .ack = {1, 1}, .v_dai = 1, .n_cce = 0};
    assert_int_equal(lte_sr_tdd_tx(1, LTE_TDD_ACK_BUNDLING, 1, 3, &one, 0, 25, 9, &tx),
                     LTE_EUNSUPPORTED);
    one.n_cw = 1;
    assert_int_equal(lte_sr_tdd_tx(1, LTE_TDD_ACK_BUNDLING, 1, 3, &one, 0, 25, 9, &tx), 0);
    assert_int_equal(tx.b[0], 1);
    assert_int_equal(tx.b[1], 1);
    assert_int_equal(lte_sr_tdd_tx(1, LTE_TDD_ACK_MULTIPLEXING, 1, 3, &one, 0, 25, 9, &tx),
                     LTE_EUNSUPPORTED);
    assert_int_equal(lte_sr_tdd_tx(1, LTE_TDD_ACK_BUNDLING, 0, 2, &one, 0, 25, 9, &tx),
                     LTE_EINVAL);
}

/* ---- end to end -------------------------------------------------------------------------- */

#define NRX 2
#define NRB 25

/* Grids of NRX antennas for one subframe: ideal (a fixed gain per antenna,
 * noise at 30 dB per RE) or SC-FDMA through an EPA 5 Hz channel with AWGN. */
typedef struct link {
    int fading;
    lte_pucch_cfg cfg;
    lte_ofdm *ofdm;
    lte_ofdm_info in;
    lte_channel *ch;
    lte_rng rng;
    double n0;
    size_t glen;
    float complex *tx_grid, *x, *y[NRX], *g[NRX];
    long trial;
} link;

static void link_init(link *L, int fading, int cell_id, int n_rb, double snr_db, uint64_t seed)
{
    memset(L, 0, sizeof *L);
    L->fading = fading;
    L->cfg = (lte_pucch_cfg){.cell_id = cell_id, .cp = LTE_CP_NORMAL,
                             .group_hopping = cell_id & 1, .delta_shift = 2, .n_cs1 = 0,
                             .n_rb2 = 1, .n_rb_ul = n_rb, .shortened = 0, .rnti = 61};
    L->glen = (size_t)n_rb * 12 * 14;
    L->tx_grid = calloc(L->glen, sizeof(float complex));
    assert_non_null(L->tx_grid);
    for (int a = 0; a < NRX; a++) {
        L->g[a] = calloc(L->glen, sizeof(float complex));
        assert_non_null(L->g[a]);
    }
    L->n0 = pow(10.0, -snr_db / 10.0);
    lte_rng_seed(&L->rng, seed);
    if (!fading)
        return;
    lte_ofdm_cfg oc = {.n_rb = n_rb, .cp = LTE_CP_NORMAL, .mode = LTE_OFDM_UL_SCFDMA};
    assert_int_equal(lte_ofdm_create(&oc, &L->ofdm), 0);
    lte_ofdm_get_info(L->ofdm, &L->in);
    lte_channel_cfg cc = {.model = LTE_CHANNEL_EPA, .doppler_hz = 5.0,
                          .fs_hz = L->in.sample_rate_hz, .n_tx = 1, .n_rx = NRX,
                          .corr = LTE_CORR_LOW, .uplink = 1, .seed = seed};
    assert_int_equal(lte_channel_create(&cc, &L->ch), 0);
    L->x = malloc(sizeof(float complex) * (size_t)L->in.subframe_len);
    assert_non_null(L->x);
    for (int a = 0; a < NRX; a++) {
        L->y[a] = malloc(sizeof(float complex) * (size_t)L->in.subframe_len);
        assert_non_null(L->y[a]);
    }
}

static void link_free(link *L)
{
    free(L->tx_grid);
    free(L->x);
    for (int a = 0; a < NRX; a++) {
        free(L->g[a]);
        free(L->y[a]);
    }
    if (L->ch)
        lte_channel_destroy(L->ch);
    if (L->ofdm)
        lte_ofdm_destroy(L->ofdm);
}

/* Transmit what tx says (nothing if !tx->transmit) in subframe sf; the
 * received grids land in L->g. */
static void link_run(link *L, const lte_sr_tx *tx, int sf)
{
    memset(L->tx_grid, 0, L->glen * sizeof(float complex));
    if (tx->transmit) {
        float complex sym[14 * 12];
        int prb[2];
        assert_true(tx->fmt <= LTE_PUCCH_F1B);
        assert_int_equal(lte_pucch_encode(&L->cfg, tx->fmt, tx->n_pucch, sf, tx->b, sym, prb),
                         0);
        assert_int_equal(lte_pucch_map(&L->cfg, sym, prb, 1.0f, L->tx_grid), 0);
    }
    L->trial++;
    if (!L->fading) {
        for (int a = 0; a < NRX; a++) {
            float complex h = a == 0 ? 0.8f + 0.6f * I : -0.6f + 0.8f * I;
            for (size_t x = 0; x < L->glen; x++)
                L->g[a][x] = h * L->tx_grid[x];
            assert_int_equal(lte_awgn_add(&L->rng, L->g[a], (int)L->glen, L->n0), 0);
        }
        return;
    }
    int n = L->in.subframe_len;
    assert_int_equal(lte_ofdm_mod_subframe(L->ofdm, L->tx_grid, L->x), 0);
    const float complex *xs[1] = {L->x};
    float complex *const ys[NRX] = {L->y[0], L->y[1]};
    /* 200 ms between trials: nearly independent fading at 5 Hz */
    assert_int_equal(lte_channel_run(L->ch, xs, n, (int64_t)L->trial * 200 * n, ys), 0);
    for (int a = 0; a < NRX; a++) {
        assert_int_equal(lte_awgn_add(&L->rng, L->y[a], n, L->n0), 0);
        assert_int_equal(lte_ofdm_demod_subframe(L->ofdm, L->y[a], L->g[a]), 0);
    }
}

/* FDD: every SR / HARQ-ACK combination, ideal and fading channels. */
static void test_fdd_roundtrip(void **state)
{
    (void)state;
    float thr;
    assert_int_equal(lte_sr_threshold(NRX, 8, 0.01, &thr), 0);
    for (int fading = 0; fading < 2; fading++) {
        static const int cells[] = {0, 211, 503};
        long n = 0, bad = 0;
        for (int ci = 0; ci < 3; ci++) {
            link L;
            link_init(&L, fading, cells[ci], NRB, fading ? 10.0 : 30.0, 77 + (uint64_t)ci);
            const int n1_sri = 5 + 13 * ci, n1_an = 40 + ci;
            for (int rep = 0; rep < (fading ? 12 : 2); rep++)
                for (int sr = 0; sr < 2; sr++)
                    for (int n_ack = 0; n_ack <= 2; n_ack++)
                        for (int v = 0; v < (1 << n_ack); v++) {
                            uint8_t ack[2] = {(uint8_t)(v & 1), (uint8_t)(v >> 1)};
                            lte_sr_tx tx;
                            assert_int_equal(lte_sr_fdd_tx(sr, n_ack, ack, n1_an, n1_sri, 0, 0,
                                                           0, LTE_CP_NORMAL, &tx),
                                             0);
                            int sf = (rep + v) % 10;
                            link_run(&L, &tx, sf);
                            const float complex *const gg[NRX] = {L.g[0], L.g[1]};
                            lte_sr_det det;
                            assert_int_equal(lte_sr_fdd_detect(&L.cfg, sf, gg, NRX,
                                                               (float)L.n0, thr, n1_sri, n_ack,
                                                               n1_an, &det),
                                             0);
                            int ok = det.sr == sr;
                            if (!tx.transmit)
                                ok = ok && det.winner == -1 && !det.ack;
                            else
                                ok = ok && det.winner == (sr ? 0 : 1) && det.ack == (n_ack > 0) &&
                                     det.b[0] == (n_ack > 0 ? ack[0] : 0) &&
                                     det.b[1] == (n_ack > 1 ? ack[1] : 0);
                            n++;
                            bad += !ok;
                            if (!fading)
                                assert_true(ok);
                        }
            link_free(&L);
        }
        /* fading at 10 dB, 2 RX: a deep fade may still cost a decision now and then */
        print_message("FDD %s: %ld of %ld subframes wrong\n", fading ? "EPA5 10 dB" : "ideal",
                      bad, n);
        assert_true(bad * 50 <= n);
    }
}

/* TDD: random schedules over every uplink subframe with M = 1..4 of
 * configurations 1..6, bundling and multiplexing, SR +/-. */
static void test_tdd_roundtrip(void **state)
{
    (void)state;
    float thr;
    assert_int_equal(lte_sr_threshold(NRX, 20, 0.01, &thr), 0);
    for (int fading = 0; fading < 2; fading++) {
        link L;
        link_init(&L, fading, 137, NRB, fading ? 10.0 : 30.0, 99);
        tu_rng r;
        tu_rng_seed(&r, 2718);
        long n = 0, bad = 0, pos = 0;
        const int n1_an = 10, n1_sri = 3;
        for (int cfgi = 1; cfgi <= 6; cfgi++)
            for (int sf = 0; sf < 10; sf++) {
                int k[LTE_TDD_MAX_DL_ASSOC];
                int M = lte_harq_ack_dl_set(LTE_TDD, cfgi, sf, k);
                if (M <= 0 || M > 4)
                    continue;
                for (int mode = 0; mode < 2; mode++) {
                    if (mode == LTE_TDD_ACK_MULTIPLEXING && M < 2)
                        continue;
                    for (int trial = 0; trial < (fading ? 16 : 12); trial++) {
                        lte_tdd_dl_sf dl[4];
                        int sent[4], n1[4];
                        int n_cw = M == 1 ? 1 : 1 + (trial & 1);
                        int distinct;
                        do {
                            random_schedule(&r, M, k, n_cw, dl, sent);
                            distinct = 1;
                            for (int i = 0; i < M; i++) {
                                n1[i] = sent[i] ? lte_tdd_ack_n1pucch(M, i, dl[i].n_cce, n1_an,
                                                                      NRB)
                                                : -1;
                                for (int j = 0; j < i; j++)
                                    distinct = distinct && (n1[i] < 0 || n1[i] != n1[j]);
                            }
                        } while (!distinct);
                        int sr = trial % 3 != 0;
                        lte_sr_tx tx;
                        int rc = lte_sr_tdd_tx(sr, (lte_tdd_ack_mode)mode, cfgi, sf, dl, n1_an,
                                               NRB, n1_sri, &tx);
                        if (rc == LTE_EUNSUPPORTED)
                            continue;
                        assert_int_equal(rc, 0);
                        link_run(&L, &tx, sf);
                        const float complex *const gg[NRX] = {L.g[0], L.g[1]};
                        lte_sr_det det;
                        assert_int_equal(lte_sr_tdd_detect(&L.cfg, sf, gg, NRX, (float)L.n0, thr,
                                                           (lte_tdd_ack_mode)mode, M, n1, n_cw,
                                                           n1_sri, &det),
                                         0);
                        int missed, u, ok;
                        int na = model_count(M, k, dl, &missed, &u);
                        if (sr) {
                            pos++;
                            int nn = missed ? 0 : na;
                            ok = det.sr == 1 && det.winner == 0 &&
                                 det.count_class == (nn == 0 ? 0 : (nn - 1) % 3 + 1);
                        } else if (!tx.transmit) {
                            ok = det.sr == 0 && det.winner == -1;
                        } else {
                            int i_res = -1;
                            for (int i = 0; i < M; i++)
                                if (n1[i] == tx.n_pucch)
                                    i_res = i;
                            assert_true(i_res >= 0); /* the UE only uses a sent PDCCH's */
                            ok = det.sr == 0 && det.winner == 1 + i_res &&
                                 det.b[0] == tx.b[0] && det.b[1] == tx.b[1];
                            if (mode == LTE_TDD_ACK_MULTIPLEXING && ok) {
                                uint8_t h[4];
                                int s = 0;
                                assert_int_equal(lte_tdd_ack_mux_state(M, dl, h), 0);
                                for (int i = M - 1; i >= 0; i--)
                                    s = 3 * s + h[i];
                                ok = det.inv.state[s] == 1;
                            }
                        }
                        n++;
                        bad += !ok;
                        if (!fading)
                            assert_true(ok);
                    }
                }
            }
        print_message("TDD %s: %ld of %ld subframes wrong (%ld with a positive SR)\n",
                      fading ? "EPA5 10 dB" : "ideal", bad, n, pos);
        assert_true(n >= 250);
        assert_true(bad * 50 <= n);
        link_free(&L);
    }
}

/* ---- statistics ----------------------------------------------------------------------- */

/* Noise only: the SR detector (FDD, no HARQ-ACK expected: format 1, one
 * hypothesis) at the threshold for 1 % must report a positive SR in 1 % of
 * the subframes (exact for one hypothesis: Gamma(2 n_rx, 1) tail); with
 * HARQ-ACK expected (two resources, 1a: 4 hypotheses) at the union-bound
 * threshold the rate must not exceed 1 %. */
static void test_false_detection(void **state)
{
    (void)state;
    const int N = tu_long() ? 100000 : 20000;
    for (int n_ack = 0; n_ack <= 1; n_ack++) {
        link L;
        link_init(&L, 0, 77, 6, 0.0, 555 + (uint64_t)n_ack);
        float thr;
        assert_int_equal(lte_sr_threshold(NRX, n_ack ? 4 : 1, 0.01, &thr), 0);
        lte_sr_tx none;
        memset(&none, 0, sizeof none);
        long fd = 0;
        for (int t = 0; t < N; t++) {
            link_run(&L, &none, t % 10);
            const float complex *const gg[NRX] = {L.g[0], L.g[1]};
            lte_sr_det det;
            assert_int_equal(lte_sr_fdd_detect(&L.cfg, t % 10, gg, NRX, (float)L.n0, thr, 2,
                                               n_ack, 9, &det),
                             0);
            fd += det.sr;
        }
        double rate = (double)fd / N, sigma = sqrt(0.01 * 0.99 / N);
        print_message("SR false detection, noise only, %s: %.3f %% (threshold %.3f)\n",
                      n_ack ? "HARQ-ACK expected" : "SR alone", 100 * rate, (double)thr);
        if (n_ack == 0)
            assert_true(fabs(rate - 0.01) < 4 * sigma);
        else
            assert_true(rate < 0.01 + 4 * sigma);
        link_free(&L);
    }
}

/* Positive SR alone, EPA 5 Hz, 2 RX, -3 dB per RE, the 1 % threshold: the
 * SR must be found in at least 99 % of the subframes. */
static void test_missed_detection(void **state)
{
    (void)state;
    const int N = tu_long() ? 20000 : 1500;
    link L;
    link_init(&L, 1, 9, 6, -3.0, 8080);
    float thr;
    assert_int_equal(lte_sr_threshold(NRX, 1, 0.01, &thr), 0);
    lte_sr_tx tx;
    assert_int_equal(lte_sr_fdd_tx(1, 0, NULL, 0, 0, 0, 0, 0, LTE_CP_NORMAL, &tx), 0);
    long miss = 0;
    for (int t = 0; t < N; t++) {
        link_run(&L, &tx, t % 10);
        const float complex *const gg[NRX] = {L.g[0], L.g[1]};
        lte_sr_det det;
        assert_int_equal(
            lte_sr_fdd_detect(&L.cfg, t % 10, gg, NRX, (float)L.n0, thr, 0, 0, 0, &det), 0);
        miss += !det.sr;
    }
    print_message("SR missed detection, EPA5 -3 dB 2 RX: %.2f %%\n", 100.0 * miss / N);
    assert_true(miss * 100 <= N);
    link_free(&L);
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_pucch_cfg cfg = {.cell_id = 1, .cp = LTE_CP_NORMAL, .delta_shift = 1, .n_rb_ul = 6};
    float complex g0[6 * 12 * 14] = {0};
    const float complex *const gg[1] = {g0};
    lte_sr_det det;
    float thr;
    assert_int_equal(lte_sr_fdd_detect(&cfg, 0, gg, 1, 1.0f, 1.0f, 0, 0, 0, &det), 0);
    assert_int_equal(det.winner, -1); /* zeros: nothing */
    assert_int_equal(lte_sr_fdd_detect(&cfg, 0, gg, 0, 1.0f, 1.0f, 0, 0, 0, &det), LTE_EINVAL);
    assert_int_equal(lte_sr_fdd_detect(&cfg, 0, gg, 1, 0.0f, 1.0f, 0, 0, 0, &det), LTE_EINVAL);
    assert_int_equal(lte_sr_fdd_detect(&cfg, 10, gg, 1, 1.0f, 1.0f, 0, 0, 0, &det), LTE_EINVAL);
    assert_int_equal(lte_sr_fdd_detect(&cfg, 0, gg, 1, 1.0f, -1.0f, 0, 0, 0, &det), LTE_EINVAL);
    assert_int_equal(lte_sr_fdd_detect(&cfg, 0, gg, 1, 1.0f, 1.0f, 0, 3, 0, &det), LTE_EINVAL);
    assert_int_equal(lte_sr_fdd_detect(NULL, 0, gg, 1, 1.0f, 1.0f, 0, 0, 0, &det), LTE_EINVAL);
    int n1[4] = {1, 2, -1, -1};
    assert_int_equal(lte_sr_tdd_detect(&cfg, 0, gg, 1, 1.0f, 1.0f, LTE_TDD_ACK_MULTIPLEXING, 1,
                                       n1, 1, 0, &det),
                     LTE_EINVAL);
    assert_int_equal(lte_sr_tdd_detect(&cfg, 0, gg, 1, 1.0f, 1.0f, LTE_TDD_ACK_BUNDLING, 2, n1, 3,
                                       0, &det),
                     LTE_EINVAL);
    assert_int_equal(lte_sr_tdd_detect(&cfg, 0, gg, 1, 1.0f, 1.0f, LTE_TDD_ACK_BUNDLING, 5, n1, 1,
                                       0, &det),
                     LTE_EINVAL);
    assert_int_equal(lte_sr_threshold(2, 0, 0.01, &thr), LTE_EINVAL);
    assert_int_equal(lte_sr_threshold(2, 1, 1.5, &thr), LTE_EINVAL);
    assert_int_equal(lte_sr_threshold(0, 1, 0.01, &thr), LTE_EINVAL);
    /* the threshold rises with the number of hypotheses it covers */
    float t1, t4;
    assert_int_equal(lte_sr_threshold(2, 1, 0.01, &t1), 0);
    assert_int_equal(lte_sr_threshold(2, 4, 0.01, &t4), 0);
    assert_true(t4 > t1);
    lte_tdd_dl_sf dl[4] = {{0}};
    lte_sr_tx tx;
    assert_int_equal(lte_sr_tdd_tx(1, (lte_tdd_ack_mode)2, 2, 2, dl, 0, 25, 0, &tx), LTE_EINVAL);
    assert_int_equal(lte_sr_tdd_tx(1, LTE_TDD_ACK_BUNDLING, 2, 3, dl, 0, 25, 0, &tx), LTE_EINVAL);
    assert_int_equal(lte_sr_tdd_tx(1, LTE_TDD_ACK_BUNDLING, 2, 2, NULL, 0, 25, 0, &tx),
                     LTE_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_table),    cmocka_unit_test(test_opportunity),
        cmocka_unit_test(test_fdd_tx_rows),     cmocka_unit_test(test_table_7_3_1),
        cmocka_unit_test(test_tdd_tx),          cmocka_unit_test(test_fdd_roundtrip),
        cmocka_unit_test(test_tdd_roundtrip),   cmocka_unit_test(test_false_detection),
        cmocka_unit_test(test_missed_detection), cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
