/*
 * gateway: the real goiso-web and a real headless Chromium, for the web
 * gateway's integration tests and benchmarks.
 *
 * gateway_start() gives the display a viewer key (goiso-display pair
 * --viewer) and starts goiso-web on 127.0.0.1 with a port the kernel
 * picks (read from <data>/web.addr); its log goes to <data>/web.log.
 * browser_new() starts tests/web/browser.py, which drives Chromium over
 * the DevTools protocol; browser_cmd() sends it one command line and
 * reads its one-line answer.
 */
#ifndef GOISO_TEST_GATEWAY_H
#define GOISO_TEST_GATEWAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "daemon.h"

struct gateway {
	pid_t pid;
	char addr[80];       /* "127.0.0.1:PORT" */
	char log[600];
};

/* Starts goiso-web for the display d (args NULL-terminated, may be NULL). */
int gateway_start(struct gateway *g, const struct daemon *d, const char *const *args);
int gateway_kill(struct gateway *g, int sig);
bool gateway_alive(struct gateway *g);
/* Resident memory of the gateway, in KiB (VmRSS), or -1. */
long gateway_rss_kib(const struct gateway *g);

/* One HTTP/1.1 request (the raw text after "GET path HTTP/1.1\r\nHost:..\r\n"
 * is extra, may be ""); the status, or -1. The response (headers and
 * body, cut to n) goes to out. */
int http_request(const char *addr, const char *method, const char *path, const char *extra,
                 const char *body, char *out, size_t n);
/* The first message of the event stream at path ("/events"): its data
 * line's text goes to out (cut to n). 0, or -1 when none came within 5 s. */
int sse_first(const char *addr, const char *path, char *out, size_t n);
/* The lines of the gateway's log containing s, once there are count of
 * them or ms have passed. */
int gateway_log_wait(const struct gateway *g, const char *s, int count, int ms);

struct browser;
struct browser *browser_new(void);
void browser_free(struct browser *b);
/* Sends a command (printf format); the answer's text after "ok " goes to
 * out (may be NULL). Returns 0 for "ok", -1 otherwise (message printed). */
int browser_cmd(struct browser *b, char *out, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Where screenshots go: $GOISO_SHOTS if set, else the test's scratch dir. */
const char *shots_dir(void);

#endif
