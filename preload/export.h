/* export.h - the symbols the runtime interposes must stay visible; the rest
 * of the library is built with -fvisibility=hidden. */
#ifndef SHUFFLE_EXPORT_H
#define SHUFFLE_EXPORT_H
#define SHUFFLE_EXPORT __attribute__((visibility("default")))
#endif
