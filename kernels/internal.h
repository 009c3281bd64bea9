/* ltephy internal helpers shared by kernels/ and phy/. Not installed.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_INTERNAL_H
#define LTEPHY_INTERNAL_H

#include <stddef.h>

#include "ltephy/error.h"
#include "ltephy/simd.h"

/* Validate an argument: on failure set the detail "<function>: <message>"
 * and return the code from the enclosing function. */
#define LTE_CHECK(cond, code, ...)                                          \
    do {                                                                    \
        if (!(cond))                                                        \
            return lte_error_set_fn((code), __func__, __VA_ARGS__);         \
    } while (0)

#define LTE_CHECK_ARG(cond, ...) LTE_CHECK(cond, LTE_EINVAL, __VA_ARGS__)

int lte_error_set_fn(int code, const char *fn, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Resolve a path for dispatch inside the library: returns the concrete path,
 * or a negative error code (already carrying a detail message). */
static inline int lte_simd_pick(lte_simd_path request)
{
    lte_simd_path p;
    int rc = lte_simd_resolve(request, &p);
    return rc < 0 ? rc : (int)p;
}

#define LTE_ALIGN 64
void *lte_alloc(size_t bytes);   /* 64-byte aligned, zeroed; NULL on failure */
void lte_free(void *p);

#define LTE_MIN(a, b) ((a) < (b) ? (a) : (b))
#define LTE_MAX(a, b) ((a) > (b) ? (a) : (b))
#define LTE_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
