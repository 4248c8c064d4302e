/* spin_counter.c - threads A and B each increment a counter twice under a
 * pthread spinlock, reading and writing it in two steps with a scheduling
 * point between (so a spinlock that excluded nothing would lose updates).
 * Then main checks pthread_spin_trylock: EBUSY on a held lock, 0 on a free
 * one. Prints counter=4 and exits 0; otherwise exits 1. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "two_threads.h"

#include "shuffle.h"

#define INCREMENTS 2

static pthread_spinlock_t spin;
static int counter;

static void *work(void *arg)
{
	(void)arg;
	for (int i = 0; i < INCREMENTS; i++) {
		pthread_spin_lock(&spin);
		int c = counter;
		shuffle_point("between read and write");
		counter = c + 1;
		pthread_spin_unlock(&spin);
	}
	return NULL;
}

int main(void)
{
	int rc = pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
	if (rc != 0) {
		fprintf(stderr, "pthread_spin_init: %s\n", strerror(rc));
		return 2;
	}
	if (run_two_threads(work) != 0)
		return 2;
	int try_ok = 0;
	if (pthread_spin_trylock(&spin) == 0) {
		try_ok = pthread_spin_trylock(&spin) == EBUSY;
		pthread_spin_unlock(&spin);
	}
	printf("counter=%d%s\n", counter, try_ok ? "" : " trylock-wrong");
	return counter == 2 * INCREMENTS && try_ok ? 0 : 1;
}
