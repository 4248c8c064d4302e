/* dcl_broken.c - BUGGY: double-checked locking that publishes its flag
 * before the value: a thread that sees the flag set outside the lock may
 * read the value before it is written. Exit 1 when a thread saw 0. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int initialized, value;
static int seen[2];

static int get(void)
{
	if (!initialized) {
		pthread_mutex_lock(&lock);
		if (!initialized) {
			initialized = 1;
			value = 42;
		}
		pthread_mutex_unlock(&lock);
	}
	return value;
}

static void *work(void *arg)
{
	seen[*(int *)arg] = get();
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	int ids[2] = { 0, 1 };
	pthread_create(&a, NULL, work, &ids[0]);
	pthread_create(&b, NULL, work, &ids[1]);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("seen=%d,%d\n", seen[0], seen[1]);
	return seen[0] == 42 && seen[1] == 42 ? 0 : 1;
}
