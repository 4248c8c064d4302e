/* fork_pipe.c - a forked child with threads of its own talks to its parent
 * through a pipe. The child's two threads each add 2 to a counter under a
 * mutex, then the child writes the counter into the pipe; the parent reads
 * it (waiting for the child), waits for the child and prints "child says 4".
 * Exits 0 iff the parent read 4 and the child exited 0. Under shuffle-run
 * the parent's read is enabled only once the child wrote, and the child's
 * mutex is modelled in its own process: every run passes, none hangs.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *add_two(void *arg)
{
	for (int i = 0; i < 2; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return arg;
}

static int child(int out)
{
	pthread_t a, b;
	if (pthread_create(&a, NULL, add_two, NULL) != 0 ||
	    pthread_create(&b, NULL, add_two, NULL) != 0)
		return 1;
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	char msg[16];
	int len = snprintf(msg, sizeof msg, "%d", counter);
	return write(out, msg, (size_t)len) == len ? 0 : 1;
}

int main(void)
{
	int p[2];
	if (pipe(p) != 0) {
		perror("pipe");
		return 2;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		close(p[0]);
		_exit(child(p[1]));
	}
	close(p[1]);
	char buf[16] = { 0 };
	ssize_t n = read(p[0], buf, sizeof buf - 1);
	int status = 0;
	int waited =
		waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	printf("child says %s\n", n > 0 ? buf : "nothing");
	return waited && strcmp(buf, "4") == 0 ? 0 : 1;
}
