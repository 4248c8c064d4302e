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

#include "cancel.h"
#include "enabled.h"
#include "export.h"
#include "objects.h"
#include "interpose.h"
#include "memory.h"
#include "scheduler.h"
#include "strategy.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <fcntl.h>
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

/* The scheduler's memory: threads, scheduler state, objects, then the
 * plan's prefix. A memfd, shared with forked children (inherited mapping)
 * and with programs the target exec()s (they map it again from
 * SHUFFLE_SHARED_FD_NUM). The prefix part is rounded up so that the size,
 * and with it every later mapping's address, does not depend on its
 * length. */
static size_t threads_size(void)
{
	return SHUFFLE_MAX_THREADS * sizeof(struct shuffle_thread);
}

static size_t prefix_offset(void)
{
	return threads_size() + shuffle_sched_shared_size() + shuffle_objects_size();
}

static char *attach_shared(int fd, size_t size)
{
	char *shared = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, fd, 0);
	if (shared == MAP_FAILED)
		return NULL;
	shuffle_threads = (struct shuffle_thread *)shared;
	shuffle_objects_attach(shared + threads_size() + shuffle_sched_shared_size());
	return shared;
}

static char *create_shared(uint32_t n_prefix)
{
	size_t bytes = (size_t)n_prefix * sizeof(struct shuffle_plan_step);
	size_t size = prefix_offset() + (bytes / PREFIX_MAP_UNIT + 1) * PREFIX_MAP_UNIT;
	int fd = memfd_create("shuffle-shared", MFD_CLOEXEC);
	if (fd < 0)
		return NULL;
	char *shared = NULL;
	if (ftruncate(fd, (off_t)size) == 0 && dup3(fd, SHUFFLE_SHARED_FD_NUM, O_CLOEXEC) >= 0)
		shared = attach_shared(fd, size);
	close(fd);
	return shared;
}

__attribute__((noreturn)) static void unusable(const char *why)
{
	say("libshuffle: ");
	say(why);
	say("\n");
	syscall(SYS_exit_group, SHUFFLE_RUNTIME_EXIT);
	__builtin_unreachable();
}

/* A program exec'd by a controlled process: take over its thread's slot,
 * token included, in the schedule that is already running. */
static void join_control(const char *tid_text)
{
	char *end;
	long tid = strtol(tid_text, &end, 10);
	struct stat st;
	struct shuffle_trace_header *h = map_trace(SHUFFLE_TRACE_FD_NUM);
	if (*end || tid < 0 || tid >= (long)SHUFFLE_MAX_THREADS || !h ||
	    fstat(SHUFFLE_SHARED_FD_NUM, &st) != 0 || (size_t)st.st_size <= prefix_offset())
		unusable("an exec'd program cannot join the schedule");
	char *shared = attach_shared(SHUFFLE_SHARED_FD_NUM, (size_t)st.st_size);
	if (!shared)
		unusable("cannot map the scheduler's memory");
	fcntl(SHUFFLE_SHARED_FD_NUM, F_SETFD, FD_CLOEXEC);
	fcntl(SHUFFLE_TRACE_FD_NUM, F_SETFD, FD_CLOEXEC);
	shuffle_pid = (uint32_t)getpid();
	shuffle_objects_forget(shuffle_pid); /* the old program's */
	shuffle_trace = h;
	shuffle_real_prefetch();
	shuffle_memory_start();
	shuffle_preempt_start();
	shuffle_sched_join(shared + threads_size(),
			   (const struct shuffle_plan_step *)(shared + prefix_offset()),
			   (uint32_t)tid);
	shuffle_io_adopt();
}

/* Returns 1 when scheduling started, 0 when the driver is absent. A driver
 * whose plan or trace cannot be used ends the process: running on
 * uncontrolled would report a pass for runs nobody explored. */
static int start_control(void)
{
	const char *join = getenv(SHUFFLE_ENV_JOIN);
	if (join) {
		char tid[16];
		strncpy(tid, join, sizeof tid - 1);
		tid[sizeof tid - 1] = '\0';
		unsetenv(SHUFFLE_ENV_JOIN);
		join_control(tid);
		return 1;
	}
	int plan_fd = env_fd(SHUFFLE_ENV_PLAN_FD), trace_fd = env_fd(SHUFFLE_ENV_TRACE_FD);
	if (plan_fd < 0 || trace_fd < 0)
		return 0;
	/* Children that exec() must not find them: a program exec'd under
	 * control is told to join instead (exec.c). */
	unsetenv(SHUFFLE_ENV_PLAN_FD);
	unsetenv(SHUFFLE_ENV_TRACE_FD);

	struct shuffle_trace_header *h = map_trace(trace_fd);
	fcntl(trace_fd, F_SETFD, FD_CLOEXEC);
	struct shuffle_plan_header plan;
	char *shared = NULL;
	int ok = h && read_all(plan_fd, &plan, sizeof plan) == 0 &&
		 plan.magic == SHUFFLE_PLAN_MAGIC && plan.version == SHUFFLE_PROTO_VERSION &&
		 plan.strategy < shuffle_n_strategies && (shared = create_shared(plan.n_prefix)) &&
		 read_all(plan_fd, shared + prefix_offset(),
			  (size_t)plan.n_prefix * sizeof(struct shuffle_plan_step)) == 0;
	close(plan_fd);
	if (!ok)
		unusable("the plan or trace from shuffle-run is unusable (version mismatch?)");
	shuffle_pid = (uint32_t)getpid();
	shuffle_trace = h;
	shuffle_real_prefetch();
	shuffle_memory_start();
	shuffle_preempt_start();
	shuffle_sched_start(&plan, (const struct shuffle_plan_step *)(shared + prefix_offset()),
			    shared + threads_size());
	h->magic = SHUFFLE_TRACE_MAGIC;
	return 1;
}

static int main_wrapper(int argc, char **argv, char **envp)
{
	start_control();
	int status;
	pthread_cleanup_push(shuffle_thread_unwound, NULL);
	status = real_main(argc, argv, envp);
	pthread_cleanup_pop(0);
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
