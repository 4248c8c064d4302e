/* interpose.c - the wrappers of the table (interpose.def), generated.
 *
 * Each wrapper first asks shuffle_controlled() whether the calling thread is
 * scheduled: its return address is the program's call site, kept for the
 * deadlock report. Every row's prototype is checked against the library's
 * own declaration, so a row that drifts from the header fails the build.
 */
#include "interpose.h"

#include "export.h"
#include "scheduler.h"

#include <dlfcn.h>
#include <link.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>

/* sigblock, sigsetmask and siggetmask are deprecated, and still called
 * (dash): their rows name them. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#define SHUFFLE_DEFINE_REAL(ret, name, params, version, required)                                  \
	shuffle_real_##name##_t shuffle_real_##name;                                               \
	const struct shuffle_symbol shuffle_symbol_##name = { (void **)&shuffle_real_##name,       \
							      #name, version, required };          \
	_Static_assert(__builtin_types_compatible_p(__typeof__(name), ret params),                 \
		       #name " in interpose.def does not match its declaration");

#define SHUFFLE_POINT(ret, name, params, args, op, obj)                                            \
	SHUFFLE_DEFINE_REAL(ret, name, params, NULL, 1)                                            \
	SHUFFLE_EXPORT ret name params                                                             \
	{                                                                                          \
		struct shuffle_thread *me = shuffle_controlled();                                  \
		if (me)                                                                            \
			shuffle_sched_point(me, op, obj, NULL);                                    \
		return REAL(name) args;                                                            \
	}
#define SHUFFLE_WRAP_V(ret, name, params, args, version)                                           \
	SHUFFLE_DEFINE_REAL(ret, name, params, version, 1)                                         \
	SHUFFLE_EXPORT ret name params                                                             \
	{                                                                                          \
		struct shuffle_thread *me = shuffle_controlled();                                  \
		if (!me)                                                                           \
			return REAL(name) args;                                                    \
		return shuffle_wrap_##name(me, SHUFFLE_UNPAREN args);                              \
	}
#define SHUFFLE_WRAP(ret, name, params, args) SHUFFLE_WRAP_V(ret, name, params, args, NULL)
#define SHUFFLE_HOOK(ret, name, params, args)                                                      \
	SHUFFLE_DEFINE_REAL(ret, name, params, NULL, 1)                                            \
	SHUFFLE_EXPORT ret name params                                                             \
	{                                                                                          \
		struct shuffle_thread *me = shuffle_controlled();                                  \
		ret rc = REAL(name) args;                                                          \
		return shuffle_hook_##name(me, rc, SHUFFLE_UNPAREN args);                          \
	}
#define SHUFFLE_QUIET(ret, name, params, args, family)                                             \
	SHUFFLE_DEFINE_REAL(ret, name, params, NULL, 1)                                            \
	SHUFFLE_EXPORT ret name params                                                             \
	{                                                                                          \
		struct shuffle_thread *me = shuffle_controlled();                                  \
		if (!me)                                                                           \
			return REAL(name) args;                                                    \
		shuffle_##family##_enter(me);                                                      \
		ret rc = REAL(name) args;                                                          \
		shuffle_##family##_leave(me);                                                      \
		return rc;                                                                         \
	}
#define SHUFFLE_QUIET_VOID(name, params, args, family)                                             \
	SHUFFLE_DEFINE_REAL(void, name, params, NULL, 1)                                           \
	SHUFFLE_EXPORT void name params                                                            \
	{                                                                                          \
		struct shuffle_thread *me = shuffle_controlled();                                  \
		if (me)                                                                            \
			shuffle_##family##_enter(me);                                              \
		REAL(name) args;                                                                   \
		if (me)                                                                            \
			shuffle_##family##_leave(me);                                              \
	}
#define SHUFFLE_OWN(ret, name, params)	    SHUFFLE_DEFINE_REAL(ret, name, params, NULL, 1)
#define SHUFFLE_REAL(ret, name, params)	    SHUFFLE_DEFINE_REAL(ret, name, params, NULL, 1)
#define SHUFFLE_REAL_OPT(ret, name, params) SHUFFLE_DEFINE_REAL(ret, name, params, NULL, 0)
#include "interpose.def"

/* --- finding the real functions ------------------------------------------- */

static void fatal_missing(const char *name)
{
	/* Raw system calls: write() here would be our own wrapper. */
	static const char msg[] = "libshuffle: cannot find the library function ";
	syscall(SYS_write, 2, msg, sizeof msg - 1);
	syscall(SYS_write, 2, name, strlen(name));
	syscall(SYS_write, 2, "\n", 1);
	syscall(SYS_exit_group, 127);
}

/* The address range of libshuffle.so's own segments. dladdr() walks the
 * symbol table on every call, and start-up asks about every row of the table:
 * a range found once costs one comparison instead. */
static uintptr_t ours_lo, ours_hi;

static int find_ours(struct dl_phdr_info *info, size_t size, void *base)
{
	(void)size;
	if ((void *)info->dlpi_addr != base)
		return 0;
	uintptr_t lo = UINTPTR_MAX, hi = 0;
	for (unsigned i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD)
			continue;
		uintptr_t start = info->dlpi_addr + ph->p_vaddr;
		if (start < lo)
			lo = start;
		if (start + ph->p_memsz > hi)
			hi = start + ph->p_memsz;
	}
	__atomic_store_n(&ours_lo, lo, __ATOMIC_RELAXED);
	__atomic_store_n(&ours_hi, hi, __ATOMIC_RELEASE);
	return 1;
}

int shuffle_is_ours(const void *fn)
{
	if (!__atomic_load_n(&ours_hi, __ATOMIC_ACQUIRE)) {
		Dl_info mine;
		if (!dladdr((const void *)shuffle_is_ours, &mine))
			return 0;
		dl_iterate_phdr(find_ours, mine.dli_fbase);
	}
	uintptr_t p = (uintptr_t)fn;
	return p >= __atomic_load_n(&ours_lo, __ATOMIC_RELAXED) &&
	       p < __atomic_load_n(&ours_hi, __ATOMIC_ACQUIRE);
}

#define MAX_OBJECTS 256

struct objects {
	const char *name[MAX_OBJECTS];
	unsigned n;
};

static int collect(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	struct objects *o = data;
	if (info->dlpi_name && *info->dlpi_name && o->n < MAX_OBJECTS)
		o->name[o->n++] = info->dlpi_name;
	return 0;
}

/* A client library opened with RTLD_LOCAL (as Python opens its modules) is
 * not in the scope RTLD_NEXT searches: every loaded object, in load order,
 * asked by name. The names are collected under dl_iterate_phdr's lock and
 * opened after it. */
static void *anywhere(const char *name)
{
	static struct objects o; /* first use of a symbol only */
	o.n = 0;
	dl_iterate_phdr(collect, &o);
	for (unsigned i = 0; i < o.n; i++) {
		void *h = dlopen(o.name[i], RTLD_LAZY | RTLD_NOLOAD);
		if (!h)
			continue;
		void *fn = dlsym(h, name);
		dlclose(h);
		if (fn && !shuffle_is_ours(fn))
			return fn;
	}
	return NULL;
}

/* Stored in the slot of an optional function that is not there, so that it
 * is looked for once, not on every call. */
static char absent;

void *shuffle_real_find(const struct shuffle_symbol *sym)
{
	void *fn = __atomic_load_n(sym->slot, __ATOMIC_RELAXED);
	if (fn)
		return fn == &absent ? NULL : fn;
	fn = sym->version ? dlvsym(RTLD_NEXT, sym->name, sym->version)
			  : dlsym(RTLD_NEXT, sym->name);
	if (!fn || shuffle_is_ours(fn))
		fn = anywhere(sym->name);
	if (!fn && sym->required)
		fatal_missing(sym->name);
	__atomic_store_n(sym->slot, fn ? fn : (void *)&absent, __ATOMIC_RELAXED);
	return fn;
}

/* Early, from the start-up path: the functions of libraries already loaded
 * are found before main, so that no later first call (in a signal handler,
 * in a forked child) has to run the loader's lookups. What is not there yet
 * (a client library opened later) is found on first use. */
void shuffle_real_prefetch(void)
{
#define SHUFFLE_PREFETCH(name)                                                                     \
	if (!shuffle_real_##name) {                                                                \
		void *fn = shuffle_symbol_##name.version                                           \
				   ? dlvsym(RTLD_NEXT, #name, shuffle_symbol_##name.version)       \
				   : dlsym(RTLD_NEXT, #name);                                      \
		if (fn && !shuffle_is_ours(fn))                                                    \
			*(void **)&shuffle_real_##name = fn;                                       \
	}
#define SHUFFLE_ROW(name) SHUFFLE_PREFETCH(name)
#undef SHUFFLE_POINT
#undef SHUFFLE_WRAP
#undef SHUFFLE_WRAP_V
#undef SHUFFLE_HOOK
#undef SHUFFLE_QUIET
#undef SHUFFLE_QUIET_VOID
#undef SHUFFLE_OWN
#undef SHUFFLE_REAL
#undef SHUFFLE_REAL_OPT
#define SHUFFLE_POINT(ret, name, params, args, op, obj)	 SHUFFLE_ROW(name)
#define SHUFFLE_WRAP(ret, name, params, args)		 SHUFFLE_ROW(name)
#define SHUFFLE_WRAP_V(ret, name, params, args, version) SHUFFLE_ROW(name)
#define SHUFFLE_HOOK(ret, name, params, args)		 SHUFFLE_ROW(name)
#define SHUFFLE_QUIET(ret, name, params, args, family)	 SHUFFLE_ROW(name)
#define SHUFFLE_QUIET_VOID(name, params, args, family)	 SHUFFLE_ROW(name)
#define SHUFFLE_OWN(ret, name, params)			 SHUFFLE_ROW(name)
#define SHUFFLE_REAL(ret, name, params)			 SHUFFLE_ROW(name)
#define SHUFFLE_REAL_OPT(ret, name, params)		 SHUFFLE_ROW(name)
#include "interpose.def"
}
