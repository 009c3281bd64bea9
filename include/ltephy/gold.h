/* ltephy kernels: the length-31 Gold sequence of TS 36.211 §7.2.
 *
 *   x1(n+31) = (x1(n+3) + x1(n)) mod 2,           x1(0)=1, x1(1..30)=0
 *   x2(n+31) = (x2(n+3)+x2(n+2)+x2(n+1)+x2(n)) mod 2, x2 initialised by c_init
 *   c(n) = (x1(n+Nc) + x2(n+Nc)) mod 2,            Nc = 1600
 *
 * The generator is generic (any c_init); which c_init a channel uses is the
 * business of phy/.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_GOLD_H
#define LTEPHY_GOLD_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* c(0..n-1) as unpacked bits. Word-parallel implementation. */
int lte_gold_bits(uint32_t c_init, int n, uint8_t *c);
/* Bit-serial reference straight from the recursion above. */
int lte_gold_bits_ref(uint32_t c_init, int n, uint8_t *c);
/* c(0..n-1) packed MSB first into ceil(n/8) bytes. */
int lte_gold_bytes(uint32_t c_init, int n, uint8_t *bytes);
/* dst[i] = src[i] XOR c(i) on unpacked bits (scrambling). src may equal dst. */
int lte_gold_scramble_bits(uint32_t c_init, const uint8_t *src, int n, uint8_t *dst);
/* llr[i] = c(i) ? -llr[i] : llr[i] (descrambling soft values). */
int lte_gold_descramble_llr(uint32_t c_init, float *llr, int n);

#ifdef __cplusplus
}
#endif
#endif
