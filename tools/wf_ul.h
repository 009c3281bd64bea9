/* `ltephy waveform --rmc A3-2`: uplink fixed-reference-channel waveforms
 * (TS 36.104 Annex A, include/ltephy/ul_frc.h), called by cmd_waveform.c.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_TOOLS_WF_UL_H
#define LTEPHY_TOOLS_WF_UL_H

#include <stdio.h>

/* The option values (NULL = not given), as strings from the command line or
 * the config file. */
typedef struct wf_ul_args {
    const char *frc, *bw, *duplex, *tdd_config, *frames, *format, *scale, *out;
    const char *cell_id, *rnti, *seed;
    /* PUSCH frequency hopping (36.211 §5.3.4, 36.213 §8.4), the option
     * spellings of `ltephy sim --link pusch`, and RB_START */
    const char *hopping, *n_sb, *hopping_offset, *hopping_mode, *prb_start;
} wf_ul_args;

/* 1 if name is an uplink FRC of the catalogue. */
int wf_ul_is_frc(const char *name);
/* Generate and write the waveform + JSON; returns the exit status (0, 1 a
 * failed job, 2 bad input). */
int wf_ul_main(const wf_ul_args *a);
/* The --list section. */
void wf_ul_list(FILE *f);

#endif
