/* Test helper: the UL-SCH sizes (ltephy/ulsch.h) of a channel-interleaver
 * shape given by its counts, as lte_ulsch_sizes_get would give them: C
 * columns (SC-FDMA data symbols), R rows (M_sc), Q_m, extended CP, and the
 * HARQ-ACK, RI and CQI symbol counts.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_TESTS_TU_ULSCH_H
#define LTEPHY_TESTS_TU_ULSCH_H

#include "ltephy/ulsch.h"

static inline lte_ulsch_sizes tu_ulsch_sizes(int C, int R, int qm, int ext, int ack, int ri,
                                             int cqi)
{
    lte_ulsch_sizes s = {0};
    s.m_sc = R;
    s.n_symb = C;
    s.cp_extended = ext;
    s.q_m = qm;
    s.q_ack_sym = ack;
    s.q_ri_sym = ri;
    s.q_cqi_sym = cqi;
    s.g_sym = R * C - ri - cqi;
    s.q_ack = ack * qm;
    s.q_ri = ri * qm;
    s.q_cqi = cqi * qm;
    s.G = s.g_sym * qm;
    s.H = s.G + s.q_cqi;
    s.n_bits = s.H + s.q_ri;
    return s;
}

#endif
