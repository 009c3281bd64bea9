/* ltephy kernels: bit containers.
 *
 * Conventions used throughout ltephy:
 *  - "unpacked" bits: one uint8_t per bit, value 0 or 1, in transmission order.
 *  - "packed" bits: MSB first, byte i holds bits 8i..8i+7 with bit 8i in the
 *    most significant position; a final partial byte is padded with zeros.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_BITS_H
#define LTEPHY_BITS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Pack n unpacked bits into ceil(n/8) bytes (only the low bit of each input
 * byte is used; padding bits of the last byte are zero). Returns 0 or
 * LTE_EINVAL (n < 0, or a NULL buffer with n > 0). */
int lte_bits_pack(const uint8_t *bits, int n, uint8_t *bytes);
/* Unpack n bits from packed bytes. Returns 0 or LTE_EINVAL. */
int lte_bits_unpack(const uint8_t *bytes, int n, uint8_t *bits);
/* Value of bits[0..n-1] as an unsigned integer, bits[0] most significant
 * (1 <= n <= 64; returns 0 for n outside that range or bits == NULL). */
uint64_t lte_bits_to_uint(const uint8_t *bits, int n);
/* Write the n-bit value v MSB first into bits[0..n-1] (1 <= n <= 64; does
 * nothing for n outside that range or bits == NULL). */
void lte_bits_from_uint(uint64_t v, int n, uint8_t *bits);

#ifdef __cplusplus
}
#endif
#endif
