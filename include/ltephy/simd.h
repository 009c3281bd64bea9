/* ltephy: choice of SIMD path.
 *
 * Kernels have a scalar reference and, where it pays, AVX2 and AVX-512
 * variants compiled in separate files. The default path is chosen once, on
 * first use: LTEPHY_SIMD=scalar|avx2|avx512 if set, else the best the CPU
 * has. Asking for a path the CPU lacks is an error (LTE_EUNSUPPORTED), never
 * a silent fallback. Functions and objects that dispatch accept an explicit
 * lte_simd_path (LTE_SIMD_AUTO meaning the default) so tests and benchmarks
 * can run every path side by side in one process.
 *
 * AVX2 path requires: AVX2, FMA, BMI2, PCLMULQDQ.
 * AVX-512 path requires: AVX-512 F/BW/DQ/VL, VPCLMULQDQ, plus the AVX2 set.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_SIMD_H
#define LTEPHY_SIMD_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lte_simd_path {
    LTE_SIMD_AUTO = 0,
    LTE_SIMD_SCALAR = 1,
    LTE_SIMD_AVX2 = 2,
    LTE_SIMD_AVX512 = 3,
} lte_simd_path;

#define LTE_SIMD_NPATHS 4

/* 1 if this CPU (and OS) can run the path, else 0. AUTO and SCALAR: 1. */
int lte_simd_available(lte_simd_path path);

/* Resolve a request to a concrete path: AUTO means the default (LTEPHY_SIMD
 * or the best available). Returns 0 and sets *out, or LTE_EUNSUPPORTED /
 * LTE_EINVAL (bad LTEPHY_SIMD value) with a detail message. */
int lte_simd_resolve(lte_simd_path request, lte_simd_path *out);

/* The default path (resolving LTEPHY_SIMD once). If LTEPHY_SIMD is invalid or
 * unavailable this returns LTE_SIMD_SCALAR; call lte_simd_resolve() first
 * (the ltephy command does) to turn that into an error. */
lte_simd_path lte_simd_default(void);

/* "auto", "scalar", "avx2", "avx512". */
const char *lte_simd_name(lte_simd_path path);

/* Parse a name as above; returns 0 or LTE_EINVAL. */
int lte_simd_parse(const char *name, lte_simd_path *out);

#ifdef __cplusplus
}
#endif
#endif
