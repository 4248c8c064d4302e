/* elf_check.c - reject what LD_PRELOAD cannot control before running it, so
 * the user hears "statically linked" instead of seeing runs that pass
 * because nothing was scheduled. */
#include "elf_check.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int find_in_path(const char *name, char *path, size_t size)
{
	const char *dirs = getenv("PATH");
	if (!dirs)
		dirs = "/usr/local/bin:/usr/bin:/bin";
	while (*dirs) {
		size_t len = strcspn(dirs, ":");
		snprintf(path, size, "%.*s%s%s", (int)len, dirs, len ? "/" : "", name);
		if (access(path, X_OK) == 0)
			return 0;
		dirs += len + (dirs[len] == ':');
	}
	return -1;
}

/* 1: ELF with PT_INTERP, 0: ELF without (static), 2: not ELF, -1: unreadable. */
static int dynamically_linked(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	Elf64_Ehdr eh;
	int result = 2;
	if (pread(fd, &eh, sizeof eh, 0) == (ssize_t)sizeof eh &&
	    !memcmp(eh.e_ident, ELFMAG, SELFMAG)) {
		result = 0;
		if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(Elf64_Phdr))
			result = 1; /* not ours to judge: let the loader speak */
		for (int i = 0; result == 0 && i < eh.e_phnum; i++) {
			Elf64_Phdr ph;
			off_t at = (off_t)eh.e_phoff + (off_t)i * eh.e_phentsize;
			if (pread(fd, &ph, sizeof ph, at) != (ssize_t)sizeof ph)
				break;
			if (ph.p_type == PT_INTERP)
				result = 1;
		}
	}
	close(fd);
	return result;
}

int shuffle_check_program(const char *name, char *path, size_t size, char *err, size_t errlen)
{
	if (!*name) {
		snprintf(err, errlen, "empty program name");
		return -1;
	}
	if (strchr(name, '/')) {
		snprintf(path, size, "%s", name);
	} else if (find_in_path(name, path, size) != 0) {
		snprintf(err, errlen, "%s: command not found in PATH", name);
		return -1;
	}
	struct stat st;
	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		return -1;
	}
	if (access(path, X_OK) != 0) {
		snprintf(err, errlen, "%s: not executable", path);
		return -1;
	}
	if (st.st_mode & (S_ISUID | S_ISGID)) {
		snprintf(err, errlen, "%s: setuid/setgid programs ignore LD_PRELOAD", path);
		return -1;
	}
	switch (dynamically_linked(path)) {
	case -1:
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	case 0:
		snprintf(err, errlen,
			 "%s: statically linked, LD_PRELOAD cannot apply (link it dynamically)",
			 path);
		return -1;
	default:
		return 0;
	}
}
