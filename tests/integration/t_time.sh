#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_time: sleeps and timed waits run on virtual time. Every command here runs
# with --timeout 3 while its program sleeps or waits 5 s or more: a run that
# waited for real would end as `timeout` (a functional check, not a timing
# one). sleepy (two threads, 5 s each through sleep, usleep, nanosleep and
# clock_nanosleep, then main 4 s with TIMER_ABSTIME), exhaustive with
# decisions at time points: complete, every run passes, and the steps come in
# all 70 orders that keep each thread's own order (a sleep is a choice, not a
# deadline), the deadline order among them. cond_timedwait: a
# 5 s timed wait nobody signals returns ETIMEDOUT in every run; `signalled`
# times out in some runs but never twice (timing out is a choice, a retry
# gives way to the signaller); `others`: pthread_mutex_timedlock and clocklock,
# sem_timedwait and clockwait on objects main holds, and
# pthread_cond_clockwait, all return ETIMEDOUT (25 s of virtual time).
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

# Runs NAME: PROGRAM [ARG] exhaustively with --timeout 3 and checks that it
# completes, every run passes and prints exactly EXPECTED.
all_pass() { # NAME EXPECTED PROGRAM [ARG]
	local name=$1 expected=$2
	shift 2
	shuffle "$name" --strategy exhaustive --timeout 3 --json --failures-dir "$T/failures" -- "$@"
	local out=$T/$name.out
	jsonl_valid "$out"
	json_check "$out" 'not any(r["verdict"] == "timeout" for r in runs)' \
		"$name: a run was killed by --timeout 3: it waited in real time"
	expect_status 0 "$name"
	json_check "$out" 'summary["complete"] is True' "$name: exhaustive exploration did not report complete"
	export EXPECTED=$expected
	json_check "$out" 'all(r["verdict"] == "pass" and r["stdout"] == os.environ["EXPECTED"] for r in runs)' \
		"$name: a run did not pass with the output: $expected"
}

prog=$(target sleepy) || exit 1
shuffle sleepy --strategy exhaustive --points time --timeout 3 --json --failures-dir "$T/failures" -- "$prog"
expect_status 0 sleepy
jsonl_valid "$T/sleepy.out"
json_check "$T/sleepy.out" 'summary["complete"] is True and all(r["verdict"] == "pass" for r in runs)' \
	"sleepy: not complete with every run passing"
json_check "$T/sleepy.out" \
	'all(re.sub(r"B\d,?", "", r["stdout"]).rstrip(",\n") == "order=A1,A2,A3,A4" and re.sub(r"A\d,?", "", r["stdout"]).rstrip(",\n") == "order=B1,B2,B3,B4" for r in runs)' \
	"sleepy: a thread's own steps came out of order"
json_check "$T/sleepy.out" 'len({r["stdout"] for r in runs}) == 70' \
	"sleepy: not all 70 interleavings of the sleepers' steps"
json_check "$T/sleepy.out" 'any(r["stdout"] == "order=A1,B1,B2,A2,A3,B3,A4,B4\n" for r in runs)' \
	"sleepy: the deadline order is not among the outcomes"

prog=$(target cond_timedwait) || exit 1
all_pass timedwait $'timedwait=ETIMEDOUT\n' "$prog"
shuffle signalled --strategy exhaustive --timeout 3 --json --failures-dir "$T/failures" -- "$prog" signalled
expect_status 0 signalled
json_check "$T/signalled.out" 'summary["complete"] is True and all(r["verdict"] == "pass" for r in runs)' \
	"signalled: not complete with every run passing"
json_check "$T/signalled.out" \
	'sorted(set(r["stdout"] for r in runs)) == ["flag=1 timeouts=0\n", "flag=1 timeouts=1\n"]' \
	"signalled: not both a run without and a run with one timeout"
all_pass others $'timedlock=ETIMEDOUT clocklock=ETIMEDOUT sem_timedwait=ETIMEDOUT sem_clockwait=ETIMEDOUT cond_clockwait=ETIMEDOUT\n' \
	"$prog" others

# Timing out is a scheduling choice: with the signaller ready to run, the
# one timed wait of timed_choice either sees the signal or times out.
prog=$(target timed_choice) || exit 1
shuffle choice --strategy exhaustive --json --timeout 3 --failures-dir "$T/f" -- "$prog"
expect_status 0 choice
json_check "$T/choice.out" \
	'sorted(set(r["stdout"] for r in runs)) == ["timed out\n", "woken\n"]' \
	"timed_choice: not both outcomes (woken, timed out)"

pass
