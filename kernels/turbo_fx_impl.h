/* ltephy internal: the fixed-point turbo decoder's SIMD data layout and the
 * half-iteration kernel shared by the AVX2 and AVX-512 files. Not installed.
 *
 * Layout of a group (G code blocks of one K, P sub-blocks each, L = K/P): a
 * "row" is 64 bytes holding lane (b, j) = b*P + j for W = G*P lanes
 * (W <= 64 for w = 8, <= 32 for w = 16; unused lanes hold zeros). Row i of
 * an input array holds trellis step jL + i of every sub-block, so a SIMD
 * register walks all sub-blocks in lock-step. AVX-512 handles a row as one
 * register, AVX2 as one or two 32-byte columns, one after the other (the
 * sub-blocks are independent within a half-iteration).
 *
 * A priori gather: decoder 2 at row i, lane (b, j) needs decoder 1's output
 * at natural position pi(i + jL) = q(i) + L t_j(i), i.e. row q(i), lane
 * (b, t_j(i)) (contention-free QPP); decoder 1 needs decoder 2's output at
 * interleaved position pi^-1(i + jL), which has the same structure. Each
 * direction has a table: source row per step and lane indices per step.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_TURBO_FX_IMPL_H
#define LTEPHY_TURBO_FX_IMPL_H

#include <stdint.h>

#define FX_ROW 64 /* bytes per row */

/* One half-iteration of one group: all arrays are rows of FX_ROW bytes,
 * 64-byte aligned. */
typedef struct fx_half {
    int L;                  /* rows (trellis steps per sub-block) */
    int wbytes;             /* bytes of the row in use (W * element size) */
    int m;                  /* extrinsic scale m/8, 1..8 */
    int ext_max;            /* A_e */
    const void *sys, *par;  /* [L] rows: Ls, Lp of this decoder */
    const void *apri;       /* [L] rows: the other decoder's Le' in its layout */
    const uint16_t *src;    /* [L] source row of the a priori of step i */
    const void *idx_lane;   /* [L] rows: source lane of each lane (uint16 or uint8 by width) */
    const uint8_t *idx_byte;/* [L] rows: source byte of each byte */
    void *ext;              /* [L] rows out: Le' */
    void *app;              /* [L] rows out: sat(A + Le), whose sign is the hard
                             * decision, or NULL (not needed this iteration) */
    void *abuf;             /* [L] rows scratch: A = Ls + La */
    void *alpha;            /* [L][8] rows scratch */
    const void *ainit, *binit; /* [8] rows: NII alpha at step -D, beta at step L+D */
    void *aend, *bstart;       /* [8] rows out: alpha at L-D, beta at D (NII) */
    int D;                     /* acquisition steps (0: none) */
    const void *m0, *mlast;    /* rows: 0xFF in lanes (g, 0) / (g, P-1) */
    const void *aknown, *bknown; /* [8] rows: start / tail metrics in those lanes */
    uint64_t *signs;           /* [L] out of the signs function: bit lane = sign */
} fx_half;

typedef void (*fx_kernel_fn)(const fx_half *h);

/* Row permutation: ext row i = FX_GATHER of apri rows (the a priori gather
 * applied to another array: decoder 2's systematic rows from decoder 1's). */
void lte_turbo_fx_perm16_avx2(const fx_half *h);
void lte_turbo_fx_perm8_avx2(const fx_half *h);
void lte_turbo_fx_perm16_avx512(const fx_half *h);
void lte_turbo_fx_perm8_avx512(const fx_half *h);

/* The same gather, keeping only the sign bits: signs[i] bit lane = sign of
 * lane `lane` of gathered row i (hard decisions brought to natural order).
 * src NULL: no gather, the signs of apri row i itself (decoder 1's hard
 * decisions, in natural order already). */
void lte_turbo_fx_signs16_avx2(const fx_half *h);
void lte_turbo_fx_signs8_avx2(const fx_half *h);
void lte_turbo_fx_signs16_avx512(const fx_half *h);
void lte_turbo_fx_signs8_avx512(const fx_half *h);

/* Hard bits of block g from natural-order sign words (signs above):
 * c[jL + i] = bit g*P + j of bits[i], i < L, j < P. */
typedef void (*fx_unpack_fn)(const uint64_t *bits, int L, int P, int g, uint8_t *c);
void lte_turbo_fx_unpack(const uint64_t *bits, int L, int P, int g, uint8_t *c);
void lte_turbo_fx_unpack_avx2(const uint64_t *bits, int L, int P, int g, uint8_t *c);
void lte_turbo_fx_unpack_avx512(const uint64_t *bits, int L, int P, int g, uint8_t *c);

/* CRC syndrome words of a group's natural-order sign words (turbo_fx.c,
 * half_stop): s[t] = XOR over i < L of bits[i] & mask[24 i + t], t < 24;
 * mask 64-byte aligned. */
typedef void (*fx_syn_fn)(const uint64_t *bits, const uint64_t *mask, int L, uint64_t *s);
void lte_turbo_fx_syn_avx2(const uint64_t *bits, const uint64_t *mask, int L, uint64_t *s);
void lte_turbo_fx_syn_avx512(const uint64_t *bits, const uint64_t *mask, int L, uint64_t *s);

/* Rows of block g from a natural-order stream (row i, lane g*P + j =
 * clip(src[jL + i], ain)); needs P to be a multiple of the function's lane
 * chunk (16; AVX2 8-bit: 32). src has K + 4 elements. */
typedef void (*fx_load_fn)(const void *src, int L, int P, int g, int ain, char *rows);
void lte_turbo_fx_rows16_avx2(const void *src, int L, int P, int g, int ain, char *rows);
void lte_turbo_fx_rows8_avx2(const void *src, int L, int P, int g, int ain, char *rows);
void lte_turbo_fx_rows16_avx512(const void *src, int L, int P, int g, int ain, char *rows);
void lte_turbo_fx_rows8_avx512(const void *src, int L, int P, int g, int ain, char *rows);

/* Rows of block g from a row-layout stream (turbo_fx.h, P lanes per row):
 * row i, lane g*P + j = clip(src[i P + j], ain), i < L, j < P; any P. */
void lte_turbo_fx_copy16_avx2(const void *src, int L, int P, int g, int ain, char *rows);
void lte_turbo_fx_copy8_avx2(const void *src, int L, int P, int g, int ain, char *rows);
void lte_turbo_fx_copy16_avx512(const void *src, int L, int P, int g, int ain, char *rows);
void lte_turbo_fx_copy8_avx512(const void *src, int L, int P, int g, int ain, char *rows);

/* 1 if each of the n elements (esz bytes) of x lies in [-ain, ain]: rows the
 * decoder's input clip would leave as they are can be read where they lie. */
typedef int (*fx_inrange_fn)(const void *x, int n, int esz, int ain);
int lte_turbo_fx_inrange_avx2(const void *x, int n, int esz, int ain);
int lte_turbo_fx_inrange_avx512(const void *x, int n, int esz, int ain);

void lte_turbo_fx_half16_avx2(const fx_half *h);
void lte_turbo_fx_half8_avx2(const fx_half *h);
void lte_turbo_fx_half16_avx512(const fx_half *h);
void lte_turbo_fx_half8_avx512(const fx_half *h);

#endif /* LTEPHY_TURBO_FX_IMPL_H */

/* ---- Kernel template -------------------------------------------------------
 * Included by the *_avx2.c / *_avx512.c files after defining:
 *   FX_NAME, FX_PERM_NAME, FX_SIGNS_NAME  names of the half-iteration kernel,
 *                    the row permutation and the sign gather
 *   FX_V             vector type; FX_VB bytes per vector
 *   FX_LOAD(p), FX_STORE(p, v), FX_SET1(x), FX_ZERO()
 *   FX_ADDS, FX_SUBS, FX_MAX, FX_MIN  saturating element ops of the width
 *   FX_ADD           wrapping add, for the sums the model shows cannot saturate
 *   FX_MAXF, FX_MAXB, FX_MAXE  the max of the forward butterflies (and of the
 *                    backward ones in the acquisition), of the backward
 *                    butterflies of the main loop, and of the extrinsic
 *                    classes: FX_MAX, or an equal max that issues on other
 *                    ports at a longer latency (see the AVX-512 file)
 *   FX_GATHER(h, i, off)  a priori vector of step i, column byte offset off
 *   FX_SCALE(le, m)  (le * m + 4) >> 3 per element, m in 1..7
 *   FX_SIGNBITS(v)   sign bits of the elements of v, element e at bit e
 *   FX_ATTR          function attributes (may be empty)
 * The kernel is the model's sections 3-5 literally; the state wiring is the
 * trellis of section 2 written out (it is checked against the scalar model,
 * which derives the trellis from the generator polynomials). */
#ifdef FX_NAME
#define FX_FWD(a, p)                                                                        \
    do {                                                                                    \
        FX_V g00_ = FX_ADD(a, p);                                                           \
        FX_V n0 = FX_MAXF(FX_ADDS(A0, g00_), A1);                                           \
        FX_V n4 = FX_MAXF(A0, FX_ADDS(A1, g00_));                                           \
        FX_V n1 = FX_MAXF(FX_ADDS(A2, p), FX_ADDS(A3, a));                                  \
        FX_V n5 = FX_MAXF(FX_ADDS(A2, a), FX_ADDS(A3, p));                                  \
        FX_V n2 = FX_MAXF(FX_ADDS(A4, a), FX_ADDS(A5, p));                                  \
        FX_V n6 = FX_MAXF(FX_ADDS(A4, p), FX_ADDS(A5, a));                                  \
        FX_V n3 = FX_MAXF(A6, FX_ADDS(A7, g00_));                                           \
        FX_V n7 = FX_MAXF(FX_ADDS(A6, g00_), A7);                                           \
        FX_V mx = FX_MAX(FX_MAX(FX_MAX(n0, n1), FX_MAX(n2, n3)),                            \
                         FX_MAX(FX_MAX(n4, n5), FX_MAX(n6, n7)));                           \
        A0 = FX_SUBS(n0, mx), A1 = FX_SUBS(n1, mx), A2 = FX_SUBS(n2, mx);                   \
        A3 = FX_SUBS(n3, mx), A4 = FX_SUBS(n4, mx), A5 = FX_SUBS(n5, mx);                   \
        A6 = FX_SUBS(n6, mx), A7 = FX_SUBS(n7, mx);                                         \
    } while (0)
#define FX_BWD(a, p, MX)                                                                    \
    do {                                                                                    \
        FX_V g00_ = FX_ADD(a, p);                                                           \
        FX_V n0 = MX(FX_ADDS(B0, g00_), B4);                                                \
        FX_V n1 = MX(FX_ADDS(B4, g00_), B0);                                                \
        FX_V n2 = MX(FX_ADDS(B5, a), FX_ADDS(B1, p));                                       \
        FX_V n3 = MX(FX_ADDS(B1, a), FX_ADDS(B5, p));                                       \
        FX_V n4 = MX(FX_ADDS(B2, a), FX_ADDS(B6, p));                                       \
        FX_V n5 = MX(FX_ADDS(B6, a), FX_ADDS(B2, p));                                       \
        FX_V n6 = MX(FX_ADDS(B7, g00_), B3);                                                \
        FX_V n7 = MX(FX_ADDS(B3, g00_), B7);                                                \
        FX_V mx = FX_MAX(FX_MAX(FX_MAX(n0, n1), FX_MAX(n2, n3)),                            \
                         FX_MAX(FX_MAX(n4, n5), FX_MAX(n6, n7)));                           \
        B0 = FX_SUBS(n0, mx), B1 = FX_SUBS(n1, mx), B2 = FX_SUBS(n2, mx);                   \
        B3 = FX_SUBS(n3, mx), B4 = FX_SUBS(n4, mx), B5 = FX_SUBS(n5, mx);                   \
        B6 = FX_SUBS(n6, mx), B7 = FX_SUBS(n7, mx);                                         \
    } while (0)
/* eight state rows from / to base, stride bytes apart */
#define FX_LD8S(X, base, stride)                                                            \
    do {                                                                                    \
        const char *b_ = (const char *)(base);                                              \
        X##0 = FX_LOAD(b_), X##1 = FX_LOAD(b_ + (stride)), X##2 = FX_LOAD(b_ + 2 * (stride)); \
        X##3 = FX_LOAD(b_ + 3 * (stride)), X##4 = FX_LOAD(b_ + 4 * (stride));               \
        X##5 = FX_LOAD(b_ + 5 * (stride)), X##6 = FX_LOAD(b_ + 6 * (stride));               \
        X##7 = FX_LOAD(b_ + 7 * (stride));                                                  \
    } while (0)
#define FX_ST8S(base, stride, X)                                                            \
    do {                                                                                    \
        char *b_ = (char *)(base);                                                          \
        FX_STORE(b_, X##0), FX_STORE(b_ + (stride), X##1), FX_STORE(b_ + 2 * (stride), X##2); \
        FX_STORE(b_ + 3 * (stride), X##3), FX_STORE(b_ + 4 * (stride), X##4);               \
        FX_STORE(b_ + 5 * (stride), X##5), FX_STORE(b_ + 6 * (stride), X##6);               \
        FX_STORE(b_ + 7 * (stride), X##7);                                                  \
    } while (0)
/* rows of FX_ROW bytes at column offset off */
#define FX_LD8(X, base) FX_LD8S(X, ROW(base, 0), FX_ROW)
#define FX_ST8(base, X) FX_ST8S(WROW(base, 0), FX_ROW, X)
/* alpha of step i: one column at a time, FX_VB bytes per state */
#define FX_LDA8(X, i) FX_LD8S(X, (char *)h->alpha + (size_t)8 * (i) * FX_VB, FX_VB)
#define FX_STA8(i, X) FX_ST8S((char *)h->alpha + (size_t)8 * (i) * FX_VB, FX_VB, X)
#define FX_BL8(X, mask, base)                                                               \
    X##0 = FX_BLEND(mask, X##0, FX_LOAD(ROW(base, 0)));                                     \
    X##1 = FX_BLEND(mask, X##1, FX_LOAD(ROW(base, 1)));                                     \
    X##2 = FX_BLEND(mask, X##2, FX_LOAD(ROW(base, 2)));                                     \
    X##3 = FX_BLEND(mask, X##3, FX_LOAD(ROW(base, 3)));                                     \
    X##4 = FX_BLEND(mask, X##4, FX_LOAD(ROW(base, 4)));                                     \
    X##5 = FX_BLEND(mask, X##5, FX_LOAD(ROW(base, 5)));                                     \
    X##6 = FX_BLEND(mask, X##6, FX_LOAD(ROW(base, 6)));                                     \
    X##7 = FX_BLEND(mask, X##7, FX_LOAD(ROW(base, 7)))

FX_ATTR void FX_NAME(const fx_half *h)
{
    const int L = h->L, D = h->D;
    const int ncol = (h->wbytes + FX_VB - 1) / FX_VB;
    const FX_V vmaxe = FX_SET1(h->ext_max), vmine = FX_SET1(-h->ext_max);
    const int m = h->m;
#define ROW(base, i) ((const char *)(base) + (size_t)(i) * FX_ROW + off)
#define WROW(base, i) ((char *)(base) + (size_t)(i) * FX_ROW + off)
    /* branch metric inputs A = Ls + La of every step (section 3), for all
     * columns first: the acquisition reads the neighbouring lanes */
    for (int col = 0; col < ncol; col++) {
        const int off = col * FX_VB;
        for (int i = 0; i < L; i++)
            FX_STORE(WROW(h->abuf, i), FX_ADD(FX_LOAD(ROW(h->sys, i)), FX_GATHER(h, i, off)));
    }
    for (int col = 0; col < ncol; col++) {
        const int off = col * FX_VB;

        FX_V A0, A1, A2, A3, A4, A5, A6, A7, B0, B1, B2, B3, B4, B5, B6, B7;
        FX_LD8(A, h->ainit);
        FX_LD8(B, h->binit);
        /* the acquisitions: forward over the previous sub-block's last D
         * steps, whose lanes are one element lower in the same rows
         * (unaligned load), backward over the next one's first D steps, one
         * element higher. Two independent recursions, run side by side
         * (which hides the latency of FX_MAXF in the backward one too). */
        for (int r = 0; r < D; r++) {
            const int fr = L - D + r, br = D - 1 - r;
            FX_V a = FX_LOADU(ROW(h->abuf, fr) - FX_ESZ), p = FX_LOADU(ROW(h->par, fr) - FX_ESZ);
            FX_FWD(a, p);
            FX_V b = FX_LOADU(ROW(h->abuf, br) + FX_ESZ), q = FX_LOADU(ROW(h->par, br) + FX_ESZ);
            FX_BWD(b, q, FX_MAXF);
        }
        const FX_V m0 = FX_LOAD(ROW(h->m0, 0));
        FX_BL8(A, m0, h->aknown);
        for (int i = 0; i < L; i++) {
            FX_V a = FX_LOAD(ROW(h->abuf, i));
            FX_V p = FX_LOAD(ROW(h->par, i));
            FX_STA8(i, A);
            FX_FWD(a, p);
        }
        if (D == 0) {
            FX_ST8(h->aend, A);
        } else {
            FX_LDA8(A, L - D);
            FX_ST8(h->aend, A);
        }

        const FX_V ml = FX_LOAD(ROW(h->mlast, 0));
        FX_BL8(B, ml, h->bknown);
        for (int i = L - 1; i >= 0; i--) {
            FX_V a = FX_LOAD(ROW(h->abuf, i));
            FX_V p = FX_LOAD(ROW(h->par, i));
            FX_V a0, a1, a2, a3, a4, a5, a6, a7;
            FX_LDA8(a, i);
            /* section 5: classes (c, z) of the 16 branches */
            FX_V t00 = FX_MAXE(FX_MAXE(FX_ADDS(a0, B0), FX_ADDS(a1, B4)),
                              FX_MAXE(FX_ADDS(a6, B7), FX_ADDS(a7, B3)));
            FX_V t01 = FX_MAXE(FX_MAXE(FX_ADDS(a2, B5), FX_ADDS(a3, B1)),
                              FX_MAXE(FX_ADDS(a4, B2), FX_ADDS(a5, B6)));
            FX_V t10 = FX_MAXE(FX_MAXE(FX_ADDS(a2, B1), FX_ADDS(a3, B5)),
                              FX_MAXE(FX_ADDS(a4, B6), FX_ADDS(a5, B2)));
            FX_V t11 = FX_MAXE(FX_MAXE(FX_ADDS(a0, B4), FX_ADDS(a1, B0)),
                              FX_MAXE(FX_ADDS(a6, B3), FX_ADDS(a7, B7)));
            FX_V m0x = FX_MAXE(FX_ADDS(t00, p), t01);
            FX_V m1x = FX_MAXE(FX_ADDS(t10, p), t11);
            FX_V le = FX_SUBS(m0x, m1x);
            FX_V ls = m == 8 ? le : FX_SCALE(le, m);
            ls = FX_MIN(FX_MAX(ls, vmine), vmaxe);
            FX_STORE(WROW(h->ext, i), ls);
            if (h->app)
                FX_STORE(WROW(h->app, i), FX_ADDS(a, le));
            FX_BWD(a, p, FX_MAXB);
            if (i == D)
                FX_ST8(h->bstart, B);
        }
    }
#undef ROW
#undef WROW
}

FX_ATTR void FX_PERM_NAME(const fx_half *h)
{
    const int ncol = (h->wbytes + FX_VB - 1) / FX_VB;
    for (int col = 0; col < ncol; col++) {
        const int off = col * FX_VB;
        for (int i = 0; i < h->L; i++)
            FX_STORE((char *)h->ext + (size_t)i * FX_ROW + off, FX_GATHER(h, i, off));
    }
}
FX_ATTR void FX_SIGNS_NAME(const fx_half *h)
{
    const int ncol = (h->wbytes + FX_VB - 1) / FX_VB;
    if (!h->src) {
        for (int i = 0; i < h->L; i++) {
            const char *row = (const char *)h->apri + (size_t)i * FX_ROW;
            uint64_t b = 0;
            for (int col = 0; col < ncol; col++)
                b |= (uint64_t)FX_SIGNBITS(FX_LOAD(row + col * FX_VB)) << (col * FX_VB / FX_ESZ);
            h->signs[i] = b;
        }
        return;
    }
    for (int i = 0; i < h->L; i++) {
        uint64_t b = 0;
        for (int col = 0; col < ncol; col++)
            b |= (uint64_t)FX_SIGNBITS(FX_GATHER(h, i, col * FX_VB)) << (col * FX_VB / FX_ESZ);
        h->signs[i] = b;
    }
}
#undef FX_FWD
#undef FX_BWD
#undef FX_LD8
#undef FX_ST8
#undef FX_BL8
#undef FX_LD8S
#undef FX_ST8S
#undef FX_STA8
#undef FX_LDA8
#endif
