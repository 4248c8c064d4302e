/* proc_state.c - see proc_state.h. */
#include "proc_state.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static char *put_number(char *p, uint64_t v)
{
	char digits[24];
	int n = 0;
	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < 23);
	while (n)
		*p++ = digits[--n];
	return p;
}

/* /proc/PID/task/KTID/NAME, read whole into buf (NUL-terminated). */
static int read_task_file(uint32_t pid, uint32_t ktid, const char *name, char *buf, size_t len)
{
	char path[80] = "/proc/", *p = put_number(path + 6, pid);
	memcpy(p, "/task/", 6);
	p = put_number(p + 6, ktid);
	*p++ = '/';
	size_t name_len = strlen(name);
	if ((size_t)(p - path) + name_len >= sizeof path)
		return -1;
	memcpy(p, name, name_len + 1);
	int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	long got = syscall(SYS_read, fd, buf, len - 1);
	syscall(SYS_close, fd);
	if (got <= 0)
		return -1;
	buf[got] = '\0';
	return 0;
}

int shuffle_proc_sleeps_writing(uint32_t pid, uint32_t ktid, uint64_t *dev, uint64_t *ino)
{
	char buf[512];
	/* Sleeping: a write still copying (running) may yet end on its own. */
	if (read_task_file(pid, ktid, "stat", buf, sizeof buf) != 0)
		return 0;
	const char *paren = strrchr(buf, ')');
	if (!paren || paren[1] != ' ' || paren[2] != 'S')
		return 0;
	/* "NR ARG1 ...": the system call it sleeps in, and its descriptor. */
	if (read_task_file(pid, ktid, "syscall", buf, sizeof buf) != 0)
		return 0;
	char *end;
	long nr = strtol(buf, &end, 10);
	if (end == buf || (nr != SYS_write && nr != SYS_writev))
		return 0;
	unsigned long fd = strtoul(end, NULL, 16);
	char path[64] = "/proc/", *p = put_number(path + 6, pid);
	memcpy(p, "/fd/", 4);
	p = put_number(p + 4, fd);
	*p = '\0';
	struct stat st;
	if (syscall(SYS_newfstatat, AT_FDCWD, path, &st, 0) != 0 ||
	    !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
		return 0;
	*dev = (uint64_t)st.st_dev;
	*ino = (uint64_t)st.st_ino;
	return 1;
}

int shuffle_proc_list(const char *path, void (*each)(const char *name, int dirfd, void *ctx),
		      void *ctx)
{
	int dir = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return -1;
	char buf[4096];
	int n = 0;
	long got;
	while ((got = syscall(SYS_getdents64, dir, buf, sizeof buf)) > 0)
		for (long off = 0; off < got;) {
			const char *name = buf + off + 19; /* d_ino, d_off, d_reclen, d_type */
			unsigned short reclen;
			memcpy(&reclen, buf + off + 16, sizeof reclen);
			if (name[0] != '.') {
				n++;
				if (each)
					each(name, dir, ctx);
			}
			off += reclen;
		}
	syscall(SYS_close, dir);
	return n;
}
