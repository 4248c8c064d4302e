#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_spawn: posix_spawn and posix_spawnp start processes of the schedule.
# spawn_two's two children print a line each: natively in either order, so
# exhaustive search must find both, with every run passing and nothing
# uncontrolled. popen (a line read from a shell) and system (a shell's exit
# status) pass on every run. No process of the target is left behind.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target spawn_two) || exit 1

shuffle spawn --strategy exhaustive --json --timeout 10 --failures-dir "$T/f" -- "$prog" spawn
expect_status 0 spawn
jsonl_valid "$T/spawn.out"
json_check "$T/spawn.out" 'summary["complete"] is True and summary["failures"] == 0' \
	"posix_spawn: not complete with zero failures"
json_check "$T/spawn.out" '{r["stdout"] for r in runs} == {"a\nb\n", "b\na\n"}' \
	"posix_spawn: both orders of the children's output were not found"
json_check "$T/spawn.out" 'summary["not_controlled_runs"] == 0' "posix_spawn: a child escaped control"

shuffle popen --strategy exhaustive --json --timeout 10 --failures-dir "$T/f" -- "$prog" popen
expect_status 0 popen
jsonl_valid "$T/popen.out"
json_check "$T/popen.out" 'summary["complete"] is True and all(r["stdout"] == "read from-popen\n" for r in runs)' \
	"popen: a run did not read the shell's line"

shuffle system --strategy exhaustive --json --timeout 10 --failures-dir "$T/f" -- "$prog" system
expect_status 0 system
jsonl_valid "$T/system.out"
json_check "$T/system.out" 'summary["complete"] is True and all(r["stdout"] == "from-system\nstatus 3\n" for r in runs)' \
	"system: a run did not see the shell's output and status"

if pgrep -f "$prog" >/dev/null; then
	pgrep -af "$prog" >&2
	fail "processes of the target were left behind"
fi
pass
