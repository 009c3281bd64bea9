/* Golden-vector file formats (vectors/FORMAT.md) and case manifests.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ltephy/error.h"
#include "ltephy/version.h"
#include "sha256.h"
#include "vec.h"

static const char *kind_names[] = {"hexbits32", "bits", "int", "cint", "cf32", "f32"};
static const char *kind_ext[] = {"hex", "bits", "hex", "hex", "cf32", "f32"};

const char *vec_kind_name(vec_kind k)
{
    return (unsigned)k < 6 ? kind_names[k] : "?";
}

int32_t vec_quant(double x, int width, int frac)
{
    double v = x * ldexp(1.0, frac);
    v = v < 0 ? -floor(-v + 0.5) : floor(v + 0.5); /* half away from zero */
    double hi = ldexp(1.0, width - 1) - 1, lo = -ldexp(1.0, width - 1);
    if (v > hi)
        v = hi;
    if (v < lo)
        v = lo;
    return (int32_t)v;
}

/* ---- a growable text/byte buffer ------------------------------------------ */
typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static int buf_put(buf *b, const void *d, size_t n)
{
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->n + n)
            cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q)
            return -1;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, d, n);
    b->n += n;
    return 0;
}

static int buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int buf_printf(buf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    return n < 0 || n >= (int)sizeof tmp ? -1 : buf_put(b, tmp, (size_t)n);
}

/* ---- writing ------------------------------------------------------------ */
static int mkdir_p(const char *path)
{
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return mkdir(tmp, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

static int rm_rf(const char *path)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf -- '%s'", path);
    return system(cmd) == 0 ? 0 : -1;
}

int vec_case_begin(vec_case *c, const char *out_dir, const char *name, const char *chain)
{
    memset(c, 0, sizeof *c);
    if (strlen(name) >= sizeof c->name || strlen(out_dir) + strlen(name) + 2 >= sizeof c->dir)
        return lte_error_set(LTE_EINVAL, "case name or output folder too long");
    snprintf(c->name, sizeof c->name, "%s", name);
    snprintf(c->chain, sizeof c->chain, "%s", chain);
    snprintf(c->dir, sizeof c->dir, "%s/%s", out_dir, name);
    snprintf(c->tmpdir, sizeof c->tmpdir, "%s/.%s.tmp.%ld", out_dir, name, (long)getpid());
    rm_rf(c->tmpdir);
    if (mkdir_p(c->tmpdir) != 0)
        return lte_error_set(LTE_EIO, "%s: cannot create folder: %s", c->tmpdir, strerror(errno));
    return 0;
}

void vec_case_param(vec_case *c, const char *key, const char *fmt, ...)
{
    if (c->nparams >= VEC_MAX_PARAMS)
        return;
    snprintf(c->pkey[c->nparams], sizeof c->pkey[0], "%s", key);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->pval[c->nparams], sizeof c->pval[0], fmt, ap);
    va_end(ap);
    c->nparams++;
}

static vec_file *new_file(vec_case *c, const char *stage, int order, vec_kind kind)
{
    if (c->nfiles >= VEC_MAX_FILES) {
        lte_error_set(LTE_EINVAL, "case %s: more than %d files", c->name, VEC_MAX_FILES);
        return NULL;
    }
    vec_file *f = &c->files[c->nfiles++];
    memset(f, 0, sizeof *f);
    snprintf(f->stage, sizeof f->stage, "%s", stage);
    f->order = order;
    f->kind = kind;
    const char *suffix = kind == VEC_CINT ? "_q" : "";
    snprintf(f->file, sizeof f->file, "%02d_%s%s.%s", order, stage, suffix, kind_ext[kind]);
    return f;
}

static int write_file(vec_case *c, vec_file *f, const buf *b)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", c->tmpdir, f->file);
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return lte_error_set(LTE_EIO, "%s: cannot create: %s", path, strerror(errno));
    int ok = b->n == 0 || fwrite(b->p, 1, b->n, fp) == b->n;
    ok = fclose(fp) == 0 && ok;
    if (!ok)
        return lte_error_set(LTE_EIO, "%s: write failed", path);
    lte_sha256_hex(b->p ? b->p : "", b->n, f->sha256);
    return 0;
}

static int finish(vec_case *c, vec_file *f, buf *b)
{
    int rc = write_file(c, f, b);
    free(b->p);
    return rc;
}

static int oom(buf *b)
{
    free(b->p);
    return lte_error_set(LTE_ENOMEM, "out of memory writing a vector file");
}

int vec_put_bits(vec_case *c, const char *stage, int order, const uint8_t *bits, long n)
{
    /* packed hex for $readmemh, and nothing else: text bits come from --text-bits */
    vec_file *f = new_file(c, stage, order, VEC_HEXBITS32);
    if (!f)
        return LTE_EINVAL;
    f->count = n;
    f->width = 32;
    buf b = {0};
    for (long i = 0; i < n; i += 32) {
        uint32_t w = 0;
        for (int j = 0; j < 32; j++)
            w = (w << 1) | (i + j < n ? (bits[i + j] & 1u) : 0u);
        if (buf_printf(&b, "%08x\n", w) < 0)
            return oom(&b);
    }
    return finish(c, f, &b);
}

static int put_int_line(buf *b, int32_t v, int width)
{
    uint32_t mask = width == 32 ? 0xffffffffu : ((1u << width) - 1u);
    return buf_printf(b, "%0*x", width / 4, (uint32_t)v & mask);
}

int vec_put_int(vec_case *c, const char *stage, int order, const int32_t *v, long n, int width,
                int frac)
{
    vec_file *f = new_file(c, stage, order, VEC_INT);
    if (!f)
        return LTE_EINVAL;
    f->count = n;
    f->width = width;
    f->frac = frac;
    buf b = {0};
    for (long i = 0; i < n; i++)
        if (put_int_line(&b, v[i], width) < 0 || buf_put(&b, "\n", 1) < 0)
            return oom(&b);
    return finish(c, f, &b);
}

static void put_le_f32(buf *b, float x, int *err)
{
    uint32_t u;
    memcpy(&u, &x, 4);
    uint8_t le[4] = {(uint8_t)u, (uint8_t)(u >> 8), (uint8_t)(u >> 16), (uint8_t)(u >> 24)};
    if (buf_put(b, le, 4) < 0)
        *err = 1;
}

int vec_put_cf32(vec_case *c, const char *stage, int order, const float complex *x, long n,
                 int width, int frac, double tol_snr_db, double tol_abs)
{
    vec_file *f = new_file(c, stage, order, VEC_CF32);
    if (!f)
        return LTE_EINVAL;
    f->count = n;
    f->tol_snr_db = tol_snr_db;
    f->tol_abs = tol_abs;
    buf b = {0};
    int err = 0;
    for (long i = 0; i < n; i++) {
        put_le_f32(&b, crealf(x[i]), &err);
        put_le_f32(&b, cimagf(x[i]), &err);
    }
    if (err)
        return oom(&b);
    int rc = finish(c, f, &b);
    if (rc < 0)
        return rc;
    vec_file *q = new_file(c, stage, order, VEC_CINT);
    if (!q)
        return LTE_EINVAL;
    q->count = n;
    q->width = width;
    q->frac = frac;
    q->tol_snr_db = tol_snr_db;
    q->tol_abs = tol_abs;
    buf t = {0};
    for (long i = 0; i < n; i++)
        if (put_int_line(&t, vec_quant(crealf(x[i]), width, frac), width) < 0 ||
            buf_put(&t, " ", 1) < 0 ||
            put_int_line(&t, vec_quant(cimagf(x[i]), width, frac), width) < 0 ||
            buf_put(&t, "\n", 1) < 0)
            return oom(&t);
    return finish(c, q, &t);
}

int vec_put_cint16(vec_case *c, const char *stage, int order, const int16_t *iq, long n, int frac)
{
    vec_file *f = new_file(c, stage, order, VEC_CINT);
    if (!f)
        return LTE_EINVAL;
    f->count = n;
    f->width = 16;
    f->frac = frac;
    buf b = {0};
    for (long i = 0; i < n; i++)
        if (put_int_line(&b, iq[2 * i], 16) < 0 || buf_put(&b, " ", 1) < 0 ||
            put_int_line(&b, iq[2 * i + 1], 16) < 0 || buf_put(&b, "\n", 1) < 0)
            return oom(&b);
    return finish(c, f, &b);
}

int vec_put_f32(vec_case *c, const char *stage, int order, const float *x, long n,
                double tol_snr_db, double tol_abs)
{
    vec_file *f = new_file(c, stage, order, VEC_F32);
    if (!f)
        return LTE_EINVAL;
    f->count = n;
    f->tol_snr_db = tol_snr_db;
    f->tol_abs = tol_abs;
    buf b = {0};
    int err = 0;
    for (long i = 0; i < n; i++)
        put_le_f32(&b, x[i], &err);
    if (err)
        return oom(&b);
    return finish(c, f, &b);
}

/* Bounded copy that always terminates (manifest fields longer than their slot
 * are truncated; the checker then reports a missing file by its short name). */
static void copy_str(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static int is_number(const char *s)
{
    char *end;
    if (!*s)
        return 0;
    strtod(s, &end);
    return *end == '\0';
}

int vec_case_end(vec_case *c)
{
    buf b = {0};
    int e = 0;
    e |= buf_printf(&b, "{\n  \"case\": \"%s\",\n  \"chain\": \"%s\",\n", c->name, c->chain);
    e |= buf_printf(&b, "  \"ltephy_version\": \"%s\",\n  \"params\": {", lte_version());
    for (int i = 0; i < c->nparams; i++) {
        e |= buf_printf(&b, "%s\n    \"%s\": ", i ? "," : "", c->pkey[i]);
        e |= is_number(c->pval[i]) ? buf_printf(&b, "%s", c->pval[i])
                                   : buf_printf(&b, "\"%s\"", c->pval[i]);
    }
    e |= buf_printf(&b, "\n  },\n  \"files\": [");
    for (int i = 0; i < c->nfiles; i++) {
        const vec_file *f = &c->files[i];
        e |= buf_printf(&b, "%s\n    {\"file\": \"%s\", \"stage\": \"%s\", \"order\": %d, ",
                        i ? "," : "", f->file, f->stage, f->order);
        e |= buf_printf(&b, "\"format\": \"%s\", \"width\": %d, \"frac\": %d, \"count\": %ld, ",
                        vec_kind_name(f->kind), f->width, f->frac, f->count);
        e |= buf_printf(&b, "\"tol_snr_db\": %g, \"tol_abs\": %g, \"sha256\": \"%s\"}",
                        f->tol_snr_db, f->tol_abs, f->sha256);
    }
    e |= buf_printf(&b, "\n  ]\n}\n");
    if (e)
        return oom(&b);
    vec_file m = {.file = "manifest.json"};
    int rc = write_file(c, &m, &b);
    free(b.p);
    if (rc < 0)
        return rc;
    rm_rf(c->dir);
    if (rename(c->tmpdir, c->dir) != 0)
        return lte_error_set(LTE_EIO, "%s: cannot rename to %s: %s", c->tmpdir, c->dir,
                             strerror(errno));
    return 0;
}

void vec_case_abort(vec_case *c) { rm_rf(c->tmpdir); }

/* ---- reading: a small JSON parser for manifests --------------------------- */
typedef struct jp {
    const char *s, *p, *path;
} jp;

static int jerr(jp *j, const char *what)
{
    int line = 1;
    for (const char *q = j->s; q < j->p; q++)
        line += *q == '\n';
    return lte_error_set(LTE_EFORMAT, "%s:%d: %s", j->path, line, what);
}

static void ws(jp *j)
{
    while (isspace((unsigned char)*j->p))
        j->p++;
}

static int jstr(jp *j, char *out, size_t cap)
{
    ws(j);
    if (*j->p != '"')
        return jerr(j, "expected a string");
    j->p++;
    size_t n = 0;
    while (*j->p && *j->p != '"') {
        if (*j->p == '\\' && j->p[1])
            j->p++;
        if (n + 1 < cap)
            out[n++] = *j->p;
        j->p++;
    }
    if (*j->p != '"')
        return jerr(j, "unterminated string");
    j->p++;
    out[n] = '\0';
    return 0;
}

/* A scalar value as text (string contents or the number's characters). */
static int jscalar(jp *j, char *out, size_t cap)
{
    ws(j);
    if (*j->p == '"')
        return jstr(j, out, cap);
    const char *st = j->p;
    while (*j->p && (isalnum((unsigned char)*j->p) || strchr("+-.", *j->p)))
        j->p++;
    if (j->p == st)
        return jerr(j, "expected a value");
    size_t n = (size_t)(j->p - st) < cap - 1 ? (size_t)(j->p - st) : cap - 1;
    memcpy(out, st, n);
    out[n] = '\0';
    return 0;
}

static int jexpect(jp *j, char ch)
{
    ws(j);
    if (*j->p != ch) {
        char msg[32];
        snprintf(msg, sizeof msg, "expected '%c'", ch);
        return jerr(j, msg);
    }
    j->p++;
    return 0;
}

static int jmore(jp *j, char close)
{
    ws(j);
    if (*j->p == ',') {
        j->p++;
        return 1;
    }
    return *j->p == close ? 0 : -1;
}

static int parse_file_entry(jp *j, vec_file *f)
{
    int rc;
    if ((rc = jexpect(j, '{')) < 0)
        return rc;
    memset(f, 0, sizeof *f);
    f->kind = (vec_kind)-1;
    for (;;) {
        char key[64], val[128];
        if ((rc = jstr(j, key, sizeof key)) < 0 || (rc = jexpect(j, ':')) < 0 ||
            (rc = jscalar(j, val, sizeof val)) < 0)
            return rc;
        if (!strcmp(key, "file"))
            copy_str(f->file, sizeof f->file, val);
        else if (!strcmp(key, "stage"))
            copy_str(f->stage, sizeof f->stage, val);
        else if (!strcmp(key, "order"))
            f->order = atoi(val);
        else if (!strcmp(key, "format")) {
            for (int k = 0; k < 6; k++)
                if (!strcmp(val, kind_names[k]))
                    f->kind = (vec_kind)k;
        } else if (!strcmp(key, "width"))
            f->width = atoi(val);
        else if (!strcmp(key, "frac"))
            f->frac = atoi(val);
        else if (!strcmp(key, "count"))
            f->count = atol(val);
        else if (!strcmp(key, "tol_snr_db"))
            f->tol_snr_db = atof(val);
        else if (!strcmp(key, "tol_abs"))
            f->tol_abs = atof(val);
        else if (!strcmp(key, "sha256"))
            copy_str(f->sha256, sizeof f->sha256, val);
        int m = jmore(j, '}');
        if (m < 0)
            return jerr(j, "expected ',' or '}'");
        if (m == 0)
            break;
    }
    if ((int)f->kind < 0 || !f->file[0])
        return jerr(j, "file entry without a known format or name");
    if (strchr(f->file, '/'))
        return jerr(j, "file name with a '/'");
    return jexpect(j, '}');
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    buf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0)
        if (buf_put(&b, tmp, n) < 0) {
            fclose(fp);
            free(b.p);
            return NULL;
        }
    fclose(fp);
    if (buf_put(&b, "", 1) < 0) {
        free(b.p);
        return NULL;
    }
    *len = b.n - 1;
    return b.p;
}

int vec_manifest_read(const char *dir, vec_case *c)
{
    char path[700];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    size_t len;
    char *text = slurp(path, &len);
    if (!text)
        return lte_error_set(LTE_EIO, "%s: cannot read: %s", path, strerror(errno));
    memset(c, 0, sizeof *c);
    copy_str(c->dir, sizeof c->dir, dir);
    jp j = {text, text, path};
    int rc = jexpect(&j, '{');
    while (rc == 0) {
        char key[64];
        if ((rc = jstr(&j, key, sizeof key)) < 0 || (rc = jexpect(&j, ':')) < 0)
            break;
        if (!strcmp(key, "params")) {
            if ((rc = jexpect(&j, '{')) < 0)
                break;
            ws(&j);
            if (*j.p != '}')
                for (;;) {
                    char k[32], v[64];
                    if ((rc = jstr(&j, k, sizeof k)) < 0 || (rc = jexpect(&j, ':')) < 0 ||
                        (rc = jscalar(&j, v, sizeof v)) < 0)
                        break;
                    if (c->nparams < VEC_MAX_PARAMS) {
                        copy_str(c->pkey[c->nparams], sizeof c->pkey[0], k);
                        copy_str(c->pval[c->nparams], sizeof c->pval[0], v);
                        c->nparams++;
                    }
                    int m = jmore(&j, '}');
                    if (m < 0)
                        rc = jerr(&j, "expected ',' or '}' in params");
                    if (m <= 0)
                        break;
                }
            if (rc == 0)
                rc = jexpect(&j, '}');
        } else if (!strcmp(key, "files")) {
            if ((rc = jexpect(&j, '[')) < 0)
                break;
            for (;;) {
                if (c->nfiles >= VEC_MAX_FILES) {
                    rc = jerr(&j, "too many files");
                    break;
                }
                if ((rc = parse_file_entry(&j, &c->files[c->nfiles])) < 0)
                    break;
                c->nfiles++;
                int m = jmore(&j, ']');
                if (m < 0)
                    rc = jerr(&j, "expected ',' or ']' in files");
                if (m <= 0)
                    break;
            }
            if (rc == 0)
                rc = jexpect(&j, ']');
        } else {
            char v[128];
            rc = jscalar(&j, v, sizeof v);
            if (rc == 0 && !strcmp(key, "case"))
                copy_str(c->name, sizeof c->name, v);
            if (rc == 0 && !strcmp(key, "chain"))
                copy_str(c->chain, sizeof c->chain, v);
        }
        if (rc < 0)
            break;
        int m = jmore(&j, '}');
        if (m < 0)
            rc = jerr(&j, "expected ',' or '}'");
        if (m <= 0)
            break;
    }
    if (rc == 0 && c->nfiles == 0)
        rc = lte_error_set(LTE_EFORMAT, "%s: no files listed", path);
    free(text);
    return rc;
}

/* Parse one hex field of `width` bits as a signed two's-complement value. */
static int parse_hex(const char **p, int width, int is_signed, double *out)
{
    while (**p == ' ' || **p == '\t')
        (*p)++;
    int digits = 0;
    uint64_t v = 0;
    while (isxdigit((unsigned char)**p)) {
        int d = isdigit((unsigned char)**p) ? **p - '0' : (tolower((unsigned char)**p) - 'a' + 10);
        v = (v << 4) | (uint64_t)d;
        digits++;
        (*p)++;
    }
    if (digits != width / 4)
        return -1;
    if (is_signed && width < 64 && (v >> (width - 1)) & 1)
        *out = (double)((int64_t)v - ((int64_t)1 << width));
    else
        *out = (double)v;
    return 0;
}

int vec_load(const char *dir, const vec_file *f, double **vals, long *nvals)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, f->file);
    size_t len;
    char *text = slurp(path, &len);
    if (!text)
        return lte_error_set(LTE_EIO, "%s: cannot read: %s", path, strerror(errno));
    long want = f->kind == VEC_CINT || f->kind == VEC_CF32 ? 2 * f->count : f->count;
    double *v = malloc(sizeof(double) * (size_t)(want > 0 ? want : 1));
    if (!v) {
        free(text);
        return lte_error_set(LTE_ENOMEM, "out of memory");
    }
    int rc = 0;
    if (f->kind == VEC_CF32 || f->kind == VEC_F32) {
        if ((long)len != 4 * want) {
            rc = lte_error_set(LTE_EFORMAT, "%s: %zu bytes, expected %ld (%ld float32 values)",
                               path, len, 4 * want, want);
        } else {
            for (long i = 0; i < want; i++) {
                const uint8_t *q = (const uint8_t *)text + 4 * i;
                uint32_t u = q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 |
                             (uint32_t)q[3] << 24;
                float x;
                memcpy(&x, &u, 4);
                v[i] = x;
            }
        }
    } else {
        /* text formats: one entry per line */
        long n = 0, line = 0;
        const char *p = text;
        long expect_lines = f->kind == VEC_HEXBITS32 ? (f->count + 31) / 32
                            : f->kind == VEC_CINT   ? f->count
                                                    : want;
        while (*p && rc == 0) {
            line++;
            const char *eol = strchr(p, '\n');
            if (!eol) {
                rc = lte_error_set(LTE_EFORMAT, "%s:%ld: line not terminated by a newline",
                                   path, line);
                break;
            }
            if (line > expect_lines) {
                rc = lte_error_set(LTE_EFORMAT, "%s:%ld: more lines than the %ld expected",
                                   path, line, expect_lines);
                break;
            }
            const char *q = p;
            double a, b;
            int bad = 0;
            switch (f->kind) {
            case VEC_BITS:
                bad = !(*q == '0' || *q == '1') || q + 1 != eol;
                v[n++] = *q - '0';
                break;
            case VEC_HEXBITS32:
                bad = parse_hex(&q, 32, 0, &a) < 0 || q != eol;
                for (int k = 0; !bad && k < 32 && n < want; k++)
                    v[n++] = ((uint32_t)a >> (31 - k)) & 1u;
                break;
            case VEC_INT:
                bad = parse_hex(&q, f->width, 1, &a) < 0 || q != eol;
                v[n++] = a;
                break;
            case VEC_CINT:
                bad = parse_hex(&q, f->width, 1, &a) < 0 || *q != ' ' ||
                      parse_hex(&q, f->width, 1, &b) < 0 || q != eol;
                v[n++] = a;
                v[n++] = b;
                break;
            default: bad = 1;
            }
            if (bad)
                rc = lte_error_set(LTE_EFORMAT, "%s:%ld: malformed %s line '%.*s'", path, line,
                                   vec_kind_name(f->kind), (int)(eol - p < 40 ? eol - p : 40),
                                   p);
            p = eol + 1;
        }
        if (rc == 0 && line != expect_lines)
            rc = lte_error_set(LTE_EFORMAT, "%s: %ld lines, expected %ld (%ld %s)", path, line,
                               expect_lines, f->count,
                               f->kind == VEC_HEXBITS32 ? "bits" : "values");
    }
    free(text);
    if (rc < 0) {
        free(v);
        return rc;
    }
    *vals = v;
    *nvals = want;
    return 0;
}
