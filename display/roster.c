/*
 * roster: the daemon's connections and the limits on them (see roster.h).
 */
#include "roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine.h"
#include "keyring.h"
#include "loop.h"

#define AUTH_TIMEOUT_MS 10000
/* Memory for what clients have not read yet: a connection is dropped
 * when more than OUT_CAP bytes wait for it, and when all of them together
 * hold more than OUT_BUDGET, the longest queues are dropped first. */
#define OUT_CAP (64 << 10)
#define OUT_BUDGET (16 << 20)
/* The connections one credential may hold (the site key: no cap). */
#define CRED_CAP_COUNTER 8
#define CRED_CAP_LOW 16
#define ROLE_LOW (ROLE_KIOSK | ROLE_VIEWER)

struct roster {
	struct conn_ctx ctx;         /* what every connection shares; ud: the roster */
	struct conn *conns;
	int n, max;
	int reserved;                /* slots kiosks and viewers may not take */
	struct notice_limit lim_cap, lim_slow;
	long timer;
	unsigned long keys_seen;     /* keyring generation the connections were checked at */
	void (*request)(void *ud, struct conn *c, const struct proto_msg *m);
	void (*gone)(void *ud, struct conn *c);
	void *ud;
};

/* ---- who may hold a connection ---- */

static struct conn *longest_idle(struct roster *r, const struct conn *skip, const char *cred_id, int roles)
{
	struct conn *pick = NULL;
	for (struct conn *o = r->conns; o; o = o->next) {
		if (o == skip || !o->authed || o->local || !(o->role & roles)) continue;
		if (cred_id && strcmp(o->cred_id, cred_id)) continue;
		if (!pick || o->last_request_ms < pick->last_request_ms) pick = o;
	}
	return pick;
}

/* May c log in as role with cred_id? Makes room within the credential's
 * cap by closing its own longest idle connection; refuses a kiosk or
 * viewer when the slots they may use are all taken. */
static bool admit(void *ud, struct conn *c, const char *cred_id, enum role given, enum role role)
{
	struct roster *r = ud;
	int same = 0, low = 0;
	int cap = given == ROLE_ADMIN ? 0 : given == ROLE_COUNTER ? CRED_CAP_COUNTER : CRED_CAP_LOW;
	for (struct conn *o = r->conns; o; o = o->next) {
		if (o == c || !o->authed || o->local) continue;
		same += !strcmp(o->cred_id, cred_id);
		low += (o->role & ROLE_LOW) != 0;
	}
	if (cap && same >= cap) {
		struct conn *old = longest_idle(r, c, cred_id, ROLE_ANY);
		notice_limited(&r->lim_cap, loop_now_ms(r->ctx.loop), "credential %s holds %d connections "
		               "(at most %d): its longest idle one is closed", cred_id, same, cap);
		if (old) { low -= (old->role & ROLE_LOW) != 0; conn_free(old); }
	}
	return !(role & ROLE_LOW) || low < r->max - r->reserved;
}

/* Full: the oldest connection still not logged in makes room, so a flood
 * of strangers cannot lock the counters out for its 10 s; else the
 * longest idle kiosk or viewer. */
static void make_room(struct roster *r)
{
	struct conn *oldest = NULL;
	for (struct conn *o = r->conns; o; o = o->next)
		if (!o->authed && (!oldest || o->accepted_ms <= oldest->accepted_ms)) oldest = o;
	if (!oldest) oldest = longest_idle(r, NULL, NULL, ROLE_LOW);
	if (oldest) conn_free(oldest);
}

void roster_accept(void *ud, int fd, bool local, const char *peer)
{
	struct roster *r = ud;
	if (r->n >= r->max) make_room(r);
	if (r->n >= r->max) {
		static const char busy[] = "- ERR busy Máy hiển thị đang quá tải, thử lại sau\n";
		if (send(fd, busy, sizeof busy - 1, MSG_NOSIGNAL) < 0) { /* nothing to do */ }
		close(fd);
		return;
	}
	struct conn *c = conn_new(fd, local, peer, &r->ctx);
	if (!c) return;
	c->next = r->conns;
	r->conns = c;
	r->n++;
}

/* Every second: close connections that did not authenticate in time, and
 * those whose credential was revoked since (the keys file changed). */
static void check_auth(struct loop *l, void *ud)
{
	struct roster *r = ud;
	struct conn *next;
	keyring_refresh(r->ctx.keys);
	bool keys_changed = keyring_generation(r->ctx.keys) != r->keys_seen;
	r->keys_seen = keyring_generation(r->ctx.keys);
	for (struct conn *c = r->conns; c; c = next) {
		next = c->next;
		if (!c->authed && loop_now_ms(l) - c->accepted_ms > AUTH_TIMEOUT_MS) {
			conn_free(c);
		} else if (c->authed && !c->local && keys_changed && !keyring_find(r->ctx.keys, c->cred_id)) {
			fprintf(stderr, "goiso-display: credential %s revoked: connection closed\n", c->cred_id);
			conn_free(c);
		}
	}
	r->timer = loop_add_timer(l, loop_now_ms(l) + 1000, check_auth, r);
}

/* ---- output ---- */

void roster_hold(struct roster *r, const char *line)
{
	for (struct conn *c = r->conns; c; c = c->next)
		if (c->subscribed && !c->closing) conn_reply(c, line);
}

void roster_push(struct roster *r, const char *line, size_t len)
{
	for (struct conn *c = r->conns; c; c = c->next)
		if (c->subscribed && !c->closing && c->out.len <= OUT_CAP) conn_push(c, line, len);
}

void roster_release(struct roster *r)
{
	for (struct conn *c = r->conns; c; c = c->next) conn_release(c);
}

int roster_drop_replies(struct roster *r)
{
	int n = 0;
	for (struct conn *c = r->conns; c; c = c->next) n += conn_drop_replies(c);
	return n;
}

static void drop_slow(struct roster *r, struct conn *c, const char *why)
{
	notice_limited(&r->lim_slow, loop_now_ms(r->ctx.loop), "%s reads nothing: %zu bytes wait for it "
	               "(%s); connection closed", c->principal[0] ? c->principal : "a stranger",
	               c->out.len, why);
	conn_free(c);
}

/* After the turn's writes: the per-connection cap, then the budget. */
static void drop_slow_readers(struct roster *r)
{
	struct conn *next;
	size_t total = 0;
	for (struct conn *c = r->conns; c; c = next) {
		next = c->next;
		if (c->out.len > OUT_CAP) drop_slow(r, c, "over the per-connection cap");
		else total += c->out.cap;
	}
	while (total > OUT_BUDGET) {
		struct conn *big = NULL;
		for (struct conn *c = r->conns; c; c = c->next)
			if (!big || c->out.cap > big->out.cap) big = c;
		if (!big || !big->out.cap) break;
		total -= big->out.cap;
		drop_slow(r, big, "over the memory budget of all connections");
	}
}

void roster_write(struct roster *r)
{
	struct conn *next;
	for (struct conn *c = r->conns; c; c = next) {
		next = c->next;
		if (c->out.len || c->closing) conn_write(c);
	}
	drop_slow_readers(r);
}

/* ---- the roster ---- */

static void forget(void *ud, struct conn *c)
{
	struct roster *r = ud;
	for (struct conn **p = &r->conns; *p; p = &(*p)->next)
		if (*p == c) { *p = c->next; break; }
	r->n--;
	r->gone(r->ud, c);
}

static void request(void *ud, struct conn *c, const struct proto_msg *m)
{
	struct roster *r = ud;
	r->request(r->ud, c, m);
}

struct roster *roster_new(const struct roster_opts *o)
{
	struct roster *r = calloc(1, sizeof *r);
	if (!r) return NULL;
	r->ctx = (struct conn_ctx){ .loop = o->loop, .e = o->e, .keys = o->keys, .pairing = o->pairing,
	                            .admit = admit, .request = request, .gone = forget, .ud = r };
	r->request = o->request;
	r->gone = o->gone;
	r->ud = o->ud;
	r->max = o->max_clients;
	/* two per counter of the config and 16 for the site key, at most half */
	r->reserved = 2 * engine_config(o->e)->ncounters + 16;
	if (r->reserved > r->max / 2) r->reserved = r->max / 2;
	r->timer = loop_add_timer(o->loop, loop_now_ms(o->loop) + 1000, check_auth, r);
	return r;
}

void roster_free(struct roster *r)
{
	if (!r) return;
	while (r->conns) conn_free(r->conns);
	if (r->timer > 0) loop_del_timer(r->ctx.loop, r->timer);
	free(r);
}

struct conn *roster_first(const struct roster *r) { return r->conns; }
int roster_count(const struct roster *r) { return r->n; }
int roster_max(const struct roster *r) { return r->max; }
