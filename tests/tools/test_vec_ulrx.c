/* Tests of the receiver stages of the uplink-control golden vectors
 * (tools/vec_ulctrl.c: chains pucch, srs, prach; vectors/FORMAT.md). Every
 * expectation comes from outside the receiver: the case's own transmit
 * stages (input bits, preamble index, spectrum), the configured delay and
 * noise power, and plain DFTs written out here. Runs from the project root
 * (as `make test` does); the byte-for-byte regeneration of the checked-in
 * cases is test_vectors' catalogue test.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "tests/common/testutil.h"
#include "tools/vec.h"
#include "tools/vectors.h"

static char tmp[256];
static char bin[512];

static int setup(void **state)
{
    (void)state;
    return tu_scratch("vec_ulrx", tmp, sizeof tmp, bin, sizeof bin);
}

static int teardown(void **state)
{
    (void)state;
    return tu_scratch_remove(tmp);
}

/* ---- reading a case ----------------------------------------------------------- */

typedef struct ucase {
    vec_case *m;
    char dir[400];
} ucase;

static void uc_open(ucase *uc, const char *dir)
{
    snprintf(uc->dir, sizeof uc->dir, "%s", dir);
    uc->m = calloc(1, sizeof *uc->m);
    assert_non_null(uc->m);
    if (vec_manifest_read(uc->dir, uc->m) < 0)
        fail_msg("%s: %s", uc->dir, lte_errdetail());
}

static void uc_close(ucase *uc) { free(uc->m); }

static double uc_param(const ucase *uc, const char *key)
{
    for (int i = 0; i < uc->m->nparams; i++)
        if (!strcmp(uc->m->pkey[i], key))
            return atof(uc->m->pval[i]);
    fail_msg("%s: no parameter %s", uc->dir, key);
    return -1;
}

/* The first file of a stage (cf32 before its cint copy); NULL if absent. */
static double *uc_load(const ucase *uc, const char *stage, long *n)
{
    for (int i = 0; i < uc->m->nfiles; i++)
        if (!strcmp(uc->m->files[i].stage, stage)) {
            double *v;
            if (vec_load(uc->dir, &uc->m->files[i], &v, n) < 0)
                fail_msg("%s: %s", uc->dir, lte_errdetail());
            return v;
        }
    return NULL;
}

static double *uc_need(const ucase *uc, const char *stage, long *n)
{
    double *v = uc_load(uc, stage, n);
    if (!v)
        fail_msg("%s: no stage %s", uc->dir, stage);
    return v;
}

static const vec_file *uc_file(const ucase *uc, const char *stage)
{
    for (int i = 0; i < uc->m->nfiles; i++)
        if (!strcmp(uc->m->files[i].stage, stage))
            return &uc->m->files[i];
    return NULL;
}

/* The chain's generator (tools/vectors.h) for key=value text. Called
 * directly: `ltephy vectors gen --config` also vets the keys against the
 * list of tools/cmd_vectors.c, which does not hold the receiver keys
 * `delay` and `dtx_pfa` yet. */
static int gen_direct(const char *name, const char *keys)
{
    if (!strncmp(keys, "chain=pucch", 11))
        return vec_gen_pucch(name, keys, tmp);
    if (!strncmp(keys, "chain=srs", 9))
        return vec_gen_srs(name, keys, tmp);
    if (!strncmp(keys, "chain=prach", 11))
        return vec_gen_prach(name, keys, tmp);
    fail_msg("gen_direct: '%s': not an uplink-control chain", keys);
    return -1;
}

/* Generate a case into tmp/<name>; dir receives its folder. */
static void gen_case(const char *name, const char *keys, char *dir, size_t cap)
{
    if (gen_direct(name, keys) < 0)
        fail_msg("gen %s: %s", name, lte_errdetail());
    snprintf(dir, cap, "%s/%s", tmp, name);
}

static const char *pucch_cases[] = {"pucch_f1a_6prb", "pucch_f1b_15prb_ext_cp_shortened",
                                    "pucch_f2_15prb", "pucch_f2b_6prb",
                                    "pucch_f3_6prb_22bits_shortened"};

/* ---- noise: rx_time - time ------------------------------------------------------ */

/* rx_time minus the delayed transmitted samples is complex noise of variance
 * n0 = 10^(-snr_db/10): its measured power, and each component's, within 6
 * standard deviations of the estimate, and means near 0. */
static void check_noise(const ucase *uc)
{
    long nt, nr;
    double *t = uc_need(uc, "time", &nt), *r = uc_need(uc, "rx_time", &nr);
    assert_int_equal(nt, nr);
    const long n = nt / 2, d = (long)uc_param(uc, "delay");
    const double n0 = pow(10.0, -uc_param(uc, "snr_db") / 10.0);
    double pi = 0, pq = 0, mi = 0, mq = 0;
    for (long i = 0; i < n; i++) {
        double ti = i >= d ? t[2 * (i - d)] : 0, tq = i >= d ? t[2 * (i - d) + 1] : 0;
        double ei = r[2 * i] - ti, eq = r[2 * i + 1] - tq;
        pi += ei * ei;
        pq += eq * eq;
        mi += ei;
        mq += eq;
    }
    pi /= n;
    pq /= n;
    /* the mean of n squared N(0, s2) has standard deviation s2 sqrt(2/n) */
    double s2 = n0 / 2, sd = s2 * sqrt(2.0 / n), sdm = sqrt(s2 / n);
    if (fabs(pi - s2) > 6 * sd || fabs(pq - s2) > 6 * sd || fabs(pi + pq - n0) > 6 * sd * sqrt(2))
        fail_msg("%s: noise power I %g Q %g, expected %g each (n = %ld)", uc->dir, pi, pq, s2, n);
    if (fabs(mi / n) > 6 * sdm || fabs(mq / n) > 6 * sdm)
        fail_msg("%s: noise mean %g %g", uc->dir, mi / n, mq / n);
    free(t);
    free(r);
}

/* ---- rx_grid: a plain DFT of rx_time --------------------------------------------- */

/* SC-FDMA demodulation of symbol l written out (36.211 §5.6 inverted):
 * a_k = N^(-1/2) sum_n x(s_l + N_CP,l + n) e^{-j 2 pi (k - N_sc/2 + 1/2) n / N}. */
static void check_rx_grid_symbol(const ucase *uc, int l)
{
    long nr, ng;
    double *r = uc_need(uc, "rx_time", &nr), *g = uc_need(uc, "rx_grid", &ng);
    const int N = (int)uc_param(uc, "fft_size"), nsc = 12 * (int)uc_param(uc, "n_rb");
    const char *cp = NULL;
    for (int i = 0; i < uc->m->nparams; i++)
        if (!strcmp(uc->m->pkey[i], "cp"))
            cp = uc->m->pval[i];
    assert_non_null(cp);
    const int ext = !strcmp(cp, "extended"), nsl = ext ? 6 : 7;
    long start = 0;
    for (int i = 0; i <= l; i++) {
        int ncp = ext ? 512 * N / 2048 : (i % nsl == 0 ? 160 : 144) * N / 2048;
        if (i < l)
            start += ncp + N;
        else
            start += ncp;
    }
    double maxe = 0, maxv = 0;
    for (int k = 0; k < nsc; k++) {
        double complex acc = 0;
        for (int n = 0; n < N; n++) {
            double ph = -2 * M_PI * (k - nsc / 2 + 0.5) * n / N;
            acc += (r[2 * (start + n)] + I * r[2 * (start + n) + 1]) * cexp(I * ph);
        }
        acc /= sqrt((double)N);
        long gi = (long)l * nsc + k;
        double complex gv = g[2 * gi] + I * g[2 * gi + 1];
        maxe = fmax(maxe, cabs(gv - acc));
        maxv = fmax(maxv, cabs(acc));
    }
    if (!(maxv > 0.1) || maxe > 1e-4 * maxv)
        fail_msg("%s: rx_grid symbol %d differs from the DFT of rx_time by %g (values to %g)",
                 uc->dir, l, maxe, maxv);
    free(r);
    free(g);
}

/* ---- PUCCH ----------------------------------------------------------------------- */

/* The decoded bits are the case's input bits (stage uci); formats 1: the
 * DTX metric above its threshold and d(0) the sent symbol. */
static void check_pucch_decoded(const char *dir)
{
    {
        ucase uc;
        uc_open(&uc, dir);
        const int A = (int)uc_param(&uc, "cqi_bits"), nack = (int)uc_param(&uc, "ack_bits");
        long nu = 0, na, nc;
        double *uci = uc_load(&uc, "uci", &nu);
        double *ack = uc_load(&uc, "ack_decoded", &na), *cqi = uc_load(&uc, "cqi_decoded", &nc);
        /* the input layout of stage 1: CQI bits a, then the HARQ-ACK bits */
        if (A > 0) {
            assert_non_null(cqi);
            assert_int_equal(nc, A);
            for (int i = 0; i < A; i++)
                if (cqi[i] != uci[i])
                    fail_msg("%s: CQI bit %d decoded %g, sent %g", dir, i, cqi[i], uci[i]);
        } else {
            assert_null(cqi);
        }
        if (nack > 0) {
            assert_non_null(ack);
            assert_int_equal(na, nack);
            for (int i = 0; i < nack; i++)
                if (ack[i] != uci[A + i])
                    fail_msg("%s: ACK bit %d decoded %g, sent %g", dir, i, ack[i], uci[A + i]);
        }
        assert_int_equal(nu, A + nack);
        long nm;
        double *mt = uc_load(&uc, "metric", &nm);
        if (mt) { /* formats 1: detected, metric above the threshold */
            long nd;
            double *det = uc_need(&uc, "detected", &nd);
            assert_int_equal(nm, 2);
            assert_true(mt[0] > mt[1]);
            assert_true(det[0] == 1);
            /* the threshold of FORMAT.md: n_hyp e^{-2 eta} (1 + 2 eta) = dtx_pfa */
            double eta = mt[1], pfa = uc_param(&uc, "dtx_pfa");
            double tail = (1 << nack) * exp(-2 * eta) * (1 + 2 * eta);
            if (fabs(tail / pfa - 1) > 1e-4)
                fail_msg("%s: threshold %g has tail %g, dtx_pfa %g", dir, eta, tail, pfa);
            free(det);
            /* d(0) of Table 5.4.1-1 for the sent bits, within the noise
             * (format 1 has no d(0) estimate: lte_pucch1_detect is 1a/1b) */
            long n0;
            double *d0 = uc_load(&uc, "d0", &n0);
            if (nack == 0) {
                assert_null(d0);
                free(mt);
                free(uci);
                uc_close(&uc);
                return;
            }
            assert_non_null(d0);
            double complex want = nack == 1 ? (uci[0] ? -1 : 1)
                                  : !uci[0] && !uci[1] ? 1
                                  : !uci[0] && uci[1]  ? -I
                                  : uci[0] && !uci[1]  ? I
                                                       : -1;
            if (cabs(d0[0] + I * d0[1] - want) > 0.25)
                fail_msg("%s: d0 = %g%+gj, sent %g%+gj", dir, d0[0], d0[1], creal(want),
                         cimag(want));
            free(d0);
        }
        free(mt);
        free(uci);
        free(ack);
        free(cqi);
        uc_close(&uc);
    }
}

static void test_pucch_decoded_is_sent(void **state)
{
    (void)state;
    for (size_t ci = 0; ci < sizeof pucch_cases / sizeof *pucch_cases; ci++) {
        char dir[300];
        snprintf(dir, sizeof dir, "vectors/%s", pucch_cases[ci]);
        check_pucch_decoded(dir);
    }
    /* the formats and options the checked-in cases do not have */
    static const struct {
        const char *name, *keys;
    } gen[] = {
        {"f1", "chain=pucch n_rb=6 format=1 n_pucch=3 delta_shift=1 cell_id=5 subframe=1 seed=3"},
        {"f1a_ext", "chain=pucch n_rb=25 cp=extended format=1a n_pucch=40 delta_shift=2 n_cs1=4 "
                    "n_rb2=3 cell_id=6 subframe=8 seed=4 snr_db=5"},
        {"f2a", "chain=pucch n_rb=15 format=2a cqi_bits=13 n_pucch=20 n_rb2=3 cell_id=7 "
                "subframe=6 rnti=99 seed=5 snr_db=8"},
        {"f2_ext", "chain=pucch n_rb=6 cp=extended format=2 cqi_bits=1 n_pucch=2 cell_id=8 "
                   "seed=6"},
        {"f3_50prb", "chain=pucch n_rb=50 format=3 ack_bits=10 n_pucch=23 cell_id=400 subframe=5 "
                     "rnti=100 seed=95"},
        {"f3_ext_11", "chain=pucch n_rb=15 cp=extended format=3 ack_bits=11 n_pucch=9 "
                      "cell_id=9 seed=7 snr_db=6"},
    };
    for (size_t i = 0; i < sizeof gen / sizeof *gen; i++) {
        char dir[400];
        gen_case(gen[i].name, gen[i].keys, dir, sizeof dir);
        check_pucch_decoded(dir);
        ucase uc;
        uc_open(&uc, dir);
        check_noise(&uc);
        uc_close(&uc);
    }
}

/* Nothing sent worth the name (-30 dB): formats 1 report no detection. */
static void test_pucch_dtx(void **state)
{
    (void)state;
    static const char *keys[] = {
        "chain=pucch n_rb=6 format=1 n_pucch=3 cell_id=5 seed=21 snr_db=-30",
        "chain=pucch n_rb=6 format=1a n_pucch=5 delta_shift=2 cell_id=17 seed=22 snr_db=-30",
        "chain=pucch n_rb=15 format=1b n_pucch=7 cell_id=250 seed=23 snr_db=-30 dtx_pfa=0.001",
    };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        char dir[400], name[32];
        snprintf(name, sizeof name, "dtx%zu", i);
        gen_case(name, keys[i], dir, sizeof dir);
        ucase uc;
        uc_open(&uc, dir);
        long n;
        double *mt = uc_need(&uc, "metric", &n), *det = uc_need(&uc, "detected", &n);
        if (det[0] != 0 || !(mt[0] < mt[1]))
            fail_msg("%s: metric %g, threshold %g, detected %g", dir, mt[0], mt[1], det[0]);
        free(mt);
        free(det);
        uc_close(&uc);
    }
}

/* The receiver stages are identical with 1 and 2 threads and on every SIMD
 * path (test_vectors covers pucch_f3_6prb_22bits_shortened,
 * srs_15prb_hopping and prach_f0_restricted_25prb). */
static void test_determinism(void **state)
{
    (void)state;
    static const char *cases[] = {"pucch_f1a_6prb", "pucch_f1b_15prb_ext_cp_shortened",
                                  "pucch_f2_15prb", "pucch_f2b_6prb", "srs_25prb_comb1",
                                  "prach_f0_6prb", "prach_f2_6prb", "prach_f4_15prb"};
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    char out[4096];
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++)
        for (int i = 0; i < np; i++)
            for (int t = 1; t <= 2; t++) {
                int rc = tu_run(out, sizeof out,
                                "rm -rf %s/det && OMP_NUM_THREADS=%d LTEPHY_SIMD=%s %s vectors gen "
                                "--case %s --out %s/det >/dev/null && diff -r vectors/%s %s/det/%s",
                                tmp, t, lte_simd_name(paths[i]), bin, cases[c], tmp, cases[c],
                                tmp, cases[c]);
                if (rc != 0)
                    fail_msg("%s differs with %d threads on %s: %s", cases[c], t,
                             lte_simd_name(paths[i]), out);
            }
}

/* dmrs_ls is y conj(r) on every DMRS RE of rx_pucch, r the transmitted
 * `pucch` stage there, for 2a/2b without d(10) on the second DMRS symbol of
 * each slot (taken off here by Table 5.4.2-1 from the sent HARQ-ACK bits);
 * chest is the mean of y conj(r) per slot (formats 1, 2; 2a/2b with the
 * decided d(10), the sent one in these cases) or per slot and subcarrier
 * (format 3). Every estimate near the unit channel. */
static void test_pucch_chest(void **state)
{
    (void)state;
    const struct {
        const char *name;
        int dm[3], nrs, nsl, per_sc;
    } cs[] = {{"pucch_f1a_6prb", {2, 3, 4}, 3, 7, 0},
              {"pucch_f1b_15prb_ext_cp_shortened", {2, 3, 0}, 2, 6, 0},
              {"pucch_f2_15prb", {1, 5, 0}, 2, 7, 0},
              {"pucch_f2b_6prb", {1, 5, 0}, 2, 7, 0},
              {"pucch_f3_6prb_22bits_shortened", {1, 5, 0}, 2, 7, 1}};
    for (size_t ci = 0; ci < sizeof cs / sizeof *cs; ci++) {
        char dir[300];
        ucase uc;
        snprintf(dir, sizeof dir, "vectors/%s", cs[ci].name);
        uc_open(&uc, dir);
        long n, nu;
        double *y = uc_need(&uc, "rx_pucch", &n), *x = uc_need(&uc, "pucch", &n);
        double *h = uc_need(&uc, "chest", &n), *uci = uc_need(&uc, "uci", &nu);
        const int per_sc = cs[ci].per_sc, nh = per_sc ? 24 : 2;
        assert_int_equal(n, 2 * nh);
        /* d(10) of formats 2a/2b (Table 5.4.2-1): 2b's two bits after A CQI bits */
        double complex d10 = 1;
        if (strstr(cs[ci].name, "f2b")) {
            int A = (int)uc_param(&uc, "cqi_bits"), b0 = (int)uci[A], b1 = (int)uci[A + 1];
            d10 = !b0 && !b1 ? 1 : !b0 && b1 ? -I : b0 && !b1 ? I : -1;
        }
        long nl;
        double *ls = uc_need(&uc, "dmrs_ls", &nl);
        assert_int_equal(nl, 2L * 2 * cs[ci].nrs * 12);
        for (int s = 0, q = 0; s < 2; s++)
            for (int m = 0; m < cs[ci].nrs; m++)
                for (int k = 0; k < 12; k++, q++) {
                    long i = (long)(s * cs[ci].nsl + cs[ci].dm[m]) * 12 + k;
                    double complex r = x[2 * i] + I * x[2 * i + 1];
                    if (m == 1 && cs[ci].dm[1] == 5)
                        r /= d10;
                    double complex want = (y[2 * i] + I * y[2 * i + 1]) * conj(r);
                    if (cabs(ls[2 * q] + I * ls[2 * q + 1] - want) > 1e-5)
                        fail_msg("%s: dmrs_ls[%d] = %g%+gj, expected %g%+gj", dir, q, ls[2 * q],
                                 ls[2 * q + 1], creal(want), cimag(want));
                }
        free(ls);
        for (int s = 0; s < 2; s++)
            for (int j = 0; j < (per_sc ? 12 : 1); j++) {
                double complex acc = 0;
                for (int m = 0; m < cs[ci].nrs; m++)
                    for (int k = per_sc ? j : 0; k < (per_sc ? j + 1 : 12); k++) {
                        long i = (long)(s * cs[ci].nsl + cs[ci].dm[m]) * 12 + k;
                        acc += (y[2 * i] + I * y[2 * i + 1]) * (x[2 * i] - I * x[2 * i + 1]);
                    }
                acc /= (per_sc ? 1 : 12) * cs[ci].nrs;
                double complex hv = h[2 * (s * (nh / 2) + j)] + I * h[2 * (s * (nh / 2) + j) + 1];
                if (cabs(hv - acc) > 1e-5 || cabs(hv - 1) > (per_sc ? 0.6 : 0.3))
                    fail_msg("%s: chest %d of slot %d %g%+gj, expected %g%+gj (channel 1)", dir,
                             j, s, creal(hv), cimag(hv), creal(acc), cimag(acc));
            }
        free(y);
        free(x);
        free(h);
        free(uci);
        uc_close(&uc);
    }
}

static void test_pucch_noise_and_grid(void **state)
{
    (void)state;
    for (size_t ci = 0; ci < sizeof pucch_cases / sizeof *pucch_cases; ci++) {
        char dir[300];
        ucase uc;
        snprintf(dir, sizeof dir, "vectors/%s", pucch_cases[ci]);
        uc_open(&uc, dir);
        check_noise(&uc);
        check_rx_grid_symbol(&uc, 3);
        check_rx_grid_symbol(&uc, 7); /* slot 1 (first symbol, longer CP if normal) */
        uc_close(&uc);
    }
}

/* ---- SRS ------------------------------------------------------------------------- */

static void test_srs_stages(void **state)
{
    (void)state;
    static const char *cases[] = {"srs_25prb_comb1", "srs_15prb_hopping"};
    for (size_t ci = 0; ci < sizeof cases / sizeof *cases; ci++) {
        char dir[300];
        ucase uc;
        snprintf(dir, sizeof dir, "vectors/%s", cases[ci]);
        uc_open(&uc, dir);
        check_noise(&uc);
        check_rx_grid_symbol(&uc, (int)uc_param(&uc, "srs_symbol"));
        /* LS on the comb tones: rx_grid there divided by the sequence, the
         * unit channel within the noise */
        long n, ng, nl;
        double *seq = uc_need(&uc, "sequence", &n), *g = uc_need(&uc, "rx_grid", &ng);
        double *ls = uc_need(&uc, "ls", &nl), *al = uc_need(&uc, "alloc", &n);
        const int nsc = 12 * (int)uc_param(&uc, "n_rb"), l = (int)uc_param(&uc, "srs_symbol");
        const int k0 = (int)al[1], msc = (int)al[2];
        assert_int_equal(nl, 2 * msc);
        double err = 0;
        for (int k = 0; k < msc; k++) {
            long gi = (long)l * nsc + k0 + 2 * k;
            double complex want =
                (g[2 * gi] + I * g[2 * gi + 1]) / (seq[2 * k] + I * seq[2 * k + 1]);
            double complex got = ls[2 * k] + I * ls[2 * k + 1];
            if (cabs(got - want) > 1e-4)
                fail_msg("%s: ls[%d] = %g%+gj, rx_grid / sequence = %g%+gj", dir, k, creal(got),
                         cimag(got), creal(want), cimag(want));
            err += cabs(got - 1) * cabs(got - 1);
        }
        /* each tone: the channel 1 plus noise of variance n0 */
        double n0 = pow(10.0, -uc_param(&uc, "snr_db") / 10.0);
        assert_true(err / msc < 2 * n0);
        long nt;
        double *t = uc_need(&uc, "timing_ns", &nt);
        assert_int_equal(nt, 2);
        /* delay 0: within a tenth of a sample (1 / (15 kHz fft_size)) */
        double ts_ns = 1e9 / uc_param(&uc, "sample_rate");
        assert_true(fabs(t[0]) < 0.1 * ts_ns && fabs(t[1]) < 0.1 * ts_ns);
        free(seq);
        free(g);
        free(ls);
        free(al);
        free(t);
        uc_close(&uc);
    }
}

/* A delayed SRS: the timing estimates find the configured delay. */
static void test_srs_timing_finds_delay(void **state)
{
    (void)state;
    const struct {
        const char *name, *keys;
        int delay;
    } cs[] = {
        {"srs_delay5", "chain=srs n_rb=25 c_srs=3 b_srs=0 b_hop=0 n_rrc=5 k_tc=1 n_cs=3 i_srs=7 "
                       "cell_id=150 sfn=3 subframe=0 delay=5 seed=7", 5},
        {"srs_delay3_hop", "chain=srs n_rb=15 c_srs=5 b_srs=1 b_hop=0 n_rrc=2 k_tc=0 n_cs=7 "
                           "i_srs=0 cell_id=33 sfn=5 subframe=4 delay=3 snr_db=15 seed=8", 3},
    };
    for (size_t ci = 0; ci < sizeof cs / sizeof *cs; ci++) {
        char dir[400];
        ucase uc;
        gen_case(cs[ci].name, cs[ci].keys, dir, sizeof dir);
        uc_open(&uc, dir);
        assert_int_equal((int)uc_param(&uc, "delay"), cs[ci].delay);
        check_noise(&uc);
        long nt;
        double *t = uc_need(&uc, "timing_ns", &nt);
        double want = 1e9 * cs[ci].delay / uc_param(&uc, "sample_rate");
        double ts_ns = 1e9 / uc_param(&uc, "sample_rate");
        /* the phase slope of the plain LS estimate: a tenth of a sample;
         * the windowed estimate cuts the delay response to m_sc/8 taps of
         * 1/(m_sc K_TC 15 kHz), so a delay between taps loses some of its
         * energy: a tenth of a tap */
        long na;
        double *al = uc_need(&uc, "alloc", &na);
        double tap_ns = 1e9 / (al[2] * 2 * 15e3);
        if (fabs(t[0] - want) > 0.1 * ts_ns || fabs(t[1] - want) > 0.1 * tap_ns)
            fail_msg("%s: timing %g ns and %g ns (windowed), delay %g ns", dir, t[0], t[1],
                     want);
        free(al);
        free(t);
        uc_close(&uc);
    }
}

/* ---- PRACH ----------------------------------------------------------------------- */

/* detections: exactly the sent preamble, with T_A = round(delay T_s / 16)
 * within one step (the delay grid is T_u / L = 12 T_s for formats 0-3,
 * 2 T_s for format 4, then parabolic interpolation), delay_ts within one
 * grid step, the peak above the threshold and equal to the largest value of
 * the profile. */
static void check_prach_detection(const ucase *uc)
{
    long n;
    double *dv = uc_need(uc, "detections", &n), *th = uc_need(uc, "threshold", &n);
    const int pre = (int)uc_param(uc, "preamble"), delay = (int)uc_param(uc, "delay");
    const int fmt = (int)uc_param(uc, "format");
    assert_int_equal((int)dv[0], 1);
    if ((int)dv[1] != pre)
        fail_msg("%s: detected preamble %g, sent %d", uc->dir, dv[1], pre);
    const double ts_per_sample = 30.72e6 / uc_param(uc, "sample_rate");
    const double true_ts = delay * ts_per_sample;
    const long want_ta = lround(true_ts / 16);
    if (labs((long)dv[2] - want_ta) > 1)
        fail_msg("%s: T_A %g, delay %d samples = %g T_s (T_A %ld)", uc->dir, dv[2], delay,
                 true_ts, want_ta);
    double *dl = uc_need(uc, "det_delay_ts", &n), *pk = uc_need(uc, "det_peak", &n);
    double grid = (fmt == 4 ? 4096.0 : 24576.0) / uc_param(uc, "corr_len");
    if (fabs(dl[0] - true_ts) > grid)
        fail_msg("%s: delay %g T_s, sent %g T_s", uc->dir, dl[0], true_ts);
    assert_true(pk[0] > th[0]);
    long L;
    double *pdp = uc_need(uc, "pdp", &L);
    double best = 0;
    long arg = 0;
    for (long m = 0; m < L; m++)
        if (pdp[m] > best) {
            best = pdp[m];
            arg = m;
        }
    /* the largest T is the preamble's own peak (the detector's peak of an
     * unrestricted set; a restricted set may report its three-window sum) */
    if (!(int)uc_param(uc, "restricted") && fabs(best - pk[0]) > 1e-3 * best)
        fail_msg("%s: profile peak %g, detector peak %g", uc->dir, best, pk[0]);
    /* ... at delay d: m N_ZC / L + C_v = d (mod N_ZC) within a grid step */
    double *par = uc_need(uc, "params", &n);
    const int cv = (int)par[1], nzc = (int)par[2];
    double dz = fmod((double)arg * nzc / L + cv + 3.0 * nzc, nzc);
    if (dz > nzc / 2.0)
        dz -= nzc;
    double want_dz = true_ts / ((fmt == 4 ? 4096.0 : 24576.0) / nzc);
    if (fabs(dz - want_dz) > (double)nzc / L + 0.5)
        fail_msg("%s: profile peak at m = %ld (delay %g ZC samples), expected %g", uc->dir, arg,
                 dz, want_dz);
    free(dv);
    free(th);
    free(dl);
    free(pk);
    free(pdp);
    free(par);
}

/* rx_spectrum = sqrt(N_u)/N_ZC X(k) e^{-j 2 pi (k + k_bin0) d / N_u} + noise
 * of variance n0 per bin, X the transmit stage `spectrum` (unit mean power
 * over a period, unitary DFT): the residual's power within 6 standard
 * deviations of n0 for every period. */
static void check_prach_spectrum(const ucase *uc)
{
    long nx, ny;
    double *X = uc_need(uc, "spectrum", &nx), *Y = uc_need(uc, "rx_spectrum", &ny);
    const int nzc = (int)(nx / 2), nrep = (int)uc_param(uc, "n_rep");
    const int nu = (int)uc_param(uc, "period_len"), delay = (int)uc_param(uc, "delay");
    const int kb0 = (int)uc_param(uc, "k_bin0");
    assert_int_equal(ny, 2L * nzc * nrep);
    const double n0 = pow(10.0, -uc_param(uc, "snr_db") / 10.0), a = sqrt((double)nu) / nzc;
    for (int r = 0; r < nrep; r++) {
        double p = 0;
        for (int k = 0; k < nzc; k++) {
            double complex x = (X[2 * k] + I * X[2 * k + 1]) *
                               cexp(-2 * I * M_PI * (double)(k + kb0) * delay / nu);
            long i = (long)r * nzc + k;
            double complex e = Y[2 * i] + I * Y[2 * i + 1] - a * x;
            p += creal(e) * creal(e) + cimag(e) * cimag(e);
        }
        p /= nzc;
        if (fabs(p - n0) > 6 * n0 / sqrt((double)nzc))
            fail_msg("%s: period %d: rx_spectrum minus the sent spectrum has power %g, n0 %g",
                     uc->dir, r, p, n0);
    }
    free(X);
    free(Y);
}

/* Every PRACH receiver check on the case in dir. */
static void check_prach_case(const char *dir)
{
    ucase uc;
    uc_open(&uc, dir);
    check_noise(&uc);
    check_prach_spectrum(&uc);
    check_prach_detection(&uc);
    uc_close(&uc);
}

static void test_prach_checked_in(void **state)
{
    (void)state;
    static const char *cases[] = {"prach_f0_6prb", "prach_f2_6prb", "prach_f0_restricted_25prb",
                                  "prach_f4_15prb"};
    for (size_t ci = 0; ci < sizeof cases / sizeof *cases; ci++) {
        char dir[300];
        snprintf(dir, sizeof dir, "vectors/%s", cases[ci]);
        check_prach_case(dir);
    }
}

/* Delayed preambles: the timing advance finds the configured delay. */
static void test_prach_timing_advance(void **state)
{
    (void)state;
    static const struct {
        const char *name, *keys;
    } cs[] = {
        {"prach_f0_d10", "chain=prach n_rb=6 format=0 root_index=22 zczc=1 preamble=5 delay=10 "
                         "seed=11"},
        {"prach_f2_d60", "chain=prach n_rb=6 format=2 root_index=0 zczc=12 preamble=3 delay=60 "
                         "snr_db=-5 seed=12"},
        {"prach_f0r_d8", "chain=prach n_rb=25 format=0 root_index=100 zczc=5 restricted=1 "
                         "preamble=9 prb_start=4 delay=8 seed=13"},
        {"prach_f4_d10", "chain=prach n_rb=15 format=4 root_index=3 zczc=2 preamble=17 "
                         "prb_start=9 delay=10 seed=14"},
        {"prach_f0_25prb_d150", "chain=prach n_rb=25 format=0 root_index=7 zczc=15 preamble=40 "
                                "prb_start=10 delay=150 seed=15"},
    };
    for (size_t ci = 0; ci < sizeof cs / sizeof *cs; ci++) {
        char dir[400];
        gen_case(cs[ci].name, cs[ci].keys, dir, sizeof dir);
        check_prach_case(dir);
    }
}

/* ---- configuration refusals and rx=0 ------------------------------------------- */

static void test_rx_keys(void **state)
{
    (void)state;
    static const struct {
        const char *keys, *msg;
    } bad[] = {
        {"chain=prach n_rb=6 format=0 delay=-1", "delay=-1"},
        {"chain=prach n_rb=6 format=0 delay=199", "delay=199"}, /* CP 198 samples */
        {"chain=srs n_rb=25 c_srs=3 i_srs=7 sfn=3 delay=37", "delay=37"}, /* N 512: CP 36 */
        {"chain=pucch format=1a delay=10", "delay=10"}, /* 6 PRB: N 128, CP 9 */
        {"chain=pucch format=2 cp=extended delay=33", "delay=33"}, /* CP 32 */
        {"chain=pucch format=1a snr_db=abc", "snr_db=abc"},
        {"chain=pucch format=1a snr_db=12x", "snr_db=12x"},
        {"chain=pucch format=1a dtx_pfa=1", "dtx_pfa=1"},
        {"chain=pucch format=1a rx=2", "rx=2"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int rc = gen_direct("bad", bad[i].keys);
        if (rc != LTE_EINVAL || !strstr(lte_errdetail(), bad[i].msg))
            fail_msg("'%s': %d, %s", bad[i].keys, rc, lte_errdetail());
    }
    /* the largest delays taken: the CPs */
    char dir[400];
    gen_case("srs_d36", "chain=srs n_rb=25 c_srs=3 i_srs=7 sfn=3 delay=36", dir, sizeof dir);
    gen_case("prach_d198", "chain=prach n_rb=6 format=0 delay=198", dir, sizeof dir);
    char path[400], out[4096];
    /* the keys the CLI already takes: rx and snr_db */
    snprintf(path, sizeof path, "%s/srs.cfg", tmp);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "name=srs_cli\nchain=srs n_rb=25 c_srs=3 i_srs=7 sfn=3 snr_db=20 seed=4\n");
    fclose(f);
    int rc = tu_run(out, sizeof out, "%s vectors gen --config %s --out %s", bin, path, tmp);
    if (rc != 0)
        fail_msg("gen --config: exit %d: %s", rc, out);
    snprintf(dir, sizeof dir, "%s/srs_cli", tmp);
    ucase uc;
    uc_open(&uc, dir);
    assert_true(uc_param(&uc, "snr_db") == 20);
    check_noise(&uc);
    uc_close(&uc);
    /* rx=0: the transmit stages alone, as before the receiver existed */
    gen_case("pucch_norx", "chain=pucch n_rb=6 format=1a n_pucch=5 delta_shift=2 n_cs1=0 n_rb2=1 "
                           "cell_id=17 subframe=3 seed=91 rx=0", dir, sizeof dir);
    uc_open(&uc, dir);
    assert_int_equal(uc.m->nfiles, 9); /* 6 single files, pucch grid time as cf32 + cint */
    assert_null(uc_file(&uc, "rx_time"));
    uc_close(&uc);
}

/* ---- the checker on receiver stages --------------------------------------------- */

static int count_fails(const char *out)
{
    int fails = 0;
    for (const char *p = out; (p = strstr(p, "FAIL ")) != NULL; p++)
        fails++;
    return fails;
}

static void test_check_reports_rx_stage(void **state)
{
    (void)state;
    char out[16384], cmd[1024];
    /* a golden case checks against itself */
    static const char *all[] = {"pucch_f1a_6prb", "pucch_f2b_6prb",
                                "pucch_f3_6prb_22bits_shortened", "srs_15prb_hopping",
                                "prach_f2_6prb"};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        snprintf(cmd, sizeof cmd, "%s vectors check --golden vectors/%s --dut vectors/%s --quiet",
                 bin, all[i], all[i]);
        assert_int_equal(tu_run(out, sizeof out, "%s", cmd), 0);
    }
    /* one decoded CQI bit flipped (bit 2 of 5: the word's bit 29) */
    const char *g = "vectors/pucch_f2b_6prb";
    assert_int_equal(tu_run(out, sizeof out, "rm -rf %s/dut && cp -r %s %s/dut", tmp, g, tmp), 0);
    char path[400];
    snprintf(path, sizeof path, "%s/dut/18_cqi_decoded.hex", tmp);
    FILE *fp = fopen(path, "r+");
    assert_non_null(fp);
    char line[16];
    assert_non_null(fgets(line, sizeof line, fp));
    unsigned w = (unsigned)strtoul(line, NULL, 16) ^ (1u << 29);
    rewind(fp);
    fprintf(fp, "%08x", w);
    fclose(fp);
    snprintf(cmd, sizeof cmd, "%s vectors check --golden %s --dut %s/dut --quiet", bin, g, tmp);
    assert_int_equal(tu_run(out, sizeof out, "%s", cmd), 1);
    assert_non_null(strstr(out, "stage cqi_decoded"));
    assert_non_null(strstr(out, "(chain position 18) first mismatch at index 2:"));
    assert_non_null(strstr(out, " passed, 1 failed"));
    assert_int_equal(count_fails(out), 1);
    /* one value of the PRACH profile perturbed by 1 % (beyond 40 dB on its
     * own: the profile's peak is far above the other values) */
    g = "vectors/prach_f0_6prb";
    assert_int_equal(tu_run(out, sizeof out, "rm -rf %s/dut && cp -r %s %s/dut", tmp, g, tmp), 0);
    ucase uc;
    uc_open(&uc, g);
    long L;
    double *pdp = uc_need(&uc, "pdp", &L);
    long arg = 0;
    for (long m = 0; m < L; m++)
        if (pdp[m] > pdp[arg])
            arg = m;
    snprintf(path, sizeof path, "%s/dut/08_pdp.f32", tmp);
    fp = fopen(path, "r+b");
    assert_non_null(fp);
    float v = (float)(pdp[arg] * 1.05);
    assert_int_equal(fseek(fp, 4 * arg, SEEK_SET), 0);
    assert_int_equal(fwrite(&v, 4, 1, fp), 1); /* little-endian host, as the format */
    fclose(fp);
    snprintf(cmd, sizeof cmd, "%s vectors check --golden %s --dut %s/dut --quiet", bin, g, tmp);
    assert_int_equal(tu_run(out, sizeof out, "%s", cmd), 1);
    char want[128];
    snprintf(want, sizeof want, "stage pdp          (chain position 8) max abs error");
    assert_non_null(strstr(out, want));
    snprintf(want, sizeof want, "at index %ld,", arg);
    assert_non_null(strstr(out, want));
    assert_int_equal(count_fails(out), 1);
    free(pdp);
    uc_close(&uc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pucch_decoded_is_sent),
        cmocka_unit_test(test_pucch_dtx),
        cmocka_unit_test(test_pucch_chest),
        cmocka_unit_test(test_pucch_noise_and_grid),
        cmocka_unit_test(test_srs_stages),
        cmocka_unit_test(test_srs_timing_finds_delay),
        cmocka_unit_test(test_prach_checked_in),
        cmocka_unit_test(test_prach_timing_advance),
        cmocka_unit_test(test_rx_keys),
        cmocka_unit_test(test_check_reports_rx_stage),
        cmocka_unit_test(test_determinism),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
