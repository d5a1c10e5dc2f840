/*
 * Unit tests of zones: [display] counters / services read from the
 * center's file, accepted or refused with the file and the line, and the
 * board model's recent calls kept to the zone.
 */
#include "test.h"

#include <stdio.h>

#include "config.h"
#include "engine.h"
#include "wall.h"
#include "zone.h"

static const char base[] =
	"[center]\nname = T\n"
	"[service A]\nname = Hộ tịch\n[service B]\nname = Đất đai\n[service C]\nname = Chứng thực\n"
	"[counter 1]\nservices = A\n[counter 2]\nservices = A, B\n[counter 7]\nservices = B\n"
	"[counter 8]\nservices = C\n[counter 9]\nservices = C\n";

/* Parses base + display and reads the zone; returns zone_from_config's rc. */
static int zone_of(const char *display, struct zone *z, char *err, size_t errlen)
{
	char text[2048], perr[256];
	snprintf(text, sizeof text, "%s[display]\n%s", base, display);
	struct config *cfg = config_parse(text, "c.conf", perr, sizeof perr);
	if (!cfg) { snprintf(err, errlen, "parse: %s", perr); return -2; }
	int rc = zone_from_config(z, cfg, err, errlen);
	config_free(cfg);
	return rc;
}

TEST(zone_counters_take_numbers_and_ranges)
{
	struct zone z;
	char err[256] = "";
	CHECK_INT_EQ(zone_of("counters = 7-12\n", &z, err, sizeof err), 0);
	CHECK(!z.all);
	CHECK_INT_EQ(z.ncounters, 3);            /* 7, 8, 9: those the file has */
	CHECK(!z.counter[0] && !z.counter[1] && z.counter[2] && z.counter[3] && z.counter[4]);
	CHECK(!z.service[0] && z.service[1] && z.service[2]);   /* what they serve: B, C */
	CHECK_INT_EQ(zone_of("counters = 1, 8 - 9\n", &z, err, sizeof err), 0);
	CHECK_INT_EQ(z.ncounters, 3);
	CHECK(z.counter[0] && !z.counter[1] && !z.counter[2] && z.counter[3]);
	CHECK(z.service[0] && !z.service[1] && z.service[2]);
	/* nothing set: the whole center */
	CHECK_INT_EQ(zone_of("ticker = x\n", &z, err, sizeof err), 0);
	CHECK(z.all);
	CHECK_INT_EQ(z.ncounters, 5);
	CHECK_INT_EQ(z.nservices, 3);
}

TEST(zone_services_take_the_counters_serving_them)
{
	struct zone z;
	char err[256] = "";
	CHECK_INT_EQ(zone_of("services = B\n", &z, err, sizeof err), 0);
	CHECK_INT_EQ(z.ncounters, 2);            /* 2 (A, B) and 7 (B) */
	CHECK(!z.counter[0] && z.counter[1] && z.counter[2] && !z.counter[3]);
	CHECK_INT_EQ(z.nservices, 1);
	CHECK(z.service[1] && !z.service[0]);
	CHECK_INT_EQ(zone_of("services = A,C\n", &z, err, sizeof err), 0);
	CHECK_INT_EQ(z.ncounters, 4);
}

TEST(zone_refuses_what_it_cannot_show_naming_the_line)
{
	static const struct { const char *display, *err; } bad[] = {
		{ "counters = 20-30\n", "c.conf:20: [display] counters: there is no counter from 20 to 30 in the file" },
		{ "counters = 3\n", "c.conf:20: [display] counters: there is no [counter 3] in the file" },
		{ "counters = 12-7\n", "c.conf:20: [display] counters: '12-7' is not a counter number (1-999) or a range such as 7-12" },
		{ "counters = 7-x\n", "c.conf:20: [display] counters: '7-x' is not a counter number (1-999) or a range such as 7-12" },
		{ "counters = 1,,2\n", "c.conf:20: [display] counters: '' is not a counter number (1-999) or a range such as 7-12" },
		{ "counters =\n", "c.conf:20: [display] counters: the list is empty (say which counters, e.g. 7-12)" },
		{ "services = A, Z\n", "c.conf:20: [display] services: there is no [service Z] in the file" },
		{ "services = ,\n", "c.conf:20: [display] services: '' is not a service code" },
		{ "counters = 1\nservices = A\n", "c.conf:21: [display] counters and services: set one of them, not both" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct zone z;
		char err[256] = "";
		CHECK_INT_EQ(zone_of(bad[i].display, &z, err, sizeof err), -1);
		CHECK_STR_EQ(err, bad[i].err);
		CHECK(z.all);   /* refused: nothing half-set */
	}
}

TEST(zone_keeps_the_boards_recent_calls_to_its_counters)
{
	char err[256];
	struct config *cfg = config_parse(base, "c.conf", err, sizeof err);
	REQUIRE(cfg != NULL);
	struct engine *e = engine_new(cfg, engine_day_of(cfg, 1795653000000LL));
	int64_t t = 1795653000000LL;
	static const char *const officers[] = { "An", "Bình", "Chi" };
	int logins[] = { 1, 7, 8 };
	for (int i = 0; i < 3; i++) {
		struct engine_cmd c = { .verb = VERB_LOGIN, .counter = logins[i] };
		snprintf(c.text, sizeof c.text, "%s", officers[i]);
		struct engine_event ev;
		REQUIRE(engine_decide(e, &c, t += 1000, &ev) == 0 && engine_apply(e, &ev) == 0);
	}
	for (int s = 0; s < 3; s++) {
		struct engine_cmd c = { .verb = VERB_ISSUE, .service = s };
		struct engine_event ev;
		REQUIRE(engine_decide(e, &c, t += 1000, &ev) == 0 && engine_apply(e, &ev) == 0);
	}
	for (int i = 0; i < 3; i++) {
		struct engine_cmd c = { .verb = VERB_NEXT, .counter = logins[i] };
		struct engine_event ev;
		REQUIRE(engine_decide(e, &c, t += 1000, &ev) == 0 && engine_apply(e, &ev) == 0);
	}
	struct zone z;
	REQUIRE(zone_parse_counters(&z, cfg, "7-9", err, sizeof err) == 0);
	struct wall *w = wall_new(cfg, false);
	wall_from_engine(w, e, NULL);
	CHECK_INT_EQ(w->nrecent, 3);
	wall_from_engine(w, e, &z);
	CHECK_INT_EQ(w->nrecent, 2);
	CHECK_STR_EQ(w->recent[0].label, "C001");
	CHECK_INT_EQ(w->recent[0].counter, 8);
	CHECK_STR_EQ(w->recent[1].label, "B001");
	CHECK_STR_EQ(w->tile[0].ticket, "A001");     /* tiles are all there; the board picks */
	CHECK(w->tile[2].state == WALL_SERVING);
	wall_free(w);
	engine_free(e);
	config_free(cfg);
}
