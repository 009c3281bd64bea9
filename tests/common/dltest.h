/* Test channel for the downlink physical-channel tests: received grids and
 * per-RE channel matrices in the lte_dl_rxin layout of ltephy/dlphy.h.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_TEST_DLTEST_H
#define LTEPHY_TEST_DLTEST_H

#include <complex.h>

#include "ltephy/dlphy.h"
#include "tests/common/testutil.h"

typedef struct tchan {
    int n_rx, n_ports, n_re;
    float complex *y[8], *h[32];
    lte_dl_rxin in;
} tchan;

void tchan_init(tchan *c, int n_re, int n_rx, int n_ports);
void tchan_free(tchan *c);
/* Complex Gaussian sample of variance var. */
float complex cgauss(tu_rng *r, double var);
/* random = 0: H = identity (n_rx = n_ports), no noise; else H ~ CN(0,1)
 * independently per RE and (rx, port), plus noise of variance n0. */
void tchan_apply(tchan *c, const lte_grid *g, int random, float n0, lte_mimo_eq eq, tu_rng *r);

/* The loopbacks' flat channel: y[a][i] = sum_p H[a][p] x[p][i] for n_rx <= 4
 * antennas from n_ports <= 4 ports, H a fixed 4x4 matrix well conditioned
 * for every precoder (its upper-left block for fewer); y[a] is allocated
 * here (calloc; free it). */
void tu_dl_mix(float complex *const *x, int n_ports, int n_rx, int len, float complex **y);

/* Subframe sf of frame sfn (CFI 2) from tx on its n_ports ports: the DCI
 * bits (A of them) for rnti at aggregation 2 on the first candidate of its
 * UE-specific search space (*cce), and the PDSCH allocation al; mixed to
 * n_rx antennas by tu_dl_mix (y[a] allocated there). Returns the samples per
 * subframe. */
int tu_dl_send_grant(lte_dl_tx *tx, const lte_cell_cfg *cell, int sf, int sfn, uint16_t rnti,
                     uint8_t *bits, int A, const lte_pdsch_alloc *al, int n_rx,
                     float complex **y, int *cce);

#endif
