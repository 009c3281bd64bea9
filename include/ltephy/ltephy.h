/* ltephy: the LTE physical layer (3GPP TS 36.211, 36.212, 36.213).
 * Umbrella header: includes the whole public API.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_LTEPHY_H
#define LTEPHY_LTEPHY_H

/* foundation */
#include "ltephy/error.h"
#include "ltephy/simd.h"
#include "ltephy/version.h"

/* kernels: no LTE knowledge */
#include "ltephy/bits.h"
#include "ltephy/conv.h"
#include "ltephy/crc.h"
#include "ltephy/demap_fx.h"
#include "ltephy/fft.h"
#include "ltephy/fft_fx.h"
#include "ltephy/gold.h"
#include "ltephy/modulation.h"
#include "ltephy/rng.h"
#include "ltephy/turbo.h"
#include "ltephy/turbo_fx.h"

/* phy: LTE */
#include "ltephy/cell.h"
#include "ltephy/cellsearch.h"
#include "ltephy/channel.h"
#include "ltephy/chest.h"
#include "ltephy/control.h"
#include "ltephy/csi.h"
#include "ltephy/dci.h"
#include "ltephy/dleq.h"
#include "ltephy/dlphy.h"
#include "ltephy/dlrx.h"
#include "ltephy/evm.h"
#include "ltephy/grid.h"
#include "ltephy/iq.h"
#include "ltephy/layers.h"
#include "ltephy/linksim.h"
#include "ltephy/ofdm.h"
#include "ltephy/prach.h"
#include "ltephy/pucch.h"
#include "ltephy/pusch.h"
#include "ltephy/ratematch.h"
#include "ltephy/sch.h"
#include "ltephy/sib.h"
#include "ltephy/scrambling.h"
#include "ltephy/sr.h"
#include "ltephy/srs.h"
#include "ltephy/sync.h"
#include "ltephy/tables.h"
#include "ltephy/tdd_ack.h"
#include "ltephy/tdd_timing.h"
#include "ltephy/transform_precoding.h"
#include "ltephy/ul_frc.h"
#include "ltephy/ulrs.h"
#include "ltephy/ulsch.h"
#include "ltephy/waveform.h"

#endif
