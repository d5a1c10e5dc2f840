/*
 * conn: one client connection (contract in conn.h).
 *
 * The I/O callback only moves bytes; process_input() cuts lines, opens
 * them when the session is on, and handle_line() answers the greeting's
 * business (AUTH, PAIR) itself and hands every authenticated request to
 * the command table.
 */
#include "conn.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config.h"
#include "engine.h"
#include "keyring.h"
#include "loop.h"
#include "pairing.h"

#define OUT_KEEP (16 << 10)    /* an emptied buffer larger than this is given back */

/* ---- replies ---- */

/* Puts lines (each ending with '\n') on the connection's way out: sealed
 * one by one once its session is on, as they are otherwise. */
static int queue_out(struct conn *c, const char *lines, size_t len)
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

void conn_reply(struct conn *c, const char *line)
{
	buf_append(&c->held, line, strlen(line));
}

void conn_reply_err(struct conn *c, const char *id, const char *code, const char *msg)
{
	struct proto_buf pb;
	conn_reply(c, proto_err_line(&pb, id, code, msg));
}

void conn_close_after_reply(struct conn *c) { c->closing = true; }

bool conn_drop_replies(struct conn *c)
{
	if (!c->held.len && !c->closing) return false;
	buf_consume(&c->held, c->held.len);
	c->closing = true;
	return true;
}

void conn_release(struct conn *c)
{
	if (!c->held.len) return;
	queue_out(c, c->held.data, c->held.len);
	buf_consume(&c->held, c->held.len);
}

void conn_push(struct conn *c, const char *lines, size_t len)
{
	queue_out(c, lines, len);
}

/* ---- authentication ---- */

static void refuse(struct conn *c, const struct proto_msg *m, const char *code, const char *msg)
{
	conn_reply_err(c, m->id, code, msg);
	conn_close_after_reply(c);
}

/* One answer whether the key is unknown or its proof wrong (a stranger
 * learns nothing of which ids exist); the log, IT staff's, says which.
 * The likeliest cause on a PC that worked before is a key revoked, or
 * replaced by pairing that number again: the answer says how to go on. */
static void auth_failed(struct conn *c, const struct proto_msg *m, const char *id, bool known)
{
	char esc[AUTH_ID_MAX * 4 + 1];
	notice_limited(&c->ctx->lim_auth, loop_now_ms(c->ctx->loop), "AUTH refused for credential '%s' (%s)",
	               notice_esc(id ? id : "", esc, sizeof esc),
	               known ? "wrong proof" : "no such key here: revoked, replaced by a new pairing, or another display's");
	refuse(c, m, "auth_failed", "Xác thực thất bại: máy hiển thị không nhận khóa này (đã thu hồi, hoặc đã "
	       "ghép nối lại cho máy khác). Ghép nối lại bằng mã mới từ 'goiso-display pair'");
}

/* The AUTH reply goes in clear (nothing before it was logged, so it need
 * not wait for a commit); every line after it is sealed. */
static void auth_ok(struct conn *c, const struct proto_msg *m, const struct keyring_entry *cred,
                    const char *cnonce, struct session *sess)
{
	char proof[AUTH_MAC_HEX + 1];
	struct proto_buf pb;
	auth_proof(cred->key, c->nonce, cnonce, proof);
	proto_begin(&pb, m->id, "OK");
	proto_add(&pb, "role", role_name(c->role));
	proto_add_int(&pb, "counter", c->counter);
	proto_add(&pb, "proof", proof);
	proto_add(&pb, "center", engine_config(c->ctx->e)->name);
	proto_end(&pb);
	conn_release(c);
	queue_out(c, pb.s, pb.n);
	c->sess = *sess;
	session_end(sess);
}

static void handle_auth(struct conn *c, const struct proto_msg *m)
{
	struct conn_ctx *x = c->ctx;
	const char *id = proto_get(m, "id"), *role = proto_get(m, "role");
	const char *cnonce = proto_get(m, "cnonce"), *mac = proto_get(m, "mac");
	const struct keyring_entry *cred = id ? keyring_find(x->keys, id) : NULL;
	int counter = 0;
	char want[AUTH_MAC_HEX + 1];
	if (!role) role = cred ? cred->role : "";
	if (proto_get_int(m, "counter", 0, CONFIG_COUNTER_LAST, &counter) < 0 || !cred || !cnonce ||
	    !mac || strlen(cnonce) != SESSION_PK_HEX) {
		auth_failed(c, m, id, cred != NULL);
		return;
	}
	auth_mac(cred->key, c->nonce, cnonce, id, role, counter, want);
	if (!auth_mac_equal(want, mac)) { auth_failed(c, m, id, true); return; }
	/* only the site key may choose its role; others act as what they were given */
	enum role r = role_parse(role), given = role_parse(cred->role);
	if (given != ROLE_ADMIN && (r != given || counter != cred->counter)) {
		refuse(c, m, "forbidden", "Khóa này không được cấp cho vai trò hoặc quầy đó");
		return;
	}
	if (r == ROLE_NONE || (r == ROLE_COUNTER && !engine_counter(x->e, counter))) {
		refuse(c, m, "bad_arg", "Vai trò hoặc số quầy không hợp lệ");
		return;
	}
	if (!x->admit(x->ud, c, cred->id, given, r)) {
		refuse(c, m, "busy", "Máy hiển thị đã đủ kết nối cho vai trò này, thử lại sau");
		return;
	}
	struct session sess;
	if (session_begin(&sess, true, &c->kx, cnonce, cred->key, mac)) { auth_failed(c, m, id, true); return; }
	c->authed = true;
	c->role = r;
	c->counter = counter;
	c->limited = given != ROLE_ADMIN;
	c->last_request_ms = loop_now_ms(x->loop);
	snprintf(c->cred_id, sizeof c->cred_id, "%s", id);
	snprintf(c->principal, sizeof c->principal, "%s/%s/%d", id, role_name(r), counter);
	auth_ok(c, m, cred, cnonce, &sess);
}

/* ---- lines ---- */

static void handle_line(struct conn *c, const char *line, size_t len)
{
	struct proto_msg m;
	int rc = proto_parse(line, len, &m);
	if (rc == PROTO_E_EMPTY) return;
	if (rc || !strcmp(m.id, "*")) {
		conn_reply_err(c, m.id, "bad_line", rc ? proto_strerror(rc) : "'*' chỉ dành cho thông báo đẩy, không phải mã yêu cầu");
		if (!c->authed) conn_close_after_reply(c);   /* a stranger gets one answer */
		return;
	}
	if (!strcmp(m.word, "AUTH")) {
		if (c->authed) conn_reply_err(c, m.id, "bad_line", "already authenticated");
		else handle_auth(c, &m);
		return;
	}
	if (!strcmp(m.word, "PAIR") && !c->authed && c->ctx->pairing) {
		/* The one request before AUTH: a new counter asking for its
		 * credential with a one-time code (pairing.h). */
		struct proto_buf pb;
		if (pairing_handle(c->ctx->pairing, c->nonce, c->peer, &m, loop_wall_ms(c->ctx->loop), &pb))
			conn_close_after_reply(c);
		conn_reply(c, pb.s);
		return;
	}
	if (!c->authed) {
		refuse(c, &m, "auth_required", "Chưa xác thực: gửi AUTH trước");
		return;
	}
	c->last_request_ms = loop_now_ms(c->ctx->loop);
	c->ctx->request(c->ctx->ud, c, &m);
}

static void session_broken(struct conn *c)
{
	notice_limited(&c->ctx->lim_session, loop_now_ms(c->ctx->loop), "connection of %s closed: a line "
	               "failed the session check (injected, replayed, reordered or dropped on the way)",
	               c->principal);
	conn_reply_err(c, "-", "session_broken", "Dòng không thuộc phiên này: kết nối bị đóng");
	conn_close_after_reply(c);
}

/* One line from the wire: opened first when the session is on. */
static void wire_line(struct conn *c, const char *line, size_t len)
{
	char plain[PROTO_LINE_MAX + 1];
	if (!c->sess.on) { handle_line(c, line, len); return; }
	int n = session_open(&c->sess, line, len, plain, sizeof plain);
	if (n < 0) session_broken(c);
	else handle_line(c, plain, (size_t)n);
}

static void too_long(struct conn *c)
{
	conn_reply_err(c, "-", "too_long", proto_strerror(PROTO_E_TOO_LONG));
	if (!c->authed) conn_close_after_reply(c);
}

/* Splits the input buffer into lines; an over-long line gets one ERR and
 * is skipped up to its newline. */
static void process_input(struct conn *c)
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

/* ---- the connection ---- */

void conn_free(struct conn *c)
{
	c->ctx->gone(c->ctx->ud, c);
	loop_del_fd(c->ctx->loop, c->fd);
	close(c->fd);
	buf_free(&c->held);
	buf_free(&c->out);
	session_kx_wipe(&c->kx);
	session_end(&c->sess);
	free(c);
}

int conn_write(struct conn *c)
{
	while (c->out.len) {
		ssize_t n = send(c->fd, c->out.data, c->out.len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR) continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
		if (n <= 0) { conn_free(c); return -1; }
		buf_consume(&c->out, (size_t)n);
	}
	if (!c->out.len && c->out.cap > OUT_KEEP) buf_free(&c->out);
	if (!c->out.len && c->closing && !c->held.len) { conn_free(c); return -1; }
	loop_set_events(c->ctx->loop, c->fd, c->closing ? (c->out.len ? LOOP_WRITE : 0)
	                                                 : (LOOP_READ | (c->out.len ? LOOP_WRITE : 0)));
	return 0;
}

static void conn_io(struct loop *l, int fd, int events, void *ud)
{
	struct conn *c = ud;
	(void)l; (void)fd;
	if ((events & LOOP_WRITE) && conn_write(c) < 0) return;   /* freed */
	if (!(events & (LOOP_READ | LOOP_ERROR)) || c->closing) return;
	ssize_t n = recv(c->fd, c->in + c->nin, sizeof c->in - 1 - c->nin, 0);
	if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) return;
	if (n <= 0) {   /* closed or reset: replies still held for it are dropped */
		conn_free(c);
		return;
	}
	c->nin += (size_t)n;
	process_input(c);
}

static void greet(struct conn *c)
{
	struct proto_buf pb;
	proto_begin(&pb, "GOISO", "1");
	if (c->local) {
		c->authed = true;
		c->role = ROLE_ADMIN;
		snprintf(c->cred_id, sizeof c->cred_id, "local");
		snprintf(c->principal, sizeof c->principal, "local/admin/0");
		proto_add(&pb, "role", role_name(c->role));
		proto_add(&pb, "center", engine_config(c->ctx->e)->name);
	} else {
		session_kx_new(&c->kx, c->nonce);
		proto_add(&pb, "nonce", c->nonce);
	}
	proto_end(&pb);
	buf_append(&c->out, pb.s, pb.n);
}

struct conn *conn_new(int fd, bool local, const char *peer, struct conn_ctx *ctx)
{
	struct conn *c = calloc(1, sizeof *c);
	if (!c) { close(fd); return NULL; }
	c->fd = fd;
	c->ctx = ctx;
	c->local = local;
	snprintf(c->peer, sizeof c->peer, "%s", peer);
	c->accepted_ms = loop_now_ms(ctx->loop);
	greet(c);
	loop_add_fd(ctx->loop, fd, LOOP_READ | LOOP_WRITE, conn_io, c);
	return c;
}
