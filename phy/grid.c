/* Classification of the resource elements of a downlink subframe and the
 * per-cell grid object (36.211 §6.2, §6.6.4, §6.7.4, §6.8.5, §6.9.3, §6.10.1,
 * §6.11).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/grid.h"
#include "ltephy/sync.h"

const char *lte_re_class_name(int cls)
{
    static const char *names[LTE_RE_NCLASSES] = {
        "UNUSED", "PDSCH", "CRS", "PSS", "SSS", "PBCH", "PCFICH", "PHICH", "PDCCH", "NOT_DL",
    };
    return cls >= 0 && cls < LTE_RE_NCLASSES ? names[cls] : "?";
}

/* Special subframe configurations whose DwPTS carries no PDSCH (36.213
 * §7.1.7): 0 and 5 with normal CP, 0 and 4 with extended CP. */
static int dwpts_without_pdsch(const lte_cell_cfg *cfg)
{
    int s = cfg->ssf_config;
    return s == 0 || s == (cfg->cp == LTE_CP_NORMAL ? 5 : 4);
}

static void mark_crs(const lte_cell_cfg *cfg, int sf, int n_dl, int n_ctrl, uint8_t *map)
{
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6, n_sc = cfg->n_rb * LTE_NSC_RB;
    for (int l = 0; l < n_dl; l++) {
        int ns = 2 * sf + l / nsymb;
        for (int p = 0; p < 4; p++) {
            int off = lte_crs_offset(cfg, p, ns, l % nsymb);
            if (off < 0)
                continue;
            /* A 1-port cell reserves port 1's REs in the control region
             * (REG definition, §6.2.4); elsewhere only real ports count. */
            int cls = p < cfg->n_ports                   ? LTE_RE_CRS
                      : (p == 1 && l < n_ctrl)           ? LTE_RE_UNUSED
                                                         : -1;
            if (cls < 0)
                continue;
            for (int k = off; k < n_sc; k += 6)
                map[LTE_GRID_IDX(n_sc, l, k)] = (uint8_t)cls;
        }
    }
}

static void mark_sync(const lte_cell_cfg *cfg, int sf, uint8_t *map)
{
    int n_sc = cfg->n_rb * LTE_NSC_RB, k0 = n_sc / 2 - 31, l;
    for (int s = 0; s < 2; s++) {
        int has = s ? lte_sss_symbol(cfg, sf, &l) : lte_pss_symbol(cfg, sf, &l);
        if (has != 1)
            continue;
        /* n = 0..61 carry d(n); n = -5..-1 and 62..66 are reserved (§6.11.1.2) */
        for (int n = -5; n < LTE_SYNC_LEN + 5; n++)
            map[LTE_GRID_IDX(n_sc, l, k0 + n)] =
                (uint8_t)(n < 0 || n >= LTE_SYNC_LEN ? LTE_RE_UNUSED
                                                     : (s ? LTE_RE_SSS : LTE_RE_PSS));
    }
}

static void mark_pbch(const lte_cell_cfg *cfg, uint8_t *map)
{
    /* §6.6.4: subframe 0, slot 1, l = 0..3, k = N_RB*6 - 36 + k', k' = 0..71,
     * skipping the CRS REs of ports 0-3 whatever the cell's port count. */
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6, n_sc = cfg->n_rb * LTE_NSC_RB;
    for (int l = 0; l < 4; l++) {
        int reserved[6] = {0};
        for (int p = 0; p < 4; p++) {
            int off = lte_crs_offset(cfg, p, 1, l);
            if (off >= 0)
                reserved[off] = 1;
        }
        for (int k = n_sc / 2 - 36; k < n_sc / 2 + 36; k++) {
            uint8_t *m = &map[LTE_GRID_IDX(n_sc, nsymb + l, k)];
            if (*m == LTE_RE_CRS)
                continue;
            *m = (uint8_t)(reserved[k % 6] ? LTE_RE_UNUSED : LTE_RE_PBCH);
        }
    }
}

/* Classify with an already built control layout. */
static void classify(const lte_cell_cfg *cfg, int sf, const lte_ctrl_layout *c, uint8_t *map)
{
    int nsymb2 = cfg->cp == LTE_CP_NORMAL ? 14 : 12, n_sc = cfg->n_rb * LTE_NSC_RB;
    int n_dl = lte_cell_dl_symbols(cfg, sf);
    for (int l = 0; l < nsymb2; l++)
        memset(map + (size_t)l * (size_t)n_sc, l < n_dl ? LTE_RE_PDSCH : LTE_RE_NOT_DL,
               (size_t)n_sc);
    if (n_dl <= 0)
        return;
    mark_crs(cfg, sf, n_dl, c->n_symb, map);
    for (int i = 0; i < c->n_reg; i++)
        for (int j = 0; j < 4; j++)
            map[LTE_GRID_IDX(n_sc, c->reg[i].l, c->reg[i].k[j])] = c->reg[i].cls;
    mark_sync(cfg, sf, map);
    if (sf == 0)
        mark_pbch(cfg, map);
    if (lte_cell_subframe_type(cfg, sf) == LTE_SF_SPECIAL && dwpts_without_pdsch(cfg))
        for (int i = 0; i < n_dl * n_sc; i++)
            if (map[i] == LTE_RE_PDSCH)
                map[i] = LTE_RE_UNUSED;
}

int lte_grid_classify(const lte_cell_cfg *cfg, int subframe, uint8_t *map)
{
    LTE_CHECK_ARG(map != NULL, "map is NULL");
    lte_ctrl_layout *c = lte_alloc(sizeof *c);
    LTE_CHECK(c != NULL, LTE_ENOMEM, "no memory for a control layout");
    int rc = lte_ctrl_layout_build(cfg, subframe, c);
    if (rc == 0)
        classify(cfg, subframe, c, map);
    lte_free(c);
    return rc;
}

static void count_classes(const uint8_t *map, int n, int counts[LTE_RE_NCLASSES])
{
    memset(counts, 0, LTE_RE_NCLASSES * sizeof counts[0]);
    for (int i = 0; i < n; i++)
        counts[map[i]]++;
}

int lte_grid_re_counts(const lte_cell_cfg *cfg, int subframe, int counts[LTE_RE_NCLASSES])
{
    LTE_CHECK_ARG(counts != NULL, "counts is NULL");
    uint8_t *map = lte_alloc(LTE_GRID_MAX_RE);
    LTE_CHECK(map != NULL, LTE_ENOMEM, "no memory for a map");
    int rc = lte_grid_classify(cfg, subframe, map);
    if (rc == 0)
        count_classes(map, cfg->n_rb * LTE_NSC_RB * (cfg->cp == LTE_CP_NORMAL ? 14 : 12),
                      counts);
    lte_free(map);
    return rc;
}

int lte_grid_re_list(const lte_cell_cfg *cfg, const uint8_t *map, int cls, int l0, int l1,
                     const uint8_t *prb_mask, uint32_t *idx, int max)
{
    int n_sc = lte_cell_n_sc(cfg);
    if (n_sc < 0)
        return n_sc;
    int n_symb = lte_cell_symb_per_subframe(cfg);
    if (n_symb < 0)
        return n_symb;
    LTE_CHECK_ARG(map != NULL, "map is NULL");
    LTE_CHECK_ARG(cls >= 0 && cls < LTE_RE_NCLASSES, "cls = %d: not an lte_re_class", cls);
    LTE_CHECK_ARG(l0 >= 0 && l0 <= l1 && l1 <= n_symb, "symbols %d..%d: must lie in 0..%d",
                  l0, l1 - 1, n_symb - 1);
    LTE_CHECK_ARG(max >= 0 && (idx != NULL || max == 0), "idx is NULL with max = %d", max);
    int n = 0;
    for (int l = l0; l < l1; l++)
        for (int k = 0; k < n_sc; k++) {
            int i = LTE_GRID_IDX(n_sc, l, k);
            if (map[i] != cls || (prb_mask && !prb_mask[k / LTE_NSC_RB]))
                continue;
            if (n < max)
                idx[n] = (uint32_t)i;
            n++;
        }
    return n;
}

/* ---- grid object ---------------------------------------------------------- */

void lte_grid_destroy(lte_grid *g)
{
    if (!g)
        return;
    for (int p = 0; p < 4; p++)
        lte_free(g->port[p]);
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++)
        lte_free(g->maps[sf]);
    lte_free(g->ctrls);
    lte_free(g);
}

int lte_grid_create(const lte_cell_cfg *cfg, lte_grid **out)
{
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    *out = NULL;
    int rc = lte_cell_validate(cfg);
    if (rc < 0)
        return rc;
    lte_grid *g = lte_alloc(sizeof *g);
    LTE_CHECK(g != NULL, LTE_ENOMEM, "no memory for the grid");
    g->cell = *cfg;
    g->n_sc = cfg->n_rb * LTE_NSC_RB;
    g->n_symb = cfg->cp == LTE_CP_NORMAL ? 14 : 12;
    g->n_re = g->n_sc * g->n_symb;
    g->n_ports = cfg->n_ports;
    g->ctrls = lte_alloc(LTE_NSUBFRAMES * sizeof *g->ctrls);
    int ok = g->ctrls != NULL;
    for (int p = 0; p < g->n_ports && ok; p++)
        ok = (g->port[p] = lte_alloc((size_t)g->n_re * sizeof(float complex))) != NULL;
    for (int sf = 0; sf < LTE_NSUBFRAMES && ok; sf++)
        ok = (g->maps[sf] = lte_alloc((size_t)g->n_re)) != NULL;
    if (!ok) {
        lte_grid_destroy(g);
        return lte_error_set_fn(LTE_ENOMEM, __func__, "no memory for the grid");
    }
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++) {
        rc = lte_ctrl_layout_build(&g->cell, sf, &g->ctrls[sf]);
        if (rc < 0) {
            lte_grid_destroy(g);
            return rc;
        }
        classify(&g->cell, sf, &g->ctrls[sf], g->maps[sf]);
        count_classes(g->maps[sf], g->n_re, g->counts[sf]);
    }
    lte_grid_set_subframe(g, 0);
    *out = g;
    return 0;
}

int lte_grid_set_subframe(lte_grid *g, int subframe)
{
    LTE_CHECK_ARG(g != NULL, "g is NULL");
    LTE_CHECK_ARG(subframe >= 0 && subframe < LTE_NSUBFRAMES, "subframe = %d: must be 0..9",
                  subframe);
    g->subframe = subframe;
    g->map = g->maps[subframe];
    g->count = g->counts[subframe];
    g->ctrl = &g->ctrls[subframe];
    for (int p = 0; p < g->n_ports; p++)
        memset(g->port[p], 0, (size_t)g->n_re * sizeof(float complex));
    return 0;
}

int lte_grid_put_signals(lte_grid *g, float crs_amp, float sync_amp)
{
    LTE_CHECK_ARG(g != NULL, "g is NULL");
    for (int p = 0; p < g->n_ports; p++) {
        int rc = lte_crs_map(&g->cell, g->subframe, p, crs_amp, g->port[p]);
        if (rc < 0)
            return rc;
    }
    int rc = lte_pss_map(&g->cell, g->subframe, sync_amp, g->port[0]);
    if (rc == 0)
        rc = lte_sss_map(&g->cell, g->subframe, sync_amp, g->port[0]);
    return rc;
}
