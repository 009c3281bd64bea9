/* SIMD path selection: CPU feature detection and LTEPHY_SIMD.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int cpu_has_avx2(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
           __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("pclmul");
}

static int cpu_has_avx512(void)
{
    __builtin_cpu_init();
    return cpu_has_avx2() && __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("vpclmulqdq");
}

int lte_simd_available(lte_simd_path path)
{
    switch (path) {
    case LTE_SIMD_AUTO:
    case LTE_SIMD_SCALAR: return 1;
    case LTE_SIMD_AVX2: return cpu_has_avx2();
    case LTE_SIMD_AVX512: return cpu_has_avx512();
    default: return 0;
    }
}

const char *lte_simd_name(lte_simd_path path)
{
    switch (path) {
    case LTE_SIMD_AUTO: return "auto";
    case LTE_SIMD_SCALAR: return "scalar";
    case LTE_SIMD_AVX2: return "avx2";
    case LTE_SIMD_AVX512: return "avx512";
    default: return "invalid";
    }
}

int lte_simd_parse(const char *name, lte_simd_path *out)
{
    static const lte_simd_path all[] = {LTE_SIMD_AUTO, LTE_SIMD_SCALAR, LTE_SIMD_AVX2,
                                        LTE_SIMD_AVX512};
    LTE_CHECK_ARG(name && out, "NULL argument");
    for (size_t i = 0; i < LTE_ARRAY_LEN(all); i++)
        if (strcmp(name, lte_simd_name(all[i])) == 0) {
            *out = all[i];
            return 0;
        }
    return lte_error_set_fn(LTE_EINVAL, __func__,
                            "unknown SIMD path '%s' (expected scalar, avx2 or avx512)", name);
}

/* The default is computed once; afterwards it is read-only. */
static pthread_once_t default_once = PTHREAD_ONCE_INIT;
static lte_simd_path default_path = LTE_SIMD_SCALAR;
static int default_rc = 0;
static char default_msg[160];

static void default_init(void)
{
    const char *env = getenv("LTEPHY_SIMD");
    if (env && *env && strcmp(env, "auto") != 0) {
        lte_simd_path p;
        if (lte_simd_parse(env, &p) < 0) {
            default_rc = LTE_EINVAL;
            strncpy(default_msg, lte_errdetail(), sizeof default_msg - 1);
            return;
        }
        if (!lte_simd_available(p)) {
            default_rc = LTE_EUNSUPPORTED;
            strncpy(default_msg, "LTEPHY_SIMD requests a path this CPU does not support",
                    sizeof default_msg - 1);
            return;
        }
        default_path = p;
        return;
    }
    default_path = cpu_has_avx512() ? LTE_SIMD_AVX512
                   : cpu_has_avx2() ? LTE_SIMD_AVX2
                                    : LTE_SIMD_SCALAR;
}

lte_simd_path lte_simd_default(void)
{
    pthread_once(&default_once, default_init);
    return default_path;
}

int lte_simd_resolve(lte_simd_path request, lte_simd_path *out)
{
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    if (request == LTE_SIMD_AUTO) {
        pthread_once(&default_once, default_init);
        if (default_rc < 0)
            return lte_error_set(default_rc, "LTEPHY_SIMD=%s: %s", getenv("LTEPHY_SIMD"),
                                 default_msg);
        *out = default_path;
        return 0;
    }
    LTE_CHECK_ARG(request >= LTE_SIMD_SCALAR && request <= LTE_SIMD_AVX512,
                  "invalid SIMD path %d", (int)request);
    if (!lte_simd_available(request))
        return lte_error_set_fn(LTE_EUNSUPPORTED, __func__,
                                "SIMD path %s is not supported by this CPU",
                                lte_simd_name(request));
    *out = request;
    return 0;
}
