/*
 * wall: the board's state as the display told it (see wall.h).
 */
#include "wall.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "zone.h"

static const char *const state_names[] = { "closed", "open", "serving", "paused" };

struct wall *wall_new(const struct config *cfg, bool officer_names)
{
	struct wall *w = calloc(1, sizeof *w);
	if (!w) return NULL;
	w->cfg = cfg;
	w->officer_names = officer_names;
	wall_reset(w);
	return w;
}

void wall_free(struct wall *w) { free(w); }

void wall_reset(struct wall *w)
{
	memset(w->tile, 0, sizeof w->tile);
	memset(w->waiting, 0, sizeof w->waiting);
	w->nrecent = 0;
	w->day = 0;
}

void wall_forget(struct wall *w)
{
	wall_reset(w);
	memset(&w->call, 0, sizeof w->call);
	w->call_recall = false;
	w->call_priority = 0;
	w->call_seq = 0;
}

const char *wall_state_name(enum wall_state s)
{
	return (unsigned)s < 4 ? state_names[s] : "closed";
}

int wall_priority_of(const struct config *cfg, const char *code)
{
	if (!code || !strcmp(code, "none") || !strcmp(code, "0") || !*code) return 0;
	int g = config_group_index(cfg, code);
	return g >= 0 ? g + 1 : cfg->ngroups + 1;
}

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

void wall_from_engine(struct wall *w, const struct engine *e, const struct zone *z)
{
	const struct config *cfg = w->cfg;
	for (int i = 0; i < cfg->ncounters && i < engine_ncounters(e); i++) {
		const struct engine_counter *c = engine_counter_at(e, i);
		const struct engine_ticket *t = c->current >= 0 ? engine_ticket(e, c->current) : NULL;
		struct wall_tile *tl = &w->tile[i];
		tl->state = (enum wall_state)c->state;
		copy(tl->ticket, sizeof tl->ticket, t ? t->label : "");
		tl->priority = t ? t->priority : 0;
		copy(tl->reason, sizeof tl->reason, c->reason);
		copy(tl->officer, sizeof tl->officer, w->officer_names ? c->officer : "");
		tl->served = c->served;
	}
	for (int i = 0; i < cfg->nservices; i++) w->waiting[i] = engine_waiting(e, i);
	/* The newest calls (of the zone), newest first: a short insertion
	 * over the day. */
	int idx[WALL_RECENT], k = 0, nt = engine_ntickets(e);
	for (int i = 0; i < nt; i++) {
		const struct engine_ticket *t = engine_ticket(e, i);
		if (t->called_ms <= 0 || (z && !zone_has(z, cfg, t->counter))) continue;
		int j = k < WALL_RECENT ? k++ : WALL_RECENT;
		while (j > 0 && engine_ticket(e, idx[j - 1])->called_ms <= t->called_ms) {
			if (j < WALL_RECENT) idx[j] = idx[j - 1];
			j--;
		}
		if (j < WALL_RECENT) idx[j] = i;
	}
	w->nrecent = k;
	for (int i = 0; i < k; i++) {
		const struct engine_ticket *t = engine_ticket(e, idx[i]);
		copy(w->recent[i].label, sizeof w->recent[i].label, t->label);
		w->recent[i].counter = t->counter;
		w->recent[i].at_ms = t->called_ms;
	}
	w->day = engine_day(e);
}

static bool is_ok(const struct proto_msg *m) { return !strcmp(m->word, "OK"); }

static int int_of(const struct proto_msg *m, const char *key, int def)
{
	const char *v = proto_get(m, key);
	char *end;
	long x = v ? strtol(v, &end, 10) : def;
	return v && (*end || end == v) ? def : (int)x;
}

static int state_of(const char *s)
{
	for (int i = 0; s && i < 4; i++)
		if (!strcmp(s, state_names[i])) return i;
	return -1;
}

static struct wall_tile *tile_at(struct wall *w, int no)
{
	int i = config_counter_index(w->cfg, no);
	return i < 0 ? NULL : &w->tile[i];
}

const struct wall_tile *wall_tile_of(const struct wall *w, int no)
{
	int i = config_counter_index(w->cfg, no);
	return i < 0 ? NULL : &w->tile[i];
}

static void set_ticket(struct wall *w, struct wall_tile *t, const char *label, const char *priority)
{
	copy(t->ticket, sizeof t->ticket, label && strcmp(label, "none") ? label : "");
	t->priority = t->ticket[0] ? wall_priority_of(w->cfg, priority) : 0;
}

int wall_day_status(struct wall *w, const struct proto_msg *m)
{
	if (!is_ok(m) || !proto_get(m, "day")) return 0;
	w->day = int_of(m, "day", 0);
	for (int i = 0; i < w->cfg->nservices; i++) w->waiting[i] = int_of(m, w->cfg->services[i].code, 0);
	return WALL_CHANGED;
}

int wall_counter_status(struct wall *w, const struct proto_msg *m)
{
	struct wall_tile *t = is_ok(m) ? tile_at(w, int_of(m, "counter", -1)) : NULL;
	int st = state_of(proto_get(m, "state"));
	if (!t || st < 0) return 0;
	t->state = (enum wall_state)st;
	set_ticket(w, t, proto_get(m, "ticket"), proto_get(m, "priority"));
	copy(t->reason, sizeof t->reason, proto_get(m, "reason"));
	copy(t->officer, sizeof t->officer, w->officer_names ? proto_get(m, "officer") : "");
	t->served = int_of(m, "served", t->served);
	return WALL_CHANGED;
}

/* "A023:5:1795831200000,B004:2:1795831100000" */
int wall_recent(struct wall *w, const struct proto_msg *m)
{
	const char *v = is_ok(m) ? proto_get(m, "calls") : NULL;
	if (!v) return 0;
	w->nrecent = 0;
	while (*v && strcmp(v, "-") && w->nrecent < WALL_RECENT) {
		struct wall_call c = { "", 0, 0 };
		size_t n = strcspn(v, ":,");
		if (n == 0 || n >= sizeof c.label || v[n] != ':') break;
		memcpy(c.label, v, n);
		char *end;
		c.counter = (int)strtol(v + n + 1, &end, 10);
		if (*end != ':') break;
		c.at_ms = strtoll(end + 1, &end, 10);
		w->recent[w->nrecent++] = c;
		v = *end == ',' ? end + 1 : end;
	}
	return WALL_CHANGED;
}

static void add_recent(struct wall *w, const struct wall_call *c)
{
	int i = 0;
	while (i < w->nrecent && strcmp(w->recent[i].label, c->label)) i++;
	if (i == w->nrecent && w->nrecent < WALL_RECENT) w->nrecent++;
	if (i == WALL_RECENT) i = WALL_RECENT - 1;   /* the oldest falls off */
	memmove(&w->recent[1], &w->recent[0], sizeof w->recent[0] * (size_t)i);
	w->recent[0] = *c;
}

static int push_called(struct wall *w, const struct proto_msg *m, int64_t wall_ms)
{
	const char *label = proto_get(m, "ticket"), *at = proto_get(m, "at");
	int no = int_of(m, "counter", -1);
	struct wall_tile *t = tile_at(w, no);
	if (!label || !t || strlen(label) >= sizeof w->call.label) return 0;
	copy(w->call.label, sizeof w->call.label, label);
	w->call.counter = no;
	w->call.at_ms = at ? strtoll(at, NULL, 10) : wall_ms;
	if (w->call.at_ms <= 0) w->call.at_ms = wall_ms;
	w->call_recall = int_of(m, "recall", 0) != 0;
	w->call_priority = wall_priority_of(w->cfg, proto_get(m, "priority"));
	w->call_seq++;
	set_ticket(w, t, label, proto_get(m, "priority"));
	/* A recall is said and shown in the banner, but the list keeps the
	 * first call, as the main display's (wall_from_engine) and RECENT do:
	 * every screen in the hall shows the same history. */
	if (!w->call_recall) add_recent(w, &w->call);
	return WALL_CHANGED | WALL_CALLED;
}

static int push_counter(struct wall *w, const struct proto_msg *m, int *counter)
{
	int no = int_of(m, "counter", -1), st = state_of(proto_get(m, "state"));
	struct wall_tile *t = tile_at(w, no);
	if (!t || st < 0) return 0;
	const char *label = proto_get(m, "ticket");
	bool same = label && !strcmp(label, t->ticket);
	int prio = same ? t->priority : 0;
	t->state = (enum wall_state)st;
	set_ticket(w, t, label, NULL);
	if (t->ticket[0]) t->priority = prio;
	copy(t->reason, sizeof t->reason, proto_get(m, "reason"));
	*counter = no;
	/* The push lacks the ticket's priority, the officer and the count
	 * served: ask STATUS only when they may have changed (a ticket not
	 * just called here; a counter closed, whose tile stays on the board
	 * when it served someone today). */
	bool need = w->officer_names || (t->ticket[0] && !same) || (st == WALL_CLOSED && !t->served);
	return WALL_CHANGED | (need ? WALL_COUNTER : 0);
}

int wall_push(struct wall *w, const struct proto_msg *m, int64_t wall_ms, int *counter)
{
	*counter = 0;
	if (strcmp(m->id, "*")) return 0;
	if (!strcmp(m->word, "CALLED")) return push_called(w, m, wall_ms);
	if (!strcmp(m->word, "COUNTER")) return push_counter(w, m, counter);
	if (!strcmp(m->word, "WAITING")) {
		for (int i = 0; i < w->cfg->nservices; i++)
			w->waiting[i] = int_of(m, w->cfg->services[i].code, w->waiting[i]);
		return WALL_CHANGED;
	}
	if (!strcmp(m->word, "DAY")) {
		wall_reset(w);
		w->day = int_of(m, "day", 0);
		return WALL_CHANGED | WALL_NEW_DAY;
	}
	return 0;
}

const struct wall_call *wall_last_call(const struct wall *w, uint64_t *seq)
{
	if (seq) *seq = w->call_seq;
	return w->call_seq ? &w->call : NULL;
}

bool wall_is_recent(const struct wall *w, const char *label, int counter)
{
	for (int i = 0; i < w->nrecent; i++)
		if (!strcmp(w->recent[i].label, label) && w->recent[i].counter == counter) return true;
	return w->call_seq && !strcmp(w->call.label, label) && w->call.counter == counter;
}

int64_t wall_day(const struct wall *w) { return w->day; }
