/* sql_text.c - see sql_text.h. */
#include "sql_text.h"

#include <dlfcn.h>
#include <link.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* "…" in UTF-8: three bytes, the width of one character. */
static const char ellipsis[] = "\xe2\x80\xa6";

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Past white space and the comments in front of the statement: they would
 * fill the label and tell nothing about what runs. */
static const char *skip_lead(const char *s)
{
	for (;;) {
		while (is_space((unsigned char)*s))
			s++;
		if (s[0] == '-' && s[1] == '-') {
			s += strcspn(s, "\n");
		} else if (s[0] == '/' && s[1] == '*') {
			const char *end = strstr(s + 2, "*/");
			s = end ? end + 2 : s + strlen(s);
		} else {
			return s;
		}
	}
}

void shuffle_sql_short(char out[SHUFFLE_NOTE_LEN], const char *sql)
{
	const size_t cap = SHUFFLE_NOTE_LEN - 1; /* bytes of text, without the NUL */
	if (!sql) {
		strcpy(out, "(null)");
		return;
	}
	size_t n = 0, cut = 0; /* cut: where "…" goes if the text does not fit */
	int pending_space = 0;
	for (const unsigned char *p = (const unsigned char *)skip_lead(sql); *p; p++) {
		unsigned char c = *p;
		if (is_space(c) || c < 0x20 || c == 0x7f) {
			pending_space = n > 0;
			continue;
		}
		size_t need = (size_t)pending_space + 1;
		if (n + need > cap) {
			/* Too long: back to the last character boundary that leaves
			 * room for the ellipsis, dropping a trailing space. */
			n = cut;
			while (n > 0 && (((unsigned char)out[n] & 0xc0) == 0x80))
				n--;
			while (n > 0 && out[n - 1] == ' ')
				n--;
			memcpy(out + n, ellipsis, sizeof ellipsis);
			return;
		}
		if (pending_space)
			out[n++] = ' ';
		pending_space = 0;
		out[n++] = (char)c;
		if (n <= cap - (sizeof ellipsis - 1))
			cut = n;
	}
	out[n] = '\0';
}

/* --- finding the client library ------------------------------------------ */

/* Any object of ours: dladdr() of it names libshuffle.so. */
static const char anchor;

static int ours(const void *fn)
{
	Dl_info self, other;
	return dladdr(&anchor, &self) && dladdr(fn, &other) && self.dli_fbase == other.dli_fbase;
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

/* Every loaded object, in load order, asked by name. The names are only
 * collected under dl_iterate_phdr's lock and opened after it. */
static void *anywhere(const char *name)
{
	static struct objects o; /* first use of a symbol only: no reentrancy worth a stack copy */
	o.n = 0;
	dl_iterate_phdr(collect, &o);
	for (unsigned i = 0; i < o.n; i++) {
		void *h = dlopen(o.name[i], RTLD_LAZY | RTLD_NOLOAD);
		if (!h)
			continue;
		void *fn = dlsym(h, name);
		dlclose(h);
		if (fn && !ours(fn))
			return fn;
	}
	return NULL;
}

/* Stored in the slot of an optional symbol that is not there, so that it is
 * looked for once, not on every call. */
static char absent;

void *shuffle_sql_sym(void **slot, const char *name, int required)
{
	void *fn = __atomic_load_n(slot, __ATOMIC_RELAXED);
	if (fn)
		return fn == &absent ? NULL : fn;
	fn = dlsym(RTLD_NEXT, name);
	if (!fn || ours(fn))
		fn = anywhere(name);
	if (!fn && required) {
		/* Raw system calls: write() would be our own wrapper. */
		static const char msg[] = "libshuffle: cannot find the client library's ";
		syscall(SYS_write, 2, msg, sizeof msg - 1);
		syscall(SYS_write, 2, name, strlen(name));
		syscall(SYS_write, 2, "\n", 1);
		syscall(SYS_exit_group, 127);
	}
	__atomic_store_n(slot, fn ? fn : (void *)&absent, __ATOMIC_RELAXED);
	return fn;
}
