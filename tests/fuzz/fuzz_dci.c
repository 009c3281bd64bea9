/* libFuzzer harness: DCI payloads (phy/dci_formats.c, phy/ra.c) of every
 * format and size, unpacked and followed through to the PRBs and transport
 * blocks they grant. On air a PDCCH candidate whose CRC matches by chance
 * (1 in 2^16 per candidate and RNTI) carries arbitrary bits: the receiver
 * must reject or use them, never crash. Bytes 0..2 choose the
 * configuration (N_RB, uplink N_RB, FDD/TDD, broadcast RNTI, ports,
 * format); the rest are the payload bits, LSB first.
 * Built and run by `make fuzz` (tests/fuzz/README.md).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <string.h>

#include "ltephy/dci.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    static const int n_rb[] = {6, 15, 25, 50, 75, 100, 7, 110, 27, 63};
    if (n < 3)
        return 0;
    lte_dci_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.n_rb_dl = n_rb[d[0] % 10];
    cfg.n_rb_ul = (d[1] & 1) ? n_rb[(d[1] >> 1) % 10] : 0;
    cfg.duplex = (d[1] & 0x40) ? LTE_TDD : LTE_FDD;
    cfg.broadcast = (d[1] >> 7) & 1;
    cfg.n_ports = (const int[]){1, 2, 4, 0}[d[2] & 3];
    const lte_dci_format fmt = (lte_dci_format)((d[2] >> 2) % 6);
    const int A = lte_dci_size(&cfg, fmt);
    uint8_t bits[128];
    if (A <= 0 || A > (int)sizeof bits)
        return 0;
    for (int i = 0; i < A; i++)
        bits[i] = 3 + (size_t)i / 8 < n ? (uint8_t)((d[3 + i / 8] >> (i % 8)) & 1) : 0;
    lte_ra ra;
    uint8_t prb[2][LTE_MAX_RB];
    if (fmt == LTE_DCI_FORMAT0 || fmt == LTE_DCI_FORMAT1A) {
        lte_dci_1a a;
        if (lte_dci_1a_unpack(&cfg, bits, A, &a) == 0 && lte_dci_1a_ra(&cfg, &a, &ra) == 0)
            lte_ra_prbs(cfg.n_rb_dl, &ra, prb);
    } else if (fmt == LTE_DCI_FORMAT1C) {
        lte_dci_1c c;
        int tbs;
        if (lte_dci_1c_unpack(&cfg, bits, A, &c) == 0) {
            lte_dci_1c_tbs(c.tbs_index, &tbs);
            if (lte_dci_1c_ra(&cfg, &c, &ra) == 0)
                lte_ra_prbs(cfg.n_rb_dl, &ra, prb);
        }
    } else {
        lte_dci_dl x;
        if (lte_dci_dl_unpack(&cfg, fmt, bits, A, &x) == 0) {
            int np = -1;
            if (lte_dci_dl_ra(&cfg, &x, &ra) == 0)
                np = lte_ra_prbs(cfg.n_rb_dl, &ra, prb);
            for (int q = 0; q < 2; q++)
                for (int layers = 1; layers <= 2; layers++) {
                    lte_dci_tb_grant g;
                    lte_dci_dl_tb(&x, fmt, q, np > 0 ? np : 1 + d[0] % 110, layers, &g);
                }
        }
    }
    return 0;
}
