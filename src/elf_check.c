/* elf_check.c - reject what LD_PRELOAD cannot control before running it, so
 * the user hears "statically linked" instead of seeing runs that pass
 * because nothing was scheduled. */
#include "elf_check.h"

#include "loadable.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int shuffle_check_program(const char *name, char *path, size_t size, char *err, size_t errlen)
{
	if (!*name) {
		snprintf(err, errlen, "empty program name");
		return -1;
	}
	if (strchr(name, '/')) {
		snprintf(path, size, "%s", name);
	} else if (!shuffle_path_search(name, path, size)) {
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
	switch (shuffle_elf_kind(path)) {
	case SHUFFLE_ELF_UNREADABLE:
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	case SHUFFLE_ELF_STATIC:
		snprintf(err, errlen,
			 "%s: statically linked, LD_PRELOAD cannot apply (link it dynamically)",
			 path);
		return -1;
	default:
		return 0;
	}
}
