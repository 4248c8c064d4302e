/* init_race.c - BUGGY: the new thread sets up a pointer that its creator
 * uses right after pthread_create, assuming the thread has already run.
 * No lock, no other call in between: only who runs first after the create
 * decides. Exit 1 when the creator found the pointer still NULL. */
#include <pthread.h>
#include <stdio.h>

static int value = 42;
static int *volatile shared;

static void *setup(void *arg)
{
	(void)arg;
	shared = &value;
	return NULL;
}

int main(void)
{
	pthread_t t;
	pthread_create(&t, NULL, setup, NULL);
	int *p = shared;
	int ok = p != NULL && *p == 42;
	pthread_join(t, NULL);
	printf("%s\n", ok ? "ok" : "used before set");
	return ok ? 0 : 1;
}
