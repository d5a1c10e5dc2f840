/*
 * kview: the kiosk's drawing (see kview.h). Colours follow the wall board,
 * so the hall reads as one system: dark blue ground, gold for numbers.
 */
#include "kview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font.h"
#include "textcache.h"

#define CACHE 48

struct kview {
	SDL_Renderer *r;
	struct font *regular, *bold;
	struct textcache *texts;
};

enum align { LEFT, CENTER, RIGHT };

static const SDL_Color C_BG = { 11, 31, 58, 255 }, C_HEADER = { 150, 24, 32, 255 },
	C_BUTTON = { 23, 66, 112, 255 }, C_CLOSED = { 40, 48, 60, 255 }, C_GOLD = { 255, 210, 90, 255 },
	C_WHITE = { 255, 255, 255, 255 }, C_SOFT = { 190, 205, 225, 255 }, C_AMBER = { 255, 180, 70, 255 },
	C_FOOT = { 8, 22, 42, 255 }, C_RED = { 200, 60, 60, 255 }, C_KEY = { 40, 90, 150, 255 };

struct kview *kview_new(SDL_Renderer *r, struct font *regular, struct font *bold)
{
	struct kview *v = calloc(1, sizeof *v);
	if (!v) return NULL;
	v->r = r;
	v->regular = regular;
	v->bold = bold;
	if (!(v->texts = textcache_new(r, CACHE, false))) { free(v); return NULL; }
	return v;
}

void kview_free(struct kview *v)
{
	if (!v) return;
	textcache_free(v->texts);
	free(v);
}

static void fill(struct kview *v, struct ks_rect b, SDL_Color c)
{
	SDL_Rect r = { b.x, b.y, b.w, b.h };
	SDL_SetRenderDrawColor(v->r, c.r, c.g, c.b, 255);
	SDL_RenderFillRect(v->r, &r);
}

static uint32_t rgb(SDL_Color c) { return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b; }

/* Draws text in box b (vertically centred), at most px (down to min_px,
 * then cut with "…"), blended on whatever lies under it. */
static void text(struct kview *v, bool bold, const char *s, struct ks_rect b, int px, int min_px,
                 enum align al, SDL_Color c)
{
	if (!s || !*s) return;
	const struct text_tex *t = textcache_get(v->texts, bold ? v->bold : v->regular, s, b.w, px,
	                                         min_px, rgb(c), TEXTCACHE_CLEAR);
	if (!t || !t->tex) return;
	int x = al == LEFT ? b.x : al == CENTER ? b.x + (b.w - t->w) / 2 : b.x + b.w - t->w;
	SDL_Rect dst = { x, b.y + (b.h - t->h) / 2, t->w, t->h };
	SDL_RenderCopy(v->r, t->tex, &t->src, &dst);
}

static struct ks_rect sub(struct ks_rect b, int top, int h)
{
	struct ks_rect r = { b.x, b.y + top, b.w, h };
	return r;
}

/* Several lines stacked in b, each (text, px, bold, colour). */
struct line { const char *s; int px; bool bold; SDL_Color c; };

static void stack(struct kview *v, struct ks_rect b, const struct line *ls, int n, int min_px)
{
	int total = 0;
	for (int i = 0; i < n; i++) total += ls[i].px * 14 / 10;
	int y = b.y + (b.h - total) / 2;
	for (int i = 0; i < n; i++) {
		struct ks_rect r = { b.x + b.w / 20, y, b.w - b.w / 10, ls[i].px * 14 / 10 };
		text(v, ls[i].bold, ls[i].s, r, ls[i].px, min_px, CENTER, ls[i].c);
		y += r.h;
	}
}

static void draw_buttons(struct kview *v, const struct kscreen *s, const struct ks_layout *L, bool groups)
{
	for (int i = 0; i < L->nbuttons; i++) {
		struct ks_rect b = L->button[i];
		char line[300];
		if (groups) {
			fill(v, b, C_BUTTON);
			text(v, true, s->groups[i].name, b, L->name_px, L->min_px, CENTER, C_WHITE);
			continue;
		}
		const struct ks_service *sv = &s->sv[i];
		fill(v, b, sv->open ? C_BUTTON : C_CLOSED);
		kscreen_service_line(sv, line, sizeof line);
		int pad = b.w / 30;
		struct ks_rect in = { b.x + pad, b.y, b.w - 2 * pad, b.h };
		struct ks_rect top = sub(in, b.h / 2 - L->name_px * 13 / 10, L->name_px * 13 / 10);
		struct ks_rect bot = sub(in, b.h / 2 + b.h / 20, L->line_px * 14 / 10);
		text(v, true, sv->name, top, L->name_px, L->min_px, CENTER, sv->open ? C_WHITE : C_SOFT);
		text(v, false, line, bot, L->line_px, L->min_px, CENTER, sv->open ? C_GOLD : C_AMBER);
	}
}

static void draw_ticket(struct kview *v, const struct kscreen *s, const struct ks_layout *L)
{
	char ahead[120], wait[160], head[200];
	snprintf(head, sizeof head, "Số của ông/bà · %s", s->service);
	if (s->ahead) snprintf(ahead, sizeof ahead, "Trước ông/bà còn %d người", s->ahead);
	else snprintf(ahead, sizeof ahead, "Không có ai trước ông/bà");
	if (s->wait_min < 0) snprintf(wait, sizeof wait, "Thời gian chờ: chưa đủ dữ liệu");
	else if (s->wait_min == 0) snprintf(wait, sizeof wait, "Ông/bà sẽ được gọi ngay");
	else snprintf(wait, sizeof wait, "Dự kiến chờ khoảng %d phút", s->wait_min);
	const char *state = s->printing ? "Đang in vé, xin chờ giây lát…" : "Mời ông/bà nhận vé bên dưới";
	struct line ls[] = {
		{ head, L->title_px, false, C_SOFT },
		{ s->label, L->number_px, true, C_GOLD },
		{ s->group[0] ? s->group : NULL, L->title_px, true, C_AMBER },
		{ ahead, L->title_px, true, C_WHITE },
		{ wait, L->title_px, false, C_WHITE },
		{ state, L->title_px, false, C_SOFT },
	};
	struct line shown[6];
	int n = 0;
	for (int i = 0; i < 6; i++)
		if (ls[i].s) shown[n++] = ls[i];
	fill(v, L->box[KB_PANEL], C_BUTTON);
	stack(v, L->box[KB_PANEL], shown, n, L->min_px);
}

static void draw_message(struct kview *v, const struct ks_layout *L, const char *title, const char *msg, SDL_Color c)
{
	struct ks_rect p = L->box[KB_PANEL];
	fill(v, p, C_CLOSED);
	text(v, true, title, sub(p, p.h / 6, L->title_px * 2), L->title_px * 3 / 2, L->min_px, CENTER, c);
	/* the message in lines that fit (cut at spaces) */
	char buf[400], *word, *save = NULL;
	char line[400] = "";
	int y = p.y + p.h / 6 + L->title_px * 3, lh = L->title_px * 14 / 10;
	snprintf(buf, sizeof buf, "%s", msg);
	for (word = strtok_r(buf, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
		char next[820];
		snprintf(next, sizeof next, "%s%s%s", line, *line ? " " : "", word);
		if (*line && font_measure(v->regular, next, L->title_px) > p.w * 9 / 10) {
			text(v, false, line, (struct ks_rect){ p.x, y, p.w, lh }, L->title_px, L->min_px, CENTER, C_WHITE);
			y += lh;
			snprintf(line, sizeof line, "%s", word);
		} else {
			snprintf(line, sizeof line, "%.399s", next);
		}
	}
	text(v, false, line, (struct ks_rect){ p.x, y, p.w, lh }, L->title_px, L->min_px, CENTER, C_WHITE);
}

static void draw_pin(struct kview *v, const struct kscreen *s, const struct ks_layout *L)
{
	static const char *const keys[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "Xóa", "0", "OK" };
	char dots[KSCREEN_PIN_MAX * 4 + 64];
	size_t n = strlen(s->typed), k = 0;
	k += (size_t)snprintf(dots, sizeof dots, "%s", s->pin_wrong ? "Sai mã, nhập lại: " : "Mã lễ tân: ");
	for (size_t i = 0; i < n; i++) k += (size_t)snprintf(dots + k, sizeof dots - k, "● ");
	text(v, true, dots, L->box[KB_TITLE], L->title_px, L->min_px, CENTER, s->pin_wrong ? C_RED : C_WHITE);
	for (int i = 0; i < 12; i++) {
		fill(v, L->key[i], C_KEY);
		text(v, true, keys[i], L->key[i], L->key[i].h / 3, L->min_px, CENTER, C_WHITE);
	}
}

static void draw_home(struct kview *v, const struct kscreen *s, const struct ks_layout *L)
{
	const char *blocked = kscreen_blocked(s);
	if (*blocked) {
		draw_message(v, L, !s->online ? "Tạm ngừng cấp số" : s->printer_why, blocked, C_AMBER);
		return;
	}
	text(v, false, "Xin mời ông/bà chạm vào lĩnh vực cần giải quyết", L->box[KB_TITLE], L->title_px,
	     L->min_px, CENTER, C_WHITE);
	draw_buttons(v, s, L, false);
}

/* The center's name: one line when it fits at three quarters of its size,
 * else two lines cut at the space nearest the middle. */
static void header(struct kview *v, const char *name, struct ks_rect b, const struct ks_layout *L)
{
	if (font_measure(v->bold, name, L->header_px * 3 / 4) <= b.w || !strchr(name, ' ')) {
		text(v, true, name, b, L->header_px, L->min_px, CENTER, C_GOLD);
		return;
	}
	char a[300];
	snprintf(a, sizeof a, "%s", name);
	size_t mid = strlen(a) / 2, cut = 0;
	for (size_t i = 0; a[i]; i++)
		if (a[i] == ' ' && (!cut || (i > mid ? i - mid : mid - i) < (cut > mid ? cut - mid : mid - cut))) cut = i;
	a[cut] = 0;
	int px = b.h * 36 / 100 > L->min_px ? b.h * 36 / 100 : L->min_px;
	struct line ls[] = { { a, px, true, C_GOLD }, { a + cut + 1, px, true, C_GOLD } };
	stack(v, b, ls, 2, L->min_px);
}

void kview_draw(struct kview *v, const struct kscreen *s, const struct ks_layout *L, const char *clock)
{
	SDL_SetRenderDrawColor(v->r, C_BG.r, C_BG.g, C_BG.b, 255);
	SDL_RenderClear(v->r);
	textcache_frame(v->texts);
	fill(v, L->box[KB_HEADER], C_HEADER);
	struct ks_rect hb = L->box[KB_HEADER];
	hb.x += hb.h / 4;
	hb.w -= hb.h / 2;
	header(v, s->center[0] ? s->center : "Máy lấy số thứ tự", hb, L);
	fill(v, L->box[KB_FOOTER], C_FOOT);
	struct ks_rect fb = L->box[KB_FOOTER];
	fb.x += fb.h / 3;
	fb.w = fb.w * 3 / 4;
	const char *foot = s->view == KS_PIN || s->view == KS_GROUP ? "Chạm vào đây để trở lại màn hình chính"
	                   : "Cần ưu tiên? Xin mời đến quầy lễ tân";
	text(v, false, foot, fb, L->footer_px, L->min_px, LEFT, C_SOFT);
	text(v, true, clock, L->box[KB_CLOCK], L->footer_px, L->min_px, RIGHT, C_WHITE);
	switch (s->view) {
	case KS_HOME: draw_home(v, s, L); break;
	case KS_ISSUING:
		draw_message(v, L, "Đang lấy số…", "Xin ông/bà chờ trong giây lát.", C_GOLD);
		break;
	case KS_TICKET: draw_ticket(v, s, L); break;
	case KS_FAILED: draw_message(v, L, "Xin lỗi ông/bà", s->failed, C_AMBER); break;
	case KS_PIN: draw_pin(v, s, L); break;
	case KS_GROUP:
		text(v, false, s->group_sel < 0 ? "Chọn đối tượng ưu tiên" : "Chọn lĩnh vực cho vé ưu tiên",
		     L->box[KB_TITLE], L->title_px, L->min_px, CENTER, C_WHITE);
		draw_buttons(v, s, L, s->group_sel < 0);
		break;
	}
}
