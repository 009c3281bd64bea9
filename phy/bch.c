/* ltephy phy: BCH transport channel coding, TS 36.212 §5.3.1.
 *
 * MIB (24 bits) → CRC16 masked by the antenna-port mask x_ant (§5.3.1.1,
 * Table 5.3.1.1-1) → tail-biting convolutional coding → rate matching to
 * E = 1920 (normal CP) or 1728 (extended CP) bits (§5.3.1.3; the PBCH
 * carries them over four radio frames, 36.211 §6.6.1).
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <stddef.h>

#include "kernels/internal.h"
#include "ltephy/control.h"

int lte_bch_port_mask(int n_ports, uint16_t *mask)
{
    LTE_CHECK_ARG(mask != NULL, "mask must not be NULL");
    /* Table 5.3.1.1-1: 1 port <0,...,0>; 2 ports <1,...,1>; 4 ports
     * <0,1,0,1,...,0,1>. x_ant,0 is the most significant bit. */
    switch (n_ports) {
    case 1: *mask = 0x0000; return 0;
    case 2: *mask = 0xffff; return 0;
    case 4: *mask = 0x5555; return 0;
    default: break;
    }
    LTE_CHECK_ARG(0, "n_ports=%d is not 1, 2 or 4", n_ports);
    return LTE_EINVAL; /* not reached */
}

static int bch_check_e(int E)
{
    LTE_CHECK_ARG(E == LTE_BCH_E_NORMAL || E == LTE_BCH_E_EXTENDED,
                  "E=%d is neither %d (normal CP) nor %d (extended CP)", E, LTE_BCH_E_NORMAL,
                  LTE_BCH_E_EXTENDED);
    return 0;
}

int lte_bch_encode(const uint8_t *mib, int n_ports, int E, uint8_t *e)
{
    uint16_t mask = 0;
    int rc = lte_bch_port_mask(n_ports, &mask);
    if (rc < 0 || (rc = bch_check_e(E)) < 0)
        return rc;
    return lte_ctrl_encode(mib, LTE_BCH_A, mask, E, e);
}

int lte_bch_decode(lte_ctrl_dec *dec, const float *llr, int E, int n_ports, uint8_t *mib,
                   int *n_ports_out)
{
    LTE_CHECK_ARG(n_ports == 0 || n_ports == 1 || n_ports == 2 || n_ports == 4,
                  "n_ports=%d is not 0 (blind), 1, 2 or 4", n_ports);
    uint16_t got;
    int rc = bch_check_e(E);
    if (rc < 0 || (rc = lte_ctrl_decode(dec, llr, E, LTE_BCH_A, mib, &got)) < 0)
        return rc;
    /* Soft values that are all 0 decode to the all-zero word, whose CRC
     * remainder 0 is the one-port mask (36.212 Table 5.3.1.1-1): no
     * information is not a MIB. */
    if (got == 0) {
        int info = 0;
        for (int i = 0; i < E && !info; i++)
            info = llr[i] != 0.0f;
        if (!info)
            return lte_error_set_fn(LTE_ECRC, __func__, "the %d soft values are all 0", E);
    }
    static const int counts[3] = {1, 2, 4};
    for (int i = 0; i < 3; i++) {
        uint16_t m = 0;
        lte_bch_port_mask(counts[i], &m);
        if (got == m && (n_ports == 0 || n_ports == counts[i])) {
            if (n_ports_out)
                *n_ports_out = counts[i];
            return 0;
        }
    }
    if (n_ports == 0)
        return lte_error_set_fn(LTE_ECRC, __func__,
                                "CRC mask 0x%04x matches no antenna-port count", got);
    return lte_error_set_fn(LTE_ECRC, __func__, "CRC mask 0x%04x is not that of %d port(s)",
                            got, n_ports);
}
