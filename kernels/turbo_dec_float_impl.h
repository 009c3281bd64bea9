/* Internal interface of the floating-point turbo decoder between
 * turbo_dec_float.c and its AVX2 variant. Not installed.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_TURBO_DEC_FLOAT_IMPL_H
#define LTEPHY_TURBO_DEC_FLOAT_IMPL_H

#define LTE_TDEC_NSTATES 8

/* "Minus infinity" of the path metrics. A finite value keeps max* free of
 * inf - inf = NaN; it stays far below any real metric after normalisation
 * (metrics are renormalised every step, so they never approach it). */
#define LTE_TDEC_METRIC_NEG (-1.0e30f)

/* One SISO (constituent) decoding: inputs, tails, outputs. */
typedef struct lte_tdec_siso_io {
    const float *ls;  /* systematic channel LLRs, K */
    const float *la;  /* a-priori LLRs, K */
    const float *lp;  /* parity channel LLRs, K */
    float tail_s[3];  /* systematic tail LLRs x_K, x_K+1, x_K+2 */
    float tail_p[3];  /* parity tail LLRs z_K, z_K+1, z_K+2 */
    float *lapp;      /* out: a posteriori LLRs, K */
    float *ext;       /* out: scale * (lapp - ls - la), K */
} lte_tdec_siso_io;

/* The trellis and workspace a SISO needs. */
typedef struct lte_tdec_siso_ctx {
    const float *sign_u;  /* [8]: 1 - 2u of the a = 0 branch out of state S */
    const float *sign_z;  /* [8]: 1 - 2z of that branch */
    float *metrics;       /* (K + 1) x 8 floats of workspace */
    float ext_scale;
} lte_tdec_siso_ctx;

/* AVX2 (8 states per register) form, bit-identical to the scalar code. */
void lte_tdec_siso_avx2(const lte_tdec_siso_ctx *ctx, int K, const lte_tdec_siso_io *io,
                        int logmap);

#endif
