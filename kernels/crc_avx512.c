/* CRC (36.212 §5.1.1) by VPCLMULQDQ folding: two 512-bit accumulators (eight
 * 128-bit lanes) fold 1024 bits per step, are merged lane by lane, then
 * Barrett-reduced (crc_impl.h). Compiled with AVX-512+VPCLMULQDQ; called
 * only after run-time detection.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "crc_impl.h"

static inline __m512i load_rev512(const uint8_t *p)
{
    /* byte reversal inside each 128-bit lane */
    const __m512i rev = _mm512_broadcast_i32x4(
        _mm_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
    return _mm512_shuffle_epi8(_mm512_loadu_si512((const void *)p), rev);
}

/* Each lane: lane·x^d + next, as one three-way XOR. */
static inline __m512i fold512(__m512i s, __m512i k, __m512i next)
{
    return _mm512_ternarylogic_epi64(_mm512_clmulepi64_epi128(s, k, 0x01),
                                     _mm512_clmulepi64_epi128(s, k, 0x10), next, 0x96);
}

uint32_t lte_crc_fold_avx512(const lte_crc_engine *e, const uint8_t *p, size_t n)
{
    if (n < 128)
        return lte_crc_fold_avx2(e, p, n);
    const __m512i k512 = _mm512_broadcast_i32x4(lte_crc_fold_k(e, LTE_CRC_FOLD_512));
    __m512i z0 = load_rev512(p), z1 = load_rev512(p + 64);
    p += 128;
    n -= 128;
    if (n >= 128) {
        const __m512i k1024 = _mm512_broadcast_i32x4(lte_crc_fold_k(e, LTE_CRC_FOLD_1024));
        for (; n >= 128; p += 128, n -= 128) {
            z0 = fold512(z0, k1024, load_rev512(p));
            z1 = fold512(z1, k1024, load_rev512(p + 64));
        }
    }
    __m512i z = fold512(z0, k512, z1);
    if (n >= 64) {
        z = fold512(z, k512, load_rev512(p));
        p += 64;
        n -= 64;
    }
    /* lane j (j = 0 first) is followed by 3-j more lanes of 128 bits */
    const __m512i kl = _mm512_inserti32x4(
        _mm512_inserti32x4(_mm512_inserti32x4(_mm512_setzero_si512(),
                                              lte_crc_fold_k(e, LTE_CRC_FOLD_384), 0),
                           lte_crc_fold_k(e, LTE_CRC_FOLD_256), 1),
        lte_crc_fold_k(e, LTE_CRC_FOLD_128), 2);
    __m512i f = _mm512_xor_si512(_mm512_clmulepi64_epi128(z, kl, 0x01),
                                 _mm512_clmulepi64_epi128(z, kl, 0x10));
    __m128i s = _mm_xor_si128(_mm512_extracti32x4_epi32(f, 0), _mm512_extracti32x4_epi32(f, 1));
    s = _mm_xor_si128(s, _mm512_extracti32x4_epi32(f, 2));
    s = _mm_xor_si128(s, _mm512_extracti32x4_epi32(z, 3));
    return lte_crc_finish128(e, s, p, n);
}

/* 64 unpacked bits -> 8 packed bytes: reverse each group of 8 bytes so the
 * first bit of a byte lands in its MSB, then test the low bit of every byte. */
static void pack_avx512(const uint8_t *bits, size_t nbytes, uint8_t *out)
{
    const __m512i rev8 = _mm512_broadcast_i32x4(
        _mm_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8));
    const __m512i one = _mm512_set1_epi8(1);
    size_t k = 0;
    for (; k + 8 <= nbytes; k += 8) {
        __m512i v = _mm512_shuffle_epi8(_mm512_loadu_si512((const void *)(bits + 8 * k)), rev8);
        uint64_t m = (uint64_t)_mm512_test_epi8_mask(v, one);
        __builtin_memcpy(out + k, &m, 8);
    }
    for (; k < nbytes; k++)
        out[k] = lte_crc_gather8(bits + 8 * k);
}

uint32_t lte_crc_bits_avx512(const lte_crc_engine *e, const uint8_t *bits, size_t n)
{
    return lte_crc_bits_chunked(e, bits, n, pack_avx512, lte_crc_fold_avx512);
}
