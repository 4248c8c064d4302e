/* race_counter.c - BUGGY: two threads each add 1 to a plain global with
 * no lock; an increment can be lost. Exit 1 when it is. */
#include <pthread.h>
#include <stdio.h>

static int counter;

static void *work(void *arg)
{
	(void)arg;
	counter++;
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	pthread_create(&a, NULL, work, NULL);
	pthread_create(&b, NULL, work, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("counter=%d\n", counter);
	return counter == 2 ? 0 : 1;
}
