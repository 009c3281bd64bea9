/* Golden-vector files: writing a case folder and reading it back.
 * The formats are defined in vectors/FORMAT.md; this is their one
 * implementation. SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_TOOLS_VEC_H
#define LTEPHY_TOOLS_VEC_H

#include <complex.h>
#include <stdint.h>

#define VEC_MAX_FILES 512
#define VEC_MAX_PARAMS 64

typedef enum vec_kind {
    VEC_HEXBITS32 = 0, /* packed bits, 32-bit words, 8 hex digits per line */
    VEC_BITS,          /* one bit per line */
    VEC_INT,           /* one two's-complement integer per line, width bits */
    VEC_CINT,          /* complex fixed point: "IIII QQQQ" per line */
    VEC_CF32,          /* raw little-endian float32 I,Q pairs */
    VEC_F32,           /* raw little-endian float32 values */
} vec_kind;

typedef struct vec_file {
    char file[96];
    char stage[64];
    int order;         /* position of the stage in the chain (1 = first) */
    vec_kind kind;
    int width;         /* VEC_INT/VEC_CINT: bits per value (8, 16, 32) */
    int frac;          /* fractional bits of fixed-point values */
    long count;        /* bits or values (complex samples for VEC_CINT/CF32) */
    double tol_snr_db; /* float/fixed stages: minimum SNR of DUT vs golden (0 = exact) */
    double tol_abs;    /* float/fixed stages: maximum absolute error (0 = exact) */
    char sha256[65];
} vec_file;

typedef struct vec_case {
    char dir[512];      /* final folder */
    char tmpdir[544];   /* folder being written */
    char name[96];
    char chain[32];
    int nparams;
    char pkey[VEC_MAX_PARAMS][32];
    char pval[VEC_MAX_PARAMS][64];
    int nfiles;
    vec_file files[VEC_MAX_FILES];
} vec_case;

const char *vec_kind_name(vec_kind k);

/* Start writing case `name` under out_dir (a temporary folder is filled and
 * renamed to out_dir/name by vec_case_end, so an interrupted run leaves no
 * half-written case under the final name). */
int vec_case_begin(vec_case *c, const char *out_dir, const char *name, const char *chain);
void vec_case_param(vec_case *c, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vec_case_end(vec_case *c);
void vec_case_abort(vec_case *c);

int vec_put_bits(vec_case *c, const char *stage, int order, const uint8_t *bits, long n);
int vec_put_int(vec_case *c, const char *stage, int order, const int32_t *v, long n, int width,
                int frac);
/* Complex float stage: written twice, as raw cf32 and as fixed point (cint
 * with `width` bits, `frac` fractional bits, rounding half away from zero and
 * saturation), with the given tolerances for DUT comparison. */
int vec_put_cf32(vec_case *c, const char *stage, int order, const float complex *x, long n,
                 int width, int frac, double tol_snr_db, double tol_abs);
/* Complex integer samples as cint lines ("IIII QQQQ"), interleaved I,Q input. */
int vec_put_cint16(vec_case *c, const char *stage, int order, const int16_t *iq, long n, int frac);
int vec_put_f32(vec_case *c, const char *stage, int order, const float *x, long n,
                double tol_snr_db, double tol_abs);

/* Quantise as FORMAT.md says: round(x * 2^frac) half away from zero, saturate. */
int32_t vec_quant(double x, int width, int frac);

/* Reading: parse a manifest; load a file's values as doubles (complex files
 * give 2*count values, I then Q). Errors carry "file:line: reason". */
int vec_manifest_read(const char *dir, vec_case *c);
int vec_load(const char *dir, const vec_file *f, double **vals, long *nvals);

#endif
