/* ops.c - the operation name table. */
#include "ops.h"

#include <string.h>

static const char *const names[SHUFFLE_OP_COUNT] = {
	[SHUFFLE_OP_NONE] = "none",
	[SHUFFLE_OP_START] = "start",
	[SHUFFLE_OP_POINT] = "point",
	[SHUFFLE_OP_CREATE] = "create",
	[SHUFFLE_OP_JOIN] = "join",
	[SHUFFLE_OP_THREAD_EXIT] = "thread_exit",
	[SHUFFLE_OP_PROCESS_EXIT] = "exit",
	[SHUFFLE_OP_MUTEX_LOCK] = "lock",
	[SHUFFLE_OP_MUTEX_TRYLOCK] = "trylock",
	[SHUFFLE_OP_MUTEX_UNLOCK] = "unlock",
	[SHUFFLE_OP_SEM_WAIT] = "sem_wait",
	[SHUFFLE_OP_SEM_TRYWAIT] = "sem_trywait",
	[SHUFFLE_OP_SEM_POST] = "sem_post",
	[SHUFFLE_OP_READ] = "read",
	[SHUFFLE_OP_WRITE] = "write",
	[SHUFFLE_OP_FORK] = "fork",
	[SHUFFLE_OP_COND_WAIT] = "cond_wait",
	[SHUFFLE_OP_COND_TIMEDWAIT] = "cond_timedwait",
	[SHUFFLE_OP_COND_SIGNAL] = "cond_signal",
	[SHUFFLE_OP_COND_BROADCAST] = "cond_broadcast",
	[SHUFFLE_OP_RWLOCK_RDLOCK] = "rdlock",
	[SHUFFLE_OP_RWLOCK_WRLOCK] = "wrlock",
	[SHUFFLE_OP_RWLOCK_TRYRDLOCK] = "tryrdlock",
	[SHUFFLE_OP_RWLOCK_TRYWRLOCK] = "trywrlock",
	[SHUFFLE_OP_RWLOCK_UNLOCK] = "rwunlock",
	[SHUFFLE_OP_BARRIER_WAIT] = "barrier_wait",
	[SHUFFLE_OP_SPIN_LOCK] = "spin_lock",
	[SHUFFLE_OP_SPIN_TRYLOCK] = "spin_trylock",
	[SHUFFLE_OP_SPIN_UNLOCK] = "spin_unlock",
	[SHUFFLE_OP_ONCE] = "once",
	[SHUFFLE_OP_YIELD] = "yield",
	[SHUFFLE_OP_SLEEP] = "sleep",
	[SHUFFLE_OP_MUTEX_TIMEDLOCK] = "timedlock",
	[SHUFFLE_OP_SEM_TIMEDWAIT] = "sem_timedwait",
	[SHUFFLE_OP_WAITPID] = "waitpid",
	[SHUFFLE_OP_IO_WAIT] = "io_wait",
	[SHUFFLE_OP_SQL] = "sql",
	[SHUFFLE_OP_SQL_WAIT] = "sql_wait",
	[SHUFFLE_OP_SQL_BUSY] = "sql_busy",
	[SHUFFLE_OP_EXEC] = "exec",
	[SHUFFLE_OP_WAITPID_NOHANG] = "waitpid_nohang",
};

const char *shuffle_op_name(uint32_t op)
{
	return op < SHUFFLE_OP_COUNT && names[op] ? names[op] : "?";
}

uint32_t shuffle_op_from_name(const char *name)
{
	for (uint32_t op = 0; op < SHUFFLE_OP_COUNT; op++)
		if (names[op] && strcmp(names[op], name) == 0)
			return op;
	return SHUFFLE_OP_COUNT;
}

int shuffle_op_is_lifecycle(uint32_t op)
{
	return op == SHUFFLE_OP_START || op == SHUFFLE_OP_CREATE || op == SHUFFLE_OP_JOIN ||
	       op == SHUFFLE_OP_THREAD_EXIT || op == SHUFFLE_OP_PROCESS_EXIT;
}
