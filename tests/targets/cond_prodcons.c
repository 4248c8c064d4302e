/* cond_prodcons.c - condition variables used correctly (and once not).
 *
 *     cond_prodcons               bounded buffer
 *     cond_prodcons choice        which waiter a signal wakes
 *     cond_prodcons broadcast     a broadcast wakes every waiter
 *     cond_prodcons signal-gate   the same with a signal: deadlock
 *
 * Bounded buffer (default): producer A puts the items 1..4 into a ring of 2
 * slots, consumer B takes them out; one mutex, two condition variables
 * (not_full, not_empty), every wait in a loop over its predicate. Correct
 * under every schedule: prints items=1,2,3,4 and exits 0; a lost, repeated
 * or reordered item, or an overfull buffer, exits 1.
 *
 * choice: A and B both wait on one condition variable for a token; main
 * waits until both are waiting, then hands out one token with
 * pthread_cond_signal and waits until a thread took it, then a second one
 * the same way. The thread the first signal woke takes the first token,
 * since nobody else is awake. Prints arrived=XY woken=XY: the order in
 * which A and B started waiting, and the order in which they were woken;
 * all four combinations happen when the scheduler chooses which waiter a
 * signal wakes. Exits 0 unless a count is off (then 1).
 *
 * broadcast: A and B wait (in a loop over a flag) on one condition
 * variable; once both wait, main sets the flag and calls
 * pthread_cond_broadcast, which wakes both: prints arrived=XY woken=XY and
 * exits 0 under every schedule.
 *
 * signal-gate: the same with pthread_cond_signal, which wakes only one of
 * them: the other waits for ever (in cond_wait) and main in join. Every
 * schedule deadlocks.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

/* --- bounded buffer ------------------------------------------------------ */

#define N_ITEMS	 4
#define CAPACITY 2

static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static int ring[CAPACITY], head, count;
static int received[N_ITEMS];
static int bad;

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= N_ITEMS; i++) {
		pthread_mutex_lock(&m);
		while (count == CAPACITY)
			pthread_cond_wait(&not_full, &m);
		if (count < 0 || count >= CAPACITY)
			bad = 1;
		ring[(head + count) % CAPACITY] = i;
		count++;
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&m);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	(void)arg;
	for (int i = 0; i < N_ITEMS; i++) {
		pthread_mutex_lock(&m);
		while (count == 0)
			pthread_cond_wait(&not_empty, &m);
		if (count <= 0 || count > CAPACITY)
			bad = 1;
		received[i] = ring[head];
		ring[head] = -1; /* taken: reading it again would show */
		head = (head + 1) % CAPACITY;
		count--;
		pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&m);
	}
	return NULL;
}

static int bounded_buffer(void)
{
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
	printf("items=%d,%d,%d,%d\n", received[0], received[1], received[2], received[3]);
	for (int i = 0; i < N_ITEMS; i++)
		if (received[i] != i + 1)
			bad = 1;
	return bad || count != 0 ? 1 : 0;
}

/* --- which waiter a signal wakes, and a broadcast -------------------------- */

static pthread_cond_t arrived_cv = PTHREAD_COND_INITIALIZER; /* main waits here */
static pthread_cond_t taken_cv = PTHREAD_COND_INITIALIZER;   /* main waits here */
static pthread_cond_t token_cv = PTHREAD_COND_INITIALIZER;   /* A and B wait here */
static int waiting, tokens, gate_open;
static char arrived[3], woken[3];
static int n_arrived, n_woken;

static void *token_waiter(void *arg)
{
	char me = *(const char *)arg;
	pthread_mutex_lock(&m);
	arrived[n_arrived++] = me;
	waiting++;
	pthread_cond_signal(&arrived_cv);
	while (tokens == 0)
		pthread_cond_wait(&token_cv, &m);
	tokens--;
	woken[n_woken++] = me;
	pthread_cond_signal(&taken_cv);
	pthread_mutex_unlock(&m);
	return NULL;
}

static void *gate_waiter(void *arg)
{
	char me = *(const char *)arg;
	pthread_mutex_lock(&m);
	arrived[n_arrived++] = me;
	waiting++;
	pthread_cond_signal(&arrived_cv);
	while (!gate_open)
		pthread_cond_wait(&token_cv, &m);
	woken[n_woken++] = me;
	pthread_mutex_unlock(&m);
	return NULL;
}

static int two_waiters(void *(*fn)(void *), pthread_t t[2])
{
	static const char names[2] = { 'A', 'B' };
	for (int i = 0; i < 2; i++) {
		int rc = pthread_create(&t[i], NULL, fn, (void *)&names[i]);
		if (rc != 0) {
			fprintf(stderr, "pthread_create: %s\n", strerror(rc));
			return 2;
		}
	}
	pthread_mutex_lock(&m);
	while (waiting < 2)
		pthread_cond_wait(&arrived_cv, &m);
	/* Both are in pthread_cond_wait on token_cv now: each released m there. */
	return 0;
}

static int choice(void)
{
	pthread_t t[2];
	if (two_waiters(token_waiter, t) != 0)
		return 2;
	for (int i = 0; i < 2; i++) {
		tokens = 1;
		pthread_cond_signal(&token_cv); /* wakes A or B: the scheduler's choice */
		while (tokens > 0)
			pthread_cond_wait(&taken_cv, &m);
	}
	pthread_mutex_unlock(&m);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("arrived=%s woken=%s\n", arrived, woken);
	return n_arrived == 2 && n_woken == 2 && tokens == 0 ? 0 : 1;
}

static int gate(int broadcast)
{
	pthread_t t[2];
	if (two_waiters(gate_waiter, t) != 0)
		return 2;
	gate_open = 1;
	if (broadcast)
		pthread_cond_broadcast(&token_cv); /* wakes both */
	else
		pthread_cond_signal(&token_cv); /* BUG: wakes one; the other waits for ever */
	pthread_mutex_unlock(&m);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("arrived=%s woken=%s\n", arrived, woken);
	return n_arrived == 2 && n_woken == 2 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "choice") == 0)
		return choice();
	if (argc > 1 && strcmp(argv[1], "broadcast") == 0)
		return gate(1);
	if (argc > 1 && strcmp(argv[1], "signal-gate") == 0)
		return gate(0);
	if (argc > 1) {
		fprintf(stderr, "usage: cond_prodcons [choice|broadcast|signal-gate]\n");
		return 2;
	}
	return bounded_buffer();
}
