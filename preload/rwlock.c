/* rwlock.c - read-write locks, on the runtime's model: a writer (owner) or
 * a count of readers (depth). A reader waits while a writer holds the lock,
 * a writer while anyone does; whom the unlock lets in is the scheduler's
 * choice, so writer starvation by a stream of readers is one of the
 * schedules explored. Timed variants wait like the plain ones. A
 * process-shared rwlock has one model for all processes (objects.h). */
#include "objects.h"
#include "interpose.h"
#include "scheduler.h"

#include <errno.h>

static void classify(pthread_rwlock_t *l)
{
	if (!shuffle_object_pshared(l, l->__data.__shared != 0))
		shuffle_escape(SHUFFLE_ESCAPE_MUTEX_STATE); /* a full table */
}

static void granted(struct shuffle_thread *me, pthread_rwlock_t *l, int writer)
{
	struct shuffle_object *o = shuffle_object(l);
	if (!o) {
		shuffle_escape(SHUFFLE_ESCAPE_MUTEX_STATE);
		return;
	}
	if (writer)
		o->owner = me->tid;
	else
		o->depth++;
}

/* The model said free, so the real try succeeds unless something outside
 * the runtime holds the lock; then block for real, as the program would. */
static int acquire(struct shuffle_thread *me, pthread_rwlock_t *l, int writer, int blocking)
{
	classify(l);
	shuffle_sched_point(
		me,
		blocking ? (writer ? SHUFFLE_OP_RWLOCK_WRLOCK : SHUFFLE_OP_RWLOCK_RDLOCK)
			 : (writer ? SHUFFLE_OP_RWLOCK_TRYWRLOCK : SHUFFLE_OP_RWLOCK_TRYRDLOCK),
		(uintptr_t)l, NULL);
	int rc = writer ? REAL(pthread_rwlock_trywrlock)(l) : REAL(pthread_rwlock_tryrdlock)(l);
	if (rc == EBUSY && blocking) {
		shuffle_escape(SHUFFLE_ESCAPE_MUTEX_STATE);
		rc = writer ? REAL(pthread_rwlock_wrlock)(l) : REAL(pthread_rwlock_rdlock)(l);
	}
	if (rc == 0)
		granted(me, l, writer);
	return rc;
}

int shuffle_wrap_pthread_rwlock_rdlock(struct shuffle_thread *me, pthread_rwlock_t *l)
{
	return acquire(me, l, 0, 1);
}

int shuffle_wrap_pthread_rwlock_wrlock(struct shuffle_thread *me, pthread_rwlock_t *l)
{
	return acquire(me, l, 1, 1);
}

int shuffle_wrap_pthread_rwlock_tryrdlock(struct shuffle_thread *me, pthread_rwlock_t *l)
{
	return acquire(me, l, 0, 0);
}

int shuffle_wrap_pthread_rwlock_trywrlock(struct shuffle_thread *me, pthread_rwlock_t *l)
{
	return acquire(me, l, 1, 0);
}

/* Timed rwlocks never time out here (the README says so). */
int shuffle_wrap_pthread_rwlock_timedrdlock(struct shuffle_thread *me, pthread_rwlock_t *l,
					    const struct timespec *t)
{
	(void)t;
	return acquire(me, l, 0, 1);
}

int shuffle_wrap_pthread_rwlock_timedwrlock(struct shuffle_thread *me, pthread_rwlock_t *l,
					    const struct timespec *t)
{
	(void)t;
	return acquire(me, l, 1, 1);
}

int shuffle_wrap_pthread_rwlock_unlock(struct shuffle_thread *me, pthread_rwlock_t *l)
{
	classify(l);
	shuffle_sched_point(me, SHUFFLE_OP_RWLOCK_UNLOCK, (uintptr_t)l, NULL);
	int rc = REAL(pthread_rwlock_unlock)(l);
	struct shuffle_object *o = shuffle_object(l);
	if (rc == 0 && o) {
		if (o->owner == me->tid)
			o->owner = SHUFFLE_NO_THREAD;
		else if (o->depth > 0)
			o->depth--;
	}
	return rc;
}
