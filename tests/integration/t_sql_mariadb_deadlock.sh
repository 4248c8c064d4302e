#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_sql_mariadb_deadlock: examples/sql/deadlock_mariadb (A updates rows 1
# then 2, B rows 2 then 1) against a throwaway MariaDB
# (tests/sql/mariadb_server.sh). Exhaustive exploration completes: the
# serial orders commit both transactions, some interleaved order ends with
# InnoDB's own deadlock error seen by the program (exit 1), no run hangs
# (the first waiter is detected through InnoDB's lock tables and leaves the
# schedule) and each deadlocking schedule shows the wait (sql_wait).
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"
# shellcheck source=../sql/mariadb_server.sh disable=SC1091
. "$top_srcdir/tests/sql/mariadb_server.sh"

mariadb_server_start
prog=$EXAMPLES/sql/deadlock_mariadb
[ -x "$prog" ] || fail "$prog is missing: build it (make builds examples/sql)"
# shellcheck disable=SC2034 # read by shuffle() in lib.sh
TEST_TIME_LIMIT=120

deadlock='error: Deadlock found when trying to get lock; try restarting transaction\n'
shuffle ex --strategy exhaustive --points sql --json --failures-dir "$T/failures" -- "$prog"
expect_status 1 ex
out=$T/ex.out
jsonl_valid "$out"

order='"".join(l for l in (s.split(":")[0] for s in r["sequence"]) if l in ("A", "B"))'
json_check "$out" 'summary["complete"] is True' "exploration did not report complete"
json_check "$out" 'all(r["verdict"] in ("pass", "fail") for r in runs)' \
	"a run hung, deadlocked in the tool or ended otherwise than pass or fail"
json_check "$out" "any(r['verdict'] == 'fail' and r['exit_code'] == 1 and r['stdout'] == '$deadlock' for r in runs)" \
	"no run ended with InnoDB's deadlock error"
json_check "$out" "all(r['stdout'] in ('committed=2\n', '$deadlock') for r in runs)" \
	"a run printed something else than committed=2 or the deadlock error"
json_check "$out" "{$order for r in runs} >= {'AAABBB', 'BBBAAA'}" "the serial orders were not both run"
json_check "$out" "all(r['stdout'] == 'committed=2\n' for r in runs if $order in ('AAABBB', 'BBBAAA'))" \
	"a serial order did not commit both transactions"

sf=$(json_get "$out" "[r for r in runs if r['stdout'] == '$deadlock'][0]['schedule_file']") || exit 1
grep -q 'sql_wait' "$sf" || fail "$sf shows no statement waiting for a lock (sql_wait)"
grep -q 'UPDATE deadlock_rows SET value = value + 1' "$sf" ||
	fail "$sf does not label the statements with their SQL"

pass
