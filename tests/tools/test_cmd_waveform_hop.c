/* Tests of PUSCH frequency hopping in the uplink FRC waveforms of `ltephy
 * waveform --rmc A3-2 --hopping B ...` (tools/wf_ul.c; 36.211 §5.3.4,
 * 36.213 §8.4). The built binary writes the file; the test then
 *  (a) SC-FDMA-demodulates every uplink subframe with its own lte_ofdm and
 *      finds, in every SC-FDMA symbol of each slot (data and DMRS), the PRBs
 *      that carry energy: they must be exactly the PRBs a literal reading of
 *      the hopping formulas (below, a copy of the model of
 *      tests/phy/test_pusch_hopping.c) gives for that slot, and the sidecar's
 *      per-subframe PRBs must say the same;
 *  (b) decodes every subframe's transport block with the PUSCH receiver
 *      configured with the same hopping (ideal channel): CRC passes and the
 *      bits are the seeded stream (seed, 10 frame + subframe);
 *  (c) bad hopping options are refused (exit 2) naming the option, with no
 *      file left in the output folder;
 * and without --hopping the output is the plain PUSCH transmitter's, byte
 * for byte (as before hopping existed; tests/tools/test_ul_waveform.c and
 * the golden vectors also run unchanged).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/ofdm.h"
#include "ltephy/pusch.h"
#include "ltephy/rng.h"
#include "ltephy/ul_frc.h"
#include "tests/common/testutil.h"
#include "tests/common/tu_pusch_hop.h"

static char tmp[256];
static char bin[512];

static int setup(void **state)
{
    (void)state;
    return tu_scratch("wfhop", tmp, sizeof tmp, bin, sizeof bin);
}

static int teardown(void **state)
{
    (void)state;
    return tu_scratch_remove(tmp);
}

/* ---- the model (tests/common/tu_pusch_hop.h) ------------------------------------------ */

/* used[slot][prb] of the grant (RB_START rb_start, L_CRBs l) in subframe sf
 * of the cell (N PRBs, cell_id); 1 if the grant is valid (also refused: a
 * hopping-bits value the bandwidth's field cannot hold). */
static int hop_model(int N, int cell_id, const lte_pusch_hopping *h, int rb_start, int l, int sf,
                     uint8_t used[2][110])
{
    int lo, hi;
    model_cell m;
    memset(used, 0, 2 * 110);
    if (h->hop_bits >= (N <= 49 ? 2 : 4))
        return 0;
    model_cell_init(&m, N, cell_id, h);
    return model(&m, h, rb_start, l, sf, used, &lo, &hi);
}

/* ---- one hopped frame set -------------------------------------------------------- */

typedef struct hop_case {
    const char *frc;
    int n_rb;           /* --bw as N_RB^UL */
    int tdd;            /* TDD configuration 1 (uplink subframes 2, 3, 7, 8) */
    int bits, n_sb, ho; /* --hopping, --n-sb, --hopping-offset */
    lte_pusch_hop_mode mode;
    int rb_start, cell_id, frames, ci16;
} hop_case;

static const char *bw_of(int n_rb)
{
    return n_rb == 6 ? "1.4" : n_rb == 15 ? "3" : n_rb == 25 ? "5" : n_rb == 50 ? "10"
         : n_rb == 75 ? "15" : "20";
}

/* The sidecar's entry for (frame, subframe): first PRBs of slot 0 and 1. */
static int json_prbs(const char *json, int fr, int sf, int p[2])
{
    char key[64];
    snprintf(key, sizeof key, "{\"frame\": %d, \"subframe\": %d, ", fr, sf);
    const char *s = strstr(json, key);
    int a0, a1, b0, b1;
    if (!s || sscanf(s + strlen(key),
                     "\"slot0\": {\"prb_first\": %d, \"prb_last\": %d}, "
                     "\"slot1\": {\"prb_first\": %d, \"prb_last\": %d}}",
                     &a0, &a1, &b0, &b1) != 4)
        return -1;
    p[0] = a0;
    p[1] = b0;
    return a1 - a0 == b1 - b0 ? a1 - a0 + 1 : -1;
}

/* The sidecar's pattern_frames from the model: in TDD the type 2 sequence
 * starts from c_init = 2^9 (n_f mod 4) + N_ID^cell, so the pattern may repeat
 * only every 4 frames (or every generated frame, when fewer). */
static int model_pattern(const hop_case *c, int L)
{
    int P = c->tdd ? (c->frames < 4 ? c->frames : 4) : 1;
    uint8_t a[2][110], b[2][110];
    for (int f = 1; f < P; f++)
        for (int sf = 0; sf < 10; sf++) {
            lte_pusch_hopping h = tu_hopping(c->bits, c->n_sb, c->ho, c->mode, 0);
            h.tdd = c->tdd;
            hop_model(c->n_rb, c->cell_id, &h, c->rb_start, L, sf, a);
            h.sfn = f;
            hop_model(c->n_rb, c->cell_id, &h, c->rb_start, L, sf, b);
            if (memcmp(a, b, sizeof a))
                return P;
        }
    return 1;
}

static void run_case(const hop_case *c)
{
    lte_ul_frc frc;
    assert_true(lte_ul_frc_find(c->frc, &frc) >= 0);
    const int N = c->n_rb, L = frc.n_rb_alloc, seed = 7;
    const int ul_mask = c->tdd ? (1 << 2) | (1 << 3) | (1 << 7) | (1 << 8) : 0x3ff;
    char out[4096], path[600];
    snprintf(path, sizeof path, "%s/hop.%s", tmp, c->ci16 ? "ci16" : "cf32");
    int st = tu_run(out, sizeof out,
                    "%s waveform --rmc %s --bw %s %s --hopping %d --n-sb %d --hopping-offset %d "
                    "--hopping-mode %s --prb-start %d --cell-id %d --frames %d --seed %d "
                    "--format %s --out %s",
                    bin, c->frc, bw_of(N), c->tdd ? "--duplex tdd --tdd-config 1" : "", c->bits,
                    c->n_sb, c->ho, c->mode == LTE_PUSCH_HOP_INTER_SF ? "inter" : "intra",
                    c->rb_start, c->cell_id, c->frames, seed, c->ci16 ? "ci16" : "cf32", path);
    if (st != 0)
        fail_msg("%s hopping %d: exit %d: %s", c->frc, c->bits, st, out);

    char jpath[700];
    snprintf(jpath, sizeof jpath, "%s.json", path);
    char *json = tu_slurp(jpath, NULL);
    assert_non_null(json);
    int n_bits = N < 50 ? 1 : 2;
    char key[400];
    snprintf(key, sizeof key,
             "\"type\": %d, \"hop_bits\": %d, \"n_ul_hop\": %d, \"n_sb\": %d, "
             "\"hopping_offset\": %d, \"mode\": \"%s\", \"rb_start\": %d, \"current_tx_nb\": 0",
             c->bits == (1 << n_bits) - 1 ? 2 : 1, c->bits, n_bits, c->n_sb, c->ho,
             c->mode == LTE_PUSCH_HOP_INTER_SF ? "inter" : "intra", c->rb_start);
    if (!strstr(json, key))
        fail_msg("%s: sidecar lacks %s", c->frc, key);
    const char *pf = strstr(json, "\"pattern_frames\": ");
    assert_non_null(pf);
    int pattern = atoi(pf + 18);
    assert_true(pattern >= 1 && pattern <= 4);
    const char *sc = strstr(json, "\"scale\": ");
    assert_non_null(sc);
    double scale = atof(sc + 9);

    /* an SC-FDMA demodulator of our own, and the receiver */
    lte_cp cp = frc.n_symb == 10 ? LTE_CP_EXTENDED : LTE_CP_NORMAL;
    lte_ofdm_cfg oc = {N, cp, LTE_OFDM_UL_SCFDMA, 0, 0, LTE_OFDM_NORM_UNITARY, 0};
    lte_ofdm *ofdm = NULL;
    assert_int_equal(lte_ofdm_create(&oc, &ofdm), 0);
    lte_ofdm_info info;
    assert_int_equal(lte_ofdm_get_info(ofdm, &info), 0);
    lte_pusch_cfg pc = {0};
    pc.n_rb_ul = N;
    pc.cp = cp;
    pc.cell_id = c->cell_id;
    pc.n_rx = 1;
    pc.tbs_max = frc.tbs;
    lte_pusch *p = NULL;
    assert_int_equal(lte_pusch_create(&pc, &p), 0);
    int len = info.subframe_len, n_sym = info.symbols_per_subframe, n_sc = info.n_sc;
    long nbytes;
    void *raw = tu_slurp(path, &nbytes);
    assert_non_null(raw);
    assert_int_equal(nbytes, (long)c->frames * 10 * len * (c->ci16 ? 4 : 8));
    lte_sch_harq *harq = NULL;
    assert_int_equal(lte_sch_harq_create(frc.tbs, &harq), 0);
    float complex *x = malloc((size_t)len * sizeof *x);
    float complex *grid = malloc((size_t)n_sym * n_sc * sizeof *grid);
    uint8_t *tb = malloc((size_t)frc.tbs), *sent = malloc((size_t)frc.tbs);
    assert_true(x && grid && tb && sent);

    assert_int_equal(pattern, model_pattern(c, L));
    /* subframes whose two slots differ; whose slot 0 differs from the first's */
    int moved = 0, across = 0, have_first = 0;
    uint8_t first_sf[110];
    for (int fr = 0; fr < c->frames; fr++)
        for (int sf = 0; sf < 10; sf++) {
            for (int i = 0; i < len; i++) {
                long k = ((long)fr * 10 + sf) * len + i;
                if (c->ci16) {
                    const int16_t *q = raw;
                    x[i] = (float)(q[2 * k] / scale) + I * (float)(q[2 * k + 1] / scale);
                } else {
                    const float *q = raw;
                    x[i] = (float)(q[2 * k] / scale) + I * (float)(q[2 * k + 1] / scale);
                }
            }
            if (!(ul_mask >> sf & 1)) {
                for (int i = 0; i < len; i++)
                    assert_true(x[i] == 0);
                continue;
            }
            lte_pusch_hopping h = tu_hopping(c->bits, c->n_sb, c->ho, c->mode, 0);
            h.tdd = c->tdd;
            h.sfn = fr;
            uint8_t used[2][110];
            if (!hop_model(N, c->cell_id, &h, c->rb_start, L, sf, used))
                fail_msg("%s: the model finds the grant invalid", c->frc);
            if (!have_first)
                memcpy(first_sf, used[0], sizeof first_sf);
            have_first = 1;
            across += memcmp(first_sf, used[0], sizeof first_sf) != 0;
            /* (a) the PRBs with energy, symbol by symbol (data and DMRS) */
            assert_int_equal(lte_ofdm_demod_subframe(ofdm, x, grid), 0);
            for (int l = 0; l < n_sym; l++) {
                int slot = l / info.symbols_per_slot;
                for (int rb = 0; rb < N; rb++) {
                    double e = 0;
                    for (int k = 12 * rb; k < 12 * rb + 12; k++)
                        e += crealf(grid[l * n_sc + k] * conjf(grid[l * n_sc + k]));
                    if ((e > 0.05) != used[slot][rb])
                        fail_msg("%s frame %d sf %d symbol %d PRB %d: energy %g, model says %s",
                                 c->frc, fr, sf, l, rb, e, used[slot][rb] ? "used" : "empty");
                }
            }
            moved += memcmp(used[0], used[1], sizeof used[0]) != 0;
            /* the sidecar's PRBs of (n_f mod pattern_frames, subframe) */
            int jp[2];
            if (json_prbs(json, fr % pattern, sf, jp) != L)
                fail_msg("%s: no sidecar entry for frame %d subframe %d", c->frc, fr % pattern,
                         sf);
            for (int s = 0; s < 2; s++)
                for (int rb = 0; rb < N; rb++)
                    assert_int_equal(used[s][rb], rb >= jp[s] && rb < jp[s] + L);
            /* (b) the receiver with the same hopping */
            lte_pusch_grant g;
            memset(&g, 0, sizeof g);
            g.subframe = sf;
            g.rnti = 1;
            g.prb_start = c->rb_start;
            g.hop = h;
            assert_int_equal(lte_ul_frc_ulsch_cfg(&frc, &g.ul), 0);
            lte_sch_harq_reset(harq);
            const float complex *rx[1] = {x};
            lte_pusch_rx_result res;
            assert_int_equal(lte_pusch_rx(p, &g, rx, harq, tb, NULL, NULL, NULL, &res), 0);
            if (!res.ul.data.crc_ok)
                fail_msg("%s frame %d sf %d: CRC fails", c->frc, fr, sf);
            lte_rng r;
            lte_rng_seed_stream(&r, (uint64_t)seed, (uint64_t)fr * 10u + (uint64_t)sf);
            lte_rng_bits(&r, sent, frc.tbs);
            assert_memory_equal(tb, sent, (size_t)frc.tbs);
        }
    /* not vacuous: intra-subframe hopping moves the PUSCH between the slots of
     * some subframes; inter-subframe hopping never does (type 1 with
     * CURRENT_TX_NB = 0 stays on slot 0's PRBs; type 2 with sub-bands moves
     * from subframe to subframe) */
    if (c->mode == LTE_PUSCH_HOP_INTRA_INTER_SF)
        assert_true(moved > 0);
    else
        assert_int_equal(moved, 0);
    if (c->bits == (1 << n_bits) - 1 && c->n_sb > 1)
        assert_true(across > 0);
    free(x);
    free(grid);
    free(tb);
    free(sent);
    free(raw);
    free(json);
    lte_sch_harq_destroy(harq);
    lte_pusch_destroy(p);
    lte_ofdm_destroy(ofdm);
}

static const lte_pusch_hop_mode INTER = LTE_PUSCH_HOP_INTER_SF;
static const lte_pusch_hop_mode INTRA = LTE_PUSCH_HOP_INTRA_INTER_SF;

/* FDD, one hopping bit (25 PRBs): type 1 (bit 0, +N_RB^PUSCH/2) in both
 * modes, odd N_RB^HO (Ñ_RB^HO rounds it up); type 2 (bit 1) with 2 and 4
 * sub-bands (4: N_RB^sb = 6 = the FRC's L, every sub-band full), 16QAM, a
 * ci16 file. */
static void test_fdd_one_bit(void **state)
{
    (void)state;
    static const hop_case cases[] = {
        {"A3-2", 25, 0, 0, 1, 4, INTRA, 0, 0, 1, 0},
        {"A3-2", 25, 0, 0, 1, 3, INTER, 3, 0, 1, 0},
        {"A4-3", 25, 0, 1, 2, 4, INTRA, 2, 17, 2, 0},
        {"A3-2", 25, 0, 1, 4, 0, INTER, 12, 33, 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);
}

/* FDD, two hopping bits (50 PRBs): type 1 with -N_RB^PUSCH/4 (bits 1);
 * extended CP (A4-2, 1 PRB) with type 2, N_sb = 1 (mirroring in odd slots). */
static void test_fdd_two_bits_extended_cp(void **state)
{
    (void)state;
    static const hop_case cases[] = {
        {"A3-2", 50, 0, 1, 1, 6, INTRA, 12, 101, 1, 0},
        {"A4-2", 6, 0, 1, 1, 0, INTRA, 2, 7, 1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);
}

/* TDD configuration 1: type 2 with sub-bands over 5 frames (c_init with
 * n_f mod 4: a 4-frame pattern, frame 4 as frame 0), both modes; type 1
 * with +N_RB^PUSCH/2 (bits 2 of two). */
static void test_tdd(void **state)
{
    (void)state;
    static const hop_case cases[] = {
        {"A3-2", 25, 1, 1, 2, 4, INTRA, 12, 5, 5, 0},
        {"A3-2", 50, 1, 3, 3, 2, INTER, 1, 250, 4, 0},
        {"A4-3", 50, 1, 2, 1, 5, INTRA, 3, 0, 1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);
}

/* (c) Refusals: exit 2, the option named, nothing left in the folder. */
static void refused(const char *args, const char *opt)
{
    char out[4096];
    int st = tu_run(out, sizeof out, "%s waveform %s --out %s/bad.cf32", bin, args, tmp);
    if (st != 2 || !strstr(out, opt))
        fail_msg("'%s': exit %d, expected 2 naming %s: %s", args, st, opt, out);
    DIR *d = opendir(tmp);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));)
        if (!strncmp(e->d_name, "bad", 3))
            fail_msg("'%s' left %s behind", args, e->d_name);
    closedir(d);
}

static void test_refused(void **state)
{
    (void)state;
    uint8_t used[2][110];
    lte_pusch_hopping h = tu_hopping(0, 1, 0, INTER, 0);
    /* 6 PRBs in a 6-PRB cell: L_CRBs above floor(2^4 / 6) = 2 (36.213 §8.4) */
    assert_false(hop_model(6, 0, &h, 0, 6, 0, used));
    refused("--rmc A3-2 --hopping 0", "--hopping");
    /* one hopping bit below 50 PRBs (Table 8.4-1) */
    h.hop_bits = 2;
    assert_false(hop_model(25, 0, &h, 0, 6, 0, used));
    refused("--rmc A3-2 --bw 5 --hopping 2", "--hopping");
    refused("--rmc A3-2 --bw 5 --hopping 4", "--hopping");
    refused("--rmc A3-2 --bw 5 --hopping x", "--hopping");
    /* N_RB^HO 20 leaves N_RB^PUSCH = 4 < 6 */
    h = tu_hopping(0, 1, 20, INTER, 0);
    assert_false(hop_model(25, 0, &h, 0, 6, 0, used));
    refused("--rmc A3-2 --bw 5 --hopping 0 --hopping-offset 20", "--hopping-offset");
    refused("--rmc A3-2 --bw 5 --hopping 0 --hopping-offset 99", "--hopping-offset");
    /* 4 sub-bands of floor(23 / 4) = 5 PRBs cannot hold 6 */
    h = tu_hopping(1, 4, 2, INTER, 0);
    assert_false(hop_model(25, 0, &h, 1, 6, 0, used));
    refused("--rmc A3-2 --bw 5 --hopping 1 --n-sb 4 --hopping-offset 2 --prb-start 1", "--n-sb");
    refused("--rmc A3-2 --bw 5 --hopping 1 --n-sb 5", "--n-sb");
    /* RB_START 0 lies below the sub-bands (from PRB 2); 8..13 straddles two */
    h = tu_hopping(1, 2, 4, INTRA, 0);
    assert_false(hop_model(25, 0, &h, 0, 6, 0, used));
    assert_false(hop_model(25, 0, &h, 8, 6, 0, used));
    refused("--rmc A3-2 --bw 5 --hopping 1 --n-sb 2 --hopping-offset 4", "--prb-start");
    refused("--rmc A3-2 --bw 5 --hopping 1 --n-sb 2 --hopping-offset 4 --prb-start 8",
            "--prb-start");
    /* type 1: slot 1 at (15 + 12) mod 24 = 3 fits, 20 + 6 leaves N_RB^PUSCH */
    h = tu_hopping(0, 1, 0, INTER, 0);
    assert_false(hop_model(25, 0, &h, 20, 6, 0, used));
    refused("--rmc A3-2 --bw 5 --hopping 0 --prb-start 20", "--prb-start");
    refused("--rmc A3-2 --bw 5 --hopping 0 --hopping-mode sideways", "--hopping-mode");
    /* the hopping options need --hopping; --prb-start keeps the band */
    refused("--rmc A3-2 --bw 5 --n-sb 2", "--n-sb");
    refused("--rmc A3-2 --bw 5 --hopping-mode intra", "--hopping-mode");
    refused("--rmc A3-2 --bw 5 --hopping-offset 2", "--hopping-offset");
    refused("--rmc A3-2 --bw 5 --prb-start 20", "--prb-start");
    refused("--rmc A3-2 --prb-start 1", "--prb-start");
    /* ... and are uplink options */
    refused("--model E-TM1.1 --hopping 0", "--hopping");
    refused("--rmc R.2 --prb-start 3", "--prb-start");
    refused("--bw 5 --n-sb 2", "--n-sb");
}

/* Without --hopping the file is what the PUSCH transmitter writes with
 * hopping off, byte for byte (cf32 = the samples); so is a type 1
 * inter-subframe hop of a first transmission at RB_START 0 with N_RB^HO 0
 * (slot 0's PRBs, RB_START, in both slots); --prb-start moves the band. */
static void plain_tx(const char *frc_name, int n_rb, int prb_start, int seed, float **out,
                     long *bytes)
{
    lte_ul_frc frc;
    assert_true(lte_ul_frc_find(frc_name, &frc) >= 0);
    lte_pusch_cfg pc = {0};
    pc.n_rb_ul = n_rb;
    pc.cp = frc.n_symb == 10 ? LTE_CP_EXTENDED : LTE_CP_NORMAL;
    pc.tbs_max = frc.tbs;
    lte_pusch *p = NULL;
    assert_int_equal(lte_pusch_create(&pc, &p), 0);
    int len = lte_pusch_subframe_len(p);
    float complex *x = malloc((size_t)len * sizeof *x);
    float *f = malloc((size_t)len * 10 * 2 * sizeof *f);
    uint8_t *tb = malloc((size_t)frc.tbs);
    assert_true(x && f && tb);
    lte_pusch_grant g;
    memset(&g, 0, sizeof g);
    g.rnti = 1;
    g.prb_start = prb_start;
    assert_int_equal(lte_ul_frc_ulsch_cfg(&frc, &g.ul), 0);
    for (int sf = 0; sf < 10; sf++) {
        lte_rng r;
        lte_rng_seed_stream(&r, (uint64_t)seed, (uint64_t)sf);
        lte_rng_bits(&r, tb, frc.tbs);
        g.subframe = sf;
        assert_int_equal(lte_pusch_tx(p, &g, tb, NULL, NULL, NULL, NULL, x), 0);
        for (int i = 0; i < len; i++) {
            f[2 * ((long)sf * len + i)] = crealf(x[i]);
            f[2 * ((long)sf * len + i) + 1] = cimagf(x[i]);
        }
    }
    *out = f;
    *bytes = (long)len * 10 * 2 * (long)sizeof *f;
    free(x);
    free(tb);
    lte_pusch_destroy(p);
}

static void same_file(const char *args, const float *want, long bytes)
{
    char out[4096], path[600];
    snprintf(path, sizeof path, "%s/plain.cf32", tmp);
    int st = tu_run(out, sizeof out, "%s waveform %s --out %s", bin, args, path);
    if (st != 0)
        fail_msg("'%s': exit %d: %s", args, st, out);
    long n;
    char *got = tu_slurp(path, &n);
    assert_non_null(got);
    assert_int_equal(n, bytes);
    if (memcmp(got, want, (size_t)bytes))
        fail_msg("'%s': not the plain transmitter's samples", args);
    free(got);
}

static void test_no_hopping_unchanged(void **state)
{
    (void)state;
    float *want;
    long bytes;
    plain_tx("A3-2", 25, 0, 3, &want, &bytes);
    same_file("--rmc A3-2 --bw 5 --seed 3", want, bytes);
    char jpath[600];
    snprintf(jpath, sizeof jpath, "%s/plain.cf32.json", tmp);
    char *json = tu_slurp(jpath, NULL);
    assert_non_null(json);
    assert_non_null(strstr(json, "\"prb_start\": 0, \"n_prb\": 6,"));
    assert_non_null(strstr(json, "\"uci\": \"none\", \"hopping\": false,\n"));
    free(json);
    same_file("--rmc A3-2 --bw 5 --seed 3 --hopping 0", want, bytes);
    same_file("--rmc A3-2 --bw 5 --seed 3 --prb-start 0", want, bytes);
    free(want);
    plain_tx("A3-2", 25, 19, 3, &want, &bytes);
    same_file("--rmc A3-2 --bw 5 --seed 3 --prb-start 19", want, bytes);
    free(want);
    plain_tx("A4-2", 6, 0, 1, &want, &bytes);
    same_file("--rmc A4-2", want, bytes);
    free(want);
}

/* The options as config-file keys give the same file as on the command line. */
static void test_config_file(void **state)
{
    (void)state;
    char out[4096], cfg[600], a[600], b[600];
    snprintf(cfg, sizeof cfg, "%s/hop.cfg", tmp);
    snprintf(a, sizeof a, "%s/cfg_a.cf32", tmp);
    snprintf(b, sizeof b, "%s/cfg_b.cf32", tmp);
    FILE *f = fopen(cfg, "w");
    assert_non_null(f);
    fprintf(f, "rmc = A3-2\nbw = 5\nhopping = 1  # type 2\nn-sb = 2\nhopping-offset = 4\n"
               "hopping-mode = intra\nprb-start = 2\n");
    fclose(f);
    assert_int_equal(tu_run(out, sizeof out, "%s waveform --config %s --out %s", bin, cfg, a), 0);
    assert_int_equal(tu_run(out, sizeof out,
                            "%s waveform --rmc A3-2 --bw 5 --hopping 1 --n-sb 2 "
                            "--hopping-offset 4 --hopping-mode intra --prb-start 2 --out %s",
                            bin, b),
                     0);
    long na, nb;
    char *da = tu_slurp(a, &na), *db = tu_slurp(b, &nb);
    assert_true(da && db && na == nb && na > 0);
    assert_memory_equal(da, db, (size_t)na);
    free(da);
    free(db);
}

/* The checked-in golden case with hopping (vectors/pusch_a3_2_25prb_hop2:
 * A3-2 on 25 PRB, RB_START 3, type 2, two sub-bands, N_RB^HO 4, intra- and
 * inter-subframe, cell 7, subframe 3): the REs with energy in its grid stage
 * are, symbol by symbol, exactly the model's PRBs of each slot; the manifest
 * states those PRBs; and its receiver decoded the transport block. */
static void test_golden_case(void **state)
{
    (void)state;
    const char *dir = "vectors/pusch_a3_2_25prb_hop2";
    char path[256];
    lte_pusch_hopping h = tu_hopping(1, 2, 4, LTE_PUSCH_HOP_INTRA_INTER_SF, 0);
    uint8_t used[2][110];
    assert_true(hop_model(25, 7, &h, 3, 6, 3, used));
    const int nsc = 25 * 12, n = 14 * nsc;
    long bytes = 0;
    snprintf(path, sizeof path, "%s/12_grid.cf32", dir);
    float *g = (float *)(void *)tu_slurp(path, &bytes); /* malloc: aligned for float */
    assert_non_null(g);
    assert_int_equal(bytes, (long)sizeof(float) * 2 * n);
    int first[2] = {-1, -1};
    for (int l = 0; l < 14; l++)
        for (int prb = 0; prb < 25; prb++) {
            double e = 0;
            for (int k = 0; k < 12; k++) {
                const float *x = g + 2 * ((size_t)l * nsc + 12 * prb + k);
                e += (double)x[0] * x[0] + (double)x[1] * x[1];
            }
            assert_int_equal(e > 1e-6, used[l / 7][prb]);
            if (used[l / 7][prb] && first[l / 7] < 0)
                first[l / 7] = prb;
        }
    assert_int_not_equal(first[0], first[1]); /* the slots do hop */
    free(g);
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    char *m = tu_slurp(path, NULL);
    char want[64];
    for (int slot = 0; slot < 2; slot++) {
        snprintf(want, sizeof want, "\"prb_slot%d\": %d,", slot, first[slot]);
        assert_non_null(strstr(m, want));
    }
    free(m);
    snprintf(path, sizeof path, "%s/23_crc_ok_cbs_ok.hex", dir);
    m = tu_slurp(path, NULL);
    assert_string_equal(m, "00000001\n00000001\n");
    free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fdd_one_bit),
        cmocka_unit_test(test_fdd_two_bits_extended_cp),
        cmocka_unit_test(test_tdd),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_no_hopping_unchanged),
        cmocka_unit_test(test_config_file),
        cmocka_unit_test(test_golden_case),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
