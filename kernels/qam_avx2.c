/* Gray-mapped square QAM max-log demapper, AVX2: 4 symbols (8 axis values)
 * per step. Evaluates exactly the float operations of the scalar reference
 * (kernels/qam_internal.h), so its output is bit-identical.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <float.h>
#include <immintrin.h>

#include "qam_internal.h"

#define W 4 /* symbols per vector */

/* Permutations that interleave the p per-bit vectors B[k] (lane pair j =
 * symbol j's I,Q values of bit k) into bit order: output vector o, pair
 * slot j holds bit k = (4o+j) % p of symbol (4o+j) / p. */
typedef struct {
    __m256i perm[4][4]; /* [o][k] */
    __m256 mask[4][4];  /* [o][k]: lanes taken from B[k] */
} shuffle_tab;

static void make_shuffle(int p, shuffle_tab *t)
{
    for (int o = 0; o < p; o++)
        for (int k = 0; k < p; k++) {
            int idx[8], msk[8];
            for (int f = 0; f < 8; f++) {
                int n = W * o + f / 2;
                idx[f] = 2 * (n / p) + (f & 1);
                msk[f] = (n % p == k) ? -1 : 0;
            }
            t->perm[o][k] = _mm256_loadu_si256((const __m256i *)idx);
            t->mask[o][k] = _mm256_castsi256_ps(_mm256_loadu_si256((const __m256i *)msk));
        }
}

static inline __attribute__((always_inline)) void
bits_of(const lte_qam_desc *d, __m256 u, __m256 inv, __m256 *B, const int p)
{
    const __m256 signmask = _mm256_set1_ps(-0.0f);
    if (p == 1) {
        B[0] = _mm256_mul_ps(_mm256_mul_ps(u, _mm256_set1_ps(4.0f * d->mag[0])), inv);
        return;
    }
    const int m_count = 1 << (p - 1);
    __m256 sign = _mm256_and_ps(u, signmask);
    __m256 v = _mm256_andnot_ps(signmask, u);
    __m256 t = _mm256_add_ps(v, v);
    __m256 h[8];
#pragma GCC unroll 8
    for (int i = 0; i < m_count; i++) {
        __m256 m = _mm256_set1_ps(d->mag[i]);
        h[i] = _mm256_mul_ps(m, _mm256_sub_ps(m, t));
    }
    __m256 hmin = h[0];
#pragma GCC unroll 4
    for (int k = 1; k < p; k++) {
        int bit = p - 1 - k;
        /* from the first h of each set rather than from +inf: min(inf, h) is h
         * (MINPS returns its second operand unless the first is smaller), so
         * the same values as the reference's sequence */
        __m256 s0 = h[0], s1 = h[1 << bit];
#pragma GCC unroll 8
        for (int i = 1; i < m_count; i++) {
            if (i == 1 << bit)
                continue;
            if ((i >> bit) & 1)
                s1 = _mm256_min_ps(s1, h[i]);
            else
                s0 = _mm256_min_ps(s0, h[i]);
        }
        if (k == 1)
            hmin = _mm256_min_ps(s0, s1);
        B[k] = _mm256_mul_ps(_mm256_sub_ps(s1, s0), inv);
    }
    __m256 m0 = _mm256_set1_ps(d->mag[d->i0]), m1 = _mm256_set1_ps(d->mag[d->i1]);
    __m256 g = _mm256_min_ps(_mm256_mul_ps(m0, _mm256_add_ps(m0, t)),
                             _mm256_mul_ps(m1, _mm256_add_ps(m1, t)));
    B[0] = _mm256_or_ps(_mm256_mul_ps(_mm256_sub_ps(g, hmin), inv), sign);
}

static inline __attribute__((always_inline)) int
run(const lte_qam_desc *d, const float complex *y, int n_sym, const float *n0, int n0_len,
    const uint64_t *scr, long scr_off, float *llr, int *okp, const int p)
{
    /* descrambling: lane i of an 8-value store flips its sign bit where bit i
     * of the store's 8 sequence bits is 1 */
    const __m256i bitsel = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
    const __m256i signbit = _mm256_set1_epi32((int)0x80000000u);
    long b = scr_off; /* bit index of llr[0] in the sequence */
    const __m128 zero = _mm_setzero_ps(), fmax = _mm_set1_ps(FLT_MAX);
    __m128 ok = _mm_castsi128_ps(_mm_set1_epi32(-1)); /* lanes whose n0 were all valid */
    const lte_qam_desc dl = *d; /* a local copy: no store to llr can alias it */
    d = &dl;
    shuffle_tab tab;
    make_shuffle(p, &tab);
    const __m256i dup = _mm256_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3);
    __m256 inv = _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_set1_ps(n0[0]));
    int s = 0;
    for (; s + W <= n_sym; s += W, llr += W * 2 * p, b += W * 2 * p) {
        if (n0_len != 1) {
            __m128 nv = _mm_loadu_ps(n0 + s);
            ok = _mm_and_ps(ok, _mm_and_ps(_mm_cmpgt_ps(nv, zero), _mm_cmple_ps(nv, fmax)));
            __m128 iv = _mm_div_ps(_mm_set1_ps(1.0f), nv);
            inv = _mm256_permutevar8x32_ps(_mm256_castps128_ps256(iv), dup);
        }
        __m256 u = _mm256_loadu_ps((const float *)(y + s));
        __m256 B[4];
        bits_of(d, u, inv, B, p);
#pragma GCC unroll 4
        for (int o = 0; o < p; o++) {
            __m256 acc = _mm256_permutevar8x32_ps(B[0], tab.perm[o][0]);
#pragma GCC unroll 4
            for (int k = 1; k < p; k++)
                acc = _mm256_blendv_ps(acc, _mm256_permutevar8x32_ps(B[k], tab.perm[o][k]),
                                       tab.mask[o][k]);
            if (scr) {
                int c = (int)lte_qam_scr_bits(scr, b + 8 * o, 8);
                __m256i sel = _mm256_and_si256(_mm256_set1_epi32(c), bitsel);
                __m256i flip = _mm256_and_si256(_mm256_cmpeq_epi32(sel, bitsel), signbit);
                acc = _mm256_xor_ps(acc, _mm256_castsi256_ps(flip));
            }
            _mm256_storeu_ps(llr + 8 * o, acc);
        }
    }
    *okp = _mm_movemask_ps(ok) == 0xF && (n0_len != 1 || (n0[0] > 0.0f && n0[0] <= FLT_MAX));
    return s;
}

int lte_qam_maxlog_avx2(const lte_qam_desc *d, const float complex *y, int n_sym,
                        const float *n0, int n0_len, const uint64_t *scr, long scr_off,
                        float *llr)
{
    int done, ok;
    switch (d->q) {
    case 2: done = run(d, y, n_sym, n0, n0_len, scr, scr_off, llr, &ok, 1); break;
    case 4: done = run(d, y, n_sym, n0, n0_len, scr, scr_off, llr, &ok, 2); break;
    case 6: done = run(d, y, n_sym, n0, n0_len, scr, scr_off, llr, &ok, 3); break;
    default: done = run(d, y, n_sym, n0, n0_len, scr, scr_off, llr, &ok, 4); break;
    }
    return lte_qam_maxlog_scalar(d, y + done, n_sym - done, n0_len == 1 ? n0 : n0 + done,
                                 n0_len, scr, scr_off + (long)done * d->q,
                                 llr + (long)done * d->q) &&
           ok;
}
