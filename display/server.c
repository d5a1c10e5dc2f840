/*
 * server: sockets, authentication and the command table (see server.h).
 *
 * Client I/O callbacks only move bytes; each complete line goes to
 * handle_line(), which answers into the client's `held` buffer. Held
 * replies are released by server_flush() after the turn's events are
 * committed, so nothing is acknowledged before it is on disk, and replies
 * keep the order of their requests.
 */
#include "server.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "auth.h"
#include "buf.h"
#include "calendar.h"
#include "device.h"
#include "followers.h"
#include "engine.h"
#include "keyring.h"
#include "pairing.h"
#include "loop.h"
#include "message.h"
#include "notice.h"
#include "proto.h"
#include "ratelimit.h"
#include "replycache.h"
#include "session.h"
#include "store.h"

#define AUTH_TIMEOUT_MS 10000
/* Memory for what clients have not read yet: a connection is dropped
 * when more than OUT_CAP bytes wait for it, and when all of them together
 * hold more than OUT_BUDGET, the longest queues are dropped first. The
 * kernel's send buffer of each socket is fixed (SNDBUF) so that stalled
 * readers do not pile up there either. */
#define OUT_CAP (64 << 10)
#define OUT_BUDGET (16 << 20)
#define SNDBUF (32 << 10)
#define OUT_KEEP (16 << 10)    /* an emptied buffer larger than this is given back */

struct client {
	int fd;
	struct server *srv;
	char in[SESSION_WIRE_MAX + 2];
	size_t nin;
	bool discarding;           /* inside an over-long line */
	struct buf held, out;      /* held: plain lines; out: as they go on the wire */
	char nonce[AUTH_NONCE_HEX + 1];
	struct session_kx kx;      /* the greeting's key pair, until AUTH */
	struct session sess;       /* after AUTH on TCP: every line sealed */
	bool local;                /* on the local socket: admin, lines in clear */
	bool authed, subscribed, closing;
	bool device;               /* reported a DEVICE state: offline when it leaves */
	char principal[64];        /* "<cred id>/<role>/<counter>" */
	char cred_id[AUTH_ID_MAX + 1];
	char role[12];
	bool limited;              /* a counter or kiosk key: acts are rate-limited */
	int counter;
	int64_t accepted_ms;
	char peer[64];             /* the source address ("10.0.0.7"), "local" */
	int64_t last_request_ms;   /* for evicting the longest idle */
	int rbit;                  /* the role acted as (R_*), once authenticated */
	struct client *next;
};

struct server {
	struct loop *loop;
	struct engine *e;
	struct store *store;
	struct keyring *keys;
	struct replycache *replies;
	int lfd, ufd;
	char addr[80];
	char local_path[108];      /* the local socket, "" when none */
	int port;
	int max_clients, nclients;
	int reserved;                /* slots kiosks and viewers may not take */
	/* what strangers can make the daemon say, each bounded (notice.h) */
	struct notice_limit lim_auth, lim_session, lim_cap, lim_slow;
	struct client *clients;
	struct engine_event *turn;   /* events accepted this turn */
	int nturn, capturn;
	server_event_fn on_event;
	void *on_event_ud;
	long auth_timer;
	unsigned long keys_seen;     /* keyring generation the clients were checked at */
	long accept_timer;           /* > 0 while accepting waits for a free descriptor */
	struct pairing *pairing;
	struct calendar *calendar;
	struct ratelimit *limits;
	bool turn_lost;              /* a write of this turn failed: undo it */
	struct device_table devices;
	struct followers followers;  /* follower boards seen, and lost */
};

/* ---- the command table ---- */

#define R_ADMIN 1
#define R_COUNTER 2
#define R_KIOSK 4
#define R_VIEWER 8
#define R_ANY (R_ADMIN | R_COUNTER | R_KIOSK | R_VIEWER)

struct command {
	const char *name;
	int roles;
	int verb;         /* engine verb, or -1 for a read-only command */
	void (*handler)(struct client *c, const struct proto_msg *m, const struct command *cmd);
};

static void cmd_engine(struct client *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_status(struct client *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_services(struct client *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_sub(struct client *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_noshows(struct client *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_ping(struct client *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_clients(struct client *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_ticket(struct client *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_recent(struct client *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_quit(struct client *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_queue(struct client *c, const struct proto_msg *m, const struct command *cmd);
static void cmd_device(struct client *c, const struct proto_msg *m, const struct command *cmd);

static const struct command commands[] = {
	{ "NEXT", R_ADMIN | R_COUNTER, VERB_NEXT, cmd_engine },
	{ "DONE", R_ADMIN | R_COUNTER, VERB_DONE, cmd_engine },
	{ "RECALL", R_ADMIN | R_COUNTER, VERB_RECALL, cmd_engine },
	{ "SKIP", R_ADMIN | R_COUNTER, VERB_SKIP, cmd_engine },
	{ "REQUEUE", R_ADMIN | R_COUNTER, VERB_REQUEUE, cmd_engine },
	{ "TRANSFER", R_ADMIN | R_COUNTER, VERB_TRANSFER, cmd_engine },
	{ "PAUSE", R_ADMIN | R_COUNTER, VERB_PAUSE, cmd_engine },
	{ "RESUME", R_ADMIN | R_COUNTER, VERB_RESUME, cmd_engine },
	{ "LOGIN", R_ADMIN | R_COUNTER, VERB_LOGIN, cmd_engine },
	{ "LOGOUT", R_ADMIN | R_COUNTER, VERB_LOGOUT, cmd_engine },
	{ "RATE", R_ADMIN | R_COUNTER, VERB_RATE, cmd_engine },
	{ "ISSUE", R_ADMIN | R_COUNTER | R_KIOSK, VERB_ISSUE, cmd_engine },
	{ "VOID", R_ADMIN | R_KIOSK, VERB_VOID, cmd_engine },
	{ "QUEUE", R_ANY, -1, cmd_queue },
	{ "DEVICE", R_ADMIN | R_KIOSK, -1, cmd_device },
	{ "STATUS", R_ANY, -1, cmd_status },
	{ "SERVICES", R_ANY, -1, cmd_services },
	{ "SUB", R_ANY, -1, cmd_sub },
	{ "NOSHOWS", R_ADMIN | R_COUNTER, -1, cmd_noshows },
	{ "TICKET", R_ADMIN | R_KIOSK | R_VIEWER, -1, cmd_ticket },
	{ "RECENT", R_ANY, -1, cmd_recent },
	{ "CLIENTS", R_ADMIN, -1, cmd_clients },
	{ "PING", R_ANY, -1, cmd_ping },
	{ "QUIT", R_ANY, -1, cmd_quit },
};

/* Connections, by who holds them. Counters and the site key keep
 * `reserved` slots that kiosk and viewer connections never take; one
 * credential holds at most CRED_CAP connections (the site key: no cap),
 * its longest idle one making room for a new one; and when every slot is
 * taken, a newcomer evicts the oldest stranger, else the longest idle
 * kiosk or viewer, before anyone is told the display is busy. */
#define R_LOW (R_KIOSK | R_VIEWER)
#define CRED_CAP_COUNTER 8
#define CRED_CAP_LOW 16

static int role_bit(const char *role)
{
	return !strcmp(role, "admin") ? R_ADMIN : !strcmp(role, "counter") ? R_COUNTER :
	       !strcmp(role, "kiosk") ? R_KIOSK : !strcmp(role, "viewer") ? R_VIEWER : 0;
}

/* ---- replies ---- */

static void reply(struct client *c, const char *line)
{
	buf_append(&c->held, line, strlen(line));
}

/* Puts lines (each ending with '\n') on the client's way out: sealed one
 * by one once its session is on, as they are otherwise. */
static int client_queue(struct client *c, const char *lines, size_t len)
{
	if (!c->sess.on) return buf_append(&c->out, lines, len);
	char wire[SESSION_WIRE_MAX + 2];
	while (len) {
		const char *nl = memchr(lines, '\n', len);
		size_t n = nl ? (size_t)(nl - lines) : len;
		int w = session_seal(&c->sess, lines, n, wire, sizeof wire);
		if (w < 0 || buf_append(&c->out, wire, (size_t)w)) return -1;
		n += nl != NULL;
		lines += n;
		len -= n;
	}
	return 0;
}

static void reply_err(struct client *c, const char *id, const char *code, const char *msg)
{
	struct proto_buf pb;
	reply(c, proto_err_line(&pb, id, code, msg));
}

static void client_close_after_reply(struct client *c) { c->closing = true; }

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

/* Fills cmd from the arguments; returns NULL or an error message. */
static const char *parse_cmd(struct client *c, const struct proto_msg *m, struct engine_cmd *ec)
{
	const struct config *cfg = engine_config(c->srv->e);
	const char *v;
	memset(ec, 0, sizeof *ec);
	ec->service = ec->ticket = -1;
	ec->counter = c->counter;
	if (proto_get(m, "counter")) {
		int n;
		if (arg_int(m, "counter", 1, 999, &n) < 0) return "counter phải là số quầy từ 1 đến 999";
		/* only the site key may act for another counter (cmd_engine refuses it) */
		if (!strcmp(c->role, "admin")) ec->counter = n;
	}
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
		ec->ticket = engine_find_ticket(c->srv->e, v);
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
	if (s->nturn == s->capturn) {
		int cap = s->capturn ? s->capturn * 2 : 64;
		struct engine_event *n = realloc(s->turn, sizeof *n * (size_t)cap);
		if (!n) return -1;
		s->turn = n;
		s->capturn = cap;
	}
	s->turn[s->nturn++] = *ev;
	return 0;
}

/* What a request id is remembered for: the verb and the counter it acts
 * on (0 for ISSUE and VOID), as the logged event has them. */
static void request_what(char *out, size_t n, enum engine_verb verb, int counter)
{
	if (verb == VERB_ISSUE || verb == VERB_VOID) counter = 0;
	snprintf(out, n, "%s counter=%d", engine_verb_name(verb), counter);
}

static void cmd_engine(struct client *c, const struct proto_msg *m, const struct command *cmd)
{
	struct server *s = c->srv;
	struct engine_cmd ec;
	struct engine_event ev;
	struct proto_buf pb;
	const char *bad = parse_cmd(c, m, &ec);
	if (bad) { reply_err(c, m->id, "bad_arg", bad); return; }
	/* a retried request gets its first reply; another under its id, an error */
	char what[64];
	const char *cached;
	request_what(what, sizeof what, (enum engine_verb)cmd->verb, ec.counter);
	int seen = replycache_get(s->replies, c->principal, m->id, what, &cached);
	if (seen > 0) { reply(c, cached); return; }
	if (seen < 0) {
		reply_err(c, m->id, "id_reused", "Mã yêu cầu này đã dùng cho một yêu cầu khác hôm nay");
		return;
	}
	if (store_failing(s->store) || s->turn_lost) {
		reply_err(c, m->id, "disk_full", "Ổ đĩa máy hiển thị đã đầy: thao tác chưa được ghi. Xin báo bộ phận "
		          "CNTT; máy tự nhận thao tác lại khi ổ đĩa có chỗ");
		return;
	}
	if (c->limited && !ratelimit_take(s->limits, c->cred_id, loop_now_ms(s->loop))) {
		reply_err(c, m->id, "rate_limited", "Thao tác quá nhanh: mỗi khóa tối đa một thao tác mỗi giây, "
		          "xin thử lại sau giây lát");
		return;
	}
	bool counterless = cmd->verb == VERB_ISSUE || cmd->verb == VERB_VOID;
	if (strcmp(c->role, "admin") && !counterless && proto_get(m, "counter") &&
	    atoi(proto_get(m, "counter")) != c->counter) {
		reply_err(c, m->id, "forbidden", "Quầy này chỉ được thao tác cho chính mình");
		return;
	}
	if (!counterless && ec.counter == 0) {
		reply_err(c, m->id, "bad_arg", "Cần counter=<số quầy>");
		return;
	}
	ec.verb = (enum engine_verb)cmd->verb;
	/* a new ticket's token: random, the key of the citizen's page */
	if (ec.verb == VERB_ISSUE) auth_random_token(ec.text);
	/* the first request after the day's start belongs to the new day */
	server_check_day(s, loop_wall_ms(s->loop));
	int rc = engine_decide(s->e, &ec, loop_wall_ms(s->loop), &ev);
	if (rc) { reply_err(c, m->id, engine_errcode(rc), engine_strerror(rc)); return; }
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
		client_close_after_reply(c);
		return;
	}
	if (remember_event(s, &ev) || replycache_put(s->replies, c->principal, m->id, what, pb.s)) {
		fprintf(stderr, "goiso-display: out of memory after logging a %s event\n", engine_verb_name(ev.verb));
		exit(3);
	}
	reply(c, pb.s);
}

static void cmd_status(struct client *c, const struct proto_msg *m, const struct command *cmd)
{
	const struct engine *e = c->srv->e;
	struct proto_buf pb;
	/* a kiosk's or a viewer's number is not a counter: its STATUS is the day's */
	int no = c->rbit & (R_ADMIN | R_COUNTER) ? c->counter : 0;
	(void)cmd;
	if (arg_int(m, "counter", 1, 999, &no) < 0 || (proto_get(m, "counter") && !engine_counter(e, no))) {
		reply_err(c, m->id, "unknown_counter", engine_strerror(E_UNKNOWN_COUNTER));
		return;
	}
	/* officer names are for the site key and the counters (PROTOCOL.md §3) */
	if (no && engine_counter(e, no)) message_counter_status(&pb, m->id, e, no, c->rbit & (R_ADMIN | R_COUNTER));
	else message_day_status(&pb, m->id, e);
	reply(c, pb.s);
}

static void cmd_services(struct client *c, const struct proto_msg *m, const struct command *cmd)
{
	struct proto_buf pb;
	(void)cmd;
	message_services(&pb, m->id, c->srv->e);
	reply(c, pb.s);
}

/* Today's no-show tickets a counter may put back in the queue (REQUEUE):
 * those of its services or last called by it, newest first, as one
 * comma-separated value "tickets=C012,A007" (at most NOSHOWS_MAX). */
#define NOSHOWS_MAX 40
static void cmd_noshows(struct client *c, const struct proto_msg *m, const struct command *cmd)
{
	const struct engine *e = c->srv->e;
	struct proto_buf pb;
	char list[NOSHOWS_MAX * 8 + 1] = "";
	size_t len = 0;
	int no = c->counter, n = 0;
	(void)cmd;
	if (arg_int(m, "counter", 1, 999, &no) < 0 || !engine_counter(e, no)) {
		reply_err(c, m->id, "unknown_counter", engine_strerror(E_UNKNOWN_COUNTER));
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
	reply(c, proto_end(&pb));
}

static void cmd_sub(struct client *c, const struct proto_msg *m, const struct command *cmd)
{
	struct proto_buf pb;
	(void)cmd;
	c->subscribed = true;
	proto_begin(&pb, m->id, "OK");
	reply(c, proto_end(&pb));
	/* a panel that starts now learns of a kiosk already out of paper */
	for (int i = 0; i < c->srv->devices.n; i++)
		if (c->srv->devices.dev[i].state != DEVICE_OK) {
			device_push_line(&pb, &c->srv->devices.dev[i]);
			reply(c, pb.s);
		}
}

/* QUEUE: what a kiosk shows (message.h). */
static void cmd_queue(struct client *c, const struct proto_msg *m, const struct command *cmd)
{
	const struct engine *e = c->srv->e;
	const char *sv = proto_get(m, "service"), *g = proto_get(m, "group");
	struct proto_buf pb;
	(void)cmd;
	if (sv && config_service_index(engine_config(e), sv) < 0) {
		reply_err(c, m->id, "unknown_service", engine_strerror(E_UNKNOWN_SERVICE));
	} else if (g && config_group_index(engine_config(e), g) < 0) {
		reply_err(c, m->id, "bad_priority", engine_strerror(E_BAD_PRIORITY));
	} else {
		if (sv) message_queue_service(&pb, m->id, e, config_service_index(engine_config(e), sv),
		                              loop_wall_ms(c->srv->loop));
		else if (g) message_queue_group(&pb, m->id, e, config_group_index(engine_config(e), g));
		else message_queue(&pb, m->id, e);
		reply(c, pb.s);
	}
}

static void push_device(struct server *s, const struct device *d)
{
	struct proto_buf pb;
	char text[128];
	device_describe(d, text, sizeof text);
	fprintf(stderr, "goiso-display: %s\n", text);
	device_push_line(&pb, d);
	for (struct client *o = s->clients; o; o = o->next)
		if (o->subscribed && !o->closing) buf_append(&o->held, pb.s, pb.n);
}

/* DEVICE state=paper_out: a kiosk tells how it and its printer are. */
static void cmd_device(struct client *c, const struct proto_msg *m, const struct command *cmd)
{
	const char *v = proto_get(m, "state");
	int st = v ? device_state_from_name(v) : -1;
	struct proto_buf pb;
	(void)cmd;
	if (st < 0 || st == DEVICE_OFFLINE) {
		reply_err(c, m->id, "bad_arg", "Cần state=ok|paper_near_end|paper_out|cover_open|printer_offline|printer_error");
		return;
	}
	c->device = true;
	const struct device *d = device_set(&c->srv->devices, c->counter, (enum device_state)st, c);
	if (d) push_device(c->srv, d);
	proto_begin(&pb, m->id, "OK");
	proto_add(&pb, "state", device_state_name((enum device_state)st));
	reply(c, proto_end(&pb));
}

/* The citizen's ticket page asks by token, never by label: a label is
 * easy to guess, a token is not. Tokens of past days are not found. */
static void cmd_ticket(struct client *c, const struct proto_msg *m, const struct command *cmd)
{
	struct proto_buf pb;
	const char *token = proto_get(m, "token");
	int idx = token ? engine_find_token(c->srv->e, token) : -1;
	(void)cmd;
	if (!token || !engine_valid_token(token)) {
		reply_err(c, m->id, "bad_arg", "Cần token=<22 ký tự>");
		return;
	}
	if (idx < 0) {
		reply_err(c, m->id, "unknown_token", "Không có phiếu này trong ngày hôm nay");
		return;
	}
	message_ticket(&pb, m->id, c->srv->e, idx);
	reply(c, pb.s);
}

static void cmd_recent(struct client *c, const struct proto_msg *m, const struct command *cmd)
{
	struct proto_buf pb;
	(void)cmd;
	message_recent(&pb, m->id, c->srv->e);
	reply(c, pb.s);
}

/* CLIENTS (site key): the connections held, by role, for IT staff. */
static void cmd_clients(struct client *c, const struct proto_msg *m, const struct command *cmd)
{
	struct proto_buf pb;
	int n[4] = { 0 }, strangers = 0;
	(void)cmd;
	for (const struct client *o = c->srv->clients; o; o = o->next) {
		if (!o->authed) strangers++;
		for (int b = 0; b < 4; b++) n[b] += (o->rbit & (1 << b)) != 0;
	}
	proto_begin(&pb, m->id, "OK");
	proto_add_int(&pb, "connections", c->srv->nclients);
	proto_add_int(&pb, "max", c->srv->max_clients);
	proto_add_int(&pb, "admin", n[0]);
	proto_add_int(&pb, "counter", n[1]);
	proto_add_int(&pb, "kiosk", n[2]);
	proto_add_int(&pb, "viewer", n[3]);
	proto_add_int(&pb, "strangers", strangers);
	reply(c, proto_end(&pb));
}

static void cmd_ping(struct client *c, const struct proto_msg *m, const struct command *cmd)
{
	struct proto_buf pb;
	(void)cmd;
	proto_begin(&pb, m->id, "OK");
	reply(c, proto_end(&pb));
}

static void cmd_quit(struct client *c, const struct proto_msg *m, const struct command *cmd)
{
	struct proto_buf pb;
	(void)cmd;
	proto_begin(&pb, m->id, "OK");
	reply(c, proto_end(&pb));
	client_close_after_reply(c);
}

/* ---- authentication ---- */

static void client_free(struct client *c);

static struct client *longest_idle(struct server *s, const struct client *skip, const char *cred_id, int rbits)
{
	struct client *pick = NULL;
	for (struct client *o = s->clients; o; o = o->next) {
		if (o == skip || !o->authed || o->local || !(o->rbit & rbits)) continue;
		if (cred_id && strcmp(o->cred_id, cred_id)) continue;
		if (!pick || o->last_request_ms < pick->last_request_ms) pick = o;
	}
	return pick;
}

/* May c log in as rbit with cred? Makes room within the credential's cap
 * by closing its own longest idle connection; refuses a kiosk or viewer
 * when the slots they may use are all taken. */
static bool admit(struct client *c, const struct keyring_entry *cred, int rbit)
{
	struct server *s = c->srv;
	int same = 0, low = 0;
	int cap = !strcmp(cred->role, "admin") ? 0 : !strcmp(cred->role, "counter") ? CRED_CAP_COUNTER : CRED_CAP_LOW;
	for (struct client *o = s->clients; o; o = o->next) {
		if (o == c || !o->authed || o->local) continue;
		same += !strcmp(o->cred_id, cred->id);
		low += (o->rbit & R_LOW) != 0;
	}
	if (cap && same >= cap) {
		struct client *old = longest_idle(s, c, cred->id, R_ANY);
		notice_limited(&s->lim_cap, loop_now_ms(s->loop), "credential %s holds %d connections "
		               "(at most %d): its longest idle one is closed", cred->id, same, cap);
		if (old) { low -= (old->rbit & R_LOW) != 0; client_free(old); }
	}
	return !(rbit & R_LOW) || low < s->max_clients - s->reserved;
}

static void handle_auth(struct client *c, const struct proto_msg *m)
{
	struct server *s = c->srv;
	const char *id = proto_get(m, "id"), *role = proto_get(m, "role");
	const char *cnonce = proto_get(m, "cnonce"), *mac = proto_get(m, "mac");
	const struct keyring_entry *cred = id ? keyring_find(s->keys, id) : NULL;
	int counter = 0;
	char want[AUTH_MAC_HEX + 1], proof[AUTH_MAC_HEX + 1];
	if (!role) role = cred ? cred->role : "";
	if (arg_int(m, "counter", 0, 999, &counter) < 0) counter = -1;
	if (!cred || !cnonce || !mac || strlen(cnonce) != SESSION_PK_HEX || counter < 0)
		goto refuse;
	auth_mac(cred->key, c->nonce, cnonce, id, role, counter, want);
	if (!auth_mac_equal(want, mac)) goto refuse;
	/* only the site key may choose its role; others act as what they were given */
	if (strcmp(cred->role, "admin") && (strcmp(role, cred->role) || counter != cred->counter)) {
		reply_err(c, m->id, "forbidden", "Khóa này không được cấp cho vai trò hoặc quầy đó");
		client_close_after_reply(c);
		return;
	}
	if (!role_bit(role) || (!strcmp(role, "counter") && !engine_counter(s->e, counter))) {
		reply_err(c, m->id, "bad_arg", "Vai trò hoặc số quầy không hợp lệ");
		client_close_after_reply(c);
		return;
	}
	if (!admit(c, cred, role_bit(role))) {
		reply_err(c, m->id, "busy", "Máy hiển thị đã đủ kết nối cho vai trò này, thử lại sau");
		client_close_after_reply(c);
		return;
	}
	struct session sess;
	if (session_begin(&sess, true, &c->kx, cnonce, cred->key, mac)) goto refuse;
	c->authed = true;
	c->rbit = role_bit(role);
	c->last_request_ms = loop_now_ms(s->loop);
	c->limited = strcmp(cred->role, "admin") != 0;
	c->counter = counter;
	if (c->rbit == R_VIEWER && counter > 0) followers_seen(&s->followers, counter);
	snprintf(c->cred_id, sizeof c->cred_id, "%s", id);
	snprintf(c->role, sizeof c->role, "%s", role);
	snprintf(c->principal, sizeof c->principal, "%s/%s/%d", id, role, counter);
	auth_proof(cred->key, c->nonce, cnonce, proof);
	struct proto_buf pb;
	proto_begin(&pb, m->id, "OK");
	proto_add(&pb, "role", role);
	proto_add_int(&pb, "counter", counter);
	proto_add(&pb, "proof", proof);
	proto_add(&pb, "center", engine_config(s->e)->name);
	proto_end(&pb);
	/* The reply goes in clear (nothing before it was logged, so it need
	 * not wait for a commit); every line after it is sealed. */
	if (c->held.len) client_queue(c, c->held.data, c->held.len);
	buf_consume(&c->held, c->held.len);
	client_queue(c, pb.s, pb.n);
	c->sess = sess;
	session_end(&sess);
	return;
refuse:
	char esc[AUTH_ID_MAX * 4 + 1];
	notice_limited(&s->lim_auth, loop_now_ms(s->loop), "AUTH refused for credential '%s'",
	               notice_esc(id ? id : "", esc, sizeof esc));
	reply_err(c, m->id, "auth_failed", "Xác thực thất bại: khóa không đúng");
	client_close_after_reply(c);
}

/* ---- lines ---- */

static void handle_line(struct client *c, const char *line, size_t len)
{
	struct proto_msg m;
	int rc = proto_parse(line, len, &m);
	if (rc == PROTO_E_EMPTY) return;
	if (rc || !strcmp(m.id, "*")) {
		reply_err(c, m.id, "bad_line", rc ? proto_strerror(rc) : "'*' chỉ dành cho thông báo đẩy, không phải mã yêu cầu");
		if (!c->authed) client_close_after_reply(c);   /* a stranger gets one answer */
		return;
	}
	if (!strcmp(m.word, "AUTH")) {
		if (c->authed) reply_err(c, m.id, "bad_line", "already authenticated");
		else handle_auth(c, &m);
		return;
	}
	if (!strcmp(m.word, "PAIR") && !c->authed && c->srv->pairing) {
		/* The one request before AUTH: a new counter asking for its
		 * credential with a one-time code (pairing.h). */
		struct proto_buf pb;
		if (pairing_handle(c->srv->pairing, c->nonce, c->peer, &m, loop_wall_ms(c->srv->loop), &pb))
			client_close_after_reply(c);
		reply(c, pb.s);
		return;
	}
	if (!c->authed) {
		reply_err(c, m.id, "auth_required", "Chưa xác thực: gửi AUTH trước");
		client_close_after_reply(c);
		return;
	}
	c->last_request_ms = loop_now_ms(c->srv->loop);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(commands[i].name, m.word)) continue;
		if (!(commands[i].roles & role_bit(c->role)))
			reply_err(c, m.id, "forbidden", "Vai trò này không được dùng lệnh đó");
		else
			commands[i].handler(c, &m, &commands[i]);
		return;
	}
	reply_err(c, m.id, "unknown_verb", "Lệnh không có trong giao thức");
}

/* Splits the input buffer into lines; an over-long line gets one ERR and
 * is skipped up to its newline. */
static void session_broken(struct client *c)
{
	notice_limited(&c->srv->lim_session, loop_now_ms(c->srv->loop), "connection of %s closed: a line "
	               "failed the session check (injected, replayed, reordered or dropped on the way)",
	               c->principal);
	reply_err(c, "-", "session_broken", "Dòng không thuộc phiên này: kết nối bị đóng");
	client_close_after_reply(c);
}

/* One line from the wire: opened first when the session is on. */
static void wire_line(struct client *c, const char *line, size_t len)
{
	char plain[PROTO_LINE_MAX + 1];
	if (!c->sess.on) { handle_line(c, line, len); return; }
	int n = session_open(&c->sess, line, len, plain, sizeof plain);
	if (n < 0) session_broken(c);
	else handle_line(c, plain, (size_t)n);
}

static void too_long(struct client *c)
{
	reply_err(c, "-", "too_long", proto_strerror(PROTO_E_TOO_LONG));
	if (!c->authed) client_close_after_reply(c);
}

static void process_input(struct client *c)
{
	size_t start = 0;
	for (size_t i = 0; i < c->nin && !c->closing; i++) {
		if (c->in[i] != '\n') continue;
		/* the buffer holds a sealed line's length: a clear line over
		 * the limit can arrive whole, and is refused as one that did not */
		if (!c->discarding && !c->sess.on && i - start >= PROTO_LINE_MAX) too_long(c);
		else if (!c->discarding) wire_line(c, c->in + start, i - start);
		c->discarding = false;
		start = i + 1;
	}
	memmove(c->in, c->in + start, c->nin - start);
	c->nin -= start;
	if (c->sess.on && c->nin > SESSION_WIRE_MAX && !c->closing) {
		session_broken(c);
		c->nin = 0;
		return;
	}
	if (!c->sess.on && c->nin >= PROTO_LINE_MAX) {
		if (!c->discarding) too_long(c);
		c->discarding = true;
		c->nin = 0;
	}
}

/* ---- connections ---- */

static void client_free(struct client *c)
{
	struct server *s = c->srv;
	const struct device *lost[DEVICE_MAX];
	int nlost = c->device ? device_lost(&s->devices, c, lost, DEVICE_MAX) : 0;
	if (c->authed && c->rbit == R_VIEWER && c->counter > 0)
		followers_left(&s->followers, c->counter, loop_wall_ms(s->loop));
	for (struct client **p = &s->clients; *p; p = &(*p)->next)
		if (*p == c) { *p = c->next; break; }
	loop_del_fd(s->loop, c->fd);
	close(c->fd);
	buf_free(&c->held);
	buf_free(&c->out);
	session_kx_wipe(&c->kx);
	session_end(&c->sess);
	free(c);
	s->nclients--;
	for (int i = 0; i < nlost; i++) push_device(s, lost[i]);
}

static void client_write(struct client *c)
{
	while (c->out.len) {
		ssize_t n = send(c->fd, c->out.data, c->out.len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR) continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
		if (n <= 0) { client_free(c); return; }
		buf_consume(&c->out, (size_t)n);
	}
	if (!c->out.len && c->out.cap > OUT_KEEP) buf_free(&c->out);
	if (!c->out.len && c->closing && !c->held.len) { client_free(c); return; }
	loop_set_events(c->srv->loop, c->fd, c->closing ? (c->out.len ? LOOP_WRITE : 0)
	                                                 : (LOOP_READ | (c->out.len ? LOOP_WRITE : 0)));
}

static void client_io(struct loop *l, int fd, int events, void *ud)
{
	struct client *c = ud;
	(void)l; (void)fd;
	if (events & LOOP_WRITE) {
		struct server *s = c->srv;
		int before = s->nclients;
		client_write(c);
		if (s->nclients != before) return;   /* freed */
	}
	if (!(events & (LOOP_READ | LOOP_ERROR)) || c->closing) return;
	ssize_t n = recv(c->fd, c->in + c->nin, sizeof c->in - 1 - c->nin, 0);
	if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) return;
	if (n <= 0) {   /* closed or reset: replies still held for it are dropped */
		client_free(c);
		return;
	}
	c->nin += (size_t)n;
	process_input(c);
}

/* A TCP client gets a nonce that is also its session's key exchange; a
 * local one (its peer runs as the daemon's user) is the site's admin. */
static void greet(struct client *c)
{
	struct proto_buf pb;
	proto_begin(&pb, "GOISO", "1");
	if (c->local) {
		c->authed = true;
		snprintf(c->cred_id, sizeof c->cred_id, "local");
		snprintf(c->role, sizeof c->role, "admin");
		snprintf(c->principal, sizeof c->principal, "local/admin/0");
		c->rbit = R_ADMIN;
		proto_add(&pb, "role", "admin");
		proto_add(&pb, "center", engine_config(c->srv->e)->name);
	} else {
		session_kx_new(&c->kx, c->nonce);
		proto_add(&pb, "nonce", c->nonce);
	}
	proto_end(&pb);
	buf_append(&c->out, pb.s, pb.n);
}

/* Only the daemon's own user (or root) may use the local socket; its
 * file mode says the same, this holds even if the mode was changed. */
static bool local_peer_ok(int fd)
{
	struct ucred cr;
	socklen_t len = sizeof cr;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len)) return false;
	return cr.uid == geteuid() || cr.uid == 0;
}

static void accept_resume(struct loop *l, void *ud)
{
	struct server *s = ud;
	s->accept_timer = 0;
	loop_set_events(l, s->lfd, LOOP_READ);
	if (s->ufd >= 0) loop_set_events(l, s->ufd, LOOP_READ);
}

static void accept_ready(struct loop *l, int fd, int events, void *ud)
{
	struct server *s = ud;
	bool local = fd == s->ufd;
	(void)events;
	for (int i = 0; i < 64; i++) {
		struct sockaddr_storage from;
		socklen_t fromlen = sizeof from;
		int cfd = accept4(fd, (struct sockaddr *)&from, &fromlen, SOCK_NONBLOCK | SOCK_CLOEXEC);
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
		 * flood of strangers cannot lock the counters out for its 10 s;
		 * else the longest idle kiosk or viewer. */
		if (s->nclients >= s->max_clients) {
			struct client *oldest = NULL;
			for (struct client *o = s->clients; o; o = o->next)
				if (!o->authed && (!oldest || o->accepted_ms <= oldest->accepted_ms)) oldest = o;
			if (!oldest) oldest = longest_idle(s, NULL, NULL, R_LOW);
			if (oldest) client_free(oldest);
		}
		if (s->nclients >= s->max_clients) {
			static const char busy[] = "- ERR busy Máy hiển thị đang quá tải, thử lại sau\n";
			if (send(cfd, busy, sizeof busy - 1, MSG_NOSIGNAL) < 0) { /* nothing to do */ }
			close(cfd);
			continue;
		}
		if (local && !local_peer_ok(cfd)) { close(cfd); continue; }
		struct client *c = calloc(1, sizeof *c);
		if (!c) { close(cfd); continue; }
		int one = 1;
		int sndbuf = SNDBUF;
		if (!local) setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		setsockopt(cfd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
		c->fd = cfd;
		c->srv = s;
		c->local = local;
		if (local || getnameinfo((struct sockaddr *)&from, fromlen, c->peer, sizeof c->peer,
		                         NULL, 0, NI_NUMERICHOST))
			snprintf(c->peer, sizeof c->peer, "%s", local ? "local" : "?");
		c->accepted_ms = loop_now_ms(l);
		c->next = s->clients;
		s->clients = c;
		s->nclients++;
		greet(c);
		loop_add_fd(l, cfd, LOOP_READ | LOOP_WRITE, client_io, c);
	}
}

/* Every second: close connections that did not authenticate in time, and
 * those whose credential was revoked since (the keys file changed). */
static void auth_timeouts(struct loop *l, void *ud)
{
	struct server *s = ud;
	struct client *next;
	keyring_refresh(s->keys);
	bool keys_changed = keyring_generation(s->keys) != s->keys_seen;
	s->keys_seen = keyring_generation(s->keys);
	for (struct client *c = s->clients; c; c = next) {
		next = c->next;
		if (!c->authed && loop_now_ms(l) - c->accepted_ms > AUTH_TIMEOUT_MS) {
			client_free(c);
		} else if (c->authed && !c->local && keys_changed && !keyring_find(s->keys, c->cred_id)) {
			fprintf(stderr, "goiso-display: credential %s revoked: connection closed\n", c->cred_id);
			client_free(c);
		}
	}
	s->auth_timer = loop_add_timer(l, loop_now_ms(l) + 1000, auth_timeouts, s);
}

static int listen_on(struct server *s, const char *spec, char *err, size_t errlen)
{
	char host[64] = "", *colon;
	const char *port;
	snprintf(host, sizeof host, "%s", spec);
	if (!(colon = strrchr(host, ':'))) { snprintf(err, errlen, "listen: expected ADDR:PORT, not '%s'", spec); return -1; }
	*colon = 0;
	port = colon + 1;
	char *h = host;
	if (*h == '[') { h++; h[strcspn(h, "]")] = 0; }
	struct addrinfo hints = { .ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV,
	                          .ai_socktype = SOCK_STREAM }, *ai;
	int rc = getaddrinfo(*h && strcmp(h, "*") ? h : NULL, port, &hints, &ai);
	if (rc) { snprintf(err, errlen, "listen %s: %s", spec, gai_strerror(rc)); return -1; }
	s->lfd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	if (s->lfd >= 0) setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (s->lfd < 0 || bind(s->lfd, ai->ai_addr, ai->ai_addrlen) || listen(s->lfd, 1024)) {
		snprintf(err, errlen, "listen %s: %s", spec, strerror(errno));
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	struct sockaddr_storage sa;
	socklen_t len = sizeof sa;
	getsockname(s->lfd, (struct sockaddr *)&sa, &len);
	char nhost[64], nport[16];
	getnameinfo((struct sockaddr *)&sa, len, nhost, sizeof nhost, nport, sizeof nport,
	            NI_NUMERICHOST | NI_NUMERICSERV);
	s->port = atoi(nport);
	snprintf(s->addr, sizeof s->addr, strchr(nhost, ':') ? "[%s]:%s" : "%s:%s", nhost, nport);
	return loop_add_fd(s->loop, s->lfd, LOOP_READ, accept_ready, s);
}

/* The local socket for scripts on the display PC: mode 0600 inside the
 * data directory (0700), so only the daemon's user reaches it. A stale
 * socket left by a killed daemon is replaced, a live one is left alone. */
static int listen_local(struct server *s, const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	if (strlen(path) >= sizeof sa.sun_path) {
		fprintf(stderr, "goiso-display: %s: path too long for a local socket; none opened\n", path);
		return 0;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode)) {
		int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		bool alive = probe >= 0 && connect(probe, (struct sockaddr *)&sa, sizeof sa) == 0;
		if (probe >= 0) close(probe);
		if (alive) {   /* another daemon on this data directory keeps it */
			fprintf(stderr, "goiso-display: %s is in use by another goiso-display; none opened\n", path);
			return 0;
		}
		unlink(path);
	}
	s->ufd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	mode_t old = umask(077);
	int rc = s->ufd < 0 ? -1 : bind(s->ufd, (struct sockaddr *)&sa, sizeof sa);
	umask(old);
	if (rc || chmod(path, 0600) || listen(s->ufd, 64)) {
		snprintf(err, errlen, "local socket %s: %s", path, strerror(errno));
		return -1;
	}
	snprintf(s->local_path, sizeof s->local_path, "%s", path);
	return loop_add_fd(s->loop, s->ufd, LOOP_READ, accept_ready, s);
}

/* Replaying a day maps the logged ticket indexes to the live ones: when an
 * event cannot be replayed (the config lost its service), the tickets
 * after it keep their identity instead of shifting onto each other. */
struct replay {
	struct server *s;
	int *map;            /* logged ticket index -> live index, -1 skipped */
	int nmap, cap;
	int skipped;
};

static int map_ticket(const struct replay *r, int logged)
{
	if (logged < 0) return -1;
	return logged < r->nmap ? r->map[logged] : -2;   /* -2: unknown, skip */
}

static int map_set(struct replay *r, int logged, int live)
{
	if (logged < 0) return -1;
	if (logged >= r->cap) {
		int cap = r->cap ? r->cap * 2 : 1024;
		while (cap <= logged) cap *= 2;
		int *m = realloc(r->map, sizeof *m * (size_t)cap);
		if (!m) return -1;
		r->map = m;
		r->cap = cap;
	}
	while (r->nmap <= logged) r->map[r->nmap++] = -1;
	r->map[logged] = live;
	return 0;
}

static void replay_one(void *ud, const struct engine_event *logged, const char *principal,
                       const char *req, const char *reply_line)
{
	struct replay *r = ud;
	struct server *s = r->s;
	struct engine_event ev = *logged;
	int live = engine_ntickets(s->e);
	if (ev.verb == VERB_ISSUE) {
		ev.ticket = live;
	} else {
		ev.ticket = map_ticket(r, logged->ticket);
		ev.finished = map_ticket(r, logged->finished);
	}
	if (ev.ticket < -1 || ev.finished < -1 || engine_apply(s->e, &ev)) {
		fprintf(stderr, "goiso-display: log: a %s event of today does not fit this config, skipped\n",
		        engine_verb_name(ev.verb));
		r->skipped++;
		if (ev.verb == VERB_ISSUE) map_set(r, logged->ticket, -1);
		return;
	}
	if (ev.verb == VERB_ISSUE) map_set(r, logged->ticket, live);
	if (*principal && *req && *reply_line) {
		char what[64];
		request_what(what, sizeof what, logged->verb, logged->counter);
		replycache_put(s->replies, principal, req, what, reply_line);
	}
}

/* Today's state from the log: into the engine (already at today's day,
 * empty) and the reply cache. The count of events, or -1. */
static int replay_today(struct server *s)
{
	struct replay r = { .s = s };
	int n = store_replay(s->store, engine_day(s->e), engine_config(s->e), replay_one, &r);
	free(r.map);
	if (r.skipped)
		fprintf(stderr, "goiso-display: %d events of today could not be replayed with this config\n", r.skipped);
	return n;
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
	s->loop = l; s->e = e; s->store = st; s->keys = kr; s->lfd = s->ufd = -1;
	s->max_clients = max_clients(o->max_clients);
	/* two per counter of the config and 16 for the site key, at most half */
	s->reserved = 2 * engine_config(e)->ncounters + 16;
	if (s->reserved > s->max_clients / 2) s->reserved = s->max_clients / 2;
	s->pairing = o->pairing;
	s->calendar = o->calendar;
	int n = replay_today(s);
	if (n < 0) {
		snprintf(err, errlen, "event log: %s", store_error(st));
		goto fail;
	}
	fprintf(stderr, "goiso-display: replayed %d events of service day %lld\n", n, (long long)engine_day(e));
	if (listen_on(s, o->listen, err, errlen)) goto fail;
	if (o->local && listen_local(s, o->local, err, errlen)) goto fail;
	s->auth_timer = loop_add_timer(l, loop_now_ms(l) + 1000, auth_timeouts, s);
	return s;
fail:
	server_free(s);
	return NULL;
}

void server_free(struct server *s)
{
	if (!s) return;
	while (s->clients) client_free(s->clients);
	if (s->lfd >= 0) { loop_del_fd(s->loop, s->lfd); close(s->lfd); }
	if (s->ufd >= 0) { loop_del_fd(s->loop, s->ufd); close(s->ufd); }
	if (s->local_path[0]) unlink(s->local_path);
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

void server_follower_warning(const struct server *s, int64_t wall_ms, char *buf, size_t n)
{
	followers_warning(&s->followers, wall_ms, buf, n);
}

void server_device_warning(const struct server *s, char *buf, size_t n)
{
	device_warning(&s->devices, buf, n);
}

/* ---- pushes ---- */

static void push_all(struct server *s, const char *line, size_t len)
{
	for (struct client *c = s->clients; c; c = c->next)
		if (c->subscribed && !c->closing && c->out.len <= OUT_CAP) client_queue(c, line, len);
}

static void push_event(struct server *s, const struct engine_event *ev)
{
	struct proto_buf pb;
	if (message_called(&pb, s->e, ev)) push_all(s, pb.s, pb.n);
	if (message_counter(&pb, s->e, ev)) push_all(s, pb.s, pb.n);
}

static void drop_slow(struct client *c, const char *why)
{
	struct server *s = c->srv;
	notice_limited(&s->lim_slow, loop_now_ms(s->loop), "%s reads nothing: %zu bytes wait for it "
	               "(%s); connection closed", c->principal[0] ? c->principal : "a stranger",
	               c->out.len, why);
	client_free(c);
}

/* After the turn's writes: the per-connection cap, then the budget. */
static void drop_slow_readers(struct server *s)
{
	struct client *next;
	size_t total = 0;
	for (struct client *c = s->clients; c; c = next) {
		next = c->next;
		if (c->out.len > OUT_CAP) drop_slow(c, "over the per-connection cap");
		else total += c->out.cap;
	}
	while (total > OUT_BUDGET) {
		struct client *big = NULL;
		for (struct client *c = s->clients; c; c = c->next)
			if (!big || c->out.cap > big->out.cap) big = c;
		if (!big || !big->out.cap) break;
		total -= big->out.cap;
		drop_slow(big, "over the memory budget of all connections");
	}
}

/* The turn could not be written (a full disk): nothing of it was
 * acknowledged. Its events are undone by rebuilding today from the log,
 * and the reply cache with it; the connections that waited for a reply are
 * closed, so their callers retry and hear ERR disk_full. */
static int lose_turn(struct server *s)
{
	int waiting = 0;
	store_rollback(s->store);
	fprintf(stderr, "goiso-display: cannot write the event log (%s): %d changes of this turn not acknowledged;"
	        " changes are refused until the disk has room\n", store_error(s->store), s->nturn);
	for (struct client *c = s->clients; c; c = c->next) {
		if (!c->held.len && !c->closing) continue;
		buf_consume(&c->held, c->held.len);
		c->closing = true;
		waiting++;
	}
	s->nturn = 0;
	s->turn_lost = false;
	replycache_free(s->replies);
	s->replies = replycache_new();
	engine_new_day(s->e, engine_day(s->e));
	int n = s->replies ? replay_today(s) : -1;
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
	struct client *next;
	for (struct client *c = s->clients; c; c = c->next) {
		if (!c->held.len) continue;
		client_queue(c, c->held.data, c->held.len);
		buf_consume(&c->held, c->held.len);
	}
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
	for (struct client *c = s->clients; c; c = next) {
		next = c->next;
		if (c->out.len || c->closing) client_write(c);
	}
	drop_slow_readers(s);
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
