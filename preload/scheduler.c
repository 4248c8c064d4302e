/* scheduler.c - scheduling points, the token, and how a run ends.
 *
 * Invariants (see runtime.h for the token):
 *  - A thread is a candidate at a decision when its record is RUNNING and it
 *    is stopped before an operation (pending_op != NONE). The token holder is
 *    stopped too when it asks, so it competes like the others.
 *  - A candidate is enabled when its operation can proceed now: its mutex is
 *    free (or it owns a recursive one), its semaphore is positive, the thread
 *    it joins has exited. Everything else is always enabled.
 *  - A decision is taken wherever two or more threads are enabled. A new
 *    thread (or forked process) is enabled at once, before its first step
 *    (START), so it may run before its creator goes on or long after; a
 *    join whose thread exited competes like any other step: between two
 *    points a program may touch memory the runtime cannot see, so no step
 *    is assumed to commute with another.
 *  - Sleeping is not synchronization: a sleep is an ordinary choice, except
 *    a sleep (or yield) right after the same thread's previous one (a
 *    retry loop), which gives way (enabled.h).
 *  - No thread enabled while some are alive is a deadlock: the run ends here,
 *    with every blocked thread's wait (and a mutex's holder) in the trace.
 *  - Each event is in the trace before its operation is performed, so the
 *    trace survives a crash of that operation.
 */
#include "scheduler.h"

#include "cancel.h"
#include "decide.h"
#include "enabled.h"
#include "objects.h"
#include "proc_state.h"
#include "ops.h"
#include "interpose.h"
#include "races.h"
#include "signals.h"

#include <assert.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* The scheduler's state, in memory shared with forked children. */
struct sched_state {
	struct shuffle_decider decider;
	uint32_t n_threads;   /* slots used so far, exited ones included */
	uint32_t n_processes; /* forked so far */
	uint32_t n_letters;   /* threads labelled A, B... so far */
	uint64_t steps, max_steps;
	uint32_t points; /* kinds whose operations are decisions (--points) */
	uint64_t virtual_now; /* ns: advanced only when a sleeper is woken */
	uint64_t polite_seq;
	/* Threads away from the scheduler (shuffle_sched_leave) signal their
	 * return through this word, so that a holder waiting for them can sleep
	 * on it. */
	uint32_t outside_epoch;
	uint32_t recovering; /* a thread is taking over from a dead process */
	/* Processes that left the schedule but live on in the kernel (see
	 * settle()). */
	struct {
		uint32_t pid, escaped;
		uint32_t ktid; /* the thread that left (it runs the exit) */
	} outside[SHUFFLE_MAX_THREADS];
	uint32_t n_outside;
	/* Pipes and socketpairs the target made (device, inode): a program
	 * exec'd under control finds its inherited ends by them. */
	struct {
		uint64_t dev, ino;
	} made[SHUFFLE_MAX_THREADS];
	uint32_t n_made;
	/* The token was handed on by an exiting process without a decision:
	 * its receiver takes it, once the process is gone (settle). */
	uint32_t repick;
	/* The thread of the last step (0, main, before any): the decisions'
	 * `current`, computed by the driver from the events the same way. */
	uint32_t last_step;
	/* Virtual alarms (alarm, setitimer ITIMER_REAL), by process number:
	 * when they fire in virtual time (0: not set), their period (0: once),
	 * and the process's pid. */
	struct {
		uint64_t deadline, interval;
		uint32_t pid;
	} alarms[SHUFFLE_MAX_THREADS];
};
static struct sched_state *S;
/* Where this process maps the prefix: the decider's pointer is set from it
 * before each decision, as processes that exec'd map it elsewhere. */
static const struct shuffle_plan_step *local_prefix;

size_t shuffle_sched_shared_size(void)
{
	return (sizeof(struct sched_state) + 4095) & ~(size_t)4095;
}

static struct shuffle_thread_record *record_of(uint32_t tid)
{
	return &shuffle_trace->threads[tid];
}

__attribute__((noreturn)) static void end_run(uint32_t state)
{
	shuffle_trace->state = state;
	shuffle_mode = SHUFFLE_MODE_OFF;
	syscall(SYS_exit_group, SHUFFLE_RUNTIME_EXIT);
	__builtin_unreachable();
}

static void futex_wait(uint32_t *word)
{
	syscall(SYS_futex, word, FUTEX_WAIT, 0, NULL, NULL, 0);
}

static void give(struct shuffle_thread *to)
{
	shuffle_trace->current = to->tid;
	__atomic_store_n(&to->go, 1, __ATOMIC_RELEASE);
	syscall(SYS_futex, &to->go, FUTEX_WAKE, 1, NULL, NULL, 0);
}

static struct shuffle_thread *pick(void);

/* Is process pid gone (or a zombie)? Raw system calls: read and close are
 * our own wrappers. */
static int process_dead(uint32_t pid)
{
	char path[32] = "/proc/", *p = path + 6, digits[12];
	int n = 0;
	do
		digits[n++] = (char)('0' + pid % 10);
	while ((pid /= 10) && n < 11);
	while (n)
		*p++ = digits[--n];
	memcpy(p, "/stat", 6);
	int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	char buf[256];
	ssize_t got = syscall(SYS_read, fd, buf, sizeof buf - 1);
	syscall(SYS_close, fd);
	if (got <= 0)
		return 1;
	buf[got] = '\0';
	const char *paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' && (paren[2] == 'Z' || paren[2] == 'X');
}

/* A process that left the schedule still acts until the kernel has it
 * dead: an exiting one flushes its buffers, closes its descriptors (a pipe's
 * reader sees end-of-file), and its parent gets SIGCHLD and its status. So
 * that what the next step sees does not depend on how fast that goes, a
 * thread given the token waits for every exiting process to be gone first.
 * A program exec'd uncontrolled (escaped) may run for long: it is waited for
 * only when nothing else can run, rather than declaring a deadlock it may
 * end. Returns whether an escaped process is still alive. */
static void nap(void)
{
	struct timespec tick = { 0, 200000 };
	syscall(SYS_nanosleep, &tick, NULL);
}

/* Exiting process i sleeps in a write to a pipe or socket the target made
 * (its flush at exit, into a full pipe): only a thread of the target can end
 * that wait, by reading. While it sleeps there its state is fixed (the pipe
 * is full), so the others may go on; it is waited for again as soon as it
 * does not. */
static int writes_to_target(uint32_t i)
{
	uint64_t dev, ino;
	return shuffle_proc_sleeps_writing(S->outside[i].pid, S->outside[i].ktid, &dev, &ino) &&
	       shuffle_sched_made(dev, ino);
}

/* Flag the first thread of process pid as still exiting, or not. */
static void mark_exiting(uint32_t pid, uint32_t flag)
{
	for (uint32_t tid = 0; tid < S->n_threads; tid++) {
		struct shuffle_thread_record *r = record_of(tid);
		if (r->pid == pid && (r->flags & SHUFFLE_THREAD_FORKED))
			r->flags = (r->flags & ~SHUFFLE_THREAD_EXITING) | flag;
	}
}

static int settle(void)
{
	int escaped_alive = 0;
	for (uint32_t i = 0; i < S->n_outside;) {
		uint32_t pid = S->outside[i].pid;
		if (pid == shuffle_pid) {
			i++;
		} else if (process_dead(pid)) {
			mark_exiting(pid, 0);
			S->outside[i] = S->outside[--S->n_outside];
		} else if (!S->outside[i].escaped && !writes_to_target(i)) {
			nap();
		} else if (!S->outside[i].escaped) {
			/* It waits for a reader of the target: let it read. */
			mark_exiting(pid, SHUFFLE_THREAD_EXITING);
			i++;
		} else {
			escaped_alive = 1;
			i++;
		}
	}
	return escaped_alive;
}

/* A process died holding the token (a crash, abort, a raw exit): nobody
 * would ever pass it on. A parked thread of another process that notices
 * takes over: the dead process leaves the schedule, and the token goes
 * where the dead thread would have sent it. */
static void recover(void)
{
	uint32_t holder = shuffle_trace->current;
	const struct shuffle_thread_record *h = record_of(holder);
	if (h->pid == shuffle_pid || !process_dead(h->pid) ||
	    __atomic_exchange_n(&S->recovering, 1, __ATOMIC_ACQUIRE))
		return;
	if (shuffle_trace->current == holder) {
		uint32_t process = h->process;
		for (uint32_t tid = 0; tid < S->n_threads; tid++) {
			struct shuffle_thread_record *r = record_of(tid);
			if (r->process == process && r->state == SHUFFLE_THREAD_RUNNING) {
				r->state = SHUFFLE_THREAD_EXITED;
				r->pending_op = SHUFFLE_OP_NONE;
			}
		}
		shuffle_trace->died++;
		struct shuffle_thread *next = pick();
		if (next)
			give(next);
	}
	__atomic_store_n(&S->recovering, 0, __ATOMIC_RELEASE);
}

void shuffle_sched_wait_token(struct shuffle_thread *me)
{
	for (;;) {
		while (!__atomic_load_n(&me->go, __ATOMIC_ACQUIRE)) {
			if (S->n_processes == 0) {
				futex_wait(&me->go);
				continue;
			}
			/* Several processes: the holder may die with the token. */
			struct timespec tick = { 0, 50000000 };
			if (syscall(SYS_futex, &me->go, FUTEX_WAIT, 0, &tick, NULL, 0) != 0 &&
			    errno == ETIMEDOUT)
				recover();
		}
		settle();
		if (!S->repick)
			return;
		S->repick = 0;
		struct shuffle_thread *next = pick();
		if (!next || next == me)
			return;
		__atomic_store_n(&me->go, 0, __ATOMIC_RELAXED);
		give(next);
	}
}

static void switch_to(struct shuffle_thread *me, struct shuffle_thread *to)
{
	if (to == me)
		return;
	/* Cleared before waking `to`, which may hand the token straight back. */
	__atomic_store_n(&me->go, 0, __ATOMIC_RELAXED);
	give(to);
	shuffle_sched_wait_token(me);
}

static struct shuffle_event *record(uint32_t tid, uint32_t op, uint64_t obj, uint32_t flags)
{
	struct shuffle_trace_header *h = shuffle_trace;
	if (h->n_events >= h->max_events)
		end_run(SHUFFLE_RUN_OVERFLOW);
	struct shuffle_event *e = &shuffle_trace_events(h)[h->n_events];
	memset(e, 0, sizeof *e);
	e->tid = tid;
	e->op = (uint16_t)op;
	e->flags = (uint16_t)flags;
	e->obj = obj;
	h->n_events++;
	shuffle_races_step(tid, op, obj);
	return e;
}

static uint32_t pool_put(const uint32_t *tids, uint32_t n)
{
	struct shuffle_trace_header *h = shuffle_trace;
	if (h->pool_used + n > h->pool_cap)
		end_run(SHUFFLE_RUN_OVERFLOW);
	uint32_t off = (uint32_t)h->pool_used;
	memcpy(shuffle_trace_pool(h) + off, tids, n * sizeof *tids);
	h->pool_used += n;
	return off;
}

uint32_t shuffle_sched_module(const void *code, uint64_t *offset)
{
	struct shuffle_trace_header *h = shuffle_trace;
	Dl_info info;
	if (!code || !dladdr(code, &info) || !info.dli_fname)
		return SHUFFLE_NO_THREAD;
	uint32_t m = 0;
	while (m < h->n_modules &&
	       strncmp(h->modules[m], info.dli_fname, SHUFFLE_MODULE_LEN - 1) != 0)
		m++;
	if (m == h->n_modules) {
		if (m == SHUFFLE_MAX_MODULES)
			return SHUFFLE_NO_THREAD;
		strncpy(h->modules[m], info.dli_fname, SHUFFLE_MODULE_LEN - 1);
		h->n_modules++;
	}
	*offset = (uint64_t)((const char *)code - (const char *)info.dli_fbase);
	return m;
}

/* Module and offset of a blocked thread's call site, for the report. */
static void locate(struct shuffle_thread_record *r, const void *call_site)
{
	r->where_module = shuffle_sched_module(call_site, &r->where_offset);
}

__attribute__((noreturn)) static void deadlock(void)
{
	for (uint32_t tid = 0; tid < S->n_threads; tid++) {
		struct shuffle_thread_record *r = record_of(tid);
		locate(r, shuffle_threads[tid].call_site);
		r->holder = SHUFFLE_NO_THREAD;
		int owned = shuffle_op_info(r->pending_op)->flags & SHUFFLE_OPF_LOCKS;
		if (r->state == SHUFFLE_THREAD_RUNNING && owned)
			r->holder = shuffle_mutex_owner_in(r->pid,
							   (const void *)(uintptr_t)r->pending_obj);
	}
	end_run(SHUFFLE_RUN_DEADLOCK);
}

static int away(const struct shuffle_thread *t)
{
	return t->left && !__atomic_load_n(&t->returned, __ATOMIC_ACQUIRE);
}

/* Wait, in real time, until some thread away comes back, or 1 ms: whether an
 * away thread is still blocked has no wake-up of its own, so it is polled. */
static void wait_outside(uint32_t epoch)
{
	struct timespec ms = { 0, 1000000 };
	syscall(SYS_futex, &S->outside_epoch, FUTEX_WAIT, epoch, &ms, NULL, 0);
}

struct candidates {
	uint32_t tid[SHUFFLE_MAX_THREADS], op[SHUFFLE_MAX_THREADS];
	uint64_t obj[SHUFFLE_MAX_THREADS];
	uint32_t n;
	uint32_t polite;     /* the polite thread to run when no other can */
	uint32_t quiet;	     /* the first whose kind of operation is no decision */
	int alive, undecided, blocked_away;
	int awaits_signal; /* a thread waits for a signal that is not there */
};

static int earlier(const struct shuffle_thread *a, const struct shuffle_thread *b)
{
	return a->polite_key < b->polite_key ||
	       (a->polite_key == b->polite_key && a->polite_seq < b->polite_seq);
}

static void consider(struct candidates *c, uint32_t tid)
{
	const struct shuffle_thread_record *r = record_of(tid);
	const struct shuffle_thread *t = &shuffle_threads[tid];
	if (r->state != SHUFFLE_THREAD_RUNNING || r->pending_op == SHUFFLE_OP_NONE)
		return;
	c->alive = 1;
	if (away(t)) {
		/* Deterministic only once it is known to wait on another target
		 * thread; until then the holder waits for it. Only its own
		 * process can ask (the function and its context live there). */
		if (t->still_blocked && r->pid == shuffle_pid && t->still_blocked(t->ctx))
			c->blocked_away = 1;
		else
			c->undecided = 1;
		return;
	}
	if (!shuffle_op_enabled(tid, r)) {
		c->awaits_signal |= r->pending_op == SHUFFLE_OP_SIG_WAIT;
		return;
	}
	if (shuffle_op_polite(tid, r)) {
		if (c->polite == SHUFFLE_NO_THREAD || earlier(t, &shuffle_threads[c->polite]))
			c->polite = tid;
		return;
	}
	if (c->quiet == SHUFFLE_NO_THREAD &&
	    !(S->points & (1u << shuffle_op_info(r->pending_op)->kind)))
		c->quiet = tid;
	c->tid[c->n] = tid;
	c->op[c->n] = r->pending_op;
	c->obj[c->n] = r->pending_obj;
	c->n++;
}

/* The process whose virtual alarm comes first (SHUFFLE_NO_THREAD: none). */
static uint32_t first_alarm(void)
{
	uint32_t p = SHUFFLE_NO_THREAD;
	for (uint32_t i = 0; i <= S->n_processes && i < SHUFFLE_MAX_THREADS; i++)
		if (S->alarms[i].deadline &&
		    (p == SHUFFLE_NO_THREAD || S->alarms[i].deadline < S->alarms[p].deadline))
			p = i;
	return p;
}

/* Process p's alarm fires: virtual time moves to it, and SIGALRM goes to
 * the process for real, to be handled at a point there (signals.c). */
static void fire(uint32_t p)
{
	uint64_t when = S->alarms[p].deadline;
	if (when > S->virtual_now)
		S->virtual_now = when;
	S->alarms[p].deadline = S->alarms[p].interval ? when + S->alarms[p].interval : 0;
	syscall(SYS_kill, S->alarms[p].pid, SIGALRM);
	shuffle_sched_unblock_all();
}

/* The thread of process p the kernel gives a process-wide SIGALRM to: its
 * first thread, unless that one blocks it. */
static uint32_t alarm_taker(uint32_t p)
{
	for (uint32_t tid = 0; tid < S->n_threads; tid++)
		if (record_of(tid)->process == p && record_of(tid)->state == SHUFFLE_THREAD_RUNNING &&
		    !(shuffle_threads[tid].sigmask & (1ull << (SIGALRM - 1))))
			return tid;
	return SHUFFLE_NO_THREAD;
}

/* Virtual time moves to `t` because thread `waker` sleeps until then (or
 * its timed wait times out): the alarms due by then fire first, in order.
 * One that would be handled by `waker` itself, asleep, cuts its sleep
 * short there (time.c sees it woke early). */
static void advance(uint64_t t, uint32_t waker, int asleep)
{
	uint32_t p;
	while ((p = first_alarm()) != SHUFFLE_NO_THREAD && S->alarms[p].deadline <= t) {
		fire(p);
		if (asleep && alarm_taker(p) == waker) {
			shuffle_threads[waker].alarm_cut = 1;
			return;
		}
		uint64_t next = S->alarms[p].deadline, period = S->alarms[p].interval;
		if (next && next <= t) /* its signals would merge into one pending */
			S->alarms[p].deadline = next + ((t - next) / period + 1) * period;
	}
	if (t > S->virtual_now)
		S->virtual_now = t;
}

/* Nothing can run but a thread that spins (yields again, or busy-waits:
 * it waits for time to pass), or nothing at all (waits for a signal, or a
 * deadlock unless a handler ends it): the first alarm fires. Returns
 * whether one did. */
static int alarm_fired(const struct candidates *c)
{
	uint32_t p = first_alarm();
	if (p == SHUFFLE_NO_THREAD || !c->alive)
		return 0;
	if (c->polite != SHUFFLE_NO_THREAD) {
		const struct shuffle_thread *t = &shuffle_threads[c->polite];
		uint32_t op = record_of(c->polite)->pending_op;
		if (!(op == SHUFFLE_OP_BUSY_WAIT || (op == SHUFFLE_OP_YIELD && t->napped_last)))
			return 0;
	}
	fire(p);
	return 1;
}

void shuffle_sched_alarm_get(const struct shuffle_thread *me, uint64_t *deadline,
			     uint64_t *interval)
{
	uint32_t p = record_of(me->tid)->process;
	*deadline = S->alarms[p].deadline;
	*interval = S->alarms[p].interval;
}

void shuffle_sched_alarm_set(const struct shuffle_thread *me, uint64_t deadline,
			     uint64_t interval)
{
	uint32_t p = record_of(me->tid)->process;
	S->alarms[p].deadline = deadline;
	S->alarms[p].interval = deadline ? interval : 0;
	S->alarms[p].pid = shuffle_pid;
}

/* Choose the thread that performs the next operation and record the event.
 * NULL when no thread is left. */
static struct shuffle_thread *pick(void)
{
	/* Only the token holder gets here: static scratch is safe. */
	static struct candidates c;
	for (;;) {
		uint32_t epoch = __atomic_load_n(&S->outside_epoch, __ATOMIC_ACQUIRE);
		c.n = 0;
		c.polite = c.quiet = SHUFFLE_NO_THREAD;
		c.alive = c.undecided = c.blocked_away = c.awaits_signal = 0;
		int escaped_alive = settle();
		for (uint32_t tid = 0; tid < S->n_threads; tid++)
			consider(&c, tid);
		if (c.undecided || (c.n == 0 && c.polite == SHUFFLE_NO_THREAD && c.blocked_away)) {
			wait_outside(epoch);
			continue;
		}
		if (c.n == 0 && alarm_fired(&c))
			continue;
		if (c.n == 0 && c.polite == SHUFFLE_NO_THREAD && c.alive &&
		    (escaped_alive || c.awaits_signal)) {
			/* Not a deadlock while an uncontrolled program may still
			 * write, signal or exit, or a signal may come from a timer
			 * or from outside: look again (a run that waits for ever
			 * ends as a timeout). */
			__atomic_store_n(&shuffle_trace->looking_outside, 1, __ATOMIC_RELAXED);
			nap();
			shuffle_sched_unblock_all();
			continue;
		}
		break;
	}
	__atomic_store_n(&shuffle_trace->looking_outside, 0, __ATOMIC_RELAXED);

	uint32_t chosen, flags = SHUFFLE_EVENT_FORCED, off = 0, n = c.n;
	if (c.quiet != SHUFFLE_NO_THREAD) {
		/* Not a kind --points makes a decision: it runs now, in a fixed
		 * order, as a step without a choice. */
		chosen = c.quiet;
		n = 1;
	} else if (n == 1) {
		chosen = c.tid[0];
	} else if (n == 0) {
		if (c.polite == SHUFFLE_NO_THREAD) {
			if (c.alive)
				deadlock();
			return NULL;
		}
		chosen = c.polite;
		n = 1;
		if (record_of(chosen)->pending_op != SHUFFLE_OP_SLEEP) /* below */
			advance(shuffle_threads[chosen].polite_key, chosen, 0);
	} else {
		struct shuffle_divergence div;
		S->decider.prefix = local_prefix;
		int at = shuffle_decide(&S->decider, c.tid, c.op, c.obj, n, S->last_step, &div);
		off = pool_put(c.tid, n);
		if (at < 0) {
			div.actual_off = off;
			shuffle_trace->divergence = div;
			end_run(SHUFFLE_RUN_DIVERGED);
		}
		chosen = c.tid[at];
		flags = SHUFFLE_EVENT_DECISION;
		shuffle_trace->n_decisions++;
	}
	if (++S->steps > S->max_steps)
		end_run(SHUFFLE_RUN_LIVELOCK);

	const struct shuffle_thread_record *r = record_of(chosen);
	struct shuffle_thread *t = &shuffle_threads[chosen];
	assert(r->state == SHUFFLE_THREAD_RUNNING && r->pending_op != SHUFFLE_OP_NONE);
	shuffle_decider_observe(&S->decider, chosen, r->pending_op, r->pending_obj, n);
	t->tested_last = r->pending_op == SHUFFLE_OP_TESTCANCEL;
	if (!t->tested_last) /* `testcancel(); sleep(1);` in a loop is a retry loop too */
		t->napped_last =
			r->pending_op == SHUFFLE_OP_SLEEP || r->pending_op == SHUFFLE_OP_YIELD;
	if (r->pending_op != SHUFFLE_OP_MEM_READ && r->pending_op != SHUFFLE_OP_ATOMIC_LOAD)
		t->spin_addr = 0; /* any other step ends a spin (memory.c) */
	if (r->pending_op == SHUFFLE_OP_SLEEP && !shuffle_cancel_due(chosen, r))
		advance(r->pending_obj, chosen, 1); /* it sleeps until its deadline */
	if (shuffle_op_info(r->pending_op)->flags & SHUFFLE_OPF_WAKES)
		shuffle_sched_unblock_all();
	struct shuffle_event *e = record(chosen, r->pending_op, r->pending_obj, flags);
	S->last_step = chosen;
	e->n_enabled = n;
	e->enabled_off = off;
	memcpy(e->note, t->note, sizeof e->note);
	shuffle_trace->current = chosen;
	return t;
}

void shuffle_sched_unblock_all(void)
{
	/* Only a thread chosen from another process's view sets self_blocked:
	 * with one process there is nothing to clear (a write stays cheap). */
	if (S->n_processes == 0)
		return;
	for (uint32_t tid = 0; tid < S->n_threads; tid++)
		shuffle_threads[tid].self_blocked = 0;
}

uint64_t shuffle_sched_now(void)
{
	return S->virtual_now;
}

void shuffle_sched_timed_out(struct shuffle_thread *me, int timed_out)
{
	me->timed_out_last = (uint32_t)timed_out;
	if (timed_out)
		advance(me->polite_key, me->tid, 0); /* its deadline has passed */
}

void shuffle_sched_wake_at(struct shuffle_thread *me, uint64_t when)
{
	me->polite_key = when;
	me->polite_seq = ++S->polite_seq;
}

int shuffle_sched_others_enabled(const struct shuffle_thread *me)
{
	for (uint32_t tid = 0; tid < S->n_threads; tid++) {
		const struct shuffle_thread_record *o = record_of(tid);
		if (tid != me->tid && o->state == SHUFFLE_THREAD_RUNNING &&
		    o->pending_op != SHUFFLE_OP_NONE && !away(&shuffle_threads[tid]) &&
		    shuffle_op_enabled(tid, o))
			return 1;
	}
	return 0;
}

int shuffle_sched_leave(struct shuffle_thread *me, uint32_t op, uint64_t obj,
			int (*still_blocked)(void *ctx), void *ctx)
{
	struct shuffle_thread_record *r = record_of(me->tid);
	me->in_runtime = 1;
	r->pending_op = op;
	r->pending_obj = obj;
	me->still_blocked = still_blocked;
	me->ctx = ctx;
	me->returned = 0;
	me->left = 1;
	/* Another thread may run only if one can: otherwise keep the token and
	 * wait for the outside with it, as if this were one long step. */
	if (!shuffle_sched_others_enabled(me)) {
		me->left = 0;
		r->pending_op = SHUFFLE_OP_NONE;
		me->in_runtime = 0;
		return 0;
	}
	__atomic_store_n(&me->go, 0, __ATOMIC_RELAXED);
	give(pick());
	return 1;
}

void shuffle_sched_return(struct shuffle_thread *me)
{
	__atomic_store_n(&me->returned, 1, __ATOMIC_RELEASE);
	__atomic_add_fetch(&S->outside_epoch, 1, __ATOMIC_RELEASE);
	syscall(SYS_futex, &S->outside_epoch, FUTEX_WAKE, INT32_MAX, NULL, NULL, 0);
	shuffle_sched_wait_token(me);
	me->left = 0;
	record_of(me->tid)->pending_op = SHUFFLE_OP_NONE;
	me->in_runtime = 0;
}

/* Is `me` the only thread of the target left, with no process still
 * exiting or running uncontrolled? Then nothing can tell its steps apart. */
static int alone(const struct shuffle_thread *me)
{
	if (S->n_outside)
		return 0;
	for (uint32_t tid = 0; tid < S->n_threads; tid++)
		if (tid != me->tid && record_of(tid)->state == SHUFFLE_THREAD_RUNNING)
			return 0;
	return 1;
}

void shuffle_sched_point(struct shuffle_thread *me, uint32_t op, uint64_t obj, const char *note)
{
	struct shuffle_thread_record *r = record_of(me->tid);
	me->in_runtime = 1;
	r->pending_op = op;
	r->pending_obj = obj;
	/* Alone, an operation that can proceed and does not wait for virtual
	 * time is no decision and no step (a blocked one is a deadlock). */
	/* Alone, its steps need no decision; but its sleep moves virtual time
	 * while an alarm is set (pick). */
	int timed = op == SHUFFLE_OP_SLEEP && first_alarm() != SHUFFLE_NO_THREAD;
	if (!alone(me) || timed || !shuffle_op_enabled(me->tid, r) ||
	    shuffle_op_polite(me->tid, r)) {
		memset(me->note, 0, sizeof me->note);
		if (note)
			strncpy(me->note, note, sizeof me->note - 1);
		switch_to(me, pick());
	}
	int cancelled = shuffle_cancel_due(me->tid, r);
	r->pending_op = SHUFFLE_OP_NONE;
	me->in_runtime = 0;
	shuffle_signals_deliver(me);
	if (cancelled)
		shuffle_cancel_act(me, op, obj);
}

int shuffle_sched_alone(const struct shuffle_thread *me)
{
	for (uint32_t tid = 0; tid < S->n_threads; tid++)
		if (tid != me->tid && record_of(tid)->state == SHUFFLE_THREAD_RUNNING)
			return 0;
	return 1;
}

void shuffle_sched_note(struct shuffle_thread *me, uint32_t op, uint64_t obj)
{
	record(me->tid, op, obj, 0);
}

static void default_label(char *name, uint32_t index)
{
	/* A..Z, then AA..ZZ, then AAA...: bijective base 26. */
	char tmp[8];
	int len = 0;
	for (uint32_t n = index + 1; n > 0 && len < (int)sizeof tmp; n = (n - 1) / 26)
		tmp[len++] = (char)('A' + (n - 1) % 26);
	for (int i = 0; i < len; i++)
		name[i] = tmp[len - 1 - i];
	name[len] = '\0';
}

static struct shuffle_thread *new_slot(struct shuffle_thread *creator, int process)
{
	if (S->n_threads >= SHUFFLE_MAX_THREADS)
		end_run(SHUFFLE_RUN_OVERFLOW);
	uint32_t tid = S->n_threads++;
	struct shuffle_thread *t = &shuffle_threads[tid];
	memset(t, 0, sizeof *t);
	t->tid = tid;

	const struct shuffle_thread_record *parent = record_of(creator->tid);
	struct shuffle_thread_record *r = record_of(tid);
	memset(r, 0, sizeof *r);
	r->pid = parent->pid;
	r->process = parent->process;
	if (process) {
		r->process = ++S->n_processes;
		r->flags = SHUFFLE_THREAD_FORKED;
		snprintf(r->name, sizeof r->name, "p%u.main", r->process);
	} else {
		char letters[8];
		default_label(letters, S->n_letters++);
		if (r->process)
			snprintf(r->name, sizeof r->name, "p%u.%.4s", r->process % 100000, letters);
		else
			snprintf(r->name, sizeof r->name, "%s", letters);
	}
	t->sigmask = creator->sigmask; /* inherited, by a thread and by a child */
	if (process)
		t->cancel_disabled = creator->cancel_disabled; /* a thread starts enabled */
	r->state = SHUFFLE_THREAD_RUNNING;
	r->parent = creator->tid;
	/* Stopped before its first step: it competes with its creator, who
	 * goes on, and with everyone else (a new thread may run first). */
	r->pending_op = SHUFFLE_OP_START;
	r->pending_obj = creator->tid;
	r->holder = SHUFFLE_NO_THREAD;
	shuffle_trace->n_threads = S->n_threads;
	record(creator->tid, SHUFFLE_OP_CREATE, tid, 0);
	return t;
}

struct shuffle_thread *shuffle_sched_new_thread(struct shuffle_thread *creator)
{
	return new_slot(creator, 0);
}

struct shuffle_thread *shuffle_sched_new_process(struct shuffle_thread *parent)
{
	return new_slot(parent, 1);
}

pid_t shuffle_sched_forked(struct shuffle_thread *me, struct shuffle_thread *child, pid_t pid)
{
	if (pid < 0) {
		shuffle_sched_drop_thread(child);
		return pid;
	}
	record_of(child->tid)->pid = (uint32_t)pid;
	shuffle_sched_point(me, SHUFFLE_OP_RESUME, child->tid, NULL);
	return pid;
}

void shuffle_sched_enter_child(struct shuffle_thread *t)
{
	shuffle_pid = (uint32_t)getpid();
	shuffle_self = t;
	t->handle = pthread_self();
	struct shuffle_thread_record *r = record_of(t->tid);
	r->pid = shuffle_pid;
	r->ktid = (uint32_t)gettid();
	shuffle_sched_wait_token(t);
}

void shuffle_sched_drop_thread(struct shuffle_thread *t)
{
	record_of(t->tid)->state = SHUFFLE_THREAD_UNUSED;
	t->gone = 1;
}

void shuffle_sched_thread_exit(struct shuffle_thread *me)
{
	struct shuffle_thread_record *r = record_of(me->tid);
	me->in_runtime = 1;
	record(me->tid, SHUFFLE_OP_THREAD_EXIT, 0, 0);
	r->state = SHUFFLE_THREAD_EXITED;
	r->pending_op = SHUFFLE_OP_NONE;
	me->gone = 1;
	struct shuffle_thread *next = pick();
	if (next)
		give(next);
	/* This thread no longer takes part: what it still runs (TLS
	 * destructors, the C library's thread exit) runs beside the token. */
}

/* `me`'s process ends (exit, or exec of another program): all its threads
 * with it. The token goes to a thread of another process, if any is left. */
static void leave_process(struct shuffle_thread *me, int escaped)
{
	uint32_t process = record_of(me->tid)->process;
	S->alarms[process].deadline = 0; /* the kernel's ends with the process */
	if (S->n_outside < SHUFFLE_MAX_THREADS) {
		S->outside[S->n_outside].pid = shuffle_pid;
		S->outside[S->n_outside].escaped = (uint32_t)escaped;
		S->outside[S->n_outside].ktid = (uint32_t)gettid();
		S->n_outside++;
	}
	me->in_runtime = 1;
	for (uint32_t tid = 0; tid < S->n_threads; tid++) {
		struct shuffle_thread_record *r = record_of(tid);
		if (r->process == process && r->state == SHUFFLE_THREAD_RUNNING) {
			r->state = SHUFFLE_THREAD_EXITED;
			r->pending_op = SHUFFLE_OP_NONE;
		}
	}
	me->gone = 1;
	/* What this process still runs (exit handlers) runs uncontrolled; its
	 * other threads stay parked until the kernel ends them. */
	shuffle_mode = SHUFFLE_MODE_OFF;
	/* The next decision is taken once this process is gone, by a thread
	 * of another one (settle): from here, what it leaves behind cannot be
	 * seen yet. */
	for (uint32_t tid = 0; tid < S->n_threads; tid++) {
		const struct shuffle_thread_record *r = record_of(tid);
		if (r->state == SHUFFLE_THREAD_RUNNING && r->pending_op != SHUFFLE_OP_NONE &&
		    !away(&shuffle_threads[tid])) {
			S->repick = 1;
			give(&shuffle_threads[tid]);
			return;
		}
	}
	struct shuffle_thread *next = pick();
	if (next)
		give(next);
	else
		shuffle_trace->state = SHUFFLE_RUN_FINISHED;
}

/* Threads of this process the kernel knows, from /proc/self/task (raw
 * getdents64: no malloc at exit time); -1 if it cannot tell. */
static int kernel_threads(void)
{
	return shuffle_proc_list("/proc/self/task", NULL, NULL);
}

/* More threads than the runtime ever made here: some were made behind its
 * back (clone, or a library's own helper threads): they ran uncontrolled. */
static void count_foreign_threads(void)
{
	int known = 0;
	for (uint32_t tid = 0; tid < S->n_threads; tid++)
		known += record_of(tid)->pid == shuffle_pid &&
			 record_of(tid)->state != SHUFFLE_THREAD_UNUSED;
	int kernel = kernel_threads();
	if (kernel > known)
		shuffle_escape(SHUFFLE_ESCAPE_FOREIGN_THREAD);
}

void shuffle_sched_process_exit(struct shuffle_thread *me, int status)
{
	shuffle_sched_point(me, SHUFFLE_OP_PROCESS_EXIT, (uint32_t)status, NULL);
	count_foreign_threads();
	leave_process(me, 0);
}

void shuffle_sched_first_thread_return(struct shuffle_thread *me, int status)
{
	uint32_t process = record_of(me->tid)->process;
	for (uint32_t tid = 0; tid < S->n_threads; tid++)
		if (tid != me->tid && record_of(tid)->process == process &&
		    record_of(tid)->state == SHUFFLE_THREAD_RUNNING) {
			shuffle_sched_thread_exit(me);
			return;
		}
	shuffle_sched_process_exit(me, status);
}

void shuffle_sched_exec_uncontrolled(struct shuffle_thread *me)
{
	shuffle_escape(SHUFFLE_ESCAPE_EXEC);
	leave_process(me, 1);
}

uint32_t shuffle_sched_exec_others(struct shuffle_thread *me, uint32_t *ended)
{
	uint32_t process = record_of(me->tid)->process, n = 0;
	for (uint32_t tid = 0; tid < S->n_threads; tid++) {
		struct shuffle_thread_record *r = record_of(tid);
		if (tid != me->tid && r->process == process && r->state == SHUFFLE_THREAD_RUNNING) {
			r->state = SHUFFLE_THREAD_EXITED;
			ended[n++] = tid;
		}
	}
	return n;
}

void shuffle_sched_exec_failed(const uint32_t *ended, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		record_of(ended[i])->state = SHUFFLE_THREAD_RUNNING;
}

void shuffle_sched_join(void *shared, const struct shuffle_plan_step *prefix, uint32_t tid)
{
	S = shared;
	local_prefix = prefix;
	struct shuffle_thread *me = &shuffle_threads[tid];
	me->handle = pthread_self();
	me->in_runtime = 0;
	me->gone = 0;
	me->left = 0;
	me->self_blocked = 0;
	me->cancel_pending = 0; /* a new program, with cancellation enabled */
	me->cancel_disabled = 0;
	record_of(tid)->ktid = (uint32_t)gettid();
	record_of(tid)->pid = shuffle_pid;
	shuffle_self = me;
	shuffle_signals_hold(me);
	shuffle_mode = SHUFFLE_MODE_ON;
	/* After an exec it holds the token already; a spawned child waits
	 * for its first step. */
	shuffle_sched_wait_token(me);
}

void shuffle_sched_made_fd(uint64_t dev, uint64_t ino)
{
	if (!shuffle_sched_made(dev, ino) && S->n_made < SHUFFLE_MAX_THREADS) {
		S->made[S->n_made].dev = dev;
		S->made[S->n_made].ino = ino;
		S->n_made++;
	}
}

int shuffle_sched_made_any(void)
{
	return S->n_made != 0;
}

int shuffle_sched_made(uint64_t dev, uint64_t ino)
{
	for (uint32_t i = 0; i < S->n_made; i++)
		if (S->made[i].dev == dev && S->made[i].ino == ino)
			return 1;
	return 0;
}

void shuffle_sched_waited(pid_t pid)
{
	for (uint32_t tid = 0; tid < S->n_threads; tid++) {
		struct shuffle_thread_record *r = record_of(tid);
		if ((r->flags & SHUFFLE_THREAD_FORKED) && r->pid == (uint32_t)pid)
			r->flags |= SHUFFLE_THREAD_WAITED;
	}
}

/* The newest thread with this handle, in this process: the C library reuses
 * a joined thread's descriptor for the next thread it creates, and another
 * process's threads have handles of their own. */
struct shuffle_thread *shuffle_sched_find(pthread_t handle)
{
	for (uint32_t tid = S->n_threads; tid-- > 0;)
		if (record_of(tid)->state != SHUFFLE_THREAD_UNUSED &&
		    record_of(tid)->pid == shuffle_pid &&
		    pthread_equal(shuffle_threads[tid].handle, handle))
			return &shuffle_threads[tid];
	return NULL;
}

void shuffle_sched_set_name(struct shuffle_thread *t, const char *name)
{
	struct shuffle_thread_record *r = record_of(t->tid);
	memset(r->name, 0, sizeof r->name);
	strncpy(r->name, name, sizeof r->name - 1);
}

void shuffle_sched_start(const struct shuffle_plan_header *plan,
			 const struct shuffle_plan_step *prefix, void *shared)
{
	S = shared;
	local_prefix = prefix;
	/* The runtime checked the index when it read the plan. */
	shuffle_decider_init(&S->decider, plan->strategy, plan->seed, plan->policy_arg, prefix,
			     plan->n_prefix);
	S->max_steps = plan->max_steps;
	S->points = plan->points;

	struct shuffle_thread *main_thread = &shuffle_threads[0];
	memset(main_thread, 0, sizeof *main_thread);
	main_thread->go = 1;
	main_thread->handle = pthread_self();

	struct shuffle_thread_record *r = record_of(0);
	memset(r, 0, sizeof *r);
	strcpy(r->name, "main");
	r->ktid = (uint32_t)gettid();
	r->pid = shuffle_pid;
	r->state = SHUFFLE_THREAD_RUNNING;
	r->parent = SHUFFLE_NO_THREAD;
	r->holder = SHUFFLE_NO_THREAD;
	S->n_threads = 1;
	shuffle_trace->n_threads = 1;
	shuffle_trace->state = SHUFFLE_RUN_STARTED;
	shuffle_self = main_thread;
	shuffle_signals_hold(main_thread);
	shuffle_mode = SHUFFLE_MODE_ON;
}
