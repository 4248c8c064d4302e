/* alarm_flag.c - a SIGALRM handler sets a flag while the program sleeps,
 * waits or spins; a second thread takes a mutex meanwhile, so that runs
 * have schedules to explore. Prints the same natively on an idle machine
 * and in every run (margins of 0.2 s or more around each alarm).
 *   alarm_flag sleep    alarm(2), five 0.7 s sleeps each printing the flag:
 *                       "0 flag=0" "1 flag=0" "2 flag=1" "3 flag=1" "4 flag=1"
 *   alarm_flag pause    alarm(1), pause(): "woke flag=1"
 *   alarm_flag yield    alarm(1), sched_yield() until the flag: "spun flag=1"
 *   alarm_flag itimer   setitimer every 1 s, 0.4 s sleeps until 3 alarms:
 *                       "sleeps=8 alarms=3", and getitimer says it is set
 * Exit 0; with a second argument "fail", exit 3 (for schedule files).
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2; i++) {
		pthread_mutex_lock(&m);
		counter++;
		pthread_mutex_unlock(&m);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *mode = argc >= 2 ? argv[1] : "";
	int fail = argc == 3 && !strcmp(argv[2], "fail");
	struct sigaction sa = { .sa_handler = on_alarm };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	pthread_t t;
	pthread_create(&t, NULL, worker, NULL);
	if (!strcmp(mode, "sleep")) {
		alarm(2);
		for (int i = 0; i < 5; i++) {
			usleep(700000);
			printf("%d flag=%d\n", i, alarms > 0);
		}
	} else if (!strcmp(mode, "pause")) {
		alarm(1);
		pause();
		printf("woke flag=%d\n", alarms > 0);
	} else if (!strcmp(mode, "yield")) {
		alarm(1);
		while (!alarms)
			sched_yield();
		printf("spun flag=%d\n", alarms > 0);
	} else if (!strcmp(mode, "itimer")) {
		struct itimerval every = { { 1, 0 }, { 1, 0 } }, left;
		setitimer(ITIMER_REAL, &every, NULL);
		int sleeps = 0;
		while (alarms < 3) {
			usleep(400000);
			sleeps++;
		}
		getitimer(ITIMER_REAL, &left);
		printf("sleeps=%d alarms=%d set=%d\n", sleeps, (int)alarms,
		       left.it_interval.tv_sec == 1 && (left.it_value.tv_sec || left.it_value.tv_usec));
		every = (struct itimerval){ { 0, 0 }, { 0, 0 } };
		setitimer(ITIMER_REAL, &every, NULL);
	} else {
		fprintf(stderr, "usage: alarm_flag sleep|pause|yield|itimer [fail]\n");
		return 2;
	}
	pthread_join(t, NULL);
	return counter == 2 ? (fail ? 3 : 0) : 1;
}
