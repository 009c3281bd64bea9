/* AVX2 half-iteration kernels of the fixed-point turbo decoder (the model is
 * in include/ltephy/turbo_fx.h, the kernel body in turbo_fx_impl.h).
 * A 64-byte row is handled as one or two 32-byte columns.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <immintrin.h>

#include "kernels/turbo_fx_impl.h"

/* The a priori of step i for the column at byte offset off: byte d comes from
 * byte idx[d] (0..63) of the source row. AVX2 has no cross-lane byte permute,
 * so each 16-byte chunk of the row is broadcast and looked up with pshufb;
 * the index is biased so that bytes from other chunks read as zero (bit 7). */
static inline __m256i gather_avx2(const fx_half *h, int i, int off)
{
    const char *row = (const char *)h->apri + (size_t)h->src[i] * FX_ROW;
    const __m256i ib = _mm256_load_si256((const __m256i *)(h->idx_byte + (size_t)i * FX_ROW + off));
    const int nch = (h->wbytes + 15) / 16;
    __m256i r = _mm256_setzero_si256();
    for (int s = 0; s < nch; s++) {
        __m256i ch = _mm256_broadcastsi128_si256(_mm_load_si128((const __m128i *)(row + 16 * s)));
        __m256i m = _mm256_adds_epu8(_mm256_sub_epi8(ib, _mm256_set1_epi8((char)(16 * s))),
                                     _mm256_set1_epi8(0x70));
        r = _mm256_or_si256(r, _mm256_shuffle_epi8(ch, m));
    }
    return r;
}

/* (x * m + 4) >> 3 on 16-bit lanes = mulhrs(x, m << 12) for m <= 7. */
static inline __m256i scale16(__m256i x, int m)
{
    return _mm256_mulhrs_epi16(x, _mm256_set1_epi16((short)(m << 12)));
}

/* The same on 8-bit lanes: even and odd bytes sign-extended to 16 bits. */
static inline __m256i scale8(__m256i x, int m)
{
    const __m256i M = _mm256_set1_epi16((short)(m << 12));
    __m256i ev = _mm256_mulhrs_epi16(_mm256_srai_epi16(_mm256_slli_epi16(x, 8), 8), M);
    __m256i od = _mm256_mulhrs_epi16(_mm256_srai_epi16(x, 8), M);
    return _mm256_or_si256(_mm256_and_si256(ev, _mm256_set1_epi16(0x00FF)),
                           _mm256_slli_epi16(od, 8));
}

#define FX_V __m256i
#define FX_VB 32
#define FX_LOAD(p) _mm256_load_si256((const __m256i *)(const void *)(p))
#define FX_STORE(p, v) _mm256_store_si256((__m256i *)(void *)(p), (v))
#define FX_LOADU(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define FX_BLEND(m, x, y) _mm256_blendv_epi8((x), (y), (m))
#define FX_GATHER(h, i, off) gather_avx2(h, i, off)
#define FX_ATTR

#define FX_NAME lte_turbo_fx_half16_avx2
#define FX_PERM_NAME lte_turbo_fx_perm16_avx2
#define FX_SIGNS_NAME lte_turbo_fx_signs16_avx2
#define FX_SIGNBITS(v) _pext_u32((uint32_t)_mm256_movemask_epi8(v), 0xAAAAAAAAu)
#define FX_ESZ 2
#define FX_SET1(x) _mm256_set1_epi16((short)(x))
#define FX_ADDS _mm256_adds_epi16
#define FX_ADD _mm256_add_epi16
#define FX_SUBS _mm256_subs_epi16
#define FX_MAX _mm256_max_epi16
#define FX_MAXF FX_MAX
#define FX_MAXB FX_MAX
#define FX_MAXE FX_MAX
#define FX_MIN _mm256_min_epi16
#define FX_SCALE scale16
#include "kernels/turbo_fx_impl.h"
#undef FX_NAME
#undef FX_PERM_NAME
#undef FX_SIGNS_NAME
#undef FX_SIGNBITS
#undef FX_SET1
#undef FX_ADDS
#undef FX_ADD
#undef FX_MAXB
#undef FX_MAXF
#undef FX_MAXE
#undef FX_SUBS
#undef FX_MAX
#undef FX_MIN
#undef FX_SCALE
#undef FX_ESZ

#define FX_NAME lte_turbo_fx_half8_avx2
#define FX_PERM_NAME lte_turbo_fx_perm8_avx2
#define FX_SIGNS_NAME lte_turbo_fx_signs8_avx2
#define FX_SIGNBITS(v) (uint32_t)_mm256_movemask_epi8(v)
#define FX_ESZ 1
#define FX_SET1(x) _mm256_set1_epi8((char)(x))
#define FX_ADDS _mm256_adds_epi8
#define FX_ADD _mm256_add_epi8
#define FX_SUBS _mm256_subs_epi8
#define FX_MAX _mm256_max_epi8
#define FX_MAXF FX_MAX
#define FX_MAXB FX_MAX
#define FX_MAXE FX_MAX
#define FX_MIN _mm256_min_epi8
#define FX_SCALE scale8
#include "kernels/turbo_fx_impl.h"

/* unpack of turbo_fx.c for P % 8 == 0: per eight rows and eight sub-blocks,
 * byte t of a word is byte (g*P + j0) / 8 of bits[i + t] (a shuffle per
 * four rows); that word in every qword, tested against bit a in qword a,
 * gives sub-block j0 + a's eight bytes. */
static void unpack8x8(const uint64_t *bits, int L, int P, int g, uint8_t *c)
{
    /* qword q of the loads to byte q (rows 0..3 of the first load in bytes
     * 0, 1 | 2, 3 of the two lanes, 4..7 likewise from the second) */
    const __m256i pick0 = _mm256_setr_epi8(0, 8, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                           -1, -1, -1, 0, 8, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                           -1, -1);
    const __m256i pick1 = _mm256_setr_epi8(-1, -1, -1, -1, 0, 8, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                           -1, -1, -1, -1, -1, -1, -1, 0, 8, -1, -1, -1, -1, -1, -1,
                                           -1, -1);
    const __m256i sel0 = _mm256_setr_epi64x(0x0101010101010101LL, 0x0202020202020202LL,
                                            0x0404040404040404LL, 0x0808080808080808LL);
    const __m256i sel1 = _mm256_slli_epi64(sel0, 4), one = _mm256_set1_epi8(1);
    int i = 0;
    for (; i + 8 <= L; i += 8)
        for (int j0 = 0; j0 < P; j0 += 8) {
            const __m128i sh = _mm_cvtsi32_si128(g * P + j0);
            __m256i v0 = _mm256_srl_epi64(_mm256_loadu_si256((const __m256i *)(bits + i)), sh);
            __m256i v1 = _mm256_srl_epi64(_mm256_loadu_si256((const __m256i *)(bits + i + 4)), sh);
            __m256i x = _mm256_or_si256(_mm256_shuffle_epi8(v0, pick0), _mm256_shuffle_epi8(v1, pick1));
            __m128i x2 = _mm_or_si128(_mm256_castsi256_si128(x), _mm256_extracti128_si256(x, 1));
            __m256i w = _mm256_broadcastq_epi64(x2);
            __m256i b0 = _mm256_min_epu8(_mm256_and_si256(w, sel0), one);
            __m256i b1 = _mm256_min_epu8(_mm256_and_si256(w, sel1), one);
            uint8_t *d = c + (size_t)j0 * L + i; /* any alignment: movq / movhps */
            __m128i lo0 = _mm256_castsi256_si128(b0), hi0 = _mm256_extracti128_si256(b0, 1);
            __m128i lo1 = _mm256_castsi256_si128(b1), hi1 = _mm256_extracti128_si256(b1, 1);
            _mm_storel_epi64((__m128i *)(void *)d, lo0);
            _mm_storeh_pi((__m64 *)(void *)(d + L), _mm_castsi128_ps(lo0));
            _mm_storel_epi64((__m128i *)(void *)(d + 2 * (size_t)L), hi0);
            _mm_storeh_pi((__m64 *)(void *)(d + 3 * (size_t)L), _mm_castsi128_ps(hi0));
            _mm_storel_epi64((__m128i *)(void *)(d + 4 * (size_t)L), lo1);
            _mm_storeh_pi((__m64 *)(void *)(d + 5 * (size_t)L), _mm_castsi128_ps(lo1));
            _mm_storel_epi64((__m128i *)(void *)(d + 6 * (size_t)L), hi1);
            _mm_storeh_pi((__m64 *)(void *)(d + 7 * (size_t)L), _mm_castsi128_ps(hi1));
        }
    for (; i < L; i++)
        for (int j = 0; j < P; j++)
            c[(size_t)j * L + i] = (uint8_t)(bits[i] >> (g * P + j) & 1);
}

void lte_turbo_fx_unpack_avx2(const uint64_t *bits, int L, int P, int g, uint8_t *c)
{
    if (P % 8 == 0)
        unpack8x8(bits, L, P, g, c);
    else
        lte_turbo_fx_unpack(bits, L, P, g, c);
}

/* Natural-order stream to rows (see turbo_fx_impl.h): a dword gather per 8
 * lanes fetches 4 (8-bit) or 2 (16-bit) consecutive steps of each
 * sub-block; a byte shuffle and a 4x4 dword transpose split them into rows.
 * Needs P % 32 == 0 (8-bit) / P % 16 == 0 (16-bit). */
void lte_turbo_fx_rows8_avx2(const void *src, int L, int P, int g, int ain, char *rows)
{
    const __m256i jv = _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
                                          _mm256_set1_epi32(L));
    /* per 128-bit lane: 4 dwords (lanes) x 4 bytes (rows) -> 4 rows x 4 lanes */
    const __m256i tr = _mm256_setr_epi8(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15, 0, 4,
                                        8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
    const __m256i ord = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    const __m256i hi = _mm256_set1_epi8((char)ain), lo = _mm256_set1_epi8((char)-ain);
    for (int j0 = 0; j0 < P; j0 += 32) {
        const char *base = (const char *)src + (size_t)j0 * L;
        char *dst = rows + (size_t)(g * P + j0);
        for (int i = 0; i < L; i += 4) {
            __m256i G[4];
            for (int k = 0; k < 4; k++)
                G[k] = _mm256_shuffle_epi8(
                    _mm256_i32gather_epi32((const int *)(const void *)(base + (size_t)8 * k * L + i),
                                           jv, 1),
                    tr);
            __m256i t0 = _mm256_unpacklo_epi32(G[0], G[1]), t1 = _mm256_unpacklo_epi32(G[2], G[3]);
            __m256i t2 = _mm256_unpackhi_epi32(G[0], G[1]), t3 = _mm256_unpackhi_epi32(G[2], G[3]);
            __m256i R[4] = {_mm256_unpacklo_epi64(t0, t1), _mm256_unpackhi_epi64(t0, t1),
                            _mm256_unpacklo_epi64(t2, t3), _mm256_unpackhi_epi64(t2, t3)};
            for (int r = 0; r < 4 && i + r < L; r++) {
                __m256i v = _mm256_permutevar8x32_epi32(R[r], ord);
                v = _mm256_min_epi8(_mm256_max_epi8(v, lo), hi);
                _mm256_storeu_si256((__m256i *)(void *)(dst + (size_t)(i + r) * FX_ROW), v);
            }
        }
    }
}

void lte_turbo_fx_rows16_avx2(const void *src, int L, int P, int g, int ain, char *rows)
{
    const __m256i jv = _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
                                          _mm256_set1_epi32(2 * L));
    /* per 128-bit lane: 4 dwords (lanes) x 2 words (rows) -> 2 rows x 4 lanes */
    const __m256i tr = _mm256_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15, 0, 1,
                                        4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15);
    const __m256i hi = _mm256_set1_epi16((short)ain), lo = _mm256_set1_epi16((short)-ain);
    for (int j0 = 0; j0 < P; j0 += 16) {
        const char *base = (const char *)src + (size_t)2 * j0 * L;
        char *dst = rows + (size_t)(g * P + j0) * 2;
        for (int i = 0; i < L; i += 2) {
            __m256i G0 = _mm256_shuffle_epi8(
                _mm256_i32gather_epi32((const int *)(const void *)(base + 2 * i), jv, 1), tr);
            __m256i G1 = _mm256_shuffle_epi8(
                _mm256_i32gather_epi32((const int *)(const void *)(base + (size_t)16 * L + 2 * i),
                                       jv, 1),
                tr);
            __m256i R[2] = {_mm256_unpacklo_epi64(G0, G1), _mm256_unpackhi_epi64(G0, G1)};
            for (int r = 0; r < 2 && i + r < L; r++) {
                __m256i v = _mm256_permute4x64_epi64(R[r], 0xD8);
                v = _mm256_min_epi16(_mm256_max_epi16(v, lo), hi);
                _mm256_storeu_si256((__m256i *)(void *)(dst + (size_t)(i + r) * FX_ROW), v);
            }
        }
    }
}

/* Row-layout streams: whole 32-byte chunks of each row, the rest (P below
 * 32 bytes) element by element. */
#define FX_COPY_AVX2(NAME, T, SET1, MIN, MAX)                                               \
    void NAME(const void *src, int L, int P, int g, int ain, char *rows)                    \
    {                                                                                       \
        const int per = 32 / (int)sizeof(T), nv = P / per * per;                            \
        const __m256i hi = SET1(ain), lo = SET1(-ain);                                      \
        for (int i = 0; i < L; i++) {                                                       \
            const T *s = (const T *)src + (size_t)i * P;                                    \
            T *d = (T *)(void *)(rows + (size_t)i * FX_ROW) + (size_t)g * P;                \
            for (int j = 0; j < nv; j += per) {                                             \
                __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(s + j));     \
                _mm256_storeu_si256((__m256i *)(void *)(d + j), MIN(MAX(v, lo), hi));       \
            }                                                                               \
            for (int j = nv; j < P; j++)                                                    \
                d[j] = (T)(s[j] < -ain ? -ain : s[j] > ain ? ain : s[j]);                   \
        }                                                                                   \
    }
FX_COPY_AVX2(lte_turbo_fx_copy8_avx2, int8_t, _mm256_set1_epi8, _mm256_min_epi8, _mm256_max_epi8)
FX_COPY_AVX2(lte_turbo_fx_copy16_avx2, int16_t, _mm256_set1_epi16, _mm256_min_epi16,
             _mm256_max_epi16)

int lte_turbo_fx_inrange_avx2(const void *x, int n, int esz, int ain)
{
    const int per = 32 / esz, nv = n / per * per;
    __m256i mx = _mm256_setzero_si256(), mn = _mm256_setzero_si256();
    for (int i = 0; i < nv; i += per) {
        const __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)((const char *)x + (size_t)i * esz));
        if (esz == 1)
            mx = _mm256_max_epi8(mx, v), mn = _mm256_min_epi8(mn, v);
        else
            mx = _mm256_max_epi16(mx, v), mn = _mm256_min_epi16(mn, v);
    }
    int bad = esz == 1 ? _mm256_movemask_epi8(_mm256_or_si256(
                             _mm256_cmpgt_epi8(mx, _mm256_set1_epi8((char)ain)),
                             _mm256_cmpgt_epi8(_mm256_set1_epi8((char)-ain), mn)))
                       : _mm256_movemask_epi8(_mm256_or_si256(
                             _mm256_cmpgt_epi16(mx, _mm256_set1_epi16((short)ain)),
                             _mm256_cmpgt_epi16(_mm256_set1_epi16((short)-ain), mn)));
    for (int i = nv; i < n; i++) {
        int v = esz == 1 ? ((const int8_t *)x)[i] : ((const int16_t *)x)[i];
        bad |= v < -ain || v > ain;
    }
    return !bad;
}

/* CRC syndrome words (turbo_fx_impl.h): six accumulators of four words. */
void lte_turbo_fx_syn_avx2(const uint64_t *bits, const uint64_t *mask, int L, uint64_t *s)
{
    __m256i a[6];
    for (int q = 0; q < 6; q++)
        a[q] = _mm256_setzero_si256();
    for (int i = 0; i < L; i++) {
        const __m256i b = _mm256_set1_epi64x((long long)bits[i]);
        const uint64_t *m = mask + (size_t)24 * i;
        for (int q = 0; q < 6; q++) {
            const __m256i mq = _mm256_load_si256((const __m256i *)(const void *)(m + 4 * q));
            a[q] = _mm256_xor_si256(a[q], _mm256_and_si256(b, mq));
        }
    }
    for (int q = 0; q < 6; q++)
        _mm256_storeu_si256((__m256i *)(void *)(s + 4 * q), a[q]);
}
