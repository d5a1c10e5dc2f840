/*
 * The machine's own limits, measured at the start of `make bench` (the
 * test `floors` in tests/bench_floor.c) and kept in the file named by
 * $GOISO_BENCH_FLOORS, one "name value" a line, milliseconds unless the
 * name says otherwise. The benchmarks after it print each figure beside
 * its floor and their ratio.
 *
 *   disk_p50 disk_p99 disk_max disk_rate   4 KB append + fdatasync (rate: per s)
 *   sleep_p50 sleep_p99                    overshoot of a 1 ms sleep
 *   wake_p50 wake_p99                      poll() woken by another thread
 *   loop_p50 loop_p99                      100-byte round trip, two processes, TCP loopback
 *   frame_p50 frame_p99                    present of an empty 1920x1080 frame
 *
 * And the spread of a figure over BENCH_RUNS runs (default 5).
 */
#ifndef GOISO_TEST_BENCH_FLOOR_H
#define GOISO_TEST_BENCH_FLOOR_H

#include <stddef.h>

#define BENCH_RUNS_MAX 20

/* A floor from this run, or a negative number when it was not measured. */
double floor_get(const char *name);
/* How many runs each figure takes: $BENCH_RUNS, else 5. */
int bench_runs(void);
/* The value at fraction p (0..1) of v[0..n), sorted in place. */
double bench_pct(double *v, int n, double p);
/* One figure over its runs: "median M ms (spread LO–HI over N runs)" into
 * out; returns the median. v is sorted in place. */
double bench_spread(char *out, size_t len, double *v, int n);
/* Prints one figure line: its median over the runs and spread, the floor
 * beside it, the ratio, and the bound it must keep when bound_ratio > 0
 * (figure <= bound_ratio x floor) or own_ms >= 0 (figure <= floor + own
 * work). Returns the median. */
double bench_report(const char *figure, double *p99s, int n, const char *floor_name,
                    double bound_ratio, double own_ms);

#endif
