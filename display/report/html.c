/*
 * html: the report as one self-contained HTML page (see report.h): inline
 * CSS and SVG, no script, no font or image fetched, laid out for A4.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "period.h"
#include "report_int.h"

static const char css[] =
	"@page{size:A4;margin:12mm 10mm}"
	"*{box-sizing:border-box}"
	"body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;font-size:10pt;color:#111;"
	"max-width:190mm;margin:0 auto;line-height:1.35}"
	"@media screen{body{padding:12px}}"
	"h1{font-size:15pt;margin:0 0 2px;text-transform:uppercase}"
	"h2{font-size:12pt;margin:14px 0 4px;border-bottom:2px solid #1f5f99;color:#1f5f99;break-after:avoid}"
	"h3{font-size:10pt;margin:10px 0 3px;break-after:avoid}"
	".meta{margin:0 0 2px;color:#333}"
	".empty{border:1px solid #c33;background:#fff4f4;padding:8px;font-weight:bold}"
	".live{border:1px solid #c90;background:#fffbe8;padding:4px 8px;margin:4px 0}"
	"table{border-collapse:collapse;width:100%;font-size:7.5pt;margin:2px 0 6px}"
	"thead{display:table-header-group}tr{break-inside:avoid}"
	"th,td{border:1px solid #9aa;padding:2px 3px;vertical-align:top}"
	"th{background:#e6eef7;font-weight:600;text-align:center}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
	"tr.total td{font-weight:bold;background:#f1f1f1}"
	"table.names td:first-child,table.names2 td:nth-child(2){white-space:nowrap}"
	".note{font-size:8pt;color:#333;margin:2px 0 6px}"
	"dl{font-size:8.5pt;margin:4px 0}dt{font-weight:bold;margin-top:4px;break-after:avoid}dd{margin:0 0 0 12px}"
	/* a term stays on the page of its text */
	".def{break-inside:avoid}"
	"svg.chart{width:100%;height:auto;display:block;margin:4px 0}"
	"svg text{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif}"
	".ax{font-size:10px;fill:#333}.lg{font-size:11px;fill:#111}.hv{font-size:10px}"
	".grid{stroke:#ddd;stroke-width:1}.axis{stroke:#333;stroke-width:1}"
	".b1{fill:#9ec5e8}.b2{fill:#1f5f99}.cell{stroke:#fff;stroke-width:1}"
	"section{break-inside:auto}";

static void esc(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
	}
}

/* A column's head on the page, where a duration is written out in hours
 * and minutes: the CSV and XLSX keep the unit their numbers are in. */
static const char *page_head(const char *head)
{
	static const char *const heads[][2] = {
		{ "Đăng nhập (giờ)", "Thời gian đăng nhập" },
		{ "Tạm nghỉ (giờ)", "Thời gian tạm nghỉ" },
		{ "Tổng thời gian (giờ)", "Tổng thời gian" },
	};
	for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
		if (!strcmp(head, heads[i][0])) return heads[i][1];
	return head;
}

/* Rows with nothing in them (a day without events) are left out when
 * skip_empty: the CSV and XLSX keep them. */
static int empty_row(const struct table *t, int r)
{
	for (int c = 0; c < t->ncols; c++) {
		const struct cell *cl = table_cell(t, r, c);
		if ((cl->type != CELL_TEXT && cl->type != CELL_NONE && cl->type != CELL_DATE) && cl->v != 0) return 0;
	}
	return 1;
}

static void write_table(FILE *out, const struct table *t, int skip_empty)
{
	char buf[256];
	/* names stay on one line: the first column's, or the second's after
	 * a center's (which may be long) */
	fprintf(out, "<table id=\"t-%s\" class=\"%s\"><thead><tr>", t->id,
	        !t->ncols ? "" : strcmp(t->heads[0], "Trung tâm") ? "names" : "names2");
	for (int c = 0; c < t->ncols; c++) {
		fputs("<th>", out);
		esc(out, page_head(t->heads[c]));
		fputs("</th>", out);
	}
	fputs("</tr></thead><tbody>\n", out);
	for (int r = 0; r < t->nrows; r++) {
		if (skip_empty && empty_row(t, r)) continue;
		fputs(t->total[r] ? "<tr class=\"total\">" : "<tr>", out);
		for (int c = 0; c < t->ncols; c++) {
			const struct cell *cl = table_cell(t, r, c);
			cell_format(cl, buf, sizeof buf);
			fputs(cl->type == CELL_TEXT ? "<td>" : "<td class=\"n\">", out);
			esc(out, buf);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

static void write_table_or_none(FILE *out, const struct table *t, const char *none)
{
	if (t->nrows) write_table(out, t, 0);
	else fprintf(out, "<p class=\"note\">%s</p>\n", none);
}

/* Long periods: the daily series summed by month for the page (the CSV
 * and XLSX keep every day). */
static void write_months(FILE *out, const struct tally *ty)
{
	fputs("<table id=\"t-theo-thang\"><thead><tr><th>Tháng</th><th>Phát số</th><th>Hủy</th>"
	      "<th>Phục vụ</th><th>Vắng mặt</th><th>Chờ TB (phút)</th><th>Tỷ lệ hài lòng</th></tr></thead><tbody>\n", out);
	int64_t end = tally_last_listed(ty);
	for (int64_t d = ty->from; d <= end;) {
		int y, m, dd;
		period_ymd(d, &y, &m, &dd);
		struct daily s = { 0 };
		for (; d <= end; d++) {
			int y2, m2, d2;
			period_ymd(d, &y2, &m2, &d2);
			if (y2 != y || m2 != m) break;
			const struct daily *x = &ty->daily[d - ty->from];
			s.issued += x->issued; s.voided += x->voided; s.served += x->served; s.noshow += x->noshow;
			s.waits += x->waits; s.wait_ms += x->wait_ms; s.chose += x->chose; s.satisfied += x->satisfied;
		}
		struct cell c[6] = {
			{ CELL_INT, (double)s.issued, NULL }, { CELL_INT, (double)s.voided, NULL },
			{ CELL_INT, (double)s.served, NULL }, { CELL_INT, (double)s.noshow, NULL },
			{ s.waits ? CELL_MIN : CELL_NONE, s.waits ? (double)s.wait_ms / (double)s.waits / 60000.0 : 0, NULL },
			{ s.chose ? CELL_PCT : CELL_NONE, s.chose ? (double)s.satisfied / (double)s.chose : 0, NULL },
		};
		fprintf(out, "<tr><td>%02d/%d</td>", m, y);
		for (int i = 0; i < 6; i++) {
			char buf[64];
			cell_format(&c[i], buf, sizeof buf);
			fprintf(out, "<td class=\"n\">%s</td>", buf);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

static const char definitions[] =
	"<dl>"
	"<div class=\"def\"><dt>Phát số</dt><dd>Số thứ tự đã in và trao cho công dân, tính theo lĩnh vực lúc phát. Số bị hủy "
	"(in lỗi, lệnh VOID) không tính là đã phát mà đếm riêng ở cột Hủy.</dd></div>"
	"<div class=\"def\"><dt>Thời gian chờ</dt><dd>Từ lúc số vào hàng chờ (khi phát, hoặc khi được chuyển sang lĩnh vực khác) "
	"đến lần gọi đầu tiên ra khỏi hàng đó; tính cho lĩnh vực của hàng chờ và cho quầy, cán bộ đã gọi. "
	"Gọi lại, hay gọi lại sau khi đưa số vắng mặt trở lại hàng chờ, không tạo thời gian chờ mới. "
	"Số còn chờ khi hết ngày không có thời gian chờ: đếm ở cột Chưa được gọi.</dd></div>"
	"<div class=\"def\"><dt>Gọi trong 15 / 30 phút</dt><dd>Tỷ lệ lượt chờ có thời gian chờ không quá 15 (30) phút.</dd></div>"
	"<div class=\"def\"><dt>Chờ TB</dt><dd>Thời gian chờ trung bình (cộng các lượt chờ rồi chia cho số "
	"lượt), ở bảng theo ngày và theo tháng. Khác với chờ trung vị ở bảng Tổng hợp: vài lượt chờ rất lâu "
	"kéo trung bình lên mà không đổi trung vị.</dd></div>"
	"<div class=\"def\"><dt>Giờ đông nhất</dt><dd>Ba giờ trong ngày có nhiều số phát nhất (bảng lĩnh "
	"vực) hoặc nhiều lượt gọi nhất (bảng quầy) trong cả kỳ, giờ đông nhất trước; số trong ngoặc là số "
	"lượng: “9h (120)” là 120 số phát từ 9 giờ đến trước 10 giờ.</dd></div>"
	"<div class=\"def\"><dt>Phục vụ, thời gian phục vụ</dt><dd>Một số đã gọi được tính là đã phục vụ khi quầy gọi số tiếp "
	"theo, bấm Xong, tạm nghỉ hoặc đăng xuất. Thời gian phục vụ tính từ lần gọi đến lúc đó, cho cán bộ "
	"đang ở quầy lúc kết thúc. Số chuyển đi hoặc vắng mặt không có thời gian phục vụ; số còn ở quầy khi "
	"hết ngày không tính là đã phục vụ.</dd></div>"
	"<div class=\"def\"><dt>Vắng mặt, chuyển đi, gọi lại</dt><dd>Mỗi lần bấm Vắng mặt, Chuyển, Gọi lại. Số vắng mặt được "
	"đưa lại hàng chờ rồi phục vụ sau vẫn tính một lần vắng mặt. Số chuyển đi tính cho lĩnh vực nó rời "
	"đi; thời gian chờ ở lĩnh vực mới tính cho lĩnh vực mới.</dd></div>"
	"<div class=\"def\"><dt>Thời gian đăng nhập, tạm nghỉ</dt><dd>Từ đăng nhập đến đăng xuất (hoặc đến khi cán bộ khác đăng "
	"nhập tại quầy). Ngày cán bộ không đăng xuất: tính đến sự kiện cuối cùng của quầy trong ngày và "
	"đếm ở cột Ngày không đăng xuất. Tạm nghỉ tính từ Tạm nghỉ đến Tiếp tục (hoặc đăng xuất).</dd></div>"
	"<div class=\"def\"><dt>Đánh giá</dt><dd>Tỷ lệ chọn đánh giá = số công dân đã chọn một mức (1–5) / số công dân được "
	"phục vụ. <b>Tỷ lệ hài lòng = (số “Hài lòng” + số “Rất hài lòng”) / số công dân đã chọn một mức.</b> "
	"“Không chọn” (hết giờ mà công dân không bấm) không phải là một mức đánh giá.</dd></div>"
	"<div class=\"def\"><dt>Ngày</dt><dd>Ngày làm việc bắt đầu từ giờ đầu ngày của trung tâm (mặc định 4 giờ sáng): sự kiện "
	"lúc 3 giờ 59 thuộc ngày hôm trước. Trung vị: giá trị ở giữa; p90: 90% giá trị không vượt quá.</dd></div>";

/* Only on a report of a day under way. */
static const char definition_live[] =
	"<div class=\"def\"><dt>Ngày đang diễn ra</dt><dd>Báo cáo lập trong ngày làm việc hiện tại: cán bộ chưa đăng xuất được "
	"tính thời gian đăng nhập (và tạm nghỉ) đến lúc lập báo cáo, ở cột Đang làm việc, không phải Ngày "
	"không đăng xuất; số còn trong hàng chờ là Đang chờ, số đang ở quầy là Đang phục vụ, chưa phải "
	"Chưa được gọi hay chưa phục vụ.</dd></div>";

/* The local date and "HH:MM" of ms on a clock utc_offset_min ahead. */
static void local_time(int64_t ms, int utc_offset_min, char *date, size_t dn, char *hm, size_t hn)
{
	int64_t local = ms + (int64_t)utc_offset_min * 60000;
	int64_t day = local >= 0 ? local / 86400000 : -((-local + 86399999) / 86400000);
	int64_t m = (local - day * 86400000) / 60000;
	period_format_date(day, date, dn);
	snprintf(hm, hn, "%02d:%02d", (int)(m / 60), (int)(m % 60));
}

static void write_header(FILE *out, const struct report *r)
{
	const struct tally *ty = r->tally;
	char period[128], filters[256], date[16];
	period_describe(r->f.from, r->f.to, period, sizeof period);
	report_filters_text(r, filters, sizeof filters);
	fputs("<header><h1>Báo cáo hoạt động tiếp nhận hồ sơ</h1>\n<p class=\"meta\"><b>", out);
	for (int i = 0; i < ty->ncenters; i++) {
		if (i) fputs("; ", out);
		esc(out, ty->centers[i].label);
	}
	fputs("</b></p>\n<p class=\"meta\">Kỳ báo cáo: ", out);
	esc(out, period);
	fputs("</p>\n", out);
	if (*filters) {
		fputs("<p class=\"meta\">Lọc theo: ", out);
		esc(out, filters);
		fputs("</p>\n", out);
	}
	if (r->f.now_ms > 0) {
		char hm[8];
		local_time(r->f.now_ms, ty->ncenters ? ty->centers[0].utc_offset_min : 420, date, sizeof date,
		           hm, sizeof hm);
		fprintf(out, "<p class=\"meta\">Lập lúc %s ngày %s</p>\n", hm, date);
	}
	for (int i = 0; ty->live && i < ty->ncenters; i++) {
		const struct tally_center *c = &ty->centers[i];
		if (c->live_day < r->f.from || c->live_day > r->f.to) continue;
		char hm[8];
		local_time(r->f.now_ms, c->utc_offset_min, date, sizeof date, hm, sizeof hm);
		fprintf(out, "<p class=\"live\" id=\"live\"><b>Ngày đang diễn ra: số liệu tính đến %s</b> "
		        "(giờ của trung tâm). Cán bộ chưa đăng xuất được tính thời gian đến lúc này (cột Đang "
		        "làm việc); số đang chờ và số đang phục vụ chưa kết thúc, được đếm riêng.</p>\n", hm);
		break;
	}
	fputs("</header>\n", out);
}

int report_write_html(struct report *r, FILE *out, char *err, size_t errlen)
{
	if (report_build(r, err, errlen)) return -1;
	const struct tables *ts = &r->tables;
	const struct tally *ty = r->tally;
	char period[128];
	period_describe(r->f.from, r->f.to, period, sizeof period);
	fputs("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Báo cáo ", out);
	esc(out, period);
	fprintf(out, "</title>\n<style>%s</style></head><body>\n", css);
	write_header(out, r);
	if (!report_has_events(r)) {
		fputs("<p class=\"empty\" id=\"empty\">Không có sự kiện nào trong kỳ báo cáo này"
		      " (không có số nào được phát, gọi hay phục vụ).</p>\n", out);
	}
	long skipped = 0;
	for (int i = 0; i < ty->ncenters; i++) skipped += ty->centers[i].skipped;
	if (skipped)
		fprintf(out, "<p class=\"note\" id=\"skipped\">%ld sự kiện của nhật ký không khớp với số thứ tự "
		        "hay quầy nào trong ngày của nó và không được tính.</p>\n", skipped);
	fputs("<section id=\"tong-hop\"><h2>1. Tổng hợp</h2>\n", out);
	write_table(out, &ts->t[T_SUMMARY], 0);
	fputs("</section>\n<section id=\"theo-ngay\"><h2>2. Theo thời gian</h2>\n"
	      "<h3>Số phát và số phục vụ theo ngày</h3>\n", out);
	chart_daily(out, ty);
	if (ty->to - ty->from < 31) write_table(out, &ts->t[T_DAILY], 1);
	else write_months(out, ty);
	fputs("<h3 id=\"thu-gio\">Số phát theo thứ và giờ (để bố trí cán bộ)</h3>\n", out);
	chart_heat(out, ty);
	fputs("</section>\n<section id=\"can-bo\"><h2>3. Cán bộ</h2>\n<h3>Công việc</h3>\n", out);
	write_table_or_none(out, &ts->t[T_OFFICERS], "Không có cán bộ nào làm việc trong kỳ.");
	fputs("<p class=\"note\">Thời gian phục vụ: từ lúc gọi đến khi kết thúc. Thời gian chờ: của các "
	      "công dân do cán bộ gọi.</p>\n<h3>Thời gian và đánh giá của công dân</h3>\n", out);
	write_table_or_none(out, &ts->t[T_OFFICER_TIME], "Không có cán bộ nào làm việc trong kỳ.");
	fputs("<p class=\"note\"><b>Tỷ lệ hài lòng = (Hài lòng + Rất hài lòng) / số công dân đã chọn một "
	      "mức đánh giá.</b> Tỷ lệ chọn đánh giá = số công dân đã chọn / số công dân được phục vụ.</p>\n"
	      "<h3>Tạm nghỉ theo lý do</h3>\n", out);
	write_table_or_none(out, &ts->t[T_PAUSES], "Không có lần tạm nghỉ nào.");
	fputs("</section>\n<section id=\"linh-vuc\"><h2>4. Lĩnh vực</h2>\n", out);
	write_table_or_none(out, &ts->t[T_SERVICES], "Không có số nào được phát.");
	fputs("</section>\n<section id=\"quay\"><h2>5. Quầy</h2>\n", out);
	write_table_or_none(out, &ts->t[T_COUNTERS], "Không có quầy nào gọi số.");
	fputs("<p class=\"note\">Số được phát tại máy lấy số, không gắn với quầy: bảng quầy bắt đầu từ "
	      "lượt gọi.</p>\n</section>\n<section id=\"dinh-nghia\"><h2>6. Cách tính</h2>\n", out);
	fputs(definitions, out);
	if (ty->live) fputs(definition_live, out);
	fputs("</dl>", out);
	fputs("</section>\n</body></html>\n", out);
	if (ferror(out)) { snprintf(err, errlen, "write error"); return -1; }
	return 0;
}

void report_filters_text(const struct report *r, char *out, size_t n)
{
	size_t len = 0;
	out[0] = 0;
	if (r->f.service[0])
		len += (size_t)snprintf(out + len, n - len, "lĩnh vực %s", r->f.service);
	if (r->f.counter && len < n)
		len += (size_t)snprintf(out + len, n - len, "%squầy %d", len ? ", " : "", r->f.counter);
	if (r->f.officer[0] && len < n)
		snprintf(out + len, n - len, "%scán bộ %s", len ? ", " : "", r->f.officer);
}

int report_has_events(const struct report *r)
{
	for (int i = 0; i < r->tally->ncenters; i++)
		if (r->tally->centers[i].rows) return 1;
	return 0;
}
