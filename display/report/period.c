/*
 * period: dates, periods and Vietnamese number format (see period.h).
 */
#include "period.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days since 1970-01-01 of a proleptic Gregorian date, counted in eras of
 * 400 years (146,097 days) from 0000-03-01 so leap days end each year. */
int64_t period_day_from_ymd(int y, int m, int d)
{
	int64_t yy = m <= 2 ? y - 1 : y;
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void period_ymd(int64_t day, int *y, int *m, int *d)
{
	int64_t z = day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int period_weekday(int64_t day)
{
	int64_t w = (day + 3) % 7;      /* 1970-01-01 was a Thursday */
	return (int)(w < 0 ? w + 7 : w);
}

static int days_in_month(int y, int m)
{
	return (int)(period_day_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) -
	             period_day_from_ymd(y, m, 1));
}

static int year_ok(int y) { return y >= PERIOD_YEAR_MIN && y <= PERIOD_YEAR_MAX; }

static int valid_ymd(int y, int m, int d)
{
	return year_ok(y) && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

int period_parse_date(const char *s, int64_t *day)
{
	int y, m, d, n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && !s[n] && n == 10) {
	} else if ((sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &n) == 3 ||
	            sscanf(s, "%2d-%2d-%4d%n", &d, &m, &y, &n) == 3) && !s[n] && n >= 8) {
	} else {
		return -1;
	}
	if (!valid_ymd(y, m, d)) return -1;
	*day = period_day_from_ymd(y, m, d);
	return 0;
}

static int parse_year(const char *s, int *y)
{
	int n = 0;
	return sscanf(s, "%4d%n", y, &n) == 1 && !s[n] && n == 4 && year_ok(*y) ? 0 : -1;
}

static int parse_month(const char *s, int *y, int *m)
{
	int n = 0;
	if ((sscanf(s, "%4d-%2d%n", y, m, &n) == 2 && !s[n]) ||
	    (sscanf(s, "%2d/%4d%n", m, y, &n) == 2 && !s[n] && n >= 6))
		return year_ok(*y) && *m >= 1 && *m <= 12 ? 0 : -1;
	return -1;
}

static int parse_quarter(const char *s, int *y, int *q)
{
	int n = 0;
	if ((sscanf(s, "%4d-Q%1d%n", y, q, &n) == 2 && !s[n]) ||
	    (sscanf(s, "%4d-q%1d%n", y, q, &n) == 2 && !s[n]) ||
	    (sscanf(s, "%4d-%1d%n", y, q, &n) == 2 && !s[n]) ||
	    (sscanf(s, "Q%1d/%4d%n", q, y, &n) == 2 && !s[n]))
		return year_ok(*y) && *q >= 1 && *q <= 4 ? 0 : -1;
	return -1;
}

int period_parse(enum period_kind kind, const char *value, int64_t *from, int64_t *to)
{
	int64_t day;
	int y, m, d, q;
	int is_date = period_parse_date(value, &day) == 0;
	if (is_date) period_ymd(day, &y, &m, &d);
	switch (kind) {
	case PERIOD_DAY:
		if (!is_date) return -1;
		*from = *to = day;
		return 0;
	case PERIOD_WEEK:
		if (!is_date) return -1;
		*from = day - period_weekday(day);
		*to = *from + 6;
		return 0;
	case PERIOD_MONTH:
		if (!is_date && parse_month(value, &y, &m)) return -1;
		*from = period_day_from_ymd(y, m, 1);
		*to = *from + days_in_month(y, m) - 1;
		return 0;
	case PERIOD_QUARTER:
		if (is_date) q = (m - 1) / 3 + 1;
		else if (parse_quarter(value, &y, &q)) return -1;
		*from = period_day_from_ymd(y, 3 * q - 2, 1);
		*to = (q == 4 ? period_day_from_ymd(y + 1, 1, 1) : period_day_from_ymd(y, 3 * q + 1, 1)) - 1;
		return 0;
	case PERIOD_YEAR:
		if (!is_date && parse_year(value, &y)) return -1;
		*from = period_day_from_ymd(y, 1, 1);
		*to = period_day_from_ymd(y + 1, 1, 1) - 1;
		return 0;
	}
	return -1;
}

int period_kind_from_name(const char *name)
{
	static const char *const names[][2] = {
		{ "day", "ngay" }, { "week", "tuan" }, { "month", "thang" },
		{ "quarter", "quy" }, { "year", "nam" },
	};
	for (int i = 0; i < 5; i++)
		if (!strcmp(name, names[i][0]) || !strcmp(name, names[i][1])) return i;
	return -1;
}

void period_format_date(int64_t day, char *out, size_t n)
{
	int y, m, d;
	period_ymd(day, &y, &m, &d);
	snprintf(out, n, "%02d/%02d/%04d", d, m, y);
}

void period_describe(int64_t from, int64_t to, char *out, size_t n)
{
	char a[16], b[16];
	int y, m, d, y2, m2, d2;
	period_ymd(from, &y, &m, &d);
	period_ymd(to, &y2, &m2, &d2);
	period_format_date(from, a, sizeof a);
	period_format_date(to, b, sizeof b);
	if (from == to)
		snprintf(out, n, "ngày %s", a);
	else if (d == 1 && m == 1 && y2 == y && m2 == 12 && d2 == 31)
		snprintf(out, n, "năm %d", y);
	else if (d == 1 && y2 == y && (m - 1) % 3 == 0 && m2 == m + 2 && to + 1 == period_day_from_ymd(
	             m2 == 12 ? y + 1 : y, m2 == 12 ? 1 : m2 + 1, 1))
		snprintf(out, n, "quý %d/%d", (m - 1) / 3 + 1, y);
	else if (d == 1 && y2 == y && m2 == m && d2 == days_in_month(y, m))
		snprintf(out, n, "tháng %02d/%d", m, y);
	else if (to - from == 6 && period_weekday(from) == 0)
		snprintf(out, n, "tuần %s – %s", a, b);
	else
		snprintf(out, n, "từ %s đến %s", a, b);
}

void period_format_number(double v, int decimals, char *out, size_t n)
{
	char raw[64], *p = out;
	if (!isfinite(v)) { snprintf(out, n, "—"); return; }
	snprintf(raw, sizeof raw, "%.*f", decimals, v);
	const char *s = raw, *dot = strchr(raw, '.');
	size_t intlen = dot ? (size_t)(dot - raw) : strlen(raw);
	if (*s == '-') { if (p + 1 < out + n) *p++ = '-'; s++; intlen--; }
	if (!strcmp(raw, "-0") || (raw[0] == '-' && strspn(raw + 1, "0.") == strlen(raw + 1))) {
		p = out;     /* "-0,0" reads as a figure that is not there */
	}
	for (size_t i = 0; i < intlen && p + 1 < out + n; i++) {
		if (i > 0 && (intlen - i) % 3 == 0 && p + 1 < out + n) *p++ = '.';
		if (p + 1 < out + n) *p++ = s[i];
	}
	if (dot && p + 1 < out + n) {
		*p++ = ',';
		for (const char *f = dot + 1; *f && p + 1 < out + n; f++) *p++ = *f;
	}
	*p = 0;
}
