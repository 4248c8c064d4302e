/* enabled.c - see enabled.h. */
#include "enabled.h"

#include "objects.h"
#include "real.h"
#include "runtime.h"

#include <pthread.h>

/* glibc keeps the mutex type in the low bits of __data.__kind (its
 * PTHREAD_MUTEX_KIND_MASK_NP, not exported); the bits above are flags. */
#define MUTEX_KIND_MASK 3

static int lock_enabled(uint32_t tid, const pthread_mutex_t *m)
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

int shuffle_op_enabled(uint32_t tid, const struct shuffle_thread_record *r)
{
	switch (r->pending_op) {
	case SHUFFLE_OP_MUTEX_LOCK:
		return lock_enabled(tid, (const pthread_mutex_t *)(uintptr_t)r->pending_obj);
	case SHUFFLE_OP_SEM_WAIT:
		return sem_positive(r->pending_obj);
	case SHUFFLE_OP_JOIN:
		return shuffle_trace->threads[(uint32_t)r->pending_obj].state ==
		       SHUFFLE_THREAD_EXITED;
	default:
		return 1;
	}
}

int shuffle_op_polite(uint32_t op)
{
	return op == SHUFFLE_OP_YIELD || op == SHUFFLE_OP_SLEEP || op == SHUFFLE_OP_SQL_BUSY;
}
