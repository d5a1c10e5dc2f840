/*
 * panel: the officer's calling panel, a small SDL window beside the
 * counter's work (goiso-caller --counter N with no command).
 *
 * It shows the current ticket large with its service and priority mark,
 * how many wait for this counter's services, how many it served today, the
 * officer's name and the connection state; buttons (and keys: F1-F7, the
 * numeric keypad, a foot pedal) send NEXT, RECALL, SKIP, REQUEUE,
 * TRANSFER, PAUSE/RESUME and LOGIN. After each ticket served, the
 * citizen's rating view offers five choices for rating_seconds; the
 * choice is sent as RATE score=1..5, no choice as RATE score=none.
 *
 * The display is the source of truth: the panel shows what the display
 * says (replies, pushes, STATUS) and keeps nothing of its own.
 *
 * The panel is driven in process: panel_step() handles queued SDL events,
 * pumps the link (non-blocking, see link.h) and redraws if something
 * changed, all with the time it is given, so tests and benchmarks run the
 * real panel with SDL's dummy video driver and push events into it.
 */
#ifndef GOISO_PANEL_H
#define GOISO_PANEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "client.h"
#include "link.h"
#include "panelconf.h"

struct panel_opts {
	const char *connect;          /* "HOST:PORT", or NULL to use find */
	link_find_fn find;            /* mDNS discovery, when there is no --connect */
	void *find_ud;
	struct client_cred cred;      /* cred.counter: this counter */
	struct panelconf conf;
	const char *font;             /* NULL: Noto Sans, else DejaVu Sans */
	void (*distrust)(void *ud, const char *hostport);   /* link_opts.distrust */
	void (*trusted)(void *ud, const char *hostport);    /* link_opts.trusted */
};

struct panel;

/* Opens the window(s) (initialises SDL video and SDL_ttf). NULL with a
 * message in err. now_ms: the panel's clock (monotonic ms). */
struct panel *panel_new(const struct panel_opts *o, int64_t now_ms, char *err, size_t errlen);
void panel_free(struct panel *p);

/* Handles every queued SDL event, the link's I/O and the timers, and
 * redraws if needed. Returns the ms until it wants to run again, or -1
 * when the officer closed the window. */
int panel_step(struct panel *p, int64_t now_ms);
/* Handles one event the caller's loop took from SDL's queue. */
void panel_event(struct panel *p, const SDL_Event *ev, int64_t now_ms);

/* Draws the current state now and writes it as PNG (the rating window's
 * when rating is true). 0, or -1 with err. */
int panel_screenshot(struct panel *p, bool rating, const char *path, char *err, size_t errlen);

/* The panel's connection to the display (its descriptor for a loop). */
struct link *panel_link(struct panel *p);
/* Whether the action's button is usable now (not dimmed). */
bool panel_enabled(const struct panel *p, enum panel_action a);

/* goiso-caller with no command word among the arguments: true when argv
 * asks for the panel (--counter, an option only the panel has, or a PC
 * paired as a counter). */
bool panel_wanted(int argc, char **argv);
/* Whether name ("--rating-window") is one of the panel's options. */
bool panel_has_option(const char *name);
/* The panel program: options, the loop, exit status. */
int panel_main(int argc, char **argv);

#endif
