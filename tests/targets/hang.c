/* hang.c - never ends: forks a child that waits in pause() forever, then
 * waits in pause() forever itself. For the timeout test, which expects the
 * whole process group to be killed.
 *
 *     hang [PIDFILE]    (PIDFILE: gets "PARENT_PID CHILD_PID\n" once both exist)
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	pid_t child = fork();
	if (child < 0) {
		perror("fork");
		return 2;
	}
	if (child == 0) {
		for (;;)
			pause();
	}
	if (argc > 1) {
		FILE *f = fopen(argv[1], "w");
		if (f) {
			fprintf(f, "%ld %ld\n", (long)getpid(), (long)child);
			fclose(f);
		}
	}
	for (;;)
		pause();
}
