/*
 * conn: one client connection (contract in conn.h).
 *
 * The I/O callback only moves bytes; process_input() cuts lines and
 * handle_line() answers the greeting's business (AUTH, PAIR) itself and
 * hands every authenticated request to the server's command table.
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

static const char *const role_names[] = {
	[ROLE_ADMIN] = "admin", [ROLE_COUNTER] = "counter", [ROLE_KIOSK] = "kiosk",
	[ROLE_VIEWER] = "viewer",
};

enum role role_parse(const char *name)
{
	for (size_t i = 0; name && i < sizeof role_names / sizeof *role_names; i++)
		if (role_names[i] && !strcmp(role_names[i], name)) return (enum role)i;
	return ROLE_NONE;
}

const char *role_name(enum role r)
{
	return (size_t)r < sizeof role_names / sizeof *role_names && role_names[r] ? role_names[r] : "";
}

/* ---- replies ---- */

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
	buf_append(&c->out, c->held.data, c->held.len);
	buf_consume(&c->held, c->held.len);
}

void conn_push(struct conn *c, const char *line, size_t len)
{
	buf_append(&c->out, line, len);
}

/* ---- authentication ---- */

static void handle_auth(struct conn *c, const struct proto_msg *m)
{
	const struct conn_ctx *x = c->ctx;
	const char *id = proto_get(m, "id"), *role = proto_get(m, "role");
	const char *cnonce = proto_get(m, "cnonce"), *mac = proto_get(m, "mac");
	const struct keyring_entry *cred = id ? keyring_find(x->keys, id) : NULL;
	int counter = 0;
	char want[AUTH_MAC_HEX + 1], proof[AUTH_MAC_HEX + 1];
	if (!role) role = cred ? cred->role : "";
	const char *cv = proto_get(m, "counter");
	char *end;
	if (cv) {
		long n = strtol(cv, &end, 10);
		counter = *cv && !*end && n >= 0 && n <= CONFIG_COUNTER_LAST ? (int)n : -1;
	}
	if (!cred || !cnonce || !mac || strlen(cnonce) < 16 || strlen(cnonce) > 128 || counter < 0)
		goto refuse;
	auth_mac(cred->key, c->nonce, cnonce, id, role, counter, want);
	if (!auth_mac_equal(want, mac)) goto refuse;
	/* only the site key may choose its role; others act as what they were given */
	enum role r = role_parse(role), given = role_parse(cred->role);
	if (given != ROLE_ADMIN && (r != given || counter != cred->counter)) {
		conn_reply_err(c, m->id, "forbidden", "Khóa này không được cấp cho vai trò hoặc quầy đó");
		conn_close_after_reply(c);
		return;
	}
	if (r == ROLE_NONE || (r == ROLE_COUNTER && !engine_counter(x->e, counter))) {
		conn_reply_err(c, m->id, "bad_arg", "Vai trò hoặc số quầy không hợp lệ");
		conn_close_after_reply(c);
		return;
	}
	c->authed = true;
	c->counter = counter;
	snprintf(c->cred_id, sizeof c->cred_id, "%s", id);
	c->role = r;
	c->limited = given != ROLE_ADMIN;
	snprintf(c->principal, sizeof c->principal, "%s/%s/%d", id, role, counter);
	auth_proof(cred->key, c->nonce, cnonce, proof);
	struct proto_buf pb;
	proto_begin(&pb, m->id, "OK");
	proto_add(&pb, "role", role);
	proto_add_int(&pb, "counter", counter);
	proto_add(&pb, "proof", proof);
	proto_add(&pb, "center", engine_config(x->e)->name);
	conn_reply(c, proto_end(&pb));
	return;
refuse:
	fprintf(stderr, "goiso-display: AUTH refused for credential '%.32s'\n", id ? id : "");
	conn_reply_err(c, m->id, "auth_failed", "Xác thực thất bại: khóa không đúng");
	conn_close_after_reply(c);
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
		if (pairing_handle(c->ctx->pairing, c->nonce, &m, loop_wall_ms(c->ctx->loop), &pb))
			conn_close_after_reply(c);
		conn_reply(c, pb.s);
		return;
	}
	if (!c->authed) {
		conn_reply_err(c, m.id, "auth_required", "Chưa xác thực: gửi AUTH trước");
		conn_close_after_reply(c);
		return;
	}
	c->ctx->request(c->ctx->ud, c, &m);
}

/* Splits the input buffer into lines; an over-long line gets one ERR and
 * is skipped up to its newline. */
static void process_input(struct conn *c)
{
	size_t start = 0;
	for (size_t i = 0; i < c->nin && !c->closing; i++) {
		if (c->in[i] != '\n') continue;
		if (!c->discarding) handle_line(c, c->in + start, i - start);
		c->discarding = false;
		start = i + 1;
	}
	memmove(c->in, c->in + start, c->nin - start);
	c->nin -= start;
	if (c->nin >= PROTO_LINE_MAX) {
		if (!c->discarding) conn_reply_err(c, "-", "too_long", proto_strerror(PROTO_E_TOO_LONG));
		if (!c->authed) conn_close_after_reply(c);
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
	auth_random_hex(c->nonce, AUTH_NONCE_HEX / 2);
	proto_begin(&pb, "GOISO", "1");
	proto_add(&pb, "nonce", c->nonce);
	proto_end(&pb);
	buf_append(&c->out, pb.s, pb.n);
}

struct conn *conn_new(int fd, const struct conn_ctx *ctx)
{
	struct conn *c = calloc(1, sizeof *c);
	if (!c) { close(fd); return NULL; }
	c->fd = fd;
	c->ctx = ctx;
	c->accepted_ms = loop_now_ms(ctx->loop);
	greet(c);
	loop_add_fd(ctx->loop, fd, LOOP_READ | LOOP_WRITE, conn_io, c);
	return c;
}
