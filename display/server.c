/*
 * server: the listener, the list of connections and the command table
 * (see server.h). One connection's bytes, lines and authentication are in
 * conn.c; each authenticated request comes back here through on_request()
 * and is answered into the connection's held replies. server_flush()
 * releases them after the turn's events are committed, so nothing is
 * acknowledged before it is on disk, and replies keep the order of their
 * requests.
 */
#include "server.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth.h"
#include "config.h"
#include "conn.h"
#include "calendar.h"
#include "device.h"
#include "engine.h"
#include "keyring.h"
#include "loop.h"
#include "message.h"
#include "proto.h"
#include "ratelimit.h"
#include "replay.h"
#include "replycache.h"
#include "sock.h"
#include "store.h"
#include "vec.h"

#define AUTH_TIMEOUT_MS 10000
#define OUT_MAX (4 << 20)   /* a client that reads nothing is dropped past this */

struct server {
	struct loop *loop;
	struct engine *e;
	struct store *store;
	struct keyring *keys;
	struct replycache *replies;
	int lfd;
	char addr[SOCK_ADDR_MAX];
	int port;
	int max_clients, nclients;
	struct conn *clients;
	struct conn_ctx ctx;         /* what the connections share */
	struct engine_event *turn;   /* events accepted this turn */
	int nturn, capturn;
	server_event_fn on_event;
	void *on_event_ud;
	long auth_timer;
	unsigned long keys_seen;     /* keyring generation the clients were checked at */
	long accept_timer;           /* > 0 while accepting waits for a free descriptor */
	struct device_table devices;
	struct calendar *calendar;
	struct ratelimit *limits;
	bool turn_lost;              /* a write of this turn failed: undo it */
};

/* ---- the command table ---- */

struct command {
	const char *name;
	int roles;        /* a mask of enum role */
	int verb;         /* engine verb, or -1 for a read-only command */
	void (*handler)(struct conn *c, const struct proto_msg *m, const struct command *cmd);
};

static void cmd_engine(struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_status(struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_services(struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_sub(struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_noshows(struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_ping(struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_ticket(struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_recent(struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_quit(struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_queue(struct conn *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_device(struct conn *c, const struct proto_msg *m, const struct command *cmd);

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
	{ "SERVICES", ROLE_ANY, -1, cmd_services },
	{ "SUB", ROLE_ANY, -1, cmd_sub },
	{ "NOSHOWS", ROLE_ADMIN | ROLE_COUNTER, -1, cmd_noshows },
	{ "TICKET", ROLE_ADMIN | ROLE_KIOSK | ROLE_VIEWER, -1, cmd_ticket },
	{ "RECENT", ROLE_ANY, -1, cmd_recent },
	{ "PING", ROLE_ANY, -1, cmd_ping },
	{ "QUIT", ROLE_ANY, -1, cmd_quit },
};

/* The server a connection belongs to. */
static struct server *srv_of(const struct conn *c) { return c->ctx->ud; }

/* ---- arguments ---- */

static int arg_int(const struct proto_msg *m, const char *key, int lo, int hi, int *out)
{
	const char *v = proto_get(m, key);
	char *end;
	if (!v) return 0;
	long x = strtol(v, &end, 10);
	if (!*v || *end || x < lo || x > hi) return -1;
	*out = (int)x;
	return 1;
}

/* Fills cmd from the arguments, and *asked with the counter named by
 * counter=N (0: none); returns NULL or an error message. */
static const char *parse_cmd(struct conn *c, const struct proto_msg *m, struct engine_cmd *ec,
                             int *asked)
{
	const struct config *cfg = engine_config(srv_of(c)->e);
	const char *v;
	memset(ec, 0, sizeof *ec);
	ec->service = ec->ticket = -1;
	ec->counter = c->counter;
	*asked = 0;
	if (arg_int(m, "counter", 1, CONFIG_COUNTER_LAST, asked) < 0)
		return "counter phải là số quầy từ 1 đến " CONFIG_STR(CONFIG_COUNTER_LAST);
	/* only the site key may act for another counter (cmd_engine refuses it) */
	if (*asked && c->role == ROLE_ADMIN) ec->counter = *asked;
	if ((v = proto_get(m, "service")) && (ec->service = config_service_index(cfg, v)) < 0)
		ec->service = -2;   /* unknown: the engine says E_UNKNOWN_SERVICE */
	if ((v = proto_get(m, "priority")) && strcmp(v, "0") && strcmp(v, "none")) {
		int g = config_group_index(cfg, v), n;
		if (g < 0 && arg_int(m, "priority", 1, cfg->ngroups, &n) > 0) g = n - 1;
		ec->priority = g < 0 ? -1 : g + 1;   /* -1: the engine says E_BAD_PRIORITY */
	}
	if ((v = proto_get(m, "score"))) {
		if (!strcmp(v, "none")) ec->score = 0;
		else if (arg_int(m, "score", 1, 5, &ec->score) < 0) ec->score = -1;   /* E_BAD_SCORE */
	}
	if ((v = proto_get(m, "ticket"))) {
		ec->ticket = engine_find_ticket(srv_of(c)->e, v);
		if (ec->ticket < 0) ec->ticket = -2;
	}
	if ((v = proto_get(m, "officer")) || (v = proto_get(m, "reason"))) {
		if (strlen(v) >= sizeof ec->text) return "Quá dài: tên cán bộ hoặc lý do tối đa 63 byte";
		snprintf(ec->text, sizeof ec->text, "%s", v);
	}
	return NULL;
}

static int remember_event(struct server *s, const struct engine_event *ev)
{
	if (VEC_RESERVE(s->turn, s->capturn, s->nturn + 1, 64)) return -1;
	s->turn[s->nturn++] = *ev;
	return 0;
}

static void cmd_engine(struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	struct server *s = srv_of(c);
	struct engine_cmd ec;
	struct engine_event ev;
	struct proto_buf pb;
	const char *cached = replycache_get(s->replies, c->principal, m->id);
	if (cached) { conn_reply(c, cached); return; }
	if (store_failing(s->store) || s->turn_lost) {
		conn_reply_err(c, m->id, "disk_full", "Ổ đĩa máy hiển thị đã đầy: thao tác chưa được ghi. Xin báo bộ phận "
		               "CNTT; máy tự nhận thao tác lại khi ổ đĩa có chỗ");
		return;
	}
	if (c->limited && !ratelimit_take(s->limits, c->cred_id, loop_now_ms(s->loop))) {
		conn_reply_err(c, m->id, "rate_limited", "Thao tác quá nhanh: mỗi khóa tối đa một thao tác mỗi giây, "
		               "xin thử lại sau giây lát");
		return;
	}
	int asked;
	const char *bad = parse_cmd(c, m, &ec, &asked);
	if (bad) { conn_reply_err(c, m->id, "bad_arg", bad); return; }
	bool counterless = cmd->verb == VERB_ISSUE || cmd->verb == VERB_VOID;
	if (c->role != ROLE_ADMIN && !counterless && asked && asked != c->counter) {
		conn_reply_err(c, m->id, "forbidden", "Quầy này chỉ được thao tác cho chính mình");
		return;
	}
	if (!counterless && ec.counter == 0) {
		conn_reply_err(c, m->id, "bad_arg", "Cần counter=<số quầy>");
		return;
	}
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
	if (remember_event(s, &ev) || replycache_put(s->replies, c->principal, m->id, pb.s)) {
		fprintf(stderr, "goiso-display: out of memory after logging a %s event\n", engine_verb_name(ev.verb));
		exit(3);
	}
	conn_reply(c, pb.s);
}

static void cmd_status(struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	const struct engine *e = srv_of(c)->e;
	struct proto_buf pb;
	int no = c->counter;
	(void)cmd;
	if (arg_int(m, "counter", 1, CONFIG_COUNTER_LAST, &no) < 0 || (proto_get(m, "counter") && !engine_counter(e, no))) {
		conn_reply_err(c, m->id, "unknown_counter", engine_strerror(E_UNKNOWN_COUNTER));
		return;
	}
	if (no && engine_counter(e, no)) message_counter_status(&pb, m->id, e, no);
	else message_day_status(&pb, m->id, e);
	conn_reply(c, pb.s);
}

static void cmd_services(struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	struct proto_buf pb;
	(void)cmd;
	message_services(&pb, m->id, srv_of(c)->e);
	conn_reply(c, pb.s);
}

/* Today's no-show tickets a counter may put back in the queue (REQUEUE):
 * those of its services or last called by it, newest first, as one
 * comma-separated value "tickets=C012,A007" (at most NOSHOWS_MAX). */
#define NOSHOWS_MAX 40
static void cmd_noshows(struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	const struct engine *e = srv_of(c)->e;
	const struct config *cfg = engine_config(e);
	struct proto_buf pb;
	char list[NOSHOWS_MAX * 8 + 1] = "";
	size_t len = 0;
	int no = c->counter, n = 0;
	(void)cmd;
	if (arg_int(m, "counter", 1, CONFIG_COUNTER_LAST, &no) < 0 || !engine_counter(e, no)) {
		conn_reply_err(c, m->id, "unknown_counter", engine_strerror(E_UNKNOWN_COUNTER));
		return;
	}
	int ci = config_counter_index(cfg, no);
	for (int i = engine_ntickets(e) - 1; i >= 0 && n < NOSHOWS_MAX; i--) {
		const struct engine_ticket *t = engine_ticket(e, i);
		if (t->state != TICKET_NOSHOW || (t->counter != no && !config_counter_serves(cfg, ci, t->service)))
			continue;
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

static void cmd_sub(struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	struct proto_buf pb;
	(void)cmd;
	c->subscribed = true;
	proto_begin(&pb, m->id, "OK");
	conn_reply(c, proto_end(&pb));
	/* a panel that starts now learns of a kiosk already out of paper */
	for (int i = 0; i < srv_of(c)->devices.n; i++)
		if (srv_of(c)->devices.dev[i].state != DEVICE_OK) {
			device_push_line(&pb, &srv_of(c)->devices.dev[i]);
			conn_reply(c, pb.s);
		}
}

/* QUEUE: what a kiosk shows (message.h). */
static void cmd_queue(struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	const struct engine *e = srv_of(c)->e;
	const char *sv = proto_get(m, "service"), *g = proto_get(m, "group");
	struct proto_buf pb;
	(void)cmd;
	if (sv && config_service_index(engine_config(e), sv) < 0) {
		conn_reply_err(c, m->id, "unknown_service", engine_strerror(E_UNKNOWN_SERVICE));
	} else if (g && config_group_index(engine_config(e), g) < 0) {
		conn_reply_err(c, m->id, "bad_priority", engine_strerror(E_BAD_PRIORITY));
	} else {
		if (sv) message_queue_service(&pb, m->id, e, config_service_index(engine_config(e), sv),
		                              loop_wall_ms(srv_of(c)->loop));
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
	for (struct conn *o = s->clients; o; o = o->next)
		if (o->subscribed && !o->closing) conn_reply(o, pb.s);
}

/* DEVICE state=paper_out: a kiosk tells how it and its printer are. */
static void cmd_device(struct conn *c, const struct proto_msg *m, const struct command *cmd)
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
	const struct device *d = device_set(&srv_of(c)->devices, c->counter, (enum device_state)st, c);
	if (d) push_device(srv_of(c), d);
	proto_begin(&pb, m->id, "OK");
	proto_add(&pb, "state", device_state_name((enum device_state)st));
	conn_reply(c, proto_end(&pb));
}

/* The citizen's ticket page asks by token, never by label: a label is
 * easy to guess, a token is not. Tokens of past days are not found. */
static void cmd_ticket(struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	struct proto_buf pb;
	const char *token = proto_get(m, "token");
	int idx = token ? engine_find_token(srv_of(c)->e, token) : -1;
	(void)cmd;
	if (!token || !engine_valid_token(token)) {
		conn_reply_err(c, m->id, "bad_arg", "Cần token=<22 ký tự>");
		return;
	}
	if (idx < 0) {
		conn_reply_err(c, m->id, "unknown_token", "Không có phiếu này trong ngày hôm nay");
		return;
	}
	message_ticket(&pb, m->id, srv_of(c)->e, idx);
	conn_reply(c, pb.s);
}

static void cmd_recent(struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	struct proto_buf pb;
	(void)cmd;
	message_recent(&pb, m->id, srv_of(c)->e);
	conn_reply(c, pb.s);
}

static void cmd_ping(struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	struct proto_buf pb;
	(void)cmd;
	proto_begin(&pb, m->id, "OK");
	conn_reply(c, proto_end(&pb));
}

static void cmd_quit(struct conn *c, const struct proto_msg *m, const struct command *cmd)
{
	struct proto_buf pb;
	(void)cmd;
	proto_begin(&pb, m->id, "OK");
	conn_reply(c, proto_end(&pb));
	conn_close_after_reply(c);
}

/* ---- connections ---- */

static void accept_resume(struct loop *l, void *ud)
{
	struct server *s = ud;
	s->accept_timer = 0;
	loop_set_events(l, s->lfd, LOOP_READ);
}

static void accept_ready(struct loop *l, int fd, int events, void *ud)
{
	struct server *s = ud;
	(void)events;
	for (int i = 0; i < 64; i++) {
		int cfd = sock_accept(fd);
		if (cfd < 0) {
			/* Out of descriptors the listener stays readable: stop watching
			 * it for a while instead of spinning on poll. */
			if ((errno == EMFILE || errno == ENFILE) && s->accept_timer <= 0) {
				fprintf(stderr, "goiso-display: out of file descriptors, accepting again in 200 ms\n");
				loop_set_events(l, fd, 0);
				s->accept_timer = loop_add_timer(l, loop_now_ms(l) + 200, accept_resume, s);
			}
			return;
		}
		/* Full: the oldest connection still not logged in makes room, so a
		 * flood of strangers cannot lock the counters out for its 10 s. */
		if (s->nclients >= s->max_clients) {
			struct conn *oldest = NULL;
			for (struct conn *o = s->clients; o; o = o->next)
				if (!o->authed && (!oldest || o->accepted_ms <= oldest->accepted_ms)) oldest = o;
			if (oldest) conn_free(oldest);
		}
		if (s->nclients >= s->max_clients) {
			static const char busy[] = "- ERR busy Máy hiển thị đang quá tải, thử lại sau\n";
			if (send(cfd, busy, sizeof busy - 1, MSG_NOSIGNAL) < 0) { /* nothing to do */ }
			close(cfd);
			continue;
		}
		struct conn *c = conn_new(cfd, &s->ctx);
		if (!c) continue;
		c->next = s->clients;
		s->clients = c;
		s->nclients++;
	}
}

/* Every second: close connections that did not authenticate in time, and
 * those whose credential was revoked since (the keys file changed). */
static void auth_timeouts(struct loop *l, void *ud)
{
	struct server *s = ud;
	struct conn *next;
	keyring_refresh(s->keys);
	bool keys_changed = keyring_generation(s->keys) != s->keys_seen;
	s->keys_seen = keyring_generation(s->keys);
	for (struct conn *c = s->clients; c; c = next) {
		next = c->next;
		if (!c->authed && loop_now_ms(l) - c->accepted_ms > AUTH_TIMEOUT_MS) {
			conn_free(c);
		} else if (c->authed && keys_changed && !keyring_find(s->keys, c->cred_id)) {
			fprintf(stderr, "goiso-display: credential %s revoked: connection closed\n", c->cred_id);
			conn_free(c);
		}
	}
	s->auth_timer = loop_add_timer(l, loop_now_ms(l) + 1000, auth_timeouts, s);
}

static int listen_on(struct server *s, const char *spec, char *err, size_t errlen)
{
	char host[SOCK_HOST_MAX], port[SOCK_PORT_MAX];
	s->lfd = sock_listen(spec, 1024, s->addr, sizeof s->addr, err, errlen);
	if (s->lfd < 0) return -1;
	if (sock_split(s->addr, host, port, err, errlen) == 0) s->port = atoi(port);
	return loop_add_fd(s->loop, s->lfd, LOOP_READ, accept_ready, s);
}

/* The clients the process can hold: what was asked (1,024 by default),
 * within the descriptors it may open, less a reserve for the log, the
 * keys, Avahi, PulseAudio and the board. The soft limit is raised to the
 * hard one first. */
static int max_clients(int asked)
{
	struct rlimit rl;
	int want = asked > 0 ? asked : 1024;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return want;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	long room = rl.rlim_cur == RLIM_INFINITY ? want : (long)rl.rlim_cur - 64;
	return room < want ? (room > 8 ? (int)room : 8) : want;
}

static void on_request(void *ud, struct conn *c, const struct proto_msg *m)
{
	(void)ud;
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(commands[i].name, m->word)) continue;
		if (!(commands[i].roles & (int)c->role))
			conn_reply_err(c, m->id, "forbidden", "Vai trò này không được dùng lệnh đó");
		else
			commands[i].handler(c, m, &commands[i]);
		return;
	}
	conn_reply_err(c, m->id, "unknown_verb", "Lệnh không có trong giao thức");
}

static void on_gone(void *ud, struct conn *c)
{
	struct server *s = ud;
	const struct device *lost[DEVICE_MAX];
	int nlost = c->device ? device_lost(&s->devices, c, lost, DEVICE_MAX) : 0;
	for (struct conn **p = &s->clients; *p; p = &(*p)->next)
		if (*p == c) { *p = c->next; s->nclients--; break; }
	for (int i = 0; i < nlost; i++) push_device(s, lost[i]);
}

struct server *server_new(struct loop *l, struct engine *e, struct store *st,
                          struct keyring *kr, const struct server_opts *o,
                          char *err, size_t errlen)
{
	struct server *s = calloc(1, sizeof *s);
	if (!s || !(s->replies = replycache_new()) || !(s->limits = ratelimit_new())) {
		snprintf(err, errlen, "out of memory");
		if (s) replycache_free(s->replies);
		free(s);
		return NULL;
	}
	s->loop = l; s->e = e; s->store = st; s->keys = kr; s->lfd = -1;
	s->max_clients = max_clients(o->max_clients);
	s->calendar = o->calendar;
	s->ctx = (struct conn_ctx){ .loop = l, .e = e, .keys = kr, .pairing = o->pairing,
	                            .request = on_request, .gone = on_gone, .ud = s };
	/* today's state from the log (replay.c), before any request */
	int n = replay_today(st, e, s->replies, err, errlen);
	if (n < 0) goto fail;
	fprintf(stderr, "goiso-display: replayed %d events of service day %lld\n", n, (long long)engine_day(e));
	if (listen_on(s, o->listen, err, errlen)) goto fail;
	s->auth_timer = loop_add_timer(l, loop_now_ms(l) + 1000, auth_timeouts, s);
	return s;
fail:
	server_free(s);
	return NULL;
}

void server_free(struct server *s)
{
	if (!s) return;
	while (s->clients) conn_free(s->clients);
	if (s->lfd >= 0) { loop_del_fd(s->loop, s->lfd); close(s->lfd); }
	if (s->auth_timer > 0) loop_del_timer(s->loop, s->auth_timer);
	if (s->accept_timer > 0) loop_del_timer(s->loop, s->accept_timer);
	replycache_free(s->replies);
	ratelimit_free(s->limits);
	free(s->turn);
	free(s);
}

void server_on_event(struct server *s, server_event_fn fn, void *ud)
{
	s->on_event = fn;
	s->on_event_ud = ud;
}

const char *server_address(const struct server *s) { return s->addr; }
int server_port(const struct server *s) { return s->port; }
int server_nclients(const struct server *s) { return s->nclients; }

void server_device_warning(const struct server *s, char *buf, size_t n)
{
	device_warning(&s->devices, buf, n);
}

/* ---- pushes ---- */

static void push_all(struct server *s, const char *line, size_t len)
{
	for (struct conn *c = s->clients; c; c = c->next)
		if (c->subscribed && !c->closing) conn_push(c, line, len);
}

static void push_event(struct server *s, const struct engine_event *ev)
{
	struct proto_buf pb;
	if (message_called(&pb, s->e, ev)) push_all(s, pb.s, pb.n);
	if (message_counter(&pb, s->e, ev)) push_all(s, pb.s, pb.n);
}

/* The turn could not be written (a full disk): nothing of it was
 * acknowledged. Its events are undone by rebuilding today from the log,
 * and the reply cache with it; the connections that waited for a reply are
 * closed, so their callers retry and hear ERR disk_full. */
static int lose_turn(struct server *s)
{
	int waiting = 0;
	char err[300];
	store_rollback(s->store);
	fprintf(stderr, "goiso-display: cannot write the event log (%s): %d changes of this turn not acknowledged;"
	        " changes are refused until the disk has room\n", store_error(s->store), s->nturn);
	for (struct conn *c = s->clients; c; c = c->next) {
		if (!conn_drop_replies(c)) continue;
		waiting++;
	}
	s->nturn = 0;
	s->turn_lost = false;
	replycache_free(s->replies);
	s->replies = replycache_new();
	engine_new_day(s->e, engine_day(s->e));
	int n = s->replies ? replay_today(s->store, s->e, s->replies, err, sizeof err) : -1;
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
	struct conn *next;
	for (struct conn *c = s->clients; c; c = c->next) conn_release(c);
	for (int i = 0; i < s->nturn; i++) {
		push_event(s, &s->turn[i]);
		if (s->on_event) s->on_event(s->on_event_ud, s->e, &s->turn[i]);
	}
	if (s->nturn) {
		struct proto_buf pb;
		message_waiting(&pb, s->e);
		push_all(s, pb.s, pb.n);
	}
	s->nturn = 0;
	for (struct conn *c = s->clients; c; c = next) {
		next = c->next;
		if (c->out.len > OUT_MAX) { conn_free(c); continue; }
		if (c->out.len || c->closing) conn_write(c);   /* may free c */
	}
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
	push_all(s, pb.s, pb.n);
}
