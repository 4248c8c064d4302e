/* clone_race.c - a child made by clone() itself races with its parent: each
 * writes its name to stdout, then the parent waits for the child. Both
 * orders are correct (exit 0); the test checks that exploration finds both,
 * which takes the child being a task of the same run.
 *   clone_race            clone(SIGCHLD): a new process on its own stack
 *   clone_race --vfork    CLONE_VM | CLONE_VFORK (natively: child first)
 *   clone_race --exec     the child exec()s this program to print
 *   clone_race --print    (what that exec'd child runs)
 *   clone_race --thread   CLONE_VM | CLONE_THREAD: a thread pthread_create
 *                         did not make (it writes with a raw system call)
 */
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char stack[256 * 1024] __attribute__((aligned(16)));
static const char *self;
static pid_t thread_tid = 1;

static int child(void *arg)
{
	if (arg) {
		execl(self, "clone_race", "--print", (char *)NULL);
		_exit(127);
	}
	return write(1, "child\n", 6) == 6 ? 0 : 1;
}

static int thread_body(void *arg)
{
	(void)arg;
	return syscall(SYS_write, 1, "child\n", 6) == 6 ? 0 : 1;
}

/* The thread clears thread_tid and wakes us when it ends (CLONE_CHILD_CLEARTID). */
static int thread_race(void)
{
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		    CLONE_SYSVSEM | CLONE_CHILD_CLEARTID;
	pid_t tid = clone(thread_body, stack + sizeof stack, flags, NULL, NULL, NULL, &thread_tid);
	if (tid < 0) {
		perror("clone");
		return 2;
	}
	int failed = write(1, "parent\n", 7) != 7;
	pid_t seen;
	while ((seen = __atomic_load_n(&thread_tid, __ATOMIC_ACQUIRE)) != 0)
		syscall(SYS_futex, &thread_tid, FUTEX_WAIT, seen, NULL, NULL, 0);
	return failed;
}

int main(int argc, char **argv)
{
	const char *mode = argc == 2 ? argv[1] : "";
	self = argv[0];
	if (!strcmp(mode, "--print"))
		return write(1, "child\n", 6) == 6 ? 0 : 1;
	if (!strcmp(mode, "--thread"))
		return thread_race();
	if (argc > 2 || (*mode && strcmp(mode, "--vfork") && strcmp(mode, "--exec"))) {
		fprintf(stderr, "usage: clone_race [--vfork|--exec|--thread]\n");
		return 2;
	}
	int flags = SIGCHLD;
	if (!strcmp(mode, "--vfork"))
		flags |= CLONE_VM | CLONE_VFORK;
	pid_t pid = clone(child, stack + sizeof stack, flags, strcmp(mode, "--exec") ? NULL : "exec");
	if (pid < 0) {
		perror("clone");
		return 2;
	}
	int failed = write(1, "parent\n", 7) != 7;
	int status = 0;
	failed |= waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	return failed;
}
