/* Tests of precoding (36.211 §6.3.4) and of the receiver-side combining and
 * detection:
 *  - codebooks: Table 6.3.4.2.3-1 entry by entry; Table 6.3.4.2.3-2 equal to
 *    the Householder formula computed here from the u_n table; every matrix
 *    satisfies W^H W = I/v;
 *  - SFBC / SFBC-FSTD against the spec's real-valued matrices applied here
 *    to (Re x, Im x), element by element;
 *  - large-delay CDD G(i) = W(i) D(i) U built here from the spec's tables;
 *  - noiseless combining / detection returns the symbols; the MMSE output
 *    equals (H^H H + n0 I)^{-1} H^H y solved here by Gaussian elimination
 *    (then made unbiased); the classic Alamouti combiner written here; the
 *    reported noise variances against the measured error variance;
 *  - singular channels and bad arguments.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/layers.h"
#include "ltephy/modulation.h"
#include "ltephy/scrambling.h"
#include "tests/common/testutil.h"

typedef double complex cd;

static float complex rand_cn(tu_rng *r, double var)
{
    double s = sqrt(var / 2);
    return (float)(s * tu_gauss(r)) + I * (float)(s * tu_gauss(r));
}

static float complex rand_qpsk(tu_rng *r)
{
    float a = (float)M_SQRT1_2;
    return ((tu_rand(r) & 1) ? -a : a) + I * ((tu_rand(r) & 1) ? -a : a);
}

static void assert_close(cd got, cd want, double tol)
{
    if (!(cabs(got - want) <= tol)) {
        print_error("got %.9g%+.9gj want %.9g%+.9gj (tol %g)\n", creal(got), cimag(got),
                    creal(want), cimag(want), tol);
        fail();
    }
}

/* ---- Codebooks ------------------------------------------------------------ */

static void test_codebook2_entries(void **state)
{
    (void)state;
    const double h = 0.5, s = M_SQRT1_2;
    /* Table 6.3.4.2.3-1, column v = 1: 1/sqrt(2) [1; 1], [1; -1], [1; j], [1; -j] */
    const cd v1[4][2] = {{s, s}, {s, -s}, {s, s * I}, {s, -s * I}};
    /* column v = 2: 1/sqrt(2) [1 0; 0 1], 1/2 [1 1; 1 -1], 1/2 [1 1; j -j] */
    const cd v2[3][4] = {{s, 0, 0, s}, {h, h, h, -h}, {h, h, h * I, -h * I}};
    float complex w[4];
    assert_int_equal(lte_codebook_size(2, 1), 4);
    assert_int_equal(lte_codebook_size(2, 2), 3);
    for (int n = 0; n < 4; n++) {
        assert_int_equal(lte_codebook(2, 1, n, w), 0);
        for (int k = 0; k < 2; k++)
            assert_close(w[k], v1[n][k], 1e-7);
    }
    for (int n = 0; n < 3; n++) {
        assert_int_equal(lte_codebook(2, 2, n, w), 0);
        for (int k = 0; k < 4; k++)
            assert_close(w[k], v2[n][k], 1e-7);
    }
    assert_int_equal(lte_codebook(2, 2, 3, w), LTE_EINVAL);
}

/* u_n of Table 6.3.4.2.3-2, here as complex expressions. */
static void u_vec(int n, cd u[4])
{
    const double r = 1 / sqrt(2.0);
    static const int simple[16][4][2] = {
        /* (re, im) of u_n for the n without 1/sqrt(2) entries */
        {{1, 0}, {-1, 0}, {-1, 0}, {-1, 0}}, {{1, 0}, {0, -1}, {1, 0}, {0, 1}},
        {{1, 0}, {1, 0}, {-1, 0}, {1, 0}},   {{1, 0}, {0, 1}, {1, 0}, {0, -1}},
        {{0}}, {{0}}, {{0}}, {{0}},
        {{1, 0}, {-1, 0}, {1, 0}, {1, 0}},   {{1, 0}, {0, -1}, {-1, 0}, {0, -1}},
        {{1, 0}, {1, 0}, {1, 0}, {-1, 0}},   {{1, 0}, {0, 1}, {-1, 0}, {0, 1}},
        {{1, 0}, {-1, 0}, {-1, 0}, {1, 0}},  {{1, 0}, {-1, 0}, {1, 0}, {-1, 0}},
        {{1, 0}, {1, 0}, {-1, 0}, {-1, 0}},  {{1, 0}, {1, 0}, {1, 0}, {1, 0}},
    };
    switch (n) {
    case 4: /* [1 (-1-j)/sqrt2 -j (1-j)/sqrt2] */
        u[0] = 1, u[1] = (-1 - I) * r, u[2] = -I, u[3] = (1 - I) * r;
        return;
    case 5: /* [1 (1-j)/sqrt2 j (-1-j)/sqrt2] */
        u[0] = 1, u[1] = (1 - I) * r, u[2] = I, u[3] = (-1 - I) * r;
        return;
    case 6: /* [1 (1+j)/sqrt2 -j (-1+j)/sqrt2] */
        u[0] = 1, u[1] = (1 + I) * r, u[2] = -I, u[3] = (-1 + I) * r;
        return;
    case 7: /* [1 (-1+j)/sqrt2 j (1+j)/sqrt2] */
        u[0] = 1, u[1] = (-1 + I) * r, u[2] = I, u[3] = (1 + I) * r;
        return;
    default:
        for (int k = 0; k < 4; k++)
            u[k] = simple[n][k][0] + I * simple[n][k][1];
    }
}

/* Columns (0-based) of W_n per v, Table 6.3.4.2.3-2. */
static const int cols2[16][2] = {{0, 3}, {0, 1}, {0, 1}, {0, 1}, {0, 3}, {0, 3}, {0, 2}, {0, 2},
                                 {0, 1}, {0, 3}, {0, 2}, {0, 2}, {0, 1}, {0, 2}, {0, 2}, {0, 1}};
static const int cols3[16][3] = {{0, 1, 3}, {0, 1, 2}, {0, 1, 2}, {0, 1, 2}, {0, 1, 3}, {0, 1, 3},
                                 {0, 2, 3}, {0, 2, 3}, {0, 1, 3}, {0, 2, 3}, {0, 1, 2}, {0, 2, 3},
                                 {0, 1, 2}, {0, 1, 2}, {0, 1, 2}, {0, 1, 2}};
static const int cols4[16][4] = {{0, 1, 2, 3}, {0, 1, 2, 3}, {2, 1, 0, 3}, {2, 1, 0, 3},
                                 {0, 1, 2, 3}, {0, 1, 2, 3}, {0, 2, 1, 3}, {0, 2, 1, 3},
                                 {0, 1, 2, 3}, {0, 1, 2, 3}, {0, 2, 1, 3}, {0, 2, 1, 3},
                                 {0, 1, 2, 3}, {0, 2, 1, 3}, {2, 1, 0, 3}, {0, 1, 2, 3}};

/* The 4-port codebook entry of index n for v layers, P x v row-major. */
static void cb4_model(int n, int v, cd *w)
{
    cd u[4], wn[16];
    u_vec(n, u);
    double uhu = 0;
    for (int k = 0; k < 4; k++)
        uhu += creal(conj(u[k]) * u[k]);
    for (int a = 0; a < 4; a++)
        for (int b = 0; b < 4; b++)
            wn[a * 4 + b] = (a == b) - 2.0 * u[a] * conj(u[b]) / uhu;
    for (int l = 0; l < v; l++) {
        int c = v == 1 ? 0 : v == 2 ? cols2[n][l] : v == 3 ? cols3[n][l] : cols4[n][l];
        for (int p = 0; p < 4; p++)
            w[p * v + l] = wn[p * 4 + c] / sqrt((double)v);
    }
}

static void test_codebook4_householder(void **state)
{
    (void)state;
    float complex w[16];
    cd want[16];
    for (int v = 1; v <= 4; v++) {
        assert_int_equal(lte_codebook_size(4, v), 16);
        for (int n = 0; n < 16; n++) {
            assert_int_equal(lte_codebook(4, v, n, w), 0);
            cb4_model(n, v, want);
            for (int k = 0; k < 4 * v; k++)
                assert_close(w[k], want[k], 1e-6);
        }
    }
    /* 2 layers, index 3 (u_3 = [1 j 1 -j], columns {12}), worked by hand:
     * W_3 = I - u u^H / 2, so sqrt(2) W_3^{12} = [1/2 j/2; -j/2 1/2;
     * -1/2 j/2; j/2 1/2] */
    const cd w3[8] = {0.5, 0.5 * I, -0.5 * I, 0.5, -0.5, 0.5 * I, 0.5 * I, 0.5};
    assert_int_equal(lte_codebook(4, 2, 3, w), 0);
    for (int k = 0; k < 8; k++)
        assert_close(w[k], w3[k] / sqrt(2.0), 1e-7);
    /* spot values: W_0^{1} = [1 1 1 1]^T / 2 (u_0 = [1 -1 -1 -1]); W_15^{1} =
     * [1 -1 -1 -1]^T / 2 */
    assert_int_equal(lte_codebook(4, 1, 0, w), 0);
    for (int p = 0; p < 4; p++)
        assert_close(w[p], 0.5, 1e-7);
    assert_int_equal(lte_codebook(4, 1, 15, w), 0);
    for (int p = 0; p < 4; p++)
        assert_close(w[p], p == 0 ? 0.5 : -0.5, 1e-7);
}

/* The 4-port codebook is nested: for every n, the columns used with v
 * layers are among those used with v + 1 layers (so a typo in a column set
 * of Table 6.3.4.2.3-2 that breaks the nesting is caught even if the same
 * typo were in the model above). */
static void test_codebook4_nested(void **state)
{
    (void)state;
    for (int n = 0; n < 16; n++)
        for (int v = 1; v < 4; v++) {
            float complex a[16], b[16];
            assert_int_equal(lte_codebook(4, v, n, a), 0);
            assert_int_equal(lte_codebook(4, v + 1, n, b), 0);
            for (int l = 0; l < v; l++) {
                int found = 0;
                for (int m = 0; m <= v && !found; m++) {
                    double d = 0;
                    for (int p = 0; p < 4; p++)
                        d += cabs(sqrt((double)v) * a[p * v + l] -
                                  sqrt(v + 1.0) * b[p * (v + 1) + m]);
                    found = d < 1e-5;
                }
                assert_true(found);
            }
        }
}

/* W^H W = I / v for every entry (orthogonal columns of norm 1/sqrt(v)). */
static void test_codebook_unitary(void **state)
{
    (void)state;
    for (int np = 2; np <= 4; np += 2)
        for (int v = 1; v <= np; v++) {
            int n = lte_codebook_size(np, v);
            for (int idx = 0; idx < n; idx++) {
                float complex w[16];
                assert_int_equal(lte_codebook(np, v, idx, w), 0);
                for (int a = 0; a < v; a++)
                    for (int b = 0; b < v; b++) {
                        cd s = 0;
                        for (int p = 0; p < np; p++)
                            s += conj((cd)w[p * v + a]) * w[p * v + b];
                        assert_close(s, a == b ? 1.0 / v : 0.0, 1e-6);
                    }
            }
        }
}

/* ---- Transmit diversity --------------------------------------------------- */

/* §6.3.4.3, 2 ports: rows y0(2i), y1(2i), y0(2i+1), y1(2i+1); columns
 * Re x0, Re x1, Im x0, Im x1; entries 0, +-1, +-j, all / sqrt(2). */
static const cd sfbc2[4][4] = {
    {1, 0, I, 0}, {0, -1, 0, I}, {0, 1, 0, I}, {1, 0, -I, 0}};

/* 4 ports: rows y0(4i) y1(4i) y2(4i) y3(4i) y0(4i+1) ... y3(4i+3); columns
 * Re x0..Re x3, Im x0..Im x3. */
static const cd sfbc4[16][8] = {
    {1, 0, 0, 0, I, 0, 0, 0},  {0, 0, 0, 0, 0, 0, 0, 0},  {0, -1, 0, 0, 0, I, 0, 0},
    {0, 0, 0, 0, 0, 0, 0, 0},  {0, 1, 0, 0, 0, I, 0, 0},  {0, 0, 0, 0, 0, 0, 0, 0},
    {1, 0, 0, 0, -I, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0, 0},  {0, 0, 0, 0, 0, 0, 0, 0},
    {0, 0, 1, 0, 0, 0, I, 0},  {0, 0, 0, 0, 0, 0, 0, 0},  {0, 0, 0, -1, 0, 0, 0, I},
    {0, 0, 0, 0, 0, 0, 0, 0},  {0, 0, 0, 1, 0, 0, 0, I},  {0, 0, 0, 0, 0, 0, 0, 0},
    {0, 0, 1, 0, 0, 0, -I, 0},
};

static void test_sfbc_spec_matrix(void **state)
{
    (void)state;
    tu_rng rng;
    tu_rng_seed(&rng, 21);
    enum { ML = 25 };
    float complex x[4 * ML], y[4 * 4 * ML];
    for (int np = 2; np <= 4; np += 2) {
        lte_mimo_cfg cfg = {LTE_TX_DIVERSITY, np, np, 1, 0};
        for (int pad = 0; pad < (np == 4 ? 2 : 1); pad++) {
            int m_ap = np * ML - 2 * pad;
            for (int k = 0; k < np * ML; k++)
                x[k] = rand_cn(&rng, 1);
            for (int k = 0; k < np * np * ML; k++)
                y[k] = 12345; /* must be overwritten up to m_ap * P, untouched after */
            assert_int_equal(lte_precode(&cfg, x, m_ap, y), 0);
            for (int i = 0; i < ML; i++) {
                double in[8];
                for (int l = 0; l < np; l++) {
                    in[l] = crealf(x[i * np + l]);
                    in[np + l] = cimagf(x[i * np + l]);
                }
                for (int row = 0; row < np * np; row++) {
                    int re = i * np + row / np, port = row % np; /* RE index k, port */
                    if (re >= m_ap)
                        continue;
                    cd want = 0;
                    for (int c = 0; c < 2 * np; c++)
                        want += (np == 2 ? sfbc2[row][c] : sfbc4[row][c]) * in[c];
                    assert_close(y[re * np + port], want / sqrt(2.0), 1e-6);
                }
            }
            for (int k = m_ap * np; k < np * np * ML; k++)
                assert_true(y[k] == 12345);
        }
    }
}

/* H_k for RE k: n_rx x P entries; r = H y + noise. */
static void channel_apply(int n_rx, int np, int m_ap, const float complex *h,
                          const float complex *y, double n0, tu_rng *rng, float complex *r)
{
    for (int k = 0; k < m_ap; k++)
        for (int a = 0; a < n_rx; a++) {
            cd acc = 0;
            for (int p = 0; p < np; p++)
                acc += (cd)h[(k * n_rx + a) * np + p] * y[k * np + p];
            r[k * n_rx + a] = (float complex)acc + (n0 > 0 ? rand_cn(rng, n0) : 0);
        }
}

static void test_sfbc_noiseless(void **state)
{
    (void)state;
    tu_rng rng;
    tu_rng_seed(&rng, 5);
    enum { ML = 60 };
    static float complex x[4 * ML], y[16 * ML], h[4 * ML * 4 * 4], r[4 * ML * 4], xe[4 * ML];
    static float nv[4 * ML];
    for (int np = 2; np <= 4; np += 2)
        for (int n_rx = 1; n_rx <= 4; n_rx *= 2)
            for (int pad = 0; pad < (np == 4 ? 2 : 1); pad++)
                for (int eq = 0; eq < 2; eq++) {
                    lte_mimo_cfg cfg = {LTE_TX_DIVERSITY, np, np, 1, 0};
                    int m_ap = np * ML - 2 * pad;
                    for (int k = 0; k < np * ML; k++)
                        x[k] = k < m_ap ? rand_qpsk(&rng) : 0;
                    for (int k = 0; k < m_ap * n_rx * np; k++) /* a new channel per RE */
                        h[k] = rand_cn(&rng, 1);
                    assert_int_equal(lte_precode(&cfg, x, m_ap, y), 0);
                    channel_apply(n_rx, np, m_ap, h, y, 0, &rng, r);
                    assert_int_equal(lte_sfbc_combine(&cfg, (lte_mimo_eq)eq, n_rx, r, h, 0.0f,
                                                      m_ap, xe, nv),
                                     0);
                    for (int k = 0; k < np * ML; k++)
                        assert_close(xe[k], x[k], 2e-3);
                    if (pad)
                        assert_true(nv[m_ap] == 1.0f && nv[m_ap + 1] == 1.0f);
                }
}

/* Same channel on both REs of each pair: the classic Alamouti combiner,
 *   x0 = sqrt2 sum_r (h0* r_a + h1 r_b*) / sum_r (|h0|^2 + |h1|^2)
 *   x1 = sqrt2 sum_r (h0* r_b - h1 r_a*) / sum_r (|h0|^2 + |h1|^2)
 * with noise variance n0 / (sum |h|^2 / 2), for ZF and MMSE alike. */
static void test_sfbc_alamouti(void **state)
{
    (void)state;
    tu_rng rng;
    tu_rng_seed(&rng, 8);
    enum { NP = 40 };
    static float complex x[2 * NP], y[4 * NP], h[2 * NP * 2 * 4], r[2 * NP * 4], xe[2 * NP];
    static float nv[2 * NP];
    const double n0 = 0.3;
    for (int n_rx = 1; n_rx <= 4; n_rx++)
        for (int eq = 0; eq < 2; eq++) {
            lte_mimo_cfg cfg = {LTE_TX_DIVERSITY, 2, 2, 1, 0};
            for (int k = 0; k < 2 * NP; k++)
                x[k] = rand_qpsk(&rng);
            for (int k = 0; k < 2 * NP; k += 2)
                for (int e = 0; e < 2 * n_rx; e++) {
                    h[k * n_rx * 2 + e] = rand_cn(&rng, 1);
                    h[(k + 1) * n_rx * 2 + e] = h[k * n_rx * 2 + e];
                }
            assert_int_equal(lte_precode(&cfg, x, 2 * NP, y), 0);
            channel_apply(n_rx, 2, 2 * NP, h, y, n0, &rng, r);
            assert_int_equal(
                lte_sfbc_combine(&cfg, (lte_mimo_eq)eq, n_rx, r, h, (float)n0, 2 * NP, xe, nv), 0);
            for (int k = 0; k < 2 * NP; k += 2) {
                cd num0 = 0, num1 = 0;
                double g = 0;
                for (int a = 0; a < n_rx; a++) {
                    cd h0 = h[(k * n_rx + a) * 2], h1 = h[(k * n_rx + a) * 2 + 1];
                    cd ra = r[k * n_rx + a], rb = r[(k + 1) * n_rx + a];
                    num0 += conj(h0) * ra + h1 * conj(rb);
                    num1 += conj(h0) * rb - h1 * conj(ra);
                    g += creal(h0 * conj(h0)) + creal(h1 * conj(h1));
                }
                assert_close(xe[k], sqrt(2.0) * num0 / g, 1e-4 * (1 + cabs(num0) / g));
                assert_close(xe[k + 1], sqrt(2.0) * num1 / g, 1e-4 * (1 + cabs(num1) / g));
                double want_nv = n0 / (g / 2);
                assert_true(fabs(nv[k] - want_nv) <= 1e-4 * want_nv);
                assert_true(fabs(nv[k + 1] - want_nv) <= 1e-4 * want_nv);
            }
        }
}

/* ---- Spatial multiplexing: precoder matrices ------------------------------ */

/* G(i) written from §6.3.4.2.1 / §6.3.4.2.2, Table 6.3.4.2.2-1. */
static void g_model(const lte_mimo_cfg *c, int i, cd *g)
{
    int np = c->n_ports, v = c->n_layers;
    cd w[16];
    if (c->scheme == LTE_TX_SINGLE_PORT) {
        g[0] = 1;
        return;
    }
    int idx = c->scheme == LTE_TX_SPATIAL_MUX ? c->codebook : (np == 2 ? 0 : 12 + (i / v) % 4);
    if (np == 2) {
        float complex wf[4];
        assert_int_equal(lte_codebook(2, v, idx, wf), 0); /* checked entry by entry above */
        for (int k = 0; k < 2 * v; k++)
            w[k] = wf[k];
    } else {
        cb4_model(idx, v, w);
    }
    if (c->scheme == LTE_TX_SPATIAL_MUX) {
        memcpy(g, w, sizeof(cd) * (size_t)(np * v));
        return;
    }
    cd d[16] = {0}, u[16], wd[16];
    for (int m = 0; m < v; m++) {
        double ph = -2 * M_PI * m * i / v; /* D(i) = diag(1, e^{-j2pi i/v}, ...) */
        d[m * v + m] = cos(ph) + I * sin(ph);
        for (int n = 0; n < v; n++) {
            double pu = -2 * M_PI * m * n / v;
            u[m * v + n] = (cos(pu) + I * sin(pu)) / sqrt((double)v);
        }
    }
    for (int p = 0; p < np; p++) /* W D */
        for (int n = 0; n < v; n++) {
            wd[p * v + n] = 0;
            for (int m = 0; m < v; m++)
                wd[p * v + n] += w[p * v + m] * d[m * v + n];
        }
    for (int p = 0; p < np; p++) /* (W D) U */
        for (int n = 0; n < v; n++) {
            g[p * v + n] = 0;
            for (int m = 0; m < v; m++)
                g[p * v + n] += wd[p * v + m] * u[m * v + n];
        }
}

static int all_sm_cfgs(lte_mimo_cfg *out)
{
    int n = 0;
    out[n++] = (lte_mimo_cfg){LTE_TX_SINGLE_PORT, 1, 1, 1, 0};
    for (int np = 2; np <= 4; np += 2)
        for (int v = 1; v <= np; v++) {
            for (int idx = 0; idx < lte_codebook_size(np, v); idx++)
                out[n++] = (lte_mimo_cfg){LTE_TX_SPATIAL_MUX, np, v, v >= 2 ? 2 : 1, idx};
            if (v >= 2)
                out[n++] = (lte_mimo_cfg){LTE_TX_LARGE_CDD, np, v, 2, 0};
        }
    return n;
}

static void test_precoder_matrices(void **state)
{
    (void)state;
    lte_mimo_cfg cfgs[96];
    int nc = all_sm_cfgs(cfgs);
    assert_true(nc > 70);
    for (int c = 0; c < nc; c++)
        for (int i = 0; i < 50; i++) {
            float complex g[16];
            cd want[16];
            assert_int_equal(lte_precoder_matrix(&cfgs[c], i, g), 0);
            g_model(&cfgs[c], i, want);
            for (int k = 0; k < cfgs[c].n_ports * cfgs[c].n_layers; k++)
                assert_close(g[k], want[k], 1e-6);
        }
    /* 2 ports, large-delay CDD: W D(i) U with W = I/sqrt2, U = [1 1; 1 -1]/sqrt2:
     * G(0) = [1 1; 1 -1]/2, G(1) = [1 1; -1 1]/2 */
    lte_mimo_cfg cdd2 = {LTE_TX_LARGE_CDD, 2, 2, 2, 0};
    float complex g[4];
    assert_int_equal(lte_precoder_matrix(&cdd2, 0, g), 0);
    assert_close(g[0], 0.5, 1e-7), assert_close(g[1], 0.5, 1e-7);
    assert_close(g[2], 0.5, 1e-7), assert_close(g[3], -0.5, 1e-7);
    assert_int_equal(lte_precoder_matrix(&cdd2, 1, g), 0);
    assert_close(g[0], 0.5, 1e-7), assert_close(g[1], 0.5, 1e-7);
    assert_close(g[2], -0.5, 1e-7), assert_close(g[3], 0.5, 1e-7);
}

static void test_precode_sm(void **state)
{
    (void)state;
    tu_rng rng;
    tu_rng_seed(&rng, 9);
    lte_mimo_cfg cfgs[96];
    int nc = all_sm_cfgs(cfgs);
    enum { M = 37 };
    float complex x[4 * M], y[4 * M];
    for (int c = 0; c < nc; c++) {
        int np = cfgs[c].n_ports, v = cfgs[c].n_layers;
        for (int k = 0; k < M * v; k++)
            x[k] = rand_cn(&rng, 1);
        assert_int_equal(lte_precode(&cfgs[c], x, M, y), 0);
        for (int i = 0; i < M; i++) {
            cd g[16];
            g_model(&cfgs[c], i, g);
            for (int p = 0; p < np; p++) {
                cd want = 0;
                for (int l = 0; l < v; l++)
                    want += g[p * v + l] * x[i * v + l];
                assert_close(y[i * np + p], want, 1e-5);
            }
        }
    }
}

/* ---- Detection ------------------------------------------------------------ */

/* Solve A z = b (n x n, n <= 8) by Gaussian elimination with partial
 * pivoting, on copies. */
static void gauss_solve(const cd *a_in, const cd *b_in, int n, cd *z)
{
    cd a[64];
    memcpy(a, a_in, sizeof(cd) * (size_t)(n * n));
    memcpy(z, b_in, sizeof(cd) * (size_t)n);
    tu_csolve(a, z, n);
}

/* The reference estimate for one RE: effective channel G = H G(i), then
 * x~ = (G^H G + s I)^{-1} G^H r; MMSE made unbiased with
 * mu_l = [(G^H G + n0 I)^{-1} G^H G]_ll (column l of the inverse from a
 * solve with e_l), nv = (1 - mu)/mu; ZF nv = n0 [(G^H G)^{-1}]_ll. */
static void reference_detect(const lte_mimo_cfg *c, int i, int n_rx, const float complex *hk,
                             const float complex *rk, double n0, int mmse, cd *xo, double *nvo)
{
    int np = c->n_ports, v = c->n_layers;
    cd w[16], g[32], a[16], ghg[16], b[4];
    g_model(c, i, w);
    for (int rr = 0; rr < n_rx; rr++)
        for (int l = 0; l < v; l++) {
            g[rr * v + l] = 0;
            for (int p = 0; p < np; p++)
                g[rr * v + l] += (cd)hk[rr * np + p] * w[p * v + l];
        }
    for (int m = 0; m < v; m++) {
        b[m] = 0;
        for (int rr = 0; rr < n_rx; rr++)
            b[m] += conj(g[rr * v + m]) * rk[rr];
        for (int l = 0; l < v; l++) {
            ghg[m * v + l] = 0;
            for (int rr = 0; rr < n_rx; rr++)
                ghg[m * v + l] += conj(g[rr * v + m]) * g[rr * v + l];
            a[m * v + l] = ghg[m * v + l] + (mmse && m == l ? n0 : 0);
        }
    }
    cd xt[4];
    gauss_solve(a, b, v, xt);
    for (int l = 0; l < v; l++) {
        cd e[4] = {0}, col[4];
        e[l] = 1;
        gauss_solve(a, e, v, col); /* column l of A^{-1}; [A^{-1}]_ll = col[l] */
        if (!mmse) {
            xo[l] = xt[l];
            nvo[l] = n0 * creal(col[l]);
            continue;
        }
        cd mu = 0; /* row l of A^{-1} times column l of G^H G; A^{-1} Hermitian */
        for (int m = 0; m < v; m++)
            mu += conj(col[m]) * ghg[m * v + l];
        xo[l] = xt[l] / creal(mu);
        nvo[l] = (1 - creal(mu)) / creal(mu);
    }
}

static void run_detect_case(const lte_mimo_cfg *c, int n_rx, double n0, int mmse, tu_rng *rng,
                            double tol)
{
    enum { M = 48 };
    static float complex x[4 * M], y[4 * M], h[M * 8 * 4], r[M * 8], xe[4 * M];
    static float nv[4 * M];
    int np = c->n_ports, v = c->n_layers;
    for (int k = 0; k < M * v; k++)
        x[k] = rand_qpsk(rng);
    for (int k = 0; k < M * n_rx * np; k++)
        h[k] = rand_cn(rng, 1);
    assert_int_equal(lte_precode(c, x, M, y), 0);
    channel_apply(n_rx, np, M, h, y, n0, rng, r);
    assert_int_equal(lte_mimo_detect(c, mmse ? LTE_EQ_MMSE : LTE_EQ_ZF, n_rx, r, h, (float)n0, M,
                                     xe, nv),
                     0);
    for (int i = 0; i < M; i++) {
        cd xr[4];
        double nr[4];
        reference_detect(c, i, n_rx, h + i * n_rx * np, r + i * n_rx, n0, mmse, xr, nr);
        for (int l = 0; l < v; l++) {
            assert_close(xe[i * v + l], xr[l], 1e-4 * (1 + cabs(xr[l])));
            if (!(fabs(nv[i * v + l] - nr[l]) <= 1e-4 * nr[l] + 1e-9)) {
                print_error("RE %d layer %d: nv %.9g want %.9g\n", i, l, nv[i * v + l], nr[l]);
                fail();
            }
            if (tol > 0)
                assert_close(xe[i * v + l], x[i * v + l], tol);
        }
    }
}

/* Noiseless: ZF and MMSE with n0 = 0 return the symbols (n_rx >= v). */
static void test_detect_noiseless(void **state)
{
    (void)state;
    tu_rng rng;
    tu_rng_seed(&rng, 31);
    lte_mimo_cfg cfgs[96];
    int nc = all_sm_cfgs(cfgs);
    for (int c = 0; c < nc; c++)
        for (int mmse = 0; mmse < 2; mmse++)
            run_detect_case(&cfgs[c], 4, 0.0, mmse, &rng, 2e-3);
}

/* With noise, the outputs equal the closed forms computed in the test, for
 * every configuration and 1..4 receive antennas (MMSE) / v..4 (ZF); at high
 * SNR they are also close to the symbols. */
static void test_detect_closed_form(void **state)
{
    (void)state;
    tu_rng rng;
    tu_rng_seed(&rng, 41);
    lte_mimo_cfg cfgs[96];
    int nc = all_sm_cfgs(cfgs);
    for (int c = 0; c < nc; c++)
        for (int n_rx = 1; n_rx <= 4; n_rx++) {
            run_detect_case(&cfgs[c], n_rx, 0.2, 1, &rng, 0);
            if (n_rx >= cfgs[c].n_layers)
                run_detect_case(&cfgs[c], n_rx, 0.2, 0, &rng, 0);
        }
    /* TM3 2x2 and 4x4 at 60 dB SNR */
    lte_mimo_cfg cdd2 = {LTE_TX_LARGE_CDD, 2, 2, 2, 0}, cdd4 = {LTE_TX_LARGE_CDD, 4, 4, 2, 0};
    run_detect_case(&cdd2, 2, 1e-6, 1, &rng, 0.05);
    run_detect_case(&cdd4, 4, 1e-6, 1, &rng, 0.05);
}

/* The reported noise variance is the variance of the output error: fixed
 * channel, many noisy REs (MMSE: the error includes the residual
 * inter-layer interference of random QPSK symbols). */
static void test_detect_nv_statistics(void **state)
{
    (void)state;
    tu_rng rng;
    tu_rng_seed(&rng, 77);
    enum { M = 24000, NRX = 2 };
    lte_mimo_cfg cfg = {LTE_TX_SPATIAL_MUX, 2, 2, 2, 1};
    float complex *x = malloc(sizeof *x * 2 * M), *y = malloc(sizeof *y * 2 * M),
                  *h = malloc(sizeof *h * M * NRX * 2), *r = malloc(sizeof *r * M * NRX),
                  *xe = malloc(sizeof *xe * 2 * M);
    float *nv = malloc(sizeof *nv * 2 * M);
    assert_true(x && y && h && r && xe && nv);
    float complex h0[NRX * 2];
    for (int k = 0; k < NRX * 2; k++)
        h0[k] = rand_cn(&rng, 1);
    for (int k = 0; k < M; k++)
        memcpy(h + k * NRX * 2, h0, sizeof h0);
    const double n0 = 0.1;
    for (int mmse = 0; mmse < 2; mmse++) {
        for (int k = 0; k < 2 * M; k++)
            x[k] = rand_qpsk(&rng);
        assert_int_equal(lte_precode(&cfg, x, M, y), 0);
        channel_apply(NRX, 2, M, h, y, n0, &rng, r);
        assert_int_equal(lte_mimo_detect(&cfg, mmse ? LTE_EQ_MMSE : LTE_EQ_ZF, NRX, r, h,
                                         (float)n0, M, xe, nv),
                         0);
        for (int l = 0; l < 2; l++) {
            double err = 0, bias = 0;
            for (int k = 0; k < M; k++) {
                cd e = (cd)xe[2 * k + l] - x[2 * k + l];
                err += creal(e * conj(e));
                bias += creal(conj((cd)x[2 * k + l]) * e);
            }
            err /= M;
            bias /= M;
            assert_true(fabs(err / nv[l] - 1) < 0.05); /* nv is the same for every RE */
            assert_true(fabs(bias) < 0.05 * sqrt(nv[l])); /* unbiased */
        }
    }
    free(x), free(y), free(h), free(r), free(xe), free(nv);
}

/* ---- The whole chain ------------------------------------------------------ */

/* bits -> scrambling -> modulation -> layer mapping -> precoding -> random
 * channel (4 receive antennas, 60 dB SNR) -> SFBC combining or MMSE ->
 * layer demapping of symbols and noise variances -> soft demapping ->
 * descrambling: the hard decisions are the bits. Exercises the layouts the
 * modules hand each other (and the per-symbol noise variance following its
 * symbol through the soft delayer). */
static void run_chain(const lte_mimo_cfg *cfg, int m0, tu_rng *rng)
{
    enum { NRX = 4 };
    const lte_mod mods[2] = {LTE_MOD_16QAM, LTE_MOD_QPSK};
    int ml, m_ap, m1 = 0;
    if (cfg->n_cw == 2) { /* codeword 1 has ceil(v/2) layers, codeword 0 floor(v/2) */
        int l0 = cfg->n_layers / 2;
        m1 = m0 / l0 * (cfg->n_layers - l0);
    }
    assert_int_equal(lte_mimo_sizes(cfg, m0, m1, &ml, &m_ap), 0);
    int np = cfg->n_ports, v = cfg->n_layers, m[2] = {m0, m1};
    int nx = ml * v;
    float complex *d[2];
    float complex *x = malloc(sizeof *x * (size_t)nx);
    float complex *y = malloc(sizeof *y * (size_t)(m_ap * np));
    float complex *h = malloc(sizeof *h * (size_t)(m_ap * NRX * np));
    float complex *r = malloc(sizeof *r * (size_t)(m_ap * NRX));
    float complex *xe = malloc(sizeof *xe * (size_t)nx);
    float *nv = malloc(sizeof *nv * (size_t)nx);
    uint8_t *b[2], *s[2];
    float *llr[2], *nvq[2];
    uint32_t c_init[2];
    assert_true(x && y && h && r && xe && nv);
    for (int q = 0; q < cfg->n_cw; q++) {
        int nb = m[q] * (int)mods[q];
        d[q] = malloc(sizeof(float complex) * (size_t)m[q]);
        b[q] = malloc((size_t)nb);
        s[q] = malloc((size_t)nb);
        llr[q] = malloc(sizeof(float) * (size_t)nb);
        nvq[q] = malloc(sizeof(float) * (size_t)m[q]);
        assert_true(d[q] && b[q] && s[q] && llr[q] && nvq[q]);
        tu_random_bits(rng, b[q], nb);
        assert_int_equal(lte_scr_cinit_pdsch(0x3d, q, 6, 77, &c_init[q]), 0);
        assert_int_equal(lte_scramble_bits(c_init[q], 0, b[q], nb, s[q], LTE_SIMD_AUTO), 0);
        assert_int_equal(lte_mod_map(mods[q], s[q], nb, d[q]), 0);
    }
    assert_int_equal(lte_layer_map(cfg, d[0], m0, cfg->n_cw == 2 ? d[1] : NULL, m1, x), 0);
    assert_int_equal(lte_precode(cfg, x, m_ap, y), 0);
    for (int k = 0; k < m_ap * NRX * np; k++)
        h[k] = rand_cn(rng, 1);
    const double n0 = 1e-6;
    channel_apply(NRX, np, m_ap, h, y, n0, rng, r);
    if (cfg->scheme == LTE_TX_DIVERSITY)
        assert_int_equal(
            lte_sfbc_combine(cfg, LTE_EQ_MMSE, NRX, r, h, (float)n0, m_ap, xe, nv), 0);
    else
        assert_int_equal(
            lte_mimo_detect(cfg, LTE_EQ_MMSE, NRX, r, h, (float)n0, m_ap, xe, nv), 0);
    assert_int_equal(lte_layer_demap(cfg, xe, m0, m1, d[0], cfg->n_cw == 2 ? d[1] : NULL), 0);
    assert_int_equal(
        lte_layer_demap_soft(cfg, nv, 1, 1, m0, m1, nvq[0], cfg->n_cw == 2 ? nvq[1] : NULL), 0);
    for (int q = 0; q < cfg->n_cw; q++) {
        int nb = m[q] * (int)mods[q];
        assert_int_equal(
            lte_demap_maxlog(mods[q], d[q], m[q], nvq[q], m[q], llr[q], LTE_SIMD_AUTO), 0);
        assert_int_equal(lte_descramble_llr(c_init[q], 0, llr[q], nb, LTE_SIMD_AUTO), 0);
        for (int i = 0; i < nb; i++)
            assert_int_equal(llr[q][i] < 0, b[q][i]);
        free(d[q]), free(b[q]), free(s[q]), free(llr[q]), free(nvq[q]);
    }
    free(x), free(y), free(h), free(r), free(xe), free(nv);
}

static void test_chain(void **state)
{
    (void)state;
    tu_rng rng;
    tu_rng_seed(&rng, 2024);
    const lte_mimo_cfg cfgs[] = {
        {LTE_TX_SINGLE_PORT, 1, 1, 1, 0}, {LTE_TX_DIVERSITY, 2, 2, 1, 0},
        {LTE_TX_DIVERSITY, 4, 4, 1, 0},   {LTE_TX_LARGE_CDD, 2, 2, 2, 0},
        {LTE_TX_LARGE_CDD, 4, 3, 2, 0},   {LTE_TX_SPATIAL_MUX, 4, 3, 2, 9},
        {LTE_TX_SPATIAL_MUX, 2, 2, 1, 1}, {LTE_TX_SPATIAL_MUX, 4, 1, 1, 5},
    };
    for (unsigned c = 0; c < sizeof cfgs / sizeof cfgs[0]; c++) {
        run_chain(&cfgs[c], 600, &rng);
        if (cfgs[c].scheme == LTE_TX_DIVERSITY && cfgs[c].n_ports == 4)
            run_chain(&cfgs[c], 598, &rng); /* M_symb^(0) mod 4 = 2: padded */
    }
}

static void test_singular(void **state)
{
    (void)state;
    lte_mimo_cfg cfg = {LTE_TX_SPATIAL_MUX, 2, 2, 2, 0};
    float complex h[2 * 2 * 2] = {0}, r[2 * 2] = {1, 1, 1, 1}, x[4];
    float nv[4];
    /* RE 0: zero channel; RE 1: rank one (both receive antennas see the same) */
    h[4] = 1, h[5] = 2, h[6] = 1, h[7] = 2;
    assert_int_equal(lte_mimo_detect(&cfg, LTE_EQ_ZF, 2, r, h, 0.1f, 2, x, nv), 0);
    for (int k = 0; k < 4; k++) {
        assert_true(x[k] == 0);
        assert_true(nv[k] == FLT_MAX);
    }
    assert_int_equal(lte_mimo_detect(&cfg, LTE_EQ_MMSE, 2, r, h, 0.1f, 2, x, nv), 0);
    assert_true(x[0] == 0 && nv[0] == FLT_MAX); /* nothing received at all */
    for (int k = 2; k < 4; k++)
        assert_true(isfinite(crealf(x[k])) && nv[k] > 0 && nv[k] < FLT_MAX);
    lte_mimo_cfg td = {LTE_TX_DIVERSITY, 2, 2, 1, 0};
    memset(h, 0, sizeof h);
    assert_int_equal(lte_sfbc_combine(&td, LTE_EQ_ZF, 1, r, h, 0.1f, 2, x, nv), 0);
    assert_true(x[0] == 0 && nv[0] == FLT_MAX && nv[1] == FLT_MAX);
}

static void test_bad_args(void **state)
{
    (void)state;
    float complex a[64] = {0}, b[64];
    float nv[64];
    lte_mimo_cfg sm = {LTE_TX_SPATIAL_MUX, 4, 3, 2, 0}, td = {LTE_TX_DIVERSITY, 4, 4, 1, 0};
    assert_int_equal(lte_codebook_size(3, 1), LTE_EINVAL);
    assert_int_equal(lte_codebook_size(2, 3), LTE_EINVAL);
    assert_int_equal(lte_codebook(4, 2, 16, b), LTE_EINVAL);
    assert_int_equal(lte_codebook(4, 2, -1, b), LTE_EINVAL);
    assert_int_equal(lte_codebook(4, 2, 0, NULL), LTE_EINVAL);
    assert_int_equal(lte_precoder_matrix(&td, 0, b), LTE_EINVAL);
    assert_int_equal(lte_precoder_matrix(&sm, -1, b), LTE_EINVAL);
    assert_int_equal(lte_precode(&td, a, 6, b), 0);  /* 4i - 2 REs: padded */
    assert_int_equal(lte_precode(&td, a, 5, b), LTE_EINVAL);
    assert_int_equal(lte_precode(&sm, NULL, 4, b), LTE_EINVAL);
    assert_int_equal(lte_precode(&sm, a, -1, b), LTE_EINVAL);
    assert_int_equal(lte_precode(NULL, a, 4, b), LTE_EINVAL);
    assert_int_equal(lte_mimo_detect(&sm, LTE_EQ_ZF, 2, a, a, 0.1f, 4, b, nv), LTE_EINVAL);
    assert_int_equal(lte_mimo_detect(&sm, LTE_EQ_MMSE, 2, a, a, 0.1f, 4, b, nv), 0);
    assert_int_equal(lte_mimo_detect(&sm, LTE_EQ_MMSE, 0, a, a, 0.1f, 4, b, nv), LTE_EINVAL);
    assert_int_equal(lte_mimo_detect(&sm, LTE_EQ_MMSE, 9, a, a, 0.1f, 4, b, nv), LTE_EINVAL);
    assert_int_equal(lte_mimo_detect(&sm, LTE_EQ_MMSE, 2, a, a, -1.0f, 4, b, nv), LTE_EINVAL);
    assert_int_equal(lte_mimo_detect(&sm, LTE_EQ_MMSE, 2, a, a, NAN, 4, b, nv), LTE_EINVAL);
    assert_int_equal(lte_mimo_detect(&sm, (lte_mimo_eq)5, 2, a, a, 0.1f, 4, b, nv), LTE_EINVAL);
    assert_int_equal(lte_mimo_detect(&sm, LTE_EQ_MMSE, 2, NULL, a, 0.1f, 4, b, nv), LTE_EINVAL);
    assert_int_equal(lte_mimo_detect(&td, LTE_EQ_MMSE, 2, a, a, 0.1f, 4, b, nv), LTE_EINVAL);
    assert_int_equal(lte_sfbc_combine(&sm, LTE_EQ_MMSE, 2, a, a, 0.1f, 4, b, nv), LTE_EINVAL);
    assert_int_equal(lte_sfbc_combine(&td, LTE_EQ_MMSE, 2, a, a, 0.1f, 3, b, nv), LTE_EINVAL);
    assert_int_equal(lte_sfbc_combine(&td, LTE_EQ_MMSE, 2, a, NULL, 0.1f, 4, b, nv), LTE_EINVAL);
    assert_int_equal(lte_sfbc_combine(&td, LTE_EQ_MMSE, 2, a, a, 0.1f, 4, b, NULL), 0);
    assert_true(strlen(lte_errdetail()) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codebook2_entries),   cmocka_unit_test(test_codebook4_householder),
        cmocka_unit_test(test_codebook4_nested),
        cmocka_unit_test(test_codebook_unitary),    cmocka_unit_test(test_sfbc_spec_matrix),
        cmocka_unit_test(test_sfbc_noiseless),      cmocka_unit_test(test_sfbc_alamouti),
        cmocka_unit_test(test_precoder_matrices),   cmocka_unit_test(test_precode_sm),
        cmocka_unit_test(test_detect_noiseless),    cmocka_unit_test(test_detect_closed_form),
        cmocka_unit_test(test_detect_nv_statistics), cmocka_unit_test(test_chain),
        cmocka_unit_test(test_singular),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
