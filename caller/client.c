/*
 * client: blocking connection to the display, with deadlines (see client.h).
 */
#include "client.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "session.h"
#include "sock.h"

struct client {
	int fd;
	struct session sess;       /* on once authenticated: every line sealed */
	char in[PROTO_LINE_MAX * 4];
	size_t nin;
	char idprefix[9];
	unsigned long seq;
	char center[PROTO_VAL_MAX];
};

/* Takes the first line of c->in into line; opened when the session is
 * on (a line that does not open ends the connection: -1 from now on). */
static int take_line(struct client *c, char *nl, char *line, size_t len)
{
	char plain[PROTO_LINE_MAX + 1];
	const char *src = c->in;
	size_t n = (size_t)(nl - c->in), used = n + 1;
	if (c->sess.on) {
		int p = session_open(&c->sess, c->in, n, plain, sizeof plain);
		if (p < 0) return -1;
		src = plain;
		n = (size_t)p;
	}
	if (n >= len) n = len - 1;
	memcpy(line, src, n);
	line[n] = 0;
	memmove(c->in, c->in + used, c->nin - used);
	c->nin -= used;
	return 0;
}

int client_read_line(struct client *c, char *line, size_t len, int timeout_ms)
{
	long long deadline = clock_mono_ms() + timeout_ms;
	for (int tries = 0;; tries++) {
		char *nl = memchr(c->in, '\n', c->nin);
		if (nl) return take_line(c, nl, line, len);
		if (c->nin == sizeof c->in) return -1;   /* a line longer than any goiso sends */
		long long left = deadline - clock_mono_ms();
		struct pollfd pfd = { c->fd, POLLIN, 0 };
		/* a timeout of 0 still takes what has already arrived */
		if (left <= 0 && tries) return 1;
		int pr = poll(&pfd, 1, left > 0 ? (int)left : 0);
		if (pr == 0) return 1;
		if (pr < 0) return -1;
		ssize_t n = recv(c->fd, c->in + c->nin, sizeof c->in - c->nin, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
		if (n <= 0) return -1;
		c->nin += (size_t)n;
	}
}

static int send_bytes(struct client *c, const char *line, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t n = send(c->fd, line + off, len - off, MSG_NOSIGNAL);
		if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
			struct pollfd pfd = { c->fd, POLLOUT, 0 };
			if (poll(&pfd, 1, 5000) <= 0) return -1;
			continue;
		}
		if (n <= 0) return -1;
		off += (size_t)n;
	}
	return 0;
}

int client_send_line(struct client *c, const char *line)
{
	char wire[SESSION_WIRE_MAX + 2];
	if (!c->sess.on) return send_bytes(c, line, strlen(line));
	while (*line) {
		size_t n = strcspn(line, "\n");
		int w = session_seal(&c->sess, line, n, wire, sizeof wire);
		if (w < 0 || send_bytes(c, wire, (size_t)w)) return -1;
		line += n + (line[n] == '\n');
	}
	return 0;
}

static int authenticate(struct client *c, const struct client_cred *cred, int timeout_ms,
                        char *err, size_t errlen)
{
	char line[PROTO_LINE_MAX + 1], cnonce[AUTH_NONCE_HEX + 1], mac[AUTH_MAC_HEX + 1], proof[AUTH_MAC_HEX + 1];
	struct proto_msg m;
	struct session_kx kx;
	if (client_read_line(c, line, sizeof line, timeout_ms) || proto_parse(line, strlen(line), &m)) {
		snprintf(err, errlen, "máy ở địa chỉ này không phải máy hiển thị goiso (hoặc không trả lời)");
		return -1;
	}
	if (!strcmp(m.word, "ERR")) {   /* refused at the door: "- ERR busy ..." */
		const char *msg;
		char code[32];
		client_err_parts(&m, code, sizeof code, &msg);
		if (!strcmp(code, "busy"))
			snprintf(err, errlen, "máy hiển thị đang bận (quá nhiều kết nối), sẽ thử lại: %s", msg);
		else
			snprintf(err, errlen, "máy hiển thị từ chối kết nối: %s", msg);
		return -1;
	}
	if (strcmp(m.id, "GOISO") || !proto_get(&m, "nonce") || strlen(proto_get(&m, "nonce")) != SESSION_PK_HEX) {
		snprintf(err, errlen, "máy ở địa chỉ này không phải máy hiển thị goiso (hoặc không trả lời)");
		return -1;
	}
	char nonce[AUTH_NONCE_HEX + 1];
	snprintf(nonce, sizeof nonce, "%s", proto_get(&m, "nonce"));
	session_kx_new(&kx, cnonce);
	const char *role = cred->role[0] ? cred->role : "counter";
	auth_mac(cred->key, nonce, cnonce, cred->id, role, cred->counter, mac);
	char body[PROTO_LINE_MAX];
	snprintf(body, sizeof body, "AUTH id=%s role=%s counter=%d cnonce=%s mac=%s",
	         cred->id, role, cred->counter, cnonce, mac);
	if (client_call(c, "auth", body, &m, timeout_ms, err, errlen)) { session_kx_wipe(&kx); return -1; }
	if (strcmp(m.word, "OK")) {
		session_kx_wipe(&kx);
		const char *msg;
		char code[32];
		client_err_parts(&m, code, sizeof code, &msg);
		if (!strcmp(code, "busy")) {   /* full for now: worth trying again */
			snprintf(err, errlen, "máy hiển thị đang bận (quá nhiều kết nối), sẽ thử lại: %s", msg);
			return -1;
		}
		snprintf(err, errlen, "máy hiển thị từ chối: %s", msg);
		errno = EACCES;
		return -1;
	}
	auth_proof(cred->key, nonce, cnonce, proof);
	if (!proto_get(&m, "proof") || !auth_mac_equal(proto_get(&m, "proof"), proof) ||
	    session_begin(&c->sess, false, &kx, nonce, cred->key, mac)) {
		session_kx_wipe(&kx);
		snprintf(err, errlen, "máy này không chứng minh được là máy hiển thị của trung tâm");
		errno = EACCES;
		return -1;
	}
	snprintf(c->center, sizeof c->center, "%s", proto_get(&m, "center") ? proto_get(&m, "center") : "");
	return 0;
}

struct client *client_connect(const char *hostport, const struct client_cred *cred,
                              int timeout_ms, char *err, size_t errlen)
{
	struct client *c = calloc(1, sizeof *c);
	if (!c) { snprintf(err, errlen, "hết bộ nhớ"); return NULL; }
	auth_random_hex(c->idprefix, 4);
	errno = 0;
	if ((c->fd = sock_dial(hostport, timeout_ms, err, errlen)) < 0 ||
	    authenticate(c, cred, timeout_ms, err, errlen)) {
		int saved = errno == EACCES ? EACCES : ECONNREFUSED;
		client_close(c);
		errno = saved;
		return NULL;
	}
	return c;
}

void client_close(struct client *c)
{
	if (!c) return;
	if (c->fd >= 0) close(c->fd);
	session_end(&c->sess);
	free(c);
}

int client_fd(const struct client *c) { return c->fd; }
const char *client_center(const struct client *c) { return c->center; }

void client_new_id(struct client *c, char *id)
{
	snprintf(id, PROTO_ID_MAX + 1, "%s-%lu", c->idprefix, ++c->seq);
}

int client_call(struct client *c, const char *id, const char *body, struct proto_msg *reply,
                int timeout_ms, char *err, size_t errlen)
{
	char line[PROTO_LINE_MAX + 1];
	long long deadline = clock_mono_ms() + timeout_ms;
	int n = snprintf(line, sizeof line, "%s %s\n", id, body);
	if (n < 0 || (size_t)n >= sizeof line) { snprintf(err, errlen, "yêu cầu quá dài"); return -1; }
	if (client_send_line(c, line)) { snprintf(err, errlen, "mất kết nối với máy hiển thị"); return -1; }
	for (;;) {
		long long left = deadline - clock_mono_ms();
		if (left <= 0 || client_read_line(c, line, sizeof line, (int)left)) {
			snprintf(err, errlen, "%s", c->sess.broken ? "một dòng nhận được không thuộc phiên làm việc "
			         "(bị chèn, lặp hoặc mất trên đường truyền): đã ngắt kết nối" :
			         left <= 0 ? "máy hiển thị không trả lời kịp" : "mất kết nối với máy hiển thị");
			return -1;
		}
		if (proto_parse(line, strlen(line), reply)) continue;   /* not for us */
		if (!strcmp(reply->id, id) || (!strcmp(reply->id, "-") && !strcmp(reply->word, "ERR")))
			return 0;
	}
}

void client_err_parts(const struct proto_msg *reply, char *code, size_t codelen, const char **msg)
{
	const char *r = reply->rest;
	size_t n = strcspn(r, " ");
	snprintf(code, codelen, "%.*s", (int)n, r);
	*msg = r[n] ? r + n + 1 : r;
}
