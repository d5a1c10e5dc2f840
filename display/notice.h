/*
 * notice: the daemon's lines on stderr (its log, read by IT staff in the
 * journal), safe from what strangers send and bounded in rate.
 *
 * A value that came from the network goes through notice_esc() before it
 * is printed: control characters, quotes and backslashes become \xNN, so
 * no value can start a line of its own or pass for another message.
 *
 * A message that strangers can cause at will (a refused login, a broken
 * session, a dropped reader) goes through notice_limited() with a limiter
 * of its own: at most NOTICE_BURST lines per NOTICE_WINDOW_MS, then one
 * line saying how many were left out.
 */
#ifndef GOISO_NOTICE_H
#define GOISO_NOTICE_H

#include <stddef.h>
#include <stdint.h>

#define NOTICE_BURST 10
#define NOTICE_WINDOW_MS 10000

/* Copies s into out (n bytes) with \xNN escapes; cut to fit. Returns out. */
const char *notice_esc(const char *s, char *out, size_t n);

struct notice_limit {
	int64_t window_ms;     /* start of the current window */
	int shown, skipped;
};

/* Prints "goiso-display: <fmt>" unless lim's burst is spent for this
 * window; the first line of a later window first tells how many were left
 * out. Returns 1 when printed, 0 when left out. */
int notice_limited(struct notice_limit *lim, int64_t now_ms, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
