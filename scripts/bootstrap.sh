#!/bin/sh
# Set up, build, and either analyse the bundled example scene or run the whole test suite.
#
#   scripts/bootstrap.sh example   install what is missing, build, analyse examples/maya_project
#   scripts/bootstrap.sh test      install what is missing, build, run the tests (plain and ASan/UBSan),
#                                  then fuzz every reader for a short while (libFuzzer smoke run)
#
# Packages come from Debian's archive; only missing ones are installed, so a second run is quick.
set -eu

mode=${1:-example}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

packages="cmake make gcc pkg-config libcjson-dev libcurl4-openssl-dev libpcre2-dev libssl-dev
libcriterion-dev zlib1g-dev python3 python3-jsonschema openssl clang libclang-rt-dev clang-format"

install_missing() {
	missing=""
	for p in $packages; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "bootstrap: installing$missing"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

build() { # build-dir [cmake options...]
	dir=$1
	shift
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
	cmake --build "$dir" -j "$(nproc 2>/dev/null || echo 2)"
}

case "$mode" in
example)
	install_missing
	build build
	out=build/example-task
	set +e
	./build/sceneprobe analyze examples/maya_project/scenes/shot010.ma -o "$out"
	rc=$?
	set -e
	# 1 means "analysed, with error tips" (the example has a missing texture on purpose).
	[ "$rc" -le 1 ] || exit "$rc"
	echo "bootstrap: the four task files are in $out"
	;;
test)
	install_missing
	build build
	(cd build && ctest --output-on-failure)
	build build-asan -DSP_SANITIZE=ON
	(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure)
	# Every fuzz target for a short while from its seeds: any crash, leak or hang fails the run.
	SP_FUZZ_BUILD=build-fuzz sh scripts/fuzz.sh "${SP_FUZZ_SECONDS:-20}"
	;;
*)
	echo "usage: scripts/bootstrap.sh example|test" >&2
	exit 2
	;;
esac
