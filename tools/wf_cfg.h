/* The downlink configuration options shared by `ltephy waveform` and
 * `ltephy evm`, from one implementation: the option table, the config file
 * (--config FILE: "key = value" lines using the long option names, '#'
 * starts a comment) and the lte_wf_cfg they build: a named model (the E-TMs
 * of 36.141 §6.1.1), a downlink RMC (36.101 Annex A.3) or the free defaults
 * (lte_wf_cfg_init), with the cell, channel EPRE, PDSCH and OCNG options on
 * top. Messages name the command ("ltephy evm: --ng '3': must be ...");
 * functions returning int give 0, or the exit status 2 with the message
 * printed on stderr.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_TOOLS_WF_CFG_H
#define LTEPHY_TOOLS_WF_CFG_H

#include <getopt.h>
#include <stdio.h>

#include "ltephy/waveform.h"

/* The options with a value of `ltephy waveform`, which are also the keys of a
 * config file: the index of the val[] arrays and the getopt code. Where
 * several options are wrong together, the first in this order is named.
 * WF_O_FRAMES, WF_O_FORMAT, WF_O_SCALE and WF_O_OUT are `ltephy waveform`'s
 * output (the file it writes), not configuration (WF_O_IS_OUTPUT). */
enum {
    WF_O_MODEL, WF_O_RMC, WF_O_CONFIG, WF_O_BW, WF_O_DUPLEX, WF_O_TDD, WF_O_SSF, WF_O_FRAMES,
    WF_O_FORMAT, WF_O_SCALE, WF_O_OUT, WF_O_CELL_ID, WF_O_PORTS, WF_O_CP, WF_O_CFI, WF_O_NG,
    WF_O_MOD, WF_O_PRBS, WF_O_PA_DB, WF_O_MCS, WF_O_RNTI, WF_O_SEED, WF_O_PDCCH,
    WF_O_PDCCH_CCES, WF_O_PHICH, WF_O_CRS_DB, WF_O_SYNC_DB, WF_O_PBCH_DB, WF_O_PCFICH_DB,
    WF_O_PHICH_DB, WF_O_PDCCH_DB, WF_O_HOPPING, WF_O_N_SB, WF_O_HOP_OFFSET, WF_O_HOP_MODE,
    WF_O_PRB_START, WF_O_OCNG, WF_O_OCNG_RA, WF_O_OCNG_RB,
    WF_O_NOPT
};

#define WF_O_IS_OUTPUT(o) \
    ((o) == WF_O_FRAMES || (o) == WF_O_FORMAT || (o) == WF_O_SCALE || (o) == WF_O_OUT)

/* {"model", required_argument, 0, WF_O_MODEL}, ... one per code above, in
 * `ltephy waveform`'s order, then {0, 0, 0, 0}. */
extern const struct option wf_cfg_opts[];

/* The code of a long option name without its dashes ("cell-id"), or -1. */
int wf_cfg_find(const char *name);

/* Whole-string parses: 0, or -1 (out untouched) when s is empty, has
 * trailing characters, is out of lo..hi or (parse_d) not finite. */
int wf_cfg_parse_l(const char *s, long lo, long hi, long *out);
int wf_cfg_parse_d(const char *s, double *out);
/* "ltephy CMD: OPT 'VAL': RULE" on stderr; returns 2. */
int wf_cfg_bad(const char *cmd, const char *opt, const char *val, const char *rule);
/* wf_cfg_parse_l, or wf_cfg_bad with "must be an integer LO..HI". */
int wf_cfg_int(const char *cmd, const char *opt, const char *s, long lo, long hi, long *out);

typedef struct wf_cfg_args {
    const char *cmd;       /* "waveform", "evm": the command messages name */
    const char *model_opt; /* how messages name val[WF_O_MODEL]: "--model" ("--etm") */
    const char **val;      /* [WF_O_NOPT] option values, NULL = not given */
} wf_cfg_args;

/* With val[WF_O_CONFIG]: read that file and fill the val[] entries the
 * command line left NULL from its keys (the names of wf_cfg_opts but
 * "config"). *text holds the values and must be freed by the caller after
 * the last use of val (NULL without --config). */
int wf_cfg_load(const wf_cfg_args *a, char **text);

/* val[code] given: "--NAME 'VALUE': rule" (the table's name), 2; else 0. */
int wf_cfg_refuse(const wf_cfg_args *a, int code, const char *rule);

/* Refuse the PUSCH options (--hopping, --n-sb, --hopping-offset,
 * --hopping-mode, --prb-start: uplink FRCs only) in a downlink
 * configuration: the first given is named with rule. */
int wf_cfg_refuse_ul(const wf_cfg_args *a, const char *rule);

/* The downlink configuration: --bw (*bw_mhz, default 10), then --rmc, the
 * model or the free defaults, then every configuration option on top. The
 * output options (WF_O_IS_OUTPUT) and the PUSCH options are not read. */
int wf_cfg_build(const wf_cfg_args *a, lte_wf_cfg *c, double *bw_mhz);

/* The usage lines of the cell, channel, PDSCH and OCNG options. */
void wf_cfg_usage(FILE *f);

#endif
