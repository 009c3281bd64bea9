/* Floating-point turbo decoder: the accuracy reference of ltephy.
 *
 * Iterative decoding of the LTE PCCC (TS 36.212 §5.1.3.2): two soft-in
 * soft-out BCJR decoders, one per constituent RSC code, exchange extrinsic
 * information through the QPP interleaver (§5.1.3.2.3) passed in as pi.
 *
 * Each SISO runs the BCJR (forward-backward) recursion in the log domain
 * over the 8-state trellis of §5.1.3.2.1. The only difference between the
 * two algorithms is the "max*" operator:
 *   log-MAP:      max*(a, b) = max(a, b) + ln(1 + exp(-|a - b|))   (exact)
 *   max-log-MAP:  max*(a, b) = max(a, b)
 * Branch metrics are true half log-likelihoods, gamma = ((1-2u) Lu +
 * (1-2p) Lp) / 2, so log-MAP computes the exact a-posteriori LLRs of each
 * constituent code (a brute-force enumeration in the tests checks this).
 *
 * Both encoders are terminated (§5.1.3.2.2): the backward recursion starts
 * in state 0 after the three tail steps, whose input is forced to the
 * feedback value (register input a = 0). The tail LLRs are read from the
 * twelve tail positions of l0/l1/l2 laid out as in turbo.h.
 *
 * One iteration = SISO 1 (natural order: d0 systematic, d1 parity, a
 * priori = deinterleaved extrinsic of SISO 2), then SISO 2 (interleaved
 * order: systematic l0[pi[i]], d2 parity, a priori = interleaved extrinsic
 * of SISO 1). Extrinsic = ext_scale * (L_app - L_sys - L_apriori). After
 * each iteration the hard decisions (L_app of SISO 2, deinterleaved;
 * L < 0 -> 1, ties -> 0) go to the optional stopping callback.
 *
 * Two implementations of the SISO, bit-identical: siso_plain() below (the
 * reference reading, LTE_SIMD_SCALAR) and turbo_dec_float_avx2.c.
 *
 * LLR convention: L = ln P(0)/P(1) (positive favours 0), as everywhere.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "turbo_dec_float_impl.h"
#include "ltephy/turbo.h"

#define NSTATES LTE_TDEC_NSTATES
#define METRIC_NEG LTE_TDEC_METRIC_NEG
#define MAX_ITER_LIMIT 64

struct lte_turbo_dec {
    int k_max;
    lte_turbo_alg alg;
    float ext_scale;
    lte_turbo_trace_fn trace;
    void *trace_arg;
    int last_k; /* K of the last successful run (0: none) */
    lte_simd_path path; /* SCALAR: siso_plain; AVX2, AVX512: lte_tdec_siso_avx2 */

    /* Trellis of §5.1.3.2.1 as butterflies (see siso_plain), derived from the
     * generator polynomials at create. */
    float sign_u[NSTATES]; /* 1 - 2u of the a = 0 branch leaving state S */
    float sign_z[NSTATES]; /* 1 - 2z of that branch */

    /* Buffers for k_max (allocated once at create). */
    float *alpha;    /* (k_max + 1) x 8 forward metrics */
    float *sys2;     /* systematic LLRs in interleaved order */
    float *la;       /* a-priori LLRs of the SISO being run */
    float *ext1;     /* extrinsic out of SISO 1, natural order */
    float *ext2;     /* extrinsic out of SISO 2, interleaved order */
    float *lapp1;    /* a posteriori LLRs of SISO 1 (natural order) */
    float *lapp2;    /* a posteriori LLRs of SISO 2 (interleaved order) */
    float *lapp;     /* final a posteriori LLRs, natural order */
    uint16_t *pinv;  /* inverse permutation: pinv[pi[i]] = i */
};

/* ---- Trellis ------------------------------------------------------------- */

/* State S = 4*s1 + 2*s2 + s3, s1 the most recent register content (Figure
 * 5.1.3-2). Input u enters the register as a = u ^ s2 ^ s3 (feedback
 * g0 = 1 + D^2 + D^3), the parity is z = a ^ s1 ^ s3 (g1 = 1 + D + D^3) and
 * the next state is (a, s1, s2) = 4a + S/2. Labelling the two branches out
 * of S by a instead of u makes the trellis regular: the a = 0 branch goes to
 * S/2 with u0 = s2 ^ s3, z0 = s1 ^ s3, and the a = 1 branch goes to 4 + S/2
 * with both bits flipped. Only (u0, z0) per state are needed. */
static void build_trellis(lte_turbo_dec *d)
{
    for (int s = 0; s < NSTATES; s++) {
        int s1 = (s >> 2) & 1, s2 = (s >> 1) & 1, s3 = s & 1;
        int u0 = s2 ^ s3;     /* input for which a = 0 */
        int a = u0 ^ s2 ^ s3; /* = 0 */
        int z0 = a ^ s1 ^ s3;
        d->sign_u[s] = 1.0f - 2.0f * (float)u0;
        d->sign_z[s] = 1.0f - 2.0f * (float)z0;
    }
}

/* ---- max* ---------------------------------------------------------------- */

/* ln(1 + e^-x) for x >= 0, computed as 2*atanh(t), t = e/(2+e), e = e^-x.
 * Branch-free and without libm calls so the AVX2 form is the same
 * arithmetic lane by lane; absolute error < 2e-7 for all x >= 0 against
 * log1p(exp(-x)) in double (about 2 float ulps of ln 2), i.e. at the float
 * resolution of the metrics it is added to.
 *   e^-x = 2^-n e^-g, x/ln2 = n + g/ln2, n = round(x/ln2), |g| <= ln2/2:
 *     degree-7 Taylor series, remainder < 0.347^8/8! < 6e-9;
 *   2 atanh(t) = 2 (t + t^3/3 + ... + t^13/13), t <= 1/3: remainder
 *     < 2 t^15/15 < 1e-8. */
static inline float log1p_exp_neg(float x)
{
    const float cut = 17.0f; /* ln(1+e^-17) = 4.1e-8: negligible beyond */
    int keep = x < cut;
    x = keep ? x : cut;
    float y = x * 1.44269504088896341f; /* x / ln2, in [0, 24.6) */
    int n = (int)(y + 0.5f);             /* y >= 0: round to nearest */
    float g = (y - (float)n) * 0.693147180559945309f;
    float p = 1.0f + g * (-1.0f + g * (0.5f + g * (-1.0f / 6 + g * (1.0f / 24 +
              g * (-1.0f / 120 + g * (1.0f / 720 + g * (-1.0f / 5040)))))));
    union { uint32_t u; float f; } two_n = {.u = (uint32_t)(127 - n) << 23}; /* 2^-n */
    float e = p * two_n.f;         /* e^-x in (0, 1] */
    float t = e / (2.0f + e);      /* (0, 1/3] */
    float t2 = t * t;              /* (0, 1/9] */
    float s = 1.0f + t2 * (1.0f / 3 + t2 * (1.0f / 5 + t2 * (1.0f / 7 + t2 * (1.0f / 9 +
              t2 * (1.0f / 11 + t2 * (1.0f / 13))))));
    float r = 2.0f * t * s;
    return keep ? r : 0.0f;
}

static inline float max_star(float a, float b, int logmap)
{
    float m = a > b ? a : b;
    if (!logmap)
        return m;
    return m + log1p_exp_neg(fabsf(a - b));
}

/* out[j] = max*(in[2j], in[2j+1]), j < n: the one operation the whole
 * BCJR is made of (see below). */
static inline __attribute__((always_inline)) void
pair_max_star(const float *restrict in, float *restrict out, int n, int logmap)
{
    for (int j = 0; j < n; j++)
        out[j] = max_star(in[2 * j], in[2 * j + 1], logmap);
}

/* ---- One SISO decoder (BCJR) --------------------------------------------- */

typedef lte_tdec_siso_io siso_io;

/* The trellis as butterflies (build_trellis): with G(S) = (1-2u0) Lu/2 +
 * (1-2z0) Lp/2 the metric of the a = 0 branch out of S, the a = 1 branch
 * has metric -G(S).
 *   forward:  alpha'(s') = max*(alpha(S) +- G(S), S = 2(s' mod 4) + {0,1}),
 *             sign + for s' < 4 (a = 0), - for s' >= 4,
 *             i.e. alpha' = pair_max_star([alpha + G, alpha - G]);
 *   backward: beta(S) = max*(beta'(S/2) + G(S), beta'(4 + S/2) - G(S)).
 */
static inline void branch_g(const lte_turbo_dec *d, float lu, float lp, float g[NSTATES])
{
    float hu = 0.5f * lu, hp = 0.5f * lp;
    for (int s = 0; s < NSTATES; s++)
        g[s] = d->sign_u[s] * hu + d->sign_z[s] * hp;
}

/* Subtract state 0's metric so metrics stay bounded over long blocks; a
 * common offset changes no LLR. State 0 is reachable at every step of both
 * recursions, so the reference is always finite. */
static inline void normalise(float *m)
{
    float r = m[0];
    for (int s = 0; s < NSTATES; s++)
        m[s] -= r;
}

/* The reference form: plain loops over the states, one trellis step at a
 * time: forward recursion storing alpha, then the backward recursion with
 * the LLR output. turbo_dec_float_avx2.c performs, per state, the same
 * float operations on the same values (scheduled differently: forward and
 * backward recursions run together from both ends), so the two give
 * bit-identical results (tested). */
static inline __attribute__((always_inline)) void
siso_plain(const lte_turbo_dec *d, int K, const siso_io *io, int logmap)
{
    float *alpha = d->alpha;
    float g[NSTATES], q[2 * NSTATES];

    /* Forward recursion from state 0. */
    alpha[0] = 0.0f;
    for (int s = 1; s < NSTATES; s++)
        alpha[s] = METRIC_NEG;
    for (int k = 0; k < K; k++) {
        const float *a = alpha + (size_t)k * NSTATES;
        float *an = alpha + (size_t)(k + 1) * NSTATES;
        branch_g(d, io->ls[k] + io->la[k], io->lp[k], g);
        for (int s = 0; s < NSTATES; s++) {
            q[s] = a[s] + g[s];
            q[NSTATES + s] = a[s] - g[s];
        }
        pair_max_star(q, an, NSTATES, logmap);
        normalise(an);
    }

    /* Backward through the tail (§5.1.3.2.2): the encoder ends in state 0,
     * and each tail step takes the single branch with register input a = 0
     * (the tail input bit equals the feedback), i.e. beta(S) = beta'(S/2) + G. */
    float beta[NSTATES], bn[NSTATES];
    beta[0] = 0.0f;
    for (int s = 1; s < NSTATES; s++)
        beta[s] = METRIC_NEG;
    for (int t = 2; t >= 0; t--) {
        branch_g(d, io->tail_s[t], io->tail_p[t], g);
        for (int s = 0; s < NSTATES; s++)
            bn[s] = beta[s >> 1] + g[s];
        memcpy(beta, bn, sizeof bn);
        normalise(beta);
    }

    /* Backward over the information bits with the LLR output:
     * L(u_k) = max*_{branches u=0}(alpha_k + gamma + beta_{k+1})
     *        - max*_{branches u=1}(...). Branch a of state S carries
     * u = a ^ s2 ^ s3, so the u = 0 set takes the a = 0 branch where
     * sign_u > 0 and the a = 1 branch elsewhere. */
    const float scale = d->ext_scale;
    for (int k = K - 1; k >= 0; k--) {
        const float *a = alpha + (size_t)k * NSTATES;
        float lu = io->ls[k] + io->la[k];
        branch_g(d, lu, io->lp[k], g);
        float x[2 * NSTATES], t[2 * NSTATES], r8[NSTATES], r4[4], r2[2];
        for (int s = 0; s < NSTATES; s++) {
            float b0 = beta[s >> 1] + g[s];           /* a = 0 branch */
            float b1 = beta[4 + (s >> 1)] - g[s];     /* a = 1 branch */
            x[2 * s] = b0;
            x[2 * s + 1] = b1;
            int u0 = d->sign_u[s] > 0.0f;
            t[s] = a[s] + (u0 ? b0 : b1);             /* branches with u = 0 */
            t[NSTATES + s] = a[s] + (u0 ? b1 : b0);   /* branches with u = 1 */
        }
        pair_max_star(x, bn, NSTATES, logmap);
        pair_max_star(t, r8, NSTATES, logmap); /* tree reduction: 16 -> 2 */
        pair_max_star(r8, r4, 4, logmap);
        pair_max_star(r4, r2, 2, logmap);
        float l = r2[0] - r2[1];
        io->lapp[k] = l;
        io->ext[k] = scale * (l - lu);
        memcpy(beta, bn, sizeof bn);
        normalise(beta);
    }
}

static void siso(const lte_turbo_dec *d, int K, const siso_io *io)
{
    int logmap = d->alg == LTE_TURBO_LOG_MAP;
    if (d->path != LTE_SIMD_SCALAR) {
        lte_tdec_siso_ctx ctx = {.sign_u = d->sign_u, .sign_z = d->sign_z,
                                 .metrics = d->alpha, .ext_scale = d->ext_scale};
        lte_tdec_siso_avx2(&ctx, K, io, logmap);
    } else if (logmap) {
        siso_plain(d, K, io, 1);
    } else {
        siso_plain(d, K, io, 0);
    }
}

/* ---- Object -------------------------------------------------------------- */

int lte_turbo_dec_create(const lte_turbo_dec_cfg *cfg, lte_turbo_dec **out)
{
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    *out = NULL;
    LTE_CHECK_ARG(cfg != NULL, "cfg is NULL");
    LTE_CHECK_ARG(cfg->k_max >= 1 && cfg->k_max <= LTE_TURBO_KMAX,
                  "k_max=%d outside [1, %d]", cfg->k_max, LTE_TURBO_KMAX);
    LTE_CHECK_ARG(cfg->alg == LTE_TURBO_LOG_MAP || cfg->alg == LTE_TURBO_MAX_LOG_MAP,
                  "alg=%d is not a lte_turbo_alg", (int)cfg->alg);
    LTE_CHECK_ARG(isfinite(cfg->ext_scale) && cfg->ext_scale > 0.0f && cfg->ext_scale <= 1.0f,
                  "ext_scale=%g outside (0, 1]", (double)cfg->ext_scale);

    lte_turbo_dec *d = lte_alloc(sizeof *d);
    if (!d)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "object");
    d->k_max = cfg->k_max;
    d->alg = cfg->alg;
    d->ext_scale = cfg->ext_scale;
    d->path = lte_simd_default();
    build_trellis(d);

    size_t k = (size_t)cfg->k_max;
    d->alpha = lte_alloc((k + 1) * NSTATES * sizeof(float));
    d->sys2 = lte_alloc(k * sizeof(float));
    d->la = lte_alloc(k * sizeof(float));
    d->ext1 = lte_alloc(k * sizeof(float));
    d->ext2 = lte_alloc(k * sizeof(float));
    d->lapp1 = lte_alloc(k * sizeof(float));
    d->lapp2 = lte_alloc(k * sizeof(float));
    d->lapp = lte_alloc(k * sizeof(float));
    d->pinv = lte_alloc(k * sizeof(uint16_t));
    if (!d->alpha || !d->sys2 || !d->la || !d->ext1 || !d->ext2 || !d->lapp1 || !d->lapp2 ||
        !d->lapp || !d->pinv) {
        lte_turbo_dec_destroy(d);
        return lte_error_set_fn(LTE_ENOMEM, __func__, "buffers for k_max=%d", cfg->k_max);
    }
    *out = d;
    return 0;
}

void lte_turbo_dec_destroy(lte_turbo_dec *d)
{
    if (!d)
        return;
    lte_free(d->alpha);
    lte_free(d->sys2);
    lte_free(d->la);
    lte_free(d->ext1);
    lte_free(d->ext2);
    lte_free(d->lapp1);
    lte_free(d->lapp2);
    lte_free(d->lapp);
    lte_free(d->pinv);
    lte_free(d);
}

int lte_turbo_dec_set_trace(lte_turbo_dec *dec, lte_turbo_trace_fn fn, void *arg)
{
    LTE_CHECK_ARG(dec != NULL, "dec is NULL");
    dec->trace = fn;
    dec->trace_arg = arg;
    return 0;
}

int lte_turbo_dec_set_path(lte_turbo_dec *dec, lte_simd_path path)
{
    LTE_CHECK_ARG(dec != NULL, "dec is NULL");
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    dec->path = (lte_simd_path)p;
    return 0;
}

int lte_turbo_dec_llr(const lte_turbo_dec *dec, float *lapp, int K)
{
    LTE_CHECK_ARG(dec != NULL && lapp != NULL, "NULL pointer");
    LTE_CHECK_ARG(dec->last_k > 0, "no successful lte_turbo_dec_run yet");
    LTE_CHECK_ARG(K == dec->last_k, "K=%d but the last run decoded K=%d", K, dec->last_k);
    memcpy(lapp, dec->lapp, (size_t)K * sizeof(float));
    return 0;
}

/* Soft values must be finite and below LLR_LIMIT in magnitude: the path
 * metrics then stay many orders of magnitude away from METRIC_NEG and from
 * float overflow (NaN fails the comparison too). */
#define LLR_LIMIT 1.0e20f

static int check_llrs(const float *l, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        LTE_CHECK_ARG(fabsf(l[i]) <= LLR_LIMIT, "%s[%d]=%g is not finite or beyond 1e20", name,
                      i, (double)l[i]);
    return 0;
}

/* Build pinv and check that pi is a permutation of 0..K-1. */
static int invert_permutation(lte_turbo_dec *d, const uint16_t *pi, int K)
{
    memset(d->pinv, 0xff, (size_t)K * sizeof(uint16_t));
    for (int i = 0; i < K; i++) {
        LTE_CHECK_ARG(pi[i] < K, "pi[%d]=%u is not below K=%d", i, (unsigned)pi[i], K);
        LTE_CHECK_ARG(d->pinv[pi[i]] == 0xffff, "pi is not a permutation: pi[%d]=%u repeats",
                      i, (unsigned)pi[i]);
        d->pinv[pi[i]] = (uint16_t)i;
    }
    return 0;
}

int lte_turbo_dec_run(lte_turbo_dec *dec, const float *l0, const float *l1, const float *l2,
                      int K, const uint16_t *pi, int max_iter, lte_turbo_stop_fn stop,
                      void *stop_arg, uint8_t *c, int *iterations)
{
    LTE_CHECK_ARG(dec != NULL, "dec is NULL");
    LTE_CHECK_ARG(l0 != NULL && l1 != NULL && l2 != NULL, "an LLR stream is NULL");
    LTE_CHECK_ARG(pi != NULL && c != NULL, "pi or c is NULL");
    LTE_CHECK_ARG(K >= 1 && K <= dec->k_max, "K=%d outside [1, k_max=%d]", K, dec->k_max);
    LTE_CHECK_ARG(max_iter >= 1 && max_iter <= MAX_ITER_LIMIT, "max_iter=%d outside [1, %d]",
                  max_iter, MAX_ITER_LIMIT);
    dec->last_k = 0;
    int rc = invert_permutation(dec, pi, K);
    if (rc == 0)
        rc = check_llrs(l0, K + 4, "l0");
    if (rc == 0)
        rc = check_llrs(l1, K + 4, "l1");
    if (rc == 0)
        rc = check_llrs(l2, K + 4, "l2");
    if (rc < 0)
        return rc;

    /* SISO 1 sees the natural order: systematic d0, parity d1. SISO 2 sees
     * the interleaved order c'_i = c_pi(i): systematic l0[pi[i]] (not sent,
     * rebuilt from d0), parity d2. Tails per the turbo.h layout. */
    for (int i = 0; i < K; i++)
        dec->sys2[i] = l0[pi[i]];
    siso_io io1 = {.ls = l0, .la = dec->la, .lp = l1, .lapp = dec->lapp1, .ext = dec->ext1,
                   .tail_s = {l0[K], l2[K], l1[K + 1]},
                   .tail_p = {l1[K], l0[K + 1], l2[K + 1]}};
    siso_io io2 = {.ls = dec->sys2, .la = dec->la, .lp = l2, .lapp = dec->lapp2,
                   .ext = dec->ext2,
                   .tail_s = {l0[K + 2], l2[K + 2], l1[K + 3]},
                   .tail_p = {l1[K + 2], l0[K + 3], l2[K + 3]}};

    memset(dec->la, 0, (size_t)K * sizeof(float));
    int it = 0;
    while (it < max_iter) {
        it++;
        siso(dec, K, &io1);
        if (dec->trace)
            dec->trace(it, 0, K, dec->lapp1, dec->ext1, dec->trace_arg);
        for (int i = 0; i < K; i++)
            dec->la[i] = dec->ext1[pi[i]];
        siso(dec, K, &io2);
        if (dec->trace)
            dec->trace(it, 1, K, dec->lapp2, dec->ext2, dec->trace_arg);
        for (int k = 0; k < K; k++) {
            int i = dec->pinv[k];
            dec->la[k] = dec->ext2[i];
            dec->lapp[k] = dec->lapp2[i];
            c[k] = dec->lapp[k] < 0.0f; /* tie (0) -> bit 0 */
        }
        if (stop && stop(c, K, stop_arg))
            break;
    }
    dec->last_k = K;
    if (iterations)
        *iterations = it;
    return 0;
}
