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

#ifdef __cplusplus
}
#endif
#endif
