/* objects.c - see objects.h. Entries are never removed: a destroyed mutex
 * simply stays unowned, and a reused address finds it unowned. */
#include "objects.h"

#include "proto.h"

#include <stddef.h>

#define TABLE_BITS 16
#define TABLE_SIZE (1u << TABLE_BITS)

static struct shuffle_mutex_state table[TABLE_SIZE];

static uint32_t slot_of(uintptr_t addr)
{
	/* Fibonacci hashing: mutexes are often adjacent, the low bits alike. */
	return (uint32_t)(((uint64_t)addr * 0x9e3779b97f4a7c15ull) >> (64 - TABLE_BITS));
}

static struct shuffle_mutex_state *find(uintptr_t addr, int create)
{
	for (uint32_t i = slot_of(addr), n = 0; n < TABLE_SIZE; n++, i = (i + 1) & (TABLE_SIZE - 1)) {
		struct shuffle_mutex_state *e = &table[i];
		if (e->addr == addr)
			return e;
		if (e->addr == 0) {
			if (!create)
				return NULL;
			e->addr = addr;
			e->owner = SHUFFLE_NO_THREAD;
			e->depth = 0;
			return e;
		}
	}
	return NULL;
}

struct shuffle_mutex_state *shuffle_mutex_state(const void *mutex)
{
	return find((uintptr_t)mutex, 1);
}

uint32_t shuffle_mutex_owner(const void *mutex)
{
	const struct shuffle_mutex_state *e = find((uintptr_t)mutex, 0);
	return e ? e->owner : SHUFFLE_NO_THREAD;
}
