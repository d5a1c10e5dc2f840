/*
 * samples: durations and their statistics (see samples.h).
 *
 * Durations are sorted with a radix sort on their 31 bits: a year holds
 * hundreds of thousands of waits in each of several groups, and a radix
 * pass costs a fraction of a comparison sort's.
 */
#include "samples.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int samples_add(struct samples *s, int64_t ms)
{
	if (ms < 0) ms = 0;
	if (ms > INT32_MAX) ms = INT32_MAX;
	if (s->n == s->cap) {
		long cap = s->cap ? s->cap * 2 : 64;
		int32_t *v = realloc(s->v, sizeof *v * (size_t)cap);
		if (!v) return -1;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = (int32_t)ms;
	s->sum += ms;
	if (ms > s->max) s->max = (int32_t)ms;
	s->sorted = 0;
	return 0;
}

void samples_free(struct samples *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return x < y ? -1 : x > y;
}

void samples_sort(struct samples *s)
{
	if (s->sorted || s->n < 2) { s->sorted = 1; return; }
	int32_t *tmp = s->n > 256 ? malloc(sizeof *tmp * (size_t)s->n) : NULL;
	if (!tmp) {
		qsort(s->v, (size_t)s->n, sizeof *s->v, cmp_i32);
		s->sorted = 1;
		return;
	}
	/* least significant digit first, 11 bits a pass: three passes */
	int32_t *a = s->v, *b = tmp;
	for (int shift = 0; shift < 33; shift += 11) {
		long count[2049] = { 0 };
		for (long i = 0; i < s->n; i++) count[(((uint32_t)a[i] >> shift) & 2047) + 1]++;
		for (int k = 0; k < 2048; k++) count[k + 1] += count[k];
		for (long i = 0; i < s->n; i++) b[count[((uint32_t)a[i] >> shift) & 2047]++] = a[i];
		int32_t *t = a; a = b; b = t;
	}
	if (a != s->v) memcpy(s->v, a, sizeof *a * (size_t)s->n);
	free(tmp);
	s->sorted = 1;
}

double samples_mean(const struct samples *s)
{
	return s->n ? (double)s->sum / (double)s->n : NAN;
}

double samples_median(const struct samples *s)
{
	if (!s->n) return NAN;
	if (s->n % 2) return s->v[s->n / 2];
	return ((double)s->v[s->n / 2 - 1] + (double)s->v[s->n / 2]) / 2;
}

double samples_p90(const struct samples *s)
{
	if (!s->n) return NAN;
	long rank = (s->n * 9 + 9) / 10;      /* ceil(0.9 n) */
	return s->v[rank - 1];
}

double samples_max(const struct samples *s)
{
	return s->n ? (double)s->max : NAN;
}

long samples_at_most(const struct samples *s, int64_t ms)
{
	long lo = 0, hi = s->n;      /* first index whose value exceeds ms */
	while (lo < hi) {
		long mid = (lo + hi) / 2;
		if (s->v[mid] <= ms) lo = mid + 1; else hi = mid;
	}
	return lo;
}
