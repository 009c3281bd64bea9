/* The downlink configuration options of `ltephy waveform` and `ltephy evm`
 * (wf_cfg.h): option table, config file, and the lte_wf_cfg they build.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "wf_cfg.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ltephy/error.h"
#include "ltephy/tables.h"

const struct option wf_cfg_opts[] = {
    {"model", required_argument, 0, WF_O_MODEL},
    {"rmc", required_argument, 0, WF_O_RMC},
    {"config", required_argument, 0, WF_O_CONFIG},
    {"bw", required_argument, 0, WF_O_BW},
    {"duplex", required_argument, 0, WF_O_DUPLEX},
    {"tdd-config", required_argument, 0, WF_O_TDD},
    {"ssf-config", required_argument, 0, WF_O_SSF},
    {"frames", required_argument, 0, WF_O_FRAMES},
    {"format", required_argument, 0, WF_O_FORMAT},
    {"scale", required_argument, 0, WF_O_SCALE},
    {"out", required_argument, 0, WF_O_OUT},
    {"cell-id", required_argument, 0, WF_O_CELL_ID},
    {"ports", required_argument, 0, WF_O_PORTS},
    {"cp", required_argument, 0, WF_O_CP},
    {"cfi", required_argument, 0, WF_O_CFI},
    {"ng", required_argument, 0, WF_O_NG},
    {"mod", required_argument, 0, WF_O_MOD},
    {"prbs", required_argument, 0, WF_O_PRBS},
    {"pa-db", required_argument, 0, WF_O_PA_DB},
    {"mcs", required_argument, 0, WF_O_MCS},
    {"rnti", required_argument, 0, WF_O_RNTI},
    {"seed", required_argument, 0, WF_O_SEED},
    {"pdcch", required_argument, 0, WF_O_PDCCH},
    {"pdcch-cces", required_argument, 0, WF_O_PDCCH_CCES},
    {"phich", required_argument, 0, WF_O_PHICH},
    {"crs-db", required_argument, 0, WF_O_CRS_DB},
    {"sync-db", required_argument, 0, WF_O_SYNC_DB},
    {"pbch-db", required_argument, 0, WF_O_PBCH_DB},
    {"pcfich-db", required_argument, 0, WF_O_PCFICH_DB},
    {"phich-db", required_argument, 0, WF_O_PHICH_DB},
    {"pdcch-db", required_argument, 0, WF_O_PDCCH_DB},
    {"hopping", required_argument, 0, WF_O_HOPPING},
    {"n-sb", required_argument, 0, WF_O_N_SB},
    {"hopping-offset", required_argument, 0, WF_O_HOP_OFFSET},
    {"hopping-mode", required_argument, 0, WF_O_HOP_MODE},
    {"prb-start", required_argument, 0, WF_O_PRB_START},
    {"ocng", required_argument, 0, WF_O_OCNG},
    {"ocng-ra-db", required_argument, 0, WF_O_OCNG_RA},
    {"ocng-rb-db", required_argument, 0, WF_O_OCNG_RB},
    {0, 0, 0, 0}};

int wf_cfg_find(const char *name)
{
    for (int i = 0; wf_cfg_opts[i].name; i++)
        if (!strcmp(wf_cfg_opts[i].name, name))
            return wf_cfg_opts[i].val;
    return -1;
}

int wf_cfg_parse_l(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 0);
    if (!s[0] || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int wf_cfg_parse_d(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (!s[0] || *end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int wf_cfg_bad(const char *cmd, const char *opt, const char *val, const char *rule)
{
    fprintf(stderr, "ltephy %s: %s '%s': %s\n", cmd, opt, val, rule);
    return 2;
}

int wf_cfg_int(const char *cmd, const char *opt, const char *s, long lo, long hi, long *out)
{
    if (wf_cfg_parse_l(s, lo, hi, out) == 0)
        return 0;
    char rule[64];
    snprintf(rule, sizeof rule, "must be an integer %ld..%ld", lo, hi);
    return wf_cfg_bad(cmd, opt, s, rule);
}

static int bad(const wf_cfg_args *a, const char *opt, const char *val, const char *rule)
{
    return wf_cfg_bad(a->cmd, opt, val, rule);
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
static int load_config(const wf_cfg_args *a, const char *path, char *text)
{
    int line = 0;
    /* line by line, empty lines counted (strtok would skip them and the
     * numbers in the messages would run short) */
    for (char *ln = text, *next; ln; ln = next) {
        line++;
        next = strchr(ln, '\n');
        if (next)
            *next++ = '\0';
        char *hash = strchr(ln, '#');
        if (hash)
            *hash = '\0';
        char *s = trim(ln);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            fprintf(stderr, "ltephy %s: %s: line %d is not 'key = value'\n", a->cmd, path, line);
            return 2;
        }
        *eq = '\0';
        char *key = trim(s), *v = trim(eq + 1);
        int idx = wf_cfg_find(key);
        if (idx < 0 || idx == WF_O_CONFIG) {
            fprintf(stderr, "ltephy %s: %s: unknown key '%s' (line %d)\n", a->cmd, path, key,
                    line);
            return 2;
        }
        if (!a->val[idx])
            a->val[idx] = v;
    }
    return 0;
}

int wf_cfg_load(const wf_cfg_args *a, char **text)
{
    const char *path = a->val[WF_O_CONFIG];
    *text = NULL;
    if (!path)
        return 0;
    if (!(*text = read_text(path))) {
        fprintf(stderr, "ltephy %s: cannot read config file %s\n", a->cmd, path);
        return 2;
    }
    return load_config(a, path, *text);
}

int wf_cfg_refuse(const wf_cfg_args *a, int code, const char *rule)
{
    if (!a->val[code])
        return 0;
    for (int n = 0; wf_cfg_opts[n].name; n++)
        if (wf_cfg_opts[n].val == code) {
            char opt[40];
            snprintf(opt, sizeof opt, "--%s", wf_cfg_opts[n].name);
            return bad(a, opt, a->val[code], rule);
        }
    return 0;
}

int wf_cfg_refuse_ul(const wf_cfg_args *a, const char *rule)
{
    static const int ul_only[] = {WF_O_HOPPING, WF_O_N_SB, WF_O_HOP_OFFSET, WF_O_HOP_MODE,
                                  WF_O_PRB_START};
    int rc = 0;
    for (size_t k = 0; !rc && k < sizeof ul_only / sizeof ul_only[0]; k++)
        rc = wf_cfg_refuse(a, ul_only[k], rule);
    return rc;
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

static int apply_cell(const wf_cfg_args *a, lte_wf_cfg *c)
{
    const char **v = a->val;
    long x;
    lte_cell_cfg *cell = &c->cell;
    if (v[WF_O_DUPLEX]) {
        if (!strcasecmp(v[WF_O_DUPLEX], "fdd"))
            cell->duplex = LTE_FDD;
        else if (!strcasecmp(v[WF_O_DUPLEX], "tdd"))
            cell->duplex = LTE_TDD;
        else
            return bad(a, "--duplex", v[WF_O_DUPLEX], "must be fdd or tdd");
    }
    struct { int o; const char *n; long lo, hi; int *dst; } ints[] = {
        {WF_O_TDD, "--tdd-config", 0, 6, &cell->tdd_config},
        {WF_O_SSF, "--ssf-config", 0, 9, &cell->ssf_config},
        {WF_O_CELL_ID, "--cell-id", 0, 503, &cell->cell_id},
        {WF_O_CFI, "--cfi", 1, 3, &cell->cfi},
        {WF_O_PDCCH, "--pdcch", 0, 100, &c->n_pdcch},
        {WF_O_PDCCH_CCES, "--pdcch-cces", 1, 8, &c->pdcch_cces},
        {WF_O_PHICH, "--phich", 0, 8, &c->n_phich}};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        if (!v[ints[i].o])
            continue;
        if (wf_cfg_int(a->cmd, ints[i].n, v[ints[i].o], ints[i].lo, ints[i].hi, &x))
            return 2;
        *ints[i].dst = (int)x;
    }
    if (v[WF_O_PORTS]) {
        if (wf_cfg_parse_l(v[WF_O_PORTS], 1, 4, &x) < 0 || x == 3)
            return bad(a, "--ports", v[WF_O_PORTS], "must be 1, 2 or 4");
        cell->n_ports = (int)x;
    }
    if (v[WF_O_CP]) {
        if (!strcasecmp(v[WF_O_CP], "normal"))
            cell->cp = LTE_CP_NORMAL;
        else if (!strcasecmp(v[WF_O_CP], "extended"))
            cell->cp = LTE_CP_EXTENDED;
        else
            return bad(a, "--cp", v[WF_O_CP], "must be normal or extended");
    }
    if (v[WF_O_NG]) {
        static const char *ng[4] = {"1/6", "1/2", "1", "2"};
        int k = -1;
        for (int i = 0; i < 4; i++)
            if (!strcmp(v[WF_O_NG], ng[i]))
                k = i;
        if (k < 0)
            return bad(a, "--ng", v[WF_O_NG], "must be 1/6, 1/2, 1 or 2");
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

static int apply_dbs(const wf_cfg_args *a, const db_opt *dbs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double d;
        const char *s = a->val[dbs[i].o];
        if (!s)
            continue;
        if (wf_cfg_parse_d(s, &d) < 0 || d < -100 || d > 40)
            return bad(a, dbs[i].n, s, "must be a number of dB in -100..40");
        *dbs[i].dst = (float)d;
    }
    return 0;
}

static int apply_powers(const wf_cfg_args *a, lte_wf_cfg *c)
{
    const db_opt dbs[] = {
        {WF_O_CRS_DB, "--crs-db", &c->crs_db},
        {WF_O_SYNC_DB, "--sync-db", &c->sync_db},
        {WF_O_PBCH_DB, "--pbch-db", &c->pbch_db},
        {WF_O_PCFICH_DB, "--pcfich-db", &c->pcfich_db},
        {WF_O_PHICH_DB, "--phich-db", &c->phich_db},
        {WF_O_PDCCH_DB, "--pdcch-db", &c->pdcch_db}};
    return apply_dbs(a, dbs, sizeof dbs / sizeof dbs[0]);
}

/* n_RNTI, seed, and a new allocation of every downlink subframe when any of
 * --mod, --prbs, --pa-db, --mcs is given (else the model's is kept). */
static int apply_pdsch(const wf_cfg_args *a, lte_wf_cfg *c)
{
    const char **v = a->val;
    long x;
    lte_mod mod = LTE_MOD_QPSK;
    double pa = 0;
    if (v[WF_O_RNTI]) {
        if (wf_cfg_parse_l(v[WF_O_RNTI], 0, 65535, &x) < 0)
            return bad(a, "--rnti", v[WF_O_RNTI], "must be 0..65535");
        c->rnti = (uint16_t)x;
    }
    if (v[WF_O_SEED]) {
        char *end;
        c->seed = strtoull(v[WF_O_SEED], &end, 0);
        if (!v[WF_O_SEED][0] || *end)
            return bad(a, "--seed", v[WF_O_SEED], "must be an unsigned integer");
    }
    if (v[WF_O_MCS]) {
        int qm, itbs;
        if (wf_cfg_parse_l(v[WF_O_MCS], 0, 28, &x) < 0)
            return bad(a, "--mcs", v[WF_O_MCS], "must be 0..28 (36.213 Table 7.1.7.1-1)");
        c->data = LTE_WF_DATA_DLSCH;
        c->i_mcs = (int)x;
        lte_mcs_lookup(LTE_MCS_PDSCH_64QAM, c->i_mcs, &qm, &itbs);
        mod = (lte_mod)qm;
    }
    if (v[WF_O_MOD] && parse_mod(v[WF_O_MOD], &mod) < 0)
        return bad(a, "--mod", v[WF_O_MOD], "must be qpsk, 16qam, 64qam or 256qam");
    if (v[WF_O_PA_DB] && (wf_cfg_parse_d(v[WF_O_PA_DB], &pa) < 0 || pa < -100 || pa > 40))
        return bad(a, "--pa-db", v[WF_O_PA_DB], "must be a number of dB in -100..40");
    if (!v[WF_O_PRBS] && !v[WF_O_MOD] && !v[WF_O_PA_DB] && !v[WF_O_MCS])
        return 0; /* keep the model's allocation */
    uint8_t mask[LTE_MAX_RB];
    const char *prbs = v[WF_O_PRBS] ? v[WF_O_PRBS] : "all";
    if (parse_prbs(prbs, c->cell.n_rb, mask) < 0)
        return bad(a, "--prbs", prbs, "must be all, none or a list like 0-9,20 within 0..N_RB-1");
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++)
        for (int n = 0; n < LTE_MAX_RB; n++) {
            c->prb_mod[sf][n] = mask[n] ? (uint8_t)mod : 0;
            c->prb_db[sf][n] = mask[n] ? (float)pa : 0.0f;
        }
    return 0;
}

/* --ocng (36.101 Annex A.5): refused for the E-TMs, which define their own
 * fill (36.141 §6.1.1), for a TDD cell and for patterns not available. */
static int apply_ocng(const wf_cfg_args *a, lte_wf_cfg *c)
{
    const char **v = a->val;
    if (!v[WF_O_OCNG]) {
        if (v[WF_O_OCNG_RA])
            return bad(a, "--ocng-ra-db", v[WF_O_OCNG_RA], "needs --ocng");
        if (v[WF_O_OCNG_RB])
            return bad(a, "--ocng-rb-db", v[WF_O_OCNG_RB], "needs --ocng");
        return 0;
    }
    if (lte_wf_ocng_parse(v[WF_O_OCNG], &c->ocng) < 0)
        return bad(a, "--ocng", v[WF_O_OCNG], lte_errdetail());
    if (c->ocng == LTE_WF_OCNG_NONE)
        return v[WF_O_OCNG_RA] || v[WF_O_OCNG_RB]
                   ? bad(a, "--ocng", v[WF_O_OCNG], "--ocng-ra-db / --ocng-rb-db need a pattern")
                   : 0;
    if (v[WF_O_MODEL]) {
        char rule[96];
        snprintf(rule, sizeof rule,
                 "not with %s: the E-TMs define their own PRB fill (36.141 6.1.1)", a->model_opt);
        return bad(a, "--ocng", v[WF_O_OCNG], rule);
    }
    if (c->cell.duplex == LTE_TDD)
        return bad(a, "--ocng", v[WF_O_OCNG],
                   "OP.2 FDD needs --duplex fdd (the TDD patterns of 36.101 A.5.2 are not "
                   "available)");
    const db_opt dbs[2] = {{WF_O_OCNG_RA, "--ocng-ra-db", &c->ocng_ra_db},
                           {WF_O_OCNG_RB, "--ocng-rb-db", &c->ocng_rb_db}};
    return apply_dbs(a, dbs, 2);
}

int wf_cfg_build(const wf_cfg_args *a, lte_wf_cfg *c, double *bw_mhz)
{
    const char **v = a->val;
    int n_rb, rc;
    *bw_mhz = 10;
    if (v[WF_O_BW] &&
        (wf_cfg_parse_d(v[WF_O_BW], bw_mhz) < 0 || lte_wf_bw_to_nrb(*bw_mhz, &n_rb) < 0))
        return bad(a, "--bw", v[WF_O_BW], "must be 1.4, 3, 5, 10, 15 or 20");
    lte_wf_bw_to_nrb(*bw_mhz, &n_rb);
    if (v[WF_O_RMC] && v[WF_O_MODEL]) {
        char rule[64];
        snprintf(rule, sizeof rule, "give either %s or --rmc", a->model_opt);
        return bad(a, "--rmc", v[WF_O_RMC], rule);
    }
    if (v[WF_O_RMC]) {
        static const double bws[6] = {1.4, 3, 5, 10, 15, 20};
        static const int nrbs[6] = {6, 15, 25, 50, 75, 100};
        if (lte_wf_rmc(v[WF_O_RMC], c) < 0)
            return bad(a, "--rmc", v[WF_O_RMC],
                       "unknown reference channel (see 'ltephy waveform --list')");
        for (int i = 0; i < 6; i++)
            if (nrbs[i] == c->cell.n_rb && v[WF_O_BW] && fabs(bws[i] - *bw_mhz) > 1e-9)
                return bad(a, "--bw", v[WF_O_BW], "differs from the reference channel's bandwidth");
        for (int i = 0; i < 6; i++)
            if (nrbs[i] == c->cell.n_rb)
                *bw_mhz = bws[i];
    } else if (v[WF_O_MODEL]) {
        if (lte_wf_model(v[WF_O_MODEL], n_rb, c) < 0)
            return bad(a, a->model_opt, v[WF_O_MODEL], lte_errdetail());
    } else {
        lte_wf_cfg_init(c);
        c->cell.n_rb = n_rb;
    }
    if ((rc = apply_cell(a, c)) || (rc = apply_powers(a, c)) || (rc = apply_pdsch(a, c)) ||
        (rc = apply_ocng(a, c)))
        return rc;
    /* The payloads of an FDD table are not those of its TDD counterpart
     * (36.101 §A.3.4 sizes each TDD subframe and the DwPTS on their own):
     * an FDD RMC in a TDD frame would be labelled as a channel it is not. */
    if (v[WF_O_RMC] && c->cell.duplex == LTE_TDD)
        return bad(a, "--duplex", v[WF_O_DUPLEX],
                   "the reference channels here are FDD (36.101 A.3.3); the TDD channels of "
                   "A.3.4 are not available (docs/waveform.md)");
    return 0;
}

void wf_cfg_usage(FILE *f)
{
    fputs("  --cell-id N --ports 1|2|4 --cp normal|extended --cfi 1..3 --ng 1/6|1/2|1|2\n"
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
          "                    (default 0 dB)\n",
          f);
}
