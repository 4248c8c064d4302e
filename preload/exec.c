/* exec.c - the exec family.
 *
 * A controlled process that exec()s a program the runtime will be loaded
 * into again (dynamically linked, not setuid, LD_PRELOAD still naming the
 * runtime) hands its thread's slot, token included, to that program: the
 * scheduler's memory and the trace stay open across the exec, and
 * SHUFFLE_JOIN tells the new runtime which slot is its own (runtime.c). Its
 * other threads end with the old program. Any other program leaves the
 * schedule and runs uncontrolled, and the run says so.
 */
#include "exec.h"
#include "export.h"
#include "interpose.h"
#include "loadable.h"
#include "scheduler.h"
#include "signals.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

/* Will the loader run the runtime in this program? */
int shuffle_exec_loads_runtime(const char *path, char *const envp[])
{
	int preload = 0;
	for (size_t i = 0; envp && envp[i] && !preload; i++)
		preload = !strncmp(envp[i], "LD_PRELOAD=", 11) && strstr(envp[i], "libshuffle");
	struct stat st;
	if (!preload || stat(path, &st) != 0 || (st.st_mode & (S_ISUID | S_ISGID)))
		return 0;
	enum shuffle_elf_kind kind = shuffle_elf_kind(path);
	return kind == SHUFFLE_ELF_DYNAMIC || kind == SHUFFLE_ELF_SCRIPT;
}

char **shuffle_exec_join_environment(char *const envp[], uint32_t tid, char *entry, size_t size)
{
	size_t n = 0;
	while (envp && envp[n])
		n++;
	char **env = malloc((n + 2) * sizeof *env);
	if (!env)
		return NULL;
	/* A shell keeps the SHUFFLE_JOIN it started with among its variables
	 * (the runtime's unsetenv does not reach them) and passes it on: that
	 * slot is not the new program's. */
	size_t len = strlen(SHUFFLE_ENV_JOIN), kept = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(envp[i], SHUFFLE_ENV_JOIN, len) != 0 || envp[i][len] != '=')
			env[kept++] = envp[i];
	snprintf(entry, size, "%s=%u", SHUFFLE_ENV_JOIN, tid);
	env[kept] = entry;
	env[kept + 1] = NULL;
	return env;
}

void shuffle_exec_keep_open(int on)
{
	fcntl(SHUFFLE_SHARED_FD_NUM, F_SETFD, on ? 0 : FD_CLOEXEC);
	fcntl(SHUFFLE_TRACE_FD_NUM, F_SETFD, on ? 0 : FD_CLOEXEC);
}

static int exec_under_control(struct shuffle_thread *me, const char *path, char *const argv[],
			      char *const envp[])
{
	shuffle_sched_point(me, SHUFFLE_OP_EXEC, 0, NULL);
	char entry[48];
	char **env = path && shuffle_exec_loads_runtime(path, envp)
			     ? shuffle_exec_join_environment(envp, me->tid, entry, sizeof entry)
			     : NULL;
	if (!env) {
		shuffle_sched_exec_uncontrolled(me);
		shuffle_signals_release(me); /* for good: the process left */
		return path ? REAL(execve)(path, argv, envp) : (errno = ENOENT, -1);
	}
	static uint32_t ended[SHUFFLE_MAX_THREADS]; /* token holder only */
	uint32_t n = shuffle_sched_exec_others(me, ended);
	shuffle_exec_keep_open(1);
	shuffle_signals_release(me);
	REAL(execve)(path, argv, env);
	int e = errno;
	shuffle_signals_hold(me);
	shuffle_exec_keep_open(0);
	shuffle_sched_exec_failed(ended, n);
	free(env);
	errno = e;
	return -1;
}

int shuffle_wrap_execve(struct shuffle_thread *me, const char *path, char *const argv[],
			char *const envp[])
{
	return exec_under_control(me, path, argv, envp);
}

int shuffle_wrap_execv(struct shuffle_thread *me, const char *path, char *const argv[])
{
	return exec_under_control(me, path, argv, environ);
}

int shuffle_wrap_execvpe(struct shuffle_thread *me, const char *file, char *const argv[],
			 char *const envp[])
{
	char buf[4096];
	return exec_under_control(me, shuffle_path_search(file, buf, sizeof buf), argv, envp);
}

int shuffle_wrap_execvp(struct shuffle_thread *me, const char *file, char *const argv[])
{
	char buf[4096];
	return exec_under_control(me, shuffle_path_search(file, buf, sizeof buf), argv, environ);
}

/* The execl family: gather the variadic arguments, then as above. */
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
