/* One-stream maximum-ratio combining (mrc.h): scalar reference and dispatch.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <float.h>

#include "kernels/internal.h"
#include "kernels/mrc.h"

/* nr a constant after inlining for the common one-antenna case */
static inline __attribute__((always_inline)) int mrc_run(const lte_mrc_io *io, int k0,
                                                         const int nr)
{
    const int mmse = io->mmse, n = io->n;
    const float n0 = io->n0, fl = io->nv_floor;
    const uint32_t *idx = io->idx, bound = io->bound;
    const float *h[LTE_MRC_MAX_RX], *y[LTE_MRC_MAX_RX];
    for (int r = 0; r < nr; r++)
        h[r] = io->h[r], y[r] = io->y[r];
    float *x = io->x, *nv = io->nv;
    for (int k = k0; k < n; k++) {
        if (idx[k] >= bound)
            return k;
        size_t e = 2 * (size_t)idx[k];
        float a = 0, br = 0, bi = 0;
        for (int r = 0; r < nr; r++) {
            float hr = h[r][e], hi = h[r][e + 1], yr = y[r][e], yi = y[r][e + 1];
            a += hr * hr + hi * hi;
            br += hr * yr + hi * yi;
            bi += hr * yi - hi * yr;
        }
        int ok = a > 0 && (!mmse || a > 1e-12f * (a + n0));
        float inv = 1.0f / (ok ? a : 1.0f), v = n0 * inv;
        x[2 * k] = ok ? br * inv : 0;
        x[2 * k + 1] = ok ? bi * inv : 0;
        nv[k] = !ok ? FLT_MAX : v >= fl ? v : fl;
    }
    return io->n;
}

int lte_mrc_scalar(const lte_mrc_io *io, int k0)
{
    return io->n_rx == 1 ? mrc_run(io, k0, 1) : mrc_run(io, k0, io->n_rx);
}

int lte_mrc(const lte_mrc_io *io, lte_simd_path path)
{
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    if (p == LTE_SIMD_AVX512)
        return lte_mrc_avx512(io);
    if (p == LTE_SIMD_AVX2)
        return lte_mrc_avx2(io);
    return lte_mrc_scalar(io, 0);
}

/* nr a constant after inlining for the common one-antenna case */
static inline __attribute__((always_inline)) void mmse_run(const lte_mmse_io *io, int k0,
                                                           const int nr)
{
    const int n = io->n;
    const float delta = io->delta, c2 = io->c2;
    const float *h[LTE_MRC_MAX_RX], *y[LTE_MRC_MAX_RX];
    float w[LTE_MRC_MAX_RX];
    for (int r = 0; r < nr; r++)
        h[r] = io->h[r], y[r] = io->y[r], w[r] = io->w[r];
    float *z = io->z, *m1 = io->m1, *m2 = io->m2;
    for (int k = k0; k < n; k++) {
        float zr = 0, zi = 0, g = 0;
        for (int r = 0; r < nr; r++) {
            float hr = h[r][2 * k], hi = h[r][2 * k + 1], yr = y[r][2 * k], yi = y[r][2 * k + 1];
            float pr = (hr * yr + hi * yi) * w[r], pi = (hr * yi - hi * yr) * w[r],
                  pg = (hr * hr + hi * hi) * w[r];
            zr = r ? zr + pr : pr;
            zi = r ? zi + pi : pi;
            g = r ? g + pg : pg;
        }
        float t = 1.0f / (1.0f + g), d = g - delta;
        z[2 * k] = zr * t;
        z[2 * k + 1] = zi * t;
        m1[k] = d * t;
        m2[k] = ((d * d + g * c2) * t) * t;
    }
}

void lte_mmse_scalar(const lte_mmse_io *io, int k0)
{
    if (io->n_rx == 1)
        mmse_run(io, k0, 1);
    else
        mmse_run(io, k0, io->n_rx);
}

int lte_mmse(const lte_mmse_io *io, lte_simd_path path)
{
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    if (p == LTE_SIMD_AVX512)
        lte_mmse_avx512(io);
    else if (p == LTE_SIMD_AVX2)
        lte_mmse_avx2(io);
    else
        lte_mmse_scalar(io, 0);
    return 0;
}
