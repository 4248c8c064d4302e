/* barrier_phases.c - three threads A, B, C go through two phases separated
 * by a barrier of 3 (pthread_barrier_wait, used twice).
 *
 *     barrier_phases            correct use
 *     barrier_phases deadlock   a barrier of 4 that only 3 threads reach
 *
 * Default: each thread does phase 1 (counts itself in done1), waits at the
 * barrier, checks that all three finished phase 1 and none of them saw a
 * thread in phase 2 early, does phase 2 (counts itself in done2), waits
 * again and checks that all three finished phase 2. Each wait returns
 * PTHREAD_BARRIER_SERIAL_THREAD in exactly one thread and 0 in the others.
 * Prints serial=1,1 (the serial returns of each phase) and exits 0;
 * anything wrong exits 1. (The counters are atomic, so the checks also hold
 * natively, threads running in parallel.)
 *
 * deadlock: the barrier counts 4, so the three threads wait at it for ever
 * and main waits in join A.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define N_THREADS 3

static pthread_barrier_t barrier;
static int done1, entered2, done2;
static int serial[2], other_rc;
static int bad;

static void count_rc(int phase, int rc)
{
	if (rc == PTHREAD_BARRIER_SERIAL_THREAD)
		__atomic_fetch_add(&serial[phase], 1, __ATOMIC_SEQ_CST);
	else if (rc != 0)
		other_rc = 1;
}

static void *work(void *arg)
{
	(void)arg;
	/* phase 1 */
	if (__atomic_load_n(&entered2, __ATOMIC_SEQ_CST) != 0)
		bad = 1; /* someone is in phase 2 while this one is in phase 1 */
	__atomic_fetch_add(&done1, 1, __ATOMIC_SEQ_CST);
	count_rc(0, pthread_barrier_wait(&barrier));
	/* phase 2 */
	if (__atomic_load_n(&done1, __ATOMIC_SEQ_CST) != N_THREADS)
		bad = 1;
	__atomic_fetch_add(&entered2, 1, __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&done2, 1, __ATOMIC_SEQ_CST);
	count_rc(1, pthread_barrier_wait(&barrier));
	if (__atomic_load_n(&done2, __ATOMIC_SEQ_CST) != N_THREADS)
		bad = 1;
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned count = N_THREADS;
	if (argc > 1 && strcmp(argv[1], "deadlock") == 0) {
		count = N_THREADS + 1;
	} else if (argc > 1) {
		fprintf(stderr, "usage: barrier_phases [deadlock]\n");
		return 2;
	}
	int rc = pthread_barrier_init(&barrier, NULL, count);
	if (rc != 0) {
		fprintf(stderr, "pthread_barrier_init: %s\n", strerror(rc));
		return 2;
	}
	pthread_t t[N_THREADS];
	for (int i = 0; i < N_THREADS; i++) {
		rc = pthread_create(&t[i], NULL, work, NULL);
		if (rc != 0) {
			fprintf(stderr, "pthread_create: %s\n", strerror(rc));
			return 2;
		}
	}
	for (int i = 0; i < N_THREADS; i++)
		pthread_join(t[i], NULL);
	printf("serial=%d,%d\n", serial[0], serial[1]);
	return bad || other_rc || serial[0] != 1 || serial[1] != 1 ? 1 : 0;
}
