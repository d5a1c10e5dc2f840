/*
 * http: libmicrohttpd on our loop, the routes and the limits (see http.h).
 *
 * Connections are known from MHD's connect/close notifications, so the
 * header deadline can be enforced from outside MHD: a connection that has
 * not finished its request headers in time has its socket shut down,
 * which MHD then sees as a closed peer and cleans up.
 */
#include "http.h"

#include <microhttpd.h>
#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "announce.h"
#include "assets.h"
#include "engine.h"
#include "login.h"
#include "pages.h"
#include "reportdoc.h"
#include "reportjob.h"
#include "reportq.h"
#include "sse.h"
#include "tickets.h"
#include "wall.h"

#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " \
            "media-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; " \
            "frame-ancestors 'none'"
/* the report is one self-contained document: inline styles and SVG, no script */
#define CSP_REPORT "default-src 'none'; style-src 'unsafe-inline'; img-src data:; " \
                   "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

struct conn {
	int fd;
	int64_t start_ms;           /* of the request under way */
	bool in_request;            /* headers complete: the deadline no longer applies */
	struct conn *next, *prev;
	struct http *h;
};

struct body {                   /* a POST being received */
	char data[HTTP_BODY_MAX + 1];
	size_t len;
	bool too_big;
};

struct http {
	struct MHD_Daemon *d;
	struct reportjob *job;          /* the report being made (one at a time), or NULL */
	bool resumed;                   /* its connection was resumed */
	int wake_fd;                    /* eventfd: a job is done */
	struct http_opts o;
	struct conn *conns;
	int nconns;
	int64_t now_ms, wall_ms, next_sweep_ms;
	int64_t log_ms;
	unsigned long log_dropped;
};

/* MHD's own messages, at most one a second (a flood must not flood the log). */
static void logger(void *cls, const char *fmt, va_list ap)
{
	struct http *h = cls;
	if (h->now_ms - h->log_ms < 1000) { h->log_dropped++; return; }
	fprintf(stderr, "goiso-web: ");
	vfprintf(stderr, fmt, ap);
	if (h->log_dropped) fprintf(stderr, "goiso-web: (%lu more messages not shown)\n", h->log_dropped);
	h->log_ms = h->now_ms;
	h->log_dropped = 0;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
	struct http *h = cls;
	struct conn *k = *socket_context;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (!(k = calloc(1, sizeof *k))) return;
		k->fd = ci ? ci->connect_fd : -1;
		k->start_ms = h->now_ms;
		k->h = h;
		k->next = h->conns;
		if (k->next) k->next->prev = k;
		h->conns = k;
		h->nconns++;
		/* a browser that never reads fills this, not our memory */
		int sndbuf = 64 * 1024;
		if (k->fd >= 0) setsockopt(k->fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
		*socket_context = k;
	} else if (k) {
		if (k->prev) k->prev->next = k->next;
		else h->conns = k->next;
		if (k->next) k->next->prev = k->prev;
		h->nconns--;
		free(k);
		*socket_context = NULL;
	}
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct http *h = cls;
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn *k = ci ? ci->socket_context : NULL;
	(void)toe;
	if (k) {   /* a keep-alive connection: the next request has its own deadline */
		k->in_request = false;
		k->start_ms = h->now_ms;
	}
	if (h->job && *req_cls == h->job) { reportjob_free(h->job); h->job = NULL; }
	else if (*req_cls != (void *)1) free(*req_cls);
	*req_cls = NULL;
}

/* ---- responses ---- */

static void secure(struct MHD_Response *r, const char *csp, bool cache)
{
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(r, "Cache-Control", cache ? "max-age=300" : "no-store");
}

static enum MHD_Result send_bytes(struct MHD_Connection *c, unsigned status, const char *type,
                                  const void *data, size_t len, enum MHD_ResponseMemoryMode mode,
                                  const char *csp, bool cache)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)data, mode);
	if (!r) return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	secure(r, csp, cache);
	enum MHD_Result rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result send_page(struct MHD_Connection *c, unsigned status, const char *html)
{
	return send_bytes(c, status, "text/html; charset=utf-8", html, strlen(html),
	                  MHD_RESPMEM_MUST_COPY, CSP, false);
}

static enum MHD_Result send_message(struct MHD_Connection *c, unsigned status, const char *title,
                                    const char *text)
{
	char page[2048];
	pages_message(page, sizeof page, title, text);
	return send_page(c, status, page);
}

static enum MHD_Result send_asset(struct MHD_Connection *c, const char *name, bool cache)
{
	const struct asset *a = asset_find(name);
	if (!a) return send_message(c, MHD_HTTP_NOT_FOUND, "Không tìm thấy trang", "Địa chỉ này không có trên máy chủ.");
	return send_bytes(c, MHD_HTTP_OK, asset_type(name), a->data, a->len, MHD_RESPMEM_PERSISTENT, CSP, cache);
}

static enum MHD_Result redirect(struct MHD_Connection *c, const char *to, const char *cookie)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!r) return MHD_NO;
	MHD_add_response_header(r, "Location", to);
	if (cookie) MHD_add_response_header(r, "Set-Cookie", cookie);
	secure(r, CSP, false);
	enum MHD_Result rc = MHD_queue_response(c, MHD_HTTP_SEE_OTHER, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result send_stream(struct MHD_Connection *c, struct sse_chan *ch)
{
	struct MHD_Response *r = ch ? sse_open(ch, c) : NULL;
	if (!r) return send_message(c, MHD_HTTP_SERVICE_UNAVAILABLE, "Máy chủ đang bận", "Xin thử lại sau ít phút.");
	secure(r, CSP, false);
	enum MHD_Result rc = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

/* ---- routes ---- */

static enum MHD_Result route_sound(struct http *h, struct MHD_Connection *c, const char *name)
{
	char label[16];
	int counter = 0, n = 0;
	size_t len;
	if (!h->o.announce || sscanf(name, "%11[A-Za-z0-9]-%d.wav%n", label, &counter, &n) != 2 ||
	    name[n] || !wall_is_recent(h->o.wall, label, counter))
		return send_message(c, MHD_HTTP_NOT_FOUND, "Không có âm thanh", "Không có thông báo này.");
	const unsigned char *wav = announce_wav(h->o.announce, label, counter, &len);
	if (!wav) return send_message(c, MHD_HTTP_NOT_FOUND, "Không có âm thanh", "Không đọc được số này.");
	return send_bytes(c, MHD_HTTP_OK, "audio/wav", wav, len, MHD_RESPMEM_MUST_COPY, CSP, true);
}

static enum MHD_Result route_ticket(struct http *h, struct MHD_Connection *c, const char *rest)
{
	char token[ENGINE_TOKEN_LEN + 1];
	size_t n = strcspn(rest, "/");
	const char *tail = rest + n;
	if (n != ENGINE_TOKEN_LEN || (*tail && strcmp(tail, "/events")))
		return send_message(c, MHD_HTTP_NOT_FOUND, "Không tìm thấy vé", "Địa chỉ vé không đúng. "
		                    "Xin quét lại mã QR trên vé.");
	memcpy(token, rest, n);
	token[n] = 0;
	if (!engine_valid_token(token))
		return send_message(c, MHD_HTTP_NOT_FOUND, "Không tìm thấy vé", "Địa chỉ vé không đúng. "
		                    "Xin quét lại mã QR trên vé.");
	if (!*tail) return send_asset(c, "ticket.html", false);
	return send_stream(c, tickets_channel(h->o.tickets, token, h->now_ms));
}

static void client_addr(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, n, "?");
	if (ci && ci->client_addr)
		getnameinfo(ci->client_addr, ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
		            : sizeof(struct sockaddr_in), out, (socklen_t)n, NULL, 0, NI_NUMERICHOST);
}

static const char *session_cookie(struct MHD_Connection *c)
{
	return MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "goiso_s");
}

static bool logged_in(struct http *h, struct MHD_Connection *c)
{
	return login_check(h->o.login, session_cookie(c), h->now_ms);
}

/* The report's fields of the request's query string. */
static void read_query(struct MHD_Connection *c, struct reportq *q)
{
	static const char *const keys[] = { "period", "date", "from", "to", "service", "counter", "officer", "table" };
	memset(q, 0, sizeof *q);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		reportq_set(q, keys[i], MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, keys[i]));
}

/* page + "?" + the query of q (just page without one). */
static void address(char *out, size_t n, const char *page, const struct reportq *q)
{
	char query[1200];
	reportq_query(q, query, sizeof query);
	snprintf(out, n, "%s%s%s", page, *query ? "?" : "", query);
}

/* The login form instead of a report page: "Xin đăng nhập" on a first
 * visit, the session's end when the browser still had one; after login
 * the browser goes to target. */
static enum MHD_Result send_login(struct MHD_Connection *c, unsigned status, const char *target)
{
	char page[4096];
	const char *sid = session_cookie(c);
	pages_login(page, sizeof page, sid && *sid ? "Phiên làm việc đã hết, xin đăng nhập lại." : NULL, target);
	return send_page(c, status, page);
}

static enum MHD_Result route_report(struct http *h, struct MHD_Connection *c)
{
	struct reportq q;
	char target[1300];
	read_query(c, &q);
	if (!logged_in(h, c)) {
		address(target, sizeof target, "/report", &q);
		return send_login(c, MHD_HTTP_OK, target);
	}
	char *page = pages_report_form(h->o.center, h->o.cfg, &q);
	if (!page) return MHD_NO;
	enum MHD_Result r = send_bytes(c, MHD_HTTP_OK, "text/html; charset=utf-8", page, strlen(page),
	                               MHD_RESPMEM_MUST_COPY, CSP, false);
	free(page);
	return r;
}

static enum MHD_Result send_download(struct MHD_Connection *c, const char *type, const char *name,
                                     const char *data, size_t len)
{
	char disp[300];
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
	if (!r) return MHD_NO;
	snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", name);
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Content-Disposition", disp);
	secure(r, CSP, false);
	enum MHD_Result rc = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

/* The first len bytes of s or fewer, so that no UTF-8 character is cut. */
static int utf8_prefix(const char *s, size_t len)
{
	size_t n = strnlen(s, len);
	if (n == len && s[n])   /* cut: back to the start of the character cut */
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
	return (int)n;
}

/* A second report while one is made: said at once, with when to retry. */
static enum MHD_Result send_busy(struct MHD_Connection *c, const char *back)
{
	char page[4096];
	pages_message_back(page, sizeof page, "Máy chủ đang lập báo cáo",
	                   "Đang lập báo cáo khác, xin thử lại sau ít giây.", back, "← Quay lại chọn kỳ báo cáo");
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(page), page, MHD_RESPMEM_MUST_COPY);
	if (!r) return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
	MHD_add_response_header(r, "Retry-After", "5");
	secure(r, CSP, false);
	enum MHD_Result rc = MHD_queue_response(c, MHD_HTTP_SERVICE_UNAVAILABLE, r);
	MHD_destroy_response(r);
	return rc;
}

/* The report of q as kind started off the loop, c suspended until it is
 * made; 0, or -1 (no thread: nothing started). */
static int job_start(struct http *h, struct MHD_Connection *c, const struct reportq *q, int kind)
{
	h->job = reportjob_start(h->o.report, h->o.report_ud, q, kind, h->wall_ms, c, h->wake_fd);
	if (!h->job) return -1;
	h->resumed = false;
	MHD_suspend_connection(c);
	return 0;
}

/* The job's thread is done: its connection goes on (to job_answer). */
static void job_collect(struct http *h)
{
	uint64_t n;
	if (read(h->wake_fd, &n, sizeof n) < 0) {}   /* EAGAIN: nothing new */
	if (h->job && !h->resumed && reportjob_done(h->job)) {
		h->resumed = true;
		MHD_resume_connection(h->job->owner);
	}
}

/* The report made, or why not, to the connection that asked. */
static enum MHD_Result job_answer(struct http *h, struct MHD_Connection *c, struct reportjob *j)
{
	char back[1300], page[4096], query[1200];
	enum MHD_Result r;
	(void)h;
	address(back, sizeof back, "/report", &j->q);
	if (j->rc || !j->doc) {
		pages_message_back(page, sizeof page, "Không lập được báo cáo", *j->err ? j->err : "Không đọc được sổ sự kiện.",
		                   back, "← Quay lại chọn kỳ báo cáo");
		r = send_page(c, j->rc == -1 ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_INTERNAL_SERVER_ERROR, page);
	} else if (j->kind == REPORTDOC_XLSX) {
		r = send_download(c, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", j->name, j->doc,
		                  j->len);
	} else if (j->kind == REPORTDOC_CSV) {
		r = send_download(c, "text/csv; charset=utf-8", j->name, j->doc, j->len);
	} else {
		size_t flen = 0;
		reportq_query(&j->q, query, sizeof query);
		char *framed = pages_report_framed(j->doc, j->len, query, &flen);
		r = framed ? send_bytes(c, MHD_HTTP_OK, "text/html; charset=utf-8", framed, flen, MHD_RESPMEM_MUST_COPY,
		                        CSP_REPORT, false) : MHD_NO;
		free(framed);
	}
	free(j->doc);   /* the job itself goes when the request completes */
	j->doc = NULL;
	return r;
}

/* /report/view, /report/xlsx, /report/csv: the report of the query as
 * kind (enum reportdoc_kind), made off the loop (job_start). A mistake in
 * the query is said with a link back to the form, filled as it was. */
static enum MHD_Result route_report_doc(struct http *h, struct MHD_Connection *c, int kind, void **req_cls)
{
	struct reportq q;
	char err[300] = "", target[1300], back[1300], page[4096];
	read_query(c, &q);
	if (!logged_in(h, c)) {   /* after login, the report itself rather than a lone download */
		address(target, sizeof target, "/report/view", &q);
		return send_login(c, MHD_HTTP_UNAUTHORIZED, target);
	}
	address(back, sizeof back, "/report", &q);
	if (!h->o.report)
		return send_message(c, MHD_HTTP_SERVICE_UNAVAILABLE, "Chưa có báo cáo",
		                    "Bản goiso này chưa có mô-đun báo cáo.");
	if (kind == REPORTDOC_CSV && !q.table[0]) snprintf(q.table, sizeof q.table, "%s", reportq_tables[0].id);
	if (kind == REPORTDOC_CSV && reportq_table_index(q.table) < 0) {
		snprintf(err, sizeof err, "Không có bảng \"%.*s\" trong báo cáo.", utf8_prefix(q.table, 20), q.table);
		pages_message_back(page, sizeof page, "Không lập được báo cáo", err, back, "← Quay lại chọn kỳ báo cáo");
		return send_page(c, MHD_HTTP_BAD_REQUEST, page);
	}
	if (h->job) return send_busy(c, back);
	if (job_start(h, c, &q, kind))
		return send_message(c, MHD_HTTP_SERVICE_UNAVAILABLE, "Máy chủ đang bận", "Xin thử lại sau ít phút.");
	*req_cls = h->job;
	return MHD_YES;
}

/* "password=..." of an application/x-www-form-urlencoded body. */
static void form_value(const char *body, const char *key, char *out, size_t n)
{
	size_t kl = strlen(key);
	out[0] = 0;
	for (const char *p = body; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
		if (strncmp(p, key, kl) || p[kl] != '=') continue;
		size_t len = strcspn(p + kl + 1, "&");
		snprintf(out, n, "%.*s", (int)(len < n ? len : n - 1), p + kl + 1);
		for (char *q = out; *q; q++) if (*q == '+') *q = ' ';
		MHD_http_unescape(out);
		return;
	}
}

static enum MHD_Result route_login(struct http *h, struct MHD_Connection *c, struct body *b)
{
	char pw[HTTP_BODY_MAX + 1], next[HTTP_BODY_MAX + 1], addr[64], sid[LOGIN_SID_HEX + 1], page[4096], msg[200],
	     cookie[200];
	if (b->too_big) return send_message(c, MHD_HTTP_CONTENT_TOO_LARGE, "Quá dài", "Nội dung gửi lên quá dài.");
	b->data[b->len] = 0;
	form_value(b->data, "password", pw, sizeof pw);
	form_value(b->data, "next", next, sizeof next);
	if (!reportq_target_ok(next)) snprintf(next, sizeof next, "/report");   /* never another site */
	client_addr(c, addr, sizeof addr);
	enum login_result r = login_try(h->o.login, addr, pw, h->now_ms, sid);
	memset(pw, 0, sizeof pw);
	if (r == LOGIN_OK) {
		snprintf(cookie, sizeof cookie, "goiso_s=%s; Path=/report; HttpOnly; SameSite=Strict; Max-Age=%lld",
		         sid, LOGIN_MAX_MS / 1000);
		return redirect(c, next, cookie);
	}
	unsigned status = r == LOGIN_WRONG ? MHD_HTTP_UNAUTHORIZED : r == LOGIN_NO_PASSWORD
	                  ? MHD_HTTP_SERVICE_UNAVAILABLE : MHD_HTTP_TOO_MANY_REQUESTS;
	if (r == LOGIN_WRONG) snprintf(msg, sizeof msg, "Sai mật khẩu.");
	else if (r == LOGIN_LOCKED)
		snprintf(msg, sizeof msg, "Sai mật khẩu quá nhiều lần. Xin chờ %d giây rồi thử lại.",
		         login_wait_s(h->o.login, addr, h->now_ms));
	else if (r == LOGIN_BUSY) snprintf(msg, sizeof msg, "Máy chủ đang bận, xin thử lại sau một giây.");
	else snprintf(msg, sizeof msg, "Chưa đặt mật khẩu: trên máy hiển thị, chạy 'goiso-web password'.");
	pages_login(page, sizeof page, msg, next);
	return send_page(c, status, page);
}

static enum MHD_Result route_get(struct http *h, struct MHD_Connection *c, const char *url, void **req_cls)
{
	if (!strcmp(url, "/")) return send_asset(c, "board.html", false);
	if (!strcmp(url, "/events")) return send_stream(c, h->o.board);
	if (!strncmp(url, "/t/", 3)) return route_ticket(h, c, url + 3);
	if (!strncmp(url, "/sound/", 7)) return route_sound(h, c, url + 7);
	if (!strcmp(url, "/report")) return route_report(h, c);
	if (!strcmp(url, "/report/view")) return route_report_doc(h, c, REPORTDOC_HTML, req_cls);
	if (!strcmp(url, "/report/xlsx")) return route_report_doc(h, c, REPORTDOC_XLSX, req_cls);
	if (!strcmp(url, "/report/csv")) return route_report_doc(h, c, REPORTDOC_CSV, req_cls);
	if (url[0] == '/' && !strchr(url + 1, '/') && strcmp(url + 1, "board.html") &&
	    strcmp(url + 1, "ticket.html") && asset_find(url + 1))
		return send_asset(c, url + 1, true);
	return send_message(c, MHD_HTTP_NOT_FOUND, "Không tìm thấy trang", "Địa chỉ này không có trên máy chủ.");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **req_cls)
{
	struct http *h = cls;
	(void)version;
	if (h->job && *req_cls == h->job) return job_answer(h, c, h->job);   /* resumed: the report is made */
	if (!*req_cls) {   /* headers complete: the first call of a request */
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
		if (ci && ci->socket_context) ((struct conn *)ci->socket_context)->in_request = true;
		if (!strcmp(method, "POST")) {
			const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
			struct body *b = calloc(1, sizeof *b);
			if (!b) return MHD_NO;
			*req_cls = b;
			if (cl && strtoull(cl, NULL, 10) > HTTP_BODY_MAX)   /* refused before it is sent */
				return send_message(c, MHD_HTTP_CONTENT_TOO_LARGE, "Quá dài", "Nội dung gửi lên quá dài.");
		} else {
			*req_cls = (void *)1;
		}
		if (strlen(url) > HTTP_PATH_MAX)
			return send_message(c, MHD_HTTP_URI_TOO_LONG, "Địa chỉ quá dài", "Địa chỉ này quá dài.");
		return MHD_YES;   /* the answer comes with the next call (after any body) */
	}
	if (!strcmp(method, "POST")) {
		struct body *b = *req_cls;
		if (*upload_size) {
			if (b->len + *upload_size > HTTP_BODY_MAX) b->too_big = true;
			else { memcpy(b->data + b->len, upload, *upload_size); b->len += *upload_size; }
			*upload_size = 0;
			return MHD_YES;
		}
		if (!strcmp(url, "/report/login")) return route_login(h, c, b);
		if (!strcmp(url, "/report/logout")) {
			login_end(h->o.login, MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "goiso_s"));
			return redirect(c, "/report", "goiso_s=; Path=/report; HttpOnly; SameSite=Strict; Max-Age=0");
		}
		return send_message(c, MHD_HTTP_METHOD_NOT_ALLOWED, "Không được phép", "Yêu cầu này không được nhận.");
	}
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return send_message(c, MHD_HTTP_METHOD_NOT_ALLOWED, "Không được phép", "Yêu cầu này không được nhận.");
	return route_get(h, c, url, req_cls);
}

/* ---- the server ---- */

struct http *http_new(const struct http_opts *o, char *err, size_t errlen)
{
	struct http *h = calloc(1, sizeof *h);
	if (!h) { snprintf(err, errlen, "out of memory"); return NULL; }
	h->o = *o;
	if ((h->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0) {
		snprintf(err, errlen, "eventfd: %s", strerror(errno));
		free(h);
		return NULL;
	}
	unsigned max = (unsigned)(o->max_clients > 0 ? o->max_clients : HTTP_MAX_CLIENTS);
	unsigned per_ip = (unsigned)(o->per_ip > 0 ? o->per_ip : HTTP_PER_IP);
	h->d = MHD_start_daemon(MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG, 0,
	                        NULL, NULL, on_request, h,
	                        MHD_OPTION_LISTEN_SOCKET, o->listen_fd,
	                        MHD_OPTION_CONNECTION_LIMIT, max,
	                        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
	                        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_POOL,
	                        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_IDLE_S,
	                        MHD_OPTION_NOTIFY_CONNECTION, on_connection, h,
	                        MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
	                        MHD_OPTION_EXTERNAL_LOGGER, logger, h,
	                        MHD_OPTION_END);
	if (!h->d) {
		snprintf(err, errlen, "libmicrohttpd did not start");
		close(h->wake_fd);
		free(h);
		return NULL;
	}
	return h;
}

void http_free(struct http *h)
{
	if (!h) return;
	if (h->job && !h->resumed) {   /* MHD must not stop with the connection suspended */
		while (!reportjob_done(h->job)) usleep(10000);
		h->resumed = true;
		MHD_resume_connection(h->job->owner);
	}
	MHD_stop_daemon(h->d);   /* the job's request completes: freed there */
	reportjob_free(h->job);
	h->job = NULL;
	close(h->wake_fd);
	free(h);
}

int http_fd(const struct http *h)
{
	const union MHD_DaemonInfo *i = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_EPOLL_FD);
	return i ? i->epoll_fd : -1;
}

int http_wake_fd(const struct http *h) { return h->wake_fd; }

int http_connections(const struct http *h) { return h->nconns; }

/* Connections still sending their request headers past the deadline. */
static void cut_slow(struct http *h)
{
	for (struct conn *k = h->conns; k; k = k->next)
		if (!k->in_request && k->fd >= 0 && h->now_ms - k->start_ms > HTTP_HEADER_MS) {
			shutdown(k->fd, SHUT_RDWR);
			k->start_ms = h->now_ms;   /* once; MHD closes it on its next turn */
		}
}

int http_run(struct http *h, int64_t now_ms, int64_t wall_ms)
{
	MHD_UNSIGNED_LONG_LONG t = 0;
	h->now_ms = now_ms;
	h->wall_ms = wall_ms;
	job_collect(h);
	sse_hub_tick(h->o.hub, now_ms);
	MHD_run(h->d);
	if (now_ms >= h->next_sweep_ms) {
		cut_slow(h);
		tickets_sweep(h->o.tickets, now_ms);
		h->next_sweep_ms = now_ms + 1000;
	}
	int wait = 1000;
	if (MHD_get_timeout(h->d, &t) == MHD_YES && t < (MHD_UNSIGNED_LONG_LONG)wait) wait = (int)t;
	return wait;
}
