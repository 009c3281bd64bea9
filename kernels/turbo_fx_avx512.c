/* AVX-512 half-iteration kernels of the fixed-point turbo decoder (the model
 * is in include/ltephy/turbo_fx.h, the kernel body in turbo_fx_impl.h). A
 * 64-byte row is one register: the interleaved a priori is one vpermw
 * (16-bit) or vpermb (8-bit, AVX512-VBMI when the CPU has it, else a
 * four-chunk pshufb lookup).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <immintrin.h>

#include <string.h>

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

/* The default m = 6 in three operations instead of seven: (6 Le + 4) >> 3 =
 * Le - ((Le + 1) >> 2) for every Le (floor division), the byte shift being
 * one GF(2) affine transform. The saturating Le + 1 is off by one only at
 * Le = 127, where both sides exceed A_e and clip alike. */
__attribute__((target("gfni"))) static inline __m512i scale8_gfni(__m512i x, int m)
{
    if (m != 6)
        return scale8(x, m);
    /* rows of the bit matrix: result bit i = bit min(i + 2, 7) */
    const __m512i sar2 = _mm512_set1_epi64(0x0408102040808080LL);
    __m512i q = _mm512_gf2p8affine_epi64_epi8(_mm512_adds_epi8(x, _mm512_set1_epi8(1)), sar2, 0);
    return _mm512_subs_epi8(x, q);
}

/* On recent Intel cores vpmaxs* and the saturating adds of 512-bit vectors
 * issue on one port only, which the trellis saturates; a compare into a mask
 * and a masked blend take the others, at three more cycles of latency. Used
 * for the maxes off the recursions' critical path (the extrinsic) and for
 * the forward butterflies, where it measured faster (turbo_fx_impl.h);
 * in the backward butterflies of the main loop it measured slower. */
static inline __m512i max8_p5(__m512i a, __m512i b)
{
    return _mm512_mask_blend_epi8(_mm512_cmpgt_epi8_mask(b, a), a, b);
}

static inline __m512i max16_p5(__m512i a, __m512i b)
{
    return _mm512_mask_blend_epi16(_mm512_cmpgt_epi16_mask(b, a), a, b);
}

#define FX_V __m512i
#define FX_VB 64
#define FX_LOAD(p) _mm512_load_si512((const void *)(p))
#define FX_STORE(p, v) _mm512_store_si512((void *)(p), (v))
#define FX_LOADU(p) _mm512_loadu_si512((const void *)(p))
#define FX_BLEND(m, x, y) _mm512_mask_blend_epi8(_mm512_movepi8_mask(m), (x), (y))

#define FX_NAME lte_turbo_fx_half16_avx512
#define FX_PERM_NAME lte_turbo_fx_perm16_avx512
#define FX_SIGNS_NAME lte_turbo_fx_signs16_avx512
#define FX_SIGNBITS(v) _mm512_movepi16_mask(v)
#define FX_ESZ 2
#define FX_ATTR
#define FX_GATHER(h, i, off) gather16(h, i)
#define FX_SET1(x) _mm512_set1_epi16((short)(x))
#define FX_ADDS _mm512_adds_epi16
#define FX_ADD _mm512_add_epi16
#define FX_SUBS _mm512_subs_epi16
#define FX_MAX _mm512_max_epi16
#define FX_MAXF max16_p5
#define FX_MAXB FX_MAX
#define FX_MAXE max16_p5
#define FX_MIN _mm512_min_epi16
#define FX_SCALE scale16
#include "kernels/turbo_fx_impl.h"
#undef FX_NAME
#undef FX_PERM_NAME
#undef FX_SIGNS_NAME
#undef FX_SIGNBITS
#undef FX_ATTR
#undef FX_GATHER
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

#define FX_ESZ 1
#define FX_SET1(x) _mm512_set1_epi8((char)(x))
#define FX_ADDS _mm512_adds_epi8
#define FX_ADD _mm512_add_epi8
#define FX_SUBS _mm512_subs_epi8
#define FX_MAX _mm512_max_epi8
#define FX_MAXF max8_p5
#define FX_MAXB FX_MAX
#define FX_MAXE max8_p5
#define FX_MIN _mm512_min_epi8
#define FX_SCALE scale8
#define FX_SIGNBITS(v) _mm512_movepi8_mask(v)

#define FX_NAME half8_vbmi
#define FX_PERM_NAME perm8_vbmi
#define FX_SIGNS_NAME signs8_vbmi
#define FX_ATTR __attribute__((target("avx512vbmi,gfni"))) static
#define FX_GATHER(h, i, off) gather8_vbmi(h, i)
#undef FX_SCALE
#define FX_SCALE scale8_gfni
#include "kernels/turbo_fx_impl.h"
#undef FX_NAME
#undef FX_PERM_NAME
#undef FX_SIGNS_NAME
#undef FX_ATTR
#undef FX_GATHER
#undef FX_SCALE
#define FX_SCALE scale8

#define FX_NAME half8_bw
#define FX_PERM_NAME perm8_bw
#define FX_SIGNS_NAME signs8_bw
#define FX_ATTR static
#define FX_GATHER(h, i, off) gather8_bw(h, i)
#include "kernels/turbo_fx_impl.h"

/* GFNI came with VBMI except on Cannon Lake, which takes the BW path */
static int has_vbmi_gfni(void)
{
    return __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("gfni");
}

void lte_turbo_fx_half8_avx512(const fx_half *h)
{
    if (has_vbmi_gfni())
        half8_vbmi(h);
    else
        half8_bw(h);
}

void lte_turbo_fx_perm8_avx512(const fx_half *h)
{
    if (has_vbmi_gfni())
        perm8_vbmi(h);
    else
        perm8_bw(h);
}

void lte_turbo_fx_signs8_avx512(const fx_half *h)
{
    if (has_vbmi_gfni())
        signs8_vbmi(h);
    else
        signs8_bw(h);
}

/* unpack_hard of turbo_fx.c for P >= 8 (whole bytes of the sign words per
 * eight sub-blocks): per eight rows and eight sub-blocks, one byte
 * permutation lines up each sub-block's eight bits, a byte test turns them
 * into bytes, and each sub-block's eight bytes are stored at once. */
__attribute__((target("avx512vbmi"))) static void unpack_vbmi(const uint64_t *bits, int L, int P,
                                                              int g, uint8_t *c)
{
    /* byte 8a + t of the result: byte jb of word t (row i + t) ... */
    const __m512i spread = _mm512_setr_epi64(0x3830282018100800LL, 0x3830282018100800LL,
                                             0x3830282018100800LL, 0x3830282018100800LL,
                                             0x3830282018100800LL, 0x3830282018100800LL,
                                             0x3830282018100800LL, 0x3830282018100800LL);
    /* ... tested against bit a (sub-block j0 + a) */
    const __m512i sel = _mm512_setr_epi64(0x0101010101010101LL, 0x0202020202020202LL,
                                          0x0404040404040404LL, 0x0808080808080808LL,
                                          0x1010101010101010LL, 0x2020202020202020LL,
                                          0x4040404040404040LL, (long long)0x8080808080808080ULL);
    const __m512i one = _mm512_set1_epi8(1);
    /* where the eight bytes of sub-blocks j0 + a go, a = 0..7 */
    const __m512i at = _mm512_mullo_epi64(_mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7),
                                          _mm512_set1_epi64(L));
    int i = 0;
    for (; i + 8 <= L; i += 8) {
        const __m512i v = _mm512_loadu_si512((const void *)(bits + i));
        for (int j0 = 0; j0 < P; j0 += 8) {
            const __m512i idx = _mm512_add_epi8(spread, _mm512_set1_epi8((char)((g * P + j0) / 8)));
            const __m512i t = _mm512_permutexvar_epi8(idx, v);
            const __m512i b = _mm512_maskz_mov_epi8(_mm512_test_epi8_mask(t, sel), one);
            _mm512_i64scatter_epi64((void *)c, _mm512_add_epi64(at, _mm512_set1_epi64((long long)j0 * L + i)), b, 1);
        }
    }
    for (; i < L; i++)
        for (int j = 0; j < P; j++)
            c[(size_t)j * L + i] = (uint8_t)(bits[i] >> (g * P + j) & 1);
}

void lte_turbo_fx_unpack_avx512(const uint64_t *bits, int L, int P, int g, uint8_t *c)
{
    if (P % 8 == 0 && __builtin_cpu_supports("avx512vbmi"))
        unpack_vbmi(bits, L, P, g, c);
    else
        lte_turbo_fx_unpack(bits, L, P, g, c);
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

/* P = 64 with VBMI: per eight rows, a qword gather per eight sub-blocks
 * fetches their next eight steps, one byte permutation turns that into eight
 * rows of eight lanes, and an 8x8 qword transpose of the eight results gives
 * the eight whole rows. */
__attribute__((target("avx512vbmi"))) static void rows8_p64(const int8_t *src, int L, int ain,
                                                            char *rows)
{
    const __m512i from = _mm512_mullo_epi64(_mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7),
                                            _mm512_set1_epi64(L));
    /* byte 8t + a of the result = byte 8a + t of the gathered words */
    const __m512i tr = _mm512_setr_epi64(0x3830282018100800LL, 0x3931292119110901LL,
                                         0x3A322A221A120A02LL, 0x3B332B231B130B03LL,
                                         0x3C342C241C140C04LL, 0x3D352D251D150D05LL,
                                         0x3E362E261E160E06LL, 0x3F372F271F170F07LL);
    const __m512i hi = _mm512_set1_epi8((char)ain), lo = _mm512_set1_epi8((char)-ain);
    int i = 0;
    for (; i + 8 <= L; i += 8) {
        __m512i t[8], a[8];
        for (int b = 0; b < 8; b++) { /* qword k: row i + k, lanes 8b .. 8b+7 */
            __m512i v = _mm512_i64gather_epi64(from, (const void *)(src + (size_t)8 * b * L + i), 1);
            t[b] = _mm512_permutexvar_epi8(tr, v);
        }
        for (int b = 0; b < 8; b += 2) {
            a[b] = _mm512_unpacklo_epi64(t[b], t[b + 1]);
            a[b + 1] = _mm512_unpackhi_epi64(t[b], t[b + 1]);
        }
        for (int o = 0; o < 2; o++) { /* even rows from a[0, 2, 4, 6], odd from a[1, 3, 5, 7] */
            __m512i c0 = _mm512_shuffle_i64x2(a[o], a[o + 2], _MM_SHUFFLE(2, 0, 2, 0));
            __m512i c1 = _mm512_shuffle_i64x2(a[o], a[o + 2], _MM_SHUFFLE(3, 1, 3, 1));
            __m512i d0 = _mm512_shuffle_i64x2(a[o + 4], a[o + 6], _MM_SHUFFLE(2, 0, 2, 0));
            __m512i d1 = _mm512_shuffle_i64x2(a[o + 4], a[o + 6], _MM_SHUFFLE(3, 1, 3, 1));
            __m512i r[4] = {_mm512_shuffle_i64x2(c0, d0, _MM_SHUFFLE(2, 0, 2, 0)),
                            _mm512_shuffle_i64x2(c1, d1, _MM_SHUFFLE(2, 0, 2, 0)),
                            _mm512_shuffle_i64x2(c0, d0, _MM_SHUFFLE(3, 1, 3, 1)),
                            _mm512_shuffle_i64x2(c1, d1, _MM_SHUFFLE(3, 1, 3, 1))};
            for (int k = 0; k < 4; k++)
                _mm512_store_si512((void *)(rows + (size_t)(i + 2 * k + o) * FX_ROW),
                                   _mm512_min_epi8(_mm512_max_epi8(r[k], lo), hi));
        }
    }
    for (; i < L; i++)
        for (int j = 0; j < 64; j++) {
            int x = src[(size_t)j * L + i];
            rows[(size_t)i * FX_ROW + j] = (char)(x < -ain ? -ain : x > ain ? ain : x);
        }
}

void lte_turbo_fx_rows8_avx512(const void *src, int L, int P, int g, int ain, char *rows)
{
    if (P == 64 && __builtin_cpu_supports("avx512vbmi")) {
        rows8_p64(src, L, ain, rows);
        return;
    }
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
