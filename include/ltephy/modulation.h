/* ltephy phy: modulation mapper and soft demappers (TS 36.211 §7.1).
 *
 * Bits b(i)..b(i+Q_m-1) become one complex symbol per 36.211 Tables
 * 7.1.1-1 (BPSK), 7.1.2-1 (QPSK), 7.1.3-1 (16QAM), 7.1.4-1 (64QAM) and
 * 7.1.5-1 (256QAM), normalised to unit mean energy: 1/sqrt(2), 1/sqrt(2),
 * 1/sqrt(10), 1/sqrt(42), 1/sqrt(170). For the QAMs, the even-numbered bits
 * (b0 sign, b2, b4, b6) choose the real part and the odd-numbered ones the
 * imaginary part; bit 0 of a sign bit means a positive coordinate; the
 * magnitudes follow the tables (e.g. 64QAM, bits b2 b4: 00 -> 3, 01 -> 1,
 * 10 -> 5, 11 -> 7, times 1/sqrt(42)). BPSK: 0 -> (1+j)/sqrt(2),
 * 1 -> -(1+j)/sqrt(2).
 *
 * Implementation split: the QAMs are one configuration (a table of axis
 * magnitudes) of the generic Gray square-QAM kernel in kernels/qam*.c; the
 * LTE tables and these entry points live in phy/modulation.c.
 *
 * Soft demapping. Received y = x + n, n circular complex Gaussian with
 * E|n|^2 = N0 (the total noise variance, both dimensions together), so
 * p(y|x) ~ exp(-|y-x|^2 / N0). Output per bit, in bit order:
 *   LLR = ln P(b=0|y) / P(b=1|y)        positive favours 0, equal priors
 *   exact:   ln sum_{x: b=0} e^{-|y-x|^2/N0} - ln sum_{x: b=1} e^{-|y-x|^2/N0}
 *   max-log: (min_{x: b=1} |y-x|^2 - min_{x: b=0} |y-x|^2) / N0
 * N0 is given per symbol (n0_len = n_sym) or once for all (n0_len = 1). After
 * equalisation pass the post-equaliser noise variance of each RE (for a
 * unit-energy constellation, 1/SINR of the RE). Every N0 must be finite and
 * > 0; y must be finite.
 *
 * SIMD: the max-log demapper has scalar, AVX2 and AVX-512 paths that give
 * bit-identical results (kernels/qam_internal.h explains why); the exact
 * demapper is scalar (computed in double, rounded to float).
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_MODULATION_H
#define LTEPHY_MODULATION_H

#include <complex.h>
#include <stdint.h>

#include "ltephy/simd.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The value is Q_m, the number of bits per symbol. */
typedef enum lte_mod {
    LTE_MOD_BPSK = 1,
    LTE_MOD_QPSK = 2,
    LTE_MOD_16QAM = 4,
    LTE_MOD_64QAM = 6,
    LTE_MOD_256QAM = 8,
} lte_mod;

/* Q_m of mod, or LTE_EINVAL. */
int lte_mod_bits(lte_mod mod);

/* "BPSK", "QPSK", "16QAM", "64QAM", "256QAM", or "invalid". */
const char *lte_mod_name(lte_mod mod);

/* The point for bits b0..b(Q_m-1) given as an integer with b0 the most
 * significant bit (the left-to-right reading of the spec's tables). */
int lte_mod_point(lte_mod mod, unsigned pattern, float complex *point);

/* Map n_bits bits (unpacked, nonzero = 1; n_bits a multiple of Q_m) to
 * n_bits / Q_m symbols. */
int lte_mod_map(lte_mod mod, const uint8_t *bits, int n_bits, float complex *sym);

/* Max-log soft demapper: n_sym symbols -> n_sym * Q_m LLRs. */
int lte_demap_maxlog(lte_mod mod, const float complex *sym, int n_sym, const float *n0,
                     int n0_len, float *llr, lte_simd_path path);

/* lte_demap_maxlog followed by descrambling with the sequence c(n) of
 * 36.211 §7.2 from c_init (llr[i] negated where c(i) = 1, as
 * lte_descramble_llr(c_init, 0, ...) does it), in one pass: the same values
 * bit for bit on every path, one pass over the soft values fewer. n_sym Q_m
 * at most LTE_DEMAP_SCR_MAX_BITS (110 PRB x 12 subcarriers x 14 symbols x
 * 8 bits). */
#define LTE_DEMAP_SCR_MAX_BITS 147840
int lte_demap_maxlog_scr(lte_mod mod, const float complex *sym, int n_sym, const float *n0,
                         int n0_len, uint32_t c_init, float *llr, lte_simd_path path);

/* lte_demap_maxlog with llr[i] negated where bit w_off + i of the words w is
 * 1 (bit j of w[k] is bit 64k + j: the layout of a Gold sequence from
 * lte_gold_words), in one pass; the words must hold w_off + n_sym Q_m bits.
 * For receivers that keep the sequence (the PUSCH's placeholders). */
int lte_demap_maxlog_words(lte_mod mod, const float complex *sym, int n_sym, const float *n0,
                           int n0_len, const uint64_t *w, long w_off, float *llr,
                           lte_simd_path path);

/* Exact (log-sum-exp) soft demapper, scalar. */
int lte_demap_exact(lte_mod mod, const float complex *sym, int n_sym, const float *n0,
                    int n0_len, float *llr);

#ifdef __cplusplus
}
#endif
#endif
