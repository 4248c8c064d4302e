/* fail_then_hang.c - fails (exit 1) on its first N-1 runs, then on run N
 * writes its pid to PIDFILE (a fifo: the test reads it) and waits in
 * pause() for ever. For the interruption tests: runs with saved schedules,
 * then one in progress when the signal comes.
 *
 *     fail_then_hang COUNTFILE N PIDFILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 4)
		return 2;
	long count = 0;
	FILE *f = fopen(argv[1], "r");
	if (f) {
		if (fscanf(f, "%ld", &count) != 1)
			count = 0;
		fclose(f);
	}
	f = fopen(argv[1], "w");
	if (!f)
		return 2;
	fprintf(f, "%ld\n", ++count);
	fclose(f);
	if (count < atol(argv[2])) {
		puts("failing on purpose");
		return 1;
	}
	f = fopen(argv[3], "w");
	if (f) {
		fprintf(f, "%ld\n", (long)getpid());
		fclose(f);
	}
	for (;;)
		pause();
}
