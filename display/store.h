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
 * Schema version 1 (table meta(key, value): 'schema' = 1; 'day_hold' =
 * "<day> <until_ms>" while a service day is held after a clock step):
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
/* Commits the open transaction, if any. 0, or -1: nothing of it is on
 * disk (it was rolled back) and the store is failing. */
int store_commit(struct store *s);
/* Drops the open transaction. */
void store_rollback(struct store *s);
/* True after a write failed (a full disk, an I/O error): the caller
 * refuses changes until store_try_resume() says the log takes them again.
 * Reading (replay, STATUS) goes on. A start on a disk too full to fold
 * the WAL in is failing from the start. */
bool store_failing(const struct store *s);
/* While failing, at most once a second: 1 when the disk has room again
 * and a probe write was committed (the store is no longer failing), else 0. */
int store_try_resume(struct store *s, int64_t now_ms);
const char *store_error(const struct store *s);
/* The settings SQLite reports for this log, read back from it, as
 * "journal_mode=wal synchronous=full" (what the guides promise). 0 or -1. */
int store_durability(struct store *s, char *buf, size_t n);

typedef void (*store_replay_fn)(void *ud, const struct engine_event *ev,
                                const char *principal, const char *req, const char *reply);
/* Calls fn for each event of day, in order. Returns the count, or -1. */
int store_replay(struct store *s, int64_t day, const struct config *cfg,
                 store_replay_fn fn, void *ud);

/* The latest service day the log holds (0 when none). */
int64_t store_last_day(struct store *s);
/* Small values kept with the log in its meta table (a held service day):
 * written in the open transaction if there is one, else at once. "" when
 * the key is absent. 0 or -1. */
int store_get_meta(struct store *s, const char *key, char *out, size_t len);
int store_set_meta(struct store *s, const char *key, const char *value);

#endif
