/* ltephy phy: propagation channel models (TS 36.101 / 36.104 Annex B).
 *
 * Multipath fading: the EPA, EVA and ETU delay profiles (36.101 Table
 * B.2.1-2..4, normalised so the tap powers sum to 1), or a custom profile,
 * each tap an independent Rayleigh process with the classical (Jakes) Doppler
 * spectrum of maximum Doppler f_D, for every transmit/receive antenna pair.
 *
 * Fading process (per tap, per antenna pair), a sum of M sinusoids:
 *   g(t) = M^(-1/2) sum_{m=0}^{M-1} exp(j(2 pi f_D cos(a_m) t + phi_m)),
 *   a_m = 2 pi (m + theta) / M,
 * with theta and the phi_m drawn once (uniform) from the seed. Because each
 * a_m is uniform on [0, 2pi) over realisations, E[g(t) g*(t+tau)] =
 * J0(2 pi f_D tau) exactly and E|g|^2 = 1. The process is a deterministic
 * function of absolute time, so any sample of any subframe can be computed
 * independently (parallel simulation gives the same numbers as serial).
 * Gains are evaluated exactly every S samples and interpolated linearly in
 * between; S is the largest power of two from 16 to 1024 for which the
 * fastest sinusoid turns by at most 0.05 rad (interpolation error < 3e-4).
 *
 * Spatial correlation (36.101 §B.2.3 downlink, 36.104 §B.5 uplink): the
 * vector of the n_tx*n_rx processes of a tap, ordered h[tx*n_rx + rx], is
 * multiplied by the Cholesky factor of R_spat = R_tx (x) R_rx, with
 * R = [1 c^(1/9) c^(4/9) c; ...] for 4 antennas and [1 c; c 1] for 2, where
 * c = alpha at the eNB and beta at the UE: low (0, 0), medium (0.3, 0.9) DL /
 * (0.9, 0.3) UL (alpha, beta), high (0.9, 0.9); for the high 4x2 and 4x4
 * cases R_spat becomes (R_spat + aI)/(1 + a) with a = 0.00010 / 0.00012.
 *
 * Delays: tap delay tau_l * fs = n_l + mu_l samples; the fractional part is
 * applied by a centred Kaiser-windowed interpolation filter designed with
 * liquid-dsp (liquid_firdes_kaiser, LTE_CHANNEL_INTERP_LEN taps, 60 dB), so
 * the channel adds no bulk delay. Each call of lte_channel_run() models an
 * isolated burst: input before the block and after its end is zero.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_CHANNEL_H
#define LTEPHY_CHANNEL_H

#include <complex.h>
#include <stdint.h>

#include "ltephy/rng.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_CHANNEL_MAX_TAPS 24
#define LTE_CHANNEL_MAX_ANT 4
#define LTE_CHANNEL_INTERP_LEN 17

typedef enum lte_channel_model {
    LTE_CHANNEL_FLAT = 0, /* one tap at delay 0 (flat Rayleigh fading) */
    LTE_CHANNEL_EPA = 1,
    LTE_CHANNEL_EVA = 2,
    LTE_CHANNEL_ETU = 3,
    LTE_CHANNEL_CUSTOM = 4,
} lte_channel_model;

typedef enum lte_channel_corr {
    LTE_CORR_LOW = 0,
    LTE_CORR_MEDIUM = 1,
    LTE_CORR_HIGH = 2,
} lte_channel_corr;

typedef struct lte_channel_cfg {
    lte_channel_model model;
    double doppler_hz;   /* maximum Doppler f_D >= 0 */
    double fs_hz;        /* sampling rate of the waveform */
    int n_tx, n_rx;      /* 1, 2 or 4 each */
    lte_channel_corr corr;
    int uplink;          /* 0: tx = eNB (alpha), rx = UE (beta); 1: the reverse */
    int n_sinusoids;     /* M per process; 0 means 32 */
    uint64_t seed;
    /* LTE_CHANNEL_CUSTOM only */
    int n_taps;
    const double *delays_ns;
    const double *powers_db;
} lte_channel_cfg;

typedef struct lte_channel lte_channel;

int lte_channel_create(const lte_channel_cfg *cfg, lte_channel **out);
void lte_channel_destroy(lte_channel *ch);

/* The profile as used (powers normalised to sum 1, linear). */
int lte_channel_taps(const lte_channel *ch, int *n_taps, double *delays_s, double *powers);

/* Gains of every tap and antenna pair at absolute time t (seconds):
 * h[(tap*n_tx + tx)*n_rx + rx], including the tap's power. */
int lte_channel_gains(const lte_channel *ch, double t, float complex *h);

/* y[rx][0..n-1] = sum_tx sum_l g_{l,tx,rx}(t) (x_tx delayed by tau_l)(t),
 * t = (t0 + i)/fs. x: n_tx pointers, y: n_rx pointers (n samples each; y may
 * not alias x). Scratch memory grows on the first call with a larger n and
 * is reused afterwards (no allocation in steady state). */
int lte_channel_run(lte_channel *ch, const float complex *const *x, int n, int64_t t0,
                    float complex *const *y);

/* ---- impairments and noise -------------------------------------------------- */

/* x[i] += complex Gaussian noise of variance n0 (n0/2 per real dimension). */
int lte_awgn_add(lte_rng *rng, float complex *x, int n, double n0);

/* Frequency offset: x[i] *= exp(j(2 pi f/fs (i + i0) + phase0)), by liquid-dsp's
 * VCO; its phase error is bounded by about 5e-3 rad (-46 dBc), without drift. */
int lte_cfo_apply(float complex *x, int n, double f_hz, double fs_hz, int64_t i0,
                  double phase0);

/* Timing offset of d samples (any real d >= 0): y[i] = x(i - d), band-limited
 * interpolation (liquid-dsp fractional delay filter); y may not alias x. */
int lte_delay_apply(const float complex *x, float complex *y, int n, double d);

#ifdef __cplusplus
}
#endif
#endif
