#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_cancel: pthread_cancel of a thread waiting at a cancellation point
# (cancel_wait), each mode exhaustive. cond (pthread_cond_wait, a cleanup
# handler unlocking the error-checking mutex), sem (sem_wait), sleep (a
# sleep loop) and testcancel (a pthread_testcancel loop): complete, every run
# passes, the join gets PTHREAD_CANCELED, the handler ran once (and held the
# mutex: unlock=0); cond and sem used to end as deadlock, sleep as
# livelock. cond_signal (main signals, then cancels): both
# outcomes, the worker returning 1 and cancelled, are explored. For these
# five, every outcome of 200 plain runs is among the explored ones. exit (no cancel: pthread_exit with a cleanup handler that
# unlocks): every run passes (the handler used to run outside the schedule:
# main's lock was a false deadlock). disabled (cancellation disabled around a
# sem_wait nobody posts): every run is still a deadlock, naming the worker
# blocked in sem_wait.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target cancel_wait) || exit 1

explore() { # MODE
	shuffle "$1" --strategy exhaustive --timeout 20 --json --failures-dir "$T/failures" -- "$prog" "$1"
	jsonl_valid "$T/$1.out"
}

all_pass() { # MODE EXPECTED_STDOUT...
	local mode=$1 out=$T/$1.out
	shift
	explore "$mode"
	expect_status 0 "$mode"
	json_check "$out" 'summary["complete"] is True' "$mode: exhaustive exploration did not report complete"
	EXPECTED=$(printf '%s\n' "$@")
	export EXPECTED
	json_check "$out" 'all(r["verdict"] == "pass" and r["stdout"][:-1] in os.environ["EXPECTED"].split("\n") for r in runs)' \
		"$mode: a run did not pass with one of: $*"
	json_check "$out" 'all(any(r["stdout"] == e + "\n" for r in runs) for e in os.environ["EXPECTED"].split("\n"))' \
		"$mode: not every expected outcome was explored: $*"
}

for mode in cond sem sleep testcancel; do
	unlock=-1
	[ "$mode" = cond ] && unlock=0
	all_pass "$mode" "$mode ret=cancelled cleanups=1 unlock=$unlock"
done
all_pass cond_signal "cond_signal ret=1 cleanups=0 unlock=-1" "cond_signal ret=cancelled cleanups=1 unlock=0"
all_pass exit "exit ret=1 cleanups=1 unlock=0"

for mode in cond sem sleep testcancel cond_signal; do
	native_outcomes "$T/$mode.native" 200 "$prog" "$mode"
	covers_native "$T/$mode.out" "$T/$mode.native" "$mode"
done

explore disabled
expect_status 1 disabled
json_check "$T/disabled.out" 'runs and all(r["verdict"] == "deadlock" for r in runs)' \
	"disabled: a run did not end as deadlock (a thread with cancellation disabled was woken)"
json_check "$T/disabled.out" \
	'all(any(re.search(r"^\W*A\b.*\bsem_wait\b", l) for l in (r.get("detail") or "").splitlines()) for r in runs)' \
	"disabled: the report has no line showing A blocked in sem_wait"
pass
