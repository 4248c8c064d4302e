/* shuffle.h - explicit scheduling points for programs tested with shuffle-run.
 *
 *     #include <shuffle.h>
 *     shuffle_point("read balance");   // other threads may run here
 *
 * Under shuffle-run, shuffle_point() stops the calling thread and lets the
 * scheduler decide which thread goes next, like Python shuffler's
 * `with shuffler.shuffle(task_id)`. Without the tool it does nothing: the
 * header needs no library at link time (it looks the runtime up with dlsym,
 * part of the C library since glibc 2.34; link with -ldl before that).
 *
 * The label (up to 23 bytes are kept) names the point in sequences, reports
 * and schedule files.
 */
#ifndef SHUFFLE_H
#define SHUFFLE_H

#include <dlfcn.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Defined by libshuffle.so; call shuffle_point() instead. */
void shuffle_runtime_point(const char *label);

static inline void shuffle_point(const char *label)
{
	typedef void (*shuffle_point_fn)(const char *);
	/* Looked up once per translation unit; concurrent first calls store
	 * the same value. */
	static shuffle_point_fn fn;
	static int looked_up;
	if (!__atomic_load_n(&looked_up, __ATOMIC_ACQUIRE)) {
#ifdef RTLD_DEFAULT
		void *sym = dlsym(RTLD_DEFAULT, "shuffle_runtime_point");
#else
		void *sym = dlsym((void *)0, "shuffle_runtime_point"); /* glibc's RTLD_DEFAULT */
#endif
		__builtin_memcpy(&fn, &sym, sizeof fn);
		__atomic_store_n(&looked_up, 1, __ATOMIC_RELEASE);
	}
	if (fn)
		fn(label);
}

#ifdef __cplusplus
}
#endif

#endif
