#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_sql_mariadb_lost_update: examples/sql/lost_update_mariadb against a
# throwaway MariaDB (tests/sql/mariadb_server.sh).
#  - REPEATABLE READ (InnoDB's default): exhaustive exploration of the 3
#    decisions per transaction (SELECT, UPDATE, COMMIT; START TRANSACTION is
#    none) completes, the serial orders end with counter=2 and pass, and
#    some interleaved one loses an update (counter=1, exit 1). A failing
#    schedule labels its steps with their SQL and replays against the server.
#  - FOR UPDATE: the second reader (a prepared statement) waits in the server for the first one's
#    row lock; the wait is detected (no hang, no timeout), the waiter comes
#    back as one more step (sql_wait) after the other's COMMIT, and every
#    run ends with counter=2.
#  - SERIALIZABLE: no update is lost; the interleaved runs end with InnoDB's
#    own deadlock error in one transaction.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"
# shellcheck source=../sql/mariadb_server.sh disable=SC1091
. "$top_srcdir/tests/sql/mariadb_server.sh"

mariadb_server_start
prog=$EXAMPLES/sql/lost_update_mariadb
[ -x "$prog" ] || fail "$prog is missing: build it (make builds examples/sql)"
# shellcheck disable=SC2034 # read by shuffle() in lib.sh
TEST_TIME_LIMIT=120

order='"".join(l for l in (s.split(":")[0] for s in r["sequence"]) if l in ("A", "B"))'

shuffle rr --strategy exhaustive --points sql --json --failures-dir "$T/failures" -- "$prog" repeatable-read
expect_status 1 rr
out=$T/rr.out
jsonl_valid "$out"
json_check "$out" 'summary["complete"] is True' "repeatable-read: exploration did not report complete"
json_check "$out" 'all(r["verdict"] in ("pass", "fail") for r in runs)' \
	"repeatable-read: a run hung or ended otherwise than pass or fail"
json_check "$out" "{$order for r in runs} >= {'AAABBB', 'BBBAAA'}" "the serial orders were not both run"
json_check "$out" \
	"all((r['verdict'], r['stdout']) == ('pass', 'counter=2\n') for r in runs if $order in ('AAABBB', 'BBBAAA'))" \
	"a serial order did not end with counter=2"
json_check "$out" 'any((r["verdict"], r["exit_code"], r["stdout"]) == ("fail", 1, "counter=1\n") for r in runs)' \
	"no run lost an update"
json_check "$out" 'all(r["stdout"] in ("counter=1\n", "counter=2\n") for r in runs)' \
	"a run printed something else than counter=1 or counter=2"

sf=$(json_get "$out" '[r for r in runs if r["verdict"] == "fail"][0]["schedule_file"]') || exit 1
grep -q 'UPDATE lost_update_counter SET value = 1' "$sf" || fail "$sf does not label the UPDATE with its SQL"
want=$(json_get "$out" "{k: [r for r in runs if r['verdict'] == 'fail'][0][k] for k in ('verdict', 'stdout', 'sequence', 'exit_code')}") ||
	exit 1
shuffle replay --json --failures-dir "$T/replay-failures" --replay "$sf"
expect_status 1 replay
export WANT=$want
json_check "$T/replay.out" \
	'len(runs) == 1 and {k: runs[0][k] for k in ("verdict", "stdout", "sequence", "exit_code")} == json.loads(os.environ["WANT"])' \
	"replaying $sf against the server differs from the original run"

shuffle fu --strategy exhaustive --points sql --json --failures-dir "$T/failures" -- "$prog" for-update
expect_status 0 fu
out=$T/fu.out
jsonl_valid "$out"
json_check "$out" 'summary["complete"] is True' "for-update: exploration did not report complete"
json_check "$out" 'all(r["verdict"] == "pass" and r["stdout"] == "counter=2\n" for r in runs)' \
	"for-update: some run did not end with counter=2 (or hung on the lock wait)"
json_check "$out" "any(4 in ($order.count('A'), $order.count('B')) for r in runs)" \
	"for-update: no run shows a transaction coming back from a lock wait"
json_check "$out" "{${order}[:2] for r in runs} == {'AA', 'AB', 'BA', 'BB'}" \
	"for-update: the exploration did not try both orders of the two reads"

shuffle ser --strategy exhaustive --points sql --json --failures-dir "$T/failures" -- "$prog" serializable
expect_status 0 ser
out=$T/ser.out
jsonl_valid "$out"
json_check "$out" 'all(r["verdict"] == "pass" for r in runs)' "serializable: some run lost an update"
json_check "$out" \
	'any(r["stdout"] == "counter=1, error: Deadlock found when trying to get lock; try restarting transaction\n" for r in runs)' \
	"serializable: no run ended with InnoDB's deadlock error"
json_check "$out" 'sum(r["stdout"] == "counter=2\n" for r in runs) >= 2' "serializable: the serial orders did not commit both"

pass
