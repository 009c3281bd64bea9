/* Tests of OFDM / SC-FDMA modulation and demodulation (36.211 §6.12, §5.6).
 *
 * The modulator is checked against the spec's time-continuous signal
 * sampled directly here (a plain sum over subcarriers in double, with the
 * subcarrier indexing written as in the spec: k^(-) = k + N_sc/2 for
 * k < 0, k^(+) = k + N_sc/2 - 1 for k > 0 in the DL; k + N_sc/2 with the
 * k + 1/2 frequency in the UL), CP included; round trips for every
 * bandwidth, CP, mode and normalisation; Parseval per the header; the
 * demodulator's window offset against a signal arriving early.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/fft.h"
#include "ltephy/ofdm.h"
#include "tests/common/testutil.h"

static const int std_rb[] = {6, 15, 25, 50, 75, 100};
static const int std_n[] = {128, 256, 512, 1024, 1536, 2048};

static lte_ofdm *make(int n_rb, lte_cp cp, lte_ofdm_mode mode, int n_fft, int d,
                      lte_ofdm_norm norm)
{
    lte_ofdm_cfg cfg = {.n_rb = n_rb, .cp = cp, .mode = mode, .fft_size = n_fft,
                        .window_offset = d, .norm = norm};
    lte_ofdm *o = NULL;
    int rc = lte_ofdm_create(&cfg, &o);
    if (rc != 0)
        fail_msg("create n_rb=%d cp=%d mode=%d n=%d d=%d: %s", n_rb, cp, mode, n_fft, d,
                 lte_errdetail());
    return o;
}

static void random_grid(tu_rng *r, float complex *g, int n)
{
    for (int i = 0; i < n; i++)
        g[i] = CMPLXF((float)(tu_gauss(r) * M_SQRT1_2), (float)(tu_gauss(r) * M_SQRT1_2));
}

/* Spec CP lengths at 2048 (Tables 6.12-1 / 5.6-1), written out. */
static int spec_cp(lte_cp cp, int l_slot, int n)
{
    int c = cp == LTE_CP_EXTENDED ? 512 : (l_slot == 0 ? 160 : 144);
    return c * n / 2048;
}

/* x[n] of symbol l (CP included) straight from the §6.12 / §5.6 formula. */
static void spec_symbol(const float complex *a, int n_sc, int n_fft, int n_cp, int ul,
                        double g, double complex *x)
{
    int h = n_sc / 2;
    for (int n = 0; n < n_cp + n_fft; n++)
        x[n] = 0;
    for (int k = -h; k <= h; k++) {
        double complex ak;
        double f; /* frequency in subcarriers */
        if (ul) {
            if (k == h)
                continue;
            ak = a[k + h];
            f = k + 0.5;
        } else {
            if (k == 0)
                continue;
            ak = k < 0 ? a[k + h] : a[k + h - 1];
            f = k;
        }
        if (ak == 0)
            continue;
        for (int n = 0; n < n_cp + n_fft; n++)
            x[n] += ak * cexp(I * 2 * M_PI * f * (n - n_cp) / n_fft);
    }
    for (int n = 0; n < n_cp + n_fft; n++)
        x[n] *= g;
}

static void check_vs_spec(lte_ofdm *o, int ul, double g, const float complex *grid,
                          const float complex *sig)
{
    lte_ofdm_info in;
    assert_int_equal(lte_ofdm_get_info(o, &in), 0);
    double complex *x = malloc(sizeof *x * (size_t)(in.fft_size * 2));
    for (int l = 0; l < in.symbols_per_subframe; l++) {
        int n_cp = spec_cp(in.symbols_per_slot == 7 ? LTE_CP_NORMAL : LTE_CP_EXTENDED,
                           l % in.symbols_per_slot, in.fft_size);
        assert_int_equal(in.cp_len[l], n_cp);
        spec_symbol(grid + l * in.n_sc, in.n_sc, in.fft_size, n_cp, ul, g, x);
        double p = 0, emax = 0;
        for (int i = 0; i < n_cp + in.fft_size; i++)
            p += creal(x[i] * conj(x[i]));
        double rms = sqrt(p / (n_cp + in.fft_size));
        for (int i = 0; i < n_cp + in.fft_size; i++) {
            double e = cabs(sig[in.sym_start[l] + i] - x[i]);
            emax = e > emax ? e : emax;
        }
        if (!(emax <= 1e-5 * rms + 1e-7 * g))
            fail_msg("n_rb=%d n=%d ul=%d l=%d: max err %.3g vs rms %.3g", in.n_rb, in.fft_size,
                     ul, l, emax, rms);
    }
    free(x);
}

/* One active RE per symbol (different k' per symbol, including the band
 * edges and both sides of DC), every CP, both modes, standard and
 * oversampled FFT sizes: output equals the sampled spec formula. */
static void test_single_subcarrier_closed_form(void **state)
{
    (void)state;
    static const struct { int n_rb, n_fft; } cases[] = {
        {6, 0}, {15, 0}, {25, 0}, {6, 512}, {100, 0}, {110, 0}, {7, 384}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        for (int cp = 0; cp < 2; cp++)
            for (int ul = 0; ul < 2; ul++) {
                lte_ofdm *o = make(cases[c].n_rb, (lte_cp)cp, (lte_ofdm_mode)ul, cases[c].n_fft,
                                   0, LTE_OFDM_NORM_UNITARY);
                lte_ofdm_info in;
                lte_ofdm_get_info(o, &in);
                float complex *grid = calloc((size_t)(in.n_sc * 14), sizeof *grid);
                float complex *sig = malloc(sizeof *sig * (size_t)in.subframe_len);
                int h = in.n_sc / 2;
                int ks[14] = {0, in.n_sc - 1, h - 1, h, 1, h + 1, h - 2, 5, in.n_sc - 2, 37 % in.n_sc,
                              h + 7, h - 9, 2, 11};
                for (int l = 0; l < in.symbols_per_subframe; l++)
                    grid[l * in.n_sc + ks[l]] = cexpf(I * 0.7f * (float)l) * (1.0f + 0.1f * (float)l);
                assert_int_equal(lte_ofdm_mod_subframe(o, grid, sig), 0);
                check_vs_spec(o, ul, 1 / sqrt(in.fft_size), grid, sig);
                free(grid);
                free(sig);
                lte_ofdm_destroy(o);
            }
}

/* Random full grids, small bandwidths: the whole subframe equals the spec
 * sum, for both normalisations. */
static void test_full_grid_closed_form(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 21);
    for (int n_rb = 6; n_rb <= 15; n_rb += 9)
        for (int cp = 0; cp < 2; cp++)
            for (int ul = 0; ul < 2; ul++)
                for (int norm = 0; norm < 2; norm++) {
                    lte_ofdm *o = make(n_rb, (lte_cp)cp, (lte_ofdm_mode)ul, 0, 0,
                                       (lte_ofdm_norm)norm);
                    lte_ofdm_info in;
                    lte_ofdm_get_info(o, &in);
                    float complex *grid = malloc(sizeof *grid * (size_t)(in.n_sc * 14));
                    float complex *sig = malloc(sizeof *sig * (size_t)in.subframe_len);
                    random_grid(&r, grid, in.n_sc * in.symbols_per_subframe);
                    assert_int_equal(lte_ofdm_mod_subframe(o, grid, sig), 0);
                    check_vs_spec(o, ul, norm ? 1.0 : 1 / sqrt(in.fft_size), grid, sig);
                    free(grid);
                    free(sig);
                    lte_ofdm_destroy(o);
                }
}

static double max_rel_err(const float complex *a, const float complex *b, int n)
{
    double e = 0, p = 0;
    for (int i = 0; i < n; i++) {
        double d = cabsf(a[i] - b[i]);
        e = d > e ? d : e;
        p += cabsf(b[i]) * cabsf(b[i]);
    }
    return e / sqrt(p / n);
}

/* demod(mod(grid)) == grid for every standard bandwidth, CP, mode, norm and
 * window offset; the per-symbol calls equal the subframe calls bit for bit
 * (also after a demodulation has used the object: scratch must not leak);
 * Parseval per the header. */
static void test_round_trip(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 22);
    for (size_t b = 0; b < sizeof std_rb / sizeof std_rb[0]; b++)
        for (int cp = 0; cp < 2; cp++)
            for (int ul = 0; ul < 2; ul++)
                for (int norm = 0; norm < 2; norm++) {
                    int n = std_n[b], cp_min = cp ? n / 4 : 144 * n / 2048;
                    int d = (norm ? cp_min : cp_min / 2) * (int)((b + (size_t)cp) % 2);
                    lte_ofdm *o = make(std_rb[b], (lte_cp)cp, (lte_ofdm_mode)ul, 0, d,
                                       (lte_ofdm_norm)norm);
                    lte_ofdm_info in;
                    lte_ofdm_get_info(o, &in);
                    assert_int_equal(in.fft_size, n);
                    assert_int_equal(in.subframe_len, 15 * n);
                    assert_true(in.sample_rate_hz == 15000.0 * n);
                    int nre = in.n_sc * in.symbols_per_subframe;
                    float complex *grid = malloc(sizeof *grid * (size_t)nre);
                    float complex *back = malloc(sizeof *back * (size_t)nre);
                    float complex *sig = malloc(sizeof *sig * (size_t)in.subframe_len);
                    /* sig2 + 1: the per-symbol calls see the other alignment (the
                     * FFT runs in place or via scratch: same result) */
                    float complex *sig2 = malloc(sizeof *sig2 * (size_t)(in.subframe_len + 1));
                    random_grid(&r, grid, nre);
                    assert_int_equal(lte_ofdm_mod_subframe(o, grid, sig), 0);
                    memcpy(sig2, sig, sizeof *sig * (size_t)in.subframe_len);
                    assert_int_equal(lte_ofdm_demod_subframe(o, sig, back), 0);
                    /* the demodulator may run the FFT on the input in place of a
                     * copy: it must still leave it untouched */
                    assert_memory_equal(sig, sig2, sizeof *sig * (size_t)in.subframe_len);
                    double e = max_rel_err(back, grid, nre);
                    if (!(e < 1e-5))
                        fail_msg("n_rb=%d cp=%d ul=%d norm=%d d=%d: rel err %.3g", std_rb[b], cp,
                                 ul, norm, d, e);
                    for (int l = 0; l < in.symbols_per_subframe; l++) {
                        float complex *gl = grid + l * in.n_sc, *s = sig2 + 1 + in.sym_start[l];
                        assert_int_equal(lte_ofdm_mod_symbol(o, l, gl, s), 0);
                        assert_memory_equal(s, sig + in.sym_start[l],
                                            sizeof *s * (size_t)(in.cp_len[l] + n));
                        float complex *bl = malloc(sizeof *bl * (size_t)in.n_sc);
                        assert_int_equal(lte_ofdm_demod_symbol(o, l, s, bl), 0);
                        assert_memory_equal(bl, back + l * in.n_sc, sizeof *bl * (size_t)in.n_sc);
                        free(bl);
                        /* Parseval over the useful part */
                        double et = 0, ef = 0;
                        for (int i = 0; i < n; i++)
                            et += cabsf(s[in.cp_len[l] + i]) * cabsf(s[in.cp_len[l] + i]);
                        for (int k = 0; k < in.n_sc; k++)
                            ef += cabsf(gl[k]) * cabsf(gl[k]);
                        double want = norm ? ef * n : ef;
                        assert_true(fabs(et - want) < 1e-5 * want);
                    }
                    free(grid);
                    free(back);
                    free(sig);
                    free(sig2);
                    lte_ofdm_destroy(o);
                }
}

/* A signal that arrives tau samples early (0 < tau <= d) demodulates, with a
 * window offset d, to a_k e^{+j 2 pi k tau / N} (k the signed subcarrier
 * frequency, k + 1/2 in the UL minus the half, which is applied per sample)
 * without inter-symbol interference; with d = 0 the same signal does
 * suffer interference (so the window offset is what helps). */
static void test_window_offset_timing(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 23);
    for (int ul = 0; ul < 2; ul++) {
        int n_rb = 25, n = 512, d = 20, tau = 13;
        lte_ofdm *od = make(n_rb, LTE_CP_NORMAL, (lte_ofdm_mode)ul, 0, d, LTE_OFDM_NORM_UNITARY);
        lte_ofdm *o0 = make(n_rb, LTE_CP_NORMAL, (lte_ofdm_mode)ul, 0, 0, LTE_OFDM_NORM_UNITARY);
        lte_ofdm_info in;
        lte_ofdm_get_info(od, &in);
        int nre = in.n_sc * 14, len = in.subframe_len;
        float complex *grid = malloc(sizeof *grid * (size_t)nre), *back = malloc(sizeof *back * (size_t)nre);
        float complex *sig = calloc((size_t)len * 2, sizeof *sig);
        random_grid(&r, grid, nre);
        /* two identical subframes back to back, so early arrival is real signal */
        lte_ofdm_mod_subframe(od, grid, sig);
        lte_ofdm_mod_subframe(od, grid, sig + len);
        assert_int_equal(lte_ofdm_demod_subframe(od, sig + tau, back), 0);
        double emax = 0;
        for (int l = 0; l < 14; l++)
            for (int kp = 0; kp < in.n_sc; kp++) {
                int k = ul ? kp - in.n_sc / 2 : (kp < in.n_sc / 2 ? kp - in.n_sc / 2 : kp - in.n_sc / 2 + 1);
                /* UL: the per-sample half-subcarrier rotation adds e^{j pi tau/N} */
                double ph = 2 * M_PI * (k + (ul ? 0.5 : 0.0)) * tau / n;
                double complex want = grid[l * in.n_sc + kp] * cexp(I * ph);
                double e = cabs(back[l * in.n_sc + kp] - want);
                emax = e > emax ? e : emax;
            }
        if (!(emax < 1e-4))
            fail_msg("ul=%d: early signal with window offset: max err %.3g", ul, emax);
        assert_int_equal(lte_ofdm_demod_subframe(o0, sig + tau, back), 0);
        double emax0 = 0;
        for (int l = 1; l < 14; l++) /* the symbol after l must leak in */
            for (int kp = 0; kp < in.n_sc; kp++)
                emax0 = fmax(emax0, fabs(cabs(back[l * in.n_sc + kp]) - cabs(grid[l * in.n_sc + kp])));
        assert_true(emax0 > 0.05);
        free(grid);
        free(back);
        free(sig);
        lte_ofdm_destroy(od);
        lte_ofdm_destroy(o0);
    }
}

/* The exact arithmetic of the default (ESTIMATE) path, modelled here with
 * plain float operations around an ESTIMATE out-of-place lte_fft (the same
 * FFTW plan): REs scaled by one product each onto their bins, the transform,
 * the CP copied (DL) or every sample times the table value
 * (float complex)cexp(j pi m / N), one rounding per product and per sum
 * (UL); the demodulator likewise (UL: times the conjugate, then the FFT;
 * output scale, or times the window correction). Bit for bit: what the
 * golden vectors rely on, whatever SIMD path runs the copies. */
static void cmul_model(float complex *d, const float complex *a, float complex b, int conj)
{
    float ar = crealf(*a), ai = cimagf(*a), br = crealf(b), bi = cimagf(b);
    float p0 = ar * br, p1 = ai * br, q0 = ai * bi, q1 = ar * bi;
    *d = conj ? CMPLXF(p0 + q0, p1 - q1) : CMPLXF(p0 - q0, p1 + q1);
}

static void model_subframe(int n_rb, int ul, int d, const float complex *grid,
                           float complex *sig, float complex *rx)
{
    int n = lte_ofdm_std_fft_size(n_rb), n_sc = 12 * n_rb, h = n_sc / 2, pos0 = ul ? 0 : 1;
    float g = (float)(1.0 / sqrt(n));
    lte_fft *inv, *fwd;
    lte_fft_cfg fc = {.n = n, .dir = LTE_FFT_INVERSE, .flags = LTE_FFT_OUT_OF_PLACE};
    assert_int_equal(lte_fft_create(&fc, &inv), 0);
    fc.dir = LTE_FFT_FORWARD;
    assert_int_equal(lte_fft_create(&fc, &fwd), 0);
    float complex *bins = calloc((size_t)n, sizeof *bins), *y = calloc((size_t)n, sizeof *y);
    float complex *rot = malloc(sizeof *rot * (size_t)(n + 160 * n / 2048));
    int cpm = 160 * n / 2048;
    for (int m = -cpm; m < n; m++)
        rot[m + cpm] = (float complex)cexp(I * M_PI * (double)m / n);
    int pos = 0;
    for (int l = 0; l < 14; l++) {
        const float complex *a = grid + l * n_sc;
        int cp = (l % 7 ? 144 : 160) * n / 2048;
        for (int k = 0; k < h; k++) {
            bins[n - h + k] = CMPLXF(g * crealf(a[k]), g * cimagf(a[k]));
            bins[pos0 + k] = CMPLXF(g * crealf(a[h + k]), g * cimagf(a[h + k]));
        }
        assert_int_equal(lte_fft_execute(inv, bins, y), 0);
        float complex *out = sig + pos;
        for (int i = 0; i < cp + n; i++) {
            int m = i - cp, src = (m + n) % n;
            if (ul)
                cmul_model(&out[i], &y[src], rot[m + cpm], 0);
            else
                out[i] = y[src];
        }
        /* demodulation of the same symbol, window d samples early */
        const float complex *w = out + cp - d;
        for (int i = 0; i < n; i++)
            if (ul)
                cmul_model(&bins[i], &w[i], rot[i - d + cpm], 1);
            else
                bins[i] = w[i];
        assert_int_equal(lte_fft_execute(fwd, bins, y), 0);
        for (int kp = 0; kp < n_sc; kp++) {
            int k = kp < h ? kp - h : kp - h + 1 - (ul ? 1 : 0); /* signed bin */
            const float complex *v = &y[(k + n) % n];
            if (d == 0) {
                rx[l * n_sc + kp] = CMPLXF(g * crealf(*v), g * cimagf(*v));
            } else {
                long kd = ((long)k * d) % n;
                float complex c = g * (float complex)cexp(I * 2.0 * M_PI * (double)kd / n);
                cmul_model(&rx[l * n_sc + kp], v, c, 0);
            }
        }
        memset(bins, 0, sizeof *bins * (size_t)n);
        pos += cp + n;
    }
    free(bins);
    free(y);
    free(rot);
    lte_fft_destroy(inv);
    lte_fft_destroy(fwd);
}

static void test_bit_exact_model(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 31);
    const int rbs[] = {25, 100};
    for (int b = 0; b < 2; b++)
        for (int ul = 0; ul < 2; ul++)
            for (int d = 0; d <= 72; d += 72) {
                int n_rb = rbs[b], n = lte_ofdm_std_fft_size(n_rb), n_sc = 12 * n_rb;
                int dd = d * n / 2048;
                lte_ofdm *o = make(n_rb, LTE_CP_NORMAL, (lte_ofdm_mode)ul, 0, dd,
                                   LTE_OFDM_NORM_UNITARY);
                float complex *grid = malloc(sizeof *grid * (size_t)(14 * n_sc));
                float complex *s1 = aligned_alloc(64, sizeof *s1 * (size_t)(15 * n));
                float complex *s2 = aligned_alloc(64, sizeof *s2 * (size_t)(15 * n));
                float complex *g1 = malloc(sizeof *g1 * (size_t)(14 * n_sc));
                float complex *g2 = malloc(sizeof *g2 * (size_t)(14 * n_sc));
                random_grid(&r, grid, 14 * n_sc);
                assert_int_equal(lte_ofdm_mod_subframe(o, grid, s1), 0);
                assert_int_equal(lte_ofdm_demod_subframe(o, s1, g1), 0);
                model_subframe(n_rb, ul, dd, grid, s2, g2);
                if (memcmp(s1, s2, sizeof *s1 * (size_t)(15 * n)) != 0)
                    fail_msg("mod n_rb=%d ul=%d d=%d: not the model's bits", n_rb, ul, dd);
                if (memcmp(g1, g2, sizeof *g1 * (size_t)(14 * n_sc)) != 0)
                    fail_msg("demod n_rb=%d ul=%d d=%d: not the model's bits", n_rb, ul, dd);
                free(grid);
                free(s1);
                free(s2);
                free(g1);
                free(g2);
                lte_ofdm_destroy(o);
            }
}

/* Golden vectors need the default (ESTIMATE) plans to be reproducible: two
 * objects give bit-identical subframes. MEASURE plans may round differently
 * (and PATIENT ones) but agree to float accuracy. */
static void test_reproducible_and_measure(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 24);
    for (int ul = 0; ul < 2; ul++) {
        lte_ofdm_cfg cfg = {.n_rb = 75, .mode = (lte_ofdm_mode)ul};
        lte_ofdm *a, *b, *m;
        assert_int_equal(lte_ofdm_create(&cfg, &a), 0);
        assert_int_equal(lte_ofdm_create(&cfg, &b), 0);
        cfg.fft_flags = LTE_FFT_MEASURE;
        assert_int_equal(lte_ofdm_create(&cfg, &m), 0);
        int nre = 900 * 14, len = 15 * 1536;
        float complex *grid = malloc(sizeof *grid * (size_t)nre);
        float complex *s1 = malloc(sizeof *s1 * (size_t)len), *s2 = malloc(sizeof *s2 * (size_t)len);
        float complex *s3 = malloc(sizeof *s3 * (size_t)len);
        random_grid(&r, grid, nre);
        lte_ofdm_mod_subframe(a, grid, s1);
        lte_ofdm_mod_subframe(b, grid, s2);
        assert_memory_equal(s1, s2, sizeof *s1 * (size_t)len);
        lte_ofdm_mod_subframe(m, grid, s3);
        assert_true(max_rel_err(s3, s1, len) < 1e-5);
        free(grid);
        free(s1);
        free(s2);
        free(s3);
        lte_ofdm_destroy(a);
        lte_ofdm_destroy(b);
        lte_ofdm_destroy(m);
    }
    /* PATIENT (small: its planning is slow) agrees to float accuracy too */
    lte_ofdm_cfg cfg = {.n_rb = 6};
    lte_ofdm *e, *p;
    assert_int_equal(lte_ofdm_create(&cfg, &e), 0);
    cfg.fft_flags = LTE_FFT_PATIENT;
    assert_int_equal(lte_ofdm_create(&cfg, &p), 0);
    float complex grid[72 * 14], s1[15 * 128], s2[15 * 128];
    random_grid(&r, grid, 72 * 14);
    lte_ofdm_mod_subframe(e, grid, s1);
    lte_ofdm_mod_subframe(p, grid, s2);
    assert_true(max_rel_err(s2, s1, 15 * 128) < 1e-5);
    lte_ofdm_destroy(e);
    lte_ofdm_destroy(p);
}

/* Standard FFT sizes and sample rates (the pairs of the header), CP tables. */
static void test_sizes_and_info(void **state)
{
    (void)state;
    for (size_t b = 0; b < sizeof std_rb / sizeof std_rb[0]; b++)
        assert_int_equal(lte_ofdm_std_fft_size(std_rb[b]), std_n[b]);
    assert_int_equal(lte_ofdm_std_fft_size(110), 2048);
    assert_int_equal(lte_ofdm_std_fft_size(5), LTE_EINVAL);
    lte_ofdm *o = make(100, LTE_CP_NORMAL, LTE_OFDM_DL, 0, 0, LTE_OFDM_NORM_UNITARY);
    lte_ofdm_info in;
    lte_ofdm_get_info(o, &in);
    assert_int_equal(in.n_sc, 1200);
    assert_true(in.sample_rate_hz == 30.72e6);
    assert_int_equal(in.symbols_per_subframe, 14);
    assert_int_equal(in.cp_len[0], 160);
    assert_int_equal(in.cp_len[1], 144);
    assert_int_equal(in.cp_len[7], 160);
    assert_int_equal(in.sym_start[7], 15360); /* slot boundary, 0.5 ms */
    assert_int_equal(in.subframe_len, 30720);
    lte_ofdm_destroy(o);
    o = make(6, LTE_CP_EXTENDED, LTE_OFDM_UL_SCFDMA, 0, 0, LTE_OFDM_NORM_UNITARY);
    lte_ofdm_get_info(o, &in);
    assert_int_equal(in.symbols_per_subframe, 12);
    assert_int_equal(in.cp_len[0], 32);
    assert_int_equal(in.cp_len[11], 32);
    assert_int_equal(in.sym_start[6], 960);
    assert_int_equal(in.subframe_len, 1920);
    lte_ofdm_destroy(o);
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_ofdm_cfg cfg = {.n_rb = 25};
    lte_ofdm *o = (lte_ofdm *)&o;
    cfg.n_rb = 5;
    assert_int_equal(lte_ofdm_create(&cfg, &o), LTE_EINVAL);
    assert_null(o);
    cfg.n_rb = 111;
    assert_int_equal(lte_ofdm_create(&cfg, &o), LTE_EINVAL);
    cfg.n_rb = 25;
    cfg.cp = (lte_cp)2;
    assert_int_equal(lte_ofdm_create(&cfg, &o), LTE_EINVAL);
    cfg.cp = LTE_CP_NORMAL;
    cfg.mode = (lte_ofdm_mode)2;
    assert_int_equal(lte_ofdm_create(&cfg, &o), LTE_EINVAL);
    cfg.mode = LTE_OFDM_DL;
    cfg.norm = (lte_ofdm_norm)9;
    assert_int_equal(lte_ofdm_create(&cfg, &o), LTE_EINVAL);
    cfg.norm = LTE_OFDM_NORM_UNITARY;
    cfg.fft_size = 500; /* not a multiple of 128 */
    assert_int_equal(lte_ofdm_create(&cfg, &o), LTE_EINVAL);
    cfg.fft_size = 256; /* 300 subcarriers do not fit */
    assert_int_equal(lte_ofdm_create(&cfg, &o), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "too small"));
    cfg.fft_size = 0;
    cfg.window_offset = 37; /* > 36 = shortest CP at 512 */
    assert_int_equal(lte_ofdm_create(&cfg, &o), LTE_EINVAL);
    cfg.window_offset = -1;
    assert_int_equal(lte_ofdm_create(&cfg, &o), LTE_EINVAL);
    cfg.window_offset = 36;
    cfg.fft_flags = LTE_FFT_UNALIGNED;
    assert_int_equal(lte_ofdm_create(&cfg, &o), LTE_EINVAL);
    cfg.fft_flags = 0;
    assert_int_equal(lte_ofdm_create(NULL, &o), LTE_EINVAL);
    assert_int_equal(lte_ofdm_create(&cfg, NULL), LTE_EINVAL);
    assert_int_equal(lte_ofdm_create(&cfg, &o), 0);
    float complex *buf = calloc(512 * 15, sizeof *buf);
    assert_int_equal(lte_ofdm_mod_symbol(o, 14, buf, buf), LTE_EINVAL);
    assert_int_equal(lte_ofdm_mod_symbol(o, -1, buf, buf), LTE_EINVAL);
    assert_int_equal(lte_ofdm_demod_symbol(o, 14, buf, buf), LTE_EINVAL);
    assert_int_equal(lte_ofdm_mod_subframe(o, NULL, buf), LTE_EINVAL);
    assert_int_equal(lte_ofdm_demod_subframe(o, buf, NULL), LTE_EINVAL);
    assert_int_equal(lte_ofdm_mod_subframe(NULL, buf, buf), LTE_EINVAL);
    assert_int_equal(lte_ofdm_get_info(o, NULL), LTE_EINVAL);
    lte_ofdm_destroy(o);
    lte_ofdm_destroy(NULL);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_subcarrier_closed_form),
        cmocka_unit_test(test_full_grid_closed_form),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_window_offset_timing),
        cmocka_unit_test(test_bit_exact_model),
        cmocka_unit_test(test_reproducible_and_measure),
        cmocka_unit_test(test_sizes_and_info),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
