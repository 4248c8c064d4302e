/* loadable.c - see loadable.h. */
#include "loadable.h"

#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum shuffle_elf_kind shuffle_elf_kind(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return SHUFFLE_ELF_UNREADABLE;
	Elf64_Ehdr eh;
	enum shuffle_elf_kind kind = SHUFFLE_ELF_OTHER;
	ssize_t got = pread(fd, &eh, sizeof eh, 0);
	if (got >= 2 && !memcmp(&eh, "#!", 2)) {
		kind = SHUFFLE_ELF_SCRIPT;
	} else if (got == (ssize_t)sizeof eh && !memcmp(eh.e_ident, ELFMAG, SELFMAG)) {
		kind = SHUFFLE_ELF_STATIC;
		if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(Elf64_Phdr))
			kind = SHUFFLE_ELF_FOREIGN;
		for (int i = 0; kind == SHUFFLE_ELF_STATIC && i < eh.e_phnum; i++) {
			Elf64_Phdr ph;
			off_t at = (off_t)eh.e_phoff + (off_t)i * eh.e_phentsize;
			if (pread(fd, &ph, sizeof ph, at) != (ssize_t)sizeof ph)
				break;
			if (ph.p_type == PT_INTERP)
				kind = SHUFFLE_ELF_DYNAMIC;
		}
	}
	close(fd);
	return kind;
}

const char *shuffle_path_search(const char *file, char *buf, size_t size)
{
	if (strchr(file, '/'))
		return file;
	const char *dirs = getenv("PATH");
	if (!dirs)
		dirs = "/bin:/usr/bin"; /* glibc's execvp default */
	while (*dirs) {
		size_t len = strcspn(dirs, ":");
		snprintf(buf, size, "%.*s%s%s", (int)len, dirs, len ? "/" : "", file);
		if (access(buf, X_OK) == 0)
			return buf;
		dirs += len + (dirs[len] == ':');
	}
	return NULL;
}
