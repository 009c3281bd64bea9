/* Tests of the SIB3, SIB4 and SIB5 readers of lte_si_unpack (sib.h).
 *
 * - A real SIB3: the second entry of the Amarisoft recording's SI message
 *   (the transport block test_sib.c reads SIB2 from), read field by field
 *   by hand from the 36.331 ASN.1 (the comment in test_amarisoft_sib3 walks
 *   through the bits); the message ends exactly at its last field and the
 *   rest of the block is padding (0).
 * - SI messages written by a PER writer here, field by field from the
 *   36.331 ASN.1 (§6.2.2 SystemInformation, §6.3.1 SystemInformationBlockType3
 *   .. 5, the types of §6.3.4), with the expected contents built beside the
 *   bits from tables typed here: SIB2 (the recording's, its bits copied),
 *   SIB3, SIB4 and SIB5 in random order with every optional field present or
 *   absent, extension additions (SIB3's lateNonCriticalExtension, its Rel-9
 *   group, later additions; additions of IntraFreqNeighCellInfo,
 *   InterFreqCarrierFreqInfo, SIB4, SIB5), extension SIBs (open types) and
 *   the message's nonCriticalExtension; random values over each field's
 *   whole range, fixed seed. Every truncation gives LTE_EFORMAT, and the
 *   detail message names the field the bits end in.
 * - The band-3 recording's SIB3 (speed-state parameters and scale factors
 *   present), by hand the same way.
 * - Values outside the enumerations (spares) are refused; a SIB6 entry
 *   is read whole (test_sib6.c), so the message is read past it.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/sib.h"
#include "tests/common/testutil.h"

/* The recording's SI message (SFN 656 subframe 2, 256 bits, CRC24A checks). */
#define AMARISOFT_SI_HEX "00800c61bc8ca883d601ba01000408019739dcb2d5425c700308518b613a9690"
#define SIB2_FIRST 14 /* the recording's SIB2: bits 14 .. 199 (test_sib.c) */
#define SIB2_END 200

static void test_amarisoft_sib3(void **state)
{
    (void)state;
    /* By hand, from bit 200 (where test_amarisoft_sib2 finds the second
     * entry), with 36.331's SystemInformationBlockType3:
     *   200     0      sib-TypeAndInfo entry: root choice (no extension)
     *   201-204 0001   choice 1: sib3
     *   205     0      SIB3 extension bit: no additions
     *   cellReselectionInfoCommon:
     *   206     0      speedStateReselectionPars absent
     *   207-210 0010   q-Hyst index 2: dB2
     *   cellReselectionServingFreqInfo:
     *   211     1      s-NonIntraSearch present
     *   212-216 00011  s-NonIntraSearch 3: 6 dB (x 2)
     *   217-221 00010  threshServingLow 2: 4 dB
     *   222-224 110    cellReselectionPriority 6
     *   intraFreqCellReselectionInfo:
     *   225-228 1100   p-Max, s-IntraSearch present; allowedMeasBandwidth,
     *                  t-ReselectionEUTRA-SF absent
     *   229-234 001001 q-RxLevMin -70 + 9 = -61: -122 dBm
     *   235-240 110101 p-Max -30 + 53 = 23 dBm
     *   241-245 00101  s-IntraSearch 5: 10 dB
     *   246     1      presenceAntennaPort1 TRUE
     *   247-248 01     neighCellConfig '01'B
     *   249-251 001    t-ReselectionEUTRA 1 s
     * The message's nonCriticalExtension is absent (bit 3 is 0), so it ends
     * at bit 252; bits 252 .. 255 are padding, all 0. */
    uint8_t b[256];
    int n = tu_hex_to_bits(AMARISOFT_SI_HEX, b);
    assert_int_equal(n, 256);
    lte_si_msg m;
    assert_int_equal(lte_si_unpack(b, n, &m), 0);
    assert_int_equal(m.n_sib, 2);
    assert_int_equal(m.n_types, 2);
    assert_int_equal(m.type[0], 2);
    assert_int_equal(m.type[1], 3);
    assert_int_equal(m.has_sib2, 1);
    assert_int_equal(m.has_sib3, 1);
    assert_int_equal(m.has_sib4, 0);
    assert_int_equal(m.has_sib5, 0);
    const lte_sib3 *s = &m.sib3;
    assert_int_equal(s->q_hyst_db, 2);
    assert_int_equal(s->has_speed_state, 0);
    assert_int_equal(s->has_s_non_intra_search, 1);
    assert_int_equal(s->s_non_intra_search_db, 6);
    assert_int_equal(s->thresh_serving_low_db, 4);
    assert_int_equal(s->cell_resel_priority, 6);
    assert_int_equal(s->q_rx_lev_min_dbm, -122);
    assert_int_equal(s->has_p_max, 1);
    assert_int_equal(s->p_max_dbm, 23);
    assert_int_equal(s->has_s_intra_search, 1);
    assert_int_equal(s->s_intra_search_db, 10);
    assert_int_equal(s->meas_bw_n_rb, 0);
    assert_int_equal(s->antenna_port1, 1);
    assert_int_equal(s->neigh_cell_config, 1);
    assert_int_equal(s->t_resel_s, 1);
    assert_int_equal(s->has_t_resel_sf, 0);
    assert_int_equal(s->has_extension, 0);
    assert_int_equal(s->has_late_nce, 0);
    assert_int_equal(s->has_v920, 0);
    assert_int_equal(m.end_bit, 252);
    for (int i = 252; i < n; i++)
        assert_int_equal(b[i], 0);
    /* exactly 252 bits are needed: every shorter block is refused, the
     * detail naming the field the bits end in */
    assert_int_equal(lte_si_unpack(b, 252, &m), 0);
    assert_int_equal(m.end_bit, 252);
    for (int k = 200; k < 252; k++)
        assert_int_equal(lte_si_unpack(b, k, &m), LTE_EFORMAT);
    assert_int_equal(lte_si_unpack(b, 209, &m), LTE_EFORMAT);
    assert_non_null(strstr(lte_errdetail(), "q-Hyst"));
    assert_int_equal(lte_si_unpack(b, 240, &m), LTE_EFORMAT);
    assert_non_null(strstr(lte_errdetail(), "p-Max"));
    assert_int_equal(lte_si_unpack(b, 251, &m), LTE_EFORMAT);
    assert_non_null(strstr(lte_errdetail(), "t-ReselectionEUTRA"));
}

/* The band-3 recording's SI message 1 (../shared/captures, 296 bits, CRC24A
 * checks; `ltephy rx` prints it): SIB2 then SIB3, whose optional parts
 * differ from the Amarisoft cell's. */
static void test_band3_sib3(void **state)
{
    (void)state;
    /* By hand, from the second entry at bit 230 (SIB2's last field ends
     * there, test_cmd_rx's band-3 case):
     *   230     0      root choice; 231-234 0001 sib3; 235 0 no extension
     *   236     1      speedStateReselectionPars present
     *   237-240 0100   q-Hyst dB4
     *   241-243 001    t-Evaluation s60; 244-246 000 t-HystNormal s30
     *   247-250 0011   n-CellChangeMedium 4; 251-254 0111 n-CellChangeHigh 8
     *   255-258 11 11  q-HystSF sf-Medium dB0, sf-High dB0
     *   259     1      s-NonIntraSearch present; 260-264 01001: 9 (18 dB)
     *   265-269 01000  threshServingLow 8 (16 dB); 270-272 110 priority 6
     *   273-276 0001   p-Max, s-IntraSearch, allowedMeasBandwidth absent,
     *                  t-ReselectionEUTRA-SF present
     *   277-282 000100 q-RxLevMin -66: -132 dBm
     *   283     0      presenceAntennaPort1 FALSE; 284-285 01 neighCellConfig
     *   286-288 001    t-ReselectionEUTRA 1 s
     *   289-292 11 10  t-ReselectionEUTRA-SF sf-Medium lDot0, sf-High oDot75
     * nonCriticalExtension absent: the message ends at bit 293; 293 .. 295
     * pad it to 37 octets. */
    uint8_t b[296];
    int n = tu_hex_to_bits("00805b29186fe0288035899062d0010601207bb1"
                           "6aa04406006be2340c2a106ff4a30884f0", b);
    assert_int_equal(n, 296);
    lte_si_msg m;
    assert_int_equal(lte_si_unpack(b, n, &m), 0);
    assert_int_equal(m.n_types, 2);
    assert_int_equal(m.has_sib2, 1);
    assert_int_equal(m.sib2.ul_n_rb, 100);
    assert_int_equal(m.has_sib3, 1);
    const lte_sib3 *s = &m.sib3;
    assert_int_equal(s->q_hyst_db, 4);
    assert_int_equal(s->has_speed_state, 1);
    assert_int_equal(s->t_evaluation_s, 60);
    assert_int_equal(s->t_hyst_normal_s, 30);
    assert_int_equal(s->n_cell_change_medium, 4);
    assert_int_equal(s->n_cell_change_high, 8);
    assert_int_equal(s->q_hyst_sf_medium_db, 0);
    assert_int_equal(s->q_hyst_sf_high_db, 0);
    assert_int_equal(s->has_s_non_intra_search, 1);
    assert_int_equal(s->s_non_intra_search_db, 18);
    assert_int_equal(s->thresh_serving_low_db, 16);
    assert_int_equal(s->cell_resel_priority, 6);
    assert_int_equal(s->has_p_max, 0);
    assert_int_equal(s->has_s_intra_search, 0);
    assert_int_equal(s->meas_bw_n_rb, 0);
    assert_int_equal(s->q_rx_lev_min_dbm, -132);
    assert_int_equal(s->antenna_port1, 0);
    assert_int_equal(s->neigh_cell_config, 1);
    assert_int_equal(s->t_resel_s, 1);
    assert_int_equal(s->has_t_resel_sf, 1);
    assert_int_equal(s->t_resel_sf.medium_x100, 100);
    assert_int_equal(s->t_resel_sf.high_x100, 75);
    assert_int_equal(s->has_extension, 0);
    assert_int_equal(m.end_bit, 293);
    for (int i = 293; i < n; i++)
        assert_int_equal(b[i], 0);
    for (int k = 230; k < 293; k++)
        assert_int_equal(lte_si_unpack(b, k, &m), LTE_EFORMAT);
}

/* ---- a PER writer, written from the 36.331 ASN.1 ---------------------- */
typedef struct wr {
    uint8_t b[16384];
    int n;
} wr;

static void put(wr *w, uint32_t v, int k)
{
    assert_true(w->n + k <= (int)sizeof w->b);
    for (int i = k - 1; i >= 0; i--)
        w->b[w->n++] = (uint8_t)(v >> i & 1);
}

static int pick(tu_rng *r, int n)
{
    return (int)(tu_rand(r) % (uint32_t)n);
}

/* An open type (X.691 §10.2, §11.2): the contents padded to octets, at
 * least one, after an unconstrained length in octets. */
static void put_open(wr *w, const wr *c)
{
    int len = (c->n + 7) / 8;
    if (len == 0)
        len = 1;
    if (len < 128) {
        put(w, 0, 1);
        put(w, (uint32_t)len, 7);
    } else {
        put(w, 2, 2);
        put(w, (uint32_t)len, 14);
    }
    for (int i = 0; i < 8 * len; i++)
        put(w, i < c->n ? c->b[i] : 0, 1);
}

static void put_random_open(tu_rng *r, wr *w, int max_octets)
{
    static wr c;
    c.n = 0;
    int n = 8 * (1 + pick(r, max_octets));
    for (int i = 0; i < n; i++)
        put(&c, (uint32_t)pick(r, 2), 1);
    put_open(w, &c);
}

/* The extension bitmap (X.691 §19.7): a normally small length n - 1 (a 0
 * bit, 6 bits), n presence bits. */
static void put_bitmap(wr *w, const int *present, int n)
{
    put(w, 0, 1);
    put(w, (uint32_t)(n - 1), 6);
    for (int i = 0; i < n; i++)
        put(w, (uint32_t)present[i], 1);
}

/* Additions of unknown contents: 1..4 of them, at least one present. */
static void put_random_additions(tu_rng *r, wr *w)
{
    int n = 1 + pick(r, 4), present[4];
    for (int i = 0; i < n; i++)
        present[i] = pick(r, 2);
    present[pick(r, n)] = 1;
    put_bitmap(w, present, n);
    for (int i = 0; i < n; i++)
        if (present[i])
            put_random_open(r, w, 4);
}

/* The tables of the ASN.1 (36.331 §6.3.1, §6.3.4), typed here. */
static const int Q_HYST[16] = {0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24};
static const int T_EVAL[5] = {30, 60, 120, 180, 240};
static const int HYST_SF[4] = {-6, -4, -2, 0};
static const int SPEED_SF[4] = {25, 50, 75, 100}; /* oDot25, oDot5, oDot75, lDot0 */
static const int MBW[6] = {6, 15, 25, 50, 75, 100};
static const int RANGE[14] = {4, 8, 12, 16, 24, 32, 48, 64, 84, 96, 128, 168, 252, 504};
static const int Q_OFFSET[31] = {-24, -22, -20, -18, -16, -14, -12, -10, -8, -6, -5,
                                 -4,  -3,  -2,  -1,  0,   1,   2,   3,   4,  5,  6,
                                 8,   10,  12,  14,  16,  18,  20,  22,  24};

/* Where fields start in the written message, to check the truncation
 * detail: -1 when not written. */
typedef struct marks {
    int q_hyst, v920_group, sib4_pci, sib5_earfcn;
} marks;

static void gen_speed_sf(tu_rng *r, wr *w, lte_sib_speed_sf *f)
{
    int a = pick(r, 4), b = pick(r, 4);
    put(w, (uint32_t)a, 2);
    put(w, (uint32_t)b, 2);
    f->medium_x100 = SPEED_SF[a];
    f->high_x100 = SPEED_SF[b];
}

static void gen_sib3(tu_rng *r, wr *w, lte_sib3 *e, marks *mk)
{
    memset(e, 0, sizeof *e);
    int ext = pick(r, 2), v;
    put(w, (uint32_t)ext, 1);
    e->has_extension = ext;
    e->has_speed_state = pick(r, 2);
    put(w, (uint32_t)e->has_speed_state, 1);
    mk->q_hyst = w->n;
    put(w, (uint32_t)(v = pick(r, 16)), 4);
    e->q_hyst_db = Q_HYST[v];
    if (e->has_speed_state) {
        put(w, (uint32_t)(v = pick(r, 5)), 3);
        e->t_evaluation_s = T_EVAL[v];
        put(w, (uint32_t)(v = pick(r, 5)), 3);
        e->t_hyst_normal_s = T_EVAL[v];
        put(w, (uint32_t)(v = pick(r, 16)), 4);
        e->n_cell_change_medium = v + 1;
        put(w, (uint32_t)(v = pick(r, 16)), 4);
        e->n_cell_change_high = v + 1;
        put(w, (uint32_t)(v = pick(r, 4)), 2);
        e->q_hyst_sf_medium_db = HYST_SF[v];
        put(w, (uint32_t)(v = pick(r, 4)), 2);
        e->q_hyst_sf_high_db = HYST_SF[v];
    }
    e->has_s_non_intra_search = pick(r, 2);
    put(w, (uint32_t)e->has_s_non_intra_search, 1);
    if (e->has_s_non_intra_search) {
        put(w, (uint32_t)(v = pick(r, 32)), 5);
        e->s_non_intra_search_db = 2 * v;
    }
    put(w, (uint32_t)(v = pick(r, 32)), 5);
    e->thresh_serving_low_db = 2 * v;
    put(w, (uint32_t)(e->cell_resel_priority = pick(r, 8)), 3);
    int mbw = pick(r, 2);
    e->has_p_max = pick(r, 2);
    e->has_s_intra_search = pick(r, 2);
    e->has_t_resel_sf = pick(r, 2);
    put(w, (uint32_t)e->has_p_max, 1);
    put(w, (uint32_t)e->has_s_intra_search, 1);
    put(w, (uint32_t)mbw, 1);
    put(w, (uint32_t)e->has_t_resel_sf, 1);
    put(w, (uint32_t)(v = pick(r, 49)), 6);
    e->q_rx_lev_min_dbm = 2 * (v - 70);
    if (e->has_p_max) {
        put(w, (uint32_t)(v = pick(r, 64)), 6);
        e->p_max_dbm = v - 30;
    }
    if (e->has_s_intra_search) {
        put(w, (uint32_t)(v = pick(r, 32)), 5);
        e->s_intra_search_db = 2 * v;
    }
    if (mbw) {
        put(w, (uint32_t)(v = pick(r, 6)), 3);
        e->meas_bw_n_rb = MBW[v];
    }
    put(w, (uint32_t)(e->antenna_port1 = pick(r, 2)), 1);
    put(w, (uint32_t)(e->neigh_cell_config = pick(r, 4)), 2);
    put(w, (uint32_t)(e->t_resel_s = pick(r, 8)), 3);
    if (e->has_t_resel_sf)
        gen_speed_sf(r, w, &e->t_resel_sf);
    if (!ext)
        return;
    /* additions: 0 lateNonCriticalExtension, 1 the Rel-9 group, later ones */
    int na = 1 + pick(r, 5), present[5];
    for (int i = 0; i < na; i++)
        present[i] = pick(r, 2);
    if (na >= 2 && pick(r, 3))
        present[1] = 1;
    present[pick(r, na)] = 1;
    put_bitmap(w, present, na);
    for (int i = 0; i < na; i++) {
        if (!present[i])
            continue;
        if (i == 0) {
            e->has_late_nce = 1;
            put_random_open(r, w, 6);
        } else if (i == 1) {
            static wr g;
            g.n = 0;
            e->has_v920 = 1;
            e->has_s_intra_search_v920 = pick(r, 2);
            e->has_s_non_intra_search_v920 = pick(r, 2);
            e->has_q_qual_min = pick(r, 2);
            e->has_thresh_serving_low_q = pick(r, 2);
            put(&g, (uint32_t)e->has_s_intra_search_v920, 1);
            put(&g, (uint32_t)e->has_s_non_intra_search_v920, 1);
            put(&g, (uint32_t)e->has_q_qual_min, 1);
            put(&g, (uint32_t)e->has_thresh_serving_low_q, 1);
            if (e->has_s_intra_search_v920) {
                put(&g, (uint32_t)(v = pick(r, 32)), 5);
                e->s_intra_search_p_db = 2 * v;
                put(&g, (uint32_t)(e->s_intra_search_q_db = pick(r, 32)), 5);
            }
            if (e->has_s_non_intra_search_v920) {
                put(&g, (uint32_t)(v = pick(r, 32)), 5);
                e->s_non_intra_search_p_db = 2 * v;
                put(&g, (uint32_t)(e->s_non_intra_search_q_db = pick(r, 32)), 5);
            }
            if (e->has_q_qual_min) {
                put(&g, (uint32_t)(v = pick(r, 32)), 5);
                e->q_qual_min_db = v - 34;
            }
            if (e->has_thresh_serving_low_q)
                put(&g, (uint32_t)(e->thresh_serving_low_q_db = pick(r, 32)), 5);
            mk->v920_group = w->n;
            put_open(w, &g);
        } else {
            e->n_later_additions++;
            put_random_open(r, w, 3);
        }
    }
}

static void gen_pci_range(tu_rng *r, wr *w, lte_sib_pci_range *p)
{
    int has = pick(r, 2), v;
    put(w, (uint32_t)has, 1);
    put(w, (uint32_t)(p->start = pick(r, 504)), 9);
    p->n = 1;
    if (has) {
        put(w, (uint32_t)(v = pick(r, 14)), 4);
        p->n = RANGE[v];
    }
}

static void gen_black(tu_rng *r, wr *w, lte_sib_pci_range *c, int *n)
{
    *n = 1 + pick(r, 16);
    put(w, (uint32_t)(*n - 1), 4);
    for (int i = 0; i < *n; i++)
        gen_pci_range(r, w, &c[i]);
}

/* intra: IntraFreqNeighCellInfo, with its extension marker */
static void gen_neigh(tu_rng *r, wr *w, int intra, lte_sib_neigh *c, int *n)
{
    *n = 1 + pick(r, 16);
    put(w, (uint32_t)(*n - 1), 4);
    for (int i = 0; i < *n; i++) {
        int ext = intra ? pick(r, 4) == 0 : 0, v;
        if (intra)
            put(w, (uint32_t)ext, 1);
        put(w, (uint32_t)(c[i].pci = pick(r, 504)), 9);
        put(w, (uint32_t)(v = pick(r, 31)), 5);
        c[i].q_offset_db = Q_OFFSET[v];
        if (ext)
            put_random_additions(r, w);
    }
}

static void gen_sib4(tu_rng *r, wr *w, lte_sib4 *e, marks *mk)
{
    memset(e, 0, sizeof *e);
    int ext = pick(r, 3) == 0, nl = pick(r, 2), bl = pick(r, 2);
    e->has_csg_range = pick(r, 2);
    put(w, (uint32_t)ext, 1);
    put(w, (uint32_t)nl, 1);
    put(w, (uint32_t)bl, 1);
    put(w, (uint32_t)e->has_csg_range, 1);
    if (nl) {
        mk->sib4_pci = w->n + 4 + 1; /* after the size and the first extension bit */
        gen_neigh(r, w, 1, e->neigh, &e->n_neigh);
    }
    if (bl)
        gen_black(r, w, e->black, &e->n_black);
    if (e->has_csg_range)
        gen_pci_range(r, w, &e->csg_range);
    e->has_extension = ext;
    if (ext)
        put_random_additions(r, w);
}

static void gen_sib5(tu_rng *r, wr *w, lte_sib5 *e, marks *mk)
{
    memset(e, 0, sizeof *e);
    int ext = pick(r, 3) == 0, v;
    put(w, (uint32_t)ext, 1);
    e->n_freq = 1 + pick(r, 8);
    put(w, (uint32_t)(e->n_freq - 1), 3);
    for (int i = 0; i < e->n_freq; i++) {
        lte_sib5_freq *f = &e->freq[i];
        int fext = pick(r, 4) == 0, qoff = pick(r, 2), nl = pick(r, 2), bl = pick(r, 2);
        f->has_p_max = pick(r, 2);
        f->has_t_resel_sf = pick(r, 2);
        f->has_priority = pick(r, 2);
        put(w, (uint32_t)fext, 1);
        put(w, (uint32_t)f->has_p_max, 1);
        put(w, (uint32_t)f->has_t_resel_sf, 1);
        put(w, (uint32_t)f->has_priority, 1);
        put(w, (uint32_t)qoff, 1);
        put(w, (uint32_t)nl, 1);
        put(w, (uint32_t)bl, 1);
        if (i == 0)
            mk->sib5_earfcn = w->n;
        put(w, (uint32_t)(f->dl_earfcn = (int)(tu_rand(r) & 0xffff)), 16);
        put(w, (uint32_t)(v = pick(r, 49)), 6);
        f->q_rx_lev_min_dbm = 2 * (v - 70);
        if (f->has_p_max) {
            put(w, (uint32_t)(v = pick(r, 64)), 6);
            f->p_max_dbm = v - 30;
        }
        put(w, (uint32_t)(f->t_resel_s = pick(r, 8)), 3);
        if (f->has_t_resel_sf)
            gen_speed_sf(r, w, &f->t_resel_sf);
        put(w, (uint32_t)(v = pick(r, 32)), 5);
        f->thresh_x_high_db = 2 * v;
        put(w, (uint32_t)(v = pick(r, 32)), 5);
        f->thresh_x_low_db = 2 * v;
        put(w, (uint32_t)(v = pick(r, 6)), 3);
        f->meas_bw_n_rb = MBW[v];
        put(w, (uint32_t)(f->antenna_port1 = pick(r, 2)), 1);
        if (f->has_priority)
            put(w, (uint32_t)(f->cell_resel_priority = pick(r, 8)), 3);
        put(w, (uint32_t)(f->neigh_cell_config = pick(r, 4)), 2);
        f->q_offset_freq_db = 0; /* DEFAULT dB0 */
        if (qoff) {
            put(w, (uint32_t)(v = pick(r, 31)), 5);
            f->q_offset_freq_db = Q_OFFSET[v];
        }
        if (nl)
            gen_neigh(r, w, 0, f->neigh, &f->n_neigh);
        if (bl)
            gen_black(r, w, f->black, &f->n_black);
        f->has_extension = fext;
        if (fext)
            put_random_additions(r, w);
    }
    e->has_extension = ext;
    if (ext)
        put_random_additions(r, w);
}

/* A SystemInformation message (36.331 §6.2.2) of SIB2 .. SIB5 (each with
 * probability 1/2, at least one, in random order) and 0..2 extension SIBs;
 * the expected result in *e. */
static void gen_si(tu_rng *r, wr *w, const uint8_t *amari, const lte_sib2 *sib2, lte_si_msg *e,
                   marks *mk)
{
    memset(e, 0, sizeof *e);
    memset(mk, 0xff, sizeof *mk);
    w->n = 0;
    int order[6], n = 0;
    for (int k = 0; k < 4; k++)
        if (pick(r, 2))
            order[n++] = k;
    if (n == 0)
        order[n++] = pick(r, 4);
    for (int i = n - 1; i > 0; i--) {
        int j = pick(r, i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (int x = pick(r, 3); x > 0; x--) { /* extension SIBs at random places */
        int at = pick(r, n + 1);
        memmove(&order[at + 1], &order[at], sizeof order[0] * (size_t)(n - at));
        order[at] = 100 + pick(r, 12); /* sib12-v920 .. sib21-v1430, then 2 later ones */
        n++;
    }
    int nce = pick(r, 2);
    put(w, 0, 1); /* c1 */
    put(w, 0, 1); /* systemInformation */
    put(w, 0, 1); /* systemInformation-r8 */
    put(w, (uint32_t)nce, 1);
    put(w, (uint32_t)(n - 1), 5);
    e->n_sib = n;
    for (int i = 0; i < n; i++) {
        int k = order[i];
        if (k >= 100) {
            put(w, 1, 1);
            put(w, 0, 1); /* normally small, below 64 */
            put(w, (uint32_t)(k - 100), 6);
            e->type[e->n_types++] = k - 100 < 10 ? 12 + k - 100 : LTE_SIB_EXT + k - 100;
            put_random_open(r, w, 8);
            continue;
        }
        put(w, 0, 1);
        put(w, (uint32_t)k, 4);
        e->type[e->n_types++] = 2 + k;
        switch (k) {
        case 0:
            for (int j = SIB2_FIRST; j < SIB2_END; j++)
                put(w, amari[j], 1);
            e->has_sib2 = 1;
            e->sib2 = *sib2;
            break;
        case 1:
            gen_sib3(r, w, &e->sib3, mk);
            e->has_sib3 = 1;
            break;
        case 2:
            gen_sib4(r, w, &e->sib4, mk);
            e->has_sib4 = 1;
            break;
        default:
            gen_sib5(r, w, &e->sib5, mk);
            e->has_sib5 = 1;
            break;
        }
    }
    if (nce) { /* SystemInformation-v8a0-IEs */
        int late = pick(r, 2);
        put(w, (uint32_t)late, 1);
        put(w, (uint32_t)pick(r, 2), 1); /* nonCriticalExtension SEQUENCE {}: no bits */
        if (late)
            put_random_open(r, w, 5);
    }
    e->end_bit = w->n;
}

/* Field by field, for a readable failure; then the whole structures. */
static void check_sib3(const lte_sib3 *a, const lte_sib3 *b)
{
#define EQ(f) assert_int_equal(a->f, b->f)
    EQ(q_hyst_db);
    EQ(has_speed_state);
    EQ(t_evaluation_s);
    EQ(t_hyst_normal_s);
    EQ(n_cell_change_medium);
    EQ(n_cell_change_high);
    EQ(q_hyst_sf_medium_db);
    EQ(q_hyst_sf_high_db);
    EQ(has_s_non_intra_search);
    EQ(s_non_intra_search_db);
    EQ(thresh_serving_low_db);
    EQ(cell_resel_priority);
    EQ(q_rx_lev_min_dbm);
    EQ(has_p_max);
    EQ(p_max_dbm);
    EQ(has_s_intra_search);
    EQ(s_intra_search_db);
    EQ(meas_bw_n_rb);
    EQ(antenna_port1);
    EQ(neigh_cell_config);
    EQ(t_resel_s);
    EQ(has_t_resel_sf);
    EQ(t_resel_sf.medium_x100);
    EQ(t_resel_sf.high_x100);
    EQ(has_extension);
    EQ(has_late_nce);
    EQ(has_v920);
    EQ(has_s_intra_search_v920);
    EQ(s_intra_search_p_db);
    EQ(s_intra_search_q_db);
    EQ(has_s_non_intra_search_v920);
    EQ(s_non_intra_search_p_db);
    EQ(s_non_intra_search_q_db);
    EQ(has_q_qual_min);
    EQ(q_qual_min_db);
    EQ(has_thresh_serving_low_q);
    EQ(thresh_serving_low_q_db);
    EQ(n_later_additions);
    assert_memory_equal(a, b, sizeof *a);
}

static void check_neigh(const lte_sib_neigh *a, const lte_sib_neigh *b, int n)
{
    for (int i = 0; i < n; i++) {
        EQ(pci);
        EQ(q_offset_db);
        a++;
        b++;
    }
}

static void check_ranges(const lte_sib_pci_range *a, const lte_sib_pci_range *b, int n)
{
    for (int i = 0; i < n; i++) {
        EQ(start);
        EQ(n);
        a++;
        b++;
    }
}

static void check_sib4(const lte_sib4 *a, const lte_sib4 *b)
{
    EQ(n_neigh);
    check_neigh(a->neigh, b->neigh, a->n_neigh);
    EQ(n_black);
    check_ranges(a->black, b->black, a->n_black);
    EQ(has_csg_range);
    check_ranges(&a->csg_range, &b->csg_range, 1);
    EQ(has_extension);
    assert_memory_equal(a, b, sizeof *a);
}

static void check_sib5(const lte_sib5 *x, const lte_sib5 *y)
{
    assert_int_equal(x->n_freq, y->n_freq);
    for (int i = 0; i < x->n_freq; i++) {
        const lte_sib5_freq *a = &x->freq[i], *b = &y->freq[i];
        EQ(dl_earfcn);
        EQ(q_rx_lev_min_dbm);
        EQ(has_p_max);
        EQ(p_max_dbm);
        EQ(t_resel_s);
        EQ(has_t_resel_sf);
        EQ(t_resel_sf.medium_x100);
        EQ(t_resel_sf.high_x100);
        EQ(thresh_x_high_db);
        EQ(thresh_x_low_db);
        EQ(meas_bw_n_rb);
        EQ(antenna_port1);
        EQ(has_priority);
        EQ(cell_resel_priority);
        EQ(neigh_cell_config);
        EQ(q_offset_freq_db);
        EQ(n_neigh);
        check_neigh(a->neigh, b->neigh, a->n_neigh);
        EQ(n_black);
        check_ranges(a->black, b->black, a->n_black);
        EQ(has_extension);
    }
    assert_int_equal(x->has_extension, y->has_extension);
    assert_memory_equal(x, y, sizeof *x);
#undef EQ
}

static void test_round_trip(void **state)
{
    (void)state;
    uint8_t amari[256];
    assert_int_equal(tu_hex_to_bits(AMARISOFT_SI_HEX, amari), 256);
    lte_si_msg ref;
    assert_int_equal(lte_si_unpack(amari, 256, &ref), 0); /* its SIB2: test_sib.c */
    tu_rng r;
    tu_rng_seed(&r, 336);
    static wr w;
    static lte_si_msg e, m;
    int seen[8] = {0};
    for (int t = 0; t < 400; t++) {
        marks mk;
        gen_si(&r, &w, amari, &ref.sib2, &e, &mk);
        int end = w.n;
        for (int pad = pick(&r, 40); pad > 0; pad--)
            w.b[w.n++] = 0;
        assert_int_equal(lte_si_unpack(w.b, w.n, &m), 0);
        assert_int_equal(m.n_sib, e.n_sib);
        assert_int_equal(m.n_types, e.n_types);
        for (int i = 0; i < e.n_types; i++)
            assert_int_equal(m.type[i], e.type[i]);
        assert_int_equal(m.has_sib2, e.has_sib2);
        assert_int_equal(m.has_sib3, e.has_sib3);
        assert_int_equal(m.has_sib4, e.has_sib4);
        assert_int_equal(m.has_sib5, e.has_sib5);
        check_sib3(&m.sib3, &e.sib3);
        check_sib4(&m.sib4, &e.sib4);
        check_sib5(&m.sib5, &e.sib5);
        assert_int_equal(m.end_bit, end);
        assert_memory_equal(&m, &e, sizeof m);
        seen[0] += e.sib3.has_v920;
        seen[1] += e.sib3.has_q_qual_min;
        seen[2] += e.sib3.n_later_additions > 0;
        seen[3] += e.sib3.has_late_nce;
        seen[4] += e.has_sib5 && e.sib5.n_freq == 8;
        seen[5] += e.has_sib4 && e.sib4.n_neigh == 16;
        /* every cut inside the message is refused; a few, all of them */
        for (int k = t < 20 ? 0 : end - 1; k < end; k++)
            assert_int_equal(lte_si_unpack(w.b, k, &m), LTE_EFORMAT);
        /* the detail names the field the bits end in */
        const struct {
            int at, len;
            const char *name;
        } cut[] = {{mk.q_hyst, 4, "q-Hyst"},
                   {mk.v920_group, 8, "SIB3 v920 group"},
                   {mk.sib4_pci, 9, "physCellId"},
                   {mk.sib5_earfcn, 16, "dl-CarrierFreq"}};
        for (size_t c = 0; c < sizeof cut / sizeof *cut; c++) {
            if (cut[c].at < 0)
                continue;
            int k = cut[c].at + 1 + pick(&r, cut[c].len - 1);
            assert_int_equal(lte_si_unpack(w.b, k, &m), LTE_EFORMAT);
            if (!strstr(lte_errdetail(), cut[c].name))
                fail_msg("cut at %d: '%s' does not name %s", k, lte_errdetail(), cut[c].name);
            seen[6]++;
        }
    }
    print_message("v920 %d q-QualMin %d later %d late-nce %d 8 freqs %d 16 neigh %d cuts %d\n",
                  seen[0], seen[1], seen[2], seen[3], seen[4], seen[5], seen[6]);
    for (int i = 0; i < 7; i++)
        assert_true(seen[i] > 0);
}

/* One SIB3/4/5 after the recording's SIB2, with the value of one field
 * replaced: a spare or out-of-range value must be refused. */
static void test_spares(void **state)
{
    (void)state;
    uint8_t b[256];
    int n = tu_hex_to_bits(AMARISOFT_SI_HEX, b);
    lte_si_msg m;
    /* q-Hyst is 4 bits for 16 values: all valid; t-Evaluation 3 bits for
     * 5 values and 3 spares. Rewrite the SIB3 entry with speedState
     * present and t-Evaluation spare3 (5). */
    static wr w;
    w.n = 0;
    for (int i = 0; i < 205; i++)
        put(&w, b[i], 1);
    put(&w, 0, 1);  /* extension bit */
    put(&w, 1, 1);  /* speedStateReselectionPars present */
    put(&w, 2, 4);  /* q-Hyst */
    int at = w.n;
    put(&w, 5, 3);  /* t-Evaluation spare3 */
    put(&w, 0, 3);
    put(&w, 0, 4);
    put(&w, 0, 4);
    put(&w, 0, 2);
    put(&w, 0, 2);
    for (int i = 211; i < 252; i++)
        put(&w, b[i], 1);
    assert_int_equal(lte_si_unpack(w.b, w.n, &m), LTE_EFORMAT);
    assert_non_null(strstr(lte_errdetail(), "t-Evaluation"));
    w.b[at] = 1;
    w.b[at + 1] = 0;
    w.b[at + 2] = 0; /* s240: valid */
    assert_int_equal(lte_si_unpack(w.b, w.n, &m), 0);
    assert_int_equal(m.sib3.t_evaluation_s, 240);
    assert_int_equal(m.sib3.q_rx_lev_min_dbm, -122); /* the rest reads as before */
    assert_int_equal(m.end_bit, w.n);
    /* SIB4 of one neighbour with physCellId 504, then with q-OffsetCell
     * index 31, then a black range spare */
    const struct {
        uint32_t pci, qoff;
        const char *name;
    } bad[] = {{504, 0, "physCellId"}, {503, 31, "q-OffsetCell"}};
    for (int c = 0; c < 2; c++) {
        w.n = 0;
        put(&w, 0, 9);      /* c1, SI, r8, no nce, one entry */
        put(&w, 2, 5);      /* sib4 */
        put(&w, 0x4, 4);    /* no extension, neighbour list only */
        put(&w, 0, 4);      /* one */
        put(&w, 0, 1);
        put(&w, bad[c].pci, 9);
        put(&w, bad[c].qoff, 5);
        assert_int_equal(lte_si_unpack(w.b, w.n, &m), LTE_EFORMAT);
        assert_non_null(strstr(lte_errdetail(), bad[c].name));
    }
    w.n = 0;
    put(&w, 0, 9);
    put(&w, 2, 5);
    put(&w, 0x2, 4); /* black list only */
    put(&w, 0, 4);
    put(&w, 1, 1);
    put(&w, 7, 9);
    put(&w, 14, 4); /* spare2 */
    assert_int_equal(lte_si_unpack(w.b, w.n, &m), LTE_EFORMAT);
    assert_non_null(strstr(lte_errdetail(), "PhysCellIdRange range"));
    w.b[w.n - 1] = 1; /* 13: n504 */
    w.b[w.n - 4] = 1;
    w.b[w.n - 3] = 1;
    w.b[w.n - 2] = 0;
    assert_int_equal(lte_si_unpack(w.b, w.n, &m), 0);
    assert_int_equal(m.sib4.n_black, 1);
    assert_int_equal(m.sib4.black[0].start, 7);
    assert_int_equal(m.sib4.black[0].n, 504);
    /* SIB6 after SIB2: read too (tests/phy/test_sib6.c); without its body
     * the message is refused, with the smallest one (no extension, no
     * lists, no scale factors, t-ReselectionUTRA 0) read to its end */
    w.n = 0;
    for (int i = 0; i < 200; i++)
        put(&w, b[i], 1);
    put(&w, 0, 1);
    put(&w, 4, 4); /* sib6 */
    assert_int_equal(lte_si_unpack(w.b, w.n, &m), LTE_EFORMAT);
    assert_non_null(strstr(lte_errdetail(), "SIB6 extension bit"));
    put(&w, 0, 7);
    assert_int_equal(lte_si_unpack(w.b, w.n, &m), 0);
    assert_int_equal(m.n_types, 2);
    assert_int_equal(m.type[1], 6);
    assert_int_equal(m.has_sib2, 1);
    assert_int_equal(m.has_sib3, 0);
    assert_int_equal(m.has_sib6, 1);
    assert_int_equal(m.end_bit, w.n);
    (void)n;
}

/* Random bits after an SI header whose entries are SIB3 .. SIB5: read or
 * refused (LTE_EFORMAT), never out of bounds (the ASan build runs this). */
static void test_random_bits(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 77);
    static uint8_t b[4096];
    int ok = 0;
    for (int t = 0; t < 20000; t++) {
        int n = 9 + pick(&r, 2000);
        tu_random_bits(&r, b, n);
        for (int i = 0; i < 3; i++)
            b[i] = 0; /* c1, systemInformation, r8 */
        b[9] = 0;
        b[10] = 0;
        b[11] = 0;
        b[12] = pick(&r, 2) ? 1 : 0; /* sib3 .. sib5: 0001 .. 0011 */
        b[13] = b[12] ? (uint8_t)pick(&r, 2) : 1;
        lte_si_msg m;
        int rc = lte_si_unpack(b, n, &m);
        assert_true(rc == 0 || rc == LTE_EFORMAT);
        if (rc == 0) {
            ok++;
            assert_true(m.n_types >= 1 && m.n_types <= m.n_sib);
            assert_true(m.end_bit == 0 || m.end_bit <= n);
            assert_true(m.sib4.n_neigh <= LTE_SIB_MAX_CELL && m.sib5.n_freq <= LTE_SIB5_MAX_FREQ);
        }
    }
    print_message("%d of 20000 random messages read whole\n", ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_amarisoft_sib3),
        cmocka_unit_test(test_band3_sib3),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_spares),
        cmocka_unit_test(test_random_bits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
