/* AVX2 Gold sequence (36.211 §7.2) generation fused with its use.
 *
 * 256 bits of x1 and x2 per step by the 32-bit-word recursion of
 * gold_impl.h. A block of 8 words is a function of the blocks four and three
 * before it (taps 31..28 words back): words i+1..i+4 of their concatenation,
 * one in-lane byte alignment each after a lane swap. Each block of c is
 * expanded from the register; the last partial block goes to the scalar
 * expansion.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <immintrin.h>
#include <string.h>

#include "gold_impl.h"

typedef struct gen256 {
    __m256i x1[4], x2[4]; /* blocks k-4 .. k-1 */
} gen256;

static inline void gen_init(gen256 *g, const lte_gold_seed *s)
{
    for (int j = 0; j < 4; j++) {
        g->x1[j] = _mm256_loadu_si256((const __m256i *)(s->x1 + 4 * j));
        g->x2[j] = _mm256_loadu_si256((const __m256i *)(s->x2 + 4 * j));
    }
}

/* Words s..s+7 of a:b (s = 1..4) as SHIFT(s). */
#define SHIFT(m, a, s) _mm256_alignr_epi8((m), (a), 4 * (s))

static inline __m256i gen_next(gen256 *g)
{
    __m256i a = g->x1[0], m = _mm256_permute2x128_si256(a, g->x1[1], 0x21);
    __m256i n1 = _mm256_xor_si256(SHIFT(m, a, 1), m);
    a = g->x2[0];
    m = _mm256_permute2x128_si256(a, g->x2[1], 0x21);
    __m256i n2 = _mm256_xor_si256(_mm256_xor_si256(SHIFT(m, a, 1), SHIFT(m, a, 2)),
                                  _mm256_xor_si256(SHIFT(m, a, 3), m));
    for (int j = 0; j < 3; j++) {
        g->x1[j] = g->x1[j + 1];
        g->x2[j] = g->x2[j + 1];
    }
    g->x1[3] = n1;
    g->x2[3] = n2;
    return _mm256_xor_si256(n1, n2);
}

#undef SHIFT

/* 32 bits (bit t first) -> 32 bytes 0/1: byte t takes source byte t/8,
 * keeps bit t%8, and is clamped to 1. */
static inline __m256i spread32(uint32_t x)
{
    const __m256i rep = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
                                         2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
    const __m256i sel = _mm256_set1_epi64x((long long)0x8040201008040201ULL);
    __m256i v = _mm256_shuffle_epi8(_mm256_set1_epi32((int)x), rep);
    return _mm256_min_epu8(_mm256_and_si256(v, sel), _mm256_set1_epi8(1));
}

/* Float t of group q gets bit 8q+t of x shifted into its sign position
 * (written out: -O2 neither unrolls a loop over q nor keeps sh in registers). */
static inline void flip8(float *llr, __m256i x, __m256i sh)
{
    const __m256i sign = _mm256_set1_epi32((int)0x80000000u);
    __m256i m = _mm256_and_si256(_mm256_sllv_epi32(x, sh), sign);
    _mm256_storeu_ps(llr, _mm256_xor_ps(_mm256_loadu_ps(llr), _mm256_castsi256_ps(m)));
}

static inline void flip32(float *llr, uint32_t c)
{
    __m256i x = _mm256_set1_epi32((int)c);
    flip8(llr, x, _mm256_setr_epi32(31, 30, 29, 28, 27, 26, 25, 24));
    flip8(llr + 8, x, _mm256_setr_epi32(23, 22, 21, 20, 19, 18, 17, 16));
    flip8(llr + 16, x, _mm256_setr_epi32(15, 14, 13, 12, 11, 10, 9, 8));
    flip8(llr + 24, x, _mm256_setr_epi32(7, 6, 5, 4, 3, 2, 1, 0));
}

/* Bit order inside each byte reversed (bit i first -> MSB first). */
static inline __m256i rev_bits_in_bytes(__m256i v)
{
    const __m256i lut = _mm256_setr_epi8(0x0, 0x8, 0x4, 0xc, 0x2, 0xa, 0x6, 0xe, 0x1, 0x9, 0x5,
                                         0xd, 0x3, 0xb, 0x7, 0xf, 0x0, 0x8, 0x4, 0xc, 0x2, 0xa,
                                         0x6, 0xe, 0x1, 0x9, 0x5, 0xd, 0x3, 0xb, 0x7, 0xf);
    const __m256i lo4 = _mm256_set1_epi8(0x0f);
    __m256i lo = _mm256_shuffle_epi8(lut, _mm256_and_si256(v, lo4));
    __m256i hi = _mm256_shuffle_epi8(lut, _mm256_and_si256(_mm256_srli_epi16(v, 4), lo4));
    return _mm256_or_si256(_mm256_slli_epi16(lo, 4), hi);
}

void lte_gold_run_avx2(const lte_gold_seed *s, int n, lte_gold_op op, lte_gold_io io)
{
    gen256 g;
    gen_init(&g, s);
    union {
        __m256i v;
        uint64_t w[4];
        uint32_t d[8];
    } c;
    int i = 0;
    for (; i + 256 <= n; i += 256) {
        c.v = gen_next(&g);
        switch (op) {
        case LTE_GOLD_OP_FLIP:
            for (int j = 0; j < 8; j++)
                flip32(io.llr + i + 32 * j, c.d[j]);
            if (!io.w)
                break;
            /* fall through */
        case LTE_GOLD_OP_WORDS: _mm256_storeu_si256((__m256i *)(io.w + i / 64), c.v); break;
        case LTE_GOLD_OP_BITS:
            for (int j = 0; j < 8; j++)
                _mm256_storeu_si256((__m256i *)(io.dst + i + 32 * j), spread32(c.d[j]));
            break;
        case LTE_GOLD_OP_XOR:
            for (int j = 0; j < 8; j++) {
                __m256i v = _mm256_loadu_si256((const __m256i *)(io.src + i + 32 * j));
                _mm256_storeu_si256((__m256i *)(io.dst + i + 32 * j),
                                    _mm256_xor_si256(v, spread32(c.d[j])));
            }
            break;
        case LTE_GOLD_OP_BYTES:
            _mm256_storeu_si256((__m256i *)(io.dst + i / 8), rev_bits_in_bytes(c.v));
            break;
        }
    }
    if (i < n) {
        int len = n - i;
        c.v = gen_next(&g);
        for (int k = 0; k < 4; k++) /* zero past c(n-1), as the expansion wants */
            c.w[k] = 64 * k >= len ? 0 : len - 64 * k >= 64 ? c.w[k]
                                                            : c.w[k] & ((1ull << (len - 64 * k)) - 1);
        lte_gold_io at = {io.src ? io.src + i : NULL,
                          io.dst ? io.dst + (op == LTE_GOLD_OP_BYTES ? i / 8 : i) : NULL,
                          io.llr ? io.llr + i : NULL, io.w ? io.w + i / 64 : NULL};
        lte_gold_apply_scalar(op, c.w, len, at);
    }
}
