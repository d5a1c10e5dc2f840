/*
 * The machine's own limits, measured at the start of `make bench` (the
 * test `floors` in tests/bench_floor.c) and kept in the file named by
 * $GOISO_BENCH_FLOORS, one "name value" a line, milliseconds unless the
 * name says otherwise. The benchmarks after it print each figure beside
 * its floor and their ratio.
 *
 *   disk_p50 disk_p99 disk_max disk_rate   4 KB append + fdatasync (rate: per s)
 *   disk_ack_p50 disk_ack_p99 disk_ack_max the same back to back for 2 s: the wait
 *                                          of requests arriving evenly for the end
 *                                          of the first sync after them
 *   sleep_p50 sleep_p99                    overshoot of a 1 ms sleep
 *   hold_p50 hold_p99                      50 us of work: how much longer than its best
 *                                          it took (the machine took the core away)
 *   wake_p50 wake_p99                      poll() woken by another thread
 *   loop_p50 loop_p99                      100-byte round trip, two processes, TCP loopback
 *   send_p50 send_p99                      its write(2), another process waiting to read
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
/* The disk's floor again, now (the disk of a shared machine changes from
 * one minute to the next): 200 x 4 KB appended + fdatasync in dir; p50
 * and p99 in ms; returns the syncs per second. */
double floor_disk_now(const char *dir, double *p50, double *p99);
/* The disk as a request meets it, now: appends synced back to back for
 * `seconds` in dir, and the wait of requests arriving evenly over that
 * time for the end of the first sync that starts after them
 * (tests/commitwait.h); p50 and p99 in ms; returns the longest wait, or
 * -1 when the disk could not be measured. */
double floor_disk_ack_now(const char *dir, double seconds, double *p50, double *p99);
/* How many runs each figure takes: $BENCH_RUNS, else 5. */
int bench_runs(void);
/* The value at fraction p (0..1) of v[0..n), sorted in place. */
double bench_pct(double *v, int n, double p);
/* One figure over its runs: "median M ms (spread LO–HI over N runs)" into
 * out; returns the median. v is sorted in place. */
double bench_spread(char *out, size_t len, double *v, int n);
/* Samples v[0..n) in the order taken, cut into `runs` runs of n / runs:
 * each run's p99 into p99s. Returns runs (0 when there are too few). */
int bench_chunks(const double *v, int n, int runs, double *p99s);
/* Prints one figure line: the median of its p99s over the runs and their
 * spread, the floors it crosses ("disk+frame+loop": their p99s added)
 * and the ratio; the bound, when bound_ratio > 0, is bound_ratio x the
 * floors' p99; when p50 >= 0 (the figure's median), it is the floors' p99
 * plus the figure's own work: p50 less the floors' p50. Returns the
 * median p99. */
double bench_figure(const char *figure, double *p99s, int n, const char *floors,
                    double bound_ratio, double p50);

#endif
