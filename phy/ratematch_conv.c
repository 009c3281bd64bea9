/* ltephy phy: rate matching for convolutionally coded transport channels and
 * control information, TS 36.212 §5.1.4.2.
 *
 * No tables are built: w is walked in order by nested loops over stream,
 * column and row, so any D works without allocation.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <stddef.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/control.h"

#define RM_COLS 32 /* C_subblock^CC, §5.1.4.2.1 */

/* Table 5.1.4-2: inter-column permutation pattern for the sub-block
 * interleaver of convolutionally coded streams. */
static const uint8_t RM_PERM[RM_COLS] = {
    1, 17, 9, 25, 5, 21, 13, 29, 3, 19, 11, 27, 7, 23, 15, 31,
    0, 16, 8, 24, 4, 20, 12, 28, 2, 18, 10, 26, 6, 22, 14, 30,
};

int lte_rm_conv_perm(int j)
{
    LTE_CHECK_ARG(j >= 0 && j < RM_COLS, "j=%d outside 0..31", j);
    return RM_PERM[j];
}

/* Geometry of the sub-block interleaver for D bits per stream. */
typedef struct rm_geom {
    int R;    /* rows, ceil(D/32) */
    int ND;   /* dummy (<NULL>) bits at the front, 32R - D */
    int Kpi;  /* bits per interleaved stream, 32R */
} rm_geom;

static rm_geom rm_geometry(int D)
{
    rm_geom g;
    g.R = (D + RM_COLS - 1) / RM_COLS;
    g.Kpi = g.R * RM_COLS;
    g.ND = g.Kpi - D;
    return g;
}

static int rm_check(int D, int E)
{
    LTE_CHECK_ARG(D >= 1 && D <= LTE_RM_CONV_DMAX, "D=%d outside 1..%d", D, LTE_RM_CONV_DMAX);
    LTE_CHECK_ARG(E >= 1 && E <= (1 << 24), "E=%d outside 1..%d", E, 1 << 24);
    return 0;
}

/* Bit selection, §5.1.4.2.3, walking w = v_0 | v_1 | v_2 (§5.1.4.2.2) in
 * order, circularly, without building it: v_i[m] is row (m mod R) of column
 * P(m div R) of the matrix y written row by row (§5.1.4.2.1), and
 * y[n] = <NULL> for n < N_D, else d_i[n - N_D]. The loop body (the last
 * macro argument) runs
 * once per selected bit with i (stream), x (index in d_i) and k (index in e). */
#define RM_WALK(D, E, ...)                                                        \
    do {                                                                           \
        rm_geom g_ = rm_geometry(D);                                               \
        int k = 0;                                                                 \
        while (k < (E)) {                                                          \
            for (int i = 0; i < 3; i++)                                            \
                for (int m_ = 0; m_ < RM_COLS; m_++)                               \
                    for (int n_ = RM_PERM[m_]; n_ < g_.Kpi; n_ += RM_COLS) {       \
                        if (n_ < g_.ND)                                            \
                            continue;                                              \
                        int x = n_ - g_.ND;                                        \
                        __VA_ARGS__;                                               \
                        if (++k == (E))                                            \
                            goto rm_done_;                                         \
                    }                                                              \
        }                                                                          \
    rm_done_:;                                                                     \
    } while (0)

int lte_ratematch_conv(const uint8_t *d0, const uint8_t *d1, const uint8_t *d2, int D, int E,
                       uint8_t *e)
{
    LTE_CHECK_ARG(d0 && d1 && d2 && e, "d0, d1, d2, e must not be NULL");
    int rc = rm_check(D, E);
    if (rc < 0)
        return rc;
    const uint8_t *d[3] = {d0, d1, d2};
    RM_WALK(D, E, e[k] = d[i][x] & 1);
    return 0;
}

int lte_ratematch_conv_inv(const float *e, int E, int D, float *l0, float *l1, float *l2)
{
    LTE_CHECK_ARG(e && l0 && l1 && l2, "e, l0, l1, l2 must not be NULL");
    int rc = rm_check(D, E);
    if (rc < 0)
        return rc;
    float *l[3] = {l0, l1, l2};
    for (int i = 0; i < 3; i++)
        memset(l[i], 0, (size_t)D * sizeof(float));
    RM_WALK(D, E, l[i][x] += e[k]);
    return 0;
}

static int8_t sat8(int32_t x)
{
    return (int8_t)(x > 127 ? 127 : x < -128 ? -128 : x);
}

int lte_ratematch_conv_inv_i8(const int8_t *e, int E, int D, int8_t *l0, int8_t *l1,
                              int8_t *l2)
{
    LTE_CHECK_ARG(e && l0 && l1 && l2, "e, l0, l1, l2 must not be NULL");
    int rc = rm_check(D, E);
    if (rc < 0)
        return rc;
    int8_t *l[3] = {l0, l1, l2};
    for (int i = 0; i < 3; i++)
        memset(l[i], 0, (size_t)D);
    /* w holds exactly 3D real bits, so the selected sequence repeats with
     * period 3D: e_k, e_{k+3D}, e_{k+6D}, ... all carry the same bit. One
     * walk over the first period sums each bit's copies exactly in 32 bits
     * (|sum| <= 128 * 2^24), then saturates once. */
    int period = 3 * D, first = LTE_MIN(E, period);
    RM_WALK(D, first, {
        int32_t sum = 0;
        for (int r = k; r < E; r += period)
            sum += e[r];
        l[i][x] = sat8(sum);
    });
    return 0;
}
