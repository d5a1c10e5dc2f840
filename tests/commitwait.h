/*
 * commitwait: how long a request waits for its durable acknowledgement
 * when the disk's syncs are all that hold it. A request that arrives at t
 * is in no commit that has already begun: the earliest its reply can
 * leave is the end of the first commit (sync) that starts at or after t,
 * so it waits for the sync in progress, then for one more. Given when the
 * syncs started and ended, this is the floor of an ack for a server that
 * spends no time of its own (tests/bench_floor.c, tests/bench_load.c).
 *
 * A sync's count-based p99 (one sample per sync) hides a slow sync that
 * holds every request arriving during it: a 5 ms sync among 2,000 fast
 * ones a second is 0.05 % of syncs but 0.5 % of the time. The waits of
 * requests spread evenly over time weigh each sync by how long it lasted.
 */
#ifndef GOISO_TEST_COMMITWAIT_H
#define GOISO_TEST_COMMITWAIT_H

struct commit_span {
	long long start, end;   /* microseconds, one clock */
};

/* The wait of a request arriving at t for the end of the first span in
 * s[0..n) (sorted by start) that starts at or after t; -1 when none does. */
long long commitwait_at(const struct commit_span *s, long n, long long t);

/* The waits of `count` requests spread evenly over [s[0].start,
 * s[n-1].start) into waits[]: how many were filled (0 when n < 2). */
long commitwait_even(const struct commit_span *s, long n, long count, long long *waits);

#endif
