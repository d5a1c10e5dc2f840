/*
 * estimate: how long a citizen who takes a ticket now may wait (pure C).
 *
 * The figure comes from today's service times only: the mean time from
 * call to finish of the last ESTIMATE_SAMPLES tickets served today in the
 * service, times the citizens ahead, shared among the counters open for
 * it now. With nobody ahead the wait is 0 only when one of those counters
 * is free; when all of them are busy it is one service time shared among
 * them, not a promise of an immediate call that cannot be kept. With fewer
 * than ESTIMATE_MIN_SAMPLES served tickets, or no
 * counter open for the service, there is no estimate (-1): the kiosk then
 * says "chưa đủ dữ liệu" rather than invent a number.
 */
#ifndef GOISO_ESTIMATE_H
#define GOISO_ESTIMATE_H

#include <stdint.h>

struct engine;

#define ESTIMATE_SAMPLES 20
#define ESTIMATE_MIN_SAMPLES 3

/* The mean service time (ms) of the service's recent served tickets, or -1
 * with fewer than ESTIMATE_MIN_SAMPLES of them. */
int64_t estimate_service_ms(const struct engine *e, int service);
/* Counters open now (open or serving, not paused) that serve service. */
int estimate_open_counters(const struct engine *e, int service);
/* The expected wait in ms of a ticket with `ahead` citizens before it, or
 * -1 when there is not enough data. */
int64_t estimate_wait_ms(const struct engine *e, int service, int ahead);
/* The same in whole minutes, rounded up (0 when nobody is ahead and a
 * counter is free), or -1. */
int estimate_wait_min(const struct engine *e, int service, int ahead);

#endif
