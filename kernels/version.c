/* SPDX-License-Identifier: BSD-3-Clause */
#include "ltephy/version.h"
const char *lte_version(void) { return LTE_VERSION_STRING; }
