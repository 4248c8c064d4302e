/* enabled.h - can a stopped thread's pending operation proceed now?
 *
 * One function per family of operations, gathered in shuffle_op_enabled()
 * (enabled.c). Each reads only the runtime's models (objects.h and the
 * families' own state), written by the token holder, and real state that
 * only the token holder can change (a semaphore's value).
 */
#ifndef SHUFFLE_ENABLED_H
#define SHUFFLE_ENABLED_H

#include "proto.h"

#include <stdint.h>

int shuffle_op_enabled(uint32_t tid, const struct shuffle_thread_record *r);

/* Operations that give way: a yield, a sleep, a busy database. Such a
 * thread runs only when no other thread can, so a spin-wait lets the thread
 * it waits for go first, and an exhaustive search does not unroll the spin
 * for ever. */
int shuffle_op_polite(uint32_t op);

#endif
