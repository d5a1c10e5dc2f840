/*
 * follow: goiso-display --follow, a board on another PC (a second hall, a
 * floor, the entrance) that draws the main display's state.
 *
 * It is a client of the main display like the web gateway: a viewer
 * credential, the display found by mDNS (or --connect), the board's model
 * rebuilt from STATUS and RECENT and kept by pushes (feed.h), drawn by the
 * same board code as the main wall (board.h). It holds no log and writes
 * nothing (a screenshot asked with SIGUSR1 and the display's address
 * beside its key aside): it may be killed at any time.
 *
 * When mDNS gives nothing (avahi-daemon down on this PC: at once; on the
 * display's, or no answer: after 2 s), the display is looked for where
 * this board last reached it: the address `join` kept beside the key and
 * each link that came up since keeps up to date (pair.h, the counters'
 * own). The display must still prove it holds the key there.
 *
 * When the link drops the last picture stays, marked "MẤT KẾT NỐI", and the
 * link comes back by itself. Until the display has answered every
 * question of the reconnect the old picture stays; then the board shows
 * the current state with its newest call settled: a call made while the
 * link was down is never flashed nor said as new. Only CALLED pushes
 * received live are.
 *
 * When the display refuses the key itself (revoked, or replaced by a new
 * pairing), retrying cannot help and the old picture would pass for the
 * queue: the board shows how to pair again instead of it, and the log says
 * so once. The key file is read again every few seconds, so a new `join`
 * is taken without a restart; the old key is tried again now and then.
 *
 * Its zone and voice come from the [display] section of its own copy of
 * the center's file (counters/services, voice = on|off).
 */
#ifndef GOISO_FOLLOW_H
#define GOISO_FOLLOW_H

#include <signal.h>
#include <stdbool.h>

struct config;

struct follow_opts {
	const char *connect;         /* "HOST:PORT", or NULL: mDNS */
	const char *key;             /* the viewer credential; NULL: pair_default_follower_keyfile() */
	const char *site;            /* which display (name or id) when several answer */
	const char *audio;           /* --audio; NULL: pulse, or null when headless */
	const char *data;            /* where SIGUSR1 writes screenshot.png */
	bool headless;               /* no window unless win_w; no sound unless --audio */
	int win_w, win_h;            /* 0: full screen */
	int counter;                 /* --counter N: a counter-top display of counter N */
	volatile sig_atomic_t *stop, *snapshot;   /* set by the signal handlers */
};

/* goiso-display join CODE [--follower N] [--key FILE] [--site S]
 * [--connect HOST:PORT] (argv[0] is "join"): receives a viewer key from
 * the main display, which printed CODE with `goiso-display pair
 * --follower N`, into follower.key (pair.h). Returns the exit status. */
int follow_join(int argc, char **argv);

/* Runs until *stop or the window closes; returns the exit status (0, or
 * 2 for a bad key or option, 1 when the board cannot open). */
int follow_run(const struct follow_opts *o, const struct config *cfg);

#endif
