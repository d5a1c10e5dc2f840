/*
 * pages: the few pages the gateway writes itself (pure C): a short
 * message (not found, busy…), the report's login and its form, and the
 * bar above a report. The live pages are static assets (assets.h)
 * filled by their scripts.
 */
#ifndef GOISO_PAGES_H
#define GOISO_PAGES_H

#include <stddef.h>

struct config;
struct reportq;

/* Text is escaped for HTML. The page is cut to fit out. */
void pages_message(char *out, size_t n, const char *title, const char *text);
/* The message with a link back (href, its label) below it. */
void pages_message_back(char *out, size_t n, const char *title, const char *text, const char *href,
                        const char *label);
/* The login form. msg (NULL: a plain "Xin đăng nhập") is shown above it
 * as an error; target (may be NULL or "") goes back with the password,
 * to be opened after login. */
void pages_login(char *out, size_t n, const char *msg, const char *target);
/* The report's form after login: quick links (today, this week, month,
 * quarter, year); a period (one of those holding a date, or from a day
 * to a day), the filters (service and counter from cfg, officer), the
 * report, its XLSX and CSV downloads; logout. Filled from q. A new
 * string, the caller's to free; NULL when out of memory. */
char *pages_report_form(const char *center, const struct config *cfg, const struct reportq *q);
/* The report's page doc with a bar above it: back to the form, the XLSX
 * and CSV downloads of the same query (reportq_query), logout; the bar
 * is not printed. A new buffer of *out_len bytes; NULL when out of memory. */
char *pages_report_framed(const char *doc, size_t len, const char *query, size_t *out_len);
/* HTML-escapes s into out. */
void pages_escape(char *out, size_t n, const char *s);

#endif
