/*
 * font: fontconfig lookup, a cache of SDL_ttf sizes, and text cut into runs
 * by which face has each character (see font.h).
 */
#include "font.h"

#include <fontconfig/fontconfig.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FONT_SIZES 24

struct size_slot {
	int px;
	TTF_Font *face[2];      /* primary, fallback (opened when first needed) */
	unsigned long used;
};

/* Fonts alive: fontconfig's caches are released when the last one goes, so
 * a leak checker sees a clean exit. */
static int live_fonts;

struct font {
	char path[2][1024];     /* primary, fallback ("" when none) */
	TTF_Font *probe[2];     /* one small size of each, for glyph checks */
	struct size_slot slot[FONT_SIZES];
	unsigned long clock;
};

int font_find(const char *pattern, char *path, size_t pathlen, char *family, size_t famlen)
{
	FcPattern *pat = FcNameParse((const FcChar8 *)pattern), *match = NULL;
	FcResult res;
	int rc = -1;
	if (!pat) return -1;
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(NULL, pat, &res);
	FcChar8 *file = NULL, *fam = NULL;
	if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
	    FcPatternGetString(match, FC_FAMILY, 0, &fam) == FcResultMatch) {
		snprintf(path, pathlen, "%s", (const char *)file);
		snprintf(family, famlen, "%s", (const char *)fam);
		rc = 0;
	}
	if (match) FcPatternDestroy(match);
	FcPatternDestroy(pat);
	return rc;
}

/* The file of family (exactly that family, not a substitute), or -1. */
static int find_family(const char *fam, bool bold, char *path, size_t pathlen)
{
	char pattern[256], got[256];
	snprintf(pattern, sizeof pattern, "%s:%s", fam, bold ? "bold" : "regular");
	if (font_find(pattern, path, pathlen, got, sizeof got)) return -1;
	return strcasecmp(got, fam) == 0 ? 0 : -1;
}

static int choose_faces(struct font *f, const char *name, bool bold, char *err, size_t errlen)
{
	static const char *const defaults[] = { "Noto Sans", "DejaVu Sans" };
	if (name && strchr(name, '/')) {
		snprintf(f->path[0], sizeof f->path[0], "%s", name);
	} else if (name && *name) {
		if (find_family(name, bold, f->path[0], sizeof f->path[0])) {
			snprintf(err, errlen, "font '%s' not found by fontconfig", name);
			return -1;
		}
	} else {
		for (size_t i = 0; i < 2 && !f->path[0][0]; i++)
			if (find_family(defaults[i], bold, f->path[0], sizeof f->path[0])) f->path[0][0] = 0;
		if (!f->path[0][0]) {
			char fam[256];
			if (font_find(bold ? "sans-serif:bold" : "sans-serif", f->path[0],
			              sizeof f->path[0], fam, sizeof fam)) {
				snprintf(err, errlen, "no sans-serif font found by fontconfig");
				return -1;
			}
		}
	}
	/* The fallback: DejaVu Sans has the arrows and symbols Noto Sans lacks. */
	for (size_t i = 2; i-- > 0;) {
		char p[1024];
		if (!find_family(defaults[i], bold, p, sizeof p) && strcmp(p, f->path[0])) {
			snprintf(f->path[1], sizeof f->path[1], "%s", p);
			break;
		}
	}
	return 0;
}

struct font *font_new(const char *name, bool bold, char *err, size_t errlen)
{
	struct font *f = calloc(1, sizeof *f);
	if (!f) { snprintf(err, errlen, "out of memory"); return NULL; }
	live_fonts++;
	if (choose_faces(f, name, bold, err, errlen)) goto fail;
	for (int i = 0; i < 2; i++) {
		if (!f->path[i][0]) continue;
		f->probe[i] = TTF_OpenFont(f->path[i], 16);
		if (!f->probe[i] && i == 0) {
			snprintf(err, errlen, "cannot open font %s: %s", f->path[0], TTF_GetError());
			goto fail;
		}
	}
	return f;
fail:
	font_free(f);
	return NULL;
}

void font_free(struct font *f)
{
	if (!f) return;
	for (int i = 0; i < FONT_SIZES; i++)
		for (int k = 0; k < 2; k++)
			if (f->slot[i].face[k]) TTF_CloseFont(f->slot[i].face[k]);
	for (int k = 0; k < 2; k++)
		if (f->probe[k]) TTF_CloseFont(f->probe[k]);
	free(f);
	if (--live_fonts == 0) FcFini();
}

const char *font_path(const struct font *f) { return f->path[0]; }

/* The face k at px, opened on first use; the least recently used size is
 * closed when the cache is full. */
static TTF_Font *face_at(struct font *f, int k, int px)
{
	struct size_slot *s = NULL, *old = &f->slot[0];
	if (px < 1) px = 1;
	for (int i = 0; i < FONT_SIZES && !s; i++) {
		if (f->slot[i].px == px) s = &f->slot[i];
		else if (f->slot[i].used < old->used) old = &f->slot[i];
	}
	if (!s) {
		s = old;
		for (int i = 0; i < 2; i++)
			if (s->face[i]) { TTF_CloseFont(s->face[i]); s->face[i] = NULL; }
		s->px = px;
	}
	s->used = ++f->clock;
	if (!s->face[k] && f->path[k][0]) {
		s->face[k] = TTF_OpenFont(f->path[k], px);
		/* Light hinting: the auto-hinter's vertical snapping, crisp at
		 * small sizes, without running each glyph's bytecode. */
		if (s->face[k]) TTF_SetFontHinting(s->face[k], TTF_HINTING_LIGHT);
	}
	return s->face[k] ? s->face[k] : k ? face_at(f, 0, px) : NULL;
}

static size_t next_cp(const char *s, unsigned *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = p[0] < 0x80 ? 1 : (p[0] >> 5) == 6 ? 2 : (p[0] >> 4) == 14 ? 3 : (p[0] >> 3) == 30 ? 4 : 1;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80) { *cp = 0xFFFD; return 1; }
	unsigned v = n == 1 ? p[0] : p[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) v = v << 6 | (p[i] & 0x3F);
	*cp = v;
	return n;
}

bool font_has(struct font *f, unsigned cp)
{
	for (int k = 0; k < 2; k++)
		if (f->probe[k] && TTF_GlyphIsProvided32(f->probe[k], cp)) return true;
	return false;
}

/* Which face draws cp: the primary when it can (or when no face can). */
static int face_for(struct font *f, unsigned cp, int prev)
{
	if ((cp >= 0x300 && cp <= 0x36F) || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F))
		return prev;   /* marks stay with their base letter */
	if (cp < 0x80 || TTF_GlyphIsProvided32(f->probe[0], cp)) return 0;
	return f->probe[1] && TTF_GlyphIsProvided32(f->probe[1], cp) ? 1 : 0;
}

/* Calls fn for each run of text one face draws; stops on fn's non-zero. */
typedef int (*run_fn)(void *ud, TTF_Font *face, const char *run, int idx);

static int each_run(struct font *f, const char *s, int px, run_fn fn, void *ud)
{
	char buf[1024];
	int idx = 0, cur = -1;
	size_t len = 0;
	for (const char *p = s;;) {
		unsigned cp = 0;
		size_t n = *p ? next_cp(p, &cp) : 0;
		int k = *p ? face_for(f, cp, cur < 0 ? 0 : cur) : -1;
		if ((k != cur || len + n >= sizeof buf) && len) {
			buf[len] = 0;
			TTF_Font *face = face_at(f, cur, px);
			if (!face || fn(ud, face, buf, idx++)) return -1;
			len = 0;
		}
		if (!*p) return 0;
		cur = k;
		memcpy(buf + len, p, n);
		len += n;
		p += n;
	}
}

static int add_width(void *ud, TTF_Font *face, const char *run, int idx)
{
	(void)idx;
	int w = 0, h = 0;
	if (TTF_SizeUTF8(face, run, &w, &h)) return -1;
	*(int *)ud += w;
	return 0;
}

int font_measure(void *ud, const char *utf8, int px)
{
	int w = 0;
	if (!utf8 || !*utf8) return 0;
	each_run(ud, utf8, px, add_width, &w);
	return w;
}

int font_height(struct font *f, int px)
{
	TTF_Font *face = face_at(f, 0, px);
	return face ? TTF_FontHeight(face) : px;
}

int font_ascent(struct font *f, int px)
{
	TTF_Font *face = face_at(f, 0, px);
	return face ? TTF_FontAscent(face) : px;
}

int font_cap_height(struct font *f, int px)
{
	int minx, maxx, miny, maxy, adv;
	TTF_Font *face = face_at(f, 0, px);
	if (face && !TTF_GlyphMetrics32(face, '0', &minx, &maxx, &miny, &maxy, &adv)) return maxy;
	return px * 714 / 1000;
}

struct compose {
	struct font *f;
	int px, x, ascent;
	SDL_Surface *dst;
	SDL_Color c, bg;
	bool on_bg;           /* shaded against bg, not blended on transparent */
};

/* One run of a face, shaded against bg (8 bits, a palette from bg to the
 * colour) or blended (ARGB, blended when drawn). */
static SDL_Surface *render_run(TTF_Font *face, const char *run, SDL_Color c, SDL_Color bg, bool on_bg)
{
	SDL_Surface *s = on_bg ? TTF_RenderUTF8_Shaded(face, run, c, bg) : TTF_RenderUTF8_Blended(face, run, c);
	if (s && on_bg) SDL_SetColorKey(s, SDL_FALSE, 0);
	return s;
}

static int blit_run(void *ud, TTF_Font *face, const char *run, int idx)
{
	struct compose *c = ud;
	(void)idx;
	SDL_Surface *s = render_run(face, run, c->c, c->bg, c->on_bg);
	if (!s) return -1;
	SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_NONE);   /* copied as is */
	SDL_Rect at = { c->x, c->ascent - TTF_FontAscent(face), s->w, s->h };
	SDL_BlitSurface(s, NULL, c->dst, &at);
	c->x += s->w;
	SDL_FreeSurface(s);
	return 0;
}

static int count_run(void *ud, TTF_Font *face, const char *run, int idx)
{
	(void)face; (void)run;
	*(int *)ud = idx + 1;
	return 0;
}

/* Both renderings: runs of the two faces laid side by side on a surface
 * of format, cleared to ground (a pixel of that format). */
static SDL_Surface *render(struct font *f, const char *utf8, int px, SDL_Color color,
                           SDL_Color bg, bool on_bg, Uint32 format)
{
	int nruns = 0;
	if (!utf8 || !*utf8) return NULL;
	each_run(f, utf8, px, count_run, &nruns);
	if (nruns == 1) {   /* the common case: one face draws it all */
		unsigned cp;
		next_cp(utf8, &cp);
		TTF_Font *face = face_for(f, cp, 0) == 0 ? face_at(f, 0, px) : NULL;
		SDL_Surface *s = face ? render_run(face, utf8, color, bg, on_bg) : NULL;
		if (s && !on_bg) return s;
		if (s) {
			SDL_Surface *o = SDL_ConvertSurfaceFormat(s, format, 0);
			SDL_FreeSurface(s);
			return o;
		}
	}
	struct compose c = { f, px, 0, font_ascent(f, px), NULL, color, bg, on_bg };
	int w = font_measure(f, utf8, px), h = font_height(f, px);
	c.dst = SDL_CreateRGBSurfaceWithFormat(0, w > 0 ? w : 1, h, 32, format);
	if (!c.dst) return NULL;
	SDL_FillRect(c.dst, NULL, on_bg ? SDL_MapRGB(c.dst->format, bg.r, bg.g, bg.b) : 0);
	each_run(f, utf8, px, blit_run, &c);
	return c.dst;
}

SDL_Surface *font_render(struct font *f, const char *utf8, int px, SDL_Color color)
{
	SDL_Color none = { 0, 0, 0, 0 };
	return render(f, utf8, px, color, none, false, SDL_PIXELFORMAT_ARGB8888);
}

SDL_Surface *font_render_on(struct font *f, const char *utf8, int px, SDL_Color color,
                            SDL_Color bg, Uint32 format)
{
	return render(f, utf8, px, color, bg, true, format);
}
