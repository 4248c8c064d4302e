/* strategy.c - choosing a strategy by name; see strategy.h.
 *
 * Invariant: after a failed create, *out is left with no ops, so that
 * shuffle_strategy_destroy() on it is harmless.
 */
#include "strategy.h"

#include <errno.h>
#include <string.h>

const char shuffle_strategy_names[] = "exhaustive|random";

struct constructor {
	const char *name;
	int (*create)(const struct shuffle_strategy_config *cfg, struct shuffle_strategy *out);
};

/* "replay" is not in shuffle_strategy_names: users reach it through --replay. */
static const struct constructor constructors[] = {
	{ "exhaustive", shuffle_strategy_exhaustive },
	{ "random", shuffle_strategy_random },
	{ "replay", shuffle_strategy_replay },
};

int shuffle_strategy_create(const char *name, const struct shuffle_strategy_config *cfg,
			    struct shuffle_strategy *out)
{
	out->ops = NULL;
	out->state = NULL;
	for (size_t i = 0; name && i < sizeof constructors / sizeof constructors[0]; i++)
		if (strcmp(constructors[i].name, name) == 0)
			return constructors[i].create(cfg, out);
	errno = EINVAL;
	return -1;
}

void shuffle_strategy_destroy(struct shuffle_strategy *s)
{
	if (s->ops)
		s->ops->destroy(s->state);
	s->ops = NULL;
	s->state = NULL;
}
