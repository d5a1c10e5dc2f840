/*
 * textcache: texts rendered once and kept as textures, for the wall board
 * and the counter's panel (impure: SDL). A text is fitted to its box
 * (layout_fit_text: shrink, then cut with an ellipsis), rendered with
 * font.h and blended on its ground colour, so drawing it is a copy, not a
 * blend. With crop, a texture keeps only the rows that hold ink (the board:
 * less to copy each frame on a large screen).
 *
 * With the ground TEXTCACHE_CLEAR a text keeps the font's own alpha and is
 * blended when drawn, onto whatever lies under it (the kiosk).
 *
 * Entries are found by font, box width, sizes, colours and text; when the
 * cache is full, or its textures hold more than TEXTCACHE_BUDGET bytes, the
 * ones used longest ago make room (never one drawn in the current frame).
 * The budget keeps a busy hall's banners, a new 0.6 MB line each call at
 * 1920x1080, from growing the heap without end.
 */
#ifndef GOISO_TEXTCACHE_H
#define GOISO_TEXTCACHE_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

struct font;
struct textcache;

/* The ground of a text drawn over whatever lies under it (not a 0xRRGGBB). */
#define TEXTCACHE_CLEAR 0xFF000000u

struct text_tex {
	SDL_Texture *tex;    /* NULL for an empty fitted text */
	SDL_Rect src;        /* the part of tex that holds the text: draw that */
	int px;              /* the size chosen */
	int w, h;            /* the whole line */
	int top, ih;         /* the rows the texture holds (0 and h without crop) */
};

#define TEXTCACHE_BUDGET ((size_t)16 << 20)

/* A cache of size entries for renderer r. NULL when out of memory. */
struct textcache *textcache_new(SDL_Renderer *r, int size, bool crop);
void textcache_free(struct textcache *c);

/* s fitted to width w at max_px (down to min_px), in color on bg (both
 * 0xRRGGBB, or bg TEXTCACHE_CLEAR). NULL when it could not be rendered. Valid until the next
 * textcache_get() that must make room. */
const struct text_tex *textcache_get(struct textcache *c, struct font *font, const char *s,
                                     int w, int max_px, int min_px, uint32_t color, uint32_t bg);
/* The pixel format texts on a ground are kept in: the window's own when
 * it is 32 bits without alpha, else ARGB8888. */
Uint32 textcache_format(const struct textcache *c);
/* The bytes of pixels the cache's textures hold. */
size_t textcache_bytes(const struct textcache *c);
/* A new frame begins: what is drawn in it counts as just used. */
void textcache_frame(struct textcache *c);
/* Frees the textures not used in the last `frames` frames. */
void textcache_sweep(struct textcache *c, unsigned long frames);

#endif
