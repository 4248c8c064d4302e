/* sql_pq.c - PostgreSQL statements sent through libpq are scheduling points.
 *
 * Every statement a target thread sends (PQexec, PQexecParams, PQprepare,
 * PQexecPrepared, and PQsendQuery and the other PQsend* functions) stops
 * first at a SHUFFLE_OP_SQL point on its connection, labelled with a short
 * form of its SQL text. Once picked, it runs as one step: the other threads
 * wait until its result is in, so what the server sees is exactly the order
 * the schedule chose.
 *
 * Unless the statement waits in the server for a lock another transaction
 * holds. It is then sent asynchronously and watched: when no result comes
 * within a moment, a side connection asks the server whether this backend
 * waits for a backend of this process (pg_blocking_pids). If it does, the
 * thread leaves the scheduler (shuffle_sched_leave, op SHUFFLE_OP_SQL_WAIT):
 * it is not enabled, the others run, and every later decision asks the side
 * connection again. Once the server lets it go, the others wait for its
 * result and it competes again, as a SHUFFLE_OP_SQL_WAIT step. Nothing here
 * guesses with a timeout: a statement that is merely slow is waited for, and
 * "blocked" is the server's own answer. A deadlock among transactions is the
 * server's to find; its error reaches the program as it would in production.
 *
 * Invariants:
 *  - Only the token holder uses the side connection (still_blocked runs in
 *    the holder), and nothing but the thread that owns a target connection
 *    ever touches it: the side connection asks by backend pid.
 *  - While a wrapper does libpq's work, in_runtime is set, so the reads,
 *    polls and locks inside libpq are not points of their own, and libpq's
 *    internal calls to the functions wrapped here go straight through.
 *  - The synchronous calls are redone as PQsend* plus the loop of libpq's
 *    PQexecFinish only on a connection that is idle, in blocking mode and
 *    out of pipeline mode; any other state goes to the real call as is
 *    (still a point, but a lock wait there is not seen).
 *  - libpq is looked up at run time (interpose.def): libshuffle.so does not
 *    depend on it. Its header gives only types and constants.
 */
#include "interpose.h"

#ifdef SHUFFLE_HAVE_LIBPQ

#include "scheduler.h"
#include "sql_text.h"

#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* How long a statement runs before the server is first asked whether it
 * waits for a lock, then twice as long each time, up to MAX_WATCH_MS.
 * Most statements end sooner, and pay nothing. The first look is not a
 * guess (the answer comes from the server's lock table) but it spaces two
 * waits apart: when two transactions deadlock, the server's detector runs
 * deadlock_timeout after each started to wait, and the one that started
 * first must be checked first even on a busy machine, for a run to replay. */
#define FIRST_LOOK_MS 10
#define MAX_WATCH_MS  80

/* --- which backends belong to this process ------------------------------- */

/* Backend pids of every connection a controlled statement went through: a
 * wait counts as deterministic only when one of them holds the lock. Kept by
 * the token holder only. */
#define MAX_BACKENDS 256
static int backends[MAX_BACKENDS];
static unsigned n_backends;

static void note_backend(const PGconn *conn)
{
	int pid = REAL(PQbackendPID)(conn);
	if (pid <= 0)
		return;
	for (unsigned i = 0; i < n_backends; i++)
		if (backends[i] == pid)
			return;
	if (n_backends < MAX_BACKENDS)
		backends[n_backends++] = pid;
}

static int ours(long pid)
{
	for (unsigned i = 0; i < n_backends; i++)
		if (backends[i] == pid)
			return 1;
	return 0;
}

/* --- the side connection ------------------------------------------------ */

static PGconn *side;
static int side_failed;

static void say(const char *a, const char *b)
{
	syscall(SYS_write, 2, a, strlen(a));
	syscall(SYS_write, 2, b, strlen(b));
}

/* Opened once, the first time a statement is slow, with the parameters of
 * that statement's connection (so the same server, user and database). */
static PGconn *side_connection(PGconn *like)
{
	if (side || side_failed)
		return side;
	enum { MAX_PARAMS = 64 };
	const char *keys[MAX_PARAMS + 2], *values[MAX_PARAMS + 2];
	int n = 0;
	PQconninfoOption *opts = REAL(PQconninfo)(like);
	for (PQconninfoOption *o = opts; o && o->keyword && n < MAX_PARAMS; o++) {
		if (!o->val || !*o->val || !strcmp(o->keyword, "application_name") ||
		    !strcmp(o->keyword, "replication"))
			continue;
		keys[n] = o->keyword;
		values[n++] = o->val;
	}
	keys[n] = "application_name";
	values[n++] = "shuffle-run lock monitor";
	keys[n] = NULL;
	values[n] = NULL;
	PGconn *c = REAL(PQconnectdbParams)(keys, values, 0);
	REAL(PQconninfoFree)(opts);
	if (!c || REAL(PQstatus)(c) != CONNECTION_OK) {
		say("libshuffle: no side connection to PostgreSQL, so lock waits cannot be seen "
		    "(a statement blocked by another thread's transaction will hang the run): ",
		    c ? REAL(PQerrorMessage)(c) : "out of memory\n");
		REAL(PQfinish)(c);
		side_failed = 1;
		return NULL;
	}
	side = c;
	return side;
}

/* Does backend `pid` wait for a lock held by a backend of this process? */
static int blocked_by_us(int pid)
{
	if (!side || pid <= 0)
		return 0;
	char sql[64];
	snprintf(sql, sizeof sql, "SELECT pg_blocking_pids(%d)", pid);
	PGresult *r = REAL(PQexec)(side, sql);
	int blocked = 0;
	if (REAL(PQresultStatus)(r) == PGRES_TUPLES_OK && REAL(PQntuples)(r) == 1) {
		/* An int[] in text form: "{}" or "{123,456}". */
		const char *p = REAL(PQgetvalue)(r, 0, 0);
		while (p && *p && !blocked) {
			char *end;
			long other = strtol(p, &end, 10);
			if (end == p) {
				p++;
				continue;
			}
			blocked = ours(other);
			p = end;
		}
	}
	REAL(PQclear)(r);
	return blocked;
}

/* still_blocked of a thread away in a statement: its backend's pid, kept
 * here for the whole wait (the thread's own PGconn is not for us to touch). */
static int waiting_pid[SHUFFLE_MAX_THREADS];

static int still_blocked(void *ctx)
{
	return blocked_by_us(*(const int *)ctx);
}

/* --- waiting for a result ----------------------------------------------- */

/* Wait until PQgetResult(conn) would not block. A wait on a lock held by
 * another transaction of this process leaves the scheduler: returns 1, and
 * the caller, once its results are in, calls shuffle_sched_return. Returns 0
 * holding the token. in_runtime is set on entry and on return. */
static int await_result(struct shuffle_thread *me, PGconn *conn)
{
	int wait_ms = FIRST_LOOK_MS;
	for (;;) {
		if (!REAL(PQconsumeInput)(conn) || !REAL(PQisBusy)(conn))
			return 0; /* a result, or a broken connection PQgetResult reports */
		struct pollfd p = { .fd = REAL(PQsocket)(conn), .events = POLLIN };
		if (REAL(poll)(&p, 1, wait_ms) != 0)
			continue;
		if (wait_ms < MAX_WATCH_MS)
			wait_ms *= 2;
		int pid = REAL(PQbackendPID)(conn);
		if (!side_connection(conn) || !blocked_by_us(pid))
			continue; /* working, or waiting on something outside: just wait */
		waiting_pid[me->tid] = pid;
		if (shuffle_sched_leave(me, SHUFFLE_OP_SQL_WAIT, (uintptr_t)conn, still_blocked,
					&waiting_pid[me->tid]))
			return 1;
		/* No other thread can run now: keep the token and look again
		 * later, when one may (a thread back from its own wait). */
		me->in_runtime = 1;
	}
}

static void back(struct shuffle_thread *me)
{
	shuffle_sched_return(me);
	me->in_runtime = 1;
}

/* Every result of the statement just sent, the last one kept: libpq's
 * PQexecFinish, with the wait made visible. */
static PGresult *finish(struct shuffle_thread *me, PGconn *conn)
{
	PGresult *last = NULL, *r;
	int away = 0;
	for (;;) {
		if (!away)
			away = await_result(me, conn);
		r = REAL(PQgetResult)(conn);
		if (!r)
			break;
		REAL(PQclear)(last);
		last = r;
		ExecStatusType st = REAL(PQresultStatus)(r);
		if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH ||
		    REAL(PQstatus)(conn) == CONNECTION_BAD)
			break;
	}
	if (away)
		back(me);
	return last;
}

/* Can this connection's results be waited for here? Not in nonblocking
 * mode (the program flushes) nor in pipeline mode (nothing may be sent yet). */
static int waitable(const PGconn *conn)
{
	if (!conn || REAL(PQisnonblocking)(conn))
		return 0;
	shuffle_real_PQpipelineStatus_t pipeline = REAL_OPT(PQpipelineStatus);
	return !pipeline || pipeline(conn) == PQ_PIPELINE_OFF;
}

/* Can a synchronous call be redone as send + finish with the same effect?
 * Only when no earlier result is pending (PQexecStart would discard it). */
static int plain(const PGconn *conn)
{
	if (!waitable(conn))
		return 0;
	PGTransactionStatusType ts = REAL(PQtransactionStatus)(conn);
	return ts != PQTRANS_ACTIVE && ts != PQTRANS_UNKNOWN;
}

/* After PQsend*: wait until the statement has a result or waits on one of
 * our transactions, so that it does not run in the server beside the
 * statements of the threads that run next. Never leaves: the program may
 * have more to do before it asks for the result (PQgetResult does that). */
static void settle(PGconn *conn)
{
	int wait_ms = FIRST_LOOK_MS;
	while (REAL(PQconsumeInput)(conn) && REAL(PQisBusy)(conn)) {
		struct pollfd p = { .fd = REAL(PQsocket)(conn), .events = POLLIN };
		if (REAL(poll)(&p, 1, wait_ms) != 0)
			continue;
		if (wait_ms < MAX_WATCH_MS)
			wait_ms *= 2;
		if (side_connection(conn) && blocked_by_us(REAL(PQbackendPID)(conn)))
			return;
	}
}

/* --- statement labels ---------------------------------------------------- */

/* Prepared statements by (connection, name), so that PQexecPrepared can be
 * labelled with the text PQprepare gave. Kept by the token holder only. */
#define MAX_PREPARED 256
static struct prepared {
	const PGconn *conn;
	uint64_t name_hash;
	char note[SHUFFLE_NOTE_LEN];
} prepared[MAX_PREPARED];
static unsigned n_prepared;

static void remember_prepared(const PGconn *conn, const char *name, const char *note)
{
	uint64_t h = shuffle_text_hash(name);
	unsigned i = 0;
	while (i < n_prepared && !(prepared[i].conn == conn && prepared[i].name_hash == h))
		i++;
	if (i == n_prepared) {
		if (n_prepared == MAX_PREPARED)
			i = h % MAX_PREPARED; /* full: forget an older one */
		else
			n_prepared++;
	}
	prepared[i].conn = conn;
	prepared[i].name_hash = h;
	memcpy(prepared[i].note, note, SHUFFLE_NOTE_LEN);
}

static void prepared_note(char note[SHUFFLE_NOTE_LEN], const PGconn *conn, const char *name)
{
	uint64_t h = shuffle_text_hash(name);
	for (unsigned i = 0; i < n_prepared; i++)
		if (prepared[i].conn == conn && prepared[i].name_hash == h) {
			memcpy(note, prepared[i].note, SHUFFLE_NOTE_LEN);
			return;
		}
	char text[SHUFFLE_NOTE_LEN + 16];
	snprintf(text, sizeof text, "EXECUTE %s", name && *name ? name : "\"\"");
	shuffle_sql_short(note, text);
}

/* --- the wrappers -------------------------------------------------------- */

void shuffle_pq_enter(struct shuffle_thread *me)
{
	me->in_runtime = 1;
}

void shuffle_pq_leave(struct shuffle_thread *me)
{
	me->in_runtime = 0;
}

/* The point before a statement (`sql`, when its text is at hand); on
 * return the caller holds the token with in_runtime set, and ends with
 * shuffle_pq_leave(). A statement that only opens a transaction needs no
 * decision (sql_text.h): it runs in the thread's current step. */
static void statement(struct shuffle_thread *me, PGconn *conn, const char *note, const char *sql)
{
	if (!shuffle_sql_only_begins(sql))
		shuffle_sched_point(me, SHUFFLE_OP_SQL, (uintptr_t)conn, note);
	me->in_runtime = 1;
	note_backend(conn);
}

PGresult *shuffle_wrap_PQexec(struct shuffle_thread *me, PGconn *conn, const char *query)
{
	char note[SHUFFLE_NOTE_LEN];
	shuffle_sql_short(note, query);
	statement(me, conn, note, query);
	PGresult *r;
	if (plain(conn))
		r = REAL(PQsendQuery)(conn, query) ? finish(me, conn) : NULL;
	else
		r = REAL(PQexec)(conn, query);
	shuffle_pq_leave(me);
	return r;
}

PGresult *shuffle_wrap_PQexecParams(struct shuffle_thread *me, PGconn *conn, const char *command,
				    int n, const Oid *types, const char *const *values,
				    const int *lengths, const int *formats, int result_format)
{
	char note[SHUFFLE_NOTE_LEN];
	shuffle_sql_short(note, command);
	statement(me, conn, note, command);
	PGresult *r;
	if (plain(conn))
		r = REAL(PQsendQueryParams)(conn, command, n, types, values, lengths, formats,
					    result_format)
			    ? finish(me, conn)
			    : NULL;
	else
		r = REAL(PQexecParams)(conn, command, n, types, values, lengths, formats,
				       result_format);
	shuffle_pq_leave(me);
	return r;
}

PGresult *shuffle_wrap_PQprepare(struct shuffle_thread *me, PGconn *conn, const char *name,
				 const char *query, int n, const Oid *types)
{
	char note[SHUFFLE_NOTE_LEN];
	shuffle_sql_short(note, query);
	remember_prepared(conn, name, note);
	statement(me, conn, note, NULL);
	PGresult *r;
	if (plain(conn))
		r = REAL(PQsendPrepare)(conn, name, query, n, types) ? finish(me, conn) : NULL;
	else
		r = REAL(PQprepare)(conn, name, query, n, types);
	shuffle_pq_leave(me);
	return r;
}

PGresult *shuffle_wrap_PQexecPrepared(struct shuffle_thread *me, PGconn *conn, const char *name,
				      int n, const char *const *values, const int *lengths,
				      const int *formats, int result_format)
{
	char note[SHUFFLE_NOTE_LEN];
	prepared_note(note, conn, name);
	statement(me, conn, note, NULL);
	PGresult *r;
	if (plain(conn))
		r = REAL(PQsendQueryPrepared)(conn, name, n, values, lengths, formats,
					      result_format)
			    ? finish(me, conn)
			    : NULL;
	else
		r = REAL(PQexecPrepared)(conn, name, n, values, lengths, formats, result_format);
	shuffle_pq_leave(me);
	return r;
}

/* The asynchronous senders: a point, the send, then settle() where a
 * result can be waited for. */
static int sent(struct shuffle_thread *me, PGconn *conn, int ok)
{
	if (ok && waitable(conn))
		settle(conn);
	shuffle_pq_leave(me);
	return ok;
}

int shuffle_wrap_PQsendQuery(struct shuffle_thread *me, PGconn *conn, const char *query)
{
	char note[SHUFFLE_NOTE_LEN];
	shuffle_sql_short(note, query);
	statement(me, conn, note, query);
	return sent(me, conn, REAL(PQsendQuery)(conn, query));
}

int shuffle_wrap_PQsendQueryParams(struct shuffle_thread *me, PGconn *conn, const char *command,
				   int n, const Oid *types, const char *const *values,
				   const int *lengths, const int *formats, int result_format)
{
	char note[SHUFFLE_NOTE_LEN];
	shuffle_sql_short(note, command);
	statement(me, conn, note, command);
	return sent(me, conn,
		    REAL(PQsendQueryParams)(conn, command, n, types, values, lengths, formats,
					    result_format));
}

int shuffle_wrap_PQsendPrepare(struct shuffle_thread *me, PGconn *conn, const char *name,
			       const char *query, int n, const Oid *types)
{
	char note[SHUFFLE_NOTE_LEN];
	shuffle_sql_short(note, query);
	remember_prepared(conn, name, note);
	statement(me, conn, note, NULL);
	return sent(me, conn, REAL(PQsendPrepare)(conn, name, query, n, types));
}

int shuffle_wrap_PQsendQueryPrepared(struct shuffle_thread *me, PGconn *conn, const char *name,
				     int n, const char *const *values, const int *lengths,
				     const int *formats, int result_format)
{
	char note[SHUFFLE_NOTE_LEN];
	prepared_note(note, conn, name);
	statement(me, conn, note, NULL);
	return sent(
		me, conn,
		REAL(PQsendQueryPrepared)(conn, name, n, values, lengths, formats, result_format));
}

/* Not a point (the statement's was at its PQsend*), but where a program
 * using the asynchronous calls waits for a result: a lock wait there
 * leaves the scheduler as in finish(). */
PGresult *shuffle_wrap_PQgetResult(struct shuffle_thread *me, PGconn *conn)
{
	me->in_runtime = 1;
	int away = waitable(conn) && await_result(me, conn);
	PGresult *r = REAL(PQgetResult)(conn);
	if (away)
		back(me);
	shuffle_pq_leave(me);
	return r;
}

/* --- the rest of libpq's traffic: one step, no point --------------------- */

/* Connecting, describing, reading input: the server round trips inside are
 * part of the calling thread's step, not reads and polls of their own. */
#else

/* Built without libpq's header: no PostgreSQL wrappers (ISO C wants
 * something in a translation unit). */
typedef int shuffle_sql_pq_absent;

#endif
