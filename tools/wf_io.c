/* IQ file writing for `ltephy waveform` (see wf_io.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "wf_io.h"

static int16_t q16(double v, long *clipped)
{
    v = rint(v); /* round half to even (default rounding mode) */
    if (v > 32767 || v < -32768) {
        (*clipped)++;
        return v > 0 ? 32767 : -32768;
    }
    return (int16_t)v;
}

size_t wf_iq_convert(const float complex *x, int n, int ci16, double scale, void *buf,
                     wf_iq_stats *st)
{
    for (int i = 0; i < n; i++) {
        double re = crealf(x[i]) * scale, im = cimagf(x[i]) * scale;
        st->energy += re * re + im * im;
        if (fabs(re) > st->peak)
            st->peak = fabs(re);
        if (fabs(im) > st->peak)
            st->peak = fabs(im);
        if (ci16) {
            ((int16_t *)buf)[2 * i] = q16(re, &st->clipped);
            ((int16_t *)buf)[2 * i + 1] = q16(im, &st->clipped);
        } else {
            ((float *)buf)[2 * i] = (float)re;
            ((float *)buf)[2 * i + 1] = (float)im;
        }
    }
    st->samples += n;
    return (size_t)n * (ci16 ? 4 : 8);
}

void wf_files_abort(wf_files *F)
{
    for (int p = 0; p < F->n; p++) {
        if (F->f[p])
            fclose(F->f[p]);
        F->f[p] = NULL;
        remove(F->tmp[p]);
    }
}

int wf_files_open(wf_files *F, const char *base, int n_ports)
{
    memset(F, 0, sizeof *F);
    for (int p = 0; p < n_ports; p++) {
        if (p == 0)
            snprintf(F->path[p], sizeof F->path[p], "%s", base);
        else
            snprintf(F->path[p], sizeof F->path[p], "%s.port%d", base, p);
        snprintf(F->tmp[p], sizeof F->tmp[p], "%s.tmp.%ld", F->path[p], (long)getpid());
        F->n = p + 1;
        if (!(F->f[p] = fopen(F->tmp[p], "wb"))) {
            fprintf(stderr, "ltephy waveform: cannot create %s\n", F->tmp[p]);
            wf_files_abort(F);
            return 1;
        }
        lte_sha256_init(&F->sha[p]);
    }
    return 0;
}

int wf_files_write(wf_files *F, int p, const void *buf, size_t nb)
{
    lte_sha256_update(&F->sha[p], buf, nb);
    F->bytes[p] += (long)nb;
    if (fwrite(buf, 1, nb, F->f[p]) != nb) {
        fprintf(stderr, "ltephy waveform: cannot write %s\n", F->tmp[p]);
        return 1;
    }
    return 0;
}

int wf_files_commit(wf_files *F)
{
    int ok = 1;
    for (int p = 0; p < F->n; p++) {
        ok = (fclose(F->f[p]) == 0) && ok;
        F->f[p] = NULL;
        uint8_t d[32];
        lte_sha256_final(&F->sha[p], d);
        for (int i = 0; i < 32; i++)
            snprintf(F->hex[p] + 2 * i, 3, "%02x", d[i]);
    }
    for (int p = 0; ok && p < F->n; p++)
        ok = rename(F->tmp[p], F->path[p]) == 0;
    if (!ok) {
        fprintf(stderr, "ltephy waveform: cannot write %s\n", F->path[0]);
        wf_files_abort(F);
        return 1;
    }
    return 0;
}
