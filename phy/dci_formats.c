/* Downlink control information formats 0 (size only) and 1A (TS 36.212
 * §5.3.3.1.1, §5.3.3.1.3), resource allocation type 2 (TS 36.213
 * §7.1.6.3) and the format 1A transport block size (§7.1.7).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/dci.h"
#include "ltephy/tables.h"

/* Table 5.3.3.1.2-1: payload sizes that are padded with one zero. */
static int ambiguous_size(int n)
{
    static const int sizes[] = {12, 14, 16, 20, 24, 26, 32, 40, 44, 56};
    for (size_t i = 0; i < LTE_ARRAY_LEN(sizes); i++)
        if (sizes[i] == n)
            return 1;
    return 0;
}

int lte_dci_rba_bits(int n_rb)
{
    LTE_CHECK_ARG(n_rb >= 6 && n_rb <= LTE_MAX_RB, "n_rb = %d: must be 6..110", n_rb);
    int n = n_rb * (n_rb + 1) / 2, bits = 0;
    while ((1 << bits) < n)
        bits++;
    return bits;
}

static int check_cfg(const lte_dci_cfg *cfg)
{
    LTE_CHECK_ARG(cfg != NULL, "cfg is NULL");
    LTE_CHECK_ARG(cfg->n_rb_dl >= 6 && cfg->n_rb_dl <= LTE_MAX_RB, "n_rb_dl = %d: must be 6..110",
                  cfg->n_rb_dl);
    LTE_CHECK_ARG(cfg->n_rb_ul == 0 || (cfg->n_rb_ul >= 6 && cfg->n_rb_ul <= LTE_MAX_RB),
                  "n_rb_ul = %d: must be 0 or 6..110", cfg->n_rb_ul);
    LTE_CHECK_ARG(cfg->duplex == LTE_FDD || cfg->duplex == LTE_TDD, "duplex = %d",
                  (int)cfg->duplex);
    return 0;
}

/* Information bits before any padding. */
static int format0_bits(const lte_dci_cfg *cfg)
{
    int ul = cfg->n_rb_ul ? cfg->n_rb_ul : cfg->n_rb_dl;
    /* flag, hopping, RBA, MCS/RV, NDI, TPC, cyclic shift, CQI request */
    int n = 1 + 1 + lte_dci_rba_bits(ul) + 5 + 1 + 2 + 3 + 1;
    return cfg->duplex == LTE_TDD ? n + 2 : n; /* UL index (config 0) or DAI */
}

static int format1a_bits(const lte_dci_cfg *cfg)
{
    int tdd = cfg->duplex == LTE_TDD;
    /* flag, VRB flag, RBA, MCS, HARQ, NDI, RV, TPC, DAI */
    return 1 + 1 + lte_dci_rba_bits(cfg->n_rb_dl) + 5 + (tdd ? 4 : 3) + 1 + 2 + 2 + (tdd ? 2 : 0);
}

int lte_dci_format1a_size(const lte_dci_cfg *cfg)
{
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    int n = LTE_MAX(format1a_bits(cfg), format0_bits(cfg)); /* §5.3.3.1.3: pad to format 0 */
    return ambiguous_size(n) ? n + 1 : n;
}

int lte_dci_format0_size(const lte_dci_cfg *cfg)
{
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    int n0 = format0_bits(cfg);
    int n1a = lte_dci_format1a_size(cfg);
    /* §5.3.3.1.1: padded up to format 1A (padding included); never longer */
    return n0 < n1a ? n1a : n0;
}

/* MSB-first field writer / reader. */
static void put_field(uint8_t *bits, int *pos, unsigned v, int n)
{
    for (int i = n - 1; i >= 0; i--)
        bits[(*pos)++] = (uint8_t)((v >> i) & 1u);
}

static unsigned get_field(const uint8_t *bits, int *pos, int n)
{
    unsigned v = 0;
    for (int i = 0; i < n; i++)
        v = v << 1 | (bits[(*pos)++] & 1u);
    return v;
}

/* Whether the RBA field starts with the gap bit. */
static int gap_in_rba(const lte_dci_cfg *cfg, const lte_dci_1a *d)
{
    return d->distributed && cfg->n_rb_dl >= 50 && !cfg->broadcast;
}

static int check_1a(const lte_dci_cfg *cfg, const lte_dci_1a *d, int rba)
{
    int tdd = cfg->duplex == LTE_TDD;
    int riv_bits = gap_in_rba(cfg, d) ? rba - 1 : rba;
    LTE_CHECK_ARG(d->distributed == 0 || d->distributed == 1, "distributed = %d", d->distributed);
    LTE_CHECK_ARG(d->n_gap == 0 || d->n_gap == 1, "n_gap = %d", d->n_gap);
    LTE_CHECK_ARG(d->riv >= 0 && d->riv < (1 << riv_bits), "riv = %d: must fit %d bits", d->riv,
                  riv_bits);
    LTE_CHECK_ARG(d->mcs >= 0 && d->mcs <= 31, "mcs = %d: must be 0..31", d->mcs);
    LTE_CHECK_ARG(d->harq >= 0 && d->harq < (tdd ? 16 : 8), "harq = %d", d->harq);
    LTE_CHECK_ARG(d->ndi == 0 || d->ndi == 1, "ndi = %d", d->ndi);
    LTE_CHECK_ARG(d->rv >= 0 && d->rv <= 3, "rv = %d: must be 0..3", d->rv);
    LTE_CHECK_ARG(d->tpc >= 0 && d->tpc <= 3, "tpc = %d: must be 0..3", d->tpc);
    LTE_CHECK_ARG(!tdd || (d->dai >= 0 && d->dai <= 3), "dai = %d: must be 0..3", d->dai);
    return 0;
}

int lte_dci_1a_pack(const lte_dci_cfg *cfg, const lte_dci_1a *dci, uint8_t *bits, int n_bits)
{
    int size = lte_dci_format1a_size(cfg);
    if (size < 0)
        return size;
    LTE_CHECK_ARG(dci != NULL && bits != NULL, "NULL argument");
    LTE_CHECK_ARG(n_bits == size, "n_bits = %d: format 1A has %d bits here", n_bits, size);
    int rba = lte_dci_rba_bits(cfg->n_rb_dl), rc = check_1a(cfg, dci, rba), pos = 0;
    if (rc < 0)
        return rc;
    int tdd = cfg->duplex == LTE_TDD, gap = gap_in_rba(cfg, dci);
    int gap_in_ndi = dci->distributed && cfg->n_rb_dl >= 50 && cfg->broadcast;
    memset(bits, 0, (size_t)size);
    put_field(bits, &pos, 1, 1); /* format 1A */
    put_field(bits, &pos, (unsigned)dci->distributed, 1);
    if (gap)
        put_field(bits, &pos, (unsigned)dci->n_gap, 1);
    put_field(bits, &pos, (unsigned)dci->riv, gap ? rba - 1 : rba);
    put_field(bits, &pos, (unsigned)dci->mcs, 5);
    put_field(bits, &pos, (unsigned)dci->harq, tdd ? 4 : 3);
    put_field(bits, &pos, (unsigned)(gap_in_ndi ? dci->n_gap : dci->ndi), 1);
    put_field(bits, &pos, (unsigned)dci->rv, 2);
    put_field(bits, &pos, (unsigned)dci->tpc, 2);
    if (tdd)
        put_field(bits, &pos, (unsigned)dci->dai, 2);
    return 0; /* the rest is padding, already zero */
}

int lte_dci_1a_unpack(const lte_dci_cfg *cfg, const uint8_t *bits, int n_bits, lte_dci_1a *dci)
{
    int size = lte_dci_format1a_size(cfg);
    if (size < 0)
        return size;
    LTE_CHECK_ARG(dci != NULL && bits != NULL, "NULL argument");
    LTE_CHECK_ARG(n_bits == size, "n_bits = %d: format 1A has %d bits here", n_bits, size);
    int pos = 0, tdd = cfg->duplex == LTE_TDD, rba = lte_dci_rba_bits(cfg->n_rb_dl);
    if (get_field(bits, &pos, 1) != 1)
        return lte_error_set_fn(LTE_EFORMAT, __func__, "flag bit 0: format 0, not 1A");
    memset(dci, 0, sizeof *dci);
    dci->distributed = (int)get_field(bits, &pos, 1);
    int gap = gap_in_rba(cfg, dci);
    if (gap)
        dci->n_gap = (int)get_field(bits, &pos, 1);
    dci->riv = (int)get_field(bits, &pos, gap ? rba - 1 : rba);
    dci->mcs = (int)get_field(bits, &pos, 5);
    dci->harq = (int)get_field(bits, &pos, tdd ? 4 : 3);
    dci->ndi = (int)get_field(bits, &pos, 1);
    if (dci->distributed && cfg->n_rb_dl >= 50 && cfg->broadcast)
        dci->n_gap = dci->ndi;
    dci->rv = (int)get_field(bits, &pos, 2);
    dci->tpc = (int)get_field(bits, &pos, 2);
    if (tdd)
        dci->dai = (int)get_field(bits, &pos, 2);
    return 0;
}

int lte_riv_encode(int n_rb, int rb_start, int l_crbs, int *riv)
{
    LTE_CHECK_ARG(riv != NULL, "riv is NULL");
    LTE_CHECK_ARG(n_rb >= 6 && n_rb <= LTE_MAX_RB, "n_rb = %d: must be 6..110", n_rb);
    LTE_CHECK_ARG(rb_start >= 0 && l_crbs >= 1 && l_crbs <= n_rb - rb_start,
                  "rb_start = %d, l_crbs = %d do not fit %d RBs", rb_start, l_crbs, n_rb);
    if (l_crbs - 1 <= n_rb / 2)
        *riv = n_rb * (l_crbs - 1) + rb_start;
    else
        *riv = n_rb * (n_rb - l_crbs + 1) + (n_rb - 1 - rb_start);
    return 0;
}

int lte_riv_decode(int n_rb, int riv, int *rb_start, int *l_crbs)
{
    LTE_CHECK_ARG(rb_start != NULL && l_crbs != NULL, "NULL argument");
    LTE_CHECK_ARG(n_rb >= 6 && n_rb <= LTE_MAX_RB, "n_rb = %d: must be 6..110", n_rb);
    LTE_CHECK_ARG(riv >= 0, "riv = %d is negative", riv);
    /* first branch: L - 1 = riv / N_RB <= floor(N_RB/2), start = riv mod N_RB */
    int a = riv / n_rb, b = riv % n_rb;
    int start = b, len = a + 1;
    if (a > n_rb / 2 || start + len > n_rb) {
        /* second branch: a = N_RB - L + 1, b = N_RB - 1 - start */
        len = n_rb - a + 1;
        start = n_rb - 1 - b;
    }
    int check;
    if (len < 1 || start < 0 || start + len > n_rb || lte_riv_encode(n_rb, start, len, &check) < 0 ||
        check != riv)
        return lte_error_set_fn(LTE_EINVAL, __func__, "riv = %d is not a valid RIV for %d RBs",
                                riv, n_rb);
    *rb_start = start;
    *l_crbs = len;
    return 0;
}

int lte_dci_1a_tbs(const lte_dci_1a *dci, int broadcast, int l_crbs, int *tbs, int *q_m)
{
    LTE_CHECK_ARG(dci != NULL && tbs != NULL && q_m != NULL, "NULL argument");
    if (broadcast) {
        /* §7.1.7: Q_m = 2, I_TBS = I_MCS, N_PRB^1A = 2 or 3 from the TPC LSB */
        LTE_CHECK_ARG(dci->mcs >= 0 && dci->mcs <= 26, "mcs = %d: broadcast 1A allows 0..26",
                      dci->mcs);
        *q_m = 2;
        return lte_tbs(dci->mcs, (dci->tpc & 1) ? 3 : 2, tbs);
    }
    LTE_CHECK_ARG(dci->mcs >= 0 && dci->mcs <= 28,
                  "mcs = %d: 29..31 carry no size (retransmission)", dci->mcs);
    LTE_CHECK_ARG(l_crbs >= 1 && l_crbs <= LTE_MAX_RB, "l_crbs = %d", l_crbs);
    int i_tbs, rc = lte_mcs_lookup(LTE_MCS_PDSCH_64QAM, dci->mcs, q_m, &i_tbs);
    if (rc < 0)
        return rc;
    return lte_tbs(i_tbs, l_crbs, tbs);
}

int lte_sib1_rv(int sfn)
{
    LTE_CHECK_ARG(sfn >= 0 && sfn <= 1023, "sfn = %d: must be 0..1023", sfn);
    int k = (sfn / 2) % 4;
    return ((3 * k + 1) / 2) % 4; /* ceil(3k/2) mod 4 */
}
