/*
 * Unit tests of what the kiosk relies on in the core: VOID takes a ticket
 * out for good (never called, replayed the same), the estimated wait from
 * today's service times (or none), and the devices' states.
 */
#include "test.h"

#include <stdlib.h>

#include "config.h"
#include "device.h"
#include "engine.h"
#include "estimate.h"
#include "message.h"

#define T0 1795831200000LL   /* 2026-11-28 09:00 in Vietnam */

static const char conf_text[] =
	"[center]\nname = Test\npriority_groups = elderly:Người cao tuổi\n"
	"[service A]\nname = Hộ tịch\nhours = 07:00-17:00\n"
	"[service B]\nname = Đất đai\nhours = 13:00-17:00\n"
	"[counter 1]\nservices = A\n[counter 2]\nservices = A, B\n";

struct fx {
	struct config *cfg;
	struct engine *e;
	int64_t now;
	struct engine_event log[256];
	int nlog;
};

static void fx_open(struct fx *f)
{
	char err[256];
	memset(f, 0, sizeof *f);
	f->cfg = config_parse(conf_text, "t.conf", err, sizeof err);
	if (!f->cfg) { test_fail(__FILE__, __LINE__, "%s", err); exit(1); }
	f->now = T0;
	f->e = engine_new(f->cfg, engine_day_of(f->cfg, T0));
}

static void fx_close(struct fx *f)
{
	engine_free(f->e);
	config_free(f->cfg);
}

/* One command: verb, counter, service code, ticket label, text. */
static int run(struct fx *f, enum engine_verb v, int counter, const char *svc, const char *label,
               const char *text, int64_t step_ms)
{
	struct engine_cmd c = { .verb = v, .counter = counter, .service = -1, .ticket = -1 };
	struct engine_event ev;
	f->now += step_ms;
	if (svc) c.service = config_service_index(f->cfg, svc);
	if (label) c.ticket = engine_find_ticket(f->e, label);
	if (text) snprintf(c.text, sizeof c.text, "%s", text);
	int rc = engine_decide(f->e, &c, f->now, &ev);
	if (rc == 0) {
		CHECK_INT_EQ(engine_apply(f->e, &ev), 0);
		if (f->nlog < 256) f->log[f->nlog++] = ev;
	}
	return rc;
}

TEST(void_takes_a_waiting_ticket_out_for_good)
{
	struct fx f;
	fx_open(&f);
	run(&f, VERB_LOGIN, 1, NULL, NULL, "An", 1000);
	run(&f, VERB_ISSUE, 0, "A", NULL, NULL, 1000);   /* A001 */
	run(&f, VERB_ISSUE, 0, "A", NULL, NULL, 1000);   /* A002 */
	CHECK_INT_EQ(run(&f, VERB_VOID, 0, NULL, "A001", "paper_out", 1000), 0);
	CHECK_INT_EQ(engine_ticket(f.e, 0)->state, TICKET_VOID);
	CHECK_INT_EQ(engine_waiting(f.e, 0), 1);
	CHECK_INT_EQ(engine_ahead(f.e, 1), 0);            /* A002 is first now */
	/* the voided number is never called: NEXT takes A002, then nothing */
	CHECK_INT_EQ(run(&f, VERB_NEXT, 1, NULL, NULL, NULL, 1000), 0);
	CHECK_STR_EQ(engine_ticket(f.e, engine_counter(f.e, 1)->current)->label, "A002");
	CHECK_INT_EQ(run(&f, VERB_NEXT, 1, NULL, NULL, NULL, 1000), 0);   /* finishes A002 */
	CHECK_INT_EQ(engine_counter(f.e, 1)->current, -1);
	CHECK_INT_EQ(engine_ticket(f.e, 0)->state, TICKET_VOID);
	/* a second VOID, a called or served ticket, no reason, no ticket: refused */
	CHECK_INT_EQ(run(&f, VERB_VOID, 0, NULL, "A001", "again", 1000), E_NOT_WAITING);
	CHECK_INT_EQ(run(&f, VERB_VOID, 0, NULL, "A002", "late", 1000), E_NOT_WAITING);
	run(&f, VERB_ISSUE, 0, "A", NULL, NULL, 1000);   /* A003 */
	CHECK_INT_EQ(run(&f, VERB_VOID, 0, NULL, "A003", NULL, 1000), E_BAD_REASON);
	CHECK_INT_EQ(run(&f, VERB_VOID, 0, NULL, "A999", "x", 1000), E_UNKNOWN_TICKET);
	CHECK_STR_EQ(engine_errcode(E_NOT_WAITING), "not_waiting");
	CHECK_STR_EQ(engine_verb_name(VERB_VOID), "VOID");
	/* the citizen's page (TICKET) says it is void */
	struct proto_buf pb;
	struct proto_msg m;
	message_ticket(&pb, "t", f.e, 0);
	CHECK(proto_parse(pb.s, pb.n - 1, &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "state"), "void");
	/* the VOID event belongs to no counter */
	CHECK_INT_EQ(f.log[3].verb, VERB_VOID);
	CHECK_INT_EQ(f.log[3].counter, 0);
	CHECK_STR_EQ(f.log[3].text, "paper_out");
	/* replaying the log gives the same day */
	struct engine *again = engine_new(f.cfg, engine_day(f.e));
	for (int i = 0; i < f.nlog; i++) CHECK_INT_EQ(engine_apply(again, &f.log[i]), 0);
	CHECK(engine_digest(again) == engine_digest(f.e));
	engine_free(again);
	fx_close(&f);
}

TEST(void_of_a_priority_ticket_keeps_the_others_order)
{
	struct fx f;
	fx_open(&f);
	run(&f, VERB_ISSUE, 0, "A", NULL, NULL, 1000);   /* A001 */
	struct engine_cmd c = { .verb = VERB_ISSUE, .service = 0, .priority = 1, .ticket = -1 };
	struct engine_event ev;
	CHECK_INT_EQ(engine_decide(f.e, &c, f.now += 1000, &ev), 0);
	CHECK_INT_EQ(engine_apply(f.e, &ev), 0);          /* A002, priority */
	CHECK_INT_EQ(engine_ahead(f.e, 0), 1);
	CHECK_INT_EQ(run(&f, VERB_VOID, 0, NULL, "A002", "cover_open", 1000), 0);
	CHECK_INT_EQ(engine_ahead(f.e, 0), 0);
	fx_close(&f);
}

TEST(estimate_needs_three_served_tickets_and_an_open_counter)
{
	struct fx f;
	fx_open(&f);
	for (int i = 0; i < 6; i++) run(&f, VERB_ISSUE, 0, "A", NULL, NULL, 1000);
	CHECK_INT_EQ(estimate_wait_min(f.e, 0, 5), -1);              /* nobody served yet */
	run(&f, VERB_LOGIN, 1, NULL, NULL, "An", 1000);
	/* three services of 4, 6 and 8 minutes: a mean of 6 */
	run(&f, VERB_NEXT, 1, NULL, NULL, NULL, 1000);
	run(&f, VERB_NEXT, 1, NULL, NULL, NULL, 4 * 60000);
	CHECK_INT_EQ(estimate_wait_min(f.e, 0, 5), -1);              /* one is not enough */
	run(&f, VERB_NEXT, 1, NULL, NULL, NULL, 6 * 60000);
	run(&f, VERB_NEXT, 1, NULL, NULL, NULL, 8 * 60000);
	CHECK_INT_EQ(estimate_service_ms(f.e, 0), 6 * 60000);
	CHECK_INT_EQ(estimate_open_counters(f.e, 0), 1);
	CHECK_INT_EQ(estimate_wait_min(f.e, 0, 2), 12);
	CHECK_INT_EQ(estimate_wait_min(f.e, 0, 0), 6);               /* nobody ahead, its counter busy */
	/* a second counter open for A halves it */
	run(&f, VERB_LOGIN, 2, NULL, NULL, "Bình", 1000);
	CHECK_INT_EQ(estimate_wait_min(f.e, 0, 2), 6);
	/* B has no service time of its own: no figure is invented */
	CHECK_INT_EQ(estimate_wait_min(f.e, 1, 2), -1);
	/* all counters paused or closed: no figure either */
	run(&f, VERB_PAUSE, 1, NULL, NULL, "họp", 1000);
	run(&f, VERB_LOGOUT, 2, NULL, NULL, NULL, 1000);
	CHECK_INT_EQ(estimate_wait_min(f.e, 0, 2), -1);
	fx_close(&f);
}

TEST(queue_messages_say_hours_open_and_wait)
{
	struct fx f;
	fx_open(&f);
	struct proto_buf pb;
	struct proto_msg m;
	message_queue(&pb, "q", f.e);
	CHECK(proto_parse(pb.s, pb.n - 1, &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "services"), "A,B");
	CHECK_STR_EQ(proto_get(&m, "groups"), "elderly");
	CHECK_STR_EQ(proto_get(&m, "utc_offset_min"), "420");   /* the default +7: kiosks keep the center's time */
	message_queue_service(&pb, "q", f.e, 1, f.now);   /* 09:00: B opens at 13:00 */
	CHECK(proto_parse(pb.s, pb.n - 1, &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "name"), "Đất đai");
	CHECK_STR_EQ(proto_get(&m, "hours"), "13:00-17:00");
	CHECK_STR_EQ(proto_get(&m, "open"), "0");
	CHECK_STR_EQ(proto_get(&m, "wait_min"), "unknown");
	message_queue_service(&pb, "q", f.e, 1, f.now + 5 * 3600000LL);   /* 14:00 */
	CHECK(proto_parse(pb.s, pb.n - 1, &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "open"), "1");
	message_queue_group(&pb, "q", f.e, 0);
	CHECK(proto_parse(pb.s, pb.n - 1, &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "name"), "Người cao tuổi");
	fx_close(&f);
}

TEST(device_states_change_go_offline_and_come_back)
{
	struct device_table t = { 0 };
	int a = 0, b = 0;
	char w[300];
	CHECK(device_set(&t, 1, DEVICE_OK, &a) != NULL);           /* a new kiosk is told */
	CHECK(device_set(&t, 1, DEVICE_OK, &a) == NULL);           /* no change, no push */
	device_warning(&t, w, sizeof w);
	CHECK_STR_EQ(w, "");
	const struct device *d = device_set(&t, 1, DEVICE_PAPER_OUT, &a);
	REQUIRE(d != NULL);
	CHECK_STR_EQ(d->name, "kiosk-1");
	device_warning(&t, w, sizeof w);
	CHECK_STR_EQ(w, "Máy lấy số 1: máy in hết giấy");
	/* kiosk 1 is back on a new connection before the old one is seen closed */
	device_set(&t, 1, DEVICE_OK, &b);
	const struct device *lost[4];
	CHECK_INT_EQ(device_lost(&t, &a, lost, 4), 0);
	device_warning(&t, w, sizeof w);
	CHECK_STR_EQ(w, "");
	CHECK_INT_EQ(device_lost(&t, &b, lost, 4), 1);
	device_set(&t, 2, DEVICE_PAPER_NEAR_END, &a);
	device_warning(&t, w, sizeof w);
	CHECK_STR_EQ(w, "Máy lấy số 1: mất kết nối  ·  Máy lấy số 2: máy in sắp hết giấy");
	struct proto_buf pb;
	struct proto_msg m;
	device_push_line(&pb, lost[0]);
	CHECK(proto_parse(pb.s, pb.n - 1, &m) == 0);
	CHECK_STR_EQ(m.word, "DEVICE");
	CHECK_STR_EQ(proto_get(&m, "state"), "offline");
	CHECK_INT_EQ(device_state_from_name("cover_open"), DEVICE_COVER_OPEN);
	CHECK_INT_EQ(device_state_from_name("bogus"), -1);
}

/* IT runs a second kiosk process with the same key while the real one is
 * out of paper: when it leaves, the kiosk is not lost, and its paper is. */
TEST(device_a_second_connection_leaving_keeps_the_kiosk_and_its_state)
{
	struct device_table t = { 0 };
	int real = 0, second = 0;
	char w[300];
	const struct device *lost[4];
	device_set(&t, 1, DEVICE_PAPER_OUT, &real);
	CHECK(device_set(&t, 1, DEVICE_OK, &second) != NULL);
	CHECK_INT_EQ(device_lost(&t, &second, lost, 4), 1);
	CHECK_STR_EQ(device_state_name(lost[0]->state), "paper_out");
	device_warning(&t, w, sizeof w);
	CHECK_STR_EQ(w, "Máy lấy số 1: máy in hết giấy");
	CHECK_INT_EQ(device_lost(&t, &second, lost, 4), 0);     /* told twice: nothing */
	CHECK_INT_EQ(device_lost(&t, &real, lost, 4), 1);       /* the last one: lost */
	device_warning(&t, w, sizeof w);
	CHECK_STR_EQ(w, "Máy lấy số 1: mất kết nối");
}

/* A ticket with nobody ahead is "called at once" only when a counter of
 * its service is free: with every one busy the citizen waits for the first
 * to finish, one service time shared among them. */
TEST(estimate_nobody_ahead_waits_while_every_counter_is_busy)
{
	struct fx f;
	fx_open(&f);
	for (int i = 0; i < 5; i++) run(&f, VERB_ISSUE, 0, "A", NULL, NULL, 1000);
	run(&f, VERB_LOGIN, 1, NULL, NULL, "An", 1000);
	for (int i = 0; i < 4; i++) run(&f, VERB_NEXT, 1, NULL, NULL, NULL, 4 * 60000);   /* 4 min each */
	CHECK_INT_EQ(estimate_service_ms(f.e, 0), 4 * 60000);
	CHECK_INT_EQ(estimate_wait_min(f.e, 0, 0), 4);         /* counter 1 serves A004 */
	run(&f, VERB_LOGIN, 2, NULL, NULL, "Bình", 1000);       /* a free counter of A */
	CHECK_INT_EQ(estimate_wait_min(f.e, 0, 0), 0);
	run(&f, VERB_NEXT, 2, NULL, NULL, NULL, 1000);          /* both busy: the first of two */
	CHECK_INT_EQ(estimate_wait_min(f.e, 0, 0), 2);
	fx_close(&f);
}
