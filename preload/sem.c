/* sem.c - sem_wait, sem_trywait, sem_post.
 *
 * A waiter is enabled while the semaphore's value is positive (sched.c reads
 * it with sem_getvalue, exact since only the token holder runs), so the real
 * sem_trywait below succeeds; if it does not, someone outside the runtime
 * took the count, and the thread waits for real.
 */
#include "export.h"
#include "real.h"
#include "sched.h"

#include <errno.h>

SHUFFLE_EXPORT int sem_wait(sem_t *s)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (!me)
		return REAL(sem_wait)(s);
	shuffle_sched_point(me, SHUFFLE_OP_SEM_WAIT, (uintptr_t)s, NULL);
	int rc = REAL(sem_trywait)(s);
	if (rc != 0 && errno == EAGAIN) {
		shuffle_escape(SHUFFLE_ESCAPE_MUTEX_STATE);
		rc = REAL(sem_wait)(s);
	}
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
