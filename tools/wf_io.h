/* IQ file writing shared by `ltephy waveform`'s downlink and uplink paths:
 * sample conversion (cf32, or ci16 with a stated scale, round half to even,
 * saturating), running statistics, and one temporary file per antenna port
 * renamed into place only when every write succeeded (with its SHA-256).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_TOOLS_WF_IO_H
#define LTEPHY_TOOLS_WF_IO_H

#include <complex.h>
#include <stddef.h>
#include <stdio.h>

#include "sha256.h"

typedef struct wf_iq_stats {
    double energy; /* sum |x * scale|^2 */
    double peak;   /* largest |I| or |Q| after scaling */
    long clipped;  /* ci16 components saturated */
    long samples;
} wf_iq_stats;

/* x * scale into buf as interleaved float32 (ci16 = 0) or int16; updates st;
 * returns the bytes written to buf (8 or 4 per sample). */
size_t wf_iq_convert(const float complex *x, int n, int ci16, double scale, void *buf,
                     wf_iq_stats *st);

typedef struct wf_files {
    int n;
    FILE *f[4];
    char tmp[4][4200];
    char path[4][4100];
    lte_sha256 sha[4];
    char hex[4][65];
    long bytes[4];
} wf_files;

/* base for port 0, base.portP for the others; 0 or 1 (message printed). */
int wf_files_open(wf_files *F, const char *base, int n_ports);
/* Append nb bytes to port p (hashed and counted); 0 or 1 (message printed). */
int wf_files_write(wf_files *F, int p, const void *buf, size_t nb);
/* Close, hash and rename every file; 0, or 1 with the files removed. */
int wf_files_commit(wf_files *F);
void wf_files_abort(wf_files *F);

#endif
