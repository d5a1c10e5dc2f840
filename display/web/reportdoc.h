/*
 * reportdoc: the director's report as the gateway serves it, in memory:
 * the HTML page, the XLSX workbook, or one table as CSV, written by the
 * report library (report.h) over the event log opened read-only. The
 * library writes the workbook and the CSV tables as files: they go
 * through a private folder (mode 0700) under $TMPDIR or /tmp that is
 * removed before the call returns.
 */
#ifndef GOISO_REPORTDOC_H
#define GOISO_REPORTDOC_H

#include <stddef.h>

#include "report.h"

struct config;

enum reportdoc_kind { REPORTDOC_HTML, REPORTDOC_XLSX, REPORTDOC_CSV };

/* Writes the report of log_path under filter f as kind (table: the CSV
 * table's id, as report_write_csv names its files) into a new buffer
 * *data of *len bytes, the caller's to free. 0, or -1 with a message in
 * err. */
int reportdoc_make(enum reportdoc_kind kind, const char *table, const char *log_path,
                   const struct config *cfg, const struct report_filter *f,
                   char **data, size_t *len, char *err, size_t errlen);

#endif
