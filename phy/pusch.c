/* PUSCH transmitter and receiver, TS 36.211 §5.3, §5.5.2.1, §5.6 with the
 * UL-SCH of TS 36.212 §5.2.2. See ltephy/pusch.h for the receiver's
 * algorithms and the post-equalisation SINR derivation.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <emmintrin.h> /* SSE2: part of baseline x86-64 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/cvec.h"
#include "kernels/internal.h"
#include "kernels/interp.h"
#include "kernels/mrc.h"
#include "ltephy/fft.h"
#include "ltephy/gold.h"
#include "ltephy/modulation.h"
#include "ltephy/ofdm.h"
#include "ltephy/pusch.h"
#include "ltephy/scrambling.h"
#include "ltephy/transform_precoding.h"
#include "ltephy/ulrs.h"

/* Receiver progress: a stage needs the one before it to have run. */
enum { RX_NONE = 0, RX_CHEST, RX_EQ, RX_IDFT, RX_DEMAP, RX_DESCR };

struct lte_pusch {
    lte_pusch_cfg cfg;
    int n_sc;       /* 12 N_RB^UL */
    int nsymb_slot; /* 7 or 6 */
    int nsym_sf;    /* 14 or 12 */
    int l_dmrs;     /* DMRS symbol within a slot */
    int sf_len, grid_len;
    lte_ofdm *ofdm;
    lte_tprec *tp;
    lte_ulsch *ul;
    const lte_cvec_ops *vec; /* the SIMD path's scaling (the same bits on every path) */
    /* transmitter */
    uint8_t *h, *hs;          /* UL-SCH output, scrambled bits */
    float complex *x, *z;     /* modulated, transform-precoded (n_symb M_sc) */
    float complex *txgrid;    /* used when the caller wants samples but no grid */
    /* DMRS of both slots for the last (subframe, M_RB, shifts): cached since
     * the Zadoff-Chu generation costs more than the rest of the estimator */
    float complex *dmrs[2];
    int dmrs_key[4];
    /* receiver */
    float complex *rxgrid[LTE_PUSCH_MAX_RX];
    float complex *hest[LTE_PUSCH_MAX_RX]; /* nsym_sf x M_sc */
    float complex *hls;                    /* LS estimates of the two DMRS symbols */
    float *terms;                          /* per-subcarrier terms of mu and P, all symbols */
    float complex *zeq, *xeq;              /* equalised, after IDFT */
    float *llr;
    float mu[LTE_MAX_SYMB_SF];   /* mean signal gain per data symbol */
    float pw[LTE_MAX_SYMB_SF];   /* mean output power per data symbol */
    float sinr[LTE_MAX_SYMB_SF]; /* post-equalisation SINR per data symbol */
    float n0sym[LTE_MAX_SYMB_SF];
    float n0[LTE_PUSCH_MAX_RX];
    unsigned loaded; /* antennas whose grid is present */
    int rx_state;
    lte_ulsch_sizes s_tx, s_rx; /* sizes of the last transmission, reception */
    int have_tx;
    /* the last grant check_grant accepted, with its sizes and PRBs */
    lte_pusch_grant ck_grant;
    lte_ulsch_sizes ck_s;
    int ck_prb[2];
    int ck_valid;
};

/* ---- set-up ----------------------------------------------------------------- */

static int check_cfg(const lte_pusch_cfg *c)
{
    LTE_CHECK_ARG(c != NULL, "cfg is NULL");
    LTE_CHECK_ARG(c->n_rb_ul >= 6 && c->n_rb_ul <= LTE_MAX_RB, "n_rb_ul = %d: must be 6..%d",
                  c->n_rb_ul, LTE_MAX_RB);
    LTE_CHECK_ARG(c->cp == LTE_CP_NORMAL || c->cp == LTE_CP_EXTENDED, "cp = %d is invalid",
                  (int)c->cp);
    LTE_CHECK_ARG(c->cell_id >= 0 && c->cell_id <= 503, "cell_id = %d: must be 0..503",
                  c->cell_id);
    LTE_CHECK_ARG((c->group_hopping & ~1) == 0 && (c->seq_hopping & ~1) == 0,
                  "hopping flags must be 0 or 1 (group %d, sequence %d)", c->group_hopping,
                  c->seq_hopping);
    LTE_CHECK_ARG(c->delta_ss >= 0 && c->delta_ss <= 29, "delta_ss = %d: must be 0..29",
                  c->delta_ss);
    LTE_CHECK_ARG(c->n_rx >= 0 && c->n_rx <= LTE_PUSCH_MAX_RX, "n_rx = %d: must be 0..%d",
                  c->n_rx, LTE_PUSCH_MAX_RX);
    LTE_CHECK_ARG(c->tbs_max >= 16 && c->tbs_max <= LTE_SCH_TBS_MAX,
                  "tbs_max = %d: must be 16..%d", c->tbs_max, LTE_SCH_TBS_MAX);
    LTE_CHECK_ARG(c->max_iter >= 0 && c->max_iter <= 32, "max_iter = %d: must be 0..32",
                  c->max_iter);
    LTE_CHECK_ARG(c->threads >= 0, "threads = %d is negative", c->threads);
    LTE_CHECK_ARG(c->decoder == LTE_SCH_DEC_FLOAT || c->decoder == LTE_SCH_DEC_FX8 ||
                      c->decoder == LTE_SCH_DEC_FX16,
                  "decoder = %d: LTE_SCH_DEC_FLOAT, _FX8 or _FX16", c->decoder);
    LTE_CHECK_ARG(c->half_stop == 0 || c->half_stop == 1, "half_stop = %d: 0 or 1",
                  c->half_stop);
    LTE_CHECK_ARG(c->release_ok == 0 || c->release_ok == 1, "release_ok = %d: 0 or 1",
                  c->release_ok);
    LTE_CHECK_ARG((c->fft_flags & ~(unsigned)(LTE_FFT_MEASURE | LTE_FFT_PATIENT)) == 0,
                  "fft_flags = 0x%x: only LTE_FFT_MEASURE and LTE_FFT_PATIENT are allowed",
                  c->fft_flags);
    /* W <= 11 stays inside the smallest allocation (12 subcarriers) */
    LTE_CHECK_ARG(c->freq_halfwin >= 0 && c->freq_halfwin <= 5,
                  "freq_halfwin = %d: must be 0 (default 3) .. 5", c->freq_halfwin);
    return 0;
}

static void *zalloc(size_t bytes, int *fail)
{
    void *p = lte_alloc(bytes ? bytes : 1);
    if (!p)
        *fail = 1;
    return p;
}

static int make_subobjects(lte_pusch *p)
{
    const lte_pusch_cfg *c = &p->cfg;
    lte_ofdm_cfg oc = {c->n_rb_ul, c->cp, LTE_OFDM_UL_SCFDMA, c->fft_size, c->window_offset,
                       LTE_OFDM_NORM_UNITARY, c->fft_flags};
    int rc = lte_cvec_ops_get(c->simd, &p->vec);
    if (rc < 0)
        return rc;
    if ((rc = lte_ofdm_create(&oc, &p->ofdm)) < 0)
        return rc;
    lte_ofdm_info info;
    if ((rc = lte_ofdm_get_info(p->ofdm, &info)) < 0)
        return rc;
    p->sf_len = info.subframe_len;
    /* both directions run out of place here (x -> z, zeq -> xeq): no in-place
     * plans, half the planning time with MEASURE / PATIENT; and no sizes
     * wider than the uplink */
    if ((rc = lte_tprec_create_max(c->fft_flags | LTE_FFT_OUT_OF_PLACE, c->n_rb_ul, &p->tp)) < 0)
        return rc;
    lte_sch_cfg sc = {0};
    sc.uplink = 1;
    sc.tbs_max = c->tbs_max;
    sc.alg = LTE_TURBO_MAX_LOG_MAP;
    sc.ext_scale = 0.75f; /* the usual max-log-MAP extrinsic correction */
    sc.max_iter = c->max_iter ? c->max_iter : 8;
    sc.threads = c->threads;
    sc.simd = c->simd;
    sc.decoder = c->decoder;
    sc.half_stop = c->half_stop;
    sc.release_ok = c->release_ok;
    return lte_ulsch_create(&sc, &p->ul);
}

static int make_buffers(lte_pusch *p)
{
    size_t nsc = (size_t)p->n_sc, data = nsc * 12, bits = data * 8, grid = (size_t)p->grid_len;
    size_t cf = sizeof(float complex);
    int fail = 0;
    p->h = zalloc(bits, &fail);
    p->hs = zalloc(bits, &fail);
    p->x = zalloc(data * cf, &fail);
    p->z = zalloc(data * cf, &fail);
    p->txgrid = zalloc(grid * cf, &fail);
    p->dmrs[0] = zalloc(nsc * cf, &fail);
    p->dmrs[1] = zalloc(nsc * cf, &fail);
    if (p->cfg.n_rx > 0) {
        for (int r = 0; r < p->cfg.n_rx; r++) {
            p->rxgrid[r] = zalloc(grid * cf, &fail);
            p->hest[r] = zalloc((size_t)p->nsym_sf * nsc * cf, &fail);
        }
        p->hls = zalloc(2 * nsc * cf, &fail);
        p->terms = zalloc(2 * data * sizeof(float), &fail);
        p->zeq = zalloc(data * cf, &fail);
        p->xeq = zalloc(data * cf, &fail);
        p->llr = zalloc(bits * sizeof(float), &fail);
    }
    return fail ? lte_error_set_fn(LTE_ENOMEM, "lte_pusch_create", "out of memory") : 0;
}

int lte_pusch_create(const lte_pusch_cfg *cfg, lte_pusch **out)
{
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    *out = NULL;
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    lte_pusch *p = calloc(1, sizeof *p);
    if (!p)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
    p->cfg = *cfg;
    if (p->cfg.freq_halfwin == 0)
        p->cfg.freq_halfwin = 3;
    p->n_sc = cfg->n_rb_ul * LTE_NSC_RB;
    p->nsymb_slot = cfg->cp == LTE_CP_NORMAL ? 7 : 6;
    p->nsym_sf = 2 * p->nsymb_slot;
    p->l_dmrs = lte_pusch_dmrs_symbol(cfg->cp);
    p->grid_len = p->nsym_sf * p->n_sc;
    p->dmrs_key[0] = -1;
    if ((rc = make_subobjects(p)) < 0 || (rc = make_buffers(p)) < 0) {
        lte_pusch_destroy(p);
        return rc;
    }
    *out = p;
    return 0;
}

void lte_pusch_destroy(lte_pusch *p)
{
    if (!p)
        return;
    lte_ofdm_destroy(p->ofdm);
    lte_tprec_destroy(p->tp);
    lte_ulsch_destroy(p->ul);
    lte_free(p->h);
    lte_free(p->hs);
    lte_free(p->x);
    lte_free(p->z);
    lte_free(p->txgrid);
    lte_free(p->dmrs[0]);
    lte_free(p->dmrs[1]);
    for (int r = 0; r < LTE_PUSCH_MAX_RX; r++) {
        lte_free(p->rxgrid[r]);
        lte_free(p->hest[r]);
    }
    lte_free(p->hls);
    lte_free(p->terms);
    lte_free(p->zeq);
    lte_free(p->xeq);
    lte_free(p->llr);
    free(p);
}

int lte_pusch_subframe_len(const lte_pusch *p)
{
    LTE_CHECK_ARG(p != NULL, "p is NULL");
    return p->sf_len;
}

int lte_pusch_grid_len(const lte_pusch *p)
{
    LTE_CHECK_ARG(p != NULL, "p is NULL");
    return p->grid_len;
}

/* ---- frequency hopping (36.211 §5.3.4, 36.213 §8.4) -------------------------- */

static int ceil_log2(int x)
{
    int b = 0;
    while ((1 << b) < x)
        b++;
    return b;
}

static int check_hop(int n_rb_ul, const lte_pusch_hopping *h, int n_bits)
{
    LTE_CHECK_ARG(h->enabled == 1, "hop.enabled = %d: must be 0 or 1", h->enabled);
    LTE_CHECK_ARG(h->hop_bits >= 0 && h->hop_bits < (1 << n_bits),
                  "hop.hop_bits = %d: N_UL_hop = %d bit(s) for %d PRBs (36.213 Table 8.4-1)",
                  h->hop_bits, n_bits, n_rb_ul);
    LTE_CHECK_ARG(h->n_sb >= 1 && h->n_sb <= 4, "hop.n_sb = %d: must be 1..4", h->n_sb);
    LTE_CHECK_ARG(h->hopping_offset >= 0 && h->hopping_offset <= 98,
                  "hop.hopping_offset = %d: N_RB^HO must be 0..98", h->hopping_offset);
    LTE_CHECK_ARG(h->mode == LTE_PUSCH_HOP_INTER_SF || h->mode == LTE_PUSCH_HOP_INTRA_INTER_SF,
                  "hop.mode = %d is invalid", (int)h->mode);
    LTE_CHECK_ARG(h->current_tx_nb >= 0, "hop.current_tx_nb = %d is negative", h->current_tx_nb);
    LTE_CHECK_ARG((h->tdd & ~1) == 0 && h->sfn >= 0 && h->sfn <= 1023,
                  "hop.tdd = %d, hop.sfn = %d: tdd 0/1, sfn 0..1023", h->tdd, h->sfn);
    return 0;
}

/* 36.213 §8.4.1: the hopping bits move the slot-1 allocation by a fixed
 * fraction of the PUSCH region; Ñ_RB^HO/2 PRBs of PUCCH below it. */
static int hop_type1(int n_rb_ul, const lte_pusch_hopping *h, int n_bits, int rb_start, int l_crb,
                     int prb[2])
{
    int ho = h->hopping_offset + (h->hopping_offset & 1); /* Ñ_RB^HO: even */
    int n_pusch = n_rb_ul - ho - n_rb_ul % 2;
    LTE_CHECK_ARG(n_pusch >= l_crb, "type 1 hopping: N_RB^PUSCH = %d (N_RB^HO = %d) < L_CRBs = %d",
                  n_pusch, h->hopping_offset, l_crb);
    LTE_CHECK_ARG(rb_start >= 0 && rb_start + l_crb <= n_pusch,
                  "type 1 hopping: RB_START %d + L_CRBs %d leaves the N_RB^PUSCH = %d PRBs",
                  rb_start, l_crb, n_pusch);
    /* Table 8.4-2 */
    int shift = n_bits == 1 || h->hop_bits == 2 ? n_pusch / 2
              : h->hop_bits == 0               ? n_pusch / 4
                                               : -(n_pusch / 4);
    int t = ((rb_start + shift) % n_pusch + n_pusch) % n_pusch;
    LTE_CHECK_ARG(t + l_crb <= n_pusch,
                  "type 1 hopping: slot-1 PRBs %d..%d leave the PUSCH region %d..%d (the "
                  "mod of Table 8.4-2 wraps the start only)",
                  t + ho / 2, t + ho / 2 + l_crb - 1, ho / 2, ho / 2 + n_pusch - 1);
    int s1 = rb_start + ho / 2, s2 = t + ho / 2;
    if (h->mode == LTE_PUSCH_HOP_INTRA_INTER_SF) {
        prb[0] = s1;
        prb[1] = s2;
    } else { /* the slot-1 allocation for odd CURRENT_TX_NB, in both slots */
        prb[0] = prb[1] = h->current_tx_nb % 2 ? s2 : s1;
    }
    return 0;
}

/* f_hop(i) and f_m(i) of 36.211 §5.3.4 for N_sb > 1: c(k) of §7.2 with
 * c_init = N_ID^cell (FDD) or 2^9 (n_f mod 4) + N_ID^cell (TDD), restarted
 * every frame, so f_hop is summed from f_hop(-1) = 0 at i = 0. */
static void hop_seq(const lte_pusch_hopping *h, int cell_id, int i, int *fhop, int *fm)
{
    uint8_t c[200]; /* i <= 19 */
    uint32_t c_init = (uint32_t)cell_id + (h->tdd ? 512u * (uint32_t)(h->sfn % 4) : 0u);
    lte_gold_bits(c_init, 10 * i + 10, c);
    int f = 0;
    for (int j = 0; j <= i; j++) {
        int sum = 0;
        for (int k = 10 * j + 1; k <= 10 * j + 9; k++)
            sum += c[k] << (k - (10 * j + 1));
        f = h->n_sb == 2 ? (f + sum) % 2 : (f + sum % (h->n_sb - 1) + 1) % h->n_sb;
    }
    *fhop = f;
    *fm = c[10 * i];
}

/* 36.211 §5.3.4 type 2 (predefined pattern), per slot. */
static int hop_type2(int n_rb_ul, int cell_id, const lte_pusch_hopping *h, int rb_start,
                     int l_crb, int subframe, int prb[2])
{
    int n_sb = h->n_sb, ho = h->hopping_offset;
    int sb_rb = n_sb == 1 ? n_rb_ul : (n_rb_ul - ho - ho % 2) / n_sb; /* N_RB^sb */
    int off = n_sb == 1 ? 0 : (ho + 1) / 2;                            /* ceil(N_RB^HO/2) */
    int v = rb_start - off;                                            /* ñ_VRB */
    LTE_CHECK_ARG(sb_rb >= l_crb,
                  "type 2 hopping: sub-bands of N_RB^sb = %d PRBs (N_sb = %d, N_RB^HO = %d) "
                  "cannot hold L_CRBs = %d", sb_rb, n_sb, ho, l_crb);
    LTE_CHECK_ARG(v >= 0 && v + l_crb <= n_sb * sb_rb && v / sb_rb == (v + l_crb - 1) / sb_rb,
                  "type 2 hopping: VRBs %d..%d must lie in one of the %d sub-bands of %d PRBs "
                  "from PRB %d", rb_start, rb_start + l_crb - 1, n_sb, sb_rb, off);
    for (int slot = 0; slot < 2; slot++) {
        int n_s = 2 * subframe + slot;
        int i = h->mode == LTE_PUSCH_HOP_INTRA_INTER_SF ? n_s : n_s / 2, fhop, fm;
        if (n_sb == 1) {
            fhop = 0;
            fm = (h->mode == LTE_PUSCH_HOP_INTRA_INTER_SF ? i : h->current_tx_nb) % 2;
        } else {
            hop_seq(h, cell_id, i, &fhop, &fm);
        }
        /* mirroring reverses the allocation: its lowest PRB is the last VRB's */
        int w = fm ? v + l_crb - 1 : v;
        int t = (w + fhop * sb_rb + ((sb_rb - 1) - 2 * (w % sb_rb)) * fm) % (sb_rb * n_sb);
        prb[slot] = t + off;
    }
    return 0;
}

int lte_pusch_hop_prb(int n_rb_ul, int cell_id, const lte_pusch_hopping *h, int rb_start,
                      int l_crb, int subframe, int prb[2])
{
    LTE_CHECK_ARG(prb != NULL, "prb is NULL");
    LTE_CHECK_ARG(n_rb_ul >= 6 && n_rb_ul <= LTE_MAX_RB, "n_rb_ul = %d: must be 6..%d", n_rb_ul,
                  LTE_MAX_RB);
    LTE_CHECK_ARG(cell_id >= 0 && cell_id <= 503, "cell_id = %d: must be 0..503", cell_id);
    LTE_CHECK_ARG(subframe >= 0 && subframe <= 9, "subframe = %d: must be 0..9", subframe);
    LTE_CHECK_ARG(l_crb >= 1 && l_crb <= n_rb_ul, "l_crb = %d: must be 1..%d", l_crb, n_rb_ul);
    if (h == NULL || h->enabled == 0) {
        LTE_CHECK_ARG(rb_start >= 0 && rb_start + l_crb <= n_rb_ul,
                      "PRBs %d..%d outside the %d uplink PRBs", rb_start, rb_start + l_crb - 1,
                      n_rb_ul);
        prb[0] = prb[1] = rb_start;
        return 0;
    }
    int n_bits = n_rb_ul < 50 ? 1 : 2; /* N_UL_hop, Table 8.4-1 */
    int rc = check_hop(n_rb_ul, h, n_bits);
    if (rc < 0)
        return rc;
    /* §8.4: the RIV of the shortened RA field (y bits) limits L_CRBs */
    int y = ceil_log2(n_rb_ul * (n_rb_ul + 1) / 2) - n_bits, l_max = (1 << y) / n_rb_ul;
    LTE_CHECK_ARG(l_crb <= l_max,
                  "L_CRBs = %d: a hopping grant in %d PRBs allows at most floor(2^%d / %d) = %d "
                  "(36.213 8.4)", l_crb, n_rb_ul, y, n_rb_ul, l_max);
    if (h->hop_bits == (1 << n_bits) - 1)
        return hop_type2(n_rb_ul, cell_id, h, rb_start, l_crb, subframe, prb);
    return hop_type1(n_rb_ul, h, n_bits, rb_start, l_crb, prb);
}

/* ---- per-grant helpers ------------------------------------------------------ */

/* Validates the grant against the cell, fills the UL-SCH sizes and the
 * first PRB of each slot (36.211 §5.3.4 with hopping). */
static int check_grant_full(const lte_pusch *p, const lte_pusch_grant *g, lte_ulsch_sizes *s,
                            int prb[2])
{
    LTE_CHECK_ARG(g->subframe >= 0 && g->subframe <= 9, "subframe = %d: must be 0..9",
                  g->subframe);
    LTE_CHECK_ARG(g->rnti >= 0 && g->rnti <= 65535, "rnti = %d: must be 0..65535", g->rnti);
    LTE_CHECK_ARG(g->cyclic_shift >= 0 && g->cyclic_shift <= 7 && g->cs_field >= 0 &&
                      g->cs_field <= 7,
                  "cyclic_shift = %d, cs_field = %d: both must be 0..7", g->cyclic_shift,
                  g->cs_field);
    LTE_CHECK_ARG(lte_tprec_valid_mrb(g->ul.n_prb),
                  "ul.n_prb = %d: M_RB must be 2^a 3^b 5^c in 1..110 (36.211 5.3.3)",
                  g->ul.n_prb);
    int rc = lte_pusch_hop_prb(p->cfg.n_rb_ul, p->cfg.cell_id, &g->hop, g->prb_start,
                               g->ul.n_prb, g->subframe, prb);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(g->ul.cp_extended == (p->cfg.cp == LTE_CP_EXTENDED),
                  "ul.cp_extended = %d does not match the cell's CP", g->ul.cp_extended);
    LTE_CHECK_ARG(g->ul.tbs <= p->cfg.tbs_max, "ul.tbs = %d exceeds tbs_max = %d", g->ul.tbs,
                  p->cfg.tbs_max);
    LTE_CHECK_ARG(g->ul.q_m == 2 || g->ul.q_m == 4 || g->ul.q_m == 6 || g->ul.q_m == 8,
                  "ul.q_m = %d: PUSCH modulates QPSK, 16QAM, 64QAM or 256QAM (2, 4, 6, 8)",
                  g->ul.q_m);
    return lte_ulsch_sizes_get(&g->ul, s);
}

/* check_grant_full, remembered for the last grant it accepted: every
 * receiver stage checks the grant, and the UL-SCH sizes (code block
 * segmentation) cost about 0.7 us a time. The result depends on the grant
 * and the object's configuration only; a grant of the same bytes gets the
 * same answer, any other is checked afresh (and failures are never kept,
 * so that each sets its error message). */
static int check_grant(lte_pusch *p, const lte_pusch_grant *g, lte_ulsch_sizes *s, int prb[2])
{
    LTE_CHECK_ARG(g != NULL, "grant is NULL");
    if (p->ck_valid && memcmp(g, &p->ck_grant, sizeof *g) == 0) {
        *s = p->ck_s;
        prb[0] = p->ck_prb[0];
        prb[1] = p->ck_prb[1];
        return 0;
    }
    p->ck_valid = 0;
    int rc = check_grant_full(p, g, s, prb);
    if (rc < 0)
        return rc;
    memcpy(&p->ck_grant, g, sizeof *g);
    p->ck_s = *s;
    p->ck_prb[0] = prb[0];
    p->ck_prb[1] = prb[1];
    p->ck_valid = 1;
    return 0;
}

/* Subframe symbol index of the j-th data SC-FDMA symbol (§5.3.4): all but
 * the two DMRS symbols and, with SRS, the subframe's last symbol. */
static int data_symbols(const lte_pusch *p, const lte_pusch_grant *g, int *l_of)
{
    int n = 0, last = g->ul.n_srs ? p->nsym_sf - 1 : p->nsym_sf;
    for (int l = 0; l < last; l++)
        if (l % p->nsymb_slot != p->l_dmrs)
            l_of[n++] = l;
    return n;
}

static int ulrs_cfg_of(const lte_pusch *p, const lte_pusch_grant *g, lte_ulrs_cfg *u)
{
    u->cell_id = p->cfg.cell_id;
    u->cp = p->cfg.cp;
    u->group_hopping = p->cfg.group_hopping;
    u->seq_hopping = p->cfg.seq_hopping;
    u->delta_ss = p->cfg.delta_ss;
    u->cyclic_shift = g->cyclic_shift;
    return 0;
}

/* The DMRS of both slots (§5.5.2.1, layer 0, no OCC), from the cache when
 * the grant's sequence parameters have not changed. */
static int dmrs_get(lte_pusch *p, const lte_pusch_grant *g)
{
    int key[4] = {g->subframe, g->ul.n_prb, g->cyclic_shift, g->cs_field};
    if (memcmp(key, p->dmrs_key, sizeof key) == 0)
        return 0;
    lte_ulrs_cfg u;
    ulrs_cfg_of(p, g, &u);
    p->dmrs_key[0] = -1;
    for (int m = 0; m < 2; m++) {
        int rc = lte_pusch_dmrs(&u, 2 * g->subframe + m, g->ul.n_prb, g->cs_field, 0, 0,
                                p->dmrs[m]);
        if (rc < 0)
            return rc;
    }
    memcpy(p->dmrs_key, key, sizeof key);
    return 0;
}

static int cinit_of(const lte_pusch *p, const lte_pusch_grant *g, uint32_t *c_init)
{
    return lte_scr_cinit_pusch(g->rnti, 0, 2 * g->subframe, p->cfg.cell_id, c_init);
}

/* ---- transmitter ------------------------------------------------------------ */

/* Data and DMRS of slot m on the PRBs from prb[m] (§5.3.4, §5.5.2.1.2). */
static void map_subframe(lte_pusch *p, const lte_pusch_grant *g, int n_symb, const int prb[2],
                         float complex *grid)
{
    int l_of[LTE_MAX_SYMB_SF], m_sc = g->ul.n_prb * LTE_NSC_RB;
    size_t nsc = (size_t)p->n_sc;
    memset(grid, 0, (size_t)p->grid_len * sizeof *grid);
    data_symbols(p, g, l_of);
    for (int j = 0; j < n_symb; j++)
        memcpy(grid + (size_t)l_of[j] * nsc + prb[l_of[j] / p->nsymb_slot] * LTE_NSC_RB,
               p->z + (size_t)j * (size_t)m_sc, (size_t)m_sc * sizeof *grid);
    for (int m = 0; m < 2; m++)
        memcpy(grid + (size_t)(m * p->nsymb_slot + p->l_dmrs) * nsc + prb[m] * LTE_NSC_RB,
               p->dmrs[m], (size_t)m_sc * sizeof *grid);
}

int lte_pusch_tx(lte_pusch *p, const lte_pusch_grant *g, const uint8_t *tb, const uint8_t *cqi,
                 const uint8_t *ri, const uint8_t *ack, float complex *grid,
                 float complex *samples)
{
    LTE_CHECK_ARG(p != NULL, "p is NULL");
    lte_ulsch_sizes s;
    uint32_t c_init;
    int prb[2];
    int rc = check_grant(p, g, &s, prb);
    if (rc < 0 || (rc = cinit_of(p, g, &c_init)) < 0)
        return rc;
    p->have_tx = 0;
    if ((rc = lte_ulsch_encode(p->ul, &g->ul, tb, cqi, ri, ack, p->h)) < 0 ||
        (rc = lte_ulsch_scramble(p->ul, c_init, p->h, s.n_bits, p->hs)) < 0 ||
        (rc = lte_mod_map((lte_mod)s.q_m, p->hs, s.n_bits, p->x)) < 0 ||
        (rc = lte_tprec_forward(p->tp, g->ul.n_prb, s.n_symb, p->x, p->z)) < 0 ||
        (rc = dmrs_get(p, g)) < 0)
        return rc;
    p->s_tx = s;
    p->have_tx = 1;
    float complex *gr = grid ? grid : p->txgrid;
    map_subframe(p, g, s.n_symb, prb, gr);
    return samples ? lte_ofdm_mod_subframe(p->ofdm, gr, samples) : 0;
}

/* ---- receiver: front end ---------------------------------------------------- */

static int check_rx(const lte_pusch *p, int r)
{
    LTE_CHECK_ARG(p != NULL, "p is NULL");
    LTE_CHECK_ARG(r >= 0 && r < p->cfg.n_rx, "antenna %d: the object has %d RX antennas", r,
                  p->cfg.n_rx);
    return 0;
}

int lte_pusch_rx_demod(lte_pusch *p, int r, const float complex *samples)
{
    int rc = check_rx(p, r);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(samples != NULL, "samples is NULL");
    p->rx_state = RX_NONE; /* new input: later stages are stale */
    if ((rc = lte_ofdm_demod_subframe(p->ofdm, samples, p->rxgrid[r])) < 0)
        return rc;
    p->loaded |= 1u << r;
    return 0;
}

int lte_pusch_rx_load_grid(lte_pusch *p, int r, const float complex *grid)
{
    int rc = check_rx(p, r);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(grid != NULL, "grid is NULL");
    p->rx_state = RX_NONE;
    memcpy(p->rxgrid[r], grid, (size_t)p->grid_len * sizeof *grid);
    p->loaded |= 1u << r;
    return 0;
}

/* ---- receiver: channel estimation ------------------------------------------- */

/* Two complex floats as one SSE2 register: u in lanes 0-1, v in 2-3. */
static inline __m128 pair_load(const float complex *u, const float complex *v)
{
    return _mm_castpd_ps(_mm_loadh_pd(_mm_load_sd((const double *)u), (const double *)v));
}

static inline void pair_store(float complex *u, float complex *v, __m128 x)
{
    _mm_storel_pd((double *)u, _mm_castps_pd(x));
    _mm_storeh_pd((double *)v, _mm_castps_pd(x));
}

/* LS estimate, smoothing and residual of both DMRS symbols of antenna r
 * (36.211 §5.5.2.1 gives the reference signal; the estimator is pusch.h's),
 * the two symbols side by side in the lanes of SSE2 registers (each lane
 * the scalar operation of its symbol):
 *  - LS: Hls_m(k) = y_m(k) conj(d_m(k)) = (yr dr + yi di, yi dr - yr di),
 *    written out (no NaN-recovery branch); *pw the summed |Hls|^2, each
 *    symbol's float sum in subcarrier order, symbol 0's then symbol 1's
 *    added in double;
 *  - smoothing: the moving average of W = 2K+1 points kept inside 0..n-1
 *    (one-sided at the edges) into hest, running sums in double so that
 *    rounding does not drift along a 1200-subcarrier allocation, per
 *    component as C's complex arithmetic does it for these operands (float
 *    complex difference, double complex sum, division by the real W);
 *  - *e2 the summed squared residual Hls - Hs over the centred windows
 *    (k = K .. n-K-1, float sums in subcarrier order, symbol 0's then 1's
 *    added in double), *cnt its count. */
static void chest_dmrs(lte_pusch *p, const lte_pusch_grant *g, const int prb[2], int r,
                       double *e2, int *cnt, double *pw)
{
    const int n = g->ul.n_prb * LTE_NSC_RB, K = p->cfg.freq_halfwin, W = 2 * K + 1;
    const float complex *y[2], *d[2];
    float complex *hls[2], *hs[2];
    for (int m = 0; m < 2; m++) {
        int l = m * p->nsymb_slot + p->l_dmrs;
        y[m] = p->rxgrid[r] + (size_t)l * (size_t)p->n_sc + prb[m] * LTE_NSC_RB;
        d[m] = p->dmrs[m];
        hls[m] = p->hls + (size_t)m * (size_t)p->n_sc;
        hs[m] = p->hest[r] + (size_t)l * (size_t)n;
    }
    /* LS: p = (yr dr, yi dr), q = (yi di, yr di), q's odd lanes negated
     * (exact), p + q; the power terms hr hr + hi hi in lanes 0 and 2 */
    const __m128 odd = _mm_setr_ps(0.0f, -0.0f, 0.0f, -0.0f);
    __m128 pwr = _mm_setzero_ps();
    for (int k = 0; k < n; k++) {
        __m128 yv = pair_load(y[0] + k, y[1] + k), dv = pair_load(d[0] + k, d[1] + k);
        __m128 dre = _mm_shuffle_ps(dv, dv, _MM_SHUFFLE(2, 2, 0, 0));
        __m128 dim = _mm_shuffle_ps(dv, dv, _MM_SHUFFLE(3, 3, 1, 1));
        __m128 ysw = _mm_shuffle_ps(yv, yv, _MM_SHUFFLE(2, 3, 0, 1));
        __m128 h = _mm_add_ps(_mm_mul_ps(yv, dre), _mm_xor_ps(_mm_mul_ps(ysw, dim), odd));
        pair_store(hls[0] + k, hls[1] + k, h);
        __m128 sq = _mm_mul_ps(h, h);
        pwr = _mm_add_ps(pwr, _mm_add_ps(sq, _mm_shuffle_ps(sq, sq, _MM_SHUFFLE(2, 3, 0, 1))));
    }
    /* smoothing, (re, im) of one symbol per double register */
    const float complex *a = hls[0], *b = hls[1];
    __m128d sa = _mm_setzero_pd(), sb = _mm_setzero_pd();
    for (int k = 0; k < W; k++) {
        __m128 v = pair_load(a + k, b + k);
        sa = _mm_add_pd(sa, _mm_cvtps_pd(v));
        sb = _mm_add_pd(sb, _mm_cvtps_pd(_mm_movehl_ps(v, v)));
    }
    const __m128d wd = _mm_set1_pd((double)W);
    __m128 err = _mm_setzero_ps();
    int start = 0;
    for (int k = 0; k < n; k++) {
        int want = LTE_MIN(LTE_MAX(k - K, 0), n - W);
        if (want > start) { /* slide by one: want advances at most one per k */
            __m128 df = _mm_sub_ps(pair_load(a + start + W, b + start + W),
                                   pair_load(a + start, b + start));
            sa = _mm_add_pd(sa, _mm_cvtps_pd(df));
            sb = _mm_add_pd(sb, _mm_cvtps_pd(_mm_movehl_ps(df, df)));
            start = want;
        }
        __m128 hsv = _mm_movelh_ps(_mm_cvtpd_ps(_mm_div_pd(sa, wd)),
                                   _mm_cvtpd_ps(_mm_div_pd(sb, wd)));
        pair_store(hs[0] + k, hs[1] + k, hsv);
        if (k >= K && k < n - K) { /* the residual, (Hls - Hs)^2 summed as pwr */
            __m128 e = _mm_sub_ps(pair_load(a + k, b + k), hsv);
            __m128 sq = _mm_mul_ps(e, e);
            err = _mm_add_ps(err, _mm_add_ps(sq, _mm_shuffle_ps(sq, sq, _MM_SHUFFLE(2, 3, 0, 1))));
        }
    }
    float pw4[4], e4[4];
    _mm_storeu_ps(pw4, pwr);
    _mm_storeu_ps(e4, err);
    *e2 = 0;
    *pw = 0;
    *e2 += e4[0];
    *e2 += e4[2];
    *pw += pw4[0];
    *pw += pw4[2];
    *cnt = 2 * (n - 2 * K);
}

/* Every symbol from the two DMRS estimates: linear in between, held outside;
 * when the slots sit on different PRBs (hopping) each slot's estimate is held
 * over its own slot, the other slot's DMRS telling nothing about its PRBs. */
static void interp_time(lte_pusch *p, int r, int m_sc, int per_slot)
{
    int t0 = p->l_dmrs, t1 = p->nsymb_slot + p->l_dmrs;
    const float complex *h0 = p->hest[r] + (size_t)t0 * (size_t)m_sc;
    const float complex *h1 = p->hest[r] + (size_t)t1 * (size_t)m_sc;
    for (int l = 0; l < p->nsym_sf; l++) {
        if (l == t0 || l == t1)
            continue;
        if (per_slot) {
            memcpy(p->hest[r] + (size_t)l * (size_t)m_sc, l < p->nsymb_slot ? h0 : h1,
                   (size_t)m_sc * sizeof *h0);
            continue;
        }
        float a = l <= t0 ? 0.0f : l >= t1 ? 1.0f : (float)(l - t0) / (float)(t1 - t0);
        float complex *h = p->hest[r] + (size_t)l * (size_t)m_sc;
        /* h0 + a (h1 - h0) per component, as C's float * float complex */
        lte_lerp((const float *)h0, (const float *)h1, a, 2 * m_sc, (float *)h, p->cfg.simd);
    }
}

int lte_pusch_rx_chest(lte_pusch *p, const lte_pusch_grant *g)
{
    LTE_CHECK_ARG(p != NULL && p->cfg.n_rx > 0, "no receiver (p NULL or n_rx = 0)");
    lte_ulsch_sizes s;
    int prb[2];
    int rc = check_grant(p, g, &s, prb);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(p->loaded == (1u << p->cfg.n_rx) - 1,
                  "not every antenna's grid is loaded (demod or load_grid first)");
    if ((rc = dmrs_get(p, g)) < 0)
        return rc;
    int W = 2 * p->cfg.freq_halfwin + 1;
    for (int r = 0; r < p->cfg.n_rx; r++) {
        double e2, pw;
        int cnt;
        chest_dmrs(p, g, prb, r, &e2, &cnt, &pw);
        double n0 = e2 / cnt * W / (W - 1), floor = 1e-6 * pw / (2.0 * g->ul.n_prb * LTE_NSC_RB);
        p->n0[r] = (float)LTE_MAX(n0, floor);
        if (!(p->n0[r] > 0.0f)) /* an all-zero input: any positive value will do */
            p->n0[r] = 1e-30f;
        interp_time(p, r, g->ul.n_prb * LTE_NSC_RB, prb[0] != prb[1]);
    }
    p->s_rx = s;
    p->rx_state = RX_CHEST;
    return 0;
}

/* ---- receiver: equalisation, IDFT, demapping --------------------------------- */

static int need_state(lte_pusch *p, const lte_pusch_grant *g, int state, lte_ulsch_sizes *s,
                      int prb[2])
{
    LTE_CHECK_ARG(p != NULL && p->cfg.n_rx > 0, "no receiver (p NULL or n_rx = 0)");
    int rc = check_grant(p, g, s, prb);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(p->rx_state >= state, "receiver stage called out of order (state %d < %d)",
                  p->rx_state, state);
    return 0;
}

/* Variance of the channel-estimate error in symbol l relative to N0: the
 * W-point average leaves N0/W at each DMRS symbol; linear interpolation with
 * weight a mixes two independent errors ((1-a)^2 + a^2); held symbols (all
 * of them when the estimate is per slot) keep one. */
static float est_err_factor(const lte_pusch *p, int l, int per_slot)
{
    int t0 = p->l_dmrs, t1 = p->nsymb_slot + p->l_dmrs;
    float a = l <= t0 || per_slot ? 0.0f : l >= t1 ? 1.0f : (float)(l - t0) / (float)(t1 - t0);
    return ((1.0f - a) * (1.0f - a) + a * a) / (float)(2 * p->cfg.freq_halfwin + 1);
}

/* Sums of each of `rows` rows of n floats, each added in index order from
 * 0 (the sequential float sum, so the rounding is that of the plain loop),
 * four rows at a time in the lanes of an SSE2 register: a 4x4 transpose
 * turns four consecutive terms of four rows into four lane-wise additions.
 * Two such groups per pass where there are eight rows, so that the two
 * chains of additions overlap. */
static void row_sums(const float *a, int rows, int n, float *out)
{
    int j = 0;
    for (; j + 8 <= rows; j += 8) {
        const float *r0 = a + (size_t)j * n, *r1 = r0 + n, *r2 = r1 + n, *r3 = r2 + n;
        const float *r4 = r3 + n, *r5 = r4 + n, *r6 = r5 + n, *r7 = r6 + n;
        __m128 acc = _mm_setzero_ps(), acc2 = _mm_setzero_ps();
        int k = 0;
        for (; k + 4 <= n; k += 4) {
            __m128 c0 = _mm_loadu_ps(r0 + k), c1 = _mm_loadu_ps(r1 + k);
            __m128 c2 = _mm_loadu_ps(r2 + k), c3 = _mm_loadu_ps(r3 + k);
            __m128 c4 = _mm_loadu_ps(r4 + k), c5 = _mm_loadu_ps(r5 + k);
            __m128 c6 = _mm_loadu_ps(r6 + k), c7 = _mm_loadu_ps(r7 + k);
            _MM_TRANSPOSE4_PS(c0, c1, c2, c3);
            _MM_TRANSPOSE4_PS(c4, c5, c6, c7);
            acc = _mm_add_ps(_mm_add_ps(_mm_add_ps(_mm_add_ps(acc, c0), c1), c2), c3);
            acc2 = _mm_add_ps(_mm_add_ps(_mm_add_ps(_mm_add_ps(acc2, c4), c5), c6), c7);
        }
        float s[8];
        _mm_storeu_ps(s, acc);
        _mm_storeu_ps(s + 4, acc2);
        for (; k < n; k++)
            s[0] += r0[k], s[1] += r1[k], s[2] += r2[k], s[3] += r3[k], s[4] += r4[k],
            s[5] += r5[k], s[6] += r6[k], s[7] += r7[k];
        memcpy(out + j, s, sizeof s);
    }
    for (; j + 4 <= rows; j += 4) {
        const float *r0 = a + (size_t)j * n, *r1 = r0 + n, *r2 = r1 + n, *r3 = r2 + n;
        __m128 acc = _mm_setzero_ps();
        int k = 0;
        for (; k + 4 <= n; k += 4) {
            __m128 c0 = _mm_loadu_ps(r0 + k), c1 = _mm_loadu_ps(r1 + k);
            __m128 c2 = _mm_loadu_ps(r2 + k), c3 = _mm_loadu_ps(r3 + k);
            _MM_TRANSPOSE4_PS(c0, c1, c2, c3);
            acc = _mm_add_ps(_mm_add_ps(_mm_add_ps(_mm_add_ps(acc, c0), c1), c2), c3);
        }
        float s[4];
        _mm_storeu_ps(s, acc);
        for (; k < n; k++)
            s[0] += r0[k], s[1] += r1[k], s[2] += r2[k], s[3] += r3[k];
        memcpy(out + j, s, sizeof s);
    }
    for (; j < rows; j++) {
        float s = 0;
        for (int k = 0; k < n; k++)
            s += a[(size_t)j * n + k];
        out[j] = s;
    }
}

/* Every data symbol j: Zhat(k) = sum_r conj(H_r) Y_r / N0_r / (1 + gamma_k)
 * (kernels/mrc.h lte_mmse, one vectorised pass per symbol), and the
 * symbol's mean signal gain mu and mean output power P after the IDFT,
 * corrected for the channel-estimate error (pusch.h, step 4):
 *   mu = (1/M) sum_k (gamma_k - delta) t_k,
 *   P  = (1/M) sum_k ((gamma_k - delta)^2 + gamma_k (1 + eps)) t_k^2,
 * t_k = 1 / (1 + gamma_k). The per-subcarrier terms are kept and summed in
 * subcarrier order (float is enough: at most 1320 positive terms), for all
 * symbols together so that the additions of different symbols overlap. */
int lte_pusch_rx_equalize(lte_pusch *p, const lte_pusch_grant *g)
{
    lte_ulsch_sizes s;
    int prb[2];
    int rc = need_state(p, g, RX_CHEST, &s, prb);
    if (rc < 0)
        return rc;
    int l_of[LTE_MAX_SYMB_SF], m_sc = g->ul.n_prb * LTE_NSC_RB, n_rx = p->cfg.n_rx;
    data_symbols(p, g, l_of);
    lte_mmse_io io = {.n_rx = n_rx, .n = m_sc};
    for (int r = 0; r < n_rx; r++)
        io.w[r] = 1.0f / p->n0[r];
    float *m1 = p->terms, *m2 = p->terms + (size_t)s.n_symb * (size_t)m_sc;
    for (int j = 0; j < s.n_symb; j++) {
        int l = l_of[j];
        size_t yoff = (size_t)l * (size_t)p->n_sc + (size_t)prb[l / p->nsymb_slot] * LTE_NSC_RB;
        size_t hoff = (size_t)l * (size_t)m_sc;
        for (int r = 0; r < n_rx; r++) {
            io.h[r] = (const float *)(p->hest[r] + hoff);
            io.y[r] = (const float *)(p->rxgrid[r] + yoff);
        }
        float eps = est_err_factor(p, l, prb[0] != prb[1]);
        io.delta = (float)n_rx * eps;
        io.c2 = 1.0f + eps;
        io.z = (float *)(p->zeq + (size_t)j * (size_t)m_sc);
        io.m1 = m1 + (size_t)j * (size_t)m_sc;
        io.m2 = m2 + (size_t)j * (size_t)m_sc;
        if ((rc = lte_mmse(&io, p->cfg.simd)) < 0)
            return rc;
    }
    /* m2 follows m1: all 2 n_symb rows in one call */
    float sums[2 * LTE_MAX_SYMB_SF];
    row_sums(m1, 2 * s.n_symb, m_sc, sums);
    memcpy(p->mu, sums, sizeof(float) * (size_t)s.n_symb);
    memcpy(p->pw, sums + s.n_symb, sizeof(float) * (size_t)s.n_symb);
    for (int j = 0; j < s.n_symb; j++) {
        p->mu[j] /= (float)m_sc;
        p->pw[j] /= (float)m_sc;
    }
    p->rx_state = RX_EQ;
    return 0;
}

int lte_pusch_rx_idft(lte_pusch *p, const lte_pusch_grant *g)
{
    lte_ulsch_sizes s;
    int prb[2];
    int rc = need_state(p, g, RX_EQ, &s, prb);
    if (rc < 0)
        return rc;
    int m_sc = g->ul.n_prb * LTE_NSC_RB;
    /* symbol by symbol, so that the 1/mu scaling finds the DFT's output still
     * in L1 (one pass over all symbols after all the DFTs read it back from
     * L2: about 4 us at 100 PRB); the same products either way */
    for (int j = 0; j < s.n_symb; j++) {
        size_t off = (size_t)j * (size_t)m_sc;
        if ((rc = lte_tprec_inverse(p->tp, g->ul.n_prb, 1, p->zeq + off, p->xeq + off)) < 0)
            return rc;
        /* SINR = mu^2 / (P - mu^2) (pusch.h); clamped so that N0 stays finite */
        float mu = LTE_MAX(p->mu[j], 1e-9f);
        float err = LTE_MAX(p->pw[j] - mu * mu, 1e-7f * mu * mu);
        p->sinr[j] = mu * mu / err;
        p->n0sym[j] = err / (mu * mu);
        /* x inv per component (C's float complex * float) */
        p->vec->scale(p->xeq + off, p->xeq + off, m_sc, 1.0f / mu);
    }
    p->rx_state = RX_IDFT;
    return 0;
}

int lte_pusch_rx_demap(lte_pusch *p, const lte_pusch_grant *g)
{
    lte_ulsch_sizes s;
    int prb[2];
    int rc = need_state(p, g, RX_IDFT, &s, prb);
    if (rc < 0)
        return rc;
    int m_sc = g->ul.n_prb * LTE_NSC_RB;
    for (int j = 0; j < s.n_symb; j++) {
        rc = lte_demap_maxlog((lte_mod)s.q_m, p->xeq + (size_t)j * (size_t)m_sc, m_sc,
                              &p->n0sym[j], 1, p->llr + (size_t)j * (size_t)m_sc * (size_t)s.q_m,
                              p->cfg.simd);
        if (rc < 0)
            return rc;
    }
    p->rx_state = RX_DEMAP;
    return 0;
}

int lte_pusch_rx_descramble(lte_pusch *p, const lte_pusch_grant *g)
{
    lte_ulsch_sizes s;
    uint32_t c_init;
    int prb[2];
    int rc = need_state(p, g, RX_DEMAP, &s, prb);
    if (rc < 0 || (rc = cinit_of(p, g, &c_init)) < 0)
        return rc;
    LTE_CHECK_ARG(p->rx_state == RX_DEMAP, "descrambling twice without demapping again");
    if ((rc = lte_ulsch_descramble(p->ul, &g->ul, c_init, p->llr)) < 0)
        return rc;
    p->rx_state = RX_DESCR;
    return 0;
}

/* lte_pusch_rx_demap and lte_pusch_rx_descramble in one pass over the soft
 * values: the sequence as words first, each symbol's soft values
 * descrambled as the demapper stores them (from bit j M_sc Q_m of the
 * sequence), then the placeholders; the same values (sign flips are exact). */
static int rx_demap_descramble(lte_pusch *p, const lte_pusch_grant *g)
{
    lte_ulsch_sizes s;
    uint32_t c_init;
    int prb[2];
    const uint64_t *w = NULL;
    int rc = need_state(p, g, RX_IDFT, &s, prb);
    if (rc < 0 || (rc = cinit_of(p, g, &c_init)) < 0 ||
        (rc = lte_ulsch_scr_words(p->ul, &g->ul, c_init, &w)) < 0)
        return rc;
    long m_sc = g->ul.n_prb * LTE_NSC_RB;
    for (int j = 0; j < s.n_symb; j++) {
        long off = j * m_sc * s.q_m;
        rc = lte_demap_maxlog_words((lte_mod)s.q_m, p->xeq + j * m_sc, (int)m_sc, &p->n0sym[j], 1,
                                    w, off, p->llr + off, p->cfg.simd);
        if (rc < 0)
            return rc;
    }
    if ((rc = lte_ulsch_fix_placeholders(&g->ul, w, p->llr)) < 0)
        return rc;
    p->rx_state = RX_DESCR;
    return 0;
}

static void fill_result(const lte_pusch *p, int n_symb, lte_pusch_rx_result *res)
{
    for (int r = 0; r < LTE_PUSCH_MAX_RX; r++)
        res->n0[r] = r < p->cfg.n_rx ? p->n0[r] : 0.0f;
    double sum = 0, mn = INFINITY;
    for (int j = 0; j < n_symb; j++) {
        double db = 10.0 * log10(p->sinr[j]);
        sum += db;
        mn = db < mn ? db : mn;
    }
    res->sinr_db_mean = (float)(sum / n_symb);
    res->sinr_db_min = (float)mn;
}

int lte_pusch_rx_decode(lte_pusch *p, const lte_pusch_grant *g, lte_sch_harq *harq,
                        uint8_t *tb, uint8_t *cqi, uint8_t *ri, uint8_t *ack,
                        lte_pusch_rx_result *res)
{
    lte_ulsch_sizes s;
    int prb[2];
    int rc = need_state(p, g, RX_DESCR, &s, prb);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(res != NULL, "res is NULL");
    memset(res, 0, sizeof *res);
    if ((rc = lte_ulsch_decode(p->ul, harq, &g->ul, p->llr, tb, cqi, ri, ack, &res->ul)) < 0)
        return rc;
    fill_result(p, s.n_symb, res);
    return 0;
}

int lte_pusch_rx(lte_pusch *p, const lte_pusch_grant *g, const float complex *const *samples,
                 lte_sch_harq *harq, uint8_t *tb, uint8_t *cqi, uint8_t *ri, uint8_t *ack,
                 lte_pusch_rx_result *res)
{
    LTE_CHECK_ARG(p != NULL && p->cfg.n_rx > 0, "no receiver (p NULL or n_rx = 0)");
    LTE_CHECK_ARG(samples != NULL, "samples is NULL");
    int rc = 0;
    for (int r = 0; r < p->cfg.n_rx && rc == 0; r++)
        rc = lte_pusch_rx_demod(p, r, samples[r]);
    if (rc < 0 || (rc = lte_pusch_rx_chest(p, g)) < 0 || (rc = lte_pusch_rx_equalize(p, g)) < 0 ||
        (rc = lte_pusch_rx_idft(p, g)) < 0 || (rc = rx_demap_descramble(p, g)) < 0)
        return rc;
    return lte_pusch_rx_decode(p, g, harq, tb, cqi, ri, ack, res);
}

/* ---- stages ----------------------------------------------------------------- */

/* 1 if the stage has been computed (for antenna r where it applies). */
static int stage_ready(const lte_pusch *p, lte_pusch_stage stage, int r)
{
    switch (stage) {
    case LTE_PUSCH_TX_BITS:
    case LTE_PUSCH_TX_SCRAMBLED:
    case LTE_PUSCH_TX_SYMBOLS:
    case LTE_PUSCH_TX_PRECODED: return p->have_tx;
    case LTE_PUSCH_RX_GRID: return (p->loaded >> r) & 1;
    case LTE_PUSCH_RX_CHEST: return p->rx_state >= RX_CHEST;
    case LTE_PUSCH_RX_EQUALIZED: return p->rx_state >= RX_EQ;
    case LTE_PUSCH_RX_SYMBOLS:
    case LTE_PUSCH_RX_SINR: return p->rx_state >= RX_IDFT;
    case LTE_PUSCH_RX_LLR: return p->rx_state >= RX_DEMAP;
    }
    return 0;
}

int lte_pusch_stage_get(const lte_pusch *p, lte_pusch_stage stage, int r, const void **data,
                        int *n)
{
    LTE_CHECK_ARG(p != NULL && data != NULL && n != NULL, "NULL argument");
    LTE_CHECK_ARG(stage >= LTE_PUSCH_TX_BITS && stage <= LTE_PUSCH_RX_LLR, "stage %d is unknown",
                  (int)stage);
    if (stage == LTE_PUSCH_RX_GRID || stage == LTE_PUSCH_RX_CHEST) {
        int rc = check_rx(p, r);
        if (rc < 0)
            return rc;
    }
    LTE_CHECK_ARG(stage_ready(p, stage, r), "stage %d: not computed yet", (int)stage);
    const lte_ulsch_sizes *t = &p->s_tx, *s = &p->s_rx;
    switch (stage) {
    case LTE_PUSCH_TX_BITS: *data = p->h; *n = t->n_bits; break;
    case LTE_PUSCH_TX_SCRAMBLED: *data = p->hs; *n = t->n_bits; break;
    case LTE_PUSCH_TX_SYMBOLS: *data = p->x; *n = t->n_symb * t->m_sc; break;
    case LTE_PUSCH_TX_PRECODED: *data = p->z; *n = t->n_symb * t->m_sc; break;
    case LTE_PUSCH_RX_GRID: *data = p->rxgrid[r]; *n = p->grid_len; break;
    case LTE_PUSCH_RX_CHEST: *data = p->hest[r]; *n = p->nsym_sf * s->m_sc; break;
    case LTE_PUSCH_RX_EQUALIZED: *data = p->zeq; *n = s->n_symb * s->m_sc; break;
    case LTE_PUSCH_RX_SYMBOLS: *data = p->xeq; *n = s->n_symb * s->m_sc; break;
    case LTE_PUSCH_RX_SINR: *data = p->sinr; *n = s->n_symb; break;
    case LTE_PUSCH_RX_LLR: *data = p->llr; *n = s->n_bits; break;
    }
    return 0;
}
