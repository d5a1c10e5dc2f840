/*
 * followers: which follower boards the main display has seen, and which
 * of them are gone (pure C), for the wall's warning corner.
 *
 * A follower board (goiso-display --follow, --counter) connects as a
 * viewer with its own number (goiso-display pair --follower N); the web
 * gateway's viewer key (number 0) is not one. A follower whose last
 * connection closed and that has not come back within FOLLOWERS_GRACE_MS
 * is lost: "Màn hình phụ 2 mất kết nối". It is listed until it comes back
 * or the display restarts (a follower taken away for good is forgotten
 * then, as a fresh start has never seen it), but never while no key of
 * its number is left: one revoked (goiso-display revoke --follower N)
 * was taken down on purpose.
 */
#ifndef GOISO_FOLLOWERS_H
#define GOISO_FOLLOWERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FOLLOWERS_MAX 100
#define FOLLOWERS_GRACE_MS 30000

struct followers {
	struct { int no, conns; int64_t left_ms; } f[FOLLOWERS_MAX];
	int n;
};

/* Follower no (1..99) authenticated a connection at now_ms. */
void followers_seen(struct followers *t, int no);
/* One of its connections closed. */
void followers_left(struct followers *t, int no, int64_t now_ms);
/* Does follower no still have a key (ud as given to followers_warning)? */
typedef bool (*followers_paired_fn)(void *ud, int no);
/* "Màn hình phụ 2, 5 mất kết nối", or "" when none is lost at now_ms; a
 * follower paired (when not NULL) says has no key is not named. */
void followers_warning(const struct followers *t, int64_t now_ms, followers_paired_fn paired, void *ud,
                       char *buf, size_t n);

#endif
