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
#define TOL_SNR_DB 60.0

static int put_c(vec_case *vc, const char *stage, int order, const float complex *x, long n,
                 int frac)
{
    return vec_put_cf32(vc, stage, order, x, n, 16, frac, TOL_SNR_DB, 0);
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

/* The last two stages every uplink case here has -- the grid (stage
 * `order`) and its SC-FDMA samples (order + 1) -- then the case is closed. */
static int end_with_samples(vec_case *vc, const ul_common *c, const float complex *grid,
                            int nsymb, int order)
{
    float complex *time = NULL;
    int ns_time, rc;
    if ((rc = put_c(vc, "grid", order, grid, (long)nsymb * 12 * c->n_rb, FRAC_SYM)) >= 0 &&
        (rc = scfdma(c, grid, &time, &ns_time, vc)) >= 0 &&
        (rc = put_c(vc, "time", order + 1, time, ns_time, FRAC_TIME)) >= 0)
        rc = vec_case_end(vc);
    free(time);
    return rc;
}

/* ---- PUCCH ------------------------------------------------------------------- */

static const struct {
    const char *name;
    int fmt; /* lte_pucch_format, or 6 for format 3 */
} pucch_formats[] = {{"1", LTE_PUCCH_F1},   {"1a", LTE_PUCCH_F1A}, {"1b", LTE_PUCCH_F1B},
                     {"2", LTE_PUCCH_F2},   {"2a", LTE_PUCCH_F2A}, {"2b", LTE_PUCCH_F2B},
                     {"3", 6}};

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
    if ((rc = vec_put_int(vc, "resource", 6, iv, nres, 16, 0)) < 0 ||
        (rc = put_c(vc, "pucch", 7, sym, (long)nsymb * 12, FRAC_SYM)) < 0 ||
        (rc = end_with_samples(vc, &c, grid, nsymb, 8)) < 0)
        goto fail;
    goto done;
fail:
    vec_case_abort(vc);
done:
    free(vc);
    free(sym);
    free(grid);
    return rc;
}

/* ---- SRS --------------------------------------------------------------------- */

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
    float complex *seq = NULL;
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
    if ((rc = vec_put_int(vc, "alloc", 1, iv, 8, 16, 0)) < 0 ||
        (rc = put_c(vc, "sequence", 2, seq, a.m_sc, FRAC_SYM)) < 0 ||
        (rc = end_with_samples(vc, &c, grid, nsymb, 3)) < 0)
        goto fail;
    goto done;
fail:
    vec_case_abort(vc);
done:
    free(vc);
    free(grid);
    free(seq);
    return rc;
}

/* ---- PRACH ------------------------------------------------------------------- */

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
        (rc = put_c(vc, "time", 5, time, info.len, FRAC_PRACH)) < 0)
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
