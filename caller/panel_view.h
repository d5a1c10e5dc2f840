/*
 * panel_view: the counter panel's drawing and hit testing. It draws a
 * const panelstate (panelstate.h) into a window's canvas with the board's
 * fonts and text cache; it changes nothing but the canvas. panel.c owns
 * the windows and calls it.
 */
#ifndef GOISO_PANEL_VIEW_H
#define GOISO_PANEL_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "panelconf.h"
#include "panelstate.h"

#define PANEL_TEXT_CACHE 96

struct font;
struct link;
struct textcache;

struct pv_rect { int x, y, w, h; };

/* What the drawing is made with. */
struct pv_look {
	struct font *regular, *bold;
	const struct panelconf *conf;     /* each button shows its first key */
};

/* One window: the panel's, or the citizen's rating window. */
struct pv_canvas {
	SDL_Window *win;
	SDL_Renderer *r;
	bool rating;                 /* the citizen's rating window */
	struct textcache *texts;     /* created with the first text drawn */
	Uint32 bg;                   /* ground under the texts being drawn */
	struct pv_rect buttons[ACT_COUNT_ + 1];   /* [ACT_COUNT_]: "Hủy" of a picker */
	struct pv_rect items[PANEL_MAX_ITEMS];
	int nitems;
	bool dirty;
	double last_draw_ms;         /* drawing, not presenting */
	unsigned long frames;
};

void pv_canvas_free(struct pv_canvas *c);
/* Draws window c whole from s (and the link's state for the footer) and,
 * if present, shows it: the rating when c is the rating window or s shows
 * the rating in the panel, else the panel. */
void pv_draw(const struct panelstate *s, const struct link *l, const struct pv_look *look,
             struct pv_canvas *c, bool present);
/* Writes what c shows as PNG. 0, or -1 with err. */
int pv_capture(struct pv_canvas *c, const char *path, char *err, size_t errlen);
/* Hit tests against the last drawing: an action, an item, or -1. */
int pv_hit_button(const struct pv_canvas *c, int x, int y);
int pv_hit_item(const struct pv_canvas *c, int x, int y);

#endif
