/* Floating-point turbo decoder, AVX2 form of one SISO: the 8 state metrics
 * of the LTE trellis fill one 8-float register. Same schedule and the same
 * per-lane float operations as siso_plain() in turbo_dec_float.c, so the
 * results are bit-identical (tested): FMA contraction is switched off below
 * because fused multiply-adds round differently.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#include "turbo_dec_float_impl.h"

#pragma GCC optimize("fp-contract=off")

#define NSTATES LTE_TDEC_NSTATES

typedef float v8f __attribute__((vector_size(32)));
typedef int32_t v8i __attribute__((vector_size(32)));

static inline v8f v_load(const float *p)
{
    v8f v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void v_store(float *p, v8f v) { memcpy(p, &v, sizeof v); }

static inline v8f v_set1(float x) { return (v8f){x, x, x, x, x, x, x, x}; }

static inline v8f v_select(v8i m, v8f a, v8f b)
{
    return (v8f)((m & (v8i)a) | (~m & (v8i)b));
}

/* ln(1 + e^-x), x >= 0: log1p_exp_neg() of turbo_dec_float.c, lane-wise */
static inline v8f v_log1p_exp_neg(v8f x)
{
    const v8f cut = v_set1(17.0f);
    v8i keep = x < cut;
    x = v_select(keep, x, cut);
    v8f y = x * v_set1(1.44269504088896341f);
    v8i n = __builtin_convertvector(y + 0.5f, v8i);
    v8f g = (y - __builtin_convertvector(n, v8f)) * v_set1(0.693147180559945309f);
    v8f p = 1.0f + g * (-1.0f + g * (0.5f + g * (-1.0f / 6 + g * (1.0f / 24 +
            g * (-1.0f / 120 + g * (1.0f / 720 + g * (-1.0f / 5040)))))));
    v8f two_n = (v8f)((127 - n) << 23);
    v8f e = p * two_n;
    v8f t = e / (2.0f + e);
    v8f t2 = t * t;
    v8f s = 1.0f + t2 * (1.0f / 3 + t2 * (1.0f / 5 + t2 * (1.0f / 7 + t2 * (1.0f / 9 +
            t2 * (1.0f / 11 + t2 * (1.0f / 13))))));
    v8f r = 2.0f * t * s;
    return (v8f)(keep & (v8i)r);
}

static inline __attribute__((always_inline)) v8f v_max_star(v8f a, v8f b, int logmap)
{
    v8f m = v_select(a > b, a, b);
    if (!logmap)
        return m;
    v8f ad = (v8f)((v8i)(a - b) & 0x7fffffff);
    /* Where every lane is beyond the cut-off the correction is exactly 0 in
     * the scalar code too: skip it (common once the decoder has converged). */
    v8i near = ad < v_set1(17.0f);
    if (_mm256_testz_si256((__m256i)near, (__m256i)near))
        return m;
    return m + v_log1p_exp_neg(ad);
}

/* out[j] = max*(in[2j], in[2j+1]) over the 16 values (lo, hi) */
static inline __attribute__((always_inline)) v8f v_pair_max_star(v8f lo, v8f hi, int logmap)
{
    v8f ev = __builtin_shuffle(lo, hi, (v8i){0, 2, 4, 6, 8, 10, 12, 14});
    v8f od = __builtin_shuffle(lo, hi, (v8i){1, 3, 5, 7, 9, 11, 13, 15});
    return v_max_star(ev, od, logmap);
}

typedef struct vtrellis {
    v8f su, sz; /* sign tables */
    v8i u0;     /* states whose a = 0 branch has u = 0 */
} vtrellis;

static inline __attribute__((always_inline)) v8f v_gamma(const vtrellis *tr, float lu, float lp)
{
    float hu = 0.5f * lu, hp = 0.5f * lp;
    return tr->su * hu + tr->sz * hp;
}

static inline __attribute__((always_inline)) v8f v_normalise(v8f m) { return m - m[0]; }

/* alpha_k -> alpha_{k+1} */
static inline __attribute__((always_inline)) v8f v_forward(v8f a, v8f g, int logmap)
{
    return v_normalise(v_pair_max_star(a + g, a - g, logmap));
}

/* beta_{k+1} plus branch metric along the a = 0 (x0) and a = 1 (x1) branches */
static inline __attribute__((always_inline)) void v_branches(v8f b, v8f g, v8f *x0, v8f *x1)
{
    *x0 = __builtin_shuffle(b, (v8i){0, 0, 1, 1, 2, 2, 3, 3}) + g;
    *x1 = __builtin_shuffle(b, (v8i){4, 4, 5, 5, 6, 6, 7, 7}) - g;
}

/* First stage of the LLR tree: lanes 0..3 pair up the u = 0 terms, lanes
 * 4..7 the u = 1 terms (r8 of siso_plain) */
static inline __attribute__((always_inline)) v8f
v_llr_r8(const vtrellis *tr, v8f a, v8f x0, v8f x1, int logmap)
{
    v8f t0 = a + x0, t1 = a + x1;
    return v_pair_max_star(v_select(tr->u0, t0, t1), v_select(tr->u0, t1, t0), logmap);
}

static inline __attribute__((always_inline)) void
emit(const lte_tdec_siso_ctx *ctx, const lte_tdec_siso_io *io, int k, float lu, float l)
{
    io->lapp[k] = l;
    io->ext[k] = ctx->ext_scale * (l - lu);
}

/* Crossing schedule, for instruction-level parallelism: the forward and
 * backward recursions are independent, so they run at the same time from
 * both ends and cross in the middle (m = K/2).
 *   phase 1: alpha_0..alpha_m (alpha_0..m-1 stored) and beta_K..beta_m
 *            (beta_m+1..K stored), in one loop;
 *   phase 2: the forward sweep emits L(u_k), k = m..K-1, from the stored
 *            betas; the backward sweep emits L(u_k), k = m-1..0, from the
 *            stored alphas. The last two stages of the two LLR trees share
 *            one register (lanes 0..3: forward sweep, 4..7: backward).
 * Slot k of the metric buffer holds alpha_k for k < m and beta_k for k > m.
 * Every metric and LLR is computed from the same values with the same
 * operations as in siso_plain(), hence the identical output. */
static inline __attribute__((always_inline)) void
siso(const lte_tdec_siso_ctx *ctx, int K, const lte_tdec_siso_io *io, int logmap)
{
    float *slot = ctx->metrics;
    vtrellis tr;
    tr.su = v_load(ctx->sign_u);
    tr.sz = v_load(ctx->sign_z);
    tr.u0 = tr.su > 0.0f;
    const float *ls = io->ls, *la = io->la, *lp = io->lp;
    const int m = K / 2;
    const float neg = LTE_TDEC_METRIC_NEG;
    v8f a = {0.0f, neg, neg, neg, neg, neg, neg, neg}, b = a, x0, x1;

    for (int t = 2; t >= 0; t--) {
        v8f g = v_gamma(&tr, io->tail_s[t], io->tail_p[t]);
        b = v_normalise(__builtin_shuffle(b, (v8i){0, 0, 1, 1, 2, 2, 3, 3}) + g);
    }

    for (int j = 0; j < K - m; j++) {
        if (j < m) {
            v_store(slot + (size_t)j * NSTATES, a);
            a = v_forward(a, v_gamma(&tr, ls[j] + la[j], lp[j]), logmap);
        }
        int k = K - 1 - j;
        v_store(slot + (size_t)(k + 1) * NSTATES, b);
        v_branches(b, v_gamma(&tr, ls[k] + la[k], lp[k]), &x0, &x1);
        b = v_normalise(v_max_star(x0, x1, logmap));
    }

    for (int j = 0; j < K - m; j++) {
        int kf = m + j; /* forward sweep, upward */
        float luf = ls[kf] + la[kf];
        v8f gf = v_gamma(&tr, luf, lp[kf]);
        v_branches(v_load(slot + (size_t)(kf + 1) * NSTATES), gf, &x0, &x1);
        v8f r8f = v_llr_r8(&tr, a, x0, x1, logmap);
        a = v_forward(a, gf, logmap);
        if (j < m) {
            int kb = m - 1 - j; /* backward sweep, downward */
            float lub = ls[kb] + la[kb];
            v_branches(b, v_gamma(&tr, lub, lp[kb]), &x0, &x1);
            v8f r8b = v_llr_r8(&tr, v_load(slot + (size_t)kb * NSTATES), x0, x1, logmap);
            b = v_normalise(v_max_star(x0, x1, logmap));
            v8f r4 = v_pair_max_star(r8f, r8b, logmap);  /* f: 0..1|2..3, b: 4..5|6..7 */
            v8f r2 = v_pair_max_star(r4, r4, logmap);    /* f: 0, 1; b: 2, 3 */
            emit(ctx, io, kf, luf, r2[0] - r2[1]);
            emit(ctx, io, kb, lub, r2[2] - r2[3]);
        } else {
            v8f r4 = v_pair_max_star(r8f, r8f, logmap);
            v8f r2 = v_pair_max_star(r4, r4, logmap);
            emit(ctx, io, kf, luf, r2[0] - r2[1]);
        }
    }
}

void lte_tdec_siso_avx2(const lte_tdec_siso_ctx *ctx, int K, const lte_tdec_siso_io *io,
                        int logmap)
{
    if (logmap)
        siso(ctx, K, io, 1);
    else
        siso(ctx, K, io, 0);
}
