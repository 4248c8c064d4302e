/* io.c - read and write are scheduling points (the object is the file
 * descriptor). A read that would block on data another target thread has yet
 * to write still blocks for real here: the run then ends by timeout. */
#include "export.h"
#include "real.h"
#include "sched.h"

SHUFFLE_EXPORT ssize_t read(int fd, void *buf, size_t len)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_point(me, SHUFFLE_OP_READ, (uint32_t)fd, NULL);
	return REAL(read)(fd, buf, len);
}

SHUFFLE_EXPORT ssize_t write(int fd, const void *buf, size_t len)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_point(me, SHUFFLE_OP_WRITE, (uint32_t)fd, NULL);
	return REAL(write)(fd, buf, len);
}
