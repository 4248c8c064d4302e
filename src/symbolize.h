/* symbolize.h - a code address (module, offset) as "function at file:line",
 * with addr2line from binutils when it is there. */
#ifndef SHUFFLE_SYMBOLIZE_H
#define SHUFFLE_SYMBOLIZE_H

#include <stddef.h>
#include <stdint.h>

/* Writes "func (file.c:12)" or, lacking debug information, "module+0x1234"
 * into out. `offset` is a return address: the call is just before it. */
void shuffle_symbolize(const char *module, uint64_t offset, char *out, size_t size);

#endif
