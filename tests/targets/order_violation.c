/* order_violation.c - an order violation: main creates the worker first and
 * only then publishes the configuration it reads. The worker locks the
 * mutex and dereferences the pointer without checking it; when it gets the
 * mutex before main, the pointer is still NULL and it dies with SIGSEGV.
 * Otherwise main prints `value=42` and exits 0. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct config {
	int value;
};

static struct config the_config = { 42 };
/* volatile: the load must happen, even though the compiler could prove the
 * pointer is either NULL or &the_config. */
static struct config *volatile shared;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int seen;

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	seen = shared->value; /* the bug: no NULL check */
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t t;
	int rc = pthread_create(&t, NULL, worker, NULL);
	if (rc != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 2;
	}
	pthread_mutex_lock(&lock);
	shared = &the_config;
	pthread_mutex_unlock(&lock);
	pthread_join(t, NULL);
	printf("value=%d\n", seen);
	return seen == 42 ? 0 : 1;
}
