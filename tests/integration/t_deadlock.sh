#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_deadlock: exhaustive exploration of lock_inversion (A: m1 then m2; B: m2
# then m1) reports at least one deadlock whose detail names both threads,
# still finds the schedules that finish, and ends by itself: the whole
# command runs under `timeout 180`, which it must not hit. Replaying the
# saved deadlock schedule deadlocks again.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target lock_inversion) || exit 1
# shellcheck disable=SC2034 # read by shuffle() in lib.sh
TEST_TIME_LIMIT=180 # a hang guard for a loaded machine, not a timing assertion

shuffle ex --strategy exhaustive --json --failures-dir "$T/failures" -- "$prog"
expect_status 1 ex
out=$T/ex.out
jsonl_valid "$out"

json_check "$out" 'summary["complete"] is True' "exhaustive exploration did not report complete"
json_check "$out" 'any(r["verdict"] == "deadlock" for r in runs)' "no run was reported as a deadlock"
json_check "$out" 'any(r["verdict"] == "pass" and r["stdout"] == "done shared=2\n" for r in runs)' \
	"no run finished (running A or B alone first cannot deadlock)"
json_check "$out" 'all(r["verdict"] in ("pass", "deadlock") for r in runs)' \
	"a run ended otherwise than pass or deadlock"
json_check "$out" 'all(r["stdout"] == "" for r in runs if r["verdict"] == "deadlock")' \
	"a deadlocked run printed something (main only prints after both joins)"
# The report names each blocked thread: A and B, as whole words.
json_check "$out" \
	'all(isinstance(r.get("detail"), str) and re.search(r"\bA\b", r["detail"]) and re.search(r"\bB\b", r["detail"]) for r in runs if r["verdict"] == "deadlock")' \
	"a deadlock detail does not name both threads A and B"

sf=$(json_get "$out" '[r for r in runs if r["verdict"] == "deadlock"][0]["schedule_file"]') || exit 1
shuffle replay --json --failures-dir "$T/replay-failures" --replay "$sf"
expect_status 1 replay
jsonl_valid "$T/replay.out"
json_check "$T/replay.out" 'len(runs) == 1 and runs[0]["verdict"] == "deadlock"' \
	"replaying the deadlock schedule $sf did not deadlock again"

pass
