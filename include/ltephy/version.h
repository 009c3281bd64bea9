/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_VERSION_H
#define LTEPHY_VERSION_H
#define LTE_VERSION_MAJOR 0
#define LTE_VERSION_MINOR 1
#define LTE_VERSION_PATCH 0
#define LTE_VERSION_STRING "0.1.0"
/* Version of the library actually linked (may differ from the header). */
const char *lte_version(void);
#endif
