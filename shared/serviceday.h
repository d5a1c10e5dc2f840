/*
 * serviceday: which service day it is, from two clocks, moving only
 * forward.
 *
 * The wall clock names the day; a clock that never jumps (time since
 * boot, counting suspend) shows when the wall clock was stepped: a PC that
 * booted a day behind and was then corrected, an NTP step, a hand set
 * clock. The rules, so that no ticket number is given twice in one day:
 *  - the day never goes back: a wall clock set back keeps today's day
 *    (and its numbers) until the wall clock's day passes it;
 *  - a step forward into a later day keeps today's day until that later
 *    day ends: the tickets in the hall keep their numbers, and the new
 *    day begins at the next day boundary the clock reaches by running;
 *  - a step of SERVICEDAY_STEP_MS or more, either way, is an alarm.
 * No clock is read here: the caller passes both times.
 */
#ifndef GOISO_SERVICEDAY_H
#define GOISO_SERVICEDAY_H

#include <stdbool.h>
#include <stdint.h>

struct config;

#define SERVICEDAY_STEP_MS (5 * 60 * 1000)

struct serviceday {
	int64_t day;            /* the service day now */
	int64_t offset_ms;      /* wall - steady clock at the last look */
	int64_t hold_until_ms;  /* wall time: no new day before it; 0 none */
	int64_t step_ms;        /* the last step seen (signed), 0 none */
};

/* Starts at the wall clock's day, or later: the last day the log holds
 * (the clock is behind the record), or a day held across a restart
 * (hold_day until hold_until_ms, both 0 when none). */
void serviceday_start(struct serviceday *sd, const struct config *cfg, int64_t steady_ms,
                      int64_t wall_ms, int64_t last_day, int64_t hold_day, int64_t hold_until_ms);

#define SERVICEDAY_STEPPED 1   /* the wall clock jumped: step_ms says how far */
#define SERVICEDAY_NEW_DAY 2   /* sd->day moved forward */
#define SERVICEDAY_HOLD 4      /* a hold began or ended: hold_until_ms changed */
/* Looks at both clocks once; returns SERVICEDAY_* flags (0: nothing). */
int serviceday_tick(struct serviceday *sd, const struct config *cfg, int64_t steady_ms, int64_t wall_ms);

/* The wall time at which a service day begins. */
int64_t serviceday_start_ms(const struct config *cfg, int64_t day);

#endif
