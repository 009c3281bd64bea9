/* The downlink receive chain of a UE: CFO removal, OFDM demodulation, CRS
 * channel estimation, PCFICH, PDCCH blind search, format 1A grants and
 * PDSCH decoding (see ltephy/dlrx.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/dlphy.h"
#include "ltephy/csi.h"
#include "ltephy/dlrx.h"
#include "ltephy/grid.h"
#include "ltephy/ofdm.h"
#include "ltephy/sib.h"

struct lte_dlrx_chain {
    lte_dlrx_chain_cfg cfg;
    lte_ofdm *ofdm;
    lte_chest *chest;
    lte_grid *grids[3];      /* control layouts of CFI 1..3 (NULL if the cell forbids one) */
    lte_dlrx *rx;
    lte_pdsch *pdsch;
    lte_sch_harq *harq, *harq2;
    /* SI soft combining (cfg.si_combine), [0] SIB1, [1] the other SI
     * messages: the buffer, transmissions in it, their TBS and G, and the
     * absolute subframe (10 SFN + subframe) of the first */
    lte_sch_harq *si_harq[2];
    int si_n[2], si_tbs[2], si_G[2], si_first[2];
    int si_msg;              /* with SIB1 known: the SI message in si_harq[1], whose
                              * window starts at si_first[1] */
    lte_sib1 sib1;           /* the last SIB1 whose CRC checked and that reads */
    int sib1_ok;
    lte_dci_cfg dci;
    int dci_size;            /* format 1A (= format 0) */
    int size_1c;             /* format 1C */
    int size_ue;             /* the C-RNTI format of the transmission mode (1, 2A, 2) */
    lte_dci_format fmt_ue;
    int sf_len, n_re, fs_rate;
    float complex *time[LTE_CHEST_MAX_RX]; /* [sf_len] CFO-corrected input */
    const float complex *tin[LTE_CHEST_MAX_RX]; /* what the FFT read (time, or the input) */
    float complex *grid[LTE_CHEST_MAX_RX];     /* [n_re] */
    float complex *h[LTE_CHEST_MAX_RX * LTE_MAX_PORTS]; /* [r * n_ports + p] */
    uint8_t *tb[LTE_DLRX_MAX_GRANTS], *tb2[LTE_DLRX_MAX_GRANTS];
    int tb_len[LTE_DLRX_MAX_GRANTS], tb2_len[LTE_DLRX_MAX_GRANTS];
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
    cfg->n_rx = 1;
    cfg->decoder = LTE_SCH_DEC_FX8;
    cfg->simd = LTE_SIMD_AUTO;
    cfg->half_stop = 1;
    cfg->pmi_report = -1;
    cfg->ri_report = 1;
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
    lte_sch_harq_destroy(ch->harq2);
    lte_sch_harq_destroy(ch->si_harq[0]);
    lte_sch_harq_destroy(ch->si_harq[1]);
    for (int r = 0; r < LTE_CHEST_MAX_RX; r++) {
        lte_free(ch->time[r]);
        lte_free(ch->grid[r]);
    }
    for (int p = 0; p < LTE_CHEST_MAX_RX * LTE_MAX_PORTS; p++)
        lte_free(ch->h[p]);
    for (int i = 0; i < LTE_DLRX_MAX_GRANTS; i++) {
        lte_free(ch->tb[i]);
        lte_free(ch->tb2[i]);
    }
    lte_free(ch);
}

/* The UE's latest PMI report: -1 = none, else a PMI value of 36.213
 * §7.2.4 for rank ri on the cell's ports (csi.h). */
static int check_pmi_report(int n_ports, int pmi, int ri)
{
    if (pmi == -1)
        return 0;
    LTE_CHECK_ARG(pmi >= 0, "pmi_report = %d: -1 (no report) or a PMI value", pmi);
    LTE_CHECK_ARG(n_ports == 2 || n_ports == 4,
                  "pmi_report = %d: a PMI report needs 2 or 4 antenna ports (the cell has %d)",
                  pmi, n_ports);
    LTE_CHECK_ARG(ri >= 1 && ri <= n_ports, "ri_report = %d: must be 1..%d", ri, n_ports);
    int cb = lte_csi_codebook_of(n_ports, ri, pmi); /* its message names the range */
    return cb < 0 ? cb : 0;
}

static int check_cfg(const lte_dlrx_chain_cfg *cfg)
{
    LTE_CHECK_ARG(cfg != NULL, "cfg is NULL");
    /* cell.cfi is ignored (the PCFICH decides): validate with CFI 3, which
     * every PHICH duration allows (36.211 Table 6.9.3-1) */
    lte_cell_cfg cell = cfg->cell;
    cell.cfi = 3;
    int rc = lte_cell_validate(&cell);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(isfinite(cfg->cfo_hz) && fabs(cfg->cfo_hz) < 1e6, "cfo_hz = %g", cfg->cfo_hz);
    LTE_CHECK_ARG(cfg->n_rnti >= 1 && cfg->n_rnti <= LTE_DLRX_MAX_RNTI, "n_rnti = %d: must be 1..%d",
                  cfg->n_rnti, LTE_DLRX_MAX_RNTI);
    for (int i = 0; i < cfg->n_rnti; i++)
        LTE_CHECK_ARG(cfg->rnti[i] != 0, "rnti[%d] = 0 is not an RNTI", i);
    LTE_CHECK_ARG(cfg->eq == LTE_EQ_ZF || cfg->eq == LTE_EQ_MMSE, "eq = %d", (int)cfg->eq);
    LTE_CHECK_ARG(cfg->n_rx >= 1 && cfg->n_rx <= LTE_CHEST_MAX_RX, "n_rx = %d: must be 1..%d",
                  cfg->n_rx, LTE_CHEST_MAX_RX);
    LTE_CHECK_ARG(cfg->decoder == LTE_SCH_DEC_FLOAT || cfg->decoder == LTE_SCH_DEC_FX8 ||
                      cfg->decoder == LTE_SCH_DEC_FX16,
                  "decoder = %d: LTE_SCH_DEC_FLOAT, _FX8 or _FX16", cfg->decoder);
    LTE_CHECK_ARG(cfg->tm >= 0 && cfg->tm <= 4, "tm = %d: transmission modes 1..4 (0 = 1)",
                  cfg->tm);
    LTE_CHECK_ARG(cfg->si_combine == 0 || cfg->si_combine == 1, "si_combine = %d: 0 or 1",
                  cfg->si_combine);
    LTE_CHECK_ARG(cfg->half_stop == 0 || cfg->half_stop == 1, "half_stop = %d: 0 or 1",
                  cfg->half_stop);
    LTE_CHECK_ARG(cfg->tm <= 1 || cfg->cell.n_ports >= 2,
                  "tm = %d needs 2 or 4 antenna ports (the cell has %d)", cfg->tm,
                  cfg->cell.n_ports);
    if ((rc = check_pmi_report(cfg->cell.n_ports, cfg->pmi_report, cfg->ri_report)) < 0)
        return rc;
    lte_simd_path sp;
    return lte_simd_resolve(cfg->simd, &sp);
}

static int create_front(lte_dlrx_chain *ch)
{
    const lte_dlrx_chain_cfg *cfg = &ch->cfg;
    lte_ofdm_cfg oc = {.n_rb = cfg->cell.n_rb, .cp = cfg->cell.cp, .fft_size = cfg->fft_size,
                       .fft_flags = cfg->fft_flags};
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
    ec.simd = cfg->simd;
    ec.n_rx = cfg->n_rx;
    ec.freq = cfg->freq;
    ec.time = cfg->time;
    /* The cell search may lock onto a later path of a multipath channel (up
     * to its delay spread, plus its own error), which puts the earlier paths
     * at negative delays; a causal Wiener model then misses them (EVA, 1.5 us
     * late: 29 % raw bit errors on 16QAM at 24 dB). The model's delay profile
     * therefore starts 2 tau before the timing reference (chest.h). */
    if (ec.freq == LTE_CHEST_FREQ_WIENER)
        ec.delay_early_s = 2.0 * ec.delay_spread_s;
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
    int tbs_max = LTE_MIN(LTE_SCH_TBS_MAX, 4000 * cell->n_rb); /* lte_pdsch_create's default */
    /* lte_pdsch_create's defaults, with the chosen decoder and SIMD path */
    lte_sch_cfg sc = {.tbs_max = tbs_max, .k_mimo = 1, .m_dl_harq = 8, .m_limit = 8,
                      .decoder = ch->cfg.decoder, .alg = LTE_TURBO_MAX_LOG_MAP,
                      .ext_scale = 0.75f, .max_iter = 8, .simd = ch->cfg.simd,
                      .half_stop = ch->cfg.half_stop,
                      /* the chain never combines with a TB that decoded
                       * (lte_dlrx_chain_pdsch below) */
                      .release_ok = 1};
    int nr = ch->cfg.n_rx;
    if ((rc = lte_dlrx_create(cell, nr, &ch->rx)) < 0 ||
        (rc = lte_pdsch_create(cell, &sc, &ch->pdsch)) < 0)
        return rc;
    if ((rc = lte_sch_harq_create(tbs_max, &ch->harq)) < 0 ||
        (rc = lte_sch_harq_create(tbs_max, &ch->harq2)) < 0)
        return rc;
    if (ch->cfg.si_combine && ((rc = lte_sch_harq_create(tbs_max, &ch->si_harq[0])) < 0 ||
                               (rc = lte_sch_harq_create(tbs_max, &ch->si_harq[1])) < 0))
        return rc;
    int ok = 1;
    for (int r = 0; r < nr; r++) {
        ok = ok && (ch->time[r] = lte_alloc((size_t)ch->sf_len * sizeof(float complex)));
        ok = ok && (ch->grid[r] = lte_alloc((size_t)ch->n_re * sizeof(float complex)));
    }
    for (int p = 0; p < nr * cell->n_ports; p++)
        ok = ok && (ch->h[p] = lte_alloc((size_t)ch->n_re * sizeof(float complex)));
    for (int i = 0; i < LTE_DLRX_MAX_GRANTS; i++) {
        ok = ok && (ch->tb[i] = lte_alloc((size_t)tbs_max));
        ok = ok && (ch->tb2[i] = lte_alloc((size_t)tbs_max));
    }
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
    ch->cfg.cell.cfi = 3; /* ignored (see check_cfg); keeps the per-cell objects valid */
    ch->dci = (lte_dci_cfg){.n_rb_dl = cfg->cell.n_rb, .duplex = cfg->cell.duplex,
                            .n_ports = cfg->cell.n_ports};
    /* 36.213 Table 7.1-5: the UE-specific format of each mode */
    ch->fmt_ue = cfg->tm == 3 ? LTE_DCI_FORMAT2A : cfg->tm == 4 ? LTE_DCI_FORMAT2 : LTE_DCI_FORMAT1;
    if ((rc = create_front(ch)) < 0 || (rc = create_grids(ch)) < 0 ||
        (rc = alloc_buffers(ch)) < 0 || (rc = lte_dci_format1a_size(&ch->dci)) < 0) {
        lte_dlrx_chain_destroy(ch);
        return rc;
    }
    ch->dci_size = rc;
    if ((rc = lte_dci_size(&ch->dci, LTE_DCI_FORMAT1C)) < 0) {
        lte_dlrx_chain_destroy(ch);
        return rc;
    }
    ch->size_1c = rc;
    if ((rc = lte_dci_size(&ch->dci, ch->fmt_ue)) < 0) {
        lte_dlrx_chain_destroy(ch);
        return rc;
    }
    ch->size_ue = rc;
    *out = ch;
    return 0;
}

int lte_dlrx_chain_set_pmi(lte_dlrx_chain *ch, int pmi, int ri)
{
    LTE_CHECK_ARG(ch != NULL, "ch is NULL");
    int rc = check_pmi_report(ch->cfg.cell.n_ports, pmi, ri);
    if (rc < 0)
        return rc;
    ch->cfg.pmi_report = pmi;
    ch->cfg.ri_report = ri;
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
    for (int r = 0; r < ch->cfg.n_rx; r++)
        y[r] = ch->grid[r];
    return (lte_dl_rxin){.n_rx = ch->cfg.n_rx, .n_ports = ch->cfg.cell.n_ports, .y = y,
                         .h = (const float complex *const *)ch->h, .n0 = ch->n0, .eq = ch->cfg.eq};
}

/* FFT, channel estimate, noise and SNR. */
static int front_estimate(lte_dlrx_chain *ch, const float complex *const *x, int subframe,
                          lte_dlrx_sf *res)
{
    int rc, nr = ch->cfg.n_rx;
    const float complex *rxg[LTE_CHEST_MAX_RX];
    for (int r = 0; r < nr; r++) {
        /* no CFO: the FFT reads the input itself */
        ch->tin[r] = x[r];
        if (ch->cfg.cfo_hz != 0) {
            remove_cfo(x[r], ch->time[r], ch->sf_len, ch->cfg.cfo_hz, ch->fs_rate);
            ch->tin[r] = ch->time[r];
        }
        if ((rc = lte_ofdm_demod_subframe(ch->ofdm, ch->tin[r], ch->grid[r])) < 0)
            return rc;
        rxg[r] = ch->grid[r];
    }
    float n0 = 0;
    if ((rc = lte_chest_estimate(ch->chest, subframe, rxg, ch->h, &n0)) < 0)
        return rc;
    int n_sc = 12 * ch->cfg.cell.n_rb, np = ch->cfg.cell.n_ports;
    double p = 0; /* port 0, first symbol, mean over the receive antennas */
    for (int r = 0; r < nr; r++)
        for (int k = 0; k < n_sc; k++)
            p += crealf(ch->h[r * np][k] * conjf(ch->h[r * np][k]));
    p /= (double)n_sc * nr;
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
    if (!g->broadcast && f->n_bits == ch->size_ue && f->n_bits != ch->dci_size) {
        g->format = ch->fmt_ue == LTE_DCI_FORMAT2A  ? LTE_DLRX_FMT_2A
                    : ch->fmt_ue == LTE_DCI_FORMAT2 ? LTE_DLRX_FMT_2
                                                    : LTE_DLRX_FMT_1;
        if (lte_dci_dl_unpack(&dc, ch->fmt_ue, f->payload, f->n_bits, &g->dl) < 0)
            g->status = LTE_EFORMAT;
        return;
    }
    if (f->n_bits == ch->size_1c && f->n_bits != ch->dci_size) {
        g->format = LTE_DLRX_FMT_1C;
        lte_dci_1c_unpack(&dc, f->payload, f->n_bits, &g->dci1c);
        return;
    }
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

/* Agreement of the soft bits of CCEs c0 .. c0 + n - 1 with the coded bits
 * e (LLR > 0 = bit 0): sum (1 - 2e) llr / sum |llr|, in [-1, 1]. */
static double cce_agree(const float *llr, int c0, int n, const uint8_t *e)
{
    double s = 0, a = 0;
    const float *l = llr + 72 * c0;
    for (int i = 0; i < 72 * n; i++) {
        s += e[i] ? -l[i] : l[i];
        a += fabsf(l[i]);
    }
    return a > 0 ? s / a : 0;
}

/* A PDCCH sent at aggregation L also decodes as the candidate of level 2L
 * that starts on it: its coded bits are a circular repetition (36.212
 * §5.1.4.2), so the first half of the 2L codeword is the L codeword. Report
 * the level that carries the DCI: halve L while the second half is empty
 * (under a quarter of the first half's mean soft-bit magnitude) or does not
 * carry the second half of the L codeword (another PDCCH there: its soft
 * bits agree with the re-encoded bits by less than one half). */
static void refine_level(const lte_dlrx_chain *ch, lte_dci_found *f)
{
    uint8_t e[8 * 72];
    while (f->L > 1) {
        int h = f->L / 2;
        double a = cce_level(ch->rx->llr, f->cce, h), b = cce_level(ch->rx->llr, f->cce + h, h);
        int halve = b < 0.25 * a;
        if (!halve && lte_dci_encode(f->payload, f->n_bits, f->rnti, -1, 72 * f->L, e) == 0)
            halve = cce_agree(ch->rx->llr, f->cce + h, h, e + 72 * h) < 0.5;
        if (!halve)
            break;
        f->L = h;
    }
}

static int search_dcis(lte_dlrx_chain *ch, const lte_grid *g, lte_dlrx_sf *res)
{
    const float complex *y[LTE_CHEST_MAX_RX];
    lte_dl_rxin in = rxin_of(ch, y);
    lte_dci_found found[2 * LTE_DLRX_MAX_GRANTS];
    /* common space: 1A (= 0) and, for the broadcast RNTIs, 1C; UE-specific
     * spaces (C-RNTIs only, lte_pdcch_search_multi): 1A */
    int any_bc = 0;
    for (int r = 0; r < ch->cfg.n_rnti; r++)
        any_bc |= broadcast_rnti(ch->cfg.rnti[r]);
    int sizes_c[2] = {ch->dci_size, ch->size_1c}, n_c = any_bc ? 2 : 1;
    int sizes_ue[2] = {ch->dci_size, ch->size_ue};
    int nf = 0;
    int rc = lte_pdcch_search_multi(ch->rx, g, &in, ch->cfg.rnti, ch->cfg.n_rnti, sizes_c, n_c,
                                    sizes_ue, 2, found, 2 * LTE_DLRX_MAX_GRANTS, &nf);
    if (rc < 0)
        return rc;
    for (int i = 0; i < nf && res->n_grants < LTE_DLRX_MAX_GRANTS; i++) {
        /* 1C is for the broadcast RNTIs (36.212 §5.3.3.1.4, Release 8); the
         * mode's format is UE-specific only (36.213 Table 7.1-5) */
        int bc = broadcast_rnti(found[i].rnti), sz = found[i].n_bits;
        int ok = sz == ch->dci_size || (bc ? sz == ch->size_1c : sz == ch->size_ue && !found[i].common);
        if (!ok)
            continue;
        refine_level(ch, &found[i]);
        grant_of(ch, &found[i], &res->grant[res->n_grants++]);
    }
    ch->n_pdcch_llr = 8 * g->ctrl->n_pdcch_reg;
    return 0;
}

int lte_dlrx_chain_front(lte_dlrx_chain *ch, const float complex *x, int subframe, int sfn,
                         lte_dlrx_sf *res)
{
    LTE_CHECK_ARG(ch != NULL, "NULL argument");
    LTE_CHECK_ARG(ch->cfg.n_rx == 1, "the chain has %d receive antennas: use _front_rx",
                  ch->cfg.n_rx);
    const float complex *xs[1] = {x};
    return lte_dlrx_chain_front_rx(ch, xs, subframe, sfn, res);
}

int lte_dlrx_chain_front_rx(lte_dlrx_chain *ch, const float complex *const *x, int subframe,
                            int sfn, lte_dlrx_sf *res)
{
    LTE_CHECK_ARG(ch != NULL && x != NULL && res != NULL, "NULL argument");
    for (int r = 0; r < ch->cfg.n_rx; r++)
        LTE_CHECK_ARG(x[r] != NULL, "x[%d] is NULL", r);
    LTE_CHECK_ARG(subframe >= 0 && subframe <= 9, "subframe = %d: must be 0..9", subframe);
    LTE_CHECK_ARG(sfn >= 0 && sfn <= 1023, "sfn = %d: must be 0..1023", sfn);
    memset(res, 0, sizeof *res);
    res->subframe = subframe;
    res->sfn = sfn;
    ch->cur = NULL;
    ch->pdsch_n = ch->pdsch_G = ch->n_pdcch_llr = 0;
    for (int i = 0; i < LTE_DLRX_MAX_GRANTS; i++)
        ch->tb_len[i] = ch->tb2_len[i] = 0;
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
    const float complex *y[LTE_CHEST_MAX_RX];
    lte_dl_rxin in = rxin_of(ch, y);
    if ((rc = lte_pcfich_decode(ch->rx, g0, &in, &res->cfi, &res->cfi_metric)) < 0)
        return rc;
    lte_grid *g = (lte_grid *)pick_grid(ch, res->cfi);
    if ((rc = lte_grid_set_subframe(g, subframe)) < 0)
        return rc;
    ch->cur = g;
    return search_dcis(ch, g, res);
}

/* The SI window (36.331 §5.2.3) of an SI-RNTI transmission outside SIB1's
 * subframe, once SIB1 is known: 1 with the message and the index in the
 * window, else 0. */
static int si_window_of(const lte_dlrx_chain *ch, const lte_dlrx_sf *res, int *msg, int *i)
{
    if (!ch->sib1_ok || (res->subframe == 5 && res->sfn % 2 == 0))
        return 0;
    return lte_si_window(&ch->sib1, res->sfn, res->subframe, msg, i) == 1;
}

/* rv of a format 1C transmission (no rv field), 36.321 §5.3.1: SIB1's
 * sequence in subframe 5 of even frames; for the other SI messages
 * ceil(3k/2) mod 4 with k the subframe's index in its SI window mod 4, once
 * SIB1 told the windows; otherwise 0 (the decode then tries the others). */
static int rv_1c(const lte_dlrx_chain *ch, const lte_dlrx_sf *res)
{
    int msg, i;
    if (res->subframe == 5 && res->sfn % 2 == 0)
        return lte_sib1_rv(res->sfn);
    if (si_window_of(ch, res, &msg, &i))
        return lte_si_rv(i);
    return 0;
}

/* "Precoding according to the latest PMI report on PUSCH" (36.212 §5.3.3.1.5,
 * Table 5.3.3.1.5-4 for 2 antenna ports, Table 5.3.3.1.5-5 for 4) for a
 * v-layer grant: the precoder indicated by the UE's own latest report, a
 * wideband PMI value pmi for rank ri (36.213 §7.2.4; dlrx.h pmi_report).
 * The 2-port one-layer values differ in what they take from a rank-2
 * report: index 5 "using the precoder(s) indicated by the reported PMI(s),
 * if RI=2 was reported, using 1st column multiplied by sqrt(2) of all
 * precoders implied by the reported PMI(s)", index 6 the same with the
 * 2nd column (col = 1, 2 here; 0 for every other value). Modelled exactly:
 *   - report rank = v: the reported entry (2 ports, v = 2: codebook index
 *     pmi + 1 of 36.211 Table 6.3.4.2.3-1; otherwise pmi);
 *   - 2 ports, v = 1, index 5/6, rank-2 report: column 1/2 of that rank-2
 *     matrix times sqrt(2), which is one of the rank-1 entries (found here
 *     by comparing the library's codebook matrices, not from a typed table).
 * Refused (LTE_EUNSUPPORTED, saying why): no report (pmi < 0); index 6 with
 * a rank-1 report (a second column does not exist; the case is not
 * modelled); any other rank mismatch (e.g. a 2-layer grant on a rank-1
 * report, or 4 ports with report rank != v: the table gives no rule). */
static int latest_pmi(int P, int v, int col, int pi, int pmi, int ri, uint16_t rnti, int *cb)
{
    if (pmi < 0)
        return lte_error_set(LTE_EUNSUPPORTED,
                             "RNTI 0x%04x: precoding information %d means \"precoding according "
                             "to the latest PMI report on PUSCH\" and no PMI report was given "
                             "(lte_dlrx_chain_cfg.pmi_report = -1)", rnti, pi);
    if (ri == v && col != 2) {
        *cb = lte_csi_codebook_of(P, ri, pmi);
        return *cb < 0 ? *cb : 0;
    }
    if (P == 2 && v == 1 && ri == 2 && col > 0) {
        float complex w2[4], w1[2];
        int rc = lte_codebook(2, 2, lte_csi_codebook_of(2, 2, pmi), w2);
        for (int i = 0; rc == 0 && i < 4; i++) {
            if ((rc = lte_codebook(2, 1, i, w1)) < 0)
                break;
            float d = cabsf(w2[col - 1] * (float)M_SQRT2 - w1[0]) +
                      cabsf(w2[2 + col - 1] * (float)M_SQRT2 - w1[1]);
            if (d < 1e-5f) {
                *cb = i;
                return 0;
            }
        }
        return rc < 0 ? rc : lte_error_set(LTE_EINVAL, "no rank-1 entry for a column");
    }
    return lte_error_set(LTE_EUNSUPPORTED,
                         "RNTI 0x%04x: precoding information %d (%d layer%s, latest PMI report) "
                         "with a rank-%d report (PMI %d) is not modelled%s", rnti, pi, v,
                         v > 1 ? "s" : "", ri, pmi,
                         col == 2 ? ": the 2nd column needs a rank-2 report" : "");
}

/* The transmission scheme of a format 1, 2 or 2A grant on a P-port cell
 * with n_en enabled transport blocks and precoding information pi (36.213
 * §7.1, Table 7.1-5). Format 1: single port (P = 1) or transmit diversity.
 * Format 2A (TM3), 36.212 Table 5.3.3.1.5A-2 (4 ports; 2 ports has no
 * field): two blocks: large-delay CDD on 2 layers (P = 2) or 2, 3, 4 layers
 * for pi = 0, 1, 2; one block: transmit diversity (pi = 0; 36.213 §7.1.3),
 * 4 ports pi = 1: large-delay CDD on 2 layers. Format 2 (TM4), Table
 * 5.3.3.1.5-4 (2 ports): two blocks: pi = 0, 1 -> 2 layers, codebook index
 * 1, 2 (36.211 Table 6.3.4.2.3-1), 2 = 2 layers, latest PMI; one block:
 * 0 = transmit diversity, 1..4 = 1 layer, codebook 0..3, 5 and 6 = 1
 * layer, latest PMI (1st / 2nd column of a rank-2 report). Table
 * 5.3.3.1.5-5 (4 ports) runs through the ranks in groups of 17: the 16
 * TPMIs of the rank (36.211 Table 6.3.4.2.3-2), then its "latest PMI"
 * value. Two blocks: 0..15 = 2 layers TPMI 0..15, 16 = 2 layers latest
 * PMI, 17..32 / 33 = 3 layers, 34..49 / 50 = 4 layers, 51..63 reserved;
 * one block: 0 = transmit diversity, 1..16 / 17 = 1 layer, 18..33 / 34 =
 * 2 layers, 35..63 reserved. The "latest PMI" values use the UE's report
 * (pmi, ri; latest_pmi above); the reserved ones give LTE_EFORMAT. */
static int dl_grant_mimo(lte_dlrx_fmt fmt, int P, int n_en, int pi, uint16_t rnti, int pmi,
                         int ri, lte_mimo_cfg *m)
{
    int rc = lte_dl_ctrl_mimo(P, m);
    if (rc < 0 || fmt == LTE_DLRX_FMT_1)
        return rc;
    int pmi_last, v = 0, cb = 0, ncw = n_en, cdd = fmt == LTE_DLRX_FMT_2A, col = 0;
    if (cdd && n_en == 2) {
        pmi_last = 0;
        v = P == 2 ? (pi == 0 ? 2 : 0) : (pi <= 2 ? pi + 2 : 0);
    } else if (cdd) {
        pmi_last = 0;
        if (pi == 0)
            return 0; /* transmit diversity */
        v = P == 4 && pi == 1 ? 2 : 0;
    } else if (P == 2 && n_en == 2) {
        pmi_last = pi == 2;
        v = pi <= 2 ? 2 : 0, cb = pi + 1;
    } else if (P == 2) {
        if (pi == 0)
            return 0;
        pmi_last = pi == 5 || pi == 6;
        col = pmi_last ? pi - 4 : 0;
        v = pi <= 6 ? 1 : 0, cb = pi - 1;
    } else if (n_en == 2) { /* 4 ports: ranks 2, 3, 4 */
        pmi_last = pi <= 50 && pi % 17 == 16;
        v = pi <= 50 ? 2 + pi / 17 : 0, cb = pi % 17;
    } else { /* 4 ports: ranks 1, 2 after transmit diversity */
        if (pi == 0)
            return 0;
        pmi_last = pi <= 34 && (pi - 1) % 17 == 16;
        v = pi <= 34 ? 1 + (pi - 1) / 17 : 0, cb = (pi - 1) % 17;
    }
    if (v == 0)
        return lte_error_set(LTE_EFORMAT,
                             "RNTI 0x%04x: precoding information %d is reserved (format %s, %d "
                             "ports, %d transport blocks)", rnti, pi, cdd ? "2A" : "2", P, n_en);
    if (pmi_last && (rc = latest_pmi(P, v, col, pi, pmi, ri, rnti, &cb)) < 0)
        return rc;
    *m = (lte_mimo_cfg){cdd ? LTE_TX_LARGE_CDD : LTE_TX_SPATIAL_MUX, P, v, ncw, cdd ? 0 : cb};
    return lte_mimo_validate(m);
}

/* Formats 1, 2, 2A (36.213 Table 7.1-5): the PRBs (resource allocation
 * type 0/1), the scheme (dl_grant_mimo) and the transport blocks, each
 * sized for the layers of its codeword (36.213 §7.1.7.2.1 for one layer,
 * §7.1.7.2.2 for two). */
static int grant_dl_cfg(lte_dlrx_chain *ch, int subframe, lte_dlrx_grant *gr, lte_pdsch_cfg *pc)
{
    int n_rb = ch->cfg.cell.n_rb, P = ch->cfg.cell.n_ports, rc;
    lte_dci_cfg dc = ch->dci;
    lte_ra ra;
    if (gr->status == LTE_EFORMAT)
        return lte_error_set(LTE_EFORMAT, "RNTI 0x%04x: the DCI fields do not unpack", gr->rnti);
    if ((rc = lte_dci_dl_ra(&dc, &gr->dl, &ra)) < 0 || (rc = lte_ra_prbs(n_rb, &ra, gr->prb)) < 0)
        return rc;
    gr->n_prb = rc;
    int n_prb_tbs = lte_cell_tbs_prb(&ch->cfg.cell, subframe, gr->n_prb);
    /* which blocks are enabled and their codewords: these do not depend on
     * the layer count given here */
    for (int q = 0; q < 2; q++)
        if ((rc = lte_dci_dl_tb(&gr->dl, ch->fmt_ue, q, n_prb_tbs, 1, &gr->tbg[q])) < 0)
            return rc;
    int n_en = gr->tbg[0].enabled + gr->tbg[1].enabled;
    if (n_en == 0)
        return lte_error_set(LTE_EINVAL, "RNTI 0x%04x: both transport blocks disabled", gr->rnti);
    memset(pc, 0, sizeof *pc);
    lte_mimo_cfg *m = &pc->mimo;
    if ((rc = dl_grant_mimo(gr->format, P, n_en, gr->dl.precoding, gr->rnti, ch->cfg.pmi_report,
                            ch->cfg.ri_report, m)) < 0)
        return rc;
    for (int q = 0; q < 2; q++) {
        if (!gr->tbg[q].enabled)
            continue;
        int v = lte_pdsch_cw_layers(m, gr->tbg[q].codeword);
        if (v < 0 || (rc = lte_dci_dl_tb(&gr->dl, ch->fmt_ue, q, n_prb_tbs, v, &gr->tbg[q])) < 0)
            return v < 0 ? v : rc;
        if (gr->tbg[q].tbs == 0)
            return lte_error_set(LTE_EUNSUPPORTED,
                                 "RNTI 0x%04x: I_MCS %d (retransmission, no TBS) not supported",
                                 gr->rnti, gr->dl.tb[q].mcs);
    }
    gr->n_cw = m->n_cw;
    for (int q = 0; q < 2; q++) {
        const lte_dci_tb_grant *t = &gr->tbg[q];
        if (!t->enabled)
            continue;
        int c = t->codeword;
        pc->mod[c] = (lte_mod)t->q_m;
        pc->tbs[c] = gr->tbs_cw[c] = t->tbs;
        pc->rv[c] = t->rv;
    }
    gr->tbs = pc->tbs[0];
    gr->q_m = (int)pc->mod[0];
    gr->rv = pc->rv[0];
    gr->rb_start = gr->l_crbs = 0;
    for (int k = n_rb - 1; k >= 0; k--)
        if (gr->prb[0][k])
            gr->rb_start = k;
    gr->l_crbs = gr->n_prb;
    pc->rnti = gr->rnti;
    memcpy(pc->prb_mask, gr->prb[0], LTE_MAX_RB);
    return lte_pdsch_g(ch->cur, pc, 0, NULL);
}

static int grant_pdsch_cfg(lte_dlrx_chain *ch, const lte_dlrx_sf *res, lte_dlrx_grant *gr,
                           lte_pdsch_cfg *pc)
{
    int n_rb = ch->cfg.cell.n_rb, rc;
    if (gr->format == LTE_DLRX_FMT_1 || gr->format == LTE_DLRX_FMT_2 ||
        gr->format == LTE_DLRX_FMT_2A)
        return grant_dl_cfg(ch, res->subframe, gr, pc);
    if (gr->format != LTE_DLRX_FMT_1A && gr->format != LTE_DLRX_FMT_1C)
        return lte_error_set(LTE_EINVAL, "grant of RNTI 0x%04x is format 0 (uplink)", gr->rnti);
    gr->n_cw = 1;
    lte_dci_cfg dc = ch->dci;
    dc.broadcast = gr->broadcast;
    lte_ra ra;
    if (gr->format == LTE_DLRX_FMT_1A)
        rc = lte_dci_1a_ra(&dc, &gr->dci, &ra);
    else
        rc = lte_dci_1c_ra(&dc, &gr->dci1c, &ra);
    if (rc < 0 || (rc = lte_ra_prbs(n_rb, &ra, gr->prb)) < 0)
        return rc;
    gr->n_prb = rc;
    if (gr->format == LTE_DLRX_FMT_1A) {
        /* type 2 (localized or distributed): L_CRBs VRBs from RB_start */
        if ((rc = lte_riv_decode(n_rb, gr->dci.riv, &gr->rb_start, &gr->l_crbs)) < 0 ||
            (rc = lte_dci_1a_tbs(&gr->dci, gr->broadcast,
                                 lte_cell_tbs_prb(&ch->cfg.cell, res->subframe, gr->l_crbs), &gr->tbs,
                                 &gr->q_m)) < 0)
            return rc;
        gr->rv = gr->dci.rv;
    } else {
        int v0 = -1;
        for (int k = 0; k < n_rb && v0 < 0; k++) /* lowest PRB of slot 0, for the report */
            if (gr->prb[0][k])
                v0 = k;
        gr->rb_start = v0;
        gr->l_crbs = gr->n_prb;
        if ((rc = lte_dci_1c_tbs(gr->dci1c.tbs_index, &gr->tbs)) < 0)
            return rc;
        gr->q_m = 2; /* 36.213 §7.1.7.1: Q_m = 2 for format 1C */
        gr->rv = rv_1c(ch, res);
    }
    memset(pc, 0, sizeof *pc);
    if ((rc = lte_dl_ctrl_mimo(ch->cfg.cell.n_ports, &pc->mimo)) < 0)
        return rc;
    pc->rnti = gr->rnti;
    memcpy(pc->prb_mask, gr->prb[0], LTE_MAX_RB);
    if (memcmp(gr->prb[0], gr->prb[1], LTE_MAX_RB) != 0)
        memcpy(pc->prb_mask2, gr->prb[1], LTE_MAX_RB); /* distributed: the odd slot differs */
    pc->mod[0] = (lte_mod)gr->q_m;
    pc->tbs[0] = gr->tbs_cw[0] = gr->tbs;
    pc->rv[0] = gr->rv;
    return lte_pdsch_g(ch->cur, pc, 0, NULL);
}

/* Step 7 of dlrx.h for an SI-RNTI grant whose transmission failed on its
 * own: add it to the block's soft buffer (a new one unless it is the same
 * block) and decode the combination. */
static int si_combine(lte_dlrx_chain *ch, const lte_dlrx_sf *res, lte_dlrx_grant *gr,
                      lte_pdsch_cfg *pc, const lte_dl_rxin *in, uint8_t *const tb[2],
                      lte_sch_result sr[2])
{
    int sib1 = res->subframe == 5 && res->sfn % 2 == 0, msg = -1, wi = 0;
    int win = si_window_of(ch, res, &msg, &wi);
    if (gr->format == LTE_DLRX_FMT_1C && !sib1 && !win)
        return LTE_ECRC; /* rv unknown */
    int b = sib1 ? 0 : 1, now = 10 * res->sfn + res->subframe;
    int age = ((now - ch->si_first[b]) % 10240 + 10240) % 10240;
    int start = ((now - wi) % 10240 + 10240) % 10240;
    int fits = ch->si_n[b] > 0 && ch->si_tbs[b] == gr->tbs && ch->si_G[b] == gr->G;
    /* with SIB1's windows: the same message in the same window. Without:
     * rv 0 (k = 0 mod 4) starts a block (an SI window opens with k = 0, and
     * a block decoded before its last transmission leaves those to start a
     * buffer that the next block must not join) */
    int same = win ? fits && ch->si_msg == msg && ch->si_first[b] == start
                   : fits && gr->rv != 0 &&
                         (sib1 ? now / 80 == ch->si_first[b] / 80 : age < 40);
    if (!same) {
        lte_sch_harq_reset(ch->si_harq[b]);
        ch->si_n[b] = 0;
        ch->si_first[b] = win ? start : now;
        ch->si_msg = win ? msg : -1;
        ch->si_tbs[b] = gr->tbs;
        ch->si_G[b] = gr->G;
    }
    pc->rv[0] = gr->rv;
    lte_sch_harq *h[2] = {ch->si_harq[b], NULL};
    int rc = lte_pdsch_decode(ch->pdsch, ch->rx, ch->cur, pc, in, h, tb, sr);
    gr->combined = ++ch->si_n[b];
    if (rc != LTE_ECRC)
        ch->si_n[b] = 0; /* decoded (or not decodable): the next block starts afresh */
    return rc;
}

int lte_dlrx_chain_pdsch(lte_dlrx_chain *ch, lte_dlrx_sf *res, int i)
{
    LTE_CHECK_ARG(ch != NULL && res != NULL, "NULL argument");
    LTE_CHECK_ARG(i >= 0 && i < res->n_grants, "grant %d of %d", i, res->n_grants);
    LTE_CHECK_ARG(ch->cur != NULL && ch->cur->subframe == res->subframe,
                  "no front on subframe %d before this call", res->subframe);
    lte_dlrx_grant *gr = &res->grant[i];
    lte_pdsch_cfg pc;
    int rc = grant_pdsch_cfg(ch, res, gr, &pc);
    if (rc < 0)
        return gr->status = rc;
    gr->G = rc;
    const float complex *y[LTE_CHEST_MAX_RX];
    lte_dl_rxin in = rxin_of(ch, y);
    int two = gr->n_cw == 2;
    lte_sch_harq *h[2] = {ch->harq, two ? ch->harq2 : NULL};
    uint8_t *tb[2] = {ch->tb[i], two ? ch->tb2[i] : NULL};
    lte_sch_result sr[2];
    memset(sr, 0, sizeof sr);
    lte_sch_harq_reset(ch->harq2);
    /* 1C carries no rv: on a CRC failure try the other three */
    int n_try = gr->format == LTE_DLRX_FMT_1C ? 4 : 1, rv0 = gr->rv;
    for (int t = 0; t < n_try; t++) {
        pc.rv[0] = gr->rv = (rv0 + t) % 4;
        lte_sch_harq_reset(ch->harq); /* every transmission decoded on its own */
        rc = lte_pdsch_decode(ch->pdsch, ch->rx, ch->cur, &pc, &in, h, tb, sr);
        if (rc != LTE_ECRC)
            break;
    }
    if (rc == LTE_ECRC)
        gr->rv = rv0;
    gr->combined = 0;
    int msg, wi;
    gr->si_msg = gr->rnti == LTE_SI_RNTI && si_window_of(ch, res, &msg, &wi) ? msg + 1 : 0;
    if (ch->cfg.si_combine && gr->rnti == LTE_SI_RNTI) {
        if (rc == LTE_ECRC)
            rc = si_combine(ch, res, gr, &pc, &in, tb, sr);
        else if (rc == 0) /* decoded alone: nothing to combine with any more */
            ch->si_n[res->subframe == 5 && res->sfn % 2 == 0 ? 0 : 1] = 0;
    }
    if (rc < 0 && rc != LTE_ECRC)
        return gr->status = rc;
    gr->sch = sr[0];
    if (rc == 0 && gr->rnti == LTE_SI_RNTI && res->subframe == 5 && res->sfn % 2 == 0) {
        lte_sib1 s1;
        if (lte_sib1_unpack(ch->tb[i], gr->tbs, &s1) == 0) {
            ch->sib1 = s1;
            ch->sib1_ok = 1;
        }
    }
    ch->tb_len[i] = gr->tbs;
    ch->tb2_len[i] = two ? gr->tbs_cw[1] : 0;
    for (int q = 0; q < gr->n_cw; q++)
        gr->status_cw[q] = sr[q].crc_ok ? 0 : LTE_ECRC;
    /* layer symbols in layers.h order: v per RE for spatial multiplexing */
    int v = pc.mimo.scheme == LTE_TX_LARGE_CDD || pc.mimo.scheme == LTE_TX_SPATIAL_MUX
                ? pc.mimo.n_layers
                : 1;
    ch->pdsch_n = v * lte_ra_re_list(ch->cur, (const uint8_t(*)[LTE_MAX_RB])gr->prb, NULL, 0);
    ch->pdsch_G = gr->G;
    return gr->status = rc;
}

int lte_dlrx_chain_subframe(lte_dlrx_chain *ch, const float complex *x, int subframe, int sfn,
                            lte_dlrx_sf *res)
{
    LTE_CHECK_ARG(ch != NULL, "NULL argument");
    LTE_CHECK_ARG(ch->cfg.n_rx == 1, "the chain has %d receive antennas: use _subframe_rx",
                  ch->cfg.n_rx);
    const float complex *xs[1] = {x};
    return lte_dlrx_chain_subframe_rx(ch, xs, subframe, sfn, res);
}

int lte_dlrx_chain_subframe_rx(lte_dlrx_chain *ch, const float complex *const *x, int subframe,
                               int sfn, lte_dlrx_sf *res)
{
    int rc = lte_dlrx_chain_front_rx(ch, x, subframe, sfn, res);
    if (rc < 0)
        return rc;
    for (int i = 0; i < res->n_grants; i++)
        if (res->grant[i].format != LTE_DLRX_FMT_0)
            lte_dlrx_chain_pdsch(ch, res, i);
    lte_error_clear();
    return 0;
}

int lte_dlrx_chain_sib1(const lte_dlrx_chain *ch, lte_sib1 *out)
{
    LTE_CHECK_ARG(ch != NULL && out != NULL, "ch and out must not be NULL");
    if (ch->sib1_ok)
        *out = ch->sib1;
    return ch->sib1_ok;
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

int lte_dlrx_chain_tb_cw(const lte_dlrx_chain *ch, int i, int q, const uint8_t **bits, int *n)
{
    LTE_CHECK_ARG(q == 0 || q == 1, "q = %d: must be 0 or 1", q);
    if (q == 0)
        return lte_dlrx_chain_tb(ch, i, bits, n);
    LTE_CHECK_ARG(ch != NULL && bits != NULL && n != NULL, "NULL argument");
    LTE_CHECK_ARG(i >= 0 && i < LTE_DLRX_MAX_GRANTS, "grant %d", i);
    LTE_CHECK(ch->tb2_len[i] > 0, LTE_ENOTFOUND, "grant %d has no decoded second codeword", i);
    *bits = ch->tb2[i];
    *n = ch->tb2_len[i];
    return 0;
}

int lte_dlrx_chain_stage(const lte_dlrx_chain *ch, lte_dlrx_stage stage, int port,
                         const void **data, int *n)
{
    LTE_CHECK_ARG(ch != NULL && data != NULL && n != NULL, "NULL argument");
    switch (stage) {
    case LTE_DLRX_STAGE_TIME:
    case LTE_DLRX_STAGE_GRID:
        LTE_CHECK_ARG(port >= 0 && port < ch->cfg.n_rx, "antenna %d: the chain has %d", port,
                      ch->cfg.n_rx);
        if (stage == LTE_DLRX_STAGE_TIME)
            *data = ch->tin[port] ? ch->tin[port] : ch->time[port], *n = ch->sf_len;
        else
            *data = ch->grid[port], *n = ch->n_re;
        return 0;
    case LTE_DLRX_STAGE_CHEST:
        LTE_CHECK_ARG(port >= 0 && port < ch->cfg.cell.n_ports * ch->cfg.n_rx,
                      "port = %d: the cell has %d ports, the chain %d antennas", port,
                      ch->cfg.cell.n_ports, ch->cfg.n_rx);
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
