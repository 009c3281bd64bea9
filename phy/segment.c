/* ltephy phy: code-block segmentation, TS 36.212 §5.1.2.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <stddef.h>

#include "kernels/internal.h"
#include "ltephy/tables.h"

#define SEG_Z 6144      /* maximum code-block size Z, §5.1.2 */
#define SEG_L 24        /* CRC24B length when C > 1 */
#define SEG_B_MAX (1 << 22) /* far above any LTE transport block; keeps C*K in int */

/* Row of the smallest table K with K >= x (x <= 6144), by scanning the 188
 * rows: cheap, and obviously the "minimum K" the spec asks for. */
static int smallest_k_row_at_least(int x)
{
    for (int i = 1; i <= LTE_TURBO_NUM_K; i++)
        if (lte_turbo_k(i) >= x)
            return i;
    return LTE_TURBO_NUM_K; /* unreachable: callers keep x <= 6144 */
}

int lte_cb_segment(int B, lte_cb_seg *seg)
{
    LTE_CHECK_ARG(seg != NULL, "seg must not be NULL");
    LTE_CHECK_ARG(B >= 1 && B <= SEG_B_MAX, "B=%d outside 1..%d", B, SEG_B_MAX);

    seg->B = B;
    if (B <= SEG_Z) {
        seg->L = 0;
        seg->C = 1;
    } else {
        seg->L = SEG_L;
        seg->C = (B + (SEG_Z - SEG_L) - 1) / (SEG_Z - SEG_L);
    }
    seg->B_prime = B + seg->C * seg->L;

    /* K+ = minimum K with C*K >= B', i.e. K >= ceil(B'/C) (<= 6144 by the
     * choice of C). */
    int C = seg->C;
    int row_plus = smallest_k_row_at_least((seg->B_prime + C - 1) / C);
    seg->K_plus = lte_turbo_k(row_plus);

    if (C == 1 || row_plus == 1) {
        /* §5.1.2: for C = 1, C+ = 1, K- = 0, C- = 0. (With C > 1, K+ is
         * never the smallest K, so row_plus == 1 only happens for C = 1.) */
        seg->C_plus = C;
        seg->C_minus = 0;
        seg->K_minus = 0;
    } else {
        int k_minus = lte_turbo_k(row_plus - 1); /* largest K < K+ */
        int c_minus = (C * seg->K_plus - seg->B_prime) / (seg->K_plus - k_minus);
        seg->C_minus = c_minus;
        seg->C_plus = C - c_minus;
        /* The header reports K- = 0 when no block has that size. */
        seg->K_minus = c_minus > 0 ? k_minus : 0;
    }
    seg->F = seg->C_plus * seg->K_plus + seg->C_minus * seg->K_minus - seg->B_prime;
    return 0;
}

int lte_cb_size(const lte_cb_seg *seg, int r)
{
    LTE_CHECK_ARG(seg != NULL, "seg must not be NULL");
    LTE_CHECK_ARG(seg->C >= 1 && seg->C_minus >= 0 && seg->C_minus <= seg->C,
                  "seg is not a result of lte_cb_segment (C=%d, C_minus=%d)",
                  seg->C, seg->C_minus);
    LTE_CHECK_ARG(r >= 0 && r < seg->C, "r=%d outside 0..%d", r, seg->C - 1);
    /* §5.1.2: blocks r < C- have size K-, the rest K+. */
    return r < seg->C_minus ? seg->K_minus : seg->K_plus;
}
