/* check_then_act.c - BUGGY: one ticket, two threads each check it is
 * there (atomic load) and then take it (atomic decrement): both can pass
 * the check. Every access is atomic, so no data race: only the order of
 * the atomics shows the bug. Exit 1 when the count went below 0. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_int tickets = 1;

static void *work(void *arg)
{
	(void)arg;
	if (atomic_load(&tickets) > 0)
		atomic_fetch_sub(&tickets, 1);
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	pthread_create(&a, NULL, work, NULL);
	pthread_create(&b, NULL, work, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("tickets=%d\n", atomic_load(&tickets));
	return atomic_load(&tickets) >= 0 ? 0 : 1;
}
