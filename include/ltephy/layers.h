/* ltephy phy: layer mapping, precoding and their receiver-side inverses for
 * the downlink transmission modes 1-4 (TS 36.211 §6.3.3, §6.3.4).
 *
 * Schemes (lte_tx_scheme) and the transmission modes that use them:
 *   LTE_TX_SINGLE_PORT  one antenna port, §6.3.3.1 / §6.3.4.1        (TM1)
 *   LTE_TX_DIVERSITY    SFBC (2 ports) / SFBC-FSTD (4 ports),
 *                       §6.3.3.3 / §6.3.4.3                         (TM2)
 *   LTE_TX_LARGE_CDD    spatial multiplexing with large-delay CDD,
 *                       §6.3.3.2 / §6.3.4.2.2                       (TM3)
 *   LTE_TX_SPATIAL_MUX  closed-loop spatial multiplexing without CDD,
 *                       §6.3.3.2 / §6.3.4.2.1, codebook of §6.3.4.2.3 (TM4)
 *
 * Data layout (all arrays are "vector per index", the spec's x(i), y(i)):
 *   codewords  d_q[j], j < M_symb^(q)
 *   layers     x[i*v + l]   = x^(l)(i),  i < M_symb^layer, l < v
 *   ports      y[k*P + p]   = y^(p)(k),  k < M_symb^ap,    p < P
 *   channel    h[(k*n_rx + r)*P + p] = H_k[r][p], the channel from antenna
 *              port p to receive antenna r on the RE carrying y(k)
 *   received   r[k*n_rx + rx]
 * With transmit diversity the layer mapping x^(l)(i) = d(P*i + l) makes the
 * layer array x the codeword d itself (plus 2 null symbols of padding for
 * 4 ports when M_symb^(0) mod 4 = 2).
 *
 * Layer symbols are assumed to have unit mean energy (the constellations of
 * ltephy/modulation.h); the spec's normalisations (1/sqrt(2), 1/sqrt(v))
 * keep the mean total transmit power per RE at 1.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_LAYERS_H
#define LTEPHY_LAYERS_H

#include <complex.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_MAX_PORTS 4   /* P: cell-specific antenna ports 0..3 */
#define LTE_MAX_LAYERS 4  /* v of TM1-4 */
#define LTE_MIMO_MAX_RX 8 /* receive antennas the detectors accept */

typedef enum lte_tx_scheme {
    LTE_TX_SINGLE_PORT = 0,
    LTE_TX_DIVERSITY = 1,
    LTE_TX_LARGE_CDD = 2,
    LTE_TX_SPATIAL_MUX = 3,
} lte_tx_scheme;

/* Valid combinations (lte_mimo_validate):
 *   SINGLE_PORT  P = 1, v = 1, n_cw = 1
 *   DIVERSITY    P = 2 or 4, v = P, n_cw = 1
 *   LARGE_CDD    P = 2: v = 2; P = 4: v = 2..4; n_cw = 1 or 2 (rank 1 in
 *                TM3 uses transmit diversity, 36.213 §7.1.3)
 *   SPATIAL_MUX  P = 2 or 4, v = 1..P, n_cw = 1 or 2 with n_cw <= v;
 *                codebook = index into Table 6.3.4.2.3-1 (P = 2: 0..3 for
 *                v = 1, 0..2 for v = 2) or 6.3.4.2.3-2 (P = 4: 0..15)
 * Codeword to layer mapping follows Table 6.3.3.2-1: two codewords share
 * the layers as floor(v/2) for codeword 0 and the rest for codeword 1; one
 * codeword on v layers uses x^(l)(i) = d(v*i + l) (the 1-codeword 2-layer
 * case of Rel-8 and the 3/4-layer cases of Rel-10). */
typedef struct lte_mimo_cfg {
    lte_tx_scheme scheme;
    int n_ports;  /* P */
    int n_layers; /* v */
    int n_cw;     /* number of codewords */
    int codebook; /* SPATIAL_MUX only: codebook index */
} lte_mimo_cfg;

/* 0 if the configuration is one of the above, else LTE_EINVAL. */
int lte_mimo_validate(const lte_mimo_cfg *cfg);

/* Sizes for codewords of m0 and m1 symbols (m1 = 0 for one codeword):
 * *m_layer = M_symb^layer (Tables 6.3.3.2-1, 6.3.3.3-1) and *m_ap =
 * M_symb^ap (§6.3.4). LTE_EINVAL if the sizes do not fit the table (e.g.
 * two codewords whose M_symb^(q) / (layers of q) differ, an odd M_symb^(0)
 * for transmit diversity). Either output may be NULL. */
int lte_mimo_sizes(const lte_mimo_cfg *cfg, int m0, int m1, int *m_layer, int *m_ap);

/* ---- Layer mapping (§6.3.3) ---------------------------------------------- */

/* d0 (m0 symbols) and d1 (m1 symbols; NULL and 0 with one codeword) ->
 * x (m_layer * v symbols). For 4-port transmit diversity with
 * m0 mod 4 = 2 the two null symbols appended to d0 are zeros. */
int lte_layer_map(const lte_mimo_cfg *cfg, const float complex *d0, int m0,
                  const float complex *d1, int m1, float complex *x);

/* The inverse: x (m_layer * v symbols) -> d0 (m0), d1 (m1). The padding of
 * 4-port transmit diversity is dropped. */
int lte_layer_demap(const lte_mimo_cfg *cfg, const float complex *x, int m0, int m1,
                    float complex *d0, float complex *d1);

/* The inverse for soft values attached to layer symbols: each symbol of a
 * layer of codeword q carries k_q floats (1 for a noise variance, Q_m for
 * LLRs). x holds, for i = 0..m_layer-1 and l = 0..v-1 in that order, the
 * k_q(l) values of x^(l)(i); d0 gets m0*k0 values, d1 m1*k1 values (k1 and
 * d1 ignored with one codeword). k_q = 1..8. */
int lte_layer_demap_soft(const lte_mimo_cfg *cfg, const float *x, int k0, int k1, int m0,
                         int m1, float *d0, float *d1);

/* ---- Precoding (§6.3.4) --------------------------------------------------- */

/* Number of codebook indices for P ports and v layers (Tables 6.3.4.2.3-1
 * and -2): P = 2: 4 (v = 1), 3 (v = 2); P = 4: 16 (v = 1..4). */
int lte_codebook_size(int n_ports, int n_layers);

/* Codebook matrix W (P x v, w[p*v + l]) including its normalisation:
 * P = 2 from Table 6.3.4.2.3-1; P = 4 from Table 6.3.4.2.3-2, i.e. the
 * columns {s} of W_n = I - 2 u_n u_n^H / (u_n^H u_n) divided by sqrt(v). */
int lte_codebook(int n_ports, int n_layers, int index, float complex *w);

/* The P x v matrix G(i) with y(i) = G(i) x(i), g[p*v + l]:
 *   SINGLE_PORT  [1]
 *   SPATIAL_MUX  W (the configured codebook entry, §6.3.4.2.1)
 *   LARGE_CDD    W(i) D(i) U (§6.3.4.2.2): U[m][n] = e^{-j2pi mn/v}/sqrt(v),
 *                D(i) = diag(e^{-j2pi k i/v}); W = codebook 0 (P = 2), or
 *                codebook 12 + (floor(i/v) mod 4) (P = 4; C_1..C_4 = 12..15)
 * LTE_EINVAL for transmit diversity (not a per-index matrix). i >= 0. */
int lte_precoder_matrix(const lte_mimo_cfg *cfg, int i, float complex *g);

/* Precode layer symbols into m_ap port vectors y (m_ap * P symbols).
 *   non-diversity: m_ap = M_symb^layer; x holds m_ap * v symbols.
 *   DIVERSITY P = 2 (§6.3.4.3): m_ap even, x holds m_ap symbols;
 *     y0(2i) = x0/s2, y1(2i) = -x1* /s2, y0(2i+1) = x1/s2, y1(2i+1) = x0* /s2
 *   DIVERSITY P = 4 (SFBC-FSTD): m_ap mod 4 = 0 or 2 (= 4*M_symb^layer - 2
 *     when padding was appended), x holds 4*ceil(m_ap/4) symbols; ports 0/2
 *     carry x0, x1 on REs 4i, 4i+1 and ports 1/3 carry x2, x3 on 4i+2, 4i+3
 *     with the same Alamouti pattern, the other ports 0. */
int lte_precode(const lte_mimo_cfg *cfg, const float complex *x, int m_ap, float complex *y);

/* ---- Receiver: combining and detection without channel estimation -------- */

/* Linear estimators. Signal model per RE (or SFBC RE pair):
 * r = G x + n, E|x_l|^2 = 1, n ~ CN(0, n0 I) per receive antenna.
 *   ZF:   x^ = (G^H G)^{-1} G^H r, noise variance n0 [(G^H G)^{-1}]_ll.
 *   MMSE: x~ = (G^H G + n0 I)^{-1} G^H r, output the unbiased
 *         x^_l = x~_l / mu_l, mu_l = 1 - n0 [(G^H G + n0 I)^{-1}]_ll, whose
 *         noise-plus-interference variance is (1 - mu_l)/mu_l = 1/SINR_l.
 *         (The biased MMSE output is x^_l * mu_l, mu_l = 1/(1 + nv_l).)
 * The output noise variances are what the soft demappers of
 * ltephy/modulation.h take as N0. Where G^H G is singular (ZF) or mu_l is 0
 * (a layer the channel does not carry), the RE's symbols are 0 and their
 * noise variance is FLT_MAX, so the LLRs become ~0 instead of the call
 * failing. */
typedef enum lte_mimo_eq {
    LTE_EQ_ZF = 0,
    LTE_EQ_MMSE = 1,
} lte_mimo_eq;

/* SFBC (P = 2) / SFBC-FSTD (P = 4) combining, cfg->scheme = DIVERSITY.
 * Each Alamouti RE pair (2i, 2i+1), or (4i, 4i+1) on ports 0/2 and
 * (4i+2, 4i+3) on ports 1/3, is solved as a 2 x 2 system in (x_a, x_b*) with
 * the channel of each RE as given (so it is exact also when the channel
 * differs between the two REs; with equal channels it is the classic
 * Alamouti combiner, noise variance n0 / ((|h_0|^2 + |h_1|^2)/2) summed over
 * receive antennas). Output: x and nv (nv may be NULL) hold
 * P*ceil(m_ap/P) values in layer order (= codeword order); 4-port padding
 * positions get 0 and noise variance 1. n_rx = 1..LTE_MIMO_MAX_RX,
 * n0 >= 0 and finite. */
int lte_sfbc_combine(const lte_mimo_cfg *cfg, lte_mimo_eq eq, int n_rx, const float complex *r,
                     const float complex *h, float n0, int m_ap, float complex *x, float *nv);

/* ZF or MMSE detection per RE for SINGLE_PORT, SPATIAL_MUX and LARGE_CDD:
 * G = H_k G(k) with G(k) of lte_precoder_matrix (k counted from the first
 * RE, as the precoder does). m_ap REs in, m_ap*v layer symbols and noise
 * variances out (nv may be NULL). ZF needs n_rx >= v. */
int lte_mimo_detect(const lte_mimo_cfg *cfg, lte_mimo_eq eq, int n_rx, const float complex *r,
                    const float complex *h, float n0, int m_ap, float complex *x, float *nv);

#ifdef __cplusplus
}
#endif
#endif
