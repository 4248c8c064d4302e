/* pshared_mutex.c - forked children share a PTHREAD_PROCESS_SHARED mutex in
 * MAP_SHARED memory.
 *   pshared_mutex count N   N children each add 1 to a shared counter under
 *                           the mutex; the parent prints "counter=C" and
 *                           exits 1 unless C == N (never, natively)
 *   pshared_mutex split N   the same, but each child reads under one lock
 *                           and writes under another: an update can be lost
 *                           (exit 1) when another child's section runs
 *                           between the two
 *   pshared_mutex robust    a robust mutex: the child locks it and exits
 *                           holding it, the parent locks it too (before or
 *                           after); it prints "lock=0" or "lock=EOWNERDEAD"
 *                           and exits 1 on any other result
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
	pthread_mutex_t m;
	int counter;
};

static struct shared *shared_new(int robust)
{
	struct shared *s =
		mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED)
		return NULL;
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	if (robust)
		pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(&s->m, &a);
	pthread_mutexattr_destroy(&a);
	s->counter = 0;
	return s;
}

static void add_one(struct shared *s, int split)
{
	pthread_mutex_lock(&s->m);
	int c = s->counter;
	if (split) {
		pthread_mutex_unlock(&s->m);
		pthread_mutex_lock(&s->m);
	}
	s->counter = c + 1;
	pthread_mutex_unlock(&s->m);
}

static int count(struct shared *s, int n, int split)
{
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 2;
		}
		if (pid == 0) {
			add_one(s, split);
			_exit(0);
		}
	}
	int failed = 0, status;
	for (int i = 0; i < n; i++)
		failed |= wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	printf("counter=%d\n", s->counter);
	return failed || s->counter != n;
}

static int robust(struct shared *s)
{
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		pthread_mutex_lock(&s->m);
		_exit(0); /* holding it */
	}
	int rc = pthread_mutex_lock(&s->m);
	if (rc == EOWNERDEAD)
		pthread_mutex_consistent(&s->m);
	printf("lock=%s\n", rc == 0 ? "0" : rc == EOWNERDEAD ? "EOWNERDEAD" : strerror(rc));
	if (rc == 0 || rc == EOWNERDEAD)
		pthread_mutex_unlock(&s->m);
	int status;
	int failed = waitpid(pid, &status, 0) != pid || !WIFEXITED(status);
	return failed || (rc != 0 && rc != EOWNERDEAD);
}

int main(int argc, char **argv)
{
	int n = argc == 3 ? atoi(argv[2]) : 0;
	const char *mode = argc >= 2 ? argv[1] : "";
	int ok = (!strcmp(mode, "robust") && argc == 2) ||
		 ((!strcmp(mode, "count") || !strcmp(mode, "split")) && n > 0);
	if (!ok) {
		fprintf(stderr, "usage: pshared_mutex count|split N | robust\n");
		return 2;
	}
	struct shared *s = shared_new(!strcmp(mode, "robust"));
	if (!s) {
		perror("mmap");
		return 2;
	}
	fflush(stdout);
	if (!strcmp(mode, "robust"))
		return robust(s);
	return count(s, n, !strcmp(mode, "split"));
}
