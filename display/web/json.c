/*
 * json: escaped JSON text (see json.h).
 */
#include "json.h"

#include <stdio.h>
#include <string.h>

void json_raw(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void json_int(struct buf *b, int64_t v)
{
	char t[32];
	snprintf(t, sizeof t, "%lld", (long long)v);
	json_raw(b, t);
}

void json_key(struct buf *b, const char *key, int first)
{
	if (!first) json_raw(b, ",");
	json_str(b, key);
	json_raw(b, ":");
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0. */
static int utf8_len(const unsigned char *p)
{
	if (p[0] < 0x80) return 1;
	int n = p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 && p[0] < 0xE0 ? 2 : 0;
	for (int i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80) return 0;
	return n;
}

void json_str(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	json_raw(b, "\"");
	while (*p) {
		char esc[8];
		int n = utf8_len(p);
		if (n == 0) {
			json_raw(b, "\\ufffd");
			p++;
			continue;
		}
		if (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
			json_raw(b, p[2] == 0xA8 ? "\\u2028" : "\\u2029");
		} else if (n > 1) {
			buf_append(b, (const char *)p, (size_t)n);
		} else if (*p == '"' || *p == '\\') {
			esc[0] = '\\'; esc[1] = (char)*p;
			buf_append(b, esc, 2);
		} else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&' || *p == 0x7F) {
			snprintf(esc, sizeof esc, "\\u%04x", *p);
			json_raw(b, esc);
		} else {
			buf_append(b, (const char *)p, 1);
		}
		p += n;
	}
	json_raw(b, "\"");
}
