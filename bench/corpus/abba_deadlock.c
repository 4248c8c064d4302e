/* abba_deadlock.c - BUGGY: one thread takes lock A then B, the other B
 * then A. When each holds its first lock, both wait for ever: the bug
 * shows as a deadlock. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static void *lock_both(pthread_mutex_t *first, pthread_mutex_t *second)
{
	pthread_mutex_lock(first);
	pthread_mutex_lock(second);
	pthread_mutex_unlock(second);
	pthread_mutex_unlock(first);
	return NULL;
}

static void *ab(void *arg)
{
	(void)arg;
	return lock_both(&a, &b);
}

static void *ba(void *arg)
{
	(void)arg;
	return lock_both(&b, &a);
}

int main(void)
{
	pthread_t t1, t2;
	pthread_create(&t1, NULL, ab, NULL);
	pthread_create(&t2, NULL, ba, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	puts("done");
	return 0;
}
