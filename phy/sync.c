/* Primary and secondary synchronisation signals (36.211 §6.11).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stddef.h>

#include "kernels/internal.h"
#include "ltephy/sync.h"

int lte_pss_root(int n_id2)
{
    static const int root[3] = {25, 29, 34}; /* Table 6.11.1.1-1 */
    LTE_CHECK_ARG(n_id2 >= 0 && n_id2 <= 2, "n_id2 = %d: N_ID^(2) must be 0..2", n_id2);
    return root[n_id2];
}

int lte_pss_gen(int n_id2, float complex d[LTE_SYNC_LEN])
{
    int u = lte_pss_root(n_id2);
    if (u < 0)
        return u;
    LTE_CHECK_ARG(d != NULL, "d is NULL");
    for (int n = 0; n < LTE_SYNC_LEN; n++) {
        /* §6.11.1.1: exponent u n(n+1) for n <= 30, u (n+1)(n+2) above (the
         * ZC element n = 31 of 63 is skipped). exp(-j pi x / 63) has period
         * 126 in x, so reduce x exactly in integers before the float maths. */
        int m = n <= 30 ? n : n + 1;
        int x = (u * m * (m + 1)) % 126;
        double ph = -M_PI * (double)x / 63.0;
        d[n] = (float)cos(ph) + I * (float)sin(ph);
    }
    return 0;
}

int lte_sss_m(int n_id1, int *m0, int *m1)
{
    LTE_CHECK_ARG(n_id1 >= 0 && n_id1 <= 167, "n_id1 = %d: N_ID^(1) must be 0..167", n_id1);
    LTE_CHECK_ARG(m0 != NULL && m1 != NULL, "m0/m1 is NULL");
    /* §6.11.2.1 */
    int qp = n_id1 / 30;
    int q = (n_id1 + qp * (qp + 1) / 2) / 30;
    int mp = n_id1 + q * (q + 1) / 2;
    *m0 = mp % 31;
    *m1 = (*m0 + mp / 31 + 1) % 31;
    return 0;
}

/* One period (31) of 1 - 2x(i) for x(i+5) = (sum of x(i+t), t in taps) mod 2,
 * x(0..4) = 0, 0, 0, 0, 1 (§6.11.2.1). taps is a bit mask over t = 0..4. */
static void msequence(unsigned taps, int out[31])
{
    int x[31] = {0, 0, 0, 0, 1};
    for (int i = 0; i + 5 < 31; i++) {
        int s = 0;
        for (int t = 0; t < 5; t++)
            if (taps & (1u << t))
                s ^= x[i + t];
        x[i + 5] = s;
    }
    for (int i = 0; i < 31; i++)
        out[i] = 1 - 2 * x[i];
}

int lte_sss_gen(int n_id1, int n_id2, int subframe, float complex d[LTE_SYNC_LEN])
{
    int m0, m1;
    int rc = lte_sss_m(n_id1, &m0, &m1);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(n_id2 >= 0 && n_id2 <= 2, "n_id2 = %d: N_ID^(2) must be 0..2", n_id2);
    LTE_CHECK_ARG(subframe == 0 || subframe == 5, "subframe = %d: the SSS is in 0 or 5",
                  subframe);
    LTE_CHECK_ARG(d != NULL, "d is NULL");
    int s[31], c[31], z[31];
    msequence(1u << 0 | 1u << 2, s);                       /* x(i+2) + x(i) */
    msequence(1u << 0 | 1u << 3, c);                       /* x(i+3) + x(i) */
    msequence(1u << 0 | 1u << 1 | 1u << 2 | 1u << 4, z);   /* x(i+4)+x(i+2)+x(i+1)+x(i) */
    /* Subframe 5 swaps the roles of m0 and m1 (§6.11.2.1). */
    int ma = subframe == 0 ? m0 : m1, mb = subframe == 0 ? m1 : m0;
    for (int n = 0; n < 31; n++) {
        int sa = s[(n + ma) % 31], sb = s[(n + mb) % 31];
        int c0 = c[(n + n_id2) % 31], c1 = c[(n + n_id2 + 3) % 31];
        int z1 = z[(n + ma % 8) % 31];
        d[2 * n] = (float)(sa * c0);
        d[2 * n + 1] = (float)(sb * c1 * z1);
    }
    return 0;
}

#define CHECK_CELL(cfg, sf)                                                              \
    do {                                                                                 \
        LTE_CHECK_ARG((cfg) != NULL, "cfg is NULL");                                     \
        LTE_CHECK_ARG((sf) >= 0 && (sf) < LTE_NSUBFRAMES, "subframe = %d: must be 0..9", \
                      (sf));                                                             \
        LTE_CHECK_ARG((cfg)->cp == LTE_CP_NORMAL || (cfg)->cp == LTE_CP_EXTENDED,        \
                      "cp = %d: invalid", (int)(cfg)->cp);                               \
        LTE_CHECK_ARG((cfg)->duplex == LTE_FDD || (cfg)->duplex == LTE_TDD,              \
                      "duplex = %d: invalid", (int)(cfg)->duplex);                       \
    } while (0)

int lte_pss_symbol(const lte_cell_cfg *cfg, int subframe, int *l_sf)
{
    CHECK_CELL(cfg, subframe);
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6, l;
    if (cfg->duplex == LTE_FDD) {
        if (subframe != 0 && subframe != 5)
            return 0;
        l = nsymb - 1; /* last symbol of slots 0 and 10 */
    } else {
        if (subframe != 1 && subframe != 6)
            return 0;
        l = 2; /* third symbol of subframes 1 and 6 (in DwPTS) */
    }
    if (l_sf)
        *l_sf = l;
    return 1;
}

int lte_sss_symbol(const lte_cell_cfg *cfg, int subframe, int *l_sf)
{
    CHECK_CELL(cfg, subframe);
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6;
    if (subframe != 0 && subframe != 5)
        return 0;
    /* FDD: second-last symbol of slots 0/10; TDD: last symbol of slots 1/11 */
    int l = cfg->duplex == LTE_FDD ? nsymb - 2 : 2 * nsymb - 1;
    if (l_sf)
        *l_sf = l;
    return 1;
}

int lte_sync_k0(const lte_cell_cfg *cfg)
{
    int n_sc = lte_cell_n_sc(cfg);
    return n_sc < 0 ? n_sc : n_sc / 2 - 31;
}

static int sync_map(const lte_cell_cfg *cfg, int subframe, float amp, float complex *grid,
                    int sss)
{
    int l;
    int has = sss ? lte_sss_symbol(cfg, subframe, &l) : lte_pss_symbol(cfg, subframe, &l);
    if (has <= 0)
        return has;
    int k0 = lte_sync_k0(cfg);
    if (k0 < 0)
        return k0;
    if (cfg->cell_id < 0 || cfg->cell_id > 503)
        return lte_error_set_fn(LTE_EINVAL, sss ? "lte_sss_map" : "lte_pss_map",
                                "cell_id = %d: must be 0..503", cfg->cell_id);
    if (!grid)
        return lte_error_set_fn(LTE_EINVAL, sss ? "lte_sss_map" : "lte_pss_map",
                                "grid is NULL");
    float complex d[LTE_SYNC_LEN];
    int rc = sss ? lte_sss_gen(cfg->cell_id / 3, cfg->cell_id % 3, subframe, d)
                 : lte_pss_gen(cfg->cell_id % 3, d);
    if (rc < 0)
        return rc;
    float complex *row = grid + (size_t)l * (size_t)(cfg->n_rb * LTE_NSC_RB);
    for (int n = 0; n < LTE_SYNC_LEN; n++)
        row[k0 + n] = amp * d[n];
    return 0;
}

int lte_pss_map(const lte_cell_cfg *cfg, int subframe, float amp, float complex *grid)
{
    return sync_map(cfg, subframe, amp, grid, 0);
}

int lte_sss_map(const lte_cell_cfg *cfg, int subframe, float amp, float complex *grid)
{
    return sync_map(cfg, subframe, amp, grid, 1);
}
