/* ltephy phy: the physical random access channel (TS 36.211 §5.7): preamble
 * formats, sequences, baseband generation, and a preamble detector.
 *
 * Preamble (§5.7.1, Table 5.7.1-1, in T_s = 1/30.72 MHz):
 *   format 0: T_CP = 3168,  T_SEQ = 24576      formats 0..3: N_ZC = 839,
 *   format 1: T_CP = 21024, T_SEQ = 24576        Delta f_RA = 1250 Hz, phi = 7
 *   format 2: T_CP = 6240,  T_SEQ = 2 x 24576
 *   format 3: T_CP = 21024, T_SEQ = 2 x 24576
 *   format 4: T_CP = 448,   T_SEQ = 4096       N_ZC = 139, 7500 Hz, phi = 2
 * Sequences (§5.7.2): x_u(n) = exp(-j pi u n (n+1) / N_ZC); preamble v of
 * root u is x_u((n + C_v) mod N_ZC) with C_v = v N_CS (unrestricted set) or
 * the restricted-set rule built from d_u (the cyclic shift matching a
 * Doppler of one subcarrier spacing). The 64 preambles of a cell take every
 * C_v of the root of logical index rootSequenceIndex (Tables 5.7.2-4/-5),
 * then of the following logical indices (cyclically), until 64 are found.
 *
 * Baseband (§5.7.3):
 *   s(t) = beta sum_{k=0}^{N_ZC-1} X(k) e^{j 2 pi (k + phi + K (k0 + 1/2)) Delta f_RA (t - T_CP)},
 *   X(k) = sum_n x_{u,v}(n) e^{-j 2 pi n k / N_ZC},  K = Delta f / Delta f_RA,
 *   k0 = n_PRB^RA N_sc^RB - N_RB^UL N_sc^RB / 2,
 * sampled at 15 kHz x fft_size (fft_size a multiple of 128, as in ofdm.h),
 * so one period 1/Delta f_RA is N_u = K fft_size samples and the signal is
 * one inverse DFT of N_u points (the bin of subcarrier k is the integer
 * k + phi + K k0 + K/2), repeated for formats 2 and 3, after a CP of
 * T_CP fft_size / 2048 samples. Output scale: unit mean power over T_SEQ.
 *
 * Detector (eNB side; one object = one cell configuration):
 *  1. per antenna, DFT of each N_u-sample period after the CP, keep the
 *     N_ZC PRACH bins: Y_a(k), a running over the n_rx n_rep (antenna,
 *     period) pairs -- the two periods of formats 2/3 are combined in power
 *     like antennas, not summed coherently: a frequency offset turns the
 *     phase between them (270 Hz: 78 degrees, a 2.2 dB loss coherently);
 *  2. noise power sigma^2 = mean over a, k of |Y_a(k)|^2 (it includes any
 *     preamble power, which only lowers the statistic at high SNR);
 *  3. per root: z_a(m) = IDFT_L of Y_a(k) X_u*(k)/sqrt(N_ZC) zero-padded to
 *     L = 2^ceil(log2(2 N_ZC)) points (delay grid T_u/L; T_u = 1/Delta f_RA);
 *  4. T(m) = sum_a |z_a(m)|^2 / (sigma^2 N_ZC): with noise alone T(m) is
 *     Gamma(n_rx n_rep, 1) distributed (sum of n_rx n_rep unit exponentials);
 *  5. preamble v owns the delays (in ZC samples) -2 <= d < N_CS - 2 relative
 *     to C_v (the window starts 2 samples early so that the main lobe of a
 *     preamble at delay 0 stays in its own window); it is detected if its
 *     largest T exceeds eta, chosen so that P(T(m) > eta) = p_fa / N_bins,
 *     N_bins = all delay-grid points searched over every root: by the union
 *     bound the probability of any false detection in one attempt on noise
 *     is at most p_fa. The per-bin tail includes the scatter of the noise
 *     estimate (T = Gamma(R)/(Gamma(M)/M), R = n_rx n_rep, M = R N_ZC bins). The bound
 *     is close to tight (measured ~0.9 p_fa), so configure p_fa with margin;
 *  6. sidelobe check: the rectangular spectrum's delay response has -13 dB
 *     sidelobes, so a strong preamble would show up in the neighbouring
 *     cyclic-shift window; a detection also needs, within +-2 grid points of
 *     its peak, a Hamming-windowed statistic T_H (same normalisation, -43 dB
 *     sidelobes) above eta/4. T keeps the full coherent gain (the window
 *     alone would cost 1.3 dB); the check cannot raise the false-alarm
 *     probability and rarely rejects a true peak (T_H ~ 0.73 T there);
 *  6a. restricted sets (highSpeedFlag): a frequency offset of l subcarriers
 *     (Doppler, 36.104 tests 625 and 1340 Hz) moves the correlation peak of
 *     preamble v to C_v - l d_u (mod N_ZC; d_u = +-1/u is exactly that
 *     shift, which is why the restricted set keeps C_v +- d_u clear of every
 *     other preamble's zone). Step 3 also correlates the bins shifted by
 *     l = -1 and +1, Y_a(k + l) X_u*(k): that moves the alias windows
 *     C_v -+ d_u back onto C_v, exactly on the same delay grid, so the
 *     timing is read the same way. Two statistics per preamble, each
 *     tested against its own threshold at p_fa / 2 (union bound): T_0 of
 *     step 4, and T_0 plus the two shifted correlations (3 n_rx n_rep
 *     unit exponentials: three uncorrelated correlations, since the ZC
 *     spectrum's periodic autocorrelation is zero at lags +-1). The sum
 *     keeps >= 85 % of the power for any offset up to 1.4 kHz (the least
 *     at half a subcarrier, 625 Hz); T_0 alone serves small offsets (0 and
 *     270 Hz leave 100 and 85 % in it), where adding two noise-only
 *     windows costs up to ~1 dB of threshold (36.104 ETU70 rows, formats
 *     0-3 at 2 RX and 0 at 4 RX, 600 attempts each: 20 misses with the
 *     sum alone, 14 with both). The statistic further above its threshold
 *     is checked first, with its own T_H, eta and lead threshold in steps 6
 *     and 7 (the other if it fails them);
 *  7. timing from the leading edge: among the local maxima of T in the
 *     preamble's window that exceed a stricter threshold (noise tail 1e-2
 *     times that of eta) and lie within 6 dB of its largest
 *     T, the earliest (in multipath the largest T may sit on a late path
 *     that faded up, e.g. ETU's -7 dB tap at 5 us); delay = parabolic
 *     interpolation of T around it; T_A = round(delay / 16 T_s) clamped to
 *     0..1282 (36.213 §4.2.3, random access response). With one path this
 *     is the peak itself (the sidelobes are -13 dB).
 * Antennas are combined non-coherently (step 4), so the detector needs no
 * channel knowledge. Performance against 36.104 §8.4 (format 0, 2 RX,
 * fixed seeds, p_fa = 2e-4): AWGN -14.2 dB and ETU70 with a 270 Hz offset
 * at -8.0 dB both detect >= 99 % with the timing inside 1.04 / 2.08 us, and
 * noise alone gives ~2e-4 false alarms; see tests/phy/test_prach_perf.c.
 * Restricted sets (36.104 Table 8.4.2.1-2, Table A.6-2 cells, 2 and 4 RX,
 * AWGN, ETU70 + 270 Hz, AWGN + 625 Hz and + 1340 Hz): see
 * tests/phy/test_prach_perf.c; without the alias windows 1340 Hz detects
 * nothing.
 * Not handled: frequency offsets are not estimated (nor reported); the
 * restricted set type B of 36.211 Rel-14 is not implemented. A strong
 * preamble of a restricted set (seen from 0 dB in-band SNR with format 2
 * and 2 antennas seeing the same channel) can push the three-window sum of
 * another root above its eta: the cross-correlation of two ZC roots on
 * the oversampled delay grid peaks at ~4.5 times its mean, coherently in
 * every row, ~18 dB below the true peak after the three-window sum. That
 * ghost is reported; there is no cross-root near-far rejection.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_PRACH_H
#define LTEPHY_PRACH_H

#include <complex.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_PRACH_NPREAMBLES 64
#define LTE_PRACH_NZC 839     /* formats 0..3 */
#define LTE_PRACH_NZC_F4 139  /* format 4 */
#define LTE_PRACH_MAX_RX 8

/* ---- tables and sequences (stateless) -------------------------------------- */

/* T_CP and T_SEQ of the format in T_s (Table 5.7.1-1). */
int lte_prach_format_ts(int format, int *t_cp, int *t_seq);
/* N_ZC of the format: 839 or 139. */
int lte_prach_nzc(int format);
/* Physical root u of logical root index i (Table 5.7.2-4 for formats 0..3,
 * i = 0..837; Table 5.7.2-5 for format 4, i = 0..137). */
int lte_prach_root(int format, int logical);
/* N_CS of zeroCorrelationZoneConfig (Table 5.7.2-2 unrestricted/restricted,
 * Table 5.7.2-3 for format 4 (unrestricted only)). LTE_EINVAL where the table
 * has no value. */
int lte_prach_ncs(int format, int zczc, int restricted);
/* d_u of §5.7.2: p = (1/u) mod N_ZC, d_u = p if p < N_ZC/2 else N_ZC - p. */
int lte_prach_du(int u, int n_zc);
/* Cyclic shifts of root u (§5.7.2): returns their number and, if cv is not
 * NULL, the values C_v (cv holds at least n_zc entries). n_cs = 0 gives the
 * single shift 0. Restricted: 0 shifts when d_u is outside the two ranges. */
int lte_prach_shifts(int u, int n_zc, int n_cs, int restricted, int *cv);
/* x_u(n), n < n_zc (n_zc = 839 or 139, 1 <= u < n_zc). */
int lte_prach_zc(int u, int n_zc, float complex *x);

/* ---- the cell object: generator and detector ------------------------------- */

typedef struct lte_prach_cfg {
    int format;         /* preamble format 0..4 */
    int root_index;     /* rootSequenceIndex: logical root 0..837 (format 4: 0..137) */
    int zczc;           /* zeroCorrelationZoneConfig 0..15 (restricted 0..14, format 4 0..6) */
    int restricted;     /* highSpeedFlag: restricted set (formats 0..3) */
    int n_rb_ul;        /* N_RB^UL 6..110 */
    int prb;            /* n_PRB^RA: first PRB of the preamble, 0..n_rb_ul-6 */
    int fft_size;       /* SC-FDMA size N (multiple of 128, 12 n_rb_ul <= N <= 4096);
                         * 0 = the standard size of ofdm.h; sample rate 15 kHz N */
    int n_rx;           /* detector antennas 1..LTE_PRACH_MAX_RX */
    double p_fa;        /* detector: bound on the false-alarm probability per attempt,
                         * (0, 0.5); 0 = 1e-3 */
} lte_prach_cfg;

typedef struct lte_prach_info {
    int n_zc, n_cs;
    int n_roots;        /* roots used for the 64 preambles */
    int fft_size;
    double sample_rate_hz;
    int period_len;     /* N_u: samples per sequence period 1/Delta f_RA */
    int n_rep;          /* sequence periods in T_SEQ: 1, or 2 for formats 2 and 3 */
    int cp_len;         /* samples */
    int len;            /* cp_len + n_rep * period_len: samples of one preamble */
    int corr_len;       /* L: delay grid points per root */
    int n_bins;         /* delay-grid points searched per attempt */
    double threshold;   /* eta (of T_0 for restricted sets) */
    double threshold_sum; /* restricted sets: eta of the three-window sum; else 0 */
} lte_prach_info;

typedef struct lte_prach_det {
    int preamble;       /* 0..63 */
    double delay_s;     /* estimated delay (may be slightly negative: -2 ZC samples at most) */
    double delay_ts;    /* the same in T_s */
    int ta;             /* T_A = round(delay_ts / 16) clamped to 0..1282 */
    double peak;        /* largest T of the preamble's window (>= threshold); restricted
                         * sets: of the statistic that detected it (T_0 or the sum) */
} lte_prach_det;

typedef struct lte_prach lte_prach;

int lte_prach_create(const lte_prach_cfg *cfg, lte_prach **out);
void lte_prach_destroy(lte_prach *p); /* NULL allowed */
int lte_prach_get_info(const lte_prach *p, lte_prach_info *info);

/* Root u and shift C_v of preamble 0..63. Either pointer may be NULL. */
int lte_prach_preamble_params(const lte_prach *p, int preamble, int *u, int *cv);
/* x_{u,v}(n), n < N_ZC. */
int lte_prach_preamble_seq(const lte_prach *p, int preamble, float complex *x);
/* The baseband preamble (info.len samples: CP then T_SEQ) at the object's
 * sample rate, times amplitude beta (unit mean power for beta = 1). Uses the
 * object's scratch buffers: one thread at a time. */
int lte_prach_generate(lte_prach *p, int preamble, float beta, float complex *out);
/* Detect: rx[a] (a < n_rx) holds at least info.len samples starting at the
 * start of the PRACH occasion (the CP start for zero delay). Writes up to
 * max_det detections (ordered by preamble) into det and their count into
 * *n_det (the count of detections found, possibly > max_det). No allocation. */
int lte_prach_detect(lte_prach *p, const float complex *const *rx, int len,
                     lte_prach_det *det, int max_det, int *n_det);

#ifdef __cplusplus
}
#endif
#endif
