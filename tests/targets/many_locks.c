/* many_locks.c - two threads each take and release one mutex N times
 * (N = argv[1], default 10000): many scheduling points for the benchmark.
 * Prints total=2N and exits 0; a wrong total exits 1. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "two_threads.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long n_iterations = 10000;
static long total;

static void *work(void *arg)
{
	(void)arg;
	for (long i = 0; i < n_iterations; i++) {
		pthread_mutex_lock(&lock);
		total++;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		char *end;
		errno = 0;
		n_iterations = strtol(argv[1], &end, 10);
		if (errno || end == argv[1] || *end || n_iterations < 0) {
			fprintf(stderr, "usage: many_locks [N]   (N: a whole number >= 0)\n");
			return 2;
		}
	}
	if (run_two_threads(work) != 0)
		return 2;
	printf("total=%ld\n", total);
	return total == 2 * n_iterations ? 0 : 1;
}
