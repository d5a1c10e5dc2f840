/*
 * serviceday: the service day moves only forward, and a step of the wall
 * clock keeps the day's numbers.
 */
#include "test.h"

#include "config.h"
#include "engine.h"
#include "serviceday.h"

#define H (3600LL * 1000)
#define DAY (24 * H)

static struct config *center(void)
{
	char err[200];
	struct config *cfg = config_parse("[center]\nname = T\nutc_offset = +7\nday_start = 4\n"
	                                  "[service A]\n[counter 1]\n", "t.conf", err, sizeof err);
	if (!cfg) test_fail(__FILE__, __LINE__, "config: %s", err);
	return cfg;
}

/* 10:00 local (UTC+7) on day 20000 */
static int64_t ten_am(const struct config *cfg, int64_t day)
{
	return serviceday_start_ms(cfg, day) + 6 * H;   /* the day starts at 04:00 */
}

TEST(serviceday_runs_into_the_next_day_at_its_start)
{
	struct config *cfg = center();
	struct serviceday sd;
	REQUIRE(cfg != NULL);
	int64_t wall = ten_am(cfg, 20000), steady = 1000;
	serviceday_start(&sd, cfg, steady, wall, 0, 0, 0);
	CHECK_INT_EQ(sd.day, 20000);
	CHECK_INT_EQ(engine_day_of(cfg, serviceday_start_ms(cfg, 20001)), 20001);
	CHECK_INT_EQ(engine_day_of(cfg, serviceday_start_ms(cfg, 20001) - 1), 20000);
	/* 17 h 59 min later: 03:59, still the same service day */
	int64_t run = 18 * H - 60000;
	CHECK_INT_EQ(serviceday_tick(&sd, cfg, steady + run, wall + run), 0);
	CHECK_INT_EQ(sd.day, 20000);
	run += 60000;
	CHECK_INT_EQ(serviceday_tick(&sd, cfg, steady + run, wall + run), SERVICEDAY_NEW_DAY);
	CHECK_INT_EQ(sd.day, 20001);
	config_free(cfg);
}

TEST(serviceday_clock_set_back_keeps_the_day)
{
	struct config *cfg = center();
	struct serviceday sd;
	REQUIRE(cfg != NULL);
	int64_t wall = ten_am(cfg, 20000), steady = 5000;
	serviceday_start(&sd, cfg, steady, wall, 0, 0, 0);
	/* set back a whole day: an alarm, the day stays */
	CHECK_INT_EQ(serviceday_tick(&sd, cfg, steady + 1000, wall + 1000 - DAY), SERVICEDAY_STEPPED);
	CHECK_INT_EQ(sd.day, 20000);
	CHECK_INT_EQ(sd.step_ms, -DAY);
	/* the wall clock's next day boundary is this day's own start: nothing */
	int64_t w = serviceday_start_ms(cfg, 20000) + 1000;
	CHECK_INT_EQ(serviceday_tick(&sd, cfg, steady + 1000 + (w - (wall + 1000 - DAY)), w), 0);
	CHECK_INT_EQ(sd.day, 20000);
	/* a small adjustment is no alarm */
	int64_t s2 = steady + 1000 + (w - (wall + 1000 - DAY));
	CHECK_INT_EQ(serviceday_tick(&sd, cfg, s2 + 1000, w + 1000 + 60000), 0);
	config_free(cfg);
}

TEST(serviceday_clock_corrected_forward_keeps_the_numbers_until_the_day_ends)
{
	struct config *cfg = center();
	struct serviceday sd;
	REQUIRE(cfg != NULL);
	/* booted a day behind */
	int64_t wall = ten_am(cfg, 19999), steady = 0;
	serviceday_start(&sd, cfg, steady, wall, 0, 0, 0);
	CHECK_INT_EQ(sd.day, 19999);
	/* corrected: one day forward, into day 20000 */
	int f = serviceday_tick(&sd, cfg, steady + 1000, wall + 1000 + DAY);
	CHECK_INT_EQ(f, SERVICEDAY_STEPPED | SERVICEDAY_HOLD);
	CHECK_INT_EQ(sd.day, 19999);
	CHECK_INT_EQ(sd.hold_until_ms, serviceday_start_ms(cfg, 20001));
	/* the rest of day 20000: the same numbers */
	int64_t run = 17 * H;
	CHECK_INT_EQ(serviceday_tick(&sd, cfg, steady + 1000 + run, wall + 1000 + DAY + run), 0);
	CHECK_INT_EQ(sd.day, 19999);
	/* day 20001 begins with new numbers */
	run += 2 * H;
	CHECK_INT_EQ(serviceday_tick(&sd, cfg, steady + 1000 + run, wall + 1000 + DAY + run),
	             SERVICEDAY_NEW_DAY | SERVICEDAY_HOLD);
	CHECK_INT_EQ(sd.day, 20001);
	CHECK_INT_EQ(sd.hold_until_ms, 0);
	config_free(cfg);
}

TEST(serviceday_restart_keeps_the_later_day_of_the_log_and_a_held_day)
{
	struct config *cfg = center();
	struct serviceday sd;
	REQUIRE(cfg != NULL);
	int64_t wall = ten_am(cfg, 20000);
	/* the log already holds day 20001: the clock is behind the record */
	serviceday_start(&sd, cfg, 0, wall, 20001, 0, 0);
	CHECK_INT_EQ(sd.day, 20001);
	/* a day held across the restart */
	serviceday_start(&sd, cfg, 0, wall, 19999, 19999, serviceday_start_ms(cfg, 20001));
	CHECK_INT_EQ(sd.day, 19999);
	CHECK_INT_EQ(sd.hold_until_ms, serviceday_start_ms(cfg, 20001));
	/* a hold that has ended is not taken */
	serviceday_start(&sd, cfg, 0, wall, 19999, 19999, serviceday_start_ms(cfg, 20000));
	CHECK_INT_EQ(sd.day, 20000);
	config_free(cfg);
}
