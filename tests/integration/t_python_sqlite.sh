#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_python_sqlite: examples/python/lost_update_sqlite.py, an unmodified
# Python program (Python threads, the stdlib sqlite3), under --points sql.
#  - implicit (the sqlite3 module's own transactions, which begin only at
#    the UPDATE): exhaustive exploration completes, the serial orders of
#    the two threads' statements end with counter=2 and pass, and some
#    interleaved one loses an update (counter=1, exit 1); every outcome of
#    plain runs is among the explored ones.
#  - immediate (BEGIN IMMEDIATE first): no run loses an update.
# Python's own locks, GIL hand-offs and file reads are steps of their
# thread, not decisions: the runs are the orders of the SQL statements.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

py=${PYTHON:-/usr/bin/python3}
[ -x "$py" ] || skip "$py is not installed (set PYTHON to a Python 3 binary, not a wrapper script)"
"$py" -c 'import sqlite3' 2>/dev/null || skip "$py has no sqlite3 module"
script=$top_srcdir/examples/python/lost_update_sqlite.py
# shellcheck disable=SC2034 # read by shuffle() in lib.sh
TEST_TIME_LIMIT=120

# The order of the two threads' SQL statements in a run.
order='"".join(s.split(":")[0] for s in r["sequence"] if s[:3] in ("A: ", "B: "))'

shuffle implicit --strategy exhaustive --points sql --json --failures-dir "$T/failures" -- "$py" "$script" implicit "$T/i.sqlite"
expect_status 1 implicit
out=$T/implicit.out
jsonl_valid "$out"
json_check "$out" 'summary["complete"] is True' "implicit: exploration did not report complete"
json_check "$out" 'len(runs) <= 20' "implicit: more runs than the orders of 3 + 3 statements"
json_check "$out" "{$order for r in runs} >= {'AAABBB', 'BBBAAA'}" "implicit: the serial orders were not both run"
json_check "$out" \
	"all((r['verdict'], r['stdout']) == ('pass', 'counter=2\n') for r in runs if $order in ('AAABBB', 'BBBAAA'))" \
	"implicit: a serial order did not end with counter=2"
json_check "$out" 'any((r["verdict"], r["exit_code"], r["stdout"]) == ("fail", 1, "counter=1\n") for r in runs)' \
	"implicit: no run lost an update"
native_outcomes "$T/native" 5 "$py" "$script" implicit "$T/n.sqlite"
covers_native "$out" "$T/native" implicit

shuffle immediate --strategy exhaustive --points sql --json --failures-dir "$T/failures" -- "$py" "$script" immediate "$T/m.sqlite"
expect_status 0 immediate
out=$T/immediate.out
jsonl_valid "$out"
json_check "$out" 'summary["complete"] is True' "immediate: exploration did not report complete"
json_check "$out" 'all(r["verdict"] == "pass" and r["stdout"] == "counter=2\n" for r in runs)' \
	"immediate: some run lost an update"

pass
