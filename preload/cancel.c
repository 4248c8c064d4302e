/* cancel.c - pthread_cancel, pthread_setcancelstate, pthread_testcancel.
 *
 * The C library's own cancellation must not fire where the runtime cannot
 * see it: a thread parked for the token, or the token holder asking whether
 * another thread's descriptor is ready (poll() is a cancellation point),
 * would unwind out of the runtime's middle. So pthread_cancel of a thread of
 * the target is a point of the canceller that only records the request. The
 * target acts on it at its next cancellation point that is a scheduling
 * point (the ops.def rows with SHUFFLE_OPF_CANCEL) while its cancellation is
 * enabled: a wait there is enabled by the cancel (enabled.h), and, chosen,
 * the thread ends itself as the C library's cancellation would, holding the
 * token, so that its cleanup handlers run as its own steps. The asynchronous
 * cancel type is taken as deferred: the cancel waits for such a point too.
 */
#include "cancel.h"

#include "export.h"
#include "interpose.h"
#include "scheduler.h"

int shuffle_wrap_pthread_cancel(struct shuffle_thread *me, pthread_t thread)
{
	struct shuffle_thread *t = shuffle_sched_find(thread);
	if (!t)
		return REAL(pthread_cancel)(thread); /* not a thread of the schedule */
	shuffle_sched_point(me, SHUFFLE_OP_CANCEL, t->tid, NULL);
	/* A thread that has ended: nothing to do, and 0, as glibc (2.34 on)
	 * answers for a thread not yet joined. */
	if (shuffle_trace->threads[t->tid].state == SHUFFLE_THREAD_RUNNING && !t->gone)
		t->cancel_pending = 1;
	return 0;
}

int shuffle_hook_pthread_setcancelstate(struct shuffle_thread *me, int rc, int state, int *old)
{
	(void)old;
	if (me && rc == 0)
		me->cancel_disabled = state == PTHREAD_CANCEL_DISABLE;
	return rc;
}

SHUFFLE_EXPORT void pthread_testcancel(void)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_point(me, SHUFFLE_OP_TESTCANCEL, 0, NULL);
	else
		REAL(pthread_testcancel)();
}

void shuffle_cancel_act(struct shuffle_thread *me, uint32_t op, uint64_t obj)
{
	me->cancel_pending = 0;
	/* What the interrupted wait set up for the scheduler ends with it. */
	me->self_blocked = 0;
	me->poll_fds = NULL;
	me->sig_wanted = 0;
	if ((op == SHUFFLE_OP_COND_WAIT || op == SHUFFLE_OP_COND_TIMEDWAIT) && me->phase == 1)
		shuffle_cond_cancelled(me, (pthread_cond_t *)(uintptr_t)obj);
	/* The C library's cancellation is this same unwinding, with
	 * PTHREAD_CANCELED for the joiner; and it happens whatever the real
	 * cancel state (the runtime's view is the one that counts). */
	REAL(pthread_exit)(PTHREAD_CANCELED);
	__builtin_unreachable();
}
