/* ltephy internal: the Gold sequence generators of kernels/gold*.c.
 * Sequence words hold 64 bits each, bit i of word k = c(64k+i).
 *
 * Every path runs the same 32-bit-word recursion (see gold.c): over GF(2)
 * p(D)^32 = p(D^32), so with X(k) = bits 32k..32k+31 of x1 or x2
 *   X1(k) = X1(k-31) + X1(k-28)
 *   X2(k) = X2(k-31) + X2(k-30) + X2(k-29) + X2(k-28)
 * whole 32-bit words, no bit shifts, and 28 words (896 bits) at a time are
 * independent of each other. The scalar code starts it from bits 576..1599
 * of x1 and x2 (lte_gold_seed), the 31 words the recursion looks back over
 * when it produces c(0) = x1(1600) + x2(1600).
 * Not installed. SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_GOLD_IMPL_H
#define LTEPHY_GOLD_IMPL_H

#include <stdint.h>

#include "ltephy/simd.h"

/* x1(576..1599) and x2(576..1599) as 16 words each (bit i of word j =
 * x(576 + 64j + i)). */
typedef struct lte_gold_seed {
    uint64_t x1[16], x2[16];
} lte_gold_seed;

/* What a generator does with c(0..n-1):
 *   BITS:  dst[i] = c(i) as 0/1
 *   XOR:   dst[i] = src[i] ^ c(i) (src may equal dst)
 *   FLIP:  llr[i] negated (sign bit flipped) where c(i) = 1; if w is not
 *          NULL, also w as for WORDS
 *   WORDS: w[k] = bits 64k..64k+63, ceil(n/64) words, zero past c(n-1)
 *   BYTES: dst = c packed MSB first, ceil(n/8) bytes, zero padded */
typedef enum {
    LTE_GOLD_OP_BITS,
    LTE_GOLD_OP_XOR,
    LTE_GOLD_OP_FLIP,
    LTE_GOLD_OP_WORDS,
    LTE_GOLD_OP_BYTES
} lte_gold_op;

typedef struct lte_gold_io {
    const uint8_t *src;
    uint8_t *dst;
    float *llr;
    uint64_t *w;
} lte_gold_io;

/* The op on c(0..n-1), n > 0, from the seed (call only after run-time
 * detection of the instruction set). */
void lte_gold_run_avx2(const lte_gold_seed *s, int n, lte_gold_op op, lte_gold_io io);
void lte_gold_run_avx512(const lte_gold_seed *s, int n, lte_gold_op op, lte_gold_io io);

/* The scalar expansion the SIMD files use for their last partial block:
 * op on sequence bits 0..len-1 held in w (zero past len), io pointing at
 * element 0 of that block. */
void lte_gold_apply_scalar(lte_gold_op op, const uint64_t *w, int len, lte_gold_io io);

/* c(0..n-1) as ceil(n/64) words, bit i of word k = c(64k+i) (so, read as
 * bytes on a little-endian machine, bit i%8 of byte i/8 = c(i)); bits past
 * c(n-1) in the last word are 0. c_init < 2^31 and n >= 0 are the caller's
 * to check. For fused scrambling (phy/modulation.c). */
void lte_gold_words(uint32_t c_init, int n, uint64_t *w);
/* Byte k of such words: sum_{i=0}^{7} c(8k + i) 2^i (the value 36.211 §5.4
 * and §5.5.1 read eight sequence bits as, for n_cs^cell, f_gh and n_PN). */
static inline int lte_gold_word_byte(const uint64_t *w, int k)
{
    return (int)(w[k / 8] >> (8 * (k % 8)) & 0xffu);
}
/* The same on an explicit path, with argument checks (0 or LTE_E*). */
int lte_gold_words_path(uint32_t c_init, int n, lte_simd_path path, uint64_t *w);

/* lte_gold_descramble_llr_path that also stores c(0..n-1) in w as
 * lte_gold_words does, in the same pass (for receivers that need a few
 * sequence bits again, such as the PUSCH placeholders of 36.211 §5.3.1).
 * Validates its arguments (w may be NULL). */
int lte_gold_descramble_llr_words(uint32_t c_init, float *llr, int n, lte_simd_path path,
                                  uint64_t *w);

#endif
