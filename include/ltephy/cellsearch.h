/* ltephy phy: downlink cell search and MIB acquisition, the front of a UE
 * receiver (36.211 §6.11 synchronisation signals, §6.6 PBCH, §6.10.1 CRS;
 * 36.212 §5.3.1 BCH; 36.331 §6.2.2 MasterInformationBlock).
 *
 * Everything runs on the central 6 RB sampled at LTE_CS_FS = 1.92 Msps
 * (FFT 128), whatever the cell's bandwidth: the PSS, SSS and PBCH all sit in
 * the central 72 subcarriers (§6.6.4, §6.11.1.2, §6.11.2.2). Convert a
 * recording to this rate first (ltephy/iq.h, lte_iq_resample).
 *
 * Steps (each is a public function, lte_cs_search runs them all):
 *  1. PSS search (lte_cs_pss_search): correlation with the three time-domain
 *     PSS replicas (128 samples, CP excluded) for every integer-CFO
 *     hypothesis m * 15 kHz (|m * 15 kHz| <= cfo_max_hz), each replica split
 *     in two halves whose correlations are added in power, so that a residual
 *     CFO up to +-7.5 kHz costs less than 1 dB; the power is accumulated
 *     over up to max_half_frames half-frames (5 ms) and normalised by the
 *     window energy, giving a metric in [0, 1] (1 = a noiseless PSS alone).
 *     The phase between the two half correlations gives the coarse CFO
 *     (unambiguous within +-15 kHz around the hypothesis).
 *  2. SSS detection (lte_cs_sss_detect): for the four layouts FDD/TDD x
 *     normal/extended CP, the SSS symbol sits at a fixed distance before the
 *     PSS (§6.11.1.2, §6.11.2.2); the PSS gives the channel for a coherent
 *     correlation with all 168 N_ID^(1) x {subframe 0, 5} sequences, summed
 *     over the half-frames with alternating subframe parity; the metric is
 *     the magnitude of that complex sum (a residual CFO turns its phase
 *     between the PSS and the SSS, which a real part would count as a
 *     loss: 810 Hz of error in multipath dropped it below threshold). The best
 *     hypothesis gives N_ID^(1), the CP, the duplex mode and which
 *     half-frame holds subframe 0, i.e. the radio-frame timing.
 *     A PSS moved by m subcarriers equals the PSS cyclically shifted by
 *     u*m*128/63 samples (§6.11.1.1), which a CP can hold (26.4 samples for
 *     u = 25, m = 2), so a peak's integer-CFO aliases within 40 samples are
 *     tried as well and the SSS decides; when an alias wins, the cell's
 *     pss_pos, cfo_coarse_hz and pss_metric are the alias's.
 *  3. Fine CFO (lte_cs_fine_cfo) from the cyclic prefix: the phase of
 *     sum x[n] x*[n+128] over the CP samples of the downlink symbols of
 *     subframes 0 and 5, unambiguous within +-7.5 kHz, taken around the
 *     coarse estimate.
 *     Then (lte_cs_refine_cfo) the phase drift of the port-0 CRS between
 *     the two slots of subframe 0 refines it within +-1 kHz.
 *  4. MIB (lte_cs_decode_mib): per radio frame, the timing is tracked with
 *     that frame's PSS (best of +-3 samples around the previous frame's
 *     timing, fraction from a parabola; a line through them gives
 *     frame_start_fine and the sampling-clock offset clock_ppm); subframe 0
 *     is CFO-corrected and OFDM-demodulated (6 RB), the CRS channel estimated
 *     (ltephy/chest.h) for ports 0..3, and the PBCH REs combined for each
 *     port-count hypothesis 1, 2 (SFBC) and 4 (SFBC-FSTD), QPSK soft
 *     demapped, descrambled at each of the four frame offsets n_f mod 4 and
 *     BCH decoded; the CRC mask (36.212 Table 5.3.1.1-1) tells the port
 *     count (blind detection). The SFN is the MIB's 8 MSBs * 4 + the offset.
 *
 * A cell is reported when its PSS metric passes pss_threshold and its SSS
 * passes sss_threshold with a margin of 1.4 over every other N_ID^(1) and
 * subframe hypothesis; its MIB fields are valid when mibs_ok > 0. A cell
 * without a MIB whose PSS is within 40 samples of a cell with one and less
 * than a quarter as strong is dropped as that cell's sidelobe, and one
 * without a MIB whose CFO is 7.5 kHz (half a subcarrier) or more from a
 * cell with one as that cell's integer-CFO alias (two cells of one
 * recording are never that far apart: the base stations' 0.05 ppm and
 * Doppler leave about 1 kHz).
 *
 * Objects: lte_cs_create plans the FFTs and allocates every buffer; the
 * searches allocate nothing. One object per thread.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_CELLSEARCH_H
#define LTEPHY_CELLSEARCH_H

#include <complex.h>
#include <stddef.h>
#include <stdint.h>

#include "ltephy/cell.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_CS_FS 1920000.0    /* search sampling rate (15 kHz x 128) */
#define LTE_CS_NFFT 128
#define LTE_CS_HALF_FRAME 9600 /* samples in 5 ms at LTE_CS_FS */
#define LTE_CS_FRAME 19200     /* samples in 10 ms */
#define LTE_CS_MAX_CFO_HYP 9   /* integer-CFO hypotheses */
#define LTE_CS_MAX_PEAKS 12    /* PSS candidates kept by one search */

typedef struct lte_cs_cfg {
    double cfo_max_hz;     /* integer-CFO search range (default 15000: hypotheses
                            * -15, 0, +15 kHz, so |CFO| up to ~22 kHz) */
    int max_half_frames;   /* PSS accumulation, 1..64 (default 8 = 40 ms) */
    float pss_threshold;   /* normalised PSS metric to report a peak (default 0.08) */
    float sss_threshold;   /* normalised SSS metric (default 0.196) */
                           /* both for 8 half-frames; with K half-frames they are
                            * scaled by sqrt(8/K), as the maxima of noise are
                            * (noise alone: PSS max 0.047, SSS 0.158 at K = 8,
                            * 400 trials; the SSS metric is the correlation over
                            * its Cauchy-Schwarz bound, which on noise is pi/4 of
                            * the sign-agreement metric of earlier versions, so
                            * 0.196 = 0.25 pi/4 keeps their false-alarm rate) */
    int peaks_per_root;    /* PSS candidates per N_ID^(2), 1..4 (default 2) */
    int max_frames;        /* MIB: radio frames tried, 0 = every frame (default) */
} lte_cs_cfg;

/* The MIB fields (36.331 §6.2.2: dl-Bandwidth 3 bits, phich-Duration 1,
 * phich-Resource 2, systemFrameNumber 8 MSBs, spare 10). */
typedef struct lte_cs_mib {
    int n_rb;              /* 6, 15, 25, 50, 75, 100 */
    lte_phich_dur phich_dur;
    lte_phich_ng ng;
    int sfn;               /* full 10-bit SFN: 8 MSBs from the MIB, 2 LSBs from
                            * the PBCH frame offset (36.211 §6.6.1) */
    int n_ports;           /* from the CRC mask */
} lte_cs_mib;

/* A PSS peak. */
typedef struct lte_cs_pss_peak {
    int n_id2;
    int pos;               /* first sample of the PSS useful part (after its CP),
                            * in 0 .. LTE_CS_HALF_FRAME-1 (repeats every 5 ms) */
    float metric;          /* normalised, 0..1 */
    double cfo_hz;         /* coarse CFO: integer hypothesis + half-correlation phase */
    int cfo_hyp_hz;        /* the integer hypothesis that won */
} lte_cs_pss_peak;

typedef struct lte_cs_cell {
    int pci;               /* N_ID^cell = 3 N_ID^(1) + N_ID^(2) */
    int n_id1, n_id2;
    lte_duplex duplex;
    lte_cp cp;
    double cfo_hz;         /* fine CFO estimate (the signal is x e^{j 2 pi cfo t}) */
    double cfo_coarse_hz;  /* from the PSS */
    long frame_start;      /* sample (at LTE_CS_FS) of the first radio-frame start
                            * >= 0; frames start every LTE_CS_FRAME samples */
    double frame_start_fine; /* the same to a fraction of a sample, and */
    double clock_ppm;      /* the receiver's sampling-clock offset: frame k starts
                            * at frame_start_fine + k LTE_CS_FRAME (1 + clock_ppm
                            * 1e-6); both from the PSS of every frame (step 4) */
    int pss_pos;           /* first useful PSS sample, 0..LTE_CS_HALF_FRAME-1 */
    float pss_metric;      /* normalised PSS metric 0..1 */
    float sss_metric;      /* normalised SSS metric 0..1 (1 = noiseless) */
    float sss_margin;      /* best SSS metric / second best hypothesis */
    float pss_power_db;    /* mean power of the PSS REs, dB (unitary FFT, full scale 1) */
    float sss_power_db;    /* the same for the SSS */
    /* MIB (valid if mibs_ok > 0) */
    lte_cs_mib mib;        /* the MIB most decoded frames agree with (SFN referred to
                            * the first frame; on a tie the one with more ports: a
                            * 16-bit CRC can pass a wrong port hypothesis by chance) */
    long mib_frame_start;  /* sample where that frame starts (may be < frame_start
                            * only if it is the same frame) */
    int mibs_ok;           /* frames whose BCH CRC checked (with a port mask), alone or
                            * soft-combined with the other frames of their 40 ms
                            * PBCH period (see lte_cs_decode_mib) */
    int mibs_combined;     /* those of them that needed the combining */
    int mibs_tried;        /* frames with a complete subframe 0 in the signal */
    int sfn_consistent;    /* 1 if every decoded frame agrees with mib */
} lte_cs_cell;

typedef struct lte_cs lte_cs;

int lte_cs_cfg_init(lte_cs_cfg *cfg);
int lte_cs_create(const lte_cs_cfg *cfg, lte_cs **out);
void lte_cs_destroy(lte_cs *cs); /* NULL allowed */

/* 1 if c (without a MIB) is taken for an image of a cell of cells[0..n-1]
 * other than cells[skip] that has one: a sidelobe (PSS within 40 samples,
 * less than a quarter as strong) or an integer-CFO alias (CFO 7.5 kHz or
 * more apart); 0 otherwise, and for c with a MIB or NULL arguments. What
 * lte_cs_search applies to its own list; for callers merging the cells of
 * several searches (lte_cs_search_ppm). */
int lte_cs_is_image(const lte_cs_cell *c, const lte_cs_cell *cells, int n, int skip);

/* Receivers with loose clocks (cheap SDRs: 20-100 ppm): the PSS of a clock
 * 50 ppm off drifts 3.8 samples over 8 half-frames at 1.92 Msps and its
 * metric loses 3 dB (80 ppm: 5 dB), enough to miss a weak cell. This runs
 * lte_cs_search on x and on x taken to be sampled at LTE_CS_FS (1 + p 1e-6)
 * (resampled to LTE_CS_FS with liquid-dsp) for p = +-LTE_CS_PPM_STEP,
 * +-2 LTE_CS_PPM_STEP .. +-ppm_max (0..LTE_CS_PPM_MAX; below one step: one
 * plain search), keeps each PCI from the search where it decoded best (more
 * MIBs, then the stronger SSS) with its timing (frame_start, _fine,
 * mib_frame_start) and clock_ppm taken back to x's clock, and drops the
 * images (lte_cs_is_image) of the merged list. Each offset is one more
 * search: time and false alarms grow with their number. Unlike
 * lte_cs_search it allocates (the resampled signal). */
#define LTE_CS_PPM_STEP 20.0 /* at most 10 ppm left over: the metric loses 0.4 dB */
#define LTE_CS_PPM_MAX 200.0
int lte_cs_search_ppm(lte_cs *cs, const float complex *x, size_t n, double ppm_max,
                      lte_cs_cell *cells, int max, int *n_cells);

/* The whole search on x (n samples at LTE_CS_FS, n >= 2048): writes up to
 * max cells (strongest PSS first, one entry per PCI) and their number to
 * *n_cells. Finding no cell is not an error (0 cells, returns 0). */
int lte_cs_search(lte_cs *cs, const float complex *x, size_t n, lte_cs_cell *cells, int max,
                  int *n_cells);

/* Step 1: PSS peaks above the threshold, best first. */
int lte_cs_pss_search(lte_cs *cs, const float complex *x, size_t n, lte_cs_pss_peak *peaks,
                      int max, int *n_peaks);

/* Step 2: SSS for a peak. Fills n_id1, pci, duplex, cp, frame_start,
 * pss_pos, pss_metric, cfo_coarse_hz (= cfo_hz), sss_metric, sss_margin and
 * the powers of *cell; returns 0 if the SSS passed the threshold and the
 * margin, LTE_ENOTFOUND if not (cell still filled with the best hypothesis). */
int lte_cs_sss_detect(lte_cs *cs, const float complex *x, size_t n, const lte_cs_pss_peak *pk,
                      lte_cs_cell *cell);

/* Step 3: fine CFO of a cell whose frame timing, CP and duplex are known:
 * returns 0 and updates cell->cfo_hz (kept as is if no CP could be used). */
int lte_cs_fine_cfo(const float complex *x, size_t n, lte_cs_cell *cell);

/* Step 3b: refine cell->cfo_hz with the CRS of subframe 0 of every frame
 * (lte_cs_pbch_crs_drift): unambiguous within +-1 kHz of the CP estimate,
 * and averaging over far more signal than the CP. Kept as is if the CRS
 * give nothing. */
int lte_cs_refine_cfo(lte_cs *cs, const float complex *x, size_t n, lte_cs_cell *cell);

/* Step 4: MIB in every radio frame of x (up to cfg.max_frames): fills mib,
 * mibs_ok, mibs_combined, mibs_tried, sfn_consistent, and the tracked timing
 * frame_start_fine and clock_ppm. Each frame is decoded alone; where one of
 * four consecutive frames does not decode alone, the four are also taken as
 * one 40 ms PBCH period (the first with n_f mod 4 = 0) and their soft values
 * combined (36.211 §6.6.1), which gains about 6 dB for a weak cell: the
 * frames of a period that then checks count as decoded (mibs_combined).
 * Only whole periods in the signal are combined. Each such try adds three
 * BCH CRC checks (port counts 1, 2, 4), each passed by chance with
 * probability 2^-16 when the period is not one. */
int lte_cs_decode_mib(lte_cs *cs, const float complex *x, size_t n, lte_cs_cell *cell);

/* ---- PBCH receiver of the search (6 RB at LTE_CS_FS) --------------------
 * An object with the OFDM demodulators, channel estimators (ports 0..3,
 * linear interpolation) and BCH decoder the MIB step needs. */
typedef struct lte_cs_pbch lte_cs_pbch;
int lte_cs_pbch_create(lte_cs_pbch **out);
void lte_cs_pbch_destroy(lte_cs_pbch *pb); /* NULL allowed */

/* PBCH RE indices (grid.h layout, 6 RB) in mapping order (36.211 §6.6.4:
 * subframe 0, slot 1 symbols 0..3, k first, skipping the CRS positions of
 * ports 0..3 whatever the port count): 240 (normal CP) / 216 (extended). */
int lte_cs_pbch_re(int pci, lte_cp cp, uint32_t *idx);

/* One radio frame: sf0 points at the first sample of subframe 0
 * (LTE_CS_FS, 1920 samples readable, CFO already removed). Tries the port
 * counts 1, 2, 4 and the four frame offsets n_f mod 4; 0 and *mib on
 * success, LTE_ECRC if no hypothesis checks. */
int lte_cs_pbch_decode(lte_cs_pbch *pb, int pci, lte_cp cp, const float complex *sf0,
                       lte_cs_mib *mib);

/* The same, keeping the frame's PBCH soft values for each port-count
 * hypothesis 1, 2, 4 in soft[0], soft[1], soft[2] (LTE_CS_PBCH_Q floats each;
 * 432 used with the extended CP), written even when no hypothesis checks;
 * soft NULL: lte_cs_pbch_decode. */
#define LTE_CS_PBCH_Q 480 /* soft values of one frame's PBCH: M_bit / 4, normal CP */
int lte_cs_pbch_decode_soft(lte_cs_pbch *pb, int pci, lte_cp cp, const float complex *sf0,
                            lte_cs_mib *mib, float *const soft[3]);

/* BCH decoding of the frames of one 40 ms PBCH period soft-combined
 * (36.211 §6.6.1: the frame with n_f mod 4 = s carries the quarter s of the
 * scrambled block): seg[s] holds that frame's soft values (from
 * lte_cs_pbch_decode_soft, hypothesis n_ports), or NULL if the frame is not
 * at hand. 0 and *mib (SFN of the frame with n_f mod 4 = 0) if the CRC with
 * the n_ports mask checks, else LTE_ECRC. */
int lte_cs_pbch_combine(lte_cs_pbch *pb, int pci, lte_cp cp, int n_ports,
                        const float *const seg[4], lte_cs_mib *mib);

/* CFO refinement from the CRS: adds sum_m h_m(l + N_symb^DL) h_m*(l) of port
 * 0 over l = 0 and N_symb^DL - 3 of subframe 0 to *acc (same subcarriers,
 * 0.5 ms apart: a residual CFO f turns it by 2 pi f 0.5 ms). sf0 as above. */
int lte_cs_pbch_crs_drift(lte_cs_pbch *pb, int pci, lte_cp cp, const float complex *sf0,
                          float complex *acc);

/* Unpack the 24 MIB bits (36.331 §6.2.2, UPER: fields in order, MSB first)
 * with the PBCH frame offset n_f mod 4 (0..3) and the port count. */
int lte_cs_mib_unpack(const uint8_t bits[24], int frame_offset, int n_ports, lte_cs_mib *mib);

#ifdef __cplusplus
}
#endif
#endif
