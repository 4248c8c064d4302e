/* guardian.c - see guardian.h. */
#include "guardian.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int to_guardian = -1;
static pid_t guardian;

__attribute__((noreturn)) static void guard(int from_driver)
{
	/* Ctrl-C reaches the whole foreground group: the driver handles it, and
	 * the guardian must stay until the driver is gone. */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	prctl(PR_SET_NAME, "shuffle-guard");
	/* Nothing of the driver's stays open: a shell reading the driver's
	 * output must not wait for the guardian. */
	int keep = fcntl(from_driver, F_DUPFD, 3);
	int null = open("/dev/null", O_RDWR);
	for (int fd = 0; fd < 3; fd++)
		if (null >= 0)
			dup2(null, fd);
	for (int fd = 3; fd < keep; fd++)
		close(fd);
	syscall(SYS_close_range, keep + 1, ~0u, 0);
	pid_t current = 0, next;
	for (;;) {
		ssize_t n = read(keep, &next, sizeof next);
		if (n == (ssize_t)sizeof next) {
			current = next;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		break; /* end of file: the driver is gone */
	}
	if (current > 0)
		kill(-current, SIGKILL);
	_exit(0);
}

int shuffle_guardian_start(void)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[1]);
		guard(p[0]);
	}
	close(p[0]);
	to_guardian = p[1];
	guardian = pid;
	return 0;
}

pid_t shuffle_guardian_pid(void)
{
	return guardian;
}

void shuffle_guardian_stop(void)
{
	if (to_guardian < 0)
		return;
	close(to_guardian);
	to_guardian = -1;
	while (waitpid(guardian, NULL, 0) < 0 && errno == EINTR)
		;
}

void shuffle_guardian_watch(pid_t pgid)
{
	/* A write of a pid to a pipe is atomic; a guardian that died cannot be
	 * helped (SIGPIPE is ignored). */
	if (to_guardian >= 0)
		(void)!write(to_guardian, &pgid, sizeof pgid);
}
