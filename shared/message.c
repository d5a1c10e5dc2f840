/*
 * message: protocol lines from engine state (see message.h).
 */
#include "message.h"

#include <stdio.h>
#include <string.h>

#include "estimate.h"

static const char *const state_names[] = { "closed", "open", "serving", "paused" };
static const char *const ticket_states[] = { "waiting", "called", "served", "noshow", "void" };

static const char *service_code(const struct engine *e, int s)
{
	return (s >= 0 && s < engine_config(e)->nservices) ? engine_config(e)->services[s].code : "-";
}

static const char *group_code(const struct engine *e, int p)
{
	return p > 0 ? engine_config(e)->groups[p - 1].code : "none";
}

static void add_ticket(struct proto_buf *pb, const struct engine *e, const char *key, int idx)
{
	const struct engine_ticket *t = engine_ticket(e, idx);
	proto_add(pb, key, t ? t->label : "none");
}

static void add_ticket_details(struct proto_buf *pb, const struct engine *e, int idx)
{
	const struct engine_ticket *t = engine_ticket(e, idx);
	add_ticket(pb, e, "ticket", idx);
	if (!t) return;
	proto_add(pb, "service", service_code(e, t->service));
	proto_add(pb, "priority", group_code(e, t->priority));
}

static void add_wait(struct proto_buf *pb, const struct engine *e, int service, int ahead)
{
	int min = estimate_wait_min(e, service, ahead);
	if (min < 0) proto_add(pb, "wait_min", "unknown");
	else proto_add_int(pb, "wait_min", min);
}

void message_ok(struct proto_buf *pb, const char *id, const struct engine *e,
                const struct engine_event *ev)
{
	proto_begin(pb, id, "OK");
	add_ticket_details(pb, e, ev->ticket);
	if (ev->counter) proto_add_int(pb, "counter", ev->counter);
	if (ev->finished >= 0) add_ticket(pb, e, "finished", ev->finished);
	if (ev->verb == VERB_ISSUE) {
		const struct engine_ticket *t = engine_ticket(e, ev->ticket);
		proto_add_int(pb, "ahead", engine_ahead(e, ev->ticket));
		proto_add_int(pb, "issued_ms", ev->at_ms);
		if (t && t->token[0]) proto_add(pb, "token", t->token);
		add_wait(pb, e, ev->service, engine_ahead(e, ev->ticket));
	} else if (ev->counter) {
		proto_add_int(pb, "waiting", engine_waiting_for_counter(e, ev->counter));
	}
	if (ev->verb == VERB_RATE) proto_add_int(pb, "score", ev->score);
	proto_end(pb);
}

void message_counter_status(struct proto_buf *pb, const char *id, const struct engine *e, int no,
                            bool officer)
{
	const struct engine_counter *ct = engine_counter(e, no);
	const struct config *cfg = engine_config(e);
	proto_begin(pb, id, "OK");
	proto_add_int(pb, "counter", no);
	proto_add(pb, "name", cfg->counters[config_counter_index(cfg, no)].name);
	proto_add(pb, "state", state_names[ct->state]);
	add_ticket_details(pb, e, ct->current);
	if (officer) proto_add(pb, "officer", ct->officer);
	if (ct->state == COUNTER_PAUSED) proto_add(pb, "reason", ct->reason);
	proto_add_int(pb, "waiting", engine_waiting_for_counter(e, no));
	proto_add_int(pb, "served", ct->served);
	add_ticket(pb, e, "last_served", ct->last_served);
	proto_end(pb);
}

void message_day_status(struct proto_buf *pb, const char *id, const struct engine *e)
{
	const struct config *cfg = engine_config(e);
	int waiting = 0;
	for (int i = 0; i < cfg->nservices; i++) waiting += engine_waiting(e, i);
	proto_begin(pb, id, "OK");
	proto_add_int(pb, "day", engine_day(e));
	proto_add_int(pb, "tickets", engine_ntickets(e));
	proto_add_int(pb, "waiting", waiting);
	proto_addf(pb, "digest", "%016llx", (unsigned long long)engine_digest(e));
	for (int i = 0; i < cfg->nservices; i++) proto_add_int(pb, cfg->services[i].code, engine_waiting(e, i));
	proto_end(pb);
}

void message_services(struct proto_buf *pb, const char *id, const struct engine *e)
{
	const struct config *cfg = engine_config(e);
	proto_begin(pb, id, "OK");
	for (int i = 0; i < cfg->nservices; i++) proto_add(pb, cfg->services[i].code, cfg->services[i].name);
	proto_end(pb);
}

bool message_called(struct proto_buf *pb, const struct engine *e, const struct engine_event *ev)
{
	if ((ev->verb != VERB_NEXT && ev->verb != VERB_RECALL) || !engine_ticket(e, ev->ticket)) return false;
	proto_begin(pb, "*", "CALLED");
	add_ticket_details(pb, e, ev->ticket);
	proto_add_int(pb, "counter", ev->counter);
	proto_add_int(pb, "recall", ev->verb == VERB_RECALL);
	proto_add_int(pb, "at", ev->at_ms);   /* when, by the display's clock: a follower's list says it */
	proto_end(pb);
	return true;
}

bool message_counter(struct proto_buf *pb, const struct engine *e, const struct engine_event *ev)
{
	const struct engine_counter *c = engine_counter(e, ev->counter);
	if (!c) return false;
	proto_begin(pb, "*", "COUNTER");
	proto_add_int(pb, "counter", ev->counter);
	proto_add(pb, "state", state_names[c->state]);
	add_ticket(pb, e, "ticket", c->current);
	if (c->state == COUNTER_PAUSED) proto_add(pb, "reason", c->reason);
	proto_end(pb);
	return true;
}

void message_waiting(struct proto_buf *pb, const struct engine *e)
{
	const struct config *cfg = engine_config(e);
	proto_begin(pb, "*", "WAITING");
	for (int i = 0; i < cfg->nservices; i++) proto_add_int(pb, cfg->services[i].code, engine_waiting(e, i));
	proto_end(pb);
}

void message_day(struct proto_buf *pb, int64_t day)
{
	proto_begin(pb, "*", "DAY");
	proto_add_int(pb, "day", day);
	proto_end(pb);
}

void message_queue(struct proto_buf *pb, const char *id, const struct engine *e)
{
	const struct config *cfg = engine_config(e);
	char list[CONFIG_MAX_GROUPS * 25 + CONFIG_MAX_SERVICES * 5] = "";
	size_t n = 0;
	proto_begin(pb, id, "OK");
	for (int i = 0; i < cfg->nservices && n < sizeof list; i++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", i ? "," : "", cfg->services[i].code);
	proto_add(pb, "services", n ? list : "none");
	n = 0;
	list[0] = 0;
	for (int i = 0; i < cfg->ngroups && n < sizeof list; i++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", i ? "," : "", cfg->groups[i].code);
	proto_add(pb, "groups", n ? list : "none");
	proto_add_int(pb, "utc_offset_min", cfg->utc_offset_min);
	proto_end(pb);
}

void message_queue_service(struct proto_buf *pb, const char *id, const struct engine *e,
                           int service, int64_t now_ms)
{
	const struct config_service *sv = &engine_config(e)->services[service];
	int waiting = engine_waiting(e, service);
	proto_begin(pb, id, "OK");
	proto_add(pb, "service", sv->code);
	proto_add(pb, "name", sv->name);
	proto_addf(pb, "hours", "%02d:%02d-%02d:%02d", sv->open_min / 60, sv->open_min % 60,
	           sv->close_min / 60, sv->close_min % 60);
	proto_add_int(pb, "open", engine_service_open(e, service, now_ms));
	proto_add_int(pb, "waiting", waiting);
	proto_add_int(pb, "counters", estimate_open_counters(e, service));
	add_wait(pb, e, service, waiting);
	proto_end(pb);
}

void message_queue_group(struct proto_buf *pb, const char *id, const struct engine *e, int group)
{
	const struct config_group *g = &engine_config(e)->groups[group];
	proto_begin(pb, id, "OK");
	proto_add(pb, "group", g->code);
	proto_add(pb, "name", g->name);
	proto_end(pb);
}

int64_t message_wait_ms(const struct engine *e, int idx)
{
	const struct engine_ticket *t = engine_ticket(e, idx);
	if (!t || t->state != TICKET_WAITING) return 0;
	return estimate_wait_ms(e, t->service, engine_ahead(e, idx));
}

void message_ticket(struct proto_buf *pb, const char *id, const struct engine *e, int idx)
{
	const struct engine_ticket *t = engine_ticket(e, idx);
	int64_t wait = message_wait_ms(e, idx);
	proto_begin(pb, id, "OK");
	add_ticket_details(pb, e, idx);
	proto_add(pb, "state", ticket_states[t->state]);
	proto_add_int(pb, "ahead", engine_ahead(e, idx));
	proto_add_int(pb, "wait_min", wait < 0 ? -1 : (wait + 59999) / 60000);
	proto_add_int(pb, "counter", t->counter);
	proto_add_int(pb, "recalls", t->recalls);
	proto_add_int(pb, "issued_ms", t->issued_ms);
	if (t->called_ms > 0) proto_add_int(pb, "called_ms", t->called_ms);
	proto_add_int(pb, "day", engine_day(e));
	proto_end(pb);
}

void message_recent(struct proto_buf *pb, const char *id, const struct engine *e)
{
	int idx[MESSAGE_RECENT_MAX], k = 0;
	for (int i = 0; i < engine_ntickets(e); i++) {
		const struct engine_ticket *t = engine_ticket(e, i);
		if (t->called_ms <= 0) continue;
		int j = k < MESSAGE_RECENT_MAX ? k++ : MESSAGE_RECENT_MAX;   /* a short sorted list */
		while (j > 0 && engine_ticket(e, idx[j - 1])->called_ms <= t->called_ms) {
			if (j < MESSAGE_RECENT_MAX) idx[j] = idx[j - 1];
			j--;
		}
		if (j < MESSAGE_RECENT_MAX) idx[j] = i;
	}
	char list[PROTO_VAL_MAX] = "-";
	size_t len = 0;
	for (int i = 0; i < k; i++) {
		const struct engine_ticket *t = engine_ticket(e, idx[i]);
		int w = snprintf(list + len, sizeof list - len, "%s%s:%d:%lld", i ? "," : "", t->label,
		                 t->counter, (long long)t->called_ms);
		if (w < 0 || (size_t)w >= sizeof list - len) { list[len] = 0; k = i; break; }
		len += (size_t)w;
	}
	proto_begin(pb, id, "OK");
	proto_add_int(pb, "n", k);
	proto_add(pb, "calls", k ? list : "-");
	proto_end(pb);
}
