/* deadlock_pq.c - two PostgreSQL transactions update rows 1 then 2, and 2
 * then 1: in some orders each waits for the other's row lock, and the
 * server breaks the deadlock by failing one of them.
 *
 *   deadlock_pq [ISOLATION [CONNINFO]]
 *
 * ISOLATION is read-committed (the default), repeatable-read or
 * serializable; CONNINFO a libpq connection string (empty, the default:
 * libpq's environment, PGHOST, PGPORT...).
 *
 * Thread A runs, in two statements,
 *
 *   BEGIN ISOLATION LEVEL ...; UPDATE deadlock_rows SET value = value + 1 WHERE id = 1
 *   UPDATE deadlock_rows SET value = value + 1 WHERE id = 2; COMMIT
 *
 * and thread B the same with rows 2 and 1. Prints one line: "committed=2"
 * when both committed, else "error: MESSAGE" (PostgreSQL's: "deadlock
 * detected") with exit status 1. Both rows must end equal to the number of
 * transactions that committed; otherwise it says "inconsistent: ..." and
 * exits 1. Exit 2: cannot set up.
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
	int first, second; /* rows, in the order this transaction updates them */
};

static int ok(PGresult *r, struct txn *t)
{
	if (PQresultStatus(r) == PGRES_COMMAND_OK) {
		PQclear(r);
		return 1;
	}
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	snprintf(t->out.error, sizeof t->out.error, "%s", msg ? msg : PQerrorMessage(t->conn));
	PQclear(r);
	PQclear(PQexec(t->conn, "ROLLBACK"));
	return 0;
}

static const char bump[] = "UPDATE deadlock_rows SET value = value + 1 WHERE id =";

static void *transfer(void *arg)
{
	struct txn *t = arg;
	char sql[200];
	snprintf(sql, sizeof sql, "BEGIN ISOLATION LEVEL %s; %s %d", t->level, bump, t->first);
	if (!ok(PQexec(t->conn, sql), t))
		return NULL;
	snprintf(sql, sizeof sql, "%s %d; COMMIT", bump, t->second);
	if (!ok(PQexec(t->conn, sql), t))
		return NULL;
	t->out.committed = 1;
	return NULL;
}

int main(int argc, char **argv)
{
	const char *isolation = argc > 1 ? argv[1] : "read-committed";
	const char *conninfo = argc > 2 ? argv[2] : "";
	const char *level;
	if (!strcmp(isolation, "read-committed")) {
		level = "READ COMMITTED";
	} else if (!strcmp(isolation, "repeatable-read")) {
		level = "REPEATABLE READ";
	} else if (!strcmp(isolation, "serializable")) {
		level = "SERIALIZABLE";
	} else {
		fprintf(stderr, "usage: deadlock_pq [read-committed|repeatable-read|serializable "
				"[CONNINFO]]\n");
		return 2;
	}

	PGconn *setup = pq_connect("deadlock_pq", conninfo);
	PGresult *r = PQexec(setup, "CREATE TABLE IF NOT EXISTS deadlock_rows "
				    "(id int PRIMARY KEY, value int NOT NULL); "
				    "INSERT INTO deadlock_rows VALUES (1, 0), (2, 0) "
				    "ON CONFLICT (id) DO UPDATE SET value = 0");
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		pq_fail("deadlock_pq", setup, "cannot create the rows");
	PQclear(r);

	struct txn txns[2] = {
		{ .conn = pq_connect("deadlock_pq", conninfo),
		  .level = level,
		  .first = 1,
		  .second = 2 },
		{ .conn = pq_connect("deadlock_pq", conninfo),
		  .level = level,
		  .first = 2,
		  .second = 1 },
	};
	const char *error;
	int committed = run_two_txns("deadlock_pq", transfer, &txns[0].out, &txns[1].out, &error);
	if (committed < 0)
		return 2;

	r = PQexec(setup, "SELECT string_agg(value::text, ',' ORDER BY id) FROM deadlock_rows");
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		pq_fail("deadlock_pq", setup, "cannot read the rows");
	char want[32];
	snprintf(want, sizeof want, "%d,%d", committed, committed);
	int consistent = !strcmp(PQgetvalue(r, 0, 0), want);
	if (!consistent)
		printf("inconsistent: rows %s after %d commits\n", PQgetvalue(r, 0, 0), committed);
	else if (error)
		printf("error: %s\n", error);
	else
		printf("committed=%d\n", committed);
	PQclear(r);

	for (int i = 0; i < 2; i++)
		PQfinish(txns[i].conn);
	PQfinish(setup);
	return consistent && !error ? 0 : 1;
}
