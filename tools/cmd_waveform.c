/* `ltephy waveform`: whole downlink radio frames as IQ files plus a JSON
 * sidecar that states every parameter.
 *
 * Sources of the configuration, later ones overriding earlier ones: a named
 * model (--model, the E-TMs of 36.141 §6.1.1, see `--list`) or the free
 * defaults (lte_wf_cfg_init); then the keys of --config FILE; then the
 * command-line options. A config file holds the long options without their
 * dashes, one "key = value" per line ('#' starts a comment), e.g.
 *     bw = 5
 *     mod = 16qam
 *     prbs = 0-9,20
 * Output: FILE (antenna port 0) and FILE.portN for the other ports, each
 * written under a temporary name and renamed when complete, then FILE.json.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "wf_io.h"
#include "wf_ul.h"
#include "ltephy/error.h"
#include "ltephy/ofdm.h"
#include "ltephy/tables.h"
#include "ltephy/version.h"
#include "ltephy/waveform.h"

#define WF_MAX_FRAMES 1024

/* Options with a value; their index is the getopt code. */
enum {
    O_MODEL, O_RMC, O_CONFIG, O_BW, O_DUPLEX, O_TDD, O_SSF, O_FRAMES, O_FORMAT, O_SCALE, O_OUT,
    O_CELL_ID, O_PORTS, O_CP, O_CFI, O_NG, O_MOD, O_PRBS, O_PA_DB, O_MCS, O_RNTI, O_SEED,
    O_PDCCH, O_PDCCH_CCES, O_PHICH, O_CRS_DB, O_SYNC_DB, O_PBCH_DB, O_PCFICH_DB, O_PHICH_DB,
    O_PDCCH_DB, O_HOPPING, O_N_SB, O_HOP_OFFSET, O_HOP_MODE, O_PRB_START, O_OCNG, O_OCNG_RA,
    O_OCNG_RB, O_NOPT,
    O_LIST = 200, O_HELP,
};

static const struct option wf_opts[] = {
    {"model", required_argument, 0, O_MODEL},       {"rmc", required_argument, 0, O_RMC},
    {"config", required_argument, 0, O_CONFIG},     {"bw", required_argument, 0, O_BW},
    {"duplex", required_argument, 0, O_DUPLEX},     {"tdd-config", required_argument, 0, O_TDD},
    {"ssf-config", required_argument, 0, O_SSF},    {"frames", required_argument, 0, O_FRAMES},
    {"format", required_argument, 0, O_FORMAT},     {"scale", required_argument, 0, O_SCALE},
    {"out", required_argument, 0, O_OUT},           {"cell-id", required_argument, 0, O_CELL_ID},
    {"ports", required_argument, 0, O_PORTS},       {"cp", required_argument, 0, O_CP},
    {"cfi", required_argument, 0, O_CFI},           {"ng", required_argument, 0, O_NG},
    {"mod", required_argument, 0, O_MOD},           {"prbs", required_argument, 0, O_PRBS},
    {"pa-db", required_argument, 0, O_PA_DB},       {"mcs", required_argument, 0, O_MCS},
    {"rnti", required_argument, 0, O_RNTI},         {"seed", required_argument, 0, O_SEED},
    {"pdcch", required_argument, 0, O_PDCCH},       {"pdcch-cces", required_argument, 0, O_PDCCH_CCES},
    {"phich", required_argument, 0, O_PHICH},       {"crs-db", required_argument, 0, O_CRS_DB},
    {"sync-db", required_argument, 0, O_SYNC_DB},   {"pbch-db", required_argument, 0, O_PBCH_DB},
    {"pcfich-db", required_argument, 0, O_PCFICH_DB}, {"phich-db", required_argument, 0, O_PHICH_DB},
    {"pdcch-db", required_argument, 0, O_PDCCH_DB}, {"hopping", required_argument, 0, O_HOPPING},
    {"n-sb", required_argument, 0, O_N_SB},
    {"hopping-offset", required_argument, 0, O_HOP_OFFSET},
    {"hopping-mode", required_argument, 0, O_HOP_MODE},
    {"prb-start", required_argument, 0, O_PRB_START}, {"ocng", required_argument, 0, O_OCNG},
    {"ocng-ra-db", required_argument, 0, O_OCNG_RA}, {"ocng-rb-db", required_argument, 0, O_OCNG_RB},
    {"list", no_argument, 0, O_LIST},
    {"help", no_argument, 0, O_HELP},               {0, 0, 0, 0}};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: ltephy waveform --model NAME | --config FILE | (free options)\n"
            "                       [--bw MHz] [--duplex fdd|tdd --tdd-config N --ssf-config N]\n"
            "                       [--frames N] [--format cf32|ci16] [--scale X] --out FILE\n"
            "       ltephy waveform --list\n"
            "Writes N radio frames (10 ms each, SFN 0..N-1) of the downlink as interleaved\n"
            "little-endian I/Q: cf32 (float32) or ci16 (int16 = round-half-even(x * scale),\n"
            "saturated). FILE is antenna port 0, FILE.portN port N; FILE.json states every\n"
            "parameter. Samples: unitary OFDM, an RE of 0 dB EPRE has |a|^2 = 1.\n"
            "  --bw MHz          1.4, 3, 5, 10 (default), 15, 20\n"
            "  --frames N        1..%d (default 1)\n"
            "  --scale X         cf32: multiplier (default 1); ci16: default puts the RMS of a\n"
            "                    fully loaded carrier at -12 dBFS: 32767*10^(-12/20)*sqrt(Nfft/Nsc)\n"
            "  --config FILE     key = value lines using the long option names below\n"
            "free options (also override a model):\n"
            "  --cell-id N --ports 1|2|4 --cp normal|extended --cfi 1..3 --ng 1/6|1/2|1|2\n"
            "  --mod qpsk|16qam|64qam|256qam --prbs all|none|A-B,C,... --pa-db X\n"
            "  --mcs N           DL-SCH coded pseudo-random TBs (xoshiro256**, --seed) with\n"
            "                    I_MCS N (36.213 Table 7.1.7.1-1); without it PDSCH bits are\n"
            "                    '0' bits scrambled per 36.211 §6.3.1 (36.141 §6.1.2)\n"
            "  --rnti N --seed N --pdcch N --pdcch-cces L --phich N (per group)\n"
            "  --crs-db --sync-db --pbch-db --pcfich-db --phich-db --pdcch-db X (EPRE, dB)\n"
            "  --ocng OP.2       fill the PRBs without PDSCH with OCNG (36.101 Annex A.5, pattern\n"
            "                    OP.2 FDD, Table A.5.1.2-1: QPSK pseudo-random, gamma 0 dB; FDD,\n"
            "                    not with --model); --ocng-ra-db / --ocng-rb-db X: OCNG_RA /\n"
            "                    OCNG_RB, OCNG EPRE to CRS EPRE in symbols with / without CRS\n"
            "                    (default 0 dB)\n"
            "  --rmc NAME        a reference measurement channel of 36.101 Annex A.3 (see --list)\n"
            "                    or an uplink FRC of 36.104 Annex A (A1-1, A3-2, A4-3, A5-2...):\n"
            "                    PUSCH + DMRS in every uplink subframe; then only --bw --duplex\n"
            "                    --tdd-config --cell-id --rnti --seed --frames --format --scale\n"
            "                    and these (uplink FRCs only):\n"
            "  --prb-start N     RB_START: first PRB of the allocation (default 0)\n"
            "  --hopping B       PUSCH frequency hopping (36.211 5.3.4, 36.213 8.4) with the\n"
            "                    N_UL_hop bits B of 36.213 Table 8.4-2 (1 bit below 50 RB:\n"
            "                    0 type 1, 1 type 2; 2 bits: 0-2 type 1 (+N/4, -N/4, +N/2),\n"
            "                    3 type 2); --n-sb N (1..4, default 1), --hopping-offset\n"
            "                    N_RB^HO (0..98, default 0), --hopping-mode inter|intra\n"
            "                    (default inter); every TB a first transmission\n",
            WF_MAX_FRAMES);
}

static int parse_l(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 0);
    if (!s[0] || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int parse_d(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (!s[0] || *end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static int bad(const char *opt, const char *val, const char *rule)
{
    fprintf(stderr, "ltephy waveform: %s '%s': %s\n", opt, val, rule);
    return 2;
}

/* ---- config file ------------------------------------------------------- */

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (size_t r; buf && (r = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
        n += r;
        if (n + 1 == cap) {
            char *nb = cap < (1u << 20) ? realloc(buf, cap *= 2) : NULL;
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* Fill val[] from the file's "key = value" lines where the command line
 * left it unset. text is modified in place and must outlive val. */
static int load_config(const char *path, char *text, const char **val)
{
    int line = 0;
    for (char *save = NULL, *ln = strtok_r(text, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
        line++;
        char *hash = strchr(ln, '#');
        if (hash)
            *hash = '\0';
        char *s = trim(ln);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            fprintf(stderr, "ltephy waveform: %s: line %d is not 'key = value'\n", path, line);
            return 2;
        }
        *eq = '\0';
        char *key = trim(s), *v = trim(eq + 1);
        int idx = -1;
        for (int i = 0; wf_opts[i].name; i++)
            if (wf_opts[i].val < O_NOPT && !strcmp(wf_opts[i].name, key))
                idx = wf_opts[i].val;
        if (idx < 0 || idx == O_CONFIG) {
            fprintf(stderr, "ltephy waveform: %s: unknown key '%s' (line %d)\n", path, key, line);
            return 2;
        }
        if (!val[idx])
            val[idx] = v;
    }
    return 0;
}

/* ---- building the configuration ------------------------------------------- */

static int parse_mod(const char *s, lte_mod *m)
{
    static const struct { const char *n; lte_mod m; } t[] = {
        {"qpsk", LTE_MOD_QPSK}, {"16qam", LTE_MOD_16QAM}, {"64qam", LTE_MOD_64QAM},
        {"256qam", LTE_MOD_256QAM}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcasecmp(s, t[i].n)) {
            *m = t[i].m;
            return 0;
        }
    return -1;
}

/* "all", "none" or "A-B,C,..." into mask[n_rb]. */
static int parse_prbs(const char *s, int n_rb, uint8_t *mask)
{
    memset(mask, 0, LTE_MAX_RB);
    if (!strcmp(s, "none"))
        return 0;
    if (!strcmp(s, "all")) {
        memset(mask, 1, (size_t)n_rb);
        return 0;
    }
    for (const char *p = s; *p;) {
        char *end;
        long a = strtol(p, &end, 10), b = a;
        if (end == p)
            return -1;
        if (*end == '-') {
            p = end + 1;
            b = strtol(p, &end, 10);
            if (end == p)
                return -1;
        }
        if (a < 0 || b < a || b >= n_rb)
            return -1;
        memset(mask + a, 1, (size_t)(b - a + 1));
        if (*end == ',')
            end++;
        else if (*end)
            return -1;
        p = end;
    }
    return 0;
}

typedef struct wf_out {
    const char *path;
    int frames;
    int ci16;
    double scale;
    double bw;
} wf_out;

static int apply_cell(const char **v, lte_wf_cfg *c)
{
    long x;
    lte_cell_cfg *cell = &c->cell;
    if (v[O_DUPLEX]) {
        if (!strcasecmp(v[O_DUPLEX], "fdd"))
            cell->duplex = LTE_FDD;
        else if (!strcasecmp(v[O_DUPLEX], "tdd"))
            cell->duplex = LTE_TDD;
        else
            return bad("--duplex", v[O_DUPLEX], "must be fdd or tdd");
    }
    struct { int o; const char *n; long lo, hi; int *dst; } ints[] = {
        {O_TDD, "--tdd-config", 0, 6, &cell->tdd_config},
        {O_SSF, "--ssf-config", 0, 9, &cell->ssf_config},
        {O_CELL_ID, "--cell-id", 0, 503, &cell->cell_id},
        {O_CFI, "--cfi", 1, 3, &cell->cfi},
        {O_PDCCH, "--pdcch", 0, 100, &c->n_pdcch},
        {O_PDCCH_CCES, "--pdcch-cces", 1, 8, &c->pdcch_cces},
        {O_PHICH, "--phich", 0, 8, &c->n_phich}};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        if (!v[ints[i].o])
            continue;
        if (parse_l(v[ints[i].o], ints[i].lo, ints[i].hi, &x) < 0) {
            char rule[64];
            snprintf(rule, sizeof rule, "must be an integer %ld..%ld", ints[i].lo, ints[i].hi);
            return bad(ints[i].n, v[ints[i].o], rule);
        }
        *ints[i].dst = (int)x;
    }
    if (v[O_PORTS]) {
        if (parse_l(v[O_PORTS], 1, 4, &x) < 0 || x == 3)
            return bad("--ports", v[O_PORTS], "must be 1, 2 or 4");
        cell->n_ports = (int)x;
    }
    if (v[O_CP]) {
        if (!strcasecmp(v[O_CP], "normal"))
            cell->cp = LTE_CP_NORMAL;
        else if (!strcasecmp(v[O_CP], "extended"))
            cell->cp = LTE_CP_EXTENDED;
        else
            return bad("--cp", v[O_CP], "must be normal or extended");
    }
    if (v[O_NG]) {
        static const char *ng[4] = {"1/6", "1/2", "1", "2"};
        int k = -1;
        for (int i = 0; i < 4; i++)
            if (!strcmp(v[O_NG], ng[i]))
                k = i;
        if (k < 0)
            return bad("--ng", v[O_NG], "must be 1/6, 1/2, 1 or 2");
        cell->ng = (lte_phich_ng)k;
    }
    return 0;
}

/* A dB option given: its value (-100..40) into *dst. */
typedef struct db_opt {
    int o;
    const char *n;
    float *dst;
} db_opt;

static int apply_dbs(const char **v, const db_opt *dbs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double d;
        if (!v[dbs[i].o])
            continue;
        if (parse_d(v[dbs[i].o], &d) < 0 || d < -100 || d > 40)
            return bad(dbs[i].n, v[dbs[i].o], "must be a number of dB in -100..40");
        *dbs[i].dst = (float)d;
    }
    return 0;
}

static int apply_powers(const char **v, lte_wf_cfg *c)
{
    const db_opt dbs[] = {
        {O_CRS_DB, "--crs-db", &c->crs_db},       {O_SYNC_DB, "--sync-db", &c->sync_db},
        {O_PBCH_DB, "--pbch-db", &c->pbch_db},    {O_PCFICH_DB, "--pcfich-db", &c->pcfich_db},
        {O_PHICH_DB, "--phich-db", &c->phich_db}, {O_PDCCH_DB, "--pdcch-db", &c->pdcch_db}};
    return apply_dbs(v, dbs, sizeof dbs / sizeof dbs[0]);
}

static int apply_pdsch(const char **v, lte_wf_cfg *c)
{
    long x;
    lte_mod mod = LTE_MOD_QPSK;
    double pa = 0;
    if (v[O_RNTI]) {
        if (parse_l(v[O_RNTI], 0, 65535, &x) < 0)
            return bad("--rnti", v[O_RNTI], "must be 0..65535");
        c->rnti = (uint16_t)x;
    }
    if (v[O_SEED]) {
        char *end;
        c->seed = strtoull(v[O_SEED], &end, 0);
        if (!v[O_SEED][0] || *end)
            return bad("--seed", v[O_SEED], "must be an unsigned integer");
    }
    if (v[O_MCS]) {
        int qm, itbs;
        if (parse_l(v[O_MCS], 0, 28, &x) < 0)
            return bad("--mcs", v[O_MCS], "must be 0..28 (36.213 Table 7.1.7.1-1)");
        c->data = LTE_WF_DATA_DLSCH;
        c->i_mcs = (int)x;
        lte_mcs_lookup(LTE_MCS_PDSCH_64QAM, c->i_mcs, &qm, &itbs);
        mod = (lte_mod)qm;
    }
    if (v[O_MOD] && parse_mod(v[O_MOD], &mod) < 0)
        return bad("--mod", v[O_MOD], "must be qpsk, 16qam, 64qam or 256qam");
    if (v[O_PA_DB] && (parse_d(v[O_PA_DB], &pa) < 0 || pa < -100 || pa > 40))
        return bad("--pa-db", v[O_PA_DB], "must be a number of dB in -100..40");
    if (!v[O_PRBS] && !v[O_MOD] && !v[O_PA_DB] && !v[O_MCS])
        return 0; /* keep the model's allocation */
    uint8_t mask[LTE_MAX_RB];
    const char *prbs = v[O_PRBS] ? v[O_PRBS] : "all";
    if (parse_prbs(prbs, c->cell.n_rb, mask) < 0)
        return bad("--prbs", prbs, "must be all, none or a list like 0-9,20 within 0..N_RB-1");
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++)
        for (int n = 0; n < LTE_MAX_RB; n++) {
            c->prb_mod[sf][n] = mask[n] ? (uint8_t)mod : 0;
            c->prb_db[sf][n] = mask[n] ? (float)pa : 0.0f;
        }
    return 0;
}

/* --ocng (36.101 Annex A.5): refused for the E-TMs, which define their own
 * fill (36.141 §6.1.1), for a TDD cell and for patterns not available. */
static int apply_ocng(const char **v, lte_wf_cfg *c)
{
    if (!v[O_OCNG]) {
        if (v[O_OCNG_RA])
            return bad("--ocng-ra-db", v[O_OCNG_RA], "needs --ocng");
        if (v[O_OCNG_RB])
            return bad("--ocng-rb-db", v[O_OCNG_RB], "needs --ocng");
        return 0;
    }
    if (lte_wf_ocng_parse(v[O_OCNG], &c->ocng) < 0)
        return bad("--ocng", v[O_OCNG], lte_errdetail());
    if (c->ocng == LTE_WF_OCNG_NONE)
        return v[O_OCNG_RA] || v[O_OCNG_RB]
                   ? bad("--ocng", v[O_OCNG], "--ocng-ra-db / --ocng-rb-db need a pattern")
                   : 0;
    if (v[O_MODEL])
        return bad("--ocng", v[O_OCNG],
                   "not with --model: the E-TMs define their own PRB fill (36.141 6.1.1)");
    if (c->cell.duplex == LTE_TDD)
        return bad("--ocng", v[O_OCNG],
                   "OP.2 FDD needs --duplex fdd (the TDD patterns of 36.101 A.5.2 are not "
                   "available)");
    const db_opt dbs[2] = {{O_OCNG_RA, "--ocng-ra-db", &c->ocng_ra_db},
                           {O_OCNG_RB, "--ocng-rb-db", &c->ocng_rb_db}};
    return apply_dbs(v, dbs, 2);
}

static int build_cfg(const char **v, lte_wf_cfg *c, wf_out *o)
{
    long x;
    int n_rb, rc;
    o->bw = 10;
    if (v[O_BW] && (parse_d(v[O_BW], &o->bw) < 0 || lte_wf_bw_to_nrb(o->bw, &n_rb) < 0))
        return bad("--bw", v[O_BW], "must be 1.4, 3, 5, 10, 15 or 20");
    lte_wf_bw_to_nrb(o->bw, &n_rb);
    if (v[O_RMC] && v[O_MODEL])
        return bad("--rmc", v[O_RMC], "give either --model or --rmc");
    if (v[O_RMC]) {
        static const double bws[6] = {1.4, 3, 5, 10, 15, 20};
        static const int nrbs[6] = {6, 15, 25, 50, 75, 100};
        if (lte_wf_rmc(v[O_RMC], c) < 0)
            return bad("--rmc", v[O_RMC], "unknown reference channel (see 'ltephy waveform --list')");
        for (int i = 0; i < 6; i++)
            if (nrbs[i] == c->cell.n_rb && v[O_BW] && fabs(bws[i] - o->bw) > 1e-9)
                return bad("--bw", v[O_BW], "differs from the reference channel's bandwidth");
        for (int i = 0; i < 6; i++)
            if (nrbs[i] == c->cell.n_rb)
                o->bw = bws[i];
    } else if (v[O_MODEL]) {
        if (lte_wf_model(v[O_MODEL], n_rb, c) < 0)
            return bad("--model", v[O_MODEL], lte_errdetail());
    } else {
        lte_wf_cfg_init(c);
        c->cell.n_rb = n_rb;
    }
    if ((rc = apply_cell(v, c)) || (rc = apply_powers(v, c)) || (rc = apply_pdsch(v, c)) ||
        (rc = apply_ocng(v, c)))
        return rc;
    /* The payloads of an FDD table are not those of its TDD counterpart
     * (36.101 §A.3.4 sizes each TDD subframe and the DwPTS on their own):
     * an FDD RMC in a TDD frame would be labelled as a channel it is not. */
    if (v[O_RMC] && c->cell.duplex == LTE_TDD)
        return bad("--duplex", v[O_DUPLEX],
                   "the reference channels here are FDD (36.101 A.3.3); the TDD channels of "
                   "A.3.4 are not available (docs/waveform.md)");
    o->frames = 1;
    if (v[O_FRAMES]) {
        if (parse_l(v[O_FRAMES], 1, WF_MAX_FRAMES, &x) < 0)
            return bad("--frames", v[O_FRAMES], "must be 1..1024");
        o->frames = (int)x;
    }
    o->ci16 = 0;
    if (v[O_FORMAT]) {
        if (!strcmp(v[O_FORMAT], "ci16"))
            o->ci16 = 1;
        else if (strcmp(v[O_FORMAT], "cf32"))
            return bad("--format", v[O_FORMAT], "must be cf32 or ci16");
    }
    int n_sc = 12 * n_rb, n_fft = lte_ofdm_std_fft_size(n_rb);
    o->scale = o->ci16 ? 32767.0 * pow(10.0, -12.0 / 20.0) * sqrt((double)n_fft / n_sc) : 1.0;
    if (v[O_SCALE] && (parse_d(v[O_SCALE], &o->scale) < 0 || o->scale <= 0))
        return bad("--scale", v[O_SCALE], "must be a positive number");
    o->path = v[O_OUT];
    if (!o->path || !o->path[0]) {
        fprintf(stderr, "ltephy waveform: --out FILE is required\n");
        return 2;
    }
    return 0;
}

/* ---- writing --------------------------------------------------------------- */

typedef struct wf_stats {
    wf_iq_stats iq;
    int tbs[LTE_NSUBFRAMES];
} wf_stats;

static int generate(const lte_wf_cfg *c, const wf_out *o, wf_files *F, wf_stats *st)
{
    lte_wf *wf = NULL;
    if (lte_wf_create(c, &wf) < 0) {
        fprintf(stderr, "ltephy waveform: %s\n", lte_errdetail());
        return 2;
    }
    int len = lte_wf_subframe_len(wf), P = c->cell.n_ports, rc = 0;
    float complex *x[4] = {0};
    void *buf = malloc((size_t)len * 8);
    for (int p = 0; p < P; p++)
        x[p] = malloc((size_t)len * sizeof(float complex));
    if (!buf || (P > 0 && !x[P - 1]) || wf_files_open(F, o->path, P)) {
        rc = 1;
        goto done;
    }
    memset(st, 0, sizeof *st);
    for (int fr = 0; fr < o->frames && !rc; fr++)
        for (int sf = 0; sf < LTE_NSUBFRAMES && !rc; sf++) {
            if (lte_wf_run(wf, fr, sf, x) < 0) {
                fprintf(stderr, "ltephy waveform: frame %d subframe %d: %s\n", fr, sf,
                        lte_errdetail());
                rc = 1;
                break;
            }
            if (fr == 0)
                st->tbs[sf] = lte_wf_last_tbs(wf);
            for (int p = 0; p < P && !rc; p++) {
                size_t nb = wf_iq_convert(x[p], len, o->ci16, o->scale, buf, &st->iq);
                rc = wf_files_write(F, p, buf, nb);
            }
        }
    if (rc)
        wf_files_abort(F);
    else
        rc = wf_files_commit(F);
done:
    free(buf);
    for (int p = 0; p < 4; p++)
        free(x[p]);
    lte_wf_destroy(wf);
    return rc;
}

/* ---- JSON sidecar -------------------------------------------------------- */

static void json_allocation(FILE *j, const lte_wf_cfg *c)
{
    int first = 1;
    fprintf(j, "    \"allocation\": [");
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++)
        for (int k = 0; k < c->cell.n_rb;) {
            int m = c->prb_mod[sf][k], e = k + 1;
            if (!m) {
                k++;
                continue;
            }
            while (e < c->cell.n_rb && c->prb_mod[sf][e] == m && c->prb_db[sf][e] == c->prb_db[sf][k])
                e++;
            fprintf(j, "%s\n      {\"subframe\": %d, \"prb_first\": %d, \"prb_last\": %d, "
                       "\"modulation\": \"%s\", \"epre_db\": %.3f}",
                    first ? "" : ",", sf, k, e - 1, lte_mod_name((lte_mod)m),
                    (double)c->prb_db[sf][k]);
            first = 0;
            k = e;
        }
    fprintf(j, "%s]", first ? "" : "\n    ");
}

static int write_json(const lte_wf_cfg *c, const wf_out *o, const wf_files *F,
                      const wf_stats *st)
{
    char *text = NULL;
    size_t len = 0;
    FILE *j = open_memstream(&text, &len);
    if (!j)
        return 1;
    const lte_cell_cfg *cell = &c->cell;
    static const char *ng[4] = {"1/6", "1/2", "1", "2"};
    int n_fft = lte_ofdm_std_fft_size(cell->n_rb);
    int is_rmc = c->data == LTE_WF_DATA_DLSCH && c->i_mcs == -1;
    int is_model = !is_rmc && strcmp(c->name, "free") != 0;
    fprintf(j, "{\n  \"generator\": \"ltephy waveform\",\n  \"ltephy_version\": \"%s\",\n",
            lte_version());
    fprintf(j, "  \"configuration\": \"%s\",\n  \"spec\": \"%s\",\n", c->name,
            is_rmc && !strncmp(c->name, "R.10", 4)
                ? "3GPP TS 36.101 Annex A.3.3.2.1, Table A.3.3.2.1-1"
            : is_rmc   ? "3GPP TS 36.101 Annex A.3.3.1, Table A.3.3.1-1"
            : is_model ? "3GPP TS 36.141 clause 6.1.1 (E-UTRA test models), data per clause 6.1.2"
                       : "free configuration");
    fprintf(j, "  \"cell\": {\"bandwidth_mhz\": %g, \"n_rb\": %d, \"fft_size\": %d, "
               "\"sample_rate_hz\": %d, \"cp\": \"%s\", \"duplex\": \"%s\", ",
            o->bw, cell->n_rb, n_fft, 15000 * n_fft, cell->cp ? "extended" : "normal",
            cell->duplex ? "tdd" : "fdd");
    if (cell->duplex == LTE_TDD)
        fprintf(j, "\"tdd_config\": %d, \"ssf_config\": %d, ", cell->tdd_config, cell->ssf_config);
    fprintf(j, "\"cell_id\": %d, \"n_ports\": %d, \"cfi\": %d, \"phich_ng\": \"%s\", "
               "\"phich_duration\": \"%s\"},\n",
            cell->cell_id, cell->n_ports, cell->cfi, ng[cell->ng],
            cell->phich_dur ? "extended" : "normal");
    fprintf(j, "  \"frames\": %d,\n  \"first_sfn\": 0,\n  \"samples_per_port\": %ld,\n",
            o->frames, st->iq.samples / cell->n_ports);
    fprintf(j, "  \"format\": \"%s\",\n  \"sample_layout\": \"%s\",\n  \"scale\": %.9g,\n",
            o->ci16 ? "ci16" : "cf32",
            o->ci16 ? "interleaved I,Q int16 little-endian; value = round_half_even(x * scale), "
                      "saturated to -32768..32767"
                    : "interleaved I,Q float32 little-endian; value = x * scale",
            o->scale);
    fprintf(j, "  \"normalisation\": \"x: unitary OFDM (1/sqrt(N_fft)), an RE of 0 dB EPRE has "
               "|a|^2 = 1; mean power of a symbol = sum |a|^2 / N_fft\",\n");
    fprintf(j, "  \"epre_db\": {\"crs\": %.3f, \"pss_sss\": %.3f, \"pbch\": %.3f, \"pcfich\": "
               "%.3f, \"phich_per_phich\": %.3f, \"pdcch\": %.3f},\n",
            (double)c->crs_db, (double)c->sync_db, (double)c->pbch_db, (double)c->pcfich_db,
            (double)c->phich_db, (double)c->pdcch_db);
    fprintf(j, "  \"pbch\": \"MIB of the cell with the frame's SFN\",\n");
    /* the sequences lte_wf uses: 0, N_SF, 1, N_SF + 1... (waveform.h) */
    int n_sf = cell->cp == LTE_CP_NORMAL ? 4 : 2;
    fprintf(j, "  \"phich\": {\"per_group\": %d, \"hi\": 0, \"sequences\": [", c->n_phich);
    for (int i = 0; i < c->n_phich; i++)
        fprintf(j, "%s%d", i ? ", " : "", (i % 2) * n_sf + i / 2);
    fprintf(j, "]},\n");
    fprintf(j, "  \"pdcch\": {\"count\": %d, \"cces_each\": %d, \"first_cces\": \"0, L, 2L...\", "
               "\"payload\": \"27 zero bits\", \"crc_rnti\": %d, \"unused_regs\": \"<NIL>, zero "
               "power\"},\n",
            c->n_pdcch, c->pdcch_cces, c->rnti ? c->rnti : 1);
    fprintf(j, "  \"pdsch\": {\n    \"data\": \"%s\",\n    \"rnti\": %d,\n",
            c->data == LTE_WF_DATA_DLSCH
                ? "DL-SCH coded transport blocks, bits from xoshiro256** stream (seed, 10*frame+subframe)"
                : "'0' bits scrambled per 36.211 6.3.1 (q = 0), one scrambler run per PRB run",
            c->rnti);
    if (c->data == LTE_WF_DATA_DLSCH) {
        fprintf(j, "    \"i_mcs\": %d,\n    \"rv\": 0,\n    \"seed\": %llu,\n    \"tbs_frame0\": [", c->i_mcs,
                (unsigned long long)c->seed);
        for (int sf = 0; sf < LTE_NSUBFRAMES; sf++)
            fprintf(j, "%s%d", sf ? ", " : "", st->tbs[sf]);
        fprintf(j, "],\n");
    }
    json_allocation(j, c);
    fprintf(j, "\n  },\n");
    if (c->ocng != LTE_WF_OCNG_NONE)
        fprintf(j, "  \"ocng\": {\"pattern\": \"%s\", \"spec\": \"3GPP TS 36.101 Annex A.5.1.2, "
                   "Table A.5.1.2-1\", \"prbs\": \"0..first allocated-1 and last allocated+1.."
                   "N_RB-1 of every subframe (all PRBs of a subframe without PDSCH)\", "
                   "\"relative_power_db\": 0, \"ocng_ra_db\": %.3f, \"ocng_rb_db\": %.3f, "
                   "\"modulation\": \"QPSK\", \"virtual_ues\": \"one per side, n_RNTI 1 (lower), "
                   "2 (upper)\", \"data\": \"xoshiro256** stream (seed, 2^62 + 10*frame+subframe)\", "
                   "\"seed\": %llu, \"multi_port\": \"transmit diversity (transmission mode 2)\"},\n",
                lte_wf_ocng_name(c->ocng), (double)c->ocng_ra_db, (double)c->ocng_rb_db,
                (unsigned long long)c->seed);
    fprintf(j, "  \"files\": [");
    for (int p = 0; p < F->n; p++) {
        const char *slash = strrchr(F->path[p], '/');
        fprintf(j, "%s\n    {\"port\": %d, \"path\": \"%s\", \"bytes\": %ld, \"sha256\": \"%s\"}",
                p ? "," : "", p, slash ? slash + 1 : F->path[p], F->bytes[p], F->hex[p]);
    }
    double rms = st->iq.samples ? sqrt(st->iq.energy / (double)st->iq.samples) : 0;
    fprintf(j, "\n  ],\n  \"stats\": {\"rms\": %.6g, \"peak_component\": %.6g, "
               "\"clipped_components\": %ld}\n}\n",
            rms, st->iq.peak, st->iq.clipped);
    if (fclose(j) != 0) {
        free(text);
        return 1;
    }
    char jpath[4200];
    snprintf(jpath, sizeof jpath, "%s.json", o->path);
    int rc = lte_cli_write_file(jpath, text, len);
    free(text);
    if (rc < 0) {
        fprintf(stderr, "ltephy waveform: %s\n", lte_errdetail());
        return 1;
    }
    return 0;
}

static int list_models(void)
{
    printf("E-UTRA test models (36.141 6.1.1), --bw 1.4..20 (15 MHz only where stated):\n");
    for (int i = 0; lte_wf_model_name(i); i++)
        printf("  %-10s %s\n", lte_wf_model_name(i), lte_wf_model_summary(i));
    printf("Reference measurement channels (36.101 Annex A.3), FDD, fixed bandwidth:\n");
    for (int i = 0; lte_wf_rmc_name(i); i++)
        printf("  %-10s %s\n", lte_wf_rmc_name(i), lte_wf_rmc_summary(i));
    wf_ul_list(stdout);
    return 0;
}

/* --rmc with an uplink FRC: tools/wf_ul.c, which takes only these options. */
static int waveform_uplink(const char **val)
{
    static const int ok[] = {O_RMC,     O_CONFIG, O_BW,      O_DUPLEX,     O_TDD,
                             O_FRAMES,  O_FORMAT, O_SCALE,   O_OUT,        O_CELL_ID,
                             O_RNTI,    O_SEED,   O_HOPPING, O_N_SB,       O_HOP_OFFSET,
                             O_HOP_MODE, O_PRB_START};
    for (int i = 0; i < O_NOPT; i++) {
        int allowed = 0;
        for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++)
            allowed |= ok[k] == i;
        for (int n = 0; !allowed && val[i] && wf_opts[n].name; n++)
            if (wf_opts[n].val == i) {
                char opt[40];
                snprintf(opt, sizeof opt, "--%s", wf_opts[n].name);
                return bad(opt, val[i], "does not apply to an uplink FRC");
            }
    }
    wf_ul_args a = {val[O_RMC],     val[O_BW],         val[O_DUPLEX], val[O_TDD],
                    val[O_FRAMES],  val[O_FORMAT],     val[O_SCALE],  val[O_OUT],
                    val[O_CELL_ID], val[O_RNTI],       val[O_SEED],   val[O_HOPPING],
                    val[O_N_SB],    val[O_HOP_OFFSET], val[O_HOP_MODE], val[O_PRB_START]};
    return wf_ul_main(&a);
}

static int cmd_waveform(int argc, char **argv)
{
    const char *val[O_NOPT] = {0};
    int list = 0, ch;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "+:", wf_opts, NULL)) != -1) {
        if (ch == ':') {
            fprintf(stderr, "ltephy waveform: option '%s' needs a value\n", argv[optind - 1]);
            return 2;
        }
        if (ch == O_HELP) {
            usage(stdout);
            return 0;
        }
        if (ch == O_LIST)
            list = 1;
        else if (ch >= 0 && ch < O_NOPT)
            val[ch] = optarg;
        else
            return lte_cli_bad_option("waveform", argv[optind - 1]);
    }
    if (optind < argc)
        return lte_cli_bad_option("waveform", argv[optind]);
    if (list)
        return list_models();
    char *text = NULL;
    int rc = 0;
    if (val[O_CONFIG]) {
        if (!(text = read_text(val[O_CONFIG]))) {
            fprintf(stderr, "ltephy waveform: cannot read config file %s\n", val[O_CONFIG]);
            return 2;
        }
        rc = load_config(val[O_CONFIG], text, val);
    }
    if (!rc && val[O_RMC] && wf_ul_is_frc(val[O_RMC])) {
        rc = waveform_uplink(val);
        free(text);
        return rc;
    }
    lte_wf_cfg cfg;
    wf_out o;
    wf_files files;
    wf_stats st;
    /* the PUSCH options have no downlink meaning */
    static const int ul_only[] = {O_HOPPING, O_N_SB, O_HOP_OFFSET, O_HOP_MODE, O_PRB_START};
    for (size_t k = 0; !rc && k < sizeof ul_only / sizeof ul_only[0]; k++)
        for (int n = 0; val[ul_only[k]] && wf_opts[n].name; n++)
            if (wf_opts[n].val == ul_only[k]) {
                char opt[40];
                snprintf(opt, sizeof opt, "--%s", wf_opts[n].name);
                rc = bad(opt, val[ul_only[k]],
                         "applies to an uplink FRC only (--rmc A3-2 ..., see --list)");
                break;
            }
    if (!rc)
        rc = build_cfg(val, &cfg, &o);
    if (!rc)
        rc = generate(&cfg, &o, &files, &st);
    if (!rc)
        rc = write_json(&cfg, &o, &files, &st);
    free(text);
    return rc;
}

LTE_CMD(waveform, "downlink frames (E-TMs, RMCs, free) and uplink FRCs as IQ + JSON",
        cmd_waveform)
