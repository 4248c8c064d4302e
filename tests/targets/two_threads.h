/* two_threads.h - what several targets share: run `body` in two threads
 * (A and B under shuffle-run) and wait for both. */
#ifndef TWO_THREADS_H
#define TWO_THREADS_H

#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* 0 when both ran to the end; otherwise says why on stderr and returns 2,
 * the targets' "could not set up" status. */
static inline int run_two_threads(void *(*body)(void *))
{
	pthread_t a, b;
	int rc = pthread_create(&a, NULL, body, NULL);
	if (rc == 0)
		rc = pthread_create(&b, NULL, body, NULL);
	if (rc != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 2;
	}
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	return 0;
}

#endif
