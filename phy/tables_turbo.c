/* ltephy phy: turbo code-block sizes and QPP interleaver parameters,
 * TS 36.212 §5.1.3.2.3 and Table 5.1.3-3.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <stddef.h>

#include "kernels/internal.h"
#include "ltephy/tables.h"

/* The K column of Table 5.1.3-3 is four arithmetic runs, so K is computed
 * from the row index instead of stored; only (f1, f2) are tabulated. */
typedef struct { int first_row, k0, step, rows; } k_run;

static const k_run k_runs[] = {
    {1, 40, 8, 60},     /* 40..512 */
    {61, 528, 16, 32},  /* 528..1024 */
    {93, 1056, 32, 32}, /* 1056..2048 */
    {125, 2112, 64, 64} /* 2112..6144 */
};

/* (f1, f2) of rows 1..188 of 36.212 Table 5.1.3-3, in row order. */
static const struct { unsigned short f1, f2; } qpp_f[LTE_TURBO_NUM_K] = {
    {3, 10}, {7, 12}, {19, 42}, {7, 16}, {7, 18}, {11, 20},
    {5, 22}, {11, 24}, {7, 26}, {41, 84}, {103, 90}, {15, 32},
    {9, 34}, {17, 108}, {9, 38}, {21, 120}, {101, 84}, {21, 44},
    {57, 46}, {23, 48}, {13, 50}, {27, 52}, {11, 36}, {27, 56},
    {85, 58}, {29, 60}, {33, 62}, {15, 32}, {17, 198}, {33, 68},
    {103, 210}, {19, 36}, {19, 74}, {37, 76}, {19, 78}, {21, 120},
    {21, 82}, {115, 84}, {193, 86}, {21, 44}, {133, 90}, {81, 46},
    {45, 94}, {23, 48}, {243, 98}, {151, 40}, {155, 102}, {25, 52},
    {51, 106}, {47, 72}, {91, 110}, {29, 168}, {29, 114}, {247, 58},
    {29, 118}, {89, 180}, {91, 122}, {157, 62}, {55, 84}, {31, 64},
    {17, 66}, {35, 68}, {227, 420}, {65, 96}, {19, 74}, {37, 76},
    {41, 234}, {39, 80}, {185, 82}, {43, 252}, {21, 86}, {155, 44},
    {79, 120}, {139, 92}, {23, 94}, {217, 48}, {25, 98}, {17, 80},
    {127, 102}, {25, 52}, {239, 106}, {17, 48}, {137, 110}, {215, 112},
    {29, 114}, {15, 58}, {147, 118}, {29, 60}, {59, 122}, {65, 124},
    {55, 84}, {31, 64}, {17, 66}, {171, 204}, {67, 140}, {35, 72},
    {19, 74}, {39, 76}, {19, 78}, {199, 240}, {21, 82}, {211, 252},
    {21, 86}, {43, 88}, {149, 60}, {45, 92}, {49, 846}, {71, 48},
    {13, 28}, {17, 80}, {25, 102}, {183, 104}, {55, 954}, {127, 96},
    {27, 110}, {29, 112}, {29, 114}, {57, 116}, {45, 354}, {31, 120},
    {59, 610}, {185, 124}, {113, 420}, {31, 64}, {17, 66}, {171, 136},
    {209, 420}, {253, 216}, {367, 444}, {265, 456}, {181, 468}, {39, 80},
    {27, 164}, {127, 504}, {143, 172}, {43, 88}, {29, 300}, {45, 92},
    {157, 188}, {47, 96}, {13, 28}, {111, 240}, {443, 204}, {51, 104},
    {51, 212}, {451, 192}, {257, 220}, {57, 336}, {313, 228}, {271, 232},
    {179, 236}, {331, 120}, {363, 244}, {375, 248}, {127, 168}, {31, 64},
    {33, 130}, {43, 264}, {33, 134}, {477, 408}, {35, 138}, {233, 280},
    {357, 142}, {337, 480}, {37, 146}, {71, 444}, {71, 120}, {37, 152},
    {39, 462}, {127, 234}, {39, 158}, {39, 80}, {31, 96}, {113, 902},
    {41, 166}, {251, 336}, {43, 170}, {21, 86}, {43, 174}, {45, 176},
    {45, 178}, {161, 120}, {89, 182}, {323, 184}, {47, 186}, {23, 94},
    {47, 190}, {263, 480},
};

int lte_turbo_k(int i)
{
    LTE_CHECK_ARG(i >= 1 && i <= LTE_TURBO_NUM_K,
                  "row index i=%d outside 1..%d", i, LTE_TURBO_NUM_K);
    for (size_t r = LTE_ARRAY_LEN(k_runs); r-- > 0;)
        if (i >= k_runs[r].first_row)
            return k_runs[r].k0 + k_runs[r].step * (i - k_runs[r].first_row);
    return LTE_EINVAL; /* unreachable: run 0 starts at row 1 */
}

int lte_turbo_k_index(int K)
{
    for (size_t r = 0; r < LTE_ARRAY_LEN(k_runs); r++) {
        const k_run *kr = &k_runs[r];
        int last = kr->k0 + kr->step * (kr->rows - 1);
        if (K >= kr->k0 && K <= last && (K - kr->k0) % kr->step == 0)
            return kr->first_row + (K - kr->k0) / kr->step;
    }
    return lte_error_set_fn(LTE_EINVAL, __func__,
                            "K=%d is not a code-block size of 36.212 Table 5.1.3-3", K);
}

int lte_qpp_params(int K, int *f1, int *f2)
{
    LTE_CHECK_ARG(f1 != NULL && f2 != NULL, "f1 and f2 must not be NULL");
    int i = lte_turbo_k_index(K);
    if (i < 0)
        return i;
    *f1 = qpp_f[i - 1].f1;
    *f2 = qpp_f[i - 1].f2;
    return 0;
}

/* 36.212 §5.1.3.2.3: Pi(i) = (f1*i + f2*i^2) mod K. Evaluated by first
 * differences, Pi(i+1) = Pi(i) + (f1 + f2*(2i+1)), whose increment grows by
 * 2*f2 each step; everything stays below 2K, so int never overflows. */
int lte_qpp_interleaver(int K, uint16_t *pi)
{
    LTE_CHECK_ARG(pi != NULL, "pi must not be NULL");
    int f1, f2;
    int rc = lte_qpp_params(K, &f1, &f2);
    if (rc < 0)
        return rc;
    int p = 0;
    int d = (f1 + f2) % K;  /* Pi(1) - Pi(0) */
    int dd = (2 * f2) % K;  /* growth of the increment */
    for (int i = 0; i < K; i++) {
        pi[i] = (uint16_t)p;
        p += d;
        if (p >= K)
            p -= K;
        d += dd;
        if (d >= K)
            d -= K;
    }
    return 0;
}
