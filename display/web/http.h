/*
 * http: the gateway's HTTP server (libmicrohttpd in "external" epoll
 * mode, on the gateway's one loop) and its routes:
 *
 *   GET  /                     the live board (board.html; ?counters=7-12&services=A,B)
 *   GET  /events               the board's event stream
 *   GET  /t/<token>            a citizen's ticket page
 *   GET  /t/<token>/events     that ticket's event stream
 *   GET  /sound/<label>-<counter>.wav   a recent call's announcement
 *   GET  /report               the report's form, or its login form
 *   GET  /report/view?period=day|week|month|quarter|year[&date=YYYY-MM-DD]
 *                     or ?period=range&from=YYYY-MM-DD&to=YYYY-MM-DD,
 *                     [&service=A][&counter=3][&officer=NAME]
 *                              the director's report (a session needed)
 *   GET  /report/xlsx?…, /report/csv?…&table=ID
 *                              the same report as a download
 *   POST /report/login (password, next), /report/logout
 *   GET  /<asset>              board.js, ticket.js, style.css
 *
 * Every response carries a strict Content-Security-Policy (nothing but
 * this server's own scripts and styles; the report page runs no script)
 * and no-referrer, so a ticket's token never leaves in a Referer.
 *
 * Limits (see GUIDE-it.md): HTTP_MAX_CLIENTS connections in all and
 * HTTP_PER_IP from one address (both settable); request headers within
 * HTTP_POOL bytes (else 431); a request's headers complete within
 * HTTP_HEADER_MS of its start (else the connection is cut: slowloris);
 * idle keep-alive connections closed after HTTP_IDLE_S; a login body of
 * at most HTTP_BODY_MAX bytes; paths of at most HTTP_PATH_MAX bytes.
 */
#ifndef GOISO_HTTP_H
#define GOISO_HTTP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define HTTP_MAX_CLIENTS 4000
#define HTTP_PER_IP 1000
#define HTTP_POOL (8 * 1024)
#define HTTP_HEADER_MS 10000
#define HTTP_IDLE_S 30
#define HTTP_BODY_MAX 2048
#define HTTP_PATH_MAX 256

struct sse_hub;
struct sse_chan;
struct tickets;
struct wall;
struct announce;
struct login;
struct http;

struct reportq;
struct config;

/* Writes the report q asks for as kind (enum reportdoc_kind: the HTML
 * page, the XLSX workbook, one CSV table), wall_ms being the time of the
 * request, into a new buffer *data of *len bytes, the caller's to free,
 * and the name of its file (ASCII) into name. 0; -1 for a mistake in q,
 * or -2 when the report could not be made (the detail logged), each with
 * a message for the reader (Vietnamese) in err.
 * It runs on a thread of its own, beside the loop: it must read nothing
 * the loop changes (ud: what stays as it is while the gateway runs). One
 * report at a time: a second one asked for meanwhile gets 503 and
 * Retry-After. */
typedef int (*http_report_fn)(void *ud, const struct reportq *q, int kind, int64_t wall_ms, char **data,
                              size_t *len, char *name, size_t namelen, char *err, size_t errlen);

struct http_opts {
	int listen_fd;                  /* bound and listening (main makes it) */
	int max_clients, per_ip;        /* 0: the defaults above */
	struct sse_hub *hub;
	struct sse_chan *board;
	struct tickets *tickets;
	const struct wall *wall;
	struct announce *announce;      /* NULL: no sound */
	struct login *login;
	const char *center;             /* the center's name, for the report's form */
	const struct config *cfg;       /* its services and counters, for the form */
	http_report_fn report;          /* NULL: the report page says it is missing */
	void *report_ud;
};

/* NULL with a message in err. */
struct http *http_new(const struct http_opts *o, char *err, size_t errlen);
/* Ends the streams, then the server. NULL: no-op. */
void http_free(struct http *h);
/* The fd to poll for reading (MHD's epoll set). */
int http_fd(const struct http *h);
/* The fd to poll for reading too: readable when a report is made. */
int http_wake_fd(const struct http *h);
/* Runs MHD, the limits and the report made; returns the ms after which
 * it wants to run again even if its fds stay quiet. */
int http_run(struct http *h, int64_t now_ms, int64_t wall_ms);
int http_connections(const struct http *h);

#endif
