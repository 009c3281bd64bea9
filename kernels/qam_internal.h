/* ltephy kernels: Gray-mapped square QAM, generic part. Not installed.
 *
 * A constellation of 2^q points (q even) is the product of two identical
 * pulse-amplitude axes of q/2 bits each. Symbol bits b0..b(q-1): the I axis
 * takes the even-numbered bits, the Q axis the odd-numbered ones (b0 and b1
 * are the axis sign bits: 0 = positive). The remaining q/2-1 bits of an axis,
 * read first bit most significant, index the level magnitude mag[]. Which
 * magnitudes (and so which Gray labelling) is the caller's choice: the LTE
 * tables of 36.211 §7.1 are one configuration (phy/modulation.c).
 *
 * Noise model: y = x + n, n circular Gaussian with E|n|^2 = N0, so
 * p(y|x) ~ exp(-|y - x|^2 / N0) and the soft value of bit b is
 *   LLR = ln P(b=0|y)/P(b=1|y)   (positive favours 0; equal priors).
 * Because the constellation is a product of the two axes and the labelling
 * splits by axis, the 2-D sums and minima factor into 1-D ones per axis.
 *
 * Max-log (all paths bit-identical): per axis value u and magnitudes m_i,
 *   h_i = m_i (m_i - 2|u|)            (= (|u| - m_i)^2 - u^2)
 *   non-sign bit:  LLR = (min_{i: bit=1} h_i - min_{i: bit=0} h_i) / N0
 *   sign bit:      LLR = sign(u) (min_{i in {i0,i1}} m_i (m_i + 2|u|) - min_i h_i) / N0
 * (for the sign bit the nearest point of opposite sign is the one with the
 * smallest magnitude m_i0; the min over two is only an FMA-contraction
 * barrier). For q = 2: LLR = (u * 4 m_0) / N0. Every path evaluates exactly
 * these float operations in this order (sub, mul, min, sub, mul by 1/N0
 * computed by IEEE division, sign transfer) with no multiply feeding an add,
 * so no compiler or FMA contraction can change a bit: the SIMD variants are
 * bit-exact with the scalar reference for finite inputs.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_QAM_INTERNAL_H
#define LTEPHY_QAM_INTERNAL_H

#include <complex.h>
#include <stdint.h>

typedef struct lte_qam_desc {
    int q;         /* bits per symbol: 2, 4, 6 or 8 */
    float mag[8];  /* 2^(q/2-1) level magnitudes, indexed by the non-sign axis bits */
    int i0, i1;    /* indices of the smallest and second-smallest magnitude (equal if q = 2) */
} lte_qam_desc;

/* bits: n_sym * q values, nonzero meaning 1. */
void lte_qam_map(const lte_qam_desc *d, const uint8_t *bits, int n_sym, float complex *sym);

/* The same mapping through a look-up table: lut[i] (2^q entries) is the
 * point whose bit j is bit j of i (first bit least significant), e.g. filled
 * by lte_qam_map over every pattern, so the output is identical to
 * lte_qam_map's by construction. Bits are packed 8 at a time (nonzero
 * meaning 1, like lte_qam_map); no read beyond bits[n_sym*q - 1]. */
void lte_qam_map_lut(const float complex *lut, int q, const uint8_t *bits, int n_sym,
                     float complex *sym);

/* lte_qam_map_lut with the bits first XORed with a packed sequence x (bit i
 * of the stream is bit i%8 of x[i/8]; NULL: none), exactly as if the bytes
 * bits[i] ^ x(i) were mapped (so a byte >= 2 still counts as 1), and the
 * symbols written to sym[idx[s]] instead of sym[s] when idx is not NULL
 * (resource-element mapping). x must hold ceil(n_sym*q/8) bytes. */
void lte_qam_map_lut_x(const float complex *lut, int q, const uint8_t *bits, const uint8_t *x,
                       const uint32_t *idx, int n_sym, float complex *sym);

/* llr: n_sym * q values, in bit order. n0: noise variance per symbol
 * (n0_len == n_sym) or one for all (n0_len == 1). scr (NULL: none): a
 * descrambling sequence as words, bit i of scr[k] = c(64k + i) (as
 * lte_gold_words writes it); llr[i] has its sign bit flipped where
 * c(scr_off + i) = 1 (exact, as lte_descramble_llr does it afterwards).
 * Returns 1 if every n0 read is in (0, FLT_MAX] (checked on the way, where
 * the values are loaded anyway), else 0 (the LLRs are then undefined). */
int lte_qam_maxlog_scalar(const lte_qam_desc *d, const float complex *y, int n_sym,
                          const float *n0, int n0_len, const uint64_t *scr, long scr_off,
                          float *llr);
int lte_qam_maxlog_avx2(const lte_qam_desc *d, const float complex *y, int n_sym,
                        const float *n0, int n0_len, const uint64_t *scr, long scr_off,
                        float *llr);
int lte_qam_maxlog_avx512(const lte_qam_desc *d, const float complex *y, int n_sym,
                          const float *n0, int n0_len, const uint64_t *scr, long scr_off,
                          float *llr);

/* Bits i .. i+n-1 (n <= 32) of a word sequence as above, bit i lowest; reads
 * the next word only when the bits reach into it. */
static inline uint32_t lte_qam_scr_bits(const uint64_t *w, long i, int n)
{
    int sh = (int)(i & 63);
    uint64_t v = w[i >> 6] >> sh;
    if (sh + n > 64)
        v |= w[(i >> 6) + 1] << (64 - sh);
    return (uint32_t)v & (uint32_t)((1ull << n) - 1);
}

/* Exact log-sum-exp over all points (computed per axis in double). */
void lte_qam_exact(const lte_qam_desc *d, const float complex *y, int n_sym, const float *n0,
                   int n0_len, float *llr);

#endif
