/* Fixed-point max-log demapper (include/ltephy/demap_fx.h), AVX2: 4 symbols
 * (8 axis values, one per int32 lane) per step. Every operation is exact
 * integer arithmetic of the model, so the output is bit-exact with scalar.
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

void lte_demap_fx_scalar(int p, const int32_t *c, const uint8_t *lab, const int16_t *y,
                         int n_sym, const uint16_t *k, int k_len, int8_t *llr);
void lte_demap_fx_avx2(int p, const int32_t *c, const uint8_t *lab, const int16_t *y, int n_sym,
                       const uint16_t *k, int k_len, int8_t *llr);

/* clip127((D K + 2^15) >> 16) with 32-bit products: K = 256 Kh + Kl. */
static inline __m256i scale_llr(__m256i d, __m256i kh, __m256i kl)
{
    __m256i hi = _mm256_mullo_epi32(d, kh);
    __m256i lo = _mm256_add_epi32(_mm256_mullo_epi32(d, kl), _mm256_set1_epi32(1 << 15));
    __m256i r = _mm256_srai_epi32(_mm256_add_epi32(hi, _mm256_srai_epi32(lo, 8)), 8);
    r = _mm256_min_epi32(r, _mm256_set1_epi32(127));
    return _mm256_max_epi32(r, _mm256_set1_epi32(-127));
}

/* Lanes (s0 I, s0 Q, s1 I, ..) of axis bit i -> llr[s q + 2 i + axis]. */
static inline void store_bit(__m256i v, int i, int q, int8_t *llr)
{
    __m256i w = _mm256_packs_epi16(_mm256_packs_epi32(v, v), v); /* values fit int8 */
    uint16_t pair[4];
    uint32_t lo = (uint32_t)_mm_cvtsi128_si32(_mm256_castsi256_si128(w));
    uint32_t hi = (uint32_t)_mm_cvtsi128_si32(_mm256_extracti128_si256(w, 1));
    memcpy(pair, &lo, 4);
    memcpy(pair + 2, &hi, 4);
    for (int s = 0; s < 4; s++)
        memcpy(llr + s * q + 2 * i, &pair[s], 2);
}

void lte_demap_fx_avx2(int p, const int32_t *c, const uint8_t *lab, const int16_t *y, int n_sym,
                       const uint16_t *k, int k_len, int8_t *llr)
{
    int q = 2 * p, nlev = 1 << (p - 1), s = 0;
    __m256i kv = _mm256_set1_epi32(k[0]);
    for (; s + 4 <= n_sym; s += 4) {
        __m256i u = _mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *)(y + 2 * s)));
        if (k_len != 1) {
            __m128i k4 = _mm_loadl_epi64((const __m128i *)(k + s));
            kv = _mm256_cvtepu16_epi32(_mm_unpacklo_epi16(k4, k4));
        }
        __m256i kh = _mm256_srli_epi32(kv, 8), kl = _mm256_and_si256(kv, _mm256_set1_epi32(255));
        __m256i a2 = _mm256_add_epi32(_mm256_abs_epi32(u), _mm256_abs_epi32(u));
        __m256i step = _mm256_add_epi32(a2, a2), t = a2, h[8], hmin;
        for (int j = 0; j < nlev; j++, t = _mm256_add_epi32(t, step)) /* t = 2 l a */
            h[j] = _mm256_sub_epi32(_mm256_set1_epi32(c[j]), t);
        hmin = _mm256_set1_epi32(INT32_MAX);
        for (int j = 0; j < nlev; j++)
            hmin = _mm256_min_epi32(hmin, h[j]);
        /* sign(u) = 0 only for u = 0, where the metric is 0 as well */
        __m256i d0 = _mm256_sub_epi32(_mm256_add_epi32(_mm256_set1_epi32(c[0]), a2), hmin);
        int8_t *out = llr + (size_t)s * q;
        store_bit(scale_llr(_mm256_sign_epi32(d0, u), kh, kl), 0, q, out);
        for (int i = 1; i < p; i++) {
            __m256i m0 = _mm256_set1_epi32(INT32_MAX), m1 = m0;
            for (int j = 0; j < nlev; j++) {
                if ((lab[j] >> (i - 1)) & 1)
                    m1 = _mm256_min_epi32(m1, h[j]);
                else
                    m0 = _mm256_min_epi32(m0, h[j]);
            }
            store_bit(scale_llr(_mm256_sub_epi32(m1, m0), kh, kl), i, q, out);
        }
    }
    lte_demap_fx_scalar(p, c, lab, y + 2 * s, n_sym - s, k_len == 1 ? k : k + s,
                        k_len == 1 ? 1 : n_sym - s, llr + (size_t)s * q);
}
