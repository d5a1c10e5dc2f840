/*
 * panelstate: the counter panel's state and what changes it (contract in
 * panelstate.h). No SDL here: the shell (panel.c) turns events into these
 * calls and the view (panel_view.c) draws the result.
 */
#include "panelstate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


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

enum counter_state counter_state_parse(const char *word)
{
	static const char *const names[] = {
		[CS_CLOSED] = "closed", [CS_OPEN] = "open", [CS_SERVING] = "serving", [CS_PAUSED] = "paused",
	};
	for (size_t i = 1; word && i < sizeof names / sizeof *names; i++)
		if (!strcmp(word, names[i])) return (enum counter_state)i;
	return CS_UNKNOWN;
}

static void dirty(struct panelstate *p) { p->dirty = true; }

static int request(struct panelstate *p, const char *body, int tag, bool retry)
{
	return p->io.request(p->io.ud, body, tag, retry);
}

static void say(struct panelstate *p, bool err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void say(struct panelstate *p, bool err, const char *fmt, ...)
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

static void refresh_status(struct panelstate *p)
{
	if (p->status_busy) { p->status_again = true; return; }
	char body[64];
	snprintf(body, sizeof body, "STATUS counter=%d", p->counter);
	if (request(p, body, PST_STATUS, false) == 0) p->status_busy = true;
}

static void refresh_noshows(struct panelstate *p)
{
	if (!p->noshows_busy && request(p, "NOSHOWS", PST_NOSHOWS, false) == 0)
		p->noshows_busy = true;
}

void panelstate_ready(struct panelstate *p)
{
	p->status_busy = p->noshows_busy = false;
	request(p, "SUB", PST_SUB, false);
	request(p, "SERVICES", PST_SERVICES, false);
	refresh_status(p);
	refresh_noshows(p);
	dirty(p);
}

void panelstate_link(struct panelstate *p, bool ready, const char *reason)
{
	p->link_ready = ready;
	snprintf(p->link_reason, sizeof p->link_reason, "%s", reason ? reason : "");
	if (!ready) p->status_busy = p->noshows_busy = false;
	dirty(p);
}
/* Sends the rating (score 0: no choice) for the ticket the view shows. */
static void send_rating(struct panelstate *p, int score)
{
	char body[64];
	snprintf(body, sizeof body, score ? "RATE score=%d" : "RATE score=none", score);
	if (request(p, body, PST_RATE, true)) {
		say(p, true, "Không ghi được đánh giá số %s: %s", p->rating.ticket,
		    p->link_ready ? "đang bận" : p->link_reason);
	}
	p->rating.active = false;
	p->rating.thanks_until_ms = score ? p->now_ms + 2000 : 0;
	dirty(p);
}

static void start_rating(struct panelstate *p, const char *ticket)
{
	if (p->rating.active) send_rating(p, 0);
	p->rating.active = true;
	snprintf(p->rating.ticket, sizeof p->rating.ticket, "%s", ticket);
	p->rating.deadline_ms = p->now_ms + (int64_t)p->rating_seconds * 1000;
	p->rating.thanks_until_ms = 0;
	p->raise_rating = true;
	dirty(p);
}

bool panelstate_enabled(const struct panelstate *p, enum panel_action a)
{
	if (!p->link_ready || p->inflight >= 0 || !p->m.known) return false;
	bool closed = p->m.state == CS_CLOSED, paused = p->m.state == CS_PAUSED;
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
static void send_action(struct panelstate *p, enum panel_action a, const char *verb,
                        const char *key, const char *value)
{
	struct proto_buf pb;
	proto_begin(&pb, "x", verb);
	if (key) proto_add(&pb, key, value);
	pb.s[pb.n] = 0;   /* no '\n' before proto_end: the link adds it */
	if (p->rating.active && (a == ACT_NEXT || a == ACT_PAUSE || a == ACT_LOGIN)) send_rating(p, 0);
	if (request(p, pb.s + 2, PST_ACTION, true)) {
		say(p, true, "Chưa gửi được: %s", p->link_ready ?
		    "máy hiển thị đang bận" : p->link_reason);
		return;
	}
	p->inflight = (int)a;
	snprintf(p->inflight_verb, sizeof p->inflight_verb, "%s", verb);
	say(p, false, "Đang gửi…");
}

static void open_view(struct panelstate *p, enum panel_view v)
{
	p->view = v;
	p->sel = 0;
	if (v == PV_REQUEUE) refresh_noshows(p);
	if (v == PV_LOGIN) p->login[0] = p->composing[0] = 0;
	p->text_input = v == PV_LOGIN;
	dirty(p);
}

/* An action asked by a key or a button. */
void panelstate_act(struct panelstate *p, enum panel_action a)
{
	if (p->rating.thanks_until_ms) { p->rating.thanks_until_ms = 0; dirty(p); }   /* the officer is back */
	if (p->rating.active && !p->rating_window && panelstate_enabled(p, a)) send_rating(p, 0);   /* the citizen left */
	if (!panelstate_enabled(p, a)) {
		if (!p->link_ready)
			say(p, true, "Không gửi được khi mất kết nối: %s", p->link_reason);
		return;
	}
	switch (a) {
	case ACT_TRANSFER: open_view(p, PV_TRANSFER); break;
	case ACT_REQUEUE: open_view(p, PV_REQUEUE); break;
	case ACT_LOGIN: open_view(p, PV_LOGIN); break;
	case ACT_PAUSE:
		if (p->m.state == CS_PAUSED) send_action(p, a, "RESUME", NULL, NULL);
		else open_view(p, PV_PAUSE);
		break;
	default: send_action(p, a, verbs[a], NULL, NULL); break;
	}
}

int panelstate_items(const struct panelstate *p, struct panel_item *items, int max)
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

void panelstate_choose(struct panelstate *p, int i)
{
	struct panel_item items[PANEL_MAX_ITEMS];
	int n = panelstate_items(p, items, PANEL_MAX_ITEMS);
	if (i < 0 || i >= n) return;
	enum panel_view v = p->view;
	open_view(p, PV_MAIN);
	if (v == PV_TRANSFER) send_action(p, ACT_TRANSFER, "TRANSFER", "service", items[i].value);
	else if (v == PV_REQUEUE) send_action(p, ACT_REQUEUE, "REQUEUE", "ticket", items[i].value);
	else if (v == PV_PAUSE) send_action(p, ACT_PAUSE, "PAUSE", "reason", items[i].value);
}

void panelstate_submit_login(struct panelstate *p)
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
static void rate_if_new(struct panelstate *p, const char *last)
{
	bool changed = strcmp(last, p->m.last_served) != 0;
	bool first = !p->m.known;
	snprintf(p->m.last_served, sizeof p->m.last_served, "%s", last);
	if (first || !changed || !*last || !strcmp(last, p->rating.ticket)) return;
	start_rating(p, last);
}

static void status_reply(struct panelstate *p, const struct proto_msg *m)
{
	struct panel_model *d = &p->m;
	char last[16];
	copy(last, sizeof last, val(m, "last_served"));
	rate_if_new(p, last);
	copy(d->name, sizeof d->name, val(m, "name"));
	d->state = counter_state_parse(val(m, "state"));
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
static void apply_reply(struct panelstate *p, enum panel_action a, const struct proto_msg *m, bool has_t)
{
	struct panel_model *d = &p->m;
	bool resume = !strcmp(p->inflight_verb, "RESUME");
	if (a == ACT_NEXT || a == ACT_RECALL) {
		copy(d->ticket, sizeof d->ticket, val(m, "ticket"));
		copy(d->service, sizeof d->service, val(m, "service"));
		copy(d->priority, sizeof d->priority, val(m, "priority"));
		d->state = has_t ? CS_SERVING : CS_OPEN;
	} else if (a == ACT_SKIP || a == ACT_TRANSFER || (a == ACT_PAUSE && !resume)) {
		d->ticket[0] = d->service[0] = d->priority[0] = 0;
		d->state = a == ACT_PAUSE ? CS_PAUSED : CS_OPEN;
	} else if (a == ACT_PAUSE) {
		d->state = d->ticket[0] ? CS_SERVING : CS_OPEN;
		d->reason[0] = 0;
	} else if (a == ACT_LOGIN) {
		snprintf(d->officer, sizeof d->officer, "%s", p->login);   /* the name just sent */
		if (d->state == CS_CLOSED) d->state = CS_OPEN;
	}
	if (proto_get(m, "waiting")) d->waiting = atoi(val(m, "waiting"));
}

static void action_reply(struct panelstate *p, enum panel_action a, const struct proto_msg *m)
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
		if (has_t) say(p, false, "Đã mời số %s đến quầy %d", t, p->counter);
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

void panelstate_reply(struct panelstate *p, int tag, const struct proto_msg *m)
{
	bool ok = !strcmp(m->word, "OK");
	dirty(p);
	switch ((enum panelstate_tag)tag) {
	case PST_ACTION: {
		int a = p->inflight;
		p->inflight = -1;
		if (a >= 0) action_reply(p, (enum panel_action)a, m);
		break;
	}
	case PST_STATUS:
		p->status_busy = false;
		if (ok) status_reply(p, m);
		if (p->status_again) { p->status_again = false; refresh_status(p); }
		break;
	case PST_SERVICES:
		if (!ok) break;
		p->m.nservices = 0;
		for (int i = 0; i < m->nargs && i < PANEL_MAX_SERVICES; i++) {
			snprintf(p->m.services[i].code, sizeof p->m.services[i].code, "%s", m->args[i].key);
			snprintf(p->m.services[i].name, sizeof p->m.services[i].name, "%s", m->args[i].val);
			p->m.nservices++;
		}
		break;
	case PST_NOSHOWS: {
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
	case PST_RATE:
		if (!ok) {
			const char *msg = strchr(m->rest, ' ');
			say(p, true, "Đánh giá: %s", msg ? msg + 1 : m->rest);
		}
		break;
	case PST_SUB: break;
	}
}

void panelstate_push(struct panelstate *p, const struct proto_msg *m)
{
	if (!strcmp(m->word, "WAITING") || !strcmp(m->word, "DAY") ||
	    (!strcmp(m->word, "COUNTER") && atoi(val(m, "counter")) == p->counter))
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

/* ---- the clock ---- */

int panelstate_tick(struct panelstate *p, int64_t now_ms)
{
	p->now_ms = now_ms;
	if (p->rating.active && p->now_ms >= p->rating.deadline_ms) {
		if (p->link_ready) {
			send_rating(p, 0);
		} else {
			say(p, true, "Không ghi được đánh giá số %s: %s", p->rating.ticket, p->link_reason);
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
	if (p->rating.active || p->rating.thanks_until_ms) return (int)(1000 - now_ms % 1000);
	return -1;
}


/* ---- the shell's calls ---- */

void panelstate_init(struct panelstate *s, int counter, int rating_seconds, bool rating_window,
                     const struct panelstate_io *io, int64_t now_ms)
{
	memset(s, 0, sizeof *s);
	s->counter = counter;
	s->rating_seconds = rating_seconds;
	s->rating_window = rating_window;
	s->io = *io;
	s->inflight = -1;
	s->now_ms = now_ms;
	say(s, false, "Xin chào! Nhấn Đăng nhập (F7) để bắt đầu.");
}

void panelstate_move(struct panelstate *p, int delta)
{
	struct panel_item items[PANEL_MAX_ITEMS];
	int n = panelstate_items(p, items, PANEL_MAX_ITEMS);
	if (n) p->sel = ((p->sel + delta) % n + n) % n;
	dirty(p);
}

void panelstate_cancel(struct panelstate *p) { open_view(p, PV_MAIN); }

void panelstate_type(struct panelstate *p, const char *text)
{
	if (p->view == PV_LOGIN && strlen(p->login) + strlen(text) < sizeof p->login)
		strcat(p->login, text);
	p->composing[0] = 0;
	dirty(p);
}

void panelstate_compose(struct panelstate *p, const char *text)
{
	snprintf(p->composing, sizeof p->composing, "%s", text);
	dirty(p);
}

void panelstate_erase(struct panelstate *p)
{
	dirty(p);
	if (p->composing[0]) return;   /* the input method erases in its own text */
	size_t n = strlen(p->login);
	while (n && ((unsigned char)p->login[n - 1] & 0xC0) == 0x80) n--;   /* whole characters */
	if (n) p->login[n - 1] = 0;
}

void panelstate_rate(struct panelstate *p, int score)
{
	if (p->rating.active && score >= 1 && score <= 5) send_rating(p, score);
}

bool panelstate_rating_shown(const struct panelstate *p)
{
	return !p->rating_window && (p->rating.active || p->rating.thanks_until_ms);
}

const char *panelstate_action_label(const struct panelstate *p, enum panel_action a)
{
	static const char *const labels[ACT_COUNT_] = {
		"Tiếp theo", "Gọi lại", "Bỏ qua", "Gọi lại số đã bỏ qua", "Chuyển lĩnh vực",
		"Tạm nghỉ", "Đăng nhập",
	};
	if (a == ACT_PAUSE && p->m.state == CS_PAUSED) return "Tiếp tục";
	return (int)a >= 0 && a < ACT_COUNT_ ? labels[a] : "";
}
