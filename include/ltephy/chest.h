/* ltephy phy: downlink channel estimation from the cell-specific reference
 * signals (36.211 §6.10.1), for any bandwidth, 1/2/4 CRS ports and 1..4
 * receive antennas.
 *
 * Model: received grid Y(k,l) = sum_p H_p(k,l) X_p(k,l) + N(k,l), N complex
 * Gaussian of variance n0 per RE; at a CRS RE of port p only port p
 * transmits (the other ports leave it empty, §6.10.1.2), so the least-squares
 * estimate there is H_p^LS = Y / r (r = the CRS value, |r| = 1), whose error
 * variance is n0.
 *
 * Per CRS symbol of a port, the LS values on the pilot subcarriers
 * k = 6m + offset are interpolated over all N_sc subcarriers:
 *   LTE_CHEST_FREQ_LINEAR  straight lines between neighbouring pilots, the
 *                          end lines extended to the band edges;
 *   LTE_CHEST_FREQ_WIENER  the MMSE (Wiener) filter from the L nearest pilots
 *                          for a channel whose power-delay profile is
 *                          exponential with rms delay spread tau (frequency
 *                          correlation R(df) = 1 / (1 + j 2 pi df tau)) at the
 *                          assumed pilot SNR: w = r_kp (R_pp + I/snr)^-1.
 * Then over the OFDM symbols of the subframe:
 *   LTE_CHEST_TIME_LINEAR  linear between the port's CRS symbols, the
 *                          nearest one held before the first / after the last;
 *   LTE_CHEST_TIME_AVERAGE the mean of the port's CRS symbols everywhere
 *                          (a static channel, best noise averaging).
 *
 * Noise variance: ports 0 and 1 have CRS in symbols l and l + N_symb^DL at
 * the same subcarriers (v depends on l only, §6.10.1.2), so for a channel
 * that is constant over half a millisecond n0 = E|H_a - H_b e^{j phi}|^2 / 2,
 * phi the common phase between the two symbols (it removes a residual CFO).
 * A subframe without such pairs (short DwPTS) falls back to the second
 * difference across pilots, E|H_m - (H_{m-1} + H_{m+1})/2|^2 / 1.5, which
 * over-estimates n0 when the channel is strongly frequency selective.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_CHEST_H
#define LTEPHY_CHEST_H

#include <complex.h>
#include <stdint.h>

#include "ltephy/cell.h"
#include "ltephy/simd.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_CHEST_MAX_RX 4
#define LTE_CHEST_MAX_TAPS 16 /* Wiener filter length limit */

typedef enum lte_chest_freq {
    LTE_CHEST_FREQ_LINEAR = 0,
    LTE_CHEST_FREQ_WIENER = 1,
} lte_chest_freq;

typedef enum lte_chest_time {
    LTE_CHEST_TIME_LINEAR = 0,
    LTE_CHEST_TIME_AVERAGE = 1,
} lte_chest_time;

typedef struct lte_chest_cfg {
    lte_cell_cfg cell;       /* n_rb, cp, duplex/TDD configuration, cell_id, n_ports */
    int n_rx;                /* receive antennas 1..LTE_CHEST_MAX_RX */
    lte_chest_freq freq;
    lte_chest_time time;
    double delay_spread_s;   /* Wiener: rms delay spread (default 1e-6 s) */
    double delay_early_s;    /* Wiener: the model's power-delay profile starts this long
                              * before the timing reference (default 0): a receiver whose
                              * timing may lock onto a later path sets it to cover the
                              * earlier ones (see lte_chest_create) */
    double snr_db;           /* Wiener: assumed SNR at the pilots (default 20 dB) */
    int wiener_taps;         /* Wiener: pilots per output, 2..16 (default 8) */
    lte_simd_path simd;      /* SIMD path (default LTE_SIMD_AUTO); every path gives the
                              * same bits */
    int adapt;               /* Wiener: 0 (default) = the assumed delay_spread_s and snr_db;
                              * 1 = estimated from each subframe's own CRS (see
                              * lte_chest_last_delay_spread); delay_spread_s and snr_db
                              * are then unused, delay_early_s and wiener_taps still apply */
} lte_chest_cfg;

/* Defaults above for the given cell (copied). */
int lte_chest_cfg_init(lte_chest_cfg *cfg, const lte_cell_cfg *cell);

typedef struct lte_chest lte_chest;

/* Wiener interpolation in frequency models the channel's power-delay profile
 * as exponential with rms delay spread tau, starting tau0 = delay_early_s
 * before the timing reference: the frequency correlation is
 *     R(df) = e^{j 2 pi df tau0} / (1 + j 2 pi df tau),
 * and the weights are the MMSE ones for that R and snr_db at the pilots.
 * tau0 = 0 is a causal channel; tau0 > 0 keeps paths that arrive before the
 * timing reference inside the model (e.g. when the cell search locked onto
 * a later path of a multipath channel) at the cost of a wider model. */
int lte_chest_create(const lte_chest_cfg *cfg, lte_chest **out);
void lte_chest_destroy(lte_chest *ch); /* NULL allowed */

/* Change the physical cell identity (0..503) of an existing object, e.g. for
 * each cell a search finds; nothing is reallocated. */
int lte_chest_set_cell_id(lte_chest *ch, int cell_id);

/* Least squares at the CRS REs of port p in OFDM symbol l_sf of the
 * subframe: h_ls[m] = Y(k_m, l) / r_m, k_m to k (may be NULL). Returns the
 * count (2 N_RB, or 0 if the symbol has no CRS of p). grid: one receive
 * antenna's subframe (grid.h layout). Stateless. */
int lte_chest_ls(const lte_cell_cfg *cell, int subframe, int port, int l_sf,
                 const float complex *grid, float complex *h_ls, uint16_t *k);

/* Estimate the channel of every port from every receive antenna:
 * rx[r] (r < n_rx) are the received grids of the subframe; h[r * n_ports + p]
 * receive N_sc x N_symb estimates (grid.h layout; symbols that are not
 * downlink are left 0). noise_var (may be NULL) receives the estimated n0
 * (averaged over receive antennas). No allocation. */
int lte_chest_estimate(lte_chest *ch, int subframe, const float complex *const *rx,
                       float complex *const *h, float *noise_var);

/* Adaptive Wiener (cfg.adapt = 1, freq = LTE_CHEST_FREQ_WIENER): before
 * interpolating, lte_chest_estimate estimates from the subframe's CRS least
 * squares values, over every CRS symbol, port and receive antenna:
 *   P0 = mean |H^LS_m|^2 = S + n0,  C1 = mean H^LS_{m+1} conj(H^LS_m)
 * (neighbouring pilots of one symbol, df = 6 subcarriers = 90 kHz; C1 has no
 * noise bias, P0 has n0). n0 is the smaller of the two noise estimates above
 * (the slot pairs, raised by the channel's change over 0.5 ms, and the
 * second differences, raised by its frequency selectivity); noise_var still
 * returns the usual one. With S = P0 - n0 and rho = |C1| / S, the
 * exponential model |R(df)| = 1 / sqrt(1 + (2 pi df tau)^2) gives the rms
 * delay spread
 *   tau = sqrt(1 / rho^2 - 1) / (2 pi 90 kHz),
 * clamped to [0, LTE_CHEST_ADAPT_TAU_MAX], and the pilot SNR S / n0, clamped
 * to [LTE_CHEST_ADAPT_SNR_MIN, LTE_CHEST_ADAPT_SNR_MAX] dB. The Wiener weights
 * are those of the quantised values (tau to the nearest multiple of
 * LTE_CHEST_ADAPT_TAU_STEP, at least one step: the tau = 0 model of a flat
 * channel is too confident at high SNR; SNR to the nearest multiple of
 * LTE_CHEST_ADAPT_SNR_STEP dB), rebuilt in storage made at create (no
 * allocation) only when a quantised value changes. The estimates are per
 * subframe: the output of a call depends on its arguments only (no
 * smoothing across subframes; a subframe without CRS leaves the last
 * estimates in place).
 * The frequency interpolation then runs the same per-offset interpolators as
 * the fixed filter (kernels/interp.h, lte_pfilt_set_weights: the same bits on
 * every SIMD path). */
#define LTE_CHEST_ADAPT_TAU_STEP 0.1e-6
#define LTE_CHEST_ADAPT_TAU_MAX 5e-6
#define LTE_CHEST_ADAPT_SNR_STEP 2.0
#define LTE_CHEST_ADAPT_SNR_MIN -10.0
#define LTE_CHEST_ADAPT_SNR_MAX 40.0

/* The last call's estimates with cfg.adapt = 1: tau_s / snr_db (clamped, not
 * quantised) and tau_q_s / snr_q_db (the grid values the weights were built
 * for); any pointer may be NULL. LTE_EINVAL if the object does not adapt or
 * has not estimated a subframe yet. */
int lte_chest_last_delay_spread(const lte_chest *ch, double *tau_s, double *snr_db,
                                double *tau_q_s, double *snr_q_db);

#ifdef __cplusplus
}
#endif
#endif
