#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_timeout: hang (a parent and a forked child, both in pause() forever) run
# with --timeout 1 --max-iterations 1 gives one run with verdict timeout and
# exit status 1, and once shuffle-run has returned no process of that run is
# left: neither the parent nor the child. The binary is run from a copy at a
# path unique to this test, so `pgrep -f` on that path finds exactly the
# processes of this run (and the pids hang wrote down are checked too).
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

command -v pgrep >/dev/null 2>&1 || skip "pgrep (procps) is needed to look for leftover processes"
prog=$(target hang) || exit 1
copy=$T/hang-copy-$$
cp "$prog" "$copy" || fail "cannot copy $prog"
pidfile=$T/hang.pids

# Whatever happens, leave nothing behind: these processes were started by
# this test (through shuffle-run), found by their unique path.
# shellcheck disable=SC2016 # expanded when the hook runs
on_exit 'for p in $(pgrep -f -- "$copy"); do kill -KILL "$p" 2>/dev/null; done'

# shellcheck disable=SC2034 # read by shuffle() in lib.sh
TEST_TIME_LIMIT=60
shuffle run --timeout 1 --max-iterations 1 --json --failures-dir "$T/failures" -- "$copy" "$pidfile"

# First the processes: whatever the verdict, none may outlive shuffle-run.
left=$(pgrep -d, -f -- "$copy")
if [ -n "$left" ]; then
	ps -o pid,ppid,pgid,stat,args -p "$left" >&2 || true
	fail "processes of the timed-out run are still alive: $left"
fi
if [ -s "$pidfile" ]; then
	read -r parent child <"$pidfile" || true
	for p in $parent $child; do
		# A pid that exists again must at least not be ours (zombies have an
		# empty command line, and belong to nobody here).
		if [ -r "/proc/$p/cmdline" ] && tr '\0' ' ' <"/proc/$p/cmdline" | grep -qF -- "$copy"; then
			fail "process $p of the timed-out run is still alive"
		fi
	done
else
	note "note: hang did not write its pids before it was killed; checked by path only"
fi

expect_status 1 run
out=$T/run.out
jsonl_valid "$out"
json_check "$out" 'len(runs) == 1 and summary["runs"] == 1' "--max-iterations 1 did not make exactly one run"
json_check "$out" 'runs[0]["verdict"] == "timeout"' "the run's verdict is not timeout"
json_check "$out" 'runs[0]["exit_code"] is None' "a killed run reports an exit code"
json_check "$out" '"pause()" in runs[0].get("detail", "")' \
	"the timeout report does not say the token holder waited in pause()"
json_check "$out" 'summary["failures"] == 1' "the summary does not count the timeout as a failure"

pass
