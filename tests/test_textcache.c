/*
 * The text cache on SDL's software renderer (dummy video driver): a busy
 * hall's banner lines stay within the cache's byte budget, the texts of
 * the frame being drawn are never the ones dropped, and a cached text
 * lands on exactly the pixels its glyphs cover, whatever way it is kept.
 */
#include "test.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>

#include "font.h"
#include "textcache.h"

#define GROUND 0x133357u

struct rig {
	SDL_Window *win;
	SDL_Renderer *r;
	struct font *bold;
};

static int rig_open(struct rig *g)
{
	char err[256];
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) || TTF_Init()) return -1;
	g->win = SDL_CreateWindow("t", 0, 0, 1920, 1080, 0);
	g->r = g->win ? SDL_CreateRenderer(g->win, -1, SDL_RENDERER_SOFTWARE) : NULL;
	g->bold = font_new(NULL, true, err, sizeof err);
	if (!g->bold) test_fail(__FILE__, __LINE__, "%s", err);
	return g->r && g->bold ? 0 : -1;
}

static void rig_close(struct rig *g)
{
	font_free(g->bold);
	if (g->r) SDL_DestroyRenderer(g->r);
	if (g->win) SDL_DestroyWindow(g->win);
	TTF_Quit();
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

/* A banner line as the board shows it: 129 px on 1920 px, about 0.6 MB. */
static const struct text_tex *banner(struct textcache *c, struct rig *g, int n)
{
	char s[64];
	snprintf(s, sizeof s, "Số A%03d \xE2\x86\x92 Quầy %d", n, 1 + n % 6);
	return textcache_get(c, g->bold, s, 1800, 129, 64, 0xFFFFFF, GROUND);
}

TEST(textcache_a_busy_hall_stays_within_its_budget)
{
	struct rig g = { 0 };
	struct textcache *c = NULL;
	if (rig_open(&g)) goto out;
	REQUIRE((c = textcache_new(g.r, 512, true)) != NULL);
	size_t one = 0, most = 0;
	for (int n = 1; n <= 200; n++) {   /* 200 calls, one new line each */
		textcache_frame(c);
		const struct text_tex *t = banner(c, &g, n);
		REQUIRE(t && t->tex);
		if (!one) one = textcache_bytes(c);
		if (textcache_bytes(c) > most) most = textcache_bytes(c);
	}
	CHECK(one > 400000);   /* a banner line is that big, or the check says nothing */
	CHECK(most <= TEXTCACHE_BUDGET);
	CHECK(most + one > TEXTCACHE_BUDGET);   /* it fills the budget, then reuses it */
	/* the newest line is still kept: asking again renders nothing new */
	size_t before = textcache_bytes(c);
	const struct text_tex *a = banner(c, &g, 200), *b = banner(c, &g, 200);
	CHECK(a == b && textcache_bytes(c) == before);
out:
	textcache_free(c);
	rig_close(&g);
}

TEST(textcache_never_drops_a_text_of_the_frame_being_drawn)
{
	struct rig g = { 0 };
	struct textcache *c = NULL;
	if (rig_open(&g)) goto out;
	REQUIRE((c = textcache_new(g.r, 512, true)) != NULL);
	textcache_frame(c);
	/* one frame with more lines than the budget holds: all of them stay */
	const struct text_tex *t[40];
	int n = 0;
	while (n < 40 && textcache_bytes(c) <= TEXTCACHE_BUDGET + 2000000) {
		t[n] = banner(c, &g, n);
		REQUIRE(t[n] && t[n]->tex);
		n++;
	}
	CHECK(textcache_bytes(c) > TEXTCACHE_BUDGET);
	for (int i = 0; i < n; i++) CHECK(banner(c, &g, i) == t[i] && t[i]->tex != NULL);
	/* the next frame's new line makes room among them */
	textcache_frame(c);
	CHECK(banner(c, &g, 1000) != NULL);
	CHECK(textcache_bytes(c) <= TEXTCACHE_BUDGET);
out:
	textcache_free(c);
	rig_close(&g);
}

/* The pixel at (x, y) of the renderer's output as 0xRRGGBB. */
static uint32_t pixel(SDL_Renderer *r, int x, int y)
{
	Uint32 p = 0;
	SDL_Rect one = { x, y, 1, 1 };
	SDL_RenderReadPixels(r, &one, SDL_PIXELFORMAT_RGB888, &p, 4);
	return p & 0xFFFFFF;
}

TEST(textcache_text_lands_on_its_glyphs_pixels)
{
	struct rig g = { 0 };
	struct textcache *c = NULL;
	SDL_Surface *ref = NULL;
	if (rig_open(&g)) goto out;
	REQUIRE((c = textcache_new(g.r, 64, false)) != NULL);
	/* the reference: the glyphs blended on the ground by hand */
	SDL_Color white = { 255, 255, 255, 255 };
	SDL_Surface *s = font_render(g.bold, "A123", 80, white);
	REQUIRE(s != NULL);
	ref = SDL_CreateRGBSurfaceWithFormat(0, s->w, s->h, 32, SDL_PIXELFORMAT_RGB888);
	REQUIRE(ref != NULL);
	SDL_FillRect(ref, NULL, GROUND);
	SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_BLEND);
	SDL_BlitSurface(s, NULL, ref, NULL);
	SDL_FreeSurface(s);
	SDL_SetRenderDrawColor(g.r, 0, 0, 0, 255);
	SDL_RenderClear(g.r);
	textcache_frame(c);
	const struct text_tex *t = textcache_get(c, g.bold, "A123", 1000, 80, 80, 0xFFFFFF, GROUND);
	REQUIRE(t && t->tex && t->w == ref->w && t->h == ref->h);
	SDL_Rect dst = { 100, 100, t->w, t->ih };
	SDL_RenderCopy(g.r, t->tex, &t->src, &dst);
	/* The cache shades the glyphs against the ground: the same pixels
	 * within rounding, 2 levels of 255 (font_render_on). */
	int off = 0, ink = 0;
	for (int y = 0; y < ref->h; y++)
		for (int x = 0; x < ref->w; x++) {
			uint32_t want = ((const Uint32 *)((const Uint8 *)ref->pixels + y * ref->pitch))[x] & 0xFFFFFF;
			uint32_t got = pixel(g.r, 100 + x, 100 + y);
			if (want != GROUND) ink++;
			for (int k = 0; k < 24; k += 8)
				if (abs((int)(got >> k & 255) - (int)(want >> k & 255)) > 2) { off++; break; }
		}
	CHECK(ink > 500);
	if (off) test_fail(__FILE__, __LINE__, "%d of %dx%d pixels differ by more than 2 levels from the glyphs "
	                   "on their ground", off, ref->w, ref->h);
	/* nothing drawn outside the text's box */
	CHECK(pixel(g.r, 99, 100 + ref->h / 2) == 0);
	CHECK(pixel(g.r, 100 + ref->w, 100 + ref->h / 2) == 0);
out:
	if (ref) SDL_FreeSurface(ref);
	textcache_free(c);
	rig_close(&g);
}

/* The board's cache keeps only the rows that hold ink: the line box of a
 * font leaves room above capitals for Vietnamese marks and below for
 * descenders, which "A123" does not use. The rows kept are the inked
 * ones, no more, no fewer. */
TEST(textcache_board_keeps_the_inked_rows_only)
{
	struct rig g = { 0 };
	struct textcache *c = NULL;
	if (rig_open(&g)) goto out;
	REQUIRE((c = textcache_new(g.r, 64, true)) != NULL);
	textcache_frame(c);
	const struct text_tex *t = textcache_get(c, g.bold, "A123", 1000, 80, 80, 0xFFFFFF, GROUND);
	REQUIRE(t && t->tex);
	CHECK(t->top > 0 && t->ih > 0 && t->top + t->ih < t->h);
	CHECK_INT_EQ(t->src.h, t->ih);
	/* the first and last rows kept hold ink; the ones beside them none */
	SDL_Color white = { 255, 255, 255, 255 };
	SDL_Surface *s = font_render(g.bold, "A123", 80, white);
	REQUIRE(s != NULL);
	bool first = false, last = false, above = false, below = false;
	for (int x = 0; x < s->w; x++) {
		const Uint8 *p = s->pixels;
		Uint32 amask = s->format->Amask;
		first |= (((const Uint32 *)(p + (size_t)t->top * s->pitch))[x] & amask) != 0;
		last |= (((const Uint32 *)(p + (size_t)(t->top + t->ih - 1) * s->pitch))[x] & amask) != 0;
		above |= (((const Uint32 *)(p + (size_t)(t->top - 1) * s->pitch))[x] & amask) != 0;
		below |= (((const Uint32 *)(p + (size_t)(t->top + t->ih) * s->pitch))[x] & amask) != 0;
	}
	SDL_FreeSurface(s);
	CHECK(first && last && !above && !below);
out:
	textcache_free(c);
	rig_close(&g);
}
