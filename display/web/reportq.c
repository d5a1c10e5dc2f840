/*
 * reportq: the report's query string, its checks and its names (see reportq.h).
 */
#include "reportq.h"

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "period.h"
#include "vname.h"

#define TARGET_MAX 600

const struct report_table *const reportq_tables = report_tables;

/* The fields in the order the query string gives them (table last: it
 * belongs to one download, not to the report). */
static const struct field {
	const char *key;
	size_t off, size;
} fields[] = {
#define F(k) { #k, offsetof(struct reportq, k), sizeof ((struct reportq *)0)->k }
	F(period), F(date), F(from), F(to), F(service), F(counter), F(officer), F(table),
#undef F
};
#define NFIELDS (sizeof fields / sizeof fields[0])

/* The first max bytes of s at most (and n - 1), into out, ending before a
 * UTF-8 character that would not fit whole: a page never shows half a
 * Vietnamese letter. */
static void cut(char *out, size_t n, const char *s, size_t max)
{
	size_t len = 0;
	if (max > n - 1) max = n - 1;
	while (len < max && s[len]) len++;
	if (s[len])
		while (len && ((unsigned char)s[len] & 0xC0) == 0x80) len--;
	memcpy(out, s, len);
	out[len] = 0;
}

void reportq_set(struct reportq *q, const char *key, const char *value)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (!strcmp(key, fields[i].key))
			cut((char *)q + fields[i].off, fields[i].size, value ? value : "", fields[i].size);
}

/* s without the spaces around it, into out. */
static void trim(const char *s, char *out, size_t n)
{
	while (*s == ' ' || *s == '\t') s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
	cut(out, n, s, len);
}

static int range(const struct reportq *q, struct report_filter *f, char *err, size_t errlen)
{
	if (!q->from[0] || !q->to[0]) {
		snprintf(err, errlen, "Xin chọn cả ngày bắt đầu (Từ ngày) và ngày kết thúc (Đến ngày).");
		return -1;
	}
	if (period_parse_date(q->from, &f->from) || period_parse_date(q->to, &f->to)) {
		snprintf(err, errlen, "Ngày không hợp lệ: viết dd/mm/yyyy hoặc yyyy-mm-dd.");
		return -1;
	}
	if (f->to < f->from) {
		snprintf(err, errlen, "Ngày kết thúc (Đến ngày) trước ngày bắt đầu (Từ ngày).");
		return -1;
	}
	if (f->to - f->from >= PERIOD_MAX_DAYS) {
		snprintf(err, errlen, "Kỳ báo cáo quá dài (tối đa 100 năm).");
		return -1;
	}
	return 0;
}

static int period(const struct reportq *q, int64_t today, struct report_filter *f, char *err, size_t errlen)
{
	if (!strcmp(q->period, "range")) return range(q, f, err, errlen);
	int kind = period_kind_from_name(q->period[0] ? q->period : "day"), y, m, d;
	int64_t day = today;
	char value[32];
	if (kind < 0) {
		snprintf(err, errlen, "Kỳ báo cáo không hợp lệ: dùng ngày, tuần, tháng, quý, năm, "
		         "hoặc từ ngày đến ngày.");
		return -1;
	}
	if (q->date[0] && period_parse_date(q->date, &day)) {
		snprintf(err, errlen, "Ngày không hợp lệ: viết dd/mm/yyyy hoặc yyyy-mm-dd.");
		return -1;
	}
	period_ymd(day, &y, &m, &d);
	snprintf(value, sizeof value, "%04d-%02d-%02d", y, m, d);
	if (period_parse((enum period_kind)kind, value, &f->from, &f->to)) {
		snprintf(err, errlen, "Không xác định được kỳ báo cáo.");
		return -1;
	}
	return 0;
}

static int filters(const struct reportq *q, const struct config *cfg, struct report_filter *f,
                   char *err, size_t errlen)
{
	char s[sizeof q->service > sizeof q->counter ? sizeof q->service : sizeof q->counter];
	trim(q->service, s, sizeof s);
	if (*s && cfg && config_service_index(cfg, s) < 0) {
		snprintf(err, errlen, "Trung tâm không có lĩnh vực \"%s\".", s);   /* cut whole by trim */
		return -1;
	}
	snprintf(f->service, sizeof f->service, "%s", s);   /* a code of the config fits; "" when none */
	trim(q->counter, s, sizeof s);
	f->counter = 0;
	if (*s) {
		int no = 0, n = 0;
		if (sscanf(s, "%4d%n", &no, &n) != 1 || s[n] || no < 1 || no > CONFIG_COUNTER_LAST ||
		    (cfg && config_counter_index(cfg, no) < 0)) {
			snprintf(err, errlen, "Trung tâm không có quầy \"%s\".", s);
			return -1;
		}
		f->counter = no;
	}
	/* the name's one form, as the log holds it: spaces trimmed, a letter
	 * typed decomposed composed again, cut only between characters */
	vname_normalize(f->officer, sizeof f->officer, q->officer);
	return 0;
}

int reportq_filter(const struct reportq *q, const struct config *cfg, int64_t today,
                   struct report_filter *f, char *err, size_t errlen)
{
	return period(q, today, f, err, errlen) || filters(q, cfg, f, err, errlen) ? -1 : 0;
}

/* Appends s percent-encoded (all but the unreserved characters). */
static size_t encode(char *out, size_t n, size_t k, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s && k + 4 < n; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("-._~", c)) {
			out[k++] = (char)c;
		} else {
			out[k++] = '%';
			out[k++] = hex[c >> 4];
			out[k++] = hex[c & 15];
		}
	}
	out[k] = 0;
	return k;
}

void reportq_query(const struct reportq *q, char *out, size_t n)
{
	size_t k = 0;
	out[0] = 0;
	for (size_t i = 0; i + 1 < NFIELDS; i++) {   /* not the table */
		const char *v = (const char *)q + fields[i].off;
		if (!*v || k + strlen(fields[i].key) + 3 >= n) continue;
		k += (size_t)snprintf(out + k, n - k, "%s%s=", k ? "&" : "", fields[i].key);
		k = encode(out, n, k, v);
	}
}

int reportq_table_index(const char *id)
{
	for (int i = 0; id && i < REPORTQ_TABLES; i++)
		if (!strcmp(id, reportq_tables[i].id)) return i;
	return -1;
}

void reportq_filename(const struct report_filter *f, const char *suffix, const char *ext,
                      char *out, size_t n)
{
	int y, m, d, y2, m2, d2;
	size_t k;
	period_ymd(f->from, &y, &m, &d);
	period_ymd(f->to, &y2, &m2, &d2);
	k = (size_t)snprintf(out, n, "bao-cao-%04d-%02d-%02d", y, m, d);
	if (f->to != f->from && k < n) k += (size_t)snprintf(out + k, n - k, "-den-%04d-%02d-%02d", y2, m2, d2);
	if (f->service[0] && k < n) {   /* codes are letters; anything else is left out of a name */
		k += (size_t)snprintf(out + k, n - k, "-linh-vuc-");
		for (const char *s = f->service; *s && k + 1 < n; s++)
			if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) out[k++] = *s;
		out[k < n ? k : n - 1] = 0;
	}
	if (f->counter && k < n) k += (size_t)snprintf(out + k, n - k, "-quay-%d", f->counter);
	if (suffix && k < n) k += (size_t)snprintf(out + k, n - k, "-%s", suffix);
	if (k < n) snprintf(out + k, n - k, ".%s", ext);
}

bool reportq_target_ok(const char *target)
{
	static const char *const pages[] = { "/report", "/report/view", "/report/xlsx", "/report/csv" };
	size_t path = strcspn(target, "?"), len = strlen(target);
	bool known = false;
	if (len > TARGET_MAX) return false;
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
		if (strlen(pages[i]) == path && !strncmp(target, pages[i], path)) known = true;
	if (!known) return false;
	for (const char *s = target + path; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      strchr("-._~%?=&+", c)))
			return false;
	}
	return true;
}
