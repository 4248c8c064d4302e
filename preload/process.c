/* process.c - exit, fork, exec, waitpid.
 *
 * exit() from any thread is a scheduling point like main's return: other
 * threads may still run first. A forked child joins the schedule: its thread
 * is a task like the others (labelled p1.main, p2.main...), and runs up to
 * its first point inside its parent's step, as a new thread does. The
 * scheduler's memory is shared with it (runtime.c), so the token passes
 * between the processes. waitpid waits, as a scheduling point, for a child
 * process to leave the schedule. A process that exec()s another program
 * leaves the schedule: that program runs uncontrolled, and the run says so.
 */
#include "export.h"
#include "real.h"
#include "scheduler.h"

#include <errno.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <unistd.h>

SHUFFLE_EXPORT void exit(int status)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_process_exit(me, status);
	REAL(exit)(status);
	__builtin_unreachable();
}

/* _exit skips the exit handlers, not the schedule: the process still
 * leaves it, so that the token is passed on. */
SHUFFLE_EXPORT void _exit(int status)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_process_exit(me, status);
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
	shuffle_sched_run_new(me, child);
	return pid;
}

static pid_t waited(pid_t got)
{
	if (got > 0)
		shuffle_sched_waited(got);
	return got;
}

SHUFFLE_EXPORT pid_t waitpid(pid_t pid, int *status, int options)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (!me)
		return REAL(waitpid)(pid, status, options);
	shuffle_sched_point(me,
			    (options & WNOHANG) ? SHUFFLE_OP_WAITPID_NOHANG : SHUFFLE_OP_WAITPID,
			    (uint64_t)(int64_t)pid, NULL);
	return waited(REAL(waitpid)(pid, status, options));
}

SHUFFLE_EXPORT pid_t wait(int *status)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (!me)
		return REAL(waitpid)(-1, status, 0);
	shuffle_sched_point(me, SHUFFLE_OP_WAITPID, (uint64_t)(int64_t)-1, NULL);
	return waited(REAL(waitpid)(-1, status, 0));
}

SHUFFLE_EXPORT int execve(const char *path, char *const argv[], char *const envp[])
{
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_exec(me);
	return REAL(execve)(path, argv, envp);
}

SHUFFLE_EXPORT int execv(const char *path, char *const argv[])
{
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_exec(me);
	return REAL(execv)(path, argv);
}

SHUFFLE_EXPORT int execvp(const char *file, char *const argv[])
{
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_exec(me);
	return REAL(execvp)(file, argv);
}

SHUFFLE_EXPORT int execvpe(const char *file, char *const argv[], char *const envp[])
{
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_exec(me);
	return REAL(execvpe)(file, argv, envp);
}

/* The execl family: gather the variadic arguments, then as execve/execvp. */
#define MAX_EXEC_ARGS 4096

/* argv from arg0 and the arguments after it, NULL included; -1 (E2BIG)
 * when there are too many. */
static int collect(const char *arg0, va_list *ap, char **argv)
{
	argv[0] = (char *)arg0;
	for (size_t n = 1; argv[n - 1]; n++) {
		if (n == MAX_EXEC_ARGS) {
			errno = E2BIG;
			return -1;
		}
		argv[n] = va_arg(*ap, char *);
	}
	return 0;
}

SHUFFLE_EXPORT int execl(const char *path, const char *arg, ...)
{
	char *argv[MAX_EXEC_ARGS];
	va_list ap;
	va_start(ap, arg);
	int rc = collect(arg, &ap, argv);
	va_end(ap);
	return rc ? rc : execv(path, argv);
}

SHUFFLE_EXPORT int execlp(const char *file, const char *arg, ...)
{
	char *argv[MAX_EXEC_ARGS];
	va_list ap;
	va_start(ap, arg);
	int rc = collect(arg, &ap, argv);
	va_end(ap);
	return rc ? rc : execvp(file, argv);
}

SHUFFLE_EXPORT int execle(const char *path, const char *arg, ...)
{
	char *argv[MAX_EXEC_ARGS];
	va_list ap;
	va_start(ap, arg);
	int rc = collect(arg, &ap, argv);
	char *const *envp = rc ? NULL : va_arg(ap, char *const *);
	va_end(ap);
	return rc ? rc : execve(path, argv, envp);
}
