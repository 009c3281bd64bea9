/* TDD HARQ-ACK bundling and multiplexing on PUCCH, TS 36.213 §10.1.3 and
 * §7.3 (Release 8). See ltephy/tdd_ack.h and docs/tdd_ack.md.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/tdd_ack.h"
#include "ltephy/tdd_timing.h"

/* ---- n(1)_PUCCH, §10.1.3.1 ---------------------------------------------------- */

/* N_c = max{0, floor(N_RB^DL (12 c - 4) / 36)} */
static int n_c(int n_rb_dl, int c)
{
    int v = n_rb_dl * (LTE_NSC_RB * c - 4);
    return v <= 0 ? 0 : v / 36;
}

int lte_tdd_ack_n1pucch(int M, int m, int n_cce, int n1_pucch_an, int n_rb_dl)
{
    LTE_CHECK_ARG(M >= 1 && M <= LTE_TDD_MAX_DL_ASSOC, "M = %d: must be 1..%d", M,
                  LTE_TDD_MAX_DL_ASSOC);
    LTE_CHECK_ARG(m >= 0 && m < M, "m = %d: must be 0..M-1 = %d", m, M - 1);
    LTE_CHECK_ARG(n_rb_dl >= 6 && n_rb_dl <= LTE_MAX_RB, "n_rb_dl = %d: must be 6..%d", n_rb_dl,
                  LTE_MAX_RB);
    LTE_CHECK_ARG(n1_pucch_an >= 0 && n1_pucch_an <= 2047, "N1_PUCCH = %d: must be 0..2047",
                  n1_pucch_an);
    LTE_CHECK_ARG(n_cce >= 0 && n_cce < n_c(n_rb_dl, 4),
                  "n_cce = %d: must be 0..N_4 - 1 = %d for N_RB^DL = %d", n_cce,
                  n_c(n_rb_dl, 4) - 1, n_rb_dl);
    int c = 0;
    while (!(n_c(n_rb_dl, c) <= n_cce && n_cce < n_c(n_rb_dl, c + 1)))
        c++;
    return (M - m - 1) * n_c(n_rb_dl, c) + m * n_c(n_rb_dl, c + 1) + n_cce + n1_pucch_an;
}

static int check_dl(int M, const lte_tdd_dl_sf *dl, const char *fn)
{
    if (dl == NULL)
        return lte_error_set_fn(LTE_EINVAL, fn, "dl is NULL");
    for (int i = 0; i < M; i++) {
        if (!dl[i].detected)
            continue;
        if (dl[i].n_cw != 1 && dl[i].n_cw != 2)
            return lte_error_set_fn(LTE_EINVAL, fn, "dl[%d].n_cw = %d: must be 1 or 2", i,
                                    dl[i].n_cw);
        for (int w = 0; w < dl[i].n_cw; w++)
            if (dl[i].ack[w] > 1)
                return lte_error_set_fn(LTE_EINVAL, fn, "dl[%d].ack[%d] = %d: must be 0 or 1",
                                        i, w, dl[i].ack[w]);
        if (dl[i].v_dai < 1 || dl[i].v_dai > 4)
            return lte_error_set_fn(LTE_EINVAL, fn, "dl[%d].v_dai = %d: must be 1..4", i,
                                    dl[i].v_dai);
        if (dl[i].n_cce < 0)
            return lte_error_set_fn(LTE_EINVAL, fn, "dl[%d].n_cce = %d: must be >= 0", i,
                                    dl[i].n_cce);
    }
    return 0;
}

/* ---- Bundling, §10.1.3 and §7.3 ------------------------------------------------ */

int lte_tdd_ack_bundle(int tdd_config, int subframe, const lte_tdd_dl_sf *dl, int n1_pucch_an,
                       int n_rb_dl, lte_tdd_bundle *out)
{
    LTE_CHECK_ARG(tdd_config >= 1 && tdd_config <= 6,
                  "tdd_config = %d: must be 1..6 (configuration 0 has M = 1 and no DAI)",
                  tdd_config);
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    int k[LTE_TDD_MAX_DL_ASSOC];
    int M = lte_harq_ack_dl_set(LTE_TDD, tdd_config, subframe, k);
    if (M < 0)
        return M;
    LTE_CHECK_ARG(M > 0, "subframe %d of configuration %d answers no downlink subframe",
                  subframe, tdd_config);
    int rc = check_dl(M, dl, __func__);
    if (rc < 0)
        return rc;
    memset(out, 0, sizeof *out);
    out->m = -1;
    out->n1_pucch = -1;
    out->b[0] = out->b[1] = 1;
    for (int i = 0; i < M; i++) {
        if (!dl[i].detected)
            continue;
        out->u_dai++;
        /* the last detected PDCCH: the smallest k_m with a detection */
        if (out->m < 0 || k[i] < k[out->m])
            out->m = i;
        for (int w = 0; w < dl[i].n_cw; w++)
            out->b[w] &= dl[i].ack[w];
        out->n_bits = LTE_MAX(out->n_bits, dl[i].n_cw);
    }
    if (out->u_dai == 0) {
        out->b[0] = out->b[1] = 0;
        return 0;
    }
    if (out->n_bits < 2)
        out->b[1] = 0;
    out->v_dai = dl[out->m].v_dai;
    out->missed = out->v_dai != (out->u_dai - 1) % 4 + 1;
    if (out->missed)
        return 0;
    rc = lte_tdd_ack_n1pucch(M, out->m, dl[out->m].n_cce, n1_pucch_an, n_rb_dl);
    if (rc < 0)
        return rc;
    out->n1_pucch = rc;
    out->transmit = 1;
    return 0;
}

/* ---- Multiplexing tables ------------------------------------------------------
 * Each row: the values each HARQ-ACK(i) may take (mask, bit v = 1 << v:
 * A = ACK, N = NACK, D = DTX, ND = NACK/DTX), the resource index i (NOTX: no
 * transmission; UNREAD: the cell is not implemented) and b(0), b(1). Cells
 * from srsRAN's lib/src/phy/phch/pucch_proc.c (get_npucch_tdd, "tables
 * 10.1-2, 10.1-3 and 10.1-4", the Release 8 numbering), M = 2 also checked
 * against OpenAirInterface's get_n1_pucch (configuration 3 multiplexing);
 * docs/tdd_ack.md says which cells have one source and which row is left
 * out and why. */
#define A 2
#define N 1
#define D 4
#define ND 5
#define NOTX (-1)
#define UNREAD (-2)

typedef struct mux_row {
    uint8_t p[LTE_TDD_MUX_MMAX];
    signed char res;
    uint8_t b0, b1;
} mux_row;

/* Table 10.1.3-2, M = 2 */
static const mux_row mux2[] = {
    {{A, A}, 1, 1, 1},  {{A, ND}, 0, 0, 1}, {{ND, A}, 1, 0, 0},
    {{ND, N}, 1, 1, 0}, {{N, D}, 0, 1, 0},  {{D, D}, NOTX, 0, 0},
};

/* Table 10.1.3-3, M = 3 */
static const mux_row mux3[] = {
    {{A, A, A}, 2, 1, 1},   {{A, A, ND}, 1, 1, 1},   {{A, ND, A}, 0, 1, 1},
    {{A, ND, ND}, 0, 0, 1}, {{ND, A, A}, 2, 1, 0},   {{ND, A, ND}, 1, 0, 0},
    {{ND, ND, A}, 2, 0, 0}, {{D, D, N}, 2, 0, 1},    {{D, N, ND}, 1, 1, 0},
    {{N, ND, ND}, 0, 1, 0}, {{D, D, D}, NOTX, 0, 0},
};

/* Table 10.1.3-4, M = 4 (one row not implemented: UNREAD) */
static const mux_row mux4[] = {
    {{A, A, A, A}, 1, 1, 1},      {{A, A, A, ND}, 1, 1, 0},     {{ND, ND, N, D}, 2, 1, 1},
    {{A, A, ND, A}, 1, 1, 0},     {{N, D, D, D}, 0, 1, 0},      {{A, A, ND, ND}, 1, 1, 0},
    {{A, ND, A, A}, 3, 0, 1},     {{ND, ND, ND, N}, 3, 1, 1},   {{A, ND, A, ND}, UNREAD, 0, 0},
    {{A, ND, ND, A}, 0, 0, 1},    {{A, ND, ND, ND}, 0, 1, 1},   {{ND, A, A, A}, 3, 0, 1},
    {{ND, N, D, D}, 1, 0, 0},     {{ND, A, A, ND}, 2, 1, 0},    {{ND, A, ND, A}, 3, 1, 0},
    {{ND, A, ND, ND}, 1, 0, 1},   {{ND, ND, A, A}, 3, 0, 1},    {{ND, ND, A, ND}, 2, 0, 0},
    {{ND, ND, ND, A}, 3, 0, 0},   {{D, D, D, D}, NOTX, 0, 0},
};

#undef A
#undef N
#undef D
#undef ND

static const mux_row *mux_table(int M, int *rows)
{
    switch (M) {
    case 2: *rows = (int)(sizeof mux2 / sizeof mux2[0]); return mux2;
    case 3: *rows = (int)(sizeof mux3 / sizeof mux3[0]); return mux3;
    default: *rows = (int)(sizeof mux4 / sizeof mux4[0]); return mux4;
    }
}

static int row_matches(const mux_row *r, int M, const uint8_t *harq)
{
    for (int i = 0; i < M; i++)
        if (!(r->p[i] & (1u << harq[i])))
            return 0;
    return 1;
}

int lte_tdd_ack_mux_state(int M, const lte_tdd_dl_sf *dl, uint8_t *harq)
{
    LTE_CHECK_ARG(M >= 1 && M <= LTE_TDD_MUX_MMAX, "M = %d: must be 1..%d", M,
                  LTE_TDD_MUX_MMAX);
    LTE_CHECK_ARG(harq != NULL, "harq is NULL");
    int rc = check_dl(M, dl, __func__);
    if (rc < 0)
        return rc;
    for (int i = 0; i < M; i++) {
        if (!dl[i].detected) {
            harq[i] = LTE_HARQ_DTX;
            continue;
        }
        uint8_t a = 1;
        for (int w = 0; w < dl[i].n_cw; w++)
            a &= dl[i].ack[w]; /* spatial bundling: AND across the codewords */
        harq[i] = a;
    }
    return 0;
}

int lte_tdd_ack_mux_resources(int M, const lte_tdd_dl_sf *dl, int n1_pucch_an, int n_rb_dl,
                              int *n1)
{
    LTE_CHECK_ARG(M >= 1 && M <= LTE_TDD_MUX_MMAX, "M = %d: must be 1..%d", M,
                  LTE_TDD_MUX_MMAX);
    LTE_CHECK_ARG(n1 != NULL, "n1 is NULL");
    int rc = check_dl(M, dl, __func__);
    if (rc < 0)
        return rc;
    for (int i = 0; i < M; i++) {
        n1[i] = -1;
        if (dl[i].detected) {
            if ((rc = lte_tdd_ack_n1pucch(M, i, dl[i].n_cce, n1_pucch_an, n_rb_dl)) < 0)
                return rc;
            n1[i] = rc;
        }
    }
    return 0;
}

int lte_tdd_ack_mux_encode(int M, const uint8_t *harq, int *i_res, uint8_t b[2])
{
    LTE_CHECK_ARG(M >= 2 && M <= LTE_TDD_MUX_MMAX, "M = %d: the tables cover M = 2..%d", M,
                  LTE_TDD_MUX_MMAX);
    LTE_CHECK_ARG(harq != NULL && i_res != NULL && b != NULL, "NULL argument");
    for (int i = 0; i < M; i++)
        LTE_CHECK_ARG(harq[i] <= LTE_HARQ_DTX, "harq[%d] = %d: must be NACK 0, ACK 1 or DTX 2",
                      i, harq[i]);
    int rows;
    const mux_row *t = mux_table(M, &rows);
    for (int r = 0; r < rows; r++) {
        if (!row_matches(&t[r], M, harq))
            continue;
        if (t[r].res == UNREAD)
            return lte_error_set_fn(LTE_EUNSUPPORTED, __func__,
                                    "M = 4, state (ACK, NACK/DTX, ACK, NACK/DTX): that row of "
                                    "Table 10.1.3-4 is not implemented (docs/tdd_ack.md)");
        *i_res = t[r].res;
        b[0] = t[r].res >= 0 ? t[r].b0 : 0;
        b[1] = t[r].res >= 0 ? t[r].b1 : 0;
        return 0;
    }
    /* the rows of each table cover every state (test_tdd_ack.c checks it) */
    return lte_error_set_fn(LTE_EINVAL, __func__, "no row of the M = %d table matches", M);
}

int lte_tdd_ack_mux_inverse(int M, int i_res, const uint8_t *b, lte_tdd_mux_inv *inv)
{
    LTE_CHECK_ARG(M >= 2 && M <= LTE_TDD_MUX_MMAX, "M = %d: the tables cover M = 2..%d", M,
                  LTE_TDD_MUX_MMAX);
    LTE_CHECK_ARG(i_res >= -1 && i_res < M, "i_res = %d: must be -1..M-1 = %d", i_res, M - 1);
    LTE_CHECK_ARG(inv != NULL && (b != NULL || i_res < 0), "NULL argument");
    LTE_CHECK_ARG(i_res < 0 || (b[0] <= 1 && b[1] <= 1), "b must hold bits 0/1");
    memset(inv, 0, sizeof *inv);
    int rows, n_states = 1;
    const mux_row *t = mux_table(M, &rows);
    for (int i = 0; i < M; i++)
        n_states *= 3;
    /* the states whose row has this output (rows are disjoint, so a state is
     * in at most one row) */
    for (int s = 0; s < n_states; s++) {
        uint8_t h[LTE_TDD_MUX_MMAX];
        for (int i = 0, v = s; i < M; i++, v /= 3)
            h[i] = (uint8_t)(v % 3);
        for (int r = 0; r < rows; r++) {
            if (!row_matches(&t[r], M, h))
                continue;
            int same = i_res < 0 ? t[r].res == NOTX
                                 : t[r].res == i_res && t[r].b0 == b[0] && t[r].b1 == b[1];
            if (same) {
                inv->state[s] = 1;
                inv->n_states++;
                for (int i = 0; i < M; i++)
                    inv->dec[i] |= (uint8_t)(1u << h[i]);
            }
            break;
        }
    }
    return 0;
}

/* ---- Receiver ---------------------------------------------------------------- */

int lte_tdd_ack_mux_detect(const lte_pucch_cfg *cfg, int sf, const float complex *const *grid,
                           int n_rx, float n0, float thr, int M, const int *n1,
                           lte_tdd_mux_det *det)
{
    LTE_CHECK_ARG(cfg != NULL && grid != NULL && n1 != NULL && det != NULL, "NULL argument");
    LTE_CHECK_ARG(M >= 2 && M <= LTE_TDD_MUX_MMAX, "M = %d: the tables cover M = 2..%d", M,
                  LTE_TDD_MUX_MMAX);
    LTE_CHECK_ARG(n_rx >= 1 && n_rx <= LTE_PUCCH_MAX_RX, "n_rx = %d: must be 1..%d", n_rx,
                  LTE_PUCCH_MAX_RX);
    LTE_CHECK_ARG(isfinite(thr) && thr >= 0, "thr = %g: must be finite and >= 0", (double)thr);
    LTE_CHECK_ARG(isfinite(n0) && n0 > 0, "n0 = %g: must be finite and > 0", (double)n0);
    LTE_CHECK_ARG(sf >= 0 && sf < LTE_NSUBFRAMES, "sf = %d: must be 0..9", sf);
    for (int a = 0; a < n_rx; a++)
        LTE_CHECK_ARG(grid[a] != NULL, "grid[%d] is NULL", a);
    memset(det, 0, sizeof *det);
    det->i_res = -1;
    float best = -1.0f;
    uint8_t best_b[2] = {0, 0};
    for (int i = 0; i < M; i++) {
        if (n1[i] < 0)
            continue;
        uint8_t bits[2];
        float metric;
        int rc = lte_pucch1_detect_dtx_grid(cfg, LTE_PUCCH_F1B, n1[i], sf, grid, n_rx, n0, bits,
                                            &metric);
        if (rc < 0)
            return rc;
        det->metric[i] = metric;
        if (metric > best) {
            best = metric;
            det->i_res = i;
            best_b[0] = bits[0];
            best_b[1] = bits[1];
        }
    }
    if (best <= thr)
        det->i_res = -1;
    if (det->i_res >= 0) {
        det->b[0] = best_b[0];
        det->b[1] = best_b[1];
    }
    return lte_tdd_ack_mux_inverse(M, det->i_res, det->b, &det->inv);
}
