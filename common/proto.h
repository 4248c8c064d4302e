/* proto.h - everything that crosses between the driver (shuffle-run) and the
 * runtime (libshuffle.so, preloaded into the target).
 *
 * One run, seen from both sides:
 *  - The driver writes one plan into a pipe: a struct shuffle_plan_header
 *    followed by n_prefix struct shuffle_plan_step. The runtime reads it whole
 *    before main() and closes the pipe.
 *  - The driver hands over a memfd sized with shuffle_trace_bytes(). The runtime
 *    maps it shared and fills it as the run goes: header, thread table, one
 *    event per step, and the enabled sets of the decisions. The driver reads it
 *    after the whole process group is gone, however it ended: a crash loses
 *    nothing that was already recorded, because every event is written before
 *    the operation it describes is performed.
 *
 * Who writes what: the driver writes only magic/version/capacities before the
 * run and reads the rest after it; inside the target only the thread holding
 * the scheduling token writes, so no field needs atomics.
 *
 * Bump SHUFFLE_PROTO_VERSION whenever a structure below changes its layout or
 * the meaning of a field: both sides refuse a peer of another version.
 */
#ifndef SHUFFLE_PROTO_H
#define SHUFFLE_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define SHUFFLE_PROTO_VERSION 4u
#define SHUFFLE_PLAN_MAGIC    0x4e4c5053u /* "SPLN" */
#define SHUFFLE_TRACE_MAGIC   0x43525453u /* "STRC" */

/* Environment variables set by the driver for the target. The runtime removes
 * them from the environment before main() so the program and its children
 * never see them (a child that exec()s runs uncontrolled; see runtime.c). */
#define SHUFFLE_ENV_PLAN_FD  "SHUFFLE_PLAN_FD"
#define SHUFFLE_ENV_TRACE_FD "SHUFFLE_TRACE_FD"
/* Set by the runtime, not the driver, for a program a controlled process
 * exec()s: the thread slot it takes over (see preload/exec.c). */
#define SHUFFLE_ENV_JOIN "SHUFFLE_JOIN"

/* Fixed descriptor numbers in the target: the same numbers on every run keep
 * the environment, and so the target's stack layout, identical between runs. */
#define SHUFFLE_PLAN_FD_NUM   1021
#define SHUFFLE_TRACE_FD_NUM  1022
#define SHUFFLE_SHARED_FD_NUM 1020 /* the runtime's own, for exec'd programs */

#define SHUFFLE_MAX_THREADS   1024u
#define SHUFFLE_NAME_LEN      16u /* pthread_setname_np's limit, with the NUL */
#define SHUFFLE_NOTE_LEN      48u
#define SHUFFLE_NO_THREAD     0xffffffffu
#define SHUFFLE_MAX_MODULES   16u
#define SHUFFLE_MODULE_LEN    256u
#define SHUFFLE_MAX_RACES     32u

/* What kind of thing an operation is: --points chooses the kinds that are
 * decisions; the others still run in order, as steps without a choice. */
enum shuffle_kind {
	SHUFFLE_KIND_LIFE = 0, /* thread and process lifecycle ("thread") */
	SHUFFLE_KIND_SYNC,     /* mutexes, condvars, semaphores, rwlocks... */
	SHUFFLE_KIND_IO,       /* reads and writes of the target's descriptors */
	SHUFFLE_KIND_PROCESS,  /* fork, exec, wait */
	SHUFFLE_KIND_SQL,      /* database statements */
	SHUFFLE_KIND_MEMORY,   /* plain and atomic memory accesses (shuffle-cc) */
	SHUFFLE_KIND_MANUAL,   /* shuffle_point() */
	SHUFFLE_KIND_TIME,     /* sleeps and yields */
	SHUFFLE_KIND_COUNT
};
#define SHUFFLE_POINTS_ALL ((1u << SHUFFLE_KIND_COUNT) - 1)

/* How reports print an operation and its object (ops.def's `show`). */
enum shuffle_show {
	SHUFFLE_SHOW_NAME = 0, /* the name alone */
	SHUFFLE_SHOW_OBJ,      /* name and object label (m1, s2...) */
	SHUFFLE_SHOW_NOTE,     /* the note (a shuffle_point label) */
	SHUFFLE_SHOW_THREAD,   /* name and the label of thread obj */
	SHUFFLE_SHOW_FD,       /* name and descriptor obj */
	SHUFFLE_SHOW_STATUS,   /* name and exit status obj */
	SHUFFLE_SHOW_TIME      /* name and virtual time obj (ns) */
};

#define SHUFFLE_OPF_LOCKS 1u
#define SHUFFLE_OPF_WAKES 2u
#define SHUFFLE_OPF_CANCEL 4u

/* The visible operations, from the table in ops.def. */
enum shuffle_op {
#define SHUFFLE_OP(id, name, kind, show, letter, flags, enabled, polite) SHUFFLE_OP_##id,
#include "ops.def"
#undef SHUFFLE_OP
	SHUFFLE_OP_COUNT
};

struct shuffle_plan_header {
	uint32_t magic;
	uint32_t version;
	uint32_t strategy;  /* index in shuffle_strategies[] (strategies.h) */
	uint32_t n_prefix;  /* struct shuffle_plan_step that follow */
	uint64_t seed;	    /* the strategy's, for decisions past the prefix */
	uint64_t max_steps; /* more steps than this: verdict livelock */
	uint32_t points;    /* bit (1 << kind): operations of that kind are decisions */
	uint32_t policy_arg; /* the strategy's, for its policy (policy.h) */
};

/* One decision the run must take, with what it must look like: the runtime
 * checks the enabled set (count and hash) and the chosen thread's pending
 * operation, and reports a divergence rather than follow another path. */
struct shuffle_plan_step {
	uint32_t tid;	       /* thread to run */
	uint32_t n_enabled;    /* 0: do not check the enabled set */
	uint64_t enabled_hash; /* shuffle_enabled_hash() of the enabled tids */
	uint32_t op;	       /* pending op of tid; SHUFFLE_OP_NONE: do not check */
	uint32_t reserved;
};

/* How a run ended, as far as the runtime knows. The driver combines it with
 * the wait status: STARTED at the end means the process died on its own
 * (exit status or signal tell the rest). */
enum shuffle_run_state {
	SHUFFLE_RUN_UNSTARTED = 0, /* the runtime never took control */
	SHUFFLE_RUN_STARTED,
	SHUFFLE_RUN_FINISHED, /* process exit through exit() or main's return */
	SHUFFLE_RUN_DEADLOCK,
	SHUFFLE_RUN_DIVERGED,
	SHUFFLE_RUN_LIVELOCK, /* max_steps exceeded */
	SHUFFLE_RUN_OVERFLOW  /* a fixed table of the runtime was full */
};

/* Things that happened outside the runtime's control: a run that shows any
 * of them may have missed interleavings, and the report says so. */
enum shuffle_escape {
	SHUFFLE_ESCAPE_FORK = 1u << 0,		 /* a child process ran uncontrolled */
	SHUFFLE_ESCAPE_MUTEX_STATE = 1u << 1,	 /* a mutex was busy the model thought free */
	SHUFFLE_ESCAPE_EARLY_THREAD = 1u << 2,	 /* thread created before main() */
	SHUFFLE_ESCAPE_FOREIGN_THREAD = 1u << 3, /* a thread not created by pthread_create */
	SHUFFLE_ESCAPE_EXEC = 1u << 4 /* a program exec'd by the target ran uncontrolled */
};

enum shuffle_thread_state {
	SHUFFLE_THREAD_UNUSED = 0,
	SHUFFLE_THREAD_RUNNING, /* holds the token, or is parked at a point */
	SHUFFLE_THREAD_EXITED
};

struct shuffle_thread_record {
	char name[SHUFFLE_NAME_LEN]; /* label: main, A, B, ... or pthread_setname_np */
	uint32_t state;		     /* enum shuffle_thread_state */
	uint32_t parent;	     /* tid of the creator; SHUFFLE_NO_THREAD for main */
	uint32_t pending_op;	     /* enum shuffle_op it is stopped before */
	uint32_t holder;	     /* for a pending lock: tid holding it, or NO_THREAD */
	uint64_t pending_obj;
	uint32_t ktid; /* kernel thread id, for the driver's /proc look-ups */
	/* Where a thread blocked in a deadlock called from: module (index into
	 * the header's modules, SHUFFLE_NO_THREAD if unknown) and the offset of
	 * the return address in it. Filled only when a deadlock is found. */
	uint32_t where_module;
	uint64_t where_offset;
	uint32_t pid;	  /* of its process: forked children are scheduled too */
	uint32_t process; /* 0 for the program, then 1, 2... in fork order */
	uint32_t flags;	  /* SHUFFLE_THREAD_* below */
	uint32_t reserved;
};

#define SHUFFLE_THREAD_FORKED 1u /* the first thread of a forked process */
#define SHUFFLE_THREAD_WAITED 2u /* ...whose exit status was collected */
/* ...which left the schedule but is not dead yet: its flush at exit sleeps
 * in a write to a full pipe of the target (scheduler.c, settle). */
#define SHUFFLE_THREAD_EXITING 4u

/* Event flags. */
#define SHUFFLE_EVENT_DECISION 1u /* chosen among n_enabled >= 2 threads */
#define SHUFFLE_EVENT_FORCED   2u /* chosen without a decision at a point */
#define SHUFFLE_EVENT_FAILED   4u /* a trylock / trywait that did not get it */

struct shuffle_event {
	uint32_t tid;
	uint16_t op; /* enum shuffle_op */
	uint16_t flags;
	uint64_t obj;
	uint32_t n_enabled;   /* decisions: size of the enabled set */
	uint32_t enabled_off; /* decisions: index into the enabled pool */
	char note[SHUFFLE_NOTE_LEN];
};

struct shuffle_divergence {
	uint64_t decision;     /* index of the decision that differed */
	uint32_t expected_tid; /* from the plan */
	uint32_t expected_op;
	uint32_t expected_n;
	uint32_t actual_n; /* the enabled set found is in the pool at actual_off */
	uint32_t actual_off;
	uint32_t actual_op; /* pending op of expected_tid, if it exists */
	uint32_t past_end;  /* 1: the run needed a decision the plan lacked */
	uint32_t reserved;
};

/* A data race the runtime saw (preload/races.c): two threads accessed the
 * same address, at least one writing, with no synchronization it saw
 * ordering them. [0] is the earlier access, [1] the later; a site is the
 * module (index into the header's modules, SHUFFLE_NO_THREAD if unknown)
 * and the offset of the return address of the hook call. */
struct shuffle_race {
	uint64_t addr;
	uint64_t offset[2];
	uint32_t module[2];
	uint32_t tid[2];
	uint32_t write[2];
};

struct shuffle_trace_header {
	uint32_t magic; /* written last by the runtime at start-up */
	uint32_t version;
	uint32_t state;	     /* enum shuffle_run_state */
	uint32_t escapes;    /* enum shuffle_escape bits */
	uint64_t max_events; /* capacity, set by the driver */
	uint64_t pool_cap;   /* capacity of the enabled pool, set by the driver */
	uint64_t n_events;
	uint64_t n_decisions;
	uint64_t pool_used;
	uint32_t n_threads;
	uint32_t current; /* tid of the thread last given the token */
	uint32_t died;	  /* forked processes that died holding the token */
	/* The token holder is looking again and again for a signal, an exit or
	 * an uncontrolled program's move (scheduler.c): it uses the CPU, but a
	 * run timed out then is waiting, not spinning (judge.c). */
	uint32_t looking_outside;
	struct shuffle_divergence divergence;
	uint32_t n_modules;
	uint32_t reserved2;
	char modules[SHUFFLE_MAX_MODULES][SHUFFLE_MODULE_LEN]; /* paths of where_module */
	uint32_t memory_hooks;	 /* 1: memory hooks of a shuffle-cc build reached the runtime */
	uint32_t busy_waits;	 /* times a token holder busy-waiting with no point was preempted */
	uint32_t preempt_signal; /* the driver may send it to a busy-waiting holder; 0: do not */
	uint32_t n_races;
	struct shuffle_race races[SHUFFLE_MAX_RACES];
	struct shuffle_thread_record threads[SHUFFLE_MAX_THREADS];
};

/* Layout of the trace memfd: header, events[max_events], pool[pool_cap]. */
static inline size_t shuffle_trace_bytes(uint64_t max_events, uint64_t pool_cap)
{
	return sizeof(struct shuffle_trace_header) + max_events * sizeof(struct shuffle_event) +
	       pool_cap * sizeof(uint32_t);
}

static inline struct shuffle_event *shuffle_trace_events(struct shuffle_trace_header *h)
{
	return (struct shuffle_event *)(h + 1);
}

static inline uint32_t *shuffle_trace_pool(struct shuffle_trace_header *h)
{
	return (uint32_t *)(shuffle_trace_events(h) + h->max_events);
}

/* FNV-1a: the one hash of the project (enabled sets, statement texts). */
#define SHUFFLE_FNV_START 0xcbf29ce484222325ull
static inline uint64_t shuffle_fnv_step(uint64_t h, uint64_t v)
{
	return (h ^ v) * 0x100000001b3ull;
}

/* Over the enabled thread ids, in the (ascending) order they are kept. */
static inline uint64_t shuffle_enabled_hash(const uint32_t *tids, uint32_t n)
{
	uint64_t h = SHUFFLE_FNV_START;
	for (uint32_t i = 0; i < n; i++)
		h = shuffle_fnv_step(h, tids[i]);
	return h;
}

/* Over the bytes of a string; NULL hashes like "". */
static inline uint64_t shuffle_text_hash(const char *s)
{
	uint64_t h = SHUFFLE_FNV_START;
	for (; s && *s; s++)
		h = shuffle_fnv_step(h, (unsigned char)*s);
	return h;
}

/* Both sides are built from this header, but a driver and a runtime of
 * different builds meet (an installed library, an old build tree): the
 * layouts are pinned, so a change that moves a field cannot go unnoticed
 * without a version bump. */
_Static_assert(sizeof(struct shuffle_plan_header) == 40, "plan header layout");
_Static_assert(sizeof(struct shuffle_plan_step) == 24, "plan step layout");
_Static_assert(sizeof(struct shuffle_event) == 72, "event layout");
_Static_assert(offsetof(struct shuffle_event, note) == 24, "event layout");
_Static_assert(sizeof(struct shuffle_thread_record) == 72, "thread record layout");
_Static_assert(sizeof(struct shuffle_divergence) == 40, "divergence layout");
_Static_assert(sizeof(struct shuffle_race) == 48, "race layout");
_Static_assert(sizeof(struct shuffle_trace_header) % 8 == 0, "events follow the header aligned");
_Static_assert(SHUFFLE_OP_COUNT <= 0xffff, "an event keeps its op in 16 bits");

/* Exit status the runtime gives a process it ends itself (deadlock,
 * divergence, livelock); the verdict comes from the trace state, this only
 * keeps the status distinct from a program's own. */
#define SHUFFLE_RUNTIME_EXIT 86

#endif
