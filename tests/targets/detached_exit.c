/* detached_exit.c - thread ends of every kind.
 *
 *     detached_exit              main waits in join C, which never returns
 *     detached_exit main-exits   main ends at once with pthread_exit(NULL)
 *
 * A is created detached and bumps a counter under a mutex; nobody waits for
 * it, so it may or may not have run when the process ends. B ends with
 * pthread_exit((void *)42) after taking the mutex once. C joins B, prints
 * joined=<B's value> and ends the whole process with exit(0) (exit(1) when
 * the value is not 42), from a thread other than main. Every schedule
 * prints joined=42 and exits 0: no deadlock, no hang.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int counter;
static pthread_t b;

static void *detached(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	counter++;
	pthread_mutex_unlock(&m);
	return NULL;
}

static void *exits_42(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	counter++;
	pthread_mutex_unlock(&m);
	pthread_exit((void *)42);
}

static void *joiner(void *arg)
{
	(void)arg;
	void *value = NULL;
	int rc = pthread_join(b, &value);
	printf("joined=%ld\n", rc == 0 ? (long)value : -1L);
	exit(rc == 0 && value == (void *)42 ? 0 : 1);
}

int main(int argc, char **argv)
{
	int main_exits = argc > 1 && strcmp(argv[1], "main-exits") == 0;
	if (argc > 1 && !main_exits) {
		fprintf(stderr, "usage: detached_exit [main-exits]\n");
		return 2;
	}
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_t a, c;
	int rc = pthread_create(&a, &attr, detached, NULL);
	pthread_attr_destroy(&attr);
	if (rc == 0)
		rc = pthread_create(&b, NULL, exits_42, NULL);
	if (rc == 0)
		rc = pthread_create(&c, NULL, joiner, NULL);
	if (rc != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 2;
	}
	if (main_exits)
		pthread_exit(NULL);
	pthread_join(c, NULL); /* never returns: C calls exit() */
	printf("C returned\n");
	return 1;
}
