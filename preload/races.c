/* races.c - see races.h. */
#include "races.h"

#include "ops.h"
#include "runtime.h"
#include "scheduler.h"

#include <string.h>

/* Threads beyond this many take no part in race detection. */
#define CLOCKS	      64u
#define SYNC_BITS     10
#define SHADOW_BITS   15
#define GRANULE_SHIFT 3	 /* 8 bytes */
#define MAX_GRANULES  64 /* of one range access (memcpy...) */
#define READERS	      4
/* The clock of I/O, SQL and process operations: one for all of them, as
 * a pipe's two ends or a database row have no common address. */
#define EXTERNAL_KEY 1u

typedef uint32_t clock_vec[CLOCKS];

static clock_vec thread_clock[CLOCKS];

struct sync_clock {
	uint64_t key; /* object address; 0: free */
	clock_vec clock;
};
static struct sync_clock sync_table[1u << SYNC_BITS];
static clock_vec overflow_clock; /* every object once the table is full */

struct access {
	uint32_t tid; /* SHUFFLE_NO_THREAD: none */
	uint32_t clock;
	uintptr_t pc;
	uint8_t lo, hi; /* the bytes of the granule it touched: [lo, hi) */
};

struct cell {
	uintptr_t key; /* granule + 1; 0: free */
	uint32_t owner;
	uint32_t shared;
	struct access write;
	struct access reads[READERS];
};
static struct cell shadow[1u << SHADOW_BITS];

/* Races of this run already recorded, by their two program counters. */
static uintptr_t seen[SHUFFLE_MAX_RACES][2];

static uint32_t slot_of(uint64_t key, unsigned bits)
{
	return (uint32_t)((key * 0x9e3779b97f4a7c15ull) >> (64 - bits));
}

static uint32_t *clock_of(uint32_t tid)
{
	uint32_t *c = thread_clock[tid];
	if (!c[tid])
		c[tid] = 1; /* epochs start at 1: 0 means "nothing seen" */
	return c;
}

static uint32_t *sync_of(uint64_t key)
{
	uint32_t n = 1u << SYNC_BITS;
	for (uint32_t i = slot_of(key, SYNC_BITS), k = 0; k < n; k++, i = (i + 1) & (n - 1)) {
		struct sync_clock *s = &sync_table[i];
		if (s->key == key)
			return s->clock;
		if (!s->key) {
			s->key = key;
			return s->clock;
		}
	}
	return overflow_clock;
}

static void join(uint32_t *into, const uint32_t *from)
{
	for (uint32_t i = 0; i < CLOCKS; i++)
		if (from[i] > into[i])
			into[i] = from[i];
}

static void acquire(uint32_t tid, uint64_t key)
{
	join(clock_of(tid), sync_of(key));
}

static void release(uint32_t tid, uint64_t key)
{
	uint32_t *c = clock_of(tid);
	join(sync_of(key), c);
	c[tid]++;
}

void shuffle_races_step(uint32_t tid, uint32_t op, uint64_t obj)
{
	if (tid >= CLOCKS || shuffle_trace->threads[tid].pid != shuffle_pid)
		return;
	switch (shuffle_op_info(op)->kind) {
	case SHUFFLE_KIND_LIFE:
		if (op == SHUFFLE_OP_CREATE && obj < CLOCKS) {
			uint32_t *child = thread_clock[obj], *parent = clock_of(tid);
			memcpy(child, parent, sizeof(clock_vec));
			child[obj] = 1;
			parent[tid]++;
		} else if (op == SHUFFLE_OP_JOIN && obj < CLOCKS) {
			join(clock_of(tid), clock_of((uint32_t)obj));
		}
		return;
	case SHUFFLE_KIND_SYNC:
		acquire(tid, obj);
		release(tid, obj);
		return;
	case SHUFFLE_KIND_IO:
	case SHUFFLE_KIND_SQL:
	case SHUFFLE_KIND_PROCESS:
		acquire(tid, EXTERNAL_KEY);
		release(tid, EXTERNAL_KEY);
		return;
	default:
		return; /* memory: shuffle_races_access; manual points and time: no order */
	}
}

static struct cell *cell_of(uintptr_t granule)
{
	uint32_t n = 1u << SHADOW_BITS;
	uintptr_t key = granule + 1;
	for (uint32_t i = slot_of(key, SHADOW_BITS), k = 0; k < n; k++, i = (i + 1) & (n - 1)) {
		struct cell *c = &shadow[i];
		if (c->key == key)
			return c;
		if (!c->key) {
			c->key = key;
			c->owner = SHUFFLE_NO_THREAD;
			c->write.tid = SHUFFLE_NO_THREAD;
			for (int r = 0; r < READERS; r++)
				c->reads[r].tid = SHUFFLE_NO_THREAD;
			return c;
		}
	}
	return NULL; /* full: the address counts as shared, unchecked */
}

static uintptr_t first_granule(uintptr_t addr)
{
	return addr >> GRANULE_SHIFT;
}

static uintptr_t end_granule(uintptr_t addr, uint32_t size)
{
	uintptr_t last = (addr + (size ? size : 1) - 1) >> GRANULE_SHIFT;
	uintptr_t first = first_granule(addr);
	return last - first >= MAX_GRANULES ? first + MAX_GRANULES : last + 1;
}

int shuffle_races_touch(uint32_t tid, uintptr_t addr, uint32_t size, int shared)
{
	int result = shared;
	for (uintptr_t g = first_granule(addr); g < end_granule(addr, size); g++) {
		struct cell *c = cell_of(g);
		if (!c)
			return 1;
		if (c->owner == SHUFFLE_NO_THREAD)
			c->owner = tid;
		else if (c->owner != tid)
			c->shared = 1;
		c->shared |= (uint32_t)shared;
		result |= (int)c->shared;
	}
	return result;
}

/* Two accesses conflict only on bytes both touched (two ints of one
 * granule are two variables). */
static int ordered(const struct access *a, const struct access *me, const uint32_t *now)
{
	return a->tid == SHUFFLE_NO_THREAD || a->tid == me->tid || a->tid >= CLOCKS ||
	       a->hi <= me->lo || me->hi <= a->lo || a->clock <= now[a->tid];
}

static void report(uintptr_t addr, const struct access *earlier, int earlier_write,
		   const struct access *later, int later_write)
{
	struct shuffle_trace_header *h = shuffle_trace;
	uint32_t n = h->n_races;
	for (uint32_t i = 0; i < n; i++)
		if (seen[i][0] == earlier->pc && seen[i][1] == later->pc)
			return;
	if (n >= SHUFFLE_MAX_RACES)
		return;
	seen[n][0] = earlier->pc;
	seen[n][1] = later->pc;
	struct shuffle_race *r = &h->races[n];
	r->addr = addr;
	const struct access *both[2] = { earlier, later };
	for (int i = 0; i < 2; i++) {
		r->tid[i] = both[i]->tid;
		r->module[i] = shuffle_sched_module((const void *)both[i]->pc, &r->offset[i]);
	}
	r->write[0] = (uint32_t)earlier_write;
	r->write[1] = (uint32_t)later_write;
	h->n_races = n + 1;
}

static void check(struct cell *c, uintptr_t granule, uintptr_t addr, uint32_t size, uint32_t tid,
		  int write, void *pc)
{
	const uint32_t *now = clock_of(tid);
	uintptr_t base = granule << GRANULE_SHIFT, end = addr + size;
	struct access me = {
		.tid = tid,
		.clock = now[tid],
		.pc = (uintptr_t)pc,
		.lo = (uint8_t)(addr > base ? addr - base : 0),
		.hi = (uint8_t)(end < base + (1u << GRANULE_SHIFT) ? end - base
								   : (1u << GRANULE_SHIFT)),
	};
	if (!ordered(&c->write, &me, now))
		report(addr > base ? addr : base, &c->write, 1, &me, write);
	if (write) {
		for (int r = 0; r < READERS; r++) {
			if (!ordered(&c->reads[r], &me, now))
				report(addr > base ? addr : base, &c->reads[r], 0, &me, 1);
			c->reads[r].tid = SHUFFLE_NO_THREAD;
		}
		c->write = me;
		return;
	}
	/* The reader's own slot, else a free one, else the oldest's. */
	int slot = (int)(tid % READERS);
	for (int r = 0; r < READERS; r++)
		if (c->reads[r].tid == tid || c->reads[r].tid == SHUFFLE_NO_THREAD) {
			slot = r;
			break;
		}
	c->reads[slot] = me;
}

static int acquires(uint32_t op, uint32_t order)
{
	return op != SHUFFLE_OP_ATOMIC_STORE && order != __ATOMIC_RELAXED &&
	       order != __ATOMIC_RELEASE;
}

static int releases(uint32_t op, uint32_t order)
{
	return op != SHUFFLE_OP_ATOMIC_LOAD &&
	       (order == __ATOMIC_RELEASE || order == __ATOMIC_ACQ_REL ||
		order == __ATOMIC_SEQ_CST);
}

void shuffle_races_access(uint32_t tid, uintptr_t addr, uint32_t size, uint32_t op, uint32_t order,
			  void *pc)
{
	if (tid >= CLOCKS)
		return;
	if (op != SHUFFLE_OP_MEM_READ && op != SHUFFLE_OP_MEM_WRITE) {
		/* Atomics never race; they order what surrounds them. */
		if (acquires(op, order))
			acquire(tid, addr);
		if (releases(op, order))
			release(tid, addr);
		return;
	}
	for (uintptr_t g = first_granule(addr); g < end_granule(addr, size); g++) {
		struct cell *c = cell_of(g);
		if (c)
			check(c, g, addr, size ? size : 1, tid, op == SHUFFLE_OP_MEM_WRITE, pc);
	}
}
