/*
 * logread: reading the event log read-only (see logread.h).
 *
 * A year is about a million rows, so the scan avoids a table lookup per
 * row through the (day, seq) index: two seeks on the index give each
 * day's first and last seq, and the day is read as one range of the table. A day's rows
 * come in the order they were logged even if days were ever interleaved
 * (a clock set back on an old goiso): rows of another day in the range
 * are passed by.
 */
#include "logread.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct logread {
	sqlite3 *db;
};

static const char *const names[LV_OTHER] = {
	"ISSUE", "NEXT", "DONE", "RECALL", "SKIP", "REQUEUE", "TRANSFER",
	"PAUSE", "RESUME", "LOGIN", "LOGOUT", "RATE", "VOID",
};

enum lverb logread_verb(const char *name)
{
	for (int i = 0; i < LV_OTHER; i++)
		if (name[0] == names[i][0] && !strcmp(name, names[i])) return (enum lverb)i;
	return LV_OTHER;
}

const char *logread_verb_name(enum lverb v)
{
	return (int)v >= 0 && v < LV_OTHER ? names[v] : "?";
}

struct logread *logread_open(const char *path, char *err, size_t errlen)
{
	struct logread *lr = calloc(1, sizeof *lr);
	char *uri = sqlite3_mprintf("file:%s?mode=ro", path);
	sqlite3_stmt *st = NULL;
	if (!lr || !uri) { snprintf(err, errlen, "out of memory"); goto fail; }
	for (char *p = uri + 5; *p && *p != '?'; p++)
		if (*p == '?' || *p == '#') { snprintf(err, errlen, "%s: '?' and '#' are not allowed in a log's path", path); goto fail; }
	if (sqlite3_open_v2(uri, &lr->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, lr->db ? sqlite3_errmsg(lr->db) : "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(lr->db, 5000);
	/* the columns are checked here, so a wrong file says so at once */
	if (sqlite3_prepare_v2(lr->db, "SELECT seq,day,at_ms,verb,counter,ticket,finished,service,"
	                       "score,text,officer FROM events LIMIT 0", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: not a goiso event log (%s)", path, sqlite3_errmsg(lr->db));
		goto fail;
	}
	sqlite3_finalize(st);
	sqlite3_free(uri);
	return lr;
fail:
	sqlite3_free(uri);
	logread_free(lr);
	return NULL;
}

void logread_free(struct logread *lr)
{
	if (!lr) return;
	sqlite3_close(lr->db);
	free(lr);
}

static int span_query(sqlite3 *db, const char *sql, int64_t a, int64_t b, int64_t *x, int64_t *y)
{
	sqlite3_stmt *st;
	int ok = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*x = sqlite3_column_int64(st, 0);
		*y = sqlite3_column_int64(st, 1);
		ok = 0;
	}
	sqlite3_finalize(st);
	return ok;
}

int logread_span(struct logread *lr, int64_t *first, int64_t *last)
{
	return span_query(lr->db, "SELECT MIN(day), MAX(day) FROM events WHERE ?1 <= ?2",
	                  0, 0, first, last);
}

static const char *text_or_empty(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	return v ? (const char *)v : "";
}

/* Hands over the rows of one day, read from the seq range [lo, hi] the
 * index gave for it (rows of other days inside the range are passed by). */
static long scan_day(sqlite3_stmt *st, int64_t day, int64_t lo, int64_t hi,
                     logread_fn fn, void *ud, int *stop)
{
	long n = 0;
	int rc;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lrow r;
		r.day = sqlite3_column_int64(st, 0);
		if (r.day != day) continue;
		r.at_ms = sqlite3_column_int64(st, 1);
		r.verb = logread_verb(text_or_empty(st, 2));
		r.counter = sqlite3_column_int(st, 3);
		r.ticket = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 4);
		r.finished = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 5);
		r.service = text_or_empty(st, 6);
		r.score = sqlite3_column_int(st, 7);
		r.text = text_or_empty(st, 8);
		r.officer = text_or_empty(st, 9);
		n++;
		if (fn(ud, &r)) { *stop = 1; break; }
	}
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

/* The first and last seq of day (its rows exist): two seeks on the
 * (day, seq) index. */
static int day_range(sqlite3_stmt *first, sqlite3_stmt *last, int64_t day, int64_t *lo, int64_t *hi)
{
	sqlite3_reset(first);
	sqlite3_reset(last);
	sqlite3_bind_int64(first, 1, day);
	sqlite3_bind_int64(last, 1, day);
	if (sqlite3_step(first) != SQLITE_ROW || sqlite3_step(last) != SQLITE_ROW) return -1;
	*lo = sqlite3_column_int64(first, 0);
	*hi = sqlite3_column_int64(last, 0);
	return 0;
}

long logread_scan(struct logread *lr, int64_t from, int64_t to, logread_fn fn, void *ud,
                  char *err, size_t errlen)
{
	sqlite3_stmt *next = NULL, *first = NULL, *last = NULL, *rows = NULL;
	long n = 0;
	int stop = 0, rc = SQLITE_DONE;
	/* one snapshot for every statement: rows the daemon adds meanwhile
	 * are not half seen */
	if (sqlite3_exec(lr->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(lr->db, "SELECT day FROM events WHERE day >= ?1 ORDER BY day LIMIT 1", -1, &next, NULL) ||
	    sqlite3_prepare_v2(lr->db, "SELECT seq FROM events WHERE day = ?1 ORDER BY seq LIMIT 1", -1, &first, NULL) ||
	    sqlite3_prepare_v2(lr->db, "SELECT seq FROM events WHERE day = ?1 ORDER BY seq DESC LIMIT 1", -1, &last, NULL) ||
	    sqlite3_prepare_v2(lr->db, "SELECT day,at_ms,verb,counter,ticket,finished,service,score,"
	                       "text,officer FROM events WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq",
	                       -1, &rows, NULL)) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(lr->db));
		n = -1;
		goto done;
	}
	for (int64_t day = from; !stop && day <= to; day++) {
		int64_t lo, hi;
		sqlite3_reset(next);
		sqlite3_bind_int64(next, 1, day);
		if ((rc = sqlite3_step(next)) != SQLITE_ROW) break;      /* no later day */
		day = sqlite3_column_int64(next, 0);
		if (day > to) { rc = SQLITE_DONE; break; }
		if (day_range(first, last, day, &lo, &hi)) { rc = SQLITE_ERROR; break; }
		long k = scan_day(rows, day, lo, hi, fn, ud, &stop);
		if (k < 0) { rc = SQLITE_ERROR; break; }
		n += k;
		rc = SQLITE_DONE;
	}
	if (!stop && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(lr->db));
		n = -1;
	}
done:
	sqlite3_finalize(next);
	sqlite3_finalize(first);
	sqlite3_finalize(last);
	sqlite3_finalize(rows);
	sqlite3_exec(lr->db, "COMMIT", NULL, NULL, NULL);
	return n;
}
