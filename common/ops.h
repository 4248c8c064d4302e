/* ops.h - names of the operations, as shown in reports and schedule files. */
#ifndef SHUFFLE_OPS_H
#define SHUFFLE_OPS_H

#include "proto.h"

/* "lock", "sem_wait", ...; "?" for a number out of range. */
const char *shuffle_op_name(uint32_t op);
/* Inverse of shuffle_op_name; SHUFFLE_OP_COUNT when no op has that name. */
uint32_t shuffle_op_from_name(const char *name);
/* Thread and process lifecycle (start, create, join, thread and process
 * exit): a run's sequence lists them only where they were decisions. */
int shuffle_op_is_lifecycle(uint32_t op);

#endif
