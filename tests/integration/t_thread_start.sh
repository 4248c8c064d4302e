#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_thread_start: a new thread may run before its creator goes on, or after.
# start_race parent-uses (the creator uses a pointer the new thread sets)
# and child-uses (the mirror): exhaustive search is complete and shows both
# the crash (SIGSEGV) and the passing run, in each direction; and every
# outcome of 200 plain runs is among those it found.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target start_race) || exit 1
for mode in parent-uses child-uses; do
	shuffle "$mode" --strategy exhaustive --json --failures-dir "$T/failures" -- "$prog" "$mode"
	out=$T/$mode.out
	jsonl_valid "$out"
	expect_status 1 "$mode"
	json_check "$out" 'summary["complete"] is True' "$mode: exhaustive exploration did not report complete"
	json_check "$out" 'any(r["verdict"] == "crash" and r["signal"] == 11 for r in runs)' \
		"$mode: no run crashed: the order where the pointer is used first is missing"
	json_check "$out" 'any(r["verdict"] == "pass" and r["stdout"] == "ok\n" for r in runs)' \
		"$mode: no run passed: the order where the pointer is set first is missing"
	native_outcomes "$T/$mode.native" 200 "$prog" "$mode"
	covers_native "$out" "$T/$mode.native" "$mode"
done
pass
