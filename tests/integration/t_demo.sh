#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_demo: the seed's example, examples/lost_update (two tasks, each a "get"
# and a "set" shuffle_point), explored exhaustively: exactly 6 runs, whose
# sequences are the 6 distinct orders of A,A,B,B; the two serial orders
# (A,A,B,B and B,B,A,A) print value=2 and pass, the 4 others print value=1
# and fail with exit code 1, each with a saved schedule.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$EXAMPLES/lost_update
[ -x "$prog" ] || fail "$prog is missing: build it (make)"

shuffle ex --strategy exhaustive --points manual --json --failures-dir "$T/failures" -- "$prog"
expect_status 1 ex
out=$T/ex.out
jsonl_valid "$out"

json_check "$out" 'len(runs) == 6' "exhaustive exploration did not make exactly 6 runs"
json_check "$out" 'summary["complete"] is True and summary["failures"] == 4' \
	"the summary does not say complete with 4 failures"
json_check "$out" \
	'sorted(tuple(r["sequence"]) for r in runs) == sorted(set(itertools.permutations("AABB")))' \
	"the sequences are not the 6 distinct orders of A,A,B,B"
json_check "$out" 'sum(r["stdout"] == "value=2\n" for r in runs) == 2' "value=2 is not in exactly 2 runs"
json_check "$out" 'sum(r["stdout"] == "value=1\n" for r in runs) == 4' "value=1 is not in exactly 4 runs"
json_check "$out" \
	'all((r["stdout"] == "value=2\n") == (r["sequence"] in (list("AABB"), list("BBAA"))) for r in runs)' \
	"value=2 does not come exactly from the serial orders A,A,B,B and B,B,A,A"
json_check "$out" \
	'all((r["verdict"], r["exit_code"]) == (("pass", 0) if r["stdout"] == "value=2\n" else ("fail", 1)) for r in runs)' \
	"verdicts do not match: value=2 must pass, value=1 must fail with exit code 1"

pass
