/* PHICH (36.211 §6.9).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/dlphy.h"
#include "ltephy/gold.h"
#include "ltephy/scrambling.h"

#define PHICH_RE 12 /* 3 REGs per group / mapping unit (§6.9.3) */

/* Table 6.9.1-2 as sign patterns: bit s of the mask set = -1 at position s;
 * indices 4..7 (normal) / 2..3 (extended) are the same patterns times j. */
static const uint8_t orth_normal[4] = {0x0, 0xA, 0xC, 0x6}; /* ++++ +-+- ++-- +--+ */
static const uint8_t orth_ext[2] = {0x0, 0x2};                /* ++ +- */

int lte_phich_orth_seq(lte_cp cp, int seq, float complex w[4])
{
    LTE_CHECK_ARG(w != NULL, "w is NULL");
    LTE_CHECK_ARG(cp == LTE_CP_NORMAL || cp == LTE_CP_EXTENDED, "cp = %d: invalid", (int)cp);
    int sf = cp == LTE_CP_NORMAL ? 4 : 2;
    LTE_CHECK_ARG(seq >= 0 && seq < 2 * sf, "seq = %d: must be 0..%d", seq, 2 * sf - 1);
    uint8_t mask = sf == 4 ? orth_normal[seq % 4] : orth_ext[seq % 2];
    float complex unit = seq >= sf ? I : 1.0f;
    for (int s = 0; s < sf; s++)
        w[s] = ((mask >> s) & 1) ? -unit : unit;
    return sf;
}

typedef struct phich_geo {
    int sf;      /* N_SF */
    int m_symb;  /* 3 N_SF */
    int groups;
    int units;
    int ext;
} phich_geo;

static int phich_geo_get(const lte_grid *g, phich_geo *geo)
{
    const lte_ctrl_layout *c = g->ctrl;
    LTE_CHECK_ARG(c != NULL && c->n_symb > 0 && c->n_phich_groups > 0,
                  "subframe %d carries no PHICH", g->subframe);
    geo->ext = g->cell.cp == LTE_CP_EXTENDED;
    geo->sf = geo->ext ? 2 : 4;
    geo->m_symb = 3 * geo->sf;
    geo->groups = c->n_phich_groups;
    geo->units = c->n_phich_units;
    return 0;
}

/* §6.9.2, 4 ports: quadruplet i of group n uses the alternate precoder
 * (ports 0<->1 and 2<->3 exchanged) unless (i + n') mod 2 = 0, with
 * n' = n (normal CP) or floor(n/2) (extended CP). */
static int alt_quad(const phich_geo *geo, int group, int i)
{
    int n = geo->ext ? group / 2 : group;
    return (i + n) % 2 != 0;
}

static void unit_re(const lte_grid *g, int unit, uint32_t idx[PHICH_RE])
{
    const lte_ctrl_layout *c = g->ctrl;
    for (int i = 0; i < 3; i++) {
        const lte_reg *r = &c->reg[c->phich[unit][i]];
        for (int j = 0; j < 4; j++)
            idx[i * 4 + j] = (uint32_t)LTE_GRID_IDX(g->n_sc, r->l, r->k[j]);
    }
}

/* Resource-group alignment of §6.9.2: extended CP puts the 6 symbols of an
 * even group on positions 4i, 4i+1 and of an odd group on 4i+2, 4i+3. */
static int aligned_pos(const phich_geo *geo, int group, int j)
{
    if (!geo->ext)
        return j;
    return 4 * (j / 2) + (group % 2) * 2 + (j % 2);
}

static int phich_scr(const lte_grid *g, const phich_geo *geo, uint8_t c[12])
{
    uint32_t c_init;
    int rc = lte_scr_cinit_phich(2 * g->subframe, g->cell.cell_id, &c_init);
    if (rc < 0)
        return rc;
    return lte_gold_bits(c_init, geo->m_symb, c);
}

/* Precode one group's aligned 12 symbols and add them to its unit. */
static int group_precode_add(const lte_grid *g, const phich_geo *geo, int group,
                             const float complex d0[PHICH_RE], float complex *unit_y)
{
    int P = g->n_ports, rc;
    lte_mimo_cfg mimo;
    float complex y[PHICH_RE * 4];
    lte_dl_ctrl_mimo(P, &mimo);
    if ((rc = lte_precode(&mimo, d0, PHICH_RE, y)) < 0)
        return rc;
    for (int k = 0; k < PHICH_RE; k++) {
        int sw = P == 4 && alt_quad(geo, group, k / 4);
        for (int p = 0; p < P; p++)
            unit_y[k * P + (sw ? p ^ 1 : p)] += y[k * P + p];
    }
    return 0;
}

int lte_phich_map(lte_grid *g, const lte_phich_ind *ind, int n, float amp)
{
    LTE_CHECK_ARG(g != NULL, "g is NULL");
    LTE_CHECK_ARG(n >= 0 && (n == 0 || ind != NULL), "n = %d with ind %p", n, (const void *)ind);
    LTE_CHECK_ARG(isfinite(amp), "amp is not finite");
    phich_geo geo;
    uint8_t c[12];
    int rc = phich_geo_get(g, &geo);
    if (rc < 0 || (rc = phich_scr(g, &geo, c)) < 0)
        return rc;
    for (int a = 0; a < n; a++) {
        LTE_CHECK_ARG(ind[a].group >= 0 && ind[a].group < geo.groups,
                      "ind[%d].group = %d: must be 0..%d", a, ind[a].group, geo.groups - 1);
        LTE_CHECK_ARG(ind[a].seq >= 0 && ind[a].seq < 2 * geo.sf, "ind[%d].seq = %d: must be 0..%d",
                      a, ind[a].seq, 2 * geo.sf - 1);
        LTE_CHECK_ARG(ind[a].hi == 0 || ind[a].hi == 1, "ind[%d].hi = %d: must be 0 or 1", a,
                      ind[a].hi);
        for (int b = 0; b < a; b++)
            LTE_CHECK_ARG(ind[b].group != ind[a].group || ind[b].seq != ind[a].seq,
                          "ind[%d] and ind[%d] use the same PHICH (%d, %d)", b, a, ind[a].group,
                          ind[a].seq);
    }
    int P = g->n_ports;
    for (int u = 0; u < geo.units; u++) {
        float complex unit_y[PHICH_RE * 4] = {0};
        for (int grp = geo.ext ? 2 * u : u; grp <= (geo.ext ? 2 * u + 1 : u); grp++) {
            float complex d0[PHICH_RE] = {0};
            int any = 0;
            for (int a = 0; a < n; a++) {
                if (ind[a].group != grp)
                    continue;
                uint8_t b[LTE_HI_BITS];
                float complex z[LTE_HI_BITS], w[4];
                any = 1;
                lte_hi_encode(ind[a].hi, b);              /* 36.212 §5.3.5 */
                lte_mod_map(LTE_MOD_BPSK, b, LTE_HI_BITS, z); /* Table 6.9.1-1 */
                lte_phich_orth_seq(g->cell.cp, ind[a].seq, w);
                /* §6.9.1: d(i) = w(i mod N_SF) (1 - 2c(i)) z(floor(i/N_SF)),
                 * summed over the PHICHs of the group */
                for (int i = 0; i < geo.m_symb; i++)
                    d0[aligned_pos(&geo, grp, i)] +=
                        w[i % geo.sf] * (1.0f - 2.0f * c[i]) * z[i / geo.sf];
            }
            if (any && (rc = group_precode_add(g, &geo, grp, d0, unit_y)) < 0)
                return rc;
        }
        uint32_t idx[PHICH_RE];
        unit_re(g, u, idx); /* §6.9.3 */
        for (int k = 0; k < PHICH_RE; k++)
            for (int p = 0; p < P; p++)
                g->port[p][idx[k]] = amp * unit_y[k * P + p];
    }
    return 0;
}

int lte_phich_decode(lte_dlrx *rx, const lte_grid *g, const lte_dl_rxin *in, int group, int seq,
                     int *hi, float *metric)
{
    LTE_CHECK_ARG(rx != NULL && g != NULL && in != NULL && hi != NULL, "NULL argument");
    phich_geo geo;
    uint8_t c[12], swap[PHICH_RE];
    int rc = phich_geo_get(g, &geo);
    if (rc < 0 || (rc = phich_scr(g, &geo, c)) < 0)
        return rc;
    LTE_CHECK_ARG(group >= 0 && group < geo.groups, "group = %d: must be 0..%d", group,
                  geo.groups - 1);
    LTE_CHECK_ARG(seq >= 0 && seq < 2 * geo.sf, "seq = %d: must be 0..%d", seq, 2 * geo.sf - 1);
    int P = g->n_ports;
    uint32_t idx[PHICH_RE];
    unit_re(g, geo.ext ? group / 2 : group, idx);
    for (int k = 0; k < PHICH_RE; k++)
        swap[k] = (uint8_t)(P == 4 && alt_quad(&geo, group, k / 4));
    lte_mimo_cfg mimo;
    lte_dl_ctrl_mimo(P, &mimo);
    if ((rc = lte_dl_equalize(rx, in, &mimo, idx, PHICH_RE, swap)) < 0)
        return rc;
    /* despread: z(j) = sum_s conj(w(s)) (1 - 2c) d(j N_SF + s) / N_SF */
    float complex w[4], z[LTE_HI_BITS];
    float nvz[LTE_HI_BITS], llr[LTE_HI_BITS];
    lte_phich_orth_seq(g->cell.cp, seq, w);
    for (int j = 0; j < LTE_HI_BITS; j++) {
        float complex acc = 0;
        float nv = 0;
        for (int s = 0; s < geo.sf; s++) {
            int i = j * geo.sf + s, pos = aligned_pos(&geo, group, i);
            acc += conjf(w[s]) * (1.0f - 2.0f * c[i]) * rx->x[pos];
            nv += rx->nv[pos];
        }
        z[j] = acc / (float)geo.sf;
        nvz[j] = nv / (float)(geo.sf * geo.sf);
    }
    if ((rc = lte_demap_maxlog(LTE_MOD_BPSK, z, LTE_HI_BITS, nvz, LTE_HI_BITS, llr,
                               LTE_SIMD_AUTO)) < 0)
        return rc;
    if (metric)
        *metric = llr[0] + llr[1] + llr[2];
    return lte_hi_decode(llr, hi);
}
