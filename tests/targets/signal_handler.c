/* signal_handler.c - a SIGALRM handler that locks a mutex. Thread A (which
 * blocks SIGALRM) adds 1 to a counter under the mutex, then sends SIGALRM
 * to the process; main waits for it in pause(), and the handler, in main,
 * adds 1 under the same mutex. Prints "count=2" and exits 0. The handler
 * is main's own code, not a thread of its own: nothing runs uncontrolled.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int count;
static volatile sig_atomic_t handled;

static void on_alarm(int sig)
{
	(void)sig;
	pthread_mutex_lock(&m);
	count++;
	pthread_mutex_unlock(&m);
	handled = 1;
}

static void *sender(void *arg)
{
	(void)arg;
	sigset_t alarm;
	sigemptyset(&alarm);
	sigaddset(&alarm, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &alarm, NULL);
	pthread_mutex_lock(&m);
	count++;
	pthread_mutex_unlock(&m);
	kill(getpid(), SIGALRM);
	return NULL;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	pthread_t a;
	pthread_create(&a, NULL, sender, NULL);
	while (!handled)
		pause();
	pthread_join(a, NULL);
	printf("count=%d\n", count);
	return count == 2 ? 0 : 1;
}
