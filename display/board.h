/*
 * board: the wall display's window. It owns the SDL window and renderer,
 * the fonts and the queue of calls waiting for their moment in the banner,
 * and redraws only when something visible changed: a committed event, the
 * clock's second, a flash phase, the ticker, a resize.
 *
 * It runs on the daemon's one loop: the server reports each committed event
 * through board_on_event(); after each loop turn the daemon calls
 * board_pump(), whose return value bounds the loop's next poll timeout.
 *
 * Config, section [display]:
 *   font = Noto Sans          # family (fontconfig) or a .ttf/.otf file
 *   flash_seconds = 8         # how long a new call flashes in the banner
 *   ticker = Đường dây nóng: 0225 3 123 456   # scrolling text; empty: none
 *   counters = 7-12           # a zone: these counters only (zone.h), or
 *   services = A, B           # the counters serving these services
 *   voice = on                # off: this board says nothing (a follower's
 *                             # second screen in the same hall)
 *
 * Environment: GOISO_FRAME_LOG=FILE appends "<monotonic µs> <calls>" for
 * each frame presented (calls: NEXT/RECALL events seen), for benchmarks.
 */
#ifndef GOISO_BOARD_H
#define GOISO_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zone.h"

struct config;
struct engine;
struct engine_event;
struct layout;
struct wall;
struct board;

struct board_opts {
	int width, height;      /* window size; 0 x 0: full screen */
	const char *font;       /* NULL: Noto Sans, else DejaVu Sans */
	int flash_ms;
	const char *ticker;     /* NULL or "": no ticker */
	bool software;          /* SDL's software renderer (always with "dummy") */
	struct zone zone;       /* what the board shows, when zoned */
	bool zoned;             /* false: the whole center */
	bool voice;             /* [display] voice (board_config; default on) */
	int counter;            /* not 0: the counter-top display of this counter
	                           (countertop.h); set zone to it alone */
};

/* Fills o from cfg's [display] section (defaults for missing keys), the
 * zone included; window size is left as it was. Returns 0, or -1 with
 * "file:line: ..." in err. */
int board_config(const struct config *cfg, struct board_opts *o, char *err, size_t errlen);

/* Opens the window (SDL video is initialised here). NULL with err on failure. */
struct board *board_new(const struct board_opts *o, char *err, size_t errlen);
void board_free(struct board *b);

/* A server_event_fn: ud is the board. Marks the board dirty; a call
 * (NEXT that called someone, RECALL) of the zone joins the banner's queue. */
void board_on_event(void *ud, const struct engine *e, const struct engine_event *ev);
/* A call told by the display (a follower): joins the banner's queue when
 * counter is in the zone (true), else only marks the board dirty. */
bool board_call(struct board *b, const struct config *cfg, const char *label, int counter,
                int priority);
/* Is counter in the board's zone? */
bool board_in_zone(struct board *b, const struct config *cfg, int counter);
/* A follower's link is down: the last picture stays, marked "MẤT KẾT NỐI". */
void board_set_lost(struct board *b, bool lost);
/* Lines ('\n') shown in place of the queue, the first as a heading; NULL
 * or "" none. While they show no number is drawn: a follower whose key
 * was refused has none that can be trusted. */
void board_set_notice(struct board *b, const char *text);
/* The model changed: draw again at the next pump. */
void board_touch(struct board *b);
/* The model was rebuilt (a follower reconnected): the banner forgets its
 * queue and shows the model's newest call, settled (never as new). */
void board_resync(struct board *b);
/* Shows a discreet warning when sound or the network listener is missing. */
void board_set_status(struct board *b, bool sound_ok, bool listener_ok);
/* Shows a fault of the record in the warning corner, before the others
 * (a clock step, a full disk); NULL or "" clears it. */
void board_set_alarm(struct board *b, const char *text);
/* The kiosks' warning (server_device_warning), "" when all are well. */
void board_set_devices(struct board *b, const char *text);

/* Handles window events, redraws and presents if needed. Returns the ms
 * until it needs calling again, or -1 when the window was closed. */
int board_pump(struct board *b, const struct engine *e, int64_t wall_ms, int64_t mono_ms);
/* The same from a model (a follower). A model whose day changed starts
 * the banner again on its newest call, settled. */
int board_pump_wall(struct board *b, const struct wall *m, int64_t wall_ms, int64_t mono_ms);

/* The next frame presented is also written to path as PNG. */
void board_snapshot(struct board *b, const char *path);
/* Draws one frame now (of the engine's state at wall_ms, banner settled on
 * the newest call) and writes it to path. 0, or -1 with err. */
int board_screenshot(struct board *b, const struct engine *e, int64_t wall_ms,
                     const char *path, char *err, size_t errlen);
int board_screenshot_wall(struct board *b, const struct wall *m, int64_t wall_ms,
                          const char *path, char *err, size_t errlen);

/* Layout of the last frame drawn (zeroed before the first). */
const struct layout *board_layout(const struct board *b);
/* Ticket in the banner now (the engine's index; -1 none or a follower). */
int board_banner_ticket(const struct board *b);
/* Frames presented so far. */
unsigned long board_frames(const struct board *b);

#endif
