/*
 * period: service days as calendar dates, the report's periods, and numbers
 * written the Vietnamese way (pure C: no clock, no I/O).
 *
 * A service day is the log's `day` column: days since 1970-01-01 in local
 * time, each day starting at the center's day_start hour. Day d is the
 * calendar date 1970-01-01 + d, whatever the hour the day starts at.
 */
#ifndef GOISO_REPORT_PERIOD_H
#define GOISO_REPORT_PERIOD_H

#include <stddef.h>
#include <stdint.h>

/* The longest period a report covers (days); longer ones are refused. */
#define PERIOD_MAX_DAYS 36600
/* The years a date or a period may name: from the first day a log can
 * hold to a bound no center's log reaches (a year like 3000 is a typing
 * slip, refused as a year before 1970 is). */
#define PERIOD_YEAR_MIN 1970
#define PERIOD_YEAR_MAX 2100

enum period_kind { PERIOD_DAY, PERIOD_WEEK, PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR };

int64_t period_day_from_ymd(int y, int m, int d);
void period_ymd(int64_t day, int *y, int *m, int *d);
/* 0 Monday .. 6 Sunday. */
int period_weekday(int64_t day);

/* Parses "2026-11-30", "30/11/2026" or "30-11-2026" into a day. 0 or -1. */
int period_parse_date(const char *s, int64_t *day);
/* The period of a kind around a value:
 *   day "2026-11-30"; week: the Monday-Sunday week holding that date;
 *   month "2026-11" (or a date in it); quarter "2026-Q4", "2026-4" or a date;
 *   year "2026" (or a date).
 * Returns 0, or -1 when value does not fit the kind. */
int period_parse(enum period_kind kind, const char *value, int64_t *from, int64_t *to);
/* "day", "week", "month", "quarter", "year" (also "ngay", "tuan", "thang",
 * "quy", "nam"); -1 when unknown. */
int period_kind_from_name(const char *name);

/* dd/mm/yyyy */
void period_format_date(int64_t day, char *out, size_t n);
/* A period in words: "ngày 30/11/2026", "tháng 11/2026", "quý 4/2026",
 * "năm 2026", "tuần 30/11/2026 – 06/12/2026", "từ 01/11/2026 đến 15/11/2026". */
void period_describe(int64_t from, int64_t to, char *out, size_t n);

/* v with `decimals` digits after a decimal comma and a dot between
 * thousands: 1234.5 -> "1.234,5". */
void period_format_number(double v, int decimals, char *out, size_t n);

#endif
