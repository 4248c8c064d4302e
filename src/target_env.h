/* target_env.h - what the target is started with besides its arguments: the
 * environment (the runtime added to LD_PRELOAD, the protocol's descriptor
 * numbers) and the plan's bytes for the pipe.
 *
 * The environment is built once and is the same for every run (the fixed
 * descriptor numbers of proto.h help): a run's stack addresses depend on it,
 * and with them whatever a program does with addresses. */
#ifndef SHUFFLE_TARGET_ENV_H
#define SHUFFLE_TARGET_ENV_H

#include "strategy.h"

#include <stddef.h>
#include <stdint.h>

/* environ minus our protocol variables, with `preload` appended to
 * LD_PRELOAD (after what is there: an ASan runtime must stay first);
 * NULL when out of memory. */
char **shuffle_target_env(const char *preload);
void shuffle_target_env_free(char **env);

/* The plan as the runtime reads it: header, then the prefix; malloc'd. */
void *shuffle_plan_bytes(const struct shuffle_plan *p, uint32_t strategy, uint32_t points,
			 uint64_t max_steps, size_t *len);

#endif
