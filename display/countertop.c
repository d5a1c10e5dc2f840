/*
 * countertop: one counter's display (see countertop.h). Every frame is
 * drawn whole: a small screen and a few texts, redrawn only when the
 * board says something changed (a call, a flash phase, the clock's
 * minute).
 */
#include "countertop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font.h"
#include "textcache.h"

#define CACHE_SIZE 64

/* The wall board's colours (frame.c), so the hall reads as one system. */
static const uint32_t C_BG = 0x0B1F3A, C_HEADER = 0x961820, C_GOLD = 0xFFD25A, C_WHITE = 0xFFFFFF,
	C_SOFT = 0xBECDE1, C_DIM = 0x6E7D91, C_GREEN = 0x78DC8C, C_AMBER = 0xFFB74D, C_NAVY = 0x0B1F3A,
	C_CALL = 0x123C66, C_PAUSED = 0x423618, C_BADGE = 0xE65100;

struct countertop {
	SDL_Renderer *r;
	struct font *regular, *bold;
	struct textcache *texts;
	unsigned long frame_no;
};

struct countertop *countertop_new(SDL_Renderer *r, struct font *regular, struct font *bold)
{
	struct countertop *c = calloc(1, sizeof *c);
	if (!c) return NULL;
	c->r = r;
	c->regular = regular;
	c->bold = bold;
	if (!(c->texts = textcache_new(r, CACHE_SIZE, true))) { free(c); return NULL; }
	return c;
}

void countertop_free(struct countertop *c)
{
	if (!c) return;
	textcache_free(c->texts);
	free(c);
}

static void fill(struct countertop *c, SDL_Rect b, uint32_t rgb)
{
	SDL_SetRenderDrawColor(c->r, rgb >> 16 & 255, rgb >> 8 & 255, rgb & 255, 255);
	SDL_RenderFillRect(c->r, &b);
}

enum align { LEFT, CENTER, RIGHT };

/* s fitted in box b (shrunk down to half of px, then cut), centred on the
 * box's height; digits and capitals (cap) are centred on their cap height. */
static void text(struct countertop *c, struct font *f, const char *s, SDL_Rect b, int px,
                 enum align a, uint32_t fg, uint32_t bg, bool cap)
{
	const struct text_tex *t = textcache_get(c->texts, f, s, b.w, px, px / 2 > 8 ? px / 2 : 8, fg, bg);
	if (!t || !t->tex) return;
	int x = a == LEFT ? b.x : a == RIGHT ? b.x + b.w - t->w : b.x + (b.w - t->w) / 2;
	int y = b.y + (b.h - t->h) / 2;
	if (cap) {
		int ch = font_cap_height(f, t->px), asc = font_ascent(f, t->px);
		y = b.y + (b.h - ch) / 2 - (asc - ch);
	}
	SDL_Rect dst = { x, y + t->top, t->w, t->ih };
	SDL_RenderSetClipRect(c->r, &b);
	SDL_RenderCopy(c->r, t->tex, &t->src, &dst);
	SDL_RenderSetClipRect(c->r, NULL);
}

/* The counter's services' waiting citizens. */
static int waiting_for(const struct wall *m, const struct config_counter *cc)
{
	int n = 0;
	for (int k = 0; k < cc->nservices; k++) n += m->waiting[cc->services[k]];
	return n;
}

static void draw_header(struct countertop *c, const struct wall *m, const struct config_counter *cc,
                        const struct frame_state *st, SDL_Rect b)
{
	char name[300], clock[16];
	fill(c, b, C_HEADER);
	int pad = b.h / 6, px = b.h * 55 / 100;
	int64_t s = st->wall_ms / 1000 + (int64_t)m->cfg->utc_offset_min * 60;
	snprintf(clock, sizeof clock, "%02d:%02d", (int)(s / 3600 % 24), (int)(s / 60 % 60));
	if (cc->name[0]) snprintf(name, sizeof name, "%s", cc->name);
	else snprintf(name, sizeof name, "Quầy %d", cc->no);
	SDL_Rect right = { b.x + b.w * 70 / 100, b.y, b.w * 30 / 100 - pad, b.h };
	SDL_Rect left = { b.x + pad, b.y, right.x - b.x - 2 * pad, b.h };
	text(c, c->bold, name, left, px, LEFT, C_GOLD, C_HEADER, false);
	if (st->lost) {
		SDL_Rect mark = { right.x, b.y + pad / 2, right.w + pad / 2, b.h - pad };
		fill(c, mark, C_AMBER);
		text(c, c->bold, "MẤT KẾT NỐI", mark, px * 8 / 10, CENTER, C_NAVY, C_AMBER, false);
	} else {
		text(c, c->bold, clock, right, px, RIGHT, C_WHITE, C_HEADER, true);
	}
}

static void draw_number(struct countertop *c, const struct wall_tile *t, const struct frame_state *st,
                        SDL_Rect b)
{
	bool lit = st->flashing && st->flash_on;
	uint32_t bg = lit ? C_GOLD : t->state == WALL_PAUSED ? C_PAUSED : C_CALL;
	fill(c, b, bg);
	if (st->flashing) {   /* a gold frame for the whole moment of the call */
		int k = b.h / 30 + 2;
		SDL_Rect e[4] = { { b.x, b.y, b.w, k }, { b.x, b.y + b.h - k, b.w, k },
		                  { b.x, b.y, k, b.h }, { b.x + b.w - k, b.y, k, b.h } };
		for (int i = 0; i < 4; i++) fill(c, e[i], C_GOLD);
	}
	SDL_Rect cap = { b.x, b.y + b.h / 20, b.w, b.h * 18 / 100 };
	SDL_Rect num = { b.x + b.w / 20, cap.y + cap.h + b.h / 30, b.w * 18 / 20, b.h * 68 / 100 };
	const char *caption = st->flashing ? "XIN MỜI CÔNG DÂN CÓ SỐ" : t->ticket[0] ? "ĐANG PHỤC VỤ SỐ" : "";
	text(c, c->regular, caption, cap, cap.h * 70 / 100, CENTER, lit ? C_NAVY : C_GOLD, bg, false);
	if (t->ticket[0]) {
		uint32_t fg = lit ? C_NAVY : t->priority ? C_GOLD : C_WHITE;
		text(c, c->bold, t->ticket, num, (int)(num.h / 0.76), CENTER, fg, bg, true);
	} else if (t->state == WALL_PAUSED || t->state == WALL_CLOSED) {   /* said large: nobody waits in vain */
		bool paused = t->state == WALL_PAUSED;
		text(c, c->bold, paused ? "TẠM NGHỈ" : "ĐÓNG", num, num.h * 45 / 100, CENTER,
		     paused ? C_AMBER : C_DIM, bg, true);
	} else {
		text(c, c->bold, "—", num, num.h / 2, CENTER, C_DIM, bg, true);
	}
	if (t->ticket[0] && t->priority) {   /* the wall's ƯT badge, top right */
		SDL_Rect badge = { b.x + b.w - b.w / 7 - b.h / 20, b.y + b.h / 20, b.w / 7, cap.h };
		fill(c, badge, C_BADGE);
		text(c, c->bold, "ƯT", badge, cap.h * 70 / 100, CENTER, C_WHITE, C_BADGE, false);
	}
}

static void draw_footer(struct countertop *c, const struct wall *m, const struct config_counter *cc,
                        const struct wall_tile *t, SDL_Rect b)
{
	char state[160], wait[64];
	uint32_t sc = C_SOFT;
	switch (t->state) {
	case WALL_SERVING: snprintf(state, sizeof state, "Đang phục vụ"); sc = C_GREEN; break;
	case WALL_OPEN: snprintf(state, sizeof state, "Sẵn sàng"); break;
	case WALL_PAUSED:
		snprintf(state, sizeof state, "Tạm nghỉ%s%s", t->reason[0] ? ": " : "", t->reason);
		sc = C_AMBER;
		break;
	case WALL_CLOSED: snprintf(state, sizeof state, "Đóng"); sc = C_DIM; break;
	}
	snprintf(wait, sizeof wait, "Đang chờ: %d", waiting_for(m, cc));
	fill(c, b, C_BG);
	int pad = b.h / 5, px = b.h * 50 / 100;
	SDL_Rect left = { b.x + pad, b.y, b.w * 62 / 100 - pad, b.h };
	SDL_Rect right = { b.x + b.w * 62 / 100, b.y, b.w * 38 / 100 - pad, b.h };
	text(c, c->bold, state, left, px, LEFT, sc, C_BG, false);
	text(c, c->regular, wait, right, px * 85 / 100, RIGHT, C_SOFT, C_BG, false);
}

/* Lines shown in place of the counter's number and state
 * (frame_state.notice): the first as a heading, centred in b. */
static void draw_notice(struct countertop *c, const char *notice, SDL_Rect b)
{
	char buf[400], *line[4];
	int n = 0, head = b.w / 22, px = head * 3 / 4;
	snprintf(buf, sizeof buf, "%s", notice);
	for (char *s = buf; n < 4 && s; ) {   /* one line per '\n' */
		line[n++] = s;
		if ((s = strchr(s, '\n'))) *s++ = 0;
	}
	fill(c, b, C_CALL);
	SDL_Rect r = { b.x + b.w / 20, b.y + (b.h - head * 2 - (n - 1) * px * 2) / 2, b.w * 18 / 20, head * 2 };
	for (int i = 0; i < n; i++) {
		text(c, i ? c->regular : c->bold, line[i], r, i ? px : head, CENTER, i ? C_SOFT : C_GOLD, C_CALL, false);
		r.y += r.h;
		r.h = px * 2;
	}
}

void countertop_draw(struct countertop *c, const struct wall *m, int no, const struct frame_state *st,
                     int w, int h)
{
	int i = config_counter_index(m->cfg, no);
	c->frame_no++;
	textcache_frame(c->texts);
	SDL_SetRenderTarget(c->r, NULL);
	fill(c, (SDL_Rect){ 0, 0, w, h }, C_BG);
	if (i < 0) return;
	const struct config_counter *cc = &m->cfg->counters[i];
	const struct wall_tile *t = &m->tile[i];
	int head = h * 16 / 100, foot = h * 18 / 100, gap = h / 60;
	draw_header(c, m, cc, st, (SDL_Rect){ 0, 0, w, head });
	if (st->notice) {   /* no number, no state: they may be stale */
		draw_notice(c, st->notice, (SDL_Rect){ gap, head + gap, w - 2 * gap, h - head - 2 * gap });
	} else {
		draw_number(c, t, st, (SDL_Rect){ gap, head + gap, w - 2 * gap, h - head - foot - 2 * gap });
		draw_footer(c, m, cc, t, (SDL_Rect){ 0, h - foot, w, foot });
	}
	if (c->frame_no % 30 == 0) textcache_sweep(c->texts, 90);
}
