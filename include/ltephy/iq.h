/* ltephy phy: raw IQ recordings: sample formats, file reading and sample-rate
 * conversion (the front of the downlink receiver).
 *
 * Formats (headerless, interleaved I then Q, little-endian):
 *   LTE_IQ_CF32  float32 pairs, taken as they are;
 *   LTE_IQ_CI16  int16 pairs (e.g. USRP, bladeRF), value / 32768;
 *   LTE_IQ_CI8   int8 pairs (HackRF), value / 128;
 *   LTE_IQ_CU8   uint8 pairs (RTL-SDR), (value - 127.5) / 128 (the RTL2832U
 *                offset-binary output is centred on 127.5).
 * So full scale is about 1.0 in every integer format.
 *
 * Resampling uses liquid-dsp's multi-stage resampler (msresamp_crcf: half-band
 * stages plus an arbitrary-rate polyphase stage, 60 dB stop band by default),
 * whose anti-alias filter keeps about 0.45 of the output rate either side of
 * DC. Its group delay is removed: output sample i is the input signal at time
 * i / fs_out (the tail of the input is flushed with zeros), so timings found
 * at the output rate convert to the input rate by fs_in / fs_out.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_IQ_H
#define LTEPHY_IQ_H

#include <complex.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lte_iq_format {
    LTE_IQ_CF32 = 0,
    LTE_IQ_CI16 = 1,
    LTE_IQ_CI8 = 2,
    LTE_IQ_CU8 = 3,
} lte_iq_format;

/* "cf32", "ci16", "ci8", "cu8" -> format (LTE_EINVAL for anything else). */
int lte_iq_format_parse(const char *name, lte_iq_format *fmt);
/* The name of a format, or "invalid". */
const char *lte_iq_format_name(lte_iq_format fmt);
/* Bytes of one complex sample: 8, 4, 2, 2 (LTE_EINVAL if unknown). */
int lte_iq_sample_bytes(lte_iq_format fmt);

/* A sampling rate in Hz from text: "1.92e6", "1920000", "30.72e6"... Must be
 * a finite number in [1e3, 1e9] with nothing after it. */
int lte_iq_parse_rate(const char *text, double *rate_hz);

/* 1 if rate is one of the LTE sampling rates 15 kHz * {128, 256, 512, 1024,
 * 1536, 2048} (within 1 Hz), else 0. */
int lte_iq_is_lte_rate(double rate_hz);

/* Convert n raw samples (n * lte_iq_sample_bytes(fmt) bytes, little-endian)
 * to float complex. raw need not be aligned. */
int lte_iq_convert(lte_iq_format fmt, const void *raw, size_t n, float complex *out);

/* Read a whole file (at most max_samples samples; 0 = no limit) into a newly
 * allocated array (*out, free() it). LTE_EIO if the file cannot be opened or
 * read; LTE_EFORMAT if it is empty or its size is not a whole number of
 * samples (a truncated recording); a non-finite cf32 value also gives
 * LTE_EFORMAT. */
int lte_iq_read_file(const char *path, lte_iq_format fmt, size_t max_samples,
                     float complex **out, size_t *n_out);

/* ---- Resampling (liquid-dsp msresamp_crcf) -------------------------------- */

/* Number of output samples lte_iq_resample() gives for n inputs:
 * floor(n * fs_out / fs_in). */
size_t lte_iq_resample_len(size_t n, double fs_in, double fs_out);

/* y[i] = x(i / fs_out), i < lte_iq_resample_len(n, ...), band-limited to the
 * smaller of the two rates. fs_out / fs_in in [1/1024, 1024]. Allocates its
 * liquid object per call (a whole-file conversion, not a streaming block).
 * y may not alias x. Equal rates copy. */
int lte_iq_resample(const float complex *x, size_t n, double fs_in, double fs_out,
                    float complex *y);

/* ---- Front-end impairments: DC offset and IQ imbalance -------------------- */
/* Cheap SDRs (HackRF ci8, RTL-SDR cu8) add a DC offset (LO leakage, ADC
 * offset) and an IQ gain/phase imbalance. After the CFO correction the DC
 * tone leaves the unused DC subcarrier (36.211 §6.12) for the centre PRBs
 * (PSS/SSS/PBCH), and the imbalance puts an image of subcarrier k on -k.
 *
 * Model (I/Q-branch form): the wanted signal x = xi + j xq is circular
 * (E[xi^2] = E[xq^2], E[xi xq] = 0, as OFDM and noise are); the receiver sees
 *   yi = xi + dc_i,
 *   yq = g (xq cos(phi) + xi sin(phi)) + dc_q,
 * g the Q/I amplitude ratio (gain imbalance 20 log10 g dB), phi the phase
 * error of the Q branch. Equivalently y = mu x + nu conj(x) + dc with
 * mu = (1 + g e^{j phi}) / 2, nu = (1 - g e^{-j phi}) / 2; the image
 * rejection ratio |mu|^2 / |nu|^2 is about 25 dB for 1 dB and 5 deg. */

/* Subtract the mean: x[i] -= mean of its block, the blocks being
 * consecutive runs of `block` samples (the last one may be shorter;
 * block 0 = the whole buffer as one block). The estimator is the plain
 * sample mean over the block (accumulated in double, in order: deterministic).
 * dc (may be NULL) gets the mean over all n samples, before subtraction.
 * n 0 is allowed (dc = 0). */
int lte_iq_dc_remove(float complex *x, size_t n, size_t block, float complex *dc);

/* Blind IQ-imbalance estimate and the 2x2 real transform undoing it. */
typedef struct lte_iq_imbalance {
    double gain_db;   /* 20 log10 g, g = sqrt(E[yq^2] / E[yi^2]) */
    double phase_deg; /* phi, sin(phi) = E[yi yq] / sqrt(E[yi^2] E[yq^2]) */
    /* correction: xi' = yi, xq' = c_qi yi + c_qq yq
     * (c_qi = -tan(phi), c_qq = 1 / (g cos(phi))) */
    float c_qi, c_qq;
} lte_iq_imbalance;

/* Moment-method estimate from n samples of y (its own mean is removed from
 * the moments, so a remaining DC does not bias it): E[yi^2], E[yq^2],
 * E[yi yq] over the whole buffer, accumulated in double. Assumes the signal
 * is circular and the impairment constant over the buffer; the error shrinks
 * as 1 / sqrt(n) (about 0.2 deg and 0.02 dB at n = 1e5 for Gaussian or
 * OFDM samples). n >= 16; LTE_EINVAL for a buffer with no power on a branch
 * or |phi| >= 45 deg (not an imbalance: a wrong format or a one-branch
 * signal) or gain outside +-6 dB. */
int lte_iq_imbalance_estimate(const float complex *x, size_t n, lte_iq_imbalance *est);

/* Apply est's correction to x in place (no allocation), x DC-free (remove
 * the DC first, lte_iq_dc_remove): afterwards, for the modelled impairment,
 * xi' = xi, xq' = xq to the estimate's accuracy. */
int lte_iq_imbalance_correct(float complex *x, size_t n, const lte_iq_imbalance *est);

/* The receiver front end's clean-up of a whole recording, in place: DC
 * removal over the whole buffer as one block (its mean; an LTE signal's own
 * mean over milliseconds is about zero, its DC subcarrier being empty, so
 * this is the LO leakage, assumed constant over the recording), then the imbalance
 * estimated over the whole (DC-free) buffer and corrected. rep gets the DC
 * (dc, full scale about 1.0), its power against the power of the DC-free
 * signal (dc_db, -200 for none) and the imbalance estimate. Where the
 * imbalance cannot be estimated (a branch without power, as in a silent or
 * one-branch recording, or an estimate outside the model: see
 * lte_iq_imbalance_estimate), x is left DC-free and otherwise unchanged,
 * imb_ok is 0 and imb the identity (0 dB, 0 deg): a recording with nothing
 * in it is not an error. LTE_EINVAL only for bad arguments. */
typedef struct lte_iq_frontend {
    float complex dc;
    double dc_db;
    int imb_ok;           /* 1: imb estimated and applied; 0: not estimable, x uncorrected */
    lte_iq_imbalance imb;
} lte_iq_frontend;

int lte_iq_frontend_correct(float complex *x, size_t n, lte_iq_frontend *rep);

#ifdef __cplusplus
}
#endif
#endif
