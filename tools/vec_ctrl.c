/* Golden-vector cases for the downlink control channels: PBCH (36.212
 * §5.3.1, 36.211 §6.6), PCFICH (36.212 §5.3.4, 36.211 §6.7), PHICH (36.212
 * §5.3.5, 36.211 §6.9) and PDCCH (36.212 §5.3.3, 36.211 §6.8, 36.213
 * §9.1.1). Each stage is computed here from the lower-level public
 * functions, in the order of the spec, and the generator checks that the
 * result agrees RE by RE with the library's own mapper (lte_*_map). Then a
 * receiver on a stated channel. Formats and stage lists: vectors/FORMAT.md.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/channel.h"
#include "ltephy/control.h"
#include "ltephy/conv.h"
#include "ltephy/crc.h"
#include "ltephy/dlphy.h"
#include "ltephy/error.h"
#include "ltephy/gold.h"
#include "ltephy/modulation.h"
#include "ltephy/rng.h"
#include "ltephy/scrambling.h"
#include "vec.h"
#include "vec_ctrl.h"
#include "vectors.h"

/* ---- shared helpers ---------------------------------------------------------- */

int vc_parse_cell(const char *cfg, vc_cell *c)
{
    int rc, n_rb, ports, cfi, cell_id, tdd_cfg, ssf, sf, seed, rx, sfn;
    char v[32];
    memset(c, 0, sizeof *c);
    lte_cell_cfg_init(&c->cell);
    if ((rc = vec_kv_int(cfg, "n_rb", 6, &n_rb)) < 0 || (rc = vec_kv_int(cfg, "ports", 1, &ports)) < 0 ||
        (rc = vec_kv_int(cfg, "cfi", 2, &cfi)) < 0 ||
        (rc = vec_kv_int(cfg, "cell_id", 1, &cell_id)) < 0 ||
        (rc = vec_kv_int(cfg, "tdd_config", 1, &tdd_cfg)) < 0 ||
        (rc = vec_kv_int(cfg, "ssf_config", 7, &ssf)) < 0 ||
        (rc = vec_kv_int(cfg, "subframe", 0, &sf)) < 0 || (rc = vec_kv_int(cfg, "seed", 1, &seed)) < 0 ||
        (rc = vec_kv_int(cfg, "rx", 1, &rx)) < 0 || (rc = vec_kv_int(cfg, "sfn", 0, &sfn)) < 0)
        return rc;
    c->cell.n_rb = n_rb;
    c->cell.n_ports = ports;
    c->cell.cfi = cfi;
    c->cell.cell_id = cell_id;
    c->cell.tdd_config = tdd_cfg;
    c->cell.ssf_config = ssf;
    if (vec_kv_get(cfg, "cp", v, sizeof v)) {
        if (strcmp(v, "normal") && strcmp(v, "extended"))
            return lte_error_set(LTE_EINVAL, "config: cp=%s is not normal or extended", v);
        c->cell.cp = !strcmp(v, "extended") ? LTE_CP_EXTENDED : LTE_CP_NORMAL;
    }
    if (vec_kv_get(cfg, "duplex", v, sizeof v)) {
        if (strcmp(v, "fdd") && strcmp(v, "tdd"))
            return lte_error_set(LTE_EINVAL, "config: duplex=%s is not fdd or tdd", v);
        c->cell.duplex = !strcmp(v, "tdd") ? LTE_TDD : LTE_FDD;
    }
    if (vec_kv_get(cfg, "ng", v, sizeof v)) {
        static const char *ngs[4] = {"1_6", "1_2", "1", "2"};
        int k = 0;
        while (k < 4 && strcmp(v, ngs[k]))
            k++;
        if (k == 4)
            return lte_error_set(LTE_EINVAL, "config: ng=%s is not 1_6, 1_2, 1 or 2", v);
        c->cell.ng = (lte_phich_ng)k;
    }
    if (vec_kv_get(cfg, "phich_dur", v, sizeof v)) {
        if (strcmp(v, "normal") && strcmp(v, "extended"))
            return lte_error_set(LTE_EINVAL, "config: phich_dur=%s is not normal or extended", v);
        c->cell.phich_dur = !strcmp(v, "extended") ? LTE_PHICH_EXTENDED : LTE_PHICH_NORMAL;
    }
    if (sf < 0 || sf > 9 || sfn < 0 || sfn > 1023)
        return lte_error_set(LTE_EINVAL, "config: subframe=%d (0..9) or sfn=%d (0..1023) out of range",
                             sf, sfn);
    c->subframe = sf;
    c->sfn = sfn;
    c->seed = seed;
    c->rx = rx;
    c->snr_db = 10.0;
    if (vec_kv_get(cfg, "snr_db", v, sizeof v))
        c->snr_db = atof(v);
    return lte_cell_validate(&c->cell);
}

void vc_params(vec_case *vc, const vc_cell *c)
{
    static const char *ngs[4] = {"1/6", "1/2", "1", "2"};
    vec_case_param(vc, "n_rb", "%d", c->cell.n_rb);
    vec_case_param(vc, "cp", "%s", c->cell.cp == LTE_CP_EXTENDED ? "extended" : "normal");
    vec_case_param(vc, "duplex", "%s", c->cell.duplex == LTE_TDD ? "tdd" : "fdd");
    if (c->cell.duplex == LTE_TDD) {
        vec_case_param(vc, "tdd_config", "%d", c->cell.tdd_config);
        vec_case_param(vc, "ssf_config", "%d", c->cell.ssf_config);
    }
    vec_case_param(vc, "cell_id", "%d", c->cell.cell_id);
    vec_case_param(vc, "ports", "%d", c->cell.n_ports);
    vec_case_param(vc, "ng", "%s", ngs[c->cell.ng & 3]);
    vec_case_param(vc, "phich_dur", "%s",
                   c->cell.phich_dur == LTE_PHICH_EXTENDED ? "extended" : "normal");
    vec_case_param(vc, "subframe", "%d", c->subframe);
    vec_case_param(vc, "seed", "%d", c->seed);
}

int vc_put_c(vec_case *vc, const char *stage, int order, const float complex *x, long n, int frac)
{
    return vec_put_cf32(vc, stage, order, x, n, 16, frac, VC_TOL_SNR_DB, 0);
}

static int put_i32_common(vec_case *vc, const char *stage, int order, long n, int width,
                          int (*get)(const void *, long), const void *src)
{
    int32_t *v = malloc(sizeof *v * (size_t)(n > 0 ? n : 1));
    if (!v)
        return lte_error_set(LTE_ENOMEM, "out of memory");
    for (long i = 0; i < n; i++)
        v[i] = get(src, i);
    int rc = vec_put_int(vc, stage, order, v, n, width, 0);
    free(v);
    return rc;
}

static int get_int(const void *s, long i) { return ((const int *)s)[i]; }
static int get_u32(const void *s, long i) { return (int)((const uint32_t *)s)[i]; }

int vc_put_i32(vec_case *vc, const char *stage, int order, const int *v, long n)
{
    return put_i32_common(vc, stage, order, n, 32, get_int, v);
}

int vc_put_idx(vec_case *vc, const char *stage, int order, const uint32_t *idx, long n)
{
    return put_i32_common(vc, stage, order, n, 16, get_u32, idx);
}

int vc_put_llr(vec_case *vc, const char *stage, int order, const float *llr, long n)
{
    int rc = vec_put_f32(vc, stage, order, llr, n, VC_TOL_LLR_DB, 0);
    if (rc < 0)
        return rc;
    int32_t *q = malloc(sizeof *q * (size_t)(n > 0 ? n : 1));
    if (!q)
        return lte_error_set(LTE_ENOMEM, "out of memory");
    for (long i = 0; i < n; i++)
        q[i] = vec_quant(llr[i], 8, 2);
    char st[64];
    snprintf(st, sizeof st, "%s_q", stage);
    rc = vec_put_int(vc, st, order, q, n, 8, 2);
    free(q);
    if (rc == 0) /* a fixed-point copy of a float stage: the same tolerance */
        vc->files[vc->nfiles - 1].tol_snr_db = VC_TOL_LLR_DB;
    return rc;
}

int vc_put_grid(vec_case *vc, int order, const char *prefix, float complex *const *port,
                int n_ports, int n_sc, int l0, int n_symb, int frac)
{
    char st[32];
    for (int p = 0; p < n_ports; p++) {
        snprintf(st, sizeof st, "%s_p%d", prefix, p);
        int rc = vc_put_c(vc, st, order, port[p] + (size_t)l0 * n_sc, (long)n_symb * n_sc, frac);
        if (rc < 0)
            return rc;
    }
    return 0;
}

float complex *vc_cbuf(size_t n)
{
    void *p = NULL;
    if (posix_memalign(&p, 64, sizeof(float complex) * (n ? n : 1)) != 0)
        return NULL;
    memset(p, 0, sizeof(float complex) * (n ? n : 1));
    return p;
}

int vc_rx_make(const lte_grid *g, int l0, int n_symb, double snr_db, lte_rng *rng, vc_rx *r)
{
    memset(r, 0, sizeof *r);
    int rc;
    r->y = vc_cbuf((size_t)g->n_re);
    for (int p = 0; p < 4; p++)
        r->h[p] = vc_cbuf((size_t)g->n_re);
    if (!r->y || !r->h[0] || !r->h[1] || !r->h[2] || !r->h[3]) {
        vc_rx_free(r);
        return lte_error_set(LTE_ENOMEM, "out of memory");
    }
    for (int p = 0; p < 4; p++)
        for (int i = 0; i < g->n_re; i++)
            r->h[p][i] = 1.0f;
    size_t i0 = (size_t)l0 * g->n_sc, n = (size_t)n_symb * g->n_sc;
    for (size_t i = i0; i < i0 + n; i++) {
        float complex s = 0;
        for (int p = 0; p < g->n_ports; p++)
            s += g->port[p][i];
        r->y[i] = s;
    }
    double n0 = pow(10.0, -snr_db / 10.0);
    if ((rc = lte_awgn_add(rng, r->y + i0, (int)n, n0)) < 0 ||
        (rc = lte_dlrx_create(&g->cell, 1, &r->rx)) < 0) {
        vc_rx_free(r);
        return rc;
    }
    r->yp[0] = r->y;
    r->in.n_rx = 1;
    r->in.n_ports = 4;
    r->in.y = r->yp;
    r->in.h = (const float complex *const *)r->h;
    r->in.n0 = (float)n0;
    r->in.eq = LTE_EQ_MMSE;
    return 0;
}

void vc_rx_free(vc_rx *r)
{
    free(r->y);
    for (int p = 0; p < 4; p++)
        free(r->h[p]);
    lte_dlrx_destroy(r->rx);
    memset(r, 0, sizeof *r);
}

/* The grid REs idx[k] of every port must hold y[k*P + p] and every other RE
 * of the given symbols must be zero: the stages above agree with the
 * library's mapper (a self-check of the generator). */
static int same_as_mapper(const char *name, const char *chan, const lte_grid *g,
                          const uint32_t *idx, int n, const float complex *y, int l0, int n_symb)
{
    int P = g->n_ports;
    size_t i0 = (size_t)l0 * g->n_sc, i1 = i0 + (size_t)n_symb * g->n_sc;
    float complex *want = vc_cbuf((size_t)g->n_re);
    if (!want)
        return lte_error_set(LTE_ENOMEM, "out of memory");
    int bad = 0;
    for (int p = 0; p < P && !bad; p++) {
        memset(want, 0, sizeof *want * (size_t)g->n_re);
        for (int k = 0; k < n; k++)
            want[idx[k]] = y[(size_t)k * P + p];
        for (size_t i = i0; i < i1; i++)
            bad |= cabsf(want[i] - g->port[p][i]) > 1e-6f;
    }
    free(want);
    if (bad)
        return lte_error_set(LTE_EMISMATCH, "%s: the %s stages disagree with lte_%s_map "
                                            "(generator self-check)", name, chan, chan);
    return 0;
}

/* CRC16 of a with the 16-bit mask XORed on the parity (36.212 §5.3.1.1,
 * §5.3.3.2: x_0, the first masked bit, is the mask's MSB), then tail-biting
 * convolutional coding (§5.1.3.1). c: A+16 bits; d0..d2: A+16 bits each. */
static int crc_tbcc(const uint8_t *a, int A, uint16_t mask, uint8_t *c, uint8_t *d0, uint8_t *d1,
                    uint8_t *d2)
{
    uint32_t crc;
    int rc = lte_crc_bits(LTE_CRC16, a, A, &crc);
    if (rc < 0)
        return rc;
    memcpy(c, a, (size_t)A);
    for (int i = 0; i < 16; i++)
        c[A + i] = (uint8_t)(((crc ^ mask) >> (15 - i)) & 1u);
    static const unsigned gen[3] = {LTE_CONV_G0, LTE_CONV_G1, LTE_CONV_G2};
    return lte_conv_encode(c, A + 16, gen, d0, d1, d2);
}

static int same_bits(const char *name, const char *what, const uint8_t *a, const uint8_t *b, int n)
{
    if (memcmp(a, b, (size_t)n) != 0)
        return lte_error_set(LTE_EMISMATCH, "%s: %s disagrees with the library's encoder "
                                            "(generator self-check)", name, what);
    return 0;
}

/* ---- PBCH ------------------------------------------------------------------------ */

int vec_gen_pbch(const char *name, const char *cfg, const char *out_dir)
{
    vc_cell c;
    int rc = vc_parse_cell(cfg, &c);
    if (rc < 0)
        return rc;
    c.subframe = 0; /* §6.6.4: the PBCH is in subframe 0 */
    const int P = c.cell.n_ports, ext = c.cell.cp == LTE_CP_EXTENDED;
    const int m_bit = ext ? LTE_PBCH_BITS_EXTENDED : LTE_PBCH_BITS_NORMAL, nq = m_bit / 4;
    const int ns = lte_cell_symb_per_slot(&c.cell);
    lte_grid *g = NULL;
    vc_rx r = {0};
    vec_case *vc = calloc(1, sizeof *vc);
    uint8_t mib[LTE_MIB_BITS], cb[40], d[3][40], e[LTE_PBCH_BITS_NORMAL],
        e_lib[LTE_PBCH_BITS_NORMAL], cs[LTE_PBCH_BITS_NORMAL], b[LTE_PBCH_BITS_NORMAL];
    float complex sym[240], x[240], y[240 * 4];
    uint32_t idx[240], c_init;
    if (!vc)
        return lte_error_set(LTE_ENOMEM, "out of memory");
    lte_mib m = {c.cell.n_rb, c.cell.phich_dur, c.cell.ng, c.sfn};
    uint16_t mask;
    if ((rc = lte_mib_pack(&m, mib)) < 0 || (rc = lte_bch_port_mask(P, &mask)) < 0 ||
        (rc = crc_tbcc(mib, LTE_BCH_A, mask, cb, d[0], d[1], d[2])) < 0 ||
        (rc = lte_ratematch_conv(d[0], d[1], d[2], 40, m_bit, e)) < 0 ||
        (rc = lte_bch_encode(mib, P, m_bit, e_lib)) < 0 ||
        (rc = same_bits(name, "the BCH e", e, e_lib, m_bit)) < 0)
        goto done;
    /* §6.6.1: one sequence over M_bit bits spanning four frames */
    int off = lte_scr_pbch_offset(c.sfn, ext);
    if ((rc = lte_scr_cinit_pbch(c.cell.cell_id, &c_init)) < 0 ||
        (rc = lte_gold_bits(c_init, m_bit, cs)) < 0)
        goto done;
    for (int i = 0; i < m_bit; i++)
        b[i] = e[i] ^ cs[i];
    lte_mimo_cfg mimo;
    lte_dl_ctrl_mimo(P, &mimo);
    if ((rc = lte_mod_map(LTE_MOD_QPSK, b + off, nq, sym)) < 0 || /* §6.6.2 */
        (rc = lte_layer_map(&mimo, sym, nq / 2, NULL, 0, x)) < 0 ||  /* §6.6.3 */
        (rc = lte_precode(&mimo, x, nq / 2, y)) < 0)
        goto done;
    if ((rc = lte_grid_create(&c.cell, &g)) < 0 || (rc = lte_grid_set_subframe(g, 0)) < 0)
        goto done;
    int n = lte_grid_re_list(&c.cell, g->map, LTE_RE_PBCH, ns, ns + 4, NULL, idx, 240);
    if (n != nq / 2) {
        rc = n < 0 ? n : lte_error_set(LTE_EINVAL, "%s: %d PBCH REs, %d expected", name, n, nq / 2);
        goto done;
    }
    if ((rc = lte_pbch_map(g, mib, c.sfn, 1.0f)) < 0 ||
        (rc = same_as_mapper(name, "pbch", g, idx, n, y, ns, 4)) < 0)
        goto done;

    if ((rc = vec_case_begin(vc, out_dir, name, "pbch")) < 0)
        goto done;
    vc_params(vc, &c);
    vec_case_param(vc, "sfn", "%d", c.sfn);
    vec_case_param(vc, "m_bit", "%d", m_bit);
    vec_case_param(vc, "c_init", "%u", c_init);
    vec_case_param(vc, "frame_offset_bits", "%d", off);
    vec_case_param(vc, "crc_mask", "%d", mask);
    vec_case_param(vc, "grid_l0", "%d", ns);
    vec_case_param(vc, "grid_n_symb", "%d", 4);
    if ((rc = vec_put_bits(vc, "mib", 1, mib, LTE_MIB_BITS)) < 0 ||
        (rc = vec_put_bits(vc, "mib_crc", 2, cb, 40)) < 0 ||
        (rc = vec_put_bits(vc, "d0", 3, d[0], 40)) < 0 ||
        (rc = vec_put_bits(vc, "d1", 3, d[1], 40)) < 0 ||
        (rc = vec_put_bits(vc, "d2", 3, d[2], 40)) < 0 ||
        (rc = vec_put_bits(vc, "e", 4, e, m_bit)) < 0 ||
        (rc = vec_put_bits(vc, "scr_seq", 5, cs, m_bit)) < 0 ||
        (rc = vec_put_bits(vc, "scrambled", 6, b, m_bit)) < 0 ||
        (rc = vec_put_bits(vc, "frame_bits", 7, b + off, nq)) < 0 ||
        (rc = vc_put_c(vc, "symbols", 8, sym, nq / 2, VC_FRAC_SYM)) < 0 ||
        (rc = vc_put_c(vc, "layers", 9, x, nq / 2, VC_FRAC_SYM)) < 0 ||
        (rc = vc_put_c(vc, "precoded", 10, y, (long)n * P, VC_FRAC_SYM)) < 0 ||
        (rc = vc_put_idx(vc, "re_idx", 11, idx, n)) < 0 ||
        (rc = vc_put_grid(vc, 12, "grid", g->port, P, g->n_sc, ns, 4, VC_FRAC_SYM)) < 0)
        goto fail;
    if (c.rx) {
        lte_rng rng;
        lte_rng_seed(&rng, (uint64_t)c.seed);
        vec_case_param(vc, "snr_db", "%g", c.snr_db);
        vec_case_param(vc, "channel", "sum_of_ports_awgn");
        if ((rc = vc_rx_make(g, ns, 4, c.snr_db, &rng, &r)) < 0)
            goto fail;
        float llr[LTE_PBCH_BITS_NORMAL / 4];
        /* equalise (the known unit channel of every port), max-log demap,
         * descramble with the frame's part of the sequence */
        if ((rc = vc_put_c(vc, "rx_grid", 13, r.y + (size_t)ns * g->n_sc, 4L * g->n_sc,
                           VC_FRAC_WIDE)) < 0 ||
            (rc = lte_dl_equalize(r.rx, &r.in, &mimo, idx, n, NULL)) < 0 ||
            (rc = lte_demap_maxlog(LTE_MOD_QPSK, r.rx->x, n, r.rx->nv, n, llr, LTE_SIMD_SCALAR)) < 0 ||
            (rc = lte_descramble_llr(c_init, off, llr, nq, LTE_SIMD_SCALAR)) < 0 ||
            (rc = vc_put_llr(vc, "llr", 14, llr, nq)) < 0)
            goto fail;
        lte_pbch_result res;
        memset(&res, 0, sizeof res);
        rc = lte_pbch_decode(r.rx, g, &r.in, &res);
        if (rc < 0 && rc != LTE_ECRC)
            goto fail;
        int32_t out[3] = {rc == 0, res.n_ports, res.frame_offset};
        if ((rc = vec_put_bits(vc, "mib_decoded", 15, res.mib, LTE_MIB_BITS)) < 0 ||
            (rc = vec_put_int(vc, "crc_ok_ports_offset", 16, out, 3, 32, 0)) < 0)
            goto fail;
        vec_case_param(vc, "receiver", "mmse_maxlog_blind_ports_offsets_wava");
    }
    rc = vec_case_end(vc);
    goto done;
fail:
    vec_case_abort(vc);
done:
    vc_rx_free(&r);
    lte_grid_destroy(g);
    free(vc);
    return rc;
}

/* ---- PCFICH ------------------------------------------------------------------------ */

int vec_gen_pcfich(const char *name, const char *cfg, const char *out_dir)
{
    vc_cell c;
    int rc = vc_parse_cell(cfg, &c);
    if (rc < 0)
        return rc;
    const int P = c.cell.n_ports;
    lte_grid *g = NULL;
    vc_rx r = {0};
    vec_case *vc = calloc(1, sizeof *vc);
    uint8_t code[LTE_CFI_BITS], cs[LTE_CFI_BITS], b[LTE_CFI_BITS];
    float complex sym[16], y[16 * 4];
    uint32_t idx[16], c_init;
    if (!vc)
        return lte_error_set(LTE_ENOMEM, "out of memory");
    if ((rc = lte_grid_create(&c.cell, &g)) < 0 || (rc = lte_grid_set_subframe(g, c.subframe)) < 0)
        goto done;
    const lte_ctrl_layout *L = g->ctrl;
    if (L->n_symb == 0) {
        rc = lte_error_set(LTE_EINVAL, "config: subframe %d has no control region", c.subframe);
        goto done;
    }
    int cfi = L->cfi;
    lte_mimo_cfg mimo;
    lte_dl_ctrl_mimo(P, &mimo);
    /* 36.212 §5.3.4; 36.211 §6.7.1 (c_init from slot 2*subframe), §6.7.2, §6.7.3 */
    if ((rc = lte_cfi_encode(cfi, code)) < 0 ||
        (rc = lte_scr_cinit_pcfich(2 * c.subframe, c.cell.cell_id, &c_init)) < 0 ||
        (rc = lte_gold_bits(c_init, LTE_CFI_BITS, cs)) < 0)
        goto done;
    for (int i = 0; i < LTE_CFI_BITS; i++)
        b[i] = code[i] ^ cs[i];
    if ((rc = lte_mod_map(LTE_MOD_QPSK, b, LTE_CFI_BITS, sym)) < 0 ||
        (rc = lte_precode(&mimo, sym, 16, y)) < 0)
        goto done;
    /* §6.7.4: quadruplet i to REG pcfich[i] */
    for (int i = 0; i < 4; i++) {
        const lte_reg *reg = &L->reg[L->pcfich[i]];
        for (int j = 0; j < 4; j++)
            idx[4 * i + j] = (uint32_t)LTE_GRID_IDX(g->n_sc, reg->l, reg->k[j]);
    }
    if ((rc = lte_pcfich_map(g, 1.0f)) < 0 || (rc = same_as_mapper(name, "pcfich", g, idx, 16, y, 0, 1)) < 0)
        goto done;

    if ((rc = vec_case_begin(vc, out_dir, name, "pcfich")) < 0)
        goto done;
    vc_params(vc, &c);
    vec_case_param(vc, "cfi", "%d", cfi);
    vec_case_param(vc, "c_init", "%u", c_init);
    vec_case_param(vc, "grid_l0", "%d", 0);
    vec_case_param(vc, "grid_n_symb", "%d", 1);
    int cfi_v = cfi;
    if ((rc = vc_put_i32(vc, "cfi", 1, &cfi_v, 1)) < 0 ||
        (rc = vec_put_bits(vc, "cfi_code", 2, code, LTE_CFI_BITS)) < 0 ||
        (rc = vec_put_bits(vc, "scr_seq", 3, cs, LTE_CFI_BITS)) < 0 ||
        (rc = vec_put_bits(vc, "scrambled", 4, b, LTE_CFI_BITS)) < 0 ||
        (rc = vc_put_c(vc, "symbols", 5, sym, 16, VC_FRAC_SYM)) < 0 ||
        (rc = vc_put_c(vc, "precoded", 6, y, 16L * P, VC_FRAC_SYM)) < 0 ||
        (rc = vc_put_idx(vc, "re_idx", 7, idx, 16)) < 0 ||
        (rc = vc_put_grid(vc, 8, "grid", g->port, P, g->n_sc, 0, 1, VC_FRAC_SYM)) < 0)
        goto fail;
    if (c.rx) {
        lte_rng rng;
        lte_rng_seed(&rng, (uint64_t)c.seed);
        vec_case_param(vc, "snr_db", "%g", c.snr_db);
        vec_case_param(vc, "channel", "sum_of_ports_awgn");
        float llr[LTE_CFI_BITS];
        int dec = 0;
        if ((rc = vc_rx_make(g, 0, 1, c.snr_db, &rng, &r)) < 0 ||
            (rc = vc_put_c(vc, "rx_grid", 9, r.y, g->n_sc, VC_FRAC_WIDE)) < 0 ||
            (rc = lte_dl_equalize(r.rx, &r.in, &mimo, idx, 16, NULL)) < 0 ||
            (rc = lte_demap_maxlog(LTE_MOD_QPSK, r.rx->x, 16, r.rx->nv, 16, llr, LTE_SIMD_SCALAR)) < 0 ||
            (rc = lte_descramble_llr(c_init, 0, llr, LTE_CFI_BITS, LTE_SIMD_SCALAR)) < 0 ||
            (rc = vc_put_llr(vc, "llr", 10, llr, LTE_CFI_BITS)) < 0 ||
            (rc = lte_pcfich_decode(r.rx, g, &r.in, &dec, NULL)) < 0 ||
            (rc = vc_put_i32(vc, "cfi_decoded", 11, &dec, 1)) < 0)
            goto fail;
        vec_case_param(vc, "receiver", "mmse_maxlog_correlation");
    }
    rc = vec_case_end(vc);
    goto done;
fail:
    vec_case_abort(vc);
done:
    vc_rx_free(&r);
    lte_grid_destroy(g);
    free(vc);
    return rc;
}

/* ---- PHICH -------------------------------------------------------------------------- */

#define MAX_PHICH 64

/* hi=G.S.V,G.S.V,...: group, sequence index, HI (1 ACK, 0 NACK) */
static int parse_hi(const char *cfg, lte_phich_ind *ind, int *n)
{
    char v[512];
    *n = 0;
    if (!vec_kv_get(cfg, "hi", v, sizeof v))
        return lte_error_set(LTE_EINVAL, "config: the phich chain needs hi=GROUP.SEQ.HI,...");
    for (char *p = v; *p;) {
        char *end;
        long a = strtol(p, &end, 10), s = -1, h = -1;
        if (*end == '.')
            s = strtol(end + 1, &end, 10);
        if (*end == '.')
            h = strtol(end + 1, &end, 10);
        if (s < 0 || h < 0 || (*end && *end != ',') || *n >= MAX_PHICH)
            return lte_error_set(LTE_EINVAL, "config: hi=%s: expected GROUP.SEQ.HI,...", v);
        ind[*n].group = (int)a;
        ind[*n].seq = (int)s;
        ind[*n].hi = (int)h;
        (*n)++;
        p = *end ? end + 1 : end;
    }
    return 0;
}

int vec_gen_phich(const char *name, const char *cfg, const char *out_dir)
{
    vc_cell c;
    lte_phich_ind ind[MAX_PHICH];
    int n_ind, rc = vc_parse_cell(cfg, &c);
    if (rc < 0 || (rc = parse_hi(cfg, ind, &n_ind)) < 0)
        return rc;
    const int P = c.cell.n_ports, ext = c.cell.cp == LTE_CP_EXTENDED;
    const int n_sf = ext ? 2 : 4, m_symb = 3 * n_sf;
    lte_grid *g = NULL;
    vc_rx r = {0};
    vec_case *vc = calloc(1, sizeof *vc);
    int *ivals = malloc(sizeof(int) * 3 * MAX_PHICH);
    uint8_t *hb = malloc(3 * MAX_PHICH), cs[12];
    float complex *z = vc_cbuf(3 * MAX_PHICH), *w = vc_cbuf(4 * MAX_PHICH),
                  *spread = vc_cbuf(12 * MAX_PHICH);
    float complex *gsum = vc_cbuf(12 * LTE_PHICH_MAX_UNITS * 2),
                  *uy = vc_cbuf(12 * 4 * LTE_PHICH_MAX_UNITS);
    uint32_t *idx = malloc(sizeof *idx * 12 * LTE_PHICH_MAX_UNITS), c_init;
    float *metric = malloc(sizeof(float) * MAX_PHICH);
    if (!vc || !ivals || !hb || !z || !w || !spread || !gsum || !uy || !idx || !metric) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = lte_grid_create(&c.cell, &g)) < 0 || (rc = lte_grid_set_subframe(g, c.subframe)) < 0)
        goto done;
    const lte_ctrl_layout *L = g->ctrl;
    const int groups = L->n_phich_groups, units = L->n_phich_units, n_sym = L->phich_symb;
    if (groups <= 0) {
        rc = lte_error_set(LTE_EINVAL, "config: subframe %d carries no PHICH", c.subframe);
        goto done;
    }
    /* the library's mapper validates the indicators (ranges, duplicates) */
    if ((rc = lte_phich_map(g, ind, n_ind, 1.0f)) < 0)
        goto done;
    if ((rc = lte_scr_cinit_phich(2 * c.subframe, c.cell.cell_id, &c_init)) < 0 ||
        (rc = lte_gold_bits(c_init, m_symb, cs)) < 0)
        goto done;
    for (int a = 0; a < n_ind; a++) {
        /* 36.212 §5.3.5; 36.211 §6.9.1: BPSK (Table 6.9.1-1), orthogonal
         * sequence (Table 6.9.1-2), d(i) = w(i mod N_SF)(1 - 2c(i)) z(floor(i/N_SF)) */
        if ((rc = lte_hi_encode(ind[a].hi, hb + 3 * a)) < 0 ||
            (rc = lte_mod_map(LTE_MOD_BPSK, hb + 3 * a, 3, z + 3 * a)) < 0 ||
            (rc = lte_phich_orth_seq(c.cell.cp, ind[a].seq, w + n_sf * a)) < 0)
            goto done;
        for (int i = 0; i < m_symb; i++)
            spread[m_symb * a + i] =
                w[n_sf * a + i % n_sf] * (1.0f - 2.0f * cs[i]) * z[3 * a + i / n_sf];
        /* §6.9.2: summed per group; extended CP: the 6 symbols of an even
         * group at 4i, 4i+1 and of an odd group at 4i+2, 4i+3 */
        for (int i = 0; i < m_symb; i++) {
            int pos = ext ? 4 * (i / 2) + 2 * (ind[a].group % 2) + i % 2 : i;
            gsum[12 * ind[a].group + pos] += spread[m_symb * a + i];
        }
    }
    lte_mimo_cfg mimo;
    lte_dl_ctrl_mimo(P, &mimo);
    for (int grp = 0; grp < groups; grp++) {
        float complex y[12 * 4];
        if ((rc = lte_precode(&mimo, gsum + 12 * grp, 12, y)) < 0)
            goto done;
        /* §6.9.2, 4 ports: quadruplet i of group n uses the alternate
         * matrix (ports 0<->1, 2<->3 exchanged) when (i + n) mod 2 = 1,
         * n' = floor(n/2) for extended CP; §6.9.3: a mapping unit is one
         * group (normal CP) or the sum of groups 2m', 2m'+1 (extended CP) */
        int u = ext ? grp / 2 : grp, nn = ext ? grp / 2 : grp;
        for (int k = 0; k < 12; k++) {
            int sw = P == 4 && (k / 4 + nn) % 2 == 1;
            for (int p = 0; p < P; p++)
                uy[(size_t)(12 * u + k) * P + (sw ? p ^ 1 : p)] += y[k * P + p];
        }
    }
    for (int u = 0; u < units; u++)
        for (int i = 0; i < 3; i++) {
            const lte_reg *reg = &L->reg[L->phich[u][i]];
            for (int j = 0; j < 4; j++)
                idx[12 * u + 4 * i + j] = (uint32_t)LTE_GRID_IDX(g->n_sc, reg->l, reg->k[j]);
        }
    if ((rc = same_as_mapper(name, "phich", g, idx, 12 * units, uy, 0, n_sym)) < 0)
        goto done;

    if ((rc = vec_case_begin(vc, out_dir, name, "phich")) < 0)
        goto done;
    vc_params(vc, &c);
    vec_case_param(vc, "n_phich", "%d", n_ind);
    vec_case_param(vc, "groups", "%d", groups);
    vec_case_param(vc, "units", "%d", units);
    vec_case_param(vc, "n_sf", "%d", n_sf);
    vec_case_param(vc, "phich_symbols", "%d", n_sym);
    vec_case_param(vc, "c_init", "%u", c_init);
    vec_case_param(vc, "grid_l0", "%d", 0);
    vec_case_param(vc, "grid_n_symb", "%d", n_sym);
    for (int a = 0; a < n_ind; a++) {
        ivals[3 * a] = ind[a].group;
        ivals[3 * a + 1] = ind[a].seq;
        ivals[3 * a + 2] = ind[a].hi;
    }
    if ((rc = vc_put_i32(vc, "hi_ind", 1, ivals, 3L * n_ind)) < 0 ||
        (rc = vec_put_bits(vc, "hi_coded", 2, hb, 3L * n_ind)) < 0 ||
        (rc = vc_put_c(vc, "bpsk", 3, z, 3L * n_ind, VC_FRAC_SYM)) < 0 ||
        (rc = vc_put_c(vc, "orth_seq", 4, w, (long)n_sf * n_ind, VC_FRAC_SYM)) < 0 ||
        (rc = vec_put_bits(vc, "scr_seq", 5, cs, m_symb)) < 0 ||
        (rc = vc_put_c(vc, "spread", 6, spread, (long)m_symb * n_ind, VC_FRAC_SYM)) < 0 ||
        (rc = vc_put_c(vc, "group_sum", 7, gsum, 12L * groups, VC_FRAC_WIDE)) < 0 ||
        (rc = vc_put_c(vc, "precoded", 8, uy, 12L * units * P, VC_FRAC_WIDE)) < 0 ||
        (rc = vc_put_idx(vc, "re_idx", 9, idx, 12L * units)) < 0 ||
        (rc = vc_put_grid(vc, 10, "grid", g->port, P, g->n_sc, 0, n_sym, VC_FRAC_WIDE)) < 0)
        goto fail;
    if (c.rx) {
        lte_rng rng;
        lte_rng_seed(&rng, (uint64_t)c.seed);
        vec_case_param(vc, "snr_db", "%g", c.snr_db);
        vec_case_param(vc, "channel", "sum_of_ports_awgn");
        if ((rc = vc_rx_make(g, 0, n_sym, c.snr_db, &rng, &r)) < 0 ||
            (rc = vc_put_c(vc, "rx_grid", 11, r.y, (long)n_sym * g->n_sc, VC_FRAC_WIDE)) < 0)
            goto fail;
        for (int a = 0; a < n_ind; a++) {
            int hi;
            if ((rc = lte_phich_decode(r.rx, g, &r.in, ind[a].group, ind[a].seq, &hi,
                                       &metric[a])) < 0)
                goto fail;
            ivals[3 * a + 2] = hi;
        }
        if ((rc = vc_put_i32(vc, "hi_decoded", 12, ivals, 3L * n_ind)) < 0 ||
            (rc = vec_put_f32(vc, "hi_metric", 13, metric, n_ind, VC_TOL_LLR_DB, 0)) < 0)
            goto fail;
        vec_case_param(vc, "receiver", "mmse_despread_maxlog_sum");
    }
    rc = vec_case_end(vc);
    goto done;
fail:
    vec_case_abort(vc);
done:
    vc_rx_free(&r);
    lte_grid_destroy(g);
    free(vc); free(ivals); free(hb); free(z); free(w); free(spread); free(gsum); free(uy);
    free(idx); free(metric);
    return rc;
}

/* ---- PDCCH ---------------------------------------------------------------------------- */

#define MAX_DCI 8
#define CCE_BITS 72

typedef struct dci_spec {
    int common, L, A, cce;
    uint16_t rnti;
} dci_spec;

/* dci=SPACE:RNTI:L:A,... SPACE c (common) or u (UE-specific); the DCI goes
 * to the first candidate of its search space whose CCEs are free. */
static int parse_dci(const char *cfg, dci_spec *d, int *n)
{
    char v[512];
    *n = 0;
    if (!vec_kv_get(cfg, "dci", v, sizeof v))
        return lte_error_set(LTE_EINVAL, "config: the pdcch chain needs dci=c|u:RNTI:L:A,...");
    for (char *p = v; *p;) {
        char *end = p + 1;
        long rnti = -1, L = -1, A = -1;
        if ((*p == 'c' || *p == 'u') && p[1] == ':') {
            rnti = strtol(p + 2, &end, 10);
            if (*end == ':')
                L = strtol(end + 1, &end, 10);
            if (*end == ':')
                A = strtol(end + 1, &end, 10);
        }
        if (rnti < 1 || rnti > 65535 || L < 1 || A < 1 || A > LTE_CTRL_A_MAX ||
            (*end && *end != ',') || *n >= MAX_DCI)
            return lte_error_set(LTE_EINVAL, "config: dci=%s: expected c|u:RNTI:L:A,...", v);
        d[*n].common = *p == 'c';
        d[*n].rnti = (uint16_t)rnti;
        d[*n].L = (int)L;
        d[*n].A = (int)A;
        (*n)++;
        p = *end ? end + 1 : end;
    }
    return 0;
}

int vec_gen_pdcch(const char *name, const char *cfg, const char *out_dir)
{
    vc_cell c;
    dci_spec ds[MAX_DCI];
    int n_dci, rc = vc_parse_cell(cfg, &c);
    if (rc < 0 || (rc = parse_dci(cfg, ds, &n_dci)) < 0)
        return rc;
    const int P = c.cell.n_ports;
    lte_grid *g = NULL;
    vc_rx r = {0};
    vec_case *vc = calloc(1, sizeof *vc);
    const size_t nbits = 8 * LTE_CTRL_MAX_REG;
    uint8_t *pay = malloc(MAX_DCI * LTE_CTRL_A_MAX), *cb = malloc(MAX_DCI * 256),
            *dd = malloc(3 * MAX_DCI * 256), *e = malloc(MAX_DCI * 8 * CCE_BITS),
            *e_lib = malloc(8 * CCE_BITS), *mux = calloc(nbits, 1), *nil = malloc(nbits),
            *cs = malloc(nbits), *b = malloc(nbits);
    float complex *sym = vc_cbuf(nbits / 2), *y = vc_cbuf(nbits / 2 * 4),
                  *yi = vc_cbuf(nbits / 2 * 4), *dsym = vc_cbuf(nbits / 2);
    float *llr = malloc(sizeof(float) * nbits), *nv = malloc(sizeof(float) * nbits / 2);
    int *perm = malloc(sizeof(int) * LTE_CTRL_MAX_REG), *ivals = malloc(sizeof(int) * 6 * 64);
    uint32_t *idx = malloc(sizeof *idx * nbits / 2), c_init;
    lte_dci_found *found = malloc(sizeof *found * 16);
    if (!vc || !pay || !cb || !dd || !e || !e_lib || !mux || !nil || !cs || !b || !sym || !y ||
        !yi || !dsym || !llr || !nv || !perm || !ivals || !idx || !found) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = lte_grid_create(&c.cell, &g)) < 0 || (rc = lte_grid_set_subframe(g, c.subframe)) < 0)
        goto done;
    const lte_ctrl_layout *L = g->ctrl;
    const int n_reg = L->n_pdcch_reg, m_tot = 8 * n_reg, n_sym = 4 * n_reg, n_ctrl = L->n_symb;
    if (n_reg <= 0) {
        rc = lte_error_set(LTE_EINVAL, "config: subframe %d has no PDCCH", c.subframe);
        goto done;
    }
    lte_rng rng;
    lte_rng_seed(&rng, (uint64_t)c.seed);
    /* CCE allocation: the first free candidate of each DCI's search space
     * (36.213 §9.1.1) */
    uint8_t used[LTE_CTRL_MAX_REG / 9 + 1] = {0};
    for (int a = 0; a < n_dci; a++) {
        int first[8], nc = lte_pdcch_candidates(L->n_cce, ds[a].common, ds[a].L, ds[a].rnti,
                                                c.subframe, first);
        if (nc < 0) {
            rc = nc;
            goto done;
        }
        ds[a].cce = -1;
        for (int m = 0; m < nc && ds[a].cce < 0; m++) {
            int freecce = 1;
            for (int k = first[m]; k < first[m] + ds[a].L; k++)
                freecce &= !used[k];
            if (freecce)
                ds[a].cce = first[m];
        }
        if (ds[a].cce < 0) {
            rc = lte_error_set(LTE_EINVAL, "config: dci %d (L=%d) finds no free candidate among "
                                           "the %d CCEs", a, ds[a].L, L->n_cce);
            goto done;
        }
        memset(used + ds[a].cce, 1, (size_t)ds[a].L);
        lte_rng_bits(&rng, pay + a * LTE_CTRL_A_MAX, ds[a].A);
    }
    /* 36.212 §5.3.3: CRC16 masked by the RNTI, TBCC, rate matching to 72 L;
     * 36.211 §6.8.2: multiplexing at the CCEs, <NIL> elsewhere */
    memset(nil, 1, (size_t)m_tot);
    for (int a = 0; a < n_dci; a++) {
        int K = ds[a].A + 16, E = CCE_BITS * ds[a].L;
        uint8_t *d0 = dd + 3 * 256 * a;
        if ((rc = crc_tbcc(pay + a * LTE_CTRL_A_MAX, ds[a].A, ds[a].rnti, cb + 256 * a, d0,
                           d0 + 256, d0 + 512)) < 0 ||
            (rc = lte_ratematch_conv(d0, d0 + 256, d0 + 512, K, E, e + 8 * CCE_BITS * a)) < 0 ||
            (rc = lte_dci_encode(pay + a * LTE_CTRL_A_MAX, ds[a].A, ds[a].rnti, -1, E, e_lib)) < 0 ||
            (rc = same_bits(name, "a DCI's e", e + 8 * CCE_BITS * a, e_lib, E)) < 0)
            goto done;
        memcpy(mux + CCE_BITS * ds[a].cce, e + 8 * CCE_BITS * a, (size_t)E);
        memset(nil + CCE_BITS * ds[a].cce, 0, (size_t)E);
    }
    /* §6.8.2 scrambling of the whole block (the <NIL>s stay <NIL>), §6.8.3
     * QPSK (<NIL> pairs: zero symbols), §6.8.4 precoding of the block */
    if ((rc = lte_scr_cinit_pdcch(2 * c.subframe, c.cell.cell_id, &c_init)) < 0 ||
        (rc = lte_gold_bits(c_init, m_tot, cs)) < 0)
        goto done;
    for (int i = 0; i < m_tot; i++)
        b[i] = nil[i] ? 0 : (uint8_t)(mux[i] ^ cs[i]);
    if ((rc = lte_mod_map(LTE_MOD_QPSK, b, m_tot, sym)) < 0)
        goto done;
    for (int i = 0; i < n_sym; i++)
        if (nil[2 * i])
            sym[i] = 0;
    lte_mimo_cfg mimo;
    lte_dl_ctrl_mimo(P, &mimo);
    if ((rc = lte_precode(&mimo, sym, n_sym, y)) < 0)
        goto done;
    /* §6.8.5: quadruplets of the precoded block permuted (sub-block
     * interleaver, cyclic shift by N_ID^cell), quadruplet j to the j-th
     * PDCCH REG */
    if ((rc = lte_pdcch_quad_perm(n_reg, c.cell.cell_id, perm)) < 0)
        goto done;
    for (int j = 0; j < n_reg; j++) {
        const lte_reg *reg = &L->reg[L->pdcch[j]];
        for (int s = 0; s < 4; s++) {
            idx[4 * j + s] = (uint32_t)LTE_GRID_IDX(g->n_sc, reg->l, reg->k[s]);
            for (int p = 0; p < P; p++)
                yi[(size_t)(4 * j + s) * P + p] = y[(size_t)(4 * perm[j] + s) * P + p];
        }
    }
    lte_pdcch_dci dci[MAX_DCI];
    for (int a = 0; a < n_dci; a++) {
        dci[a].payload = pay + a * LTE_CTRL_A_MAX;
        dci[a].n_bits = ds[a].A;
        dci[a].rnti = ds[a].rnti;
        dci[a].L = ds[a].L;
        dci[a].cce = ds[a].cce;
    }
    if ((rc = lte_pdcch_map(g, dci, n_dci, 1.0f)) < 0 ||
        (rc = same_as_mapper(name, "pdcch", g, idx, n_sym, yi, 0, n_ctrl)) < 0)
        goto done;

    if ((rc = vec_case_begin(vc, out_dir, name, "pdcch")) < 0)
        goto done;
    vc_params(vc, &c);
    vec_case_param(vc, "cfi", "%d", L->cfi);
    vec_case_param(vc, "n_dci", "%d", n_dci);
    vec_case_param(vc, "n_reg", "%d", n_reg);
    vec_case_param(vc, "n_cce", "%d", L->n_cce);
    vec_case_param(vc, "m_tot", "%d", m_tot);
    vec_case_param(vc, "c_init", "%u", c_init);
    vec_case_param(vc, "grid_l0", "%d", 0);
    vec_case_param(vc, "grid_n_symb", "%d", n_ctrl);
    for (int a = 0; a < n_dci; a++) {
        int *v = ivals + 5 * a;
        v[0] = ds[a].rnti;
        v[1] = ds[a].L;
        v[2] = ds[a].cce;
        v[3] = ds[a].A;
        v[4] = ds[a].common;
    }
    if ((rc = vc_put_i32(vc, "dci_list", 1, ivals, 5L * n_dci)) < 0)
        goto fail;
    char st[32];
    for (int a = 0; a < n_dci && rc == 0; a++) {
        int K = ds[a].A + 16;
        const uint8_t *d0 = dd + 3 * 256 * a;
        snprintf(st, sizeof st, "payload_a%02d", a);
        if ((rc = vec_put_bits(vc, st, 2, pay + a * LTE_CTRL_A_MAX, ds[a].A)) < 0)
            break;
        snprintf(st, sizeof st, "crc_a%02d", a);
        if ((rc = vec_put_bits(vc, st, 3, cb + 256 * a, K)) < 0)
            break;
        for (int i = 0; i < 3 && rc == 0; i++) {
            snprintf(st, sizeof st, "d%d_a%02d", i, a);
            rc = vec_put_bits(vc, st, 4, d0 + 256 * i, K);
        }
        snprintf(st, sizeof st, "e_a%02d", a);
        if (rc == 0)
            rc = vec_put_bits(vc, st, 5, e + 8 * CCE_BITS * a, CCE_BITS * ds[a].L);
    }
    if (rc < 0 || (rc = vec_put_bits(vc, "mux", 6, mux, m_tot)) < 0 ||
        (rc = vec_put_bits(vc, "nil_mask", 6, nil, m_tot)) < 0 ||
        (rc = vec_put_bits(vc, "scr_seq", 7, cs, m_tot)) < 0 ||
        (rc = vec_put_bits(vc, "scrambled", 8, b, m_tot)) < 0 ||
        (rc = vc_put_c(vc, "symbols", 9, sym, n_sym, VC_FRAC_SYM)) < 0 ||
        (rc = vc_put_c(vc, "precoded", 10, y, (long)n_sym * P, VC_FRAC_SYM)) < 0 ||
        (rc = vc_put_i32(vc, "quad_perm", 11, perm, n_reg)) < 0 ||
        (rc = vc_put_c(vc, "interleaved", 12, yi, (long)n_sym * P, VC_FRAC_SYM)) < 0 ||
        (rc = vc_put_idx(vc, "re_idx", 13, idx, n_sym)) < 0 ||
        (rc = vc_put_grid(vc, 14, "grid", g->port, P, g->n_sc, 0, n_ctrl, VC_FRAC_SYM)) < 0)
        goto fail;
    if (c.rx) {
        vec_case_param(vc, "snr_db", "%g", c.snr_db);
        vec_case_param(vc, "channel", "sum_of_ports_awgn");
        if ((rc = vc_rx_make(g, 0, n_ctrl, c.snr_db, &rng, &r)) < 0 ||
            (rc = vc_put_c(vc, "rx_grid", 15, r.y, (long)n_ctrl * g->n_sc, VC_FRAC_WIDE)) < 0 ||
            (rc = lte_dl_equalize(r.rx, &r.in, &mimo, idx, n_sym, NULL)) < 0)
            goto fail;
        /* undo the permutation (a quadruplet is a whole SFBC block, so the
         * combiner's output can be de-interleaved), demap, descramble */
        for (int j = 0; j < n_reg; j++)
            for (int s = 0; s < 4; s++) {
                dsym[4 * perm[j] + s] = r.rx->x[4 * j + s];
                nv[4 * perm[j] + s] = r.rx->nv[4 * j + s];
            }
        if ((rc = lte_demap_maxlog(LTE_MOD_QPSK, dsym, n_sym, nv, n_sym, llr, LTE_SIMD_SCALAR)) < 0 ||
            (rc = lte_descramble_llr(c_init, 0, llr, m_tot, LTE_SIMD_SCALAR)) < 0 ||
            (rc = vc_put_llr(vc, "llr", 16, llr, m_tot)) < 0)
            goto fail;
        /* blind decoding for each RNTI with every payload size used */
        int sizes[MAX_DCI], n_sizes = 0, nf_all = 0;
        for (int a = 0; a < n_dci; a++) {
            int k = 0;
            while (k < n_sizes && sizes[k] != ds[a].A)
                k++;
            if (k == n_sizes)
                sizes[n_sizes++] = ds[a].A;
        }
        uint8_t *fbits = malloc(64 * LTE_CTRL_A_MAX);
        if (!fbits) {
            rc = lte_error_set(LTE_ENOMEM, "out of memory");
            goto fail;
        }
        long nfb = 0;
        for (int a = 0; a < n_dci && rc == 0; a++) {
            int seen = 0;
            for (int k = 0; k < a; k++)
                seen |= ds[k].rnti == ds[a].rnti;
            if (seen)
                continue;
            int nf = 0;
            if ((rc = lte_pdcch_search(r.rx, g, &r.in, ds[a].rnti, sizes, n_sizes, found, 16,
                                       &nf)) < 0)
                break;
            for (int f = 0; f < nf && nf_all < 64; f++, nf_all++) {
                int *v = ivals + 5 * nf_all;
                v[0] = found[f].rnti;
                v[1] = found[f].L;
                v[2] = found[f].cce;
                v[3] = found[f].n_bits;
                v[4] = found[f].common;
                memcpy(fbits + nfb, found[f].payload, (size_t)found[f].n_bits);
                nfb += found[f].n_bits;
            }
        }
        if (rc == 0 && (rc = vc_put_i32(vc, "dci_found", 17, ivals, 5L * nf_all)) == 0)
            rc = vec_put_bits(vc, "payload_found", 18, fbits, nfb);
        free(fbits);
        if (rc < 0)
            goto fail;
        vec_case_param(vc, "receiver", "mmse_maxlog_blind_search_wava");
    }
    rc = vec_case_end(vc);
    goto done;
fail:
    vec_case_abort(vc);
done:
    vc_rx_free(&r);
    lte_grid_destroy(g);
    free(vc); free(pay); free(cb); free(dd); free(e); free(e_lib); free(mux); free(nil);
    free(cs); free(b); free(sym); free(y); free(yi); free(dsym); free(llr); free(nv);
    free(perm); free(ivals); free(idx); free(found);
    return rc;
}
