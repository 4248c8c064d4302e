/* enabled.c - see enabled.h. */
#include "enabled.h"

#include "objects.h"
#include "real.h"
#include "runtime.h"

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
	if (!o || o->owner == SHUFFLE_NO_THREAD)
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
 * schedule, or none of them is a controlled process (the kernel answers). */
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
		if (process_gone(t))
			return 1;
		children = 1;
	}
	return !children;
}

int shuffle_op_enabled(uint32_t tid, const struct shuffle_thread_record *r)
{
	uint64_t obj = r->pending_obj;
	switch (r->pending_op) {
	case SHUFFLE_OP_MUTEX_LOCK:
		return lock_free_for(tid, obj);
	case SHUFFLE_OP_SPIN_LOCK:
		return shuffle_mutex_owner_in(r->pid, (const void *)(uintptr_t)obj) ==
		       SHUFFLE_NO_THREAD;
	case SHUFFLE_OP_SEM_WAIT:
		return sem_positive(tid, obj);
	case SHUFFLE_OP_JOIN:
		return shuffle_trace->threads[(uint32_t)r->pending_obj].state ==
		       SHUFFLE_THREAD_EXITED;
	case SHUFFLE_OP_COND_WAIT:
		return shuffle_threads[tid].phase == 0 ||
		       shuffle_cond_can_wake(tid, (const void *)(uintptr_t)obj);
	case SHUFFLE_OP_RWLOCK_RDLOCK:
		return rwlock_free(tid, obj, 0);
	case SHUFFLE_OP_RWLOCK_WRLOCK:
		return rwlock_free(tid, obj, 1);
	case SHUFFLE_OP_BARRIER_WAIT:
		return barrier_open(tid, obj);
	case SHUFFLE_OP_ONCE:
		return once_free(tid, obj);
	case SHUFFLE_OP_READ:
		return fd_ready(tid, obj, 0);
	case SHUFFLE_OP_IO_WAIT:
		/* Nothing ready: a timeout makes it polite, none blocks it. */
		return shuffle_threads[tid].poll_timeout >= 0 || poll_ready(tid);
	case SHUFFLE_OP_WRITE:
		return fd_ready(tid, obj, 1);
	case SHUFFLE_OP_WAITPID:
		return child_gone(tid, (int64_t)r->pending_obj);
	default:
		return 1;
	}
}

int shuffle_op_polite(uint32_t tid, const struct shuffle_thread_record *r)
{
	const void *obj = (const void *)(uintptr_t)r->pending_obj;
	switch (r->pending_op) {
	case SHUFFLE_OP_YIELD:
	case SHUFFLE_OP_SLEEP:
	case SHUFFLE_OP_SQL_BUSY:
		return 1;
	/* A timed wait that would time out is a choice like any other, unless
	 * the thread's previous one timed out too: then it is a retry loop,
	 * which gives way so that the search does not unroll it for ever. */
	case SHUFFLE_OP_COND_TIMEDWAIT:
		return shuffle_threads[tid].phase == 1 && shuffle_threads[tid].timed_out_last &&
		       !shuffle_cond_can_wake(tid, obj);
	case SHUFFLE_OP_MUTEX_TIMEDLOCK:
		return shuffle_threads[tid].timed_out_last && !lock_free_for(tid, r->pending_obj);
	case SHUFFLE_OP_SEM_TIMEDWAIT:
		return shuffle_threads[tid].timed_out_last && !sem_positive(tid, r->pending_obj);
	case SHUFFLE_OP_IO_WAIT:
		/* poll(..., 0) in a loop is a busy poll: always polite. */
		return (shuffle_threads[tid].timed_out_last ||
			shuffle_threads[tid].poll_timeout == 0) &&
		       !poll_ready(tid);
	default:
		return 0;
	}
}
