/*
 * wall: the board's state as the display told it (see wall.h).
 */
#include "wall.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct tile {
	char state[12];          /* closed, open, serving, paused */
	char ticket[12];         /* "" none */
	bool priority;
	char reason[64];
	char officer[64];
};

struct wall {
	const struct config *cfg;
	bool officer_names;
	struct tile tile[CONFIG_MAX_COUNTERS];
	int waiting[CONFIG_MAX_SERVICES];
	struct wall_call recent[WALL_RECENT];
	int nrecent;
	struct wall_call call;
	bool call_recall, call_priority;
	uint64_t call_seq;
	int64_t day;
};

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
	for (int i = 0; i < CONFIG_MAX_COUNTERS; i++) strcpy(w->tile[i].state, "closed");
	memset(w->waiting, 0, sizeof w->waiting);
	w->nrecent = 0;
	w->day = 0;
}

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static bool is_ok(const struct proto_msg *m) { return !strcmp(m->word, "OK"); }

static int int_of(const struct proto_msg *m, const char *key, int def)
{
	const char *v = proto_get(m, key);
	char *end;
	long x = v ? strtol(v, &end, 10) : def;
	return v && (*end || end == v) ? def : (int)x;
}

static struct tile *tile_of(struct wall *w, int no)
{
	int i = config_counter_index(w->cfg, no);
	return i < 0 ? NULL : &w->tile[i];
}

static void set_ticket(struct tile *t, const char *label, const char *priority)
{
	copy(t->ticket, sizeof t->ticket, label && strcmp(label, "none") ? label : "");
	t->priority = priority && strcmp(priority, "none");
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
	struct tile *t = is_ok(m) ? tile_of(w, int_of(m, "counter", -1)) : NULL;
	if (!t || !proto_get(m, "state")) return 0;
	copy(t->state, sizeof t->state, proto_get(m, "state"));
	set_ticket(t, proto_get(m, "ticket"), proto_get(m, "priority"));
	copy(t->reason, sizeof t->reason, proto_get(m, "reason"));
	copy(t->officer, sizeof t->officer, w->officer_names ? proto_get(m, "officer") : "");
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
	const char *label = proto_get(m, "ticket");
	int no = int_of(m, "counter", -1);
	struct tile *t = tile_of(w, no);
	if (!label || !t || strlen(label) >= sizeof w->call.label) return 0;
	copy(w->call.label, sizeof w->call.label, label);
	w->call.counter = no;
	w->call.at_ms = wall_ms;
	w->call_recall = int_of(m, "recall", 0) != 0;
	w->call_priority = proto_get(m, "priority") && strcmp(proto_get(m, "priority"), "none");
	w->call_seq++;
	set_ticket(t, label, proto_get(m, "priority"));
	add_recent(w, &w->call);
	return WALL_CHANGED | WALL_CALLED;
}

static int push_counter(struct wall *w, const struct proto_msg *m, int *counter)
{
	int no = int_of(m, "counter", -1);
	struct tile *t = tile_of(w, no);
	if (!t || !proto_get(m, "state")) return 0;
	const char *label = proto_get(m, "ticket");
	bool same = label && !strcmp(label, t->ticket);
	copy(t->state, sizeof t->state, proto_get(m, "state"));
	set_ticket(t, label, same && t->priority ? "yes" : "none");
	copy(t->reason, sizeof t->reason, proto_get(m, "reason"));
	*counter = no;
	/* The push lacks the ticket's priority and the officer: ask STATUS
	 * only when they may have changed (a ticket not just called here). */
	bool need = w->officer_names || (t->ticket[0] && !same);
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

static void json_counters(const struct wall *w, struct buf *b)
{
	const struct config *cfg = w->cfg;
	json_raw(b, "[");
	for (int i = 0; i < cfg->ncounters; i++) {
		const struct config_counter *cc = &cfg->counters[i];
		const struct tile *t = &w->tile[i];
		json_raw(b, i ? ",{" : "{");
		json_key(b, "no", 1); json_int(b, cc->no);
		json_key(b, "name", 0); json_str(b, cc->name);
		json_key(b, "service", 0);
		json_str(b, cc->nservices ? cfg->services[cc->services[0]].name : "");
		json_key(b, "services", 0);
		json_raw(b, "[");
		for (int k = 0; k < cc->nservices; k++) {
			if (k) json_raw(b, ",");
			json_str(b, cfg->services[cc->services[k]].code);
		}
		json_raw(b, "]");
		json_key(b, "state", 0); json_str(b, t->state);
		json_key(b, "ticket", 0); json_str(b, t->ticket);
		json_key(b, "prio", 0); json_raw(b, t->priority ? "true" : "false");
		json_key(b, "reason", 0); json_str(b, t->reason);
		if (w->officer_names) { json_key(b, "officer", 0); json_str(b, t->officer); }
		json_raw(b, "}");
	}
	json_raw(b, "]");
}

static void json_services(const struct wall *w, struct buf *b)
{
	json_raw(b, "[");
	for (int i = 0; i < w->cfg->nservices; i++) {
		const struct config_service *s = &w->cfg->services[i];
		json_raw(b, i ? ",{" : "{");
		json_key(b, "code", 1); json_str(b, s->code);
		json_key(b, "prefix", 0); json_str(b, s->prefix[0] ? s->prefix : s->code);
		json_key(b, "name", 0); json_str(b, s->name);
		json_key(b, "waiting", 0); json_int(b, w->waiting[i]);
		json_raw(b, "}");
	}
	json_raw(b, "]");
}

static void json_call(struct buf *b, const struct wall_call *c)
{
	json_raw(b, "{");
	json_key(b, "t", 1); json_str(b, c->label);
	json_key(b, "c", 0); json_int(b, c->counter);
	json_key(b, "at", 0); json_int(b, c->at_ms);
}

void wall_json(const struct wall *w, struct buf *b, int64_t now_ms, bool up)
{
	const struct config *cfg = w->cfg;
	json_raw(b, "{");
	json_key(b, "center", 1); json_str(b, cfg->name);
	json_key(b, "now", 0); json_int(b, now_ms);
	json_key(b, "tz", 0); json_int(b, cfg->utc_offset_min);
	json_key(b, "up", 0); json_raw(b, up ? "true" : "false");
	json_key(b, "day", 0); json_int(b, w->day);
	json_key(b, "ticker", 0); json_str(b, config_get(cfg, "display", "ticker", ""));
	json_key(b, "counters", 0); json_counters(w, b);
	json_key(b, "services", 0); json_services(w, b);
	json_key(b, "recent", 0);
	json_raw(b, "[");
	for (int i = 0; i < w->nrecent; i++) {
		if (i) json_raw(b, ",");
		json_call(b, &w->recent[i]);
		json_raw(b, "}");
	}
	json_raw(b, "]");
	json_key(b, "call", 0);
	if (!w->call_seq) {
		json_raw(b, "null");
	} else {
		json_call(b, &w->call);
		json_key(b, "seq", 0); json_int(b, (int64_t)w->call_seq);
		json_key(b, "recall", 0); json_raw(b, w->call_recall ? "true" : "false");
		json_key(b, "prio", 0); json_raw(b, w->call_priority ? "true" : "false");
		json_raw(b, "}");
	}
	json_raw(b, "}");
}
