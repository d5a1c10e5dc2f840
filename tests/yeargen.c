/*
 * yeargen: a simulated center, minute by minute in 10-second steps, driven
 * through engine_decide/engine_apply and store_append as the daemon does
 * (see yeargen.h).
 */
#include "yeargen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "engine.h"
#include "store.h"

#define STEP 10                 /* seconds */
#define MAX_COUNTERS 16

static const char *const officers[] = {
	"Nguyễn Thị Lan", "Trần Văn Hùng", "Lê Thị Mai", "Phạm Quốc Bảo",
	"Hoàng Thị Thu", "Vũ Đức Minh", "Đặng Thị Hoa", "Bùi Văn Nam",
	"Đỗ Thị Hằng", "Hồ Văn Tài", "Ngô Thị Yến", "Dương Văn Long",
	"Lý Thị Ngọc", "Phan Văn Khánh", "Trịnh Thị Dung", "Mai Văn Sơn",
	"Tạ Thị Hương", "Cao Văn Đức",
};

struct sim {
	struct config *cfg;
	struct engine *e;
	struct store *st;
	uint32_t rng;
	long events;
	int64_t day;
	int reqno;
	int void_verb;
	int ncounters;
};

struct desk {
	int no, ticket;             /* ticket being served, -1 none */
	int officer;                /* index in officers[] */
	int next_at;                /* second of the day of the next act */
	int plan;                   /* what the ticket's story is: see act() */
	int recalls_left, open, lunch_done, paused_until, meeting_at, logout_at;
	int forget_logout;
	int requeue_ticket, requeue_at;
};

static uint32_t rnd(struct sim *s)
{
	s->rng ^= s->rng << 13;
	s->rng ^= s->rng >> 17;
	s->rng ^= s->rng << 5;
	return s->rng;
}

static int chance(struct sim *s, int per_mille) { return (int)(rnd(s) % 1000) < per_mille; }
static int between(struct sim *s, int a, int b) { return a + (int)(rnd(s) % (uint32_t)(b - a + 1)); }

static int64_t at_ms(const struct sim *s, int sec)
{
	return ((s->day * 86400 + sec) - (int64_t)s->cfg->utc_offset_min * 60) * 1000;
}

/* One command through the engine and the log; returns the engine code. */
static int act(struct sim *s, int verb, int counter, int sec, const char *text, int service, int ticket, int score)
{
	struct engine_cmd c = { .verb = (enum engine_verb)verb, .counter = counter, .service = service,
	                        .ticket = ticket, .score = score };
	struct engine_event ev;
	char req[32], reply[160], who[32];
	if (text) snprintf(c.text, sizeof c.text, "%s", text);
	int rc = engine_decide(s->e, &c, at_ms(s, sec), &ev);
	if (rc) return rc;
	if (engine_apply(s->e, &ev)) return -100;
	snprintf(req, sizeof req, "r%d", ++s->reqno);
	snprintf(who, sizeof who, counter ? "counter:%d" : "kiosk:1", counter);
	snprintf(reply, sizeof reply, "%s OK verb=%s counter=%d ticket=%d", req, engine_verb_name(ev.verb), counter, ev.ticket);
	if (store_append(s->st, s->e, &ev, who, req, reply)) return -101;
	s->events++;
	return 0;
}

static int pick_score(struct sim *s)
{
	int r = between(s, 0, 99);
	return r < 8 ? 0 : r < 58 ? 5 : r < 83 ? 4 : r < 93 ? 3 : r < 97 ? 2 : 1;
}

/* Arrival seconds of the day's tickets, sorted: peaks at 9 h and 14 h. */
static int arrivals(struct sim *s, int n, int *out)
{
	static const int weight[24] = { [7] = 4, [8] = 13, [9] = 15, [10] = 14, [11] = 8, [12] = 2,
	                                [13] = 9, [14] = 12, [15] = 10, [16] = 5 };
	int total = 0, k = 0;
	for (int h = 0; h < 24; h++) total += weight[h];
	for (int i = 0; i < n; i++) {
		int r = between(s, 0, total - 1), h = 0;
		while (r >= weight[h]) r -= weight[h++];
		int sec = h * 3600 + between(s, 0, 3599);
		if (h == 7 && sec < 7 * 3600 + 1800) sec += 1800;
		int j = k++;
		while (j > 0 && out[j - 1] > sec) { out[j] = out[j - 1]; j--; }
		out[j] = sec;
	}
	return k;
}

static void start_desk(struct sim *s, struct desk *d, int no, int off)
{
	memset(d, 0, sizeof *d);
	d->no = no;
	d->ticket = -1;
	d->requeue_ticket = -1;
	d->next_at = 7 * 3600 + 1500 + between(s, 0, 900);
	d->open = 0;
	d->meeting_at = chance(s, 120) ? between(s, 9 * 3600, 15 * 3600) : -1;
	d->logout_at = between(s, 16 * 3600 + 2400, 17 * 3600 + 900);
	d->forget_logout = chance(s, 20);
	d->officer = off;
}

enum plan { P_DONE, P_NEXT, P_NOSHOW, P_TRANSFER };

/* NEXT at a desk: finishes its ticket (rated) and calls, choosing the
 * called ticket's story. */
static int desk_next(struct sim *s, struct desk *d, int sec)
{
	int finishing = d->ticket;
	int rc = act(s, VERB_NEXT, d->no, sec, NULL, -1, -1, 0);
	if (rc == E_QUEUE_EMPTY) { d->next_at = sec + 3 * STEP; return 0; }
	if (rc) return rc;
	if (finishing >= 0) act(s, VERB_RATE, d->no, sec + 5, NULL, -1, -1, pick_score(s));
	d->ticket = engine_counter(s->e, d->no)->current;
	if (d->ticket < 0) { d->next_at = sec + STEP; return 0; }
	int r = between(s, 0, 999);
	d->plan = r < 50 ? P_NOSHOW : r < 80 ? P_TRANSFER : r < 650 ? P_DONE : P_NEXT;
	d->recalls_left = d->plan == P_NOSHOW ? between(s, 1, 3) : chance(s, 450) ? between(s, 1, 3) : 0;
	d->next_at = sec + (d->recalls_left ? between(s, 20, 50) :
	             d->plan == P_TRANSFER ? between(s, 60, 180) : 45 + between(s, 10, 140) + between(s, 10, 140));
	return 0;
}

static int desk_ticket(struct sim *s, struct desk *d, int sec)
{
	if (d->recalls_left > 0) {
		d->recalls_left--;
		d->next_at = sec + between(s, 30, 60);
		if (!d->recalls_left && d->plan != P_NOSHOW) d->next_at = sec + 60 + between(s, 15, 300);
		return act(s, VERB_RECALL, d->no, sec, NULL, -1, -1, 0);
	}
	switch (d->plan) {
	case P_NOSHOW:
		if (chance(s, 400)) { d->requeue_ticket = d->ticket; d->requeue_at = sec + between(s, 600, 1500); }
		d->ticket = -1;
		d->next_at = sec + STEP;
		return act(s, VERB_SKIP, d->no, sec, NULL, -1, -1, 0);
	case P_TRANSFER: {
		const struct engine_ticket *t = engine_ticket(s->e, d->ticket);
		int to = (t->service + between(s, 1, s->cfg->nservices - 1)) % s->cfg->nservices;
		d->ticket = -1;
		d->next_at = sec + STEP;
		return act(s, VERB_TRANSFER, d->no, sec, NULL, to, -1, 0);
	}
	case P_DONE:
		d->ticket = -1;
		d->next_at = sec + between(s, 10, 60);
		if (act(s, VERB_DONE, d->no, sec, NULL, -1, -1, 0)) return -1;
		return act(s, VERB_RATE, d->no, sec + 5, NULL, -1, -1, pick_score(s));
	default:
		return desk_next(s, d, sec);
	}
}

static int pause_desk(struct sim *s, struct desk *d, int sec, const char *why, int until)
{
	d->ticket = -1;
	d->paused_until = until;
	d->next_at = until;
	return act(s, VERB_PAUSE, d->no, sec, why, -1, -1, 0);
}

static int desk_step(struct sim *s, struct desk *d, int sec, int lunch_at)
{
	if (!d->open) {
		d->open = 1;
		d->next_at = sec + STEP;
		return act(s, VERB_LOGIN, d->no, sec, officers[d->officer], -1, -1, 0);
	}
	if (d->paused_until) {
		d->paused_until = 0;
		d->next_at = sec + STEP;
		return act(s, VERB_RESUME, d->no, sec, NULL, -1, -1, 0);
	}
	if (sec >= d->logout_at) {
		d->next_at = 1 << 30;
		return d->forget_logout ? 0 : act(s, VERB_LOGOUT, d->no, sec, NULL, -1, -1, 0);
	}
	if (!d->lunch_done && sec >= lunch_at) {
		d->lunch_done = 1;
		return pause_desk(s, d, sec, "nghỉ trưa", 13 * 3600 + between(s, 0, 600));
	}
	if (d->meeting_at >= 0 && sec >= d->meeting_at && d->ticket < 0) {
		d->meeting_at = -1;
		return pause_desk(s, d, sec, chance(s, 500) ? "họp" : "hỗ trợ nghiệp vụ", sec + between(s, 900, 2400));
	}
	if (d->requeue_ticket >= 0 && sec >= d->requeue_at) {
		int t = d->requeue_ticket;
		d->requeue_ticket = -1;
		act(s, VERB_REQUEUE, d->no, sec, NULL, -1, t, 0);   /* refused if called meanwhile */
	}
	return d->ticket >= 0 ? desk_ticket(s, d, sec) : desk_next(s, d, sec);
}

static int issue(struct sim *s, int sec)
{
	static const int weight[] = { 40, 25, 20, 15 };
	int r = between(s, 0, 99), svc = 0;
	while (svc < 3 && r >= weight[svc]) r -= weight[svc++];
	int prio = chance(s, 80) ? between(s, 1, s->cfg->ngroups) : 0;
	struct engine_cmd c = { .verb = VERB_ISSUE, .service = svc, .priority = prio, .ticket = -1 };
	struct engine_event ev;
	char req[32], reply[96];
	if (engine_decide(s->e, &c, at_ms(s, sec), &ev)) return 0;     /* the day is full */
	if (engine_apply(s->e, &ev)) return -1;
	snprintf(req, sizeof req, "k%d", ++s->reqno);
	snprintf(reply, sizeof reply, "%s OK ticket=%s service=%s ahead=%d", req,
	         engine_ticket(s->e, ev.ticket)->label, s->cfg->services[svc].code, engine_ahead(s->e, ev.ticket));
	if (store_append(s->st, s->e, &ev, "kiosk:1", req, reply)) return -1;
	s->events++;
	if (s->void_verb >= 0 && chance(s, 4))
		act(s, s->void_verb, 0, sec + 20, "hết giấy", -1, ev.ticket, 0);
	return 0;
}

static int one_day(struct sim *s, int mean)
{
	struct desk desks[MAX_COUNTERS];
	static int arrive[20000];
	int wd = (int)((s->day + 3) % 7);
	int n = mean + mean * (wd == 0 ? 15 : wd == 4 ? -10 : 0) / 100 + between(s, -mean / 10, mean / 10);
	if (n > 20000) n = 20000;
	n = arrivals(s, n, arrive);
	engine_new_day(s->e, s->day);
	int nof = s->ncounters + 2, rota = (int)(s->day % nof);
	for (int i = 0; i < s->ncounters; i++)
		start_desk(s, &desks[i], s->cfg->counters[i].no, (i + rota) % nof);
	int lunch_at = 11 * 3600 + 1800, swap = chance(s, 150) ? between(s, 0, s->ncounters - 1) : -1;
	for (int sec = 7 * 3600, k = 0; sec < 17 * 3600 + 1800; sec += STEP) {
		while (k < n && arrive[k] <= sec) { if (issue(s, arrive[k])) return -1; k++; }
		for (int i = 0; i < s->ncounters; i++) {
			struct desk *d = &desks[i];
			if (i == swap && sec == 14 * 3600 && d->open && d->next_at < (1 << 30)) {
				/* another officer takes the counter over without a logout */
				d->officer = (d->officer + s->ncounters / 2 + 1) % nof;
				act(s, VERB_LOGIN, d->no, sec, officers[d->officer], -1, -1, 0);
			}
			if (sec >= d->next_at && desk_step(s, d, sec, lunch_at + i * 300) < -99) return -1;
		}
	}
	return store_commit(s->st);
}

long yeargen_write(const char *path, const struct yeargen_opts *o, char *err, size_t errlen)
{
	struct sim s = { .rng = o->seed ? o->seed : 2463534242u };
	long rc = -1;
	char text[8192];
	int n = snprintf(text, sizeof text, "%s", config_default_text);
	s.ncounters = o->counters < 6 ? 6 : o->counters > MAX_COUNTERS ? MAX_COUNTERS : o->counters;
	for (int i = 7; i <= s.ncounters && n < (int)sizeof text; i++)
		n += snprintf(text + n, sizeof text - (size_t)n, "[counter %d]\nservices = A, B, C, D\n", i);
	s.cfg = config_parse(text, "(defaults)", err, errlen);
	if (!s.cfg) return -1;
	s.void_verb = engine_verb_from_name("VOID");
	s.e = engine_new(s.cfg, o->first_day);
	s.st = store_open(path, true, err, errlen);
	if (!s.e || !s.st) goto done;
	int done_days = 0;
	for (s.day = o->first_day; done_days < o->days; s.day++) {
		if ((s.day + 3) % 7 >= 5) continue;      /* Saturday, Sunday */
		if (one_day(&s, o->tickets)) {
			snprintf(err, errlen, "day %lld: %s", (long long)s.day, store_error(s.st));
			goto done;
		}
		done_days++;
	}
	rc = s.events;
done:
	store_close(s.st);
	engine_free(s.e);
	config_free(s.cfg);
	return rc;
}
