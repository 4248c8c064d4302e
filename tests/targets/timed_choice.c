/* timed_choice.c - a timed wait whose signaller is ready to run: main waits
 * on a condition variable with a 1 s deadline (once, no retry) while thread
 * A sets a flag and signals. Prints "woken" when main saw the flag, else
 * "timed out", and exits 0 either way. In real life the signaller almost
 * always wins; exploring timing out as a scheduling choice finds both.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ready;

static void *signaller(void *arg)
{
	pthread_mutex_lock(&lock);
	ready = 1;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	return arg;
}

int main(void)
{
	pthread_t a;
	if (pthread_create(&a, NULL, signaller, NULL) != 0)
		return 2;
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 1;
	pthread_mutex_lock(&lock);
	int rc = 0;
	if (!ready)
		rc = pthread_cond_timedwait(&cond, &lock, &deadline);
	int saw = ready && rc == 0;
	pthread_mutex_unlock(&lock);
	pthread_join(a, NULL);
	puts(saw ? "woken" : rc == ETIMEDOUT ? "timed out" : "already set");
	return 0;
}
