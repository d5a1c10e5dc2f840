/*
 * clock: the one place goiso programs read the time (impure). The pure
 * modules never call it: their callers pass the time in (now_ms).
 *
 * Monotonic time measures durations and deadlines (it never jumps); wall
 * time says when something happened (the event log, the board's clock).
 */
#ifndef GOISO_CLOCK_H
#define GOISO_CLOCK_H

#include <stdint.h>

/* Milliseconds and nanoseconds of CLOCK_MONOTONIC. */
int64_t clock_mono_ms(void);
int64_t clock_mono_ns(void);
/* Unix time in milliseconds (CLOCK_REALTIME). */
int64_t clock_wall_ms(void);

#endif
