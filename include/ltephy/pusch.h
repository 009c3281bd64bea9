/* ltephy phy: the physical uplink shared channel, both directions
 * (TS 36.211 §5.3, §5.5.2.1, §5.6; TS 36.212 §5.2.2; one layer, one
 * codeword, Release 8 cell-ID based DMRS).
 *
 * Transmitter, per subframe:
 *   transport block + UCI -> UL-SCH coding, multiplexing and channel
 *   interleaving (ltephy/ulsch.h, 36.212 §5.2.2) -> PUSCH scrambling with
 *   placeholders (§5.3.1, c_init = lte_scr_cinit_pusch(RNTI, 0, 2 sf, N_ID))
 *   -> modulation (§5.3.2, QPSK/16QAM/64QAM/256QAM) -> transform precoding
 *   (§5.3.3, unitary DFT of M_sc = 12 M_RB points per SC-FDMA symbol) ->
 *   resource mapping (§5.3.4: the data symbols in subcarrier order on the
 *   contiguous PRBs prb_start .. prb_start + M_RB - 1, or each slot's own
 *   PRBs with frequency hopping (below), in every SC-FDMA
 *   symbol except the DMRS symbols and, with SRS, the last one) -> DMRS
 *   (§5.5.2.1, symbol 3 of each slot for normal CP, 2 for extended, beta 1,
 *   cyclic shift from n_DMRS^(1), n_DMRS^(2), n_PN(n_s); no OCC) -> SC-FDMA
 *   modulation with the half-subcarrier shift (§5.6, ltephy/ofdm.h, unitary
 *   normalisation). REs outside the allocation are zero. beta_PUSCH = 1, so
 *   data and DMRS REs have unit mean energy.
 *
 * Receiver, per subframe (lte_pusch_rx, or stage by stage):
 *  1. SC-FDMA demodulation of each RX antenna (FFT window at the end of the
 *     CP, ofdm.h window_offset from the configuration).
 *  2. Channel estimation per antenna r and slot m: least squares on the DMRS,
 *     Hls(k) = Y(k) conj(r(k)) (|r(k)| = 1); then frequency smoothing by a
 *     moving average of W = 2 freq_halfwin + 1 subcarriers (the window is
 *     kept inside the allocation, so at its edges it is one-sided rather than
 *     shorter: the noise reduction stays 1/W everywhere, at the price of a
 *     bias where the channel's phase curves fast). A moving average is
 *     chosen over DFT-based denoising because an allocation is a band-limited
 *     piece of the spectrum: the DFT method leaks at the allocation edges,
 *     the average does not. Defaults: W = 7 (105 kHz, a small fraction of
 *     the coherence bandwidth of EPA/EVA).
 *     Time: linear interpolation between the two DMRS symbols, the slot-0
 *     estimate held before symbol 3 and the slot-1 estimate after symbol 10
 *     (2 and 8 with extended CP): extrapolation would add noise (weights up
 *     to 10/7) for little gain at pedestrian and vehicular Doppler. With
 *     frequency hopping onto different PRBs in the two slots, each slot's
 *     estimate is held over its slot (see "frequency hopping" below).
 *     Noise: N0_r = W/(W-1) * mean |Hls - Hsmooth|^2 over the subcarriers
 *     whose window is centred (for a channel constant over the window the
 *     residual holds (1 - 1/W) of the noise power, hence the factor); floored
 *     at 1e-6 times the mean |Hls|^2 so a noiseless input stays finite.
 *  3. Frequency-domain MMSE combining across the RX antennas, per subcarrier
 *     k of every data symbol, for unit-energy transmitted REs:
 *       gamma_k = sum_r |H_r(k)|^2 / N0_r,
 *       Zhat(k) = sum_r conj(H_r(k)) Y_r(k) / N0_r / (1 + gamma_k).
 *  4. Inverse transform precoding (the unitary IDFT), and the post-
 *     equalisation SINR of the SC-FDMA symbol. Derivation, perfect channel
 *     knowledge first: Zhat(k) = mu_k Z(k) + e_k with mu_k = gamma_k /
 *     (1 + gamma_k) and E|Zhat(k)|^2 = mu_k (signal mu_k^2 plus noise
 *     gamma_k / (1 + gamma_k)^2). After the IDFT every time-domain symbol
 *     sees the same gain mu = (1/M) sum_k mu_k (the other subcarriers' gains
 *     become inter-symbol interference) and the same total power
 *     P = (1/M) sum_k E|Zhat(k)|^2 = mu, so the error power is P - mu^2 and
 *       SINR = mu^2 / (P - mu^2) = mu / (1 - mu),
 *     common to all M symbols of the SC-FDMA symbol.
 *     With estimated channels H_r = H_r,true + d_r, d_r of variance
 *     eps N0_r (eps = c/W, c = (1-a)^2 + a^2 for the interpolation weight a
 *     of the symbol: 1/2..1), the signal coefficient sum_r conj(H_r)
 *     H_r,true / N0_r has mean gamma_k - delta, delta = n_rx eps, and
 *     variance about gamma_k eps, so
 *       mu = (1/M) sum_k (gamma_k - delta) / (1 + gamma_k),
 *       P  = (1/M) sum_k ((gamma_k - delta)^2 + gamma_k (1 + eps)) / (1 + gamma_k)^2,
 *       SINR = mu^2 / (P - mu^2)
 *     (which reduces to mu / (1 - mu) for eps = 0). Without the correction
 *     the symbols come out biased low by about 1/(1 + eps) at low SNR
 *     (8 % at 0 dB, tests/phy/test_pusch.c). The receiver divides by mu
 *     (unbiased symbols) and demaps with N0 = (P - mu^2) / mu^2 = 1 / SINR,
 *     treating residual interference as Gaussian.
 *  5. Max-log soft demapping (ltephy/modulation.h), descrambling with
 *     lte_ulsch_descramble (placeholder aware), UL-SCH decoding with HARQ
 *     soft combining and UCI (HARQ-ACK, RI, CQI/PMI) decoding
 *     (lte_ulsch_decode).
 *
 * Objects: one per cell (bandwidth, CP, cell identity, hopping) and per
 * thread; the UE (RNTI, cyclic shifts) and the allocation come with every
 * call, so one object serves any UE. No allocation after create.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_PUSCH_H
#define LTEPHY_PUSCH_H

#include <complex.h>
#include <stdint.h>

#include "ltephy/cell.h"
#include "ltephy/simd.h"
#include "ltephy/ulsch.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_PUSCH_MAX_RX 4

/* The cell (and receiver) configuration. */
typedef struct lte_pusch_cfg {
    int n_rb_ul;       /* N_RB^UL, 6..110 */
    lte_cp cp;         /* uplink cyclic prefix */
    int cell_id;       /* N_ID^cell 0..503 */
    int group_hopping; /* groupHoppingEnabled 0/1 (§5.5.1.3) */
    int seq_hopping;   /* sequenceHoppingEnabled 0/1 (§5.5.1.4) */
    int delta_ss;      /* groupAssignmentPUSCH 0..29 */
    int fft_size;      /* 0: standard for n_rb_ul (ofdm.h) */
    int window_offset; /* receiver FFT window: samples before the CP end (ofdm.h) */
    int n_rx;          /* receive antennas 1..LTE_PUSCH_MAX_RX (0: transmitter only) */
    int tbs_max;       /* largest transport block, bits (>= 16) */
    int max_iter;      /* turbo iterations, 0 = 8 */
    int threads;       /* OpenMP threads of the turbo decoder, 0 = runtime default */
    int freq_halfwin;  /* channel-estimate moving average half-width, 0 = 3 (W = 7) */
    lte_simd_path simd;
    int decoder;       /* UL-SCH turbo decoder (sch.h): LTE_SCH_DEC_FLOAT (0, the float
                        * reference), LTE_SCH_DEC_FX8 (the 8-bit fixed-point model, several
                        * times faster: what the speed goal is measured with) or _FX16 */
    int half_stop;     /* fixed-point decoders: stop after half-iteration 1 when decoder
                        * 1's decisions pass the CRC (lte_sch_cfg.half_stop); 0 = off */
    int release_ok;    /* 1: a TB that decodes releases its HARQ buffer, a first
                        * transmission is stored only if it fails (lte_sch_cfg.release_ok);
                        * 0 = off */
    unsigned fft_flags; /* FFTW planning rigor of the SC-FDMA FFT and the transform-
                        * precoding DFTs (ltephy/fft.h): 0 = LTE_FFT_ESTIMATE, the
                        * deterministic default (the same bits in every process);
                        * LTE_FFT_MEASURE or LTE_FFT_PATIENT: the plans FFTW timed fastest
                        * at create (1200 points: 1.4x / 1.7x faster than ESTIMATE on
                        * Debian's AVX build of FFTW; a 100-PRB receiver about 4 %
                        * faster in all), outputs equal to ESTIMATE's within float
                        * rounding but not bit for bit, and a create that times over 70
                        * plans: seconds (MEASURE) to a minute or more (PATIENT) unless
                        * wisdom was imported (lte_fft_wisdom_import_file) */
} lte_pusch_cfg;

/* ---- frequency hopping (TS 36.211 §5.3.4, TS 36.213 §8.4) --------------------
 * With hopping the two slots of a subframe may sit on different PRBs: each
 * slot carries its own DMRS on its own PRBs (§5.5.2.1.2), so the receiver
 * estimates the channel per slot and holds it over the slot instead of
 * interpolating between the two DMRS symbols (step 2 above; whenever the
 * two slots' PRBs differ).
 *
 * Allocation: prb_start is RB_START and ul.n_prb is L_CRBs of the grant's
 * resource allocation field (36.213 §8.1.1, after the N_UL_hop hopping bits
 * of §8.4), so
 *  - type 1 (§8.4.1): RB_START counts from the start of the PUSCH hopping
 *    region: slot 0 starts at n_PRB^S1 = RB_START + Ñ_RB^HO/2, slot 1 at
 *    n_PRB = ñ_PRB + Ñ_RB^HO/2, ñ_PRB from the hopping bits (Table 8.4-2:
 *    (RB_START + floor(N_RB^PUSCH/2)) mod N_RB^PUSCH, or -+ floor(N_RB^PUSCH/4)
 *    for 50..110 PRBs), N_RB^PUSCH = N_RB^UL - Ñ_RB^HO - (N_RB^UL mod 2) and
 *    Ñ_RB^HO = N_RB^HO rounded up to even. Inter-subframe hopping uses the
 *    slot-0 allocation in both slots for even CURRENT_TX_NB, the slot-1 one
 *    for odd.
 *  - type 2 (36.211 §5.3.4): RB_START = n_VRB; every VRB of the allocation
 *    moves by f_hop(i) sub-bands of N_RB^sb PRBs and is mirrored inside its
 *    sub-band when f_m(i) = 1; i = n_s (intra- and inter-subframe) or
 *    floor(n_s / 2) (inter-subframe); f_hop, f_m from the Gold sequence with
 *    c_init = N_ID^cell (FDD) or 2^9 (n_f mod 4) + N_ID^cell (TDD), reset at
 *    every frame; for N_sb = 1, f_m = n_s mod 2 or CURRENT_TX_NB mod 2.
 * Rejected (LTE_EINVAL, a scheduler must not send them): L_CRBs above the
 * §8.4 limit (floor(2^y / N_RB^UL), y = ceil(log2(N_RB^UL (N_RB^UL + 1) / 2))
 * - N_UL_hop: the RIV must fit the shortened field; type 2 also at most
 * floor(N_RB^PUSCH / N_sb)); an allocation of either slot that leaves the
 * PUSCH hopping region (type 1: PRBs Ñ_RB^HO/2 .. Ñ_RB^HO/2 + N_RB^PUSCH - 1;
 * type 2, N_sb > 1: ceil(N_RB^HO/2) .. + N_sb N_RB^sb - 1; N_sb = 1: the
 * band); a type 2 allocation that straddles two sub-bands (the per-VRB
 * formula would then make the set of PRBs non-contiguous). */
typedef enum lte_pusch_hop_mode {
    LTE_PUSCH_HOP_INTER_SF = 0,       /* hoppingMode interSubFrame */
    LTE_PUSCH_HOP_INTRA_INTER_SF = 1, /* hoppingMode intraAndInterSubFrame */
} lte_pusch_hop_mode;

typedef struct lte_pusch_hopping {
    int enabled;        /* DCI format 0 frequency hopping flag; 0: no hopping, the
                         * other fields are ignored (all-zero = the default) */
    int hop_bits;       /* the N_UL_hop MSBs of the RA field as a number (Table 8.4-1:
                         * one bit for N_RB^UL 6..49, two for 50..110). Table 8.4-2:
                         * 1 bit: 0 type 1 +N/2, 1 type 2; 2 bits: 0 type 1 +N/4,
                         * 1 type 1 -N/4, 2 type 1 +N/2, 3 type 2 */
    int n_sb;           /* N_sb, n-SB 1..4 (pusch-ConfigCommon; type 2) */
    int hopping_offset; /* N_RB^HO, pusch-HoppingOffset 0..98 */
    lte_pusch_hop_mode mode;
    int current_tx_nb;  /* CURRENT_TX_NB of the transport block (36.321 §5.4.2.2), >= 0 */
    int tdd;            /* 1: frame structure type 2 (the type 2 sequence needs n_f) */
    int sfn;            /* n_f 0..1023 (TDD only) */
} lte_pusch_hopping;

/* First PRB of slot 0 and slot 1 (prb[0], prb[1]) of the allocation of
 * l_crb PRBs at RB_START = rb_start in subframe 0..9, per the rules above
 * (h NULL or h->enabled = 0: rb_start in both slots, after the same range
 * check). Each slot uses l_crb contiguous PRBs from prb[slot]. */
int lte_pusch_hop_prb(int n_rb_ul, int cell_id, const lte_pusch_hopping *h, int rb_start,
                      int l_crb, int subframe, int prb[2]);

/* One PUSCH transmission: the UE and its grant in a subframe. */
typedef struct lte_pusch_grant {
    int subframe;     /* 0..9 (slots 2 sf, 2 sf + 1) */
    int rnti;         /* n_RNTI 0..65535 */
    int cyclic_shift; /* higher-layer cyclicShift 0..7 -> n_DMRS^(1) */
    int cs_field;     /* DCI "cyclic shift for DMRS" 0..7 -> n_DMRS^(2) */
    int prb_start;    /* first PRB of the allocation; with hopping RB_START (above) */
    lte_ulsch_cfg ul; /* UL-SCH: ul.n_prb = M_RB (2^a 3^b 5^c), ul.cp_extended
                       * must match the cell, ul.n_srs = 1 leaves the last symbol */
    lte_pusch_hopping hop; /* frequency hopping; zeroed = off */
} lte_pusch_grant;

typedef struct lte_pusch lte_pusch;

int lte_pusch_create(const lte_pusch_cfg *cfg, lte_pusch **out);
void lte_pusch_destroy(lte_pusch *p); /* NULL allowed */

/* Samples per subframe (15 N_fft) and REs per subframe grid (N_symb_sf 12 N_RB^UL). */
int lte_pusch_subframe_len(const lte_pusch *p);
int lte_pusch_grid_len(const lte_pusch *p);

/* ---- transmitter ------------------------------------------------------------
 * tb: ul.tbs bits; cqi, ri, ack: ul.o_cqi, ul.o_ri, ul.o_ack bits (NULL where
 * the count is 0). grid (may be NULL): lte_pusch_grid_len REs, the subframe's
 * resource grid (ofdm.h layout). samples (may be NULL): lte_pusch_subframe_len
 * SC-FDMA samples. */
int lte_pusch_tx(lte_pusch *p, const lte_pusch_grant *g, const uint8_t *tb, const uint8_t *cqi,
                 const uint8_t *ri, const uint8_t *ack, float complex *grid,
                 float complex *samples);

/* ---- receiver ---------------------------------------------------------------- */
typedef struct lte_pusch_rx_result {
    lte_ulsch_result ul;             /* data CRC, CQI CRC, UCI metrics */
    float n0[LTE_PUSCH_MAX_RX];      /* estimated noise variance per RE, per antenna */
    float sinr_db_mean;              /* mean over data symbols of the post-MMSE SINR */
    float sinr_db_min;
} lte_pusch_rx_result;

/* The whole receiver: samples[r] holds lte_pusch_subframe_len samples of RX
 * antenna r (r < n_rx). harq: the HARQ process's soft buffer (reset by the
 * caller for a new transport block; may be NULL when ul.tbs = 0). Outputs as
 * lte_ulsch_decode. Returns 0 on valid arguments whatever the CRCs say. */
int lte_pusch_rx(lte_pusch *p, const lte_pusch_grant *g, const float complex *const *samples,
                 lte_sch_harq *harq, uint8_t *tb, uint8_t *cqi, uint8_t *ri, uint8_t *ack,
                 lte_pusch_rx_result *res);

/* The receiver stage by stage (what lte_pusch_rx does, in this order); for
 * benchmarks, vector dumps and receivers that bring their own front end.
 * Each stage reads the object's state left by the previous one. */
/* 1. SC-FDMA demodulation of antenna r into the object's grid r. */
int lte_pusch_rx_demod(lte_pusch *p, int r, const float complex *samples);
/* 1'. Or load antenna r's frequency-domain grid (lte_pusch_grid_len REs). */
int lte_pusch_rx_load_grid(lte_pusch *p, int r, const float complex *grid);
/* 2. DMRS channel and noise estimation for every antenna. */
int lte_pusch_rx_chest(lte_pusch *p, const lte_pusch_grant *g);
/* 3. MMSE combining of the data REs across antennas. */
int lte_pusch_rx_equalize(lte_pusch *p, const lte_pusch_grant *g);
/* 4. Inverse transform precoding, SINR per SC-FDMA symbol, unbiasing. */
int lte_pusch_rx_idft(lte_pusch *p, const lte_pusch_grant *g);
/* 5. Soft demapping. */
int lte_pusch_rx_demap(lte_pusch *p, const lte_pusch_grant *g);
/* 6. Descrambling (lte_ulsch_descramble). */
int lte_pusch_rx_descramble(lte_pusch *p, const lte_pusch_grant *g);
/* 7. UL-SCH and UCI decoding; fills res (the n0 and SINR fields too). */
int lte_pusch_rx_decode(lte_pusch *p, const lte_pusch_grant *g, lte_sch_harq *harq,
                        uint8_t *tb, uint8_t *cqi, uint8_t *ri, uint8_t *ack,
                        lte_pusch_rx_result *res);

/* Intermediate values of the last transmission or reception. */
typedef enum lte_pusch_stage {
    LTE_PUSCH_TX_BITS = 0,   /* uint8_t, n_bits: UL-SCH output h (with placeholders) */
    LTE_PUSCH_TX_SCRAMBLED,  /* uint8_t, n_bits: scrambled bits */
    LTE_PUSCH_TX_SYMBOLS,    /* float complex, n_symb M_sc: modulated symbols */
    LTE_PUSCH_TX_PRECODED,   /* float complex, n_symb M_sc: after transform precoding */
    LTE_PUSCH_RX_GRID,       /* float complex, grid_len per antenna: demodulated grid */
    LTE_PUSCH_RX_CHEST,      /* float complex, N_symb_sf M_sc per antenna: H estimate in
                              * every SC-FDMA symbol of the subframe, allocation only
                              * (with hopping, each slot's own PRBs) */
    LTE_PUSCH_RX_EQUALIZED,  /* float complex, n_symb M_sc: MMSE output Zhat (biased) */
    LTE_PUSCH_RX_SYMBOLS,    /* float complex, n_symb M_sc: unbiased symbols after IDFT */
    LTE_PUSCH_RX_SINR,       /* float, n_symb: post-equalisation SINR (linear) */
    LTE_PUSCH_RX_LLR,        /* float, n_bits: soft bits (descrambled after stage 6) */
} lte_pusch_stage;
/* data: pointer into the object (valid until the next call); n: element
 * count; antenna r for the per-antenna stages (ignored otherwise). */
int lte_pusch_stage_get(const lte_pusch *p, lte_pusch_stage stage, int r, const void **data,
                        int *n);

#ifdef __cplusplus
}
#endif
#endif
