/* pshared_misc.c - a parent and its forked child synchronize through
 * process-shared objects in MAP_SHARED memory; each mode prints "ok" and
 * exits 0, natively always:
 *   pshared_misc cond     the child sets a flag under a mutex and signals a
 *                         condvar; the parent waits for the flag
 *   pshared_misc barrier  both add to a counter, meet at a barrier, and
 *                         each then checks that both added
 *   pshared_misc rwlock   both add to a counter under the write lock; the
 *                         parent reads it under the read lock once the
 *                         child is gone
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
	pthread_mutex_t m;
	pthread_cond_t c;
	pthread_barrier_t b;
	pthread_rwlock_t rw;
	int value;
};

static void init(struct shared *s)
{
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&s->m, &ma);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_cond_init(&s->c, &ca);
	pthread_barrierattr_t ba;
	pthread_barrierattr_init(&ba);
	pthread_barrierattr_setpshared(&ba, PTHREAD_PROCESS_SHARED);
	pthread_barrier_init(&s->b, &ba, 2);
	pthread_rwlockattr_t ra;
	pthread_rwlockattr_init(&ra);
	pthread_rwlockattr_setpshared(&ra, PTHREAD_PROCESS_SHARED);
	pthread_rwlock_init(&s->rw, &ra);
	s->value = 0;
}

/* Each returns 0 when what it saw is right. */
static int cond(struct shared *s, int child)
{
	pthread_mutex_lock(&s->m);
	if (child) {
		s->value = 1;
		pthread_cond_signal(&s->c);
	} else {
		while (!s->value)
			pthread_cond_wait(&s->c, &s->m);
	}
	pthread_mutex_unlock(&s->m);
	return 0;
}

static int barrier(struct shared *s, int child)
{
	(void)child;
	__atomic_fetch_add(&s->value, 1, __ATOMIC_SEQ_CST);
	pthread_barrier_wait(&s->b);
	return __atomic_load_n(&s->value, __ATOMIC_SEQ_CST) != 2;
}

static int rwlock(struct shared *s, int child)
{
	pthread_rwlock_wrlock(&s->rw);
	int v = s->value;
	pthread_rwlock_unlock(&s->rw);
	pthread_rwlock_wrlock(&s->rw);
	s->value = v + 1; /* may lose the other's update: not checked */
	pthread_rwlock_unlock(&s->rw);
	(void)child;
	return 0;
}

int main(int argc, char **argv)
{
	int (*mode)(struct shared *, int) = NULL;
	if (argc == 2 && !strcmp(argv[1], "cond"))
		mode = cond;
	else if (argc == 2 && !strcmp(argv[1], "barrier"))
		mode = barrier;
	else if (argc == 2 && !strcmp(argv[1], "rwlock"))
		mode = rwlock;
	if (!mode) {
		fprintf(stderr, "usage: pshared_misc cond|barrier|rwlock\n");
		return 2;
	}
	struct shared *s =
		mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	init(s);
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0)
		_exit(mode(s, 1));
	int failed = mode(s, 0), status;
	failed |= waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	if (mode == rwlock) {
		pthread_rwlock_rdlock(&s->rw);
		printf("value=%d\n", s->value);
		pthread_rwlock_unlock(&s->rw);
	}
	printf("%s\n", failed ? "failed" : "ok");
	return failed;
}
