/* Downlink control information formats 0 (size only), 1A, 1, 1C, 2 and 2A
 * (TS 36.212 §5.3.3.1.1-§5.3.3.1.5A), the RIV of resource allocation type
 * 2 (TS 36.213 §7.1.6.3) and the format 1A transport block size (§7.1.7).
 * The PRBs of an allocation are in ra.c.
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
    LTE_CHECK_ARG(cfg->n_ports == 0 || cfg->n_ports == 1 || cfg->n_ports == 2 ||
                      cfg->n_ports == 4,
                  "n_ports = %d: must be 1, 2 or 4 (0 = 1)", cfg->n_ports);
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

/* ---- formats 1, 1C, 2, 2A ------------------------------------------------ */

/* The fields of one format, in transmission order. */
typedef struct dci_field {
    int *v;
    int n;
} dci_field;

#define MAX_FIELDS 16

/* Fields of format 1 / 2 / 2A (§5.3.3.1.2, §5.3.3.1.5, §5.3.3.1.5A) over
 * the members of d (rba through *rba); returns the count. */
static int dl_fields(const lte_dci_cfg *cfg, lte_dci_format fmt, lte_dci_dl *d, int *rba,
                     dci_field f[MAX_FIELDS])
{
    int tdd = cfg->duplex == LTE_TDD, n = 0, h = tdd ? 4 : 3;
    int four = cfg->n_ports == 4;
    if (cfg->n_rb_dl > 10)
        f[n++] = (dci_field){&d->ra_type, 1};
    f[n++] = (dci_field){rba, lte_ra_type0_bits(cfg->n_rb_dl)};
    if (fmt == LTE_DCI_FORMAT1) {
        f[n++] = (dci_field){&d->tb[0].mcs, 5};
        f[n++] = (dci_field){&d->harq, h};
        f[n++] = (dci_field){&d->tb[0].ndi, 1};
        f[n++] = (dci_field){&d->tb[0].rv, 2};
        f[n++] = (dci_field){&d->tpc, 2};
        if (tdd)
            f[n++] = (dci_field){&d->dai, 2};
        return n;
    }
    f[n++] = (dci_field){&d->tpc, 2};
    if (tdd)
        f[n++] = (dci_field){&d->dai, 2};
    f[n++] = (dci_field){&d->harq, h};
    f[n++] = (dci_field){&d->swap, 1};
    for (int q = 0; q < 2; q++) {
        f[n++] = (dci_field){&d->tb[q].mcs, 5};
        f[n++] = (dci_field){&d->tb[q].ndi, 1};
        f[n++] = (dci_field){&d->tb[q].rv, 2};
    }
    /* Table 5.3.3.1.5-3 / §5.3.3.1.5A: precoding information */
    int pb = fmt == LTE_DCI_FORMAT2 ? (four ? 6 : 3) : (four ? 2 : 0);
    if (pb)
        f[n++] = (dci_field){&d->precoding, pb};
    return n;
}

static int fields_bits(const dci_field *f, int n)
{
    int b = 0;
    for (int i = 0; i < n; i++)
        b += f[i].n;
    return b;
}

/* Format 1C's N'_VRB with N_VRB,gap1^DL (the field size, §5.3.3.1.4). */
static int format1c_bits(const lte_dci_cfg *cfg)
{
    int nv;
    lte_vrb_gap(cfg->n_rb_dl, 0, NULL, &nv, NULL);
    int np = nv / lte_ra_1c_step(cfg->n_rb_dl), v = np * (np + 1) / 2, b = 0;
    while ((1 << b) < v)
        b++;
    return (cfg->n_rb_dl >= 50 ? 1 : 0) + b + 5;
}

static int check_fmt_ports(const lte_dci_cfg *cfg, lte_dci_format fmt)
{
    if (fmt == LTE_DCI_FORMAT2 || fmt == LTE_DCI_FORMAT2A)
        LTE_CHECK_ARG(cfg->n_ports == 2 || cfg->n_ports == 4,
                      "n_ports = %d: formats 2 and 2A need 2 or 4 antenna ports", cfg->n_ports);
    return 0;
}

int lte_dci_size(const lte_dci_cfg *cfg, lte_dci_format fmt)
{
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    switch (fmt) {
    case LTE_DCI_FORMAT0:
        return lte_dci_format0_size(cfg);
    case LTE_DCI_FORMAT1A:
        return lte_dci_format1a_size(cfg);
    case LTE_DCI_FORMAT1C:
        return format1c_bits(cfg); /* no padding */
    case LTE_DCI_FORMAT1:
    case LTE_DCI_FORMAT2:
    case LTE_DCI_FORMAT2A: {
        if ((rc = check_fmt_ports(cfg, fmt)) < 0)
            return rc;
        lte_dci_dl d;
        int rba = 0;
        dci_field f[MAX_FIELDS];
        memset(&d, 0, sizeof d);
        int n = fields_bits(f, dl_fields(cfg, fmt, &d, &rba, f));
        if (fmt != LTE_DCI_FORMAT1)
            return ambiguous_size(n) ? n + 1 : n; /* §5.3.3.1.5, §5.3.3.1.5A */
        /* §5.3.3.1.2: never the size of format 0/1A, never ambiguous */
        int a = lte_dci_format1a_size(cfg);
        while (n == a || ambiguous_size(n))
            n++;
        return n;
    }
    default:
        return lte_error_set_fn(LTE_EINVAL, __func__, "fmt = %d: not an lte_dci_format", (int)fmt);
    }
}

static int check_dl_fmt(const lte_dci_cfg *cfg, lte_dci_format fmt, int n_bits, const void *a,
                        const void *b, const char *fn)
{
    if (fmt != LTE_DCI_FORMAT1 && fmt != LTE_DCI_FORMAT2 && fmt != LTE_DCI_FORMAT2A)
        return lte_error_set_fn(LTE_EINVAL, fn, "fmt = %d: must be format 1, 2 or 2A", (int)fmt);
    int size = lte_dci_size(cfg, fmt);
    if (size < 0)
        return size;
    if (a == NULL || b == NULL)
        return lte_error_set_fn(LTE_EINVAL, fn, "NULL argument");
    if (n_bits != size)
        return lte_error_set_fn(LTE_EINVAL, fn, "n_bits = %d: this format has %d bits here",
                                n_bits, size);
    return size;
}

int lte_dci_dl_pack(const lte_dci_cfg *cfg, lte_dci_format fmt, const lte_dci_dl *dci,
                    uint8_t *bits, int n_bits)
{
    int size = check_dl_fmt(cfg, fmt, n_bits, dci, bits, __func__);
    if (size < 0)
        return size;
    lte_dci_dl d = *dci;
    int tdd = cfg->duplex == LTE_TDD;
    LTE_CHECK_ARG(d.ra_type == 0 || (d.ra_type == 1 && cfg->n_rb_dl > 10),
                  "ra_type = %d: must be 0, or 1 with N_RB > 10", d.ra_type);
    LTE_CHECK_ARG(tdd || d.dai == 0, "dai = %d: FDD carries no DAI", d.dai);
    int rba_bits = lte_ra_type0_bits(cfg->n_rb_dl);
    LTE_CHECK_ARG(d.rba < (1u << rba_bits), "rba = 0x%x: must fit %d bits", (unsigned)d.rba,
                  rba_bits);
    if (fmt == LTE_DCI_FORMAT1)
        LTE_CHECK_ARG(d.swap == 0 && d.precoding == 0 && d.tb[1].mcs == 0 && d.tb[1].ndi == 0 &&
                          d.tb[1].rv == 0,
                      "format 1 has one transport block, no swap flag or precoding");
    int rba = (int)d.rba;
    dci_field f[MAX_FIELDS];
    int nf = dl_fields(cfg, fmt, &d, &rba, f), pos = 0;
    if (fmt == LTE_DCI_FORMAT2A && cfg->n_ports == 2)
        LTE_CHECK_ARG(d.precoding == 0, "precoding = %d: format 2A has none with 2 ports",
                      d.precoding);
    for (int i = 0; i < nf; i++)
        LTE_CHECK_ARG(*f[i].v >= 0 && *f[i].v < (1 << f[i].n),
                      "field %d = %d: must fit %d bits", i, *f[i].v, f[i].n);
    memset(bits, 0, (size_t)size);
    for (int i = 0; i < nf; i++)
        put_field(bits, &pos, (unsigned)*f[i].v, f[i].n);
    return 0; /* the rest is padding */
}

int lte_dci_dl_unpack(const lte_dci_cfg *cfg, lte_dci_format fmt, const uint8_t *bits,
                      int n_bits, lte_dci_dl *dci)
{
    int size = check_dl_fmt(cfg, fmt, n_bits, dci, bits, __func__);
    if (size < 0)
        return size;
    memset(dci, 0, sizeof *dci);
    int rba = 0, pos = 0;
    dci_field f[MAX_FIELDS];
    int nf = dl_fields(cfg, fmt, dci, &rba, f);
    for (int i = 0; i < nf; i++)
        *f[i].v = (int)get_field(bits, &pos, f[i].n);
    dci->rba = (uint32_t)rba;
    return 0;
}

static int check_1c(const lte_dci_cfg *cfg, int n_bits, const void *a, const void *b,
                    const char *fn)
{
    int size = lte_dci_size(cfg, LTE_DCI_FORMAT1C);
    if (size < 0)
        return size;
    if (a == NULL || b == NULL)
        return lte_error_set_fn(LTE_EINVAL, fn, "NULL argument");
    if (n_bits != size)
        return lte_error_set_fn(LTE_EINVAL, fn, "n_bits = %d: format 1C has %d bits here", n_bits,
                                size);
    return size;
}

int lte_dci_1c_pack(const lte_dci_cfg *cfg, const lte_dci_1c *dci, uint8_t *bits, int n_bits)
{
    int size = check_1c(cfg, n_bits, dci, bits, __func__);
    if (size < 0)
        return size;
    int gap = cfg->n_rb_dl >= 50, riv_bits = size - 5 - gap, pos = 0;
    LTE_CHECK_ARG(dci->n_gap == 0 || (gap && dci->n_gap == 1),
                  "n_gap = %d: must be 0, or 1 with N_RB >= 50", dci->n_gap);
    LTE_CHECK_ARG(dci->riv >= 0 && dci->riv < (1 << riv_bits), "riv = %d: must fit %d bits",
                  dci->riv, riv_bits);
    LTE_CHECK_ARG(dci->tbs_index >= 0 && dci->tbs_index <= 31, "tbs_index = %d: must be 0..31",
                  dci->tbs_index);
    if (gap)
        put_field(bits, &pos, (unsigned)dci->n_gap, 1);
    put_field(bits, &pos, (unsigned)dci->riv, riv_bits);
    put_field(bits, &pos, (unsigned)dci->tbs_index, 5);
    return 0;
}

int lte_dci_1c_unpack(const lte_dci_cfg *cfg, const uint8_t *bits, int n_bits, lte_dci_1c *dci)
{
    int size = check_1c(cfg, n_bits, dci, bits, __func__);
    if (size < 0)
        return size;
    int gap = cfg->n_rb_dl >= 50, riv_bits = size - 5 - gap, pos = 0;
    memset(dci, 0, sizeof *dci);
    if (gap)
        dci->n_gap = (int)get_field(bits, &pos, 1);
    dci->riv = (int)get_field(bits, &pos, riv_bits);
    dci->tbs_index = (int)get_field(bits, &pos, 5);
    return 0;
}

int lte_dci_dl_tb(const lte_dci_dl *dci, lte_dci_format fmt, int q, int n_prb, int n_layers,
                  lte_dci_tb_grant *out)
{
    LTE_CHECK_ARG(dci != NULL && out != NULL, "NULL argument");
    LTE_CHECK_ARG(fmt == LTE_DCI_FORMAT1 || fmt == LTE_DCI_FORMAT2 || fmt == LTE_DCI_FORMAT2A,
                  "fmt = %d: must be format 1, 2 or 2A", (int)fmt);
    LTE_CHECK_ARG(q == 0 || q == 1, "q = %d: must be 0 or 1", q);
    LTE_CHECK_ARG(n_prb >= 1 && n_prb <= LTE_MAX_RB, "n_prb = %d: must be 1..110", n_prb);
    LTE_CHECK_ARG(n_layers == 1 || n_layers == 2, "n_layers = %d: must be 1 or 2", n_layers);
    memset(out, 0, sizeof *out);
    const lte_dci_tb *t = &dci->tb[q];
    LTE_CHECK_ARG(t->mcs >= 0 && t->mcs <= 31 && t->rv >= 0 && t->rv <= 3,
                  "tb[%d]: mcs = %d, rv = %d", q, t->mcs, t->rv);
    if (fmt == LTE_DCI_FORMAT1) {
        if (q == 1)
            return 0; /* one transport block */
        out->enabled = 1;
    } else {
        /* 36.213 §7.1.7.2: (I_MCS, rv) = (0, 1) disables a transport block */
        int en[2];
        for (int i = 0; i < 2; i++)
            en[i] = !(dci->tb[i].mcs == 0 && dci->tb[i].rv == 1);
        out->enabled = en[q];
        if (!en[q])
            return 0;
        /* Table 5.3.3.1.5-1 (both enabled), 5.3.3.1.5-2 (one: codeword 0) */
        out->codeword = en[0] && en[1] ? q ^ (dci->swap & 1) : 0;
    }
    out->rv = t->rv;
    int i_tbs, rc = lte_mcs_lookup(LTE_MCS_PDSCH_64QAM, t->mcs, &out->q_m, &i_tbs);
    if (rc < 0)
        return rc;
    if (i_tbs < 0)
        return 0; /* I_MCS 29..31: modulation only */
    return lte_tbs_layers(i_tbs, n_prb, n_layers, &out->tbs);
}
