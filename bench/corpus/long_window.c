/* long_window.c - BUGGY: a maintenance thread marks the table "rebuilding"
 * for a moment, and a worker that processes its whole batch of 30 items
 * inside that moment counts every one as skipped: exit 1 when all 30 were.
 * The bug needs one particular preemption (right after the flag is set) and
 * then no switch back for 30 steps: uniform random choices almost never
 * stay away that long, PCT's priorities do. This is the shape PCT was made
 * for: few preemptions, placed far apart in a long run. */
#include <pthread.h>
#include <stdio.h>

#define BATCH 30

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int rebuilding;
static int skipped;

static void *maintenance(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	rebuilding = 1;
	pthread_mutex_unlock(&lock);
	pthread_mutex_lock(&lock);
	rebuilding = 0;
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < BATCH; i++) {
		pthread_mutex_lock(&lock);
		skipped += rebuilding;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	pthread_create(&a, NULL, maintenance, NULL);
	pthread_create(&b, NULL, worker, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("skipped=%d\n", skipped);
	return skipped == BATCH;
}
