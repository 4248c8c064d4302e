/* forker.c - main forks a child that exec()s echo, with an environment
 * that drops LD_PRELOAD, to write one line; the parent waits for it with
 * waitpid() and prints how it ended. The exec'd program cannot load the
 * runtime and runs outside the scheduler's control, so under shuffle-run
 * --strict every run is `uncontrolled`. Prints "child says hello" (from the
 * child) then "child exited 0", and exits 0 when the child exited 0; 1
 * otherwise. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		char *const env[] = { "PATH=/bin:/usr/bin", NULL };
		execle("/bin/echo", "echo", "child says hello", (char *)NULL, env);
		_exit(127);
	}
	int status = 0;
	if (waitpid(pid, &status, 0) != pid) {
		perror("waitpid");
		return 2;
	}
	int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	if (WIFEXITED(status))
		printf("child exited %d\n", WEXITSTATUS(status));
	else
		printf("child ended with status 0x%x\n", (unsigned)status);
	return ok ? 0 : 1;
}
