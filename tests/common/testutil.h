/* Helpers shared by the cmocka tests.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_TESTUTIL_H
#define LTEPHY_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ltephy/simd.h"

/* Every concrete SIMD path this CPU has (scalar first); returns the count.
 * Tests of kernels loop over these so every path is checked. */
int tu_paths(lte_simd_path out[3]);

/* Deterministic test random numbers (xoshiro128**), independent of libc. */
typedef struct { uint32_t s[4]; } tu_rng;
void tu_rng_seed(tu_rng *r, uint64_t seed);
uint32_t tu_rand(tu_rng *r);
double tu_uniform(tu_rng *r);  /* [0,1) */
double tu_gauss(tu_rng *r);    /* N(0,1), Box-Muller */
void tu_random_bits(tu_rng *r, uint8_t *bits, int n);

/* Hex digits (lower case, most significant bit first) to 4 bits each;
 * returns the bit count. */
int tu_hex_to_bits(const char *hex, uint8_t *bits);
/* n bits to hex, most significant first, as `ltephy rx` prints a transport
 * block (the last digit padded with zeros); out holds (n + 3) / 4 + 1. */
void tu_bits_to_hex(const uint8_t *bits, int n, char *out);

/* Run a shell command (printf format) with stderr joined to stdout, store
 * the output in out (cap bytes, NUL-terminated, truncated if longer) and
 * return its exit status (-1 if it could not run or did not exit). */
int tu_run(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Path to a capture file in $LTEPHY_CAPTURES (default ../shared/captures);
 * NULL if absent (the caller skips, saying so). */
const char *tu_capture(const char *name);

/* Files and scratch folders for the tests that run the `ltephy` command. */
long tu_file_size(const char *path);          /* -1 if it does not exist */
char *tu_slurp(const char *path, long *n);    /* whole file + '\0' (free it); n may be NULL */
int tu_write_file(const char *path, const void *data, size_t bytes); /* 0, or -1 */
/* Sets dir to /tmp/ltephy_test_<tag>.<pid> (emptied and created) and bin to
 * the build's ltephy command; 0 or -1. tu_scratch_remove deletes dir. */
int tu_scratch_in(const char *build, const char *tag, char *dir, size_t dir_cap, char *bin,
                  size_t bin_cap);
#define tu_scratch(tag, dir, dir_cap, bin, bin_cap) \
    tu_scratch_in(LTE_TEST_BUILD_DIR, tag, dir, dir_cap, bin, bin_cap)
/* Solve a x = b in place (n x n complex, row-major; Gaussian elimination
 * with partial pivoting): a is overwritten, b becomes x. The tests' plain
 * reference for the library's MMSE and Wiener solutions. */
void tu_csolve(double _Complex *a, double _Complex *b, int n);
/* The apparent IQ imbalance of x (n samples) by plain loops: the moments
 * about the mean, gain 10 log10(E[Q^2]/E[I^2]) dB and phase
 * asin(E[IQ]/sqrt(E[I^2] E[Q^2])) in degrees (the model of ltephy/iq.h). */
void tu_iq_apparent_imbalance(const float _Complex *x, size_t n, double *gain_db,
                              double *phase_deg);
/* `bin ARGS` run with --threads 1 and with --threads 2, CSV and JSON to
 * dir/TAG1.* and dir/TAG2.*: both runs must exit 0 and write the same bytes
 * (cmocka assertions); *csv and *json receive the first run's files' text
 * (free them), out (cap bytes) the second run's output. */
void tu_same_on_1_and_2_threads(const char *bin, const char *dir, char *out, size_t cap,
                                const char *args, const char *tag, char **csv, char **json);
int tu_scratch_remove(const char *dir);

/* 1 if LTEPHY_LONG asks for the long statistical runs (set and not "0"). */
int tu_long(void);

#endif
