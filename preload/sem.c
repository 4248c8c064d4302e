/* sem.c - sem_wait, sem_trywait, sem_post.
 *
 * A waiter is enabled while the semaphore's value is positive (enabled.c reads
 * it with sem_getvalue, exact since only the token holder runs), so the real
 * sem_trywait below succeeds.
 */
#include "export.h"
#include "real.h"
#include "scheduler.h"
#include "timing.h"

#include <errno.h>

SHUFFLE_EXPORT int sem_wait(sem_t *s)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (!me)
		return REAL(sem_wait)(s);
	/* Again while the count is taken: only when another process held the
	 * token could the scheduler not read it (runtime.h, self_blocked). */
	int rc;
	for (;;) {
		shuffle_sched_point(me, SHUFFLE_OP_SEM_WAIT, (uintptr_t)s, NULL);
		rc = REAL(sem_trywait)(s);
		if (rc == 0 || errno != EAGAIN)
			break;
		me->self_blocked = 1;
	}
	me->self_blocked = 0;
	return rc;
}

SHUFFLE_EXPORT int sem_trywait(sem_t *s)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_point(me, SHUFFLE_OP_SEM_TRYWAIT, (uintptr_t)s, NULL);
	return REAL(sem_trywait)(s);
}

SHUFFLE_EXPORT int sem_post(sem_t *s)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_point(me, SHUFFLE_OP_SEM_POST, (uintptr_t)s, NULL);
	return REAL(sem_post)(s);
}

/* Timed waits run on virtual time: timing out is one of the scheduler's
 * choices (enabled.h). */
static int timed(struct shuffle_thread *me, sem_t *s, clockid_t clock,
		 const struct timespec *abstime)
{
	shuffle_sched_wake_at(me, shuffle_deadline(clock, abstime));
	shuffle_sched_point(me, SHUFFLE_OP_SEM_TIMEDWAIT, (uintptr_t)s, NULL);
	int rc = REAL(sem_trywait)(s);
	int timed_out = rc != 0 && errno == EAGAIN;
	shuffle_sched_timed_out(me, timed_out);
	if (timed_out)
		errno = ETIMEDOUT;
	return rc;
}

SHUFFLE_EXPORT int sem_timedwait(sem_t *s, const struct timespec *abstime)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (!me)
		return REAL(sem_timedwait)(s, abstime);
	return timed(me, s, CLOCK_REALTIME, abstime);
}

SHUFFLE_EXPORT int sem_clockwait(sem_t *s, clockid_t clock, const struct timespec *abstime)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (!me)
		return REAL(sem_clockwait)(s, clock, abstime);
	return timed(me, s, clock, abstime);
}
