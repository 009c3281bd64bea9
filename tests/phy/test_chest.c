/* Tests of CRS channel estimation (chest.h).
 *
 * Least squares against a closed form (a grid that is the CRS times a known
 * constant); the full estimator against the true frequency response of a
 * static multipath channel from channel.h (taps at whole-sample delays, so
 * H(f) = sum_l g_l e^{-j 2 pi f tau_l} exactly at the subcarrier
 * frequencies of 36.211 §6.12), the transmitted subframe built from the grid
 * (grid.h: CRS on every port, random QPSK elsewhere) and OFDM (ofdm.h);
 * the noise-variance estimate against the variance the test adds.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/channel.h"
#include "ltephy/chest.h"
#include "ltephy/error.h"
#include "ltephy/grid.h"
#include "ltephy/ofdm.h"
#include "ltephy/rng.h"
#include "ltephy/sync.h"
#include "tests/common/testutil.h"

#define NRX 2

static void cell_init(lte_cell_cfg *c, int n_rb, int n_ports, lte_cp cp)
{
    lte_cell_cfg_init(c);
    c->n_rb = n_rb;
    c->n_ports = n_ports;
    c->cp = cp;
    c->cell_id = 17;
}

static void test_ls_closed_form(void **state)
{
    (void)state;
    lte_cell_cfg c;
    cell_init(&c, 15, 4, LTE_CP_NORMAL);
    int nsc = 180;
    float complex *g = calloc(nsc * 14, sizeof *g);
    const float complex h = 0.3f - 1.7f * I;
    for (int p = 0; p < 4; p++) {
        memset(g, 0, nsc * 14 * sizeof *g);
        assert_int_equal(lte_crs_map(&c, 3, p, 1.0f, g), 0);
        for (int i = 0; i < nsc * 14; i++)
            g[i] *= h;
        for (int l = 0; l < 14; l++) {
            float complex ls[LTE_CRS_SEQ_LEN];
            uint16_t k[LTE_CRS_SEQ_LEN];
            int n = lte_chest_ls(&c, 3, p, l, g, ls, k);
            /* ports 0,1: l = 0, 4 of each slot; ports 2,3: l = 1 (§6.10.1.2) */
            int has = p < 2 ? (l % 7 == 0 || l % 7 == 4) : l % 7 == 1;
            assert_int_equal(n, has ? 30 : 0);
            for (int m = 0; m < n; m++) {
                assert_true(cabsf(ls[m] - h) < 1e-5f);
                assert_int_equal(k[m] % 6, k[0] % 6);
            }
        }
    }
    free(g);
}

typedef struct run_out {
    double nmse_db; /* mean |H^ - H|^2 / mean |H|^2 over every RE, port, antenna */
    double n0_est;
    int pairs;      /* complex samples behind the noise estimate */
} run_out;

/* True response of port p at receive antenna r on grid subcarrier k. */
static float complex true_h(const float complex *g, const double *tau, int nt, int n_tx, int p,
                            int r, int k, int nsc)
{
    int f = k < nsc / 2 ? k - nsc / 2 : k - nsc / 2 + 1; /* §6.12 */
    double complex s = 0;
    for (int l = 0; l < nt; l++)
        s += g[(l * n_tx + p) * NRX + r] * cexp(-2.0 * I * M_PI * 15000.0 * f * tau[l]);
    return (float complex)s;
}

/* run_ex: the channel's paths reach the receiver t_lead_s earlier than the
 * timing reference (as when a cell search locked onto a later path): a
 * phase ramp e^{+j 2 pi f t_lead} on the demodulated grid, and the same lead
 * in the true response; the estimator models a delay profile starting
 * early_s before the reference (chest.h delay_early_s). */
static run_out run_ex(int n_rb, int n_ports, lte_cp cp, double n0, lte_chest_freq fm,
                      lte_chest_time tm, uint64_t seed, double t_lead_s, double early_s);

static run_out run(int n_rb, int n_ports, lte_cp cp, double n0, lte_chest_freq fm,
                   lte_chest_time tm, uint64_t seed)
{
    return run_ex(n_rb, n_ports, cp, n0, fm, tm, seed, 0.0, 0.0);
}

static run_out run_ex(int n_rb, int n_ports, lte_cp cp, double n0, lte_chest_freq fm,
                      lte_chest_time tm, uint64_t seed, double t_lead_s, double early_s)
{
    lte_cell_cfg c;
    cell_init(&c, n_rb, n_ports, cp);
    lte_grid *g = NULL;
    assert_int_equal(lte_grid_create(&c, &g), 0);
    assert_int_equal(lte_grid_set_subframe(g, 1), 0);
    assert_int_equal(lte_grid_put_signals(g, 1.0f, 1.0f), 0);
    lte_rng rng;
    lte_rng_seed(&rng, seed);
    for (int p = 0; p < n_ports; p++)
        for (int i = 0; i < g->n_re; i++)
            if (g->map[i] != LTE_RE_CRS && g->map[i] != LTE_RE_UNUSED)
                g->port[p][i] = ((lte_rng_u32(&rng) & 1) ? 0.7071f : -0.7071f) +
                                I * ((lte_rng_u32(&rng) & 2) ? 0.7071f : -0.7071f);
    lte_ofdm_cfg oc = {.n_rb = n_rb, .cp = cp};
    lte_ofdm *o = NULL;
    assert_int_equal(lte_ofdm_create(&oc, &o), 0);
    lte_ofdm_info in;
    lte_ofdm_get_info(o, &in);
    int L = in.subframe_len, nsc = in.n_sc, nre = nsc * in.symbols_per_subframe;
    /* static channel: three taps at 0, 3 and 7 samples (0.39 and 0.91 us at
     * 7.68 Msps), 0 / -3 / -6 dB; f_D = 0 */
    double dn[3] = {0, 3e9 / in.sample_rate_hz, 7e9 / in.sample_rate_hz}, pw[3] = {0, -3, -6};
    lte_channel_cfg cc = {.model = LTE_CHANNEL_CUSTOM, .fs_hz = in.sample_rate_hz,
                          .n_tx = n_ports, .n_rx = NRX, .seed = seed, .n_taps = 3,
                          .delays_ns = dn, .powers_db = pw};
    lte_channel *ch = NULL;
    assert_int_equal(lte_channel_create(&cc, &ch), 0);
    float complex *tx[4], *rx[NRX], *rg[NRX], *h[NRX * 4];
    for (int p = 0; p < n_ports; p++) {
        tx[p] = malloc(L * sizeof *tx[p]);
        assert_int_equal(lte_ofdm_mod_subframe(o, g->port[p], tx[p]), 0);
    }
    lte_rng nr;
    lte_rng_seed(&nr, seed + 1);
    for (int r = 0; r < NRX; r++) {
        rx[r] = malloc(L * sizeof *rx[r]);
        rg[r] = malloc(nre * sizeof *rg[r]);
        for (int p = 0; p < n_ports; p++)
            h[r * n_ports + p] = malloc(nre * sizeof *h[0]);
    }
    assert_int_equal(lte_channel_run(ch, (const float complex *const *)tx, L, 0, rx), 0);
    for (int r = 0; r < NRX; r++) {
        /* unitary OFDM: noise of variance n0 per sample is n0 per RE */
        assert_int_equal(lte_awgn_add(&nr, rx[r], L, n0), 0);
        assert_int_equal(lte_ofdm_demod_subframe(o, rx[r], rg[r]), 0);
        for (int i = 0; t_lead_s != 0 && i < nre; i++) {
            int k = i % nsc, f = k < nsc / 2 ? k - nsc / 2 : k - nsc / 2 + 1; /* §6.12 */
            rg[r][i] *= (float complex)cexp(2.0 * I * M_PI * 15000.0 * f * t_lead_s);
        }
    }
    lte_chest_cfg ec;
    lte_chest_cfg_init(&ec, &c);
    ec.n_rx = NRX;
    ec.freq = fm;
    ec.time = tm;
    ec.snr_db = 10 * log10(1.0 / n0);
    ec.delay_spread_s = 0.4e-6;
    ec.delay_early_s = early_s;
    lte_chest *est = NULL;
    assert_int_equal(lte_chest_create(&ec, &est), 0);
    float n0e = -1;
    assert_int_equal(lte_chest_estimate(est, 1, (const float complex *const *)rg, h, &n0e), 0);
    float complex gains[3 * 4 * NRX];
    double taus[3];
    int nt = 0;
    assert_int_equal(lte_channel_gains(ch, 0.0, gains), 0);
    assert_int_equal(lte_channel_taps(ch, &nt, taus, NULL), 0);
    for (int l = 0; l < nt; l++)
        taus[l] -= t_lead_s;
    double e = 0, s = 0;
    for (int r = 0; r < NRX; r++)
        for (int p = 0; p < n_ports; p++)
            for (int i = 0; i < nre; i++) {
                float complex ht = true_h(gains, taus, nt, n_ports, p, r, i % nsc, nsc);
                e += pow(cabsf(h[r * n_ports + p][i] - ht), 2);
                s += pow(cabsf(ht), 2);
            }
    run_out out = {10 * log10(e / s), n0e, NRX * (n_ports < 2 ? n_ports : 2) * 2 * 2 * n_rb};
    lte_chest_destroy(est);
    lte_channel_destroy(ch);
    lte_ofdm_destroy(o);
    lte_grid_destroy(g);
    for (int p = 0; p < n_ports; p++)
        free(tx[p]);
    for (int r = 0; r < NRX; r++) {
        free(rx[r]);
        free(rg[r]);
        for (int p = 0; p < n_ports; p++)
            free(h[r * n_ports + p]);
    }
    return out;
}

static void test_high_snr(void **state)
{
    (void)state;
    /* 40 dB SNR. Error budget, linear interpolation: the longest path (0.91 us)
     * turns the response by 2 pi 90 kHz 0.91 us = 0.52 rad between pilots,
     * and a chord of a phasor turning by theta deviates by up to theta^2/8 =
     * 0.034 of its amplitude (-29 dB at the worst point of the -6 dB tap,
     * below -40 dB averaged over the band); the noise adds at most -40 dB
     * (LS) less the interpolation gain. So -32 dB passes a correct estimator,
     * while a wrong CRS, port, subcarrier mapping or sign would be near
     * 0 dB or above. */
    for (int P = 1; P <= 4; P *= 2)
        for (int cp = 0; cp < 2; cp++)
            for (int fm = 0; fm < 2; fm++) {
                run_out o = run(25, P, (lte_cp)cp, 1e-4, (lte_chest_freq)fm, LTE_CHEST_TIME_LINEAR,
                                10 + P);
                print_message("ports %d cp %d %s: NMSE %.1f dB, n0 %.2e (true 1e-4)\n", P, cp,
                              fm ? "wiener" : "linear", o.nmse_db, o.n0_est);
                assert_true(o.nmse_db < -32.0);
            }
}

static void test_noise_variance(void **state)
{
    (void)state;
    /* 10 dB SNR: the estimate averages M = pairs exponential terms of mean
     * n0, so its relative standard deviation is 1/sqrt(M) (7% for M = 200);
     * the tolerance is 3.5 of those. */
    for (int P = 1; P <= 4; P *= 2)
        for (int cp = 0; cp < 2; cp++) {
            run_out o = run(25, P, (lte_cp)cp, 0.1, LTE_CHEST_FREQ_LINEAR, LTE_CHEST_TIME_LINEAR,
                            100 + P + cp);
            double tol = 3.5 / sqrt((double)o.pairs);
            print_message("ports %d cp %d: n0 %.4f (true 0.1, tolerance %.0f%%)\n", P, cp,
                          o.n0_est, 100 * tol);
            assert_true(fabs(o.n0_est / 0.1 - 1.0) < tol);
        }
}

static void test_low_snr_smoothing(void **state)
{
    (void)state;
    /* At 0 dB the estimate is noise limited: the Wiener filter (8 pilots)
     * averages noise that linear interpolation (2 pilots) keeps, and averaging
     * the 4 CRS symbols of a static channel beats interpolating between
     * them. Both are properties a wrong filter would not have. */
    run_out lin = run(25, 2, LTE_CP_NORMAL, 1.0, LTE_CHEST_FREQ_LINEAR, LTE_CHEST_TIME_LINEAR, 7);
    run_out wie = run(25, 2, LTE_CP_NORMAL, 1.0, LTE_CHEST_FREQ_WIENER, LTE_CHEST_TIME_LINEAR, 7);
    run_out avg = run(25, 2, LTE_CP_NORMAL, 1.0, LTE_CHEST_FREQ_WIENER, LTE_CHEST_TIME_AVERAGE, 7);
    print_message("0 dB: linear %.1f dB, wiener %.1f dB, wiener+average %.1f dB\n", lin.nmse_db,
                  wie.nmse_db, avg.nmse_db);
    assert_true(wie.nmse_db < lin.nmse_db - 2.0);
    assert_true(avg.nmse_db < wie.nmse_db - 1.0);
}

static void test_wiener_early_paths(void **state)
{
    (void)state;
    /* The paths (0, 0.39, 0.91 us) arrive 1.5 us before the timing reference,
     * i.e. at -1.5 .. -0.59 us. A causal model (early 0) has no correlation
     * for negative delays: its weights treat most of the channel as noise.
     * A model starting 1.6 us early covers the paths. At 30 dB the covered
     * estimate is noise limited (< -28 dB with the Wiener gain), the causal
     * one at least 10 dB worse; with no lead, the wider model costs little
     * (within 3 dB of the causal one, both < -32 dB as in test_high_snr). */
    for (int P = 1; P <= 2; P++) {
        run_out causal = run_ex(25, P, LTE_CP_NORMAL, 1e-3, LTE_CHEST_FREQ_WIENER,
                                LTE_CHEST_TIME_LINEAR, 40 + P, 1.5e-6, 0.0);
        run_out early = run_ex(25, P, LTE_CP_NORMAL, 1e-3, LTE_CHEST_FREQ_WIENER,
                               LTE_CHEST_TIME_LINEAR, 40 + P, 1.5e-6, 1.6e-6);
        run_out base = run_ex(25, P, LTE_CP_NORMAL, 1e-4, LTE_CHEST_FREQ_WIENER,
                              LTE_CHEST_TIME_LINEAR, 40 + P, 0.0, 0.0);
        run_out wide = run_ex(25, P, LTE_CP_NORMAL, 1e-4, LTE_CHEST_FREQ_WIENER,
                              LTE_CHEST_TIME_LINEAR, 40 + P, 0.0, 1.6e-6);
        print_message("ports %d, paths 1.5 us early: causal model %.1f dB, early model %.1f dB; "
                      "no lead: causal %.1f dB, early %.1f dB\n",
                      P, causal.nmse_db, early.nmse_db, base.nmse_db, wide.nmse_db);
        assert_true(early.nmse_db < -28.0);
        assert_true(causal.nmse_db > early.nmse_db + 10.0);
        assert_true(wide.nmse_db < -32.0 && wide.nmse_db < base.nmse_db + 3.0);
    }
}

static void test_tdd_special(void **state)
{
    (void)state;
    /* TDD special subframe configuration 0: DwPTS is 3 symbols, so port 0
     * has one CRS symbol and no slot pair; the noise estimate falls back to
     * second differences across pilots, unbiased for a flat channel. Built
     * directly in the frequency domain: Y = h X + N. */
    lte_cell_cfg c;
    cell_init(&c, 50, 1, LTE_CP_NORMAL);
    c.duplex = LTE_TDD;
    c.ssf_config = 0;
    int nsc = 600, nre = nsc * 14;
    float complex *x = calloc(nre, sizeof *x), *h = malloc(nre * sizeof *h);
    assert_int_equal(lte_crs_map(&c, 1, 0, 1.0f, x), 0);
    const float complex g = 0.8f + 0.6f * I;
    const double n0 = 0.05;
    lte_rng r;
    lte_rng_seed(&r, 3);
    for (int i = 0; i < nre; i++)
        x[i] *= g;
    assert_int_equal(lte_awgn_add(&r, x, nre, n0), 0);
    lte_chest_cfg ec;
    lte_chest_cfg_init(&ec, &c);
    lte_chest *ch = NULL;
    assert_int_equal(lte_chest_create(&ec, &ch), 0);
    const float complex *rx[1] = {x};
    float complex *hp[1] = {h};
    float n0e = 0;
    assert_int_equal(lte_chest_estimate(ch, 1, rx, hp, &n0e), 0);
    /* 100 pilots, 98 second differences: relative std 1/sqrt(98) = 10% */
    print_message("DwPTS: n0 %.4f (true %.2f)\n", n0e, n0);
    assert_true(fabs(n0e / n0 - 1) < 0.35);
    double e = 0;
    for (int i = 0; i < 3 * nsc; i++)
        e += pow(cabsf(h[i] - g), 2) / (3 * nsc);
    assert_true(e < n0); /* interpolation averages the LS noise down */
    for (int i = 3 * nsc; i < nre; i++)
        assert_true(h[i] == 0); /* GP and UpPTS: no downlink */
    lte_chest_destroy(ch);
    free(x);
    free(h);
}

/* Linear frequency and time interpolation against a plain double-precision
 * version written here from the definition (chest.h): piecewise linear
 * through the LS pilots of each CRS symbol, extended linearly beyond the
 * first and last pilot; in time, linear between CRS symbols and held
 * before the first / after the last. Random received grid, every port of
 * 1/2/4-port cells, both CPs, FDD and a TDD special subframe. Checks the
 * hand-vectorised interpolation loops of chest.c. */
static void test_linear_interp_vs_plain(void **state)
{
    (void)state;
    lte_rng r;
    lte_rng_seed(&r, 99);
    for (int P = 1; P <= 4; P *= 2)
        for (int cp = 0; cp < 2; cp++)
            for (int tdd = 0; tdd < 2; tdd++) {
                lte_cell_cfg c;
                cell_init(&c, 100, P, (lte_cp)cp);
                c.cell_id = 301;
                if (tdd) {
                    c.duplex = LTE_TDD;
                    c.ssf_config = cp ? 4 : 7;
                }
                int sf = 1, nsc = 1200, nsym = cp ? 12 : 14, nre = nsc * nsym;
                float complex *y = malloc(nre * sizeof *y), *h[4];
                for (int i = 0; i < nre; i++)
                    y[i] = CMPLXF((float)lte_rng_gauss(&r), (float)lte_rng_gauss(&r));
                for (int p = 0; p < P; p++)
                    h[p] = malloc(nre * sizeof *h[p]);
                lte_chest_cfg ec;
                lte_chest_cfg_init(&ec, &c);
                lte_chest *ch = NULL;
                assert_int_equal(lte_chest_create(&ec, &ch), 0);
                const float complex *rx[1] = {y};
                assert_int_equal(lte_chest_estimate(ch, sf, rx, h, NULL), 0);
                int n_dl = lte_cell_dl_symbols(&c, sf);
                assert_true(n_dl > 0);
                double complex *fi = malloc(sizeof *fi * (size_t)nre);
                for (int p = 0; p < P; p++) {
                    int crs[14], nc = 0;
                    for (int l = 0; l < n_dl; l++) {
                        float complex ls[LTE_CRS_SEQ_LEN];
                        uint16_t k[LTE_CRS_SEQ_LEN];
                        int n = lte_chest_ls(&c, sf, p, l, y, ls, k);
                        assert_true(n >= 0);
                        if (n == 0)
                            continue;
                        crs[nc++] = l;
                        for (int kk = 0; kk < nsc; kk++) {
                            int m = 0; /* segment: pilots m, m + 1 */
                            while (m + 2 < n && k[m + 1] <= kk)
                                m++;
                            double t = (double)(kk - k[m]) / (k[m + 1] - k[m]);
                            fi[l * nsc + kk] = ls[m] + t * ((double complex)ls[m + 1] - ls[m]);
                        }
                    }
                    assert_true(nc > 0);
                    double emax = 0;
                    for (int l = 0; l < nsym; l++)
                        for (int kk = 0; kk < nsc; kk++) {
                            double complex want = 0;
                            if (l < n_dl) {
                                int b = 0;
                                while (b < nc && crs[b] < l)
                                    b++;
                                if (b < nc && crs[b] == l)
                                    want = fi[l * nsc + kk];
                                else if (b == 0 || b == nc)
                                    want = fi[(b == 0 ? crs[0] : crs[nc - 1]) * nsc + kk];
                                else {
                                    double t = (double)(l - crs[b - 1]) / (crs[b] - crs[b - 1]);
                                    want = fi[crs[b - 1] * nsc + kk] +
                                           t * (fi[crs[b] * nsc + kk] - fi[crs[b - 1] * nsc + kk]);
                                }
                            }
                            double e = cabs(h[p][l * nsc + kk] - want);
                            emax = e > emax ? e : emax;
                        }
                    /* values are O(1) (|y| ~ 1, |r| = 1): float rounding only */
                    if (!(emax < 2e-6))
                        fail_msg("P %d cp %d tdd %d port %d: max error %.3g", P, cp, tdd, p,
                                 emax);
                }
                lte_chest_destroy(ch);
                free(fi);
                free(y);
                for (int p = 0; p < P; p++)
                    free(h[p]);
            }
}

/* Every SIMD path gives the scalar path's estimates and noise variance bit
 * for bit (Wiener interpolators kernels/interp.h, time interpolation),
 * for bandwidths whose subcarrier counts leave vector tails, 1/2/4 ports,
 * 2 antennas, both filter lengths' extremes. */
static void test_simd_paths_identical(void **state)
{
    (void)state;
    lte_rng r;
    lte_rng_seed(&r, 7);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    const int rbs[3] = {6, 15, 100}, taps[2] = {2, 16};
    for (int b = 0; b < 3; b++)
        for (int P = 1; P <= 4; P *= 2)
            for (int t = 0; t < 3; t++) {
                lte_cell_cfg c;
                cell_init(&c, rbs[b], P, LTE_CP_NORMAL);
                c.cell_id = 55 + b;
                int nsc = 12 * rbs[b], nre = nsc * 14;
                float complex *y[2], *h[3][8];
                for (int a = 0; a < 2; a++) {
                    y[a] = malloc(nre * sizeof *y[a]);
                    for (int i = 0; i < nre; i++)
                        y[a][i] = CMPLXF((float)lte_rng_gauss(&r), (float)lte_rng_gauss(&r));
                }
                float n0[3];
                for (int pi = 0; pi < np; pi++) {
                    lte_chest_cfg ec;
                    lte_chest_cfg_init(&ec, &c);
                    ec.n_rx = 2;
                    ec.freq = t < 2 ? LTE_CHEST_FREQ_WIENER : LTE_CHEST_FREQ_LINEAR;
                    ec.wiener_taps = taps[t % 2];
                    ec.simd = paths[pi];
                    lte_chest *ch = NULL;
                    assert_int_equal(lte_chest_create(&ec, &ch), 0);
                    for (int i = 0; i < 2 * P; i++)
                        h[pi][i] = malloc(nre * sizeof *h[pi][i]);
                    const float complex *rx[2] = {y[0], y[1]};
                    assert_int_equal(lte_chest_estimate(ch, 1, rx, h[pi], &n0[pi]), 0);
                    lte_chest_destroy(ch);
                }
                for (int pi = 1; pi < np; pi++) {
                    assert_memory_equal(&n0[pi], &n0[0], sizeof n0[0]);
                    for (int i = 0; i < 2 * P; i++)
                        assert_memory_equal(h[pi][i], h[0][i], nre * sizeof *h[0][i]);
                }
                for (int pi = 0; pi < np; pi++)
                    for (int i = 0; i < 2 * P; i++)
                        free(h[pi][i]);
                free(y[0]);
                free(y[1]);
            }
    lte_cell_cfg c;
    cell_init(&c, 6, 1, LTE_CP_NORMAL);
    lte_chest_cfg ec;
    lte_chest_cfg_init(&ec, &c);
    ec.simd = (lte_simd_path)17;
    lte_chest *ch = NULL;
    assert_int_equal(lte_chest_create(&ec, &ch), LTE_EINVAL);
    assert_null(ch);
}

static void test_args(void **state)
{
    (void)state;
    lte_cell_cfg c;
    cell_init(&c, 6, 2, LTE_CP_NORMAL);
    lte_chest_cfg ec;
    lte_chest *ch = NULL;
    assert_int_equal(lte_chest_cfg_init(&ec, &c), 0);
    ec.n_rx = 0;
    assert_int_equal(lte_chest_create(&ec, &ch), LTE_EINVAL);
    lte_chest_cfg_init(&ec, &c);
    ec.freq = LTE_CHEST_FREQ_WIENER;
    ec.wiener_taps = 99;
    assert_int_equal(lte_chest_create(&ec, &ch), LTE_EINVAL);
    lte_chest_cfg_init(&ec, &c);
    ec.freq = LTE_CHEST_FREQ_WIENER;
    ec.delay_early_s = -1e-6;
    assert_int_equal(lte_chest_create(&ec, &ch), LTE_EINVAL);
    ec.delay_early_s = NAN;
    assert_int_equal(lte_chest_create(&ec, &ch), LTE_EINVAL);
    lte_chest_cfg_init(&ec, &c);
    ec.cell.n_rb = 7;
    assert_int_equal(lte_chest_create(&ec, &ch), LTE_EINVAL);
    lte_chest_cfg_init(&ec, &c);
    assert_int_equal(lte_chest_create(&ec, &ch), 0);
    float complex *rx[1] = {NULL};
    float complex *h[2] = {NULL, NULL};
    assert_int_equal(lte_chest_estimate(ch, 0, (const float complex *const *)rx, h, NULL),
                     LTE_EINVAL);
    assert_int_equal(lte_chest_set_cell_id(ch, 504), LTE_EINVAL);
    assert_int_equal(lte_chest_set_cell_id(ch, 503), 0);
    lte_chest_destroy(ch);
    lte_chest_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ls_closed_form), cmocka_unit_test(test_high_snr),
        cmocka_unit_test(test_noise_variance), cmocka_unit_test(test_low_snr_smoothing),
        cmocka_unit_test(test_tdd_special),    cmocka_unit_test(test_linear_interp_vs_plain),
        cmocka_unit_test(test_simd_paths_identical), cmocka_unit_test(test_args),
        cmocka_unit_test(test_wiener_early_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
