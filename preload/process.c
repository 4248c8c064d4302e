/* process.c - exit, fork, exec, waitpid.
 *
 * exit() from any thread is a scheduling point like main's return: other
 * threads may still run first. A forked child joins the schedule: its thread
 * is a task like the others (labelled p1.main, p2.main...), stopped before
 * its first step as a new thread is: parent or child may go first. The
 * scheduler's memory is shared with it (runtime.c), so the token passes
 * between the processes. waitpid waits, as a scheduling point, for a child
 * process to leave the schedule. exec is in exec.c.
 */
#include "export.h"
#include "interpose.h"
#include "scheduler.h"

#include <sys/wait.h>
#include <unistd.h>

/* The process leaves the schedule before it exits, from any thread. */
static void ending(void *call_site, int status)
{
	struct shuffle_thread *me = shuffle_controlled_at(call_site);
	if (me)
		shuffle_sched_process_exit(me, status);
}

SHUFFLE_EXPORT void exit(int status)
{
	ending(__builtin_return_address(0), status);
	REAL(exit)(status);
	__builtin_unreachable();
}

/* _exit skips the exit handlers, not the schedule: the process still
 * leaves it, so that the token is passed on. */
SHUFFLE_EXPORT void _exit(int status)
{
	ending(__builtin_return_address(0), status);
	REAL(_exit)(status);
	__builtin_unreachable();
}

SHUFFLE_EXPORT void _Exit(int status)
{
	_exit(status);
}

SHUFFLE_EXPORT pid_t fork(void)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (!me)
		return REAL(fork)();
	shuffle_sched_point(me, SHUFFLE_OP_FORK, 0, NULL);
	struct shuffle_thread *child = shuffle_sched_new_process(me);
	pid_t pid = REAL(fork)();
	if (pid == 0) {
		shuffle_sched_enter_child(child);
		return 0;
	}
	if (pid < 0) {
		shuffle_sched_drop_thread(child);
		return pid;
	}
	shuffle_trace->threads[child->tid].pid = (uint32_t)pid;
	shuffle_sched_point(me, SHUFFLE_OP_RESUME, child->tid, NULL);
	return pid;
}

static pid_t waited(pid_t got)
{
	if (got > 0)
		shuffle_sched_waited(got);
	return got;
}

pid_t shuffle_wrap_waitpid(struct shuffle_thread *me, pid_t pid, int *status, int options)
{
	shuffle_sched_point(me,
			    (options & WNOHANG) ? SHUFFLE_OP_WAITPID_NOHANG : SHUFFLE_OP_WAITPID,
			    (uint64_t)(int64_t)pid, NULL);
	return waited(REAL(waitpid)(pid, status, options));
}

pid_t shuffle_wrap_wait(struct shuffle_thread *me, int *status)
{
	return shuffle_wrap_waitpid(me, -1, status, 0);
}
