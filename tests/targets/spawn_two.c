/* spawn_two.c - two children started by posix_spawn (then posix_spawnp)
 * each print a line: natively in either order. Then, as a check that the
 * other ways to start a program still work: popen reads a line from a
 * shell, system runs one, and the exit status says whether all went well.
 *   spawn_two spawn | popen | system
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

static int spawn_two(void)
{
	char *a[] = { "echo", "a", NULL }, *b[] = { "echo", "b", NULL };
	pid_t pa, pb;
	int sa = 1, sb = 1;
	fflush(stdout);
	if (posix_spawn(&pa, "/bin/echo", NULL, NULL, a, environ) != 0 ||
	    posix_spawnp(&pb, "echo", NULL, NULL, b, environ) != 0)
		return 2;
	if (waitpid(pa, &sa, 0) != pa || waitpid(pb, &sb, 0) != pb)
		return 2;
	return sa == 0 && sb == 0 ? 0 : 1;
}

static int with_popen(void)
{
	FILE *f = popen("echo from-popen", "r");
	char line[64] = "";
	if (!f || !fgets(line, sizeof line, f))
		return 2;
	int status = pclose(f);
	printf("read %s", line);
	return status == 0 && !strcmp(line, "from-popen\n") ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "spawn"))
		return spawn_two();
	if (argc == 2 && !strcmp(argv[1], "popen"))
		return with_popen();
	if (argc == 2 && !strcmp(argv[1], "system")) {
		fflush(stdout);
		int status = system("echo from-system; exit 3");
		printf("status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return WIFEXITED(status) && WEXITSTATUS(status) == 3 ? 0 : 1;
	}
	fprintf(stderr, "usage: spawn_two spawn|popen|system\n");
	return 2;
}
