/* `ltephy vectors check`: compare a DUT dump with a golden case.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "sha256.h"
#include "vec.h"
#include "vectors.h"

static int golden_intact(const char *dir, const vec_file *f)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, f->file);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return lte_error_set(LTE_EIO, "golden file %s is missing", path);
    lte_sha256 s;
    lte_sha256_init(&s);
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0)
        lte_sha256_update(&s, tmp, n);
    fclose(fp);
    uint8_t d[32];
    char hex[65];
    lte_sha256_final(&s, d);
    for (int i = 0; i < 32; i++)
        sprintf(hex + 2 * i, "%02x", d[i]);
    if (strcmp(hex, f->sha256) != 0)
        return lte_error_set(LTE_EFORMAT, "golden file %s does not match its SHA-256 in the manifest",
                             path);
    return 0;
}

static const char *fmt_val(const vec_file *f, double v, char *buf)
{
    if (f->kind == VEC_CF32 || f->kind == VEC_F32)
        snprintf(buf, 48, "%.9g", v);
    else
        snprintf(buf, 48, "%.0f", v);
    return buf;
}

/* Returns 0 pass, 1 mismatch, 2 bad input. */
static int check_file(const char *golden, const char *dut, const vec_file *f, int quiet)
{
    double *g = NULL, *d = NULL;
    long ng, nd;
    if (golden_intact(golden, f) < 0 || vec_load(golden, f, &g, &ng) < 0) {
        fprintf(stderr, "ltephy vectors check: %s\n", lte_errdetail());
        return 2;
    }
    if (vec_load(dut, f, &d, &nd) < 0) {
        fprintf(stderr, "ltephy vectors check: DUT: %s\n", lte_errdetail());
        free(g);
        return 2;
    }
    int complex_ = f->kind == VEC_CF32 || f->kind == VEC_CINT;
    int exact = f->tol_snr_db == 0 && f->tol_abs == 0;
    int rc = 0;
    char a[48], b[48];
    if (exact) {
        long i = 0;
        while (i < ng && g[i] == d[i])
            i++;
        if (i < ng) {
            long idx = complex_ ? i / 2 : i;
            printf("FAIL %-22s stage %-12s (chain position %d) first mismatch at index %ld%s: "
                   "golden %s, dut %s\n",
                   f->file, f->stage, f->order, idx, complex_ ? (i % 2 ? " (Q)" : " (I)") : "",
                   fmt_val(f, g[i], a), fmt_val(f, d[i], b));
            rc = 1;
        } else if (!quiet) {
            printf("PASS %-22s stage %-12s (chain position %d) %ld %s, bit-exact\n", f->file,
                   f->stage, f->order, f->count,
                   f->kind == VEC_HEXBITS32 || f->kind == VEC_BITS ? "bits" : "values");
        }
    } else {
        /* fixed-point files are compared in their integer units scaled to real values */
        double scale = (f->kind == VEC_CINT || f->kind == VEC_INT) ? ldexp(1.0, -f->frac) : 1.0;
        double sig = 0, err = 0, maxe = 0;
        long worst = 0;
        for (long i = 0; i < ng; i++) {
            double e = fabs(g[i] - d[i]) * scale;
            sig += g[i] * g[i] * scale * scale;
            err += e * e;
            if (e > maxe) {
                maxe = e;
                worst = i;
            }
        }
        double snr = err > 0 ? 10.0 * log10(sig / err) : INFINITY;
        int ok = (f->tol_abs == 0 || maxe <= f->tol_abs) &&
                 (f->tol_snr_db == 0 || snr >= f->tol_snr_db);
        if (!ok || !quiet)
            printf("%s %-22s stage %-12s (chain position %d) max abs error %.3g at index %ld, "
                   "SNR %.1f dB (tolerance: max abs %.3g, SNR >= %.1f dB)\n",
                   ok ? "PASS" : "FAIL", f->file, f->stage, f->order, maxe,
                   complex_ ? worst / 2 : worst, snr, f->tol_abs, f->tol_snr_db);
        rc = ok ? 0 : 1;
    }
    free(g);
    free(d);
    return rc;
}

int vec_check(const char *golden, const char *dut, const char *stage, int quiet)
{
    vec_case *c = calloc(1, sizeof *c);
    if (!c) {
        fprintf(stderr, "ltephy vectors check: out of memory\n");
        return 2;
    }
    if (vec_manifest_read(golden, c) < 0) {
        fprintf(stderr, "ltephy vectors check: %s\n", lte_errdetail());
        free(c);
        return 2;
    }
    int worst = 0, checked = 0, failed = 0;
    for (int i = 0; i < c->nfiles; i++) {
        const vec_file *f = &c->files[i];
        if (stage && !strstr(f->stage, stage))
            continue;
        int rc = check_file(golden, dut, f, quiet);
        if (rc == 2) {
            free(c);
            return 2;
        }
        checked++;
        failed += rc;
        worst = rc > worst ? rc : worst;
    }
    if (checked == 0) {
        fprintf(stderr, "ltephy vectors check: no stage of case %s matches '%s'\n", c->name,
                stage ? stage : "");
        free(c);
        return 2;
    }
    printf("case %s: %d files checked, %d passed, %d failed\n", c->name, checked,
           checked - failed, failed);
    free(c);
    return worst;
}
