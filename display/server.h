/*
 * server: the display daemon's front: the command table, request ids,
 * pushed events, over its connections (conn.h; who may hold one:
 * roster.h) and sockets (listener.h).
 *
 * Requests are parsed and decided as they arrive; accepted events are
 * appended to the store inside the turn's transaction. server_flush(),
 * called once at the end of each loop turn, commits that transaction and
 * only then sends the replies and pushes: a reply OK means it is on disk.
 */
#ifndef GOISO_SERVER_H
#define GOISO_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct loop;
struct engine;
struct engine_event;
struct store;
struct server;

/* Called after an accepted event is committed (once per event, in order).
 * The board and the voice subscribe here. */
typedef void (*server_event_fn)(void *ud, const struct engine *e,
                                const struct engine_event *ev);

struct keyring;
struct pairing;
struct replycache;
struct calendar;

struct server_opts {
	const char *listen;            /* "ADDR:PORT"; port 0 picks one */
	struct replycache *replies;    /* today's first replies, replayed (replay.h); the caller's */
	int max_clients;               /* 0: default 1024 */
	struct pairing *pairing;       /* answers PAIR before AUTH; NULL: off */
	const char *local;             /* path of the local socket (admin, clear lines); NULL: none */
	struct calendar *calendar;     /* the service day; NULL: the wall clock's */
};

/* Serves e, today's state already replayed from st into e and o->replies
 * (replay.h): listens on o->listen (and o->local). Returns NULL with a
 * message in err when it cannot. */
struct server *server_new(struct loop *l, struct engine *e, struct store *st,
                          struct keyring *kr, const struct server_opts *o,
                          char *err, size_t errlen);
void server_free(struct server *s);
void server_on_event(struct server *s, server_event_fn fn, void *ud);
/* The address actually bound, as "ADDR:PORT". */
const char *server_address(const struct server *s);
int server_port(const struct server *s);
/* The families its listening socket answers (sock_family()). */
int server_family(const struct server *s);
/* Bound to a loopback address: no other PC reaches it. */
bool server_loopback(const struct server *s);
/* The interface of the one address it is bound to; 0: every address. */
unsigned server_interface(const struct server *s);
int server_nclients(const struct server *s);
/* The kiosks that are not well ("Máy lấy số 1: máy in hết giấy  ·  …"),
 * "" when all are, for the board's warning corner. */
void server_device_warning(const struct server *s, char *buf, size_t n);
/* The follower boards seen and now gone ("Màn hình phụ 2 mất kết nối",
 * followers.h) but for those revoked since, "" when none is. */
void server_follower_warning(const struct server *s, int64_t wall_ms, char *buf, size_t n);
/* End of turn: commit the pending events, then send replies and pushes.
 * When the log cannot be written (a full disk) nothing of the turn is
 * acknowledged: today is rebuilt from the log and changes are refused
 * with ERR disk_full while the store is failing (store.h). Returns 0, or
 * -1 when even reading the log back failed (the daemon must stop). */
int server_flush(struct server *s);
/* Starts a new service day when the calendar (calendar.h) moved into one:
 * never back, never on a clock step. */
void server_check_day(struct server *s, int64_t wall_ms);

#endif
