/* lost_wakeup.c - BUGGY: the waiter waits on a condition variable without
 * a predicate loop; the signaller signals once. When the signal comes
 * before the wait, it is lost and the waiter (and main, joining it) blocks
 * for ever: the bug shows as a deadlock. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;

static void *waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	pthread_cond_wait(&c, &m); /* the bug: no predicate checked */
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
	pthread_create(&a, NULL, waiter, NULL);
	pthread_create(&b, NULL, signaller, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	puts("woken");
	return 0;
}
