/* Golden-vector catalogue, generator and checker (behind `ltephy vectors`).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_TOOLS_VECTORS_H
#define LTEPHY_TOOLS_VECTORS_H

typedef struct vec_catalogue_entry {
    const char *name;
    int checked_in; /* 1: part of vectors/ (regenerated and compared by make test) */
    const char *config; /* key=value pairs, see vectors/FORMAT.md */
} vec_catalogue_entry;

const vec_catalogue_entry *vec_catalogue(int *n);

/* Write case `name` described by `config` into out_dir/name. */
int vec_generate(const char *name, const char *config, const char *out_dir);

/* Compare a DUT dump folder with a golden case folder. stage: substring
 * filter or NULL. Prints a report to stdout. Returns 0 (all pass), 1 (a
 * mismatch) or 2 (bad input: the message is on stderr). */
int vec_check(const char *golden, const char *dut, const char *stage, int quiet);

/* Shared by the generators (tools/cmd_vectors.c, tools/vec_pdsch.c). */
struct vec_case;
struct lte_sch_enc;
int vec_kv_get(const char *cfg, const char *key, char *out, unsigned long cap);
int vec_kv_int(const char *cfg, const char *key, int def, int *out);
/* Stages 1-6 of a transport channel: tb, tb_crc, cb/d0/d1/d2/e per block, f. */
int vec_dump_sch_tx(struct vec_case *vc, const struct lte_sch_enc *enc, const unsigned char *tb,
                    int tbs, int C, const unsigned char *f, int G);
int vec_gen_pdsch(const char *name, const char *config, const char *out_dir);
int vec_gen_fft_fx(const char *name, const char *config, const char *out_dir);
int vec_gen_demap_fx(const char *name, const char *config, const char *out_dir);
/* Uplink: the PUSCH chain of a 36.104 Annex A FRC (tools/vec_pusch.c). */
int vec_gen_pusch(const char *name, const char *config, const char *out_dir);
/* Downlink control channels, signals and OFDM (tools/vec_ctrl.c, tools/vec_sig.c). */
int vec_gen_pbch(const char *name, const char *config, const char *out_dir);
int vec_gen_pcfich(const char *name, const char *config, const char *out_dir);
int vec_gen_phich(const char *name, const char *config, const char *out_dir);
int vec_gen_pdcch(const char *name, const char *config, const char *out_dir);
int vec_gen_signals(const char *name, const char *config, const char *out_dir);
int vec_gen_ofdm(const char *name, const char *config, const char *out_dir);
/* Uplink control and sounding: PUCCH, SRS, PRACH (tools/vec_ulctrl.c). */
int vec_gen_pucch(const char *name, const char *config, const char *out_dir);
int vec_gen_srs(const char *name, const char *config, const char *out_dir);
int vec_gen_prach(const char *name, const char *config, const char *out_dir);

#endif
