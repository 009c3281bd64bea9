/* Precoding (36.211 §6.3.4) with the codebooks of §6.3.4.2.3, and the
 * receiver-side inverses: SFBC / SFBC-FSTD combining and linear ZF / MMSE
 * detection given the channel. The per-RE linear algebra is done in double
 * precision: this is the reference model, and a 4x4 Gram matrix of a poor
 * channel loses too much in float.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <float.h>
#include <math.h>
#include <stddef.h>

#include "kernels/internal.h"
#include "ltephy/layers.h"

typedef double complex cd;

#define R2 0.70710678118654752440 /* 1/sqrt(2) */

/* ZF: a pivot (Cholesky) or determinant (2x2) this small relative to the
 * trace of G^H G means the layers cannot be separated. MMSE's G^H G + n0 I
 * is positive definite by construction when n0 > 0, and is only required
 * to stay so numerically. */
#define SINGULAR_TOL 1e-12

#define MAX_PERIOD 16 /* large-delay CDD, 4 ports: W cycles over 4 v indices */

/* Complex products written out: C's complex '*' must handle inf/NaN
 * operands (Annex G) and so compiles to a library call per product, which
 * dominated the per-RE cost. Inputs here are finite, where the plain
 * formula is exact to rounding. */
static inline cd cmul(cd a, cd b)
{
    return CMPLX(creal(a) * creal(b) - cimag(a) * cimag(b),
                 creal(a) * cimag(b) + cimag(a) * creal(b));
}

/* conj(a) * b */
static inline cd cmulc(cd a, cd b)
{
    return CMPLX(creal(a) * creal(b) + cimag(a) * cimag(b),
                 creal(a) * cimag(b) - cimag(a) * creal(b));
}

static inline double cabs2(cd a) { return creal(a) * creal(a) + cimag(a) * cimag(a); }

/* ---- Codebooks (§6.3.4.2.3) ---------------------------------------------- */

int lte_codebook_size(int n_ports, int n_layers)
{
    LTE_CHECK_ARG(n_ports == 2 || n_ports == 4, "n_ports = %d: must be 2 or 4", n_ports);
    LTE_CHECK_ARG(n_layers >= 1 && n_layers <= n_ports, "n_layers = %d: must be 1..%d",
                  n_layers, n_ports);
    if (n_ports == 2)
        return n_layers == 1 ? 4 : 3; /* Table 6.3.4.2.3-1 */
    return 16;                        /* Table 6.3.4.2.3-2 */
}

/* Table 6.3.4.2.3-1, entries as written in the table (row p, column l). */
static void codebook2(int v, int idx, cd *w)
{
    static const cd v1_second[4] = {1, -1, I, -I}; /* 1/sqrt(2) [1; 1|-1|j|-j] */
    if (v == 1) {
        w[0] = R2;
        w[1] = R2 * v1_second[idx];
        return;
    }
    switch (idx) {
    case 0: /* 1/sqrt(2) [1 0; 0 1] */
        w[0] = R2, w[1] = 0, w[2] = 0, w[3] = R2;
        break;
    case 1: /* 1/2 [1 1; 1 -1] */
        w[0] = 0.5, w[1] = 0.5, w[2] = 0.5, w[3] = -0.5;
        break;
    default: /* 1/2 [1 1; j -j] */
        w[0] = 0.5, w[1] = 0.5, w[2] = 0.5 * I, w[3] = -0.5 * I;
        break;
    }
}

/* u_n of Table 6.3.4.2.3-2 as (re, im) pairs; S = 1/sqrt(2). */
#define S R2
static const double u_tab[16][4][2] = {
    {{1, 0}, {-1, 0}, {-1, 0}, {-1, 0}}, {{1, 0}, {0, -1}, {1, 0}, {0, 1}},
    {{1, 0}, {1, 0}, {-1, 0}, {1, 0}},   {{1, 0}, {0, 1}, {1, 0}, {0, -1}},
    {{1, 0}, {-S, -S}, {0, -1}, {S, -S}}, {{1, 0}, {S, -S}, {0, 1}, {-S, -S}},
    {{1, 0}, {S, S}, {0, -1}, {-S, S}},   {{1, 0}, {-S, S}, {0, 1}, {S, S}},
    {{1, 0}, {-1, 0}, {1, 0}, {1, 0}},   {{1, 0}, {0, -1}, {-1, 0}, {0, -1}},
    {{1, 0}, {1, 0}, {1, 0}, {-1, 0}},   {{1, 0}, {0, 1}, {-1, 0}, {0, 1}},
    {{1, 0}, {-1, 0}, {-1, 0}, {1, 0}},  {{1, 0}, {-1, 0}, {1, 0}, {-1, 0}},
    {{1, 0}, {1, 0}, {-1, 0}, {-1, 0}},  {{1, 0}, {1, 0}, {1, 0}, {1, 0}},
};
#undef S

/* The column sets {s} of W_n^{s} in Table 6.3.4.2.3-2, in the spec's
 * 1-based notation, for v = 1..4 and n = 0..15. */
static const char *const col_sets[4][16] = {
    {"1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1"},
    {"14", "12", "12", "12", "14", "14", "13", "13", "12", "14", "13", "13", "12", "13", "13",
     "12"},
    {"124", "123", "123", "123", "124", "124", "134", "134", "124", "134", "123", "134", "123",
     "123", "123", "123"},
    {"1234", "1234", "3214", "3214", "1234", "1234", "1324", "1324", "1234", "1234", "1324",
     "1324", "1234", "1324", "3214", "1234"},
};

/* W_n = I - 2 u_n u_n^H / (u_n^H u_n), columns {s}, divided by sqrt(v). */
static void codebook4(int v, int n, cd *w)
{
    cd u[4];
    double norm2 = 0;
    for (int k = 0; k < 4; k++) {
        u[k] = u_tab[n][k][0] + I * u_tab[n][k][1];
        norm2 += creal(u[k] * conj(u[k]));
    }
    const char *cols = col_sets[v - 1][n];
    double scale = 1.0 / sqrt((double)v);
    for (int l = 0; l < v; l++) {
        int c = cols[l] - '1';
        for (int p = 0; p < 4; p++) {
            cd wn = (p == c ? 1.0 : 0.0) - 2.0 * u[p] * conj(u[c]) / norm2;
            w[p * v + l] = scale * wn;
        }
    }
}

static void codebook_d(int n_ports, int v, int idx, cd *w)
{
    if (n_ports == 2)
        codebook2(v, idx, w);
    else
        codebook4(v, idx, w);
}

int lte_codebook(int n_ports, int n_layers, int index, float complex *w)
{
    int n = lte_codebook_size(n_ports, n_layers);
    if (n < 0)
        return n;
    LTE_CHECK_ARG(index >= 0 && index < n, "index = %d: must be 0..%d for P = %d, v = %d",
                  index, n - 1, n_ports, n_layers);
    LTE_CHECK_ARG(w != NULL, "w is NULL");
    cd wd[LTE_MAX_PORTS * LTE_MAX_LAYERS];
    codebook_d(n_ports, n_layers, index, wd);
    for (int k = 0; k < n_ports * n_layers; k++)
        w[k] = (float complex)wd[k];
    return 0;
}

/* ---- Precoder matrices G(i) (§6.3.4.1, §6.3.4.2) -------------------------- */

/* G(i) repeats with this period in i: large-delay CDD's D(i) has period v
 * and, for 4 ports, W(i) cycles over 4 codebook entries every v indices. */
static int precoder_period(const lte_mimo_cfg *cfg)
{
    if (cfg->scheme != LTE_TX_LARGE_CDD)
        return 1;
    return cfg->n_ports == 4 ? 4 * cfg->n_layers : cfg->n_layers;
}

/* W(i) D(i) U of §6.3.4.2.2, Table 6.3.4.2.2-1. */
static void cdd_matrix(int p_n, int v, int i, cd *g)
{
    cd w[LTE_MAX_PORTS * LTE_MAX_LAYERS];
    /* 2 ports: codebook index 0; 4 ports: C_k, k = (floor(i/v) mod 4) + 1,
     * C_1..C_4 being codebook indices 12..15 */
    codebook_d(p_n, v, p_n == 2 ? 0 : 12 + (i / v) % 4, w);
    for (int p = 0; p < p_n; p++)
        for (int n = 0; n < v; n++) {
            cd acc = 0;
            for (int m = 0; m < v; m++) {
                cd d = cexp(-2.0 * M_PI * I * (double)((m * i) % v) / v);
                cd u = cexp(-2.0 * M_PI * I * (double)((m * n) % v) / v) / sqrt((double)v);
                acc += w[p * v + m] * d * u;
            }
            g[p * v + n] = acc;
        }
}

static void precoder_d(const lte_mimo_cfg *cfg, int i, cd *g)
{
    switch (cfg->scheme) {
    case LTE_TX_SPATIAL_MUX:
        codebook_d(cfg->n_ports, cfg->n_layers, cfg->codebook, g);
        break;
    case LTE_TX_LARGE_CDD:
        cdd_matrix(cfg->n_ports, cfg->n_layers, i, g);
        break;
    default: /* single port */
        g[0] = 1;
        break;
    }
}

int lte_precoder_matrix(const lte_mimo_cfg *cfg, int i, float complex *g)
{
    int rc = lte_mimo_validate(cfg);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(cfg->scheme != LTE_TX_DIVERSITY,
                  "transmit diversity has no per-index precoding matrix");
    LTE_CHECK_ARG(i >= 0, "i = %d: must be >= 0", i);
    LTE_CHECK_ARG(g != NULL, "g is NULL");
    cd gd[LTE_MAX_PORTS * LTE_MAX_LAYERS];
    precoder_d(cfg, i % precoder_period(cfg), gd);
    for (int k = 0; k < cfg->n_ports * cfg->n_layers; k++)
        g[k] = (float complex)gd[k];
    return 0;
}

/* The matrices of one period, so the per-RE loops do no trigonometry. */
static int precoder_table(const lte_mimo_cfg *cfg,
                          cd tab[MAX_PERIOD][LTE_MAX_PORTS * LTE_MAX_LAYERS])
{
    int t = precoder_period(cfg);
    for (int k = 0; k < t; k++)
        precoder_d(cfg, k, tab[k]);
    return t;
}

/* ---- Precoding ------------------------------------------------------------ */

/* One Alamouti pair of §6.3.4.3 on ports pa, pb of REs k, k+1:
 * [y_pa(k) y_pb(k); y_pa(k+1) y_pb(k+1)] = [xa -xb*; xb xa*] / sqrt(2). */
static void sfbc_pair(float complex xa, float complex xb, int pa, int pb,
                      float complex *yk, float complex *yk1)
{
    const float s = (float)R2;
    yk[pa] = s * xa;
    yk[pb] = -s * conjf(xb);
    yk1[pa] = s * xb;
    yk1[pb] = s * conjf(xa);
}

static void precode_td(int n_ports, const float complex *x, int m_ap, float complex *y)
{
    for (int k = 0; k < m_ap * n_ports; k++)
        y[k] = 0;
    if (n_ports == 2) {
        for (int k = 0; k < m_ap; k += 2)
            sfbc_pair(x[k], x[k + 1], 0, 1, y + k * 2, y + (k + 1) * 2);
        return;
    }
    /* SFBC-FSTD: pairs (4i, 4i+1) on ports 0/2, (4i+2, 4i+3) on ports 1/3;
     * the second pair of a padded last group is not transmitted. */
    for (int k = 0; k < m_ap; k += 2) {
        int pa = (k % 4 == 0) ? 0 : 1, pb = pa + 2;
        sfbc_pair(x[k], x[k + 1], pa, pb, y + k * 4, y + (k + 1) * 4);
    }
}

static int check_m_ap(const lte_mimo_cfg *cfg, int m_ap)
{
    LTE_CHECK_ARG(m_ap >= 0 && m_ap <= (1 << 28), "m_ap = %d: must be 0..2^28", m_ap);
    if (cfg->scheme == LTE_TX_DIVERSITY)
        LTE_CHECK_ARG(m_ap % 2 == 0, "m_ap = %d: transmit diversity needs an even M_symb^ap",
                      m_ap);
    return 0;
}

int lte_precode(const lte_mimo_cfg *cfg, const float complex *x, int m_ap, float complex *y)
{
    int rc = lte_mimo_validate(cfg);
    if (rc < 0 || (rc = check_m_ap(cfg, m_ap)) < 0)
        return rc;
    LTE_CHECK_ARG(m_ap == 0 || (x != NULL && y != NULL), "x or y is NULL");
    int np = cfg->n_ports, v = cfg->n_layers;
    if (cfg->scheme == LTE_TX_DIVERSITY) {
        precode_td(np, x, m_ap, y);
        return 0;
    }
    cd tab[MAX_PERIOD][LTE_MAX_PORTS * LTE_MAX_LAYERS];
    int t = precoder_table(cfg, tab);
    for (int k = 0; k < m_ap; k++) {
        const cd *g = tab[k % t];
        const float complex *xk = x + (size_t)k * v;
        for (int p = 0; p < np; p++) {
            cd acc = 0;
            for (int l = 0; l < v; l++)
                acc += cmul(g[p * v + l], xk[l]);
            y[(size_t)k * np + p] = (float complex)acc;
        }
    }
    return 0;
}

/* ---- Per-RE linear algebra ------------------------------------------------ */

/* a = G^H G + s I (v x v) and b = G^H z, for an n x v matrix G. */
static inline void normal_equations(const cd *g, const cd *z, int n, int v, double s, cd *a, cd *b)
{
    for (int i = 0; i < v; i++) {
        for (int j = i; j < v; j++) {
            cd acc = 0;
            for (int r = 0; r < n; r++)
                acc += cmulc(g[r * v + i], g[r * v + j]);
            a[i * v + j] = acc;
            a[j * v + i] = conj(acc);
        }
        a[i * v + i] = creal(a[i * v + i]) + s;
        cd acc = 0;
        for (int r = 0; r < n; r++)
            acc += cmulc(g[r * v + i], z[r]);
        b[i] = acc;
    }
}

static double herm_trace(const cd *a, int v)
{
    double t = 0;
    for (int i = 0; i < v; i++)
        t += creal(a[i * v + i]);
    return t;
}

/* Inverse of a Hermitian 2x2 [a b; b* c]: [c -b; -b* a] / (ac - |b|^2).
 * Returns -1 if it is numerically singular. */
static int herm_inverse_2x2(const cd *a, double tol, cd *inv)
{
    double a00 = creal(a[0]), a11 = creal(a[3]), tr = a00 + a11;
    cd b = a[1];
    double det = a00 * a11 - cabs2(b);
    if (!(det > tol * tr * tr))
        return -1;
    inv[0] = a11 / det;
    inv[1] = -b / det;
    inv[2] = -conj(b) / det;
    inv[3] = a00 / det;
    return 0;
}

/* Inverse of a Hermitian positive definite v x v matrix (v <= 4) by
 * Cholesky: A = L L^H, A^{-1} = L^{-H} L^{-1}. Returns -1 if a pivot is
 * (numerically) not positive, i.e. A is singular. */
static int herm_inverse_chol(const cd *a, int v, double rel_tol, cd *inv)
{
    /* L below its diagonal in l[], its real positive diagonal in dg[];
     * L^{-1} likewise in li[] / 1/dg[] */
    cd l[16] = {0}, li[16] = {0};
    double dg[4];
    double tol = rel_tol * herm_trace(a, v);
    for (int j = 0; j < v; j++) {
        double d = creal(a[j * v + j]);
        for (int k = 0; k < j; k++)
            d -= cabs2(l[j * v + k]);
        if (!(d > tol))
            return -1;
        dg[j] = sqrt(d);
        for (int i = j + 1; i < v; i++) {
            cd s = a[i * v + j];
            for (int k = 0; k < j; k++)
                s -= cmul(l[i * v + k], conj(l[j * v + k]));
            l[i * v + j] = s / dg[j];
        }
    }
    /* forward substitution for L^{-1}, column by column */
    for (int j = 0; j < v; j++) {
        li[j * v + j] = 1.0 / dg[j];
        for (int i = j + 1; i < v; i++) {
            cd s = cmul(l[i * v + j], li[j * v + j]);
            for (int k = j + 1; k < i; k++)
                s += cmul(l[i * v + k], li[k * v + j]);
            li[i * v + j] = -s / dg[i];
        }
    }
    for (int i = 0; i < v; i++)
        for (int j = 0; j < v; j++) {
            cd s = 0;
            for (int k = (i > j ? i : j); k < v; k++)
                s += cmulc(li[k * v + i], li[k * v + j]);
            inv[i * v + j] = s;
        }
    return 0;
}

/* Inverse of the Hermitian v x v matrix a; -1 if a pivot is not above
 * rel_tol times the trace (times the trace squared for the determinant). */
static inline int herm_inverse(const cd *a, int v, double rel_tol, cd *inv)
{
    if (v == 1) {
        double d = creal(a[0]);
        if (!(d > 0))
            return -1;
        inv[0] = 1.0 / d;
        return 0;
    }
    if (v == 2)
        return herm_inverse_2x2(a, rel_tol, inv);
    return herm_inverse_chol(a, v, rel_tol, inv);
}

static float to_nv(double nv) { return nv < FLT_MAX ? (float)nv : FLT_MAX; }

/* Linear estimate of the v layers of one RE from r = G x + n (G: n x v),
 * per the ZF / unbiased-MMSE rules in layers.h. Always inlined into
 * linear_estimate() below with a constant v, so that each layer count gets
 * its own unrolled copy. */
static inline __attribute__((always_inline)) void
linear_estimate_v(const cd *g, const cd *z, int n, int v, double n0, lte_mimo_eq eq, cd *xo,
                  double *nvo)
{
    cd a[16], b[4], ainv[16];
    int mmse = eq == LTE_EQ_MMSE && n0 > 0;
    normal_equations(g, z, n, v, mmse ? n0 : 0.0, a, b);
    if (herm_inverse(a, v, mmse ? 0.0 : SINGULAR_TOL, ainv) < 0) {
        for (int l = 0; l < v; l++)
            xo[l] = 0, nvo[l] = FLT_MAX;
        return;
    }
    for (int l = 0; l < v; l++) {
        cd xt = 0;
        for (int m = 0; m < v; m++)
            xt += cmul(ainv[l * v + m], b[m]);
        double dl = creal(ainv[l * v + l]);
        if (eq == LTE_EQ_ZF) {
            xo[l] = xt;
            nvo[l] = n0 * dl;
            continue;
        }
        double mu = 1.0 - n0 * dl; /* diagonal of (G^H G + n0 I)^{-1} G^H G */
        if (!(mu > SINGULAR_TOL)) {
            xo[l] = 0, nvo[l] = FLT_MAX;
            continue;
        }
        xo[l] = xt / mu;
        nvo[l] = n0 * dl / mu;
    }
}

static void linear_estimate(const cd *g, const cd *z, int n, int v, double n0, lte_mimo_eq eq,
                            cd *xo, double *nvo)
{
    switch (v) {
    case 1: linear_estimate_v(g, z, n, 1, n0, eq, xo, nvo); break;
    case 2: linear_estimate_v(g, z, n, 2, n0, eq, xo, nvo); break;
    case 3: linear_estimate_v(g, z, n, 3, n0, eq, xo, nvo); break;
    default: linear_estimate_v(g, z, n, 4, n0, eq, xo, nvo); break;
    }
}

/* ---- Receivers ------------------------------------------------------------ */

static int check_rx_args(const lte_mimo_cfg *cfg, lte_mimo_eq eq, int n_rx,
                         const float complex *r, const float complex *h, float n0, int m_ap,
                         const float complex *x)
{
    int rc = lte_mimo_validate(cfg);
    if (rc < 0 || (rc = check_m_ap(cfg, m_ap)) < 0)
        return rc;
    LTE_CHECK_ARG(eq == LTE_EQ_ZF || eq == LTE_EQ_MMSE, "eq = %d: invalid", (int)eq);
    LTE_CHECK_ARG(n_rx >= 1 && n_rx <= LTE_MIMO_MAX_RX, "n_rx = %d: must be 1..%d", n_rx,
                  LTE_MIMO_MAX_RX);
    LTE_CHECK_ARG(isfinite(n0) && n0 >= 0, "n0 = %g: must be finite and >= 0", (double)n0);
    LTE_CHECK_ARG(m_ap == 0 || (r != NULL && h != NULL && x != NULL), "r, h or x is NULL");
    return 0;
}

/* One Alamouti pair on ports pa, pb of REs k, k+1 (see sfbc_pair): with
 * z = [r(k); r(k+1)*] the unknowns (xa, xb*) see the 2 n_rx x 2 matrix
 *   [ h_k[pa]       -h_k[pb]     ] / sqrt(2)
 *   [ h_k+1[pb]*     h_k+1[pa]*  ] / sqrt(2)                              */
static void sfbc_pair_rx(int n_rx, int n_ports, int pa, int pb, const float complex *rk,
                         const float complex *hk, double n0, lte_mimo_eq eq, float complex *x,
                         float *nv)
{
    cd g[2 * LTE_MIMO_MAX_RX * 2], z[2 * LTE_MIMO_MAX_RX], est[2];
    double var[2];
    const float complex *rk1 = rk + n_rx, *hk1 = hk + n_rx * n_ports;
    for (int a = 0; a < n_rx; a++) {
        const float complex *h0 = hk + a * n_ports, *h1 = hk1 + a * n_ports;
        g[a * 2 + 0] = R2 * (cd)h0[pa];
        g[a * 2 + 1] = -R2 * (cd)h0[pb];
        g[(n_rx + a) * 2 + 0] = R2 * conj((cd)h1[pb]);
        g[(n_rx + a) * 2 + 1] = R2 * conj((cd)h1[pa]);
        z[a] = rk[a];
        z[n_rx + a] = conj((cd)rk1[a]);
    }
    linear_estimate(g, z, 2 * n_rx, 2, n0, eq, est, var);
    x[0] = (float complex)est[0];
    x[1] = (float complex)conj(est[1]);
    if (nv) {
        nv[0] = to_nv(var[0]);
        nv[1] = to_nv(var[1]);
    }
}

int lte_sfbc_combine(const lte_mimo_cfg *cfg, lte_mimo_eq eq, int n_rx, const float complex *r,
                     const float complex *h, float n0, int m_ap, float complex *x, float *nv)
{
    int rc = check_rx_args(cfg, eq, n_rx, r, h, n0, m_ap, x);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(cfg->scheme == LTE_TX_DIVERSITY, "scheme = %d: SFBC needs transmit diversity",
                  (int)cfg->scheme);
    int np = cfg->n_ports;
    for (int k = 0; k < m_ap; k += 2) {
        int pa = (np == 2 || k % 4 == 0) ? 0 : 1, pb = np == 2 ? 1 : pa + 2;
        sfbc_pair_rx(n_rx, np, pa, pb, r + (size_t)k * n_rx, h + (size_t)k * n_rx * np, n0, eq,
                     x + k, nv ? nv + k : NULL);
    }
    if (np == 4 && m_ap % 4 == 2) { /* the two null symbols of §6.3.3.3 */
        x[m_ap] = x[m_ap + 1] = 0;
        if (nv)
            nv[m_ap] = nv[m_ap + 1] = 1.0f;
    }
    return 0;
}

int lte_mimo_detect(const lte_mimo_cfg *cfg, lte_mimo_eq eq, int n_rx, const float complex *r,
                    const float complex *h, float n0, int m_ap, float complex *x, float *nv)
{
    int rc = check_rx_args(cfg, eq, n_rx, r, h, n0, m_ap, x);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(cfg->scheme != LTE_TX_DIVERSITY, "transmit diversity: use lte_sfbc_combine");
    int np = cfg->n_ports, v = cfg->n_layers;
    LTE_CHECK_ARG(eq != LTE_EQ_ZF || n_rx >= v, "ZF needs n_rx >= v (n_rx = %d, v = %d)", n_rx,
                  v);
    cd tab[MAX_PERIOD][LTE_MAX_PORTS * LTE_MAX_LAYERS];
    int t = precoder_table(cfg, tab);
    for (int k = 0; k < m_ap; k++) {
        const cd *w = tab[k % t];
        const float complex *hk = h + (size_t)k * n_rx * np, *rk = r + (size_t)k * n_rx;
        cd g[LTE_MIMO_MAX_RX * LTE_MAX_LAYERS], z[LTE_MIMO_MAX_RX], est[LTE_MAX_LAYERS];
        double var[LTE_MAX_LAYERS];
        for (int a = 0; a < n_rx; a++) {
            z[a] = rk[a];
            for (int l = 0; l < v; l++) { /* effective channel H_k G(k) */
                cd acc = 0;
                for (int p = 0; p < np; p++)
                    acc += cmul(hk[a * np + p], w[p * v + l]);
                g[a * v + l] = acc;
            }
        }
        linear_estimate(g, z, n_rx, v, n0, eq, est, var);
        for (int l = 0; l < v; l++) {
            x[(size_t)k * v + l] = (float complex)est[l];
            if (nv)
                nv[(size_t)k * v + l] = to_nv(var[l]);
        }
    }
    return 0;
}
