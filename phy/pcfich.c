/* PCFICH (36.211 §6.7).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stddef.h>

#include "kernels/internal.h"
#include "ltephy/dlphy.h"
#include "ltephy/scrambling.h"

/* The 16 REs of the 4 PCFICH REGs, quadruplet i -> REG pcfich[i] (§6.7.4). */
static int pcfich_re(const lte_grid *g, uint32_t idx[16])
{
    const lte_ctrl_layout *c = g->ctrl;
    LTE_CHECK_ARG(c != NULL && c->n_symb > 0, "subframe %d has no control region", g->subframe);
    for (int i = 0; i < 4; i++) {
        const lte_reg *r = &c->reg[c->pcfich[i]];
        for (int j = 0; j < 4; j++)
            idx[i * 4 + j] = (uint32_t)LTE_GRID_IDX(g->n_sc, r->l, r->k[j]);
    }
    return 0;
}

int lte_pcfich_map(lte_grid *g, float amp)
{
    LTE_CHECK_ARG(g != NULL, "g is NULL");
    LTE_CHECK_ARG(isfinite(amp), "amp is not finite");
    uint32_t idx[16], c_init;
    uint8_t b[LTE_CFI_BITS];
    float complex d[16], y[16 * 4];
    int rc = pcfich_re(g, idx);
    if (rc < 0)
        return rc;
    lte_mimo_cfg mimo;
    lte_dl_ctrl_mimo(g->n_ports, &mimo);
    /* 36.212 §5.3.4 codeword; §6.7.1 scrambling; §6.7.2 QPSK; §6.7.3 */
    if ((rc = lte_cfi_encode(g->ctrl->cfi, b)) < 0 ||
        (rc = lte_scr_cinit_pcfich(2 * g->subframe, g->cell.cell_id, &c_init)) < 0 ||
        (rc = lte_scramble_bits(c_init, 0, b, LTE_CFI_BITS, b, LTE_SIMD_AUTO)) < 0 ||
        (rc = lte_mod_map(LTE_MOD_QPSK, b, LTE_CFI_BITS, d)) < 0 ||
        (rc = lte_precode(&mimo, d, 16, y)) < 0)
        return rc;
    for (int k = 0; k < 16; k++)
        for (int p = 0; p < g->n_ports; p++)
            g->port[p][idx[k]] = amp * y[k * g->n_ports + p];
    return 0;
}

int lte_pcfich_decode(lte_dlrx *rx, const lte_grid *g, const lte_dl_rxin *in, int *cfi,
                      float *metric)
{
    LTE_CHECK_ARG(rx != NULL && g != NULL && in != NULL && cfi != NULL, "NULL argument");
    uint32_t idx[16], c_init;
    float llr[LTE_CFI_BITS];
    int rc = pcfich_re(g, idx);
    if (rc < 0)
        return rc;
    lte_mimo_cfg mimo;
    lte_dl_ctrl_mimo(g->n_ports, &mimo);
    if ((rc = lte_dl_equalize(rx, in, &mimo, idx, 16, NULL)) < 0 ||
        (rc = lte_demap_maxlog(LTE_MOD_QPSK, rx->x, 16, rx->nv, 16, llr, LTE_SIMD_AUTO)) < 0 ||
        (rc = lte_scr_cinit_pcfich(2 * g->subframe, g->cell.cell_id, &c_init)) < 0 ||
        (rc = lte_descramble_llr(c_init, 0, llr, LTE_CFI_BITS, LTE_SIMD_AUTO)) < 0)
        return rc;
    return lte_cfi_decode(llr, cfi, metric);
}
