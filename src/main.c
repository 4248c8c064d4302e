/* main.c - shuffle-run: options, checks on the program, then one exploration.
 * Every setup problem is one line on stderr and exit status 2. */
#include "elf_check.h"
#include "errline.h"
#include "explore.h"
#include "failures.h"
#include "guardian.h"
#include "interrupt.h"
#include "options.h"
#include "schedule.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <unistd.h>

/* The runtime: $SHUFFLE_PRELOAD, else the build tree beside this binary
 * (src/shuffle-run -> preload/.libs/libshuffle.so), else the install dir. */
static int find_preload(char *out, size_t size)
{
	const char *env = getenv("SHUFFLE_PRELOAD");
	if (env && *env) {
		snprintf(out, size, "%s", env);
		return access(out, R_OK);
	}
	char self[PATH_MAX], candidate[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			snprintf(candidate, sizeof candidate, "%s/../preload/.libs/libshuffle.so",
				 self);
			char *real = realpath(candidate, NULL);
			if (real) {
				snprintf(out, size, "%s", real);
				free(real);
				return 0;
			}
		}
	}
	snprintf(out, size, "%s/libshuffle.so", SHUFFLE_PKGLIBDIR);
	return access(out, R_OK);
}

static uint64_t draw_seed(void)
{
	uint64_t seed = 0;
	if (getrandom(&seed, sizeof seed, 0) != (ssize_t)sizeof seed)
		seed = (uint64_t)getpid();
	return seed % 1000000000ull; /* short enough to type back */
}

int main(int argc, char **argv)
{
	struct shuffle_options opt;
	int parsed = shuffle_options_parse(argc, argv, &opt);
	if (parsed == SHUFFLE_OPTIONS_EXIT_OK)
		return 0;
	if (parsed != SHUFFLE_OPTIONS_RUN)
		return 2;

	struct shuffle_schedule replay;
	memset(&replay, 0, sizeof replay);
	char err[2 * PATH_MAX + 512]; /* two paths and the words around them */
	if (opt.replay && shuffle_schedule_read(opt.replay, &replay, err, sizeof err) != 0) {
		shuffle_error("%s: %s", opt.replay, err);
		return 2;
	}

	/* With --replay and no PROGRAM, the schedule names it. */
	char **program = opt.program;
	int n_program = opt.n_program;
	char **from_file = NULL;
	if (opt.replay && n_program == 0) {
		from_file = calloc(replay.n_args + 2, sizeof *from_file);
		if (!from_file) {
			fprintf(stderr, "shuffle-run: out of memory\n");
			return 2;
		}
		from_file[0] = replay.program;
		for (size_t i = 0; i < replay.n_args; i++)
			from_file[i + 1] = replay.args[i];
		program = from_file;
		n_program = (int)replay.n_args + 1;
	}

	char path[PATH_MAX], preload[PATH_MAX];
	int status = 2;
	if (shuffle_check_program(program[0], path, sizeof path, err, sizeof err) != 0) {
		shuffle_error("%s", err);
	} else if (!opt.replay &&
		   shuffle_failures_dir_check(opt.failures_dir, err, sizeof err) != 0) {
		shuffle_error("%s", err);
	} else if (find_preload(preload, sizeof preload) != 0) {
		fprintf(stderr,
			"shuffle-run: cannot find the runtime library (looked for %s; set "
			"SHUFFLE_PRELOAD)\n",
			preload);
	} else {
		/* Orphans of a run come back to us, to be reaped; a closed pipe to
		 * a dead run must not kill the driver. */
		prctl(PR_SET_CHILD_SUBREAPER, 1);
		signal(SIGPIPE, SIG_IGN);
		if (shuffle_interrupt_install() != 0 || shuffle_guardian_start() != 0) {
			fprintf(stderr, "shuffle-run: cannot set up: %s\n", strerror(errno));
			goto done;
		}
		struct shuffle_explore_config cfg = {
			.opt = &opt,
			.path = path,
			.argv = program,
			.argc = n_program,
			.preload = preload,
			.replay = opt.replay ? &replay : NULL,
			.seed = opt.replay	 ? replay.seed
				: opt.seed_given ? opt.seed
						 : draw_seed(),
		};
		status = shuffle_explore(&cfg);
		shuffle_guardian_stop();
	}
done:
	free(from_file);
	if (opt.replay)
		shuffle_schedule_free(&replay);
	return status;
}
