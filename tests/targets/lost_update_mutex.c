/* lost_update_mutex.c - a lost update although every access is locked: each
 * thread reads the counter in one critical section and writes it back plus
 * one in another. When both read before either writes, one increment is
 * lost: counter=1 and exit status 1. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *increment(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	int local = counter;
	pthread_mutex_unlock(&lock);

	pthread_mutex_lock(&lock);
	counter = local + 1;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	int rc = pthread_create(&a, NULL, increment, NULL);
	if (rc == 0)
		rc = pthread_create(&b, NULL, increment, NULL);
	if (rc != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 2;
	}
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("counter=%d\n", counter);
	return counter == 2 ? 0 : 1;
}
