#!/bin/sh
# Run every fuzz target for SECONDS each (default 30) with clang's libFuzzer, ASan and UBSan.
# Seeds: fuzz/corpora/<target> plus the real scenes in ../shared/corpus; the corpus grows in
# build-fuzz/corpus/<target>, outside the source tree.
# A crash is saved under fuzz/regressions/<target>/ (replayed by ctest from then on) and fails the run.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-30}
[ $# -gt 0 ] && shift
targets=${*:-"frames paths scene"}
CC=clang cmake -S . -B build-fuzz -DSP_FUZZ=ON -DSP_SANITIZE=ON -DSP_TESTS=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc 2>/dev/null || echo 2)"
status=0
for t in $targets; do
	seeds=""
	[ "$t" = scene ] && [ -d ../shared/corpus/maya_ascii ] && seeds=../shared/corpus/maya_ascii
	dict=""
	[ -f "fuzz/$t.dict" ] && dict="-dict=fuzz/$t.dict"
	[ "$t" = scene ] && dict="-dict=fuzz/ma.dict"
	mkdir -p "build-fuzz/corpus/$t"
	cp fuzz/corpora/$t/* "build-fuzz/corpus/$t/"
	echo "fuzz: $t for ${seconds}s"
	# shellcheck disable=SC2086
	ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=1 \
		./build-fuzz/fuzz_$t -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 $dict \
		-artifact_prefix="fuzz/regressions/$t/" "build-fuzz/corpus/$t" $seeds || status=1
done
exit $status
