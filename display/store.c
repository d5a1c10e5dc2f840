/*
 * store: SQLite event log (see store.h).
 */
#include "store.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "checkpointer.h"
#include "engine.h"
#include "version.h"
#include "walcheck.h"

#define SCHEMA_VERSION 2
/* After a failed write, the disk is looked at every STORE_PROBE_MS; with
 * this much room again, one probe write decides. */
#define STORE_PROBE_MS 1000
#define STORE_RESUME_BYTES (8LL << 20)

struct store {
	sqlite3 *db;
	sqlite3_stmt *ins, *sel;
	int in_tx;
	bool failing;          /* a write failed (a full disk): changes refused */
	bool newer;            /* the log is of a newer schema than this goiso's */
	int64_t next_probe_ms;
	char path[4096];
	char err[512];
	struct checkpointer *ck;
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE IF NOT EXISTS events("
	" seq INTEGER PRIMARY KEY, day INTEGER NOT NULL, at_ms INTEGER NOT NULL,"
	" verb TEXT NOT NULL, counter INTEGER, ticket INTEGER, finished INTEGER,"
	" service TEXT, number INTEGER, priority TEXT, score INTEGER, text TEXT,"
	" label TEXT, officer TEXT, principal TEXT, req TEXT, reply TEXT);"
	"CREATE INDEX IF NOT EXISTS events_day ON events(day, seq);";

static int exec(struct store *s, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(s->err, sizeof s->err, "%s", msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* What each schema version adds to the one before, run in order inside the
 * opening transaction: a log written by an older goiso is brought up to
 * date in place, every row kept (tests/it_schema.sh opens one written by
 * schema 1). A new version is one more line here and SCHEMA_VERSION + 1. */
static const char *const migrations[SCHEMA_VERSION + 1] = {
	/* 2: the file says it is goiso's (`PRAGMA application_id`, 'gois'),
	 *    and when the center's record began */
	[2] = "PRAGMA application_id = 1735354739;"
	      "INSERT OR IGNORE INTO meta VALUES('created', (SELECT COALESCE(MIN(at_ms),"
	      " CAST(strftime('%s','now') AS INTEGER) * 1000) FROM events));",
};

static int log_version(struct store *s, int *version)
{
	sqlite3_stmt *st;
	*version = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key='schema'", -1, &st, NULL)) {
		snprintf(s->err, sizeof s->err, "not a goiso event log (%s)", sqlite3_errmsg(s->db));
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW) *version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* The schema version of a log that already holds something: a file that
 * is not a goiso log (no meta row) is refused, never written into; a log
 * of a newer goiso is refused (s->newer) rather than misread; an older one
 * is migrated when `migrate` (inside the opening transaction). */
static int check_schema(struct store *s, bool fresh, bool migrate)
{
	int version;
	if (log_version(s, &version)) return -1;
	if (version == 0 && fresh) {
		if (exec(s, "INSERT INTO meta VALUES('schema','1')")) return -1;
		version = 1;
	}
	if (version > SCHEMA_VERSION) {
		s->newer = true;
		snprintf(s->err, sizeof s->err,
		         "the event log was written by a newer goiso (log schema %d; this goiso " GOISO_VERSION
		         " knows schema %d): run that newer goiso again, or restore a backup taken before it",
		         version, SCHEMA_VERSION);
		return -1;
	}
	if (version < 1) {
		snprintf(s->err, sizeof s->err, "not a goiso event log (no schema version)");
		return -1;
	}
	if (!migrate || version == SCHEMA_VERSION) return 0;
	for (int v = version + 1; v <= SCHEMA_VERSION; v++)
		if (exec(s, migrations[v])) return -1;
	char sql[80];
	snprintf(sql, sizeof sql, "UPDATE meta SET value='%d' WHERE key='schema'", SCHEMA_VERSION);
	if (exec(s, sql)) return -1;
	if (!fresh)
		fprintf(stderr, "store: event log migrated from schema %d to %d, every row kept\n", version,
		        SCHEMA_VERSION);
	return 0;
}

static long long pragma_int(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int store_durability(struct store *s, char *buf, size_t n)
{
	static const char *const sync_names[] = { "off", "normal", "full", "extra" };
	sqlite3_stmt *st;
	char mode[16] = "";
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(mode, sizeof mode, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	long long sync = pragma_int(s, "PRAGMA synchronous");
	if (!mode[0] || sync < 0 || sync > 3) return -1;
	snprintf(buf, n, "journal_mode=%s synchronous=%s", mode, sync_names[sync]);
	return 0;
}

static int quick_check(struct store *s);

/* A log cut short (a copy that stopped, a damaged disk) still opens, and
 * SQLite reads the missing pages as zeros: after the WAL is folded in,
 * the file must be as long as its header says, and its pages sound. */
static int check_whole(struct store *s, const char *path)
{
	struct stat st;
	if (exec(s, "PRAGMA wal_checkpoint(TRUNCATE)")) {
		int rc = sqlite3_extended_errcode(s->db) & 0xff;
		if (rc != SQLITE_FULL && rc != SQLITE_IOERR) return -1;
		/* no room to fold the WAL in: start read-only, the length is
		 * checked at the next start */
		fprintf(stderr, "goiso-display: log: %s: starting with changes refused\n", s->err);
		s->failing = true;
		return quick_check(s);
	}
	long long pages = pragma_int(s, "PRAGMA page_count"), size = pragma_int(s, "PRAGMA page_size");
	if (stat(path, &st) != 0 || pages < 0 || size <= 0 || (long long)st.st_size < pages * size) {
		snprintf(s->err, sizeof s->err, "the file is cut short (%lld bytes, its header says %lld)",
		         (long long)st.st_size, pages * size);
		return -1;
	}
	return quick_check(s);
}

static int quick_check(struct store *s)
{
	sqlite3_stmt *q;
	int ok = sqlite3_prepare_v2(s->db, "PRAGMA quick_check", -1, &q, NULL) == SQLITE_OK &&
	         sqlite3_step(q) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(q, 0), "ok");
	if (!ok) snprintf(s->err, sizeof s->err, "the file is damaged (%s)", sqlite3_errmsg(s->db));
	sqlite3_finalize(q);
	return ok ? 0 : -1;
}

/* Before SQLite sees the file: a missing or empty log is created only when
 * the caller says this is the first set-up. */
static int check_present(struct store *s, const char *path, bool create, bool *fresh)
{
	struct stat st;
	bool missing = stat(path, &st) != 0;
	*fresh = missing || st.st_size == 0;
	if (!*fresh || create) return 0;
	snprintf(s->err, sizeof s->err, missing ? "the event log is missing" : "the event log is empty");
	return -1;
}

struct store *store_open(const char *path, bool create, char *err, size_t errlen)
{
	struct store *s = calloc(1, sizeof *s);
	bool fresh;
	if (!s) { snprintf(err, errlen, "out of memory"); return NULL; }
	snprintf(s->path, sizeof s->path, "%s", path);
	if (check_present(s, path, create, &fresh)) goto fail;
	char wal[4200], walwhy[400];
	snprintf(wal, sizeof wal, "%s-wal", path);
	if (!fresh && walcheck_file(wal, walwhy, sizeof walwhy) == -1) {
		snprintf(s->err, sizeof s->err, "%.300s; moving events.db-wal aside starts from what events.db "
		         "holds, without the changes after the damage", walwhy);
		goto fail;
	}
	/* only the loop's thread uses this connection (the checkpointer has
	 * its own): no mutex around each call, which a replay makes by the
	 * hundred thousand */
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | (fresh ? SQLITE_OPEN_CREATE : 0) |
	                    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(s->err, sizeof s->err, "%s", sqlite3_errmsg(s->db));
		goto fail;
	}
	/* a writer held back by a restarting checkpoint retries every 0.1 ms:
	 * SQLite's own busy wait sleeps up to 100 ms a step */
	sqlite3_busy_handler(s->db, checkpointer_writer_wait, NULL);
	/* WAL + FULL: each commit is fsynced before we answer */
	char pragmas[160];
	snprintf(pragmas, sizeof pragmas, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
	         "PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=%ld;", WAL_FILE_MAX);
	if (!fresh && (exec(s, pragmas) || check_schema(s, false, false) || check_whole(s, path))) {
		if (s->newer) goto fail;
		char why[200];
		snprintf(why, sizeof why, "%.199s", s->err);
		snprintf(s->err, sizeof s->err, "the event log is damaged, cut short or not goiso's: %s", why);
		goto fail;
	}
	if (exec(s, pragmas) || exec(s, "BEGIN IMMEDIATE") || exec(s, schema) || check_schema(s, fresh, true) || exec(s, "COMMIT"))
		goto fail;
	if (sqlite3_prepare_v2(s->db,
	        "INSERT INTO events(day,at_ms,verb,counter,ticket,finished,service,number,priority,"
	        "score,text,label,officer,principal,req,reply) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	        -1, &s->ins, NULL) ||
	    sqlite3_prepare_v2(s->db,
	        "SELECT at_ms,verb,counter,ticket,finished,service,number,priority,score,text,"
	        "principal,req,reply FROM events WHERE seq >= (SELECT MIN(seq) FROM events WHERE day=?1)"
	        " AND +day=?1 ORDER BY seq", -1, &s->sel, NULL)) {
		snprintf(s->err, sizeof s->err, "%s", sqlite3_errmsg(s->db));
		goto fail;
	}
	if (!(s->ck = checkpointer_start(path, s->db))) {
		snprintf(s->err, sizeof s->err, "cannot start the checkpoint thread");
		goto fail;
	}
	return s;
fail:
	snprintf(err, errlen, "%s: %s", path, s->err);
	store_close(s);
	return NULL;
}

void store_close(struct store *s)
{
	if (!s) return;
	if (s->in_tx) store_commit(s);
	checkpointer_stop(s->ck);
	sqlite3_finalize(s->ins);
	sqlite3_finalize(s->sel);
	sqlite3_close(s->db);
	free(s);
}

const char *store_error(const struct store *s) { return s->err; }

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *v)
{
	if (v && *v) sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else sqlite3_bind_null(st, i);
}

int store_append(struct store *s, const struct engine *e, const struct engine_event *ev,
                 const char *principal, const char *req, const char *reply)
{
	const struct config *cfg = engine_config(e);
	const struct engine_ticket *t = engine_ticket(e, ev->ticket >= 0 ? ev->ticket : ev->finished);
	const struct engine_counter *c = engine_counter(e, ev->counter);
	if (!s->in_tx) {
		if (exec(s, "BEGIN")) return -1;
		s->in_tx = 1;
	}
	sqlite3_stmt *st = s->ins;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, engine_day(e));
	sqlite3_bind_int64(st, 2, ev->at_ms);
	sqlite3_bind_text(st, 3, engine_verb_name(ev->verb), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, ev->counter);
	sqlite3_bind_int(st, 5, ev->ticket);
	sqlite3_bind_int(st, 6, ev->finished);
	bind_text_or_null(st, 7, ev->service >= 0 ? cfg->services[ev->service].code : NULL);
	sqlite3_bind_int(st, 8, ev->number);
	bind_text_or_null(st, 9, ev->priority > 0 ? cfg->groups[ev->priority - 1].code : NULL);
	sqlite3_bind_int(st, 10, ev->score);
	bind_text_or_null(st, 11, ev->text);
	bind_text_or_null(st, 12, t ? t->label : NULL);
	/* the officer of record: who served the finished (or rated) ticket, who
	 * logged out, else who is at the counter */
	const struct engine_ticket *fin = engine_ticket(e, ev->finished);
	const char *officer = fin ? fin->officer : ev->verb == VERB_LOGOUT ? ev->text :
	                      ev->verb == VERB_RATE && t ? t->officer : c ? c->officer : NULL;
	bind_text_or_null(st, 13, officer);
	bind_text_or_null(st, 14, principal);
	bind_text_or_null(st, 15, req);
	bind_text_or_null(st, 16, reply);
	if (sqlite3_step(st) != SQLITE_DONE) {
		snprintf(s->err, sizeof s->err, "append: %s", sqlite3_errmsg(s->db));
		sqlite3_reset(st);
		s->failing = true;
		return -1;
	}
	return 0;
}

int store_commit(struct store *s)
{
	if (!s->in_tx) return 0;
	s->in_tx = 0;
	if (exec(s, "COMMIT") == 0) return 0;
	s->failing = true;
	store_rollback(s);
	return -1;
}

void store_rollback(struct store *s)
{
	s->in_tx = 0;
	/* SQLite may have rolled back by itself (SQLITE_FULL in a commit) */
	if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

bool store_failing(const struct store *s) { return s->failing; }

/* Free bytes for an unprivileged writer on the log's file system. */
static long long free_bytes(const char *path)
{
	struct statvfs v;
	if (statvfs(path, &v) != 0) return -1;
	return (long long)v.f_bavail * (long long)v.f_frsize;
}

int store_try_resume(struct store *s, int64_t now_ms)
{
	if (!s->failing || now_ms < s->next_probe_ms) return 0;
	s->next_probe_ms = now_ms + STORE_PROBE_MS;
	if (free_bytes(s->path) < STORE_RESUME_BYTES) return 0;
	/* room on the disk is not proof: one real write, committed */
	char sql[120];
	snprintf(sql, sizeof sql, "BEGIN IMMEDIATE; INSERT OR REPLACE INTO meta VALUES('probe', '%lld'); COMMIT",
	         (long long)now_ms);
	if (exec(s, sql)) {
		store_rollback(s);
		return 0;
	}
	s->failing = false;
	return 1;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	return v ? (const char *)v : "";
}

int store_replay(struct store *s, int64_t day, const struct config *cfg,
                 store_replay_fn fn, void *ud)
{
	sqlite3_stmt *st = s->sel;
	int n = 0, rc;
	sqlite3_reset(st);
	/* a day's rows follow each other (the day only moves forward): read
	 * them as one run of the table from the day's first row, not row by
	 * row through the index */
	sqlite3_bind_int64(st, 1, day);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct engine_event ev;
		memset(&ev, 0, sizeof ev);
		ev.at_ms = sqlite3_column_int64(st, 0);
		int verb = engine_verb_from_name(col_text(st, 1));
		ev.counter = sqlite3_column_int(st, 2);
		ev.ticket = sqlite3_column_int(st, 3);
		ev.finished = sqlite3_column_int(st, 4);
		const char *svc = col_text(st, 5), *prio = col_text(st, 7);
		ev.service = *svc ? config_service_index(cfg, svc) : -1;
		ev.number = sqlite3_column_int(st, 6);
		ev.priority = *prio ? config_group_index(cfg, prio) + 1 : 0;
		ev.score = sqlite3_column_int(st, 8);
		snprintf(ev.text, sizeof ev.text, "%s", col_text(st, 9));
		if (verb < 0 || (*svc && ev.service < 0) || (*prio && ev.priority == 0)) {
			fprintf(stderr, "goiso-display: log: skipping an event this config cannot replay (%s %s)\n",
			        col_text(st, 1), svc);
			continue;
		}
		ev.verb = (enum engine_verb)verb;
		fn(ud, &ev, col_text(st, 10), col_text(st, 11), col_text(st, 12));
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		snprintf(s->err, sizeof s->err, "replay: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	return n;
}

int64_t store_last_day(struct store *s)
{
	long long v = pragma_int(s, "SELECT COALESCE(MAX(day), 0) FROM events");
	return v < 0 ? 0 : v;
}

int store_get_meta(struct store *s, const char *key, char *out, size_t len)
{
	sqlite3_stmt *st;
	int rc = -1;
	out[0] = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key=?", -1, &st, NULL) != SQLITE_OK) return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) snprintf(out, len, "%s", col_text(st, 0));
	if (r == SQLITE_ROW || r == SQLITE_DONE) rc = 0;
	sqlite3_finalize(st);
	return rc;
}

int store_set_meta(struct store *s, const char *key, const char *value)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", -1, &st, NULL)
	    != SQLITE_OK) {
		snprintf(s->err, sizeof s->err, "meta: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	if (rc) snprintf(s->err, sizeof s->err, "meta: %s", sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	return rc;
}
