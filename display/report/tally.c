/*
 * tally: replaying each service day's rows into facts and counting them
 * (the definitions are in tally.h).
 *
 * A day's state is small: its tickets by index (the log's ticket column is
 * the ticket's index in its day) and its counters. Facts that need the end
 * of the day (a ticket's first call, a session never closed) are counted
 * when the next day begins or the center ends.
 */
#include "tally.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vname.h"

#define DAY_MS 86400000LL
#define MAX_TICKETS_A_DAY 1000000      /* the daemon is sized for 100,000 */
#define MAX_COUNTER_NO 100000

struct dticket {
	int64_t issued_ms, entry_ms, call_ms;
	int svc, issued_svc;
	int first_counter, first_officer;
	int served_svc, served_counter, served_officer;
	int at_counter;             /* counter index while called, else -1 */
	char issued, voided, waiting, wait_pending;
};

struct dcounter {
	int officer;                /* -1 nobody logged in */
	int64_t login_ms, last_ms, pause_ms;
	int paused, reason, current;
};

/* open: 0 closed, 1 never closed that day, 2 still open on a day under way */
struct interval {
	int officer, counter, open;
	int64_t a, b;
};

struct tally_day {
	int64_t day;
	struct dticket *tk;
	int ntk, cap;
	struct dcounter *ct;
	int nct;
	struct interval *iv;
	int niv, ivcap;
	int *cmap;                  /* counter number -> index, or -1 */
	int ncmap;
	int kept;                   /* a fact of the day passed the filters */
};

/* ---- names (group.h keeps the arrays) ---- */

static int service_idx(struct tally_center *c, const char *code)
{
	return *code ? group_find(&c->services, &c->nservices, code, 0) : -1;
}

/* The counter's index, its day state grown to fit; -1 when no counter. */
static int counter_idx(struct tally_center *c, int no)
{
	struct tally_day *d = c->day;
	if (no <= 0 || no > MAX_COUNTER_NO) return -1;
	if (no >= d->ncmap) {
		int n = no + 64;
		int *m = realloc(d->cmap, sizeof *m * (size_t)n);
		if (!m) return -1;
		for (int i = d->ncmap; i < n; i++) m[i] = -1;
		d->cmap = m;
		d->ncmap = n;
	}
	if (d->cmap[no] >= 0) return d->cmap[no];
	char name[16];
	snprintf(name, sizeof name, "%d", no);
	int ci = group_find(&c->counters, &c->ncounters, name, no);
	if (ci < 0) return -1;
	if (ci >= d->nct) {
		struct dcounter *ct = realloc(d->ct, sizeof *ct * (size_t)(ci + 1));
		if (!ct) return -1;
		d->ct = ct;
		for (; d->nct <= ci; d->nct++)
			d->ct[d->nct] = (struct dcounter){ .officer = -1, .current = -1, .reason = -1 };
	}
	return d->cmap[no] = ci;
}

/* ---- facts ---- */

static struct tally_center *cur(struct tally *t) { return &t->centers[t->ncenters - 1]; }

/* The groups a fact with this service, counter and officer (each -1 when
 * the fact has none) is counted in; 0 when the filters leave it out. */
static int groups_of(struct tally *t, int svc, int ctr, int off, struct group **g)
{
	struct tally_center *c = cur(t);
	int n = 0;
	if (t->f.service[0] && (svc < 0 || strcmp(c->services[svc].name, t->f.service))) return 0;
	if (t->f.counter && (ctr < 0 || c->counters[ctr].no != t->f.counter)) return 0;
	if (t->f.officer[0] && (off < 0 || !group_officer_is(&c->officers[off], t->f.officer))) return 0;
	c->day->kept = 1;
	if (off >= 0) g[n++] = &c->officers[off].g;
	if (svc >= 0) g[n++] = &c->services[svc].g;
	if (ctr >= 0) g[n++] = &c->counters[ctr].g;
	g[n++] = &c->total;
	g[n++] = &t->total;
	return n;
}

static int local_hour(const struct tally_center *c, int64_t at_ms)
{
	int64_t l = (at_ms + (int64_t)c->utc_offset_min * 60000) % DAY_MS;
	return (int)((l < 0 ? l + DAY_MS : l) / 3600000);
}

static struct daily *today(struct tally *t)
{
	int64_t i = cur(t)->day->day - t->from;
	static struct daily sink;
	return (t->daily && i >= 0 && i <= t->to - t->from) ? &t->daily[i] : &sink;
}

static int officer_at(struct tally_center *c, int ci, const struct lrow *r)
{
	if (ci >= 0 && c->day->ct[ci].officer >= 0) return c->day->ct[ci].officer;
	return group_find_officer(&c->officers, &c->nofficers, r ? r->officer : "");
}

static struct dticket *ticket(struct tally_center *c, int i)
{
	struct tally_day *d = c->day;
	return i >= 0 && i < d->ntk && d->tk[i].issued ? &d->tk[i] : NULL;
}

static int fact_wait(struct tally *t, struct dticket *k, int ci, int off, int64_t at)
{
	struct group *g[5];
	int n = groups_of(t, k->svc, ci, off, g);
	int64_t ms = at - k->entry_ms;
	for (int i = 0; i < n; i++)
		if (samples_add(&g[i]->wait, ms)) return -1;
	if (n) { today(t)->waits++; today(t)->wait_ms += ms < 0 ? 0 : ms; }
	return 0;
}

static int call(struct tally *t, int ci, int i, int64_t at, const struct lrow *r)
{
	struct tally_center *c = cur(t);
	struct dticket *k = ticket(c, i);
	struct group *g[5];
	if (!k || k->voided || k->at_counter >= 0) { c->skipped++; return 0; }
	int off = officer_at(c, ci, r);
	if (k->wait_pending && fact_wait(t, k, ci, off, at)) return -1;
	int n = groups_of(t, k->svc, ci, off, g), h = local_hour(c, at);
	for (int j = 0; j < n; j++) { g[j]->called++; g[j]->hour_called[h]++; }
	if (k->first_counter < 0) { k->first_counter = ci; k->first_officer = off; }
	k->waiting = k->wait_pending = 0;
	k->call_ms = at;
	k->at_counter = ci;
	c->day->ct[ci].current = i;
	return 0;
}

/* The ticket i called at counter ci leaves it; NULL when it was not there. */
static struct dticket *leave(struct tally_center *c, int ci, int i)
{
	struct dticket *k = ticket(c, i);
	if (!k || k->at_counter != ci) { c->skipped++; return NULL; }
	k->at_counter = -1;
	if (c->day->ct[ci].current == i) c->day->ct[ci].current = -1;
	return k;
}

static int finish(struct tally *t, int ci, int i, int64_t at, const struct lrow *r)
{
	struct tally_center *c = cur(t);
	struct dticket *k = leave(c, ci, i);
	struct group *g[5];
	if (!k) return 0;
	int off = officer_at(c, ci, r);
	int n = groups_of(t, k->svc, ci, off, g);
	for (int j = 0; j < n; j++) {
		g[j]->served++;
		if (samples_add(&g[j]->service, at - k->call_ms)) return -1;
	}
	if (n) today(t)->served++;
	k->served_svc = k->svc;
	k->served_counter = ci;
	k->served_officer = off;
	return 0;
}

/* Adds one to a count of each group of a fact; returns how many groups. */
static int count(struct tally *t, int svc, int ci, int off, size_t field)
{
	struct group *g[5];
	int n = groups_of(t, svc, ci, off, g);
	for (int j = 0; j < n; j++) (*(long *)((char *)g[j] + field))++;
	return n;
}
#define COUNT_FACT(t, svc, ci, off, field) count((t), (svc), (ci), (off), offsetof(struct group, field))

static void end_pause(struct tally *t, int ci, int64_t at)
{
	struct tally_center *c = cur(t);
	struct dcounter *ct = &c->day->ct[ci];
	struct group *g[5];
	if (!ct->paused) return;
	ct->paused = 0;
	int64_t ms = at > ct->pause_ms ? at - ct->pause_ms : 0;
	int n = groups_of(t, -1, ci, ct->officer, g);
	for (int j = 0; j < n; j++) { g[j]->pauses++; g[j]->pause_ms += ms; }
	if (!n || ct->officer < 0 || ct->reason < 0) return;
	const char *name = c->officers[ct->officer].name;
	for (int j = 0; j < c->npauses; j++)
		if (c->pauses[j].reason == ct->reason && !strcmp(c->pauses[j].officer, name)) {
			c->pauses[j].n++;
			c->pauses[j].ms += ms;
			return;
		}
	struct pause_reason *p = realloc(c->pauses, sizeof *p * (size_t)(c->npauses + 1));
	if (!p) return;
	c->pauses = p;
	p = &p[c->npauses++];
	snprintf(p->officer, sizeof p->officer, "%s", name);
	p->reason = ct->reason;
	p->n = 1;
	p->ms = ms;
}

static int end_session(struct tally_center *c, int ci, int64_t at, int open)
{
	struct tally_day *d = c->day;
	struct dcounter *ct = &d->ct[ci];
	if (ct->officer < 0) return 0;
	if (d->niv == d->ivcap) {
		int cap = d->ivcap ? d->ivcap * 2 : 64;
		struct interval *iv = realloc(d->iv, sizeof *iv * (size_t)cap);
		if (!iv) return -1;
		d->iv = iv;
		d->ivcap = cap;
	}
	d->iv[d->niv++] = (struct interval){ ct->officer, ci, open, ct->login_ms, at < ct->login_ms ? ct->login_ms : at };
	ct->officer = -1;
	return 0;
}

static int login(struct tally *t, int ci, const struct lrow *r)
{
	struct tally_center *c = cur(t);
	struct dcounter *ct = &c->day->ct[ci];
	int off = group_find_officer(&c->officers, &c->nofficers, r->text);
	if (off < 0 || off == ct->officer) return 0;
	int was_paused = ct->paused;
	end_pause(t, ci, r->at_ms);
	if (end_session(c, ci, r->at_ms, 0)) return -1;
	ct->officer = off;
	ct->login_ms = r->at_ms;
	if (was_paused) { ct->paused = 1; ct->pause_ms = r->at_ms; }   /* the new officer's pause */
	return 0;
}

static int issue(struct tally *t, const struct lrow *r)
{
	struct tally_center *c = cur(t);
	struct tally_day *d = c->day;
	int i = r->ticket;
	if (i < 0 || i >= MAX_TICKETS_A_DAY) { c->skipped++; return 0; }
	if (i >= d->cap) {
		int cap = d->cap ? d->cap : 1024;
		while (cap <= i) cap *= 2;
		struct dticket *tk = realloc(d->tk, sizeof *tk * (size_t)cap);
		if (!tk) return -1;
		d->tk = tk;
		d->cap = cap;
	}
	for (; d->ntk <= i; d->ntk++) d->tk[d->ntk].issued = 0;
	int svc = service_idx(c, r->service);
	if (svc < 0) { c->skipped++; return 0; }
	d->tk[i] = (struct dticket){
		.issued_ms = r->at_ms, .entry_ms = r->at_ms, .svc = svc, .issued_svc = svc,
		.first_counter = -1, .first_officer = -1, .served_svc = -1, .served_counter = -1,
		.served_officer = -1, .at_counter = -1, .issued = 1, .waiting = 1, .wait_pending = 1,
	};
	return 0;
}

static int rate(struct tally *t, int ci, const struct lrow *r)
{
	struct tally_center *c = cur(t);
	struct dticket *k = ticket(c, r->ticket);
	if (!k || r->score < 0 || r->score > 5) { c->skipped++; return 0; }
	int svc = k->served_svc >= 0 ? k->served_svc : k->svc;
	int ctr = k->served_counter >= 0 ? k->served_counter : ci;
	int off = k->served_counter >= 0 ? k->served_officer : officer_at(c, ci, r);
	struct group *g[5];
	int n = groups_of(t, svc, ctr, off, g);
	for (int j = 0; j < n; j++) g[j]->ratings[r->score]++;
	if (n && r->score > 0) {
		today(t)->chose++;
		if (r->score >= 4) today(t)->satisfied++;
	}
	return 0;
}

static int transfer(struct tally *t, int ci, const struct lrow *r)
{
	struct tally_center *c = cur(t);
	struct dticket *k = ticket(c, r->ticket);
	int svc = service_idx(c, r->service);
	if (!k || svc < 0 || !leave(c, ci, r->ticket)) { if (!k || svc < 0) c->skipped++; return 0; }
	COUNT_FACT(t, k->svc, ci, officer_at(c, ci, r), transfers);
	k->svc = svc;
	k->entry_ms = r->at_ms;
	k->waiting = k->wait_pending = 1;
	return 0;
}

/* The rows of a counter's verbs; ci is the counter's index. */
static int counter_row(struct tally *t, int ci, const struct lrow *r)
{
	struct tally_center *c = cur(t);
	struct dcounter *ct = &c->day->ct[ci];
	struct dticket *k;
	if (r->at_ms > ct->last_ms) ct->last_ms = r->at_ms;
	switch (r->verb) {
	case LV_NEXT:
		if (r->finished >= 0 && finish(t, ci, r->finished, r->at_ms, r)) return -1;
		return r->ticket >= 0 ? call(t, ci, r->ticket, r->at_ms, r) : 0;
	case LV_DONE:
		return r->finished >= 0 ? finish(t, ci, r->finished, r->at_ms, r) : 0;
	case LV_PAUSE:
		if (r->finished >= 0 && finish(t, ci, r->finished, r->at_ms, r)) return -1;
		if (!ct->paused) {
			ct->paused = 1;
			ct->pause_ms = r->at_ms;
			ct->reason = group_find_reason(&c->reasons, &c->nreasons, r->text);
		}
		return 0;
	case LV_RESUME:
		end_pause(t, ci, r->at_ms);
		return 0;
	case LV_LOGIN:
		return login(t, ci, r);
	case LV_LOGOUT:
		if (r->finished >= 0 && finish(t, ci, r->finished, r->at_ms, r)) return -1;
		end_pause(t, ci, r->at_ms);
		return end_session(c, ci, r->at_ms, 0);
	case LV_RECALL:
		if ((k = ticket(c, r->ticket)) && k->at_counter == ci)
			COUNT_FACT(t, k->svc, ci, officer_at(c, ci, r), recalls);
		else c->skipped++;
		return 0;
	case LV_SKIP:
		if ((k = leave(c, ci, r->ticket))) {
			if (COUNT_FACT(t, k->svc, ci, officer_at(c, ci, r), noshow)) today(t)->noshow++;
		}
		return 0;
	case LV_REQUEUE:
		if ((k = ticket(c, r->ticket)) && !k->waiting && k->at_counter < 0 && !k->voided) {
			k->waiting = 1;
			COUNT_FACT(t, k->svc, ci, officer_at(c, ci, r), requeued);
		} else c->skipped++;
		return 0;
	case LV_TRANSFER:
		return transfer(t, ci, r);
	case LV_RATE:
		return rate(t, ci, r);
	default:
		return 0;
	}
}

static int by_officer_then_start(const void *a, const void *b)
{
	const struct interval *x = a, *y = b;
	if (x->officer != y->officer) return x->officer < y->officer ? -1 : 1;
	return x->a < y->a ? -1 : x->a > y->a;
}

/* Time logged in: each officer's sessions of the day, overlaps once.
 * Under a counter filter only the sessions at that counter count. */
static void count_sessions(struct tally *t)
{
	struct tally_center *c = cur(t);
	struct tally_day *d = c->day;
	int ctr = -1, kept = 0;
	for (int i = 0; i < d->niv; i++) {
		if (t->f.counter && c->counters[d->iv[i].counter].no != t->f.counter) continue;
		if (t->f.counter) ctr = d->iv[i].counter;
		d->iv[kept++] = d->iv[i];
	}
	d->niv = kept;
	if (d->niv > 1) qsort(d->iv, (size_t)d->niv, sizeof *d->iv, by_officer_then_start);
	for (int i = 0; i < d->niv;) {
		int off = d->iv[i].officer, open = 0, working = 0;
		int64_t total = 0, a = d->iv[i].a, b = d->iv[i].b;
		for (; i < d->niv && d->iv[i].officer == off; i++) {
			open |= d->iv[i].open == 1;
			working |= d->iv[i].open == 2;
			if (d->iv[i].a > b) { total += b - a; a = d->iv[i].a; b = d->iv[i].b; }
			else if (d->iv[i].b > b) b = d->iv[i].b;
		}
		total += b - a;
		struct group *g[5];
		int n = groups_of(t, -1, ctr, off, g);
		for (int j = 0; j < n; j++) {
			g[j]->login_ms += total;
			g[j]->open_days += open && !working;
			g[j]->working += working;
		}
	}
	d->niv = 0;
}

/* The end of a service day: what only the whole day tells. */
static void end_day(struct tally *t)
{
	struct tally_center *c = cur(t);
	struct tally_day *d = c->day;
	if (d->day == INT64_MIN) return;
	/* a day under way: what is open is work in progress, up to now */
	int live = c->now_ms > 0 && d->day == c->live_day;
	for (int ci = 0; ci < d->nct; ci++) {
		struct dcounter *ct = &d->ct[ci];
		struct dticket *k = ticket(c, ct->current);
		int64_t end = live && c->now_ms > ct->last_ms ? c->now_ms : ct->last_ms;
		if (k && k->at_counter == ci) {
			if (live) COUNT_FACT(t, k->svc, ci, officer_at(c, ci, NULL), serving);
			else COUNT_FACT(t, k->svc, ci, officer_at(c, ci, NULL), unfinished);
		}
		end_pause(t, ci, end);
		end_session(c, ci, end, live ? 2 : 1);
		*ct = (struct dcounter){ .officer = -1, .current = -1, .reason = -1 };
	}
	count_sessions(t);
	int wd = (int)((d->day + 3) % 7 + 7) % 7;
	for (int i = 0; i < d->ntk; i++) {
		struct dticket *k = &d->tk[i];
		if (!k->issued) continue;
		if (k->voided) {
			struct group *g[5];
			int n = groups_of(t, k->issued_svc, -1, -1, g);
			for (int j = 0; j < n; j++) g[j]->voided++;
			if (n) today(t)->voided++;
			continue;
		}
		struct group *g[5];
		int h = local_hour(c, k->issued_ms);
		int n = groups_of(t, k->issued_svc, k->first_counter, k->first_officer, g);
		for (int j = 0; j < n; j++) { g[j]->issued++; g[j]->hour_issued[h]++; }
		if (n) { t->heat[wd][h]++; today(t)->issued++; }
		if (k->waiting && live) COUNT_FACT(t, k->svc, -1, -1, waiting);
		else if (k->waiting) COUNT_FACT(t, k->svc, -1, -1, uncalled);
	}
	/* a day counts when it has figures: under filters, one they kept */
	if (d->kept || !(t->f.service[0] || t->f.counter || t->f.officer[0])) c->days_with_events++;
	d->kept = 0;
	d->ntk = 0;
	d->day = INT64_MIN;
}

int tally_row(struct tally *t, const struct lrow *r)
{
	struct tally_center *c = cur(t);
	if (r->day < t->from || r->day > t->to) return 0;
	if (r->day != c->day->day) {
		end_day(t);
		c->day->day = r->day;
		if (r->day > t->last_day) t->last_day = r->day;
	}
	c->rows++;
	switch (r->verb) {
	case LV_ISSUE:
		return issue(t, r);
	case LV_VOID: {
		struct dticket *k = ticket(c, r->ticket);
		if (!k || k->at_counter >= 0) { c->skipped++; return 0; }
		k->voided = 1;
		k->waiting = k->wait_pending = 0;
		return 0;
	}
	case LV_OTHER:
		return 0;
	default: {
		int ci = counter_idx(c, r->counter);
		if (ci < 0) { c->skipped++; return 0; }
		return counter_row(t, ci, r);
	}
	}
}

/* ---- life cycle ---- */

struct tally *tally_new(int64_t from, int64_t to, const struct tally_filter *f)
{
	if (to < from || to - from >= 36600) return NULL;
	struct tally *t = calloc(1, sizeof *t);
	if (!t) return NULL;
	t->from = from;
	t->to = to;
	t->today = t->last_day = INT64_MIN;
	if (f) t->f = *f;
	/* folded for group_officer_is(); a name of spaces folds to nothing and keeps nobody */
	if (t->f.officer[0] && !vname_fold(t->f.officer, sizeof t->f.officer, f->officer))
		snprintf(t->f.officer, sizeof t->f.officer, " ");
	t->daily = calloc((size_t)(to - from + 1), sizeof *t->daily);
	if (!t->daily) { free(t); return NULL; }
	return t;
}


static void day_free(struct tally_day *d)
{
	if (!d) return;
	free(d->tk);
	free(d->ct);
	free(d->iv);
	free(d->cmap);
	free(d);
}

void tally_free(struct tally *t)
{
	if (!t) return;
	for (int i = 0; i < t->ncenters; i++) {
		struct tally_center *c = &t->centers[i];
		group_free_named(c->officers, c->nofficers);
		group_free_named(c->services, c->nservices);
		group_free_named(c->counters, c->ncounters);
		free(c->reasons);
		free(c->pauses);
		group_free(&c->total);
		day_free(c->day);
	}
	free(t->centers);
	group_free(&t->total);
	free(t->daily);
	free(t);
}

int tally_center(struct tally *t, const char *label, int utc_offset_min)
{
	struct tally_center *c = realloc(t->centers, sizeof *c * (size_t)(t->ncenters + 1));
	if (!c) return -1;
	t->centers = c;
	c = &c[t->ncenters];
	memset(c, 0, sizeof *c);
	snprintf(c->label, sizeof c->label, "%s", label);
	c->utc_offset_min = utc_offset_min;
	if (!(c->day = calloc(1, sizeof *c->day))) return -1;
	c->day->day = INT64_MIN;
	return t->ncenters++;
}

void tally_live(struct tally *t, int64_t day, int64_t now_ms)
{
	struct tally_center *c = cur(t);
	c->live_day = day;
	c->now_ms = now_ms;
	if (day > t->today) t->today = day;
	if (day >= t->from && day <= t->to) t->live = 1;
}

void tally_name_service(struct tally *t, const char *code, const char *name)
{
	struct tally_center *c = cur(t);
	int i = service_idx(c, code);
	if (i >= 0) snprintf(c->services[i].title, sizeof c->services[i].title, "%s", name);
}

void tally_name_counter(struct tally *t, int no, const char *name)
{
	struct tally_center *c = cur(t);
	int i = counter_idx(c, no);
	if (i >= 0) snprintf(c->counters[i].title, sizeof c->counters[i].title, "%s", name);
}

int tally_end_center(struct tally *t)
{
	if (!t->ncenters) return 0;
	end_day(t);
	day_free(cur(t)->day);
	cur(t)->day = NULL;
	return 0;
}

int64_t tally_last_listed(const struct tally *t)
{
	if (t->today == INT64_MIN || t->today >= t->to) return t->to;
	int64_t end = t->last_day > t->today ? t->last_day : t->today;
	return end > t->to ? t->to : end < t->from - 1 ? t->from - 1 : end;
}

void tally_finish(struct tally *t)
{
	for (int i = 0; i < t->ncenters; i++) {
		struct tally_center *c = &t->centers[i];
		group_sort_named(c->officers, c->nofficers, GROUP_BY_NAME);
		group_sort_named(c->services, c->nservices, GROUP_BY_NAME);
		group_sort_named(c->counters, c->ncounters, GROUP_BY_NO);
		group_finish(&c->total);
	}
	group_finish(&t->total);
}
