/* The ltephy command: dispatch to subcommands.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../bench/bench.h"
#include "cli.h"
#include "ltephy/error.h"
#include "ltephy/simd.h"
#include "ltephy/version.h"

static lte_cmd *commands;

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

static void usage(FILE *f)
{
    fprintf(f, "usage: ltephy COMMAND [OPTIONS]\n\n"
               "The LTE physical layer (3GPP TS 36.211/212/213) as a command-line tool.\n\n"
               "commands:\n");
    for (lte_cmd *c = commands; c; c = c->next)
        fprintf(f, "  %-12s %s\n", c->name, c->summary);
    fprintf(f, "\n'ltephy COMMAND --help' describes a command. LTEPHY_SIMD=scalar|avx2|avx512\n"
               "forces a SIMD path (default: the best this CPU has).\n");
}

static int cmd_version(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        printf("usage: ltephy version\nPrints the library version and the SIMD path in use.\n");
        return 0;
    }
    if (argc > 1)
        return lte_cli_bad_option("version", argv[1]);
    lte_simd_path p;
    if (lte_simd_resolve(LTE_SIMD_AUTO, &p) < 0) {
        fprintf(stderr, "ltephy: %s\n", lte_errdetail());
        return 2;
    }
    printf("ltephy %s\nsimd: %s (available:", lte_version(), lte_simd_name(p));
    for (int i = LTE_SIMD_SCALAR; i <= LTE_SIMD_AVX512; i++)
        if (lte_simd_available((lte_simd_path)i))
            printf(" %s", lte_simd_name((lte_simd_path)i));
    printf(")\n");
    return 0;
}
LTE_CMD(version, "print the version and the SIMD path in use", cmd_version)

static int cmd_bench(int argc, char **argv) { return lte_bench_main(argc, argv); }
LTE_CMD(bench, "run the kernel and chain benchmarks", cmd_bench)

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(1, argv + 1);
    /* A bad LTEPHY_SIMD is an error for every command, not a silent fallback. */
    lte_simd_path p;
    if (lte_simd_resolve(LTE_SIMD_AUTO, &p) < 0) {
        fprintf(stderr, "ltephy: %s\n", lte_errdetail());
        return 2;
    }
    for (lte_cmd *c = commands; c; c = c->next)
        if (strcmp(c->name, argv[1]) == 0)
            return c->main(argc - 1, argv + 1);
    fprintf(stderr, "ltephy: unknown command '%s' (see 'ltephy --help')\n", argv[1]);
    return 2;
}
