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
};

/* What the window shows (the rating may be in its own window). */
enum panel_view {
	PV_MAIN, PV_TRANSFER, PV_REQUEUE, PV_PAUSE, PV_LOGIN, PV_RATING
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

/* For tests and benchmarks. */
struct link *panel_link(struct panel *p);
enum panel_view panel_view(const struct panel *p);
/* The status line's kiosk warning ("Máy lấy số 1: máy in hết giấy"),
 * "" when every kiosk is well. */
const char *panel_footer(const struct panel *p);
/* The message line ("Mời số A023...", errors). */
const char *panel_message(const struct panel *p);
/* The ticket the counter serves now ("" none), as the display said. */
const char *panel_ticket(const struct panel *p);
/* Where to click: the centre of an action's button, of item i of the open
 * picker or of rating choice i (0 = "Rất hài lòng"). false when not shown. */
bool panel_button_at(const struct panel *p, enum panel_action a, int *x, int *y);
bool panel_item_at(const struct panel *p, int i, int *x, int *y);
/* The window events should be sent to (the rating window when asked and
 * there is one). */
Uint32 panel_window_id(const struct panel *p, bool rating);
/* Whether the action's button is usable now (not dimmed). */
bool panel_enabled(const struct panel *p, enum panel_action a);
/* Milliseconds the last redraw took (drawing, not presenting). */
double panel_last_draw_ms(const struct panel *p);
/* Frames drawn so far. */
unsigned long panel_frames(const struct panel *p);

/* goiso-caller with --counter and no command: true when argv asks for the
 * panel (no command word among the arguments). */
bool panel_wanted(int argc, char **argv);
/* The panel program: options, the loop, exit status. */
int panel_main(int argc, char **argv);

#endif
