/* lost_update_sqlite.c - the lost update, in SQLite: two connections to one
 * database file each read a counter and write it back plus one.
 *
 *   lost_update_sqlite [MODE [DBPATH]]
 *
 * MODE says how each read-and-write is wrapped: autocommit (the default:
 * no transaction, each statement commits alone), deferred (BEGIN DEFERRED
 * ... COMMIT) or immediate (BEGIN IMMEDIATE ... COMMIT, which takes the
 * write lock at once). DBPATH is the database file (default
 * lost_update.sqlite, in the current directory); both connections wait up
 * to 5 s for a lock (sqlite3_busy_timeout).
 *
 * Threads A and B each run, with prepared statements,
 *
 *   [BEGIN ...]
 *   SELECT value FROM counter WHERE id = 1
 *   UPDATE counter SET value = ?1 WHERE id = 1      (what it read, plus one)
 *   [COMMIT]
 *
 * Prints one line: "counter=N", followed by ", error: MESSAGE" when a
 * transaction failed (it then rolls back). Exits 1 when the counter is not
 * the number of transactions that committed (an update was lost), 2 when
 * it cannot set up.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "two_txns.h"

#define BUSY_TIMEOUT_MS 5000

struct txn {
	struct txn_outcome out; /* first: run_two_txns() reads it */
	sqlite3 *db;
	const char *begin; /* NULL: autocommit */
};

static sqlite3 *open_db(const char *path)
{
	sqlite3 *db = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		fprintf(stderr, "lost_update_sqlite: cannot open %s: %s\n", path,
			db ? sqlite3_errmsg(db) : "no memory");
		exit(2);
	}
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	return db;
}

/* Keep the first error, and end the transaction it broke. */
static void *failed(struct txn *t)
{
	snprintf(t->out.error, sizeof t->out.error, "%s", sqlite3_errmsg(t->db));
	if (t->begin)
		sqlite3_exec(t->db, "ROLLBACK", NULL, NULL, NULL);
	return NULL;
}

/* One statement, run to its end; the first column of its last row, if any,
 * in *value. */
static int run(struct txn *t, const char *sql, int bind, int *value)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(t->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return 0;
	if (bind >= 0)
		sqlite3_bind_int(stmt, 1, bind);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (value)
			*value = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

static void *increment(void *arg)
{
	struct txn *t = arg;
	int value = 0;
	if (t->begin && sqlite3_exec(t->db, t->begin, NULL, NULL, NULL) != SQLITE_OK)
		return failed(t);
	if (!run(t, "SELECT value FROM counter WHERE id = 1", -1, &value))
		return failed(t);
	if (!run(t, "UPDATE counter SET value = ?1 WHERE id = 1", value + 1, NULL))
		return failed(t);
	if (t->begin && sqlite3_exec(t->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return failed(t);
	t->out.committed = 1;
	return NULL;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "autocommit";
	const char *path = argc > 2 ? argv[2] : "lost_update.sqlite";
	const char *begin;
	if (!strcmp(mode, "autocommit")) {
		begin = NULL;
	} else if (!strcmp(mode, "deferred")) {
		begin = "BEGIN DEFERRED";
	} else if (!strcmp(mode, "immediate")) {
		begin = "BEGIN IMMEDIATE";
	} else {
		fprintf(stderr,
			"usage: lost_update_sqlite [autocommit|deferred|immediate [DBPATH]]\n");
		return 2;
	}

	sqlite3 *setup = open_db(path);
	char *err = NULL;
	if (sqlite3_exec(setup,
			 "CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, "
			 "value INTEGER NOT NULL); INSERT OR REPLACE INTO counter VALUES (1, 0)",
			 NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "lost_update_sqlite: cannot create the counter: %s\n", err);
		return 2;
	}

	struct txn txns[2];
	for (int i = 0; i < 2; i++)
		txns[i] = (struct txn){ .db = open_db(path), .begin = begin };
	const char *error;
	int committed =
		run_two_txns("lost_update_sqlite", increment, &txns[0].out, &txns[1].out, &error);
	if (committed < 0)
		return 2;

	struct txn reader = { .db = setup };
	int counter = -1;
	if (!run(&reader, "SELECT value FROM counter WHERE id = 1", -1, &counter)) {
		fprintf(stderr, "lost_update_sqlite: cannot read the counter: %s\n",
			sqlite3_errmsg(setup));
		return 2;
	}
	if (error)
		printf("counter=%d, error: %s\n", counter, error);
	else
		printf("counter=%d\n", counter);

	for (int i = 0; i < 2; i++)
		sqlite3_close(txns[i].db);
	sqlite3_close(setup);
	return counter == committed ? 0 : 1;
}
