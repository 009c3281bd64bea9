/* ltephy kernels (internal): interpolation. No LTE knowledge.
 *
 * lte_lerp: linear interpolation between two float arrays,
 *   out[i] = a[i] + t (b[i] - a[i])   (sub, mul, add: each rounded)
 * on every path (bit-identical).
 *
 * lte_pfilt: a per-output complex FIR over a short input array, e.g.
 * interpolation from pilots with position-dependent weights:
 *
 *   out[k] = sum_{i<L} w[k][i] p[s[k] + i],   k < n_out, 0 <= s[k] <= n_in - L
 *
 * evaluated per output, in float, as acc = 0, then for i = 0..L-1
 *   acc_re = acc_re + (wr pr - wi pi),  acc_im = acc_im + (wr pi + wi pr)
 * (each product rounded, no contraction). Every path evaluates exactly this,
 * so all are bit-identical (tests/kernels/test_pfilt.c).
 *
 * The filter is planned once: the SIMD paths take blocks of 4 (AVX2) or 8
 * (AVX-512) consecutive outputs whose starts lie within 4 / 8 inputs of each
 * other (the usual case for an interpolator: neighbouring outputs share
 * their inputs), the pilots needed by the block for tap i being one vector
 * load, permuted; the weights are stored per block in the vector layout
 * ((wr, wr), (-wi, wi) per output), each distinct block's set once (the
 * interior of a regular pilot grid repeats). Other blocks run the scalar
 * form.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_KERNELS_INTERP_H
#define LTEPHY_KERNELS_INTERP_H

#include <complex.h>

#include "ltephy/simd.h"

/* n floats; out may be a or b. Returns 0 or the path's error. */
int lte_lerp(const float *a, const float *b, float t, int n, float *out, lte_simd_path path);
void lte_lerp_scalar(const float *a, const float *b, float t, int n, float *out);
void lte_lerp_avx2(const float *a, const float *b, float t, int n, float *out);
void lte_lerp_avx512(const float *a, const float *b, float t, int n, float *out);

/* complex inputs past p[n_in - 1] the SIMD paths may read (not use) */
#define LTE_PFILT_PAD 8

typedef struct lte_pfilt lte_pfilt;

/* w: n_out * L weights (row k = output k), s: n_out starts; copied. L >= 1.
 * Returns 0, LTE_EINVAL or LTE_ENOMEM. */
int lte_pfilt_create(const float complex *w, const int *s, int n_out, int L, int n_in,
                     lte_pfilt **out);
void lte_pfilt_destroy(lte_pfilt *f); /* NULL allowed */

/* New weights w (n_out * L, as for create) for the same starts: the plan is
 * made again in the object's storage, no allocation; the filter then gives
 * what one created with w gives, bit for bit. */
int lte_pfilt_set_weights(lte_pfilt *f, const float complex *w);

/* p: n_in + LTE_PFILT_PAD readable values; out: n_out. Returns 0 or the
 * path's error. No allocation. */
int lte_pfilt_run(const lte_pfilt *f, const float complex *p, float complex *out,
                  lte_simd_path path);

/* Internal: the plan, shared with the variants. */
typedef struct lte_pfilt_blocks {
    int V;          /* outputs per block: 4 or 8 */
    int n_blk;      /* n_out / V */
    int *base;      /* [n_blk] first input of the block's window; -1: scalar block */
    int *perm;      /* [n_blk][2V] float index of (re, im) of each output's input */
    int *went;      /* [n_blk] weight set of the block */
    float *wv;      /* [n_sets][L][2][2V]: (wr, wr) then (-wi, wi) per output */
} lte_pfilt_blocks;

struct lte_pfilt {
    int n_out, L, n_in;
    float *w; /* [n_out][L] complex, interleaved */
    int *s;
    lte_pfilt_blocks b4, b8;
};

void lte_pfilt_scalar(const lte_pfilt *f, const float *p, float *out, int k0, int k1);
void lte_pfilt_avx2(const lte_pfilt *f, const float *p, float *out);
void lte_pfilt_avx512(const lte_pfilt *f, const float *p, float *out);

#endif
