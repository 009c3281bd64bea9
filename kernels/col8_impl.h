/* AVX-512 column-stored 32-column byte matrix read back by rows (col8.h),
 * included by kernels/col8_avx512.c (COL8_VBMI 0, AVX-512BW) and
 * kernels/col8_vbmi_avx512.c (COL8_VBMI 1): 64 rows at a time, each
 * column's 64 rows one masked byte load (stride 2: two loads, then the even
 * bytes), a 32 x 64 byte transposition (unpacks of 8, 16, 32 and 64 bits
 * inside the 128-bit lanes, then a 4 x 4 exchange of lanes), full or masked
 * 64-byte stores of row pairs. Masked loads do not touch (or fault on) the
 * rows outside a column's window.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_KERNELS_COL8_IMPL_H
#define LTEPHY_KERNELS_COL8_IMPL_H

#include <immintrin.h>

#include "kernels/col8.h"

#ifndef COL8_VBMI
#error "define COL8_VBMI to 0 or 1"
#endif

/* Bits a..b-1 of a 64-bit mask (empty when b <= a; 0 <= a, b <= 64). */
static inline __mmask64 row_mask64(int a, int b)
{
    if (b <= a)
        return 0;
    uint64_t hi = b >= 64 ? ~0ull : (1ull << b) - 1u;
    return (__mmask64)(hi & ~((1ull << a) - 1u));
}

/* Store lanes of the 64 bytes from flat index t: those below n. */
static inline __mmask64 below64(long t, long n)
{
    long left = n - t;
    return left >= 64 ? (__mmask64)~0ull : left <= 0 ? 0 : (__mmask64)((1ull << left) - 1u);
}

/* Rows i0 + 0..63 of column k as one vector, rows outside m as 0. With
 * VBMI stride 2's even bytes come from one two-source byte permutation
 * instead of two narrowing moves and an insert. */
static inline __attribute__((always_inline)) __m512i load_col(const lte_col8_src *s, int k,
                                                              int i0, __mmask64 m,
                                                              __m512i even_idx)
{
    const int8_t *p = s->src + s->base[k] + (long)s->stride * i0;
    if (s->stride == 1)
        return _mm512_maskz_loadu_epi8(m, p);
    /* rows 0..31 at bytes 0, 2, .., 62 of p; rows 32..63 of p + 64 */
    const uint64_t even = 0x5555555555555555ull;
    __m512i x = _mm512_maskz_loadu_epi8(_pdep_u64((uint32_t)m, even), p);
    __m512i y = _mm512_maskz_loadu_epi8(_pdep_u64(m >> 32, even), p + 64);
#if COL8_VBMI
    return _mm512_permutex2var_epi8(x, even_idx, y);
#else
    (void)even_idx;
    return _mm512_inserti64x4(_mm512_castsi256_si512(_mm512_cvtepi16_epi8(x)),
                              _mm512_cvtepi16_epi8(y), 1);
#endif
}

static void gather(const lte_col8_src *s, int n_rows, int8_t *dst, int n_dst)
{
    const long n_out = (long)n_dst < 32L * n_rows ? (long)n_dst : 32L * n_rows;
    const __m512i zero = _mm512_setzero_si512();
    __m512i even_idx = zero;
    if (COL8_VBMI) {
        int8_t ix[64];
        for (int i = 0; i < 64; i++)
            ix[i] = (int8_t)(2 * i);
        even_idx = _mm512_loadu_si512(ix);
    }
    for (int i0 = 0; i0 < n_rows; i0 += 64) {
        const int nr = n_rows - i0 < 64 ? n_rows - i0 : 64;
        /* Byte i of a column vector is row i0 + i; 128-bit lane L holds rows
         * 16 L + 0..15. Each unpack stage pairs columns and halves the rows
         * of a lane. Two passes over an L1 buffer keep every stage in
         * registers: quads of columns through the 8- and 16-bit stages,
         * then groups of four rows (per lane) through the rest. */
        __m512i mid[32]; /* mid[8 g + n]: column quad n, rows 4 g + 0..3 of each lane */
#pragma GCC unroll 1
        for (int n = 0; n < 8; n++) {
            __m512i c[4], a[4];
            __mmask64 m[4];
#pragma GCC unroll 4
            for (int j = 0; j < 4; j++) {
                const int k = 4 * n + j, lo = s->lo[k] - i0, hi = s->hi[k] - i0;
                m[j] = row_mask64(lo < 0 ? 0 : lo, hi > nr ? nr : hi);
            }
            if (!(m[0] | m[1] | m[2] | m[3])) { /* four empty columns (high code rates) */
                mid[n] = mid[8 + n] = mid[16 + n] = mid[24 + n] = zero;
                continue;
            }
#pragma GCC unroll 4
            for (int j = 0; j < 4; j++)
                c[j] = m[j] ? load_col(s, 4 * n + j, i0, m[j], even_idx) : zero;
            /* 16-bit pairs: a[2 q + h]: columns 4n + 2q, +1; rows 8 h + 0..7 */
            a[0] = _mm512_unpacklo_epi8(c[0], c[1]);
            a[1] = _mm512_unpackhi_epi8(c[0], c[1]);
            a[2] = _mm512_unpacklo_epi8(c[2], c[3]);
            a[3] = _mm512_unpackhi_epi8(c[2], c[3]);
            /* 32-bit quads: rows 8 h + 4 x + 0..3, g = 2 h + x */
            mid[8 * 0 + n] = _mm512_unpacklo_epi16(a[0], a[2]);
            mid[8 * 1 + n] = _mm512_unpackhi_epi16(a[0], a[2]);
            mid[8 * 2 + n] = _mm512_unpacklo_epi16(a[1], a[3]);
            mid[8 * 3 + n] = _mm512_unpackhi_epi16(a[1], a[3]);
        }
        int8_t *d0 = dst + 32L * i0;
#pragma GCC unroll 1
        for (int g = 0; g < 4; g++) {
            const __m512i *x = mid + 8 * g;
            __m512i b[8], c[8];
            /* 64-bit octets: b[4 y + p]: columns 8p..8p+7, rows 4 g + 2 y + 0..1 */
#pragma GCC unroll 4
            for (int p = 0; p < 4; p++) {
                b[p] = _mm512_unpacklo_epi32(x[2 * p], x[2 * p + 1]);
                b[4 + p] = _mm512_unpackhi_epi32(x[2 * p], x[2 * p + 1]);
            }
            /* 128-bit halves of a row: c[4 y + 2 z + u]: columns 16u..16u+15,
             * row 4 g + 2 y + z of each lane */
#pragma GCC unroll 2
            for (int y = 0; y < 2; y++)
#pragma GCC unroll 2
                for (int u = 0; u < 2; u++) {
                    c[4 * y + u] = _mm512_unpacklo_epi64(b[4 * y + 2 * u], b[4 * y + 2 * u + 1]);
                    c[4 * y + 2 + u] =
                        _mm512_unpackhi_epi64(b[4 * y + 2 * u], b[4 * y + 2 * u + 1]);
                }
            /* row pair 16 L + rho, rho + 1 (rho = 4 g + 2 y) is the 64 bytes
             * [c[4y].L, c[4y + 1].L, c[4y + 2].L, c[4y + 3].L] */
#pragma GCC unroll 2
            for (int y = 0; y < 2; y++) {
                const __m512i *v = c + 4 * y;
                const __m512i x0 = _mm512_shuffle_i64x2(v[0], v[1], 0x44);
                const __m512i x1 = _mm512_shuffle_i64x2(v[0], v[1], 0xEE);
                const __m512i y0 = _mm512_shuffle_i64x2(v[2], v[3], 0x44);
                const __m512i y1 = _mm512_shuffle_i64x2(v[2], v[3], 0xEE);
                const __m512i o[4] = {_mm512_shuffle_i64x2(x0, y0, 0x88),
                                      _mm512_shuffle_i64x2(x0, y0, 0xDD),
                                      _mm512_shuffle_i64x2(x1, y1, 0x88),
                                      _mm512_shuffle_i64x2(x1, y1, 0xDD)};
                const int rho = 4 * g + 2 * y;
#pragma GCC unroll 4
                for (int L = 0; L < 4; L++) {
                    const int row = 16 * L + rho;
                    if (row >= nr)
                        continue;
                    const long t = 32L * (i0 + row);
                    _mm512_mask_storeu_epi8(d0 + 32L * row, below64(t, n_out), o[L]);
                }
            }
        }
    }
}

#endif
