/* sql_sqlite.c - SQLite statements (libsqlite3) are scheduling points.
 *
 * A statement stops at a SHUFFLE_OP_SQL point on its connection (the
 * sqlite3 handle), labelled with a short form of its SQL text: each
 * sqlite3_exec, and each prepared statement at its first sqlite3_step (the
 * step that starts it: later steps only fetch rows of a statement already
 * running). Once picked it runs as one step, with SQLite's own mutexes,
 * file I/O and sleeps inside it quiet, so that only statements interleave.
 *
 * SQLite locks whole database files, and a connection that finds the file
 * locked by another does not block: it calls its busy handler, or returns
 * SQLITE_BUSY when it has none. Here every busy handler the program sets
 * (sqlite3_busy_handler, sqlite3_busy_timeout, PRAGMA busy_timeout) is ours
 * in front of the program's: each retry it would make is first a polite
 * SHUFFLE_OP_SQL_BUSY point, so the waiting transaction runs only when no
 * other thread can, and the one holding the lock gets to finish first. A
 * busy timeout is counted the way SQLite counts it, in virtual time: it
 * never sleeps with the token, and it still gives up after as many retries
 * as SQLite would. Without a handler SQLITE_BUSY reaches the program at
 * once, as in production; a statement retried after SQLITE_BUSY is polite
 * too, so a retry loop does not outrun the transaction it waits for.
 *
 * Invariants:
 *  - `inside` is set, with in_runtime, exactly while a wrapper runs SQLite
 *    for a controlled thread; the busy handler and the row callback of
 *    sqlite3_exec use it to make points from inside SQLite (they clear
 *    in_runtime for the program's code and the point, then set it back).
 *  - A thread parks inside SQLite only in the busy handler and in row
 *    callbacks, holding no SQLite mutex but its own connection's: one
 *    connection per thread keeps every other thread free to run.
 *  - SQLite's internal calls to its exported functions go through the PLT
 *    on Debian's build, so sqlite3_exec's inner steps, PRAGMA busy_timeout
 *    and every mutex pass these wrappers (with in_runtime set they go
 *    straight through). libsqlite3 is looked up at run time (sql_text.h).
 */
#include "interpose.h"

#ifdef SHUFFLE_HAVE_SQLITE

#include "export.h"
#include "scheduler.h"
#include "sql_text.h"

#include <sqlite3.h>
#include <string.h>

/* --- per thread ------------------------------------------------------------ */

/* Written by the thread itself while it holds the token. */
static struct sqlite_thread {
	uint32_t inside;    /* a wrapper runs SQLite for this thread */
	sqlite3 *busy_db;   /* its last statement there ended in SQLITE_BUSY ... */
	uint64_t busy_text; /* ... and had this text (hash of its label) */
} threads[SHUFFLE_MAX_THREADS];

void shuffle_sqlite_enter(struct shuffle_thread *me)
{
	threads[me->tid].inside = 1;
	me->in_runtime = 1;
}

void shuffle_sqlite_leave(struct shuffle_thread *me)
{
	threads[me->tid].inside = 0;
	me->in_runtime = 0;
}

/* The thread SQLite is calling back into (busy handler), when it is ours to
 * schedule: inside one of our wrappers, or in a call we do not wrap. */
static struct shuffle_thread *calling_thread(void)
{
	struct shuffle_thread *me = shuffle_self;
	if (shuffle_mode != SHUFFLE_MODE_ON || !me || me->gone)
		return NULL;
	return threads[me->tid].inside ? me : shuffle_controlled();
}

/* Run program code (a busy handler, a row callback) from inside SQLite as
 * the program's own: its points count. */
#define AS_PROGRAM(me, inside, call)                                                               \
	do {                                                                                       \
		if (inside)                                                                        \
			shuffle_sqlite_leave(me);                                                  \
		call;                                                                              \
		if (inside)                                                                        \
			shuffle_sqlite_enter(me);                                                  \
	} while (0)

/* The point before a statement: polite if it is the one that just got
 * SQLITE_BUSY on this connection, tried again. None for a plain BEGIN
 * (sql_text.h): it takes no lock, its order cannot matter. */
static void statement(struct shuffle_thread *me, sqlite3 *db, const char *note, const char *sql)
{
	if (shuffle_sql_only_begins(sql))
		return;
	struct sqlite_thread *st = &threads[me->tid];
	uint32_t op = SHUFFLE_OP_SQL;
	if (st->busy_db == db && st->busy_text == shuffle_text_hash(note)) {
		op = SHUFFLE_OP_SQL_BUSY;
		shuffle_sched_wake_at(me, shuffle_sched_now());
	}
	shuffle_sched_point(me, op, (uintptr_t)db, note);
}

static void outcome(struct shuffle_thread *me, sqlite3 *db, const char *note, int rc)
{
	struct sqlite_thread *st = &threads[me->tid];
	int busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
	st->busy_db = busy ? db : NULL;
	st->busy_text = busy ? shuffle_text_hash(note) : 0;
}

/* --- busy handlers ----------------------------------------------------------- */

/* What the program asked for on a connection. Slots are claimed with a
 * compare-and-swap on `db` (uncontrolled threads may set handlers at once)
 * and freed when the connection closes. */
#define MAX_BUSY 256
static struct busy {
	sqlite3 *db;
	int (*fn)(void *, int); /* the program's handler, or SQLite's own for a timeout */
	void *arg;
	int timeout_ms;	   /* > 0: a busy timeout, counted here */
	uint32_t installs; /* sqlite3_busy_handler calls that came through us */
} busy[MAX_BUSY];

static struct busy *busy_slot(sqlite3 *db, int create)
{
	for (unsigned i = 0; i < MAX_BUSY; i++)
		if (__atomic_load_n(&busy[i].db, __ATOMIC_ACQUIRE) == db)
			return &busy[i];
	for (unsigned i = 0; create && i < MAX_BUSY; i++) {
		sqlite3 *none = NULL;
		if (__atomic_compare_exchange_n(&busy[i].db, &none, db, 0, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			return &busy[i];
	}
	return NULL;
}

static void busy_free(sqlite3 *db)
{
	struct busy *b = db ? busy_slot(db, 0) : NULL;
	if (b) {
		b->fn = NULL;
		b->timeout_ms = 0;
		__atomic_store_n(&b->db, NULL, __ATOMIC_RELEASE);
	}
}

/* SQLite's sqliteDefaultBusyCallback, without the sleep: how long the
 * retry number `count` of a busy timeout of `timeout_ms` would sleep (ms),
 * or 0 when it gives up. */
static int timeout_delay(int count, int timeout_ms)
{
	static const unsigned char delays[] = { 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 };
	static const unsigned char totals[] = { 0, 1, 3, 8, 18, 33, 53, 78, 103, 128, 178, 228 };
	const int n = (int)sizeof delays;
	int delay, prior;
	if (count < n) {
		delay = delays[count];
		prior = totals[count];
	} else {
		delay = delays[n - 1];
		prior = totals[n - 1] + delay * (count - (n - 1));
	}
	if (prior + delay > timeout_ms) {
		delay = timeout_ms - prior;
		if (delay <= 0)
			return 0;
	}
	return delay;
}

/* A retry is a polite point: the waiter runs again only when no other
 * thread can, `delay_ms` later in virtual time. */
static void busy_point(struct shuffle_thread *me, sqlite3 *db, int delay_ms)
{
	int inside = threads[me->tid].inside;
	char note[SHUFFLE_NOTE_LEN];
	memcpy(note, me->note, sizeof note); /* the statement's label */
	shuffle_sched_wake_at(me, shuffle_sched_now() + (uint64_t)delay_ms * 1000000u);
	AS_PROGRAM(me, inside, shuffle_sched_point(me, SHUFFLE_OP_SQL_BUSY, (uintptr_t)db, note));
}

/* The handler SQLite calls for every connection whose program set one. */
static int on_busy(void *arg, int count)
{
	struct busy *b = arg;
	struct shuffle_thread *me = calling_thread();
	if (b->timeout_ms > 0) {
		int delay = timeout_delay(count, b->timeout_ms);
		if (delay <= 0)
			return 0;
		if (me)
			busy_point(me, b->db, delay);
		else if (b->fn)
			return b->fn(b->arg, count); /* SQLite's own: sleeps as it would */
		else
			REAL(usleep)((useconds_t)delay * 1000u);
		return 1;
	}
	if (!b->fn)
		return 0;
	if (!me)
		return b->fn(b->arg, count);
	int retry;
	AS_PROGRAM(me, threads[me->tid].inside, retry = b->fn(b->arg, count));
	if (retry)
		busy_point(me, b->db, 0);
	return retry;
}

SHUFFLE_EXPORT int sqlite3_busy_handler(sqlite3 *db, int (*fn)(void *, int), void *arg)
{
	struct busy *b = fn && db ? busy_slot(db, 1) : NULL;
	if (!b) {
		if (!fn)
			busy_free(db); /* no handler: SQLITE_BUSY at once, nothing of ours */
		return REAL(sqlite3_busy_handler)(db, fn, arg);
	}
	b->fn = fn;
	b->arg = arg;
	b->timeout_ms = 0;
	__atomic_add_fetch(&b->installs, 1, __ATOMIC_RELAXED);
	return REAL(sqlite3_busy_handler)(db, on_busy, b);
}

SHUFFLE_EXPORT int sqlite3_busy_timeout(sqlite3 *db, int ms)
{
	struct busy *b = ms > 0 && db ? busy_slot(db, 1) : NULL;
	uint32_t before = b ? __atomic_load_n(&b->installs, __ATOMIC_RELAXED) : 0;
	/* SQLite installs its own handler through sqlite3_busy_handler (ours,
	 * which records it) and then sets the timeout PRAGMA busy_timeout
	 * reports. */
	int rc = REAL(sqlite3_busy_timeout)(db, ms);
	if (rc != SQLITE_OK || !b)
		return rc;
	if (__atomic_load_n(&b->installs, __ATOMIC_RELAXED) == before) {
		/* A build whose internal call did not come through us: take the
		 * handler over (PRAGMA busy_timeout then reads 0). */
		b->fn = NULL;
		b->arg = NULL;
		REAL(sqlite3_busy_handler)(db, on_busy, b);
	}
	b->timeout_ms = ms;
	return rc;
}

/* --- statements -------------------------------------------------------------- */

struct exec_call {
	struct shuffle_thread *me;
	int (*fn)(void *, int, char **, char **);
	void *arg;
};

/* sqlite3_exec's row callback is the program's code: run it controlled. */
static int exec_row(void *p, int n, char **values, char **names)
{
	const struct exec_call *c = p;
	int rc;
	AS_PROGRAM(c->me, 1, rc = c->fn(c->arg, n, values, names));
	return rc;
}

int shuffle_wrap_sqlite3_exec(struct shuffle_thread *me, sqlite3 *db, const char *sql,
			      int (*fn)(void *, int, char **, char **), void *arg, char **errmsg)
{
	char note[SHUFFLE_NOTE_LEN];
	shuffle_sql_short(note, sql);
	statement(me, db, note, sql);
	struct exec_call call = { me, fn, arg };
	shuffle_sqlite_enter(me);
	int rc = REAL(sqlite3_exec)(db, sql, fn ? exec_row : NULL, fn ? &call : arg, errmsg);
	shuffle_sqlite_leave(me);
	outcome(me, db, note, rc);
	return rc;
}

int shuffle_wrap_sqlite3_step(struct shuffle_thread *me, sqlite3_stmt *stmt)
{
	if (!stmt)
		return REAL(sqlite3_step)(stmt);
	int first = !REAL(sqlite3_stmt_busy)(stmt);
	sqlite3 *db = REAL(sqlite3_db_handle)(stmt);
	char note[SHUFFLE_NOTE_LEN];
	if (first) {
		const char *sql = REAL(sqlite3_sql)(stmt);
		shuffle_sql_short(note, sql);
		statement(me, db, note, sql);
	}
	shuffle_sqlite_enter(me);
	int rc = REAL(sqlite3_step)(stmt);
	shuffle_sqlite_leave(me);
	if (first)
		outcome(me, db, note, rc);
	return rc;
}

/* --- the rest: one step, no point ---------------------------------------------- */

/* Opening, preparing, finishing and SQLite's own mutexes are part of the
 * calling thread's step, quiet (interpose.def); a busy wait inside them is
 * still a point. Closing also forgets the connection's busy handler. */
static int quiet_close(void *call_site, shuffle_real_sqlite3_close_t close_fn, sqlite3 *db)
{
	struct shuffle_thread *me = shuffle_controlled_at(call_site);
	if (me)
		shuffle_sqlite_enter(me);
	int rc = close_fn(db);
	if (me)
		shuffle_sqlite_leave(me);
	return rc;
}

SHUFFLE_EXPORT int sqlite3_close(sqlite3 *db)
{
	int rc = quiet_close(__builtin_return_address(0), REAL(sqlite3_close), db);
	if (rc == SQLITE_OK)
		busy_free(db);
	return rc;
}

SHUFFLE_EXPORT int sqlite3_close_v2(sqlite3 *db)
{
	int rc = quiet_close(__builtin_return_address(0), REAL(sqlite3_close_v2), db);
	busy_free(db); /* closed, or a zombie that runs no more statements */
	return rc;
}

#else

/* Built without SQLite's header: no SQLite wrappers (ISO C wants something
 * in a translation unit). */
typedef int shuffle_sql_sqlite_absent;

#endif
