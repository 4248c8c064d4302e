/* interrupt.c - see interrupt.h. */
#include "interrupt.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t caught;
static int wake[2] = { -1, -1 };

static void on_signal(int sig)
{
	int saved = errno;
	if (!caught)
		caught = sig;
	(void)!write(wake[1], "", 1);
	errno = saved;
}

int shuffle_interrupt_install(void)
{
	if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0)
		return -1;
	/* No SA_RESTART: a blocking call of the driver returns EINTR. */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old;
		/* An ignored signal stays ignored (nohup, a background job). */
		if (sigaction(sigs[i], NULL, &old) != 0 ||
		    (old.sa_handler != SIG_IGN && sigaction(sigs[i], &sa, NULL) != 0))
			return -1;
	}
	return 0;
}

int shuffle_interrupted(void)
{
	return caught;
}

int shuffle_interrupt_fd(void)
{
	return wake[0];
}
