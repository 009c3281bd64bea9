/* ltephy phy: PUSCH transform precoding (TS 36.211 §5.3.3) and its inverse.
 *
 * The block of M_symb complex symbols is divided into M_symb / M_sc sets,
 * one per SC-FDMA symbol, each of M_sc = M_sc^PUSCH = 12 M_RB points, and
 * every set goes through the DFT
 *   z(l M_sc + k) = 1/sqrt(M_sc) sum_{i=0}^{M_sc-1} x(l M_sc + i) e^{-j 2 pi i k / M_sc},
 * k = 0..M_sc-1 (36.211 §5.3.3). M_RB must be 2^a 3^b 5^c (a, b, c >= 0), so
 * that the DFT stays cheap; with M_RB <= 110 there are 35 such sizes.
 *
 * The inverse (receiver side) is the unitary inverse of that DFT:
 *   x(l M_sc + i) = 1/sqrt(M_sc) sum_k z(l M_sc + k) e^{+j 2 pi i k / M_sc},
 * so inverse(forward(x)) = x and both directions preserve energy (Parseval).
 *
 * The object holds FFTW plans (via ltephy/fft.h) for every allowed M_RB <= 110
 * in both directions, made once at create; executing allocates nothing and
 * is re-entrant (one object may serve many threads). Plans use FFTW's
 * deterministic ESTIMATE rigor unless LTE_FFT_MEASURE or LTE_FFT_PATIENT is
 * requested, so outputs are reproducible (see fft.h). Arrays must be 16-byte aligned
 * (malloc and lte_alloc give that; every symbol of a set is then aligned too
 * since 12 M_RB complex floats are a multiple of 16 bytes) unless the object
 * was created with LTE_FFT_UNALIGNED. in == out (in place) is allowed unless
 * it was created with LTE_FFT_OUT_OF_PLACE.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_TRANSFORM_PRECODING_H
#define LTEPHY_TRANSFORM_PRECODING_H

#include <complex.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_TPREC_MRB_MAX 110 /* largest uplink bandwidth N_RB^UL */
#define LTE_TPREC_NUM_MRB 35  /* number of M_RB = 2^a 3^b 5^c in 1..110 */

/* 1 if m_rb is in 1..110 and of the form 2^a 3^b 5^c (36.211 §5.3.3), else 0. */
int lte_tprec_valid_mrb(int m_rb);

typedef struct lte_tprec lte_tprec;

/* Plans for every allowed M_RB, both directions. fft_flags: LTE_FFT_* of
 * ltephy/fft.h: 0 = ESTIMATE, aligned arrays. LTE_FFT_MEASURE or
 * LTE_FFT_PATIENT plans (1200 points: 1.3x to 2x faster than ESTIMATE on an
 * AVX FFTW build, depending on what the planner's timing picked) take 140
 * timed plans: tens of seconds (PATIENT: minutes) at create, unless wisdom
 * was imported (ltephy/fft.h); LTE_FFT_OUT_OF_PLACE halves that by making
 * no in-place plans (in == out is then refused with LTE_EINVAL). */
int lte_tprec_create(unsigned fft_flags, lte_tprec **out);
/* The same with plans for the allowed M_RB <= mrb_max (1..110) only: fewer
 * plans to time with MEASURE / PATIENT when the uplink is narrower (6 PRBs:
 * 5 sizes instead of 35); a larger m_rb is then refused with LTE_EINVAL. */
int lte_tprec_create_max(unsigned fft_flags, int mrb_max, lte_tprec **out);
void lte_tprec_destroy(lte_tprec *tp); /* NULL allowed */

/* x: n_symb * 12 m_rb symbols (n_symb SC-FDMA symbols, n_symb >= 1);
 * z: the same count out. LTE_EINVAL for a disallowed m_rb, NULL pointers,
 * n_symb < 1 or misaligned arrays. */
int lte_tprec_forward(const lte_tprec *tp, int m_rb, int n_symb, const float complex *x,
                      float complex *z);

/* Inverse transform precoding (receiver): z -> x, same sizes. */
int lte_tprec_inverse(const lte_tprec *tp, int m_rb, int n_symb, const float complex *z,
                      float complex *x);

#ifdef __cplusplus
}
#endif
#endif
