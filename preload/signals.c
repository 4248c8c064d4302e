/* signals.c - signals arrive at points.
 *
 * A handler runs in the thread that takes the signal, whenever the kernel
 * chooses: left alone, it would run while its thread is parked without the
 * token, beside the thread that holds it. So every controlled thread blocks
 * the asynchronous signals for real (HELD), and keeps the mask the program
 * asked for in me->sigmask: at each of its points, holding the token, a
 * thread lets in the pending signals its program mask allows, and their
 * handlers run there, as part of its step, their own calls scheduled like
 * any other. Signals raised by the thread's own faults (SIGSEGV, SIGPIPE...)
 * are not held: they come at once, as they must.
 *
 * kill, raise, pthread_kill and sigqueue are points; a signal sent to the
 * sender itself runs its handler before the call returns, as POSIX says.
 * sigsuspend, pause, sigwait, sigwaitinfo and sigtimedwait wait, as points,
 * until a signal they accept is pending: the kernel's pending sets are read
 * from /proc, so a thread of any process can tell. A child's SIGCHLD is
 * pending by then, since the scheduler waits for an exiting process to be
 * gone (scheduler.c).
 */
#include "signals.h"

#include "export.h"
#include "interpose.h"
#include "memory.h"
#include "scheduler.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BIT(sig) (1ull << ((sig) - 1))
/* Synchronous signals, and what cannot or must not be blocked (glibc's
 * own SIGCANCEL and SIGSETXID, 32 and 33; the driver's preemption of a
 * thread that busy-waits, memory.h). */
#define NOT_HELD                                                                                   \
	(BIT(SIGKILL) | BIT(SIGSTOP) | BIT(SIGSEGV) | BIT(SIGBUS) | BIT(SIGFPE) | BIT(SIGILL) |    \
	 BIT(SIGTRAP) | BIT(SIGSYS) | BIT(SIGPIPE) | BIT(SIGABRT) | BIT(SIGXFSZ) | BIT(32) |       \
	 BIT(33) | BIT(SHUFFLE_PREEMPT_SIGNAL))
#define HELD (~NOT_HELD)

static uint64_t bits_of(const sigset_t *set)
{
	uint64_t bits;
	memcpy(&bits, set, sizeof bits);
	return bits & ~(BIT(32) | BIT(33));
}

static void to_set(uint64_t bits, sigset_t *set)
{
	sigemptyset(set);
	memcpy(set, &bits, sizeof bits);
}

/* Raw: the real mask, 64 signals. */
static void set_real(uint64_t bits)
{
	bits &= ~BIT(SHUFFLE_PREEMPT_SIGNAL); /* even where the program blocks all */
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &bits, NULL, sizeof bits);
}

void shuffle_signals_hold(struct shuffle_thread *me)
{
	uint64_t now = 0;
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, &now, sizeof now);
	me->sigmask = now;
	set_real(now | HELD);
}

void shuffle_signals_release(struct shuffle_thread *me)
{
	set_real(me->sigmask);
}

void shuffle_signals_program_mask(const struct shuffle_thread *me, sigset_t *out)
{
	to_set(me->sigmask, out);
}

void shuffle_signals_deliver(struct shuffle_thread *me)
{
	uint64_t pending = 0;
	if (me->delivering || me->sig_wanted)
		return;
	syscall(SYS_rt_sigpending, &pending, sizeof pending);
	if (!(pending & HELD & ~me->sigmask))
		return;
	/* Handlers run between the two calls; what they change of the mask
	 * ends with them, as a handler's return restores the mask. */
	uint64_t saved = me->sigmask;
	me->delivering = 1;
	set_real(saved);
	set_real(saved | HELD);
	me->sigmask = saved;
	me->delivering = 0;
}

/* "SigPnd:\t0000000000000000" -> its bits. */
static uint64_t hex_after(const char *text, const char *key)
{
	const char *p = strstr(text, key);
	uint64_t v = 0;
	if (!p)
		return 0;
	for (p += strlen(key); *p == '\t' || *p == ' '; p++)
		;
	for (;; p++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;
		if (d < 0)
			return v;
		v = v << 4 | (uint64_t)d;
	}
}

/* Signals pending for thread tid, its own and its process's. */
static uint64_t pending_of(uint32_t tid)
{
	const struct shuffle_thread_record *r = &shuffle_trace->threads[tid];
	char path[64], buf[4096];
	snprintf(path, sizeof path, "/proc/%u/task/%u/status", r->pid, r->ktid);
	int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t got = syscall(SYS_read, fd, buf, sizeof buf - 1);
	syscall(SYS_close, fd);
	if (got <= 0)
		return 0;
	buf[got] = '\0';
	return hex_after(buf, "SigPnd:") | hex_after(buf, "ShdPnd:");
}

int shuffle_signals_awaited(uint32_t tid)
{
	uint64_t wanted = shuffle_threads[tid].sig_wanted;
	return wanted && (pending_of(tid) & wanted);
}

/* Signals a sigsuspend with this mask returns for: not blocked, and not
 * discarded on delivery (ignored, or ignored by default). */
static uint64_t interrupting(uint64_t mask)
{
	uint64_t bits = 0;
	for (int sig = 1; sig <= 64; sig++) {
		struct sigaction sa;
		if ((mask & BIT(sig)) || !(HELD & BIT(sig)) || sigaction(sig, NULL, &sa) != 0)
			continue;
		int dfl_ignored = sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
		if (sa.sa_handler == SIG_IGN || (sa.sa_handler == SIG_DFL && dfl_ignored))
			continue;
		bits |= BIT(sig);
	}
	return bits;
}

/* A point before a wait for one of `wanted`. */
static void await(struct shuffle_thread *me, uint32_t op, uint64_t wanted)
{
	me->sig_wanted = wanted ? wanted : BIT(SIGKILL); /* nothing: never */
	shuffle_sched_point(me, op, 0, NULL);
	me->sig_wanted = 0;
}

static int change_mask(struct shuffle_thread *me, int how, const sigset_t *set, sigset_t *old)
{
	uint64_t before = me->sigmask, bits = set ? bits_of(set) : 0;
	if (set && how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
		return EINVAL;
	if (old)
		to_set(before, old);
	if (!set)
		return 0;
	me->sigmask = how == SIG_BLOCK ? before | bits : how == SIG_UNBLOCK ? before & ~bits : bits;
	set_real(me->sigmask | HELD); /* the signals not held, as asked */
	shuffle_signals_deliver(me);  /* unblocked and pending: now */
	return 0;
}

int shuffle_wrap_pthread_sigmask(struct shuffle_thread *me, int how, const sigset_t *set,
				 sigset_t *old)
{
	return change_mask(me, how, set, old);
}

int shuffle_wrap_sigprocmask(struct shuffle_thread *me, int how, const sigset_t *set,
			     sigset_t *old)
{
	int rc = change_mask(me, how, set, old);
	if (rc) {
		errno = rc;
		return -1;
	}
	return 0;
}

/* The BSD calls, on the first 32 signals (dash's sigclearmask is
 * sigsetmask(0)). */
static int bsd_mask(void *call_site, int how, int mask)
{
	struct shuffle_thread *me = shuffle_controlled_at(call_site);
	sigset_t set, old;
	to_set((uint32_t)mask, &set);
	if (!me) {
		REAL(sigprocmask)(how, &set, &old);
		return (int)(uint32_t)bits_of(&old);
	}
	change_mask(me, how, &set, &old);
	return (int)(uint32_t)bits_of(&old);
}

SHUFFLE_EXPORT int sigblock(int mask)
{
	return bsd_mask(__builtin_return_address(0), SIG_BLOCK, mask);
}

SHUFFLE_EXPORT int sigsetmask(int mask)
{
	return bsd_mask(__builtin_return_address(0), SIG_SETMASK, mask);
}

SHUFFLE_EXPORT int siggetmask(void)
{
	return bsd_mask(__builtin_return_address(0), SIG_BLOCK, 0);
}

int shuffle_wrap_sigsuspend(struct shuffle_thread *me, const sigset_t *mask)
{
	await(me, SHUFFLE_OP_SIG_WAIT, interrupting(bits_of(mask)));
	return REAL(sigsuspend)(mask);
}

SHUFFLE_EXPORT int pause(void)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (!me)
		return REAL(pause)();
	sigset_t mask;
	to_set(me->sigmask, &mask);
	return shuffle_wrap_sigsuspend(me, &mask);
}

int shuffle_wrap_sigwait(struct shuffle_thread *me, const sigset_t *set, int *sig)
{
	await(me, SHUFFLE_OP_SIG_WAIT, bits_of(set));
	return REAL(sigwait)(set, sig);
}

int shuffle_wrap_sigwaitinfo(struct shuffle_thread *me, const sigset_t *set, siginfo_t *info)
{
	await(me, SHUFFLE_OP_SIG_WAIT, bits_of(set));
	return REAL(sigwaitinfo)(set, info);
}

/* A choice like a timed lock: it may time out at any decision while no
 * signal is there (virtual time then reaches its deadline), and gives way
 * when its previous one timed out too (a retry loop). */
int shuffle_wrap_sigtimedwait(struct shuffle_thread *me, const sigset_t *set, siginfo_t *info,
			      const struct timespec *timeout)
{
	if (!timeout)
		return shuffle_wrap_sigwaitinfo(me, set, info);
	uint64_t ns = (uint64_t)timeout->tv_sec * 1000000000u + (uint64_t)timeout->tv_nsec;
	shuffle_sched_wake_at(me, shuffle_sched_now() + ns);
	me->sig_wanted = bits_of(set);
	shuffle_sched_point(me, SHUFFLE_OP_SIG_TIMEDWAIT, 0, NULL);
	me->sig_wanted = 0;
	static const struct timespec zero = { 0, 0 };
	int rc = REAL(sigtimedwait)(set, info, &zero);
	shuffle_sched_timed_out(me, rc < 0 && errno == EAGAIN);
	return rc;
}

/* The senders: a point, the signal, and a signal to the sender itself
 * handled before the call returns. */
static int sent(struct shuffle_thread *me, int rc)
{
	int e = errno;
	shuffle_signals_deliver(me);
	errno = e;
	return rc;
}

int shuffle_wrap_kill(struct shuffle_thread *me, pid_t pid, int sig)
{
	shuffle_sched_point(me, SHUFFLE_OP_KILL, (uint32_t)sig, NULL);
	return sent(me, REAL(kill)(pid, sig));
}

int shuffle_wrap_killpg(struct shuffle_thread *me, pid_t group, int sig)
{
	shuffle_sched_point(me, SHUFFLE_OP_KILL, (uint32_t)sig, NULL);
	return sent(me, REAL(killpg)(group, sig));
}

int shuffle_wrap_raise(struct shuffle_thread *me, int sig)
{
	shuffle_sched_point(me, SHUFFLE_OP_KILL, (uint32_t)sig, NULL);
	return sent(me, REAL(raise)(sig));
}

int shuffle_wrap_pthread_kill(struct shuffle_thread *me, pthread_t thread, int sig)
{
	shuffle_sched_point(me, SHUFFLE_OP_KILL, (uint32_t)sig, NULL);
	return sent(me, REAL(pthread_kill)(thread, sig));
}

int shuffle_wrap_sigqueue(struct shuffle_thread *me, pid_t pid, int sig, const union sigval value)
{
	shuffle_sched_point(me, SHUFFLE_OP_KILL, (uint32_t)sig, NULL);
	return sent(me, REAL(sigqueue)(pid, sig, value));
}
