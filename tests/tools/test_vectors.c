/* Tests of the golden-vector kit: SHA-256, quantisation, the checked-in
 * catalogue (regenerated and compared byte for byte), the checker's verdicts
 * and exit codes, and determinism across SIMD paths and thread counts.
 * Runs from the project root (as `make test` does).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ltephy/error.h"
#include "tests/common/testutil.h"
#include "tools/sha256.h"
#include "tools/vec.h"
#include "tools/vectors.h"

static char tmp[256];
static char bin[512];

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#define run_capture(out, cap, cmd) tu_run(out, cap, "%s", cmd)

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/ltephy_test_vectors.%ld", (long)getpid());
    snprintf(bin, sizeof bin, "%s/ltephy", LTE_TEST_BUILD_DIR);
    return sh("rm -rf %s && mkdir -p %s", tmp, tmp);
}

static int teardown(void **state)
{
    (void)state;
    return sh("rm -rf %s", tmp);
}

/* FIPS 180-2 Appendix B examples. */
static void test_sha256_fips(void **state)
{
    (void)state;
    char hex[65];
    lte_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    lte_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    lte_sha256_hex(m, strlen(m), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* a million 'a' in uneven pieces exercises the block buffering */
    lte_sha256 s;
    lte_sha256_init(&s);
    char a[997];
    memset(a, 'a', sizeof a);
    long left = 1000000;
    while (left > 0) {
        size_t take = left < (long)sizeof a ? (size_t)left : sizeof a;
        lte_sha256_update(&s, a, take);
        left -= (long)take;
    }
    uint8_t d[32];
    lte_sha256_final(&s, d);
    for (int i = 0; i < 32; i++)
        sprintf(hex + 2 * i, "%02x", d[i]);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* FORMAT.md: round half away from zero, saturate, never wrap. */
static void test_quantisation(void **state)
{
    (void)state;
    assert_int_equal(vec_quant(0.125, 8, 2), 1);   /* 0.5 -> 1 */
    assert_int_equal(vec_quant(-0.125, 8, 2), -1); /* -0.5 -> -1 */
    assert_int_equal(vec_quant(0.124, 8, 2), 0);
    assert_int_equal(vec_quant(31.75, 8, 2), 127);
    assert_int_equal(vec_quant(1000.0, 8, 2), 127);
    assert_int_equal(vec_quant(-1000.0, 8, 2), -128);
    assert_int_equal(vec_quant(1.0, 16, 14), 16384);
    assert_int_equal(vec_quant(-2.5, 16, 14), -32768);
}

/* The files under vectors/ are exactly what the current code generates. */
static void test_catalogue_regenerates_byte_for_byte(void **state)
{
    (void)state;
    char out[8192];
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s vectors gen --checked-in --out %s/regen", bin, tmp);
    assert_int_equal(run_capture(out, sizeof out, cmd), 0);
    int n, checked = 0;
    const vec_catalogue_entry *cat = vec_catalogue(&n);
    for (int i = 0; i < n; i++) {
        if (!cat[i].checked_in)
            continue;
        checked++;
        int rc = sh("diff -r vectors/%s %s/regen/%s >/dev/null", cat[i].name, tmp, cat[i].name);
        if (rc != 0)
            fail_msg("vectors/%s differs from a fresh 'ltephy vectors gen' (regenerate with "
                     "'make vectors' if the change is intended)",
                     cat[i].name);
    }
    assert_true(checked >= 5);
}

/* The fixed-point turbo decoder's hard bits (stage 13) equal the transmitted
 * code block (stage 3) in a case that decodes: two independent paths of the
 * chain meet. */
static void test_fx_decoder_stage_matches_code_block(void **state)
{
    (void)state;
    const char *d = "vectors/dlsch_25prb_64qam_rv2";
    for (int r = 0; r < 2; r++)
        if (sh("cmp -s %s/03_cb_r%02d.hex %s/13_fx_bits_r%02d.hex", d, r, d, r) != 0)
            fail_msg("code block %d: fixed-point decoder output differs from the sent block", r);
}

static void test_check_pass_and_first_mismatch(void **state)
{
    (void)state;
    char out[16384], cmd[1024];
    const char *g = "vectors/dlsch_6prb_qpsk_rv0";
    snprintf(cmd, sizeof cmd, "%s vectors check --golden %s --dut %s --quiet", bin, g, g);
    assert_int_equal(run_capture(out, sizeof out, cmd), 0);
    assert_non_null(strstr(out, "0 failed"));

    /* flip bit 37 of the rate-matched stream e (word 1, bit 5 from the MSB) */
    assert_int_equal(sh("rm -rf %s/dut && cp -r %s %s/dut", tmp, g, tmp), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/dut/05_e_r00.hex", tmp);
    FILE *fp = fopen(path, "r+");
    assert_non_null(fp);
    char line[16];
    assert_non_null(fgets(line, sizeof line, fp)); /* word 0 */
    long pos = ftell(fp);
    assert_non_null(fgets(line, sizeof line, fp)); /* word 1 */
    unsigned w = (unsigned)strtoul(line, NULL, 16) ^ (1u << (31 - 5));
    fseek(fp, pos, SEEK_SET);
    fprintf(fp, "%08x", w);
    fclose(fp);
    snprintf(cmd, sizeof cmd, "%s vectors check --golden %s --dut %s/dut --quiet", bin, g, tmp);
    assert_int_equal(run_capture(out, sizeof out, cmd), 1);
    assert_non_null(strstr(out, "stage e_r00"));
    assert_non_null(strstr(out, "first mismatch at index 37:"));
    /* exactly that stage is reported, and nothing else */
    assert_non_null(strstr(out, " passed, 1 failed"));
    int fails = 0;
    for (const char *p = out; (p = strstr(p, "FAIL ")) != NULL; p++)
        fails++;
    assert_int_equal(fails, 1);
    assert_null(strstr(out, "stage f "));
    /* --stage restricts the comparison */
    snprintf(cmd, sizeof cmd, "%s vectors check --golden %s --dut %s/dut --stage d1", bin, g, tmp);
    assert_int_equal(run_capture(out, sizeof out, cmd), 0);
}

static void test_check_bad_input(void **state)
{
    (void)state;
    char out[16384], cmd[1024];
    const char *g = "vectors/dlsch_6prb_qpsk_rv0";
    /* truncated file */
    assert_int_equal(sh("rm -rf %s/bad && cp -r %s %s/bad && sed -i '$d' %s/bad/06_f.hex", tmp,
                        g, tmp, tmp),
                     0);
    snprintf(cmd, sizeof cmd, "%s vectors check --golden %s --dut %s/bad", bin, g, tmp);
    assert_int_equal(run_capture(out, sizeof out, cmd), 2);
    assert_non_null(strstr(out, "06_f.hex"));
    assert_non_null(strstr(out, "expected"));
    /* malformed line: the message names file and line */
    assert_int_equal(sh("rm -rf %s/bad && cp -r %s %s/bad && sed -i '3s/.*/zz/' %s/bad/07_llr_in.hex",
                        tmp, g, tmp, tmp),
                     0);
    assert_int_equal(run_capture(out, sizeof out, cmd), 2);
    assert_non_null(strstr(out, "07_llr_in.hex:3:"));
    /* missing file */
    assert_int_equal(sh("rm -rf %s/bad && cp -r %s %s/bad && rm %s/bad/04_d2_r00.hex", tmp, g,
                        tmp, tmp),
                     0);
    assert_int_equal(run_capture(out, sizeof out, cmd), 2);
    assert_non_null(strstr(out, "04_d2_r00.hex"));
    /* a corrupted golden file is caught by its SHA-256 */
    assert_int_equal(sh("rm -rf %s/gold && cp -r %s %s/gold && sed -i '1s/^./f/' %s/gold/01_tb.hex",
                        tmp, g, tmp, tmp),
                     0);
    snprintf(cmd, sizeof cmd, "%s vectors check --golden %s/gold --dut %s", bin, tmp, g);
    assert_int_equal(run_capture(out, sizeof out, cmd), 2);
    assert_non_null(strstr(out, "SHA-256"));
    /* unknown option and unknown case */
    snprintf(cmd, sizeof cmd, "%s vectors check --golden %s --dut %s --frobnicate", bin, g, g);
    assert_int_equal(run_capture(out, sizeof out, cmd), 2);
    assert_non_null(strstr(out, "--frobnicate"));
    snprintf(cmd, sizeof cmd, "%s vectors gen --case no_such_case --out %s/x", bin, tmp);
    assert_int_equal(run_capture(out, sizeof out, cmd), 2);
    assert_non_null(strstr(out, "no_such_case"));
}

/* Same files with 1 and 2 threads and on every SIMD path, in two runs. */
static void test_determinism(void **state)
{
    (void)state;
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    const char *cases[] = {"dlsch_25prb_64qam_rv2", "pdsch_6prb_tm2_2port_16qam"};
    for (size_t c = 0; c < 2; c++) {
        char ref[300];
        snprintf(ref, sizeof ref, "%s/det_ref%zu", tmp, c);
        assert_int_equal(sh("OMP_NUM_THREADS=1 LTEPHY_SIMD=scalar %s vectors gen --case %s "
                            "--out %s >/dev/null",
                            bin, cases[c], ref),
                         0);
        for (int i = 0; i < np; i++)
            for (int t = 1; t <= 2; t++) {
                assert_int_equal(sh("rm -rf %s/det && OMP_NUM_THREADS=%d LTEPHY_SIMD=%s %s "
                                    "vectors gen --case %s --out %s/det >/dev/null",
                                    tmp, t, lte_simd_name(paths[i]), bin, cases[c], tmp),
                                 0);
                if (sh("diff -r %s %s/det >/dev/null", ref, tmp) != 0)
                    fail_msg("%s differs with %d threads on %s", cases[c], t,
                             lte_simd_name(paths[i]));
            }
    }
}

/* ---- downlink control channels, signals and OFDM ------------------------------ */

/* A checked-in case's manifest and its stages, by stage name. */
typedef struct ctrl_case {
    vec_case *m;
    char dir[300];
} ctrl_case;

static void cc_open(ctrl_case *cc, const char *name)
{
    snprintf(cc->dir, sizeof cc->dir, "vectors/%s", name);
    cc->m = calloc(1, sizeof *cc->m);
    assert_non_null(cc->m);
    if (vec_manifest_read(cc->dir, cc->m) < 0)
        fail_msg("%s: %s", cc->dir, lte_errdetail());
}

static void cc_close(ctrl_case *cc) { free(cc->m); }

static long cc_param(const ctrl_case *cc, const char *key)
{
    for (int i = 0; i < cc->m->nparams; i++)
        if (!strcmp(cc->m->pkey[i], key))
            return atol(cc->m->pval[i]);
    fail_msg("%s: no parameter %s", cc->dir, key);
    return -1;
}

/* Values of a stage (the first file of that stage: cf32 before cint, as
 * written); NULL if the case has no such stage. */
static double *cc_load(const ctrl_case *cc, const char *stage, long *n)
{
    for (int i = 0; i < cc->m->nfiles; i++)
        if (!strcmp(cc->m->files[i].stage, stage)) {
            double *v;
            if (vec_load(cc->dir, &cc->m->files[i], &v, n) < 0)
                fail_msg("%s: %s", cc->dir, lte_errdetail());
            return v;
        }
    return NULL;
}

static double *cc_need(const ctrl_case *cc, const char *stage, long *n)
{
    double *v = cc_load(cc, stage, n);
    if (!v)
        fail_msg("%s: no stage %s", cc->dir, stage);
    return v;
}

/* 36.211 §7.2 straight from the recursion, one bit at a time. */
static void gold_ref(uint32_t c_init, long n, uint8_t *c)
{
    uint8_t *x1 = calloc((size_t)(n + 1600 + 31), 1), *x2 = calloc((size_t)(n + 1600 + 31), 1);
    assert_true(x1 && x2);
    x1[0] = 1;
    for (int i = 0; i < 31; i++)
        x2[i] = (uint8_t)((c_init >> i) & 1u);
    for (long k = 0; k + 31 < n + 1600 + 31; k++) {
        x1[k + 31] = x1[k + 3] ^ x1[k];
        x2[k + 31] = x2[k + 3] ^ x2[k + 2] ^ x2[k + 1] ^ x2[k];
    }
    for (long i = 0; i < n; i++)
        c[i] = x1[i + 1600] ^ x2[i + 1600];
    free(x1);
    free(x2);
}

/* 36.212 §5.1.1 CRC16, g(D) = D^16 + D^12 + D^5 + 1, bit-serial long division. */
static unsigned crc16_ref(const double *a, long n)
{
    unsigned r = 0;
    for (long i = 0; i < n; i++) {
        unsigned fb = ((r >> 15) & 1u) ^ (unsigned)a[i];
        r = (r << 1) & 0xffffu;
        if (fb)
            r ^= 0x1021u;
    }
    return r;
}

/* 36.212 §5.1.3.1 tail-biting convolutional code, G0 = 133, G1 = 171, G2 =
 * 165 (octal), d_i(k) = sum_j g_i(j) c(k - j), indices mod K. */
static void tbcc_ref(const double *c, long K, int stream, uint8_t *d)
{
    static const unsigned g[3] = {0133, 0171, 0165};
    for (long k = 0; k < K; k++) {
        unsigned s = 0;
        for (int j = 0; j <= 6; j++)
            if ((g[stream] >> (6 - j)) & 1u)
                s ^= (unsigned)c[((k - j) % K + K) % K];
        d[k] = (uint8_t)s;
    }
}

static const char *ctrl_cases[] = {
    "pbch_6prb_1port",       "pbch_15prb_2port_sfn513", "pbch_6prb_4port_ext_cp",
    "pcfich_6prb_cfi1_1port", "pcfich_25prb_cfi2_2port", "pcfich_15prb_cfi3_4port_tdd",
    "phich_25prb_2port",     "phich_15prb_4port_ext_cp", "pdcch_25prb_cfi3_2port",
    "pdcch_6prb_cfi3_4port", "pdcch_15prb_cfi2_1port_ext_cp"};

/* Every scrambling sequence is the §7.2 Gold sequence of the manifest's
 * c_init (a second, bit-serial implementation), and every scrambled stage
 * is its input XOR that sequence (PDCCH: <NIL> positions stay 0). */
static void test_ctrl_scrambling(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ctrl_cases / sizeof *ctrl_cases; i++) {
        ctrl_case cc;
        cc_open(&cc, ctrl_cases[i]);
        long n, ni, nn = 0;
        double *s = cc_need(&cc, "scr_seq", &n);
        uint8_t *c = malloc((size_t)n);
        assert_non_null(c);
        gold_ref((uint32_t)cc_param(&cc, "c_init"), n, c);
        for (long k = 0; k < n; k++)
            if ((int)s[k] != c[k])
                fail_msg("%s: scr_seq bit %ld differs from the 36.211 §7.2 sequence", cc.dir, k);
        const char *chain = cc.m->chain;
        const char *in = !strcmp(chain, "pbch") ? "e" : !strcmp(chain, "pcfich") ? "cfi_code"
                         : !strcmp(chain, "pdcch") ? "mux" : NULL;
        if (in) {
            double *x = cc_need(&cc, in, &ni), *y = cc_need(&cc, "scrambled", &nn);
            double *nil = !strcmp(chain, "pdcch") ? cc_need(&cc, "nil_mask", &nn) : NULL;
            assert_int_equal(ni, n);
            for (long k = 0; k < n; k++) {
                int want = nil && nil[k] ? 0 : ((int)x[k] ^ c[k]);
                if ((int)y[k] != want)
                    fail_msg("%s: scrambled bit %ld is not %s XOR c", cc.dir, k, in);
            }
            free(x);
            free(y);
            free(nil);
        }
        free(s);
        free(c);
        cc_close(&cc);
    }
}

/* Coding stages against the spec, by second implementations: BCH/DCI CRC16
 * with the port mask (Table 5.3.1.1-1) or the RNTI; the TBCC streams; the
 * CFI codewords (Table 5.3.4-1); the PHICH orthogonal sequences (Table
 * 6.9.1-2). */
static void test_ctrl_coding_spec(void **state)
{
    (void)state;
    long n, nd;
    /* BCH: a | (CRC16 XOR x_ant), x_ant = 0 (1 port), all ones (2), 0101... (4) */
    const char *pbch[3] = {"pbch_6prb_1port", "pbch_15prb_2port_sfn513", "pbch_6prb_4port_ext_cp"};
    for (int i = 0; i < 3; i++) {
        ctrl_case cc;
        cc_open(&cc, pbch[i]);
        long P = cc_param(&cc, "ports");
        unsigned mask = P == 1 ? 0u : P == 2 ? 0xffffu : 0x5555u;
        double *mib = cc_need(&cc, "mib", &n), *cb = cc_need(&cc, "mib_crc", &nd);
        assert_int_equal(n, 24);
        assert_int_equal(nd, 40);
        unsigned p = crc16_ref(mib, 24) ^ mask;
        for (int k = 0; k < 40; k++) {
            int want = k < 24 ? (int)mib[k] : (int)((p >> (39 - k)) & 1u);
            if ((int)cb[k] != want)
                fail_msg("%s: mib_crc bit %d", cc.dir, k);
        }
        for (int st = 0; st < 3; st++) {
            char name[8];
            uint8_t d[40];
            snprintf(name, sizeof name, "d%d", st);
            double *dv = cc_need(&cc, name, &nd);
            tbcc_ref(cb, 40, st, d);
            for (int k = 0; k < 40; k++)
                if ((int)dv[k] != d[k])
                    fail_msg("%s: %s bit %d differs from the tail-biting code", cc.dir, name, k);
            free(dv);
        }
        free(mib);
        free(cb);
        cc_close(&cc);
    }
    /* DCI: CRC16 XOR the 16-bit RNTI (x_rnti,0 = its MSB) */
    ctrl_case cc;
    cc_open(&cc, "pdcch_25prb_cfi3_2port");
    double *list = cc_need(&cc, "dci_list", &n);
    for (long a = 0; a < n / 5; a++) {
        char name[32];
        snprintf(name, sizeof name, "payload_a%02ld", a);
        double *pay = cc_need(&cc, name, &nd);
        snprintf(name, sizeof name, "crc_a%02ld", a);
        long nc;
        double *cb = cc_need(&cc, name, &nc);
        assert_int_equal(nd, (long)list[5 * a + 3]);
        assert_int_equal(nc, nd + 16);
        unsigned p = crc16_ref(pay, nd) ^ (unsigned)list[5 * a];
        for (long k = 0; k < 16; k++)
            if ((int)cb[nd + k] != (int)((p >> (15 - k)) & 1u))
                fail_msg("%s: %s parity bit %ld", cc.dir, name, k);
        free(pay);
        free(cb);
    }
    free(list);
    cc_close(&cc);
    /* CFI codewords: the 3-bit patterns 011, 101, 110 repeated */
    const char *pcf[3] = {"pcfich_6prb_cfi1_1port", "pcfich_25prb_cfi2_2port",
                          "pcfich_15prb_cfi3_4port_tdd"};
    static const int pat[3][3] = {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}};
    for (int i = 0; i < 3; i++) {
        cc_open(&cc, pcf[i]);
        long cfi = cc_param(&cc, "cfi");
        assert_int_equal(cfi, i + 1);
        double *b = cc_need(&cc, "cfi_code", &n);
        assert_int_equal(n, 32);
        for (int k = 0; k < 32; k++)
            assert_int_equal((int)b[k], pat[cfi - 1][k % 3]);
        free(b);
        cc_close(&cc);
    }
    /* Table 6.9.1-2: normal CP [+1 +1 +1 +1] [+1 -1 +1 -1] [+1 +1 -1 -1]
     * [+1 -1 -1 +1] and j times them; extended CP [+1 +1] [+1 -1] and j times */
    static const int w4[4][4] = {{1, 1, 1, 1}, {1, -1, 1, -1}, {1, 1, -1, -1}, {1, -1, -1, 1}};
    const char *ph[2] = {"phich_25prb_2port", "phich_15prb_4port_ext_cp"};
    for (int i = 0; i < 2; i++) {
        cc_open(&cc, ph[i]);
        int sf = (int)cc_param(&cc, "n_sf");
        double *ind = cc_need(&cc, "hi_ind", &n), *w = cc_need(&cc, "orth_seq", &nd);
        assert_int_equal(nd, 2 * sf * (n / 3));
        for (long a = 0; a < n / 3; a++) {
            int seq = (int)ind[3 * a + 1], base = seq % sf, imag = seq >= sf;
            for (int s = 0; s < sf; s++) {
                int v = sf == 4 ? w4[base][s] : (base == 0 ? 1 : (s ? -1 : 1));
                assert_true(fabs(w[2 * (sf * a + s)] - (imag ? 0 : v)) < 1e-6);
                assert_true(fabs(w[2 * (sf * a + s) + 1] - (imag ? v : 0)) < 1e-6);
            }
        }
        free(ind);
        free(w);
        cc_close(&cc);
    }
}

/* The receivers of the cases decode what was sent (round trip). A DCI sent
 * at level L may be found as a larger candidate starting at the same CCE
 * whose other CCEs are empty (its bits are a prefix of that candidate's:
 * 36.213 cannot tell them apart), so L is not compared. */
static void test_ctrl_receivers_round_trip(void **state)
{
    (void)state;
    long n, nd;
    for (size_t i = 0; i < sizeof ctrl_cases / sizeof *ctrl_cases; i++) {
        ctrl_case cc;
        cc_open(&cc, ctrl_cases[i]);
        const char *chain = cc.m->chain;
        if (!strcmp(chain, "pbch")) {
            double *a = cc_need(&cc, "mib", &n), *b = cc_need(&cc, "mib_decoded", &nd);
            double *f = cc_need(&cc, "crc_ok_ports_offset", &nd);
            assert_memory_equal(a, b, sizeof(double) * 24);
            assert_int_equal((int)f[0], 1);
            assert_int_equal((int)f[1], cc_param(&cc, "ports"));
            assert_int_equal((int)f[2], cc_param(&cc, "sfn") % 4);
            free(a); free(b); free(f);
        } else if (!strcmp(chain, "pcfich")) {
            double *d = cc_need(&cc, "cfi_decoded", &n);
            assert_int_equal((int)d[0], cc_param(&cc, "cfi"));
            free(d);
        } else if (!strcmp(chain, "phich")) {
            double *a = cc_need(&cc, "hi_ind", &n), *b = cc_need(&cc, "hi_decoded", &nd);
            assert_int_equal(n, nd);
            assert_memory_equal(a, b, sizeof(double) * (size_t)n);
            free(a); free(b);
        } else {
            double *sent = cc_need(&cc, "dci_list", &n), *found = cc_need(&cc, "dci_found", &nd);
            long nb;
            double *fb = cc_need(&cc, "payload_found", &nb);
            assert_int_equal(n, nd); /* nothing missing, nothing extra */
            for (long a = 0; a < n / 5; a++) {
                char name[32];
                snprintf(name, sizeof name, "payload_a%02ld", a);
                long np;
                double *pay = cc_need(&cc, name, &np);
                int ok = 0;
                long off = 0;
                for (long f = 0; f < nd / 5 && !ok; f++) {
                    const double *s = sent + 5 * a, *g = found + 5 * f;
                    ok = g[0] == s[0] && g[2] == s[2] && g[3] == s[3] && g[4] == s[4] &&
                         g[1] >= s[1] && !memcmp(fb + off, pay, sizeof(double) * (size_t)np);
                    off += (long)g[3];
                }
                if (!ok)
                    fail_msg("%s: DCI %ld (RNTI %.0f, CCE %.0f) not found", cc.dir, a,
                             sent[5 * a], sent[5 * a + 2]);
                free(pay);
            }
            free(sent); free(found); free(fb);
        }
        cc_close(&cc);
    }
}

/* The §6.8.5 quadruplet permutation: sub-block interleaver of 36.212
 * §5.1.4.2.1 (Table 5.1.4-2 column pattern, <NULL>s first and dropped),
 * then the cyclic shift by N_ID^cell. */
static void test_ctrl_pdcch_permutation(void **state)
{
    (void)state;
    static const int colperm[32] = {1, 17, 9, 25, 5, 21, 13, 29, 3, 19, 11, 27, 7, 23, 15, 31,
                                    0, 16, 8, 24, 4, 20, 12, 28, 2, 18, 10, 26, 6, 22, 14, 30};
    const char *cases[3] = {"pdcch_25prb_cfi3_2port", "pdcch_6prb_cfi3_4port",
                            "pdcch_15prb_cfi2_1port_ext_cp"};
    for (int i = 0; i < 3; i++) {
        ctrl_case cc;
        cc_open(&cc, cases[i]);
        long m = cc_param(&cc, "n_reg"), id = cc_param(&cc, "cell_id"), n;
        double *perm = cc_need(&cc, "quad_perm", &n);
        assert_int_equal(n, m);
        long rows = (m + 31) / 32, nd = 32 * rows - m, t = 0;
        long *w = malloc(sizeof *w * (size_t)m);
        assert_non_null(w);
        for (int col = 0; col < 32; col++)
            for (long r = 0; r < rows; r++) {
                long src = r * 32 + colperm[col] - nd;
                if (src >= 0)
                    w[t++] = src;
            }
        assert_int_equal(t, m);
        for (long j = 0; j < m; j++)
            if ((long)perm[j] != w[(j + id) % m])
                fail_msg("%s: quad_perm[%ld] = %.0f, expected %ld", cc.dir, j, perm[j],
                         w[(j + id) % m]);
        free(w);
        free(perm);
        cc_close(&cc);
    }
}

/* PSS (36.211 §6.11.1.1: d_u(n) = e^{-j pi u n(n+1)/63}, n = 0..30, and
 * e^{-j pi u (n+1)(n+2)/63}, n = 31..61) and one OFDM symbol by a direct
 * evaluation of the §6.12 formula (sum over the subcarriers, CP included,
 * unitary scaling 1/sqrt(N)). */
static void test_signals_and_ofdm_formulas(void **state)
{
    (void)state;
    static const int roots[3] = {25, 29, 34};
    const char *sig[4] = {"signals_6prb_fdd_cell0_sf0_1port", "signals_15prb_fdd_cell301_sf5_2port",
                          "signals_6prb_tdd_cell150_sf1_4port",
                          "signals_6prb_tdd_cell503_sf0_ext_cp_2port"};
    long n, nt;
    for (int i = 0; i < 4; i++) {
        ctrl_case cc;
        cc_open(&cc, sig[i]);
        int u = roots[cc_param(&cc, "cell_id") % 3];
        double *d = cc_need(&cc, "pss_seq", &n);
        assert_int_equal(n, 124);
        for (int k = 0; k < 62; k++) {
            double ph = k < 31 ? -M_PI * u * k * (k + 1) / 63.0 : -M_PI * u * (k + 1) * (k + 2) / 63.0;
            assert_true(fabs(d[2 * k] - cos(ph)) < 1e-5 && fabs(d[2 * k + 1] - sin(ph)) < 1e-5);
        }
        free(d);
        cc_close(&cc);
    }
    const char *of[2] = {"ofdm_6prb_normal_cp", "ofdm_15prb_extended_cp"};
    for (int i = 0; i < 2; i++) {
        ctrl_case cc;
        cc_open(&cc, of[i]);
        long N = cc_param(&cc, "fft_size"), nsc = 12 * cc_param(&cc, "n_rb");
        double *a = cc_need(&cc, "grid", &n), *t = cc_need(&cc, "time", &nt);
        double *cp = cc_need(&cc, "cp_len", &n);
        long ncp = (long)cp[0];
        double maxe = 0;
        for (long s = 0; s < ncp + N; s++) {
            double re = 0, im = 0;
            for (long k = 0; k < nsc; k++) {
                /* grid k' < N_sc/2 -> frequency k' - N_sc/2, else k' - N_sc/2 + 1 (DC unused) */
                long f = k < nsc / 2 ? k - nsc / 2 : k - nsc / 2 + 1;
                double ph = 2 * M_PI * (double)f * (double)(s - ncp) / (double)N;
                re += a[2 * k] * cos(ph) - a[2 * k + 1] * sin(ph);
                im += a[2 * k] * sin(ph) + a[2 * k + 1] * cos(ph);
            }
            re /= sqrt((double)N);
            im /= sqrt((double)N);
            maxe = fmax(maxe, fmax(fabs(re - t[2 * s]), fabs(im - t[2 * s + 1])));
        }
        if (maxe > 1e-4)
            fail_msg("%s: symbol 0 differs from the §6.12 formula by %g", cc.dir, maxe);
        free(a);
        free(t);
        free(cp);
        cc_close(&cc);
    }
}

/* The fixed-point copies of the new chains' float stages never saturate:
 * every cf32 value lies inside the range of its cint twin's Q format. */
static void test_ctrl_fixed_point_in_range(void **state)
{
    (void)state;
    const char *pre[] = {"pbch_", "pcfich_", "phich_", "pdcch_", "signals_", "ofdm_"};
    int n, seen = 0;
    const vec_catalogue_entry *cat = vec_catalogue(&n);
    for (int i = 0; i < n; i++) {
        int mine = 0;
        for (size_t k = 0; k < sizeof pre / sizeof *pre; k++)
            mine |= !strncmp(cat[i].name, pre[k], strlen(pre[k]));
        if (!mine || !cat[i].checked_in)
            continue;
        ctrl_case cc;
        cc_open(&cc, cat[i].name);
        for (int f = 0; f < cc.m->nfiles; f++) {
            const vec_file *a = &cc.m->files[f];
            if (a->kind != VEC_CF32)
                continue;
            const vec_file *q = NULL;
            for (int g = 0; g < cc.m->nfiles; g++)
                if (cc.m->files[g].kind == VEC_CINT && !strcmp(cc.m->files[g].stage, a->stage))
                    q = &cc.m->files[g];
            assert_non_null(q);
            double lim = (ldexp(1.0, q->width - 1) - 1) / ldexp(1.0, q->frac), *v;
            long nv;
            if (vec_load(cc.dir, a, &v, &nv) < 0)
                fail_msg("%s", lte_errdetail());
            for (long k = 0; k < nv; k++)
                if (fabs(v[k]) > lim)
                    fail_msg("%s: stage %s value %g saturates Q%d.%d", cc.dir, a->stage, v[k],
                             q->width - q->frac - 1, q->frac);
            free(v);
            seen++;
        }
        cc_close(&cc);
    }
    assert_true(seen > 50);
}

/* The determinism requirement for the new chains: same files with 1 and 2
 * threads, on every SIMD path, in two runs (scalar / 1 thread twice). */
static void test_determinism_ctrl(void **state)
{
    (void)state;
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    const char *cases[] = {"pbch_6prb_4port_ext_cp", "phich_15prb_4port_ext_cp",
                           "pdcch_25prb_cfi3_2port", "signals_6prb_tdd_cell150_sf1_4port",
                           "ofdm_100prb_normal_cp"};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char ref[300];
        snprintf(ref, sizeof ref, "%s/detc_ref%zu", tmp, c);
        assert_int_equal(sh("OMP_NUM_THREADS=1 LTEPHY_SIMD=scalar %s vectors gen --case %s "
                            "--out %s >/dev/null",
                            bin, cases[c], ref),
                         0);
        for (int i = 0; i < np; i++)
            for (int t = 1; t <= 2; t++) {
                assert_int_equal(sh("rm -rf %s/detc && OMP_NUM_THREADS=%d LTEPHY_SIMD=%s %s "
                                    "vectors gen --case %s --out %s/detc >/dev/null",
                                    tmp, t, lte_simd_name(paths[i]), bin, cases[c], tmp),
                                 0);
                if (sh("diff -r %s %s/detc >/dev/null", ref, tmp) != 0)
                    fail_msg("%s differs with %d threads on %s", cases[c], t,
                             lte_simd_name(paths[i]));
            }
    }
}

/* check on a control case: one flipped bit in a DCI's rate-matched stream
 * is reported at exactly that stage and index. */
static void test_check_ctrl_flip(void **state)
{
    (void)state;
    char out[16384], cmd[1024];
    const char *g = "vectors/pdcch_6prb_cfi3_4port";
    assert_int_equal(sh("rm -rf %s/dutc && cp -r %s %s/dutc", tmp, g, tmp), 0);
    /* bit 3 of e_a01 (first word, bit 28) */
    char path[512];
    snprintf(path, sizeof path, "%s/dutc/05_e_a01.hex", tmp);
    FILE *fp = fopen(path, "r+");
    assert_non_null(fp);
    char line[16];
    assert_non_null(fgets(line, sizeof line, fp));
    unsigned w = (unsigned)strtoul(line, NULL, 16) ^ (1u << 28);
    fseek(fp, 0, SEEK_SET);
    fprintf(fp, "%08x", w);
    fclose(fp);
    snprintf(cmd, sizeof cmd, "%s vectors check --golden %s --dut %s/dutc --quiet", bin, g, tmp);
    assert_int_equal(run_capture(out, sizeof out, cmd), 1);
    assert_non_null(strstr(out, "stage e_a01"));
    assert_non_null(strstr(out, "first mismatch at index 3:"));
    assert_non_null(strstr(out, " passed, 1 failed"));
}

/* ---- uplink: the PUSCH chain -------------------------------------------------- */

static const char *pusch_cases[] = {"pusch_a1_4_3prb_qpsk", "pusch_a3_2_6prb_qpsk",
                                    "pusch_a4_3_6prb_16qam", "pusch_a5_2_6prb_64qam"};

/* 36.211 Tables 7.1.2-1, 7.1.3-1, 7.1.4-1 as closed forms (Gray-coded
 * amplitude levels per axis): I from the even bits, Q from the odd ones. */
static void ul_mod_ref(const double *b, int qm, double *re, double *im)
{
    double a[2];
    for (int ax = 0; ax < 2; ax++) {
        double s0 = 1 - 2 * b[ax];
        if (qm == 2)
            a[ax] = s0 / sqrt(2.0);
        else if (qm == 4)
            a[ax] = s0 * (2 - (1 - 2 * b[ax + 2])) / sqrt(10.0);
        else
            a[ax] = s0 * (4 - (1 - 2 * b[ax + 2]) * (2 - (1 - 2 * b[ax + 4]))) / sqrt(42.0);
    }
    *re = a[0];
    *im = a[1];
}

/* 36.211 §5.5.2.1.1 / §5.5.1 for M_sc >= 36 (Zadoff-Chu base sequences), no
 * group or sequence hopping, one layer, from the spec text: f_ss = N_ID mod
 * 30 (Delta_ss = 0), u = f_ss, v = 0, N_ZC the largest prime below M_sc,
 * q = floor(N_ZC (u+1)/31 + 1/2), n_cs = (n1 + n2 + n_PN(n_s)) mod 12 with
 * n_PN from c(8 N_symb n_s + i), c_init = floor(N_ID/30) 2^5 + f_ss. */
static void ul_dmrs_ref(int cell_id, int cyclic_shift, int cs_field, int ns, int m_sc,
                        double *out)
{
    static const int n1[8] = {0, 2, 3, 4, 6, 8, 9, 10};  /* Table 5.5.2.1.1-2 */
    static const int n2[8] = {0, 6, 3, 4, 2, 8, 10, 9};  /* Table 5.5.2.1.1-1, lambda 0 */
    int nzc = m_sc - 1;
    for (;; nzc--) {
        int prime = nzc > 1;
        for (int d = 2; d * d <= nzc && prime; d++)
            prime = nzc % d != 0;
        if (prime)
            break;
    }
    int fss = cell_id % 30, u = fss;
    double qbar = (double)nzc * (u + 1) / 31.0;
    long q = (long)floor(qbar + 0.5);
    uint32_t c_init = (uint32_t)((cell_id / 30) * 32 + fss);
    uint8_t c[8 * 7 * 20 + 8];
    gold_ref(c_init, 8 * 7 * 20 + 8, c);
    int npn = 0;
    for (int i = 0; i < 8; i++)
        npn += c[8 * 7 * ns + i] << i;
    int ncs = (n1[cyclic_shift] + n2[cs_field] + npn) % 12;
    double alpha = 2 * M_PI * ncs / 12.0;
    for (int n = 0; n < m_sc; n++) {
        long m = n % nzc;
        double ph = -M_PI * (double)q * (double)m * (double)(m + 1) / nzc + alpha * n;
        out[2 * n] = cos(ph);
        out[2 * n + 1] = sin(ph);
    }
}

/* Every transmit stage of the PUSCH cases from the spec's formulas, written
 * here independently of the library: scrambling (§5.3.1, c_init from the
 * manifest's RNTI, subframe and cell), modulation (§7.1), transform
 * precoding (§5.3.3, a plain DFT), the DMRS (§5.5.2.1.1), the mapping
 * (§5.3.4: data in symbols other than 3 and 10, the allocation only), and
 * SC-FDMA symbols 0 and 1 (§5.6, the half-subcarrier shift). */
static void test_pusch_tx_formulas(void **state)
{
    (void)state;
    for (size_t ci = 0; ci < sizeof pusch_cases / sizeof *pusch_cases; ci++) {
        ctrl_case cc;
        cc_open(&cc, pusch_cases[ci]);
        long rnti = cc_param(&cc, "rnti"), sf = cc_param(&cc, "subframe"), cell = cc_param(&cc, "cell_id");
        long qm = cc_param(&cc, "q_m"), prb = cc_param(&cc, "prb"), p0 = cc_param(&cc, "prb_start");
        long nrb = cc_param(&cc, "n_rb"), N = cc_param(&cc, "fft_size");
        long m_sc = 12 * prb, nsc = 12 * nrb;
        uint32_t c_init = (uint32_t)(rnti * 16384 + sf * 512 + cell); /* floor(2 sf / 2) 2^9 */
        assert_int_equal((long)c_init, cc_param(&cc, "c_init"));
        long n, nb, nsym, nz, ng, nt, nd;
        double *h = cc_need(&cc, "interleaved", &n), *b = cc_need(&cc, "scrambled", &nb);
        assert_int_equal(n, 12 * m_sc * qm);
        assert_int_equal(nb, n);
        /* §5.2.2.8 without UCI: the Q_m-bit groups of f written row by row
         * into M_sc rows of 12 columns, read out column by column */
        long nf;
        double *fv = cc_need(&cc, "f", &nf);
        assert_int_equal(nf, n);
        for (long col = 0, o = 0; col < 12; col++)
            for (long row = 0; row < m_sc; row++, o++)
                for (long q = 0; q < qm; q++)
                    if (h[o * qm + q] != fv[(row * 12 + col) * qm + q])
                        fail_msg("%s: interleaved bit %ld", cc.dir, o * qm + q);
        free(fv);
        uint8_t *cs = malloc((size_t)n);
        gold_ref(c_init, n, cs);
        long nc;
        double *seq = cc_need(&cc, "scr_seq", &nc);
        assert_int_equal(nc, n);
        for (long i = 0; i < n; i++) {
            if ((int)seq[i] != cs[i])
                fail_msg("%s: scrambling sequence bit %ld", cc.dir, i);
            if ((int)b[i] != ((int)h[i] ^ cs[i]))
                fail_msg("%s: scrambled bit %ld", cc.dir, i);
        }
        free(seq);
        free(cs);
        double *x = cc_need(&cc, "symbols", &nsym);
        assert_int_equal(nsym, 2 * 12 * m_sc);
        for (long i = 0; i < nsym / 2; i++) {
            double re, im;
            ul_mod_ref(b + i * qm, (int)qm, &re, &im);
            if (fabs(re - x[2 * i]) > 1e-6 || fabs(im - x[2 * i + 1]) > 1e-6)
                fail_msg("%s: symbol %ld", cc.dir, i);
        }
        double *z = cc_need(&cc, "precoded", &nz), maxe = 0;
        for (long l = 0; l < 12; l++)
            for (long k = 0; k < m_sc; k++) {
                double re = 0, im = 0;
                for (long i = 0; i < m_sc; i++) {
                    double ph = -2 * M_PI * (double)(i * k % m_sc) / (double)m_sc;
                    const double *xi = x + 2 * (l * m_sc + i);
                    re += xi[0] * cos(ph) - xi[1] * sin(ph);
                    im += xi[0] * sin(ph) + xi[1] * cos(ph);
                }
                re /= sqrt((double)m_sc);
                im /= sqrt((double)m_sc);
                const double *zi = z + 2 * (l * m_sc + k);
                maxe = fmax(maxe, fmax(fabs(re - zi[0]), fabs(im - zi[1])));
            }
        if (maxe > 1e-4)
            fail_msg("%s: transform precoding differs from the DFT by %g", cc.dir, maxe);
        double *dm = cc_need(&cc, "dmrs", &nd);
        assert_int_equal(nd, 2 * 2 * m_sc);
        double *ref = malloc(sizeof(double) * 2 * (size_t)m_sc);
        for (int slot = 0; slot < 2; slot++) {
            ul_dmrs_ref((int)cell, (int)cc_param(&cc, "cyclic_shift"), (int)cc_param(&cc, "cs_field"),
                        (int)(2 * sf + slot), (int)m_sc, ref);
            for (long k = 0; k < 2 * m_sc; k++)
                if (fabs(ref[k] - dm[2 * m_sc * slot + k]) > 1e-4)
                    fail_msg("%s: DMRS slot %d value %ld: %g, spec %g", cc.dir, slot, k / 2,
                             dm[2 * m_sc * slot + k], ref[k]);
        }
        free(ref);
        double *g = cc_need(&cc, "grid", &ng);
        assert_int_equal(ng, 2 * 14 * nsc);
        for (long l = 0, d = 0; l < 14; l++)
            for (long k = 0; k < nsc; k++) {
                const double *a = g + 2 * (l * nsc + k);
                int in = k >= 12 * p0 && k < 12 * p0 + m_sc;
                double er = 0, ei = 0;
                if (in && (l == 3 || l == 10)) {
                    er = dm[2 * (m_sc * (l == 10) + k - 12 * p0)];
                    ei = dm[2 * (m_sc * (l == 10) + k - 12 * p0) + 1];
                } else if (in) {
                    er = z[2 * d];
                    ei = z[2 * d + 1];
                    d++;
                }
                if (fabs(a[0] - er) > 1e-6 || fabs(a[1] - ei) > 1e-6)
                    fail_msg("%s: grid RE (%ld, %ld)", cc.dir, l, k);
            }
        double *t = cc_need(&cc, "time", &nt);
        assert_int_equal(nt, 2 * 15 * N);
        maxe = 0;
        for (int l = 0; l < 2; l++) {
            long ncp = (l == 0 ? 160 : 144) * N / 2048, start = l == 0 ? 0 : N + 160 * N / 2048;
            for (long s = 0; s < ncp + N; s++) {
                double re = 0, im = 0;
                for (long k = 0; k < nsc; k++) {
                    double f = (double)(k - nsc / 2) + 0.5;
                    double ph = 2 * M_PI * f * (double)(s - ncp) / (double)N;
                    const double *a = g + 2 * (l * nsc + k);
                    re += a[0] * cos(ph) - a[1] * sin(ph);
                    im += a[0] * sin(ph) + a[1] * cos(ph);
                }
                re /= sqrt((double)N);
                im /= sqrt((double)N);
                maxe = fmax(maxe, fmax(fabs(re - t[2 * (start + s)]), fabs(im - t[2 * (start + s) + 1])));
            }
        }
        if (maxe > 1e-4)
            fail_msg("%s: SC-FDMA symbols 0-1 differ from the §5.6 formula by %g", cc.dir, maxe);
        free(h);
        free(b);
        free(x);
        free(z);
        free(dm);
        free(g);
        free(t);
        cc_close(&cc);
    }
}

/* The receive side of the PUSCH cases: the decoded block is the transmitted
 * one with every CRC good (the SNRs are chosen for that), and the
 * de-rate-matched soft values agree in sign with the turbo streams d0, d1,
 * d2 (positive = 0) where they are not zero (punctured). */
static void test_pusch_rx_round_trip(void **state)
{
    (void)state;
    for (size_t ci = 0; ci < sizeof pusch_cases / sizeof *pusch_cases; ci++) {
        ctrl_case cc;
        cc_open(&cc, pusch_cases[ci]);
        long n, m, C = cc_param(&cc, "C");
        double *tb = cc_need(&cc, "tb", &n), *dec = cc_need(&cc, "tb_decoded", &m);
        assert_int_equal(n, m);
        assert_memory_equal(tb, dec, sizeof(double) * (size_t)n);
        double *fl = cc_need(&cc, "crc_ok_cbs_ok", &m);
        assert_true(fl[0] == 1 && fl[1] == (double)C);
        for (long r = 0; r < C; r++) {
            char st[32];
            long ns, nd;
            snprintf(st, sizeof st, "soft_r%02ld", r);
            double *soft = cc_need(&cc, st, &ns);
            long K4 = ns / 3, agree = 0, nz = 0;
            for (int k = 0; k < 3; k++) {
                snprintf(st, sizeof st, "d%d_r%02ld", k, r);
                double *d = cc_need(&cc, st, &nd);
                assert_int_equal(nd, K4);
                for (long i = 0; i < K4; i++) {
                    double v = soft[k * K4 + i];
                    if (v != 0) {
                        nz++;
                        agree += (v > 0) == (d[i] == 0);
                    }
                }
                free(d);
            }
            if (nz == 0 || agree < nz * 9 / 10)
                fail_msg("%s: soft values of block %ld agree in sign %ld of %ld", cc.dir, r, agree, nz);
            free(soft);
        }
        free(tb);
        free(dec);
        free(fl);
        cc_close(&cc);
    }
}

/* Same PUSCH files with 1 and 2 threads and on every SIMD path. */
static void test_determinism_pusch(void **state)
{
    (void)state;
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    const char *cases[] = {"pusch_a4_3_6prb_16qam", "pusch_a5_2_6prb_64qam"};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char ref[300];
        snprintf(ref, sizeof ref, "%s/detu_ref%zu", tmp, c);
        assert_int_equal(sh("OMP_NUM_THREADS=1 LTEPHY_SIMD=scalar %s vectors gen --case %s "
                            "--out %s >/dev/null",
                            bin, cases[c], ref),
                         0);
        for (int i = 0; i < np; i++)
            for (int t = 1; t <= 2; t++) {
                assert_int_equal(sh("rm -rf %s/detu && OMP_NUM_THREADS=%d LTEPHY_SIMD=%s %s "
                                    "vectors gen --case %s --out %s/detu >/dev/null",
                                    tmp, t, lte_simd_name(paths[i]), bin, cases[c], tmp),
                                 0);
                if (sh("diff -r %s %s/detu >/dev/null", ref, tmp) != 0)
                    fail_msg("%s differs with %d threads on %s", cases[c], t,
                             lte_simd_name(paths[i]));
            }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_fips),
        cmocka_unit_test(test_quantisation),
        cmocka_unit_test(test_catalogue_regenerates_byte_for_byte),
        cmocka_unit_test(test_fx_decoder_stage_matches_code_block),
        cmocka_unit_test(test_check_pass_and_first_mismatch),
        cmocka_unit_test(test_check_bad_input),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_ctrl_scrambling),
        cmocka_unit_test(test_ctrl_coding_spec),
        cmocka_unit_test(test_ctrl_receivers_round_trip),
        cmocka_unit_test(test_ctrl_pdcch_permutation),
        cmocka_unit_test(test_signals_and_ofdm_formulas),
        cmocka_unit_test(test_ctrl_fixed_point_in_range),
        cmocka_unit_test(test_determinism_ctrl),
        cmocka_unit_test(test_check_ctrl_flip),
        cmocka_unit_test(test_pusch_tx_formulas),
        cmocka_unit_test(test_pusch_rx_round_trip),
        cmocka_unit_test(test_determinism_pusch),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
