/* Helpers shared by the golden-vector generators of the downlink control
 * channels, signals and OFDM (tools/vec_ctrl.c, tools/vec_sig.c).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_TOOLS_VEC_CTRL_H
#define LTEPHY_TOOLS_VEC_CTRL_H

#include <complex.h>
#include <stdint.h>

#include "ltephy/dlphy.h"
#include "ltephy/rng.h"
#include "vec.h"

/* Fixed-point formats (FORMAT.md): symbols and grids Q1.14 in 16 bits, time
 * samples Q3.12, soft values int8 Q5.2, received grids and PHICH sums Q3.12. Float stages are compared with a
 * tolerance of SNR >= 60 dB, soft values 40 dB. */
#define VC_FRAC_SYM 14
#define VC_FRAC_TIME 12
/* Received grids (signal plus noise) and sums of several channels (PHICH
 * groups) exceed Q1.14's range of +-2: Q3.12 (+-8). */
#define VC_FRAC_WIDE 12
#define VC_TOL_SNR_DB 60.0
#define VC_TOL_LLR_DB 40.0

typedef struct vc_cell {
    lte_cell_cfg cell;
    int subframe, seed, rx, sfn;
    double snr_db;
} vc_cell;

/* Keys n_rb, cp, duplex, tdd_config, ssf_config, cell_id, ports, cfi, ng,
 * phich_dur, subframe, sfn, seed, snr_db, rx; validates the cell. */
int vc_parse_cell(const char *cfg, vc_cell *c);
/* The cell's parameters into the manifest. */
void vc_params(vec_case *vc, const vc_cell *c);

/* A complex float stage (cf32 + cint Q1.x, 16 bits). */
int vc_put_c(vec_case *vc, const char *stage, int order, const float complex *x, long n,
             int frac);
/* Integers as int, 32 bits (counts, flags, c_init, indices). */
int vc_put_i32(vec_case *vc, const char *stage, int order, const int *v, long n);
/* RE positions as int, 16 bits: grid index l*N_sc + k (grid.h). */
int vc_put_idx(vec_case *vc, const char *stage, int order, const uint32_t *idx, long n);
/* Soft values: f32 and int8 Q5.2 (stage name + "_q"). */
int vc_put_llr(vec_case *vc, const char *stage, int order, const float *llr, long n);
/* grid_pP of every port: symbols l0 .. l0+n_symb-1 of the subframe grid,
 * frac fractional bits. */
int vc_put_grid(vec_case *vc, int order, const char *prefix, float complex *const *port,
                int n_ports, int n_sc, int l0, int n_symb, int frac);

/* The receiver test channel: every port reaches one receive antenna with
 * gain 1 (the received grid is the sum of the ports), plus complex AWGN of
 * variance n0 = 10^(-snr_db/10) per RE on symbols l0 .. l0+n_symb-1 (the
 * rest of the grid is 0). in.n_ports = 4 with unit channels, so a blind
 * decoder may try any port count. */
typedef struct vc_rx {
    float complex *y;
    float complex *h[4];
    lte_dlrx *rx;
    lte_dl_rxin in;
    const float complex *yp[1];
} vc_rx;
int vc_rx_make(const lte_grid *g, int l0, int n_symb, double snr_db, lte_rng *rng, vc_rx *r);
void vc_rx_free(vc_rx *r);

/* 64-byte aligned complex buffer (FFT inputs), zeroed. */
float complex *vc_cbuf(size_t n);

#endif
