#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_shell: shells under the tool, each process of theirs a task of the
# schedule. Command substitution (bash): the reader of the pipe is told the
# writer exited, so the search completes with every run passing, never a
# false deadlock. Two background jobs and `wait`, in dash (vfork, wait3,
# sigsuspend for SIGCHLD) and bash (a SIGCHLD handler): no timeout, no
# false crash, both output orders, and five identical explorations give
# identical results. A pipeline in dash (wait4) passes. No process of the
# target is left behind.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

mark=shuffle-t-shell-$$
strays() {
	if pgrep -f "$mark" >/dev/null; then
		pgrep -af "$mark" >&2
		fail "$1: processes of the target were left behind"
	fi
}

# Five explorations, identical but for their timings.
same_five() {
	local name=$1 i
	shift
	for i in 1 2 3 4 5; do
		shuffle "$name$i" "$@"
		jsonl_valid "$T/$name$i.out"
		strays "$name"
		python3 - "$T/$name"1.out "$T/$name$i.out" <<'PY' || fail "$name: exploration $i differs from the first"
import json, sys
def load(p):
    out = []
    for line in open(p):
        o = json.loads(line)
        for k in ("elapsed_s", "runs_per_s", "schedule_file", "seed"):
            o.pop(k, None)
        out.append(o)
    return out
sys.exit(load(sys.argv[1]) != load(sys.argv[2]))
PY
	done
}

command -v dash >/dev/null || skip "dash is not installed"

same_five subst --strategy exhaustive --json --timeout 10 --failures-dir "$T/f" -- \
	/bin/bash -c "x=\$(echo hi); echo got \$x; : $mark"
json_check "$T/subst1.out" 'summary["complete"] is True and summary["failures"] == 0' \
	"command substitution: not complete with zero failures"
json_check "$T/subst1.out" 'all(r["stdout"] == "got hi\n" for r in runs) and len(runs) > 1' \
	"command substitution: a run did not print got hi"

for sh in /bin/dash /bin/bash; do
	name=bg$(basename "$sh")
	same_five "$name" --seed 7 --max-iterations 40 --json --timeout 10 --failures-dir "$T/f" -- \
		"$sh" -c "/bin/echo a & /bin/echo b & wait; : $mark"
	json_check "$T/${name}1.out" 'all(r["verdict"] == "pass" for r in runs)' \
		"$sh: a run with two background jobs did not pass"
	json_check "$T/${name}1.out" '{r["stdout"] for r in runs} == {"a\nb\n", "b\na\n"}' \
		"$sh: both orders of the background jobs' output were not found"
done

shuffle pipeline --strategy exhaustive --max-iterations 60 --json --timeout 10 --failures-dir "$T/f" -- \
	/bin/dash -c "echo hi | cat; : $mark"
jsonl_valid "$T/pipeline.out"
json_check "$T/pipeline.out" 'all(r["verdict"] == "pass" and r["stdout"] == "hi\n" for r in runs)' \
	"dash pipeline: a run did not pass with hi"
strays pipeline
pass
