/* Downlink resource allocation: types 0 and 1 (TS 36.213 §7.1.6.1,
 * §7.1.6.2), type 2 with localized and distributed virtual resource blocks
 * (36.213 §7.1.6.3, TS 36.211 §6.2.3.1, §6.2.3.2), format 1C's allocation
 * and its transport block size (36.213 Table 7.1.7.2.3-1).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/dci.h"
#include "ltephy/tables.h"

static int ceil_log2(int x)
{
    int b = 0;
    while ((1 << b) < x)
        b++;
    return b;
}

#define CHECK_NRB(n) LTE_CHECK_ARG((n) >= 6 && (n) <= LTE_MAX_RB, "n_rb = %d: must be 6..110", (n))

int lte_rbg_size(int n_rb)
{
    CHECK_NRB(n_rb);
    /* 36.213 Table 7.1.6.1-1 */
    return n_rb <= 10 ? 1 : n_rb <= 26 ? 2 : n_rb <= 63 ? 3 : 4;
}

int lte_ra_type0_bits(int n_rb)
{
    CHECK_NRB(n_rb);
    int p = lte_rbg_size(n_rb);
    return (n_rb + p - 1) / p;
}

int lte_ra_type1_bitmap_bits(int n_rb)
{
    CHECK_NRB(n_rb);
    LTE_CHECK_ARG(n_rb > 10, "n_rb = %d: type 1 needs N_RB > 10 (36.212 §5.3.3.1.2)", n_rb);
    int p = lte_rbg_size(n_rb);
    return lte_ra_type0_bits(n_rb) - ceil_log2(p) - 1; /* 36.213 §7.1.6.2 */
}

int lte_ra_type1_field(int n_rb, int subset, int shift, uint32_t bitmap, uint32_t *rba)
{
    LTE_CHECK_ARG(rba != NULL, "rba is NULL");
    int n1 = lte_ra_type1_bitmap_bits(n_rb);
    if (n1 < 0)
        return n1;
    int p = lte_rbg_size(n_rb);
    LTE_CHECK_ARG(subset >= 0 && subset < p, "subset = %d: must be 0..%d", subset, p - 1);
    LTE_CHECK_ARG(shift == 0 || shift == 1, "shift = %d", shift);
    LTE_CHECK_ARG(bitmap < (1u << n1), "bitmap 0x%x does not fit %d bits", (unsigned)bitmap, n1);
    *rba = ((uint32_t)subset << (n1 + 1)) | ((uint32_t)shift << n1) | bitmap;
    return 0;
}

/* ---- RIV (36.213 §7.1.6.3) with any multiplier n >= 1 ------------------- */

static int riv_of(int n, int start, int len)
{
    return len - 1 <= n / 2 ? n * (len - 1) + start : n * (n - len + 1) + (n - 1 - start);
}

/* Start and length (in units) of riv, with start + len <= limit. */
static int riv_split(int n, int limit, int riv, int *start, int *len)
{
    if (riv < 0)
        return -1;
    int a = riv / n, b = riv % n, s = b, l = a + 1;
    if (a > n / 2 || s + l > n) {
        l = n - a + 1;
        s = n - 1 - b;
    }
    if (l < 1 || s < 0 || s + l > limit || riv_of(n, s, l) != riv)
        return -1;
    *start = s;
    *len = l;
    return 0;
}

/* ---- distributed VRBs (36.211 §6.2.3.2) --------------------------------- */

int lte_vrb_gap(int n_rb, int gap, int *n_gap, int *n_vrb, int *n_vrb_tilde)
{
    CHECK_NRB(n_rb);
    LTE_CHECK_ARG(gap == 0 || (gap == 1 && n_rb >= 50),
                  "gap = %d: N_gap,2 exists only for N_RB >= 50 (n_rb = %d)", gap, n_rb);
    /* Table 6.2.3.2-1 */
    int g;
    if (n_rb <= 10)
        g = (n_rb + 1) / 2;
    else if (n_rb == 11)
        g = 4;
    else if (n_rb <= 19)
        g = 8;
    else if (n_rb <= 26)
        g = 12;
    else if (n_rb <= 44)
        g = 18;
    else if (n_rb <= 63)
        g = gap ? 9 : 27;
    else if (n_rb <= 79)
        g = gap ? 16 : 32;
    else
        g = gap ? 16 : 48;
    int nv, nt;
    if (!gap) {
        nv = 2 * LTE_MIN(g, n_rb - g);
        nt = nv;
    } else {
        nv = (n_rb / (2 * g)) * 2 * g;
        nt = 2 * g;
    }
    if (n_gap)
        *n_gap = g;
    if (n_vrb)
        *n_vrb = nv;
    if (n_vrb_tilde)
        *n_vrb_tilde = nt;
    return 0;
}

int lte_vrb_to_prb(int n_rb, int gap, int n_vrb, int slot, int *prb)
{
    LTE_CHECK_ARG(prb != NULL, "prb is NULL");
    int g, nv, nt, rc = lte_vrb_gap(n_rb, gap, &g, &nv, &nt);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(n_vrb >= 0 && n_vrb < nv, "n_vrb = %d: must be 0..%d", n_vrb, nv - 1);
    LTE_CHECK_ARG(slot == 0 || slot == 1, "slot = %d: must be 0 (even) or 1 (odd)", slot);
    int P = lte_rbg_size(n_rb);
    int n_row = (nt + 4 * P - 1) / (4 * P) * P; /* ceil(N~/(4P)) P */
    int n_null = 4 * n_row - nt;
    int v = n_vrb % nt, base = nt * (n_vrb / nt);
    /* n~''_PRB and n~'''_PRB without the N~ floor(n_VRB/N~) term */
    int p2 = 2 * n_row * (v % 2) + v / 2;
    int p3 = n_row * (v % 4) + v / 4;
    int p;
    if (n_null != 0 && v >= nt - n_null)
        p = v % 2 ? p2 - n_row : p2 - n_row + n_null / 2;
    else if (n_null != 0 && v % 4 >= 2)
        p = p3 - n_null / 2;
    else
        p = p3;
    if (slot == 1)
        p = (p + nt / 2) % nt; /* odd slot */
    p += base;
    *prb = p < nt / 2 ? p : p + g - nt / 2;
    return 0;
}

int lte_ra_1c_step(int n_rb)
{
    CHECK_NRB(n_rb);
    return n_rb < 50 ? 2 : 4; /* 36.213 Table 7.1.6.3-1 */
}

/* N'_VRB = floor(N_VRB^DL / N_RB^step) for the gap in use. */
static int n_vrb_1c(int n_rb, int gap)
{
    int nv, rc = lte_vrb_gap(n_rb, gap, NULL, &nv, NULL);
    return rc < 0 ? rc : nv / lte_ra_1c_step(n_rb);
}

int lte_ra_1c_riv(int n_rb, int gap, int rb_start, int l_crbs, int *riv)
{
    LTE_CHECK_ARG(riv != NULL, "riv is NULL");
    int n = n_vrb_1c(n_rb, gap);
    if (n < 0)
        return n;
    int step = lte_ra_1c_step(n_rb);
    LTE_CHECK_ARG(rb_start >= 0 && l_crbs >= step && rb_start % step == 0 && l_crbs % step == 0 &&
                      rb_start / step + l_crbs / step <= n,
                  "rb_start = %d, l_crbs = %d: must be multiples of %d within %d VRBs", rb_start,
                  l_crbs, step, n * step);
    *riv = riv_of(n, rb_start / step, l_crbs / step);
    return 0;
}

int lte_dci_1c_tbs(int tbs_index, int *tbs)
{
    /* 36.213 Table 7.1.7.2.3-1 */
    static const int t[32] = {40,  56,  72,  120, 136, 144, 176,  208,  224,  256,  280,
                              296, 328, 336, 392, 488, 552, 600,  632,  696,  776,  840,
                              904, 1000, 1064, 1128, 1224, 1288, 1384, 1480, 1608, 1736};
    LTE_CHECK_ARG(tbs != NULL, "tbs is NULL");
    LTE_CHECK_ARG(tbs_index >= 0 && tbs_index <= 31, "tbs_index = %d: must be 0..31", tbs_index);
    *tbs = t[tbs_index];
    return 0;
}

/* ---- allocation -> PRBs ------------------------------------------------- */

/* Errors of the helpers below are reported as lte_ra_prbs's. */
#define RA_CHECK(cond, ...)                                                                  \
    do {                                                                                     \
        if (!(cond))                                                                         \
            return lte_error_set_fn(LTE_EINVAL, "lte_ra_prbs", __VA_ARGS__);                 \
    } while (0)

static int type0(int n_rb, uint32_t rba, uint8_t prb[2][LTE_MAX_RB])
{
    int P = lte_rbg_size(n_rb), n_rbg = lte_ra_type0_bits(n_rb), n = 0;
    RA_CHECK(n_rbg >= 32 || rba < (1u << n_rbg), "rba = 0x%x: type 0 has %d bits",
                  (unsigned)rba, n_rbg);
    /* §7.1.6.1: RBG 0..N_RBG-1 <-> MSB..LSB; the last RBG may be short */
    for (int j = 0; j < n_rbg; j++)
        if ((rba >> (n_rbg - 1 - j)) & 1u)
            for (int k = j * P; k < LTE_MIN((j + 1) * P, n_rb); k++, n++)
                prb[0][k] = 1;
    return n;
}

static int type1(int n_rb, uint32_t rba, uint8_t prb[2][LTE_MAX_RB])
{
    int n1 = lte_ra_type1_bitmap_bits(n_rb);
    if (n1 < 0)
        return n1;
    int P = lte_rbg_size(n_rb), sb = ceil_log2(P), n = 0;
    RA_CHECK(rba < (1u << (sb + 1 + n1)), "rba = 0x%x: type 1 has %d bits", (unsigned)rba,
                  sb + 1 + n1);
    int p = (int)(rba >> (n1 + 1)), shift = (int)((rba >> n1) & 1u);
    uint32_t bitmap = rba & ((1u << n1) - 1u);
    RA_CHECK(p < P, "type 1 subset p = %d: must be 0..%d", p, P - 1);
    /* §7.1.6.2: VRBs in RBG subset p */
    int q = ((n_rb - 1) / P) % P, base = (n_rb - 1) / (P * P) * P;
    int n_sub = p < q ? base + P : p == q ? base + (n_rb - 1) % P + 1 : base;
    int delta = shift ? n_sub - n1 : 0;
    for (int i = 0; i < n1; i++) {
        if (!((bitmap >> (n1 - 1 - i)) & 1u))
            continue;
        int x = i + delta;
        int v = x / P * P * P + p * P + x % P;
        RA_CHECK(x >= 0 && x < n_sub && v < n_rb,
                      "type 1 bitmap bit %d (subset %d, shift %d) addresses no RB of %d", i, p,
                      shift, n_rb);
        prb[0][v] = 1;
        n++;
    }
    return n;
}

static int distributed(int n_rb, int gap, int start, int len, uint8_t prb[2][LTE_MAX_RB])
{
    for (int v = start; v < start + len; v++)
        for (int s = 0; s < 2; s++) {
            int k, rc = lte_vrb_to_prb(n_rb, gap, v, s, &k);
            if (rc < 0)
                return rc;
            prb[s][k] = 1;
        }
    return len;
}

int lte_ra_prbs(int n_rb, const lte_ra *ra, uint8_t prb[2][LTE_MAX_RB])
{
    LTE_CHECK_ARG(ra != NULL && prb != NULL, "NULL argument");
    CHECK_NRB(n_rb);
    memset(prb, 0, 2 * LTE_MAX_RB);
    int n = 0, start, len, nv;
    switch (ra->type) {
    case LTE_RA_TYPE0:
        n = type0(n_rb, ra->rba, prb);
        break;
    case LTE_RA_TYPE1:
        n = type1(n_rb, ra->rba, prb);
        break;
    case LTE_RA_TYPE2_LOC:
        if (riv_split(n_rb, n_rb, ra->riv, &start, &len) < 0)
            return lte_error_set_fn(LTE_EINVAL, __func__, "riv = %d is not a valid RIV for %d RBs",
                                    ra->riv, n_rb);
        for (int k = start; k < start + len; k++)
            prb[0][k] = 1;
        n = len;
        break;
    case LTE_RA_TYPE2_DIST: {
        int rc = lte_vrb_gap(n_rb, ra->n_gap, NULL, &nv, NULL);
        if (rc < 0)
            return rc;
        /* §7.1.6.3: the RIV multiplier is N_RB^DL, the length bound N_VRB^DL */
        if (riv_split(n_rb, nv, ra->riv, &start, &len) < 0)
            return lte_error_set_fn(LTE_EINVAL, __func__,
                                    "riv = %d: no start/length within the %d distributed VRBs of "
                                    "%d RBs", ra->riv, nv, n_rb);
        LTE_CHECK_ARG(ra->max_crbs <= 0 || len <= ra->max_crbs,
                      "%d distributed VRBs: this assignment allows at most %d", len,
                      ra->max_crbs);
        return distributed(n_rb, ra->n_gap, start, len, prb);
    }
    case LTE_RA_TYPE2_1C: {
        int np = n_vrb_1c(n_rb, ra->n_gap), step = lte_ra_1c_step(n_rb);
        if (np < 0)
            return np;
        if (riv_split(np, np, ra->riv, &start, &len) < 0)
            return lte_error_set_fn(LTE_EINVAL, __func__,
                                    "riv = %d is not a valid format 1C RIV (N'_VRB = %d)", ra->riv,
                                    np);
        return distributed(n_rb, ra->n_gap, start * step, len * step, prb);
    }
    default:
        return lte_error_set_fn(LTE_EINVAL, __func__, "type = %d: not an lte_ra_type",
                                (int)ra->type);
    }
    if (n < 0)
        return n;
    LTE_CHECK_ARG(n > 0, "the allocation holds no resource block");
    memcpy(prb[1], prb[0], LTE_MAX_RB);
    return n;
}

int lte_dci_1a_ra(const lte_dci_cfg *cfg, const lte_dci_1a *dci, lte_ra *ra)
{
    LTE_CHECK_ARG(cfg != NULL && dci != NULL && ra != NULL, "NULL argument");
    memset(ra, 0, sizeof *ra);
    ra->type = dci->distributed ? LTE_RA_TYPE2_DIST : LTE_RA_TYPE2_LOC;
    ra->riv = dci->riv;
    ra->n_gap = dci->distributed && cfg->n_rb_dl >= 50 ? dci->n_gap : 0;
    /* §7.1.6.3: with a C-RNTI and N_RB >= 50 at most 16 distributed VRBs */
    if (dci->distributed && cfg->n_rb_dl >= 50 && !cfg->broadcast)
        ra->max_crbs = 16;
    return 0;
}

int lte_dci_dl_ra(const lte_dci_cfg *cfg, const lte_dci_dl *dci, lte_ra *ra)
{
    LTE_CHECK_ARG(cfg != NULL && dci != NULL && ra != NULL, "NULL argument");
    LTE_CHECK_ARG(dci->ra_type == 0 || (dci->ra_type == 1 && cfg->n_rb_dl > 10),
                  "ra_type = %d with %d RBs", dci->ra_type, cfg->n_rb_dl);
    memset(ra, 0, sizeof *ra);
    ra->type = dci->ra_type ? LTE_RA_TYPE1 : LTE_RA_TYPE0;
    ra->rba = dci->rba;
    return 0;
}

int lte_dci_1c_ra(const lte_dci_cfg *cfg, const lte_dci_1c *dci, lte_ra *ra)
{
    LTE_CHECK_ARG(cfg != NULL && dci != NULL && ra != NULL, "NULL argument");
    memset(ra, 0, sizeof *ra);
    ra->type = LTE_RA_TYPE2_1C;
    ra->riv = dci->riv;
    ra->n_gap = cfg->n_rb_dl >= 50 ? dci->n_gap : 0;
    return 0;
}

int lte_ra_re_list(const lte_grid *g, const uint8_t prb[2][LTE_MAX_RB], uint32_t *idx, int max)
{
    LTE_CHECK_ARG(g != NULL && prb != NULL, "NULL argument");
    LTE_CHECK_ARG(max >= 0 && (max == 0 || idx != NULL), "max = %d with idx %p", max,
                  (const void *)idx);
    int half = g->n_symb / 2;
    int n0 = lte_grid_re_list(&g->cell, g->map, LTE_RE_PDSCH, 0, half, prb[0], idx, max);
    if (n0 < 0)
        return n0;
    int left = max > n0 ? max - n0 : 0;
    int n1 = lte_grid_re_list(&g->cell, g->map, LTE_RE_PDSCH, half, g->n_symb, prb[1],
                              left ? idx + n0 : NULL, left);
    return n1 < 0 ? n1 : n0 + n1;
}
