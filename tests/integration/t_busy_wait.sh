#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_busy_wait: a thread busy-waiting on memory the runtime cannot see (the
# plain build of atomic_handoff: A spins on an atomic flag with no call in
# its loop) is preempted rather than left to --timeout. Exhaustive: every
# run passes with data=42 (none ends as timeout or livelock), the search is
# complete, the summary counts runs that busy-waited (busy_wait_runs > 0,
# busy_waits on those runs), and the text summary names shuffle-cc as the
# remedy. No timing is asserted.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target atomic_handoff) || exit 1
shuffle spin --strategy exhaustive --timeout 20 --json --failures-dir "$T/f" -- "$prog"
out=$T/spin.out
jsonl_valid "$out"
expect_status 0 spin
json_check "$out" 'all(r["verdict"] == "pass" and r["stdout"] == "data=42\n" for r in runs)' \
	"a run of the uninstrumented spin handoff did not pass (timeout? livelock?)"
json_check "$out" 'summary["complete"] is True and summary["memory_points"] is False' \
	"the exploration is not complete, or claims memory points for a plain build"
json_check "$out" 'summary["busy_wait_runs"] > 0 and summary["busy_wait_runs"] == sum(1 for r in runs if r.get("busy_waits", 0) > 0)' \
	"busy_wait_runs does not count the runs whose spinning thread was preempted"

shuffle spin-text --strategy exhaustive --timeout 20 --failures-dir "$T/f" -- "$prog"
expect_status 0 spin-text
grep -q 'busy-waited on memory shuffle-run cannot see.*shuffle-cc' "$T/spin-text.out" ||
	{ show spin-text; fail "the text summary does not say the program busy-waits, naming shuffle-cc"; }

pass
