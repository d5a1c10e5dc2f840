/*
 * panel: the officer's panel, its state and its events (see panel.h). The
 * drawing is in panel_view.c; the program around it in panel_main.c.
 *
 * One action at a time: while an action's reply is awaited, the buttons
 * are dimmed, so a double press never calls two citizens. Actions are
 * sent with retry (link.h): one caught by a lost connection leaves again
 * with its id once the link is back, and the display answers it once.
 */
#include "panel_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_ttf.h>

#include "font.h"

enum tag { TAG_ACTION = 1, TAG_STATUS, TAG_SERVICES, TAG_NOSHOWS, TAG_SUB, TAG_RATE };

const char *const panel_rating_labels[5] = {
	"Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng",
};

static const struct { const char *label, *value; } pause_reasons[] = {
	{ "Nghỉ trưa", "nghỉ trưa" }, { "Họp", "họp" },
	{ "Hỗ trợ nghiệp vụ", "hỗ trợ nghiệp vụ" }, { "Khác", "khác" },
};

static const char *const verbs[ACT_COUNT_] = {
	"NEXT", "RECALL", "SKIP", "REQUEUE", "TRANSFER", "PAUSE", "LOGIN",
};

static void dirty(struct panel *p)
{
	p->main.dirty = true;
	if (p->rate.win) p->rate.dirty = true;
}

static void say(struct panel *p, bool err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void say(struct panel *p, bool err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->message, sizeof p->message, fmt, ap);
	va_end(ap);
	p->message_err = err;
	dirty(p);
}

static const char *val(const struct proto_msg *m, const char *key)
{
	const char *v = proto_get(m, key);
	return v ? v : "";
}

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src && strcmp(src, "none") ? src : "");
}

/* ---- requests ---- */

static void refresh_status(struct panel *p)
{
	if (p->status_busy) { p->status_again = true; return; }
	char body[64];
	snprintf(body, sizeof body, "STATUS counter=%d", p->o.cred.counter);
	if (link_request(p->link, body, TAG_STATUS, false, p->now_ms) == 0) p->status_busy = true;
}

static void refresh_noshows(struct panel *p)
{
	if (!p->noshows_busy && link_request(p->link, "NOSHOWS", TAG_NOSHOWS, false, p->now_ms) == 0)
		p->noshows_busy = true;
}

static void on_ready(void *ud)
{
	struct panel *p = ud;
	p->status_busy = p->noshows_busy = false;
	link_request(p->link, "SUB", TAG_SUB, false, p->now_ms);
	link_request(p->link, "SERVICES", TAG_SERVICES, false, p->now_ms);
	refresh_status(p);
	refresh_noshows(p);
	dirty(p);
}

static void on_changed(void *ud)
{
	struct panel *p = ud;
	if (link_state(p->link) != LINK_READY) p->status_busy = p->noshows_busy = false;
	dirty(p);
}

/* Sends the rating (score 0: no choice) for the ticket the view shows. */
static void send_rating(struct panel *p, int score)
{
	char body[64];
	snprintf(body, sizeof body, score ? "RATE score=%d" : "RATE score=none", score);
	if (link_request(p->link, body, TAG_RATE, true, p->now_ms)) {
		say(p, true, "Không ghi được đánh giá số %s: %s", p->rating.ticket,
		    link_state(p->link) == LINK_READY ? "đang bận" : link_reason(p->link));
	}
	p->rating.active = false;
	p->rating.thanks_until_ms = score ? p->now_ms + 2000 : 0;
	dirty(p);
}

static void start_rating(struct panel *p, const char *ticket)
{
	if (p->rating.active) send_rating(p, 0);
	p->rating.active = true;
	snprintf(p->rating.ticket, sizeof p->rating.ticket, "%s", ticket);
	p->rating.deadline_ms = p->now_ms + (int64_t)p->o.conf.rating_seconds * 1000;
	p->rating.thanks_until_ms = 0;
	if (p->rate.win) SDL_RaiseWindow(p->rate.win);
	dirty(p);
}

bool panel_enabled(const struct panel *p, enum panel_action a)
{
	if (link_state(p->link) != LINK_READY || p->inflight >= 0 || !p->m.known) return false;
	bool closed = !strcmp(p->m.state, "closed"), paused = !strcmp(p->m.state, "paused");
	bool current = p->m.ticket[0] != 0;
	switch (a) {
	case ACT_LOGIN: return true;
	case ACT_PAUSE: return !closed;
	case ACT_NEXT: return !closed && !paused;
	case ACT_RECALL: case ACT_SKIP: case ACT_TRANSFER: return !closed && !paused && current;
	case ACT_REQUEUE: return p->m.nnoshows > 0;
	case ACT_COUNT_: break;
	}
	return false;
}

/* Sends verb with one argument (or none); a rating still open is closed
 * first as "no choice", so it is never confused with the next ticket's. */
static void send_action(struct panel *p, enum panel_action a, const char *verb,
                        const char *key, const char *value)
{
	struct proto_buf pb;
	proto_begin(&pb, "x", verb);
	if (key) proto_add(&pb, key, value);
	pb.s[pb.n] = 0;   /* no '\n' before proto_end: the link adds it */
	if (p->rating.active && (a == ACT_NEXT || a == ACT_PAUSE || a == ACT_LOGIN)) send_rating(p, 0);
	if (link_request(p->link, pb.s + 2, TAG_ACTION, true, p->now_ms)) {
		say(p, true, "Chưa gửi được: %s", link_state(p->link) == LINK_READY ?
		    "máy hiển thị đang bận" : link_reason(p->link));
		return;
	}
	p->inflight = (int)a;
	snprintf(p->inflight_verb, sizeof p->inflight_verb, "%s", verb);
	say(p, false, "Đang gửi…");
}

static void open_view(struct panel *p, enum panel_view v)
{
	p->view = v;
	p->sel = 0;
	if (v == PV_REQUEUE) refresh_noshows(p);
	if (v == PV_LOGIN) {
		p->login[0] = p->composing[0] = 0;
		SDL_StartTextInput();
	} else {
		SDL_StopTextInput();
	}
	dirty(p);
}

/* An action asked by a key or a button. */
static void act(struct panel *p, enum panel_action a)
{
	if (p->rating.thanks_until_ms) { p->rating.thanks_until_ms = 0; dirty(p); }   /* the officer is back */
	if (p->rating.active && !p->rate.win && panel_enabled(p, a)) send_rating(p, 0);   /* the citizen left */
	if (!panel_enabled(p, a)) {
		if (link_state(p->link) != LINK_READY)
			say(p, true, "Không gửi được khi mất kết nối: %s", link_reason(p->link));
		return;
	}
	switch (a) {
	case ACT_TRANSFER: open_view(p, PV_TRANSFER); break;
	case ACT_REQUEUE: open_view(p, PV_REQUEUE); break;
	case ACT_LOGIN: open_view(p, PV_LOGIN); break;
	case ACT_PAUSE:
		if (!strcmp(p->m.state, "paused")) send_action(p, a, "RESUME", NULL, NULL);
		else open_view(p, PV_PAUSE);
		break;
	default: send_action(p, a, verbs[a], NULL, NULL); break;
	}
}

int panel_items(const struct panel *p, struct panel_item *items, int max)
{
	int n = 0;
	switch (p->view) {
	case PV_TRANSFER:
		for (int i = 0; i < p->m.nservices && n < max; i++) {
			if (!strcmp(p->m.services[i].code, p->m.service)) continue;
			snprintf(items[n].label, sizeof items[n].label, "%s · %s", p->m.services[i].code, p->m.services[i].name);
			snprintf(items[n++].value, sizeof items[0].value, "%s", p->m.services[i].code);
		}
		break;
	case PV_REQUEUE:
		for (int i = 0; i < p->m.nnoshows && n < max; i++) {
			snprintf(items[n].label, sizeof items[n].label, "%s", p->m.noshows[i]);
			snprintf(items[n++].value, sizeof items[0].value, "%s", p->m.noshows[i]);
		}
		break;
	case PV_PAUSE:
		for (size_t i = 0; i < sizeof pause_reasons / sizeof *pause_reasons && n < max; i++) {
			snprintf(items[n].label, sizeof items[n].label, "%s", pause_reasons[i].label);
			snprintf(items[n++].value, sizeof items[0].value, "%s", pause_reasons[i].value);
		}
		break;
	default: break;
	}
	return n;
}

static void choose_item(struct panel *p, int i)
{
	struct panel_item items[PANEL_MAX_ITEMS];
	int n = panel_items(p, items, PANEL_MAX_ITEMS);
	if (i < 0 || i >= n) return;
	enum panel_view v = p->view;
	open_view(p, PV_MAIN);
	if (v == PV_TRANSFER) send_action(p, ACT_TRANSFER, "TRANSFER", "service", items[i].value);
	else if (v == PV_REQUEUE) send_action(p, ACT_REQUEUE, "REQUEUE", "ticket", items[i].value);
	else if (v == PV_PAUSE) send_action(p, ACT_PAUSE, "PAUSE", "reason", items[i].value);
}

static void submit_login(struct panel *p)
{
	if (!p->login[0]) { say(p, true, "Hãy nhập họ tên cán bộ"); return; }
	char name[PANEL_NAME_MAX];
	snprintf(name, sizeof name, "%s", p->login);
	open_view(p, PV_MAIN);
	send_action(p, ACT_LOGIN, "LOGIN", "officer", name);
}

/* ---- replies and pushes ---- */

/* A ticket finished here that no reply told us of (DONE from a script, a
 * LOGOUT elsewhere): STATUS shows a new last_served; it gets its rating. */
static void rate_if_new(struct panel *p, const char *last)
{
	bool changed = strcmp(last, p->m.last_served) != 0;
	bool first = !p->m.known;
	snprintf(p->m.last_served, sizeof p->m.last_served, "%s", last);
	if (first || !changed || !*last || !strcmp(last, p->rating.ticket)) return;
	start_rating(p, last);
}

static void status_reply(struct panel *p, const struct proto_msg *m)
{
	struct panel_model *d = &p->m;
	char last[16];
	copy(last, sizeof last, val(m, "last_served"));
	rate_if_new(p, last);
	copy(d->name, sizeof d->name, val(m, "name"));
	copy(d->state, sizeof d->state, val(m, "state"));
	copy(d->ticket, sizeof d->ticket, val(m, "ticket"));
	copy(d->service, sizeof d->service, val(m, "service"));
	copy(d->priority, sizeof d->priority, val(m, "priority"));
	copy(d->officer, sizeof d->officer, val(m, "officer"));
	copy(d->reason, sizeof d->reason, val(m, "reason"));
	d->waiting = atoi(val(m, "waiting"));
	d->served = atoi(val(m, "served"));
	d->known = true;
}

/* What an accepted action changed, from its reply alone (the STATUS
 * refresh that follows confirms it), so the buttons are right at once. */
static void apply_reply(struct panel *p, enum panel_action a, const struct proto_msg *m, bool has_t)
{
	struct panel_model *d = &p->m;
	bool resume = !strcmp(p->inflight_verb, "RESUME");
	if (a == ACT_NEXT || a == ACT_RECALL) {
		copy(d->ticket, sizeof d->ticket, val(m, "ticket"));
		copy(d->service, sizeof d->service, val(m, "service"));
		copy(d->priority, sizeof d->priority, val(m, "priority"));
		snprintf(d->state, sizeof d->state, "%s", has_t ? "serving" : "open");
	} else if (a == ACT_SKIP || a == ACT_TRANSFER || (a == ACT_PAUSE && !resume)) {
		d->ticket[0] = d->service[0] = d->priority[0] = 0;
		snprintf(d->state, sizeof d->state, "%s", a == ACT_PAUSE ? "paused" : "open");
	} else if (a == ACT_PAUSE) {
		snprintf(d->state, sizeof d->state, "%s", d->ticket[0] ? "serving" : "open");
		d->reason[0] = 0;
	} else if (a == ACT_LOGIN) {
		snprintf(d->officer, sizeof d->officer, "%s", p->login);   /* the name just sent */
		if (!strcmp(d->state, "closed")) snprintf(d->state, sizeof d->state, "open");
	}
	if (proto_get(m, "waiting")) d->waiting = atoi(val(m, "waiting"));
}

static void action_reply(struct panel *p, enum panel_action a, const struct proto_msg *m)
{
	if (strcmp(m->word, "OK")) {
		const char *msg = strchr(m->rest, ' ');
		say(p, true, "%s", msg ? msg + 1 : m->rest);
		return;
	}
	const char *t = val(m, "ticket"), *fin = val(m, "finished");
	bool has_t = *t && strcmp(t, "none");
	apply_reply(p, a, m, has_t);
	switch (a) {
	case ACT_NEXT:
		if (has_t) say(p, false, "Đã mời số %s đến quầy %d", t, p->o.cred.counter);
		else say(p, false, "Không còn công dân nào đang chờ");
		break;
	case ACT_RECALL: say(p, false, "Đã gọi lại số %s", t); break;
	case ACT_SKIP: say(p, false, "Số %s vắng mặt, đã bỏ qua", t); break;
	case ACT_REQUEUE: say(p, false, "Số %s đã được xếp lại vào hàng chờ", t); break;
	case ACT_TRANSFER: say(p, false, "Đã chuyển số %s sang lĩnh vực %s", t, val(m, "service")); break;
	case ACT_PAUSE:
		if (!strcmp(p->inflight_verb, "RESUME")) say(p, false, "Quầy tiếp tục làm việc");
		else say(p, false, "Quầy tạm nghỉ");
		break;
	case ACT_LOGIN: say(p, false, "Đã đăng nhập"); break;
	case ACT_COUNT_: break;
	}
	if (*fin && strcmp(fin, "none")) {
		start_rating(p, fin);
		snprintf(p->m.last_served, sizeof p->m.last_served, "%s", fin);
	}
	if (a == ACT_SKIP || a == ACT_REQUEUE) refresh_noshows(p);
	refresh_status(p);
}

static void on_reply(void *ud, int tag, const struct proto_msg *m)
{
	struct panel *p = ud;
	bool ok = !strcmp(m->word, "OK");
	dirty(p);
	switch ((enum tag)tag) {
	case TAG_ACTION: {
		int a = p->inflight;
		p->inflight = -1;
		if (a >= 0) action_reply(p, (enum panel_action)a, m);
		break;
	}
	case TAG_STATUS:
		p->status_busy = false;
		if (ok) status_reply(p, m);
		if (p->status_again) { p->status_again = false; refresh_status(p); }
		break;
	case TAG_SERVICES:
		if (!ok) break;
		p->m.nservices = 0;
		for (int i = 0; i < m->nargs && i < PANEL_MAX_SERVICES; i++) {
			snprintf(p->m.services[i].code, sizeof p->m.services[i].code, "%s", m->args[i].key);
			snprintf(p->m.services[i].name, sizeof p->m.services[i].name, "%s", m->args[i].val);
			p->m.nservices++;
		}
		break;
	case TAG_NOSHOWS: {
		p->noshows_busy = false;
		if (!ok) break;
		char list[PROTO_VAL_MAX];
		copy(list, sizeof list, val(m, "tickets"));
		p->m.nnoshows = 0;
		for (char *s = NULL, *t = strtok_r(list, ",", &s); t && p->m.nnoshows < PANEL_MAX_NOSHOWS;
		     t = strtok_r(NULL, ",", &s))
			snprintf(p->m.noshows[p->m.nnoshows++], sizeof p->m.noshows[0], "%s", t);
		break;
	}
	case TAG_RATE:
		if (!ok) {
			const char *msg = strchr(m->rest, ' ');
			say(p, true, "Đánh giá: %s", msg ? msg + 1 : m->rest);
		}
		break;
	case TAG_SUB: break;
	}
}

static void on_push(void *ud, const struct proto_msg *m)
{
	struct panel *p = ud;
	if (!strcmp(m->word, "WAITING") || !strcmp(m->word, "DAY") ||
	    (!strcmp(m->word, "COUNTER") && atoi(val(m, "counter")) == p->o.cred.counter))
		refresh_status(p);
	if (!strcmp(m->word, "COUNTER") || !strcmp(m->word, "DAY")) refresh_noshows(p);
	if (!strcmp(m->word, "DEVICE")) {   /* a kiosk's state, for staff to act on */
		int k = atoi(val(m, "kiosk"));
		if (strcmp(val(m, "state"), "ok")) {
			snprintf(p->device, sizeof p->device, "%s", val(m, "text"));
			p->device_kiosk = k;
		} else if (k == p->device_kiosk) {
			p->device[0] = 0;
		}
		dirty(p);
	}
}

/* ---- SDL events ---- */

static int digit_of(SDL_Keycode k)
{
	if (k >= SDLK_1 && k <= SDLK_9) return (int)(k - SDLK_1);
	if (k >= SDLK_KP_1 && k <= SDLK_KP_9) return (int)(k - SDLK_KP_1);
	return -1;
}

static bool is_enter(SDL_Keycode k) { return k == SDLK_RETURN || k == SDLK_KP_ENTER; }

static void picker_key(struct panel *p, SDL_Keycode k)
{
	struct panel_item items[PANEL_MAX_ITEMS];
	int n = panel_items(p, items, PANEL_MAX_ITEMS), d = digit_of(k);
	if (k == SDLK_ESCAPE || k == SDLK_BACKSPACE) open_view(p, PV_MAIN);
	else if (d >= 0) choose_item(p, d);
	else if (is_enter(k)) choose_item(p, p->sel);
	else if ((k == SDLK_DOWN || k == SDLK_RIGHT) && n) p->sel = (p->sel + 1) % n;
	else if ((k == SDLK_UP || k == SDLK_LEFT) && n) p->sel = (p->sel + n - 1) % n;
	dirty(p);
}

static void login_key(struct panel *p, SDL_Keycode k)
{
	if (k == SDLK_ESCAPE) open_view(p, PV_MAIN);
	else if (is_enter(k)) submit_login(p);
	else if (k == SDLK_BACKSPACE && !p->composing[0]) {
		size_t n = strlen(p->login);
		while (n && ((unsigned char)p->login[n - 1] & 0xC0) == 0x80) n--;   /* whole characters */
		if (n) p->login[n - 1] = 0;
	}
	dirty(p);
}

static void key_down(struct panel *p, const SDL_KeyboardEvent *k)
{
	if (k->repeat) return;   /* a held key is one press */
	SDL_Keycode sym = k->keysym.sym;
	bool in_rating = pv_shows_rating(p, &p->main) || (p->rate.win && k->windowID == SDL_GetWindowID(p->rate.win));
	if (p->view == PV_LOGIN && !in_rating) { login_key(p, sym); return; }
	if (p->view != PV_MAIN && !in_rating) { picker_key(p, sym); return; }
	int d = digit_of(sym);
	if (in_rating && p->rating.active && k->keysym.sym >= SDLK_1 && k->keysym.sym <= SDLK_5) {
		send_rating(p, d + 1);   /* the digit is the score: 5 best */
		return;
	}
	for (int a = 0; a < ACT_COUNT_; a++)
		for (int i = 0; i < p->o.conf.nkeys[a]; i++)
			if (p->keys[a][i] == sym) { act(p, (enum panel_action)a); return; }
}

static void click(struct panel *p, const SDL_MouseButtonEvent *b)
{
	bool on_rate_win = p->rate.win && b->windowID == SDL_GetWindowID(p->rate.win);
	struct pv_canvas *c = on_rate_win ? &p->rate : &p->main;
	int item = pv_hit_item(c, b->x, b->y);
	if (pv_shows_rating(p, c)) {
		if (item >= 0 && item < 5 && p->rating.active) send_rating(p, 5 - item);
		return;
	}
	if (on_rate_win) return;
	if (p->view != PV_MAIN) {
		if (item >= 0) choose_item(p, item);
		else if (pv_hit_button(c, b->x, b->y) == ACT_COUNT_) open_view(p, PV_MAIN);   /* "Hủy" */
		else if (p->view == PV_LOGIN && pv_hit_button(c, b->x, b->y) == ACT_LOGIN) submit_login(p);
		return;
	}
	int a = pv_hit_button(c, b->x, b->y);
	if (a >= 0 && a < ACT_COUNT_) act(p, (enum panel_action)a);
}

void panel_event(struct panel *p, const SDL_Event *ev, int64_t now_ms)
{
	p->now_ms = now_ms;
	switch (ev->type) {
	case SDL_QUIT: p->quit = true; break;
	case SDL_KEYDOWN: key_down(p, &ev->key); break;
	case SDL_MOUSEBUTTONDOWN: if (ev->button.button == SDL_BUTTON_LEFT) click(p, &ev->button); break;
	case SDL_TEXTINPUT:
		if (p->view == PV_LOGIN && strlen(p->login) + strlen(ev->text.text) < sizeof p->login)
			strcat(p->login, ev->text.text);
		p->composing[0] = 0;
		dirty(p);
		break;
	case SDL_TEXTEDITING:
		snprintf(p->composing, sizeof p->composing, "%s", ev->edit.text);
		dirty(p);
		break;
	case SDL_WINDOWEVENT:
		if (ev->window.event == SDL_WINDOWEVENT_CLOSE) {
			if (p->rate.win && ev->window.windowID == SDL_GetWindowID(p->rate.win)) break;
			p->quit = true;
		}
		dirty(p);
		break;
	default: break;
	}
}

/* ---- the loop's turn ---- */

static void timers(struct panel *p)
{
	if (p->rating.active && p->now_ms >= p->rating.deadline_ms) {
		if (link_state(p->link) == LINK_READY) {
			send_rating(p, 0);
		} else {
			say(p, true, "Không ghi được đánh giá số %s: %s", p->rating.ticket, link_reason(p->link));
			p->rating.active = false;
		}
	}
	if (p->rating.thanks_until_ms && p->now_ms >= p->rating.thanks_until_ms) {
		p->rating.thanks_until_ms = 0;
		dirty(p);
	}
	int64_t second = p->now_ms / 1000;
	if (p->rating.active && second != p->second_shown) dirty(p);   /* the countdown */
	p->second_shown = second;
}

int panel_step(struct panel *p, int64_t now_ms)
{
	SDL_Event ev;
	p->now_ms = now_ms;
	while (SDL_PollEvent(&ev)) panel_event(p, &ev, now_ms);
	int wait = link_pump(p->link, now_ms);
	timers(p);
	if (p->main.dirty) pv_draw(p, &p->main, true);
	if (p->rate.win && p->rate.dirty) pv_draw(p, &p->rate, true);
	if (p->quit) return -1;
	if (p->rating.active || p->rating.thanks_until_ms) {
		int to_second = (int)(1000 - now_ms % 1000);
		if (to_second < wait) wait = to_second;
	}
	return wait;
}

/* ---- life ---- */

static int bind_keys(struct panel *p, char *err, size_t errlen)
{
	for (int a = 0; a < ACT_COUNT_; a++)
		for (int i = 0; i < p->o.conf.nkeys[a]; i++) {
			const struct panelconf_key *k = &p->o.conf.keys[a][i];
			p->keys[a][i] = SDL_GetKeyFromName(k->name);
			if (p->keys[a][i] == SDLK_UNKNOWN) {
				snprintf(err, errlen, "%s:%d: no key is named '%s' (SDL key names: F1, Keypad 1, Space...)",
				         p->o.conf.file, k->line, k->name);
				return -1;
			}
		}
	return 0;
}

static int open_window(struct pv_canvas *c, const char *title, int w, int h, Uint32 flags,
                       char *err, size_t errlen)
{
	c->win = SDL_CreateWindow(title, SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, w, h,
	                          SDL_WINDOW_RESIZABLE | flags);
	/* The software renderer: a small window redrawn only on change needs
	 * no GPU, and its pixels are the same on every machine (screenshots). */
	if (c->win) c->r = SDL_CreateRenderer(c->win, -1, SDL_RENDERER_SOFTWARE);
	if (!c->win || !c->r) {
		snprintf(err, errlen, "cannot open the window: %s", SDL_GetError());
		return -1;
	}
	c->dirty = true;
	return 0;
}

struct panel *panel_new(const struct panel_opts *o, int64_t now_ms, char *err, size_t errlen)
{
	struct panel *p = calloc(1, sizeof *p);
	if (!p) { snprintf(err, errlen, "out of memory"); return NULL; }
	p->o = *o;
	p->inflight = -1;
	p->now_ms = now_ms;
	if (bind_keys(p, err, errlen)) { free(p); return NULL; }
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) || TTF_Init()) {
		snprintf(err, errlen, "SDL: %s", SDL_GetError());
		free(p);
		return NULL;
	}
	char title[64];
	snprintf(title, sizeof title, "Quầy %d · goiso", o->cred.counter);
	Uint32 top = o->conf.always_on_top ? SDL_WINDOW_ALWAYS_ON_TOP : 0;
	if (!(p->regular = font_new(o->font, false, err, errlen)) ||
	    !(p->bold = font_new(o->font, true, err, errlen)) ||
	    open_window(&p->main, title, o->conf.width, o->conf.height, top, err, errlen) ||
	    (o->conf.rating_window &&
	     open_window(&p->rate, "Đánh giá mức độ hài lòng", 800, 600, 0, err, errlen)))
		goto fail;
	SDL_StopTextInput();
	struct link_opts lo = { o->connect, o->find, o->find_ud, o->cred, 0, 0, 0, o->distrust };
	struct link_cb cb = { on_ready, on_reply, on_push, on_changed, p };
	if (!(p->link = link_new(&lo, &cb))) { snprintf(err, errlen, "out of memory"); goto fail; }
	say(p, false, "Xin chào! Nhấn Đăng nhập (F7) để bắt đầu.");
	return p;
fail:
	panel_free(p);
	return NULL;
}

void panel_free(struct panel *p)
{
	if (!p) return;
	link_free(p->link);
	pv_canvas_free(&p->rate);
	pv_canvas_free(&p->main);
	font_free(p->bold);
	font_free(p->regular);
	TTF_Quit();
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
	free(p);
}
