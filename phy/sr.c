/* Scheduling request on PUCCH, TS 36.213 §10.1, §10.1.5, §7.3, §7.2.2 and
 * TS 36.211 §5.4.1 (Release 8). See ltephy/sr.h and docs/sr.md.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/sr.h"
#include "ltephy/tdd_timing.h"

/* ---- Table 10.1.5-1 ------------------------------------------------------------
 * Rows: first and last I_SR, SR_PERIODICITY (ms); N_OFFSET,SR = I_SR - first.
 * Read from srsRAN 4G lib/src/phy/ue/ue_ul.c (srsran_ue_ul_sr_send_tti) and
 * the table as reproduced on fastlink44.blogspot.com (docs/sr.md); the two
 * agree on every row. */
typedef struct sr_row {
    short first, last, period;
} sr_row;

static const sr_row sr_table[] = {
    {0, 4, 5}, {5, 14, 10}, {15, 34, 20}, {35, 74, 40}, {75, 154, 80}, {155, 156, 2}, {157, 157, 1},
};

int lte_sr_config(int i_sr, int *periodicity, int *offset)
{
    LTE_CHECK_ARG(i_sr >= 0 && i_sr <= LTE_SR_I_MAX, "I_SR = %d: must be 0..%d", i_sr,
                  LTE_SR_I_MAX);
    for (size_t r = 0; r < sizeof sr_table / sizeof sr_table[0]; r++) {
        if (i_sr < sr_table[r].first || i_sr > sr_table[r].last)
            continue;
        if (periodicity)
            *periodicity = sr_table[r].period;
        if (offset)
            *offset = i_sr - sr_table[r].first;
        return 0;
    }
    /* the rows tile 0..157 (test_sr.c checks it) */
    return lte_error_set_fn(LTE_EINVAL, __func__, "I_SR = %d: in no row of Table 10.1.5-1",
                            i_sr);
}

int lte_sr_opportunity(int i_sr, int sfn, int subframe)
{
    LTE_CHECK_ARG(sfn >= 0 && sfn <= 1023, "sfn = %d: must be 0..1023", sfn);
    LTE_CHECK_ARG(subframe >= 0 && subframe < LTE_NSUBFRAMES, "subframe = %d: must be 0..9",
                  subframe);
    int p, off;
    int rc = lte_sr_config(i_sr, &p, &off);
    if (rc < 0)
        return rc;
    /* §10.1.5: (10 n_f + floor(n_s/2) - N_OFFSET,SR) mod SR_PERIODICITY = 0; the
     * offset is below the period, so adding the period keeps the value >= 0 */
    return (10 * sfn + subframe - off + p) % p == 0;
}

int lte_sr_ul_subframe(lte_duplex duplex, int tdd_config, int subframe)
{
    LTE_CHECK_ARG(duplex == LTE_FDD || duplex == LTE_TDD, "duplex = %d: invalid", (int)duplex);
    LTE_CHECK_ARG(subframe >= 0 && subframe < LTE_NSUBFRAMES, "subframe = %d: must be 0..9",
                  subframe);
    if (duplex == LTE_FDD)
        return 1; /* every subframe of the uplink carrier */
    LTE_CHECK_ARG(tdd_config >= 0 && tdd_config <= 6, "tdd_config = %d: must be 0..6",
                  tdd_config);
    lte_cell_cfg c;
    int rc = lte_cell_cfg_init(&c);
    if (rc < 0)
        return rc;
    c.duplex = LTE_TDD;
    c.tdd_config = tdd_config;
    int t = lte_cell_subframe_type(&c, subframe);
    if (t < 0)
        return t;
    /* UpPTS carries SRS and PRACH, never PUCCH (36.211 §4.2) */
    return t == LTE_SF_UL;
}

int lte_sr_ul_opportunity(lte_duplex duplex, int tdd_config, int i_sr, int sfn, int subframe)
{
    int op = lte_sr_opportunity(i_sr, sfn, subframe);
    if (op < 0)
        return op;
    int ul = lte_sr_ul_subframe(duplex, tdd_config, subframe);
    if (ul < 0)
        return ul;
    return op && ul;
}

/* ---- UE side ------------------------------------------------------------------- */

static void tx_init(lte_sr_tx *out)
{
    memset(out, 0, sizeof *out);
    out->n_pucch = -1;
    out->n_ack = -1;
}

static lte_pucch_format f1_of(int n_bits)
{
    return n_bits == 0 ? LTE_PUCCH_F1 : n_bits == 1 ? LTE_PUCCH_F1A : LTE_PUCCH_F1B;
}

int lte_sr_fdd_tx(int sr, int n_ack, const uint8_t *ack, int n1_an, int n1_sri, int cqi, int n2,
                  int simul_an_cqi, lte_cp cp, lte_sr_tx *out)
{
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    LTE_CHECK_ARG(sr == 0 || sr == 1, "sr = %d: must be 0 or 1", sr);
    LTE_CHECK_ARG(n_ack >= 0 && n_ack <= 2, "n_ack = %d: must be 0, 1 or 2", n_ack);
    LTE_CHECK_ARG(n_ack == 0 || ack != NULL, "ack is NULL");
    for (int i = 0; i < n_ack; i++)
        LTE_CHECK_ARG(ack[i] <= 1, "ack[%d] = %d: must be 0 or 1", i, ack[i]);
    LTE_CHECK_ARG(n_ack == 0 || n1_an >= 0, "n1_an = %d: must be >= 0", n1_an);
    LTE_CHECK_ARG(n1_sri >= 0 && n1_sri <= 2047, "n1_sri = %d: must be 0..2047", n1_sri);
    LTE_CHECK_ARG(cqi == 0 || cqi == 1, "cqi = %d: must be 0 or 1", cqi);
    LTE_CHECK_ARG(cqi == 0 || n2 >= 0, "n2 = %d: must be >= 0", n2);
    LTE_CHECK_ARG(cp == LTE_CP_NORMAL || cp == LTE_CP_EXTENDED, "cp = %d: invalid", (int)cp);
    tx_init(out);
    out->n_bits = n_ack;
    for (int i = 0; i < n_ack; i++)
        out->b[i] = ack[i];

    /* §7.2.2: a periodic report colliding with a positive SR is dropped; with
     * HARQ-ACK and simultaneousAckNackAndCQI off it is dropped as well (§10.1) */
    if (cqi && !sr && (n_ack == 0 || simul_an_cqi)) {
        out->transmit = 1;
        out->cqi = 1;
        out->n_pucch = n2;
        if (n_ack == 0)
            out->fmt = LTE_PUCCH_F2;
        else if (cp == LTE_CP_NORMAL)
            out->fmt = n_ack == 1 ? LTE_PUCCH_F2A : LTE_PUCCH_F2B;
        else
            out->fmt = LTE_PUCCH_F2; /* HARQ-ACK jointly coded, 36.212 §5.2.3.4 */
        return 0;
    }
    out->cqi_dropped = cqi;
    if (sr) {
        /* positive SR: format 1 alone, 1a/1b with HARQ-ACK, on n(1)_PUCCH,SRI (§7.3, §10.1) */
        out->transmit = 1;
        out->fmt = f1_of(n_ack);
        out->n_pucch = n1_sri;
        out->on_sr_resource = 1;
        return 0;
    }
    if (n_ack > 0) {
        out->transmit = 1;
        out->fmt = f1_of(n_ack);
        out->n_pucch = n1_an;
    }
    return 0;
}

int lte_sr_tdd_count_bits(int n_ack, int missed, uint8_t b[2])
{
    LTE_CHECK_ARG(b != NULL, "b is NULL");
    LTE_CHECK_ARG(n_ack >= 0 && n_ack <= LTE_TDD_MAX_DL_ASSOC, "n_ack = %d: must be 0..%d",
                  n_ack, LTE_TDD_MAX_DL_ASSOC);
    /* Table 7.3-1 by the class of the count: 0 -> 00, 1/4/7 -> 11, 2/5/8 -> 10,
     * 3/6/9 -> 01 (docs/sr.md: where each cell was read) */
    static const uint8_t cls_bits[4][2] = {{0, 0}, {1, 1}, {1, 0}, {0, 1}};
    int cls = (missed || n_ack == 0) ? 0 : (n_ack - 1) % 3 + 1;
    b[0] = cls_bits[cls][0];
    b[1] = cls_bits[cls][1];
    return 0;
}

int lte_sr_tdd_count_class(const uint8_t b[2])
{
    LTE_CHECK_ARG(b != NULL && b[0] <= 1 && b[1] <= 1, "b must hold two bits");
    for (int c = 0; c < 4; c++) {
        uint8_t t[2];
        lte_sr_tdd_count_bits(c, 0, t);
        if (t[0] == b[0] && t[1] == b[1])
            return c;
    }
    return lte_error_set_fn(LTE_EINVAL, __func__, "no class for b"); /* not reached */
}

int lte_sr_tdd_tx(int sr, lte_tdd_ack_mode mode, int tdd_config, int subframe,
                  const lte_tdd_dl_sf *dl, int n1_an, int n_rb_dl, int n1_sri, lte_sr_tx *out)
{
    LTE_CHECK_ARG(out != NULL && dl != NULL, "NULL argument");
    LTE_CHECK_ARG(sr == 0 || sr == 1, "sr = %d: must be 0 or 1", sr);
    LTE_CHECK_ARG(mode == LTE_TDD_ACK_BUNDLING || mode == LTE_TDD_ACK_MULTIPLEXING,
                  "mode = %d: invalid", (int)mode);
    LTE_CHECK_ARG(n1_sri >= 0 && n1_sri <= 2047, "n1_sri = %d: must be 0..2047", n1_sri);
    tx_init(out);
    /* U_DAI, the DAI check and (bundling) the transmission without SR */
    lte_tdd_bundle bun;
    int rc = lte_tdd_ack_bundle(tdd_config, subframe, dl, n1_an, n_rb_dl, &bun);
    if (rc < 0)
        return rc;
    int M = lte_harq_ack_dl_set(LTE_TDD, tdd_config, subframe, NULL);
    if (M < 0)
        return M;
    if (mode == LTE_TDD_ACK_MULTIPLEXING)
        LTE_CHECK(M >= 2 && M <= LTE_TDD_MUX_MMAX, LTE_EUNSUPPORTED,
                  "multiplexing with M = %d (configuration %d, subframe %d): only M = 2..4 "
                  "(Tables 10.1.3-2/3/4) are implemented", M, tdd_config, subframe);
    out->missed = bun.missed;

    if (!sr) {
        /* negative SR: the HARQ-ACK transmission of tdd_ack.h, unchanged */
        if (mode == LTE_TDD_ACK_BUNDLING) {
            if (!bun.transmit)
                return 0;
            out->transmit = 1;
            out->fmt = f1_of(bun.n_bits);
            out->n_pucch = bun.n1_pucch;
            out->n_bits = bun.n_bits;
            out->b[0] = bun.b[0];
            out->b[1] = bun.b[1];
            return 0;
        }
        uint8_t harq[LTE_TDD_MUX_MMAX];
        int n1[LTE_TDD_MUX_MMAX], i_res;
        if ((rc = lte_tdd_ack_mux_state(M, dl, harq)) < 0 ||
            (rc = lte_tdd_ack_mux_resources(M, dl, n1_an, n_rb_dl, n1)) < 0 ||
            (rc = lte_tdd_ack_mux_encode(M, harq, &i_res, out->b)) < 0)
            return rc;
        if (i_res < 0)
            return 0;
        out->transmit = 1;
        out->fmt = LTE_PUCCH_F1B;
        out->n_pucch = n1[i_res];
        out->n_bits = 2;
        return 0;
    }

    /* positive SR (§7.3): on n(1)_PUCCH,SRI */
    out->transmit = 1;
    out->n_pucch = n1_sri;
    out->on_sr_resource = 1;
    if (bun.u_dai == 0) {
        out->fmt = LTE_PUCCH_F1; /* no HARQ-ACK to send: SR alone */
        return 0;
    }
    if (M == 1) {
        for (int i = 0; i < M; i++)
            LTE_CHECK(!dl[i].detected || dl[i].n_cw == 1, LTE_EUNSUPPORTED,
                      "M = 1 with two codewords and a positive SR: not implemented "
                      "(docs/sr.md)");
    }
    int n_ack = 0;
    for (int i = 0; i < M; i++) {
        if (!dl[i].detected)
            continue;
        uint8_t a = 1;
        for (int w = 0; w < dl[i].n_cw; w++)
            a &= dl[i].ack[w]; /* spatial bundling */
        n_ack += a;
    }
    out->n_ack = bun.missed ? 0 : n_ack;
    out->fmt = LTE_PUCCH_F1B;
    out->n_bits = 2;
    return lte_sr_tdd_count_bits(n_ack, bun.missed, out->b);
}

/* ---- eNodeB receiver ------------------------------------------------------------ */

int lte_sr_threshold(int n_rx, int n_hyp, double p_fd, float *thr)
{
    LTE_CHECK_ARG(n_hyp >= 1, "n_hyp = %d: must be >= 1", n_hyp);
    LTE_CHECK_ARG(isfinite(p_fd) && p_fd > 0 && p_fd < 1, "p_fd = %g: must be in (0, 1)", p_fd);
    /* union bound: n_hyp P(T > x) = p_fd, i.e. the exact tail at p_fd / n_hyp */
    return lte_pucch3_dtx_threshold(n_rx, 0, p_fd / n_hyp, thr);
}

static int check_rx(const lte_pucch_cfg *cfg, int sf, const float complex *const *grid, int n_rx,
                    float n0, float thr, int n1_sri, lte_sr_det *det, const char *fn)
{
    if (cfg == NULL || grid == NULL || det == NULL)
        return lte_error_set_fn(LTE_EINVAL, fn, "NULL argument");
    if (n_rx < 1 || n_rx > LTE_PUCCH_MAX_RX)
        return lte_error_set_fn(LTE_EINVAL, fn, "n_rx = %d: must be 1..%d", n_rx,
                                LTE_PUCCH_MAX_RX);
    for (int a = 0; a < n_rx; a++)
        if (grid[a] == NULL)
            return lte_error_set_fn(LTE_EINVAL, fn, "grid[%d] is NULL", a);
    if (!(isfinite(thr) && thr >= 0))
        return lte_error_set_fn(LTE_EINVAL, fn, "thr = %g: must be finite and >= 0",
                                (double)thr);
    if (!(isfinite(n0) && n0 > 0))
        return lte_error_set_fn(LTE_EINVAL, fn, "n0 = %g: must be finite and > 0", (double)n0);
    if (sf < 0 || sf >= LTE_NSUBFRAMES)
        return lte_error_set_fn(LTE_EINVAL, fn, "sf = %d: must be 0..9", sf);
    if (n1_sri < 0 || n1_sri > 2047)
        return lte_error_set_fn(LTE_EINVAL, fn, "n1_sri = %d: must be 0..2047", n1_sri);
    memset(det, 0, sizeof *det);
    det->winner = -1;
    det->count_class = -1;
    return 0;
}

int lte_sr_fdd_detect(const lte_pucch_cfg *cfg, int sf, const float complex *const *grid,
                      int n_rx, float n0, float thr, int n1_sri, int n_ack, int n1_an,
                      lte_sr_det *det)
{
    int rc = check_rx(cfg, sf, grid, n_rx, n0, thr, n1_sri, det, __func__);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(n_ack >= 0 && n_ack <= 2, "n_ack = %d: must be 0, 1 or 2", n_ack);
    LTE_CHECK_ARG(n_ack == 0 || n1_an >= 0, "n1_an = %d: must be >= 0", n1_an);
    lte_pucch_format fmt = f1_of(n_ack);
    uint8_t b_sr[2], b_an[2] = {0, 0};
    if ((rc = lte_pucch1_detect_dtx_grid(cfg, fmt, n1_sri, sf, grid, n_rx, n0, b_sr,
                                          &det->metric_sr)) < 0)
        return rc;
    if (n_ack > 0 &&
        (rc = lte_pucch1_detect_dtx_grid(cfg, fmt, n1_an, sf, grid, n_rx, n0, b_an,
                                          &det->metric_an[0])) < 0)
        return rc;
    float best = det->metric_sr;
    int win = 0;
    if (n_ack > 0 && det->metric_an[0] > best) {
        best = det->metric_an[0];
        win = 1;
    }
    if (best <= thr)
        return 0;
    det->winner = win;
    det->sr = win == 0;
    det->ack = n_ack > 0;
    memcpy(det->b, win == 0 ? b_sr : b_an, 2);
    if (n_ack < 2)
        det->b[1] = 0;
    if (n_ack == 0)
        det->b[0] = 0;
    return 0;
}

int lte_sr_tdd_detect(const lte_pucch_cfg *cfg, int sf, const float complex *const *grid,
                      int n_rx, float n0, float thr, lte_tdd_ack_mode mode, int M,
                      const int *n1, int n_bits, int n1_sri, lte_sr_det *det)
{
    int rc = check_rx(cfg, sf, grid, n_rx, n0, thr, n1_sri, det, __func__);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(n1 != NULL, "n1 is NULL");
    LTE_CHECK_ARG(mode == LTE_TDD_ACK_BUNDLING || mode == LTE_TDD_ACK_MULTIPLEXING,
                  "mode = %d: invalid", (int)mode);
    LTE_CHECK_ARG(M >= (mode == LTE_TDD_ACK_BUNDLING ? 1 : 2) && M <= LTE_TDD_MUX_MMAX,
                  "M = %d: must be %s..%d", M, mode == LTE_TDD_ACK_BUNDLING ? "1" : "2",
                  LTE_TDD_MUX_MMAX);
    LTE_CHECK_ARG(mode == LTE_TDD_ACK_MULTIPLEXING || n_bits == 1 || n_bits == 2,
                  "n_bits = %d: must be 1 or 2 for bundling", n_bits);
    uint8_t b_sr[2], b_an[2] = {0, 0};
    if ((rc = lte_pucch1_detect_dtx_grid(cfg, LTE_PUCCH_F1B, n1_sri, sf, grid, n_rx, n0, b_sr,
                                          &det->metric_sr)) < 0)
        return rc;
    float best = -1.0f;
    int best_i = -1;
    lte_tdd_mux_det mux;
    if (mode == LTE_TDD_ACK_MULTIPLEXING) {
        int any = 0;
        for (int i = 0; i < M; i++)
            any |= n1[i] >= 0;
        if (any) {
            /* thr 0: every candidate's metric and the best resource and bits */
            rc = lte_tdd_ack_mux_detect(cfg, sf, grid, n_rx, n0, 0.0f, M, n1, &mux);
            if (rc < 0)
                return rc;
            for (int i = 0; i < M; i++)
                det->metric_an[i] = mux.metric[i];
            if (mux.i_res >= 0) {
                best_i = mux.i_res;
                best = mux.metric[best_i];
                memcpy(b_an, mux.b, 2);
            }
        }
    } else {
        for (int i = 0; i < M; i++) {
            if (n1[i] < 0)
                continue;
            uint8_t b[2];
            rc = lte_pucch1_detect_dtx_grid(cfg, f1_of(n_bits), n1[i], sf, grid, n_rx, n0, b,
                                            &det->metric_an[i]);
            if (rc < 0)
                return rc;
            if (det->metric_an[i] > best) {
                best = det->metric_an[i];
                best_i = i;
                memcpy(b_an, b, 2);
                if (n_bits < 2)
                    b_an[1] = 0;
            }
        }
    }
    if (det->metric_sr >= best) {
        best = det->metric_sr;
        best_i = -1;
    }
    if (best <= thr)
        return 0;
    if (best_i < 0) {
        det->winner = 0;
        det->sr = 1;
        det->ack = 1;
        memcpy(det->b, b_sr, 2);
        det->count_class = lte_sr_tdd_count_class(det->b);
        return 0;
    }
    det->winner = 1 + best_i;
    det->ack = 1;
    memcpy(det->b, b_an, 2);
    if (mode == LTE_TDD_ACK_MULTIPLEXING)
        return lte_tdd_ack_mux_inverse(M, best_i, det->b, &det->inv);
    return 0;
}
