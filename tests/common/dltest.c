/* SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dltest.h"

void tchan_init(tchan *c, int n_re, int n_rx, int n_ports)
{
    memset(c, 0, sizeof(*c));
    c->n_rx = n_rx;
    c->n_ports = n_ports;
    c->n_re = n_re;
    for (int a = 0; a < n_rx; a++) {
        c->y[a] = calloc((size_t)n_re, sizeof(float complex));
        for (int p = 0; p < n_ports; p++)
            c->h[a * n_ports + p] = calloc((size_t)n_re, sizeof(float complex));
    }
    c->in.n_rx = n_rx;
    c->in.n_ports = n_ports;
    c->in.y = (const float complex *const *)c->y;
    c->in.h = (const float complex *const *)c->h;
}

void tchan_free(tchan *c)
{
    for (int i = 0; i < 8; i++)
        free(c->y[i]);
    for (int i = 0; i < 32; i++)
        free(c->h[i]);
}

float complex cgauss(tu_rng *r, double var)
{
    double s = sqrt(var / 2);
    return (float)(s * tu_gauss(r)) + I * (float)(s * tu_gauss(r));
}

/* random = 0: H = identity (n_rx = n_ports), no noise; else H ~ CN(0,1)
 * independently per RE and (rx, port), plus noise of variance n0. */
void tchan_apply(tchan *c, const lte_grid *g, int random, float n0, lte_mimo_eq eq,
                        tu_rng *r)
{
    for (int a = 0; a < c->n_rx; a++)
        for (int i = 0; i < c->n_re; i++) {
            float complex acc = 0;
            for (int p = 0; p < c->n_ports; p++) {
                float complex h = random ? cgauss(r, 1.0) : (a == p ? 1.0f : 0.0f);
                c->h[a * c->n_ports + p][i] = h;
                if (p < g->n_ports)
                    acc += h * g->port[p][i];
            }
            c->y[a][i] = acc + (random ? cgauss(r, n0) : 0);
        }
    c->in.n0 = random ? n0 : 1e-3f;
    c->in.eq = eq;
}

void tu_dl_mix(float complex *const *x, int n_ports, int n_rx, int len, float complex **y)
{
    static const float complex H[4][4] = {{1.0f, 0.6f * I, -0.5f, 0.3f - 0.4f * I},
                                          {0.4f, -0.8f + 0.2f * I, 0.5f * I, 0.7f},
                                          {0.2f * I, 0.5f, 0.9f, -0.3f * I},
                                          {-0.6f, 0.3f + 0.3f * I, 0.2f, 1.0f}};
    for (int a = 0; a < n_rx; a++) {
        y[a] = calloc((size_t)len, sizeof(float complex));
        for (int p = 0; p < n_ports; p++)
            for (int i = 0; i < len; i++)
                y[a][i] += H[a][p] * x[p][i];
    }
}

int tu_dl_send_grant(lte_dl_tx *tx, const lte_cell_cfg *cell, int sf, int sfn, uint16_t rnti,
                     uint8_t *bits, int A, const lte_pdsch_alloc *al, int n_rx,
                     float complex **y, int *cce)
{
    lte_grid *g = NULL;
    assert_int_equal(lte_grid_create(cell, &g), 0);
    int first[8];
    assert_true(lte_pdcch_candidates(g->ctrls[sf].n_cce, 0, 2, rnti, sf, first) > 0);
    lte_grid_destroy(g);
    *cce = first[0];
    lte_pdcch_dci dci = {bits, A, rnti, 2, first[0]};
    int len = lte_dl_tx_subframe_len(tx);
    float complex *port[4];
    for (int p = 0; p < cell->n_ports; p++)
        port[p] = malloc(sizeof(float complex) * (size_t)len);
    lte_dl_sf d = {.subframe = sf, .sfn = sfn, .cfi = 2, .dci = &dci, .n_dci = 1, .pdsch = al,
                   .n_pdsch = 1};
    assert_int_equal(lte_dl_tx_run(tx, &d, port), 0);
    tu_dl_mix(port, cell->n_ports, n_rx, len, y); /* receive antenna a <- port p */
    for (int p = 0; p < cell->n_ports; p++)
        free(port[p]);
    return len;
}
