/* lost_update_pq.c - the lost update, in PostgreSQL: two transactions each
 * read a counter and write it back plus one.
 *
 *   lost_update_pq [ISOLATION [CONNINFO]]
 *
 * ISOLATION is read-committed (the default), repeatable-read, serializable,
 * or for-update (read committed, the read taking a row lock). CONNINFO is a
 * libpq connection string; empty (the default) means libpq's environment
 * (PGHOST, PGPORT, PGDATABASE, PGUSER...).
 *
 * Threads A and B each run one transaction of two statements, the second
 * writing what the first read, plus one:
 *
 *   BEGIN ISOLATION LEVEL ...; SELECT value FROM lost_update_counter WHERE id = 1
 *   UPDATE lost_update_counter SET value = <read + 1> WHERE id = 1; COMMIT
 *
 * Prints one line: "counter=N", followed by ", error: MESSAGE" when a
 * transaction failed (it then rolls back). Exits 1 when the counter is
 * not the number of transactions that committed (an update was lost), 2
 * when it cannot set up.
 */
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pq_setup.h"
#include "two_txns.h"

struct txn {
	struct txn_outcome out; /* first: run_two_txns() reads it */
	PGconn *conn;
	const char *level;
	const char *lock;
};

/* Did r come back with `want`? If not, keep the server's message. */
static int ok(PGresult *r, ExecStatusType want, struct txn *t)
{
	if (PQresultStatus(r) == want)
		return 1;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	snprintf(t->out.error, sizeof t->out.error, "%s", msg ? msg : PQerrorMessage(t->conn));
	PQclear(r);
	PQclear(PQexec(t->conn, "ROLLBACK"));
	return 0;
}

static void *increment(void *arg)
{
	struct txn *t = arg;
	char sql[200];
	snprintf(sql, sizeof sql,
		 "BEGIN ISOLATION LEVEL %s; SELECT value FROM lost_update_counter WHERE id = 1%s",
		 t->level, t->lock);
	PGresult *r = PQexec(t->conn, sql);
	if (!ok(r, PGRES_TUPLES_OK, t))
		return NULL;
	int value = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);

	snprintf(sql, sizeof sql, "UPDATE lost_update_counter SET value = %d WHERE id = 1; COMMIT",
		 value + 1);
	r = PQexec(t->conn, sql);
	if (!ok(r, PGRES_COMMAND_OK, t))
		return NULL;
	PQclear(r);
	t->out.committed = 1;
	return NULL;
}

int main(int argc, char **argv)
{
	const char *isolation = argc > 1 ? argv[1] : "read-committed";
	const char *conninfo = argc > 2 ? argv[2] : "";
	const char *level = "READ COMMITTED", *lock = "";
	if (!strcmp(isolation, "repeatable-read")) {
		level = "REPEATABLE READ";
	} else if (!strcmp(isolation, "serializable")) {
		level = "SERIALIZABLE";
	} else if (!strcmp(isolation, "for-update")) {
		lock = " FOR UPDATE";
	} else if (strcmp(isolation, "read-committed") != 0) {
		fprintf(stderr,
			"usage: lost_update_pq [read-committed|repeatable-read|serializable|"
			"for-update [CONNINFO]]\n");
		return 2;
	}

	PGconn *setup = pq_connect("lost_update_pq", conninfo);
	PGresult *r = PQexec(setup, "CREATE TABLE IF NOT EXISTS lost_update_counter "
				    "(id int PRIMARY KEY, value int NOT NULL); "
				    "INSERT INTO lost_update_counter VALUES (1, 0) "
				    "ON CONFLICT (id) DO UPDATE SET value = 0");
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		pq_fail("lost_update_pq", setup, "cannot create the counter");
	PQclear(r);

	struct txn txns[2];
	for (int i = 0; i < 2; i++)
		txns[i] = (struct txn){ .conn = pq_connect("lost_update_pq", conninfo),
					.level = level,
					.lock = lock };
	const char *error;
	int committed =
		run_two_txns("lost_update_pq", increment, &txns[0].out, &txns[1].out, &error);
	if (committed < 0)
		return 2;

	r = PQexec(setup, "SELECT value FROM lost_update_counter WHERE id = 1");
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		pq_fail("lost_update_pq", setup, "cannot read the counter");
	int counter = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (error)
		printf("counter=%d, error: %s\n", counter, error);
	else
		printf("counter=%d\n", counter);

	for (int i = 0; i < 2; i++)
		PQfinish(txns[i].conn);
	PQfinish(setup);
	return counter == committed ? 0 : 1;
}
