/*
 * store: the durable event log in SQLite (WAL, synchronous=FULL).
 *
 * Every accepted change is one row of `events`; rows are never deleted.
 * Appends made during a loop turn share one transaction (store_append opens
 * it, store_commit ends it), so a busy turn pays one fsync, not one each.
 * Today's state is the replay of today's rows; the rows also keep the
 * request's principal, id and reply, so a retried request gets its first
 * answer back even after a restart.
 *
 * Schema version 1 (table meta, key 'schema'):
 *   events(seq INTEGER PRIMARY KEY, day, at_ms, verb, counter, ticket,
 *          finished, service, number, priority, score, text,
 *          label, officer, principal, req, reply)
 * service and priority are stored by code, so a reordered config replays.
 * An ISSUE row's text is the ticket's token (the key of its web page), so
 * a replayed day finds its tickets by token as before the restart.
 */
#ifndef GOISO_STORE_H
#define GOISO_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct engine;
struct engine_event;
struct config;
struct store;

/* Opens the log at path. A missing or empty file is made a new log only
 * when create is true (the first set-up, or --new-log); otherwise, and
 * for a file cut short, damaged or not a goiso log, NULL with err saying
 * which. */
struct store *store_open(const char *path, bool create, char *err, size_t errlen);
void store_close(struct store *s);

/* Appends an event already applied to e (so its ticket label exists). */
int store_append(struct store *s, const struct engine *e, const struct engine_event *ev,
                 const char *principal, const char *req, const char *reply);
/* Commits the open transaction, if any. 0 or -1 (the daemon must stop). */
int store_commit(struct store *s);
const char *store_error(const struct store *s);

typedef void (*store_replay_fn)(void *ud, const struct engine_event *ev,
                                const char *principal, const char *req, const char *reply);
/* Calls fn for each event of day, in order. Returns the count, or -1. */
int store_replay(struct store *s, int64_t day, const struct config *cfg,
                 store_replay_fn fn, void *ud);

#endif
