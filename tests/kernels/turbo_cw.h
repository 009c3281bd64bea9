/* Codewords for the fixed-point turbo decoder's tests (test_turbo_fx.c,
 * test_turbo_fx_half.c): random data with a CRC, turbo-encoded, sent as BPSK
 * over AWGN (or noiseless), quantised for both widths. Test-only helpers.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_TESTS_TURBO_CW_H
#define LTEPHY_TESTS_TURBO_CW_H

#include <math.h>

#include "ltephy/crc.h"
#include "ltephy/turbo.h"
#include "ltephy/turbo_fx.h"
#include "tests/common/testutil.h"

#define TCW_KMAX 6144

/* BPSK over AWGN at Eb/N0 ebn0 dB, rate K/(3K+12): float LLRs 2y/s2. */
static void channel(tu_rng *r, const uint8_t *d, int n, double ebn0, int K, float *llr)
{
    double R = (double)K / (3.0 * K + 12.0);
    double s2 = 1.0 / (2.0 * R * pow(10.0, ebn0 / 10.0));
    double s = sqrt(s2);
    for (int i = 0; i < n; i++) {
        double y = (d[i] ? -1.0 : 1.0) + s * tu_gauss(r);
        llr[i] = (float)(2.0 * y / s2);
    }
}

typedef struct cw {
    int K, F;
    uint16_t pi[TCW_KMAX];
    uint8_t c[TCW_KMAX], d[3][TCW_KMAX + 4];
    float llr[3][TCW_KMAX + 4];
    int16_t q16[3][TCW_KMAX + 4];
    int8_t q8[3][TCW_KMAX + 4];
} cw;

/* F leading bits outside the CRC (random, not 0), random data, its CRC over
 * c[F..K-1], encoded, sent at ebn0 (noiseless: +-4), quantised for both
 * widths (scales 4 and 256). */
static void make_cw_crc(tu_rng *r, cw *w, int K, int F, lte_crc_type crc, double ebn0,
                        int noiseless)
{
    w->K = K;
    w->F = F;
    assert_int_equal(lte_qpp_interleaver(K, w->pi), 0);
    tu_random_bits(r, w->c, K - 24);
    assert_int_equal(lte_crc_attach(crc, w->c + F, K - F - 24, w->c + F), 0);
    assert_int_equal(lte_turbo_encode(w->c, K, w->pi, w->d[0], w->d[1], w->d[2]), 0);
    for (int s = 0; s < 3; s++) {
        if (noiseless)
            for (int i = 0; i < K + 4; i++)
                w->llr[s][i] = w->d[s][i] ? -4.0f : 4.0f;
        else
            channel(r, w->d[s], K + 4, ebn0, K, w->llr[s]);
        assert_int_equal(lte_turbo_fx_quantize(w->llr[s], K + 4, 4.0f, 8, w->q8[s]), 0);
        assert_int_equal(lte_turbo_fx_quantize(w->llr[s], K + 4, 256.0f, 16, w->q16[s]), 0);
    }
}

/* The soft values of stream s for the decoder of this width. */
static const void *in_of(const cw *w, int width, int s)
{
    return width == 8 ? (const void *)w->q8[s] : (const void *)w->q16[s];
}

#endif
