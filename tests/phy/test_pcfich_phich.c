/* Tests of the PCFICH (36.211 §6.7) and the PHICH (§6.9): transmit models
 * written here from the spec (CFI codeword, c_init formulas, REG positions
 * of §6.7.4 from k-bar, orthogonal sequences typed from Table 6.9.1-2) and
 * round trips through ideal and random per-RE channels for 1/2/4 ports,
 * both CPs, both PHICH durations, FDD and TDD; PHICH REG positions from
 * the §6.9.3 formula (including extended duration in TDD subframes 1/6)
 * and the 4-port precoding of §6.9.2 checked against models written here.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/dlphy.h"
#include "ltephy/error.h"
#include "ltephy/gold.h"
#include "tests/common/dltest.h"
#include "tests/common/testutil.h"

/* ---- channel model written for the tests ---------------------------------- */
static lte_cell_cfg cell_of(int n_rb, int ports, int cell_id)
{
    lte_cell_cfg c;
    lte_cell_cfg_init(&c);
    c.n_rb = n_rb;
    c.n_ports = ports;
    c.cell_id = cell_id;
    return c;
}

/* PCFICH transmitter model, 1 port: REG i at k = k-bar + floor(i N_RB/2) 6
 * (mod N_sc), k-bar = 6 (N_ID mod 2 N_RB); its REs are the subcarriers
 * k..k+5 of symbol 0 that are not CRS of ports 0/1 (k mod 3 != v_shift mod 3). */
static void test_pcfich_model(void **state)
{
    (void)state;
    static const int nrbs[4] = {6, 15, 50, 100};
    for (int b = 0; b < 4; b++)
        for (int cfi = 1; cfi <= 3; cfi++) {
            int id = 97 * b + 13 * cfi, R = nrbs[b];
            lte_cell_cfg c = cell_of(R, 1, id);
            c.cfi = cfi;
            lte_grid *g;
            assert_int_equal(lte_grid_create(&c, &g), 0);
            int sf = (b + cfi) % 10;
            assert_int_equal(lte_grid_set_subframe(g, sf), 0);
            assert_int_equal(lte_pcfich_map(g, 1.0f), 0);
            uint8_t b32[32], cs[32];
            assert_int_equal(lte_cfi_encode(cfi, b32), 0);
            uint32_t cinit = (uint32_t)((sf + 1) * (2 * id + 1)) * 512u + (uint32_t)id;
            assert_int_equal(lte_gold_bits(cinit, 32, cs), 0);
            int kbar = 6 * (id % (2 * R)), n_sc = 12 * R, nz = 0;
            for (int i = 0; i < 4; i++) {
                int k0 = (kbar + (i * R / 2) * 6) % n_sc, j = 0;
                for (int k = k0; k < k0 + 6; k++) {
                    if (k % 3 == (id % 6) % 3)
                        continue;
                    int q = 4 * i + j++, b0 = b32[2 * q] ^ cs[2 * q], b1 = b32[2 * q + 1] ^ cs[2 * q + 1];
                    float complex d = (float)M_SQRT1_2 * ((1 - 2 * b0) + I * (1 - 2 * b1));
                    assert_true(cabsf(g->port[0][k] - d) < 1e-6f);
                }
                assert_int_equal(j, 4);
            }
            for (int i = 0; i < g->n_re; i++)
                nz += g->port[0][i] != 0;
            assert_int_equal(nz, 16);
            lte_grid_destroy(g);
        }
}

static void test_pcfich_round_trip(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 3);
    static const int nrbs[6] = {6, 15, 25, 50, 75, 100};
    int runs = 0;
    for (int b = 0; b < 6; b++)
        for (int pi = 0; pi < 3; pi++)
            for (int cfi = 1; cfi <= 3; cfi++) {
                int ports = 1 << pi, random = (b + cfi) % 2;
                lte_cell_cfg c = cell_of(nrbs[b], ports, (int)(tu_rand(&r) % 504));
                c.cfi = cfi;
                c.cp = (b + pi) % 3 == 0 ? LTE_CP_EXTENDED : LTE_CP_NORMAL;
                if (b % 2) {
                    c.duplex = LTE_TDD;
                    c.tdd_config = b % 7;
                }
                if (lte_cell_validate(&c) < 0)
                    continue; /* e.g. extended CP with the default N_g and 6 RB in TDD */
                runs++;
                lte_grid *g;
                lte_dlrx *rx;
                assert_int_equal(lte_grid_create(&c, &g), 0);
                assert_int_equal(lte_dlrx_create(&c, 4, &rx), 0);
                tchan ch;
                tchan_init(&ch, g->n_re, random ? 2 : ports, ports);
                for (int sf = 0; sf < 10; sf += 1 + (b % 3)) {
                    if (lte_cell_ctrl_symbols(&c, sf) == 0)
                        continue; /* uplink subframe */
                    assert_int_equal(lte_grid_set_subframe(g, sf), 0);
                    assert_int_equal(lte_pcfich_map(g, 1.0f), 0);
                    tchan_apply(&ch, g, random, 0.1f, LTE_EQ_MMSE, &r);
                    int got = 0;
                    float metric;
                    assert_int_equal(lte_pcfich_decode(rx, g, &ch.in, &got, &metric), 0);
                    assert_int_equal(got, lte_cell_cfi(&c, sf));
                    assert_true(metric > 0);
                }
                tchan_free(&ch);
                lte_dlrx_destroy(rx);
                lte_grid_destroy(g);
            }
    assert_true(runs >= 40);
}

/* Table 6.9.1-2 typed in: real parts sign pattern and the j factor. */
static void test_orth_seq(void **state)
{
    (void)state;
    static const int nrm[8][4] = {{1, 1, 1, 1},  {1, -1, 1, -1}, {1, 1, -1, -1}, {1, -1, -1, 1},
                                  {1, 1, 1, 1},  {1, -1, 1, -1}, {1, 1, -1, -1}, {1, -1, -1, 1}};
    static const int ext[4][2] = {{1, 1}, {1, -1}, {1, 1}, {1, -1}};
    float complex w[4], v[4];
    for (int s = 0; s < 8; s++) {
        assert_int_equal(lte_phich_orth_seq(LTE_CP_NORMAL, s, w), 4);
        for (int i = 0; i < 4; i++)
            assert_true(cabsf(w[i] - (float)nrm[s][i] * (s >= 4 ? I : 1.0f)) < 1e-7f);
    }
    for (int s = 0; s < 4; s++) {
        assert_int_equal(lte_phich_orth_seq(LTE_CP_EXTENDED, s, w), 2);
        for (int i = 0; i < 2; i++)
            assert_true(cabsf(w[i] - (float)ext[s][i] * (s >= 2 ? I : 1.0f)) < 1e-7f);
    }
    /* structure: the real-valued sequences of one CP are mutually orthogonal */
    for (int a = 0; a < 4; a++)
        for (int b = 0; b < 4; b++) {
            lte_phich_orth_seq(LTE_CP_NORMAL, a, w);
            lte_phich_orth_seq(LTE_CP_NORMAL, b, v);
            float complex dot = 0;
            for (int i = 0; i < 4; i++)
                dot += w[i] * conjf(v[i]);
            assert_true(cabsf(dot - (a == b ? 4.0f : 0.0f)) < 1e-6f);
        }
    assert_int_equal(lte_phich_orth_seq(LTE_CP_NORMAL, 8, w), LTE_EINVAL);
    assert_int_equal(lte_phich_orth_seq(LTE_CP_EXTENDED, 4, w), LTE_EINVAL);
}

/* PHICH model, 1 port, normal CP: d(i) = sum over the group's PHICHs of
 * w(i mod 4) (1 - 2c(i)) z(i/4), z = (1-2 HI)(1+j)/sqrt(2), on the unit's REGs. */
static void test_phich_model(void **state)
{
    (void)state;
    lte_cell_cfg c = cell_of(25, 1, 211);
    c.ng = LTE_NG_2;
    lte_grid *g;
    assert_int_equal(lte_grid_create(&c, &g), 0);
    int sf = 3;
    assert_int_equal(lte_grid_set_subframe(g, sf), 0);
    const lte_phich_ind ind[5] = {{0, 0, 1}, {0, 5, 0}, {0, 3, 1}, {2, 7, 1}, {5, 1, 0}};
    assert_int_equal(lte_phich_map(g, ind, 5, 1.0f), 0);
    uint8_t cs[12];
    uint32_t cinit = (uint32_t)((sf + 1) * (2 * 211 + 1)) * 512u + 211u;
    assert_int_equal(lte_gold_bits(cinit, 12, cs), 0);
    const lte_ctrl_layout *L = g->ctrl;
    for (int grp = 0; grp < L->n_phich_groups; grp++)
        for (int i = 0; i < 12; i++) {
            float complex d = 0;
            for (int a = 0; a < 5; a++) {
                if (ind[a].group != grp)
                    continue;
                float complex w[4];
                lte_phich_orth_seq(LTE_CP_NORMAL, ind[a].seq, w);
                float complex z = (float)(1 - 2 * ind[a].hi) * (float)M_SQRT1_2 * (1 + I);
                d += w[i % 4] * (float)(1 - 2 * cs[i]) * z;
            }
            const lte_reg *reg = &L->reg[L->phich[grp][i / 4]];
            float complex got = g->port[0][reg->l * g->n_sc + reg->k[i % 4]];
            assert_true(cabsf(got - d) < 1e-5f);
        }
    lte_grid_destroy(g);
}

typedef struct phich_case {
    int n_rb, ports;
    lte_cp cp;
    lte_phich_dur dur;
    lte_phich_ng ng;
    int tdd, tdd_config, subframe, random;
} phich_case;

static int phich_round_trip(const phich_case *t, tu_rng *r)
{
    lte_cell_cfg c = cell_of(t->n_rb, t->ports, (int)(tu_rand(r) % 504));
    c.cp = t->cp;
    c.phich_dur = t->dur;
    c.ng = t->ng;
    c.cfi = t->dur == LTE_PHICH_EXTENDED ? (t->n_rb > 10 ? 3 : 2) : 1 + (int)(tu_rand(r) % 3);
    if (t->tdd) {
        c.duplex = LTE_TDD;
        c.tdd_config = t->tdd_config;
    }
    if (lte_cell_validate(&c) < 0)
        return 0; /* the PHICH does not fit (cell.h), e.g. 6 RB with N_g = 2 */
    lte_grid *g;
    lte_dlrx *rx;
    assert_int_equal(lte_grid_create(&c, &g), 0);
    assert_int_equal(lte_dlrx_create(&c, 4, &rx), 0);
    assert_int_equal(lte_grid_set_subframe(g, t->subframe), 0);
    int groups = g->ctrl->n_phich_groups, nseq = t->cp == LTE_CP_NORMAL ? 8 : 4;
    assert_true(groups > 0);
    lte_phich_ind ind[LTE_PHICH_MAX_UNITS * 2 * 8];
    int n = 0;
    for (int grp = 0; grp < groups; grp++)
        for (int s = 0; s < nseq; s++)
            if (tu_rand(r) % 3 != 0)
                ind[n++] = (lte_phich_ind){grp, s, (int)(tu_rand(r) & 1)};
    assert_int_equal(lte_phich_map(g, ind, n, 1.0f), 0);
    tchan ch;
    tchan_init(&ch, g->n_re, t->random ? 2 : t->ports, t->ports);
    tchan_apply(&ch, g, t->random, 0.02f, LTE_EQ_MMSE, r);
    for (int a = 0; a < n; a++) {
        int hi = -1;
        float metric;
        assert_int_equal(lte_phich_decode(rx, g, &ch.in, ind[a].group, ind[a].seq, &hi, &metric), 0);
        if (hi != ind[a].hi)
            print_error("n_rb %d ports %d cp %d dur %d group %d seq %d: metric %g\n", t->n_rb,
                        t->ports, t->cp, t->dur, ind[a].group, ind[a].seq, (double)metric);
        assert_int_equal(hi, ind[a].hi);
    }
    tchan_free(&ch);
    lte_dlrx_destroy(rx);
    lte_grid_destroy(g);
    return 1;
}

static void test_phich_round_trip(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 8);
    static const int nrbs[6] = {6, 15, 25, 50, 75, 100};
    int runs = 0;
    for (int b = 0; b < 6; b++)
        for (int pi = 0; pi < 3; pi++)
            for (int cp = 0; cp < 2; cp++)
                for (int random = 0; random < 2; random++) {
                    phich_case t = {nrbs[b], 1 << pi, (lte_cp)cp,
                                    (b + pi) % 2 ? LTE_PHICH_EXTENDED : LTE_PHICH_NORMAL,
                                    (lte_phich_ng)((b + cp) % 4), 0, 0, (b * 3 + pi) % 10, random};
                    runs += phich_round_trip(&t, &r);
                }
    assert_true(runs >= 60);
    /* TDD: configuration 0 subframe 0 (m_i = 2), subframe 1 (special,
     * extended duration of 2 symbols), configuration 6 subframe 9 */
    const phich_case tdd[] = {
        {25, 2, LTE_CP_NORMAL, LTE_PHICH_NORMAL, LTE_NG_1, 1, 0, 0, 1},
        {50, 4, LTE_CP_NORMAL, LTE_PHICH_EXTENDED, LTE_NG_1_2, 1, 0, 1, 1},
        {15, 1, LTE_CP_EXTENDED, LTE_PHICH_NORMAL, LTE_NG_2, 1, 6, 9, 0},
        {100, 4, LTE_CP_EXTENDED, LTE_PHICH_EXTENDED, LTE_NG_1, 1, 0, 5, 1},
    };
    for (size_t i = 0; i < sizeof(tdd) / sizeof(tdd[0]); i++)
        assert_int_equal(phich_round_trip(&tdd[i], &r), 1);
}

/* PHICH REG positions (36.211 §6.9.3) written here from the formula:
 * n_l = REGs of symbol l not used by the PCFICH, counted in increasing k
 * (symbol 0 and, with 4 ports, symbol 1: one REG per 6 subcarriers, else per
 * 4); mapping unit m, repetition i: l'_i = 0 (normal duration), i
 * (extended), (floor(m/2) + i + 1) mod 2 (extended, TDD subframes 1 and 6);
 * nbar_i = (floor(N_ID n_l'i / n_x) + m + floor(i n_l'i / 3)) mod n_l'i with
 * n_x = n_1 in those TDD subframes, n_0 otherwise. */
static void phich_reg_model(const lte_cell_cfg *c, int sf, const lte_ctrl_layout *L)
{
    int R = c->n_rb, n_sc = 12 * R, id = c->cell_id;
    int tdd16 = c->duplex == LTE_TDD && (sf == 1 || sf == 6);
    int ext = c->phich_dur == LTE_PHICH_EXTENDED;
    int k_free[3][3 * LTE_MAX_RB], n_free[3] = {0, 0, 0};
    int kbar = 6 * (id % (2 * R)), pcf[4];
    for (int i = 0; i < 4; i++)
        pcf[i] = (kbar + (i * R / 2) * 6) % n_sc;
    for (int l = 0; l < 3; l++) {
        int step = (l == 0 || (l == 1 && c->n_ports == 4)) ? 6 : 4;
        for (int k = 0; k < n_sc; k += step) {
            int used = 0;
            for (int i = 0; i < 4 && l == 0; i++)
                used |= pcf[i] == k;
            if (!used)
                k_free[l][n_free[l]++] = k;
        }
    }
    for (int m = 0; m < L->n_phich_units; m++)
        for (int i = 0; i < 3; i++) {
            int l = !ext ? 0 : tdd16 ? (m / 2 + i + 1) % 2 : i;
            int nl = n_free[l], nx = tdd16 && ext ? n_free[1] : n_free[0];
            int nbar = (id * nl / nx + m + i * nl / 3) % nl;
            const lte_reg *reg = &L->reg[L->phich[m][i]];
            assert_int_equal(reg->l, l);
            assert_int_equal(reg->k0, k_free[l][nbar]);
        }
}

static void test_phich_reg_model(void **state)
{
    (void)state;
    static const int nrbs[4] = {15, 25, 50, 100};
    int runs = 0, special = 0;
    for (int b = 0; b < 4; b++)
        for (int ports = 1; ports <= 4; ports *= 2)
            for (int tdd = 0; tdd <= 1; tdd++)
                for (int dur = 0; dur <= 1; dur++) {
                    lte_cell_cfg c = cell_of(nrbs[b], ports, 37 * b + 101 * tdd + 7 * ports + dur);
                    c.phich_dur = dur ? LTE_PHICH_EXTENDED : LTE_PHICH_NORMAL;
                    c.cfi = 3;
                    if (tdd) {
                        c.duplex = LTE_TDD;
                        c.tdd_config = 1 + b % 2; /* special subframes 1 and 6 */
                    }
                    if (lte_cell_validate(&c) < 0)
                        continue;
                    lte_grid *g;
                    assert_int_equal(lte_grid_create(&c, &g), 0);
                    for (int sf = 0; sf < 10; sf++) {
                        if (lte_cell_ctrl_symbols(&c, sf) == 0 ||
                            lte_grid_set_subframe(g, sf) < 0 || g->ctrl->n_phich_units == 0)
                            continue;
                        phich_reg_model(&c, sf, g->ctrl);
                        runs++;
                        special += tdd && dur && (sf == 1 || sf == 6);
                    }
                    lte_grid_destroy(g);
                }
    assert_true(runs >= 60);
    assert_true(special >= 8);
}

/* PHICH on 4 ports (36.211 §6.9.2): quadruplet i of a group's 12 aligned
 * symbols x0..x3 is sent with the transmit diversity of §6.3.4.3 (RE 4i:
 * ports 0, 2 carry x0, -x1*; RE 4i+1: x1, x0*; RE 4i+2: ports 1, 3 carry
 * x2, -x3*; RE 4i+3: x3, x2*; all / sqrt 2) when (i + n') mod 2 = 0, n' =
 * the group (normal CP) or floor(group / 2) (extended CP); otherwise with
 * ports 0 and 1, 2 and 3 exchanged. Extended CP aligns the 6 symbols of an
 * even group on positions 4i, 4i+1 and of an odd group on 4i+2, 4i+3. */
static void test_phich_4port_model(void **state)
{
    (void)state;
    int bad = 0;
    for (int cp = 0; cp < 2; cp++) {
        lte_cell_cfg c = cell_of(25, 4, 133 + cp);
        c.cp = cp ? LTE_CP_EXTENDED : LTE_CP_NORMAL;
        c.ng = LTE_NG_1;
        lte_grid *g;
        assert_int_equal(lte_grid_create(&c, &g), 0);
        int sf = 4, sfac = cp ? 2 : 4, msymb = 3 * sfac;
        assert_int_equal(lte_grid_set_subframe(g, sf), 0);
        const lte_ctrl_layout *L = g->ctrl;
        lte_phich_ind ind[64];
        int n = 0;
        for (int grp = 0; grp < L->n_phich_groups; grp++)
            for (int s = (grp % 3); s < 2 * sfac; s += 3)
                ind[n++] = (lte_phich_ind){grp, s, (grp + s) & 1};
        assert_int_equal(lte_phich_map(g, ind, n, 1.0f), 0);
        uint8_t cs[12];
        uint32_t cinit = (uint32_t)((sf + 1) * (2 * c.cell_id + 1)) * 512u + (uint32_t)c.cell_id;
        assert_int_equal(lte_gold_bits(cinit, msymb, cs), 0);
        for (int u = 0; u < L->n_phich_units; u++) {
            float complex x[12] = {0};
            for (int grp = cp ? 2 * u : u; grp <= (cp ? 2 * u + 1 : u); grp++)
                for (int a = 0; a < n; a++) {
                    if (ind[a].group != grp)
                        continue;
                    float complex w[4];
                    lte_phich_orth_seq(c.cp, ind[a].seq, w);
                    float complex z = (float)(1 - 2 * ind[a].hi) * (float)M_SQRT1_2 * (1 + I);
                    for (int i = 0; i < msymb; i++) {
                        float complex d = w[i % sfac] * (float)(1 - 2 * cs[i]) * z;
                        int pos = cp ? 4 * (i / 2) + 2 * (grp % 2) + i % 2 : i;
                        x[pos] += d;
                    }
                }
            for (int q = 0; q < 3; q++) {
                const float complex *xq = x + 4 * q;
                float complex y[4][4] = {{0}}; /* [RE][port] */
                int a = 0, b = 1; /* port pair of the first two REs: 0, 2 or 1, 3 */
                if ((q + u) % 2 != 0) { /* n' = u in both CPs */
                    a = 1;
                    b = 0;
                }
                y[0][a] = xq[0];
                y[0][a + 2] = -conjf(xq[1]);
                y[1][a] = xq[1];
                y[1][a + 2] = conjf(xq[0]);
                y[2][b] = xq[2];
                y[2][b + 2] = -conjf(xq[3]);
                y[3][b] = xq[3];
                y[3][b + 2] = conjf(xq[2]);
                const lte_reg *reg = &L->reg[L->phich[u][q]];
                for (int j = 0; j < 4; j++)
                    for (int p = 0; p < 4; p++) {
                        float complex got = g->port[p][reg->l * g->n_sc + reg->k[j]];
                        bad += cabsf(got - y[j][p] * (float)M_SQRT1_2) >= 1e-5f;
                    }
            }
        }
        lte_grid_destroy(g);
    }
    assert_int_equal(bad, 0);
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_cell_cfg c = cell_of(25, 2, 1);
    lte_grid *g;
    lte_dlrx *rx;
    assert_int_equal(lte_grid_create(&c, &g), 0);
    assert_int_equal(lte_dlrx_create(&c, 1, &rx), 0);
    assert_int_equal(lte_grid_set_subframe(g, 0), 0);
    lte_phich_ind bad[2] = {{0, 0, 1}, {0, 0, 0}};
    assert_int_equal(lte_phich_map(g, bad, 2, 1), LTE_EINVAL); /* same PHICH twice */
    bad[0].group = 99;
    assert_int_equal(lte_phich_map(g, bad, 1, 1), LTE_EINVAL);
    bad[0] = (lte_phich_ind){0, 8, 1};
    assert_int_equal(lte_phich_map(g, bad, 1, 1), LTE_EINVAL);
    bad[0] = (lte_phich_ind){0, 1, 2};
    assert_int_equal(lte_phich_map(g, bad, 1, 1), LTE_EINVAL);
    assert_int_equal(lte_phich_map(g, NULL, 1, 1), LTE_EINVAL);
    assert_int_equal(lte_pcfich_map(NULL, 1), LTE_EINVAL);
    assert_int_equal(lte_pcfich_map(g, INFINITY), LTE_EINVAL);
    tchan ch;
    tchan_init(&ch, g->n_re, 1, 1); /* channels of 1 port for a 2-port cell */
    int v;
    assert_int_equal(lte_pcfich_decode(rx, g, &ch.in, &v, NULL), LTE_EINVAL);
    assert_int_equal(lte_phich_decode(rx, g, &ch.in, 0, 0, &v, NULL), LTE_EINVAL);
    tchan_free(&ch);
    tchan_init(&ch, g->n_re, 1, 2);
    ch.in.n0 = 0.1f;
    assert_int_equal(lte_phich_decode(rx, g, &ch.in, -1, 0, &v, NULL), LTE_EINVAL);
    assert_int_equal(lte_phich_decode(rx, g, &ch.in, 0, 0, NULL, NULL), LTE_EINVAL);
    ch.in.n0 = -1;
    assert_int_equal(lte_pcfich_decode(rx, g, &ch.in, &v, NULL), LTE_EINVAL);
    tchan_free(&ch);
    lte_dlrx_destroy(rx);
    lte_grid_destroy(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pcfich_model), cmocka_unit_test(test_pcfich_round_trip),
        cmocka_unit_test(test_orth_seq),     cmocka_unit_test(test_phich_model),
        cmocka_unit_test(test_phich_round_trip), cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_phich_reg_model), cmocka_unit_test(test_phich_4port_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
