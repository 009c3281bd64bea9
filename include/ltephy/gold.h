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

#include "ltephy/simd.h"

#ifdef __cplusplus
extern "C" {
#endif

/* All functions take c_init < 2^31 (else LTE_EINVAL) and any n >= 0.
 *
 * c(0..n-1) as unpacked bits. Word-parallel implementation (see the _path
 * variants). This and the other functions without a path argument use
 * lte_simd_default() (scalar if LTEPHY_SIMD is invalid, so they never fail
 * for that reason); see the _path variants. */
int lte_gold_bits(uint32_t c_init, int n, uint8_t *c);
/* Bit-serial reference straight from the recursion above. */
int lte_gold_bits_ref(uint32_t c_init, int n, uint8_t *c);
/* c(0..n-1) packed MSB first into ceil(n/8) bytes. */
int lte_gold_bytes(uint32_t c_init, int n, uint8_t *bytes);
/* dst[i] = src[i] XOR c(i) on unpacked bits (scrambling). src may equal dst. */
int lte_gold_scramble_bits(uint32_t c_init, const uint8_t *src, int n, uint8_t *dst);
/* llr[i] = c(i) ? -llr[i] : llr[i] (descrambling soft values; the sign bit is
 * flipped, so the result is exact, also for 0, inf and NaN: +0 and -0 swap
 * where c(i) = 1, NaN payloads are kept). */
int lte_gold_descramble_llr(uint32_t c_init, float *llr, int n);

/* The same on an explicit SIMD path (LTE_SIMD_AUTO = default). Every path
 * runs the same 32-bit-word form of the recursion (x1, x2 512 bits per step
 * on AVX-512, 256 on AVX2, 64 scalar) fused with the expansion, so all paths
 * give identical output. */
int lte_gold_bits_path(uint32_t c_init, int n, lte_simd_path path, uint8_t *c);
int lte_gold_bytes_path(uint32_t c_init, int n, lte_simd_path path, uint8_t *bytes);
int lte_gold_scramble_bits_path(uint32_t c_init, const uint8_t *src, int n, lte_simd_path path,
                                uint8_t *dst);
int lte_gold_descramble_llr_path(uint32_t c_init, float *llr, int n, lte_simd_path path);

#ifdef __cplusplus
}
#endif
#endif
