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
