/* pipe_write.c - two threads write lines to stdout with write(2), each line
 * in one call. The lines are hostile to a JSON report that would embed
 * them carelessly: quotes, braces, a backslash, a tab, a control character,
 * non-ASCII text, and one line that is itself a JSON object shaped like a
 * shuffle-run summary. Always exits 0. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const lines_a[] = {
	"A1 {\"x\": \"y\"} she said \"hi\"\n",
	"A2 back\\slash\ttab \x01 caf\xc3\xa9 \\n not a newline\n",
};
static const char *const lines_b[] = {
	"{\"summary\": true, \"run\": 99, \"verdict\": \"pass\"}\n",
	"B2 \" unbalanced ]}, {\"stdout\": \"\n",
};

static int write_all(int fd, const char *s)
{
	size_t left = strlen(s);
	while (left > 0) {
		ssize_t n = write(fd, s, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		left -= (size_t)n;
	}
	return 0;
}

static void *writer(void *arg)
{
	const char *const *lines = arg;
	for (int i = 0; i < 2; i++)
		if (write_all(1, lines[i]) != 0)
			return (void *)1;
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	int rc = pthread_create(&a, NULL, writer, (void *)lines_a);
	if (rc == 0)
		rc = pthread_create(&b, NULL, writer, (void *)lines_b);
	if (rc != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 2;
	}
	void *ra, *rb;
	pthread_join(a, &ra);
	pthread_join(b, &rb);
	if (ra || rb) {
		perror("write");
		return 2;
	}
	return 0;
}
