/* check_then_act_cas.c - CORRECT: check_then_act taking the ticket with a
 * compare-and-swap loop. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_int tickets = 1;

static void *work(void *arg)
{
	(void)arg;
	int n = atomic_load(&tickets);
	while (n > 0 && !atomic_compare_exchange_weak(&tickets, &n, n - 1))
		;
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
