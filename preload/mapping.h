/* mapping.h - where an address's memory comes from, as every process that
 * maps it can tell: the file (or shared anonymous memory) and the offset.
 *
 * A process-shared object is the same object to processes that may map it
 * at different addresses (sem_open, shm_open, a file) or at the same address
 * over different memory (two unrelated private mappings): only the backing
 * file and offset name it for all of them.
 */
#ifndef SHUFFLE_MAPPING_H
#define SHUFFLE_MAPPING_H

#include <stdint.h>

struct shuffle_file_pos {
	uint64_t dev, ino, offset;
};

/* 1 and *pos when addr lies in a shared mapping of this process (MAP_SHARED
 * of a file, of shared memory, of anonymous memory shared with forked
 * children), else 0: private memory, or it cannot tell. Reads
 * /proc/self/maps with raw system calls and a buffer on the stack: no
 * malloc, but not cheap: once per object, never on a hot path. */
int shuffle_mapping_of(const void *addr, struct shuffle_file_pos *pos);

#endif
