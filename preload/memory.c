/* memory.c - memory accesses of a program built with shuffle-cc as
 * scheduling points.
 *
 * libshuffle-hooks.so (hooks/) calls shuffle_memory_hook before every
 * access the compiler instrumented. Most accesses cannot matter to another
 * thread, and a point at each would multiply the schedules for nothing, so
 * an access is a point only when
 *  - it is not on the calling thread's own stack,
 *  - another thread is alive, and
 *  - the address is shared: in the static data of a loaded module (globals,
 *    which any thread may reach by name), or touched by another thread
 *    before in this run (races.h; heap memory a thread allocated and used
 *    alone stays private until another thread reaches it).
 * The point is taken before the access, which then runs with the token.
 */
#include "memory.h"

#include "export.h"
#include "races.h"
#include "scheduler.h"

#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <string.h>

#define MAX_RANGES 64

/* Writable segments of the modules loaded at start-up. */
static struct range {
	uintptr_t lo, hi;
} ranges[MAX_RANGES];
static int n_ranges;

static int add_module(struct dl_phdr_info *info, size_t size, void *self)
{
	(void)size;
	Dl_info own;
	/* The runtime's own data is never the program's business. */
	if (dladdr(self, &own) && info->dlpi_addr == (uintptr_t)own.dli_fbase)
		return 0;
	for (int i = 0; i < info->dlpi_phnum && n_ranges < MAX_RANGES; i++) {
		const ElfW(Phdr) *p = &info->dlpi_phdr[i];
		if (p->p_type == PT_LOAD && (p->p_flags & PF_W))
			ranges[n_ranges++] =
				(struct range){ info->dlpi_addr + p->p_vaddr,
						info->dlpi_addr + p->p_vaddr + p->p_memsz };
	}
	return 0;
}

void shuffle_memory_start(void)
{
	dl_iterate_phdr(add_module, (void *)shuffle_memory_start);
}

static int static_data(uintptr_t addr)
{
	for (int i = 0; i < n_ranges; i++)
		if (addr >= ranges[i].lo && addr < ranges[i].hi)
			return 1;
	return 0;
}

static int on_own_stack(struct shuffle_thread *me, uintptr_t addr)
{
	if (!me->stack_hi) {
		pthread_attr_t attr;
		void *base;
		size_t size;
		if (pthread_getattr_np(pthread_self(), &attr) != 0)
			return 0;
		pthread_attr_getstack(&attr, &base, &size);
		pthread_attr_destroy(&attr);
		me->stack_lo = (uintptr_t)base;
		me->stack_hi = (uintptr_t)base + size;
	}
	return addr >= me->stack_lo && addr < me->stack_hi;
}

SHUFFLE_EXPORT void shuffle_memory_hook(const volatile void *addr, uint32_t size, uint32_t op,
					uint32_t order, void *pc)
{
	struct shuffle_thread *me = shuffle_controlled_at(pc);
	if (!me || me->left)
		return;
	uintptr_t a = (uintptr_t)addr;
	me->in_runtime = 1;
	shuffle_trace->memory_hooks = 1;
	int point = !on_own_stack(me, a) && shuffle_races_touch(me->tid, a, size, static_data(a)) &&
		    !shuffle_sched_alone(me);
	me->in_runtime = 0;
	if (point)
		shuffle_sched_point(me, op, a, NULL);
	me->in_runtime = 1;
	if (point && (op == SHUFFLE_OP_ATOMIC_LOAD || op == SHUFFLE_OP_MEM_READ) && size <= 8) {
		/* What this load returns (nobody else runs before it does): a
		 * re-load finding it unchanged is a spin (enabled.c). */
		me->spin_addr = a;
		me->spin_size = size;
		memcpy(&me->spin_value, (const void *)a, size);
	}
	shuffle_races_access(me->tid, a, size, op, order, pc);
	me->in_runtime = 0;
}

int shuffle_memory_unchanged(const struct shuffle_thread *t)
{
	uint64_t now = 0, then = t->spin_value;
	memcpy(&now, (const void *)t->spin_addr, t->spin_size);
	return memcmp(&now, &then, t->spin_size) == 0;
}
