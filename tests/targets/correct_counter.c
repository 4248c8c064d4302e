/* correct_counter.c - three threads each increment a counter twice, every
 * increment inside the mutex: no schedule can lose one. Prints counter=6
 * and exits 0; any other count exits 1. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define N_THREADS  3
#define INCREMENTS 2

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *work(void *arg)
{
	(void)arg;
	for (int i = 0; i < INCREMENTS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main(void)
{
	pthread_t threads[N_THREADS];
	for (int i = 0; i < N_THREADS; i++) {
		int rc = pthread_create(&threads[i], NULL, work, NULL);
		if (rc != 0) {
			fprintf(stderr, "pthread_create: %s\n", strerror(rc));
			return 2;
		}
	}
	for (int i = 0; i < N_THREADS; i++)
		pthread_join(threads[i], NULL);
	printf("counter=%d\n", counter);
	return counter == N_THREADS * INCREMENTS ? 0 : 1;
}
