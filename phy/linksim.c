/* Link-level PDSCH and PUSCH simulation: transmitter, channel, noise,
 * receiver and HARQ for one transport block at a time (see ltephy/linksim.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/chest.h"
#include "ltephy/csi.h"
#include "ltephy/dlphy.h"
#include "ltephy/linksim.h"
#include "ltephy/modulation.h"
#include "ltephy/ofdm.h"
#include "ltephy/pusch.h"
#include "ltephy/rng.h"
#include "ltephy/scrambling.h"
#include "ltephy/tdd_timing.h"
#include "ltephy/tables.h"
#include "ltephy/transform_precoding.h"
#include "ltephy/ulrs.h"
#include "ltephy/ulsch.h"

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
    int rv[LTE_LINKSIM_MAX_HARQ]; /* redundancy version of each transmission */
    /* PUSCH */
    int ul;                     /* cfg.link == LTE_LINKSIM_PUSCH */
    lte_pusch *pusch;           /* transmitter and the estimating receiver */
    lte_pusch_grant grant;
    lte_ulsch *ulsch;           /* perfect-knowledge receiver: descrambling, decoding */
    lte_tprec *tp;
    float complex *ul_grid;     /* transmitted grid */
    float complex *ul_z, *ul_x; /* equalised (n_symb x M_sc), after the IDFT */
    float *ul_llr;
    float ul_n0sym[LTE_MAX_SYMB_SF];
    /* closed-loop TM4: the report of the last measured subframe (a cache:
     * the report is a function of the subframe and the SNR only) */
    int64_t pmi_m;
    double pmi_snr;
    int pmi_cb;
    /* CQI feedback: the MI tables, the report cache (as for the PMI), the
     * efficiency of every I_MCS on the allocation for 1 and 2 layers */
    lte_csi_mi *mi;
    int64_t cqi_m;
    double cqi_snr;
    int cqi_val[2];
    double mcs_eff[2][29];
};

static const int rv_default[LTE_LINKSIM_MAX_HARQ] = {0, 2, 3, 1};

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
    cfg->pmi_delay = 8;
    cfg->cqi_delay = 8;
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
    lte_pusch_destroy(ls->pusch);
    lte_ulsch_destroy(ls->ulsch);
    lte_tprec_destroy(ls->tp);
    lte_free(ls->ul_grid);
    lte_free(ls->ul_z);
    lte_free(ls->ul_x);
    lte_free(ls->ul_llr);
    lte_free(ls->mi);
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
    LTE_CHECK_ARG(c->tbs > 0 || c->use_itbs || (c->mcs >= 0 && c->mcs <= 28),
                  "mcs = %d: must be 0..28 (Table 7.1.7.1-1 / 8.6.1-1)", c->mcs);
    LTE_CHECK_ARG(!c->use_itbs || (c->link == LTE_LINKSIM_PUSCH && c->tbs == 0),
                  "use_itbs: a TBS index instead of the MCS is a PUSCH setting, without tbs");
    LTE_CHECK_ARG(!c->use_itbs || ((c->i_tbs >= 0 && c->i_tbs < LTE_TBS_NUM_ITBS) ||
                                   c->i_tbs == LTE_ITBS_32A),
                  "i_tbs = %d: must be 0..%d or LTE_ITBS_32A", c->i_tbs, LTE_TBS_NUM_ITBS - 1);
    LTE_CHECK_ARG(!c->use_itbs || c->q_m == 2 || c->q_m == 4 || c->q_m == 6 || c->q_m == 8,
                  "q_m = %d: a TBS index needs q_m 2, 4, 6 or 8", c->q_m);
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
    LTE_CHECK_ARG(c->chest_adapt == 0 ||
                      (c->chest_adapt == 1 && c->chest_freq == LTE_CHEST_FREQ_WIENER),
                  "chest_adapt = %d: must be 0, or 1 with chest_freq Wiener", c->chest_adapt);
    LTE_CHECK_ARG(c->link == LTE_LINKSIM_PDSCH || c->link == LTE_LINKSIM_PUSCH,
                  "link = %d is not a lte_linksim_link", (int)c->link);
    LTE_CHECK_ARG(c->tbs >= 0 && c->tbs <= LTE_SCH_TBS_MAX && c->tbs_sf0 >= 0 &&
                      c->tbs_sf0 <= LTE_SCH_TBS_MAX,
                  "tbs = %d, tbs_sf0 = %d: must be 0..%d", c->tbs, c->tbs_sf0, LTE_SCH_TBS_MAX);
    LTE_CHECK_ARG(c->tbs == 0 || c->q_m == 2 || c->q_m == 4 || c->q_m == 6 || c->q_m == 8,
                  "q_m = %d: a given tbs needs q_m 2, 4, 6 or 8", c->q_m);
    LTE_CHECK_ARG(c->tbs_sf0 == 0 || c->tbs > 0, "tbs_sf0 needs tbs");
    for (int j = 0; c->rv_seq_set && j < LTE_LINKSIM_MAX_HARQ; j++)
        LTE_CHECK_ARG(c->rv_seq[j] >= 0 && c->rv_seq[j] <= 3, "rv_seq[%d] = %d: must be 0..3", j,
                      c->rv_seq[j]);
    LTE_CHECK_ARG(c->sf_skip < (1u << LTE_NSUBFRAMES), "sf_skip = %#x: subframes are 0..9",
                  c->sf_skip);
    LTE_CHECK_ARG(c->frame_stride >= 0 && c->frame_stride <= 1000,
                  "frame_stride = %d: must be 0..1000", c->frame_stride);
    LTE_CHECK_ARG(c->ul_freq_halfwin >= 0 && c->ul_freq_halfwin <= 5,
                  "ul_freq_halfwin = %d: must be 0 (default) .. 5", c->ul_freq_halfwin);
    LTE_CHECK_ARG(!c->ul_hop.enabled || c->link == LTE_LINKSIM_PUSCH,
                  "ul_hop: frequency hopping is a PUSCH setting");
    LTE_CHECK_ARG(c->pmi_feedback == 0 || c->pmi_feedback == 1,
                  "pmi_feedback = %d: must be 0 (fixed codebook) or 1 (closed loop)",
                  c->pmi_feedback);
    LTE_CHECK_ARG(!c->pmi_feedback || (c->link == LTE_LINKSIM_PDSCH && c->tm == 4),
                  "pmi_feedback: closed-loop PMI is a PDSCH TM4 setting (tm = %d)", c->tm);
    LTE_CHECK_ARG(c->pmi_delay >= 0 && c->pmi_delay <= 1000, "pmi_delay = %d: must be 0..1000",
                  c->pmi_delay);
    LTE_CHECK_ARG(c->cqi_feedback == 0 || c->cqi_feedback == 1,
                  "cqi_feedback = %d: must be 0 (fixed MCS) or 1 (link adaptation)",
                  c->cqi_feedback);
    LTE_CHECK_ARG(!c->cqi_feedback ||
                      (c->link == LTE_LINKSIM_PDSCH &&
                       (c->tm == 1 || c->tm == 2 || (c->tm == 4 && c->pmi_feedback))),
                  "cqi_feedback: link adaptation is a PDSCH setting for TM1, TM2 and TM4 with "
                  "pmi_feedback (tm = %d)", c->tm);
    LTE_CHECK_ARG(!c->cqi_feedback || (c->tbs == 0 && !c->use_itbs),
                  "cqi_feedback chooses the MCS: no tbs");
    LTE_CHECK_ARG(!c->cqi_feedback || (c->cqi_delay >= 4 && c->cqi_delay <= 1000),
                  "cqi_delay = %d: must be 4..1000 (36.213 7.2.3: the reference resource is at "
                  "least 4 subframes before the report)", c->cqi_delay);
    if (c->link == LTE_LINKSIM_PUSCH) {
        LTE_CHECK_ARG(c->cell.n_rb >= 6, "n_rb = %d: the PUSCH needs 6..%d", c->cell.n_rb,
                      LTE_MAX_RB);
        LTE_CHECK_ARG(c->prb_start >= 0 && c->prb_start + LTE_MAX(c->n_prb, 1) <= c->cell.n_rb,
                      "PRBs %d..%d outside the %d uplink PRBs", c->prb_start,
                      c->prb_start + LTE_MAX(c->n_prb, 1) - 1, c->cell.n_rb);
        LTE_CHECK_ARG(c->n_prb == 0 || lte_tprec_valid_mrb(c->n_prb),
                      "n_prb = %d: a PUSCH allocation is 2^a 3^b 5^c PRBs (36.211 5.3.3)",
                      c->n_prb);
    } else {
        LTE_CHECK_ARG(c->prb_start == 0, "prb_start = %d: the PDSCH allocation starts at PRB 0",
                      c->prb_start);
    }
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
    ls->info.n_prb = n_prb;
    for (int i = 0; i < n_prb; i++)
        pc->prb_mask[i] = 1;
    int q_m = c->q_m, i_tbs = 0;
    if (!c->tbs && (rc = lte_mcs_lookup(LTE_MCS_PDSCH_64QAM, c->mcs, &q_m, &i_tbs)) < 0)
        return rc;
    ls->info.n_cw = pc->mimo.n_cw;
    for (int q = 0; q < pc->mimo.n_cw; q++) {
        int v = pc->mimo.scheme == LTE_TX_DIVERSITY ? 1 : lte_pdsch_cw_layers(&pc->mimo, q);
        if (c->tbs)
            pc->tbs[q] = c->tbs;
        else if ((rc = lte_tbs_layers(i_tbs, n_prb, v, &pc->tbs[q])) < 0)
            return rc;
        pc->mod[q] = (lte_mod)q_m;
        ls->info.tbs[q] = pc->tbs[q];
        ls->info.q_m[q] = q_m;
    }
    return 0;
}

/* PUSCH: one layer, M_RB PRBs from prb_start, MCS of Table 8.6.1-1, or the
 * given TBS / Q_m, or Q_m with a TBS index. */
static int setup_alloc_ul(lte_linksim *ls)
{
    const lte_linksim_cfg *c = &ls->cfg;
    int m_rb = c->n_prb;
    if (!m_rb)
        for (m_rb = c->cell.n_rb - c->prb_start; !lte_tprec_valid_mrb(m_rb); m_rb--)
            ;
    int q_m = c->q_m, i_tbs = 0, tbs = c->tbs, rc;
    if (!c->tbs && c->use_itbs) {
        if ((rc = lte_tbs_ext(c->i_tbs, m_rb, &tbs)) < 0)
            return rc;
    } else if (!c->tbs) {
        if ((rc = lte_mcs_lookup(LTE_MCS_PUSCH, c->mcs, &q_m, &i_tbs)) < 0 ||
            (rc = lte_tbs(i_tbs, m_rb, &tbs)) < 0)
            return rc;
    }
    lte_pusch_grant *g = &ls->grant;
    memset(g, 0, sizeof *g);
    g->rnti = c->rnti;
    g->prb_start = c->prb_start;
    g->ul.n_prb = m_rb;
    g->hop = c->ul_hop;
    g->hop.tdd = c->cell.duplex == LTE_TDD;
    if (g->hop.enabled) { /* refuse grants that cannot hop here, with pusch.h's reason */
        int prb[2];
        for (int sf = 0; sf < LTE_NSUBFRAMES; sf++)
            if ((rc = lte_pusch_hop_prb(c->cell.n_rb, c->cell.cell_id, &g->hop, c->prb_start,
                                        m_rb, sf, prb)) < 0)
                return rc;
    }
    g->ul.cp_extended = c->cell.cp == LTE_CP_EXTENDED;
    g->ul.q_m = q_m;
    g->ul.tbs = tbs;
    lte_ulsch_sizes sz;
    if ((rc = lte_ulsch_sizes_get(&g->ul, &sz)) < 0)
        return rc;
    ls->info.n_cw = 1;
    ls->info.n_prb = m_rb;
    ls->info.prb_start = c->prb_start;
    ls->info.tbs[0] = tbs;
    ls->info.q_m[0] = q_m;
    return 0;
}

static int scheduled(const lte_linksim *ls, int sf)
{
    if ((ls->cfg.sf_skip >> sf) & 1)
        return 0;
    if (!ls->ul)
        return lte_cell_subframe_type(&ls->cfg.cell, sf) == LTE_SF_DL;
    return ls->cfg.cell.duplex == LTE_FDD || lte_cell_subframe_type(&ls->cfg.cell, sf) == LTE_SF_UL;
}

static void setup_time_line(lte_linksim *ls)
{
    ls->info.dl_per_frame = 0;
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++) {
        ls->is_dl[sf] = (uint8_t)scheduled(ls, sf);
        if (ls->is_dl[sf])
            ls->dl_sf[ls->info.dl_per_frame++] = sf;
    }
    /* the TBS of every scheduled subframe of a frame, per 10 ms */
    double bits = 0;
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++)
        if (ls->is_dl[sf])
            bits += sf == 0 && ls->cfg.tbs_sf0 ? ls->cfg.tbs_sf0 : ls->info.tbs[0] + ls->info.tbs[1];
    ls->info.max_mbps = bits / 1e4;
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
    /* grid index k -> subcarrier frequency (ofdm.h: DC skipped in the DL,
     * half-subcarrier shift in the UL) */
    for (int t = 0; t < ls->n_taps; t++)
        for (int k = 0; k < ls->n_sc; k++) {
            double bin = ls->ul ? k - ls->n_sc / 2 + 0.5
                                : (k < ls->n_sc / 2 ? k - ls->n_sc / 2 : k - ls->n_sc / 2 + 1);
            double ph = -2.0 * M_PI * 15000.0 * bin * delays[t];
            ls->ftab[(size_t)t * ls->n_sc + k] = (float)cos(ph) + I * (float)sin(ph);
        }
    return 0;
}

/* Largest transport block of the configuration. */
static int tb_cap(const lte_linksim *ls)
{
    if (ls->cfg.cqi_feedback && !ls->ul) {
        /* any MCS: I_TBS 26 (I_MCS 28) on the allocation, 2 layers at most */
        int t = 0;
        lte_tbs_layers(26, ls->info.n_prb, ls->info.n_cw > 1 || ls->cfg.n_layers > 1 ? 2 : 1, &t);
        return LTE_MAX(t, 16);
    }
    return LTE_MAX(LTE_MAX(ls->info.tbs[0], ls->info.tbs[1]), LTE_MAX(ls->cfg.tbs_sf0, 16));
}

/* FFT window start inside the CP (see setup_chain). */
static int window_offset(const lte_linksim_cfg *c)
{
    int cp_min = lte_cell_cp_len(&c->cell, 1);
    return c->channel == LTE_LINKSIM_AWGN ? 0 : LTE_MIN(LTE_CHANNEL_INTERP_LEN / 2, cp_min / 4);
}

/* PUSCH: transmitter and estimating receiver (pusch.h), the SC-FDMA
 * demodulator, and the perfect-knowledge receiver's pieces. */
static int setup_chain_ul(lte_linksim *ls)
{
    const lte_linksim_cfg *c = &ls->cfg;
    ls->win = window_offset(c);
    lte_pusch_cfg pc = {.n_rb_ul = c->cell.n_rb, .cp = c->cell.cp, .cell_id = c->cell.cell_id,
                        .window_offset = ls->win, .n_rx = ls->R,
                        .tbs_max = LTE_MAX(ls->info.tbs[0], 16), .threads = 1,
                        .freq_halfwin = c->ul_freq_halfwin};
    int rc = lte_pusch_create(&pc, &ls->pusch);
    if (rc < 0)
        return rc;
    lte_ofdm_cfg oc = {.n_rb = c->cell.n_rb, .cp = c->cell.cp, .mode = LTE_OFDM_UL_SCFDMA,
                       .window_offset = ls->win, .norm = LTE_OFDM_NORM_UNITARY};
    if ((rc = lte_ofdm_create(&oc, &ls->ofdm)) < 0 || (rc = lte_ofdm_get_info(ls->ofdm, &ls->oi)) < 0)
        return rc;
    /* the perfect-knowledge receiver decodes with the settings of pusch.c */
    lte_sch_cfg sc = {.uplink = 1, .tbs_max = pc.tbs_max, .alg = LTE_TURBO_MAX_LOG_MAP,
                      .ext_scale = 0.75f, .max_iter = 8, .threads = 1};
    if ((rc = lte_ulsch_create(&sc, &ls->ulsch)) < 0 || (rc = lte_tprec_create(0, &ls->tp)) < 0 ||
        (rc = lte_sch_harq_create(pc.tbs_max, &ls->harq[0])) < 0)
        return rc;
    size_t data = (size_t)ls->n_sc * LTE_MAX_SYMB_SF;
    ls->ul_grid = lte_alloc(sizeof(float complex) * (size_t)ls->n_re);
    ls->ul_z = lte_alloc(sizeof(float complex) * data);
    ls->ul_x = lte_alloc(sizeof(float complex) * data);
    ls->ul_llr = lte_alloc(sizeof(float) * data * 8);
    if (!ls->ul_grid || !ls->ul_z || !ls->ul_x || !ls->ul_llr)
        return lte_error_set(LTE_ENOMEM, "lte_linksim_create: out of memory");
    return 0;
}

static int setup_chain(lte_linksim *ls)
{
    const lte_linksim_cfg *c = &ls->cfg;
    if (ls->ul)
        return setup_chain_ul(ls);
    lte_dl_tx_cfg tc;
    lte_dl_tx_cfg_init(&tc);
    tc.cell = c->cell;
    tc.sch.tbs_max = tb_cap(ls);
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
    ls->win = window_offset(c);
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
        ec.adapt = c->chest_adapt;
        if ((rc = lte_chest_create(&ec, &ls->chest)) < 0)
            return rc;
    }
    return 0;
}

static int setup_buffers(lte_linksim *ls)
{
    size_t tb_max = (size_t)tb_cap(ls);
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

/* CQI feedback: the MI tables and the efficiency of every I_MCS on the
 * allocation (Q_m x effective code rate in the CSI reference resource). */
static int setup_la(lte_linksim *ls)
{
    if (!ls->cfg.cqi_feedback)
        return 0;
    ls->mi = lte_alloc(sizeof *ls->mi);
    if (!ls->mi)
        return lte_error_set(LTE_ENOMEM, "lte_linksim_create: out of memory");
    lte_csi_mi_init(ls->mi);
    for (int v = 1; v <= 2; v++)
        for (int m = 0; m <= 28; m++) {
            int q_m, i_tbs, tbs, rc;
            if ((rc = lte_mcs_lookup(LTE_MCS_PDSCH_64QAM, m, &q_m, &i_tbs)) < 0 ||
                (rc = lte_tbs_layers(i_tbs, ls->info.n_prb, v, &tbs)) < 0)
                return rc;
            ls->mcs_eff[v - 1][m] = q_m * lte_cqi_rate(tbs, ls->info.n_prb, ls->P,
                                                       ls->cfg.cell.cp == LTE_CP_EXTENDED, v, q_m);
        }
    return 0;
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
    ls->pmi_m = -1;
    ls->cqi_m = -1;
    for (int j = 0; j < LTE_LINKSIM_MAX_HARQ; j++)
        ls->rv[j] = cfg->rv_seq_set ? cfg->rv_seq[j] : rv_default[j];
    ls->ul = cfg->link == LTE_LINKSIM_PUSCH;
    if (ls->ul) { /* one UE antenna, one layer */
        ls->cfg.cell.n_ports = 1;
        ls->cfg.tm = 1;
        ls->cfg.n_layers = 0;
    }
    ls->P = ls->cfg.cell.n_ports;
    ls->R = cfg->n_rx;
    ls->n_sc = lte_cell_n_sc(&cfg->cell);
    ls->n_symb = lte_cell_symb_per_subframe(&cfg->cell);
    ls->n_re = ls->n_sc * ls->n_symb;
    ls->sf_len = lte_cell_subframe_samples(&cfg->cell);
    ls->n_fft = lte_cell_fft_size(&cfg->cell);
    ls->fs = lte_cell_sample_rate(&cfg->cell);
    if ((rc = ls->ul ? setup_alloc_ul(ls) : setup_alloc(ls)) < 0)
        goto fail;
    setup_time_line(ls);
    if (ls->info.dl_per_frame == 0) {
        rc = lte_error_set(LTE_EINVAL, "lte_linksim_create: no %s subframe is scheduled",
                           ls->ul ? "uplink" : "downlink");
        goto fail;
    }
    if ((rc = setup_chain(ls)) < 0 || (rc = setup_channel(ls)) < 0 ||
        (rc = setup_buffers(ls)) < 0 || (rc = setup_la(ls)) < 0)
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

/* The subframe of the next HARQ transmission after one in subframe abs.
 * FDD: 8 ms (36.213 §7 and §8: feedback 4 ms after the transmission, the
 * next transmission 4 ms after the feedback), then the first scheduled
 * subframe. TDD uplink (synchronous HARQ): the PHICH of PUSCH in subframe n
 * comes in n + k_PHICH (§9.1.2, Table 9.1.2-1, with I_PHICH), and a NACK
 * there triggers the retransmission k subframes later (§8.0, Table 8-2 and
 * the configuration-0 rules), which is an uplink subframe by construction.
 * TDD downlink (asynchronous HARQ): the HARQ-ACK of PDSCH in subframe n goes
 * in the uplink subframe u whose association set (§10.1.3.1, Table
 * 10.1.3.1-1) holds n; the retransmission goes in the first scheduled
 * downlink subframe at least 4 ms after u (the eNodeB processing time that
 * FDD's 8 ms round trip also assumes). */
static int64_t harq_next(const lte_linksim *ls, int64_t abs)
{
    const lte_cell_cfg *c = &ls->cfg.cell;
    int64_t next;
    if (c->duplex == LTE_FDD) {
        next = abs + 8;
    } else if (ls->ul) {
        int n = (int)(abs % LTE_NSUBFRAMES);
        int kp = lte_phich_k(c->duplex, c->tdd_config, n);
        if (kp <= 0)
            return kp < 0 ? kp : lte_error_set(LTE_EINVAL, "no PHICH timing for subframe %d", n);
        int64_t m = abs + kp;
        int k = lte_pusch_phich_k(c->duplex, c->tdd_config, (int)(m % LTE_NSUBFRAMES),
                                  lte_phich_i(c->duplex, c->tdd_config, n));
        if (k <= 0)
            return k < 0 ? k : lte_error_set(LTE_EINVAL, "no PUSCH timing after PHICH");
        return m + k;
    } else {
        int64_t u = abs + 1, found = -1;
        for (; u <= abs + 13 && found < 0; u++) {
            int kk[LTE_TDD_MAX_DL_ASSOC];
            int M = lte_harq_ack_dl_set(c->duplex, c->tdd_config, (int)(u % LTE_NSUBFRAMES), kk);
            if (M < 0)
                return M;
            for (int i = 0; i < M; i++)
                if (u - kk[i] == abs)
                    found = u;
        }
        if (found < 0)
            return lte_error_set(LTE_EINVAL, "no HARQ-ACK subframe for subframe %d",
                                 (int)(abs % LTE_NSUBFRAMES));
        next = found + 4;
    }
    while (!ls->is_dl[next % LTE_NSUBFRAMES])
        next++;
    return next;
}

int64_t lte_linksim_subframe(const lte_linksim *ls, int64_t tb_index, int j)
{
    if (!ls || tb_index < 0 || j < 0 || j >= LTE_LINKSIM_MAX_HARQ)
        return lte_error_set(LTE_EINVAL, "lte_linksim_subframe: bad argument");
    int n = ls->info.dl_per_frame;
    int64_t stride = ls->cfg.frame_stride > 1 ? ls->cfg.frame_stride : 1;
    int64_t abs = tb_index / n * stride * LTE_NSUBFRAMES + ls->dl_sf[tb_index % n];
    for (int t = 0; t < j; t++) {
        int64_t next = harq_next(ls, abs);
        if (next < 0)
            return next;
        abs = next;
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

/* Propagate the transmitted samples xt of subframe abs_sf, add noise of
 * the SNR, demodulate every receive antenna into Y; *n0 = the noise
 * variance per RE (0 without noise). */
static int propagate(lte_linksim *ls, int64_t abs_sf, double snr_db, uint64_t noise_stream,
                     double *n0_out)
{
    int rc;
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
    *n0_out = n0;
    return 0;
}

/* Transmit, propagate, add noise, demodulate, know or estimate the channel. */
static int front_end(lte_linksim *ls, int64_t abs_sf, double snr_db, uint64_t noise_stream)
{
    int rc;
    int sf = (int)(abs_sf % LTE_NSUBFRAMES);
    lte_dl_sf s = {.subframe = sf, .sfn = (int)(abs_sf / LTE_NSUBFRAMES % 1024),
                   .pdsch = &ls->alloc, .n_pdsch = 1};
    double n0;
    if ((rc = lte_dl_tx_run(ls->tx, &s, ls->xt)) < 0 ||
        (rc = propagate(ls, abs_sf, snr_db, noise_stream, &n0)) < 0)
        return rc;
    if (ls->chest)
        return lte_chest_estimate(ls->chest, sf, (const float complex *const *)ls->Y, ls->H,
                                  &ls->n0_used);
    ls->n0_used = (float)n0;
    return lte_linksim_true_channel(ls, abs_sf, ls->H);
}

/* ---- closed-loop TM4 ---------------------------------------------------------- */

/* The UE's measurement of subframe m (linksim.h): the channel it knows or
 * estimates into H, its n0, and the CSI configuration of the allocation. */
static int measure(lte_linksim *ls, int64_t m, double snr_db, float *n0_out, lte_csi_cfg *cc)
{
    const lte_linksim_cfg *c = &ls->cfg;
    int rc;
    float n0;
    if (ls->chest) {
        /* the CRS of subframe m through the channel with the measurement's
         * own noise (stream 2^63 + m: apart from every transport block's) */
        int sf = (int)(m % LTE_NSUBFRAMES);
        lte_dl_sf s = {.subframe = sf, .sfn = (int)(m / LTE_NSUBFRAMES % 1024)};
        double n0_true;
        if ((rc = lte_dl_tx_run(ls->tx, &s, ls->xt)) < 0 ||
            (rc = propagate(ls, m, snr_db, (UINT64_C(1) << 63) + (uint64_t)m, &n0_true)) < 0 ||
            (rc = lte_chest_estimate(ls->chest, sf, (const float complex *const *)ls->Y, ls->H,
                                     &n0)) < 0)
            return rc;
    } else {
        if ((rc = lte_linksim_true_channel(ls, m, ls->H)) < 0)
            return rc;
        n0 = isinf(snr_db) ? 0.0f : (float)pow(10.0, -snr_db / 10.0);
    }
    /* no noise (or an estimate of 0): the gain alone decides */
    *n0_out = isfinite(n0) && n0 > 1e-6f ? n0 : 1e-6f;
    const lte_pdsch_cfg *pc = &ls->alloc.cfg;
    lte_csi_cfg_init(cc);
    cc->n_ports = ls->P;
    cc->n_rx = ls->R;
    cc->n_rb = c->cell.n_rb;
    cc->n_symb = ls->n_symb;
    cc->n_prb = ls->info.n_prb; /* the allocation: PRBs 0 .. n_prb-1 */
    cc->rank_mask = 1u << (pc->mimo.n_layers - 1);
    return 0;
}

/* The last 'D' subframe m <= abs_sf - delay (-1 if none). */
static int64_t report_subframe(const lte_linksim *ls, int64_t abs_sf, int delay)
{
    int64_t m = abs_sf - delay;
    while (m >= 0 && lte_cell_subframe_type(&ls->cfg.cell, (int)(m % LTE_NSUBFRAMES)) != LTE_SF_DL)
        m--;
    return m;
}

/* The CQI report per codeword the eNodeB has for a first transmission in
 * absolute subframe abs_sf (linksim.h "CQI and link adaptation"). */
static int cqi_for_subframe(lte_linksim *ls, int64_t abs_sf, double snr_db, int *cqi)
{
    int64_t m = report_subframe(ls, abs_sf, ls->cfg.cqi_delay);
    if (m < 0) {
        cqi[0] = cqi[1] = 1;
        return 0;
    }
    if (m != ls->cqi_m || snr_db != ls->cqi_snr) {
        int rc;
        float n0;
        lte_csi_cfg cc;
        lte_csi_report rep;
        if ((rc = measure(ls, m, snr_db, &n0, &cc)) < 0)
            return rc;
        cc.mi = ls->mi;
        cc.cqi = ls->cfg.tm == 1 ? LTE_CSI_CQI_PORT0
                                 : ls->cfg.tm == 2 ? LTE_CSI_CQI_TXD : LTE_CSI_CQI_SM;
        if (cc.cqi != LTE_CSI_CQI_SM)
            cc.rank_mask = 1;
        if ((rc = lte_csi_select(&cc, (const float complex *const *)ls->H, n0, &rep)) < 0)
            return rc;
        ls->cqi_m = m;
        ls->cqi_snr = snr_db;
        ls->cqi_val[0] = rep.cqi[0];
        ls->cqi_val[1] = rep.n_cw > 1 ? rep.cqi[1] : rep.cqi[0];
    }
    cqi[0] = ls->cqi_val[0];
    cqi[1] = ls->cqi_val[1];
    return 0;
}

int lte_linksim_la_mcs(const lte_linksim *ls, int cqi, double olla_db, int n_layers)
{
    LTE_CHECK_ARG(ls != NULL && ls->mi != NULL, "ls is NULL or has no cqi_feedback");
    LTE_CHECK_ARG(cqi >= 0 && cqi <= LTE_CQI_MAX, "cqi = %d: must be 0..15", cqi);
    LTE_CHECK_ARG(n_layers == 1 || n_layers == 2, "n_layers = %d: must be 1 or 2", n_layers);
    LTE_CHECK_ARG(isfinite(olla_db) && fabs(olla_db) <= 30, "olla_db = %g: must be -30..30",
                  olla_db);
    lte_cqi_entry e, e1;
    double s = lte_cqi_threshold_db(LTE_MAX(cqi, 1)) + olla_db, eff;
    lte_cqi_entry_get(1, &e);
    lte_cqi_entry_get(LTE_CQI_MAX, &e1);
    if (s <= lte_cqi_threshold_db(1)) {
        eff = e.q_m * e.rate_x1024 / 1024.0;
    } else if (s >= lte_cqi_threshold_db(LTE_CQI_MAX)) {
        /* beyond CQI 15: the slope between CQI 14 and 15 (I_MCS 28 is more
         * efficient than CQI 15; a positive offset can reach it) */
        double t0 = lte_cqi_threshold_db(LTE_CQI_MAX - 1), t1 = lte_cqi_threshold_db(LTE_CQI_MAX);
        lte_cqi_entry_get(LTE_CQI_MAX - 1, &e);
        double f0 = e.q_m * e.rate_x1024 / 1024.0, f1 = e1.q_m * e1.rate_x1024 / 1024.0;
        eff = f1 + (s - t1) / (t1 - t0) * (f1 - f0);
    } else {
        int c = 1;
        while (s >= lte_cqi_threshold_db(c + 1))
            c++;
        double t0 = lte_cqi_threshold_db(c), t1 = lte_cqi_threshold_db(c + 1);
        lte_cqi_entry_get(c, &e);
        lte_cqi_entry_get(c + 1, &e1);
        double f0 = e.q_m * e.rate_x1024 / 1024.0, f1 = e1.q_m * e1.rate_x1024 / 1024.0;
        eff = f0 + (s - t0) / (t1 - t0) * (f1 - f0);
    }
    int best = 0;
    for (int m = 0; m <= 28; m++)
        if (ls->mcs_eff[n_layers - 1][m] <= eff * (1 + 1e-12))
            best = m;
    return best;
}

/* The codebook index the eNodeB uses in absolute subframe abs_sf: the UE's
 * report from the last 'D' subframe m <= abs_sf - pmi_delay (linksim.h),
 * or the fixed cfg.codebook before the first report. Uses (and leaves
 * behind) Y, H and n0_used of the measurement; the caller's front_end()
 * overwrites them. */
static int pmi_for_subframe(lte_linksim *ls, int64_t abs_sf, double snr_db, int *cb)
{
    const lte_linksim_cfg *c = &ls->cfg;
    int64_t m = report_subframe(ls, abs_sf, c->pmi_delay);
    if (m < 0) {
        *cb = c->codebook;
        return 0;
    }
    if (m == ls->pmi_m && snr_db == ls->pmi_snr) {
        *cb = ls->pmi_cb;
        return 0;
    }
    int rc;
    float n0;
    lte_csi_cfg cc;
    lte_csi_report rep;
    if ((rc = measure(ls, m, snr_db, &n0, &cc)) < 0 ||
        (rc = lte_csi_select(&cc, (const float complex *const *)ls->H, n0, &rep)) < 0)
        return rc;
    ls->pmi_m = m;
    ls->pmi_snr = snr_db;
    ls->pmi_cb = *cb = rep.codebook;
    return 0;
}

/* ---- PUSCH ------------------------------------------------------------------ */

/* Perfect-knowledge PUSCH receiver: the MMSE combining and post-IDFT SINR
 * of pusch.h (steps 3-4) with the true channel H and noise n0 (no
 * estimation error: SINR = mu / (1 - mu)), then demapping, descrambling and
 * UL-SCH decoding with HARQ combining. */
static int rx_perfect_ul(lte_linksim *ls, double n0, int *crc_ok)
{
    const lte_pusch_grant *g = &ls->grant;
    lte_ulsch_sizes sz;
    int rc = lte_ulsch_sizes_get(&g->ul, &sz);
    if (rc < 0)
        return rc;
    const int m_sc = sz.m_sc, R = ls->R;
    const int l_dmrs = lte_pusch_dmrs_symbol(ls->cfg.cell.cp), nslot = ls->n_symb / 2;
    const float w = 1.0f / (float)LTE_MAX(n0, 1e-10); /* no noise: 100 dB */
    int prb[2];
    if ((rc = lte_pusch_hop_prb(ls->cfg.cell.n_rb, ls->cfg.cell.cell_id, &g->hop, g->prb_start,
                                g->ul.n_prb, g->subframe, prb)) < 0)
        return rc;
    float mu[LTE_MAX_SYMB_SF];
    int j = 0;
    for (int l = 0; l < ls->n_symb && j < sz.n_symb; l++) {
        if (l % nslot == l_dmrs)
            continue;
        double s1 = 0;
        const int k0 = prb[l / nslot] * LTE_NSC_RB;
        float complex *z = ls->ul_z + (size_t)j * (size_t)m_sc;
        for (int k = 0; k < m_sc; k++) {
            size_t e = (size_t)l * (size_t)ls->n_sc + (size_t)(k0 + k);
            float gam = 0;
            float complex acc = 0;
            for (int r = 0; r < R; r++) {
                float complex h = ls->H[r][e];
                gam += (crealf(h) * crealf(h) + cimagf(h) * cimagf(h)) * w;
                acc += conjf(h) * ls->Y[r][e] * w;
            }
            float t = 1.0f / (1.0f + gam);
            z[k] = acc * t;
            s1 += gam * t;
        }
        mu[j] = LTE_MAX((float)(s1 / m_sc), 1e-9f);
        /* output power P = mu with exact knowledge: error power mu - mu^2 */
        float err = LTE_MAX(mu[j] - mu[j] * mu[j], 1e-7f * mu[j] * mu[j]);
        ls->ul_n0sym[j] = err / (mu[j] * mu[j]);
        j++;
    }
    if ((rc = lte_tprec_inverse(ls->tp, g->ul.n_prb, sz.n_symb, ls->ul_z, ls->ul_x)) < 0)
        return rc;
    for (j = 0; j < sz.n_symb; j++) {
        float complex *x = ls->ul_x + (size_t)j * (size_t)m_sc;
        float inv = 1.0f / mu[j];
        for (int k = 0; k < m_sc; k++)
            x[k] *= inv;
        rc = lte_demap_maxlog((lte_mod)sz.q_m, x, m_sc, &ls->ul_n0sym[j], 1,
                              ls->ul_llr + (size_t)j * (size_t)m_sc * (size_t)sz.q_m, LTE_SIMD_AUTO);
        if (rc < 0)
            return rc;
    }
    uint32_t c_init;
    lte_ulsch_result ur;
    if ((rc = lte_scr_cinit_pusch(g->rnti, 0, 2 * g->subframe, ls->cfg.cell.cell_id, &c_init)) < 0 ||
        (rc = lte_ulsch_descramble(ls->ulsch, &g->ul, c_init, ls->ul_llr)) < 0 ||
        (rc = lte_ulsch_decode(ls->ulsch, ls->harq[0], &g->ul, ls->ul_llr, ls->tb_dec[0], NULL,
                               NULL, NULL, &ur)) < 0)
        return rc;
    *crc_ok = ur.data.crc_ok;
    return 0;
}

/* Estimating PUSCH receiver (lte_pusch_rx stage by stage on the grids
 * demodulated here); its channel estimate is copied into H for inspection. */
static int rx_estimated_ul(lte_linksim *ls, int *crc_ok)
{
    const lte_pusch_grant *g = &ls->grant;
    lte_pusch_rx_result pr;
    int rc = 0;
    for (int r = 0; r < ls->R && rc == 0; r++)
        rc = lte_pusch_rx_load_grid(ls->pusch, r, ls->Y[r]);
    if (rc < 0 || (rc = lte_pusch_rx_chest(ls->pusch, g)) < 0 ||
        (rc = lte_pusch_rx_equalize(ls->pusch, g)) < 0 || (rc = lte_pusch_rx_idft(ls->pusch, g)) < 0 ||
        (rc = lte_pusch_rx_demap(ls->pusch, g)) < 0 ||
        (rc = lte_pusch_rx_descramble(ls->pusch, g)) < 0 ||
        (rc = lte_pusch_rx_decode(ls->pusch, g, ls->harq[0], ls->tb_dec[0], NULL, NULL, NULL, &pr)) < 0)
        return rc;
    *crc_ok = pr.ul.data.crc_ok;
    const int m_sc = g->ul.n_prb * LTE_NSC_RB, nslot = ls->n_symb / 2;
    int prb[2];
    if ((rc = lte_pusch_hop_prb(ls->cfg.cell.n_rb, ls->cfg.cell.cell_id, &g->hop, g->prb_start,
                                g->ul.n_prb, g->subframe, prb)) < 0)
        return rc;
    double n0 = 0;
    for (int r = 0; r < ls->R; r++) {
        const void *hp;
        int n;
        if ((rc = lte_pusch_stage_get(ls->pusch, LTE_PUSCH_RX_CHEST, r, &hp, &n)) < 0)
            return rc;
        const float complex *he = hp;
        memset(ls->H[r], 0, sizeof(float complex) * (size_t)ls->n_re);
        for (int l = 0; l < ls->n_symb; l++)
            memcpy(ls->H[r] + (size_t)l * (size_t)ls->n_sc + prb[l / nslot] * LTE_NSC_RB,
                   he + (size_t)l * (size_t)m_sc, sizeof(float complex) * (size_t)m_sc);
        n0 += pr.n0[r];
    }
    ls->n0_used = (float)(n0 / ls->R);
    return 0;
}

static int run_tb_ul(lte_linksim *ls, double snr_db, int64_t tb_index, lte_linksim_result *res)
{
    lte_pusch_grant *g = &ls->grant;
    const int tbs = g->ul.tbs;
    res->n_cw = 1;
    res->tb_bits = tbs;
    res->acked_at[0] = res->acked_at[1] = -1;
    lte_rng rng;
    lte_rng_seed_stream(&rng, ls->cfg.seed, 8 * (uint64_t)tb_index);
    lte_rng_bits(&rng, ls->tb[0], tbs);
    lte_sch_harq_reset(ls->harq[0]);
    for (int j = 0; j < ls->cfg.harq_max; j++) {
        int64_t abs_sf = lte_linksim_subframe(ls, tb_index, j);
        if (abs_sf < 0)
            return (int)abs_sf;
        g->subframe = (int)(abs_sf % LTE_NSUBFRAMES);
        g->ul.rv = ls->rv[j];
        g->hop.current_tx_nb = j;
        g->hop.sfn = (int)(abs_sf / LTE_NSUBFRAMES % 1024);
        double n0;
        int crc_ok = 0;
        int rc = lte_pusch_tx(ls->pusch, g, ls->tb[0], NULL, NULL, NULL, ls->ul_grid, ls->xt[0]);
        if (rc < 0 || (rc = propagate(ls, abs_sf, snr_db, 8 * (uint64_t)tb_index + 1 + (uint64_t)j,
                                      &n0)) < 0)
            return rc;
        if (ls->cfg.chest_estimated) {
            rc = rx_estimated_ul(ls, &crc_ok);
        } else {
            ls->n0_used = (float)n0;
            if ((rc = lte_linksim_true_channel(ls, abs_sf, ls->H)) == 0)
                rc = rx_perfect_ul(ls, n0, &crc_ok);
        }
        if (rc < 0)
            return rc;
        res->n_tx = j + 1;
        if (crc_ok && memcmp(ls->tb[0], ls->tb_dec[0], (size_t)tbs) == 0) {
            res->acked_at[0] = j;
            res->bits = tbs;
            break;
        }
    }
    lte_error_clear();
    return 0;
}

int lte_linksim_run_tb(lte_linksim *ls, double snr_db, int64_t tb_index, lte_linksim_result *res)
{
    return lte_linksim_run_tb_olla(ls, snr_db, tb_index, 0.0, res);
}

int lte_linksim_run_tb_olla(lte_linksim *ls, double snr_db, int64_t tb_index, double olla_db,
                            lte_linksim_result *res)
{
    LTE_CHECK_ARG(ls != NULL && res != NULL, "ls or res is NULL");
    LTE_CHECK_ARG(isfinite(olla_db) && fabs(olla_db) <= 30, "olla_db = %g: must be -30..30",
                  olla_db);
    LTE_CHECK_ARG(tb_index >= 0 && tb_index < (INT64_C(1) << 58) / LTE_MAX(ls->cfg.frame_stride, 1),
                  "tb_index = %lld out of range", (long long)tb_index);
    LTE_CHECK_ARG(!isnan(snr_db) && snr_db != -INFINITY, "snr_db = %g is not usable", snr_db);
    memset(res, 0, sizeof *res);
    if (ls->ul)
        return run_tb_ul(ls, snr_db, tb_index, res);
    lte_pdsch_cfg *pc = &ls->alloc.cfg;
    const int ncw = pc->mimo.n_cw;
    res->n_cw = ncw;
    lte_rng rng;
    lte_rng_seed_stream(&rng, ls->cfg.seed, 8 * (uint64_t)tb_index);
    res->acked_at[0] = res->acked_at[1] = -1;
    /* reference channels: another TBS for the blocks first sent in subframe 0 */
    int sf0 = ls->cfg.tbs_sf0 && lte_linksim_subframe(ls, tb_index, 0) % LTE_NSUBFRAMES == 0;
    int cqi[2] = {0, 0};
    if (ls->cfg.cqi_feedback) {
        int rc = cqi_for_subframe(ls, lte_linksim_subframe(ls, tb_index, 0), snr_db, cqi);
        if (rc < 0)
            return rc;
    }
    for (int q = 0; q < ncw; q++) {
        pc->tbs[q] = sf0 ? ls->cfg.tbs_sf0 : ls->info.tbs[q];
        res->mcs[q] = ls->cfg.mcs;
        if (ls->cfg.cqi_feedback) {
            /* link adaptation: the MCS of the codeword's report */
            int v = pc->mimo.scheme == LTE_TX_DIVERSITY ? 1 : lte_pdsch_cw_layers(&pc->mimo, q);
            int q_m, i_tbs, rc;
            res->cqi[q] = cqi[q];
            res->mcs[q] = lte_linksim_la_mcs(ls, cqi[q], olla_db, v);
            if ((rc = lte_mcs_lookup(LTE_MCS_PDSCH_64QAM, res->mcs[q], &q_m, &i_tbs)) < 0 ||
                (rc = lte_tbs_layers(i_tbs, ls->info.n_prb, v, &pc->tbs[q])) < 0)
                return rc;
            pc->mod[q] = (lte_mod)q_m;
        }
        res->tb_bits += pc->tbs[q];
        lte_rng_bits(&rng, ls->tb[q], pc->tbs[q]);
        lte_sch_harq_reset(ls->harq[q]);
    }
    for (int j = 0; j < ls->cfg.harq_max; j++) {
        int64_t abs_sf = lte_linksim_subframe(ls, tb_index, j);
        if (abs_sf < 0)
            return (int)abs_sf;
        pc->rv[0] = pc->rv[1] = ls->rv[j];
        int rc;
        if (ls->cfg.pmi_feedback &&
            (rc = pmi_for_subframe(ls, abs_sf, snr_db, &pc->mimo.codebook)) < 0)
            return rc;
        if (pc->mimo.scheme == LTE_TX_SPATIAL_MUX)
            res->codebook[j] = pc->mimo.codebook;
        rc = front_end(ls, abs_sf, snr_db, 8 * (uint64_t)tb_index + 1 + (uint64_t)j);
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
    return ls && !ls->ul ? lte_dl_tx_grid(ls->tx) : NULL;
}

const float complex *lte_linksim_ul_tx_grid(const lte_linksim *ls)
{
    return ls && ls->ul ? ls->ul_grid : NULL;
}
