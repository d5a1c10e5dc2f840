/*
 * device: the state of the center's devices other than counters (ticket
 * kiosks and their printers), as they report it with the DEVICE verb
 * (pure C, no I/O).
 *
 * The display keeps one entry per device, with each connection that has
 * reported for it (a kiosk back on a new connection before its old one is
 * seen closed; a second process with the same key). The device's state is
 * the last one reported; when one of its connections closes it takes the
 * last state another open one reported, and only when none is left does
 * it become "offline". States are
 * not logged: they are facts of the moment, told again by each kiosk when it
 * reconnects. The board shows every device not "ok" in its warning corner,
 * and counter panels get each change pushed as
 *   * DEVICE device=kiosk-1 state=paper_out text="Máy lấy số 1: hết giấy"
 */
#ifndef GOISO_DEVICE_H
#define GOISO_DEVICE_H

#include <stdbool.h>
#include <stddef.h>

#include "proto.h"

enum device_state {
	DEVICE_OK, DEVICE_PAPER_NEAR_END, DEVICE_PAPER_OUT, DEVICE_COVER_OPEN,
	DEVICE_PRINTER_OFFLINE, DEVICE_PRINTER_ERROR, DEVICE_OFFLINE, DEVICE_STATE_COUNT_
};

#define DEVICE_MAX 64
#define DEVICE_NAME_MAX 24
#define DEVICE_CONNS_MAX 4

struct device {
	char name[DEVICE_NAME_MAX];     /* "kiosk-1" */
	int no;                         /* the kiosk's number */
	enum device_state state;
	/* its open connections that reported, the one that spoke last last;
	 * beyond DEVICE_CONNS_MAX the longest silent is forgotten */
	struct { const void *conn; enum device_state state; } by[DEVICE_CONNS_MAX];
	int nby;
};

struct device_table {
	struct device dev[DEVICE_MAX];
	int n;
};

/* Wire names ("paper_out") and Vietnamese words ("hết giấy"). */
const char *device_state_name(enum device_state s);
const char *device_state_text(enum device_state s);
int device_state_from_name(const char *name);     /* -1 when unknown */

/* Sets kiosk no's state, reported on connection owner. Returns the entry
 * when the state changed (to push), NULL when not (or the table is full). */
const struct device *device_set(struct device_table *t, int no, enum device_state s,
                                const void *owner);
/* owner's connection closed: each of its devices takes the state its
 * other open connection that spoke last reported, or goes offline when
 * none is left. Returns how many changed; the changed entries are written
 * to changed (at most max). */
int device_lost(struct device_table *t, const void *owner, const struct device **changed, int max);

/* "Máy lấy số 1: hết giấy" into buf. */
void device_describe(const struct device *d, char *buf, size_t n);
/* The board's warning: every device not ok, joined by " · " ("" if none). */
void device_warning(const struct device_table *t, char *buf, size_t n);
/* The push line for d. */
void device_push_line(struct proto_buf *pb, const struct device *d);

#endif
