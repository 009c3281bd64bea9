/* Test helper: the layers a codeword is mapped to, written from the spec
 * (independent of lte_pdsch_cw_layers, which the tests check).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_TU_LAYERS_H
#define LTEPHY_TU_LAYERS_H

#include "ltephy/layers.h"

/* Layers of codeword q (36.211 Table 6.3.3.2-1: two codewords share v
 * layers as floor(v/2) and the rest; one codeword takes all v), which size
 * its transport block (36.213 §7.1.7.2.1, §7.1.7.2.2). Single port and
 * transmit diversity: 1 (one codeword, sized as one layer). */
static inline int tu_cw_layers(const lte_mimo_cfg *m, int q)
{
    if (m->scheme == LTE_TX_SINGLE_PORT || m->scheme == LTE_TX_DIVERSITY)
        return 1;
    if (m->n_cw == 1)
        return m->n_layers;
    return q == 0 ? m->n_layers / 2 : m->n_layers - m->n_layers / 2;
}

#endif
