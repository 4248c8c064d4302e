/* race_log.c - see race_log.h. */
#include "race_log.h"

#include "trace_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int known(const struct shuffle_race_log *log, const char *key)
{
	for (size_t i = 0; i < log->n; i++)
		if (strcmp(log->keys[i], key) == 0)
			return 1;
	return 0;
}

static int remember(struct shuffle_race_log *log, const char *key)
{
	if (log->n == log->cap) {
		size_t cap = log->cap ? 2 * log->cap : 16;
		char **keys = realloc(log->keys, cap * sizeof *keys);
		if (!keys)
			return -1;
		log->keys = keys;
		log->cap = cap;
	}
	if (!(log->keys[log->n] = strdup(key)))
		return -1;
	log->n++;
	return 0;
}

/* The raw sites, "module+offset|module+offset": runs meet the same race
 * again and again, and symbolizing costs a process per address. */
static void raw_key(const struct shuffle_trace_view *t, const struct shuffle_race *r, char *key,
		    size_t size)
{
	size_t n = 0;
	for (int s = 0; s < 2 && n < size; s++) {
		uint32_t m = r->module[s];
		const char *module =
			m < t->h->n_modules && m < SHUFFLE_MAX_MODULES ? t->h->modules[m] : "?";
		n += (size_t)snprintf(key + n, size - n, "%s%.*s+%llx", s ? "|" : "",
				      (int)SHUFFLE_MODULE_LEN, module,
				      (unsigned long long)r->offset[s]);
	}
}

size_t shuffle_race_log_add(struct shuffle_race_log *log, const struct shuffle_trace_view *t,
			    struct shuffle_race_report **out)
{
	uint32_t n = t->h->n_races < SHUFFLE_MAX_RACES ? t->h->n_races : SHUFFLE_MAX_RACES;
	*out = n ? calloc(n, sizeof **out) : NULL;
	if (!*out)
		return 0;
	size_t found = 0;
	for (uint32_t i = 0; i < n; i++) {
		const struct shuffle_race *r = &t->h->races[i];
		char raw[2 * SHUFFLE_MODULE_LEN + 64];
		raw_key(t, r, raw, sizeof raw);
		if (known(log, raw) || remember(log, raw) != 0)
			continue;
		struct shuffle_race_report *rep = &(*out)[found];
		rep->addr = r->addr;
		for (int s = 0; s < 2; s++) {
			rep->side[s].thread = shuffle_trace_label(t, r->tid[s]);
			rep->side[s].write = r->write[s] != 0;
			shuffle_trace_where(t, r->module[s], r->offset[s], rep->side[s].where,
					    sizeof rep->side[s].where);
		}
		/* The same two lines in either order are one race. */
		const char *a = rep->side[0].where, *b = rep->side[1].where;
		char key[2 * sizeof rep->side[0].where + 2];
		if (strcmp(a, b) > 0) {
			const char *swap = a;
			a = b;
			b = swap;
		}
		snprintf(key, sizeof key, "%s|%s", a, b);
		if (!known(log, key) && remember(log, key) == 0)
			found++;
	}
	if (!found) {
		free(*out);
		*out = NULL;
	}
	return found;
}

void shuffle_race_log_free(struct shuffle_race_log *log)
{
	for (size_t i = 0; i < log->n; i++)
		free(log->keys[i]);
	free(log->keys);
	memset(log, 0, sizeof *log);
}
