/*
 * The director's report on the scripted day of tests/reportday.h: every
 * figure computed by hand below, then the same figures from plain SQL on
 * the log, then the filters, the day boundary and an empty period.
 *
 * Hand computation (minutes; the wait of a queue entry, the service time of
 * a served ticket):
 *   waits  A001 08:00->08:05 5 (An)   A002 08:01->08:06 5 (Bình)
 *          A003 08:03->08:10 7 (An)   A002 in B 08:12->08:13 1 (Bình)
 *          B001 08:02->08:41 39 (Bình) A004 09:10->09:12 2 (An)
 *          A003 called again after its requeue: no new wait.
 *          all [1 2 5 5 7 39]: median 5, p90 (6th of 6) 39, max 39, mean 9.83
 *   served A001 NEXT 08:05->08:10 5 (An, A)   A002 DONE 08:13->08:20 7 (Bình, B)
 *          A003 PAUSE 08:22->08:25 3 (An, A)  B001 LOGOUT 08:41->08:50 9 (Cúc, B)
 *          A004 PAUSE 09:12->09:14 2 (An, A)
 *          all [2 3 5 7 9]: mean 5.2, median 5, p90 (5th of 5) 9
 *   ratings An 5, 4, 3; Bình none; Cúc 2: chose 4 of 5 served, satisfied 2/4
 *   logged in An 07:50 -> 09:14:05 (never closed: his counter's last event)
 *          Bình 07:55 -> 08:45 (Cúc's login), Cúc 08:45 -> 08:50
 *   pauses An "họp" 08:25 -> 08:40, "nghỉ trưa" 09:14:00 -> 09:14:05
 */
#include "test.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "config.h"
#include "reportday.h"
#include "report/period.h"
#include "report/report_int.h"

#define MIN_MS 60000.0

static const char *day_log(void)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/events.db", test_tmpdir());
	if (access(path, F_OK) != 0 && reportday_write(path) != 0) return NULL;
	return path;
}

static struct report *open_report(int64_t from, int64_t to, const char *service, int counter,
                                  const char *officer)
{
	char err[512];
	struct report_filter f = { .from = from, .to = to, .counter = counter };
	struct config *cfg = config_parse(reportday_conf, "t.conf", err, sizeof err);
	const char *log = day_log();
	snprintf(f.service, sizeof f.service, "%s", service ? service : "");
	snprintf(f.officer, sizeof f.officer, "%s", officer ? officer : "");
	struct report *r = report_new(&f, err, sizeof err);
	if (!cfg || !log || !r || report_add_log(r, log, NULL, cfg, err, sizeof err) ||
	    report_build(r, err, sizeof err)) {
		test_fail(__FILE__, __LINE__, "report: %s", err);
		report_free(r);
		r = NULL;
	}
	config_free(cfg);
	return r;
}

static const struct group *named(const struct named_group *a, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(a[i].name, name)) return &a[i].g;
	test_fail(__FILE__, __LINE__, "no group %s", name);
	static struct group none;
	return &none;
}

#define CHECK_NEAR(a, b) do {                                                  \
	double a_ = (a), b_ = (b);                                             \
	if (!(fabs(a_ - b_) < 1e-6))                                           \
		test_fail(__FILE__, __LINE__, "%s == %.6f, expected %.6f", #a, a_, b_); \
} while (0)

TEST(report_scripted_day_totals_as_computed_by_hand)
{
	struct report *r = open_report(REPORTDAY, REPORTDAY, NULL, 0, NULL);
	REQUIRE(r);
	const struct group *g = &r->tally->total;
	CHECK_INT_EQ(g->issued, 7);        /* A001-A004, A006, B001, B002 */
	CHECK_INT_EQ(g->voided, 1);        /* A005 */
	CHECK_INT_EQ(g->called, 7);
	CHECK_INT_EQ(g->served, 5);
	CHECK_INT_EQ(g->noshow, 1);
	CHECK_INT_EQ(g->transfers, 1);
	CHECK_INT_EQ(g->recalls, 1);
	CHECK_INT_EQ(g->requeued, 1);
	CHECK_INT_EQ(g->uncalled, 2);      /* B002, A006 */
	CHECK_INT_EQ(g->unfinished, 0);
	CHECK_INT_EQ(g->wait.n, 6);
	CHECK_NEAR(samples_median(&g->wait), 5 * MIN_MS);
	CHECK_NEAR(samples_p90(&g->wait), 39 * MIN_MS);
	CHECK_NEAR(samples_max(&g->wait), 39 * MIN_MS);
	CHECK_NEAR(samples_mean(&g->wait), 59 * MIN_MS / 6);
	CHECK_NEAR(group_wait_share(g, GROUP_WITHIN_A), 5.0 / 6);
	CHECK_NEAR(group_wait_share(g, GROUP_WITHIN_B), 5.0 / 6);
	CHECK_NEAR(samples_mean(&g->service), 5.2 * MIN_MS);
	CHECK_NEAR(samples_median(&g->service), 5 * MIN_MS);
	CHECK_NEAR(samples_p90(&g->service), 9 * MIN_MS);
	CHECK_INT_EQ(g->ratings[0], 1);
	CHECK_INT_EQ(group_chose(g), 4);
	CHECK_NEAR(group_chose_share(g), 4.0 / 5);
	CHECK_NEAR(group_satisfaction(g), 2.0 / 4);
	CHECK_INT_EQ(r->tally->centers[0].days_with_events, 1);
	report_free(r);
}

TEST(report_scripted_day_per_officer_as_computed_by_hand)
{
	struct report *r = open_report(REPORTDAY, REPORTDAY, NULL, 0, NULL);
	REQUIRE(r);
	const struct tally_center *c = &r->tally->centers[0];
	CHECK_INT_EQ(c->nofficers, 3);
	const struct group *an = named(c->officers, c->nofficers, "An");
	const struct group *binh = named(c->officers, c->nofficers, "Bình");
	const struct group *cuc = named(c->officers, c->nofficers, "Cúc");
	/* An: A001 by NEXT, A003 and A004 by PAUSE; the no-show and the recall */
	CHECK_INT_EQ(an->served, 3);
	CHECK_INT_EQ(an->noshow, 1);
	CHECK_INT_EQ(an->recalls, 1);
	CHECK_INT_EQ(an->transfers, 0);
	CHECK_NEAR(samples_mean(&an->service), 10 * MIN_MS / 3);
	CHECK_NEAR(samples_median(&an->service), 3 * MIN_MS);
	CHECK_NEAR(samples_p90(&an->service), 5 * MIN_MS);
	CHECK_INT_EQ(an->wait.n, 3);                   /* 5, 7, 2 */
	CHECK_NEAR(samples_median(&an->wait), 5 * MIN_MS);
	CHECK_NEAR(samples_p90(&an->wait), 7 * MIN_MS);
	CHECK_INT_EQ(an->login_ms, (84 * 60 + 5) * 1000LL);   /* 07:50 -> 09:14:05 */
	CHECK_INT_EQ(an->open_days, 1);
	CHECK_INT_EQ(an->pauses, 2);
	CHECK_INT_EQ(an->pause_ms, (15 * 60 + 5) * 1000LL);
	CHECK_INT_EQ(an->ratings[5], 1);
	CHECK_INT_EQ(an->ratings[4], 1);
	CHECK_INT_EQ(an->ratings[3], 1);
	CHECK_NEAR(group_chose_share(an), 1.0);
	CHECK_NEAR(group_satisfaction(an), 2.0 / 3);
	/* Bình: the transfer out of A, A002 served in B by DONE, rated none */
	CHECK_INT_EQ(binh->served, 1);
	CHECK_INT_EQ(binh->transfers, 1);
	CHECK_NEAR(samples_mean(&binh->service), 7 * MIN_MS);
	CHECK_INT_EQ(binh->wait.n, 3);                 /* 5, 1, 39 */
	CHECK_NEAR(samples_median(&binh->wait), 5 * MIN_MS);
	CHECK_NEAR(samples_p90(&binh->wait), 39 * MIN_MS);
	CHECK_INT_EQ(binh->login_ms, 50 * 60000LL);
	CHECK_INT_EQ(binh->open_days, 0);
	CHECK_INT_EQ(binh->ratings[0], 1);
	CHECK_NEAR(group_chose_share(binh), 0.0);
	CHECK(isnan(group_satisfaction(binh)));
	/* Cúc: B001 called by Bình, finished by Cúc's LOGOUT */
	CHECK_INT_EQ(cuc->served, 1);
	CHECK_NEAR(samples_mean(&cuc->service), 9 * MIN_MS);
	CHECK_INT_EQ(cuc->wait.n, 0);
	CHECK_INT_EQ(cuc->login_ms, 5 * 60000LL);
	CHECK_NEAR(group_satisfaction(cuc), 0.0);
	/* the pauses by reason */
	CHECK_INT_EQ(c->npauses, 2);
	for (int i = 0; i < c->npauses; i++) {
		CHECK_STR_EQ(c->pauses[i].officer, "An");
		CHECK_INT_EQ(c->pauses[i].ms, !strcmp(c->reasons[c->pauses[i].reason], "họp") ? 900000 : 5000);
	}
	report_free(r);
}

TEST(report_scripted_day_per_service_and_counter_as_computed_by_hand)
{
	struct report *r = open_report(REPORTDAY, REPORTDAY, NULL, 0, NULL);
	REQUIRE(r);
	const struct tally_center *c = &r->tally->centers[0];
	const struct group *a = named(c->services, c->nservices, "A");
	const struct group *b = named(c->services, c->nservices, "B");
	CHECK_INT_EQ(a->issued, 5);         /* A001-A004, A006 */
	CHECK_INT_EQ(a->voided, 1);
	CHECK_INT_EQ(a->served, 3);
	CHECK_INT_EQ(a->noshow, 1);
	CHECK_INT_EQ(a->transfers, 1);      /* A002 left A */
	CHECK_INT_EQ(a->uncalled, 1);       /* A006 */
	CHECK_NEAR(samples_median(&a->wait), 5 * MIN_MS);    /* 2 5 5 7 */
	CHECK_NEAR(samples_p90(&a->wait), 7 * MIN_MS);
	CHECK_NEAR(samples_max(&a->wait), 7 * MIN_MS);
	CHECK_NEAR(group_wait_share(a, GROUP_WITHIN_A), 1.0);
	CHECK_INT_EQ(b->issued, 2);
	CHECK_INT_EQ(b->served, 2);         /* A002 after its transfer, B001 */
	CHECK_INT_EQ(b->transfers, 0);
	CHECK_INT_EQ(b->uncalled, 1);       /* B002 */
	CHECK_NEAR(samples_median(&b->wait), 20 * MIN_MS);   /* 1 39 */
	CHECK_NEAR(samples_p90(&b->wait), 39 * MIN_MS);
	CHECK_NEAR(group_wait_share(b, GROUP_WITHIN_A), 0.5);
	CHECK_NEAR(group_wait_share(b, GROUP_WITHIN_B), 0.5);
	CHECK_NEAR(samples_mean(&b->service), 8 * MIN_MS);
	int h[3];
	CHECK_INT_EQ(group_busiest(a->hour_issued, 3, h), 3);
	CHECK_INT_EQ(h[0], 8);              /* A001, A002, A003 */
	CHECK_INT_EQ(h[1], 3);              /* A006 at 03:59, tie with 9 h: earlier first */
	CHECK_INT_EQ(h[2], 9);
	CHECK_INT_EQ(c->ncounters, 2);
	CHECK_INT_EQ(c->counters[0].no, 1);
	CHECK_STR_EQ(c->counters[0].title, "Quầy 1");
	CHECK_INT_EQ(c->counters[0].g.called, 4);
	CHECK_INT_EQ(c->counters[0].g.served, 3);
	CHECK_INT_EQ(c->counters[1].g.called, 3);
	CHECK_INT_EQ(c->counters[1].g.served, 2);
	CHECK_INT_EQ(c->counters[1].g.transfers, 1);
	/* heatmap: Monday 3 h (A006), 8 h (four), 9 h (B002, A004; A005 voided) */
	CHECK_INT_EQ(r->tally->heat[0][3], 1);
	CHECK_INT_EQ(r->tally->heat[0][8], 4);
	CHECK_INT_EQ(r->tally->heat[0][9], 2);
	CHECK_INT_EQ(r->tally->heat[1][4], 0);   /* the next service day is outside */
	const struct daily *d = &r->tally->daily[0];
	CHECK_INT_EQ(d->issued, 7);
	CHECK_INT_EQ(d->served, 5);
	CHECK_INT_EQ(d->voided, 1);
	CHECK_INT_EQ(d->noshow, 1);
	CHECK_INT_EQ(d->waits, 6);
	CHECK_INT_EQ(d->wait_ms, 59 * 60000LL);
	report_free(r);
}

/* ---- the same figures from plain SQL on the log ---- */

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

/* The values of a one-column query, sorted, into a samples list. */
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

/* Waits: from each ISSUE or TRANSFER of a ticket to the first NEXT that
 * calls it after that row, when there is one. */
#define SQL_WAITS(extra)                                                            \
	"SELECT w FROM (SELECT (SELECT c.at_ms FROM events c WHERE c.day = e.day"   \
	" AND c.verb = 'NEXT' AND c.ticket = e.ticket AND c.seq > e.seq ORDER BY c.seq LIMIT 1)" \
	" - e.at_ms AS w, (SELECT c.officer FROM events c WHERE c.day = e.day AND c.verb = 'NEXT'" \
	" AND c.ticket = e.ticket AND c.seq > e.seq ORDER BY c.seq LIMIT 1) AS who FROM events e" \
	" WHERE e.day = 20787 AND e.verb IN ('ISSUE', 'TRANSFER')) WHERE w IS NOT NULL" extra
/* Service times: from the last NEXT calling a ticket to the row finishing it. */
#define SQL_SERVICE(extra)                                                          \
	"SELECT f.at_ms - (SELECT MAX(c.at_ms) FROM events c WHERE c.day = f.day"   \
	" AND c.verb = 'NEXT' AND c.ticket = f.finished AND c.seq < f.seq) FROM events f" \
	" WHERE f.day = 20787 AND f.finished >= 0" extra

TEST(report_scripted_day_matches_plain_sql)
{
	sqlite3 *db;
	const char *log = day_log();
	REQUIRE(log && sqlite3_open_v2(log, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
	struct report *r = open_report(REPORTDAY, REPORTDAY, NULL, 0, NULL);
	REQUIRE(r);
	const struct group *g = &r->tally->total;
	const struct tally_center *c = &r->tally->centers[0];
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE day = 20787 AND verb = 'ISSUE' AND ticket"
	                          " NOT IN (SELECT ticket FROM events WHERE day = 20787 AND verb = 'VOID')"), g->issued);
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE day = 20787 AND verb = 'VOID'"), g->voided);
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE day = 20787 AND verb = 'NEXT' AND ticket >= 0"), g->called);
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE day = 20787 AND finished >= 0"), g->served);
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE day = 20787 AND verb = 'SKIP'"), g->noshow);
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE day = 20787 AND verb = 'TRANSFER'"), g->transfers);
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE day = 20787 AND verb = 'RECALL'"), g->recalls);
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE day = 20787 AND finished >= 0 AND officer = 'An'"),
	             named(c->officers, c->nofficers, "An")->served);
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE day = 20787 AND finished >= 0 AND officer = 'Cúc'"),
	             named(c->officers, c->nofficers, "Cúc")->served);
	for (int s = 0; s <= 5; s++) {
		char q[160];
		snprintf(q, sizeof q, "SELECT COUNT(*) FROM events WHERE day = 20787 AND verb = 'RATE' AND score = %d", s);
		CHECK_INT_EQ(sql_long(db, q), g->ratings[s]);
	}
	CHECK_INT_EQ(sql_long(db, "SELECT COUNT(*) FROM events WHERE day = 20787 AND verb = 'RATE' AND score >= 4"
	                          " AND officer = 'An'"), 2);
	struct samples w = { 0 }, sv = { 0 }, wa = { 0 };
	sql_samples(db, SQL_WAITS(""), &w);
	sql_samples(db, SQL_SERVICE(""), &sv);
	sql_samples(db, SQL_WAITS(" AND who = 'An'"), &wa);
	CHECK_INT_EQ(w.n, g->wait.n);
	CHECK_NEAR(samples_median(&w), samples_median(&g->wait));
	CHECK_NEAR(samples_p90(&w), samples_p90(&g->wait));
	CHECK_NEAR(samples_max(&w), samples_max(&g->wait));
	CHECK_INT_EQ(samples_at_most(&w, 15 * 60000), 5);
	CHECK_INT_EQ(sv.n, g->service.n);
	CHECK_NEAR(samples_mean(&sv), samples_mean(&g->service));
	CHECK_NEAR(samples_p90(&sv), samples_p90(&g->service));
	CHECK_NEAR(samples_median(&wa), samples_median(&named(c->officers, c->nofficers, "An")->wait));
	for (long i = 0; i < w.n; i++) CHECK_INT_EQ(w.v[i], g->wait.v[i]);
	/* time logged in: each LOGIN to the next LOGIN or LOGOUT at its counter,
	 * else to that counter's last row of the day */
	static const char login[] =
		"WITH s AS (SELECT counter, verb, text, at_ms, LEAD(at_ms) OVER (PARTITION BY counter ORDER BY seq) AS nx"
		" FROM events WHERE day = 20787 AND verb IN ('LOGIN', 'LOGOUT')),"
		" l AS (SELECT counter, MAX(at_ms) AS last FROM events WHERE day = 20787 AND counter > 0 GROUP BY counter)"
		" SELECT SUM(COALESCE(nx, last) - at_ms) FROM s JOIN l USING (counter) WHERE verb = 'LOGIN' AND text = '%s'";
	static const char *const who[] = { "An", "Bình", "Cúc" };
	for (int i = 0; i < 3; i++) {
		char q[600];
		snprintf(q, sizeof q, login, who[i]);
		CHECK_INT_EQ(sql_long(db, q), named(c->officers, c->nofficers, who[i])->login_ms);
	}
	CHECK_INT_EQ(sql_long(db,
		"WITH p AS (SELECT verb, at_ms, LEAD(at_ms) OVER (PARTITION BY counter ORDER BY seq) AS nx FROM events"
		" WHERE day = 20787 AND counter = 1 AND verb IN ('PAUSE', 'RESUME', 'LOGIN', 'LOGOUT'))"
		" SELECT SUM(COALESCE(nx, (SELECT MAX(at_ms) FROM events WHERE day = 20787 AND counter = 1)) - at_ms)"
		" FROM p WHERE verb = 'PAUSE'"), named(c->officers, c->nofficers, "An")->pause_ms);
	samples_free(&w);
	samples_free(&sv);
	samples_free(&wa);
	sqlite3_close(db);
	report_free(r);
}

/* ---- filters, the day boundary, an empty period ---- */

TEST(report_filters_keep_the_facts_of_that_officer_service_or_counter)
{
	struct report *r = open_report(REPORTDAY, REPORTDAY, NULL, 0, "An");
	REQUIRE(r);
	const struct group *g = &r->tally->total;
	CHECK_INT_EQ(g->served, 3);
	CHECK_INT_EQ(g->noshow, 1);
	CHECK_INT_EQ(g->wait.n, 3);
	CHECK_INT_EQ(g->issued, 3);          /* first called by An: A001, A003, A004 */
	CHECK_INT_EQ(g->login_ms, (84 * 60 + 5) * 1000LL);
	CHECK_INT_EQ(r->tally->centers[0].nofficers >= 1, 1);
	report_free(r);
	r = open_report(REPORTDAY, REPORTDAY, "B", 0, NULL);
	REQUIRE(r);
	g = &r->tally->total;
	CHECK_INT_EQ(g->issued, 2);
	CHECK_INT_EQ(g->served, 2);          /* A002 served in B counts for B */
	CHECK_INT_EQ(g->transfers, 0);       /* its transfer counts for A */
	CHECK_NEAR(samples_median(&g->wait), 20 * MIN_MS);
	CHECK_INT_EQ(g->login_ms, 0);        /* time logged in has no service */
	report_free(r);
	r = open_report(REPORTDAY, REPORTDAY, NULL, 2, NULL);
	REQUIRE(r);
	g = &r->tally->total;
	CHECK_INT_EQ(g->served, 2);
	CHECK_INT_EQ(g->transfers, 1);
	CHECK_INT_EQ(g->wait.n, 3);
	CHECK_INT_EQ(g->login_ms, 55 * 60000LL);   /* Bình 50 + Cúc 5 at counter 2 */
	CHECK_INT_EQ(g->pause_ms, 0);
	report_free(r);
}

TEST(report_days_with_figures_are_those_the_filters_keep)
{
	/* everything filtered out: no day has figures, as every figure is 0 */
	struct report *r = open_report(REPORTDAY, REPORTDAY + 6, NULL, 0, "Nobody");
	REQUIRE(r);
	CHECK_INT_EQ(r->tally->total.issued, 0);
	CHECK(table_cell(&r->tables.t[T_SUMMARY], 0, 1)->v == 0);
	report_free(r);
	/* Cúc worked on 30/11 only; the log has two days */
	r = open_report(REPORTDAY, REPORTDAY + 6, NULL, 0, "Cúc");
	REQUIRE(r);
	CHECK(table_cell(&r->tables.t[T_SUMMARY], 0, 1)->v == 1);
	report_free(r);
	r = open_report(REPORTDAY, REPORTDAY + 6, NULL, 0, NULL);
	REQUIRE(r);
	CHECK(table_cell(&r->tables.t[T_SUMMARY], 0, 1)->v == 2);
	report_free(r);
}

TEST(report_event_before_day_start_belongs_to_the_day_before)
{
	/* A006 at 03:59 on 01/12 is in the day report of 30/11 (checked above);
	 * B001 at 04:00 on 01/12 is the first ticket of 01/12, a Tuesday */
	struct report *r = open_report(REPORTDAY + 1, REPORTDAY + 1, NULL, 0, NULL);
	REQUIRE(r);
	CHECK_INT_EQ(r->tally->total.issued, 1);
	CHECK_INT_EQ(r->tally->total.uncalled, 1);
	CHECK_INT_EQ(r->tally->heat[1][4], 1);
	report_free(r);
	int64_t from, to;
	REQUIRE(period_parse(PERIOD_WEEK, "2026-12-02", &from, &to) == 0);
	r = open_report(from, to, NULL, 0, NULL);
	REQUIRE(r);
	CHECK_INT_EQ(r->tally->total.issued, 8);
	CHECK_INT_EQ(r->tally->centers[0].days_with_events, 2);
	CHECK_INT_EQ(r->tally->daily[0].issued, 7);
	CHECK_INT_EQ(r->tally->daily[1].issued, 1);
	report_free(r);
}

/* The scripted day as if it were still under way at 03:59:30 on 01/12
 * (the service day of 30/11 ends at 04:00), with counter 1 calling B002
 * at 09:30: a copy of the log with that call added. */
static struct report *live_report(int64_t now_ms)
{
	char copy[600], cmd[3200], err[512];
	snprintf(copy, sizeof copy, "%s/live.db", test_tmpdir());
	snprintf(cmd, sizeof cmd, "rm -f '%s'* && sqlite3 '%s' \".backup '%s'\" && sqlite3 '%s' \"INSERT INTO "
	         "events(day, at_ms, verb, counter, ticket, officer) VALUES(%d, %lld, 'NEXT', 1, 4, 'An')\"",
	         copy, day_log(), copy, copy, REPORTDAY, (long long)reportday_ms(0, 9, 30, 0));
	if (system(cmd) != 0) return NULL;
	struct report_filter f = { .from = REPORTDAY, .to = REPORTDAY, .now_ms = now_ms };
	struct config *cfg = config_parse(reportday_conf, "t.conf", err, sizeof err);
	struct report *r = report_new(&f, err, sizeof err);
	if (!cfg || !r || report_add_log(r, copy, NULL, cfg, err, sizeof err) || report_build(r, err, sizeof err)) {
		test_fail(__FILE__, __LINE__, "report: %s", err);
		report_free(r);
		r = NULL;
	}
	config_free(cfg);
	return r;
}

TEST(report_of_the_day_under_way_counts_work_in_progress_as_such)
{
	int64_t now = reportday_ms(1, 3, 59, 30);
	struct report *r = live_report(now);
	REQUIRE(r);
	const struct group *t = &r->tally->total;
	CHECK_INT_EQ(t->uncalled, 0);
	CHECK_INT_EQ(t->waiting, 1);            /* A006 */
	CHECK_INT_EQ(t->unfinished, 0);
	CHECK_INT_EQ(t->serving, 1);            /* B002 at counter 1 */
	const struct group *an = named(r->tally->centers[0].officers, r->tally->centers[0].nofficers, "An");
	CHECK_INT_EQ(an->open_days, 0);         /* still at work, not a day without logout */
	CHECK_INT_EQ(an->working, 1);
	CHECK_INT_EQ(an->login_ms, now - reportday_ms(0, 7, 50, 0));
	CHECK_INT_EQ(an->pause_ms, 15 * 60000LL + (now - reportday_ms(0, 9, 14, 0)));
	/* the page says so, and when */
	char *html = NULL, err[256];
	size_t len = 0;
	FILE *f = open_memstream(&html, &len);
	CHECK_INT_EQ(report_write_html(r, f, err, sizeof err), 0);
	fclose(f);
	CHECK(strstr(html, "Ngày đang diễn ra: số liệu tính đến 03:59") != NULL);
	CHECK(strstr(html, "Lập lúc 03:59 ngày 01/12/2026") != NULL);
	CHECK(strstr(html, "<th>Đang chờ</th><th>Đang phục vụ</th>") != NULL);
	CHECK(strstr(html, "<th>Đang làm việc</th>") != NULL);
	free(html);
	report_free(r);
	/* the same log a minute after the day ended: the day is over */
	r = live_report(reportday_ms(1, 4, 0, 30));
	REQUIRE(r);
	t = &r->tally->total;
	CHECK_INT_EQ(t->uncalled, 1);
	CHECK_INT_EQ(t->unfinished, 1);
	CHECK_INT_EQ(t->waiting + t->serving, 0);
	an = named(r->tally->centers[0].officers, r->tally->centers[0].nofficers, "An");
	CHECK_INT_EQ(an->open_days, 1);
	CHECK_INT_EQ(an->working, 0);
	f = open_memstream(&html, &len);
	CHECK_INT_EQ(report_write_html(r, f, err, sizeof err), 0);
	fclose(f);
	CHECK(strstr(html, "Ngày đang diễn ra") == NULL);
	CHECK(strstr(html, "Đang chờ") == NULL);
	CHECK(strstr(html, "<dt>Đánh giá</dt>") && strstr(html, "<dt>Ngày</dt>"));
	CHECK(strstr(html, "Lập lúc 04:00 ngày 01/12/2026") != NULL);
	free(html);
	report_free(r);
}

TEST(report_year_lists_days_up_to_today_not_the_future_as_zeros)
{
	char err[512];
	int64_t from, to;
	REQUIRE(period_parse(PERIOD_YEAR, "2026", &from, &to) == 0);
	struct config *cfg = config_parse(reportday_conf, "t.conf", err, sizeof err);
	REQUIRE(cfg);
	/* made at 10:00 on 01/12/2026: the days up to 01/12, none after */
	struct report_filter f = { .from = from, .to = to, .now_ms = reportday_ms(1, 10, 0, 0) };
	struct report *r = report_new(&f, err, sizeof err);
	REQUIRE(r && report_add_log(r, day_log(), NULL, cfg, err, sizeof err) == 0 &&
	        report_build(r, err, sizeof err) == 0);
	const struct table *d = &r->tables.t[T_DAILY];
	CHECK_INT_EQ(d->nrows, REPORTDAY + 1 - from + 1);
	CHECK(table_cell(d, d->nrows - 1, 0)->v == REPORTDAY + 1);
	report_free(r);
	/* the page's months of a long period: none after the month under way */
	f.from = period_day_from_ymd(2026, 11, 1);
	f.to = period_day_from_ymd(2027, 2, 28);
	r = report_new(&f, err, sizeof err);
	REQUIRE(r && report_add_log(r, day_log(), NULL, cfg, err, sizeof err) == 0);
	char *html = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&html, &len);
	CHECK_INT_EQ(report_write_html(r, fp, err, sizeof err), 0);
	fclose(fp);
	CHECK(strstr(html, "<td>12/2026</td>") != NULL);      /* the month under way */
	CHECK(strstr(html, "<td>01/2027</td>") == NULL);
	free(html);
	report_free(r);
	f.from = from;
	f.to = to;
	/* a clock behind the log (a copy read elsewhere): up to its last day */
	f.now_ms = reportday_ms(-30, 10, 0, 0);
	r = report_new(&f, err, sizeof err);
	REQUIRE(r && report_add_log(r, day_log(), NULL, cfg, err, sizeof err) == 0 &&
	        report_build(r, err, sizeof err) == 0);
	CHECK_INT_EQ(r->tables.t[T_DAILY].nrows, REPORTDAY + 1 - from + 1);
	report_free(r);
	config_free(cfg);
}

TEST(report_year_chart_has_round_ticks_and_month_labels)
{
	char err[512];
	int64_t from, to;
	REQUIRE(period_parse(PERIOD_YEAR, "2026", &from, &to) == 0);
	struct report_filter f = { .from = from, .to = to };
	struct report *r = report_new(&f, err, sizeof err);
	REQUIRE(r && report_add_log(r, day_log(), NULL, NULL, err, sizeof err) == 0);
	char *html = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&html, &len);
	CHECK_INT_EQ(report_write_html(r, fp, err, sizeof err), 0);
	fclose(fp);
	/* at most 7 a day: ticks 0, 2, 4, 6, 8 (not 2,5 rounded to 3) */
	static const char *const ticks[] = { "0", "2", "4", "6", "8" };
	char want[96];
	for (int i = 0; i < 5; i++) {
		snprintf(want, sizeof want, "class=\"ax\" text-anchor=\"end\">%s</text>", ticks[i]);
		CHECK(strstr(html, want) != NULL);
	}
	CHECK(strstr(html, "class=\"ax\" text-anchor=\"end\">3</text>") == NULL);
	/* the first of each month, not every 31st day */
	for (int m = 1; m <= 12; m++) {
		snprintf(want, sizeof want, "class=\"ax\">01/%02d</text>", m);
		CHECK(strstr(html, want) != NULL);
	}
	CHECK(strstr(html, ">04/03</text>") == NULL);
	/* the figures the tables show are defined */
	CHECK(strstr(html, "<dt>Chờ TB</dt>") && strstr(html, "<dt>Giờ đông nhất</dt>"));
	free(html);
	report_free(r);
}

TEST(report_period_without_events_says_so)
{
	struct report *r = open_report(REPORTDAY - 1, REPORTDAY - 1, NULL, 0, NULL);
	REQUIRE(r);
	CHECK(!report_has_events(r));
	CHECK_INT_EQ(r->tally->total.issued, 0);
	char *html = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&html, &len);
	char err[256];
	CHECK_INT_EQ(report_write_html(r, f, err, sizeof err), 0);
	fclose(f);
	CHECK(strstr(html, "Không có sự kiện nào trong kỳ báo cáo này") != NULL);
	CHECK(strstr(html, "ngày 29/11/2026") != NULL);
	CHECK(strstr(html, "Không có cán bộ nào làm việc trong kỳ.") != NULL);
	free(html);
	report_free(r);
	r = open_report(REPORTDAY, REPORTDAY, NULL, 0, NULL);
	REQUIRE(r);
	CHECK(report_has_events(r));
	report_free(r);
}
