/* AVX-512 half-iteration kernels of the fixed-point turbo decoder (the model
 * is in include/ltephy/turbo_fx.h, the kernel body in turbo_fx_impl.h). A
 * 64-byte row is one register: the interleaved a priori is one vpermw
 * (16-bit) or vpermb (8-bit, AVX512-VBMI when the CPU has it, else a
 * four-chunk pshufb lookup).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <immintrin.h>

#include "kernels/turbo_fx_impl.h"

static inline __m512i row_of(const fx_half *h, int i)
{
    return _mm512_load_si512((const char *)h->apri + (size_t)h->src[i] * FX_ROW);
}

static inline __m512i gather16(const fx_half *h, int i)
{
    __m512i idx = _mm512_load_si512((const char *)h->idx_lane + (size_t)i * FX_ROW);
    return _mm512_permutexvar_epi16(idx, row_of(h, i));
}

__attribute__((target("avx512vbmi"))) static inline __m512i gather8_vbmi(const fx_half *h, int i)
{
    __m512i idx = _mm512_load_si512((const char *)h->idx_lane + (size_t)i * FX_ROW);
    return _mm512_permutexvar_epi8(idx, row_of(h, i));
}

/* Without VBMI: every 16-byte chunk broadcast, looked up with pshufb, the
 * index biased so that bytes of other chunks read as zero. */
static inline __m512i gather8_bw(const fx_half *h, int i)
{
    const char *row = (const char *)h->apri + (size_t)h->src[i] * FX_ROW;
    const __m512i ib = _mm512_load_si512((const char *)h->idx_byte + (size_t)i * FX_ROW);
    const int nch = (h->wbytes + 15) / 16;
    __m512i r = _mm512_setzero_si512();
    for (int s = 0; s < nch; s++) {
        __m512i ch = _mm512_broadcast_i32x4(_mm_load_si128((const __m128i *)(row + 16 * s)));
        __m512i m = _mm512_adds_epu8(_mm512_sub_epi8(ib, _mm512_set1_epi8((char)(16 * s))),
                                     _mm512_set1_epi8(0x70));
        r = _mm512_or_si512(r, _mm512_shuffle_epi8(ch, m));
    }
    return r;
}

/* (x * m + 4) >> 3 = mulhrs(x, m << 12) for m <= 7 */
static inline __m512i scale16(__m512i x, int m)
{
    return _mm512_mulhrs_epi16(x, _mm512_set1_epi16((short)(m << 12)));
}

static inline __m512i scale8(__m512i x, int m)
{
    const __m512i M = _mm512_set1_epi16((short)(m << 12));
    __m512i ev = _mm512_mulhrs_epi16(_mm512_srai_epi16(_mm512_slli_epi16(x, 8), 8), M);
    __m512i od = _mm512_mulhrs_epi16(_mm512_srai_epi16(x, 8), M);
    return _mm512_or_si512(_mm512_and_si512(ev, _mm512_set1_epi16(0x00FF)),
                           _mm512_slli_epi16(od, 8));
}

#define FX_V __m512i
#define FX_VB 64
#define FX_LOAD(p) _mm512_load_si512((const void *)(p))
#define FX_STORE(p, v) _mm512_store_si512((void *)(p), (v))
#define FX_LOADU(p) _mm512_loadu_si512((const void *)(p))
#define FX_BLEND(m, x, y) _mm512_mask_blend_epi8(_mm512_movepi8_mask(m), (x), (y))

#define FX_NAME lte_turbo_fx_half16_avx512
#define FX_PERM_NAME lte_turbo_fx_perm16_avx512
#define FX_ESZ 2
#define FX_ATTR
#define FX_GATHER(h, i, off) gather16(h, i)
#define FX_SET1(x) _mm512_set1_epi16((short)(x))
#define FX_ADDS _mm512_adds_epi16
#define FX_SUBS _mm512_subs_epi16
#define FX_MAX _mm512_max_epi16
#define FX_MIN _mm512_min_epi16
#define FX_SCALE scale16
#define FX_HARD(h, i, col, v) ((h)->hard[i] = (uint64_t)_mm512_movepi16_mask(v))
#include "kernels/turbo_fx_impl.h"
#undef FX_NAME
#undef FX_PERM_NAME
#undef FX_ATTR
#undef FX_GATHER
#undef FX_SET1
#undef FX_ADDS
#undef FX_SUBS
#undef FX_MAX
#undef FX_MIN
#undef FX_SCALE
#undef FX_HARD
#undef FX_ESZ

#define FX_ESZ 1
#define FX_SET1(x) _mm512_set1_epi8((char)(x))
#define FX_ADDS _mm512_adds_epi8
#define FX_SUBS _mm512_subs_epi8
#define FX_MAX _mm512_max_epi8
#define FX_MIN _mm512_min_epi8
#define FX_SCALE scale8
#define FX_HARD(h, i, col, v) ((h)->hard[i] = (uint64_t)_mm512_movepi8_mask(v))

#define FX_NAME half8_vbmi
#define FX_PERM_NAME perm8_vbmi
#define FX_ATTR __attribute__((target("avx512vbmi"))) static
#define FX_GATHER(h, i, off) gather8_vbmi(h, i)
#include "kernels/turbo_fx_impl.h"
#undef FX_NAME
#undef FX_PERM_NAME
#undef FX_ATTR
#undef FX_GATHER

#define FX_NAME half8_bw
#define FX_PERM_NAME perm8_bw
#define FX_ATTR static
#define FX_GATHER(h, i, off) gather8_bw(h, i)
#include "kernels/turbo_fx_impl.h"

void lte_turbo_fx_half8_avx512(const fx_half *h)
{
    if (__builtin_cpu_supports("avx512vbmi"))
        half8_vbmi(h);
    else
        half8_bw(h);
}

void lte_turbo_fx_perm8_avx512(const fx_half *h)
{
    if (__builtin_cpu_supports("avx512vbmi"))
        perm8_vbmi(h);
    else
        perm8_bw(h);
}

/* Natural-order stream to rows: a dword gather per 16 lanes fetches 2
 * (16-bit) or 4 (8-bit) consecutive steps of each sub-block, which vpmov*
 * then split into rows. Reads at most 3 elements past position K-1 (the
 * arrays hold K + 4). */
void lte_turbo_fx_rows16_avx512(const void *src, int L, int P, int g, int ain, char *rows)
{
    const __m512i jv = _mm512_mullo_epi32(
        _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
        _mm512_set1_epi32(2 * L));
    const __m256i hi = _mm256_set1_epi16((short)ain), lo = _mm256_set1_epi16((short)-ain);
    for (int j0 = 0; j0 < P; j0 += 16) {
        const char *base = (const char *)src + (size_t)2 * j0 * L;
        char *dst = rows + (size_t)(g * P + j0) * 2;
        for (int i = 0; i < L; i += 2) {
            __m512i v = _mm512_i32gather_epi32(jv, base + 2 * i, 1);
            for (int r = 0; r < 2 && i + r < L; r++) {
                __m256i w = _mm512_cvtepi32_epi16(_mm512_srli_epi32(v, 16 * r));
                w = _mm256_min_epi16(_mm256_max_epi16(w, lo), hi);
                _mm256_storeu_si256((__m256i *)(void *)(dst + (size_t)(i + r) * FX_ROW), w);
            }
        }
    }
}

void lte_turbo_fx_rows8_avx512(const void *src, int L, int P, int g, int ain, char *rows)
{
    const __m512i jv = _mm512_mullo_epi32(
        _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
        _mm512_set1_epi32(L));
    const __m128i hi = _mm_set1_epi8((char)ain), lo = _mm_set1_epi8((char)-ain);
    for (int j0 = 0; j0 < P; j0 += 16) {
        const char *base = (const char *)src + (size_t)j0 * L;
        char *dst = rows + (size_t)(g * P + j0);
        for (int i = 0; i < L; i += 4) {
            __m512i v = _mm512_i32gather_epi32(jv, base + i, 1);
            for (int r = 0; r < 4 && i + r < L; r++) {
                __m128i b = _mm512_cvtepi32_epi8(_mm512_srli_epi32(v, 8 * r));
                b = _mm_min_epi8(_mm_max_epi8(b, lo), hi);
                _mm_storeu_si128((__m128i *)(void *)(dst + (size_t)(i + r) * FX_ROW), b);
            }
        }
    }
}
