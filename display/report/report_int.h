/*
 * report_int: what the report's writers share (not part of the API).
 */
#ifndef GOISO_REPORT_INT_H
#define GOISO_REPORT_INT_H

#include <stdio.h>

#include "report.h"
#include "tables.h"
#include "tally.h"

/* A log already read: its identity (logread_identity) and its label. */
struct report_seen {
	char identity[160], label[256], path[256];
};

struct report {
	struct report_filter f;
	struct report_seen *seen;   /* one per log added */
	int nseen;
	struct tally *tally;
	struct tables tables;
	int built;
};

/* Finishes the tally and builds the tables, once. */
int report_build(struct report *r, char *err, size_t errlen);
/* The filters in words ("lĩnh vực A, quầy 3"), "" when none. */
void report_filters_text(const struct report *r, char *out, size_t n);
/* Whether the period holds any event of the logs (filters aside). */
int report_has_events(const struct report *r);

#endif
