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

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct logread {
	sqlite3 *db;
	char *path;
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

/* What SQLite would only call "unable to open database file" (or, for a
 * folder, "disk I/O error"), said so the reader knows what to do. 0 when
 * the file is there and readable. */
static int check_file(const char *path, char *err, size_t errlen)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		size_t n = strlen(path);
		snprintf(err, errlen, "%s is a folder: give %s%sevents.db", path, path,
		         n && path[n - 1] == '/' ? "" : "/");
		return -1;
	}
	if (stat(path, &st) == 0 && access(path, R_OK) == 0) return 0;
	if (errno == ENOENT || errno == ENOTDIR)
		snprintf(err, errlen, "%s: no such file", path);
	else if (errno == EACCES || errno == EPERM)
		snprintf(err, errlen, "%s: permission denied: run as the display's user "
		         "(sudo -u goiso goiso-report ...)", path);
	else
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	return -1;
}

struct logread *logread_open(const char *path, char *err, size_t errlen)
{
	struct logread *lr = calloc(1, sizeof *lr);
	char *uri = sqlite3_mprintf("file:%s?mode=ro", path);
	sqlite3_stmt *st = NULL;
	if (!lr || !uri) { snprintf(err, errlen, "out of memory"); goto fail; }
	if (check_file(path, err, errlen)) goto fail;
	for (char *p = uri + 5; *p && *p != '?'; p++)
		if (*p == '?' || *p == '#') { snprintf(err, errlen, "%s: '?' and '#' are not allowed in a log's path", path); goto fail; }
	if (sqlite3_open_v2(uri, &lr->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, lr->db ? sqlite3_errmsg(lr->db) : "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(lr->db, 5000);
	/* rows are read once, in order: a small page cache does, and each
	 * page of a larger one would be a fresh page of memory to fault in */
	sqlite3_exec(lr->db, "PRAGMA cache_size=-256", NULL, NULL, NULL);
	/* the columns are checked here, so a wrong file says so at once */
	if (sqlite3_prepare_v2(lr->db, "SELECT seq,day,at_ms,verb,counter,ticket,finished,service,"
	                       "score,text,officer FROM events LIMIT 0", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: not a goiso event log (%s)", path, sqlite3_errmsg(lr->db));
		goto fail;
	}
	sqlite3_finalize(st);
	sqlite3_free(uri);
	if (!(lr->path = strdup(path))) { snprintf(err, errlen, "out of memory"); uri = NULL; goto fail; }
	return lr;
fail:
	sqlite3_free(uri);
	logread_free(lr);
	return NULL;
}

struct logread *logread_reopen(const struct logread *lr, char *err, size_t errlen)
{
	return logread_open(lr->path, err, errlen);
}

void logread_free(struct logread *lr)
{
	if (!lr) return;
	sqlite3_close(lr->db);
	free(lr->path);
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

void logread_identity(struct logread *lr, char *out, size_t n)
{
	sqlite3_stmt *st = NULL;
	out[0] = 0;
	/* a log of schema 1 has no 'created': its first row still tells */
	if (sqlite3_prepare_v2(lr->db, "SELECT (SELECT value FROM meta WHERE key = 'created'), at_ms, verb, "
	                       "text FROM events ORDER BY seq LIMIT 1", -1, &st, NULL) != SQLITE_OK &&
	    sqlite3_prepare_v2(lr->db, "SELECT NULL, at_ms, verb, text FROM events ORDER BY seq LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, n, "%s|%lld|%s|%s", text_or_empty(st, 0), (long long)sqlite3_column_int64(st, 1),
		         text_or_empty(st, 2), text_or_empty(st, 3));
	sqlite3_finalize(st);
}

/* The columns of the rows query past day, at_ms and verb. */
enum { C_COUNTER = 3, C_TICKET, C_FINISHED, C_SERVICE, C_SCORE, C_TEXT, C_OFFICER };
#define F(c) (1u << (c))
#define AT_COUNTER (F(C_COUNTER) | F(C_OFFICER))

/* The columns each verb carries; the others are not read (a million rows
 * a year: each column read costs). */
static const unsigned verb_cols[LV_OTHER + 1] = {
	[LV_ISSUE] = F(C_TICKET) | F(C_SERVICE),
	[LV_NEXT] = AT_COUNTER | F(C_TICKET) | F(C_FINISHED),
	[LV_DONE] = AT_COUNTER | F(C_TICKET) | F(C_FINISHED),
	[LV_RECALL] = AT_COUNTER | F(C_TICKET),
	[LV_SKIP] = AT_COUNTER | F(C_TICKET),
	[LV_REQUEUE] = AT_COUNTER | F(C_TICKET),
	[LV_TRANSFER] = AT_COUNTER | F(C_TICKET) | F(C_SERVICE),
	[LV_PAUSE] = AT_COUNTER | F(C_FINISHED) | F(C_TEXT),
	[LV_RESUME] = AT_COUNTER,
	[LV_LOGIN] = AT_COUNTER | F(C_TEXT),
	[LV_LOGOUT] = AT_COUNTER | F(C_FINISHED) | F(C_TEXT),
	[LV_RATE] = AT_COUNTER | F(C_TICKET) | F(C_SCORE),
	[LV_VOID] = F(C_TICKET) | F(C_TEXT),
	[LV_OTHER] = ~0u,
};

static int int_or(sqlite3_stmt *st, int i, unsigned cols, int none)
{
	if (!(cols & F(i)) || sqlite3_column_type(st, i) == SQLITE_NULL) return none;
	return sqlite3_column_int(st, i);
}

static const char *text_of(sqlite3_stmt *st, int i, unsigned cols)
{
	return cols & F(i) ? text_or_empty(st, i) : "";
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
		unsigned cols = verb_cols[r.verb];
		r.counter = int_or(st, C_COUNTER, cols, 0);
		r.ticket = int_or(st, C_TICKET, cols, -1);
		r.finished = int_or(st, C_FINISHED, cols, -1);
		r.service = text_of(st, C_SERVICE, cols);
		r.score = int_or(st, C_SCORE, cols, 0);
		r.text = text_of(st, C_TEXT, cols);
		r.officer = text_of(st, C_OFFICER, cols);
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
	return logread_scan_lane(lr, from, to, 0, 1, fn, ud, err, errlen);
}

long logread_scan_lane(struct logread *lr, int64_t from, int64_t to, int lane, int lanes,
                       logread_fn fn, void *ud, char *err, size_t errlen)
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
		int64_t off = ((day - from) % lanes - lane + lanes) % lanes;
		if (off) { day += lanes - off - 1; rc = SQLITE_DONE; continue; }   /* another lane's */
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
