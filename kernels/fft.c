/* FFT/DFT objects over FFTW3 single precision. See include/ltephy/fft.h.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <fftw3.h>
#include <pthread.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h> /* getpid */

#include "internal.h"
#include "ltephy/fft.h"

struct lte_fft {
    int n;
    lte_fft_dir dir;
    unsigned flags;
    fftwf_plan oop; /* out-of-place: in != out */
    fftwf_plan ip;  /* in-place: in == out */
};

/* FFTW's planner (plan creation and destruction) is not thread-safe; its
 * execute functions are. This lock, and the flag it guards, are the only
 * mutable globals in ltephy. */
static pthread_mutex_t planner_mutex = PTHREAD_MUTEX_INITIALIZER;

/* Whether FFTW may hold wisdom other than ESTIMATE's (a MEASURE plan was
 * made or wisdom imported since the last forget); under planner_mutex. */
static int foreign_wisdom;

void lte_fft_planner_lock(void) { pthread_mutex_lock(&planner_mutex); }
void lte_fft_planner_unlock(void) { pthread_mutex_unlock(&planner_mutex); }

/* Whether the plan is timed (MEASURE or PATIENT) rather than estimated. */
static int timed(unsigned flags) { return (flags & (LTE_FFT_MEASURE | LTE_FFT_PATIENT)) != 0; }

static unsigned fftw_flags(unsigned flags)
{
    /* FFTW_MEASURE and FFTW_PATIENT overwrite the planning arrays: ours are scratch. */
    unsigned f = (flags & LTE_FFT_PATIENT)   ? FFTW_PATIENT
                 : (flags & LTE_FFT_MEASURE) ? FFTW_MEASURE
                                             : FFTW_ESTIMATE;
    if (flags & LTE_FFT_UNALIGNED)
        f |= FFTW_UNALIGNED;
    return f;
}

/* Plans are made on 64-byte aligned scratch arrays, freed afterwards: with
 * the new-array execute interface a plan keeps no pointer to them. */
static int make_plans(lte_fft *f)
{
    int sign = f->dir == LTE_FFT_FORWARD ? FFTW_FORWARD : FFTW_BACKWARD;
    unsigned fl = fftw_flags(f->flags);
    fftwf_complex *a = lte_alloc(sizeof(fftwf_complex) * (size_t)f->n);
    fftwf_complex *b = lte_alloc(sizeof(fftwf_complex) * (size_t)f->n);
    if (!a || !b) {
        lte_free(a);
        lte_free(b);
        return LTE_ENOMEM;
    }
    lte_fft_planner_lock();
    /* FFTW_ESTIMATE plans use any wisdom available for the problem (FFTW
     * manual §4.3.2), e.g. what an earlier MEASURE plan of the process or an
     * imported wisdom file left: set it aside while planning, so ESTIMATE
     * stays the deterministic heuristic choice (reproducible vectors). */
    char *saved = NULL;
    const int aside = !timed(f->flags) && foreign_wisdom;
    if (aside) {
        saved = fftwf_export_wisdom_to_string();
        fftwf_forget_wisdom();
    }
    if (timed(f->flags))
        foreign_wisdom = 1;
    f->oop = fftwf_plan_dft_1d(f->n, a, b, sign, fl | FFTW_PRESERVE_INPUT);
    int want_ip = !(f->flags & LTE_FFT_OUT_OF_PLACE);
    if (want_ip)
        f->ip = fftwf_plan_dft_1d(f->n, a, a, sign, fl);
    if (aside) {
        fftwf_forget_wisdom(); /* then back to exactly what was there */
        if (saved)
            fftwf_import_wisdom_from_string(saved);
        free(saved); /* FFTW allocates it with malloc (manual §4.7.1) */
    }
    lte_fft_planner_unlock();
    lte_free(a);
    lte_free(b);
    return (f->oop && (f->ip || !want_ip)) ? 0 : LTE_ENOMEM;
}

int lte_fft_create(const lte_fft_cfg *cfg, lte_fft **out)
{
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    *out = NULL;
    LTE_CHECK_ARG(cfg != NULL, "cfg is NULL");
    LTE_CHECK_ARG(cfg->n >= 1 && cfg->n <= LTE_FFT_NMAX, "n = %d outside [1, %d]", cfg->n,
                  LTE_FFT_NMAX);
    LTE_CHECK_ARG(cfg->dir == LTE_FFT_FORWARD || cfg->dir == LTE_FFT_INVERSE,
                  "dir = %d is neither LTE_FFT_FORWARD nor LTE_FFT_INVERSE", (int)cfg->dir);
    LTE_CHECK_ARG(
        (cfg->flags & ~(unsigned)(LTE_FFT_MEASURE | LTE_FFT_PATIENT | LTE_FFT_UNALIGNED |
                                  LTE_FFT_OUT_OF_PLACE)) == 0,
        "unknown flags 0x%x", cfg->flags);
    lte_fft *f = calloc(1, sizeof *f);
    if (!f)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "no memory for the object");
    f->n = cfg->n;
    f->dir = cfg->dir;
    f->flags = cfg->flags;
    if (make_plans(f) < 0) {
        lte_fft_destroy(f);
        return lte_error_set_fn(LTE_ENOMEM, __func__, "FFTW could not plan n = %d", cfg->n);
    }
    *out = f;
    return 0;
}

void lte_fft_destroy(lte_fft *f)
{
    if (!f)
        return;
    lte_fft_planner_lock();
    if (f->oop)
        fftwf_destroy_plan(f->oop);
    if (f->ip)
        fftwf_destroy_plan(f->ip);
    lte_fft_planner_unlock();
    free(f);
}

static int overlap(const float complex *a, const float complex *b, int n)
{
    uintptr_t x = (uintptr_t)a, y = (uintptr_t)b, len = (uintptr_t)n * sizeof *a;
    return x < y + len && y < x + len;
}

int lte_fft_execute(const lte_fft *f, const float complex *in, float complex *out)
{
    LTE_CHECK_ARG(f != NULL, "fft is NULL");
    LTE_CHECK_ARG(in != NULL && out != NULL, "in or out is NULL");
    LTE_CHECK_ARG(in == out || !overlap(in, out, f->n),
                  "in and out overlap without being equal (n = %d)", f->n);
    LTE_CHECK_ARG(in != out || f->ip, "in == out, but the object was created with "
                                      "LTE_FFT_OUT_OF_PLACE (no in-place plan)");
    if (!(f->flags & LTE_FFT_UNALIGNED)) {
        /* the plans' SIMD codelets assume this alignment (FFTW manual §4.6) */
        LTE_CHECK_ARG(lte_fft_aligned(in) && lte_fft_aligned(out),
                      "in %p / out %p not 16-byte aligned (create with LTE_FFT_UNALIGNED "
                      "for arbitrary pointers)",
                      (const void *)in, (void *)out);
    }
    /* FFTW's execute takes non-const input; the out-of-place plan was made
     * with FFTW_PRESERVE_INPUT, so it does not write to it. */
    fftwf_complex *i = (fftwf_complex *)(uintptr_t)in;
    fftwf_complex *o = (fftwf_complex *)out;
    fftwf_execute_dft(in == out ? f->ip : f->oop, i, o);
    return 0;
}

int lte_fft_aligned(const void *p) { return fftwf_alignment_of((float *)(uintptr_t)p) == 0; }

int lte_fft_size(const lte_fft *f)
{
    LTE_CHECK_ARG(f != NULL, "fft is NULL");
    return f->n;
}

/* ---- wisdom ---------------------------------------------------------------- */

const char *lte_fft_library(void)
{
    return fftwf_version;
}

int lte_fft_wisdom_import_file(const char *path)
{
    LTE_CHECK_ARG(path != NULL, "path is NULL");
    FILE *fp = fopen(path, "r");
    if (!fp)
        return lte_error_set_fn(LTE_EIO, __func__, "cannot open %s: %s", path, strerror(errno));
    lte_fft_planner_lock();
    int ok = fftwf_import_wisdom_from_file(fp);
    foreign_wisdom = 1; /* even a failed import may have added some */
    lte_fft_planner_unlock();
    fclose(fp);
    if (!ok)
        return lte_error_set_fn(LTE_EINVAL, __func__, "%s is not FFTW (single precision) wisdom",
                                path);
    return 0;
}

int lte_fft_wisdom_export_file(const char *path)
{
    LTE_CHECK_ARG(path != NULL, "path is NULL");
    /* written to a temporary name beside path, then renamed over it: an
     * interrupted export leaves the old file (or none), never half of one */
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (!tmp)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
    snprintf(tmp, n, "%s.tmp%ld", path, (long)getpid());
    FILE *fp = fopen(tmp, "w");
    if (!fp) {
        int rc = lte_error_set_fn(LTE_EIO, __func__, "cannot create %s: %s", tmp,
                                  strerror(errno));
        free(tmp);
        return rc;
    }
    lte_fft_planner_lock();
    fftwf_export_wisdom_to_file(fp);
    lte_fft_planner_unlock();
    int bad = ferror(fp) != 0;
    bad |= fclose(fp) != 0;
    if (bad || rename(tmp, path) != 0) {
        int rc = lte_error_set_fn(LTE_EIO, __func__, "cannot write %s: %s", path,
                                  strerror(errno));
        remove(tmp);
        free(tmp);
        return rc;
    }
    free(tmp);
    return 0;
}

int lte_fft_wisdom_import_string(const char *text)
{
    LTE_CHECK_ARG(text != NULL, "text is NULL");
    lte_fft_planner_lock();
    int ok = fftwf_import_wisdom_from_string(text);
    foreign_wisdom = 1;
    lte_fft_planner_unlock();
    if (!ok)
        return lte_error_set_fn(LTE_EINVAL, __func__, "not FFTW (single precision) wisdom");
    return 0;
}

char *lte_fft_wisdom_export_string(void)
{
    lte_fft_planner_lock();
    char *w = fftwf_export_wisdom_to_string();
    lte_fft_planner_unlock();
    if (!w) {
        lte_error_set_fn(LTE_ENOMEM, __func__, "FFTW could not export its wisdom");
        return NULL;
    }
    return w; /* allocated by FFTW with malloc: the caller free()s it (FFTW manual §4.7.1) */
}

void lte_fft_wisdom_forget(void)
{
    lte_fft_planner_lock();
    fftwf_forget_wisdom();
    foreign_wisdom = 0;
    lte_fft_planner_unlock();
}
