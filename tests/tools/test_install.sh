#!/bin/sh
# `make install` into a temporary prefix, then build and run a program
# against the installed library through pkg-config (static and shared).
set -e
build=${LTEPHY_BUILD:-build}
prefix=$(mktemp -d /tmp/ltephy-install.XXXXXX)
trap 'rm -rf "$prefix"' EXIT
make -s BUILD="$build" SAN="${LTEPHY_SAN:-0}" PREFIX="$prefix" install >/dev/null
test -f "$prefix/lib/pkgconfig/ltephy.pc"
test -x "$prefix/bin/ltephy"
cat > "$prefix/use.c" <<'C'
#include <stdio.h>
#include <ltephy/ltephy.h>
int main(void)
{
    uint8_t a[16] = {1, 0, 1, 1}, out[40];
    if (lte_crc_attach(LTE_CRC24A, a, 16, out) != 0 || lte_crc_check(LTE_CRC24A, out, 40) != 1)
        return 1;
    if (lte_crc_check(LTE_CRC24A, NULL, 40) != LTE_EINVAL)
        return 2;
    printf("ltephy %s: %s\n", lte_version(), lte_errdetail());
    return 0;
}
C
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
# a SAN=1 build's library needs the sanitizer runtimes in the program too
san=""
if nm "$prefix/lib/libltephy.a" 2>/dev/null | grep -q __asan_; then
    san="-fsanitize=address,undefined"
fi
cc $san -o "$prefix/use_static" "$prefix/use.c" $(pkg-config --cflags ltephy) \
   "$prefix/lib/libltephy.a" $(pkg-config --libs --static ltephy | sed 's/-lltephy//')
"$prefix/use_static"
cc $san -o "$prefix/use_shared" "$prefix/use.c" $(pkg-config --cflags --libs ltephy) -Wl,-rpath,"$prefix/lib"
"$prefix/use_shared"
"$prefix/bin/ltephy" version
