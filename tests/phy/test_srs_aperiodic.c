/* Tests of the aperiodic sounding reference signal, trigger type 1 (36.213
 * §8.2, 36.211 §5.5.3):
 *  - Tables 8.2-4 (FDD) and 8.2-5 (TDD) against the rows written out here
 *    again, and structurally: the I_SRS ranges tile 0..31 without gaps, the
 *    reserved rows are refused, every offset is below its periodicity and each
 *    periodicity's offsets cover 0..T-1 once, and the TDD 2 ms rows are the
 *    distinct pairs of k_SRS 0..4 of the type 0 table rows 1..9 (row 0, both
 *    UpPTS symbols of one special subframe, is reserved);
 *  - the SRS request of DCI format 4 (Table 8.1-1) and formats 0/1A;
 *  - the trigger rule against a brute-force scan written here from the spec
 *    text (Tables 4.2-2 and 8.2-3 again as lists, the conditions as printed)
 *    for every srs-ConfigIndexAp and every trigger subframe of a whole SFN
 *    cycle, FDD and every TDD uplink-downlink configuration with one- and
 *    two-symbol UpPTS (normal CP) and, on fewer frames, extended CP: same
 *    subframe, k_SRS, offset, symbol; the chosen subframe is always an uplink
 *    subframe or an existing UpPTS symbol, and a cell-specific SRS subframe
 *    (Tables 5.5.3.3-1/-2) whenever the UE's type 1 subframes are a subset of
 *    the cell's; configurations that select only downlink subframes are
 *    refused;
 *  - no frequency hopping for type 1: the position for every n_SRS is the one
 *    a plain formula gives with n_b = floor(4 n_RRC / m_SRS,b) mod N_b, where
 *    type 0 with the same fields hops;
 *  - a round trip: the SRS mapped in the triggered subframe and symbol (FDD,
 *    TDD uplink subframe, TDD UpPTS), SC-FDMA modulation, a delay and noise,
 *    demodulation, LS estimate: timing within 0.1 sample and unit gain;
 *  - bad arguments refused.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/cell.h"
#include "ltephy/channel.h"
#include "ltephy/error.h"
#include "ltephy/ofdm.h"
#include "ltephy/rng.h"
#include "ltephy/srs.h"
#include "tests/common/testutil.h"

/* ---- the spec written out again ------------------------------------------- */

/* 36.211 Table 4.2-2 */
static const char *const PAT[7] = {
    "DSUUUDSUUU", "DSUUDDSUUD", "DSUDDDSUDD", "DSUUUDDDDD",
    "DSUUDDDDDD", "DSUDDDDDDD", "DSUUUDSUUD",
};

/* 36.213 Table 8.2-4 (FDD) / 8.2-5 (TDD): T_SRS,1 and T_offset,1 per
 * srs-ConfigIndexAp 0..31; T = 0 marks a reserved row. */
typedef struct { int t, o0, o1; } ap_row;
static ap_row model_row(int tdd, int i)
{
    ap_row r = {0, 0, 0};
    if (!tdd) {
        if (i <= 1)
            r = (ap_row){2, i, i};
        else if (i <= 6)
            r = (ap_row){5, i - 2, i - 2};
        else if (i <= 16)
            r = (ap_row){10, i - 7, i - 7};
        return r;
    }
    static const int pair[10][2] = {{-1, -1}, {0, 2}, {1, 2}, {0, 3}, {1, 3},
                                    {0, 4},   {1, 4}, {2, 3}, {2, 4}, {3, 4}};
    if (i >= 1 && i <= 9)
        r = (ap_row){2, pair[i][0], pair[i][1]};
    else if (i >= 10 && i <= 14)
        r = (ap_row){5, i - 10, i - 10};
    else if (i >= 15 && i <= 24)
        r = (ap_row){10, i - 15, i - 15};
    return r;
}

/* 36.213 Table 8.2-3: k_SRS of UpPTS symbol / uplink subframe; -1 none. */
static int model_ksrs(int sf, int sym, int uppts_len)
{
    static const int two[10][2] = {{-1, -1}, {0, 1}, {2, -1}, {3, -1}, {4, -1},
                                   {-1, -1}, {5, 6}, {7, -1}, {8, -1}, {9, -1}};
    static const int one[10] = {-1, 1, 2, 3, 4, -1, 6, 7, 8, 9};
    if (uppts_len == 2)
        return two[sf][sym];
    return sym == 0 ? one[sf] : -1;
}

static int pmod(int a, int m)
{
    return ((a % m) + m) % m;
}

typedef struct { int ok, n_f, sf, k, k_srs, toff, uppts, sym; } want_t;

/* 36.213 §8.2: "upon detection of a positive SRS request in subframe n ...
 * shall commence SRS transmission in the first subframe satisfying n + k,
 * k >= 4 and (10 n_f + k_SRS - T_offset,1) mod T_SRS,1 = 0 for TDD with
 * T_SRS,1 > 2 and for FDD, (k_SRS - T_offset,1) mod 5 = 0 for TDD with
 * T_SRS,1 = 2". Scanned far past any period (k < 40); SRS only in uplink
 * subframes and UpPTS, in the last symbol of the subframe or the UpPTS
 * symbols at its end (36.211 §5.5.3.2, Table 4.2-1). */
static want_t model_trigger(int tdd, int tdd_config, int uppts_len, int nsymb, ap_row row,
                            int n_f, int sf_trig)
{
    want_t w = {0, 0, 0, 0, 0, 0, 0, 0};
    for (int k = 4; k < 40; k++) {
        long abs_sf = 10L * n_f + sf_trig + k;
        int sf = (int)(abs_sf % 10), nf = (int)((abs_sf / 10) % 1024);
        char ty = tdd ? PAT[tdd_config][sf] : 'U';
        if (ty == 'D')
            continue;
        int nsym = ty == 'S' ? uppts_len : 1;
        for (int s = 0; s < nsym; s++) {
            int ks = tdd ? model_ksrs(sf, s, uppts_len) : sf;
            if (ks < 0)
                continue;
            int offs[2] = {row.o0, row.o1};
            for (int i = 0; i < 2; i++) {
                int hit = (tdd && row.t == 2) ? pmod(ks - offs[i], 5) == 0
                                              : pmod(10 * nf + ks - offs[i], row.t) == 0;
                if (!hit)
                    continue;
                w.ok = 1;
                w.n_f = nf;
                w.sf = sf;
                w.k = k;
                w.k_srs = ks;
                w.toff = offs[i];
                w.uppts = ty == 'S';
                w.sym = ty == 'S' ? nsymb - uppts_len + s : nsymb - 1;
                return w;
            }
        }
    }
    return w;
}

static lte_srs_cfg base_cfg(int nrb)
{
    lte_srs_cfg c;
    memset(&c, 0, sizeof c);
    c.rs.cell_id = 211;
    c.rs.cp = LTE_CP_NORMAL;
    c.n_rb_ul = nrb;
    c.trigger_type = 1;
    return c;
}

static lte_cell_cfg tdd_cell(int tdd_config, int ssf, lte_cp cp)
{
    lte_cell_cfg cell;
    assert_int_equal(lte_cell_cfg_init(&cell), 0);
    cell.duplex = LTE_TDD;
    cell.tdd_config = tdd_config;
    cell.ssf_config = ssf;
    cell.cp = cp;
    cell.ul_cp = cp;
    return cell;
}

/* ---- tables --------------------------------------------------------------- */

static void test_ap_tables(void **state)
{
    (void)state;
    for (int tdd = 0; tdd < 2; tdd++) {
        int last_t = 0, n_valid = 0, n_reserved = 0;
        char seen[3][10];
        memset(seen, 0, sizeof seen);
        char pair_seen[5][5];
        memset(pair_seen, 0, sizeof pair_seen);
        for (int i = 0; i < 32; i++) {
            int t = -1, off[2] = {-1, -1};
            int rc = lte_srs_isrs_ap(tdd, i, &t, off);
            ap_row m = model_row(tdd, i);
            if (m.t == 0) { /* reserved */
                assert_int_equal(rc, LTE_EINVAL);
                n_reserved++;
                continue;
            }
            assert_int_equal(rc, 0);
            assert_int_equal(t, m.t);
            assert_int_equal(off[0], m.o0);
            assert_int_equal(off[1], m.o1);
            n_valid++;
            /* periodicities in {2, 5, 10}, non-decreasing with I_SRS */
            assert_true(t == 2 || t == 5 || t == 10);
            assert_true(t >= last_t);
            last_t = t;
            int p = t == 2 ? 0 : t == 5 ? 1 : 2;
            if (tdd && t == 2) {
                /* two resources a half frame: distinct k_SRS 0..4, the same
                 * pairs as the type 0 Table 8.2-2 row of that index */
                assert_true(off[0] >= 0 && off[0] < off[1] && off[1] <= 4);
                assert_int_equal(pair_seen[off[0]][off[1]]++, 0);
                int t0, o0[2];
                assert_int_equal(lte_srs_isrs(1, i, &t0, o0), 0);
                assert_int_equal(t0, 2);
                assert_int_equal(o0[0], off[0]);
                assert_int_equal(o0[1], off[1]);
            } else {
                assert_int_equal(off[0], off[1]);
                assert_true(off[0] >= 0 && off[0] < t);
                assert_int_equal(seen[p][off[0]]++, 0);
            }
        }
        /* tiling: every index is a row or reserved; the rows are 17 (FDD:
         * 2 + 5 + 10) or 24 (TDD: 9 + 5 + 10) consecutive indices */
        assert_int_equal(n_valid + n_reserved, 32);
        assert_int_equal(n_valid, tdd ? 24 : 17);
        /* each periodicity's offsets cover 0..T-1 once (FDD 2 ms: 0, 1) */
        for (int p = 0; p < 3; p++) {
            static const int per[3] = {2, 5, 10};
            if (tdd && p == 0)
                continue;
            for (int o = 0; o < per[p]; o++)
                assert_int_equal(seen[p][o], 1);
        }
        if (tdd) { /* every pair of 0..4 except {0, 1} */
            for (int a = 0; a < 5; a++)
                for (int b = a + 1; b < 5; b++)
                    assert_int_equal(pair_seen[a][b], (a == 0 && b == 1) ? 0 : 1);
            int t, off[2];
            assert_int_equal(lte_srs_isrs(1, 0, &t, off), 0); /* type 0 has row 0 */
            assert_int_equal(lte_srs_isrs_ap(1, 0, &t, off), LTE_EINVAL);
        }
        int t, off[2];
        assert_int_equal(lte_srs_isrs_ap(tdd, -1, &t, off), LTE_EINVAL);
        assert_int_equal(lte_srs_isrs_ap(tdd, 32, &t, off), LTE_EINVAL);
    }
    /* the type 1 condition of lte_srs_ue_subframe, every index and k_SRS */
    for (int tdd = 0; tdd < 2; tdd++)
        for (int i = 0; i < 32; i++) {
            lte_srs_cfg c = base_cfg(25);
            c.tdd = tdd;
            c.n_sp = 2;
            c.i_srs = i;
            ap_row m = model_row(tdd, i);
            for (int nf = 0; nf < 3; nf++)
                for (int ks = 0; ks < 10; ks++) {
                    int toff = -1, rc = lte_srs_ue_subframe(&c, nf, ks, &toff);
                    if (m.t == 0) {
                        assert_int_equal(rc, LTE_EINVAL);
                        continue;
                    }
                    int h0 = (tdd && m.t == 2) ? pmod(ks - m.o0, 5) == 0
                                               : pmod(10 * nf + ks - m.o0, m.t) == 0;
                    int h1 = (tdd && m.t == 2) ? pmod(ks - m.o1, 5) == 0
                                               : pmod(10 * nf + ks - m.o1, m.t) == 0;
                    assert_int_equal(rc, h0 || h1);
                    if (rc == 1)
                        assert_int_equal(toff, h0 ? m.o0 : m.o1);
                }
        }
}

/* Table 8.1-1 and the 1-bit request. */
static void test_ap_request(void **state)
{
    (void)state;
    for (int n_sets = 1; n_sets <= 3; n_sets++)
        for (int v = 0; v < 4; v++) {
            int rc = lte_srs_ap_request(2, v, n_sets);
            if (v <= n_sets)
                assert_int_equal(rc, v); /* '00' none, '01' first, '10' second, '11' third */
            else
                assert_int_equal(rc, LTE_EINVAL);
        }
    assert_int_equal(lte_srs_ap_request(1, 0, 1), 0);
    assert_int_equal(lte_srs_ap_request(1, 1, 1), 1);
    assert_int_equal(lte_srs_ap_request(1, 2, 1), LTE_EINVAL);
    assert_int_equal(lte_srs_ap_request(1, 1, 2), LTE_EINVAL);
    assert_int_equal(lte_srs_ap_request(2, 1, 0), LTE_EINVAL);
    assert_int_equal(lte_srs_ap_request(2, 1, 4), LTE_EINVAL);
    assert_int_equal(lte_srs_ap_request(3, 1, 3), LTE_EINVAL);
    assert_int_equal(lte_srs_ap_request(2, -1, 3), LTE_EINVAL);
}

/* ---- trigger rule ---------------------------------------------------------- */

/* Type 1 subframes of a configuration as a mask of subframes 0..9 (frame
 * independent: T_SRS,1 divides 10), from the model. */
static unsigned model_sf_mask(int tdd, int tdd_config, int uppts_len, ap_row row)
{
    unsigned m = 0;
    for (int sf = 0; sf < 10; sf++) {
        char ty = tdd ? PAT[tdd_config][sf] : 'U';
        if (ty == 'D')
            continue;
        for (int s = 0; s < (ty == 'S' ? uppts_len : 1); s++) {
            int ks = tdd ? model_ksrs(sf, s, uppts_len) : sf;
            if (ks < 0)
                continue;
            int offs[2] = {row.o0, row.o1};
            for (int i = 0; i < 2; i++)
                if ((tdd && row.t == 2) ? pmod(ks - offs[i], 5) == 0
                                        : pmod(ks - offs[i], row.t) == 0)
                    m |= 1u << sf;
        }
    }
    return m;
}

/* One duplex / TDD configuration / UpPTS length / CP over frames
 * [0, n_frames) and the last frames of the SFN cycle (wrap). */
static long scan_case(int tdd, int tdd_config, int ssf, lte_cp cp, int want_uppts,
                      int frame_step, long *refused, long *cell_checked)
{
    lte_cell_cfg cell;
    assert_int_equal(lte_cell_cfg_init(&cell), 0);
    int uppts_len = 0;
    if (tdd) {
        cell = tdd_cell(tdd_config, ssf, cp);
        uppts_len = lte_cell_uppts_symbols(&cell);
        assert_int_equal(uppts_len, want_uppts);
    }
    int nsymb = cp == LTE_CP_NORMAL ? 14 : 12;
    long checked = 0;
    for (int i = 0; i < 32; i++) {
        lte_srs_cfg c = base_cfg(50);
        c.rs.cp = cp;
        c.tdd = tdd;
        c.n_sp = tdd ? (PAT[tdd_config][6] == 'S' ? 2 : 1) : 0;
        c.i_srs = i;
        ap_row row = model_row(tdd, i);
        lte_srs_ap_tx tx;
        if (row.t == 0) {
            assert_int_equal(lte_srs_ap_subframe(&c, tdd ? &cell : NULL, 0, 0, &tx), LTE_EINVAL);
            continue;
        }
        unsigned ue_mask = model_sf_mask(tdd, tdd_config, uppts_len, row);
        /* the cell SRS configurations whose subframes contain the UE's type 1
         * subframes: there the chosen subframe must be a cell SRS subframe */
        int n_cellcfg = tdd ? 14 : 15, consistent[15], n_cons = 0;
        for (int sc = 0; sc < n_cellcfg; sc++) {
            unsigned cm = 0;
            for (int sf = 0; sf < 10; sf++)
                if (lte_srs_cell_subframe(tdd, sc, sf) == 1)
                    cm |= 1u << sf;
            if (ue_mask && (ue_mask & ~cm) == 0)
                consistent[n_cons++] = sc;
        }
        for (int nf = 0; nf < 1024;
             nf = nf >= 1020 ? nf + 1 : (nf + frame_step < 1020 ? nf + frame_step : 1020))
            for (int sft = 0; sft < 10; sft++) {
                want_t w = model_trigger(tdd, tdd_config, uppts_len, nsymb, row, nf, sft);
                memset(&tx, 0x55, sizeof tx);
                int rc = lte_srs_ap_subframe(&c, tdd ? &cell : NULL, nf, sft, &tx);
                checked++;
                if (!w.ok) {
                    assert_int_equal(rc, LTE_EINVAL);
                    (*refused)++;
                    continue;
                }
                assert_int_equal(rc, 0);
                assert_int_equal(tx.n_f, w.n_f);
                assert_int_equal(tx.sf, w.sf);
                assert_int_equal(tx.k, w.k);
                assert_int_equal(tx.k_srs, w.k_srs);
                assert_int_equal(tx.toff, w.toff);
                assert_int_equal(tx.uppts, w.uppts);
                assert_int_equal(tx.sym, w.sym);
                assert_int_equal(tx.ns, 2 * w.sf + 1);
                /* an uplink subframe, or an UpPTS symbol that exists */
                char ty = tdd ? PAT[tdd_config][tx.sf] : 'U';
                assert_true(ty == 'U' || (ty == 'S' && tx.sym >= nsymb - uppts_len));
                if (tdd)
                    assert_int_equal(lte_cell_subframe_type(&cell, tx.sf), ty);
                /* the type 0 test agrees that k_SRS is a type 1 position */
                int toff;
                assert_int_equal(lte_srs_ue_subframe(&c, tx.n_f, tx.k_srs, &toff), 1);
                for (int j = 0; j < n_cons; j++) {
                    assert_int_equal(lte_srs_cell_subframe(tdd, consistent[j], tx.sf), 1);
                    (*cell_checked)++;
                }
            }
    }
    return checked;
}

static void test_ap_trigger(void **state)
{
    (void)state;
    long checked = 0, refused = 0, cell_checked = 0;
    checked += scan_case(0, 0, 0, LTE_CP_NORMAL, 0, 1, &refused, &cell_checked);
    checked += scan_case(0, 0, 0, LTE_CP_EXTENDED, 0, 97, &refused, &cell_checked);
    for (int tc = 0; tc < 7; tc++) {
        /* normal CP: special configuration 0 has one UpPTS symbol, 7 two */
        checked += scan_case(1, tc, 0, LTE_CP_NORMAL, 1, 1, &refused, &cell_checked);
        checked += scan_case(1, tc, 7, LTE_CP_NORMAL, 2, 1, &refused, &cell_checked);
        /* extended CP: 0 one symbol, 5 two */
        checked += scan_case(1, tc, 0, LTE_CP_EXTENDED, 1, 97, &refused, &cell_checked);
        checked += scan_case(1, tc, 5, LTE_CP_EXTENDED, 2, 97, &refused, &cell_checked);
    }
    print_message("%ld triggers checked (%ld refused: offsets only on downlink subframes or "
                  "missing UpPTS symbols), %ld cell-subframe checks\n",
                  checked, refused, cell_checked);
    assert_true(checked > 3500000);
    assert_true(refused > 0);
    assert_true(cell_checked > 100000);

    /* by hand: FDD I_SRS 3 (T = 5, offset 1): a request in subframe 7 of frame
     * 9 -> subframe 1 of frame 10 (k = 4); in subframe 8 -> subframe 6 (k = 8) */
    lte_srs_cfg c = base_cfg(50);
    c.i_srs = 3;
    lte_srs_ap_tx tx;
    assert_int_equal(lte_srs_ap_subframe(&c, NULL, 9, 7, &tx), 0);
    assert_int_equal(tx.n_f, 10);
    assert_int_equal(tx.sf, 1);
    assert_int_equal(tx.k, 4);
    assert_int_equal(lte_srs_ap_subframe(&c, NULL, 9, 8, &tx), 0);
    assert_int_equal(tx.sf, 6);
    assert_int_equal(tx.k, 8);
    /* frame wrap: 1023 -> 0 */
    assert_int_equal(lte_srs_ap_subframe(&c, NULL, 1023, 9, &tx), 0);
    assert_int_equal(tx.n_f, 0);
    assert_int_equal(tx.sf, 6);
    /* TDD configuration 1, two-symbol UpPTS, I_SRS 1 (T = 2, k_SRS {0, 2}):
     * a request in subframe 5 -> k_SRS 0 = first UpPTS symbol of subframe 1
     * of the next frame (k = 6; subframe 9 is downlink, 0 too) */
    lte_cell_cfg cell = tdd_cell(1, 7, LTE_CP_NORMAL);
    c.tdd = 1;
    c.n_sp = 2;
    c.i_srs = 1;
    assert_int_equal(lte_srs_ap_subframe(&c, &cell, 4, 5, &tx), 0);
    assert_int_equal(tx.n_f, 5);
    assert_int_equal(tx.sf, 1);
    assert_int_equal(tx.k, 6);
    assert_int_equal(tx.k_srs, 0);
    assert_int_equal(tx.uppts, 1);
    assert_int_equal(tx.sym, 12);
    /* one-symbol UpPTS: k_SRS 0 does not exist -> subframe 2 (k_SRS 2) */
    cell = tdd_cell(1, 0, LTE_CP_NORMAL);
    assert_int_equal(lte_srs_ap_subframe(&c, &cell, 4, 5, &tx), 0);
    assert_int_equal(tx.sf, 2);
    assert_int_equal(tx.k, 7);
    assert_int_equal(tx.uppts, 0);
    assert_int_equal(tx.sym, 13);
    /* TDD configuration 5 (only subframe 2 uplink), I_SRS 18 (T = 10,
     * offset 3: subframe 3, downlink there): never */
    cell = tdd_cell(5, 7, LTE_CP_NORMAL);
    c.n_sp = 1;
    c.i_srs = 18;
    assert_int_equal(lte_srs_ap_subframe(&c, &cell, 0, 0, &tx), LTE_EINVAL);
}

/* ---- no hopping for type 1 -------------------------------------------------- */

/* k_0 with n_b = floor(4 n_RRC / m_SRS,b) mod N_b for every b (36.211
 * §5.5.3.2 without hopping), written as plain loops. */
static int plain_k0(const lte_srs_cfg *c)
{
    int m[4], N[4];
    for (int b = 0; b < 4; b++)
        lte_srs_bw(c->n_rb_ul, c->c_srs, b, &m[b], &N[b]);
    int k0 = (c->n_rb_ul / 2 - m[0] / 2) * 12 + c->k_tc;
    for (int b = 0; b <= c->b_srs; b++)
        k0 += 2 * (m[b] * 12 / 2) * ((4 * c->n_rrc / m[b]) % N[b]);
    return k0;
}

static void test_ap_no_hopping(void **state)
{
    (void)state;
    int configs = 0, hopped = 0;
    for (int nrb = 25; nrb <= 100; nrb += 25)
        for (int c_srs = 0; c_srs < 8; c_srs++)
            for (int b = 1; b < 4; b++)
                for (int rrc = 0; rrc < 24; rrc += 5) {
                    lte_srs_cfg c = base_cfg(nrb);
                    c.c_srs = c_srs;
                    c.b_srs = b;
                    c.b_hop = 0; /* would hop for type 0 */
                    c.n_rrc = rrc;
                    c.k_tc = rrc % 2;
                    c.i_srs = 7;
                    int m0;
                    lte_srs_bw(nrb, c_srs, 0, &m0, NULL);
                    if (m0 > nrb)
                        continue;
                    int want = plain_k0(&c);
                    lte_srs_alloc a;
                    int k0_type0[8];
                    for (int n = 0; n < 8; n++) {
                        c.trigger_type = 1;
                        assert_int_equal(lte_srs_allocate(&c, n, 0, 3, &a), 0);
                        assert_int_equal(a.k0, want);
                        c.trigger_type = 0;
                        assert_int_equal(lte_srs_allocate(&c, n, 0, 3, &a), 0);
                        k0_type0[n] = a.k0;
                    }
                    for (int n = 1; n < 8; n++)
                        if (k0_type0[n] != k0_type0[0]) {
                            hopped++;
                            break;
                        }
                    configs++;
                }
    print_message("%d configurations: type 1 fixed, type 0 hopped in %d\n", configs, hopped);
    assert_true(configs > 100);
    assert_true(hopped > configs / 2); /* the check above can see hopping */
}

/* ---- round trip -------------------------------------------------------------- */

/* The SRS of a request, mapped where lte_srs_ap_subframe() says, through the
 * SC-FDMA modulator, a delay of d samples, gain g and noise at 10 dB SNR per
 * tone; demodulated, the LS estimate at the same symbol gives the delay within
 * 0.1 sample (as test_srs.c: the last stage's sigma is about 0.015 sample)
 * and the gain within 0.1 on average; the other symbols carry noise only. */
static void test_ap_roundtrip(void **state)
{
    (void)state;
    lte_ofdm_cfg oc = {.n_rb = 25, .cp = LTE_CP_NORMAL, .mode = LTE_OFDM_UL_SCFDMA};
    lte_ofdm *ofdm = NULL;
    assert_int_equal(lte_ofdm_create(&oc, &ofdm), 0);
    lte_ofdm_info in;
    lte_ofdm_get_info(ofdm, &in);
    int n = in.subframe_len, nsf = in.symbols_per_subframe;
    float complex *grid = malloc(sizeof(float complex) * (size_t)nsf * 300);
    float complex *g = malloc(sizeof(float complex) * (size_t)nsf * 300);
    float complex *x = malloc(sizeof(float complex) * (size_t)n);
    float complex *y = malloc(sizeof(float complex) * (size_t)n);
    assert_non_null(grid);
    assert_non_null(g);
    assert_non_null(x);
    assert_non_null(y);
    lte_rng r;
    lte_rng_seed(&r, 17);
    /* case: 0 FDD, 1 TDD uplink subframe, 2 TDD UpPTS second symbol, 3 TDD
     * UpPTS first symbol (configuration 1, two-symbol UpPTS) */
    static const int isrs[4] = {12, 17, 11, 20};
    static const int trig[4] = {3, 8, 5, 0};
    static const double delay[4] = {0.0, 3.5, 7.25, 12.8};
    int seen_uppts = 0;
    for (int cs = 0; cs < 4; cs++) {
        lte_srs_cfg c = base_cfg(25);
        c.rs.group_hopping = 1; /* the sequence depends on the slot */
        c.c_srs = 2;            /* m_SRS,0 = 24 PRBs: 144 tones */
        c.b_srs = 0;
        c.b_hop = 0;
        c.n_cs = 1 + cs;
        c.k_tc = cs % 2;
        c.i_srs = isrs[cs];
        lte_cell_cfg cell = tdd_cell(1, 7, LTE_CP_NORMAL);
        if (cs > 0) {
            c.tdd = 1;
            c.n_sp = 2;
        }
        lte_srs_ap_tx tx;
        assert_int_equal(lte_srs_ap_subframe(&c, cs ? &cell : NULL, 100 + cs, trig[cs], &tx), 0);
        print_message("case %d: I_SRS,1 %d, request in subframe %d -> frame %d subframe %d "
                      "symbol %d (k = %d, k_SRS %d%s)\n",
                      cs, c.i_srs, trig[cs], tx.n_f, tx.sf, tx.sym, tx.k, tx.k_srs,
                      tx.uppts ? ", UpPTS" : "");
        c.uppts = tx.uppts;
        seen_uppts += tx.uppts;
        int n_srs = lte_srs_counter(&c, tx.n_f, tx.ns, tx.toff);
        assert_true(n_srs >= 0);
        memset(grid, 0, sizeof(float complex) * (size_t)nsf * 300);
        lte_srs_alloc a;
        assert_int_equal(lte_srs_map(&c, n_srs, tx.n_f, tx.ns, 1.0f, grid + tx.sym * 300, &a), 0);
        assert_int_equal(lte_ofdm_mod_subframe(ofdm, grid, x), 0);
        float complex gain = 0.6f - 0.8f * I;
        assert_int_equal(lte_delay_apply(x, y, n, delay[cs]), 0);
        for (int i = 0; i < n; i++)
            y[i] *= gain;
        assert_int_equal(lte_awgn_add(&r, y, n, 0.1), 0);
        assert_int_equal(lte_ofdm_demod_subframe(ofdm, y, g), 0);
        float complex h[150];
        double tau;
        /* n_SRS has no effect for type 1: estimate with another counter */
        assert_int_equal(
            lte_srs_estimate(&c, n_srs + 3, tx.n_f, tx.ns, 1.0f, g + tx.sym * 300, h, &tau), 0);
        double est = tau * in.sample_rate_hz;
        /* the gain after removing the delay's phase ramp (up to a common
         * phase: the ramp is taken from subcarrier index 0, not from DC) */
        double complex mean = 0;
        for (int k = 0; k < a.m_sc; k++) {
            int kk = a.k0 + 2 * k;
            double ph = 2 * M_PI * 15000.0 * kk * tau; /* e^{-j 2 pi f tau} undone */
            mean += (double complex)h[k] * cexp(I * ph);
        }
        mean /= a.m_sc;
        print_message("  delay %.2f samples: measured %.3f, |gain| %.3f\n", delay[cs], est,
                      cabs(mean));
        assert_true(fabs(est - delay[cs]) < 0.1);
        assert_true(fabs(cabs(mean) - cabsf(gain)) < 0.1);
        /* only symbol tx.sym carries the SRS (others: noise of 0.1 per RE) */
        for (int l = 0; l < nsf; l++) {
            double p = 0;
            for (int k = 0; k < 300; k++)
                p += cabsf(g[l * 300 + k]) * cabsf(g[l * 300 + k]);
            p /= 300;
            if (l == tx.sym)
                assert_true(p > 0.4); /* 144 of 300 REs at unit power */
            else
                assert_true(p < 0.2);
        }
    }
    assert_true(seen_uppts >= 1);
    free(grid);
    free(g);
    free(x);
    free(y);
    lte_ofdm_destroy(ofdm);
}

/* ---- bad arguments ----------------------------------------------------------- */

static void test_ap_bad_args(void **state)
{
    (void)state;
    int t, off[2];
    assert_int_equal(lte_srs_isrs_ap(2, 0, &t, off), LTE_EINVAL);
    assert_int_equal(lte_srs_isrs_ap(0, 0, NULL, off), LTE_EINVAL);
    assert_int_equal(lte_srs_isrs_ap(0, 0, &t, NULL), LTE_EINVAL);
    assert_int_equal(lte_srs_isrs_ap(0, 17, &t, off), LTE_EINVAL);
    assert_int_equal(lte_srs_isrs_ap(1, 25, &t, off), LTE_EINVAL);
    lte_srs_cfg c = base_cfg(50);
    c.i_srs = 3;
    lte_srs_ap_tx tx;
    assert_int_equal(lte_srs_ap_subframe(NULL, NULL, 0, 0, &tx), LTE_EINVAL);
    assert_int_equal(lte_srs_ap_subframe(&c, NULL, 0, 0, NULL), LTE_EINVAL);
    assert_int_equal(lte_srs_ap_subframe(&c, NULL, -1, 0, &tx), LTE_EINVAL);
    assert_int_equal(lte_srs_ap_subframe(&c, NULL, 1024, 0, &tx), LTE_EINVAL);
    assert_int_equal(lte_srs_ap_subframe(&c, NULL, 0, 10, &tx), LTE_EINVAL);
    assert_int_equal(lte_srs_ap_subframe(&c, NULL, 0, -1, &tx), LTE_EINVAL);
    c.trigger_type = 0; /* a periodic configuration has no trigger */
    assert_int_equal(lte_srs_ap_subframe(&c, NULL, 0, 0, &tx), LTE_EINVAL);
    c.trigger_type = 2;
    assert_int_equal(lte_srs_ap_subframe(&c, NULL, 0, 0, &tx), LTE_EINVAL);
    lte_srs_alloc a;
    assert_int_equal(lte_srs_allocate(&c, 0, 0, 3, &a), LTE_EINVAL);
    c.trigger_type = 1;
    c.i_srs = 17; /* reserved (FDD) */
    assert_int_equal(lte_srs_ap_subframe(&c, NULL, 0, 0, &tx), LTE_EINVAL);
    assert_int_equal(lte_srs_ue_subframe(&c, 0, 0, NULL), LTE_EINVAL);
    assert_int_equal(lte_srs_counter(&c, 0, 3, 0), LTE_EINVAL);
    c.i_srs = 3;
    lte_cell_cfg cell = tdd_cell(1, 7, LTE_CP_NORMAL);
    assert_int_equal(lte_srs_ap_subframe(&c, &cell, 0, 0, &tx), LTE_EINVAL); /* FDD cfg, TDD cell */
    c.tdd = 1;
    c.n_sp = 2;
    c.i_srs = 12;
    assert_int_equal(lte_srs_ap_subframe(&c, NULL, 0, 0, &tx), LTE_EINVAL); /* TDD needs cell */
    assert_int_equal(lte_srs_ap_subframe(&c, &cell, 0, 0, &tx), 0);
    c.n_sp = 1; /* configuration 1 has two switch points */
    assert_int_equal(lte_srs_ap_subframe(&c, &cell, 0, 0, &tx), LTE_EINVAL);
    c.n_sp = 2;
    cell.ul_cp = LTE_CP_EXTENDED; /* differs from the SRS CP */
    assert_int_equal(lte_srs_ap_subframe(&c, &cell, 0, 0, &tx), LTE_EINVAL);
    cell.ul_cp = LTE_CP_NORMAL;
    cell.tdd_config = 7;
    assert_int_equal(lte_srs_ap_subframe(&c, &cell, 0, 0, &tx), LTE_EINVAL);
    cell.tdd_config = 1;
    cell.duplex = LTE_FDD; /* TDD cfg, FDD cell */
    assert_int_equal(lte_srs_ap_subframe(&c, &cell, 0, 0, &tx), LTE_EINVAL);
    c.i_srs = 0; /* reserved (TDD) */
    cell.duplex = LTE_TDD;
    assert_int_equal(lte_srs_ap_subframe(&c, &cell, 0, 0, &tx), LTE_EINVAL);
    assert_true(strlen(lte_errdetail()) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ap_tables),     cmocka_unit_test(test_ap_request),
        cmocka_unit_test(test_ap_trigger),    cmocka_unit_test(test_ap_no_hopping),
        cmocka_unit_test(test_ap_roundtrip),  cmocka_unit_test(test_ap_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
