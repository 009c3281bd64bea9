/* `ltephy evm`: transmitter signal analysis of a downlink IQ file (EVM per
 * PDSCH modulation, frequency error, RSTP, OSTP, timing; 36.104 §6.5 and
 * Annex E, ltephy/evm.h) against the configuration it was made with: an
 * E-TM (36.141 §6.1.1), an RMC (36.101 Annex A.3) or a free configuration,
 * given with every configuration option of `ltephy waveform` (--config FILE
 * included), parsed and applied by the same code (tools/wf_cfg.c), plus the
 * options of the measurement (docs/evm.md).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "wf_cfg.h"
#include "wf_ul.h"
#include "ltephy/error.h"
#include "ltephy/evm.h"
#include "ltephy/iq.h"
#include "ltephy/ofdm.h"
#include "ltephy/waveform.h"

#define EVM_MAX_FRAMES 1000

static void usage(FILE *f)
{
    fprintf(f,
            "usage: ltephy evm FILE --rate R --format F\n"
            "                  (--etm NAME --bw MHz | --rmc NAME | --bw MHz [free options])\n"
            "                  [--config FILE] [--decide] [--frames N] [--port P]\n"
            "                  [--carrier HZ] [--window W] [--first-frame N] [--json]\n"
            "Measures a downlink waveform the way 36.104 Annex E / 36.141 Annex F measure a\n"
            "base station: frame timing and frequency error found and removed, FFT at the two\n"
            "ends of the EVM window W centred on each cyclic prefix, zero-forcing equaliser from\n"
            "the CRS (time average, 19-subcarrier moving average), RMS EVM of the PDSCH per\n"
            "modulation against 36.104 Table 6.5.2-1, RS EPRE (RSTP) and OFDM symbol power\n"
            "(OSTP) in dB on the RE scale of the file's full scale (0 dB = |a|^2 = 1 with a\n"
            "unitary FFT, the scale of `ltephy waveform`). FILE is one antenna port.\n"
            "The configuration: the options `ltephy waveform` was given, with the same names,\n"
            "meaning and checks (one parser); not its output options --out and --scale;\n"
            "--frames and --format are this command's own, with other meanings (below):\n"
            "  --etm NAME        E-TM1.1 ... E-TM3.3 (see `ltephy waveform --list`) with --bw;\n"
            "                    --model NAME is the same\n"
            "  --rmc NAME        R.4, R.42-1, ... R.10 (fixed bandwidth; downlink only)\n"
            "  --bw MHz          1.4, 3, 5, 10, 15, 20; required but with --rmc (no default\n"
            "                    of 10 here: it would be a guess about FILE)\n"
            "  --config FILE     key = value lines using `ltephy waveform`'s long option\n"
            "                    names (its config file as it is); its keys out, scale,\n"
            "                    frames and format (the file it wrote) are ignored here;\n"
            "                    the command line overrides the file\n"
            "  --duplex fdd|tdd --tdd-config N --ssf-config N\n"
            "free options (also override --etm and --rmc):\n");
    wf_cfg_usage(f);
    fprintf(f,
            "the measurement:\n"
            "  --rate R          sample rate of FILE (resampled to the bandwidth's standard\n"
            "                    rate 15 kHz * N_fft when different)\n"
            "  --format F        format of FILE, the file read: cf32, ci16, ci8, cu8\n"
            "                    (ltephy/iq.h; `ltephy waveform --format`: of the file written)\n"
            "  --decide          ideal PDSCH symbols by decision (nearest point of the PRB's\n"
            "                    modulation) instead of regenerating the data: for a waveform\n"
            "                    of another generator with the same PRB/modulation layout\n"
            "  --frames N        measure at most N radio frames of FILE (1..%d, default all;\n"
            "                    `ltephy waveform --frames`: frames written)\n"
            "  --port P          the antenna port FILE carries (default 0)\n"
            "  --carrier HZ      carrier frequency, for the error in ppm\n"
            "  --window W        EVM window in samples at the standard FFT size (default\n"
            "                    36.101 Table F.5.3-1; required for extended CP)\n"
            "  --first-frame N   radio frame of FILE's first sample (default 0)\n"
            "  --json            one JSON object instead of the table\n"
            "Exit: 0 measured (pass or fail is in the output), 1 the signal could not be\n"
            "measured, 2 bad option or unreadable file.\n",
            EVM_MAX_FRAMES);
}

/* The measurement's options with a value; the configuration's are WF_O_*. */
enum { E_RATE = WF_O_NOPT, E_FORMAT, E_FRAMES, E_PORT, E_CARRIER, E_WINDOW, E_FIRST_FRAME };

typedef struct evm_opts {
    const char *path;
    const char *val[WF_O_NOPT]; /* the configuration options (wf_cfg.h) */
    const char *model_opt;      /* "--etm" or "--model", as given */
    double rate, carrier;
    int have_rate, have_fmt, json, decide, frames, port, window, first_frame;
    lte_iq_format fmt;
} evm_opts;

static int bad(const char *opt, const char *val, const char *rule)
{
    return wf_cfg_bad("evm", opt, val, rule);
}

static int parse_int(const char *opt, const char *s, long lo, long hi, int *out)
{
    long v;
    if (wf_cfg_int("evm", opt, s, lo, hi, &v))
        return 2;
    *out = (int)v;
    return 0;
}

static int parse_dbl(const char *opt, const char *s, double lo, double hi, double *out)
{
    double v;
    if (wf_cfg_parse_d(s, &v) < 0 || !(v >= lo && v <= hi)) {
        char rule[80];
        snprintf(rule, sizeof rule, "must be a number in %g..%g", lo, hi);
        return bad(opt, s, rule);
    }
    *out = v;
    return 0;
}

/* The code of option a: the measurement's own, --etm, or a configuration
 * option of `ltephy waveform` but its output ones; -1 if none. */
static int option_code(const char *a)
{
    static const struct { const char *name; int code; } own[] = {
        {"--rate", E_RATE},       {"--format", E_FORMAT},   {"--frames", E_FRAMES},
        {"--port", E_PORT},       {"--carrier", E_CARRIER}, {"--window", E_WINDOW},
        {"--first-frame", E_FIRST_FRAME}, {"--etm", WF_O_MODEL}};
    for (size_t k = 0; k < sizeof own / sizeof own[0]; k++)
        if (!strcmp(a, own[k].name))
            return own[k].code;
    int code = strncmp(a, "--", 2) ? -1 : wf_cfg_find(a + 2);
    return code >= 0 && !WF_O_IS_OUTPUT(code) ? code : -1;
}

/* One option with its value v. */
static int take_option(evm_opts *o, const char *a, int code, const char *v)
{
    switch (code) {
    case E_RATE:
        if (lte_iq_parse_rate(v, &o->rate) < 0)
            return bad(a, v, lte_errdetail());
        o->have_rate = 1;
        return 0;
    case E_FORMAT:
        if (lte_iq_format_parse(v, &o->fmt) < 0)
            return bad(a, v, "must be cf32, ci16, ci8 or cu8");
        o->have_fmt = 1;
        return 0;
    case E_FRAMES:
        return parse_int(a, v, 1, EVM_MAX_FRAMES, &o->frames);
    case E_PORT:
        return parse_int(a, v, 0, 3, &o->port);
    case E_CARRIER:
        return parse_dbl(a, v, 1e3, 1e12, &o->carrier);
    case E_WINDOW:
        return parse_int(a, v, 1, 4096, &o->window);
    case E_FIRST_FRAME:
        return parse_int(a, v, 0, 1 << 30, &o->first_frame);
    case WF_O_MODEL:
        if (o->model_opt && strcmp(o->model_opt, a))
            return bad(a, v, "give either --etm or --model (the same option)");
        o->model_opt = a;
        break;
    default:
        break;
    }
    o->val[code] = v; /* checked by wf_cfg_build */
    return 0;
}

/* 0 run, 1 help printed, 2 usage error */
static int parse_args(int argc, char **argv, evm_opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 1;
        }
        if (!strcmp(a, "--json")) {
            o->json = 1;
            continue;
        }
        if (!strcmp(a, "--decide")) {
            o->decide = 1;
            continue;
        }
        if (a[0] != '-' || !a[1]) {
            if (o->path) {
                fprintf(stderr, "ltephy evm: more than one FILE ('%s')\n", a);
                return 2;
            }
            o->path = a;
            continue;
        }
        int code = option_code(a), rc;
        if (code < 0)
            return lte_cli_bad_option("evm", a);
        if (i + 1 >= argc) {
            fprintf(stderr, "ltephy evm: option '%s' needs a value\n", a);
            return 2;
        }
        if ((rc = take_option(o, a, code, argv[++i])))
            return rc;
    }
    if (!o->path || !o->have_rate || !o->have_fmt) {
        fprintf(stderr, "ltephy evm: FILE, --rate and --format are required\n");
        return 2;
    }
    return 0;
}

/* The configuration FILE was made with: `ltephy waveform`'s (wf_cfg.c),
 * with a downlink channel and a stated bandwidth. */
static int build_cfg(evm_opts *o, lte_wf_cfg *c)
{
    const char **v = o->val;
    const wf_cfg_args a = {"evm", o->model_opt ? o->model_opt : "--model", v};
    char *text;
    double bw;
    int rc = wf_cfg_load(&a, &text);
    if (!rc && v[WF_O_RMC] && wf_ul_is_frc(v[WF_O_RMC]))
        rc = bad("--rmc", v[WF_O_RMC], "an uplink FRC: ltephy evm measures a downlink");
    if (!rc)
        rc = wf_cfg_refuse_ul(&a, "applies to an uplink FRC only, not measured here");
    if (!rc && !v[WF_O_BW] && !v[WF_O_RMC]) {
        if (v[WF_O_MODEL]) {
            rc = bad(a.model_opt, v[WF_O_MODEL], "needs --bw");
        } else {
            fprintf(stderr, "ltephy evm: give --etm NAME --bw MHz, --rmc NAME or --bw MHz with "
                            "the free options\n");
            rc = 2;
        }
    }
    if (!rc)
        rc = wf_cfg_build(&a, c, &bw);
    free(text); /* c holds no pointer into it */
    return rc;
}

static const char *mod_names[LTE_EVM_NMOD] = {"QPSK", "16QAM", "64QAM", "256QAM"};

static void json_num(double v, int present)
{
    if (present && isfinite(v))
        printf("%.6g", v);
    else
        printf("null");
}

static void print_json(const evm_opts *o, const lte_evm_cfg *ec, const lte_evm_result *r)
{
    printf("{\"file\":\"");
    for (const char *p = o->path; *p; p++)
        printf(*p == '"' || *p == '\\' ? "\\%c" : "%c", *p);
    printf("\",\"configuration\":\"%s\",\"n_rb\":%d,\"port\":%d,\"mode\":\"%s\",", ec->wf.name,
           ec->wf.cell.n_rb, ec->port, ec->decide ? "decision-directed" : "data-aided");
    printf("\"window_w\":%d,\"timing_samples\":%ld,\"freq_error_hz\":%.6f,", r->window_w,
           r->timing_samples, r->freq_error_hz);
    printf("\"freq_error_ppm\":");
    json_num(r->freq_error_ppm, ec->carrier_hz > 0);
    printf(",\"rstp_db\":");
    json_num(r->rstp_db, 1);
    printf(",\"ostp_db\":");
    json_num(r->ostp_db, 1);
    printf(",\"subframes\":%d,\"blocks\":%d", r->subframes, r->blocks);
    const char *keys[4] = {"evm_pct", "evm_db", "limit_pct", "n_re"};
    for (int t = 0; t < 4; t++) {
        printf(",\"%s\":{", keys[t]);
        for (int m = 0; m < LTE_EVM_NMOD; m++) {
            int present = r->evm_pct[m] >= 0;
            printf("%s\"%s\":", m ? "," : "", mod_names[m]);
            if (t == 0)
                json_num(r->evm_pct[m], present);
            else if (t == 1)
                json_num(r->evm_db[m], present);
            else if (t == 2)
                json_num(ec->limit_pct[m], 1);
            else
                printf("%ld", r->n_re[m]);
        }
        printf("}");
    }
    printf(",\"pass\":%s,\"per_subframe\":[", r->pass ? "true" : "false");
    for (int s = 0; s < r->subframes; s++) {
        const lte_evm_sf *f = &r->sf[s];
        printf("%s{\"frame\":%d,\"subframe\":%d,\"start\":%ld,\"evm_pct\":{", s ? "," : "",
               f->frame, f->subframe, f->start);
        for (int m = 0; m < LTE_EVM_NMOD; m++) {
            printf("%s\"%s\":", m ? "," : "", mod_names[m]);
            json_num(f->evm_pct[m], f->evm_pct[m] >= 0);
        }
        printf("}}");
    }
    printf("]}\n");
}

static void print_table(const evm_opts *o, const lte_evm_cfg *ec, const lte_evm_result *r)
{
    printf("ltephy evm: %s (%s, %d RB, port %d, %s)\n", o->path, ec->wf.name, ec->wf.cell.n_rb,
           ec->port, ec->decide ? "decision-directed" : "data-aided");
    printf("timing           %ld samples (first radio frame start)\n", r->timing_samples);
    printf("frequency error  %+.3f Hz", r->freq_error_hz);
    if (ec->carrier_hz > 0)
        printf(" (%+.5f ppm of %.6g Hz)", r->freq_error_ppm, ec->carrier_hz);
    printf("\nRSTP             %.2f dB (RS EPRE)\n", r->rstp_db);
    printf("OSTP             %.2f dB (OFDM symbols without RS/sync/PBCH)\n", r->ostp_db);
    printf("EVM window W     %d samples\n", r->window_w);
    printf("subframes        %d (%d block%s of up to 10)\n", r->subframes, r->blocks,
           r->blocks == 1 ? "" : "s");
    printf("%-10s %9s %9s %8s %9s  %s\n", "modulation", "EVM %", "EVM dB", "limit %", "REs",
           "result");
    for (int m = 0; m < LTE_EVM_NMOD; m++)
        if (r->evm_pct[m] >= 0)
            printf("%-10s %9.4f %9.2f %8.1f %9ld  %s\n", mod_names[m], r->evm_pct[m],
                   r->evm_db[m], (double)ec->limit_pct[m], r->n_re[m],
                   r->pass_mod[m] ? "pass" : "FAIL");
    printf("overall          %s\n", r->pass ? "PASS (36.104 Table 6.5.2-1)" : "FAIL");
}

static int cmd_evm(int argc, char **argv)
{
    evm_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc == 1 ? 0 : rc;
    lte_wf_cfg wc;
    if ((rc = build_cfg(&o, &wc)))
        return rc;
    lte_evm_cfg ec;
    lte_evm_cfg_init(&ec, &wc);
    ec.decide = o.decide;
    ec.port = o.port;
    ec.window_w = o.window;
    ec.carrier_hz = o.carrier;
    ec.first_frame = o.first_frame;
    if (o.port >= wc.cell.n_ports) {
        char rule[64];
        snprintf(rule, sizeof rule, "the configuration has %d port(s)", wc.cell.n_ports);
        char v[16];
        snprintf(v, sizeof v, "%d", o.port);
        return bad("--port", v, rule);
    }
    int n_fft = lte_ofdm_std_fft_size(wc.cell.n_rb);
    double fs = 15000.0 * n_fft;
    size_t frame = (size_t)150 * n_fft, max_in = 0;
    if (o.frames) {
        ec.max_subframes = 10 * o.frames;
        /* one frame more: the file may start mid-frame */
        max_in = (size_t)ceil((double)(o.frames + 1) * frame * o.rate / fs);
    } else {
        ec.max_subframes = 10 * EVM_MAX_FRAMES;
    }
    lte_evm *e = NULL;
    if (lte_evm_create(&ec, &e) < 0) {
        fprintf(stderr, "ltephy evm: %s%s\n", lte_errdetail(),
                wc.cell.cp == LTE_CP_EXTENDED && !o.window ? " (--window W)" : "");
        return 2;
    }
    float complex *raw = NULL, *x = NULL;
    size_t nr = 0, n = 0;
    if (lte_iq_read_file(o.path, o.fmt, max_in, &raw, &nr) < 0) {
        fprintf(stderr, "ltephy evm: %s\n", lte_errdetail());
        lte_evm_destroy(e);
        return 2;
    }
    if (lte_cli_resample(raw, nr, o.rate, fs, &x, &n) < 0) {
        fprintf(stderr, "ltephy evm: resampling %g -> %g Hz: %s\n", o.rate, fs, lte_errdetail());
        rc = 1;
        goto done;
    }
    if (x == raw) /* the same rate: x is the recording itself */
        raw = NULL;
    lte_evm_result r;
    int erc = lte_evm_run(e, x, n, &r);
    if (erc < 0) {
        fprintf(stderr, "ltephy evm: %s: %s%s\n", o.path, lte_errdetail(),
                erc == LTE_ENOTFOUND ? " (check --rate, --format and the configuration options: "
                                       "they must be those the file was made with)"
                                     : "");
        rc = 1;
        goto done;
    }
    if (o.json)
        print_json(&o, &ec, &r);
    else
        print_table(&o, &ec, &r);
done:
    free(raw);
    free(x);
    lte_evm_destroy(e);
    return rc;
}

LTE_CMD(evm, "transmitter analysis of a downlink IQ file: EVM, frequency error, RSTP/OSTP",
        cmd_evm)
