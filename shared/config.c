/*
 * config: parsing of the center's configuration (see config.h for the
 * format). One pass over the text; config_parse_line() handles one line
 * against the section it is in, so every error carries its line number.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char config_default_text[] =
	"# The sample center goiso runs on when no --config is given.\n"
	"[center]\n"
	"name = TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG GIA VIÊN\n"
	"utc_offset = +7\n"
	"day_start = 4\n"
	"priority_streak = 3\n"
	"priority_groups = elderly:Người cao tuổi, disabled:Người khuyết tật, "
	"pregnant:Phụ nữ mang thai, child:Người đi cùng trẻ dưới 6 tuổi, "
	"merit:Người có công với cách mạng\n"
	"\n"
	"[service A]\nname = Tư pháp - Hộ tịch\nhours = 00:00-24:00\nnumbers = 1-999\nprefix = A\n"
	"[service B]\nname = Đất đai - Xây dựng\nhours = 00:00-24:00\nnumbers = 1-999\nprefix = B\n"
	"[service C]\nname = Lao động - Thương binh - Xã hội\nhours = 00:00-24:00\nnumbers = 1-999\nprefix = C\n"
	"[service D]\nname = Kinh doanh - Đầu tư\nhours = 00:00-24:00\nnumbers = 1-999\nprefix = D\n"
	"\n"
	"[counter 1]\nname = Quầy 1\nservices = A\n"
	"[counter 2]\nname = Quầy 2\nservices = A, C\n"
	"[counter 3]\nname = Quầy 3\nservices = B\n"
	"[counter 4]\nname = Quầy 4\nservices = B, D\n"
	"[counter 5]\nname = Quầy 5\nservices = C, A\n"
	"[counter 6]\nname = Quầy 6\nservices = D, B, A, C\n"
	"\n"
	"[display]\n"
	"ticker = Đường dây nóng: 0225 3 842 999  ·  4 xin: xin chào, xin lỗi, xin cảm ơn, xin phép"
	"  ·  4 luôn: luôn mỉm cười, luôn nhẹ nhàng, luôn lắng nghe, luôn giúp đỡ\n";

enum section_kind { SEC_NONE, SEC_CENTER, SEC_SERVICE, SEC_COUNTER, SEC_EXTRA };

struct parser {
	struct config *cfg;
	enum section_kind kind;
	char extra[32];
	int line;
	char *err;
	size_t errlen;
	/* counters' service lists are resolved at the end: services may follow */
	char (*pending)[CONFIG_NAME_MAX];
	int *pending_line;
};

static int fail(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n = p->line > 0 ? snprintf(p->err, p->errlen, "%s:%d: ", p->cfg->file, p->line)
	                    : snprintf(p->err, p->errlen, "%s: ", p->cfg->file);
	if (n < 0 || (size_t)n >= p->errlen) return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static char *trim(char *s)
{
	while (*s && isspace((unsigned char)*s)) s++;
	char *end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1])) *--end = 0;
	return s;
}

static int copy_str(struct parser *p, char *dst, size_t cap, const char *v, const char *what)
{
	size_t n = strlen(v);
	if (n >= cap) return fail(p, "%s too long (%zu bytes, at most %zu)", what, n, cap - 1);
	memcpy(dst, v, n + 1);
	return 0;
}

static int parse_long(struct parser *p, const char *v, long lo, long hi, long *out, const char *what)
{
	char *end;
	errno = 0;
	long x = strtol(v, &end, 10);
	if (errno || end == v || *trim(end) || x < lo || x > hi)
		return fail(p, "%s must be a whole number from %ld to %ld, not '%s'", what, lo, hi, v);
	*out = x;
	return 0;
}

static int parse_hhmm(const char *s, int *min)
{
	int h, m, n;
	if (sscanf(s, "%d:%d%n", &h, &m, &n) != 2 || n != (int)strlen(s)) return -1;
	if (h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m)) return -1;
	*min = h * 60 + m;
	return 0;
}

static int parse_hours(struct parser *p, struct config_service *sv, char *v)
{
	char *dash = strchr(v, '-');
	if (!dash) return fail(p, "hours must look like 07:30-17:00, not '%s'", v);
	*dash = 0;
	if (parse_hhmm(trim(v), &sv->open_min) || parse_hhmm(trim(dash + 1), &sv->close_min) ||
	    sv->open_min >= sv->close_min)
		return fail(p, "hours must look like 07:30-17:00 (opening before closing)");
	return 0;
}

static int parse_range(struct parser *p, struct config_service *sv, char *v)
{
	long a, b;
	char *dash = strchr(v, '-');
	if (!dash) return fail(p, "numbers must look like 1-999 or 1001-1999, not '%s'", v);
	*dash = 0;
	if (parse_long(p, trim(v), 0, 999999, &a, "first number") ||
	    parse_long(p, trim(dash + 1), 0, 999999, &b, "last number"))
		return -1;
	if (a > b) return fail(p, "numbers: first %ld is above last %ld", a, b);
	sv->first = (int)a;
	sv->last = (int)b;
	return 0;
}

static int parse_groups(struct parser *p, char *v)
{
	struct config *c = p->cfg;
	c->ngroups = 0;
	for (char *tok = strtok(v, ","); tok; tok = strtok(NULL, ",")) {
		char *item = trim(tok), *colon = strchr(item, ':');
		if (!*item) continue;
		if (c->ngroups == CONFIG_MAX_GROUPS)
			return fail(p, "at most %d priority groups", CONFIG_MAX_GROUPS);
		struct config_group *g = &c->groups[c->ngroups];
		if (colon) *colon = 0;
		if (copy_str(p, g->code, sizeof g->code, trim(item), "group code") ||
		    copy_str(p, g->name, sizeof g->name, colon ? trim(colon + 1) : g->code, "group name"))
			return -1;
		for (const char *s = g->code; *s; s++)
			if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
				return fail(p, "group code '%s': letters, digits, - and _ only", g->code);
		if (isdigit((unsigned char)g->code[0]))
			return fail(p, "group code '%s' must not start with a digit", g->code);
		c->ngroups++;
	}
	return 0;
}

static int center_key(struct parser *p, const char *k, char *v)
{
	struct config *c = p->cfg;
	long x;
	if (!strcmp(k, "name")) return copy_str(p, c->name, sizeof c->name, v, "name");
	if (!strcmp(k, "utc_offset")) {
		if (parse_long(p, v[0] == '+' ? v + 1 : v, -12, 14, &x, "utc_offset")) return -1;
		c->utc_offset_min = (int)x * 60;
		return 0;
	}
	if (!strcmp(k, "day_start")) {
		if (parse_long(p, v, 0, 23, &x, "day_start")) return -1;
		c->day_start_hour = (int)x;
		return 0;
	}
	if (!strcmp(k, "priority_streak")) {
		if (parse_long(p, v, 1, 100, &x, "priority_streak")) return -1;
		c->priority_streak = (int)x;
		return 0;
	}
	if (!strcmp(k, "priority_groups")) return parse_groups(p, v);
	return fail(p, "unknown key '%s' in [center]", k);
}

static int service_key(struct parser *p, const char *k, char *v)
{
	struct config_service *sv = &p->cfg->services[p->cfg->nservices - 1];
	long x;
	if (!strcmp(k, "name")) return copy_str(p, sv->name, sizeof sv->name, v, "name");
	if (!strcmp(k, "hours")) return parse_hours(p, sv, v);
	if (!strcmp(k, "numbers")) return parse_range(p, sv, v);
	if (!strcmp(k, "prefix")) {
		for (const char *s = v; *s; s++)
			if (!isupper((unsigned char)*s)) return fail(p, "prefix: capital letters A-Z only");
		return copy_str(p, sv->prefix, sizeof sv->prefix, v, "prefix");
	}
	if (!strcmp(k, "digits")) {
		if (parse_long(p, v, 1, 6, &x, "digits")) return -1;
		sv->digits = (int)x;
		return 0;
	}
	return fail(p, "unknown key '%s' in [service %s]", k, sv->code);
}

static int counter_key(struct parser *p, const char *k, char *v)
{
	struct config_counter *ct = &p->cfg->counters[p->cfg->ncounters - 1];
	if (!strcmp(k, "name")) return copy_str(p, ct->name, sizeof ct->name, v, "name");
	if (!strcmp(k, "services")) {
		p->pending_line[p->cfg->ncounters - 1] = p->line;
		return copy_str(p, p->pending[p->cfg->ncounters - 1], CONFIG_NAME_MAX, v, "services");
	}
	return fail(p, "unknown key '%s' in [counter %d]", k, ct->no);
}

static int extra_key(struct parser *p, const char *k, const char *v)
{
	struct config *c = p->cfg;
	struct config_entry *e = realloc(c->extra, sizeof *e * (size_t)(c->nextra + 1));
	if (!e) return fail(p, "out of memory");
	c->extra = e;
	e = &c->extra[c->nextra];
	memset(e, 0, sizeof *e);
	if (copy_str(p, e->section, sizeof e->section, p->extra, "section") ||
	    copy_str(p, e->key, sizeof e->key, k, "key"))
		return -1;
	if (!(e->value = strdup(v))) return fail(p, "out of memory");
	e->line = p->line;
	c->nextra++;
	return 0;
}

static int open_section(struct parser *p, char *name)
{
	struct config *c = p->cfg;
	char *arg = strchr(name, ' ');
	if (arg) { *arg = 0; arg = trim(arg + 1); }
	if (!strcmp(name, "center") && !arg) { p->kind = SEC_CENTER; return 0; }
	if (!strcmp(name, "service")) {
		size_t n = arg ? strlen(arg) : 0;
		if (n < 1 || n > 3) return fail(p, "[service X]: a code of 1 to 3 letters or digits");
		for (size_t i = 0; i < n; i++)
			if (!isalnum((unsigned char)arg[i])) return fail(p, "service code '%s': letters and digits only", arg);
		if (config_service_index(c, arg) >= 0) return fail(p, "service %s defined twice", arg);
		if (c->nservices == CONFIG_MAX_SERVICES) return fail(p, "at most %d services", CONFIG_MAX_SERVICES);
		struct config_service *sv = &c->services[c->nservices++];
		memset(sv, 0, sizeof *sv);
		memcpy(sv->code, arg, n + 1);
		memcpy(sv->name, arg, n + 1);
		sv->open_min = 0; sv->close_min = 24 * 60;
		sv->first = 1; sv->last = 999; sv->digits = 3;
		snprintf(sv->prefix, sizeof sv->prefix, "%s", isalpha((unsigned char)arg[0]) ? arg : "");
		p->kind = SEC_SERVICE;
		return 0;
	}
	if (!strcmp(name, "counter")) {
		long no;
		if (!arg || parse_long(p, arg, 1, CONFIG_COUNTER_LAST, &no, "counter number"))
			return arg ? -1 : fail(p, "[counter N]: N from 1 to %d", CONFIG_COUNTER_LAST);
		if (config_counter_index(c, (int)no) >= 0) return fail(p, "counter %ld defined twice", no);
		if (c->ncounters == CONFIG_MAX_COUNTERS) return fail(p, "at most %d counters", CONFIG_MAX_COUNTERS);
		struct config_counter *ct = &c->counters[c->ncounters++];
		memset(ct, 0, sizeof *ct);
		ct->no = (int)no;
		snprintf(ct->name, sizeof ct->name, "Quầy %ld", no);
		p->kind = SEC_COUNTER;
		return 0;
	}
	if (arg) return fail(p, "unknown section [%s %s]", name, arg);
	if (strlen(name) == 0 || strlen(name) >= sizeof p->extra) return fail(p, "bad section name");
	snprintf(p->extra, sizeof p->extra, "%s", name);
	p->kind = SEC_EXTRA;
	return 0;
}

static int parse_line(struct parser *p, char *line)
{
	char *s = trim(line);
	if (!*s || *s == '#' || *s == ';') return 0;
	if (*s == '[') {
		char *close = strchr(s, ']');
		char *rest = close ? trim(close + 1) : NULL;
		/* a comment may follow a section line, as it may follow a value */
		if (!close || (*rest && *rest != '#' && *rest != ';'))
			return fail(p, "a section line looks like [service A]");
		*close = 0;
		return open_section(p, trim(s + 1));
	}
	char *eq = strchr(s, '=');
	if (!eq) return fail(p, "expected 'key = value' or [section]");
	*eq = 0;
	char *k = trim(s), *v = trim(eq + 1);
	/* an inline comment needs a space before '#', so "#" in text stays */
	char *hash = strstr(v, " #");
	if (hash) { *hash = 0; v = trim(v); }
	if (!*k) return fail(p, "empty key");
	switch (p->kind) {
	case SEC_NONE: return fail(p, "key '%s' before any [section]", k);
	case SEC_CENTER: return center_key(p, k, v);
	case SEC_SERVICE: return service_key(p, k, v);
	case SEC_COUNTER: return counter_key(p, k, v);
	case SEC_EXTRA: return extra_key(p, k, v);
	}
	return -1;
}

static int resolve_counters(struct parser *p)
{
	struct config *c = p->cfg;
	for (int i = 0; i < c->ncounters; i++) {
		struct config_counter *ct = &c->counters[i];
		p->line = p->pending_line[i];
		if (!p->pending[i][0]) {   /* no list: the counter serves every service */
			for (int s = 0; s < c->nservices && s < CONFIG_MAX_COUNTER_SERVICES; s++)
				ct->services[ct->nservices++] = s;
			continue;
		}
		for (char *tok = strtok(p->pending[i], ","); tok; tok = strtok(NULL, ",")) {
			char *code = trim(tok);
			int s = config_service_index(c, code);
			if (s < 0) return fail(p, "counter %d: unknown service '%s'", ct->no, code);
			if (ct->nservices == CONFIG_MAX_COUNTER_SERVICES)
				return fail(p, "counter %d: at most %d services", ct->no, CONFIG_MAX_COUNTER_SERVICES);
			ct->services[ct->nservices++] = s;
		}
		if (ct->nservices == 0) return fail(p, "counter %d: services lists no service", ct->no);
	}
	return 0;
}

static int check_whole(struct parser *p)
{
	struct config *c = p->cfg;
	p->line = 0;   /* these concern the whole file */
	if (c->nservices == 0) return fail(p, "no [service X] section: at least one service is needed");
	if (c->ncounters == 0) return fail(p, "no [counter N] section: at least one counter is needed");
	for (int i = 0; i < c->nservices; i++) {
		struct config_service *sv = &c->services[i];
		int width = snprintf(NULL, 0, "%d", sv->last);
		if (width > sv->digits) sv->digits = width;
		if (strlen(sv->prefix) + (size_t)sv->digits > 10)
			return fail(p, "service %s: ticket labels longer than 10 characters", sv->code);
		/* two services must never print the same ticket label */
		for (int j = 0; j < i; j++) {
			const struct config_service *o = &c->services[j];
			if (!strcmp(o->prefix, sv->prefix) && o->first <= sv->last && sv->first <= o->last)
				return fail(p, "services %s and %s would issue the same ticket numbers: "
				            "give them different prefixes or number ranges", o->code, sv->code);
		}
	}
	return resolve_counters(p);
}

struct config *config_parse(const char *text, const char *file, char *err, size_t errlen)
{
	struct config *c = calloc(1, sizeof *c);
	struct parser p = { .cfg = c, .err = err, .errlen = errlen };
	char *copy = text ? strdup(text) : NULL;
	if (!c || !copy) goto oom;
	p.pending = calloc(CONFIG_MAX_COUNTERS, sizeof *p.pending);
	p.pending_line = calloc(CONFIG_MAX_COUNTERS, sizeof *p.pending_line);
	if (!p.pending || !p.pending_line) goto oom;
	snprintf(c->file, sizeof c->file, "%s", file ? file : "config");
	snprintf(c->name, sizeof c->name, "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG");
	c->utc_offset_min = 7 * 60;
	c->day_start_hour = 4;
	c->priority_streak = 3;
	/* a byte-order mark, as Windows Notepad saves UTF-8, is not text */
	char *line = copy + (strncmp(copy, "\xEF\xBB\xBF", 3) ? 0 : 3);
	int rc = 0;
	while (line && rc == 0) {
		char *nl = strchr(line, '\n');
		if (nl) *nl = 0;
		p.line++;
		rc = parse_line(&p, line);
		line = nl ? nl + 1 : NULL;
	}
	if (rc == 0) rc = check_whole(&p);
	free(copy);
	free(p.pending);
	free(p.pending_line);
	if (rc) { config_free(c); return NULL; }
	return c;
oom:
	snprintf(err, errlen, "out of memory");
	free(copy);
	free(p.pending);
	free(p.pending_line);
	free(c);
	return NULL;
}

void config_free(struct config *cfg)
{
	if (!cfg) return;
	for (int i = 0; i < cfg->nextra; i++) free(cfg->extra[i].value);
	free(cfg->extra);
	free(cfg);
}

int config_service_index(const struct config *cfg, const char *code)
{
	for (int i = 0; i < cfg->nservices; i++)
		if (!strcasecmp(cfg->services[i].code, code)) return i;
	return -1;
}

int config_counter_index(const struct config *cfg, int no)
{
	for (int i = 0; i < cfg->ncounters; i++)
		if (cfg->counters[i].no == no) return i;
	return -1;
}

int config_group_index(const struct config *cfg, const char *code)
{
	for (int i = 0; i < cfg->ngroups; i++)
		if (!strcmp(cfg->groups[i].code, code)) return i;
	return -1;
}

bool config_counter_serves(const struct config *cfg, int counter_idx, int service)
{
	const struct config_counter *ct = &cfg->counters[counter_idx];
	for (int i = 0; i < ct->nservices; i++)
		if (ct->services[i] == service) return true;
	return false;
}

const char *config_get(const struct config *cfg, const char *section,
                       const char *key, const char *def)
{
	/* the last occurrence wins, as when a site file repeats a key */
	for (int i = cfg->nextra - 1; i >= 0; i--)
		if (!strcmp(cfg->extra[i].section, section) && !strcmp(cfg->extra[i].key, key))
			return cfg->extra[i].value;
	return def;
}

long config_get_int(const struct config *cfg, const char *section,
                    const char *key, long def)
{
	const char *v = config_get(cfg, section, key, NULL);
	if (!v) return def;
	char *end;
	long x = strtol(v, &end, 10);
	return (end == v || *end) ? def : x;
}

int config_check_keys(const struct config *cfg, const char *section,
                      const char *const *keys, char *err, size_t errlen)
{
	for (int i = 0; i < cfg->nextra; i++) {
		const struct config_entry *e = &cfg->extra[i];
		if (strcmp(e->section, section)) continue;
		int known = 0;
		for (const char *const *k = keys; *k && !known; k++) known = !strcmp(*k, e->key);
		if (!known) {
			snprintf(err, errlen, "%s:%d: unknown key '%s' in [%s]", cfg->file, e->line, e->key, section);
			return -1;
		}
	}
	return 0;
}

int config_line(const struct config *cfg, const char *section, const char *key)
{
	for (int i = cfg->nextra - 1; i >= 0; i--)
		if (!strcmp(cfg->extra[i].section, section) && !strcmp(cfg->extra[i].key, key))
			return cfg->extra[i].line;
	return 0;
}

int config_check_sections(const struct config *cfg, const char *const *sections,
                          char *err, size_t errlen)
{
	for (int i = 0; i < cfg->nextra; i++) {
		const struct config_entry *e = &cfg->extra[i];
		int known = 0;
		for (const char *const *s = sections; *s && !known; s++) known = !strcmp(*s, e->section);
		if (!known) {
			snprintf(err, errlen, "%s:%d: unknown section [%s]", cfg->file, e->line, e->section);
			return -1;
		}
	}
	return 0;
}
