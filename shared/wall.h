/*
 * wall: what the wall board shows, as one plain model (pure C).
 *
 * The board draws from it (frame.h), wherever it came from:
 *  - on the main display, wall_from_engine() copies it from the engine;
 *  - on a follower board and in the web gateway, it is fed the display's
 *    own lines - the replies to STATUS (of the day and of each counter)
 *    and RECENT, then the pushes CALLED, COUNTER, WAITING and DAY.
 * Names (center, counters, services) come from the center's
 * configuration, the same file the display reads. Nothing here is a
 * second source of truth: after a reconnect wall_reset() forgets the
 * state and the replies rebuild it.
 *
 * Officers' names are kept only when the owner allows them on public
 * screens (the web's [web] officer_names = yes); otherwise they never
 * enter the model.
 */
#ifndef GOISO_WALL_H
#define GOISO_WALL_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "proto.h"

#define WALL_RECENT 8

struct engine;
struct zone;

/* What a line changed (bits). */
enum {
	WALL_CHANGED = 1,       /* the model is different */
	WALL_CALLED = 2,        /* a new call: wall_last_call() */
	WALL_COUNTER = 4,       /* a counter changed in a way the push does not
	                           tell in full: ask its STATUS (officer, priority,
	                           served) */
	WALL_NEW_DAY = 8        /* numbers restart: ask everything again */
};

/* Same values as the engine's counter_state. */
enum wall_state { WALL_CLOSED, WALL_OPEN, WALL_SERVING, WALL_PAUSED };

struct wall_tile {
	enum wall_state state;
	char ticket[12];         /* "" none */
	int priority;            /* 0 none, else group index + 1 (ngroups + 1: a group
	                            this configuration does not know) */
	char reason[64];
	char officer[64];
	int served;              /* tickets served today */
};

struct wall_call {
	char label[12];
	int counter;
	int64_t at_ms;
};

/* Counter tiles are in the configuration's order (cfg->counters). */
struct wall {
	const struct config *cfg;
	bool officer_names;
	struct wall_tile tile[CONFIG_MAX_COUNTERS];
	int waiting[CONFIG_MAX_SERVICES];
	struct wall_call recent[WALL_RECENT];   /* newest first */
	int nrecent;
	struct wall_call call;                  /* the newest CALLED push */
	bool call_recall;
	int call_priority;                      /* as wall_tile.priority */
	uint64_t call_seq;                      /* CALLED pushes so far */
	int64_t day;
};

/* cfg must outlive the wall. */
struct wall *wall_new(const struct config *cfg, bool officer_names);
void wall_free(struct wall *w);
/* Forgets the state (the link to the display was lost). */
void wall_reset(struct wall *w);
/* Forgets the newest call as well: the owner can no longer vouch for any
 * of it (the display refused its key), so once the link is back no call
 * of before may pass for the newest. */
void wall_forget(struct wall *w);

/* The engine's state now (the main display); recent calls only of zone z
 * (NULL: all). Leaves call and call_seq. */
void wall_from_engine(struct wall *w, const struct engine *e, const struct zone *z);

/* Replies. Each returns the WALL_* bits (0 when the line was not one). */
int wall_day_status(struct wall *w, const struct proto_msg *m);
int wall_counter_status(struct wall *w, const struct proto_msg *m);
int wall_recent(struct wall *w, const struct proto_msg *m);
/* A push ("* CALLED …"); a call is stamped with its at= key when the
 * display sent one, else wall_ms. *counter is set to the counter
 * concerned for WALL_COUNTER. */
int wall_push(struct wall *w, const struct proto_msg *m, int64_t wall_ms, int *counter);

/* The newest call (NULL before any); seq grows with each CALLED push. */
const struct wall_call *wall_last_call(const struct wall *w, uint64_t *seq);
/* True when label/counter is among the recent calls (its sound may be served). */
bool wall_is_recent(const struct wall *w, const char *label, int counter);
/* Today's service day as the display said it (0 before the first STATUS). */
int64_t wall_day(const struct wall *w);
/* The tile of counter no, NULL when the configuration has none. */
const struct wall_tile *wall_tile_of(const struct wall *w, int no);
/* "closed", "open", "serving", "paused". */
const char *wall_state_name(enum wall_state s);
/* The priority value of a group code ("none" and NULL: 0). */
int wall_priority_of(const struct config *cfg, const char *code);

#endif
