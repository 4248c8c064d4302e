/* deadlock_mariadb.c - two MariaDB (InnoDB) transactions update rows 1
 * then 2, and 2 then 1: in some orders each waits for the other's row
 * lock, and InnoDB breaks the deadlock at once by failing one of them.
 *
 *   deadlock_mariadb [ISOLATION [DATABASE]]
 *
 * ISOLATION is read-committed, repeatable-read (the default) or
 * serializable; DATABASE (default shuffle_examples) is created if missing.
 * The server is found through libmariadb's environment (MYSQL_UNIX_PORT...).
 *
 * Thread A runs
 *
 *   START TRANSACTION
 *   UPDATE deadlock_rows SET value = value + 1 WHERE id = 1
 *   UPDATE deadlock_rows SET value = value + 1 WHERE id = 2
 *   COMMIT                                          (mysql_commit)
 *
 * and thread B the same with rows 2 and 1. Prints one line: "committed=2"
 * when both committed, else "error: MESSAGE" (InnoDB's: "Deadlock found
 * when trying to get lock; try restarting transaction") with exit status
 * 1. Both rows must end equal to the number of transactions that
 * committed; otherwise it says "inconsistent: ..." and exits 1. Exit 2:
 * cannot set up.
 */
#include <mysql.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mariadb_setup.h"
#include "two_txns.h"

struct txn {
	struct txn_outcome out; /* first: run_two_txns() reads it */
	MYSQL *conn;
	int first, second; /* rows, in the order this transaction updates them */
};

static int ok(struct txn *t, const char *sql)
{
	if (mysql_query(t->conn, sql) == 0)
		return 1;
	snprintf(t->out.error, sizeof t->out.error, "%s", mysql_error(t->conn));
	mysql_rollback(t->conn);
	return 0;
}

static const char bump[] = "UPDATE deadlock_rows SET value = value + 1 WHERE id =";

static void *transfer(void *arg)
{
	struct txn *t = arg;
	char sql[200];
	if (!ok(t, "START TRANSACTION"))
		return NULL;
	snprintf(sql, sizeof sql, "%s %d", bump, t->first);
	if (!ok(t, sql))
		return NULL;
	snprintf(sql, sizeof sql, "%s %d", bump, t->second);
	if (!ok(t, sql))
		return NULL;
	if (mysql_commit(t->conn)) {
		snprintf(t->out.error, sizeof t->out.error, "%s", mysql_error(t->conn));
		return NULL;
	}
	t->out.committed = 1;
	return NULL;
}

int main(int argc, char **argv)
{
	const char *isolation = argc > 1 ? argv[1] : "repeatable-read";
	const char *db = argc > 2 ? argv[2] : "shuffle_examples";
	const char *level;
	if (!strcmp(isolation, "read-committed")) {
		level = "READ COMMITTED";
	} else if (!strcmp(isolation, "repeatable-read")) {
		level = "REPEATABLE READ";
	} else if (!strcmp(isolation, "serializable")) {
		level = "SERIALIZABLE";
	} else {
		fprintf(stderr, "usage: deadlock_mariadb [read-committed|repeatable-read|"
				"serializable [DATABASE]]\n");
		return 2;
	}

	mdb_create_db("deadlock_mariadb", db);
	MYSQL *setup = mdb_connect("deadlock_mariadb", db, NULL);
	if (mysql_query(setup, "CREATE TABLE IF NOT EXISTS deadlock_rows "
			       "(id int PRIMARY KEY, value int NOT NULL) ENGINE=InnoDB") ||
	    mysql_query(setup, "REPLACE INTO deadlock_rows VALUES (1, 0), (2, 0)"))
		mdb_fail("deadlock_mariadb", setup, "cannot create the rows");

	struct txn txns[2] = {
		{ .conn = mdb_connect("deadlock_mariadb", db, level), .first = 1, .second = 2 },
		{ .conn = mdb_connect("deadlock_mariadb", db, level), .first = 2, .second = 1 },
	};
	const char *error;
	int committed =
		run_two_txns("deadlock_mariadb", transfer, &txns[0].out, &txns[1].out, &error);
	if (committed < 0)
		return 2;

	MYSQL_RES *res = NULL;
	MYSQL_ROW row = NULL;
	if (mysql_query(setup, "SELECT GROUP_CONCAT(value ORDER BY id) FROM deadlock_rows") ||
	    !(res = mysql_store_result(setup)) || !(row = mysql_fetch_row(res)))
		mdb_fail("deadlock_mariadb", setup, "cannot read the rows");
	char want[32];
	snprintf(want, sizeof want, "%d,%d", committed, committed);
	int consistent = row[0] && !strcmp(row[0], want);
	if (!consistent)
		printf("inconsistent: rows %s after %d commits\n", row[0] ? row[0] : "NULL",
		       committed);
	else if (error)
		printf("error: %s\n", error);
	else
		printf("committed=%d\n", committed);
	mysql_free_result(res);

	for (int i = 0; i < 2; i++)
		mysql_close(txns[i].conn);
	mysql_close(setup);
	return consistent && !error ? 0 : 1;
}
