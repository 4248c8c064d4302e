/* objects.c - see objects.h. Entries are never removed: a destroyed object
 * simply stays in its final (free) state, and a reused address finds it so;
 * the init wrappers reset what an init resets. */
#include "objects.h"

#include "mapping.h"
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

static uint32_t slot_of(uint64_t key)
{
	/* Fibonacci hashing: objects are often adjacent, the low bits alike. */
	return (uint32_t)((key * 0x9e3779b97f4a7c15ull) >> (64 - TABLE_BITS));
}

static void reset(struct shuffle_object *e)
{
	uintptr_t addr = e->addr;
	uint32_t pid = e->pid;
	uint64_t dev = e->dev, ino = e->ino;
	memset(e, 0, sizeof *e);
	e->addr = addr;
	e->pid = pid;
	e->dev = dev;
	e->ino = ino;
	e->owner = SHUFFLE_NO_THREAD;
}

static struct shuffle_object *find(uint32_t pid, uintptr_t addr, uint64_t dev, uint64_t ino,
				   int create)
{
	if (!table)
		return NULL;
	for (uint32_t i = slot_of(addr ^ pid ^ (ino << 20) ^ dev), n = 0; n < TABLE_SIZE;
	     n++, i = (i + 1) & (TABLE_SIZE - 1)) {
		struct shuffle_object *e = &table[i];
		if (e->addr == addr && e->pid == pid && e->ino == ino && e->dev == dev)
			return e;
		if (e->pid == 0) {
			if (!create)
				return NULL;
			used->slot[used->n++] = i;
			e->addr = addr;
			e->pid = pid;
			e->dev = dev;
			e->ino = ino;
			reset(e);
			return e;
		}
	}
	return NULL;
}

/* A process's entry, or the shared entry it leads to. */
static struct shuffle_object *follow(struct shuffle_object *e)
{
	if (e && e->link && e->link != SHUFFLE_OBJECT_PRIVATE)
		return &table[e->link - 1];
	return e;
}

static struct shuffle_object *own(uint32_t pid, const void *addr, int create)
{
	return follow(find(pid, (uintptr_t)addr, 0, 0, create));
}

void shuffle_objects_forget(uint32_t pid)
{
	/* Tombstones, not free slots: a free slot would cut the probe chains
	 * of the entries after it. Shared entries stay: the memory outlives
	 * the program. */
	for (uint32_t k = 0; table && k < used->n; k++)
		if (table[used->slot[k]].pid == pid)
			table[used->slot[k]].pid = FORGOTTEN;
}

struct shuffle_object *shuffle_object_pshared(const void *addr, int pshared)
{
	struct shuffle_object *e = find(shuffle_pid, (uintptr_t)addr, 0, 0, 1);
	if (!e)
		return NULL;
	if (!pshared) {
		/* Re-initialized private: its state starts anew, as after an init. */
		if (e->link && e->link != SHUFFLE_OBJECT_PRIVATE)
			reset(e);
		if (e->link)
			e->link = 0;
		return e;
	}
	if (e->link == 0) {
		struct shuffle_file_pos pos;
		if (!shuffle_mapping_of(addr, &pos)) {
			e->link = SHUFFLE_OBJECT_PRIVATE;
			return e;
		}
		struct shuffle_object *s =
			find(SHUFFLE_OBJECT_SHARED, (uintptr_t)pos.offset, pos.dev, pos.ino, 1);
		if (!s)
			return NULL;
		e->link = (uint32_t)(s - table) + 1;
	}
	return follow(e);
}

struct shuffle_object *shuffle_object(const void *addr)
{
	return own(shuffle_pid, addr, 1);
}

struct shuffle_object *shuffle_object_find(const void *addr)
{
	return own(shuffle_pid, addr, 0);
}

struct shuffle_object *shuffle_object_find_in(uint32_t pid, const void *addr)
{
	return own(pid, addr, 0);
}

int shuffle_mutex_orphaned(const struct shuffle_object *o)
{
	return o->robust && o->owner != SHUFFLE_NO_THREAD && o->owner < shuffle_trace->n_threads &&
	       shuffle_trace->threads[o->owner].state == SHUFFLE_THREAD_EXITED;
}

uint32_t shuffle_mutex_owner_in(uint32_t pid, const void *mutex)
{
	const struct shuffle_object *e = own(pid, mutex, 0);
	return !e || shuffle_mutex_orphaned(e) ? SHUFFLE_NO_THREAD : e->owner;
}

uint32_t shuffle_mutex_owner(const void *mutex)
{
	return shuffle_mutex_owner_in(shuffle_pid, mutex);
}
