/* Downlink frame structure and numerology (36.211 §4, §6.2.3, §6.12).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>

#include "kernels/internal.h"
#include "ltephy/cell.h"

#define CHECK_CFG(cfg) LTE_CHECK_ARG((cfg) != NULL, "cfg is NULL")
#define CHECK_CP(cfg)                                                                   \
    LTE_CHECK_ARG((cfg)->cp == LTE_CP_NORMAL || (cfg)->cp == LTE_CP_EXTENDED,           \
                  "cp = %d: must be LTE_CP_NORMAL or LTE_CP_EXTENDED", (int)(cfg)->cp)
#define CHECK_SF(sf) \
    LTE_CHECK_ARG((sf) >= 0 && (sf) < LTE_NSUBFRAMES, "subframe = %d: must be 0..9", (sf))

/* Table 4.2-2: uplink-downlink configurations. */
static const char tdd_pattern[7][LTE_NSUBFRAMES + 1] = {
    "DSUUUDSUUU", "DSUUDDSUUD", "DSUDDDSUDD", "DSUUUDDDDD",
    "DSUUDDDDDD", "DSUDDDDDDD", "DSUUUDSUUD",
};

/* Table 4.2-1: DwPTS length in T_s, normal and extended downlink CP. */
static const int dwpts_ts_normal[10] = {6592,  19760, 21952, 24144, 26336,
                                        6592,  19760, 21952, 24144, 13168};
static const int dwpts_ts_ext[8] = {7680, 20480, 23040, 25600, 7680, 20480, 23040, 12800};

/* Table 4.2-1: configurations whose UpPTS is two SC-FDMA symbols long. */
static int uppts_two_symbols(const lte_cell_cfg *cfg)
{
    return cfg->cp == LTE_CP_NORMAL ? cfg->ssf_config >= 5 : cfg->ssf_config >= 4;
}

static int n_rb_valid(int n_rb)
{
    return n_rb == 6 || n_rb == 15 || n_rb == 25 || n_rb == 50 || n_rb == 75 || n_rb == 100;
}

int lte_cell_symb_per_slot(const lte_cell_cfg *cfg)
{
    CHECK_CFG(cfg);
    CHECK_CP(cfg);
    return cfg->cp == LTE_CP_NORMAL ? 7 : 6; /* Table 6.2.3-1 */
}

int lte_cell_symb_per_subframe(const lte_cell_cfg *cfg)
{
    CHECK_CFG(cfg);
    CHECK_CP(cfg);
    return cfg->cp == LTE_CP_NORMAL ? 14 : 12;
}

int lte_cell_n_sc(const lte_cell_cfg *cfg)
{
    CHECK_CFG(cfg);
    LTE_CHECK_ARG(n_rb_valid(cfg->n_rb), "n_rb = %d: must be 6, 15, 25, 50, 75 or 100",
                  cfg->n_rb);
    return cfg->n_rb * LTE_NSC_RB;
}

int lte_cell_fft_size(const lte_cell_cfg *cfg)
{
    CHECK_CFG(cfg);
    switch (cfg->n_rb) {
    case 6: return 128;
    case 15: return 256;
    case 25: return 512;
    case 50: return 1024;
    case 75: return 1536;
    case 100: return 2048;
    default: break;
    }
    return lte_error_set_fn(LTE_EINVAL, __func__,
                            "n_rb = %d: must be 6, 15, 25, 50, 75 or 100", cfg->n_rb);
}

int lte_cell_sample_rate(const lte_cell_cfg *cfg)
{
    int n = lte_cell_fft_size(cfg);
    return n < 0 ? n : n * 15000; /* delta f = 15 kHz (§6.12) */
}

int lte_cell_cp_len(const lte_cell_cfg *cfg, int l_slot)
{
    int n = lte_cell_fft_size(cfg);
    if (n < 0)
        return n;
    CHECK_CP(cfg);
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6;
    LTE_CHECK_ARG(l_slot >= 0 && l_slot < nsymb, "l_slot = %d: must be 0..%d", l_slot,
                  nsymb - 1);
    /* Table 6.12-1 in units of T_s, i.e. samples at N = 2048; every FFT size
     * here divides 2048*3/4 evenly into these (1536: 160*3/4 = 120). */
    int cp2048 = cfg->cp == LTE_CP_EXTENDED ? 512 : (l_slot == 0 ? 160 : 144);
    return cp2048 * n / 2048;
}

int lte_cell_symbol_start(const lte_cell_cfg *cfg, int l_sf)
{
    int n = lte_cell_fft_size(cfg);
    if (n < 0)
        return n;
    CHECK_CP(cfg);
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6;
    LTE_CHECK_ARG(l_sf >= 0 && l_sf < 2 * nsymb, "l_sf = %d: must be 0..%d", l_sf,
                  2 * nsymb - 1);
    int off = (l_sf / nsymb) * (15360 * n / 2048); /* a slot is 15360 T_s (§4) */
    for (int l = 0; l < l_sf % nsymb; l++)
        off += lte_cell_cp_len(cfg, l) + n;
    return off;
}

int lte_cell_subframe_samples(const lte_cell_cfg *cfg)
{
    int n = lte_cell_fft_size(cfg);
    return n < 0 ? n : LTE_TS_PER_SUBFRAME * n / 2048;
}

static int check_tdd(const lte_cell_cfg *cfg, const char *fn)
{
    if (cfg->tdd_config < 0 || cfg->tdd_config > 6)
        return lte_error_set_fn(LTE_EINVAL, fn,
                                "tdd_config = %d: uplink-downlink configuration must be "
                                "0..6 (36.211 Table 4.2-2)",
                                cfg->tdd_config);
    int max = cfg->cp == LTE_CP_NORMAL ? 9 : 7;
    if (cfg->ssf_config < 0 || cfg->ssf_config > max)
        return lte_error_set_fn(LTE_EINVAL, fn,
                                "ssf_config = %d: special subframe configuration must be "
                                "0..%d with %s CP in the downlink (36.211 Table 4.2-1)",
                                cfg->ssf_config, max,
                                cfg->cp == LTE_CP_NORMAL ? "normal" : "extended");
    return 0;
}

int lte_cell_subframe_type(const lte_cell_cfg *cfg, int subframe)
{
    CHECK_CFG(cfg);
    CHECK_SF(subframe);
    if (cfg->duplex == LTE_FDD)
        return LTE_SF_DL;
    LTE_CHECK_ARG(cfg->duplex == LTE_TDD, "duplex = %d: must be LTE_FDD or LTE_TDD",
                  (int)cfg->duplex);
    LTE_CHECK_ARG(cfg->tdd_config >= 0 && cfg->tdd_config <= 6,
                  "tdd_config = %d: must be 0..6 (36.211 Table 4.2-2)", cfg->tdd_config);
    return tdd_pattern[cfg->tdd_config][subframe];
}

int lte_cell_tbs_prb(const lte_cell_cfg *cfg, int subframe, int n_prb)
{
    LTE_CHECK_ARG(n_prb >= 1 && n_prb <= LTE_MAX_RB, "n_prb = %d: must be 1..%d", n_prb, LTE_MAX_RB);
    int t = lte_cell_subframe_type(cfg, subframe);
    if (t < 0)
        return t;
    if (t != LTE_SF_SPECIAL)
        return n_prb;
    /* 36.213 §7.1.7: the DwPTS of special subframe configuration 9 (normal
     * CP; 6 OFDM symbols) or 7 (extended CP; 5), both of Release 11, scales
     * by 0.375; every other configuration by the Release 8 factor 0.75 */
    const int short_dwpts = cfg->cp == LTE_CP_NORMAL ? cfg->ssf_config == 9 : cfg->ssf_config == 7;
    const int n = short_dwpts ? n_prb * 3 / 8 : n_prb * 3 / 4;
    return n > 1 ? n : 1;
}

int lte_cell_special_ts(const lte_cell_cfg *cfg, int *dwpts, int *gp, int *uppts)
{
    CHECK_CFG(cfg);
    CHECK_CP(cfg);
    LTE_CHECK_ARG(cfg->duplex == LTE_TDD, "the cell is not TDD: no special subframe");
    int rc = check_tdd(cfg, __func__);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(cfg->ul_cp == LTE_CP_NORMAL || cfg->ul_cp == LTE_CP_EXTENDED,
                  "ul_cp = %d: must be LTE_CP_NORMAL or LTE_CP_EXTENDED", (int)cfg->ul_cp);
    int dw = cfg->cp == LTE_CP_NORMAL ? dwpts_ts_normal[cfg->ssf_config]
                                      : dwpts_ts_ext[cfg->ssf_config];
    /* UpPTS: 1 or 2 SC-FDMA symbols of 2048 + 144 (normal UL CP) or
     * 2048 + 512 (extended UL CP) T_s, the Table 4.2-1 values. */
    int up = (uppts_two_symbols(cfg) ? 2 : 1) * (cfg->ul_cp == LTE_CP_NORMAL ? 2192 : 2560);
    if (dwpts)
        *dwpts = dw;
    if (uppts)
        *uppts = up;
    if (gp)
        *gp = LTE_TS_PER_SUBFRAME - dw - up;
    return 0;
}

int lte_cell_dwpts_symbols(const lte_cell_cfg *cfg)
{
    int dw;
    int rc = lte_cell_special_ts(cfg, &dw, NULL, NULL);
    if (rc < 0)
        return rc;
    /* Count the OFDM symbols (CP + 2048 T_s) that DwPTS holds exactly. */
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6, t = 0, n = 0;
    while (t < dw) {
        int l = n % nsymb;
        t += 2048 + (cfg->cp == LTE_CP_EXTENDED ? 512 : (l == 0 ? 160 : 144));
        n++;
    }
    return n;
}

int lte_cell_uppts_symbols(const lte_cell_cfg *cfg)
{
    int rc = lte_cell_special_ts(cfg, NULL, NULL, NULL);
    return rc < 0 ? rc : (uppts_two_symbols(cfg) ? 2 : 1);
}

int lte_cell_dl_symbols(const lte_cell_cfg *cfg, int subframe)
{
    int t = lte_cell_subframe_type(cfg, subframe);
    if (t < 0)
        return t;
    CHECK_CP(cfg);
    if (t == LTE_SF_UL)
        return 0;
    if (t == LTE_SF_SPECIAL)
        return lte_cell_dwpts_symbols(cfg);
    return cfg->cp == LTE_CP_NORMAL ? 14 : 12;
}

int lte_cell_harq_processes(const lte_cell_cfg *cfg)
{
    static const int tdd_harq[7] = {4, 7, 10, 9, 12, 15, 6}; /* 36.213 Table 7-1 */
    CHECK_CFG(cfg);
    if (cfg->duplex == LTE_FDD)
        return 8; /* 36.213 §7 */
    LTE_CHECK_ARG(cfg->duplex == LTE_TDD, "duplex = %d: must be LTE_FDD or LTE_TDD",
                  (int)cfg->duplex);
    LTE_CHECK_ARG(cfg->tdd_config >= 0 && cfg->tdd_config <= 6,
                  "tdd_config = %d: must be 0..6 (36.211 Table 4.2-2)", cfg->tdd_config);
    return tdd_harq[cfg->tdd_config];
}
