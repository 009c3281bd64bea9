/* ltephy phy: modulation and TBS index tables, TS 36.213 Table 7.1.7.1-1,
 * Table 7.1.7.1-1A (PDSCH) and Table 8.6.1-1 (PUSCH).
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <stddef.h>

#include "kernels/internal.h"
#include "ltephy/tables.h"

#define MCS_COUNT 32
#define RSV (-1) /* reserved entry: no TBS index */

typedef struct { signed char q_m, i_tbs; } mcs_row;

/* Table 7.1.7.1-1: I_MCS 29..31 only signal the modulation (retransmission). */
static const mcs_row mcs_pdsch_64qam[MCS_COUNT] = {
    {2, 0},  {2, 1},  {2, 2},  {2, 3},  {2, 4},  {2, 5},  {2, 6},  {2, 7},
    {2, 8},  {2, 9},  {4, 9},  {4, 10}, {4, 11}, {4, 12}, {4, 13}, {4, 14},
    {4, 15}, {6, 15}, {6, 16}, {6, 17}, {6, 18}, {6, 19}, {6, 20}, {6, 21},
    {6, 22}, {6, 23}, {6, 24}, {6, 25}, {6, 26}, {2, RSV}, {4, RSV}, {6, RSV},
};

/* Table 7.1.7.1-1A: I_TBS 26 is not used; 28..31 are reserved. */
static const mcs_row mcs_pdsch_256qam[MCS_COUNT] = {
    {2, 0},  {2, 2},  {2, 4},  {2, 6},  {2, 8},  {4, 10}, {4, 11}, {4, 12},
    {4, 13}, {4, 14}, {4, 15}, {6, 16}, {6, 17}, {6, 18}, {6, 19}, {6, 20},
    {6, 21}, {6, 22}, {6, 23}, {6, 24}, {8, 25}, {8, 27}, {8, 28}, {8, 29},
    {8, 30}, {8, 31}, {8, 32}, {8, 33}, {2, RSV}, {4, RSV}, {6, RSV}, {8, RSV},
};

/* Table 8.6.1-1: I_MCS 29..31 carry redundancy version 1..3 and no
 * modulation order of their own (Q'_m = 0 here: keep the initial one). */
static const mcs_row mcs_pusch[MCS_COUNT] = {
    {2, 0},  {2, 1},  {2, 2},  {2, 3},  {2, 4},  {2, 5},  {2, 6},  {2, 7},
    {2, 8},  {2, 9},  {2, 10}, {4, 10}, {4, 11}, {4, 12}, {4, 13}, {4, 14},
    {4, 15}, {4, 16}, {4, 17}, {4, 18}, {4, 19}, {6, 19}, {6, 20}, {6, 21},
    {6, 22}, {6, 23}, {6, 24}, {6, 25}, {6, 26}, {0, RSV}, {0, RSV}, {0, RSV},
};

int lte_mcs_lookup(lte_mcs_table table, int i_mcs, int *q_m, int *i_tbs)
{
    LTE_CHECK_ARG(q_m != NULL && i_tbs != NULL, "q_m and i_tbs must not be NULL");
    LTE_CHECK_ARG(i_mcs >= 0 && i_mcs < MCS_COUNT, "i_mcs=%d outside 0..%d", i_mcs,
                  MCS_COUNT - 1);
    const mcs_row *t;
    switch (table) {
    case LTE_MCS_PDSCH_64QAM: t = mcs_pdsch_64qam; break;
    case LTE_MCS_PDSCH_256QAM: t = mcs_pdsch_256qam; break;
    case LTE_MCS_PUSCH: t = mcs_pusch; break;
    default:
        return lte_error_set_fn(LTE_EINVAL, __func__, "unknown MCS table %d", (int)table);
    }
    *q_m = t[i_mcs].q_m;
    *i_tbs = t[i_mcs].i_tbs;
    return 0;
}

/* 36.213 §8.6.1: rv_idx 0 for I_MCS 0..28, I_MCS - 28 for 29..31. */
int lte_mcs_pusch_rv(int i_mcs, int *rv_idx)
{
    LTE_CHECK_ARG(rv_idx != NULL, "rv_idx must not be NULL");
    LTE_CHECK_ARG(i_mcs >= 0 && i_mcs < MCS_COUNT, "i_mcs=%d outside 0..%d", i_mcs,
                  MCS_COUNT - 1);
    *rv_idx = i_mcs <= 28 ? 0 : i_mcs - 28;
    return 0;
}
