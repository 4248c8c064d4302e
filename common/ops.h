/* ops.h - what the operation table (ops.def) says about each operation. */
#ifndef SHUFFLE_OPS_H
#define SHUFFLE_OPS_H

#include "proto.h"

#include <stddef.h>

struct shuffle_op_info {
	const char *name; /* "lock", "sem_wait", ... */
	uint8_t kind;	  /* enum shuffle_kind */
	uint8_t show;	  /* enum shuffle_show */
	char letter;	  /* objects are named <letter>1, <letter>2...; 0: none */
	uint8_t flags;	  /* SHUFFLE_OPF_* */
};

/* The row of op; a row named "?" for a number out of range. */
const struct shuffle_op_info *shuffle_op_info(uint32_t op);

/* "lock", "sem_wait", ...; "?" for a number out of range. */
const char *shuffle_op_name(uint32_t op);
/* Inverse of shuffle_op_name; SHUFFLE_OP_COUNT when no op has that name. */
uint32_t shuffle_op_from_name(const char *name);
/* Thread and process lifecycle (start, create, join, thread and process
 * exit): a run's sequence lists them only where they were decisions. */
int shuffle_op_is_lifecycle(uint32_t op);

/* "sync", "io", ...; and back (SHUFFLE_KIND_COUNT when unknown). */
const char *shuffle_kind_name(uint32_t kind);
uint32_t shuffle_kind_from_name(const char *name);

/* --points: "sql,sync" -> a mask of (1 << kind); "all" is every kind.
 * Returns 0, or -1 naming the first unknown word in bad[badlen]. */
int shuffle_points_parse(const char *text, uint32_t *mask, char *bad, size_t badlen);
/* The mask as "sql,sync" ("all" for every kind) into out[size]. */
void shuffle_points_format(uint32_t mask, char *out, size_t size);

#endif
