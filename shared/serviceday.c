/*
 * serviceday: the service day moving only forward (see serviceday.h).
 */
#include "serviceday.h"

#include "config.h"
#include "engine.h"

#define DAY_MS (24LL * 3600 * 1000)

int64_t serviceday_start_ms(const struct config *cfg, int64_t day)
{
	return day * DAY_MS - (int64_t)cfg->utc_offset_min * 60000 + (int64_t)cfg->day_start_hour * 3600000;
}

void serviceday_start(struct serviceday *sd, const struct config *cfg, int64_t steady_ms,
                      int64_t wall_ms, int64_t last_day, int64_t hold_day, int64_t hold_until_ms)
{
	int64_t day = engine_day_of(cfg, wall_ms);
	sd->offset_ms = wall_ms - steady_ms;
	sd->step_ms = 0;
	sd->hold_until_ms = 0;
	if (hold_until_ms > wall_ms && hold_day > 0) {
		day = hold_day;
		sd->hold_until_ms = hold_until_ms;
	}
	sd->day = day > last_day ? day : last_day;
}

int serviceday_tick(struct serviceday *sd, const struct config *cfg, int64_t steady_ms, int64_t wall_ms)
{
	int64_t offset = wall_ms - steady_ms, step = offset - sd->offset_ms;
	int64_t wall_day = engine_day_of(cfg, wall_ms);
	int flags = 0;
	sd->offset_ms = offset;
	if (step >= SERVICEDAY_STEP_MS || step <= -SERVICEDAY_STEP_MS) {
		sd->step_ms = step;
		flags |= SERVICEDAY_STEPPED;
		/* forward into a later day: today lasts until that day is over */
		if (step > 0 && wall_day > sd->day) {
			sd->hold_until_ms = serviceday_start_ms(cfg, wall_day + 1);
			flags |= SERVICEDAY_HOLD;
		}
	}
	if (sd->hold_until_ms) {
		if (wall_ms < sd->hold_until_ms) return flags;
		sd->hold_until_ms = 0;
		flags |= SERVICEDAY_HOLD;
	}
	if (wall_day > sd->day) {
		sd->day = wall_day;
		flags |= SERVICEDAY_NEW_DAY;
	}
	return flags;
}
