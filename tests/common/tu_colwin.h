/* Test helper for the column-gather kernels (kernels/col8.h, col32.h): the
 * random row window [*lo, *hi) of column k in a trial, as their tests draw
 * it: lo in -1..n_rows, hi up to n_rows + 1 past it, both clipped to
 * 0..n_rows; every fifth trial full columns; empty for one draw in nine,
 * in every seventh trial (trial % 7 == 3) all but every eighth column, and
 * with quads set also columns 4..27 of the trials with trial % 7 == 4
 * (whole quads of columns). Three draws of r per call in every case.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_TESTS_TU_COLWIN_H
#define LTEPHY_TESTS_TU_COLWIN_H

#include "tests/common/testutil.h"

static inline void tu_col_window(tu_rng *r, int trial, int k, int n_rows, int quads, int *lo,
                                 int *hi)
{
    int a = (int)(tu_rand(r) % (uint32_t)(n_rows + 2)) - 1;
    int b = a + (int)(tu_rand(r) % (uint32_t)(n_rows + 2));
    if (trial % 5 == 0)
        a = 0, b = n_rows; /* full columns */
    if (a < 0)
        a = 0;
    if (b > n_rows)
        b = n_rows;
    if (tu_rand(r) % 9 == 0 || (trial % 7 == 3 && k % 8 != 1) ||
        (quads && trial % 7 == 4 && k >= 4 && k < 28))
        b = a; /* empty */
    *lo = a;
    *hi = b;
}

#endif
