/* objects.h - the runtime's model of the synchronization objects it has
 * seen: who holds a mutex, how many read a rwlock, who waits on a condvar...
 *
 * The scheduler must know, for every parked thread, whether its pending
 * operation could proceed; pthreads exposes none of that. The model is
 * updated by the token holder right after each real operation succeeds, so
 * it is exact as long as every operation goes through the wrappers (the
 * wrappers report it when not).
 *
 * Fixed-size open-addressing table keyed by process and address, in memory
 * shared with forked children: no malloc, no lock.
 *
 * A process-shared object (PTHREAD_PROCESS_SHARED, a semaphore or barrier
 * shared between processes, in memory mapped MAP_SHARED) has one entry all
 * processes of the run share, keyed by the file and offset its memory maps
 * (mapping.h); each process's own entry for it only leads there. The
 * wrappers say which objects are process-shared (shuffle_object_pshared)
 * before their first scheduling point on it, so the enabledness rules,
 * asked by a thread of any process, find the shared entry.
 */
#ifndef SHUFFLE_OBJECTS_H
#define SHUFFLE_OBJECTS_H

#include <stddef.h>
#include <stdint.h>

struct shuffle_object {
	/* The key: pid 0 is a free slot; a shared entry's pid is
	 * SHUFFLE_OBJECT_SHARED, its addr the offset in the file dev, ino. */
	uintptr_t addr;
	uint32_t pid; /* of the process it lives in */
	/* In a process's entry: 0 not known to be process-shared, 1 + the
	 * shared entry's slot, or SHUFFLE_OBJECT_PRIVATE (its memory is not
	 * shared: the process's own entry is the model). */
	uint32_t link;
	uint64_t dev, ino;
	uint32_t owner;	 /* mutex, spinlock, rwlock writer, once runner: tid or NO_THREAD */
	uint32_t kind;	 /* mutex: its type, recorded by the owner's process */
	uint32_t robust; /* mutex: its owner's death releases it (EOWNERDEAD) */
	uint32_t depth;	 /* recursive mutex: locks by the owner; rwlock: readers */
	/* condvar: waiters take tickets; a signal lets one waiter whose ticket is
	 * below `eligible_below` go (which one is the scheduler's choice). */
	uint64_t next_ticket, eligible_below;
	uint32_t wakeups;
	/* barrier: how many to wait for, how many arrived, which round */
	uint32_t count, arrived;
	uint64_t round;
	uint32_t done; /* pthread_once: the init routine has returned */
};

/* The table lives in memory the runtime maps at start-up. */
size_t shuffle_objects_size(void);
void shuffle_objects_attach(void *mem);
/* A process replaced its program: its objects are gone with it. */
void shuffle_objects_forget(uint32_t pid);

/* The entry for an object, created empty (unowned) on first sight; NULL when
 * the table is full (the caller reports it). */
struct shuffle_object *shuffle_object(const void *addr);

#define SHUFFLE_OBJECT_SHARED  0xfffffffeu
#define SHUFFLE_OBJECT_PRIVATE 0xffffffffu

/* The entry of an object the caller read the process-shared flag of (the
 * flag as glibc keeps it in the object): with it set and the object in
 * shared memory, the entry all processes share. The first call for an
 * object in a process reads /proc/self/maps; later ones cost a look-up.
 * NULL when the table is full (the caller reports it). */
struct shuffle_object *shuffle_object_pshared(const void *addr, int pshared);

/* The entry if the object was seen, else NULL: for read-only questions.
 * _in: an object of process pid (a thread of another process may ask). */
struct shuffle_object *shuffle_object_find(const void *addr);
struct shuffle_object *shuffle_object_find_in(uint32_t pid, const void *addr);

/* Owner of a mutex (or spinlock, rwlock writer), SHUFFLE_NO_THREAD if none:
 * also for a robust mutex whose owner exited, which the kernel releases. */
uint32_t shuffle_mutex_owner(const void *mutex);
uint32_t shuffle_mutex_owner_in(uint32_t pid, const void *mutex);
/* A robust mutex whose owner exited holding it: the next lock gets it,
 * with EOWNERDEAD, once the kernel has seen the owner die. */
int shuffle_mutex_orphaned(const struct shuffle_object *o);

#endif
