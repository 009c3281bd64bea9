/* ltephy internal: SIMD helpers of the Gold sequence kernels (kernels/gold*.c).
 * Sequence words hold 64 bits each, bit i of word k = c(64k+i).
 * Not installed. SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_GOLD_IMPL_H
#define LTEPHY_GOLD_IMPL_H

#include <stdint.h>

/* For the first 32·n32 bits of w (AVX2; call only after run-time detection):
 * out[i] = c(i) as 0/1; dst[i] = src[i] ^ c(i); llr[i] negated where c(i). */
void lte_gold_spread_avx2(const uint64_t *w, int n32, uint8_t *out);
void lte_gold_xor_avx2(const uint64_t *w, int n32, const uint8_t *src, uint8_t *dst);
void lte_gold_flip_avx2(const uint64_t *w, int n32, float *llr);

/* c(0..n-1) as ceil(n/64) words, bit i of word k = c(64k+i) (so, read as
 * bytes on a little-endian machine, bit i%8 of byte i/8 = c(i)); bits past
 * c(n-1) in the last word are 0. c_init < 2^31 and n >= 0 are the caller's
 * to check. For fused scrambling (phy/modulation.c). */
void lte_gold_words(uint32_t c_init, int n, uint64_t *w);

#endif
