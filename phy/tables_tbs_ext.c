/* ltephy phy: the lettered row 32A of TS 36.213 Table 7.1.7.2.1-1.
 *
 * Transcribed from a copy of 36.213 (the Rel-14+ table, columns N_PRB =
 * 1..110); 36.104 Table A.17-1 states six of its values as the payloads of
 * the 256QAM PUSCH reference channels (6, 15, 25, 50, 75, 100 PRB: 5544,
 * 14112, 22920, 46888, 68808, 93800), which tests/phy/test_ul_frc.c checks.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <stddef.h>

#include "kernels/internal.h"
#include "ltephy/tables.h"

static const int tbs_32a[110] = {
    904,   1864,  2792,  3752,  4584,  5544,  6456,  7480,  8248,  9144,  /* 1..10 */
    10296, 11064, 12216, 12960, 14112, 14688, 15840, 16416, 17568, 18336,
    19848, 20616, 21384, 22152, 22920, 24496, 25456, 26416, 27376, 27376,
    28336, 29296, 30576, 31704, 32856, 32856, 34008, 35160, 36696, 36696,
    37888, 39232, 40576, 40576, 42368, 42368, 43816, 43816, 45352, 46888,
    46888, 48936, 48936, 51024, 51024, 52752, 52752, 52752, 55056, 55056,
    57336, 57336, 59256, 59256, 59256, 61664, 61664, 63776, 63776, 63776,
    66592, 66592, 68808, 68808, 68808, 71112, 71112, 73712, 73712, 73712,
    75376, 76208, 76208, 78704, 78704, 78704, 81176, 81176, 81176, 84760,
    84760, 84760, 87936, 87936, 87936, 87936, 90816, 90816, 90816, 93800,
    93800, 93800, 93800, 97896, 97896, 97896, 97896, 101840, 101840, 101840, /* 101..110 */
};

int lte_tbs_ext(int i_tbs, int n_prb, int *tbs)
{
    if (i_tbs != LTE_ITBS_32A)
        return lte_tbs(i_tbs, n_prb, tbs);
    LTE_CHECK_ARG(tbs != NULL, "tbs must not be NULL");
    LTE_CHECK_ARG(n_prb >= 1 && n_prb <= 110, "n_prb=%d outside 1..110", n_prb);
    *tbs = tbs_32a[n_prb - 1];
    return 0;
}
