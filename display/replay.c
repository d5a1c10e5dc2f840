/*
 * replay: today's events from the log into the engine and the reply cache
 * (see replay.h).
 */
#include "replay.h"

#include <stdio.h>
#include <stdlib.h>

#include "replycache.h"
#include "store.h"
#include "vec.h"

/* Replaying a day maps the logged ticket indexes to the live ones: when an
 * event cannot be replayed (the config lost its service), the tickets
 * after it keep their identity instead of shifting onto each other. */
struct replay {
	struct engine *e;
	struct replycache *replies;
	int *map;            /* logged ticket index -> live index, -1 skipped */
	int nmap, cap;
	int skipped;
};

void replay_what(char *out, size_t n, enum engine_verb verb, int counter)
{
	if (verb == VERB_ISSUE || verb == VERB_VOID) counter = 0;
	snprintf(out, n, "%s counter=%d", engine_verb_name(verb), counter);
}

static int map_ticket(const struct replay *r, int logged)
{
	if (logged < 0) return -1;
	return logged < r->nmap ? r->map[logged] : -2;   /* -2: unknown, skip */
}

static int map_set(struct replay *r, int logged, int live)
{
	if (logged < 0) return -1;
	if (VEC_RESERVE(r->map, r->cap, logged + 1, 1024)) return -1;
	while (r->nmap <= logged) r->map[r->nmap++] = -1;
	r->map[logged] = live;
	return 0;
}

static void replay_one(void *ud, const struct engine_event *logged, const char *principal,
                       const char *req, const char *reply_line)
{
	struct replay *r = ud;
	struct engine_event ev = *logged;
	int live = engine_ntickets(r->e);
	if (ev.verb == VERB_ISSUE) {
		ev.ticket = live;
	} else {
		ev.ticket = map_ticket(r, logged->ticket);
		ev.finished = map_ticket(r, logged->finished);
	}
	if (ev.ticket < -1 || ev.finished < -1 || engine_apply(r->e, &ev)) {
		fprintf(stderr, "goiso-display: log: a %s event of today does not fit this config, skipped\n",
		        engine_verb_name(ev.verb));
		r->skipped++;
		if (ev.verb == VERB_ISSUE) map_set(r, logged->ticket, -1);
		return;
	}
	if (ev.verb == VERB_ISSUE) map_set(r, logged->ticket, live);
	if (*principal && *req && *reply_line) {
		char what[64];
		replay_what(what, sizeof what, logged->verb, logged->counter);
		replycache_put(r->replies, principal, req, what, reply_line);
	}
}

int replay_today(struct store *st, struct engine *e, struct replycache *rc,
                 char *err, size_t errlen)
{
	struct replay r = { .e = e, .replies = rc };
	int n = store_replay(st, engine_day(e), engine_config(e), replay_one, &r);
	free(r.map);
	if (r.skipped)
		fprintf(stderr, "goiso-display: %d events of today could not be replayed with this config\n", r.skipped);
	if (n < 0) {
		snprintf(err, errlen, "event log: %s", store_error(st));
		return -1;
	}
	return n;
}
