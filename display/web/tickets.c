/*
 * tickets: token entries, their refresh and their channels (see tickets.h).
 */
#include "tickets.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "engine.h"
#include "json.h"
#include "sse.h"

struct entry {
	char token[ENGINE_TOKEN_LEN + 1];
	struct sse_chan *chan;
	struct buf json;          /* last published */
	bool due, asked;
	bool final;               /* served, void or unknown: nothing more will change */
	int64_t asked_ms, used_ms;
};

struct tickets {
	struct sse_hub *hub;
	const struct config *cfg;
	struct entry *e[TICKETS_MAX];
	int n;
	struct buf notice;        /* the refused message, while the key is refused */
};

struct tickets *tickets_new(struct sse_hub *h, const struct config *cfg)
{
	struct tickets *t = calloc(1, sizeof *t);
	if (!t) return NULL;
	t->hub = h;
	t->cfg = cfg;
	return t;
}

static void entry_free(struct entry *e)
{
	sse_chan_free(e->chan);
	buf_free(&e->json);
	free(e);
}

void tickets_free(struct tickets *t)
{
	if (!t) return;
	for (int i = 0; i < t->n; i++) entry_free(t->e[i]);
	buf_free(&t->notice);
	free(t);
}

static struct entry *find(struct tickets *t, const char *token)
{
	for (int i = 0; i < t->n; i++)
		if (!strcmp(t->e[i]->token, token)) return t->e[i];
	return NULL;
}

/* Publishes b on e's page when it differs from what the page shows;
 * takes b. */
static void show(struct entry *e, struct buf *b)
{
	if (b->len == e->json.len && (!b->len || !memcmp(b->data, e->json.data, b->len))) {
		buf_free(b);
		return;
	}
	sse_publish(e->chan, "ticket", b->data, b->len);
	buf_free(&e->json);
	e->json = *b;
}

static void show_notice(struct tickets *t, struct entry *e)
{
	struct buf b = { 0 };
	buf_append(&b, t->notice.data, t->notice.len);
	show(e, &b);
	e->final = false;   /* whatever it was, it is asked again once the link is back */
	e->due = true;
}

struct sse_chan *tickets_channel(struct tickets *t, const char *token, int64_t now_ms)
{
	if (!engine_valid_token(token)) return NULL;
	struct entry *e = find(t, token);
	if (!e) {
		if (t->n == TICKETS_MAX) tickets_sweep(t, now_ms);
		if (t->n == TICKETS_MAX || !(e = calloc(1, sizeof *e))) return NULL;
		if (!(e->chan = sse_chan_new(t->hub))) { free(e); return NULL; }
		memcpy(e->token, token, sizeof e->token);
		e->due = true;
		t->e[t->n++] = e;
		if (t->notice.len) show_notice(t, e);
	}
	e->used_ms = now_ms;
	return e->chan;
}

bool tickets_next_due(struct tickets *t, int64_t now_ms, char *out)
{
	for (int i = 0; i < t->n; i++) {
		struct entry *e = t->e[i];
		if (!e->due || e->asked || now_ms - e->asked_ms < TICKETS_MIN_REFRESH_MS) continue;
		e->due = false;
		e->asked = true;
		e->asked_ms = now_ms;
		memcpy(out, e->token, sizeof e->token);
		return true;
	}
	return false;
}

static const char *counter_name(const struct config *cfg, int no)
{
	int i = config_counter_index(cfg, no);
	return i >= 0 ? cfg->counters[i].name : "";
}

static const char *service_name(const struct config *cfg, const char *code)
{
	int i = code ? config_service_index(cfg, code) : -1;
	return i >= 0 ? cfg->services[i].name : "";
}

static void state_json(const struct config *cfg, const struct proto_msg *m, struct buf *b)
{
	static const char *const ints[] = { "ahead", "wait_min", "counter", "recalls", "issued_ms", "called_ms" };
	json_raw(b, "{");
	json_key(b, "state", 1);
	json_str(b, proto_get(m, "state") ? proto_get(m, "state") : "unknown");
	json_key(b, "ticket", 0); json_str(b, proto_get(m, "ticket") ? proto_get(m, "ticket") : "");
	json_key(b, "service", 0); json_str(b, service_name(cfg, proto_get(m, "service")));
	json_key(b, "prio", 0);
	json_raw(b, proto_get(m, "priority") && strcmp(proto_get(m, "priority"), "none") ? "true" : "false");
	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
		const char *v = proto_get(m, ints[i]);
		json_key(b, ints[i], 0);
		json_int(b, v ? strtoll(v, NULL, 10) : 0);
	}
	const char *c = proto_get(m, "counter");
	json_key(b, "counter_name", 0); json_str(b, c ? counter_name(cfg, atoi(c)) : "");
	json_key(b, "center", 0); json_str(b, cfg->name);
	json_key(b, "tz", 0); json_int(b, cfg->utc_offset_min);
	json_raw(b, "}");
}

void tickets_reply(struct tickets *t, const char *token, const struct proto_msg *m, int64_t now_ms)
{
	struct entry *e = find(t, token);
	struct buf b = { 0 };
	(void)now_ms;
	if (!e) return;
	e->asked = false;
	if (!strcmp(m->word, "ERR") && strncmp(m->rest, "unknown_token", 13)) {
		e->due = true;   /* the link failed or the display was busy: ask again */
		return;
	}
	const char *state = proto_get(m, "state");
	e->final = strcmp(m->word, "OK") || (state && (!strcmp(state, "served") || !strcmp(state, "void")));
	if (!strcmp(m->word, "OK")) {
		state_json(t->cfg, m, &b);
	} else {
		json_raw(&b, "{\"state\":\"unknown\",\"center\":");
		json_str(&b, t->cfg->name);
		json_raw(&b, "}");
	}
	show(e, &b);
}

void tickets_set_notice(struct tickets *t, const char *notice)
{
	buf_free(&t->notice);
	if (!notice) return;
	json_raw(&t->notice, "{\"state\":\"refused\",\"center\":");
	json_str(&t->notice, t->cfg->name);
	json_raw(&t->notice, ",\"notice\":");
	json_str(&t->notice, notice);
	json_raw(&t->notice, "}");
	for (int i = 0; i < t->n; i++) show_notice(t, t->e[i]);
}

void tickets_changed(struct tickets *t)
{
	for (int i = 0; i < t->n; i++)
		if (sse_chan_streams(t->e[i]->chan) > 0 && !t->e[i]->final) t->e[i]->due = true;
}

void tickets_sweep(struct tickets *t, int64_t now_ms)
{
	for (int i = 0; i < t->n; i++) {
		struct entry *e = t->e[i];
		if (sse_chan_streams(e->chan) > 0) e->used_ms = now_ms;
		if (e->asked || now_ms - e->used_ms < TICKETS_IDLE_MS) continue;
		entry_free(e);
		t->e[i--] = t->e[--t->n];
	}
}

int tickets_count(const struct tickets *t) { return t->n; }
