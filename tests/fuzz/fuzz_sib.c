/* libFuzzer harness: SIB1 and SI messages (phy/sib.c) from arbitrary bits.
 * A decoded SI-RNTI block is anything whose CRC passed: a false CRC match
 * on noise, a message of a later release, a corrupted one. The decoders
 * must return an error or a message, never read or write out of bounds.
 * Byte 0 chooses the decoder (bit 0: SI message, else SIB1; bit 1: expand
 * the SIB7 ARFCN groups of the result); the rest are the bits, MSB first.
 * Built and run by `make fuzz` (tests/fuzz/README.md).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <stdlib.h>

#include "ltephy/sib.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    if (n < 1 || n > 800)
        return 0;
    const int nb = (int)(n - 1) * 8;
    uint8_t *bits = malloc((size_t)nb + 1);
    if (!bits)
        return 0;
    for (int i = 0; i < nb; i++)
        bits[i] = (uint8_t)((d[1 + i / 8] >> (7 - i % 8)) & 1);
    static lte_si_msg m;
    static lte_sib1 s1;
    if (d[0] & 1) {
        if (lte_si_unpack(bits, nb, &m) == 0 && (d[0] & 2) && m.has_sib7)
            for (int g = 0; g < m.sib7.n_group && g < LTE_SIB7_MAX_GROUP; g++) {
                int arfcn[1100];
                lte_sib7_arfcns(&m.sib7.group[g], arfcn, (int)(sizeof arfcn / sizeof arfcn[0]));
            }
    } else {
        lte_sib1_unpack(bits, nb, &s1);
    }
    free(bits);
    return 0;
}
