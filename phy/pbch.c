/* MIB packing (36.331 MasterInformationBlock) and the PBCH (36.211 §6.6).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/dlphy.h"
#include "ltephy/scrambling.h"

static const int mib_bw[6] = {6, 15, 25, 50, 75, 100}; /* dl-Bandwidth n6..n100 */

static void put_bits(uint8_t *b, int *pos, unsigned v, int n)
{
    for (int i = n - 1; i >= 0; i--) /* PER: most significant bit first */
        b[(*pos)++] = (uint8_t)((v >> i) & 1u);
}

static unsigned get_bits(const uint8_t *b, int *pos, int n)
{
    unsigned v = 0;
    for (int i = 0; i < n; i++)
        v = (v << 1) | (b[(*pos)++] & 1u);
    return v;
}

int lte_mib_pack(const lte_mib *mib, uint8_t bits[LTE_MIB_BITS])
{
    LTE_CHECK_ARG(mib != NULL && bits != NULL, "mib or bits is NULL");
    int bw = -1;
    for (int i = 0; i < 6; i++)
        if (mib_bw[i] == mib->n_rb)
            bw = i;
    LTE_CHECK_ARG(bw >= 0, "n_rb = %d: the MIB signals 6, 15, 25, 50, 75 or 100", mib->n_rb);
    LTE_CHECK_ARG(mib->phich_dur == LTE_PHICH_NORMAL || mib->phich_dur == LTE_PHICH_EXTENDED,
                  "phich_dur = %d: invalid", (int)mib->phich_dur);
    LTE_CHECK_ARG(mib->ng >= LTE_NG_1_6 && mib->ng <= LTE_NG_2, "ng = %d: invalid", (int)mib->ng);
    LTE_CHECK_ARG(mib->sfn >= 0 && mib->sfn <= 1023, "sfn = %d: must be 0..1023", mib->sfn);
    int pos = 0;
    put_bits(bits, &pos, (unsigned)bw, 3);
    put_bits(bits, &pos, (unsigned)mib->phich_dur, 1);
    put_bits(bits, &pos, (unsigned)mib->ng, 2);
    put_bits(bits, &pos, (unsigned)mib->sfn >> 2, 8); /* the 8 MSBs of the SFN */
    put_bits(bits, &pos, 0, 10);                      /* spare */
    return 0;
}

int lte_mib_unpack(const uint8_t bits[LTE_MIB_BITS], int sfn_lsb2, lte_mib *mib)
{
    LTE_CHECK_ARG(mib != NULL && bits != NULL, "mib or bits is NULL");
    LTE_CHECK_ARG(sfn_lsb2 >= 0 && sfn_lsb2 <= 3, "sfn_lsb2 = %d: must be 0..3", sfn_lsb2);
    int pos = 0;
    unsigned bw = get_bits(bits, &pos, 3);
    if (bw > 5)
        return lte_error_set(LTE_EFORMAT, "lte_mib_unpack: dl-Bandwidth code %u is reserved", bw);
    mib->n_rb = mib_bw[bw];
    mib->phich_dur = (lte_phich_dur)get_bits(bits, &pos, 1);
    mib->ng = (lte_phich_ng)get_bits(bits, &pos, 2);
    mib->sfn = (int)(get_bits(bits, &pos, 8) << 2) | sfn_lsb2;
    return 0;
}

/* The PBCH REs of subframe 0 (§6.6.4): slot 1, symbols 0..3, k first. */
static int pbch_re(const lte_grid *g, uint32_t *idx)
{
    int ns = lte_cell_symb_per_slot(&g->cell);
    const uint8_t *map0 = g->maps[0];
    int n = lte_grid_re_list(&g->cell, map0, LTE_RE_PBCH, ns, ns + 4, NULL, idx, 240);
    if (n < 0)
        return n;
    int m_bit = g->cell.cp == LTE_CP_NORMAL ? LTE_PBCH_BITS_NORMAL : LTE_PBCH_BITS_EXTENDED;
    LTE_CHECK_ARG(n == m_bit / 8, "%d PBCH REs found, %d expected", n, m_bit / 8);
    return n;
}

int lte_pbch_map(lte_grid *g, const uint8_t mib[LTE_MIB_BITS], int sfn, float amp)
{
    LTE_CHECK_ARG(g != NULL && mib != NULL, "g or mib is NULL");
    LTE_CHECK_ARG(g->subframe == 0, "the PBCH is in subframe 0, the grid is at %d", g->subframe);
    LTE_CHECK_ARG(sfn >= 0 && sfn <= 1023, "sfn = %d: must be 0..1023", sfn);
    LTE_CHECK_ARG(isfinite(amp), "amp is not finite");
    int ext = g->cell.cp == LTE_CP_EXTENDED;
    int m_bit = ext ? LTE_PBCH_BITS_EXTENDED : LTE_PBCH_BITS_NORMAL;
    uint8_t e[LTE_PBCH_BITS_NORMAL];
    uint32_t c_init, idx[240];
    float complex d[240], x[240], y[240 * 4];
    int rc = lte_bch_encode(mib, g->n_ports, m_bit, e); /* 36.212 §5.3.1 */
    if (rc < 0)
        return rc;
    /* §6.6.1: one scrambling sequence over the M_bit bits of four frames;
     * frame n_f carries quarter n_f mod 4 */
    int off = lte_scr_pbch_offset(sfn, ext), nq = m_bit / 4;
    if ((rc = lte_scr_cinit_pbch(g->cell.cell_id, &c_init)) < 0 ||
        (rc = lte_scramble_bits(c_init, 0, e, m_bit, e, LTE_SIMD_AUTO)) < 0 ||
        (rc = lte_mod_map(LTE_MOD_QPSK, e + off, nq, d)) < 0) /* §6.6.2 QPSK */
        return rc;
    int n = pbch_re(g, idx);
    if (n < 0)
        return n;
    lte_mimo_cfg mimo;
    lte_dl_ctrl_mimo(g->n_ports, &mimo);
    /* §6.6.3: transmit diversity layers are the codeword itself (layers.h) */
    if ((rc = lte_layer_map(&mimo, d, n, NULL, 0, x)) < 0 ||
        (rc = lte_precode(&mimo, x, n, y)) < 0)
        return rc;
    for (int k = 0; k < n; k++)
        for (int p = 0; p < g->n_ports; p++)
            g->port[p][idx[k]] = amp * y[k * g->n_ports + p];
    return 0;
}

int lte_pbch_decode(lte_dlrx *rx, const lte_grid *g, const lte_dl_rxin *in,
                    lte_pbch_result *res)
{
    LTE_CHECK_ARG(rx != NULL && g != NULL && in != NULL && res != NULL, "NULL argument");
    int ext = g->cell.cp == LTE_CP_EXTENDED;
    int m_bit = ext ? LTE_PBCH_BITS_EXTENDED : LTE_PBCH_BITS_NORMAL, nq = m_bit / 4;
    uint32_t c_init, idx[240];
    float quarter[LTE_PBCH_BITS_NORMAL / 4], llr[LTE_PBCH_BITS_NORMAL];
    int n = pbch_re(g, idx), rc;
    if (n < 0)
        return n;
    if ((rc = lte_scr_cinit_pbch(g->cell.cell_id, &c_init)) < 0)
        return rc;
    static const int ports[3] = {1, 2, 4};
    for (int pi = 0; pi < 3; pi++) {
        int P = ports[pi];
        if (P > in->n_ports)
            break;
        lte_mimo_cfg mimo;
        lte_dl_ctrl_mimo(P, &mimo);
        if ((rc = lte_dl_equalize(rx, in, &mimo, idx, n, NULL)) < 0 ||
            (rc = lte_demap_maxlog(LTE_MOD_QPSK, rx->x, n, rx->nv, n, quarter, LTE_SIMD_AUTO)) < 0)
            return rc;
        for (int f = 0; f < 4; f++) {
            /* place the quarter at its offset, the rest erased (LLR 0) */
            memset(llr, 0, sizeof(llr));
            memcpy(llr + f * nq, quarter, (size_t)nq * sizeof(float));
            if ((rc = lte_descramble_llr(c_init, 0, llr, m_bit, LTE_SIMD_AUTO)) < 0)
                return rc;
            int found = 0;
            rc = lte_bch_decode(rx->dec, llr, m_bit, P, res->mib, &found);
            if (rc == 0) {
                res->n_ports = found;
                res->frame_offset = f;
                lte_error_clear();
                return 0;
            }
            if (rc != LTE_ECRC)
                return rc;
        }
    }
    return lte_error_set(LTE_ECRC, "lte_pbch_decode: no port count and frame offset decodes");
}
