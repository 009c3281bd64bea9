/* Subcommand registry of the ltephy command. Each tools/cmd_*.c registers its
 * subcommands with LTE_CMD; main() dispatches on argv[1].
 * Conventions: `ltephy CMD --help` prints usage and exits 0; an unknown or bad
 * option names itself on stderr and exits 2; a failed job exits 1.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_CLI_H
#define LTEPHY_CLI_H

typedef struct lte_cmd {
    const char *name;
    const char *summary;
    int (*main)(int argc, char **argv); /* argv[0] is the subcommand name */
    struct lte_cmd *next;
} lte_cmd;

void lte_cmd_register(lte_cmd *cmd);
/* Registered subcommands, sorted by name. */
const lte_cmd *lte_cmd_list(void);

#define LTE_CMD(id, summary_, fn_)                                                     \
    static lte_cmd lte_cmd_##id = {#id, summary_, fn_, 0};                             \
    __attribute__((constructor)) static void lte_cmd_reg_##id(void)                    \
    {                                                                                  \
        lte_cmd_register(&lte_cmd_##id);                                               \
    }

/* Report an unknown option the getopt way: "ltephy CMD: unknown option 'X'". */
int lte_cli_bad_option(const char *cmd, const char *opt);

/* Write `len` bytes to `path` atomically: a temporary file in the same folder,
 * then rename. Returns 0 or a negative LTE_E code (detail set). */
int lte_cli_write_file(const char *path, const void *data, unsigned long len);

/* *y = x resampled from fs_in to fs_out with liquid-dsp (iq.h), *ny samples;
 * rates within half a hertz: *y = x itself (no copy), so free *y only if it
 * differs from x. Returns 0 or a negative LTE_E code (detail set). */
int lte_cli_resample(const float _Complex *x, size_t n, double fs_in, double fs_out,
                     float _Complex **y, size_t *ny);

/* --iq-correct (cellsearch, rx): the front end's estimates (iq.h), as the
 * members of a JSON object ("dc_i", ... without braces) or as the text line
 * "iq-correct: ..." (with its newline). */
struct lte_iq_frontend;
void lte_cli_print_iq_json(const struct lte_iq_frontend *fe);
void lte_cli_print_iq_text(const struct lte_iq_frontend *fe);

#endif
