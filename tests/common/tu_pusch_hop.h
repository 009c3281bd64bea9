/* Test helpers: a PUSCH frequency-hopping configuration (ltephy/pusch.h,
 * 36.211 §5.3.4, 36.213 §8.4), FDD, hopping enabled; and a second, literal
 * reading of the hopping formulas (the spec's per-VRB mapping applied to
 * every VRB of the allocation, f_hop(i) as the spec's recursion, c(k) from a
 * bit-serial Gold generator) that tests check lte_pusch_hop_prb and the
 * hopped waveforms against.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_TESTS_TU_PUSCH_HOP_H
#define LTEPHY_TESTS_TU_PUSCH_HOP_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "ltephy/pusch.h"

static inline lte_pusch_hopping tu_hopping(int bits, int n_sb, int ho, lte_pusch_hop_mode mode,
                                           int tx_nb)
{
    lte_pusch_hopping h = {0};
    h.enabled = 1;
    h.hop_bits = bits;
    h.n_sb = n_sb;
    h.hopping_offset = ho;
    h.mode = mode;
    h.current_tx_nb = tx_nb;
    return h;
}

/* ---- the model ------------------------------------------------------------------ */

/* c(0..n-1) of 36.211 §7.2, bit by bit. */
static inline void model_gold(uint32_t c_init, int n, uint8_t *c)
{
    enum { NC = 1600 };
    static uint8_t x1[NC + 256 + 31], x2[NC + 256 + 31];
    memset(x1, 0, sizeof x1);
    x1[0] = 1;
    for (int k = 0; k < 31; k++)
        x2[k] = (uint8_t)((c_init >> k) & 1);
    for (int k = 0; k + 31 < NC + n; k++) {
        x1[k + 31] = x1[k + 3] ^ x1[k];
        x2[k + 31] = x2[k + 3] ^ x2[k + 2] ^ x2[k + 1] ^ x2[k];
    }
    for (int i = 0; i < n; i++)
        c[i] = x1[i + NC] ^ x2[i + NC];
}

static inline int mod(int a, int m) { return ((a % m) + m) % m; }

/* f_hop(i), literally: f_hop(-1) = 0; N_sb = 1: 0; N_sb = 2: (f_hop(i-1) +
 * sum_{k=10i+1}^{10i+9} c(k) 2^(k-(10i+1))) mod N_sb; N_sb > 2: (f_hop(i-1) +
 * (sum mod (N_sb - 1)) + 1) mod N_sb. */
static inline int model_fhop(const uint8_t *c, int n_sb, int i)
{
    if (i == -1 || n_sb == 1)
        return 0;
    int sum = 0;
    for (int k = i * 10 + 1; k <= i * 10 + 9; k++)
        sum += c[k] * (1 << (k - (i * 10 + 1)));
    if (n_sb == 2)
        return (model_fhop(c, n_sb, i - 1) + sum) % n_sb;
    return (model_fhop(c, n_sb, i - 1) + sum % (n_sb - 1) + 1) % n_sb;
}

typedef struct model_cell {
    int n_rb_ul, cell_id;
    uint8_t c[200]; /* c(k) of the frame: c_init = N_ID (FDD), 2^9 (n_f mod 4) + N_ID (TDD) */
} model_cell;

static inline void model_cell_init(model_cell *m, int n_rb_ul, int cell_id,
                                   const lte_pusch_hopping *h)
{
    m->n_rb_ul = n_rb_ul;
    m->cell_id = cell_id;
    uint32_t c_init = (uint32_t)cell_id + (h->tdd ? 512u * (uint32_t)(h->sfn % 4) : 0u);
    model_gold(c_init, 200, m->c);
}

/* 36.211 §5.3.4, type 2: n_PRB(n_s) of one VRB. */
static inline int model_type2(const model_cell *m, const lte_pusch_hopping *h, int n_vrb, int n_s)
{
    int N = m->n_rb_ul, n_sb = h->n_sb, ho = h->hopping_offset;
    int n_rb_sb = n_sb == 1 ? N : (int)floor((N - ho - ho % 2) / (double)n_sb);
    int half = (int)ceil(ho / 2.0);
    int vt = n_sb == 1 ? n_vrb : n_vrb - half;
    int intra = h->mode == LTE_PUSCH_HOP_INTRA_INTER_SF;
    int i = intra ? n_s : n_s / 2;
    int fm = n_sb > 1 ? m->c[i * 10] : intra ? i % 2 : h->current_tx_nb % 2;
    int mirror = ((n_rb_sb - 1) - 2 * (vt % n_rb_sb)) * fm;
    int pt = mod(vt + model_fhop(m->c, n_sb, i) * n_rb_sb + mirror, n_rb_sb * n_sb);
    return n_sb == 1 ? pt : pt + half;
}

/* The hopping region and the validity rules of pusch.h read from 36.213
 * §8.4: y bits of RIV, the L_CRBs limits; type 1 both slots inside the
 * N_RB^PUSCH region, type 2 inside one sub-band. Fills used[slot][prb] and
 * the region [*lo, *hi). Returns 1 if the grant is valid. */
static inline int model(const model_cell *m, const lte_pusch_hopping *h, int rb_start, int l,
                        int sf, uint8_t used[2][110], int *lo, int *hi)
{
    int N = m->n_rb_ul, ho = h->hopping_offset, n_bits = N <= 49 ? 1 : 2;
    int type2 = h->hop_bits == (n_bits == 1 ? 1 : 3);
    int y = (int)ceil(log2(N * (N + 1) / 2.0)) - n_bits;
    int l_max = (int)floor(pow(2.0, y) / N);
    int ho_t = ho % 2 ? ho + 1 : ho; /* Ñ_RB^HO */
    memset(used, 0, 2 * 110);
    if (type2) {
        int n_sb = h->n_sb, n_pusch = n_sb == 1 ? N : N - ho_t;
        int n_rb_sb = n_pusch / n_sb, half = n_sb == 1 ? 0 : (int)ceil(ho / 2.0);
        *lo = half;
        *hi = half + n_sb * n_rb_sb;
        if (l > l_max || l > n_rb_sb)
            return 0;
        int v0 = rb_start - half, v1 = v0 + l - 1;
        if (v0 < 0 || v1 >= n_sb * n_rb_sb || v0 / n_rb_sb != v1 / n_rb_sb)
            return 0;
        for (int slot = 0; slot < 2; slot++)
            for (int v = rb_start; v < rb_start + l; v++)
                used[slot][model_type2(m, h, v, 2 * sf + slot)] = 1;
        return 1;
    }
    int n_pusch = N - ho_t - N % 2;
    *lo = ho_t / 2;
    *hi = ho_t / 2 + n_pusch;
    if (l > l_max || rb_start < 0 || rb_start + l > n_pusch)
        return 0;
    /* Table 8.4-2 */
    int shift = n_bits == 1 ? n_pusch / 2
              : h->hop_bits == 0 ? n_pusch / 4
              : h->hop_bits == 1 ? -(n_pusch / 4)
                                 : n_pusch / 2;
    int s1 = rb_start + ho_t / 2, s2 = mod(shift + rb_start, n_pusch);
    if (s2 + l > n_pusch)
        return 0;
    s2 += ho_t / 2;
    int first[2] = {s1, s2};
    if (h->mode == LTE_PUSCH_HOP_INTER_SF)
        first[0] = first[1] = h->current_tx_nb % 2 == 0 ? s1 : s2;
    for (int slot = 0; slot < 2; slot++)
        for (int k = 0; k < l; k++)
            used[slot][first[slot] + k] = 1;
    return 1;
}

#endif
