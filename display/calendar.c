/*
 * calendar: the service day on the real clocks (see calendar.h).
 */
#include "calendar.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "clock.h"
#include "config.h"
#include "engine.h"
#include "serviceday.h"
#include "store.h"

struct calendar {
	const struct config *cfg;
	struct store *st;
	struct serviceday sd;
	int64_t alarm_day;     /* the alarm shows while this is the service day; -1 none */
	char alarm[160];
};

static void save_hold(struct calendar *c)
{
	char v[64] = "";
	if (c->sd.hold_until_ms)
		snprintf(v, sizeof v, "%" PRId64 " %" PRId64, c->sd.day, c->sd.hold_until_ms);
	if (store_set_meta(c->st, "day_hold", v))
		fprintf(stderr, "goiso-display: log: cannot keep the held day: %s\n", store_error(c->st));
}

static void raise_alarm(struct calendar *c, const char *text)
{
	snprintf(c->alarm, sizeof c->alarm, "%s", text);
	c->alarm_day = c->sd.day;
}

struct calendar *calendar_new(const struct config *cfg, struct store *st, int64_t wall_ms)
{
	struct calendar *c = calloc(1, sizeof *c);
	char hold[64] = "";
	long long hold_day = 0, hold_until = 0;
	if (!c) return NULL;
	c->cfg = cfg;
	c->st = st;
	c->alarm_day = -1;
	int64_t last = store_last_day(st);
	if (store_get_meta(st, "day_hold", hold, sizeof hold) == 0 && *hold &&
	    sscanf(hold, "%lld %lld", &hold_day, &hold_until) != 2)
		hold_day = hold_until = 0;
	serviceday_start(&c->sd, cfg, clock_boot_ms(), wall_ms, last, hold_day, hold_until);
	int64_t wall_day = engine_day_of(cfg, wall_ms);
	if (c->sd.day > wall_day && !c->sd.hold_until_ms) {
		fprintf(stderr, "goiso-display: ALARM: the clock is behind the event log (service day %" PRId64
		        " already begun, the clock says day %" PRId64 "): the day and its numbers go on\n",
		        c->sd.day, wall_day);
		raise_alarm(c, "Đồng hồ máy chậm hơn sổ ghi: vẫn giữ số thứ tự hôm nay · Báo bộ phận CNTT");
	} else if (c->sd.hold_until_ms) {
		fprintf(stderr, "goiso-display: service day %" PRId64 " held after a clock step, until %" PRId64 "\n",
		        c->sd.day, c->sd.hold_until_ms);
	}
	if (!c->sd.hold_until_ms && hold_until) save_hold(c);   /* an ended hold is cleared */
	return c;
}

void calendar_free(struct calendar *c) { free(c); }
int64_t calendar_day(const struct calendar *c) { return c->sd.day; }

int64_t calendar_check(struct calendar *c, int64_t wall_ms)
{
	int f = serviceday_tick(&c->sd, c->cfg, clock_boot_ms(), wall_ms);
	if (f & SERVICEDAY_STEPPED) {
		long long s = (long long)(c->sd.step_ms < 0 ? -c->sd.step_ms : c->sd.step_ms) / 1000;
		fprintf(stderr, "goiso-display: ALARM: the wall clock stepped %s by %lld s (%lld d %02lld:%02lld:%02lld);"
		        " service day %" PRId64 " and its numbers go on\n", c->sd.step_ms < 0 ? "back" : "forward",
		        s, s / 86400, s / 3600 % 24, s / 60 % 60, s % 60, c->sd.day);
		raise_alarm(c, c->sd.step_ms < 0 ? "Đồng hồ máy vừa bị chỉnh lùi: vẫn giữ số thứ tự hôm nay · Báo bộ phận CNTT"
		                                 : "Đồng hồ máy vừa bị chỉnh tiến: vẫn giữ số thứ tự hôm nay · Báo bộ phận CNTT");
	}
	if (f & SERVICEDAY_HOLD) save_hold(c);
	return c->sd.day;
}

const char *calendar_alarm(const struct calendar *c)
{
	return c->alarm_day >= 0 && c->alarm_day == c->sd.day ? c->alarm : NULL;
}
