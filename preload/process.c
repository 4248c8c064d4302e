/* process.c - exit, fork, vfork, the wait family.
 *
 * exit() from any thread is a scheduling point like main's return: other
 * threads may still run first. A forked child joins the schedule: its thread
 * is a task like the others (labelled p1.main, p2.main...), stopped before
 * its first step as a new thread is: parent or child may go first. The
 * scheduler's memory is shared with it (runtime.c), so the token passes
 * between the processes. vfork is a fork: what a vfork child may do (exec,
 * _exit) it may do in a copy too, and its parent then competes with it
 * instead of being suspended, an order vfork allows as well. The wait
 * family waits, as a scheduling point, for a child process to leave the
 * schedule (the scheduler then waits for the kernel to reap it, see
 * scheduler.c). exec is in exec.c, posix_spawn, system and popen in
 * spawn.c.
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

static pid_t controlled_fork(struct shuffle_thread *me)
{
	shuffle_sched_point(me, SHUFFLE_OP_FORK, 0, NULL);
	struct shuffle_thread *child = shuffle_sched_new_process(me);
	pid_t pid = REAL(fork)();
	if (pid == 0) {
		shuffle_sched_enter_child(child);
		return 0;
	}
	return shuffle_sched_forked(me, child, pid);
}

SHUFFLE_EXPORT pid_t fork(void)
{
	struct shuffle_thread *me = shuffle_controlled();
	return me ? controlled_fork(me) : REAL(fork)();
}

/* Uncontrolled, a real vfork would share this frame with its child: the
 * child returns into the caller, so only fork can stand for it here. */
SHUFFLE_EXPORT pid_t vfork(void)
{
	struct shuffle_thread *me = shuffle_controlled();
	return me ? controlled_fork(me) : REAL(fork)();
}

static pid_t waited(pid_t got)
{
	if (got > 0)
		shuffle_sched_waited(got);
	return got;
}

/* The point before a wait for pid (as waitpid takes it: -1 any child, 0 or
 * less than -1 a process group, which the model takes as any child). */
static void wait_point(struct shuffle_thread *me, pid_t pid, int options)
{
	shuffle_sched_point(me,
			    (options & WNOHANG) ? SHUFFLE_OP_WAITPID_NOHANG : SHUFFLE_OP_WAITPID,
			    (uint64_t)(int64_t)pid, NULL);
}

pid_t shuffle_wrap_waitpid(struct shuffle_thread *me, pid_t pid, int *status, int options)
{
	wait_point(me, pid, options);
	return waited(REAL(waitpid)(pid, status, options));
}

pid_t shuffle_wrap_wait(struct shuffle_thread *me, int *status)
{
	return shuffle_wrap_waitpid(me, -1, status, 0);
}

pid_t shuffle_wrap_wait3(struct shuffle_thread *me, int *status, int options,
			 struct rusage *usage)
{
	wait_point(me, -1, options);
	return waited(REAL(wait3)(status, options, usage));
}

pid_t shuffle_wrap_wait4(struct shuffle_thread *me, pid_t pid, int *status, int options,
			 struct rusage *usage)
{
	wait_point(me, pid, options);
	return waited(REAL(wait4)(pid, status, options, usage));
}

int shuffle_wrap_waitid(struct shuffle_thread *me, idtype_t idtype, id_t id, siginfo_t *info,
			int options)
{
	wait_point(me, idtype == P_PID ? (pid_t)id : -1, options);
	int rc = REAL(waitid)(idtype, id, info, options);
	if (rc == 0 && !(options & WNOWAIT) && info)
		waited(info->si_pid);
	return rc;
}
