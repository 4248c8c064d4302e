/* spawn.c - posix_spawn, posix_spawnp, system, popen, pclose.
 *
 * The C library spawns through calls of its own that no interposer sees, so
 * these are written here on top of the real posix_spawn: the child is a new
 * process of the schedule (as after fork, parent or child may go first), and
 * the program it runs, told its slot in SHUFFLE_JOIN, takes it over before
 * its main() and waits for its turn (runtime.c). It inherits the mask the
 * program asked for, not the one the runtime holds (signals.c). A program
 * the runtime cannot be loaded into runs uncontrolled, and the run says so.
 * system and popen run /bin/sh this way; pclose and system wait for it
 * with the controlled waitpid.
 */
#include "exec.h"
#include "export.h"
#include "interpose.h"
#include "loadable.h"
#include "scheduler.h"
#include "signals.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int spawn(struct shuffle_thread *me, pid_t *pid, const char *path,
		 const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attr,
		 char *const argv[], char *const envp[])
{
	shuffle_sched_point(me, SHUFFLE_OP_FORK, 0, NULL);
	/* The child's mask: the program's, unless the attributes set one. */
	posix_spawnattr_t own;
	short flags = 0;
	if (attr) {
		own = *attr;
		posix_spawnattr_getflags(attr, &flags);
	} else {
		posix_spawnattr_init(&own);
	}
	if (!(flags & POSIX_SPAWN_SETSIGMASK)) {
		sigset_t mask;
		shuffle_signals_program_mask(me, &mask);
		posix_spawnattr_setsigmask(&own, &mask);
		posix_spawnattr_setflags(&own, (short)(flags | POSIX_SPAWN_SETSIGMASK));
	}
	pid_t got = 0;
	char entry[48];
	struct shuffle_thread *child = NULL;
	char **env = NULL;
	if (path && shuffle_exec_loads_runtime(path, envp)) {
		child = shuffle_sched_new_process(me);
		env = shuffle_exec_join_environment(envp, child->tid, entry, sizeof entry);
		if (!env) {
			shuffle_sched_drop_thread(child);
			child = NULL;
		}
	}
	if (!child)
		shuffle_escape(SHUFFLE_ESCAPE_EXEC);
	shuffle_exec_keep_open(child != NULL);
	int rc = path ? REAL(posix_spawn)(&got, path, actions, &own, argv, env ? env : envp)
		      : ENOENT;
	shuffle_exec_keep_open(0);
	free(env);
	if (!attr)
		posix_spawnattr_destroy(&own);
	if (rc == 0 && pid)
		*pid = got;
	if (!child)
		return rc;
	if (rc != 0) {
		shuffle_sched_drop_thread(child);
		return rc;
	}
	shuffle_trace->threads[child->tid].pid = (uint32_t)got;
	shuffle_sched_point(me, SHUFFLE_OP_RESUME, child->tid, NULL);
	return 0;
}

int shuffle_wrap_posix_spawn(struct shuffle_thread *me, pid_t *pid, const char *path,
			     const posix_spawn_file_actions_t *actions,
			     const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return spawn(me, pid, path, actions, attr, argv, envp);
}

int shuffle_wrap_posix_spawnp(struct shuffle_thread *me, pid_t *pid, const char *file,
			      const posix_spawn_file_actions_t *actions,
			      const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	char buf[4096];
	return spawn(me, pid, shuffle_path_search(file, buf, sizeof buf), actions, attr, argv,
		     envp);
}

/* --- system ------------------------------------------------------------------ */

int shuffle_wrap_system(struct shuffle_thread *me, const char *command)
{
	if (!command)
		return 1; /* a shell is there */
	/* As POSIX has it: the caller ignores SIGINT and SIGQUIT and blocks
	 * SIGCHLD while it waits; the child has them as they were. */
	struct sigaction ignore = { .sa_handler = SIG_IGN }, old_int, old_quit;
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGINT, &ignore, &old_int);
	sigaction(SIGQUIT, &ignore, &old_quit);
	sigset_t chld, old_mask, defaults;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	pthread_sigmask(SIG_BLOCK, &chld, &old_mask);
	posix_spawnattr_t attr;
	posix_spawnattr_init(&attr);
	sigemptyset(&defaults);
	if (old_int.sa_handler != SIG_IGN)
		sigaddset(&defaults, SIGINT);
	if (old_quit.sa_handler != SIG_IGN)
		sigaddset(&defaults, SIGQUIT);
	posix_spawnattr_setsigdefault(&attr, &defaults);
	posix_spawnattr_setsigmask(&attr, &old_mask);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	char *argv[] = { "sh", "-c", (char *)command, NULL };
	pid_t pid;
	int status = -1;
	int rc = spawn(me, &pid, "/bin/sh", NULL, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	/* A cancel waits until system() returns: unwinding out of the
	 * waitpid below would leave the dispositions and the mask changed. */
	uint32_t cancel_disabled = me->cancel_disabled;
	me->cancel_disabled = 1;
	if (rc != 0)
		status = 127 << 8; /* as if the shell could not run */
	else
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	me->cancel_disabled = cancel_disabled;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	return status;
}

/* --- popen, pclose --------------------------------------------------------- */

#define MAX_POPEN 64

/* Streams popen made and their children; written by the token holder. */
static struct {
	FILE *stream;
	pid_t pid;
	int fd;
} opened[MAX_POPEN];

/* The stream reads and writes through the interposed read and write: the
 * C library's own would wait in the kernel, token held, for a child that
 * needs the token to write. (Its fileno is -1.) */
static ssize_t stream_read(void *cookie, char *buf, size_t len)
{
	return read((int)(intptr_t)cookie, buf, len);
}

static ssize_t stream_write(void *cookie, const char *buf, size_t len)
{
	return write((int)(intptr_t)cookie, buf, len);
}

static int stream_close(void *cookie)
{
	return close((int)(intptr_t)cookie);
}

FILE *shuffle_wrap_popen(struct shuffle_thread *me, const char *command, const char *mode)
{
	int reading = mode[0] == 'r', cloexec = strchr(mode, 'e') != NULL;
	int slot = 0;
	while (slot < MAX_POPEN && opened[slot].stream)
		slot++;
	if ((mode[0] != 'r' && mode[0] != 'w') || slot == MAX_POPEN) {
		errno = slot == MAX_POPEN ? EMFILE : EINVAL;
		return NULL;
	}
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) != 0)
		return NULL;
	int mine = reading ? fds[0] : fds[1], theirs = reading ? fds[1] : fds[0];
	posix_spawn_file_actions_t actions;
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, theirs, reading ? 1 : 0);
	/* POSIX: the streams of earlier popen calls are not the child's. */
	for (int i = 0; i < MAX_POPEN; i++)
		if (opened[i].stream)
			posix_spawn_file_actions_addclose(&actions, opened[i].fd);
	char *argv[] = { "sh", "-c", (char *)command, NULL };
	pid_t pid;
	int rc = spawn(me, &pid, "/bin/sh", &actions, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&actions);
	close(theirs);
	cookie_io_functions_t io = { .read = stream_read, .write = stream_write,
				     .close = stream_close };
	FILE *f = rc == 0 ? fopencookie((void *)(intptr_t)mine, reading ? "r" : "w", io) : NULL;
	if (!f) {
		close(mine);
		errno = rc ? rc : errno;
		return NULL;
	}
	if (!cloexec)
		fcntl(mine, F_SETFD, 0);
	opened[slot].stream = f;
	opened[slot].pid = pid;
	opened[slot].fd = mine;
	return f;
}

int shuffle_wrap_pclose(struct shuffle_thread *me, FILE *stream)
{
	(void)me;
	int slot = 0;
	while (slot < MAX_POPEN && opened[slot].stream != stream)
		slot++;
	if (slot == MAX_POPEN)
		return REAL(pclose)(stream); /* opened before control began */
	pid_t pid = opened[slot].pid;
	opened[slot].stream = NULL;
	fclose(stream); /* first: a child reading the other end sees end-of-file */
	int status;
	pid_t got;
	while ((got = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	return got < 0 ? -1 : status;
}
