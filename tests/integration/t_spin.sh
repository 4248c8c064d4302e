#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_spin: spinning threads. yield_spin (A spins with sched_yield, or usleep,
# until B sets an atomic flag), exhaustive: complete, every run passes, A
# goes round its loop at most once with yields (a yielding thread runs only
# when no other thread can), at most twice with sleeps (a sleep is a choice,
# a second one in a row gives way), and at least one run makes it go round.
# busy_spin (A spins on a volatile flag with no call at all) with --timeout 2
# --max-iterations 1: one run, verdict livelock (not timeout) whose detail
# names A, exit status 1, and none of its processes left. yield_spin nobody
# (nobody sets the flag: every step a yield) with --max-steps 1000 (and
# SHUFFLE_MAX_STEPS=1000) and a generous --timeout: verdict livelock, after
# at least 1000 steps.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target yield_spin) || exit 1
# A runtime that let the yield run again at once would loop: --max-steps and
# --stop-on-failure make that a quick livelock, not a search of a huge tree.
for mode in yield sleep; do
	shuffle "$mode" --strategy exhaustive --timeout 10 --max-steps 10000 --stop-on-failure --json \
		--failures-dir "$T/failures" -- "$prog" "$mode"
	out=$T/$mode.out
	jsonl_valid "$out"
	expect_status 0 "$mode"
	json_check "$out" 'summary["complete"] is True' "$mode: exhaustive exploration did not report complete"
	export MAX_SPINS=1
	[ "$mode" = sleep ] && MAX_SPINS=2
	json_check "$out" 'all(r["verdict"] == "pass" and r["stdout"] in ["spins=%d\n" % k for k in range(int(os.environ["MAX_SPINS"]) + 1)] for r in runs)' \
		"$mode: a run did not pass with spins=0 or 1: the spinning thread ran again before the setter"
	json_check "$out" 'any(r["stdout"] == "spins=1\n" for r in runs)' \
		"$mode: A never went round its loop: the $mode was not exercised"
done

# --- a spin with no scheduling point: ends by --timeout, as livelock -----------
prog=$(target busy_spin) || exit 1
copy=$T/busy_spin-copy-$$
cp "$prog" "$copy" || fail "cannot copy $prog"
have_pgrep=
if command -v pgrep >/dev/null 2>&1; then
	have_pgrep=1
	# shellcheck disable=SC2016 # expanded when the hook runs
	on_exit 'for p in $(pgrep -f -- "$copy"); do kill -KILL "$p" 2>/dev/null; done'
else
	note "note: no pgrep; not looking for leftover processes"
fi
# shellcheck disable=SC2034 # read by shuffle() in lib.sh
TEST_TIME_LIMIT=60
shuffle busy --timeout 2 --max-iterations 1 --json --failures-dir "$T/failures" -- "$copy"
if [ -n "$have_pgrep" ]; then
	left=$(pgrep -d, -f -- "$copy") || true
	[ -z "$left" ] || fail "processes of the livelocked run are still alive: $left"
fi
out=$T/busy.out
jsonl_valid "$out"
expect_status 1 busy
json_check "$out" 'len(runs) == 1' "busy_spin: --max-iterations 1 did not make exactly one run"
json_check "$out" 'runs[0]["verdict"] == "livelock"' \
	"busy_spin: the verdict is not livelock (a thread still running when --timeout expires)"
json_check "$out" 'isinstance(runs[0].get("detail"), str) and re.search(r"(^|\W)A\b", runs[0]["detail"])' \
	"busy_spin: the detail does not name the spinning thread A"
json_check "$out" 'summary["failures"] == 1 and summary["verdicts"].get("livelock") == 1' \
	"busy_spin: the summary does not count one livelock"

# --- a yield-only spin: ends by --max-steps, as livelock ------------------------
prog=$(target yield_spin) || exit 1
check_steps() { # NAME
	local out=$T/$1.out
	jsonl_valid "$out"
	expect_status 1 "$1"
	json_check "$out" 'len(runs) == 1 and runs[0]["verdict"] == "livelock"' \
		"$1: a spin of yields past the step limit is not a livelock"
	json_check "$out" 'runs[0].get("steps", 1000) >= 1000' "$1: the run stopped before 1000 steps"
}
shuffle steps --max-steps 1000 --timeout 60 --max-iterations 1 --json --failures-dir "$T/failures" -- "$prog" nobody
check_steps steps
SHUFFLE_MAX_STEPS=1000 shuffle steps-env --timeout 60 --max-iterations 1 --json --failures-dir "$T/failures" -- "$prog" nobody
check_steps steps-env

pass
