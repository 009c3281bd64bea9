/* AVX2 complex-vector products (cvec.h): four complex values per step, the
 * scalar reference's operations lane for lane (no FMA), the scalar code for
 * the tail.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <immintrin.h>

#include "kernels/cvec.h"

#pragma GCC optimize("fp-contract=off")

void lte_cvec_scale_avx2(float complex *dst, const float complex *src, int n, float s)
{
    const float *x = (const float *)src;
    float *d = (float *)dst;
    const __m256 vs = _mm256_set1_ps(s);
    int k = 0;
    for (; k + 8 <= n; k += 8) {
        __m256 a0 = _mm256_loadu_ps(x + 2 * k), a1 = _mm256_loadu_ps(x + 2 * k + 8);
        _mm256_storeu_ps(d + 2 * k, _mm256_mul_ps(a0, vs));
        _mm256_storeu_ps(d + 2 * k + 8, _mm256_mul_ps(a1, vs));
    }
    if (k < n)
        lte_cvec_scale_scalar(dst + k, src + k, n - k, s);
}

/* p = (ar br, ai br), q = (ai bi, ar bi): mul is (p0 - q0, p1 + q1) = addsub,
 * mulconj (p0 + q0, p1 - q1) = addsub with q negated (exact). */
static inline __m256 cmul4(__m256 va, __m256 vb, int conj)
{
    __m256 br = _mm256_moveldup_ps(vb), bi = _mm256_movehdup_ps(vb);
    __m256 sw = _mm256_permute_ps(va, _MM_SHUFFLE(2, 3, 0, 1));
    __m256 p = _mm256_mul_ps(va, br), q = _mm256_mul_ps(sw, bi);
    if (conj)
        q = _mm256_xor_ps(q, _mm256_set1_ps(-0.0f));
    return _mm256_addsub_ps(p, q);
}

static inline __attribute__((always_inline)) void cmul_run(float complex *dst,
                                                          const float complex *a,
                                                          const float complex *b, int n, int conj)
{
    const float *x = (const float *)a, *y = (const float *)b;
    float *d = (float *)dst;
    int k = 0;
    for (; k + 4 <= n; k += 4)
        _mm256_storeu_ps(d + 2 * k,
                         cmul4(_mm256_loadu_ps(x + 2 * k), _mm256_loadu_ps(y + 2 * k), conj));
    if (k < n)
        (conj ? lte_cvec_mulconj_scalar : lte_cvec_mul_scalar)(dst + k, a + k, b + k, n - k);
}

void lte_cvec_mul_avx2(float complex *dst, const float complex *a, const float complex *b, int n)
{
    cmul_run(dst, a, b, n, 0);
}

void lte_cvec_mulconj_avx2(float complex *dst, const float complex *a, const float complex *b,
                           int n)
{
    cmul_run(dst, a, b, n, 1);
}
