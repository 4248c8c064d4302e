#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_clone: a process made by clone() itself joins the schedule. clone_race's
# parent and child each print their name: exhaustive search finds both
# orders, whatever plain runs show is among them, every run passes (no
# timeout), nothing escaped control and no process is left over. Likewise
# with CLONE_VM | CLONE_VFORK (made a copy, as vfork) and with a child that
# exec()s. A thread made by clone(CLONE_THREAD) runs uncontrolled: every
# run says so.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target clone_race) || exit 1

both='sorted(set(r["stdout"] for r in runs)) == ["child\nparent\n", "parent\nchild\n"]'
for mode in plain vfork exec; do
	arg=--$mode
	[ "$mode" = plain ] && arg=
	# shellcheck disable=SC2086 # no argument at all in plain mode
	shuffle "$mode" --strategy exhaustive --json --timeout 20 --failures-dir "$T/f" -- "$prog" $arg
	expect_status 0 "$mode"
	out=$T/$mode.out
	jsonl_valid "$out"
	json_check "$out" 'summary["complete"] is True and summary["failures"] == 0' \
		"$mode: not complete with zero failures"
	json_check "$out" "$both" "$mode: both orders of parent and child were not found"
	json_check "$out" 'summary["not_controlled_runs"] == 0' "$mode: the clone child escaped control"
	json_check "$out" 'not any(r.get("strays_killed") for r in runs)' \
		"$mode: stray processes were left"
	json_check "$out" 'any("p1.main" in r["sequence"] for r in runs)' \
		"$mode: the child's steps are not labelled p1.main"
	# What plain runs print, one run a line ("child parent" or "parent child").
	# shellcheck disable=SC2086 # $arg may be empty; $line: one line
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		line=$("$prog" $arg </dev/null) || fail "$mode: a plain run failed"
		echo $line
	done >"$T/native.txt"
	export NATIVE=$T/native.txt
	json_check "$out" 'set(open(os.environ["NATIVE"]).read().splitlines()) <= {" ".join(r["stdout"].split()) for r in runs}' \
		"$mode: a plain run printed what exploration never did ($(sort -u "$T/native.txt" | tr '\n' ';'))"
done

shuffle thread --strategy exhaustive --json --timeout 20 --failures-dir "$T/f" -- "$prog" --thread
expect_status 0 thread
jsonl_valid "$T/thread.out"
json_check "$T/thread.out" 'runs and all(r["verdict"] == "pass" and "pthread_create" in r.get("not_controlled", "") for r in runs)' \
	"thread: a thread made by clone was not reported as uncontrolled"

if pgrep -f "$prog" >/dev/null; then
	pgrep -af "$prog" >&2
	fail "processes of the target were left behind"
fi
pass
