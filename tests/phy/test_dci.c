/* Tests of the DCI formats (36.212 §5.3.3.1): the format 0 / 1A sizes for
 * every bandwidth, FDD and TDD, against the field lists of the spec
 * written out here (with floating-point ceil(log2()) and the padding rules
 * applied in their own words), plus the sizes commonly quoted for FDD
 * (21, 22, 25, 27, 27, 28 bits for 6..100 PRB); a format 1A pack/unpack
 * round trip over random fields, with every field checked at its bit
 * position; the RIV of resource allocation type 2 (36.213 §7.1.6.3) in
 * both directions over every (start, length) and every RIV value; the
 * broadcast TBS of 36.213 §7.1.7 on a few table entries; and the SIB1 rv
 * sequence of 36.321 §5.3.1 (0, 2, 3, 1 for k = 0..3).
 * Formats 1, 1C, 2, 2A: sizes for every N_RB, FDD/TDD, 2/4 ports against a
 * field list written here from the spec plus the commonly quoted FDD sizes;
 * packed bits compared with a reference packer written from the same lists,
 * and unpacked back. Resource allocation: types 0/1 against a brute-force
 * reading of 36.213 §7.1.6.1/§7.1.6.2 (RBG membership, subset lists);
 * distributed VRBs against the interleaver matrix of 36.211 §6.2.3.2 built
 * literally, as a bijection per slot with the two slots N_gap apart, and
 * hand-worked values; format 1C RIVs and PRBs; the 1C TBS table's
 * structure; the transport blocks of formats 1/2/2A (disabling, codeword
 * swap, sizes quoted from Table 7.1.7.2.1-1).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/dci.h"
#include "ltephy/dlphy.h"
#include "ltephy/error.h"
#include "ltephy/tables.h"
#include "tests/common/testutil.h"

static const int bws[6] = {6, 15, 25, 50, 75, 100};

/* Sizes written from the spec's lists, independently of the library. */
static int spec_sizes(int n_rb, int tdd, int *f0)
{
    int rba = (int)ceil(log2(n_rb * (n_rb + 1) / 2.0));
    int a = 1 + 1 + rba + 5 + (tdd ? 4 : 3) + 1 + 2 + 2 + (tdd ? 2 : 0);
    int b = 1 + 1 + rba + 5 + 1 + 2 + 3 + (tdd ? 2 : 0) + 1;
    if (a < b)
        a = b;
    static const int amb[] = {12, 14, 16, 20, 24, 26, 32, 40, 44, 56};
    for (int i = 0; i < 10; i++)
        if (a == amb[i]) {
            a++;
            break;
        }
    *f0 = b < a ? a : b;
    return a;
}

static void test_sizes(void **state)
{
    (void)state;
    static const int fdd_known[6] = {21, 22, 25, 27, 27, 28};
    for (int tdd = 0; tdd <= 1; tdd++)
        for (int i = 0; i < 6; i++) {
            lte_dci_cfg c = {.n_rb_dl = bws[i], .duplex = tdd ? LTE_TDD : LTE_FDD};
            int f0, f1a = spec_sizes(bws[i], tdd, &f0);
            assert_int_equal(lte_dci_format1a_size(&c), f1a);
            assert_int_equal(lte_dci_format0_size(&c), f0);
            if (!tdd)
                assert_int_equal(f1a, fdd_known[i]);
        }
    for (int n = 6; n <= 110; n++) {
        lte_dci_cfg c = {.n_rb_dl = n, .duplex = LTE_FDD};
        int f0;
        assert_int_equal(lte_dci_format1a_size(&c), spec_sizes(n, 0, &f0));
        assert_int_equal(lte_dci_rba_bits(n), (int)ceil(log2(n * (n + 1) / 2.0)));
    }
    lte_dci_cfg bad = {.n_rb_dl = 5};
    assert_int_equal(lte_dci_format1a_size(&bad), LTE_EINVAL);
}

static unsigned field(const uint8_t *b, int pos, int n)
{
    unsigned v = 0;
    for (int i = 0; i < n; i++)
        v = v << 1 | b[pos + i];
    return v;
}

static void test_roundtrip(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 7);
    for (int tdd = 0; tdd <= 1; tdd++)
        for (int i = 0; i < 6; i++)
            for (int t = 0; t < 200; t++) {
                int n = bws[i];
                lte_dci_cfg c = {.n_rb_dl = n, .duplex = tdd ? LTE_TDD : LTE_FDD,
                                 .broadcast = (int)(tu_rand(&r) & 1)};
                int rba = (int)ceil(log2(n * (n + 1) / 2.0));
                lte_dci_1a d = {0}, e;
                d.distributed = (int)(tu_rand(&r) & 1);
                int gap_rba = d.distributed && n >= 50 && !c.broadcast;
                int gap_ndi = d.distributed && n >= 50 && c.broadcast;
                d.n_gap = (gap_rba || gap_ndi) ? (int)(tu_rand(&r) & 1) : 0;
                d.riv = (int)(tu_rand(&r) % (1u << (gap_rba ? rba - 1 : rba)));
                d.mcs = (int)(tu_rand(&r) % 32);
                d.harq = (int)(tu_rand(&r) % (tdd ? 16 : 8));
                d.ndi = gap_ndi ? d.n_gap : (int)(tu_rand(&r) & 1);
                d.rv = (int)(tu_rand(&r) % 4);
                d.tpc = (int)(tu_rand(&r) % 4);
                d.dai = tdd ? (int)(tu_rand(&r) % 4) : 0;
                int f0, sz = spec_sizes(n, tdd, &f0);
                uint8_t b[64];
                memset(b, 0xAA, sizeof b);
                assert_int_equal(lte_dci_1a_pack(&c, &d, b, sz), 0);
                /* fields at the positions of §5.3.3.1.3 */
                int p = 0;
                assert_int_equal(b[p++], 1);
                assert_int_equal(b[p++], d.distributed);
                if (gap_rba)
                    assert_int_equal(b[p++], d.n_gap);
                int rb = gap_rba ? rba - 1 : rba;
                assert_int_equal(field(b, p, rb), (unsigned)d.riv);
                p += rb;
                assert_int_equal(field(b, p, 5), (unsigned)d.mcs);
                p += 5;
                assert_int_equal(field(b, p, tdd ? 4 : 3), (unsigned)d.harq);
                p += tdd ? 4 : 3;
                assert_int_equal(b[p++], d.ndi);
                assert_int_equal(field(b, p, 2), (unsigned)d.rv);
                p += 2;
                assert_int_equal(field(b, p, 2), (unsigned)d.tpc);
                p += 2;
                if (tdd) {
                    assert_int_equal(field(b, p, 2), (unsigned)d.dai);
                    p += 2;
                }
                for (; p < sz; p++)
                    assert_int_equal(b[p], 0); /* padding */
                assert_int_equal(lte_dci_1a_unpack(&c, b, sz, &e), 0);
                assert_memory_equal(&d, &e, sizeof d);
            }
    lte_dci_cfg c = {.n_rb_dl = 6, .duplex = LTE_FDD};
    uint8_t b[21] = {0};
    lte_dci_1a e;
    assert_int_equal(lte_dci_1a_unpack(&c, b, 21, &e), LTE_EFORMAT); /* format 0 */
    assert_int_equal(lte_dci_1a_unpack(&c, b, 20, &e), LTE_EINVAL);
    lte_dci_1a big = {.riv = 32};
    assert_int_equal(lte_dci_1a_pack(&c, &big, b, 21), LTE_EINVAL);
}

static void test_riv(void **state)
{
    (void)state;
    for (int n = 6; n <= 110; n++) {
        int count = 0;
        static uint8_t seen[8192];
        memset(seen, 0, sizeof seen);
        for (int s = 0; s < n; s++)
            for (int l = 1; l <= n - s; l++) {
                int riv, s2, l2;
                assert_int_equal(lte_riv_encode(n, s, l, &riv), 0);
                int want = (l - 1 <= n / 2) ? n * (l - 1) + s : n * (n - l + 1) + (n - 1 - s);
                assert_int_equal(riv, want);
                assert_true(riv < n * (n + 1) / 2);
                assert_int_equal(seen[riv], 0);
                seen[riv] = 1;
                count++;
                assert_int_equal(lte_riv_decode(n, riv, &s2, &l2), 0);
                assert_int_equal(s2, s);
                assert_int_equal(l2, l);
            }
        assert_int_equal(count, n * (n + 1) / 2);
        int s, l;
        assert_int_equal(lte_riv_decode(n, n * (n + 1) / 2, &s, &l), LTE_EINVAL);
    }
    int s, l;
    /* all 6 PRB of a 6-PRB cell: L = 6 > 3 -> 6 (6 - 6 + 1) + (6 - 1 - 0) = 11 */
    assert_int_equal(lte_riv_decode(6, 11, &s, &l), 0);
    assert_int_equal(s, 0);
    assert_int_equal(l, 6);
}

static void test_tbs(void **state)
{
    (void)state;
    lte_dci_1a d = {.mcs = 2, .tpc = 1};
    int tbs, qm;
    /* Table 7.1.7.2.1-1: I_TBS 2, N_PRB 3 = 144; N_PRB 2 = 72 */
    assert_int_equal(lte_dci_1a_tbs(&d, 1, 6, &tbs, &qm), 0);
    assert_int_equal(tbs, 144);
    assert_int_equal(qm, 2);
    d.tpc = 2;
    assert_int_equal(lte_dci_1a_tbs(&d, 1, 6, &tbs, &qm), 0);
    assert_int_equal(tbs, 72);
    /* C-RNTI: I_MCS 2 -> I_TBS 2, 6 PRB -> 256 (row 2: 32 72 144 176 208 256) */
    assert_int_equal(lte_dci_1a_tbs(&d, 0, 6, &tbs, &qm), 0);
    assert_int_equal(tbs, 256);
    d.mcs = 27;
    assert_int_equal(lte_dci_1a_tbs(&d, 1, 6, &tbs, &qm), LTE_EINVAL);
    d.mcs = 29;
    assert_int_equal(lte_dci_1a_tbs(&d, 0, 6, &tbs, &qm), LTE_EINVAL);
}

static void test_sib1_rv(void **state)
{
    (void)state;
    static const int want[4] = {0, 2, 3, 1};
    for (int sfn = 0; sfn < 1024; sfn += 2)
        assert_int_equal(lte_sib1_rv(sfn), want[(sfn / 2) % 4]);
    assert_int_equal(lte_sib1_rv(1024), LTE_EINVAL);
}

/* ---- formats 1, 1C, 2, 2A ---------------------------------------------------
 * The reference below is written from the field lists of 36.212 §5.3.3.1.2
 * (format 1), §5.3.3.1.4 (1C), §5.3.3.1.5 (2), §5.3.3.1.5A (2A) as (width,
 * value) pairs in transmission order, with its own tables: RBG size P
 * (36.213 Table 7.1.6.1-1), N_gap (36.211 Table 6.2.3.2-1). */
static int t_rbg(int n)
{
    static const int upto[4] = {10, 26, 63, 110};
    for (int i = 0; i < 4; i++)
        if (n <= upto[i])
            return i + 1;
    return -1;
}

static int t_ngap(int n, int gap2)
{
    static const struct {
        int lo, hi, g1, g2;
    } t[] = {
        {6, 10, -1, 0},  {11, 11, 4, 0},  {12, 19, 8, 0},   {20, 26, 12, 0},  {27, 44, 18, 0},
        {45, 49, 27, 0}, {50, 63, 27, 9}, {64, 79, 32, 16}, {80, 110, 48, 16},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (n >= t[i].lo && n <= t[i].hi)
            return gap2 ? t[i].g2 : (t[i].g1 < 0 ? (int)ceil(n / 2.0) : t[i].g1);
    return -1;
}

static int is_amb(int n)
{
    static const int amb[] = {12, 14, 16, 20, 24, 26, 32, 40, 44, 56};
    for (int i = 0; i < 10; i++)
        if (amb[i] == n)
            return 1;
    return 0;
}

typedef struct ref_payload {
    int n;
    int w[20];
    unsigned v[20];
} ref_payload;

static void add(ref_payload *r, int w, int v)
{
    r->w[r->n] = w;
    r->v[r->n++] = (unsigned)v;
}

/* Fields of format 1 / 2 / 2A in the order of the spec's lists. */
static void ref_dl(int n_rb, int tdd, int ports, lte_dci_format fmt, const lte_dci_dl *d,
                   ref_payload *r)
{
    r->n = 0;
    int rbg = (int)ceil((double)n_rb / t_rbg(n_rb));
    if (fmt == LTE_DCI_FORMAT1) {
        if (n_rb > 10)
            add(r, 1, d->ra_type);    /* resource allocation header */
        add(r, rbg, (int)d->rba);     /* resource block assignment */
        add(r, 5, d->tb[0].mcs);      /* modulation and coding scheme */
        add(r, tdd ? 4 : 3, d->harq); /* HARQ process number */
        add(r, 1, d->tb[0].ndi);      /* new data indicator */
        add(r, 2, d->tb[0].rv);       /* redundancy version */
        add(r, 2, d->tpc);            /* TPC command for PUCCH */
        if (tdd)
            add(r, 2, d->dai); /* downlink assignment index */
        return;
    }
    if (n_rb > 10)
        add(r, 1, d->ra_type);
    add(r, rbg, (int)d->rba);
    add(r, 2, d->tpc);
    if (tdd)
        add(r, 2, d->dai);
    add(r, tdd ? 4 : 3, d->harq);
    add(r, 1, d->swap); /* transport block to codeword swap flag */
    add(r, 5, d->tb[0].mcs);
    add(r, 1, d->tb[0].ndi);
    add(r, 2, d->tb[0].rv);
    add(r, 5, d->tb[1].mcs);
    add(r, 1, d->tb[1].ndi);
    add(r, 2, d->tb[1].rv);
    if (fmt == LTE_DCI_FORMAT2)
        add(r, ports == 2 ? 3 : 6, d->precoding); /* precoding information */
    else if (ports == 4)
        add(r, 2, d->precoding);
}

static int ref_bits(const ref_payload *r)
{
    int b = 0;
    for (int i = 0; i < r->n; i++)
        b += r->w[i];
    return b;
}

/* Padded size: format 1 avoids the ambiguous sizes and format 0/1A's size,
 * formats 2/2A get one zero on an ambiguous size. */
static int ref_dl_size(int n_rb, int tdd, lte_dci_format fmt, int bits)
{
    int f0, f1a = spec_sizes(n_rb, tdd, &f0);
    if (fmt == LTE_DCI_FORMAT1) {
        while (bits == f1a || is_amb(bits))
            bits++;
        return bits;
    }
    return is_amb(bits) ? bits + 1 : bits;
}

/* Format 1C: N'_VRB with N_VRB,gap1 = 2 min(N_gap, N_RB - N_gap). */
static int ref_1c_nprime(int n_rb)
{
    int g = t_ngap(n_rb, 0), nv = 2 * (g < n_rb - g ? g : n_rb - g);
    return nv / (n_rb < 50 ? 2 : 4);
}

static int ref_1c_size(int n_rb)
{
    int np = ref_1c_nprime(n_rb);
    return (n_rb >= 50) + (int)ceil(log2(np * (np + 1) / 2.0)) + 5;
}

static void test_sizes_all_formats(void **state)
{
    (void)state;
    static const lte_dci_format f[3] = {LTE_DCI_FORMAT1, LTE_DCI_FORMAT2, LTE_DCI_FORMAT2A};
    for (int tdd = 0; tdd <= 1; tdd++)
        for (int ports = 2; ports <= 4; ports += 2)
            for (int n = 6; n <= 110; n++) {
                lte_dci_cfg c = {.n_rb_dl = n, .duplex = tdd ? LTE_TDD : LTE_FDD, .n_ports = ports};
                lte_dci_dl d;
                memset(&d, 0, sizeof d);
                ref_payload r;
                for (int i = 0; i < 3; i++) {
                    ref_dl(n, tdd, ports, f[i], &d, &r);
                    int want = ref_dl_size(n, tdd, f[i], ref_bits(&r));
                    assert_int_equal(lte_dci_size(&c, f[i]), want);
                    assert_false(is_amb(want));
                }
                assert_int_equal(lte_dci_size(&c, LTE_DCI_FORMAT1C), ref_1c_size(n));
                int f0, f1a = spec_sizes(n, tdd, &f0);
                assert_int_equal(lte_dci_size(&c, LTE_DCI_FORMAT1A), f1a);
                assert_int_equal(lte_dci_size(&c, LTE_DCI_FORMAT0), f0);
                assert_true(lte_dci_size(&c, LTE_DCI_FORMAT1) != f1a);
            }
    /* Sizes commonly quoted for FDD, 2 ports, 6/15/25/50/75/100 PRB (the DCI
     * size tables of tutorial and test-equipment sites). */
    static const int k1[6] = {19, 23, 27, 31, 33, 39}, k1c[6] = {8, 10, 12, 13, 14, 15};
    static const int k2[6] = {31, 34, 39, 43, 45, 51}, k2a[6] = {28, 31, 36, 41, 42, 48};
    for (int i = 0; i < 6; i++) {
        lte_dci_cfg c = {.n_rb_dl = bws[i], .duplex = LTE_FDD, .n_ports = 2};
        assert_int_equal(lte_dci_size(&c, LTE_DCI_FORMAT1), k1[i]);
        assert_int_equal(lte_dci_size(&c, LTE_DCI_FORMAT1C), k1c[i]);
        assert_int_equal(lte_dci_size(&c, LTE_DCI_FORMAT2), k2[i]);
        assert_int_equal(lte_dci_size(&c, LTE_DCI_FORMAT2A), k2a[i]);
    }
    /* Payloads (without CRC) of the PDCCH reference channels, 36.521-1 Tables
     * A.3.5.1-1 and A.3.5.1-1A (FDD): R.15/R.15-1/R.15-2 format 1 at 10 MHz,
     * 1 and 2 ports: 31; R.16 format 2 at 1.4 MHz, 2 ports: 31; R.17 format 2
     * at 10 MHz, 4 ports: 46; R.16_1 format 2 at 10 MHz, 2 ports: 43; R.17_1
     * format 2 at 5 MHz, 4 ports: 42. */
    static const struct {
        int n_rb, ports, fmt, bits;
    } rc[] = {{50, 1, LTE_DCI_FORMAT1, 31}, {50, 2, LTE_DCI_FORMAT1, 31},
              {6, 2, LTE_DCI_FORMAT2, 31},  {50, 4, LTE_DCI_FORMAT2, 46},
              {50, 2, LTE_DCI_FORMAT2, 43}, {25, 4, LTE_DCI_FORMAT2, 42}};
    for (size_t i = 0; i < sizeof rc / sizeof rc[0]; i++) {
        lte_dci_cfg cr = {.n_rb_dl = rc[i].n_rb, .duplex = LTE_FDD, .n_ports = rc[i].ports};
        assert_int_equal(lte_dci_size(&cr, (lte_dci_format)rc[i].fmt), rc[i].bits);
    }
    /* format 1A at 10 MHz FDD: 27 bits (26 information bits, an ambiguous size) */
    lte_dci_cfg c = {.n_rb_dl = 50, .duplex = LTE_FDD};
    assert_int_equal(lte_dci_size(&c, LTE_DCI_FORMAT1A), 27);
    assert_int_equal(lte_dci_size(&c, LTE_DCI_FORMAT2), LTE_EINVAL); /* no ports given */
    c.n_ports = 3;
    assert_int_equal(lte_dci_size(&c, LTE_DCI_FORMAT1), LTE_EINVAL);
    c.n_ports = 2;
    assert_int_equal(lte_dci_size(&c, (lte_dci_format)9), LTE_EINVAL);
}

static void test_roundtrip_formats(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 11);
    static const lte_dci_format f[3] = {LTE_DCI_FORMAT1, LTE_DCI_FORMAT2, LTE_DCI_FORMAT2A};
    for (int tdd = 0; tdd <= 1; tdd++)
        for (int ports = 2; ports <= 4; ports += 2)
            for (int n = 6; n <= 110; n++)
                for (int t = 0; t < 12; t++) {
                    lte_dci_cfg c = {.n_rb_dl = n, .duplex = tdd ? LTE_TDD : LTE_FDD,
                                     .n_ports = ports};
                    lte_dci_format fmt = f[t % 3];
                    int rbg = (int)ceil((double)n / t_rbg(n));
                    lte_dci_dl d, e;
                    memset(&d, 0, sizeof d);
                    d.ra_type = n > 10 ? (int)(tu_rand(&r) & 1) : 0;
                    d.rba = tu_rand(&r) & ((1u << rbg) - 1u);
                    d.harq = (int)(tu_rand(&r) % (tdd ? 16 : 8));
                    d.tpc = (int)(tu_rand(&r) % 4);
                    d.dai = tdd ? (int)(tu_rand(&r) % 4) : 0;
                    d.tb[0] = (lte_dci_tb){(int)(tu_rand(&r) % 32), (int)(tu_rand(&r) & 1),
                                           (int)(tu_rand(&r) % 4)};
                    if (fmt != LTE_DCI_FORMAT1) {
                        d.swap = (int)(tu_rand(&r) & 1);
                        d.tb[1] = (lte_dci_tb){(int)(tu_rand(&r) % 32), (int)(tu_rand(&r) & 1),
                                               (int)(tu_rand(&r) % 4)};
                        int pb = fmt == LTE_DCI_FORMAT2 ? (ports == 2 ? 3 : 6)
                                                        : (ports == 2 ? 0 : 2);
                        d.precoding = (int)(tu_rand(&r) % (1u << pb));
                    }
                    ref_payload ref;
                    ref_dl(n, tdd, ports, fmt, &d, &ref);
                    int sz = ref_dl_size(n, tdd, fmt, ref_bits(&ref));
                    uint8_t b[64], want[64] = {0};
                    int p = 0;
                    for (int i = 0; i < ref.n; i++)
                        for (int k = ref.w[i] - 1; k >= 0; k--)
                            want[p++] = (uint8_t)((ref.v[i] >> k) & 1u);
                    memset(b, 0xAA, sizeof b);
                    assert_int_equal(lte_dci_dl_pack(&c, fmt, &d, b, sz), 0);
                    assert_memory_equal(b, want, (size_t)sz); /* fields, then zero padding */
                    assert_int_equal(lte_dci_dl_unpack(&c, fmt, b, sz, &e), 0);
                    assert_memory_equal(&d, &e, sizeof d);
                }
    /* format 1C */
    for (int n = 6; n <= 110; n++)
        for (int t = 0; t < 8; t++) {
            lte_dci_cfg c = {.n_rb_dl = n, .duplex = (t & 1) ? LTE_TDD : LTE_FDD};
            int sz = ref_1c_size(n), rb = sz - 5 - (n >= 50);
            lte_dci_1c d = {n >= 50 ? (int)(tu_rand(&r) & 1) : 0, (int)(tu_rand(&r) % (1u << rb)),
                            (int)(tu_rand(&r) % 32)},
                       e;
            uint8_t b[32];
            assert_int_equal(lte_dci_1c_pack(&c, &d, b, sz), 0);
            int p = 0;
            if (n >= 50)
                assert_int_equal(b[p++], d.n_gap);
            assert_int_equal(field(b, p, rb), (unsigned)d.riv);
            assert_int_equal(field(b, p + rb, 5), (unsigned)d.tbs_index);
            assert_int_equal(lte_dci_1c_unpack(&c, b, sz, &e), 0);
            assert_memory_equal(&d, &e, sizeof d);
        }
    /* bad fields */
    lte_dci_cfg c = {.n_rb_dl = 25, .duplex = LTE_FDD, .n_ports = 2};
    int sz = lte_dci_size(&c, LTE_DCI_FORMAT1);
    uint8_t b[64];
    lte_dci_dl d;
    memset(&d, 0, sizeof d);
    d.harq = 8;
    assert_int_equal(lte_dci_dl_pack(&c, LTE_DCI_FORMAT1, &d, b, sz), LTE_EINVAL);
    d.harq = 0;
    d.rba = 1u << 13; /* 13 RBGs */
    assert_int_equal(lte_dci_dl_pack(&c, LTE_DCI_FORMAT1, &d, b, sz), LTE_EINVAL);
    d.rba = 0;
    d.tb[1].mcs = 3; /* format 1 has one TB */
    assert_int_equal(lte_dci_dl_pack(&c, LTE_DCI_FORMAT1, &d, b, sz), LTE_EINVAL);
    assert_int_equal(lte_dci_dl_pack(&c, LTE_DCI_FORMAT1, &d, b, sz - 1), LTE_EINVAL);
    assert_int_equal(lte_dci_dl_pack(&c, LTE_DCI_FORMAT1A, &d, b, sz), LTE_EINVAL);
    assert_int_equal(lte_dci_dl_unpack(&c, LTE_DCI_FORMAT1, NULL, sz, &d), LTE_EINVAL);
    lte_dci_1c e = {1, 0, 0}; /* gap bit with 25 PRB */
    assert_int_equal(lte_dci_1c_pack(&c, &e, b, lte_dci_size(&c, LTE_DCI_FORMAT1C)), LTE_EINVAL);
}

/* ---- resource allocation ------------------------------------------------- */

/* Type 0 read from §7.1.6.1: PRB k belongs to RBG floor(k / P), RBG j is
 * bitmap bit j counted from the MSB. */
static int bf_type0(int n, uint32_t rba, uint8_t *m)
{
    int P = t_rbg(n), nrbg = (int)ceil((double)n / P), c = 0;
    for (int k = 0; k < n; k++)
        c += m[k] = (uint8_t)((rba >> (nrbg - 1 - k / P)) & 1u);
    return c;
}

/* Type 1 read from §7.1.6.2: subset p = the RBGs j with j mod P = p; its
 * VRBs in increasing order; with the shift the bitmap addresses the last
 * N_RB^TYPE1 of them. Returns -1 when a set bit addresses no VRB. */
static int bf_type1(int n, int p, int shift, uint32_t bm, uint8_t *m)
{
    int P = t_rbg(n), nrbg = (int)ceil((double)n / P);
    int n1 = nrbg - (int)ceil(log2(P)) - 1, list[LTE_MAX_RB], cnt = 0, c = 0;
    for (int k = 0; k < n; k++)
        if ((k / P) % P == p)
            list[cnt++] = k;
    int delta = shift ? cnt - n1 : 0;
    memset(m, 0, (size_t)n);
    for (int i = 0; i < n1; i++)
        if ((bm >> (n1 - 1 - i)) & 1u) {
            if (i + delta >= cnt)
                return -1;
            m[list[i + delta]] = 1;
            c++;
        }
    return c;
}

static void test_ra_type01(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 5);
    uint8_t prb[2][LTE_MAX_RB], m[LTE_MAX_RB];
    for (int n = 6; n <= 110; n++) {
        int P = t_rbg(n), nrbg = (int)ceil((double)n / P);
        assert_int_equal(lte_rbg_size(n), P);
        assert_int_equal(lte_ra_type0_bits(n), nrbg);
        for (int t = 0; t < 40; t++) {
            uint32_t rba = tu_rand(&r) & ((1u << nrbg) - 1u);
            if (t == 0)
                rba = (1u << nrbg) - 1u; /* everything */
            lte_ra ra = {.type = LTE_RA_TYPE0, .rba = rba};
            int want = bf_type0(n, rba, m);
            int got = lte_ra_prbs(n, &ra, prb);
            if (want == 0) {
                assert_int_equal(got, LTE_EINVAL);
                continue;
            }
            assert_int_equal(got, want);
            assert_memory_equal(prb[0], m, (size_t)n);
            assert_memory_equal(prb[1], m, (size_t)n);
            if (t == 0)
                assert_int_equal(got, n);
        }
        if (n <= 10) {
            assert_int_equal(lte_ra_type1_bitmap_bits(n), LTE_EINVAL);
            continue;
        }
        int n1 = nrbg - (int)ceil(log2(P)) - 1;
        assert_int_equal(lte_ra_type1_bitmap_bits(n), n1);
        for (int p = 0; p < P; p++)
            for (int shift = 0; shift <= 1; shift++)
                for (int t = 0; t < 12; t++) {
                    uint32_t bm = tu_rand(&r) & ((1u << n1) - 1u), rba;
                    if (t == 0)
                        bm = (1u << n1) - 1u;
                    assert_int_equal(lte_ra_type1_field(n, p, shift, bm, &rba), 0);
                    lte_ra ra = {.type = LTE_RA_TYPE1, .rba = rba};
                    int want = bf_type1(n, p, shift, bm, m);
                    int got = lte_ra_prbs(n, &ra, prb);
                    if (want <= 0) {
                        assert_int_equal(got, LTE_EINVAL);
                        continue;
                    }
                    assert_int_equal(got, want);
                    assert_memory_equal(prb[0], m, (size_t)n);
                    assert_memory_equal(prb[1], m, (size_t)n);
                }
        /* subset p = P (P = 3: the 2-bit subset field can say 3) is no subset */
        if (P == 3) {
            lte_ra ra = {.type = LTE_RA_TYPE1, .rba = (uint32_t)P << (n1 + 1) | 1u};
            assert_int_equal(lte_ra_prbs(n, &ra, prb), LTE_EINVAL);
        }
    }
    /* 25 PRB (P = 2, 13 RBGs): bitmap 1000000000001 -> PRBs 0, 1 and 24 */
    lte_ra ra = {.type = LTE_RA_TYPE0, .rba = 0x1001};
    assert_int_equal(lte_ra_prbs(25, &ra, prb), 3);
    assert_true(prb[0][0] && prb[0][1] && prb[0][24] && !prb[0][2]);
    /* 50 PRB (P = 3, 17 RBGs): type 1 has 2 + 1 + 14 bits; subset 1 holds
     * RBGs 1, 4, 7, ...; shift 0, bitmap MSB -> VRB 3 */
    uint32_t rba;
    assert_int_equal(lte_ra_type1_field(50, 1, 0, 1u << 13, &rba), 0);
    ra = (lte_ra){.type = LTE_RA_TYPE1, .rba = rba};
    assert_int_equal(lte_ra_prbs(50, &ra, prb), 1);
    assert_int_equal(prb[0][3], 1);
    assert_int_equal(lte_ra_type1_field(50, 3, 0, 1, &rba), LTE_EINVAL);
}

/* Distributed VRB -> PRB from the interleaver in words (36.211 §6.2.3.2):
 * VRB numbers written row by row into 4 columns and N_row rows, N_null/2
 * nulls in the last rows of the 2nd and 4th columns, read out column by
 * column skipping the nulls; the read-out position is n~'_PRB; the odd
 * slot adds N~/2 (mod N~); positions from N~/2 on are moved up by
 * N_gap - N~/2. */
static int ref_vrb(int n_rb, int gap2, int vrb, int slot)
{
    int g = t_ngap(n_rb, gap2), P = t_rbg(n_rb);
    int nt = gap2 ? 2 * g : 2 * (g < n_rb - g ? g : n_rb - g);
    int n_row = (int)ceil(nt / (4.0 * P)) * P, n_null = 4 * n_row - nt;
    int mat[LTE_MAX_RB][4], v = 0, pos = 0, at = -1;
    for (int row = 0; row < n_row; row++)
        for (int col = 0; col < 4; col++)
            mat[row][col] = (row >= n_row - n_null / 2 && (col == 1 || col == 3)) ? -1 : v++;
    assert_int_equal(v, nt);
    for (int col = 0; col < 4; col++)
        for (int row = 0; row < n_row; row++)
            if (mat[row][col] >= 0) {
                if (mat[row][col] == vrb % nt)
                    at = pos;
                pos++;
            }
    if (slot)
        at = (at + nt / 2) % nt;
    at += nt * (vrb / nt);
    return at < nt / 2 ? at : at + g - nt / 2;
}

static void test_vrb_distributed(void **state)
{
    (void)state;
    for (int n = 6; n <= 110; n++)
        for (int gap2 = 0; gap2 <= (n >= 50); gap2++) {
            int g, nv, nt;
            assert_int_equal(lte_vrb_gap(n, gap2, &g, &nv, &nt), 0);
            assert_int_equal(g, t_ngap(n, gap2));
            int want_nv = gap2 ? (n / (2 * g)) * 2 * g : 2 * (g < n - g ? g : n - g);
            assert_int_equal(nv, want_nv);
            assert_int_equal(nt, gap2 ? 2 * g : nv);
            uint8_t used[2][LTE_MAX_RB] = {{0}};
            for (int v = 0; v < nv; v++) {
                int p[2];
                for (int s = 0; s < 2; s++) {
                    assert_int_equal(lte_vrb_to_prb(n, gap2, v, s, &p[s]), 0);
                    assert_int_equal(p[s], ref_vrb(n, gap2, v, s));
                    assert_true(p[s] >= 0 && p[s] < n);
                    assert_int_equal(used[s][p[s]], 0); /* one VRB per PRB */
                    used[s][p[s]] = 1;
                }
                assert_int_equal(abs(p[1] - p[0]), g); /* the two slots: N_gap apart */
            }
            int dummy;
            assert_int_equal(lte_vrb_to_prb(n, gap2, nv, 0, &dummy), LTE_EINVAL);
        }
    int dummy;
    assert_int_equal(lte_vrb_gap(25, 1, &dummy, &dummy, &dummy), LTE_EINVAL);
    /* Worked by hand. 25 PRB, N_gap 12, N~ 24, P 2, N_row 6, no nulls:
     * VRB 1 -> n~' = N_row = 6 -> PRB 6; odd slot (6 + 12) mod 24 = 18 -> 18.
     * VRB 2 -> n~' = 12 -> 12 + 12 - 12 = 12; odd slot 0 -> 0. */
    int p;
    lte_vrb_to_prb(25, 0, 1, 0, &p);
    assert_int_equal(p, 6);
    lte_vrb_to_prb(25, 0, 1, 1, &p);
    assert_int_equal(p, 18);
    lte_vrb_to_prb(25, 0, 2, 0, &p);
    assert_int_equal(p, 12);
    lte_vrb_to_prb(25, 0, 2, 1, &p);
    assert_int_equal(p, 0);
    /* 50 PRB, N_gap 27, N~ = 2 min(27, 23) = 46, P 3, N_row 12, N_null 2:
     * VRB 44 (>= N~ - N_null, even): 2 N_row (v mod 2) + v/2 = 22, minus
     * N_row plus N_null/2 = 11 -> PRB 11; odd slot (11 + 23) mod 46 = 34 ->
     * 34 + 27 - 23 = 38. VRB 45 (odd): 2 N_row + 22 - N_row = 34 -> 38; odd
     * slot 11. VRB 2 (mod 4 = 2): N_row (v mod 4) + v/4 - N_null/2 = 23 ->
     * 27; odd slot 0. */
    lte_vrb_to_prb(50, 0, 44, 0, &p);
    assert_int_equal(p, 11);
    lte_vrb_to_prb(50, 0, 44, 1, &p);
    assert_int_equal(p, 38);
    lte_vrb_to_prb(50, 0, 45, 0, &p);
    assert_int_equal(p, 38);
    lte_vrb_to_prb(50, 0, 45, 1, &p);
    assert_int_equal(p, 11);
    lte_vrb_to_prb(50, 0, 2, 0, &p);
    assert_int_equal(p, 27);
    lte_vrb_to_prb(50, 0, 2, 1, &p);
    assert_int_equal(p, 0);
}

static void test_ra_type2(void **state)
{
    (void)state;
    uint8_t prb[2][LTE_MAX_RB];
    for (int i = 0; i < 6; i++) {
        int n = bws[i];
        for (int gap2 = 0; gap2 <= (n >= 50); gap2++) {
            int g, nv, nt;
            lte_vrb_gap(n, gap2, &g, &nv, &nt);
            /* distributed: RIV over N_RB^DL, length bound N_VRB^DL */
            for (int s = 0; s < n; s++)
                for (int l = 1; l <= n - s; l++) {
                    int riv;
                    assert_int_equal(lte_riv_encode(n, s, l, &riv), 0);
                    lte_ra ra = {.type = LTE_RA_TYPE2_DIST, .riv = riv, .n_gap = gap2};
                    int got = lte_ra_prbs(n, &ra, prb);
                    if (s + l > nv) {
                        assert_int_equal(got, LTE_EINVAL);
                        continue;
                    }
                    assert_int_equal(got, l);
                    uint8_t m[2][LTE_MAX_RB] = {{0}};
                    for (int v = s; v < s + l; v++)
                        for (int sl = 0; sl < 2; sl++)
                            m[sl][ref_vrb(n, gap2, v, sl)] = 1;
                    assert_memory_equal(prb, m, sizeof m);
                    if (gap2 == 0) {
                        ra.type = LTE_RA_TYPE2_LOC;
                        assert_int_equal(lte_ra_prbs(n, &ra, prb), l);
                        for (int k = 0; k < n; k++)
                            assert_int_equal(prb[0][k] + prb[1][k], 2 * (k >= s && k < s + l));
                    }
                }
            /* format 1C: steps of N_RB^step within floor(N_VRB / step) step */
            int step = n < 50 ? 2 : 4, np = nv / step;
            lte_dci_cfg c = {.n_rb_dl = n, .duplex = LTE_FDD};
            int rb = lte_dci_size(&c, LTE_DCI_FORMAT1C) - 5 - (n >= 50);
            assert_int_equal(lte_ra_1c_step(n), step);
            for (int s = 0; s < np; s++)
                for (int l = 1; l <= np - s; l++) {
                    int riv;
                    int want = (l - 1 <= np / 2) ? np * (l - 1) + s
                                                 : np * (np - l + 1) + (np - 1 - s);
                    assert_int_equal(lte_ra_1c_riv(n, gap2, s * step, l * step, &riv), 0);
                    assert_int_equal(riv, want);
                    assert_true(riv < (1 << rb)); /* fits the field sized with N_gap,1 */
                    lte_dci_1c d = {gap2, riv, 0};
                    lte_ra ra;
                    assert_int_equal(lte_dci_1c_ra(&c, &d, &ra), 0);
                    assert_int_equal(lte_ra_prbs(n, &ra, prb), l * step);
                    uint8_t m[2][LTE_MAX_RB] = {{0}};
                    for (int v = s * step; v < (s + l) * step; v++)
                        for (int sl = 0; sl < 2; sl++)
                            m[sl][ref_vrb(n, gap2, v, sl)] = 1;
                    assert_memory_equal(prb, m, sizeof m);
                }
            int riv;
            assert_int_equal(lte_ra_1c_riv(n, gap2, 1, step, &riv), LTE_EINVAL);
            assert_int_equal(lte_ra_1c_riv(n, gap2, 0, (np + 1) * step, &riv), LTE_EINVAL);
        }
    }
    /* 1A -> allocation */
    lte_dci_cfg c = {.n_rb_dl = 50, .duplex = LTE_FDD};
    lte_dci_1a a = {.distributed = 1, .n_gap = 1, .riv = 5};
    lte_ra ra;
    assert_int_equal(lte_dci_1a_ra(&c, &a, &ra), 0);
    assert_int_equal(ra.type, LTE_RA_TYPE2_DIST);
    assert_int_equal(ra.n_gap, 1);
    /* C-RNTI, N_RB >= 50: up to 16 distributed VRBs (36.213 §7.1.6.3) */
    assert_int_equal(ra.max_crbs, 16);
    assert_int_equal(lte_riv_encode(50, 0, 16, &ra.riv), 0);
    ra.n_gap = 0;
    assert_int_equal(lte_ra_prbs(50, &ra, prb), 16);
    assert_int_equal(lte_riv_encode(50, 0, 17, &ra.riv), 0);
    assert_int_equal(lte_ra_prbs(50, &ra, prb), LTE_EINVAL);
    c.broadcast = 1; /* SI/P/RA-RNTI: up to N_VRB^DL */
    assert_int_equal(lte_dci_1a_ra(&c, &a, &ra), 0);
    assert_int_equal(ra.max_crbs, 0);
    c.broadcast = 0;
    lte_dci_dl d;
    memset(&d, 0, sizeof d);
    d.ra_type = 1;
    c.n_rb_dl = 6;
    assert_int_equal(lte_dci_dl_ra(&c, &d, &ra), LTE_EINVAL); /* no type 1 below 11 RB */
    ra = (lte_ra){.type = LTE_RA_TYPE2_LOC, .riv = 6 * 7 / 2};
    assert_int_equal(lte_ra_prbs(6, &ra, prb), LTE_EINVAL);
    ra.type = (lte_ra_type)7;
    assert_int_equal(lte_ra_prbs(6, &ra, prb), LTE_EINVAL);
    assert_int_equal(lte_ra_prbs(6, NULL, prb), LTE_EINVAL);
}

/* Table 7.1.7.2.3-1: 32 sizes, increasing, whole bytes, 40 .. 1736, each one
 * a size of the main table (Table 7.1.7.2.1-1). */
static void test_tbs_1c(void **state)
{
    (void)state;
    int prev = 0, tbs;
    for (int i = 0; i < 32; i++) {
        assert_int_equal(lte_dci_1c_tbs(i, &tbs), 0);
        assert_true(tbs > prev);
        assert_int_equal(tbs % 8, 0);
        int found = 0;
        for (int it = 0; it <= 26 && !found; it++)
            for (int np = 1; np <= 110 && !found; np++) {
                int t;
                if (lte_tbs(it, np, &t) == 0 && t == tbs)
                    found = 1;
            }
        assert_true(found);
        prev = tbs;
    }
    lte_dci_1c_tbs(0, &tbs);
    assert_int_equal(tbs, 40);
    lte_dci_1c_tbs(31, &tbs);
    assert_int_equal(tbs, 1736);
    assert_int_equal(lte_dci_1c_tbs(32, &tbs), LTE_EINVAL);
}

/* Transport blocks of formats 1, 2, 2A: enabled unless (I_MCS, rv) = (0, 1)
 * (36.213 §7.1.7.2), codewords per 36.212 Tables 5.3.3.1.5-1/-2, sizes
 * from Table 7.1.7.2.1-1 entries quoted here. */
static void test_dl_tb(void **state)
{
    (void)state;
    lte_dci_dl d;
    memset(&d, 0, sizeof d);
    lte_dci_tb_grant g;
    /* I_MCS 9 -> QPSK, I_TBS 9; 10 PRB -> 1544; I_MCS 10 -> 16QAM, I_TBS 9 */
    d.tb[0] = (lte_dci_tb){9, 1, 2};
    d.tb[1] = (lte_dci_tb){10, 0, 0};
    assert_int_equal(lte_dci_dl_tb(&d, LTE_DCI_FORMAT1, 0, 10, 1, &g), 0);
    assert_true(g.enabled && g.codeword == 0 && g.q_m == 2 && g.tbs == 1544 && g.rv == 2);
    assert_int_equal(lte_dci_dl_tb(&d, LTE_DCI_FORMAT1, 1, 10, 1, &g), 0);
    assert_false(g.enabled);
    assert_int_equal(lte_dci_dl_tb(&d, LTE_DCI_FORMAT2, 1, 10, 1, &g), 0);
    assert_true(g.enabled && g.codeword == 1 && g.q_m == 4 && g.tbs == 1544);
    d.swap = 1;
    assert_int_equal(lte_dci_dl_tb(&d, LTE_DCI_FORMAT2A, 1, 10, 1, &g), 0);
    assert_int_equal(g.codeword, 0);
    assert_int_equal(lte_dci_dl_tb(&d, LTE_DCI_FORMAT2A, 0, 10, 1, &g), 0);
    assert_int_equal(g.codeword, 1);
    /* TB 1 disabled: TB 2 alone goes to codeword 0 whatever the swap flag */
    d.tb[0] = (lte_dci_tb){0, 0, 1};
    assert_int_equal(lte_dci_dl_tb(&d, LTE_DCI_FORMAT2, 0, 10, 1, &g), 0);
    assert_false(g.enabled);
    assert_int_equal(lte_dci_dl_tb(&d, LTE_DCI_FORMAT2, 1, 10, 1, &g), 0);
    assert_true(g.enabled && g.codeword == 0);
    /* two layers, N_PRB <= 55: the 2 N_PRB column (I_TBS 9, 20 PRB = 3112) */
    assert_int_equal(lte_dci_dl_tb(&d, LTE_DCI_FORMAT2, 1, 10, 2, &g), 0);
    assert_int_equal(g.tbs, 3112);
    /* I_MCS 30: 16QAM, no size */
    d.tb[1].mcs = 30;
    assert_int_equal(lte_dci_dl_tb(&d, LTE_DCI_FORMAT2, 1, 10, 1, &g), 0);
    assert_true(g.enabled && g.q_m == 4 && g.tbs == 0);
    assert_int_equal(lte_dci_dl_tb(&d, LTE_DCI_FORMAT1A, 0, 10, 1, &g), LTE_EINVAL);
    assert_int_equal(lte_dci_dl_tb(&d, LTE_DCI_FORMAT2, 2, 10, 1, &g), LTE_EINVAL);
    assert_int_equal(lte_dci_dl_tb(&d, LTE_DCI_FORMAT2, 0, 0, 1, &g), LTE_EINVAL);
}

/* PDSCH REs of per-slot PRB sets: the even slot's symbols hold only REs of
 * prb[0], the odd slot's only of prb[1], in k-then-l order; with equal
 * slots the list is the whole-subframe list. */
static void test_ra_re_list(void **state)
{
    (void)state;
    lte_cell_cfg cell;
    lte_cell_cfg_init(&cell);
    cell.n_rb = 50;
    cell.n_ports = 2;
    lte_grid *g;
    assert_int_equal(lte_grid_create(&cell, &g), 0);
    assert_int_equal(lte_grid_set_subframe(g, 0), 0); /* PBCH, sync: slots differ */
    uint8_t prb[2][LTE_MAX_RB];
    int riv;
    assert_int_equal(lte_riv_encode(50, 10, 12, &riv), 0);
    lte_ra ra = {.type = LTE_RA_TYPE2_DIST, .riv = riv};
    assert_int_equal(lte_ra_prbs(50, &ra, prb), 12);
    static uint32_t idx[20000];
    int n = lte_ra_re_list(g, prb, idx, 20000);
    int want = lte_grid_re_list(&g->cell, g->map, LTE_RE_PDSCH, 0, g->n_symb / 2, prb[0], NULL, 0) +
               lte_grid_re_list(&g->cell, g->map, LTE_RE_PDSCH, g->n_symb / 2, g->n_symb, prb[1],
                                NULL, 0);
    assert_int_equal(n, want);
    assert_true(n > 0);
    for (int i = 0; i < n; i++) {
        int l = (int)idx[i] / g->n_sc, k = (int)idx[i] % g->n_sc;
        assert_int_equal(LTE_GRID_IDX(g->n_sc, l, k), idx[i]);
        assert_int_equal(prb[l >= g->n_symb / 2][k / 12], 1);
        assert_int_equal(g->map[idx[i]], LTE_RE_PDSCH);
        if (i)
            assert_true(idx[i] > idx[i - 1]); /* k first, then l */
    }
    assert_int_equal(lte_ra_re_list(g, prb, NULL, 0), n);
    ra = (lte_ra){.type = LTE_RA_TYPE2_LOC, .riv = riv};
    assert_int_equal(lte_ra_prbs(50, &ra, prb), 12);
    assert_int_equal(lte_ra_re_list(g, prb, NULL, 0), lte_pdsch_re_count(g, prb[0]));
    assert_int_equal(lte_ra_re_list(g, prb, NULL, 5), LTE_EINVAL);
    lte_grid_destroy(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes), cmocka_unit_test(test_roundtrip), cmocka_unit_test(test_riv),
        cmocka_unit_test(test_tbs),   cmocka_unit_test(test_sib1_rv),
        cmocka_unit_test(test_sizes_all_formats), cmocka_unit_test(test_roundtrip_formats),
        cmocka_unit_test(test_ra_type01), cmocka_unit_test(test_vrb_distributed),
        cmocka_unit_test(test_ra_type2), cmocka_unit_test(test_tbs_1c),
        cmocka_unit_test(test_dl_tb), cmocka_unit_test(test_ra_re_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
