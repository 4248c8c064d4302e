#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_sql_pg_isolation: examples/sql/lost_update_pq against a throwaway
# PostgreSQL (tests/sql/pg_cluster.sh) at the levels that prevent the lost
# update. At REPEATABLE READ and at SERIALIZABLE, exhaustive exploration
# makes 6 runs and none loses an update: the serial orders end with
# counter=2, the 4 interleaved ones with the second writer's serialization
# failure and counter=1 (every run exits 0: the counter matches the commits).
# With SELECT ... FOR UPDATE (READ COMMITTED), the second reader waits in
# the server for the first one's row lock: the exploration lets the other
# transaction finish (no hang, no guess), takes the waiter back when the
# server lets it go (one extra step of that thread), and every run ends with
# counter=2.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"
# shellcheck source=../sql/pg_cluster.sh disable=SC1091
. "$top_srcdir/tests/sql/pg_cluster.sh"

pg_cluster_start
prog=$EXAMPLES/sql/lost_update_pq
[ -x "$prog" ] || fail "$prog is missing: build it (make builds examples/sql)"

order='"".join(l for l in (s.split(":")[0] for s in r["sequence"]) if l in ("A", "B"))'
serial_error='counter=1, error: could not serialize access due to concurrent update\n'

for level in repeatable-read serializable; do
	shuffle "$level" --strategy exhaustive --points sql --json --failures-dir "$T/failures" -- "$prog" "$level"
	expect_status 0 "$level"
	out=$T/$level.out
	jsonl_valid "$out"
	json_check "$out" 'summary["complete"] is True' "$level: exploration did not report complete"
	json_check "$out" 'len(runs) == 6' "$level: expected 6 runs"
	json_check "$out" 'all(r["verdict"] == "pass" and r["exit_code"] == 0 for r in runs)' \
		"$level: some run lost an update (exit 1) or ended otherwise than pass"
	json_check "$out" \
		"all(r['stdout'] == ('counter=2\n' if $order in ('AABB', 'BBAA') else '$serial_error') for r in runs)" \
		"$level: serial orders must end with counter=2, interleaved ones with a serialization failure"
	json_check "$out" 'sum(r["stdout"] == "counter=2\n" for r in runs) == 2' \
		"$level: not 2 runs with counter=2"
done

shuffle for_update --strategy exhaustive --points sql --json --failures-dir "$T/failures" -- "$prog" for-update
expect_status 0 for_update
out=$T/for_update.out
jsonl_valid "$out"
json_check "$out" 'summary["complete"] is True' "for-update: exploration did not report complete"
json_check "$out" 'all(r["verdict"] == "pass" and r["stdout"] == "counter=2\n" for r in runs)' \
	"for-update: some run did not end with counter=2"
json_check "$out" "any(3 in ($order.count('A'), $order.count('B')) for r in runs)" \
	"for-update: no run shows a transaction waiting for the other's row lock"
json_check "$out" "{${order}[:2] for r in runs} == {'AA', 'AB', 'BA', 'BB'}" \
	"for-update: the exploration did not try both orders of the two reads"

pass
