/* AVX-512 VBMI column-stored 32-column byte matrix read back by rows
 * (col8.h; the kernel is in kernels/col8_impl.h). Called only where the CPU
 * has VBMI (kernels/col8.c checks).
 * SPDX-License-Identifier: BSD-3-Clause */
#pragma GCC target("avx512vbmi")
#define COL8_VBMI 1
#include "kernels/col8_impl.h"

void lte_col8_gather_avx512_vbmi(const lte_col8_src *s, int n_rows, int8_t *dst, int n_dst)
{
    gather(s, n_rows, dst, n_dst);
}
