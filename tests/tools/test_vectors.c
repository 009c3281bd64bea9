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

/* Generate each case with one thread on the scalar path, then with 1 and 2
 * threads on every SIMD path, and require identical folders. */
static void check_determinism(const char *const *cases, size_t n, const char *tag)
{
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (size_t c = 0; c < n; c++) {
        char ref[300];
        snprintf(ref, sizeof ref, "%s/%s_ref%zu", tmp, tag, c);
        assert_int_equal(sh("OMP_NUM_THREADS=1 LTEPHY_SIMD=scalar %s vectors gen --case %s "
                            "--out %s >/dev/null",
                            bin, cases[c], ref),
                         0);
        for (int i = 0; i < np; i++)
            for (int t = 1; t <= 2; t++) {
                assert_int_equal(sh("rm -rf %s/%s && OMP_NUM_THREADS=%d LTEPHY_SIMD=%s %s "
                                    "vectors gen --case %s --out %s/%s >/dev/null",
                                    tmp, tag, t, lte_simd_name(paths[i]), bin, cases[c], tmp, tag),
                                 0);
                if (sh("diff -r %s %s/%s >/dev/null", ref, tmp, tag) != 0)
                    fail_msg("%s differs with %d threads on %s", cases[c], t,
                             lte_simd_name(paths[i]));
            }
    }
}

/* Same files with 1 and 2 threads and on every SIMD path, in two runs. */
static void test_determinism(void **state)
{
    (void)state;
    const char *cases[] = {"dlsch_25prb_64qam_rv2", "pdsch_6prb_tm2_2port_16qam"};
    check_determinism(cases, sizeof cases / sizeof *cases, "det");
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
    const char *cases[] = {"pbch_6prb_4port_ext_cp", "phich_15prb_4port_ext_cp",
                           "pdcch_25prb_cfi3_2port", "signals_6prb_tdd_cell150_sf1_4port",
                           "ofdm_100prb_normal_cp"};
    check_determinism(cases, sizeof cases / sizeof *cases, "detc");
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
                                    "pusch_a4_3_6prb_16qam", "pusch_a5_2_6prb_64qam",
                                    "pusch_a17_1_6prb_256qam"};

/* 36.211 Tables 7.1.2-1, 7.1.3-1, 7.1.4-1, 7.1.5-1 as closed forms
 * (Gray-coded amplitude levels per axis, levels +-1, +-3, ... over
 * sqrt(2 (2^Q_m - 1) / 3)): I from the even bits, Q from the odd ones. */
static void ul_mod_ref(const double *b, int qm, double *re, double *im)
{
    double a[2];
    for (int ax = 0; ax < 2; ax++) {
        double s0 = 1 - 2 * b[ax], s2 = 0, s4 = 0, s6 = 0;
        if (qm >= 4)
            s2 = 1 - 2 * b[ax + 2];
        if (qm >= 6)
            s4 = 1 - 2 * b[ax + 4];
        if (qm >= 8)
            s6 = 1 - 2 * b[ax + 6];
        if (qm == 2)
            a[ax] = s0 / sqrt(2.0);
        else if (qm == 4)
            a[ax] = s0 * (2 - s2) / sqrt(10.0);
        else if (qm == 6)
            a[ax] = s0 * (4 - s2 * (2 - s4)) / sqrt(42.0);
        else
            a[ax] = s0 * (8 - s2 * (4 - s4 * (2 - s6))) / sqrt(170.0);
    }
    *re = a[0];
    *im = a[1];
}

/* The closed forms above are the tables: per axis 2^(Q_m/2) distinct
 * levels, Gray-coded (neighbouring levels differ in one bit), unit mean
 * power over the constellation, and the first row of each table (all bits
 * 0: 1/sqrt(2), 1/sqrt(10), 3/sqrt(42), 5/sqrt(170) on both axes). */
static void test_ul_mod_ref_tables(void **state)
{
    (void)state;
    const double first[5] = {0, 1 / sqrt(2.0), 1 / sqrt(10.0), 3 / sqrt(42.0), 5 / sqrt(170.0)};
    for (int qm = 2; qm <= 8; qm += 2) {
        int L = 1 << (qm / 2);
        double lvl[16], pw = 0;
        int code[16], seen[16] = {0};
        for (int v = 0; v < 1 << qm; v++) {
            double b[8], re, im;
            for (int i = 0; i < qm; i++)
                b[i] = (v >> (qm - 1 - i)) & 1;
            ul_mod_ref(b, qm, &re, &im);
            pw += re * re + im * im;
            if (v == 0)
                assert_true(fabs(re - first[qm / 2]) < 1e-12 && fabs(im - first[qm / 2]) < 1e-12);
            /* the I level as a function of the even bits (the odd ones 0) */
            if (v & (0x55 >> (8 - qm)))
                continue;
            int k = (int)lround((re * sqrt(2.0 * ((1 << qm) - 1) / 3) + L - 1) / 2);
            assert_true(k >= 0 && k < L && !seen[k]);
            seen[k] = 1;
            double w = 0;
            for (int i = 0; i < qm; i += 2)
                w = 2 * w + b[i];
            lvl[k] = re;
            code[k] = (int)w;
        }
        assert_true(fabs(pw / (1 << qm) - 1) < 1e-12);
        for (int k = 1; k < L; k++) {
            assert_true(lvl[k] > lvl[k - 1]);
            assert_int_equal(__builtin_popcount((unsigned)(code[k] ^ code[k - 1])), 1);
        }
    }
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

/* Largest error of SC-FDMA symbol l of the time samples t against the
 * 36.211 §5.6 formula evaluated directly on the grid g (nsc subcarriers per
 * symbol, FFT size N, unitary scale): s_l(t) = N^-1/2 sum_k a(k, l)
 * e^{j 2 pi (k - nsc/2 + 1/2) (t - N_CP,l) / N}. Normal CP: N_CP = 160, 144
 * (x N/2048) for the first and the other symbols of a slot; extended: 512. */
static double scfdma_ref_err(const double *g, long nsc, long N, int extended, int l,
                             const double *t)
{
    int per_slot = extended ? 6 : 7;
    long start = 0, ncp = 0;
    for (int i = 0; i <= l; i++) {
        ncp = (extended ? 512 : i % per_slot == 0 ? 160 : 144) * N / 2048;
        if (i < l)
            start += ncp + N;
    }
    double maxe = 0;
    for (long s = 0; s < ncp + N; s++) {
        double re = 0, im = 0;
        for (long k = 0; k < nsc; k++) {
            const double *a = g + 2 * (l * nsc + k);
            if (a[0] == 0 && a[1] == 0)
                continue;
            double ph = 2 * M_PI * ((double)(k - nsc / 2) + 0.5) * (double)(s - ncp) / (double)N;
            re += a[0] * cos(ph) - a[1] * sin(ph);
            im += a[0] * sin(ph) + a[1] * cos(ph);
        }
        re /= sqrt((double)N);
        im /= sqrt((double)N);
        maxe = fmax(maxe, fmax(fabs(re - t[2 * (start + s)]), fabs(im - t[2 * (start + s) + 1])));
    }
    return maxe;
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
        maxe = fmax(scfdma_ref_err(g, nsc, N, 0, 0, t), scfdma_ref_err(g, nsc, N, 0, 1, t));
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

/* Same uplink files (PUSCH, PUCCH, SRS, PRACH) with 1 and 2 threads and on
 * every SIMD path. */
static void test_determinism_pusch(void **state)
{
    (void)state;
    const char *cases[] = {"pusch_a4_3_6prb_16qam", "pusch_a5_2_6prb_64qam",
                           "pusch_a17_1_6prb_256qam", "pucch_f3_6prb_22bits_shortened", "srs_15prb_hopping",
                           "prach_f0_restricted_25prb"};
    check_determinism(cases, sizeof cases / sizeof *cases, "detu");
}

/* ---- uplink control and sounding: PUCCH, SRS, PRACH ---------------------------- */

static const char *pucch_cases[] = {"pucch_f1a_6prb", "pucch_f1b_15prb_ext_cp_shortened",
                                    "pucch_f2_15prb", "pucch_f2b_6prb",
                                    "pucch_f3_6prb_22bits_shortened"};

/* n_cs^cell(n_s, l) = sum_i c(8 N_symb^UL n_s + 8 l + i) 2^i, c_init = N_ID
 * (36.211 §5.4). */
static int ncs_cell_ref(int cell_id, int nsl, int ns, int l)
{
    uint8_t c[8 * 7 * 20 + 8];
    gold_ref((uint32_t)cell_id, 8 * 7 * 20 + 8, c);
    int v = 0;
    for (int i = 0; i < 8; i++)
        v += c[8 * nsl * ns + 8 * l + i] << i;
    return v;
}

/* Value a of a complex stage entry i. */
static double complex cval(const double *v, long i) { return v[2 * i] + I * v[2 * i + 1]; }

/* PUCCH formats 1/1a/1b and 2/2a/2b from §5.4.1-5.4.3 and §5.5.2.2, written
 * here from the spec text: the resource (n', n_oc, N', m, n_PRB, n_cs of
 * every symbol), then each symbol's sequence. Base sequences of length 12
 * (Table 5.5.1.2-1) are not typed in: every data symbol times
 * e^{-j alpha n} must be the same unit-modulus sequence up to a factor, that
 * sequence must have phases that are odd multiples of pi/4 (phi(n) in
 * {-3, -1, 1, 3}), and the ratio of a data symbol to the slot's first DMRS
 * symbol gives the modulation symbol, which must be the one the input bits
 * (formats 1a/1b: Table 5.4.1-1) or scrambled coded bits (format 2: QPSK;
 * 2b's second DMRS: Table 5.4.2-1) select. */
static void check_pucch12(const ctrl_case *cc, const char *fmt, const double *uci, const double *scr,
                          const double *res, const double *y, int nsl)
{
    const int cell = (int)cc_param(cc, "cell_id"), sf = (int)cc_param(cc, "subframe");
    const int np = (int)cc_param(cc, "n_pucch"), ds = (int)cc_param(cc, "delta_shift");
    const int ncs1 = (int)cc_param(cc, "n_cs1"), nrb2 = (int)cc_param(cc, "n_rb2");
    const int nrb = (int)cc_param(cc, "n_rb"), ext = nsl == 6, f2 = fmt[0] == '2';
    const int cfac = ext ? 2 : 3, per = 5 + nsl;
    int nprime[2], noc[2], nr[2];
    for (int s = 0; s < 2; s++) {
        int ns = 2 * sf + s, m;
        if (!f2) { /* §5.4.1 */
            int thr = cfac * ncs1 / ds;
            nr[s] = np < thr ? ncs1 : 12;
            if (s == 0)
                nprime[0] = np < thr ? np : (np - thr) % (cfac * 12 / ds);
            else if (np >= thr)
                nprime[1] = (cfac * (nprime[0] + 1)) % (cfac * 12 / ds + 1) - 1;
            else {
                int h = (nprime[0] + (ext ? 0 : 2)) % (cfac * nr[s] / ds);
                nprime[1] = h / cfac + (h % cfac) * nr[s] / ds;
            }
            noc[s] = (ext ? 2 : 1) * (nprime[s] * ds / nr[s]);
            m = np < thr ? nrb2 : (np - thr) / (cfac * 12 / ds) + nrb2 + (ncs1 + 7) / 8;
        } else { /* §5.4.2 */
            nr[s] = 12;
            noc[s] = 0;
            if (s == 0)
                nprime[0] = np < 12 * nrb2 ? np % 12 : (np + ncs1 + 1) % 12;
            else
                nprime[1] = np < 12 * nrb2 ? (12 * (nprime[0] + 1)) % 13 - 1 : ((10 - np) % 12 + 12) % 12;
            m = np / 12; /* §5.4.3: m = floor(n_PUCCH^(2) / N_sc^RB) */
        }
        int prb = (m + ns) % 2 == 0 ? m / 2 : nrb - 1 - m / 2;
        const double *r = res + s * per;
        if ((int)r[0] != nprime[s] || (int)r[1] != noc[s] || (int)r[2] != nr[s] || (int)r[3] != m ||
            (int)r[4] != prb)
            fail_msg("%s: slot %d resource (%g %g %g %g %g), spec (%d %d %d %d %d)", cc->dir, s,
                     r[0], r[1], r[2], r[3], r[4], nprime[s], noc[s], nr[s], m, prb);
        for (int l = 0; l < nsl; l++) {
            int cellv = ncs_cell_ref(cell, nsl, ns, l), ncs;
            if (f2)
                ncs = (cellv + nprime[s]) % 12;
            else if (!ext)
                ncs = (cellv + (nprime[s] * ds + noc[s] % ds) % nr[s]) % 12;
            else
                ncs = (cellv + (nprime[s] * ds + noc[s] / 2) % nr[s]) % 12;
            if ((int)r[5 + l] != ncs)
                fail_msg("%s: n_cs(%d, %d) = %g, spec %d", cc->dir, ns, l, r[5 + l], ncs);
        }
    }
    /* symbols: remove the cyclic shift, compare with the slot's first DMRS */
    const int dm_f1 = ext ? 0x0C : 0x1C, dm_f2 = ext ? 0x08 : 0x22;
    const int dmask = f2 ? dm_f2 : dm_f1, shortened = (int)cc_param(cc, "shortened");
    double complex base[12];
    int have_base = 0, di = 0;
    for (int s = 0; s < 2; s++) {
        const double *r = res + s * per;
        int l_ref = 0;
        while (!((dmask >> l_ref) & 1))
            l_ref++;
        double complex zr[12];
        for (int n = 0; n < 12; n++)
            zr[n] = cval(y, (s * nsl + l_ref) * 12 + n) * cexp(-I * 2 * M_PI * r[5 + l_ref] * n / 12);
        int m_data = 0, m_rs = 0;
        for (int l = 0; l < nsl; l++) {
            if (shortened && s == 1 && l == nsl - 1) {
                for (int n = 0; n < 12; n++)
                    if (cabs(cval(y, (s * nsl + l) * 12 + n)) > 1e-6)
                        fail_msg("%s: the shortened format's last symbol is not empty", cc->dir);
                continue;
            }
            double complex z[12], ratio = 0;
            for (int n = 0; n < 12; n++) {
                z[n] = cval(y, (s * nsl + l) * 12 + n) * cexp(-I * 2 * M_PI * r[5 + l] * n / 12);
                if (fabs(cabs(z[n]) - 1) > 1e-4)
                    fail_msg("%s: symbol (%d, %d) is not unit modulus", cc->dir, s, l);
                ratio += z[n] * conj(zr[n]) / 12;
            }
            for (int n = 0; n < 12; n++) /* one factor across the sequence */
                if (cabs(z[n] - ratio * zr[n]) > 1e-4)
                    fail_msg("%s: symbol (%d, %d) is not the slot's sequence at n_cs %g", cc->dir,
                             s, l, r[5 + l]);
            if (!have_base) { /* phi(n) pi/4 with phi odd, up to a common rotation */
                for (int n = 0; n < 12; n++)
                    base[n] = z[n] * conj(z[0]);
                have_base = 1;
                for (int n = 0; n < 12; n++) {
                    double q = carg(base[n]) / (M_PI / 2);
                    if (fabs(q - round(q)) > 1e-4) /* differences of odd multiples: even */
                        fail_msg("%s: the base sequence's phases are not spaced by pi/2", cc->dir);
                }
            }
            if ((dmask >> l) & 1) {
                if (f2 && fmt[1] && l != l_ref) { /* 2a/2b: d(10) on the second DMRS */
                    double complex d10 = ratio;
                    double complex want = fmt[1] == 'a' ? (uci[cc_param(cc, "cqi_bits")] ? -1 : 1)
                        : (double complex[]){1, -I, I, -1}[(int)(2 * uci[cc_param(cc, "cqi_bits")] +
                                                                  uci[cc_param(cc, "cqi_bits") + 1])];
                    if (cabs(d10 - want) > 1e-4)
                        fail_msg("%s: d(10) in slot %d", cc->dir, s);
                }
                m_rs++;
                continue;
            }
            if (f2) { /* d(i) = QPSK of the scrambled bits (§5.4.2, Table 7.1.2-1) */
                double complex want = ((1 - 2 * scr[2 * di]) + I * (1 - 2 * scr[2 * di + 1])) / sqrt(2.0);
                if (cabs(ratio - want) > 1e-4)
                    fail_msg("%s: d(%d): (%g, %g), spec (%g, %g)", cc->dir, di, creal(ratio),
                             cimag(ratio), creal(want), cimag(want));
                di++;
            } else if (!ext) {
                /* S(n_s) d(0) w(m) / wbar(0): w of Table 5.4.1-2 (N_SF = 4),
                 * wbar(0) = 1 (Table 5.5.2.2.1-2), S = j for odd n' */
                static const int w4[3][4] = {{1, 1, 1, 1}, {1, -1, 1, -1}, {1, -1, -1, 1}};
                double complex S = nprime[s] % 2 ? I : 1;
                double complex d0 = ratio / (S * w4[noc[s]][m_data]);
                double complex want = fmt[1] == 'a'   ? (uci[0] ? -1 : 1)
                                      : fmt[1] == 'b' ? (double complex[]){1, -I, I, -1}[(int)(2 * uci[0] + uci[1])]
                                                      : 1;
                if (cabs(d0 - want) > 1e-4)
                    fail_msg("%s: d(0) from symbol (%d, %d): (%g, %g)", cc->dir, s, l, creal(d0),
                             cimag(d0));
            }
            m_data++;
        }
        (void)m_rs;
    }
}

/* PUCCH format 3 (§5.4.2A): undo the transform precoding (12-point inverse
 * DFT written here), the cyclic shift n_cs^cell, the phase
 * e^{j pi floor(n_cs^cell / 64) / 2} and the cover w_{n_oc}(nbar)
 * (N_SF = 5: e^{j 2 pi n_oc nbar / 5}; N_SF = 4: Table 5.4.2A-1's Walsh
 * rows); what is left must be the QPSK symbol of the scrambled bits
 * d(12 s + i) on every data symbol. DMRS n_cs: n_cs^cell + n' with n' of
 * Table 5.5.2.2.1-4 from n_oc of the slot. */
static void check_pucch3(const ctrl_case *cc, const double *scr, const double *res, const double *y,
                         int nsl)
{
    const int cell = (int)cc_param(cc, "cell_id"), sf = (int)cc_param(cc, "subframe");
    const int np = (int)cc_param(cc, "n_pucch"), shortened = (int)cc_param(cc, "shortened");
    const int ext = nsl == 6, per = 3 + nsl;
    const int nsf1 = shortened ? 4 : 5;
    int noc0 = np % nsf1, noc[2] = {noc0, nsf1 == 5 ? (3 * noc0) % nsf1 : noc0};
    static const int walsh4[4][4] = {{1, 1, 1, 1}, {1, -1, 1, -1}, {1, 1, -1, -1}, {1, -1, -1, 1}};
    static const int nprime5[5] = {0, 3, 6, 8, 10}, nprime4[4] = {0, 3, 6, 9};
    const int dmask = ext ? 0x08 : 0x22;
    for (int s = 0; s < 2; s++) {
        const double *r = res + s * per;
        int ns = 2 * sf + s, nsf = s == 0 ? 5 : nsf1, nbar = 0;
        if ((int)r[0] != noc[s] || (int)r[1] != np / nsf1)
            fail_msg("%s: slot %d n_oc %g m %g, spec %d %d", cc->dir, s, r[0], r[1], noc[s], np / nsf1);
        for (int l = 0; l < nsl; l++) {
            int cellv = ncs_cell_ref(cell, nsl, ns, l);
            if ((dmask >> l) & 1) {
                int want = (cellv + (nsf1 == 5 ? nprime5 : nprime4)[noc[s]]) % 12;
                if ((int)r[3 + l] != want)
                    fail_msg("%s: DMRS n_cs(%d, %d) = %g, spec %d", cc->dir, ns, l, r[3 + l], want);
                continue;
            }
            if (s == 1 && shortened && l == nsl - 1)
                continue;
            double complex w = nsf == 5 ? cexp(I * 2 * M_PI * noc[s] * nbar / 5.0)
                                        : walsh4[noc[s]][nbar];
            double complex ph = cexp(I * M_PI * (cellv / 64) / 2.0);
            for (int i = 0; i < 12; i++) {
                /* ytilde(i) = 12^-1/2 sum_k z(k) e^{+j 2 pi i k / 12}; y(i) = ytilde(i - n_cs) */
                int ii = ((i - cellv) % 12 + 12) % 12;
                double complex yt = 0;
                for (int k = 0; k < 12; k++)
                    yt += cval(y, (s * nsl + l) * 12 + k) * cexp(I * 2 * M_PI * ii * k / 12.0);
                yt /= sqrt(12.0);
                double complex d = yt / (w * ph);
                int b = 2 * (12 * s + i);
                double complex want = ((1 - 2 * scr[b]) + I * (1 - 2 * scr[b + 1])) / sqrt(2.0);
                if (cabs(d - want) > 1e-4)
                    fail_msg("%s: format 3 symbol (%d, %d) value %d: d = (%g, %g), spec (%g, %g)",
                             cc->dir, s, l, i, creal(d), cimag(d), creal(want), cimag(want));
            }
            nbar++;
        }
    }
}

static void test_pucch_formulas(void **state)
{
    (void)state;
    for (size_t ci = 0; ci < sizeof pucch_cases / sizeof *pucch_cases; ci++) {
        ctrl_case cc;
        cc_open(&cc, pucch_cases[ci]);
        char fmt[8] = "", cp[16] = "";
        for (int i = 0; i < cc.m->nparams; i++) {
            if (!strcmp(cc.m->pkey[i], "format"))
                snprintf(fmt, sizeof fmt, "%s", cc.m->pval[i]);
            if (!strcmp(cc.m->pkey[i], "cp"))
                snprintf(cp, sizeof cp, "%s", cc.m->pval[i]);
        }
        const int ext = !strcmp(cp, "extended"), nsl = ext ? 6 : 7;
        const long cell = cc_param(&cc, "cell_id"), sf = cc_param(&cc, "subframe");
        const long nrb = cc_param(&cc, "n_rb"), N = cc_param(&cc, "fft_size");
        long n, nres, ny, ng, nt;
        /* n_cs^cell of both slots */
        double *nc = cc_need(&cc, "ncs_cell", &n);
        assert_int_equal(n, 2 * nsl);
        for (int s = 0; s < 2; s++)
            for (int l = 0; l < nsl; l++)
                if ((int)nc[s * nsl + l] != ncs_cell_ref((int)cell, nsl, (int)(2 * sf + s), l))
                    fail_msg("%s: n_cs^cell(%ld, %d)", cc.dir, 2 * sf + s, l);
        free(nc);
        /* scrambling of formats 2 and 3 */
        double *uci = cc_load(&cc, "uci", &n), *coded = cc_load(&cc, "coded", &n), *scr = NULL;
        if (coded) {
            uint32_t c_init = (uint32_t)((sf + 1) * (2 * cell + 1) * 65536 + cc_param(&cc, "rnti"));
            assert_int_equal((long)c_init, cc_param(&cc, "c_init"));
            uint8_t c[64];
            gold_ref(c_init, n, c);
            long nsc2;
            scr = cc_need(&cc, "scrambled", &nsc2);
            assert_int_equal(nsc2, n);
            for (long i = 0; i < n; i++)
                if ((int)scr[i] != ((int)coded[i] ^ c[i]))
                    fail_msg("%s: scrambled bit %ld", cc.dir, i);
        }
        double *res = cc_need(&cc, "resource", &nres), *y = cc_need(&cc, "pucch", &ny);
        assert_int_equal(ny, 2 * 12 * 2 * nsl);
        if (fmt[0] == '3')
            check_pucch3(&cc, scr, res, y, nsl);
        else
            check_pucch12(&cc, fmt, uci, scr, res, y, nsl);
        /* the grid holds the 12 values of each symbol in the slot's PRB, nothing else */
        double *g = cc_need(&cc, "grid", &ng);
        const long nsc = 12 * nrb;
        assert_int_equal(ng, 2 * 2 * nsl * nsc);
        long prb[2] = {cc_param(&cc, "prb_slot0"), cc_param(&cc, "prb_slot1")};
        for (long l = 0; l < 2 * nsl; l++)
            for (long k = 0; k < nsc; k++) {
                long p = prb[l / nsl], in = k >= 12 * p && k < 12 * p + 12;
                double complex want = in ? cval(y, l * 12 + k - 12 * p) : 0;
                if (cabs(cval(g, l * nsc + k) - want) > 1e-6)
                    fail_msg("%s: grid RE (%ld, %ld)", cc.dir, l, k);
            }
        double *t = cc_need(&cc, "time", &nt);
        double maxe = fmax(scfdma_ref_err(g, nsc, N, ext, 0, t), scfdma_ref_err(g, nsc, N, ext, nsl, t));
        if (maxe > 1e-4)
            fail_msg("%s: SC-FDMA symbols 0 and %d differ from §5.6 by %g", cc.dir, nsl, maxe);
        free(uci);
        free(coded);
        free(scr);
        free(res);
        free(y);
        free(g);
        free(t);
        cc_close(&cc);
    }
}

/* SRS (§5.5.3): the sequence sits on every second subcarrier from k_0 of
 * the SRS symbol and nowhere else; it is r_{u,0}^(alpha)(n) with
 * alpha = 2 pi n_SRS^cs / 8 and u = N_ID mod 30 (no hopping: f_ss^PUCCH);
 * for M_sc >= 36 (the 25-PRB case: C_SRS = 3, B_SRS = 0, m_SRS,0 = 20 of
 * Table 5.5.3.2-1, M_sc = 120) the Zadoff-Chu formula of §5.5.1.1 is
 * evaluated here, and k_0 = (floor(N_RB/2) - m_SRS,0/2) 12 + kbar_TC
 * (§5.5.3.2, n_b = 0 for b = 0); for shorter sequences (tables) the
 * phases of r e^{-j alpha n} must be odd multiples of pi/4. */
static void test_srs_formulas(void **state)
{
    (void)state;
    static const char *cases[] = {"srs_25prb_comb1", "srs_15prb_hopping"};
    for (size_t ci = 0; ci < 2; ci++) {
        ctrl_case cc;
        cc_open(&cc, cases[ci]);
        const long nrb = cc_param(&cc, "n_rb"), nsc = 12 * nrb, N = cc_param(&cc, "fft_size");
        const long cell = cc_param(&cc, "cell_id"), ncs = cc_param(&cc, "n_cs");
        const long ktc = cc_param(&cc, "k_tc"), lsrs = cc_param(&cc, "srs_symbol");
        long n, nq, ng, nt;
        double *al = cc_need(&cc, "alloc", &n), *q = cc_need(&cc, "sequence", &nq);
        const long k0 = (long)al[1], msc = (long)al[2];
        assert_int_equal(nq, 2 * msc);
        assert_int_equal(k0 % 2, ktc);
        if (ci == 0) {
            assert_int_equal(msc, 120);
            assert_int_equal(k0, (nrb / 2 - 20 / 2) * 12 + ktc);
            int nzc = 113, u = (int)(cell % 30); /* largest prime < 120 */
            long qz = (long)floor((double)nzc * (u + 1) / 31.0 + 0.5);
            for (long k = 0; k < msc; k++) {
                long m = k % nzc;
                double ph = -M_PI * (double)qz * (double)m * (double)(m + 1) / nzc +
                            2 * M_PI * (double)ncs / 8.0 * (double)k;
                if (cabs(cval(q, k) - cexp(I * ph)) > 1e-4)
                    fail_msg("%s: SRS value %ld", cc.dir, k);
            }
        } else {
            for (long k = 0; k < msc; k++) {
                double complex z = cval(q, k) * cexp(-I * 2 * M_PI * (double)ncs / 8.0 * (double)k);
                double a = carg(z) / (M_PI / 4);
                if (fabs(cabs(z) - 1) > 1e-4 || fabs(a - round(a)) > 1e-4 || ((long)round(a) & 1) == 0)
                    fail_msg("%s: SRS value %ld is not e^{j phi pi/4}, phi odd", cc.dir, k);
            }
        }
        double *g = cc_need(&cc, "grid", &ng);
        assert_int_equal(ng, 2 * 14 * nsc);
        for (long l = 0; l < 14; l++)
            for (long k = 0; k < nsc; k++) {
                long j = (k - k0) / 2;
                int on = l == lsrs && k >= k0 && (k - k0) % 2 == 0 && j < msc;
                double complex want = on ? cval(q, j) : 0;
                if (cabs(cval(g, l * nsc + k) - want) > 1e-6)
                    fail_msg("%s: grid RE (%ld, %ld)", cc.dir, l, k);
            }
        double *t = cc_need(&cc, "time", &nt);
        double e = scfdma_ref_err(g, nsc, N, 0, (int)lsrs, t);
        if (e > 1e-4)
            fail_msg("%s: SC-FDMA symbol %ld differs from §5.6 by %g", cc.dir, lsrs, e);
        free(al);
        free(q);
        free(g);
        free(t);
        cc_close(&cc);
    }
}

/* PRACH (§5.7): x_u(n) = e^{-j pi u n (n+1) / N_ZC}; x_{u,v}(n) =
 * x_u((n + C_v) mod N_ZC) with, for the unrestricted cases, C_v = v N_CS
 * (N_CS of Table 5.7.2-2 / 5.7.2-3 for the case's zeroCorrelationZoneConfig:
 * format 0 config 1 -> 13, format 2 config 12 -> 119, format 4 config 2 ->
 * 6; one root gives floor(N_ZC / N_CS) >= 64 preambles for the first two
 * and 23 for format 4, so v = the preamble index); X(k) its N_ZC-point DFT;
 * and the baseband samples evaluated from the §5.7.3 sum at 24 instants
 * (beta = 1/N_ZC: unit mean power). */
static void test_prach_formulas(void **state)
{
    (void)state;
    static const struct { const char *name; int ncs; } cases[] = {
        {"prach_f0_6prb", 13}, {"prach_f2_6prb", 119}, {"prach_f0_restricted_25prb", 0},
        {"prach_f4_15prb", 6}};
    for (size_t ci = 0; ci < sizeof cases / sizeof *cases; ci++) {
        ctrl_case cc;
        cc_open(&cc, cases[ci].name);
        long n, nz, nx, nX, nt;
        double *pr = cc_need(&cc, "params", &n);
        const int u = (int)pr[0], cv = (int)pr[1], nzc = (int)pr[2], fmt = (int)cc_param(&cc, "format");
        assert_int_equal(nzc, fmt == 4 ? 139 : 839);
        if (cases[ci].ncs) {
            assert_int_equal((int)pr[3], cases[ci].ncs);
            assert_int_equal(cv, cc_param(&cc, "preamble") * cases[ci].ncs);
        }
        double *zc = cc_need(&cc, "zc", &nz), *x = cc_need(&cc, "sequence", &nx);
        double *X = cc_need(&cc, "spectrum", &nX);
        for (long i = 0; i < nzc; i++) {
            double complex want = cexp(-I * M_PI * (double)u * (double)(i * (i + 1) % (2L * nzc)) / nzc);
            if (cabs(cval(zc, i) - want) > 1e-4 || cabs(cval(x, i) - cval(zc, (i + cv) % nzc)) > 1e-6)
                fail_msg("%s: sequence value %ld", cc.dir, i);
        }
        double maxe = 0;
        for (long k = 0; k < nzc; k++) {
            long double re = 0, im = 0;
            for (long i = 0; i < nzc; i++) {
                long double ph = -2.0L * M_PI * (long double)(i * k % nzc) / nzc;
                re += x[2 * i] * cosl(ph) - x[2 * i + 1] * sinl(ph);
                im += x[2 * i] * sinl(ph) + x[2 * i + 1] * cosl(ph);
            }
            maxe = fmax(maxe, cabs(((double)re + I * (double)im) - cval(X, k)));
        }
        if (maxe > 1e-2) /* |X(k)| = sqrt(N_ZC); float32 stage */
            fail_msg("%s: spectrum differs from the DFT by %g", cc.dir, maxe);
        const double fs = (double)cc_param(&cc, "sample_rate"), dfra = fmt == 4 ? 7500.0 : 1250.0;
        const int K = (int)(15000 / dfra), phi = fmt == 4 ? 2 : 7;
        const long ncp = cc_param(&cc, "cp_len"), nrb = cc_param(&cc, "n_rb");
        const long k0 = cc_param(&cc, "prb_start") * 12 - nrb * 12 / 2;
        double *t = cc_need(&cc, "time", &nt);
        maxe = 0;
        for (int j = 0; j < 24; j++) {
            long i = (long)j * (nt / 2 - 1) / 23; /* spread over CP and sequence */
            double tt = (double)(i - ncp) / fs;
            double complex s = 0;
            for (int k = 0; k < nzc; k++)
                s += cval(X, k) * cexp(I * 2 * M_PI * (k + phi + K * (k0 + 0.5)) * dfra * tt);
            s /= nzc;
            maxe = fmax(maxe, cabs(s - cval(t, i)));
        }
        if (maxe > 2e-3)
            fail_msg("%s: samples differ from the §5.7.3 sum by %g", cc.dir, maxe);
        free(pr);
        free(zc);
        free(x);
        free(X);
        free(t);
        cc_close(&cc);
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
        cmocka_unit_test(test_ul_mod_ref_tables),
        cmocka_unit_test(test_pusch_tx_formulas),
        cmocka_unit_test(test_pusch_rx_round_trip),
        cmocka_unit_test(test_determinism_pusch),
        cmocka_unit_test(test_pucch_formulas),
        cmocka_unit_test(test_srs_formulas),
        cmocka_unit_test(test_prach_formulas),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
