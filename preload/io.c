/* io.c - read, write, recv, send, poll, and the target's own pipes.
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
#include "export.h"
#include "real.h"
#include "scheduler.h"

#include <fcntl.h>
#include <poll.h>

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
	struct pollfd p = {.fd = fd, .events = events};
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

SHUFFLE_EXPORT int pipe(int fds[2])
{
	int rc = REAL(pipe)(fds);
	if (rc == 0 && shuffle_controlled()) {
		mark(fds[0], 1);
		mark(fds[1], 1);
	}
	return rc;
}

SHUFFLE_EXPORT int pipe2(int fds[2], int flags)
{
	int rc = REAL(pipe2)(fds, flags);
	if (rc == 0 && shuffle_controlled()) {
		mark(fds[0], 1);
		mark(fds[1], 1);
	}
	return rc;
}

SHUFFLE_EXPORT int socketpair(int domain, int type, int protocol, int fds[2])
{
	int rc = REAL(socketpair)(domain, type, protocol, fds);
	if (rc == 0 && shuffle_controlled()) {
		mark(fds[0], 1);
		mark(fds[1], 1);
	}
	return rc;
}

SHUFFLE_EXPORT int close(int fd)
{
	/* Cleared even uncontrolled: a later descriptor with this number may
	 * be anything. */
	mark(fd, 0);
	return REAL(close)(fd);
}

SHUFFLE_EXPORT ssize_t read(int fd, void *buf, size_t len)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_point(me, SHUFFLE_OP_READ, (uint32_t)fd, NULL);
	return REAL(read)(fd, buf, len);
}

SHUFFLE_EXPORT ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_point(me, SHUFFLE_OP_READ, (uint32_t)fd, NULL);
	return REAL(recv)(fd, buf, len, flags);
}

SHUFFLE_EXPORT ssize_t write(int fd, const void *buf, size_t len)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_point(me, SHUFFLE_OP_WRITE, (uint32_t)fd, NULL);
	return REAL(write)(fd, buf, len);
}

SHUFFLE_EXPORT ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_point(me, SHUFFLE_OP_WRITE, (uint32_t)fd, NULL);
	return REAL(send)(fd, buf, len, flags);
}

SHUFFLE_EXPORT int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	struct shuffle_thread *me = shuffle_controlled();
	int all_internal = me != NULL;
	for (nfds_t i = 0; all_internal && i < n; i++)
		all_internal = fds[i].fd < 0 || is_internal(fds[i].fd);
	if (!all_internal)
		return REAL(poll)(fds, n, timeout);
	me->poll_fds = fds;
	me->poll_n = n;
	me->poll_timeout = timeout;
	if (timeout > 0) {
		struct timespec rel = {timeout / 1000, (long)(timeout % 1000) * 1000000};
		shuffle_sched_wake_at(me, shuffle_sched_now() + (uint64_t)rel.tv_sec * 1000000000 +
						  (uint64_t)rel.tv_nsec);
	}
	shuffle_sched_point(me, SHUFFLE_OP_IO_WAIT, n ? (uint32_t)fds[0].fd : 0, NULL);
	me->poll_fds = NULL;
	return REAL(poll)(fds, n, 0);
}
