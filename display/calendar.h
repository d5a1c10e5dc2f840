/*
 * calendar: the display's service day (shared/serviceday.h) on the real
 * clocks, with what a clock step must leave behind: an alarm line in the
 * daemon's log, a warning for the board's corner, and a held day written
 * into the event log's meta table so that a restart on the same day keeps
 * the numbers too.
 *
 * The wall clock is the loop's (loop_wall_ms); the steady clock is
 * CLOCK_BOOTTIME, which counts a suspended PC's sleep, so a night in
 * suspend is not taken for a step.
 */
#ifndef GOISO_CALENDAR_H
#define GOISO_CALENDAR_H

#include <stdint.h>

struct config;
struct store;
struct calendar;

/* The day to start on: the wall clock's, unless the log or a held day
 * says later (an alarm is raised when the clock is behind the log). */
struct calendar *calendar_new(const struct config *cfg, struct store *st, int64_t wall_ms);
void calendar_free(struct calendar *c);
/* Looks at the clocks; returns the service day now. */
int64_t calendar_check(struct calendar *c, int64_t wall_ms);
int64_t calendar_day(const struct calendar *c);
/* The warning the board shows (Vietnamese), or NULL: a clock step stays
 * on the wall until the service day it happened in is over. */
const char *calendar_alarm(const struct calendar *c);

#endif
