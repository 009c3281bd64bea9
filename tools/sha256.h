/* SHA-256 (FIPS 180-4) for vector manifests.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_TOOLS_SHA256_H
#define LTEPHY_TOOLS_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct lte_sha256 {
    uint32_t h[8];
    uint64_t len;
    uint8_t buf[64];
    size_t nbuf;
} lte_sha256;

void lte_sha256_init(lte_sha256 *s);
void lte_sha256_update(lte_sha256 *s, const void *data, size_t n);
void lte_sha256_final(lte_sha256 *s, uint8_t digest[32]);
/* Digest of a buffer as 64 lowercase hex characters plus NUL. */
void lte_sha256_hex(const void *data, size_t n, char hex[65]);

#endif
