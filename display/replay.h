/*
 * replay: today's state rebuilt from the event log at start. Each of the
 * day's events is applied to the engine again, and each logged reply is
 * put back in the reply cache, so a request retried across a restart is
 * answered with its first reply and changes nothing.
 */
#ifndef GOISO_REPLAY_H
#define GOISO_REPLAY_H

#include <stddef.h>

struct store;
struct engine;
struct replycache;

/* Replays the engine's day from st into e and rc. Events that no longer
 * fit the configuration are skipped (and counted in the log); the tickets
 * after them keep their identity. The number of events read, or -1 with
 * a message in err when the log cannot be read. */
int replay_today(struct store *st, struct engine *e, struct replycache *rc,
                 char *err, size_t errlen);

#endif
