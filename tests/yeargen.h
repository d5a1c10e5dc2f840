/*
 * yeargen: a realistic stretch of a center's working days written into an
 * event log through the daemon's own engine and store (the sample center:
 * four services, six counters). Every verb appears: tickets arrive with a
 * morning and an afternoon peak, counters call, recall, skip, requeue,
 * transfer, serve and are rated; officers log in, pause for lunch and
 * meetings, change over, log out or forget to; a few prints fail (VOID,
 * when the engine knows the verb).
 */
#ifndef GOISO_TEST_YEARGEN_H
#define GOISO_TEST_YEARGEN_H

#include <stddef.h>
#include <stdint.h>

struct yeargen_opts {
	int64_t first_day;      /* service day of the first working day */
	int days;               /* working days (Monday to Friday) */
	int tickets;            /* mean tickets a day */
	int counters;           /* 6 (the sample center's) to 16; 0 is 6 */
	uint32_t seed;
};

/* Writes into the log at path (created). Returns the number of events,
 * or -1 with a message in err. */
long yeargen_write(const char *path, const struct yeargen_opts *o, char *err, size_t errlen);

#endif
