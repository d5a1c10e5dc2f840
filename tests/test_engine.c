/*
 * Unit tests of the queue engine: every verb, every error, the calling
 * order, service days, and replay giving back the same state.
 */
#include "test.h"

#include <stdlib.h>

#include "config.h"
#include "engine.h"

/* 2026-11-28 09:00 in Vietnam (UTC+7) */
#define T0 1795831200000LL

static const char conf_text[] =
	"[center]\nname = Test\npriority_streak = 2\n"
	"priority_groups = elderly:Người cao tuổi, disabled:Người khuyết tật\n"
	"[service A]\nname = Hộ tịch\nhours = 07:00-17:00\n"
	"[service B]\nname = Đất đai\nhours = 07:00-17:00\n"
	"[service N]\nname = Số\nnumbers = 1001-1003\nprefix =\nhours = 07:00-11:00\n"
	"[counter 1]\nservices = A\n"
	"[counter 2]\nservices = B, A\n"
	"[counter 3]\nservices = N\n";

struct fx {
	struct config *cfg;
	struct engine *e;
	int64_t now;
	struct engine_event log[512];
	int nlog;
};

static void fx_open(struct fx *f)
{
	char err[256];
	memset(f, 0, sizeof *f);
	f->cfg = config_parse(conf_text, "test.conf", err, sizeof err);
	if (!f->cfg) { test_fail(__FILE__, __LINE__, "config: %s", err); exit(1); }
	f->now = T0;
	f->e = engine_new(f->cfg, engine_day_of(f->cfg, f->now));
}

static void fx_close(struct fx *f)
{
	engine_free(f->e);
	config_free(f->cfg);
}

/* Runs one command; returns the engine code. Events are logged for replay. */
static int run(struct fx *f, enum engine_verb verb, int counter, const char *arg)
{
	struct engine_cmd c = { .verb = verb, .counter = counter, .service = -1, .ticket = -1 };
	struct engine_event ev;
	f->now += 1000;
	if (arg) {
		snprintf(c.text, sizeof c.text, "%s", arg);
		c.service = config_service_index(f->cfg, arg);
		c.ticket = engine_find_ticket(f->e, arg);
		c.score = atoi(arg);
		c.priority = config_group_index(f->cfg, arg) + 1;
	}
	int rc = engine_decide(f->e, &c, f->now, &ev);
	if (rc == 0) {
		CHECK_INT_EQ(engine_apply(f->e, &ev), 0);
		if (f->nlog < 512) f->log[f->nlog++] = ev;
	}
	return rc;
}

static const char *current(struct fx *f, int counter)
{
	const struct engine_counter *c = engine_counter(f->e, counter);
	const struct engine_ticket *t = c ? engine_ticket(f->e, c->current) : NULL;
	return t ? t->label : "-";
}

static void issue_prio(struct fx *f, const char *svc, const char *group)
{
	struct engine_cmd c = { .verb = VERB_ISSUE, .service = config_service_index(f->cfg, svc),
	                        .priority = config_group_index(f->cfg, group) + 1 };
	struct engine_event ev;
	f->now += 1000;
	CHECK_INT_EQ(engine_decide(f->e, &c, f->now, &ev), 0);
	CHECK_INT_EQ(engine_apply(f->e, &ev), 0);
	f->log[f->nlog++] = ev;
}

TEST(engine_issue_numbers_and_labels)
{
	struct fx f;
	fx_open(&f);
	CHECK_INT_EQ(run(&f, VERB_ISSUE, 0, "A"), 0);
	CHECK_INT_EQ(run(&f, VERB_ISSUE, 0, "A"), 0);
	CHECK_INT_EQ(run(&f, VERB_ISSUE, 0, "N"), 0);
	CHECK_STR_EQ(engine_ticket(f.e, 0)->label, "A001");
	CHECK_STR_EQ(engine_ticket(f.e, 1)->label, "A002");
	CHECK_STR_EQ(engine_ticket(f.e, 2)->label, "1001");
	CHECK_INT_EQ(engine_waiting(f.e, 0), 2);
	CHECK_INT_EQ(engine_issued(f.e, 0), 2);
	/* the numeric block runs out at 1003 */
	CHECK_INT_EQ(run(&f, VERB_ISSUE, 0, "N"), 0);
	CHECK_INT_EQ(run(&f, VERB_ISSUE, 0, "N"), 0);
	CHECK_INT_EQ(run(&f, VERB_ISSUE, 0, "N"), E_DAY_FULL);
	fx_close(&f);
}

TEST(engine_errors_table)
{
	static const struct { enum engine_verb verb; int counter; const char *arg; int want; } cases[] = {
		{ VERB_ISSUE, 0, "Z", E_UNKNOWN_SERVICE },
		{ VERB_NEXT, 9, NULL, E_UNKNOWN_COUNTER },
		{ VERB_NEXT, 1, NULL, E_COUNTER_CLOSED },
		{ VERB_RECALL, 1, NULL, E_COUNTER_CLOSED },
		{ VERB_PAUSE, 1, "họp", E_COUNTER_CLOSED },
		{ VERB_LOGOUT, 1, NULL, E_COUNTER_CLOSED },
		{ VERB_RESUME, 1, NULL, E_COUNTER_CLOSED },
		{ VERB_LOGIN, 1, "", E_BAD_OFFICER },
		{ VERB_LOGIN, 1, "Nguyễn\x01", E_BAD_OFFICER },
		{ VERB_LOGIN, 1, "Nguyễn Văn An", 0 },
		{ VERB_NEXT, 1, NULL, E_QUEUE_EMPTY },
		{ VERB_RECALL, 1, NULL, E_NOTHING_CURRENT },
		{ VERB_SKIP, 1, NULL, E_NOTHING_CURRENT },
		{ VERB_DONE, 1, NULL, E_NOTHING_CURRENT },
		{ VERB_TRANSFER, 1, "B", E_NOTHING_CURRENT },
		{ VERB_RATE, 1, "5", E_NOTHING_SERVED },
		{ VERB_RESUME, 1, NULL, E_NOT_PAUSED },
		{ VERB_PAUSE, 1, "", E_BAD_REASON },
		{ VERB_PAUSE, 1, "nghỉ trưa", 0 },
		{ VERB_PAUSE, 1, "họp", E_ALREADY_PAUSED },
		{ VERB_NEXT, 1, NULL, E_COUNTER_PAUSED },
		{ VERB_RECALL, 1, NULL, E_COUNTER_PAUSED },
		{ VERB_RESUME, 1, NULL, 0 },
		{ VERB_ISSUE, 0, "A", 0 },
		{ VERB_REQUEUE, 1, "A001", E_NOT_NOSHOW },
		{ VERB_REQUEUE, 1, "A999", E_UNKNOWN_TICKET },
		{ VERB_NEXT, 1, NULL, 0 },
		{ VERB_TRANSFER, 1, "A", E_SAME_SERVICE },
		{ VERB_TRANSFER, 1, "Q", E_UNKNOWN_SERVICE },
		{ VERB_DONE, 1, NULL, 0 },
		{ VERB_RATE, 1, "6", E_BAD_SCORE },
		{ VERB_RATE, 1, "-1", E_BAD_SCORE },
		{ VERB_RATE, 1, "4", 0 },
		{ VERB_RATE, 1, "5", E_ALREADY_RATED },
		{ VERB_LOGOUT, 1, NULL, 0 },
		{ VERB_NEXT, 1, NULL, E_COUNTER_CLOSED },
	};
	struct fx f;
	fx_open(&f);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = run(&f, cases[i].verb, cases[i].counter, cases[i].arg);
		if (rc != cases[i].want)
			test_fail(__FILE__, __LINE__, "case %zu (%s): got %s, want %s", i,
			          engine_verb_name(cases[i].verb), engine_errcode(rc), engine_errcode(cases[i].want));
	}
	/* every error has its own code and a Vietnamese message */
	for (int err = -1; err > E_ERR_MIN_; err--) {
		CHECK(strcmp(engine_errcode(err), "internal") != 0);
		CHECK(strlen(engine_strerror(err)) > 5);
		for (int other = err - 1; other > E_ERR_MIN_; other--)
			CHECK(strcmp(engine_errcode(err), engine_errcode(other)) != 0);
	}
	fx_close(&f);
}

/* The name is logged in one form (shared/vname.h): however the officer's
 * input method sent it, and with spaces tidied, so the record and the
 * report see one officer. */
TEST(engine_login_logs_the_name_in_one_form)
{
	struct fx f;
	fx_open(&f);
	/* "Lê Thị Mai" with combining marks (NFD) and spaces around */
	CHECK_INT_EQ(run(&f, VERB_LOGIN, 1, "  Le\u0302  Thi\u0323 Mai "), 0);
	CHECK_STR_EQ(f.log[f.nlog - 1].text, "L\u00EA Th\u1ECB Mai");
	CHECK_STR_EQ(engine_counter(f.e, 1)->officer, "L\u00EA Th\u1ECB Mai");
	CHECK_INT_EQ(run(&f, VERB_LOGIN, 2, "   "), E_BAD_OFFICER);   /* spaces are no name */
	fx_close(&f);
}

TEST(engine_service_hours)
{
	struct fx f;
	fx_open(&f);
	f.now = T0 - 3 * 3600000LL;        /* 06:00 local: before opening */
	CHECK_INT_EQ(run(&f, VERB_ISSUE, 0, "A"), E_SERVICE_CLOSED);
	f.now = T0 + 3 * 3600000LL;        /* 12:00: N closed at 11:00, A open */
	CHECK_INT_EQ(run(&f, VERB_ISSUE, 0, "N"), E_SERVICE_CLOSED);
	CHECK_INT_EQ(run(&f, VERB_ISSUE, 0, "A"), 0);
	fx_close(&f);
}

TEST(engine_next_finishes_and_calls_oldest)
{
	struct fx f;
	fx_open(&f);
	run(&f, VERB_LOGIN, 2, "Trần Thị Bình");
	run(&f, VERB_ISSUE, 0, "A");       /* A001 oldest */
	run(&f, VERB_ISSUE, 0, "B");       /* B001 */
	run(&f, VERB_ISSUE, 0, "A");       /* A002 */
	CHECK_INT_EQ(run(&f, VERB_NEXT, 2, NULL), 0);
	CHECK_STR_EQ(current(&f, 2), "A001");  /* oldest across B, A */
	CHECK_INT_EQ(engine_counter(f.e, 2)->state, COUNTER_SERVING);
	CHECK_INT_EQ(run(&f, VERB_NEXT, 2, NULL), 0);
	CHECK_STR_EQ(current(&f, 2), "B001");
	const struct engine_ticket *a1 = engine_ticket(f.e, 0);
	CHECK_INT_EQ(a1->state, TICKET_SERVED);
	CHECK_STR_EQ(a1->officer, "Trần Thị Bình");
	CHECK_INT_EQ(engine_counter(f.e, 2)->served, 1);
	CHECK_INT_EQ(run(&f, VERB_NEXT, 2, NULL), 0);
	CHECK_STR_EQ(current(&f, 2), "A002");
	/* queue empty but a ticket current: NEXT finishes it */
	CHECK_INT_EQ(run(&f, VERB_NEXT, 2, NULL), 0);
	CHECK_STR_EQ(current(&f, 2), "-");
	CHECK_INT_EQ(engine_counter(f.e, 2)->served, 3);
	CHECK_INT_EQ(engine_counter(f.e, 2)->state, COUNTER_OPEN);
	CHECK_INT_EQ(run(&f, VERB_NEXT, 2, NULL), E_QUEUE_EMPTY);
	fx_close(&f);
}

TEST(engine_priority_streak_limit)
{
	struct fx f;
	fx_open(&f);
	run(&f, VERB_LOGIN, 1, "An");
	run(&f, VERB_ISSUE, 0, "A");             /* A001 normal, oldest */
	issue_prio(&f, "A", "elderly");          /* A002 */
	issue_prio(&f, "A", "disabled");         /* A003 */
	issue_prio(&f, "A", "elderly");          /* A004 */
	const char *want[] = { "A002", "A003", "A001", "A004" };  /* streak 2, then normal */
	for (int i = 0; i < 4; i++) {
		CHECK_INT_EQ(run(&f, VERB_NEXT, 1, NULL), 0);
		CHECK_STR_EQ(current(&f, 1), want[i]);
	}
	CHECK_INT_EQ(engine_ticket(f.e, 1)->priority, 1);
	CHECK_INT_EQ(engine_ticket(f.e, 2)->priority, 2);
	/* only priority tickets left: they are called even past the streak */
	issue_prio(&f, "A", "elderly");
	issue_prio(&f, "A", "elderly");
	issue_prio(&f, "A", "elderly");
	for (int i = 0; i < 3; i++) CHECK_INT_EQ(run(&f, VERB_NEXT, 1, NULL), 0);
	CHECK_STR_EQ(current(&f, 1), "A007");
	fx_close(&f);
}

TEST(engine_skip_requeue_transfer_keep_place)
{
	struct fx f;
	fx_open(&f);
	run(&f, VERB_LOGIN, 1, "An");
	run(&f, VERB_LOGIN, 2, "Bình");
	run(&f, VERB_ISSUE, 0, "A");   /* A001 */
	run(&f, VERB_ISSUE, 0, "A");   /* A002 */
	run(&f, VERB_ISSUE, 0, "B");   /* B001 */
	run(&f, VERB_ISSUE, 0, "A");   /* A003 */
	run(&f, VERB_NEXT, 1, NULL);   /* A001 */
	CHECK_INT_EQ(run(&f, VERB_SKIP, 1, NULL), 0);
	CHECK_INT_EQ(engine_ticket(f.e, 0)->state, TICKET_NOSHOW);
	CHECK_INT_EQ(engine_waiting(f.e, 0), 2);
	CHECK_INT_EQ(run(&f, VERB_REQUEUE, 1, "A001"), 0);
	CHECK_INT_EQ(engine_waiting(f.e, 0), 3);
	run(&f, VERB_NEXT, 1, NULL);
	CHECK_STR_EQ(current(&f, 1), "A001");      /* back at its place: the oldest */
	run(&f, VERB_NEXT, 1, NULL);              /* A002 */
	CHECK_INT_EQ(run(&f, VERB_TRANSFER, 1, "B"), 0);
	CHECK_STR_EQ(current(&f, 1), "-");
	CHECK_INT_EQ(engine_waiting(f.e, 1), 2);
	/* counter 2 serves B first: A002 (issued before B001) comes first */
	run(&f, VERB_NEXT, 2, NULL);
	CHECK_STR_EQ(current(&f, 2), "A002");
	CHECK_INT_EQ(engine_ticket(f.e, 1)->service, 1);
	CHECK_INT_EQ(engine_ticket(f.e, 1)->issued_service, 0);
	run(&f, VERB_RECALL, 2, NULL);
	run(&f, VERB_RECALL, 2, NULL);
	CHECK_INT_EQ(engine_ticket(f.e, 1)->recalls, 2);
	fx_close(&f);
}

TEST(engine_pause_and_logout_finish_current)
{
	struct fx f;
	fx_open(&f);
	run(&f, VERB_LOGIN, 1, "An");
	run(&f, VERB_ISSUE, 0, "A");
	run(&f, VERB_ISSUE, 0, "A");
	run(&f, VERB_NEXT, 1, NULL);
	CHECK_INT_EQ(run(&f, VERB_PAUSE, 1, "nghỉ trưa"), 0);
	CHECK_INT_EQ(engine_counter(f.e, 1)->state, COUNTER_PAUSED);
	CHECK_STR_EQ(engine_counter(f.e, 1)->reason, "nghỉ trưa");
	CHECK_INT_EQ(engine_ticket(f.e, 0)->state, TICKET_SERVED);
	CHECK_INT_EQ(run(&f, VERB_RATE, 1, "0"), 0);     /* "no choice" is recorded as 0 */
	CHECK_INT_EQ(engine_ticket(f.e, 0)->rating, 0);
	run(&f, VERB_RESUME, 1, NULL);
	run(&f, VERB_NEXT, 1, NULL);
	CHECK_INT_EQ(run(&f, VERB_LOGOUT, 1, NULL), 0);
	CHECK_INT_EQ(engine_ticket(f.e, 1)->state, TICKET_SERVED);
	CHECK_INT_EQ(engine_counter(f.e, 1)->state, COUNTER_CLOSED);
	CHECK_STR_EQ(engine_counter(f.e, 1)->officer, "");
	fx_close(&f);
}

TEST(engine_replay_gives_same_state)
{
	struct fx f;
	fx_open(&f);
	run(&f, VERB_LOGIN, 1, "An");
	run(&f, VERB_LOGIN, 2, "Bình");
	for (int i = 0; i < 30; i++) {
		run(&f, VERB_ISSUE, 0, i % 3 ? "A" : "B");
		if (i % 4 == 0) issue_prio(&f, "A", "elderly");
		run(&f, VERB_NEXT, 1 + i % 2, NULL);
		if (i % 5 == 0) run(&f, VERB_SKIP, 1 + i % 2, NULL);
		if (i % 7 == 0) run(&f, VERB_RECALL, 1 + i % 2, NULL);
		if (i % 6 == 0) run(&f, VERB_RATE, 1 + i % 2, "5");
	}
	struct engine *r = engine_new(f.cfg, engine_day(f.e));
	for (int i = 0; i < f.nlog; i++) CHECK_INT_EQ(engine_apply(r, &f.log[i]), 0);
	CHECK(engine_digest(r) == engine_digest(f.e));
	CHECK(engine_ntickets(r) == engine_ntickets(f.e));
	/* a corrupt event is refused, not applied */
	struct engine_event bad = f.log[f.nlog - 1];
	bad.ticket = 100000;
	CHECK(engine_apply(r, &bad) < 0);
	engine_free(r);
	fx_close(&f);
}

TEST(engine_service_day)
{
	struct fx f;
	fx_open(&f);
	/* day_start 4 (default): 03:59 local belongs to the day before */
	int64_t d = engine_day_of(f.cfg, T0);
	CHECK_INT_EQ(engine_day_of(f.cfg, T0 - 5 * 3600000LL - 60000), d - 1);
	CHECK_INT_EQ(engine_day_of(f.cfg, T0 - 5 * 3600000LL), d);
	CHECK_INT_EQ(engine_day_of(f.cfg, T0 + 14 * 3600000LL), d);
	run(&f, VERB_LOGIN, 1, "An");
	run(&f, VERB_ISSUE, 0, "A");
	run(&f, VERB_NEXT, 1, NULL);
	engine_new_day(f.e, d + 1);
	CHECK_INT_EQ(engine_ntickets(f.e), 0);
	/* nothing carries over: a restart replays only the new day's events */
	CHECK_INT_EQ(engine_counter(f.e, 1)->state, COUNTER_CLOSED);
	CHECK_STR_EQ(engine_counter(f.e, 1)->officer, "");
	struct engine *fresh = engine_new(f.cfg, d + 1);
	CHECK(engine_digest(fresh) == engine_digest(f.e));
	engine_free(fresh);
	run(&f, VERB_ISSUE, 0, "A");
	CHECK_STR_EQ(engine_ticket(f.e, 0)->label, "A001");   /* numbers restart */
	fx_close(&f);
}

TEST(engine_verb_names_round_trip)
{
	for (int v = 0; v < VERB_COUNT_; v++)
		CHECK_INT_EQ(engine_verb_from_name(engine_verb_name((enum engine_verb)v)), v);
	CHECK_INT_EQ(engine_verb_from_name("FOO"), -1);
}

TEST(engine_ahead_counts_who_is_called_first)
{
	struct fx f;
	fx_open(&f);
	run(&f, VERB_ISSUE, 0, "A");              /* A001 */
	run(&f, VERB_ISSUE, 0, "A");              /* A002 */
	issue_prio(&f, "A", "elderly");           /* A003: called first */
	run(&f, VERB_ISSUE, 0, "A");              /* A004 */
	CHECK_INT_EQ(engine_ahead(f.e, 2), 0);
	CHECK_INT_EQ(engine_ahead(f.e, 0), 1);
	CHECK_INT_EQ(engine_ahead(f.e, 3), 3);
	CHECK_INT_EQ(engine_find_ticket(f.e, "a002"), 1);   /* labels match in any case */
	fx_close(&f);
}
