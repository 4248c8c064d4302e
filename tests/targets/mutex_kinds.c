/* mutex_kinds.c - recursive and error-checking mutexes.
 *
 *     mutex_kinds            correct use; exits 0 under every schedule
 *     mutex_kinds selflock   A locks a normal mutex twice: deadlock
 *
 * Default: A locks a recursive mutex twice (lock, then trylock), unlocks it
 * once, passes a scheduling point still holding it, and unlocks it again;
 * B locks the same mutex too and checks that A is not inside: one unlock of
 * two must not have freed it. B then locks an error-checking mutex, locks
 * it again (EDEADLK), passes a scheduling point, unlocks it (0) and unlocks
 * it again (EPERM); A locks the error-checking mutex in between, so B's
 * first unlock must really have freed it. Prints ok and exits 0; anything
 * unexpected is printed and exits 1.
 *
 * selflock: A locks a PTHREAD_MUTEX_NORMAL mutex and then locks it again,
 * which blocks for ever (POSIX): A blocked in lock, held by A; main blocked
 * in join A.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "shuffle.h"

static pthread_mutex_t rec, errchk, normal;
static int inside; /* A holds rec */
static char problems[256];

static void problem(const char *what, int rc)
{
	size_t n = strlen(problems);
	snprintf(problems + n, sizeof problems - n, " %s=%d", what, rc);
}

static void expect(const char *what, int rc, int want)
{
	if (rc != want)
		problem(what, rc);
}

static void *thread_a(void *arg)
{
	(void)arg;
	expect("A lock rec", pthread_mutex_lock(&rec), 0);
	inside = 1;
	expect("A trylock rec again", pthread_mutex_trylock(&rec), 0);
	shuffle_point("holding rec twice");
	expect("A unlock rec 1", pthread_mutex_unlock(&rec), 0);
	shuffle_point("holding rec once");
	inside = 0;
	expect("A unlock rec 2", pthread_mutex_unlock(&rec), 0);

	expect("A lock errchk", pthread_mutex_lock(&errchk), 0);
	expect("A unlock errchk", pthread_mutex_unlock(&errchk), 0);
	return NULL;
}

static void *thread_b(void *arg)
{
	(void)arg;
	expect("B lock rec", pthread_mutex_lock(&rec), 0);
	if (inside)
		problem("B got rec while A held it", inside);
	expect("B unlock rec", pthread_mutex_unlock(&rec), 0);

	expect("B lock errchk", pthread_mutex_lock(&errchk), 0);
	expect("B relock errchk", pthread_mutex_lock(&errchk), EDEADLK);
	shuffle_point("holding errchk");
	expect("B unlock errchk", pthread_mutex_unlock(&errchk), 0);
	expect("B unlock errchk again", pthread_mutex_unlock(&errchk), EPERM);
	return NULL;
}

static void *selflock(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&normal);
	pthread_mutex_lock(&normal); /* blocks for ever */
	return NULL;
}

static int init(pthread_mutex_t *m, int kind)
{
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	int rc = pthread_mutexattr_settype(&attr, kind);
	if (rc == 0)
		rc = pthread_mutex_init(m, &attr);
	pthread_mutexattr_destroy(&attr);
	if (rc != 0)
		fprintf(stderr, "pthread_mutex_init: %s\n", strerror(rc));
	return rc;
}

int main(int argc, char **argv)
{
	int self = argc > 1 && strcmp(argv[1], "selflock") == 0;
	if (argc > 1 && !self) {
		fprintf(stderr, "usage: mutex_kinds [selflock]\n");
		return 2;
	}
	if (init(&rec, PTHREAD_MUTEX_RECURSIVE) || init(&errchk, PTHREAD_MUTEX_ERRORCHECK) ||
	    init(&normal, PTHREAD_MUTEX_NORMAL))
		return 2;
	pthread_t a, b;
	int rc = pthread_create(&a, NULL, self ? selflock : thread_a, NULL);
	if (rc == 0 && !self)
		rc = pthread_create(&b, NULL, thread_b, NULL);
	if (rc != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 2;
	}
	pthread_join(a, NULL);
	if (self) {
		printf("not deadlocked\n");
		return 1;
	}
	pthread_join(b, NULL);
	printf("%s\n", problems[0] ? problems + 1 : "ok");
	return problems[0] ? 1 : 0;
}
