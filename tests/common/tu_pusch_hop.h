/* Test helper: a PUSCH frequency-hopping configuration (ltephy/pusch.h,
 * 36.211 §5.3.4, 36.213 §8.4), FDD, hopping enabled.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_TESTS_TU_PUSCH_HOP_H
#define LTEPHY_TESTS_TU_PUSCH_HOP_H

#include "ltephy/pusch.h"

static inline lte_pusch_hopping tu_hopping(int bits, int n_sb, int ho, lte_pusch_hop_mode mode,
                                           int tx_nb)
{
    lte_pusch_hopping h = {0};
    h.enabled = 1;
    h.hop_bits = bits;
    h.n_sb = n_sb;
    h.hopping_offset = ho;
    h.mode = mode;
    h.current_tx_nb = tx_nb;
    return h;
}

#endif
