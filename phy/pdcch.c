/* PDCCH (36.211 §6.8) and its search spaces (36.213 §9.1.1).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/dlphy.h"
#include "ltephy/gold.h"
#include "ltephy/scrambling.h"

#define CCE_BITS 72 /* 9 REGs x 4 REs x 2 bits (§6.8.1) */
#define MAX_CCE (LTE_CTRL_MAX_REG / 9 + 1)

/* ---- Search spaces (36.213 §9.1.1) ------------------------------------------ */

static int level_index(int L)
{
    return L == 1 ? 0 : L == 2 ? 1 : L == 4 ? 2 : L == 8 ? 3 : -1;
}

int lte_pdcch_n_candidates(int common, int L)
{
    static const int ue[4] = {6, 6, 2, 2}, cs[4] = {0, 0, 4, 2}; /* Table 9.1.1-1 */
    int li = level_index(L);
    LTE_CHECK_ARG(li >= 0, "L = %d: must be 1, 2, 4 or 8", L);
    return common ? cs[li] : ue[li];
}

int lte_pdcch_yk(uint16_t rnti, int subframe, uint32_t *yk)
{
    LTE_CHECK_ARG(yk != NULL, "yk is NULL");
    LTE_CHECK_ARG(rnti != 0, "rnti = 0: Y_-1 = n_RNTI must be nonzero");
    LTE_CHECK_ARG(subframe >= 0 && subframe <= 9, "subframe = %d: must be 0..9", subframe);
    uint32_t y = rnti; /* Y_-1 */
    for (int k = 0; k <= subframe; k++)
        y = (uint32_t)((39827ull * y) % 65537ull); /* A = 39827, D = 65537 */
    *yk = y;
    return 0;
}

int lte_pdcch_candidates(int n_cce, int common, int L, uint16_t rnti, int subframe,
                         int first_cce[8])
{
    LTE_CHECK_ARG(first_cce != NULL, "first_cce is NULL");
    LTE_CHECK_ARG(n_cce >= 0 && n_cce <= MAX_CCE, "n_cce = %d: must be 0..%d", n_cce, MAX_CCE);
    int m_l = lte_pdcch_n_candidates(common, L);
    if (m_l < 0)
        return m_l;
    uint32_t y = 0;
    if (!common) {
        int rc = lte_pdcch_yk(rnti, subframe, &y);
        if (rc < 0)
            return rc;
    } else {
        LTE_CHECK_ARG(subframe >= 0 && subframe <= 9, "subframe = %d: must be 0..9", subframe);
    }
    int n = common ? LTE_MIN(16, n_cce) : n_cce; /* the common space is CCEs 0..15 */
    int slots = n / L;
    if (slots == 0)
        return 0;
    for (int m = 0; m < m_l; m++)
        first_cce[m] = L * (int)((y + (uint32_t)m) % (uint32_t)slots);
    return m_l;
}

/* ---- Quadruplet permutation (§6.8.5) ---------------------------------------- */

int lte_pdcch_quad_perm(int m_quad, int cell_id, int *out)
{
    LTE_CHECK_ARG(m_quad >= 1 && m_quad <= LTE_CTRL_MAX_REG, "m_quad = %d: must be 1..%d", m_quad,
                  LTE_CTRL_MAX_REG);
    LTE_CHECK_ARG(cell_id >= 0 && cell_id <= 503, "cell_id = %d: must be 0..503", cell_id);
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    /* 36.212 §5.1.4.2.1 on quadruplets: R rows of 32, N_D <NULL>s first,
     * written row by row, columns permuted, read column by column; the
     * <NULL>s are dropped (§6.8.5) */
    int rows = (m_quad + 31) / 32, nd = 32 * rows - m_quad, t = 0;
    int inter[LTE_CTRL_MAX_REG];
    for (int col = 0; col < 32; col++) {
        int pc = lte_rm_conv_perm(col);
        for (int r = 0; r < rows; r++) {
            int src = r * 32 + pc - nd;
            if (src >= 0)
                inter[t++] = src;
        }
    }
    /* cyclic shift: w-bar(i) = w((i + N_ID^cell) mod M_quad) */
    for (int j = 0; j < m_quad; j++)
        out[j] = inter[(j + cell_id) % m_quad];
    return 0;
}

/* ---- Transmit ------------------------------------------------------------------ */

static int pdcch_layout(const lte_grid *g)
{
    const lte_ctrl_layout *c = g->ctrl;
    LTE_CHECK_ARG(c != NULL && c->n_symb > 0 && c->n_pdcch_reg > 0,
                  "subframe %d has no PDCCH REGs", g->subframe);
    return 0;
}

static int check_dcis(const lte_ctrl_layout *c, const lte_pdcch_dci *dci, int n)
{
    uint8_t used[MAX_CCE] = {0};
    for (int a = 0; a < n; a++) {
        const lte_pdcch_dci *d = &dci[a];
        LTE_CHECK_ARG(d->payload != NULL, "dci[%d].payload is NULL", a);
        LTE_CHECK_ARG(d->n_bits >= 1 && d->n_bits <= LTE_CTRL_A_MAX,
                      "dci[%d].n_bits = %d: must be 1..%d", a, d->n_bits, LTE_CTRL_A_MAX);
        LTE_CHECK_ARG(level_index(d->L) >= 0, "dci[%d].L = %d: must be 1, 2, 4 or 8", a, d->L);
        LTE_CHECK_ARG(d->cce >= 0 && d->cce % d->L == 0 && d->cce + d->L <= c->n_cce,
                      "dci[%d]: CCEs %d..%d are not an aggregation of %d within the %d CCEs", a,
                      d->cce, d->cce + d->L - 1, d->L, c->n_cce);
        for (int k = d->cce; k < d->cce + d->L; k++) {
            LTE_CHECK_ARG(!used[k], "dci[%d]: CCE %d is already used", a, k);
            used[k] = 1;
        }
    }
    return 0;
}

int lte_pdcch_map(lte_grid *g, const lte_pdcch_dci *dci, int n, float amp)
{
    LTE_CHECK_ARG(g != NULL, "g is NULL");
    LTE_CHECK_ARG(n >= 0 && (n == 0 || dci != NULL), "n = %d with dci %p", n, (const void *)dci);
    LTE_CHECK_ARG(isfinite(amp), "amp is not finite");
    int rc = pdcch_layout(g);
    if (rc < 0)
        return rc;
    const lte_ctrl_layout *c = g->ctrl;
    if ((rc = check_dcis(c, dci, n)) < 0)
        return rc;
    int n_reg = c->n_pdcch_reg, m_tot = 8 * n_reg, n_sym = 4 * n_reg, P = g->n_ports;
    uint32_t c_init;
    uint8_t cbits[8 * LTE_CTRL_MAX_REG], e[8 * CCE_BITS];
    static const float complex zero = 0;
    float complex sym[4 * LTE_CTRL_MAX_REG], y[4 * 4];
    int perm[LTE_CTRL_MAX_REG];
    /* §6.8.2: the whole block (with <NIL>s) is scrambled with one sequence */
    if ((rc = lte_scr_cinit_pdcch(2 * g->subframe, g->cell.cell_id, &c_init)) < 0 ||
        (rc = lte_gold_bits(c_init, m_tot, cbits)) < 0)
        return rc;
    for (int i = 0; i < n_sym; i++)
        sym[i] = zero; /* <NIL>: no power */
    for (int a = 0; a < n; a++) {
        int E = CCE_BITS * dci[a].L, off = CCE_BITS * dci[a].cce;
        if ((rc = lte_dci_encode(dci[a].payload, dci[a].n_bits, dci[a].rnti, -1, E, e)) < 0)
            return rc;
        for (int j = 0; j < E; j++)
            e[j] ^= cbits[off + j];
        if ((rc = lte_mod_map(LTE_MOD_QPSK, e, E, sym + off / 2)) < 0) /* §6.8.3 */
            return rc;
    }
    lte_mimo_cfg mimo;
    lte_dl_ctrl_mimo(P, &mimo);
    if ((rc = lte_pdcch_quad_perm(n_reg, g->cell.cell_id, perm)) < 0)
        return rc;
    /* §6.8.5: permuted quadruplet j goes to the j-th PDCCH REG. A quadruplet
     * is a whole SFBC / SFBC-FSTD block, so precoding it alone (§6.8.4) is
     * the same as precoding the block. */
    for (int j = 0; j < n_reg; j++) {
        const lte_reg *r = &c->reg[c->pdcch[j]];
        if ((rc = lte_precode(&mimo, sym + 4 * perm[j], 4, y)) < 0)
            return rc;
        for (int s = 0; s < 4; s++) {
            uint32_t idx = (uint32_t)LTE_GRID_IDX(g->n_sc, r->l, r->k[s]);
            for (int p = 0; p < P; p++)
                g->port[p][idx] = amp * y[s * P + p];
        }
    }
    return 0;
}

/* ---- Receive ------------------------------------------------------------------- */

/* Equalise the PDCCH REGs, undo the permutation, demap and descramble:
 * rx->llr gets the 8 N_REG soft bits of the block of §6.8.2. */
static int pdcch_soft_bits(lte_dlrx *rx, const lte_grid *g, const lte_dl_rxin *in)
{
    const lte_ctrl_layout *c = g->ctrl;
    int n_reg = c->n_pdcch_reg, n_sym = 4 * n_reg, rc;
    int perm[LTE_CTRL_MAX_REG];
    uint32_t c_init;
    if ((rc = lte_pdcch_quad_perm(n_reg, g->cell.cell_id, perm)) < 0)
        return rc;
    /* REs in interleaved order: quadruplet j of the REG list */
    for (int j = 0; j < n_reg; j++) {
        const lte_reg *r = &c->reg[c->pdcch[j]];
        for (int s = 0; s < 4; s++)
            rx->idx[4 * j + s] = (uint32_t)LTE_GRID_IDX(g->n_sc, r->l, r->k[s]);
    }
    lte_mimo_cfg mimo;
    lte_dl_ctrl_mimo(g->n_ports, &mimo);
    if ((rc = lte_dl_equalize(rx, in, &mimo, rx->idx, n_sym, NULL)) < 0)
        return rc;
    /* each quadruplet is a whole SFBC block, so de-interleaving after the
     * combiner is exact; use rx->r / rx->llr2 as symbol / variance scratch */
    float complex *sym = rx->r;
    float *nv = rx->llr2;
    for (int j = 0; j < n_reg; j++)
        for (int s = 0; s < 4; s++) {
            sym[4 * perm[j] + s] = rx->x[4 * j + s];
            nv[4 * perm[j] + s] = rx->nv[4 * j + s];
        }
    if ((rc = lte_demap_maxlog(LTE_MOD_QPSK, sym, n_sym, nv, n_sym, rx->llr, LTE_SIMD_AUTO)) < 0 ||
        (rc = lte_scr_cinit_pdcch(2 * g->subframe, g->cell.cell_id, &c_init)) < 0)
        return rc;
    return lte_descramble_llr(c_init, 0, rx->llr, 8 * n_reg, LTE_SIMD_AUTO);
}

static int overlaps(const uint8_t *used, int cce, int L)
{
    for (int k = cce; k < cce + L; k++)
        if (used[k])
            return 1;
    return 0;
}

/* 36.321 Table 7.1-1: SI-RNTI, P-RNTI and the RA-RNTIs 0x0001..0x003C. Their
 * PDCCHs are in the common search space only (36.213 §9.1.1). */
static int broadcast_rnti(uint16_t rnti)
{
    return rnti == 0xFFFF || rnti == 0xFFFE || (rnti >= 1 && rnti <= 0x3C);
}

#define SEARCH_MAX_SIZES 16

/* One Viterbi decode per (aggregation level, first CCE, payload size); the
 * RNTI its CRC unmasks to (the 16-bit CRC remainder XOR the mask, 36.212
 * §5.3.3.2) is kept, so testing another RNTI on the same candidate costs a
 * comparison. */
typedef struct search_cache {
    int32_t got[4][MAX_CCE][SEARCH_MAX_SIZES]; /* -1: not decoded yet */
} search_cache;

/* Decode candidate (L, cce) at size index s unless cached; when it unmasks
 * to want, *hit = 1 and payload gets the bits (decoded again if the result
 * came from the cache: finds are rare). */
static int cand_check(lte_dlrx *rx, search_cache *sc, int L, int cce, int A, int s, uint16_t want,
                      uint8_t *payload, int *hit)
{
    int32_t *got = &sc->got[level_index(L)][cce][s];
    int fresh = 0;
    *hit = 0;
    if (*got < 0) {
        uint16_t r;
        int rc = lte_dci_decode(rx->dec, rx->llr + CCE_BITS * cce, CCE_BITS * L, A, -1, payload,
                                &r);
        if (rc < 0)
            return rc;
        *got = r;
        fresh = 1;
    }
    if (*got != want)
        return 0;
    if (!fresh) {
        uint16_t r;
        int rc = lte_dci_decode(rx->dec, rx->llr + CCE_BITS * cce, CCE_BITS * L, A, -1, payload,
                                &r);
        if (rc < 0)
            return rc;
    }
    *hit = 1;
    return 0;
}

static int check_sizes(const int *sizes, int n_sizes, const char *what)
{
    LTE_CHECK_ARG(n_sizes >= 0 && n_sizes <= SEARCH_MAX_SIZES && (n_sizes == 0 || sizes != NULL),
                  "%s: %d payload sizes (at most %d)", what, n_sizes, SEARCH_MAX_SIZES);
    for (int s = 0; s < n_sizes; s++)
        LTE_CHECK_ARG(sizes[s] >= 1 && sizes[s] <= LTE_CTRL_A_MAX, "%s[%d] = %d: must be 1..%d",
                      what, s, sizes[s], LTE_CTRL_A_MAX);
    return 0;
}

/* The search for each RNTI in turn (finds in RNTI order, then common space
 * first, largest L first), sharing the decodes through the cache. force_ue:
 * search the UE-specific space of broadcast RNTIs too. */
static int search_core(lte_dlrx *rx, const lte_grid *g, const lte_dl_rxin *in,
                       const uint16_t *rnti, int n_rnti, const int *sizes_c, int n_c,
                       const int *sizes_ue, int n_ue, int force_ue, lte_dci_found *found, int max,
                       int *n_found)
{
    LTE_CHECK_ARG(rx != NULL && g != NULL && in != NULL && n_found != NULL, "NULL argument");
    LTE_CHECK_ARG(n_rnti >= 1 && rnti != NULL, "no RNTI");
    for (int r = 0; r < n_rnti; r++)
        LTE_CHECK_ARG(rnti[r] != 0, "rnti = 0 is not a valid RNTI");
    LTE_CHECK_ARG(n_c + n_ue >= 1, "no payload sizes");
    LTE_CHECK_ARG(max >= 0 && (max == 0 || found != NULL), "max = %d with found %p", max,
                  (void *)found);
    int rc;
    if ((rc = check_sizes(sizes_c, n_c, "sizes")) < 0 ||
        (rc = check_sizes(sizes_ue, n_ue, "sizes")) < 0)
        return rc;
    *n_found = 0;
    if ((rc = pdcch_layout(g)) < 0 || (rc = pdcch_soft_bits(rx, g, in)) < 0)
        return rc;
    /* the size list of both spaces, so one cache slot per distinct size */
    int all[2 * SEARCH_MAX_SIZES], n_all = 0, idx_c[SEARCH_MAX_SIZES], idx_ue[SEARCH_MAX_SIZES];
    for (int sp = 0; sp < 2; sp++) {
        const int *sz = sp ? sizes_ue : sizes_c;
        int n = sp ? n_ue : n_c, *ix = sp ? idx_ue : idx_c;
        for (int s = 0; s < n; s++) {
            int k = 0;
            while (k < n_all && all[k] != sz[s])
                k++;
            if (k == n_all)
                all[n_all++] = sz[s];
            ix[s] = k;
        }
    }
    LTE_CHECK_ARG(n_all <= SEARCH_MAX_SIZES, "%d distinct payload sizes (at most %d)", n_all,
                  SEARCH_MAX_SIZES);
    const lte_ctrl_layout *c = g->ctrl;
    search_cache sc;
    for (int li = 0; li < 4; li++)
        for (int k = 0; k < c->n_cce && k < MAX_CCE; k++)
            for (int s = 0; s < n_all; s++)
                sc.got[li][k][s] = -1;
    uint8_t payload[LTE_CTRL_A_MAX];
    static const int levels[4] = {8, 4, 2, 1};
    int nf = 0;
    for (int r = 0; r < n_rnti; r++) {
        uint8_t used[MAX_CCE] = {0};
        int ue = force_ue || !broadcast_rnti(rnti[r]);
        for (int common = 1; common >= (ue ? 0 : 1); common--) {
            const int *sz = common ? sizes_c : sizes_ue, *ix = common ? idx_c : idx_ue;
            int n_sz = common ? n_c : n_ue;
            for (int li = 0; li < 4 && n_sz > 0; li++) {
                int L = levels[li], first[8];
                if (lte_pdcch_n_candidates(common, L) == 0)
                    continue;
                int nc = lte_pdcch_candidates(c->n_cce, common, L, rnti[r], g->subframe, first);
                if (nc < 0)
                    return nc;
                for (int m = 0; m < nc; m++) {
                    for (int s = 0; s < n_sz; s++) {
                        if (overlaps(used, first[m], L))
                            break;
                        int hit;
                        if ((rc = cand_check(rx, &sc, L, first[m], sz[s], ix[s], rnti[r],
                                             payload, &hit)) < 0)
                            return rc;
                        if (!hit)
                            continue;
                        memset(used + first[m], 1, (size_t)L);
                        if (nf < max) {
                            lte_dci_found *f = &found[nf];
                            memcpy(f->payload, payload, (size_t)sz[s]);
                            f->n_bits = sz[s];
                            f->rnti = rnti[r];
                            f->L = L;
                            f->cce = first[m];
                            f->common = common;
                        }
                        nf++;
                    }
                }
            }
        }
    }
    *n_found = LTE_MIN(nf, max);
    lte_error_clear();
    return 0;
}

int lte_pdcch_search(lte_dlrx *rx, const lte_grid *g, const lte_dl_rxin *in, uint16_t rnti,
                     const int *sizes, int n_sizes, lte_dci_found *found, int max, int *n_found)
{
    LTE_CHECK_ARG(rnti != 0, "rnti = 0 is not a valid RNTI");
    LTE_CHECK_ARG(n_sizes >= 1 && sizes != NULL, "no payload sizes");
    return search_core(rx, g, in, &rnti, 1, sizes, n_sizes, sizes, n_sizes, 1, found, max,
                       n_found);
}

int lte_pdcch_search_multi(lte_dlrx *rx, const lte_grid *g, const lte_dl_rxin *in,
                           const uint16_t *rnti, int n_rnti, const int *sizes_common,
                           int n_common, const int *sizes_ue, int n_ue, lte_dci_found *found,
                           int max, int *n_found)
{
    return search_core(rx, g, in, rnti, n_rnti, sizes_common, n_common, sizes_ue, n_ue, 0, found,
                       max, n_found);
}
