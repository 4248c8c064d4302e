/* spawn.c - the baseline of bench/run.sh: start PROGRAM N times, one after
 * the other, the way shuffle-run does (fork, exec, wait), with no tool. */
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: spawn N PROGRAM [ARGS...]\n");
		return 2;
	}
	long n = strtol(argv[1], NULL, 10);
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			int null = open("/dev/null", 1);
			dup2(null, 1);
			execv(argv[2], argv + 2);
			_exit(127);
		}
		int status;
		waitpid(pid, &status, 0);
	}
	return 0;
}
