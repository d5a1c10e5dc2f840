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
/* Follows a GOISO_FRAME_LOG file ("<present time us> <calls>" a line) until
 * a frame with at least want calls; its present time, or -1 after 5 s. */
int64_t procstat_frame_for(FILE *log, unsigned long want);
/* qsort's comparison of int64_t values. */
int procstat_cmp64(const void *a, const void *b);

#endif
