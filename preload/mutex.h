/* mutex.h - mutex steps other wrappers reuse (a condvar wait re-locks). */
#ifndef SHUFFLE_MUTEX_H
#define SHUFFLE_MUTEX_H

#include "runtime.h"

#include <pthread.h>

/* A scheduling point before locking m, then the lock: what
 * pthread_mutex_lock does under control. */
int shuffle_mutex_relock(struct shuffle_thread *me, pthread_mutex_t *m);
/* m was unlocked by me outside pthread_mutex_unlock: update the model. */
void shuffle_mutex_released(struct shuffle_thread *me, pthread_mutex_t *m);

#endif
