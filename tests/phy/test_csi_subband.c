/* Tests of the subband CQI reports (ltephy/csi.h "Subband CQI", 36.213
 * §7.2.1, aperiodic modes 2-0 / 2-2 and 3-0 / 3-1):
 *  - Tables 7.2.1-3 and 7.2.1-5 typed in here, row by row, against
 *    lte_csi_subband_size / lte_csi_ue_subbands for every N_RB 6..110; the
 *    subbands tile 0..N_RB-1 exactly once, the last one smaller exactly when
 *    k does not divide N_RB, N <= LTE_CSI_MAX_SUBBANDS, M <= N;
 *  - the differential values: Tables 7.2.1-2 and 7.2.1-4 typed in as offset
 *    intervals, every (subband CQI, wideband CQI) pair, and the eNodeB-side
 *    ranges against a brute force over the 16 CQIs;
 *  - the combinatorial index r: for every N_RB the (N, M) of Table 7.2.1-5,
 *    all M-subsets enumerated in lexicographic order here; r equals the
 *    §7.2.1 sum evaluated with a Pascal-triangle binomial, r = C(N, M) - 1 -
 *    (lexicographic rank) (so r is a bijection onto 0..C(N, M) - 1), the
 *    decoder returns the subset, L = the smallest L with 2^L >= C(N, M);
 *    hand-computed values;
 *  - flat channels (every scheme, 2 codewords too, every row of the tables):
 *    each subband CQI equals the wideband CQI (offset 0, value 0), the M
 *    subbands are the first M (ties to the lower index; a smaller last
 *    subband carries less), the CQI over them is the wideband one;
 *  - a two-level channel (strong PRBs exactly on M UE subbands, weak
 *    elsewhere; SNRs half way between thresholds): the subband CQIs are the
 *    flat-channel CQIs at the two SNRs read off lte_cqi_threshold_db, mixed
 *    subbands lie between, the M strong subbands are selected;
 *  - a two-tap channel |1 + a e^{-j(2 pi f / N_RB + theta)}| per PRB with a
 *    notch at a PRB computed here, two spatial signatures in two parts of the
 *    band for TM4 (ranks 1 and 2, 2 and 4 ports): every subband CQI of every
 *    codeword, the M subbands, the mode 2-2 codebook entry and PMI, the CQI
 *    over the M subbands against a model written here (per-PRB SINRs from
 *    the stored channel, MMSE in the n_rx form, MIESM through the separately
 *    tested MI tables, the selection criterion by brute force over the
 *    codebook and a sort); for port 0 / TxD the notch subband is never
 *    selected and is no better than any full-size subband;
 *  - partial measurement (unmeasured subbands -1), argument errors; the
 *    wideband report is unchanged by asking for subband CQIs.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/csi.h"
#include "ltephy/error.h"
#include "ltephy/layers.h"
#include "tests/common/testutil.h"

typedef double complex cd;

#define MINI2(a, b) ((a) < (b) ? (a) : (b))

static lte_csi_mi mi_tab;

/* ---- tables typed in from 36.213 ------------------------------------------ */

/* Table 7.2.1-3: system bandwidth N_RB^DL -> subband size k (0: NA) */
static const struct {
    int lo, hi, k;
} t_hl[] = {{6, 7, 0}, {8, 10, 4}, {11, 26, 4}, {27, 63, 6}, {64, 110, 8}};

/* Table 7.2.1-5: N_RB^DL -> subband size k, number of subbands M (0: NA) */
static const struct {
    int lo, hi, k, m;
} t_ue[] = {{6, 7, 0, 0}, {8, 10, 2, 1}, {11, 26, 2, 3}, {27, 63, 3, 5}, {64, 110, 4, 6}};

/* Table 7.2.1-2: subband differential CQI value -> offset level interval */
#define INF 100
static const int t_diff_hl[4][2] = {{0, 0}, {1, 1}, {2, INF}, {-INF, -1}};
/* Table 7.2.1-4: differential CQI value -> offset level interval */
static const int t_diff_ue[4][2] = {{-INF, 1}, {2, 2}, {3, 3}, {4, INF}};

static int hl_k_of(int n_rb)
{
    for (size_t i = 0; i < sizeof t_hl / sizeof t_hl[0]; i++)
        if (n_rb >= t_hl[i].lo && n_rb <= t_hl[i].hi)
            return t_hl[i].k;
    return -1;
}

static void ue_km_of(int n_rb, int *k, int *m)
{
    *k = *m = -1;
    for (size_t i = 0; i < sizeof t_ue / sizeof t_ue[0]; i++)
        if (n_rb >= t_ue[i].lo && n_rb <= t_ue[i].hi) {
            *k = t_ue[i].k;
            *m = t_ue[i].m;
        }
}

static int diff_of(const int (*t)[2], int off)
{
    int v = -1;
    for (int d = 0; d < 4; d++)
        if (off >= t[d][0] && off <= t[d][1]) {
            assert_int_equal(v, -1); /* the rows do not overlap */
            v = d;
        }
    assert_true(v >= 0); /* and cover every offset */
    return v;
}

static void check_tiling(int n_rb, int k)
{
    int n = (n_rb + k - 1) / k, cover[110] = {0};
    assert_true(n <= LTE_CSI_MAX_SUBBANDS);
    for (int j = 0; j < n; j++) {
        int first = j * k, size = j < n - 1 ? k : n_rb - k * (n - 1);
        assert_true(size >= 1 && size <= k);
        if (j == n - 1)
            assert_int_equal(size < k, n_rb % k != 0);
        for (int p = first; p < first + size; p++)
            cover[p]++;
    }
    for (int p = 0; p < n_rb; p++)
        assert_int_equal(cover[p], 1);
}

static void test_tables(void **state)
{
    (void)state;
    for (int n_rb = 6; n_rb <= 110; n_rb++) {
        int k = hl_k_of(n_rb), ku, mu, k2, m2;
        assert_int_equal(lte_csi_subband_size(n_rb), k);
        ue_km_of(n_rb, &ku, &mu);
        assert_int_equal(lte_csi_ue_subbands(n_rb, &k2, &m2), 0);
        assert_int_equal(k2, ku);
        assert_int_equal(m2, mu);
        if (k)
            check_tiling(n_rb, k);
        if (ku) {
            check_tiling(n_rb, ku);
            assert_true(mu >= 1 && mu <= LTE_CSI_UE_MAX_M && mu <= (n_rb + ku - 1) / ku);
        }
    }
    int k, m;
    assert_int_equal(lte_csi_ue_subbands(5, &k, &m), LTE_EINVAL);
    assert_int_equal(lte_csi_ue_subbands(111, &k, &m), LTE_EINVAL);
    assert_int_equal(lte_csi_ue_subbands(50, NULL, &m), LTE_EINVAL);
}

static void test_diff(void **state)
{
    (void)state;
    for (int wb = 0; wb <= 15; wb++) {
        for (int sb = 0; sb <= 15; sb++) {
            assert_int_equal(lte_cqi_hl_diff(sb, wb), diff_of(t_diff_hl, sb - wb));
            assert_int_equal(lte_cqi_ue_diff(sb, wb), diff_of(t_diff_ue, sb - wb));
        }
        for (int d = 0; d < 4; d++)
            for (int t = 0; t < 2; t++) {
                const int(*tab)[2] = t ? t_diff_ue : t_diff_hl;
                int lo = 99, hi = -99;
                for (int sb = 0; sb <= 15; sb++)
                    if (sb - wb >= tab[d][0] && sb - wb <= tab[d][1]) {
                        lo = sb < lo ? sb : lo;
                        hi = sb > hi ? sb : hi;
                    }
                int a = -5, b = -5;
                int rc = t ? lte_cqi_ue_diff_range(wb, d, &a, &b)
                           : lte_cqi_hl_diff_range(wb, d, &a, &b);
                if (lo > hi) {
                    assert_int_equal(rc, LTE_EINVAL);
                } else {
                    assert_int_equal(rc, 0);
                    assert_int_equal(a, lo);
                    assert_int_equal(b, hi);
                    /* round trip: every CQI of the range maps back to d */
                    for (int sb = a; sb <= b; sb++)
                        assert_int_equal(t ? lte_cqi_ue_diff(sb, wb) : lte_cqi_hl_diff(sb, wb), d);
                }
            }
    }
    /* rows by hand: HL wb 7: sb 9 -> 2, sb 6 -> 3, sb 3 -> 3, sb 8 -> 1; UE wb 7:
     * 8 -> 0, 9 -> 1, 10 -> 2, 15 -> 3, 2 -> 0 */
    assert_int_equal(lte_cqi_hl_diff(9, 7), 2);
    assert_int_equal(lte_cqi_hl_diff(6, 7), 3);
    assert_int_equal(lte_cqi_hl_diff(3, 7), 3);
    assert_int_equal(lte_cqi_hl_diff(8, 7), 1);
    assert_int_equal(lte_cqi_ue_diff(8, 7), 0);
    assert_int_equal(lte_cqi_ue_diff(9, 7), 1);
    assert_int_equal(lte_cqi_ue_diff(10, 7), 2);
    assert_int_equal(lte_cqi_ue_diff(15, 7), 3);
    assert_int_equal(lte_cqi_ue_diff(2, 7), 0);
    int lo, hi;
    assert_int_equal(lte_cqi_hl_diff_range(15, 1, &lo, &hi), LTE_EINVAL);
    assert_int_equal(lte_cqi_hl_diff_range(0, 3, &lo, &hi), LTE_EINVAL);
    assert_int_equal(lte_cqi_ue_diff_range(12, 3, &lo, &hi), LTE_EINVAL);
    assert_int_equal(lte_cqi_ue_diff_range(11, 3, &lo, &hi), 0);
    assert_int_equal(lo, 15);
    assert_int_equal(hi, 15);
    assert_int_equal(lte_cqi_hl_diff(16, 0), LTE_EINVAL);
    assert_int_equal(lte_cqi_ue_diff(0, -1), LTE_EINVAL);
    assert_int_equal(lte_cqi_hl_diff_range(3, 4, &lo, &hi), LTE_EINVAL);
    assert_int_equal(lte_cqi_ue_diff_range(3, 0, NULL, &hi), LTE_EINVAL);
}

/* ---- combinatorial index ---------------------------------------------------- */

static long pascal[40][40];

static void pascal_init(void)
{
    for (int x = 0; x < 40; x++)
        for (int y = 0; y < 40; y++)
            pascal[x][y] = y == 0 ? 1 : x == 0 ? 0 : pascal[x - 1][y - 1] + pascal[x - 1][y];
}

/* <x, y> of §7.2.1 */
static long ebin(int x, int y) { return x >= 0 && y >= 0 && x >= y ? pascal[x][y] : 0; }

/* r = sum_{i=0}^{M-1} <N - s_i, M - i> with 1-based s_i */
static long model_r(int n, int m, const int *sel)
{
    long r = 0;
    for (int i = 0; i < m; i++)
        r += ebin(n - (sel[i] + 1), m - i);
    return r;
}

static void check_nm(int n, int m)
{
    long total = pascal[n][m];
    char *seen = calloc((size_t)total, 1);
    assert_non_null(seen);
    int sel[LTE_CSI_UE_MAX_M], dec[LTE_CSI_UE_MAX_M];
    for (int i = 0; i < m; i++)
        sel[i] = i;
    long rank = 0;
    for (;;) {
        int r = lte_csi_comb_index(n, m, sel);
        assert_int_equal(r, model_r(n, m, sel));
        if (r != total - 1 - rank)
            fail_msg("N %d M %d: rank %ld: r = %d, expected %ld", n, m, rank, r,
                     total - 1 - rank);
        assert_true(r >= 0 && r < total && !seen[r]);
        seen[r] = 1;
        assert_int_equal(lte_csi_comb_decode(n, m, r, dec), 0);
        assert_memory_equal(dec, sel, sizeof(int) * (size_t)m);
        rank++;
        /* next subset in lexicographic order */
        int i = m - 1;
        while (i >= 0 && sel[i] == n - m + i)
            i--;
        if (i < 0)
            break;
        sel[i]++;
        for (int j = i + 1; j < m; j++)
            sel[j] = sel[j - 1] + 1;
    }
    assert_int_equal(rank, total);
    free(seen);
    int l = 0;
    while ((1L << l) < total)
        l++;
    assert_int_equal(lte_csi_comb_bits(n, m), l);
    assert_true(l == 0 || (1L << (l - 1)) < total);
}

static void test_comb(void **state)
{
    (void)state;
    pascal_init();
    int done[LTE_CSI_MAX_SUBBANDS + 1][LTE_CSI_UE_MAX_M + 1];
    memset(done, 0, sizeof done);
    int pairs = 0;
    for (int n_rb = 8; n_rb <= 110; n_rb++) {
        int k, m;
        ue_km_of(n_rb, &k, &m);
        int n = (n_rb + k - 1) / k;
        if (!done[n][m]) {
            check_nm(n, m);
            done[n][m] = 1;
            pairs++;
        }
    }
    assert_int_equal(pairs, 2 + 8 + 13 + 13); /* N: 4-5 (M 1), 6-13 (3), 9-21 (5), 16-28 (6) */
    /* by hand: N 13, M 3: {1,2,3} -> C(12,3) + C(11,2) + C(10,1) = 285; {11,12,13} -> 0;
     * {1,5,13} -> 220 + C(8,2) + 0 = 248; N 5, M 1: subband s -> 5 - s */
    int a[3] = {0, 1, 2}, b[3] = {10, 11, 12}, c[3] = {0, 4, 12}, d[1] = {1};
    assert_int_equal(lte_csi_comb_index(13, 3, a), 285);
    assert_int_equal(lte_csi_comb_index(13, 3, b), 0);
    assert_int_equal(lte_csi_comb_index(13, 3, c), 248);
    assert_int_equal(lte_csi_comb_index(5, 1, d), 3);
    assert_int_equal(lte_csi_comb_bits(13, 3), 9);  /* 286 */
    assert_int_equal(lte_csi_comb_bits(28, 6), 19); /* 376740 */
    assert_int_equal(lte_csi_comb_bits(5, 1), 3);
    assert_int_equal(lte_csi_comb_bits(4, 1), 2);
    /* errors */
    int bad[3] = {0, 0, 2}, out[3];
    assert_int_equal(lte_csi_comb_index(13, 3, bad), LTE_EINVAL);
    bad[1] = 13;
    assert_int_equal(lte_csi_comb_index(13, 3, bad), LTE_EINVAL);
    assert_int_equal(lte_csi_comb_index(13, 0, a), LTE_EINVAL);
    assert_int_equal(lte_csi_comb_index(13, 14, a), LTE_EINVAL);
    assert_int_equal(lte_csi_comb_index(29, 3, a), LTE_EINVAL);
    assert_int_equal(lte_csi_comb_index(13, 3, NULL), LTE_EINVAL);
    assert_int_equal(lte_csi_comb_decode(13, 3, 286, out), LTE_EINVAL);
    assert_int_equal(lte_csi_comb_decode(13, 3, -1, out), LTE_EINVAL);
    assert_int_equal(lte_csi_comb_decode(13, 3, 0, NULL), LTE_EINVAL);
}

/* ---- channels --------------------------------------------------------------- */

/* A channel piecewise constant per PRB: h[r * P + p] at every RE of PRB prb
 * = gain[prb] * H0[region][r][p], region = prb >= split. */
typedef struct chan {
    int P, R, n_rb;
    float complex *h[32];
} chan;

static void chan_make(chan *c, int P, int R, int n_rb, const double *gain, int split,
                      cd H0[2][8][4])
{
    c->P = P;
    c->R = R;
    c->n_rb = n_rb;
    int n_sc = 12 * n_rb;
    for (int i = 0; i < P * R; i++) {
        c->h[i] = malloc(sizeof(float complex) * (size_t)(14 * n_sc));
        assert_non_null(c->h[i]);
        for (int e = 0; e < 14 * n_sc; e++) {
            int prb = (e % n_sc) / 12;
            c->h[i][e] = (float complex)(gain[prb] * H0[prb >= split][i / P][i % P]);
        }
    }
}

static void chan_free(chan *c)
{
    for (int i = 0; i < c->P * c->R; i++)
        free(c->h[i]);
}

/* the stored channel of PRB prb (one RE: all are equal) */
static cd hval(const chan *c, int prb, int r, int p)
{
    return c->h[r * c->P + p][3 * 12 * c->n_rb + prb * 12 + 3];
}

/* SINR samples of one RE of PRB prb for the scheme, with the codeword of
 * each (SM: v layers with the precoder w, P x v; the linear MMSE SINR of
 * layer k in the n_rx form g_k^H (sum_{j != k} g_j g_j^H + n0 I)^-1 g_k;
 * 36.211 Table 6.3.3.2-1: ranks 1 and 2 have one layer per codeword) */
static int model_sinr(const chan *c, int scheme, const float complex *w, int v, double n0,
                      int prb, double *s, int *cw)
{
    const int P = c->P, R = c->R;
    if (scheme == LTE_CSI_CQI_PORT0) {
        double g = 0;
        for (int r = 0; r < R; r++)
            g += pow(cabs(hval(c, prb, r, 0)), 2);
        s[0] = g / n0;
        cw[0] = 0;
        return 1;
    }
    if (scheme == LTE_CSI_CQI_TXD) {
        int np = P == 4 ? 2 : 1;
        for (int i = 0; i < np; i++) {
            int a = P == 4 ? i : 0, b = P == 4 ? i + 2 : 1;
            double g = 0;
            for (int r = 0; r < R; r++)
                g += pow(cabs(hval(c, prb, r, a)), 2) + pow(cabs(hval(c, prb, r, b)), 2);
            s[i] = g / (2 * n0);
            cw[i] = 0;
        }
        return np;
    }
    cd G[8][2];
    for (int r = 0; r < R; r++)
        for (int b = 0; b < v; b++) {
            G[r][b] = 0;
            for (int p = 0; p < P; p++)
                G[r][b] += hval(c, prb, r, p) * (cd)w[p * v + b];
        }
    for (int k = 0; k < v; k++) {
        cd A[64], x[8];
        for (int i = 0; i < R; i++) {
            x[i] = G[i][k];
            for (int j = 0; j < R; j++) {
                cd t = i == j ? n0 : 0;
                for (int b = 0; b < v; b++)
                    if (b != k)
                        t += G[i][b] * conj(G[j][b]);
                A[i * R + j] = t;
            }
        }
        tu_csolve(A, x, R);
        cd q = 0;
        for (int i = 0; i < R; i++)
            q += conj(G[i][k]) * x[i];
        s[k] = creal(q);
        cw[k] = k;
    }
    return v;
}

/* the UE-selected criterion of one RE of PRB prb: SM log2 det(I + W^H H^H H
 * W / n0) (v <= 2, by the 2 x 2 determinant), else sum of log2(1 + SINR) */
static double model_crit(const chan *c, int scheme, const float complex *w, int v, double n0,
                         int prb)
{
    if (scheme != LTE_CSI_CQI_SM) {
        double s[2], t = 0;
        int cw[2], ns = model_sinr(c, scheme, w, v, n0, prb, s, cw);
        for (int i = 0; i < ns; i++)
            t += log2(1 + s[i]);
        return t;
    }
    cd G[8][2], M[2][2];
    for (int r = 0; r < c->R; r++)
        for (int b = 0; b < v; b++) {
            G[r][b] = 0;
            for (int p = 0; p < c->P; p++)
                G[r][b] += hval(c, prb, r, p) * (cd)w[p * v + b];
        }
    for (int a = 0; a < v; a++)
        for (int b = 0; b < v; b++) {
            M[a][b] = a == b;
            for (int r = 0; r < c->R; r++)
                M[a][b] += conj(G[r][a]) * G[r][b] / n0;
        }
    return v == 1 ? log2(creal(M[0][0])) : log2(creal(M[0][0] * M[1][1] - M[0][1] * M[1][0]));
}

static const int thr_qm[16] = {0, 2, 2, 2, 2, 2, 2, 4, 4, 4, 6, 6, 6, 6, 6, 6};

/* MIESM CQI of codeword q over the PRBs [first, last] in mask in[] (NULL = all) */
static int model_cqi(const chan *c, int scheme, const float complex *w, int v, int q, double n0,
                     int first, int last, const int *in, double *eff_out)
{
    double sum[3] = {0, 0, 0};
    int n = 0;
    for (int prb = first; prb <= last; prb++) {
        if (in && !in[prb])
            continue;
        double s[2];
        int cw[2], ns = model_sinr(c, scheme, w, v, n0, prb, s, cw);
        for (int i = 0; i < ns; i++) {
            if (cw[i] != q)
                continue;
            for (int m = 0; m < 3; m++)
                sum[m] += lte_csi_mi_of(&mi_tab, 2 + 2 * m, s[i]);
            n++;
        }
    }
    int best = 0;
    for (int cc = 1; cc <= 15; cc++)
        if (lte_csi_mi_inv_db(&mi_tab, thr_qm[cc], sum[thr_qm[cc] / 2 - 1] / n) >=
            lte_cqi_threshold_db(cc))
            best = cc;
    if (eff_out)
        *eff_out = lte_csi_mi_inv_db(&mi_tab, best ? thr_qm[best] : 2,
                                     sum[(best ? thr_qm[best] : 2) / 2 - 1] / n);
    return best;
}

/* the flat-channel CQI at snr_db: the highest c with t_c <= snr */
static int flat_cqi(double snr_db)
{
    int c = 0;
    for (int cc = 1; cc <= 15; cc++)
        if (lte_cqi_threshold_db(cc) <= snr_db)
            c = cc;
    return c;
}

static void run(const lte_csi_cfg *cfg, const chan *c, double n0, lte_csi_report *rep)
{
    int rc = lte_csi_select(cfg, (const float complex *const *)c->h, (float)n0, rep);
    if (rc != 0)
        fail_msg("lte_csi_select: %d (%s)", rc, lte_errdetail());
    /* asking for subband CQIs changes nothing in the wideband report */
    lte_csi_cfg c0 = *cfg;
    c0.sb_cqi = 0;
    lte_csi_report r0;
    assert_int_equal(lte_csi_select(&c0, (const float complex *const *)c->h, (float)n0, &r0), 0);
    assert_int_equal(r0.ri, rep->ri);
    assert_int_equal(r0.codebook, rep->codebook);
    assert_true(r0.capacity == rep->capacity);
    assert_int_equal(r0.n_cw, rep->n_cw);
    for (int q = 0; q < r0.n_cw; q++) {
        assert_int_equal(r0.cqi[q], rep->cqi[q]);
        assert_true(r0.sinr_eff_db[q] == rep->sinr_eff_db[q]);
    }
}

static void random_h0(tu_rng *rng, cd H0[2][8][4])
{
    for (int g = 0; g < 2; g++)
        for (int r = 0; r < 8; r++)
            for (int p = 0; p < 4; p++)
                H0[g][r][p] = (tu_gauss(rng) + I * tu_gauss(rng)) * sqrt(0.5);
}

static void test_flat(void **state)
{
    (void)state;
    lte_csi_mi_init(&mi_tab);
    pascal_init();
    tu_rng rng;
    tu_rng_seed(&rng, 5);
    static const struct {
        int scheme, P, R, ranks;
    } cases[] = {
        {LTE_CSI_CQI_PORT0, 1, 1, 1}, {LTE_CSI_CQI_TXD, 2, 2, 1}, {LTE_CSI_CQI_TXD, 4, 2, 1},
        {LTE_CSI_CQI_SM, 2, 2, 1},    {LTE_CSI_CQI_SM, 2, 2, 2},  {LTE_CSI_CQI_SM, 4, 2, 3},
    };
    static const int rbs[] = {6, 7, 8, 10, 11, 15, 25, 26, 27, 50, 63, 64, 75, 100, 110};
    int two_cw = 0;
    for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++)
        for (size_t bi = 0; bi < sizeof rbs / sizeof rbs[0]; bi++) {
            int n_rb = rbs[bi];
            double gain[110];
            for (int p = 0; p < n_rb; p++)
                gain[p] = 1;
            cd H0[2][8][4];
            random_h0(&rng, H0);
            memcpy(H0[1], H0[0], sizeof H0[0]);
            chan c;
            chan_make(&c, cases[ci].P, cases[ci].R, n_rb, gain, n_rb, H0);
            lte_csi_cfg cfg;
            lte_csi_cfg_init(&cfg);
            cfg.n_ports = cases[ci].P;
            cfg.n_rx = cases[ci].R;
            cfg.n_rb = n_rb;
            cfg.rank_mask = (unsigned)cases[ci].ranks;
            cfg.cqi = cases[ci].scheme;
            cfg.mi = &mi_tab;
            cfg.sb_cqi = LTE_CSI_SB_HL | LTE_CSI_SB_UE;
            double n0 = pow(10.0, -(2.0 + 1.7 * (double)bi) / 10);
            lte_csi_report rep;
            run(&cfg, &c, n0, &rep);
            two_cw += rep.n_cw == 2;
            int k = hl_k_of(n_rb), ku, mu;
            ue_km_of(n_rb, &ku, &mu);
            assert_int_equal(rep.hl_k, k);
            assert_int_equal(rep.hl_n, k ? (n_rb + k - 1) / k : 0);
            for (int j = 0; j < rep.hl_n; j++)
                for (int q = 0; q < 2; q++) {
                    assert_int_equal(rep.hl_cqi[j][q], q < rep.n_cw ? rep.cqi[q] : -1);
                    assert_int_equal(rep.hl_diff[j][q], q < rep.n_cw ? 0 : -1);
                }
            assert_int_equal(rep.ue_k, ku);
            assert_int_equal(rep.ue_m, mu);
            if (!ku) {
                assert_int_equal(rep.ue_n, 0);
            } else {
                int n = (n_rb + ku - 1) / ku;
                assert_int_equal(rep.ue_n, n);
                int sel[LTE_CSI_UE_MAX_M];
                for (int i = 0; i < mu; i++) {
                    sel[i] = i;
                    assert_int_equal(rep.ue_sel[i], i);
                }
                assert_int_equal(rep.ue_r, model_r(n, mu, sel));
                if (cfg.cqi == LTE_CSI_CQI_SM)
                    assert_int_equal(rep.ue_codebook, rep.codebook);
                else
                    assert_int_equal(rep.ue_codebook, -1);
                for (int q = 0; q < rep.n_cw; q++) {
                    assert_int_equal(rep.ue_cqi[q], rep.cqi[q]);
                    assert_int_equal(rep.ue_diff[q], 0);
                }
            }
            chan_free(&c);
        }
    assert_true(two_cw >= 15);
}

/* two levels: the PRBs of UE subbands s0 .. s0 + M - 1 at snr_hi, the rest at snr_lo */
static void test_step(void **state)
{
    (void)state;
    lte_csi_mi_init(&mi_tab);
    pascal_init();
    static const int rbs[] = {10, 25, 50, 100, 110};
    /* half way between thresholds: CQI 4 | 5 and 11 | 12, and 2 | 3 and 9 | 10 */
    static const int levels[2][2] = {{4, 11}, {2, 9}};
    for (size_t bi = 0; bi < sizeof rbs / sizeof rbs[0]; bi++)
        for (int lv = 0; lv < 2; lv++)
            for (int scheme = LTE_CSI_CQI_PORT0; scheme <= LTE_CSI_CQI_TXD; scheme++) {
                int n_rb = rbs[bi], ku, mu;
                ue_km_of(n_rb, &ku, &mu);
                int n = (n_rb + ku - 1) / ku, s0 = n / 3;
                int lo_c = levels[lv][0], hi_c = levels[lv][1];
                double lo_db = (lte_cqi_threshold_db(lo_c) + lte_cqi_threshold_db(lo_c + 1)) / 2;
                double hi_db = (lte_cqi_threshold_db(hi_c) + lte_cqi_threshold_db(hi_c + 1)) / 2;
                assert_int_equal(flat_cqi(lo_db), lo_c);
                assert_int_equal(flat_cqi(hi_db), hi_c);
                double gain[110];
                int strong[110];
                for (int p = 0; p < n_rb; p++) {
                    strong[p] = p / ku >= s0 && p / ku < s0 + mu;
                    gain[p] = pow(10.0, (strong[p] ? hi_db : lo_db) / 20);
                }
                /* |h|^2 = 1 on port 0 (TxD: ports 0 and 1, SINR (1 + 1) / 2) */
                cd H0[2][8][4];
                memset(H0, 0, sizeof H0);
                H0[0][0][0] = H0[0][0][1] = 1;
                memcpy(H0[1], H0[0], sizeof H0[0]);
                chan c;
                int P = scheme == LTE_CSI_CQI_PORT0 ? 1 : 2;
                chan_make(&c, P, 1, n_rb, gain, n_rb, H0);
                lte_csi_cfg cfg;
                lte_csi_cfg_init(&cfg);
                cfg.n_ports = P;
                cfg.n_rb = n_rb;
                cfg.cqi = scheme;
                cfg.mi = &mi_tab;
                cfg.sb_cqi = LTE_CSI_SB_HL | LTE_CSI_SB_UE;
                lte_csi_report rep;
                run(&cfg, &c, 1.0, &rep);
                int wb = rep.cqi[0];
                assert_true(wb >= lo_c && wb <= hi_c);
                int k = hl_k_of(n_rb);
                for (int j = 0; j < rep.hl_n; j++) {
                    int ns = 0, nw = 0;
                    for (int p = j * k; p < n_rb && p < (j + 1) * k; p++)
                        strong[p] ? ns++ : nw++;
                    int got = rep.hl_cqi[j][0];
                    if (!nw)
                        assert_int_equal(got, hi_c);
                    else if (!ns)
                        assert_int_equal(got, lo_c);
                    else
                        assert_true(got >= lo_c && got <= hi_c);
                    assert_int_equal(rep.hl_diff[j][0], diff_of(t_diff_hl, got - wb));
                    int a, b;
                    assert_int_equal(lte_cqi_hl_diff_range(wb, rep.hl_diff[j][0], &a, &b), 0);
                    assert_true(got >= a && got <= b);
                }
                int sel[LTE_CSI_UE_MAX_M];
                for (int i = 0; i < mu; i++) {
                    sel[i] = s0 + i;
                    assert_int_equal(rep.ue_sel[i], s0 + i);
                }
                assert_int_equal(rep.ue_r, model_r(n, mu, sel));
                int dec[LTE_CSI_UE_MAX_M];
                assert_int_equal(lte_csi_comb_decode(n, mu, rep.ue_r, dec), 0);
                assert_memory_equal(dec, sel, sizeof(int) * (size_t)mu);
                assert_int_equal(rep.ue_cqi[0], hi_c);
                assert_int_equal(rep.ue_diff[0], diff_of(t_diff_ue, hi_c - wb));
                chan_free(&c);
            }
}

/* two-tap channel with a notch, compared with a model of the whole report */
static void test_model(void **state)
{
    (void)state;
    lte_csi_mi_init(&mi_tab);
    pascal_init();
    tu_rng rng;
    tu_rng_seed(&rng, 2026);
    static const struct {
        int scheme, P, R, v;
    } cases[] = {
        {LTE_CSI_CQI_PORT0, 1, 1, 1}, {LTE_CSI_CQI_PORT0, 2, 2, 1}, {LTE_CSI_CQI_TXD, 2, 1, 1},
        {LTE_CSI_CQI_TXD, 4, 2, 1},   {LTE_CSI_CQI_SM, 2, 2, 1},    {LTE_CSI_CQI_SM, 4, 2, 1},
        {LTE_CSI_CQI_SM, 2, 2, 2},    {LTE_CSI_CQI_SM, 4, 2, 2},
    };
    const int n_cases = (int)(sizeof cases / sizeof cases[0]);
    static const int rbs[] = {8, 10, 15, 25, 27, 50, 64, 100, 110};
    int ue_differs = 0, trials = 0;
    for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++)
        for (size_t bi = 0; bi < sizeof rbs / sizeof rbs[0]; bi++)
            for (int trial = 0; trial < 3; trial++) {
                const int n_rb = rbs[bi], P = cases[ci].P, R = cases[ci].R;
                const int scheme = cases[ci].scheme, v = cases[ci].v, n_cw = v;
                /* gain |1 + a e^{-j(2 pi (prb + 0.5) / n_rb + theta)}|: its notch is the
                 * PRB whose centre has (prb + 0.5) / n_rb + theta / 2 pi = 1/2 mod 1 */
                double a = 0.9, theta = 2 * M_PI * tu_uniform(&rng), gain[110];
                for (int p = 0; p < n_rb; p++)
                    gain[p] = cabs(1 + a * cexp(-I * (2 * M_PI * (p + 0.5) / n_rb + theta)));
                double x = n_rb * (0.5 - theta / (2 * M_PI));
                x -= n_rb * floor(x / n_rb);
                int notch = (int)floor(x) % n_rb; /* centre p + 0.5 nearest x */
                for (int p = 0; p < n_rb; p++)
                    assert_true(gain[p] >= gain[notch] - 1e-12);
                /* SM: two spatial signatures (the best W differs between the two parts);
                 * port 0 / TxD: the same up to a phase, so that the gain alone orders
                 * the PRBs and the notch can be checked */
                cd H0[2][8][4];
                random_h0(&rng, H0);
                const int same = scheme != LTE_CSI_CQI_SM;
                if (same)
                    for (int r = 0; r < 8; r++)
                        for (int p = 0; p < 4; p++)
                            H0[1][r][p] = H0[0][r][p] * cexp(I * 2 * M_PI * tu_uniform(&rng));
                int split = n_rb / 2 + (int)(tu_uniform(&rng) * n_rb / 4);
                chan c;
                chan_make(&c, P, R, n_rb, gain, split, H0);
                lte_csi_cfg cfg;
                lte_csi_cfg_init(&cfg);
                cfg.n_ports = P;
                cfg.n_rx = R;
                cfg.n_rb = n_rb;
                cfg.cqi = scheme;
                cfg.mi = &mi_tab;
                cfg.sb_cqi = LTE_CSI_SB_HL | LTE_CSI_SB_UE;
                cfg.rank_mask = 1u << (v - 1);
                double snr_db = 3 + 4 * trial + (double)bi;
                double n0 = (double)(float)pow(10.0, -snr_db / 10);
                lte_csi_report rep;
                run(&cfg, &c, n0, &rep);
                float complex w[8] = {1, 0, 0, 0};
                assert_int_equal(rep.n_cw, n_cw);
                if (scheme == LTE_CSI_CQI_SM) {
                    assert_int_equal(rep.ri, v);
                    assert_int_equal(lte_codebook(P, v, rep.codebook, w), 0);
                }
                /* higher-layer configured subbands: the wideband W in each */
                int k = hl_k_of(n_rb), worst = 99;
                for (int j = 0; j < rep.hl_n; j++)
                    for (int q = 0; q < 2; q++) {
                        if (q >= n_cw) {
                            assert_int_equal(rep.hl_cqi[j][q], -1);
                            assert_int_equal(rep.hl_diff[j][q], -1);
                            continue;
                        }
                        double eff;
                        int e = model_cqi(&c, scheme, w, v, q, n0, j * k,
                                          MINI2(n_rb, (j + 1) * k) - 1, NULL, &eff);
                        if (rep.hl_cqi[j][q] != e || fabs(rep.hl_sinr_eff_db[j][q] - eff) > 1e-4)
                            fail_msg("case %zu n_rb %d trial %d subband %d cw %d: CQI %d "
                                     "(%.6f dB), model %d (%.6f dB)",
                                     ci, n_rb, trial, j, q, rep.hl_cqi[j][q],
                                     rep.hl_sinr_eff_db[j][q], e, eff);
                        assert_int_equal(rep.hl_diff[j][q], diff_of(t_diff_hl, e - rep.cqi[q]));
                        if (q == 0)
                            worst = e < worst ? e : worst;
                    }
                /* the notch's subband is no better than any other full-size one */
                for (int j = 0; j < rep.hl_n && same; j++)
                    if ((j + 1) * k <= n_rb)
                        assert_true(rep.hl_cqi[notch / k][0] <= rep.hl_cqi[j][0]);
                assert_true(worst <= rep.hl_cqi[notch / k][0]);
                /* UE-selected: the criterion by brute force over the candidates (the
                 * reportable entries of rank v; with v = P they are all equivalent and
                 * the wideband one is kept) */
                int ku, mu;
                ue_km_of(n_rb, &ku, &mu);
                int n = (n_rb + ku - 1) / ku, w_lo = 0, w_hi = 0;
                if (scheme == LTE_CSI_CQI_SM) {
                    w_lo = P == 2 && v == 2 ? 1 : 0;
                    w_hi = lte_codebook_size(P, v) - 1;
                    if (v == P)
                        w_lo = w_hi = rep.codebook;
                }
                double best_total = -1;
                int best_sel[LTE_CSI_UE_MAX_M], best_w = -1;
                for (int iw = w_lo; iw <= w_hi; iw++) {
                    float complex wc[8] = {1, 0, 0, 0};
                    if (scheme == LTE_CSI_CQI_SM)
                        assert_int_equal(lte_codebook(P, v, iw, wc), 0);
                    double val[LTE_CSI_MAX_SUBBANDS];
                    int order[LTE_CSI_MAX_SUBBANDS];
                    for (int u = 0; u < n; u++) {
                        val[u] = 0;
                        order[u] = u;
                        for (int p = u * ku; p < MINI2(n_rb, (u + 1) * ku); p++)
                            val[u] += 4 * model_crit(&c, scheme, wc, v, n0, p); /* 4 REs */
                    }
                    /* sort by value, descending, ties to the lower subband */
                    for (int i = 1; i < n; i++)
                        for (int j = i; j > 0; j--) {
                            int x1 = order[j - 1], x2 = order[j];
                            if (val[x2] > val[x1] || (val[x2] == val[x1] && x2 < x1)) {
                                order[j - 1] = x2;
                                order[j] = x1;
                            }
                        }
                    int sel[LTE_CSI_UE_MAX_M];
                    double total = 0;
                    for (int i = 0; i < mu; i++) {
                        sel[i] = order[i];
                        total += val[order[i]];
                    }
                    for (int i = 1; i < mu; i++) /* ascending */
                        for (int j = i; j > 0 && sel[j] < sel[j - 1]; j--) {
                            int t = sel[j];
                            sel[j] = sel[j - 1];
                            sel[j - 1] = t;
                        }
                    if (total > best_total * (1 + 1e-12)) {
                        best_total = total;
                        best_w = iw;
                        memcpy(best_sel, sel, sizeof sel);
                    }
                }
                assert_memory_equal(rep.ue_sel, best_sel, sizeof(int) * (size_t)mu);
                for (int i = 0; i < mu && same; i++)
                    assert_true(best_sel[i] != notch / ku);
                if (scheme == LTE_CSI_CQI_SM) {
                    assert_int_equal(rep.ue_codebook, best_w);
                    /* 36.213 §7.2.4: PMI = index - 1 on 2 ports, rank 2 */
                    assert_int_equal(rep.ue_pmi, P == 2 && v == 2 ? best_w - 1 : best_w);
                    assert_int_equal(lte_codebook(P, v, best_w, w), 0);
                    ue_differs += best_w != rep.codebook;
                } else {
                    assert_int_equal(rep.ue_codebook, -1);
                    assert_int_equal(rep.ue_pmi, -1);
                }
                int in[110] = {0};
                for (int i = 0; i < mu; i++)
                    for (int p = best_sel[i] * ku; p < MINI2(n_rb, (best_sel[i] + 1) * ku); p++)
                        in[p] = 1;
                for (int q = 0; q < 2; q++) {
                    if (q >= n_cw) {
                        assert_int_equal(rep.ue_cqi[q], -1);
                        assert_int_equal(rep.ue_diff[q], -1);
                        continue;
                    }
                    double eff;
                    int e = model_cqi(&c, scheme, w, v, q, n0, 0, n_rb - 1, in, &eff);
                    assert_int_equal(rep.ue_cqi[q], e);
                    assert_true(fabs(rep.ue_sinr_eff_db[q] - eff) < 1e-4);
                    assert_int_equal(rep.ue_diff[q], diff_of(t_diff_ue, e - rep.cqi[q]));
                }
                assert_int_equal(rep.ue_r, model_r(n, mu, best_sel));
                assert_int_equal(rep.ue_l, lte_csi_comb_bits(n, mu));
                trials++;
                chan_free(&c);
            }
    assert_int_equal(trials, n_cases * 9 * 3);
    /* mode 2-2 did pick a different W for its subbands than the wideband one */
    assert_true(ue_differs >= 1);
}

/* measured PRBs: subbands without any are -1; at least M UE subbands needed */
static void test_partial(void **state)
{
    (void)state;
    lte_csi_mi_init(&mi_tab);
    double gain[110];
    for (int p = 0; p < 110; p++)
        gain[p] = 1 + 0.01 * p;
    cd H0[2][8][4];
    memset(H0, 0, sizeof H0);
    H0[0][0][0] = H0[1][0][0] = 1;
    chan c;
    chan_make(&c, 1, 1, 50, gain, 50, H0);
    lte_csi_cfg cfg;
    lte_csi_cfg_init(&cfg);
    cfg.n_ports = 1;
    cfg.cqi = LTE_CSI_CQI_PORT0;
    cfg.mi = &mi_tab;
    cfg.sb_cqi = LTE_CSI_SB_HL | LTE_CSI_SB_UE;
    cfg.prb_start = 14;
    cfg.n_prb = 16; /* PRBs 14..29: HL subbands 2..4 (k 6), UE subbands 4..9 (k 3) */
    lte_csi_report rep;
    run(&cfg, &c, 0.1, &rep);
    for (int j = 0; j < rep.hl_n; j++) {
        int measured = j >= 2 && j <= 4;
        assert_int_equal(rep.hl_cqi[j][0] >= 0, measured);
        assert_int_equal(rep.hl_diff[j][0] >= 0, measured);
        assert_int_equal(rep.hl_cqi[j][1], -1);
    }
    /* rising gain: the M = 5 highest measured UE subbands 5..9 (4 has PRBs 12, 13 unmeasured) */
    for (int i = 0; i < 5; i++)
        assert_int_equal(rep.ue_sel[i], 5 + i);
    /* PRBs 14..25 touch UE subbands 4..8 only: M = 5 still fits; 14..22 does not */
    cfg.n_prb = 12;
    assert_int_equal(lte_csi_select(&cfg, (const float complex *const *)c.h, 0.1f, &rep), 0);
    cfg.n_prb = 9;
    assert_int_equal(lte_csi_select(&cfg, (const float complex *const *)c.h, 0.1f, &rep),
                     LTE_EINVAL);
    cfg.sb_cqi = LTE_CSI_SB_HL;
    assert_int_equal(lte_csi_select(&cfg, (const float complex *const *)c.h, 0.1f, &rep), 0);
    /* argument errors */
    cfg.sb_cqi = 4;
    assert_int_equal(lte_csi_select(&cfg, (const float complex *const *)c.h, 0.1f, &rep),
                     LTE_EINVAL);
    cfg.sb_cqi = LTE_CSI_SB_HL;
    cfg.cqi = LTE_CSI_CQI_NONE;
    assert_int_equal(lte_csi_select(&cfg, (const float complex *const *)c.h, 0.1f, &rep),
                     LTE_EINVAL);
    chan_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables), cmocka_unit_test(test_diff),
        cmocka_unit_test(test_comb),   cmocka_unit_test(test_flat),
        cmocka_unit_test(test_step),   cmocka_unit_test(test_model),
        cmocka_unit_test(test_partial),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
