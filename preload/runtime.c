/* runtime.c - start-up: take over just before main(), once every constructor
 * has run, when the driver left a plan and a trace for us.
 *
 * Interposing __libc_start_main gives control after all constructors (which
 * may already have called wrapped functions: those ran PASSIVE) and keeps the
 * main thread's stack as the program would have it. Everything the runtime
 * allocates lives outside the program's heap (the trace is the driver's
 * memfd, the prefix an anonymous mapping of fixed size) so that the program's
 * own addresses repeat from run to run.
 */
#include "runtime.h"

#include "export.h"
#include "objects.h"
#include "real.h"
#include "scheduler.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The prefix mapping is rounded up to this, so that its size, and with it
 * every later mapping's address, does not depend on the prefix length. */
#define PREFIX_MAP_UNIT (64ull << 20)

int shuffle_mode = SHUFFLE_MODE_PASSIVE;
struct shuffle_trace_header *shuffle_trace;
struct shuffle_thread *shuffle_threads;
uint32_t shuffle_pid;
__thread struct shuffle_thread *shuffle_self __attribute__((tls_model("initial-exec")));

static shuffle_main_fn real_main;

struct shuffle_thread *shuffle_controlled_at(void *call_site)
{
	if (shuffle_mode != SHUFFLE_MODE_ON)
		return NULL;
	struct shuffle_thread *me = shuffle_self;
	if (!me) {
		shuffle_escape(SHUFFLE_ESCAPE_FOREIGN_THREAD);
		return NULL;
	}
	if (me->in_runtime || me->gone)
		return NULL;
	me->call_site = call_site;
	return me;
}

void shuffle_escape(uint32_t bit)
{
	if (shuffle_trace)
		__atomic_or_fetch(&shuffle_trace->escapes, bit, __ATOMIC_RELAXED);
}

static void say(const char *msg)
{
	syscall(SYS_write, 2, msg, strlen(msg));
}

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	while (len > 0) {
		ssize_t n = syscall(SYS_read, fd, p, len);
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int env_fd(const char *name)
{
	const char *s = getenv(name);
	if (!s || !*s)
		return -1;
	char *end;
	long fd = strtol(s, &end, 10);
	return *end || fd < 0 || fd > 65535 ? -1 : (int)fd;
}

static struct shuffle_trace_header *map_trace(int fd)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(struct shuffle_trace_header))
		return NULL;
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return NULL;
	struct shuffle_trace_header *h = p;
	if (h->version != SHUFFLE_PROTO_VERSION ||
	    shuffle_trace_bytes(h->max_events, h->pool_cap) > (size_t)st.st_size) {
		munmap(p, (size_t)st.st_size);
		return NULL;
	}
	return h;
}

static const struct shuffle_plan_step *read_prefix(int fd, uint32_t n)
{
	size_t bytes = (size_t)n * sizeof(struct shuffle_plan_step);
	size_t map = (bytes / PREFIX_MAP_UNIT + 1) * PREFIX_MAP_UNIT;
	void *p = mmap(NULL, map, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED || read_all(fd, p, bytes) != 0)
		return NULL;
	return p;
}

/* Returns 1 when scheduling started, 0 when the driver is absent. A driver
 * whose plan or trace cannot be used ends the process: running on
 * uncontrolled would report a pass for runs nobody explored. */
static int start_control(void)
{
	int plan_fd = env_fd(SHUFFLE_ENV_PLAN_FD), trace_fd = env_fd(SHUFFLE_ENV_TRACE_FD);
	if (plan_fd < 0 || trace_fd < 0)
		return 0;
	/* Children that exec() must not find them: they run uncontrolled. */
	unsetenv(SHUFFLE_ENV_PLAN_FD);
	unsetenv(SHUFFLE_ENV_TRACE_FD);

	struct shuffle_trace_header *h = map_trace(trace_fd);
	close(trace_fd);
	struct shuffle_plan_header plan;
	const struct shuffle_plan_step *prefix = NULL;
	int ok = h && read_all(plan_fd, &plan, sizeof plan) == 0 &&
		 plan.magic == SHUFFLE_PLAN_MAGIC && plan.version == SHUFFLE_PROTO_VERSION &&
		 plan.tail < SHUFFLE_TAIL_COUNT &&
		 (prefix = read_prefix(plan_fd, plan.n_prefix)) != NULL;
	close(plan_fd);
	if (!ok) {
		say("libshuffle: the plan or trace from shuffle-run is unusable (version "
		    "mismatch?)\n");
		syscall(SYS_exit_group, SHUFFLE_RUNTIME_EXIT);
	}
	/* Everything the scheduler keeps, shared with forked children: they
	 * join the same schedule, and the token passes between processes. */
	size_t threads = SHUFFLE_MAX_THREADS * sizeof(struct shuffle_thread);
	size_t sched = shuffle_sched_shared_size(), objects = shuffle_objects_size();
	char *shared = mmap(NULL, threads + sched + objects, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (shared == MAP_FAILED) {
		say("libshuffle: cannot map the scheduler's memory\n");
		syscall(SYS_exit_group, SHUFFLE_RUNTIME_EXIT);
	}
	shuffle_threads = (struct shuffle_thread *)shared;
	shuffle_objects_attach(shared + threads + sched);
	shuffle_pid = (uint32_t)getpid();
	shuffle_trace = h;
	shuffle_real_resolve();
	shuffle_sched_start(&plan, prefix, shared + threads);
	h->magic = SHUFFLE_TRACE_MAGIC;
	return 1;
}

static int main_wrapper(int argc, char **argv, char **envp)
{
	start_control();
	int status = real_main(argc, argv, envp);
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_process_exit(me, status);
	return status;
}

SHUFFLE_EXPORT int __libc_start_main(shuffle_main_fn main, int argc, char **argv,
				     void (*init)(void), void (*fini)(void),
				     void (*rtld_fini)(void), void *stack_end)
{
	real_main = main;
	return REAL(__libc_start_main)(main_wrapper, argc, argv, init, fini, rtld_fini, stack_end);
}
