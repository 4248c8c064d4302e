/* sleepy.c - two threads sleep 5 s each, in steps, with every sleep call
 * there is: sleep, usleep, nanosleep and clock_nanosleep (relative on
 * CLOCK_REALTIME and CLOCK_MONOTONIC); then main, alone, sleeps 4 s more
 * with clock_nanosleep(TIMER_ABSTIME). Under shuffle-run that is virtual
 * time: no real time passes, so a --timeout of 3 s is never reached.
 *
 * After each step a thread logs "<label><n>" (under a mutex); the wake-up
 * times of the steps, counted from the start, are
 *     A: 1 s (sleep), 3 s (nanosleep), 3.7 s (usleep), 5 s (clock_nanosleep)
 *     B: 1.5 s (clock_nanosleep), 2.4 s (usleep), 4.4 s (sleep), 5.1 s (nanosleep)
 * all different, so sleepers woken in deadline order always log
 *     order=A1,B1,B2,A2,A3,B3,A4,B4
 * which is printed. Exits 0 when every call returned 0 (even if the order
 * differs: the test compares it); 1 otherwise.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static char order[64];
static int failed;

static void step(char who, int n, int rc)
{
	pthread_mutex_lock(&m);
	size_t len = strlen(order);
	snprintf(order + len, sizeof order - len, "%s%c%d", len ? "," : "", who, n);
	if (rc != 0)
		failed = 1;
	pthread_mutex_unlock(&m);
}

/* Wake-up times in the comments, counted from the start. */
static void *sleeper_a(void *arg)
{
	(void)arg;
	const struct timespec two_s = { 2, 0 }, one_3_s = { 1, 300000000 };
	step('A', 1, (int)sleep(1));					   /* 1 s */
	step('A', 2, nanosleep(&two_s, NULL));				   /* 3 s */
	step('A', 3, usleep(700000));					   /* 3.7 s */
	step('A', 4, clock_nanosleep(CLOCK_MONOTONIC, 0, &one_3_s, NULL)); /* 5 s */
	return NULL;
}

static void *sleeper_b(void *arg)
{
	(void)arg;
	const struct timespec one_5_s = { 1, 500000000 }, point_7_s = { 0, 700000000 };
	step('B', 1, clock_nanosleep(CLOCK_REALTIME, 0, &one_5_s, NULL)); /* 1.5 s */
	step('B', 2, usleep(900000));					  /* 2.4 s */
	step('B', 3, (int)sleep(2));					  /* 4.4 s */
	step('B', 4, nanosleep(&point_7_s, NULL));			  /* 5.1 s */
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	int rc = pthread_create(&a, NULL, sleeper_a, NULL);
	if (rc == 0)
		rc = pthread_create(&b, NULL, sleeper_b, NULL);
	if (rc != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 2;
	}
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += 4;
	if (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) != 0)
		failed = 1;
	printf("order=%s\n", order);
	return failed;
}
