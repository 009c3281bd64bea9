/* Tests of the SIB6 .. SIB11 readers of lte_si_unpack (sib.h), against the
 * ASN.1 of 36.331 (read in v15.3.0, as the Wireshark sources carry it; none
 * of these SIBs' fields is marked r15 there) (§6.2.2 SystemInformation, §6.3.1
 * SystemInformationBlockType6 .. 11, the types of §6.3.4; X.691 unaligned
 * PER).
 *
 * - One SI message per new SIB written out bit by bit by hand in a comment
 *   (test_hand_*): read field by field, and the PER writer of this file,
 *   given the same values, writes exactly those bits (so the writer is
 *   checked against the ASN.1 once); every cut of the message is refused
 *   (LTE_EFORMAT).
 * - A PER writer written here from the ASN.1 (enc_* from the expected
 *   structures; tables typed here) and random structures over each field's
 *   whole range with every optional field present or absent, extension
 *   additions (lateNonCriticalExtension, CarrierFreqUTRA-FDD's Rel-9 group,
 *   later ones), fixed seed: SI messages with the new SIBs between SIB2 and
 *   SIB3 (the Amarisoft recording's, bits copied, test_sib3.c), a SIB5 typed
 *   here and extension SIBs, in random order (first the order SIB2, SIB6,
 *   SIB7, SIB3, SIB9, SIB10, SIB11, SIB5, sib12-v920, SIB8); every SIB read
 *   back field by field, the type list complete and in order, the read
 *   ending exactly at the message's end; cuts refused, the detail naming the
 *   field the bits end in.
 * - SIB8 neighbour lists beyond LTE_SIB8_MAX_NEIGH and SIB11 segments beyond
 *   LTE_SIB11_MAX_SEGMENT are read, the excess counted.
 * - Values outside the ranges (spares) are refused naming the field.
 * - Random bodies after SIB6 .. SIB11 choices give 0 or LTE_EFORMAT (the
 *   ASan build runs this).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/sib.h"
#include "tests/common/testutil.h"

/* ---- a PER writer, written from the 36.331 ASN.1 ---------------------- */
typedef struct wr {
    uint8_t b[1 << 17];
    int n;
} wr;

static void put(wr *w, uint64_t v, int k)
{
    assert_true(k >= 0 && k <= 64 && w->n + k <= (int)sizeof w->b);
    for (int i = k - 1; i >= 0; i--)
        w->b[w->n++] = (uint8_t)(v >> i & 1);
}

static int pick(tu_rng *r, int n)
{
    return (int)(tu_rand(r) % (uint32_t)n);
}

/* '0'/'1' characters to bits, anything else ignored. */
static int from_text(const char *s, uint8_t *b)
{
    int n = 0;
    for (; *s; s++)
        if (*s == '0' || *s == '1')
            b[n++] = (uint8_t)(*s - '0');
    return n;
}

/* An unconstrained length (X.691 §11.9.3.6): below 128 a 0 bit and 7 bits,
 * else 10 and 14 bits. */
static void put_length(wr *w, int len)
{
    assert_true(len >= 0 && len < 16384);
    if (len < 128)
        put(w, (uint64_t)len, 8);
    else
        put(w, 0x8000u | (uint32_t)len, 16);
}

/* An open type (X.691 §10.2): the contents padded to octets, at least one. */
static void put_open(wr *w, const wr *c)
{
    int len = (c->n + 7) / 8;
    if (len == 0)
        len = 1;
    put_length(w, len);
    for (int i = 0; i < 8 * len; i++)
        put(w, i < c->n ? c->b[i] : 0, 1);
}

static void put_random_open(tu_rng *r, wr *w)
{
    static wr c;
    c.n = 0;
    int n = 8 * (1 + pick(r, 5));
    for (int i = 0; i < n; i++)
        put(&c, (uint32_t)pick(r, 2), 1);
    put_open(w, &c);
}

/* Extension additions (X.691 §19.7): a normally small n - 1 (a 0 bit and 6
 * bits), n presence bits, each present one an open type. Here addition 0
 * is lateNonCriticalExtension (present iff late), then `later` present
 * additions of random contents. */
static void put_sib_additions(tu_rng *r, wr *w, int late, int later)
{
    int n = 1 + later;
    put(w, 0, 1);
    put(w, (uint32_t)(n - 1), 6);
    put(w, (uint32_t)late, 1);
    for (int i = 1; i < n; i++)
        put(w, 1, 1);
    for (int i = 0; i < n; i++)
        if (i > 0 || late)
            put_random_open(r, w);
}

/* 1..3 additions of unknown contents, at least one present (an extensible
 * entry whose additions the reader skips). */
static void put_random_additions(tu_rng *r, wr *w)
{
    int n = 1 + pick(r, 3), present[3];
    for (int i = 0; i < n; i++)
        present[i] = pick(r, 2);
    present[pick(r, n)] = 1;
    put(w, 0, 1);
    put(w, (uint32_t)(n - 1), 6);
    for (int i = 0; i < n; i++)
        put(w, (uint32_t)present[i], 1);
    for (int i = 0; i < n; i++)
        if (present[i])
            put_random_open(r, w);
}

/* Where fields start in the written message, for the truncation detail:
 * -1 when not written. */
typedef struct marks {
    int utra_freq, arfcn_start, sw, pn, hnb, serial10, seg11;
} marks;
static marks *mk; /* the marks of the message being written */

static const int SPEED_SF[4] = {25, 50, 75, 100}; /* oDot25, oDot5, oDot75, lDot0 */

static int sf_index(int x100)
{
    for (int i = 0; i < 4; i++)
        if (SPEED_SF[i] == x100)
            return i;
    fail_msg("speed scale factor %d", x100);
    return 0;
}

static void enc_speed_sf(wr *w, const lte_sib_speed_sf *f)
{
    put(w, (uint32_t)sf_index(f->medium_x100), 2);
    put(w, (uint32_t)sf_index(f->high_x100), 2);
}

/* ---- SIB6 --------------------------------------------------------------- */

/* CarrierFreqUTRA-FDD / -TDD from *c: field values back to their codes
 * (threshX = 2 x field dB, q-RxLevMin = 2 x field + 1 dBm). The FDD Rel-9
 * group is addition 0, present whenever threshX-Q-r9 is (and, empty, at
 * random otherwise); n_skipped more additions follow. */
static void enc_utra(tu_rng *r, wr *w, int fdd, const lte_sib6_carrier *c)
{
    put(w, (uint32_t)c->has_extension, 1);
    put(w, (uint32_t)c->has_priority, 1);
    if (mk->utra_freq < 0)
        mk->utra_freq = w->n;
    put(w, (uint32_t)c->uarfcn, 14);
    if (c->has_priority)
        put(w, (uint32_t)c->cell_resel_priority, 3);
    put(w, (uint32_t)(c->thresh_x_high_db / 2), 5);
    put(w, (uint32_t)(c->thresh_x_low_db / 2), 5);
    put(w, (uint32_t)((c->q_rx_lev_min_dbm - 1) / 2 + 60), 6);
    put(w, (uint32_t)(c->p_max_dbm + 50), 7);
    if (fdd)
        put(w, (uint32_t)(c->q_qual_min_db + 24), 5);
    if (!c->has_extension)
        return;
    int group = fdd && (c->has_thresh_q || (r && pick(r, 2)));
    int n = 1 + c->n_skipped;
    put(w, 0, 1);
    put(w, (uint32_t)(n - 1), 6);
    put(w, (uint32_t)group, 1);
    for (int i = 1; i < n; i++)
        put(w, 1, 1);
    if (group) {
        static wr g;
        g.n = 0;
        put(&g, (uint32_t)c->has_thresh_q, 1);
        if (c->has_thresh_q) {
            put(&g, (uint32_t)c->thresh_x_high_q_db, 5);
            put(&g, (uint32_t)c->thresh_x_low_q_db, 5);
        }
        put_open(w, &g);
    } else if (!fdd && c->n_skipped == 0) {
        fail_msg("a TDD carrier with its extension bit and no addition");
    }
    for (int i = 1; i < n; i++)
        put_random_open(r, w);
}

static void enc_sib6(tu_rng *r, wr *w, const lte_sib6 *s)
{
    put(w, (uint32_t)s->has_extension, 1);
    put(w, s->n_fdd > 0, 1);
    put(w, s->n_tdd > 0, 1);
    put(w, (uint32_t)s->has_t_resel_sf, 1);
    if (s->n_fdd) {
        put(w, (uint32_t)(s->n_fdd - 1), 4);
        for (int i = 0; i < s->n_fdd; i++)
            enc_utra(r, w, 1, &s->fdd[i]);
    }
    if (s->n_tdd) {
        put(w, (uint32_t)(s->n_tdd - 1), 4);
        for (int i = 0; i < s->n_tdd; i++)
            enc_utra(r, w, 0, &s->tdd[i]);
    }
    put(w, (uint32_t)s->t_resel_s, 3);
    if (s->has_t_resel_sf)
        enc_speed_sf(w, &s->t_resel_sf);
    if (s->has_extension)
        put_sib_additions(r, w, s->has_late_nce, s->n_later_additions);
}

static void gen_speed_sf(tu_rng *r, lte_sib_speed_sf *f)
{
    f->medium_x100 = SPEED_SF[pick(r, 4)];
    f->high_x100 = SPEED_SF[pick(r, 4)];
}

/* Random SIB additions: extension bit, lateNonCriticalExtension, later. */
static void gen_additions(tu_rng *r, int *ext, int *late, int *later)
{
    *ext = pick(r, 3) == 0;
    if (*ext) {
        *late = pick(r, 2);
        *later = pick(r, 3);
        if (!*late && !*later)
            *late = 1;
    }
}

static void gen_utra(tu_rng *r, int fdd, lte_sib6_carrier *c)
{
    memset(c, 0, sizeof *c);
    c->uarfcn = pick(r, 16384);
    c->has_priority = pick(r, 2);
    if (c->has_priority)
        c->cell_resel_priority = pick(r, 8);
    c->thresh_x_high_db = 2 * pick(r, 32);
    c->thresh_x_low_db = 2 * pick(r, 32);
    c->q_rx_lev_min_dbm = 2 * (-60 + pick(r, 48)) + 1;
    c->p_max_dbm = -50 + pick(r, 84);
    if (fdd)
        c->q_qual_min_db = -24 + pick(r, 25);
    c->has_extension = pick(r, 4) == 0;
    if (c->has_extension) {
        c->n_skipped = pick(r, 3);
        if (fdd) {
            c->has_thresh_q = pick(r, 2);
            if (c->has_thresh_q) {
                c->thresh_x_high_q_db = pick(r, 32);
                c->thresh_x_low_q_db = pick(r, 32);
            }
        } else if (c->n_skipped == 0) {
            c->n_skipped = 1;
        }
    }
}

/* n in 1..max, now and then max */
static int gen_size(tu_rng *r, int max)
{
    return pick(r, 5) == 0 ? max : 1 + pick(r, max);
}

static void gen_sib6(tu_rng *r, lte_sib6 *s)
{
    memset(s, 0, sizeof *s);
    if (pick(r, 4))
        s->n_fdd = gen_size(r, LTE_SIB6_MAX_CARRIER);
    if (pick(r, 2))
        s->n_tdd = gen_size(r, LTE_SIB6_MAX_CARRIER);
    for (int i = 0; i < s->n_fdd; i++)
        gen_utra(r, 1, &s->fdd[i]);
    for (int i = 0; i < s->n_tdd; i++)
        gen_utra(r, 0, &s->tdd[i]);
    s->t_resel_s = pick(r, 8);
    s->has_t_resel_sf = pick(r, 2);
    if (s->has_t_resel_sf)
        gen_speed_sf(r, &s->t_resel_sf);
    gen_additions(r, &s->has_extension, &s->has_late_nce, &s->n_later_additions);
}

/* ---- SIB7 --------------------------------------------------------------- */

static void enc_geran(tu_rng *r, wr *w, const lte_sib7_group *g)
{
    put(w, (uint32_t)g->has_extension, 1);
    if (mk->arfcn_start < 0)
        mk->arfcn_start = w->n;
    put(w, (uint32_t)g->starting_arfcn, 10);
    put(w, (uint32_t)g->band_pcs1900, 1);
    put(w, (uint32_t)g->following, 2);
    if (g->following == LTE_GERAN_EXPLICIT) {
        put(w, (uint32_t)g->n_arfcn, 5);
        for (int i = 0; i < g->n_arfcn; i++)
            put(w, (uint32_t)g->arfcn[i], 10);
    } else if (g->following == LTE_GERAN_EQUALLY_SPACED) {
        put(w, (uint32_t)(g->arfcn_spacing - 1), 3);
        put(w, (uint32_t)g->n_following, 5);
    } else {
        put(w, (uint32_t)(g->n_bitmap - 1), 4);
        for (int i = 0; i < g->n_bitmap; i++)
            put(w, g->bitmap[i], 8);
    }
    put(w, (uint32_t)g->has_priority, 1);
    put(w, (uint32_t)g->has_p_max, 1);
    if (g->has_priority)
        put(w, (uint32_t)g->cell_resel_priority, 3);
    put(w, (uint32_t)g->ncc_permitted, 8);
    put(w, (uint32_t)((g->q_rx_lev_min_dbm + 115) / 2), 6);
    if (g->has_p_max)
        put(w, (uint32_t)g->p_max_dbm, 6);
    put(w, (uint32_t)(g->thresh_x_high_db / 2), 5);
    put(w, (uint32_t)(g->thresh_x_low_db / 2), 5);
    if (g->has_extension)
        put_random_additions(r, w);
}

static void enc_sib7(tu_rng *r, wr *w, const lte_sib7 *s)
{
    put(w, (uint32_t)s->has_extension, 1);
    put(w, (uint32_t)s->has_t_resel_sf, 1);
    put(w, s->n_group > 0, 1);
    put(w, (uint32_t)s->t_resel_s, 3);
    if (s->has_t_resel_sf)
        enc_speed_sf(w, &s->t_resel_sf);
    if (s->n_group) {
        put(w, (uint32_t)(s->n_group - 1), 4);
        for (int i = 0; i < s->n_group; i++)
            enc_geran(r, w, &s->group[i]);
    }
    if (s->has_extension)
        put_sib_additions(r, w, s->has_late_nce, s->n_later_additions);
}

static void gen_sib7(tu_rng *r, lte_sib7 *s)
{
    memset(s, 0, sizeof *s);
    s->t_resel_s = pick(r, 8);
    s->has_t_resel_sf = pick(r, 2);
    if (s->has_t_resel_sf)
        gen_speed_sf(r, &s->t_resel_sf);
    if (pick(r, 5))
        s->n_group = gen_size(r, LTE_SIB7_MAX_GROUP);
    for (int i = 0; i < s->n_group; i++) {
        lte_sib7_group *g = &s->group[i];
        g->starting_arfcn = pick(r, 1024);
        g->band_pcs1900 = pick(r, 2);
        g->following = pick(r, 3);
        if (g->following == LTE_GERAN_EXPLICIT) {
            g->n_arfcn = pick(r, 4) == 0 ? 31 : pick(r, 32);
            for (int k = 0; k < g->n_arfcn; k++)
                g->arfcn[k] = pick(r, 1024);
        } else if (g->following == LTE_GERAN_EQUALLY_SPACED) {
            g->arfcn_spacing = 1 + pick(r, 8);
            g->n_following = pick(r, 32);
        } else {
            g->n_bitmap = gen_size(r, LTE_SIB7_MAX_BITMAP);
            for (int k = 0; k < g->n_bitmap; k++)
                g->bitmap[k] = (uint8_t)pick(r, 256);
        }
        g->has_priority = pick(r, 2);
        if (g->has_priority)
            g->cell_resel_priority = pick(r, 8);
        g->ncc_permitted = pick(r, 256);
        g->q_rx_lev_min_dbm = 2 * pick(r, 46) - 115;
        g->has_p_max = pick(r, 2);
        if (g->has_p_max)
            g->p_max_dbm = pick(r, 40);
        g->thresh_x_high_db = 2 * pick(r, 32);
        g->thresh_x_low_db = 2 * pick(r, 32);
        g->has_extension = pick(r, 4) == 0;
    }
    gen_additions(r, &s->has_extension, &s->has_late_nce, &s->n_later_additions);
}

/* ---- SIB8 --------------------------------------------------------------- */

/* CellReselectionParametersCDMA2000 as sent (nested), beside the reader's
 * flattened, capped form. */
typedef struct cdma_nc {
    int band_class, n_freq;
    struct {
        int arfcn, n_pn, pn[16];
    } f[16];
} cdma_nc;

typedef struct cdma_resel {
    lte_sib8_resel flat; /* the expected result */
    int n_nc;
    cdma_nc nc[16];
    int band_ext[LTE_SIB8_MAX_BAND]; /* BandClassInfoCDMA2000 extension bit */
} cdma_resel;

static void put_band_class(wr *w, int bc)
{
    if (bc >= 32) { /* an extension value: normally small number */
        put(w, 1, 1);
        put(w, 0, 1);
        put(w, (uint32_t)(bc - 32), 6);
    } else {
        put(w, 0, 1);
        put(w, (uint32_t)bc, 5);
    }
}

static void enc_cdma_resel(tu_rng *r, wr *w, const cdma_resel *c)
{
    const lte_sib8_resel *f = &c->flat;
    put(w, (uint32_t)f->has_t_resel_sf, 1);
    put(w, (uint32_t)(f->n_band - 1), 5);
    for (int i = 0; i < f->n_band; i++) {
        const lte_sib8_band *b = &f->band[i];
        put(w, (uint32_t)c->band_ext[i], 1);
        put(w, (uint32_t)b->has_priority, 1);
        put_band_class(w, b->band_class);
        if (b->has_priority)
            put(w, (uint32_t)b->cell_resel_priority, 3);
        put(w, (uint32_t)b->thresh_x_high, 6);
        put(w, (uint32_t)b->thresh_x_low, 6);
        if (c->band_ext[i])
            put_random_additions(r, w);
    }
    put(w, (uint32_t)(c->n_nc - 1), 4);
    for (int i = 0; i < c->n_nc; i++) {
        put_band_class(w, c->nc[i].band_class);
        put(w, (uint32_t)(c->nc[i].n_freq - 1), 4);
        for (int j = 0; j < c->nc[i].n_freq; j++) {
            put(w, (uint32_t)c->nc[i].f[j].arfcn, 11);
            put(w, (uint32_t)(c->nc[i].f[j].n_pn - 1), 4);
            for (int k = 0; k < c->nc[i].f[j].n_pn; k++) {
                if (mk->pn < 0)
                    mk->pn = w->n;
                put(w, (uint32_t)c->nc[i].f[j].pn[k], 9);
            }
        }
    }
    put(w, (uint32_t)f->t_resel_s, 3);
    if (f->has_t_resel_sf)
        enc_speed_sf(w, &f->t_resel_sf);
}

static int gen_band_class(tu_rng *r)
{
    return pick(r, 8) == 0 ? 32 + pick(r, 4) : pick(r, 22); /* bc0 .. bc21-v9a0 */
}

/* big: the neighbour lists at their largest (16 x 16 x 16 PN offsets) */
static void gen_cdma_resel(tu_rng *r, int big, cdma_resel *c)
{
    memset(c, 0, sizeof *c);
    lte_sib8_resel *f = &c->flat;
    f->n_band = gen_size(r, LTE_SIB8_MAX_BAND);
    for (int i = 0; i < f->n_band; i++) {
        lte_sib8_band *b = &f->band[i];
        b->band_class = gen_band_class(r);
        b->has_priority = pick(r, 2);
        if (b->has_priority)
            b->cell_resel_priority = pick(r, 8);
        b->thresh_x_high = pick(r, 64);
        b->thresh_x_low = pick(r, 64);
        c->band_ext[i] = pick(r, 6) == 0;
    }
    c->n_nc = big ? 16 : 1 + pick(r, 3);
    for (int i = 0; i < c->n_nc; i++) {
        cdma_nc *nc = &c->nc[i];
        nc->band_class = gen_band_class(r);
        nc->n_freq = big ? 16 : 1 + pick(r, 3);
        for (int j = 0; j < nc->n_freq; j++) {
            nc->f[j].arfcn = pick(r, 2048);
            nc->f[j].n_pn = big ? 16 : 1 + pick(r, 4);
            for (int k = 0; k < nc->f[j].n_pn; k++) {
                int pn = nc->f[j].pn[k] = pick(r, 512);
                if (f->n_neigh < LTE_SIB8_MAX_NEIGH)
                    f->neigh[f->n_neigh++] = (lte_sib8_neigh){nc->band_class, nc->f[j].arfcn, pn};
                else
                    f->n_neigh_dropped++;
            }
        }
    }
    f->t_resel_s = pick(r, 8);
    f->has_t_resel_sf = pick(r, 2);
    if (f->has_t_resel_sf)
        gen_speed_sf(r, &f->t_resel_sf);
}

typedef struct sib8_sent {
    lte_sib8 e;
    cdma_resel hrpd, rtt;
} sib8_sent;

static void enc_sib8(tu_rng *r, wr *w, const sib8_sent *x)
{
    const lte_sib8 *s = &x->e;
    put(w, (uint32_t)s->has_extension, 1);
    put(w, (uint32_t)s->has_system_time, 1);
    put(w, (uint32_t)s->has_search_window, 1);
    put(w, (uint32_t)s->has_hrpd, 1);
    put(w, (uint32_t)s->has_1xrtt, 1);
    if (s->has_system_time) {
        put(w, (uint32_t)s->cdma_eutra_sync, 1);
        put(w, (uint32_t)s->system_time_async, 1);
        put(w, s->system_time, s->system_time_async ? 49 : 39);
    }
    if (s->has_search_window) {
        if (mk->sw < 0)
            mk->sw = w->n;
        put(w, (uint32_t)s->search_window, 4);
    }
    if (s->has_hrpd) {
        put(w, (uint32_t)s->has_hrpd_resel, 1);
        put(w, (uint32_t)s->has_pre_reg_zone, 1);
        put(w, s->n_secondary_zone > 0, 1);
        put(w, (uint32_t)s->pre_reg_allowed, 1);
        if (s->has_pre_reg_zone)
            put(w, (uint32_t)s->pre_reg_zone, 8);
        if (s->n_secondary_zone) {
            put(w, (uint32_t)(s->n_secondary_zone - 1), 1);
            for (int i = 0; i < s->n_secondary_zone; i++)
                put(w, (uint32_t)s->secondary_zone[i], 8);
        }
        if (s->has_hrpd_resel)
            enc_cdma_resel(r, w, &x->hrpd);
    }
    if (s->has_1xrtt) {
        put(w, (uint32_t)s->has_csfb_reg, 1);
        put(w, (uint32_t)s->has_long_code_state, 1);
        put(w, (uint32_t)s->has_1xrtt_resel, 1);
        if (s->has_csfb_reg) {
            put(w, (uint32_t)s->sid, 15);
            put(w, (uint32_t)s->nid, 16);
            const int fl[7] = {s->multiple_sid,    s->multiple_nid,    s->home_reg,
                               s->foreign_sid_reg, s->foreign_nid_reg, s->parameter_reg,
                               s->power_up_reg};
            for (int i = 0; i < 7; i++)
                put(w, (uint32_t)fl[i], 1);
            put(w, (uint32_t)s->registration_period, 7);
            put(w, (uint32_t)s->registration_zone, 12);
            put(w, (uint32_t)s->total_zone, 3);
            put(w, (uint32_t)s->zone_timer, 3);
        }
        if (s->has_long_code_state)
            put(w, s->long_code_state, 42);
        if (s->has_1xrtt_resel)
            enc_cdma_resel(r, w, &x->rtt);
    }
    if (s->has_extension)
        put_sib_additions(r, w, s->has_late_nce, s->n_later_additions);
}

static uint64_t rand_bits64(tu_rng *r, int k)
{
    uint64_t v = (uint64_t)tu_rand(r) << 32 | tu_rand(r);
    return k == 64 ? v : v & ((1ull << k) - 1);
}

static void gen_sib8(tu_rng *r, int big, sib8_sent *x)
{
    memset(x, 0, sizeof *x);
    lte_sib8 *s = &x->e;
    s->has_system_time = pick(r, 2);
    if (s->has_system_time) {
        s->cdma_eutra_sync = pick(r, 2);
        s->system_time_async = pick(r, 2);
        s->system_time = rand_bits64(r, s->system_time_async ? 49 : 39);
    }
    s->has_search_window = pick(r, 2);
    if (s->has_search_window)
        s->search_window = pick(r, 16);
    s->has_hrpd = big || pick(r, 2);
    if (s->has_hrpd) {
        s->pre_reg_allowed = pick(r, 2);
        s->has_pre_reg_zone = pick(r, 2);
        if (s->has_pre_reg_zone)
            s->pre_reg_zone = pick(r, 256);
        s->n_secondary_zone = pick(r, 3);
        for (int i = 0; i < s->n_secondary_zone; i++)
            s->secondary_zone[i] = pick(r, 256);
        s->has_hrpd_resel = big || pick(r, 2);
        if (s->has_hrpd_resel) {
            gen_cdma_resel(r, big, &x->hrpd);
            s->hrpd_resel = x->hrpd.flat;
        }
    }
    s->has_1xrtt = pick(r, 2);
    if (s->has_1xrtt) {
        s->has_csfb_reg = pick(r, 2);
        if (s->has_csfb_reg) {
            s->sid = pick(r, 32768);
            s->nid = pick(r, 65536);
            s->multiple_sid = pick(r, 2);
            s->multiple_nid = pick(r, 2);
            s->home_reg = pick(r, 2);
            s->foreign_sid_reg = pick(r, 2);
            s->foreign_nid_reg = pick(r, 2);
            s->parameter_reg = pick(r, 2);
            s->power_up_reg = pick(r, 2);
            s->registration_period = pick(r, 128);
            s->registration_zone = pick(r, 4096);
            s->total_zone = pick(r, 8);
            s->zone_timer = pick(r, 8);
        }
        s->has_long_code_state = pick(r, 2);
        if (s->has_long_code_state)
            s->long_code_state = rand_bits64(r, 42);
        s->has_1xrtt_resel = pick(r, 2);
        if (s->has_1xrtt_resel) {
            gen_cdma_resel(r, 0, &x->rtt);
            s->rtt_resel = x->rtt.flat;
        }
    }
    gen_additions(r, &s->has_extension, &s->has_late_nce, &s->n_later_additions);
}

/* ---- SIB9, SIB10, SIB11 --------------------------------------------------- */

static void enc_sib9(tu_rng *r, wr *w, const lte_sib9 *s)
{
    put(w, (uint32_t)s->has_extension, 1);
    put(w, s->hnb_name_len > 0, 1);
    if (s->hnb_name_len) {
        mk->hnb = w->n;
        put(w, (uint32_t)(s->hnb_name_len - 1), 6);
        for (int i = 0; i < s->hnb_name_len; i++)
            put(w, s->hnb_name[i], 8);
    }
    if (s->has_extension)
        put_sib_additions(r, w, s->has_late_nce, s->n_later_additions);
}

static void gen_sib9(tu_rng *r, lte_sib9 *s)
{
    memset(s, 0, sizeof *s);
    if (pick(r, 5)) {
        s->hnb_name_len = gen_size(r, LTE_SIB9_MAX_HNB_NAME);
        for (int i = 0; i < s->hnb_name_len; i++)
            s->hnb_name[i] = (uint8_t)pick(r, 256);
    }
    gen_additions(r, &s->has_extension, &s->has_late_nce, &s->n_later_additions);
}

static void enc_sib10(tu_rng *r, wr *w, const lte_sib10 *s)
{
    put(w, (uint32_t)s->has_extension, 1);
    put(w, (uint32_t)s->has_dummy, 1);
    put(w, (uint32_t)s->message_identifier, 16);
    mk->serial10 = w->n;
    put(w, (uint32_t)s->serial_number, 16);
    put(w, (uint32_t)s->warning_type, 16);
    for (int i = 0; i < 50 * s->has_dummy; i++)
        put(w, (uint32_t)pick(r, 256), 8);
    if (s->has_extension)
        put_sib_additions(r, w, s->has_late_nce, s->n_later_additions);
}

static void gen_sib10(tu_rng *r, lte_sib10 *s)
{
    memset(s, 0, sizeof *s);
    s->message_identifier = pick(r, 65536);
    s->serial_number = pick(r, 65536);
    s->warning_type = pick(r, 65536);
    s->has_dummy = pick(r, 2);
    gen_additions(r, &s->has_extension, &s->has_late_nce, &s->n_later_additions);
}

static void enc_sib11(tu_rng *r, wr *w, const lte_sib11 *s)
{
    put(w, (uint32_t)s->has_extension, 1);
    put(w, (uint32_t)s->has_data_coding_scheme, 1);
    put(w, (uint32_t)s->message_identifier, 16);
    put(w, (uint32_t)s->serial_number, 16);
    put(w, (uint32_t)s->last_segment, 1);
    mk->seg11 = w->n;
    put(w, (uint32_t)s->segment_number, 6);
    put_length(w, s->segment_len);
    for (int i = 0; i < s->segment_len; i++)
        put(w, i < LTE_SIB11_MAX_SEGMENT ? s->segment[i] : (uint32_t)pick(r, 256), 8);
    if (s->has_data_coding_scheme)
        put(w, (uint32_t)s->data_coding_scheme, 8);
    if (s->has_extension)
        put_sib_additions(r, w, s->has_late_nce, s->n_later_additions);
}

static void gen_sib11(tu_rng *r, lte_sib11 *s)
{
    memset(s, 0, sizeof *s);
    s->message_identifier = pick(r, 65536);
    s->serial_number = pick(r, 65536);
    s->last_segment = pick(r, 2);
    s->segment_number = pick(r, 64);
    /* 0 .. 127 octets (a one-octet length), now and then up to 400 */
    s->segment_len = pick(r, 6) == 0 ? 128 + pick(r, 273) : pick(r, 128);
    for (int i = 0; i < s->segment_len && i < LTE_SIB11_MAX_SEGMENT; i++)
        s->segment[i] = (uint8_t)pick(r, 256);
    s->segment_dropped = s->segment_len > LTE_SIB11_MAX_SEGMENT
                             ? s->segment_len - LTE_SIB11_MAX_SEGMENT
                             : 0;
    s->has_data_coding_scheme = pick(r, 2);
    if (s->has_data_coding_scheme)
        s->data_coding_scheme = pick(r, 256);
    gen_additions(r, &s->has_extension, &s->has_late_nce, &s->n_later_additions);
}

/* ---- SI messages ---------------------------------------------------------- */

/* The Amarisoft recording's SI message (test_sib3.c): SIB2 bits 14..199,
 * SIB3 bits 205..251. */
#define AMARISOFT_SI_HEX "00800c61bc8ca883d601ba01000408019739dcb2d5425c700308518b613a9690"

/* A SIB5 typed here, by hand from the ASN.1:
 *   0        SIB5 extension bit
 *   000      interFreqCarrierFreqList size 1
 *   0000000  InterFreqCarrierFreqInfo: no extension, p-Max, t-ReselectionEUTRA-SF,
 *            cellReselectionPriority, q-OffsetFreq, neighbour list, black list
 *   0000010100010100  dl-CarrierFreq 1300
 *   000110   q-RxLevMin -64: -128 dBm
 *   010      t-ReselectionEUTRA 2 s
 *   00101    threshX-High 5: 10 dB
 *   00011    threshX-Low 3: 6 dB
 *   010      allowedMeasBandwidth mbw25
 *   1        presenceAntennaPort1 TRUE
 *   01       neighCellConfig '01'B */
#define SIB5_BITS "0 000 0000000 0000010100010100 000110 010 00101 00011 010 1 01"

static void sib5_expected(lte_sib5 *s)
{
    memset(s, 0, sizeof *s);
    s->n_freq = 1;
    lte_sib5_freq *f = &s->freq[0];
    f->dl_earfcn = 1300;
    f->q_rx_lev_min_dbm = -128;
    f->t_resel_s = 2;
    f->thresh_x_high_db = 10;
    f->thresh_x_low_db = 6;
    f->meas_bw_n_rb = 25;
    f->antenna_port1 = 1;
    f->neigh_cell_config = 1;
}

/* What a message is made of: SIB2 .. SIB11 (2 .. 11), extension SIBs (100
 * + their index), and the expected result. */
typedef struct si_plan {
    int n, kind[32];
    lte_si_msg e;
    sib8_sent s8;
} si_plan;

static uint8_t amari[256];
static lte_si_msg amari_ref; /* its SIB2 and SIB3, as the reader of test_sib3.c checks them */

/* The message of plan p (its SIBs already in p->e) into w. */
static void enc_si(tu_rng *r, wr *w, si_plan *p, int nce, marks *m)
{
    memset(m, 0xff, sizeof *m);
    mk = m;
    w->n = 0;
    put(w, 0, 3); /* c1, systemInformation, systemInformation-r8 */
    put(w, (uint32_t)nce, 1);
    put(w, (uint32_t)(p->n - 1), 5);
    p->e.n_sib = p->e.n_types = p->n;
    for (int i = 0; i < p->n; i++) {
        int k = p->kind[i];
        if (k >= 100) {
            put(w, 1, 1);
            put(w, 0, 1);
            put(w, (uint32_t)(k - 100), 6);
            p->e.type[i] = k - 100 < 10 ? 12 + k - 100 : LTE_SIB_EXT + k - 100;
            put_random_open(r, w);
            continue;
        }
        p->e.type[i] = k;
        put(w, 0, 1);
        put(w, (uint32_t)(k - 2), 4);
        uint8_t b5[64];
        int n5;
        switch (k) {
        case 2:
            for (int j = 14; j < 200; j++)
                put(w, amari[j], 1);
            break;
        case 3:
            for (int j = 205; j < 252; j++)
                put(w, amari[j], 1);
            break;
        case 5:
            n5 = from_text(SIB5_BITS, b5);
            for (int j = 0; j < n5; j++)
                put(w, b5[j], 1);
            break;
        case 6:
            enc_sib6(r, w, &p->e.sib6);
            break;
        case 7:
            enc_sib7(r, w, &p->e.sib7);
            break;
        case 8:
            enc_sib8(r, w, &p->s8);
            break;
        case 9:
            enc_sib9(r, w, &p->e.sib9);
            break;
        case 10:
            enc_sib10(r, w, &p->e.sib10);
            break;
        case 11:
            enc_sib11(r, w, &p->e.sib11);
            break;
        default:
            fail_msg("kind %d", k);
        }
    }
    if (nce) { /* SystemInformation-v8a0-IEs */
        int late = pick(r, 2);
        put(w, (uint32_t)late, 1);
        put(w, (uint32_t)pick(r, 2), 1);
        if (late)
            put_random_open(r, w);
    }
    p->e.end_bit = w->n;
}

/* The expected SIBs of the kinds in p (random ones for 6 .. 11). */
static void gen_plan(tu_rng *r, si_plan *p, int big8)
{
    memset(&p->e, 0, sizeof p->e);
    for (int i = 0; i < p->n; i++) {
        lte_si_msg *e = &p->e;
        switch (p->kind[i]) {
        case 2:
            e->has_sib2 = 1;
            e->sib2 = amari_ref.sib2;
            break;
        case 3:
            e->has_sib3 = 1;
            e->sib3 = amari_ref.sib3;
            break;
        case 5:
            e->has_sib5 = 1;
            sib5_expected(&e->sib5);
            break;
        case 6:
            e->has_sib6 = 1;
            gen_sib6(r, &e->sib6);
            break;
        case 7:
            e->has_sib7 = 1;
            gen_sib7(r, &e->sib7);
            break;
        case 8:
            e->has_sib8 = 1;
            gen_sib8(r, big8, &p->s8);
            e->sib8 = p->s8.e;
            break;
        case 9:
            e->has_sib9 = 1;
            gen_sib9(r, &e->sib9);
            break;
        case 10:
            e->has_sib10 = 1;
            gen_sib10(r, &e->sib10);
            break;
        case 11:
            e->has_sib11 = 1;
            gen_sib11(r, &e->sib11);
            break;
        default:
            break;
        }
    }
}

/* ---- field-by-field checks ------------------------------------------------ */
#define EQ(f) assert_int_equal(a->f, b->f)

static void check_sf(const lte_sib_speed_sf *a, const lte_sib_speed_sf *b)
{
    EQ(medium_x100);
    EQ(high_x100);
}

static void check_sib6(const lte_sib6 *x, const lte_sib6 *y)
{
    assert_int_equal(x->n_fdd, y->n_fdd);
    assert_int_equal(x->n_tdd, y->n_tdd);
    for (int i = 0; i < x->n_fdd + x->n_tdd; i++) {
        const lte_sib6_carrier *a = i < x->n_fdd ? &x->fdd[i] : &x->tdd[i - x->n_fdd];
        const lte_sib6_carrier *b = i < x->n_fdd ? &y->fdd[i] : &y->tdd[i - x->n_fdd];
        EQ(uarfcn);
        EQ(has_priority);
        EQ(cell_resel_priority);
        EQ(thresh_x_high_db);
        EQ(thresh_x_low_db);
        EQ(q_rx_lev_min_dbm);
        EQ(p_max_dbm);
        EQ(q_qual_min_db);
        EQ(has_thresh_q);
        EQ(thresh_x_high_q_db);
        EQ(thresh_x_low_q_db);
        EQ(has_extension);
        EQ(n_skipped);
    }
    const lte_sib6 *a = x, *b = y;
    EQ(t_resel_s);
    EQ(has_t_resel_sf);
    check_sf(&a->t_resel_sf, &b->t_resel_sf);
    EQ(has_extension);
    EQ(has_late_nce);
    EQ(n_later_additions);
    assert_memory_equal(x, y, sizeof *x);
}

static void check_sib7(const lte_sib7 *x, const lte_sib7 *y)
{
    assert_int_equal(x->n_group, y->n_group);
    for (int i = 0; i < x->n_group; i++) {
        const lte_sib7_group *a = &x->group[i], *b = &y->group[i];
        EQ(starting_arfcn);
        EQ(band_pcs1900);
        EQ(following);
        EQ(n_arfcn);
        for (int k = 0; k < a->n_arfcn; k++)
            EQ(arfcn[k]);
        EQ(arfcn_spacing);
        EQ(n_following);
        EQ(n_bitmap);
        assert_memory_equal(a->bitmap, b->bitmap, LTE_SIB7_MAX_BITMAP);
        EQ(has_priority);
        EQ(cell_resel_priority);
        EQ(ncc_permitted);
        EQ(q_rx_lev_min_dbm);
        EQ(has_p_max);
        EQ(p_max_dbm);
        EQ(thresh_x_high_db);
        EQ(thresh_x_low_db);
        EQ(has_extension);
    }
    const lte_sib7 *a = x, *b = y;
    EQ(t_resel_s);
    EQ(has_t_resel_sf);
    check_sf(&a->t_resel_sf, &b->t_resel_sf);
    EQ(has_extension);
    EQ(has_late_nce);
    EQ(n_later_additions);
    assert_memory_equal(x, y, sizeof *x);
}

static void check_resel(const lte_sib8_resel *a, const lte_sib8_resel *b)
{
    EQ(n_band);
    for (int i = 0; i < a->n_band; i++) {
        EQ(band[i].band_class);
        EQ(band[i].has_priority);
        EQ(band[i].cell_resel_priority);
        EQ(band[i].thresh_x_high);
        EQ(band[i].thresh_x_low);
    }
    EQ(n_neigh);
    EQ(n_neigh_dropped);
    for (int i = 0; i < a->n_neigh; i++) {
        EQ(neigh[i].band_class);
        EQ(neigh[i].arfcn);
        EQ(neigh[i].pn_offset);
    }
    EQ(t_resel_s);
    EQ(has_t_resel_sf);
    check_sf(&a->t_resel_sf, &b->t_resel_sf);
}

static void check_sib8(const lte_sib8 *a, const lte_sib8 *b)
{
    EQ(has_system_time);
    EQ(cdma_eutra_sync);
    EQ(system_time_async);
    assert_true(a->system_time == b->system_time);
    EQ(has_search_window);
    EQ(search_window);
    EQ(has_hrpd);
    EQ(pre_reg_allowed);
    EQ(has_pre_reg_zone);
    EQ(pre_reg_zone);
    EQ(n_secondary_zone);
    EQ(secondary_zone[0]);
    EQ(secondary_zone[1]);
    EQ(has_hrpd_resel);
    check_resel(&a->hrpd_resel, &b->hrpd_resel);
    EQ(has_1xrtt);
    EQ(has_csfb_reg);
    EQ(sid);
    EQ(nid);
    EQ(multiple_sid);
    EQ(multiple_nid);
    EQ(home_reg);
    EQ(foreign_sid_reg);
    EQ(foreign_nid_reg);
    EQ(parameter_reg);
    EQ(power_up_reg);
    EQ(registration_period);
    EQ(registration_zone);
    EQ(total_zone);
    EQ(zone_timer);
    EQ(has_long_code_state);
    assert_true(a->long_code_state == b->long_code_state);
    EQ(has_1xrtt_resel);
    check_resel(&a->rtt_resel, &b->rtt_resel);
    EQ(has_extension);
    EQ(has_late_nce);
    EQ(n_later_additions);
    assert_memory_equal(a, b, sizeof *a);
}

static void check_sib9(const lte_sib9 *a, const lte_sib9 *b)
{
    EQ(hnb_name_len);
    assert_memory_equal(a->hnb_name, b->hnb_name, sizeof a->hnb_name);
    EQ(has_extension);
    EQ(has_late_nce);
    EQ(n_later_additions);
}

static void check_sib10(const lte_sib10 *a, const lte_sib10 *b)
{
    EQ(message_identifier);
    EQ(serial_number);
    EQ(warning_type);
    EQ(has_dummy);
    EQ(has_extension);
    EQ(has_late_nce);
    EQ(n_later_additions);
}

static void check_sib11(const lte_sib11 *a, const lte_sib11 *b)
{
    EQ(message_identifier);
    EQ(serial_number);
    EQ(last_segment);
    EQ(segment_number);
    EQ(segment_len);
    assert_memory_equal(a->segment, b->segment, sizeof a->segment);
    EQ(segment_dropped);
    EQ(has_data_coding_scheme);
    EQ(data_coding_scheme);
    EQ(has_extension);
    EQ(has_late_nce);
    EQ(n_later_additions);
}

static void check_msg(const lte_si_msg *a, const lte_si_msg *b)
{
    EQ(n_sib);
    EQ(n_types);
    for (int i = 0; i < b->n_types; i++)
        EQ(type[i]);
    EQ(has_sib2);
    EQ(has_sib3);
    EQ(has_sib4);
    EQ(has_sib5);
    EQ(has_sib6);
    EQ(has_sib7);
    EQ(has_sib8);
    EQ(has_sib9);
    EQ(has_sib10);
    EQ(has_sib11);
    check_sib6(&a->sib6, &b->sib6);
    check_sib7(&a->sib7, &b->sib7);
    check_sib8(&a->sib8, &b->sib8);
    check_sib9(&a->sib9, &b->sib9);
    check_sib10(&a->sib10, &b->sib10);
    check_sib11(&a->sib11, &b->sib11);
    EQ(end_bit);
    assert_memory_equal(a, b, sizeof *a);
}
#undef EQ

/* ---- by hand -------------------------------------------------------------- */

/* Reads the hand-written message (one SIB), compares it with *e, checks
 * that the writer makes the same bits from *e, and that every cut is
 * refused. */
static void hand_case(const char *text, si_plan *p)
{
    static uint8_t b[4096];
    static wr w;
    static lte_si_msg m;
    int n = from_text(text, b);
    marks mks;
    tu_rng r;
    tu_rng_seed(&r, 1);
    enc_si(&r, &w, p, 0, &mks); /* no additions: the rng writes nothing */
    assert_int_equal(w.n, n);
    for (int i = 0; i < n; i++)
        if (w.b[i] != b[i])
            fail_msg("the writer differs from the hand-written bits at bit %d", i);
    assert_int_equal(lte_si_unpack(b, n, &m), 0);
    check_msg(&m, &p->e);
    assert_int_equal(m.end_bit, n);
    for (int k = 0; k < n; k++)
        assert_int_equal(lte_si_unpack(b, k, &m), LTE_EFORMAT);
}

static void test_hand_sib6(void **state)
{
    (void)state;
    /* 0 0 0 0   c1, systemInformation, -r8, no nonCriticalExtension
     * 00000     sib-TypeAndInfo size 1
     * 0 0100    root choice 4: sib6
     * 0         SIB6 extension bit
     * 1 1 1     FDD list, TDD list, t-ReselectionUTRA-SF present
     * 0000      FDD list size 1
     *   0 1                 no extension; cellReselectionPriority present
     *   10100111001100      carrierFreq 10700 (8192+2048+256+128+64+8+4)
     *   101                 cellReselectionPriority 5
     *   00110 00010         threshX-High 6 (12 dB), threshX-Low 2 (4 dB)
     *   000010              q-RxLevMin -60+2 = -58: -58*2+1 = -115 dBm
     *   1001010             p-MaxUTRA -50+74 = 24 dBm
     *   00110               q-QualMin -24+6 = -18 dB
     * 0000      TDD list size 1
     *   0 0                 no extension, no cellReselectionPriority
     *   10011101000110      carrierFreq 10054 (8192+1024+512+256+64+4+2)
     *   11111 00000         threshX-High 31 (62 dB), threshX-Low 0
     *   101111              q-RxLevMin -60+47 = -13: -25 dBm
     *   0000000             p-MaxUTRA -50 dBm
     * 100       t-ReselectionUTRA 4 s
     * 01 11     t-ReselectionUTRA-SF: sf-Medium oDot5, sf-High lDot0 */
    const char *bits = "0000 00000 0 0100 0 111 0000"
                       " 0 1 10100111001100 101 00110 00010 000010 1001010 00110"
                       " 0000 0 0 10011101000110 11111 00000 101111 0000000"
                       " 100 01 11";
    static si_plan p;
    memset(&p, 0, sizeof p);
    p.n = 1;
    p.kind[0] = 6;
    lte_sib6 *s = &p.e.sib6;
    p.e.has_sib6 = 1;
    s->n_fdd = 1;
    s->fdd[0] = (lte_sib6_carrier){.uarfcn = 10700, .has_priority = 1,
                                   .cell_resel_priority = 5, .thresh_x_high_db = 12,
                                   .thresh_x_low_db = 4, .q_rx_lev_min_dbm = -115,
                                   .p_max_dbm = 24, .q_qual_min_db = -18};
    s->n_tdd = 1;
    s->tdd[0] = (lte_sib6_carrier){.uarfcn = 10054, .thresh_x_high_db = 62,
                                   .q_rx_lev_min_dbm = -25, .p_max_dbm = -50};
    s->t_resel_s = 4;
    s->has_t_resel_sf = 1;
    s->t_resel_sf = (lte_sib_speed_sf){50, 100};
    hand_case(bits, &p);
}

static void test_hand_sib7(void **state)
{
    (void)state;
    /* 0000 00000 0 0101   header, one entry, choice 5: sib7
     * 0 0 1     no extension, t-ReselectionGERAN-SF absent, list present
     * 010       t-ReselectionGERAN 2 s
     * 0010      carrierFreqsInfoList size 3
     * group 0:
     *   0 1000000000 0      no extension, startingARFCN 512, dcs1800
     *   00 00011            explicitListOfARFCNs, 3 of them:
     *   1000000010 1000001000 1001011000   514, 520, 600 (512+64+16+8)
     *   1 0                 cellReselectionPriority present, p-MaxGERAN absent
     *   011 11111111        priority 3, ncc-Permitted '11111111'B
     *   000101              q-RxLevMin 5: 5*2-115 = -105 dBm
     *   00100 00001         threshX-High 4 (8 dB), threshX-Low 1 (2 dB)
     * group 1:
     *   0 0000010100 1      startingARFCN 20, pcs1900
     *   01 001 00101        equallySpacedARFCNs: spacing 2, 5 following
     *   0 1 10000001        priority absent, p-Max present; ncc '10000001'B
     *   101101              q-RxLevMin 45: -25 dBm
     *   100111              p-MaxGERAN 39 dBm
     *   11111 00000         threshX-High 62 dB, threshX-Low 0
     * group 2:
     *   0 1111111111 0      startingARFCN 1023, dcs1800
     *   10 0001             variableBitMapOfARFCNs, 2 octets:
     *   10100101 00001111   'A50F'H
     *   0 0 00000000        no priority, no p-Max; ncc '00000000'B
     *   000000 00000 00000  q-RxLevMin -115 dBm, thresholds 0 */
    const char *bits = "0000 00000 0 0101 001 010 0010"
                       " 0 1000000000 0 00 00011 1000000010 1000001000 1001011000"
                       " 1 0 011 11111111 000101 00100 00001"
                       " 0 0000010100 1 01 001 00101 0 1 10000001 101101 100111 11111 00000"
                       " 0 1111111111 0 10 0001 10100101 00001111 0 0 00000000"
                       " 000000 00000 00000";
    static si_plan p;
    memset(&p, 0, sizeof p);
    p.n = 1;
    p.kind[0] = 7;
    p.e.has_sib7 = 1;
    lte_sib7 *s = &p.e.sib7;
    s->t_resel_s = 2;
    s->n_group = 3;
    lte_sib7_group *g = s->group;
    g[0].starting_arfcn = 512;
    g[0].following = LTE_GERAN_EXPLICIT;
    g[0].n_arfcn = 3;
    g[0].arfcn[0] = 514;
    g[0].arfcn[1] = 520;
    g[0].arfcn[2] = 600;
    g[0].has_priority = 1;
    g[0].cell_resel_priority = 3;
    g[0].ncc_permitted = 0xff;
    g[0].q_rx_lev_min_dbm = -105;
    g[0].thresh_x_high_db = 8;
    g[0].thresh_x_low_db = 2;
    g[1].starting_arfcn = 20;
    g[1].band_pcs1900 = 1;
    g[1].following = LTE_GERAN_EQUALLY_SPACED;
    g[1].arfcn_spacing = 2;
    g[1].n_following = 5;
    g[1].has_p_max = 1;
    g[1].p_max_dbm = 39;
    g[1].ncc_permitted = 0x81;
    g[1].q_rx_lev_min_dbm = -25;
    g[1].thresh_x_high_db = 62;
    g[2].starting_arfcn = 1023;
    g[2].following = LTE_GERAN_BITMAP;
    g[2].n_bitmap = 2;
    g[2].bitmap[0] = 0xa5;
    g[2].bitmap[1] = 0x0f;
    g[2].q_rx_lev_min_dbm = -115;
    hand_case(bits, &p);

    /* The complete ARFCN sets (lte_sib7_arfcns), worked out by hand from the
     * field descriptions of 36.331 §6.3.4: startingARFCN first; the explicit
     * list; (s + i d) mod 1024; bit j (MSB of octet 1 = bit 1) set gives
     * (s + j) mod 1024: 'A50F'H has bits 1, 3, 6, 8, 13, 14, 15, 16. */
    static const int want0[] = {512, 514, 520, 600};
    static const int want1[] = {20, 22, 24, 26, 28, 30};
    static const int want2[] = {1023, 0, 2, 5, 7, 12, 13, 14, 15};
    const int *want[3] = {want0, want1, want2};
    const int nwant[3] = {4, 6, 9};
    for (int i = 0; i < 3; i++) {
        int a[LTE_SIB7_MAX_SET];
        assert_int_equal(lte_sib7_arfcns(&g[i], a, LTE_SIB7_MAX_SET), nwant[i]);
        assert_memory_equal(a, want[i], sizeof(int) * (size_t)nwant[i]);
    }
    /* wrap past 1023; a short output array gets the first values and the count */
    lte_sib7_group e = g[1];
    e.starting_arfcn = 1020;
    e.arfcn_spacing = 8;
    e.n_following = 3;
    int a[3] = {-1, -1, -1};
    assert_int_equal(lte_sib7_arfcns(&e, a, 2), 4);
    assert_int_equal(a[0], 1020);
    assert_int_equal(a[1], 4);
    assert_int_equal(a[2], -1);
    assert_int_equal(lte_sib7_arfcns(&e, NULL, 0), 4);
    /* a full 16-octet bitmap: the largest set */
    lte_sib7_group f = g[2];
    f.n_bitmap = LTE_SIB7_MAX_BITMAP;
    memset(f.bitmap, 0xff, sizeof f.bitmap);
    assert_int_equal(lte_sib7_arfcns(&f, NULL, 0), LTE_SIB7_MAX_SET);
    /* fields outside their ASN.1 ranges */
    assert_int_equal(lte_sib7_arfcns(NULL, a, 3), LTE_EINVAL);
    assert_int_equal(lte_sib7_arfcns(&e, NULL, 1), LTE_EINVAL);
    lte_sib7_group b = e;
    b.arfcn_spacing = 9;
    assert_int_equal(lte_sib7_arfcns(&b, a, 3), LTE_EINVAL);
    b = e;
    b.starting_arfcn = 1024;
    assert_int_equal(lte_sib7_arfcns(&b, a, 3), LTE_EINVAL);
    b = f;
    b.n_bitmap = 0;
    assert_int_equal(lte_sib7_arfcns(&b, a, 3), LTE_EINVAL);
    b = g[0];
    b.arfcn[1] = 1024;
    assert_int_equal(lte_sib7_arfcns(&b, a, 3), LTE_EINVAL);
    b.following = 3;
    assert_int_equal(lte_sib7_arfcns(&b, a, 3), LTE_EINVAL);
}

static void test_hand_sib8(void **state)
{
    (void)state;
    /* 0000 00000 0 0110   header, one entry, choice 6: sib8
     * 0         no extension
     * 1 1 0 1   systemTimeInfo, searchWindowSize, parameters1XRTT present; no HRPD
     * 1 0       cdma-EUTRA-Synchronisation TRUE, synchronousSystemTime:
     * 000000100100011010001010110011110001001   0x123456789 in 39 bits
     * 1001      searchWindowSize 9
     * parameters1XRTT:
     *   1 0 1               csfb-RegistrationParam1XRTT, no longCodeState, reselection
     *   000000000000100     sid 4
     *   1111111111111111    nid 65535
     *   0110011             multipleSID 0, multipleNID 1, homeReg 1, foreignSIDReg 0,
     *                       foreignNIDReg 0, parameterReg 1, powerUpReg 1
     *   0011101             registrationPeriod 29
     *   000000000001 010 011  registrationZone 1, totalZone 2, zoneTimer 3
     *   cellReselectionParameters1XRTT:
     *   0 00000             t-ReselectionCDMA2000-SF absent; bandClassList size 1
     *     0 1 0 00001 110   no extension, priority present, bandClass bc1, priority 6
     *     011110 001010     threshX-High 30, threshX-Low 10
     *   0000                neighCellList size 1
     *     0 00001 0001      bandClass bc1; neighCellsPerFreqList size 2
     *     00000011001 0001 000000100 111110100   arfcn 25: PN 4, 500
     *     00001100100 0000 000000000             arfcn 100: PN 0
     *   101                 t-ReselectionCDMA2000 5 s */
    const char *bits = "0000 00000 0 0110 0 1101 1 0 000000100100011010001010110011110001001"
                       " 1001 101 000000000000100 1111111111111111 0110011 0011101"
                       " 000000000001 010 011 0 00000 0 1 0 00001 110 011110 001010"
                       " 0000 0 00001 0001 00000011001 0001 000000100 111110100"
                       " 00001100100 0000 000000000 101";
    static si_plan p;
    memset(&p, 0, sizeof p);
    p.n = 1;
    p.kind[0] = 8;
    p.e.has_sib8 = 1;
    lte_sib8 *s = &p.s8.e;
    s->has_system_time = 1;
    s->cdma_eutra_sync = 1;
    s->system_time = 0x123456789ull;
    s->has_search_window = 1;
    s->search_window = 9;
    s->has_1xrtt = 1;
    s->has_csfb_reg = 1;
    s->sid = 4;
    s->nid = 65535;
    s->multiple_nid = s->home_reg = s->parameter_reg = s->power_up_reg = 1;
    s->registration_period = 29;
    s->registration_zone = 1;
    s->total_zone = 2;
    s->zone_timer = 3;
    s->has_1xrtt_resel = 1;
    cdma_resel *c = &p.s8.rtt;
    c->flat.n_band = 1;
    c->flat.band[0] = (lte_sib8_band){1, 1, 6, 30, 10};
    c->n_nc = 1;
    c->nc[0].band_class = 1;
    c->nc[0].n_freq = 2;
    c->nc[0].f[0].arfcn = 25;
    c->nc[0].f[0].n_pn = 2;
    c->nc[0].f[0].pn[0] = 4;
    c->nc[0].f[0].pn[1] = 500;
    c->nc[0].f[1].arfcn = 100;
    c->nc[0].f[1].n_pn = 1;
    c->flat.n_neigh = 3;
    c->flat.neigh[0] = (lte_sib8_neigh){1, 25, 4};
    c->flat.neigh[1] = (lte_sib8_neigh){1, 25, 500};
    c->flat.neigh[2] = (lte_sib8_neigh){1, 100, 0};
    c->flat.t_resel_s = 5;
    s->rtt_resel = c->flat;
    p.e.sib8 = *s;
    hand_case(bits, &p);
}

static void test_hand_sib9_10_11(void **state)
{
    (void)state;
    /* SIB9:
     * 0000 00000 0 0111   header, one entry, choice 7: sib9
     * 0 1       no extension, hnb-Name present
     * 000010    size 3
     * 01001000 01101111 01101101   "Hom" */
    static si_plan p;
    memset(&p, 0, sizeof p);
    p.n = 1;
    p.kind[0] = 9;
    p.e.has_sib9 = 1;
    p.e.sib9.hnb_name_len = 3;
    memcpy(p.e.sib9.hnb_name, "Hom", 3);
    hand_case("0000 00000 0 0111 0 1 000010 01001000 01101111 01101101", &p);
    /* SIB10:
     * 0000 00000 0 1000   one entry, choice 8: sib10
     * 1 0       extension bit set, dummy absent
     * 0001000100000000    messageIdentifier 0x1100
     * 0011000000000001    serialNumber 0x3001
     * 0000010110000000    warningType '0580'H
     * 0 000000 1          extension bitmap: 1 addition, present
     * 0 0000001 00000000  lateNonCriticalExtension: an open type of 1 octet (an
     *                     empty OCTET STRING: its length 0) */
    memset(&p, 0, sizeof p);
    p.n = 1;
    p.kind[0] = 10;
    p.e.has_sib10 = 1;
    p.e.sib10 = (lte_sib10){.message_identifier = 0x1100, .serial_number = 0x3001,
                            .warning_type = 0x0580, .has_extension = 1, .has_late_nce = 1};
    static uint8_t b[400];
    const char *t10 = "0000 00000 0 1000 1 0 0001000100000000 0011000000000001 0000010110000000"
                      " 0 000000 1 0 0000001 00000000";
    int n = from_text(t10, b);
    p.e.n_sib = p.e.n_types = 1;
    p.e.type[0] = 10;
    p.e.end_bit = n;
    static lte_si_msg m;
    assert_int_equal(lte_si_unpack(b, n, &m), 0);
    check_msg(&m, &p.e);
    for (int k = 0; k < n; k++)
        assert_int_equal(lte_si_unpack(b, k, &m), LTE_EFORMAT);
    /* (the writer puts random contents in additions: checked in the round trip) */
    /* SIB11:
     * 0000 00000 0 1001   one entry, choice 9: sib11
     * 0 1       no extension, dataCodingScheme present
     * 0001000100000100    messageIdentifier 0x1104
     * 0011000000000010    serialNumber 0x3002
     * 1 000000  lastSegment, warningMessageSegmentNumber 0
     * 0 0000010 01000001 01000010   warningMessageSegment: 2 octets "AB"
     * 00001111  dataCodingScheme '0F'H */
    memset(&p, 0, sizeof p);
    p.n = 1;
    p.kind[0] = 11;
    p.e.has_sib11 = 1;
    p.e.sib11 = (lte_sib11){.message_identifier = 0x1104, .serial_number = 0x3002,
                            .last_segment = 1, .segment_len = 2, .segment = {0x41, 0x42},
                            .has_data_coding_scheme = 1, .data_coding_scheme = 0x0f};
    hand_case("0000 00000 0 1001 0 1 0001000100000100 0011000000000010 1 000000"
              " 0 0000010 01000001 01000010 00001111",
              &p);
}

/* ---- round trip ------------------------------------------------------------- */

static void test_round_trip(void **state)
{
    (void)state;
    assert_int_equal(tu_hex_to_bits(AMARISOFT_SI_HEX, amari), 256);
    assert_int_equal(lte_si_unpack(amari, 256, &amari_ref), 0);
    assert_int_equal(amari_ref.end_bit, 252);
    tu_rng r;
    tu_rng_seed(&r, 611);
    static wr w;
    static si_plan p;
    static lte_si_msg m;
    int seen[10] = {0};
    for (int t = 0; t < 300; t++) {
        if (t == 0) { /* the order of the brief, SIB8 last */
            static const int k0[10] = {2, 6, 7, 3, 9, 10, 11, 5, 100, 8};
            p.n = 10;
            memcpy(p.kind, k0, sizeof k0);
        } else {
            int pool[20], np = 0;
            for (int k = 2; k <= 11; k++)
                if (k != 4 && pick(&r, 2))
                    pool[np++] = k;
            for (int x = pick(&r, 3); x > 0; x--)
                pool[np++] = 100 + pick(&r, 12);
            if (np == 0)
                pool[np++] = 6 + pick(&r, 6);
            for (int i = np - 1; i > 0; i--) {
                int j = pick(&r, i + 1), tmp = pool[i];
                pool[i] = pool[j];
                pool[j] = tmp;
            }
            p.n = np;
            memcpy(p.kind, pool, sizeof pool[0] * (size_t)np);
        }
        int big8 = t % 25 == 3;
        gen_plan(&r, &p, big8);
        marks mks;
        enc_si(&r, &w, &p, pick(&r, 2), &mks);
        int end = w.n;
        for (int pad = pick(&r, 40); pad > 0; pad--)
            w.b[w.n++] = 0;
        int rc = lte_si_unpack(w.b, w.n, &m);
        if (rc != 0)
            fail_msg("message %d: %s", t, lte_errdetail());
        check_msg(&m, &p.e);
        assert_int_equal(m.end_bit, end);
        seen[0] += m.has_sib8 && m.sib8.hrpd_resel.n_neigh_dropped > 0;
        seen[1] += m.has_sib11 && m.sib11.segment_dropped > 0;
        seen[2] += m.has_sib6 && m.sib6.n_fdd == LTE_SIB6_MAX_CARRIER;
        seen[3] += m.has_sib7 && m.sib7.n_group == LTE_SIB7_MAX_GROUP;
        seen[4] += m.has_sib6 && m.sib6.n_fdd && m.sib6.fdd[0].has_thresh_q;
        seen[5] += m.has_sib9 && m.sib9.has_late_nce;
        seen[6] += m.has_sib8 && m.sib8.system_time_async;
        /* every cut inside the message is refused: all of them for a few
         * messages, the last bit for the others */
        for (int k = t < 15 ? 0 : end - 1; k < end; k++)
            assert_int_equal(lte_si_unpack(w.b, k, &m), LTE_EFORMAT);
        const struct {
            int at, len;
            const char *name;
        } cut[] = {{mks.utra_freq, 14, "carrierFreq"},
                   {mks.arfcn_start, 10, "startingARFCN"},
                   {mks.sw, 4, "searchWindowSize"},
                   {mks.pn, 9, "PhysCellIdCDMA2000"},
                   {mks.hnb, 6, "hnb-Name size"},
                   {mks.serial10, 16, "serialNumber"},
                   {mks.seg11, 6, "warningMessageSegmentNumber"}};
        for (size_t c = 0; c < sizeof cut / sizeof *cut; c++) {
            if (cut[c].at < 0)
                continue;
            int k = cut[c].at + 1 + pick(&r, cut[c].len - 1);
            assert_int_equal(lte_si_unpack(w.b, k, &m), LTE_EFORMAT);
            if (!strstr(lte_errdetail(), cut[c].name))
                fail_msg("cut at %d: '%s' does not name %s", k, lte_errdetail(), cut[c].name);
            seen[7]++;
        }
    }
    print_message("dropped PN %d, dropped segment %d, 16 UTRA %d, 16 GERAN %d, threshX-Q %d, "
                  "SIB9 late %d, async time %d, cuts %d\n",
                  seen[0], seen[1], seen[2], seen[3], seen[4], seen[5], seen[6], seen[7]);
    for (int i = 0; i < 8; i++)
        assert_true(seen[i] > 0);
}

/* ---- values outside the ASN.1 ranges ---------------------------------------- */

/* A one-entry message of the SIB with choice c and the body text;
 * LTE_EFORMAT naming `name`. */
static void refused(int c, const char *body, const char *name)
{
    static uint8_t b[2048];
    static lte_si_msg m;
    char text[1024];
    snprintf(text, sizeof text, "0000 00000 0 %d%d%d%d %s", c >> 3 & 1, c >> 2 & 1, c >> 1 & 1,
             c & 1, body);
    int n = from_text(text, b);
    assert_int_equal(lte_si_unpack(b, n, &m), LTE_EFORMAT);
    if (!strstr(lte_errdetail(), name))
        fail_msg("'%s' does not name %s", lte_errdetail(), name);
}

static void test_spares(void **state)
{
    (void)state;
    /* SIB6 FDD carrier: q-RxLevMin code 48 (-12), p-MaxUTRA code 84 (34),
     * q-QualMin code 25 (1); TDD: carrierFreq fine, q-RxLevMin 63 */
    refused(4, "0 100 0000 0 0 00000000000000 00000 00000 110000", "q-RxLevMin");
    refused(4, "0 100 0000 0 0 00000000000000 00000 00000 000000 1010100", "p-MaxUTRA");
    refused(4, "0 100 0000 0 0 00000000000000 00000 00000 000000 0000000 11001", "q-QualMin");
    refused(4, "0 010 0000 0 0 11111111111111 00000 00000 111111", "q-RxLevMin");
    /* SIB7: followingARFCNs choice 3; q-RxLevMin 46; p-MaxGERAN 40 */
    refused(5, "0 0 1 000 0000 0 0000000000 0 11", "followingARFCNs");
    refused(5, "0 0 1 000 0000 0 0000000000 0 01 000 00000 0 0 00000000 101110",
            "GERAN q-RxLevMin");
    refused(5, "0 0 1 000 0000 0 0000000000 0 01 000 00000 0 1 00000000 000000 101000",
            "p-MaxGERAN");
    /* SIB8: bandClass spare10 (22) in the 1XRTT band list */
    refused(6, "0 0001 0 0 1 0 00000 0 0 0 10110", "bandClass");
    /* SIB8: secondaryPreRegistrationZoneIdList: size 1 .. 2 takes 1 bit, all
     * valid; the HRPD parameters' band list bandClass spare1 (31) */
    refused(6, "0 0010 1 0 0 0 00000 0 0 0 11111", "bandClass");
    /* SIB9: hnb-Name size code 48 (49 octets) */
    refused(7, "0 1 110000", "hnb-Name size");
    /* SIB11: a fragmented segment length (11...) */
    refused(9, "0 0 0000000000000000 0000000000000000 0 000000 11000000 00000000",
            "fragmented");
    /* SIB11: a length of 100 octets with 2 present */
    refused(9, "0 0 0000000000000000 0000000000000000 0 000000 01100100 00000000 00000000",
            "warningMessageSegment");
    /* the ranges' ends are accepted: hnb-Name of 48 octets */
    static uint8_t b[1024];
    char text[1024];
    int n = snprintf(text, sizeof text, "0000 00000 0 0111 0 1 101111");
    for (int i = 0; i < 48; i++)
        n += snprintf(text + n, sizeof text - (size_t)n, " 01100001");
    int nb = from_text(text, b);
    static lte_si_msg m;
    assert_int_equal(lte_si_unpack(b, nb, &m), 0);
    assert_int_equal(m.sib9.hnb_name_len, 48);
    assert_int_equal(m.sib9.hnb_name[47], 'a');
    assert_int_equal(m.sib9.hnb_name[48], 0);
    assert_int_equal(m.end_bit, nb);
}

/* Random bits after an SI header whose first entry is SIB6 .. SIB11: read
 * or refused (LTE_EFORMAT), never out of bounds (the ASan build runs
 * this). */
static void test_random_bits(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 66);
    static uint8_t b[4096];
    int ok = 0;
    for (int t = 0; t < 30000; t++) {
        int n = 9 + pick(&r, 3000);
        tu_random_bits(&r, b, n);
        b[0] = b[1] = b[2] = 0; /* c1, systemInformation, r8 */
        if (n > 14) {
            int c = 4 + pick(&r, 6); /* sib6 .. sib11 */
            b[9] = 0;
            for (int i = 0; i < 4; i++)
                b[10 + i] = (uint8_t)(c >> (3 - i) & 1);
        }
        static lte_si_msg m;
        int rc = lte_si_unpack(b, n, &m);
        assert_true(rc == 0 || rc == LTE_EFORMAT);
        if (rc == 0) {
            ok++;
            assert_true(m.n_types == m.n_sib && m.end_bit <= n);
            assert_true(m.sib6.n_fdd <= LTE_SIB6_MAX_CARRIER &&
                        m.sib7.n_group <= LTE_SIB7_MAX_GROUP &&
                        m.sib8.hrpd_resel.n_neigh <= LTE_SIB8_MAX_NEIGH &&
                        m.sib9.hnb_name_len <= LTE_SIB9_MAX_HNB_NAME);
        }
    }
    print_message("%d of 30000 random messages read whole\n", ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_sib6),       cmocka_unit_test(test_hand_sib7),
        cmocka_unit_test(test_hand_sib8),       cmocka_unit_test(test_hand_sib9_10_11),
        cmocka_unit_test(test_round_trip),      cmocka_unit_test(test_spares),
        cmocka_unit_test(test_random_bits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
