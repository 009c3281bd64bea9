/* The fast single-port downlink equaliser (ltephy/dleq.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <float.h>
#include <math.h>

#include "kernels/internal.h"
#include "ltephy/dleq.h"

#define NV_FLOOR 1e-6f /* as lte_dl_equalize */

int lte_dl_equalize_1port(lte_dlrx *rx, const lte_dl_rxin *in, const uint32_t *idx, int n)
{
    LTE_CHECK_ARG(rx != NULL && in != NULL, "rx or in is NULL");
    LTE_CHECK_ARG(in->n_rx >= 1 && in->n_rx <= rx->max_rx, "n_rx = %d: must be 1..%d", in->n_rx,
                  rx->max_rx);
    LTE_CHECK_ARG(in->n_ports == 1 || in->n_ports == 2 || in->n_ports == 4,
                  "in->n_ports = %d: must be 1, 2 or 4", in->n_ports);
    LTE_CHECK_ARG(in->y != NULL && in->h != NULL, "y or h is NULL");
    LTE_CHECK_ARG(isfinite(in->n0) && in->n0 >= 0, "n0 = %g: must be finite and >= 0",
                  (double)in->n0);
    LTE_CHECK_ARG(in->eq == LTE_EQ_ZF || in->eq == LTE_EQ_MMSE, "eq = %d: invalid", (int)in->eq);
    for (int a = 0; a < in->n_rx; a++)
        LTE_CHECK_ARG(in->y[a] != NULL && in->h[a * in->n_ports] != NULL, "y[%d] or h[%d] is NULL",
                      a, a * in->n_ports);
    LTE_CHECK_ARG(n >= 0 && n <= rx->max_re, "n = %d: must be 0..%d", n, rx->max_re);
    LTE_CHECK_ARG(n == 0 || idx != NULL, "idx is NULL");
    const int nr = in->n_rx, mmse = in->eq == LTE_EQ_MMSE && in->n0 > 0;
    const float n0 = in->n0;
    const float *y[LTE_MIMO_MAX_RX], *h[LTE_MIMO_MAX_RX];
    for (int a = 0; a < nr; a++) {
        y[a] = (const float *)in->y[a];
        h[a] = (const float *)in->h[a * in->n_ports];
    }
    float *x = (float *)rx->x, *nv = rx->nv;
    const uint32_t max_re = (uint32_t)rx->max_re;
    if (nr == 1) { /* the common case, straight-line: the same operations as below */
        const float *h0 = h[0], *y0 = y[0];
        for (int k = 0; k < n; k++) {
            LTE_CHECK_ARG(idx[k] < max_re, "idx[%d] = %u is outside the grid", k,
                          (unsigned)idx[k]);
            size_t e = 2 * (size_t)idx[k];
            float hr = h0[e], hi = h0[e + 1], zr = y0[e], zi = y0[e + 1];
            float a = 0 + (hr * hr + hi * hi), br = 0 + (hr * zr + hi * zi),
                  bi = 0 + (hr * zi - hi * zr);
            int ok = a > 0 && (!mmse || a > 1e-12f * (a + n0));
            float inv = 1.0f / (ok ? a : 1.0f), v = n0 * inv;
            x[2 * k] = ok ? br * inv : 0;
            x[2 * k + 1] = ok ? bi * inv : 0;
            nv[k] = !ok ? FLT_MAX : v >= NV_FLOOR ? v : NV_FLOOR;
        }
        return 0;
    }
    for (int k = 0; k < n; k++) {
        /* checked on the way (the outputs before k are then meaningless) */
        LTE_CHECK_ARG(idx[k] < max_re, "idx[%d] = %u is outside the grid", k, (unsigned)idx[k]);
        size_t e = 2 * (size_t)idx[k];
        float a = 0, br = 0, bi = 0;
        for (int r = 0; r < nr; r++) {
            float hr = h[r][e], hi = h[r][e + 1], zr = y[r][e], zi = y[r][e + 1];
            a += hr * hr + hi * hi;
            br += hr * zr + hi * zi;
            bi += hr * zi - hi * zr;
        }
        if (a > 0 && (!mmse || a > 1e-12f * (a + n0))) {
            float inv = 1.0f / a, v = n0 * inv;
            x[2 * k] = br * inv;
            x[2 * k + 1] = bi * inv;
            nv[k] = v >= NV_FLOOR ? v : NV_FLOOR;
        } else {
            x[2 * k] = x[2 * k + 1] = 0;
            nv[k] = FLT_MAX;
        }
    }
    return 0;
}

