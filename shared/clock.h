/*
 * clock: the one place goiso programs read the time (impure). The pure
 * modules never call it: their callers pass the time in (now_ms).
 *
 * Monotonic time measures durations and deadlines (it never jumps); wall
 * time says when something happened (the event log, the board's clock);
 * boot time is monotonic time that also counts a suspended machine.
 */
#ifndef GOISO_CLOCK_H
#define GOISO_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Milliseconds and nanoseconds of CLOCK_MONOTONIC. */
int64_t clock_mono_ms(void);
int64_t clock_mono_ns(void);
/* Unix time in milliseconds (CLOCK_REALTIME). */
int64_t clock_wall_ms(void);
/* Milliseconds of CLOCK_BOOTTIME: like monotonic time, but a suspended
 * PC's sleep counts too (the service day's hold runs on while it sleeps). */
int64_t clock_boot_ms(void);

/* The absolute time ms from now on the monotonic clock, for
 * pthread_cond_timedwait() on a condition made with
 * pthread_condattr_setclock(CLOCK_MONOTONIC). There is no wall-clock
 * twin on purpose: a timed wait on the wall clock lasts an hour longer
 * when the clock is set back an hour. */
struct timespec clock_mono_deadline(int64_t ms);

/* Sleeps ns nanoseconds (nothing when ns <= 0); a signal may end it early. */
void clock_sleep_ns(int64_t ns);

#endif
