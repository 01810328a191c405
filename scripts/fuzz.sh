#!/bin/sh
# Run every fuzz target for SECONDS each (default 30) with clang's libFuzzer, ASan and UBSan.
# Seeds: fuzz/corpora/<target> plus the real scenes in ../shared/corpus (read in place, never
# copied into the repository); the corpus grows in $BUILD/corpus/<target>, outside the source tree.
# A crash, leak, timeout or out-of-memory is saved under fuzz/regressions/<target>/ (replayed by
# ctest from then on) and fails the run.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Environment: SP_FUZZ_BUILD (build folder, default build-fuzz), SP_CORPUS_DIR (default
# ../shared/corpus), SP_FUZZ_MAX_LEN (largest input tried, default 262144 bytes), SP_FUZZ_TIMEOUT
# (seconds one input may take, default 10: libFuzzer counts wall time, so a fuzzer started with
# `nice` beside other work needs more).
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-30}
[ $# -gt 0 ] && shift
all="frames paths scene mb seq taskdir houdini houdini_members clarisse deps"
targets=${*:-$all}
build=${SP_FUZZ_BUILD:-build-fuzz}
mkdir -p "$build"
build=$(cd "$build" && pwd)
corpus=${SP_CORPUS_DIR:-../shared/corpus}
max_len=${SP_FUZZ_MAX_LEN:-262144}
timeout=${SP_FUZZ_TIMEOUT:-10}
CC=clang cmake -S . -B "$build" -DSP_FUZZ=ON -DSP_SANITIZE=ON -DSP_TESTS=OFF >/dev/null
for t in $targets; do
	# only the fuzz targets: a target whose reader is not built is reported below
	cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target "fuzz_$t" >/dev/null 2>&1 || true
done

# The real scenes that seed a target, read in place.
seeds_for() {
	case "$1" in
	scene) echo "$corpus/maya_ascii" ;;
	mb) echo "$corpus/maya_binary" ;;
	houdini) echo "$corpus/houdini" ;;
	clarisse) echo "$corpus/clarisse" ;;
	deps) ;; # its seeds are the samples in fuzz/corpora/deps
	esac
}

status=0
for t in $targets; do
	if [ ! -x "$build/fuzz_$t" ]; then
		echo "fuzz: no target $t (its reader is not built)" >&2
		status=1
		continue
	fi
	seeds=""
	for s in $(seeds_for "$t"); do
		[ -d "$s" ] && seeds="$seeds $s"
	done
	dict=""
	[ -f "fuzz/$t.dict" ] && dict="-dict=fuzz/$t.dict"
	[ "$t" = scene ] && dict="-dict=fuzz/ma.dict"
	mkdir -p "$build/corpus/$t" "fuzz/regressions/$t"
	cp fuzz/corpora/"$t"/* "$build/corpus/$t/"
	log="$build/fuzz-$t.log"
	# shellcheck disable=SC2086
	if ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		"$build/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout="$timeout" -max_len="$max_len" \
		-print_final_stats=1 $dict -artifact_prefix="fuzz/regressions/$t/" "$build/corpus/$t" $seeds \
		>"$log" 2>&1; then
		echo "fuzz: $t: $(grep -E '^Done [0-9]+ runs' "$log" | tail -n 1) (log: $log)"
	else
		# the finding and the input it was written to, from the end of the log
		echo "fuzz: $t FAILED (log: $log):" >&2
		tail -n 60 "$log" >&2
		status=1
	fi
done
exit $status
