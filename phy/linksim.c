/* Link-level PDSCH simulation: transmitter, channel, noise, receiver and
 * HARQ for one transport block at a time (see ltephy/linksim.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/chest.h"
#include "ltephy/dlphy.h"
#include "ltephy/linksim.h"
#include "ltephy/ofdm.h"
#include "ltephy/rng.h"
#include "ltephy/tables.h"

#define MAX_PAIRS (LTE_MAX_PORTS * LTE_CHEST_MAX_RX)

struct lte_linksim {
    lte_linksim_cfg cfg;
    lte_linksim_info info;
    lte_pdsch_alloc alloc;
    int P, R, n_sc, n_symb, n_re, sf_len, n_fft, win;
    double fs;
    lte_ofdm_info oi;
    /* subframes of a frame that carry PDSCH here ('D') */
    uint8_t is_dl[LTE_NSUBFRAMES];
    int dl_sf[LTE_NSUBFRAMES];
    /* the chain */
    lte_dl_tx *tx;
    lte_channel *chan;      /* NULL for AWGN */
    lte_ofdm *ofdm;         /* demodulator */
    lte_chest *chest;       /* NULL with perfect channel knowledge */
    lte_pdsch *pdsch;       /* receiver side */
    lte_dlrx *rx;
    lte_sch_harq *harq[2];
    /* buffers */
    uint8_t *tb[2], *tb_dec[2];
    float complex *xt[LTE_MAX_PORTS]; /* transmitted samples per port */
    float complex *yt[LTE_CHEST_MAX_RX]; /* received samples per antenna */
    float complex *Y[LTE_CHEST_MAX_RX];  /* demodulated grids */
    float complex *H[MAX_PAIRS];         /* channel the receiver uses, [r * P + p] */
    /* perfect channel: e^{-j 2 pi f_k tau} per tap, tap gains */
    int n_taps;
    float complex *ftab;  /* [n_taps][n_sc] */
    float complex *gains; /* [n_taps * P * R] */
    float complex awgn_h[MAX_PAIRS];
    float n0_used;
};

static const int rv_seq[LTE_LINKSIM_MAX_HARQ] = {0, 2, 3, 1};

int lte_linksim_cfg_init(lte_linksim_cfg *cfg)
{
    LTE_CHECK_ARG(cfg != NULL, "cfg is NULL");
    memset(cfg, 0, sizeof *cfg);
    lte_cell_cfg_init(&cfg->cell);
    cfg->cell.n_rb = 50;
    cfg->cell.n_ports = 1;
    cfg->tm = 1;
    cfg->n_rx = 1;
    cfg->mcs = 13;
    cfg->rnti = 0x1234;
    cfg->channel = LTE_LINKSIM_AWGN;
    cfg->corr = LTE_CORR_LOW;
    cfg->harq_max = 4;
    cfg->seed = 1;
    return 0;
}

void lte_linksim_destroy(lte_linksim *ls)
{
    if (!ls)
        return;
    lte_dl_tx_destroy(ls->tx);
    lte_channel_destroy(ls->chan);
    lte_ofdm_destroy(ls->ofdm);
    lte_chest_destroy(ls->chest);
    lte_pdsch_destroy(ls->pdsch);
    lte_dlrx_destroy(ls->rx);
    for (int q = 0; q < 2; q++) {
        lte_sch_harq_destroy(ls->harq[q]);
        lte_free(ls->tb[q]);
        lte_free(ls->tb_dec[q]);
    }
    for (int i = 0; i < LTE_MAX_PORTS; i++)
        lte_free(ls->xt[i]);
    for (int i = 0; i < LTE_CHEST_MAX_RX; i++) {
        lte_free(ls->yt[i]);
        lte_free(ls->Y[i]);
    }
    for (int i = 0; i < MAX_PAIRS; i++)
        lte_free(ls->H[i]);
    lte_free(ls->ftab);
    lte_free(ls->gains);
    lte_free(ls);
}

/* The scheme of a transmission mode (36.213 §7.1, Table 7.1-5 ff.). */
static int mimo_of(const lte_linksim_cfg *c, lte_mimo_cfg *m)
{
    int P = c->cell.n_ports, v = c->n_layers;
    switch (c->tm) {
    case 1:
        *m = (lte_mimo_cfg){LTE_TX_SINGLE_PORT, P, 1, 1, 0};
        break;
    case 2:
        *m = (lte_mimo_cfg){LTE_TX_DIVERSITY, P, P, 1, 0};
        break;
    case 3:
        if (v == 0)
            v = 2;
        /* rank 1 in TM3 is transmit diversity (36.213 §7.1.3) */
        *m = v == 1 ? (lte_mimo_cfg){LTE_TX_DIVERSITY, P, P, 1, 0}
                    : (lte_mimo_cfg){LTE_TX_LARGE_CDD, P, v, 2, 0};
        break;
    case 4:
        if (v == 0)
            v = 1;
        *m = (lte_mimo_cfg){LTE_TX_SPATIAL_MUX, P, v, v > 1 ? 2 : 1, c->codebook};
        break;
    default:
        return lte_error_set_fn(LTE_EINVAL, __func__, "tm = %d: must be 1..4", c->tm);
    }
    int rc = lte_mimo_validate(m);
    if (rc < 0)
        return lte_error_set_fn(rc, __func__,
                                "TM%d with %d ports and %d layers is not a valid scheme (%s)",
                                c->tm, P, m->n_layers, lte_errdetail());
    return 0;
}

static int check_cfg(const lte_linksim_cfg *c)
{
    int rc = lte_cell_validate(&c->cell);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(c->n_rx == 1 || c->n_rx == 2 || c->n_rx == 4, "n_rx = %d: must be 1, 2 or 4",
                  c->n_rx);
    LTE_CHECK_ARG(c->mcs >= 0 && c->mcs <= 28, "mcs = %d: must be 0..28 (Table 7.1.7.1-1)",
                  c->mcs);
    LTE_CHECK_ARG(c->n_prb >= 0 && c->n_prb <= c->cell.n_rb, "n_prb = %d: must be 0..%d",
                  c->n_prb, c->cell.n_rb);
    LTE_CHECK_ARG(c->harq_max >= 1 && c->harq_max <= LTE_LINKSIM_MAX_HARQ,
                  "harq_max = %d: must be 1..%d", c->harq_max, LTE_LINKSIM_MAX_HARQ);
    LTE_CHECK_ARG(c->channel >= LTE_LINKSIM_AWGN && c->channel <= LTE_LINKSIM_ETU300,
                  "channel = %d is not a lte_linksim_chan", (int)c->channel);
    LTE_CHECK_ARG(c->corr >= LTE_CORR_LOW && c->corr <= LTE_CORR_HIGH,
                  "corr = %d is not a lte_channel_corr", (int)c->corr);
    LTE_CHECK_ARG(c->rnti >= 1, "rnti = 0 is not a C-RNTI");
    LTE_CHECK_ARG(c->chest_freq == LTE_CHEST_FREQ_LINEAR || c->chest_freq == LTE_CHEST_FREQ_WIENER,
                  "chest_freq = %d is not a lte_chest_freq", (int)c->chest_freq);
    LTE_CHECK_ARG(c->chest_time == LTE_CHEST_TIME_LINEAR || c->chest_time == LTE_CHEST_TIME_AVERAGE,
                  "chest_time = %d is not a lte_chest_time", (int)c->chest_time);
    return 0;
}

/* Allocation, MCS -> modulation and TBS (36.213 §7.1.7). */
static int setup_alloc(lte_linksim *ls)
{
    const lte_linksim_cfg *c = &ls->cfg;
    lte_pdsch_cfg *pc = &ls->alloc.cfg;
    memset(pc, 0, sizeof *pc);
    int rc = mimo_of(c, &pc->mimo);
    if (rc < 0)
        return rc;
    pc->rnti = c->rnti;
    int n_prb = c->n_prb ? c->n_prb : c->cell.n_rb;
    for (int i = 0; i < n_prb; i++)
        pc->prb_mask[i] = 1;
    int q_m, i_tbs;
    if ((rc = lte_mcs_lookup(LTE_MCS_PDSCH_64QAM, c->mcs, &q_m, &i_tbs)) < 0)
        return rc;
    ls->info.n_cw = pc->mimo.n_cw;
    for (int q = 0; q < pc->mimo.n_cw; q++) {
        int v = pc->mimo.scheme == LTE_TX_DIVERSITY ? 1 : lte_pdsch_cw_layers(&pc->mimo, q);
        if ((rc = lte_tbs_layers(i_tbs, n_prb, v, &pc->tbs[q])) < 0)
            return rc;
        pc->mod[q] = (lte_mod)q_m;
        ls->info.tbs[q] = pc->tbs[q];
        ls->info.q_m[q] = q_m;
    }
    return 0;
}

static void setup_time_line(lte_linksim *ls)
{
    ls->info.dl_per_frame = 0;
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++) {
        ls->is_dl[sf] = lte_cell_subframe_type(&ls->cfg.cell, sf) == LTE_SF_DL;
        if (ls->is_dl[sf])
            ls->dl_sf[ls->info.dl_per_frame++] = sf;
    }
    ls->info.max_mbps =
        (double)(ls->info.tbs[0] + ls->info.tbs[1]) * ls->info.dl_per_frame / 1e4;
}

static const struct {
    lte_channel_model model;
    double fd;
} chan_tab[] = {{LTE_CHANNEL_FLAT, 0},  {LTE_CHANNEL_EPA, 5},  {LTE_CHANNEL_EVA, 5},
                {LTE_CHANNEL_EVA, 70}, {LTE_CHANNEL_ETU, 70}, {LTE_CHANNEL_ETU, 300}};

/* Fading channel and the per-tap phase ramps of the perfect channel. */
static int setup_channel(lte_linksim *ls)
{
    int N = LTE_MAX(ls->R, ls->P);
    for (int r = 0; r < ls->R; r++)
        for (int p = 0; p < ls->P; p++)
            ls->awgn_h[r * ls->P + p] = cexpf(-2.0f * (float)M_PI * I * (float)(r * p) / (float)N);
    if (ls->cfg.channel == LTE_LINKSIM_AWGN)
        return 0;
    lte_rng r;
    lte_rng_seed_stream(&r, ls->cfg.seed, 1ULL << 62);
    lte_channel_cfg cc = {.model = chan_tab[ls->cfg.channel].model,
                          .doppler_hz = chan_tab[ls->cfg.channel].fd,
                          .fs_hz = ls->fs,
                          .n_tx = ls->P,
                          .n_rx = ls->R,
                          .corr = ls->cfg.corr,
                          .seed = lte_rng_u64(&r)};
    int rc = lte_channel_create(&cc, &ls->chan);
    double delays[LTE_CHANNEL_MAX_TAPS];
    if (rc < 0 || (rc = lte_channel_taps(ls->chan, &ls->n_taps, delays, NULL)) < 0)
        return rc;
    ls->ftab = lte_alloc(sizeof(float complex) * (size_t)ls->n_taps * (size_t)ls->n_sc);
    ls->gains = lte_alloc(sizeof(float complex) * (size_t)ls->n_taps * MAX_PAIRS);
    if (!ls->ftab || !ls->gains)
        return lte_error_set(LTE_ENOMEM, "lte_linksim_create: out of memory");
    /* grid index k -> FFT bin (ofdm.h: DC skipped in the DL) */
    for (int t = 0; t < ls->n_taps; t++)
        for (int k = 0; k < ls->n_sc; k++) {
            int bin = k < ls->n_sc / 2 ? k - ls->n_sc / 2 : k - ls->n_sc / 2 + 1;
            double ph = -2.0 * M_PI * 15000.0 * bin * delays[t];
            ls->ftab[(size_t)t * ls->n_sc + k] = (float)cos(ph) + I * (float)sin(ph);
        }
    return 0;
}

static int setup_chain(lte_linksim *ls)
{
    const lte_linksim_cfg *c = &ls->cfg;
    lte_dl_tx_cfg tc;
    lte_dl_tx_cfg_init(&tc);
    tc.cell = c->cell;
    tc.sch.tbs_max = LTE_MAX(ls->info.tbs[0], ls->info.tbs[1]);
    tc.sch.k_mimo = c->tm >= 3 ? 2 : 1;
    tc.sch.threads = 1; /* parallelism is across transport blocks */
    int rc = lte_dl_tx_create(&tc, &ls->tx);
    if (rc < 0 || (rc = lte_pdsch_create(&c->cell, &tc.sch, &ls->pdsch)) < 0 ||
        (rc = lte_dlrx_create(&c->cell, ls->R, &ls->rx)) < 0)
        return rc;
    for (int q = 0; q < 2; q++)
        if ((rc = lte_sch_harq_create(tc.sch.tbs_max, &ls->harq[q])) < 0)
            return rc;
    /* Fading channels smear each tap over the interpolation filter's
     * half-length (its precursor reaches into the previous symbol's end):
     * start the FFT window that much inside the CP, but use at most a
     * quarter of the CP so the delay spread keeps most of it. */
    int cp_min = lte_cell_cp_len(&c->cell, 1);
    ls->win = c->channel == LTE_LINKSIM_AWGN ? 0 : LTE_MIN(LTE_CHANNEL_INTERP_LEN / 2, cp_min / 4);
    lte_ofdm_cfg oc = {.n_rb = c->cell.n_rb, .cp = c->cell.cp, .mode = LTE_OFDM_DL,
                       .window_offset = ls->win, .norm = LTE_OFDM_NORM_UNITARY};
    if ((rc = lte_ofdm_create(&oc, &ls->ofdm)) < 0 || (rc = lte_ofdm_get_info(ls->ofdm, &ls->oi)) < 0)
        return rc;
    if (c->chest_estimated) {
        static const double rms_delay_s[] = {10e-9, 43e-9, 357e-9, 357e-9, 991e-9, 991e-9};
        lte_chest_cfg ec;
        lte_chest_cfg_init(&ec, &c->cell);
        ec.n_rx = ls->R;
        ec.freq = c->chest_freq;
        ec.time = c->chest_time;
        ec.delay_spread_s = rms_delay_s[c->channel];
        if ((rc = lte_chest_create(&ec, &ls->chest)) < 0)
            return rc;
    }
    return 0;
}

static int setup_buffers(lte_linksim *ls)
{
    size_t tb_max = (size_t)LTE_MAX(ls->info.tbs[0], ls->info.tbs[1]);
    int ok = 1;
    for (int q = 0; q < 2; q++) {
        ls->tb[q] = lte_alloc(tb_max);
        ls->tb_dec[q] = lte_alloc(tb_max);
        ok = ok && ls->tb[q] && ls->tb_dec[q];
    }
    size_t ns = sizeof(float complex) * (size_t)ls->sf_len, ng = sizeof(float complex) * (size_t)ls->n_re;
    for (int p = 0; p < ls->P; p++)
        ok = ok && (ls->xt[p] = lte_alloc(ns));
    for (int r = 0; r < ls->R; r++) {
        ok = ok && (ls->yt[r] = lte_alloc(ns)) && (ls->Y[r] = lte_alloc(ng));
        for (int p = 0; p < ls->P; p++)
            ok = ok && (ls->H[r * ls->P + p] = lte_alloc(ng));
    }
    return ok ? 0 : lte_error_set(LTE_ENOMEM, "lte_linksim_create: out of memory");
}

int lte_linksim_create(const lte_linksim_cfg *cfg, lte_linksim **out)
{
    LTE_CHECK_ARG(cfg != NULL && out != NULL, "cfg or out is NULL");
    *out = NULL;
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    lte_linksim *ls = lte_alloc(sizeof *ls);
    if (!ls)
        return lte_error_set(LTE_ENOMEM, "lte_linksim_create: out of memory");
    ls->cfg = *cfg;
    ls->P = cfg->cell.n_ports;
    ls->R = cfg->n_rx;
    ls->n_sc = lte_cell_n_sc(&cfg->cell);
    ls->n_symb = lte_cell_symb_per_subframe(&cfg->cell);
    ls->n_re = ls->n_sc * ls->n_symb;
    ls->sf_len = lte_cell_subframe_samples(&cfg->cell);
    ls->n_fft = lte_cell_fft_size(&cfg->cell);
    ls->fs = lte_cell_sample_rate(&cfg->cell);
    if ((rc = setup_alloc(ls)) < 0)
        goto fail;
    setup_time_line(ls);
    if (ls->info.dl_per_frame == 0) {
        rc = lte_error_set(LTE_EINVAL, "lte_linksim_create: no downlink subframe");
        goto fail;
    }
    if ((rc = setup_chain(ls)) < 0 || (rc = setup_channel(ls)) < 0 ||
        (rc = setup_buffers(ls)) < 0)
        goto fail;
    ls->alloc.tb[0] = ls->tb[0];
    ls->alloc.tb[1] = ls->tb[1];
    *out = ls;
    return 0;
fail:
    lte_linksim_destroy(ls);
    return rc;
}

int lte_linksim_info_get(const lte_linksim *ls, lte_linksim_info *info)
{
    LTE_CHECK_ARG(ls != NULL && info != NULL, "ls or info is NULL");
    *info = ls->info;
    return 0;
}

int64_t lte_linksim_subframe(const lte_linksim *ls, int64_t tb_index, int j)
{
    if (!ls || tb_index < 0 || j < 0 || j >= LTE_LINKSIM_MAX_HARQ)
        return lte_error_set(LTE_EINVAL, "lte_linksim_subframe: bad argument");
    int n = ls->info.dl_per_frame;
    int64_t abs = tb_index / n * LTE_NSUBFRAMES + ls->dl_sf[tb_index % n];
    for (int t = 0; t < j; t++) {
        abs += 8; /* HARQ round trip */
        while (!ls->is_dl[abs % LTE_NSUBFRAMES])
            abs++;
    }
    return abs;
}

/* ---- one subframe ------------------------------------------------------------ */

/* Perfect channel of every (r, p) at the FFT-window centre of each symbol. */
static int fading_channel(lte_linksim *ls, int64_t abs_sf, float complex *const *h)
{
    const int P = ls->P, R = ls->R, n_sc = ls->n_sc, pairs = P * R;
    int64_t t0 = abs_sf * ls->sf_len;
    for (int l = 0; l < ls->n_symb; l++) {
        double ts = (double)(t0 + ls->oi.sym_start[l] + ls->oi.cp_len[l] - ls->win + ls->n_fft / 2);
        int rc = lte_channel_gains(ls->chan, ts / ls->fs, ls->gains);
        if (rc < 0)
            return rc;
        for (int r = 0; r < R; r++)
            for (int p = 0; p < P; p++) {
                float complex *o = h[r * P + p] + (size_t)l * n_sc;
                memset(o, 0, sizeof(float complex) * (size_t)n_sc);
                for (int t = 0; t < ls->n_taps; t++) {
                    float complex g = ls->gains[(size_t)t * pairs + p * R + r];
                    const float complex *f = ls->ftab + (size_t)t * n_sc;
                    for (int k = 0; k < n_sc; k++)
                        o[k] += g * f[k];
                }
            }
    }
    return 0;
}

int lte_linksim_true_channel(lte_linksim *ls, int64_t abs_sf, float complex *const *h)
{
    LTE_CHECK_ARG(ls != NULL && h != NULL && abs_sf >= 0, "bad argument");
    if (ls->chan)
        return fading_channel(ls, abs_sf, h);
    for (int i = 0; i < ls->P * ls->R; i++)
        for (int e = 0; e < ls->n_re; e++)
            h[i][e] = ls->awgn_h[i];
    return 0;
}

/* Transmit, propagate, add noise, demodulate, know or estimate the channel. */
static int front_end(lte_linksim *ls, int64_t abs_sf, double snr_db, uint64_t noise_stream)
{
    int rc;
    int sf = (int)(abs_sf % LTE_NSUBFRAMES);
    lte_dl_sf s = {.subframe = sf, .sfn = (int)(abs_sf / LTE_NSUBFRAMES % 1024),
                   .pdsch = &ls->alloc, .n_pdsch = 1};
    if ((rc = lte_dl_tx_run(ls->tx, &s, ls->xt)) < 0)
        return rc;
    if (ls->chan) {
        rc = lte_channel_run(ls->chan, (const float complex *const *)ls->xt, ls->sf_len,
                             abs_sf * ls->sf_len, ls->yt);
        if (rc < 0)
            return rc;
    } else {
        for (int r = 0; r < ls->R; r++)
            for (int i = 0; i < ls->sf_len; i++) {
                float complex acc = 0;
                for (int p = 0; p < ls->P; p++)
                    acc += ls->awgn_h[r * ls->P + p] * ls->xt[p][i];
                ls->yt[r][i] = acc;
            }
    }
    double n0 = isinf(snr_db) && snr_db > 0 ? 0.0 : pow(10.0, -snr_db / 10.0);
    if (n0 > 0) {
        lte_rng rng;
        lte_rng_seed_stream(&rng, ls->cfg.seed, noise_stream);
        for (int r = 0; r < ls->R; r++)
            lte_rng_add_gauss(&rng, (float *)ls->yt[r], 2 * ls->sf_len, (float)sqrt(n0 / 2));
    }
    for (int r = 0; r < ls->R; r++)
        if ((rc = lte_ofdm_demod_subframe(ls->ofdm, ls->yt[r], ls->Y[r])) < 0)
            return rc;
    if (ls->chest)
        return lte_chest_estimate(ls->chest, sf, (const float complex *const *)ls->Y, ls->H,
                                  &ls->n0_used);
    ls->n0_used = (float)n0;
    return lte_linksim_true_channel(ls, abs_sf, ls->H);
}

int lte_linksim_run_tb(lte_linksim *ls, double snr_db, int64_t tb_index, lte_linksim_result *res)
{
    LTE_CHECK_ARG(ls != NULL && res != NULL, "ls or res is NULL");
    LTE_CHECK_ARG(tb_index >= 0 && tb_index < (INT64_C(1) << 58), "tb_index = %lld out of range",
                  (long long)tb_index);
    LTE_CHECK_ARG(!isnan(snr_db) && snr_db != -INFINITY, "snr_db = %g is not usable", snr_db);
    lte_pdsch_cfg *pc = &ls->alloc.cfg;
    const int ncw = pc->mimo.n_cw;
    memset(res, 0, sizeof *res);
    res->n_cw = ncw;
    lte_rng rng;
    lte_rng_seed_stream(&rng, ls->cfg.seed, 8 * (uint64_t)tb_index);
    res->acked_at[0] = res->acked_at[1] = -1;
    for (int q = 0; q < ncw; q++) {
        lte_rng_bits(&rng, ls->tb[q], pc->tbs[q]);
        lte_sch_harq_reset(ls->harq[q]);
    }
    for (int j = 0; j < ls->cfg.harq_max; j++) {
        int64_t abs_sf = lte_linksim_subframe(ls, tb_index, j);
        pc->rv[0] = pc->rv[1] = rv_seq[j];
        int rc = front_end(ls, abs_sf, snr_db, 8 * (uint64_t)tb_index + 1 + (uint64_t)j);
        if (rc < 0)
            return rc;
        lte_dl_rxin in = {.n_rx = ls->R, .n_ports = ls->P,
                          .y = (const float complex *const *)ls->Y,
                          .h = (const float complex *const *)ls->H,
                          .n0 = ls->n0_used, .eq = LTE_EQ_MMSE};
        lte_sch_result sr[2];
        rc = lte_pdsch_decode(ls->pdsch, ls->rx, lte_dl_tx_grid(ls->tx), pc, &in, ls->harq,
                              ls->tb_dec, sr);
        if (rc < 0 && rc != LTE_ECRC)
            return rc;
        res->n_tx = j + 1;
        int done = 1;
        for (int q = 0; q < ncw; q++) {
            /* ACK = the CRC checks and the bits are the ones sent (a CRC
             * that passes on wrong bits would otherwise count as delivered) */
            if (res->acked_at[q] < 0 && sr[q].crc_ok &&
                memcmp(ls->tb[q], ls->tb_dec[q], (size_t)pc->tbs[q]) == 0) {
                res->acked_at[q] = j;
                res->bits += pc->tbs[q];
            }
            done = done && res->acked_at[q] >= 0;
        }
        if (done)
            break;
    }
    lte_error_clear();
    return 0;
}

const float complex *lte_linksim_rx_grid(const lte_linksim *ls, int r)
{
    return ls && r >= 0 && r < ls->R ? ls->Y[r] : NULL;
}

const float complex *lte_linksim_rx_channel(const lte_linksim *ls, int r, int p)
{
    return ls && r >= 0 && r < ls->R && p >= 0 && p < ls->P ? ls->H[r * ls->P + p] : NULL;
}

float lte_linksim_rx_n0(const lte_linksim *ls) { return ls ? ls->n0_used : 0.0f; }

const lte_grid *lte_linksim_tx_grid(const lte_linksim *ls)
{
    return ls ? lte_dl_tx_grid(ls->tx) : NULL;
}
