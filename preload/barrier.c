/* barrier.c - pthread barriers, modelled by the runtime (the real wait
 * would sleep holding the token). A thread arrives at a scheduling point;
 * unless it is the last, it then waits at a second one until its round is
 * complete. The last to arrive gets PTHREAD_BARRIER_SERIAL_THREAD. */
#include "export.h"
#include "objects.h"
#include "real.h"
#include "scheduler.h"

#include <errno.h>

SHUFFLE_EXPORT int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *attr,
					unsigned count)
{
	int rc = REAL(pthread_barrier_init)(b, attr, count);
	struct shuffle_object *o = rc == 0 ? shuffle_object(b) : NULL;
	if (o) {
		o->count = count;
		o->arrived = 0;
	}
	return rc;
}

SHUFFLE_EXPORT int pthread_barrier_wait(pthread_barrier_t *b)
{
	struct shuffle_thread *me = shuffle_controlled();
	struct shuffle_object *o = me ? shuffle_object_find(b) : NULL;
	if (!o || o->count == 0) {
		/* Initialized before the runtime saw it: out of the model. */
		if (me)
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
