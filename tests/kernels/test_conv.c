/* Tests of the tail-biting convolutional encoder and the WAVA Viterbi decoder.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/conv.h"
#include "ltephy/error.h"
#include "tests/common/testutil.h"

static const unsigned LTE_G[3] = {LTE_CONV_G0, LTE_CONV_G1, LTE_CONV_G2};

/* The taps of 36.212 Figure 5.1.3-1 as delays, written out independently of
 * the octal notation: G0 = 133 -> D^0+D^2+D^3+D^5+D^6, G1 = 171 ->
 * D^0+D^1+D^2+D^3+D^6, G2 = 165 -> D^0+D^1+D^2+D^4+D^6. */
static const int TAPS[3][5] = {{0, 2, 3, 5, 6}, {0, 1, 2, 3, 6}, {0, 1, 2, 4, 6}};

/* Independent model: tail biting = circular convolution over GF(2),
 * d_i[k] = sum_j c[(k - tap_j) mod K]. */
static void model_encode(const uint8_t *c, int K, uint8_t *d[3])
{
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < K; k++) {
            int x = 0;
            for (int j = 0; j < 5; j++)
                x ^= c[((k - TAPS[i][j]) % K + K) % K];
            d[i][k] = (uint8_t)x;
        }
}

#define KBIG 1000

static void test_encoder_matches_circular_convolution(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 1);
    static uint8_t c[KBIG], d[3][KBIG], m[3][KBIG];
    uint8_t *dm[3] = {m[0], m[1], m[2]};
    int ks[] = {6, 7, 8, 13, 24, 40, 57, 64, 100, 333, KBIG};
    for (size_t t = 0; t < sizeof(ks) / sizeof(ks[0]); t++) {
        int K = ks[t];
        for (int rep = 0; rep < 5; rep++) {
            tu_random_bits(&r, c, K);
            assert_int_equal(lte_conv_encode(c, K, LTE_G, d[0], d[1], d[2]), 0);
            model_encode(c, K, dm);
            for (int i = 0; i < 3; i++)
                assert_memory_equal(d[i], m[i], (size_t)K);
        }
    }
}

static void test_impulse_response(void **state)
{
    (void)state;
    /* A single 1 at position p produces, in stream i, ones exactly at
     * p + tap (mod K): the generator read off directly. */
    enum { K = 20 };
    uint8_t c[K], d[3][K];
    for (int p = 0; p < K; p++) {
        memset(c, 0, sizeof(c));
        c[p] = 1;
        assert_int_equal(lte_conv_encode(c, K, LTE_G, d[0], d[1], d[2]), 0);
        for (int i = 0; i < 3; i++) {
            uint8_t want[K] = {0};
            for (int j = 0; j < 5; j++)
                want[(p + TAPS[i][j]) % K] = 1;
            assert_memory_equal(d[i], want, K);
        }
    }
}

static void test_start_state_equals_end_state(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 2);
    uint8_t c[80], d[3][80], e[3][80];
    for (int K = 6; K <= 80; K++) {
        tu_random_bits(&r, c, K);
        int s = lte_conv_tb_state(c, K);
        /* s_i = c_{K-1-i} with s_0 the newest bit (bit 5 of the state) */
        int want = 0;
        for (int i = 0; i < 6; i++)
            want = want * 2 + c[K - 1 - i];
        assert_int_equal(s, want);
        int fin = -1;
        assert_int_equal(lte_conv_encode_from(c, K, LTE_G, s, d[0], d[1], d[2], &fin), 0);
        assert_int_equal(fin, s);
        assert_int_equal(lte_conv_encode(c, K, LTE_G, e[0], e[1], e[2]), 0);
        for (int i = 0; i < 3; i++)
            assert_memory_equal(d[i], e[i], (size_t)K);
        /* starting anywhere else changes the first outputs (every generator
         * taps D^6, so the oldest register bit always shows) */
        int other = s ^ 1;
        assert_int_equal(lte_conv_encode_from(c, K, LTE_G, other, d[0], d[1], d[2], &fin), 0);
        assert_int_not_equal(d[0][0], e[0][0]);
    }
}

/* BPSK (0 -> +1) soft values of codeword d with amplitude a. */
static void to_llr(uint8_t *d[3], int K, float a, float *l[3])
{
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < K; k++)
            l[i][k] = d[i][k] ? -a : a;
}

/* Correlation of the tail-biting codeword of c with the soft values. */
static double correlation(const uint8_t *c, int K, float *l[3])
{
    uint8_t d[3][KBIG];
    assert_int_equal(lte_conv_encode(c, K, LTE_G, d[0], d[1], d[2]), 0);
    double m = 0;
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < K; k++)
            m += d[i][k] ? -l[i][k] : l[i][k];
    return m;
}

static lte_conv_dec *make_dec(int k_max, int passes)
{
    lte_conv_dec_cfg cfg = {.k_max = k_max, .g = {LTE_CONV_G0, LTE_CONV_G1, LTE_CONV_G2},
                            .max_passes = passes};
    lte_conv_dec *dec = NULL;
    assert_int_equal(lte_conv_dec_create(&cfg, &dec), 0);
    assert_non_null(dec);
    return dec;
}

static void test_decode_noiseless(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 3);
    lte_conv_dec *dec = make_dec(KBIG, 0);
    static uint8_t c[KBIG], out[KBIG], db[3][KBIG];
    static float lb[3][KBIG];
    uint8_t *d[3] = {db[0], db[1], db[2]};
    float *l[3] = {lb[0], lb[1], lb[2]};
    for (int K = 6; K <= KBIG; K += (K < 130 ? 1 : 87)) {
        for (int rep = 0; rep < 3; rep++) {
            tu_random_bits(&r, c, K);
            assert_int_equal(lte_conv_encode(c, K, LTE_G, d[0], d[1], d[2]), 0);
            to_llr(d, K, 1.0f, l);
            lte_conv_dec_info info;
            assert_int_equal(lte_conv_dec_run(dec, l[0], l[1], l[2], K, out, &info), 0);
            assert_memory_equal(out, c, (size_t)K);
            assert_int_equal(info.tailbiting, 1);
            assert_int_equal(info.state, lte_conv_tb_state(c, K));
            assert_true(fabsf(info.metric - 3.0f * K) < 1e-3f);
        }
    }
    lte_conv_dec_destroy(dec);
}

static void test_decode_hard_errors(void **state)
{
    (void)state;
    /* d_free of the (133,171,165) code is 15, so a maximum-likelihood
     * decoder corrects any 7 errors in a long enough block; WAVA is near-ML.
     * Up to 4 errors, spread at random, must always be corrected. */
    tu_rng r;
    tu_rng_seed(&r, 4);
    lte_conv_dec *dec = make_dec(128, 0);
    uint8_t c[128], out[128], db[3][128];
    float lb[3][128];
    uint8_t *d[3] = {db[0], db[1], db[2]};
    float *l[3] = {lb[0], lb[1], lb[2]};
    int ks[] = {40, 64, 100, 128};
    for (size_t t = 0; t < 4; t++) {
        int K = ks[t];
        for (int rep = 0; rep < 200; rep++) {
            tu_random_bits(&r, c, K);
            assert_int_equal(lte_conv_encode(c, K, LTE_G, d[0], d[1], d[2]), 0);
            int nerr = 1 + rep % 4;
            for (int e = 0; e < nerr; e++) {
                int pos = (int)(tu_rand(&r) % (uint32_t)(3 * K));
                d[pos / K][pos % K] ^= 1; /* may hit the same bit twice: fewer errors */
            }
            to_llr(d, K, 1.0f, l);
            lte_conv_dec_info info;
            assert_int_equal(lte_conv_dec_run(dec, l[0], l[1], l[2], K, out, &info), 0);
            assert_memory_equal(out, c, (size_t)K);
            assert_int_equal(info.tailbiting, 1);
        }
    }
    lte_conv_dec_destroy(dec);
}

static void add_awgn(tu_rng *r, uint8_t *d[3], int K, double ebn0_db, float *l[3])
{
    double R = 1.0 / 3.0;
    double s2 = 1.0 / (2.0 * R * pow(10.0, ebn0_db / 10.0)); /* Es = 1 */
    double sd = sqrt(s2);
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < K; k++) {
            double y = (d[i][k] ? -1.0 : 1.0) + sd * tu_gauss(r);
            l[i][k] = (float)(2.0 * y / s2);
        }
}

static void test_decode_awgn_ber(void **state)
{
    (void)state;
    /* Eb/N0 = 3 dB: uncoded BPSK has BER Q(sqrt(2*10^0.3)) ~ 2.3e-2; the
     * K=7 rate-1/3 code must bring it below 1e-3 (published curves for this
     * code give ~1e-5 at 3 dB for long blocks). */
    tu_rng r;
    tu_rng_seed(&r, 5);
    enum { K = 40, TRIALS = 2000 };
    lte_conv_dec *dec = make_dec(K, 0);
    uint8_t c[K], out[K], db[3][K];
    float lb[3][K];
    uint8_t *d[3] = {db[0], db[1], db[2]};
    float *l[3] = {lb[0], lb[1], lb[2]};
    long errs = 0, raw = 0;
    for (int t = 0; t < TRIALS; t++) {
        tu_random_bits(&r, c, K);
        assert_int_equal(lte_conv_encode(c, K, LTE_G, d[0], d[1], d[2]), 0);
        add_awgn(&r, d, K, 3.0, l);
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < K; k++)
                raw += (l[i][k] < 0) != d[i][k];
        lte_conv_dec_info info;
        assert_int_equal(lte_conv_dec_run(dec, l[0], l[1], l[2], K, out, &info), 0);
        for (int k = 0; k < K; k++)
            errs += out[k] != c[k];
        /* the decoded path is a valid tail-biting path: re-encoding the
         * decoded bits gives a codeword whose correlation is the metric the
         * decoder reports for its path */
        assert_int_equal(info.tailbiting, 1);
        assert_int_equal(info.state, lte_conv_tb_state(out, K));
        assert_true(fabs(correlation(out, K, l) - info.metric) < 1e-3 * (1 + fabs(info.metric)));
    }
    double ber = (double)errs / (K * TRIALS);
    double raw_ber = (double)raw / (3.0 * K * TRIALS);
    /* raw (channel) BER at Es/N0 = 3 - 4.77 dB: Q(sqrt(2/3*10^0.3)) ~ 0.124 */
    assert_true(raw_ber > 0.11 && raw_ber < 0.14);
    print_message("ber %g raw %g\n", ber, raw_ber);
    assert_true(ber < 1e-3);
    lte_conv_dec_destroy(dec);
}

static lte_conv_dec *make_dec_m(int k_max, lte_conv_method m)
{
    lte_conv_dec_cfg cfg = {.k_max = k_max, .g = {LTE_CONV_G0, LTE_CONV_G1, LTE_CONV_G2},
                            .method = m};
    lte_conv_dec *dec = NULL;
    assert_int_equal(lte_conv_dec_create(&cfg, &dec), 0);
    return dec;
}

static void test_ml_matches_brute_force(void **state)
{
    (void)state;
    /* Brute-force maximum likelihood over all 2^K inputs for K = 10 at a
     * noisy operating point. The ML decoder must find a codeword with the
     * brute-force best correlation every time. WAVA can never beat ML (its
     * metric is a real codeword's correlation) and, K = 10 being short for a
     * memory-6 tail-biting trellis, may miss it now and then. */
    tu_rng r;
    tu_rng_seed(&r, 6);
    enum { K = 10, TRIALS = 150 };
    lte_conv_dec *wava = make_dec(K, 0), *ml = make_dec_m(K, LTE_CONV_ML);
    uint8_t c[K], out[K], cand[K], db[3][K];
    float lb[3][K];
    uint8_t *d[3] = {db[0], db[1], db[2]};
    float *l[3] = {lb[0], lb[1], lb[2]};
    int agree = 0;
    for (int t = 0; t < TRIALS; t++) {
        tu_random_bits(&r, c, K);
        assert_int_equal(lte_conv_encode(c, K, LTE_G, d[0], d[1], d[2]), 0);
        add_awgn(&r, d, K, 0.0, l);
        double best = -1e30;
        for (int v = 0; v < (1 << K); v++) {
            for (int k = 0; k < K; k++)
                cand[k] = (uint8_t)((v >> k) & 1);
            double m = correlation(cand, K, l);
            if (m > best)
                best = m;
        }
        double tol = 1e-4 * (1 + fabs(best));
        lte_conv_dec_info info;
        assert_int_equal(lte_conv_dec_run(ml, l[0], l[1], l[2], K, out, &info), 0);
        assert_true(fabs(correlation(out, K, l) - best) < tol);
        assert_true(fabs(info.metric - best) < tol);
        assert_int_equal(info.state, lte_conv_tb_state(out, K));

        assert_int_equal(lte_conv_dec_run(wava, l[0], l[1], l[2], K, out, &info), 0);
        double m = correlation(out, K, l);
        assert_true(m <= best + tol);
        agree += m >= best - tol;
    }
    print_message("WAVA = ML in %d/%d at K=%d\n", agree, TRIALS, K);
    assert_true(agree >= TRIALS * 85 / 100);
    lte_conv_dec_destroy(wava);
    lte_conv_dec_destroy(ml);
}

static void test_wava_near_ml_at_lte_lengths(void **state)
{
    (void)state;
    /* At LTE's lengths (BCH K = 40) WAVA and the exact ML decoder must agree
     * on nearly every block at a block error rate of several percent. */
    tu_rng r;
    tu_rng_seed(&r, 8);
    enum { K = 40, TRIALS = 300 };
    lte_conv_dec *wava = make_dec(K, 0), *ml = make_dec_m(K, LTE_CONV_ML);
    uint8_t c[K], o1[K], o2[K], db[3][K];
    float lb[3][K];
    uint8_t *d[3] = {db[0], db[1], db[2]};
    float *l[3] = {lb[0], lb[1], lb[2]};
    int agree = 0, ml_err = 0;
    for (int t = 0; t < TRIALS; t++) {
        tu_random_bits(&r, c, K);
        assert_int_equal(lte_conv_encode(c, K, LTE_G, d[0], d[1], d[2]), 0);
        add_awgn(&r, d, K, 1.0, l);
        assert_int_equal(lte_conv_dec_run(wava, l[0], l[1], l[2], K, o1, NULL), 0);
        assert_int_equal(lte_conv_dec_run(ml, l[0], l[1], l[2], K, o2, NULL), 0);
        agree += memcmp(o1, o2, K) == 0;
        ml_err += memcmp(o2, c, K) != 0;
        /* ML is never worse in correlation */
        assert_true(correlation(o1, K, l) <= correlation(o2, K, l) + 1e-3);
    }
    print_message("K=%d: WAVA = ML in %d/%d, ML block errors %d\n", K, agree, TRIALS, ml_err);
    assert_true(ml_err > 0); /* the operating point is really noisy */
    assert_true(agree >= TRIALS * 98 / 100);
    lte_conv_dec_destroy(wava);
    lte_conv_dec_destroy(ml);
}

static void test_single_pass_without_tb_survivor_is_flagged(void **state)
{
    (void)state;
    /* With max_passes = 1 and soft values that are not a tail-biting
     * codeword (a zero-tail-style path from state 0 ending elsewhere), the
     * decoder still returns and says whether the path is tail-biting; the
     * flag must agree with a direct check of the returned state. */
    tu_rng r;
    tu_rng_seed(&r, 7);
    enum { K = 30 };
    lte_conv_dec *dec = make_dec(K, 1);
    uint8_t c[K], out[K], db[3][K];
    float lb[3][K];
    uint8_t *d[3] = {db[0], db[1], db[2]};
    float *l[3] = {lb[0], lb[1], lb[2]};
    for (int t = 0; t < 50; t++) {
        tu_random_bits(&r, c, K);
        int fin;
        assert_int_equal(lte_conv_encode_from(c, K, LTE_G, 0, d[0], d[1], d[2], &fin), 0);
        to_llr(d, K, 1.0f, l);
        lte_conv_dec_info info;
        assert_int_equal(lte_conv_dec_run(dec, l[0], l[1], l[2], K, out, &info), 0);
        assert_int_equal(info.passes, 1);
        if (info.tailbiting)
            assert_int_equal(info.state, lte_conv_tb_state(out, K));
        else /* the best survivor: exactly the transmitted non-TB path */
            assert_memory_equal(out, c, K);
    }
    lte_conv_dec_destroy(dec);
}

/* ---- fixed-point decoder ---------------------------------------------- */

static int8_t q8(double x)
{
    double r = nearbyint(x);
    return (int8_t)(r > 127 ? 127 : r < -128 ? -128 : r);
}

static void test_fixed_point_equals_float_on_integer_input(void **state)
{
    (void)state;
    /* On integer soft values the float decoder computes exactly the same
     * numbers (all sums are small integers, exact in float), and its
     * normalisation (subtract the best metric per pass) moves all competing
     * metrics alike, as the fixed-point one (subtract state 0's per step)
     * does. So the float decoder is an independent second implementation of
     * the 16-bit model: bits, state, passes and metric must all agree, on
     * every SIMD path. Inputs: full-range random values (incl. -128, many
     * WAVA passes) and noisy quantised codewords. */
    tu_rng r;
    tu_rng_seed(&r, 9);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    lte_conv_dec *dec = make_dec(200, 0);
    uint8_t c[200], o_f[200], o_q[200], db[3][200];
    int8_t q[3][200];
    float lb[3][200];
    uint8_t *d[3] = {db[0], db[1], db[2]};
    float *l[3] = {lb[0], lb[1], lb[2]};
    int multi_pass = 0, non_tb = 0;
    for (int t = 0; t < 400; t++) {
        int K = 6 + (int)(tu_rand(&r) % 195);
        if (t % 2 == 0) {
            for (int i = 0; i < 3; i++)
                for (int k = 0; k < K; k++)
                    q[i][k] = (int8_t)(tu_rand(&r) & 0xff);
        } else {
            tu_random_bits(&r, c, K);
            assert_int_equal(lte_conv_encode(c, K, LTE_G, d[0], d[1], d[2]), 0);
            add_awgn(&r, d, K, (t % 7) * 0.5, l);
            for (int i = 0; i < 3; i++)
                for (int k = 0; k < K; k++)
                    q[i][k] = q8(8.0 * l[i][k]);
        }
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < K; k++)
                l[i][k] = q[i][k];
        lte_conv_dec_info fi, qi;
        assert_int_equal(lte_conv_dec_run(dec, l[0], l[1], l[2], K, o_f, &fi), 0);
        multi_pass += fi.passes > 1;
        non_tb += !fi.tailbiting;
        for (int p = 0; p < np; p++) {
            memset(o_q, 0xee, sizeof(o_q));
            assert_int_equal(lte_conv_dec_run_i8(dec, q[0], q[1], q[2], K, paths[p], o_q, &qi), 0);
            assert_memory_equal(o_q, o_f, (size_t)K);
            assert_int_equal(qi.passes, fi.passes);
            assert_int_equal(qi.tailbiting, fi.tailbiting);
            assert_int_equal(qi.state, fi.state);
            assert_true(qi.metric == fi.metric);
        }
    }
    /* the random inputs really exercised the wrap-around passes */
    assert_true(multi_pass > 50);
    print_message("fixed point: %d multi-pass blocks, %d without a tail-biting survivor\n",
                  multi_pass, non_tb);
    lte_conv_dec_destroy(dec);
}

static void test_fixed_point_awgn(void **state)
{
    (void)state;
    /* LLRs scaled by 8 and saturated to int8: at Eb/N0 = 3 dB the BER must
     * stay below 1e-3 as for the float decoder */
    tu_rng r;
    tu_rng_seed(&r, 10);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    enum { K = 40, TRIALS = 1000 };
    lte_conv_dec *dec = make_dec(K, 0);
    uint8_t c[K], out[K], db[3][K];
    int8_t q[3][K];
    float lb[3][K];
    uint8_t *d[3] = {db[0], db[1], db[2]};
    float *l[3] = {lb[0], lb[1], lb[2]};
    for (int p = 0; p < np; p++) {
        long errs = 0;
        for (int t = 0; t < TRIALS; t++) {
            tu_random_bits(&r, c, K);
            assert_int_equal(lte_conv_encode(c, K, LTE_G, d[0], d[1], d[2]), 0);
            add_awgn(&r, d, K, 3.0, l);
            for (int i = 0; i < 3; i++)
                for (int k = 0; k < K; k++)
                    q[i][k] = q8(8.0 * l[i][k]);
            assert_int_equal(lte_conv_dec_run_i8(dec, q[0], q[1], q[2], K, paths[p], out, NULL), 0);
            for (int k = 0; k < K; k++)
                errs += out[k] != c[k];
        }
        assert_true((double)errs / (K * TRIALS) < 1e-3);
    }
    lte_conv_dec_destroy(dec);
}

static void test_fixed_point_arguments(void **state)
{
    (void)state;
    int8_t q[16] = {0};
    uint8_t c[16];
    lte_conv_dec *ml = make_dec_m(16, LTE_CONV_ML), *dec = make_dec(16, 0);
    assert_int_equal(lte_conv_dec_run_i8(ml, q, q, q, 16, LTE_SIMD_AUTO, c, NULL), LTE_EINVAL);
    assert_int_equal(lte_conv_dec_run_i8(dec, q, q, q, 17, LTE_SIMD_AUTO, c, NULL), LTE_EINVAL);
    assert_int_equal(lte_conv_dec_run_i8(dec, q, NULL, q, 16, LTE_SIMD_AUTO, c, NULL),
                     LTE_EINVAL);
    assert_int_equal(lte_conv_dec_run_i8(NULL, q, q, q, 16, LTE_SIMD_AUTO, c, NULL), LTE_EINVAL);
    assert_int_equal(lte_conv_dec_run_i8(dec, q, q, q, 16, (lte_simd_path)9, c, NULL),
                     LTE_EINVAL);
    for (int p = LTE_SIMD_AVX2; p <= LTE_SIMD_AVX512; p++)
        if (!lte_simd_available((lte_simd_path)p))
            assert_int_equal(lte_conv_dec_run_i8(dec, q, q, q, 16, (lte_simd_path)p, c, NULL),
                             LTE_EUNSUPPORTED);
    assert_int_equal(lte_conv_dec_run_i8(dec, q, q, q, 16, LTE_SIMD_AUTO, c, NULL), 0);
    lte_conv_dec_destroy(ml);
    lte_conv_dec_destroy(dec);
}

/* Every SIMD path of the float decoder gives the scalar path's bits, state,
 * pass count and metric (the passes do the same float operations lane by
 * lane). Inputs: noisy codewords at several SNRs, pure noise, and small
 * integers with zeros and -0.0 (ties in every add-compare-select, which the
 * strict comparison must settle as the scalar loop does); WAVA with 1..8
 * passes and ML. */
static void test_simd_paths_identical(void **state)
{
    (void)state;
    enum { KM = 300 };
    tu_rng r;
    tu_rng_seed(&r, 77);
    static uint8_t c[KM], ref[KM], out[KM], db[3][KM];
    static float lb[3][KM];
    uint8_t *d[3] = {db[0], db[1], db[2]};
    float *l[3] = {lb[0], lb[1], lb[2]};
    const lte_simd_path paths[] = {LTE_SIMD_AVX2, LTE_SIMD_AVX512};
    int ks[] = {6, 7, 20, 40, 57, 64, 100, KM};
    int compared = 0;
    for (int mode = 0; mode < 4; mode++) /* 0..2: WAVA 1, 4, 8 passes; 3: ML */
        for (size_t t = 0; t < sizeof ks / sizeof ks[0]; t++)
            for (int kind = 0; kind < 3; kind++) {
                int K = ks[t];
                if (mode == 3 && K > 64)
                    continue;
                lte_conv_dec *dec = mode == 3 ? make_dec_m(K, LTE_CONV_ML)
                                              : make_dec(K, mode == 0 ? 1 : mode == 1 ? 4 : 8);
                tu_random_bits(&r, c, K);
                assert_int_equal(lte_conv_encode(c, K, LTE_G, d[0], d[1], d[2]), 0);
                if (kind == 0)
                    add_awgn(&r, d, K, -1.0 + 2.0 * (double)t / 3.0, l);
                for (int i = 0; kind > 0 && i < 3; i++)
                    for (int k = 0; k < K; k++) {
                        if (kind == 1)
                            l[i][k] = (float)tu_gauss(&r);
                        else { /* -2..2, a third of the zeros negative */
                            int v = (int)(tu_uniform(&r) * 5.0) - 2;
                            l[i][k] = v == 0 && tu_uniform(&r) < 0.33 ? -0.0f : (float)v;
                        }
                    }
                lte_conv_dec_info ri, pi;
                assert_int_equal(lte_conv_dec_run_ex(dec, l[0], l[1], l[2], K, LTE_SIMD_SCALAR,
                                                     ref, &ri),
                                 0);
                for (size_t q = 0; q < sizeof paths / sizeof paths[0]; q++) {
                    if (!lte_simd_available(paths[q]))
                        continue;
                    memset(out, 0xAA, sizeof out);
                    assert_int_equal(
                        lte_conv_dec_run_ex(dec, l[0], l[1], l[2], K, paths[q], out, &pi), 0);
                    assert_memory_equal(out, ref, (size_t)K);
                    assert_int_equal(pi.passes, ri.passes);
                    assert_int_equal(pi.tailbiting, ri.tailbiting);
                    assert_int_equal(pi.state, ri.state);
                    assert_memory_equal(&pi.metric, &ri.metric, sizeof(float));
                    compared++;
                }
                lte_conv_dec_destroy(dec);
            }
    print_message("%d decodes compared with the scalar path\n", compared);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    uint8_t c[16] = {0}, d[3][16];
    float l[16] = {0};
    unsigned bad_g[3] = {0133, 0, 0165};
    unsigned big_g[3] = {0133, 0200, 0165};
    assert_int_equal(lte_conv_encode(NULL, 16, LTE_G, d[0], d[1], d[2]), LTE_EINVAL);
    assert_int_equal(lte_conv_encode(c, 5, LTE_G, d[0], d[1], d[2]), LTE_EINVAL);
    assert_int_equal(lte_conv_encode(c, 16, bad_g, d[0], d[1], d[2]), LTE_EINVAL);
    assert_int_equal(lte_conv_encode(c, 16, big_g, d[0], d[1], d[2]), LTE_EINVAL);
    assert_int_equal(lte_conv_encode(c, 16, NULL, d[0], d[1], d[2]), LTE_EINVAL);
    assert_int_equal(lte_conv_encode(c, 16, LTE_G, d[0], NULL, d[2]), LTE_EINVAL);
    c[3] = 2;
    assert_int_equal(lte_conv_encode(c, 16, LTE_G, d[0], d[1], d[2]), LTE_EINVAL);
    c[3] = 0;
    assert_int_equal(lte_conv_encode_from(c, 16, LTE_G, 64, d[0], d[1], d[2], NULL), LTE_EINVAL);
    assert_int_equal(lte_conv_encode_from(c, 0, LTE_G, 0, d[0], d[1], d[2], NULL), LTE_EINVAL);
    assert_int_equal(lte_conv_tb_state(c, 5), LTE_EINVAL);

    lte_conv_dec *dec = (lte_conv_dec *)&c; /* must be overwritten with NULL */
    lte_conv_dec_cfg cfg = {.k_max = 5, .g = {0133, 0171, 0165}};
    assert_int_equal(lte_conv_dec_create(&cfg, &dec), LTE_EINVAL);
    assert_null(dec);
    cfg.k_max = 16;
    cfg.max_passes = LTE_CONV_MAX_PASSES + 1;
    assert_int_equal(lte_conv_dec_create(&cfg, &dec), LTE_EINVAL);
    cfg.max_passes = 0;
    cfg.g[2] = 0;
    assert_int_equal(lte_conv_dec_create(&cfg, &dec), LTE_EINVAL);
    assert_int_equal(lte_conv_dec_create(NULL, &dec), LTE_EINVAL);
    assert_int_equal(lte_conv_dec_create(&cfg, NULL), LTE_EINVAL);
    cfg.g[2] = 0165;
    assert_int_equal(lte_conv_dec_create(&cfg, &dec), 0);
    assert_int_equal(lte_conv_dec_run(dec, l, l, l, 17, c, NULL), LTE_EINVAL);
    assert_int_equal(lte_conv_dec_run(dec, l, l, l, 5, c, NULL), LTE_EINVAL);
    assert_int_equal(lte_conv_dec_run(dec, l, NULL, l, 16, c, NULL), LTE_EINVAL);
    assert_int_equal(lte_conv_dec_run(NULL, l, l, l, 16, c, NULL), LTE_EINVAL);
    l[7] = NAN;
    assert_int_equal(lte_conv_dec_run(dec, l, l, l, 16, c, NULL), LTE_EINVAL);
    l[7] = INFINITY;
    assert_int_equal(lte_conv_dec_run(dec, l, l, l, 16, c, NULL), LTE_EINVAL);
    l[7] = 0;
    /* all-zero (erased) input is legal: some tail-biting path comes out */
    lte_conv_dec_info info;
    assert_int_equal(lte_conv_dec_run(dec, l, l, l, 16, c, &info), 0);
    assert_int_equal(info.tailbiting, 1);
    lte_conv_dec_destroy(dec);
    lte_conv_dec_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encoder_matches_circular_convolution),
        cmocka_unit_test(test_impulse_response),
        cmocka_unit_test(test_start_state_equals_end_state),
        cmocka_unit_test(test_decode_noiseless),
        cmocka_unit_test(test_decode_hard_errors),
        cmocka_unit_test(test_decode_awgn_ber),
        cmocka_unit_test(test_ml_matches_brute_force),
        cmocka_unit_test(test_wava_near_ml_at_lte_lengths),
        cmocka_unit_test(test_single_pass_without_tb_survivor_is_flagged),
        cmocka_unit_test(test_fixed_point_equals_float_on_integer_input),
        cmocka_unit_test(test_fixed_point_awgn),
        cmocka_unit_test(test_fixed_point_arguments),
        cmocka_unit_test(test_simd_paths_identical),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
