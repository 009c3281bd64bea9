/* ltephy kernels: the cyclic redundancy checks of 3GPP TS 36.212 §5.1.1.
 *
 *   CRC24A  g(D) = D^24+D^23+D^18+D^17+D^14+D^11+D^10+D^7+D^6+D^5+D^4+D^3+D+1
 *   CRC24B  g(D) = D^24+D^23+D^6+D^5+D+1
 *   CRC16   g(D) = D^16+D^12+D^5+1
 *   CRC8    g(D) = D^8+D^7+D^4+D^3+D+1
 *
 * Register initialised to zero, no reflection, no final XOR: the parity
 * bits p_0..p_{L-1} are the remainder of a(D)·D^L divided by g(D). A CRC
 * value is returned as an integer whose most significant of its L bits is p_0,
 * i.e. the order in which the parity bits are appended.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_CRC_H
#define LTEPHY_CRC_H

#include <stdint.h>

#include "ltephy/simd.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lte_crc_type {
    LTE_CRC24A = 0,
    LTE_CRC24B = 1,
    LTE_CRC16 = 2,
    LTE_CRC8 = 3,
} lte_crc_type;

/* Number of parity bits L (24, 24, 16, 8), or LTE_EINVAL. */
int lte_crc_length(lte_crc_type type);

/* CRC of n unpacked bits (any n >= 0; only the low bit of each byte is
 * used), on the default SIMD path (lte_simd_default(): scalar if LTEPHY_SIMD
 * is invalid, so this never fails for that reason). */
int lte_crc_bits(lte_crc_type type, const uint8_t *bits, int n, uint32_t *crc);

/* CRC of n unpacked bits on a chosen path: scalar (64 bits gathered per step,
 * slicing-by-8 tables), AVX2 / AVX-512 (SIMD packing, then folding as in
 * lte_crc_bytes). All paths give the same value. */
int lte_crc_bits_path(lte_crc_type type, const uint8_t *bits, int n, lte_simd_path path,
                      uint32_t *crc);

/* Bit-serial LFSR reference, one bit per step, straight from the definition. */
int lte_crc_bits_ref(lte_crc_type type, const uint8_t *bits, int n, uint32_t *crc);

/* CRC of n bits held packed MSB first in bytes (n need not be a multiple of 8;
 * unused trailing bits are ignored). Dispatches to scalar (slicing tables),
 * AVX2 (PCLMULQDQ folding) or AVX-512 (VPCLMULQDQ folding); all give the same
 * value. path = LTE_SIMD_AUTO uses the default path. */
int lte_crc_bytes(lte_crc_type type, const uint8_t *bytes, int n, lte_simd_path path,
                  uint32_t *crc);

/* out[0..n-1] = in, out[n..n+L-1] = parity bits (unpacked). in may equal out. */
int lte_crc_attach(lte_crc_type type, const uint8_t *in, int n, uint8_t *out);

/* Check n unpacked bits whose last L are the parity: returns 1 if the CRC
 * checks, 0 if not, negative LTE_E code on bad arguments. */
int lte_crc_check(lte_crc_type type, const uint8_t *bits, int n);

#ifdef __cplusplus
}
#endif
#endif
