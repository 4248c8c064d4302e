/* mem_counter.c - two threads each do counter++ on a plain global, with no
 * lock and no call in between: the increments can only interleave at
 * memory accesses. Built with shuffle-cc, the read and the write are
 * scheduling points, and some schedules lose an increment; built plainly,
 * no schedule can. Prints counter=N; exits 0 when N is 2, else 1.
 */
#include "two_threads.h"

static int counter;

static void *increment(void *arg)
{
	(void)arg;
	counter++;
	return NULL;
}

int main(void)
{
	if (run_two_threads(increment) != 0)
		return 2;
	printf("counter=%d\n", counter);
	return counter == 2 ? 0 : 1;
}
