/*
 * panel_view: draws the panel's window and the citizen's rating view, and
 * remembers where the buttons were drawn for clicks and touches.
 *
 * Everything is laid out in units of a 520 x 640 window scaled to the
 * actual size, so the panel stays readable when enlarged on a touch
 * screen. Every text is fitted to its box (layout_fit_text: shrink, then
 * ellipsis), and rendered texts are kept as textures already blended on
 * their ground, so a redraw where little changed costs fills and copies.
 */
#include "panel_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "font.h"
#include "layout.h"
#include "link.h"
#include "png.h"
#include "textcache.h"

enum {
	C_BG = 0x0B1F3A, C_HEADER = 0x961820, C_PANEL = 0x133357, C_GOLD = 0xFFD25A,
	C_WHITE = 0xFFFFFF, C_SOFT = 0xBECDE1, C_DIM = 0x6E7D91, C_GREEN = 0x78DC8C,
	C_AMBER = 0xFFB74D, C_RED = 0xFF8A80, C_BADGE = 0xE65100, C_BUTTON = 0x1F5A99,
	C_NEXT = 0x2E7D32, C_OFF = 0x22324A, C_BAR = 0x08162A, C_ENTRY = 0xF4F6FA,
	C_NAVY = 0x0B1F3A
};

static const Uint32 rating_colors[5] = { 0x2E7D32, 0x689F38, 0x546E7A, 0xEF6C00, 0xC62828 };

enum align { LEFT, CENTER, RIGHT };

struct ctx {
	const struct panelstate *p;
	const struct link *link;
	const struct pv_look *f;
	struct pv_canvas *c;
	int w, h;
	double s;          /* scale from the 520 x 640 design */
	int ox, oy;        /* where the design's origin is (centred views) */
};

/* A length of the 520 x 640 design, scaled to the window. */
static int scaled(const struct ctx *x, double v) { return (int)(v * x->s + 0.5); }

/* A box of the design, scaled and placed. */
static struct pv_rect box(const struct ctx *x, double px, double py, double pw, double ph)
{
	struct pv_rect r = { x->ox + scaled(x, px), x->oy + scaled(x, py), scaled(x, pw), scaled(x, ph) };
	return r;
}

/* ---- texts ---- */

void pv_canvas_free(struct pv_canvas *c)
{
	textcache_free(c->texts);
	if (c->r) SDL_DestroyRenderer(c->r);
	if (c->win) SDL_DestroyWindow(c->win);
	memset(c, 0, sizeof *c);
}

/* The texture of s fitted to w at px (down to min_pct % of it, then cut
 * with an ellipsis), blended on the ground being drawn. */
static const struct text_tex *text_get(struct ctx *x, bool bold, const char *s, int w, int px,
                                       int min_pct, Uint32 color)
{
	struct pv_canvas *c = x->c;
	if (!c->texts && !(c->texts = textcache_new(c->r, PANEL_TEXT_CACHE, false))) return NULL;
	int min = px * min_pct / 100 > 8 ? px * min_pct / 100 : 8;
	return textcache_get(c->texts, bold ? x->f->bold : x->f->regular, s, w, px, min, color, c->bg);
}

static void text_s(struct ctx *x, bool bold, const char *s, struct pv_rect b, int px, int min_pct,
                   enum align a, Uint32 color)
{
	if (!s || !*s || b.w <= 0) return;
	const struct text_tex *t = text_get(x, bold, s, b.w, px, min_pct, color);
	if (!t || !t->tex) return;
	int tx = a == LEFT ? b.x : a == RIGHT ? b.x + b.w - t->w : b.x + (b.w - t->w) / 2;
	SDL_Rect dst = { tx, b.y + (b.h - t->h) / 2, t->w, t->h };
	SDL_RenderCopy(x->c->r, t->tex, &t->src, &dst);
}

static void text(struct ctx *x, bool bold, const char *s, struct pv_rect b, int px, enum align a, Uint32 color)
{
	text_s(x, bold, s, b, px, 70, a, color);
}

static void fill(struct ctx *x, struct pv_rect b, Uint32 color)
{
	SDL_Rect r = { b.x, b.y, b.w, b.h };
	SDL_SetRenderDrawColor(x->c->r, color >> 16 & 255, color >> 8 & 255, color & 255, 255);
	SDL_RenderFillRect(x->c->r, &r);
	x->c->bg = color;
}

static void border(struct ctx *x, struct pv_rect b, int t, Uint32 color)
{
	Uint32 keep = x->c->bg;
	fill(x, (struct pv_rect){ b.x, b.y, b.w, t }, color);
	fill(x, (struct pv_rect){ b.x, b.y + b.h - t, b.w, t }, color);
	fill(x, (struct pv_rect){ b.x, b.y, t, b.h }, color);
	fill(x, (struct pv_rect){ b.x + b.w - t, b.y, t, b.h }, color);
	x->c->bg = keep;
}

static struct pv_rect inset(struct pv_rect r, int dx, int dy)
{
	return (struct pv_rect){ r.x + dx, r.y + dy, r.w - 2 * dx, r.h - 2 * dy };
}

/* ---- the main view ---- */

static void draw_header(struct ctx *x)
{
	const struct panelstate *p = x->p;
	char name[96], officer[128];
	fill(x, box(x, 0, 0, 520, 44), C_HEADER);
	if (p->m.name[0]) snprintf(name, sizeof name, "%s", p->m.name);
	else snprintf(name, sizeof name, "Quầy %d", p->counter);
	text(x, true, name, box(x, 14, 0, 180, 44), scaled(x, 24), LEFT, C_GOLD);
	if (p->m.officer[0]) snprintf(officer, sizeof officer, "Cán bộ: %s", p->m.officer);
	else snprintf(officer, sizeof officer, "Chưa đăng nhập");
	text(x, false, officer, box(x, 190, 0, 316, 44), scaled(x, 18), RIGHT, p->m.officer[0] ? C_WHITE : C_SOFT);
}

static void draw_ticket(struct ctx *x)
{
	const struct panelstate *p = x->p;
	const struct panel_model *m = &p->m;
	char caption[160], line[200];
	Uint32 cap = C_SOFT;
	bool prio = m->ticket[0] && m->priority[0];
	fill(x, box(x, 0, 44, 520, 180), C_PANEL);
	if (!m->known) snprintf(caption, sizeof caption, "Đang chờ máy hiển thị…");
	else if (m->state == CS_PAUSED) { snprintf(caption, sizeof caption, "TẠM NGHỈ: %s", m->reason); cap = C_AMBER; }
	else if (m->state == CS_CLOSED) snprintf(caption, sizeof caption, "QUẦY ĐÓNG · hãy đăng nhập");
	else if (m->ticket[0]) { snprintf(caption, sizeof caption, "ĐANG PHỤC VỤ"); cap = C_GREEN; }
	else snprintf(caption, sizeof caption, "SẴN SÀNG · nhấn Tiếp theo để gọi số");
	/* the big label first: its line is taller than its box, the caption
	 * above is drawn over its empty top */
	struct pv_rect big = box(x, 60, 82, 400, 100);
	bool live = link_state(x->link) == LINK_READY;
	if (m->ticket[0]) {
		text(x, true, m->ticket, big, scaled(x, 96), CENTER, !live ? C_DIM : prio ? C_GOLD : C_WHITE);
		if (prio) {
			struct pv_rect b = box(x, 440, 100, 64, 40);
			fill(x, b, C_BADGE);
			text(x, true, "ƯT", b, scaled(x, 24), CENTER, C_WHITE);
			x->c->bg = C_PANEL;
		}
		const char *sname = "";
		for (int i = 0; i < m->nservices; i++)
			if (!strcmp(m->services[i].code, m->service)) sname = m->services[i].name;
		snprintf(line, sizeof line, "%s%s%s%s", m->service, *sname ? " · " : "", sname, prio ? " · ưu tiên" : "");
		text(x, false, line, box(x, 14, 186, 492, 32), scaled(x, 18), CENTER, C_SOFT);
	} else {
		text(x, true, "—", big, scaled(x, 64), CENTER, C_DIM);
	}
	fill(x, box(x, 0, 44, 520, 38), C_PANEL);
	text(x, true, caption, box(x, 14, 50, 492, 30), scaled(x, 18), CENTER, cap);
}

static void draw_stats(struct ctx *x)
{
	const struct panelstate *p = x->p;
	char n[16];
	fill(x, box(x, 0, 228, 520, 50), C_BG);
	text(x, false, "Đang chờ", box(x, 14, 228, 150, 50), scaled(x, 17), LEFT, C_SOFT);
	snprintf(n, sizeof n, "%d", p->m.waiting);
	text(x, true, p->m.known ? n : "–", box(x, 150, 228, 100, 50), scaled(x, 30), RIGHT, C_GOLD);
	text(x, false, "Đã phục vụ hôm nay", box(x, 272, 228, 170, 50), scaled(x, 17), LEFT, C_SOFT);
	snprintf(n, sizeof n, "%d", p->m.served);
	text(x, true, p->m.known ? n : "–", box(x, 430, 228, 76, 50), scaled(x, 30), RIGHT, C_GOLD);
}

static void draw_button(struct ctx *x, struct pv_rect b, const char *label, const char *key,
                        bool on, Uint32 color, int px)
{
	fill(x, b, on ? color : C_OFF);
	text(x, true, label, inset(b, scaled(x, 10), 0), px, CENTER, on ? C_WHITE : C_DIM);
	if (key && *key) text(x, false, key, (struct pv_rect){ b.x + b.w - scaled(x, 66), b.y + scaled(x, 2), scaled(x, 60), scaled(x, 20) },
	                      scaled(x, 13), RIGHT, on ? C_SOFT : C_DIM);
}

static void draw_buttons(struct ctx *x)
{
	const struct panelstate *p = x->p;
	struct pv_canvas *c = x->c;
	static const double rows[ACT_COUNT_][4] = {
		[ACT_NEXT] = { 14, 286, 492, 76 },
		[ACT_RECALL] = { 14, 370, 242, 60 }, [ACT_SKIP] = { 264, 370, 242, 60 },
		[ACT_REQUEUE] = { 14, 438, 242, 60 }, [ACT_TRANSFER] = { 264, 438, 242, 60 },
		[ACT_PAUSE] = { 14, 506, 242, 60 }, [ACT_LOGIN] = { 264, 506, 242, 60 },
	};
	fill(x, box(x, 0, 278, 520, 294), C_BG);
	for (int a = 0; a < ACT_COUNT_; a++) {
		char label[96];
		c->buttons[a] = box(x, rows[a][0], rows[a][1], rows[a][2], rows[a][3]);
		snprintf(label, sizeof label, "%s", panelstate_action_label(p, (enum panel_action)a));
		if (a == ACT_REQUEUE && p->m.nnoshows)
			snprintf(label, sizeof label, "%s (%d)", panelstate_action_label(p, ACT_REQUEUE), p->m.nnoshows);
		bool on = panelstate_enabled(p, (enum panel_action)a);
		Uint32 col = a == ACT_NEXT ? C_NEXT : a == ACT_PAUSE && p->m.state == CS_PAUSED ? C_NEXT : C_BUTTON;
		draw_button(x, c->buttons[a], label, x->f->conf->nkeys[a] ? x->f->conf->keys[a][0].name : "",
		            on, col, scaled(x, a == ACT_NEXT ? 30 : 20));
	}
}

static void draw_footer(struct ctx *x)
{
	const struct panelstate *p = x->p;
	const struct link *l = x->link;
	char line[600];
	enum link_state st = link_state(l);
	Uint32 dot = st == LINK_DOWN ? C_RED : st == LINK_READY && !p->device[0] ? C_GREEN : C_AMBER;
	fill(x, box(x, 0, 572, 520, 32), C_BG);
	text_s(x, false, p->message, box(x, 14, 572, 492, 32), scaled(x, 16), 85, LEFT, p->message_err ? C_RED : C_WHITE);
	fill(x, box(x, 0, 604, 520, 36), C_BAR);
	switch (st) {
	case LINK_READY:
		if (p->device[0]) snprintf(line, sizeof line, "%s", p->device);   /* a kiosk not well */
		else snprintf(line, sizeof line, "Đã kết nối %s · %s", link_peer(l), link_center(l));
		break;
	case LINK_LOOKING: snprintf(line, sizeof line, "Đang tìm máy hiển thị… %s", link_reason(l)); break;
	case LINK_CONNECTING: snprintf(line, sizeof line, "Đang kết nối tới %s…", link_peer(l)); break;
	case LINK_DOWN: snprintf(line, sizeof line, "Mất kết nối: %s · các nút tạm khóa", link_reason(l)); break;
	}
	int n = link_retrying(l);
	if (n && strlen(line) < sizeof line - 64)
		snprintf(line + strlen(line), sizeof line - strlen(line), " · chờ gửi lại %d yêu cầu", n);
	fill(x, box(x, 14, 614, 14, 14), dot);
	x->c->bg = C_BAR;
	text_s(x, false, line, box(x, 36, 604, 476, 36), scaled(x, 15), 90, LEFT, dot == C_GREEN ? C_SOFT : dot);
}

/* ---- pickers and the login ---- */

static void draw_picker(struct ctx *x)
{
	const struct panelstate *p = x->p;
	struct pv_canvas *c = x->c;
	struct panel_item items[PANEL_MAX_ITEMS];
	char title[200];
	int n = panelstate_items(p, items, PANEL_MAX_ITEMS);
	int cols = p->view == PV_REQUEUE ? 3 : 1;
	fill(x, box(x, 0, 44, 520, 596), C_BG);
	if (p->view == PV_TRANSFER) snprintf(title, sizeof title, "Chuyển số %s sang lĩnh vực:", p->m.ticket);
	else if (p->view == PV_REQUEUE) snprintf(title, sizeof title, "Chọn số vắng mặt để xếp lại hàng chờ:");
	else snprintf(title, sizeof title, "Lý do tạm nghỉ:");
	text(x, true, title, box(x, 14, 52, 492, 40), scaled(x, 20), LEFT, C_GOLD);
	if (!n) text(x, false, "Không có số nào", box(x, 14, 100, 492, 52), scaled(x, 18), LEFT, C_SOFT);
	int rows = (n + cols - 1) / cols, maxrows = 8;
	double cw = (492.0 - (cols - 1) * 8) / cols;
	c->nitems = 0;
	for (int i = 0; i < n && i / cols < maxrows; i++) {
		char label[240];
		struct pv_rect b = box(x, 14 + (i % cols) * (cw + 8), 100 + (i / cols) * 58, cw, 52);
		c->items[c->nitems++] = b;
		if (i < 9) snprintf(label, sizeof label, "%d   %.200s", i + 1, items[i].label);
		else snprintf(label, sizeof label, "%.200s", items[i].label);
		fill(x, b, C_BUTTON);
		text(x, true, label, inset(b, scaled(x, 14), 0), scaled(x, 20), cols > 1 ? CENTER : LEFT, C_WHITE);
		if (i == p->sel) border(x, b, scaled(x, 3) > 0 ? scaled(x, 3) : 1, C_GOLD);
	}
	(void)rows;
	c->buttons[ACT_COUNT_] = box(x, 14, 572 - 64, 492, 56);
	draw_button(x, c->buttons[ACT_COUNT_], "Hủy", "Esc", true, C_OFF + 0x101010, scaled(x, 20));
}

static void draw_login(struct ctx *x)
{
	const struct panelstate *p = x->p;
	struct pv_canvas *c = x->c;
	char title[96], shown[200];
	fill(x, box(x, 0, 44, 520, 596), C_BG);
	snprintf(title, sizeof title, "Đăng nhập cán bộ · Quầy %d", p->counter);
	text(x, true, title, box(x, 14, 56, 492, 40), scaled(x, 22), LEFT, C_GOLD);
	text(x, false, "Họ và tên (gõ tiếng Việt có dấu):", box(x, 14, 110, 492, 30), scaled(x, 17), LEFT, C_SOFT);
	struct pv_rect entry = box(x, 14, 146, 492, 60);
	fill(x, entry, C_ENTRY);
	snprintf(shown, sizeof shown, "%s%s|", p->login, p->composing);
	text(x, false, shown, inset(entry, scaled(x, 12), 0), scaled(x, 26), LEFT, C_NAVY);
	c->buttons[ACT_LOGIN] = box(x, 14, 230, 242, 60);
	c->buttons[ACT_COUNT_] = box(x, 264, 230, 242, 60);
	draw_button(x, c->buttons[ACT_LOGIN], "Đăng nhập", "Enter", p->login[0] != 0, C_NEXT, scaled(x, 20));
	draw_button(x, c->buttons[ACT_COUNT_], "Hủy", "Esc", true, C_OFF + 0x101010, scaled(x, 20));
}

/* ---- the citizen's rating ---- */

static void draw_rating(struct ctx *x)
{
	const struct panelstate *p = x->p;
	struct pv_canvas *c = x->c;
	char line[200];
	fill(x, box(x, 0, 0, 520, 640), C_BG);
	c->nitems = 0;
	if (!p->rating.active) {
		const char *big = p->rating.thanks_until_ms ? "Cảm ơn ông/bà đã đánh giá!" : "Xin kính chào quý công dân";
		text(x, true, big, box(x, 14, 240, 492, 80), scaled(x, 30), CENTER, C_GOLD);
		snprintf(line, sizeof line, "Quầy %d", p->counter);
		text(x, false, line, box(x, 14, 320, 492, 40), scaled(x, 20), CENTER, C_SOFT);
		return;
	}
	text(x, true, "Ông/bà hài lòng với việc phục vụ?", box(x, 14, 16, 492, 48), scaled(x, 26), CENTER, C_GOLD);
	snprintf(line, sizeof line, "Số %s · Quầy %d%s%s", p->rating.ticket, p->counter,
	         p->m.officer[0] ? " · Cán bộ " : "", p->m.officer);
	text(x, false, line, box(x, 14, 64, 492, 32), scaled(x, 18), CENTER, C_SOFT);
	for (int i = 0; i < 5; i++) {
		struct pv_rect b = box(x, 24, 108 + i * 96, 472, 86);
		c->items[c->nitems++] = b;
		fill(x, b, link_state(x->link) == LINK_READY ? rating_colors[i] : C_OFF);
		text(x, true, panel_rating_labels[i], inset(b, scaled(x, 16), 0), scaled(x, 32), CENTER, C_WHITE);
	}
	x->c->bg = C_BG;
	int64_t left = (p->rating.deadline_ms - p->now_ms + 999) / 1000;
	if (link_state(x->link) == LINK_READY)
		snprintf(line, sizeof line, "Chạm vào một lựa chọn · còn %lld giây", (long long)(left > 0 ? left : 0));
	else
		snprintf(line, sizeof line, "Đang chờ kết nối với máy hiển thị…");
	text(x, false, line, box(x, 14, 592, 492, 40), scaled(x, 17), CENTER, C_SOFT);
}

/* ---- drawing a window ---- */

void pv_draw(const struct panelstate *p, const struct link *l, const struct pv_look *f,
             struct pv_canvas *c, bool present)
{
	Uint64 t0 = SDL_GetPerformanceCounter();
	struct ctx x = { p, l, f, c, 0, 0, 1, 0, 0 };
	SDL_GetRendererOutputSize(c->r, &x.w, &x.h);
	x.s = (double)x.w / 520 < (double)x.h / 640 ? (double)x.w / 520 : (double)x.h / 640;
	if (c->texts) textcache_frame(c->texts);
	memset(c->buttons, 0, sizeof c->buttons);
	c->nitems = 0;
	SDL_SetRenderDrawColor(c->r, C_BG >> 16, C_BG >> 8 & 255, C_BG & 255, 255);
	SDL_RenderClear(c->r);
	if (c->rating || panelstate_rating_shown(p)) {   /* centred: a citizen's screen may be landscape */
		x.ox = (x.w - scaled(&x, 520)) / 2;
		x.oy = (x.h - scaled(&x, 640)) / 2;
		draw_rating(&x);
	} else {
		draw_header(&x);
		if (p->view == PV_MAIN) {
			draw_ticket(&x);
			draw_stats(&x);
			draw_buttons(&x);
			draw_footer(&x);
		} else if (p->view == PV_LOGIN) {
			draw_login(&x);
		} else {
			draw_picker(&x);
		}
	}
	if (c->texts) textcache_sweep(c->texts, 120);   /* drop texts unused for a while */
	SDL_RenderFlush(c->r);   /* SDL batches: the pixels are drawn here */
	c->last_draw_ms = (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / (double)SDL_GetPerformanceFrequency();
	c->frames++;
	c->dirty = false;
	if (present) SDL_RenderPresent(c->r);
}

int pv_hit_button(const struct pv_canvas *c, int x, int y)
{
	for (int a = 0; a <= ACT_COUNT_; a++) {
		struct pv_rect r = c->buttons[a];
		if (r.w && x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) return a;
	}
	return -1;
}

int pv_hit_item(const struct pv_canvas *c, int x, int y)
{
	for (int i = 0; i < c->nitems; i++) {
		struct pv_rect r = c->items[i];
		if (x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) return i;
	}
	return -1;
}

int pv_capture(struct pv_canvas *c, const char *path, char *err, size_t errlen)
{
	int w, h;
	SDL_GetRendererOutputSize(c->r, &w, &h);
	unsigned char *px = malloc((size_t)w * h * 4);
	int rc = -1;
	if (!px) { snprintf(err, errlen, "out of memory"); return -1; }
	if (SDL_RenderReadPixels(c->r, NULL, SDL_PIXELFORMAT_ABGR8888, px, w * 4)) {
		snprintf(err, errlen, "reading the frame: %s", SDL_GetError());
	} else {
		for (long i = 0; i < (long)w * h; i++) px[i * 4 + 3] = 255;
		if ((rc = file_write_png(path, px, w, h, 4, w * 4)))
			snprintf(err, errlen, "%s: %s", path, png_strerror(rc));
	}
	free(px);
	SDL_RenderPresent(c->r);
	return rc ? -1 : 0;
}
