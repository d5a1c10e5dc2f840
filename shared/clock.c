/*
 * clock: monotonic, wall and boot time, deadlines and sleeps (see clock.h).
 */
#include "clock.h"

#define NS_PER_S 1000000000LL

static int64_t read_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

static struct timespec timespec_of(int64_t ns)
{
	return (struct timespec){ .tv_sec = (time_t)(ns / NS_PER_S), .tv_nsec = (long)(ns % NS_PER_S) };
}

int64_t clock_mono_ns(void) { return read_ns(CLOCK_MONOTONIC); }
int64_t clock_mono_ms(void) { return read_ns(CLOCK_MONOTONIC) / 1000000; }
int64_t clock_wall_ms(void) { return read_ns(CLOCK_REALTIME) / 1000000; }
int64_t clock_boot_ms(void) { return read_ns(CLOCK_BOOTTIME) / 1000000; }

struct timespec clock_mono_deadline(int64_t ms)
{
	return timespec_of(read_ns(CLOCK_MONOTONIC) + ms * 1000000);
}

void clock_sleep_ns(int64_t ns)
{
	if (ns <= 0) return;
	struct timespec ts = timespec_of(ns);
	nanosleep(&ts, NULL);
}
