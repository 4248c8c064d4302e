/* sem_handoff.c - a producer passes 3 items to a consumer through a
 * one-slot buffer guarded by two semaphores (empty: 1, full: 0). Correct
 * under every schedule: prints items=10,20,30 and exits 0; a wrong or
 * repeated item exits 1. */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>

#define N_ITEMS 3

static sem_t empty, full;
static int slot;
static int received[N_ITEMS];

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 0; i < N_ITEMS; i++) {
		sem_wait(&empty);
		slot = (i + 1) * 10;
		sem_post(&full);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	(void)arg;
	for (int i = 0; i < N_ITEMS; i++) {
		sem_wait(&full);
		received[i] = slot;
		slot = -1; /* taken: a second read of the same slot would show */
		sem_post(&empty);
	}
	return NULL;
}

int main(void)
{
	if (sem_init(&empty, 0, 1) != 0 || sem_init(&full, 0, 0) != 0) {
		perror("sem_init");
		return 2;
	}
	pthread_t p, c;
	int rc = pthread_create(&p, NULL, producer, NULL);
	if (rc == 0)
		rc = pthread_create(&c, NULL, consumer, NULL);
	if (rc != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 2;
	}
	pthread_join(p, NULL);
	pthread_join(c, NULL);
	printf("items=%d,%d,%d\n", received[0], received[1], received[2]);
	int ok = 1;
	for (int i = 0; i < N_ITEMS; i++)
		ok = ok && received[i] == (i + 1) * 10;
	return ok ? 0 : 1;
}
