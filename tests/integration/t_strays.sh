#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_strays: a program that daemonizes (setsid and a double fork) and leaves a
# grandchild that dropped LD_PRELOAD and runs a long sleep with its stdout:
# once the program's own processes are done, the run ends (a pass, not a
# timeout), the report says a stray process was killed, and no sleeper
# outlives its run.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target daemonizer) || exit 1
shuffle daemon --json --max-iterations 3 --timeout 60 --failures-dir "$T/fd" -- "$prog" "$T/pids"
jsonl_valid "$T/daemon.out"
expect_status 0 daemon
json_check "$T/daemon.out" 'len(runs) == 3 and all(r["verdict"] == "pass" and r.get("strays_killed", 0) >= 1 for r in runs)' \
	"not 3 passing runs, each with a stray killed"
[ "$(wc -l <"$T/pids")" -eq 3 ] || fail "the daemon did not start 3 times"
while read -r pid; do
	if [ -r "/proc/$pid/stat" ] && ! grep -q '^[0-9]* (.*) Z' "/proc/$pid/stat"; then
		kill -KILL "$pid"
		fail "the daemon $pid outlived its run"
	fi
done <"$T/pids"
shuffle text --max-iterations 1 --timeout 60 --failures-dir "$T/fd" -- "$prog" "$T/pids"
grep -Eq '^  [0-9]+ stray process(es)? killed' "$T/text.out" || { show text; fail "the text report does not say a stray was killed"; }
pass
