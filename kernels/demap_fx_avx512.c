/* Fixed-point max-log demapper (include/ltephy/demap_fx.h), AVX-512: 8
 * symbols (16 axis values, one per int32 lane) per step; the same exact
 * integer arithmetic as the scalar model, so bit-exact with it.
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

void lte_demap_fx_scalar(int p, const int32_t *c, const uint8_t *lab, const int16_t *y,
                         int n_sym, const uint16_t *k, int k_len, int8_t *llr);
void lte_demap_fx_avx512(int p, const int32_t *c, const uint8_t *lab, const int16_t *y,
                         int n_sym, const uint16_t *k, int k_len, int8_t *llr);

/* clip127((D K + 2^15) >> 16) with 32-bit products: K = 256 Kh + Kl. */
static inline __m512i scale_llr(__m512i d, __m512i kh, __m512i kl)
{
    __m512i hi = _mm512_mullo_epi32(d, kh);
    __m512i lo = _mm512_add_epi32(_mm512_mullo_epi32(d, kl), _mm512_set1_epi32(1 << 15));
    __m512i r = _mm512_srai_epi32(_mm512_add_epi32(hi, _mm512_srai_epi32(lo, 8)), 8);
    r = _mm512_min_epi32(r, _mm512_set1_epi32(127));
    return _mm512_max_epi32(r, _mm512_set1_epi32(-127));
}

static inline void store_bit(__m512i v, int i, int q, int8_t *llr)
{
    uint16_t pair[8];
    _mm_storeu_si128((__m128i *)pair, _mm512_cvtsepi32_epi8(v)); /* values fit int8 */
    for (int s = 0; s < 8; s++)
        memcpy(llr + s * q + 2 * i, &pair[s], 2);
}

void lte_demap_fx_avx512(int p, const int32_t *c, const uint8_t *lab, const int16_t *y,
                         int n_sym, const uint16_t *k, int k_len, int8_t *llr)
{
    int q = 2 * p, nlev = 1 << (p - 1), s = 0;
    __m512i kv = _mm512_set1_epi32(k[0]);
    const __m512i zero = _mm512_setzero_si512();
    for (; s + 8 <= n_sym; s += 8) {
        __m512i u = _mm512_cvtepi16_epi32(_mm256_loadu_si256((const __m256i *)(y + 2 * s)));
        if (k_len != 1) {
            __m128i k8 = _mm_loadu_si128((const __m128i *)(k + s));
            kv = _mm512_cvtepu16_epi32(
                _mm256_set_m128i(_mm_unpackhi_epi16(k8, k8), _mm_unpacklo_epi16(k8, k8)));
        }
        __m512i kh = _mm512_srli_epi32(kv, 8), kl = _mm512_and_si512(kv, _mm512_set1_epi32(255));
        __m512i a2 = _mm512_add_epi32(_mm512_abs_epi32(u), _mm512_abs_epi32(u));
        __m512i step = _mm512_add_epi32(a2, a2), t = a2, h[8], hmin;
        for (int j = 0; j < nlev; j++, t = _mm512_add_epi32(t, step))
            h[j] = _mm512_sub_epi32(_mm512_set1_epi32(c[j]), t);
        hmin = _mm512_set1_epi32(INT32_MAX);
        for (int j = 0; j < nlev; j++)
            hmin = _mm512_min_epi32(hmin, h[j]);
        __m512i d0 = _mm512_sub_epi32(_mm512_add_epi32(_mm512_set1_epi32(c[0]), a2), hmin);
        d0 = _mm512_mask_sub_epi32(d0, _mm512_cmplt_epi32_mask(u, zero), zero, d0);
        int8_t *out = llr + (size_t)s * q;
        store_bit(scale_llr(d0, kh, kl), 0, q, out);
        for (int i = 1; i < p; i++) {
            __m512i m0 = _mm512_set1_epi32(INT32_MAX), m1 = m0;
            for (int j = 0; j < nlev; j++) {
                if ((lab[j] >> (i - 1)) & 1)
                    m1 = _mm512_min_epi32(m1, h[j]);
                else
                    m0 = _mm512_min_epi32(m0, h[j]);
            }
            store_bit(scale_llr(_mm512_sub_epi32(m1, m0), kh, kl), i, q, out);
        }
    }
    lte_demap_fx_scalar(p, c, lab, y + 2 * s, n_sym - s, k_len == 1 ? k : k + s,
                        k_len == 1 ? 1 : n_sym - s, llr + (size_t)s * q);
}
