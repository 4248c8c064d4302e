/* sql_mariadb.c - MariaDB/MySQL statements sent through libmariadb are
 * scheduling points.
 *
 * Every statement a target thread sends (mysql_query, mysql_real_query,
 * mysql_send_query, mysql_stmt_execute, and mysql_commit, mysql_rollback,
 * mysql_autocommit) stops first at a SHUFFLE_OP_SQL point on its
 * connection, labelled with a short form of its SQL text (a prepared
 * statement: the text given to mysql_stmt_prepare). Once picked it runs as
 * one step: the others wait for its result, so the server sees exactly the
 * order the schedule chose.
 *
 * Unless it waits in the server for a row lock another transaction holds.
 * As with libpq (sql_pq.c), the wait is detected, not guessed: the statement
 * runs through libmariadb's own non-blocking API (mysql_*_start/_cont, which
 * the runtime turns on for the connection), and when its result takes more
 * than a moment a side connection asks InnoDB
 * (information_schema.INNODB_LOCK_WAITS) whether this connection's
 * transaction waits for one of a connection of this process. If it does,
 * the thread leaves the scheduler (SHUFFLE_OP_SQL_WAIT) until the server
 * lets it go, exactly as a libpq statement does. InnoDB finds deadlocks
 * itself, at once, and fails one transaction with its own error.
 *
 * Invariants:
 *  - Only the token holder uses the side connection; a target connection is
 *    touched only by the thread that runs its statement (the side
 *    connection asks by connection id).
 *  - While a wrapper does libmariadb's work, in_runtime is set: its reads,
 *    polls and internal calls to the functions wrapped here go straight
 *    through.
 *  - The non-blocking API is used only on a connection of libmariadb (not
 *    Oracle's libmysqlclient, whose MYSQL differs) that is idle and whose
 *    program did not turn it on itself; otherwise the real blocking call
 *    runs (still a point, but a lock wait there is not seen).
 *  - libmariadb is looked up at run time (interpose.def): libshuffle.so
 *    does not depend on it. Its header gives only types and constants.
 */
#include "interpose.h"

#ifdef SHUFFLE_HAVE_MARIADB

#include "export.h"
#include "scheduler.h"
#include "sql_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

/* As in sql_pq.c: how long a statement runs before the server is first
 * asked whether it waits for a lock, then twice as long, up to the max. */
#define FIRST_LOOK_MS 10
#define MAX_WATCH_MS  80

/* --- which connections belong to this process ----------------------------- */

/* Server-side ids of the connections a controlled statement went through.
 * Kept by the token holder only. */
#define MAX_CONNECTIONS 256
static unsigned long connections[MAX_CONNECTIONS];
static unsigned n_connections;

static void note_connection(MYSQL *m)
{
	unsigned long id = REAL(mysql_thread_id)(m);
	if (id == 0)
		return;
	for (unsigned i = 0; i < n_connections; i++)
		if (connections[i] == id)
			return;
	if (n_connections < MAX_CONNECTIONS)
		connections[n_connections++] = id;
}

static int ours(unsigned long id)
{
	for (unsigned i = 0; i < n_connections; i++)
		if (connections[i] == id)
			return 1;
	return 0;
}

/* --- the side connection -------------------------------------------------- */

static MYSQL *side;
static int side_failed;

static void say(const char *a, const char *b)
{
	syscall(SYS_write, 2, a, strlen(a));
	syscall(SYS_write, 2, b, strlen(b));
	syscall(SYS_write, 2, "\n", 1);
}

/* Opened once, the first time a statement is slow, to the server, as the
 * user, of that statement's connection. */
static MYSQL *side_connection(MYSQL *like)
{
	if (side || side_failed)
		return side;
	MYSQL *c = REAL(mysql_init)(NULL);
	if (c && REAL(mysql_real_connect)(c, like->host, like->user, like->passwd, NULL, like->port,
					  like->unix_socket, 0)) {
		side = c;
		return side;
	}
	say("libshuffle: no side connection to MariaDB, so lock waits cannot be seen (a statement "
	    "blocked by another thread's transaction will hang the run): ",
	    c ? REAL(mysql_error)(c) : "out of memory");
	if (c)
		REAL(mysql_close)(c);
	side_failed = 1;
	return NULL;
}

/* InnoDB fills its information_schema lock tables from a cache that it
 * refreshes only when nobody read it for 0.1 s (so that one query's joins
 * see one version): a question asked sooner would get an old answer. */
#define CACHE_IDLE_NS 110000000ull

static uint64_t monotonic_ns(void)
{
	struct timespec ts;
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* When the side connection last read the lock tables (token holder only). */
static uint64_t last_read;

/* Wait until the next read will refresh the cache. */
static void await_fresh_cache(void)
{
	uint64_t now = monotonic_ns();
	if (!last_read || now - last_read >= CACHE_IDLE_NS)
		return;
	uint64_t ns = CACHE_IDLE_NS - (now - last_read);
	struct timespec ts = { (time_t)(ns / 1000000000u), (long)(ns % 1000000000u) };
	while (REAL(nanosleep)(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Does connection `id`'s transaction wait for a lock held by a transaction
 * of one of this process's connections? InnoDB's own lock table answers. */
static int blocked_by_us(unsigned long id)
{
	if (!side || id == 0)
		return 0;
	await_fresh_cache();
	char sql[400];
	snprintf(sql, sizeof sql,
		 "SELECT b.trx_mysql_thread_id FROM information_schema.INNODB_LOCK_WAITS w "
		 "JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id "
		 "JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id "
		 "WHERE r.trx_mysql_thread_id = %lu",
		 id);
	int failed = REAL(mysql_query)(side, sql) != 0;
	last_read = monotonic_ns();
	if (failed)
		return 0;
	MYSQL_RES *res = REAL(mysql_store_result)(side);
	int blocked = 0;
	MYSQL_ROW row;
	while (res && !blocked && (row = REAL(mysql_fetch_row)(res)))
		blocked = row[0] && ours(strtoul(row[0], NULL, 10));
	REAL(mysql_free_result)(res);
	return blocked;
}

/* still_blocked of a thread away in a statement: its connection's id, kept
 * here for the whole wait. */
static unsigned long waiting_id[SHUFFLE_MAX_THREADS];

static int still_blocked(void *ctx)
{
	return blocked_by_us(*(const unsigned long *)ctx);
}

/* --- running a call through the non-blocking API ---------------------------- */

/* Is the client library libmariadb, whose MYSQL layout and non-blocking
 * API this file knows? Oracle's libmysqlclient has the same blocking calls
 * (they are points) but neither. */
static int mariadb(void)
{
	return REAL_OPT(mysql_get_optionv) && REAL_OPT(mysql_get_socket) &&
	       REAL_OPT(mysql_get_timeout_value_ms) && REAL_OPT(mysql_real_query_start) &&
	       REAL_OPT(mysql_real_query_cont) && REAL_OPT(mysql_read_query_result_start) &&
	       REAL_OPT(mysql_read_query_result_cont) && REAL_OPT(mysql_next_result_start) &&
	       REAL_OPT(mysql_next_result_cont) && REAL_OPT(mysql_stmt_execute_start) &&
	       REAL_OPT(mysql_stmt_execute_cont);
}

/* Connections on which the runtime turned the non-blocking API on (the
 * program's own use of it is left alone). Kept by the token holder. */
static MYSQL *async_on[MAX_CONNECTIONS];

static MYSQL **async_slot(const MYSQL *m)
{
	for (unsigned i = 0; i < MAX_CONNECTIONS; i++)
		if (async_on[i] == m)
			return &async_on[i];
	return NULL;
}

/* May this call on `m` be run with mysql_*_start/_cont? Only on a
 * connection ready for a new command, with the non-blocking API either
 * ours or turned on now. */
static int watchable(MYSQL *m)
{
	if (!m || !mariadb() || m->status != MYSQL_STATUS_READY)
		return 0;
	if (async_slot(m))
		return 1;
	my_bool on = 0;
	if (REAL(mysql_get_optionv)(m, MYSQL_OPT_NONBLOCK, &on) != 0 || on)
		return 0; /* the program's own non-blocking use */
	MYSQL **free_slot = async_slot(NULL);
	if (!free_slot || REAL(mysql_options)(m, MYSQL_OPT_NONBLOCK, 0) != 0)
		return 0;
	*free_slot = m;
	return 1;
}

/* Wait until `m`'s socket is ready for what a _start or _cont call asked
 * (`status`, MYSQL_WAIT_*), and return what is ready, for the next _cont.
 * While it waits for a result, the server is asked now and then whether
 * the statement waits for a lock of ours: if so the thread leaves the
 * scheduler (*away set; the caller comes back once the call is done). */
static int wait_io(struct shuffle_thread *me, MYSQL *m, int status, int *away)
{
	struct pollfd p = { .fd = REAL(mysql_get_socket)(m) };
	if (status & MYSQL_WAIT_READ)
		p.events |= POLLIN;
	if (status & MYSQL_WAIT_WRITE)
		p.events |= POLLOUT;
	if (status & MYSQL_WAIT_EXCEPT)
		p.events |= POLLPRI;
	int limit = status & MYSQL_WAIT_TIMEOUT ? (int)REAL(mysql_get_timeout_value_ms)(m) : -1;
	int wait_ms = FIRST_LOOK_MS;
	for (;;) {
		int watch = !*away && (status & MYSQL_WAIT_READ);
		int ms = watch && (limit < 0 || limit > wait_ms) ? wait_ms : limit;
		int n = REAL(poll)(&p, 1, ms);
		if (n > 0) {
			int ready = 0;
			if (p.revents & (POLLIN | POLLHUP | POLLERR))
				ready |= MYSQL_WAIT_READ;
			if (p.revents & (POLLOUT | POLLHUP | POLLERR))
				ready |= MYSQL_WAIT_WRITE;
			if (p.revents & POLLPRI)
				ready |= MYSQL_WAIT_EXCEPT;
			return ready & status ? ready & status : status & ~MYSQL_WAIT_TIMEOUT;
		}
		if (n < 0 && errno != EINTR)
			return status & ~MYSQL_WAIT_TIMEOUT; /* the library sees the error */
		if (n < 0)
			continue;
		if (limit >= 0 && (limit -= ms) <= 0)
			return MYSQL_WAIT_TIMEOUT;
		if (!watch)
			continue;
		if (wait_ms < MAX_WATCH_MS)
			wait_ms *= 2;
		unsigned long id = REAL(mysql_thread_id)(m);
		if (!side_connection(m) || !blocked_by_us(id))
			continue; /* working, or waiting on something outside: just wait */
		waiting_id[me->tid] = id;
		if (shuffle_sched_leave(me, SHUFFLE_OP_SQL_WAIT, (uintptr_t)m, still_blocked,
					&waiting_id[me->tid]))
			*away = 1;
		/* Else no other thread can run now: keep the token, look again. */
		me->in_runtime = 1;
	}
}

/* Start `start`, then continue with cont_fn(&ret, handle, ready) until the
 * call on connection `m` is done, the socket waited for by wait_io; back in
 * the scheduler if it left. */
#define RUN_WATCHED(me, m, handle, start, cont_fn, ret)                                            \
	do {                                                                                       \
		int away_ = 0;                                                                     \
		int st_ = (start);                                                                 \
		while (st_)                                                                        \
			st_ = REAL(cont_fn)(&(ret), (handle), wait_io((me), (m), st_, &away_));    \
		if (away_) {                                                                       \
			shuffle_sched_return(me);                                                  \
			(me)->in_runtime = 1;                                                      \
		}                                                                                  \
	} while (0)

/* --- statement labels ------------------------------------------------------- */

/* A statement's text, which need not end in NUL: its first bytes. Returns
 * whether it is whole. */
static int text_of(char *out, size_t cap, const char *q, unsigned long length)
{
	size_t n = q ? (length < cap ? length : cap - 1) : 0;
	if (n)
		memcpy(out, q, n);
	out[n] = '\0';
	return q && length < cap;
}

/* Prepared statements' labels, by handle (so mysql_stmt_execute is labelled
 * with its SQL). Kept by the token holder only. */
#define MAX_PREPARED 256
static struct prepared {
	const MYSQL_STMT *stmt;
	char note[SHUFFLE_NOTE_LEN];
} prepared[MAX_PREPARED];

static struct prepared *prepared_slot(const MYSQL_STMT *stmt)
{
	for (unsigned i = 0; i < MAX_PREPARED; i++)
		if (prepared[i].stmt == stmt)
			return &prepared[i];
	return NULL;
}

/* --- the wrappers ----------------------------------------------------------- */

void shuffle_mariadb_enter(struct shuffle_thread *me)
{
	me->in_runtime = 1;
}

void shuffle_mariadb_leave(struct shuffle_thread *me)
{
	me->in_runtime = 0;
}

/* The point before a statement on `m` (text `sql` when known); on return
 * the caller holds the token with in_runtime set, and ends with
 * shuffle_mariadb_leave(). A statement that only opens a transaction is no
 * decision (sql_text.h), unless one is open: MariaDB's BEGIN commits it. */
static void statement(struct shuffle_thread *me, MYSQL *m, const char *note, const char *sql)
{
	int quiet = m && mariadb() && !(m->server_status & SERVER_STATUS_IN_TRANS) &&
		    shuffle_sql_only_begins(sql);
	if (!quiet)
		shuffle_sched_point(me, SHUFFLE_OP_SQL, (uintptr_t)m, note);
	me->in_runtime = 1;
	if (m)
		note_connection(m);
}

int shuffle_wrap_mysql_real_query(struct shuffle_thread *me, MYSQL *m, const char *q,
				  unsigned long length)
{
	char text[256], note[SHUFFLE_NOTE_LEN];
	int whole = text_of(text, sizeof text, q, length);
	shuffle_sql_short(note, text);
	statement(me, m, note, whole ? text : NULL);
	int rc;
	if (watchable(m))
		RUN_WATCHED(me, m, m, REAL(mysql_real_query_start)(&rc, m, q, length),
			    mysql_real_query_cont, rc);
	else
		rc = REAL(mysql_real_query)(m, q, length);
	shuffle_mariadb_leave(me);
	return rc;
}

int shuffle_wrap_mysql_query(struct shuffle_thread *me, MYSQL *m, const char *q)
{
	/* Its own, not through mysql_real_query: libmariadb's mysql_query may
	 * call that internally, straight or through the PLT. */
	char note[SHUFFLE_NOTE_LEN];
	shuffle_sql_short(note, q);
	statement(me, m, note, q);
	int rc;
	if (q && watchable(m))
		RUN_WATCHED(me, m, m, REAL(mysql_real_query_start)(&rc, m, q, strlen(q)),
			    mysql_real_query_cont, rc);
	else
		rc = REAL(mysql_query)(m, q);
	shuffle_mariadb_leave(me);
	return rc;
}

/* Sent only: where the program reads the result (mysql_read_query_result)
 * a lock wait leaves the scheduler. Before that, the statement is let run
 * until it has a result or waits on one of our transactions, so that it
 * does not run in the server beside the statements of the next steps. */
int shuffle_wrap_mysql_send_query(struct shuffle_thread *me, MYSQL *m, const char *q,
				  unsigned long length)
{
	char text[256], note[SHUFFLE_NOTE_LEN];
	int whole = text_of(text, sizeof text, q, length);
	shuffle_sql_short(note, text);
	statement(me, m, note, whole ? text : NULL);
	int rc = REAL(mysql_send_query)(m, q, length);
	if (rc == 0 && mariadb()) {
		int wait_ms = FIRST_LOOK_MS;
		struct pollfd p = { .fd = REAL(mysql_get_socket)(m), .events = POLLIN };
		while (REAL(poll)(&p, 1, wait_ms) == 0) {
			if (wait_ms < MAX_WATCH_MS)
				wait_ms *= 2;
			if (side_connection(m) && blocked_by_us(REAL(mysql_thread_id)(m)))
				break;
		}
	}
	shuffle_mariadb_leave(me);
	return rc;
}

static my_bool read_result(struct shuffle_thread *me, MYSQL *m)
{
	my_bool rc;
	if (m && async_slot(m))
		RUN_WATCHED(me, m, m, REAL(mysql_read_query_result_start)(&rc, m),
			    mysql_read_query_result_cont, rc);
	else
		rc = REAL(mysql_read_query_result)(m);
	return rc;
}

/* Not points (the statement's was where it was sent), but where the
 * program waits for a result: a lock wait there leaves the scheduler. */
my_bool shuffle_wrap_mysql_read_query_result(struct shuffle_thread *me, MYSQL *m)
{
	me->in_runtime = 1;
	if (m)
		watchable(m); /* after mysql_send_query the status is not READY: only ours */
	my_bool rc = read_result(me, m);
	shuffle_mariadb_leave(me);
	return rc;
}

int shuffle_wrap_mysql_next_result(struct shuffle_thread *me, MYSQL *m)
{
	me->in_runtime = 1;
	int rc;
	if (m && async_slot(m))
		RUN_WATCHED(me, m, m, REAL(mysql_next_result_start)(&rc, m), mysql_next_result_cont,
			    rc);
	else
		rc = REAL(mysql_next_result)(m);
	shuffle_mariadb_leave(me);
	return rc;
}

int shuffle_wrap_mysql_stmt_prepare(struct shuffle_thread *me, MYSQL_STMT *stmt, const char *q,
				    unsigned long length)
{
	char text[256];
	text_of(text, sizeof text, q, length);
	struct prepared *p = prepared_slot(stmt);
	if (!p)
		p = prepared_slot(NULL);
	if (!p)
		p = &prepared[(uintptr_t)stmt / 64 % MAX_PREPARED]; /* full: forget one */
	p->stmt = stmt;
	shuffle_sql_short(p->note, text);
	shuffle_mariadb_enter(me);
	int rc = REAL(mysql_stmt_prepare)(stmt, q, length);
	shuffle_mariadb_leave(me);
	return rc;
}

int shuffle_wrap_mysql_stmt_execute(struct shuffle_thread *me, MYSQL_STMT *stmt)
{
	const struct prepared *p = stmt ? prepared_slot(stmt) : NULL;
	MYSQL *m = stmt ? stmt->mysql : NULL;
	statement(me, m, p ? p->note : "EXECUTE", NULL);
	int rc;
	if (watchable(m))
		RUN_WATCHED(me, m, stmt, REAL(mysql_stmt_execute_start)(&rc, stmt),
			    mysql_stmt_execute_cont, rc);
	else
		rc = REAL(mysql_stmt_execute)(stmt);
	shuffle_mariadb_leave(me);
	return rc;
}

my_bool shuffle_wrap_mysql_stmt_close(struct shuffle_thread *me, MYSQL_STMT *stmt)
{
	struct prepared *p = stmt ? prepared_slot(stmt) : NULL;
	if (p)
		p->stmt = NULL;
	shuffle_mariadb_enter(me);
	my_bool rc = REAL(mysql_stmt_close)(stmt);
	shuffle_mariadb_leave(me);
	return rc;
}

/* COMMIT, ROLLBACK and SET autocommit are statements too: points, run as
 * they are (none waits for a row lock). */
my_bool shuffle_wrap_mysql_commit(struct shuffle_thread *me, MYSQL *m)
{
	statement(me, m, "COMMIT", NULL);
	my_bool rc = REAL(mysql_commit)(m);
	shuffle_mariadb_leave(me);
	return rc;
}

my_bool shuffle_wrap_mysql_rollback(struct shuffle_thread *me, MYSQL *m)
{
	statement(me, m, "ROLLBACK", NULL);
	my_bool rc = REAL(mysql_rollback)(m);
	shuffle_mariadb_leave(me);
	return rc;
}

my_bool shuffle_wrap_mysql_autocommit(struct shuffle_thread *me, MYSQL *m, my_bool on)
{
	statement(me, m, on ? "SET autocommit=1" : "SET autocommit=0", NULL);
	my_bool rc = REAL(mysql_autocommit)(m, on);
	shuffle_mariadb_leave(me);
	return rc;
}

/* Closing also forgets that the non-blocking API was ours on it (the
 * memory may hold another connection next). */
void shuffle_wrap_mysql_close(struct shuffle_thread *me, MYSQL *m)
{
	MYSQL **slot = m ? async_slot(m) : NULL;
	if (slot)
		*slot = NULL;
	shuffle_mariadb_enter(me);
	REAL(mysql_close)(m);
	shuffle_mariadb_leave(me);
}

#else

/* Built without libmariadb's header: no MariaDB wrappers (ISO C wants
 * something in a translation unit). */
typedef int shuffle_sql_mariadb_absent;

#endif
