/* Golden-vector cases for the downlink signals without channel coding (PSS,
 * SSS: 36.211 §6.11; CRS: §6.10.1) and for OFDM modulation alone (§6.12).
 * Formats and stage lists: vectors/FORMAT.md. SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/grid.h"
#include "ltephy/modulation.h"
#include "ltephy/ofdm.h"
#include "ltephy/rng.h"
#include "ltephy/sync.h"
#include "vec.h"
#include "vec_ctrl.h"
#include "vectors.h"

/* ---- PSS, SSS, CRS of one subframe ------------------------------------------------- */

int vec_gen_signals(const char *name, const char *cfg, const char *out_dir)
{
    vc_cell c;
    int rc = vc_parse_cell(cfg, &c);
    if (rc < 0)
        return rc;
    const int P = c.cell.n_ports;
    const int n_id1 = c.cell.cell_id / 3, n_id2 = c.cell.cell_id % 3;
    lte_grid *g = NULL;
    vec_case *vc = calloc(1, sizeof *vc);
    float complex *want = NULL, pss[LTE_SYNC_LEN], sss0[LTE_SYNC_LEN], sss5[LTE_SYNC_LEN];
    float complex *val = vc_cbuf((size_t)2 * LTE_MAX_RB * LTE_MAX_SYMB_SF);
    uint32_t *idx = malloc(sizeof *idx * 2 * LTE_MAX_RB * LTE_MAX_SYMB_SF);
    uint16_t k[2 * LTE_MAX_RB];
    int cinit[2 * LTE_MAX_SYMB_SF];
    if (!vc || !val || !idx) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = lte_grid_create(&c.cell, &g)) < 0 || (rc = lte_grid_set_subframe(g, c.subframe)) < 0 ||
        (rc = lte_grid_put_signals(g, 1.0f, 1.0f)) < 0)
        goto done;
    if (!(want = vc_cbuf((size_t)g->n_re * P))) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    int m01[2], l_pss = -1, l_sss = -1;
    int has_pss = lte_pss_symbol(&c.cell, c.subframe, &l_pss);
    int has_sss = lte_sss_symbol(&c.cell, c.subframe, &l_sss);
    int k0 = lte_sync_k0(&c.cell);
    if (has_pss < 0 || has_sss < 0 || k0 < 0) {
        rc = has_pss < 0 ? has_pss : has_sss < 0 ? has_sss : k0;
        goto done;
    }
    if ((rc = lte_pss_gen(n_id2, pss)) < 0 || (rc = lte_sss_m(n_id1, &m01[0], &m01[1])) < 0 ||
        (rc = lte_sss_gen(n_id1, n_id2, 0, sss0)) < 0 || (rc = lte_sss_gen(n_id1, n_id2, 5, sss5)) < 0)
        goto done;

    if ((rc = vec_case_begin(vc, out_dir, name, "signals")) < 0)
        goto done;
    vc_params(vc, &c);
    vec_case_param(vc, "n_id1", "%d", n_id1);
    vec_case_param(vc, "n_id2", "%d", n_id2);
    vec_case_param(vc, "pss_root", "%d", lte_pss_root(n_id2));
    vec_case_param(vc, "pss_symbol", "%d", has_pss ? l_pss : -1);
    vec_case_param(vc, "sss_symbol", "%d", has_sss ? l_sss : -1);
    vec_case_param(vc, "sync_k0", "%d", k0);
    if ((rc = vc_put_c(vc, "pss_seq", 1, pss, LTE_SYNC_LEN, VC_FRAC_SYM)) < 0 ||
        (rc = vc_put_i32(vc, "sss_m0_m1", 2, m01, 2)) < 0 ||
        (rc = vc_put_c(vc, "sss_seq_sf0", 3, sss0, LTE_SYNC_LEN, VC_FRAC_SYM)) < 0 ||
        (rc = vc_put_c(vc, "sss_seq_sf5", 3, sss5, LTE_SYNC_LEN, VC_FRAC_SYM)) < 0)
        goto fail;
    /* §6.11.1.2 / §6.11.2.2: d(n) at k = n - 31 + N_RB N_sc / 2, on port 0 */
    const float complex *sss = c.subframe < 5 ? sss0 : sss5;
    if (has_pss) {
        for (int n = 0; n < LTE_SYNC_LEN; n++) {
            idx[n] = (uint32_t)LTE_GRID_IDX(g->n_sc, l_pss, k0 + n);
            want[idx[n]] = pss[n];
        }
        if ((rc = vc_put_idx(vc, "pss_re", 4, idx, LTE_SYNC_LEN)) < 0)
            goto fail;
    }
    if (has_sss) {
        for (int n = 0; n < LTE_SYNC_LEN; n++) {
            idx[n] = (uint32_t)LTE_GRID_IDX(g->n_sc, l_sss, k0 + n);
            want[idx[n]] = sss[n];
        }
        if ((rc = vc_put_idx(vc, "sss_re", 5, idx, LTE_SYNC_LEN)) < 0)
            goto fail;
    }
    /* §6.10.1: every CRS symbol of every port: c_init, positions, values */
    const int ns_slot = lte_cell_symb_per_slot(&c.cell);
    char st[32];
    for (int p = 0; p < P; p++) {
        int n = 0, nl = 0;
        for (int l = 0; l < g->n_symb; l++) {
            int m = lte_crs_symbol(&c.cell, c.subframe, p, l, val + n, k);
            if (m < 0) {
                rc = m;
                goto fail;
            }
            if (m == 0)
                continue;
            uint32_t ci;
            if ((rc = lte_crs_cinit(&c.cell, 2 * c.subframe + l / ns_slot, l % ns_slot, &ci)) < 0)
                goto fail;
            cinit[2 * nl] = l;
            cinit[2 * nl + 1] = (int)ci;
            nl++;
            for (int j = 0; j < m; j++) {
                idx[n + j] = (uint32_t)LTE_GRID_IDX(g->n_sc, l, k[j]);
                want[(size_t)p * g->n_re + idx[n + j]] = val[n + j];
            }
            n += m;
        }
        snprintf(st, sizeof st, "crs_cinit_p%d", p);
        if ((rc = vc_put_i32(vc, st, 6, cinit, 2L * nl)) < 0)
            goto fail;
        snprintf(st, sizeof st, "crs_re_p%d", p);
        if ((rc = vc_put_idx(vc, st, 7, idx, n)) < 0)
            goto fail;
        snprintf(st, sizeof st, "crs_val_p%d", p);
        if ((rc = vc_put_c(vc, st, 8, val, n, VC_FRAC_SYM)) < 0)
            goto fail;
    }
    /* self-check: the lists above are the whole content of the library's
     * grid (lte_grid_put_signals: CRS per port, PSS/SSS on port 0) */
    for (int p = 0; p < P; p++)
        for (int i = 0; i < g->n_re; i++)
            if (cabsf(want[(size_t)p * g->n_re + i] - g->port[p][i]) > 1e-6f) {
                rc = lte_error_set(LTE_EMISMATCH, "%s: port %d RE %d: the signal lists disagree "
                                                  "with lte_grid_put_signals (generator self-check)",
                                   name, p, i);
                goto fail;
            }
    rc = vec_case_end(vc);
    goto done;
fail:
    vec_case_abort(vc);
done:
    lte_grid_destroy(g);
    free(vc);
    free(want);
    free(val);
    free(idx);
    return rc;
}

/* ---- OFDM modulation alone ---------------------------------------------------------- */

/* n_rb, cp, n_symb (symbols 0 .. n_symb-1 of a subframe), seed: every RE a
 * random unit-power QPSK symbol. */
int vec_gen_ofdm(const char *name, const char *cfg, const char *out_dir)
{
    int rc, n_rb, n_symb, seed;
    char v[32] = "normal";
    if ((rc = vec_kv_int(cfg, "n_rb", 6, &n_rb)) < 0 || (rc = vec_kv_int(cfg, "n_symb", 1, &n_symb)) < 0 ||
        (rc = vec_kv_int(cfg, "seed", 1, &seed)) < 0)
        return rc;
    vec_kv_get(cfg, "cp", v, sizeof v);
    if (strcmp(v, "normal") && strcmp(v, "extended"))
        return lte_error_set(LTE_EINVAL, "config: cp=%s is not normal or extended", v);
    lte_ofdm_cfg oc = {0};
    oc.n_rb = n_rb;
    oc.cp = !strcmp(v, "extended") ? LTE_CP_EXTENDED : LTE_CP_NORMAL;
    oc.mode = LTE_OFDM_DL;
    lte_ofdm *ofdm = NULL;
    if ((rc = lte_ofdm_create(&oc, &ofdm)) < 0)
        return rc;
    lte_ofdm_info info;
    lte_ofdm_get_info(ofdm, &info);
    if (n_symb < 1 || n_symb > info.symbols_per_subframe) {
        lte_ofdm_destroy(ofdm);
        return lte_error_set(LTE_EINVAL, "config: n_symb=%d is outside 1..%d", n_symb,
                             info.symbols_per_subframe);
    }
    int n_sc = info.n_sc, n_t = 0;
    for (int l = 0; l < n_symb; l++)
        n_t += info.cp_len[l] + info.fft_size;
    vec_case *vc = calloc(1, sizeof *vc);
    uint8_t *bits = malloc((size_t)2 * n_sc * n_symb);
    float complex *grid = vc_cbuf((size_t)n_sc * n_symb), *t = vc_cbuf((size_t)n_t);
    int *cps = malloc(sizeof(int) * (size_t)n_symb);
    if (!vc || !bits || !grid || !t || !cps) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    lte_rng rng;
    lte_rng_seed(&rng, (uint64_t)seed);
    lte_rng_bits(&rng, bits, 2 * n_sc * n_symb);
    if ((rc = lte_mod_map(LTE_MOD_QPSK, bits, 2 * n_sc * n_symb, grid)) < 0)
        goto done;
    for (int l = 0, off = 0; l < n_symb; l++) {
        if ((rc = lte_ofdm_mod_symbol(ofdm, l, grid + (size_t)l * n_sc, t + off)) < 0)
            goto done;
        cps[l] = info.cp_len[l];
        off += info.cp_len[l] + info.fft_size;
    }
    if ((rc = vec_case_begin(vc, out_dir, name, "ofdm")) < 0)
        goto done;
    vec_case_param(vc, "n_rb", "%d", n_rb);
    vec_case_param(vc, "cp", "%s", v);
    vec_case_param(vc, "n_symb", "%d", n_symb);
    vec_case_param(vc, "seed", "%d", seed);
    vec_case_param(vc, "fft_size", "%d", info.fft_size);
    vec_case_param(vc, "sample_rate", "%.0f", info.sample_rate_hz);
    vec_case_param(vc, "ofdm_norm", "unitary");
    if ((rc = vc_put_c(vc, "grid", 1, grid, (long)n_sc * n_symb, VC_FRAC_SYM)) < 0 ||
        (rc = vc_put_i32(vc, "cp_len", 2, cps, n_symb)) < 0 ||
        (rc = vc_put_c(vc, "time", 3, t, n_t, VC_FRAC_TIME)) < 0) {
        vec_case_abort(vc);
        goto done;
    }
    rc = vec_case_end(vc);
done:
    lte_ofdm_destroy(ofdm);
    free(vc);
    free(bits);
    free(grid);
    free(t);
    free(cps);
    return rc;
}
