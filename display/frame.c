/*
 * frame: paints the board (see frame.h). Colours are those of a public
 * office: deep blue ground, red header, gold for what asks for attention.
 * Every text goes through layout_fit_text(), so nothing spills out of its
 * box whatever names the config holds.
 */
#include "frame.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font.h"
#include "textcache.h"

#define CACHE_SIZE 512
#define CACHE_KEEP 90   /* frames a texture survives unused */

struct rgb { unsigned char r, g, b; };
static const struct rgb
	C_BG = { 11, 31, 58 }, C_HEADER = { 150, 24, 32 }, C_PANEL = { 19, 51, 87 },
	C_TILE = { 23, 66, 112 }, C_TILE_PAUSED = { 66, 54, 24 }, C_TILE_CLOSED = { 27, 38, 52 },
	C_GOLD = { 255, 210, 90 }, C_WHITE = { 255, 255, 255 }, C_SOFT = { 190, 205, 225 },
	C_DIM = { 110, 125, 145 }, C_GREEN = { 120, 220, 140 }, C_AMBER = { 255, 183, 77 },
	C_NAVY = { 11, 31, 58 }, C_BADGE = { 230, 81, 0 }, C_TICKER = { 8, 22, 40 },
	C_CALL = { 18, 60, 102 };

enum align { LEFT, CENTER, RIGHT };

#define GROUND_STRIPS 12
#define STRIP_ROWS 16

enum region { RG_HEADER, RG_CLOCK, RG_CALL, RG_RECENT, RG_WAITING, RG_TICKER, RG_NOTICE, RG_TILE0 };

struct frame {
	SDL_Renderer *r;
	struct font *regular, *bold;
	struct layout lay;
	struct layout_in lay_in;
	struct textcache *texts;
	unsigned long frame_no;
	const char *arrow;       /* "→" when a face has it */
	char sample[16];         /* widest ticket label of the config */
	int vis[LAYOUT_MAX_TILES];
	/* Regions are redrawn only when their signature changed. With SDL's
	 * software renderer the window surface keeps the last frame; other
	 * renderers draw into a canvas texture copied to the screen. */
	uint64_t sig[RG_TILE0 + LAYOUT_MAX_TILES];
	bool valid, direct, valid_clock;
	bool noticed;            /* the last frame was a notice */
	struct rgb bg;           /* ground of the region being drawn */
	SDL_Texture *canvas;
	int cw, ch;
	struct ground_strip { struct rgb c; SDL_Texture *t; int w; unsigned long used; } strip[GROUND_STRIPS];
};

struct frame *frame_new(SDL_Renderer *r, struct font *regular, struct font *bold)
{
	struct frame *f = calloc(1, sizeof *f);
	if (!f) return NULL;
	f->r = r;
	f->regular = regular;
	f->bold = bold;
	if (!(f->texts = textcache_new(r, CACHE_SIZE, true))) { free(f); return NULL; }
	SDL_RendererInfo info;
	f->direct = !SDL_GetRendererInfo(r, &info) && (info.flags & SDL_RENDERER_SOFTWARE);
	f->arrow = font_has(bold, 0x2192) ? "\xE2\x86\x92" : font_has(bold, 0x25B8) ? "\xE2\x96\xB8" : "-";
	return f;
}

void frame_free(struct frame *f)
{
	if (!f) return;
	textcache_free(f->texts);
	for (int i = 0; i < GROUND_STRIPS; i++)
		if (f->strip[i].t) SDL_DestroyTexture(f->strip[i].t);
	if (f->canvas) SDL_DestroyTexture(f->canvas);
	free(f);
}

const struct layout *frame_layout(const struct frame *f) { return &f->lay; }

void frame_invalidate(struct frame *f) { f->valid = false; }

static uint64_t h_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) { h ^= b[i]; h *= 1099511628211ULL; }
	return h;
}

static uint64_t h_str(uint64_t h, const char *s) { return h_bytes(h, s, strlen(s) + 1); }
static uint64_t h_int(uint64_t h, int64_t v) { return h_bytes(h, &v, sizeof v); }

/* True when region k must be drawn: its signature changed, or the canvas
 * is new. */
static bool region_changed(struct frame *f, int k, uint64_t sig)
{
	if (f->valid && f->sig[k] == sig) return false;
	f->sig[k] = sig;
	return true;
}

/* ---- text --------------------------------------------------------------- */

static uint32_t hex(struct rgb c) { return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b; }

/* The fitted, rendered text for (font, box width, size, text), on the
 * ground of the region being drawn. */
static const struct text_tex *text_get(struct frame *f, struct font *font, const char *s,
                                       int w, int max_px, int min_px, struct rgb c)
{
	return textcache_get(f->texts, font, s, w, max_px, min_px, hex(c), hex(f->bg));
}

static void blit(struct frame *f, const struct text_tex *t, int x, int y)
{
	if (!t || !t->tex) return;
	SDL_Rect dst = { x, y + t->top, t->w, t->ih };
	SDL_RenderCopy(f->r, t->tex, &t->src, &dst);
}

static int align_x(struct layout_rect b, int tw, enum align a)
{
	return a == LEFT ? b.x : a == RIGHT ? b.x + b.w - tw : b.x + (b.w - tw) / 2;
}

/* Draws s fitted in box b, centred vertically on the line: shrunk to
 * shrink % of px at most, then cut with an ellipsis, so that texts of one
 * kind (rows of a list) keep one size. Returns the width drawn. */
static int text_s(struct frame *f, struct font *font, const char *s, struct layout_rect b,
                  int px, int shrink, enum align a, struct rgb c)
{
	int min = px * shrink / 100 > f->lay.min_px ? px * shrink / 100 : f->lay.min_px;
	const struct text_tex *t = text_get(f, font, s, b.w, px, min, c);
	if (!t || !t->tex) return 0;
	blit(f, t, align_x(b, t->w, a), b.y + (b.h - t->h) / 2);
	return t->w;
}

static int text(struct frame *f, struct font *font, const char *s, struct layout_rect b,
                int px, enum align a, struct rgb c)
{
	return text_s(f, font, s, b, px, 90, a, c);
}

/* Draws a ticket label with its digits centred on their cap height. */
static void ticket_text(struct frame *f, const char *s, struct layout_rect b, int px,
                        enum align a, struct rgb c)
{
	const struct text_tex *t = text_get(f, f->bold, s, b.w, px, f->lay.min_px, c);
	if (!t || !t->tex) return;
	int cap = font_cap_height(f->bold, t->px), asc = font_ascent(f->bold, t->px);
	SDL_Rect clip = { b.x, b.y, b.w, b.h };
	SDL_RenderSetClipRect(f->r, &clip);
	blit(f, t, align_x(b, t->w, a), b.y + (b.h - cap) / 2 - (asc - cap));
	SDL_RenderSetClipRect(f->r, NULL);
}

/* A strip of STRIP_ROWS rows of colour c, one pixel wider than w, for
 * fill(). On the software renderer a fill writes each row with SSE
 * streaming stores, which cost here 5 to 15 times a cached copy of the
 * same row (a 200x40 box: 1.5 ms a megapixel against 0.1 ms); rows copied
 * from a strip, starting at its second column, are plain copies. */
static SDL_Texture *ground_strip(struct frame *f, struct rgb c, int w)
{
	struct ground_strip *g = NULL, *old = &f->strip[0];
	for (int i = 0; i < GROUND_STRIPS; i++) {
		struct ground_strip *s = &f->strip[i];
		if (s->t && s->w > w && !memcmp(&s->c, &c, sizeof c)) { g = s; break; }
		if (s->used < old->used) old = s;
	}
	if (!g) {
		g = old;
		if (g->t) SDL_DestroyTexture(g->t);
		g->t = NULL;
		int sw = (w > f->lay.width ? w : f->lay.width) + 1;
		SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, sw, STRIP_ROWS, 32, textcache_format(f->texts));
		if (!s) return NULL;
		SDL_FillRect(s, NULL, SDL_MapRGB(s->format, c.r, c.g, c.b));
		g->t = SDL_CreateTextureFromSurface(f->r, s);
		SDL_FreeSurface(s);
		if (!g->t) return NULL;
		SDL_SetTextureBlendMode(g->t, SDL_BLENDMODE_NONE);
		g->c = c;
		g->w = sw;
	}
	g->used = f->frame_no;
	return g->t;
}

static void fill(struct frame *f, struct layout_rect b, struct rgb c)
{
	SDL_Rect r = { b.x, b.y, b.w, b.h };
	/* thin lines stay fills: a copy per 16 rows costs more than they do */
	SDL_Texture *t = f->direct && b.w * b.h >= 4096 ? ground_strip(f, c, b.w) : NULL;
	if (t) {
		for (int y = 0; y < b.h; y += STRIP_ROWS) {
			int h = b.h - y < STRIP_ROWS ? b.h - y : STRIP_ROWS;
			SDL_Rect src = { 1, 0, b.w, h }, dst = { b.x, b.y + y, b.w, h };
			SDL_RenderCopy(f->r, t, &src, &dst);
		}
		return;
	}
	SDL_SetRenderDrawColor(f->r, c.r, c.g, c.b, 255);
	SDL_RenderFillRect(f->r, &r);
}

/* Fills a region's background; the texts drawn next are blended on it. */
static void ground(struct frame *f, struct layout_rect b, struct rgb c)
{
	fill(f, b, c);
	f->bg = c;
}

static void frame_rect(struct frame *f, struct layout_rect b, int t, struct rgb c)
{
	struct layout_rect e[4] = { { b.x, b.y, b.w, t }, { b.x, b.y + b.h - t, b.w, t },
	                            { b.x, b.y, t, b.h }, { b.x + b.w - t, b.y, t, b.h } };
	for (int i = 0; i < 4; i++) fill(f, e[i], c);
}

/* ---- what to show --------------------------------------------------------- */

int frame_visible_counters(const struct wall *m, const struct zone *z, int *idx, int max)
{
	int n = 0, all = m->cfg->ncounters;
	for (int i = 0; i < all && n < max; i++) {
		const struct wall_tile *c = &m->tile[i];
		if (z->counter[i] && (c->state != WALL_CLOSED || c->ticket[0] || c->served > 0)) idx[n++] = i;
	}
	if (n == 0)
		for (int i = 0; i < all && n < max; i++)
			if (z->counter[i]) idx[n++] = i;
	return n;
}

/* "Quầy 5": short enough to read from across the hall, whatever the
 * counter's full name in the config. */
static const char *counter_name(int no, char *buf, size_t len)
{
	snprintf(buf, len, "Quầy %d", no);
	return buf;
}

/* Local civil time of wall_ms: fills y-m-d, weekday (0 Sunday), h:m:s. */
static void civil(int64_t wall_ms, int offset_min, int t[7])
{
	int64_t s = wall_ms / 1000 + (int64_t)offset_min * 60;
	int64_t days = s >= 0 ? s / 86400 : (s - 86399) / 86400, sec = s - days * 86400;
	t[3] = (int)((days % 7 + 11) % 7);   /* 1970-01-01 was a Thursday */
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	t[2] = (int)(doy - (153 * mp + 2) / 5 + 1);
	t[1] = (int)(mp < 10 ? mp + 3 : mp - 9);
	t[0] = (int)(yoe + era * 400 + (t[1] <= 2));
	t[4] = (int)(sec / 3600); t[5] = (int)(sec / 60 % 60); t[6] = (int)(sec % 60);
}

/* ---- the parts of the board --------------------------------------------- */

static void draw_header(struct frame *f, const struct wall *m, const struct frame_state *st)
{
	static const char *const wd[7] = { "Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư",
	                                   "Thứ Năm", "Thứ Sáu", "Thứ Bảy" };
	const struct config *cfg = m->cfg;
	const struct layout *L = &f->lay;
	char date[64], clock[16];
	int t[7];
	civil(st->wall_ms, cfg->utc_offset_min, t);
	snprintf(date, sizeof date, "%s, %02d/%02d/%04d", wd[t[3]], t[2], t[1], t[0]);
	snprintf(clock, sizeof clock, "%02d:%02d:%02d", t[4], t[5], t[6]);
	/* The clock alone changes each second: it is a region of its own. */
	if (region_changed(f, RG_HEADER, h_int(h_str(h_str(1, cfg->name), date), st->lost))) {
		ground(f, L->box[LAYOUT_HEADER], C_HEADER);
		text_s(f, f->bold, cfg->name, L->box[LAYOUT_NAME], L->name_px, 70, LEFT, C_GOLD);
		if (st->lost) {   /* a follower without its display: what it shows may be old */
			ground(f, L->box[LAYOUT_DATE], C_AMBER);
			text(f, f->bold, "MẤT KẾT NỐI", L->box[LAYOUT_DATE], L->date_px, CENTER, C_NAVY);
			f->bg = C_HEADER;
		} else {
			text(f, f->regular, date, L->box[LAYOUT_DATE], L->date_px, RIGHT, C_WHITE);
		}
		f->valid_clock = false;
	}
	if (region_changed(f, RG_CLOCK, h_str(f->valid_clock ? 7 : 8, clock))) {
		ground(f, L->box[LAYOUT_CLOCK], C_HEADER);
		text(f, f->bold, clock, L->box[LAYOUT_CLOCK], L->clock_px, RIGHT, C_WHITE);
	}
	f->valid_clock = true;
}

static void draw_call(struct frame *f, const struct wall *m, const struct frame_state *st)
{
	const struct layout *L = &f->lay;
	struct layout_rect box = L->box[LAYOUT_CALL];
	bool lit = st->flashing && st->flash_on;
	bool valid_call = st->call_label && st->call_label[0];
	uint64_t sig = h_int(h_int(h_int(2, st->call_counter), lit), st->pending);
	if (valid_call) sig = h_str(h_int(sig, st->call_priority), st->call_label);
	if (!region_changed(f, RG_CALL, sig)) return;
	ground(f, box, lit ? C_GOLD : C_CALL);
	frame_rect(f, box, box.h / 40 + 1, C_GOLD);
	struct rgb fg = lit ? C_NAVY : C_WHITE, cap = lit ? C_NAVY : C_GOLD;
	char line[256], buf[32], caption[256];
	if (!valid_call) {
		text(f, f->regular, "KÍNH CHÀO QUÝ CÔNG DÂN", L->box[LAYOUT_CAPTION], L->caption_px, CENTER, C_GOLD);
		text_s(f, f->bold, "Mời lấy số thứ tự tại máy lấy số", L->box[LAYOUT_CALLTEXT],
		       L->call_px * 6 / 10, 50, CENTER, C_SOFT);
		return;
	}
	const struct config *cfg = m->cfg;
	int prio = st->call_priority;
	int n = snprintf(caption, sizeof caption, "XIN MỜI CÔNG DÂN CÓ SỐ");
	if (prio > 0 && prio <= cfg->ngroups)
		snprintf(caption + n, sizeof caption - (size_t)n, "  ·  ƯU TIÊN: %s", cfg->groups[prio - 1].name);
	struct layout_rect cb = L->box[LAYOUT_CAPTION];
	text_s(f, f->regular, caption, cb, L->caption_px, 70, CENTER, cap);
	if (st->pending > 0) {
		char more[64];
		struct layout_rect right = { cb.x + cb.w * 3 / 4, cb.y, cb.w / 4, cb.h };
		snprintf(more, sizeof more, "+%d số tiếp theo", st->pending);
		text(f, f->regular, more, right, L->caption_px, RIGHT, cap);
	}
	snprintf(line, sizeof line, "Số %s %s %s", st->call_label, f->arrow,
	         counter_name(st->call_counter, buf, sizeof buf));
	text_s(f, f->bold, line, L->box[LAYOUT_CALLTEXT], L->call_px, 50, CENTER,
	     prio && !lit ? C_GOLD : fg);
}

static void draw_tile(struct frame *f, const struct wall *m, int i, int ci,
                      const struct layout_tile *lt, const struct frame_state *st)
{
	const struct layout *L = &f->lay;
	const struct wall_tile *c = &m->tile[ci];
	const struct config *cfg = m->cfg;
	const struct config_counter *cc = &cfg->counters[ci];
	bool has = c->ticket[0] != 0;
	char label[300], state[160];
	bool lit = st->flashing && cc->no == st->call_counter;
	uint64_t sig = h_str(h_int(h_int(h_int(3, ci), c->state), lit), c->reason);
	sig = has ? h_str(h_int(sig, c->priority), c->ticket) : h_int(sig, -1);
	if (!region_changed(f, RG_TILE0 + i, sig)) return;
	struct rgb bg = c->state == WALL_PAUSED ? C_TILE_PAUSED :
	                c->state == WALL_CLOSED ? C_TILE_CLOSED : C_TILE;
	ground(f, lt->r, bg);
	if (lit)
		frame_rect(f, lt->r, lt->r.h / 30 + 2, C_GOLD);
	bool closed = c->state == WALL_CLOSED, mark = has && c->priority;
	struct layout_rect lb = lt->label;
	if (!mark) lb.w = lt->mark.x + lt->mark.w - lb.x;   /* no badge: the whole line */
	if (cc->name[0]) snprintf(label, sizeof label, "%s", cc->name);
	else snprintf(label, sizeof label, "Quầy %d", cc->no);
	int used = text(f, f->bold, label, lb, L->label_px, LEFT, closed ? C_DIM : C_GOLD);
	if (cc->nservices > 0 && used + L->label_px < lb.w) {
		struct layout_rect rest = { lb.x + used, lb.y, lb.w - used, lb.h };
		snprintf(label, sizeof label, " · %s", cfg->services[cc->services[0]].name);
		text(f, f->regular, label, rest, L->label_px * 85 / 100, LEFT, closed ? C_DIM : C_SOFT);
	}
	struct rgb sc = C_SOFT;
	switch (c->state) {
	case WALL_SERVING: snprintf(state, sizeof state, "Đang phục vụ"); sc = C_GREEN; break;
	case WALL_OPEN: snprintf(state, sizeof state, "Sẵn sàng"); break;
	case WALL_PAUSED:
		snprintf(state, sizeof state, "Tạm nghỉ%s%s", c->reason[0] ? ": " : "", c->reason);
		sc = C_AMBER;
		break;
	case WALL_CLOSED: snprintf(state, sizeof state, "Đóng"); sc = C_DIM; break;
	}
	text(f, f->regular, state, lt->state, L->state_px, LEFT, sc);
	if (has) {
		ticket_text(f, c->ticket, lt->ticket, L->ticket_px, CENTER, c->priority ? C_GOLD : C_WHITE);
		if (mark) {
			ground(f, lt->mark, C_BADGE);
			text(f, f->bold, "ƯT", lt->mark, L->mark_px, CENTER, C_WHITE);
		}
	} else {
		ticket_text(f, "—", lt->ticket, L->ticket_px / 2, CENTER, C_DIM);
	}
}

/* The model's recent calls of the zone, newest first. */
static int zone_recent(const struct wall *m, const struct zone *z, int *idx)
{
	int n = 0;
	for (int i = 0; i < m->nrecent && n < LAYOUT_NRECENT; i++)
		if (z->all || zone_has(z, m->cfg, m->recent[i].counter)) idx[n++] = i;
	return n;
}

static void draw_recent(struct frame *f, const struct wall *m, const struct zone *z)
{
	const struct layout *L = &f->lay;
	int idx[LAYOUT_NRECENT], n = zone_recent(m, z, idx);
	uint64_t sig = 4;
	for (int i = 0; i < n; i++) {
		const struct wall_call *t = &m->recent[idx[i]];
		sig = h_int(h_int(h_str(sig, t->label), t->at_ms), t->counter);
	}
	if (!region_changed(f, RG_RECENT, sig)) return;
	ground(f, L->box[LAYOUT_RECENT], C_PANEL);
	text(f, f->bold, "SỐ VỪA GỌI", L->recent_head, L->head_px, LEFT, C_GOLD);
	for (int i = 0; i < n; i++) {
		const struct wall_call *t = &m->recent[idx[i]];
		char buf[32], tm[16];
		int c[7];
		civil(t->at_ms, m->cfg->utc_offset_min, c);
		snprintf(tm, sizeof tm, "%02d:%02d", c[4], c[5]);
		struct rgb col = i == 0 ? C_GOLD : C_WHITE;
		text(f, f->bold, t->label, L->recent_cell[i][0], L->row_px, LEFT, col);
		text(f, f->regular, counter_name(t->counter, buf, sizeof buf),
		     L->recent_cell[i][1], L->row_px, LEFT, col);
		text(f, f->regular, tm, L->recent_cell[i][2], L->row_px, RIGHT, C_SOFT);
	}
}

static void draw_waiting(struct frame *f, const struct wall *m, const struct zone *z)
{
	const struct layout *L = &f->lay;
	const struct config *cfg = m->cfg;
	uint64_t sig = 5;
	for (int i = 0; i < cfg->nservices; i++) sig = h_int(sig, z->service[i] ? m->waiting[i] : -1);
	if (!region_changed(f, RG_WAITING, sig)) return;
	ground(f, L->box[LAYOUT_WAITING], C_PANEL);
	text(f, f->bold, "ĐANG CHỜ", L->waiting_head, L->head_px, LEFT, C_GOLD);
	for (int i = 0, row = 0; row < L->nwaiting && i < cfg->nservices; i++) {
		if (!z->service[i]) continue;
		char name[300], count[16];
		snprintf(name, sizeof name, "%s  %s", cfg->services[i].prefix[0] ?
		         cfg->services[i].prefix : cfg->services[i].code, cfg->services[i].name);
		snprintf(count, sizeof count, "%d", m->waiting[i]);
		text(f, f->regular, name, L->waiting_name[row], L->wait_px, LEFT, C_WHITE);
		text(f, f->bold, count, L->waiting_count[row], L->wait_px, RIGHT, C_GOLD);
		row++;
	}
}

int frame_ticker_width(struct frame *f, const char *ticker)
{
	if (!ticker || !*ticker || !f->lay.ticker_px) return 0;
	const struct text_tex *t = text_get(f, f->regular, ticker, 1 << 20, f->lay.ticker_px,
	                                f->lay.ticker_px, C_SOFT);
	return t ? t->w : 0;
}

static void draw_ticker(struct frame *f, const struct frame_state *st)
{
	const struct layout *L = &f->lay;
	struct layout_rect b = L->box[LAYOUT_TICKTEXT];
	uint64_t sig = h_int(h_int(h_int(h_int(6, st->ticker_offset), st->ticker_still), st->sound_ok),
	                     st->listener_ok);
	sig = h_str(sig, st->alarm ? st->alarm : "");
	sig = h_int(h_str(sig, st->devices ? st->devices : ""), st->lost);
	if (!region_changed(f, RG_TICKER, h_str(sig, st->ticker ? st->ticker : ""))) return;
	ground(f, L->box[LAYOUT_TICKER], C_TICKER);
	/* a fault of the record (clock, disk) takes the whole band */
	bool ticker = st->ticker && *st->ticker && !st->alarm;
	if (ticker) {
		const struct text_tex *t = text_get(f, f->regular, st->ticker, 1 << 20, L->ticker_px,
		                                L->ticker_px, C_SOFT);
		if (t && t->tex) {
			int cycle = t->w + b.w;
			int x = st->ticker_still ? b.x : b.x + b.w - (cycle ? st->ticker_offset % cycle : 0);
			SDL_Rect clip = { b.x, b.y, b.w, b.h };
			SDL_RenderSetClipRect(f->r, &clip);
			blit(f, t, x, b.y + (b.h - t->h) / 2);
			SDL_RenderSetClipRect(f->r, NULL);
		}
	}
	char warn[700] = "";
	if (st->alarm) snprintf(warn, sizeof warn, "%.300s", st->alarm);
	if (st->lost) strcat(strcat(warn, *warn ? "  ·  " : ""), "Mất kết nối với màn hình chính, đang kết nối lại");
	if (!st->sound_ok) strcat(strcat(warn, *warn ? "  ·  " : ""), "Không có âm thanh");
	if (!st->listener_ok) strcat(strcat(warn, *warn ? "  ·  " : ""), "Chưa công bố trên mạng LAN");
	if (st->devices && *st->devices)
		snprintf(warn + strlen(warn), sizeof warn - strlen(warn), "%s%s", *warn ? "  ·  " : "", st->devices);
	if (*warn) {
		char line[760];
		struct layout_rect sb = L->box[LAYOUT_STATUS];
		if (!ticker) {   /* no ticker: the warning may use the band */
			sb.w = sb.x + sb.w - b.x;
			sb.x = b.x;
		}
		snprintf(line, sizeof line, "%s %s", font_has(f->regular, 0x26A0) ? "\xE2\x9A\xA0" : "!", warn);
		text(f, f->regular, line, sb, L->status_px, RIGHT, C_AMBER);
	}
}

/* Lines shown in place of the queue (frame_state.notice): the first as a
 * heading, in a panel centred between the header and the band. */
static void draw_notice(struct frame *f, const char *notice)
{
	const struct layout *L = &f->lay;
	if (!region_changed(f, RG_NOTICE, h_str(9, notice))) return;
	int top = L->box[LAYOUT_HEADER].y + L->box[LAYOUT_HEADER].h, pad = L->width / 16;
	int head = L->call_px / 2, px = L->caption_px, n = 0;
	char buf[400], *line[4];
	snprintf(buf, sizeof buf, "%s", notice);
	for (char *s = buf; n < 4 && s; ) {   /* one line per '\n' */
		line[n++] = s;
		if ((s = strchr(s, '\n'))) *s++ = 0;
	}
	struct layout_rect area = { 0, top, L->width, L->box[LAYOUT_TICKER].y - top };
	int h = head * 2 + (n - 1) * px * 2 + px * 2;   /* each line with its spacing, and a margin */
	struct layout_rect box = { pad, area.y + (h < area.h ? (area.h - h) / 2 : 0), area.w - 2 * pad,
	                           h < area.h ? h : area.h };
	ground(f, area, C_BG);
	ground(f, box, C_PANEL);
	frame_rect(f, box, box.h / 60 + 1, C_GOLD);
	struct layout_rect r = { box.x + pad / 2, box.y + px, box.w - pad, head * 2 };
	for (int i = 0; i < n; i++) {
		if (i == 0) text_s(f, f->bold, line[0], r, head, 50, CENTER, C_GOLD);
		else text_s(f, f->regular, line[i], r, px, 60, CENTER, i == 1 ? C_WHITE : C_SOFT);
		r.y += r.h;
		r.h = px * 2;
	}
}

static void draw_all(struct frame *f, const struct wall *m, const struct zone *z,
                     const struct frame_state *st, const int *vis);

/* The longest label a service can give, in zeros: "A000", "0000". */
static void ticket_sample(const struct config *cfg, char *out, size_t len)
{
	snprintf(out, len, "A000");
	for (int i = 0; i < cfg->nservices; i++) {
		char buf[16];
		int d = cfg->services[i].digits, last = cfg->services[i].last;
		int nd = 1;
		for (; last >= 10; last /= 10) nd++;
		snprintf(buf, sizeof buf, "%s%0*d", cfg->services[i].prefix, d > nd ? d : nd, 0);
		if (strlen(buf) > strlen(out)) snprintf(out, len, "%s", buf);
	}
}

void frame_draw(struct frame *f, const struct wall *m, const struct zone *z,
                const struct frame_state *st, int w, int h)
{
	int *vis = f->vis, n = frame_visible_counters(m, z, vis, LAYOUT_MAX_TILES);
	int nsv = z->nservices;
	f->frame_no++;
	textcache_frame(f->texts);
	if (f->lay.width != w || f->lay.height != h || f->lay_in.ntiles != n || f->lay_in.nservices != nsv) {
		ticket_sample(m->cfg, f->sample, sizeof f->sample);
		struct layout_in in = { w, h, n, nsv, f->sample, font_measure, f->bold };
		f->lay_in = in;
		if (layout_compute(&in, &f->lay)) memset(&f->lay, 0, sizeof f->lay);
		f->lay_in.ntiles = n;
		f->valid = false;
	}
	if (!f->direct && (!f->canvas || f->cw != w || f->ch != h)) {
		if (f->canvas) SDL_DestroyTexture(f->canvas);
		f->canvas = SDL_CreateTexture(f->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
		f->cw = w;
		f->ch = h;
		f->valid = false;
	}
	if (f->canvas) SDL_SetRenderTarget(f->r, f->canvas);
	if (f->noticed != (st->notice != NULL)) f->valid = false;   /* every region changes */
	f->noticed = st->notice != NULL;
	if (!f->valid) {
		SDL_SetRenderDrawColor(f->r, C_BG.r, C_BG.g, C_BG.b, 255);
		SDL_RenderClear(f->r);
	}
	if (f->lay.width) draw_all(f, m, z, st, vis);
	f->valid = f->lay.width > 0;
	if (f->canvas) {
		SDL_SetRenderTarget(f->r, NULL);
		SDL_RenderCopy(f->r, f->canvas, NULL, NULL);
	}
	if (f->frame_no % 30 == 0) textcache_sweep(f->texts, CACHE_KEEP);
}

static void draw_all(struct frame *f, const struct wall *m, const struct zone *z,
                     const struct frame_state *st, const int *vis)
{
	draw_header(f, m, st);
	if (st->notice) {
		draw_notice(f, st->notice);
		draw_ticker(f, st);
		return;
	}
	draw_call(f, m, st);
	for (int i = 0; i < f->lay.ntiles; i++) draw_tile(f, m, i, vis[i], &f->lay.tile[i], st);
	draw_recent(f, m, z);
	draw_waiting(f, m, z);
	draw_ticker(f, st);
}
