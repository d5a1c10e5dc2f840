/*
 * reportq: the director's report as a browser asks for it (pure C, no
 * clock: "today" is passed in).
 *
 * The report's form, its view and its downloads all carry the same fields
 * in their query string: period=day|week|month|quarter|year with date=, or
 * period=range with from= and to=; service=, counter=, officer= (the
 * filters of goiso-report); table= for a CSV download. reportq checks
 * them against the center's config and turns them into a report filter,
 * writes them back as a query string for the links between the form, the
 * report and its downloads, names the downloaded files, and decides where
 * the browser may go after logging in: only to one of the report's own
 * addresses, never to another site (no open redirect).
 */
#ifndef GOISO_REPORTQ_H
#define GOISO_REPORTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report.h"

struct config;

/* The fields as the browser sent them (cut to fit). */
struct reportq {
	char period[12];            /* "" is day */
	char date[16];              /* a day in the period; "" today */
	char from[16], to[16];      /* period=range: both days included */
	char service[8];            /* a service code; "" all */
	char counter[8];            /* a counter number; "" all */
	char officer[256];          /* an officer's name as typed; "" all. Room
	                             * for a name the log holds in 63 bytes
	                             * (NFC) typed decomposed (NFD: "ệ" is 5
	                             * bytes, not 3) */
	char table[24];             /* a CSV download: one of reportq_tables */
};

/* The CSV tables a browser may download: the report's own list
 * (report_tables: goiso-report --csv writes those files), ids and titles. */
#define REPORTQ_TABLES REPORT_TABLES
extern const struct report_table *const reportq_tables;

/* Sets the field named key (an unknown key is ignored); a value too long
 * for its field is cut before the first UTF-8 character that does not
 * fit. */
void reportq_set(struct reportq *q, const char *key, const char *value);
/* Checks q against cfg (may be NULL: any service or counter) and fills f
 * (from, to, service, counter, officer; now_ms left alone). today is the
 * center's service day now. 0, or -1 with a message for the reader
 * (Vietnamese) in err. */
int reportq_filter(const struct reportq *q, const struct config *cfg, int64_t today,
                   struct report_filter *f, char *err, size_t errlen);
/* The fields as a query string, percent-encoded, the empty ones and the
 * table left out: "period=month&date=2026-12-03&service=A" ("" when none). */
void reportq_query(const struct reportq *q, char *out, size_t n);
/* The index of the CSV table with that id, or -1. */
int reportq_table_index(const char *id);
/* A download's file name, ASCII: "bao-cao-2026-12-03.xlsx",
 * "bao-cao-2026-12-01-den-2026-12-31-quay-3-can-bo.csv" (suffix: a
 * table's id, or NULL). An officer's name is not in it: names are
 * Vietnamese and file names stay ASCII. */
void reportq_filename(const struct report_filter *f, const char *suffix, const char *ext,
                      char *out, size_t n);
/* Whether target may follow a login: one of the report's own pages
 * (/report, /report/view, /report/xlsx, /report/csv) with an optional
 * query of plain URL characters; never an absolute or scheme-relative
 * address. */
bool reportq_target_ok(const char *target);

#endif
