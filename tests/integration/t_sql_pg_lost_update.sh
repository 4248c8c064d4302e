#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_sql_pg_lost_update: examples/sql/lost_update_pq at READ COMMITTED
# against a throwaway PostgreSQL (tests/sql/pg_cluster.sh). Exhaustive
# exploration of its 4 statements (2 per transaction) makes exactly 6 runs,
# one per order of A,A,B,B: the 2 serial orders end with counter=2 and
# pass, the 4 others lose an update (counter=1, exit 1). Each failing
# schedule's timeline labels the steps with their SQL, and replaying it
# against the server gives the same run again.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"
# shellcheck source=../sql/pg_cluster.sh disable=SC1091
. "$top_srcdir/tests/sql/pg_cluster.sh"

pg_cluster_start
prog=$EXAMPLES/sql/lost_update_pq
[ -x "$prog" ] || fail "$prog is missing: build it (make builds examples/sql)"

shuffle ex --strategy exhaustive --points sql --json --failures-dir "$T/failures" -- "$prog" read-committed
expect_status 1 ex
out=$T/ex.out
jsonl_valid "$out"

# The order of the transactions' steps in a run: its sequence without main
# (labels may carry ": SQL" after the thread's name).
order='"".join(l for l in (s.split(":")[0] for s in r["sequence"]) if l in ("A", "B"))'
json_check "$out" 'summary["complete"] is True' "exhaustive exploration did not report complete"
json_check "$out" 'len(runs) == 6' "expected exactly 6 runs (the orders of A,A,B,B)"
json_check "$out" "sorted($order for r in runs) == ['AABB', 'ABAB', 'ABBA', 'BAAB', 'BABA', 'BBAA']" \
	"the runs are not the 6 orders of A,A,B,B"
json_check "$out" \
	"all((r['verdict'], r['exit_code'], r['stdout']) == (('pass', 0, 'counter=2\n') if $order in ('AABB', 'BBAA') else ('fail', 1, 'counter=1\n')) for r in runs)" \
	"serial orders must end with counter=2 (pass), the 4 interleaved ones with counter=1 (exit 1)"
json_check "$out" 'sum(r["stdout"] == "counter=2\n" for r in runs) == 2' "not 2 runs with counter=2"
json_check "$out" 'sum(r["stdout"] == "counter=1\n" for r in runs) == 4' "not 4 runs with counter=1"

# Schedule files name each step's statement, and replay it exactly.
n=$(json_get "$out" 'sum(r["verdict"] != "pass" for r in runs)') || exit 1
for ((i = 0; i < n; i++)); do
	sf=$(json_get "$out" "[r for r in runs if r['verdict'] != 'pass'][$i]['schedule_file']") || exit 1
	grep -q 'BEGIN ISOLATION LEVEL READ COMMITTED; SELECT' "$sf" ||
		fail "$sf does not label the first statement with its SQL"
	grep -q 'UPDATE lost_update_counter SET value = 1' "$sf" ||
		fail "$sf does not label the UPDATE with its SQL"
	want=$(json_get "$out" "{k: [r for r in runs if r['verdict'] != 'pass'][$i][k] for k in ('verdict', 'stdout', 'sequence', 'exit_code')}") || exit 1
	shuffle "replay$i" --json --failures-dir "$T/replay-failures" --replay "$sf"
	expect_status 1 "replay$i"
	jsonl_valid "$T/replay$i.out"
	export WANT=$want
	json_check "$T/replay$i.out" \
		'len(runs) == 1 and {k: runs[0][k] for k in ("verdict", "stdout", "sequence", "exit_code")} == json.loads(os.environ["WANT"])' \
		"replaying $sf against the server differs from the original run $want"
done

pass
