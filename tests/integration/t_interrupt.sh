#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_interrupt: SIGINT, SIGTERM and SIGHUP stop an exploration cleanly: the
# run in progress is killed with its process group, the summary of the runs
# so far says "interrupted" (JSON: "interrupted": true), the schedules found
# so far stay, and the exit status is 128 + the signal (130, 143, 129). And a
# driver killed with SIGKILL, which it cannot handle, leaves no target
# process behind (forked children included).
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target fail_then_hang) || exit 1
hang=$(target hang) || exit 1
# Job control: a background job of a script would otherwise start with
# SIGINT ignored, which shuffle-run (like any program) leaves ignored. And
# should this script itself have been started with them ignored (a
# background job of another script), env resets them for the driver.
set -m

# alive PID: the process exists and is not a zombie.
alive() {
	[ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null
}

# gone PID...: wait (bounded) until no PID is alive; fail if one stays.
gone() {
	local p i
	for p in "$@"; do
		for ((i = 0; i < 300; i++)); do
			alive "$p" || continue 2
			sleep 0.1
		done
		fail "process $p outlived shuffle-run"
	done
}

# interrupt NAME SIGNAL STATUS [--json]: 2 failing runs, then SIGNAL during
# the third.
interrupt() {
	local name=$1 sig=$2 want=$3
	shift 3
	mkfifo "$T/$name.fifo"
	env --default-signal=INT,TERM,HUP "$SHUFFLE_RUN" --timeout 1000 --failures-dir "$T/$name.fd" "$@" -- \
		"$prog" "$T/$name.count" 3 "$T/$name.fifo" >"$T/$name.out" 2>"$T/$name.err" &
	local driver=$! tpid
	# (<>: the open cannot block; -t: a guard should the third run never come)
	read -t 120 -r tpid <>"$T/$name.fifo" || { show "$name"; fail "$name: run 3 never started"; }
	kill "-$sig" "$driver"
	status=0
	wait "$driver" || status=$?
	expect_status "$want" "$name"
	gone "$tpid"
	[ "$(find "$T/$name.fd" -name '*.schedule' | wc -l)" -eq 2 ] ||
		fail "$name: expected the 2 schedule files of the runs before SIG$sig"
}

interrupt int INT 130 --json
jsonl_valid "$T/int.out"
json_check "$T/int.out" 'summary["interrupted"] is True and summary["runs"] == 2 and not summary["complete"]' \
	"the JSON summary does not say interrupted after 2 runs"
json_check "$T/int.out" 'all(os.path.getsize(r["schedule_file"]) > 0 for r in runs)' \
	"a schedule file of a run before the interruption is empty"

interrupt term TERM 143
grep -q '^2 runs, 2 failing.*interrupted by SIGTERM' "$T/term.out" ||
	{ show term; fail "the text summary does not say interrupted by SIGTERM"; }

interrupt hup HUP 129 --max-iterations 50
grep -q 'interrupted by SIGHUP; the space was not exhausted' "$T/hup.out" ||
	{ show hup; fail "the text summary does not say interrupted by SIGHUP"; }

# An exploration that is not interrupted says so in JSON too.
shuffle plain --json --max-iterations 1 -- "$(target correct_counter)"
expect_status 0 plain
json_check "$T/plain.out" 'summary["interrupted"] is False' "interrupted is not false"

# SIGKILL: the target and its forked child die with the driver. (Exhaustive:
# its first run lets the parent, which writes the pids, go first.)
mkfifo "$T/kill.fifo"
"$SHUFFLE_RUN" --strategy exhaustive --timeout 1000 -- "$hang" "$T/kill.fifo" >"$T/kill.out" 2>"$T/kill.err" &
driver=$!
read -t 120 -r ppid cpid <>"$T/kill.fifo" || fail "the hanging target never started"
alive "$cpid" || fail "the target's child is not running"
kill -KILL "$driver"
wait "$driver" 2>/dev/null
gone "$ppid" "$cpid"
pass
