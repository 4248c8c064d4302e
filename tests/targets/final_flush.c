/* final_flush.c - a forked child's output, buffered by stdio, is written
 * only when the child exits (the flush at exit), and is more than a pipe
 * holds (100000 bytes): the writer blocks until someone reads.
 *   final_flush         to a pipe its parent reads after fork: the parent
 *                       prints "read 100000", exit 0
 *   final_flush stdout  to stdout (the driver's pipe); the parent waits
 *                       for the child, then prints "parent done"
 *   final_flush waitfirst  as the first, but the parent waits for the child
 *                       before it reads: both wait for ever (a deadlock)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SIZE 100000

static void write_all_buffered(FILE *f)
{
	static char buf[SIZE + 1];
	setvbuf(f, buf, _IOFBF, sizeof buf);
	for (int i = 0; i < SIZE / 10; i++)
		fputs("123456789\n", f);
	exit(0); /* the flush happens here */
}

int main(int argc, char **argv)
{
	int to_stdout = argc == 2 && !strcmp(argv[1], "stdout");
	int wait_first = argc == 2 && !strcmp(argv[1], "waitfirst");
	int fds[2];
	if (pipe(fds) != 0)
		return 2;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		close(fds[0]);
		write_all_buffered(to_stdout ? stdout : fdopen(fds[1], "w"));
	}
	close(fds[1]);
	int status = 0;
	if (wait_first)
		waitpid(pid, &status, 0);
	long total = 0;
	char chunk[4096];
	ssize_t n;
	while ((n = read(fds[0], chunk, sizeof chunk)) > 0)
		total += n;
	int ok = wait_first || (waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
				 !WEXITSTATUS(status));
	if (to_stdout)
		printf("parent done\n");
	else
		printf("read %ld\n", total);
	return ok && (to_stdout || total == SIZE) ? 0 : 1;
}
