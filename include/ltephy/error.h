/* ltephy: error codes and error detail messages.
 *
 * Every public function that can fail returns int: 0 on success or a negative
 * LTE_E* code. lte_strerror() names the code; lte_errdetail() returns the
 * calling thread's detail message for the most recent error (which function,
 * which argument, which value and why). The detail is thread-local, so
 * separate threads never see each other's messages.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_ERROR_H
#define LTEPHY_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

enum lte_error {
    LTE_OK = 0,
    LTE_EINVAL = -1,       /* an argument is out of range or inconsistent */
    LTE_ENOMEM = -2,       /* allocation failed */
    LTE_EUNSUPPORTED = -3, /* valid request this build/CPU cannot do (e.g. AVX-512 on a CPU without it) */
    LTE_EIO = -4,          /* file could not be opened, read or written */
    LTE_EFORMAT = -5,      /* input file or string is malformed */
    LTE_ECRC = -6,         /* decoding finished but the CRC does not check */
    LTE_ENOTFOUND = -7,    /* a search found nothing (name, case, cell ...) */
    LTE_EMISMATCH = -8,    /* a comparison found a difference */
};

/* Short fixed text for an error code ("invalid argument"...). Never NULL. */
const char *lte_strerror(int code);

/* The calling thread's detail message for its last error, or "" if none. */
const char *lte_errdetail(void);

/* Set the thread's detail message (printf format) and return code. Used by
 * the library; exposed so applications built on ltephy report the same way. */
int lte_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Clear the thread's detail message. */
void lte_error_clear(void);

#ifdef __cplusplus
}
#endif
#endif
