/* spin.c - spinlocks and pthread_once.
 *
 * A spinlock is a mutex to the model: its waiters are not enabled while it
 * is held, rather than spinning with the token. pthread_once lets one thread
 * run the init routine; another thread arriving meanwhile waits (is not
 * enabled) until the routine returned, instead of sleeping in the kernel
 * while holding the token.
 */
#include "objects.h"
#include "interpose.h"
#include "scheduler.h"

#include <errno.h>

static void set_owner(pthread_spinlock_t *lock, uint32_t owner)
{
	struct shuffle_object *o = shuffle_object((const void *)(uintptr_t)lock);
	if (o)
		o->owner = owner;
	else
		shuffle_escape(SHUFFLE_ESCAPE_MUTEX_STATE);
}

int shuffle_wrap_pthread_spin_lock(struct shuffle_thread *me, pthread_spinlock_t *l)
{
	shuffle_sched_point(me, SHUFFLE_OP_SPIN_LOCK, (uintptr_t)l, NULL);
	int rc = REAL(pthread_spin_trylock)(l);
	if (rc == EBUSY) {
		shuffle_escape(SHUFFLE_ESCAPE_MUTEX_STATE);
		rc = REAL(pthread_spin_lock)(l);
	}
	if (rc == 0)
		set_owner(l, me->tid);
	return rc;
}

int shuffle_wrap_pthread_spin_trylock(struct shuffle_thread *me, pthread_spinlock_t *l)
{
	shuffle_sched_point(me, SHUFFLE_OP_SPIN_TRYLOCK, (uintptr_t)l, NULL);
	int rc = REAL(pthread_spin_trylock)(l);
	if (rc == 0)
		set_owner(l, me->tid);
	return rc;
}

int shuffle_wrap_pthread_spin_unlock(struct shuffle_thread *me, pthread_spinlock_t *l)
{
	shuffle_sched_point(me, SHUFFLE_OP_SPIN_UNLOCK, (uintptr_t)l, NULL);
	set_owner(l, SHUFFLE_NO_THREAD);
	return REAL(pthread_spin_unlock)(l);
}

int shuffle_wrap_pthread_once(struct shuffle_thread *me, pthread_once_t *once, void (*init)(void))
{
	shuffle_sched_point(me, SHUFFLE_OP_ONCE, (uintptr_t)once, NULL);
	struct shuffle_object *o = shuffle_object(once);
	if (o && !o->done)
		o->owner = me->tid;
	int rc = REAL(pthread_once)(once, init);
	if (o) {
		o->owner = SHUFFLE_NO_THREAD;
		o->done = 1;
	}
	return rc;
}
