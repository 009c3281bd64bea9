/* ltephy kernels (internal): the turbo encoder's per-path helpers and an
 * unchecked entry point for callers whose interleaver is known valid.
 *
 * Bits are packed 64 to a word, bit i of word w = bit 64 w + i; K is a
 * multiple of 8 in [8, 6144] (as for lte_turbo_encode).
 *   pack:   cw <- c (bit 0 of each byte), d0[0..K-1] <- c & 1
 *   gather: iw <- c_pi(k), k = 0..K-1 (the VBMI variant reads cw, which must
 *           be readable, zero past bit K, up to the next multiple of 1024
 *           bits; the scalar one reads c)
 *   unpack: d[0..K-1] <- bits of zw as bytes 0/1
 * Bits of the last word past K are unspecified. Every variant produces the
 * same bits (tests/kernels/test_turbo_enc.c).
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_KERNELS_TURBO_ENC_H
#define LTEPHY_KERNELS_TURBO_ENC_H

#include <stdint.h>

void lte_turbo_pack_scalar(const uint8_t *c, int K, uint8_t *d0, uint64_t *cw);
void lte_turbo_gather_scalar(const uint8_t *c, const uint64_t *cw, int K, const uint16_t *pi,
                             uint64_t *iw);
void lte_turbo_unpack_scalar(const uint64_t *zw, int K, uint8_t *d);
void lte_turbo_pack_avx512(const uint8_t *c, int K, uint8_t *d0, uint64_t *cw);
void lte_turbo_unpack_avx512(const uint64_t *zw, int K, uint8_t *d);
/* Both constituent encoders' parity words z[e] from the packed inputs c[e]
 * (rsc_words2 of turbo_enc.c, word-parallel where it can be); s[e] = the
 * state after step K-1 (bit 0 = a_{K-1}, 1 = a_{K-2}, 2 = a_{K-3}). */
void lte_turbo_rsc2_avx512(const uint64_t *const c[2], int K, uint64_t *const z[2],
                           unsigned s[2]);
/* Carry-less multiply by sum_j D^{7j} (bits 0, 7, ..., 63): for a 7-bit
 * value no two partial products overlap, so the integer product is the
 * value tiled with period 7. */
#define LTE_TURBO_TILE7 0x8102040810204081ULL

/* Needs AVX512-VBMI and AVX512-BITALG besides the AVX-512 path's features:
 * use only if lte_turbo_gather_vbmi_ok(). */
void lte_turbo_gather_vbmi(const uint8_t *c, const uint64_t *cw, int K, const uint16_t *pi,
                           uint64_t *iw);
int lte_turbo_gather_vbmi_ok(void);

/* lte_turbo_encode_simd without argument checks: path is a concrete path
 * the CPU has (lte_simd_pick), K as above, pi a permutation of 0..K-1 (for
 * instance lte_qpp_interleaver's). */
void lte_turbo_encode_trusted(const uint8_t *c, int K, const uint16_t *pi, uint8_t *d0,
                              uint8_t *d1, uint8_t *d2, int path);

#endif
