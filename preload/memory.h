/* memory.h - memory accesses of shuffle-cc builds as points (memory.c) and
 * preemption of a thread that busy-waits where no point is (preempt.c). */
#ifndef SHUFFLE_MEMORY_H
#define SHUFFLE_MEMORY_H

#include "runtime.h"

/* The entry libshuffle-hooks.so finds with dlsym and calls before each
 * access of an instrumented program (op: SHUFFLE_OP_MEM_READ...). */
void shuffle_memory_hook(const volatile void *addr, uint32_t size, uint32_t op, uint32_t order,
			 void *pc);

/* At start-up, before main: learn the modules' static data. */
void shuffle_memory_start(void);

/* Does t's last load (spin_addr) still find the value it returned? Only in
 * t's own process. */
int shuffle_memory_unchanged(const struct shuffle_thread *t);

/* The signal the driver sends to preempt a busy token holder: SIGRTMAX - 2
 * on Linux, a constant so that signals.c can leave it unblocked. */
#define SHUFFLE_PREEMPT_SIGNAL 62

/* At start-up: let the driver preempt a token holder that runs a while
 * without reaching a point (proto.h, preempt_signal). */
void shuffle_preempt_start(void);

#endif
