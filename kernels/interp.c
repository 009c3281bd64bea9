/* Interpolation kernels (interp.h): linear, and the per-output complex FIR
 * (plan, scalar reference, dispatch).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <emmintrin.h> /* SSE2: part of baseline x86-64 */
#include <string.h>

#include "kernels/internal.h"
#include "kernels/interp.h"

/* Four floats per SSE2 step (baseline x86-64): the same operations. */
void lte_lerp_scalar(const float *a, const float *b, float t, int n, float *out)
{
    const __m128 vt = _mm_set1_ps(t);
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        __m128 va = _mm_loadu_ps(a + i), d = _mm_sub_ps(_mm_loadu_ps(b + i), va);
        _mm_storeu_ps(out + i, _mm_add_ps(va, _mm_mul_ps(vt, d)));
    }
    for (; i < n; i++)
        out[i] = a[i] + t * (b[i] - a[i]);
}

int lte_lerp(const float *a, const float *b, float t, int n, float *out, lte_simd_path path)
{
    int pk = lte_simd_pick(path);
    if (pk < 0)
        return pk;
    if (pk == LTE_SIMD_AVX512)
        lte_lerp_avx512(a, b, t, n, out);
    else if (pk == LTE_SIMD_AVX2)
        lte_lerp_avx2(a, b, t, n, out);
    else
        lte_lerp_scalar(a, b, t, n, out);
    return 0;
}

/* Outputs k0..k1-1. The products are written out in real arithmetic: C's
 * complex '*' must handle inf/NaN operands (Annex G) and so branches to a
 * library call per product; for finite values the result is the same. Two
 * outputs per SSE2 register (re k, im k, re k+1, im k+1), each lane doing
 * exactly the scalar sequence (the subtraction as the addition of the
 * negated product: the same rounding). */
void lte_pfilt_scalar(const lte_pfilt *f, const float *p, float *out, int k0, int k1)
{
    const int L = f->L;
    const __m128 sgn = _mm_setr_ps(-1.0f, 1.0f, -1.0f, 1.0f);
    int k = k0;
    for (; k + 2 <= k1; k += 2) {
        const float *w0 = f->w + 2 * (size_t)k * L, *w1 = w0 + 2 * L;
        const float *h0 = p + 2 * f->s[k], *h1 = p + 2 * f->s[k + 1];
        __m128 acc = _mm_setzero_ps();
        for (int i = 0; i < L; i++) {
            /* (hr, hi) of both outputs, (wr, wr) and (wi, wi) */
            __m128 h = _mm_loadh_pi(_mm_castpd_ps(_mm_load_sd((const double *)(h0 + 2 * i))),
                                    (const __m64 *)(h1 + 2 * i));
            __m128 w = _mm_loadh_pi(_mm_castpd_ps(_mm_load_sd((const double *)(w0 + 2 * i))),
                                    (const __m64 *)(w1 + 2 * i));
            __m128 wr = _mm_shuffle_ps(w, w, _MM_SHUFFLE(2, 2, 0, 0));
            __m128 wi = _mm_shuffle_ps(w, w, _MM_SHUFFLE(3, 3, 1, 1));
            __m128 hs = _mm_shuffle_ps(h, h, _MM_SHUFFLE(2, 3, 0, 1)); /* (hi, hr) */
            __m128 pp = _mm_mul_ps(wr, h);                            /* wr hr, wr hi */
            __m128 q = _mm_mul_ps(_mm_mul_ps(wi, hs), sgn);           /* -wi hi, wi hr */
            acc = _mm_add_ps(acc, _mm_add_ps(pp, q));
        }
        _mm_storeu_ps(out + 2 * k, acc);
    }
    for (; k < k1; k++) {
        const float *w = f->w + 2 * (size_t)k * L, *h = p + 2 * f->s[k];
        float sr = 0, si = 0;
        for (int i = 0; i < L; i++) {
            float wr = w[2 * i], wi = w[2 * i + 1], hr = h[2 * i], hi = h[2 * i + 1];
            sr += wr * hr - wi * hi;
            si += wr * hi + wi * hr;
        }
        out[2 * k] = sr;
        out[2 * k + 1] = si;
    }
}

static void blocks_free(lte_pfilt_blocks *b)
{
    lte_free(b->base);
    lte_free(b->perm);
    lte_free(b->went);
    lte_free(b->wv);
}

/* The vector-layout weights of block j into e (L * 4V floats). */
static void block_weights(const lte_pfilt *f, int V, int j, float *e)
{
    const int L = f->L;
    for (int i = 0; i < L; i++)
        for (int v = 0; v < V; v++) {
            const float *w = f->w + 2 * ((size_t)(j * V + v) * L + i);
            float *r = e + (size_t)i * 4 * V, *q = r + 2 * V;
            r[2 * v] = r[2 * v + 1] = w[0];
            q[2 * v] = -w[1];
            q[2 * v + 1] = w[1];
        }
}

#define DEDUP_LOOKBACK 8 /* a regular grid's interior repeats within a few blocks */

/* Storage for the plan of V-output blocks: room for a weight set per block
 * (the most there can be), so that blocks_fill never allocates. */
static int blocks_alloc(const lte_pfilt *f, int V, lte_pfilt_blocks *b)
{
    const int nb = f->n_out / V;
    const size_t esz = (size_t)f->L * 4 * V;
    b->V = V;
    b->n_blk = nb;
    b->base = lte_alloc(((size_t)nb + 1) * sizeof *b->base);
    b->perm = lte_alloc(((size_t)nb + 1) * 2 * V * sizeof *b->perm);
    b->went = lte_alloc(((size_t)nb + 1) * sizeof *b->went);
    b->wv = lte_alloc(((size_t)nb + 1) * esz * sizeof *b->wv);
    return b->base && b->perm && b->went && b->wv ? 0 : LTE_ENOMEM;
}

/* The plan of f's weights and starts into b's storage. */
static void blocks_fill(const lte_pfilt *f, lte_pfilt_blocks *b)
{
    const int L = f->L, V = b->V, nb = b->n_blk;
    const size_t esz = (size_t)L * 4 * V;
    int n_sets = 0;
    for (int j = 0; j < nb; j++) {
        const int *s = f->s + j * V;
        int lo = s[0], hi = s[0];
        for (int v = 1; v < V; v++) {
            lo = LTE_MIN(lo, s[v]);
            hi = LTE_MAX(hi, s[v]);
        }
        b->base[j] = hi - lo < V ? lo : -1; /* the window of V inputs holds every start */
        b->went[j] = 0;
        if (b->base[j] < 0)
            continue;
        for (int v = 0; v < V; v++) {
            b->perm[j * 2 * V + 2 * v] = 2 * (s[v] - lo);
            b->perm[j * 2 * V + 2 * v + 1] = 2 * (s[v] - lo) + 1;
        }
        float *e = b->wv + (size_t)n_sets * esz;
        block_weights(f, V, j, e);
        int found = -1;
        for (int u = n_sets - 1; u >= 0 && u >= n_sets - DEDUP_LOOKBACK && found < 0; u--)
            if (memcmp(b->wv + (size_t)u * esz, e, esz * sizeof *e) == 0)
                found = u;
        b->went[j] = found >= 0 ? found : n_sets++;
    }
}

void lte_pfilt_destroy(lte_pfilt *f)
{
    if (!f)
        return;
    lte_free(f->w);
    lte_free(f->s);
    blocks_free(&f->b4);
    blocks_free(&f->b8);
    lte_free(f);
}

int lte_pfilt_create(const float complex *w, const int *s, int n_out, int L, int n_in,
                     lte_pfilt **out)
{
    LTE_CHECK_ARG(w != NULL && s != NULL && out != NULL, "NULL argument");
    LTE_CHECK_ARG(n_out >= 1 && L >= 1 && n_in >= L, "n_out = %d, L = %d, n_in = %d", n_out, L,
                  n_in);
    *out = NULL;
    for (int k = 0; k < n_out; k++)
        LTE_CHECK_ARG(s[k] >= 0 && s[k] <= n_in - L, "s[%d] = %d: must be 0..%d", k, s[k],
                      n_in - L);
    lte_pfilt *f = lte_alloc(sizeof *f);
    if (!f)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "no memory");
    f->n_out = n_out;
    f->L = L;
    f->n_in = n_in;
    f->w = lte_alloc((size_t)n_out * L * sizeof *w);
    f->s = lte_alloc((size_t)n_out * sizeof *s);
    if (!f->w || !f->s) {
        lte_pfilt_destroy(f);
        return lte_error_set_fn(LTE_ENOMEM, __func__, "no memory");
    }
    memcpy(f->w, w, (size_t)n_out * L * sizeof *w);
    memcpy(f->s, s, (size_t)n_out * sizeof *s);
    if (blocks_alloc(f, 4, &f->b4) < 0 || blocks_alloc(f, 8, &f->b8) < 0) {
        lte_pfilt_destroy(f);
        return lte_error_set_fn(LTE_ENOMEM, __func__, "no memory");
    }
    blocks_fill(f, &f->b4);
    blocks_fill(f, &f->b8);
    *out = f;
    return 0;
}

int lte_pfilt_set_weights(lte_pfilt *f, const float complex *w)
{
    LTE_CHECK_ARG(f != NULL && w != NULL, "NULL argument");
    memcpy(f->w, w, (size_t)f->n_out * f->L * sizeof *w);
    blocks_fill(f, &f->b4);
    blocks_fill(f, &f->b8);
    return 0;
}

int lte_pfilt_run(const lte_pfilt *f, const float complex *p, float complex *out,
                  lte_simd_path path)
{
    LTE_CHECK_ARG(f != NULL && p != NULL && out != NULL, "NULL argument");
    int pk = lte_simd_pick(path);
    if (pk < 0)
        return pk;
    if (pk == LTE_SIMD_AVX512)
        lte_pfilt_avx512(f, (const float *)p, (float *)out);
    else if (pk == LTE_SIMD_AVX2)
        lte_pfilt_avx2(f, (const float *)p, (float *)out);
    else
        lte_pfilt_scalar(f, (const float *)p, (float *)out, 0, f->n_out);
    return 0;
}
