/*
 * commitwait: a request's wait for the first commit that starts after it
 * (see commitwait.h).
 */
#include "commitwait.h"

long long commitwait_at(const struct commit_span *s, long n, long long t)
{
	long lo = 0, hi = n;   /* the first span with start >= t is in [lo, hi] */
	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;
		if (s[mid].start < t) lo = mid + 1;
		else hi = mid;
	}
	return lo < n ? s[lo].end - t : -1;
}

long commitwait_even(const struct commit_span *s, long n, long count, long long *waits)
{
	if (n < 2 || count < 1) return 0;
	long long from = s[0].start, len = s[n - 1].start - from;
	long filled = 0;
	for (long i = 0; i < count; i++) {
		long long w = commitwait_at(s, n, from + len * i / count);
		if (w >= 0) waits[filled++] = w;
	}
	return filled;
}
