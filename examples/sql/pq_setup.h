/* pq_setup.h - what the libpq examples share: connecting, failing setup
 * with the server's message, and keeping its notices off stderr. */
#ifndef PQ_SETUP_H
#define PQ_SETUP_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

/* Setup failed: say why and exit 2 (not a verdict of the race). */
static inline void pq_fail(const char *prog, PGconn *conn, const char *what)
{
	fprintf(stderr, "%s: %s: %s", prog, what, conn ? PQerrorMessage(conn) : "no memory\n");
	exit(2);
}

static inline void pq_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* "relation already exists, skipping" on every run after the first */
}

/* A connection whose notices are dropped; exits 2 when it cannot connect. */
static inline PGconn *pq_connect(const char *prog, const char *conninfo)
{
	PGconn *conn = PQconnectdb(conninfo);
	if (!conn || PQstatus(conn) != CONNECTION_OK)
		pq_fail(prog, conn, "cannot connect");
	PQsetNoticeProcessor(conn, pq_quiet, NULL);
	return conn;
}

#endif
