/* The fast single-port downlink equaliser (ltephy/dleq.h): argument checks
 * around the maximum-ratio combining kernel (kernels/mrc.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>

#include "kernels/internal.h"
#include "kernels/mrc.h"
#include "ltephy/dleq.h"

#define NV_FLOOR 1e-6f /* as lte_dl_equalize */

int lte_dl_equalize_1port_simd(lte_dlrx *rx, const lte_dl_rxin *in, const uint32_t *idx, int n,
                               lte_simd_path path)
{
    LTE_CHECK_ARG(rx != NULL && in != NULL, "rx or in is NULL");
    LTE_CHECK_ARG(in->n_rx >= 1 && in->n_rx <= rx->max_rx && in->n_rx <= LTE_MRC_MAX_RX,
                  "n_rx = %d: must be 1..%d", in->n_rx, LTE_MIN(rx->max_rx, LTE_MRC_MAX_RX));
    LTE_CHECK_ARG(in->n_ports == 1 || in->n_ports == 2 || in->n_ports == 4,
                  "in->n_ports = %d: must be 1, 2 or 4", in->n_ports);
    LTE_CHECK_ARG(in->y != NULL && in->h != NULL, "y or h is NULL");
    LTE_CHECK_ARG(isfinite(in->n0) && in->n0 >= 0, "n0 = %g: must be finite and >= 0",
                  (double)in->n0);
    LTE_CHECK_ARG(in->eq == LTE_EQ_ZF || in->eq == LTE_EQ_MMSE, "eq = %d: invalid", (int)in->eq);
    lte_mrc_io io = {.n_rx = in->n_rx, .idx = idx, .n = n, .bound = (uint32_t)rx->max_re,
                     .n0 = in->n0, .mmse = in->eq == LTE_EQ_MMSE && in->n0 > 0,
                     .nv_floor = NV_FLOOR, .x = (float *)rx->x, .nv = rx->nv};
    for (int a = 0; a < in->n_rx; a++) {
        LTE_CHECK_ARG(in->y[a] != NULL && in->h[a * in->n_ports] != NULL, "y[%d] or h[%d] is NULL",
                      a, a * in->n_ports);
        io.y[a] = (const float *)in->y[a];
        io.h[a] = (const float *)in->h[a * in->n_ports];
    }
    LTE_CHECK_ARG(n >= 0 && n <= rx->max_re, "n = %d: must be 0..%d", n, rx->max_re);
    LTE_CHECK_ARG(n == 0 || idx != NULL, "idx is NULL");
    int done = lte_mrc(&io, path);
    if (done < 0)
        return done;
    /* checked on the way (the outputs from k on are then meaningless) */
    LTE_CHECK_ARG(done == n, "idx[%d] = %u is outside the grid", done,
                  done < n ? (unsigned)idx[done] : 0u);
    return 0;
}

int lte_dl_equalize_1port(lte_dlrx *rx, const lte_dl_rxin *in, const uint32_t *idx, int n)
{
    return lte_dl_equalize_1port_simd(rx, in, idx, n, LTE_SIMD_AUTO);
}
