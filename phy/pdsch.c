/* PDSCH (36.211 §6.3, §6.4) in both directions, and the receiver scratch
 * and equalisation shared by every downlink channel receiver.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <emmintrin.h> /* SSE2: part of baseline x86-64 */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/dleq.h"
#include "ltephy/dlphy.h"
#include "ltephy/scrambling.h"
#include "phy/modulation_internal.h"

#define NV_FLOOR 1e-6f

/* ---- Receiver scratch ------------------------------------------------------ */

int lte_dlrx_create(const lte_cell_cfg *cell, int max_rx, lte_dlrx **out)
{
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    *out = NULL;
    int rc = lte_cell_validate(cell);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(max_rx >= 1 && max_rx <= LTE_MIMO_MAX_RX, "max_rx = %d: must be 1..%d", max_rx,
                  LTE_MIMO_MAX_RX);
    lte_dlrx *rx = lte_alloc(sizeof(*rx));
    if (!rx)
        return lte_error_set(LTE_ENOMEM, "lte_dlrx_create: out of memory");
    size_t n = (size_t)lte_cell_n_sc(cell) * lte_cell_symb_per_subframe(cell);
    rx->max_re = (int)n;
    rx->max_rx = max_rx;
    rx->r = lte_alloc(n * max_rx * sizeof(float complex));
    rx->h = lte_alloc(n * max_rx * LTE_MAX_PORTS * sizeof(float complex));
    rx->x = lte_alloc((n * LTE_MAX_LAYERS + 8) * sizeof(float complex));
    rx->nv = lte_alloc((n * LTE_MAX_LAYERS + 8) * sizeof(float));
    rx->llr = lte_alloc((n * LTE_MAX_LAYERS * 8 + 64) * sizeof(float));
    rx->llr2 = lte_alloc((n * LTE_MAX_LAYERS * 8 + 64) * sizeof(float));
    rx->idx = lte_alloc(n * sizeof(uint32_t));
    int drc = lte_ctrl_dec_create(&rx->dec);
    if (!rx->r || !rx->h || !rx->x || !rx->nv || !rx->llr || !rx->llr2 || !rx->idx || drc < 0) {
        lte_dlrx_destroy(rx);
        return drc < 0 ? drc : lte_error_set(LTE_ENOMEM, "lte_dlrx_create: out of memory");
    }
    *out = rx;
    return 0;
}

void lte_dlrx_destroy(lte_dlrx *rx)
{
    if (!rx)
        return;
    lte_free(rx->r);
    lte_free(rx->h);
    lte_free(rx->x);
    lte_free(rx->nv);
    lte_free(rx->llr);
    lte_free(rx->llr2);
    lte_free(rx->idx);
    lte_ctrl_dec_destroy(rx->dec);
    lte_free(rx);
}

static int check_rxin(const lte_dlrx *rx, const lte_dl_rxin *in, int n_ports)
{
    LTE_CHECK_ARG(rx != NULL && in != NULL, "rx or in is NULL");
    LTE_CHECK_ARG(in->n_rx >= 1 && in->n_rx <= rx->max_rx, "n_rx = %d: must be 1..%d", in->n_rx,
                  rx->max_rx);
    LTE_CHECK_ARG(in->n_ports == 1 || in->n_ports == 2 || in->n_ports == 4,
                  "in->n_ports = %d: must be 1, 2 or 4", in->n_ports);
    LTE_CHECK_ARG(n_ports >= 1 && n_ports <= in->n_ports,
                  "%d ports needed, the input has channels for %d", n_ports, in->n_ports);
    LTE_CHECK_ARG(in->y != NULL && in->h != NULL, "y or h is NULL");
    LTE_CHECK_ARG(isfinite(in->n0) && in->n0 >= 0, "n0 = %g: must be finite and >= 0",
                  (double)in->n0);
    LTE_CHECK_ARG(in->eq == LTE_EQ_ZF || in->eq == LTE_EQ_MMSE, "eq = %d: invalid", (int)in->eq);
    for (int a = 0; a < in->n_rx; a++) {
        LTE_CHECK_ARG(in->y[a] != NULL, "y[%d] is NULL", a);
        for (int p = 0; p < n_ports; p++)
            LTE_CHECK_ARG(in->h[a * in->n_ports + p] != NULL, "h[%d] is NULL",
                          a * in->n_ports + p);
    }
    return 0;
}

int lte_dl_gather(lte_dlrx *rx, const lte_dl_rxin *in, int n_ports, const uint32_t *idx, int n,
                  const uint8_t *swap)
{
    int rc = check_rxin(rx, in, n_ports);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(n >= 0 && n <= rx->max_re, "n = %d: must be 0..%d", n, rx->max_re);
    LTE_CHECK_ARG(n == 0 || idx != NULL, "idx is NULL");
    int nr = in->n_rx, P = n_ports;
    for (int k = 0; k < n; k++) {
        LTE_CHECK_ARG(idx[k] < (uint32_t)rx->max_re, "idx[%d] = %u is outside the grid", k,
                      (unsigned)idx[k]);
        int sw = swap && swap[k];
        for (int a = 0; a < nr; a++) {
            rx->r[(size_t)k * nr + a] = in->y[a][idx[k]];
            float complex *hk = rx->h + ((size_t)k * nr + a) * P;
            for (int p = 0; p < P; p++) {
                int src = sw ? (p ^ 1) : p; /* §6.9.2 alternate: ports 0<->1, 2<->3 */
                hk[p] = in->h[a * in->n_ports + src][idx[k]];
            }
        }
    }
    return 0;
}

int lte_dl_equalize(lte_dlrx *rx, const lte_dl_rxin *in, const lte_mimo_cfg *mimo,
                    const uint32_t *idx, int n, const uint8_t *swap)
{
    LTE_CHECK_ARG(mimo != NULL, "mimo is NULL");
    int rc = lte_mimo_validate(mimo);
    if (rc < 0 || (rc = lte_dl_gather(rx, in, mimo->n_ports, idx, n, swap)) < 0)
        return rc;
    int nout;
    if (mimo->scheme == LTE_TX_DIVERSITY) {
        rc = lte_sfbc_combine(mimo, in->eq, in->n_rx, rx->r, rx->h, in->n0, n, rx->x, rx->nv);
        nout = mimo->n_ports * ((n + mimo->n_ports - 1) / mimo->n_ports);
    } else {
        rc = lte_mimo_detect(mimo, in->eq, in->n_rx, rx->r, rx->h, in->n0, n, rx->x, rx->nv);
        nout = n * mimo->n_layers;
    }
    if (rc < 0)
        return rc;
    for (int i = 0; i < nout; i++)
        if (!(rx->nv[i] >= NV_FLOOR))
            rx->nv[i] = NV_FLOOR;
    return 0;
}

int lte_dl_ctrl_mimo(int n_ports, lte_mimo_cfg *mimo)
{
    LTE_CHECK_ARG(mimo != NULL, "mimo is NULL");
    LTE_CHECK_ARG(n_ports == 1 || n_ports == 2 || n_ports == 4, "n_ports = %d: must be 1, 2, 4",
                  n_ports);
    /* §6.6.3, §6.7.3, §6.8.4, §6.9.2: one port, or transmit diversity */
    mimo->scheme = n_ports == 1 ? LTE_TX_SINGLE_PORT : LTE_TX_DIVERSITY;
    mimo->n_ports = n_ports;
    mimo->n_layers = n_ports;
    mimo->n_cw = 1;
    mimo->codebook = 0;
    return 0;
}

/* ---- PDSCH sizes ------------------------------------------------------------ */

int lte_pdsch_cw_layers(const lte_mimo_cfg *mimo, int q)
{
    LTE_CHECK_ARG(mimo != NULL, "mimo is NULL");
    int rc = lte_mimo_validate(mimo);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(q >= 0 && q < mimo->n_cw, "q = %d: the configuration has %d codewords", q,
                  mimo->n_cw);
    if (mimo->scheme == LTE_TX_DIVERSITY)
        return 1;
    if (mimo->n_cw == 1)
        return mimo->n_layers;
    /* Table 6.3.3.2-1: codeword 0 on floor(v/2) layers, codeword 1 on the rest */
    int v0 = mimo->n_layers / 2;
    return q == 0 ? v0 : mimo->n_layers - v0;
}

static int check_grid(const lte_grid *g)
{
    LTE_CHECK_ARG(g != NULL, "grid is NULL");
    return 0;
}

int lte_pdsch_re_count(const lte_grid *g, const uint8_t *prb_mask)
{
    int rc = check_grid(g);
    if (rc < 0)
        return rc;
    return lte_grid_re_list(&g->cell, g->map, LTE_RE_PDSCH, 0, g->n_symb, prb_mask, NULL, 0);
}

/* PRBs of the odd slot: prb_mask2, or prb_mask when prb_mask2 is all zero
 * (36.211 §6.2.3.2: only distributed VRBs differ between the slots). */
static const uint8_t *pdsch_mask2(const lte_pdsch_cfg *cfg)
{
    for (int i = 0; i < LTE_MAX_RB; i++)
        if (cfg->prb_mask2[i])
            return cfg->prb_mask2;
    return cfg->prb_mask;
}

/* PDSCH REs of the allocation: the even slot's symbols with prb_mask, the
 * odd slot's with pdsch_mask2 (as lte_ra_re_list). */
static int pdsch_cfg_re_count(const lte_grid *g, const lte_pdsch_cfg *cfg)
{
    const uint8_t *m2 = pdsch_mask2(cfg);
    if (m2 == cfg->prb_mask)
        return lte_pdsch_re_count(g, cfg->prb_mask);
    int half = g->n_symb / 2;
    int n0 = lte_grid_re_list(&g->cell, g->map, LTE_RE_PDSCH, 0, half, cfg->prb_mask, NULL, 0);
    int n1 = lte_grid_re_list(&g->cell, g->map, LTE_RE_PDSCH, half, g->n_symb, m2, NULL, 0);
    return n0 < 0 ? n0 : n1 < 0 ? n1 : n0 + n1;
}

static int check_pdsch_cfg(const lte_grid *g, const lte_pdsch_cfg *cfg)
{
    LTE_CHECK_ARG(cfg != NULL, "cfg is NULL");
    int rc = lte_mimo_validate(&cfg->mimo);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(cfg->mimo.n_ports == g->n_ports, "mimo.n_ports = %d but the cell has %d ports",
                  cfg->mimo.n_ports, g->n_ports);
    for (int q = 0; q < cfg->mimo.n_cw; q++) {
        lte_mod m = cfg->mod[q];
        LTE_CHECK_ARG(m == LTE_MOD_QPSK || m == LTE_MOD_16QAM || m == LTE_MOD_64QAM ||
                          m == LTE_MOD_256QAM,
                      "mod[%d] = %d: PDSCH uses QPSK, 16QAM, 64QAM or 256QAM (§6.3.2)", q, (int)m);
        LTE_CHECK_ARG(cfg->rv[q] >= 0 && cfg->rv[q] <= 3, "rv[%d] = %d: must be 0..3", q,
                      cfg->rv[q]);
    }
    return 0;
}

int lte_pdsch_g(const lte_grid *g, const lte_pdsch_cfg *cfg, int q, int *n_l)
{
    int rc = check_grid(g);
    if (rc < 0 || (rc = check_pdsch_cfg(g, cfg)) < 0)
        return rc;
    int v = lte_pdsch_cw_layers(&cfg->mimo, q);
    if (v < 0)
        return v;
    int n_re = pdsch_cfg_re_count(g, cfg);
    if (n_re < 0)
        return n_re;
    if (n_l) /* 36.212 §5.1.4.1.2: N_L = 2 for transmit diversity */
        *n_l = cfg->mimo.scheme == LTE_TX_DIVERSITY ? 2 : v;
    return n_re * (int)cfg->mod[q] * v;
}

/* ---- PDSCH object ------------------------------------------------------------ */

struct lte_pdsch {
    lte_cell_cfg cell;
    int max_re;
    lte_sch_cfg sch;
    lte_sch_enc *enc;
    lte_sch_dec *dec;
    uint32_t *idx;        /* [max_re] */
    uint8_t *f[2];        /* [max_re * 4 * 8] coded bits */
    uint8_t *b;           /* [max_re * 4 * 8] scrambled bits */
    float complex *d[2];  /* [max_re * 4] codeword symbols */
    float complex *x;     /* [max_re * 4 + 4] layers */
    float complex *y;     /* [(max_re + 4) * 4] precoded */
    float *nvd[2];        /* [max_re * 4] noise variance per codeword symbol */
    float *llr[2];        /* [max_re * 4 * 8] soft bits per codeword */
    int n_llr[2];
};

void lte_pdsch_destroy(lte_pdsch *p)
{
    if (!p)
        return;
    lte_sch_enc_destroy(p->enc);
    lte_sch_dec_destroy(p->dec);
    lte_free(p->idx);
    lte_free(p->b);
    lte_free(p->x);
    lte_free(p->y);
    for (int q = 0; q < 2; q++) {
        lte_free(p->f[q]);
        lte_free(p->d[q]);
        lte_free(p->nvd[q]);
        lte_free(p->llr[q]);
    }
    lte_free(p);
}

int lte_pdsch_create(const lte_cell_cfg *cell, const lte_sch_cfg *sch, lte_pdsch **out)
{
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    *out = NULL;
    int rc = lte_cell_validate(cell);
    if (rc < 0)
        return rc;
    lte_pdsch *p = lte_alloc(sizeof(*p));
    if (!p)
        return lte_error_set(LTE_ENOMEM, "lte_pdsch_create: out of memory");
    p->cell = *cell;
    if (sch) {
        p->sch = *sch;
    } else {
        memset(&p->sch, 0, sizeof(p->sch));
        p->sch.tbs_max = LTE_MIN(LTE_SCH_TBS_MAX, 4000 * cell->n_rb);
        p->sch.k_mimo = 1;
        p->sch.m_dl_harq = 8;
        p->sch.m_limit = 8;
        p->sch.alg = LTE_TURBO_MAX_LOG_MAP;
        p->sch.ext_scale = 0.75f;
        p->sch.max_iter = 8;
        p->sch.simd = LTE_SIMD_AUTO;
    }
    p->sch.uplink = 0;
    size_t n = (size_t)lte_cell_n_sc(cell) * lte_cell_symb_per_subframe(cell);
    p->max_re = (int)n;
    size_t nb = n * LTE_MAX_LAYERS * 8;
    p->idx = lte_alloc(n * sizeof(uint32_t));
    p->b = lte_alloc(nb);
    p->x = lte_alloc((n * LTE_MAX_LAYERS + 8) * sizeof(float complex));
    p->y = lte_alloc((n + 8) * LTE_MAX_PORTS * sizeof(float complex));
    int ok = p->idx && p->b && p->x && p->y;
    for (int q = 0; q < 2; q++) {
        p->f[q] = lte_alloc(nb);
        p->d[q] = lte_alloc((n * LTE_MAX_LAYERS + 8) * sizeof(float complex));
        p->nvd[q] = lte_alloc((n * LTE_MAX_LAYERS + 8) * sizeof(float));
        p->llr[q] = lte_alloc(nb * sizeof(float));
        ok = ok && p->f[q] && p->d[q] && p->nvd[q] && p->llr[q];
    }
    if (!ok) {
        lte_pdsch_destroy(p);
        return lte_error_set(LTE_ENOMEM, "lte_pdsch_create: out of memory");
    }
    if ((rc = lte_sch_enc_create(&p->sch, &p->enc)) < 0 ||
        (rc = lte_sch_dec_create(&p->sch, &p->dec)) < 0) {
        lte_pdsch_destroy(p);
        return rc;
    }
    *out = p;
    return 0;
}

/* Everything both directions need about one allocation. */
typedef struct pdsch_dims {
    int n_re;    /* REs in the allocation = M_symb^ap */
    int G[2];    /* coded bits per codeword */
    int nl[2];   /* N_L for sch.h */
    int m[2];    /* M_symb^(q) */
    int m_layer;
} pdsch_dims;

/* 1 if no PRB of n_rb is left out of the mask (NULL: all allocated). */
static int mask_full(const uint8_t *prb_mask, int n_rb)
{
    return !prb_mask || memchr(prb_mask, 0, (size_t)n_rb) == NULL;
}

/* 1 if the n map bytes all equal the byte of all8. */
static int row_is(const uint8_t *m, int n, uint64_t all8)
{
    uint64_t diff = 0;
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t a;
        memcpy(&a, m + i, 8);
        diff |= a ^ all8;
    }
    for (; i < n; i++)
        diff |= m[i] ^ (uint8_t)all8;
    return diff == 0;
}

/* The PDSCH REs of the allocation, as lte_grid_re_list(LTE_RE_PDSCH, all
 * symbols, prb_mask) lists them (l outer, k inner), a resource block at a
 * time: a block whose 12 map entries are all PDSCH (most of them) is
 * written without per-RE tests. At most max indices are stored; returns the
 * count. */
static int pdsch_re_list(const lte_grid *g, const uint8_t *prb_mask0, const uint8_t *prb_mask2,
                         uint32_t *idx, int max)
{
    const int n_sc = g->n_sc, n_rb = n_sc / LTE_NSC_RB;
    uint64_t all8 = 0x0101010101010101ULL * (uint8_t)LTE_RE_PDSCH;
    uint32_t all4 = (uint32_t)all8;
    /* room for every RE of the grid: a store at idx[n] before counting is
     * always in bounds (n <= REs visited so far < max) */
    const int room = idx != NULL && max >= n_sc * g->n_symb;
    /* every PRB allocated: a symbol whose map row is all PDSCH (most of a
     * full-band allocation) is one run of n_sc indices */
    const int all0 = mask_full(prb_mask0, n_rb), all2 = mask_full(prb_mask2, n_rb);
    int n = 0;
    for (int l = 0; l < g->n_symb; l++) {
        /* the odd slot's PRBs (distributed VRBs, 36.211 §6.2.3.2) */
        const uint8_t *prb_mask = l < g->n_symb / 2 ? prb_mask0 : prb_mask2;
        const uint32_t row = (uint32_t)LTE_GRID_IDX(n_sc, l, 0);
        if ((l < g->n_symb / 2 ? all0 : all2) && n + n_sc <= max &&
            row_is(g->map + row, n_sc, all8)) {
            /* four at a time (SSE2, baseline x86-64): n_sc = 12 N_RB */
            __m128i v = _mm_add_epi32(_mm_set1_epi32((int)row), _mm_setr_epi32(0, 1, 2, 3));
            const __m128i four = _mm_set1_epi32(4);
            for (int k = 0; k < n_sc; k += 4, v = _mm_add_epi32(v, four))
                _mm_storeu_si128((__m128i *)(idx + n + k), v);
            n += n_sc;
            continue;
        }
        if (!memchr(g->map + row, LTE_RE_PDSCH, (size_t)n_sc))
            continue; /* a control-region symbol */
        for (int rb = 0; rb < n_rb; rb++) {
            if (prb_mask && !prb_mask[rb])
                continue;
            const uint32_t i0 = (uint32_t)LTE_GRID_IDX(n_sc, l, rb * LTE_NSC_RB);
            const uint8_t *m = g->map + i0;
            uint64_t a;
            uint32_t b;
            memcpy(&a, m, 8);
            memcpy(&b, m + 8, 4);
            if (a == all8 && b == all4 && n + LTE_NSC_RB <= max) {
                for (int k = 0; k < LTE_NSC_RB; k++)
                    idx[n + k] = i0 + (uint32_t)k;
                n += LTE_NSC_RB;
                continue;
            }
            if (room) { /* branch-free: the count never reaches max */
                for (int k = 0; k < LTE_NSC_RB; k++) {
                    idx[n] = i0 + (uint32_t)k;
                    n += m[k] == LTE_RE_PDSCH;
                }
                continue;
            }
            for (int k = 0; k < LTE_NSC_RB; k++)
                if (m[k] == LTE_RE_PDSCH) {
                    if (n < max)
                        idx[n] = i0 + (uint32_t)k;
                    n++;
                }
        }
    }
    return n;
}

static int pdsch_dims_get(lte_pdsch *p, const lte_grid *g, const lte_pdsch_cfg *cfg,
                          pdsch_dims *dm)
{
    LTE_CHECK_ARG(p != NULL, "p is NULL");
    int rc = check_grid(g);
    if (rc < 0 || (rc = check_pdsch_cfg(g, cfg)) < 0)
        return rc;
    LTE_CHECK_ARG(g->cell.n_rb == p->cell.n_rb && g->cell.cp == p->cell.cp,
                  "the grid's bandwidth/CP differ from the PDSCH object's");
    /* §6.3.5: the allocated PRBs' LTE_RE_PDSCH elements, k first then l */
    LTE_CHECK_ARG(g->map != NULL, "the grid has no RE map");
    dm->n_re = pdsch_re_list(g, cfg->prb_mask, pdsch_mask2(cfg), p->idx, p->max_re);
    LTE_CHECK_ARG(dm->n_re > 0, "the allocation has no PDSCH REs in subframe %d", g->subframe);
    dm->m[1] = dm->G[1] = 0;
    for (int q = 0; q < cfg->mimo.n_cw; q++) {
        /* G = REs x Q_m x layers of q; N_L = 2 for transmit diversity (36.212 §5.1.4.1.2) */
        int v = lte_pdsch_cw_layers(&cfg->mimo, q);
        dm->nl[q] = cfg->mimo.scheme == LTE_TX_DIVERSITY ? 2 : v;
        dm->G[q] = dm->n_re * (int)cfg->mod[q] * v;
        dm->m[q] = dm->n_re * v;
    }
    int m_ap;
    rc = lte_mimo_sizes(&cfg->mimo, dm->m[0], dm->m[1], &dm->m_layer, &m_ap);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(m_ap == dm->n_re, "M_symb^ap = %d differs from the %d REs", m_ap, dm->n_re);
    return 0;
}

static int cw_cinit(const lte_grid *g, const lte_pdsch_cfg *cfg, int q, uint32_t *c)
{
    /* §6.3.1: n_RNTI 2^14 + q 2^13 + floor(n_s/2) 2^9 + N_ID^cell */
    return lte_scr_cinit_pdsch(cfg->rnti, q, 2 * g->subframe, g->cell.cell_id, c);
}

/* lte_pdsch_map_bits with the allocation's dimensions (and p->idx) already
 * worked out by pdsch_dims_get. */
static int map_bits(lte_pdsch *p, lte_grid *g, const lte_pdsch_cfg *cfg,
                    const uint8_t *const f[2], float amp, const pdsch_dims *dmp)
{
    const pdsch_dims dm = *dmp;
    int rc;
    LTE_CHECK_ARG(f != NULL, "f is NULL");
    LTE_CHECK_ARG(isfinite(amp), "amp is not finite");
    /* §6.3.1 scrambling and §6.3.2 modulation in one pass (p->b holds the
     * packed Gold sequence); with one port (§6.3.3.1, §6.3.4.1: y = x = d)
     * the symbols, times amp, go straight to their REs (§6.3.5) */
    const int single = cfg->mimo.scheme == LTE_TX_SINGLE_PORT;
    for (int q = 0; q < cfg->mimo.n_cw; q++) {
        LTE_CHECK_ARG(f[q] != NULL, "f[%d] is NULL", q);
        uint32_t c;
        if ((rc = cw_cinit(g, cfg, q, &c)) < 0 ||
            (rc = lte_mod_map_scrambled(cfg->mod[q], f[q], dm.G[q], c, (uint64_t *)p->b,
                                        single ? amp : 1.0f, single ? p->idx : NULL,
                                        single ? g->port[0] : p->d[q])) < 0)
            return rc;
    }
    int P = g->n_ports;
    if (single)
        return 0;
    /* §6.3.3 layer mapping, §6.3.4 precoding */
    if ((rc = lte_layer_map(&cfg->mimo, p->d[0], dm.m[0], cfg->mimo.n_cw > 1 ? p->d[1] : NULL,
                            dm.m[1], p->x)) < 0 ||
        (rc = lte_precode(&cfg->mimo, p->x, dm.n_re, p->y)) < 0)
        return rc;
    for (int k = 0; k < dm.n_re; k++)
        for (int port = 0; port < P; port++)
            g->port[port][p->idx[k]] = amp * p->y[(size_t)k * P + port];
    return 0;
}

int lte_pdsch_map_bits(lte_pdsch *p, lte_grid *g, const lte_pdsch_cfg *cfg,
                       const uint8_t *const f[2], float amp)
{
    pdsch_dims dm;
    int rc = pdsch_dims_get(p, g, cfg, &dm);
    if (rc < 0)
        return rc;
    return map_bits(p, g, cfg, f, amp, &dm);
}

static void sch_tx_of(const lte_pdsch_cfg *cfg, const pdsch_dims *dm, int q, lte_sch_tx *tx)
{
    tx->tbs = cfg->tbs[q];
    tx->G = dm->G[q];
    tx->q_m = (int)cfg->mod[q];
    tx->n_layers = dm->nl[q];
    tx->rv = cfg->rv[q];
}

int lte_pdsch_encode(lte_pdsch *p, lte_grid *g, const lte_pdsch_cfg *cfg,
                     const uint8_t *const tb[2], float amp)
{
    pdsch_dims dm;
    int rc = pdsch_dims_get(p, g, cfg, &dm);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(tb != NULL, "tb is NULL");
    for (int q = 0; q < cfg->mimo.n_cw; q++) {
        LTE_CHECK_ARG(tb[q] != NULL, "tb[%d] is NULL", q);
        lte_sch_tx tx;
        sch_tx_of(cfg, &dm, q, &tx);
        if ((rc = lte_sch_encode(p->enc, &tx, tb[q], p->f[q])) < 0)
            return rc;
    }
    const uint8_t *f[2] = {p->f[0], p->f[1]};
    return map_bits(p, g, cfg, f, amp, &dm);
}

int lte_pdsch_decode(lte_pdsch *p, lte_dlrx *rx, const lte_grid *g, const lte_pdsch_cfg *cfg,
                     const lte_dl_rxin *in, lte_sch_harq *const harq[2], uint8_t *const tb[2],
                     lte_sch_result res[2])
{
    pdsch_dims dm;
    int rc = pdsch_dims_get(p, g, cfg, &dm);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(harq != NULL && tb != NULL, "harq or tb is NULL");
    LTE_CHECK_ARG(rx != NULL && rx->max_re >= dm.n_re, "rx is NULL or too small");
    int ncw = cfg->mimo.n_cw;
    for (int q = 0; q < ncw; q++)
        LTE_CHECK_ARG(harq[q] != NULL && tb[q] != NULL, "harq[%d] or tb[%d] is NULL", q, q);
    if (cfg->mimo.scheme == LTE_TX_SINGLE_PORT && p->sch.decoder != LTE_SCH_DEC_FLOAT)
        rc = lte_dl_equalize_1port_simd(rx, in, p->idx, dm.n_re, p->sch.simd); /* dleq.h */
    else
        rc = lte_dl_equalize(rx, in, &cfg->mimo, p->idx, dm.n_re, NULL);
    if (rc < 0)
        return rc;
    /* layer symbols back to codeword order, with their noise variances (one
     * port: the layer is the codeword, §6.3.3.1, read in place) */
    const float complex *dq[2] = {rx->x, NULL};
    const float *nvq[2] = {rx->nv, NULL};
    if (cfg->mimo.scheme != LTE_TX_SINGLE_PORT) {
        if ((rc = lte_layer_demap(&cfg->mimo, rx->x, dm.m[0], dm.m[1], p->d[0], p->d[1])) < 0 ||
            (rc = lte_layer_demap_soft(&cfg->mimo, rx->nv, 1, 1, dm.m[0], dm.m[1], p->nvd[0],
                                       p->nvd[1])) < 0)
            return rc;
        for (int q = 0; q < 2; q++)
            dq[q] = p->d[q], nvq[q] = p->nvd[q];
    }
    int all_ok = 1;
    for (int q = 0; q < ncw; q++) {
        uint32_t c;
        lte_sch_tx tx;
        lte_sch_result r;
        /* max-log soft values descrambled as they are stored (§6.3.1) */
        if ((rc = cw_cinit(g, cfg, q, &c)) < 0 ||
            (rc = lte_demap_maxlog_scr(cfg->mod[q], dq[q], dm.m[q], nvq[q], dm.m[q], c,
                                       p->llr[q], p->sch.simd)) < 0)
            return rc;
        p->n_llr[q] = dm.G[q];
        sch_tx_of(cfg, &dm, q, &tx);
        if ((rc = lte_sch_decode(p->dec, harq[q], &tx, p->llr[q], tb[q], &r)) < 0)
            return rc;
        if (res)
            res[q] = r;
        all_ok = all_ok && r.crc_ok;
    }
    return all_ok ? 0 : lte_error_set(LTE_ECRC, "lte_pdsch_decode: transport block CRC fails");
}

int lte_pdsch_llr(const lte_pdsch *p, int q, const float **llr, int *n)
{
    LTE_CHECK_ARG(p && llr && n, "NULL argument");
    LTE_CHECK_ARG(q == 0 || q == 1, "q = %d: must be 0 or 1", q);
    *llr = p->llr[q];
    *n = p->n_llr[q];
    return 0;
}
