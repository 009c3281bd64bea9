/* Tests of SIMD path selection and error reporting.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "tests/common/testutil.h"

static void test_parse_names(void **state)
{
    (void)state;
    const char *names[] = {"auto", "scalar", "avx2", "avx512"};
    for (int i = 0; i < 4; i++) {
        lte_simd_path p;
        assert_int_equal(lte_simd_parse(names[i], &p), 0);
        assert_string_equal(lte_simd_name(p), names[i]);
    }
    lte_simd_path p;
    assert_int_equal(lte_simd_parse("sse9", &p), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "sse9"));
}

static void test_resolve(void **state)
{
    (void)state;
    lte_simd_path p;
    /* scalar is always there; an unavailable path is an error, not a fallback */
    assert_int_equal(lte_simd_resolve(LTE_SIMD_SCALAR, &p), 0);
    assert_int_equal(p, LTE_SIMD_SCALAR);
    for (int q = LTE_SIMD_AVX2; q <= LTE_SIMD_AVX512; q++) {
        int rc = lte_simd_resolve((lte_simd_path)q, &p);
        if (lte_simd_available((lte_simd_path)q))
            assert_int_equal(rc, 0);
        else
            assert_int_equal(rc, LTE_EUNSUPPORTED);
    }
    assert_int_equal(lte_simd_resolve((lte_simd_path)17, &p), LTE_EINVAL);
    assert_int_equal(lte_simd_resolve(LTE_SIMD_SCALAR, NULL), LTE_EINVAL);
}

static void test_strerror(void **state)
{
    (void)state;
    assert_string_equal(lte_strerror(LTE_EINVAL), "invalid argument");
    assert_string_equal(lte_strerror(-12345), "unknown error");
    lte_error_set(LTE_EIO, "x=%d", 5);
    assert_string_equal(lte_errdetail(), "x=5");
    lte_error_clear();
    assert_string_equal(lte_errdetail(), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_names),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_strerror),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
