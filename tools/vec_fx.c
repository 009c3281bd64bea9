/* Golden-vector cases for the bit-accurate fixed-point models of
 * include/ltephy/fft_fx.h and include/ltephy/demap_fx.h. Every stage is
 * bit-exact. Formats: vectors/FORMAT.md. SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/demap_fx.h"
#include "ltephy/error.h"
#include "ltephy/fft_fx.h"
#include "ltephy/modulation.h"
#include "ltephy/rng.h"
#include "vec.h"
#include "vectors.h"

/* fft_fx: n, dir (fwd|inv), schedule (default|bfp), amp (input peak per
 * component, integer), seed. */
int vec_gen_fft_fx(const char *name, const char *cfg, const char *out_dir)
{
    int n, amp, seed, rc;
    char dir[16] = "fwd", sched[16] = "default";
    if ((rc = vec_kv_int(cfg, "n", 2048, &n)) < 0 || (rc = vec_kv_int(cfg, "amp", 8000, &amp)) < 0 ||
        (rc = vec_kv_int(cfg, "seed", 1, &seed)) < 0)
        return rc;
    vec_kv_get(cfg, "dir", dir, sizeof dir);
    vec_kv_get(cfg, "schedule", sched, sizeof sched);
    if (amp < 1 || amp > 32767)
        return lte_error_set(LTE_EINVAL, "config: amp=%d is outside 1..32767", amp);
    int bfp = !strcmp(sched, "bfp");
    if (!bfp && strcmp(sched, "default"))
        return lte_error_set(LTE_EINVAL, "config: schedule=%s is not default or bfp", sched);
    lte_fft_fx_cfg fc = {n, !strcmp(dir, "inv") ? LTE_FFT_INVERSE : LTE_FFT_FORWARD, NULL,
                         LTE_SIMD_AUTO};
    lte_fft_fx *f = NULL;
    if ((rc = lte_fft_fx_create(&fc, &f)) < 0)
        return rc;
    int16_t *in = malloc(sizeof *in * 2 * (size_t)n), *out = malloc(sizeof *out * 2 * (size_t)n);
    int16_t *tw = malloc(sizeof *tw * (size_t)n);
    vec_case *vc = calloc(1, sizeof *vc);
    if (!in || !out || !tw || !vc) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    lte_rng r;
    lte_rng_seed(&r, (uint64_t)seed);
    for (int i = 0; i < 2 * n; i++)
        in[i] = (int16_t)((int)(lte_rng_u32(&r) % (2u * (unsigned)amp + 1)) - amp);
    for (int k = 0; k < n / 2; k++)
        if ((rc = lte_fft_fx_twiddle(n, k, &tw[2 * k], &tw[2 * k + 1])) < 0)
            goto done;
    int exponent = 0;
    uint8_t shifts[16] = {0};
    rc = bfp ? lte_fft_fx_execute_bfp(f, in, out, &exponent, shifts) : lte_fft_fx_execute(f, in, out);
    if (rc < 0 || (rc = vec_case_begin(vc, out_dir, name, "fft_fx")) < 0)
        goto done;
    vec_case_param(vc, "n", "%d", n);
    vec_case_param(vc, "dir", "%s", fc.dir == LTE_FFT_INVERSE ? "inv" : "fwd");
    vec_case_param(vc, "schedule", "%s", sched);
    vec_case_param(vc, "amp", "%d", amp);
    vec_case_param(vc, "seed", "%d", seed);
    int stages = 0;
    for (int m = n; m > 1 && m % 2 == 0; m /= 2)
        stages++;
    if (!bfp)
        vec_case_param(vc, "total_shift", "%d", lte_fft_fx_total_shift(f));
    if ((rc = vec_put_cint16(vc, "in", 1, in, n, 15)) < 0 ||
        (rc = vec_put_cint16(vc, "twiddles", 2, tw, n / 2, 15)) < 0 ||
        (rc = vec_put_cint16(vc, "out", 3, out, n, 15)) < 0)
        goto fail;
    if (bfp) {
        int32_t v[17];
        v[0] = exponent;
        for (int s = 0; s < stages; s++)
            v[1 + s] = shifts[s];
        if ((rc = vec_put_int(vc, "exponent_shifts", 4, v, 1 + stages, 32, 0)) < 0)
            goto fail;
    }
    rc = vec_case_end(vc);
    goto done;
fail:
    vec_case_abort(vc);
done:
    lte_fft_fx_destroy(f);
    free(in);
    free(out);
    free(tw);
    free(vc);
    return rc;
}

/* demap_fx: qm (2,4,6,8), n_sym, snr_db, frac (F), seed. */
int vec_gen_demap_fx(const char *name, const char *cfg, const char *out_dir)
{
    int qm, n, frac, seed, rc;
    char v[32];
    double snr_db = 15;
    if ((rc = vec_kv_int(cfg, "qm", 2, &qm)) < 0 || (rc = vec_kv_int(cfg, "n_sym", 300, &n)) < 0 ||
        (rc = vec_kv_int(cfg, "frac", 2, &frac)) < 0 || (rc = vec_kv_int(cfg, "seed", 1, &seed)) < 0)
        return rc;
    if (vec_kv_get(cfg, "snr_db", v, sizeof v))
        snr_db = atof(v);
    if (n < 1 || n > 100000)
        return lte_error_set(LTE_EINVAL, "config: n_sym=%d is outside 1..100000", n);
    lte_mod mod = (lte_mod)qm;
    uint8_t *bits = malloc((size_t)n * 8);
    float complex *s = malloc(sizeof *s * (size_t)n);
    int16_t *y = malloc(sizeof *y * 2 * (size_t)n);
    uint16_t *k = malloc(sizeof *k * (size_t)n);
    int8_t *llr = malloc((size_t)n * 8);
    int32_t *tmp = malloc(sizeof *tmp * (size_t)n * 8);
    vec_case *vc = calloc(1, sizeof *vc);
    if (!bits || !s || !y || !k || !llr || !tmp || !vc) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    lte_rng r;
    lte_rng_seed(&r, (uint64_t)seed);
    lte_rng_bits(&r, bits, n * qm);
    if ((rc = lte_mod_map(mod, bits, n * qm, s)) < 0)
        goto done;
    /* AWGN of variance n0 per symbol; the per-symbol n0 varies by +-3 dB so
     * that K takes many values */
    for (int i = 0; i < n; i++) {
        double n0 = pow(10.0, -(snr_db + 6.0 * lte_rng_uniform(&r) - 3.0) / 10.0);
        double sd = sqrt(n0 / 2);
        float complex x = s[i] + (float)(sd * lte_rng_gauss(&r)) + I * (float)(sd * lte_rng_gauss(&r));
        y[2 * i] = lte_demap_fx_quant(crealf(x));
        y[2 * i + 1] = lte_demap_fx_quant(cimagf(x));
        if ((rc = lte_demap_fx_scale(mod, (float)n0, frac, &k[i])) < 0)
            goto done;
    }
    if ((rc = lte_demap_fx(mod, y, n, k, n, llr, LTE_SIMD_AUTO)) < 0 ||
        (rc = vec_case_begin(vc, out_dir, name, "demap_fx")) < 0)
        goto done;
    vec_case_param(vc, "qm", "%d", qm);
    vec_case_param(vc, "n_sym", "%d", n);
    vec_case_param(vc, "snr_db", "%g", snr_db);
    vec_case_param(vc, "frac", "%d", frac);
    vec_case_param(vc, "seed", "%d", seed);
    if ((rc = vec_put_bits(vc, "bits", 1, bits, (long)n * qm)) < 0 ||
        (rc = vec_put_cint16(vc, "y", 2, y, n, 12)) < 0)
        goto fail;
    for (int i = 0; i < n; i++)
        tmp[i] = k[i];
    if ((rc = vec_put_int(vc, "k", 3, tmp, n, 32, 0)) < 0)
        goto fail;
    for (int i = 0; i < n * qm; i++)
        tmp[i] = llr[i];
    if ((rc = vec_put_int(vc, "llr", 4, tmp, (long)n * qm, 8, frac)) < 0)
        goto fail;
    rc = vec_case_end(vc);
    goto done;
fail:
    vec_case_abort(vc);
done:
    free(bits); free(s); free(y); free(k); free(llr); free(tmp); free(vc);
    return rc;
}
