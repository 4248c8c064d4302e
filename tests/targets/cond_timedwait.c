/* cond_timedwait.c - timed waits that run on virtual time.
 *
 *     cond_timedwait             nobody signals
 *     cond_timedwait signalled   B signals before any deadline
 *     cond_timedwait others      mutex and semaphore timed waits, clock waits
 *
 * Default: thread A waits on a condition variable with
 * pthread_cond_timedwait and a deadline 5 s away; nobody signals it. It must
 * return ETIMEDOUT (with the mutex held again): prints timedwait=ETIMEDOUT
 * and exits 0, anything else is printed by its errno name or number and
 * exits 1. Under shuffle-run no real time passes, so a --timeout of 3 s is
 * never reached.
 *
 * signalled: A waits (deadline 5 s away, in a loop over a flag) until B has
 * set the flag and signalled. Timing out is a scheduling choice, but only
 * once: a retry (the previous wait timed out) gives way to B, which can run.
 * So every schedule prints flag=1 and timeouts=0 or 1, and exits 0; 2 or
 * more timeouts exit 1.
 *
 * others: main holds a mutex and keeps a semaphore at 0; A tries
 * pthread_mutex_timedlock, pthread_mutex_clocklock (CLOCK_MONOTONIC),
 * sem_timedwait and sem_clockwait on them, then pthread_cond_clockwait on
 * a condition variable nobody signals, each with a deadline 5 s away, while
 * main waits in join A. Each must return ETIMEDOUT: prints
 * timedlock=ETIMEDOUT clocklock=ETIMEDOUT sem_timedwait=ETIMEDOUT
 * sem_clockwait=ETIMEDOUT cond_clockwait=ETIMEDOUT and exits 0 (otherwise
 * 1). 25 s of virtual time.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* pthread_mutex_clocklock, sem_clockwait, pthread_cond_clockwait */
#endif
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define WAIT_S 5

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m2 = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static sem_t sem;
static int flag, timeouts;
static char report[256];

static struct timespec deadline_on(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	ts.tv_sec += WAIT_S;
	return ts;
}

/* WAIT_S from now on CLOCK_REALTIME, the clock of the timed* calls. */
static struct timespec deadline(void)
{
	return deadline_on(CLOCK_REALTIME);
}

static const char *err_name(int rc, char *buf, size_t len)
{
	switch (rc) {
	case 0:
		return "0";
	case ETIMEDOUT:
		return "ETIMEDOUT";
	case EINTR:
		return "EINTR";
	case EBUSY:
		return "EBUSY";
	case EINVAL:
		return "EINVAL";
	case EDEADLK:
		return "EDEADLK";
	default:
		snprintf(buf, len, "%d", rc);
		return buf;
	}
}

static void add(const char *what, int rc)
{
	char num[16];
	size_t n = strlen(report);
	snprintf(report + n, sizeof report - n, "%s%s=%s", n ? " " : "", what,
		 err_name(rc, num, sizeof num));
}

static void *nobody_signals(void *arg)
{
	(void)arg;
	struct timespec ts = deadline();
	pthread_mutex_lock(&m);
	int rc = pthread_cond_timedwait(&c, &m, &ts);
	/* The mutex is held again, whatever rc is: a trylock must fail. */
	int again = pthread_mutex_trylock(&m);
	if (again == 0)
		pthread_mutex_unlock(&m);
	pthread_mutex_unlock(&m);
	add("timedwait", rc);
	if (again != EBUSY)
		add("mutex-not-held-after-wait", again);
	return (void *)(long)(rc == ETIMEDOUT && again == EBUSY);
}

static void *flag_waiter(void *arg)
{
	(void)arg;
	struct timespec ts = deadline();
	pthread_mutex_lock(&m);
	while (!flag) {
		if (pthread_cond_timedwait(&c, &m, &ts) == ETIMEDOUT) {
			timeouts++;
			break;
		}
	}
	pthread_mutex_unlock(&m);
	return NULL;
}

static void *flag_setter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	flag = 1;
	pthread_cond_signal(&c);
	pthread_mutex_unlock(&m);
	return NULL;
}

static int check(const char *what, int rc)
{
	add(what, rc);
	return rc == ETIMEDOUT;
}

static void *timed_others(void *arg)
{
	(void)arg;
	int ok = 1;
	struct timespec ts = deadline();
	ok &= check("timedlock", pthread_mutex_timedlock(&m, &ts));
	ts = deadline_on(CLOCK_MONOTONIC);
	ok &= check("clocklock", pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &ts));
	ts = deadline();
	ok &= check("sem_timedwait", sem_timedwait(&sem, &ts) == 0 ? 0 : errno);
	ts = deadline_on(CLOCK_MONOTONIC);
	ok &= check("sem_clockwait", sem_clockwait(&sem, CLOCK_MONOTONIC, &ts) == 0 ? 0 : errno);
	ts = deadline_on(CLOCK_MONOTONIC);
	pthread_mutex_lock(&m2);
	ok &= check("cond_clockwait", pthread_cond_clockwait(&c, &m2, CLOCK_MONOTONIC, &ts));
	pthread_mutex_unlock(&m2);
	return (void *)(long)ok;
}

static int run(void *(*fn)(void *))
{
	pthread_t t;
	int rc = pthread_create(&t, NULL, fn, NULL);
	if (rc != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 2;
	}
	void *ok = NULL;
	pthread_join(t, &ok);
	printf("%s\n", report);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	if (argc == 1)
		return run(nobody_signals);
	if (strcmp(mode, "signalled") == 0) {
		pthread_t a, b;
		int rc = pthread_create(&a, NULL, flag_waiter, NULL);
		if (rc == 0)
			rc = pthread_create(&b, NULL, flag_setter, NULL);
		if (rc != 0) {
			fprintf(stderr, "pthread_create: %s\n", strerror(rc));
			return 2;
		}
		pthread_join(a, NULL);
		pthread_join(b, NULL);
		printf("flag=%d timeouts=%d\n", flag, timeouts);
		return flag == 1 && timeouts <= 1 ? 0 : 1;
	}
	if (strcmp(mode, "others") == 0) {
		if (sem_init(&sem, 0, 0) != 0) {
			perror("sem_init");
			return 2;
		}
		pthread_mutex_lock(&m);
		int rc = run(timed_others);
		pthread_mutex_unlock(&m);
		return rc;
	}
	fprintf(stderr, "usage: cond_timedwait [signalled|others]\n");
	return 2;
}
