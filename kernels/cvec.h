/* ltephy kernels (internal): element-wise complex-vector products, the
 * copies around an FFT (scaling, a phase ramp, a per-bin correction).
 *
 * Complex floats are stored interleaved (re, im). For k < n:
 *   scale:    dst[k] = (s ar, s ai)
 *   mul:      dst[k] = (ar br - ai bi, ai br + ar bi)      a[k] b[k]
 *   mulconj:  dst[k] = (ar br + ai bi, ai br - ar bi)      a[k] conj(b[k])
 * each product rounded to float, then the sum or difference rounded: no
 * multiply is contracted into an add (FMA would round once, differently).
 * Every path evaluates exactly these operations, so all paths are
 * bit-identical (tests/kernels/test_cvec.c), and mul is bit-identical to the
 * textbook (ar br - ai bi, ar bi + ai br) since addition commutes. The
 * scalar path is plain C except mul/mulconj, which use SSE2 (baseline
 * x86-64: the compiler cannot pair their differently shaped lanes).
 *
 * dst may equal src / a (in place); otherwise no overlap. n >= 0. No checks:
 * callers validate.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_KERNELS_CVEC_H
#define LTEPHY_KERNELS_CVEC_H

#include <complex.h>

#include "ltephy/simd.h"

typedef void (*lte_cvec_scale_fn)(float complex *dst, const float complex *src, int n, float s);
typedef void (*lte_cvec_mul_fn)(float complex *dst, const float complex *a,
                                const float complex *b, int n);

/* The variants of one SIMD path. */
typedef struct lte_cvec_ops {
    lte_cvec_scale_fn scale;
    lte_cvec_mul_fn mul;
    lte_cvec_mul_fn mulconj;
} lte_cvec_ops;

/* The table of a path (LTE_SIMD_AUTO: the default one). Returns 0, or
 * LTE_EUNSUPPORTED / LTE_EINVAL with a detail message; *ops is then NULL. */
int lte_cvec_ops_get(lte_simd_path path, const lte_cvec_ops **ops);

void lte_cvec_scale_scalar(float complex *dst, const float complex *src, int n, float s);
void lte_cvec_mul_scalar(float complex *dst, const float complex *a, const float complex *b,
                         int n);
void lte_cvec_mulconj_scalar(float complex *dst, const float complex *a,
                             const float complex *b, int n);
void lte_cvec_scale_avx2(float complex *dst, const float complex *src, int n, float s);
void lte_cvec_mul_avx2(float complex *dst, const float complex *a, const float complex *b, int n);
void lte_cvec_mulconj_avx2(float complex *dst, const float complex *a, const float complex *b,
                           int n);
void lte_cvec_scale_avx512(float complex *dst, const float complex *src, int n, float s);
void lte_cvec_mul_avx512(float complex *dst, const float complex *a, const float complex *b,
                         int n);
void lte_cvec_mulconj_avx512(float complex *dst, const float complex *a,
                             const float complex *b, int n);

#endif
