/* spin_handoff.c - CORRECT: the producer writes the data, then sets an
 * atomic flag with release; the consumer spins on the flag with acquire
 * and then reads the data. It must never fail; exit 1 if the data read
 * was not the data written. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static int data;
static atomic_int ready;

static void *producer(void *arg)
{
	(void)arg;
	data = 42;
	atomic_store_explicit(&ready, 1, memory_order_release);
	return NULL;
}

int main(void)
{
	pthread_t t;
	pthread_create(&t, NULL, producer, NULL);
	while (!atomic_load_explicit(&ready, memory_order_acquire))
		;
	int seen = data;
	pthread_join(t, NULL);
	printf("data=%d\n", seen);
	return seen == 42 ? 0 : 1;
}
