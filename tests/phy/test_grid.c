/* Tests of the RE classification, the control-region REG layout and the grid
 * object (36.211 §6.2.4, §6.6.4, §6.7.4, §6.8.5, §6.9.3).
 *
 * The per-class RE counts are derived here from the spec's rules by closed
 * forms (symbols x subcarriers arithmetic), never by walking the grid, and
 * compared with the library's map for every bandwidth, CP, port count, CFI,
 * FDD and every TDD uplink-downlink and special subframe configuration.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/grid.h"
#include "ltephy/sync.h"
#include "tests/common/testutil.h"

static const int nrbs[6] = {6, 15, 25, 50, 75, 100};

/* Table 4.2-2 and Table 4.2-1 (DwPTS in symbols), Table 6.9-1 */
static const char *tdd_tab[7] = {"DSUUUDSUUU", "DSUUDDSUUD", "DSUDDDSUDD", "DSUUUDDDDD",
                                 "DSUUDDDDDD", "DSUDDDDDDD", "DSUUUDSUUD"};
static const int dw_n[10] = {3, 9, 10, 11, 12, 3, 9, 10, 11, 6};
static const int dw_e[8] = {3, 8, 9, 10, 3, 8, 9, 5};
static const char *mi_tab[7] = {"2100021000", "0100101001", "0001000010", "1000000011",
                                "0000000011", "0000000010", "1100011001"};

static int in_set(int l, const int *set, int n)
{
    for (int i = 0; i < n; i++)
        if (set[i] == l)
            return 1;
    return 0;
}

/* Expected RE counts of a subframe from closed forms. */
static void expected_counts(const lte_cell_cfg *c, int sf, int e[LTE_RE_NCLASSES])
{
    memset(e, 0, LTE_RE_NCLASSES * sizeof e[0]);
    int N = c->cp == LTE_CP_NORMAL ? 7 : 6, NS = 2 * N, R = c->n_rb, nsc = 12 * R;
    int tdd = c->duplex == LTE_TDD;
    char type = tdd ? tdd_tab[c->tdd_config][sf] : 'D';
    int n_dl = type == 'U' ? 0 : type == 'D' ? NS : (c->cp ? dw_e : dw_n)[c->ssf_config];
    e[LTE_RE_NOT_DL] = (NS - n_dl) * nsc;
    if (n_dl == 0)
        return;
    int P = c->n_ports;
    /* control region (Table 6.7-1) */
    int L = R > 10 ? c->cfi : c->cfi + 1;
    if (tdd && (sf == 1 || sf == 6))
        L = R > 10 ? (c->cfi < 2 ? c->cfi : 2) : 2;
    /* CRS symbols: ports 0/1 at 0, N-3 of each slot, ports 2/3 at 1 */
    const int s01[4] = {0, N - 3, N, 2 * N - 3}, s23[2] = {1, N + 1};
    int crs = 0;
    for (int l = 0; l < n_dl; l++) {
        if (in_set(l, s01, 4))
            crs += 2 * R * (P >= 2 ? 2 : 1);
        if (in_set(l, s23, 2) && P == 4)
            crs += 4 * R;
    }
    e[LTE_RE_CRS] = crs;
    /* control symbols: positions of ports 0/1 (and 2/3 if 4 ports) are not REGs */
    int ctrl_data = 0, ctrl_reserved = 0;
    for (int l = 0; l < L; l++) {
        int pos = (in_set(l, s01, 4) ? 4 * R : 0) + (l == 1 && P == 4 ? 4 * R : 0);
        ctrl_data += nsc - pos;
        if (P == 1 && in_set(l, s01, 4))
            ctrl_reserved += 2 * R; /* port 1 assumed present (§6.2.4) */
    }
    int ng6[4] = {1, 3, 6, 12};
    int mi = tdd ? mi_tab[c->tdd_config][sf] - '0' : 1;
    int units = mi * ((ng6[c->ng] * R + 47) / 48); /* same for both CPs */
    e[LTE_RE_PCFICH] = 16;
    e[LTE_RE_PHICH] = 12 * units;
    e[LTE_RE_PDCCH] = ctrl_data - 16 - 12 * units;
    /* sync: FDD PSS in 0/5, TDD PSS in 1/6; SSS in 0/5; 10 reserved REs each */
    int pss = tdd ? (sf == 1 || sf == 6) : (sf == 0 || sf == 5);
    int sss = sf == 0 || sf == 5;
    e[LTE_RE_PSS] = 62 * pss;
    e[LTE_RE_SSS] = 62 * sss;
    int unused = ctrl_reserved + 10 * (pss + sss);
    if (sf == 0) {
        /* PBCH: 72 x 4 minus the CRS positions of 4 ports (2 per 6 in the
         * symbols with CRS of ports 0/1 or 2/3 in slot 1, l = 0..3) */
        int pbch = 0, res = 0;
        for (int l = N; l < N + 4; l++) {
            int pos = 0, act = 0;
            if (in_set(l, s01, 4)) {
                pos += 24;
                act += 12 * (P >= 2 ? 2 : 1);
            }
            if (in_set(l, s23, 2)) {
                pos += 24;
                act += P == 4 ? 24 : 0;
            }
            pbch += 72 - pos;
            res += pos - act;
        }
        e[LTE_RE_PBCH] = pbch;
        unused += res;
    }
    int used = crs + ctrl_data + unused + e[LTE_RE_PSS] + e[LTE_RE_SSS] + e[LTE_RE_PBCH];
    int pdsch = n_dl * nsc - used;
    /* no PDSCH in DwPTS of special configurations 0, 5 (normal) / 0, 4 (ext) */
    if (type == 'S' && (c->ssf_config == 0 || c->ssf_config == (c->cp ? 4 : 5))) {
        unused += pdsch;
        pdsch = 0;
    }
    e[LTE_RE_PDSCH] = pdsch;
    e[LTE_RE_UNUSED] = unused;
}

static int check_cfg(const lte_cell_cfg *c, uint8_t *map)
{
    int nsc = 12 * c->n_rb, NS = c->cp ? 12 : 14;
    for (int sf = 0; sf < 10; sf++) {
        int want[LTE_RE_NCLASSES], got[LTE_RE_NCLASSES] = {0};
        assert_int_equal(lte_grid_classify(c, sf, map), 0);
        /* four histograms (nsc is a multiple of 4) keep the loop fast */
        int h[4][256] = {{0}};
        for (int i = 0; i < nsc * NS; i += 4) {
            h[0][map[i]]++;
            h[1][map[i + 1]]++;
            h[2][map[i + 2]]++;
            h[3][map[i + 3]]++;
        }
        int bad = 0;
        for (int v = 0; v < 256; v++) {
            int n = h[0][v] + h[1][v] + h[2][v] + h[3][v];
            if (v < LTE_RE_NCLASSES)
                got[v] = n;
            else
                bad += n;
        }
        assert_int_equal(bad, 0);
        expected_counts(c, sf, want);
        for (int k = 0; k < LTE_RE_NCLASSES; k++)
            if (got[k] != want[k])
                fail_msg("n_rb %d cp %d ports %d cfi %d %s cfg %d ssf %d ng %d dur %d cell %d "
                         "sf %d: %s %d, want %d",
                         c->n_rb, c->cp, c->n_ports, c->cfi, c->duplex ? "TDD" : "FDD",
                         c->tdd_config, c->ssf_config, c->ng, c->phich_dur, c->cell_id, sf,
                         lte_re_class_name(k), got[k], want[k]);
    }
    return 0;
}

static void test_counts_all_configs(void **state)
{
    (void)state;
    uint8_t *map = malloc(LTE_GRID_MAX_RE);
    assert_non_null(map);
    int ncfg = 0, cell = 0;
    for (int b = 0; b < 6; b++)
        for (int cp = 0; cp < 2; cp++)
            for (int pi = 0; pi < 3; pi++)
                for (int cfi = 1; cfi <= 3; cfi++) {
                    lte_cell_cfg c;
                    lte_cell_cfg_init(&c);
                    c.n_rb = nrbs[b];
                    c.cp = (lte_cp)cp;
                    c.n_ports = pi == 2 ? 4 : pi + 1;
                    c.cfi = cfi;
                    c.ng = LTE_NG_1;
                    /* walk the cell IDs so every v_shift and PCFICH offset shows up */
                    c.cell_id = (cell = (cell + 97) % 504);
                    c.duplex = LTE_FDD;
                    check_cfg(&c, map);
                    ncfg++;
                    c.duplex = LTE_TDD;
                    for (int t = 0; t < 7; t++)
                        for (int s = 0; s < (cp ? 8 : 10); s++) {
                            c.tdd_config = t;
                            c.ssf_config = s;
                            c.cell_id = (cell = (cell + 97) % 504);
                            check_cfg(&c, map);
                            ncfg++;
                        }
                }
    assert_int_equal(ncfg, 6 * 3 * 3 * (2 + 7 * 18));
    free(map);
}

/* Every N_g and PHICH duration (FDD and TDD, both CPs); configurations whose
 * PHICH does not fit are rejected and skipped. */
static void test_counts_phich_configs(void **state)
{
    (void)state;
    uint8_t *map = malloc(LTE_GRID_MAX_RE);
    assert_non_null(map);
    int ok = 0, rejected = 0;
    for (int b = 0; b < 6; b++)
        for (int cp = 0; cp < 2; cp++)
            for (int g = 0; g < 4; g++)
                for (int dur = 0; dur < 2; dur++)
                    for (int t = -1; t < 7; t++) {
                        lte_cell_cfg c;
                        lte_cell_cfg_init(&c);
                        c.n_rb = nrbs[b];
                        c.cp = (lte_cp)cp;
                        c.ng = (lte_phich_ng)g;
                        c.phich_dur = (lte_phich_dur)dur;
                        c.cfi = dur ? (nrbs[b] > 10 ? 3 : 2) : 1;
                        c.n_ports = 2 + 2 * (g % 2);
                        c.cell_id = 3 * b + 41 * g + 7 * t + 100;
                        c.duplex = t < 0 ? LTE_FDD : LTE_TDD;
                        c.tdd_config = t < 0 ? 0 : t;
                        c.ssf_config = 4;
                        if (lte_cell_validate(&c) != 0) {
                            assert_non_null(strstr(lte_errdetail(), "PHICH"));
                            rejected++;
                            continue;
                        }
                        check_cfg(&c, map);
                        ok++;
                    }
    /* only small bandwidths with large N_g can overflow */
    assert_true(rejected > 0 && rejected < ok / 10);
    free(map);
}

/* REG structure of the control region against §6.2.4 / §6.8.5. */
static void check_layout(const lte_cell_cfg *c, int sf, const lte_ctrl_layout *x,
                         const uint8_t *map)
{
    int R = c->n_rb, nsc = 12 * R, N = c->cp ? 6 : 7, L = x->n_symb;
    /* REGs per symbol: 2 per PRB in symbols with CRS positions, else 3 */
    int total = 0;
    for (int l = 0; l < L; l++) {
        int crs = l == 0 || l == N - 3 || (l == 1 && c->n_ports == 4);
        assert_int_equal(x->n_reg_symb[l], (crs ? 2 : 3) * R);
        total += x->n_reg_symb[l];
    }
    assert_int_equal(x->n_reg, total);
    /* per-symbol numbering: every REG once, from the lowest k' */
    int seen = 0;
    for (int l = 0; l < L; l++)
        for (int j = 0; j < x->n_reg_symb[l]; j++) {
            const lte_reg *r = &x->reg[x->symb_reg[l][j]];
            assert_int_equal(r->l, l);
            if (j)
                assert_true(r->k0 > x->reg[x->symb_reg[l][j - 1]].k0);
            seen++;
        }
    assert_int_equal(seen, x->n_reg);
    /* §6.8.5 order: k' outer, l' inner; REs inside the REG's PRB, increasing,
     * classified as the REG says */
    for (int i = 0; i < x->n_reg; i++) {
        const lte_reg *r = &x->reg[i];
        if (i > 0) {
            const lte_reg *q = &x->reg[i - 1];
            assert_true(q->k0 < r->k0 || (q->k0 == r->k0 && q->l < r->l));
        }
        assert_true(r->l < L);
        for (int j = 0; j < 4; j++) {
            assert_true(r->k[j] >= r->k0 && r->k[j] < r->k0 + 6);
            assert_true(r->k[j] / 12 == r->k0 / 12);
            if (j)
                assert_true(r->k[j] > r->k[j - 1]);
            assert_int_equal(map[LTE_GRID_IDX(nsc, r->l, r->k[j])], r->cls);
        }
    }
    /* PCFICH: §6.7.4 closed form for the four REG positions */
    int kbar = 6 * (c->cell_id % (2 * R));
    for (int i = 0; i < 4; i++) {
        const lte_reg *r = &x->reg[x->pcfich[i]];
        assert_int_equal(r->l, 0);
        assert_int_equal(r->k0, (kbar + (int)floor(i * R / 2.0) * 6) % nsc);
        assert_int_equal(r->cls, LTE_RE_PCFICH);
    }
    /* PHICH: 3 distinct REGs per unit, in the symbols of Table 6.9.3-1 */
    int used_per_symbol[4] = {0};
    for (int m = 0; m < x->n_phich_units; m++)
        for (int i = 0; i < 3; i++) {
            const lte_reg *r = &x->reg[x->phich[m][i]];
            assert_int_equal(r->cls, LTE_RE_PHICH);
            assert_true(r->l < x->phich_symb);
            used_per_symbol[r->l]++;
            for (int m2 = 0; m2 <= m; m2++)
                for (int i2 = 0; i2 < 3; i2++)
                    if (m2 != m || i2 != i)
                        assert_int_not_equal(x->phich[m][i], x->phich[m2][i2]);
        }
    /* §6.9.3 positions: REGs of symbol l' outside the PCFICH, numbered from
     * the lowest k' (REG starts every 6 or 4 subcarriers) */
    static int K[3][3 * LTE_MAX_RB];
    int n_l[3] = {0, 0, 0};
    for (int l = 0; l < 3 && l < L; l++) {
        int step = (l == 0 || l == N - 3 || (l == 1 && c->n_ports == 4)) ? 6 : 4;
        for (int k = 0; k < nsc; k += step) {
            int is_pcfich = 0;
            for (int i = 0; i < 4 && l == 0; i++)
                is_pcfich |= k == (kbar + (i * R / 2) * 6) % nsc;
            if (!is_pcfich)
                K[l][n_l[l]++] = k;
        }
    }
    int ext_sp = c->phich_dur == LTE_PHICH_EXTENDED && c->duplex == LTE_TDD &&
                 (sf == 1 || sf == 6);
    for (int m = 0; m < x->n_phich_units; m++)
        for (int i = 0; i < 3; i++) {
            int li = c->phich_dur == LTE_PHICH_NORMAL ? 0 : ext_sp ? (m / 2 + i + 1) % 2 : i;
            int nx = ext_sp ? n_l[1] : n_l[0];
            int nbar = (c->cell_id * n_l[li] / nx + m + (int)floor(i * n_l[li] / 3.0)) % n_l[li];
            const lte_reg *r = &x->reg[x->phich[m][i]];
            assert_int_equal(r->l, li);
            assert_int_equal(r->k0, K[li][nbar]);
        }
    if (c->phich_dur == LTE_PHICH_EXTENDED && x->phich_symb == 3)
        for (int l = 0; l < 3; l++) /* l'_i = i: one REG per unit per symbol */
            assert_int_equal(used_per_symbol[l], x->n_phich_units);
    if (c->phich_dur == LTE_PHICH_NORMAL)
        assert_int_equal(used_per_symbol[0], 3 * x->n_phich_units);
    /* PDCCH: the rest, in reg[] order */
    assert_int_equal(x->n_pdcch_reg, x->n_reg - 4 - 3 * x->n_phich_units);
    for (int i = 0; i < x->n_pdcch_reg; i++) {
        assert_int_equal(x->reg[x->pdcch[i]].cls, LTE_RE_PDCCH);
        if (i)
            assert_true(x->pdcch[i] > x->pdcch[i - 1]);
    }
    assert_int_equal(x->n_cce, x->n_pdcch_reg / 9);
}

static void test_reg_layout(void **state)
{
    (void)state;
    lte_ctrl_layout *x = malloc(sizeof *x);
    uint8_t *map = malloc(LTE_GRID_MAX_RE);
    assert_non_null(x);
    assert_non_null(map);
    for (int b = 0; b < 6; b++)
        for (int cp = 0; cp < 2; cp++)
            for (int pi = 0; pi < 3; pi++)
                for (int dur = 0; dur < 2; dur++)
                    for (int dup = 0; dup < 2; dup++) {
                        lte_cell_cfg c;
                        lte_cell_cfg_init(&c);
                        c.n_rb = nrbs[b];
                        c.cp = (lte_cp)cp;
                        c.n_ports = pi == 2 ? 4 : pi + 1;
                        c.phich_dur = (lte_phich_dur)dur;
                        c.cfi = 3;
                        c.ng = (lte_phich_ng)((b + pi) % 4);
                        c.cell_id = 61 * b + 17 * pi + 5 * cp + dup;
                        c.duplex = (lte_duplex)dup;
                        c.tdd_config = 6;
                        if (lte_cell_validate(&c) != 0)
                            continue;
                        for (int sf = 0; sf < 10; sf++) {
                            assert_int_equal(lte_ctrl_layout_build(&c, sf, x), 0);
                            assert_int_equal(lte_grid_classify(&c, sf, map), 0);
                            if (x->n_symb == 0)
                                assert_int_equal(x->n_reg, 0);
                            else
                                check_layout(&c, sf, x, map);
                        }
                    }
    free(x);
    free(map);
}

static void test_known_cce_counts(void **state)
{
    (void)state;
    /* 2 ports, CFI 3, N_g = 1: REGs 2N+3N+3N per PRB, PHICH 3*ceil(N/8):
     * 20 MHz: 800 - 4 - 39 = 757 -> 84 CCEs; 10 MHz: 400 - 4 - 21 = 375 -> 41;
     * 5 MHz: 200 - 4 - 12 = 184 -> 20. */
    static const int rb[3] = {100, 50, 25}, cce[3] = {84, 41, 20};
    lte_ctrl_layout *x = malloc(sizeof *x);
    assert_non_null(x);
    for (int i = 0; i < 3; i++) {
        lte_cell_cfg c;
        lte_cell_cfg_init(&c);
        c.n_rb = rb[i];
        c.n_ports = 2;
        c.cfi = 3;
        assert_int_equal(lte_ctrl_layout_build(&c, 1, x), 0);
        assert_int_equal(x->n_cce, cce[i]);
    }
    /* PCFICH example (MATLAB docs): 50 RB, cell 0 -> k' = 0, 150, 300, 450 */
    lte_cell_cfg c;
    lte_cell_cfg_init(&c);
    assert_int_equal(lte_ctrl_layout_build(&c, 0, x), 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(x->reg[x->pcfich[i]].k0, 150 * i);
    free(x);
}

static void test_grid_object(void **state)
{
    (void)state;
    lte_cell_cfg c;
    lte_cell_cfg_init(&c);
    c.n_rb = 15;
    c.n_ports = 4;
    c.cell_id = 301;
    lte_grid *g = NULL;
    assert_int_equal(lte_grid_create(&c, &g), 0);
    uint8_t *map = malloc(LTE_GRID_MAX_RE);
    assert_non_null(map);
    for (int sf = 0; sf < 10; sf++) {
        assert_int_equal(lte_grid_set_subframe(g, sf), 0);
        assert_int_equal(lte_grid_classify(&c, sf, map), 0);
        assert_memory_equal(g->map, map, (size_t)g->n_re);
        int want[LTE_RE_NCLASSES];
        expected_counts(&c, sf, want);
        assert_memory_equal(g->count, want, sizeof want);
        assert_int_equal(lte_grid_put_signals(g, 1.0f, 2.0f), 0);
        /* non-zero REs: CRS of each port on its port only, PSS/SSS on port 0 */
        for (int p = 0; p < 4; p++) {
            int ncrs = 0;
            for (int i = 0; i < g->n_re; i++) {
                float complex v = g->port[p][i];
                if (v == 0)
                    continue;
                if (g->map[i] == LTE_RE_CRS) {
                    assert_true(fabsf(cabsf(v) - 1.0f) < 1e-6f);
                    ncrs++;
                } else {
                    assert_int_equal(p, 0);
                    assert_true(g->map[i] == LTE_RE_PSS || g->map[i] == LTE_RE_SSS);
                    assert_true(fabsf(cabsf(v) - 2.0f) < 1e-5f);
                }
            }
            /* FDD: ports 0/1 have CRS in 4 symbols, ports 2/3 in 2 (§6.10.1.2) */
            assert_int_equal(ncrs, 2 * c.n_rb * (p < 2 ? 4 : 2));
        }
    }
    assert_int_equal(lte_grid_set_subframe(g, 10), LTE_EINVAL);
    lte_grid_destroy(g);
    lte_grid_destroy(NULL);
    c.n_ports = 3;
    assert_int_equal(lte_grid_create(&c, &g), LTE_EINVAL);
    assert_null(g);
    free(map);
}

static void test_re_list(void **state)
{
    (void)state;
    for (int cp = 0; cp < 2; cp++) {
        lte_cell_cfg c;
        lte_cell_cfg_init(&c);
        c.n_rb = 25;
        c.cp = (lte_cp)cp;
        c.n_ports = 2;
        c.cell_id = 13;
        int N = cp ? 6 : 7, nsc = 300;
        uint8_t *map = malloc(LTE_GRID_MAX_RE);
        uint32_t *idx = malloc(LTE_GRID_MAX_RE * sizeof *idx);
        assert_non_null(map);
        assert_non_null(idx);
        assert_int_equal(lte_grid_classify(&c, 0, map), 0);
        /* PBCH: 240 / 216 REs, k first then l, inside the central 72 */
        int n = lte_grid_re_list(&c, map, LTE_RE_PBCH, N, N + 4, NULL, NULL, 0);
        assert_int_equal(n, cp ? 216 : 240);
        assert_int_equal(lte_grid_re_list(&c, map, LTE_RE_PBCH, N, N + 4, NULL, idx, n), n);
        for (int i = 0; i < n; i++) {
            int l = (int)idx[i] / nsc, k = (int)idx[i] % nsc;
            assert_true(l >= N && l < N + 4 && k >= 150 - 36 && k < 150 + 36);
            if (i)
                assert_true(idx[i] > idx[i - 1]);
        }
        /* PDSCH of PRBs 3 and 24 only: 2 PRBs x (symbols x 12 - CRS) */
        uint8_t mask[25] = {0};
        mask[3] = mask[24] = 1;
        n = lte_grid_re_list(&c, map, LTE_RE_PDSCH, 0, 2 * N, mask, idx, LTE_GRID_MAX_RE);
        int ctrl = 2; /* CFI 2, N_RB > 10 */
        int crs_sym = 0; /* 2 ports: 4 CRS REs per PRB in each CRS symbol after the control */
        for (int l = ctrl; l < 2 * N; l++)
            crs_sym += (l % N == 0 || l % N == N - 3);
        assert_int_equal(n, 2 * (12 * (2 * N - ctrl) - 4 * crs_sym));
        for (int i = 0; i < n; i++) {
            int prb = (int)idx[i] % nsc / 12;
            assert_true(prb == 3 || prb == 24);
        }
        assert_int_equal(lte_grid_re_list(&c, map, 99, 0, 1, NULL, NULL, 0), LTE_EINVAL);
        assert_int_equal(lte_grid_re_list(&c, map, 1, 0, 2 * N + 1, NULL, NULL, 0), LTE_EINVAL);
        assert_int_equal(lte_grid_re_list(&c, map, 1, 0, 1, NULL, NULL, 5), LTE_EINVAL);
        free(map);
        free(idx);
    }
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_cell_cfg c;
    lte_cell_cfg_init(&c);
    uint8_t map[16];
    int counts[LTE_RE_NCLASSES];
    assert_int_equal(lte_grid_classify(&c, 10, map), LTE_EINVAL);
    assert_int_equal(lte_grid_classify(&c, 0, NULL), LTE_EINVAL);
    assert_int_equal(lte_grid_classify(NULL, 0, map), LTE_EINVAL);
    assert_int_equal(lte_grid_re_counts(&c, -1, counts), LTE_EINVAL);
    c.cfi = 9;
    assert_int_equal(lte_grid_re_counts(&c, 0, counts), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "cfi"));
    assert_string_equal(lte_re_class_name(LTE_RE_PDSCH), "PDSCH");
    assert_string_equal(lte_re_class_name(99), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_all_configs), cmocka_unit_test(test_counts_phich_configs),
        cmocka_unit_test(test_reg_layout),         cmocka_unit_test(test_known_cce_counts),
        cmocka_unit_test(test_grid_object),        cmocka_unit_test(test_re_list),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
