/* daemonizer.c - leaves a daemon behind, as servers do: fork, setsid, fork
 * again; the grandchild drops LD_PRELOAD and execs `sleep 1000` with the
 * program's stdout, and its pid is appended to PIDFILE. The program itself
 * exits 0 at once.
 *
 *     daemonizer PIDFILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	pid_t child = fork();
	if (child < 0)
		return 2;
	if (child == 0) {
		setsid();
		pid_t daemon = fork();
		if (daemon == 0) {
			unsetenv("LD_PRELOAD");
			execlp("sleep", "sleep", "1000", (char *)NULL);
			_exit(127);
		}
		FILE *f = fopen(argv[1], "a");
		if (f) {
			fprintf(f, "%ld\n", (long)daemon);
			fclose(f);
		}
		_exit(daemon > 0 ? 0 : 2);
	}
	int status;
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status))
		return 2;
	puts("started");
	return WEXITSTATUS(status);
}
