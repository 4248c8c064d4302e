/* sleep_order.c - three threads each sleep (A 1 ms, B 2 ms, C 3 ms), then
 * append their letter under a mutex; main prints the order, e.g.
 * "order=ABC". Sleeping is not synchronization: a loaded machine may run
 * any of them first, so every one of the six orders is a real outcome. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static char order[4];

static void *body(void *arg)
{
	char who = (char)(long)arg;
	usleep((useconds_t)(who - 'A' + 1) * 1000);
	pthread_mutex_lock(&m);
	order[strlen(order)] = who;
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t[3];
	for (long i = 0; i < 3; i++)
		if (pthread_create(&t[i], NULL, body, (void *)('A' + i)) != 0)
			return 2;
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("order=%s\n", order);
	return 0;
}
