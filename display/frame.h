/*
 * frame: paints one frame of the wall board on an SDL renderer, from the
 * engine's state and the few things only the board knows (which call is in
 * the banner, the flash phase, the ticker's position, warnings).
 *
 * It keeps the texture of every text it drew recently, keyed by font, size,
 * box width and text, so a redraw where little changed costs fills and
 * copies, not font rasterising. Textures unused for a while are dropped.
 */
#ifndef GOISO_FRAME_H
#define GOISO_FRAME_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "layout.h"

struct engine;
struct font;
struct frame;

/* What the board adds to the engine's state. */
struct frame_state {
	int64_t wall_ms;        /* for the clock and date */
	int call_ticket;        /* ticket in the banner, -1 none */
	int call_counter;       /* the counter that called it */
	bool flashing;          /* inside its moment: highlighted */
	bool flash_on;          /* phase of the flash */
	int pending;            /* calls still waiting for their moment */
	int ticker_offset;      /* pixels the ticker has scrolled */
	bool ticker_still;      /* a still frame: the ticker's text from its start */
	bool sound_ok, listener_ok;
	const char *ticker;     /* scrolling text, "" for none */
	const char *alarm;      /* a fault of the record (clock step, full disk), NULL none */
	const char *devices;    /* kiosks not well ("Máy lấy số 1: …"), "" or NULL for none */
};

struct frame *frame_new(SDL_Renderer *r, struct font *regular, struct font *bold);
void frame_free(struct frame *f);

/* Paints the w x h frame (not presented): the regions whose content
 * changed since the last frame, or all of it after frame_invalidate(). */
void frame_draw(struct frame *f, const struct engine *e, const struct frame_state *st,
                int w, int h);

/* Forgets what is on screen: the next frame is drawn whole (after a
 * resize, an expose, a lost render target). */
void frame_invalidate(struct frame *f);

/* The layout of the last frame drawn. */
const struct layout *frame_layout(const struct frame *f);
/* Width of the ticker text at the last layout's size (0 when none), so the
 * board knows when a scroll cycle ends. */
int frame_ticker_width(struct frame *f, const char *ticker);

/* Counters shown as tiles: those open, paused or serving, and those that
 * called someone today; all of them when none is. Fills idx (counter
 * indexes, config order); returns how many. */
int frame_visible_counters(const struct engine *e, int *idx, int max);
/* The n most recent calls (ticket indexes), newest first; returns how many. */
int frame_recent_calls(const struct engine *e, int *idx, int n);

#endif
