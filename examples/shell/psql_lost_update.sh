#!/bin/sh
# psql_lost_update.sh - the lost update, from the shell: two psql clients,
# in the background, each read a counter and write it back plus one.
#
#   psql_lost_update.sh
#
# The server is libpq's environment (PGHOST, PGPORT, PGUSER, PGDATABASE...).
# Each client is two psql calls, so two statements, each its own
# transaction: nothing stops the other client's write from landing between
# them. Prints "counter=N"; exits 1 when N is not 2 (an update was lost),
# 2 when it cannot set up.
set -u

psql -Xq -v ON_ERROR_STOP=1 \
	-c "CREATE TABLE IF NOT EXISTS psql_counter (id int PRIMARY KEY, value int NOT NULL)" \
	-c "INSERT INTO psql_counter VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET value = 0" ||
	exit 2

increment() {
	value=$(psql -XAtq -c "SELECT value FROM psql_counter WHERE id = 1") || exit 2
	psql -Xq -c "UPDATE psql_counter SET value = $((value + 1)) WHERE id = 1" || exit 2
}

increment &
increment &
wait

counter=$(psql -XAtq -c "SELECT value FROM psql_counter WHERE id = 1") || exit 2
echo "counter=$counter"
[ "$counter" = 2 ]
