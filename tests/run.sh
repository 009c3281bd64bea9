#!/bin/sh
# Run every test binary under $1/tests (optionally only those whose path
# contains $2), then print one closing line: "N passed, N failed".
build=$1
filter=$2
# script tests find the build folder here
export LTEPHY_BUILD="$build"
pass=0
fail=0
failed_list=""
# compiled cmocka tests, then script tests (tests/*/test_*.sh, run with sh)
for t in $(find "$build/tests" -type f -perm -u+x | sort) $(ls tests/*/test_*.sh 2>/dev/null); do
    name=${t#"$build/tests/"}
    case "$name" in *"$filter"*) ;; *) continue ;; esac
    log="$build/tests/$(echo "$name" | tr / _).log"
    start=$(date +%s)
    case "$t" in *.sh) runner="sh" ;; *) runner="" ;; esac
    if $runner "$t" >"$log" 2>&1; then
        pass=$((pass + 1))
        printf 'PASS %-40s %3ss\n' "$name" "$(( $(date +%s) - start ))"
    else
        fail=$((fail + 1))
        failed_list="$failed_list $name"
        printf 'FAIL %-40s %3ss\n' "$name" "$(( $(date +%s) - start ))"
        sed 's/^/    /' "$log" | tail -40
    fi
done
[ -n "$failed_list" ] && echo "failed:$failed_list"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
