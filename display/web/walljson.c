/*
 * walljson: the board as JSON (see walljson.h).
 */
#include "walljson.h"

#include "json.h"

static void json_counters(const struct wall *w, struct buf *b)
{
	const struct config *cfg = w->cfg;
	json_raw(b, "[");
	for (int i = 0; i < cfg->ncounters; i++) {
		const struct config_counter *cc = &cfg->counters[i];
		const struct wall_tile *t = &w->tile[i];
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
		json_key(b, "state", 0); json_str(b, wall_state_name(t->state));
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

void wall_json(const struct wall *w, struct buf *b, int64_t now_ms, bool up, const char *notice)
{
	const struct config *cfg = w->cfg;
	json_raw(b, "{");
	json_key(b, "center", 1); json_str(b, cfg->name);
	json_key(b, "now", 0); json_int(b, now_ms);
	json_key(b, "tz", 0); json_int(b, cfg->utc_offset_min);
	json_key(b, "up", 0); json_raw(b, up && !notice ? "true" : "false");
	json_key(b, "refused", 0); json_raw(b, notice ? "true" : "false");
	json_key(b, "notice", 0);
	if (notice) json_str(b, notice);
	else json_raw(b, "null");
	json_key(b, "ticker", 0); json_str(b, config_get(cfg, "display", "ticker", ""));
	if (notice) {   /* what w holds is stale: none of it */
		json_raw(b, ",\"day\":0,\"counters\":[],\"services\":[],\"recent\":[],\"call\":null}");
		return;
	}
	json_key(b, "day", 0); json_int(b, w->day);
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
