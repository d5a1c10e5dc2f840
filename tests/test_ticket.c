/*
 * Unit tests of what the citizen's ticket page relies on: the token a
 * ticket is issued with (kept through replay, found only when exact), the
 * TICKET and RECENT lines, and the estimated wait.
 */
#include "test.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "engine.h"
#include "message.h"

#define T0 1795831200000LL   /* 09:00 in Vietnam */
#define MIN 60000LL

static const char conf_text[] =
	"[center]\nname = Test\n"
	"[service A]\nname = Hộ tịch\nhours = 07:00-17:00\n"
	"[service B]\nname = Đất đai\nhours = 07:00-17:00\n"
	"[counter 1]\nservices = A\n"
	"[counter 2]\nservices = A\n"
	"[counter 3]\nservices = B\n";

static const char tok1[] = "AbCdEfGhIjKlMnOpQrSt_-";
static const char tok2[] = "zzzzzzzzzzzzzzzzzzzzz0";

/* The test center's configuration and an engine on the day of T0. */
static struct config *open_day(struct engine **e)
{
	char err[200];
	struct config *cfg = config_parse(conf_text, "t.conf", err, sizeof err);
	if (!cfg) { test_fail(__FILE__, __LINE__, "%s", err); return NULL; }
	*e = engine_new(cfg, engine_day_of(cfg, T0));
	return cfg;
}

static void close_day(struct config *cfg, struct engine *e)
{
	engine_free(e);
	config_free(cfg);
}

static int run(struct engine *e, struct engine_cmd c, int64_t at, struct engine_event *ev)
{
	int rc = engine_decide(e, &c, at, ev);
	return rc ? rc : engine_apply(e, ev);
}

static int issue(struct engine *e, int service, const char *token, int64_t at, struct engine_event *ev)
{
	struct engine_cmd c = { .verb = VERB_ISSUE, .service = service, .ticket = -1 };
	snprintf(c.text, sizeof c.text, "%s", token);
	return run(e, c, at, ev);
}

static int counter_cmd(struct engine *e, enum engine_verb v, int counter, int64_t at)
{
	struct engine_event ev;
	struct engine_cmd c = { .verb = v, .counter = counter, .service = -1, .ticket = -1 };
	if (v == VERB_LOGIN) snprintf(c.text, sizeof c.text, "Cán bộ %d", counter);
	return run(e, c, at, &ev);
}

TEST(ticket_token_kept_by_issue_and_replay)
{
	struct engine *e;
	struct config *cfg = open_day(&e);
	REQUIRE(cfg != NULL);
	struct engine_event ev[3];
	CHECK_INT_EQ(issue(e, 0, tok1, T0, &ev[0]), 0);
	CHECK_STR_EQ(ev[0].text, tok1);
	CHECK_INT_EQ(issue(e, 0, "not a token", T0 + 1, &ev[1]), 0);
	CHECK_STR_EQ(ev[1].text, "");
	CHECK_INT_EQ(issue(e, 1, tok2, T0 + 2, &ev[2]), 0);
	CHECK_STR_EQ(engine_ticket(e, 0)->token, tok1);
	CHECK_STR_EQ(engine_ticket(e, 1)->token, "");
	CHECK_INT_EQ(engine_find_token(e, tok1), 0);
	CHECK_INT_EQ(engine_find_token(e, tok2), 2);
	/* near misses, labels and empty strings find nothing */
	CHECK_INT_EQ(engine_find_token(e, "AbCdEfGhIjKlMnOpQrSt_A"), -1);
	CHECK_INT_EQ(engine_find_token(e, "AbCdEfGhIjKlMnOpQrSt_"), -1);
	CHECK_INT_EQ(engine_find_token(e, "AbCdEfGhIjKlMnOpQrSt_-x"), -1);
	CHECK_INT_EQ(engine_find_token(e, "A001"), -1);
	CHECK_INT_EQ(engine_find_token(e, ""), -1);
	CHECK_INT_EQ(engine_find_token(e, "AbCdEfGhIjKlMnOpQrSt/-"), -1);
	/* a replay of the same events gives back the same tokens */
	struct engine *r = engine_new(cfg, engine_day_of(cfg, T0));
	for (int i = 0; i < 3; i++) CHECK_INT_EQ(engine_apply(r, &ev[i]), 0);
	CHECK_INT_EQ(engine_find_token(r, tok2), 2);
	CHECK_STR_EQ(engine_ticket(r, 0)->token, tok1);
	/* a new day forgets them: yesterday's page is gone */
	engine_new_day(r, engine_day(r) + 1);
	CHECK_INT_EQ(engine_find_token(r, tok1), -1);
	engine_free(r);
	close_day(cfg, e);
}

TEST(ticket_issue_reply_carries_token)
{
	struct engine *e;
	struct config *cfg = open_day(&e);
	REQUIRE(cfg != NULL);
	struct engine_event ev;
	struct proto_buf pb;
	CHECK_INT_EQ(issue(e, 0, tok1, T0, &ev), 0);
	message_ok(&pb, "k1", e, &ev);
	CHECK_STR_EQ(pb.s, "k1 OK ticket=A001 service=A priority=none ahead=0 issued_ms=1795831200000 "
	                   "token=AbCdEfGhIjKlMnOpQrSt_- wait_min=unknown\n");
	close_day(cfg, e);
}

TEST(ticket_line_follows_the_ticket_from_issue_to_served)
{
	struct engine *e;
	struct config *cfg = open_day(&e);
	REQUIRE(cfg != NULL);
	struct engine_event ev;
	struct proto_buf pb;
	for (int i = 0; i < 6; i++) CHECK_INT_EQ(issue(e, 0, "", T0 + i, &ev), 0);
	CHECK_INT_EQ(issue(e, 0, tok1, T0 + 10, &ev), 0);
	int me = ev.ticket;
	/* no counter open for A: the wait is unknown */
	message_ticket(&pb, "q", e, me);
	CHECK_STR_EQ(pb.s, "q OK ticket=A007 service=A priority=none state=waiting ahead=6 wait_min=-1 "
	                   "counter=0 recalls=0 issued_ms=1795831200010 day=20785\n");
	CHECK_INT_EQ(message_wait_ms(e, me), -1);
	/* a counter opens, but nobody was served today: still unknown (no
	 * figure invented) */
	CHECK_INT_EQ(counter_cmd(e, VERB_LOGIN, 1, T0 + MIN), 0);
	CHECK_INT_EQ(message_wait_ms(e, me), -1);
	/* it serves A001, A002 and A003 in 3 minutes each: three ahead, one
	 * counter, three service times of 3 minutes */
	CHECK_INT_EQ(counter_cmd(e, VERB_NEXT, 1, T0 + 2 * MIN), 0);
	CHECK_INT_EQ(counter_cmd(e, VERB_NEXT, 1, T0 + 5 * MIN), 0);
	CHECK_INT_EQ(message_wait_ms(e, me), -1);         /* one sample is not enough */
	CHECK_INT_EQ(counter_cmd(e, VERB_NEXT, 1, T0 + 8 * MIN), 0);
	CHECK_INT_EQ(counter_cmd(e, VERB_DONE, 1, T0 + 11 * MIN), 0);
	CHECK_INT_EQ(message_wait_ms(e, me), 3 * 3 * MIN);
	/* a second counter of A: the work is shared */
	CHECK_INT_EQ(counter_cmd(e, VERB_LOGIN, 2, T0 + 11 * MIN), 0);
	CHECK_INT_EQ(message_wait_ms(e, me), 3 * 3 * MIN / 2);
	message_ticket(&pb, "q", e, me);
	CHECK(strstr(pb.s, " ahead=3 wait_min=5 ") != NULL);
	/* a counter of another service changes nothing */
	CHECK_INT_EQ(counter_cmd(e, VERB_LOGIN, 3, T0 + 11 * MIN), 0);
	CHECK_INT_EQ(message_wait_ms(e, me), 3 * 3 * MIN / 2);
	for (int i = 0; i < 3; i++) CHECK_INT_EQ(counter_cmd(e, VERB_NEXT, 1 + i % 2, T0 + (12 + i) * MIN), 0);
	CHECK_INT_EQ(counter_cmd(e, VERB_NEXT, 2, T0 + 16 * MIN), 0);
	message_ticket(&pb, "q", e, me);
	CHECK_STR_EQ(pb.s, "q OK ticket=A007 service=A priority=none state=called ahead=0 wait_min=0 "
	                   "counter=2 recalls=0 issued_ms=1795831200010 called_ms=1795832160000 day=20785\n");
	CHECK_INT_EQ(counter_cmd(e, VERB_DONE, 2, T0 + 18 * MIN), 0);
	message_ticket(&pb, "q", e, me);
	CHECK(strstr(pb.s, " state=served ") != NULL);
	close_day(cfg, e);
}

TEST(ticket_recent_lists_the_last_calls_newest_first)
{
	struct engine *e;
	struct config *cfg = open_day(&e);
	REQUIRE(cfg != NULL);
	struct engine_event ev;
	struct proto_buf pb;
	message_recent(&pb, "r", e);
	CHECK_STR_EQ(pb.s, "r OK n=0 calls=-\n");
	for (int i = 0; i < 12; i++) CHECK_INT_EQ(issue(e, i % 2, "", T0 + i, &ev), 0);
	CHECK_INT_EQ(counter_cmd(e, VERB_LOGIN, 1, T0), 0);
	CHECK_INT_EQ(counter_cmd(e, VERB_LOGIN, 3, T0), 0);
	CHECK_INT_EQ(counter_cmd(e, VERB_NEXT, 1, T0 + 1000), 0);
	CHECK_INT_EQ(counter_cmd(e, VERB_NEXT, 3, T0 + 2000), 0);
	message_recent(&pb, "r", e);
	CHECK_STR_EQ(pb.s, "r OK n=2 calls=B001:3:1795831202000,A001:1:1795831201000\n");
	for (int i = 0; i < 8; i++) CHECK_INT_EQ(counter_cmd(e, VERB_NEXT, 1 + 2 * (i % 2), T0 + 3000 + i * 1000), 0);
	message_recent(&pb, "r", e);
	CHECK(strstr(pb.s, "r OK n=8 calls=B005:3:1795831210000,A005:1:1795831209000,") == pb.s);
	CHECK(strstr(pb.s, "A001") == NULL);   /* the oldest fell off the list */
	close_day(cfg, e);
}

/* wait_min of a reply line: a number, or -1 for "unknown". */
static int reply_wait(const struct proto_buf *pb)
{
	struct proto_msg m;
	size_t n = strlen(pb->s);
	if (n && pb->s[n - 1] == '\n') n--;
	if (proto_parse(pb->s, n, &m)) return -2;
	const char *w = proto_get(&m, "wait_min");
	if (!w) return -2;
	return strcmp(w, "unknown") ? atoi(w) : -1;
}

/* The kiosk's screen and its printed ticket show the ISSUE reply's
 * wait_min; the citizen's page shows TICKET's. Asked at once, they are one
 * figure, whatever the day has been: no counter open, a counter but no
 * served ticket yet, served tickets, two counters, a second service. */
TEST(ticket_wait_is_the_issue_replys_wait)
{
	char err[200];
	struct config *cfg = config_parse(conf_text, "t.conf", err, sizeof err);
	REQUIRE(cfg != NULL);
	struct engine *e = engine_new(cfg, engine_day_of(cfg, T0));
	struct engine_event ev;
	struct proto_buf issued, page;
	int64_t at = T0;
	int seen_known = 0, seen_unknown = 0;
	for (int step = 0; step < 14; step++) {
		int svc = step % 5 == 4;
		REQUIRE(issue(e, svc, "", at += MIN, &ev) == 0);
		message_ok(&issued, "k", e, &ev);
		message_ticket(&page, "q", e, ev.ticket);
		int a = reply_wait(&issued), b = reply_wait(&page);
		REQUIRE(a >= -1 && b >= -1);
		CHECK_INT_EQ(a, b);
		seen_known += a > 0;
		seen_unknown += a < 0;
		if (step == 1) CHECK_INT_EQ(counter_cmd(e, VERB_LOGIN, 1, at), 0);
		if (step >= 2 && step < 10) CHECK_INT_EQ(counter_cmd(e, VERB_NEXT, 1, at += 2 * MIN), 0);
		if (step == 7) CHECK_INT_EQ(counter_cmd(e, VERB_LOGIN, 2, at), 0);
		if (step == 8) CHECK_INT_EQ(counter_cmd(e, VERB_LOGIN, 3, at), 0);
	}
	CHECK(seen_known >= 3);
	CHECK(seen_unknown >= 3);
	engine_free(e);
	config_free(cfg);
}
