/*
 * samples: a growing list of durations (milliseconds) and the statistics
 * the reports print from it (pure C).
 *
 * Definitions (the director's guide repeats them):
 *   mean    the sum over the count;
 *   median  the middle value once sorted; with an even count, the mean of
 *           the two middle values;
 *   p90     nearest rank: the smallest value that at least 90% of the
 *           values do not exceed, i.e. the ceil(0.9 n)-th value once sorted;
 *   max     the largest value.
 * Each is NAN when there is no value (printed as a dash).
 */
#ifndef GOISO_REPORT_SAMPLES_H
#define GOISO_REPORT_SAMPLES_H

#include <stdint.h>

struct samples {
	int32_t *v;
	long n, cap;
	int64_t sum;
	int32_t max;
	int sorted;
};

/* Appends one duration (negative durations, from a clock set back, count
 * as 0). 0, or -1 out of memory. */
int samples_add(struct samples *s, int64_t ms);
void samples_free(struct samples *s);
/* Sorts in place (once); the statistics below need it. */
void samples_sort(struct samples *s);
double samples_mean(const struct samples *s);
double samples_median(const struct samples *s);
double samples_p90(const struct samples *s);
double samples_max(const struct samples *s);
/* How many values are at most ms. */
long samples_at_most(const struct samples *s, int64_t ms);

#endif
