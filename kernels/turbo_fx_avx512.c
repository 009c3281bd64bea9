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

/* 8 x 8 qword transpose: qword b of u[m] = qword m of t[b]. */
static inline void tr8x8_q(const __m512i t[8], __m512i u[8])
{
    __m512i a[8];
    for (int b = 0; b < 8; b += 2) {
        a[b] = _mm512_unpacklo_epi64(t[b], t[b + 1]);
        a[b + 1] = _mm512_unpackhi_epi64(t[b], t[b + 1]);
    }
    for (int o = 0; o < 2; o++) { /* even m from a[0, 2, 4, 6], odd from a[1, 3, 5, 7] */
        __m512i c0 = _mm512_shuffle_i64x2(a[o], a[o + 2], _MM_SHUFFLE(2, 0, 2, 0));
        __m512i c1 = _mm512_shuffle_i64x2(a[o], a[o + 2], _MM_SHUFFLE(3, 1, 3, 1));
        __m512i d0 = _mm512_shuffle_i64x2(a[o + 4], a[o + 6], _MM_SHUFFLE(2, 0, 2, 0));
        __m512i d1 = _mm512_shuffle_i64x2(a[o + 4], a[o + 6], _MM_SHUFFLE(3, 1, 3, 1));
        u[o] = _mm512_shuffle_i64x2(c0, d0, _MM_SHUFFLE(2, 0, 2, 0));
        u[2 + o] = _mm512_shuffle_i64x2(c1, d1, _MM_SHUFFLE(2, 0, 2, 0));
        u[4 + o] = _mm512_shuffle_i64x2(c0, d0, _MM_SHUFFLE(3, 1, 3, 1));
        u[6 + o] = _mm512_shuffle_i64x2(c1, d1, _MM_SHUFFLE(3, 1, 3, 1));
    }
}

/* unpack_hard of turbo_fx.c for P >= 8 (whole bytes of the sign words per
 * eight sub-blocks): per 64 rows and eight sub-blocks, a byte permutation
 * and a byte test turn each eight rows' words into eight bits -> bytes of
 * each sub-block (a qword each), and a qword transpose makes each sub-block's
 * 64 bytes one store (masked for the last rows). */
__attribute__((target("avx512vbmi"))) static void unpack_vbmi(const uint64_t *bits, int L, int P,
                                                              int g, uint8_t *c)
{
    /* byte 8a + t of the result: byte jb of word t (row i + t) ... */
    const __m512i spread = _mm512_set1_epi64(0x3830282018100800LL);
    /* ... tested against bit a (sub-block j0 + a) */
    const __m512i sel = _mm512_setr_epi64(0x0101010101010101LL, 0x0202020202020202LL,
                                          0x0404040404040404LL, 0x0808080808080808LL,
                                          0x1010101010101010LL, 0x2020202020202020LL,
                                          0x4040404040404040LL, (long long)0x8080808080808080ULL);
    const __m512i one = _mm512_set1_epi8(1);
    for (int i = 0; i < L; i += 64) {
        const int rem = L - i < 64 ? L - i : 64;
        const __mmask64 keep = rem == 64 ? ~0ULL : (1ULL << rem) - 1;
        __m512i v[8];
        for (int z = 0; z < 8; z++) { /* rows i + 8z .. i + 8z + 7 */
            const int nw = rem - 8 * z < 0 ? 0 : rem - 8 * z > 8 ? 8 : rem - 8 * z;
            v[z] = _mm512_maskz_loadu_epi64((__mmask8)((1u << nw) - 1), bits + i + 8 * z);
        }
        for (int j0 = 0; j0 < P; j0 += 8) {
            const __m512i idx = _mm512_add_epi8(spread, _mm512_set1_epi8((char)((g * P + j0) / 8)));
            __m512i t[8], u[8];
            for (int z = 0; z < 8; z++) /* qword a: sub-block j0 + a, rows i + 8z .. */
                t[z] = 8 * z >= rem ? _mm512_setzero_si512()
                                    : _mm512_maskz_mov_epi8(_mm512_test_epi8_mask(
                                                                _mm512_permutexvar_epi8(idx, v[z]), sel),
                                                            one);
            tr8x8_q(t, u); /* u[a]: sub-block j0 + a, rows i .. i + 63 */
            for (int a = 0; a < 8; a++)
                _mm512_mask_storeu_epi8(c + (size_t)(j0 + a) * L + i, keep, u[a]);
        }
    }
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

/* P = 64 with VBMI: per eight rows, the next eight steps of each eight
 * sub-blocks (a qword each, fetched by a gather, or for 64 rows at once by
 * eight 64-byte loads and a qword transpose), one byte permutation turns
 * them into eight rows of eight lanes, and an 8x8 qword transpose of the
 * eight results gives the eight whole rows. L >= 8. */
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
    int i1 = 0;
    for (; i1 + 64 <= L; i1 += 64) {
        __m512i t[8][8]; /* [row group q][sub-block group b] */
        for (int b = 0; b < 8; b++) {
            __m512i v[8], u[8];
            for (int a = 0; a < 8; a++) /* qword q: sub-block 8b + a, steps i1 + 8q .. */
                v[a] = _mm512_loadu_si512((const void *)(src + (size_t)(8 * b + a) * L + i1));
            tr8x8_q(v, u); /* u[q]: the gather of rows i1 + 8q .., sub-blocks 8b .. */
            for (int q = 0; q < 8; q++)
                t[q][b] = _mm512_permutexvar_epi8(tr, u[q]);
        }
        for (int q = 0; q < 8; q++) {
            __m512i u[8];
            tr8x8_q(t[q], u);
            for (int m = 0; m < 8; m++)
                _mm512_storeu_si512((void *)(rows + (size_t)(i1 + 8 * q + m) * FX_ROW),
                                    _mm512_min_epi8(_mm512_max_epi8(u[m], lo), hi));
        }
    }
    /* the last eight rows overlap the ones before when 8 does not divide L
     * (the rows written twice get the same values) */
    for (int i0 = i1; i0 < L; i0 += 8) {
        const int i = i0 + 8 <= L ? i0 : L - 8;
        __m512i t[8], u[8];
        for (int b = 0; b < 8; b++) { /* qword k: row i + k, lanes 8b .. 8b+7 */
            __m512i v = _mm512_i64gather_epi64(from, (const void *)(src + (size_t)8 * b * L + i), 1);
            t[b] = _mm512_permutexvar_epi8(tr, v);
        }
        tr8x8_q(t, u);
        for (int m = 0; m < 8; m++)
            _mm512_storeu_si512((void *)(rows + (size_t)(i + m) * FX_ROW),
                                _mm512_min_epi8(_mm512_max_epi8(u[m], lo), hi));
    }
}

/* P = 64, L >= 16: sixteen rows at a time. Vector g holds in 128-bit lane
 * l the sixteen steps i .. i+15 of sub-block 16 l + g (one 16-byte load
 * and three merged into lanes 1..3 by masked broadcasts); a 16 x 16 byte
 * transposition inside the lanes (unpacks of 8, 16, 32 and 64 bits, all
 * unrolled: the vectors stay in registers) leaves row i + s in vector s,
 * lane l holding sub-blocks 16 l .. 16 l + 15. The last sixteen rows overlap
 * the ones before when 16 does not divide L (written twice, same values).
 * Four unpacks a row instead of the seven shuffles of rows8_p64, no gather. */
static void rows8_p64_x16(const int8_t *src, int L, int ain, char *rows)
{
    const __m512i hi = _mm512_set1_epi8((char)ain), lo = _mm512_set1_epi8((char)-ain);
#pragma GCC unroll 1
    for (int i0 = 0; i0 < L; i0 += 16) {
        const int i = i0 + 16 <= L ? i0 : L - 16;
        __m512i x[16], y[16];
#pragma GCC unroll 16
        for (int g = 0; g < 16; g++) {
            const int8_t *p = src + (size_t)g * L + i;
            __m512i v = _mm512_castsi128_si512(_mm_loadu_si128((const __m128i *)(const void *)p));
#pragma GCC unroll 3
            for (int l = 1; l < 4; l++)
                v = _mm512_mask_broadcast_i32x4(
                    v, (__mmask16)(0xF << (4 * l)),
                    _mm_loadu_si128((const __m128i *)(const void *)(p + (size_t)16 * l * L)));
            x[g] = v;
        }
        /* 16-bit pairs y[2 m + h]: vectors 2m, 2m+1, steps 8h + 0..7 */
#pragma GCC unroll 8
        for (int m = 0; m < 8; m++) {
            y[2 * m] = _mm512_unpacklo_epi8(x[2 * m], x[2 * m + 1]);
            y[2 * m + 1] = _mm512_unpackhi_epi8(x[2 * m], x[2 * m + 1]);
        }
        /* x[4 a + 2 t + h]: vectors 4a..4a+3, steps 8t + 4h + 0..3 */
#pragma GCC unroll 4
        for (int a = 0; a < 4; a++)
#pragma GCC unroll 2
            for (int t = 0; t < 2; t++) {
                x[4 * a + 2 * t] = _mm512_unpacklo_epi16(y[4 * a + t], y[4 * a + 2 + t]);
                x[4 * a + 2 * t + 1] = _mm512_unpackhi_epi16(y[4 * a + t], y[4 * a + 2 + t]);
            }
        /* y[8 b + 2 u + h]: vectors 8b..8b+7, steps 4u + 2h + 0..1 */
#pragma GCC unroll 2
        for (int b = 0; b < 2; b++)
#pragma GCC unroll 4
            for (int u = 0; u < 4; u++) {
                y[8 * b + 2 * u] = _mm512_unpacklo_epi32(x[8 * b + u], x[8 * b + 4 + u]);
                y[8 * b + 2 * u + 1] = _mm512_unpackhi_epi32(x[8 * b + u], x[8 * b + 4 + u]);
            }
        /* x[s]: all sixteen vectors, step s */
#pragma GCC unroll 8
        for (int v = 0; v < 8; v++) {
            x[2 * v] = _mm512_unpacklo_epi64(y[v], y[8 + v]);
            x[2 * v + 1] = _mm512_unpackhi_epi64(y[v], y[8 + v]);
        }
#pragma GCC unroll 16
        for (int s = 0; s < 16; s++)
            _mm512_storeu_si512((void *)(rows + (size_t)(i + s) * FX_ROW),
                                _mm512_min_epi8(_mm512_max_epi8(x[s], lo), hi));
    }
}

void lte_turbo_fx_rows8_avx512(const void *src, int L, int P, int g, int ain, char *rows)
{
    if (P == 64 && L >= 16) {
        rows8_p64_x16(src, L, ain, rows);
        return;
    }
    if (P == 64 && L >= 8 && __builtin_cpu_supports("avx512vbmi")) {
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

/* Row-layout streams: one masked load and store per row (P esz <= 64 bytes). */
static inline void copy_rows(const void *src, int L, int P, int g, int ain, char *rows, int esz)
{
    const int n = P * esz;
    const __mmask64 m = n >= 64 ? ~0ULL : (1ULL << n) - 1;
    const __m512i hi8 = _mm512_set1_epi8((char)ain), lo8 = _mm512_set1_epi8((char)-ain);
    const __m512i hi16 = _mm512_set1_epi16((short)ain), lo16 = _mm512_set1_epi16((short)-ain);
    for (int i = 0; i < L; i++) {
        __m512i v = _mm512_maskz_loadu_epi8(m, (const char *)src + (size_t)i * n);
        v = esz == 1 ? _mm512_min_epi8(_mm512_max_epi8(v, lo8), hi8)
                     : _mm512_min_epi16(_mm512_max_epi16(v, lo16), hi16);
        _mm512_mask_storeu_epi8(rows + (size_t)i * FX_ROW + (size_t)g * n, m, v);
    }
}

void lte_turbo_fx_copy8_avx512(const void *src, int L, int P, int g, int ain, char *rows)
{
    copy_rows(src, L, P, g, ain, rows, 1);
}

void lte_turbo_fx_copy16_avx512(const void *src, int L, int P, int g, int ain, char *rows)
{
    copy_rows(src, L, P, g, ain, rows, 2);
}

int lte_turbo_fx_inrange_avx512(const void *x, int n, int esz, int ain)
{
    const size_t bytes = (size_t)n * esz;
    const char *p = x;
    __m512i mx = _mm512_setzero_si512(), mn = _mm512_setzero_si512();
    for (size_t o = 0; o < bytes; o += 64) {
        const __mmask64 m = bytes - o >= 64 ? ~0ULL : (1ULL << (bytes - o)) - 1;
        const __m512i v = _mm512_maskz_loadu_epi8(m, p + o);
        if (esz == 1)
            mx = _mm512_max_epi8(mx, v), mn = _mm512_min_epi8(mn, v);
        else
            mx = _mm512_max_epi16(mx, v), mn = _mm512_min_epi16(mn, v);
    }
    if (esz == 1)
        return !(_mm512_cmpgt_epi8_mask(mx, _mm512_set1_epi8((char)ain)) |
                 _mm512_cmplt_epi8_mask(mn, _mm512_set1_epi8((char)-ain)));
    return !(_mm512_cmpgt_epi16_mask(mx, _mm512_set1_epi16((short)ain)) |
             _mm512_cmplt_epi16_mask(mn, _mm512_set1_epi16((short)-ain)));
}

/* CRC syndrome words (turbo_fx_impl.h): three accumulators of eight words,
 * a ^= b & m in one ternary-logic operation (0x78). */
void lte_turbo_fx_syn_avx512(const uint64_t *bits, const uint64_t *mask, int L, uint64_t *s)
{
    __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0;
    for (int i = 0; i < L; i++) {
        const __m512i b = _mm512_set1_epi64((long long)bits[i]);
        const uint64_t *m = mask + (size_t)24 * i;
        a0 = _mm512_ternarylogic_epi64(a0, b, _mm512_load_si512(m), 0x78);
        a1 = _mm512_ternarylogic_epi64(a1, b, _mm512_load_si512(m + 8), 0x78);
        a2 = _mm512_ternarylogic_epi64(a2, b, _mm512_load_si512(m + 16), 0x78);
    }
    _mm512_storeu_si512(s, a0);
    _mm512_storeu_si512(s + 8, a1);
    _mm512_storeu_si512(s + 16, a2);
}
