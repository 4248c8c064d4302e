/* start_race.c - who goes first after pthread_create? Two mirror cases.
 *
 *   start_race parent-uses   the new thread sets a pointer; its creator uses
 *                            it right after pthread_create: crashes (SIGSEGV)
 *                            when the creator goes first, prints ok otherwise
 *   start_race child-uses    the creator sets the pointer right after
 *                            pthread_create; the new thread uses it at once:
 *                            crashes when the new thread goes first
 *
 * No scheduling point lies between the two accesses in either thread: only
 * the order in which the threads start decides. Natively both outcomes
 * happen. Exits 0 after printing "ok" when it did not crash.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static int value = 42;
static int *volatile shared;

static void *set_it(void *arg)
{
	(void)arg;
	shared = &value;
	return NULL;
}

static void *use_it(void *arg)
{
	(void)arg;
	return (void *)(long)*shared;
}

int main(int argc, char **argv)
{
	int parent_uses = argc > 1 && strcmp(argv[1], "parent-uses") == 0;
	pthread_t t;
	if (pthread_create(&t, NULL, parent_uses ? set_it : use_it, NULL) != 0)
		return 2;
	if (parent_uses)
		value += *shared;
	else
		shared = &value;
	pthread_join(t, NULL);
	puts("ok");
	return 0;
}
