/* fork_race.c - a forked child races with its parent on a shared file: each
 * appends its name with write(), the parent waits for the child, reads the
 * file back and prints "order=child,parent" or "order=parent,child". Both
 * orders are correct (exit 0): the test checks that exploration finds both,
 * which takes the child being scheduled as a task of the same run.
 *   fork_race FILE
 *   fork_race --exec FILE     the child exec()s this program to append
 *   fork_race --append FILE   (what that exec'd child runs)
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int append(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_APPEND);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--append"))
		return append(argv[2], "child,") == 0 ? 0 : 1;
	int exec_child = argc == 3 && !strcmp(argv[1], "--exec");
	if (exec_child) {
		argv++;
		argc--;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: fork_race [--exec] FILE\n");
		return 2;
	}
	int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	close(fd);
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0 && exec_child) {
		execl("/proc/self/exe", "fork_race", "--append", argv[1], (char *)NULL);
		_exit(127);
	}
	if (pid == 0)
		_exit(append(argv[1], "child,") == 0 ? 0 : 1);
	int failed = append(argv[1], "parent,") != 0;
	int status = 0;
	failed |= waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0;

	char buf[64] = { 0 };
	fd = open(argv[1], O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n > 0 && buf[n - 1] == ',')
		buf[n - 1] = '\0';
	printf("order=%s\n", buf);
	return failed ? 1 : 0;
}
