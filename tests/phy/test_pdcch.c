/* Tests of the PDCCH (36.211 §6.8) and its search spaces (36.213 §9.1.1):
 * the quadruplet permutation against a matrix model written here (Table
 * 5.1.4-2 typed in and checked as the bit reversal of j, xor 1), the
 * candidate CCEs against the 36.213 formula, a single-port transmit model
 * of the whole control region, and blind decoding of several DCIs for
 * different RNTIs at different aggregation levels, with no DCI found for an
 * absent RNTI.
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
static const int perm_tab[32] = {1, 17, 9,  25, 5, 21, 13, 29, 3, 19, 11, 27, 7, 23, 15, 31,
                                 0, 16, 8,  24, 4, 20, 12, 28, 2, 18, 10, 26, 6, 22, 14, 30};

/* The permutation built as the spec describes it: a matrix of R x 32 with
 * <NULL>s (-1) first, columns permuted, read out column by column, <NULL>s
 * dropped, then the cyclic shift by N_ID^cell. */
static void model_perm(int M, int id, int *out)
{
    int R = (M + 31) / 32, nd = 32 * R - M;
    int *mat = malloc(sizeof(int) * 32 * (size_t)R), *seq = malloc(sizeof(int) * (size_t)M);
    for (int r = 0; r < R; r++)
        for (int col = 0; col < 32; col++) {
            int k = r * 32 + col;
            mat[r * 32 + col] = k < nd ? -1 : k - nd;
        }
    int t = 0;
    for (int col = 0; col < 32; col++)
        for (int r = 0; r < R; r++) {
            int v = mat[r * 32 + perm_tab[col]];
            if (v >= 0)
                seq[t++] = v;
        }
    assert_int_equal(t, M);
    for (int i = 0; i < M; i++)
        out[i] = seq[(i + id) % M];
    free(mat);
    free(seq);
}

static void test_quad_perm(void **state)
{
    (void)state;
    for (int j = 0; j < 32; j++) {
        int rev = 0;
        for (int b = 0; b < 5; b++)
            rev |= ((j >> b) & 1) << (4 - b);
        assert_int_equal(perm_tab[j], rev ^ 1);
    }
    int got[LTE_CTRL_MAX_REG], want[LTE_CTRL_MAX_REG];
    const int Ms[] = {1, 5, 31, 32, 33, 63, 64, 100, 207, 500, 847, 1024};
    for (size_t a = 0; a < sizeof(Ms) / sizeof(Ms[0]); a++)
        for (int id = 0; id < 504; id += 53) {
            assert_int_equal(lte_pdcch_quad_perm(Ms[a], id, got), 0);
            model_perm(Ms[a], id, want);
            assert_memory_equal(got, want, sizeof(int) * (size_t)Ms[a]);
        }
    assert_int_equal(lte_pdcch_quad_perm(0, 0, got), LTE_EINVAL);
    assert_int_equal(lte_pdcch_quad_perm(10, 504, got), LTE_EINVAL);
}

static void test_search_space(void **state)
{
    (void)state;
    /* Table 9.1.1-1 */
    assert_int_equal(lte_pdcch_n_candidates(0, 1), 6);
    assert_int_equal(lte_pdcch_n_candidates(0, 2), 6);
    assert_int_equal(lte_pdcch_n_candidates(0, 4), 2);
    assert_int_equal(lte_pdcch_n_candidates(0, 8), 2);
    assert_int_equal(lte_pdcch_n_candidates(1, 4), 4);
    assert_int_equal(lte_pdcch_n_candidates(1, 8), 2);
    assert_int_equal(lte_pdcch_n_candidates(1, 1), 0);
    assert_int_equal(lte_pdcch_n_candidates(0, 3), LTE_EINVAL);
    tu_rng r;
    tu_rng_seed(&r, 4);
    const int ncces[] = {2, 5, 10, 21, 43, 84, 87};
    for (int t = 0; t < 300; t++) {
        uint16_t rnti = (uint16_t)(1 + tu_rand(&r) % 65535);
        int sf = (int)(tu_rand(&r) % 10), ncce = ncces[t % 7];
        /* Y_k by the recursion, from Y_-1 = n_RNTI, k = floor(n_s/2) = sf */
        long long y = rnti;
        for (int k = 0; k <= sf; k++)
            y = (39827LL * y) % 65537LL;
        uint32_t yk;
        assert_int_equal(lte_pdcch_yk(rnti, sf, &yk), 0);
        assert_int_equal((long long)yk, y);
        for (int common = 0; common < 2; common++)
            for (int L = 1; L <= 8; L *= 2) {
                int M = common ? (L == 4 ? 4 : L == 8 ? 2 : 0) : (L <= 2 ? 6 : 2);
                int n = common ? (ncce < 16 ? ncce : 16) : ncce;
                long long Y = common ? 0 : y;
                int first[8];
                int got = lte_pdcch_candidates(ncce, common, L, rnti, sf, first);
                if (M == 0 || n / L == 0) {
                    assert_int_equal(got, 0);
                    continue;
                }
                assert_int_equal(got, M);
                for (int m = 0; m < M; m++)
                    assert_int_equal(first[m], (int)(L * ((Y + m) % (n / L))));
            }
    }
    /* 36.213 §9.1.1 worked check: Y_0 for n_RNTI = 1 is 39827 */
    uint32_t y0;
    assert_int_equal(lte_pdcch_yk(1, 0, &y0), 0);
    assert_int_equal(y0, 39827u);
    assert_int_equal(lte_pdcch_yk(0, 0, &y0), LTE_EINVAL);
}

static lte_cell_cfg cell_of(int n_rb, int ports, int cell_id, int cfi)
{
    lte_cell_cfg c;
    lte_cell_cfg_init(&c);
    c.n_rb = n_rb;
    c.n_ports = ports;
    c.cell_id = cell_id;
    c.cfi = cfi;
    return c;
}

/* Whole control-region model for one port: DCI codewords at 72 n_CCE, <NIL>
 * elsewhere, one Gold sequence c_init = floor(n_s/2) 2^9 + N_ID over
 * 8 N_REG bits, QPSK, the model permutation, REG list of the layout. */
static void test_tx_model(void **state)
{
    (void)state;
    lte_cell_cfg c = cell_of(50, 1, 389, 3);
    lte_grid *g;
    assert_int_equal(lte_grid_create(&c, &g), 0);
    int sf = 7;
    assert_int_equal(lte_grid_set_subframe(g, sf), 0);
    uint8_t p1[27], p2[42];
    for (int i = 0; i < 27; i++)
        p1[i] = (uint8_t)(i % 3 == 0);
    for (int i = 0; i < 42; i++)
        p2[i] = (uint8_t)(i % 5 < 2);
    const lte_pdcch_dci dci[2] = {{p1, 27, 0x4321, 2, 6}, {p2, 42, 0xFFFF, 8, 16}};
    assert_int_equal(lte_pdcch_map(g, dci, 2, 1.0f), 0);
    const lte_ctrl_layout *L = g->ctrl;
    int nreg = L->n_pdcch_reg, mtot = 8 * nreg;
    uint8_t *bits = calloc((size_t)mtot, 1), *nil = malloc((size_t)mtot), *cs = malloc((size_t)mtot);
    memset(nil, 1, (size_t)mtot);
    for (int a = 0; a < 2; a++) {
        int E = 72 * dci[a].L;
        assert_int_equal(lte_dci_encode(dci[a].payload, dci[a].n_bits, dci[a].rnti, -1, E,
                                        bits + 72 * dci[a].cce), 0);
        memset(nil + 72 * dci[a].cce, 0, (size_t)E);
    }
    assert_int_equal(lte_gold_bits((uint32_t)sf * 512u + 389u, mtot, cs), 0);
    int *perm = malloc(sizeof(int) * (size_t)nreg);
    model_perm(nreg, 389, perm);
    for (int j = 0; j < nreg; j++) {
        const lte_reg *reg = &L->reg[L->pdcch[j]];
        for (int s = 0; s < 4; s++) {
            int q = 4 * perm[j] + s; /* symbol index in the block */
            float complex want = 0;
            if (!nil[2 * q]) {
                int b0 = bits[2 * q] ^ cs[2 * q], b1 = bits[2 * q + 1] ^ cs[2 * q + 1];
                want = (float)M_SQRT1_2 * ((1 - 2 * b0) + I * (1 - 2 * b1));
            }
            float complex got = g->port[0][reg->l * g->n_sc + reg->k[s]];
            assert_true(cabsf(got - want) < 1e-6f);
        }
    }
    free(bits);
    free(nil);
    free(cs);
    free(perm);
    lte_grid_destroy(g);
}

typedef struct sent {
    uint8_t payload[64];
    int n_bits;
    uint16_t rnti;
    int L, cce;
} sent;

static int place(uint8_t *used, int ncce, const int *first, int nc, int L)
{
    for (int m = 0; m < nc; m++) {
        int ok = first[m] + L <= ncce;
        for (int k = first[m]; ok && k < first[m] + L; k++)
            ok = !used[k];
        if (ok) {
            memset(used + first[m], 1, (size_t)L);
            return first[m];
        }
    }
    return -1;
}

static void blind_case(int n_rb, int ports, int cfi, lte_cp cp, int random, tu_rng *r,
                       int *total)
{
    lte_cell_cfg c = cell_of(n_rb, ports, (int)(tu_rand(r) % 504), cfi);
    c.cp = cp;
    if (lte_cell_validate(&c) < 0)
        return;
    lte_grid *g;
    lte_dlrx *rx;
    assert_int_equal(lte_grid_create(&c, &g), 0);
    assert_int_equal(lte_dlrx_create(&c, 4, &rx), 0);
    int sf = (int)(tu_rand(r) % 10);
    assert_int_equal(lte_grid_set_subframe(g, sf), 0);
    int ncce = g->ctrl->n_cce;
    const int sizes[2] = {27, 43};
    sent s[8];
    lte_pdcch_dci d[8];
    uint8_t used[128] = {0};
    int n = 0;
    /* a common-space DCI (SI-RNTI) when the region allows */
    int first[8], nc;
    nc = lte_pdcch_candidates(ncce, 1, 4, 0xFFFF, sf, first);
    if (nc > 0 && (s[n].cce = place(used, ncce, first, nc, 4)) >= 0) {
        s[n].rnti = 0xFFFF;
        s[n].L = 4;
        n++;
    }
    static const int levels[4] = {1, 2, 4, 8};
    for (int u = 0; u < 6 && n < 8; u++) {
        uint16_t rnti = (uint16_t)(0x100 + u * 977 + tu_rand(r) % 500);
        int L = levels[(u + (int)(tu_rand(r) % 4)) % 4];
        nc = lte_pdcch_candidates(ncce, 0, L, rnti, sf, first);
        if (nc <= 0 || (s[n].cce = place(used, ncce, first, nc, L)) < 0)
            continue;
        s[n].rnti = rnti;
        s[n].L = L;
        n++;
    }
    for (int a = 0; a < n; a++) {
        s[a].n_bits = sizes[(a + (int)(tu_rand(r) % 2)) % 2];
        tu_random_bits(r, s[a].payload, s[a].n_bits);
        d[a] = (lte_pdcch_dci){s[a].payload, s[a].n_bits, s[a].rnti, s[a].L, s[a].cce};
    }
    assert_int_equal(lte_pdcch_map(g, d, n, 1.0f), 0);
    tchan ch;
    tchan_init(&ch, g->n_re, random ? 2 : ports, ports);
    tchan_apply(&ch, g, random, 0.02f, LTE_EQ_MMSE, r);
    for (int a = 0; a < n; a++) {
        lte_dci_found f[4];
        int nf = -1;
        assert_int_equal(lte_pdcch_search(rx, g, &ch.in, s[a].rnti, sizes, 2, f, 4, &nf), 0);
        if (nf != 1)
            print_error("n_rb %d ports %d cfi %d: rnti %x L %d cce %d: %d found\n", n_rb, ports,
                        cfi, s[a].rnti, s[a].L, s[a].cce, nf);
        assert_int_equal(nf, 1);
        assert_int_equal(f[0].n_bits, s[a].n_bits);
        assert_memory_equal(f[0].payload, s[a].payload, (size_t)s[a].n_bits);
        assert_int_equal(f[0].rnti, s[a].rnti);
        /* a DCI also decodes on the first half of a larger candidate
         * (prefix of its circular buffer) or vice versa: the CCE ranges overlap */
        assert_true(f[0].cce < s[a].cce + s[a].L && s[a].cce < f[0].cce + f[0].L);
        if (f[0].L == s[a].L)
            assert_int_equal(f[0].cce, s[a].cce);
        (*total)++;
    }
    /* an RNTI that was not sent is not found */
    lte_dci_found f[4];
    int nf = -1;
    assert_int_equal(lte_pdcch_search(rx, g, &ch.in, 0x7777, sizes, 2, f, 4, &nf), 0);
    assert_int_equal(nf, 0);
    /* all RNTIs (and the unsent one) in one search with shared decodes:
     * each sent DCI once, in the order of the RNTI list, as sent */
    uint16_t rl[9];
    for (int a = 0; a < n; a++)
        rl[a] = s[a].rnti;
    rl[n] = 0x7777;
    lte_dci_found fm[16];
    assert_int_equal(lte_pdcch_search_multi(rx, g, &ch.in, rl, n + 1, sizes, 2, sizes, 2, fm, 16,
                                            &nf), 0);
    assert_int_equal(nf, n);
    for (int a = 0; a < n; a++) {
        assert_int_equal(fm[a].rnti, s[a].rnti);
        assert_int_equal(fm[a].n_bits, s[a].n_bits);
        assert_memory_equal(fm[a].payload, s[a].payload, (size_t)s[a].n_bits);
        assert_true(fm[a].cce < s[a].cce + s[a].L && s[a].cce < fm[a].cce + fm[a].L);
    }
    tchan_free(&ch);
    lte_dlrx_destroy(rx);
    lte_grid_destroy(g);
}

/* 36.213 §9.1.1: SI-, P- and RA-RNTI PDCCHs are in the common search space
 * only. A SI-RNTI DCI sent at a UE-specific candidate of 0xFFFF outside the
 * common CCEs 0..15 is found by lte_pdcch_search (which searches the
 * UE-specific space of any RNTI it is given) but not by
 * lte_pdcch_search_multi; a C-RNTI DCI sent there is found by both. */
static void test_search_multi_spaces(void **state)
{
    (void)state;
    lte_cell_cfg c = cell_of(100, 1, 10, 3);
    lte_grid *g;
    lte_dlrx *rx;
    assert_int_equal(lte_grid_create(&c, &g), 0);
    assert_int_equal(lte_dlrx_create(&c, 1, &rx), 0);
    tu_rng r;
    tu_rng_seed(&r, 3);
    const int sizes[1] = {31};
    int found_case = 0;
    for (int sf = 0; sf < 10 && !found_case; sf++) {
        assert_int_equal(lte_grid_set_subframe(g, sf), 0);
        int first[8], nc = lte_pdcch_candidates(g->ctrl->n_cce, 0, 4, 0xFFFF, sf, first);
        for (int m = 0; m < nc && !found_case; m++) {
            if (first[m] < 16)
                continue;
            found_case = 1;
            for (int k = 0; k < 2; k++) {
                uint16_t rnti = k ? 0x1234 : 0xFFFF;
                int cce = first[m];
                if (k) { /* a UE-specific candidate of the C-RNTI beyond CCE 15 */
                    int f2[8], n2 = lte_pdcch_candidates(g->ctrl->n_cce, 0, 4, rnti, sf, f2);
                    cce = -1;
                    for (int q = 0; q < n2; q++)
                        if (f2[q] >= 16)
                            cce = f2[q];
                    if (cce < 0)
                        continue;
                }
                uint8_t bits[31];
                tu_random_bits(&r, bits, 31);
                lte_pdcch_dci d = {bits, 31, rnti, 4, cce};
                assert_int_equal(lte_pdcch_map(g, &d, 1, 1.0f), 0);
                tchan ch;
                tchan_init(&ch, g->n_re, 1, 1);
                tchan_apply(&ch, g, 0, 0.0f, LTE_EQ_MMSE, &r);
                lte_dci_found f[4];
                int nf = -1;
                assert_int_equal(lte_pdcch_search(rx, g, &ch.in, rnti, sizes, 1, f, 4, &nf), 0);
                assert_int_equal(nf, 1);
                assert_int_equal(f[0].common, 0);
                assert_memory_equal(f[0].payload, bits, 31);
                uint16_t rl[2] = {0xFFFF, 0x1234};
                assert_int_equal(lte_pdcch_search_multi(rx, g, &ch.in, rl, 2, sizes, 1, sizes, 1,
                                                        f, 4, &nf), 0);
                assert_int_equal(nf, k ? 1 : 0);
                if (k)
                    assert_memory_equal(f[0].payload, bits, 31);
                tchan_free(&ch);
            }
        }
    }
    assert_true(found_case);
    lte_dlrx_destroy(rx);
    lte_grid_destroy(g);
}

static void test_blind_search(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 12);
    static const int nrbs[6] = {6, 15, 25, 50, 75, 100};
    int total = 0;
    for (int b = 0; b < 6; b++)
        for (int pi = 0; pi < 3; pi++)
            for (int cfi = 1; cfi <= 3; cfi++)
                blind_case(nrbs[b], 1 << pi, cfi, (b + cfi) % 4 == 0 ? LTE_CP_EXTENDED : LTE_CP_NORMAL,
                           (b + pi + cfi) % 2, &r, &total);
    assert_true(total >= 150);
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_cell_cfg c = cell_of(6, 1, 0, 1);
    lte_grid *g;
    assert_int_equal(lte_grid_create(&c, &g), 0);
    assert_int_equal(lte_grid_set_subframe(g, 0), 0);
    int ncce = g->ctrl->n_cce;
    uint8_t p[30] = {0};
    lte_pdcch_dci d[2] = {{p, 30, 1, 1, 0}, {p, 30, 2, 1, 0}};
    assert_int_equal(lte_pdcch_map(g, d, 2, 1), LTE_EINVAL); /* same CCE */
    d[0].L = 2;
    d[0].cce = 1; /* not a multiple of L */
    assert_int_equal(lte_pdcch_map(g, d, 1, 1), LTE_EINVAL);
    d[0].L = 8;
    d[0].cce = 0;
    if (ncce < 8)
        assert_int_equal(lte_pdcch_map(g, d, 1, 1), LTE_EINVAL);
    d[0] = (lte_pdcch_dci){p, 0, 1, 1, 0};
    assert_int_equal(lte_pdcch_map(g, d, 1, 1), LTE_EINVAL);
    d[0] = (lte_pdcch_dci){NULL, 30, 1, 1, 0};
    assert_int_equal(lte_pdcch_map(g, d, 1, 1), LTE_EINVAL);
    d[0] = (lte_pdcch_dci){p, 30, 1, 3, 0};
    assert_int_equal(lte_pdcch_map(g, d, 1, 1), LTE_EINVAL);
    int first[8];
    assert_int_equal(lte_pdcch_candidates(10, 0, 1, 0, 0, first), LTE_EINVAL);
    assert_int_equal(lte_pdcch_candidates(10, 0, 1, 5, 10, first), LTE_EINVAL);
    lte_dlrx *rx;
    assert_int_equal(lte_dlrx_create(&c, 1, &rx), 0);
    tchan ch;
    tchan_init(&ch, g->n_re, 1, 1);
    ch.in.n0 = 0.1f;
    lte_dci_found f[1];
    int nf;
    const int sizes[1] = {300};
    assert_int_equal(lte_pdcch_search(rx, g, &ch.in, 5, sizes, 1, f, 1, &nf), LTE_EINVAL);
    assert_int_equal(lte_pdcch_search(rx, g, &ch.in, 5, sizes, 0, f, 1, &nf), LTE_EINVAL);
    uint16_t rl[2] = {5, 0};
    int many[17] = {0};
    for (int k = 0; k < 17; k++)
        many[k] = 10 + k;
    assert_int_equal(lte_pdcch_search_multi(rx, g, &ch.in, rl, 0, sizes, 1, sizes, 1, f, 1, &nf),
                     LTE_EINVAL); /* no RNTI */
    assert_int_equal(lte_pdcch_search_multi(rx, g, &ch.in, rl, 2, sizes, 1, sizes, 1, f, 1, &nf),
                     LTE_EINVAL); /* RNTI 0 */
    assert_int_equal(lte_pdcch_search_multi(rx, g, &ch.in, rl, 1, NULL, 0, NULL, 0, f, 1, &nf),
                     LTE_EINVAL); /* no size */
    assert_int_equal(lte_pdcch_search_multi(rx, g, &ch.in, rl, 1, many, 17, sizes, 1, f, 1, &nf),
                     LTE_EINVAL); /* too many sizes */
    tchan_free(&ch);
    lte_dlrx_destroy(rx);
    lte_grid_destroy(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quad_perm),    cmocka_unit_test(test_search_space),
        cmocka_unit_test(test_tx_model),     cmocka_unit_test(test_blind_search),
        cmocka_unit_test(test_search_multi_spaces), cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
