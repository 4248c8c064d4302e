/* strays.c - see strays.h. */
#include "strays.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct proc {
	pid_t pid, ppid, pgrp;
	char state;
};

/* Every process of the system with its parent, malloc'd; *n set. */
static struct proc *snapshot(size_t *n)
{
	*n = 0;
	DIR *d = opendir("/proc");
	if (!d)
		return NULL;
	size_t cap = 0;
	struct proc *all = NULL;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		char path[300], buf[512];
		snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		size_t len = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		buf[len] = '\0';
		const char *paren = strrchr(buf, ')');
		char state;
		int ppid, pgrp;
		if (!paren || sscanf(paren + 1, " %c %d %d", &state, &ppid, &pgrp) != 3)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			struct proc *grown = realloc(all, cap * sizeof *all);
			if (!grown)
				break;
			all = grown;
		}
		all[(*n)++] = (struct proc){ atoi(e->d_name), ppid, pgrp, state };
	}
	closedir(d);
	return all;
}

static int descends(const struct proc *all, size_t n, pid_t pid, pid_t root)
{
	/* At most n steps up: a snapshot taken while processes die may hold a
	 * stale loop. */
	for (size_t steps = 0; steps <= n && pid > 1; steps++) {
		pid_t parent = 0;
		for (size_t i = 0; i < n && !parent; i++)
			if (all[i].pid == pid)
				parent = all[i].ppid;
		if (parent == root)
			return 1;
		pid = parent;
	}
	return 0;
}

static int runs_runtime(pid_t pid)
{
	char path[64], line[512];
	snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
	FILE *f = fopen(path, "r");
	int found = 0;
	while (f && !found && fgets(line, sizeof line, f))
		found = strstr(line, "/libshuffle.so") != NULL;
	if (f)
		fclose(f);
	return found;
}

/* Visit every live descendant but spare and the members of group skip;
 * kill them if asked. */
static int visit(pid_t spare, pid_t skip, int *controlled, int kill_them)
{
	size_t n;
	struct proc *all = snapshot(&n);
	pid_t self = getpid();
	int count = 0;
	for (size_t i = 0; i < n; i++) {
		if (all[i].pid == spare || all[i].state == 'Z' || (skip && all[i].pgrp == skip) ||
		    !descends(all, n, all[i].pid, self))
			continue;
		count++;
		if (controlled && runs_runtime(all[i].pid))
			(*controlled)++;
		if (kill_them)
			kill(all[i].pid, SIGKILL);
	}
	free(all);
	return count;
}

int shuffle_strays_possible(pid_t spare)
{
	char path[64], buf[256];
	snprintf(path, sizeof path, "/proc/self/task/%d/children", (int)getpid());
	FILE *f = fopen(path, "r");
	if (!f)
		return 1; /* no such file (an old kernel): look */
	size_t len = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[len] = '\0';
	for (char *p = buf, *end; *p; p = end) {
		long pid = strtol(p, &end, 10);
		if (end == p)
			break;
		if (pid != spare)
			return 1;
	}
	return 0;
}

int shuffle_strays_count(pid_t spare, int *controlled)
{
	*controlled = 0;
	return visit(spare, 0, controlled, 0);
}

int shuffle_strays_kill(pid_t spare, pid_t skip)
{
	return visit(spare, skip, NULL, 1);
}
