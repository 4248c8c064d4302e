/* atomic_counter.c - CORRECT: race_counter with atomic_fetch_add. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_int counter;

static void *work(void *arg)
{
	(void)arg;
	atomic_fetch_add(&counter, 1);
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	pthread_create(&a, NULL, work, NULL);
	pthread_create(&b, NULL, work, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("counter=%d\n", atomic_load(&counter));
	return atomic_load(&counter) == 2 ? 0 : 1;
}
