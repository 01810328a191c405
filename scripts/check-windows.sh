#!/bin/sh
# Build the platform layer for Windows with MinGW-w64 and run its contract check
# (tests/platform/os_contract.c) under Wine: UTF-8 names, drive letters, long
# paths, the task-folder journal and running a program, on the Win32 API.
#
#   scripts/check-windows.sh            (needs gcc-mingw-w64-x86-64 and wine64; installs them)
#
# Only the pieces of the core that need nothing but the C library are built:
# cJSON, PCRE2, curl and OpenSSL have no Windows builds in Debian.
set -eu
cd "$(dirname "$0")/.."
for p in gcc-mingw-w64-x86-64 wine64; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		sudo=""
		[ "$(id -u)" -eq 0 ] || sudo="sudo"
		$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p"
	fi
done
out=${SP_WIN_BUILD:-build-windows}
mkdir -p "$out"
x86_64-w64-mingw32-gcc -std=c11 -O1 -g -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wcast-qual -Wvla -D__USE_MINGW_ANSI_STDIO=1 -Icore/include -Icore/src \
	core/src/os_win32.c core/src/os_common.c core/src/util.c core/src/buf.c core/src/ctx.c core/src/paths.c \
	tests/platform/os_contract.c -ladvapi32 -o "$out/os_contract.exe"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# Wine maps the Unix root to drive Z:
case $out in
/*) prefix_base=$out ;;
*) prefix_base=$PWD/$out ;;
esac
export WINEDEBUG=-all WINEPREFIX="${WINEPREFIX:-$prefix_base/wineprefix}"
wine "$out/os_contract.exe" "Z:$scratch"
