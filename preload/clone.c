/* clone.c - the C library's clone(), called by the program itself.
 *
 * Without CLONE_VM the child is a new process with a copy of the memory: it
 * joins the schedule as a forked child does (process.c), stopped before its
 * first step, whatever stack it was given. With CLONE_VM and CLONE_VFORK
 * (and no CLONE_THREAD) it is a vfork: as vfork is, it is made a copy, so
 * that it can be a task of its own while its parent competes with it (what
 * it writes to memory before exec or exit is then not seen by its parent).
 * With CLONE_VM otherwise (a thread not made by pthread_create, or a process
 * sharing the memory) the child cannot be told apart from its parent (same
 * memory, same thread-local runtime state): it runs uncontrolled, and the
 * run says so.
 */
#include "export.h"
#include "interpose.h"
#include "scheduler.h"

#include <errno.h>
#include <sched.h>
#include <stdarg.h>

/* The function the child runs and its slot: written by the token holder
 * just before the clone, read by the child in its own copy of memory. */
static struct {
	int (*fn)(void *);
	void *arg;
	struct shuffle_thread *slot;
} starting;

static int child_start(void *unused)
{
	(void)unused;
	int (*fn)(void *) = starting.fn;
	void *arg = starting.arg;
	shuffle_sched_enter_child(starting.slot);
	int status = fn(arg);
	/* The C library then ends this thread (exit, not exit_group): the
	 * process ends with it only if it is the process's last thread. */
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_first_thread_return(me, status);
	return status;
}

static int controlled_clone(struct shuffle_thread *me, int (*fn)(void *), void *stack, int flags,
			    void *arg, pid_t *parent_tid, void *tls, pid_t *child_tid)
{
	shuffle_sched_point(me, SHUFFLE_OP_FORK, 0, NULL);
	struct shuffle_thread *child = shuffle_sched_new_process(me);
	if (!child) {
		errno = EAGAIN;
		return -1;
	}
	starting.fn = fn;
	starting.arg = arg;
	starting.slot = child;
	/* A parent suspended until its child execs, holding the token, would
	 * wait for a child that waits for the token. */
	flags &= ~(CLONE_VM | CLONE_VFORK | CLONE_SIGHAND);
	int pid = REAL(clone)(child_start, stack, flags, NULL, parent_tid, tls, child_tid);
	return shuffle_sched_forked(me, child, pid);
}

SHUFFLE_EXPORT int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...)
{
	/* The optional arguments are read whether passed or not, as the C
	 * library's own clone does: the kernel looks only at those the flags
	 * name. */
	va_list more;
	va_start(more, arg);
	pid_t *parent_tid = va_arg(more, pid_t *);
	void *tls = va_arg(more, void *);
	pid_t *child_tid = va_arg(more, pid_t *);
	va_end(more);
	struct shuffle_thread *me = fn && stack ? shuffle_controlled() : NULL; /* else EINVAL */
	int vfork_like = (flags & (CLONE_VM | CLONE_VFORK | CLONE_THREAD)) ==
			 (CLONE_VM | CLONE_VFORK);
	if (me && (!(flags & CLONE_VM) || vfork_like))
		return controlled_clone(me, fn, stack, flags, arg, parent_tid, tls, child_tid);
	if (me)
		shuffle_escape((flags & CLONE_THREAD) ? SHUFFLE_ESCAPE_FOREIGN_THREAD
						      : SHUFFLE_ESCAPE_FORK);
	return REAL(clone)(fn, stack, flags, arg, parent_tid, tls, child_tid);
}
