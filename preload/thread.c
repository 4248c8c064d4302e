/* thread.c - pthread_create, pthread_join, pthread_setname_np, and threads' ends.
 *
 * A new thread starts stopped before its first step (START), and its
 * creator stops too, before going on (RESUME): either may run first. Its first step (its body up to its first scheduling point)
 * may touch what its creator uses right after pthread_create: both orders
 * are real, so both are explored.
 *
 * A thread leaves the schedule when its body returns, or when it unwinds
 * (pthread_exit, a cancel) past the cleanup handler at the bottom of its
 * stack: its program's own cleanup handlers, which may unlock a mutex,
 * have run by then as its steps.
 */
#include "cancel.h"
#include "export.h"
#include "interpose.h"
#include "scheduler.h"

#include <unistd.h>

void shuffle_thread_unwound(void *unused)
{
	/* shuffle_self, not a slot saved on the stack: in a forked child the
	 * same stack belongs to the child's slot. */
	struct shuffle_thread *me = shuffle_self;
	(void)unused;
	if (shuffle_mode == SHUFFLE_MODE_ON && me && !me->gone)
		shuffle_sched_thread_exit(me);
}

static void *trampoline(void *arg)
{
	struct shuffle_thread *me = arg;
	shuffle_self = me;
	me->handle = pthread_self();
	shuffle_trace->threads[me->tid].ktid = (uint32_t)gettid();
	shuffle_sched_wait_token(me);
	void *ret;
	pthread_cleanup_push(shuffle_thread_unwound, NULL);
	ret = me->start(me->arg);
	pthread_cleanup_pop(0);
	shuffle_sched_thread_exit(me);
	return ret;
}

static int early_threads;

SHUFFLE_EXPORT int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
				  void *(*start)(void *), void *arg)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (!me) {
		if (shuffle_mode == SHUFFLE_MODE_PASSIVE)
			early_threads = 1;
		return REAL(pthread_create)(thread, attr, start, arg);
	}
	struct shuffle_thread *t = shuffle_sched_new_thread(me);
	t->start = start;
	t->arg = arg;
	int rc = REAL(pthread_create)(thread, attr, trampoline, t);
	if (rc != 0) {
		shuffle_sched_drop_thread(t);
		return rc;
	}
	t->handle = *thread;
	if (early_threads)
		shuffle_escape(SHUFFLE_ESCAPE_EARLY_THREAD);
	shuffle_sched_point(me, SHUFFLE_OP_RESUME, t->tid, NULL);
	return 0;
}

int shuffle_wrap_pthread_join(struct shuffle_thread *me, pthread_t thread, void **ret)
{
	struct shuffle_thread *t = shuffle_sched_find(thread);
	if (t) {
		if (shuffle_trace->threads[t->tid].state == SHUFFLE_THREAD_EXITED)
			shuffle_sched_note(me, SHUFFLE_OP_JOIN, t->tid);
		else
			shuffle_sched_point(me, SHUFFLE_OP_JOIN, t->tid, NULL);
	}
	return REAL(pthread_join)(thread, ret);
}

int shuffle_hook_pthread_setname_np(struct shuffle_thread *me, int rc, pthread_t thread,
				    const char *name)
{
	struct shuffle_thread *t = me && rc == 0 ? shuffle_sched_find(thread) : NULL;
	if (t)
		shuffle_sched_set_name(t, name);
	return rc;
}
