/* shuffle_hooks.c - libshuffle-hooks.so: the functions a program compiled
 * with -fsanitize=thread calls before its memory accesses, linked instead of
 * ThreadSanitizer's runtime by shuffle-cc.
 *
 * Run natively, they do nothing but the atomic operations themselves: the
 * program behaves as built without instrumentation. Under shuffle-run,
 * libshuffle.so exports shuffle_memory_hook, found once at load time; each
 * access is then reported to it before it happens, and it makes the ones to
 * shared memory scheduling points. The atomics are performed here, after
 * the point, sequentially consistent whatever order the program asked for:
 * under shuffle-run one thread runs at a time, and natively it is stronger
 * than what was asked, which is allowed.
 */
#include "proto.h"

/* The __tsan_* functions are the compilers' interface: instrumented code
 * calls them by name, and no header declares them. */
#pragma GCC diagnostic ignored "-Wmissing-prototypes"

#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef void shuffle_memory_hook_fn(const volatile void *addr, uint32_t size, uint32_t op,
				    uint32_t order, void *pc);

static shuffle_memory_hook_fn *hook;

__attribute__((constructor)) static void find_runtime(void)
{
	hook = (shuffle_memory_hook_fn *)dlsym(RTLD_DEFAULT, "shuffle_memory_hook");
}

#define EXPORT __attribute__((visibility("default")))
#define PC     __builtin_return_address(0)
#define SC     __ATOMIC_SEQ_CST

static inline void report(const volatile void *addr, uint32_t size, uint32_t op, uint32_t order,
			  void *pc)
{
	if (hook)
		hook(addr, size, op, order, pc);
}

/* --- start-up, functions, fences: nothing to schedule ------------------- */

EXPORT void __tsan_init(void)
{
}

EXPORT void __tsan_func_entry(void *call_pc)
{
	(void)call_pc;
}

EXPORT void __tsan_func_exit(void)
{
}

EXPORT void __tsan_atomic_thread_fence(int order)
{
	(void)order;
	__atomic_thread_fence(SC);
}

EXPORT void __tsan_atomic_signal_fence(int order)
{
	(void)order;
	__atomic_signal_fence(SC);
}

/* --- plain accesses ---------------------------------------------------- */

#define PLAIN(name, size, op)                                                                      \
	EXPORT void name(void *addr)                                                               \
	{                                                                                          \
		report(addr, size, op, 0, PC);                                                     \
	}                                                                                          \
	EXPORT void name##_pc(void *addr, void *pc)                                                \
	{                                                                                          \
		report(addr, size, op, 0, pc);                                                     \
	}
#define PLAIN_SIZES(prefix, op)                                                                    \
	PLAIN(prefix##1, 1, op)                                                                    \
	PLAIN(prefix##2, 2, op)                                                                    \
	PLAIN(prefix##4, 4, op)                                                                    \
	PLAIN(prefix##8, 8, op)                                                                    \
	PLAIN(prefix##16, 16, op)

PLAIN_SIZES(__tsan_read, SHUFFLE_OP_MEM_READ)
PLAIN_SIZES(__tsan_write, SHUFFLE_OP_MEM_WRITE)
PLAIN_SIZES(__tsan_unaligned_read, SHUFFLE_OP_MEM_READ)
PLAIN_SIZES(__tsan_unaligned_write, SHUFFLE_OP_MEM_WRITE)
PLAIN_SIZES(__tsan_volatile_read, SHUFFLE_OP_MEM_READ)
PLAIN_SIZES(__tsan_volatile_write, SHUFFLE_OP_MEM_WRITE)

EXPORT void __tsan_read_range(void *addr, unsigned long size)
{
	report(addr, (uint32_t)size, SHUFFLE_OP_MEM_READ, 0, PC);
}

EXPORT void __tsan_write_range(void *addr, unsigned long size)
{
	report(addr, (uint32_t)size, SHUFFLE_OP_MEM_WRITE, 0, PC);
}

EXPORT void __tsan_read_range_pc(void *addr, unsigned long size, void *pc)
{
	report(addr, (uint32_t)size, SHUFFLE_OP_MEM_READ, 0, pc);
}

EXPORT void __tsan_write_range_pc(void *addr, unsigned long size, void *pc)
{
	report(addr, (uint32_t)size, SHUFFLE_OP_MEM_WRITE, 0, pc);
}

/* C++ virtual calls: the object's vtable pointer. */
EXPORT void __tsan_vptr_read(void **vptr_p)
{
	report(vptr_p, sizeof *vptr_p, SHUFFLE_OP_MEM_READ, 0, PC);
}

EXPORT void __tsan_vptr_update(void **vptr_p, void *new_val)
{
	if (*vptr_p != new_val)
		report(vptr_p, sizeof *vptr_p, SHUFFLE_OP_MEM_WRITE, 0, PC);
}

/* Newer compilers call these for block copies and fills. */
EXPORT void *__tsan_memcpy(void *dst, const void *src, size_t size)
{
	report(src, (uint32_t)size, SHUFFLE_OP_MEM_READ, 0, PC);
	report(dst, (uint32_t)size, SHUFFLE_OP_MEM_WRITE, 0, PC);
	return memcpy(dst, src, size);
}

EXPORT void *__tsan_memmove(void *dst, const void *src, size_t size)
{
	report(src, (uint32_t)size, SHUFFLE_OP_MEM_READ, 0, PC);
	report(dst, (uint32_t)size, SHUFFLE_OP_MEM_WRITE, 0, PC);
	return memmove(dst, src, size);
}

EXPORT void *__tsan_memset(void *dst, int c, size_t size)
{
	report(dst, (uint32_t)size, SHUFFLE_OP_MEM_WRITE, 0, PC);
	return memset(dst, c, size);
}

/* --- atomics: the point first, then the operation ---------------------- */

#define RMW(bits, type, name, builtin)                                                             \
	EXPORT type __tsan_atomic##bits##_##name(volatile type *a, type v, int order)              \
	{                                                                                          \
		report(a, sizeof *a, SHUFFLE_OP_ATOMIC_RMW, (uint32_t)order, PC);                  \
		return builtin(a, v, SC);                                                          \
	}

#define ATOMICS(bits, type)                                                                        \
	EXPORT type __tsan_atomic##bits##_load(const volatile type *a, int order)                  \
	{                                                                                          \
		report(a, sizeof *a, SHUFFLE_OP_ATOMIC_LOAD, (uint32_t)order, PC);                 \
		return __atomic_load_n(a, SC);                                                     \
	}                                                                                          \
	EXPORT void __tsan_atomic##bits##_store(volatile type *a, type v, int order)               \
	{                                                                                          \
		report(a, sizeof *a, SHUFFLE_OP_ATOMIC_STORE, (uint32_t)order, PC);                \
		__atomic_store_n(a, v, SC);                                                        \
	}                                                                                          \
	RMW(bits, type, exchange, __atomic_exchange_n)                                             \
	RMW(bits, type, fetch_add, __atomic_fetch_add)                                             \
	RMW(bits, type, fetch_sub, __atomic_fetch_sub)                                             \
	RMW(bits, type, fetch_and, __atomic_fetch_and)                                             \
	RMW(bits, type, fetch_or, __atomic_fetch_or)                                               \
	RMW(bits, type, fetch_xor, __atomic_fetch_xor)                                             \
	RMW(bits, type, fetch_nand, __atomic_fetch_nand)                                           \
	EXPORT int __tsan_atomic##bits##_compare_exchange_strong(volatile type *a, type *c,        \
								 type v, int order, int fail)      \
	{                                                                                          \
		(void)fail;                                                                        \
		report(a, sizeof *a, SHUFFLE_OP_ATOMIC_RMW, (uint32_t)order, PC);                  \
		return __atomic_compare_exchange_n(a, c, v, 0, SC, SC);                            \
	}                                                                                          \
	/* A weak one may fail spuriously; this one never does. */                                 \
	EXPORT int __tsan_atomic##bits##_compare_exchange_weak(volatile type *a, type *c, type v,  \
							       int order, int fail)                \
	{                                                                                          \
		(void)fail;                                                                        \
		report(a, sizeof *a, SHUFFLE_OP_ATOMIC_RMW, (uint32_t)order, PC);                  \
		return __atomic_compare_exchange_n(a, c, v, 0, SC, SC);                            \
	}                                                                                          \
	EXPORT type __tsan_atomic##bits##_compare_exchange_val(volatile type *a, type c, type v,   \
							       int order, int fail)                \
	{                                                                                          \
		(void)fail;                                                                        \
		report(a, sizeof *a, SHUFFLE_OP_ATOMIC_RMW, (uint32_t)order, PC);                  \
		__atomic_compare_exchange_n(a, &c, v, 0, SC, SC);                                  \
		return c;                                                                          \
	}

ATOMICS(8, uint8_t)
ATOMICS(16, uint16_t)
ATOMICS(32, uint32_t)
ATOMICS(64, uint64_t)
