/* The downlink receive chain of a UE: CFO removal, OFDM demodulation, CRS
 * channel estimation, PCFICH, PDCCH blind search, format 1A grants and
 * PDSCH decoding (see ltephy/dlrx.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/dlphy.h"
#include "ltephy/dlrx.h"
#include "ltephy/grid.h"
#include "ltephy/ofdm.h"

struct lte_dlrx_chain {
    lte_dlrx_chain_cfg cfg;
    lte_ofdm *ofdm;
    lte_chest *chest;
    lte_grid *grids[3];      /* control layouts of CFI 1..3 (NULL if the cell forbids one) */
    lte_dlrx *rx;
    lte_pdsch *pdsch;
    lte_sch_harq *harq;
    lte_dci_cfg dci;
    int dci_size;
    int sf_len, n_re, fs_rate;
    float complex *time;     /* [sf_len] CFO-corrected input */
    float complex *grid;     /* [n_re] */
    float complex *h[LTE_MAX_PORTS];
    uint8_t *tb[LTE_DLRX_MAX_GRANTS];
    int tb_len[LTE_DLRX_MAX_GRANTS];
    const lte_grid *cur;     /* grid of the last front */
    float n0;
    int n_pdcch_llr, pdsch_n, pdsch_G;
};

int lte_dlrx_chain_cfg_init(lte_dlrx_chain_cfg *cfg)
{
    LTE_CHECK_ARG(cfg != NULL, "cfg is NULL");
    memset(cfg, 0, sizeof *cfg);
    lte_cell_cfg_init(&cfg->cell);
    cfg->cell.n_rb = 6;
    cfg->window_offset = -1;
    cfg->freq = LTE_CHEST_FREQ_WIENER;
    cfg->time = LTE_CHEST_TIME_LINEAR;
    cfg->eq = LTE_EQ_MMSE;
    cfg->rnti[0] = LTE_SI_RNTI;
    cfg->n_rnti = 1;
    return 0;
}

int lte_dlrx_chain_cfg_cell(lte_dlrx_chain_cfg *cfg, const lte_cs_cell *c)
{
    LTE_CHECK_ARG(cfg != NULL && c != NULL, "NULL argument");
    LTE_CHECK_ARG(c->mibs_ok > 0, "cell %d has no MIB: bandwidth and ports unknown", c->pci);
    cfg->cell.cell_id = c->pci;
    cfg->cell.cp = c->cp;
    cfg->cell.duplex = c->duplex;
    cfg->cell.n_rb = c->mib.n_rb;
    cfg->cell.n_ports = c->mib.n_ports;
    cfg->cell.ng = c->mib.ng;
    cfg->cell.phich_dur = c->mib.phich_dur;
    cfg->cfo_hz = c->cfo_hz;
    return 0;
}

void lte_dlrx_chain_destroy(lte_dlrx_chain *ch)
{
    if (!ch)
        return;
    lte_ofdm_destroy(ch->ofdm);
    lte_chest_destroy(ch->chest);
    for (int i = 0; i < 3; i++)
        lte_grid_destroy(ch->grids[i]);
    lte_dlrx_destroy(ch->rx);
    lte_pdsch_destroy(ch->pdsch);
    lte_sch_harq_destroy(ch->harq);
    lte_free(ch->time);
    lte_free(ch->grid);
    for (int p = 0; p < LTE_MAX_PORTS; p++)
        lte_free(ch->h[p]);
    for (int i = 0; i < LTE_DLRX_MAX_GRANTS; i++)
        lte_free(ch->tb[i]);
    lte_free(ch);
}

static int check_cfg(const lte_dlrx_chain_cfg *cfg)
{
    LTE_CHECK_ARG(cfg != NULL, "cfg is NULL");
    int rc = lte_cell_validate(&cfg->cell);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(isfinite(cfg->cfo_hz) && fabs(cfg->cfo_hz) < 1e6, "cfo_hz = %g", cfg->cfo_hz);
    LTE_CHECK_ARG(cfg->n_rnti >= 1 && cfg->n_rnti <= LTE_DLRX_MAX_RNTI, "n_rnti = %d: must be 1..%d",
                  cfg->n_rnti, LTE_DLRX_MAX_RNTI);
    for (int i = 0; i < cfg->n_rnti; i++)
        LTE_CHECK_ARG(cfg->rnti[i] != 0, "rnti[%d] = 0 is not an RNTI", i);
    LTE_CHECK_ARG(cfg->eq == LTE_EQ_ZF || cfg->eq == LTE_EQ_MMSE, "eq = %d", (int)cfg->eq);
    return 0;
}

static int create_front(lte_dlrx_chain *ch)
{
    const lte_dlrx_chain_cfg *cfg = &ch->cfg;
    lte_ofdm_cfg oc = {.n_rb = cfg->cell.n_rb, .cp = cfg->cell.cp, .fft_size = cfg->fft_size};
    int fft = cfg->fft_size ? cfg->fft_size : lte_ofdm_std_fft_size(cfg->cell.n_rb);
    if (fft < 0)
        return fft;
    /* shortest CP: 144 (normal) or 512 (extended) at N = 2048 */
    int cp_min = (cfg->cell.cp == LTE_CP_NORMAL ? 144 : 512) * fft / 2048;
    oc.window_offset = cfg->window_offset < 0 ? cp_min / 2 : cfg->window_offset;
    LTE_CHECK_ARG(oc.window_offset <= cp_min, "window_offset = %d: at most the shortest CP (%d)",
                  oc.window_offset, cp_min);
    int rc = lte_ofdm_create(&oc, &ch->ofdm);
    if (rc < 0)
        return rc;
    lte_ofdm_info info;
    lte_ofdm_get_info(ch->ofdm, &info);
    ch->sf_len = info.subframe_len;
    ch->fs_rate = (int)info.sample_rate_hz;
    ch->n_re = info.n_sc * info.symbols_per_subframe;
    lte_chest_cfg ec;
    lte_chest_cfg_init(&ec, &cfg->cell);
    ec.n_rx = 1;
    ec.freq = cfg->freq;
    ec.time = cfg->time;
    return lte_chest_create(&ec, &ch->chest);
}

static int create_grids(lte_dlrx_chain *ch)
{
    int any = 0;
    for (int cfi = 1; cfi <= 3; cfi++) {
        lte_cell_cfg c = ch->cfg.cell;
        c.cfi = cfi;
        if (lte_cell_validate(&c) < 0)
            continue; /* e.g. extended PHICH duration needs 3 symbols */
        int rc = lte_grid_create(&c, &ch->grids[cfi - 1]);
        if (rc < 0)
            return rc;
        any = 1;
    }
    lte_error_clear();
    LTE_CHECK_ARG(any, "no CFI is valid for this cell");
    return 0;
}

static int alloc_buffers(lte_dlrx_chain *ch)
{
    const lte_cell_cfg *cell = &ch->cfg.cell;
    int rc;
    if ((rc = lte_dlrx_create(cell, 1, &ch->rx)) < 0 || (rc = lte_pdsch_create(cell, NULL, &ch->pdsch)) < 0)
        return rc;
    int tbs_max = LTE_MIN(LTE_SCH_TBS_MAX, 4000 * cell->n_rb); /* lte_pdsch_create's default */
    if ((rc = lte_sch_harq_create(tbs_max, &ch->harq)) < 0)
        return rc;
    ch->time = lte_alloc((size_t)ch->sf_len * sizeof(float complex));
    ch->grid = lte_alloc((size_t)ch->n_re * sizeof(float complex));
    int ok = ch->time && ch->grid;
    for (int p = 0; p < LTE_MAX_PORTS; p++)
        ok = ok && (ch->h[p] = lte_alloc((size_t)ch->n_re * sizeof(float complex)));
    for (int i = 0; i < LTE_DLRX_MAX_GRANTS; i++)
        ok = ok && (ch->tb[i] = lte_alloc((size_t)tbs_max));
    return ok ? 0 : lte_error_set(LTE_ENOMEM, "lte_dlrx_chain_create: out of memory");
}

int lte_dlrx_chain_create(const lte_dlrx_chain_cfg *cfg, lte_dlrx_chain **out)
{
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    *out = NULL;
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    lte_dlrx_chain *ch = lte_alloc(sizeof *ch);
    if (!ch)
        return lte_error_set(LTE_ENOMEM, "lte_dlrx_chain_create: out of memory");
    ch->cfg = *cfg;
    ch->dci = (lte_dci_cfg){.n_rb_dl = cfg->cell.n_rb, .duplex = cfg->cell.duplex};
    if ((rc = create_front(ch)) < 0 || (rc = create_grids(ch)) < 0 ||
        (rc = alloc_buffers(ch)) < 0 || (rc = lte_dci_format1a_size(&ch->dci)) < 0) {
        lte_dlrx_chain_destroy(ch);
        return rc;
    }
    ch->dci_size = rc;
    *out = ch;
    return 0;
}

int lte_dlrx_chain_subframe_len(const lte_dlrx_chain *ch)
{
    LTE_CHECK_ARG(ch != NULL, "ch is NULL");
    return ch->sf_len;
}

/* x e^{-j 2 pi f n / fs}: a phasor advanced by multiplication, restarted
 * from the exact phase every 1024 samples so rounding cannot accumulate. */
static void remove_cfo(const float complex *x, float complex *y, int n, double f, double fs)
{
    double w = -2.0 * M_PI * f / fs;
    double complex step = cexp(I * w);
    for (int i0 = 0; i0 < n; i0 += 1024) {
        double complex ph = cexp(I * w * i0);
        int end = LTE_MIN(n, i0 + 1024);
        for (int i = i0; i < end; i++) {
            y[i] = x[i] * (float complex)ph;
            ph *= step;
        }
    }
}

static int broadcast_rnti(uint16_t rnti)
{
    return rnti == LTE_SI_RNTI || rnti == LTE_P_RNTI || (rnti >= 1 && rnti <= 0x3C);
}

static lte_dl_rxin rxin_of(const lte_dlrx_chain *ch, const float complex **y)
{
    y[0] = ch->grid;
    return (lte_dl_rxin){.n_rx = 1, .n_ports = ch->cfg.cell.n_ports, .y = y,
                         .h = (const float complex *const *)ch->h, .n0 = ch->n0, .eq = ch->cfg.eq};
}

/* FFT, channel estimate, noise and SNR. */
static int front_estimate(lte_dlrx_chain *ch, const float complex *x, int subframe,
                          lte_dlrx_sf *res)
{
    int rc;
    remove_cfo(x, ch->time, ch->sf_len, ch->cfg.cfo_hz, ch->fs_rate);
    if ((rc = lte_ofdm_demod_subframe(ch->ofdm, ch->time, ch->grid)) < 0)
        return rc;
    const float complex *rxg[1] = {ch->grid};
    float n0 = 0;
    if ((rc = lte_chest_estimate(ch->chest, subframe, rxg, ch->h, &n0)) < 0)
        return rc;
    int n_sc = 12 * ch->cfg.cell.n_rb;
    double p = 0;
    for (int k = 0; k < n_sc; k++)
        p += crealf(ch->h[0][k] * conjf(ch->h[0][k]));
    p /= n_sc;
    if (!(p > 1e-20))
        return 1; /* no signal at the CRS: nothing to decode */
    /* a noiseless input: keep the equaliser's variances finite (60 dB SNR) */
    ch->n0 = LTE_MAX(n0, (float)(1e-6 * p));
    res->n0 = n0;
    res->snr_db = (float)(10.0 * log10(p / ch->n0));
    return 0;
}

static const lte_grid *pick_grid(lte_dlrx_chain *ch, int cfi)
{
    if (cfi >= 1 && cfi <= 3 && ch->grids[cfi - 1])
        return ch->grids[cfi - 1];
    for (int i = 2; i >= 0; i--)
        if (ch->grids[i])
            return ch->grids[i];
    return NULL;
}

static void grant_of(const lte_dlrx_chain *ch, const lte_dci_found *f, lte_dlrx_grant *g)
{
    memset(g, 0, sizeof *g);
    g->rnti = f->rnti;
    g->L = f->L;
    g->cce = f->cce;
    g->common = f->common;
    g->n_bits = f->n_bits;
    memcpy(g->payload, f->payload, (size_t)f->n_bits);
    g->broadcast = broadcast_rnti(f->rnti);
    g->status = 1;
    lte_dci_cfg dc = ch->dci;
    dc.broadcast = g->broadcast;
    g->format = f->payload[0] ? LTE_DLRX_FMT_1A : LTE_DLRX_FMT_0;
    if (g->format == LTE_DLRX_FMT_1A)
        lte_dci_1a_unpack(&dc, f->payload, f->n_bits, &g->dci);
}

/* Mean |soft bit| over CCEs c0 .. c0 + n - 1 (72 soft bits each, §6.8.1). */
static double cce_level(const float *llr, int c0, int n)
{
    double a = 0;
    for (int i = 72 * c0; i < 72 * (c0 + n); i++)
        a += fabsf(llr[i]);
    return a / (72.0 * n);
}

/* A PDCCH sent at aggregation L next to empty CCEs also decodes as the
 * candidate of level 2L that starts on it: its coded bits are a circular
 * repetition (36.212 §5.1.4.2), so the first half of the 2L codeword is the
 * L codeword and the empty half adds nothing. Report the level that carries
 * the power: halve L while the second half is under a quarter of the first
 * half's mean soft-bit magnitude. */
static void refine_level(const lte_dlrx_chain *ch, lte_dci_found *f)
{
    while (f->L > 1) {
        int h = f->L / 2;
        double a = cce_level(ch->rx->llr, f->cce, h), b = cce_level(ch->rx->llr, f->cce + h, h);
        if (!(b < 0.25 * a))
            break;
        f->L = h;
    }
}

static int search_dcis(lte_dlrx_chain *ch, const lte_grid *g, lte_dlrx_sf *res)
{
    const float complex *y[1];
    lte_dl_rxin in = rxin_of(ch, y);
    lte_dci_found found[LTE_DLRX_MAX_GRANTS];
    for (int r = 0; r < ch->cfg.n_rnti && res->n_grants < LTE_DLRX_MAX_GRANTS; r++) {
        int nf = 0;
        int rc = lte_pdcch_search(ch->rx, g, &in, ch->cfg.rnti[r], &ch->dci_size, 1, found,
                                  LTE_DLRX_MAX_GRANTS - res->n_grants, &nf);
        if (rc < 0)
            return rc;
        for (int i = 0; i < nf; i++) {
            refine_level(ch, &found[i]);
            grant_of(ch, &found[i], &res->grant[res->n_grants++]);
        }
    }
    ch->n_pdcch_llr = 8 * g->ctrl->n_pdcch_reg;
    return 0;
}

int lte_dlrx_chain_front(lte_dlrx_chain *ch, const float complex *x, int subframe, int sfn,
                         lte_dlrx_sf *res)
{
    LTE_CHECK_ARG(ch != NULL && x != NULL && res != NULL, "NULL argument");
    LTE_CHECK_ARG(subframe >= 0 && subframe <= 9, "subframe = %d: must be 0..9", subframe);
    LTE_CHECK_ARG(sfn >= 0 && sfn <= 1023, "sfn = %d: must be 0..1023", sfn);
    memset(res, 0, sizeof *res);
    res->subframe = subframe;
    res->sfn = sfn;
    ch->cur = NULL;
    ch->pdsch_n = ch->pdsch_G = ch->n_pdcch_llr = 0;
    for (int i = 0; i < LTE_DLRX_MAX_GRANTS; i++)
        ch->tb_len[i] = 0;
    if (lte_cell_dl_symbols(&ch->cfg.cell, subframe) == 0)
        return 0; /* uplink subframe of a TDD cell */
    res->dl = 1;
    int rc = front_estimate(ch, x, subframe, res);
    if (rc != 0)
        return rc < 0 ? rc : 0; /* 1: silent subframe, cfi stays 0 */
    /* the PCFICH REs do not depend on the CFI: any layout finds them */
    lte_grid *g0 = (lte_grid *)pick_grid(ch, 0);
    if ((rc = lte_grid_set_subframe(g0, subframe)) < 0)
        return rc;
    const float complex *y[1];
    lte_dl_rxin in = rxin_of(ch, y);
    if ((rc = lte_pcfich_decode(ch->rx, g0, &in, &res->cfi, &res->cfi_metric)) < 0)
        return rc;
    lte_grid *g = (lte_grid *)pick_grid(ch, res->cfi);
    if ((rc = lte_grid_set_subframe(g, subframe)) < 0)
        return rc;
    ch->cur = g;
    return search_dcis(ch, g, res);
}

static int grant_pdsch_cfg(lte_dlrx_chain *ch, lte_dlrx_grant *gr, lte_pdsch_cfg *pc)
{
    int n_rb = ch->cfg.cell.n_rb, rc;
    if (gr->format != LTE_DLRX_FMT_1A)
        return lte_error_set(LTE_EINVAL, "grant of RNTI 0x%04x is format 0 (uplink)", gr->rnti);
    if (gr->dci.distributed)
        return lte_error_set(LTE_EUNSUPPORTED, "distributed VRB assignment not supported");
    if ((rc = lte_riv_decode(n_rb, gr->dci.riv, &gr->rb_start, &gr->l_crbs)) < 0 ||
        (rc = lte_dci_1a_tbs(&gr->dci, gr->broadcast, gr->l_crbs, &gr->tbs, &gr->q_m)) < 0)
        return rc;
    gr->rv = gr->dci.rv;
    memset(pc, 0, sizeof *pc);
    if ((rc = lte_dl_ctrl_mimo(ch->cfg.cell.n_ports, &pc->mimo)) < 0)
        return rc;
    pc->rnti = gr->rnti;
    memset(pc->prb_mask + gr->rb_start, 1, (size_t)gr->l_crbs);
    pc->mod[0] = (lte_mod)gr->q_m;
    pc->tbs[0] = gr->tbs;
    pc->rv[0] = gr->rv;
    return lte_pdsch_g(ch->cur, pc, 0, NULL);
}

int lte_dlrx_chain_pdsch(lte_dlrx_chain *ch, lte_dlrx_sf *res, int i)
{
    LTE_CHECK_ARG(ch != NULL && res != NULL, "NULL argument");
    LTE_CHECK_ARG(i >= 0 && i < res->n_grants, "grant %d of %d", i, res->n_grants);
    LTE_CHECK_ARG(ch->cur != NULL && ch->cur->subframe == res->subframe,
                  "no front on subframe %d before this call", res->subframe);
    lte_dlrx_grant *gr = &res->grant[i];
    lte_pdsch_cfg pc;
    int rc = grant_pdsch_cfg(ch, gr, &pc);
    if (rc < 0)
        return gr->status = rc;
    gr->G = rc;
    const float complex *y[1];
    lte_dl_rxin in = rxin_of(ch, y);
    lte_sch_harq_reset(ch->harq); /* every transmission decoded on its own */
    lte_sch_harq *h[2] = {ch->harq, NULL};
    uint8_t *tb[2] = {ch->tb[i], NULL};
    lte_sch_result sr[2];
    rc = lte_pdsch_decode(ch->pdsch, ch->rx, ch->cur, &pc, &in, h, tb, sr);
    if (rc < 0 && rc != LTE_ECRC)
        return gr->status = rc;
    gr->sch = sr[0];
    ch->tb_len[i] = gr->tbs;
    ch->pdsch_n = lte_pdsch_re_count(ch->cur, pc.prb_mask);
    ch->pdsch_G = gr->G;
    return gr->status = rc;
}

int lte_dlrx_chain_subframe(lte_dlrx_chain *ch, const float complex *x, int subframe, int sfn,
                            lte_dlrx_sf *res)
{
    int rc = lte_dlrx_chain_front(ch, x, subframe, sfn, res);
    if (rc < 0)
        return rc;
    for (int i = 0; i < res->n_grants; i++)
        if (res->grant[i].format == LTE_DLRX_FMT_1A)
            lte_dlrx_chain_pdsch(ch, res, i);
    lte_error_clear();
    return 0;
}

int lte_dlrx_chain_tb(const lte_dlrx_chain *ch, int i, const uint8_t **bits, int *n)
{
    LTE_CHECK_ARG(ch != NULL && bits != NULL && n != NULL, "NULL argument");
    LTE_CHECK_ARG(i >= 0 && i < LTE_DLRX_MAX_GRANTS, "grant %d", i);
    LTE_CHECK(ch->tb_len[i] > 0, LTE_ENOTFOUND, "grant %d has not been decoded", i);
    *bits = ch->tb[i];
    *n = ch->tb_len[i];
    return 0;
}

int lte_dlrx_chain_stage(const lte_dlrx_chain *ch, lte_dlrx_stage stage, int port,
                         const void **data, int *n)
{
    LTE_CHECK_ARG(ch != NULL && data != NULL && n != NULL, "NULL argument");
    switch (stage) {
    case LTE_DLRX_STAGE_TIME:
        *data = ch->time, *n = ch->sf_len;
        return 0;
    case LTE_DLRX_STAGE_GRID:
        *data = ch->grid, *n = ch->n_re;
        return 0;
    case LTE_DLRX_STAGE_CHEST:
        LTE_CHECK_ARG(port >= 0 && port < ch->cfg.cell.n_ports, "port = %d: the cell has %d", port,
                      ch->cfg.cell.n_ports);
        *data = ch->h[port], *n = ch->n_re;
        return 0;
    case LTE_DLRX_STAGE_PDCCH_LLR:
        *data = ch->rx->llr, *n = ch->n_pdcch_llr;
        return 0;
    case LTE_DLRX_STAGE_PDSCH_SYM:
        *data = ch->rx->x, *n = ch->pdsch_n;
        return 0;
    case LTE_DLRX_STAGE_PDSCH_NV:
        *data = ch->rx->nv, *n = ch->pdsch_n;
        return 0;
    case LTE_DLRX_STAGE_PDSCH_LLR: {
        const float *l;
        int nl;
        int rc = lte_pdsch_llr(ch->pdsch, 0, &l, &nl);
        if (rc < 0)
            return rc;
        *data = l, *n = ch->pdsch_G ? nl : 0;
        return 0;
    }
    }
    return lte_error_set(LTE_EINVAL, "lte_dlrx_chain_stage: stage = %d", (int)stage);
}

int lte_dlrx_chain_timing(const lte_cs_cell *c, double fs_hz, long k, int sf, double *start,
                          int *sfn)
{
    LTE_CHECK_ARG(c != NULL && start != NULL && sfn != NULL, "NULL argument");
    LTE_CHECK_ARG(fs_hz >= 1e3 && fs_hz <= 1e9, "fs_hz = %g", fs_hz);
    LTE_CHECK_ARG(sf >= 0 && sf <= 9, "sf = %d: must be 0..9", sf);
    double scale = 1.0 + c->clock_ppm * 1e-6;
    double frame = LTE_CS_FRAME * scale;
    double t = c->frame_start_fine + (double)k * frame + sf * (frame / 10.0);
    *start = t * fs_hz / LTE_CS_FS;
    *sfn = -1;
    if (c->mibs_ok > 0) {
        long kmib = lround((c->mib_frame_start - c->frame_start_fine) / frame);
        long s = ((long)c->mib.sfn + k - kmib) % 1024;
        *sfn = (int)(s < 0 ? s + 1024 : s);
    }
    return 0;
}
