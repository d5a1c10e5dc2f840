/*
 * logread: the display's event log read as a reader beside the daemon.
 *
 * The log is opened read-only (SQLite URI mode=ro), so a report can run
 * while goiso-display writes: SQLite's WAL gives the reader one snapshot,
 * taken when the read begins, and the writer is never blocked by it. Rows
 * are handed over in the order of their service day, then of the log.
 * Only the columns the reports need are read, by name, so a later schema
 * that adds columns still reads.
 */
#ifndef GOISO_REPORT_LOGREAD_H
#define GOISO_REPORT_LOGREAD_H

#include <stddef.h>
#include <stdint.h>

/* The verbs the reports know; a verb of a later goiso reads as LV_OTHER. */
enum lverb {
	LV_ISSUE, LV_NEXT, LV_DONE, LV_RECALL, LV_SKIP, LV_REQUEUE, LV_TRANSFER,
	LV_PAUSE, LV_RESUME, LV_LOGIN, LV_LOGOUT, LV_RATE, LV_VOID, LV_OTHER
};

/* One row of the log. Strings are "" when NULL and live until the next row.
 * Only the columns its verb carries are read (logread.c lists them); the
 * others read as when NULL: counter and score 0, ticket and finished -1,
 * strings "". A verb of a later goiso has every column read. */
struct lrow {
	int64_t day, at_ms;
	enum lverb verb;
	int counter, ticket, finished, score;
	const char *service;     /* ISSUE, TRANSFER: the service code */
	const char *text;        /* LOGIN/LOGOUT officer, PAUSE/VOID reason */
	const char *officer;     /* the officer of record */
};

typedef int (*logread_fn)(void *ud, const struct lrow *r);

struct logread;

struct logread *logread_open(const char *path, char *err, size_t errlen);
void logread_free(struct logread *lr);
/* Calls fn for each row whose day is in [from, to]. fn returns 0 to go
 * on. Returns the number of rows, or -1 with a message in err. */
long logread_scan(struct logread *lr, int64_t from, int64_t to, logread_fn fn, void *ud,
                  char *err, size_t errlen);
/* As logread_scan, but only the days of one lane out of lanes: the days
 * d with (d - from) % lanes == lane (0 <= lane < lanes), so several
 * connections can read one period side by side, each day whole. */
long logread_scan_lane(struct logread *lr, int64_t from, int64_t to, int lane, int lanes,
                       logread_fn fn, void *ud, char *err, size_t errlen);
/* A second connection to lr's log (for another thread). */
struct logread *logread_reopen(const struct logread *lr, char *err, size_t errlen);
/* The first and last service day in the log; -1 when it is empty. */
int logread_span(struct logread *lr, int64_t *first, int64_t *last);

/* What tells one center's log from another's, a copy of it alike: when
 * the log began (meta 'created') and its first row. "" for an empty log. */
void logread_identity(struct logread *lr, char *out, size_t n);

enum lverb logread_verb(const char *name);
const char *logread_verb_name(enum lverb v);

#endif
