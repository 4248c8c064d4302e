/* signals.h - signals arrive at points (signals.c). */
#ifndef SHUFFLE_SIGNALS_H
#define SHUFFLE_SIGNALS_H

#include "runtime.h"

#include <signal.h>

/* The calling thread comes under control: its mask becomes the program's
 * view (me->sigmask), and the signals the runtime holds are blocked for
 * real. */
void shuffle_signals_hold(struct shuffle_thread *me);
/* Before an exec: the real mask is the program's again, as the new
 * program must inherit it; shuffle_signals_hold undoes it if the exec
 * fails. */
void shuffle_signals_release(struct shuffle_thread *me);
/* At a point, holding the token: run the handlers of the signals pending
 * for `me` that its program mask lets in. */
void shuffle_signals_deliver(struct shuffle_thread *me);
/* The program's mask of `me` as a sigset_t (a child's mask at spawn). */
void shuffle_signals_program_mask(const struct shuffle_thread *me, sigset_t *out);
/* Is a signal `tid` waits for (sigsuspend, sigwait...) pending? Any
 * process may ask: it reads the kernel's pending sets in /proc. */
int shuffle_signals_awaited(uint32_t tid);

#endif
