/* io.c - read, write, recv, send, poll, select, epoll, and the target's
 * own pipes.
 *
 * read and write are scheduling points (the object is the descriptor). For
 * pipes and socketpairs the target made itself, whether a read would block
 * is decided by the target's own threads: such a reader is not enabled
 * until data or end-of-file is there (a writer, until there is room), so a
 * pipe between two threads never hangs a run. Any other descriptor (a file,
 * a socket to a server) is used as is, in one step: the other threads wait
 * meanwhile, which keeps the run reproducible.
 */
#include "enabled.h"
#include "interpose.h"
#include "proc_state.h"
#include "scheduler.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <sys/stat.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>

#define MAX_FD 65536

/* One bit per descriptor: made by pipe/pipe2/socketpair in the target. */
static uint64_t internal[MAX_FD / 64];

static int is_internal(int fd)
{
	return fd >= 0 && fd < MAX_FD && (internal[fd / 64] >> (fd % 64) & 1);
}

static void mark(int fd, int on)
{
	if (fd < 0 || fd >= MAX_FD)
		return;
	if (on)
		internal[fd / 64] |= 1ull << (fd % 64);
	else
		internal[fd / 64] &= ~(1ull << (fd % 64));
}

static int ready(int fd, short events)
{
	if (!is_internal(fd))
		return 1;
	int flags = fcntl(fd, F_GETFL);
	if (flags >= 0 && (flags & O_NONBLOCK))
		return 1; /* it will not wait: EAGAIN is its answer */
	struct pollfd p = { .fd = fd, .events = events };
	return REAL(poll)(&p, 1, 0) > 0;
}

int shuffle_fd_readable(int fd)
{
	return ready(fd, POLLIN);
}

int shuffle_fd_writable(int fd)
{
	return ready(fd, POLLOUT);
}

int shuffle_poll_ready(uint32_t tid)
{
	const struct shuffle_thread *t = &shuffle_threads[tid];
	return REAL(poll)(t->poll_fds, t->poll_n, 0) != 0;
}

static void own(int fd)
{
	struct stat st;
	mark(fd, 1);
	if (fstat(fd, &st) == 0)
		shuffle_sched_made_fd((uint64_t)st.st_dev, (uint64_t)st.st_ino);
}

/* A pair of descriptors the target made: its own, while it is controlled. */
static int made_pair(struct shuffle_thread *me, int rc, const int fds[2])
{
	if (rc == 0 && me) {
		own(fds[0]);
		own(fds[1]);
	}
	return rc;
}

static void adopt(int fd)
{
	struct stat st;
	if (fstat(fd, &st) == 0 && shuffle_sched_made((uint64_t)st.st_dev, (uint64_t)st.st_ino))
		mark(fd, 1);
}

static void adopt_listed(const char *name, int dirfd, void *ctx)
{
	(void)ctx;
	char *end;
	long fd = strtol(name, &end, 10);
	if (!*end && fd != dirfd && fd >= 0 && fd < MAX_FD)
		adopt((int)fd);
}

/* The descriptors open, from /proc/self/fd (raw getdents64: a spawned
 * program starts here, and a thousand fstat calls on closed descriptors
 * were a good part of its start-up); all below 1024 if it cannot be read. */
void shuffle_io_adopt(void)
{
	if (!shuffle_sched_made_any())
		return;
	if (shuffle_proc_list("/proc/self/fd", adopt_listed, NULL) < 0)
		for (int fd = 0; fd < 1024; fd++)
			adopt(fd);
}

int shuffle_hook_pipe(struct shuffle_thread *me, int rc, int fds[2])
{
	return made_pair(me, rc, fds);
}

int shuffle_hook_pipe2(struct shuffle_thread *me, int rc, int fds[2], int flags)
{
	(void)flags;
	return made_pair(me, rc, fds);
}

int shuffle_hook_socketpair(struct shuffle_thread *me, int rc, int domain, int type, int protocol,
			    int fds[2])
{
	(void)domain;
	(void)type;
	(void)protocol;
	return made_pair(me, rc, fds);
}

/* A signalfd is ready when a signal it takes is pending: poll says so. */
int shuffle_hook_signalfd(struct shuffle_thread *me, int rc, int fd, const sigset_t *mask,
			  int flags)
{
	(void)fd;
	(void)mask;
	(void)flags;
	if (rc >= 0 && me)
		mark(rc, 1);
	return rc;
}

int shuffle_hook_close(struct shuffle_thread *me, int rc, int fd)
{
	/* Cleared even uncontrolled: a later descriptor with this number may
	 * be anything. */
	mark(fd, 0);
	if (me)
		shuffle_sched_unblock_all(); /* a reader may now see end-of-file */
	return rc;
}

/* A point before op on fd, again until the descriptor is ready in this
 * process: the scheduler could only guess when another process held the
 * token (runtime.h, self_blocked). */
static void point_until_ready(struct shuffle_thread *me, uint32_t op, int fd, int writing)
{
	for (;;) {
		shuffle_sched_point(me, op, (uint32_t)fd, NULL);
		if (writing ? shuffle_fd_writable(fd) : shuffle_fd_readable(fd))
			break;
		me->self_blocked = 1;
	}
	me->self_blocked = 0;
}

ssize_t shuffle_wrap_read(struct shuffle_thread *me, int fd, void *buf, size_t len)
{
	point_until_ready(me, SHUFFLE_OP_READ, fd, 0);
	return REAL(read)(fd, buf, len);
}

ssize_t shuffle_wrap_recv(struct shuffle_thread *me, int fd, void *buf, size_t len, int flags)
{
	point_until_ready(me, SHUFFLE_OP_READ, fd, 0);
	return REAL(recv)(fd, buf, len, flags);
}

ssize_t shuffle_wrap_write(struct shuffle_thread *me, int fd, const void *buf, size_t len)
{
	point_until_ready(me, SHUFFLE_OP_WRITE, fd, 1);
	return REAL(write)(fd, buf, len);
}

ssize_t shuffle_wrap_send(struct shuffle_thread *me, int fd, const void *buf, size_t len, int flags)
{
	point_until_ready(me, SHUFFLE_OP_WRITE, fd, 1);
	return REAL(send)(fd, buf, len, flags);
}

/* A connected Unix socket whose other end belongs to a process of the
 * schedule is the target's own, like a socketpair: its reads wait for the
 * target's threads rather than block in the kernel. */
static int mark_if_peer_ours(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof cred;
	if (fd < 0 || getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.pid <= 0)
		return fd;
	for (uint32_t tid = 0; tid < shuffle_trace->n_threads; tid++)
		if (shuffle_trace->threads[tid].pid == (uint32_t)cred.pid) {
			mark(fd, 1);
			break;
		}
	return fd;
}

int shuffle_hook_connect(struct shuffle_thread *me, int rc, int fd, const struct sockaddr *addr,
			 socklen_t len)
{
	(void)addr;
	(void)len;
	if (rc == 0 && me)
		mark_if_peer_ours(fd);
	return rc;
}

int shuffle_wrap_accept(struct shuffle_thread *me, int fd, struct sockaddr *addr, socklen_t *len)
{
	shuffle_sched_point(me, SHUFFLE_OP_ACCEPT, (uint32_t)fd, NULL);
	return mark_if_peer_ours(REAL(accept)(fd, addr, len));
}

int shuffle_wrap_accept4(struct shuffle_thread *me, int fd, struct sockaddr *addr, socklen_t *len,
			 int flags)
{
	shuffle_sched_point(me, SHUFFLE_OP_ACCEPT, (uint32_t)fd, NULL);
	return mark_if_peer_ours(REAL(accept4)(fd, addr, len, flags));
}

/* Stop until one of pfds is ready, or, with a timeout, until nothing else
 * can run (virtual time). The caller then asks the kernel with a zero
 * timeout. */
static void wait_ready(struct shuffle_thread *me, struct pollfd *pfds, nfds_t n, int timeout_ms)
{
	me->poll_fds = pfds;
	me->poll_n = n;
	me->poll_timeout = timeout_ms;
	if (timeout_ms >= 0)
		shuffle_sched_wake_at(me, shuffle_sched_now() + (uint64_t)timeout_ms * 1000000);
	for (;;) {
		shuffle_sched_point(me, SHUFFLE_OP_IO_WAIT, n ? (uint32_t)pfds[0].fd : 0, NULL);
		if (timeout_ms >= 0) {
			if (timeout_ms > 0)
				shuffle_sched_timed_out(me, !shuffle_poll_ready(me->tid));
			break;
		}
		if (shuffle_poll_ready(me->tid))
			break;
		me->self_blocked = 1;
	}
	me->self_blocked = 0;
	me->poll_fds = NULL;
}

int shuffle_wrap_poll(struct shuffle_thread *me, struct pollfd *fds, nfds_t n, int timeout)
{
	int all_internal = 1;
	for (nfds_t i = 0; all_internal && i < n; i++)
		all_internal = fds[i].fd < 0 || is_internal(fds[i].fd);
	if (!all_internal)
		return REAL(poll)(fds, n, timeout);
	wait_ready(me, fds, n, timeout);
	return REAL(poll)(fds, n, 0);
}

int shuffle_wrap_select(struct shuffle_thread *me, int nfds, fd_set *r, fd_set *w, fd_set *e,
			struct timeval *tv)
{
	if (nfds < 0 || nfds > FD_SETSIZE)
		return REAL(select)(nfds, r, w, e, tv);
	struct pollfd pfds[FD_SETSIZE];
	nfds_t n = 0;
	for (int fd = 0; fd < nfds; fd++) {
		short events = (short)((r && FD_ISSET(fd, r) ? POLLIN : 0) |
				       (w && FD_ISSET(fd, w) ? POLLOUT : 0) |
				       (e && FD_ISSET(fd, e) ? POLLPRI : 0));
		if (!events)
			continue;
		if (!is_internal(fd))
			return REAL(select)(nfds, r, w, e, tv);
		pfds[n++] = (struct pollfd){ .fd = fd, .events = events };
	}
	int timeout_ms = tv ? (int)(tv->tv_sec * 1000 + tv->tv_usec / 1000) : -1;
	wait_ready(me, pfds, n, timeout_ms);
	struct timeval zero = { 0, 0 };
	return REAL(select)(nfds, r, w, e, &zero);
}

/* An epoll set is the target's own while it watches only the target's own
 * descriptors: then it is ready exactly when its descriptor polls readable. */
int shuffle_hook_epoll_create1(struct shuffle_thread *me, int fd, int flags)
{
	(void)flags;
	if (fd >= 0 && me)
		mark(fd, 1);
	return fd;
}

int shuffle_hook_epoll_ctl(struct shuffle_thread *me, int rc, int epfd, int op, int fd,
			   struct epoll_event *ev)
{
	(void)me;
	(void)ev;
	if (rc == 0 && op == EPOLL_CTL_ADD && !is_internal(fd))
		mark(epfd, 0);
	return rc;
}

int shuffle_wrap_epoll_wait(struct shuffle_thread *me, int epfd, struct epoll_event *events,
			    int max, int timeout)
{
	if (!is_internal(epfd))
		return REAL(epoll_wait)(epfd, events, max, timeout);
	struct pollfd p = { .fd = epfd, .events = POLLIN };
	wait_ready(me, &p, 1, timeout);
	return REAL(epoll_wait)(epfd, events, max, 0);
}
