/* barrier.c - pthread barriers, modelled by the runtime (the real wait
 * would sleep holding the token). A thread arrives at a scheduling point;
 * unless it is the last, it then waits at a second one until its round is
 * complete. The last to arrive gets PTHREAD_BARRIER_SERIAL_THREAD. A
 * process-shared barrier has one model for all processes (objects.h). */
#include "objects.h"
#include "interpose.h"
#include "scheduler.h"

#include <errno.h>
#include <string.h>

/* glibc's barrier is private (struct pthread_barrier): its fourth word
 * is non-zero when the barrier is process-shared. */
static struct shuffle_object *model(pthread_barrier_t *b)
{
	unsigned shared;
	memcpy(&shared, (const char *)b + 3 * sizeof shared, sizeof shared);
	return shuffle_object_pshared(b, shared != 0);
}

int shuffle_hook_pthread_barrier_init(struct shuffle_thread *me, int rc, pthread_barrier_t *b,
				      const pthread_barrierattr_t *attr, unsigned count)
{
	(void)me;
	(void)attr;
	struct shuffle_object *o = rc == 0 ? model(b) : NULL;
	if (o) {
		o->count = count;
		o->arrived = 0;
	}
	return rc;
}

int shuffle_wrap_pthread_barrier_wait(struct shuffle_thread *me, pthread_barrier_t *b)
{
	struct shuffle_object *o = model(b);
	if (!o || o->count == 0) {
		/* Initialized before the runtime saw it: out of the model. */
		shuffle_escape(SHUFFLE_ESCAPE_MUTEX_STATE);
		return REAL(pthread_barrier_wait)(b);
	}
	me->phase = 0;
	shuffle_sched_point(me, SHUFFLE_OP_BARRIER_WAIT, (uintptr_t)b, NULL);
	if (++o->arrived == o->count) {
		o->arrived = 0;
		o->round++;
		return PTHREAD_BARRIER_SERIAL_THREAD;
	}
	me->phase = 1;
	me->ticket = o->round + 1;
	shuffle_sched_point(me, SHUFFLE_OP_BARRIER_WAIT, (uintptr_t)b, NULL);
	me->phase = 0;
	return 0;
}
