/* ltephy phy: transmitter signal analysis of a downlink waveform: EVM of the
 * PDSCH per modulation, frequency error, RS and OFDM symbol powers (TS 36.104
 * §6.5.1, §6.5.2 and Annex E; TS 36.141 §6.5.1, §6.5.2 and Annex F), as a
 * base-station test measures an E-UTRA test model (36.141 §6.1.1).
 *
 * Input: time-domain samples of one antenna port at the standard sample rate
 * of the bandwidth (15 kHz * N_fft, ofdm.h; resample others first, iq.h),
 * covering whole downlink subframes, and the waveform configuration
 * (lte_wf_cfg, waveform.h: an E-TM, an RMC or a free configuration) the
 * signal was made with. The steps (docs/evm.md gives the clause of each):
 *  1. Coarse frequency error from the cyclic prefix (phase of
 *     sum x[n+N] x*[n] over the whole input, unambiguous within +-7.5 kHz).
 *  2. Frame timing: the input, corrected by step 1, is correlated with one
 *     radio frame regenerated from the configuration (lte_wf), the REs every
 *     frame repeats only (not the PBCH, nor DL-SCH or OCNG data; in
 *     decision-directed mode only the CRS, PSS and SSS) at every lag of the
 *     frame, the 1 ms blocks added in power (so a residual frequency error
 *     of a few hundred Hz costs little); the peak is the sample where a
 *     radio frame starts (timing_samples, 0 .. frame length - 1).
 *  3. Fine frequency error from the per-OFDM-symbol correlation with the
 *     same reference: the phase step between consecutive symbols, then a
 *     least-squares line through the phases of every symbol of the input.
 *     The total is removed from every subframe measured (Annex E.3).
 *  4. Per downlink subframe, every OFDM symbol is demodulated (unitary FFT,
 *     the RE scale of waveform.h) twice, with the FFT window starting at the
 *     first and at the last sample of the EVM window of W samples centred on
 *     that symbol's cyclic prefix (Annex E.5: Delta t_l, Delta t_h; W from
 *     36.101 Table F.5.3-1 / 36.104 Table E.5.1-1 scaled to N_fft, or given).
 *  5. Equaliser (Annex E.6) per window: the ratios Y/X on the CRS REs of the
 *     measured port are averaged over time per CRS subcarrier over the
 *     subframes of the block (10 subframes, one frame), then a moving
 *     average over 19 CRS subcarriers in frequency (shortened symmetrically
 *     at the band edges), then linear interpolation to every subcarrier.
 *  6. EVM (Annex E.7): on the PDSCH REs of the allocated PRBs of each
 *     modulation, sum |Z - I|^2 / sum |I|^2, Z the equalised RE and I the
 *     ideal symbol: the transmitted one regenerated with lte_wf (data-aided,
 *     default) or the nearest constellation point of the PRB's modulation at
 *     the PRB's EPRE (decide = 1). Per window over each block of 10
 *     measured subframes, the larger of the two windows taken, then the
 *     mean over the blocks.
 * The limits of 36.104 Table 6.5.2-1 (QPSK 17.5 %, 16QAM 12.5 %, 64QAM 8 %,
 * 256QAM 3.5 %) give pass; each can be replaced in the configuration.
 *
 * Powers, on the RE scale of waveform.h (an RE of |a|^2 = 1 at the input's
 * full scale, |x| = 1 per sample, is 0 dB; unitary FFT: sum of |a|^2 over
 * a symbol = sum of |x|^2 over its N_fft useful samples):
 *  - rstp_db: mean |Y|^2 over the CRS REs of the measured port (RS EPRE);
 *  - ostp_db: sum of |Y|^2 over the N_sc REs of an OFDM symbol, averaged over
 *    the measured symbols that carry no CRS, PSS, SSS or PBCH.
 *
 * Objects: create plans the FFTs, regenerates the reference frame and
 * allocates every buffer; run allocates nothing. One object per thread.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_EVM_H
#define LTEPHY_EVM_H

#include <complex.h>
#include <stddef.h>

#include "ltephy/modulation.h"
#include "ltephy/waveform.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Result index of a modulation: 0 QPSK, 1 16QAM, 2 64QAM, 3 256QAM. */
#define LTE_EVM_NMOD 4
/* -1 for a modulation the PDSCH cannot use. */
int lte_evm_mod_index(lte_mod mod);

typedef struct lte_evm_cfg {
    lte_wf_cfg wf;          /* the configuration the signal was made with */
    int port;               /* antenna port the samples are (0..n_ports-1), default 0 */
    int decide;             /* 1: ideal PDSCH symbols by decision (nearest point of the
                             * PRB's modulation at its EPRE); 0: regenerated (default) */
    int window_w;           /* EVM window W in samples at the standard FFT size; 0 =
                             * Table F.5.3-1 (normal CP only: for extended CP the table
                             * could not be read, W must be given) */
    int max_subframes;      /* subframes measured at most (default 100 = 10 frames) */
    int first_frame;        /* radio frame the first input sample lies in (default 0:
                             * the output of ltephy waveform, possibly with its start cut
                             * off); matters for data that change per frame */
    double carrier_hz;      /* carrier frequency for freq_error_ppm; 0 = none */
    float limit_pct[LTE_EVM_NMOD]; /* pass limits (default Table 6.5.2-1) */
} lte_evm_cfg;

/* Defaults around a waveform configuration (copied). */
int lte_evm_cfg_init(lte_evm_cfg *cfg, const lte_wf_cfg *wf);

/* W of Table F.5.3-1 (36.101; the 1.4 MHz row also read in 36.104 Table
 * E.5.1-1) for N_RB at the standard FFT size, normal CP; LTE_EUNSUPPORTED
 * for extended CP (table not available), LTE_EINVAL for another N_RB. */
int lte_evm_window_table(int n_rb, lte_cp cp, int *w);

/* The EVM limit of 36.104 Table 6.5.2-1 in percent; LTE_EINVAL (negative)
 * for a modulation the table has no row for. */
float lte_evm_limit_pct(lte_mod mod);

/* One measured subframe. */
typedef struct lte_evm_sf {
    int frame, subframe;
    long start;                    /* its first sample in the input */
    float evm_pct[LTE_EVM_NMOD];   /* larger of the two windows; -1 if absent */
    int n_re[LTE_EVM_NMOD];        /* PDSCH REs of each modulation */
} lte_evm_sf;

typedef struct lte_evm_result {
    double evm_pct[LTE_EVM_NMOD];  /* -1 for a modulation not in the signal */
    double evm_db[LTE_EVM_NMOD];   /* 20 log10(evm_pct / 100); 0 if absent */
    long n_re[LTE_EVM_NMOD];       /* REs measured */
    int pass_mod[LTE_EVM_NMOD];    /* 1 within the limit (or absent) */
    int pass;                      /* every present modulation within its limit and
                                    * at least one subframe measured */
    int window_w;                  /* W used, in input samples */
    double freq_error_hz;          /* the signal is x e^{j 2 pi f t} */
    double freq_error_ppm;         /* relative to carrier_hz (0 if none given) */
    double rstp_db, ostp_db;       /* see above */
    long timing_samples;           /* first sample of a radio frame in the input */
    int subframes;                 /* subframes with PDSCH measured */
    int blocks;                    /* averaging blocks (of up to 10 subframes) */
    const lte_evm_sf *sf;          /* per subframe (`subframes` entries), owned by
                                    * the object, valid until the next run */
} lte_evm_result;

typedef struct lte_evm lte_evm;

int lte_evm_create(const lte_evm_cfg *cfg, lte_evm **out);
void lte_evm_destroy(lte_evm *e); /* NULL allowed */
/* Measure x (n samples). LTE_EINVAL if n holds no whole subframe;
 * LTE_ENOTFOUND if the reference is not found in the signal. */
int lte_evm_run(lte_evm *e, const float complex *x, size_t n, lte_evm_result *res);

#ifdef __cplusplus
}
#endif
#endif
