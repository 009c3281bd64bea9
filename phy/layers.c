/* Layer mapping and its inverses (36.211 §6.3.3) and the validation of the
 * transmission-scheme configuration shared with phy/precoding.c.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>

#include "kernels/internal.h"
#include "ltephy/layers.h"

/* far above any real allocation; keeps every index arithmetic in int */
#define LTE_LAYER_SYMB_MAX (1 << 28)

int lte_mimo_validate(const lte_mimo_cfg *cfg)
{
    LTE_CHECK_ARG(cfg != NULL, "cfg is NULL");
    int p = cfg->n_ports, v = cfg->n_layers, ncw = cfg->n_cw;
    switch (cfg->scheme) {
    case LTE_TX_SINGLE_PORT:
        LTE_CHECK_ARG(p == 1 && v == 1 && ncw == 1,
                      "single port: need P = 1, v = 1, 1 codeword (got P = %d, v = %d, %d)", p,
                      v, ncw);
        return 0;
    case LTE_TX_DIVERSITY:
        LTE_CHECK_ARG(p == 2 || p == 4, "transmit diversity: P = %d must be 2 or 4", p);
        LTE_CHECK_ARG(v == p, "transmit diversity: v = %d must equal P = %d (§6.3.3.3)", v, p);
        LTE_CHECK_ARG(ncw == 1, "transmit diversity: n_cw = %d must be 1", ncw);
        return 0;
    case LTE_TX_LARGE_CDD:
        LTE_CHECK_ARG(p == 2 || p == 4, "large-delay CDD: P = %d must be 2 or 4", p);
        LTE_CHECK_ARG(v >= 2 && v <= p,
                      "large-delay CDD: v = %d must be 2..%d (rank 1 uses transmit diversity)",
                      v, p);
        LTE_CHECK_ARG(ncw == 1 || ncw == 2, "n_cw = %d must be 1 or 2", ncw);
        return 0;
    case LTE_TX_SPATIAL_MUX:
        LTE_CHECK_ARG(p == 2 || p == 4, "spatial multiplexing: P = %d must be 2 or 4", p);
        LTE_CHECK_ARG(v >= 1 && v <= p, "spatial multiplexing: v = %d must be 1..%d", v, p);
        LTE_CHECK_ARG(ncw == 1 || ncw == 2, "n_cw = %d must be 1 or 2", ncw);
        LTE_CHECK_ARG(ncw <= v, "two codewords need v >= 2 (got v = %d)", v);
        {
            int n = lte_codebook_size(p, v);
            LTE_CHECK_ARG(cfg->codebook >= 0 && cfg->codebook < n,
                          "codebook = %d: must be 0..%d for P = %d, v = %d", cfg->codebook,
                          n - 1, p, v);
        }
        return 0;
    default:
        return lte_error_set_fn(LTE_EINVAL, __func__, "scheme = %d: invalid", (int)cfg->scheme);
    }
}

/* Where layer l takes its symbols from (Table 6.3.3.2-1 and §6.3.3.3):
 * x^(l)(i) = d^(q)(nq*i + j). Two codewords split the layers as floor(v/2)
 * and ceil(v/2); otherwise one codeword feeds all v layers in turn. */
static void layer_source(const lte_mimo_cfg *cfg, int l, int *q, int *nq, int *j)
{
    int v = cfg->n_layers;
    if (cfg->n_cw == 2) {
        int n0 = v / 2;
        *q = l < n0 ? 0 : 1;
        *nq = l < n0 ? n0 : v - n0;
        *j = l < n0 ? l : l - n0;
    } else {
        *q = 0;
        *nq = v;
        *j = l;
    }
}

int lte_mimo_sizes(const lte_mimo_cfg *cfg, int m0, int m1, int *m_layer, int *m_ap)
{
    int rc = lte_mimo_validate(cfg);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(m0 >= 0 && m0 <= LTE_LAYER_SYMB_MAX, "m0 = %d: must be 0..%d", m0,
                  LTE_LAYER_SYMB_MAX);
    LTE_CHECK_ARG(m1 <= LTE_LAYER_SYMB_MAX, "m1 = %d: must be <= %d", m1, LTE_LAYER_SYMB_MAX);
    LTE_CHECK_ARG(cfg->n_cw == 2 ? m1 >= 0 : m1 == 0, "m1 = %d: must be %s", m1,
                  cfg->n_cw == 2 ? ">= 0" : "0 with one codeword");
    int v = cfg->n_layers, ml, ma;
    if (cfg->scheme == LTE_TX_DIVERSITY) {
        /* Table 6.3.3.3-1; for 4 ports two null symbols pad M_symb^(0) to a
         * multiple of 4 when M_symb^(0) mod 4 != 0, so M_symb^(0) must be
         * even for the padded length to fill whole layer vectors. */
        LTE_CHECK_ARG(m0 % 2 == 0, "m0 = %d: transmit diversity needs an even M_symb^(0)", m0);
        ml = v == 2 ? m0 / 2 : (m0 + 2) / 4;
        ma = m0; /* §6.3.4.3: 2*M_layer, or 4*M_layer (-2 when padded) */
    } else if (cfg->n_cw == 2) {
        int n0 = v / 2, n1 = v - n0;
        LTE_CHECK_ARG(m0 % n0 == 0 && m1 % n1 == 0 && m0 / n0 == m1 / n1,
                      "m0 = %d, m1 = %d: Table 6.3.3.2-1 needs M0/%d = M1/%d", m0, m1, n0, n1);
        ml = m0 / n0;
        ma = ml;
    } else {
        LTE_CHECK_ARG(m0 % v == 0, "m0 = %d: must be a multiple of v = %d", m0, v);
        ml = m0 / v;
        ma = ml;
    }
    if (m_layer)
        *m_layer = ml;
    if (m_ap)
        *m_ap = ma;
    return 0;
}

static int check_cw_ptrs(const lte_mimo_cfg *cfg, const void *d0, int m0, const void *d1,
                         int m1, const void *x)
{
    LTE_CHECK_ARG(m0 == 0 || d0 != NULL, "d0 is NULL");
    LTE_CHECK_ARG(cfg->n_cw == 1 || m1 == 0 || d1 != NULL, "d1 is NULL");
    LTE_CHECK_ARG(x != NULL || m0 == 0, "x is NULL");
    return 0;
}

int lte_layer_map(const lte_mimo_cfg *cfg, const float complex *d0, int m0,
                  const float complex *d1, int m1, float complex *x)
{
    int ml;
    int rc = lte_mimo_sizes(cfg, m0, m1, &ml, NULL);
    if (rc < 0 || (rc = check_cw_ptrs(cfg, d0, m0, d1, m1, x)) < 0)
        return rc;
    int v = cfg->n_layers;
    for (int l = 0; l < v; l++) {
        int q, nq, j;
        layer_source(cfg, l, &q, &nq, &j);
        const float complex *d = q ? d1 : d0;
        int m = q ? m1 : m0;
        for (int i = 0; i < ml; i++) {
            int src = nq * i + j;
            x[i * v + l] = src < m ? d[src] : 0.0f; /* only 4-port TD padding is past m */
        }
    }
    return 0;
}

int lte_layer_demap(const lte_mimo_cfg *cfg, const float complex *x, int m0, int m1,
                    float complex *d0, float complex *d1)
{
    int ml;
    int rc = lte_mimo_sizes(cfg, m0, m1, &ml, NULL);
    if (rc < 0 || (rc = check_cw_ptrs(cfg, d0, m0, d1, m1, x)) < 0)
        return rc;
    int v = cfg->n_layers;
    for (int l = 0; l < v; l++) {
        int q, nq, j;
        layer_source(cfg, l, &q, &nq, &j);
        float complex *d = q ? d1 : d0;
        int m = q ? m1 : m0;
        for (int i = 0; i < ml; i++) {
            int dst = nq * i + j;
            if (dst < m)
                d[dst] = x[i * v + l];
        }
    }
    return 0;
}

int lte_layer_demap_soft(const lte_mimo_cfg *cfg, const float *x, int k0, int k1, int m0,
                         int m1, float *d0, float *d1)
{
    int ml;
    int rc = lte_mimo_sizes(cfg, m0, m1, &ml, NULL);
    if (rc < 0 || (rc = check_cw_ptrs(cfg, d0, m0, d1, m1, x)) < 0)
        return rc;
    LTE_CHECK_ARG(k0 >= 1 && k0 <= 8, "k0 = %d: must be 1..8", k0);
    LTE_CHECK_ARG(cfg->n_cw == 1 || (k1 >= 1 && k1 <= 8), "k1 = %d: must be 1..8", k1);
    int v = cfg->n_layers;
    /* offset of layer l's values inside one index i, and the stride per i */
    int off[LTE_MAX_LAYERS], stride = 0;
    for (int l = 0; l < v; l++) {
        int q, nq, j;
        layer_source(cfg, l, &q, &nq, &j);
        off[l] = stride;
        stride += q ? k1 : k0;
    }
    for (int l = 0; l < v; l++) {
        int q, nq, j;
        layer_source(cfg, l, &q, &nq, &j);
        float *d = q ? d1 : d0;
        int m = q ? m1 : m0, k = q ? k1 : k0;
        for (int i = 0; i < ml; i++) {
            int dst = nq * i + j;
            if (dst >= m)
                continue;
            const float *src = x + (size_t)i * stride + off[l];
            for (int b = 0; b < k; b++)
                d[(size_t)dst * k + b] = src[b];
        }
    }
    return 0;
}
