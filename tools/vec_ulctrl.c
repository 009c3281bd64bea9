/* Golden-vector cases for the uplink control and sounding channels: PUCCH
 * formats 1/1a/1b/2/2a/2b/3 (36.211 §5.4, §5.5.2.2; 36.212 §5.2.3.3,
 * §5.2.3.1), SRS (36.211 §5.5.3) and PRACH (36.211 §5.7), each from its
 * input bits or parameters to the SC-FDMA / PRACH baseband samples.
 * Formats and stage list: vectors/FORMAT.md.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/channel.h"
#include "ltephy/error.h"
#include "ltephy/gold.h"
#include "ltephy/ofdm.h"
#include "ltephy/prach.h"
#include "ltephy/pucch.h"
#include "ltephy/rng.h"
#include "ltephy/srs.h"
#include "vec.h"
#include "vectors.h"

#define FRAC_SYM 14   /* unit-modulus symbols, sequences, grids: Q1.14 */
#define FRAC_TIME 14  /* SC-FDMA samples of a sparse grid (|x| well below 1) */
#define FRAC_PRACH 12 /* PRACH spectrum X(k) (|X| = sqrt(839) ~ 29: Q6.9) and
                         samples (unit mean power, peaks ~4: Q3.12) */
#define FRAC_WIDE 12  /* receiver stages: signal plus noise, Q3.12 */
#define TOL_SNR_DB 60.0 /* float stages computed the same way */
#define TOL_RX_DB 40.0  /* receiver estimates, metrics, correlations */

static int put_c(vec_case *vc, const char *stage, int order, const float complex *x, long n,
                 int frac)
{
    return vec_put_cf32(vc, stage, order, x, n, 16, frac, TOL_SNR_DB, 0);
}

/* Receiver stages: signal plus noise in Q3.12 (rx_time, rx_grid; peaks of a
 * few times the noise's standard deviation) or the spectrum's Q6.9. */
static int put_c_rx(vec_case *vc, const char *stage, int order, const float complex *x, long n,
                    int frac, double tol)
{
    return vec_put_cf32(vc, stage, order, x, n, 16, frac, tol, 0);
}

/* n_rb, cp, cell_id, subframe, seed: the keys every case here has. */
typedef struct ul_common {
    int n_rb, cell_id, sf, seed;
    lte_cp cp;
} ul_common;

static int parse_common(const char *cfg, ul_common *c)
{
    char v[32] = "normal";
    int rc;
    if ((rc = vec_kv_int(cfg, "n_rb", 6, &c->n_rb)) < 0 ||
        (rc = vec_kv_int(cfg, "cell_id", 1, &c->cell_id)) < 0 ||
        (rc = vec_kv_int(cfg, "subframe", 0, &c->sf)) < 0 ||
        (rc = vec_kv_int(cfg, "seed", 1, &c->seed)) < 0)
        return rc;
    vec_kv_get(cfg, "cp", v, sizeof v);
    if (strcmp(v, "normal") && strcmp(v, "extended"))
        return lte_error_set(LTE_EINVAL, "config: cp=%s is not normal or extended", v);
    c->cp = strcmp(v, "normal") ? LTE_CP_EXTENDED : LTE_CP_NORMAL;
    if (c->n_rb != 6 && c->n_rb != 15 && c->n_rb != 25 && c->n_rb != 50 && c->n_rb != 75 &&
        c->n_rb != 100)
        return lte_error_set(LTE_EINVAL, "config: n_rb=%d is not 6, 15, 25, 50, 75 or 100",
                             c->n_rb);
    if (c->cell_id < 0 || c->cell_id > 503 || c->sf < 0 || c->sf > 9)
        return lte_error_set(LTE_EINVAL, "config: cell_id 0..503, subframe 0..9");
    return 0;
}

static void common_params(vec_case *vc, const ul_common *c)
{
    vec_case_param(vc, "n_rb", "%d", c->n_rb);
    vec_case_param(vc, "cp", "%s", c->cp == LTE_CP_NORMAL ? "normal" : "extended");
    vec_case_param(vc, "cell_id", "%d", c->cell_id);
    vec_case_param(vc, "subframe", "%d", c->sf);
    vec_case_param(vc, "group_hopping", "0");
    vec_case_param(vc, "seq_hopping", "0");
}

/* SC-FDMA modulation of a whole uplink grid (36.211 §5.6, unitary). */
static int scfdma(const ul_common *c, const float complex *grid, float complex **time, int *ns,
                  vec_case *vc)
{
    lte_ofdm_cfg oc = {c->n_rb, c->cp, LTE_OFDM_UL_SCFDMA, 0, 0, LTE_OFDM_NORM_UNITARY, 0};
    lte_ofdm *o = NULL;
    lte_ofdm_info info;
    int rc = lte_ofdm_create(&oc, &o);
    if (rc < 0)
        return rc;
    lte_ofdm_get_info(o, &info);
    *ns = info.subframe_len;
    *time = malloc(sizeof **time * (size_t)info.subframe_len);
    if (!*time)
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
    else
        rc = lte_ofdm_mod_subframe(o, grid, *time);
    vec_case_param(vc, "fft_size", "%d", info.fft_size);
    vec_case_param(vc, "sample_rate", "%d", (int)info.sample_rate_hz);
    vec_case_param(vc, "sc_fdma_norm", "unitary");
    lte_ofdm_destroy(o);
    return rc;
}

/* The last two transmit stages every uplink case here has -- the grid (stage
 * `order`) and its SC-FDMA samples (order + 1); *time (the caller frees it)
 * receives the ns_time samples. */
static int put_grid_time(vec_case *vc, const ul_common *c, const float complex *grid, int nsymb,
                         int order, float complex **time, int *ns_time)
{
    int rc;
    *time = NULL;
    if ((rc = put_c(vc, "grid", order, grid, (long)nsymb * 12 * c->n_rb, FRAC_SYM)) >= 0 &&
        (rc = scfdma(c, grid, time, ns_time, vc)) >= 0)
        rc = put_c(vc, "time", order + 1, *time, *ns_time, FRAC_TIME);
    return rc;
}

/* ---- receive side: common keys and the first stages ------------------------ */

/* The shortest CP of the subframe in samples (144 N/2048 normal, 512 N/2048
 * extended): a delay up to it keeps every FFT window inside its symbol. */
static int cp_min(const ul_common *c)
{
    return (c->cp == LTE_CP_NORMAL ? 144 : 512) * lte_ofdm_std_fft_size(c->n_rb) / 2048;
}

/* rx (1: the receiver stages), snr_db (AWGN: n0 = 10^(-snr_db/10) per
 * sample), delay (samples the signal arrives late), dtx_pfa (PUCCH formats
 * 1/1a/1b: false-detection probability the DTX threshold is set for). */
typedef struct ul_rx {
    int on, delay;
    double snr_db, n0, dtx_pfa;
} ul_rx;

static int num(const char *v, double *out)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end || !isfinite(x))
        return -1;
    *out = x;
    return 0;
}

/* max_delay: the largest `delay` the chain takes (checked here if >= 0). */
static int parse_rx(const char *cfg, double snr_default, int max_delay, ul_rx *r)
{
    char v[32];
    int rc;
    if ((rc = vec_kv_int(cfg, "rx", 1, &r->on)) < 0 ||
        (rc = vec_kv_int(cfg, "delay", 0, &r->delay)) < 0)
        return rc;
    r->snr_db = snr_default;
    r->dtx_pfa = 0.01;
    if (vec_kv_get(cfg, "snr_db", v, sizeof v) && num(v, &r->snr_db) < 0)
        return lte_error_set(LTE_EINVAL, "config: snr_db=%s is not a number", v);
    if (vec_kv_get(cfg, "dtx_pfa", v, sizeof v) && num(v, &r->dtx_pfa) < 0)
        return lte_error_set(LTE_EINVAL, "config: dtx_pfa=%s is not a number", v);
    if (!(r->snr_db >= -50 && r->snr_db <= 100))
        return lte_error_set(LTE_EINVAL, "config: snr_db=%g: -50..100", r->snr_db);
    if (!(r->dtx_pfa > 0 && r->dtx_pfa < 1))
        return lte_error_set(LTE_EINVAL, "config: dtx_pfa=%g: (0, 1)", r->dtx_pfa);
    if (r->on != 0 && r->on != 1)
        return lte_error_set(LTE_EINVAL, "config: rx=%d: 0 or 1", r->on);
    if (r->delay < 0 || (max_delay >= 0 && r->delay > max_delay))
        return lte_error_set(LTE_EINVAL, "config: delay=%d: 0..%d (the CP)", r->delay,
                             max_delay);
    r->n0 = pow(10.0, -r->snr_db / 10.0);
    return 0;
}

/* Receiver input (stage `order`): the transmitted samples delayed by
 * r->delay samples (zeros before, the last samples cut) plus complex AWGN of
 * variance n0 per sample from rng. *out (the caller frees it) gets ns
 * samples. */
static int put_rx_time(vec_case *vc, const ul_rx *r, lte_rng *rng, const float complex *tx,
                       int ns, int order, float complex **out)
{
    float complex *y = calloc((size_t)ns, sizeof *y);
    int rc;
    *out = y;
    if (!y)
        return lte_error_set(LTE_ENOMEM, "out of memory");
    memcpy(y + r->delay, tx, sizeof *y * (size_t)(ns - r->delay));
    vec_case_param(vc, "snr_db", "%g", r->snr_db);
    vec_case_param(vc, "delay", "%d", r->delay);
    vec_case_param(vc, "channel", "identity_awgn_n0_per_sample");
    if ((rc = lte_awgn_add(rng, y, ns, r->n0)) < 0)
        return rc;
    return put_c_rx(vc, "rx_time", order, y, ns, FRAC_WIDE, TOL_SNR_DB);
}

/* SC-FDMA demodulation of a whole subframe (36.211 §5.6 inverted: FFT window
 * at the end of each CP, half-subcarrier shift removed, unitary). */
static int scfdma_demod(const ul_common *c, const float complex *time, float complex *grid)
{
    lte_ofdm_cfg oc = {c->n_rb, c->cp, LTE_OFDM_UL_SCFDMA, 0, 0, LTE_OFDM_NORM_UNITARY, 0};
    lte_ofdm *o = NULL;
    int rc = lte_ofdm_create(&oc, &o);
    if (rc >= 0)
        rc = lte_ofdm_demod_subframe(o, time, grid);
    lte_ofdm_destroy(o);
    return rc;
}

/* ---- PUCCH ------------------------------------------------------------------- */

static const struct {
    const char *name;
    int fmt; /* lte_pucch_format, or 6 for format 3 */
} pucch_formats[] = {{"1", LTE_PUCCH_F1},   {"1a", LTE_PUCCH_F1A}, {"1b", LTE_PUCCH_F1B},
                     {"2", LTE_PUCCH_F2},   {"2a", LTE_PUCCH_F2A}, {"2b", LTE_PUCCH_F2B},
                     {"3", 6}};

/* DTX threshold of lte_pucch1_detect_dtx with one antenna: on noise each
 * T(d) is Gamma(2, 1), so P(metric > eta) <= n_hyp e^{-2 eta}(1 + 2 eta)
 * (union bound over the n_hyp hypotheses of d(0)); eta solves equality with
 * p_fa (bisection in double). */
static double dtx_threshold(int n_hyp, double p_fa)
{
    double lo = 0, hi = 400;
    for (int i = 0; i < 200; i++) {
        double x = 0.5 * (lo + hi);
        if (n_hyp * exp(-x) * (1 + x) > p_fa)
            lo = x;
        else
            hi = x;
    }
    return 0.25 * (lo + hi); /* eta = x / 2 */
}

/* The PUCCH receive side (stages 10-19, vectors/FORMAT.md). sym_tx: the
 * transmitted PUCCH (layout of pucch.h); coded: formats 2a/2b's encoder
 * input (20 coded bits, then the HARQ-ACK bits), to rebuild the DMRS with
 * d(10) = 1 (what the receiver knows before its decision) and with the
 * decided d(10). */
static int gen_pucch_rx(vec_case *vc, const ul_common *c, const lte_pucch_cfg *pc, int fmt,
                        int n_pucch, int a_len, int O, int nack, const float complex *sym_tx,
                        const uint8_t *coded, const int prb[2], const float complex *time,
                        int ns, lte_rng *rng, const ul_rx *rx)
{
    const int f3 = fmt == 6, f2 = fmt >= LTE_PUCCH_F2 && !f3, f1 = !f2 && !f3;
    const int nsymb = lte_pucch_nsymb(c->cp), nsl = nsymb / 2, nsc = 12 * c->n_rb;
    const int ext = c->cp == LTE_CP_EXTENDED;
    /* DMRS symbols of a slot (36.211 Table 5.5.2.2.2-1) */
    static const int dm1[2][3] = {{2, 3, 4}, {2, 3, -1}}, dm2[2][2] = {{1, 5}, {3, -1}};
    const int nrs = f1 ? (ext ? 2 : 3) : (ext ? 1 : 2);
    float complex *y = NULL, *grid = malloc(sizeof *grid * (size_t)nsymb * (size_t)nsc);
    float complex ls[2 * 3 * 12], ch[2 * 12], sym[14 * 12], ref[14 * 12], refd[14 * 12];
    uint8_t bits[LTE_PUCCH3_OMAX + 2] = {0}, ack[2] = {0}, cw[22];
    int rc, prb2[2];
    if (!grid)
        return lte_error_set(LTE_ENOMEM, "out of memory");
    memcpy(ref, sym_tx, sizeof ref[0] * (size_t)nsymb * 12);
    memcpy(refd, sym_tx, sizeof ref[0] * (size_t)nsymb * 12);
    if ((rc = put_rx_time(vc, rx, rng, time, ns, 10, &y)) < 0 ||
        (rc = scfdma_demod(c, y, grid)) < 0 ||
        (rc = put_c_rx(vc, "rx_grid", 11, grid, (long)nsymb * nsc, FRAC_WIDE, TOL_SNR_DB)) < 0 ||
        (rc = lte_pucch_extract(pc, grid, prb, sym)) < 0 ||
        (rc = put_c_rx(vc, "rx_pucch", 12, sym, (long)nsymb * 12, FRAC_WIDE, TOL_SNR_DB)) < 0)
        goto done;
    /* formats 2a/2b: the DMRS with d(10) = 1 (HARQ-ACK bits 0, Table
     * 5.4.2-1), and with the receiver's decided d(10) */
    if (f2 && nack) {
        vec_case_param(vc, "receiver", "dmrs_ls_slot_mean_despread_maxlog_rm20_ml");
        memcpy(cw, coded, 20);
        memset(cw + 20, 0, 2);
        if ((rc = lte_pucch_encode(pc, (lte_pucch_format)fmt, n_pucch, c->sf, cw, ref,
                                   prb2)) < 0 ||
            (rc = lte_pucch2_decode(pc, (lte_pucch_format)fmt, n_pucch, c->sf, sym,
                                    (float)rx->n0, a_len, bits, ack)) < 0)
            goto done;
        memcpy(cw + 20, ack, (size_t)nack);
        if ((rc = lte_pucch_encode(pc, (lte_pucch_format)fmt, n_pucch, c->sf, cw, refd,
                                   prb2)) < 0)
            goto done;
    }
    /* least squares on every DMRS RE, y conj(ref), then averaged per slot
     * (formats 1, 2: over the slot's DMRS REs, the estimate
     * lte_pucch1_detect and lte_pucch2_decode form; 2a/2b with the decided
     * d(10) removed) or per slot and subcarrier (format 3: over the slot's
     * DMRS symbols, before the receiver's delay-domain cleaning) */
    int nls = 0, nch = f3 ? 24 : 2;
    memset(ch, 0, sizeof ch);
    for (int s = 0; s < 2; s++)
        for (int m = 0; m < nrs; m++) {
            int l = s * nsl + (f1 ? dm1[ext][m] : dm2[ext][m]);
            for (int n = 0; n < 12; n++, nls++) {
                ls[nls] = sym[l * 12 + n] * conjf(ref[l * 12 + n]);
                float complex e = sym[l * 12 + n] * conjf(refd[l * 12 + n]);
                if (f3)
                    ch[s * 12 + n] += e / (float)nrs;
                else
                    ch[s] += e / (float)(12 * nrs);
            }
        }
    if ((rc = put_c_rx(vc, "dmrs_ls", 13, ls, nls, FRAC_WIDE, TOL_RX_DB)) < 0 ||
        (rc = put_c_rx(vc, "chest", 14, ch, nch, FRAC_WIDE, TOL_RX_DB)) < 0)
        goto done;
    const float complex *rxp = sym;
    if (f1) {
        if (fmt != LTE_PUCCH_F1) {
            float complex d0;
            if ((rc = lte_pucch1_detect(pc, (lte_pucch_format)fmt, n_pucch, c->sf, sym, bits,
                                        &d0)) < 0 ||
                (rc = put_c_rx(vc, "d0", 15, &d0, 1, FRAC_WIDE, TOL_RX_DB)) < 0)
                goto done;
        }
        float metric;
        if ((rc = lte_pucch1_detect_dtx(pc, (lte_pucch_format)fmt, n_pucch, c->sf, &rxp, 1,
                                        (float)rx->n0, bits, &metric)) < 0)
            goto done;
        double eta = dtx_threshold(1 << nack, rx->dtx_pfa);
        float mt[2] = {metric, (float)eta};
        int32_t det = metric > eta;
        vec_case_param(vc, "dtx_pfa", "%g", rx->dtx_pfa);
        vec_case_param(vc, "dtx_threshold", "%.6f", eta);
        vec_case_param(vc, "receiver", "dmrs_ls_slot_mean_coherent_d0_dtx_metric_1rx");
        if ((rc = vec_put_f32(vc, "metric", 16, mt, 2, TOL_RX_DB, 0)) < 0 ||
            (rc = vec_put_int(vc, "detected", 17, &det, 1, 32, 0)) < 0 ||
            (nack && (rc = vec_put_bits(vc, "ack_decoded", 19, bits, nack)) < 0))
            goto done;
    } else if (f2) {
        if (!nack) {
            vec_case_param(vc, "receiver", "dmrs_ls_slot_mean_despread_maxlog_rm20_ml");
            if ((rc = lte_pucch2_decode(pc, (lte_pucch_format)fmt, n_pucch, c->sf, sym,
                                        (float)rx->n0, a_len, bits, NULL)) < 0)
                goto done;
        }
        if ((rc = vec_put_bits(vc, "cqi_decoded", 18, bits, a_len)) < 0 ||
            (nack && (rc = vec_put_bits(vc, "ack_decoded", 19, ack, nack)) < 0))
            goto done;
    } else {
        vec_case_param(vc, "receiver", "dmrs_ls_delay_clean_mmse_idft_maxlog_ml");
        if ((rc = lte_pucch3_decode(pc, n_pucch, c->sf, &rxp, 1, (float)rx->n0, O, bits)) < 0 ||
            (rc = vec_put_bits(vc, "ack_decoded", 19, bits, O)) < 0)
            goto done;
    }
    vec_case_param(vc, "n0", "%.9g", rx->n0);
done:
    free(y);
    free(grid);
    return rc;
}

int vec_gen_pucch(const char *name, const char *cfg, const char *out_dir)
{
    ul_common c;
    lte_pucch_cfg pc = {0};
    char fname[8] = "1a";
    int rc, fmt = -1, n_pucch, a_len, O;
    if ((rc = parse_common(cfg, &c)) < 0)
        return rc;
    vec_kv_get(cfg, "format", fname, sizeof fname);
    for (size_t i = 0; i < sizeof pucch_formats / sizeof *pucch_formats; i++)
        if (!strcmp(fname, pucch_formats[i].name))
            fmt = pucch_formats[i].fmt;
    if (fmt < 0)
        return lte_error_set(LTE_EINVAL, "config: format=%s is not 1, 1a, 1b, 2, 2a, 2b or 3",
                             fname);
    if ((rc = vec_kv_int(cfg, "n_pucch", 0, &n_pucch)) < 0 ||
        (rc = vec_kv_int(cfg, "delta_shift", 1, &pc.delta_shift)) < 0 ||
        (rc = vec_kv_int(cfg, "n_cs1", 0, &pc.n_cs1)) < 0 ||
        (rc = vec_kv_int(cfg, "n_rb2", 1, &pc.n_rb2)) < 0 ||
        (rc = vec_kv_int(cfg, "shortened", 0, &pc.shortened)) < 0 ||
        (rc = vec_kv_int(cfg, "rnti", 0x1234, &pc.rnti)) < 0 ||
        (rc = vec_kv_int(cfg, "cqi_bits", 11, &a_len)) < 0 ||
        (rc = vec_kv_int(cfg, "ack_bits", 10, &O)) < 0)
        return rc;
    ul_rx rx;
    if ((rc = parse_rx(cfg, 10.0, cp_min(&c), &rx)) < 0)
        return rc;
    pc.cell_id = c.cell_id;
    pc.cp = c.cp;
    pc.n_rb_ul = c.n_rb;
    const int f3 = fmt == 6, f2 = fmt >= LTE_PUCCH_F2 && !f3;
    const int nack = fmt == LTE_PUCCH_F1A || fmt == LTE_PUCCH_F2A   ? 1
                     : fmt == LTE_PUCCH_F1B || fmt == LTE_PUCCH_F2B ? 2
                                                                    : 0;
    if (f2 && (a_len < 1 || a_len > 13))
        return lte_error_set(LTE_EINVAL, "config: cqi_bits=%d: the (20, A) code takes 1..13",
                             a_len);
    if (f3 && (O < 1 || O > LTE_PUCCH3_OMAX))
        return lte_error_set(LTE_EINVAL, "config: ack_bits=%d: format 3 takes 1..%d", O,
                             LTE_PUCCH3_OMAX);
    const int nsymb = lte_pucch_nsymb(c.cp), nsl = nsymb / 2, nsc = 12 * c.n_rb;
    vec_case *vc = calloc(1, sizeof *vc);
    float complex *sym = calloc((size_t)nsymb * 12, sizeof *sym);
    float complex *grid = calloc((size_t)nsymb * (size_t)nsc, sizeof *grid);
    float complex *time = NULL;
    if (!vc || !sym || !grid) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    /* input bits */
    uint8_t uci[LTE_PUCCH3_OMAX + 2] = {0}, coded[LTE_PUCCH3_BITS + 2] = {0};
    uint8_t scr[LTE_PUCCH3_BITS];
    int n_in = f3 ? O : f2 ? a_len + nack : nack, n_coded = f3 ? LTE_PUCCH3_BITS : f2 ? 20 : 0;
    lte_rng rng;
    lte_rng_seed(&rng, (uint64_t)c.seed);
    lte_rng_bits(&rng, uci, n_in);
    /* coding (36.212 §5.2.3.3 / §5.2.3.1); formats 2a/2b append the
     * HARQ-ACK bits to the 20 coded bits (the encoder's input layout) */
    if (f2) {
        if ((rc = lte_rm20_encode(uci, a_len, coded)) < 0)
            goto done;
        memcpy(coded + 20, uci + a_len, (size_t)nack);
    } else if (f3 && (rc = lte_pucch3_code(uci, O, coded)) < 0) {
        goto done;
    }
    int prb[2];
    if (f3)
        rc = lte_pucch3_encode(&pc, n_pucch, c.sf, coded, sym, prb);
    else
        rc = lte_pucch_encode(&pc, (lte_pucch_format)fmt, n_pucch, c.sf, f2 ? coded : uci, sym,
                              prb);
    if (rc < 0 || (rc = lte_pucch_map(&pc, sym, prb, 1.0f, grid)) < 0)
        goto done;
    if ((rc = vec_case_begin(vc, out_dir, name, "pucch")) < 0)
        goto done;
    common_params(vc, &c);
    vec_case_param(vc, "format", "%s", fname);
    vec_case_param(vc, "n_pucch", "%d", n_pucch);
    vec_case_param(vc, "delta_shift", "%d", pc.delta_shift);
    vec_case_param(vc, "n_cs1", "%d", pc.n_cs1);
    vec_case_param(vc, "n_rb2", "%d", pc.n_rb2);
    vec_case_param(vc, "shortened", "%d", pc.shortened);
    vec_case_param(vc, "rnti", "%d", pc.rnti);
    vec_case_param(vc, "cqi_bits", "%d", f2 ? a_len : 0);
    vec_case_param(vc, "ack_bits", "%d", f3 ? O : nack);
    vec_case_param(vc, "prb_slot0", "%d", prb[0]);
    vec_case_param(vc, "prb_slot1", "%d", prb[1]);
    vec_case_param(vc, "seed", "%d", c.seed);
    if (n_in > 0 && (rc = vec_put_bits(vc, "uci", 1, uci, n_in)) < 0)
        goto fail;
    if (n_coded) {
        /* scrambling of formats 2 and 3 (§5.4.2, §5.4.2A):
         * c_init = (n_s/2 + 1)(2 N_ID + 1) 2^16 + n_RNTI, n_s/2 = subframe */
        uint32_t c_init = (uint32_t)(c.sf + 1) * (uint32_t)(2 * c.cell_id + 1) * 65536u +
                          (uint32_t)pc.rnti;
        vec_case_param(vc, "c_init", "%u", c_init);
        if ((rc = lte_gold_bits(c_init, n_coded, scr)) < 0 ||
            (rc = vec_put_bits(vc, "coded", 2, coded, n_coded)) < 0 ||
            (rc = vec_put_bits(vc, "scr_seq", 3, scr, n_coded)) < 0)
            goto fail;
        for (int i = 0; i < n_coded; i++)
            scr[i] ^= coded[i];
        if ((rc = vec_put_bits(vc, "scrambled", 4, scr, n_coded)) < 0)
            goto fail;
    }
    /* n_cs^cell(n_s, l) of both slots (§5.4) */
    int32_t iv[2 * 16];
    for (int s = 0; s < 2; s++)
        for (int l = 0; l < nsl; l++)
            iv[s * nsl + l] = lte_pucch_ncs_cell(c.cell_id, c.cp, 2 * c.sf + s, l);
    if ((rc = vec_put_int(vc, "ncs_cell", 5, iv, 2 * nsl, 16, 0)) < 0)
        goto fail;
    /* the resource of each slot: formats 1/2: n', n_oc, N', m, n_PRB and
     * n_cs(n_s, l) of every symbol; format 3: n_oc, m, n_PRB and the DMRS
     * n_cs of every symbol (0 where the symbol carries data) */
    int nres = 0;
    for (int s = 0; s < 2; s++) {
        int ns = 2 * c.sf + s;
        if (!f3) {
            lte_pucch_res r;
            if ((rc = lte_pucch_resource(&pc, (lte_pucch_format)fmt, n_pucch, ns, &r)) < 0)
                goto fail;
            iv[nres++] = r.n_prime;
            iv[nres++] = r.n_oc;
            iv[nres++] = r.n_prime_range;
            iv[nres++] = r.m;
            iv[nres++] = r.prb;
            for (int l = 0; l < nsl; l++)
                iv[nres++] = r.n_cs[l];
        } else {
            int oc[2], m;
            if ((rc = lte_pucch3_resource(&pc, n_pucch, &oc[0], &oc[1], &m)) < 0)
                goto fail;
            iv[nres++] = oc[s];
            iv[nres++] = m;
            iv[nres++] = prb[s];
            int dm = c.cp == LTE_CP_NORMAL ? 0x22 : 0x08; /* symbols 1, 5 / 3 */
            for (int l = 0; l < nsl; l++)
                iv[nres++] = (dm >> l) & 1 ? lte_pucch3_dmrs_ncs(&pc, n_pucch, ns, l) : 0;
        }
    }
    int ns_time;
    if ((rc = vec_put_int(vc, "resource", 6, iv, nres, 16, 0)) < 0 ||
        (rc = put_c(vc, "pucch", 7, sym, (long)nsymb * 12, FRAC_SYM)) < 0 ||
        (rc = put_grid_time(vc, &c, grid, nsymb, 8, &time, &ns_time)) < 0)
        goto fail;
    if (rx.on && (rc = gen_pucch_rx(vc, &c, &pc, fmt, n_pucch, a_len, O, nack, sym, coded, prb,
                                    time, ns_time, &rng, &rx)) < 0)
        goto fail;
    rc = vec_case_end(vc);
    goto done;
fail:
    vec_case_abort(vc);
done:
    free(vc);
    free(sym);
    free(grid);
    free(time);
    return rc;
}

/* ---- SRS --------------------------------------------------------------------- */

/* The SRS receive side (stages 5-9, vectors/FORMAT.md). */
static int gen_srs_rx(vec_case *vc, const ul_common *c, const lte_srs_cfg *sc, int n_srs, int n_f,
                      int m_sc, const float complex *time, int ns, const ul_rx *rx)
{
    const int nsymb = lte_pucch_nsymb(c->cp), nsc = 12 * c->n_rb, l_srs = lte_srs_symbol(c->cp);
    float complex *y = NULL, *grid = malloc(sizeof *grid * (size_t)nsymb * (size_t)nsc);
    float complex *h = malloc(sizeof *h * 2 * (size_t)m_sc);
    double t[2];
    lte_rng rng;
    int rc;
    if (!grid || !h) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    lte_rng_seed(&rng, (uint64_t)c->seed);
    vec_case_param(vc, "seed", "%d", c->seed);
    if ((rc = put_rx_time(vc, rx, &rng, time, ns, 5, &y)) < 0 ||
        (rc = scfdma_demod(c, y, grid)) < 0 ||
        (rc = put_c_rx(vc, "rx_grid", 6, grid, (long)nsymb * nsc, FRAC_WIDE, TOL_SNR_DB)) < 0)
        goto done;
    const float complex *sym = grid + (size_t)l_srs * nsc;
    if ((rc = lte_srs_estimate(sc, n_srs, n_f, 2 * c->sf + 1, 1.0f, sym, h, &t[0])) < 0 ||
        (rc = lte_srs_estimate_windowed(sc, n_srs, n_f, 2 * c->sf + 1, 1.0f, sym, h + m_sc,
                                        &t[1])) < 0 ||
        (rc = put_c_rx(vc, "ls", 7, h, m_sc, FRAC_WIDE, TOL_RX_DB)) < 0 ||
        (rc = put_c_rx(vc, "ls_windowed", 8, h + m_sc, m_sc, FRAC_WIDE, TOL_RX_DB)) < 0)
        goto done;
    float tn[2] = {(float)(t[0] * 1e9), (float)(t[1] * 1e9)};
    vec_case_param(vc, "receiver", "ls_comb_phase_slope_timing");
    rc = vec_put_f32(vc, "timing_ns", 9, tn, 2, 0, 1.0);
done:
    free(y);
    free(grid);
    free(h);
    return rc;
}

int vec_gen_srs(const char *name, const char *cfg, const char *out_dir)
{
    ul_common c;
    lte_srs_cfg sc = {0};
    int rc, n_f;
    if ((rc = parse_common(cfg, &c)) < 0)
        return rc;
    if ((rc = vec_kv_int(cfg, "c_srs", 0, &sc.c_srs)) < 0 ||
        (rc = vec_kv_int(cfg, "b_srs", 0, &sc.b_srs)) < 0 ||
        (rc = vec_kv_int(cfg, "b_hop", 0, &sc.b_hop)) < 0 ||
        (rc = vec_kv_int(cfg, "n_rrc", 0, &sc.n_rrc)) < 0 ||
        (rc = vec_kv_int(cfg, "k_tc", 0, &sc.k_tc)) < 0 ||
        (rc = vec_kv_int(cfg, "n_cs", 0, &sc.n_cs)) < 0 ||
        (rc = vec_kv_int(cfg, "i_srs", 0, &sc.i_srs)) < 0 ||
        (rc = vec_kv_int(cfg, "sfn", 0, &n_f)) < 0)
        return rc;
    ul_rx rx;
    if ((rc = parse_rx(cfg, 10.0, cp_min(&c), &rx)) < 0)
        return rc;
    sc.rs.cell_id = c.cell_id;
    sc.rs.cp = c.cp;
    sc.n_rb_ul = c.n_rb;
    if (n_f < 0 || n_f > 1023)
        return lte_error_set(LTE_EINVAL, "config: sfn=%d: 0..1023", n_f);
    int toff = 0, on = lte_srs_ue_subframe(&sc, n_f, c.sf, &toff);
    if (on < 0)
        return on;
    if (!on)
        return lte_error_set(LTE_EINVAL, "config: i_srs=%d sends no SRS in subframe %d of frame "
                                         "%d (36.213 Table 8.2-1)", sc.i_srs, c.sf, n_f);
    const int nsymb = lte_pucch_nsymb(c.cp), nsc = 12 * c.n_rb, ns = 2 * c.sf + 1;
    const int l_srs = lte_srs_symbol(c.cp);
    vec_case *vc = calloc(1, sizeof *vc);
    float complex *grid = calloc((size_t)nsymb * (size_t)nsc, sizeof *grid);
    float complex *seq = NULL, *time = NULL;
    if (!vc || !grid) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    int n_srs = lte_srs_counter(&sc, n_f, ns, toff);
    lte_srs_alloc a;
    if (n_srs < 0) {
        rc = n_srs;
        goto done;
    }
    if ((rc = lte_srs_map(&sc, n_srs, n_f, ns, 1.0f, grid + (size_t)l_srs * nsc, &a)) < 0)
        goto done;
    seq = malloc(sizeof *seq * (size_t)a.m_sc);
    if (!seq) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    for (int k = 0; k < a.m_sc; k++) /* comb: every K_TC-th subcarrier from k_0 */
        seq[k] = grid[(size_t)l_srs * nsc + a.k0 + LTE_SRS_KTC * k];
    if ((rc = vec_case_begin(vc, out_dir, name, "srs")) < 0)
        goto done;
    common_params(vc, &c);
    vec_case_param(vc, "duplex", "fdd");
    vec_case_param(vc, "sfn", "%d", n_f);
    vec_case_param(vc, "c_srs", "%d", sc.c_srs);
    vec_case_param(vc, "b_srs", "%d", sc.b_srs);
    vec_case_param(vc, "b_hop", "%d", sc.b_hop);
    vec_case_param(vc, "n_rrc", "%d", sc.n_rrc);
    vec_case_param(vc, "k_tc", "%d", sc.k_tc);
    vec_case_param(vc, "n_cs", "%d", sc.n_cs);
    vec_case_param(vc, "i_srs", "%d", sc.i_srs);
    vec_case_param(vc, "srs_symbol", "%d", l_srs);
    int32_t iv[8] = {n_srs, a.k0, a.m_sc, a.m_srs, a.nb[0], a.nb[1], a.nb[2], a.nb[3]};
    int ns_time;
    if ((rc = vec_put_int(vc, "alloc", 1, iv, 8, 16, 0)) < 0 ||
        (rc = put_c(vc, "sequence", 2, seq, a.m_sc, FRAC_SYM)) < 0 ||
        (rc = put_grid_time(vc, &c, grid, nsymb, 3, &time, &ns_time)) < 0 ||
        (rx.on && (rc = gen_srs_rx(vc, &c, &sc, n_srs, n_f, a.m_sc, time, ns_time, &rx)) < 0))
        goto fail;
    rc = vec_case_end(vc);
    goto done;
fail:
    vec_case_abort(vc);
done:
    free(vc);
    free(grid);
    free(seq);
    free(time);
    return rc;
}

/* ---- PRACH ------------------------------------------------------------------- */

/* The PRACH receive side (stages 6-12, vectors/FORMAT.md): rx_time, then
 * the detector's first steps (prach.h steps 1-4) written out in double for
 * the stages lte_prach_detect keeps inside -- the PRACH bins of each period
 * and the power-delay profile of the preamble's root -- and its result. */
static int gen_prach_rx(vec_case *vc, lte_prach *p, const lte_prach_cfg *pc, int preamble,
                        int cv, const float complex *zc, const float complex *time,
                        const ul_rx *rx, int seed)
{
    lte_prach_info in;
    lte_prach_get_info(p, &in);
    const int nzc = in.n_zc, nu = in.period_len, L = in.corr_len, nrep = in.n_rep;
    const int K = pc->format == 4 ? 2 : 12, phi = pc->format == 4 ? 2 : 7;
    /* DFT bin of PRACH subcarrier 0 (36.211 §5.7.3: k + phi + K (k0 + 1/2)) */
    const int kb0 = phi + K * (12 * pc->prb - 6 * pc->n_rb_ul) + K / 2;
    float complex *y = NULL, *Y = malloc(sizeof *Y * (size_t)nrep * (size_t)nzc);
    double complex *tw = malloc(sizeof *tw * (size_t)(nu > L ? nu : L));
    double complex *xu = malloc(sizeof *xu * (size_t)nzc);
    float *pdp = calloc((size_t)L, sizeof *pdp);
    lte_prach_det det[LTE_PRACH_NPREAMBLES];
    lte_rng rng;
    int rc, n_det = 0;
    if (!Y || !tw || !xu || !pdp) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    lte_rng_seed(&rng, (uint64_t)seed);
    vec_case_param(vc, "seed", "%d", seed);
    if ((rc = put_rx_time(vc, rx, &rng, time, in.len, 6, &y)) < 0)
        goto done;
    /* Y_r(k) = N_u^(-1/2) sum_n y(cp + r N_u + n) e^{-j 2 pi n b_k / N_u} */
    for (int i = 0; i < nu; i++)
        tw[i] = cexp(-2.0 * I * M_PI * i / nu);
    for (int r = 0; r < nrep; r++)
        for (int k = 0; k < nzc; k++) {
            long b = ((kb0 + k) % nu + nu) % nu;
            const float complex *yr = y + in.cp_len + (long)r * nu;
            double complex acc = 0;
            for (long n = 0; n < nu; n++)
                acc += yr[n] * tw[(n * b) % nu];
            Y[(long)r * nzc + k] = (float complex)(acc / sqrt((double)nu));
        }
    if ((rc = put_c_rx(vc, "rx_spectrum", 7, Y, (long)nrep * nzc, 9, TOL_SNR_DB)) < 0)
        goto done;
    /* T(m) = sum_r |z_r(m)|^2 / (sigma^2 N_ZC), sigma^2 = mean |Y_r(k)|^2,
     * z_r(m) = sum_k Y_r(k) conj(X_u(k)) N_ZC^(-1/2) e^{+j 2 pi k m / L},
     * X_u(k) = sum_n x_u(n) e^{-j 2 pi n k / N_ZC} */
    double sigma2 = 0;
    for (long i = 0; i < (long)nrep * nzc; i++)
        sigma2 += (double)crealf(Y[i]) * crealf(Y[i]) + (double)cimagf(Y[i]) * cimagf(Y[i]);
    sigma2 /= (double)nrep * nzc;
    for (int k = 0; k < nzc; k++) {
        double complex acc = 0;
        for (long n = 0; n < nzc; n++)
            acc += zc[n] * cexp(-2.0 * I * M_PI * (double)((n * k) % nzc) / nzc);
        xu[k] = conj(acc) / sqrt((double)nzc);
    }
    for (int i = 0; i < L; i++)
        tw[i] = cexp(2.0 * I * M_PI * i / L);
    for (int r = 0; r < nrep; r++)
        for (long m = 0; m < L; m++) {
            double complex acc = 0;
            for (long k = 0; k < nzc; k++)
                acc += Y[(long)r * nzc + k] * xu[k] * tw[(k * m) % L];
            pdp[m] += (float)((creal(acc) * creal(acc) + cimag(acc) * cimag(acc)) /
                              (sigma2 * nzc));
        }
    if ((rc = vec_put_f32(vc, "pdp", 8, pdp, L, TOL_RX_DB, 0)) < 0)
        goto done;
    /* the detector itself */
    const float complex *yp = y;
    if ((rc = lte_prach_detect(p, &yp, in.len, det, LTE_PRACH_NPREAMBLES, &n_det)) < 0)
        goto done;
    if (n_det > LTE_PRACH_NPREAMBLES)
        n_det = LTE_PRACH_NPREAMBLES;
    /* generator self-check (unrestricted sets, one statistic): the peak the
     * detector reports for the case's preamble is the largest T above in
     * that preamble's window, delays -2 <= d < N_CS - 2 ZC samples after
     * C_v, at grid points m = L (d - C_v) / N_ZC mod L */
    for (int i = 0; i < n_det && !pc->restricted; i++) {
        if (det[i].preamble != preamble)
            continue;
        double best = 0;
        int ncs = in.n_cs ? in.n_cs : nzc;
        for (long m = 0; m < L; m++) {
            double d = fmod((double)m * nzc / L + cv + 2, nzc) - 2; /* delay of grid point m */
            if (d >= -2 && d < ncs - 2 && pdp[m] > best)
                best = pdp[m];
        }
        if (fabs(best - det[i].peak) > 1e-3 * det[i].peak) {
            rc = lte_error_set(LTE_EMISMATCH, "the power-delay profile's peak %g in the window "
                                              "of preamble %d disagrees with the detector's %g "
                                              "(generator self-check)", best, preamble,
                               det[i].peak);
            goto done;
        }
    }
    float th[2] = {(float)in.threshold, (float)in.threshold_sum};
    int32_t dv[1 + 2 * LTE_PRACH_NPREAMBLES];
    float pk[LTE_PRACH_NPREAMBLES], dl[LTE_PRACH_NPREAMBLES];
    dv[0] = n_det;
    for (int i = 0; i < n_det; i++) {
        dv[1 + 2 * i] = det[i].preamble;
        dv[2 + 2 * i] = det[i].ta;
        pk[i] = (float)det[i].peak;
        dl[i] = (float)det[i].delay_ts;
    }
    vec_case_param(vc, "p_fa", "0.001");
    vec_case_param(vc, "corr_len", "%d", L);
    vec_case_param(vc, "k_bin0", "%d", kb0);
    vec_case_param(vc, "receiver", "prach_freq_corr_pdp_threshold_leading_edge_1rx");
    if ((rc = vec_put_f32(vc, "threshold", 9, th, pc->restricted ? 2 : 1, TOL_RX_DB, 0)) < 0 ||
        (rc = vec_put_int(vc, "detections", 10, dv, 1 + 2L * n_det, 32, 0)) < 0)
        goto done;
    if (n_det > 0 && ((rc = vec_put_f32(vc, "det_peak", 11, pk, n_det, TOL_RX_DB, 0)) < 0 ||
                      (rc = vec_put_f32(vc, "det_delay_ts", 12, dl, n_det, 0, 1.0)) < 0))
        goto done;
done:
    free(y);
    free(Y);
    free(tw);
    free(xu);
    free(pdp);
    return rc;
}

int vec_gen_prach(const char *name, const char *cfg, const char *out_dir)
{
    ul_common c;
    lte_prach_cfg pc = {0};
    int rc, preamble;
    if ((rc = parse_common(cfg, &c)) < 0)
        return rc;
    if ((rc = vec_kv_int(cfg, "format", 0, &pc.format)) < 0 ||
        (rc = vec_kv_int(cfg, "root_index", 0, &pc.root_index)) < 0 ||
        (rc = vec_kv_int(cfg, "zczc", 1, &pc.zczc)) < 0 ||
        (rc = vec_kv_int(cfg, "restricted", 0, &pc.restricted)) < 0 ||
        (rc = vec_kv_int(cfg, "prb_start", 0, &pc.prb)) < 0 ||
        (rc = vec_kv_int(cfg, "preamble", 0, &preamble)) < 0)
        return rc;
    ul_rx rx;
    if ((rc = parse_rx(cfg, 0.0, -1, &rx)) < 0) /* delay: checked against the CP below */
        return rc;
    pc.n_rb_ul = c.n_rb;
    pc.n_rx = 1;
    lte_prach *p = NULL;
    lte_prach_info info;
    vec_case *vc = calloc(1, sizeof *vc);
    float complex *zc = NULL, *x = NULL, *X = NULL, *time = NULL;
    if (!vc) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = lte_prach_create(&pc, &p)) < 0)
        goto done;
    lte_prach_get_info(p, &info);
    if (rx.delay < 0 || rx.delay > info.cp_len) {
        rc = lte_error_set(LTE_EINVAL, "config: delay=%d: 0..%d (the CP)", rx.delay, info.cp_len);
        goto done;
    }
    int u, cv;
    if ((rc = lte_prach_preamble_params(p, preamble, &u, &cv)) < 0)
        goto done;
    const int nzc = info.n_zc;
    zc = malloc(sizeof *zc * (size_t)nzc);
    x = malloc(sizeof *x * (size_t)nzc);
    X = malloc(sizeof *X * (size_t)nzc);
    time = malloc(sizeof *time * (size_t)info.len);
    if (!zc || !x || !X || !time) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = lte_prach_zc(u, nzc, zc)) < 0 || (rc = lte_prach_preamble_seq(p, preamble, x)) < 0 ||
        (rc = lte_prach_generate(p, preamble, 1.0f, time)) < 0)
        goto done;
    /* X(k) = sum_n x_{u,v}(n) e^{-j 2 pi n k / N_ZC} (§5.7.3), directly, in
     * double: the stage a DUT's DFT of prime length is compared with */
    for (int k = 0; k < nzc; k++) {
        double complex acc = 0;
        for (int n = 0; n < nzc; n++)
            acc += x[n] * cexp(-2.0 * I * M_PI * (double)(((long)n * k) % nzc) / nzc);
        X[k] = (float complex)acc;
    }
    if ((rc = vec_case_begin(vc, out_dir, name, "prach")) < 0)
        goto done;
    vec_case_param(vc, "n_rb", "%d", c.n_rb);
    vec_case_param(vc, "format", "%d", pc.format);
    vec_case_param(vc, "root_index", "%d", pc.root_index);
    vec_case_param(vc, "zczc", "%d", pc.zczc);
    vec_case_param(vc, "restricted", "%d", pc.restricted);
    vec_case_param(vc, "prb_start", "%d", pc.prb);
    vec_case_param(vc, "preamble", "%d", preamble);
    vec_case_param(vc, "fft_size", "%d", info.fft_size);
    vec_case_param(vc, "sample_rate", "%d", (int)info.sample_rate_hz);
    vec_case_param(vc, "cp_len", "%d", info.cp_len);
    vec_case_param(vc, "period_len", "%d", info.period_len);
    vec_case_param(vc, "n_rep", "%d", info.n_rep);
    vec_case_param(vc, "beta", "1");
    int32_t iv[4] = {u, cv, nzc, info.n_cs};
    if ((rc = vec_put_int(vc, "params", 1, iv, 4, 16, 0)) < 0 ||
        (rc = put_c(vc, "zc", 2, zc, nzc, FRAC_SYM)) < 0 ||
        (rc = put_c(vc, "sequence", 3, x, nzc, FRAC_SYM)) < 0 ||
        (rc = vec_put_cf32(vc, "spectrum", 4, X, nzc, 16, 9, TOL_SNR_DB, 0)) < 0 ||
        (rc = put_c(vc, "time", 5, time, info.len, FRAC_PRACH)) < 0 ||
        (rx.on && (rc = gen_prach_rx(vc, p, &pc, preamble, cv, zc, time, &rx, c.seed)) < 0))
        goto fail;
    rc = vec_case_end(vc);
    goto done;
fail:
    vec_case_abort(vc);
done:
    lte_prach_destroy(p);
    free(vc);
    free(zc);
    free(x);
    free(X);
    free(time);
    return rc;
}
