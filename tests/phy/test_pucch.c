/* Tests of PUCCH formats 1/1a/1b/2 (36.211 §5.4, §5.5.2.2) and the (20, A)
 * code (36.212 §5.2.3.3): n_cs^cell against a bit-serial Gold model, the
 * resource mapping by its purpose (every resource of a PRB gets its own
 * (cyclic shift, orthogonal cover) pair, in both slots), exact orthogonality
 * of two UEs in one PRB, noiseless ACK/NACK round trips for every resource
 * index in a range, and the code's rank, minimum distance and round trips.
 * Format 3 DTX detection: the metric against its closed form without noise,
 * its noise-only distribution (Gamma for a fixed message, the union bound
 * for the decoded one) at the thresholds for 1 %, the thresholds against
 * the Gamma tail, 1 to 8 RX on AWGN, and the refused arguments.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/channel.h"
#include "ltephy/error.h"
#include "ltephy/pucch.h"
#include "ltephy/rng.h"
#include "ltephy/ulrs.h"
#include "ltephy/ulsch.h"
#include "tests/common/testutil.h"

#define LTE_TEST_MIN(a, b) ((a) < (b) ? (a) : (b))

static void gold_model(uint32_t c_init, int n, uint8_t *c)
{
    int len = 1600 + n + 31;
    uint8_t *x1 = calloc((size_t)len, 1), *x2 = calloc((size_t)len, 1);
    assert_non_null(x1);
    assert_non_null(x2);
    x1[0] = 1;
    for (int i = 0; i < 31; i++)
        x2[i] = (uint8_t)((c_init >> i) & 1u);
    for (int i = 0; i + 31 < len; i++) {
        x1[i + 31] = (uint8_t)(x1[i + 3] ^ x1[i]);
        x2[i + 31] = (uint8_t)(x2[i + 3] ^ x2[i + 2] ^ x2[i + 1] ^ x2[i]);
    }
    for (int i = 0; i < n; i++)
        c[i] = (uint8_t)(x1[i + 1600] ^ x2[i + 1600]);
    free(x1);
    free(x2);
}

static lte_pucch_cfg base_cfg(lte_cp cp)
{
    lte_pucch_cfg c = {.cell_id = 101, .cp = cp, .group_hopping = 1, .delta_shift = 2,
                       .n_cs1 = 4, .n_rb2 = 2, .n_rb_ul = 25, .shortened = 0, .rnti = 1234};
    return c;
}

static void test_ncs_cell(void **state)
{
    (void)state;
    uint8_t c[1120];
    static const int cells[] = {0, 1, 101, 503};
    for (int ci = 0; ci < 4; ci++)
        for (int cp = 0; cp < 2; cp++) {
            int nsymb = cp ? 6 : 7;
            gold_model((uint32_t)cells[ci], 8 * nsymb * 20, c);
            for (int ns = 0; ns < 20; ns++)
                for (int l = 0; l < nsymb; l++) {
                    int s = 0;
                    for (int i = 0; i < 8; i++)
                        s += c[8 * nsymb * ns + 8 * l + i] << i;
                    assert_int_equal(lte_pucch_ncs_cell(cells[ci], (lte_cp)cp, ns, l), s);
                }
        }
}

/* In every PRB used by formats 1, in each slot, the resources take distinct
 * (cyclic shift offset, n_oc) pairs; a PRB holds c 12 / Delta_shift of them
 * (N_cs^(1) / Delta_shift c in the mixed PRB); in the mixed PRB format 1
 * uses offsets below N_cs^(1) and format 2 the offsets above N_cs^(1) (one
 * shift of guard). */
static void test_resource_orthogonality(void **state)
{
    (void)state;
    for (int cp = 0; cp < 2; cp++)
        for (int ds = 1; ds <= 3; ds++)
            for (int ncs1 = 0; ncs1 <= 7; ncs1 += ds) {
                lte_pucch_cfg cfg = base_cfg((lte_cp)cp);
                cfg.delta_shift = ds;
                cfg.n_cs1 = ncs1;
                int c = cp ? 2 : 3, per_prb = c * 12 / ds;
                int nres = c * ncs1 / ds + 3 * per_prb;
                for (int ns = 4; ns < 6; ns++) {
                    int used[64][12][3];
                    int count[64];
                    memset(used, 0, sizeof used);
                    memset(count, 0, sizeof count);
                    for (int n = 0; n < nres; n++) {
                        lte_pucch_res r;
                        assert_int_equal(lte_pucch_resource(&cfg, LTE_PUCCH_F1A, n, ns, &r), 0);
                        int cell = lte_pucch_ncs_cell(cfg.cell_id, cfg.cp, ns, 0);
                        int off = ((r.n_cs[0] - cell) % 12 + 12) % 12;
                        int oc = cp ? r.n_oc / 2 : r.n_oc;
                        assert_true(oc >= 0 && oc < c);
                        assert_int_equal(used[r.m][off][oc], 0);
                        used[r.m][off][oc] = 1;
                        count[r.m]++;
                        if (r.m == cfg.n_rb2 && ncs1 > 0 && n < c * ncs1 / ds)
                            assert_true(off < ncs1);
                        /* every symbol has the same offset from its n_cs^cell */
                        for (int l = 1; l < (cp ? 6 : 7); l++) {
                            int cl = lte_pucch_ncs_cell(cfg.cell_id, cfg.cp, ns, l);
                            assert_int_equal(((r.n_cs[l] - cl) % 12 + 12) % 12, off);
                        }
                    }
                    if (ncs1 > 0)
                        assert_int_equal(count[cfg.n_rb2], c * ncs1 / ds);
                    int first = cfg.n_rb2 + (ncs1 > 0);
                    for (int m = first; m < first + 3; m++)
                        assert_int_equal(count[m], per_prb);
                    if (ncs1 > 0 && cp == 0) {
                        /* format 2 resources of the mixed PRB, n2 = 12 N_RB^(2) + j,
                         * j <= 10 - N_cs^(1) (36.213 §10.1): distinct shifts, none
                         * of them among format 1's [0, N_cs^(1)) */
                        int seen2 = 0;
                        for (int j = 0; j <= 10 - ncs1; j++) {
                            lte_pucch_res r;
                            int n2 = 12 * cfg.n_rb2 + j;
                            assert_int_equal(lte_pucch_resource(&cfg, LTE_PUCCH_F2, n2, ns, &r), 0);
                            int cell = lte_pucch_ncs_cell(cfg.cell_id, cfg.cp, ns, 0);
                            int off = ((r.n_cs[0] - cell) % 12 + 12) % 12;
                            assert_int_equal(r.m, cfg.n_rb2);
                            assert_true(off >= ncs1);
                            assert_int_equal(seen2 >> off & 1, 0);
                            seen2 |= 1 << off;
                        }
                    }
                }
            }
}

/* PRB of each slot: m-th from the band edges, alternating (§5.4.3). */
static void test_prb_hopping(void **state)
{
    (void)state;
    lte_pucch_cfg cfg = base_cfg(LTE_CP_NORMAL);
    for (int n2 = 0; n2 < 12 * 6; n2++)
        for (int ns = 0; ns < 2; ns++) {
            lte_pucch_res r;
            assert_int_equal(lte_pucch_resource(&cfg, LTE_PUCCH_F2, n2, ns, &r), 0);
            int m = n2 / 12;
            int lower = (m % 2 == 0) == (ns == 0);
            assert_int_equal(r.prb, lower ? m / 2 : 24 - m / 2);
        }
}

static double complex inner(const float complex *a, const float complex *b, int n)
{
    double complex s = 0;
    for (int i = 0; i < n; i++)
        s += a[i] * conj(b[i]);
    return s;
}

/* Two resources in one PRB: data parts and DMRS parts are orthogonal, slot by
 * slot; superposed, each UE's bits come back. */
static void test_two_ue_orthogonality(void **state)
{
    (void)state;
    for (int cp = 0; cp < 2; cp++) {
        lte_pucch_cfg cfg = base_cfg((lte_cp)cp);
        cfg.n_cs1 = 0;
        int nsym = cp ? 12 : 14, per_prb = (cp ? 2 : 3) * 12 / cfg.delta_shift;
        float complex a[168], b[168], sum[168];
        int pa[2], pb[2];
        for (int na = 0; na < per_prb; na++)
            for (int nb = 0; nb < per_prb; nb++) {
                if (na == nb)
                    continue;
                uint8_t ba[2] = {1, 0}, bb[2] = {0, 1}, da[2], db[2];
                assert_int_equal(lte_pucch_encode(&cfg, LTE_PUCCH_F1B, na, 3, ba, a, pa), 0);
                assert_int_equal(lte_pucch_encode(&cfg, LTE_PUCCH_F1B, nb, 3, bb, b, pb), 0);
                assert_memory_equal(pa, pb, sizeof pa);
                int half = nsym / 2 * 12;
                for (int s = 0; s < 2; s++)
                    for (int part = 0; part < 2; part++) {
                        /* data symbols or DMRS symbols of the slot */
                        double complex acc = 0;
                        for (int l = 0; l < nsym / 2; l++) {
                            int dmrs = cp ? (l == 2 || l == 3) : (l >= 2 && l <= 4);
                            if (dmrs != part)
                                continue;
                            acc += inner(a + s * half + l * 12, b + s * half + l * 12, 12);
                        }
                        assert_true(cabs(acc) < 1e-4);
                    }
                for (int i = 0; i < nsym * 12; i++)
                    sum[i] = a[i] * (0.8f + 0.3f * I) + b[i] * (-0.5f + 1.1f * I);
                assert_int_equal(lte_pucch1_detect(&cfg, LTE_PUCCH_F1B, na, 3, sum, da, NULL), 0);
                assert_int_equal(lte_pucch1_detect(&cfg, LTE_PUCCH_F1B, nb, 3, sum, db, NULL), 0);
                assert_memory_equal(da, ba, 2);
                assert_memory_equal(db, bb, 2);
            }
    }
}

/* Noiseless round trip of every ACK/NACK value for every resource index in
 * a range, every subframe, both CPs, shortened or not, through a channel
 * gain that differs per slot; d(0) equals Table 5.4.1-1's point. */
static void test_f1_round_trip(void **state)
{
    (void)state;
    static const float complex pts1b[4] = {1, -I, I, -1};
    float complex sym[168];
    int prb[2];
    for (int cp = 0; cp < 2; cp++)
        for (int sh = 0; sh < 2; sh++) {
            lte_pucch_cfg cfg = base_cfg((lte_cp)cp);
            cfg.shortened = sh;
            int nsym = cp ? 12 : 14;
            for (int n = 0; n < 60; n++)
                for (int sf = 0; sf < 10; sf += 3)
                    for (int v = 0; v < 4; v++) {
                        lte_pucch_format f = v < 2 ? LTE_PUCCH_F1A : LTE_PUCCH_F1B;
                        uint8_t bits[2] = {(uint8_t)(v < 2 ? v : (v - 2) >> 1),
                                           (uint8_t)((v - 2) & 1)};
                        if (f == LTE_PUCCH_F1B)
                            bits[0] = (uint8_t)(v >> 1), bits[1] = (uint8_t)(v & 1);
                        assert_int_equal(lte_pucch_encode(&cfg, f, n, sf, bits, sym, prb), 0);
                        if (sh)
                            for (int k = 0; k < 12; k++)
                                assert_true(sym[(nsym - 1) * 12 + k] == 0);
                        for (int i = 0; i < nsym * 12; i++)
                            sym[i] *= i < nsym * 6 ? 0.7f * cexpf(I * 0.4f) : 1.3f * cexpf(-I * 2.0f);
                        uint8_t out[2];
                        float complex d0;
                        assert_int_equal(lte_pucch1_detect(&cfg, f, n, sf, sym, out, &d0), 0);
                        float complex want = f == LTE_PUCCH_F1A ? (bits[0] ? -1 : 1)
                                                                : pts1b[2 * bits[0] + bits[1]];
                        assert_true(cabsf(d0 - want) < 1e-4);
                        assert_int_equal(out[0], bits[0]);
                        if (f == LTE_PUCCH_F1B)
                            assert_int_equal(out[1], bits[1]);
                    }
        }
}

/* Format 1a detector in noise, unit channel, noise N0 per RE: with slot
 * channel estimates h_s = 1 + e_s (var e_s = N0/36, 36 DMRS REs a slot), to
 * first order d0_hat - d0 = (mean data noise) - d0 (e_0 + e_1)/2, so its
 * variance is N0 (1/96 + 1/72): 96 data REs, 72 DMRS REs. */
static void test_f1_noise_variance(void **state)
{
    (void)state;
    lte_pucch_cfg cfg = base_cfg(LTE_CP_NORMAL);
    tu_rng r;
    tu_rng_seed(&r, 23);
    float complex sym[168], clean[168];
    int prb[2];
    uint8_t bit = 0, out;
    double n0 = 0.25, acc = 0, bias_re = 0;
    int trials = 4000;
    assert_int_equal(lte_pucch_encode(&cfg, LTE_PUCCH_F1A, 30, 6, &bit, clean, prb), 0);
    for (int t = 0; t < trials; t++) {
        for (int i = 0; i < 168; i++)
            sym[i] = clean[i] + (float)sqrt(n0 / 2) * ((float)tu_gauss(&r) + I * (float)tu_gauss(&r));
        float complex d0;
        assert_int_equal(lte_pucch1_detect(&cfg, LTE_PUCCH_F1A, 30, 6, sym, &out, &d0), 0);
        acc += cabs(d0 - 1) * cabs(d0 - 1);
        bias_re += creal(d0) - 1;
    }
    double var = acc / trials, want = n0 * (1.0 / 96 + 1.0 / 72);
    print_message("var(d0_hat) = %.5f, first-order model %.5f\n", var, want);
    assert_true(fabs(var / want - 1) < 0.1);
    assert_true(fabs(bias_re / trials) < 0.01);
}

/* Column words of the code from unit messages. */
static void rm_columns(uint32_t col[13])
{
    for (int n = 0; n < 13; n++) {
        uint8_t a[13] = {0}, b[20];
        a[n] = 1;
        assert_int_equal(lte_rm20_encode(a, 13, b), 0);
        col[n] = 0;
        for (int i = 0; i < 20; i++)
            col[n] |= (uint32_t)b[i] << i;
    }
}

/* Rank 13 over GF(2) (Gaussian elimination), linearity, and the minimum
 * distance of each (20, A) code by exhaustion: non-increasing in A, 20 for
 * A = 1 (the all-ones column), at least 6 for A <= 10 and at least 4 up to
 * A = 13 (so hard decisions always correct one error). */
static void test_rm_structure(void **state)
{
    (void)state;
    uint32_t col[13], m[13];
    rm_columns(col);
    memcpy(m, col, sizeof m);
    int rank = 0;
    for (int bit = 0; bit < 20 && rank < 13; bit++) {
        int piv = -1;
        for (int r = rank; r < 13; r++)
            if (m[r] >> bit & 1)
                piv = r;
        if (piv < 0)
            continue;
        uint32_t t = m[piv];
        m[piv] = m[rank];
        m[rank] = t;
        for (int r = 0; r < 13; r++)
            if (r != rank && (m[r] >> bit & 1))
                m[r] ^= m[rank];
        rank++;
    }
    assert_int_equal(rank, 13);
    assert_int_equal(col[0], 0xfffffu);
    int prev = 21;
    for (int A = 1; A <= 13; A++) {
        int dmin = 20;
        for (uint32_t x = 1; x < (1u << A); x++) {
            uint32_t cw = 0;
            for (int n = 0; n < A; n++)
                if (x >> n & 1)
                    cw ^= col[n];
            dmin = LTE_TEST_MIN(dmin, __builtin_popcount(cw));
        }
        print_message("(20,%d): d_min = %d\n", A, dmin);
        assert_true(dmin <= prev);
        assert_true(dmin >= (A <= 10 ? 6 : 4));
        if (A == 1)
            assert_int_equal(dmin, 20);
        prev = dmin;
    }
}

/* Every message for A <= 10, 500 random ones for A = 11..13: noiseless ML round
 * trip; and with every single bit flipped (hard LLRs), the ML decoder still
 * returns the message (d_min >= 4 > 2). */
static void test_rm_round_trip(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 5);
    for (int A = 1; A <= 13; A++) {
        int total = A <= 10 ? 1 << A : 500;
        for (int t = 0; t < total; t++) {
            uint32_t x = A <= 10 ? (uint32_t)t : tu_rand(&r) & ((1u << A) - 1);
            uint8_t a[13], b[20], out[13];
            for (int n = 0; n < A; n++)
                a[n] = (uint8_t)(x >> n & 1);
            assert_int_equal(lte_rm20_encode(a, A, b), 0);
            float llr[20];
            for (int i = 0; i < 20; i++)
                llr[i] = b[i] ? -1.0f : 1.0f;
            assert_int_equal(lte_rm20_decode(llr, A, out), 0);
            assert_memory_equal(out, a, (size_t)A);
            int flip = t % 20;
            llr[flip] = -llr[flip];
            assert_int_equal(lte_rm20_decode(llr, A, out), 0);
            assert_memory_equal(out, a, (size_t)A);
        }
    }
}

/* Format 2: encode A bits with the code, build the PUCCH, add a per-slot
 * channel and noise, decode. Noiseless: always right; at 10 dB per RE: right. */
static void test_f2_round_trip(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 17);
    float complex sym[168];
    int prb[2];
    for (int cp = 0; cp < 2; cp++) {
        lte_pucch_cfg cfg = base_cfg((lte_cp)cp);
        int nsym = cp ? 12 : 14;
        for (int t = 0; t < 200; t++) {
            int A = 1 + t % 13, n2 = (int)(tu_rand(&r) % 36), sf = t % 10;
            uint8_t a[13], b[20], out[13];
            tu_random_bits(&r, a, A);
            lte_rm20_encode(a, A, b);
            assert_int_equal(lte_pucch_encode(&cfg, LTE_PUCCH_F2, n2, sf, b, sym, prb), 0);
            double n0 = t < 100 ? 0 : 0.1;
            for (int i = 0; i < nsym * 12; i++) {
                sym[i] *= i < nsym * 6 ? cexpf(I * 1.0f) : 0.8f * cexpf(I * 2.5f);
                if (n0 > 0)
                    sym[i] += (float)sqrt(n0 / 2) * ((float)tu_gauss(&r) + I * (float)tu_gauss(&r));
            }
            assert_int_equal(lte_pucch2_decode(&cfg, LTE_PUCCH_F2, n2, sf, sym, n0 > 0 ? (float)n0 : 1e-3f, A, out, NULL), 0);
            assert_memory_equal(out, a, (size_t)A);
        }
    }
}

/* Formats 2a/2b: CQI bits and every HARQ-ACK value come back through a
 * per-slot channel, noiseless and with noise 0.05 per RE. */
static void test_f2ab_round_trip(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 31);
    lte_pucch_cfg cfg = base_cfg(LTE_CP_NORMAL);
    float complex sym[168];
    int prb[2];
    for (int t = 0; t < 160; t++) {
        lte_pucch_format f = t % 2 ? LTE_PUCCH_F2B : LTE_PUCCH_F2A;
        int nack = f == LTE_PUCCH_F2A ? 1 : 2, A = 1 + t % 11, n2 = t % 30, sf = t % 10;
        uint8_t a[13], bits[22], out[13], ack[2];
        tu_random_bits(&r, a, A);
        lte_rm20_encode(a, A, bits);
        bits[20] = (uint8_t)((t >> 1) & 1);
        bits[21] = (uint8_t)((t >> 2) & 1);
        assert_int_equal(lte_pucch_encode(&cfg, f, n2, sf, bits, sym, prb), 0);
        double n0 = t < 80 ? 0 : 0.05;
        for (int i = 0; i < 168; i++) {
            sym[i] *= i < 84 ? 1.1f * cexpf(I * 0.3f) : 0.9f * cexpf(-I * 1.7f);
            if (n0 > 0)
                sym[i] += (float)sqrt(n0 / 2) * ((float)tu_gauss(&r) + I * (float)tu_gauss(&r));
        }
        assert_int_equal(lte_pucch2_decode(&cfg, f, n2, sf, sym, n0 > 0 ? (float)n0 : 1e-3f, A,
                                           out, ack), 0);
        assert_memory_equal(out, a, (size_t)A);
        assert_memory_equal(ack, bits + 20, (size_t)nack);
    }
}

/* Format 2/2b over several antennas: with one antenna lte_pucch2_decode_rx
 * is lte_pucch2_decode bit for bit; with two antennas whose channels fade in
 * opposite slots (antenna 0 strong in slot 0, antenna 1 in slot 1), at an
 * SNR where each antenna alone fails often, maximum-ratio combining decodes
 * nearly everything, and the ack of 2b comes from both antennas' DMRS. */
static void test_f2_multi_antenna(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 33);
    lte_pucch_cfg cfg = base_cfg(LTE_CP_NORMAL);
    float complex sym[168], ant[2][168];
    int prb[2], fail1 = 0, fail2 = 0;
    const int N = 200, A = 11;
    const double n0 = 1.0;
    for (int t = 0; t < N; t++) {
        lte_pucch_format f = t % 2 ? LTE_PUCCH_F2B : LTE_PUCCH_F2;
        uint8_t a[13], bits[22], out[13], out1[13], ack[2], ack1[2];
        tu_random_bits(&r, a, A);
        lte_rm20_encode(a, A, bits);
        bits[20] = (uint8_t)((t >> 1) & 1);
        bits[21] = (uint8_t)((t >> 2) & 1);
        assert_int_equal(lte_pucch_encode(&cfg, f, t % 20, t % 10, bits, sym, prb), 0);
        for (int k = 0; k < 2; k++)
            for (int i = 0; i < 168; i++) {
                int strong = (i < 84) == (k == 0);
                ant[k][i] = sym[i] * (strong ? 1.0f : 0.15f) * cexpf(I * (0.7f * (float)k + 0.2f)) +
                            (float)sqrt(n0 / 2) * ((float)tu_gauss(&r) + I * (float)tu_gauss(&r));
            }
        const float complex *rx[2] = {ant[0], ant[1]};
        assert_int_equal(lte_pucch2_decode_rx(&cfg, f, t % 20, t % 10, rx, 1, (float)n0, A, out1,
                                              ack1), 0);
        assert_int_equal(lte_pucch2_decode(&cfg, f, t % 20, t % 10, ant[0], (float)n0, A, out, ack),
                         0);
        assert_memory_equal(out, out1, (size_t)A);
        if (f == LTE_PUCCH_F2B)
            assert_memory_equal(ack, ack1, 2);
        fail1 += memcmp(out, a, (size_t)A) != 0;
        assert_int_equal(lte_pucch2_decode_rx(&cfg, f, t % 20, t % 10, rx, 2, (float)n0, A, out,
                                              ack), 0);
        fail2 += memcmp(out, a, (size_t)A) != 0 ||
                 (f == LTE_PUCCH_F2B && memcmp(ack, bits + 20, 2) != 0);
    }
    print_message("format 2 at SNR 0 dB, one strong slot per antenna: %d of %d blocks fail with "
                  "antenna 0 alone, %d with both\n", fail1, N, fail2);
    assert_true(fail1 >= N / 10);
    assert_true(fail2 <= N / 50);
    const float complex *bad[2] = {ant[0], NULL};
    uint8_t out[13];
    assert_int_equal(lte_pucch2_decode_rx(&cfg, LTE_PUCCH_F2, 0, 0, bad, 2, 1.0f, A, out, NULL),
                     LTE_EINVAL);
    assert_int_equal(lte_pucch2_decode_rx(&cfg, LTE_PUCCH_F2, 0, 0, bad, 0, 1.0f, A, out, NULL),
                     LTE_EINVAL);
}

/* Format 2a/2b: the second DMRS symbol of each slot carries d(10). */
static void test_f2ab_dmrs(void **state)
{
    (void)state;
    lte_pucch_cfg cfg = base_cfg(LTE_CP_NORMAL);
    float complex s2[168], s2b[168];
    int prb[2];
    uint8_t bits[22] = {0};
    bits[5] = 1;
    assert_int_equal(lte_pucch_encode(&cfg, LTE_PUCCH_F2, 7, 2, bits, s2, prb), 0);
    bits[20] = 0;
    bits[21] = 1; /* 01 -> -j */
    assert_int_equal(lte_pucch_encode(&cfg, LTE_PUCCH_F2B, 7, 2, bits, s2b, prb), 0);
    for (int l = 0; l < 14; l++)
        for (int n = 0; n < 12; n++) {
            float complex want = (l % 7 == 5) ? -I * s2[l * 12 + n] : s2[l * 12 + n];
            assert_true(cabsf(s2b[l * 12 + n] - want) < 1e-6);
        }
}

static void test_map_extract(void **state)
{
    (void)state;
    lte_pucch_cfg cfg = base_cfg(LTE_CP_NORMAL);
    float complex sym[168], back[168];
    float complex *grid = calloc(14 * 300, sizeof *grid);
    assert_non_null(grid);
    int prb[2];
    uint8_t bit = 1;
    assert_int_equal(lte_pucch_encode(&cfg, LTE_PUCCH_F1A, 40, 1, &bit, sym, prb), 0);
    assert_int_equal(lte_pucch_map(&cfg, sym, prb, 2.0f, grid), 0);
    assert_int_equal(lte_pucch_extract(&cfg, grid, prb, back), 0);
    for (int i = 0; i < 168; i++)
        assert_true(cabsf(back[i] - 2.0f * sym[i]) < 1e-6);
    int nonzero = 0;
    for (int i = 0; i < 14 * 300; i++)
        nonzero += grid[i] != 0;
    assert_int_equal(nonzero, 168);
    free(grid);
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_pucch_cfg cfg = base_cfg(LTE_CP_NORMAL);
    lte_pucch_res r;
    float complex sym[168];
    int prb[2];
    uint8_t bits[22] = {0};
    float llr[20] = {0};
    assert_int_equal(lte_pucch_ncs_cell(504, LTE_CP_NORMAL, 0, 0), LTE_EINVAL);
    assert_int_equal(lte_pucch_ncs_cell(0, LTE_CP_EXTENDED, 0, 6), LTE_EINVAL);
    assert_int_equal(lte_pucch_resource(NULL, LTE_PUCCH_F1, 0, 0, &r), LTE_EINVAL);
    assert_int_equal(lte_pucch_resource(&cfg, LTE_PUCCH_F1, 0, 20, &r), LTE_EINVAL);
    assert_int_equal(lte_pucch_resource(&cfg, LTE_PUCCH_F1, -1, 0, &r), LTE_EINVAL);
    assert_int_equal(lte_pucch_resource(&cfg, LTE_PUCCH_F2, 12 * 60, 0, &r), LTE_EINVAL);
    cfg.n_cs1 = 3; /* not a multiple of delta_shift 2 */
    assert_int_equal(lte_pucch_encode(&cfg, LTE_PUCCH_F1, 0, 0, bits, sym, prb), LTE_EINVAL);
    cfg = base_cfg(LTE_CP_EXTENDED);
    assert_int_equal(lte_pucch_encode(&cfg, LTE_PUCCH_F2A, 0, 0, bits, sym, prb), LTE_EINVAL);
    cfg = base_cfg(LTE_CP_NORMAL);
    assert_int_equal(lte_pucch_encode(&cfg, (lte_pucch_format)6, 0, 0, bits, sym, prb), LTE_EINVAL);
    assert_int_equal(lte_pucch_encode(&cfg, LTE_PUCCH_F1A, 0, 10, bits, sym, prb), LTE_EINVAL);
    assert_int_equal(lte_pucch_encode(&cfg, LTE_PUCCH_F1A, 0, 0, NULL, sym, prb), LTE_EINVAL);
    assert_int_equal(lte_pucch1_detect(&cfg, LTE_PUCCH_F2, 0, 0, sym, bits, NULL), LTE_EINVAL);
    assert_int_equal(lte_pucch2_decode(&cfg, LTE_PUCCH_F2, 0, 0, sym, 0.0f, 5, bits, NULL), LTE_EINVAL);
    assert_int_equal(lte_pucch2_decode(&cfg, LTE_PUCCH_F2A, 0, 0, sym, 1.0f, 5, bits, NULL), LTE_EINVAL);
    assert_int_equal(lte_pucch2_decode(&cfg, LTE_PUCCH_F1A, 0, 0, sym, 1.0f, 5, bits, bits), LTE_EINVAL);
    assert_int_equal(lte_pucch2_decode(&cfg, LTE_PUCCH_F2, 0, 0, sym, 1.0f, 14, bits, NULL), LTE_EINVAL);
    assert_int_equal(lte_rm20_encode(bits, 0, bits), LTE_EINVAL);
    assert_int_equal(lte_rm20_decode(llr, 14, bits), LTE_EINVAL);
    prb[0] = 25;
    prb[1] = 0;
    assert_int_equal(lte_pucch_map(&cfg, sym, prb, 1.0f, sym), LTE_EINVAL);
}

/* ---- format 3 --------------------------------------------------------------- */

/* 36.212 §5.2.3.1 written out again over lte_uci_rm32_encode (the (32, O)
 * code, tested on its own in test_ulsch). */
static void model_f3_code(const uint8_t *o, int O, uint8_t *b)
{
    uint8_t t1[32], t2[32];
    if (O <= 11) {
        assert_int_equal(lte_uci_rm32_encode(o, O, t1), 0);
        for (int i = 0; i < 48; i++)
            b[i] = t1[i % 32];
        return;
    }
    int oa = (O + 1) / 2;
    assert_int_equal(lte_uci_rm32_encode(o, oa, t1), 0);
    assert_int_equal(lte_uci_rm32_encode(o + oa, O - oa, t2), 0);
    int i = 0, j = 0;
    while (i < 48) {
        b[i] = t1[j];
        b[i + 1] = t1[j + 1];
        b[i + 2] = t2[j];
        b[i + 3] = t2[j + 1];
        i += 4;
        j += 2;
    }
}

static void test_f3_code(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 33);
    for (int O = 1; O <= 22; O++)
        for (int t = 0; t < 40; t++) {
            uint8_t o[22], b[48], bm[48], back[22];
            tu_random_bits(&r, o, O);
            assert_int_equal(lte_pucch3_code(o, O, b), 0);
            model_f3_code(o, O, bm);
            assert_memory_equal(b, bm, 48);
            /* noiseless ML decoding returns the message */
            float llr[48];
            for (int i = 0; i < 48; i++)
                llr[i] = b[i] ? -1.0f : 1.0f;
            assert_int_equal(lte_pucch3_code_decode(llr, O, back), 0);
            assert_memory_equal(back, o, (size_t)O);
        }
}

/* Minimum distance by brute force over all message pairs' differences
 * (linear code: the lightest non-zero codeword). The 48-bit single code
 * contains the (32, O) codeword, so its distance is at least that code's:
 * 32 (O = 1), 16 (2..6), 12 (7..10), 10 (11) (the design values of the
 * (32, O) code, ulsch.h); each half of the dual code is the (32, O/2) code
 * cut to 24 bits, and the distance of the whole is that of the weaker half. */
static void test_f3_min_distance(void **state)
{
    (void)state;
    static const int d32[12] = {0, 32, 16, 16, 16, 16, 16, 12, 12, 12, 12, 10};
    uint8_t o[22], b[48];
    for (int O = 1; O <= 16; O++) {
        int dmin = 48;
        int nmsg = O <= 11 ? (1 << O) : 0;
        if (O > 11) { /* messages with one half zero suffice for the min */
            int oa = (O + 1) / 2;
            for (int half = 0; half < 2; half++) {
                int nb = half ? O - oa : oa, off = half ? oa : 0;
                for (int m = 1; m < (1 << nb); m++) {
                    memset(o, 0, sizeof o);
                    for (int i = 0; i < nb; i++)
                        o[off + i] = (uint8_t)(m >> i & 1);
                    lte_pucch3_code(o, O, b);
                    int w = 0;
                    for (int i = 0; i < 48; i++)
                        w += b[i];
                    dmin = LTE_TEST_MIN(dmin, w);
                }
            }
        }
        for (int m = 1; m < nmsg; m++) {
            for (int i = 0; i < O; i++)
                o[i] = (uint8_t)(m >> i & 1);
            lte_pucch3_code(o, O, b);
            int w = 0;
            for (int i = 0; i < 48; i++)
                w += b[i];
            dmin = LTE_TEST_MIN(dmin, w);
        }
        print_message("PUCCH format 3 code, O = %2d: minimum distance %d\n", O, dmin);
        if (O <= 11)
            assert_true(dmin >= d32[O]);
        else
            assert_true(dmin >= 4); /* (24, <= 8) halves: still at least 4 */
        assert_true(dmin > 0);
    }
}

/* Bit-serial model of the format 3 symbols (§5.4.2A), in double: scrambling
 * with the Gold model, QPSK of Table 7.1.2-1, the cover, phase, cyclic shift
 * and DFT evaluated directly; DMRS with n' of Table 5.5.2.2.1-4. */
static void test_f3_encode_model(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 9);
    static const double w4[4][4] = {{1, 1, 1, 1}, {1, -1, 1, -1}, {1, 1, -1, -1}, {1, -1, -1, 1}};
    static const int np5[5] = {0, 3, 6, 8, 10}, np4[4] = {0, 3, 6, 9};
    for (int cp = 0; cp < 2; cp++)
        for (int sh = 0; sh < 2; sh++)
            for (int n3 = 0; n3 < 12; n3 += 3) {
                lte_pucch_cfg cfg = base_cfg((lte_cp)cp);
                cfg.shortened = sh;
                int sf = (n3 + 7 * cp) % 10, nsymb = cp ? 6 : 7;
                uint8_t b[48], c[48];
                tu_random_bits(&r, b, 48);
                float complex sym[14 * 12];
                int prb[2];
                assert_int_equal(lte_pucch3_encode(&cfg, n3, sf, b, sym, prb), 0);
                uint32_t cinit = (uint32_t)(sf + 1) * (2u * cfg.cell_id + 1) * 65536u +
                                 (uint32_t)cfg.rnti;
                gold_model(cinit, 48, c);
                double complex d[24];
                for (int i = 0; i < 24; i++)
                    d[i] = ((1 - 2 * (b[2 * i] ^ c[2 * i])) +
                            I * (1 - 2 * (b[2 * i + 1] ^ c[2 * i + 1]))) / sqrt(2.0);
                int nsf1 = sh ? 4 : 5;
                int oc[2] = {n3 % nsf1, nsf1 == 5 ? (3 * (n3 % nsf1)) % 5 : n3 % nsf1};
                int m = n3 / nsf1;
                static const int data_l[2][5] = {{0, 2, 3, 4, 6}, {0, 1, 2, 4, 5}};
                static const int rs_l[2][2] = {{1, 5}, {3, -1}};
                double err = 0;
                for (int s = 0; s < 2; s++) {
                    int ns = 2 * sf + s;
                    int want_prb = ((m + ns) % 2 == 0) ? m / 2 : cfg.n_rb_ul - 1 - m / 2;
                    assert_int_equal(prb[s], want_prb);
                    int nsf = s ? nsf1 : 5;
                    for (int nb = 0; nb < 5; nb++) {
                        int l = data_l[cp][nb];
                        const float complex *out = sym + (s * nsymb + l) * 12;
                        if (nb >= nsf) { /* shortened: empty (SRS) */
                            for (int k = 0; k < 12; k++)
                                assert_true(cabsf(out[k]) == 0.0f);
                            continue;
                        }
                        int cell = lte_pucch_ncs_cell(cfg.cell_id, cfg.cp, ns, l);
                        double complex w = nsf == 5 ? cexp(I * 2 * M_PI * oc[s] * nb / 5.0)
                                                    : w4[oc[s]][nb];
                        double complex ph = cexp(I * M_PI * floor(cell / 64.0) / 2);
                        for (int k = 0; k < 12; k++) {
                            double complex z = 0;
                            for (int i = 0; i < 12; i++)
                                z += w * ph * d[12 * s + (i + cell) % 12] *
                                     cexp(-I * 2 * M_PI * i * k / 12.0);
                            z /= sqrt(12.0);
                            err = fmax(err, cabs(z - out[k]));
                        }
                    }
                    /* DMRS: r_u,0 with n_cs = n_cs^cell + n' */
                    lte_ulrs_cfg u = {.cell_id = cfg.cell_id, .cp = cfg.cp,
                                      .group_hopping = cfg.group_hopping};
                    int grp = lte_ulrs_group(&u, LTE_ULRS_PUCCH, ns);
                    for (int j = 0; j < (cp ? 1 : 2); j++) {
                        int l = rs_l[cp][j];
                        int np = nsf1 == 5 ? np5[oc[s]] : np4[oc[s]];
                        int ncs = (lte_pucch_ncs_cell(cfg.cell_id, cfg.cp, ns, l) + np) % 12;
                        assert_int_equal(lte_pucch3_dmrs_ncs(&cfg, n3, ns, l), ncs);
                        float complex rs[12];
                        assert_int_equal(lte_ulrs_seq(grp, 0, ncs, 12, rs), 0);
                        for (int k = 0; k < 12; k++)
                            err = fmax(err, cabs(rs[k] - sym[(s * nsymb + l) * 12 + k]));
                    }
                }
                assert_true(err < 1e-5);
            }
}

/* The covers of Table 5.4.2A-1 (as their defining formulas) are orthogonal;
 * and all the users of one PRB at once (n_PUCCH^(3) = 5 m .. 5 m + 4, or
 * 4 m .. 4 m + 3 shortened), superposed without noise, each decode their own
 * payload: covers and DMRS cyclic shifts keep them apart. */
static void test_f3_covers(void **state)
{
    (void)state;
    for (int a = 0; a < 5; a++)
        for (int b = 0; b < 5; b++) {
            double complex s = 0;
            for (int m = 0; m < 5; m++)
                s += cexp(I * 2 * M_PI * a * m / 5.0) * conj(cexp(I * 2 * M_PI * b * m / 5.0));
            assert_true(cabs(s - (a == b ? 5 : 0)) < 1e-12);
        }
    tu_rng r;
    tu_rng_seed(&r, 17);
    for (int cp = 0; cp < 2; cp++)
        for (int sh = 0; sh < 2; sh++) {
            lte_pucch_cfg cfg = base_cfg((lte_cp)cp);
            cfg.shortened = sh;
            int nu = sh ? 4 : 5, nsymb = cp ? 6 : 7;
            float complex sum[14 * 12], one[14 * 12];
            memset(sum, 0, sizeof sum);
            uint8_t msg[5][22];
            int O = 10 + 3 * cp + sh;
            for (int u = 0; u < nu; u++) {
                uint8_t b[48];
                int prb[2];
                tu_random_bits(&r, msg[u], O);
                lte_pucch3_code(msg[u], O, b);
                assert_int_equal(lte_pucch3_encode(&cfg, 2 * nu + u, 3, b, one, prb), 0);
                for (int i = 0; i < 2 * nsymb * 12; i++)
                    sum[i] += one[i] * cexpf(I * 0.4f * u); /* each its own phase */
            }
            const float complex *rx[1] = {sum};
            for (int u = 0; u < nu; u++) {
                uint8_t back[22];
                assert_int_equal(lte_pucch3_decode(&cfg, 2 * nu + u, 3, rx, 1, 1e-3f, O, back), 0);
                assert_memory_equal(back, msg[u], (size_t)O);
            }
        }
}

/* Round trip through the grid and AWGN at 10 dB SNR per RE, 2 RX antennas
 * with different phases: error-free for every payload size (20 subframes
 * each). At 10 dB the 48-bit codeword sees about 20 dB per QPSK symbol after
 * despreading and combining, far above where the RM code errs. */
static void test_f3_awgn(void **state)
{
    (void)state;
    lte_rng r;
    lte_rng_seed(&r, 123);
    tu_rng tr;
    tu_rng_seed(&tr, 5);
    for (int cp = 0; cp < 2; cp++) {
        lte_pucch_cfg cfg = base_cfg((lte_cp)cp);
        int nsymb = cp ? 6 : 7, nsc = cfg.n_rb_ul * 12;
        float complex *grid = calloc((size_t)(2 * nsymb * nsc), sizeof(float complex));
        assert_non_null(grid);
        float complex sym[14 * 12], ant[2][14 * 12];
        const float complex *rx[2] = {ant[0], ant[1]};
        double n0 = 0.1;
        int errors = 0;
        for (int O = 1; O <= 22; O++)
            for (int t = 0; t < 20; t++) {
                uint8_t o[22], b[48], back[22];
                int prb[2], n3 = (O * 7 + t) % 40, sf = t % 10;
                cfg.shortened = t % 3 == 0;
                tu_random_bits(&tr, o, O);
                lte_pucch3_code(o, O, b);
                assert_int_equal(lte_pucch3_encode(&cfg, n3, sf, b, sym, prb), 0);
                for (int a = 0; a < 2; a++) {
                    memset(grid, 0, sizeof(float complex) * (size_t)(2 * nsymb * nsc));
                    assert_int_equal(lte_pucch_map(&cfg, sym, prb, 1.0f, grid), 0);
                    for (int i = 0; i < 2 * nsymb * nsc; i++)
                        grid[i] *= cexpf(I * (0.3f + 1.9f * a));
                    assert_int_equal(lte_awgn_add(&r, grid, 2 * nsymb * nsc, n0), 0);
                    assert_int_equal(lte_pucch_extract(&cfg, grid, prb, ant[a]), 0);
                }
                assert_int_equal(lte_pucch3_decode(&cfg, n3, sf, rx, 2, (float)n0, O, back), 0);
                errors += memcmp(back, o, (size_t)O) != 0;
            }
        assert_int_equal(errors, 0);
        free(grid);
    }
}

static void test_f3_bad_args(void **state)
{
    (void)state;
    lte_pucch_cfg cfg = base_cfg(LTE_CP_NORMAL);
    uint8_t o[22] = {0}, b[48];
    float complex sym[14 * 12];
    int prb[2];
    float llr[48] = {0};
    assert_int_equal(lte_pucch3_code(o, 0, b), LTE_EINVAL);
    assert_int_equal(lte_pucch3_code(o, 23, b), LTE_EINVAL);
    assert_int_equal(lte_pucch3_code_decode(llr, 23, o), LTE_EINVAL);
    llr[3] = NAN;
    assert_int_equal(lte_pucch3_code_decode(llr, 5, o), LTE_EINVAL);
    assert_int_equal(lte_pucch3_encode(&cfg, -1, 0, b, sym, prb), LTE_EINVAL);
    assert_int_equal(lte_pucch3_encode(&cfg, 5 * 50, 0, b, sym, prb), LTE_EINVAL); /* m/2 >= 25 */
    assert_int_equal(lte_pucch3_encode(&cfg, 0, 10, b, sym, prb), LTE_EINVAL);
    assert_int_equal(lte_pucch3_encode(&cfg, 0, 0, NULL, sym, prb), LTE_EINVAL);
    const float complex *rx[1] = {sym};
    assert_int_equal(lte_pucch3_decode(&cfg, 0, 0, rx, 0, 1.0f, 5, o), LTE_EINVAL);
    assert_int_equal(lte_pucch3_decode(&cfg, 0, 0, rx, 1, 0.0f, 5, o), LTE_EINVAL);
    assert_int_equal(lte_pucch3_decode(&cfg, 0, 0, rx, 1, 1.0f, 0, o), LTE_EINVAL);
    float met;
    assert_int_equal(lte_pucch1_detect_dtx(&cfg, LTE_PUCCH_F2, 0, 0, rx, 1, 1.0f, o, &met),
                     LTE_EINVAL);
    assert_int_equal(lte_pucch1_detect_dtx(&cfg, LTE_PUCCH_F1A, 0, 0, rx, 1, -1.0f, o, &met),
                     LTE_EINVAL);
}

/* The DTX-aware format 1a/1b detector: noiseless round trip over several
 * antennas, and on noise alone its metric has mean about 1 (each T(d) is
 * Gamma(2 n_rx, 1) / (2 n_rx); the max over the hypotheses adds a little). */
static void test_f1_detect_dtx(void **state)
{
    (void)state;
    for (int cp = 0; cp < 2; cp++)
        for (int f = LTE_PUCCH_F1; f <= LTE_PUCCH_F1B; f++) {
            lte_pucch_cfg cfg = base_cfg((lte_cp)cp);
            int nb = lte_pucch_nbits((lte_pucch_format)f);
            for (int v = 0; v < (1 << nb); v++)
                for (int n1 = 0; n1 < 30; n1 += 7) {
                    uint8_t bits[2] = {(uint8_t)(nb > 1 ? v >> 1 & 1 : v & 1), (uint8_t)(v & 1)}, got[2];
                    float complex sym[14 * 12], ant[2][14 * 12];
                    int prb[2];
                    assert_int_equal(lte_pucch_encode(&cfg, (lte_pucch_format)f, n1, 4, bits, sym,
                                                      prb), 0);
                    for (int i = 0; i < 14 * 12; i++) {
                        ant[0][i] = sym[i] * cexpf(I * 0.5f);
                        ant[1][i] = sym[i] * 0.5f * cexpf(-I * 2.0f);
                    }
                    const float complex *rx[2] = {ant[0], ant[1]};
                    float met;
                    assert_int_equal(lte_pucch1_detect_dtx(&cfg, (lte_pucch_format)f, n1, 4, rx, 2,
                                                           0.01f, got, &met), 0);
                    assert_true(met > 100.0f);
                    if (nb > 0)
                        assert_memory_equal(got, bits, (size_t)nb);
                }
        }
    lte_pucch_cfg cfg = base_cfg(LTE_CP_NORMAL);
    lte_rng r;
    lte_rng_seed(&r, 77);
    float complex ant[2][14 * 12];
    const float complex *rx[2] = {ant[0], ant[1]};
    double mean = 0;
    int trials = 2000;
    for (int t = 0; t < trials; t++) {
        memset(ant, 0, sizeof ant);
        lte_awgn_add(&r, ant[0], 14 * 12, 2.0);
        lte_awgn_add(&r, ant[1], 14 * 12, 2.0);
        uint8_t got[1];
        float met;
        assert_int_equal(
            lte_pucch1_detect_dtx(&cfg, LTE_PUCCH_F1A, 3, 2, rx, 2, 2.0f, got, &met), 0);
        mean += met;
    }
    mean /= trials;
    print_message("DTX metric mean on noise: %.3f\n", mean);
    assert_true(mean > 0.95 && mean < 1.5);
}

/* lte_pucch1_detect_dtx_grid: a format 1b PUCCH mapped into two noisy grids
 * (with a second PUCCH on another resource in the same grids) gives the same
 * bits and metric as lte_pucch1_detect_dtx on the REs of its own PRBs cut
 * out here; bad arguments are refused. */
static void test_f1_detect_dtx_grid(void **state)
{
    (void)state;
    lte_pucch_cfg cfg = base_cfg(LTE_CP_NORMAL);
    const int n_sc = 12 * cfg.n_rb_ul, n_symb = 14, sf = 3;
    static float complex grid[2][14 * 12 * 25];
    memset(grid, 0, sizeof grid);
    lte_rng r;
    lte_rng_seed(&r, 31);
    float complex sym[14 * 12];
    int prb[2], prb_other[2];
    uint8_t bits[2] = {1, 0}, other[2] = {0, 1};
    assert_int_equal(lte_pucch_encode(&cfg, LTE_PUCCH_F1B, 5, sf, other, sym, prb_other), 0);
    for (int a = 0; a < 2; a++)
        assert_int_equal(lte_pucch_map(&cfg, sym, prb_other, 0.7f, grid[a]), 0);
    assert_int_equal(lte_pucch_encode(&cfg, LTE_PUCCH_F1B, 40, sf, bits, sym, prb), 0);
    assert_true(prb[0] != prb_other[0] || prb[1] != prb_other[1]);
    for (int a = 0; a < 2; a++) {
        assert_int_equal(lte_pucch_map(&cfg, sym, prb, a ? 0.5f : 1.0f, grid[a]), 0);
        assert_int_equal(lte_awgn_add(&r, grid[a], n_sc * n_symb, 0.05), 0);
    }
    /* the reference: REs of prb[slot] cut out by index */
    float complex ex[2][14 * 12];
    for (int a = 0; a < 2; a++)
        for (int l = 0; l < n_symb; l++)
            for (int k = 0; k < 12; k++)
                ex[a][l * 12 + k] = grid[a][l * n_sc + prb[l / 7] * 12 + k];
    const float complex *rx[2] = {ex[0], ex[1]}, *g[2] = {grid[0], grid[1]};
    uint8_t b1[2] = {9, 9}, b2[2] = {7, 7};
    float m1, m2;
    assert_int_equal(lte_pucch1_detect_dtx(&cfg, LTE_PUCCH_F1B, 40, sf, rx, 2, 0.05f, b1, &m1),
                     0);
    assert_int_equal(
        lte_pucch1_detect_dtx_grid(&cfg, LTE_PUCCH_F1B, 40, sf, g, 2, 0.05f, b2, &m2), 0);
    assert_memory_equal(b1, bits, 2);
    assert_memory_equal(b2, bits, 2);
    assert_true(m1 == m2 && m1 > 10.0f);
    /* format 1 leaves no bits: both zeroed */
    b2[0] = b2[1] = 5;
    assert_int_equal(
        lte_pucch1_detect_dtx_grid(&cfg, LTE_PUCCH_F1, 40, sf, g, 2, 0.05f, b2, &m2), 0);
    assert_true(b2[0] == 0 && b2[1] == 0);
    const float complex *gn[2] = {grid[0], NULL};
    assert_int_equal(
        lte_pucch1_detect_dtx_grid(&cfg, LTE_PUCCH_F1B, 40, sf, gn, 2, 0.05f, b2, &m2),
        LTE_EINVAL);
    assert_int_equal(
        lte_pucch1_detect_dtx_grid(&cfg, LTE_PUCCH_F1B, 40, sf, g, 0, 0.05f, b2, &m2), LTE_EINVAL);
    assert_int_equal(lte_pucch1_detect_dtx_grid(&cfg, LTE_PUCCH_F1B, 40, sf, g, 2, 0.05f, NULL,
                                                &m2),
                     LTE_EINVAL);
}

/* ---- format 3 DTX detection ------------------------------------------------ */

/* Fill ant[a] (a < n_rx) with the PUCCH sym times a gain per antenna and
 * slot, g[a][s] = (0.3 + 0.2 a + 0.5 s) e^{j (0.7 a - 1.1 s + 0.2)}. */
static void f3_flat_channel(const float complex *sym, int nsymb, int n_rx,
                            float complex ant[][14 * 12], double complex g[][2])
{
    for (int a = 0; a < n_rx; a++)
        for (int s = 0; s < 2; s++) {
            g[a][s] = (0.3 + 0.2 * a + 0.5 * s) * cexp(I * (0.7 * a - 1.1 * s + 0.2));
            for (int i = 0; i < nsymb * 12; i++)
                ant[a][s * nsymb * 12 + i] = (float complex)(g[a][s] * sym[s * nsymb * 12 + i]);
        }
}

/* Without noise, a PUCCH seen through a gain g_a,s per antenna and slot has
 * the metric sum_{a,s} |g_a,s|^2 E_s / n0 / (2 n_rx), E_s = 12 x (symbols of
 * slot s that carry the PUCCH: 7 normal CP, 6 extended, one fewer in slot 1
 * when shortened); lte_pucch3_detect_dtx returns the message sent and the
 * same metric; lte_pucch3_dtx_metric of another message gives less. For 1,
 * 2, 4 and 8 antennas, both CPs, shortened or not. */
static void test_f3_dtx_metric_model(void **state)
{
    (void)state;
    tu_rng tr;
    tu_rng_seed(&tr, 41);
    for (int cp = 0; cp < 2; cp++)
        for (int sh = 0; sh < 2; sh++)
            for (int n_rx = 1; n_rx <= 8; n_rx *= 2) {
                lte_pucch_cfg cfg = base_cfg((lte_cp)cp);
                cfg.shortened = sh;
                int nsymb = cp ? 6 : 7, O = 3 + 5 * n_rx % 20 + cp, n3 = 7 * n_rx + sh, sf = 6;
                uint8_t o[22], other[22], back[22], b[48];
                tu_random_bits(&tr, o, O);
                memcpy(other, o, sizeof o);
                other[1] ^= 1;
                float complex sym[14 * 12], ant[8][14 * 12];
                double complex g[8][2];
                int prb[2];
                assert_int_equal(lte_pucch3_code(o, O, b), 0);
                assert_int_equal(lte_pucch3_encode(&cfg, n3, sf, b, sym, prb), 0);
                f3_flat_channel(sym, nsymb, n_rx, ant, g);
                const float complex *rx[8];
                for (int a = 0; a < 8; a++)
                    rx[a] = ant[a];
                float n0 = 0.05f;
                double want = 0;
                for (int a = 0; a < n_rx; a++)
                    for (int s = 0; s < 2; s++) {
                        double es = 12.0 * (nsymb - (s == 1 && sh));
                        want += creal(g[a][s] * conj(g[a][s])) * es / n0;
                    }
                want /= 2.0 * n_rx;
                float met, met_known, met_other;
                assert_int_equal(lte_pucch3_detect_dtx(&cfg, n3, sf, rx, n_rx, n0, O, back, &met),
                                 0);
                assert_memory_equal(back, o, (size_t)O);
                assert_int_equal(lte_pucch3_dtx_metric(&cfg, n3, sf, rx, n_rx, n0, O, o,
                                                       &met_known), 0);
                assert_int_equal(lte_pucch3_dtx_metric(&cfg, n3, sf, rx, n_rx, n0, O, other,
                                                       &met_other), 0);
                assert_true(fabs(met - want) < 1e-4 * want);
                assert_true(fabs(met_known - want) < 1e-4 * want);
                assert_true(met_other < 0.9 * want);
            }
}

/* On noise alone (CN(0, n0) per RE, n0 = 0.7), for 1, 2, 4 and 8 RX:
 * - the metric of a message fixed in advance is Gamma(2 n_rx, 1) / (2 n_rx):
 *   mean 1 within 4 standard errors, and the rate above the O = 0
 *   threshold for 1 % within 4 binomial standard deviations of 1 %;
 * - the metric of the decoded message (lte_pucch3_detect_dtx, O = 4) exceeds
 *   the O = 4 threshold for 1 % at most 1 % + 3 sigma of the time (the
 *   union bound) and at least 0.25 % (the bound is not vacuous: measured
 *   0.6-0.9 %);
 * - O = 20 (two halves decoded separately): at most the bound + 3 sigma.
 * 4000 DTX occasions each (random n_PUCCH^(3) and subframe; 1000 for
 * O = 20). */
static void test_f3_dtx_false_detection(void **state)
{
    (void)state;
    const int N = 4000;
    const double p = 0.01, sd = sqrt(N * p * (1 - p));
    lte_pucch_cfg cfg = base_cfg(LTE_CP_NORMAL);
    lte_rng r;
    lte_rng_seed(&r, 2718);
    tu_rng tr;
    tu_rng_seed(&tr, 9);
    float complex ant[8][14 * 12];
    const float complex *rx[8];
    for (int a = 0; a < 8; a++)
        rx[a] = ant[a];
    const float n0 = 0.7f;
    for (int n_rx = 1; n_rx <= 8; n_rx *= 2) {
        float thr0, thr4, thr20;
        assert_int_equal(lte_pucch3_dtx_threshold(n_rx, 0, p, &thr0), 0);
        assert_int_equal(lte_pucch3_dtx_threshold(n_rx, 4, p, &thr4), 0);
        assert_int_equal(lte_pucch3_dtx_threshold(n_rx, 20, p, &thr20), 0);
        int above0 = 0, above4 = 0, above20 = 0, acks4 = 0;
        double mean = 0;
        uint8_t fixed[4] = {1, 0, 1, 1};
        for (int t = 0; t < N; t++) {
            int n3 = (int)(tu_rand(&tr) % 40), sf = (int)(tu_rand(&tr) % 10);
            memset(ant, 0, sizeof ant);
            for (int a = 0; a < n_rx; a++)
                assert_int_equal(lte_awgn_add(&r, ant[a], 14 * 12, n0), 0);
            uint8_t o[22];
            float m0, m4;
            assert_int_equal(lte_pucch3_dtx_metric(&cfg, n3, sf, rx, n_rx, n0, 4, fixed, &m0), 0);
            assert_int_equal(lte_pucch3_detect_dtx(&cfg, n3, sf, rx, n_rx, n0, 4, o, &m4), 0);
            mean += m0;
            above0 += m0 > thr0;
            if (m4 > thr4) {
                above4++;
                acks4 += o[0] + o[1] + o[2] + o[3];
            }
            if (t < N / 4) { /* O = 20 is slower: a quarter of the occasions */
                float m20;
                assert_int_equal(lte_pucch3_detect_dtx(&cfg, n3, sf, rx, n_rx, n0, 20, o, &m20),
                                 0);
                above20 += m20 > thr20;
            }
        }
        mean /= N;
        double se = 1.0 / sqrt(2.0 * n_rx * N), sd20 = sqrt(N / 4 * p * (1 - p));
        print_message("F3 DTX metric on noise, %d RX: mean %.4f (fixed message), above the "
                      "thresholds for 1 %%: fixed message %.2f %% (%.3f), decoded O = 4 %.2f %% "
                      "(%.3f; DTX->ACK %.2f %%), decoded O = 20 %.2f %% (%.3f)\n",
                      n_rx, mean, 100.0 * above0 / N, (double)thr0, 100.0 * above4 / N,
                      (double)thr4, 100.0 * acks4 / (4.0 * N), 100.0 * above20 / (N / 4),
                      (double)thr20);
        assert_true(fabs(mean - 1) < 4 * se);
        assert_true(fabs(above0 - N * p) < 4 * sd);
        assert_true(above4 <= N * p + 3 * sd);
        assert_true(above4 >= N * p / 4);
        assert_true(above20 <= N / 4 * p + 3 * sd20);
    }
}

/* The thresholds solve 2^O P(Gamma(2 n_rx, 1) > x) = p_fd: checked against
 * the tail summed in the test (closed form for integer shape) at the
 * threshold and 0.1 % below it, and against textbook chi-square quantiles
 * (2 Gamma(k, 1) is chi-square with 2k degrees of freedom): 1 % above
 * 13.277 for 4 degrees, 20.090 for 8. */
static void test_f3_dtx_threshold(void **state)
{
    (void)state;
    float thr;
    assert_int_equal(lte_pucch3_dtx_threshold(1, 0, 0.01, &thr), 0);
    assert_true(fabs(2.0 * thr - 13.277 / 2) < 1e-3);
    assert_int_equal(lte_pucch3_dtx_threshold(2, 0, 0.01, &thr), 0);
    assert_true(fabs(4.0 * thr - 20.090 / 2) < 1e-3);
    for (int n_rx = 1; n_rx <= 8; n_rx++)
        for (int O = 0; O <= 22; O += 1 + (O > 4) * 5)
            for (int k = 0; k < 3; k++) {
                double pf = k == 0 ? 0.01 : k == 1 ? 0.001 : 0.2;
                assert_int_equal(lte_pucch3_dtx_threshold(n_rx, O, pf, &thr), 0);
                int K = 2 * n_rx;
                double x = thr * K;
                for (int below = 0; below < 2; below++) {
                    double xx = below ? x * 0.999 : x, term = 1, sum = 1;
                    for (int i = 1; i < K; i++) {
                        term *= xx / i;
                        sum += term;
                    }
                    double tail = pow(2.0, O) * exp(-xx) * sum;
                    if (below)
                        assert_true(tail > pf);
                    else
                        assert_true(fabs(tail - pf) < 1e-4 * pf);
                }
            }
}

/* 4 and 8 RX (and 1, 2) on AWGN through a 6-PRB grid: at -6 dB per RE
 * and antenna every PUCCH is detected (metric above the 1 % threshold) and
 * decoded with 4 and 8 RX, for O = 4, 11 and 16 (60 subframes each); the
 * noise-only occasions in between are counted and must stay within the
 * bound's 1 % + 3 sigma. 1 and 2 RX run the same loop (-6 dB is below
 * what 1 RX decodes reliably: reported, not asserted). */
static void test_f3_dtx_awgn(void **state)
{
    (void)state;
    lte_rng r;
    lte_rng_seed(&r, 321);
    tu_rng tr;
    tu_rng_seed(&tr, 6);
    lte_pucch_cfg cfg = base_cfg(LTE_CP_NORMAL);
    cfg.n_rb_ul = 6;
    int nsc = cfg.n_rb_ul * 12, nsymb = 7;
    float complex *grid = calloc((size_t)(2 * nsymb * nsc), sizeof(float complex));
    assert_non_null(grid);
    float complex sym[14 * 12], ant[8][14 * 12], phase[8];
    const float complex *rx[8];
    for (int a = 0; a < 8; a++) {
        rx[a] = ant[a];
        phase[a] = cexpf(I * (0.3f + 1.9f * a));
    }
    const double n0 = pow(10.0, 0.6);
    static const int rxs[4] = {4, 8, 1, 2}, sizes[3] = {4, 11, 16};
    for (int ri = 0; ri < 4; ri++) {
        int n_rx = rxs[ri], missed = 0, wrong = 0, false_det = 0, trials = 0;
        for (int si = 0; si < 3; si++) {
            int O = sizes[si];
            float thr;
            assert_int_equal(lte_pucch3_dtx_threshold(n_rx, O, 0.01, &thr), 0);
            for (int t = 0; t < 60; t++) {
                uint8_t o[22], b[48], back[22];
                int prb[2], n3 = (int)(tu_rand(&tr) % 60), sf = t % 10;
                tu_random_bits(&tr, o, O);
                lte_pucch3_code(o, O, b);
                assert_int_equal(lte_pucch3_encode(&cfg, n3, sf, b, sym, prb), 0);
                for (int send = 1; send >= 0; send--) {
                    for (int a = 0; a < n_rx; a++) {
                        memset(grid, 0, sizeof(float complex) * (size_t)(2 * nsymb * nsc));
                        if (send) {
                            assert_int_equal(lte_pucch_map(&cfg, sym, prb, 1.0f, grid), 0);
                            for (int i = 0; i < 2 * nsymb * nsc; i++)
                                grid[i] *= phase[a];
                        }
                        assert_int_equal(lte_awgn_add(&r, grid, 2 * nsymb * nsc, n0), 0);
                        assert_int_equal(lte_pucch_extract(&cfg, grid, prb, ant[a]), 0);
                    }
                    float met;
                    assert_int_equal(lte_pucch3_detect_dtx(&cfg, n3, sf, rx, n_rx, (float)n0, O,
                                                           back, &met), 0);
                    if (send) {
                        missed += met <= thr;
                        wrong += memcmp(back, o, (size_t)O) != 0;
                    } else {
                        false_det += met > thr;
                        trials++;
                    }
                }
            }
        }
        print_message("F3 AWGN -6 dB, %d RX: %d missed, %d wrong of %d; %d false detections of "
                      "%d\n", n_rx, missed, wrong, trials, false_det, trials);
        if (n_rx >= 4) {
            assert_int_equal(missed, 0);
            assert_int_equal(wrong, 0);
        }
        assert_true(false_det <= 0.01 * trials + 3 * sqrt(0.01 * trials));
    }
    free(grid);
}

/* 36.104 §8.3.1 also counts DTX to ACK "when nothing is sent on the wanted
 * signal and the interfering signals are present": the five format 3 users
 * of one PRB (n_PUCCH^(3) = 10..14), four sending and one absent in turn,
 * each user with its own phase per antenna, 2 RX, 10 dB per RE: the four
 * are detected and decoded, and the absent one, whose resource holds the
 * others' covers and cyclic shifts plus noise, is detected no more often
 * than noise alone allows (1 % threshold: at most 1 % + 3 sigma of 250). */
static void test_f3_dtx_other_users(void **state)
{
    (void)state;
    lte_pucch_cfg cfg = base_cfg(LTE_CP_NORMAL);
    lte_rng r;
    lte_rng_seed(&r, 77);
    tu_rng tr;
    tu_rng_seed(&tr, 12);
    const int O = 6, T = 250;
    const float n0 = 0.1f;
    float thr;
    assert_int_equal(lte_pucch3_dtx_threshold(2, O, 0.01, &thr), 0);
    int missed = 0, wrong = 0, false_det = 0;
    for (int t = 0; t < T; t++) {
        int absent = t % 5, sf = t % 10;
        uint8_t msg[5][22];
        float complex ant[2][14 * 12], one[14 * 12];
        memset(ant, 0, sizeof ant);
        for (int u = 0; u < 5; u++) {
            uint8_t b[48];
            int prb[2];
            tu_random_bits(&tr, msg[u], O);
            if (u == absent)
                continue;
            lte_pucch3_code(msg[u], O, b);
            assert_int_equal(lte_pucch3_encode(&cfg, 10 + u, sf, b, one, prb), 0);
            for (int a = 0; a < 2; a++) {
                float complex ph = cexpf(I * (float)(2 * M_PI * tu_uniform(&tr)));
                for (int i = 0; i < 14 * 12; i++)
                    ant[a][i] += one[i] * ph;
            }
        }
        for (int a = 0; a < 2; a++)
            assert_int_equal(lte_awgn_add(&r, ant[a], 14 * 12, n0), 0);
        const float complex *rx[2] = {ant[0], ant[1]};
        for (int u = 0; u < 5; u++) {
            uint8_t back[22];
            float met;
            assert_int_equal(lte_pucch3_detect_dtx(&cfg, 10 + u, sf, rx, 2, n0, O, back, &met), 0);
            if (u == absent) {
                false_det += met > thr;
            } else {
                missed += met <= thr;
                wrong += memcmp(back, msg[u], (size_t)O) != 0;
            }
        }
    }
    print_message("F3 DTX among 4 other users: %d missed, %d wrong of %d; absent user detected "
                  "%d of %d\n", missed, wrong, 4 * T, false_det, T);
    assert_int_equal(missed, 0);
    assert_int_equal(wrong, 0);
    assert_true(false_det <= 0.01 * T + 3 * sqrt(0.01 * T));
}

static void test_f3_dtx_bad_args(void **state)
{
    (void)state;
    lte_pucch_cfg cfg = base_cfg(LTE_CP_NORMAL);
    float complex sym[14 * 12] = {0};
    const float complex *rx[9] = {sym, sym, sym, sym, sym, sym, sym, sym, sym};
    const float complex *rx_hole[2] = {sym, NULL};
    uint8_t o[22] = {0};
    float met, thr;
    /* NULL pointers */
    assert_int_equal(lte_pucch3_detect_dtx(NULL, 0, 0, rx, 1, 1.0f, 4, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_detect_dtx(&cfg, 0, 0, NULL, 1, 1.0f, 4, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_detect_dtx(&cfg, 0, 0, rx_hole, 2, 1.0f, 4, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_detect_dtx(&cfg, 0, 0, rx, 1, 1.0f, 4, NULL, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_detect_dtx(&cfg, 0, 0, rx, 1, 1.0f, 4, o, NULL), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_metric(NULL, 0, 0, rx, 1, 1.0f, 4, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_metric(&cfg, 0, 0, NULL, 1, 1.0f, 4, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_metric(&cfg, 0, 0, rx, 1, 1.0f, 4, NULL, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_metric(&cfg, 0, 0, rx, 1, 1.0f, 4, o, NULL), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_threshold(2, 4, 0.01, NULL), LTE_EINVAL);
    /* n_rx 0 or > 8 */
    assert_int_equal(lte_pucch3_detect_dtx(&cfg, 0, 0, rx, 0, 1.0f, 4, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_detect_dtx(&cfg, 0, 0, rx, 9, 1.0f, 4, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_metric(&cfg, 0, 0, rx, 0, 1.0f, 4, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_metric(&cfg, 0, 0, rx, 9, 1.0f, 4, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_threshold(0, 4, 0.01, &thr), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_threshold(9, 4, 0.01, &thr), LTE_EINVAL);
    /* O out of range */
    assert_int_equal(lte_pucch3_detect_dtx(&cfg, 0, 0, rx, 1, 1.0f, 0, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_detect_dtx(&cfg, 0, 0, rx, 1, 1.0f, 23, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_metric(&cfg, 0, 0, rx, 1, 1.0f, 0, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_metric(&cfg, 0, 0, rx, 1, 1.0f, 23, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_threshold(2, -1, 0.01, &thr), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_threshold(2, 23, 0.01, &thr), LTE_EINVAL);
    /* n0 <= 0 or not finite */
    assert_int_equal(lte_pucch3_detect_dtx(&cfg, 0, 0, rx, 1, 0.0f, 4, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_detect_dtx(&cfg, 0, 0, rx, 1, -1.0f, 4, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_detect_dtx(&cfg, 0, 0, rx, 1, NAN, 4, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_metric(&cfg, 0, 0, rx, 1, 0.0f, 4, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_metric(&cfg, 0, 0, rx, 1, INFINITY, 4, o, &met), LTE_EINVAL);
    /* p_fd outside (0, 1) */
    assert_int_equal(lte_pucch3_dtx_threshold(2, 4, 0.0, &thr), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_threshold(2, 4, 1.0, &thr), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_threshold(2, 4, NAN, &thr), LTE_EINVAL);
    /* resource, subframe and configuration as for lte_pucch3_decode */
    assert_int_equal(lte_pucch3_detect_dtx(&cfg, -1, 0, rx, 1, 1.0f, 4, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_detect_dtx(&cfg, 0, 10, rx, 1, 1.0f, 4, o, &met), LTE_EINVAL);
    assert_int_equal(lte_pucch3_dtx_metric(&cfg, 5 * 50, 0, rx, 1, 1.0f, 4, o, &met),
                     LTE_EINVAL);
    lte_pucch_cfg bad = cfg;
    bad.n_rb_ul = 5;
    assert_int_equal(lte_pucch3_detect_dtx(&bad, 0, 0, rx, 1, 1.0f, 4, o, &met), LTE_EINVAL);
    /* 8 antennas accepted */
    assert_int_equal(lte_pucch3_detect_dtx(&cfg, 0, 0, rx, 8, 1.0f, 4, o, &met), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ncs_cell),        cmocka_unit_test(test_resource_orthogonality),
        cmocka_unit_test(test_prb_hopping),     cmocka_unit_test(test_two_ue_orthogonality),
        cmocka_unit_test(test_f1_round_trip),   cmocka_unit_test(test_f1_noise_variance),
        cmocka_unit_test(test_rm_structure),
        cmocka_unit_test(test_rm_round_trip),   cmocka_unit_test(test_f2_round_trip),
        cmocka_unit_test(test_f2ab_dmrs),       cmocka_unit_test(test_f2ab_round_trip),
        cmocka_unit_test(test_f2_multi_antenna), cmocka_unit_test(test_map_extract),
        cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_f3_code),         cmocka_unit_test(test_f3_min_distance),
        cmocka_unit_test(test_f3_encode_model), cmocka_unit_test(test_f3_covers),
        cmocka_unit_test(test_f3_awgn),         cmocka_unit_test(test_f3_bad_args),
        cmocka_unit_test(test_f1_detect_dtx),
        cmocka_unit_test(test_f1_detect_dtx_grid),
        cmocka_unit_test(test_f3_dtx_metric_model),
        cmocka_unit_test(test_f3_dtx_false_detection),
        cmocka_unit_test(test_f3_dtx_threshold),
        cmocka_unit_test(test_f3_dtx_awgn),
        cmocka_unit_test(test_f3_dtx_other_users),
        cmocka_unit_test(test_f3_dtx_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
