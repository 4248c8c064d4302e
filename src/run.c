/* run.c - see run.h. */
#include "run.h"

#include "guardian.h"
#include "interrupt.h"
#include "proto.h"
#include "strays.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CAPTURE_LIMIT (4u << 20)

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* In the child: set up and exec, or report errno on the CLOEXEC pipe. */
__attribute__((noreturn)) static void child(const struct shuffle_run_config *cfg, pid_t driver,
					    int plan_rd, int out_wr, int err_wr, int status_wr)
{
	setpgid(0, 0);
	/* Dies with the driver even if the guardian was killed with it (the
	 * guardian also takes the target's forked children). */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != driver)
		_exit(127);
	if (cfg->cpu >= 0) {
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(cfg->cpu, &set);
		sched_setaffinity(0, sizeof set, &set);
	}
	/* Same addresses on every run: object addresses in traces repeat. */
	personality(ADDR_NO_RANDOMIZE);
	int devnull = open("/dev/null", O_RDONLY);
	if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(out_wr, 1) < 0 || dup2(err_wr, 2) < 0 ||
	    dup2(plan_rd, SHUFFLE_PLAN_FD_NUM) < 0 || dup2(cfg->trace_fd, SHUFFLE_TRACE_FD_NUM) < 0)
		goto fail;
	int lo = SHUFFLE_PLAN_FD_NUM < SHUFFLE_TRACE_FD_NUM ? SHUFFLE_PLAN_FD_NUM
							    : SHUFFLE_TRACE_FD_NUM;
	int hi = SHUFFLE_PLAN_FD_NUM < SHUFFLE_TRACE_FD_NUM ? SHUFFLE_TRACE_FD_NUM
							    : SHUFFLE_PLAN_FD_NUM;
	for (int fd = 3; fd < lo; fd++)
		if (fd != status_wr)
			close(fd);
	for (int fd = lo + 1; fd < hi; fd++)
		if (fd != status_wr)
			close(fd);
	syscall(SYS_close_range, hi + 1, ~0u, 0);
	signal(SIGPIPE, SIG_DFL);
	execve(cfg->path, cfg->argv, cfg->envp);
fail:;
	int e = errno;
	(void)!write(status_wr, &e, sizeof e);
	_exit(127);
}

static void capture(struct shuffle_output *o, int fd, int *open_fd)
{
	char buf[65536];
	ssize_t n = read(fd, buf, sizeof buf);
	if (n <= 0) {
		if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
			close(fd);
			*open_fd = -1;
		}
		return;
	}
	size_t keep = (size_t)n;
	if (o->len + keep > CAPTURE_LIMIT)
		keep = o->len < CAPTURE_LIMIT ? CAPTURE_LIMIT - o->len : 0;
	o->dropped += (size_t)n - keep;
	if (keep) {
		char *grown = realloc(o->data, o->len + keep + 1);
		if (!grown) {
			o->dropped += keep;
			return;
		}
		o->data = grown;
		memcpy(o->data + o->len, buf, keep);
		o->len += keep;
		o->data[o->len] = '\0';
	}
}

static int read_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = '\0';
	return 0;
}

static void inspect_task(const char *dir, int ktid, struct shuffle_run_result *r)
{
	char path[400], buf[512];
	snprintf(path, sizeof path, "%s/%d/stat", dir, ktid);
	if (r->n_tasks >= SHUFFLE_MAX_TASKS || read_file(path, buf, sizeof buf) != 0)
		return;
	for (int i = 0; i < r->n_tasks; i++)
		if (r->tasks[i].ktid == ktid)
			return;
	const char *paren = strrchr(buf, ')');
	struct shuffle_task_state *t = &r->tasks[r->n_tasks++];
	t->ktid = ktid;
	t->state = paren && paren[1] == ' ' ? paren[2] : '?';
	snprintf(path, sizeof path, "%s/%d/syscall", dir, ktid);
	t->syscall = read_file(path, buf, sizeof buf) == 0 && buf[0] >= '0' && buf[0] <= '9'
			     ? strtol(buf, NULL, 10)
			     : -1;
}

/* What the target's threads are doing: running (a busy loop) or waiting,
 * and in which system call, for the report of a run that timed out. The
 * token holder first: it may be in a forked child. */
static void inspect(pid_t pid, const struct shuffle_trace_header *trace,
		    struct shuffle_run_result *r)
{
	if (trace && trace->magic == SHUFFLE_TRACE_MAGIC && trace->current < SHUFFLE_MAX_THREADS &&
	    trace->threads[trace->current].ktid)
		inspect_task("/proc", (int)trace->threads[trace->current].ktid, r);
	char dir[64];
	snprintf(dir, sizeof dir, "/proc/%d/task", (int)pid);
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			inspect_task(dir, atoi(e->d_name), r);
	closedir(d);
}

static void kill_group(pid_t pgid)
{
	kill(-pgid, SIGKILL);
}

/* Reap the target and whatever of its group the subreaper inherited. */
static void reap(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

struct watch {
	int fds[5]; /* plan write end, stdout, stderr, pidfd, interruption */
};

/* CPU time a token holder may use with no new step before it is preempted
 * as busy-waiting (preload/preempt.c), and how often that is looked at. */
#define BUSY_SLICE_NS 30000000ull
#define BUSY_TICK_MS  10

/* The token holder, as last seen: who, after how many events, and the CPU
 * time it had used then. */
struct busy_watch {
	uint64_t events, cpu_ns;
	uint32_t holder;
	int seen;
};

static int task_cpu_ns(uint32_t ktid, uint64_t *ns)
{
	char path[64], buf[128];
	snprintf(path, sizeof path, "/proc/%u/schedstat", ktid);
	if (read_file(path, buf, sizeof buf) != 0)
		return -1;
	*ns = strtoull(buf, NULL, 10);
	return 0;
}

/* Does process pid catch sig? Only then may it be sent: the holder may be
 * a process between exec and its runtime's start, or a program exec'd
 * without the runtime, for which the signal would be fatal. */
static int catches(uint32_t pid, int sig)
{
	char path[64], buf[4096];
	snprintf(path, sizeof path, "/proc/%u/status", pid);
	if (read_file(path, buf, sizeof buf) != 0)
		return 0;
	const char *line = strstr(buf, "\nSigCgt:");
	if (!line)
		return 0;
	unsigned long long caught = strtoull(line + 9, NULL, 16);
	return sig >= 1 && sig <= 64 && (caught >> (sig - 1) & 1);
}

/* A holder that keeps the CPU while the trace does not move busy-waits
 * where the runtime cannot see: send it the runtime's preempt signal. */
static void watch_busy(const struct shuffle_trace_header *h, struct busy_watch *w)
{
	if (!h || __atomic_load_n(&h->magic, __ATOMIC_ACQUIRE) != SHUFFLE_TRACE_MAGIC ||
	    !h->preempt_signal)
		return;
	uint64_t events = __atomic_load_n(&h->n_events, __ATOMIC_RELAXED), cpu;
	uint32_t holder = __atomic_load_n(&h->current, __ATOMIC_RELAXED);
	if (holder >= SHUFFLE_MAX_THREADS || !h->threads[holder].ktid ||
	    task_cpu_ns(h->threads[holder].ktid, &cpu) != 0)
		return;
	if (!w->seen || events != w->events || holder != w->holder) {
		*w = (struct busy_watch){
			.events = events, .cpu_ns = cpu, .holder = holder, .seen = 1
		};
		return;
	}
	if (cpu - w->cpu_ns >= BUSY_SLICE_NS &&
	    catches(h->threads[holder].pid, (int)h->preempt_signal)) {
		syscall(SYS_tgkill, (pid_t)h->threads[holder].pid, (pid_t)h->threads[holder].ktid,
			(int)h->preempt_signal);
		w->cpu_ns = cpu;
	}
}

int shuffle_run_once(const struct shuffle_run_config *cfg, const void *plan, size_t plan_len,
		     struct shuffle_run_result *r)
{
	memset(r, 0, sizeof *r);
	r->exit_code = -1;
	int plan_p[2], out_p[2], err_p[2], status_p[2];
	if (pipe2(plan_p, O_CLOEXEC) || pipe2(out_p, O_CLOEXEC) || pipe2(err_p, O_CLOEXEC) ||
	    pipe2(status_p, O_CLOEXEC))
		return -1;
	double start = now_s();
	pid_t driver = getpid();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		child(cfg, driver, plan_p[0], out_p[1], err_p[1], status_p[1]);
	setpgid(pid, pid); /* also here: no window where a kill misses the group */
	shuffle_guardian_watch(pid);
	close(plan_p[0]);
	close(out_p[1]);
	close(err_p[1]);
	close(status_p[1]);

	int exec_errno = 0;
	ssize_t got;
	while ((got = read(status_p[0], &exec_errno, sizeof exec_errno)) < 0 && errno == EINTR)
		;
	close(status_p[0]);
	if (got == (ssize_t)sizeof exec_errno) {
		r->exec_errno = exec_errno;
		int st;
		reap(pid, &st);
		close(plan_p[1]);
		close(out_p[0]);
		close(err_p[0]);
		shuffle_guardian_watch(0);
		return 0;
	}

	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	fcntl(plan_p[1], F_SETFL, O_NONBLOCK);
	struct watch w = { { plan_p[1], out_p[0], err_p[0], pidfd, shuffle_interrupt_fd() } };
	size_t sent = 0;
	int exited = 0, status = 0;
	double deadline = start + cfg->timeout_s;
	struct busy_watch busy = { 0 };

	while (!exited || w.fds[1] >= 0 || w.fds[2] >= 0) {
		if (shuffle_interrupted()) {
			/* Ctrl-C: the run is abandoned, not judged. */
			r->interrupted = 1;
			kill_group(pid);
			if (!exited)
				reap(pid, &status);
			break;
		}
		struct pollfd p[5];
		for (int i = 0; i < 5; i++)
			p[i] = (struct pollfd){ .fd = w.fds[i],
						.events = i == 0 ? POLLOUT : POLLIN };
		if (exited)
			p[3].fd = -1;
		double left = deadline - now_s();
		if (left <= 0) {
			/* The program, or what it left running that holds its output
			 * (a forked child), is out of time. */
			r->timed_out = 1;
			if (!exited)
				inspect(pid, cfg->trace, r);
			kill_group(pid);
			if (!exited)
				reap(pid, &status);
			break;
		}
		int ms = (int)(left * 1000) + 1;
		if ((exited || pidfd < 0) && ms > 10)
			ms = 10; /* no pidfd (old kernel): poll for the exit; or for strays */
		if (!exited && ms > BUSY_TICK_MS && cfg->trace)
			ms = BUSY_TICK_MS; /* the runtime may ask to be watched any time */
		int n = poll(p, 5, ms);
		if (n < 0 && errno != EINTR)
			break;
		if (!exited)
			watch_busy(cfg->trace, &busy);
		if (p[0].revents & (POLLOUT | POLLERR | POLLHUP)) {
			ssize_t k = write(w.fds[0], (const char *)plan + sent, plan_len - sent);
			if (k > 0)
				sent += (size_t)k;
			if (k < 0 && errno != EAGAIN && errno != EINTR)
				sent = plan_len; /* the target closed it: nothing more to send */
			if (sent == plan_len) {
				close(w.fds[0]);
				w.fds[0] = -1;
			}
		}
		if (p[1].revents)
			capture(&r->out, w.fds[1], &w.fds[1]);
		if (p[2].revents)
			capture(&r->err, w.fds[2], &w.fds[2]);
		if (!exited && ((p[3].revents & POLLIN) ||
				(pidfd < 0 && waitpid(pid, &status, WNOHANG) == pid))) {
			if (pidfd >= 0)
				reap(pid, &status);
			exited = 1;
			/* The run goes on until everything that holds its output
			 * (its forked children) is done too. */
		}
		int controlled;
		if (exited && (w.fds[1] >= 0 || w.fds[2] >= 0) &&
		    shuffle_strays_count(shuffle_guardian_pid(), &controlled) > 0 && !controlled)
			/* No process under the runtime is left: what holds the output
			 * (a daemon, a program exec'd without LD_PRELOAD) is no part of
			 * the schedule. */
			r->strays += shuffle_strays_kill(shuffle_guardian_pid(), 0);
	}
	kill_group(pid); /* whatever it left behind */
	/* Reaped to the last: a member's children come back to this subreaper
	 * before it can be reaped, so what is left outside the group (setsid,
	 * a double fork) is among the driver's children then. */
	while (waitpid(-pid, NULL, 0) > 0 || errno == EINTR)
		;
	if (shuffle_strays_possible(shuffle_guardian_pid()))
		r->strays += shuffle_strays_kill(shuffle_guardian_pid(), pid);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	shuffle_guardian_watch(0);
	for (int i = 0; i < 4; i++)
		if (w.fds[i] >= 0)
			close(w.fds[i]);
	r->elapsed_s = now_s() - start;
	if (!r->timed_out) {
		if (WIFEXITED(status))
			r->exit_code = WEXITSTATUS(status);
		else if (WIFSIGNALED(status))
			r->signal = WTERMSIG(status);
	}
	return 0;
}

void shuffle_run_result_free(struct shuffle_run_result *r)
{
	free(r->out.data);
	free(r->err.data);
	memset(r, 0, sizeof *r);
}
