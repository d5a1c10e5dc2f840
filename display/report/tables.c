/*
 * tables: the report's tables from a tally (see tables.h). Each table's
 * columns are listed once, here; the writers only lay them out.
 */
#include "tables.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "period.h"
#include "report.h"

const char *const tables_weekday[7] = {
	"Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật",
};
const char *const tables_weekday_short[7] = { "T2", "T3", "T4", "T5", "T6", "T7", "CN" };
const char *const tables_rating[6] = {
	"Không chọn", "Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng",
};

/* ---- building ---- */

struct builder {
	struct table *t;
	int col, fail;
};

/* In the order of enum table_id. */
const struct report_table report_tables[REPORT_TABLES] = {
	[T_SUMMARY] = { "tong-hop", "Tổng hợp" },
	[T_OFFICERS] = { "can-bo", "Cán bộ: công việc" },
	[T_OFFICER_TIME] = { "can-bo-thoi-gian", "Cán bộ: thời gian và đánh giá" },
	[T_PAUSES] = { "tam-nghi", "Tạm nghỉ theo lý do" },
	[T_SERVICES] = { "linh-vuc", "Lĩnh vực" },
	[T_COUNTERS] = { "quay", "Quầy" },
	[T_DAILY] = { "theo-ngay", "Theo ngày" },
	[T_HEAT] = { "thu-gio", "Số phát theo thứ và giờ" },
};
_Static_assert(REPORT_TABLES == T_COUNT_, "one id and title for each table");

static void begin(struct builder *b, struct table *t, enum table_id id,
                  int with_center, const char *const *heads, int n)
{
	b->t = t;
	b->col = 0;
	t->id = report_tables[id].id;
	t->title = report_tables[id].title;
	t->ncols = 0;
	if (with_center) t->heads[t->ncols++] = "Trung tâm";
	for (int i = 0; i < n && t->ncols < TABLE_MAX_COLS; i++) t->heads[t->ncols++] = heads[i];
}

#define BEGIN(b, t, id, with_center, heads) \
	begin((b), (t), (id), (with_center), (heads), (int)(sizeof(heads) / sizeof *(heads)))

static struct cell *next_cell(struct builder *b)
{
	struct table *t = b->t;
	if (b->col == 0) {
		if (t->nrows == t->cap) {
			int cap = t->cap ? t->cap * 2 : 16;
			struct cell *c = realloc(t->cells, sizeof *c * (size_t)cap * (size_t)t->ncols);
			unsigned char *tot = realloc(t->total, (size_t)cap);
			if (c) t->cells = c;
			if (tot) t->total = tot;
			if (!c || !tot) { b->fail = 1; return NULL; }
			t->cap = cap;
		}
		t->total[t->nrows] = 0;
		t->nrows++;
	}
	struct cell *c = &t->cells[(size_t)(t->nrows - 1) * (size_t)t->ncols + (size_t)b->col];
	b->col = (b->col + 1) % t->ncols;
	memset(c, 0, sizeof *c);
	return c;
}

static void text(struct builder *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text(struct builder *b, const char *fmt, ...)
{
	struct cell *c = next_cell(b);
	va_list ap;
	if (!c) return;
	c->type = CELL_TEXT;
	va_start(ap, fmt);
	if (vasprintf(&c->s, fmt, ap) < 0) { c->s = NULL; b->fail = 1; }
	va_end(ap);
}

static void num(struct builder *b, enum cell_type type, double v)
{
	struct cell *c = next_cell(b);
	if (!c) return;
	c->type = isfinite(v) ? type : CELL_NONE;
	c->v = v;
}

static void mark_total(struct builder *b) { b->t->total[b->t->nrows - 1] = 1; }

static void integer(struct builder *b, long v) { num(b, CELL_INT, (double)v); }
static void minutes(struct builder *b, double ms) { num(b, CELL_MIN, ms / 60000.0); }
static void hours(struct builder *b, double ms) { num(b, CELL_HOURS, ms / 3600000.0); }
static void share(struct builder *b, double v) { num(b, CELL_PCT, v); }

static void busiest(struct builder *b, const long hours_[24])
{
	int h[3], n = group_busiest(hours_, 3, h);
	char s[96] = "";
	for (int i = 0; i < n; i++) {
		size_t len = strlen(s);
		snprintf(s + len, sizeof s - len, "%s%dh (%ld)", i ? ", " : "", h[i], hours_[h[i]]);
	}
	if (n) text(b, "%s", s); else num(b, CELL_NONE, NAN);
}

/* ---- the tables ---- */

static void wait_cells(struct builder *b, const struct group *g, int with_max)
{
	minutes(b, samples_median(&g->wait));
	minutes(b, samples_p90(&g->wait));
	if (with_max) minutes(b, samples_max(&g->wait));
	share(b, group_wait_share(g, GROUP_WITHIN_A));
	share(b, group_wait_share(g, GROUP_WITHIN_B));
}

static void summary_row(struct builder *b, const char *label, long days, const struct group *g, int live)
{
	text(b, "%s", label);
	integer(b, days);
	integer(b, g->issued); integer(b, g->voided); integer(b, g->called); integer(b, g->served);
	integer(b, g->noshow); integer(b, g->transfers); integer(b, g->uncalled);
	wait_cells(b, g, 0);
	minutes(b, samples_mean(&g->service));
	share(b, group_satisfaction(g));
	if (live) { integer(b, g->waiting); integer(b, g->serving); }
}

static void build_summary(struct builder *b, struct table *t, const struct tally *ty)
{
	static const char *const heads[] = {
		"Trung tâm", "Ngày có số liệu", "Phát số", "Hủy", "Lượt gọi", "Phục vụ", "Vắng mặt",
		"Chuyển đi", "Chưa được gọi", "Chờ trung vị (phút)", "Chờ p90 (phút)",
		"Gọi trong 15 phút", "Gọi trong 30 phút", "Phục vụ TB (phút)", "Tỷ lệ hài lòng",
		"Đang chờ", "Đang phục vụ",     /* only on a day under way */
	};
	long days = 0;
	int n = (int)(sizeof heads / sizeof *heads) - (ty->live ? 0 : 2);
	begin(b, t, T_SUMMARY, 0, heads, n);
	for (int i = 0; i < ty->ncenters; i++) {
		summary_row(b, ty->centers[i].label, (long)ty->centers[i].days_with_events, &ty->centers[i].total,
		            ty->live);
		days = days > ty->centers[i].days_with_events ? days : (long)ty->centers[i].days_with_events;
	}
	if (ty->ncenters > 1) {
		summary_row(b, "Tổng các trung tâm", days, &ty->total, ty->live);
		mark_total(b);
	}
}

static void build_officers(struct builder *b, struct table *t, const struct tally *ty, int wc)
{
	static const char *const heads[] = {
		"Cán bộ", "Phục vụ", "Vắng mặt", "Chuyển đi", "Gọi lại", "Phục vụ TB (phút)",
		"Phục vụ trung vị (phút)", "Phục vụ p90 (phút)", "Chờ trung vị (phút)", "Chờ p90 (phút)",
	};
	BEGIN(b, t, T_OFFICERS, wc, heads);
	for (int i = 0; i < ty->ncenters; i++)
		for (int j = 0; j < ty->centers[i].nofficers; j++) {
			const struct group *g = &ty->centers[i].officers[j].g;
			if (group_empty(g)) continue;
			if (wc) text(b, "%s", ty->centers[i].label);
			text(b, "%s", ty->centers[i].officers[j].name);
			integer(b, g->served); integer(b, g->noshow); integer(b, g->transfers); integer(b, g->recalls);
			minutes(b, samples_mean(&g->service)); minutes(b, samples_median(&g->service));
			minutes(b, samples_p90(&g->service));
			minutes(b, samples_median(&g->wait)); minutes(b, samples_p90(&g->wait));
		}
}

static void build_officer_time(struct builder *b, struct table *t, const struct tally *ty, int wc)
{
	static const char *const heads[] = {
		"Cán bộ", "Đăng nhập (giờ)", "Tạm nghỉ (lần)", "Tạm nghỉ (giờ)", "Ngày không đăng xuất",
		"Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng",
		"Không chọn", "Tỷ lệ chọn đánh giá", "Tỷ lệ hài lòng",
		"Đang làm việc",                /* only on a day under way */
	};
	begin(b, t, T_OFFICER_TIME, wc, heads,
	      (int)(sizeof heads / sizeof *heads) - !ty->live);
	for (int i = 0; i < ty->ncenters; i++)
		for (int j = 0; j < ty->centers[i].nofficers; j++) {
			const struct group *g = &ty->centers[i].officers[j].g;
			if (group_empty(g)) continue;
			if (wc) text(b, "%s", ty->centers[i].label);
			text(b, "%s", ty->centers[i].officers[j].name);
			hours(b, (double)g->login_ms); integer(b, g->pauses); hours(b, (double)g->pause_ms);
			integer(b, g->open_days);
			for (int k = 5; k >= 0; k--) integer(b, g->ratings[k]);
			share(b, group_chose_share(g)); share(b, group_satisfaction(g));
			if (ty->live) text(b, "%s", g->working ? "Có" : "");
		}
}

static void build_pauses(struct builder *b, struct table *t, const struct tally *ty, int wc)
{
	static const char *const heads[] = { "Cán bộ", "Lý do tạm nghỉ", "Số lần", "Tổng thời gian (giờ)" };
	BEGIN(b, t, T_PAUSES, wc, heads);
	for (int i = 0; i < ty->ncenters; i++) {
		const struct tally_center *c = &ty->centers[i];
		/* officers in the (sorted) table order, reasons as first seen */
		for (int j = 0; j < c->nofficers; j++)
			for (int k = 0; k < c->npauses; k++) {
				const struct pause_reason *p = &c->pauses[k];
				if (strcmp(p->officer, c->officers[j].name)) continue;
				if (wc) text(b, "%s", c->label);
				text(b, "%s", c->officers[j].name);
				text(b, "%s", c->reasons[p->reason]);
				integer(b, p->n);
				hours(b, (double)p->ms);
			}
	}
}

static void build_services(struct builder *b, struct table *t, const struct tally *ty, int wc)
{
	static const char *const heads[] = {
		"Mã", "Lĩnh vực", "Phát số", "Hủy", "Phục vụ", "Vắng mặt", "Chuyển đi",
		"Chờ trung vị (phút)", "Chờ p90 (phút)", "Chờ lâu nhất (phút)", "Gọi trong 15 phút",
		"Gọi trong 30 phút", "Phục vụ TB (phút)", "Phục vụ trung vị (phút)", "Giờ đông nhất (số phát)",
	};
	BEGIN(b, t, T_SERVICES, wc, heads);
	for (int i = 0; i < ty->ncenters; i++)
		for (int j = 0; j < ty->centers[i].nservices; j++) {
			const struct named_group *s = &ty->centers[i].services[j];
			const struct group *g = &s->g;
			if (group_empty(g)) continue;
			if (wc) text(b, "%s", ty->centers[i].label);
			text(b, "%s", s->name);
			text(b, "%s", s->title);
			integer(b, g->issued); integer(b, g->voided); integer(b, g->served);
			integer(b, g->noshow); integer(b, g->transfers);
			wait_cells(b, g, 1);
			minutes(b, samples_mean(&g->service)); minutes(b, samples_median(&g->service));
			busiest(b, g->hour_issued);
		}
}

static void build_counters(struct builder *b, struct table *t, const struct tally *ty, int wc)
{
	static const char *const heads[] = {
		"Quầy", "Lượt gọi", "Phục vụ", "Vắng mặt", "Chuyển đi", "Gọi lại",
		"Chờ trung vị (phút)", "Chờ p90 (phút)", "Chờ lâu nhất (phút)", "Gọi trong 15 phút",
		"Gọi trong 30 phút", "Phục vụ TB (phút)", "Phục vụ trung vị (phút)", "Giờ đông nhất (lượt gọi)",
	};
	BEGIN(b, t, T_COUNTERS, wc, heads);
	for (int i = 0; i < ty->ncenters; i++)
		for (int j = 0; j < ty->centers[i].ncounters; j++) {
			const struct named_group *s = &ty->centers[i].counters[j];
			const struct group *g = &s->g;
			if (group_empty(g)) continue;
			if (wc) text(b, "%s", ty->centers[i].label);
			if (*s->title) text(b, "%s", s->title); else text(b, "Quầy %d", s->no);
			integer(b, g->called); integer(b, g->served); integer(b, g->noshow);
			integer(b, g->transfers); integer(b, g->recalls);
			wait_cells(b, g, 1);
			minutes(b, samples_mean(&g->service)); minutes(b, samples_median(&g->service));
			busiest(b, g->hour_called);
		}
}

static void build_daily(struct builder *b, struct table *t, const struct tally *ty)
{
	static const char *const heads[] = {
		"Ngày", "Thứ", "Phát số", "Hủy", "Phục vụ", "Vắng mặt", "Chờ TB (phút)", "Tỷ lệ hài lòng",
	};
	BEGIN(b, t, T_DAILY, 0, heads);
	for (int64_t d = ty->from, end = tally_last_listed(ty); d <= end; d++) {
		const struct daily *x = &ty->daily[d - ty->from];
		num(b, CELL_DATE, (double)d);
		text(b, "%s", tables_weekday[period_weekday(d)]);
		integer(b, x->issued); integer(b, x->voided); integer(b, x->served); integer(b, x->noshow);
		minutes(b, x->waits ? (double)x->wait_ms / (double)x->waits : NAN);
		share(b, x->chose ? (double)x->satisfied / (double)x->chose : NAN);
	}
}

static void build_heat(struct builder *b, struct table *t, const struct tally *ty)
{
	static const char *const heads[] = {
		"Thứ", "0h", "1h", "2h", "3h", "4h", "5h", "6h", "7h", "8h", "9h", "10h", "11h", "12h",
		"13h", "14h", "15h", "16h", "17h", "18h", "19h", "20h", "21h", "22h", "23h",
	};
	BEGIN(b, t, T_HEAT, 0, heads);
	for (int w = 0; w < 7; w++) {
		text(b, "%s", tables_weekday[w]);
		for (int h = 0; h < 24; h++) integer(b, ty->heat[w][h]);
	}
}

int tables_build(struct tables *ts, const struct tally *ty)
{
	struct builder b = { 0 };
	int wc = ty->ncenters > 1;
	memset(ts, 0, sizeof *ts);
	ts->centers = ty->ncenters;
	build_summary(&b, &ts->t[T_SUMMARY], ty);
	build_officers(&b, &ts->t[T_OFFICERS], ty, wc);
	build_officer_time(&b, &ts->t[T_OFFICER_TIME], ty, wc);
	build_pauses(&b, &ts->t[T_PAUSES], ty, wc);
	build_services(&b, &ts->t[T_SERVICES], ty, wc);
	build_counters(&b, &ts->t[T_COUNTERS], ty, wc);
	build_daily(&b, &ts->t[T_DAILY], ty);
	build_heat(&b, &ts->t[T_HEAT], ty);
	return b.fail ? -1 : 0;
}

void tables_free(struct tables *ts)
{
	for (int i = 0; i < T_COUNT_; i++) {
		struct table *t = &ts->t[i];
		for (long k = 0; k < (long)t->nrows * t->ncols; k++)
			if (t->cells[k].type == CELL_TEXT) free(t->cells[k].s);
		free(t->cells);
		free(t->total);
	}
	memset(ts, 0, sizeof *ts);
}

const struct cell *table_cell(const struct table *t, int row, int col)
{
	return &t->cells[(size_t)row * (size_t)t->ncols + (size_t)col];
}

/* Hours as a person says them: "1 giờ 24 phút", under an hour "15 phút
 * 5 giây" (a pause of a minute and a half read "0,0" in tenths of hours). */
static void format_duration(double hours, char *out, size_t n)
{
	long long s = llround(hours * 3600.0);
	char h[32];
	if (s < 0) s = 0;
	if (s >= 3600) {
		long long m = (s + 30) / 60;      /* to the nearest minute */
		period_format_number((double)(m / 60), 0, h, sizeof h);
		if (m % 60) snprintf(out, n, "%s giờ %lld phút", h, m % 60);
		else snprintf(out, n, "%s giờ", h);
	} else if (s >= 60) {
		if (s % 60) snprintf(out, n, "%lld phút %lld giây", s / 60, s % 60);
		else snprintf(out, n, "%lld phút", s / 60);
	} else if (s > 0) {
		snprintf(out, n, "%lld giây", s);
	} else {
		snprintf(out, n, "0 phút");
	}
}

void cell_format(const struct cell *c, char *out, size_t n)
{
	char num_[64];
	switch (c->type) {
	case CELL_TEXT: snprintf(out, n, "%s", c->s ? c->s : ""); return;
	case CELL_INT: period_format_number(c->v, 0, out, n); return;
	case CELL_MIN: period_format_number(c->v, 1, out, n); return;
	case CELL_HOURS: format_duration(c->v, out, n); return;
	case CELL_PCT:
		period_format_number(c->v * 100, 1, num_, sizeof num_);
		snprintf(out, n, "%s%%", num_);
		return;
	case CELL_DATE: period_format_date((int64_t)c->v, out, n); return;
	case CELL_NONE: snprintf(out, n, "—"); return;
	}
}
