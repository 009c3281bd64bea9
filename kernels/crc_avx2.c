/* CRC (36.212 §5.1.1) by PCLMULQDQ folding: four 128-bit accumulators fold
 * 512 bits per step, are merged, then Barrett-reduced (crc_impl.h).
 * Compiled with AVX2+PCLMUL; called only after run-time detection.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "crc_impl.h"

uint32_t lte_crc_fold_avx2(const lte_crc_engine *e, const uint8_t *p, size_t n)
{
    if (n < 16)
        return lte_crc_tab_update(e, 0, p, n);
    __m128i s;
    if (n >= 64) {
        const __m128i k512 = lte_crc_fold_k(e, LTE_CRC_FOLD_512);
        __m128i a0 = lte_crc_load_rev(p), a1 = lte_crc_load_rev(p + 16);
        __m128i a2 = lte_crc_load_rev(p + 32), a3 = lte_crc_load_rev(p + 48);
        for (p += 64, n -= 64; n >= 64; p += 64, n -= 64) {
            a0 = _mm_xor_si128(lte_crc_fold128(a0, k512), lte_crc_load_rev(p));
            a1 = _mm_xor_si128(lte_crc_fold128(a1, k512), lte_crc_load_rev(p + 16));
            a2 = _mm_xor_si128(lte_crc_fold128(a2, k512), lte_crc_load_rev(p + 32));
            a3 = _mm_xor_si128(lte_crc_fold128(a3, k512), lte_crc_load_rev(p + 48));
        }
        /* accumulator j is followed by 3-j more chunks of 128 bits */
        s = _mm_xor_si128(lte_crc_fold128(a0, lte_crc_fold_k(e, LTE_CRC_FOLD_384)),
                          lte_crc_fold128(a1, lte_crc_fold_k(e, LTE_CRC_FOLD_256)));
        s = _mm_xor_si128(s, lte_crc_fold128(a2, lte_crc_fold_k(e, LTE_CRC_FOLD_128)));
        s = _mm_xor_si128(s, a3);
    } else {
        s = lte_crc_load_rev(p);
        p += 16;
        n -= 16;
    }
    return lte_crc_finish128(e, s, p, n);
}

/* 32 unpacked bits -> 4 packed bytes: reverse each group of 8 bytes so the
 * first bit of a byte lands in its MSB, move bit 0 of every byte to bit 7,
 * collect the MSBs. */
static void pack_avx2(const uint8_t *bits, size_t nbytes, uint8_t *out)
{
    const __m256i rev8 = _mm256_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8,
                                          7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
    size_t k = 0;
    for (; k + 4 <= nbytes; k += 4) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(bits + 8 * k));
        v = _mm256_slli_epi16(_mm256_shuffle_epi8(v, rev8), 7);
        uint32_t m = (uint32_t)_mm256_movemask_epi8(v);
        __builtin_memcpy(out + k, &m, 4);
    }
    for (; k < nbytes; k++)
        out[k] = lte_crc_gather8(bits + 8 * k);
}

uint32_t lte_crc_bits_avx2(const lte_crc_engine *e, const uint8_t *bits, size_t n)
{
    return lte_crc_bits_chunked(e, bits, n, pack_avx2, lte_crc_fold_avx2);
}
