/* Tests of the fixed-point max-log demapper (include/ltephy/demap_fx.h).
 *
 * Independent references: the float max-log demapper of modulation.h (the
 * generic kernel of kernels/qam.c, which shares no code with the model), the
 * float mapper (bit labelling), and the closed-form constants. The bound
 * the model promises against the float LLR L (header, "Relation to the float
 * max-log LLR") is, for E = 2^F L and K_true = 2^(F+4) d / N0:
 *   |llr - clip127(E)| <= 0.5 + K_true/2^16 + |E|/(2 K_true) + 2^-17 + e_f,
 * with e_f the float demapper's own rounding: its metrics are at most
 * M = (l_max d)^2 + 2 l_max d |u|_max in magnitude, a few float operations
 * each, so e_f = 2^F * 8 M 2^-24 / N0 + 2^-22 |E| is a safe allowance.
 * Sign: llr has the sign of L wherever |E| exceeds that bound.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/demap_fx.h"
#include "ltephy/error.h"
#include "ltephy/modulation.h"
#include "tests/common/testutil.h"

static const lte_mod mods[] = {LTE_MOD_QPSK, LTE_MOD_16QAM, LTE_MOD_64QAM, LTE_MOD_256QAM};
static const double norms[] = {2, 10, 42, 170};
#define N_MODS 4

static double dmin_half(int m) { return 1.0 / sqrt(norms[m]); }

static void test_constants(void **state)
{
    (void)state;
    for (int m = 0; m < N_MODS; m++) {
        int p = (int)mods[m] / 2;
        for (int l = 1; l < (1 << p); l += 2) {
            double exact = 4096.0 * dmin_half(m) * l * l;
            int c = lte_demap_fx_const(mods[m], l);
            assert_true(fabs(c - exact) <= 0.5);
            assert_true(fabs(fabs(exact - floor(exact)) - 0.5) > 1e-3); /* no tie */
        }
        assert_int_equal(lte_demap_fx_const(mods[m], 2), LTE_EINVAL);
        assert_int_equal(lte_demap_fx_const(mods[m], 1 << p), LTE_EINVAL);
    }
    /* the header's example, computed by hand: 4096 l^2 / sqrt(42) */
    assert_int_equal(lte_demap_fx_const(LTE_MOD_64QAM, 1), 632);
    assert_int_equal(lte_demap_fx_const(LTE_MOD_64QAM, 3), 5688);
    assert_int_equal(lte_demap_fx_const(LTE_MOD_64QAM, 5), 15801);
    assert_int_equal(lte_demap_fx_const(LTE_MOD_64QAM, 7), 30969);
    assert_int_equal(lte_demap_fx_const(LTE_MOD_BPSK, 1), LTE_EINVAL);
    /* scale: QPSK, N0 = 1, F = 2: 64 / sqrt 2 = 45.25 -> 45; clamp at 65535 */
    uint16_t k;
    assert_int_equal(lte_demap_fx_scale(LTE_MOD_QPSK, 1.0f, 2, &k), 0);
    assert_int_equal(k, 45);
    assert_int_equal(lte_demap_fx_scale(LTE_MOD_QPSK, 1e-6f, 2, &k), 0);
    assert_int_equal(k, 65535);
    assert_int_equal(lte_demap_fx_scale(LTE_MOD_QPSK, 0.0f, 2, &k), LTE_EINVAL);
    assert_int_equal(lte_demap_fx_scale(LTE_MOD_QPSK, 1.0f, 8, &k), LTE_EINVAL);
    assert_int_equal(lte_demap_fx_quant(0.5f), 2048);
    assert_int_equal(lte_demap_fx_quant(-100.0f), -32768);
    assert_int_equal(lte_demap_fx_quant(100.0f), 32767);
    assert_int_equal(lte_demap_fx_quant(-0.5f / 4096), -1); /* half away from zero */
}

static void test_bad_args(void **state)
{
    (void)state;
    int16_t y[2] = {0, 0};
    uint16_t k = 1;
    int8_t llr[8];
    assert_int_equal(lte_demap_fx(LTE_MOD_BPSK, y, 1, &k, 1, llr, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_demap_fx(LTE_MOD_QPSK, y, 2, &k, 3, llr, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "k_len"));
    assert_int_equal(lte_demap_fx(LTE_MOD_QPSK, NULL, 1, &k, 1, llr, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_demap_fx(LTE_MOD_QPSK, y, -1, &k, 1, llr, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_demap_fx(LTE_MOD_QPSK, NULL, 0, NULL, 0, NULL, LTE_SIMD_AUTO), 0);
}

/* Every constellation point, quantised, decides its own bits on every path
 * (the labelling agrees with the float mapper of 36.211 §7.1). */
static void test_points_decide_their_bits(void **state)
{
    (void)state;
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int m = 0; m < N_MODS; m++) {
        int q = (int)mods[m], npt = 1 << q;
        int16_t y[2 * 256];
        uint8_t bits[8 * 256];
        int8_t llr[8 * 256];
        for (int pat = 0; pat < npt; pat++) {
            float complex pt;
            assert_int_equal(lte_mod_point(mods[m], (unsigned)pat, &pt), 0);
            y[2 * pat] = lte_demap_fx_quant(crealf(pt));
            y[2 * pat + 1] = lte_demap_fx_quant(cimagf(pt));
            for (int b = 0; b < q; b++)
                bits[pat * q + b] = (pat >> (q - 1 - b)) & 1;
        }
        uint16_t k;
        assert_int_equal(lte_demap_fx_scale(mods[m], 0.05f, 2, &k), 0);
        for (int p = 0; p < np; p++) {
            assert_int_equal(lte_demap_fx(mods[m], y, npt, &k, 1, llr, paths[p]), 0);
            for (int i = 0; i < npt * q; i++)
                assert_true(bits[i] ? llr[i] < 0 : llr[i] > 0);
        }
    }
}

/* Random symbols and per-symbol N0 against the float max-log demapper. */
static void test_vs_float_maxlog(void **state)
{
    (void)state;
    enum { NS = 20000, F = 2 };
    int16_t *y = malloc(sizeof(int16_t) * 2 * NS);
    float complex *yf = malloc(sizeof(float complex) * NS);
    float *n0 = malloc(sizeof(float) * NS), *lf = malloc(sizeof(float) * 8 * NS);
    uint16_t *k = malloc(sizeof(uint16_t) * NS);
    int8_t *llr = malloc(8 * NS);
    tu_rng r;
    tu_rng_seed(&r, 2024);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int m = 0; m < N_MODS; m++) {
        int q = (int)mods[m], lmax = (1 << (q / 2)) - 1;
        double d = dmin_half(m), span = 1.3 * lmax * d;
        double ymax = 0;
        for (int s = 0; s < NS; s++) {
            for (int a = 0; a < 2; a++) {
                double v = (2 * tu_uniform(&r) - 1) * span;
                if (s % 4 == 0) /* near a decision threshold: an even multiple of d */
                    v = d * (2 * (int)(tu_rand(&r) % (unsigned)(lmax + 1)) - lmax - 1 +
                             (lmax > 1 ? 0 : 1)) + (tu_uniform(&r) - 0.5) * 0.01;
                y[2 * s + a] = lte_demap_fx_quant((float)v);
                ymax = fmax(ymax, fabs(y[2 * s + a] / 4096.0));
            }
            yf[s] = CMPLXF(y[2 * s] / 4096.0f, y[2 * s + 1] / 4096.0f);
            /* N0 from 1e3 d down to 2^(F+4) d / 60000: K spans ~0 .. 60000 */
            double kt = exp(log(60000.0) * tu_uniform(&r));
            n0[s] = (float)(ldexp(d, F + 4) / kt);
            assert_int_equal(lte_demap_fx_scale(mods[m], n0[s], F, &k[s]), 0);
        }
        assert_int_equal(lte_demap_maxlog(mods[m], yf, NS, n0, NS, lf, LTE_SIMD_SCALAR), 0);
        double mfloat = pow(lmax * d, 2) + 2 * lmax * d * ymax;
        for (int p = 0; p < np; p++) {
            assert_int_equal(lte_demap_fx(mods[m], y, NS, k, NS, llr, paths[p]), 0);
            double worst = 0;
            long dead = 0;
            for (int s = 0; s < NS; s++) {
                double kt = ldexp(d, F + 4) / n0[s];
                for (int b = 0; b < q; b++) {
                    double e = ldexp(lf[s * q + b], F);
                    double ef = ldexp(8 * mfloat, F - 24) / n0[s] + ldexp(fabs(e), -22);
                    double bound = 0.5 + kt / 65536 + fabs(e) / (2 * kt) + ldexp(1, -17) + ef;
                    double ce = e > 127 ? 127 : e < -127 ? -127 : e;
                    int o = llr[s * q + b];
                    double err = fabs(o - ce);
                    if (err > bound)
                        printf("%s s=%d b=%d y=(%d,%d) K=%u: llr %d float %.4f bound %.4f\n",
                               lte_mod_name(mods[m]), s, b, y[2 * s], y[2 * s + 1], k[s], o, e,
                               bound);
                    assert_true(err <= bound);
                    assert_true(o >= -127 && o <= 127);
                    if (fabs(e) > bound)
                        assert_true(e > 0 ? o > 0 : o < 0);
                    else
                        dead++;
                    worst = fmax(worst, err / bound);
                }
            }
            if (p == 0)
                printf("%-6s: %d symbols, worst |error| / bound = %.3f, %ld LLRs in the sign "
                       "dead zone\n",
                       lte_mod_name(mods[m]), NS, worst, dead);
        }
    }
    free(y);
    free(yf);
    free(n0);
    free(lf);
    free(k);
    free(llr);
}

/* Extreme inputs and the largest scale: everything saturates to +-127 with
 * the float's sign, -128 never appears. */
static void test_saturation(void **state)
{
    (void)state;
    static const int16_t ext[] = {-32768, -32767, -20000, 20000, 32767};
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    int16_t y[2 * 25];
    float complex yf[25];
    float n0[1];
    for (int i = 0; i < 25; i++) {
        y[2 * i] = ext[i % 5];
        y[2 * i + 1] = ext[i / 5];
        yf[i] = CMPLXF(y[2 * i] / 4096.0f, y[2 * i + 1] / 4096.0f);
    }
    for (int m = 0; m < N_MODS; m++) {
        int q = (int)mods[m];
        uint16_t k = 65535;
        n0[0] = (float)(ldexp(dmin_half(m), 6) / 65535.0);
        float lf[25 * 8];
        int8_t llr[25 * 8];
        assert_int_equal(lte_demap_maxlog(mods[m], yf, 25, n0, 1, lf, LTE_SIMD_SCALAR), 0);
        for (int p = 0; p < np; p++) {
            assert_int_equal(lte_demap_fx(mods[m], y, 25, &k, 1, llr, paths[p]), 0);
            int nsat = 0;
            for (int i = 0; i < 25 * q; i++) {
                double e = 4 * lf[i];
                assert_true(llr[i] != -128);
                if (fabs(e) > 130) {
                    assert_int_equal(llr[i], e > 0 ? 127 : -127);
                    nsat++;
                }
            }
            assert_true(nsat > 25 * q / 2); /* the test does exercise saturation */
        }
    }
}

/* Every path equals scalar bit for bit on arbitrary int16 input (including
 * -32768) and arbitrary scales (0 .. 65535), per-symbol and per-block K,
 * lengths that leave SIMD tails. */
static void test_simd_bitexact(void **state)
{
    (void)state;
    enum { NS = 4099 };
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    int16_t *y = malloc(sizeof(int16_t) * 2 * NS);
    uint16_t *k = malloc(sizeof(uint16_t) * NS);
    int8_t *ref = malloc(8 * NS + 1), *out = malloc(8 * NS + 1);
    tu_rng r;
    tu_rng_seed(&r, 99);
    static const int lens[] = {1, 3, 7, 8, 9, 17, 1200, NS};
    for (int m = 0; m < N_MODS; m++)
        for (int li = 0; li < 8; li++)
            for (int blk = 0; blk < 2; blk++) {
                int n = lens[li], q = (int)mods[m];
                for (int i = 0; i < 2 * n; i++) {
                    uint32_t v = tu_rand(&r);
                    y[i] = (i % 97 == 0) ? -32768 : (v & 1) ? (int16_t)(v >> 16)
                                                             : (int16_t)((int32_t)(v >> 16) % 8192 - 4096);
                }
                for (int i = 0; i < n; i++)
                    k[i] = (i % 53 == 0) ? 65535 : (uint16_t)(tu_rand(&r) >> (16 + (i & 7)));
                int kl = blk ? 1 : n;
                assert_int_equal(lte_demap_fx(mods[m], y, n, k, kl, ref, LTE_SIMD_SCALAR), 0);
                for (int p = 0; p < np; p++) {
                    memset(out, 0x55, 8 * NS + 1);
                    assert_int_equal(lte_demap_fx(mods[m], y, n, k, kl, out, paths[p]), 0);
                    assert_memory_equal(ref, out, (size_t)n * q);
                    assert_int_equal(out[n * q], 0x55); /* nothing written past the end */
                }
            }
    free(y);
    free(k);
    free(ref);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constants),
        cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_points_decide_their_bits),
        cmocka_unit_test(test_vs_float_maxlog),
        cmocka_unit_test(test_saturation),
        cmocka_unit_test(test_simd_bitexact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
