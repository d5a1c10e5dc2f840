/*
 * conn: one client connection of the display daemon. It owns what belongs
 * to the connection alone: the bytes in and out, lines cut from them (an
 * over-long line answered once and skipped), the greeting, AUTH (the role
 * and counter proven once, kept parsed) and PAIR before it. Every request
 * after AUTH goes to the server's command table through conn_ctx.request.
 *
 * Replies are held until the server has committed the turn's events
 * (conn_release), so nothing is acknowledged before it is on disk; pushes
 * go out directly behind them.
 */
#ifndef GOISO_CONN_H
#define GOISO_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "buf.h"
#include "proto.h"

struct loop;
struct engine;
struct keyring;
struct pairing;
struct conn;

/* The roles a credential may hold; a command lists the roles it allows as
 * a mask of them. */
enum role {
	ROLE_NONE = 0, ROLE_ADMIN = 1, ROLE_COUNTER = 2, ROLE_KIOSK = 4, ROLE_VIEWER = 8,
	ROLE_ANY = ROLE_ADMIN | ROLE_COUNTER | ROLE_KIOSK | ROLE_VIEWER
};
/* "admin", "counter", "kiosk", "viewer"; ROLE_NONE for anything else. */
enum role role_parse(const char *name);
const char *role_name(enum role r);

/* What every connection of one server shares. */
struct conn_ctx {
	struct loop *loop;
	struct engine *e;          /* the counters that exist, the center's name */
	struct keyring *keys;      /* the credentials AUTH accepts */
	struct pairing *pairing;   /* answers PAIR before AUTH; NULL: off */
	/* One request of an authenticated connection. */
	void (*request)(void *ud, struct conn *c, const struct proto_msg *m);
	/* c is about to be freed: forget it. */
	void (*gone)(void *ud, struct conn *c);
	void *ud;
};

/* Read by the server; written by conn.c, but for `subscribed` (SUB),
 * `device` (DEVICE) and `next` (the server's list). */
struct conn {
	int fd;
	const struct conn_ctx *ctx;
	char in[PROTO_LINE_MAX + 1];
	size_t nin;
	bool discarding;           /* inside an over-long line */
	struct buf held, out;
	char nonce[AUTH_NONCE_HEX + 1];
	bool authed, subscribed, closing;
	bool device;               /* reported a DEVICE state: offline when it leaves */
	bool limited;              /* a counter or kiosk key (not the site key): acts are rate-limited */
	char principal[64];        /* "<cred id>/<role>/<counter>": whose request ids */
	char cred_id[AUTH_ID_MAX + 1];
	enum role role;
	int counter;               /* the counter it acts for (0: none) */
	int64_t accepted_ms;
	struct conn *next;
};

/* Takes fd (non-blocking), greets and watches it on ctx->loop. NULL when
 * out of memory (fd is closed). */
struct conn *conn_new(int fd, const struct conn_ctx *ctx);
/* Tells ctx->gone, stops watching, closes and frees. */
void conn_free(struct conn *c);

/* A reply, held until conn_release(). */
void conn_reply(struct conn *c, const char *line);
void conn_reply_err(struct conn *c, const char *id, const char *code, const char *msg);
/* Closes the connection once its replies are sent. */
void conn_close_after_reply(struct conn *c);
/* The turn was not written: its held replies are dropped and the
 * connection closes once its output is sent. false when it held none. */
bool conn_drop_replies(struct conn *c);
/* The held replies go out (after the turn's commit). */
void conn_release(struct conn *c);
/* A pushed line, behind what is already out. */
void conn_push(struct conn *c, const char *line, size_t len);
/* Sends what it can. 0, or -1 when the connection is over and was freed. */
int conn_write(struct conn *c);

#endif
