/* AVX-512 complex-vector products (cvec.h): eight complex values per step,
 * the scalar reference's operations lane for lane (no FMA); the tail runs
 * the same arithmetic under a lane mask.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <immintrin.h>
#include <stdint.h>

#include "kernels/cvec.h"

#pragma GCC optimize("fp-contract=off")

/* lanes of the last 2 * r floats, r < 8 complex values */
static inline __mmask16 tail_mask(int r) { return (__mmask16)((1u << (2 * r)) - 1u); }

void lte_cvec_scale_avx512(float complex *dst, const float complex *src, int n, float s)
{
    const float *x = (const float *)src;
    float *d = (float *)dst;
    const __m512 vs = _mm512_set1_ps(s);
    int k = 0;
    /* first up to 7 values under a mask so that the stores below are
     * 64-byte aligned (a split store costs about two: the OFDM modulator's
     * positive-frequency bins start at bin 1, 8 bytes past a line) */
    if (((uintptr_t)d & 7) == 0) {
        int head = (int)((64 - ((uintptr_t)d & 63)) & 63) / 8;
        head = head < n ? head : n;
        if (head > 0) {
            __mmask16 m = tail_mask(head);
            _mm512_mask_storeu_ps(d, m, _mm512_mul_ps(_mm512_maskz_loadu_ps(m, x), vs));
            k = head;
        }
    }
    for (; k + 16 <= n; k += 16) {
        __m512 a0 = _mm512_loadu_ps(x + 2 * k), a1 = _mm512_loadu_ps(x + 2 * k + 16);
        _mm512_storeu_ps(d + 2 * k, _mm512_mul_ps(a0, vs));
        _mm512_storeu_ps(d + 2 * k + 16, _mm512_mul_ps(a1, vs));
    }
    for (; k < n; k += 8) {
        __mmask16 m = n - k >= 8 ? (__mmask16)0xffff : tail_mask(n - k);
        _mm512_mask_storeu_ps(d + 2 * k, m, _mm512_mul_ps(_mm512_maskz_loadu_ps(m, x + 2 * k), vs));
    }
}

/* p = (ar br, ai br), q = (ai bi, ar bi); the sign flip of q's even (mul)
 * or odd (mulconj) lanes is exact, so p + q' is the scalar p0 -+ q0, p1 +- q1. */
static inline __m512 cmul8(__m512 va, __m512 vb, __m512 flip)
{
    __m512 br = _mm512_moveldup_ps(vb), bi = _mm512_movehdup_ps(vb);
    __m512 sw = _mm512_permute_ps(va, _MM_SHUFFLE(2, 3, 0, 1));
    __m512 p = _mm512_mul_ps(va, br), q = _mm512_mul_ps(sw, bi);
    return _mm512_add_ps(p, _mm512_xor_ps(q, flip));
}

static inline __attribute__((always_inline)) void cmul_run(float *d, const float *x, const float *y, int n, __m512 flip)
{
    int k = 0;
    for (; k + 8 <= n; k += 8)
        _mm512_storeu_ps(d + 2 * k,
                         cmul8(_mm512_loadu_ps(x + 2 * k), _mm512_loadu_ps(y + 2 * k), flip));
    if (k < n) {
        __mmask16 m = tail_mask(n - k);
        __m512 va = _mm512_maskz_loadu_ps(m, x + 2 * k), vb = _mm512_maskz_loadu_ps(m, y + 2 * k);
        _mm512_mask_storeu_ps(d + 2 * k, m, cmul8(va, vb, flip));
    }
}

void lte_cvec_mul_avx512(float complex *dst, const float complex *a, const float complex *b, int n)
{
    const __m512 flip = _mm512_castsi512_ps(_mm512_set1_epi64((long long)0x80000000u));
    cmul_run((float *)dst, (const float *)a, (const float *)b, n, flip);
}

void lte_cvec_mulconj_avx512(float complex *dst, const float complex *a,
                             const float complex *b, int n)
{
    const __m512 flip = _mm512_castsi512_ps(_mm512_set1_epi64((long long)0x8000000000000000ull));
    cmul_run((float *)dst, (const float *)a, (const float *)b, n, flip);
}
