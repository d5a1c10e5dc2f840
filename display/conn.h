/*
 * conn: one client connection of the display daemon. It owns what belongs
 * to the connection alone: the bytes in and out, the lines cut from them
 * (an over-long line answered once and skipped), the greeting, AUTH (the
 * role and counter proven once and kept parsed), PAIR before it, and the
 * sealed session (session.h) every line after AUTH goes through.
 *
 * Every request after AUTH goes to the command table through
 * conn_ctx.request. Replies are held until the turn's events are committed
 * (conn_release), so nothing is acknowledged before it is on disk; pushes
 * go out directly behind them (conn_push).
 */
#ifndef GOISO_CONN_H
#define GOISO_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "buf.h"
#include "notice.h"
#include "proto.h"
#include "role.h"
#include "session.h"

struct loop;
struct engine;
struct keyring;
struct pairing;
struct conn;

/* What every connection of one daemon shares. */
struct conn_ctx {
	struct loop *loop;
	const struct engine *e;    /* the counters that exist, the center's name */
	struct keyring *keys;      /* the credentials AUTH accepts */
	struct pairing *pairing;   /* answers PAIR before AUTH; NULL: off */
	/* what strangers can make the daemon log, each bounded (notice.h) */
	struct notice_limit lim_auth, lim_session;
	/* May c log in as role r with the credential cred_id, given the role
	 * `given`? Makes room for it or says no (roster.h). */
	bool (*admit)(void *ud, struct conn *c, const char *cred_id, enum role given, enum role r);
	/* One request of an authenticated connection. */
	void (*request)(void *ud, struct conn *c, const struct proto_msg *m);
	/* c is about to be freed: forget it. */
	void (*gone)(void *ud, struct conn *c);
	void *ud;
};

/* Read by the daemon; written by conn.c, but for `subscribed` (SUB),
 * `device` (DEVICE) and `next` (the daemon's list of connections). */
struct conn {
	int fd;
	struct conn_ctx *ctx;
	char in[SESSION_WIRE_MAX + 2];
	size_t nin;
	bool discarding;           /* inside an over-long line */
	struct buf held, out;      /* held: plain lines; out: as they go on the wire */
	char nonce[AUTH_NONCE_HEX + 1];
	struct session_kx kx;      /* the greeting's key pair, until AUTH */
	struct session sess;       /* after AUTH on TCP: every line sealed */
	bool local;                /* on the local socket: admin, lines in clear */
	bool authed, subscribed, closing;
	bool device;               /* reported a DEVICE state: offline when it leaves */
	bool limited;              /* a key other than the site key: acts are rate-limited */
	enum role role;            /* the role it acts as, once authenticated */
	int counter;               /* the counter it acts for (0: none) */
	char principal[64];        /* "<cred id>/<role>/<counter>": whose request ids */
	char cred_id[AUTH_ID_MAX + 1];
	char peer[64];             /* the source address ("10.0.0.7"), "local" */
	int64_t accepted_ms;
	int64_t last_request_ms;   /* for evicting the longest idle */
	struct conn *next;
};

/* Takes fd (non-blocking), greets and watches it on ctx->loop. A local
 * connection (its peer runs as the daemon's user) is the site's admin at
 * once, its lines in clear; a TCP one gets a nonce that is also its
 * session's key exchange. NULL when out of memory (fd is closed). */
struct conn *conn_new(int fd, bool local, const char *peer, struct conn_ctx *ctx);
/* Tells ctx->gone, stops watching, closes and frees. */
void conn_free(struct conn *c);

/* A reply, held until conn_release(). */
void conn_reply(struct conn *c, const char *line);
void conn_reply_err(struct conn *c, const char *id, const char *code, const char *msg);
/* Closes the connection once its replies are sent. */
void conn_close_after_reply(struct conn *c);
/* The turn was not written: its held replies are dropped and the
 * connection closes once its output is sent. false when it held none and
 * was not closing already. */
bool conn_drop_replies(struct conn *c);
/* The held replies go out (after the turn's commit). */
void conn_release(struct conn *c);
/* Lines (each ending with '\n'), behind what is already out. */
void conn_push(struct conn *c, const char *lines, size_t len);
/* Sends what it can. 0, or -1 when the connection is over and was freed. */
int conn_write(struct conn *c);

#endif
