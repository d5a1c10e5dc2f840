/*
 * sse: shared messages, suspended streams (see sse.h).
 */
#include "sse.h"

#include <microhttpd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct snap {
	int refs;
	size_t len;
	char data[];
};

struct stream {
	struct sse_hub *hub;
	struct sse_chan *chan;      /* NULL once the channel is gone */
	struct MHD_Connection *conn;
	struct snap *snap;          /* being sent */
	size_t off;
	uint64_t seq;               /* of the channel's message last taken */
	bool hello, ping, suspended, dead;
	int64_t progress_ms;        /* last byte taken, or when it became due */
	struct stream *next, *prev; /* in the hub */
};

struct sse_chan {
	struct sse_hub *hub;
	struct snap *cur;
	uint64_t seq;
	int nstreams;
};

struct sse_hub {
	struct stream *streams;
	int nstreams;
	int64_t now_ms, next_ping_ms;
};

static const char hello[] = "retry: 2000\n\n";
static const char ping[] = ": \n\n";

static void snap_release(struct snap *s)
{
	if (s && --s->refs == 0) free(s);
}

static void wake(struct stream *s)
{
	if (!s->suspended) return;
	s->suspended = false;
	s->progress_ms = s->hub->now_ms;
	MHD_resume_connection(s->conn);
}

/* ---- the hub ---- */

struct sse_hub *sse_hub_new(void)
{
	return calloc(1, sizeof(struct sse_hub));
}

static void kill_stream(struct stream *s)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(s->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	s->dead = true;
	wake(s);
	/* the reader ends the response; a socket that takes nothing is cut */
	if (ci) shutdown(ci->connect_fd, SHUT_RDWR);
}

void sse_hub_free(struct sse_hub *h)
{
	if (!h) return;
	for (struct stream *s = h->streams; s; s = s->next) {
		s->hub = NULL;
		s->chan = NULL;
		s->dead = true;
		if (s->suspended) { s->suspended = false; MHD_resume_connection(s->conn); }
	}
	free(h);
}

void sse_hub_tick(struct sse_hub *h, int64_t now_ms)
{
	bool ping_now = now_ms >= h->next_ping_ms;
	h->now_ms = now_ms;
	if (ping_now) h->next_ping_ms = now_ms + SSE_KEEPALIVE_MS;
	for (struct stream *s = h->streams; s; s = s->next) {
		if (s->dead) continue;
		if (!s->suspended && now_ms - s->progress_ms > SSE_STALL_MS) {
			kill_stream(s);
		} else if (ping_now) {
			s->ping = true;
			wake(s);
		}
	}
}

int sse_hub_streams(const struct sse_hub *h) { return h->nstreams; }

/* ---- channels ---- */

struct sse_chan *sse_chan_new(struct sse_hub *h)
{
	struct sse_chan *c = calloc(1, sizeof *c);
	if (c) c->hub = h;
	return c;
}

void sse_chan_free(struct sse_chan *c)
{
	if (!c) return;
	for (struct stream *s = c->hub->streams; s; s = s->next)
		if (s->chan == c) {
			s->chan = NULL;
			kill_stream(s);
		}
	snap_release(c->cur);
	free(c);
}

int sse_publish(struct sse_chan *c, const char *event, const char *data, size_t len)
{
	size_t cap = len + strlen(event) + 32;
	struct snap *s = malloc(sizeof *s + cap);
	if (!s) return -1;
	int head = snprintf(s->data, cap, "event: %s\ndata: ", event);
	memcpy(s->data + head, data, len);
	memcpy(s->data + head + len, "\n\n", 2);
	s->len = (size_t)head + len + 2;
	s->refs = 1;
	snap_release(c->cur);
	c->cur = s;
	c->seq++;
	for (struct stream *st = c->hub->streams; st; st = st->next)
		if (st->chan == c) wake(st);
	return 0;
}

int sse_chan_streams(const struct sse_chan *c) { return c->nstreams; }

/* ---- streams ---- */

static size_t put(struct stream *s, char *buf, size_t max, const char *p, size_t len)
{
	size_t n = len - s->off < max ? len - s->off : max;
	memcpy(buf, p + s->off, n);
	s->off += n;
	s->progress_ms = s->hub ? s->hub->now_ms : 0;
	return n;
}

static ssize_t reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *s = cls;
	(void)pos;
	if (s->dead || !s->hub) return MHD_CONTENT_READER_END_WITH_ERROR;
	if (s->hello) {
		size_t n = put(s, buf, max, hello, sizeof hello - 1);
		if (s->off == sizeof hello - 1) { s->hello = false; s->off = 0; }
		return (ssize_t)n;
	}
	if (s->snap && s->off < s->snap->len) return (ssize_t)put(s, buf, max, s->snap->data, s->snap->len);
	if (s->chan && s->chan->cur && s->chan->seq != s->seq) {
		snap_release(s->snap);
		s->snap = s->chan->cur;
		s->snap->refs++;
		s->seq = s->chan->seq;
		s->off = 0;
		s->ping = false;
		return (ssize_t)put(s, buf, max, s->snap->data, s->snap->len);
	}
	if (!s->chan) return MHD_CONTENT_READER_END_OF_STREAM;
	if (s->ping && max >= sizeof ping - 1) {
		s->ping = false;
		memcpy(buf, ping, sizeof ping - 1);
		s->progress_ms = s->hub->now_ms;
		return (ssize_t)(sizeof ping - 1);
	}
	s->suspended = true;
	MHD_suspend_connection(s->conn);
	return 0;
}

static void stream_free(void *cls)
{
	struct stream *s = cls;
	if (s->hub) {
		if (s->prev) s->prev->next = s->next;
		else s->hub->streams = s->next;
		if (s->next) s->next->prev = s->prev;
		s->hub->nstreams--;
	}
	if (s->chan) s->chan->nstreams--;
	snap_release(s->snap);
	free(s);
}

struct MHD_Response *sse_open(struct sse_chan *c, struct MHD_Connection *conn)
{
	struct stream *s = calloc(1, sizeof *s);
	if (!s) return NULL;
	struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, reader, s, stream_free);
	if (!r) { free(s); return NULL; }
	s->hub = c->hub;
	s->chan = c;
	s->conn = conn;
	s->hello = true;
	s->progress_ms = c->hub->now_ms;
	s->next = c->hub->streams;
	if (s->next) s->next->prev = s;
	c->hub->streams = s;
	c->hub->nstreams++;
	c->nstreams++;
	MHD_add_response_header(r, "Content-Type", "text/event-stream; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Accel-Buffering", "no");
	return r;
}
