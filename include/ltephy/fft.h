/* ltephy kernels: FFT/DFT objects (a thin, safe wrapper around FFTW3 single
 * precision).
 *
 * Definition (no normalisation in either direction, exactly FFTW's):
 *   forward  X[k] = sum_{n=0}^{N-1} x[n] e^{-j 2 pi k n / N}
 *   inverse  x[n] = sum_{k=0}^{N-1} X[k] e^{+j 2 pi k n / N}
 * so inverse(forward(x)) = N x. Callers fold whatever scaling they want into
 * the copies around the transform (the OFDM object does).
 *
 * Sizes: any N in [1, LTE_FFT_NMAX]. FFTW has fast codelets for N = 2^a 3^b
 * 5^c 7^d (this covers 128..2048, 1536 and every SC-FDMA transform-precoder
 * size 12 M, M = 2^a 3^b 5^c of 36.211 §5.3.3) and O(N log N) algorithms for
 * the rest.
 *
 * Plans: one object = one size, one direction. Create once (the FFTW planner
 * runs under a process-wide mutex, because FFTW's planner is not thread-safe),
 * execute many times: lte_fft_execute() allocates nothing, takes a const
 * object and is re-entrant, so one object may serve many threads at once
 * (FFTW's new-array execute interface). Both an out-of-place and an in-place
 * plan are made, so in == out is allowed (unless LTE_FFT_OUT_OF_PLACE).
 *
 * Alignment: plans are made for 16-byte aligned arrays (what FFTW's SIMD
 * codelets need; malloc and lte_alloc both give at least that). Executing on
 * a pointer FFTW reports as misaligned (fftwf_alignment_of() != 0) is refused
 * with LTE_EINVAL, unless the object was created with LTE_FFT_UNALIGNED,
 * whose plans accept any float complex pointer but run 3-5x slower.
 *
 * Planning rigor and reproducibility: the default LTE_FFT_ESTIMATE picks the
 * plan by FFTW's deterministic heuristic, so the same binary with the same
 * FFTW on the same CPU always runs the same algorithm and produces
 * bit-identical output (golden vectors are reproducible). LTE_FFT_MEASURE
 * times candidate algorithms and keeps the fastest; the choice depends on
 * machine load, and different plans round differently (results agree to a
 * few ulp, about 1e-6 relative, but not bit for bit). Use MEASURE (or
 * PATIENT) for throughput, ESTIMATE for vectors. The in-place and out-of-place plans of
 * one object are also distinct plans and may differ in the last ulp.
 * Across CPUs with different SIMD (AVX vs AVX-512) FFTW may pick different
 * codelets even with ESTIMATE; golden float vectors are compared with a
 * tolerance for that reason.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_FFT_H
#define LTEPHY_FFT_H

#include <complex.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_FFT_NMAX (1 << 20)

typedef enum lte_fft_dir {
    LTE_FFT_FORWARD = 0, /* e^{-j...}: time -> frequency */
    LTE_FFT_INVERSE = 1, /* e^{+j...}: frequency -> time, unnormalised */
} lte_fft_dir;

/* Flags (OR them). */
#define LTE_FFT_ESTIMATE 0x0  /* default: deterministic plan choice (see above) */
#define LTE_FFT_MEASURE 0x1   /* time candidate plans; fastest, not reproducible bit for bit */
#define LTE_FFT_UNALIGNED 0x2 /* accept arrays of any alignment (slower) */
#define LTE_FFT_OUT_OF_PLACE 0x4 /* make only the out-of-place plan (half the planning
                                  * time, which matters with MEASURE); in == out is then
                                  * refused with LTE_EINVAL */
#define LTE_FFT_PATIENT 0x8   /* like MEASURE, over more candidate algorithms (FFTW_PATIENT):
                               * planning takes ~10x longer (seconds per size); the plan
                               * was up to 1.2-1.4x faster at 1200, 1296 and 1536 points,
                               * no faster at powers of two, and like any timed plan can
                               * be a poor pick on a loaded machine. With MEASURE too,
                               * PATIENT wins. Wisdom makes it cheap and repeatable */

typedef struct lte_fft_cfg {
    int n;           /* transform size, 1..LTE_FFT_NMAX */
    lte_fft_dir dir;
    unsigned flags;  /* LTE_FFT_* */
} lte_fft_cfg;

typedef struct lte_fft lte_fft;

/* Make the plans. Returns 0, LTE_EINVAL (bad cfg) or LTE_ENOMEM (also when
 * FFTW cannot make a plan). */
int lte_fft_create(const lte_fft_cfg *cfg, lte_fft **out);
/* NULL is allowed. Takes the planner lock. */
void lte_fft_destroy(lte_fft *fft);

/* out = DFT(in), N points each. in == out is allowed (in-place) unless the
 * object was made with LTE_FFT_OUT_OF_PLACE; otherwise the arrays must not
 * overlap. in is not modified when in != out. */
int lte_fft_execute(const lte_fft *fft, const float complex *in, float complex *out);

/* 1 if p has the alignment lte_fft_execute() needs without
 * LTE_FFT_UNALIGNED (fftwf_alignment_of(p) == 0), else 0. */
int lte_fft_aligned(const void *p);

/* Size of the transform (or LTE_EINVAL for NULL). */
int lte_fft_size(const lte_fft *fft);

/* FFTW wisdom (opt-in): makes LTE_FFT_MEASURE (and PATIENT) plan choices
 * reproducible across processes. FFTW remembers, process-wide, the plan it measured for
 * each problem (size, direction, in-place or not, alignment); every later
 * MEASURE plan of the same problem in the process reuses it without timing
 * again. Importing replaces the wisdom the process had. Exporting that
 * memory after creating the objects once (for example on an idle machine)
 * and importing it at start-up, before creating any object, makes every
 * MEASURE object take the imported plan: planning is then fast and the
 * choice no longer depends on machine load. FFTW would let ESTIMATE plans
 * use such wisdom too; lte_fft_create() sets the wisdom aside while it
 * makes an ESTIMATE object, so those stay the deterministic heuristic choice
 * whatever was measured or imported before (reference vectors unaffected;
 * wisdom an application creates with its own FFTW calls is not tracked: call
 * lte_fft_wisdom_forget() after such planning, or plan through lte_fft).
 *
 * Wisdom is only valid for the FFTW build and CPU it was made on; FFTW
 * rejects (LTE_EINVAL here) text it cannot parse, and on another CPU the
 * imported plans are still correct, only perhaps slower.
 *
 * lte_fft_wisdom_export_file writes to a temporary name beside path and
 * renames it over path, so an interrupted export leaves no partial file.
 *
 * The string forms return a malloc'd NUL-terminated string (free() it), or
 * NULL (lte_errdetail() says why). All take the planner lock. */
int lte_fft_wisdom_import_file(const char *path);
int lte_fft_wisdom_export_file(const char *path);

/* The FFTW build every transform runs on: its version string, e.g.
 * "fftw-3.3.10-sse2-avx" (the codelets it was compiled with). */
const char *lte_fft_library(void);
int lte_fft_wisdom_import_string(const char *text);
char *lte_fft_wisdom_export_string(void);
/* Forget all wisdom (imported and accumulated) of the process. Objects
 * already created keep their plans. */
void lte_fft_wisdom_forget(void);

/* The process-wide lock around FFTW's planner. ltephy takes it for every
 * plan it creates or destroys; an application that makes its own FFTW plans
 * from several threads in the same process should take it too. */
void lte_fft_planner_lock(void);
void lte_fft_planner_unlock(void);

#ifdef __cplusplus
}
#endif
#endif
