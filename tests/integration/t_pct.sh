#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_pct: --strategy pct. long_window (bench/corpus: the worker's 30 steps
# must all fall between two steps of the other thread) fails in some of 300
# runs with --seed 1, and the failure replays; the same command twice gives
# the same runs; --depth 1 (no change point: priority scheduling only) never
# preempts a thread that can go on, so no run fails. lock_inversion: a
# deadlock found, nothing but pass and deadlock. A bad --depth or
# SHUFFLE_DEPTH is one line on stderr and exit 2.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$T/long_window
cc -O1 -pthread -o "$prog" "$top_srcdir/bench/corpus/long_window.c" || fail "cannot build long_window"

for i in 1 2; do
	shuffle pct$i --strategy pct --seed 1 --max-iterations 300 --json --failures-dir "$T/f$i" -- "$prog"
	expect_status 1 pct$i
	jsonl_valid "$T/pct$i.out"
done
out=$T/pct1.out
json_check "$out" 'summary["strategy"] == "pct" and summary["complete"] is False' "summary is not pct / says complete"
json_check "$out" 'any(r["verdict"] == "fail" and r["stdout"] == "skipped=30\n" for r in runs)' \
	"pct found no run where the whole batch fell inside the window"
json_check "$out" 'all(r["verdict"] in ("pass", "fail") for r in runs)' "a run ended otherwise than pass or fail"
a=$(json_get "$T/pct1.out" '[(r["verdict"], r["stdout"]) for r in runs]') || exit 1
b=$(json_get "$T/pct2.out" '[(r["verdict"], r["stdout"]) for r in runs]') || exit 1
[ "$a" = "$b" ] || fail "two pct explorations with the same seed differ"

sf=$(json_get "$out" '[r for r in runs if r["verdict"] == "fail"][0]["schedule_file"]') || exit 1
shuffle replay --json --replay "$sf"
expect_status 1 replay
json_check "$T/replay.out" 'len(runs) == 1 and runs[0]["stdout"] == "skipped=30\n"' \
	"replaying the pct failure $sf did not fail the same way"

shuffle d1 --strategy pct --depth 1 --seed 1 --max-iterations 200 --json --failures-dir "$T/fd1" -- "$prog"
expect_status 0 d1
json_check "$T/d1.out" 'summary["runs"] == 200 and all(r["stdout"] in ("skipped=0\n",) for r in runs)' \
	"with --depth 1 a thread that could go on was preempted"

lock=$(target lock_inversion) || exit 1
shuffle abba --strategy pct --seed 1 --max-iterations 100 --json --failures-dir "$T/fa" -- "$lock"
expect_status 1 abba
json_check "$T/abba.out" 'any(r["verdict"] == "deadlock" for r in runs)' "pct found no deadlock in lock_inversion"
json_check "$T/abba.out" 'all(r["verdict"] in ("pass", "deadlock") for r in runs)' "an ABBA run ended otherwise"

for bad in 0 17 x 3x ""; do
	shuffle bad --strategy pct --depth "$bad" -- "$prog"
	expect_status 2 bad
	[ "$(wc -l <"$T/bad.err")" -eq 1 ] || fail "--depth '$bad': not exactly one line on stderr"
done
status=0
SHUFFLE_DEPTH=0 "$SHUFFLE_RUN" --strategy pct -- "$prog" >"$T/env.out" 2>"$T/env.err" || status=$?
expect_status 2 env
grep -q SHUFFLE_DEPTH "$T/env.err" || fail "SHUFFLE_DEPTH=0: the message does not name the variable"
pass
