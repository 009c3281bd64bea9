/* ltephy internal: shared state of the CRC kernels (kernels/crc*.c).
 *
 * Every CRC of 36.212 §5.1.1 (degree L = 24, 16 or 8) is computed with one
 * 32-bit engine: with G'(x) = g(x)·x^(32-L), a(x)·x^32 mod G' equals
 * (a(x)·x^L mod g)·x^(32-L), so the L parity bits are the top L bits of the
 * 32-bit remainder. The engine "register" after a message prefix P is
 * R = P(x)·x^32 mod G', bit 31 holding the coefficient of x^31.
 *
 * Not installed. SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_CRC_IMPL_H
#define LTEPHY_CRC_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "ltephy/crc.h"

/* Folding distances (bits) for which constants are kept. */
enum { LTE_CRC_FOLD_128, LTE_CRC_FOLD_256, LTE_CRC_FOLD_384, LTE_CRC_FOLD_512,
       LTE_CRC_FOLD_1024, LTE_CRC_FOLD_N };

typedef struct lte_crc_engine {
    int len;          /* L */
    uint32_t poly;    /* g(D) without the D^L term, in the low L bits */
    uint32_t poly32;  /* G'(x) without the x^32 term */
    /* tab[k][b] = b(x)·x^(32+8k) mod G' (slicing-by-8, MSB first) */
    uint32_t tab[8][256];
    /* fold[d] = { x^(d+64) mod G', x^d mod G' }: multiplying the high and
     * low 64-bit halves of a 128-bit chunk by these moves it d bits on. */
    uint64_t fold[LTE_CRC_FOLD_N][2];
    uint64_t x96;     /* x^96 mod G' */
    uint64_t x64;     /* x^64 mod G' */
    uint64_t mu;      /* floor(x^64 / G'), 33 bits (Barrett) */
    uint64_t g33;     /* G'(x) including x^32 */
} lte_crc_engine;

/* The engine of a CRC type (tables built once, thread-safe); NULL if the
 * type is invalid. */
const lte_crc_engine *lte_crc_engine_get(lte_crc_type type);

/* Continue register reg over n whole bytes (scalar slicing-by-8). */
uint32_t lte_crc_tab_update(const lte_crc_engine *e, uint32_t reg, const uint8_t *p, size_t n);

/* One message bit (the low bit of b), as in the definition. */
static inline uint32_t lte_crc_bit_step(const lte_crc_engine *e, uint32_t reg, uint32_t b)
{
    uint32_t fb = (reg >> 31) ^ (b & 1u);
    reg <<= 1;
    return fb ? reg ^ e->poly32 : reg;
}

/* Register after n unpacked bits (only the low bit of each byte counts),
 * from reg = 0: packed in chunks with SIMD, then folded. */
uint32_t lte_crc_bits_avx2(const lte_crc_engine *e, const uint8_t *bits, size_t n);
uint32_t lte_crc_bits_avx512(const lte_crc_engine *e, const uint8_t *bits, size_t n);

/* Register after n whole bytes starting from reg = 0 (PCLMULQDQ / VPCLMULQDQ
 * folding with Barrett reduction). Any n; short inputs use the tables.
 * Call only after run-time detection of the matching SIMD path. */
uint32_t lte_crc_fold_avx2(const lte_crc_engine *e, const uint8_t *p, size_t n);
uint32_t lte_crc_fold_avx512(const lte_crc_engine *e, const uint8_t *p, size_t n);

/* 128-bit folding helpers shared by crc_avx2.c and crc_avx512.c (only
 * visible to files compiled with PCLMULQDQ enabled). A chunk is held with
 * its bytes reversed so that bit 127 is the first message bit. */
#if defined(__PCLMUL__) && defined(__SSSE3__)
#include <immintrin.h>

static inline __m128i lte_crc_load_rev(const uint8_t *p)
{
    const __m128i rev = _mm_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    return _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)p), rev);
}

/* k = { lo: x^(d+64) mod G', hi: x^d mod G' } as a register. */
static inline __m128i lte_crc_fold_k(const lte_crc_engine *e, int d)
{
    return _mm_set_epi64x((long long)e->fold[d][1], (long long)e->fold[d][0]);
}

/* S·x^d ≡ hi·(x^(d+64) mod G') + lo·(x^d mod G'); result below 96 bits. */
static inline __m128i lte_crc_fold128(__m128i s, __m128i k)
{
    return _mm_xor_si128(_mm_clmulepi64_si128(s, k, 0x01), _mm_clmulepi64_si128(s, k, 0x10));
}

/* Register R = S·x^32 mod G' of a 128-bit state S: two folds down to 64
 * bits, then Barrett reduction q = floor(floor(U/x^32)·mu / x^32),
 * R = U + q·G' (exact for polynomials, deg U < 64). */
static inline uint32_t lte_crc_reduce128(const lte_crc_engine *e, __m128i s)
{
    const __m128i kx = _mm_set_epi64x((long long)e->x64, (long long)e->x96);
    const __m128i kb = _mm_set_epi64x((long long)e->g33, (long long)e->mu);
    /* T = hi·(x^96 mod G') + lo·x^32 ≡ S·x^32, below 96 bits */
    __m128i t = _mm_clmulepi64_si128(s, kx, 0x01);
    t = _mm_xor_si128(t, _mm_slli_si128(_mm_move_epi64(s), 4));
    /* U = T_hi·(x^64 mod G') + T_lo, below 64 bits */
    __m128i u = _mm_clmulepi64_si128(_mm_srli_si128(t, 8), kx, 0x10);
    u = _mm_xor_si128(u, _mm_move_epi64(t));
    __m128i q = _mm_clmulepi64_si128(_mm_srli_epi64(u, 32), kb, 0x00);
    q = _mm_srli_epi64(q, 32);
    __m128i r = _mm_xor_si128(_mm_clmulepi64_si128(q, kb, 0x10), u);
    return (uint32_t)_mm_cvtsi128_si32(r);
}

/* Fold the remaining whole 16-byte blocks into s, reduce, and finish the
 * last < 16 bytes with the tables. */
static inline uint32_t lte_crc_finish128(const lte_crc_engine *e, __m128i s, const uint8_t *p,
                                         size_t n)
{
    const __m128i k128 = lte_crc_fold_k(e, LTE_CRC_FOLD_128);
    for (; n >= 16; n -= 16, p += 16)
        s = _mm_xor_si128(lte_crc_fold128(s, k128), lte_crc_load_rev(p));
    return lte_crc_tab_update(e, lte_crc_reduce128(e, s), p, n);
}

#define LTE_CRC_CHUNK 1024 /* bytes packed per folding call (8192 bits) */

/* Unpacked bits: pack a chunk into buf (pack(bits, nbytes, buf) handles any
 * byte count), fold it, continue. A register R carried into the next chunk
 * M (>= 4 bytes) is absorbed by XOR-ing R into M's first 32 bits, since
 * (R·x^(8m) + M·x^32) = (M + R·x^(8m-32))·x^32. */
static inline __attribute__((always_inline)) uint32_t
lte_crc_bits_chunked(const lte_crc_engine *e, const uint8_t *bits, size_t n,
                     void (*pack)(const uint8_t *, size_t, uint8_t *),
                     uint32_t (*fold)(const lte_crc_engine *, const uint8_t *, size_t))
{
    uint8_t buf[LTE_CRC_CHUNK];
    uint32_t reg = 0;
    while (n >= 8) {
        size_t nb = n / 8 < LTE_CRC_CHUNK ? n / 8 : LTE_CRC_CHUNK;
        pack(bits, nb, buf);
        if (nb >= 4) {
            buf[0] ^= (uint8_t)(reg >> 24);
            buf[1] ^= (uint8_t)(reg >> 16);
            buf[2] ^= (uint8_t)(reg >> 8);
            buf[3] ^= (uint8_t)reg;
            reg = fold(e, buf, nb);
        } else {
            reg = lte_crc_tab_update(e, reg, buf, nb);
        }
        bits += 8 * nb;
        n -= 8 * nb;
    }
    for (; n > 0; n--)
        reg = lte_crc_bit_step(e, reg, *bits++);
    return reg;
}

/* Pack 8 unpacked bits MSB first (see kernels/bits.c). */
static inline uint8_t lte_crc_gather8(const uint8_t *bits)
{
    uint64_t x;
    __builtin_memcpy(&x, bits, 8);
    x &= 0x0101010101010101ULL;
    return (uint8_t)((x * 0x8040201008040201ULL) >> 56);
}
#endif

#endif
