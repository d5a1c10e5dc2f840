/*
 * frame: paints one frame of the wall board on an SDL renderer, from the
 * board's model (wall.h: the engine's state on the main display, the
 * display's lines on a follower), the zone it shows (zone.h) and the few
 * things only the board knows (which call is in the banner, the flash
 * phase, the ticker's position, warnings).
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
#include "wall.h"
#include "zone.h"

struct font;
struct frame;

/* What the board adds to the model. */
struct frame_state {
	int64_t wall_ms;        /* for the clock and date */
	const char *call_label; /* ticket in the banner, NULL or "" none */
	int call_counter;       /* the counter that called it */
	int call_priority;      /* its priority (wall_tile.priority) */
	bool lost;              /* a follower that lost the main display: marked */
	bool flashing;          /* inside its moment: highlighted */
	bool flash_on;          /* phase of the flash */
	int pending;            /* calls still waiting for their moment */
	int ticker_offset;      /* pixels the ticker has scrolled */
	bool ticker_still;      /* a still frame: the ticker's text from its start */
	bool sound_ok, listener_ok;
	const char *ticker;     /* scrolling text, "" for none */
	const char *alarm;      /* a fault of the record (clock step, full disk), NULL none */
	const char *devices;    /* kiosks not well ("Máy lấy số 1: …"), "" or NULL for none */
	const char *notice;     /* NULL, or lines ('\n') shown in place of the queue, which is
	                           not drawn (a follower whose key was refused) */
};

struct frame *frame_new(SDL_Renderer *r, struct font *regular, struct font *bold);
void frame_free(struct frame *f);

/* Paints the w x h frame (not presented): the regions whose content
 * changed since the last frame, or all of it after frame_invalidate(). */
void frame_draw(struct frame *f, const struct wall *m, const struct zone *z,
                const struct frame_state *st, int w, int h);

/* Forgets what is on screen: the next frame is drawn whole (after a
 * resize, an expose, a lost render target). */
void frame_invalidate(struct frame *f);

/* The layout of the last frame drawn. */
const struct layout *frame_layout(const struct frame *f);
/* Width of the ticker text at the last layout's size (0 when none), so the
 * board knows when a scroll cycle ends. */
int frame_ticker_width(struct frame *f, const char *ticker);

/* Counters of the zone shown as tiles: those open, paused or serving, and
 * those that served someone today; all of the zone's when none is. Fills
 * idx (counter indexes, config order); returns how many. */
int frame_visible_counters(const struct wall *m, const struct zone *z, int *idx, int max);

#endif
