/*
 * panelconf: the panel's settings and key map (see panelconf.h).
 */
#include "panelconf.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const action_names[ACT_COUNT_] = {
	"next", "recall", "skip", "requeue", "transfer", "pause", "login",
};

static const char *const default_keys[ACT_COUNT_] = {
	"F1, Keypad Enter, Keypad 1", "F2, Keypad 2", "F3, Keypad 3", "F4, Keypad 4",
	"F5, Keypad 5", "F6, Keypad 6", "F7, Keypad 0",
};

const char *panelconf_action_name(enum panel_action a)
{
	return (int)a >= 0 && a < ACT_COUNT_ ? action_names[a] : "?";
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s)) s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1])) s[--n] = 0;
	return s;
}

/* Splits a comma-separated list of key names into action a. */
static int set_keys(struct panelconf *pc, int a, const char *list, int line)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", list);
	pc->nkeys[a] = 0;
	for (char *save = NULL, *k = strtok_r(buf, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
		k = trim(k);
		if (!*k) continue;
		if (pc->nkeys[a] == PANELCONF_MAX_KEYS || strlen(k) >= PANELCONF_KEY_NAME) return -1;
		struct panelconf_key *pk = &pc->keys[a][pc->nkeys[a]++];
		snprintf(pk->name, sizeof pk->name, "%s", k);
		pk->line = line;
	}
	return 0;
}

void panelconf_defaults(struct panelconf *pc)
{
	memset(pc, 0, sizeof *pc);
	for (int a = 0; a < ACT_COUNT_; a++) set_keys(pc, a, default_keys[a], 0);
	pc->rating_seconds = 30;
	pc->width = 520;
	pc->height = 640;
	snprintf(pc->file, sizeof pc->file, "(defaults)");
}

static int fail(char *err, size_t errlen, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int fail(char *err, size_t errlen, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen, "%s:%d: ", file, line);
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < errlen) vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "on")) *out = true;
	else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "off")) *out = false;
	else return -1;
	return 0;
}

static int parse_int(const char *v, int lo, int hi, int *out)
{
	char *end;
	long x = strtol(v, &end, 10);
	if (!*v || *end || x < lo || x > hi) return -1;
	*out = (int)x;
	return 0;
}

static int caller_key(struct panelconf *pc, const char *k, const char *v, const char *file,
                      int line, char *err, size_t errlen)
{
	if (!strcmp(k, "rating_seconds")) {
		if (parse_int(v, 3, 600, &pc->rating_seconds))
			return fail(err, errlen, file, line, "rating_seconds must be 3 to 600");
	} else if (!strcmp(k, "always_on_top") || !strcmp(k, "rating_window")) {
		if (parse_bool(v, k[0] == 'a' ? &pc->always_on_top : &pc->rating_window))
			return fail(err, errlen, file, line, "%s must be yes or no", k);
	} else if (!strcmp(k, "width") || !strcmp(k, "height")) {
		if (parse_int(v, 240, 4096, k[0] == 'w' ? &pc->width : &pc->height))
			return fail(err, errlen, file, line, "%s must be 240 to 4096 pixels", k);
	} else {
		return fail(err, errlen, file, line, "unknown key '%s' in [caller]", k);
	}
	return 0;
}

int panelconf_parse(struct panelconf *pc, const char *text, const char *file,
                    char *err, size_t errlen)
{
	char section[32] = "", line[1024];
	int no = 0;
	snprintf(pc->file, sizeof pc->file, "%s", file);
	if (!strncmp(text, "\xEF\xBB\xBF", 3)) text += 3;   /* a byte-order mark (Notepad's UTF-8) */
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		no++;
		snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
		p += n + (p[n] == '\n');
		char *hash = strchr(line, '#');
		if (hash) *hash = 0;
		char *s = trim(line);
		if (!*s) continue;
		if (*s == '[') {
			char *close = strchr(s, ']');
			if (!close || close[1]) return fail(err, errlen, file, no, "a section is [name]");
			*close = 0;
			snprintf(section, sizeof section, "%s", trim(s + 1));
			if (strcmp(section, "caller") && strcmp(section, "keys"))
				return fail(err, errlen, file, no, "unknown section [%s] (caller, keys)", section);
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq) return fail(err, errlen, file, no, "expected key = value");
		*eq = 0;
		char *k = trim(s), *v = trim(eq + 1);
		if (!section[0]) return fail(err, errlen, file, no, "'%s' outside a section", k);
		if (!strcmp(section, "caller")) {
			if (caller_key(pc, k, v, file, no, err, errlen)) return -1;
			continue;
		}
		int a = 0;
		while (a < ACT_COUNT_ && strcmp(action_names[a], k)) a++;
		if (a == ACT_COUNT_)
			return fail(err, errlen, file, no, "unknown action '%s' in [keys] "
			            "(next, recall, skip, requeue, transfer, pause, login)", k);
		if (set_keys(pc, a, v, no))
			return fail(err, errlen, file, no, "at most %d keys of up to %d characters",
			            PANELCONF_MAX_KEYS, PANELCONF_KEY_NAME - 1);
	}
	return 0;
}
