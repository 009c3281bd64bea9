/* ltephy phy: OFDM (downlink, 36.211 §6.12) and SC-FDMA (uplink, 36.211
 * §5.6) baseband signal generation and its inverse.
 *
 * Signal (36.211 §6.12, Delta f = 15 kHz, T_s = 1/(15000 * 2048) s): symbol l
 * of a slot, for 0 <= t < (N_CP,l + N) T_s,
 *   DL: s_l(t) = sum_{k=-N_sc/2}^{-1} a_{k+N_sc/2, l} e^{j 2 pi k Df (t - N_CP,l T_s)}
 *              + sum_{k=1}^{N_sc/2}  a_{k+N_sc/2-1, l} e^{j 2 pi k Df (t - N_CP,l T_s)}
 *   UL (§5.6): s_l(t) = sum_{k=-N_sc/2}^{N_sc/2-1} a_{k+N_sc/2, l} e^{j 2 pi (k+1/2) Df (t - N_CP,l T_s)}
 * with N_sc = 12 N_RB. Sampled at N_fft samples per useful symbol
 * (sample rate 15 kHz * N_fft), sample n of the symbol (CP included) is
 *   x[n] = g * s_l(n T_s 2048 / N_fft), n = 0 .. N_CP,l + N_fft - 1,
 * i.e. an inverse DFT with grid index k' = 0..N_sc-1 placed on FFT bin
 * k'-N_sc/2 (k' < N_sc/2) or k'-N_sc/2+1 (k' >= N_sc/2) in the DL (DC bin 0
 * unused), bin k'-N_sc/2 in the UL, followed in the UL by the half-subcarrier
 * rotation e^{j pi (n - N_CP,l)/N_fft} (which makes the UL cyclic prefix the
 * negated copy of the symbol's tail, as the formula says).
 *
 * Normalisation (g above), chosen per object:
 *   LTE_OFDM_NORM_UNITARY (default): g = 1/sqrt(N_fft) for the modulator and
 *     1/sqrt(N_fft) for the demodulator. Parseval holds per useful symbol:
 *     sum over the N_fft useful samples of |x|^2 = sum over the N_sc REs of
 *     |a|^2, so unit-energy REs give a mean sample power of N_sc/N_fft.
 *   LTE_OFDM_NORM_SPEC: g = 1 (x is the spec's s_l(t) sampled, unscaled) and
 *     the demodulator scales by 1/N_fft.
 * In both, demod(mod(grid)) = grid up to float rounding.
 *
 * Cyclic prefix (§6.12 Table 6.12-1, §5.6 Table 5.6-1), in samples at N_fft:
 *   normal:   7 symbols/slot, N_CP = 160 N_fft/2048 for l = 0, 144 N_fft/2048 for l = 1..6
 *   extended: 6 symbols/slot, N_CP = 512 N_fft/2048
 * A subframe (2 slots, 1 ms) is 15 N_fft samples. N_fft must be a multiple of
 * 128 so these are integers. The 7.5 kHz MBSFN numerology is not supported.
 *
 * FFT sizes: fft_size = 0 picks the standard one, the smallest of 128, 256,
 * 512, 1024, 1536, 2048 with N_sc <= 0.75 N_fft (6 RB: 128 @ 1.92 Msps,
 * 15: 256 @ 3.84, 25: 512 @ 7.68, 50: 1024 @ 15.36, 75: 1536 @ 23.04,
 * 100 and 110: 2048 @ 30.72). Any multiple of 128 up to LTE_OFDM_FFT_MAX that
 * holds the N_sc subcarriers (plus DC in the DL) may be given to oversample.
 *
 * Grid layout: a symbol is N_sc REs, k' = 0..N_sc-1 (lowest frequency first);
 * a subframe grid is symbol-major, grid[l * N_sc + k'], l = 0..2 N_symb - 1
 * (l counts symbols in the subframe: slot l / N_symb, symbol l % N_symb),
 * the layout of ltephy/grid.h (LTE_GRID_IDX).
 *
 * Demodulator FFT window: window_offset = d puts the FFT window d samples
 * before the end of the CP (0 <= d <= the shortest CP), so a receiver whose
 * timing is up to d samples late still sees no inter-symbol interference.
 * Starting d samples early delays the useful part by d inside the window,
 * which multiplies subcarrier k by e^{-j 2 pi k d / N_fft}; the demodulator
 * removes it (multiplies bin k by e^{+j 2 pi k d / N_fft}, k the signed
 * subcarrier frequency as in the formulas above), so for ideal timing its
 * output does not depend on d. For the UL the half-subcarrier rotation is
 * undone sample by sample over the shifted window, consistently. A signal
 * that arrives tau samples early (0 <= tau <= d) then comes out without
 * inter-symbol interference as a_k e^{+j 2 pi f tau / N_fft}, f = k (DL) or
 * k + 1/2 (UL): a linear phase across the band that channel estimation
 * absorbs (tests/phy/test_ofdm.c checks exactly this).
 *
 * Speed: the transforms are FFTW's (fft.h); around them each symbol costs
 * one pass over its N_sc REs (scaling and bin placement fused, guard bins
 * zeroed once at create) plus, in the UL, one product per sample with the
 * rotation table; these passes run on the default SIMD path (LTEPHY_SIMD,
 * kernels/cvec.h) and give the same bits on every path. The modulator's
 * transforms run straight into the output (DL: CP copied afterwards; UL: CP
 * taken from the unrotated tail, then the body rotated in place), the DL
 * demodulator's straight from the input window, when FFTW's alignment allows (16
 * bytes: with 16-byte aligned subframe buffers, every symbol for
 * N_fft >= 256 and an even window_offset, since the CPs are then an even
 * number of samples); only the other symbols are staged through a copy. LTE_FFT_MEASURE (or PATIENT) plans are faster than
 * the default ESTIMATE ones but not bit-reproducible (fft.h).
 *
 * Objects hold scratch buffers: one object is used by one thread at a time
 * (make one per thread; plan creation is serialised internally). No
 * allocation after create.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_OFDM_H
#define LTEPHY_OFDM_H

#include <complex.h>

#include "ltephy/cell.h" /* lte_cp */

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_OFDM_FFT_MAX 32768
#define LTE_OFDM_MAX_SYMBOLS 14 /* per subframe */

typedef enum lte_ofdm_mode {
    LTE_OFDM_DL = 0,        /* OFDM, DC subcarrier unused (36.211 §6.12) */
    LTE_OFDM_UL_SCFDMA = 1, /* SC-FDMA baseband, half-subcarrier shift (36.211 §5.6);
                             * transform precoding (§5.3.3) is done before, by the caller */
} lte_ofdm_mode;

typedef enum lte_ofdm_norm {
    LTE_OFDM_NORM_UNITARY = 0, /* 1/sqrt(N_fft) both ways */
    LTE_OFDM_NORM_SPEC = 1,    /* modulator unscaled (spec formula), demodulator 1/N_fft */
} lte_ofdm_norm;

typedef struct lte_ofdm_cfg {
    int n_rb;            /* 6..110 resource blocks */
    lte_cp cp;
    lte_ofdm_mode mode;
    int fft_size;        /* 0 = standard size for n_rb; else a multiple of 128 */
    int window_offset;   /* demodulator: samples before the CP end, 0..shortest CP */
    lte_ofdm_norm norm;
    unsigned fft_flags;  /* LTE_FFT_ESTIMATE (0, default), LTE_FFT_MEASURE or
                          * LTE_FFT_PATIENT, see fft.h */
} lte_ofdm_cfg;

typedef struct lte_ofdm_info {
    int n_rb;
    int n_sc;                 /* 12 n_rb */
    int fft_size;
    double sample_rate_hz;    /* 15000 * fft_size */
    int symbols_per_slot;     /* 7 normal CP, 6 extended */
    int symbols_per_subframe; /* 14 or 12 */
    int subframe_len;         /* samples per subframe, 15 * fft_size */
    int cp_len[LTE_OFDM_MAX_SYMBOLS];    /* CP of symbol l of the subframe */
    int sym_start[LTE_OFDM_MAX_SYMBOLS]; /* offset of symbol l (its CP) in the subframe */
} lte_ofdm_info;

typedef struct lte_ofdm lte_ofdm;

/* The standard FFT size for n_rb (see above), or LTE_EINVAL. */
int lte_ofdm_std_fft_size(int n_rb);

int lte_ofdm_create(const lte_ofdm_cfg *cfg, lte_ofdm **out);
void lte_ofdm_destroy(lte_ofdm *ofdm); /* NULL allowed */
int lte_ofdm_get_info(const lte_ofdm *ofdm, lte_ofdm_info *info);

/* Symbol l (0..symbols_per_subframe-1) of the subframe: grid_sym holds N_sc
 * REs; out receives cp_len[l] + fft_size samples (CP first). */
int lte_ofdm_mod_symbol(lte_ofdm *ofdm, int l, const float complex *grid_sym,
                        float complex *out);
/* A whole subframe: grid holds symbols_per_subframe * N_sc REs; out receives
 * subframe_len samples. Inputs and outputs must not overlap (all four calls). */
int lte_ofdm_mod_subframe(lte_ofdm *ofdm, const float complex *grid, float complex *out);

/* Symbol l: in points at the start of the symbol's CP (cp_len[l] + fft_size
 * samples are readable); grid_sym receives N_sc REs. */
int lte_ofdm_demod_symbol(lte_ofdm *ofdm, int l, const float complex *in,
                          float complex *grid_sym);
/* A whole subframe: in holds subframe_len samples starting at the subframe
 * boundary; grid receives symbols_per_subframe * N_sc REs. */
int lte_ofdm_demod_subframe(lte_ofdm *ofdm, const float complex *in, float complex *grid);

#ifdef __cplusplus
}
#endif
#endif
