/* pshared_sem.c - a parent and its forked child hand a value back and forth
 * with two process-shared semaphores: the parent writes 1 and posts `ping`,
 * the child waits for it, doubles the value and posts `pong`, the parent
 * waits and prints "value=2" (exit 0; anything else exits 1).
 *   pshared_sem anon    sem_init(pshared=1) in MAP_SHARED memory, before fork
 *   pshared_sem named   sem_open, by each process after the fork (each maps
 *                       it on its own)
 */
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
	sem_t ping, pong;
	int value;
};

static char ping_name[64], pong_name[64];

static int open_named(sem_t **ping, sem_t **pong)
{
	*ping = sem_open(ping_name, O_CREAT, 0600, 0);
	*pong = sem_open(pong_name, O_CREAT, 0600, 0);
	return *ping == SEM_FAILED || *pong == SEM_FAILED ? -1 : 0;
}

int main(int argc, char **argv)
{
	int named = argc == 2 && !strcmp(argv[1], "named");
	if (argc != 2 || (!named && strcmp(argv[1], "anon"))) {
		fprintf(stderr, "usage: pshared_sem anon|named\n");
		return 2;
	}
	struct shared *s =
		mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	sem_t *ping = &s->ping, *pong = &s->pong;
	if (named) {
		snprintf(ping_name, sizeof ping_name, "/pshared_sem.%d.ping", (int)getpid());
		snprintf(pong_name, sizeof pong_name, "/pshared_sem.%d.pong", (int)getpid());
	} else if (sem_init(ping, 1, 0) || sem_init(pong, 1, 0)) {
		perror("sem_init");
		return 2;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (named && open_named(&ping, &pong)) {
		perror("sem_open");
		_exit(2);
	}
	if (pid == 0) {
		sem_wait(ping);
		s->value *= 2;
		sem_post(pong);
		_exit(0);
	}
	s->value = 1;
	sem_post(ping);
	sem_wait(pong);
	int status;
	int failed =
		waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	if (named) {
		sem_unlink(ping_name);
		sem_unlink(pong_name);
	}
	printf("value=%d\n", s->value);
	return failed || s->value != 2;
}
