/* objects.h - the runtime's model of the mutexes it has seen: who holds each.
 *
 * The scheduler must know, for every parked thread, whether its pending
 * operation could proceed; for a mutex that means knowing its owner, which
 * pthreads does not expose. The model is updated by the token holder right
 * after each real operation succeeds, so it is exact as long as every lock
 * and unlock goes through the wrappers (the wrappers report it when not).
 *
 * Fixed-size open-addressing table keyed by address: no malloc, no lock.
 */
#ifndef SHUFFLE_OBJECTS_H
#define SHUFFLE_OBJECTS_H

#include <stdint.h>

struct shuffle_mutex_state {
	uintptr_t addr; /* 0: free slot */
	uint32_t owner; /* tid, or SHUFFLE_NO_THREAD */
	uint32_t depth; /* recursive locks by the owner */
};

/* The entry for a mutex, created unowned on first sight; NULL when the table
 * is full. */
struct shuffle_mutex_state *shuffle_mutex_state(const void *mutex);

/* Owner of a mutex, or SHUFFLE_NO_THREAD (also for one never seen). */
uint32_t shuffle_mutex_owner(const void *mutex);

#endif
