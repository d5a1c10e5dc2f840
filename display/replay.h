/*
 * replay: today's state rebuilt from the event log (store.h), at start and
 * after a turn that could not be written. Each of the day's events is
 * applied to the engine again and each logged reply put back in the reply
 * cache, so a request retried across a restart is answered with its first
 * reply and changes nothing.
 */
#ifndef GOISO_REPLAY_H
#define GOISO_REPLAY_H

#include <stddef.h>

#include "engine.h"

struct store;
struct replycache;

/* Replays the engine's day (e holds that day, empty) from st into e and
 * rc. Events that no longer fit the configuration are skipped (and
 * counted in the daemon's log); the tickets after them keep their
 * identity. The number of events read, or -1 with a message in err when
 * the log cannot be read. */
int replay_today(struct store *st, struct engine *e, struct replycache *rc,
                 char *err, size_t errlen);

/* What a request id is remembered for in the reply cache ("NEXT
 * counter=2"): the verb and the counter it acts on (0 for ISSUE and
 * VOID), as the logged event has them, so a live request and its replay
 * name it alike. */
void replay_what(char *out, size_t n, enum engine_verb verb, int counter);

#endif
