/*
 * pages: generated pages (see pages.h).
 */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "period.h"
#include "reportq.h"

#define HEAD "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">" \
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" \
             "<link rel=\"stylesheet\" href=\"/style.css\"><title>%s</title></head>"

void pages_escape(char *out, size_t n, const char *s)
{
	size_t k = 0;
	for (; *s && k + 7 < n; s++) {
		const char *e = *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '&' ? "&amp;" :
		                *s == '"' ? "&quot;" : *s == '\'' ? "&#39;" : NULL;
		if (e) { memcpy(out + k, e, strlen(e)); k += strlen(e); }
		else out[k++] = *s;
	}
	if (*s) {   /* cut short: never in the middle of a character */
		size_t lead = k, cont = 0;
		while (lead > 0 && cont < 3 && ((unsigned char)out[lead - 1] & 0xC0) == 0x80) { lead--; cont++; }
		unsigned char c = lead > 0 ? (unsigned char)out[lead - 1] : 0;
		size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		if (lead > 0 && len > 1 && cont + 1 < len) k = lead - 1;
	}
	out[k] = 0;
}

void pages_message(char *out, size_t n, const char *title, const char *text)
{
	char t[256], x[1024];
	pages_escape(t, sizeof t, title);
	pages_escape(x, sizeof x, text);
	snprintf(out, n, HEAD "<body class=\"msg\"><main><h1>%s</h1><p>%s</p></main></body></html>\n", t, t, x);
}

void pages_message_back(char *out, size_t n, const char *title, const char *text, const char *href,
                        const char *label)
{
	char t[256], x[1024], h[1200], l[256];
	pages_escape(t, sizeof t, title);
	pages_escape(x, sizeof x, text);
	pages_escape(h, sizeof h, href);
	pages_escape(l, sizeof l, label);
	snprintf(out, n, HEAD "<body class=\"msg\"><main><h1>%s</h1><p>%s</p>"
	         "<p><a class=\"back\" id=\"back\" href=\"%s\">%s</a></p></main></body></html>\n", t, t, x, h, l);
}

void pages_login(char *out, size_t n, const char *msg, const char *target)
{
	char m[512], tg[1200] = "";
	if (msg) pages_escape(m, sizeof m, msg);
	if (target && *target) pages_escape(tg, sizeof tg, target);
	snprintf(out, n, HEAD "<body class=\"msg\"><main><h1>Báo cáo của trung tâm</h1>"
	         "%s%s%s"
	         "<form method=\"post\" action=\"/report/login\">"
	         "%s%s%s"
	         "<label for=\"pw\">Mật khẩu</label>"
	         "<input id=\"pw\" name=\"password\" type=\"password\" autocomplete=\"current-password\" "
	         "required autofocus>"
	         "<button type=\"submit\">Đăng nhập</button></form>"
	         "<p class=\"small\">Mật khẩu do bộ phận tin học đặt trên máy hiển thị.</p>"
	         "</main></body></html>\n", "Đăng nhập — báo cáo",
	         msg ? "<p class=\"error\" role=\"alert\">" : "<p id=\"hello\">",
	         msg ? m : "Xin đăng nhập để xem báo cáo.", "</p>",
	         *tg ? "<input type=\"hidden\" name=\"next\" value=\"" : "", tg, *tg ? "\">" : "");
}

/* A date field's value: yyyy-mm-dd, or "" when s is no date. */
static void iso_date(const char *s, char *out, size_t n)
{
	int64_t day;
	int y, m, d;
	out[0] = 0;
	if (!*s || period_parse_date(s, &day)) return;
	period_ymd(day, &y, &m, &d);
	snprintf(out, n, "%04d-%02d-%02d", y, m, d);
}

static const char *sel(const char *a, const char *b) { return !strcmp(a, b) ? " selected" : ""; }

static void period_field(FILE *f, const struct reportq *q)
{
	static const char *const kinds[][2] = {
		{ "day", "Ngày" }, { "week", "Tuần" }, { "month", "Tháng" }, { "quarter", "Quý" },
		{ "year", "Năm" }, { "range", "Từ ngày … đến ngày" },
	};
	char d[16], from[16], to[16];
	fputs("<label for=\"p\">Kỳ báo cáo</label><select id=\"p\" name=\"period\">", f);
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		fprintf(f, "<option value=\"%s\"%s>%s</option>", kinds[i][0],
		        sel(q->period[0] ? q->period : "day", kinds[i][0]), kinds[i][1]);
	iso_date(q->date, d, sizeof d);
	iso_date(q->from, from, sizeof from);
	iso_date(q->to, to, sizeof to);
	fprintf(f, "</select><div class=\"one\"><label for=\"d\">Ngày trong kỳ (để trống: hôm nay)</label>"
	        "<input id=\"d\" name=\"date\" type=\"date\" value=\"%s\"></div>"
	        "<div class=\"range\"><label for=\"from\">Từ ngày</label>"
	        "<input id=\"from\" name=\"from\" type=\"date\" value=\"%s\">"
	        "<label for=\"to\">Đến ngày</label><input id=\"to\" name=\"to\" type=\"date\" value=\"%s\"></div>",
	        d, from, to);
}

static void filter_fields(FILE *f, const struct config *cfg, const struct reportq *q)
{
	char e[600], no[16];
	fputs("<label for=\"s\">Lĩnh vực</label><select id=\"s\" name=\"service\">"
	      "<option value=\"\">Tất cả lĩnh vực</option>", f);
	for (int i = 0; cfg && i < cfg->nservices; i++) {
		pages_escape(e, sizeof e, cfg->services[i].name);
		fprintf(f, "<option value=\"%s\"%s>%s – %s</option>", cfg->services[i].code,
		        sel(q->service, cfg->services[i].code), cfg->services[i].code, e);
	}
	fputs("</select><label for=\"c\">Quầy</label><select id=\"c\" name=\"counter\">"
	      "<option value=\"\">Tất cả quầy</option>", f);
	for (int i = 0; cfg && i < cfg->ncounters; i++) {
		const struct config_counter *c = &cfg->counters[i];
		char plain[32];
		snprintf(no, sizeof no, "%d", c->no);
		snprintf(plain, sizeof plain, "Quầy %d", c->no);
		pages_escape(e, sizeof e, c->name);
		fprintf(f, "<option value=\"%d\"%s>Quầy %d%s%s</option>", c->no, sel(q->counter, no), c->no,
		        *c->name && strcmp(c->name, plain) ? " – " : "", *c->name && strcmp(c->name, plain) ? e : "");
	}
	pages_escape(e, sizeof e, q->officer);
	fprintf(f, "</select><label for=\"o\">Cán bộ (họ tên như khi đăng nhập tại quầy; để trống: tất cả)</label>"
	        "<input id=\"o\" name=\"officer\" type=\"text\" maxlength=\"255\" value=\"%s\">", e);
}

char *pages_report_form(const char *center, const struct config *cfg, const struct reportq *q)
{
	char *page = NULL, c[512];
	size_t len = 0;
	FILE *f = open_memstream(&page, &len);
	if (!f) return NULL;
	pages_escape(c, sizeof c, center);
	fprintf(f, HEAD "<body class=\"msg report\"><main><h1>Báo cáo</h1><p>%s</p>"
	        "<ul class=\"menu\">"
	        "<li><a href=\"/report/view?period=day\">Hôm nay</a></li>"
	        "<li><a href=\"/report/view?period=week\">Tuần này</a></li>"
	        "<li><a href=\"/report/view?period=month\">Tháng này</a></li>"
	        "<li><a href=\"/report/view?period=quarter\">Quý này</a></li>"
	        "<li><a href=\"/report/view?period=year\">Năm nay</a></li></ul>"
	        "<form method=\"get\" action=\"/report/view\" class=\"report\">", "Báo cáo", c);
	period_field(f, q);
	filter_fields(f, cfg, q);
	fputs("<button type=\"submit\" id=\"view\">Xem báo cáo</button>"
	      "<fieldset class=\"downloads\"><legend>Tải về (cùng kỳ và bộ lọc)</legend>"
	      "<button type=\"submit\" id=\"xlsx\" formaction=\"/report/xlsx\">Tải Excel (.xlsx)</button>"
	      "<label for=\"tb\">Bảng CSV</label><select id=\"tb\" name=\"table\">", f);
	for (int i = 0; i < REPORTQ_TABLES; i++)
		fprintf(f, "<option value=\"%s\"%s>%s</option>", reportq_tables[i].id,
		        sel(q->table, reportq_tables[i].id), reportq_tables[i].title);
	fputs("</select><button type=\"submit\" id=\"csv\" formaction=\"/report/csv\">Tải CSV</button>"
	      "</fieldset></form>"
	      "<form method=\"post\" action=\"/report/logout\"><button type=\"submit\" class=\"quiet\" id=\"logout\">"
	      "Đăng xuất</button></form></main></body></html>\n", f);
	if (fclose(f)) { free(page); return NULL; }
	return page;
}

/* The bar above the report: back to the form, the downloads, logout.
 * Not printed. */
static const char nav_style[] =
	"<style>nav.web{padding:6px 10px;margin:0 0 12px;background:#e6eef7;border:1px solid #9aa;font-size:10pt}"
	"nav.web div{display:flex;flex-wrap:wrap;align-items:center;gap:4px 14px;margin:2px 0}"
	"nav.web a{color:#1f5f99;font-weight:600}nav.web form{margin:0 0 0 auto}"
	"nav.web button{font:inherit;font-weight:600;padding:4px 12px;cursor:pointer}"
	"@media print{nav.web{display:none}}</style>";

static void write_nav(FILE *f, const char *query)
{
	char q[2400];
	pages_escape(q, sizeof q, query);
	fprintf(f, "<nav class=\"web\"><div><a id=\"back\" href=\"/report%s%s\">← Chọn kỳ báo cáo khác</a>"
	        "<a id=\"xlsx\" href=\"/report/xlsx?%s\">Tải Excel (.xlsx)</a>"
	        "<form method=\"post\" action=\"/report/logout\"><button type=\"submit\" id=\"logout\">"
	        "Đăng xuất</button></form></div><div><span>Tải CSV:", *q ? "?" : "", q, q);
	for (int i = 0; i < REPORTQ_TABLES; i++)
		fprintf(f, "%s <a class=\"csv\" href=\"/report/csv?%s%stable=%s\">%s</a>", i ? " ·" : "", q,
		        *q ? "&amp;" : "", reportq_tables[i].id, reportq_tables[i].title);
	fputs("</span></div></nav>\n", f);
}

char *pages_report_framed(const char *doc, size_t len, const char *query, size_t *out_len)
{
	const char *head = memmem(doc, len, "</head>", 7), *body = memmem(doc, len, "<body>", 6);
	char *page = NULL;
	FILE *f = open_memstream(&page, out_len);
	if (!f) return NULL;
	if (!head || !body || body < head) {
		fwrite(doc, 1, len, f);   /* not the report's page: as it is */
	} else {
		body += 6;
		fwrite(doc, 1, (size_t)(head - doc), f);
		fputs(nav_style, f);
		fwrite(head, 1, (size_t)(body - head), f);
		write_nav(f, query);
		fwrite(body, 1, len - (size_t)(body - doc), f);
	}
	if (fclose(f)) { free(page); return NULL; }
	return page;
}
