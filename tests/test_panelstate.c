/*
 * Unit tests of the counter panel's state, without SDL or a display: the
 * requests it sends, the buttons it allows, what it shows after each
 * reply, the citizen's rating and its clock (as tests/test_engine.c tests
 * the engine).
 */
#include "test.h"

#include <stdio.h>
#include <string.h>

#include "panelstate.h"

struct wire {
	char sent[32][200];
	int tags[32];
	int n;
};

static int capture(void *ud, const char *body, int tag, bool retry)
{
	struct wire *w = ud;
	(void)retry;
	if (w->n == 32) return -1;
	snprintf(w->sent[w->n], sizeof w->sent[0], "%s", body);
	w->tags[w->n++] = tag;
	return 0;
}

/* The last request sent with tag, or "". */
static const char *last(const struct wire *w, int tag)
{
	for (int i = w->n - 1; i >= 0; i--)
		if (w->tags[i] == tag) return w->sent[i];
	return "";
}

static void reply(struct panelstate *s, int tag, const char *line)
{
	struct proto_msg m;
	if (proto_parse(line, strlen(line), &m) != 0) { test_fail(__FILE__, __LINE__, "bad line %s", line); return; }
	panelstate_reply(s, tag, &m);
}

/* NEXT, and the display's reply to it. */
static void call_next(struct panelstate *s, const char *reply_line)
{
	panelstate_act(s, ACT_NEXT);
	reply(s, PST_ACTION, reply_line);
}

/* A panel at counter 5, linked, the counter open with nobody served. */
static void open_counter(struct panelstate *s, struct wire *w)
{
	struct panelstate_io io = { capture, w };
	memset(w, 0, sizeof *w);
	panelstate_init(s, 5, 30, false, &io, 1000);
	panelstate_link(s, true, "");
	panelstate_ready(s);
	reply(s, PST_STATUS, "s1 OK counter=5 name=\"Quầy 5\" state=open ticket=none officer=\"Lê Hoa\" waiting=3 served=0 last_served=none");
	reply(s, PST_SERVICES, "s2 OK A=\"Tư pháp\" B=\"Đất đai\"");
}

/* A panel open at counter 5 that has just served A001 and called A002:
 * the citizen's rating of A001 is open. */
static void served_one(struct panelstate *s, struct wire *w)
{
	open_counter(s, w);
	call_next(s, "x OK ticket=A002 service=A priority=none counter=5 finished=A001 waiting=1");
}

TEST(panelstate_asks_for_everything_when_the_link_comes_up)
{
	struct panelstate s;
	struct wire w;
	open_counter(&s, &w);
	CHECK_STR_EQ(last(&w, PST_SUB), "SUB");
	CHECK_STR_EQ(last(&w, PST_SERVICES), "SERVICES");
	CHECK_STR_EQ(last(&w, PST_STATUS), "STATUS counter=5");
	CHECK_STR_EQ(last(&w, PST_NOSHOWS), "NOSHOWS");
	CHECK_INT_EQ(s.m.state, CS_OPEN);
	CHECK_INT_EQ(s.m.nservices, 2);
	CHECK_STR_EQ(s.m.officer, "Lê Hoa");
}

TEST(panelstate_one_action_at_a_time)
{
	struct panelstate s;
	struct wire w;
	open_counter(&s, &w);
	CHECK(panelstate_enabled(&s, ACT_NEXT));
	CHECK(!panelstate_enabled(&s, ACT_RECALL));   /* nobody to call again */
	int before = w.n;
	panelstate_act(&s, ACT_NEXT);
	CHECK_STR_EQ(last(&w, PST_ACTION), "NEXT");
	CHECK(!panelstate_enabled(&s, ACT_NEXT));      /* its reply is awaited */
	panelstate_act(&s, ACT_NEXT);                   /* a double press */
	CHECK_INT_EQ(w.n, before + 1);
	reply(&s, PST_ACTION, "x OK ticket=A001 service=A priority=elderly counter=5 waiting=2");
	CHECK_STR_EQ(s.m.ticket, "A001");
	CHECK_INT_EQ(s.m.state, CS_SERVING);
	CHECK_STR_EQ(s.message, "Đã mời số A001 đến quầy 5");
	CHECK(panelstate_enabled(&s, ACT_RECALL));
	CHECK_STR_EQ(last(&w, PST_STATUS), "STATUS counter=5");
}

TEST(panelstate_refusals_are_shown_and_nothing_is_sent_while_down)
{
	struct panelstate s;
	struct wire w;
	open_counter(&s, &w);
	panelstate_act(&s, ACT_NEXT);
	reply(&s, PST_ACTION, "x ERR queue_empty Không còn công dân nào đang chờ");
	CHECK_STR_EQ(s.message, "Không còn công dân nào đang chờ");
	CHECK(s.message_err);
	panelstate_link(&s, false, "mất kết nối");
	int before = w.n;
	panelstate_act(&s, ACT_NEXT);
	CHECK_INT_EQ(w.n, before);
	CHECK(strstr(s.message, "mất kết nối") != NULL);
}

TEST(panelstate_closed_counter_logs_in_by_name)
{
	struct panelstate s;
	struct wire w;
	open_counter(&s, &w);
	reply(&s, PST_STATUS, "s3 OK counter=5 state=closed ticket=none waiting=3 served=0 last_served=none");
	CHECK_INT_EQ(s.m.state, CS_CLOSED);
	CHECK(!panelstate_enabled(&s, ACT_NEXT));
	CHECK(panelstate_enabled(&s, ACT_LOGIN));
	panelstate_act(&s, ACT_LOGIN);
	CHECK_INT_EQ(s.view, PV_LOGIN);
	CHECK(s.text_input);
	panelstate_type(&s, "Nguyễn Văn ");
	panelstate_type(&s, "Ann");
	panelstate_erase(&s);                        /* one whole character */
	CHECK_STR_EQ(s.login, "Nguyễn Văn An");
	panelstate_submit_login(&s);
	CHECK_STR_EQ(last(&w, PST_ACTION), "LOGIN officer=\"Nguyễn Văn An\"");
	CHECK_INT_EQ(s.view, PV_MAIN);
	CHECK(!s.text_input);
	reply(&s, PST_ACTION, "x OK counter=5");
	CHECK_INT_EQ(s.m.state, CS_OPEN);
	CHECK_STR_EQ(s.m.officer, "Nguyễn Văn An");
}

TEST(panelstate_pause_picks_a_reason_and_resume_reopens)
{
	struct panelstate s;
	struct wire w;
	struct panel_item items[PANEL_MAX_ITEMS];
	open_counter(&s, &w);
	panelstate_act(&s, ACT_PAUSE);
	CHECK_INT_EQ(s.view, PV_PAUSE);
	CHECK_INT_EQ(panelstate_items(&s, items, PANEL_MAX_ITEMS), 4);
	panelstate_move(&s, -1);                     /* wraps to the last */
	CHECK_INT_EQ(s.sel, 3);
	panelstate_choose(&s, 0);
	CHECK_STR_EQ(last(&w, PST_ACTION), "PAUSE reason=\"nghỉ trưa\"");
	reply(&s, PST_ACTION, "x OK counter=5");
	CHECK_INT_EQ(s.m.state, CS_PAUSED);
	CHECK_STR_EQ(panelstate_action_label(&s, ACT_PAUSE), "Tiếp tục");
	CHECK(!panelstate_enabled(&s, ACT_NEXT));
	panelstate_act(&s, ACT_PAUSE);
	CHECK_STR_EQ(last(&w, PST_ACTION), "RESUME");
}

TEST(panelstate_transfer_offers_the_other_services)
{
	struct panelstate s;
	struct wire w;
	struct panel_item items[PANEL_MAX_ITEMS];
	open_counter(&s, &w);
	call_next(&s, "x OK ticket=A001 service=A priority=none counter=5 waiting=2");
	panelstate_act(&s, ACT_TRANSFER);
	CHECK_INT_EQ(panelstate_items(&s, items, PANEL_MAX_ITEMS), 1);
	CHECK_STR_EQ(items[0].value, "B");
	panelstate_cancel(&s);
	CHECK_INT_EQ(s.view, PV_MAIN);
}

TEST(panelstate_rating_after_a_ticket_served_and_its_clock)
{
	struct panelstate s;
	struct wire w;
	served_one(&s, &w);
	CHECK(s.rating.active);
	CHECK_STR_EQ(s.rating.ticket, "A001");
	CHECK(panelstate_rating_shown(&s));
	CHECK(panelstate_tick(&s, 1000 + 29000) > 0);   /* the countdown ticks */
	CHECK(s.rating.active);
	panelstate_tick(&s, 1000 + 30000);              /* out of time: no choice */
	CHECK(!s.rating.active);
	CHECK_STR_EQ(last(&w, PST_RATE), "RATE score=none");

	call_next(&s, "x OK ticket=A003 service=A priority=none counter=5 finished=A002 waiting=0");
	panelstate_rate(&s, 5);
	CHECK_STR_EQ(last(&w, PST_RATE), "RATE score=5");
	CHECK(panelstate_rating_shown(&s));             /* "Cảm ơn" for a moment */
	panelstate_tick(&s, s.now_ms + 2500);
	CHECK(!panelstate_rating_shown(&s));
}

TEST(panelstate_next_closes_an_open_rating_as_no_choice_first)
{
	struct panelstate s;
	struct wire w;
	served_one(&s, &w);
	CHECK(s.rating.active);
	panelstate_act(&s, ACT_NEXT);
	CHECK_STR_EQ(w.sent[w.n - 2], "RATE score=none");   /* before the NEXT, never after */
	CHECK_STR_EQ(w.sent[w.n - 1], "NEXT");
}

TEST(panelstate_counter_states_parse_once)
{
	CHECK_INT_EQ(counter_state_parse("closed"), CS_CLOSED);
	CHECK_INT_EQ(counter_state_parse("open"), CS_OPEN);
	CHECK_INT_EQ(counter_state_parse("serving"), CS_SERVING);
	CHECK_INT_EQ(counter_state_parse("paused"), CS_PAUSED);
	CHECK_INT_EQ(counter_state_parse("Paused"), CS_UNKNOWN);
	CHECK_INT_EQ(counter_state_parse(""), CS_UNKNOWN);
	CHECK_INT_EQ(counter_state_parse(NULL), CS_UNKNOWN);
}
