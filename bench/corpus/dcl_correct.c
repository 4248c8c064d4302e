/* dcl_correct.c - CORRECT: double-checked locking with the value written
 * first and the flag published with release, read with acquire. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int initialized;
static int value;
static int seen[2];

static int get(void)
{
	if (!atomic_load_explicit(&initialized, memory_order_acquire)) {
		pthread_mutex_lock(&lock);
		if (!atomic_load_explicit(&initialized, memory_order_relaxed)) {
			value = 42;
			atomic_store_explicit(&initialized, 1, memory_order_release);
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
