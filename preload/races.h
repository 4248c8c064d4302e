/* races.h - which memory is shared, and data races on it.
 *
 * Every access of a shuffle-cc build (memory.c) passes here twice: before
 * its scheduling point, to learn whether more than one thread touches the
 * address (only those accesses become points), and when it is performed,
 * to be checked against the earlier accesses to the same address. Two
 * accesses by different threads, one a write, race when no synchronization
 * the runtime saw orders them: vector clocks over the steps of the schedule
 * (create/join, every operation on the same mutex, semaphore, condvar...,
 * release/acquire atomics). Every synchronizing operation is taken to both
 * acquire and release its object, which orders more than POSIX does: a race
 * reported is real, some may go unreported.
 *
 * The state is this process's own (addresses mean nothing in another) and
 * written only by the token holder: no locks. Fixed tables, no malloc.
 */
#ifndef SHUFFLE_RACES_H
#define SHUFFLE_RACES_H

#include <stdint.h>

/* Record that tid touches [addr, addr + size); returns 1 when another
 * thread touched it before (or `shared` says it is: static data). */
int shuffle_races_touch(uint32_t tid, uintptr_t addr, uint32_t size, int shared);

/* tid performs the access now (op: SHUFFLE_OP_MEM_* / ATOMIC_*, order: the
 * C11 memory order of an atomic); pc is where the program made it. */
void shuffle_races_access(uint32_t tid, uintptr_t addr, uint32_t size, uint32_t op, uint32_t order,
			  void *pc);

/* tid performs step op on obj (every event the scheduler records). */
void shuffle_races_step(uint32_t tid, uint32_t op, uint64_t obj);

#endif
