/* yield_spin.c - thread A spins until thread B sets an atomic flag.
 *
 *     yield_spin [yield]   A calls sched_yield() between two looks at the flag
 *     yield_spin sleep     A calls usleep(1000) instead
 *     yield_spin nobody    as yield, but B never sets the flag: A spins for ever
 *
 * B passes a scheduling point (shuffle_point) before it sets the flag, so
 * A's yield competes with it. A yielding thread runs only when no other
 * thread can, so B sets the flag before A looks again: A goes round the loop
 * at most once (spins=0 if B ran first, spins=1 otherwise), whatever the
 * schedule. A sleep is a choice like any other step (A may wake before B
 * goes on), but a second sleep in a row gives way: at most twice round.
 * Prints spins=N and exits 0, or 1 when A went round more often.
 * `nobody` never ends by itself (a livelock: every step is a yield).
 * (Natively, on several CPUs, A may well go round more than once and exit
 * 1: the bound is the scheduler's promise, not POSIX's.)
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>

#include "shuffle.h"

static int flag;
static int spins;
static int use_sleep, nobody;

static void *spinner(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&flag, __ATOMIC_ACQUIRE)) {
		spins++;
		if (use_sleep)
			usleep(1000);
		else
			sched_yield();
	}
	return NULL;
}

static void *setter(void *arg)
{
	(void)arg;
	/* A point first: without it B would set the flag inside main's
	 * pthread_create step, before A could ever compete with it. */
	shuffle_point("before setting the flag");
	if (!nobody)
		__atomic_store_n(&flag, 1, __ATOMIC_RELEASE);
	return NULL;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "yield";
	if (strcmp(mode, "sleep") == 0) {
		use_sleep = 1;
	} else if (strcmp(mode, "nobody") == 0) {
		nobody = 1;
	} else if (strcmp(mode, "yield") != 0) {
		fprintf(stderr, "usage: yield_spin [yield|sleep|nobody]\n");
		return 2;
	}
	pthread_t a, b;
	int rc = pthread_create(&a, NULL, spinner, NULL);
	if (rc == 0)
		rc = pthread_create(&b, NULL, setter, NULL);
	if (rc != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 2;
	}
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("spins=%d\n", spins);
	return spins <= (use_sleep ? 2 : 1) ? 0 : 1;
}
