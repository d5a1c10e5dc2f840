/*
 * walcheck: is a SQLite WAL file whole, before SQLite reads it?
 *
 * SQLite replays a WAL up to its first frame whose checksum fails and
 * takes that frame for the end of the log: after a flipped bit in the
 * middle, every later commit is dropped in silence (and the numbers they
 * gave would be given again). A torn write at the very end (a power cut
 * during a commit that was never acknowledged) looks the same, so the
 * difference is made by what follows: a damaged frame followed by frames
 * of the same WAL generation that are sound (each checked against the
 * checksum its predecessor stored) is damage, not an end.
 */
#ifndef GOISO_WALCHECK_H
#define GOISO_WALCHECK_H

#include <stddef.h>

/* 0 when the WAL at path is missing, empty or whole (a torn tail is
 * whole); -1 with err saying which frame is damaged and how many sound
 * frames follow it; -2 when it cannot be read (err). */
int walcheck_file(const char *path, char *err, size_t errlen);

#endif
