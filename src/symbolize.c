/* symbolize.c - see symbolize.h. Runs only for deadlock reports, so a
 * process per address is cheap enough. */
#include "symbolize.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void trim(char *s)
{
	size_t n = strcspn(s, "\n");
	s[n] = '\0';
}

static int addr2line(const char *module, uint64_t offset, char *func, size_t fsize, char *line,
		     size_t lsize)
{
	char addr[32];
	snprintf(addr, sizeof addr, "0x%llx", (unsigned long long)(offset ? offset - 1 : 0));
	char *argv[] = { "addr2line", "-f", "-C", "-e", (char *)module, addr, NULL };
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0)
		return -1;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	int rc = posix_spawnp(&pid, "addr2line", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc != 0) {
		close(p[0]);
		return -1;
	}
	FILE *f = fdopen(p[0], "r");
	int ok = f && fgets(func, (int)fsize, f) && fgets(line, (int)lsize, f);
	if (f)
		fclose(f);
	else
		close(p[0]);
	waitpid(pid, NULL, 0);
	if (!ok)
		return -1;
	trim(func);
	trim(line);
	return 0;
}

void shuffle_symbolize(const char *module, uint64_t offset, char *out, size_t size)
{
	char func[256], line[512];
	if (addr2line(module, offset, func, sizeof func, line, sizeof line) == 0 &&
	    strncmp(line, "??", 2) != 0) {
		const char *base = strrchr(line, '/');
		snprintf(out, size, "%s (%s)", func, base ? base + 1 : line);
		return;
	}
	const char *base = strrchr(module, '/');
	snprintf(out, size, "%s+0x%llx", base ? base + 1 : module, (unsigned long long)offset);
}
