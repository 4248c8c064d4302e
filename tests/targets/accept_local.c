/* accept_local.c - a server thread accepts a connection a client thread of
 * the same program makes over a Unix socket, then reads its message.
 * Prints "got=hello" and exits 0. Natively the two threads race: the accept
 * may start before or after the connect. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static struct sockaddr_un where;

static void *client(void *arg)
{
	(void)arg;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&where, sizeof where) != 0) {
		perror("client");
		return NULL;
	}
	if (write(fd, "hello", 5) != 5)
		perror("write");
	close(fd);
	return NULL;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "accept_local.sock";
	where.sun_family = AF_UNIX;
	snprintf(where.sun_path, sizeof where.sun_path, "%s", path);
	unlink(path);
	int server = socket(AF_UNIX, SOCK_STREAM, 0);
	if (server < 0 || bind(server, (struct sockaddr *)&where, sizeof where) != 0 ||
	    listen(server, 1) != 0) {
		perror("server");
		return 2;
	}
	pthread_t t;
	if (pthread_create(&t, NULL, client, NULL) != 0)
		return 2;
	int conn = accept4(server, NULL, NULL, SOCK_CLOEXEC);
	if (conn < 0) {
		perror("accept4");
		return 2;
	}
	char buf[16] = { 0 };
	size_t got = 0;
	ssize_t n;
	while (got < sizeof buf - 1 && (n = read(conn, buf + got, sizeof buf - 1 - got)) > 0)
		got += (size_t)n;
	pthread_join(t, NULL);
	unlink(path);
	printf("got=%s\n", buf);
	return strcmp(buf, "hello") != 0;
}
