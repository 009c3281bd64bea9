/* ltephy phy: link-level simulation of the PDSCH (36.211 §6.3-6.4, 36.212
 * §5.3.2, 36.213 §7.1) through a propagation channel, with HARQ.
 *
 * One lte_linksim object is everything one thread needs: the downlink
 * subframe transmitter (dlphy.h), the channel (channel.h), AWGN, the OFDM
 * demodulator (ofdm.h), channel estimation (chest.h) or perfect channel
 * knowledge, and the PDSCH receiver with its HARQ soft buffers. All memory
 * is allocated by lte_linksim_create(); lte_linksim_run_tb() allocates
 * nothing. Make one object per thread.
 *
 * Work item = one transport block (per codeword) with all its HARQ
 * transmissions. Transport block i is first sent in the i-th downlink
 * subframe of the simulated time line (FDD: every subframe; TDD: the 'D'
 * subframes of Table 4.2-2, special subframes carry no PDSCH here);
 * retransmission j+1 goes into the first 'D' subframe at least 8 ms after
 * transmission j (the FDD HARQ round trip, 36.213 §7), with redundancy
 * versions 0, 2, 3, 1 (36.321 §5.3.2.1: rv_idx = ceil(3/2 CURRENT_TX_NB)
 * mod 4, i.e. the order of 36.213 §7.1.7.1's rv sequence). Every
 * transmission carries the codewords that were not acknowledged yet, as
 * well as the ones that were (their later decodes are not counted again).
 * The channel is evaluated at the absolute time of each subframe
 * (channel.h: a fading process is a function of time), so every work item
 * gives the same result on any thread, in any order.
 *
 * Random streams (rng.h), from the master seed S, for transport block i:
 * the transport block bits stream (S, 8i), the noise of transmission j
 * stream (S, 8i + 1 + j); the fading processes draw from stream
 * (S, 2^62). The same i at another SNR reuses the same bits and the same
 * unit-variance noise (common random numbers: smooth curves).
 *
 * SNR (as in 36.101 §8, Es/Noc): the ratio of the energy per resource
 * element transmitted on the PDSCH, summed over the antenna ports (1 here:
 * every PDSCH RE carries unit energy, dlphy.h), to the noise energy per
 * resource element at each receive antenna, both measured on the
 * demodulated grid (the useful part of the OFDM symbol, CP excluded). The
 * fading channels have unit average power gain (channel.h), so on average
 * the received signal energy per RE at each antenna equals the transmitted
 * one. Noise is added in the time domain, complex Gaussian of variance
 * n0 = 10^(-SNR/10) per sample: with the unitary OFDM of ofdm.h a white
 * noise of variance n0 per sample has variance n0 per RE after the FFT.
 * SNR = +infinity means no noise.
 *
 * AWGN with several antennas: the static channel h[r][p] =
 * exp(-j 2 pi r p / N), N = max(n_rx, n_ports): unit gain on every pair,
 * orthogonal columns when n_rx >= n_ports.
 *
 * Perfect channel knowledge: H_rp(k, l) = sum over taps of
 * g(t_l) exp(-j 2 pi f_k tau), g the tap gains of channel.h at the middle
 * of the FFT window of symbol l and f_k the subcarrier frequency of grid
 * index k (ofdm.h); the receiver is told the true n0. Estimated: chest.h
 * (CRS least squares, interpolation chest_freq / chest_time; the Wiener
 * filter assumes the rms delay spread of the channel model, 36.101 Table
 * B.2.1-1: 43 ns EPA, 357 ns EVA, 991 ns ETU, 10 ns AWGN, and 20 dB) and its
 * noise estimate.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_LINKSIM_H
#define LTEPHY_LINKSIM_H

#include <complex.h>
#include <stdint.h>

#include "ltephy/cell.h"
#include "ltephy/channel.h"
#include "ltephy/chest.h"
#include "ltephy/grid.h"
#include "ltephy/layers.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_LINKSIM_MAX_HARQ 4 /* transmissions per transport block */

typedef enum lte_linksim_chan {
    LTE_LINKSIM_AWGN = 0,
    LTE_LINKSIM_EPA5 = 1,   /* EPA, f_D 5 Hz (36.101 Table B.2-1) */
    LTE_LINKSIM_EVA5 = 2,
    LTE_LINKSIM_EVA70 = 3,
    LTE_LINKSIM_ETU70 = 4,
    LTE_LINKSIM_ETU300 = 5,
} lte_linksim_chan;

typedef struct lte_linksim_cfg {
    lte_cell_cfg cell;      /* n_rb, duplex, tdd_config, n_ports, cell_id, cfi ... */
    int tm;                 /* transmission mode 1..4 (36.213 §7.1) */
    int n_layers;           /* TM3/TM4: layers v (TM1: 1, TM2: = ports) */
    int codebook;           /* TM4: precoder index (Table 6.3.4.2.3-1/-2) */
    int n_rx;               /* receive antennas 1, 2, 4 */
    int mcs;                /* I_MCS 0..28, 36.213 Table 7.1.7.1-1 */
    int n_prb;              /* PRBs 0..n_prb-1 allocated; 0 = all */
    uint16_t rnti;
    lte_linksim_chan channel;
    lte_channel_corr corr;
    int harq_max;           /* transmissions per TB, 1..LTE_LINKSIM_MAX_HARQ */
    int chest_estimated;    /* 0: perfect channel knowledge, 1: CRS estimation */
    lte_chest_freq chest_freq; /* estimation: interpolation in frequency (default linear) */
    lte_chest_time chest_time; /* estimation: in time (default linear; average suits
                                * static channels) */
    uint64_t seed;
} lte_linksim_cfg;

/* Defaults: 10 MHz (50 RB) FDD cell, 1 port, TM1, 1 receive antenna,
 * MCS 13 on all PRBs, RNTI 0x1234, AWGN, low correlation, 4
 * transmissions, perfect channel (estimation: linear / linear), seed 1. */
int lte_linksim_cfg_init(lte_linksim_cfg *cfg);

/* Derived facts of a configuration. */
typedef struct lte_linksim_info {
    int n_cw;             /* codewords */
    int tbs[2];           /* transport block size per codeword */
    int q_m[2];           /* modulation order per codeword */
    int dl_per_frame;     /* 'D' subframes per radio frame used for PDSCH */
    double max_mbps;      /* (tbs[0] + tbs[1]) per used subframe, in Mbit/s of
                           * wall time: * dl_per_frame / 10 ms */
} lte_linksim_info;

/* What happened to one transport block (pair). */
typedef struct lte_linksim_result {
    int n_cw;
    int n_tx;             /* transmissions made, 1..harq_max */
    int acked_at[2];      /* per codeword q < n_cw: 0-based transmission whose
                           * decode passed the CRC, -1 = never (and unused q) */
    long bits;            /* bits delivered (sum of the acknowledged TBS) */
} lte_linksim_result;

typedef struct lte_linksim lte_linksim;

int lte_linksim_create(const lte_linksim_cfg *cfg, lte_linksim **out);
void lte_linksim_destroy(lte_linksim *ls); /* NULL allowed */
int lte_linksim_info_get(const lte_linksim *ls, lte_linksim_info *info);

/* Absolute subframe number (from the start of the time line) of
 * transmission j (0..harq_max-1) of transport block i. */
int64_t lte_linksim_subframe(const lte_linksim *ls, int64_t tb_index, int j);

/* Simulate transport block tb_index (>= 0) at snr_db (+INFINITY = no
 * noise) with up to harq_max transmissions, stopping early once every
 * codeword is acknowledged. */
int lte_linksim_run_tb(lte_linksim *ls, double snr_db, int64_t tb_index, lte_linksim_result *res);

/* Introspection of the last transmission (tests, vector dumps): the
 * demodulated grid of receive antenna r (grid.h layout), the channel the
 * receiver used from port p to antenna r, the n0 it used, and the grid of
 * the transmitter (RE map: lte_grid map). Valid until the next run. */
const float complex *lte_linksim_rx_grid(const lte_linksim *ls, int r);
const float complex *lte_linksim_rx_channel(const lte_linksim *ls, int r, int p);
float lte_linksim_rx_n0(const lte_linksim *ls);
const lte_grid *lte_linksim_tx_grid(const lte_linksim *ls);

/* Perfect-knowledge channel of the subframe at absolute number abs_sf into
 * h[r * n_ports + p] (grid.h layout), whatever cfg.chest_estimated says:
 * lets tests compare the estimate with the truth. */
int lte_linksim_true_channel(lte_linksim *ls, int64_t abs_sf, float complex *const *h);

#ifdef __cplusplus
}
#endif
#endif
