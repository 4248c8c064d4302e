/* lock_inversion.c - the classic ABBA deadlock: thread A locks m1 then m2,
 * thread B locks m2 then m1. When each gets its first mutex before the other
 * gets its second, neither can go on. Other schedules finish and print
 * `done`. (Natively the deadlock is rare but possible: run it under
 * timeout.) */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m2 = PTHREAD_MUTEX_INITIALIZER;
static int shared;

static void *thread_a(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m1);
	pthread_mutex_lock(&m2);
	shared++;
	pthread_mutex_unlock(&m2);
	pthread_mutex_unlock(&m1);
	return NULL;
}

static void *thread_b(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m2);
	pthread_mutex_lock(&m1);
	shared++;
	pthread_mutex_unlock(&m1);
	pthread_mutex_unlock(&m2);
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	int rc = pthread_create(&a, NULL, thread_a, NULL);
	if (rc == 0)
		rc = pthread_create(&b, NULL, thread_b, NULL);
	if (rc != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 2;
	}
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("done shared=%d\n", shared);
	return shared == 2 ? 0 : 1;
}
