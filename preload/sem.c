/* sem.c - sem_wait and the timed waits (sem_trywait and sem_post are plain
 * points: interpose.def).
 *
 * A waiter is enabled while the semaphore's value is positive (enabled.c reads
 * it with sem_getvalue, exact since only the token holder runs), so the real
 * sem_trywait below succeeds.
 */
#include "interpose.h"
#include "scheduler.h"
#include "timing.h"

#include <errno.h>

int shuffle_wrap_sem_wait(struct shuffle_thread *me, sem_t *s)
{
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

int shuffle_wrap_sem_timedwait(struct shuffle_thread *me, sem_t *s, const struct timespec *abstime)
{
	return timed(me, s, CLOCK_REALTIME, abstime);
}

int shuffle_wrap_sem_clockwait(struct shuffle_thread *me, sem_t *s, clockid_t clock,
			       const struct timespec *abstime)
{
	return timed(me, s, clock, abstime);
}
