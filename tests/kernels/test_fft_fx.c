/* Tests of the fixed-point FFT model (include/ltephy/fft_fx.h).
 *
 * The model is checked against the float FFT (fft.h, FFTW) scaled by 2^-S,
 * within bounds derived here from the schedule, not from the code:
 *
 * Worst case. Let E_t bound the complex-magnitude error of every element
 * after t stages against exact arithmetic with exact twiddles and the same
 * scaling (E_0 = 0: the input is exact). A stage with shift s:
 *   sum output:  2 E_t / 2^s + r_s               (r_s = sqrt2 * max|R(x,s) - x/2^s|,
 *                                                 0.5 per component for s = 1, 2)
 *   diff output: the same, then the product: |v' Wq/32768 - v W| + sqrt2/2
 *                <= e_v + |v| delta + sqrt2/2, with
 *                delta = |Wq/32768 - W| <= (sqrt2/2 + 1)/32768 (table rounding
 *                plus the 32767 scale) and |v| <= sqrt2 * 32768 + e_v.
 * so E_{t+1} = e_v + delta (46341 + e_v) + 0.7072, e_v = 2 E_t / 2^s + r_s.
 * That holds while nothing saturates; the tests keep every intermediate
 * magnitude M_t + E_t <= 32767, with M_t = |input| max * prod 2/2^s.
 *
 * Mean square (SQNR). Per element, averaged over the array: rounding of a
 * shift by s has mean mu_s (0.25 for s = 1, 0.125 for s = 2, per component)
 * and variance sig2_s (0.0625, 0.078125); the product rounding variance 1/12
 * per component on the half of the outputs that are differences; the
 * coefficient error adds at most delta^2 |v|^2. Independent errors propagate
 * with power gain 2/4^s; the biases at worst coherently with gain 2/2^s. So
 *   B_{t+1} = 2 B_t / 2^s + sqrt2 mu_s,
 *   V_{t+1} = 2 V_t / 4^s + 2 sig2_s + 1/12 + delta^2 P_v / 2,
 * with P_v the mean signal power at the stage; MSE <= B_L^2 + V_L in
 * expectation. One transform measures the MSE over only 2N components, whose
 * errors come mostly from a few early stages (amplified by the later ones when
 * shifts are 0), so the test allows 1.5 V_L (+1.8 dB) for the sampling
 * spread: MSE <= B_L^2 + 1.5 V_L. The derived minimum SQNR quoted is
 * P_out / (B_L^2 + 1.5 V_L).
 *
 * The float reference's own error (FFTW single precision, ~1e-7 relative per
 * stage) is allowed as L * 2^-20 * (largest reference magnitude).
 *
 * Other checks: a single tone lands in its bin with its amplitude (closed
 * form), Parseval per schedule, saturation on overflowing input (closed
 * form), every SIMD path bit-exact with scalar on random full-scale data,
 * block floating point (test_bfp), and the rounding rule itself through
 * the predicted mean error of bin 0 (test_rounding_bias).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/fft.h"
#include "ltephy/fft_fx.h"
#include "tests/common/testutil.h"

#define NMAX LTE_FFT_FX_NMAX
#define DELTA ((sqrt(2.0) / 2.0 + 1.0) / 32768.0)

enum { SCHED_DEFAULT, SCHED_FRONT, SCHED_BACK, SCHED_ALT, SCHED_NONE, SCHED_ALL2, N_SCHED };
static const char *sched_name[N_SCHED] = {"ones", "front", "back", "alt", "zeros", "twos"};

/* Sizes: z = 0..8 -> 2^(4+z); z = 9..15 -> 3 * 2^(z-5) (48 .. 3072). */
#define N_SIZES 16
static int size_n(int z) { return z < 9 ? 1 << (4 + z) : 3 << (z - 5); }
static int size_l(int z) { return z < 9 ? 4 + z : z - 5; }
static int size_r3(int z) { return z >= 9; }

/* Fills sh[0..l-1] (and sh[l], the radix-3 stage's, when r3: 0 for NONE,
 * else 2); FRONT: 2s first until S = L, BACK: the reverse, ALT: 2,0,2,0...,
 * NONE: all 0 (gain N), ALL2: all 2 (1/N^2). */
static void make_sched(int kind, int l, int r3, uint8_t *sh)
{
    if (r3)
        sh[l] = kind == SCHED_NONE ? 0 : 2;
    for (int t = 0; t < l; t++) {
        switch (kind) {
        case SCHED_FRONT: sh[t] = t < l / 2 ? 2 : (t == l / 2 && (l & 1)) ? 1 : 0; break;
        case SCHED_BACK: sh[l - 1 - t] = t < l / 2 ? 2 : (t == l / 2 && (l & 1)) ? 1 : 0; break;
        case SCHED_ALT: sh[t] = (t & 1) ? 0 : 2; break;
        case SCHED_NONE: sh[t] = 0; break;
        case SCHED_ALL2: sh[t] = 2; break;
        default: sh[t] = 1;
        }
    }
}

typedef struct bounds {
    double emax;     /* worst-case complex error bound E_L (LSB) */
    double mse;      /* B_L^2 + 1.5 V_L */
    double var;      /* V_L */
    double amp;      /* largest per-component input amplitude keeping clear of saturation */
} bounds;

/* The radix-3 stage (header 3b) with shift s, in the same terms: an output
 * sums three inputs with unit-magnitude coefficients, so errors grow by
 * 3/2^s (independent ones in power by 3/4^s); Q has a rounding error of at
 * most sqrt2/2 and a coefficient error |C3/2^14 - sqrt3| |t2| <= 4.9e-6 *
 * 92682 = 0.4513, both halved 2^s times with Y; the final R() adds at most
 * sqrt2/2. In the mean-square model the R() error (mean up to 0.5, as Y has
 * no uniform low bits) is counted whole, 2 * 0.25, as variance. */
#define R3_COEF 0.4513

static bounds derive(int l, int r3, const uint8_t *sh, double p_in_per_amp2)
{
    static const double rr[3] = {0.0, 0.5, 0.5}, mu[3] = {0.0, 0.25, 0.125},
                        sig2[3] = {0.0, 0.0625, 0.078125};
    bounds b = {0};
    double e = 0, bias = 0, var = 0, g = 1, gmax = 1, emax_any = 0;
    for (int t = 0; t < l; t++) {
        double ev = 2 * e / (1 << sh[t]) + sqrt(2.0) * rr[sh[t]];
        e = ev + DELTA * (46341.0 + ev) + 0.7072;
        bias = 2 * bias / (1 << sh[t]) + sqrt(2.0) * mu[sh[t]];
        g *= 2.0 / (1 << sh[t]);
        gmax = g > gmax ? g : gmax;
        emax_any = e > emax_any ? e : emax_any;
    }
    if (r3) {
        int s3 = sh[l];
        e = 3 * e / (1 << s3) + (0.7072 + R3_COEF) / (2 << s3) + 0.7072;
        bias = 3 * bias / (1 << s3);
        g *= 3.0 / (1 << s3);
        gmax = g > gmax ? g : gmax;
        emax_any = e > emax_any ? e : emax_any;
    }
    b.emax = e;
    b.amp = floor((32767.0 - emax_any - 1.0) / (sqrt(2.0) * gmax));
    /* variance recursion needs the signal power: input power per element for
     * uniform components in [-amp, amp] is 2 amp^2 / 3 */
    double p = p_in_per_amp2 * b.amp * b.amp;
    for (int t = 0; t < l; t++) {
        double pv = 2 * p / (1 << (2 * sh[t]));
        var = 2 * var / (1 << (2 * sh[t])) + 2 * sig2[sh[t]] + 1.0 / 12 + DELTA * DELTA * pv / 2;
        p = pv;
    }
    if (r3) {
        int s3 = sh[l];
        double c2 = pow(R3_COEF / 92682.0, 2) * 2 * p; /* coefficient error power */
        var = 3 * var / (1 << (2 * s3)) + (2.0 / 12 + c2) / (1 << (2 * s3 + 2)) + 0.5;
    }
    b.mse = bias * bias + 1.5 * var;
    b.var = var;
    return b;
}

static lte_fft_fx *make_fx(int n, lte_fft_dir dir, const uint8_t *sh, lte_simd_path path)
{
    lte_fft_fx_cfg cfg = {.n = n, .dir = dir, .shift = sh, .path = path};
    lte_fft_fx *f = NULL;
    assert_int_equal(lte_fft_fx_create(&cfg, &f), 0);
    return f;
}

/* Float reference: 2^-S DFT of the int16 input (values in LSB). */
static void reference(int n, lte_fft_dir dir, int s_total, const int16_t *in, float complex *ref)
{
    lte_fft_cfg cfg = {.n = n, .dir = dir, .flags = 0};
    lte_fft *f = NULL;
    assert_int_equal(lte_fft_create(&cfg, &f), 0);
    float complex *x = malloc(sizeof(float complex) * n);
    for (int i = 0; i < n; i++)
        x[i] = CMPLXF((float)in[2 * i], (float)in[2 * i + 1]);
    assert_int_equal(lte_fft_execute(f, x, ref), 0);
    for (int i = 0; i < n; i++)
        ref[i] *= ldexpf(1.0f, -s_total);
    free(x);
    lte_fft_destroy(f);
}

static void test_twiddle_table(void **state)
{
    (void)state;
    for (int z = 0; z < N_SIZES; z++)
        for (int n = size_n(z), k = 0; k < n / 2; k++) {
            int16_t c, s;
            assert_int_equal(lte_fft_fx_twiddle(n, k, &c, &s), 0);
            long double ph = 2.0L * 3.14159265358979323846264338327950288L * k / n;
            long double vc = 32767.0L * cosl(ph), vs = 32767.0L * sinl(ph);
            /* far from a rounding tie, so any decent libm gives the same
             * table; the exact ties (+-32767/2) round away from zero */
            long double v[2] = {vc, vs};
            int16_t got[2] = {c, s};
            for (int i = 0; i < 2; i++) {
                if (fabsl(fabsl(v[i]) - 16383.5L) < 1e-9L) {
                    assert_int_equal(got[i], v[i] > 0 ? 16384 : -16384);
                    continue;
                }
                assert_true(fabsl(fabsl(v[i] - truncl(v[i])) - 0.5L) > 1e-6L);
                assert_true(fabsl(got[i] - v[i]) < 0.5L);
            }
        }
    int16_t c, s;
    assert_int_equal(lte_fft_fx_twiddle(2048, 0, &c, &s), 0);
    assert_true(c == 32767 && s == 0);
    assert_int_equal(lte_fft_fx_twiddle(2048, 512, &c, &s), 0);
    assert_true(c == 0 && s == 32767);
    assert_int_equal(lte_fft_fx_twiddle(2048, 1024, &c, &s), LTE_EINVAL);
    assert_int_equal(lte_fft_fx_twiddle(1000, 0, &c, &s), LTE_EINVAL);
    assert_int_equal(lte_fft_fx_twiddle(24, 0, &c, &s), LTE_EINVAL);
    assert_int_equal(lte_fft_fx_twiddle(6144, 0, &c, &s), LTE_EINVAL);
    assert_int_equal(lte_fft_fx_twiddle(1536, 384, &c, &s), 0);
    assert_true(c == 0 && s == 32767);
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_fft_fx *f = NULL;
    lte_fft_fx_cfg cfg = {.n = 1000, .dir = LTE_FFT_FORWARD};
    assert_int_equal(lte_fft_fx_create(&cfg, &f), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "1000"));
    cfg.n = 8;
    assert_int_equal(lte_fft_fx_create(&cfg, &f), LTE_EINVAL);
    uint8_t bad[12] = {1, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    cfg.n = 2048;
    cfg.shift = bad;
    assert_int_equal(lte_fft_fx_create(&cfg, &f), LTE_EINVAL);
    cfg.shift = NULL;
    cfg.dir = (lte_fft_dir)5;
    assert_int_equal(lte_fft_fx_create(&cfg, &f), LTE_EINVAL);
    assert_null(f);
    assert_int_equal(lte_fft_fx_create(NULL, &f), LTE_EINVAL);
    assert_int_equal(lte_fft_fx_execute(NULL, NULL, NULL), LTE_EINVAL);
    cfg.n = 1536;
    cfg.dir = LTE_FFT_FORWARD;
    assert_int_equal(lte_fft_fx_create(&cfg, &f), 0);
    int16_t buf[2 * 1536] = {0};
    int ex;
    assert_int_equal(lte_fft_fx_execute_bfp(f, buf, buf, &ex, NULL), LTE_EINVAL);
    assert_int_equal(lte_fft_fx_total_shift(f), 11); /* 9 ones + 2 for radix 3 */
    lte_fft_fx_destroy(f);
    lte_fft_fx_destroy(NULL);
}

/* Random uniform input vs float, every size, both directions, every
 * schedule: max error <= E_L, MSE <= predicted, Parseval. */
static void test_vs_float(void **state)
{
    (void)state;
    int16_t *in = malloc(4 * NMAX), *out = malloc(4 * NMAX);
    float complex *ref = malloc(sizeof(float complex) * NMAX);
    tu_rng r;
    tu_rng_seed(&r, 101);
    for (int z = 0; z < N_SIZES; z++)
        for (int sk = 0; sk < N_SCHED; sk++)
            for (int dir = 0; dir < 2; dir++) {
                int n = size_n(z), l = size_l(z), r3 = size_r3(z);
                uint8_t sh[LTE_FFT_FX_LMAX];
                make_sched(sk, l, r3, sh);
                bounds b = derive(l, r3, sh, 2.0 / 3.0);
                if (b.amp < 8)
                    continue; /* schedule too aggressive for a clean comparison */
                lte_fft_fx *f = make_fx(n, (lte_fft_dir)dir, sh, LTE_SIMD_SCALAR);
                int S = lte_fft_fx_total_shift(f);
                double e_in = 0;
                for (int i = 0; i < 2 * n; i++) {
                    in[i] = (int16_t)lround((2 * tu_uniform(&r) - 1) * b.amp);
                    e_in += (double)in[i] * in[i];
                }
                assert_int_equal(lte_fft_fx_execute(f, in, out), 0);
                reference(n, (lte_fft_dir)dir, S, in, ref);
                double maxerr = 0, mse = 0, pref = 0, peak = 0, e_out = 0;
                for (int k = 0; k < n; k++) {
                    double complex d = CMPLX(out[2 * k], out[2 * k + 1]) - ref[k];
                    maxerr = fmax(maxerr, cabs(d));
                    mse += creal(d * conj(d)) / n;
                    pref += crealf(ref[k] * conjf(ref[k])) / n;
                    peak = fmax(peak, cabsf(ref[k]));
                    e_out += (double)out[2 * k] * out[2 * k] + (double)out[2 * k + 1] * out[2 * k + 1];
                }
                double slack = l * ldexp(peak, -20);
                if (maxerr > b.emax + slack || mse > b.mse + slack * slack)
                    printf("n=%d sched=%s dir=%d: max err %.3f (bound %.3f) mse %.4f (bound %.4f)\n",
                           n, sched_name[sk], dir, maxerr, b.emax, mse, b.mse);
                assert_true(maxerr <= b.emax + slack);
                assert_true(mse <= b.mse + slack * slack);
                /* Parseval: sum |X|^2 = N 4^-S sum |x|^2, up to ||error|| */
                double ideal = sqrt(e_in * n) * ldexp(1.0, -S);
                assert_true(fabs(sqrt(e_out) - ideal) <= sqrt((double)n) * (b.emax + slack));
                if (sk == SCHED_DEFAULT && dir == 0 && ((n & (n - 1)) == 0 || n == 1536))
                    printf("n=%4d default schedule: SQNR %.1f dB (derived minimum %.1f dB), max "
                           "err %.2f LSB (bound %.2f)\n",
                           n, 10 * log10(pref / mse), 10 * log10(pref / b.mse), maxerr, b.emax);
                lte_fft_fx_destroy(f);
            }
    free(in);
    free(out);
    free(ref);
}

/* A tone e^{+-j 2 pi k0 n / N} of amplitude A lands in bin k0 with
 * amplitude A N 2^-S (here S = L: A), the other bins near 0. The input
 * rounding (<= sqrt2/2 per sample) adds at most sqrt2/2 N 2^-S to any bin. */
static void test_single_tone(void **state)
{
    (void)state;
    int16_t *in = malloc(4 * NMAX), *out = malloc(4 * NMAX);
    const int zs[] = {3, 4, 5, 6, 7, 14}; /* 128 .. 2048, 1536 */
    for (int si = 0; si < 6; si++)
        for (int dir = 0; dir < 2; dir++) {
            int n = size_n(zs[si]), l = size_l(zs[si]), r3 = size_r3(zs[si]);
            uint8_t sh[LTE_FFT_FX_LMAX];
            make_sched(SCHED_DEFAULT, l, r3, sh);
            bounds b = derive(l, r3, sh, 2.0 / 3.0);
            /* the gain N 2^-S is 1, or 3/4 for n = 3 * 2^L (S = L + 2) */
            double gain = r3 ? 0.75 : 1.0;
            lte_fft_fx *f = make_fx(n, (lte_fft_dir)dir, NULL, LTE_SIMD_SCALAR);
            for (int k0 = 1; k0 < n; k0 += n / 8 + 3) {
                const double amp = 30000.0 / sqrt(2.0), sgn = dir == 0 ? 1.0 : -1.0;
                for (int i = 0; i < n; i++) {
                    double ph = sgn * 2 * M_PI * (double)k0 * i / n;
                    in[2 * i] = (int16_t)lround(amp * cos(ph));
                    in[2 * i + 1] = (int16_t)lround(amp * sin(ph));
                }
                assert_int_equal(lte_fft_fx_execute(f, in, out), 0);
                double tol = b.emax + gain * sqrt(2.0) / 2;
                for (int k = 0; k < n; k++) {
                    double complex want = k == k0 ? gain * amp : 0;
                    assert_true(cabs(CMPLX(out[2 * k], out[2 * k + 1]) - want) <= tol);
                }
            }
            lte_fft_fx_destroy(f);
        }
    free(in);
    free(out);
}

/* Gain N with all-zero shifts on a constant full-scale input: every sum
 * saturates. Closed form: X[0] = (sat, sat) with the input's signs, all
 * differences are exactly 0, so every other bin is 0. A wrapping adder would
 * give -2 * 30000 + 65536 = 5536 at the first stage instead. */
static void test_saturation(void **state)
{
    (void)state;
    int16_t *in = malloc(4 * NMAX), *out = malloc(4 * NMAX);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int p = 0; p < np; p++)
        for (int z = 2; z < N_SIZES; z += 3)
            for (int n = size_n(z), dir = 0; dir < 2; dir++) {
                uint8_t sh[LTE_FFT_FX_LMAX] = {0};
                lte_fft_fx *f = make_fx(n, (lte_fft_dir)dir, sh, paths[p]);
                for (int i = 0; i < n; i++) {
                    in[2 * i] = 30000;
                    in[2 * i + 1] = -30000;
                }
                assert_int_equal(lte_fft_fx_execute(f, in, out), 0);
                assert_int_equal(out[0], 32767);
                assert_int_equal(out[1], -32768);
                for (int k = 2; k < 2 * n; k++)
                    assert_int_equal(out[k], 0);
                lte_fft_fx_destroy(f);
            }
    free(in);
    free(out);
}

/* Every SIMD path equals scalar bit for bit: random full-scale data
 * (including -32768), every size, direction and schedule, in and out of
 * place. */
static void test_simd_bitexact(void **state)
{
    (void)state;
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    int16_t *in = malloc(4 * NMAX), *o0 = malloc(4 * NMAX), *o1 = malloc(4 * NMAX);
    tu_rng r;
    tu_rng_seed(&r, 7);
    for (int z = 0; z < N_SIZES; z++)
        for (int sk = 0; sk < N_SCHED + 2; sk++)
            for (int dir = 0; dir < 2; dir++) {
                int n = size_n(z), l = size_l(z), r3 = size_r3(z);
                uint8_t sh[LTE_FFT_FX_LMAX];
                if (sk < N_SCHED)
                    make_sched(sk, l, r3, sh);
                else
                    for (int t = 0; t < l + r3; t++)
                        sh[t] = (uint8_t)(tu_rand(&r) % 3);
                for (int i = 0; i < 2 * n; i++)
                    in[i] = (int16_t)(tu_rand(&r) >> 16);
                if (sk == SCHED_DEFAULT) /* full-scale corners */
                    for (int i = 0; i < 2 * n; i += 3)
                        in[i] = (i & 4) ? -32768 : 32767;
                lte_fft_fx *ref = make_fx(n, (lte_fft_dir)dir, sh, LTE_SIMD_SCALAR);
                assert_int_equal(lte_fft_fx_execute(ref, in, o0), 0);
                for (int p = 0; p < np; p++) {
                    lte_fft_fx *f = make_fx(n, (lte_fft_dir)dir, sh, paths[p]);
                    assert_int_equal(lte_fft_fx_execute(f, in, o1), 0);
                    assert_memory_equal(o0, o1, 4 * (size_t)n);
                    memcpy(o1, in, 4 * (size_t)n);
                    assert_int_equal(lte_fft_fx_execute(f, o1, o1), 0);
                    assert_memory_equal(o0, o1, 4 * (size_t)n);
                    lte_fft_fx_destroy(f);
                }
                lte_fft_fx_destroy(ref);
            }
    free(in);
    free(o0);
    free(o1);
}

/* The random part of the error alone, for every schedule the comparison
 * test uses: over T = 16 transforms of independent inputs, the per-bin
 * sample variance of the error (bias removed) averaged over the bins must
 * stay within 1.25 V_L (the independence model at the top of this file; the
 * estimate averages 30 N squared terms, so its own spread is a few
 * percent). This is much tighter than the MSE check, whose bias term is a
 * worst case. */
static void test_noise_variance(void **state)
{
    (void)state;
    enum { T = 16 };
    int16_t *in = malloc(4 * NMAX), *out = malloc(4 * NMAX);
    float complex *ref = malloc(sizeof(float complex) * NMAX);
    double complex *sum = malloc(sizeof(double complex) * NMAX);
    double *sq = malloc(sizeof(double) * NMAX);
    tu_rng r;
    tu_rng_seed(&r, 77);
    for (int z = 2; z < N_SIZES; z += 2)
        for (int sk = 0; sk < N_SCHED; sk++) {
            int n = size_n(z), l = size_l(z), r3 = size_r3(z);
            uint8_t sh[LTE_FFT_FX_LMAX];
            make_sched(sk, l, r3, sh);
            bounds b = derive(l, r3, sh, 2.0 / 3.0);
            if (b.amp < 8)
                continue;
            lte_fft_fx *f = make_fx(n, LTE_FFT_FORWARD, sh, LTE_SIMD_SCALAR);
            int S = lte_fft_fx_total_shift(f);
            for (int k = 0; k < n; k++) {
                sum[k] = 0;
                sq[k] = 0;
            }
            for (int t = 0; t < T; t++) {
                for (int i = 0; i < 2 * n; i++)
                    in[i] = (int16_t)lround((2 * tu_uniform(&r) - 1) * b.amp);
                assert_int_equal(lte_fft_fx_execute(f, in, out), 0);
                reference(n, LTE_FFT_FORWARD, S, in, ref);
                for (int k = 0; k < n; k++) {
                    double complex d = CMPLX(out[2 * k], out[2 * k + 1]) - ref[k];
                    sum[k] += d;
                    sq[k] += creal(d * conj(d));
                }
            }
            double var = 0;
            for (int k = 0; k < n; k++) {
                double complex m = sum[k] / T;
                var += (sq[k] - T * creal(m * conj(m))) / (T - 1) / n;
            }
            printf("n=%4d %-5s schedule: error variance %.4f, predicted V_L %.4f (ratio %.2f)\n",
                   n, sched_name[sk], var, b.var, var / b.var);
            assert_true(var <= 1.25 * b.var);
            lte_fft_fx_destroy(f);
        }
    free(in);
    free(out);
    free(ref);
    free(sum);
    free(sq);
}

/* The rounding rule is round half up (header, R(x, s)), and it shows in the
 * mean error of bin 0, which takes the sum path at every stage: a shift by s
 * of data with random low bits adds mu_s = 0.25 (s = 1) or 0.125 (s = 2)
 * per component on average (truncation would subtract, round-to-even add
 * nothing), so bias_{t+1} = 2 bias_t / 2^s + mu_s, e.g. L/4 for the default
 * schedule. Averaged over 400 transforms the standard error is below 0.05;
 * the test allows 0.2. */
static void test_rounding_bias(void **state)
{
    (void)state;
    enum { N = 64, L = 6, TRIALS = 400 };
    int16_t in[2 * N], out[2 * N];
    float complex ref[N];
    tu_rng r;
    tu_rng_seed(&r, 5);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int sk = 0; sk < 2; sk++) {
        uint8_t sh[L];
        make_sched(sk ? SCHED_ALL2 : SCHED_DEFAULT, L, 0, sh);
        double want = 0;
        for (int t = 0; t < L; t++)
            want = 2 * want / (1 << sh[t]) + (sh[t] == 1 ? 0.25 : 0.125);
        for (int p = 0; p < np; p++) {
            lte_fft_fx *f = make_fx(N, LTE_FFT_FORWARD, sh, paths[p]);
            double mre = 0, mim = 0;
            for (int trial = 0; trial < TRIALS; trial++) {
                for (int i = 0; i < 2 * N; i++)
                    in[i] = (int16_t)((int32_t)(tu_rand(&r) >> 17) - 16384);
                assert_int_equal(lte_fft_fx_execute(f, in, out), 0);
                reference(N, LTE_FFT_FORWARD, lte_fft_fx_total_shift(f), in, ref);
                mre += (out[0] - crealf(ref[0])) / TRIALS;
                mim += (out[1] - cimagf(ref[0])) / TRIALS;
            }
            if (p == 0)
                printf("bin 0 mean error (%s schedule): %.3f%+.3fj, predicted %.3f\n",
                       sched_name[sk ? SCHED_ALL2 : SCHED_DEFAULT], mre, mim, want);
            assert_true(fabs(mre - want) < 0.2 && fabs(mim - want) < 0.2);
            lte_fft_fx_destroy(f);
        }
    }
}

/* Block floating point: (1) the result equals the fixed-schedule model run
 * with the reported shifts, bit for bit, on every path; (2) the first shift
 * follows the thresholds of section 6 at their edges; (3) no stage saturates,
 * so the worst-case bound derived for the reported schedule holds against
 * the float FFT scaled by 2^-S; (4) a small input keeps its bits: S < L and
 * a better SQNR than the default 1/N schedule. */
static void test_bfp(void **state)
{
    (void)state;
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    int16_t *in = malloc(4 * NMAX), *o0 = malloc(4 * NMAX), *o1 = malloc(4 * NMAX);
    float complex *ref = malloc(sizeof(float complex) * NMAX);
    tu_rng r;
    tu_rng_seed(&r, 31);
    static const int amps[] = {32767, 23170, 23169, 11585, 11584, 300, 3};
    for (int n = 64; n <= NMAX; n *= 2)
        for (int dir = 0; dir < 2; dir++)
            for (int ai = 0; ai < 7; ai++) {
                int l = 0, amp = amps[ai];
                while ((1 << l) < n)
                    l++;
                for (int i = 0; i < 2 * n; i++)
                    in[i] = (int16_t)lround((2 * tu_uniform(&r) - 1) * amp);
                in[2 * (n / 3) + 1] = (int16_t)-amp; /* the max is exactly amp */
                lte_fft_fx *f = make_fx(n, (lte_fft_dir)dir, NULL, LTE_SIMD_SCALAR);
                int S;
                uint8_t used[LTE_FFT_FX_LMAX];
                assert_int_equal(lte_fft_fx_execute_bfp(f, in, o0, &S, used), 0);
                assert_int_equal(used[0], amp <= 11584 ? 0 : amp <= 23169 ? 1 : 2);
                int sum = 0;
                for (int t = 0; t < l; t++)
                    sum += used[t];
                assert_int_equal(S, sum);
                lte_fft_fx *fixed = make_fx(n, (lte_fft_dir)dir, used, LTE_SIMD_SCALAR);
                assert_int_equal(lte_fft_fx_execute(fixed, in, o1), 0);
                assert_memory_equal(o0, o1, 4 * (size_t)n);
                lte_fft_fx_destroy(fixed);
                for (int p = 0; p < np; p++) {
                    lte_fft_fx *fp = make_fx(n, (lte_fft_dir)dir, NULL, paths[p]);
                    int S2;
                    uint8_t used2[LTE_FFT_FX_LMAX];
                    assert_int_equal(lte_fft_fx_execute_bfp(fp, in, o1, &S2, used2), 0);
                    assert_int_equal(S2, S);
                    assert_memory_equal(used, used2, (size_t)l);
                    assert_memory_equal(o0, o1, 4 * (size_t)n);
                    lte_fft_fx_destroy(fp);
                }
                bounds b = derive(l, 0, used, 2.0 / 3.0);
                reference(n, (lte_fft_dir)dir, S, in, ref);
                double maxerr = 0, mse = 0, pref = 0, peak = 0;
                for (int k = 0; k < n; k++) {
                    double complex d = CMPLX(o0[2 * k], o0[2 * k + 1]) - ref[k];
                    maxerr = fmax(maxerr, cabs(d));
                    mse += creal(d * conj(d)) / n;
                    pref += crealf(ref[k] * conjf(ref[k])) / n;
                    peak = fmax(peak, cabsf(ref[k]));
                }
                assert_true(maxerr <= b.emax + l * ldexp(peak, -20));
                if (amp == 300) {
                    /* the default schedule on the same input, for comparison */
                    int16_t *o2 = o1;
                    assert_int_equal(lte_fft_fx_execute(f, in, o2), 0);
                    reference(n, (lte_fft_dir)dir, l, in, ref);
                    double mse_def = 0, pdef = 0;
                    for (int k = 0; k < n; k++) {
                        double complex d = CMPLX(o2[2 * k], o2[2 * k + 1]) - ref[k];
                        mse_def += creal(d * conj(d)) / n;
                        pdef += crealf(ref[k] * conjf(ref[k])) / n;
                    }
                    assert_true(S < l);
                    assert_true(pref / mse > pdef / mse_def);
                    if (dir == 0 && (n == 128 || n == 2048))
                        printf("n=%4d input amplitude 300: BFP exponent %d, SQNR %.1f dB; "
                               "default schedule %.1f dB\n",
                               n, S, 10 * log10(pref / mse), 10 * log10(pdef / mse_def));
                }
                lte_fft_fx_destroy(f);
            }
    free(in);
    free(o0);
    free(o1);
    free(ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_twiddle_table), cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_vs_float),      cmocka_unit_test(test_single_tone),
        cmocka_unit_test(test_saturation),    cmocka_unit_test(test_simd_bitexact),
        cmocka_unit_test(test_bfp),           cmocka_unit_test(test_rounding_bias),
        cmocka_unit_test(test_noise_variance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
