/* atomic_handoff.c - a correct handoff through an atomic flag: B writes
 * `data` and then sets `ready` (release); A spins on `ready` (acquire), with
 * no call in its loop, and then reads `data`. Prints data=42 and exits 0
 * under every schedule: built with shuffle-cc, A's re-loads of an unchanged
 * flag give way (a spin), and the data is ordered by release/acquire (no
 * race); built plainly, A's loop has no scheduling point at all and the
 * runtime must preempt it to let B run.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static atomic_int ready;
static int data;

static void *consumer(void *arg)
{
	(void)arg;
	while (!atomic_load_explicit(&ready, memory_order_acquire))
		;
	printf("data=%d\n", data);
	return NULL;
}

static void *producer(void *arg)
{
	(void)arg;
	data = 42;
	atomic_store_explicit(&ready, 1, memory_order_release);
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	int rc = pthread_create(&a, NULL, consumer, NULL);
	if (rc == 0)
		rc = pthread_create(&b, NULL, producer, NULL);
	if (rc != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 2;
	}
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	return data == 42 ? 0 : 1;
}
