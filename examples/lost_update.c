/* lost_update.c - the seed's example, in C: two tasks increment one value
 * stored in a "database"; each reads it, then writes it back plus one.
 *
 *     make && src/shuffle-run --strategy exhaustive examples/lost_update
 *
 * Each step sits behind shuffle_point(), as each await sat in a
 * shuffler.shuffle() block in the seed. Of the 6 orders of the four steps,
 * the two serial ones give value=2; the other four lose an update, give
 * value=1, and exit with status 1, so shuffle-run saves their schedules.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "shuffle.h"

static int db; /* the database: one key */

/* Simulated I/O: a delay of random length, as the seed's random sleep. It
 * is no scheduling point: only the shuffle_point() calls are. */
static void simulate_io(unsigned *seed)
{
	volatile unsigned spin = (unsigned)rand_r(seed) % 10000;
	while (spin)
		spin--;
}

static int get_value(unsigned *seed)
{
	simulate_io(seed);
	return db;
}

static void set_value(unsigned *seed, int value)
{
	simulate_io(seed);
	db = value;
}

static void *increment(void *arg)
{
	unsigned seed = (unsigned)(size_t)arg;
	shuffle_point("get");
	int value = get_value(&seed); /* (1) */
	shuffle_point("set");
	set_value(&seed, value + 1); /* (2) */
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	db = 0;
	if (pthread_create(&a, NULL, increment, (void *)1) != 0 ||
	    pthread_create(&b, NULL, increment, (void *)2) != 0) {
		perror("pthread_create");
		return 2;
	}
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("value=%d\n", db);
	return db == 2 ? 0 : 1;
}
