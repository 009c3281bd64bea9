/* SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

int tu_paths(lte_simd_path out[3])
{
    int n = 0;
    for (int p = LTE_SIMD_SCALAR; p <= LTE_SIMD_AVX512; p++)
        if (lte_simd_available((lte_simd_path)p))
            out[n++] = (lte_simd_path)p;
    return n;
}

static uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

void tu_rng_seed(tu_rng *r, uint64_t seed)
{
    /* splitmix64 expands the seed */
    for (int i = 0; i < 4; i += 2) {
        uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        r->s[i] = (uint32_t)z;
        r->s[i + 1] = (uint32_t)(z >> 32);
    }
}

uint32_t tu_rand(tu_rng *r)
{
    uint32_t *s = r->s;
    uint32_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
}

double tu_uniform(tu_rng *r) { return (tu_rand(r) >> 8) * (1.0 / 16777216.0); }

double tu_gauss(tu_rng *r)
{
    double u1 = tu_uniform(r), u2 = tu_uniform(r);
    if (u1 < 1e-300)
        u1 = 1e-300;
    return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

void tu_random_bits(tu_rng *r, uint8_t *bits, int n)
{
    for (int i = 0; i < n; i++)
        bits[i] = tu_rand(r) >> 31;
}

int tu_hex_to_bits(const char *hex, uint8_t *bits)
{
    int n = 0;
    for (const char *p = hex; *p; p++) {
        int v = *p <= '9' ? *p - '0' : *p - 'a' + 10;
        for (int j = 3; j >= 0; j--)
            bits[n++] = (uint8_t)(v >> j & 1);
    }
    return n;
}

void tu_bits_to_hex(const uint8_t *bits, int n, char *out)
{
    int k = 0;
    for (int i = 0; i < n; i += 4) {
        int v = 0;
        for (int j = 0; j < 4; j++)
            v = v << 1 | (i + j < n ? bits[i + j] : 0);
        out[k++] = "0123456789abcdef"[v];
    }
    out[k] = '\0';
}

const char *tu_capture(const char *name)
{
    static _Thread_local char path[1024];
    const char *dir = getenv("LTEPHY_CAPTURES");
    if (!dir || !*dir)
        dir = "../shared/captures";
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, R_OK) == 0 ? path : NULL;
}

int tu_run(char *out, size_t cap, const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof cmd - 8, fmt, ap);
    va_end(ap);
    if (n < 0 || n >= (int)sizeof cmd - 8 || cap == 0)
        return -1;
    strcat(cmd, " 2>&1");
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t got = fread(out, 1, cap - 1, p);
    out[got] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

long tu_file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

int tu_write_file(const char *path, const void *data, size_t bytes)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, bytes, f) == bytes;
    return fclose(f) == 0 && ok ? 0 : -1;
}

char *tu_slurp(const char *path, long *n)
{
    long sz = tu_file_size(path);
    if (n)
        *n = sz;
    if (sz < 0)
        return NULL;
    FILE *f = fopen(path, "rb");
    char *b = malloc((size_t)sz + 1);
    if (!f || !b || fread(b, 1, (size_t)sz, f) != (size_t)sz) {
        if (f)
            fclose(f);
        free(b);
        return NULL;
    }
    fclose(f);
    b[sz] = '\0';
    return b;
}

int tu_scratch_in(const char *build, const char *tag, char *dir, size_t dir_cap, char *bin,
                  size_t bin_cap)
{
    snprintf(dir, dir_cap, "/tmp/ltephy_test_%s.%ld", tag, (long)getpid());
    snprintf(bin, bin_cap, "%s/ltephy", build);
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s", dir, dir);
    return system(cmd) == 0 ? 0 : -1;
}

int tu_scratch_remove(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int tu_long(void)
{
    const char *s = getenv("LTEPHY_LONG");
    return s && *s && strcmp(s, "0") != 0;
}

void tu_same_on_1_and_2_threads(const char *bin, const char *dir, char *out, size_t cap,
                                const char *args, const char *tag, char **csv, char **json)
{
    char f[4][300];
    for (int t = 0; t < 2; t++) {
        snprintf(f[2 * t], sizeof f[0], "%s/%s%d.csv", dir, tag, t + 1);
        snprintf(f[2 * t + 1], sizeof f[0], "%s/%s%d.json", dir, tag, t + 1);
        assert_int_equal(tu_run(out, cap, "%s %s --threads %d --csv %s --json %s", bin, args,
                                t + 1, f[2 * t], f[2 * t + 1]),
                         0);
    }
    char *a = tu_slurp(f[0], NULL), *ja = tu_slurp(f[1], NULL);
    char *b = tu_slurp(f[2], NULL), *jb = tu_slurp(f[3], NULL);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(ja);
    assert_non_null(jb);
    assert_string_equal(a, b);
    assert_string_equal(ja, jb);
    free(b);
    free(jb);
    *csv = a;
    *json = ja;
}

void tu_iq_apparent_imbalance(const float _Complex *x, size_t n, double *gain_db,
                              double *phase_deg)
{
    double ii = 0, qq = 0, iq = 0, mi = 0, mq = 0;
    for (size_t i = 0; i < n; i++) {
        mi += crealf(x[i]) / (double)n;
        mq += cimagf(x[i]) / (double)n;
    }
    for (size_t i = 0; i < n; i++) {
        double a = crealf(x[i]) - mi, b = cimagf(x[i]) - mq;
        ii += a * a;
        qq += b * b;
        iq += a * b;
    }
    *gain_db = 10 * log10(qq / ii);
    *phase_deg = asin(iq / sqrt(ii * qq)) * 180 / M_PI;
}

void tu_csolve(double _Complex *a, double _Complex *b, int n)
{
    for (int c = 0; c < n; c++) {
        int pv = c;
        for (int r = c + 1; r < n; r++)
            if (cabs(a[r * n + c]) > cabs(a[pv * n + c]))
                pv = r;
        for (int j = 0; j < n; j++) {
            double complex t = a[c * n + j];
            a[c * n + j] = a[pv * n + j];
            a[pv * n + j] = t;
        }
        double complex t = b[c];
        b[c] = b[pv];
        b[pv] = t;
        for (int r = c + 1; r < n; r++) {
            double complex f = a[r * n + c] / a[c * n + c];
            for (int j = c; j < n; j++)
                a[r * n + j] -= f * a[c * n + j];
            b[r] -= f * b[c];
        }
    }
    for (int c = n - 1; c >= 0; c--) {
        double complex v = b[c];
        for (int j = c + 1; j < n; j++)
            v -= a[c * n + j] * b[j];
        b[c] = v / a[c * n + c];
    }
}
