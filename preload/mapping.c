/* mapping.c - see mapping.h. */
#include "mapping.h"

#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static uint64_t hex(const char **p)
{
	uint64_t v = 0;
	for (;; (*p)++) {
		char c = **p;
		unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
			     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
						    : 16u;
		if (d == 16)
			return v;
		v = v << 4 | d;
	}
}

static uint64_t dec(const char **p)
{
	uint64_t v = 0;
	for (; **p >= '0' && **p <= '9'; (*p)++)
		v = v * 10 + (uint64_t)(**p - '0');
	return v;
}

static void skip(const char **p, char c)
{
	while (**p == c)
		(*p)++;
}

/* One line of /proc/self/maps: "start-end perms offset major:minor inode
 * path". 1 when it covers addr (then *found says whether it is shared). */
static int covers(const char *line, uintptr_t addr, struct shuffle_file_pos *pos, int *found)
{
	const char *p = line;
	uint64_t start = hex(&p);
	p++;
	uint64_t end = hex(&p);
	if (addr < start || addr >= end)
		return 0;
	skip(&p, ' ');
	int shared = p[0] && p[1] && p[2] && p[3] == 's';
	p += 4;
	skip(&p, ' ');
	uint64_t offset = hex(&p);
	skip(&p, ' ');
	uint64_t major = hex(&p);
	p++;
	uint64_t minor = hex(&p);
	skip(&p, ' ');
	uint64_t ino = dec(&p);
	/* Inode 0: a device's or the kernel's memory, no file to name it by. */
	*found = shared && ino != 0;
	pos->dev = major << 32 | minor;
	pos->ino = ino;
	pos->offset = offset + (addr - start);
	return 1;
}

int shuffle_mapping_of(const void *addr, struct shuffle_file_pos *pos)
{
	int fd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/maps", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	/* Lines are parsed whole; the fields that matter come first, so the
	 * tail of a line longer than the buffer (a long path) is dropped. */
	char buf[1024];
	size_t have = 0;
	int found = 0, done = 0, dropping = 0;
	while (!done) {
		ssize_t got = syscall(SYS_read, fd, buf + have, sizeof buf - 1 - have);
		if (got <= 0)
			break;
		have += (size_t)got;
		buf[have] = '\0';
		char *line = buf, *nl;
		while (!done && (nl = memchr(line, '\n', have - (size_t)(line - buf)))) {
			*nl = '\0';
			if (!dropping)
				done = covers(line, (uintptr_t)addr, pos, &found);
			dropping = 0;
			line = nl + 1;
		}
		have -= (size_t)(line - buf);
		memmove(buf, line, have);
		if (have == sizeof buf - 1) {
			/* No end of line in a full buffer: judge by its start. */
			if (!dropping)
				done = covers(buf, (uintptr_t)addr, pos, &found);
			dropping = 1;
			have = 0;
		}
	}
	syscall(SYS_close, fd);
	return done && found;
}
