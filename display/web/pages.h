/*
 * pages: the few pages the gateway writes itself (pure C): a short
 * message (not found, busy…) and the report's login form. The live
 * pages are static assets (assets.h) filled by their scripts.
 */
#ifndef GOISO_PAGES_H
#define GOISO_PAGES_H

#include <stddef.h>

/* Text is escaped for HTML. The page is cut to fit out. */
void pages_message(char *out, size_t n, const char *title, const char *text);
/* The login form; msg (may be "") is shown above it. */
void pages_login(char *out, size_t n, const char *msg);
/* The report's menu after login: today, this week, month, quarter, year,
 * a period of a chosen date, and logout. */
void pages_report_menu(char *out, size_t n, const char *center);
/* HTML-escapes s into out. */
void pages_escape(char *out, size_t n, const char *s);

#endif
