/*
 * Unit tests of the protocol lines built from engine state: what the
 * caller prints and the board's subscribers read.
 */
#include "test.h"

#include "config.h"
#include "file.h"
#include "engine.h"
#include "message.h"

#define T0 1795831200000LL   /* 09:00 in Vietnam */

static int apply(struct engine *e, struct engine_cmd c, struct engine_event *ev)
{
	int rc = engine_decide(e, &c, T0, ev);
	return rc ? rc : engine_apply(e, ev);
}

TEST(message_lines)
{
	char err[200];
	struct config *cfg = file_load_config(NULL, err, sizeof err);
	REQUIRE(cfg != NULL);
	struct engine *e = engine_new(cfg, engine_day_of(cfg, T0));
	struct engine_event ev;
	struct proto_buf pb;
	struct engine_cmd login = { .verb = VERB_LOGIN, .counter = 5, .service = -1, .ticket = -1, .text = "Nguyễn Văn An" };
	CHECK_INT_EQ(apply(e, login, &ev), 0);
	CHECK(!message_called(&pb, e, &ev));
	CHECK(message_counter(&pb, e, &ev));
	CHECK_STR_EQ(pb.s, "* COUNTER counter=5 state=open ticket=none\n");
	struct engine_cmd issue = { .verb = VERB_ISSUE, .service = 2, .priority = 1, .ticket = -1 };
	CHECK_INT_EQ(apply(e, issue, &ev), 0);
	message_ok(&pb, "k1", e, &ev);
	CHECK_STR_EQ(pb.s, "k1 OK ticket=C001 service=C priority=elderly ahead=0 issued_ms=1795831200000 wait_min=unknown\n");
	struct engine_cmd next = { .verb = VERB_NEXT, .counter = 5, .service = -1, .ticket = -1 };
	CHECK_INT_EQ(apply(e, next, &ev), 0);
	message_ok(&pb, "7", e, &ev);
	CHECK_STR_EQ(pb.s, "7 OK ticket=C001 service=C priority=elderly counter=5 waiting=0\n");
	CHECK(message_called(&pb, e, &ev));
	CHECK_STR_EQ(pb.s, "* CALLED ticket=C001 service=C priority=elderly counter=5 recall=0 at=1795831200000\n");
	message_counter_status(&pb, "8", e, 5, true);
	CHECK_STR_EQ(pb.s, "8 OK counter=5 name=\"Quầy 5\" state=serving ticket=C001 service=C priority=elderly "
	                   "officer=\"Nguyễn Văn An\" waiting=0 served=0 last_served=none\n");
	message_waiting(&pb, e);
	CHECK_STR_EQ(pb.s, "* WAITING A=0 B=0 C=0 D=0\n");
	message_services(&pb, "9", e);
	CHECK(strstr(pb.s, "A=\"Tư pháp - Hộ tịch\"") != NULL);
	message_day_status(&pb, "10", e);
	CHECK(strstr(pb.s, " tickets=1 waiting=0 digest=") != NULL);
	message_day(&pb, 20786);
	CHECK_STR_EQ(pb.s, "* DAY day=20786\n");
	engine_free(e);
	config_free(cfg);
}
