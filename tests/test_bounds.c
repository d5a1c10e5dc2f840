/*
 * Each limit a user can meet, on both sides of its edge: the last minute
 * of opening hours and the first after, 24:00 and 24:30, the streak's
 * range, a number range upside down, a section given twice, the largest
 * counter number an announcement can say and the next.
 */
#include "test.h"

#include <stdlib.h>

#include "config.h"
#include "engine.h"
#include "playlist.h"
#include "vinum.h"

/* 2026-11-28 00:00 in Vietnam (UTC+7) */
#define MIDNIGHT 1795798800000LL

static const char base[] = "[service A]\nname = A\nhours = 07:00-11:00\n[counter 1]\nservices = A\n";

/* Parses base after a [center] text; 1 when the config is taken. */
static int taken(const char *center, const char *extra)
{
	char text[1024], err[256];
	snprintf(text, sizeof text, "[center]\nname = T\n%s\n%s%s", center, base, extra);
	struct config *c = config_parse(text, "t.conf", err, sizeof err);
	config_free(c);
	return c != NULL;
}

TEST(bounds_config_edges)
{
	CHECK(taken("priority_streak = 1", ""));
	CHECK(taken("priority_streak = 100", ""));
	CHECK(!taken("priority_streak = 0", ""));
	CHECK(!taken("priority_streak = 101", ""));
	CHECK(taken("", "[service B]\nname = B\nhours = 07:00-24:00\n"));
	CHECK(!taken("", "[service B]\nname = B\nhours = 07:00-24:30\n"));
	CHECK(taken("", "[service B]\nname = B\nnumbers = 5-5\n"));
	CHECK(!taken("", "[service B]\nname = B\nnumbers = 6-5\n"));
	CHECK(!taken("", "[service A]\nname = again\n"));
	CHECK(!taken("", "[counter 1]\nservices = A\n"));
}

TEST(bounds_opening_hours_end_at_the_closing_minute)
{
	char err[256];
	char text[512];
	snprintf(text, sizeof text, "[center]\nname = T\n%s", base);
	struct config *cfg = config_parse(text, "t.conf", err, sizeof err);
	REQUIRE(cfg != NULL);
	struct engine *e = engine_new(cfg, engine_day_of(cfg, MIDNIGHT + 8 * 3600000LL));
	struct engine_cmd c = { .verb = VERB_ISSUE, .service = 0, .ticket = -1 };
	struct engine_event ev;
	CHECK_INT_EQ(engine_decide(e, &c, MIDNIGHT + 7 * 3600000LL - 1, &ev), E_SERVICE_CLOSED);
	CHECK_INT_EQ(engine_decide(e, &c, MIDNIGHT + 7 * 3600000LL, &ev), 0);
	CHECK_INT_EQ(engine_decide(e, &c, MIDNIGHT + 11 * 3600000LL - 1, &ev), 0);
	CHECK_INT_EQ(engine_decide(e, &c, MIDNIGHT + 11 * 3600000LL, &ev), E_SERVICE_CLOSED);
	engine_free(e);
	config_free(cfg);
}

TEST(bounds_announcement_counter_up_to_what_can_be_said)
{
	char err[256];
	struct playlist_item items[PLAYLIST_MAX_ITEMS];
	struct playlist *p = playlist_new(&playlist_defaults, err, sizeof err);
	REQUIRE(p != NULL);
	CHECK(playlist_build(p, "A1", 999, items, PLAYLIST_MAX_ITEMS) > 0);
	CHECK(playlist_build(p, "A1", (int)VINUM_MAX, items, PLAYLIST_MAX_ITEMS) > 0);
	CHECK_INT_EQ(playlist_build(p, "A1", (int)VINUM_MAX + 1, items, PLAYLIST_MAX_ITEMS), PLAYLIST_ECOUNTER);
	CHECK_INT_EQ(playlist_build(p, "A1", 0, items, PLAYLIST_MAX_ITEMS) > 0, 1);
	playlist_free(p);
}
