/* busy_spin.c - thread A spins on a volatile flag that nobody ever sets,
 * with no call at all in the loop: no scheduling point, so the scheduler
 * cannot take A off the CPU. main waits in join A. Never ends by itself;
 * under shuffle-run the run ends when --timeout expires, with A found still
 * running. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static volatile int flag;

static void *spin(void *arg)
{
	(void)arg;
	while (!flag)
		;
	return NULL;
}

int main(void)
{
	pthread_t a;
	int rc = pthread_create(&a, NULL, spin, NULL);
	if (rc != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 2;
	}
	pthread_join(a, NULL);
	printf("flag set\n");
	return 1;
}
