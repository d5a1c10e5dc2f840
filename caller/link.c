/*
 * link: the panel's non-blocking connection to the display (see link.h).
 *
 * Every socket is O_NONBLOCK and every step is a function of the state and
 * now_ms, so link_pump() costs microseconds when nothing happened and the
 * panel can call it on every turn of its loop before drawing. Output goes
 * through a buffer flushed at once (a request normally leaves in the same
 * call that made it) and again when the socket becomes writable.
 */
#include "link.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth.h"
#include "buf.h"
#include "clock.h"
#include "session.h"
#include "sock.h"

#define BACKOFF_MIN_MS 200
#define BACKOFF_MAX_MS 5000
#define FIND_POLL_MS 250
#define RESOLVE_POLL_MS 20
#define PING_TAG (-1)

enum step { S_WAIT, S_FIND, S_RESOLVE, S_CONNECT, S_GREET, S_AUTH, S_READY };

struct pending {
	char id[PROTO_ID_MAX + 1];
	char line[PROTO_LINE_MAX + 1];   /* "<id> body\n" */
	int tag;
	bool retry, sent;
	int64_t sent_ms;
};

struct link {
	struct link_opts o;
	struct link_cb cb;
	char connect[256];
	enum step st;
	int fd;
	char peer[256], reason[300], center[PROTO_VAL_MAX];
	bool key_refused;              /* the last AUTH reply refused the key */
	/* address resolution */
	struct gaicb gai;
	struct gaicb *gaip;
	char host[SOCK_HOST_MAX], port[SOCK_PORT_MAX];
	bool gai_busy;
	struct addrinfo *ai, *ai_next;
	/* timers */
	int64_t deadline, next_try, last_rx;
	int backoff;
	/* bytes */
	char in[PROTO_LINE_MAX * 4];
	size_t nin;
	struct buf out;
	char nonce[AUTH_NONCE_HEX + 1], cnonce[AUTH_NONCE_HEX + 1], mac[AUTH_MAC_HEX + 1];
	struct session_kx kx;          /* until the display's proof */
	struct session sess;           /* once ready: every line sealed */
	/* requests */
	char idprefix[9];
	unsigned long seq;
	struct pending pend[LINK_MAX_PENDING + 1];   /* + room for a ping */
	int npend;
	int64_t last_send_ns;
};

static void changed(struct link *l)
{
	if (l->cb.changed) l->cb.changed(l->cb.ud);
}

static void free_addresses(struct link *l)
{
	if (l->gai_busy) {
		/* A lookup still running in glibc's helper thread cannot be
		 * abandoned with its buffers: wait for it (rare: only when the
		 * link is freed or dropped mid-lookup). */
		if (gai_cancel(&l->gai) == EAI_NOTCANCELED) {
			const struct gaicb *list[1] = { &l->gai };
			while (gai_error(&l->gai) == EAI_INPROGRESS) gai_suspend(list, 1, NULL);
		}
		if (l->gai.ar_result) freeaddrinfo(l->gai.ar_result);
		l->gai.ar_result = NULL;
		l->gai_busy = false;
	}
	if (l->ai) freeaddrinfo(l->ai);
	l->ai = l->ai_next = NULL;
}

static void close_socket(struct link *l)
{
	if (l->fd >= 0) close(l->fd);
	l->fd = -1;
	l->nin = 0;
	buf_consume(&l->out, l->out.len);
	session_kx_wipe(&l->kx);
	session_end(&l->sess);
}

/* The connection is gone (or never came): requests that may be retried
 * wait for the next connection; the others are answered with an ERR now,
 * so whoever waits for them is not left waiting. */
static void fail(struct link *l, const char *reason, int64_t now_ms, bool refused)
{
	close_socket(l);
	free_addresses(l);
	snprintf(l->reason, sizeof l->reason, "%s", reason);
	l->st = S_WAIT;
	l->next_try = now_ms + (refused ? BACKOFF_MAX_MS : l->backoff);
	l->backoff = l->backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : l->backoff * 2;
	int k = 0;
	struct pending dropped[LINK_MAX_PENDING + 1];
	int ndropped = 0;
	for (int i = 0; i < l->npend; i++) {
		if (l->pend[i].retry) {
			l->pend[i].sent = false;
			l->pend[k++] = l->pend[i];
		} else if (l->pend[i].tag != PING_TAG) {
			dropped[ndropped++] = l->pend[i];
		}
	}
	l->npend = k;
	changed(l);
	for (int i = 0; i < ndropped && l->cb.reply; i++) {
		struct proto_msg m;
		memset(&m, 0, sizeof m);
		snprintf(m.id, sizeof m.id, "%.32s", dropped[i].id);
		snprintf(m.word, sizeof m.word, "ERR");
		snprintf(m.rest, sizeof m.rest, "link_lost %s", l->reason);
		l->cb.reply(l->cb.ud, dropped[i].tag, &m);
	}
}

static int flush_out(struct link *l, int64_t now_ms)
{
	while (l->out.len) {
		ssize_t n = send(l->fd, l->out.data, l->out.len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR) continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
		if (n <= 0) {
			char why[300];
			snprintf(why, sizeof why, "mất kết nối với máy hiển thị (%s)", strerror(errno));
			fail(l, why, now_ms, false);
			return -1;
		}
		buf_consume(&l->out, (size_t)n);
	}
	return 0;
}

/* Queues one line (ending with '\n'), sealed once the session is on. */
static int send_line(struct link *l, const char *line, int64_t now_ms)
{
	char wire[SESSION_WIRE_MAX + 2];
	size_t len = strlen(line);
	if (l->sess.on) {
		int w = session_seal(&l->sess, line, len && line[len - 1] == '\n' ? len - 1 : len, wire, sizeof wire);
		if (w < 0) { fail(l, "yêu cầu quá dài", now_ms, false); return -1; }
		line = wire;
		len = (size_t)w;
	}
	if (buf_append(&l->out, line, len)) { fail(l, "hết bộ nhớ", now_ms, false); return -1; }
	int rc = flush_out(l, now_ms);
	l->last_send_ns = clock_mono_ns();
	return rc;
}

/* ---- connecting ---- */

static void try_next_address(struct link *l, int64_t now_ms, int last_errno);

static void got_addresses(struct link *l, struct addrinfo *ai, int64_t now_ms)
{
	l->ai = l->ai_next = ai;
	try_next_address(l, now_ms, ECONNREFUSED);
}

static void start_resolve(struct link *l, int64_t now_ms)
{
	char why[300];
	if (sock_split(l->peer, l->host, l->port, why, sizeof why) != 0) {
		fail(l, why, now_ms, true);
		return;
	}
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST }, *ai;
	if (getaddrinfo(l->host, l->port, &hints, &ai) == 0) {   /* numeric: instant */
		got_addresses(l, ai, now_ms);
		return;
	}
	/* A name: ask glibc to resolve it in the background. */
	static const struct addrinfo ahints = { .ai_socktype = SOCK_STREAM };
	memset(&l->gai, 0, sizeof l->gai);
	l->gai.ar_name = l->host;
	l->gai.ar_service = l->port;
	l->gai.ar_request = &ahints;
	l->gaip = &l->gai;
	if (getaddrinfo_a(GAI_NOWAIT, &l->gaip, 1, NULL)) {
		fail(l, "không tra được tên máy hiển thị", now_ms, false);
		return;
	}
	l->gai_busy = true;
	l->st = S_RESOLVE;
}

static void poll_resolve(struct link *l, int64_t now_ms)
{
	int rc = gai_error(&l->gai);
	if (rc == EAI_INPROGRESS) return;
	l->gai_busy = false;
	if (rc) {
		char why[300];
		snprintf(why, sizeof why, "không tìm thấy máy %s: %s", l->host, gai_strerror(rc));
		fail(l, why, now_ms, false);
		return;
	}
	struct addrinfo *ai = l->gai.ar_result;
	l->gai.ar_result = NULL;
	got_addresses(l, ai, now_ms);
}

static void try_next_address(struct link *l, int64_t now_ms, int last_errno)
{
	while (l->ai_next) {
		struct addrinfo *p = l->ai_next;
		l->ai_next = p->ai_next;
		int fd = sock_connect_start(p);
		if (fd < 0) { last_errno = errno; continue; }
		l->fd = fd;
		l->st = S_CONNECT;
		l->deadline = now_ms + l->o.connect_timeout_ms;
		changed(l);
		return;
	}
	char why[300];
	snprintf(why, sizeof why, "không kết nối được tới máy hiển thị %.120s: %.80s", l->peer, strerror(last_errno));
	fail(l, why, now_ms, false);
}

static void poll_connect(struct link *l, int64_t now_ms)
{
	int st = sock_connect_result(l->fd, 0);
	if (st > 0) {
		if (now_ms >= l->deadline) {
			close_socket(l);
			try_next_address(l, now_ms, ETIMEDOUT);
		}
		return;
	}
	if (st < 0) {
		int e = errno;
		close_socket(l);
		try_next_address(l, now_ms, e);
		return;
	}
	l->st = S_GREET;
	l->deadline = now_ms + l->o.connect_timeout_ms;
	l->last_rx = now_ms;
}

static void start_attempt(struct link *l, int64_t now_ms)
{
	if (l->connect[0]) {
		snprintf(l->peer, sizeof l->peer, "%s", l->connect);
		start_resolve(l, now_ms);
		return;
	}
	l->st = S_FIND;
	char why[300] = "đang tìm máy hiển thị trên mạng nội bộ";
	int rc = l->o.find ? l->o.find(l->o.find_ud, l->peer, sizeof l->peer, why, sizeof why) : -1;
	if (!l->o.find) snprintf(why, sizeof why, "chưa có địa chỉ máy hiển thị (--connect)");
	if (rc == 1) { start_resolve(l, now_ms); return; }
	if (rc < 0) { fail(l, why, now_ms, false); return; }
	l->next_try = now_ms + FIND_POLL_MS;   /* ask again a little later */
	if (strcmp(why, l->reason)) {
		snprintf(l->reason, sizeof l->reason, "%s", why);
		changed(l);
	}
}

/* ---- lines from the display ---- */

static void on_greeting(struct link *l, const struct proto_msg *m, int64_t now_ms)
{
	if (!strcmp(m->id, "-") && !strcmp(m->word, "ERR")) {
		char why[400];
		const char *msg = strchr(m->rest, ' ');
		snprintf(why, sizeof why, "%s: %.300s", !strncmp(m->rest, "busy", 4) && (!m->rest[4] || m->rest[4] == ' ')
		         ? "máy hiển thị đang bận (quá nhiều kết nối), đang thử lại" : "máy hiển thị từ chối",
		         msg ? msg + 1 : m->rest);
		fail(l, why, now_ms, false);
		return;
	}
	if (strcmp(m->id, "GOISO") || !proto_get(m, "nonce") || strlen(proto_get(m, "nonce")) != SESSION_PK_HEX) {
		fail(l, "máy ở địa chỉ này không phải máy hiển thị goiso", now_ms, true);
		return;
	}
	const struct client_cred *c = &l->o.cred;
	const char *role = c->role[0] ? c->role : "counter";
	char line[PROTO_LINE_MAX + 1];
	snprintf(l->nonce, sizeof l->nonce, "%s", proto_get(m, "nonce"));
	session_kx_new(&l->kx, l->cnonce);
	auth_mac(c->key, l->nonce, l->cnonce, c->id, role, c->counter, l->mac);
	snprintf(line, sizeof line, "auth AUTH id=%s role=%s counter=%d cnonce=%s mac=%s\n",
	         c->id, role, c->counter, l->cnonce, l->mac);
	if (send_line(l, line, now_ms) == 0) l->st = S_AUTH;
}

static void became_ready(struct link *l, int64_t now_ms)
{
	if (!l->connect[0] && l->o.trusted) l->o.trusted(l->o.find_ud, l->peer);
	l->st = S_READY;
	l->reason[0] = 0;
	l->key_refused = false;
	l->backoff = BACKOFF_MIN_MS;
	/* Unanswered requests first, with their ids, in their order. */
	for (int i = 0; i < l->npend && l->st == S_READY; i++) {
		l->pend[i].sent = true;
		l->pend[i].sent_ms = now_ms;
		send_line(l, l->pend[i].line, now_ms);
	}
	if (l->st != S_READY) return;
	changed(l);
	if (l->cb.ready) l->cb.ready(l->cb.ud);
}

/* The display found by discovery did not accept or prove the key: it may
 * be a copy of the announcement, so the finder skips it next time. */
static void distrust_found(struct link *l)
{
	if (!l->connect[0] && l->o.distrust) l->o.distrust(l->o.find_ud, l->peer);
}

/* An ERR's code is the first word of its rest. */
static bool err_code_is(const struct proto_msg *m, const char *code)
{
	size_t n = strlen(code);
	return !strncmp(m->rest, code, n) && (!m->rest[n] || m->rest[n] == ' ');
}

static void on_auth_reply(struct link *l, const struct proto_msg *m, int64_t now_ms)
{
	char proof[AUTH_MAC_HEX + 1], why[400];
	if (strcmp(m->id, "auth") && strcmp(m->id, "-")) return;   /* not ours */
	if (strcmp(m->word, "OK") && strncmp(m->rest, "busy", 4)) distrust_found(l);
	if (strcmp(m->word, "OK")) {
		const char *msg = strchr(m->rest, ' ');
		l->key_refused = err_code_is(m, "auth_failed") || err_code_is(m, "forbidden");
		snprintf(why, sizeof why, "máy hiển thị từ chối: %.300s", msg ? msg + 1 : m->rest);
		fail(l, why, now_ms, true);
		return;
	}
	auth_proof(l->o.cred.key, l->nonce, l->cnonce, proof);
	if (!proto_get(m, "proof") || !auth_mac_equal(proto_get(m, "proof"), proof) ||
	    session_begin(&l->sess, false, &l->kx, l->nonce, l->o.cred.key, l->mac)) {
		distrust_found(l);
		fail(l, "máy này không chứng minh được là máy hiển thị của trung tâm", now_ms, true);
		return;
	}
	snprintf(l->center, sizeof l->center, "%s", proto_get(m, "center") ? proto_get(m, "center") : "");
	became_ready(l, now_ms);
}

static void on_ready_line(struct link *l, const struct proto_msg *m)
{
	if (!strcmp(m->id, "*")) {
		if (l->cb.push) l->cb.push(l->cb.ud, m);
		return;
	}
	for (int i = 0; i < l->npend; i++) {
		if (strcmp(l->pend[i].id, m->id)) continue;
		int tag = l->pend[i].tag;
		memmove(&l->pend[i], &l->pend[i + 1], sizeof l->pend[0] * (size_t)(l->npend - i - 1));
		l->npend--;
		if (tag != PING_TAG && l->cb.reply) l->cb.reply(l->cb.ud, tag, m);
		return;
	}
}

static void read_lines(struct link *l, int64_t now_ms)
{
	for (;;) {
		ssize_t n = recv(l->fd, l->in + l->nin, sizeof l->in - l->nin, 0);
		if (n < 0 && errno == EINTR) continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
		if (n <= 0) {
			fail(l, n == 0 ? "máy hiển thị đã đóng kết nối" : "mất kết nối với máy hiển thị", now_ms, false);
			return;
		}
		l->nin += (size_t)n;
		l->last_rx = now_ms;
		char *nl;
		while (l->fd >= 0 && (nl = memchr(l->in, '\n', l->nin))) {
			struct proto_msg m;
			char plain[PROTO_LINE_MAX + 1];
			size_t len = (size_t)(nl - l->in);
			int rc = -1, got = (int)len;
			if (l->sess.on) got = session_open(&l->sess, l->in, len, plain, sizeof plain);
			if (got >= 0) rc = proto_parse(l->sess.on ? plain : l->in, (size_t)got, &m);
			memmove(l->in, nl + 1, l->nin - len - 1);
			l->nin -= len + 1;
			if (got < 0) {
				fail(l, "một dòng nhận được không thuộc phiên làm việc (bị chèn, lặp hoặc mất "
				        "trên đường truyền): đã ngắt kết nối", now_ms, false);
				return;
			}
			if (rc) continue;   /* nothing goiso sends; ignored */
			if (l->st == S_GREET) on_greeting(l, &m, now_ms);
			else if (l->st == S_AUTH) on_auth_reply(l, &m, now_ms);
			else if (l->st == S_READY) on_ready_line(l, &m);
		}
		if (l->fd < 0) return;
		if (l->nin == sizeof l->in) {
			fail(l, "máy hiển thị gửi dòng quá dài", now_ms, false);
			return;
		}
	}
}

/* ---- timers ---- */

static void ready_timers(struct link *l, int64_t now_ms)
{
	for (int i = 0; i < l->npend; i++)
		if (l->pend[i].sent && now_ms - l->pend[i].sent_ms >= l->o.reply_timeout_ms) {
			fail(l, "máy hiển thị không trả lời", now_ms, false);
			return;
		}
	if (l->npend == 0 && now_ms - l->last_rx >= l->o.ping_idle_ms)
		link_request(l, "PING", PING_TAG, false, now_ms);
}

static int next_due(const struct link *l, int64_t now_ms)
{
	int64_t due = now_ms + 1000;
	switch (l->st) {
	case S_WAIT: due = l->next_try; break;
	case S_FIND: due = l->next_try; break;
	case S_RESOLVE: due = now_ms + RESOLVE_POLL_MS; break;
	case S_CONNECT: case S_GREET: case S_AUTH: due = l->deadline; break;
	case S_READY:
		due = l->last_rx + l->o.ping_idle_ms;
		for (int i = 0; i < l->npend; i++)
			if (l->pend[i].sent && l->pend[i].sent_ms + l->o.reply_timeout_ms < due)
				due = l->pend[i].sent_ms + l->o.reply_timeout_ms;
		break;
	}
	int64_t left = due - now_ms;
	return left < 0 ? 0 : left > 1000 ? 1000 : (int)left;
}

int link_pump(struct link *l, int64_t now_ms)
{
	switch (l->st) {
	case S_WAIT:
		if (now_ms >= l->next_try) start_attempt(l, now_ms);
		break;
	case S_FIND:
		if (now_ms >= l->next_try) start_attempt(l, now_ms);
		break;
	case S_RESOLVE: poll_resolve(l, now_ms); break;
	case S_CONNECT: poll_connect(l, now_ms); break;
	case S_GREET: case S_AUTH: case S_READY:
		if (l->out.len && flush_out(l, now_ms)) break;
		read_lines(l, now_ms);
		if (l->st == S_READY) ready_timers(l, now_ms);
		else if ((l->st == S_GREET || l->st == S_AUTH) && now_ms >= l->deadline)
			fail(l, "máy ở địa chỉ này không trả lời như máy hiển thị goiso", now_ms, false);
		break;
	}
	if (l->st == S_CONNECT) poll_connect(l, now_ms);   /* a loopback connect is done at once */
	return next_due(l, now_ms);
}

/* ---- the API ---- */

struct link *link_new(const struct link_opts *o, const struct link_cb *cb)
{
	struct link *l = calloc(1, sizeof *l);
	if (!l) return NULL;
	l->o = *o;
	if (o->connect) snprintf(l->connect, sizeof l->connect, "%s", o->connect);
	l->o.connect = NULL;
	if (cb) l->cb = *cb;
	if (!l->o.connect_timeout_ms) l->o.connect_timeout_ms = 3000;
	if (!l->o.reply_timeout_ms) l->o.reply_timeout_ms = 5000;
	if (!l->o.ping_idle_ms) l->o.ping_idle_ms = 4000;
	l->fd = -1;
	l->st = S_WAIT;
	l->backoff = BACKOFF_MIN_MS;
	snprintf(l->reason, sizeof l->reason, "đang tìm máy hiển thị");
	auth_random_hex(l->idprefix, 4);
	return l;
}

void link_free(struct link *l)
{
	if (!l) return;
	close_socket(l);
	free_addresses(l);
	buf_free(&l->out);
	sodium_memzero(&l->o.cred, sizeof l->o.cred);
	free(l);
}

int link_fd(const struct link *l) { return l->fd; }

short link_poll_events(const struct link *l)
{
	if (l->fd < 0) return 0;
	if (l->st == S_CONNECT) return POLLOUT;
	return (short)(POLLIN | (l->out.len ? POLLOUT : 0));
}

int link_request(struct link *l, const char *body, int tag, bool retry, int64_t now_ms)
{
	int max = tag == PING_TAG ? LINK_MAX_PENDING + 1 : LINK_MAX_PENDING;
	if (l->st != S_READY || l->npend >= max) return -1;
	struct pending *p = &l->pend[l->npend];
	char id[PROTO_ID_MAX + 1];
	snprintf(id, sizeof id, "%s-%lu", l->idprefix, ++l->seq);
	int n = snprintf(p->line, sizeof p->line, "%s %s\n", id, body);
	memcpy(p->id, id, sizeof id);
	if (n < 0 || (size_t)n >= sizeof p->line) return -1;
	p->tag = tag;
	p->retry = retry;
	p->sent = true;
	p->sent_ms = now_ms;
	l->npend++;
	send_line(l, p->line, now_ms);
	return 0;
}

enum link_state link_state(const struct link *l)
{
	switch (l->st) {
	case S_READY: return LINK_READY;
	case S_CONNECT: case S_GREET: case S_AUTH: return LINK_CONNECTING;
	case S_FIND: case S_RESOLVE: return LINK_LOOKING;
	case S_WAIT: break;
	}
	return l->seq == 0 && !l->peer[0] ? LINK_LOOKING : LINK_DOWN;
}

const char *link_reason(const struct link *l) { return l->st == S_READY ? "" : l->reason; }
const char *link_peer(const struct link *l) { return l->peer; }
bool link_key_refused(const struct link *l) { return l->key_refused; }
const char *link_center(const struct link *l) { return l->center; }

int link_retrying(const struct link *l)
{
	int n = 0;
	for (int i = 0; i < l->npend; i++) n += l->pend[i].retry;
	return n;
}

void link_drop(struct link *l, const char *reason, int64_t now_ms)
{
	if (l->st == S_WAIT) return;
	fail(l, reason, now_ms, false);
}

int64_t link_last_send_ns(const struct link *l) { return l->last_send_ns; }
