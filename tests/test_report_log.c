/*
 * The report against logs it did not write by hand: generated days
 * (tests/yeargen, every verb, through the engine and the store) checked
 * against plain SQL on the same log, and a log with damaged rows, which
 * must never crash the report nor be counted.
 */
#include "test.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "report/period.h"
#include "report/report_int.h"
#include "report/rowpipe.h"
#include "yeargen.h"

static long sql_long(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		test_fail(__FILE__, __LINE__, "%s: %s", sql, sqlite3_errmsg(db));
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void sql_samples(sqlite3 *db, const char *sql, struct samples *s)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		test_fail(__FILE__, __LINE__, "%s: %s", sql, sqlite3_errmsg(db));
		return;
	}
	while (sqlite3_step(st) == SQLITE_ROW) samples_add(s, sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	samples_sort(s);
}

static struct report *report_of(const char *log, int64_t from, int64_t to)
{
	char err[256];
	struct report_filter f = { .from = from, .to = to };
	struct report *r = report_new(&f, err, sizeof err);
	if (!r || report_add_log(r, log, NULL, NULL, err, sizeof err) || report_build(r, err, sizeof err)) {
		test_fail(__FILE__, __LINE__, "report: %s", err);
		report_free(r);
		return NULL;
	}
	return r;
}

static const struct group *officer(const struct report *r, const char *name)
{
	const struct tally_center *c = &r->tally->centers[0];
	for (int i = 0; i < c->nofficers; i++)
		if (!strcmp(c->officers[i].name, name)) return &c->officers[i].g;
	return NULL;
}

TEST_TIMEOUT(report_generated_days_match_plain_sql, 180)
{
	char log[600], err[256], q[1024];
	snprintf(log, sizeof log, "%s/gen.db", test_tmpdir());
	int64_t first = period_day_from_ymd(2026, 3, 2);
	struct yeargen_opts o = { .first_day = first, .days = 5, .tickets = 300, .seed = 99 };
	REQUIRE(yeargen_write(log, &o, err, sizeof err) > 5000);
	sqlite3 *db;
	REQUIRE(sqlite3_open_v2(log, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
	struct report *r = report_of(log, first, first + 6);
	REQUIRE(r);
	const struct group *g = &r->tally->total;
	CHECK(sql_long(db, "SELECT COUNT(DISTINCT verb) FROM events") >= 13);   /* every verb */
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events i WHERE verb = 'ISSUE' AND NOT EXISTS (SELECT 1"
	                          " FROM events v WHERE v.verb = 'VOID' AND v.day = i.day AND v.ticket = i.ticket)"), g->issued);
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE verb = 'VOID'"), g->voided);
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE verb = 'NEXT' AND ticket >= 0"), g->called);
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE finished >= 0"), g->served);
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE verb = 'SKIP'"), g->noshow);
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE verb = 'TRANSFER'"), g->transfers);
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE verb = 'RECALL'"), g->recalls);
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE verb = 'REQUEUE'"), g->requeued);
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE verb = 'RATE' AND score > 0"), group_chose(g));
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE verb = 'RATE' AND score >= 4"),
	             g->ratings[4] + g->ratings[5]);
	CHECK_INT_EQ(r->tally->centers[0].skipped, 0);
	/* per officer, by the log's officer of record */
	const struct tally_center *c = &r->tally->centers[0];
	for (int i = 0; i < c->nofficers; i++) {
		char *name = sqlite3_mprintf("%Q", c->officers[i].name);
		snprintf(q, sizeof q, "SELECT COUNT(*) FROM events WHERE finished >= 0 AND officer = %s", name);
		CHECK_INT_EQ(sql_long(db, q), officer(r, c->officers[i].name)->served);
		snprintf(q, sizeof q, "SELECT COUNT(*) FROM events WHERE verb = 'SKIP' AND officer = %s", name);
		CHECK_INT_EQ(sql_long(db, q), officer(r, c->officers[i].name)->noshow);
		snprintf(q, sizeof q, "SELECT COUNT(*) FROM events WHERE verb = 'RATE' AND score = 5 AND officer = %s", name);
		CHECK_INT_EQ(sql_long(db, q), officer(r, c->officers[i].name)->ratings[5]);
		sqlite3_free(name);
	}
	/* every wait and every service time, value for value */
	struct samples w = { 0 }, sv = { 0 };
	sql_samples(db, "SELECT w FROM (SELECT (SELECT c.at_ms FROM events c WHERE c.day = e.day AND c.verb = 'NEXT'"
	                " AND c.ticket = e.ticket AND c.seq > e.seq ORDER BY c.seq LIMIT 1) - e.at_ms AS w"
	                " FROM events e WHERE e.verb IN ('ISSUE', 'TRANSFER')) WHERE w IS NOT NULL", &w);
	sql_samples(db, "SELECT f.at_ms - (SELECT MAX(c.at_ms) FROM events c WHERE c.day = f.day AND c.verb = 'NEXT'"
	                " AND c.ticket = f.finished AND c.seq < f.seq) FROM events f WHERE f.finished >= 0", &sv);
	REQUIRE(w.n == g->wait.n && sv.n == g->service.n);
	int same = 1;
	for (long i = 0; i < w.n; i++) same &= w.v[i] == g->wait.v[i];
	for (long i = 0; i < sv.n; i++) same &= sv.v[i] == g->service.v[i];
	CHECK(same);
	samples_free(&w);
	samples_free(&sv);
	report_free(r);
	sqlite3_close(db);
}

TEST(report_damaged_rows_are_passed_by_not_counted)
{
	char log[600], err[256];
	snprintf(log, sizeof log, "%s/bad.db", test_tmpdir());
	int64_t day = period_day_from_ymd(2026, 3, 2);
	struct yeargen_opts o = { .first_day = day, .days = 1, .tickets = 50, .seed = 5 };
	REQUIRE(yeargen_write(log, &o, err, sizeof err) > 100);
	struct report *r = report_of(log, day, day);
	REQUIRE(r);
	long served = r->tally->total.served, issued = r->tally->total.issued;
	report_free(r);
	sqlite3 *db;
	REQUIRE(sqlite3_open(log, &db) == SQLITE_OK);
	char *sql = sqlite3_mprintf(
		"INSERT INTO events(day,at_ms,verb,counter,ticket,finished,service,score,text,officer) VALUES"
		"(%lld,0,'NEXT',1,999999,888888,NULL,0,NULL,NULL),"        /* tickets that never were */
		"(%lld,0,'NEXT',-3,0,-1,NULL,0,NULL,NULL),"                /* no such counter */
		"(%lld,0,'DONE',100001,-1,0,NULL,0,NULL,NULL),"
		"(%lld,0,'FOO',1,0,0,'A',0,'x',NULL),"                     /* a verb of a later goiso */
		"(%lld,0,'RATE',1,0,-1,NULL,9,NULL,NULL),"                 /* no such score */
		"(%lld,0,'TRANSFER',1,0,-1,NULL,0,NULL,NULL),"             /* no service */
		"(%lld,0,'ISSUE',0,-1,-1,'A',0,NULL,NULL),"
		"(%lld,0,'ISSUE',0,2000000000,-1,'A',0,NULL,NULL),"        /* too far to be a real day */
		"(%lld,0,'LOGIN',2,-1,-1,NULL,0,'',NULL),"
		"(%lld,0,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL),"         /* empty columns */
		"(%lld,0,'VOID',0,77777,-1,NULL,0,'x',NULL),"
		"(%lld,0,'REQUEUE',1,-5,-1,NULL,0,NULL,NULL)",
		(long long)day, (long long)day, (long long)day, (long long)day, (long long)day, (long long)day,
		(long long)day, (long long)day, (long long)day, (long long)day, (long long)day, (long long)day);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) test_fail(__FILE__, __LINE__, "%s", sqlite3_errmsg(db));
	sqlite3_free(sql);
	sqlite3_close(db);
	r = report_of(log, day, day);
	REQUIRE(r);
	CHECK_INT_EQ(r->tally->total.served, served);
	CHECK_INT_EQ(r->tally->total.issued, issued);
	CHECK(r->tally->centers[0].skipped >= 8);
	char *html = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&html, &len);
	CHECK_INT_EQ(report_write_html(r, f, err, sizeof err), 0);
	fclose(f);
	CHECK(strstr(html, "không khớp với số thứ tự hay quầy nào") != NULL);
	free(html);
	report_free(r);
}

struct seen {
	long n, stop_at;
	uint64_t sum;               /* a hash of the rows in their order */
	int64_t last_day;
	int backwards;              /* a row of an earlier day than the one before */
};

static int see(void *ud, const struct lrow *r)
{
	struct seen *s = ud;
	s->n++;
	s->sum = s->sum * 1000003u + (uint64_t)(r->at_ms % 1000003 + (long)strlen(r->text) +
	                                         (long)strlen(r->officer) + r->verb);
	s->backwards += s->n > 1 && r->day < s->last_day;
	s->last_day = r->day;
	return s->stop_at && s->n >= s->stop_at;
}

TEST(report_rows_read_on_a_thread_come_in_order_and_stop_when_asked)
{
	char log[600], err[256];
	snprintf(log, sizeof log, "%s/pipe.db", test_tmpdir());
	int64_t day = period_day_from_ymd(2026, 3, 2);
	struct yeargen_opts o = { .first_day = day, .days = 3, .tickets = 600, .seed = 3 };
	REQUIRE(yeargen_write(log, &o, err, sizeof err) > 6000);
	struct logread *lr = logread_open(log, err, sizeof err);
	REQUIRE(lr);
	struct seen a = { 0 }, b = { 0 }, c = { .stop_at = 5000 };
	CHECK_INT_EQ(logread_scan(lr, day, day + 6, see, &a, err, sizeof err), a.n);
	CHECK_INT_EQ(rowpipe_scan(lr, day, day + 6, see, &b, err, sizeof err), b.n);
	CHECK_INT_EQ(a.n, b.n);
	CHECK(a.sum == b.sum);
	CHECK_INT_EQ(a.backwards + b.backwards, 0);
	rowpipe_scan(lr, day, day + 6, see, &c, err, sizeof err);
	CHECK_INT_EQ(c.n, 5000);           /* past the first batch, then nothing more */
	logread_free(lr);
}
