#!/bin/sh
# fuzz.sh - build the libFuzzer harnesses of fuzz/ (clang
# -fsanitize=fuzzer,address,undefined) and run them; see fuzz/README.md.
#
#   scripts/fuzz.sh --regress [HARNESS...]   replay each corpus once (CI)
#   scripts/fuzz.sh SECONDS [HARNESS...]     fuzz each harness for SECONDS
#   scripts/fuzz.sh --merge [HARNESS...]     minimize what a run found into
#                                            the committed corpus
#
# HARNESS is schedule, options or trace (default: all three). Everything built or found
# goes under $FUZZ_OUT (default fuzz/out, ignored by git): the binaries, the
# inputs a run added (out/NAME-found), crashing inputs (out/NAME-crash-*).
# Fuzzing never writes to fuzz/corpus; --merge adds to it only the inputs
# that bring new coverage. Needs clang with its runtime (libclang-rt-14-dev
# on Debian 12). Exits 1 when a harness fails.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
out=${FUZZ_OUT:-$top/fuzz/out}

mode=${1:-}
[ $# -gt 0 ] && shift
case $mode in
--regress | --merge) ;;
'' | *[!0-9]*)
	echo "usage: scripts/fuzz.sh --regress | --merge | SECONDS [schedule|options|trace...]" >&2
	exit 2
	;;
esac
harnesses=${*:-schedule options trace}

version=$(sed -n 's/^AC_INIT(\[[^]]*\], \[\([^]]*\)\].*/\1/p' configure.ac)

# The sources each harness links: its parser and what the parser calls.
sources() {
	case $1 in
	schedule) echo src/schedule.c common/ops.c ;;
	trace) echo src/trace.c src/trace_text.c common/ops.c ;;
	options) echo src/options.c src/errline.c common/ops.c src/strategy.c \
		src/strategy_exhaustive.c src/strategy_random.c src/strategy_pct.c src/strategy_replay.c \
		common/decide.c common/loadable.c ;;
	*)
		echo "fuzz.sh: unknown harness '$1' (schedule, options, trace)" >&2
		exit 2
		;;
	esac
}

for h in $harnesses; do
	sources "$h" >/dev/null
done
mkdir -p "$out"
for h in $harnesses; do
	# shellcheck disable=SC2046 # the list of sources, split on purpose
	clang -std=gnu11 -g -O1 -Wall -Wextra -Wmissing-prototypes -Werror \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer -D_GNU_SOURCE -Icommon -Iinclude -Isrc \
		-DSHUFFLE_VERSION="\"$version\"" \
		-o "$out/fuzz_$h" "fuzz/fuzz_$h.c" $(sources "$h")
done

status=0
for h in $harnesses; do
	bin=$out/fuzz_$h
	corpus=fuzz/corpus/$h
	case $mode in
	--regress)
		# Every input of the corpus once, no mutation: the inputs that
		# once crashed stay fixed.
		n=$(find "$corpus" -type f | wc -l)
		if "$bin" -runs=0 -artifact_prefix="$out/$h-regress-" "$corpus" >"$out/$h-regress.log" 2>&1; then
			echo "fuzz.sh: $h: $n corpus inputs replayed clean"
		else
			tail -n 40 "$out/$h-regress.log"
			echo "fuzz.sh: $h: corpus replay failed (log: $out/$h-regress.log)"
			status=1
		fi
		;;
	--merge)
		mkdir -p "$out/$h-found"
		"$bin" -merge=1 "$corpus" "$out/$h-found" >"$out/$h-merge.log" 2>&1 ||
			{ tail -n 20 "$out/$h-merge.log"; status=1; }
		echo "fuzz.sh: $h: corpus now $(find "$corpus" -type f | wc -l) inputs," \
			"$(du -sk "$corpus" | cut -f1) KiB"
		;;
	*)
		mkdir -p "$out/$h-found"
		set -- -max_total_time="$mode" -print_final_stats=1 -artifact_prefix="$out/$h-crash-"
		# Keywords help the text parsers; the trace, binary, has none.
		[ -f "fuzz/$h.dict" ] && set -- "$@" -dict="fuzz/$h.dict"
		echo "fuzz.sh: fuzzing $h for $mode s (log: $out/$h-fuzz.log)"
		if "$bin" "$@" "$out/$h-found" "$corpus" \
			>"$out/$h-fuzz.log" 2>&1; then
			grep -E '^(stat::|#[0-9]+.*DONE)' "$out/$h-fuzz.log" || true
		else
			tail -n 60 "$out/$h-fuzz.log"
			echo "fuzz.sh: $h: crash (inputs: $out/$h-crash-*)"
			status=1
		fi
		;;
	esac
done
exit $status
