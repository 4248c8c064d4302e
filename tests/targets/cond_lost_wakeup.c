/* cond_lost_wakeup.c - the classic lost wakeup: thread A waits on a
 * condition variable without checking any predicate; thread B signals it
 * once. When A waits first, B's signal wakes it and the program prints
 * `woken` and exits 0. When B signals first, nobody is waiting, the signal
 * is lost (as in POSIX) and A waits for ever: main blocked in join A, A
 * blocked in cond_wait. (Natively the hang is possible too: run it under
 * timeout.) */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;

static void *waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	pthread_cond_wait(&c, &m); /* BUG: no predicate to check */
	pthread_mutex_unlock(&m);
	return NULL;
}

static void *signaller(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	pthread_cond_signal(&c);
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	int rc = pthread_create(&a, NULL, waiter, NULL);
	if (rc == 0)
		rc = pthread_create(&b, NULL, signaller, NULL);
	if (rc != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 2;
	}
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("woken\n");
	return 0;
}
