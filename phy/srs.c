/* Sounding reference signal: subframe tables, frequency position and
 * hopping, mapping, LS estimate and timing (36.211 §5.5.3, 36.213 §8.2).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "kernels/internal.h"
#include "ltephy/srs.h"

/* 36.211 Table 5.5.3.3-1 (FDD): T_SFC and Delta_SFC (bit mask), srs-SubframeConfig
 * 0..14; 15 is reserved. */
static const struct { uint8_t t; uint16_t d; } sfc_fdd[15] = {
    {1, 0x001},  {2, 0x001},  {2, 0x002},  {5, 0x001},  {5, 0x002},
    {5, 0x004},  {5, 0x008},  {5, 0x003},  {5, 0x00c},  {10, 0x001},
    {10, 0x002}, {10, 0x004}, {10, 0x008},
    {10, 0x15f}, /* {0,1,2,3,4,6,8} */
    {10, 0x17f}, /* {0,1,2,3,4,5,6,8} */
};
/* 36.211 Table 5.5.3.3-2 (TDD): configurations 0..13; 14, 15 reserved. */
static const struct { uint8_t t; uint16_t d; } sfc_tdd[14] = {
    {5, 0x002},  {5, 0x006},  {5, 0x00a},  {5, 0x012},  {5, 0x00e},
    {5, 0x016},  {5, 0x01a},  {5, 0x01e},
    {10, 0x046}, /* {1,2,6} */
    {10, 0x04a}, /* {1,3,6} */
    {10, 0x0c2}, /* {1,6,7} */
    {10, 0x146}, /* {1,2,6,8} */
    {10, 0x24a}, /* {1,3,6,9} */
    {10, 0x0d2}, /* {1,4,6,7} */
};

/* 36.213 Table 8.2-2: the offset pairs of the 2 ms TDD configurations I_SRS 0..9. */
static const int8_t tdd2_off[10][2] = {
    {0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}, {0, 4}, {1, 4}, {2, 3}, {2, 4}, {3, 4},
};

int lte_srs_sf_config(int tdd, int config, int *t_sfc, unsigned *delta_mask)
{
    LTE_CHECK_ARG(tdd == 0 || tdd == 1, "tdd = %d: must be 0 or 1", tdd);
    int n = tdd ? 14 : 15;
    LTE_CHECK_ARG(config >= 0 && config < n, "config = %d: srs-SubframeConfig must be 0..%d "
                  "(the others are reserved)", config, n - 1);
    if (t_sfc)
        *t_sfc = tdd ? sfc_tdd[config].t : sfc_fdd[config].t;
    if (delta_mask)
        *delta_mask = tdd ? sfc_tdd[config].d : sfc_fdd[config].d;
    return 0;
}

int lte_srs_cell_subframe(int tdd, int config, int sf)
{
    int t;
    unsigned d;
    int rc = lte_srs_sf_config(tdd, config, &t, &d);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(sf >= 0 && sf < 10, "sf = %d: must be 0..9", sf);
    return (int)((d >> (sf % t)) & 1u); /* §5.5.3.3: floor(n_s/2) mod T_SFC in Delta_SFC */
}

/* The row of an I_SRS table made of ranges: T = per[r] from first[r] on,
 * T_offset = I_SRS - first[r], except TDD's 2 ms rows (tdd2_off). i_srs is
 * inside the table (the caller checked). */
static void isrs_row(int tdd, int i_srs, const int *per, const int *first, int *t_srs,
                     int t_offset[2])
{
    int r = 0;
    while (i_srs >= first[r + 1])
        r++;
    *t_srs = per[r];
    if (tdd && r == 0) {
        t_offset[0] = tdd2_off[i_srs][0];
        t_offset[1] = tdd2_off[i_srs][1];
    } else {
        t_offset[0] = t_offset[1] = i_srs - first[r];
    }
}

int lte_srs_isrs(int tdd, int i_srs, int *t_srs, int t_offset[2])
{
    LTE_CHECK_ARG(tdd == 0 || tdd == 1, "tdd = %d: must be 0 or 1", tdd);
    LTE_CHECK_ARG(t_srs != NULL && t_offset != NULL, "NULL output");
    /* Tables 8.2-1 / 8.2-2: I_SRS ranges start at first[] with period per[] and
     * T_offset = I_SRS - first */
    static const int per[8] = {2, 5, 10, 20, 40, 80, 160, 320};
    static const int first_fdd[9] = {0, 2, 7, 17, 37, 77, 157, 317, 637};
    static const int first_tdd[9] = {0, 10, 15, 25, 45, 85, 165, 325, 645};
    const int *first = tdd ? first_tdd : first_fdd;
    LTE_CHECK_ARG(i_srs >= 0 && i_srs < first[8], "i_srs = %d: must be 0..%d (others reserved)",
                  i_srs, first[8] - 1);
    isrs_row(tdd, i_srs, per, first, t_srs, t_offset);
    return 0;
}

/* 36.213 Table 8.2-4 (FDD) and Table 8.2-5 (TDD), trigger type 1 (Rel-10
 * on), rows as listed in srs.h. Source: the 36.213 tables as recalled; no
 * copy of the spec text was retrievable when this was written, so the rows
 * were confirmed two other ways: the valid ranges (FDD 0..16, TDD 1..24, TDD 0
 * reserved) against the srs-ConfigIndexAp-r10 limits of a public UE RRC
 * implementation (FDD max 16, TDD max 24, TDD value 0 reserved), and the
 * structure by test_srs_aperiodic.c (ranges tile 0..31, offsets < T, each
 * periodicity's offsets once, the 2 ms pairs). The TDD 2 ms rows 1..9 carry
 * the offset pairs of Table 8.2-2 rows 1..9 (tdd2_off[1..9]). */
int lte_srs_isrs_ap(int tdd, int i_srs, int *t_srs, int t_offset[2])
{
    LTE_CHECK_ARG(tdd == 0 || tdd == 1, "tdd = %d: must be 0 or 1", tdd);
    LTE_CHECK_ARG(t_srs != NULL && t_offset != NULL, "NULL output");
    /* I_SRS ranges: T = per[r] from first[r], T_offset = I_SRS - first[r] */
    static const int per[3] = {2, 5, 10};
    static const int first_fdd[4] = {0, 2, 7, 17};
    static const int first_tdd[4] = {1, 10, 15, 25};
    const int *first = tdd ? first_tdd : first_fdd;
    LTE_CHECK_ARG(i_srs >= first[0] && i_srs < first[3],
                  "i_srs = %d: srs-ConfigIndexAp must be %d..%d for %s (Table 8.2-%d; "
                  "the others are reserved)",
                  i_srs, first[0], first[3] - 1, tdd ? "TDD" : "FDD", tdd ? 5 : 4);
    isrs_row(tdd, i_srs, per, first, t_srs, t_offset);
    return 0;
}

int lte_srs_ap_request(int n_bits, int value, int n_sets)
{
    LTE_CHECK_ARG(n_bits == 1 || n_bits == 2,
                  "n_bits = %d: the SRS request field has 1 (DCI 0/1A/2B/2C/2D) or 2 (DCI 4) "
                  "bits", n_bits);
    LTE_CHECK_ARG(value >= 0 && value < (1 << n_bits), "value = %d: a %d-bit field holds 0..%d",
                  value, n_bits, (1 << n_bits) - 1);
    LTE_CHECK_ARG(n_sets >= 1 && n_sets <= (n_bits == 2 ? 3 : 1),
                  "n_sets = %d: %s", n_sets,
                  n_bits == 2 ? "srs-ConfigApDCI-Format4 holds 1..3 sets"
                              : "a 1-bit request has exactly one set");
    /* 36.213 Table 8.1-1 ('00' none, '01'..'11' the first..third set) and §8.2
     * (1-bit field: a type 1 SRS is triggered by the value 1) */
    LTE_CHECK_ARG(value <= n_sets, "value = %d requests SRS parameter set %d, only %d configured",
                  value, value, n_sets);
    return value;
}

int lte_srs_tdd_ksrs(int sf, int sym, int uppts_len)
{
    LTE_CHECK_ARG(sf >= 0 && sf < 10, "sf = %d: must be 0..9", sf);
    LTE_CHECK_ARG(uppts_len == 1 || uppts_len == 2, "uppts_len = %d: must be 1 or 2", uppts_len);
    LTE_CHECK_ARG(sym == 0 || sym == 1, "sym = %d: must be 0 or 1", sym);
    /* 36.213 Table 8.2-3: subframes 0 and 5 are downlink; the special
     * subframes 1 and 6 map their UpPTS symbols to k_SRS 0,1 / 5,6 (two
     * symbols) or 1 / 6 (one symbol); the other subframes k_SRS = sf. */
    if (sf == 0 || sf == 5)
        return -1;
    if (sf == 1 || sf == 6) {
        if (sym >= uppts_len)
            return -1;
        return sf - 1 + (uppts_len == 2 ? sym : 1);
    }
    return sf;
}

static int check_cfg(const lte_srs_cfg *c)
{
    LTE_CHECK_ARG(c != NULL, "cfg is NULL");
    LTE_CHECK_ARG(c->rs.cell_id >= 0 && c->rs.cell_id <= 503, "rs.cell_id = %d: must be 0..503",
                  c->rs.cell_id);
    LTE_CHECK_ARG(c->rs.cp == LTE_CP_NORMAL || c->rs.cp == LTE_CP_EXTENDED, "rs.cp = %d: invalid",
                  (int)c->rs.cp);
    LTE_CHECK_ARG(c->n_rb_ul >= 6 && c->n_rb_ul <= LTE_MAX_RB, "n_rb_ul = %d: must be 6..%d",
                  c->n_rb_ul, LTE_MAX_RB);
    LTE_CHECK_ARG(c->c_srs >= 0 && c->c_srs <= 7, "c_srs = %d: must be 0..7", c->c_srs);
    LTE_CHECK_ARG(c->b_srs >= 0 && c->b_srs <= 3, "b_srs = %d: must be 0..3", c->b_srs);
    LTE_CHECK_ARG(c->b_hop >= 0 && c->b_hop <= 3, "b_hop = %d: must be 0..3", c->b_hop);
    LTE_CHECK_ARG(c->n_rrc >= 0 && c->n_rrc <= 23, "n_rrc = %d: must be 0..23", c->n_rrc);
    LTE_CHECK_ARG(c->k_tc == 0 || c->k_tc == 1, "k_tc = %d: must be 0 or 1", c->k_tc);
    LTE_CHECK_ARG(c->n_cs >= 0 && c->n_cs <= 7, "n_cs = %d: must be 0..7", c->n_cs);
    LTE_CHECK_ARG(c->tdd == 0 || c->tdd == 1, "tdd = %d: must be 0 or 1", c->tdd);
    LTE_CHECK_ARG(!c->tdd || c->n_sp == 1 || c->n_sp == 2, "n_sp = %d: must be 1 or 2", c->n_sp);
    LTE_CHECK_ARG(c->tdd || !c->uppts, "uppts = 1 needs tdd = 1");
    LTE_CHECK_ARG(c->n_ra >= 0 && c->n_ra <= 6, "n_ra = %d: must be 0..6", c->n_ra);
    LTE_CHECK_ARG(c->trigger_type == 0 || c->trigger_type == 1,
                  "trigger_type = %d: must be 0 (periodic) or 1 (aperiodic)", c->trigger_type);
    return 0;
}

/* T_SRS and T_offset of the configuration's trigger type. */
static int cfg_isrs(const lte_srs_cfg *c, int *t, int off[2])
{
    return c->trigger_type ? lte_srs_isrs_ap(c->tdd, c->i_srs, t, off)
                           : lte_srs_isrs(c->tdd, c->i_srs, t, off);
}

/* The UE-specific condition of 36.213 §8.2 at k_SRS of frame n_f (the same
 * form for both trigger types): index of the matching offset, or -1. */
static int ue_hit(int tdd, int t, const int off[2], int n_f, int k_srs)
{
    for (int i = 0; i < 2; i++) {
        int hit = (tdd && t == 2) ? (k_srs - off[i] + 10) % 5 == 0
                                  : (10 * n_f + k_srs - off[i]) % t == 0;
        if (hit)
            return i;
    }
    return -1;
}

int lte_srs_m0_max(int n_rb_ul, int n_ra)
{
    LTE_CHECK_ARG(n_rb_ul >= 6 && n_rb_ul <= LTE_MAX_RB, "n_rb_ul = %d: must be 6..%d", n_rb_ul,
                  LTE_MAX_RB);
    LTE_CHECK_ARG(n_ra >= 0 && n_ra <= 6, "n_ra = %d: must be 0..6", n_ra);
    int best = 0;
    for (int c = 0; c < 8; c++) {
        int m;
        lte_srs_bw(n_rb_ul, c, 0, &m, NULL);
        if (m <= n_rb_ul - 6 * n_ra && m > best)
            best = m;
    }
    LTE_CHECK_ARG(best > 0, "n_ra = %d: no SRS bandwidth fits %d PRBs less the PRACH", n_ra,
                  n_rb_ul);
    return best;
}

int lte_srs_ue_subframe(const lte_srs_cfg *cfg, int n_f, int k_srs, int *toff)
{
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(n_f >= 0 && n_f <= 1023, "n_f = %d: must be 0..1023", n_f);
    LTE_CHECK_ARG(k_srs >= 0 && k_srs <= 9, "k_srs = %d: must be 0..9", k_srs);
    int t, off[2];
    if ((rc = cfg_isrs(cfg, &t, off)) < 0)
        return rc;
    int i = ue_hit(cfg->tdd, t, off, n_f, k_srs);
    if (i < 0)
        return 0;
    if (toff)
        *toff = off[i];
    return 1;
}

int lte_srs_ap_subframe(const lte_srs_cfg *cfg, const lte_cell_cfg *cell, int n_f,
                        int sf_trigger, lte_srs_ap_tx *tx)
{
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(cfg->trigger_type == 1, "trigger_type = %d: must be 1 (aperiodic)",
                  cfg->trigger_type);
    LTE_CHECK_ARG(n_f >= 0 && n_f <= 1023, "n_f = %d: must be 0..1023", n_f);
    LTE_CHECK_ARG(sf_trigger >= 0 && sf_trigger <= 9, "sf_trigger = %d: must be 0..9",
                  sf_trigger);
    LTE_CHECK_ARG(tx != NULL, "tx is NULL");
    int t, off[2];
    if ((rc = cfg_isrs(cfg, &t, off)) < 0)
        return rc;
    int uppts_len = 0;
    char type[10];
    if (cfg->tdd) {
        LTE_CHECK_ARG(cell != NULL, "cell is NULL: a TDD SRS needs the cell's subframe pattern");
        LTE_CHECK_ARG(cell->duplex == LTE_TDD, "cfg->tdd = 1 but the cell is not TDD");
        LTE_CHECK_ARG(cell->ul_cp == cfg->rs.cp, "cell->ul_cp = %d differs from cfg->rs.cp = %d",
                      (int)cell->ul_cp, (int)cfg->rs.cp);
        for (int sf = 0; sf < 10; sf++) {
            int ty = lte_cell_subframe_type(cell, sf);
            if (ty < 0)
                return ty;
            type[sf] = (char)ty;
        }
        if ((uppts_len = lte_cell_uppts_symbols(cell)) < 0)
            return uppts_len;
        /* 36.211 Table 4.2-2: a special subframe in both half frames = 5 ms
         * switch-point periodicity, N_SP = 2 */
        int n_sp = type[6] == LTE_SF_SPECIAL ? 2 : 1;
        LTE_CHECK_ARG(cfg->n_sp == n_sp, "n_sp = %d: TDD configuration %d has %d switch points",
                      cfg->n_sp, cell->tdd_config, n_sp);
    } else {
        LTE_CHECK_ARG(cell == NULL || cell->duplex == LTE_FDD,
                      "cfg->tdd = 0 but the cell is TDD");
    }
    int cp_symb = cfg->rs.cp == LTE_CP_NORMAL ? 14 : 12;
    /* 36.213 §8.2: the first subframe n + k, k >= 4, satisfying the type 1
     * condition. The condition repeats every 10 subframes (T_SRS,1 divides
     * 10, the TDD pattern is per frame), so k = 4..13 covers every case. */
    for (int k = 4; k < 14; k++) {
        int sf = (sf_trigger + k) % 10;
        int nf = (n_f + (sf_trigger + k) / 10) % 1024;
        int nsym = 1; /* SRS positions of the subframe */
        if (cfg->tdd) {
            if (type[sf] == LTE_SF_DL)
                continue;
            nsym = type[sf] == LTE_SF_SPECIAL ? uppts_len : 1;
        }
        for (int s = 0; s < nsym; s++) {
            int k_srs = cfg->tdd ? lte_srs_tdd_ksrs(sf, s, uppts_len) : sf;
            if (k_srs < 0)
                continue;
            int i = ue_hit(cfg->tdd, t, off, nf, k_srs);
            if (i < 0)
                continue;
            int sp = cfg->tdd && type[sf] == LTE_SF_SPECIAL;
            tx->n_f = nf;
            tx->sf = sf;
            tx->k = k;
            tx->k_srs = k_srs;
            tx->toff = off[i];
            tx->uppts = sp;
            /* UpPTS: the last uppts_len symbols of the special subframe */
            tx->sym = sp ? cp_symb - uppts_len + s : lte_srs_symbol(cfg->rs.cp);
            tx->ns = 2 * sf + 1;
            return 0;
        }
    }
    return lte_error_set_fn(LTE_EINVAL, __func__,
                            "srs-ConfigIndexAp %d (T_SRS,1 = %d, T_offset,1 = %d/%d) selects no "
                            "uplink subframe or UpPTS symbol of this %s cell",
                            cfg->i_srs, t, off[0], off[1], cfg->tdd ? "TDD" : "FDD");
}

int lte_srs_counter(const lte_srs_cfg *cfg, int n_f, int ns, int toff)
{
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(n_f >= 0 && n_f <= 1023, "n_f = %d: must be 0..1023", n_f);
    LTE_CHECK_ARG(ns >= 0 && ns < 20, "ns = %d: must be 0..19", ns);
    int t, off[2];
    if ((rc = cfg_isrs(cfg, &t, off)) < 0)
        return rc;
    if (cfg->tdd && t == 2) {
        LTE_CHECK_ARG(toff == off[0] || toff == off[1],
                      "toff = %d: not an offset of I_SRS = %d (%d, %d)", toff, cfg->i_srs, off[0],
                      off[1]);
        /* T_offset_max: the larger offset of the configuration's pair */
        return 2 * cfg->n_sp * n_f + 2 * (cfg->n_sp - 1) * (ns / 10) + toff / off[1];
    }
    return (10 * n_f + ns / 2) / t;
}

int lte_srs_allocate(const lte_srs_cfg *cfg, int n_srs, int n_f, int ns, lte_srs_alloc *a)
{
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(a != NULL, "a is NULL");
    LTE_CHECK_ARG(n_srs >= 0, "n_srs = %d: must be >= 0", n_srs);
    LTE_CHECK_ARG(n_f >= 0 && n_f <= 1023, "n_f = %d: must be 0..1023", n_f);
    LTE_CHECK_ARG(ns >= 0 && ns < 20, "ns = %d: must be 0..19", ns);
    int m[4], nb[4];
    for (int b = 0; b < 4; b++)
        lte_srs_bw(cfg->n_rb_ul, cfg->c_srs, b, &m[b], &nb[b]);
    int nrb = cfg->n_rb_ul, kbar0;
    if (cfg->uppts) {
        int mmax = lte_srs_m0_max(nrb, cfg->n_ra);
        if (mmax < 0)
            return mmax;
        if (cfg->max_uppts)
            m[0] = mmax;
        int n_hf = ns >= 10;
        kbar0 = (((n_f % 2) * (2 - cfg->n_sp) + n_hf) % 2 == 0)
                    ? (nrb - mmax) * LTE_NSC_RB + cfg->k_tc
                    : cfg->k_tc;
    } else {
        LTE_CHECK_ARG(m[0] <= nrb, "c_srs = %d: m_SRS,0 = %d PRBs exceeds N_RB^UL = %d (not a "
                      "valid configuration for this bandwidth)", cfg->c_srs, m[0], nrb);
        kbar0 = (nrb / 2 - m[0] / 2) * LTE_NSC_RB + cfg->k_tc;
    }
    int k0 = kbar0;
    /* 36.211 §5.5.3.2: no frequency hopping for aperiodic (type 1) SRS */
    int hop = cfg->trigger_type == 0 && cfg->b_hop < cfg->b_srs;
    for (int b = 0; b <= cfg->b_srs; b++) {
        int base = (4 * cfg->n_rrc / m[b]) % nb[b];
        int n = base;
        if (hop && b > cfg->b_hop) {
            /* P_{b-1} and P_b with N_{b_hop} counted as 1 */
            long p_prev = 1;
            for (int bb = cfg->b_hop + 1; bb < b; bb++)
                p_prev *= nb[bb];
            long p_b = p_prev * nb[b];
            long f;
            if (nb[b] % 2 == 0)
                f = (nb[b] / 2) * ((n_srs % p_b) / p_prev) + (n_srs % p_b) / (2 * p_prev);
            else
                f = (nb[b] / 2) * (n_srs / p_prev);
            n = (int)((f + 4 * cfg->n_rrc / m[b]) % nb[b]);
        }
        a->nb[b] = n;
        k0 += LTE_SRS_KTC * (m[b] * LTE_NSC_RB / LTE_SRS_KTC) * n; /* K_TC M_sc,b^RS n_b */
    }
    for (int b = cfg->b_srs + 1; b < 4; b++)
        a->nb[b] = 0;
    a->n_srs = n_srs;
    a->k0 = k0;
    a->m_srs = m[cfg->b_srs];
    a->m_sc = m[cfg->b_srs] * LTE_NSC_RB / LTE_SRS_KTC;
    LTE_CHECK_ARG(k0 + LTE_SRS_KTC * (a->m_sc - 1) < nrb * LTE_NSC_RB,
                  "SRS at k_0 = %d, %d tones, leaves the %d PRBs", k0, a->m_sc, nrb);
    return 0;
}

int lte_srs_symbol(lte_cp cp)
{
    LTE_CHECK_ARG(cp == LTE_CP_NORMAL || cp == LTE_CP_EXTENDED, "cp = %d: invalid", (int)cp);
    return cp == LTE_CP_NORMAL ? 13 : 11;
}

int lte_srs_map(const lte_srs_cfg *cfg, int n_srs, int n_f, int ns, float beta,
                float complex *sym, lte_srs_alloc *a)
{
    lte_srs_alloc al;
    int rc = lte_srs_allocate(cfg, n_srs, n_f, ns, &al);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(sym != NULL, "sym is NULL");
    float complex r[LTE_ULRS_MAX_MSC / 2];
    if ((rc = lte_srs_seq(&cfg->rs, ns, al.m_sc, cfg->n_cs, r)) < 0)
        return rc;
    for (int k = 0; k < al.m_sc; k++) /* §5.5.3.2: a_{K_TC k + k_0} = beta r(k) */
        sym[LTE_SRS_KTC * k + al.k0] = beta * r[k];
    if (a)
        *a = al;
    return 0;
}

/* Timing from the phase slope of h (m tones on the comb): coarse at lag 1,
 * refined at lags 8, 64, ... up to m/2 (see srs.h). */
static double slope_timing(const float complex *hl, int m)
{
    const double w = 2.0 * M_PI * LTE_SRS_KTC * 15000.0; /* rad per tone per second */
    double tau = 0;
    for (int lag = 1;; lag *= 8) {
        if (lag > m / 2)
            lag = m / 2 > 1 ? m / 2 : 1;
        double complex acc = 0;
        for (int k = 0; k + lag < m; k++)
            acc += (double complex)hl[k + lag] * conj((double complex)hl[k]);
        acc *= cexp(I * w * tau * lag); /* remove what tau already explains */
        tau += -carg(acc) / (w * lag);
        if (lag >= m / 2)
            break;
    }
    return tau;
}

/* LS per comb tone into hl; returns the allocation. */
static int ls_estimate(const lte_srs_cfg *cfg, int n_srs, int n_f, int ns, float beta,
                       const float complex *sym, float complex *hl, lte_srs_alloc *al)
{
    int rc = lte_srs_allocate(cfg, n_srs, n_f, ns, al);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(sym != NULL, "sym is NULL");
    LTE_CHECK_ARG(beta > 0 && isfinite(beta), "beta = %g: must be finite and > 0", (double)beta);
    float complex r[LTE_ULRS_MAX_MSC / 2];
    if ((rc = lte_srs_seq(&cfg->rs, ns, al->m_sc, cfg->n_cs, r)) < 0)
        return rc;
    for (int k = 0; k < al->m_sc; k++)
        hl[k] = sym[LTE_SRS_KTC * k + al->k0] * conjf(r[k]) / beta;
    return 0;
}

int lte_srs_estimate(const lte_srs_cfg *cfg, int n_srs, int n_f, int ns, float beta,
                     const float complex *sym, float complex *h, double *timing_s)
{
    lte_srs_alloc al;
    float complex hl[LTE_ULRS_MAX_MSC / 2];
    int rc = ls_estimate(cfg, n_srs, n_f, ns, beta, sym, hl, &al);
    if (rc < 0)
        return rc;
    if (h)
        for (int k = 0; k < al.m_sc; k++)
            h[k] = hl[k];
    if (timing_s)
        *timing_s = slope_timing(hl, al.m_sc);
    return 0;
}

int lte_srs_estimate_windowed(const lte_srs_cfg *cfg, int n_srs, int n_f, int ns, float beta,
                              const float complex *sym, float complex *h, double *timing_s)
{
    lte_srs_alloc al;
    float complex hl[LTE_ULRS_MAX_MSC / 2];
    int rc = ls_estimate(cfg, n_srs, n_f, ns, beta, sym, hl, &al);
    if (rc < 0)
        return rc;
    int m = al.m_sc, span = m / 8; /* taps between neighbouring cyclic shifts */
    int pre = m / 64 > 1 ? m / 64 : 1;
    int t_lo = -pre, t_hi = span - pre - 1; /* own window, delays at t > 0 */
    /* g(t) = (1/m) sum_k hl(k) e^{+j 2 pi k t / m} on the window only, then
     * h(k) = sum_t g(t) e^{-j 2 pi k t / m}; exact phases from (k t) mod m
     * looked up in a table of the m roots of unity */
    double complex tw[LTE_ULRS_MAX_MSC / 2];
    for (int p = 0; p < m; p++)
        tw[p] = cexp(I * 2.0 * M_PI * (double)p / m);
    double complex g[LTE_ULRS_MAX_MSC / 16 + 2];
    int nt = t_hi - t_lo + 1;
    for (int i = 0; i < nt; i++) {
        int t = t_lo + i + m; /* t mod m, non-negative */
        double complex acc = 0;
        for (int k = 0, ph = 0; k < m; k++, ph = (ph + t) % m)
            acc += (double complex)hl[k] * tw[ph];
        g[i] = acc / m;
    }
    float complex hw[LTE_ULRS_MAX_MSC / 2];
    for (int k = 0; k < m; k++) {
        double complex acc = 0;
        for (int i = 0; i < nt; i++)
            acc += g[i] * conj(tw[(int)(((long)k * (t_lo + i + m)) % m)]);
        hw[k] = (float complex)acc;
    }
    if (h)
        for (int k = 0; k < m; k++)
            h[k] = hw[k];
    if (timing_s)
        *timing_s = slope_timing(hw, m);
    return 0;
}
