/* pipe_threads.c - thread A sends three messages to thread B through a
 * descriptor pair the program made itself, then closes its end; B reads
 * until end of file.
 *
 *     pipe_threads [pipe]     a pipe; B blocks in read()
 *     pipe_threads select     a pipe; B waits in select(), then read()s
 *     pipe_threads epoll      a pipe; B waits in epoll_wait(), then read()s
 *     pipe_threads socketpair an AF_UNIX stream socketpair; A write()s (a
 *                             scheduling point, where send() is not), B
 *                             waits in poll(), then recv()s
 *     pipe_threads stuck      A ends without writing or closing: B blocks
 *                             in read() for ever on the pipe (its write end
 *                             still open) and main waits in join B
 *
 * B may find any number of messages in one read, or none yet (then it
 * waits: the runtime must not let it block for real while A still has to
 * write). Prints got=m1,m2,m3 and exits 0 when B received exactly
 * "m1\nm2\nm3\n"; otherwise prints what it got and exits 1.
 */
/* A fortified read() becomes __read_chk, which the runtime does not
 * intercept; this program tests read() itself. */
#undef _FORTIFY_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

enum mode { PIPE, SELECT, EPOLL, SOCKETPAIR, STUCK };

static enum mode mode;
static int fds[2]; /* [0]: B reads, [1]: A writes */
static char got[64];
static size_t got_len;
static int bad;

static void *sender(void *arg)
{
	(void)arg;
	static const char *const msgs[] = { "m1\n", "m2\n", "m3\n" };
	if (mode == STUCK)
		return NULL;
	for (int i = 0; i < 3; i++) {
		ssize_t n = write(fds[1], msgs[i], 3);
		if (n != 3)
			bad = 1;
	}
	close(fds[1]);
	return NULL;
}

static int wait_readable(int fd)
{
	if (mode == SELECT) {
		fd_set set;
		FD_ZERO(&set);
		FD_SET(fd, &set);
		return select(fd + 1, &set, NULL, NULL, NULL) == 1 && FD_ISSET(fd, &set);
	}
	if (mode == EPOLL) {
		int ep = epoll_create1(0);
		struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd }, out;
		int ok = ep >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0 &&
			 epoll_wait(ep, &out, 1, -1) == 1 && out.data.fd == fd;
		if (ep >= 0)
			close(ep);
		return ok;
	}
	if (mode == SOCKETPAIR) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		return poll(&p, 1, -1) == 1 && (p.revents & (POLLIN | POLLHUP));
	}
	return 1;
}

static void *receiver(void *arg)
{
	(void)arg;
	for (;;) {
		if (!wait_readable(fds[0])) {
			bad = 1;
			break;
		}
		ssize_t n = mode == SOCKETPAIR
				    ? recv(fds[0], got + got_len, sizeof got - 1 - got_len, 0)
				    : read(fds[0], got + got_len, sizeof got - 1 - got_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n < 0)
				bad = 1;
			break;
		}
		got_len += (size_t)n;
		if (got_len == sizeof got - 1)
			break;
	}
	got[got_len] = '\0';
	return NULL;
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "pipe";
	if (strcmp(name, "pipe") == 0) {
		mode = PIPE;
	} else if (strcmp(name, "select") == 0) {
		mode = SELECT;
	} else if (strcmp(name, "epoll") == 0) {
		mode = EPOLL;
	} else if (strcmp(name, "socketpair") == 0) {
		mode = SOCKETPAIR;
	} else if (strcmp(name, "stuck") == 0) {
		mode = STUCK;
	} else {
		fprintf(stderr, "usage: pipe_threads [pipe|select|epoll|socketpair|stuck]\n");
		return 2;
	}
	int rc = mode == SOCKETPAIR ? socketpair(AF_UNIX, SOCK_STREAM, 0, fds) : pipe(fds);
	if (rc != 0) {
		perror(mode == SOCKETPAIR ? "socketpair" : "pipe");
		return 2;
	}
	pthread_t a, b;
	rc = pthread_create(&a, NULL, sender, NULL);
	if (rc == 0)
		rc = pthread_create(&b, NULL, receiver, NULL);
	if (rc != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 2;
	}
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	/* One line: the messages, their newlines turned into commas. */
	char shown[64];
	size_t k = 0;
	for (size_t i = 0; i < got_len && k + 1 < sizeof shown; i++)
		shown[k++] = got[i] == '\n' ? (i + 1 < got_len ? ',' : '\0') : got[i];
	shown[k] = '\0';
	printf("got=%s\n", shown);
	return !bad && strcmp(got, "m1\nm2\nm3\n") == 0 ? 0 : 1;
}
