/*
 * feed: a viewer's one connection to the display (caller/link.h, as a
 * viewer), and what comes through it: the web gateway's and a follower
 * board's.
 *
 * Once authenticated it subscribes and asks the day's STATUS, RECENT and
 * every counter's STATUS, which rebuild the wall (wall.h); pushes keep it
 * current, a counter's change is followed by that counter's STATUS (for
 * what the push does not carry), and the owner's own requests (the web's
 * ticket pages: TICKET) go through the hooks. Requests wait in a bounded
 * queue so the viewer never has more than FEED_IN_FLIGHT of them at the
 * display: whatever its users do, the display sees a trickle from one
 * viewer.
 *
 * The link reconnects by itself; while it is down the owner says so and
 * nothing else changes. After a reconnect the wall is rebuilt from the
 * replies: feed_synced() tells when all of them came back, so a board
 * can keep its last picture until then.
 *
 * The credential is the viewer key in a file. When the display refuses it
 * (revoked, or replaced by a new pairing) the feed reads the file again
 * every FEED_KEY_CHECK_MS and starts a new link at once with a new key
 * found there (goiso-display pair --viewer, or join, no restart); it makes
 * its link again every FEED_REFUSED_RETRY_MS with the key it has, as the
 * display may have its keys back. The owner only shows a notice while
 * feed_key_refused().
 */
#ifndef GOISO_FEED_H
#define GOISO_FEED_H

#include <stdbool.h>
#include <stdint.h>

#include "client.h"
#include "link.h"

struct config;
struct wall;
struct wall_call;
struct feed;

#define FEED_IN_FLIGHT 12
#define FEED_KEY_CHECK_MS 2000
#define FEED_REFUSED_RETRY_MS 30000

/* The owner's part; every member may be NULL. */
struct feed_hooks {
	/* The wall changed, or the link came up (requests may be refreshed). */
	void (*changed)(void *ud);
	/* A request of the owner's that is due now: writes its token, true. */
	bool (*next_due)(void *ud, int64_t mono_ms, char *token);
	/* Its reply (or a made-up ERR busy when it could not be sent). */
	void (*reply)(void *ud, const char *token, const struct proto_msg *m, int64_t mono_ms);
	/* A CALLED push, after the wall took it. */
	void (*called)(void *ud, const struct wall_call *c, int priority, bool recall);
	void *ud;
};

struct feed_opts {
	const char *connect;            /* "HOST:PORT", or NULL: find, else read addr_file */
	const char *addr_file;          /* <data>/display.addr, written by the display */
	link_find_fn find;              /* where the display is (mDNS), or NULL */
	void *find_ud;
	void (*distrust)(void *ud, const char *hostport);
	void (*trusted)(void *ud, const char *hostport);   /* link_opts.trusted */
	const char *keyfile;            /* the viewer key (auth_read_keyfile) */
	/* Given each key read from keyfile before a link uses it: sets
	 * cred->counter (0 for the web's key, N for follower board N, from its
	 * pairing) and readies the owner's find for it. */
	void (*keyed)(void *ud, struct client_cred *cred);
	void *keyed_ud;
	const char *log_name;           /* "goiso-web": the log's lines say who */
};

/* cfg and w must outlive the feed. NULL with err when the key file
 * cannot be read (or memory is short). */
struct feed *feed_new(const struct feed_opts *o, const struct config *cfg, struct wall *w,
                      const struct feed_hooks *hooks, char *err, size_t errlen);
void feed_free(struct feed *f);
/* Does the I/O possible now; returns the ms it wants to sleep at most. */
int feed_pump(struct feed *f, int64_t mono_ms, int64_t wall_ms);
int feed_fd(const struct feed *f);
short feed_poll_events(const struct feed *f);
bool feed_up(const struct feed *f);
/* Up, and every reply asked for at the (re)connect came back (the
 * STATUS asked after a push later does not make it false again). */
bool feed_synced(const struct feed *f);
/* True once since the last call when the wall changed (publish it). */
bool feed_take_dirty(struct feed *f);
/* Why the link is down ("" when up), for the log. */
const char *feed_reason(const struct feed *f);
/* From the display's refusal of the key itself (revoked or replaced,
 * link_key_refused) until a key is accepted and the wall is whole again
 * (feed_synced): the last queue known must not pass for the current one. */
bool feed_key_refused(const struct feed *f);
/* The id of the key the link uses now. */
const char *feed_key_id(const struct feed *f);

#endif
