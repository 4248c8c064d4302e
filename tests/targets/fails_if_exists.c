/* fails_if_exists.c - exits 1 ("failing") while FILE exists, else 0: a
 * failure that goes away (as after a fix) without a change to the program.
 *
 *     fails_if_exists FILE
 */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	int failing = access(argv[1], F_OK) == 0;
	puts(failing ? "failing" : "fine");
	return failing;
}
