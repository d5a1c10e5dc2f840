/*
 * link: the counter panel's connection to the display, as a non-blocking
 * state machine driven from the panel's loop.
 *
 *   looking ──► connecting ──► (greeting, AUTH, proof) ──► ready
 *      ▲                                                     │
 *      └──────────── down (reason, back-off) ◄───────────────┘
 *
 * Nothing in here waits: link_pump() does whatever I/O the sockets allow
 * right now (connect, read, write, timers) and returns. Host names that
 * are not numeric are resolved with getaddrinfo_a(), so even a slow DNS
 * never holds the panel's drawing.
 *
 * Where the display is comes from a fixed "HOST:PORT" (--connect) or from
 * a find callback asked again before each attempt, so mDNS discovery plugs
 * in without changing this module.
 *
 * Requests carry an id chosen here ("<8 hex>-<n>"). A request marked
 * `retry` that is still unanswered when the link drops is sent again with
 * the SAME id once the link is back, before anything else: the display
 * answers a repeated id with its first reply, so a retried NEXT never
 * calls a second citizen. Requests are refused (-1) while the link is not
 * ready: nothing is queued silently.
 *
 * The display is pinged when the link has been quiet, so a display PC that
 * lost power (no FIN, no RST) is noticed within a few seconds.
 */
#ifndef GOISO_LINK_H
#define GOISO_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client.h"
#include "proto.h"

enum link_state {
	LINK_LOOKING,      /* waiting for an address (discovery, DNS) */
	LINK_CONNECTING,   /* TCP connect and authentication under way */
	LINK_READY,        /* authenticated: requests may be sent */
	LINK_DOWN          /* lost or refused; link_reason() says why; retrying */
};

/* Asked for the display's address; must not block. Returns 1 with
 * "HOST:PORT" in hostport, 0 while still looking, -1 when it cannot (why
 * says, for the officer, in Vietnamese, in both cases). */
typedef int (*link_find_fn)(void *ud, char *hostport, size_t n, char *why, size_t whylen);

struct link_cb {
	/* Authenticated (again): the place to subscribe and refresh. */
	void (*ready)(void *ud);
	/* The reply to a request sent with tag (OK or ERR). */
	void (*reply)(void *ud, int tag, const struct proto_msg *m);
	/* A pushed event ("* CALLED ..."). */
	void (*push)(void *ud, const struct proto_msg *m);
	/* The state or its reason changed. */
	void (*changed)(void *ud);
	void *ud;
};

struct link_opts {
	const char *connect;        /* "HOST:PORT", or NULL to use find */
	link_find_fn find;
	void *find_ud;
	struct client_cred cred;
	int connect_timeout_ms;     /* 0: 3000 */
	int reply_timeout_ms;       /* a request (or ping) unanswered this long drops the link; 0: 5000 */
	int ping_idle_ms;           /* 0: 4000 */
	/* Told (with find_ud) when the display found at hostport refused the
	 * key or could not prove it holds it: the next find should skip it
	 * (an mDNS announcement proves nothing). May be NULL. */
	void (*distrust)(void *ud, const char *hostport);
	/* Told (with find_ud) when the display found at hostport proved it
	 * holds the key: the place to keep its address for when discovery
	 * gives nothing (pair_save_address). May be NULL. */
	void (*trusted)(void *ud, const char *hostport);
};

struct link;

/* A new link in LINK_LOOKING; the first attempt happens in link_pump(). */
struct link *link_new(const struct link_opts *o, const struct link_cb *cb);
void link_free(struct link *l);

/* Does the I/O possible now and fires callbacks. Returns the ms after which
 * it wants to be pumped again even if its socket stays quiet (>= 0). */
int link_pump(struct link *l, int64_t now_ms);

/* The socket and the poll events to wait for (-1 when none), for a loop
 * that sleeps until something happens. */
int link_fd(const struct link *l);
short link_poll_events(const struct link *l);

/* Sends "<id> body" now. tag comes back with the reply. Returns 0, or -1
 * when the link is not ready or LINK_MAX_PENDING requests are unanswered. */
#define LINK_MAX_PENDING 16
int link_request(struct link *l, const char *body, int tag, bool retry, int64_t now_ms);

enum link_state link_state(const struct link *l);
const char *link_reason(const struct link *l);  /* "" when ready */
const char *link_peer(const struct link *l);    /* "HOST:PORT" being used, or "" */
const char *link_center(const struct link *l);  /* the center's name, once ready */
/* The display's last answer to the key was a refusal of the key itself
 * (auth_failed: unknown or wrong, i.e. revoked or replaced; forbidden: not
 * given for this role or number), not a busy display nor a lost network;
 * false again once a display accepts it. Retrying will not help: the
 * device needs pairing again. */
bool link_key_refused(const struct link *l);
/* Unanswered requests marked retry (sent, or waiting to be re-sent). */
int link_retrying(const struct link *l);

/* Drops the connection now (as if the network failed), for tests. */
void link_drop(struct link *l, const char *reason, int64_t now_ms);

/* Monotonic time in ns at which the last request line was handed to the
 * kernel (for the key-to-wire benchmark). */
int64_t link_last_send_ns(const struct link *l);

#endif
