/*
 * notice: escaped values and rate-limited lines (contract in notice.h).
 */
#include "notice.h"

#include <stdarg.h>
#include <stdio.h>

const char *notice_esc(const char *s, char *out, size_t n)
{
	size_t k = 0;
	if (!n) return out;
	for (; s && *s && k + 1 < n; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || c == '\\' || c == '\'' || c == '"') {
			if (k + 5 >= n) break;
			snprintf(out + k, n - k, "\\x%02x", c);
			k += 4;
		} else {
			out[k++] = (char)c;
		}
	}
	out[k] = 0;
	return out;
}

int notice_limited(struct notice_limit *lim, int64_t now_ms, const char *fmt, ...)
{
	if (now_ms - lim->window_ms >= NOTICE_WINDOW_MS) {
		if (lim->skipped)
			fprintf(stderr, "goiso-display: (%d more lines like the next were left out of the log)\n",
			        lim->skipped);
		lim->window_ms = now_ms;
		lim->shown = lim->skipped = 0;
	}
	if (lim->shown >= NOTICE_BURST) {
		lim->skipped++;
		return 0;
	}
	lim->shown++;
	va_list ap;
	va_start(ap, fmt);
	fputs("goiso-display: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 1;
}
