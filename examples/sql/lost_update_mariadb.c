/* lost_update_mariadb.c - the lost update, in MariaDB (InnoDB): two
 * transactions each read a counter and write it back plus one.
 *
 *   lost_update_mariadb [ISOLATION [DATABASE]]
 *
 * ISOLATION is read-committed, repeatable-read (the default, InnoDB's),
 * serializable, or for-update (repeatable read, the read taking a row
 * lock). DATABASE (default shuffle_examples) is created if missing. The
 * server is found through libmariadb's environment (MYSQL_UNIX_PORT...).
 *
 * Threads A and B each run one transaction:
 *
 *   START TRANSACTION
 *   SELECT value FROM lost_update_counter WHERE id = ?   (prepared, id 1)
 *   UPDATE lost_update_counter SET value = <read + 1> WHERE id = 1
 *   COMMIT                                          (mysql_commit)
 *
 * InnoDB's REPEATABLE READ does not stop this race: the UPDATE writes what
 * the snapshot read, over a newer committed value.
 *
 * Prints one line: "counter=N", followed by ", error: MESSAGE" when a
 * transaction failed (it then rolls back). Exits 1 when the counter is
 * not the number of transactions that committed (an update was lost), 2
 * when it cannot set up.
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
	const char *lock;
};

/* The transaction failed: keep the server's message and roll back. */
static void *failed(struct txn *t)
{
	snprintf(t->out.error, sizeof t->out.error, "%s", mysql_error(t->conn));
	mysql_rollback(t->conn);
	return NULL;
}

/* The counter's value, read with a prepared statement; -1 on error (the
 * message is then the connection's). */
static int read_counter(struct txn *t)
{
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT value FROM lost_update_counter WHERE id = ?%s", t->lock);
	MYSQL_STMT *stmt = mysql_stmt_init(t->conn);
	int id = 1, value = -1;
	MYSQL_BIND param = { .buffer_type = MYSQL_TYPE_LONG, .buffer = &id };
	MYSQL_BIND result = { .buffer_type = MYSQL_TYPE_LONG, .buffer = &value };
	int ok = stmt && !mysql_stmt_prepare(stmt, sql, strlen(sql)) &&
		 !mysql_stmt_bind_param(stmt, &param) && !mysql_stmt_execute(stmt) &&
		 !mysql_stmt_bind_result(stmt, &result) && !mysql_stmt_store_result(stmt) &&
		 mysql_stmt_fetch(stmt) == 0;
	if (!ok && stmt) /* the statement's error, where the caller looks for it */
		snprintf(t->out.error, sizeof t->out.error, "%s", mysql_stmt_error(stmt));
	if (stmt)
		mysql_stmt_close(stmt);
	return ok ? value : -1;
}

static void *increment(void *arg)
{
	struct txn *t = arg;
	char sql[200];
	if (mysql_query(t->conn, "START TRANSACTION"))
		return failed(t);
	int value = read_counter(t);
	if (value < 0) {
		mysql_rollback(t->conn);
		return NULL;
	}

	snprintf(sql, sizeof sql, "UPDATE lost_update_counter SET value = %d WHERE id = 1",
		 value + 1);
	if (mysql_query(t->conn, sql) || mysql_commit(t->conn))
		return failed(t);
	t->out.committed = 1;
	return NULL;
}

int main(int argc, char **argv)
{
	const char *isolation = argc > 1 ? argv[1] : "repeatable-read";
	const char *db = argc > 2 ? argv[2] : "shuffle_examples";
	const char *level = "REPEATABLE READ", *lock = "";
	if (!strcmp(isolation, "read-committed")) {
		level = "READ COMMITTED";
	} else if (!strcmp(isolation, "serializable")) {
		level = "SERIALIZABLE";
	} else if (!strcmp(isolation, "for-update")) {
		lock = " FOR UPDATE";
	} else if (strcmp(isolation, "repeatable-read") != 0) {
		fprintf(stderr, "usage: lost_update_mariadb [read-committed|repeatable-read|"
				"serializable|for-update [DATABASE]]\n");
		return 2;
	}

	mdb_create_db("lost_update_mariadb", db);
	MYSQL *setup = mdb_connect("lost_update_mariadb", db, NULL);
	if (mysql_query(setup, "CREATE TABLE IF NOT EXISTS lost_update_counter "
			       "(id int PRIMARY KEY, value int NOT NULL) ENGINE=InnoDB") ||
	    mysql_query(setup, "REPLACE INTO lost_update_counter VALUES (1, 0)"))
		mdb_fail("lost_update_mariadb", setup, "cannot create the counter");

	struct txn txns[2];
	for (int i = 0; i < 2; i++)
		txns[i] = (struct txn){ .conn = mdb_connect("lost_update_mariadb", db, level),
					.lock = lock };
	const char *error;
	int committed =
		run_two_txns("lost_update_mariadb", increment, &txns[0].out, &txns[1].out, &error);
	if (committed < 0)
		return 2;

	MYSQL_RES *res = NULL;
	MYSQL_ROW row = NULL;
	if (mysql_query(setup, "SELECT value FROM lost_update_counter WHERE id = 1") ||
	    !(res = mysql_store_result(setup)) || !(row = mysql_fetch_row(res)))
		mdb_fail("lost_update_mariadb", setup, "cannot read the counter");
	int counter = atoi(row[0]);
	mysql_free_result(res);
	if (error)
		printf("counter=%d, error: %s\n", counter, error);
	else
		printf("counter=%d\n", counter);

	for (int i = 0; i < 2; i++)
		mysql_close(txns[i].conn);
	mysql_close(setup);
	return counter == committed ? 0 : 1;
}
