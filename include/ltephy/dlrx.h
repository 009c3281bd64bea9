/* ltephy phy: the downlink receive chain of a UE, from the samples of a
 * found cell to transport blocks (36.211 §6, 36.212 §5.3, 36.213 §7, §9).
 *
 * Per subframe (lte_dlrx_chain_front, then lte_dlrx_chain_pdsch per grant):
 *  1. the cell's CFO is removed (phase relative to the subframe start: a
 *     constant phase per subframe is part of the channel estimate);
 *  2. OFDM demodulation (ofdm.h) with the FFT window window_offset samples
 *     before the end of each CP, so a timing error of up to that many
 *     samples (late) causes no inter-symbol interference;
 *  3. CRS channel estimation for every port and receive antenna (chest.h)
 *     and the noise n0; with Wiener interpolation (the default) the delay
 *     model starts 2 tau (tau = chest.h's delay_spread_s, 1 us: 2 us) before
 *     the timing reference (chest.h delay_early_s), so that paths up to
 *     2 tau ahead of the timing (a cell search locked onto a later path) stay
 *     inside it;
 *  4. PCFICH -> CFI (§6.7), which selects the control layout;
 *  5. PDCCH blind search (36.213 §9.1.1, lte_pdcch_search_multi: each
 *     candidate decoded once per payload size, its CRC tested against every
 *     configured RNTI): formats 1A and 1C in the common space for the
 *     broadcast RNTIs (SI/P/RA: common space only), 1A in the common and
 *     UE-specific spaces for the others plus, in the UE-specific spaces,
 *     the format of cfg.tm (36.213 Table 7.1-5; 36.212 §5.3.3.1, dci.h); a
 *     1A-size find whose flag bit says format 0 is reported without PDSCH;
 *  6. per format 1A / 1C grant: the allocation (type 2 localized or
 *     distributed VRBs, 36.213 §7.1.6.3, 36.211 §6.2.3.2: the PRBs of the
 *     two slots may differ) -> PRBs per slot (lte_ra_prbs), TBS and
 *     modulation (36.213 §7.1.7: for SI-, P- and RA-RNTI Q_m = 2, I_TBS =
 *     I_MCS, N_PRB^1A from the TPC LSB; 1C: Table 7.1.7.2.3-1), rv from the
 *     1A DCI (1C has none: SIB1's sequence of 36.321 §5.3.1 in subframe 5
 *     of even frames, else 0; on a CRC failure the other three rvs are
 *     tried); per C-RNTI grant of the mode's format (1: resource allocation
 *     type 0/1, single port or transmit diversity; 2A: large-delay CDD,
 *     36.211 §6.3.4.2.2, with W(i) cycled over codebook indices 12..15 on
 *     4 ports, or transmit diversity; 2: codebook precoding; 2 or 4 ports;
 *     the rank and codebook index from the precoding information of 36.212
 *     Tables 5.3.3.1.5A-2 (2A, 4 ports: two blocks on 2, 3, 4 layers; one
 *     block: transmit diversity or 2 layers), 5.3.3.1.5-4 (2, 2 ports) and
 *     5.3.3.1.5-5 (2, 4 ports: 1..4 layers, each rank's TPMIs 0..15 then its
 *     "latest PMI" value; the values that
 *     follow the UE's latest PMI report use cfg.pmi_report / ri_report,
 *     LTE_EUNSUPPORTED without a report or where the rank does not allow
 *     it; reserved ones LTE_EFORMAT) the PRBs, one or two transport
 *     blocks, each sized for the layers of its codeword (36.213 §7.1.7.2.1, 7.1.7.2.2) and the
 *     scheme; PDSCH decode (dlphy.h: single port, transmit diversity on a
 *     2/4-port cell as for every 1A assignment, or linear MMSE / ZF
 *     detection of the layers on the effective channel H W(i) D(i) U per
 *     RE built from the CRS estimates of every port, layers.h, with LLRs
 *     scaled by each layer's post-detection SINR) -> transport block and
 *     CRC24A. With n_rx receive antennas the equalisers combine them
 *     (single port: maximum-ratio combining, which for one layer is also
 *     the MMSE estimate; SFBC and the control channels: the n_rx-antenna
 *     estimators of layers.h); spatial multiplexing needs n_rx >= layers
 *     to decode at any SNR (MMSE accepts fewer, ZF refuses them).
 *  7. with cfg.si_combine, an SI-RNTI PDSCH whose CRC fails on its own is
 *     soft-combined (HARQ, sch.h) with the earlier failed transmissions of
 *     the same block and decoded again: an SI message is sent several times
 *     in its SI window with rv = ceil(3k/2) mod 4 (36.321 §5.3.1), SIB1 four
 *     times in 80 ms (subframe 5 of even frames). Once a SIB1 has been
 *     decoded, the chain reads it (sib.h, lte_dlrx_chain_sib1) and "the same
 *     block" of an SI message is a transmission in the same SI window
 *     (36.331 §5.2.3: the same message, the same window start) of the same
 *     TBS and G; the rv of a format 1C SI message then follows from its
 *     index in the window (36.321 §5.3.1), so 1C transmissions combine too.
 *     Before that (and for SIB1 itself): a transmission with rv != 0 (rv 0,
 *     k = 0 mod 4, starts a block: a window opens with k = 0) and, for
 *     SIB1, in the same 80 ms period (SFN div 8), for another SI message, of
 *     the same TBS and coded bits G within 40 subframes (the longest SI
 *     window) of the first transmission held. A block of another message
 *     that passes that test spoils the combination (its CRC fails) until
 *     the next rv 0; in a window longer than 4 subframes the rv 0 at k = 4
 *     restarts the buffer (combining then uses at most 4 transmissions).
 *     Without SIB1, only transmissions whose rv is known combine: format 1A
 *     (rv field) and SIB1 (36.321's sequence). grant.combined says how many
 *     transmissions the decode used.
 *
 * Turbo decoder: cfg.decoder (sch.h) picks the DL-SCH decoder; the default
 * is the 8-bit fixed-point model (LTE_SCH_DEC_FX8: the float soft values
 * quantised as sch.h states, max-log-MAP, extrinsic scale 0.75, up to 8
 * iterations with CRC early stopping); LTE_SCH_DEC_FLOAT selects the float
 * reference decoder (the golden-vector receiver's). cfg.simd selects the
 * SIMD path of the demapper, descrambler and decoder (LTE_SIMD_AUTO = the
 * default path; every path gives the same transport blocks).
 * Broadcast RNTIs: 0xFFFF (SI), 0xFFFE (P), 0x0001..0x003C (RA), 36.321
 * Table 7.1-1. SIB1's rv follows ceil(3/2 k) mod 4 (36.321 §5.3.1,
 * lte_sib1_rv), but the DCI's rv field is what the receiver uses.
 *
 * Timing: lte_dlrx_chain_timing turns a cell-search result (frame start
 * and sampling-clock offset at 1.92 Msps) into subframe starts at the
 * chain's rate, 15 kHz x fft_size.
 *
 * Stages: after each step the intermediate results stay readable through
 * lte_dlrx_chain_stage until the next call (for vector dumps).
 *
 * Objects: everything is allocated by create; the per-subframe calls
 * allocate nothing. One object per thread.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_DLRX_H
#define LTEPHY_DLRX_H

#include <complex.h>
#include <stdint.h>

#include "ltephy/cell.h"
#include "ltephy/cellsearch.h"
#include "ltephy/chest.h"
#include "ltephy/control.h"
#include "ltephy/dci.h"
#include "ltephy/layers.h"
#include "ltephy/sch.h"
#include "ltephy/sib.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_DLRX_MAX_RNTI 8
#define LTE_DLRX_MAX_GRANTS 8

typedef struct lte_dlrx_chain_cfg {
    lte_cell_cfg cell;       /* n_rb, cp, duplex (TDD configurations), cell_id, n_ports,
                              * ng, phich_dur; cell.cfi is ignored (PCFICH decides) */
    int fft_size;            /* 0 = standard for n_rb; input rate = 15 kHz x fft_size */
    double cfo_hz;           /* frequency offset of the input (removed) */
    int window_offset;       /* FFT window advance into the CP; -1 = half the
                              * shortest CP (default) */
    lte_chest_freq freq;     /* default LTE_CHEST_FREQ_WIENER */
    lte_chest_time time;     /* default LTE_CHEST_TIME_LINEAR */
    lte_mimo_eq eq;          /* default LTE_EQ_MMSE */
    int n_rx;                /* receive antennas 1..LTE_CHEST_MAX_RX (default 1) */
    int decoder;             /* LTE_SCH_DEC_FX8 (default), _FX16 or _FLOAT (sch.h) */
    lte_simd_path simd;      /* default LTE_SIMD_AUTO */
    uint16_t rnti[LTE_DLRX_MAX_RNTI]; /* searched RNTIs; default {SI-RNTI} */
    int n_rnti;
    int si_combine;          /* 1: soft-combine the SI-RNTI transmissions of a transport
                              * block across subframes (step 7); 0 (default): every
                              * transmission decoded on its own */
    int tm;                  /* transmission mode of the C-RNTIs, 1..4 (0 = 1): with 1A,
                              * the UE-specific spaces carry format 1 (TM1, TM2), 2A
                              * (TM3) or 2 (TM4), 36.213 Table 7.1-5; TM2-4 need a
                              * 2- or 4-port cell */
    int half_stop;           /* 1 (default): the fixed-point turbo decoder also stops after
                              * half-iteration 1 when decoder 1's decisions pass the CRC
                              * (lte_sch_cfg.half_stop); 0: full iterations only */
    int pmi_report;          /* TM4: the UE's latest wideband PMI report on PUSCH, which the
                              * format 2 precoding information values "precoding according
                              * to the latest PMI report on PUSCH" refer to (36.212 Tables
                              * 5.3.3.1.5-4/-5): a PMI value of 36.213 §7.2.4 (csi.h; 2
                              * ports: 0..3 for rank 1, 0..1 for rank 2; 4 ports: 0..15);
                              * -1 (default) = no report: those grants get
                              * LTE_EUNSUPPORTED, saying so */
    int ri_report;           /* the rank of that report, 1..n_ports (default 1) */
    unsigned fft_flags;      /* FFTW planning rigor of the OFDM demodulator (ltephy/fft.h):
                              * 0 = LTE_FFT_ESTIMATE (default, deterministic: the same
                              * bits in every process); LTE_FFT_MEASURE / _PATIENT: the
                              * plan FFTW timed fastest at create (2048 points: about 7 %
                              * faster on Debian's AVX build of FFTW), equal within float
                              * rounding, not bit for bit */
} lte_dlrx_chain_cfg;

/* Defaults above, 6 RB FDD cell 0, 1 port, 1 receive antenna. */
int lte_dlrx_chain_cfg_init(lte_dlrx_chain_cfg *cfg);
/* The cell of a search result whose MIB decoded (mibs_ok > 0, else
 * LTE_EINVAL): PCI, CP, duplex, ports, bandwidth, PHICH; CFO. TDD cells keep
 * cfg's tdd_config / ssf_config (SIB1 carries them, not the MIB). */
int lte_dlrx_chain_cfg_cell(lte_dlrx_chain_cfg *cfg, const lte_cs_cell *cell);

typedef enum lte_dlrx_fmt {
    LTE_DLRX_FMT_0 = 0,  /* uplink grant (format 0/1A flag = 0): no PDSCH */
    LTE_DLRX_FMT_1A = 1,
    LTE_DLRX_FMT_1C = 2, /* SI/P/RA-RNTI, common space (36.212 §5.3.3.1.4) */
    LTE_DLRX_FMT_1 = 3,  /* C-RNTI, TM1/TM2 (§5.3.3.1.2) */
    LTE_DLRX_FMT_2 = 4,  /* C-RNTI, TM4 (§5.3.3.1.5) */
    LTE_DLRX_FMT_2A = 5, /* C-RNTI, TM3 (§5.3.3.1.5A) */
} lte_dlrx_fmt;

/* One DCI found and what it assigns. */
typedef struct lte_dlrx_grant {
    uint16_t rnti;
    int L, cce, common;      /* where it was found */
    int n_bits;
    uint8_t payload[LTE_CTRL_A_MAX];
    lte_dlrx_fmt format;
    lte_dci_1a dci;          /* format 1A fields */
    lte_dci_1c dci1c;        /* format 1C fields */
    int broadcast;           /* SI/P/RA-RNTI */
    int rb_start, l_crbs;    /* 1A: RB_start, L_CRBs of the RIV; 1C: lowest PRB of slot 0, PRBs */
    int n_prb;               /* PRBs per slot */
    uint8_t prb[2][LTE_MAX_RB]; /* PRBs of the even and odd slot (lte_ra_prbs) */
    lte_dci_dl dl;           /* formats 1, 2, 2A fields */
    lte_dci_tb_grant tbg[2]; /* formats 1, 2, 2A: transport blocks 1 and 2 (36.213
                              * §7.1.7); tbs, q_m, rv, sch above are those of
                              * codeword 0 */
    int n_cw;                /* codewords of the PDSCH (1 or 2) */
    int tbs_cw[2];           /* transport block size per codeword */
    int status_cw[2];        /* 0 / LTE_ECRC per codeword (status: both) */
    int tbs, q_m, rv;
    int G;                   /* coded bits of the PDSCH */
    /* 1 = not decoded (yet), 0 = CRC checks, LTE_ECRC, or another negative
     * code: the grant cannot be decoded (e.g. distributed VRBs,
     * LTE_EUNSUPPORTED; a reserved MCS, LTE_EINVAL) */
    int status;
    lte_sch_result sch;
    int combined;            /* SI-RNTI with cfg.si_combine: transmissions combined in
                              * this decode (step 7); 0 = this one alone */
    int si_msg;              /* SI-RNTI outside SIB1's subframe, once a SIB1 was read:
                              * 1 + the SI message whose window holds the subframe
                              * (36.331 §5.2.3, schedulingInfoList order; SIB2 is in
                              * message 1); 0 otherwise */
} lte_dlrx_grant;

typedef struct lte_dlrx_sf {
    int subframe, sfn;
    int dl;                  /* 0: uplink subframe, nothing decoded */
    int cfi;                 /* 1..3; 0 = no signal at the CRS (nothing decoded) */
    float cfi_metric;        /* PCFICH correlation */
    float n0;                /* noise variance per RE (estimated at the CRS) */
    float snr_db;            /* mean |H|^2 of port 0 over n0 */
    int n_grants;
    lte_dlrx_grant grant[LTE_DLRX_MAX_GRANTS];
} lte_dlrx_sf;

typedef struct lte_dlrx_chain lte_dlrx_chain;

int lte_dlrx_chain_create(const lte_dlrx_chain_cfg *cfg, lte_dlrx_chain **out);
void lte_dlrx_chain_destroy(lte_dlrx_chain *ch); /* NULL allowed */
/* Samples per subframe at the chain's rate. */
int lte_dlrx_chain_subframe_len(const lte_dlrx_chain *ch);
/* A new latest PMI report (cfg.pmi_report / ri_report; pmi -1 = none) for
 * the grants of the subframes that follow. */
int lte_dlrx_chain_set_pmi(lte_dlrx_chain *ch, int pmi, int ri);

/* Steps 1-5 on one subframe: x holds subframe_len samples from the
 * subframe's first sample. res gets the CFI and the grants (status 1).
 * One receive antenna (cfg.n_rx = 1); see _front_rx for more. */
int lte_dlrx_chain_front(lte_dlrx_chain *ch, const float complex *x, int subframe, int sfn,
                         lte_dlrx_sf *res);
/* The same for cfg.n_rx antennas: x[r], r < n_rx, subframe_len samples each
 * (antennas sampled together, one CFO). */
int lte_dlrx_chain_front_rx(lte_dlrx_chain *ch, const float complex *const *x, int subframe,
                            int sfn, lte_dlrx_sf *res);
/* Step 6 for grant i of res (after front on the same subframe): 0 when its
 * CRC checks, LTE_ECRC when not, another code when it cannot be decoded;
 * the same value goes to res->grant[i].status. */
int lte_dlrx_chain_pdsch(lte_dlrx_chain *ch, lte_dlrx_sf *res, int i);
/* Front, then every grant with a PDSCH (formats 1A, 1C, 1, 2, 2A). Returns 0
 * unless an argument is bad
 * (decoding failures are in the grants' status). */
int lte_dlrx_chain_subframe(lte_dlrx_chain *ch, const float complex *x, int subframe, int sfn,
                            lte_dlrx_sf *res);
/* Front_rx, then every grant with a PDSCH (n_rx antennas). */
int lte_dlrx_chain_subframe_rx(lte_dlrx_chain *ch, const float complex *const *x, int subframe,
                               int sfn, lte_dlrx_sf *res);
/* The last SIB1 the chain decoded (CRC checked) and read (sib.h): 1 and
 * *out, or 0 if none yet. */
int lte_dlrx_chain_sib1(const lte_dlrx_chain *ch, lte_sib1 *out);
/* Transport block of grant i of the last front (tbs bits; valid after its
 * decode, until the next front). */
int lte_dlrx_chain_tb(const lte_dlrx_chain *ch, int i, const uint8_t **bits, int *n);
/* The same for codeword q (0 or 1) of a two-codeword grant (formats 2, 2A). */
int lte_dlrx_chain_tb_cw(const lte_dlrx_chain *ch, int i, int q, const uint8_t **bits, int *n);

typedef enum lte_dlrx_stage {
    LTE_DLRX_STAGE_TIME = 0,   /* cf32: CFO-corrected samples (subframe_len) of antenna
                                * `port` (the argument names the receive antenna); with
                                * cfo_hz = 0 the caller's input itself */
    LTE_DLRX_STAGE_GRID,       /* cf32: FFT output, grid.h layout (n_sc x n_symb), of
                                * receive antenna `port` */
    LTE_DLRX_STAGE_CHEST,      /* cf32: channel estimate (same layout and reference) from
                                * antenna port p to receive antenna r: `port` =
                                * r * n_ports + p */
    LTE_DLRX_STAGE_PDCCH_LLR,  /* f32: descrambled PDCCH soft bits (8 per REG, §6.8.2 order) */
    LTE_DLRX_STAGE_PDSCH_SYM,  /* cf32: equalised PDSCH symbols of the last decode, per RE
                                * (transmit diversity: codeword order) or, with v
                                * layers, x[k v + l] (layers.h) */
    LTE_DLRX_STAGE_PDSCH_NV,   /* f32: their noise variances */
    LTE_DLRX_STAGE_PDSCH_LLR,  /* f32: descrambled soft bits (G) of the last decode */
} lte_dlrx_stage;

/* data: float complex or float array (see above), n: its element count. */
int lte_dlrx_chain_stage(const lte_dlrx_chain *ch, lte_dlrx_stage stage, int port,
                         const void **data, int *n);

/* Where subframe sf of radio frame k (k = 0: the frame at the search's
 * frame_start_fine; may be negative) starts in a recording at fs_hz, from
 * the search's timing (frame_start_fine, clock_ppm at LTE_CS_FS), and that
 * frame's SFN (from the MIB; -1 if the cell has none). */
int lte_dlrx_chain_timing(const lte_cs_cell *cell, double fs_hz, long k, int sf, double *start,
                          int *sfn);

#ifdef __cplusplus
}
#endif
#endif
