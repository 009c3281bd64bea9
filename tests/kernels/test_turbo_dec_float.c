/* Tests of the floating-point turbo decoder (TS 36.212 §5.1.3.2 code).
 *
 * Independent checks:
 *  - the BCJR itself: for K = 16 the exact a-posteriori LLRs of each
 *    constituent code are computed by brute force over all 2^16 inputs
 *    (a test-local shift-register encoder, log-sum-exp in double) and
 *    compared with the decoder's first and second half-iteration (log-MAP
 *    to 1e-4; max-log-MAP equals the max over codewords);
 *  - noiseless codewords from lte_turbo_encode decode to the input for all
 *    188 K of Table 5.1.3-3, both algorithms, both implementations;
 *  - the AVX2 implementation is bit-identical to the plain scalar one
 *    (K = 40, 1056, 6144 with noise, and K = 1..9 for the crossing point);
 *  - a statistical point: log-MAP, K = 6144, rate 1/3, BPSK/AWGN,
 *    Eb/N0 = 1.0 dB, 8 iterations: BER <= 1e-5 (the published waterfall of
 *    the LTE code at K = 6144 lies below 1 dB);
 *  - argument validation and the early-stopping contract.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "ltephy/error.h"
#include "ltephy/rng.h"
#include "ltephy/tables.h"
#include "ltephy/turbo.h"
#include "tests/common/testutil.h"

#define KMAX LTE_TURBO_KMAX
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif
#ifndef UNDER_SANITIZER
#define UNDER_SANITIZER 0
#endif

static const lte_turbo_alg ALGS[2] = {LTE_TURBO_LOG_MAP, LTE_TURBO_MAX_LOG_MAP};

static lte_turbo_dec *make_dec(int k_max, lte_turbo_alg alg, float scale, lte_simd_path path)
{
    lte_turbo_dec_cfg cfg = {.k_max = k_max, .alg = alg, .ext_scale = scale};
    lte_turbo_dec *d = NULL;
    assert_int_equal(lte_turbo_dec_create(&cfg, &d), 0);
    assert_non_null(d);
    assert_int_equal(lte_turbo_dec_set_path(d, path), 0);
    return d;
}

/* The decoder's two implementations: the plain scalar loops (SCALAR) and
 * the AVX2 form (selected by the AVX2 and AVX512 paths), if the CPU has it. */
static int dec_paths(lte_simd_path out[2])
{
    lte_simd_path p[3];
    int n = tu_paths(p);
    out[0] = LTE_SIMD_SCALAR;
    if (n > 1) {
        out[1] = p[1];
        return 2;
    }
    return 1;
}

/* ---- brute-force MAP of one constituent code ----------------------------- */

/* Test-local RSC encoder, Figure 5.1.3-2 read literally: registers r1 r2 r3,
 * feedback a = u + r2 + r3, parity z = a + r1 + r3; three tail steps whose
 * input is the feedback (x = r2 + r3, so a = 0), §5.1.3.2.2. */
static void rsc_encode(const uint8_t *u, int K, uint8_t *z, uint8_t tx[3], uint8_t tz[3])
{
    int r1 = 0, r2 = 0, r3 = 0;
    for (int k = 0; k < K; k++) {
        int a = u[k] ^ r2 ^ r3;
        z[k] = (uint8_t)(a ^ r1 ^ r3);
        r3 = r2;
        r2 = r1;
        r1 = a;
    }
    for (int t = 0; t < 3; t++) {
        tx[t] = (uint8_t)(r2 ^ r3);
        tz[t] = (uint8_t)(r1 ^ r3);
        r3 = r2;
        r2 = r1;
        r1 = 0;
    }
}

static double log_add(double a, double b)
{
    double m = a > b ? a : b;
    if (m == -INFINITY)
        return m;
    return m + log1p(exp(-fabs(a - b)));
}

/* Exact MAP (logmap = 1) or max-log (0) a-posteriori LLRs of u_k for one
 * constituent code: sys = systematic LLRs, apri = a-priori LLRs (both on
 * u_k), par = parity LLRs, tails as in the code's tail order. */
static void brute_force_app(int K, const float *sys, const float *apri, const float *par,
                            const float tail_x[3], const float tail_z[3], int logmap,
                            double *out)
{
    double num[32], den[32];
    for (int k = 0; k < K; k++)
        num[k] = den[k] = -INFINITY;
    uint8_t u[32], z[32], tx[3], tz[3];
    for (uint32_t w = 0; w < (1u << K); w++) {
        for (int k = 0; k < K; k++)
            u[k] = (uint8_t)((w >> k) & 1);
        rsc_encode(u, K, z, tx, tz);
        /* log P(codeword | LLRs) up to a constant: sum of (1-2b) L / 2 */
        double m = 0;
        for (int k = 0; k < K; k++)
            m += 0.5 * ((1 - 2 * u[k]) * ((double)sys[k] + apri[k]) + (1 - 2 * z[k]) * par[k]);
        for (int t = 0; t < 3; t++)
            m += 0.5 * ((1 - 2 * tx[t]) * tail_x[t] + (1 - 2 * tz[t]) * tail_z[t]);
        for (int k = 0; k < K; k++) {
            double *acc = u[k] ? &den[k] : &num[k];
            *acc = logmap ? log_add(*acc, m) : (m > *acc ? m : *acc);
        }
    }
    for (int k = 0; k < K; k++)
        out[k] = num[k] - den[k];
}

#define BF_K 16

typedef struct bf_trace {
    float lapp[2][BF_K], ext[2][BF_K];
    int calls;
} bf_trace;

static void record_first_iteration(int iter, int half, int K, const float *lapp,
                                   const float *ext, void *arg)
{
    bf_trace *t = arg;
    t->calls++;
    if (iter == 1) {
        memcpy(t->lapp[half], lapp, (size_t)K * sizeof(float));
        memcpy(t->ext[half], ext, (size_t)K * sizeof(float));
    }
}

static void test_bcjr_equals_brute_force(void **state)
{
    (void)state;
    const int K = BF_K;
    /* QPP with f1 = 3, f2 = 4 is a permutation for K = 16 (f1 odd, f2 even) */
    uint16_t pi[BF_K];
    for (int i = 0; i < K; i++)
        pi[i] = (uint16_t)((3 * i + 4 * i * i) % K);
    tu_rng r;
    tu_rng_seed(&r, 2024);
    lte_simd_path paths[2];
    int np = dec_paths(paths);
    double worst[2] = {0, 0};
    for (int trial = 0; trial < 3; trial++) {
        /* noisy LLRs of a random codeword's positions: just random values of
         * mixed sign and size is enough for an exact comparison */
        float l[3][BF_K + 4];
        for (int s = 0; s < 3; s++)
            for (int i = 0; i < K + 4; i++)
                l[s][i] = (float)(2.5 * tu_gauss(&r) + (trial == 2 ? 3.0 : 0.5));
        float tx1[3] = {l[0][K], l[2][K], l[1][K + 1]}, tz1[3] = {l[1][K], l[0][K + 1], l[2][K + 1]};
        float tx2[3] = {l[0][K + 2], l[2][K + 2], l[1][K + 3]};
        float tz2[3] = {l[1][K + 2], l[0][K + 3], l[2][K + 3]};
        for (int a = 0; a < 2; a++) {
            int logmap = ALGS[a] == LTE_TURBO_LOG_MAP;
            float scale = logmap ? 1.0f : 0.7f;
            for (int p = 0; p < np; p++) {
                lte_turbo_dec *d = make_dec(64, ALGS[a], scale, paths[p]);
                bf_trace tr = {.calls = 0};
                assert_int_equal(lte_turbo_dec_set_trace(d, record_first_iteration, &tr), 0);
                uint8_t c[BF_K];
                int it = 0;
                assert_int_equal(
                    lte_turbo_dec_run(d, l[0], l[1], l[2], K, pi, 2, NULL, NULL, c, &it), 0);
                assert_int_equal(it, 2);
                assert_int_equal(tr.calls, 4);

                /* half 0: SISO 1, no a priori */
                float zero[BF_K] = {0};
                double app[BF_K];
                brute_force_app(K, l[0], zero, l[1], tx1, tz1, logmap, app);
                for (int k = 0; k < K; k++) {
                    double e = fabs(tr.lapp[0][k] - app[k]);
                    worst[a] = e > worst[a] ? e : worst[a];
                    assert_true(e < 1e-4);
                    /* extrinsic = scale * (a posteriori - systematic - a priori) */
                    assert_float_equal(tr.ext[0][k], scale * (tr.lapp[0][k] - l[0][k]), 1e-5);
                }
                /* half 1: SISO 2 on c'_i = c_pi[i], a priori = ext of half 0 */
                float sys2[BF_K], apri2[BF_K];
                for (int i = 0; i < K; i++) {
                    sys2[i] = l[0][pi[i]];
                    apri2[i] = tr.ext[0][pi[i]];
                }
                brute_force_app(K, sys2, apri2, l[2], tx2, tz2, logmap, app);
                for (int i = 0; i < K; i++) {
                    double e = fabs(tr.lapp[1][i] - app[i]);
                    worst[a] = e > worst[a] ? e : worst[a];
                    assert_true(e < 1e-4);
                }
                lte_turbo_dec_destroy(d);
            }
        }
    }
    print_message("brute-force MAP: max |LLR error| log-MAP %.2e, max-log %.2e\n", worst[0],
                  worst[1]);
}

/* ---- noiseless codewords, all 188 K --------------------------------------- */

static void to_llr(const uint8_t *bits, int n, float mag, float *l)
{
    for (int i = 0; i < n; i++)
        l[i] = bits[i] ? -mag : mag;
}

static void test_noiseless_all_k(void **state)
{
    (void)state;
    uint8_t *c = malloc(KMAX), *out = malloc(KMAX);
    uint8_t *d[3];
    float *l[3];
    uint16_t *pi = malloc(KMAX * sizeof *pi);
    for (int s = 0; s < 3; s++) {
        d[s] = malloc(KMAX + 4);
        l[s] = malloc((KMAX + 4) * sizeof(float));
    }
    lte_simd_path paths[2];
    int np = dec_paths(paths);
    tu_rng r;
    tu_rng_seed(&r, 7);
    for (int a = 0; a < 2; a++)
        for (int p = 0; p < np; p++) {
            lte_turbo_dec *dec = make_dec(KMAX, ALGS[a], 1.0f, paths[p]);
            for (int i = 1; i <= LTE_TURBO_NUM_K; i++) {
                int K = lte_turbo_k(i);
                assert_int_equal(lte_qpp_interleaver(K, pi), 0);
                tu_random_bits(&r, c, K);
                assert_int_equal(lte_turbo_encode(c, K, pi, d[0], d[1], d[2]), 0);
                for (int s = 0; s < 3; s++)
                    to_llr(d[s], K + 4, 20.0f, l[s]);
                int it = 0;
                assert_int_equal(
                    lte_turbo_dec_run(dec, l[0], l[1], l[2], K, pi, 2, NULL, NULL, out, &it), 0);
                assert_int_equal(it, 2);
                assert_memory_equal(out, c, (size_t)K);
            }
            lte_turbo_dec_destroy(dec);
        }
    for (int s = 0; s < 3; s++) {
        free(d[s]);
        free(l[s]);
    }
    free(c);
    free(out);
    free(pi);
}

/* All soft values erased (0): by symmetry every a-posteriori LLR is exactly
 * 0, and ties decide bit 0. */
static void test_all_erased_ties_to_zero(void **state)
{
    (void)state;
    const int K = 40;
    uint16_t pi[40];
    assert_int_equal(lte_qpp_interleaver(K, pi), 0);
    float l[3][44];
    memset(l, 0, sizeof l);
    uint8_t c[40];
    memset(c, 1, sizeof c);
    float lapp[40];
    for (int a = 0; a < 2; a++) {
        lte_turbo_dec *d = make_dec(K, ALGS[a], 1.0f, LTE_SIMD_AUTO);
        assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, pi, 3, NULL, NULL, c, NULL), 0);
        assert_int_equal(lte_turbo_dec_llr(d, lapp, K), 0);
        for (int k = 0; k < K; k++) {
            assert_true(lapp[k] == 0.0f);
            assert_int_equal(c[k], 0);
        }
        lte_turbo_dec_destroy(d);
    }
}

/* ---- the vector code is the scalar code ---------------------------------- */

static void noisy_block(uint64_t seed, int K, const uint16_t *pi, float ebn0_db, uint8_t *c,
                        float *l[3])
{
    uint8_t *d[3];
    for (int s = 0; s < 3; s++)
        d[s] = malloc((size_t)K + 4);
    lte_rng r;
    lte_rng_seed(&r, seed);
    lte_rng_bits(&r, c, K);
    assert_int_equal(lte_turbo_encode(c, K, pi, d[0], d[1], d[2]), 0);
    /* BPSK 0 -> +1, AWGN of variance s2 = 1/(2 R Eb/N0), R = 1/3; L = 2y/s2 */
    double s2 = 1.0 / (2.0 / 3.0 * pow(10.0, ebn0_db / 10.0));
    for (int s = 0; s < 3; s++) {
        to_llr(d[s], K + 4, 1.0f, l[s]);
        lte_rng_add_gauss(&r, l[s], K + 4, (float)sqrt(s2));
        for (int i = 0; i < K + 4; i++)
            l[s][i] *= (float)(2.0 / s2);
        free(d[s]);
    }
}

static void test_vector_equals_scalar(void **state)
{
    (void)state;
    lte_simd_path paths[2];
    if (dec_paths(paths) < 2) {
        print_message("only the scalar path on this CPU: nothing to compare\n");
        return;
    }
    const int ks[] = {40, 1056, 6144};
    float *l[3], *lapp_s = malloc(KMAX * sizeof(float)), *lapp_v = malloc(KMAX * sizeof(float));
    for (int s = 0; s < 3; s++)
        l[s] = malloc((KMAX + 4) * sizeof(float));
    uint8_t *c = malloc(KMAX), *cs = malloc(KMAX), *cv = malloc(KMAX);
    uint16_t *pi = malloc(KMAX * sizeof *pi);
    for (unsigned t = 0; t < ARRAY_LEN(ks); t++) {
        int K = ks[t];
        assert_int_equal(lte_qpp_interleaver(K, pi), 0);
        /* 3 dB for K = 1056: large metric differences, where the AVX2 code
         * skips corrections that are exactly 0 */
        noisy_block(100 + t, K, pi, K == 1056 ? 3.0f : 0.6f, c, l);
        for (int a = 0; a < 2; a++) {
            float scale = a ? 0.7f : 1.0f;
            lte_turbo_dec *ds = make_dec(K, ALGS[a], scale, LTE_SIMD_SCALAR);
            lte_turbo_dec *dv = make_dec(K, ALGS[a], scale, paths[1]);
            int is = 0, iv = 0;
            assert_int_equal(lte_turbo_dec_run(ds, l[0], l[1], l[2], K, pi, 4, NULL, NULL, cs, &is), 0);
            assert_int_equal(lte_turbo_dec_run(dv, l[0], l[1], l[2], K, pi, 4, NULL, NULL, cv, &iv), 0);
            assert_int_equal(lte_turbo_dec_llr(ds, lapp_s, K), 0);
            assert_int_equal(lte_turbo_dec_llr(dv, lapp_v, K), 0);
            assert_memory_equal(lapp_s, lapp_v, (size_t)K * sizeof(float));
            assert_memory_equal(cs, cv, (size_t)K);
            lte_turbo_dec_destroy(ds);
            lte_turbo_dec_destroy(dv);
        }
    }
    /* odd and tiny K with an arbitrary permutation: the crossing point of
     * the vector schedule moves */
    for (int K = 1; K <= 9; K++) {
        for (int i = 0; i < K; i++)
            pi[i] = (uint16_t)((i * 5 + 2) % K);
        if (K % 5 == 0)
            for (int i = 0; i < K; i++)
                pi[i] = (uint16_t)(K - 1 - i);
        tu_rng r;
        tu_rng_seed(&r, (uint64_t)K);
        for (int s = 0; s < 3; s++)
            for (int i = 0; i < K + 4; i++)
                l[s][i] = (float)(3.0 * tu_gauss(&r));
        for (int a = 0; a < 2; a++) {
            lte_turbo_dec *ds = make_dec(16, ALGS[a], 1.0f, LTE_SIMD_SCALAR);
            lte_turbo_dec *dv = make_dec(16, ALGS[a], 1.0f, paths[1]);
            assert_int_equal(lte_turbo_dec_run(ds, l[0], l[1], l[2], K, pi, 3, NULL, NULL, cs, NULL), 0);
            assert_int_equal(lte_turbo_dec_run(dv, l[0], l[1], l[2], K, pi, 3, NULL, NULL, cv, NULL), 0);
            assert_int_equal(lte_turbo_dec_llr(ds, lapp_s, K), 0);
            assert_int_equal(lte_turbo_dec_llr(dv, lapp_v, K), 0);
            assert_memory_equal(lapp_s, lapp_v, (size_t)K * sizeof(float));
            lte_turbo_dec_destroy(ds);
            lte_turbo_dec_destroy(dv);
        }
    }
    for (int s = 0; s < 3; s++)
        free(l[s]);
    free(lapp_s);
    free(lapp_v);
    free(c);
    free(cs);
    free(cv);
    free(pi);
}

/* ---- BER at 1.0 dB --------------------------------------------------------- */

/* 300 blocks x 6144 bits = 1.8e6 bits (3000 blocks for a tighter claim:
 * `ltephy sim --mode coding --ebn0 1:1:1 --blocks 3000 --min-errors 0`).
 * Under the sanitizers 30 blocks keep the run time sensible. Each block has
 * its own seed, so the counts do not depend on the thread count. */
static void test_ber_logmap_1db(void **state)
{
    (void)state;
    const int K = 6144, blocks = UNDER_SANITIZER ? 30 : 300;
    uint16_t *pi = malloc(K * sizeof *pi);
    assert_int_equal(lte_qpp_interleaver(K, pi), 0);
    long bit_errors = 0, block_errors = 0;
    int failures = 0;
#pragma omp parallel reduction(+ : bit_errors, block_errors, failures)
    {
        lte_turbo_dec *d = NULL;
        lte_turbo_dec_cfg cfg = {.k_max = K, .alg = LTE_TURBO_LOG_MAP, .ext_scale = 1.0f};
        float *l[3];
        for (int s = 0; s < 3; s++)
            l[s] = malloc((K + 4) * sizeof(float));
        uint8_t *c = malloc(K), *out = malloc(K);
        if (lte_turbo_dec_create(&cfg, &d) < 0)
            failures++;
#pragma omp for schedule(dynamic)
        for (int b = 0; b < blocks; b++) {
            if (!d)
                continue;
            noisy_block(0x7e57ULL * 1000003ULL + (uint64_t)b, K, pi, 1.0f, c, l);
            if (lte_turbo_dec_run(d, l[0], l[1], l[2], K, pi, 8, NULL, NULL, out, NULL) < 0) {
                failures++;
                continue;
            }
            int e = 0;
            for (int k = 0; k < K; k++)
                e += out[k] != c[k];
            bit_errors += e;
            block_errors += e > 0;
        }
        lte_turbo_dec_destroy(d);
        for (int s = 0; s < 3; s++)
            free(l[s]);
        free(c);
        free(out);
    }
    free(pi);
    double ber = (double)bit_errors / ((double)blocks * K);
    print_message("log-MAP K=6144 8 it Eb/N0=1.0 dB: %d blocks, %ld bit errors (BER %.2e), "
                  "%ld block errors\n", blocks, bit_errors, ber, block_errors);
    assert_int_equal(failures, 0);
    assert_true(ber <= 1e-5);
}

/* ---- early stopping --------------------------------------------------------- */

typedef struct stop_ctx {
    int calls;
    int stop_at;           /* stop when calls reaches this (0: never) */
    const uint8_t *truth;  /* if set: stop when c equals it */
    int saw_truth;
} stop_ctx;

static int stop_cb(const uint8_t *c, int K, void *arg)
{
    stop_ctx *s = arg;
    s->calls++;
    if (s->truth) {
        s->saw_truth = memcmp(c, s->truth, (size_t)K) == 0;
        return s->saw_truth;
    }
    return s->stop_at && s->calls >= s->stop_at;
}

static void test_early_stop(void **state)
{
    (void)state;
    const int K = 1024;
    uint16_t pi[1024];
    assert_int_equal(lte_qpp_interleaver(K, pi), 0);
    float *l[3];
    for (int s = 0; s < 3; s++)
        l[s] = malloc((K + 4) * sizeof(float));
    uint8_t c[1024], out[1024];
    noisy_block(55, K, pi, 0.8f, c, l);
    lte_turbo_dec *d = make_dec(K, LTE_TURBO_LOG_MAP, 1.0f, LTE_SIMD_AUTO);
    int it = -1;

    stop_ctx never = {.stop_at = 0};
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, pi, 6, stop_cb, &never, out, &it), 0);
    assert_int_equal(it, 6);
    assert_int_equal(never.calls, 6); /* called after every full iteration */

    stop_ctx third = {.stop_at = 3};
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, pi, 6, stop_cb, &third, out, &it), 0);
    assert_int_equal(it, 3);
    assert_int_equal(third.calls, 3);
    /* stopping after 3 gives the same result as max_iter = 3 */
    uint8_t out3[1024];
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, pi, 3, NULL, NULL, out3, &it), 0);
    assert_int_equal(it, 3);
    assert_memory_equal(out, out3, K);

    /* a CRC-like genie: stops as soon as the decisions are right, and the
     * output is what the callback saw */
    stop_ctx genie = {.truth = c};
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, pi, 8, stop_cb, &genie, out, &it), 0);
    assert_true(genie.saw_truth);
    assert_int_equal(it, genie.calls);
    assert_true(it < 8);
    assert_memory_equal(out, c, K);

    /* iterations may be NULL */
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, pi, 2, NULL, NULL, out, NULL), 0);
    lte_turbo_dec_destroy(d);
    for (int s = 0; s < 3; s++)
        free(l[s]);
}

/* ---- bad arguments -------------------------------------------------------- */

static void test_bad_args(void **state)
{
    (void)state;
    lte_turbo_dec *d = NULL;
    lte_turbo_dec_cfg ok = {.k_max = 64, .alg = LTE_TURBO_LOG_MAP, .ext_scale = 1.0f};
    assert_int_equal(lte_turbo_dec_create(NULL, &d), LTE_EINVAL);
    assert_null(d);
    assert_int_equal(lte_turbo_dec_create(&ok, NULL), LTE_EINVAL);
    lte_turbo_dec_cfg bad = ok;
    bad.k_max = 0;
    assert_int_equal(lte_turbo_dec_create(&bad, &d), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "k_max"));
    bad.k_max = KMAX + 1;
    assert_int_equal(lte_turbo_dec_create(&bad, &d), LTE_EINVAL);
    bad = ok;
    bad.alg = (lte_turbo_alg)7;
    assert_int_equal(lte_turbo_dec_create(&bad, &d), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "alg"));
    const float scales[] = {0.0f, -0.5f, 1.5f, NAN, INFINITY};
    for (unsigned i = 0; i < ARRAY_LEN(scales); i++) {
        bad = ok;
        bad.ext_scale = scales[i];
        assert_int_equal(lte_turbo_dec_create(&bad, &d), LTE_EINVAL);
        assert_non_null(strstr(lte_errdetail(), "ext_scale"));
        assert_null(d);
    }
    lte_turbo_dec_destroy(NULL); /* no-op */

    assert_int_equal(lte_turbo_dec_create(&ok, &d), 0);
    const int K = 40;
    uint16_t pi[64];
    assert_int_equal(lte_qpp_interleaver(K, pi), 0);
    float l[3][68] = {{0}};
    uint8_t c[64];
    float lapp[64];
    /* llr before any run */
    assert_int_equal(lte_turbo_dec_llr(d, lapp, K), LTE_EINVAL);
    assert_int_equal(lte_turbo_dec_run(NULL, l[0], l[1], l[2], K, pi, 1, NULL, NULL, c, NULL), LTE_EINVAL);
    assert_int_equal(lte_turbo_dec_run(d, NULL, l[1], l[2], K, pi, 1, NULL, NULL, c, NULL), LTE_EINVAL);
    assert_int_equal(lte_turbo_dec_run(d, l[0], NULL, l[2], K, pi, 1, NULL, NULL, c, NULL), LTE_EINVAL);
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], NULL, K, pi, 1, NULL, NULL, c, NULL), LTE_EINVAL);
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, NULL, 1, NULL, NULL, c, NULL), LTE_EINVAL);
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, pi, 1, NULL, NULL, NULL, NULL), LTE_EINVAL);
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], 0, pi, 1, NULL, NULL, c, NULL), LTE_EINVAL);
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], 65, pi, 1, NULL, NULL, c, NULL), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "K=65"));
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, pi, 0, NULL, NULL, c, NULL), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "max_iter"));
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, pi, 1000, NULL, NULL, c, NULL), LTE_EINVAL);
    /* pi must be a permutation of 0..K-1 */
    uint16_t bad_pi[64];
    memcpy(bad_pi, pi, sizeof bad_pi);
    bad_pi[5] = bad_pi[6];
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, bad_pi, 1, NULL, NULL, c, NULL), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "permutation"));
    memcpy(bad_pi, pi, sizeof bad_pi);
    bad_pi[3] = (uint16_t)K;
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, bad_pi, 1, NULL, NULL, c, NULL), LTE_EINVAL);
    /* soft values must be finite (and below 1e20 in magnitude) */
    l[1][K + 3] = NAN;
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, pi, 1, NULL, NULL, c, NULL), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "l1[43]"));
    l[1][K + 3] = 0.0f;
    l[2][0] = -INFINITY;
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, pi, 1, NULL, NULL, c, NULL), LTE_EINVAL);
    l[2][0] = 0.0f;
    l[0][7] = 3e20f;
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, pi, 1, NULL, NULL, c, NULL), LTE_EINVAL);
    l[0][7] = 1e19f; /* huge but allowed: decodes without NaN */
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, pi, 2, NULL, NULL, c, NULL), 0);
    assert_int_equal(lte_turbo_dec_llr(d, lapp, K), 0);
    for (int k = 0; k < K; k++)
        assert_false(isnan(lapp[k]));
    assert_int_equal(c[7], 0);
    l[0][7] = 0.0f;
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, bad_pi, 1, NULL, NULL, c, NULL), LTE_EINVAL);
    /* a failed run leaves no stale LLRs behind */
    assert_int_equal(lte_turbo_dec_llr(d, lapp, K), LTE_EINVAL);
    /* a good run, then llr with the wrong K */
    assert_int_equal(lte_turbo_dec_run(d, l[0], l[1], l[2], K, pi, 1, NULL, NULL, c, NULL), 0);
    assert_int_equal(lte_turbo_dec_llr(d, lapp, K), 0);
    assert_int_equal(lte_turbo_dec_llr(d, lapp, K + 8), LTE_EINVAL);
    assert_int_equal(lte_turbo_dec_llr(d, NULL, K), LTE_EINVAL);
    assert_int_equal(lte_turbo_dec_llr(NULL, lapp, K), LTE_EINVAL);
    assert_int_equal(lte_turbo_dec_set_trace(NULL, NULL, NULL), LTE_EINVAL);
    assert_int_equal(lte_turbo_dec_set_path(NULL, LTE_SIMD_SCALAR), LTE_EINVAL);
    assert_int_equal(lte_turbo_dec_set_path(d, (lte_simd_path)9), LTE_EINVAL);
    for (int p = LTE_SIMD_AVX2; p <= LTE_SIMD_AVX512; p++)
        if (!lte_simd_available((lte_simd_path)p))
            assert_int_equal(lte_turbo_dec_set_path(d, (lte_simd_path)p), LTE_EUNSUPPORTED);
    lte_turbo_dec_destroy(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bcjr_equals_brute_force),
        cmocka_unit_test(test_noiseless_all_k),
        cmocka_unit_test(test_all_erased_ties_to_zero),
        cmocka_unit_test(test_vector_equals_scalar),
        cmocka_unit_test(test_early_stop),
        cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_ber_logmap_1db),
    };
    if (getenv("TEST_FILTER"))
        cmocka_set_test_filter(getenv("TEST_FILTER"));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
