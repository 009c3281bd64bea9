/* AVX-512 Gold sequence (36.211 §7.2) generation fused with its use.
 *
 * 512 bits of x1 and x2 per step by the 32-bit-word recursion of
 * gold_impl.h: with A, B the two previous blocks of 16 words, word i of the
 * new block needs words i+1..i+4 of A:B (taps 31..28), one valignd each.
 * Each block of c is consumed from the register (through a 64-byte spill
 * read back as mask registers): 16 sequence bits are the write mask of one
 * sign-bit XOR over 16 floats, 64 bits the mask of one byte select.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <immintrin.h>
#include <string.h>

#include "gold_impl.h"

typedef struct gen512 {
    __m512i a1, b1, a2, b2; /* blocks k-2 and k-1 of x1 and x2 */
} gen512;

static inline void gen_init(gen512 *g, const lte_gold_seed *s)
{
    g->a1 = _mm512_loadu_si512(s->x1);
    g->b1 = _mm512_loadu_si512(s->x1 + 8);
    g->a2 = _mm512_loadu_si512(s->x2);
    g->b2 = _mm512_loadu_si512(s->x2 + 8);
}

/* The next 512 bits of c. */
static inline __m512i gen_next(gen512 *g)
{
    __m512i n1 = _mm512_xor_si512(_mm512_alignr_epi32(g->b1, g->a1, 1),
                                  _mm512_alignr_epi32(g->b1, g->a1, 4));
    __m512i t = _mm512_ternarylogic_epi32(_mm512_alignr_epi32(g->b2, g->a2, 1),
                                          _mm512_alignr_epi32(g->b2, g->a2, 2),
                                          _mm512_alignr_epi32(g->b2, g->a2, 3), 0x96);
    __m512i n2 = _mm512_xor_si512(t, _mm512_alignr_epi32(g->b2, g->a2, 4));
    g->a1 = g->b1;
    g->b1 = n1;
    g->a2 = g->b2;
    g->b2 = n2;
    return _mm512_xor_si512(n1, n2);
}

/* Bits 0..len-1 of v (len <= 512), the rest cleared. */
static inline __m512i keep_bits(__m512i v, int len)
{
    const __m512i idx = _mm512_setr_epi32(0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352,
                                          384, 416, 448, 480);
    /* per 32-bit word: 32 - clamp(len - 32 w, 0, 32) high bits dropped */
    __m512i k = _mm512_sub_epi32(_mm512_set1_epi32(len), idx);
    k = _mm512_min_epi32(_mm512_max_epi32(k, _mm512_setzero_si512()), _mm512_set1_epi32(32));
    __m512i m = _mm512_srlv_epi32(_mm512_set1_epi32(-1), _mm512_sub_epi32(_mm512_set1_epi32(32), k));
    return _mm512_and_si512(v, m);
}

/* Sign flips of llr[0..nf-1] (nf <= 512) by the bits in c16. */
static inline void flip_block(float *llr, const uint16_t *c16, int nf)
{
    const __m512i sign = _mm512_set1_epi32((int)0x80000000u);
    int g = 0;
    for (; 16 * g + 16 <= nf; g++) {
        __m512i v = _mm512_loadu_si512(llr + 16 * g);
        v = _mm512_mask_xor_epi32(v, (__mmask16)c16[g], v, sign);
        _mm512_storeu_si512(llr + 16 * g, v);
    }
    if (16 * g < nf) { /* c is zero past nf: touch only the flipped lanes */
        __mmask16 k = (__mmask16)c16[g];
        __m512i v = _mm512_maskz_loadu_epi32(k, llr + 16 * g);
        _mm512_mask_storeu_epi32(llr + 16 * g, k, _mm512_xor_si512(v, sign));
    }
}

/* c as bytes 0/1 (xor with src if src), nb <= 512 bytes. */
static inline void bytes_block(const uint8_t *src, uint8_t *dst, const uint64_t *c64, int nb)
{
    const __m512i one = _mm512_set1_epi8(1);
    for (int g = 0; 64 * g < nb; g++) {
        __mmask64 live = nb - 64 * g >= 64 ? ~0ull : (1ull << (nb - 64 * g)) - 1;
        __m512i v = _mm512_maskz_mov_epi8((__mmask64)c64[g], one);
        if (src)
            v = _mm512_xor_si512(v, _mm512_maskz_loadu_epi8(live, src + 64 * g));
        _mm512_mask_storeu_epi8(dst + 64 * g, live, v);
    }
}

/* Bit order inside each byte reversed (bit i first -> MSB first). */
static inline __m512i rev_bits_in_bytes(__m512i v)
{
    const __m512i lut = _mm512_broadcast_i32x4(
        _mm_setr_epi8(0x0, 0x8, 0x4, 0xc, 0x2, 0xa, 0x6, 0xe, 0x1, 0x9, 0x5, 0xd, 0x3, 0xb, 0x7, 0xf));
    const __m512i lo4 = _mm512_set1_epi8(0x0f);
    __m512i lo = _mm512_shuffle_epi8(lut, _mm512_and_si512(v, lo4));
    __m512i hi = _mm512_shuffle_epi8(lut, _mm512_and_si512(_mm512_srli_epi16(v, 4), lo4));
    return _mm512_or_si512(_mm512_slli_epi16(lo, 4), hi);
}

void lte_gold_run_avx512(const lte_gold_seed *s, int n, lte_gold_op op, lte_gold_io io)
{
    gen512 g;
    gen_init(&g, s);
    union {
        __m512i v;
        uint64_t w[8];
        uint16_t h[32];
    } c;
    for (int i = 0; i < n; i += 512) {
        int len = n - i < 512 ? n - i : 512;
        c.v = gen_next(&g);
        if (len < 512)
            c.v = keep_bits(c.v, len);
        switch (op) {
        case LTE_GOLD_OP_FLIP:
            flip_block(io.llr + i, c.h, len);
            if (!io.w)
                break;
            /* fall through */
        case LTE_GOLD_OP_WORDS:
            if (len == 512)
                _mm512_storeu_si512(io.w + i / 64, c.v);
            else
                memcpy(io.w + i / 64, c.w, sizeof c.w[0] * (size_t)((len + 63) / 64));
            break;
        case LTE_GOLD_OP_BITS: bytes_block(NULL, io.dst + i, c.w, len); break;
        case LTE_GOLD_OP_XOR: bytes_block(io.src + i, io.dst + i, c.w, len); break;
        case LTE_GOLD_OP_BYTES:
            if (len == 512)
                _mm512_storeu_si512(io.dst + i / 8, rev_bits_in_bytes(c.v));
            else {
                c.v = rev_bits_in_bytes(c.v);
                memcpy(io.dst + i / 8, c.w, (size_t)(len + 7) / 8);
            }
            break;
        }
    }
}
