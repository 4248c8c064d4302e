/* deadlock_sqlite.c - two SQLite transactions update rows 1 then 2, and 2
 * then 1, through two connections to one database file.
 *
 *   deadlock_sqlite [MODE [DBPATH [BUSY_MS]]]
 *
 * MODE is deferred (the default) or immediate: the BEGIN of each
 * transaction. DBPATH is the database file (default deadlock.sqlite, in the
 * current directory). BUSY_MS is each connection's busy timeout (default
 * 5000; 0: no busy handler, a locked database fails the statement at once).
 *
 * Thread A runs, in two sqlite3_exec calls,
 *
 *   BEGIN ...; UPDATE rows SET value = value + 1 WHERE id = 1
 *   UPDATE rows SET value = value + 1 WHERE id = 2; COMMIT
 *
 * and thread B the same with rows 2 and 1. SQLite locks the whole file for
 * writing, so the second writer waits (busy handler) until the first
 * commits, or fails with "database is locked": there is no deadlock, and
 * that is what this shows next to deadlock_pq. Prints one line:
 * "committed=2" when both committed, else "error: MESSAGE" with exit
 * status 1. Both rows must end equal to the number of transactions that
 * committed; otherwise it says "inconsistent: ..." and exits 1. Exit 2:
 * cannot set up.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "two_txns.h"

struct txn {
	struct txn_outcome out; /* first: run_two_txns() reads it */
	sqlite3 *db;
	const char *begin;
	int first, second; /* rows, in the order this transaction updates them */
};

static sqlite3 *open_db(const char *path, int busy_ms)
{
	sqlite3 *db = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		fprintf(stderr, "deadlock_sqlite: cannot open %s: %s\n", path,
			db ? sqlite3_errmsg(db) : "no memory");
		exit(2);
	}
	if (busy_ms > 0)
		sqlite3_busy_timeout(db, busy_ms);
	return db;
}

static int ok(struct txn *t, const char *sql)
{
	if (sqlite3_exec(t->db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 1;
	snprintf(t->out.error, sizeof t->out.error, "%s", sqlite3_errmsg(t->db));
	if (!sqlite3_get_autocommit(t->db))
		sqlite3_exec(t->db, "ROLLBACK", NULL, NULL, NULL);
	return 0;
}

static void *transfer(void *arg)
{
	struct txn *t = arg;
	char sql[160];
	snprintf(sql, sizeof sql, "%s; UPDATE rows SET value = value + 1 WHERE id = %d", t->begin,
		 t->first);
	if (!ok(t, sql))
		return NULL;
	snprintf(sql, sizeof sql, "UPDATE rows SET value = value + 1 WHERE id = %d; COMMIT",
		 t->second);
	if (!ok(t, sql))
		return NULL;
	t->out.committed = 1;
	return NULL;
}

static int row_values(void *arg, int n, char **values, char **names)
{
	(void)names;
	if (n == 1 && values[0])
		snprintf(arg, 32, "%s", values[0]);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "deferred";
	const char *path = argc > 2 ? argv[2] : "deadlock.sqlite";
	int busy_ms = argc > 3 ? atoi(argv[3]) : 5000;
	const char *begin;
	if (!strcmp(mode, "deferred")) {
		begin = "BEGIN DEFERRED";
	} else if (!strcmp(mode, "immediate")) {
		begin = "BEGIN IMMEDIATE";
	} else {
		fprintf(stderr, "usage: deadlock_sqlite [deferred|immediate [DBPATH [BUSY_MS]]]\n");
		return 2;
	}

	static const char create[] = "CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, "
				     "value INTEGER NOT NULL); "
				     "INSERT OR REPLACE INTO rows VALUES (1, 0), (2, 0)";
	sqlite3 *setup = open_db(path, busy_ms);
	char *err = NULL;
	if (sqlite3_exec(setup, create, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "deadlock_sqlite: cannot create the rows: %s\n", err);
		return 2;
	}

	struct txn txns[2] = {
		{ .db = open_db(path, busy_ms), .begin = begin, .first = 1, .second = 2 },
		{ .db = open_db(path, busy_ms), .begin = begin, .first = 2, .second = 1 },
	};
	const char *error;
	int committed =
		run_two_txns("deadlock_sqlite", transfer, &txns[0].out, &txns[1].out, &error);
	if (committed < 0)
		return 2;

	static const char query[] = "SELECT group_concat(value, ',') FROM "
				    "(SELECT value FROM rows ORDER BY id)";
	char rows[32] = "", want[32];
	if (sqlite3_exec(setup, query, row_values, rows, &err) != SQLITE_OK) {
		fprintf(stderr, "deadlock_sqlite: cannot read the rows: %s\n", err);
		return 2;
	}
	snprintf(want, sizeof want, "%d,%d", committed, committed);
	int consistent = !strcmp(rows, want);
	if (!consistent)
		printf("inconsistent: rows %s after %d commits\n", rows, committed);
	else if (error)
		printf("error: %s\n", error);
	else
		printf("committed=%d\n", committed);

	for (int i = 0; i < 2; i++)
		sqlite3_close(txns[i].db);
	sqlite3_close(setup);
	return consistent && !error ? 0 : 1;
}
