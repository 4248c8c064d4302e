/* atomicity_violation.c - BUGGY: a reader checks that the shared buffer is
 * there in one critical section and uses it in a second one; a writer can
 * free it (set it to NULL) in between. Each access is under the lock, so
 * there is no data race: the check and the use are simply not one atomic
 * section. Exit 1 when the use found the buffer gone. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int storage = 42;
static int *buf = &storage;
static int lost;

static void *reader(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	int present = buf != NULL;
	pthread_mutex_unlock(&lock);
	if (present) {
		pthread_mutex_lock(&lock);
		if (buf == NULL)
			lost = 1; /* would dereference NULL here */
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static void *writer(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	buf = NULL;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	pthread_create(&a, NULL, reader, NULL);
	pthread_create(&b, NULL, writer, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("lost=%d\n", lost);
	return lost;
}
