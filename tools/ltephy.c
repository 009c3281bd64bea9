/* The ltephy command: dispatch to subcommands.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bench/bench.h"
#include "cli.h"
#include "ltephy/error.h"
#include "ltephy/simd.h"
#include "ltephy/version.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: ltephy COMMAND [OPTIONS]\n\n"
               "The LTE physical layer (3GPP TS 36.211/212/213) as a command-line tool.\n\n"
               "commands:\n");
    for (const lte_cmd *c = lte_cmd_list(); c; c = c->next)
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
    for (const lte_cmd *c = lte_cmd_list(); c; c = c->next)
        if (strcmp(c->name, argv[1]) == 0)
            return c->main(argc - 1, argv + 1);
    fprintf(stderr, "ltephy: unknown command '%s' (see 'ltephy --help')\n", argv[1]);
    return 2;
}
