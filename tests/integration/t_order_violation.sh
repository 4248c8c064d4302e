#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_order_violation: exploring order_violation finds the schedule where the
# worker dereferences the still-NULL pointer (verdict crash, signal 11 =
# SIGSEGV, no exit code) and the one where main publishes it first (pass,
# value=42). Replaying the crash schedule crashes again.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target order_violation) || exit 1

shuffle ex --strategy exhaustive --json --failures-dir "$T/failures" -- "$prog"
expect_status 1 ex
out=$T/ex.out
jsonl_valid "$out"

json_check "$out" 'any(r["verdict"] == "crash" and r["signal"] == 11 for r in runs)' \
	"no run crashed with signal 11"
json_check "$out" 'all(r["exit_code"] is None for r in runs if r["verdict"] == "crash")' \
	"a crashed run reports an exit code"
json_check "$out" 'any(r["verdict"] == "pass" and r["stdout"] == "value=42\n" for r in runs)' \
	"no run passed with value=42"
json_check "$out" 'all(r["verdict"] in ("pass", "crash") for r in runs)' \
	"a run ended otherwise than pass or crash"
json_check "$out" 'summary["complete"] is True' "exhaustive exploration did not report complete"

sf=$(json_get "$out" '[r for r in runs if r["verdict"] == "crash"][0]["schedule_file"]') || exit 1
shuffle replay --json --failures-dir "$T/replay-failures" --replay "$sf"
expect_status 1 replay
jsonl_valid "$T/replay.out"
json_check "$T/replay.out" 'len(runs) == 1 and runs[0]["verdict"] == "crash" and runs[0]["signal"] == 11' \
	"replaying the crash schedule $sf did not crash with signal 11 again"

pass
