/* Complex-vector products: scalar reference and dispatch (cvec.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <emmintrin.h> /* SSE2: part of baseline x86-64 */

#include "kernels/cvec.h"
#include "kernels/internal.h"

/* cvec.h promises separately rounded products on every build (CFLAGS with
 * -mfma would otherwise allow contraction). */
#pragma GCC optimize("fp-contract=off")

/* Two complex values per step, every load before any store: in-place calls
 * stay correct and the compiler turns each step into one SSE2 operation. */
void lte_cvec_scale_scalar(float complex *dst, const float complex *src, int n, float s)
{
    const float *x = (const float *)src;
    float *d = (float *)dst;
    int k = 0;
    for (; k + 2 <= n; k += 2) {
        float x0 = x[2 * k], x1 = x[2 * k + 1], x2 = x[2 * k + 2], x3 = x[2 * k + 3];
        d[2 * k] = s * x0;
        d[2 * k + 1] = s * x1;
        d[2 * k + 2] = s * x2;
        d[2 * k + 3] = s * x3;
    }
    if (k < n) {
        d[2 * k] = s * x[2 * k];
        d[2 * k + 1] = s * x[2 * k + 1];
    }
}

/* conj = 0: (ar br - ai bi, ai br + ar bi); 1: (ar br + ai bi, ai br - ar bi). */
static inline void cmul1(float *d, const float *x, const float *y, int conj)
{
    float ar = x[0], ai = x[1], br = y[0], bi = y[1];
    float p0 = ar * br, p1 = ai * br, q0 = ai * bi, q1 = ar * bi;
    d[0] = conj ? p0 + q0 : p0 - q0;
    d[1] = conj ? p1 - q1 : p1 + q1;
}

/* Two values per SSE2 step (baseline x86-64, as the OFDM code always used):
 * p = (ar br, ai br), q = (ai bi, ar bi), q's even (mul) or odd (mulconj)
 * lanes negated, which is exact, then p + q: cmul1()'s roundings. The
 * compiler cannot do this from cmul1() (its lanes differ in shape). */
static inline __attribute__((always_inline)) void cmul_loop(float complex *dst,
                                                           const float complex *a,
                                                           const float complex *b, int n,
                                                           int conj)
{
    const float *x = (const float *)a, *y = (const float *)b;
    float *d = (float *)dst;
    const __m128 flip = conj ? _mm_setr_ps(0.0f, -0.0f, 0.0f, -0.0f)
                             : _mm_setr_ps(-0.0f, 0.0f, -0.0f, 0.0f);
    int k = 0;
    for (; k + 2 <= n; k += 2) {
        __m128 va = _mm_loadu_ps(x + 2 * k), vb = _mm_loadu_ps(y + 2 * k);
        __m128 br = _mm_shuffle_ps(vb, vb, _MM_SHUFFLE(2, 2, 0, 0));
        __m128 bi = _mm_shuffle_ps(vb, vb, _MM_SHUFFLE(3, 3, 1, 1));
        __m128 sw = _mm_shuffle_ps(va, va, _MM_SHUFFLE(2, 3, 0, 1));
        __m128 q = _mm_xor_ps(_mm_mul_ps(sw, bi), flip);
        _mm_storeu_ps(d + 2 * k, _mm_add_ps(_mm_mul_ps(va, br), q));
    }
    if (k < n)
        cmul1(d + 2 * k, x + 2 * k, y + 2 * k, conj);
}

void lte_cvec_mul_scalar(float complex *dst, const float complex *a, const float complex *b, int n)
{
    cmul_loop(dst, a, b, n, 0);
}

void lte_cvec_mulconj_scalar(float complex *dst, const float complex *a,
                             const float complex *b, int n)
{
    cmul_loop(dst, a, b, n, 1);
}

static const lte_cvec_ops ops_scalar = {lte_cvec_scale_scalar, lte_cvec_mul_scalar,
                                        lte_cvec_mulconj_scalar};
static const lte_cvec_ops ops_avx2 = {lte_cvec_scale_avx2, lte_cvec_mul_avx2,
                                      lte_cvec_mulconj_avx2};
static const lte_cvec_ops ops_avx512 = {lte_cvec_scale_avx512, lte_cvec_mul_avx512,
                                        lte_cvec_mulconj_avx512};

int lte_cvec_ops_get(lte_simd_path path, const lte_cvec_ops **ops)
{
    LTE_CHECK_ARG(ops != NULL, "ops is NULL");
    *ops = NULL;
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    *ops = p == LTE_SIMD_AVX512 ? &ops_avx512 : p == LTE_SIMD_AVX2 ? &ops_avx2 : &ops_scalar;
    return 0;
}
