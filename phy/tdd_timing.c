/* HARQ and scheduling timing tables of TS 36.213 (§8.0 Table 8-2, §8
 * Table 8-1, §9.1.2 Table 9.1.2-1, §10.1.3.1 Table 10.1.3.1-1), FDD and TDD.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "kernels/internal.h"
#include "ltephy/tdd_timing.h"

/* Table 8-2: k for an uplink grant in subframe n (0 = no grant there). */
static const signed char pusch_k_tab[7][10] = {
    {4, 6, 0, 0, 0, 4, 6, 0, 0, 0}, /* 0 */
    {0, 6, 0, 0, 4, 0, 6, 0, 0, 4}, /* 1 */
    {0, 0, 0, 4, 0, 0, 0, 0, 4, 0}, /* 2 */
    {4, 0, 0, 0, 0, 0, 0, 0, 4, 4}, /* 3 */
    {0, 0, 0, 0, 0, 0, 0, 0, 4, 4}, /* 4 */
    {0, 0, 0, 0, 0, 0, 0, 0, 4, 0}, /* 5 */
    {7, 7, 0, 0, 0, 7, 7, 0, 0, 5}, /* 6 */
};

/* Table 9.1.2-1: k_PHICH for PUSCH in subframe n (0 = not uplink). */
static const signed char phich_k_tab[7][10] = {
    {0, 0, 4, 7, 6, 0, 0, 4, 7, 6}, /* 0 */
    {0, 0, 4, 6, 0, 0, 0, 4, 6, 0}, /* 1 */
    {0, 0, 6, 0, 0, 0, 0, 6, 0, 0}, /* 2 */
    {0, 0, 6, 6, 6, 0, 0, 0, 0, 0}, /* 3 */
    {0, 0, 6, 6, 0, 0, 0, 0, 0, 0}, /* 4 */
    {0, 0, 6, 0, 0, 0, 0, 0, 0, 0}, /* 5 */
    {0, 0, 4, 6, 6, 0, 0, 4, 7, 0}, /* 6 */
};

/* Table 10.1.3.1-1: downlink association set K of uplink subframe n, in the
 * table's order (terminated by 0). */
static const signed char dl_assoc_tab[7][10][LTE_TDD_MAX_DL_ASSOC + 1] = {
    [0] = {[2] = {6}, [4] = {4}, [7] = {6}, [9] = {4}},
    [1] = {[2] = {7, 6}, [3] = {4}, [7] = {7, 6}, [8] = {4}},
    [2] = {[2] = {8, 7, 4, 6}, [7] = {8, 7, 4, 6}},
    [3] = {[2] = {7, 6, 11}, [3] = {6, 5}, [4] = {5, 4}},
    [4] = {[2] = {12, 8, 7, 11}, [3] = {6, 5, 4, 7}},
    [5] = {[2] = {13, 12, 9, 8, 7, 5, 4, 11, 6}},
    [6] = {[2] = {7}, [3] = {7}, [4] = {5}, [7] = {7}, [8] = {7}},
};

/* Table 8-1: synchronous uplink HARQ processes. */
static const signed char ul_harq_tab[7] = {7, 4, 2, 3, 2, 1, 6};

#define FDD_K 4 /* §8.0, §9.1.2, §10.1.2: n+4 everywhere in FDD */

static int check(const char *fn, lte_duplex duplex, int tdd_config, int subframe)
{
    if (duplex != LTE_FDD && duplex != LTE_TDD)
        return lte_error_set_fn(LTE_EINVAL, fn, "duplex = %d: must be LTE_FDD or LTE_TDD",
                                (int)duplex);
    if (duplex == LTE_TDD && (tdd_config < 0 || tdd_config > 6))
        return lte_error_set_fn(LTE_EINVAL, fn,
                                "tdd_config = %d: must be 0..6 (36.211 Table 4.2-2)", tdd_config);
    if (subframe < 0 || subframe >= LTE_NSUBFRAMES)
        return lte_error_set_fn(LTE_EINVAL, fn, "subframe = %d: must be 0..9", subframe);
    return 0;
}

int lte_pusch_grant_k(lte_duplex duplex, int tdd_config, int subframe)
{
    int rc = check(__func__, duplex, tdd_config, subframe);
    if (rc < 0)
        return rc;
    return duplex == LTE_FDD ? FDD_K : pusch_k_tab[tdd_config][subframe];
}

int lte_pusch_grant_targets(lte_duplex duplex, int tdd_config, int subframe, int ul_index,
                            int k[2])
{
    int rc = check(__func__, duplex, tdd_config, subframe);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(k != NULL, "k is NULL");
    int kk = lte_pusch_grant_k(duplex, tdd_config, subframe);
    if (kk == 0)
        return 0;
    if (duplex == LTE_FDD || tdd_config != 0) {
        k[0] = kk;
        return 1;
    }
    LTE_CHECK_ARG(ul_index >= 1 && ul_index <= 3,
                  "ul_index = %d: TDD configuration 0 needs the UL index 1..3", ul_index);
    int n = 0;
    if (ul_index & LTE_UL_INDEX_MSB)
        k[n++] = kk;
    if (ul_index & LTE_UL_INDEX_LSB)
        k[n++] = 7; /* §8.0: LSB of the UL index set -> n + 7 */
    return n;
}

int lte_pusch_phich_k(lte_duplex duplex, int tdd_config, int subframe, int i_phich)
{
    int rc = check(__func__, duplex, tdd_config, subframe);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(i_phich == 0 || i_phich == 1, "i_phich = %d: must be 0 or 1", i_phich);
    int kk = lte_pusch_grant_k(duplex, tdd_config, subframe);
    if (duplex == LTE_FDD || tdd_config != 0 || kk == 0)
        return kk;
    /* §8.0, configuration 0: PHICH in subframe 0/5 with I_PHICH = 1, or in
     * subframe 1/6, adjusts the PUSCH to n + 7 */
    if (subframe == 1 || subframe == 6 || i_phich == 1)
        return 7;
    return kk;
}

int lte_phich_k(lte_duplex duplex, int tdd_config, int subframe)
{
    int rc = check(__func__, duplex, tdd_config, subframe);
    if (rc < 0)
        return rc;
    return duplex == LTE_FDD ? FDD_K : phich_k_tab[tdd_config][subframe];
}

int lte_phich_i(lte_duplex duplex, int tdd_config, int subframe)
{
    int rc = check(__func__, duplex, tdd_config, subframe);
    if (rc < 0)
        return rc;
    return duplex == LTE_TDD && tdd_config == 0 && (subframe == 4 || subframe == 9);
}

int lte_harq_ack_dl_set(lte_duplex duplex, int tdd_config, int subframe, int *k)
{
    int rc = check(__func__, duplex, tdd_config, subframe);
    if (rc < 0)
        return rc;
    if (duplex == LTE_FDD) {
        if (k)
            k[0] = FDD_K;
        return 1;
    }
    const signed char *t = dl_assoc_tab[tdd_config][subframe];
    int m = 0;
    while (m < LTE_TDD_MAX_DL_ASSOC && t[m] != 0) {
        if (k)
            k[m] = t[m];
        m++;
    }
    return m;
}

int lte_ul_harq_processes(lte_duplex duplex, int tdd_config)
{
    int rc = check(__func__, duplex, tdd_config, 0);
    if (rc < 0)
        return rc;
    return duplex == LTE_FDD ? 8 : ul_harq_tab[tdd_config];
}
