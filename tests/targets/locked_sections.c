/* locked_sections.c - three threads each append their letter (A, B, C, in
 * creation order, like shuffle-run's labels) to a shared buffer inside one
 * mutex. Every order is correct; under exhaustive exploration all 6 orders
 * of the critical sections must show up as `order=...` lines, all passing. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define N_THREADS 3

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char order[N_THREADS + 1];
static size_t len;

static void *section(void *arg)
{
	const char *letter = arg;
	pthread_mutex_lock(&lock);
	order[len++] = *letter;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	static const char letters[] = "ABC";
	pthread_t threads[N_THREADS];
	for (int i = 0; i < N_THREADS; i++) {
		int rc = pthread_create(&threads[i], NULL, section, (void *)&letters[i]);
		if (rc != 0) {
			fprintf(stderr, "pthread_create: %s\n", strerror(rc));
			return 2;
		}
	}
	for (int i = 0; i < N_THREADS; i++)
		pthread_join(threads[i], NULL);
	printf("order=%s\n", order);
	/* Each letter exactly once: the mutex makes any other outcome a bug. */
	int ok = len == N_THREADS;
	for (int i = 0; i < N_THREADS && ok; i++)
		ok = strchr(order, letters[i]) != NULL;
	return ok ? 0 : 1;
}
