/* enabled.c - see enabled.h. */
#include "enabled.h"

#include "objects.h"
#include "interpose.h"
#include "memory.h"
#include "ops.h"
#include "runtime.h"
#include "signals.h"

#include <assert.h>
#include <pthread.h>

/* The token holder may be in another process than the thread it asks
 * about (forked children): the models are looked up by the thread's pid,
 * and nothing here reads the thread's own memory or descriptors unless it
 * is in the holder's process. */
static const struct shuffle_object *model(uint32_t tid, uint64_t obj)
{
	return shuffle_object_find_in(shuffle_trace->threads[tid].pid,
				      (const void *)(uintptr_t)obj);
}

static int local(uint32_t tid)
{
	return shuffle_trace->threads[tid].pid == shuffle_pid;
}

static int lock_free_for(uint32_t tid, uint64_t obj)
{
	const struct shuffle_object *o = model(tid, obj);
	if (!o || o->owner == SHUFFLE_NO_THREAD || shuffle_mutex_orphaned(o))
		return 1;
	if (o->owner != tid)
		return 0;
	/* Re-locking a mutex it holds: a recursive one counts up, an
	 * error-checking one fails with EDEADLK; a normal one blocks for ever. */
	return o->kind == PTHREAD_MUTEX_RECURSIVE_NP || o->kind == PTHREAD_MUTEX_ERRORCHECK_NP;
}

static int sem_positive(uint32_t tid, uint64_t obj)
{
	if (!local(tid))
		return !shuffle_threads[tid].self_blocked;
	int value = 0;
	REAL(sem_getvalue)((sem_t *)(uintptr_t)obj, &value);
	return value > 0;
}

int shuffle_cond_can_wake(uint32_t tid, const void *cond)
{
	const struct shuffle_thread *t = &shuffle_threads[tid];
	const struct shuffle_object *c = model(tid, (uintptr_t)cond);
	return t->woken || (c && c->wakeups > 0 && t->ticket < c->eligible_below);
}

static int rwlock_free(uint32_t tid, uint64_t obj, int writer)
{
	const struct shuffle_object *o = model(tid, obj);
	return !o || (o->owner == SHUFFLE_NO_THREAD && (!writer || o->depth == 0));
}

static int barrier_open(uint32_t tid, uint64_t obj)
{
	const struct shuffle_thread *t = &shuffle_threads[tid];
	const struct shuffle_object *b = model(tid, obj);
	return t->phase == 0 || (b && b->round >= t->ticket);
}

static int once_free(uint32_t tid, uint64_t obj)
{
	const struct shuffle_object *o = model(tid, obj);
	return !o || o->owner == SHUFFLE_NO_THREAD;
}

static int fd_ready(uint32_t tid, uint64_t fd, int writing)
{
	if (!local(tid))
		return !shuffle_threads[tid].self_blocked;
	return writing ? shuffle_fd_writable((int)fd) : shuffle_fd_readable((int)fd);
}

static int poll_ready(uint32_t tid)
{
	return local(tid) ? shuffle_poll_ready(tid) : !shuffle_threads[tid].self_blocked;
}

/* Has every thread of the process whose first thread is `first` left? */
static int process_gone(uint32_t first)
{
	uint32_t process = shuffle_trace->threads[first].process;
	for (uint32_t t = 0; t < shuffle_trace->n_threads; t++) {
		const struct shuffle_thread_record *r = &shuffle_trace->threads[t];
		if (r->process == process && r->state == SHUFFLE_THREAD_RUNNING)
			return 0;
	}
	return 1;
}

/* waitpid(pid) can return: a forked child it may wait for has left the
 * schedule (and is not still exiting), or none of them is a controlled
 * process (the kernel answers). */
static int child_gone(uint32_t tid, int64_t pid)
{
	uint32_t mine = shuffle_trace->threads[tid].process;
	int children = 0;
	for (uint32_t t = 0; t < shuffle_trace->n_threads; t++) {
		const struct shuffle_thread_record *r = &shuffle_trace->threads[t];
		if (!(r->flags & SHUFFLE_THREAD_FORKED) || (r->flags & SHUFFLE_THREAD_WAITED) ||
		    shuffle_trace->threads[r->parent].process != mine ||
		    (pid > 0 && r->pid != (uint32_t)pid))
			continue;
		if (process_gone(t) && !(r->flags & SHUFFLE_THREAD_EXITING))
			return 1;
		children = 1;
	}
	return !children;
}

/* --- the rules named in ops.def -------------------------------------------- */

typedef int rule_fn(uint32_t tid, const struct shuffle_thread_record *r);

static int rule_always(uint32_t tid, const struct shuffle_thread_record *r)
{
	(void)tid;
	(void)r;
	return 1;
}

static int rule_lock_free(uint32_t tid, const struct shuffle_thread_record *r)
{
	return lock_free_for(tid, r->pending_obj);
}

static int rule_spin_free(uint32_t tid, const struct shuffle_thread_record *r)
{
	(void)tid;
	return shuffle_mutex_owner_in(r->pid, (const void *)(uintptr_t)r->pending_obj) ==
	       SHUFFLE_NO_THREAD;
}

static int rule_sem_positive(uint32_t tid, const struct shuffle_thread_record *r)
{
	return sem_positive(tid, r->pending_obj);
}

static int rule_joinable(uint32_t tid, const struct shuffle_thread_record *r)
{
	(void)tid;
	return shuffle_trace->threads[(uint32_t)r->pending_obj].state == SHUFFLE_THREAD_EXITED;
}

static int rule_cond_wakeable(uint32_t tid, const struct shuffle_thread_record *r)
{
	return shuffle_threads[tid].phase == 0 ||
	       shuffle_cond_can_wake(tid, (const void *)(uintptr_t)r->pending_obj);
}

static int rule_rd_free(uint32_t tid, const struct shuffle_thread_record *r)
{
	return rwlock_free(tid, r->pending_obj, 0);
}

static int rule_wr_free(uint32_t tid, const struct shuffle_thread_record *r)
{
	return rwlock_free(tid, r->pending_obj, 1);
}

static int rule_barrier_open(uint32_t tid, const struct shuffle_thread_record *r)
{
	return barrier_open(tid, r->pending_obj);
}

static int rule_once_free(uint32_t tid, const struct shuffle_thread_record *r)
{
	return once_free(tid, r->pending_obj);
}

static int rule_readable(uint32_t tid, const struct shuffle_thread_record *r)
{
	return fd_ready(tid, r->pending_obj, 0);
}

static int rule_writable(uint32_t tid, const struct shuffle_thread_record *r)
{
	return fd_ready(tid, r->pending_obj, 1);
}

/* Nothing ready: a timeout makes it polite, none blocks it. */
static int rule_io_ready(uint32_t tid, const struct shuffle_thread_record *r)
{
	(void)r;
	return shuffle_threads[tid].poll_timeout >= 0 || poll_ready(tid);
}

static int rule_child_gone(uint32_t tid, const struct shuffle_thread_record *r)
{
	return child_gone(tid, (int64_t)r->pending_obj);
}

static int rule_signal_awaited(uint32_t tid, const struct shuffle_thread_record *r)
{
	(void)r;
	return shuffle_signals_awaited(tid);
}

static int polite_never(uint32_t tid, const struct shuffle_thread_record *r)
{
	(void)tid;
	(void)r;
	return 0;
}

#define polite_always rule_always

/* A sleep right after the thread's previous sleep or yield: a retry loop,
 * which gives way so that the search cannot unroll it for ever. */
static int polite_napping(uint32_t tid, const struct shuffle_thread_record *r)
{
	(void)r;
	return shuffle_threads[tid].napped_last;
}

/* A testcancel right after the thread's previous one: a loop that only
 * waits to be cancelled, which gives way to the canceller. */
static int polite_testing(uint32_t tid, const struct shuffle_thread_record *r)
{
	(void)r;
	return shuffle_threads[tid].tested_last;
}

/* A timed wait that would time out is a choice like any other, unless the
 * thread's previous one timed out too: then it is a retry loop, which gives
 * way so that the search does not unroll it for ever. */
static int polite_cond_retry(uint32_t tid, const struct shuffle_thread_record *r)
{
	const struct shuffle_thread *t = &shuffle_threads[tid];
	return t->phase == 1 && t->timed_out_last &&
	       !shuffle_cond_can_wake(tid, (const void *)(uintptr_t)r->pending_obj);
}

static int polite_lock_retry(uint32_t tid, const struct shuffle_thread_record *r)
{
	return shuffle_threads[tid].timed_out_last && !lock_free_for(tid, r->pending_obj);
}

static int polite_sem_retry(uint32_t tid, const struct shuffle_thread_record *r)
{
	return shuffle_threads[tid].timed_out_last && !sem_positive(tid, r->pending_obj);
}

static int polite_signal_retry(uint32_t tid, const struct shuffle_thread_record *r)
{
	(void)r;
	return shuffle_threads[tid].timed_out_last && !shuffle_signals_awaited(tid);
}

/* poll(..., 0) in a loop is a busy poll: always polite. */
static int polite_poll_busy(uint32_t tid, const struct shuffle_thread_record *r)
{
	(void)r;
	const struct shuffle_thread *t = &shuffle_threads[tid];
	return (t->timed_out_last || t->poll_timeout == 0) && !poll_ready(tid);
}

/* No connection waits on the listening socket (only its own process can
 * look; a thread of another process is taken at its word). */
static int polite_not_pending(uint32_t tid, const struct shuffle_thread_record *r)
{
	struct pollfd p = { .fd = (int)r->pending_obj, .events = POLLIN };
	return local(tid) && REAL(poll)(&p, 1, 0) == 0;
}

/* A load re-reading, as its thread's next step, the value its previous
 * load of the same address returned (memory.c): a spin, which gives way
 * until some other thread changes the value or none can run. */
static int polite_spin(uint32_t tid, const struct shuffle_thread_record *r)
{
	const struct shuffle_thread *t = &shuffle_threads[tid];
	return local(tid) && t->spin_addr && t->spin_addr == r->pending_obj &&
	       shuffle_memory_unchanged(t);
}

static rule_fn *const enabled_rules[SHUFFLE_OP_COUNT] = {
#define SHUFFLE_OP(id, name, kind, show, letter, flags, enabled, polite)                           \
	[SHUFFLE_OP_##id] = rule_##enabled,
#include "ops.def"
#undef SHUFFLE_OP
};

static rule_fn *const polite_rules[SHUFFLE_OP_COUNT] = {
#define SHUFFLE_OP(id, name, kind, show, letter, flags, enabled, polite)                           \
	[SHUFFLE_OP_##id] = polite_##polite,
#include "ops.def"
#undef SHUFFLE_OP
};

int shuffle_cancel_due(uint32_t tid, const struct shuffle_thread_record *r)
{
	const struct shuffle_thread *t = &shuffle_threads[tid];
	int cond =
		r->pending_op == SHUFFLE_OP_COND_WAIT || r->pending_op == SHUFFLE_OP_COND_TIMEDWAIT;
	return t->cancel_pending && !t->cancel_disabled &&
	       (shuffle_op_info(r->pending_op)->flags & SHUFFLE_OPF_CANCEL) &&
	       !(cond && t->phase == 0);
}

int shuffle_op_enabled(uint32_t tid, const struct shuffle_thread_record *r)
{
	assert(r->pending_op < SHUFFLE_OP_COUNT);
	return enabled_rules[r->pending_op](tid, r) || shuffle_cancel_due(tid, r);
}

int shuffle_op_polite(uint32_t tid, const struct shuffle_thread_record *r)
{
	assert(r->pending_op < SHUFFLE_OP_COUNT);
	return polite_rules[r->pending_op](tid, r) && !shuffle_cancel_due(tid, r);
}
