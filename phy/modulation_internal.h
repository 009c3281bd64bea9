/* ltephy phy internal: scrambling, modulation and resource-element mapping
 * fused for the transmitters (phy/modulation.c). Not installed.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_MODULATION_INTERNAL_H
#define LTEPHY_MODULATION_INTERNAL_H

#include <complex.h>
#include <stdint.h>

#include "ltephy/modulation.h"

/* The same symbols as lte_scramble_bits(c_init, offset 0) into a byte
 * buffer followed by lte_mod_map (36.211 §6.3.1, §6.3.2) and a scaling by
 * amp (amp * symbol, as a float times a float complex), without the
 * intermediate buffers: the Gold sequence is generated packed, 64 bits per
 * word, into scratch (ceil(n_bits/64) words) and XORed with the input bits
 * 8 (or 24) at a time on their way into the mapper's look-up table. Symbol s
 * goes to sym[idx[s]] if idx is not NULL (resource-element mapping), else to
 * sym[s]. mod: QPSK..256QAM. Returns 0 or LTE_EINVAL. */
int lte_mod_map_scrambled(lte_mod mod, const uint8_t *bits, int n_bits, uint32_t c_init,
                          uint64_t *scratch, float amp, const uint32_t *idx, float complex *sym);

#endif
