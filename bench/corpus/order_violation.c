/* order_violation.c - BUGGY: main creates the worker and only then
 * initializes the configuration the worker reads (both under the lock, so
 * no data race): when the worker locks first, it uses the configuration
 * before it exists. Exit 1 when it did. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int config; /* 0 = not yet initialized */
static int seen;

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	seen = config;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t t;
	pthread_create(&t, NULL, worker, NULL);
	pthread_mutex_lock(&lock);
	config = 42;
	pthread_mutex_unlock(&lock);
	pthread_join(t, NULL);
	printf("seen=%d\n", seen);
	return seen == 42 ? 0 : 1;
}
