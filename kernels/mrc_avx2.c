/* One-stream maximum-ratio combining (mrc.h), AVX2: 8 elements per step,
 * split into real and imaginary vectors (in the in-lane order of
 * _mm256_shuffle_ps, the same for every array and undone on output); the
 * operations of the scalar reference lane by lane, so the output is
 * bit-identical. A step whose 8 indices are consecutive loads the arrays
 * directly, otherwise it gathers.
 * SPDX-License-Identifier: BSD-3-Clause */
#pragma GCC optimize("fp-contract=off") /* no FMA: the reference rounds each product */
#include <float.h>
#include <immintrin.h>

#include "kernels/mrc.h"

#define W 8

/* Elements 0..7 as re = (0 1 4 5 | 2 3 6 7), im likewise. */
static inline __attribute__((always_inline)) void
load_split(const float *a, int contig, uint32_t e0, __m256i idx, __m256 *re, __m256 *im)
{
    __m256 lo, hi;
    if (contig) {
        lo = _mm256_loadu_ps(a + 2 * (size_t)e0);
        hi = _mm256_loadu_ps(a + 2 * (size_t)e0 + 8);
    } else {
        lo = _mm256_castpd_ps(
            _mm256_i32gather_pd((const double *)a, _mm256_castsi256_si128(idx), 8));
        hi = _mm256_castpd_ps(
            _mm256_i32gather_pd((const double *)a, _mm256_extracti128_si256(idx, 1), 8));
    }
    *re = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0));
    *im = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(3, 1, 3, 1));
}

/* A vector in load_split's order (0 1 4 5 | 2 3 6 7) back to 0..7. */
static inline __m256 unshuffle(__m256 v)
{
    return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(v), _MM_SHUFFLE(3, 1, 2, 0)));
}

int lte_mrc_avx2(const lte_mrc_io *io)
{
    const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i flip = _mm256_set1_epi32((int)0x80000000u); /* unsigned compare */
    const __m256i bound = _mm256_set1_epi32((int)(io->bound ^ 0x80000000u));
    const __m256 zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1.0f);
    const __m256 n0 = _mm256_set1_ps(io->n0), fl = _mm256_set1_ps(io->nv_floor);
    const __m256 tiny = _mm256_set1_ps(1e-12f), big = _mm256_set1_ps(FLT_MAX);
    const int nr = io->n_rx, mmse = io->mmse;
    float *x = io->x, *nv = io->nv;
    int k = 0;
    for (; k + W <= io->n; k += W) {
        __m256i idx = _mm256_loadu_si256((const __m256i *)(io->idx + k));
        /* idx < bound for all (unsigned): bound > idx as signed after flipping */
        __m256i in = _mm256_cmpgt_epi32(bound, _mm256_xor_si256(idx, flip));
        if (_mm256_movemask_ps(_mm256_castsi256_ps(in)) != 0xFF)
            return lte_mrc_scalar(io, k);
        uint32_t e0 = io->idx[k];
        __m256i seq = _mm256_add_epi32(_mm256_set1_epi32((int)e0), iota);
        int contig = _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(idx, seq))) == 0xFF;
        __m256 a = zero, br = zero, bi = zero;
        for (int r = 0; r < nr; r++) {
            __m256 hr, hi, yr, yi;
            load_split(io->h[r], contig, e0, idx, &hr, &hi);
            load_split(io->y[r], contig, e0, idx, &yr, &yi);
            a = _mm256_add_ps(a, _mm256_add_ps(_mm256_mul_ps(hr, hr), _mm256_mul_ps(hi, hi)));
            br = _mm256_add_ps(br, _mm256_add_ps(_mm256_mul_ps(hr, yr), _mm256_mul_ps(hi, yi)));
            bi = _mm256_add_ps(bi, _mm256_sub_ps(_mm256_mul_ps(hr, yi), _mm256_mul_ps(hi, yr)));
        }
        __m256 ok = _mm256_cmp_ps(a, zero, _CMP_GT_OQ);
        if (mmse)
            ok = _mm256_and_ps(ok, _mm256_cmp_ps(a, _mm256_mul_ps(tiny, _mm256_add_ps(a, n0)),
                                                 _CMP_GT_OQ));
        __m256 inv = _mm256_div_ps(one, _mm256_blendv_ps(one, a, ok));
        __m256 v = _mm256_mul_ps(n0, inv);
        v = _mm256_blendv_ps(fl, v, _mm256_cmp_ps(v, fl, _CMP_GE_OQ));
        __m256 xr = _mm256_and_ps(ok, _mm256_mul_ps(br, inv));
        __m256 xi = _mm256_and_ps(ok, _mm256_mul_ps(bi, inv));
        _mm256_storeu_ps(x + 2 * k, _mm256_unpacklo_ps(xr, xi));
        _mm256_storeu_ps(x + 2 * k + 8, _mm256_unpackhi_ps(xr, xi));
        v = _mm256_blendv_ps(big, v, ok);
        _mm256_storeu_ps(nv + k, unshuffle(v));
    }
    return lte_mrc_scalar(io, k);
}

void lte_mmse_avx2(const lte_mmse_io *io)
{
    const __m256 one = _mm256_set1_ps(1.0f), delta = _mm256_set1_ps(io->delta);
    const __m256 c2 = _mm256_set1_ps(io->c2);
    const int nr = io->n_rx;
    int k = 0;
    for (; k + W <= io->n; k += W) {
        __m256 zr = one, zi = one, g = one; /* set at r = 0 */
        for (int r = 0; r < nr; r++) {
            __m256 hr, hi, yr, yi;
            const __m256 w = _mm256_set1_ps(io->w[r]);
            load_split(io->h[r], 1, (uint32_t)k, _mm256_setzero_si256(), &hr, &hi);
            load_split(io->y[r], 1, (uint32_t)k, _mm256_setzero_si256(), &yr, &yi);
            __m256 pr = _mm256_add_ps(_mm256_mul_ps(hr, yr), _mm256_mul_ps(hi, yi));
            __m256 pi = _mm256_sub_ps(_mm256_mul_ps(hr, yi), _mm256_mul_ps(hi, yr));
            __m256 pg = _mm256_add_ps(_mm256_mul_ps(hr, hr), _mm256_mul_ps(hi, hi));
            pr = _mm256_mul_ps(pr, w);
            pi = _mm256_mul_ps(pi, w);
            pg = _mm256_mul_ps(pg, w);
            zr = r ? _mm256_add_ps(zr, pr) : pr;
            zi = r ? _mm256_add_ps(zi, pi) : pi;
            g = r ? _mm256_add_ps(g, pg) : pg;
        }
        __m256 t = _mm256_div_ps(one, _mm256_add_ps(one, g)), d = _mm256_sub_ps(g, delta);
        zr = _mm256_mul_ps(zr, t);
        zi = _mm256_mul_ps(zi, t);
        _mm256_storeu_ps(io->z + 2 * k, _mm256_unpacklo_ps(zr, zi));
        _mm256_storeu_ps(io->z + 2 * k + 8, _mm256_unpackhi_ps(zr, zi));
        __m256 q = _mm256_add_ps(_mm256_mul_ps(d, d), _mm256_mul_ps(g, c2));
        __m256 v1 = _mm256_mul_ps(d, t), v2 = _mm256_mul_ps(_mm256_mul_ps(q, t), t);
        _mm256_storeu_ps(io->m1 + k, unshuffle(v1));
        _mm256_storeu_ps(io->m2 + k, unshuffle(v2));
    }
    lte_mmse_scalar(io, k);
}
