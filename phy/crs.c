/* Cell-specific reference signals (36.211 §6.10.1).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stddef.h>

#include "kernels/internal.h"
#include "ltephy/gold.h"
#include "ltephy/sync.h"

#define CHECK_CELL(cfg)                                                               \
    do {                                                                              \
        LTE_CHECK_ARG((cfg) != NULL, "cfg is NULL");                                  \
        LTE_CHECK_ARG((cfg)->cp == LTE_CP_NORMAL || (cfg)->cp == LTE_CP_EXTENDED,     \
                      "cp = %d: invalid", (int)(cfg)->cp);                            \
        LTE_CHECK_ARG((cfg)->cell_id >= 0 && (cfg)->cell_id <= 503,                   \
                      "cell_id = %d: N_ID^cell must be 0..503", (cfg)->cell_id);      \
    } while (0)

int lte_crs_cinit(const lte_cell_cfg *cfg, int ns, int l_slot, uint32_t *c_init)
{
    CHECK_CELL(cfg);
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6;
    LTE_CHECK_ARG(ns >= 0 && ns < 20, "ns = %d: slot must be 0..19", ns);
    LTE_CHECK_ARG(l_slot >= 0 && l_slot < nsymb, "l_slot = %d: must be 0..%d", l_slot,
                  nsymb - 1);
    LTE_CHECK_ARG(c_init != NULL, "c_init is NULL");
    /* §6.10.1.1; the largest value, 2^10*147*1007 + 1007, fits in 28 bits. */
    uint32_t id = (uint32_t)cfg->cell_id;
    uint32_t ncp = cfg->cp == LTE_CP_NORMAL ? 1 : 0;
    *c_init = (1u << 10) * (7u * (uint32_t)(ns + 1) + (uint32_t)l_slot + 1u) * (2u * id + 1u) +
              2u * id + ncp;
    return 0;
}

int lte_crs_seq(const lte_cell_cfg *cfg, int ns, int l_slot, float complex r[LTE_CRS_SEQ_LEN])
{
    uint32_t c_init;
    int rc = lte_crs_cinit(cfg, ns, l_slot, &c_init);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(r != NULL, "r is NULL");
    uint8_t c[2 * LTE_CRS_SEQ_LEN];
    rc = lte_gold_bits(c_init, 2 * LTE_CRS_SEQ_LEN, c);
    if (rc < 0)
        return rc;
    const float a = (float)M_SQRT1_2;
    for (int m = 0; m < LTE_CRS_SEQ_LEN; m++)
        r[m] = a * (1 - 2 * c[2 * m]) + I * a * (1 - 2 * c[2 * m + 1]);
    return 0;
}

int lte_crs_offset(const lte_cell_cfg *cfg, int port, int ns, int l_slot)
{
    CHECK_CELL(cfg);
    LTE_CHECK_ARG(port >= 0 && port <= 3, "port = %d: CRS ports are 0..3", port);
    LTE_CHECK_ARG(ns >= 0 && ns < 20, "ns = %d: slot must be 0..19", ns);
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6;
    LTE_CHECK_ARG(l_slot >= 0 && l_slot < nsymb, "l_slot = %d: must be 0..%d", l_slot,
                  nsymb - 1);
    /* §6.10.1.2: l = 0 and N_symb-3 for ports 0/1, l = 1 for ports 2/3 */
    int v;
    if (port <= 1) {
        if (l_slot != 0 && l_slot != nsymb - 3)
            return -1;
        v = (l_slot == 0) == (port == 0) ? 0 : 3;
    } else {
        if (l_slot != 1)
            return -1;
        v = 3 * (ns % 2) + (port == 3 ? 3 : 0);
    }
    return (v + cfg->cell_id % 6) % 6; /* v_shift = N_ID mod 6 */
}

int lte_crs_symbol(const lte_cell_cfg *cfg, int subframe, int port, int l_sf,
                   float complex *val, uint16_t *k)
{
    CHECK_CELL(cfg);
    int n_sc = lte_cell_n_sc(cfg);
    if (n_sc < 0)
        return n_sc;
    int n_dl = lte_cell_dl_symbols(cfg, subframe);
    if (n_dl < 0)
        return n_dl;
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6;
    LTE_CHECK_ARG(l_sf >= 0 && l_sf < 2 * nsymb, "l_sf = %d: must be 0..%d", l_sf,
                  2 * nsymb - 1);
    LTE_CHECK_ARG(port >= 0 && port <= 3, "port = %d: CRS ports are 0..3", port);
    if (port >= cfg->n_ports || l_sf >= n_dl)
        return 0;
    int ns = 2 * subframe + l_sf / nsymb, l = l_sf % nsymb;
    int off = lte_crs_offset(cfg, port, ns, l);
    if (off < 0)
        return 0;
    int n = 2 * cfg->n_rb, m0 = LTE_MAX_RB - cfg->n_rb; /* m' = m + N_RB^max - N_RB */
    if (val) {
        float complex r[LTE_CRS_SEQ_LEN];
        int rc = lte_crs_seq(cfg, ns, l, r);
        if (rc < 0)
            return rc;
        for (int m = 0; m < n; m++)
            val[m] = r[m + m0];
    }
    if (k)
        for (int m = 0; m < n; m++)
            k[m] = (uint16_t)(6 * m + off);
    return n;
}

int lte_crs_map(const lte_cell_cfg *cfg, int subframe, int port, float amp,
                float complex *grid)
{
    CHECK_CELL(cfg);
    LTE_CHECK_ARG(grid != NULL, "grid is NULL");
    LTE_CHECK_ARG(port >= 0 && port < cfg->n_ports,
                  "port = %d: the cell has CRS ports 0..%d", port, cfg->n_ports - 1);
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6;
    int n_sc = cfg->n_rb * LTE_NSC_RB;
    float complex val[2 * LTE_MAX_RB];
    uint16_t k[2 * LTE_MAX_RB];
    for (int l = 0; l < 2 * nsymb; l++) {
        int n = lte_crs_symbol(cfg, subframe, port, l, val, k);
        if (n < 0)
            return n;
        for (int m = 0; m < n; m++)
            grid[(size_t)l * (size_t)n_sc + k[m]] = amp * val[m];
    }
    return 0;
}
