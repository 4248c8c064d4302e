/* split_slots.c - two threads each write their own int of one int[2]
 * (the two share 8 bytes), main reads both after joining: no data race.
 * Prints slots=1,2 and exits 0. */
#include "two_threads.h"

static int slots[2];
static int next_id;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *fill(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	int me = next_id++;
	pthread_mutex_unlock(&lock);
	slots[me] = me + 1;
	return NULL;
}

int main(void)
{
	if (run_two_threads(fill) != 0)
		return 2;
	printf("slots=%d,%d\n", slots[0], slots[1]);
	return 0;
}
