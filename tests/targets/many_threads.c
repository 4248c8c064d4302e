/* many_threads.c - N threads alive at once (more than the runtime's table
 * holds when N > 1024): each waits for a mutex main holds until all exist.
 *
 *     many_threads N
 */
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;

static void *wait_gate(void *arg)
{
	pthread_mutex_lock(&gate);
	pthread_mutex_unlock(&gate);
	return arg;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 2000;
	pthread_t *t = calloc((size_t)n, sizeof *t);
	if (!t)
		return 2;
	pthread_mutex_lock(&gate);
	long made = 0;
	while (made < n && pthread_create(&t[made], NULL, wait_gate, NULL) == 0)
		made++;
	pthread_mutex_unlock(&gate);
	for (long i = 0; i < made; i++)
		pthread_join(t[i], NULL);
	free(t);
	return made == n ? 0 : 2;
}
