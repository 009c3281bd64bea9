/* Tests of the FFT object: every supported size against a naive O(N^2)
 * double-precision DFT written here, in-place and out-of-place, alignment
 * rules, plan-rigor flags, concurrent planning, bad arguments.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ltephy/error.h"
#include "ltephy/fft.h"
#include "tests/common/testutil.h"

/* 64-byte aligned, zeroed buffer of n complex values. */
static float complex *cbuf(int n)
{
    size_t bytes = ((size_t)n * sizeof(float complex) + 63) / 64 * 64;
    float complex *p = aligned_alloc(64, bytes ? bytes : 64);
    assert_non_null(p);
    memset(p, 0, bytes);
    return p;
}

/* X[k] = sum_n x[n] e^{sign j 2 pi k n / N}, twiddles indexed by (k n mod N)
 * so the argument is exact. */
static void naive_dft(const float complex *x, int n, int sign, double complex *X)
{
    double complex *w = malloc(sizeof *w * (size_t)n);
    for (int m = 0; m < n; m++)
        w[m] = cexp(sign * I * 2.0 * M_PI * m / n);
    for (int k = 0; k < n; k++) {
        double complex acc = 0;
        long km = 0;
        for (int i = 0; i < n; i++, km += k) {
            if (km >= n)
                km -= n;
            acc += x[i] * w[km];
        }
        X[k] = acc;
    }
    free(w);
}

static void random_vec(tu_rng *r, float complex *x, int n)
{
    for (int i = 0; i < n; i++)
        x[i] = CMPLXF((float)tu_gauss(r), (float)tu_gauss(r));
}

/* Relative RMS and max errors of got against ref. Float FFT error grows like
 * eps sqrt(log N); 2e-6 relative RMS leaves margin for N up to 2^13. */
static void check_close(const float complex *got, const double complex *ref, int n,
                        double rms_tol, const char *what)
{
    double e2 = 0, r2 = 0, emax = 0;
    for (int k = 0; k < n; k++) {
        double e = cabs(got[k] - ref[k]);
        e2 += e * e;
        r2 += creal(ref[k] * conj(ref[k]));
        emax = e > emax ? e : emax;
    }
    double rel = sqrt(e2 / r2), rms = sqrt(r2 / n);
    if (!(rel <= rms_tol && emax <= 10 * rms_tol * rms))
        fail_msg("%s n=%d: rel rms err %.3g (tol %.3g), max err %.3g (rms %.3g)", what, n, rel,
                 rms_tol, emax, rms);
}

static void check_size(int n, unsigned flags, tu_rng *r)
{
    float complex *x = cbuf(n), *y = cbuf(n), *x0 = cbuf(n);
    double complex *ref = malloc(sizeof *ref * (size_t)n);
    random_vec(r, x, n);
    memcpy(x0, x, sizeof *x * (size_t)n);
    for (int dir = 0; dir < 2; dir++) {
        lte_fft_cfg cfg = {.n = n, .dir = (lte_fft_dir)dir, .flags = flags};
        lte_fft *f;
        assert_int_equal(lte_fft_create(&cfg, &f), 0);
        assert_int_equal(lte_fft_size(f), n);
        naive_dft(x0, n, dir == LTE_FFT_FORWARD ? -1 : +1, ref);
        /* out-of-place, input preserved */
        assert_int_equal(lte_fft_execute(f, x, y), 0);
        assert_memory_equal(x, x0, sizeof *x * (size_t)n);
        check_close(y, ref, n, 2e-6, dir ? "inverse oop" : "forward oop");
        /* in-place */
        assert_int_equal(lte_fft_execute(f, x, x), 0);
        check_close(x, ref, n, 2e-6, dir ? "inverse in-place" : "forward in-place");
        memcpy(x, x0, sizeof *x * (size_t)n);
        lte_fft_destroy(f);
    }
    free(x);
    free(y);
    free(x0);
    free(ref);
}

static void test_power_of_two_sizes(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 1);
    for (int n = 1; n <= 4096; n *= 2)
        check_size(n, LTE_FFT_ESTIMATE, &r);
}

static void test_lte_ofdm_sizes(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 2);
    check_size(1536, LTE_FFT_ESTIMATE, &r);
    check_size(3072, LTE_FFT_ESTIMATE, &r);
}

/* Transform precoding sizes M_sc^PUSCH = 12 M, M = 2^a 3^b 5^c <= 110 RB
 * (36.211 §5.3.3): all 35 of them. */
static void test_scfdma_dft_sizes(void **state)
{
    (void)state;
    static const int m_rb[] = {1,  2,  3,  4,  5,  6,  8,  9,  10, 12, 15, 16,
                               18, 20, 24, 25, 27, 30, 32, 36, 40, 45, 48, 50,
                               54, 60, 64, 72, 75, 80, 81, 90, 96, 100, 108};
    tu_rng r;
    tu_rng_seed(&r, 3);
    for (size_t i = 0; i < sizeof m_rb / sizeof m_rb[0]; i++)
        check_size(12 * m_rb[i], LTE_FFT_ESTIMATE, &r);
}

static void test_other_sizes(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 4);
    static const int sizes[] = {3, 5, 7, 11, 13, 97, 139, 1000, 1201, 1319};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        check_size(sizes[i], LTE_FFT_ESTIMATE, &r);
}

/* Large (oversampling) sizes, where O(N^2) is too slow: a tone
 * e^{+-j 2 pi k0 n / N} transforms to N at bin k0 and ~0 elsewhere, and
 * inverse(forward(x)) = N x for random x. */
static void test_large_sizes(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 7);
    static const int sizes[] = {8192, 16384, 32768};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        int n = sizes[i], k0 = 1 + (int)(tu_rand(&r) % (unsigned)(n - 1));
        float complex *x = cbuf(n), *y = cbuf(n), *z = cbuf(n);
        lte_fft_cfg cf = {.n = n, .dir = LTE_FFT_FORWARD}, ci = {.n = n, .dir = LTE_FFT_INVERSE};
        lte_fft *f, *b;
        assert_int_equal(lte_fft_create(&cf, &f), 0);
        assert_int_equal(lte_fft_create(&ci, &b), 0);
        for (int t = 0; t < n; t++)
            x[t] = (float complex)cexp(I * 2 * M_PI * (double)((long)k0 * t % n) / n);
        lte_fft_execute(f, x, y);
        for (int k = 0; k < n; k++) {
            double want = k == k0 ? n : 0;
            if (!(cabs(y[k] - want) < 1e-5 * n))
                fail_msg("n=%d tone %d: bin %d = %g%+gj", n, k0, k, crealf(y[k]), cimagf(y[k]));
        }
        random_vec(&r, x, n);
        lte_fft_execute(f, x, y);
        lte_fft_execute(b, y, z);
        double e = 0;
        for (int t = 0; t < n; t++)
            e = fmax(e, cabs(z[t] / (float)n - x[t]));
        assert_true(e < 1e-5);
        lte_fft_destroy(f);
        lte_fft_destroy(b);
        free(x);
        free(y);
        free(z);
    }
}

static void test_measure_and_unaligned(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 5);
    check_size(2048, LTE_FFT_MEASURE, &r);
    check_size(1200, LTE_FFT_MEASURE | LTE_FFT_UNALIGNED, &r);
    /* An unaligned object accepts pointers FFTW calls misaligned; an
     * aligned one refuses them instead of computing garbage. */
    int n = 600;
    float complex *buf = cbuf(2 * n + 2), *out = cbuf(2 * n + 2);
    double complex *ref = malloc(sizeof *ref * (size_t)n);
    random_vec(&r, buf, 2 * n + 2);
    naive_dft(buf + 1, n, -1, ref);
    lte_fft_cfg cfg = {.n = n, .dir = LTE_FFT_FORWARD, .flags = LTE_FFT_UNALIGNED};
    lte_fft *fu, *fa;
    assert_int_equal(lte_fft_create(&cfg, &fu), 0);
    cfg.flags = 0;
    assert_int_equal(lte_fft_create(&cfg, &fa), 0);
    assert_int_equal(lte_fft_execute(fu, buf + 1, out + 1), 0);
    check_close(out + 1, ref, n, 2e-6, "unaligned");
    assert_int_equal(lte_fft_execute(fa, buf + 1, out), LTE_EINVAL);
    assert_int_equal(lte_fft_execute(fa, buf, out + 1), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "aligned"));
    lte_fft_destroy(fu);
    lte_fft_destroy(fa);
    free(buf);
    free(out);
    free(ref);
}

/* LTE_FFT_PATIENT: a correct DFT (small sizes: patient planning is slow),
 * and an ESTIMATE object made after it still takes the deterministic plan
 * (bit-identical to one made before any timed planning). */
static void test_patient(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 91);
    lte_fft_wisdom_forget();
    const int n = 96;
    float complex *x = cbuf(n), *y1 = cbuf(n), *y2 = cbuf(n);
    random_vec(&r, x, n);
    lte_fft_cfg ce = {.n = n, .dir = LTE_FFT_FORWARD};
    lte_fft *e;
    assert_int_equal(lte_fft_create(&ce, &e), 0);
    assert_int_equal(lte_fft_execute(e, x, y1), 0);
    lte_fft_destroy(e);
    check_size(60, LTE_FFT_PATIENT, &r);
    check_size(n, LTE_FFT_PATIENT | LTE_FFT_MEASURE, &r);
    assert_int_equal(lte_fft_create(&ce, &e), 0);
    assert_int_equal(lte_fft_execute(e, x, y2), 0);
    assert_memory_equal(y1, y2, sizeof *y1 * (size_t)n);
    lte_fft_destroy(e);
    lte_fft_wisdom_forget();
    free(x);
    free(y1);
    free(y2);
}

/* ESTIMATE plans are chosen deterministically: two objects of the same size
 * give bit-identical output (what golden vectors rely on). */
static void test_estimate_reproducible(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 6);
    int n = 1536;
    float complex *x = cbuf(n), *y1 = cbuf(n), *y2 = cbuf(n);
    random_vec(&r, x, n);
    lte_fft_cfg cfg = {.n = n, .dir = LTE_FFT_INVERSE};
    lte_fft *a, *b;
    assert_int_equal(lte_fft_create(&cfg, &a), 0);
    assert_int_equal(lte_fft_execute(a, x, y1), 0);
    lte_fft_destroy(a);
    assert_int_equal(lte_fft_create(&cfg, &b), 0);
    assert_int_equal(lte_fft_execute(b, x, y2), 0);
    lte_fft_destroy(b);
    assert_memory_equal(y1, y2, sizeof *y1 * (size_t)n);
    free(x);
    free(y1);
    free(y2);
}

/* Round trip: inverse(forward(x)) = N x, exercised from several threads that
 * create, run and destroy their own plans concurrently (the planner lock)
 * and share one object for execution (execute is re-entrant). */
typedef struct {
    const lte_fft *shared_fwd;
    int seed;
    int ok;
} thread_arg;

static void *worker(void *p)
{
    thread_arg *a = p;
    tu_rng r;
    tu_rng_seed(&r, (uint64_t)a->seed);
    a->ok = 1;
    for (int it = 0; it < 20; it++) {
        int n = 12 * (1 + (int)(tu_rand(&r) % 100));
        lte_fft_cfg cfg = {.n = n, .dir = LTE_FFT_INVERSE};
        lte_fft *inv;
        if (lte_fft_create(&cfg, &inv) < 0) {
            a->ok = 0;
            return NULL;
        }
        int m = lte_fft_size(a->shared_fwd);
        float complex *x = cbuf(m), *y = cbuf(m), *z = cbuf(m);
        random_vec(&r, x, m);
        lte_fft_cfg c2 = {.n = m, .dir = LTE_FFT_INVERSE};
        lte_fft *inv_m;
        lte_fft_create(&c2, &inv_m);
        lte_fft_execute(a->shared_fwd, x, y);
        lte_fft_execute(inv_m, y, z);
        for (int i = 0; i < m; i++)
            if (cabsf(z[i] / (float)m - x[i]) > 1e-4f)
                a->ok = 0;
        lte_fft_destroy(inv_m);
        lte_fft_destroy(inv);
        free(x);
        free(y);
        free(z);
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    lte_fft_cfg cfg = {.n = 256, .dir = LTE_FFT_FORWARD};
    lte_fft *fwd;
    assert_int_equal(lte_fft_create(&cfg, &fwd), 0);
    pthread_t th[4];
    thread_arg args[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (thread_arg){fwd, 100 + i, 0};
        assert_int_equal(pthread_create(&th[i], NULL, worker, &args[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_true(args[i].ok);
    }
    lte_fft_destroy(fwd);
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_fft *f = (lte_fft *)&f;
    lte_fft_cfg cfg = {.n = 0, .dir = LTE_FFT_FORWARD};
    assert_int_equal(lte_fft_create(&cfg, &f), LTE_EINVAL);
    assert_null(f);
    assert_non_null(strstr(lte_errdetail(), "n = 0"));
    cfg.n = LTE_FFT_NMAX + 1;
    assert_int_equal(lte_fft_create(&cfg, &f), LTE_EINVAL);
    cfg.n = 64;
    cfg.dir = (lte_fft_dir)7;
    assert_int_equal(lte_fft_create(&cfg, &f), LTE_EINVAL);
    cfg.dir = LTE_FFT_INVERSE;
    cfg.flags = 0x80;
    assert_int_equal(lte_fft_create(&cfg, &f), LTE_EINVAL);
    cfg.flags = 0;
    assert_int_equal(lte_fft_create(NULL, &f), LTE_EINVAL);
    assert_int_equal(lte_fft_create(&cfg, NULL), LTE_EINVAL);
    assert_int_equal(lte_fft_create(&cfg, &f), 0);
    float complex *buf = cbuf(256);
    assert_int_equal(lte_fft_execute(NULL, buf, buf), LTE_EINVAL);
    assert_int_equal(lte_fft_execute(f, NULL, buf), LTE_EINVAL);
    assert_int_equal(lte_fft_execute(f, buf, NULL), LTE_EINVAL);
    assert_int_equal(lte_fft_execute(f, buf, buf + 32), LTE_EINVAL); /* partial overlap */
    assert_non_null(strstr(lte_errdetail(), "overlap"));
    assert_int_equal(lte_fft_execute(f, buf, buf + 64), 0);
    assert_int_equal(lte_fft_size(NULL), LTE_EINVAL);
    lte_fft_destroy(f);
    lte_fft_destroy(NULL);
    free(buf);
}

/* LTE_FFT_OUT_OF_PLACE: the same out-of-place result as a default object
 * (bit for bit with ESTIMATE: the same plan), in-place refused. */
static void test_out_of_place_only(void **state)
{
    (void)state;
    const int n = 1536;
    tu_rng r;
    tu_rng_seed(&r, 78);
    float complex *x = cbuf(n), *y1 = cbuf(n), *y2 = cbuf(n);
    random_vec(&r, x, n);
    for (int dir = 0; dir < 2; dir++) {
        lte_fft_cfg c1 = {.n = n, .dir = (lte_fft_dir)dir, .flags = LTE_FFT_ESTIMATE};
        lte_fft_cfg c2 = {.n = n, .dir = (lte_fft_dir)dir, .flags = LTE_FFT_OUT_OF_PLACE};
        lte_fft *a, *b;
        assert_int_equal(lte_fft_create(&c1, &a), 0);
        assert_int_equal(lte_fft_create(&c2, &b), 0);
        assert_int_equal(lte_fft_execute(a, x, y1), 0);
        assert_int_equal(lte_fft_execute(b, x, y2), 0);
        assert_memory_equal(y1, y2, sizeof *y1 * (size_t)n);
        assert_int_equal(lte_fft_execute(b, y2, y2), LTE_EINVAL);
        assert_memory_equal(y1, y2, sizeof *y1 * (size_t)n); /* untouched */
        lte_fft_destroy(a);
        lte_fft_destroy(b);
    }
    free(x);
    free(y1);
    free(y2);
}

/* Wisdom: an exported MEASURE choice, imported after forgetting, gives a
 * plan with bit-identical output (what makes MEASURE reproducible across
 * processes); the plan is still a correct DFT; files and strings round
 * trip; garbage and missing files are refused. */
static void test_wisdom(void **state)
{
    (void)state;
    const int n = 2048;
    tu_rng r;
    tu_rng_seed(&r, 77);
    float complex *x = cbuf(n), *y1 = cbuf(n), *y2 = cbuf(n);
    double complex *ref = malloc(sizeof *ref * (size_t)n);
    random_vec(&r, x, n);
    naive_dft(x, n, -1, ref);
    lte_fft_wisdom_forget();
    lte_fft_cfg cfg = {.n = n, .dir = LTE_FFT_FORWARD, .flags = LTE_FFT_MEASURE};
    lte_fft *a, *b;
    assert_int_equal(lte_fft_create(&cfg, &a), 0);
    assert_int_equal(lte_fft_execute(a, x, y1), 0);
    char *w = lte_fft_wisdom_export_string();
    assert_non_null(w);
    assert_non_null(strstr(w, "fftw"));
    char path[] = "/tmp/ltephy-wisdom-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(lte_fft_wisdom_export_file(path), 0);
    {
        /* the file holds exactly the string form (no leftover of the mkstemp
         * file), and the temporary name it was written under is gone */
        FILE *fp = fopen(path, "r");
        assert_non_null(fp);
        size_t wl = strlen(w);
        char *buf = malloc(wl + 16);
        assert_non_null(buf);
        size_t got = fread(buf, 1, wl + 16, fp);
        fclose(fp);
        assert_int_equal(got, wl);
        assert_memory_equal(buf, w, wl);
        free(buf);
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
        assert_int_not_equal(access(tmp, F_OK), 0);
        /* a path that is a directory: refused, nothing left beside it */
        char dir[] = "/tmp/ltephy-wdir-XXXXXX";
        assert_non_null(mkdtemp(dir));
        assert_int_equal(lte_fft_wisdom_export_file(dir), LTE_EIO);
        snprintf(tmp, sizeof tmp, "%s.tmp%ld", dir, (long)getpid());
        assert_int_not_equal(access(tmp, F_OK), 0);
        assert_int_equal(rmdir(dir), 0);
    }
    for (int via_file = 0; via_file < 2; via_file++) {
        lte_fft_wisdom_forget();
        if (via_file)
            assert_int_equal(lte_fft_wisdom_import_file(path), 0);
        else
            assert_int_equal(lte_fft_wisdom_import_string(w), 0);
        assert_int_equal(lte_fft_create(&cfg, &b), 0);
        memset(y2, 0, sizeof *y2 * (size_t)n);
        assert_int_equal(lte_fft_execute(b, x, y2), 0);
        assert_memory_equal(y1, y2, sizeof *y1 * (size_t)n);
        check_close(y2, ref, n, 2e-6, "wisdom plan");
        lte_fft_destroy(b);
    }
    /* with that wisdom loaded, an ESTIMATE object still makes the heuristic
     * plan: bit-identical to one made with no wisdom at all */
    lte_fft_cfg ce = {.n = n, .dir = LTE_FFT_FORWARD, .flags = LTE_FFT_ESTIMATE};
    lte_fft *e1, *e2;
    lte_fft_wisdom_forget();
    assert_int_equal(lte_fft_create(&ce, &e1), 0);
    assert_int_equal(lte_fft_wisdom_import_string(w), 0);
    assert_int_equal(lte_fft_create(&ce, &e2), 0);
    assert_int_equal(lte_fft_execute(e1, x, y1), 0);
    assert_int_equal(lte_fft_execute(e2, x, y2), 0);
    assert_memory_equal(y1, y2, sizeof *y1 * (size_t)n);
    /* and the imported wisdom is still there afterwards */
    char *w2 = lte_fft_wisdom_export_string();
    assert_non_null(w2);
    assert_non_null(strstr(w2, "fftw"));
    free(w2);
    lte_fft_destroy(e1);
    lte_fft_destroy(e2);
    assert_int_equal(lte_fft_wisdom_import_string("(not wisdom at all"), LTE_EINVAL);
    assert_int_equal(lte_fft_wisdom_import_string(NULL), LTE_EINVAL);
    assert_int_equal(lte_fft_wisdom_import_file("/nonexistent/ltephy/wisdom"), LTE_EIO);
    assert_int_equal(lte_fft_wisdom_export_file("/nonexistent/ltephy/wisdom"), LTE_EIO);
    unlink(path);
    free(w);
    lte_fft_destroy(a);
    lte_fft_wisdom_forget();
    free(ref);
    free(x);
    free(y1);
    free(y2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_power_of_two_sizes),
        cmocka_unit_test(test_lte_ofdm_sizes),
        cmocka_unit_test(test_scfdma_dft_sizes),
        cmocka_unit_test(test_other_sizes),
        cmocka_unit_test(test_large_sizes),
        cmocka_unit_test(test_measure_and_unaligned),
        cmocka_unit_test(test_patient),
        cmocka_unit_test(test_estimate_reproducible),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_wisdom),
        cmocka_unit_test(test_out_of_place_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
