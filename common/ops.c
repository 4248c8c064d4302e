/* ops.c - the operation table (ops.def), as data for the driver and runtime. */
#include "ops.h"

#include <stdio.h>
#include <string.h>

static const struct shuffle_op_info rows[SHUFFLE_OP_COUNT] = {
#define SHUFFLE_OP(id, nm, kd, sh, lt, fl, enabled, polite)                                        \
	[SHUFFLE_OP_##id] = { .name = nm, .kind = kd, .show = sh, .letter = lt, .flags = fl },
#include "ops.def"
#undef SHUFFLE_OP
};

static const struct shuffle_op_info unknown = { .name = "?" };

static const char *const kind_names[SHUFFLE_KIND_COUNT] = {
	[SHUFFLE_KIND_LIFE] = "thread",	  [SHUFFLE_KIND_SYNC] = "sync",
	[SHUFFLE_KIND_IO] = "io",	  [SHUFFLE_KIND_PROCESS] = "process",
	[SHUFFLE_KIND_SQL] = "sql",	  [SHUFFLE_KIND_MEMORY] = "memory",
	[SHUFFLE_KIND_MANUAL] = "manual", [SHUFFLE_KIND_TIME] = "time",
};

const struct shuffle_op_info *shuffle_op_info(uint32_t op)
{
	return op < SHUFFLE_OP_COUNT ? &rows[op] : &unknown;
}

const char *shuffle_op_name(uint32_t op)
{
	return shuffle_op_info(op)->name;
}

uint32_t shuffle_op_from_name(const char *name)
{
	for (uint32_t op = 0; op < SHUFFLE_OP_COUNT; op++)
		if (strcmp(rows[op].name, name) == 0)
			return op;
	return SHUFFLE_OP_COUNT;
}

int shuffle_op_is_lifecycle(uint32_t op)
{
	return op != SHUFFLE_OP_NONE && op < SHUFFLE_OP_COUNT && rows[op].kind == SHUFFLE_KIND_LIFE;
}

const char *shuffle_kind_name(uint32_t kind)
{
	return kind < SHUFFLE_KIND_COUNT ? kind_names[kind] : "?";
}

uint32_t shuffle_kind_from_name(const char *name)
{
	for (uint32_t k = 0; k < SHUFFLE_KIND_COUNT; k++)
		if (strcmp(kind_names[k], name) == 0)
			return k;
	return SHUFFLE_KIND_COUNT;
}

int shuffle_points_parse(const char *text, uint32_t *mask, char *bad, size_t badlen)
{
	*mask = 0;
	while (*text) {
		size_t len = strcspn(text, ",");
		char word[16];
		snprintf(word, sizeof word, "%.*s", (int)len, text);
		uint32_t kind = shuffle_kind_from_name(word);
		if (len < sizeof word && strcmp(word, "all") == 0) {
			*mask |= SHUFFLE_POINTS_ALL;
		} else if (len >= sizeof word || kind == SHUFFLE_KIND_COUNT) {
			snprintf(bad, badlen, "%.*s", (int)len, text);
			return -1;
		} else {
			*mask |= 1u << kind;
		}
		text += len + (text[len] == ',');
	}
	if (!*mask) {
		snprintf(bad, badlen, "(empty)");
		return -1;
	}
	return 0;
}

void shuffle_points_format(uint32_t mask, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	if ((mask & SHUFFLE_POINTS_ALL) == SHUFFLE_POINTS_ALL) {
		snprintf(out, size, "all");
		return;
	}
	for (uint32_t k = 0; k < SHUFFLE_KIND_COUNT; k++)
		if ((mask & (1u << k)) && n < size)
			n += (size_t)snprintf(out + n, size - n, "%s%s", n ? "," : "",
					      kind_names[k]);
}
