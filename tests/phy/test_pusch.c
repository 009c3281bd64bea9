/* Tests of the PUSCH transmitter and receiver (36.211 §5.3, §5.5.2.1, §5.6;
 * 36.212 §5.2.2): the transmitted grid against an independent model, and
 * round trips through ideal, AWGN and EPA 1x2 channels with UCI.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/channel.h"
#include "ltephy/error.h"
#include "ltephy/fft.h"
#include "ltephy/gold.h"
#include "ltephy/modulation.h"
#include "ltephy/ofdm.h"
#include "ltephy/pusch.h"
#include "ltephy/rng.h"
#include "ltephy/tables.h"
#include "ltephy/ulrs.h"
#include "tests/common/testutil.h"
#include "tests/common/tu_pusch_hop.h"

/* ---- set-up helpers ------------------------------------------------------------ */

static lte_pusch_cfg cell_cfg(int n_rb_ul, lte_cp cp, int cell_id, int n_rx, int tbs_max)
{
    lte_pusch_cfg c = {0};
    c.n_rb_ul = n_rb_ul;
    c.cp = cp;
    c.cell_id = cell_id;
    c.n_rx = n_rx;
    c.tbs_max = tbs_max;
    c.threads = 1;
    return c;
}

/* A grant at MCS i_mcs (36.213 Table 8.6.1-1) with 2 HARQ-ACK, 1 RI and
 * o_cqi CQI bits; i_mcs < 0: 256QAM (Q_m 8) with I_TBS = -i_mcs. */
static lte_pusch_grant grant(int sf, int prb_start, int n_prb, int i_mcs, lte_cp cp, int o_cqi)
{
    lte_pusch_grant g = {0};
    g.subframe = sf;
    g.rnti = 0x4601;
    g.cyclic_shift = 3;
    g.cs_field = 5;
    g.prb_start = prb_start;
    int q_m = 8, i_tbs = -i_mcs;
    if (i_mcs >= 0)
        assert_int_equal(lte_mcs_lookup(LTE_MCS_PUSCH, i_mcs, &q_m, &i_tbs), 0);
    g.ul.n_prb = n_prb;
    g.ul.cp_extended = cp == LTE_CP_EXTENDED;
    g.ul.q_m = q_m;
    assert_int_equal(lte_tbs(i_tbs, n_prb, &g.ul.tbs), 0);
    g.ul.o_ack = 2;
    g.ul.o_ri = 1;
    g.ul.o_cqi = o_cqi;
    g.ul.beta_ack = 8;
    g.ul.beta_ri = 6;
    g.ul.beta_cqi = 9;
    return g;
}

static int max_tbs(int n_prb)
{
    int t;
    assert_int_equal(lte_tbs(33, n_prb, &t), 0);
    return t;
}

/* ---- transmitter structure ------------------------------------------------------ */

/* n_cs of §5.5.2.1.1 modelled here: Tables 5.5.2.1.1-1/-2 transcribed, n_PN
 * from the Gold sequence with c_init = floor(N_ID/30) 2^5 + f_ss^PUSCH. */
static int model_ncs(const lte_ulrs_cfg *u, int cs_field, int ns)
{
    static const int n1[8] = {0, 2, 3, 4, 6, 8, 9, 10};
    static const int n2[8] = {0, 6, 3, 4, 2, 8, 10, 9}; /* lambda = 0 */
    int nsymb = u->cp == LTE_CP_NORMAL ? 7 : 6;
    int fss = (u->cell_id % 30 + u->delta_ss) % 30;
    uint32_t c_init = (uint32_t)(u->cell_id / 30) * 32u + (uint32_t)fss;
    uint8_t c[8 * 7 * 20 + 8];
    assert_int_equal(lte_gold_bits(c_init, 8 * nsymb * ns + 8, c), 0);
    int npn = 0;
    for (int i = 0; i < 8; i++)
        npn += c[8 * nsymb * ns + i] << i;
    return (n1[u->cyclic_shift] + n2[cs_field] + npn) % 12;
}

/* DMRS REs = base sequence of ulrs.h times e^{j 2 pi n_cs n / 12}; data REs =
 * the naive DFT (1/sqrt(M)) of the modulated symbols in the non-DMRS symbols;
 * the modulated symbols = the constellation points of the scrambled bits;
 * every other RE zero; the samples demodulate back to the grid. */
static void check_tx(lte_cp cp, int n_rb_ul, int cell_id, int gh, int sh, int prb_start, int n_prb,
                     int i_mcs, int n_srs)
{
    lte_pusch_cfg c = cell_cfg(n_rb_ul, cp, cell_id, 0, max_tbs(n_prb));
    c.group_hopping = gh;
    c.seq_hopping = sh;
    c.delta_ss = 7;
    lte_pusch *p;
    assert_int_equal(lte_pusch_create(&c, &p), 0);
    lte_pusch_grant g = grant(7, prb_start, n_prb, i_mcs, cp, 20);
    g.ul.n_srs = n_srs;
    int n_sc = 12 * n_rb_ul, nsymb = cp == LTE_CP_NORMAL ? 7 : 6, m = 12 * n_prb;
    int glen = lte_pusch_grid_len(p), slen = lte_pusch_subframe_len(p);
    assert_int_equal(glen, 2 * nsymb * n_sc);
    float complex *grid = malloc(sizeof(float complex) * (size_t)glen);
    float complex *back = malloc(sizeof(float complex) * (size_t)glen);
    float complex *smp = malloc(sizeof(float complex) * (size_t)slen);
    float complex *r = malloc(sizeof(float complex) * (size_t)m);
    uint8_t *tb = malloc((size_t)g.ul.tbs), cqi[20], ri[1] = {1}, ack[2] = {1, 0};
    tu_rng rng;
    tu_rng_seed(&rng, 211);
    tu_random_bits(&rng, tb, g.ul.tbs);
    tu_random_bits(&rng, cqi, 20);
    assert_int_equal(lte_pusch_tx(p, &g, tb, cqi, ri, ack, grid, smp), 0);

    /* DMRS */
    lte_ulrs_cfg u = {cell_id, cp, gh, sh, 7, g.cyclic_shift};
    int l_dmrs = cp == LTE_CP_NORMAL ? 3 : 2;
    for (int slot = 0; slot < 2; slot++) {
        int ns = 2 * g.subframe + slot;
        int ncs = model_ncs(&u, g.cs_field, ns);
        assert_int_equal(lte_ulrs_base_seq(lte_ulrs_group(&u, LTE_ULRS_PUSCH, ns),
                                           lte_ulrs_seq_num(&u, ns, m), m, r),
                         0);
        const float complex *y = grid + (size_t)(slot * nsymb + l_dmrs) * (size_t)n_sc;
        for (int n = 0; n < m; n++) {
            double complex want = r[n] * cexp(I * 2.0 * M_PI * ncs * n / 12.0);
            assert_true(cabs(y[12 * prb_start + n] - want) < 1e-5);
        }
    }
    /* modulation of the scrambled bits */
    const void *v;
    int nb, nx;
    assert_int_equal(lte_pusch_stage_get(p, LTE_PUSCH_TX_SCRAMBLED, 0, &v, &nb), 0);
    const uint8_t *bits = v;
    assert_int_equal(lte_pusch_stage_get(p, LTE_PUSCH_TX_SYMBOLS, 0, &v, &nx), 0);
    const float complex *x = v;
    int q_m = g.ul.q_m, n_data = 2 * nsymb - 2 - n_srs;
    assert_int_equal(nx, n_data * m);
    assert_int_equal(nb, nx * q_m);
    for (int i = 0; i < nx; i++) {
        unsigned pat = 0;
        for (int b = 0; b < q_m; b++)
            pat = pat << 1 | (bits[i * q_m + b] & 1);
        float complex pt;
        assert_int_equal(lte_mod_point((lte_mod)q_m, pat, &pt), 0);
        assert_true(cabsf(pt - x[i]) < 1e-6f);
    }
    /* data REs: naive DFT, symbol by symbol, in the non-DMRS symbols */
    int j = 0;
    for (int l = 0; l < 2 * nsymb; l++) {
        const float complex *y = grid + (size_t)l * (size_t)n_sc;
        int is_data = l % nsymb != l_dmrs && !(n_srs && l == 2 * nsymb - 1);
        for (int k = 0; k < n_sc; k++) {
            int in_alloc = k >= 12 * prb_start && k < 12 * (prb_start + n_prb);
            if (!in_alloc || (!is_data && l % nsymb != l_dmrs))
                assert_true(y[k] == 0);
        }
        if (!is_data)
            continue;
        for (int k = 0; k < m; k++) {
            double complex acc = 0;
            for (int i = 0; i < m; i++)
                acc += x[j * m + i] * cexp(-I * 2.0 * M_PI * (double)((long)i * k % m) / m);
            acc /= sqrt((double)m);
            assert_true(cabs(y[12 * prb_start + k] - acc) < 2e-4);
        }
        j++;
    }
    assert_int_equal(j, n_data);
    /* the samples are the SC-FDMA modulation of that grid */
    lte_ofdm_cfg oc = {n_rb_ul, cp, LTE_OFDM_UL_SCFDMA, 0, 0, LTE_OFDM_NORM_UNITARY, 0};
    lte_ofdm *o;
    assert_int_equal(lte_ofdm_create(&oc, &o), 0);
    assert_int_equal(lte_ofdm_demod_subframe(o, smp, back), 0);
    for (int i = 0; i < glen; i++)
        assert_true(cabsf(back[i] - grid[i]) < 1e-4f);
    lte_ofdm_destroy(o);
    free(grid);
    free(back);
    free(smp);
    free(r);
    free(tb);
    lte_pusch_destroy(p);
}

static void test_tx_structure(void **state)
{
    (void)state;
    check_tx(LTE_CP_NORMAL, 25, 17, 1, 0, 3, 6, 10, 0);    /* group hopping, M_sc 72 */
    check_tx(LTE_CP_NORMAL, 50, 301, 0, 1, 2, 45, 20, 1);  /* sequence hopping, SRS */
    check_tx(LTE_CP_EXTENDED, 15, 95, 0, 0, 13, 2, 5, 0);  /* extended CP, M_sc 24 */
    check_tx(LTE_CP_NORMAL, 100, 40, 0, 0, 10, 75, -28, 0); /* 256QAM, M_sc 900 */
    check_tx(LTE_CP_EXTENDED, 25, 7, 1, 0, 0, 9, -33, 1);  /* 256QAM, extended CP, SRS */
}

/* ---- links ----------------------------------------------------------------------- */

typedef enum { CH_IDEAL, CH_AWGN, CH_EPA5 } chan_kind;

typedef struct link {
    lte_pusch *p;
    lte_pusch_grant g;
    lte_channel *ch;
    lte_rng rng;
    int n_rx, slen;
    float complex *tx, *rx[LTE_PUSCH_MAX_RX];
    uint8_t *tb, *tbd;
    lte_sch_harq *harq;
} link;

static int link_decoder = LTE_SCH_DEC_FLOAT; /* lte_pusch_cfg.decoder of the next link_open */
static int link_release;                     /* lte_pusch_cfg.release_ok of the next one */

static void link_open(link *k, int n_rb_ul, int n_rx, const lte_pusch_grant *g, chan_kind kind,
                      uint64_t seed)
{
    memset(k, 0, sizeof *k);
    lte_cp cp = g->ul.cp_extended ? LTE_CP_EXTENDED : LTE_CP_NORMAL;
    lte_pusch_cfg c = cell_cfg(n_rb_ul, cp, 150, n_rx, g->ul.tbs > 16 ? g->ul.tbs : 16);
    c.group_hopping = 1;
    c.decoder = link_decoder;
    c.release_ok = link_release;
    assert_int_equal(lte_pusch_create(&c, &k->p), 0);
    k->g = *g;
    k->n_rx = n_rx;
    k->slen = lte_pusch_subframe_len(k->p);
    k->tx = malloc(sizeof(float complex) * (size_t)k->slen);
    for (int r = 0; r < n_rx; r++)
        k->rx[r] = malloc(sizeof(float complex) * (size_t)k->slen);
    k->tb = malloc((size_t)g->ul.tbs + 1);
    k->tbd = malloc((size_t)g->ul.tbs + 1);
    assert_int_equal(lte_sch_harq_create(c.tbs_max, &k->harq), 0);
    lte_rng_seed(&k->rng, seed);
    if (kind == CH_EPA5) {
        lte_channel_cfg cc = {0};
        cc.model = LTE_CHANNEL_EPA;
        cc.doppler_hz = 5;
        cc.fs_hz = (double)k->slen * 1000.0;
        cc.n_tx = 1;
        cc.n_rx = n_rx;
        cc.uplink = 1;
        cc.seed = seed;
        assert_int_equal(lte_channel_create(&cc, &k->ch), 0);
    }
}

static void link_close(link *k)
{
    lte_channel_destroy(k->ch);
    lte_pusch_destroy(k->p);
    lte_sch_harq_destroy(k->harq);
    free(k->tx);
    for (int r = 0; r < k->n_rx; r++)
        free(k->rx[r]);
    free(k->tb);
    free(k->tbd);
}

/* Transmit random data and UCI in subframe number `n` of the run, pass it
 * through the channel with noise n0 per RE (0: none), receive. Returns the
 * data CRC; *uci_ok tells whether HARQ-ACK, RI and CQI all came back. */
static int link_run(link *k, int n, double n0, int reuse_tb, int *uci_ok,
                    lte_pusch_rx_result *res)
{
    lte_pusch_grant *g = &k->g;
    uint8_t cqi[64], ri[2], ack[2], cqid[64], rid[2], ackd[2];
    if (!reuse_tb)
        lte_rng_bits(&k->rng, k->tb, g->ul.tbs);
    lte_rng_bits(&k->rng, cqi, g->ul.o_cqi);
    lte_rng_bits(&k->rng, ri, g->ul.o_ri);
    lte_rng_bits(&k->rng, ack, g->ul.o_ack);
    assert_int_equal(lte_pusch_tx(k->p, g, k->tb, cqi, ri, ack, NULL, k->tx), 0);
    if (k->ch) {
        const float complex *xs[1] = {k->tx};
        assert_int_equal(lte_channel_run(k->ch, xs, k->slen, (int64_t)n * k->slen, k->rx), 0);
    } else {
        for (int r = 0; r < k->n_rx; r++)
            memcpy(k->rx[r], k->tx, sizeof(float complex) * (size_t)k->slen);
    }
    for (int r = 0; r < k->n_rx && n0 > 0; r++)
        assert_int_equal(lte_awgn_add(&k->rng, k->rx[r], k->slen, n0), 0);
    if (!reuse_tb)
        lte_sch_harq_reset(k->harq);
    const float complex *const *rx = (const float complex *const *)k->rx;
    assert_int_equal(lte_pusch_rx(k->p, g, rx, k->harq, k->tbd, cqid, rid, ackd, res), 0);
    *uci_ok = memcmp(cqi, cqid, (size_t)g->ul.o_cqi) == 0 &&
              memcmp(ri, rid, (size_t)g->ul.o_ri) == 0 &&
              memcmp(ack, ackd, (size_t)g->ul.o_ack) == 0;
    int ok = res->ul.data.crc_ok && memcmp(k->tb, k->tbd, (size_t)g->ul.tbs) == 0;
    return ok;
}

/* Mean |H_est - 1|^2 over the allocation and the subframe for a flat unit channel. */
static double chest_err_unit(const link *k, int r)
{
    const void *v;
    int n;
    assert_int_equal(lte_pusch_stage_get(k->p, LTE_PUSCH_RX_CHEST, r, &v, &n), 0);
    const float complex *h = v;
    double e = 0;
    for (int i = 0; i < n; i++)
        e += cabsf(h[i] - 1.0f) * cabsf(h[i] - 1.0f);
    return e / n;
}

/* Difference between the error power the receiver reports for the unbiased
 * symbols of the last reception (mean over the data symbols of 1/SINR) and
 * the error power measured against the transmitted symbols, in dB (the
 * absolute value). *mean_db: mean reported SINR in dB. */
static double sinr_mismatch_db(const link *k, double *mean_db)
{
    const void *v;
    int n, ns;
    assert_int_equal(lte_pusch_stage_get(k->p, LTE_PUSCH_RX_SYMBOLS, 0, &v, &n), 0);
    const float complex *xr = v;
    assert_int_equal(lte_pusch_stage_get(k->p, LTE_PUSCH_TX_SYMBOLS, 0, &v, &n), 0);
    const float complex *xt = v;
    assert_int_equal(lte_pusch_stage_get(k->p, LTE_PUSCH_RX_SINR, 0, &v, &ns), 0);
    const float *sinr = v;
    double e = 0, rep = 0, sum = 0;
    for (int i = 0; i < n; i++)
        e += pow(cabsf(xr[i] - xt[i]), 2);
    for (int j = 0; j < ns; j++) {
        rep += 1.0 / sinr[j] / ns;
        sum += 10 * log10(sinr[j]);
    }
    *mean_db = sum / ns;
    return fabs(10 * log10(e / n) - 10 * log10(rep));
}

static const int PRBS[3] = {6, 25, 100};
/* QPSK, 16QAM, 64QAM rows of Table 8.6.1-1; 256QAM at I_TBS 31 */
static const int MCS[4] = {6, 16, 26, -31};
static const int QM[4] = {2, 4, 6, 8};

/* Ideal channel, no noise: every allocation size and modulation decodes, UCI
 * included, and the channel estimate is 1 everywhere. Then extended CP and
 * SRS-shortened subframes at 30 dB. */
static void test_ideal(void **state)
{
    (void)state;
    for (int a = 0; a < 3; a++)
        for (int mi = 0; mi < 4; mi++) {
            int n_rb = PRBS[a] == 6 ? 6 : PRBS[a] == 25 ? 50 : 100;
            lte_pusch_grant g = grant(3, n_rb - PRBS[a], PRBS[a], MCS[mi], LTE_CP_NORMAL, 20);
            assert_int_equal(g.ul.q_m, QM[mi]);
            link k;
            link_open(&k, n_rb, 1, &g, CH_IDEAL, 100 + (uint64_t)a * 3 + (uint64_t)mi);
            lte_pusch_rx_result res;
            int uci_ok;
            assert_int_equal(link_run(&k, 0, 0.0, 0, &uci_ok, &res), 1);
            assert_int_equal(uci_ok, 1);
            assert_true(chest_err_unit(&k, 0) < 1e-9);
            link_close(&k);
        }
    /* extended CP (DMRS in symbol 2), and a shortened PUSCH (SRS symbol) */
    for (int ext = 0; ext <= 1; ext++)
        for (int srs = 0; srs <= 1; srs++) {
            lte_cp cp = ext ? LTE_CP_EXTENDED : LTE_CP_NORMAL;
            lte_pusch_grant g = grant(9, 5, 20, 18, cp, 20);
            g.ul.n_srs = srs;
            link k;
            link_open(&k, 25, 2, &g, CH_AWGN, 300 + (uint64_t)(2 * ext + srs));
            lte_pusch_rx_result res;
            int uci_ok;
            assert_int_equal(link_run(&k, 0, 1e-3, 0, &uci_ok, &res), 1);
            assert_int_equal(uci_ok, 1);
            link_close(&k);
        }
}

/* AWGN, 1 and 2 RX, flat unit channel: the noise estimate against the
 * noise added, the channel estimate error against its closed form (a
 * W-point average leaves N0/W at the DMRS and, linearly interpolated, at most
 * N0/W elsewhere), and the reported post-MMSE SINR against the SINR measured
 * on the symbols and against the perfect-channel bound n_rx SNR (the
 * estimation error may cost up to 1 dB, never gain). */
static void test_awgn_estimates(void **state)
{
    (void)state;
    const int sizes[2] = {25, 100};
    for (int a = 0; a < 2; a++)
        for (int n_rx = 1; n_rx <= 2; n_rx++) {
            lte_pusch_grant g = grant(0, 0, sizes[a], 16, LTE_CP_NORMAL, 8);
            link k;
            link_open(&k, 100, n_rx, &g, CH_AWGN, 7 + (uint64_t)a * 2 + (uint64_t)n_rx);
            double n0 = 0.1; /* 10 dB */
            lte_pusch_rx_result res;
            int uci_ok;
            assert_int_equal(link_run(&k, 0, n0, 0, &uci_ok, &res), 1);
            assert_int_equal(uci_ok, 1);
            double tol = sizes[a] == 100 ? 0.08 : 0.15;
            for (int r = 0; r < n_rx; r++) {
                assert_true(fabs(res.n0[r] / n0 - 1.0) < tol);
                assert_true(chest_err_unit(&k, r) < 1.3 * n0 / 7);
            }
            double mean_db, mis = sinr_mismatch_db(&k, &mean_db), bound = 10 * log10(n_rx / n0);
            print_message("AWGN %d PRB %d RX: N0 est/true %.3f %.3f, SINR %.2f dB (bound %.2f), "
                          "reported - measured %.2f dB\n", sizes[a], n_rx, res.n0[0] / n0,
                          res.n0[n_rx - 1] / n0, mean_db, bound, mis);
            assert_true(mis < 0.5);
            assert_true(mean_db < bound + 0.2 && mean_db > bound - 1.5);
            link_close(&k);
        }
}

/* The true frequency response of antenna r at subcarrier k_abs of the
 * UL grid, (k_abs - N_sc/2 + 1/2) 15 kHz, at time t. */
static double complex true_h(const lte_channel *ch, int n_sc, int k_abs, int r, int n_rx, double t)
{
    int nt;
    double d[LTE_CHANNEL_MAX_TAPS], pw[LTE_CHANNEL_MAX_TAPS];
    float complex gs[LTE_CHANNEL_MAX_TAPS * LTE_CHANNEL_MAX_ANT];
    assert_int_equal(lte_channel_taps(ch, &nt, d, pw), 0);
    assert_int_equal(lte_channel_gains(ch, t, gs), 0);
    double f = (k_abs - n_sc / 2 + 0.5) * 15e3;
    double complex h = 0;
    for (int i = 0; i < nt; i++)
        h += gs[i * n_rx + r] * cexp(-I * 2.0 * M_PI * f * d[i]);
    return h;
}

/* EPA5, 1x2, 40 dB: the channel estimate against the model's own response
 * (computed here from the tap gains and delays) in every SC-FDMA symbol,
 * normalised MSE below -40 dB (noise alone leaves about N0 c / W, -50 dB).
 * At 20 dB: the SINR the receiver reports against the SINR measured from the
 * equalised symbols' error (within 1 dB), and the noise estimate. */
static void test_epa_estimates(void **state)
{
    (void)state;
    lte_pusch_grant g = grant(2, 10, 50, 16, LTE_CP_NORMAL, 8);
    link k;
    link_open(&k, 100, 2, &g, CH_EPA5, 5151);
    lte_pusch_rx_result res;
    int uci_ok;
    assert_int_equal(link_run(&k, 0, 1e-4, 0, &uci_ok, &res), 1);
    int m = 12 * g.ul.n_prb, n_sc = 1200, N = 2048;
    double fs = 30.72e6, num = 0, den = 0;
    for (int r = 0; r < 2; r++) {
        const void *v;
        int n;
        assert_int_equal(lte_pusch_stage_get(k.p, LTE_PUSCH_RX_CHEST, r, &v, &n), 0);
        const float complex *h = v;
        int start = 0;
        for (int l = 0; l < 14; l++) {
            int cp = (l % 7 == 0 ? 160 : 144);
            double t = (start + cp + N / 2) / fs;
            start += cp + N;
            for (int i = 0; i < m; i++) {
                double complex ht = true_h(k.ch, n_sc, 12 * g.prb_start + i, r, 2, t);
                num += pow(cabs(h[l * m + i] - ht), 2);
                den += pow(cabs(ht), 2);
            }
        }
    }
    double nmse_db = 10 * log10(num / den);
    print_message("EPA5 40 dB: channel estimate NMSE %.1f dB, N0 est/true %.2f %.2f\n", nmse_db,
                  res.n0[0] / 1e-4, res.n0[1] / 1e-4);
    assert_true(nmse_db < -40.0);

    /* measured SINR of the unbiased symbols vs the reported one, 20 dB */
    assert_int_equal(link_run(&k, 1, 1e-2, 0, &uci_ok, &res), 1);
    double mean_db, mis = sinr_mismatch_db(&k, &mean_db);
    print_message("EPA5 1x2 20 dB: SINR %.2f dB, reported - measured %.2f dB, N0 est/true %.3f "
                  "%.3f\n", mean_db, mis, res.n0[0] / 1e-2, res.n0[1] / 1e-2);
    assert_true(mis < 1.0);
    /* at 20 dB the channel's variation over the 7-subcarrier window adds
     * little to the residual: the noise estimate stays within 15 % */
    for (int r = 0; r < 2; r++)
        assert_true(fabs(res.n0[r] / 1e-2 - 1.0) < 0.15);
    link_close(&k);
}

/* Time interpolation, closed form: a grid received through the channel
 * H(l) = 1 + 0.04 l - 0.02j l (the same on every subcarrier, noiseless) must
 * give H(3) before symbol 3, H(10) after symbol 10, and H(l) exactly in
 * between (linear between the DMRS symbols). */
static void test_time_interp(void **state)
{
    (void)state;
    lte_pusch_cfg c = cell_cfg(25, LTE_CP_NORMAL, 33, 1, 16000);
    lte_pusch *p;
    assert_int_equal(lte_pusch_create(&c, &p), 0);
    lte_pusch_grant g = grant(6, 4, 15, 10, LTE_CP_NORMAL, 8);
    int glen = lte_pusch_grid_len(p), n_sc = 300, m = 180;
    float complex *grid = malloc(sizeof(float complex) * (size_t)glen);
    uint8_t *tb = calloc((size_t)g.ul.tbs, 1), cqi[8] = {1}, ri[1] = {0}, ack[2] = {1, 1};
    assert_int_equal(lte_pusch_tx(p, &g, tb, cqi, ri, ack, grid, NULL), 0);
    for (int l = 0; l < 14; l++)
        for (int k = 0; k < n_sc; k++)
            grid[l * n_sc + k] *= 1.0f + 0.04f * l - 0.02f * I * l;
    assert_int_equal(lte_pusch_rx_load_grid(p, 0, grid), 0);
    assert_int_equal(lte_pusch_rx_chest(p, &g), 0);
    const void *v;
    int n;
    assert_int_equal(lte_pusch_stage_get(p, LTE_PUSCH_RX_CHEST, 0, &v, &n), 0);
    assert_int_equal(n, 14 * m);
    const float complex *h = v;
    for (int l = 0; l < 14; l++) {
        int lh = l < 3 ? 3 : l > 10 ? 10 : l;
        float complex want = 1.0f + 0.04f * lh - 0.02f * I * lh;
        for (int k = 0; k < m; k++)
            assert_true(cabsf(h[l * m + k] - want) < 1e-5f);
    }
    free(grid);
    free(tb);
    lte_pusch_destroy(p);
}

/* At 0 dB in AWGN (1 RX) the MMSE gain mu is far from 1: the symbols after
 * the IDFT must be unbiased (mean of x_hat conj(x) / |x|^2 = 1) and their
 * measured SINR must match the reported mu/(1-mu). */
static void test_low_snr_unbiased(void **state)
{
    (void)state;
    lte_pusch_grant g = grant(8, 0, 50, 0, LTE_CP_NORMAL, 8);
    link k;
    link_open(&k, 50, 1, &g, CH_AWGN, 4242);
    lte_pusch_rx_result res;
    int uci_ok;
    link_run(&k, 0, 1.0, 0, &uci_ok, &res);
    const void *v;
    int n, ns;
    assert_int_equal(lte_pusch_stage_get(k.p, LTE_PUSCH_RX_SYMBOLS, 0, &v, &n), 0);
    const float complex *xr = v;
    assert_int_equal(lte_pusch_stage_get(k.p, LTE_PUSCH_TX_SYMBOLS, 0, &v, &n), 0);
    const float complex *xt = v;
    assert_int_equal(lte_pusch_stage_get(k.p, LTE_PUSCH_RX_SINR, 0, &v, &ns), 0);
    const float *sinr = v;
    double complex corr = 0;
    double e = 0, rep = 0;
    for (int i = 0; i < n; i++) {
        corr += xr[i] * conjf(xt[i]);
        e += pow(cabsf(xr[i] - xt[i]), 2);
    }
    for (int j = 0; j < ns; j++)
        rep += sinr[j] / ns;
    double gain = creal(corr) / n, meas_db = 10 * log10(n / e), rep_db = 10 * log10(rep);
    print_message("0 dB AWGN: gain %.3f, SINR measured %.2f dB, reported %.2f dB\n", gain,
                  meas_db, rep_db);
    assert_true(fabs(gain - 1.0) < 0.05);
    assert_true(fabs(meas_db - rep_db) < 0.5);
    link_close(&k);
}

/* EPA5 1x2 round trips for 6/25/100 PRB and QPSK/16QAM/64QAM with UCI:
 * four subframes each, at SNRs well above the threshold of each MCS. */
static void test_epa_roundtrip(void **state)
{
    (void)state;
    static const double SNR_DB[3] = {10.0, 17.0, 25.0};
    for (int a = 0; a < 3; a++)
        for (int mi = 0; mi < 3; mi++) {
            int n_rb = PRBS[a] == 100 ? 100 : 50;
            lte_pusch_grant g = grant(5, (n_rb - PRBS[a]) / 2, PRBS[a], MCS[mi], LTE_CP_NORMAL, 20);
            link k;
            link_open(&k, n_rb, 2, &g, CH_EPA5, 900 + (uint64_t)a * 3 + (uint64_t)mi);
            for (int n = 0; n < 4; n++) {
                lte_pusch_rx_result res;
                int uci_ok;
                k.g.subframe = n * 3 % 10;
                int ok = link_run(&k, n * 40, pow(10, -SNR_DB[mi] / 10), 0, &uci_ok, &res);
                if (!ok || !uci_ok)
                    print_message("fail: %d PRB Q_m %d subframe %d: SINR %.1f dB\n", PRBS[a],
                                  QM[mi], n, res.sinr_db_mean);
                assert_int_equal(ok, 1);
                assert_int_equal(uci_ok, 1);
            }
            link_close(&k);
        }
}

/* The receiver really uses the DMRS and scrambling parameters: a wrong
 * cyclic shift field or RNTI at the receiver fails the CRC. */
static void test_mismatch_fails(void **state)
{
    (void)state;
    lte_pusch_grant g = grant(1, 0, 25, 16, LTE_CP_NORMAL, 8);
    link k;
    link_open(&k, 25, 1, &g, CH_AWGN, 42);
    lte_pusch_rx_result res;
    int uci_ok;
    assert_int_equal(link_run(&k, 0, 1e-3, 0, &uci_ok, &res), 1);
    for (int which = 0; which < 2; which++) {
        assert_int_equal(lte_pusch_tx(k.p, &g, k.tb, (uint8_t[8]){0}, (uint8_t[1]){0},
                                      (uint8_t[2]){0}, NULL, k.tx), 0);
        lte_pusch_grant bad = g;
        if (which == 0)
            bad.cs_field = (g.cs_field + 3) % 8;
        else
            bad.rnti = g.rnti + 1;
        const float complex *rx[1] = {k.tx};
        uint8_t cqi[8], ri[1], ack[2];
        lte_sch_harq_reset(k.harq);
        assert_int_equal(lte_pusch_rx(k.p, &bad, rx, k.harq, k.tbd, cqi, ri, ack, &res), 0);
        assert_int_equal(res.ul.data.crc_ok, 0);
    }
    link_close(&k);
}

/* The HARQ case of the tests below, on a link opened here (left open): in
 * AWGN at 15 dB the first transmission (rv 0) of a 64QAM block over 25 PRBs
 * fails and its combination with the retransmission (rv 2) decodes. */
static void harq_15db(link *k)
{
    lte_pusch_grant g = grant(4, 0, 25, 28, LTE_CP_NORMAL, 8);
    link_open(k, 25, 1, &g, CH_AWGN, 77);
    lte_pusch_rx_result res;
    int uci_ok;
    double n0 = pow(10, -15.0 / 10);
    assert_int_equal(link_run(k, 0, n0, 0, &uci_ok, &res), 0);
    k->g.ul.rv = 2;
    assert_int_equal(link_run(k, 1, n0, 1, &uci_ok, &res), 1);
}

/* HARQ: in AWGN at an SNR where the first transmission (rv 0) of a 64QAM
 * block fails, soft combining with the retransmission (rv 2) succeeds. */
static void test_harq(void **state)
{
    (void)state;
    link k;
    harq_15db(&k);
    link_close(&k);
}

/* The 8-bit fixed-point UL-SCH decoder (lte_pusch_cfg.decoder = FX8):
 * at high SNR (30 dB, MCS 28, 1 and 2 RX) every subframe's data and UCI come
 * back with one turbo iteration (CRC early stopping); at 15 dB the rv 0
 * transmission fails and the HARQ combination with rv 2 decodes, as with
 * the float decoder in test_harq (the same seed and channel). */
static void test_fx8_decoder(void **state)
{
    (void)state;
    link_decoder = LTE_SCH_DEC_FX8;
    for (int n_rx = 1; n_rx <= 2; n_rx++) {
        lte_pusch_grant g = grant(4, 0, 25, 28, LTE_CP_NORMAL, 8);
        link k;
        link_open(&k, 25, n_rx, &g, CH_AWGN, 5 + (uint64_t)n_rx);
        lte_pusch_rx_result res;
        for (int n = 0; n < 3; n++) {
            int uci_ok;
            assert_int_equal(link_run(&k, n, 1e-3, 0, &uci_ok, &res), 1);
            assert_true(uci_ok);
            assert_int_equal(res.ul.data.iterations_max, 1);
        }
        link_close(&k);
    }
    link k;
    harq_15db(&k);
    link_close(&k);
    link_decoder = LTE_SCH_DEC_FLOAT;
}

/* lte_pusch_cfg.release_ok reaches the UL-SCH decoder: the same 15 dB HARQ
 * case as above (rv 0 fails, rv 2 combined with it decodes: the failed
 * first transmission must have been kept), then, the TB having decoded, a
 * third transmission of it at an SNR where it cannot decode alone: with the
 * option it is decoded alone (released buffer) and fails, without it the
 * buffer still holds both and it decodes. A bad value is refused. */
static void test_release_ok(void **state)
{
    (void)state;
    link_decoder = LTE_SCH_DEC_FX8;
    for (int rel = 0; rel <= 1; rel++) {
        link_release = rel;
        link k;
        harq_15db(&k);
        lte_pusch_rx_result res;
        int uci_ok;
        k.g.ul.rv = 3;
        assert_int_equal(link_run(&k, 2, pow(10, -8.0 / 10), 1, &uci_ok, &res), rel ? 0 : 1);
        link_close(&k);
    }
    link_release = 0;
    link_decoder = LTE_SCH_DEC_FLOAT;
    lte_pusch *p;
    lte_pusch_cfg c = cell_cfg(25, LTE_CP_NORMAL, 1, 1, 5000);
    c.release_ok = 2;
    assert_int_equal(lte_pusch_create(&c, &p), LTE_EINVAL);
}

/* Every SIMD path's receiver stages (estimates, equalised and IDFT'd
 * symbols, SINRs, LLRs) equal the scalar path's bit for bit: 2 antennas, an
 * allocation of 15 PRBs (180 subcarriers: vector tails), both CPs, noise;
 * then 9 PRBs with type 1 frequency hopping (per-slot estimates); then
 * 256QAM (the 8-bit demapper) on the 15 PRBs, extended CP. */
static void test_simd_paths_identical(void **state)
{
    (void)state;
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    static const lte_pusch_stage st[6] = {LTE_PUSCH_RX_CHEST,   LTE_PUSCH_RX_CHEST,
                                          LTE_PUSCH_RX_EQUALIZED, LTE_PUSCH_RX_SYMBOLS,
                                          LTE_PUSCH_RX_SINR,    LTE_PUSCH_RX_LLR};
    for (int cp = 0; cp < 4; cp++) {
        lte_pusch_grant g = grant(2, cp != 2 ? 3 : 1, cp != 2 ? 15 : 9, cp == 3 ? -26 : 16,
                                  (lte_cp)(cp & 1), 4);
        if (cp == 2)
            g.hop = tu_hopping(0, 1, 2, LTE_PUSCH_HOP_INTRA_INTER_SF, 0);
        lte_pusch_cfg c = cell_cfg(25, (lte_cp)(cp & 1), 150, 2, g.ul.tbs);
        lte_pusch *p = NULL;
        assert_int_equal(lte_pusch_create(&c, &p), 0);
        int slen = lte_pusch_subframe_len(p);
        float complex *x[2];
        uint8_t *tb = malloc((size_t)g.ul.tbs), cqi[4] = {1, 0, 1, 1}, ri[1] = {1}, ack[2] = {0, 1};
        lte_rng rng;
        lte_rng_seed(&rng, 31 + (uint64_t)cp);
        lte_rng_bits(&rng, tb, g.ul.tbs);
        for (int r = 0; r < 2; r++)
            x[r] = malloc(sizeof(float complex) * (size_t)slen);
        assert_int_equal(lte_pusch_tx(p, &g, tb, cqi, ri, ack, NULL, x[0]), 0);
        memcpy(x[1], x[0], sizeof(float complex) * (size_t)slen);
        for (int r = 0; r < 2; r++)
            assert_int_equal(lte_awgn_add(&rng, x[r], slen, 0.02), 0);
        lte_pusch_destroy(p);
        void *ref[6] = {0};
        size_t len[6] = {0};
        for (int pi = 0; pi < np; pi++) {
            c.simd = paths[pi];
            assert_int_equal(lte_pusch_create(&c, &p), 0);
            for (int r = 0; r < 2; r++)
                assert_int_equal(lte_pusch_rx_demod(p, r, x[r]), 0);
            assert_int_equal(lte_pusch_rx_chest(p, &g), 0);
            assert_int_equal(lte_pusch_rx_equalize(p, &g), 0);
            assert_int_equal(lte_pusch_rx_idft(p, &g), 0);
            assert_int_equal(lte_pusch_rx_demap(p, &g), 0);
            for (int i = 0; i < 6; i++) {
                const void *v;
                int n;
                assert_int_equal(lte_pusch_stage_get(p, st[i], i == 1, &v, &n), 0);
                size_t bytes = (size_t)n * (i >= 4 ? sizeof(float) : sizeof(float complex));
                if (pi == 0) {
                    ref[i] = malloc(bytes);
                    memcpy(ref[i], v, bytes);
                    len[i] = bytes;
                } else {
                    assert_int_equal(bytes, len[i]);
                    assert_memory_equal(v, ref[i], bytes);
                }
            }
            lte_pusch_destroy(p);
        }
        for (int i = 0; i < 6; i++)
            free(ref[i]);
        for (int r = 0; r < 2; r++)
            free(x[r]);
        free(tb);
    }
}

/* lte_pusch_rx demaps and descrambles in one pass (lte_demap_maxlog_words
 * with the placeholders fixed after): its soft values equal, bit for bit,
 * those of the stages lte_pusch_rx_demap and lte_pusch_rx_descramble on a
 * second object, on every path, for QPSK .. 256QAM, allocations of 1 .. 25
 * PRBs (the per-symbol offsets j 12 M Q_m then start anywhere in a 64-bit
 * word of the sequence), both CPs, an SRS symbol, with HARQ-ACK/RI
 * placeholders (1 and 2 bits) and without UCI; the TB decodes. */
static void test_fused_demap_descramble(void **state)
{
    (void)state;
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    static const struct {
        int n_prb, i_mcs, cp, o_ack, o_ri, n_srs;
    } cs[] = {{1, 5, 0, 2, 1, 0},  {3, 14, 1, 1, 1, 0}, {5, 21, 0, 0, 0, 1},
              {9, -20, 0, 2, 2, 0}, {15, 3, 1, 2, 0, 1}, {25, 24, 0, 1, 2, 0},
              {2, -30, 1, 0, 0, 0}};
    for (size_t k = 0; k < sizeof cs / sizeof cs[0]; k++)
        for (int pi = 0; pi < np; pi++) {
            lte_cp cp = (lte_cp)cs[k].cp;
            lte_pusch_grant g = grant(4, 0, cs[k].n_prb, cs[k].i_mcs, cp, 0);
            g.ul.o_ack = cs[k].o_ack;
            g.ul.o_ri = cs[k].o_ri;
            g.ul.n_srs = cs[k].n_srs;
            lte_pusch_cfg c = cell_cfg(25, cp, 77, 1, g.ul.tbs);
            c.simd = paths[pi];
            lte_pusch *a = NULL, *b = NULL;
            assert_int_equal(lte_pusch_create(&c, &a), 0);
            assert_int_equal(lte_pusch_create(&c, &b), 0);
            int slen = lte_pusch_subframe_len(a);
            float complex *x = malloc(sizeof(float complex) * (size_t)slen);
            uint8_t *tb = malloc((size_t)g.ul.tbs), *out = malloc((size_t)g.ul.tbs);
            uint8_t ri[2] = {1, 0}, ack[2] = {0, 1}, ri_o[2], ack_o[2];
            lte_rng rng;
            lte_rng_seed(&rng, 90 + k);
            lte_rng_bits(&rng, tb, g.ul.tbs);
            if (lte_pusch_tx(a, &g, tb, NULL, ri, ack, NULL, x) != 0)
                fail_msg("case %zu: %s", k, lte_errdetail());
            assert_int_equal(lte_awgn_add(&rng, x, slen, 0.001), 0);
            /* the stages */
            const float complex *xs[1] = {x};
            assert_int_equal(lte_pusch_rx_demod(b, 0, x), 0);
            assert_int_equal(lte_pusch_rx_chest(b, &g), 0);
            assert_int_equal(lte_pusch_rx_equalize(b, &g), 0);
            assert_int_equal(lte_pusch_rx_idft(b, &g), 0);
            assert_int_equal(lte_pusch_rx_demap(b, &g), 0);
            assert_int_equal(lte_pusch_rx_descramble(b, &g), 0);
            /* the whole receiver */
            lte_sch_harq *h = NULL;
            assert_int_equal(lte_sch_harq_create(g.ul.tbs, &h), 0);
            lte_pusch_rx_result res;
            assert_int_equal(lte_pusch_rx(a, &g, xs, h, out, NULL, ri_o, ack_o, &res), 0);
            const void *va, *vb;
            int na, nb;
            assert_int_equal(lte_pusch_stage_get(a, LTE_PUSCH_RX_LLR, 0, &va, &na), 0);
            assert_int_equal(lte_pusch_stage_get(b, LTE_PUSCH_RX_LLR, 0, &vb, &nb), 0);
            assert_int_equal(na, nb);
            assert_memory_equal(va, vb, sizeof(float) * (size_t)na);
            assert_int_equal(res.ul.data.crc_ok, 1);
            assert_memory_equal(out, tb, (size_t)g.ul.tbs);
            lte_sch_harq_destroy(h);
            free(x);
            free(tb);
            free(out);
            lte_pusch_destroy(a);
            lte_pusch_destroy(b);
        }
}

/* fft_flags = LTE_FFT_MEASURE (a 6-PRB uplink: few plans to time): the
 * waveform equals the ESTIMATE object's within float rounding (both are the
 * same DFTs: only FFTW's algorithm differs), its receiver's soft bits equal
 * the ESTIMATE receiver's within rounding and it decodes; flags other than
 * MEASURE / PATIENT are refused. */
static void test_fft_measure(void **state)
{
    (void)state;
    lte_pusch_grant g = grant(2, 0, 6, 20, LTE_CP_NORMAL, 8);
    lte_pusch_cfg c = cell_cfg(6, LTE_CP_NORMAL, 5, 1, g.ul.tbs), cm = c;
    cm.fft_flags = LTE_FFT_MEASURE;
    lte_pusch *e = NULL, *m = NULL;
    /* the flag reaches FFTW: ESTIMATE objects leave the process's wisdom
     * empty, a MEASURE object fills it with the plans it timed */
    lte_fft_wisdom_forget();
    assert_int_equal(lte_pusch_create(&c, &e), 0);
    char *w0 = lte_fft_wisdom_export_string();
    assert_int_equal(lte_pusch_create(&cm, &m), 0);
    char *w1 = lte_fft_wisdom_export_string();
    assert_non_null(w0);
    assert_non_null(w1);
    assert_true(strlen(w1) > strlen(w0) + 100);
    free(w0);
    free(w1);
    int slen = lte_pusch_subframe_len(e);
    float complex *xe = malloc(sizeof *xe * (size_t)slen), *xm = malloc(sizeof *xm * (size_t)slen);
    uint8_t *tb = malloc((size_t)g.ul.tbs), *out = malloc((size_t)g.ul.tbs);
    uint8_t cqi[8] = {1, 0, 1, 1, 0, 0, 1, 0}, ri[1] = {1}, ack[2] = {1, 0};
    uint8_t cqi_o[8], ri_o[1], ack_o[2];
    lte_rng rng;
    lte_rng_seed(&rng, 4242);
    lte_rng_bits(&rng, tb, g.ul.tbs);
    assert_int_equal(lte_pusch_tx(e, &g, tb, cqi, ri, ack, NULL, xe), 0);
    assert_int_equal(lte_pusch_tx(m, &g, tb, cqi, ri, ack, NULL, xm), 0);
    double pe = 0, d = 0;
    for (int i = 0; i < slen; i++) {
        pe += crealf(xe[i] * conjf(xe[i]));
        d += crealf((xe[i] - xm[i]) * conjf(xe[i] - xm[i]));
    }
    assert_true(pe > 0 && d <= 1e-10 * pe);
    assert_int_equal(lte_awgn_add(&rng, xe, slen, 0.01), 0);
    const float complex *xs[1] = {xe};
    lte_sch_harq *h = NULL;
    assert_int_equal(lte_sch_harq_create(g.ul.tbs, &h), 0);
    lte_pusch_rx_result res;
    assert_int_equal(lte_pusch_rx(e, &g, xs, h, out, cqi_o, ri_o, ack_o, &res), 0);
    assert_int_equal(res.ul.data.crc_ok, 1);
    lte_sch_harq_reset(h);
    memset(out, 0, (size_t)g.ul.tbs);
    assert_int_equal(lte_pusch_rx(m, &g, xs, h, out, cqi_o, ri_o, ack_o, &res), 0);
    assert_int_equal(res.ul.data.crc_ok, 1);
    assert_memory_equal(out, tb, (size_t)g.ul.tbs);
    assert_memory_equal(ack_o, ack, 2);
    assert_memory_equal(cqi_o, cqi, 8);
    const void *ve, *vm;
    int ne, nm;
    assert_int_equal(lte_pusch_stage_get(e, LTE_PUSCH_RX_LLR, 0, &ve, &ne), 0);
    assert_int_equal(lte_pusch_stage_get(m, LTE_PUSCH_RX_LLR, 0, &vm, &nm), 0);
    assert_int_equal(ne, nm);
    const float *le = ve, *lm = vm;
    float amax = 0, dmax = 0;
    for (int i = 0; i < ne; i++) {
        amax = fmaxf(amax, fabsf(le[i]));
        dmax = fmaxf(dmax, fabsf(le[i] - lm[i]));
    }
    assert_true(amax > 1 && dmax <= 1e-4f * amax);
    lte_pusch *bad = (lte_pusch *)xe;
    c.fft_flags = LTE_FFT_UNALIGNED;
    assert_int_equal(lte_pusch_create(&c, &bad), LTE_EINVAL);
    assert_null(bad);
    assert_non_null(strstr(lte_errdetail(), "fft_flags"));
    lte_sch_harq_destroy(h);
    lte_pusch_destroy(e);
    lte_pusch_destroy(m);
    free(xe);
    free(xm);
    free(tb);
    free(out);
}

/* ---- frequency hopping (36.211 §5.3.4, 36.213 §8.4) ------------------------------ */

/* The grid of a hopping transmission is the grid of the same transmission
 * without hopping at PRB 0, each slot's symbols moved to the PRBs
 * lte_pusch_hop_prb gives (data and DMRS alike), zero elsewhere. */
static void check_hop_grid(int n_rb_ul, lte_cp cp, int n_srs, int sf, int rb_start, int n_prb,
                           const lte_pusch_hopping *h)
{
    lte_pusch_cfg c = cell_cfg(n_rb_ul, cp, 211, 0, max_tbs(n_prb));
    lte_pusch *p;
    assert_int_equal(lte_pusch_create(&c, &p), 0);
    lte_pusch_grant g = grant(sf, rb_start, n_prb, 16, cp, 8), flat = g;
    g.ul.n_srs = flat.ul.n_srs = n_srs;
    g.hop = *h;
    flat.prb_start = 0;
    int prb[2], glen = lte_pusch_grid_len(p), n_sc = 12 * n_rb_ul, m = 12 * n_prb;
    int nsymb = cp == LTE_CP_NORMAL ? 7 : 6;
    assert_int_equal(lte_pusch_hop_prb(n_rb_ul, 211, h, rb_start, n_prb, sf, prb), 0);
    float complex *gh = malloc(sizeof(float complex) * (size_t)glen);
    float complex *gf = malloc(sizeof(float complex) * (size_t)glen);
    uint8_t *tb = calloc((size_t)g.ul.tbs, 1), cqi[8] = {1, 1}, ri[1] = {1}, ack[2] = {0, 1};
    for (int i = 0; i < g.ul.tbs; i++)
        tb[i] = (uint8_t)(i * 7 % 3 == 1);
    assert_int_equal(lte_pusch_tx(p, &g, tb, cqi, ri, ack, gh, NULL), 0);
    assert_int_equal(lte_pusch_tx(p, &flat, tb, cqi, ri, ack, gf, NULL), 0);
    int nonzero = 0;
    for (int l = 0; l < 2 * nsymb; l++) {
        int k0 = 12 * prb[l / nsymb];
        for (int k = 0; k < n_sc; k++) {
            float complex want = k >= k0 && k < k0 + m ? gf[l * n_sc + k - k0] : 0.0f;
            assert_true(gh[l * n_sc + k] == want);
            nonzero += want != 0.0f;
        }
    }
    assert_int_equal(nonzero, (2 * nsymb - n_srs) * m);
    free(gh);
    free(gf);
    free(tb);
    lte_pusch_destroy(p);
}

static void test_hop_grid(void **state)
{
    (void)state;
    const lte_pusch_hop_mode II = LTE_PUSCH_HOP_INTRA_INTER_SF, IS = LTE_PUSCH_HOP_INTER_SF;
    lte_pusch_hopping h = tu_hopping(1, 1, 4, II, 0); /* type 1, -N/4 */
    check_hop_grid(50, LTE_CP_NORMAL, 0, 3, 2, 9, &h);
    h = tu_hopping(3, 3, 6, II, 0); /* type 2, 3 sub-bands of 14 PRBs */
    for (int sf = 0; sf < 10; sf += 3)
        check_hop_grid(50, LTE_CP_NORMAL, 1, sf, 3 + 14, 6, &h);
    h = tu_hopping(1, 1, 2, II, 0); /* type 2, N_sb = 1: mirrored slot 1 */
    check_hop_grid(25, LTE_CP_EXTENDED, 0, 7, 4, 5, &h);
    h = tu_hopping(3, 4, 0, IS, 3); /* inter-subframe: both slots move together */
    check_hop_grid(100, LTE_CP_NORMAL, 0, 8, 27, 20, &h);
}

/* Receiver stages 3..7 after lte_pusch_rx_chest; returns the data CRC. */
static int rx_after_chest(lte_pusch *p, const lte_pusch_grant *g, lte_sch_harq *harq,
                          uint8_t *tb, uint8_t *ack)
{
    uint8_t cqi[64], ri[2];
    lte_pusch_rx_result res;
    assert_int_equal(lte_pusch_rx_equalize(p, g), 0);
    assert_int_equal(lte_pusch_rx_idft(p, g), 0);
    assert_int_equal(lte_pusch_rx_demap(p, g), 0);
    assert_int_equal(lte_pusch_rx_descramble(p, g), 0);
    assert_int_equal(lte_pusch_rx_decode(p, g, harq, tb, cqi, ri, ack, &res), 0);
    return res.ul.data.crc_ok;
}

/* Per-slot channel estimation: slot 0 through the constant channel a, slot
 * 1 through b (noiseless, hopping to other PRBs): the estimate must be a in
 * every symbol of slot 0 and b in every symbol of slot 1 (interpolating
 * between the DMRS symbols would mix them), and the block decodes. With the
 * receiver told that hopping is off, the CRC fails. */
static void test_hop_per_slot_chest(void **state)
{
    (void)state;
    lte_pusch_cfg c = cell_cfg(50, LTE_CP_NORMAL, 33, 1, 16000);
    lte_pusch *p;
    assert_int_equal(lte_pusch_create(&c, &p), 0);
    lte_pusch_grant g = grant(6, 4, 10, 16, LTE_CP_NORMAL, 8);
    g.hop = tu_hopping(2, 1, 4, LTE_PUSCH_HOP_INTRA_INTER_SF, 0); /* type 1, +N/2 */
    int prb[2];
    assert_int_equal(lte_pusch_hop_prb(50, 33, &g.hop, 4, 10, 6, prb), 0);
    assert_true(prb[0] != prb[1]);
    int glen = lte_pusch_grid_len(p), n_sc = 600, m = 120;
    float complex *grid = malloc(sizeof(float complex) * (size_t)glen);
    uint8_t *tb = malloc((size_t)g.ul.tbs), *tbd = malloc((size_t)g.ul.tbs);
    uint8_t cqi[8] = {1}, ri[1] = {0}, ack[2] = {1, 1}, ackd[2];
    for (int i = 0; i < g.ul.tbs; i++)
        tb[i] = (uint8_t)(i % 5 == 2);
    assert_int_equal(lte_pusch_tx(p, &g, tb, cqi, ri, ack, grid, NULL), 0);
    const float complex a = 0.8f + 0.3f * I, b = -0.5f + 0.9f * I;
    for (int l = 0; l < 14; l++)
        for (int k = 0; k < n_sc; k++)
            grid[l * n_sc + k] *= l < 7 ? a : b;
    assert_int_equal(lte_pusch_rx_load_grid(p, 0, grid), 0);
    assert_int_equal(lte_pusch_rx_chest(p, &g), 0);
    const void *v;
    int n;
    assert_int_equal(lte_pusch_stage_get(p, LTE_PUSCH_RX_CHEST, 0, &v, &n), 0);
    assert_int_equal(n, 14 * m);
    const float complex *h = v;
    for (int l = 0; l < 14; l++)
        for (int k = 0; k < m; k++)
            assert_true(cabsf(h[l * m + k] - (l < 7 ? a : b)) < 1e-5f);
    lte_sch_harq *harq;
    assert_int_equal(lte_sch_harq_create(c.tbs_max, &harq), 0);
    assert_int_equal(rx_after_chest(p, &g, harq, tbd, ackd), 1);
    assert_memory_equal(tb, tbd, (size_t)g.ul.tbs);
    assert_memory_equal(ack, ackd, 2);
    /* the same grid read as a grant without hopping at RB_START + Ñ/2 */
    lte_pusch_grant off = g;
    off.hop.enabled = 0;
    off.prb_start = prb[0];
    lte_sch_harq_reset(harq);
    assert_int_equal(lte_pusch_rx_load_grid(p, 0, grid), 0);
    assert_int_equal(lte_pusch_rx_chest(p, &off), 0);
    assert_int_equal(rx_after_chest(p, &off, harq, tbd, ackd), 0);
    lte_sch_harq_destroy(harq);
    free(grid);
    free(tb);
    free(tbd);
    lte_pusch_destroy(p);
}

/* Round trips with hopping on, type 1 and type 2, both hopping modes:
 * AWGN 1 RX at 10 dB (16QAM; the SINR the receiver reports, with its
 * per-slot estimation error, against the SINR measured on the symbols:
 * within 1 dB, as the noise estimate from the DMRS of 8-16 PRBs is itself
 * off by up to about 0.4 dB) and
 * EPA5 1x2 at 17 dB (16QAM, as test_epa_roundtrip), several subframes with
 * CURRENT_TX_NB counting. */
static void test_hop_roundtrip(void **state)
{
    (void)state;
    const lte_pusch_hop_mode II = LTE_PUSCH_HOP_INTRA_INTER_SF, IS = LTE_PUSCH_HOP_INTER_SF;
    struct {
        int n_rb_ul, rb_start, n_prb;
        lte_pusch_hopping h;
    } cases[4] = {
        {50, 12, 10, tu_hopping(1, 1, 4, II, 0)}, /* type 1, -N/4 */
        {25, 2, 8, tu_hopping(0, 1, 2, IS, 0)},   /* type 1, +N/2, inter-subframe */
        {50, 26, 9, tu_hopping(3, 2, 6, II, 0)},  /* type 2, sub-bands 3..24, 25..46 */
        {100, 40, 16, tu_hopping(3, 1, 8, IS, 0)}, /* type 2, N_sb = 1, inter-subframe */
    };
    for (int ci = 0; ci < 4; ci++)
        for (int ch = 0; ch < 2; ch++) {
            lte_pusch_grant g = grant(0, cases[ci].rb_start, cases[ci].n_prb, 16, LTE_CP_NORMAL,
                                      20);
            g.hop = cases[ci].h;
            link k;
            int n_rx = ch ? 2 : 1;
            link_open(&k, cases[ci].n_rb_ul, n_rx, &g, ch ? CH_EPA5 : CH_AWGN,
                      700 + (uint64_t)ci * 2 + (uint64_t)ch);
            int moved = 0;
            for (int n = 0; n < 4; n++) {
                lte_pusch_rx_result res;
                int uci_ok, prb[2];
                k.g.subframe = (3 * n + ci) % 10;
                k.g.hop.current_tx_nb = n;
                assert_int_equal(lte_pusch_hop_prb(cases[ci].n_rb_ul, 150, &k.g.hop, g.prb_start,
                                                   g.ul.n_prb, k.g.subframe, prb), 0);
                moved += prb[0] != prb[1] || prb[0] != g.prb_start;
                int ok = link_run(&k, n * 40, pow(10, ch ? -1.7 : -1.0), 0, &uci_ok, &res);
                if (!ok || !uci_ok)
                    print_message("hopping case %d %s subframe %d PRBs %d/%d: SINR %.1f dB\n",
                                  ci, ch ? "EPA5" : "AWGN", k.g.subframe, prb[0], prb[1],
                                  res.sinr_db_mean);
                assert_int_equal(ok, 1);
                assert_int_equal(uci_ok, 1);
                if (!ch) {
                    double mean_db, mis = sinr_mismatch_db(&k, &mean_db);
                    assert_true(mis < 1.0);
                }
            }
            assert_true(moved > 0);
            link_close(&k);
        }
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_pusch *p;
    lte_pusch_cfg c = cell_cfg(25, LTE_CP_NORMAL, 1, 1, 5000);
    assert_int_equal(lte_pusch_create(NULL, &p), LTE_EINVAL);
    c.n_rb_ul = 5;
    assert_int_equal(lte_pusch_create(&c, &p), LTE_EINVAL);
    c.n_rb_ul = 25;
    c.n_rx = 5;
    assert_int_equal(lte_pusch_create(&c, &p), LTE_EINVAL);
    c.n_rx = 1;
    c.freq_halfwin = 6;
    assert_int_equal(lte_pusch_create(&c, &p), LTE_EINVAL);
    c.freq_halfwin = 0;
    c.decoder = 12;
    assert_int_equal(lte_pusch_create(&c, &p), LTE_EINVAL);
    c.decoder = LTE_SCH_DEC_FLOAT;
    assert_int_equal(lte_pusch_create(&c, &p), 0);
    lte_pusch_grant g = grant(0, 0, 6, 5, LTE_CP_NORMAL, 8);
    uint8_t tb[2000] = {0}, cqi[8] = {0}, ri[1] = {0}, ack[2] = {0};
    float complex *grid = malloc(sizeof(float complex) * (size_t)lte_pusch_grid_len(p));
    lte_pusch_grant b = g;
    b.ul.n_prb = 7; /* not 2^a 3^b 5^c */
    assert_int_equal(lte_pusch_tx(p, &b, tb, cqi, ri, ack, grid, NULL), LTE_EINVAL);
    b = g;
    b.prb_start = 20; /* 20..25 beyond 25 PRBs */
    assert_int_equal(lte_pusch_tx(p, &b, tb, cqi, ri, ack, grid, NULL), LTE_EINVAL);
    b = g;
    b.ul.cp_extended = 1;
    assert_int_equal(lte_pusch_tx(p, &b, tb, cqi, ri, ack, grid, NULL), LTE_EINVAL);
    b = g;
    b.cs_field = 8;
    assert_int_equal(lte_pusch_tx(p, &b, tb, cqi, ri, ack, grid, NULL), LTE_EINVAL);
    /* receiver stages out of order */
    assert_int_equal(lte_pusch_rx_chest(p, &g), LTE_EINVAL); /* no grid loaded */
    assert_int_equal(lte_pusch_rx_equalize(p, &g), LTE_EINVAL);
    assert_int_equal(lte_pusch_rx_load_grid(p, 1, grid), LTE_EINVAL); /* antenna 1 of 1 */
    assert_int_equal(lte_pusch_tx(p, &g, tb, cqi, ri, ack, grid, NULL), 0);
    assert_int_equal(lte_pusch_rx_load_grid(p, 0, grid), 0);
    assert_int_equal(lte_pusch_rx_chest(p, &g), 0);
    assert_int_equal(lte_pusch_rx_demap(p, &g), LTE_EINVAL); /* equalize, idft first */
    free(grid);
    lte_pusch_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tx_structure),   cmocka_unit_test(test_ideal),
        cmocka_unit_test(test_awgn_estimates), cmocka_unit_test(test_epa_estimates),
        cmocka_unit_test(test_epa_roundtrip),  cmocka_unit_test(test_mismatch_fails),
        cmocka_unit_test(test_harq),           cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_simd_paths_identical),
        cmocka_unit_test(test_fused_demap_descramble),
        cmocka_unit_test(test_fx8_decoder),
        cmocka_unit_test(test_release_ok),
        cmocka_unit_test(test_fft_measure),
        cmocka_unit_test(test_time_interp),    cmocka_unit_test(test_low_snr_unbiased),
        cmocka_unit_test(test_hop_grid),       cmocka_unit_test(test_hop_per_slot_chest),
        cmocka_unit_test(test_hop_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
