/* ltephy phy: link-level simulation of the PDSCH (36.211 §6.3-6.4, 36.212
 * §5.3.2, 36.213 §7.1) or the PUSCH (36.211 §5.3, 36.212 §5.2.2, 36.213
 * §8) through a propagation channel, with HARQ.
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
 * transmission j in FDD (the HARQ round trip, 36.213 §7), and in TDD into
 * the first 'D' subframe at least 4 ms after the uplink subframe that
 * carries its HARQ-ACK (§10.1.3.1, Table 10.1.3.1-1; 4 ms of eNodeB
 * processing as in FDD), with redundancy
 * versions 0, 2, 3, 1 (36.321 §5.3.2.1: rv_idx = ceil(3/2 CURRENT_TX_NB)
 * mod 4, i.e. the order of 36.213 §7.1.7.1's rv sequence) unless
 * cfg.rv_seq says otherwise. Every transmission carries the codewords that
 * were not acknowledged yet, as well as the ones that were (their later
 * decodes are not counted again).
 * The channel is evaluated at the absolute time of each subframe
 * (channel.h: a fading process is a function of time), so every work item
 * gives the same result on any thread, in any order.
 *
 * Time line with cfg.frame_stride = F > 1: the first transmissions of
 * frame f of the time line go into radio frame F f (retransmissions follow
 * as above). Over a slow fading channel (EPA5: a coherence time
 * of tens of ms) consecutive frames see nearly the same channel, so N
 * contiguous transport blocks sample few independent fades; spacing the
 * frames samples more of them in the same CPU time, as a long conformance
 * test would (its subframes are all used, over a long time).
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
 * B.2.1-1: 43 ns EPA, 357 ns EVA, 991 ns ETU, 10 ns AWGN, and 20 dB, or with
 * cfg.chest_adapt the delay spread and SNR the estimator measures in each
 * subframe, chest.h cfg.adapt) and its noise estimate.
 *
 * Closed-loop TM4 (cfg.pmi_feedback = 1): the UE selects a wideband PMI
 * for the configured rank (csi.h: the capacity criterion over the allocated
 * PRBs, 36.213 §7.2.4; no rank adaptation: the rank stays cfg.n_layers) and
 * the eNodeB precodes transmission j of a transport block, sent in absolute
 * subframe n, with the PMI the UE derived from its measurement in the last
 * downlink ('D') subframe m <= n - cfg.pmi_delay, as if the UE reported
 * every subframe (periodic reporting with period 1, the report applied as
 * soon as it is pmi_delay old; 36.213 §7.2.3 puts the CSI reference
 * resource at least 4 subframes before the report, so pmi_delay >= 4 is
 * realistic, the default is 8: reference resource n-4, report in n, used 4
 * subframes later). Retransmissions use the PMI current at their own
 * subframe (DCI format 2 signals the precoding per grant). While m < 0 (the
 * first pmi_delay subframes of the time line) the fixed cfg.codebook is
 * used. The measurement: with perfect channel knowledge the true channel of
 * subframe m (n0 = the true noise variance); estimated: the CRS estimate
 * (chest.h, same interpolation settings) of subframe m, received with
 * its own noise, stream (S, 2^63 + m), and its noise estimate. Each report
 * is a function of (seed, SNR, m) only, so the results do not depend on the
 * thread count or the order of the work items.
 *
 * CQI and link adaptation (cfg.cqi_feedback = 1, PDSCH TM1, TM2, or TM4
 * with pmi_feedback): the UE reports a wideband CQI per codeword (csi.h:
 * 36.213 §7.2.3, the scheme of the transmission mode, over the allocated
 * PRBs; TM4 with the rank cfg.n_layers and the PMI it selects from the same
 * measurement) from its measurement of every downlink subframe m, made as
 * for the PMI above (same channel, noise stream (S, 2^63 + m), estimate).
 * The first transmission of a transport block, in absolute subframe n, uses
 * the report of the last 'D' subframe m <= n - cfg.cqi_delay (before the
 * first report: CQI 1); retransmissions keep its MCS. The eNodeB maps a
 * report c of a codeword to the SINR t_c + olla_db (t_c: csi.h
 * lte_cqi_threshold_db; olla_db: the caller's outer-loop offset, 0 for
 * lte_linksim_run_tb), to a spectral efficiency by linear interpolation of
 * the CQI efficiencies (36.213 Table 7.2.3-1) between the thresholds
 * (below t_1: CQI 1's; above t_15: extended with the slope between CQI 14
 * and 15; a report of CQI 0 is taken as CQI 1), and picks the largest I_MCS
 * 0..28 of Table 7.1.7.1-1 whose efficiency on the allocation, Q_m x its
 * effective code rate in the CSI reference resource (csi.h
 * lte_cqi_rate), does not exceed it (I_MCS 0 if none). With
 * olla_db = 0 that is the largest I_MCS not above CQI c's efficiency. The
 * report is a function of (seed, SNR, m): results do not depend on threads.
 *
 * PUSCH (cfg.link = LTE_LINKSIM_PUSCH): one UE with one transmit antenna
 * (pusch.h: one layer, no UCI; frequency hopping if cfg.ul_hop says so) on
 * PRBs prb_start ..
 * prb_start + n_prb - 1 of an uplink of cell.n_rb PRBs, received by n_rx
 * antennas (1, 2, 4). Transport block i is first sent in the i-th uplink
 * subframe ('U' of Table 4.2-2 in TDD, every subframe in FDD); transmission
 * j+1 goes 8 ms after transmission j in FDD (synchronous uplink HARQ,
 * 36.213 §8), and in TDD into the subframe that a NACK on the PHICH
 * commands: PHICH in n + k_PHICH (§9.1.2, Table 9.1.2-1, I_PHICH), then
 * Table 8-2 (and the configuration-0 rules of §8.0), rv 0, 2, 3, 1 (36.213
 * §8.6.1, the sequence of 36.104 Table 8.2.1-1). MCS: 36.213 Table 8.6.1-1
 * (I_MCS 0..28, Q'_m as the table gives) with the TBS of Table 7.1.7.2.1-1;
 * or cfg.tbs / cfg.q_m given directly (the fixed reference channels of
 * 36.104 Annex A state payload and modulation), or cfg.q_m with a TBS index
 * (cfg.use_itbs: the TBS of Table 7.1.7.2.1-1 for the allocation, row 32A
 * included), which is how 256QAM (Q_m 8, Rel-14 ul-256QAM) is chosen
 * without an MCS: the 256QAM PUSCH MCS table (36.213 Table 8.6.1-3) is not
 * carried. SNR: as for the PDSCH --
 * every PUSCH RE (data and DMRS, beta_PUSCH = 1) carries unit energy, and
 * the noise per RE at each receive antenna is 10^(-SNR/10) on the
 * SC-FDMA-demodulated grid (unitary transform, ofdm.h), which is the SNR of
 * 36.104 §8 (signal power per RE over noise power per RE at each receiver
 * antenna). Receiver: estimated channel = lte_pusch_rx (DMRS least squares,
 * smoothing, MMSE, pusch.h); perfect = the same MMSE combining and
 * post-IDFT SINR with the true channel (at the middle of each symbol's FFT
 * window, uplink subcarrier frequencies (k - N_sc/2 + 1/2) 15 kHz) and the
 * true n0. Decoding: max-log-MAP, extrinsic scale 0.75, 8 iterations (as
 * pusch.h).
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
#include "ltephy/pusch.h"

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

typedef enum lte_linksim_link {
    LTE_LINKSIM_PDSCH = 0,
    LTE_LINKSIM_PUSCH = 1,
} lte_linksim_link;

typedef struct lte_linksim_cfg {
    lte_cell_cfg cell;      /* n_rb, duplex, tdd_config, n_ports, cell_id, cfi ...
                             * (PUSCH: n_rb = N_RB^UL, n_ports ignored) */
    int tm;                 /* transmission mode 1..4 (36.213 §7.1) */
    int n_layers;           /* TM3/TM4: layers v (TM1: 1, TM2: = ports) */
    int codebook;           /* TM4: precoder index (Table 6.3.4.2.3-1/-2) */
    int n_rx;               /* receive antennas 1, 2, 4 */
    int mcs;                /* I_MCS 0..28, 36.213 Table 7.1.7.1-1 (PUSCH: 8.6.1-1);
                             * ignored when tbs > 0 */
    int n_prb;              /* PRBs 0..n_prb-1 allocated; 0 = all (PUSCH: from
                             * prb_start; a 2^a 3^b 5^c count, 0 = the largest
                             * such that fits) */
    uint16_t rnti;
    lte_linksim_chan channel;
    lte_channel_corr corr;
    int harq_max;           /* transmissions per TB, 1..LTE_LINKSIM_MAX_HARQ */
    int chest_estimated;    /* 0: perfect channel knowledge, 1: CRS estimation */
    lte_chest_freq chest_freq; /* estimation: interpolation in frequency (default linear) */
    lte_chest_time chest_time; /* estimation: in time (default linear; average suits
                                * static channels) */
    uint64_t seed;
    /* Additions for reference channels and the uplink (0 = the default). */
    lte_linksim_link link;  /* PDSCH (default) or PUSCH */
    int tbs;                /* > 0: transport block size per codeword instead of the
                             * MCS's (then q_m gives the modulation) */
    int q_m;                /* with tbs: 2, 4, 6, 8 (PUSCH 256QAM: Rel-14 ul-256QAM) */
    int tbs_sf0;            /* PDSCH, with tbs: TBS of the blocks first sent in
                             * subframe 0 (36.101 Table A.3.3.1-1 states one) */
    unsigned sf_skip;       /* subframes (bit sf) left unscheduled, e.g. 1 << 5 for the
                             * RMCs of 36.101 A.3 ("N/A" in subframe 5) */
    int prb_start;          /* first allocated PRB (PUSCH; the PDSCH starts at 0) */
    int rv_seq_set;         /* 1: rv_seq gives the redundancy versions of transmissions
                             * 1..4 (e.g. {0,1,2,3}, 36.101 Table 8.2.1-1 for QPSK and
                             * 16QAM); 0: the default 0, 2, 3, 1 */
    int rv_seq[LTE_LINKSIM_MAX_HARQ];
    int frame_stride;       /* > 1: the radio frames that carry consecutive transport
                             * blocks are this many frames apart (0, 1: contiguous);
                             * see "Time line" above */
    int ul_freq_halfwin;    /* PUSCH estimation: half-width K of the moving average over
                             * 2K+1 subcarriers (pusch.h freq_halfwin, 1..5; 0 = its
                             * default 3) */
    lte_pusch_hopping ul_hop; /* PUSCH frequency hopping (pusch.h; enabled 0 = off):
                             * hop_bits, n_sb, hopping_offset and mode are used,
                             * CURRENT_TX_NB is the transmission index j, and n_f
                             * and TDD come from the time line and the cell;
                             * prb_start is RB_START */
    int use_itbs;           /* PUSCH, tbs 0: 1 = the TBS is Table 7.1.7.2.1-1's entry
                             * (i_tbs, allocation) and q_m the modulation (2, 4, 6, 8),
                             * instead of the MCS (mcs is then ignored) */
    int i_tbs;              /* with use_itbs: 0..33 or LTE_ITBS_32A (tables.h) */
    int pmi_feedback;       /* TM4: 0 = the fixed codebook (default), 1 = closed loop: the
                             * UE's PMI reports (see "Closed-loop TM4" above) */
    int pmi_delay;          /* closed loop: subframes from the measurement to the
                             * subframe that uses it, 0..1000 (lte_linksim_cfg_init:
                             * 8; 0 = the same subframe, a genie bound) */
    int chest_adapt;        /* estimation with chest_freq Wiener: 0 = the channel model's
                             * delay spread and 20 dB (default), 1 = the delay spread and
                             * pilot SNR estimated from each subframe's CRS (chest.h
                             * cfg.adapt) */
    int cqi_feedback;       /* PDSCH TM1, TM2, TM4 with pmi_feedback: 0 = the fixed MCS
                             * (default), 1 = link adaptation from the UE's CQI reports
                             * (see "CQI and link adaptation" above) */
    int cqi_delay;          /* subframes from the CQI measurement to the first
                             * transmission that uses it, 4..1000 (lte_linksim_cfg_init:
                             * 8) */
} lte_linksim_cfg;

/* Defaults: 10 MHz (50 RB) FDD cell, 1 port, TM1, 1 receive antenna,
 * MCS 13 on all PRBs, RNTI 0x1234, AWGN, low correlation, 4
 * transmissions, perfect channel (estimation: linear / linear), seed 1,
 * fixed codebook (pmi_delay 8 for the closed loop). */
int lte_linksim_cfg_init(lte_linksim_cfg *cfg);

/* Derived facts of a configuration. */
typedef struct lte_linksim_info {
    int n_cw;             /* codewords */
    int tbs[2];           /* transport block size per codeword (subframes other
                           * than 0 when cfg.tbs_sf0 is set) */
    int q_m[2];           /* modulation order per codeword */
    int dl_per_frame;     /* subframes per radio frame used: 'D' for the PDSCH,
                           * 'U' for the PUSCH (minus sf_skip) */
    double max_mbps;      /* the TBS of every used subframe of a frame (tbs[0] +
                           * tbs[1], or tbs_sf0 in subframe 0) per 10 ms, Mbit/s */
    int n_prb;            /* PRBs allocated */
    int prb_start;        /* first of them */
} lte_linksim_info;

/* What happened to one transport block (pair). */
typedef struct lte_linksim_result {
    int n_cw;
    int n_tx;             /* transmissions made, 1..harq_max */
    int acked_at[2];      /* per codeword q < n_cw: 0-based transmission whose
                           * decode passed the CRC, -1 = never (and unused q) */
    long bits;            /* bits delivered (sum of the acknowledged TBS) */
    long tb_bits;         /* the TBS of this block summed over its codewords: what
                           * each of its transmissions could have delivered */
    int codebook[LTE_LINKSIM_MAX_HARQ]; /* TM4: the codebook index (36.211 Table
                           * 6.3.4.2.3-1/-2) of transmission j < n_tx; 0 otherwise */
    int cqi[2];           /* cqi_feedback: per codeword the CQI report the MCS came
                           * from; 0 otherwise */
    int mcs[2];           /* the I_MCS per codeword (cfg.mcs without cqi_feedback) */
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

/* The same with cqi_feedback and an outer-loop offset olla_db (dB, |.| <=
 * 30) added to the SINR the eNodeB associates with the CQI report (see "CQI
 * and link adaptation"); lte_linksim_run_tb is olla_db = 0. */
int lte_linksim_run_tb_olla(lte_linksim *ls, double snr_db, int64_t tb_index, double olla_db,
                            lte_linksim_result *res);

/* Link adaptation's MCS for a CQI report (0..15) of a codeword on n_layers
 * (1, 2) layers with the offset olla_db (see "CQI and link adaptation"). */
int lte_linksim_la_mcs(const lte_linksim *ls, int cqi, double olla_db, int n_layers);

/* Introspection of the last transmission (tests, vector dumps): the
 * demodulated grid of receive antenna r (grid.h layout), the channel the
 * receiver used from port p to antenna r, the n0 it used, and the grid of
 * the transmitter (RE map: lte_grid map; NULL for the PUSCH, see
 * lte_linksim_ul_tx_grid). Valid until the next run. PUSCH: one port
 * (p = 0); the channel is given on the whole grid (zero outside the
 * allocation when estimated); n0 is the mean over the antennas of the
 * estimate when estimated. */
const float complex *lte_linksim_rx_grid(const lte_linksim *ls, int r);
const float complex *lte_linksim_rx_channel(const lte_linksim *ls, int r, int p);
float lte_linksim_rx_n0(const lte_linksim *ls);
const lte_grid *lte_linksim_tx_grid(const lte_linksim *ls);
/* PUSCH: the transmitted resource grid (ofdm.h layout, N_symb_sf x 12
 * N_RB^UL; zero outside the allocation); NULL for the PDSCH. */
const float complex *lte_linksim_ul_tx_grid(const lte_linksim *ls);

/* Perfect-knowledge channel of the subframe at absolute number abs_sf into
 * h[r * n_ports + p] (grid.h layout), whatever cfg.chest_estimated says:
 * lets tests compare the estimate with the truth. */
int lte_linksim_true_channel(lte_linksim *ls, int64_t abs_sf, float complex *const *h);

#ifdef __cplusplus
}
#endif
#endif
