/*
 * tables: the report as tables of typed cells, built once from a tally and
 * written by each format (HTML, CSV, XLSX), so the three never disagree.
 */
#ifndef GOISO_REPORT_TABLES_H
#define GOISO_REPORT_TABLES_H

#include "tally.h"

enum cell_type {
	CELL_TEXT, CELL_INT,
	CELL_MIN,       /* minutes, v in minutes */
	CELL_HOURS,     /* hours, v in hours */
	CELL_PCT,       /* a share, v in 0..1 */
	CELL_DATE,      /* a service day, v the day number */
	CELL_NONE       /* no figure (nothing to measure): a dash */
};

struct cell {
	enum cell_type type;
	double v;
	char *s;        /* CELL_TEXT */
};

#define TABLE_MAX_COLS 32

struct table {
	const char *id;             /* file and sheet name: "can-bo" */
	const char *title;          /* "Cán bộ: công việc" */
	int ncols;
	const char *heads[TABLE_MAX_COLS];
	struct cell *cells;         /* nrows x ncols */
	unsigned char *total;       /* per row: a total line */
	int nrows, cap;
};

enum table_id {
	T_SUMMARY, T_OFFICERS, T_OFFICER_TIME, T_PAUSES, T_SERVICES, T_COUNTERS,
	T_DAILY, T_HEAT, T_COUNT_
};

struct tables {
	struct table t[T_COUNT_];
	int centers;                /* more than one: tables get a center column */
};

/* 0, or -1 out of memory. */
int tables_build(struct tables *ts, const struct tally *ty);
void tables_free(struct tables *ts);
const struct cell *table_cell(const struct table *t, int row, int col);

/* The cell as the report's page prints it: "12,5", "85,0%", "30/11/2026",
 * "—", hours as "1 giờ 24 phút" or "15 phút 5 giây". */
void cell_format(const struct cell *c, char *out, size_t n);

/* Vietnamese weekday names, Monday first: "Thứ Hai" ... "Chủ nhật". */
extern const char *const tables_weekday[7];
extern const char *const tables_weekday_short[7];
/* Rating levels, [1] "Rất không hài lòng" .. [5] "Rất hài lòng". */
extern const char *const tables_rating[6];

#endif
