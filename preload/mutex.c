/* mutex.c - pthread_mutex_lock, _trylock, _timedlock, _clocklock, _unlock.
 *
 * The scheduler lets a lock proceed only when its model (objects.h) says the
 * mutex is free, so the real call below never blocks. If it finds the mutex
 * busy anyway, something locked it behind the runtime's back (a lock taken
 * before main, or by an uncontrolled thread): that is reported as an escape
 * and the thread blocks for real, as the program would. A timed lock runs on
 * virtual time: timing out is one of the scheduler's choices (enabled.h).
 *
 * A process-shared mutex is modelled once for all processes (objects.h):
 * each wrapper says so before its scheduling point. A robust one whose
 * owner exited is free to the model; the kernel releases it when the owner
 * is really gone, and the next lock returns EOWNERDEAD as natively.
 */
#include "mutex.h"

#include "objects.h"
#include "interpose.h"
#include "scheduler.h"
#include "timing.h"

#include <errno.h>

/* Bits of glibc's __kind (its unexported PTHREAD_MUTEX_PSHARED_BIT and
 * PTHREAD_MUTEX_ROBUST_NORMAL_NP); the type is in the low two bits (its
 * PTHREAD_MUTEX_KIND_MASK_NP). */
#define KIND_TYPE    3
#define KIND_ROBUST  16
#define KIND_PSHARED 128

/* Before the first scheduling point on m: a process-shared mutex must
 * lead to its shared model before the rules look at it. NULL only when the
 * table is full: the model cannot follow the mutex, which the run reports. */
static void classify(pthread_mutex_t *m)
{
	if (!shuffle_object_pshared(m, m->__data.__kind & KIND_PSHARED))
		shuffle_escape(SHUFFLE_ESCAPE_MUTEX_STATE);
}

static void acquired(struct shuffle_thread *me, pthread_mutex_t *m)
{
	struct shuffle_object *s = shuffle_object(m);
	if (!s) {
		shuffle_escape(SHUFFLE_ESCAPE_MUTEX_STATE);
		return;
	}
	if (s->owner != me->tid)
		s->depth = 0; /* an orphaned robust mutex: its owner's count died with it */
	s->owner = me->tid;
	s->depth++;
	/* Kept for threads of other processes, which cannot read this mutex. */
	s->kind = (uint32_t)(m->__data.__kind & KIND_TYPE);
	s->robust = (m->__data.__kind & KIND_ROBUST) != 0;
}

void shuffle_mutex_released(struct shuffle_thread *me, pthread_mutex_t *m)
{
	struct shuffle_object *s = shuffle_object(m);
	if (s && s->owner == me->tid && --s->depth == 0)
		s->owner = SHUFFLE_NO_THREAD;
}

static int take(struct shuffle_thread *me, pthread_mutex_t *m, int block)
{
	/* The owner re-locking: the real call decides (recursive count,
	 * EDEADLK or EBUSY) and cannot block where the scheduler let it. */
	if (shuffle_mutex_owner(m) == me->tid) {
		int rc = block ? REAL(pthread_mutex_lock)(m) : REAL(pthread_mutex_trylock)(m);
		if (rc == 0 || rc == EOWNERDEAD)
			acquired(me, m);
		return rc;
	}
	int rc = REAL(pthread_mutex_trylock)(m);
	if (rc == EBUSY && block && shuffle_mutex_owner(m) == SHUFFLE_NO_THREAD) {
		/* Orphaned: the owner's process is on its way out, and the
		 * kernel releases the mutex when it is gone. */
		const struct shuffle_object *s = shuffle_object_find(m);
		if (!s || !shuffle_mutex_orphaned(s))
			shuffle_escape(SHUFFLE_ESCAPE_MUTEX_STATE);
		rc = REAL(pthread_mutex_lock)(m);
	}
	if (rc == 0 || rc == EOWNERDEAD)
		acquired(me, m);
	return rc;
}

int shuffle_mutex_relock(struct shuffle_thread *me, pthread_mutex_t *m)
{
	classify(m);
	shuffle_sched_point(me, SHUFFLE_OP_MUTEX_LOCK, (uintptr_t)m, NULL);
	return take(me, m, 1);
}

int shuffle_wrap_pthread_mutex_lock(struct shuffle_thread *me, pthread_mutex_t *m)
{
	return shuffle_mutex_relock(me, m);
}

int shuffle_wrap_pthread_mutex_trylock(struct shuffle_thread *me, pthread_mutex_t *m)
{
	classify(m);
	shuffle_sched_point(me, SHUFFLE_OP_MUTEX_TRYLOCK, (uintptr_t)m, NULL);
	return take(me, m, 0);
}

static int timed(struct shuffle_thread *me, pthread_mutex_t *m, clockid_t clock,
		 const struct timespec *abstime)
{
	classify(m);
	shuffle_sched_wake_at(me, shuffle_deadline(clock, abstime));
	shuffle_sched_point(me, SHUFFLE_OP_MUTEX_TIMEDLOCK, (uintptr_t)m, NULL);
	uint32_t owner = shuffle_mutex_owner(m);
	int rc;
	if (owner == SHUFFLE_NO_THREAD)
		rc = take(me, m, 1);
	else if (owner != me->tid)
		rc = ETIMEDOUT;
	else if ((rc = take(me, m, 0)) == EBUSY)
		rc = ETIMEDOUT; /* its own, not recursive: it would wait out the deadline */
	shuffle_sched_timed_out(me, rc == ETIMEDOUT);
	return rc;
}

int shuffle_wrap_pthread_mutex_timedlock(struct shuffle_thread *me, pthread_mutex_t *m,
					 const struct timespec *abstime)
{
	return timed(me, m, CLOCK_REALTIME, abstime);
}

int shuffle_wrap_pthread_mutex_clocklock(struct shuffle_thread *me, pthread_mutex_t *m,
					 clockid_t clock, const struct timespec *abstime)
{
	return timed(me, m, clock, abstime);
}

int shuffle_wrap_pthread_mutex_unlock(struct shuffle_thread *me, pthread_mutex_t *m)
{
	classify(m);
	shuffle_sched_point(me, SHUFFLE_OP_MUTEX_UNLOCK, (uintptr_t)m, NULL);
	int rc = REAL(pthread_mutex_unlock)(m);
	if (rc == 0)
		shuffle_mutex_released(me, m);
	return rc;
}
