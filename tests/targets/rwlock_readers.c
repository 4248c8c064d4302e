/* rwlock_readers.c - two readers and a writer share a pair (x, y) whose sum
 * is always 10 outside the writer's critical section.
 *
 *     rwlock_readers            correct use
 *     rwlock_readers deadlock   every schedule deadlocks
 *
 * Default: reader A (pthread_rwlock_rdlock) and reader B
 * (pthread_rwlock_timedrdlock, deadline an hour away, which must not time
 * out: the writer can always go on) each read x, pass a scheduling point,
 * read y, and check x + y == 10 with no writer inside. Writer C
 * (pthread_rwlock_wrlock) moves 5 from y to x in two steps with a
 * scheduling point between, and checks that no reader is inside. Then main,
 * alone, checks the try operations: tryrdlock succeeds on a read-held lock,
 * trywrlock fails with EBUSY on a read- or write-held one. Prints
 * max_readers=N x=5 y=5, N being the most readers ever inside together (2
 * needs both readers in at once: read locks are shared), and exits 0; a
 * broken invariant, exclusion or try result exits 1.
 *
 * deadlock: main takes the write lock, starts reader A (rdlock) and writer B
 * (wrlock), then waits on a semaphore nobody posts: main blocked in
 * sem_wait, A in rdlock and B in wrlock, both held by main.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "shuffle.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int x = 0, y = 10;
static int readers_inside, writer_inside, max_readers;
static int bad;

static void read_pair(void)
{
	int inside = __atomic_add_fetch(&readers_inside, 1, __ATOMIC_SEQ_CST);
	int seen = __atomic_load_n(&max_readers, __ATOMIC_SEQ_CST);
	while (inside > seen && !__atomic_compare_exchange_n(&max_readers, &seen, inside, 0,
							     __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
	if (writer_inside)
		bad = 1;
	int a = x;
	shuffle_point("between reads");
	int b = y;
	if (a + b != 10 || writer_inside)
		bad = 1;
	__atomic_sub_fetch(&readers_inside, 1, __ATOMIC_SEQ_CST);
}

static void *reader_a(void *arg)
{
	(void)arg;
	if (pthread_rwlock_rdlock(&rw) != 0) {
		bad = 1;
		return NULL;
	}
	read_pair();
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static void *reader_b(void *arg)
{
	(void)arg;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 3600;
	if (pthread_rwlock_timedrdlock(&rw, &ts) != 0) {
		bad = 1;
		return NULL;
	}
	read_pair();
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static void *writer(void *arg)
{
	(void)arg;
	if (pthread_rwlock_wrlock(&rw) != 0) {
		bad = 1;
		return NULL;
	}
	writer_inside = 1;
	if (__atomic_load_n(&readers_inside, __ATOMIC_SEQ_CST))
		bad = 1;
	x += 5;
	shuffle_point("between writes");
	y -= 5;
	if (__atomic_load_n(&readers_inside, __ATOMIC_SEQ_CST))
		bad = 1;
	writer_inside = 0;
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static void check_try(void)
{
	/* Read-held: another read lock is granted, a write lock is not. */
	if (pthread_rwlock_tryrdlock(&rw) != 0) {
		bad = 1;
		return;
	}
	if (pthread_rwlock_tryrdlock(&rw) != 0)
		bad = 1;
	else
		pthread_rwlock_unlock(&rw);
	if (pthread_rwlock_trywrlock(&rw) != EBUSY)
		bad = 1;
	pthread_rwlock_unlock(&rw);
	/* Free: a write lock is granted; write-held: nothing more is. */
	if (pthread_rwlock_trywrlock(&rw) != 0) {
		bad = 1;
		return;
	}
	if (pthread_rwlock_tryrdlock(&rw) != EBUSY)
		bad = 1;
	pthread_rwlock_unlock(&rw);
}

static void *deadlock_reader(void *arg)
{
	(void)arg;
	pthread_rwlock_rdlock(&rw);
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static void *deadlock_writer(void *arg)
{
	(void)arg;
	pthread_rwlock_wrlock(&rw);
	pthread_rwlock_unlock(&rw);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[3];
	int rc = 0;
	if (argc > 1 && strcmp(argv[1], "deadlock") == 0) {
		sem_t never;
		if (sem_init(&never, 0, 0) != 0) {
			perror("sem_init");
			return 2;
		}
		pthread_rwlock_wrlock(&rw);
		rc = pthread_create(&t[0], NULL, deadlock_reader, NULL);
		if (rc == 0)
			rc = pthread_create(&t[1], NULL, deadlock_writer, NULL);
		if (rc != 0) {
			fprintf(stderr, "pthread_create: %s\n", strerror(rc));
			return 2;
		}
		sem_wait(&never); /* never posted */
		printf("not deadlocked\n");
		return 1;
	}
	if (argc > 1) {
		fprintf(stderr, "usage: rwlock_readers [deadlock]\n");
		return 2;
	}
	void *(*const fns[3])(void *) = { reader_a, reader_b, writer };
	for (int i = 0; i < 3 && rc == 0; i++)
		rc = pthread_create(&t[i], NULL, fns[i], NULL);
	if (rc != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 2;
	}
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	check_try();
	printf("max_readers=%d x=%d y=%d\n", max_readers, x, y);
	return bad || x != 5 || y != 5 ? 1 : 0;
}
