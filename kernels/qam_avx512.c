/* Gray-mapped square QAM max-log demapper, AVX-512: 8 symbols (16 axis
 * values) per step. Evaluates exactly the float operations of the scalar
 * reference (kernels/qam_internal.h), so its output is bit-identical. Also
 * the look-up-table mapper's AVX-512 path (kernels/qam_map.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <float.h>
#include <immintrin.h>
#include <string.h>

#include "kernels/qam_map.h"
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
    const uint64_t *scr, long scr_off, float *llr, int *okp, const int p)
{
    /* descrambling: lane i of a 16-value store flips its sign bit where bit
     * i of the store's 16 sequence bits is 1 */
    const __m512i signbit = _mm512_set1_epi32((int)0x80000000u);
    long b = scr_off; /* bit index of llr[0] in the sequence */
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
    for (; s + W <= n_sym; s += W, llr += W * 2 * p, b += W * 2 * p) {
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
            __m512 v = B[0];
            if (scr) {
                __mmask16 c = (__mmask16)lte_qam_scr_bits(scr, b, 16);
                v = _mm512_castsi512_ps(_mm512_mask_xor_epi32(_mm512_castps_si512(v), c,
                                                              _mm512_castps_si512(v), signbit));
            }
            _mm512_storeu_ps(llr, v);
            continue;
        }
#pragma GCC unroll 4
        for (int o = 0; o < p; o++) {
            __m512d acc = _mm512_permutex2var_pd(_mm512_castps_pd(B[0]), tab.idx[o][1],
                                                 _mm512_castps_pd(B[1]));
#pragma GCC unroll 4
            for (int k = 2; k < p; k++)
                acc = _mm512_permutex2var_pd(acc, tab.idx[o][k], _mm512_castps_pd(B[k]));
            if (scr) {
                __mmask16 c = (__mmask16)lte_qam_scr_bits(scr, b + 16 * o, 16);
                acc = _mm512_castsi512_pd(_mm512_mask_xor_epi32(_mm512_castpd_si512(acc), c,
                                                                _mm512_castpd_si512(acc),
                                                                signbit));
            }
            _mm512_storeu_pd((double *)(llr + 16 * o), acc);
        }
    }
    *okp = ok == 0xFFFF && (n0_len != 1 || (n0[0] > 0.0f && n0[0] <= FLT_MAX));
    return s;
}

int lte_qam_maxlog_avx512(const lte_qam_desc *d, const float complex *y, int n_sym,
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

/* ---- mapper (lte_qam_map_lut_x_avx512, kernels/qam_map.h) ----------------- */

/* 8 look-ups in a table of up to 64 points held in registers (t[i] = points
 * 8i..8i+7 as 64-bit words): a two-source permute per 16 points, then the
 * index's bits 4 and 5 pick among them. */
static inline __m512i lut8(const __m512i t[8], int q, __m512i ix)
{
    if (q == 2)
        return _mm512_permutexvar_epi64(ix, t[0]);
    if (q == 4)
        return _mm512_permutex2var_epi64(t[0], ix, t[1]);
    __m512i r01 = _mm512_permutex2var_epi64(t[0], ix, t[1]);
    __m512i r23 = _mm512_permutex2var_epi64(t[2], ix, t[3]);
    __m512i r45 = _mm512_permutex2var_epi64(t[4], ix, t[5]);
    __m512i r67 = _mm512_permutex2var_epi64(t[6], ix, t[7]);
    __mmask8 b4 = _mm512_test_epi64_mask(ix, _mm512_set1_epi64(16));
    __mmask8 b5 = _mm512_test_epi64_mask(ix, _mm512_set1_epi64(32));
    __m512i lo = _mm512_mask_blend_epi64(b4, r01, r23), hi = _mm512_mask_blend_epi64(b4, r45, r67);
    return _mm512_mask_blend_epi64(b5, lo, hi);
}

/* 32 symbols (32 q bits, q/2 words) per step: the bits packed 64 at a time
 * (a byte counts as 1 if nonzero; XOR with x, then a byte >= 2 is 1 again,
 * as the scalar mapper), 8 indices at a time shifted out of their 8q-bit
 * window, looked up, stored 8 points at once when their REs are
 * consecutive (most of a PDSCH allocation), else scattered. 256QAM (a
 * 256-point table) and the last n_sym % 32 symbols run the scalar code. */
void lte_qam_map_lut_x_avx512(const float complex *lut, int q, const uint8_t *bits,
                              const uint8_t *x, const uint32_t *idx, int n_sym,
                              float complex *sym)
{
    int s = 0;
    if (q == 2 || q == 4 || q == 6) {
        __m512i t[8];
        const int npts = 1 << q;
        for (int i = 0; i < 8; i++)
            t[i] = _mm512_maskz_loadu_epi64(npts >= 8 * (i + 1) ? 0xFF
                                            : npts > 8 * i ? (__mmask8)((1u << (npts - 8 * i)) - 1)
                                                           : 0,
                                            (const uint64_t *)lut + 8 * i);
        const __m512i ge2 = _mm512_set1_epi8((char)0xFE);
        const __m512i shifts = _mm512_mullo_epi64(_mm512_set1_epi64(q),
                                                  _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7));
        const __m512i mask = _mm512_set1_epi64((1 << q) - 1);
        uint64_t *out = (uint64_t *)sym;
        for (; s + 32 <= n_sym; s += 32) {
            uint64_t w[4] = {0, 0, 0, 0}; /* w[3]: zero, read by the windows below */
            const uint8_t *b = bits + (size_t)s * q;
            for (int i = 0; i < q / 2; i++) {
                __m512i v = _mm512_loadu_si512(b + 64 * i);
                uint64_t nz = _mm512_test_epi8_mask(v, v);
                if (x) {
                    uint64_t xv;
                    memcpy(&xv, x + (size_t)s * q / 8 + 8 * i, 8);
                    nz = (nz ^ xv) | _mm512_test_epi8_mask(v, ge2);
                }
                w[i] = nz;
            }
            for (int g = 0; g < 4; g++) {
                /* bits 8 q g .. of the 32 q-bit stream, 8 q <= 48 of them */
                int at = 8 * q * g, wi = at / 64, sh = at % 64;
                uint64_t win = sh ? (w[wi] >> sh) | (w[wi + 1] << (64 - sh)) : w[wi];
                __m512i ix = _mm512_and_si512(_mm512_srlv_epi64(_mm512_set1_epi64((long long)win),
                                                                shifts), mask);
                __m512i p = lut8(t, q, ix);
                const int s0 = s + 8 * g;
                if (!idx) {
                    _mm512_storeu_si512(out + s0, p);
                    continue;
                }
                __m256i iv = _mm256_loadu_si256((const __m256i *)(idx + s0));
                __m256i run = _mm256_add_epi32(_mm256_set1_epi32((int)idx[s0]),
                                               _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
                if (_mm256_cmpeq_epi32_mask(iv, run) == 0xFF) /* consecutive REs */
                    _mm512_storeu_si512(out + idx[s0], p);
                else /* in lane order: a repeated index keeps the last value, as in C */
                    _mm512_i32scatter_epi64(out, iv, p, 8);
            }
        }
    }
    if (s < n_sym) /* s q is a multiple of 8 here: x stays byte aligned */
        lte_qam_map_lut_x(lut, q, bits + (size_t)s * q, x ? x + (size_t)s * q / 8 : NULL,
                          idx ? idx + s : NULL, n_sym - s, idx ? sym : sym + s);
}
