/*
 * feed: the gateway's one connection to the display (caller/link.h, as a
 * viewer), and what comes through it.
 *
 * Once authenticated it subscribes and asks the day's STATUS, RECENT and
 * every counter's STATUS, which rebuild the wall (wall.h); pushes keep it
 * current, a counter's change is followed by that counter's STATUS (for
 * what the push does not carry), and ticket pages are refreshed with
 * TICKET (tickets.h). Requests wait in a bounded queue so the gateway
 * never has more than FEED_IN_FLIGHT of them at the display: whatever the
 * browsers do, the display sees a trickle from one viewer.
 *
 * The link reconnects by itself; while it is down the wall says so
 * (wall_json's "up") and nothing else changes.
 */
#ifndef GOISO_FEED_H
#define GOISO_FEED_H

#include <stdbool.h>
#include <stdint.h>

#include "client.h"

struct config;
struct wall;
struct tickets;
struct feed;

#define FEED_IN_FLIGHT 12

struct feed_opts {
	const char *connect;            /* "HOST:PORT", or NULL: read addr_file */
	const char *addr_file;          /* <data>/display.addr, written by the display */
	struct client_cred cred;
};

/* cfg, w and t must outlive the feed. */
struct feed *feed_new(const struct feed_opts *o, const struct config *cfg, struct wall *w,
                      struct tickets *t);
void feed_free(struct feed *f);
/* Does the I/O possible now; returns the ms it wants to sleep at most. */
int feed_pump(struct feed *f, int64_t mono_ms, int64_t wall_ms);
int feed_fd(const struct feed *f);
short feed_poll_events(const struct feed *f);
bool feed_up(const struct feed *f);
/* True once since the last call when the wall changed (publish it). */
bool feed_take_dirty(struct feed *f);
/* Why the link is down ("" when up), for the log. */
const char *feed_reason(const struct feed *f);

#endif
