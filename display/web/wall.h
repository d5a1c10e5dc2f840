/*
 * wall: the web gateway's copy of what the wall board shows (pure C).
 *
 * It is fed the display's own lines - the replies to STATUS (of the day
 * and of each counter) and RECENT, then the pushes CALLED, COUNTER,
 * WAITING and DAY - and writes the board as one JSON object for the
 * browsers. Names (center, counters, services) come from the center's
 * configuration, the same file the display reads. Nothing here is a
 * second source of truth: after a reconnect wall_reset() forgets the
 * state and the replies rebuild it.
 *
 * Officers' names are kept only when the configuration allows them on
 * public pages ([web] officer_names = yes); otherwise they never enter
 * the JSON.
 */
#ifndef GOISO_WALL_H
#define GOISO_WALL_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "config.h"
#include "proto.h"

#define WALL_RECENT 8

/* What a push changed (bits). */
enum {
	WALL_CHANGED = 1,       /* the JSON is different */
	WALL_CALLED = 2,        /* a new call: wall_last_call() */
	WALL_COUNTER = 4,       /* a counter changed in a way the push does not
	                           tell in full: ask its STATUS (officer, priority) */
	WALL_NEW_DAY = 8        /* numbers restart: ask everything again */
};

struct wall_call {
	char label[12];
	int counter;
	int64_t at_ms;
};

struct wall;

/* cfg must outlive the wall. */
struct wall *wall_new(const struct config *cfg, bool officer_names);
void wall_free(struct wall *w);
/* Forgets the state (the link to the display was lost). */
void wall_reset(struct wall *w);

/* Replies. Each returns the WALL_* bits (0 when the line was not one). */
int wall_day_status(struct wall *w, const struct proto_msg *m);
int wall_counter_status(struct wall *w, const struct proto_msg *m);
int wall_recent(struct wall *w, const struct proto_msg *m);
/* A push ("* CALLED …"); wall_ms stamps a call. *counter is set to the
 * counter concerned for WALL_COUNTER. */
int wall_push(struct wall *w, const struct proto_msg *m, int64_t wall_ms, int *counter);

/* The newest call (NULL before any); seq grows with each CALLED push. */
const struct wall_call *wall_last_call(const struct wall *w, uint64_t *seq);
/* True when label/counter is among the recent calls (its sound may be served). */
bool wall_is_recent(const struct wall *w, const char *label, int counter);
/* Today's service day as the display said it (0 before the first STATUS). */
int64_t wall_day(const struct wall *w);

/* The board as JSON: {"center","now","up","day","counters":[…],
 * "services":[…],"recent":[…],"call":{…}|null}. up: the link to the
 * display is ready (pages show a warning when it is not). */
void wall_json(const struct wall *w, struct buf *out, int64_t now_ms, bool up);

#endif
