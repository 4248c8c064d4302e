/* strategy.c - the table of strategies; see strategy.h.
 *
 * Invariant: after a failed create, *out is left with no ops, so that
 * shuffle_strategy_destroy() on it is harmless.
 */
#include "strategy.h"

#include <errno.h>
#include <string.h>

const struct shuffle_strategy_def *const shuffle_strategies[] = {
	&shuffle_strategy_exhaustive,
	&shuffle_strategy_random,
	&shuffle_strategy_pct,
	&shuffle_strategy_replay,
};
const struct shuffle_strategy_def *const shuffle_default_strategy = &shuffle_strategy_random;
const uint32_t shuffle_n_strategies = sizeof shuffle_strategies / sizeof shuffle_strategies[0];

const struct shuffle_strategy_def *shuffle_strategy_find(const char *name)
{
	for (uint32_t i = 0; name && i < shuffle_n_strategies; i++)
		if (strcmp(shuffle_strategies[i]->name, name) == 0)
			return shuffle_strategies[i];
	return NULL;
}

uint32_t shuffle_strategy_index(const struct shuffle_strategy_def *def)
{
	uint32_t i = 0;
	while (i < shuffle_n_strategies && shuffle_strategies[i] != def)
		i++;
	return i;
}

int shuffle_strategy_create(const struct shuffle_strategy_def *def,
			    const struct shuffle_strategy_config *cfg, struct shuffle_strategy *out)
{
	out->ops = NULL;
	out->state = NULL;
	out->def = def;
	if (!def) {
		errno = EINVAL;
		return -1;
	}
	return def->create(cfg, out);
}

void shuffle_strategy_destroy(struct shuffle_strategy *s)
{
	if (s->ops)
		s->ops->destroy(s->state);
	s->ops = NULL;
	s->state = NULL;
}

const char *shuffle_strategy_names(void)
{
	static char names[128];
	if (!names[0])
		for (uint32_t i = 0; i < shuffle_n_strategies; i++)
			if (shuffle_strategies[i]->listed) {
				if (names[0])
					strncat(names, "|", sizeof names - strlen(names) - 1);
				strncat(names, shuffle_strategies[i]->name,
					sizeof names - strlen(names) - 1);
			}
	return names;
}

bool shuffle_strategy_never_complete(const void *state)
{
	(void)state;
	return false;
}
