/* create_join_loop.c - creates and joins threads one after another, so the
 * C library hands each new thread the descriptor (the pthread_t) of the
 * thread joined just before. Each thread adds its number to a sum. */
#include <pthread.h>
#include <stdio.h>

#define THREADS 6

static int sum;

static void *add(void *arg)
{
	sum += (int)(size_t)arg;
	return NULL;
}

int main(void)
{
	for (int i = 1; i <= THREADS; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, add, (void *)(size_t)i) != 0)
			return 2;
		if (pthread_join(t, NULL) != 0)
			return 3;
	}
	printf("sum=%d\n", sum);
	return sum == THREADS * (THREADS + 1) / 2 ? 0 : 1;
}
