/* One-stream maximum-ratio combining (mrc.h), AVX-512: 16 elements per
 * step, split into real and imaginary vectors; the operations of the scalar
 * reference lane by lane, so the output is bit-identical. A step whose 16
 * indices are consecutive loads the arrays directly, otherwise it gathers.
 * SPDX-License-Identifier: BSD-3-Clause */
#pragma GCC optimize("fp-contract=off") /* no FMA: the reference rounds each product */
#include <float.h>
#include <immintrin.h>

#include "kernels/mrc.h"

#define W 16

/* Permutations between interleaved complex and split real / imaginary
 * vectors: pre, pim pick the real, imaginary parts of 16 elements from two
 * vectors; plo, phi put them back. */
typedef struct {
    __m512i iota, pre, pim, plo, phi;
} lanes;

static inline lanes lanes_make(void)
{
    lanes l;
    l.iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    l.pre = _mm512_add_epi32(l.iota, l.iota);
    l.pim = _mm512_add_epi32(l.pre, _mm512_set1_epi32(1));
    l.plo = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    l.phi = _mm512_add_epi32(l.plo, _mm512_set1_epi32(8));
    return l;
}

/* Elements e0.. of a (contiguous) or idx (gathered) as real and imaginary
 * vectors. */
static inline __attribute__((always_inline)) void
load_split(const float *a, int contig, uint32_t e0, __m512i idx, __m512i pre, __m512i pim,
           __m512 *re, __m512 *im)
{
    __m512 lo, hi;
    if (contig) {
        lo = _mm512_loadu_ps(a + 2 * (size_t)e0);
        hi = _mm512_loadu_ps(a + 2 * (size_t)e0 + 16);
    } else {
        lo = _mm512_castpd_ps(
            _mm512_i32gather_pd(_mm512_castsi512_si256(idx), (const double *)a, 8));
        hi = _mm512_castpd_ps(
            _mm512_i32gather_pd(_mm512_extracti64x4_epi64(idx, 1), (const double *)a, 8));
    }
    *re = _mm512_permutex2var_ps(lo, pre, hi);
    *im = _mm512_permutex2var_ps(lo, pim, hi);
}

int lte_mrc_avx512(const lte_mrc_io *io)
{
    const lanes ln = lanes_make();
    const __m512i iota = ln.iota, pre = ln.pre, pim = ln.pim, plo = ln.plo, phi = ln.phi;
    const __m512i bound = _mm512_set1_epi32((int)io->bound);
    const __m512 zero = _mm512_setzero_ps(), one = _mm512_set1_ps(1.0f);
    const __m512 n0 = _mm512_set1_ps(io->n0), fl = _mm512_set1_ps(io->nv_floor);
    const __m512 tiny = _mm512_set1_ps(1e-12f), big = _mm512_set1_ps(FLT_MAX);
    const int nr = io->n_rx, mmse = io->mmse;
    float *x = io->x, *nv = io->nv;
    int k = 0;
    for (; k + W <= io->n; k += W) {
        __m512i idx = _mm512_loadu_si512(io->idx + k);
        if (_mm512_cmpge_epu32_mask(idx, bound)) /* the scalar finds the first */
            return lte_mrc_scalar(io, k);
        uint32_t e0 = io->idx[k];
        int contig = _mm512_cmpeq_epi32_mask(idx, _mm512_add_epi32(_mm512_set1_epi32((int)e0),
                                                                   iota)) == 0xFFFF;
        __m512 a = zero, br = zero, bi = zero;
        for (int r = 0; r < nr; r++) {
            __m512 hr, hi, yr, yi;
            load_split(io->h[r], contig, e0, idx, pre, pim, &hr, &hi);
            load_split(io->y[r], contig, e0, idx, pre, pim, &yr, &yi);
            a = _mm512_add_ps(a, _mm512_add_ps(_mm512_mul_ps(hr, hr), _mm512_mul_ps(hi, hi)));
            br = _mm512_add_ps(br, _mm512_add_ps(_mm512_mul_ps(hr, yr), _mm512_mul_ps(hi, yi)));
            bi = _mm512_add_ps(bi, _mm512_sub_ps(_mm512_mul_ps(hr, yi), _mm512_mul_ps(hi, yr)));
        }
        __mmask16 ok = _mm512_cmp_ps_mask(a, zero, _CMP_GT_OQ);
        if (mmse)
            ok &= _mm512_cmp_ps_mask(a, _mm512_mul_ps(tiny, _mm512_add_ps(a, n0)), _CMP_GT_OQ);
        __m512 inv = _mm512_div_ps(one, _mm512_mask_blend_ps(ok, one, a));
        __m512 v = _mm512_mul_ps(n0, inv);
        /* v >= floor ? v : floor (max returns its second operand on equality: the same value) */
        v = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(v, fl, _CMP_GE_OQ), fl, v);
        __m512 xr = _mm512_maskz_mul_ps(ok, br, inv), xi = _mm512_maskz_mul_ps(ok, bi, inv);
        _mm512_storeu_ps(x + 2 * k, _mm512_permutex2var_ps(xr, plo, xi));
        _mm512_storeu_ps(x + 2 * k + 16, _mm512_permutex2var_ps(xr, phi, xi));
        _mm512_storeu_ps(nv + k, _mm512_mask_blend_ps(ok, big, v));
    }
    return lte_mrc_scalar(io, k);
}

void lte_mmse_avx512(const lte_mmse_io *io)
{
    const lanes ln = lanes_make();
    const __m512i pre = ln.pre, pim = ln.pim, plo = ln.plo, phi = ln.phi;
    const __m512 one = _mm512_set1_ps(1.0f), delta = _mm512_set1_ps(io->delta);
    const __m512 c2 = _mm512_set1_ps(io->c2);
    const int nr = io->n_rx;
    int k = 0;
    for (; k + W <= io->n; k += W) {
        __m512 zr = one, zi = one, g = one; /* set at r = 0 */
        for (int r = 0; r < nr; r++) {
            __m512 hr, hi, yr, yi;
            const __m512 w = _mm512_set1_ps(io->w[r]);
            load_split(io->h[r], 1, (uint32_t)k, _mm512_setzero_si512(), pre, pim, &hr, &hi);
            load_split(io->y[r], 1, (uint32_t)k, _mm512_setzero_si512(), pre, pim, &yr, &yi);
            __m512 pr = _mm512_add_ps(_mm512_mul_ps(hr, yr), _mm512_mul_ps(hi, yi));
            __m512 pi = _mm512_sub_ps(_mm512_mul_ps(hr, yi), _mm512_mul_ps(hi, yr));
            __m512 pg = _mm512_add_ps(_mm512_mul_ps(hr, hr), _mm512_mul_ps(hi, hi));
            pr = _mm512_mul_ps(pr, w);
            pi = _mm512_mul_ps(pi, w);
            pg = _mm512_mul_ps(pg, w);
            zr = r ? _mm512_add_ps(zr, pr) : pr;
            zi = r ? _mm512_add_ps(zi, pi) : pi;
            g = r ? _mm512_add_ps(g, pg) : pg;
        }
        __m512 t = _mm512_div_ps(one, _mm512_add_ps(one, g)), d = _mm512_sub_ps(g, delta);
        zr = _mm512_mul_ps(zr, t);
        zi = _mm512_mul_ps(zi, t);
        _mm512_storeu_ps(io->z + 2 * k, _mm512_permutex2var_ps(zr, plo, zi));
        _mm512_storeu_ps(io->z + 2 * k + 16, _mm512_permutex2var_ps(zr, phi, zi));
        _mm512_storeu_ps(io->m1 + k, _mm512_mul_ps(d, t));
        __m512 q = _mm512_add_ps(_mm512_mul_ps(d, d), _mm512_mul_ps(g, c2));
        _mm512_storeu_ps(io->m2 + k, _mm512_mul_ps(_mm512_mul_ps(q, t), t));
    }
    lte_mmse_scalar(io, k);
}
