/*
 * The event log alone: what is appended and committed comes back from a
 * reopened log in order, with its request and reply; nothing is visible
 * to a reader before the commit; and the durability SQLite reports is the
 * one the guides promise (WAL, synchronous=FULL).
 */
#include "test.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <time.h>

#include "config.h"
#include "engine.h"
#include "store.h"

/* 2026-11-28 09:00 in Vietnam (UTC+7) */
#define T0 1795831200000LL

struct fx {
	struct config *cfg;
	struct engine *e;
	struct store *st;
	char path[400];
};

static int fx_open(struct fx *f)
{
	char err[300];
	memset(f, 0, sizeof *f);
	snprintf(f->path, sizeof f->path, "%s/events.db", test_tmpdir());
	f->cfg = config_parse(config_default_text, "default", err, sizeof err);
	if (!f->cfg) { test_fail(__FILE__, __LINE__, "config: %s", err); return -1; }
	f->e = engine_new(f->cfg, engine_day_of(f->cfg, T0));
	f->st = store_open(f->path, true, err, sizeof err);
	if (!f->st) { test_fail(__FILE__, __LINE__, "store: %s", err); return -1; }
	return 0;
}

static void fx_close(struct fx *f)
{
	store_close(f->st);
	engine_free(f->e);
	config_free(f->cfg);
}

/* Decides, applies and appends one command. */
static int act(struct fx *f, enum engine_verb v, int counter, const char *text, int n)
{
	struct engine_cmd c = { .verb = v, .counter = counter, .service = 0, .ticket = -1 };
	struct engine_event ev;
	char req[16], reply[64];
	if (text) snprintf(c.text, sizeof c.text, "%s", text);
	if (engine_decide(f->e, &c, T0 + n * 1000, &ev) || engine_apply(f->e, &ev)) return -1;
	snprintf(req, sizeof req, "r%d", n);
	snprintf(reply, sizeof reply, "r%d OK n=%d\n", n, n);
	return store_append(f->st, f->e, &ev, "site/admin/0", req, reply);
}

/* Rows a separate reader sees, as a report or a backup would. */
static int rows_seen(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	int n = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM events", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}

struct seen { struct engine *e; int n; char req[8][16], reply[8][64]; enum engine_verb verb[8]; };

static void collect(void *ud, const struct engine_event *ev, const char *principal,
                    const char *req, const char *reply)
{
	struct seen *s = ud;
	if (s->n < 8) {
		s->verb[s->n] = ev->verb;
		snprintf(s->req[s->n], sizeof s->req[0], "%s", req);
		snprintf(s->reply[s->n], sizeof s->reply[0], "%s", reply);
	}
	CHECK_STR_EQ(principal, "site/admin/0");
	CHECK_INT_EQ(engine_apply(s->e, ev), 0);
	s->n++;
}

TEST(store_gives_back_what_was_committed_in_order)
{
	struct fx f;
	char err[300];
	REQUIRE(fx_open(&f) == 0);
	CHECK_INT_EQ(act(&f, VERB_ISSUE, 0, NULL, 1), 0);
	CHECK_INT_EQ(act(&f, VERB_LOGIN, 1, "Lan", 2), 0);
	CHECK_INT_EQ(act(&f, VERB_NEXT, 1, NULL, 3), 0);
	/* not committed yet: a reader sees nothing */
	CHECK_INT_EQ(rows_seen(f.path), 0);
	CHECK_INT_EQ(store_commit(f.st), 0);
	CHECK_INT_EQ(rows_seen(f.path), 3);
	uint64_t live = engine_digest(f.e);
	store_close(f.st);
	f.st = store_open(f.path, false, err, sizeof err);
	REQUIRE(f.st != NULL);
	struct seen s = { .e = engine_new(f.cfg, engine_day_of(f.cfg, T0)) };
	CHECK_INT_EQ(store_replay(f.st, engine_day(f.e), f.cfg, collect, &s), 3);
	CHECK_INT_EQ(s.n, 3);
	const enum engine_verb want[] = { VERB_ISSUE, VERB_LOGIN, VERB_NEXT };
	for (int i = 0; i < 3 && i < s.n; i++) {
		char req[16], reply[64];
		snprintf(req, sizeof req, "r%d", i + 1);
		snprintf(reply, sizeof reply, "r%d OK n=%d\n", i + 1, i + 1);
		CHECK_INT_EQ(s.verb[i], want[i]);
		CHECK_STR_EQ(s.req[i], req);
		CHECK_STR_EQ(s.reply[i], reply);
	}
	CHECK(engine_digest(s.e) == live);
	/* another day's replay is empty */
	struct seen none = { .e = engine_new(f.cfg, engine_day(f.e) + 1) };
	CHECK_INT_EQ(store_replay(f.st, engine_day(f.e) + 1, f.cfg, collect, &none), 0);
	engine_free(none.e);
	engine_free(s.e);
	fx_close(&f);
}

TEST(store_missing_log_is_not_made_unless_asked)
{
	char path[400], err[300];
	snprintf(path, sizeof path, "%s/none.db", test_tmpdir());
	CHECK(store_open(path, false, err, sizeof err) == NULL);
	CHECK(err[0] != 0);
	FILE *f = fopen(path, "r");
	CHECK(f == NULL);   /* nothing left behind */
	if (f) fclose(f);
}

/* How many times a file's text holds s. */
static int mentions(const char *path, const char *s)
{
	char line[4096];
	int n = 0;
	FILE *f = fopen(path, "r");
	if (!f) return -1;
	while (fgets(line, sizeof line, f)) n += strstr(line, s) != NULL;
	fclose(f);
	return n;
}

TEST(store_durability_is_what_the_guides_promise)
{
	struct fx f;
	char got[120];
	REQUIRE(fx_open(&f) == 0);
	REQUIRE(store_durability(f.st, got, sizeof got) == 0);
	CHECK_STR_EQ(got, "journal_mode=wal synchronous=full");
	/* still so after a reopen (the settings are per connection) */
	char err[300];
	store_close(f.st);
	f.st = store_open(f.path, false, err, sizeof err);
	REQUIRE(f.st != NULL);
	REQUIRE(store_durability(f.st, got, sizeof got) == 0);
	CHECK_STR_EQ(got, "journal_mode=wal synchronous=full");
	/* the promise, where the IT staff read it */
	CHECK(mentions("display/GUIDE-it.md", "synchronous=FULL") >= 1);
	CHECK(mentions("display/GUIDE-it.md", "WAL") >= 1);
	CHECK(mentions("display/store.h", "WAL, synchronous=FULL") >= 1);
	fx_close(&f);
}
