/* Shared pieces of the ltephy command: subcommand registry, file output.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ltephy/error.h"
#include "ltephy/iq.h"

static lte_cmd *commands; /* written only by constructors, before main */

void lte_cmd_register(lte_cmd *cmd)
{
    lte_cmd **pp = &commands;
    while (*pp && strcmp((*pp)->name, cmd->name) < 0)
        pp = &(*pp)->next;
    cmd->next = *pp;
    *pp = cmd;
}

int lte_cli_bad_option(const char *cmd, const char *opt)
{
    fprintf(stderr, "ltephy %s: unknown option '%s' (see 'ltephy %s --help')\n", cmd, opt, cmd);
    return 2;
}

int lte_cli_write_file(const char *path, const void *data, unsigned long len)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 32);
    if (!tmp)
        return lte_error_set(LTE_ENOMEM, "%s: out of memory", path);
    snprintf(tmp, n + 32, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        int e = errno;
        free(tmp);
        return lte_error_set(LTE_EIO, "%s: cannot create: %s", path, strerror(e));
    }
    int ok = fwrite(data, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        free(tmp);
        return lte_error_set(LTE_EIO, "%s: cannot write: %s", path, strerror(e));
    }
    free(tmp);
    return 0;
}

const lte_cmd *lte_cmd_list(void) { return commands; }

void lte_cli_print_iq_json(const lte_iq_frontend *fe)
{
    printf("\"dc_i\":%.5f,\"dc_q\":%.5f,\"dc_db\":%.2f,\"imbalance_estimated\":%s,"
           "\"gain_db\":%.3f,\"phase_deg\":%.3f",
           (double)crealf(fe->dc), (double)cimagf(fe->dc), fe->dc_db, fe->imb_ok ? "true" : "false",
           fe->imb.gain_db, fe->imb.phase_deg);
}

void lte_cli_print_iq_text(const lte_iq_frontend *fe)
{
    printf("iq-correct: dc %+.5f%+.5fj (%.1f dB against the signal) ", (double)crealf(fe->dc),
           (double)cimagf(fe->dc), fe->dc_db);
    if (fe->imb_ok)
        printf("gain imbalance %+.3f dB phase error %+.3f deg\n", fe->imb.gain_db,
               fe->imb.phase_deg);
    else
        printf("imbalance not estimated (no signal on a branch, or outside the model)\n");
}

int lte_cli_resample(const float complex *x, size_t n, double fs_in, double fs_out,
                     float complex **y, size_t *ny)
{
    if (fabs(fs_in - fs_out) < 0.5) {
        *y = (float complex *)x;
        *ny = n;
        return 0;
    }
    *ny = lte_iq_resample_len(n, fs_in, fs_out);
    *y = malloc((*ny ? *ny : 1) * sizeof **y);
    if (!*y)
        return lte_error_set(LTE_ENOMEM, "no memory for %zu samples", *ny);
    int rc = lte_iq_resample(x, n, fs_in, fs_out, *y);
    if (rc < 0) {
        free(*y);
        *y = NULL;
    }
    return rc;
}
