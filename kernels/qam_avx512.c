/* Gray-mapped square QAM max-log demapper, AVX-512: 8 symbols (16 axis
 * values) per step. Evaluates exactly the float operations of the scalar
 * reference (kernels/qam_internal.h), so its output is bit-identical.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <float.h>
#include <immintrin.h>

#include "qam_internal.h"

#define W 8 /* symbols per vector */

/* Interleave the p per-bit vectors B[k] (64-bit slot j = symbol j's I,Q
 * values of bit k) into bit order: output vector o, slot j holds bit
 * k = (8o+j) % p of symbol (8o+j) / p. Built as a chain of two-source
 * permutes: step 1 merges B[0] and B[1], step k merges B[k] into that. */
typedef struct {
    __m512i idx[4][4]; /* [o][k], k = 1..p-1 */
} shuffle_tab;

static void make_shuffle(int p, shuffle_tab *t)
{
    for (int o = 0; o < p; o++)
        for (int k = 1; k < p; k++) {
            long long ix[8];
            for (int j = 0; j < 8; j++) {
                int n = W * o + j, s = n / p, b = n % p;
                if (k == 1)
                    ix[j] = b == 0 ? s : (b == 1 ? 8 + s : 0);
                else
                    ix[j] = b == k ? 8 + s : j;
            }
            t->idx[o][k] = _mm512_loadu_si512(ix);
        }
}

static inline __attribute__((always_inline)) void
bits_of(const lte_qam_desc *d, __m512 u, __m512 inv, __m512 *B, const int p)
{
    if (p == 1) {
        B[0] = _mm512_mul_ps(_mm512_mul_ps(u, _mm512_set1_ps(4.0f * d->mag[0])), inv);
        return;
    }
    const __m512i signmask = _mm512_set1_epi32((int)0x80000000u);
    const int m_count = 1 << (p - 1);
    __m512i sign = _mm512_and_si512(_mm512_castps_si512(u), signmask);
    __m512 v = _mm512_abs_ps(u);
    __m512 t = _mm512_add_ps(v, v);
    __m512 h[8];
#pragma GCC unroll 8
    for (int i = 0; i < m_count; i++) {
        __m512 m = _mm512_set1_ps(d->mag[i]);
        h[i] = _mm512_mul_ps(m, _mm512_sub_ps(m, t));
    }
    __m512 hmin = h[0];
#pragma GCC unroll 4
    for (int k = 1; k < p; k++) {
        int bit = p - 1 - k;
        /* from the first h of each set rather than from +inf: min(inf, h) is h
         * (MINPS returns its second operand unless the first is smaller), so
         * the same values as the reference's sequence */
        __m512 s0 = h[0], s1 = h[1 << bit];
#pragma GCC unroll 8
        for (int i = 1; i < m_count; i++) {
            if (i == 1 << bit)
                continue;
            if ((i >> bit) & 1)
                s1 = _mm512_min_ps(s1, h[i]);
            else
                s0 = _mm512_min_ps(s0, h[i]);
        }
        if (k == 1)
            hmin = _mm512_min_ps(s0, s1);
        B[k] = _mm512_mul_ps(_mm512_sub_ps(s1, s0), inv);
    }
    __m512 m0 = _mm512_set1_ps(d->mag[d->i0]), m1 = _mm512_set1_ps(d->mag[d->i1]);
    __m512 g = _mm512_min_ps(_mm512_mul_ps(m0, _mm512_add_ps(m0, t)),
                             _mm512_mul_ps(m1, _mm512_add_ps(m1, t)));
    __m512 mag0 = _mm512_mul_ps(_mm512_sub_ps(g, hmin), inv);
    B[0] = _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(mag0), sign));
}

static inline __attribute__((always_inline)) int
run(const lte_qam_desc *d, const float complex *y, int n_sym, const float *n0, int n0_len,
    float *llr, int *okp, const int p)
{
    const __m512 zero = _mm512_setzero_ps(), fmax = _mm512_set1_ps(FLT_MAX);
    __mmask16 ok = 0xFFFF; /* lanes whose n0 were all in (0, FLT_MAX] */
    const lte_qam_desc dl = *d; /* a local copy: no store to llr can alias it */
    d = &dl;
    shuffle_tab tab;
    make_shuffle(p, &tab);
    const __m512i dup = _mm512_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
    __m512 inv = _mm512_div_ps(_mm512_set1_ps(1.0f), _mm512_set1_ps(n0[0]));
    const __m512i dup_hi = _mm512_add_epi32(dup, _mm512_set1_epi32(8));
    __m512 inv_hi = inv;
    int s = 0;
    for (; s + W <= n_sym; s += W, llr += W * 2 * p) {
        if (n0_len != 1) {
            /* one division for 16 symbols (the even steps), or for 8 at the end */
            if ((s & (2 * W - 1)) == 0 && s + 2 * W <= n_sym) {
                __m512 nv = _mm512_loadu_ps(n0 + s);
                ok &= _mm512_cmp_ps_mask(nv, zero, _CMP_GT_OQ) &
                      _mm512_cmp_ps_mask(nv, fmax, _CMP_LE_OQ);
                __m512 iv = _mm512_div_ps(_mm512_set1_ps(1.0f), nv);
                inv = _mm512_permutexvar_ps(dup, iv);
                inv_hi = _mm512_permutexvar_ps(dup_hi, iv);
            } else if ((s & (2 * W - 1)) != 0) {
                inv = inv_hi;
            } else {
                __m512 nv = _mm512_castps256_ps512(_mm256_loadu_ps(n0 + s));
                ok &= (_mm512_cmp_ps_mask(nv, zero, _CMP_GT_OQ) &
                       _mm512_cmp_ps_mask(nv, fmax, _CMP_LE_OQ)) | 0xFF00;
                __m256 iv = _mm256_div_ps(_mm256_set1_ps(1.0f), _mm512_castps512_ps256(nv));
                inv = _mm512_permutexvar_ps(dup, _mm512_castps256_ps512(iv));
            }
        }
        __m512 u = _mm512_loadu_ps((const float *)(y + s));
        __m512 B[4];
        bits_of(d, u, inv, B, p);
        if (p == 1) {
            _mm512_storeu_ps(llr, B[0]);
            continue;
        }
#pragma GCC unroll 4
        for (int o = 0; o < p; o++) {
            __m512d acc = _mm512_permutex2var_pd(_mm512_castps_pd(B[0]), tab.idx[o][1],
                                                 _mm512_castps_pd(B[1]));
#pragma GCC unroll 4
            for (int k = 2; k < p; k++)
                acc = _mm512_permutex2var_pd(acc, tab.idx[o][k], _mm512_castps_pd(B[k]));
            _mm512_storeu_pd((double *)(llr + 16 * o), acc);
        }
    }
    *okp = ok == 0xFFFF && (n0_len != 1 || (n0[0] > 0.0f && n0[0] <= FLT_MAX));
    return s;
}

int lte_qam_maxlog_avx512(const lte_qam_desc *d, const float complex *y, int n_sym,
                          const float *n0, int n0_len, float *llr)
{
    int done, ok;
    switch (d->q) {
    case 2: done = run(d, y, n_sym, n0, n0_len, llr, &ok, 1); break;
    case 4: done = run(d, y, n_sym, n0, n0_len, llr, &ok, 2); break;
    case 6: done = run(d, y, n_sym, n0, n0_len, llr, &ok, 3); break;
    default: done = run(d, y, n_sym, n0, n0_len, llr, &ok, 4); break;
    }
    return lte_qam_maxlog_scalar(d, y + done, n_sym - done, n0_len == 1 ? n0 : n0 + done,
                                 n0_len, llr + (long)done * d->q) &&
           ok;
}
