/* Golden-vector catalogue, generator and checker (behind `ltephy vectors`).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_TOOLS_VECTORS_H
#define LTEPHY_TOOLS_VECTORS_H

typedef struct vec_catalogue_entry {
    const char *name;
    int checked_in; /* 1: part of vectors/ (regenerated and compared by make test) */
    const char *config; /* key=value pairs, see vectors/FORMAT.md */
} vec_catalogue_entry;

const vec_catalogue_entry *vec_catalogue(int *n);

/* Write case `name` described by `config` into out_dir/name. */
int vec_generate(const char *name, const char *config, const char *out_dir);

/* Compare a DUT dump folder with a golden case folder. stage: substring
 * filter or NULL. Prints a report to stdout. Returns 0 (all pass), 1 (a
 * mismatch) or 2 (bad input: the message is on stderr). */
int vec_check(const char *golden, const char *dut, const char *stage, int quiet);

#endif
