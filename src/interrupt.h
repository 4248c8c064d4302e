/* interrupt.h - Ctrl-C, SIGTERM and SIGHUP end an exploration cleanly: the
 * run in progress is killed, the runs so far are summarized, and shuffle-run
 * exits 128 + the signal's number.
 *
 * The handler only records the signal and wakes run.c's poll through a
 * self-pipe, so no signal can slip in between a check and a wait. */
#ifndef SHUFFLE_INTERRUPT_H
#define SHUFFLE_INTERRUPT_H

/* Install the handlers; returns 0, or -1 (errno set). */
int shuffle_interrupt_install(void);

/* The signal that interrupted the exploration, or 0. */
int shuffle_interrupted(void);

/* A descriptor that becomes readable on an interruption, or -1 before
 * shuffle_interrupt_install. */
int shuffle_interrupt_fd(void);

#endif
