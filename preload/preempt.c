/* preempt.c - a thread that busy-waits on memory the runtime cannot see
 * (a loop in code not built with shuffle-cc, with no scheduling point)
 * would hold the token until --timeout: the thread it waits for never runs.
 *
 * The driver watches the token holder (run.c): when it has used a slice of
 * CPU time with no new step, it sends it preempt_signal. If another thread
 * could run, the handler makes the interrupted loop a polite point
 * (BUSY_WAIT, which gives way like a yield) and counts it, so the report can say the program
 * busy-waits where the tool cannot see. It acts only when the thread was interrupted in the
 * program's own code: in the C library it might hold one of its locks, which
 * the next thread would then wait for with the token.
 */
#include "memory.h"

#include "scheduler.h"

#include <errno.h>
#include <link.h>
#include <signal.h>
#include <ucontext.h>

#define MAX_TEXT 8

static struct {
	uintptr_t lo, hi;
} text[MAX_TEXT];
static int n_text;

/* The first module listed is the program itself. */
static int program_text(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	for (int i = 0; i < info->dlpi_phnum && n_text < MAX_TEXT; i++) {
		const ElfW(Phdr) *p = &info->dlpi_phdr[i];
		if (p->p_type == PT_LOAD && (p->p_flags & PF_X)) {
			text[n_text].lo = info->dlpi_addr + p->p_vaddr;
			text[n_text].hi = info->dlpi_addr + p->p_vaddr + p->p_memsz;
			n_text++;
		}
	}
	return 1;
}

static int in_program(uintptr_t pc)
{
	for (int i = 0; i < n_text; i++)
		if (pc >= text[i].lo && pc < text[i].hi)
			return 1;
	return 0;
}

static void on_preempt(int sig, siginfo_t *si, void *context)
{
	(void)sig;
	const ucontext_t *uc = context;
	uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
	if (si->si_code != SI_TKILL || !in_program(pc))
		return;
	struct shuffle_thread *me = shuffle_controlled_at((void *)pc);
	/* A long computation with nobody else to run is no busy wait. */
	if (!me || me->left || shuffle_trace->current != me->tid ||
	    !shuffle_sched_others_enabled(me))
		return;
	int saved = errno;
	shuffle_trace->busy_waits++;
	shuffle_sched_wake_at(me, shuffle_sched_now());
	shuffle_sched_point(me, SHUFFLE_OP_BUSY_WAIT, 0, NULL);
	errno = saved;
}

void shuffle_preempt_start(void)
{
	dl_iterate_phdr(program_text, NULL);
	int sig = SHUFFLE_PREEMPT_SIGNAL;
	if (sig > SIGRTMAX || sig < SIGRTMIN)
		return;
	struct sigaction sa = { .sa_sigaction = on_preempt, .sa_flags = SA_SIGINFO | SA_RESTART };
	sigemptyset(&sa.sa_mask);
	if (n_text && sigaction(sig, &sa, NULL) == 0)
		shuffle_trace->preempt_signal = (uint32_t)sig;
}
