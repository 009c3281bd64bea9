/* ltephy phy: channel coding of the control format indicator (TS 36.212
 * §5.3.4) and of the HARQ indicator (§5.3.5).
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <math.h>
#include <stddef.h>

#include "kernels/internal.h"
#include "ltephy/control.h"

/* Table 5.3.4-1: the codewords of CFI 1, 2, 3 are the 3-bit patterns below
 * repeated from the first bit and cut to 32 bits; CFI 4 (reserved) is all
 * zeros. */
static const uint8_t CFI_PATTERN[3][3] = {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}};

int lte_cfi_encode(int cfi, uint8_t *b)
{
    LTE_CHECK_ARG(b != NULL, "b must not be NULL");
    LTE_CHECK_ARG(cfi >= 1 && cfi <= 4, "cfi=%d outside 1..4", cfi);
    for (int k = 0; k < LTE_CFI_BITS; k++)
        b[k] = cfi == 4 ? 0 : CFI_PATTERN[cfi - 1][k % 3];
    return 0;
}

int lte_cfi_decode(const float *llr, int *cfi, float *metric)
{
    LTE_CHECK_ARG(llr && cfi, "llr and cfi must not be NULL");
    for (int k = 0; k < LTE_CFI_BITS; k++)
        LTE_CHECK_ARG(isfinite(llr[k]), "llr[%d] is not finite", k);
    /* maximum correlation = maximum likelihood for equiprobable codewords on
     * a memoryless channel with these soft values */
    int best = 0;
    float best_m = 0.0f;
    for (int c = 0; c < 3; c++) {
        float m = 0.0f;
        for (int k = 0; k < LTE_CFI_BITS; k++)
            m += CFI_PATTERN[c][k % 3] ? -llr[k] : llr[k];
        if (c == 0 || m > best_m) {
            best = c;
            best_m = m;
        }
    }
    *cfi = best + 1;
    if (metric)
        *metric = best_m;
    return 0;
}

int lte_hi_encode(int hi, uint8_t *b)
{
    LTE_CHECK_ARG(b != NULL, "b must not be NULL");
    LTE_CHECK_ARG(hi == 0 || hi == 1, "hi=%d is not 0 (NACK) or 1 (ACK)", hi);
    /* Table 5.3.5-1: <HI, HI, HI> */
    for (int k = 0; k < LTE_HI_BITS; k++)
        b[k] = (uint8_t)hi;
    return 0;
}

int lte_hi_decode(const float *llr, int *hi)
{
    LTE_CHECK_ARG(llr && hi, "llr and hi must not be NULL");
    for (int k = 0; k < LTE_HI_BITS; k++)
        LTE_CHECK_ARG(isfinite(llr[k]), "llr[%d] is not finite", k);
    float s = llr[0] + llr[1] + llr[2];
    *hi = s < 0.0f ? 1 : 0;
    return 0;
}
