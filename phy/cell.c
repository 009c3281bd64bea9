/* Cell configuration, its validation, and the control region of a subframe:
 * resource-element groups, PCFICH, PHICH and PDCCH REGs (36.211 §6.2.4,
 * §6.7, §6.8.5, §6.9). The control layout lives here because validation
 * needs it: whether the PHICH fits is a property of the configuration.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/cell.h"
#include "ltephy/grid.h"

#define CHECK_CFG(cfg) LTE_CHECK_ARG((cfg) != NULL, "cfg is NULL")

int lte_cell_cfg_init(lte_cell_cfg *cfg)
{
    CHECK_CFG(cfg);
    memset(cfg, 0, sizeof *cfg);
    cfg->n_rb = 50;
    cfg->cp = LTE_CP_NORMAL;
    cfg->duplex = LTE_FDD;
    cfg->tdd_config = 1;
    cfg->ssf_config = 7;
    cfg->ul_cp = LTE_CP_NORMAL;
    cfg->cell_id = 0;
    cfg->n_ports = 1;
    cfg->ng = LTE_NG_1;
    cfg->phich_dur = LTE_PHICH_NORMAL;
    cfg->cfi = 2;
    cfg->ue_category = 4;
    return 0;
}

/* ---- control-region sizes ------------------------------------------------- */

static int is_tdd_1_6(const lte_cell_cfg *cfg, int sf)
{
    return cfg->duplex == LTE_TDD && (sf == 1 || sf == 6);
}

/* Checks shared by the control-region queries: the fields they read. */
#define CHECK_CTRL_FIELDS(cfg)                                                            \
    do {                                                                                  \
        CHECK_CFG(cfg);                                                                   \
        LTE_CHECK_ARG((cfg)->cfi >= 1 && (cfg)->cfi <= 3, "cfi = %d: must be 1..3 (36.211 " \
                      "§6.7)", (cfg)->cfi);                                               \
        LTE_CHECK_ARG((cfg)->n_rb >= 6 && (cfg)->n_rb <= LTE_MAX_RB,                      \
                      "n_rb = %d: must be 6..110", (cfg)->n_rb);                          \
    } while (0)

int lte_cell_cfi(const lte_cell_cfg *cfg, int subframe)
{
    CHECK_CTRL_FIELDS(cfg);
    int t = lte_cell_subframe_type(cfg, subframe);
    if (t < 0)
        return t;
    if (t == LTE_SF_UL)
        return 0;
    /* Table 6.7-1: at most 2 control symbols in TDD subframes 1 and 6. */
    if (is_tdd_1_6(cfg, subframe))
        return cfg->n_rb > 10 ? LTE_MIN(cfg->cfi, 2) : 1;
    return cfg->cfi;
}

int lte_cell_ctrl_symbols(const lte_cell_cfg *cfg, int subframe)
{
    int cfi = lte_cell_cfi(cfg, subframe);
    if (cfi <= 0)
        return cfi;
    return cfg->n_rb > 10 ? cfi : cfi + 1; /* Table 6.7-1 */
}

int lte_cell_phich_mi(const lte_cell_cfg *cfg, int subframe)
{
    /* Table 6.9-1 (uplink subframes hold 0). */
    static const uint8_t mi[7][10] = {
        {2, 1, 0, 0, 0, 2, 1, 0, 0, 0}, {0, 1, 0, 0, 1, 0, 1, 0, 0, 1},
        {0, 0, 0, 1, 0, 0, 0, 0, 1, 0}, {1, 0, 0, 0, 0, 0, 0, 0, 1, 1},
        {0, 0, 0, 0, 0, 0, 0, 0, 1, 1}, {0, 0, 0, 0, 0, 0, 0, 0, 1, 0},
        {1, 1, 0, 0, 0, 1, 1, 0, 0, 1},
    };
    int t = lte_cell_subframe_type(cfg, subframe);
    if (t < 0)
        return t;
    if (cfg->duplex == LTE_FDD)
        return 1;
    return mi[cfg->tdd_config][subframe];
}

int lte_cell_phich_groups(const lte_cell_cfg *cfg, int subframe)
{
    /* N_g in sixths: 1/6, 1/2, 1, 2 */
    static const int ng6[4] = {1, 3, 6, 12};
    CHECK_CTRL_FIELDS(cfg);
    LTE_CHECK_ARG(cfg->ng >= LTE_NG_1_6 && cfg->ng <= LTE_NG_2,
                  "ng = %d: must be LTE_NG_1_6..LTE_NG_2", (int)cfg->ng);
    LTE_CHECK_ARG(cfg->cp == LTE_CP_NORMAL || cfg->cp == LTE_CP_EXTENDED, "cp = %d: invalid",
                  (int)cfg->cp);
    int mi = lte_cell_phich_mi(cfg, subframe);
    if (mi < 0)
        return mi;
    /* §6.9: N_group = ceil(N_g * N_RB / 8), doubled for extended CP. */
    int n = (ng6[cfg->ng] * cfg->n_rb + 47) / 48;
    if (cfg->cp == LTE_CP_EXTENDED)
        n *= 2;
    return mi * n;
}

int lte_cell_phich_symbols(const lte_cell_cfg *cfg, int subframe)
{
    int t = lte_cell_subframe_type(cfg, subframe);
    if (t < 0)
        return t;
    if (t == LTE_SF_UL)
        return 0;
    LTE_CHECK_ARG(cfg->phich_dur == LTE_PHICH_NORMAL || cfg->phich_dur == LTE_PHICH_EXTENDED,
                  "phich_dur = %d: must be LTE_PHICH_NORMAL or LTE_PHICH_EXTENDED",
                  (int)cfg->phich_dur);
    if (cfg->phich_dur == LTE_PHICH_NORMAL)
        return 1;
    return is_tdd_1_6(cfg, subframe) ? 2 : 3; /* Table 6.9.3-1 (non-MBSFN) */
}

/* ---- UE categories --------------------------------------------------------- */

int lte_ue_category_get(int category, lte_ue_category *out)
{
    /* 36.306 Table 4.1-1 (downlink). */
    static const lte_ue_category cat[12] = {
        {1, 10296, 10296, 250368, 1},        {2, 51024, 51024, 1237248, 2},
        {3, 102048, 75376, 1237248, 2},      {4, 150752, 75376, 1827072, 2},
        {5, 299552, 149776, 3667200, 4},     {6, 301504, 149776, 3654144, 4},
        {7, 301504, 149776, 3654144, 4},     {8, 2998560, 299856, 35982720, 8},
        {9, 452256, 149776, 5481216, 4},     {10, 452256, 149776, 5481216, 4},
        {11, 603008, 149776, 7308288, 4},    {12, 603008, 149776, 7308288, 4},
    };
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    LTE_CHECK_ARG(category >= 1 && category <= 12,
                  "category = %d: must be 1..12 (36.306 Table 4.1-1)", category);
    *out = cat[category - 1];
    return 0;
}

/* ---- control layout ------------------------------------------------------- */

/* Does control symbol l hold CRS positions for the purpose of REGs? Ports 0
 * and 1 are assumed present even in a 1-port cell (§6.2.4). */
static int ctrl_symbol_has_crs(const lte_cell_cfg *cfg, int l)
{
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6;
    if (l == 0 || l == nsymb - 3)
        return 1;
    return l == 1 && cfg->n_ports == 4;
}

/* All REGs of the control region in the order of §6.8.5: k' outer, l' inner. */
static void build_regs(const lte_cell_cfg *cfg, int n_symb, lte_ctrl_layout *c)
{
    int n_sc = cfg->n_rb * LTE_NSC_RB, vshift = cfg->cell_id % 6;
    for (int k = 0; k < n_sc; k++) {
        for (int l = 0; l < n_symb; l++) {
            int crs = ctrl_symbol_has_crs(cfg, l);
            /* §6.2.4: 2 REGs of 6 REs per PRB in a symbol with CRS, else 3 of 4 */
            if (k % (crs ? 6 : 4) != 0)
                continue;
            lte_reg *r = &c->reg[c->n_reg++];
            r->k0 = (uint16_t)k;
            r->l = (uint8_t)l;
            r->cls = LTE_RE_PDCCH;
            int n = 0;
            for (int kk = k; kk < k + (crs ? 6 : 4); kk++)
                if (!crs || (kk % 3) != (vshift % 3)) /* CRS at k = 6m + (v+vshift) mod 6, v in {0,3} */
                    r->k[n++] = (uint16_t)kk;
            c->symb_reg[l][c->n_reg_symb[l]++] = c->n_reg - 1;
        }
    }
}

static void map_pcfich(const lte_cell_cfg *cfg, lte_ctrl_layout *c)
{
    /* §6.7.4: z(i) -> REG k = kbar + floor(i N_RB/2) N_sc^RB/2 (mod N_sc),
     * kbar = (N_sc^RB/2)(N_ID mod 2N_RB). REGs of symbol 0 are 6 apart. */
    int n_sc = cfg->n_rb * LTE_NSC_RB;
    int kbar = 6 * (cfg->cell_id % (2 * cfg->n_rb));
    for (int i = 0; i < 4; i++) {
        int k = (kbar + (i * cfg->n_rb / 2) * 6) % n_sc;
        int r = c->symb_reg[0][k / 6];
        c->pcfich[i] = r;
        c->reg[r].cls = LTE_RE_PCFICH;
    }
}

static int map_phich(const lte_cell_cfg *cfg, int sf, lte_ctrl_layout *c, const char *fn)
{
    int ext_special = cfg->phich_dur == LTE_PHICH_EXTENDED && is_tdd_1_6(cfg, sf);
    /* REGs not assigned to PCFICH in symbol l, from the lowest k' (§6.9.3) */
    int free_reg[3][3 * LTE_MAX_RB], n_l[3] = {0, 0, 0};
    for (int l = 0; l < 3; l++)
        for (int j = 0; j < c->n_reg_symb[l]; j++) {
            int r = c->symb_reg[l][j];
            if (c->reg[r].cls != LTE_RE_PCFICH)
                free_reg[l][n_l[l]++] = r;
        }
    for (int m = 0; m < c->n_phich_units; m++) {
        for (int i = 0; i < 3; i++) {
            /* §6.9.3: time-domain index l'_i */
            int l = cfg->phich_dur == LTE_PHICH_NORMAL ? 0
                    : ext_special                       ? (m / 2 + i + 1) % 2
                                                        : i;
            int nl = n_l[l], nx = ext_special ? n_l[1] : n_l[0];
            if (nl == 0 || nx == 0) /* excluded by check_fields; never divide by 0 */
                return lte_error_set_fn(LTE_EINVAL, fn, "PHICH symbol %d outside the "
                                        "control region", l);
            int nbar = (cfg->cell_id * nl / nx + m + (i * nl) / 3) % nl;
            int r = free_reg[l][nbar];
            if (c->reg[r].cls == LTE_RE_PHICH)
                return lte_error_set_fn(
                    LTE_EINVAL, fn,
                    "subframe %d: %d PHICH mapping units do not fit in the %d REGs of OFDM "
                    "symbol %d, unit %d repetition %d lands on a REG already used "
                    "(36.211 §6.9.3); use a smaller N_g",
                    sf, c->n_phich_units, nl, l, m, i);
            c->reg[r].cls = LTE_RE_PHICH;
            c->phich[m][i] = r;
        }
    }
    return 0;
}

/* Build without validating cfg (the caller did); fn names the public
 * function in error messages. */
static int build_ctrl(const lte_cell_cfg *cfg, int sf, lte_ctrl_layout *c, const char *fn)
{
    memset(c, 0, sizeof *c);
    c->subframe = sf;
    c->n_symb = lte_cell_ctrl_symbols(cfg, sf);
    if (c->n_symb <= 0)
        return c->n_symb;
    c->cfi = lte_cell_cfi(cfg, sf);
    c->phich_symb = lte_cell_phich_symbols(cfg, sf);
    c->n_phich_groups = lte_cell_phich_groups(cfg, sf);
    c->n_phich_units =
        cfg->cp == LTE_CP_EXTENDED ? c->n_phich_groups / 2 : c->n_phich_groups;
    if (c->n_phich_units > LTE_PHICH_MAX_UNITS)
        return lte_error_set_fn(LTE_EINVAL, fn, "%d PHICH mapping units exceed %d",
                                c->n_phich_units, LTE_PHICH_MAX_UNITS);
    build_regs(cfg, c->n_symb, c);
    map_pcfich(cfg, c);
    int rc = map_phich(cfg, sf, c, fn);
    if (rc < 0)
        return rc;
    for (int i = 0; i < c->n_reg; i++)
        if (c->reg[i].cls == LTE_RE_PDCCH)
            c->pdcch[c->n_pdcch_reg++] = i;
    c->n_cce = c->n_pdcch_reg / 9; /* §6.8.1: a CCE is 9 REGs */
    return 0;
}

/* Range checks of every field, and the extended PHICH duration rule. */
static int check_fields(const lte_cell_cfg *cfg, const char *fn)
{
#define BAD(...) return lte_error_set_fn(LTE_EINVAL, fn, __VA_ARGS__)
    if (!cfg)
        BAD("cfg is NULL");
    int n = cfg->n_rb;
    if (!(n == 6 || n == 15 || n == 25 || n == 50 || n == 75 || n == 100))
        BAD("n_rb = %d: must be 6, 15, 25, 50, 75 or 100 (the 36.104 channel bandwidths "
            "1.4-20 MHz)", n);
    if (cfg->cp != LTE_CP_NORMAL && cfg->cp != LTE_CP_EXTENDED)
        BAD("cp = %d: must be LTE_CP_NORMAL or LTE_CP_EXTENDED", (int)cfg->cp);
    if (cfg->duplex != LTE_FDD && cfg->duplex != LTE_TDD)
        BAD("duplex = %d: must be LTE_FDD or LTE_TDD", (int)cfg->duplex);
    if (cfg->duplex == LTE_TDD) {
        if (cfg->tdd_config < 0 || cfg->tdd_config > 6)
            BAD("tdd_config = %d: uplink-downlink configuration must be 0..6 (36.211 "
                "Table 4.2-2)", cfg->tdd_config);
        int max = cfg->cp == LTE_CP_NORMAL ? 9 : 7;
        if (cfg->ssf_config < 0 || cfg->ssf_config > max)
            BAD("ssf_config = %d: special subframe configuration must be 0..%d with %s CP "
                "in the downlink (36.211 Table 4.2-1%s)", cfg->ssf_config, max,
                cfg->cp == LTE_CP_NORMAL ? "normal" : "extended",
                cfg->cp == LTE_CP_NORMAL ? "" : ": configurations 8 and 9 exist only with "
                                                "normal CP");
        if (cfg->ul_cp != LTE_CP_NORMAL && cfg->ul_cp != LTE_CP_EXTENDED)
            BAD("ul_cp = %d: must be LTE_CP_NORMAL or LTE_CP_EXTENDED", (int)cfg->ul_cp);
    }
    if (cfg->cell_id < 0 || cfg->cell_id > 503)
        BAD("cell_id = %d: N_ID^cell must be 0..503 (36.211 §6.11)", cfg->cell_id);
    if (cfg->n_ports != 1 && cfg->n_ports != 2 && cfg->n_ports != 4)
        BAD("n_ports = %d: cell-specific RS use 1, 2 or 4 antenna ports (36.211 §6.10.1)",
            cfg->n_ports);
    if (cfg->ng < LTE_NG_1_6 || cfg->ng > LTE_NG_2)
        BAD("ng = %d: must be LTE_NG_1_6, LTE_NG_1_2, LTE_NG_1 or LTE_NG_2 (36.211 §6.9)",
            (int)cfg->ng);
    if (cfg->phich_dur != LTE_PHICH_NORMAL && cfg->phich_dur != LTE_PHICH_EXTENDED)
        BAD("phich_dur = %d: must be LTE_PHICH_NORMAL or LTE_PHICH_EXTENDED",
            (int)cfg->phich_dur);
    if (cfg->cfi < 1 || cfg->cfi > 3)
        BAD("cfi = %d: must be 1..3 (36.211 §6.7, 36.212 Table 5.3.4-1)", cfg->cfi);
    if (cfg->ue_category < 1 || cfg->ue_category > 12)
        BAD("ue_category = %d: must be 1..12 (36.306 Table 4.1-1)", cfg->ue_category);
    int ctrl = n > 10 ? cfg->cfi : cfg->cfi + 1;
    if (cfg->phich_dur == LTE_PHICH_EXTENDED && ctrl < 3)
        BAD("phich_dur = extended with cfi = %d: the extended PHICH duration (3 OFDM "
            "symbols, Table 6.9.3-1) is a lower limit on the control region (36.211 "
            "§6.9.3) but CFI %d gives %d symbol(s) with N_RB = %d; use cfi = %d",
            cfg->cfi, cfg->cfi, ctrl, n, n > 10 ? 3 : 2);
    return 0;
#undef BAD
}

int lte_cell_validate(const lte_cell_cfg *cfg)
{
    int rc = check_fields(cfg, __func__);
    if (rc < 0)
        return rc;
    lte_ctrl_layout *c = lte_alloc(sizeof *c);
    LTE_CHECK(c != NULL, LTE_ENOMEM, "no memory for a control layout");
    for (int sf = 0; sf < LTE_NSUBFRAMES && rc == 0; sf++)
        rc = build_ctrl(cfg, sf, c, __func__);
    lte_free(c);
    return rc;
}

int lte_ctrl_layout_build(const lte_cell_cfg *cfg, int subframe, lte_ctrl_layout *out)
{
    int rc = check_fields(cfg, __func__);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    LTE_CHECK_ARG(subframe >= 0 && subframe < LTE_NSUBFRAMES, "subframe = %d: must be 0..9",
                  subframe);
    return build_ctrl(cfg, subframe, out, __func__);
}
