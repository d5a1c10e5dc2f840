/*
 * server: the command table, request ids, the turn's events and pushed
 * events (see server.h). One connection's bytes, lines, AUTH and session
 * are conn.c's, who may hold a connection roster.c's, the sockets
 * listener.c's; each authenticated request comes back here through
 * on_request().
 *
 * Replies are held by their connection until server_flush() has committed
 * the turn's events, so nothing is acknowledged before it is on disk, and
 * replies keep the order of their requests.
 */
#include "server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "calendar.h"
#include "conn.h"
#include "device.h"
#include "followers.h"
#include "keyring.h"
#include "engine.h"
#include "listener.h"
#include "loop.h"
#include "message.h"
#include "proto.h"
#include "ratelimit.h"
#include "replay.h"
#include "replycache.h"
#include "roster.h"
#include "store.h"
#include "vec.h"
#include "vname.h"

struct server {
	struct loop *loop;
	struct engine *e;
	struct store *store;
	struct replycache *replies;
	struct calendar *calendar;
	struct ratelimit *limits;
	struct roster *roster;
	struct listener *listener;
	struct engine_event *turn;   /* events accepted this turn */
	int nturn, capturn;
	bool turn_lost;              /* a write of this turn failed: undo it */
	server_event_fn on_event;
	void *on_event_ud;
	struct device_table devices;
	struct followers followers;  /* follower boards seen, and lost */
	struct keyring *keys;        /* ... of which those revoked are not named */
};

/* ---- the command table ---- */

struct command {
	const char *name;
	int roles;        /* the roles allowed (role.h), a mask */
	int verb;         /* engine verb, or -1 for a read-only command */
	void (*handler)(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd);
	/* cmd_message: the reply, built from the day's state alone */
	void (*message)(struct proto_buf *pb, const char *id, const struct engine *e);
};

static void cmd_engine(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_status(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_message(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_sub(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_noshows(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_ping(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_clients(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_ticket(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_quit(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_queue(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_device(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd);

static const struct command commands[] = {
	{ "NEXT", ROLE_ADMIN | ROLE_COUNTER, VERB_NEXT, cmd_engine },
	{ "DONE", ROLE_ADMIN | ROLE_COUNTER, VERB_DONE, cmd_engine },
	{ "RECALL", ROLE_ADMIN | ROLE_COUNTER, VERB_RECALL, cmd_engine },
	{ "SKIP", ROLE_ADMIN | ROLE_COUNTER, VERB_SKIP, cmd_engine },
	{ "REQUEUE", ROLE_ADMIN | ROLE_COUNTER, VERB_REQUEUE, cmd_engine },
	{ "TRANSFER", ROLE_ADMIN | ROLE_COUNTER, VERB_TRANSFER, cmd_engine },
	{ "PAUSE", ROLE_ADMIN | ROLE_COUNTER, VERB_PAUSE, cmd_engine },
	{ "RESUME", ROLE_ADMIN | ROLE_COUNTER, VERB_RESUME, cmd_engine },
	{ "LOGIN", ROLE_ADMIN | ROLE_COUNTER, VERB_LOGIN, cmd_engine },
	{ "LOGOUT", ROLE_ADMIN | ROLE_COUNTER, VERB_LOGOUT, cmd_engine },
	{ "RATE", ROLE_ADMIN | ROLE_COUNTER, VERB_RATE, cmd_engine },
	{ "ISSUE", ROLE_ADMIN | ROLE_COUNTER | ROLE_KIOSK, VERB_ISSUE, cmd_engine },
	{ "VOID", ROLE_ADMIN | ROLE_KIOSK, VERB_VOID, cmd_engine },
	{ "QUEUE", ROLE_ANY, -1, cmd_queue },
	{ "DEVICE", ROLE_ADMIN | ROLE_KIOSK, -1, cmd_device },
	{ "STATUS", ROLE_ANY, -1, cmd_status },
	{ "SERVICES", ROLE_ANY, -1, cmd_message, message_services },
	{ "SUB", ROLE_ANY, -1, cmd_sub },
	{ "NOSHOWS", ROLE_ADMIN | ROLE_COUNTER, -1, cmd_noshows },
	{ "TICKET", ROLE_ADMIN | ROLE_KIOSK | ROLE_VIEWER, -1, cmd_ticket },
	{ "RECENT", ROLE_ANY, -1, cmd_message, message_recent },
	{ "CLIENTS", ROLE_ADMIN, -1, cmd_clients },
	{ "PING", ROLE_ANY, -1, cmd_ping },
	{ "QUIT", ROLE_ANY, -1, cmd_quit },
};

/* One request of an authenticated connection. */
static void on_request(void *ud, struct conn *c, const struct proto_msg *m)
{
	struct server *s = ud;
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(commands[i].name, m->word)) continue;
		if (!(commands[i].roles & (int)c->role))
			conn_reply_err(c, m->id, "forbidden", "Vai trò này không được dùng lệnh đó");
		else
			commands[i].handler(s, c, m, &commands[i]);
		return;
	}
	conn_reply_err(c, m->id, "unknown_verb", "Lệnh không có trong giao thức");
}

/* ---- changes ---- */

/* Fills ec from the arguments, and *asked with the counter= given (0:
 * none); returns NULL or an error message. */
static const char *parse_cmd(struct server *s, const struct conn *c, const struct proto_msg *m,
                             struct engine_cmd *ec, int *asked)
{
	const struct config *cfg = engine_config(s->e);
	const char *v;
	char name[PROTO_LINE_MAX];
	memset(ec, 0, sizeof *ec);
	ec->service = ec->ticket = -1;
	ec->counter = c->counter;
	*asked = 0;
	if (proto_get_int(m, "counter", 1, CONFIG_COUNTER_LAST, asked) < 0)
		return "counter phải là số quầy từ 1 đến " CONFIG_STR(CONFIG_COUNTER_LAST);
	/* only the site key may act for another counter (cmd_engine refuses it) */
	if (*asked && c->role == ROLE_ADMIN) ec->counter = *asked;
	if ((v = proto_get(m, "service")) && (ec->service = config_service_index(cfg, v)) < 0)
		ec->service = -2;   /* unknown: the engine says E_UNKNOWN_SERVICE */
	if ((v = proto_get(m, "priority")) && strcmp(v, "0") && strcmp(v, "none")) {
		int g = config_group_index(cfg, v), n;
		if (g < 0 && proto_get_int(m, "priority", 1, cfg->ngroups, &n) > 0) g = n - 1;
		ec->priority = g < 0 ? -1 : g + 1;   /* -1: the engine says E_BAD_PRIORITY */
	}
	if ((v = proto_get(m, "score"))) {
		if (!strcmp(v, "none")) ec->score = 0;
		else if (proto_get_int(m, "score", 1, 5, &ec->score) < 0) ec->score = -1;   /* E_BAD_SCORE */
	}
	if ((v = proto_get(m, "ticket"))) {
		ec->ticket = engine_find_ticket(s->e, v);
		if (ec->ticket < 0) ec->ticket = -2;
	}
	if ((v = proto_get(m, "officer"))) {
		/* the limit is on the one form the engine logs, not on how it was typed */
		vname_normalize(name, sizeof name, v);
		v = name;
	} else {
		v = proto_get(m, "reason");
	}
	if (v) {
		size_t len = strlen(v);
		if (len >= sizeof ec->text) return "Quá dài: tên cán bộ hoặc lý do tối đa 63 byte";
		memcpy(ec->text, v, len + 1);
	}
	return NULL;
}

static int remember_event(struct server *s, const struct engine_event *ev)
{
	if (VEC_RESERVE(s->turn, s->capturn, s->nturn + 1, 64)) return -1;
	s->turn[s->nturn++] = *ev;
	return 0;
}

/* Answers a request that must not act now: a retry with its first reply
 * (id_reused when the id named another request), the rest with why not.
 * true when it answered. */
static bool answered_without_acting(struct server *s, struct conn *c, const struct proto_msg *m,
                                    const struct command *cmd, const struct engine_cmd *ec,
                                    int asked, const char *what)
{
	const char *cached;
	int seen = replycache_get(s->replies, c->principal, m->id, what, &cached);
	bool counterless = cmd->verb == VERB_ISSUE || cmd->verb == VERB_VOID;
	if (seen > 0) conn_reply(c, cached);
	else if (seen < 0)
		conn_reply_err(c, m->id, "id_reused", "Mã yêu cầu này đã dùng cho một yêu cầu khác hôm nay");
	else if (store_failing(s->store) || s->turn_lost)
		conn_reply_err(c, m->id, "disk_full", "Ổ đĩa máy hiển thị đã đầy: thao tác chưa được ghi. Xin báo bộ phận "
		               "CNTT; máy tự nhận thao tác lại khi ổ đĩa có chỗ");
	else if (c->limited && !ratelimit_take(s->limits, c->cred_id, loop_now_ms(s->loop)))
		conn_reply_err(c, m->id, "rate_limited", "Thao tác quá nhanh: mỗi khóa tối đa một thao tác mỗi giây, "
		               "xin thử lại sau giây lát");
	else if (c->role != ROLE_ADMIN && !counterless && asked && asked != c->counter)
		conn_reply_err(c, m->id, "forbidden", "Quầy này chỉ được thao tác cho chính mình");
	else if (!counterless && ec->counter == 0)
		conn_reply_err(c, m->id, "bad_arg", "Cần counter=<số quầy>");
	else
		return false;
	return true;
}

static void cmd_engine(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	struct engine_cmd ec;
	struct engine_event ev;
	struct proto_buf pb;
	char what[64];
	int asked;
	const char *bad = parse_cmd(s, c, m, &ec, &asked);
	if (bad) { conn_reply_err(c, m->id, "bad_arg", bad); return; }
	/* a retried request gets its first reply; another under its id, an error */
	replay_what(what, sizeof what, (enum engine_verb)cmd->verb, ec.counter);
	if (answered_without_acting(s, c, m, cmd, &ec, asked, what)) return;
	ec.verb = (enum engine_verb)cmd->verb;
	/* a new ticket's token: random, the key of the citizen's page */
	if (ec.verb == VERB_ISSUE) auth_random_token(ec.text);
	/* the first request after the day's start belongs to the new day */
	server_check_day(s, loop_wall_ms(s->loop));
	int rc = engine_decide(s->e, &ec, loop_wall_ms(s->loop), &ev);
	if (rc) { conn_reply_err(c, m->id, engine_errcode(rc), engine_strerror(rc)); return; }
	if (engine_apply(s->e, &ev)) {
		/* a decided event that does not apply (out of memory) may have half
		 * changed the state: stop; the restart replays what was logged */
		fprintf(stderr, "goiso-display: cannot apply a decided %s event\n", engine_verb_name(ev.verb));
		exit(3);
	}
	message_ok(&pb, m->id, s->e, &ev);
	if (store_append(s->store, s->e, &ev, c->principal, m->id, pb.s)) {
		/* the state moved but the log did not: the turn is undone at its
		 * end (server_flush), nothing of it acknowledged */
		s->turn_lost = true;
		conn_close_after_reply(c);
		return;
	}
	if (remember_event(s, &ev) || replycache_put(s->replies, c->principal, m->id, what, pb.s)) {
		fprintf(stderr, "goiso-display: out of memory after logging a %s event\n", engine_verb_name(ev.verb));
		exit(3);
	}
	conn_reply(c, pb.s);
}


/* ---- reading and the rest ---- */

static void reply_ok(struct conn *c, const struct proto_msg *m)
{
	struct proto_buf pb;
	proto_begin(&pb, m->id, "OK");
	conn_reply(c, proto_end(&pb));
}

static void cmd_status(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	const struct engine *e = s->e;
	struct proto_buf pb;
	/* a kiosk's or a viewer's number is not a counter: its STATUS is the day's */
	int no = c->role & (ROLE_ADMIN | ROLE_COUNTER) ? c->counter : 0;
	(void)cmd;
	if (proto_get_int(m, "counter", 1, CONFIG_COUNTER_LAST, &no) < 0 || (proto_get(m, "counter") && !engine_counter(e, no))) {
		conn_reply_err(c, m->id, "unknown_counter", engine_strerror(E_UNKNOWN_COUNTER));
		return;
	}
	/* officer names are for the site key and the counters (PROTOCOL.md §3) */
	if (no && engine_counter(e, no)) message_counter_status(&pb, m->id, e, no, c->role & (ROLE_ADMIN | ROLE_COUNTER));
	else message_day_status(&pb, m->id, e);
	conn_reply(c, pb.s);
}

static void cmd_message(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	struct proto_buf pb;
	cmd->message(&pb, m->id, s->e);
	conn_reply(c, pb.s);
}

/* Today's no-show tickets a counter may put back in the queue (REQUEUE):
 * those of its services or last called by it, newest first, as one
 * comma-separated value "tickets=C012,A007" (at most NOSHOWS_MAX). */
#define NOSHOWS_MAX 40
static void cmd_noshows(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	const struct engine *e = s->e;
	struct proto_buf pb;
	char list[NOSHOWS_MAX * 8 + 1] = "";
	size_t len = 0;
	int no = c->counter, n = 0;
	(void)cmd;
	if (proto_get_int(m, "counter", 1, CONFIG_COUNTER_LAST, &no) < 0 || !engine_counter(e, no)) {
		conn_reply_err(c, m->id, "unknown_counter", engine_strerror(E_UNKNOWN_COUNTER));
		return;
	}
	for (int i = engine_ntickets(e) - 1; i >= 0 && n < NOSHOWS_MAX; i--) {
		const struct engine_ticket *t = engine_ticket(e, i);
		if (!engine_noshow_in_scope(e, no, i)) continue;
		int w = snprintf(list + len, sizeof list - len, "%s%s", n ? "," : "", t->label);
		if (w < 0 || (size_t)w >= sizeof list - len || len + (size_t)w >= PROTO_VAL_MAX) break;
		len += (size_t)w;
		n++;
	}
	proto_begin(&pb, m->id, "OK");
	proto_add_int(&pb, "counter", no);
	proto_add_int(&pb, "count", n);
	proto_add(&pb, "tickets", n ? list : "none");
	conn_reply(c, proto_end(&pb));
}

/* A follower board (viewer N > 0; the web gateway is viewer 0): it is
 * counted from its SUB to its connection's end (followers.h). */
static bool is_follower(const struct conn *c)
{
	return c->authed && c->role == ROLE_VIEWER && c->counter > 0;
}

static void cmd_sub(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	struct proto_buf pb;
	(void)cmd;
	if (is_follower(c) && !c->subscribed) followers_seen(&s->followers, c->counter);
	c->subscribed = true;
	reply_ok(c, m);
	/* a panel that starts now learns of a kiosk already out of paper */
	for (int i = 0; i < s->devices.n; i++)
		if (s->devices.dev[i].state != DEVICE_OK) {
			device_push_line(&pb, &s->devices.dev[i]);
			conn_reply(c, pb.s);
		}
}

/* QUEUE: what a kiosk shows (message.h). */
static void cmd_queue(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	const struct engine *e = s->e;
	const char *sv = proto_get(m, "service"), *g = proto_get(m, "group");
	struct proto_buf pb;
	(void)cmd;
	if (sv && config_service_index(engine_config(e), sv) < 0) {
		conn_reply_err(c, m->id, "unknown_service", engine_strerror(E_UNKNOWN_SERVICE));
	} else if (g && config_group_index(engine_config(e), g) < 0) {
		conn_reply_err(c, m->id, "bad_priority", engine_strerror(E_BAD_PRIORITY));
	} else {
		if (sv) message_queue_service(&pb, m->id, e, config_service_index(engine_config(e), sv),
		                              loop_wall_ms(s->loop));
		else if (g) message_queue_group(&pb, m->id, e, config_group_index(engine_config(e), g));
		else message_queue(&pb, m->id, e);
		conn_reply(c, pb.s);
	}
}

static void push_device(struct server *s, const struct device *d)
{
	struct proto_buf pb;
	char text[128];
	device_describe(d, text, sizeof text);
	fprintf(stderr, "goiso-display: %s\n", text);
	device_push_line(&pb, d);
	roster_hold(s->roster, pb.s);
}

/* DEVICE state=paper_out: a kiosk tells how it and its printer are. */
static void cmd_device(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	const char *v = proto_get(m, "state");
	int st = v ? device_state_from_name(v) : -1;
	struct proto_buf pb;
	(void)cmd;
	if (st < 0 || st == DEVICE_OFFLINE) {
		conn_reply_err(c, m->id, "bad_arg", "Cần state=ok|paper_near_end|paper_out|cover_open|printer_offline|printer_error");
		return;
	}
	c->device = true;
	const struct device *d = device_set(&s->devices, c->counter, (enum device_state)st, c);
	if (d) push_device(s, d);
	proto_begin(&pb, m->id, "OK");
	proto_add(&pb, "state", device_state_name((enum device_state)st));
	conn_reply(c, proto_end(&pb));
}

/* The citizen's ticket page asks by token, never by label: a label is
 * easy to guess, a token is not. Tokens of past days are not found. */
static void cmd_ticket(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	struct proto_buf pb;
	const char *token = proto_get(m, "token");
	int idx = token ? engine_find_token(s->e, token) : -1;
	(void)cmd;
	if (!token || !engine_valid_token(token)) {
		conn_reply_err(c, m->id, "bad_arg", "Cần token=<22 ký tự>");
		return;
	}
	if (idx < 0) {
		conn_reply_err(c, m->id, "unknown_token", "Không có vé này trong ngày hôm nay");
		return;
	}
	message_ticket(&pb, m->id, s->e, idx);
	conn_reply(c, pb.s);
}

/* CLIENTS (site key): the connections held, by role, for IT staff. */
static void cmd_clients(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	struct proto_buf pb;
	int n[ROLE_COUNT] = { 0 }, strangers = 0;
	(void)cmd;
	for (const struct conn *o = roster_first(s->roster); o; o = o->next) {
		if (!o->authed) strangers++;
		else n[role_index(o->role)]++;
	}
	proto_begin(&pb, m->id, "OK");
	proto_add_int(&pb, "connections", roster_count(s->roster));
	proto_add_int(&pb, "max", roster_max(s->roster));
	for (int i = 0; i < ROLE_COUNT; i++) proto_add_int(&pb, role_name((enum role)(1 << i)), n[i]);
	proto_add_int(&pb, "strangers", strangers);
	conn_reply(c, proto_end(&pb));
}

static void cmd_ping(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	(void)s; (void)cmd;
	reply_ok(c, m);
}

static void cmd_quit(struct server *s, struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	(void)s; (void)cmd;
	reply_ok(c, m);
	conn_close_after_reply(c);
}

/* ---- the server ---- */

/* A kiosk's connection is gone: its devices go offline, and the panels
 * hear of it. A follower's: the wall names it if it does not come back. */
static void on_gone(void *ud, struct conn *c)
{
	struct server *s = ud;
	if (is_follower(c) && c->subscribed) followers_left(&s->followers, c->counter, loop_wall_ms(s->loop));
	const struct device *lost[DEVICE_MAX];
	int nlost = c->device ? device_lost(&s->devices, c, lost, DEVICE_MAX) : 0;
	for (int i = 0; i < nlost; i++) push_device(s, lost[i]);
}

struct server *server_new(struct loop *l, struct engine *e, struct store *st,
                          struct keyring *kr, const struct server_opts *o,
                          char *err, size_t errlen)
{
	struct server *s = calloc(1, sizeof *s);
	if (!s || !(s->limits = ratelimit_new())) {
		snprintf(err, errlen, "out of memory");
		free(s);
		return NULL;
	}
	s->loop = l; s->e = e; s->store = st; s->replies = o->replies; s->calendar = o->calendar;
	s->keys = kr;
	/* 1,024 connections by default, within the descriptors it may open */
	int max = listener_fd_room(o->max_clients > 0 ? o->max_clients : 1024, 8);
	struct roster_opts ro = { .loop = l, .e = e, .keys = kr, .pairing = o->pairing,
	                          .max_clients = max, .request = on_request, .gone = on_gone, .ud = s };
	if (!(s->roster = roster_new(&ro))) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (!(s->listener = listener_new(l, o->listen, o->local, roster_accept, s->roster, err, errlen)))
		goto fail;
	return s;
fail:
	server_free(s);
	return NULL;
}

void server_free(struct server *s)
{
	if (!s) return;
	listener_free(s->listener);
	roster_free(s->roster);
	ratelimit_free(s->limits);
	free(s->turn);
	free(s);
}

void server_on_event(struct server *s, server_event_fn fn, void *ud)
{
	s->on_event = fn;
	s->on_event_ud = ud;
}

const char *server_address(const struct server *s) { return listener_address(s->listener); }
int server_port(const struct server *s) { return listener_port(s->listener); }
int server_family(const struct server *s) { return listener_family(s->listener); }
bool server_loopback(const struct server *s) { return listener_loopback(s->listener); }
unsigned server_interface(const struct server *s) { return listener_interface(s->listener); }
int server_nclients(const struct server *s) { return roster_count(s->roster); }

/* Follower no still has a key: one whose keys were revoked was taken
 * down on purpose, and the wall does not call it lost. */
static bool follower_paired(void *ud, int no)
{
	const struct keyring *k = ud;
	for (int i = 0; k && i < keyring_count(k); i++) {
		const struct keyring_entry *c = keyring_at(k, i);
		if (c->counter == no && !strcmp(c->role, "viewer")) return true;
	}
	return !k;
}

void server_follower_warning(const struct server *s, int64_t wall_ms, char *buf, size_t n)
{
	followers_warning(&s->followers, wall_ms, follower_paired, s->keys, buf, n);
}

void server_device_warning(const struct server *s, char *buf, size_t n)
{
	device_warning(&s->devices, buf, n);
}

/* ---- the end of a turn ---- */

static void push_event(struct server *s, const struct engine_event *ev)
{
	struct proto_buf pb;
	if (message_called(&pb, s->e, ev)) roster_push(s->roster, pb.s, pb.n);
	if (message_counter(&pb, s->e, ev)) roster_push(s->roster, pb.s, pb.n);
}

/* The turn could not be written (a full disk): nothing of it was
 * acknowledged. Its events are undone by rebuilding today from the log,
 * and the reply cache with it; the connections that waited for a reply are
 * closed, so their callers retry and hear ERR disk_full. */
static int lose_turn(struct server *s)
{
	char err[300];
	store_rollback(s->store);
	fprintf(stderr, "goiso-display: cannot write the event log (%s): %d changes of this turn not acknowledged;"
	        " changes are refused until the disk has room\n", store_error(s->store), s->nturn);
	int waiting = roster_drop_replies(s->roster);
	s->nturn = 0;
	s->turn_lost = false;
	replycache_clear(s->replies);
	engine_new_day(s->e, engine_day(s->e));
	int n = replay_today(s->store, s->e, s->replies, err, sizeof err);
	if (n < 0) {
		fprintf(stderr, "goiso-display: cannot read the event log back: %s\n", store_error(s->store));
		return -1;
	}
	fprintf(stderr, "goiso-display: today rebuilt from the log (%d events); %d connections closed\n", n, waiting);
	return 0;
}

int server_flush(struct server *s)
{
	if (s->turn_lost || store_commit(s->store)) {
		if (lose_turn(s)) return -1;
	}
	roster_release(s->roster);
	for (int i = 0; i < s->nturn; i++) {
		push_event(s, &s->turn[i]);
		if (s->on_event) s->on_event(s->on_event_ud, s->e, &s->turn[i]);
	}
	if (s->nturn) {
		struct proto_buf pb;
		message_waiting(&pb, s->e);
		roster_push(s->roster, pb.s, pb.n);
	}
	s->nturn = 0;
	roster_write(s->roster);
	return 0;
}

void server_check_day(struct server *s, int64_t wall_ms)
{
	int64_t day = s->calendar ? calendar_check(s->calendar, wall_ms) : engine_day_of(engine_config(s->e), wall_ms);
	if (day == engine_day(s->e)) return;
	fprintf(stderr, "goiso-display: service day %lld begins: numbers restart\n", (long long)day);
	engine_new_day(s->e, day);
	struct proto_buf pb;
	message_day(&pb, day);
	roster_push(s->roster, pb.s, pb.n);
}
