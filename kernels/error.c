/* Error codes and the thread-local detail message.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static _Thread_local char detail[512];

const char *lte_strerror(int code)
{
    switch (code) {
    case LTE_OK: return "success";
    case LTE_EINVAL: return "invalid argument";
    case LTE_ENOMEM: return "out of memory";
    case LTE_EUNSUPPORTED: return "not supported";
    case LTE_EIO: return "input/output error";
    case LTE_EFORMAT: return "malformed input";
    case LTE_ECRC: return "CRC check failed";
    case LTE_ENOTFOUND: return "not found";
    case LTE_EMISMATCH: return "mismatch";
    default: return "unknown error";
    }
}

const char *lte_errdetail(void) { return detail; }

void lte_error_clear(void) { detail[0] = '\0'; }

int lte_error_set(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    return code;
}

int lte_error_set_fn(int code, const char *fn, const char *fmt, ...)
{
    int n = snprintf(detail, sizeof detail, "%s: ", fn);
    if (n < 0 || (size_t)n >= sizeof detail)
        n = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail + n, sizeof detail - (size_t)n, fmt, ap);
    va_end(ap);
    return code;
}

void *lte_alloc(size_t bytes)
{
    void *p = NULL;
    size_t n = (bytes + LTE_ALIGN - 1) / LTE_ALIGN * LTE_ALIGN;
    if (n == 0)
        n = LTE_ALIGN;
    if (posix_memalign(&p, LTE_ALIGN, n) != 0)
        return NULL;
    memset(p, 0, n);
    return p;
}

void lte_free(void *p) { free(p); }
