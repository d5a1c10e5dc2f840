/*
 * procstat: what the benchmarks read of a running process and of a
 * program's frame log: its CPU time and peak memory as /proc shows them,
 * the time a frame showing a given call was presented.
 */
#ifndef GOISO_TEST_PROCSTAT_H
#define GOISO_TEST_PROCSTAT_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* CPU time (user + system) pid has used so far, in clock ticks, and its
 * peak resident memory in KiB (hwm_kb may be NULL). 0, or -1. */
int procstat_usage(pid_t pid, long long *ticks, long *hwm_kb);
/* The same CPU time in ms, or -1. */
long long procstat_cpu_ms(pid_t pid);
/* Follows a GOISO_FRAME_LOG file ("<present time us> <calls> <draw us>
 * <present us>" a line) until a frame with at least want calls; its present
 * time, or -1 after 5 s. part (may be NULL) gets that frame's draw and
 * present durations, -1 when the line has none. */
int64_t procstat_frame_for(FILE *log, unsigned long want, int64_t part[2]);
struct daemon;
/* The board's figure, at the daemon d whose frame log is log: six
 * counters log in, counter 6 issues calls + 60 tickets over services A to
 * D, then calls NEXTs are sent in turn by counters 1..6, each timed from
 * just before it is sent to the present of the first frame showing it.
 * Fills lat (microseconds, in call order) and, when parts is not NULL,
 * parts[2i], parts[2i+1] with that frame's draw and present, and when sent
 * is not NULL, sent[i] with when it was sent (CLOCK_MONOTONIC microseconds);
 * returns how many calls showed, or -1 when a counter could not connect. */
int procstat_next_to_frame(const struct daemon *d, FILE *log, int64_t *lat, int64_t *parts,
                           int64_t *sent, int calls);
/* qsort's comparison of int64_t values. */
int procstat_cmp64(const void *a, const void *b);

#endif
