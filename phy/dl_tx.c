/* Downlink subframe transmitter: every signal and channel of 36.211 §6 into
 * the grids of the antenna ports, then OFDM (§6.12).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/dlphy.h"
#include "ltephy/ofdm.h"

struct lte_dl_tx {
    lte_dl_tx_cfg cfg;
    lte_grid *grids[3]; /* one per CFI 1..3 (NULL where the cell forbids it) */
    lte_grid *cur;
    lte_pdsch *pdsch;
    lte_ofdm *ofdm;
    int sf_len;
};

int lte_dl_tx_cfg_init(lte_dl_tx_cfg *cfg)
{
    LTE_CHECK_ARG(cfg != NULL, "cfg is NULL");
    memset(cfg, 0, sizeof(*cfg));
    lte_cell_cfg_init(&cfg->cell);
    cfg->amp = (lte_dl_amp){1, 1, 1, 1, 1, 1, 1};
    cfg->sch.tbs_max = 2 * 75376;
    cfg->sch.k_mimo = 1;
    cfg->sch.m_dl_harq = 8;
    cfg->sch.m_limit = 8;
    cfg->sch.alg = LTE_TURBO_MAX_LOG_MAP;
    cfg->sch.ext_scale = 0.75f;
    cfg->sch.max_iter = 8;
    cfg->sch.simd = LTE_SIMD_AUTO;
    return 0;
}

void lte_dl_tx_destroy(lte_dl_tx *tx)
{
    if (!tx)
        return;
    for (int i = 0; i < 3; i++)
        lte_grid_destroy(tx->grids[i]);
    lte_pdsch_destroy(tx->pdsch);
    lte_ofdm_destroy(tx->ofdm);
    lte_free(tx);
}

static int check_amp(const lte_dl_amp *a)
{
    const float v[7] = {a->crs, a->sync, a->pbch, a->pcfich, a->phich, a->pdcch, a->pdsch};
    for (int i = 0; i < 7; i++)
        LTE_CHECK_ARG(isfinite(v[i]) && v[i] >= 0, "amplitude %d = %g: must be finite, >= 0", i,
                      (double)v[i]);
    return 0;
}

int lte_dl_tx_create(const lte_dl_tx_cfg *cfg, lte_dl_tx **out)
{
    LTE_CHECK_ARG(cfg != NULL && out != NULL, "cfg or out is NULL");
    *out = NULL;
    int rc = lte_cell_validate(&cfg->cell);
    if (rc < 0 || (rc = check_amp(&cfg->amp)) < 0)
        return rc;
    lte_dl_tx *tx = lte_alloc(sizeof(*tx));
    if (!tx)
        return lte_error_set(LTE_ENOMEM, "lte_dl_tx_create: out of memory");
    tx->cfg = *cfg;
    int any = 0;
    for (int cfi = 1; cfi <= 3; cfi++) {
        lte_cell_cfg c = cfg->cell;
        c.cfi = cfi;
        if (lte_cell_validate(&c) < 0)
            continue; /* e.g. extended PHICH duration needs a larger CFI */
        if ((rc = lte_grid_create(&c, &tx->grids[cfi - 1])) < 0)
            goto fail;
        any = 1;
    }
    lte_error_clear();
    if (!any) {
        rc = lte_error_set(LTE_EINVAL, "lte_dl_tx_create: no CFI is valid for the cell");
        goto fail;
    }
    lte_ofdm_cfg oc = {.n_rb = cfg->cell.n_rb, .cp = cfg->cell.cp, .mode = LTE_OFDM_DL,
                       .fft_size = cfg->fft_size, .norm = LTE_OFDM_NORM_UNITARY};
    lte_ofdm_info info;
    if ((rc = lte_pdsch_create(&cfg->cell, &cfg->sch, &tx->pdsch)) < 0 ||
        (rc = lte_ofdm_create(&oc, &tx->ofdm)) < 0 || (rc = lte_ofdm_get_info(tx->ofdm, &info)) < 0)
        goto fail;
    tx->sf_len = info.subframe_len;
    tx->cur = tx->grids[cfg->cell.cfi - 1];
    *out = tx;
    return 0;
fail:
    lte_dl_tx_destroy(tx);
    return rc;
}

static int put_channels(lte_dl_tx *tx, lte_grid *g, const lte_dl_sf *sf)
{
    const lte_dl_amp *a = &tx->cfg.amp;
    int rc;
    if (sf->subframe == 0 && sf->mib && (rc = lte_pbch_map(g, sf->mib, sf->sfn, a->pbch)) < 0)
        return rc;
    if (g->ctrl->n_symb > 0 && (rc = lte_pcfich_map(g, a->pcfich)) < 0)
        return rc;
    if (sf->n_hi > 0 && (rc = lte_phich_map(g, sf->hi, sf->n_hi, a->phich)) < 0)
        return rc;
    if (sf->n_dci > 0 && (rc = lte_pdcch_map(g, sf->dci, sf->n_dci, a->pdcch)) < 0)
        return rc;
    for (int i = 0; i < sf->n_pdsch; i++) {
        const lte_pdsch_alloc *al = &sf->pdsch[i];
        if ((rc = lte_pdsch_encode(tx->pdsch, g, &al->cfg, al->tb, a->pdsch)) < 0)
            return rc;
    }
    return 0;
}

int lte_dl_tx_run(lte_dl_tx *tx, const lte_dl_sf *sf, float complex *const *out)
{
    LTE_CHECK_ARG(tx != NULL && sf != NULL, "tx or sf is NULL");
    LTE_CHECK_ARG(sf->subframe >= 0 && sf->subframe <= 9, "subframe = %d: must be 0..9",
                  sf->subframe);
    LTE_CHECK_ARG(sf->sfn >= 0 && sf->sfn <= 1023, "sfn = %d: must be 0..1023", sf->sfn);
    int cfi = sf->cfi ? sf->cfi : tx->cfg.cell.cfi;
    LTE_CHECK_ARG(cfi >= 1 && cfi <= 3 && tx->grids[cfi - 1] != NULL,
                  "cfi = %d is not valid for the cell", cfi);
    LTE_CHECK_ARG(sf->n_hi >= 0 && sf->n_dci >= 0 && sf->n_pdsch >= 0, "negative count");
    LTE_CHECK_ARG(sf->n_pdsch == 0 || sf->pdsch != NULL, "pdsch is NULL");
    lte_grid *g = tx->grids[cfi - 1];
    tx->cur = g;
    int rc = lte_grid_set_subframe(g, sf->subframe);
    if (rc < 0)
        return rc;
    if (lte_cell_dl_symbols(&g->cell, sf->subframe) > 0) {
        if ((rc = lte_grid_put_signals(g, tx->cfg.amp.crs, tx->cfg.amp.sync)) < 0 ||
            (rc = put_channels(tx, g, sf)) < 0)
            return rc;
    } else {
        LTE_CHECK_ARG(sf->mib == NULL && sf->n_hi == 0 && sf->n_dci == 0 && sf->n_pdsch == 0,
                      "subframe %d is an uplink subframe", sf->subframe);
    }
    if (!out)
        return 0;
    for (int p = 0; p < g->n_ports; p++) {
        LTE_CHECK_ARG(out[p] != NULL, "out[%d] is NULL", p);
        if ((rc = lte_ofdm_mod_subframe(tx->ofdm, g->port[p], out[p])) < 0)
            return rc;
    }
    return 0;
}

const lte_grid *lte_dl_tx_grid(const lte_dl_tx *tx)
{
    return tx ? tx->cur : NULL;
}

int lte_dl_tx_subframe_len(const lte_dl_tx *tx)
{
    LTE_CHECK_ARG(tx != NULL, "tx is NULL");
    return tx->sf_len;
}
