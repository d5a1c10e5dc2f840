/*
 * syncs: the fsync count of a daemon started with tests/synccount.c
 * preloaded (libgoiso-syncs.so beside the programs in $GOISO_BUILD).
 *
 *   syncs_preload(file)   before daemon_start(): the daemon counts into file
 *   syncs_unset()         after it, so that later children do not
 *   syncs_read(file, ..)  the syncs on its loop thread (its commits) and in all
 *   syncs_read_us(file)   the microseconds its loop thread spent in them
 *   syncs_spans(file, from, to, spans)   when each of its loop thread's
 *                         syncs number from to to-1 started and ended, with
 *                         syncs_preload_times(file) before daemon_start()
 *   syncs_daemon_start(d, counters, counts, times)   all of it at once: a
 *                         daemon of one service A and counters 1..counters
 */
#ifndef GOISO_TEST_SYNCS_H
#define GOISO_TEST_SYNCS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "commitwait.h"
#include "daemon.h"
#include "test.h"

static inline void syncs_preload(const char *file)
{
	char lib[600], asan[300];
	const char *build = getenv("GOISO_BUILD"), *old = getenv("ASAN_OPTIONS");
	snprintf(lib, sizeof lib, "%s/libgoiso-syncs.so", build ? build : "build/san");
	/* a sanitized daemon accepts a library loaded before its runtime */
	snprintf(asan, sizeof asan, "%s%sverify_asan_link_order=0", old ? old : "", old && *old ? ":" : "");
	setenv("LD_PRELOAD", lib, 1);
	setenv("GOISO_SYNC_COUNT", file, 1);
	setenv("ASAN_OPTIONS", asan, 1);
}

static inline void syncs_preload_times(const char *file)
{
	setenv("GOISO_SYNC_TIMES", file, 1);
}

static inline void syncs_unset(void)
{
	unsetenv("LD_PRELOAD");
	unsetenv("GOISO_SYNC_COUNT");
	unsetenv("GOISO_SYNC_TIMES");
}

/* 0 with the counts, -1 when the file holds none (nothing synced yet
 * reads as 0, 0). */
static inline int syncs_read(const char *file, long *on_loop, long *in_all)
{
	FILE *f = fopen(file, "r");
	*on_loop = *in_all = 0;
	if (!f) return -1;
	int n = fscanf(f, "%ld %ld", on_loop, in_all);
	fclose(f);
	return n == 2 || n == EOF ? 0 : -1;
}

static inline long syncs_read_us(const char *file)
{
	long a, b, us = 0;
	FILE *f = fopen(file, "r");
	if (!f) return 0;
	if (fscanf(f, "%ld %ld %ld", &a, &b, &us) != 3) us = 0;
	fclose(f);
	return us;
}

/* A daemon in test_tmpdir()/data counting its syncs into counts (and
 * timing them into times, unless NULL): one service A of numbers 1 to
 * 999999, counters 1 to counters. 0, or -1 when it did not start. */
static inline int syncs_daemon_start(struct daemon *d, int counters, const char *counts, const char *times)
{
	char dir[600], conf[700];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	snprintf(conf, sizeof conf, "%s/syncs.conf", test_tmpdir());
	FILE *f = fopen(conf, "w");
	if (!f) return -1;
	fputs("[center]\nname = Syncs\n[service A]\nnumbers = 1-999999\n", f);
	for (int i = 1; i <= counters; i++) fprintf(f, "[counter %d]\n", i);
	if (fclose(f)) return -1;
	const char *args[] = { "--config", conf, NULL };
	syncs_preload(counts);
	if (times) syncs_preload_times(times);
	int started = daemon_start(d, dir, args);
	syncs_unset();
	return started;
}

/* When the loop thread's syncs from..to-1 started and ended (CLOCK_MONOTONIC
 * microseconds) into spans[] (room for to - from): how many were read. */
static inline long syncs_spans(const char *file, long from, long to, struct commit_span *spans)
{
	FILE *f = fopen(file, "rb");
	long n = 0;
	if (!f || from < 0 || to <= from) { if (f) fclose(f); return 0; }
	if (fseek(f, from * 16L, SEEK_SET) == 0) {
		long long v[2];
		while (n < to - from && fread(v, 8, 2, f) == 2) {
			spans[n].start = v[0];
			spans[n].end = v[1];
			n++;
		}
	}
	fclose(f);
	return n;
}

/* For each of n requests sent one at a time at sent_us[i] (CLOCK_MONOTONIC
 * microseconds), how long the fdatasync of its commit took, in ms: the
 * first of the loop thread's syncs in times that began after it was sent
 * (-1 when none did). How many were found. */
static inline int syncs_own(const char *times, const int64_t *sent_us, int n, double *out_ms)
{
	enum { MAX_SPANS = 1 << 16 };
	struct commit_span *s = malloc(MAX_SPANS * sizeof *s);
	long ns = s ? syncs_spans(times, 0, MAX_SPANS, s) : 0, j = 0;
	int found = 0;
	for (int i = 0; i < n; i++) {
		while (j < ns && s[j].start < sent_us[i]) j++;
		out_ms[i] = j < ns ? (double)(s[j].end - s[j].start) / 1000.0 : -1;
		found += j < ns;
	}
	free(s);
	return found;
}

#endif
