/*
 * roster: the connections the daemon holds (conn.h), and who may hold
 * one. Memory and descriptors are bounded, so a crowd of kiosks, viewers
 * or strangers never locks a counter out:
 *
 * - counters and the site key keep `reserved` slots that kiosk and viewer
 *   connections never take;
 * - one credential holds at most a few connections (the site key: no
 *   cap), its longest idle one making room for a new one;
 * - when every slot is taken, a newcomer evicts the oldest stranger, else
 *   the longest idle kiosk or viewer, before anyone is told "busy";
 * - a connection not authenticated within 10 s is closed, and so is one
 *   whose credential was revoked (the keys file changed);
 * - what clients have not read yet is capped per connection and in all:
 *   the slowest readers are dropped first.
 */
#ifndef GOISO_ROSTER_H
#define GOISO_ROSTER_H

#include <stdbool.h>
#include <stddef.h>

#include "conn.h"

struct roster;

struct roster_opts {
	struct loop *loop;
	const struct engine *e;      /* its config's counters size the reserve */
	struct keyring *keys;
	struct pairing *pairing;     /* answers PAIR before AUTH; NULL: off */
	int max_clients;             /* at most this many at once */
	/* One request of an authenticated connection (the command table). */
	void (*request)(void *ud, struct conn *c, const struct proto_msg *m);
	/* c is about to be freed, already off the roster. */
	void (*gone)(void *ud, struct conn *c);
	void *ud;
};

/* NULL when out of memory. */
struct roster *roster_new(const struct roster_opts *o);
/* Closes every connection (each one told to o->gone). NULL is a no-op. */
void roster_free(struct roster *r);
/* A new connection (a listener_fn, listener.h, with ud the roster). */
void roster_accept(void *ud, int fd, bool local, const char *peer);

/* The connections, in no particular order: follow ->next. */
struct conn *roster_first(const struct roster *r);
int roster_count(const struct roster *r);
int roster_max(const struct roster *r);

/* A line for every subscribed connection not closing: held with its
 * replies (roster_hold), or out at once (roster_push; not to a connection
 * already past its cap). */
void roster_hold(struct roster *r, const char *line);
void roster_push(struct roster *r, const char *line, size_t len);
/* The held replies of every connection go out (after the turn's commit). */
void roster_release(struct roster *r);
/* The turn was not written: every connection that waited for a reply
 * has them dropped and closes (conn_drop_replies). Returns how many. */
int roster_drop_replies(struct roster *r);
/* Sends what each connection has to send, then drops the readers over
 * the caps. */
void roster_write(struct roster *r);

#endif
