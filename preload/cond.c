/* cond.c - condition variables, modelled entirely by the runtime.
 *
 * The real pthread_cond_wait cannot be called under control: the waiter
 * would sleep in the kernel holding the token. Instead a wait is three
 * scheduling points: (1) before it releases the mutex (another thread may
 * signal first: that is the lost wakeup), (2) blocked until woken, (3) the
 * re-lock of the mutex, which competes like any lock.
 *
 * Which waiter a signal wakes is the scheduler's choice: a signal leaves one
 * wake-up that any thread waiting at that moment may take (objects.h), and
 * the thread chosen to run takes it. A signal with no waiter is lost, as in
 * POSIX. A timed wait runs on virtual time: timing out is one of the
 * scheduler's choices (enabled.h), and nothing waits in real time. Spurious
 * wake-ups are not produced.
 *
 * A process-shared condvar has one model for all processes (objects.h);
 * its waiters are told by that model, not by address, as each process may
 * map it elsewhere.
 */
#include "cancel.h"
#include "enabled.h"
#include "mutex.h"
#include "objects.h"
#include "races.h"
#include "interpose.h"
#include "scheduler.h"
#include "timing.h"

#include <errno.h>

/* glibc keeps the process-shared flag in bit 0 of __wrefs. NULL (reported)
 * when the table is full. */
static struct shuffle_object *model(pthread_cond_t *c)
{
	struct shuffle_object *o = shuffle_object_pshared(c, c->__data.__wrefs & 1);
	if (!o)
		shuffle_escape(SHUFFLE_ESCAPE_MUTEX_STATE);
	return o;
}

static int cond_wait(struct shuffle_thread *me, pthread_cond_t *c, pthread_mutex_t *m, uint32_t op,
		     const struct timespec *abstime, clockid_t clock)
{
	struct shuffle_object *o = model(c);
	if (!o)
		return EINVAL;
	me->phase = 0;
	shuffle_sched_point(me, op, (uintptr_t)c, NULL);

	/* Release and start waiting in one step, as POSIX requires. */
	int rc = REAL(pthread_mutex_unlock)(m);
	if (rc != 0)
		return rc;
	shuffle_mutex_released(me, m);
	shuffle_races_step(me->tid, SHUFFLE_OP_MUTEX_UNLOCK, (uintptr_t)m);
	me->ticket = o->next_ticket++;
	me->woken = 0;
	me->cond_mutex = m;
	me->phase = 1;
	if (abstime)
		shuffle_sched_wake_at(me, shuffle_deadline(clock, abstime));
	shuffle_sched_point(me, op, (uintptr_t)c, NULL);

	int timed_out = !shuffle_cond_can_wake(me->tid, c);
	if (abstime)
		shuffle_sched_timed_out(me, timed_out);
	if (!timed_out && !me->woken)
		o->wakeups--;
	me->phase = 0;
	me->woken = 0;
	rc = shuffle_mutex_relock(me, m);
	return rc ? rc : timed_out ? ETIMEDOUT : 0;
}

int shuffle_wrap_pthread_cond_wait(struct shuffle_thread *me, pthread_cond_t *c, pthread_mutex_t *m)
{
	return cond_wait(me, c, m, SHUFFLE_OP_COND_WAIT, NULL, CLOCK_REALTIME);
}

int shuffle_wrap_pthread_cond_timedwait(struct shuffle_thread *me, pthread_cond_t *c,
					pthread_mutex_t *m, const struct timespec *abstime)
{
	/* The clock is the condvar's attribute, which glibc keeps private:
	 * realtime, the default, is assumed. */
	return cond_wait(me, c, m, SHUFFLE_OP_COND_TIMEDWAIT, abstime, CLOCK_REALTIME);
}

int shuffle_wrap_pthread_cond_clockwait(struct shuffle_thread *me, pthread_cond_t *c,
					pthread_mutex_t *m, clockid_t clock,
					const struct timespec *abstime)
{
	return cond_wait(me, c, m, SHUFFLE_OP_COND_TIMEDWAIT, abstime, clock);
}

/* Is tid waiting (phase 1) on the condvar modelled by o, and not yet woken
 * by a broadcast? (A thread of another process waits on its own condvar
 * at the same address unless they share the model.) */
static int waiting_on(uint32_t tid, const struct shuffle_object *o)
{
	const struct shuffle_thread_record *r = &shuffle_trace->threads[tid];
	return r->state == SHUFFLE_THREAD_RUNNING &&
	       (r->pending_op == SHUFFLE_OP_COND_WAIT ||
		r->pending_op == SHUFFLE_OP_COND_TIMEDWAIT) &&
	       shuffle_threads[tid].phase == 1 && !shuffle_threads[tid].woken &&
	       shuffle_object_find_in(r->pid, (const void *)(uintptr_t)r->pending_obj) == o;
}

/* POSIX: a waiter cancelled takes no signal another waiter could take. A
 * signal leaves at most one wake-up per waiter it may wake (signal below):
 * one too many once this waiter is gone is dropped, or a later waiter,
 * which may not take it, would never get the next signal's. */
void shuffle_cond_cancelled(struct shuffle_thread *me, pthread_cond_t *c)
{
	struct shuffle_object *o = model(c);
	if (o && !me->woken && shuffle_cond_can_wake(me->tid, c)) {
		uint32_t others = 0;
		for (uint32_t tid = 0; tid < shuffle_trace->n_threads; tid++)
			others += tid != me->tid && waiting_on(tid, o) &&
				  shuffle_threads[tid].ticket < o->eligible_below;
		if (o->wakeups > others)
			o->wakeups--;
	}
	me->phase = 0;
	me->woken = 0;
	shuffle_mutex_relock(me, me->cond_mutex);
}

int shuffle_wrap_pthread_cond_signal(struct shuffle_thread *me, pthread_cond_t *c)
{
	struct shuffle_object *o = model(c);
	shuffle_sched_point(me, SHUFFLE_OP_COND_SIGNAL, (uintptr_t)c, NULL);
	uint32_t waiters = 0;
	for (uint32_t tid = 0; o && tid < shuffle_trace->n_threads; tid++)
		waiters += waiting_on(tid, o);
	if (o && o->wakeups < waiters) {
		o->wakeups++;
		o->eligible_below = o->next_ticket;
	}
	return 0;
}

int shuffle_wrap_pthread_cond_broadcast(struct shuffle_thread *me, pthread_cond_t *c)
{
	struct shuffle_object *o = model(c);
	shuffle_sched_point(me, SHUFFLE_OP_COND_BROADCAST, (uintptr_t)c, NULL);
	for (uint32_t tid = 0; o && tid < shuffle_trace->n_threads; tid++)
		if (waiting_on(tid, o))
			shuffle_threads[tid].woken = 1;
	if (o)
		o->wakeups = 0;
	return 0;
}

int shuffle_hook_pthread_cond_init(struct shuffle_thread *me, int rc, pthread_cond_t *c,
				   const pthread_condattr_t *attr)
{
	(void)me;
	(void)attr;
	struct shuffle_object *o = shuffle_object_find(c);
	if (o)
		o->wakeups = 0;
	return rc;
}
