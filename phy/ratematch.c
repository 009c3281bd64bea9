/* ltephy phy: turbo rate matching and its inverse, TS 36.212 §5.1.4.1.
 * See include/ltephy/ratematch.h for the interface and conventions.
 *
 * Implementation: the circular buffer w is never built. A plan holds, for
 * the K it was made for, the sequence of w entries that are not dummy
 * <NULL>s - the "map" - each as a flat position s*D + i meaning d_s[i]
 * (D = K+4), and the sorted w-indices of the dummies. Reading
 * w[(k0 + j) mod N_cb] while skipping dummies is then reading the map
 * circularly from rank(k0 mod N_cb) up to rank(N_cb), where rank(j) is the
 * number of non-dummy entries before w[j]. Filler bits (which depend on F,
 * not only on K) are skipped on the fly in a separate, slower loop used only
 * if F > 0.
 *
 * A fresh block bound for the 8-bit decoder can skip the float values
 * altogether (lte_rm_turbo_plan_inverse_q8, phy/ratematch_internal.h):
 * quantised first, de-interleaved as bytes.
 *
 * The plain functions do without a map: gen_positions() produces the same
 * flat positions for a range of w straight from the interleaver formulas, and
 * they walk the circular buffer from k0 a chunk at a time.
 *
 * The flat positions index one array when d0, d1, d2 (or l0, l1, l2) are
 * consecutive in memory (d1 = d0 + D, d2 = d1 + D): then a transmitted bit
 * costs one map load, one load and one store. Forward rate matching copies
 * non-consecutive inputs into a consecutive stack buffer first (3D bytes);
 * the inverse picks the stream per element instead.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <emmintrin.h> /* SSE2: part of baseline x86-64 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/col32.h"
#include "kernels/col8.h"
#include "kernels/internal.h"
#include "kernels/llr_quant.h"
#include "ltephy/ratematch.h"
#include "ltephy/tables.h"
#include "ltephy/turbo.h"
#include "phy/ratematch_internal.h"

#define DMAX (LTE_TURBO_KMAX + 4)

/* Inter-column permutation pattern of the sub-block interleaver,
 * 36.212 Table 5.1.4-1 <P(0), ..., P(31)>. */
static const uint8_t perm_tc[LTE_RM_C_SUBBLOCK] = {
    0, 16, 8, 24, 4, 20, 12, 28, 2, 18, 10, 26, 6, 22, 14, 30,
    1, 17, 9, 25, 5, 21, 13, 29, 3, 19, 11, 27, 7, 23, 15, 31,
};

/* Row 0 of the three interleavers (the only row holding dummies) and the
 * third stream's wrap-around entry: the entries the column-wise inverse
 * leaves to a scalar loop. */
#define EDGE_MAX (3 * LTE_RM_C_SUBBLOCK + 1)

struct lte_rm_turbo_plan {
    int K, D, R, k_pi, k_w;
    int n_dummy;
    uint16_t dummy[3 * LTE_RM_C_SUBBLOCK]; /* w-indices of dummy <NULL>s, ascending (3 N_D) */
    uint16_t *map;                         /* 3D flat positions in w order, dummies left out */
    int owns_map;
    /* for the column-wise inverse: rank (non-dummy entries before it) of
     * row 1 of w column c, in v0 and in the v1/v2 pairs (v1's entry) */
    uint16_t rank0[LTE_RM_C_SUBBLOCK], rank12[LTE_RM_C_SUBBLOCK];
    int n_edge;                                    /* non-dummy edge entries */
    uint16_t edge_rank[EDGE_MAX], edge_pos[EDGE_MAX]; /* their rank and flat position */
};

struct lte_rm_turbo_plans {
    lte_rm_turbo_plan plan[LTE_TURBO_NUM_K];
    uint16_t *maps;
};

/* §5.1.4.1.1: R = smallest integer with D <= 32 R. */
static int rows_for(int K) { return (K + 4 + LTE_RM_C_SUBBLOCK - 1) / LTE_RM_C_SUBBLOCK; }

/* Append w entry j holding sub-block-interleaver input y of stream s:
 * y < N_D is one of the dummy bits in front of d_s (§5.1.4.1.1). */
static inline void put(lte_rm_turbo_plan *p, int *m, int j, int s, int y, int n_d)
{
    if (y < n_d)
        p->dummy[p->n_dummy++] = (uint16_t)j;
    else
        p->map[(*m)++] = (uint16_t)(s * p->D + y - n_d);
}

/* Sizes of the sub-block interleaver for K (§5.1.4.1.1); no map. */
static void plan_geom(lte_rm_turbo_plan *p, int K)
{
    p->K = K;
    p->D = K + 4;
    p->R = rows_for(K);
    p->k_pi = LTE_RM_C_SUBBLOCK * p->R;
    p->k_w = 3 * p->k_pi;
    p->n_dummy = 0;
    p->map = NULL;
    p->owns_map = 0;
}

static void plan_columns(lte_rm_turbo_plan *p);

/* Fill p (map storage provided by the caller: 3(K+4) entries). Dummies can
 * only sit in row 0 (N_D < 32), except the third stream's wrap-around entry
 * (P = 31, last row), so rows 1.. of a column need no test. */
static void plan_init(lte_rm_turbo_plan *p, int K, uint16_t *map)
{
    plan_geom(p, K);
    p->map = map;
    const int C = LTE_RM_C_SUBBLOCK, R = p->R, D = p->D;
    const int n_d = p->k_pi - D, k_pi = p->k_pi;
    int m = 0;
    /* w[0..K_Pi-1] = v0: column c of the column-permuted matrix, rows
     * 0..R-1, is y_{P(c) + C r}. */
    for (int c = 0; c < C; c++) {
        const int y0 = perm_tc[c];
        put(p, &m, c * R, 0, y0, n_d);
        for (int r = 1; r < R; r++)
            map[m++] = (uint16_t)(y0 + C * r - n_d);
    }
    /* w[K_Pi + 2k] = v1[k] (same pattern), w[K_Pi + 2k + 1] = v2[k] =
     * y_{(P(floor(k/R)) + C (k mod R) + 1) mod K_Pi}. */
    for (int c = 0; c < C; c++) {
        const int y0 = perm_tc[c], last = y0 == C - 1 ? R - 1 : R;
        const int j0 = k_pi + 2 * c * R;
        put(p, &m, j0, 1, y0, n_d);
        put(p, &m, j0 + 1, 2, y0 + 1 == k_pi ? 0 : y0 + 1, n_d);
        for (int r = 1; r < last; r++) {
            map[m++] = (uint16_t)(D + y0 + C * r - n_d);
            map[m++] = (uint16_t)(2 * D + y0 + C * r + 1 - n_d);
        }
        if (last < R && R > 1) { /* P(c) = 31, row R-1: (31 + C(R-1) + 1) mod K_Pi = 0 */
            put(p, &m, j0 + 2 * (R - 1), 1, y0 + C * (R - 1), n_d);
            put(p, &m, j0 + 2 * (R - 1) + 1, 2, 0, n_d);
        }
    }
    plan_columns(p);
}

/* Non-dummy entries of w before w[j]. */
static int rank_of(const lte_rm_turbo_plan *p, int j)
{
    int before = 0;
    while (before < p->n_dummy && p->dummy[before] < j)
        before++;
    return j - before;
}

/* Filler: d0[i] and d1[i], i < F (§5.1.3.2). */
static inline int is_filler(unsigned pos, int D, int F)
{
    return pos < (unsigned)F || pos - (unsigned)D < (unsigned)F;
}

/* Flat position of w[j] written to *out; returns 0 for a dummy, else 1.
 * From the sub-block interleaver formulas directly (used at column edges). */
static int position_of(const lte_rm_turbo_plan *g, int j, uint16_t *out)
{
    const int C = LTE_RM_C_SUBBLOCK, R = g->R, k_pi = g->k_pi, n_d = k_pi - g->D;
    int s = 0, k = j, y;
    if (j >= k_pi) {
        s = 1 + ((j - k_pi) & 1);
        k = (j - k_pi) >> 1;
    }
    y = perm_tc[k / R] + C * (k % R) + (s == 2); /* v2: shifted by one, mod K_Pi */
    if (y == k_pi)
        y = 0;
    *out = (uint16_t)(s * g->D + y - n_d);
    return y >= n_d;
}

/* The column tables of the column-wise inverse (struct comment). R >= 2
 * for every K, so row 1 exists. */
static void plan_columns(lte_rm_turbo_plan *p)
{
    const int C = LTE_RM_C_SUBBLOCK, R = p->R, k_pi = p->k_pi;
    int n = 0;
    for (int c = 0; c < C; c++) {
        p->rank0[c] = (uint16_t)rank_of(p, c * R + 1);
        p->rank12[c] = (uint16_t)rank_of(p, k_pi + 2 * (c * R + 1));
        const int edge[3] = {c * R, k_pi + 2 * c * R, k_pi + 2 * c * R + 1};
        for (int t = 0; t < 3; t++)
            if (position_of(p, edge[t], &p->edge_pos[n]))
                p->edge_rank[n++] = (uint16_t)rank_of(p, edge[t]);
    }
    if (position_of(p, p->k_w - 1, &p->edge_pos[n])) /* v2's wrap to y_2[0] (N_D = 0) */
        p->edge_rank[n++] = (uint16_t)rank_of(p, p->k_w - 1);
    p->n_edge = n;
}

/* The flat positions of the non-dummy entries among w[ja..jb-1] (in w
 * order, 0 <= ja <= jb <= K_w), computed without a map: the plain functions
 * walk the circular buffer with this, a chunk at a time. Works column by
 * column of the sub-block interleaver: rows 1.. of a column hold no dummy
 * (N_D < 32) and need no test, except the third stream's wrap-around entry
 * (P = 31, last row), which is left to position_of() with row 0. Returns
 * how many positions were written. */
static int gen_positions(const lte_rm_turbo_plan *g, int ja, int jb, uint16_t *out)
{
    const int C = LTE_RM_C_SUBBLOCK, R = g->R, D = g->D, k_pi = g->k_pi, n_d = k_pi - D;
    int cnt = 0, j = ja;
    while (j < jb && j < k_pi) { /* v0: w[c R + r] = y_{P(c) + C r} */
        int c = j / R, r = j - c * R, end = LTE_MIN(LTE_MIN(jb, k_pi) - c * R, R);
        if (r == 0)
            cnt += position_of(g, j, out + cnt), r++;
        const int base = perm_tc[c] - n_d;
        for (; r < end; r++)
            out[cnt++] = (uint16_t)(base + C * r);
        j = c * R + r;
    }
    while (j < jb) { /* column c of v1/v2: w[K_Pi + 2(c R + r) + {0, 1}] */
        int c = (j - k_pi) / (2 * R), col = k_pi + 2 * c * R;
        int t = j - col, t1 = LTE_MIN(jb - col, 2 * R);
        int safe_end = perm_tc[c] == C - 1 ? 2 * (R - 1) : 2 * R;
        for (; t < t1 && (t < 2 || (t & 1)); t++)
            cnt += position_of(g, col + t, out + cnt);
        const int base = perm_tc[c] - n_d;
        for (; t + 2 <= LTE_MIN(t1, safe_end); t += 2) {
            out[cnt++] = (uint16_t)(D + base + C * (t >> 1));
            out[cnt++] = (uint16_t)(2 * D + base + C * (t >> 1) + 1);
        }
        for (; t < t1; t++)
            cnt += position_of(g, col + t, out + cnt);
        j = col + t;
    }
    return cnt;
}

#define WALK_CHUNK 512

/* Validate the per-transmission arguments; *k0 = start index in w. */
static int check_tx(const char *fn, const lte_rm_turbo_plan *p, int F, int n_cb, int rv, int E,
                    int *k0)
{
    if (F < 0 || F > p->K)
        return lte_error_set_fn(LTE_EINVAL, fn, "F=%d not in [0, K=%d]", F, p->K);
    if (n_cb < 1 || n_cb > p->k_w)
        return lte_error_set_fn(LTE_EINVAL, fn, "n_cb=%d not in [1, K_w=%d]", n_cb, p->k_w);
    if (rv < 0 || rv > 3)
        return lte_error_set_fn(LTE_EINVAL, fn, "rv=%d not in 0..3", rv);
    if (E < 0)
        return lte_error_set_fn(LTE_EINVAL, fn, "E=%d < 0", E);
    const int R = p->R;
    /* §5.1.4.1.2 */
    *k0 = R * (2 * ((n_cb + 8 * R - 1) / (8 * R)) * rv + 2) % n_cb;
    /* w[0..N_cb-1] holds at most 3 N_D dummies and 2F filler bits; only if
     * that could be all of it, count. */
    if (E > 0 && n_cb - 3 * (p->k_pi - p->D) - 2 * F <= 0) {
        uint16_t buf[WALK_CHUNK];
        int live = 0;
        for (int j = 0; j < n_cb && !live; j += WALK_CHUNK) {
            int cnt = gen_positions(p, j, LTE_MIN(j + WALK_CHUNK, n_cb), buf);
            for (int i = 0; i < cnt; i++)
                live += !is_filler(buf[i], p->D, F);
        }
        if (!live)
            return lte_error_set_fn(LTE_EINVAL, fn,
                                    "n_cb=%d: the buffer holds only <NULL> bits (K=%d, F=%d)",
                                    n_cb, p->K, F);
    }
    return 0;
}

/* Map window of a plan: entries [*p0, *n) first, then [0, *n) again and
 * again. */
static int window(const char *fn, const lte_rm_turbo_plan *p, int F, int n_cb, int rv, int E,
                  int *p0, int *n)
{
    int k0, rc = check_tx(fn, p, F, n_cb, rv, E, &k0);
    if (rc)
        return rc;
    *n = rank_of(p, n_cb);
    *p0 = rank_of(p, k0); /* == *n if only dummies follow: the walk wraps */
    return 0;
}

/* e[0..E-1] from the consecutive streams d[0..3D-1]. */
static void run_window(const lte_rm_turbo_plan *pl, int p, int n, int F, const uint8_t *d,
                       int E, uint8_t *e)
{
    const uint16_t *map = pl->map;
    if (F == 0) {
        for (int k = 0; k < E; p = 0) {
            int len = LTE_MIN(E - k, n - p);
            const uint16_t *m = map + p;
            uint8_t *out = e + k;
            for (int i = 0; i < len; i++)
                out[i] = d[m[i]];
            k += len;
        }
        return;
    }
    for (int k = 0; k < E; p = 0)
        for (; p < n && k < E; p++)
            if (!is_filler(map[p], pl->D, F))
                e[k++] = d[map[p]];
}

/* ---- Forward rate matching through the circular buffer itself ----------- *
 *
 * For streams without filler bits the map walk above costs a map load, a
 * byte load and a byte store per output bit. Cheaper: build w (K_w bytes,
 * <NULL> entries left as garbage) by transposing the sub-block interleaver
 * matrices (row r, column j of y_s is y_s[32 r + j]; column P(c) read top to
 * bottom is w's column c, §5.1.4.1.1) eight rows by sixteen columns per SSE2
 * step, then copy the window w[k0..] circularly in runs between the <NULL>
 * positions. Row 0 (the only one that can hold dummies), the third stream's
 * last row (its wrap-around to y_2[0]) and rows left over from the blocks of
 * eight are filled one entry at a time from the formulas. */

/* y_s[k] of the interleaver input, dummies (k < N_D) read as 0: a dummy's w
 * entry is never copied out. */
static inline uint8_t y_at(const uint8_t *d, int D, int n_d, int s, int k)
{
    return k < n_d ? 0 : d[s * D + k - n_d];
}

/* Row r of the interleavers (all three, or v0 alone if !all3), entry by
 * entry. */
static void w_row_scalar(const lte_rm_turbo_plan *pl, const uint8_t *d, int r, uint8_t *w,
                         int all3)
{
    const int C = LTE_RM_C_SUBBLOCK, R = pl->R, D = pl->D, k_pi = pl->k_pi, n_d = k_pi - D;
    for (int c = 0; c < C; c++) {
        int k = perm_tc[c] + C * r, k2 = k + 1 == k_pi ? 0 : k + 1;
        w[c * R + r] = y_at(d, D, n_d, 0, k);
        if (!all3)
            continue;
        w[k_pi + 2 * (c * R + r)] = y_at(d, D, n_d, 1, k);
        w[k_pi + 2 * (c * R + r) + 1] = y_at(d, D, n_d, 2, k2);
    }
}

/* Columns 0..n_col-1 of w's v1/v2 part (w[K_Pi + 2(c R + r) + 0/1]), entry
 * by entry. */
static void w12_cols_scalar(const lte_rm_turbo_plan *pl, const uint8_t *d, int n_col, uint8_t *w)
{
    const int C = LTE_RM_C_SUBBLOCK, R = pl->R, D = pl->D, k_pi = pl->k_pi, n_d = k_pi - D;
    uint8_t *w12 = w + k_pi;
    for (int c = 0; c < n_col; c++) {
        /* row 0 (dummies) and the wrap-around entry (P(c) = 31, last row)
         * from the formulas; rows 1.. in between read d straight */
        const int p = perm_tc[c], last = p == C - 1 ? R - 1 : R;
        const uint8_t *s1 = d + D + p - n_d, *s2 = d + 2 * D + p + 1 - n_d;
        uint8_t *o = w12 + 2 * c * R;
        o[0] = y_at(d, D, n_d, 1, p);
        o[1] = y_at(d, D, n_d, 2, p + 1 == k_pi ? 0 : p + 1);
        for (int r = 1; r < last; r++) {
            o[2 * r] = s1[C * r];
            o[2 * r + 1] = s2[C * r];
        }
        for (int r = last; r < R; r++) {
            int k = p + C * r, k2 = k + 1 == k_pi ? 0 : k + 1;
            o[2 * r] = y_at(d, D, n_d, 1, k);
            o[2 * r + 1] = y_at(d, D, n_d, 2, k2);
        }
    }
}

/* 8 rows x 16 bytes (row i at p + i*32) -> e[m] holding column 2m's 8 bytes
 * (rows 0..7) in its low half and column 2m+1's in its high half. */
static inline void transpose8x16(const uint8_t *p, __m128i e[8])
{
    __m128i a[8], b[8], c[8];
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++)
        a[i] = _mm_loadu_si128((const __m128i *)(p + 32 * i));
#pragma GCC unroll 4
    for (int i = 0; i < 4; i++) {
        b[2 * i] = _mm_unpacklo_epi8(a[2 * i], a[2 * i + 1]);
        b[2 * i + 1] = _mm_unpackhi_epi8(a[2 * i], a[2 * i + 1]);
    }
    /* b[0], b[1]: rows 0-1, columns 0-7 / 8-15; b[2], b[3]: rows 2-3; ... */
#pragma GCC unroll 2
    for (int h = 0; h < 2; h++) { /* h = 0: rows 0-3, 1: rows 4-7 */
        __m128i *bb = b + 4 * h, *cc = c + 4 * h;
        cc[0] = _mm_unpacklo_epi16(bb[0], bb[2]); /* columns 0-3 */
        cc[1] = _mm_unpackhi_epi16(bb[0], bb[2]); /* 4-7 */
        cc[2] = _mm_unpacklo_epi16(bb[1], bb[3]); /* 8-11 */
        cc[3] = _mm_unpackhi_epi16(bb[1], bb[3]); /* 12-15 */
    }
#pragma GCC unroll 4
    for (int q = 0; q < 4; q++) {
        e[2 * q] = _mm_unpacklo_epi32(c[q], c[4 + q]);
        e[2 * q + 1] = _mm_unpackhi_epi32(c[q], c[4 + q]);
    }
}

/* Rows r..r+7 (1 <= r, r+8 <= R-1) of all three interleavers, or of v0
 * alone if !all3 (a constant after inlining). */
static inline __attribute__((always_inline)) void
w_rows8(const lte_rm_turbo_plan *pl, const uint8_t *d, const uint8_t *cinv, int r, uint8_t *w,
        const int all3)
{
    const int C = LTE_RM_C_SUBBLOCK, R = pl->R, D = pl->D, k_pi = pl->k_pi, n_d = k_pi - D;
    uint8_t *w12 = w + k_pi;
#pragma GCC unroll 2
    for (int half = 0; half < 2; half++) {
        const int j0 = 16 * half, off = C * r + j0 - n_d; /* >= 0: r >= 1 */
        __m128i e0[8], e1[8], e2[8];
        transpose8x16(d + off, e0);
        if (all3) {
            transpose8x16(d + D + off, e1);
            transpose8x16(d + 2 * D + off + 1, e2); /* v2 reads y_2 shifted by one */
        }
#pragma GCC unroll 8
        for (int m = 0; m < 8; m++) {
            const int ca = cinv[j0 + 2 * m], cb = cinv[j0 + 2 * m + 1];
            _mm_storel_epi64((__m128i *)(w + ca * R + r), e0[m]);
            _mm_storel_epi64((__m128i *)(w + cb * R + r), _mm_unpackhi_epi64(e0[m], e0[m]));
            if (!all3)
                continue;
            _mm_storeu_si128((__m128i *)(w12 + 2 * (ca * R + r)), _mm_unpacklo_epi8(e1[m], e2[m]));
            _mm_storeu_si128((__m128i *)(w12 + 2 * (cb * R + r)), _mm_unpackhi_epi8(e1[m], e2[m]));
        }
    }
}

/* w (K_w entries) from the consecutive streams d: all of it, or (n12 >= 0)
 * v0 and only the first n12 columns of the v1/v2 part. */
static inline __attribute__((always_inline)) void build_w_part(const lte_rm_turbo_plan *pl,
                                                               const uint8_t *d, uint8_t *w,
                                                               const int all3)
{
    uint8_t cinv[LTE_RM_C_SUBBLOCK]; /* cinv[P(c)] = c */
    for (int c = 0; c < LTE_RM_C_SUBBLOCK; c++)
        cinv[perm_tc[c]] = (uint8_t)c;
    const int R = pl->R;
    int r = 1;
    w_row_scalar(pl, d, 0, w, all3);
    for (; r + 8 <= R - 1; r += 8)
        w_rows8(pl, d, cinv, r, w, all3);
    if (r < R - 1 && R - 9 >= 1) { /* the rest as one block overlapping the last */
        w_rows8(pl, d, cinv, R - 9, w, all3);
        r = R - 1;
    }
    for (; r < R; r++)
        w_row_scalar(pl, d, r, w, all3);
}

static void build_w(const lte_rm_turbo_plan *pl, const uint8_t *d, uint8_t *w, int n12)
{
    if (n12 < 0) {
        build_w_part(pl, d, w, 1);
        return;
    }
    build_w_part(pl, d, w, 0);
    w12_cols_scalar(pl, d, n12, w);
}

/* Ascending w-indices of every <NULL>: the plan's dummies merged with the
 * filler bits d0[i], d1[i], i < F (y index N_D + i). Returns the count. */
static int null_list(const lte_rm_turbo_plan *pl, int F, uint16_t *out)
{
    const int C = LTE_RM_C_SUBBLOCK, R = pl->R, n_d = pl->k_pi - pl->D;
    uint8_t cinv[LTE_RM_C_SUBBLOCK];
    for (int c = 0; c < C; c++)
        cinv[perm_tc[c]] = (uint8_t)c;
    int n = pl->n_dummy;
    memcpy(out, pl->dummy, sizeof *out * (size_t)n);
    for (int i = 0; i < F; i++) {
        int k = n_d + i, cr = cinv[k % C] * R + k / C;
        out[n++] = (uint16_t)cr;                   /* v0 */
        out[n++] = (uint16_t)(pl->k_pi + 2 * cr); /* v1 */
    }
    for (int i = pl->n_dummy; i < n; i++) { /* insertion: few entries */
        uint16_t v = out[i];
        int j = i;
        for (; j > 0 && out[j - 1] > v; j--)
            out[j] = out[j - 1];
        out[j] = v;
    }
    return n;
}

/* e[0..E-1]: w read circularly from k0 over w[0..n_cb-1], <NULL>s skipped
 * (the caller has checked that the window holds a non-<NULL> entry). */
static void copy_window(const uint8_t *w, const uint16_t *nul, int n_nul, int k0, int n_cb,
                        int E, uint8_t *e)
{
    int j = k0, i = 0, k = 0;
    while (i < n_nul && nul[i] < j)
        i++;
    while (k < E) {
        int stop = i < n_nul && nul[i] < n_cb ? nul[i] : n_cb; /* next <NULL> or the end */
        int len = LTE_MIN(stop - j, E - k);
        memcpy(e + k, w + j, (size_t)len);
        k += len;
        j = stop + (stop < n_cb); /* step over the <NULL> */
        if (stop < n_cb)
            i++;
        if (j >= n_cb)
            j = 0, i = 0;
    }
}

/* Filler bits handled by run_cbuf (36.212 §5.1.2 gives F < 64 for every
 * TB size; larger F, possible through the API, takes the map walk). */
#define RUN_CBUF_FMAX 64

/* Most v1/v2 columns filled one entry at a time; beyond, all of w is built
 * with the transposes (measured for K = 6144: a column costs about 1/6 of
 * the v1/v2 transposes, and v0 alone a third of the whole). */
#define W12_COLS_PART 5

/* Forward rate matching of consecutive streams via build_w. */
static void run_cbuf(const lte_rm_turbo_plan *pl, const uint8_t *d, int F, int n_cb, int k0,
                     int E, uint8_t *e)
{
    uint8_t w[3 * LTE_RM_C_SUBBLOCK * ((DMAX + LTE_RM_C_SUBBLOCK - 1) / LTE_RM_C_SUBBLOCK)];
    uint16_t nul[3 * LTE_RM_C_SUBBLOCK + 2 * RUN_CBUF_FMAX];
    int n_nul = F ? null_list(pl, F, nul) : pl->n_dummy;
    /* The window reads w[k0 .. k0 + E + (<NULL>s skipped)): when that ends
     * before N_cb (no wrap) within the first few columns of the v1/v2 part
     * (high code rates, rv 0: MCS 28 reads 4 of them), only v0 and those
     * columns are built. */
    const int end = k0 + E + n_nul, R = pl->R, k_pi = pl->k_pi;
    int n12 = -1;
    if (end <= n_cb) {
        int cols = end <= k_pi ? 0 : (end - k_pi + 2 * R - 1) / (2 * R);
        if (cols <= W12_COLS_PART)
            n12 = cols;
    }
    build_w(pl, d, w, n12);
    copy_window(w, F ? nul : pl->dummy, n_nul, k0, n_cb, E, e);
}

static int run(const char *fn, const lte_rm_turbo_plan *pl, const uint8_t *d0,
               const uint8_t *d1, const uint8_t *d2, int F, int n_cb, int rv, int E, uint8_t *e)
{
    int k0, rc = check_tx(fn, pl, F, n_cb, rv, E, &k0);
    if (rc)
        return rc;
    if (E == 0)
        return 0;
    if (!d0 || !d1 || !d2 || !e)
        return lte_error_set_fn(LTE_EINVAL, fn, "NULL buffer");
    const int D = pl->D;
    uint8_t d[3 * DMAX];
    const uint8_t *dc = d0;
    if (d1 != d0 + D || d2 != d1 + D) {
        memcpy(d, d0, (size_t)D);
        memcpy(d + D, d1, (size_t)D);
        memcpy(d + 2 * D, d2, (size_t)D);
        dc = d;
    }
    if (F <= RUN_CBUF_FMAX) {
        run_cbuf(pl, dc, F, n_cb, k0, E, e);
    } else { /* many filler bits (not an LTE segmentation): the map walk */
        int n = rank_of(pl, n_cb), p0 = rank_of(pl, k0);
        run_window(pl, p0, n, F, dc, E, e);
    }
    return 0;
}

/* The element of l0/l1/l2 at flat position pos. */
static inline float *soft_at(float *const l[3], int D, unsigned pos)
{
    return pos < (unsigned)D       ? l[0] + pos
           : pos < 2 * (unsigned)D ? l[1] + (pos - (unsigned)D)
                                   : l[2] + (pos - 2 * (unsigned)D);
}

static void inverse_window(const lte_rm_turbo_plan *pl, int p, int n, int F, float *const l[3],
                           int E, const float *e)
{
    const uint16_t *map = pl->map;
    const int D = pl->D;
    if (F == 0 && l[1] == l[0] + D && l[2] == l[1] + D) {
        /* within one pass every target is distinct: no dependency through
         * memory inside the inner loop */
        float *acc = l[0];
        for (int k = 0; k < E; p = 0) {
            int len = LTE_MIN(E - k, n - p);
            const uint16_t *m = map + p;
            const float *in = e + k;
            for (int i = 0; i < len; i++)
                acc[m[i]] += in[i];
            k += len;
        }
        return;
    }
    if (F == 0) {
        for (int k = 0; k < E; p = 0) {
            int len = LTE_MIN(E - k, n - p);
            const uint16_t *m = map + p;
            const float *in = e + k;
            for (int i = 0; i < len; i++)
                *soft_at(l, D, m[i]) += in[i];
            k += len;
        }
        return;
    }
    for (int k = 0; k < E; p = 0)
        for (; p < n && k < E; p++)
            if (!is_filler(map[p], D, F))
                *soft_at(l, D, map[p]) += e[k++];
}

/* ---- Column-wise inverse --------------------------------------------------- *
 *
 * Without filler bits the map walk above costs a map load and a scattered
 * read-modify-write per soft value. But one pass over ranks [pa, pb) of the
 * map writes, in w column c of v0, rows lo..hi-1 from consecutive soft
 * values e[rank0[c] - pa + r - 1] (rows 1.. hold no dummies), and in column
 * c of v1/v2 the pairs e[rank12[c] - pa + 2(r - 1) + {0, 1}]; row r of
 * column c is y_s[P(c) + 32 r] (v2: + 1). So reading the columns back row by
 * row (kernels/col32.h) turns the scatter into a transposition that writes
 * y_s in order, each row 32 consecutive values. Row 0 and v2's wrap-around
 * entry (the plan's edge entries) go one at a time, after the columns. In
 * "set" mode the first pass writes every position (acc = +0, the same
 * single addition as zeroing first and adding), so the buffers need no
 * clearing; adding touches only the positions transmitted, as the walk
 * does. The last pass can also write the 8-bit decoder input from the
 * values in registers, sparing the decoder a second read of the buffer.
 * Each position gets its additions in transmission order, as in the walk,
 * so every path gives the same bits. Below AVX-512 the walk stays (see
 * inverse()). */

static inline int ceil_half(int x) { return x >= 0 ? (x + 1) / 2 : -(-x / 2); }
static inline int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Rows [lo, hi) of rows 1..R-1 (kernel row i = w row i + 1) whose rank
 * rk + step i lies in [pa, pb). */
static void rows_in(int rk, int step, int pa, int pb, int rows, int32_t *lo, int32_t *hi)
{
    int a = step == 1 ? pa - rk : ceil_half(pa - rk);
    int b = step == 1 ? pb - rk : ceil_half(pb - rk);
    *lo = clampi(a, 0, rows);
    *hi = clampi(b, *lo, rows);
}

/* One pass over map ranks [pa, pb), soft values e[0..pb-pa-1]. */
static void inverse_cols(const lte_rm_turbo_plan *pl, const float *e, int pa, int pb, int add,
                         float *const l[3], int8_t *q, float q_scale, lte_simd_path path)
{
    const int R = pl->R, rows = R - 1, n_d = pl->k_pi - pl->D;
    lte_col32_src s[3];
    for (int t = 0; t < 3; t++) {
        s[t].src = e;
        s[t].stride = t ? 2 : 1;
    }
    for (int k = 0; k < LTE_RM_C_SUBBLOCK; k++) {
        /* y column k is w column P^-1(k) = P(k): P reverses 5 bits */
        const int c = perm_tc[k], r0 = pl->rank0[c], r12 = pl->rank12[c];
        s[0].base[k] = r0 - pa;
        rows_in(r0, 1, pa, pb, rows, &s[0].lo[k], &s[0].hi[k]);
        s[1].base[k] = r12 - pa;
        rows_in(r12, 2, pa, pb, rows, &s[1].lo[k], &s[1].hi[k]);
        s[2].base[k] = r12 + 1 - pa;
        rows_in(r12 + 1, 2, pa, pb, k == LTE_RM_C_SUBBLOCK - 1 ? rows - 1 : rows, &s[2].lo[k],
                &s[2].hi[k]);
    }
    /* y_s[32 r + k] is l_s[32 r + k - N_D]; v2 holds y_2[32 r + k + 1] */
    for (int t = 0; t < 3; t++) {
        int off = t < 2 ? 32 - n_d : 33 - n_d, n = t < 2 ? 32 * rows : 32 * rows - 1;
        if (q)
            lte_col32_gather_q8(&s[t], rows, add, l[t] + off, n, q + t * pl->D + off, q_scale,
                                path);
        else
            lte_col32_gather(&s[t], rows, add, l[t] + off, n, path);
    }
    for (int t = 0; t < pl->n_edge; t++) {
        int rk = pl->edge_rank[t];
        if (rk >= pa && rk < pb)
            *soft_at(l, pl->D, pl->edge_pos[t]) += e[rk - pa];
    }
}

static int inverse(const char *fn, const lte_rm_turbo_plan *pl, const float *e, int E, int F,
                   int n_cb, int rv, int set, lte_simd_path path, float *l0, float *l1,
                   float *l2, int8_t *q, float q_scale)
{
    int p0, n, rc = window(fn, pl, F, n_cb, rv, E, &p0, &n);
    if (rc)
        return rc;
    if (E == 0 && !set && !q)
        return 0;
    if (!l0 || !l1 || !l2 || (E > 0 && !e))
        return lte_error_set_fn(LTE_EINVAL, fn, "NULL buffer");
    if (q && !(q_scale > 0.0f && q_scale < INFINITY))
        return lte_error_set_fn(LTE_EINVAL, fn, "q_scale = %g: must be finite and > 0",
                                (double)q_scale);
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    float *const l[3] = {l0, l1, l2};
    const int D = pl->D, n_d = pl->k_pi - D;
    /* filler bits shift the ranks: the map walk; likewise below AVX-512,
     * where the transposition (8 x 8 shuffles, no masked scatter for the
     * sparse parity columns) measured slower than the scatter */
    if (F > 0 || p != LTE_SIMD_AVX512) {
        if (set)
            for (int t = 0; t < 3; t++)
                memset(l[t], 0, sizeof(float) * (size_t)D);
        if (E > 0)
            inverse_window(pl, p0, n, F, l, E, e);
        for (int t = 0; q && t < 3; t++)
            lte_llr_quant(l[t], D, q_scale, 8, q + t * D, (lte_simd_path)p);
        return 0;
    }
    if (set) { /* the edge entries' positions: row 0 of each stream (and y_2[0]) */
        memset(l0, 0, sizeof(float) * (size_t)(32 - n_d));
        memset(l1, 0, sizeof(float) * (size_t)(32 - n_d));
        memset(l2, 0, sizeof(float) * (size_t)(33 - n_d));
    }
    /* the transposition reads 32 columns of e at once, 64 bytes of each
     * per step: ask for the block's soft values up front (a few ten KB)
     * rather than missing on 32 streams */
    for (int i = 0; i < LTE_MIN(E, n); i += 16)
        _mm_prefetch((const char *)(e + i), _MM_HINT_T0);
    int k = 0, add = !set;
    do { /* one pass per lap of the circular buffer, in transmission order;
          * the last one also quantises what it leaves */
        int len = LTE_MIN(E - k, n - p0), last = k + len >= E;
        inverse_cols(pl, e + k, p0, p0 + len, add, l, last ? q : NULL, q_scale, (lte_simd_path)p);
        add = 1;
        k += len;
        p0 = 0;
    } while (k < E);
    if (q) /* the edge entries, added after the columns */
        for (int t = 0; t < 3; t++)
            lte_llr_quant(l[t], t < 2 ? 32 - n_d : 33 - n_d, q_scale, 8, q + t * D,
                          (lte_simd_path)p);
    return 0;
}

/* ---- Straight to the 8-bit decoder input ------------------------------------ *
 *
 * A fresh block (set mode) that makes at most one lap of the circular buffer
 * gives each stream position at most one soft value, and l = +0 + value is
 * the value itself (or +0 for -0, which the quantiser also maps to 0). So
 * the quantisation can come first, over e in transmission order, and the
 * de-interleaving then moves bytes: a quarter of the data of the float
 * transposition above, and no float buffer at all. The quantised values go
 * to a scratch buffer indexed by rank (rank (p0 + j) mod n holds e_j):
 * one pass over the window [p0, p0 + E) when it does not wrap (the ranks
 * outside the column windows are read as 0), else over all n ranks with
 * the untransmitted ones zeroed in the scratch. */

/* The byte version of inverse_cols: ranks [pa, pb) from qr, which is
 * indexed by rank; every other position 0. */
static void inverse_cols8(const lte_rm_turbo_plan *pl, const int8_t *qr, int pa, int pb,
                          int8_t *q, lte_simd_path path)
{
    const int R = pl->R, rows = R - 1, D = pl->D, n_d = pl->k_pi - D;
    lte_col8_src s[3];
    for (int t = 0; t < 3; t++) {
        s[t].src = qr;
        s[t].stride = t ? 2 : 1;
    }
    for (int k = 0; k < LTE_RM_C_SUBBLOCK; k++) {
        const int c = perm_tc[k], r0 = pl->rank0[c], r12 = pl->rank12[c];
        s[0].base[k] = r0;
        rows_in(r0, 1, pa, pb, rows, &s[0].lo[k], &s[0].hi[k]);
        s[1].base[k] = r12;
        rows_in(r12, 2, pa, pb, rows, &s[1].lo[k], &s[1].hi[k]);
        s[2].base[k] = r12 + 1;
        rows_in(r12 + 1, 2, pa, pb, k == LTE_RM_C_SUBBLOCK - 1 ? rows - 1 : rows, &s[2].lo[k],
                &s[2].hi[k]);
    }
    for (int t = 0; t < 3; t++) { /* row 0 (and y_2[0]): the edge entries below */
        int off = t < 2 ? 32 - n_d : 33 - n_d, nn = t < 2 ? 32 * rows : 32 * rows - 1;
        memset(q + t * D, 0, (size_t)off);
        lte_col8_gather(&s[t], rows, q + t * D + off, nn, path);
    }
    for (int t = 0; t < pl->n_edge; t++) {
        int rk = pl->edge_rank[t];
        if (rk >= pa && rk < pb)
            q[pl->edge_pos[t]] = qr[rk];
    }
}

int lte_rm_turbo_plan_inverse_q8(const lte_rm_turbo_plan *plan, const float *e, int E, int F,
                                 int n_cb, int rv, float q_scale, lte_simd_path path,
                                 int8_t *scratch, int8_t *q, float *copy)
{
    static const char fn[] = "lte_rm_turbo_plan_inverse_q8";
    LTE_CHECK_ARG(plan, "plan is NULL");
    int p0, n, rc = window(fn, plan, F, n_cb, rv, E, &p0, &n);
    if (rc)
        return rc;
    if (F > 0 || E > n)
        return 1;
    if (!q || !scratch || (E > 0 && !e))
        return lte_error_set_fn(LTE_EINVAL, fn, "NULL buffer");
    if (!(q_scale > 0.0f && q_scale < INFINITY))
        return lte_error_set_fn(LTE_EINVAL, fn, "q_scale = %g: must be finite and > 0",
                                (double)q_scale);
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    /* §5.1.4.1.2: e_j is w[(k0 + j) mod N_cb] with <NULL>s skipped, map rank
     * (p0 + j) mod n; E <= n: no rank twice */
    int8_t *qr = scratch;
    const int len1 = LTE_MIN(E, n - p0), len2 = E - len1;
    if ((len1 > 0 && (rc = lte_col8_quant(e, len1, q_scale, qr + p0, copy, (lte_simd_path)p))) ||
        (len2 > 0 && (rc = lte_col8_quant(e + len1, len2, q_scale, qr, copy ? copy + len1 : NULL,
                                          (lte_simd_path)p))))
        return rc;
    if (p == LTE_SIMD_AVX512) {
        if (len2 == 0) { /* one window of ranks: the others are read as 0 */
            inverse_cols8(plan, qr, p0, p0 + len1, q, (lte_simd_path)p);
        } else { /* wrapped: ranks [len2, p0) untransmitted, then all n ranks */
            memset(qr + len2, 0, (size_t)(p0 - len2));
            inverse_cols8(plan, qr, 0, n, q, (lte_simd_path)p);
        }
        return 0;
    }
    /* the byte scatter of the ranks sent; the other positions 0 */
    memset(q, 0, 3 * (size_t)plan->D);
    const uint16_t *map = plan->map;
    for (int i = p0; i < p0 + len1; i++)
        q[map[i]] = qr[i];
    for (int i = 0; i < len2; i++)
        q[map[i]] = qr[i];
    return 0;
}

/* ---- Plans ----------------------------------------------------------------- */

int lte_rm_turbo_plan_create(int K, lte_rm_turbo_plan **out)
{
    LTE_CHECK_ARG(out, "out is NULL");
    *out = NULL;
    LTE_CHECK_ARG(K >= 1 && K <= LTE_TURBO_KMAX, "K=%d not in [1, %d]", K, LTE_TURBO_KMAX);
    lte_rm_turbo_plan *p = lte_alloc(sizeof *p);
    uint16_t *map = lte_alloc(sizeof(uint16_t) * 3 * (size_t)(K + 4));
    if (!p || !map) {
        lte_free(p);
        lte_free(map);
        return lte_error_set_fn(LTE_ENOMEM, __func__, "K=%d", K);
    }
    plan_init(p, K, map);
    p->owns_map = 1;
    *out = p;
    return 0;
}

void lte_rm_turbo_plan_destroy(lte_rm_turbo_plan *plan)
{
    if (!plan)
        return;
    if (plan->owns_map)
        lte_free(plan->map);
    lte_free(plan);
}

int lte_rm_turbo_plan_k(const lte_rm_turbo_plan *plan)
{
    LTE_CHECK_ARG(plan, "plan is NULL");
    return plan->K;
}

int lte_rm_turbo_plan_run(const lte_rm_turbo_plan *plan, const uint8_t *d0, const uint8_t *d1,
                          const uint8_t *d2, int F, int n_cb, int rv, int E, uint8_t *e)
{
    LTE_CHECK_ARG(plan, "plan is NULL");
    return run(__func__, plan, d0, d1, d2, F, n_cb, rv, E, e);
}

int lte_rm_turbo_plan_inverse(const lte_rm_turbo_plan *plan, const float *e, int E, int F,
                              int n_cb, int rv, float *l0, float *l1, float *l2)
{
    LTE_CHECK_ARG(plan, "plan is NULL");
    return inverse(__func__, plan, e, E, F, n_cb, rv, 0, LTE_SIMD_AUTO, l0, l1, l2, NULL, 0.0f);
}

int lte_rm_turbo_plan_inverse_ex(const lte_rm_turbo_plan *plan, const float *e, int E, int F,
                                 int n_cb, int rv, int flags, lte_simd_path path, float *l0,
                                 float *l1, float *l2, int8_t *q, float q_scale)
{
    LTE_CHECK_ARG(plan, "plan is NULL");
    LTE_CHECK_ARG((flags & ~LTE_RM_INV_SET) == 0, "flags = 0x%x: unknown bits", (unsigned)flags);
    return inverse(__func__, plan, e, E, F, n_cb, rv, flags & LTE_RM_INV_SET, path, l0, l1, l2,
                   q, q_scale);
}

int lte_rm_turbo_plans_create(lte_rm_turbo_plans **out)
{
    LTE_CHECK_ARG(out, "out is NULL");
    *out = NULL;
    size_t total = 0;
    for (int i = 1; i <= LTE_TURBO_NUM_K; i++)
        total += 3 * (size_t)(lte_turbo_k(i) + 4);
    lte_rm_turbo_plans *set = lte_alloc(sizeof *set);
    uint16_t *maps = lte_alloc(sizeof(uint16_t) * total);
    if (!set || !maps) {
        lte_free(set);
        lte_free(maps);
        return lte_error_set_fn(LTE_ENOMEM, __func__, "%zu map entries", total);
    }
    set->maps = maps;
    for (int i = 1; i <= LTE_TURBO_NUM_K; i++) {
        int K = lte_turbo_k(i);
        plan_init(&set->plan[i - 1], K, maps);
        maps += 3 * (K + 4);
    }
    *out = set;
    return 0;
}

void lte_rm_turbo_plans_destroy(lte_rm_turbo_plans *set)
{
    if (!set)
        return;
    lte_free(set->maps);
    lte_free(set);
}

int lte_rm_turbo_plans_get(const lte_rm_turbo_plans *set, int K, const lte_rm_turbo_plan **plan)
{
    LTE_CHECK_ARG(set && plan, "NULL argument");
    *plan = NULL;
    int i = lte_turbo_k_index(K);
    LTE_CHECK_ARG(i >= 1, "K=%d is not a turbo code-block size (Table 5.1.3-3)", K);
    *plan = &set->plan[i - 1];
    return 0;
}

/* ---- Plain functions --------------------------------------------------------- */

int lte_rm_turbo_kw(int K, int *k_pi, int *k_w)
{
    LTE_CHECK_ARG(K >= 1 && K <= LTE_TURBO_KMAX, "K=%d not in [1, %d]", K, LTE_TURBO_KMAX);
    int kp = LTE_RM_C_SUBBLOCK * rows_for(K);
    if (k_pi)
        *k_pi = kp;
    if (k_w)
        *k_w = 3 * kp;
    return 0;
}

int lte_rm_turbo_ncb(int K, int C, int n_ir, int uplink, int *n_cb)
{
    int k_w = 0, rc = lte_rm_turbo_kw(K, NULL, &k_w);
    if (rc)
        return rc;
    LTE_CHECK_ARG(n_cb, "n_cb is NULL");
    if (uplink) { /* UL-SCH */
        *n_cb = k_w;
        return 0;
    }
    LTE_CHECK_ARG(C >= 1, "C=%d < 1", C);
    LTE_CHECK_ARG(n_ir > 0, "n_ir=%d <= 0", n_ir);
    *n_cb = LTE_MIN(n_ir / C, k_w);
    LTE_CHECK_ARG(*n_cb >= 1, "N_IR=%d too small for C=%d code blocks", n_ir, C);
    return 0;
}

int lte_rm_turbo_nir(int n_soft, int k_mimo, int m_dl_harq, int m_limit, int *n_ir)
{
    LTE_CHECK_ARG(n_ir, "n_ir is NULL");
    LTE_CHECK_ARG(n_soft > 0, "n_soft=%d <= 0", n_soft);
    LTE_CHECK_ARG(k_mimo == 1 || k_mimo == 2, "k_mimo=%d not 1 or 2", k_mimo);
    LTE_CHECK_ARG(m_dl_harq >= 1, "m_dl_harq=%d < 1", m_dl_harq);
    LTE_CHECK_ARG(m_limit >= 1, "m_limit=%d < 1", m_limit);
    *n_ir = n_soft / (k_mimo * LTE_MIN(m_dl_harq, m_limit));
    return 0;
}

int lte_rm_turbo_k0(int K, int n_cb, int rv, int *k0)
{
    int k_w = 0, rc = lte_rm_turbo_kw(K, NULL, &k_w);
    if (rc)
        return rc;
    LTE_CHECK_ARG(k0, "k0 is NULL");
    LTE_CHECK_ARG(n_cb >= 1 && n_cb <= k_w, "n_cb=%d not in [1, K_w=%d]", n_cb, k_w);
    LTE_CHECK_ARG(rv >= 0 && rv <= 3, "rv=%d not in 0..3", rv);
    int R = rows_for(K);
    *k0 = R * (2 * ((n_cb + 8 * R - 1) / (8 * R)) * rv + 2) % n_cb;
    return 0;
}

int lte_rm_turbo_cbuf(const uint8_t *d0, const uint8_t *d1, const uint8_t *d2, int K, int F,
                      uint8_t *w)
{
    LTE_CHECK_ARG(d0 && d1 && d2 && w, "NULL buffer");
    LTE_CHECK_ARG(K >= 1 && K <= LTE_TURBO_KMAX, "K=%d not in [1, %d]", K, LTE_TURBO_KMAX);
    LTE_CHECK_ARG(F >= 0 && F <= K, "F=%d not in [0, K=%d]", F, K);
    uint16_t map[3 * DMAX];
    lte_rm_turbo_plan p;
    plan_init(&p, K, map);
    const uint8_t *const src[3] = {d0, d1, d2};
    const int D = p.D;
    int m = 0, nd = 0;
    for (int j = 0; j < p.k_w; j++) {
        if (nd < p.n_dummy && p.dummy[nd] == j) {
            w[j] = LTE_RM_NULL;
            nd++;
            continue;
        }
        unsigned pos = map[m++];
        w[j] = is_filler(pos, D, F) ? LTE_RM_NULL : src[pos / (unsigned)D][pos % (unsigned)D];
    }
    return 0;
}

/* Plain forward: the circular buffer walked a chunk of w at a time. */
static void stream_run(const lte_rm_turbo_plan *g, int j, int n_cb, int F, const uint8_t *d,
                       int E, uint8_t *e)
{
    uint16_t pos[WALK_CHUNK];
    for (int k = 0; k < E;) {
        int jb = LTE_MIN(j + WALK_CHUNK, n_cb);
        int cnt = gen_positions(g, j, jb, pos);
        if (F == 0) {
            int len = LTE_MIN(cnt, E - k);
            for (int i = 0; i < len; i++)
                e[k + i] = d[pos[i]];
            k += len;
        } else {
            for (int i = 0; i < cnt && k < E; i++)
                if (!is_filler(pos[i], g->D, F))
                    e[k++] = d[pos[i]];
        }
        j = jb == n_cb ? 0 : jb;
    }
}

int lte_rm_turbo(const uint8_t *d0, const uint8_t *d1, const uint8_t *d2, int K, int F,
                 int n_cb, int rv, int E, uint8_t *e)
{
    LTE_CHECK_ARG(K >= 1 && K <= LTE_TURBO_KMAX, "K=%d not in [1, %d]", K, LTE_TURBO_KMAX);
    lte_rm_turbo_plan g;
    plan_geom(&g, K);
    int k0, rc = check_tx(__func__, &g, F, n_cb, rv, E, &k0);
    if (rc)
        return rc;
    if (E == 0)
        return 0;
    LTE_CHECK_ARG(d0 && d1 && d2 && e, "NULL buffer");
    const int D = g.D;
    if (d1 == d0 + D && d2 == d1 + D) {
        stream_run(&g, k0, n_cb, F, d0, E, e);
    } else {
        uint8_t d[3 * DMAX];
        memcpy(d, d0, (size_t)D);
        memcpy(d + D, d1, (size_t)D);
        memcpy(d + 2 * D, d2, (size_t)D);
        stream_run(&g, k0, n_cb, F, d, E, e);
    }
    return 0;
}

int lte_rm_turbo_inverse(const float *e, int E, int K, int F, int n_cb, int rv, float *l0,
                         float *l1, float *l2)
{
    LTE_CHECK_ARG(K >= 1 && K <= LTE_TURBO_KMAX, "K=%d not in [1, %d]", K, LTE_TURBO_KMAX);
    lte_rm_turbo_plan g;
    plan_geom(&g, K);
    int j, rc = check_tx(__func__, &g, F, n_cb, rv, E, &j);
    if (rc)
        return rc;
    if (E == 0)
        return 0;
    LTE_CHECK_ARG(l0 && l1 && l2 && e, "NULL buffer");
    float *const l[3] = {l0, l1, l2};
    const int consecutive = l1 == l0 + g.D && l2 == l1 + g.D;
    uint16_t pos[WALK_CHUNK];
    for (int k = 0; k < E;) {
        int jb = LTE_MIN(j + WALK_CHUNK, n_cb);
        int cnt = gen_positions(&g, j, jb, pos);
        if (F == 0 && consecutive) {
            int len = LTE_MIN(cnt, E - k);
            for (int i = 0; i < len; i++)
                l0[pos[i]] += e[k + i];
            k += len;
        } else {
            for (int i = 0; i < cnt && k < E; i++)
                if (F == 0 || !is_filler(pos[i], g.D, F))
                    *soft_at(l, g.D, pos[i]) += e[k++];
        }
        j = jb == n_cb ? 0 : jb;
    }
    return 0;
}

int lte_rm_turbo_set_filler(float *l0, float *l1, int F, float llr)
{
    LTE_CHECK_ARG(F >= 0 && F <= LTE_TURBO_KMAX, "F=%d not in [0, %d]", F, LTE_TURBO_KMAX);
    LTE_CHECK_ARG(F == 0 || (l0 && l1), "NULL buffer");
    for (int k = 0; k < F; k++) /* §5.1.3.2: filler bits and their parity are 0 */
        l0[k] = l1[k] = llr;
    return 0;
}
