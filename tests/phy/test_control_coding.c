/* Tests of BCH, DCI, CFI and HI channel coding (36.212 §5.3.1, §5.3.3-5).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/control.h"
#include "ltephy/error.h"
#include "tests/common/testutil.h"

/* ---- independent models --------------------------------------------------- */

/* CRC16 of §5.1.1, g(D) = D^16 + D^12 + D^5 + 1, one bit at a time. */
static unsigned model_crc16(const uint8_t *a, int A)
{
    unsigned reg = 0;
    for (int k = 0; k < A; k++) {
        unsigned fb = ((reg >> 15) & 1) ^ a[k];
        reg = (reg << 1) & 0xffff;
        if (fb)
            reg ^= (1u << 12) | (1u << 5) | 1u;
    }
    return reg;
}

/* Tail-biting convolution as circular convolution with the taps of Figure
 * 5.1.3-1 (G0 = 133, G1 = 171, G2 = 165 octal). */
static void model_tbcc(const uint8_t *c, int K, uint8_t *d0, uint8_t *d1, uint8_t *d2)
{
    static const int taps[3][5] = {{0, 2, 3, 5, 6}, {0, 1, 2, 3, 6}, {0, 1, 2, 4, 6}};
    uint8_t *d[3] = {d0, d1, d2};
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < K; k++) {
            int x = 0;
            for (int j = 0; j < 5; j++)
                x ^= c[(k - taps[i][j] + K) % K];
            d[i][k] = (uint8_t)x;
        }
}

/* Mask sequence x_0..x_15 -> integer with x_0 most significant. */
static unsigned seq_to_mask(const uint8_t x[16])
{
    unsigned m = 0;
    for (int i = 0; i < 16; i++)
        m = (m << 1) | x[i];
    return m;
}

/* a -> CRC -> mask -> TBCC (models) -> the library's rate matcher (tested on
 * its own in test_ratematch_conv). */
static void model_ctrl_encode(const uint8_t *a, int A, const uint8_t x[16], int E, uint8_t *e)
{
    uint8_t c[256], d[3][256];
    memcpy(c, a, (size_t)A);
    unsigned p = model_crc16(a, A);
    for (int i = 0; i < 16; i++)
        c[A + i] = (uint8_t)(((p >> (15 - i)) & 1) ^ x[i]);
    model_tbcc(c, A + 16, d[0], d[1], d[2]);
    assert_int_equal(lte_ratematch_conv(d[0], d[1], d[2], A + 16, E, e), 0);
}

static void to_llr(const uint8_t *e, int E, float *l)
{
    for (int k = 0; k < E; k++)
        l[k] = e[k] ? -1.0f : 1.0f;
}

static void awgn_llr(tu_rng *r, const uint8_t *e, int E, double esn0_db, float *l)
{
    double s2 = 1.0 / (2.0 * pow(10.0, esn0_db / 10.0));
    for (int k = 0; k < E; k++) {
        double y = (e[k] ? -1.0 : 1.0) + sqrt(s2) * tu_gauss(r);
        l[k] = (float)(2.0 * y / s2);
    }
}

static lte_ctrl_dec *make_dec(void)
{
    lte_ctrl_dec *dec = NULL;
    assert_int_equal(lte_ctrl_dec_create(&dec), 0);
    assert_non_null(dec);
    return dec;
}

/* ---- BCH ----------------------------------------------------------------- */

/* Table 5.3.1.1-1 as sequences */
static void port_seq(int n, uint8_t x[16])
{
    for (int i = 0; i < 16; i++)
        x[i] = n == 1 ? 0 : n == 2 ? 1 : (uint8_t)(i & 1);
}

static void test_bch_port_masks(void **state)
{
    (void)state;
    int ns[3] = {1, 2, 4};
    for (int t = 0; t < 3; t++) {
        uint8_t x[16];
        uint16_t m;
        port_seq(ns[t], x);
        assert_int_equal(lte_bch_port_mask(ns[t], &m), 0);
        assert_int_equal(m, seq_to_mask(x));
    }
    uint16_t m;
    assert_int_equal(lte_bch_port_mask(3, &m), LTE_EINVAL);
    assert_int_equal(lte_bch_port_mask(1, NULL), LTE_EINVAL);
}

static void test_bch_encode_matches_model(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 21);
    static uint8_t e[1920], m[1920];
    uint8_t mib[24], x[16];
    int ns[3] = {1, 2, 4}, es[2] = {LTE_BCH_E_NORMAL, LTE_BCH_E_EXTENDED};
    for (int t = 0; t < 3; t++)
        for (int u = 0; u < 2; u++)
            for (int rep = 0; rep < 4; rep++) {
                tu_random_bits(&r, mib, 24);
                port_seq(ns[t], x);
                assert_int_equal(lte_bch_encode(mib, ns[t], es[u], e), 0);
                model_ctrl_encode(mib, 24, x, es[u], m);
                assert_memory_equal(e, m, (size_t)es[u]);
            }
}

static void test_bch_round_trip_and_port_detection(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 22);
    lte_ctrl_dec *dec = make_dec();
    static uint8_t e[1920];
    static float l[1920];
    uint8_t mib[24], out[24];
    int ns[3] = {1, 2, 4}, es[2] = {LTE_BCH_E_NORMAL, LTE_BCH_E_EXTENDED};
    for (int t = 0; t < 3; t++)
        for (int u = 0; u < 2; u++)
            for (int rep = 0; rep < 5; rep++) {
                int E = es[u];
                tu_random_bits(&r, mib, 24);
                assert_int_equal(lte_bch_encode(mib, ns[t], E, e), 0);
                if (rep < 2)
                    to_llr(e, E, l);
                else /* moderate noise: Es/N0 = -6 dB, heavily repeated */
                    awgn_llr(&r, e, E, -6.0, l);
                int got = 0;
                /* blind: the mask reveals the port count */
                assert_int_equal(lte_bch_decode(dec, l, E, 0, out, &got), 0);
                assert_memory_equal(out, mib, 24);
                assert_int_equal(got, ns[t]);
                /* told the right count: accepted */
                got = 0;
                assert_int_equal(lte_bch_decode(dec, l, E, ns[t], out, &got), 0);
                assert_int_equal(got, ns[t]);
                /* told another count: the CRC does not check */
                for (int w = 0; w < 3; w++)
                    if (w != t)
                        assert_int_equal(lte_bch_decode(dec, l, E, ns[w], out, NULL),
                                         LTE_ECRC);
            }
    lte_ctrl_dec_destroy(dec);
}

static void test_bch_one_frame_self_decodable(void **state)
{
    (void)state;
    /* The PBCH sends E/4 bits per radio frame (36.211 §6.6.1); each quarter
     * already holds every coded bit 4 times (480 = 4 x 120), so one frame's
     * soft values with the rest erased must decode. */
    tu_rng r;
    tu_rng_seed(&r, 23);
    lte_ctrl_dec *dec = make_dec();
    static uint8_t e[1920];
    static float l[1920];
    uint8_t mib[24], out[24];
    for (int q = 0; q < 4; q++) {
        tu_random_bits(&r, mib, 24);
        assert_int_equal(lte_bch_encode(mib, 2, 1920, e), 0);
        awgn_llr(&r, e, 1920, 0.0, l);
        for (int k = 0; k < 1920; k++)
            if (k / 480 != q)
                l[k] = 0.0f;
        int got = 0;
        assert_int_equal(lte_bch_decode(dec, l, 1920, 0, out, &got), 0);
        assert_memory_equal(out, mib, 24);
        assert_int_equal(got, 2);
    }
    lte_ctrl_dec_destroy(dec);
}

static void test_bch_garbage_rejected(void **state)
{
    (void)state;
    /* pure noise: the recovered mask is random, so it matches one of three
     * masks with probability ~3/65536: expect essentially all rejected */
    tu_rng r;
    tu_rng_seed(&r, 24);
    lte_ctrl_dec *dec = make_dec();
    static float l[1920];
    uint8_t out[24];
    int accepted = 0;
    for (int t = 0; t < 50; t++) {
        for (int k = 0; k < 1920; k++)
            l[k] = (float)tu_gauss(&r);
        int rc = lte_bch_decode(dec, l, 1920, 0, out, NULL);
        assert_true(rc == 0 || rc == LTE_ECRC);
        accepted += rc == 0;
    }
    assert_true(accepted <= 1);
    /* no information at all (soft values 0, a silent or missing frame): the
     * decoder's all-zero word has the CRC remainder of the one-port mask,
     * 0x0000, and must not come back as a one-port MIB */
    memset(l, 0, sizeof l);
    for (int e = 0; e < 2; e++) {
        int E = e ? 1728 : 1920, ports = -1;
        assert_int_equal(lte_bch_decode(dec, l, E, 0, out, &ports), LTE_ECRC);
        assert_int_equal(lte_bch_decode(dec, l, E, 1, out, &ports), LTE_ECRC);
        assert_int_equal(ports, -1);
        /* one soft value is information again: a MIB if it checks */
        l[E - 1] = 0.5f; /* a weak 0 for the last bit of the last repetition */
        int rc = lte_bch_decode(dec, l, E, 1, out, &ports);
        assert_int_equal(rc, 0);
        assert_int_equal(ports, 1);
        l[E - 1] = 0;
    }
    lte_ctrl_dec_destroy(dec);
}

/* ---- DCI ----------------------------------------------------------------- */

static void test_pdcch_e(void **state)
{
    (void)state;
    assert_int_equal(lte_pdcch_e(1), 72);
    assert_int_equal(lte_pdcch_e(2), 144);
    assert_int_equal(lte_pdcch_e(4), 288);
    assert_int_equal(lte_pdcch_e(8), 576);
    assert_int_equal(lte_pdcch_e(3), LTE_EINVAL);
    assert_int_equal(lte_pdcch_e(0), LTE_EINVAL);
}

static void test_dci_encode_matches_model(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 31);
    uint8_t a[64], x[16], e[576], m[576];
    for (int A = 20; A <= 60; A += 5)
        for (int ue = -1; ue <= 1; ue++) {
            uint16_t rnti = (uint16_t)tu_rand(&r);
            tu_random_bits(&r, a, A);
            /* §5.3.3.2: x_rnti,0 is the RNTI's MSB; x_AS = <0..0> or <0..01> */
            for (int i = 0; i < 16; i++)
                x[i] = (uint8_t)(((rnti >> (15 - i)) & 1) ^ (ue == 1 && i == 15));
            assert_int_equal(lte_dci_encode(a, A, rnti, ue, 288, e), 0);
            model_ctrl_encode(a, A, x, 288, m);
            assert_memory_equal(e, m, 288);
        }
}

static void test_dci_round_trip(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 32);
    lte_ctrl_dec *dec = make_dec();
    uint8_t a[64], out[64], e[576];
    float l[576];
    int Ls[4] = {1, 2, 4, 8};
    int tested = 0;
    for (int A = 20; A <= 60; A++)
        for (int t = 0; t < 4; t++) {
            int E = lte_pdcch_e(Ls[t]);
            /* L = 1 carries 72 bits: blocks with K = A + 16 above ~0.75 E are
             * punctured beyond what the code can carry (a real eNB picks a
             * higher L for them), so they are not expected to decode */
            if (4 * (A + 16) > 3 * E)
                continue;
            for (int ue = -1; ue <= 1; ue++) {
                uint16_t rnti = (uint16_t)tu_rand(&r), got = 0;
                tu_random_bits(&r, a, A);
                assert_int_equal(lte_dci_encode(a, A, rnti, ue, E, e), 0);
                to_llr(e, E, l);
                assert_int_equal(lte_dci_decode(dec, l, E, A, ue, out, &got), 0);
                assert_memory_equal(out, a, (size_t)A);
                assert_int_equal(got, rnti);
                assert_int_equal(lte_dci_decode_check(dec, l, E, A, ue, rnti, out), 0);
                uint16_t wrong = (uint16_t)(rnti ^ (1u << (tu_rand(&r) % 16)));
                assert_int_equal(lte_dci_decode_check(dec, l, E, A, ue, wrong, out), LTE_ECRC);
                assert_memory_equal(out, a, (size_t)A); /* payload still written */
                /* with antenna selection, the UE port 1 mask differs from
                 * "no selection" in the last bit only */
                if (ue == 1) {
                    assert_int_equal(lte_dci_decode(dec, l, E, A, -1, out, &got), 0);
                    assert_int_equal(got, rnti ^ 1);
                }
                tested++;
            }
        }
    assert_true(tested > 300);
    lte_ctrl_dec_destroy(dec);
}

static void test_dci_awgn(void **state)
{
    (void)state;
    /* A = 45 (a typical format 1A size at 20 MHz is 27..45) at L = 2 (rate
     * 61/144) and Es/N0 = 0 dB: blocks must nearly all decode with the
     * right RNTI; at L = 8 (rate 61/576) even Es/N0 = -4 dB must do. */
    tu_rng r;
    tu_rng_seed(&r, 33);
    lte_ctrl_dec *dec = make_dec();
    enum { A = 45, TRIALS = 300 };
    uint8_t a[A], out[A], e[576];
    float l[576];
    struct { int L; double snr; } pts[2] = {{2, 0.0}, {8, -4.0}};
    for (int p = 0; p < 2; p++) {
        int E = lte_pdcch_e(pts[p].L), bad = 0, raw = 0;
        for (int t = 0; t < TRIALS; t++) {
            uint16_t rnti = (uint16_t)tu_rand(&r);
            tu_random_bits(&r, a, A);
            assert_int_equal(lte_dci_encode(a, A, rnti, -1, E, e), 0);
            awgn_llr(&r, e, E, pts[p].snr, l);
            for (int k = 0; k < E; k++)
                raw += (l[k] < 0) != e[k];
            int rc = lte_dci_decode_check(dec, l, E, A, -1, rnti, out);
            assert_true(rc == 0 || rc == LTE_ECRC);
            bad += rc != 0 || memcmp(out, a, A) != 0;
        }
        print_message("DCI A=%d L=%d Es/N0=%.0f dB: %d/%d blocks lost\n", A, pts[p].L,
                      pts[p].snr, bad, TRIALS);
        assert_true(bad <= TRIALS / 50);
        /* ... while the channel flips > 6% of the hard bits (Q(sqrt(2)) =
         * 7.9% at 0 dB, Q(0.89) = 19% at -4 dB) */
        assert_true(raw > E * TRIALS * 6 / 100);
    }
    lte_ctrl_dec_destroy(dec);
}

static int8_t q8(double x, double lim)
{
    double v = nearbyint(x);
    return (int8_t)(v > lim ? lim : v < -lim ? -lim : v);
}

static void test_ctrl_fixed_point_matches_float(void **state)
{
    (void)state;
    /* Without saturation in the de-matcher, the int8 chain decides exactly
     * as the float chain given the same integers, on every SIMD path: BCH
     * (16-fold repetition, inputs within +-7) and DCI at L = 2 (punctured,
     * full int8 range). Low SNR, so that wrong decisions happen too. */
    tu_rng r;
    tu_rng_seed(&r, 34);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    lte_ctrl_dec *dec = make_dec();
    static uint8_t e[1920], a[64], af[64], aq[64];
    static float l[1920];
    static int8_t q[1920];
    int lost = 0;
    for (int t = 0; t < 60; t++) {
        int bch = t % 2 == 0;
        int A = bch ? 24 : 45, E = bch ? 1920 : 144;
        double snr = bch ? -15.0 : -3.5, lim = bch ? 7 : 127, scale = bch ? 2.0 : 8.0;
        tu_random_bits(&r, a, A);
        assert_int_equal(lte_ctrl_encode(a, A, 0x1234, E, e), 0);
        awgn_llr(&r, e, E, snr, l);
        for (int k = 0; k < E; k++) {
            q[k] = q8(scale * l[k], lim);
            l[k] = q[k];
        }
        uint16_t mf, mq;
        assert_int_equal(lte_ctrl_decode(dec, l, E, A, af, &mf), 0);
        lost += mf != 0x1234;
        for (int p = 0; p < np; p++) {
            assert_int_equal(lte_ctrl_decode_i8(dec, q, E, A, paths[p], aq, &mq), 0);
            assert_memory_equal(aq, af, (size_t)A);
            assert_int_equal(mq, mf);
        }
    }
    print_message("fixed-point control chain: %d/60 blocks lost (identical in float)\n", lost);
    assert_true(lost > 0 && lost < 60);
    uint16_t m;
    assert_int_equal(lte_ctrl_decode_i8(dec, q, 0, 24, LTE_SIMD_AUTO, aq, &m), LTE_EINVAL);
    assert_int_equal(lte_ctrl_decode_i8(dec, NULL, 100, 24, LTE_SIMD_AUTO, aq, &m), LTE_EINVAL);
    assert_int_equal(lte_ctrl_decode_i8(dec, q, 100, 24, (lte_simd_path)7, aq, &m), LTE_EINVAL);
    lte_ctrl_dec_destroy(dec);
}

/* ---- CFI and HI ---------------------------------------------------------- */

/* Table 5.3.4-1, as printed in the spec */
static const char *CFI_TABLE[4] = {
    "01101101101101101101101101101101",
    "10110110110110110110110110110110",
    "11011011011011011011011011011011",
    "00000000000000000000000000000000",
};

static void test_cfi_table(void **state)
{
    (void)state;
    uint8_t b[4][32];
    for (int c = 1; c <= 4; c++) {
        assert_int_equal(lte_cfi_encode(c, b[c - 1]), 0);
        for (int k = 0; k < 32; k++)
            assert_int_equal(b[c - 1][k], CFI_TABLE[c - 1][k] - '0');
    }
    /* pairwise distances by brute force: >= the stated minimum, which is
     * attained */
    int dmin = 32;
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++) {
            int dist = 0;
            for (int k = 0; k < 32; k++)
                dist += b[i][k] != b[j][k];
            assert_true(dist >= LTE_CFI_DMIN);
            if (dist < dmin)
                dmin = dist;
        }
    assert_int_equal(dmin, LTE_CFI_DMIN);
}

static void test_cfi_decode(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 41);
    uint8_t b[32];
    float l[32], metric;
    int cfi;
    for (int c = 1; c <= 3; c++) {
        assert_int_equal(lte_cfi_encode(c, b), 0);
        to_llr(b, 32, l);
        assert_int_equal(lte_cfi_decode(l, &cfi, &metric), 0);
        assert_int_equal(cfi, c);
        assert_true(metric == 32.0f);
    }
    /* the reserved codeword is never the answer */
    assert_int_equal(lte_cfi_encode(4, b), 0);
    to_llr(b, 32, l);
    assert_int_equal(lte_cfi_decode(l, &cfi, NULL), 0);
    assert_true(cfi >= 1 && cfi <= 3);
    /* Es/N0 = -5 dB: raw BER ~ Q(0.80) ~ 0.21, yet with d_min = 21 the
     * codeword error rate is ~ 2 Q(sqrt(2*21*0.316)) ~ 3e-4 */
    int errs = 0, raw = 0;
    for (int t = 0; t < 1000; t++) {
        int c = 1 + t % 3;
        assert_int_equal(lte_cfi_encode(c, b), 0);
        awgn_llr(&r, b, 32, -5.0, l);
        for (int k = 0; k < 32; k++)
            raw += (l[k] < 0) != b[k];
        assert_int_equal(lte_cfi_decode(l, &cfi, NULL), 0);
        errs += cfi != c;
    }
    assert_true(raw > 32000 * 15 / 100);
    assert_true(errs <= 5);
}

static void test_hi(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 42);
    uint8_t b[3];
    float l[3];
    int hi;
    for (int h = 0; h <= 1; h++) {
        assert_int_equal(lte_hi_encode(h, b), 0);
        for (int k = 0; k < 3; k++)
            assert_int_equal(b[k], h); /* Table 5.3.5-1 */
        to_llr(b, 3, l);
        assert_int_equal(lte_hi_decode(l, &hi), 0);
        assert_int_equal(hi, h);
        /* one wrong hard bit out of three: the majority wins */
        for (int k = 0; k < 3; k++) {
            to_llr(b, 3, l);
            l[k] = -l[k];
            assert_int_equal(lte_hi_decode(l, &hi), 0);
            assert_int_equal(hi, h);
        }
    }
    l[0] = l[1] = l[2] = 0.0f; /* erased: NACK */
    assert_int_equal(lte_hi_decode(l, &hi), 0);
    assert_int_equal(hi, 0);
    /* soft combining beats majority: one strong correct value outweighs two
     * weak wrong ones */
    l[0] = -5.0f;
    l[1] = l[2] = 1.0f;
    assert_int_equal(lte_hi_decode(l, &hi), 0);
    assert_int_equal(hi, 1);
    /* noisy: Es/N0 = 3 dB, error rate ~ Q(sqrt(2*3*2)) ~ 3e-4 */
    int errs = 0;
    for (int t = 0; t < 1000; t++) {
        int h = t & 1;
        assert_int_equal(lte_hi_encode(h, b), 0);
        awgn_llr(&r, b, 3, 3.0, l);
        assert_int_equal(lte_hi_decode(l, &hi), 0);
        errs += hi != h;
    }
    assert_true(errs <= 5);
}

/* ---- arguments ----------------------------------------------------------- */

static void test_bad_arguments(void **state)
{
    (void)state;
    lte_ctrl_dec *dec = make_dec();
    uint8_t a[300] = {0}, e[2000];
    float l[2000] = {0};
    uint16_t rnti;
    int n;
    assert_int_equal(lte_ctrl_dec_create(NULL), LTE_EINVAL);
    assert_int_equal(lte_ctrl_encode(a, 0, 0, 100, e), LTE_EINVAL);
    assert_int_equal(lte_ctrl_encode(a, LTE_CTRL_A_MAX + 1, 0, 100, e), LTE_EINVAL);
    assert_int_equal(lte_ctrl_encode(a, 20, 0, 0, e), LTE_EINVAL);
    assert_int_equal(lte_ctrl_encode(NULL, 20, 0, 100, e), LTE_EINVAL);
    assert_int_equal(lte_ctrl_encode(a, 20, 0, 100, NULL), LTE_EINVAL);
    a[3] = 7;
    assert_int_equal(lte_ctrl_encode(a, 20, 0, 100, e), LTE_EINVAL);
    a[3] = 0;
    assert_int_equal(lte_ctrl_decode(NULL, l, 100, 20, a, &rnti), LTE_EINVAL);
    assert_int_equal(lte_ctrl_decode(dec, l, 100, 0, a, &rnti), LTE_EINVAL);
    assert_int_equal(lte_ctrl_decode(dec, l, 100, 20, a, NULL), LTE_EINVAL);
    l[5] = NAN;
    assert_int_equal(lte_ctrl_decode(dec, l, 100, 20, a, &rnti), LTE_EINVAL);
    l[5] = 0;

    assert_int_equal(lte_bch_encode(a, 3, 1920, e), LTE_EINVAL);
    assert_int_equal(lte_bch_encode(a, 1, 1919, e), LTE_EINVAL);
    assert_int_equal(lte_bch_encode(NULL, 1, 1920, e), LTE_EINVAL);
    assert_int_equal(lte_bch_decode(dec, l, 1920, 3, a, &n), LTE_EINVAL);
    assert_int_equal(lte_bch_decode(dec, l, 1000, 0, a, &n), LTE_EINVAL);
    assert_int_equal(lte_bch_decode(dec, NULL, 1920, 0, a, &n), LTE_EINVAL);

    assert_int_equal(lte_dci_encode(a, 20, 1, 2, 72, e), LTE_EINVAL);
    assert_int_equal(lte_dci_encode(a, 20, 1, -1, 0, e), LTE_EINVAL);
    assert_int_equal(lte_dci_decode(dec, l, 72, 20, -2, a, &rnti), LTE_EINVAL);
    assert_int_equal(lte_dci_decode(dec, l, 72, 20, -1, a, NULL), LTE_EINVAL);
    assert_int_equal(lte_dci_decode_check(dec, l, 72, 0, -1, 1, a), LTE_EINVAL);

    assert_int_equal(lte_cfi_encode(0, e), LTE_EINVAL);
    assert_int_equal(lte_cfi_encode(5, e), LTE_EINVAL);
    assert_int_equal(lte_cfi_encode(1, NULL), LTE_EINVAL);
    assert_int_equal(lte_cfi_decode(NULL, &n, NULL), LTE_EINVAL);
    assert_int_equal(lte_cfi_decode(l, NULL, NULL), LTE_EINVAL);
    l[31] = INFINITY;
    assert_int_equal(lte_cfi_decode(l, &n, NULL), LTE_EINVAL);
    l[31] = 0;
    assert_int_equal(lte_hi_encode(2, e), LTE_EINVAL);
    assert_int_equal(lte_hi_encode(-1, e), LTE_EINVAL);
    assert_int_equal(lte_hi_decode(NULL, &n), LTE_EINVAL);
    l[2] = NAN;
    assert_int_equal(lte_hi_decode(l, &n), LTE_EINVAL);
    lte_ctrl_dec_destroy(dec);
    lte_ctrl_dec_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bch_port_masks),
        cmocka_unit_test(test_bch_encode_matches_model),
        cmocka_unit_test(test_bch_round_trip_and_port_detection),
        cmocka_unit_test(test_bch_one_frame_self_decodable),
        cmocka_unit_test(test_bch_garbage_rejected),
        cmocka_unit_test(test_pdcch_e),
        cmocka_unit_test(test_dci_encode_matches_model),
        cmocka_unit_test(test_dci_round_trip),
        cmocka_unit_test(test_dci_awgn),
        cmocka_unit_test(test_ctrl_fixed_point_matches_float),
        cmocka_unit_test(test_cfi_table),
        cmocka_unit_test(test_cfi_decode),
        cmocka_unit_test(test_hi),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
