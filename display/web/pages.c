/*
 * pages: generated pages (see pages.h).
 */
#include "pages.h"

#include <stdio.h>
#include <string.h>

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
	out[k] = 0;
}

void pages_message(char *out, size_t n, const char *title, const char *text)
{
	char t[256], x[1024];
	pages_escape(t, sizeof t, title);
	pages_escape(x, sizeof x, text);
	snprintf(out, n, HEAD "<body class=\"msg\"><main><h1>%s</h1><p>%s</p></main></body></html>\n", t, t, x);
}

void pages_login(char *out, size_t n, const char *msg)
{
	char m[512];
	pages_escape(m, sizeof m, msg);
	snprintf(out, n, HEAD "<body class=\"msg\"><main><h1>Báo cáo của trung tâm</h1>"
	         "%s%s%s"
	         "<form method=\"post\" action=\"/report/login\">"
	         "<label for=\"pw\">Mật khẩu</label>"
	         "<input id=\"pw\" name=\"password\" type=\"password\" autocomplete=\"current-password\" "
	         "required autofocus>"
	         "<button type=\"submit\">Đăng nhập</button></form>"
	         "<p class=\"small\">Mật khẩu do bộ phận tin học đặt trên máy hiển thị.</p>"
	         "</main></body></html>\n", "Đăng nhập — báo cáo",
	         *m ? "<p class=\"error\" role=\"alert\">" : "", m, *m ? "</p>" : "");
}

void pages_report_menu(char *out, size_t n, const char *center)
{
	char c[512];
	pages_escape(c, sizeof c, center);
	snprintf(out, n, HEAD "<body class=\"msg\"><main><h1>Báo cáo</h1><p>%s</p>"
	         "<ul class=\"menu\">"
	         "<li><a href=\"/report/view?period=day\">Hôm nay</a></li>"
	         "<li><a href=\"/report/view?period=week\">Tuần này</a></li>"
	         "<li><a href=\"/report/view?period=month\">Tháng này</a></li>"
	         "<li><a href=\"/report/view?period=quarter\">Quý này</a></li>"
	         "<li><a href=\"/report/view?period=year\">Năm nay</a></li></ul>"
	         "<form method=\"get\" action=\"/report/view\">"
	         "<label for=\"p\">Kỳ báo cáo</label><select id=\"p\" name=\"period\">"
	         "<option value=\"day\">Ngày</option><option value=\"week\">Tuần</option>"
	         "<option value=\"month\">Tháng</option><option value=\"quarter\">Quý</option>"
	         "<option value=\"year\">Năm</option></select>"
	         "<label for=\"d\">Chứa ngày</label><input id=\"d\" name=\"date\" type=\"date\" required>"
	         "<button type=\"submit\">Xem báo cáo</button></form>"
	         "<form method=\"post\" action=\"/report/logout\"><button type=\"submit\" class=\"quiet\">"
	         "Đăng xuất</button></form></main></body></html>\n", "Báo cáo", c);
}
