/*
 * kscreen: the kiosk's screen as state and layout (see kscreen.h).
 */
#include "kscreen.h"

#include <stdio.h>
#include <string.h>

#define MSG_OFFLINE "Máy lấy số tạm thời chưa kết nối được với hệ thống gọi số. " \
                    "Xin ông/bà vui lòng chờ trong giây lát, hoặc đến quầy lễ tân."
#define MSG_PRINTER "Xin ông/bà vui lòng đến quầy lễ tân để được cấp số."

void kscreen_init(struct kscreen *s)
{
	memset(s, 0, sizeof *s);
	s->view = KS_HOME;
	s->group_sel = -1;
	s->printer_ok = true;
	s->clock_min = -1;
}

static int imax(int a, int b) { return a > b ? a : b; }
static int imin(int a, int b) { return a < b ? a : b; }

static struct ks_rect rect(int x, int y, int w, int h)
{
	struct ks_rect r = { x, y, w, h };
	return r;
}

static void grid(struct ks_layout *L, struct ks_rect area, int n, int cols, int gap)
{
	int rows = (n + cols - 1) / cols;
	if (n <= 0) { L->nbuttons = 0; return; }
	int bw = (area.w - gap * (cols - 1)) / cols, bh = (area.h - gap * (rows - 1)) / rows;
	for (int i = 0; i < n; i++)
		L->button[i] = rect(area.x + (i % cols) * (bw + gap), area.y + (i / cols) * (bh + gap), bw, bh);
	L->nbuttons = n;
}

void kscreen_layout(const struct kscreen *s, int w, int h, struct ks_layout *L)
{
	memset(L, 0, sizeof *L);
	L->w = w;
	L->h = h;
	int shortside = imin(w, h), pad = imax(8, shortside / 60);
	bool portrait = h > w;
	L->min_px = imax(KSCREEN_MIN_TEXT_PX, shortside * 4 / 100);
	int head = imax(L->min_px * 2, h / 11), foot = imax(L->min_px * 2, h / 13);
	L->box[KB_HEADER] = rect(0, 0, w, head);
	L->header_px = imax(L->min_px, head * 45 / 100);
	L->box[KB_FOOTER] = rect(0, h - foot, w, foot);
	L->footer_px = L->min_px;
	L->box[KB_CLOCK] = rect(w - w / 5 - pad, h - foot, w / 5, foot);
	L->box[KB_STAFF] = rect(0, h - foot, imax(foot * 2, w / 8), foot);   /* reception's corner */
	int title = imax(L->min_px * 2, h / 12);
	L->box[KB_TITLE] = rect(pad, head, w - 2 * pad, title);
	L->title_px = imax(L->min_px, title * 50 / 100);
	struct ks_rect area = rect(pad, head + title, w - 2 * pad, h - head - title - foot - pad);
	L->box[KB_BUTTONS] = area;
	L->box[KB_PANEL] = rect(pad, head + pad, w - 2 * pad, h - head - foot - 2 * pad);
	int n = s->view == KS_GROUP ? s->ngroups + 0 : s->nsv;
	int cols = portrait || n <= 2 ? 1 : n <= 8 ? 2 : 3;
	if (s->view == KS_GROUP && s->group_sel >= 0) n = s->nsv;   /* group chosen: the services */
	grid(L, area, n, cols, pad);
	int bh = n ? L->button[0].h : area.h;
	L->name_px = imax(L->min_px, imin(bh * 36 / 100, shortside / 12));
	L->line_px = imax(L->min_px, imin(bh * 20 / 100, L->name_px * 6 / 10));
	L->number_px = imax(L->min_px * 3, imin(L->box[KB_PANEL].h * 30 / 100, w * 22 / 100));
	/* the staff keypad: 3 x 4 keys in the panel */
	struct ks_rect kp = L->box[KB_PANEL];
	int side = imin(kp.w / 3, (kp.h - title) / 4) - pad;
	int x0 = kp.x + (kp.w - 3 * (side + pad)) / 2, y0 = kp.y + title;
	for (int i = 0; i < 12; i++)
		L->key[i] = rect(x0 + (i % 3) * (side + pad), y0 + (i / 3) * (side + pad), side, side);
}

static bool inside(struct ks_rect r, int x, int y)
{
	return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

bool kscreen_can_issue(const struct kscreen *s)
{
	return s->online && s->printer_ok;
}

const char *kscreen_blocked(const struct kscreen *s)
{
	if (!s->online) return MSG_OFFLINE;
	if (!s->printer_ok) return MSG_PRINTER;
	return "";
}

void kscreen_service_line(const struct ks_service *sv, char *out, size_t n)
{
	if (!sv->open) snprintf(out, n, "Đã hết giờ · nhận hồ sơ %s", sv->hours);
	else if (sv->wait_min < 0) snprintf(out, n, "%d người chờ · chưa đủ dữ liệu", sv->waiting);
	else if (sv->wait_min == 0) snprintf(out, n, "%d người chờ · được gọi ngay", sv->waiting);
	else snprintf(out, n, "%d người chờ · khoảng %d phút", sv->waiting, sv->wait_min);
}

static void go(struct kscreen *s, enum ks_view v, int64_t until)
{
	s->view = v;
	s->until = until;
	if (v == KS_HOME) { s->typed[0] = 0; s->group_sel = -1; s->pin_wrong = false; }
}

static struct ks_action pin_key(struct kscreen *s, int k, int64_t now_ms)
{
	struct ks_action a = { KA_REDRAW, -1, -1 };
	size_t n = strlen(s->typed);
	s->until = now_ms + KSCREEN_STAFF_MS;
	if (k == 9) {                       /* clear */
		s->typed[0] = 0;
	} else if (k == 11) {               /* OK */
		if (s->pin[0] && !strcmp(s->typed, s->pin)) go(s, KS_GROUP, now_ms + KSCREEN_STAFF_MS);
		else { s->pin_wrong = true; s->typed[0] = 0; }
	} else if (n < KSCREEN_PIN_MAX) {
		s->typed[n] = (char)('0' + (k == 10 ? 0 : k + 1));
		s->typed[n + 1] = 0;
		s->pin_wrong = false;
	}
	return a;
}

struct ks_action kscreen_touch(struct kscreen *s, const struct ks_layout *L, int x, int y,
                               int64_t now_ms)
{
	struct ks_action a = { KA_NONE, -1, -1 };
	switch (s->view) {
	case KS_HOME:
		if (inside(L->box[KB_STAFF], x, y) && s->pin[0] && s->ngroups) {
			go(s, KS_PIN, now_ms + KSCREEN_STAFF_MS);
			a.kind = KA_REDRAW;
			return a;
		}
		if (!kscreen_can_issue(s)) return a;
		for (int i = 0; i < L->nbuttons && i < s->nsv; i++)
			if (inside(L->button[i], x, y) && s->sv[i].open) {
				a.kind = KA_ISSUE;
				a.service = i;
				go(s, KS_ISSUING, now_ms + 15000);
				return a;
			}
		return a;
	case KS_TICKET:
	case KS_FAILED:
		if (s->printing) return a;   /* the ticket is still coming out */
		go(s, KS_HOME, 0);
		a.kind = KA_REDRAW;
		return a;
	case KS_PIN:
		for (int k = 0; k < 12; k++)
			if (inside(L->key[k], x, y)) return pin_key(s, k, now_ms);
		if (inside(L->box[KB_STAFF], x, y)) { go(s, KS_HOME, 0); a.kind = KA_REDRAW; }
		return a;
	case KS_GROUP:
		if (inside(L->box[KB_STAFF], x, y)) { go(s, KS_HOME, 0); a.kind = KA_REDRAW; return a; }
		for (int i = 0; i < L->nbuttons; i++) {
			if (!inside(L->button[i], x, y)) continue;
			s->until = now_ms + KSCREEN_STAFF_MS;
			if (s->group_sel < 0) { s->group_sel = i; a.kind = KA_REDRAW; return a; }
			if (!s->sv[i].open || !kscreen_can_issue(s)) return a;
			a.kind = KA_ISSUE;
			a.service = i;
			a.group = s->group_sel;
			go(s, KS_ISSUING, now_ms + 15000);
			return a;
		}
		return a;
	case KS_ISSUING:
		return a;
	}
	return a;
}

bool kscreen_tick(struct kscreen *s, int64_t now_ms)
{
	if (s->view == KS_HOME || s->printing || !s->until || now_ms < s->until) return false;
	if (s->view == KS_ISSUING) {   /* no answer at all: say so rather than wait */
		kscreen_refused(s, "Hệ thống gọi số không trả lời. Xin mời ông/bà thử lại "
		                   "hoặc đến quầy lễ tân.", now_ms);
		return true;
	}
	go(s, KS_HOME, 0);
	return true;
}

void kscreen_issued(struct kscreen *s, const char *label, int ahead, int wait_min, int64_t now_ms)
{
	snprintf(s->label, sizeof s->label, "%s", label);
	s->ahead = ahead;
	s->wait_min = wait_min;
	s->printing = true;
	s->printed = false;
	go(s, KS_TICKET, now_ms + KSCREEN_SHOW_MS);
}

void kscreen_refused(struct kscreen *s, const char *message, int64_t now_ms)
{
	snprintf(s->failed, sizeof s->failed, "%s", message);
	s->label[0] = 0;
	s->printing = false;
	go(s, KS_FAILED, now_ms + KSCREEN_FAILED_MS);
}

void kscreen_printed(struct kscreen *s, int64_t now_ms)
{
	s->printing = false;
	s->printed = true;
	s->until = now_ms + KSCREEN_SHOW_MS;
}

void kscreen_print_failed(struct kscreen *s, const char *why, int64_t now_ms)
{
	char msg[300];
	snprintf(msg, sizeof msg, "Không in được vé (%s). Số %s đã được hủy và sẽ không được gọi. "
	         "Xin mời ông/bà đến quầy lễ tân.", why, s->label);
	char label[12];
	snprintf(label, sizeof label, "%s", s->label);
	kscreen_refused(s, msg, now_ms);
	snprintf(s->label, sizeof s->label, "%s", label);
}
