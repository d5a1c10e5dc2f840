/*
 * report: the director's report over one or several centers' event logs,
 * as HTML, CSV or XLSX. The library behind goiso-report, also used by the
 * web gateway to serve /report.
 *
 *   struct report_filter f = { .from = d0, .to = d1 };   // service days
 *   struct report *r = report_new(&f, err, sizeof err);
 *   report_add_log(r, "/var/lib/goiso/events.db", NULL, cfg, err, sizeof err);
 *   report_write_html(r, stdout);
 *   report_free(r);
 *
 * Logs are opened read-only and read in one snapshot each: safe beside the
 * running daemon. Nothing here reads the clock: the caller passes now_ms,
 * the time the report is made. The metrics are defined in tally.h.
 */
#ifndef GOISO_REPORT_H
#define GOISO_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct config;

struct report_filter {
	int64_t from, to;           /* service days, inclusive (period.h) */
	char service[8];            /* a service code, "" all */
	int counter;                /* a counter number, 0 all */
	char officer[64];           /* an officer's name as logged in, "" all */
	int64_t now_ms;             /* the time the report is made (Unix ms), 0 none:
	                             * printed, and a center's day of now is
	                             * counted as under way (tally.h) */
};

struct report;

struct report *report_new(const struct report_filter *f, char *err, size_t errlen);
void report_free(struct report *r);
/* Reads one center's log. label names the center (NULL: the config's
 * center name, else the log's file name); cfg (may be NULL) names the
 * services and counters and gives the UTC offset (+7 without one).
 * 0, or -1 with a message in err. */
int report_add_log(struct report *r, const char *path, const char *label,
                   const struct config *cfg, char *err, size_t errlen);
/* After the logs: whether a center knows the service code (its config
 * names it or a ticket of the period has it), and whether an officer of
 * that name (compared as the filter compares) worked in the period. names
 * gets the codes, or the officers' names, there are: "A, B, C". */
int report_knows_service(const struct report *r, const char *code, char *names, size_t n);
int report_knows_officer(const struct report *r, const char *name, char *names, size_t n);
/* Writers: 0, or -1 with a message in err. */
int report_write_html(struct report *r, FILE *out, char *err, size_t errlen);
/* One CSV file per table in dir (created if missing): tong-hop.csv,
 * can-bo.csv, ... (report_tables) UTF-8 with a BOM. */
int report_write_csv(struct report *r, const char *dir, char *err, size_t errlen);
int report_write_xlsx(struct report *r, const char *path, char *err, size_t errlen);

/* The report's tables, in the order of the workbook's sheets: id (the
 * CSV file's and the sheet's name, ASCII) and title (Vietnamese). The one
 * list the report writes and the web gateway offers for download. */
struct report_table {
	const char *id, *title;
};
#define REPORT_TABLES 8
extern const struct report_table report_tables[REPORT_TABLES];

/* A period by name and value into service days: kind "day", "week",
 * "month", "quarter", "year" (or ngay, tuan, thang, quy, nam); value
 * "2026-11-30" or "30/11/2026" (day, week: the week holding it), "2026-11",
 * "2026-Q4", "2026", or any date inside. 0, or -1 when either is wrong. */
int report_period(const char *kind, const char *value, int64_t *from, int64_t *to);

/* The whole HTML report of one log in one call (for the web gateway). */
int report_html(FILE *out, const char *log_path, const struct config *cfg,
                const struct report_filter *f, char *err, size_t errlen);

#endif
