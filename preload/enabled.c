/* enabled.c - see enabled.h. */
#include "enabled.h"

#include "objects.h"
#include "real.h"
#include "runtime.h"

#include <pthread.h>

/* glibc keeps the mutex type in the low bits of __data.__kind (its
 * PTHREAD_MUTEX_KIND_MASK_NP, not exported); the bits above are flags. */
#define MUTEX_KIND_MASK 3

static int lock_free_for(uint32_t tid, const pthread_mutex_t *m)
{
	uint32_t owner = shuffle_mutex_owner(m);
	if (owner == SHUFFLE_NO_THREAD)
		return 1;
	if (owner != tid)
		return 0;
	/* Re-locking a mutex it holds: a recursive one counts up, an
	 * error-checking one fails with EDEADLK; a normal one blocks for ever. */
	int kind = m->__data.__kind & MUTEX_KIND_MASK;
	return kind == PTHREAD_MUTEX_RECURSIVE_NP || kind == PTHREAD_MUTEX_ERRORCHECK_NP;
}

static int sem_positive(uint64_t obj)
{
	int value = 0;
	REAL(sem_getvalue)((sem_t *)(uintptr_t)obj, &value);
	return value > 0;
}

int shuffle_cond_can_wake(uint32_t tid, const void *cond)
{
	const struct shuffle_thread *t = &shuffle_threads[tid];
	const struct shuffle_object *c = shuffle_object_find(cond);
	return t->woken || (c && c->wakeups > 0 && t->ticket < c->eligible_below);
}

static int rwlock_free(uint64_t obj, int writer)
{
	const struct shuffle_object *o = shuffle_object_find((const void *)(uintptr_t)obj);
	return !o || (o->owner == SHUFFLE_NO_THREAD && (!writer || o->depth == 0));
}

static int barrier_open(uint32_t tid, uint64_t obj)
{
	const struct shuffle_thread *t = &shuffle_threads[tid];
	const struct shuffle_object *b = shuffle_object_find((const void *)(uintptr_t)obj);
	return t->phase == 0 || (b && b->round >= t->ticket);
}

static int once_free(uint64_t obj)
{
	const struct shuffle_object *o = shuffle_object_find((const void *)(uintptr_t)obj);
	return !o || o->owner == SHUFFLE_NO_THREAD;
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
	const void *obj = (const void *)(uintptr_t)r->pending_obj;
	switch (r->pending_op) {
	case SHUFFLE_OP_MUTEX_LOCK:
		return lock_free_for(tid, obj);
	case SHUFFLE_OP_SPIN_LOCK:
		return shuffle_mutex_owner(obj) == SHUFFLE_NO_THREAD;
	case SHUFFLE_OP_SEM_WAIT:
		return sem_positive(r->pending_obj);
	case SHUFFLE_OP_JOIN:
		return shuffle_trace->threads[(uint32_t)r->pending_obj].state ==
		       SHUFFLE_THREAD_EXITED;
	case SHUFFLE_OP_COND_WAIT:
		return shuffle_threads[tid].phase == 0 || shuffle_cond_can_wake(tid, obj);
	case SHUFFLE_OP_RWLOCK_RDLOCK:
		return rwlock_free(r->pending_obj, 0);
	case SHUFFLE_OP_RWLOCK_WRLOCK:
		return rwlock_free(r->pending_obj, 1);
	case SHUFFLE_OP_BARRIER_WAIT:
		return barrier_open(tid, r->pending_obj);
	case SHUFFLE_OP_ONCE:
		return once_free(r->pending_obj);
	case SHUFFLE_OP_READ:
		return shuffle_fd_readable((int)r->pending_obj);
	case SHUFFLE_OP_IO_WAIT:
		/* Nothing ready: a timeout makes it polite, none blocks it. */
		return shuffle_threads[tid].poll_timeout >= 0 || shuffle_poll_ready(tid);
	case SHUFFLE_OP_WRITE:
		return shuffle_fd_writable((int)r->pending_obj);
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
	/* Timed waits give way only while they would time out. */
	case SHUFFLE_OP_COND_TIMEDWAIT:
		return shuffle_threads[tid].phase == 1 && !shuffle_cond_can_wake(tid, obj);
	case SHUFFLE_OP_MUTEX_TIMEDLOCK:
		return !lock_free_for(tid, obj);
	case SHUFFLE_OP_SEM_TIMEDWAIT:
		return !sem_positive(r->pending_obj);
	case SHUFFLE_OP_IO_WAIT:
		return !shuffle_poll_ready(tid);
	default:
		return 0;
	}
}
