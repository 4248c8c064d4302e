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

#define COLLECT_ARGS(arg0, argv, ap, n)                                                            \
	do {                                                                                       \
		(argv)[0] = (char *)(arg0);                                                        \
		(n) = 1;                                                                           \
		while ((argv)[(n)-1] && (n) < MAX_EXEC_ARGS)                                       \
			(argv)[(n)++] = va_arg(ap, char *);                                        \
	} while (0)

SHUFFLE_EXPORT int execl(const char *path, const char *arg, ...)
{
	char *argv[MAX_EXEC_ARGS];
	size_t n;
	va_list ap;
	va_start(ap, arg);
	COLLECT_ARGS(arg, argv, ap, n);
	va_end(ap);
	if (argv[n - 1]) {
		errno = E2BIG;
		return -1;
	}
	return execv(path, argv);
}

SHUFFLE_EXPORT int execlp(const char *file, const char *arg, ...)
{
	char *argv[MAX_EXEC_ARGS];
	size_t n;
	va_list ap;
	va_start(ap, arg);
	COLLECT_ARGS(arg, argv, ap, n);
	va_end(ap);
	if (argv[n - 1]) {
		errno = E2BIG;
		return -1;
	}
	return execvp(file, argv);
}

SHUFFLE_EXPORT int execle(const char *path, const char *arg, ...)
{
	char *argv[MAX_EXEC_ARGS];
	size_t n;
	va_list ap;
	va_start(ap, arg);
	COLLECT_ARGS(arg, argv, ap, n);
	char *const *envp = va_arg(ap, char *const *);
	va_end(ap);
	if (argv[n - 1]) {
		errno = E2BIG;
		return -1;
	}
	return execve(path, argv, envp);
}
