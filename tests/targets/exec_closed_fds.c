/* exec_closed_fds.c - closes every descriptor above 2 with a raw
 * close_range (the runtime's shared memory and trace among them), then
 * execs itself: the new image cannot join the schedule. Without the tool it
 * just execs itself once and exits 0.
 *
 *     exec_closed_fds
 */
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	(void)argc;
	if (argv[1])
		return 0;
	syscall(SYS_close_range, 3, ~0u, 0);
	char *again[] = { argv[0], "again", NULL };
	execv("/proc/self/exe", again);
	return 1;
}
