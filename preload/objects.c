/* objects.c - see objects.h. Entries are never removed: a destroyed object
 * simply stays in its final (free) state, and a reused address finds it so;
 * the init wrappers reset what an init resets. */
#include "objects.h"

#include "proto.h"
#include "runtime.h"

#include <stddef.h>
#include <string.h>

#define TABLE_BITS 16
#define TABLE_SIZE (1u << TABLE_BITS)
#define FORGOTTEN  0xffffffffu /* no process has this pid */

/* In memory shared with forked children (shuffle_objects_attach): each
 * process's objects are told apart by its pid, as their addresses repeat.
 * After the table, the slots in use, in order of creation: forgetting a
 * process's objects (at every exec) visits those, not the whole table,
 * whose untouched pages a new program would otherwise fault in (4 MiB, a
 * good part of a spawned child's start-up). */
static struct shuffle_object *table;
static struct {
	uint32_t n;
	uint32_t slot[TABLE_SIZE];
} *used;

size_t shuffle_objects_size(void)
{
	return TABLE_SIZE * sizeof(struct shuffle_object) + sizeof *used;
}

void shuffle_objects_attach(void *mem)
{
	table = mem;
	used = (void *)((char *)mem + TABLE_SIZE * sizeof(struct shuffle_object));
}

static uint32_t slot_of(uintptr_t addr)
{
	/* Fibonacci hashing: objects are often adjacent, the low bits alike. */
	return (uint32_t)(((uint64_t)addr * 0x9e3779b97f4a7c15ull) >> (64 - TABLE_BITS));
}

static struct shuffle_object *find(uint32_t pid, uintptr_t addr, int create)
{
	if (!table)
		return NULL;
	for (uint32_t i = slot_of(addr ^ pid), n = 0; n < TABLE_SIZE;
	     n++, i = (i + 1) & (TABLE_SIZE - 1)) {
		struct shuffle_object *e = &table[i];
		if (e->addr == addr && e->pid == pid)
			return e;
		if (e->addr == 0) {
			if (!create)
				return NULL;
			memset(e, 0, sizeof *e);
			used->slot[used->n++] = i;
			e->addr = addr;
			e->pid = pid;
			e->owner = SHUFFLE_NO_THREAD;
			return e;
		}
	}
	return NULL;
}

void shuffle_objects_forget(uint32_t pid)
{
	/* Tombstones, not free slots: a free slot would cut the probe chains
	 * of the entries after it. */
	for (uint32_t k = 0; table && k < used->n; k++)
		if (table[used->slot[k]].pid == pid)
			table[used->slot[k]].pid = FORGOTTEN;
}

struct shuffle_object *shuffle_object(const void *addr)
{
	return find(shuffle_pid, (uintptr_t)addr, 1);
}

struct shuffle_object *shuffle_object_find(const void *addr)
{
	return find(shuffle_pid, (uintptr_t)addr, 0);
}

struct shuffle_object *shuffle_object_find_in(uint32_t pid, const void *addr)
{
	return find(pid, (uintptr_t)addr, 0);
}

uint32_t shuffle_mutex_owner_in(uint32_t pid, const void *mutex)
{
	const struct shuffle_object *e = find(pid, (uintptr_t)mutex, 0);
	return e ? e->owner : SHUFFLE_NO_THREAD;
}

uint32_t shuffle_mutex_owner(const void *mutex)
{
	return shuffle_mutex_owner_in(shuffle_pid, mutex);
}
