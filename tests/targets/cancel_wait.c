/* cancel_wait.c - a worker blocked at a cancellation point, cancelled by
 * main with pthread_cancel and joined. The mode (argv[1]) says where it
 * waits, with a cleanup handler that counts its runs:
 *   cond        pthread_cond_wait for a flag nobody sets; the handler
 *               unlocks the (error-checking) mutex, which it must hold
 *   cond_signal the same, but main sets the flag and signals just before
 *               cancelling: the worker returns 1 (perhaps before the
 *               cancel: cancelling a thread that ended returns 0) or is
 *               cancelled
 *   sem         sem_wait on a semaphore nobody posts
 *   sleep       sleep(1) in a loop
 *   testcancel  pthread_testcancel in a loop, nothing else
 *   disabled    sem_wait nobody posts, cancellation disabled: never ends
 *   exit        no cancel: the worker holds the mutex and ends with
 *               pthread_exit(1), its handler unlocking
 * Prints "<mode> ret=cancelled|1 cleanups=N unlock=RC" and exits 0 when
 * the join saw PTHREAD_CANCELED or 1, and main could lock the mutex after. */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t m;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static sem_t never;
static int flag;
static int cleanups;
static int unlock_rc = -1;
static const char *mode;

static void unlock_on_cancel(void *arg)
{
	cleanups++;
	unlock_rc = pthread_mutex_unlock(arg);
}

static void count(void *arg)
{
	(void)arg;
	cleanups++;
}

static void *worker(void *arg)
{
	(void)arg;
	if (strncmp(mode, "cond", 4) == 0) {
		pthread_mutex_lock(&m);
		pthread_cleanup_push(unlock_on_cancel, &m);
		while (!flag)
			pthread_cond_wait(&c, &m);
		pthread_cleanup_pop(0);
		pthread_mutex_unlock(&m);
		return (void *)1;
	}
	if (strcmp(mode, "exit") == 0) {
		pthread_mutex_lock(&m);
		pthread_cleanup_push(unlock_on_cancel, &m);
		pthread_exit((void *)1);
		pthread_cleanup_pop(0);
	}
	if (strcmp(mode, "disabled") == 0)
		pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	pthread_cleanup_push(count, NULL);
	if (strcmp(mode, "sleep") == 0)
		for (;;)
			sleep(1);
	if (strcmp(mode, "testcancel") == 0)
		for (;;)
			pthread_testcancel();
	sem_wait(&never);
	pthread_cleanup_pop(0);
	return (void *)1;
}

int main(int argc, char **argv)
{
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &attr);
	sem_init(&never, 0, 0);
	mode = argc > 1 ? argv[1] : "cond";
	pthread_t t;
	if (pthread_create(&t, NULL, worker, NULL) != 0)
		return 2;
	if (strcmp(mode, "cond_signal") == 0) {
		pthread_mutex_lock(&m);
		flag = 1;
		pthread_cond_signal(&c);
		pthread_mutex_unlock(&m);
	}
	int rc = strcmp(mode, "exit") ? pthread_cancel(t) : 0;
	void *ret = NULL;
	if (rc == 0)
		rc = pthread_join(t, &ret);
	if (rc != 0) {
		fprintf(stderr, "pthread_cancel/join: %s\n", strerror(rc));
		return 2;
	}
	/* The handler released the mutex: main can take it. */
	if (pthread_mutex_lock(&m) != 0)
		return 3;
	pthread_mutex_unlock(&m);
	if (ret == PTHREAD_CANCELED)
		printf("%s ret=cancelled cleanups=%d unlock=%d\n", mode, cleanups, unlock_rc);
	else
		printf("%s ret=%ld cleanups=%d unlock=%d\n", mode, (long)ret, cleanups, unlock_rc);
	return ret == PTHREAD_CANCELED || ret == (void *)1 ? 0 : 1;
}
