#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_locked_sections: exhaustive exploration of three threads that each append
# their letter inside one mutex finds all 6 orders, every run passes, and the
# summary says the space was exhausted.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target locked_sections) || exit 1

shuffle ex --strategy exhaustive --points sync --json --failures-dir "$T/failures" -- "$prog"
expect_status 0 ex
jsonl_valid "$T/ex.out"

json_check "$T/ex.out" 'summary["strategy"] == "exhaustive"' "summary names another strategy"
json_check "$T/ex.out" 'summary["complete"] is True' "exhaustive exploration did not report complete"
json_check "$T/ex.out" 'summary["failures"] == 0' "some run did not pass"
json_check "$T/ex.out" 'all(r["verdict"] == "pass" for r in runs)' "some run did not pass"
json_check "$T/ex.out" 'all(re.fullmatch(r"order=[ABC]{3}\n", r["stdout"]) for r in runs)' \
	"a run printed something other than one order=XYZ line"
json_check "$T/ex.out" \
	'{r["stdout"].strip() for r in runs} == {"order=" + "".join(p) for p in itertools.permutations("ABC")}' \
	"the runs do not show exactly the 6 orders of A, B, C"

# The sequence lists who ran each lock and unlock: a thread holds the only
# mutex from its lock to its unlock, so the sequence is x x y y z z, and the
# threads (labelled A, B, C in creation order) appear in the order printed.
json_check "$T/ex.out" \
	'all(r["sequence"] == [c for c in r["stdout"].strip()[len("order="):] for _ in (0, 1)] for r in runs)' \
	"a sequence does not match the order its run printed (expected e.g. B,B,A,A,C,C for order=BAC)"

pass
