/* once_init.c - threads A and B both call pthread_once on the same control
 * with an init routine that increments a counter in two steps with a
 * scheduling point between, then marks itself done. pthread_once must run
 * the routine exactly once and return in neither thread before it has
 * finished. Prints counter=1 and exits 0; a second run of the routine, or a
 * return before it finished, exits 1. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "two_threads.h"

#include "shuffle.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int counter, init_done, early;

static void init(void)
{
	int c = counter;
	shuffle_point("inside init");
	counter = c + 1;
	init_done = 1;
}

static void *work(void *arg)
{
	(void)arg;
	pthread_once(&once, init);
	if (!__atomic_load_n(&init_done, __ATOMIC_SEQ_CST))
		early = 1;
	return NULL;
}

int main(void)
{
	if (run_two_threads(work) != 0)
		return 2;
	printf("counter=%d%s\n", counter, early ? " early" : "");
	return counter == 1 && !early ? 0 : 1;
}
