/* ltephy kernels: tail-biting convolutional encoder and WAVA Viterbi decoder.
 * See include/ltephy/conv.h for conventions and the decoding method.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/conv.h"
#include "kernels/conv_impl.h"

#define NS LTE_CONV_NSTATES

static int parity7(unsigned x)
{
    return __builtin_parity(x & 0x7f);
}

static int check_gens(const unsigned g[3])
{
    LTE_CHECK_ARG(g != NULL, "g must not be NULL");
    for (int i = 0; i < 3; i++)
        LTE_CHECK_ARG(g[i] >= 1 && g[i] <= 0177, "g[%d]=0%o outside 01..0177", i, g[i]);
    return 0;
}

static int check_bits(const uint8_t *c, int K)
{
    for (int k = 0; k < K; k++)
        LTE_CHECK_ARG(c[k] <= 1, "c[%d]=%u is not a bit", k, c[k]);
    return 0;
}

int lte_conv_tb_state(const uint8_t *c, int K)
{
    LTE_CHECK_ARG(c != NULL, "c must not be NULL");
    LTE_CHECK_ARG(K >= LTE_CONV_KMIN && K <= LTE_CONV_KMAX, "K=%d outside %d..%d", K,
                  LTE_CONV_KMIN, LTE_CONV_KMAX);
    /* 36.212 §5.1.3.1: s_i = c_{K-1-i}, i = 0..5; s_0 is the newest (bit 5) */
    int s = 0;
    for (int i = 0; i < 6; i++)
        s |= (c[K - 1 - i] & 1) << (5 - i);
    return s;
}

int lte_conv_encode_from(const uint8_t *c, int K, const unsigned g[3], int init_state,
                         uint8_t *d0, uint8_t *d1, uint8_t *d2, int *final_state)
{
    int rc = check_gens(g);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(c && d0 && d1 && d2, "c, d0, d1, d2 must not be NULL");
    LTE_CHECK_ARG(K >= 1 && K <= LTE_CONV_KMAX, "K=%d outside 1..%d", K, LTE_CONV_KMAX);
    LTE_CHECK_ARG(init_state >= 0 && init_state < NS, "init_state=%d outside 0..63",
                  init_state);
    if ((rc = check_bits(c, K)) < 0)
        return rc;

    unsigned s = (unsigned)init_state;
    for (int k = 0; k < K; k++) {
        unsigned r = ((unsigned)c[k] << 6) | s; /* bit 6 = D^0 tap ... bit 0 = D^6 */
        d0[k] = (uint8_t)parity7(r & g[0]);
        d1[k] = (uint8_t)parity7(r & g[1]);
        d2[k] = (uint8_t)parity7(r & g[2]);
        s = r >> 1;
    }
    if (final_state)
        *final_state = (int)s;
    return 0;
}

int lte_conv_encode(const uint8_t *c, int K, const unsigned g[3], uint8_t *d0, uint8_t *d1,
                    uint8_t *d2)
{
    int s = lte_conv_tb_state(c, K);
    if (s < 0)
        return s;
    return lte_conv_encode_from(c, K, g, s, d0, d1, d2, NULL);
}

/* ---- decoder ------------------------------------------------------------ */

struct lte_conv_dec {
    int k_max;
    int max_passes;
    lte_conv_method method;
    unsigned g[3];
    /* out[ns][b]: 3-bit output label (bit i = stream i) of the branch into
     * next state ns from predecessor ((ns & 31) << 1) | b. */
    uint8_t out[NS][2];
    uint64_t *dec;   /* k_max decision words: bit ns = chosen b at that step */
    uint8_t *best;   /* k_max bits: best tail-biting path so far */
};

int lte_conv_dec_create(const lte_conv_dec_cfg *cfg, lte_conv_dec **out)
{
    LTE_CHECK_ARG(out != NULL, "out must not be NULL");
    *out = NULL;
    LTE_CHECK_ARG(cfg != NULL, "cfg must not be NULL");
    int rc = check_gens(cfg->g);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(cfg->k_max >= LTE_CONV_KMIN && cfg->k_max <= LTE_CONV_KMAX,
                  "k_max=%d outside %d..%d", cfg->k_max, LTE_CONV_KMIN, LTE_CONV_KMAX);
    LTE_CHECK_ARG(cfg->method == LTE_CONV_WAVA || cfg->method == LTE_CONV_ML,
                  "method=%d is neither LTE_CONV_WAVA nor LTE_CONV_ML", (int)cfg->method);
    LTE_CHECK_ARG(cfg->max_passes >= 0 && cfg->max_passes <= LTE_CONV_MAX_PASSES,
                  "max_passes=%d outside 0..%d", cfg->max_passes, LTE_CONV_MAX_PASSES);

    lte_conv_dec *d = lte_alloc(sizeof(*d));
    if (!d)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "decoder object");
    d->k_max = cfg->k_max;
    d->max_passes = cfg->max_passes ? cfg->max_passes : LTE_CONV_DEFAULT_PASSES;
    d->method = cfg->method;
    memcpy(d->g, cfg->g, sizeof(d->g));
    d->dec = lte_alloc((size_t)cfg->k_max * sizeof(uint64_t));
    d->best = lte_alloc((size_t)cfg->k_max);
    if (!d->dec || !d->best) {
        lte_conv_dec_destroy(d);
        return lte_error_set_fn(LTE_ENOMEM, __func__, "buffers for k_max=%d", cfg->k_max);
    }
    for (unsigned ns = 0; ns < NS; ns++)
        for (unsigned b = 0; b < 2; b++) {
            unsigned r = ((ns >> 5) << 6) | ((ns & 31) << 1) | b;
            d->out[ns][b] = (uint8_t)(parity7(r & d->g[0]) | parity7(r & d->g[1]) << 1 |
                                      parity7(r & d->g[2]) << 2);
        }
    *out = d;
    return 0;
}

void lte_conv_dec_destroy(lte_conv_dec *dec)
{
    if (!dec)
        return;
    lte_free(dec->dec);
    lte_free(dec->best);
    lte_free(dec);
}

/* One pass over the K steps: pm (in/out) path metrics, org (out) start state
 * of each survivor; decisions into dec->dec. */
static void viterbi_pass_scalar(lte_conv_dec *d, const float *l0, const float *l1,
                                const float *l2, int K, float pm[NS], uint8_t org[NS])
{
    /* ping-pong between the caller's arrays and local ones */
    float buf_pm[NS];
    uint8_t buf_org[NS];
    float *cur = pm, *nxt = buf_pm;
    uint8_t *ocur = org, *onxt = buf_org;
    for (int s = 0; s < NS; s++)
        org[s] = (uint8_t)s;
    for (int k = 0; k < K; k++) {
        float bm[8];
        for (int o = 0; o < 8; o++)
            bm[o] = ((o & 1) ? -l0[k] : l0[k]) + ((o & 2) ? -l1[k] : l1[k]) +
                    ((o & 4) ? -l2[k] : l2[k]);
        uint64_t decw = 0;
        for (int ns = 0; ns < NS; ns++) {
            int p0 = (ns & 31) << 1;
            float m0 = cur[p0] + bm[d->out[ns][0]];
            float m1 = cur[p0 | 1] + bm[d->out[ns][1]];
            int take1 = m1 > m0;
            nxt[ns] = take1 ? m1 : m0;
            onxt[ns] = ocur[p0 | take1];
            decw |= (uint64_t)take1 << ns;
        }
        d->dec[k] = decw;
        float *t = cur;
        cur = nxt;
        nxt = t;
        uint8_t *ot = ocur;
        ocur = onxt;
        onxt = ot;
    }
    if (cur != pm) {
        memcpy(pm, cur, sizeof(buf_pm));
        memcpy(org, ocur, sizeof(buf_org));
    }
}

/* The pass on path p (resolved): the SIMD passes are lane-for-lane the
 * scalar loop (conv_impl.h), so every path gives the same bits and info. */
static void viterbi_pass(lte_conv_dec *d, int p, const float *l0, const float *l1,
                         const float *l2, int K, float pm[NS], uint8_t org[NS])
{
    if (p == LTE_SIMD_AVX512)
        lte_conv_pass_f32_avx512(l0, l1, l2, K, d->out, pm, org, d->dec);
    else if (p == LTE_SIMD_AVX2)
        lte_conv_pass_f32_avx2(l0, l1, l2, K, d->out, pm, org, d->dec);
    else
        viterbi_pass_scalar(d, l0, l1, l2, K, pm, org);
}

/* Input bits of the survivor ending in state s after step K-1. */
static void traceback(const lte_conv_dec *d, int K, int s, uint8_t *c)
{
    for (int k = K - 1; k >= 0; k--) {
        c[k] = (uint8_t)(s >> 5);
        s = ((s & 31) << 1) | (int)((d->dec[k] >> s) & 1);
    }
}

static int argmax_state(const float pm[NS])
{
    int best = 0;
    for (int s = 1; s < NS; s++)
        if (pm[s] > pm[best])
            best = s;
    return best;
}

static int check_llrs(const float *l, int K, const char *name)
{
    for (int k = 0; k < K; k++)
        LTE_CHECK_ARG(isfinite(l[k]), "%s[%d] is not finite", name, k);
    return 0;
}

/* Exact ML: for every start state s0, a Viterbi pass with all other start
 * metrics at -inf, read at end state s0. */
static void decode_ml(lte_conv_dec *dec, int p, const float *l0, const float *l1,
                      const float *l2, int K, uint8_t *c, lte_conv_dec_info *inf)
{
    float pm[NS];
    uint8_t org[NS];
    int best_s = -1;
    float best_m = 0.0f;
    for (int s0 = 0; s0 < NS; s0++) {
        for (int s = 0; s < NS; s++)
            pm[s] = s == s0 ? 0.0f : -INFINITY;
        viterbi_pass(dec, p, l0, l1, l2, K, pm, org);
        if (best_s < 0 || pm[s0] > best_m) {
            best_s = s0;
            best_m = pm[s0];
            traceback(dec, K, s0, c);
        }
    }
    inf->passes = NS;
    inf->tailbiting = 1;
    inf->state = best_s;
    inf->metric = best_m;
}

int lte_conv_dec_run(lte_conv_dec *dec, const float *l0, const float *l1, const float *l2,
                     int K, uint8_t *c, lte_conv_dec_info *info)
{
    return lte_conv_dec_run_ex(dec, l0, l1, l2, K, LTE_SIMD_AUTO, c, info);
}

int lte_conv_dec_run_ex(lte_conv_dec *dec, const float *l0, const float *l1, const float *l2,
                        int K, lte_simd_path path, uint8_t *c, lte_conv_dec_info *info)
{
    LTE_CHECK_ARG(dec != NULL, "dec must not be NULL");
    LTE_CHECK_ARG(l0 && l1 && l2 && c, "l0, l1, l2, c must not be NULL");
    LTE_CHECK_ARG(K >= LTE_CONV_KMIN && K <= dec->k_max, "K=%d outside %d..%d (k_max)", K,
                  LTE_CONV_KMIN, dec->k_max);
    int rc;
    if ((rc = check_llrs(l0, K, "l0")) < 0 || (rc = check_llrs(l1, K, "l1")) < 0 ||
        (rc = check_llrs(l2, K, "l2")) < 0)
        return rc;
    const int p = lte_simd_pick(path);
    if (p < 0)
        return p;

    if (dec->method == LTE_CONV_ML) {
        lte_conv_dec_info inf;
        decode_ml(dec, p, l0, l1, l2, K, c, &inf);
        if (info)
            *info = inf;
        return 0;
    }

    float pm[NS], pm_start[NS];
    uint8_t org[NS];
    for (int s = 0; s < NS; s++)
        pm[s] = 0.0f;

    int have_tb = 0, tb_state = 0, pass;
    float tb_metric = 0.0f;
    for (pass = 1; pass <= dec->max_passes; pass++) {
        /* the wrap: a pass starts from the previous pass's final metrics,
         * shifted so that the best is 0 (bounded; differences unchanged) */
        float top = pm[argmax_state(pm)];
        for (int t = 0; t < NS; t++)
            pm[t] -= top;
        memcpy(pm_start, pm, sizeof(pm));
        viterbi_pass(dec, p, l0, l1, l2, K, pm, org);
        int s = argmax_state(pm);
        if (org[s] == s) { /* best survivor is tail-biting: stop */
            traceback(dec, K, s, c);
            have_tb = 2;
            tb_state = s;
            tb_metric = pm[s] - pm_start[s];
            break;
        }
        /* remember the best tail-biting survivor of all passes */
        for (int t = 0; t < NS; t++) {
            if (org[t] != t)
                continue;
            float m = pm[t] - pm_start[t];
            if (!have_tb || m > tb_metric) {
                have_tb = 1;
                tb_metric = m;
                tb_state = t;
                traceback(dec, K, t, dec->best);
            }
        }
    }

    lte_conv_dec_info inf = {0};
    if (have_tb == 2) {
        inf.passes = pass;
        inf.tailbiting = 1;
        inf.state = tb_state;
        inf.metric = tb_metric;
    } else if (have_tb == 1) {
        memcpy(c, dec->best, (size_t)K);
        inf.passes = dec->max_passes;
        inf.tailbiting = 1;
        inf.state = tb_state;
        inf.metric = tb_metric;
    } else {
        /* no tail-biting survivor at all: best path of the last pass */
        int s = argmax_state(pm);
        traceback(dec, K, s, c);
        inf.passes = dec->max_passes;
        inf.tailbiting = 0;
        inf.state = s;
        inf.metric = pm[s] - pm_start[org[s]];
    }
    if (info)
        *info = inf;
    return 0;
}

/* ---- fixed-point decoder (model in conv.h) ------------------------------- */

static int16_t sat16(int32_t x)
{
    return (int16_t)(x > INT16_MAX ? INT16_MAX : x < INT16_MIN ? INT16_MIN : x);
}

static int64_t pass_i16_scalar(const int8_t *l0, const int8_t *l1, const int8_t *l2, int K,
                               const uint8_t out[NS][2], int16_t pm[NS], uint8_t org[NS],
                               uint64_t *decw)
{
    int16_t npm[NS];
    uint8_t norg[NS];
    int64_t shift = 0;
    for (int s = 0; s < NS; s++)
        org[s] = (uint8_t)s;
    for (int k = 0; k < K; k++) {
        int16_t bm[8];
        for (int o = 0; o < 8; o++)
            bm[o] = (int16_t)(((o & 1) ? -l0[k] : l0[k]) + ((o & 2) ? -l1[k] : l1[k]) +
                              ((o & 4) ? -l2[k] : l2[k]));
        uint64_t w = 0;
        for (int ns = 0; ns < NS; ns++) {
            int p0 = (ns & 31) << 1, p1 = p0 | 1;
            int16_t m0 = sat16(pm[p0] + bm[out[ns][0]]);
            int16_t m1 = sat16(pm[p1] + bm[out[ns][1]]);
            int take1 = m1 > m0;
            npm[ns] = take1 ? m1 : m0;
            norg[ns] = org[take1 ? p1 : p0];
            w |= (uint64_t)take1 << ns;
        }
        decw[k] = w;
        int16_t ref = npm[0];
        for (int s = 0; s < NS; s++)
            pm[s] = sat16(npm[s] - ref);
        shift += ref;
        memcpy(org, norg, sizeof(norg));
    }
    return shift;
}

static int argmax_state_i16(const int16_t pm[NS])
{
    int best = 0;
    for (int s = 1; s < NS; s++)
        if (pm[s] > pm[best])
            best = s;
    return best;
}

int lte_conv_dec_run_i8(lte_conv_dec *dec, const int8_t *l0, const int8_t *l1,
                        const int8_t *l2, int K, lte_simd_path path, uint8_t *c,
                        lte_conv_dec_info *info)
{
    LTE_CHECK_ARG(dec != NULL, "dec must not be NULL");
    LTE_CHECK_ARG(l0 && l1 && l2 && c, "l0, l1, l2, c must not be NULL");
    LTE_CHECK_ARG(K >= LTE_CONV_KMIN && K <= dec->k_max, "K=%d outside %d..%d (k_max)", K,
                  LTE_CONV_KMIN, dec->k_max);
    LTE_CHECK_ARG(dec->method == LTE_CONV_WAVA, "fixed-point decoding implements WAVA only");
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;

    int16_t pm[NS] = {0}, pm_start[NS];
    uint8_t org[NS];
    int have_tb = 0, tb_state = 0, pass;
    int64_t tb_metric = 0, shift = 0;
    for (pass = 1; pass <= dec->max_passes; pass++) {
        memcpy(pm_start, pm, sizeof(pm));
        if (p == LTE_SIMD_SCALAR)
            shift = pass_i16_scalar(l0, l1, l2, K, dec->out, pm, org, dec->dec);
        else
            shift = lte_conv_pass_i16_avx2(l0, l1, l2, K, dec->out, pm, org, dec->dec);
        int s = argmax_state_i16(pm);
        if (org[s] == s) {
            traceback(dec, K, s, c);
            have_tb = 2;
            tb_state = s;
            tb_metric = (int64_t)pm[s] + shift - pm_start[s];
            break;
        }
        for (int t = 0; t < NS; t++) {
            if (org[t] != t)
                continue;
            int64_t m = (int64_t)pm[t] + shift - pm_start[t];
            if (!have_tb || m > tb_metric) {
                have_tb = 1;
                tb_metric = m;
                tb_state = t;
                traceback(dec, K, t, dec->best);
            }
        }
    }

    lte_conv_dec_info inf = {0};
    inf.passes = have_tb == 2 ? pass : dec->max_passes;
    if (have_tb == 1)
        memcpy(c, dec->best, (size_t)K);
    if (have_tb) {
        inf.tailbiting = 1;
        inf.state = tb_state;
        inf.metric = (float)tb_metric;
    } else {
        int s = argmax_state_i16(pm);
        traceback(dec, K, s, c);
        inf.state = s;
        inf.metric = (float)((int64_t)pm[s] + shift - pm_start[org[s]]);
    }
    if (info)
        *info = inf;
    return 0;
}
