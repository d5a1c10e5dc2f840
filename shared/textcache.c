/*
 * textcache: rendered texts kept as textures (see textcache.h).
 */
#include "textcache.h"

#include <stdlib.h>
#include <string.h>

#include "font.h"
#include "layout.h"

struct entry {
	char *text;              /* the text asked for */
	const struct font *font;
	int w, max_px, min_px;
	uint32_t color, bg;
	struct text_tex t;
	size_t bytes;            /* the texture's pixels */
};

/* The entries' key hashes and last uses sit in arrays of their own: a
 * lookup walks hash[], an eviction used[], 4 KB each for 512 entries. */
struct textcache {
	SDL_Renderer *r;
	Uint32 opaque_fmt;       /* the format of a text on its ground */
	bool crop;
	int size;
	unsigned long frame;
	uint64_t *hash;          /* each entry's key hash; 0: a free slot */
	unsigned long *used;     /* the frame each entry was last drawn in */
	size_t bytes;            /* all entries' pixels */
	struct entry e[];
};

/* A text on its ground is kept in the window's own format when that is
 * 32 bits without alpha: SDL's software renderer then draws it with a
 * copy of each row, where from ARGB it masks every pixel. The texture
 * also has one column of ground at its left, outside src: rows copied from
 * an address aligned on 16 bytes go through SDL's streaming stores, 5 times
 * slower here than the plain copy the shifted start gets. */
static Uint32 opaque_format(SDL_Renderer *r)
{
	SDL_Window *w = SDL_RenderGetWindow(r);
	Uint32 f = w ? SDL_GetWindowPixelFormat(w) : SDL_PIXELFORMAT_UNKNOWN;
	if (f != SDL_PIXELFORMAT_UNKNOWN && SDL_BYTESPERPIXEL(f) == 4 && !SDL_ISPIXELFORMAT_ALPHA(f) &&
	    !SDL_ISPIXELFORMAT_FOURCC(f))
		return f;
	return SDL_PIXELFORMAT_ARGB8888;
}

struct textcache *textcache_new(SDL_Renderer *r, int size, bool crop)
{
	struct textcache *c = calloc(1, sizeof *c + sizeof c->e[0] * (size_t)size);
	if (!c) return NULL;
	c->hash = calloc((size_t)size, sizeof *c->hash);
	c->used = calloc((size_t)size, sizeof *c->used);
	if (!c->hash || !c->used) {
		free(c->hash);
		free(c->used);
		free(c);
		return NULL;
	}
	c->r = r;
	c->crop = crop;
	c->size = size;
	c->opaque_fmt = opaque_format(r);
	return c;
}

static void entry_clear(struct entry *e)
{
	if (e->t.tex) SDL_DestroyTexture(e->t.tex);
	free(e->text);
	memset(e, 0, sizeof *e);
}

static void drop(struct textcache *c, int i)
{
	c->bytes -= c->e[i].bytes;
	entry_clear(&c->e[i]);
	c->hash[i] = 0;
}

/* Drops the entries drawn longest ago, but none drawn in this frame nor
 * entry keep, until the pixels kept fit TEXTCACHE_BUDGET. */
static void make_room(struct textcache *c, int keep)
{
	while (c->bytes > TEXTCACHE_BUDGET) {
		int k = -1;
		for (int i = 0; i < c->size; i++)
			if (c->hash[i] && i != keep && c->used[i] != c->frame && (k < 0 || c->used[i] < c->used[k]))
				k = i;
		if (k < 0) return;
		drop(c, k);
	}
}

size_t textcache_bytes(const struct textcache *c) { return c->bytes; }

Uint32 textcache_format(const struct textcache *c) { return c->opaque_fmt; }

void textcache_free(struct textcache *c)
{
	if (!c) return;
	for (int i = 0; i < c->size; i++) entry_clear(&c->e[i]);
	free(c->hash);
	free(c->used);
	free(c);
}

static uint64_t hash_key(const struct font *font, int w, int max_px, int min_px, uint32_t color,
                         uint32_t bg, const char *s)
{
	uint64_t h = 1469598103934665603ULL ^ (uintptr_t)font ^ ((uint64_t)w << 20) ^ (uint64_t)max_px ^
	             ((uint64_t)min_px << 12) ^ ((uint64_t)color << 40) ^ ((uint64_t)bg << 8);
	for (; *s; s++) { h ^= (unsigned char)*s; h *= 1099511628211ULL; }
	return h;
}

/* Does row y of s (32 bits) hold ink: a pixel with alpha on a
 * transparent text, a pixel other than the ground on an opaque one? */
static bool inked(const SDL_Surface *s, int y, Uint32 mask, Uint32 ground)
{
	const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * s->pitch);
	for (int x = 0; x < s->w; x++)
		if ((row[x] & mask) != ground) return true;
	return false;
}

/* The rows of s from y0 to y1 that hold ink. */
static void ink_rows(const SDL_Surface *s, Uint32 mask, Uint32 ground, int *y0, int *y1)
{
	for (*y0 = 0, *y1 = s->h; *y0 < *y1 && !inked(s, *y0, mask, ground); (*y0)++) {}
	for (; *y1 > *y0 && !inked(s, *y1 - 1, mask, ground); (*y1)--) {}
}

/* An opaque texture of s (or of its inked rows), s already drawn on bg
 * in the opaque format; with bg TEXTCACHE_CLEAR, s's own pixels (ARGB),
 * blended when drawn. */
static void make_texture(struct textcache *c, SDL_Surface *s, uint32_t bg, struct text_tex *t)
{
	bool clear = bg == TEXTCACHE_CLEAR;
	Uint32 rgb = s->format->Rmask | s->format->Gmask | s->format->Bmask;
	Uint32 ground = clear ? 0 : SDL_MapRGB(s->format, bg >> 16 & 255, bg >> 8 & 255, bg & 255);
	int y0 = 0, y1 = s->h;
	if (c->crop && clear) ink_rows(s, s->format->Amask, 0, &y0, &y1);
	else if (c->crop) ink_rows(s, rgb, ground & rgb, &y0, &y1);
	t->w = s->w;
	t->h = s->h;
	t->top = y0;
	t->ih = y1 - y0;
	if (y1 <= y0) return;
	if (clear && !c->crop) {
		t->src = (SDL_Rect){ 0, 0, s->w, s->h };
		t->tex = SDL_CreateTextureFromSurface(c->r, s);
		return;
	}
	SDL_Rect ink = { 0, y0, s->w, y1 - y0 };
	Uint32 fmt = clear ? SDL_PIXELFORMAT_ARGB8888 : c->opaque_fmt;
	int pad = clear ? 0 : 1;
	SDL_Surface *o = SDL_CreateRGBSurfaceWithFormat(0, s->w + pad, y1 - y0, 32, fmt);
	if (!o) return;
	/* s already lies on the ground: only the column left of it is filled */
	if (!clear) SDL_FillRect(o, &(SDL_Rect){ 0, 0, pad, y1 - y0 }, ground);
	SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_NONE);
	SDL_Rect at = { pad, 0, s->w, y1 - y0 };
	SDL_BlitSurface(s, &ink, o, &at);
	t->src = at;
	t->tex = SDL_CreateTextureFromSurface(c->r, o);
	SDL_FreeSurface(o);
	if (t->tex && c->crop) SDL_SetTextureBlendMode(t->tex, clear ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE);
}

const struct text_tex *textcache_get(struct textcache *c, struct font *font, const char *s,
                                     int w, int max_px, int min_px, uint32_t color, uint32_t bg)
{
	uint64_t h = hash_key(font, w, max_px, min_px, color, bg, s) | 1;
	for (int i = 0; i < c->size; i++) {
		if (c->hash[i] != h) continue;
		struct entry *e = &c->e[i];
		if (e->font == font && e->w == w && e->max_px == max_px && e->min_px == min_px &&
		    e->color == color && e->bg == bg && !strcmp(e->text, s)) {
			c->used[i] = c->frame;
			return &e->t;
		}
	}
	int k = 0;   /* a free slot, else the one drawn longest ago */
	for (int i = 0; i < c->size; i++) {
		if (!c->hash[i]) { k = i; break; }
		if (c->used[i] < c->used[k]) k = i;
	}
	struct entry *e = &c->e[k];
	drop(c, k);
	if (!(e->text = strdup(s))) return NULL;
	char fitted[1024];
	e->t.px = layout_fit_text(font_measure, font, s, w, max_px, min_px, fitted, sizeof fitted);
	e->font = font; e->w = w; e->max_px = max_px; e->min_px = min_px;
	e->color = color; e->bg = bg;
	c->hash[k] = h;
	c->used[k] = c->frame;
	SDL_Color col = { color >> 16 & 255, color >> 8 & 255, color & 255, 255 };
	SDL_Color ground = { bg >> 16 & 255, bg >> 8 & 255, bg & 255, 255 };
	SDL_Surface *surf = !fitted[0] ? NULL : bg == TEXTCACHE_CLEAR ? font_render(font, fitted, e->t.px, col)
	                    : font_render_on(font, fitted, e->t.px, col, ground, c->opaque_fmt);
	if (surf) {
		make_texture(c, surf, bg, &e->t);
		SDL_FreeSurface(surf);
	}
	if (e->t.tex) {
		e->bytes = (size_t)(e->t.src.x + e->t.src.w) * (size_t)e->t.src.h * 4;
		c->bytes += e->bytes;
		make_room(c, k);
	}
	return &e->t;
}

void textcache_frame(struct textcache *c) { c->frame++; }

void textcache_sweep(struct textcache *c, unsigned long frames)
{
	for (int i = 0; i < c->size; i++)
		if (c->hash[i] && c->frame - c->used[i] > frames) drop(c, i);
}
