/*
 * report: logs in, tables out (see report.h).
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "engine.h"
#include "logread.h"
#include "period.h"
#include "report_int.h"
#include "rowpipe.h"
#include "vname.h"

struct report *report_new(const struct report_filter *f, char *err, size_t errlen)
{
	struct report *r = calloc(1, sizeof *r);
	struct tally_filter tf = { .counter = f->counter };
	if (!r) { snprintf(err, errlen, "out of memory"); return NULL; }
	snprintf(tf.service, sizeof tf.service, "%s", f->service);
	snprintf(tf.officer, sizeof tf.officer, "%s", f->officer);
	r->f = *f;
	r->tally = tally_new(f->from, f->to, &tf);
	if (!r->tally) {
		snprintf(err, errlen, f->to < f->from ? "the period ends before it begins" :
		         "the period is too long (at most 100 years) or out of memory");
		free(r);
		return NULL;
	}
	return r;
}

void report_free(struct report *r)
{
	if (!r) return;
	if (r->built) tables_free(&r->tables);
	tally_free(r->tally);
	free(r->seen);
	free(r);
}

struct reading {
	struct tally *t;
	int failed;
};

static int row(void *ud, const struct lrow *lr)
{
	struct reading *rd = ud;
	if (tally_row(rd->t, lr) == 0) return 0;
	rd->failed = 1;
	return 1;
}

/* A log read without a config: the center's day as the display counts it
 * by default (UTC+7, the day starting at 4:00, as shared/config.c). */
static const struct config no_config = { .utc_offset_min = 7 * 60, .day_start_hour = 4 };

static void default_label(const char *path, char *out, size_t n)
{
	/* the folder of ".../giavien/events.db", else the file's name */
	const char *base = strrchr(path, '/');
	if (base && !strcmp(base + 1, "events.db") && base > path) {
		const char *p = base - 1;
		while (p > path && p[-1] != '/') p--;
		snprintf(out, n, "%.*s", (int)(base - p), p);
	} else {
		snprintf(out, n, "%s", base ? base + 1 : path);
	}
}

/* Refuses a log of a center already read (the same file, or a backup
 * copy of it): summed, it would double every figure. 0, or -1 with a
 * message; the log is remembered when new. */
static int first_time(struct report *r, struct logread *lr, const char *path, const char *name,
                      char *err, size_t errlen)
{
	struct report_seen s;
	logread_identity(lr, s.identity, sizeof s.identity);
	for (int i = 0; *s.identity && i < r->nseen; i++)
		if (!strcmp(r->seen[i].identity, s.identity)) {
			snprintf(err, errlen, "%s is the log of the same center as %s (%s): a copy given twice "
			         "would be counted twice", path, r->seen[i].path, r->seen[i].label);
			return -1;
		}
	struct report_seen *a = realloc(r->seen, sizeof *a * (size_t)(r->nseen + 1));
	if (!a) { snprintf(err, errlen, "out of memory"); return -1; }
	r->seen = a;
	snprintf(s.label, sizeof s.label, "%s", name);
	snprintf(s.path, sizeof s.path, "%s", path);
	a[r->nseen++] = s;
	return 0;
}

int report_add_log(struct report *r, const char *path, const char *label,
                   const struct config *cfg, char *err, size_t errlen)
{
	char name[256];
	if (r->built) { snprintf(err, errlen, "the report is already written"); return -1; }
	struct logread *lr = logread_open(path, err, errlen);
	if (!lr) return -1;
	if (label && *label) snprintf(name, sizeof name, "%s", label);
	else if (cfg && cfg->name[0]) snprintf(name, sizeof name, "%s", cfg->name);
	else default_label(path, name, sizeof name);
	if (first_time(r, lr, path, name, err, errlen)) {
		logread_free(lr);
		return -1;
	}
	if (tally_center(r->tally, name, cfg ? cfg->utc_offset_min : 7 * 60) < 0) {
		snprintf(err, errlen, "out of memory");
		logread_free(lr);
		return -1;
	}
	if (r->f.now_ms > 0)   /* the center's service day of now, as the display counts it */
		tally_live(r->tally, engine_day_of(cfg ? cfg : &no_config, r->f.now_ms), r->f.now_ms);
	for (int i = 0; cfg && i < cfg->nservices; i++)
		tally_name_service(r->tally, cfg->services[i].code, cfg->services[i].name);
	for (int i = 0; cfg && i < cfg->ncounters; i++)
		tally_name_counter(r->tally, cfg->counters[i].no, cfg->counters[i].name);
	struct reading rd = { r->tally, 0 };
	long n = rowpipe_scan(lr, r->f.from, r->f.to, row, &rd, err, errlen);
	logread_free(lr);
	tally_end_center(r->tally);
	if (rd.failed) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	if (n < 0) {
		char e[256];
		snprintf(e, sizeof e, "%s", err);
		snprintf(err, errlen, "%s: %s", path, e);
		return -1;
	}
	return 0;
}

/* Whether a group of centers' lists (services or officers) has want;
 * the names, each once, into names. */
/* The same name for the filters: an officer's in any form and case
 * (vname_fold, as tally.c keeps them), a service's code as it is. */
static int same_name(int officers, const char *a, const char *b)
{
	if (!officers) return !strcmp(a, b);
	char fa[GROUP_NAME_MAX * 2], fb[GROUP_NAME_MAX * 2];
	vname_fold(fa, sizeof fa, a);
	vname_fold(fb, sizeof fb, b);
	return !strcmp(fa, fb);
}

static int knows(const struct report *r, int officers, const char *want, char *names, size_t n)
{
	size_t len = 0;
	int found = 0;
	names[0] = 0;
	for (int i = 0; i < r->tally->ncenters; i++) {
		const struct tally_center *c = &r->tally->centers[i];
		const struct named_group *g = officers ? c->officers : c->services;
		for (int j = 0; j < (officers ? c->nofficers : c->nservices); j++) {
			if (same_name(officers, g[j].name, want)) found = 1;
			int seen = 0;
			for (int k = 0; k < i && !seen; k++) {
				const struct tally_center *o = &r->tally->centers[k];
				const struct named_group *og = officers ? o->officers : o->services;
				for (int m = 0; m < (officers ? o->nofficers : o->nservices); m++)
					if (!strcmp(og[m].name, g[j].name)) { seen = 1; break; }
			}
			for (int m = 0; m < j && !seen; m++) seen = !strcmp(g[m].name, g[j].name);
			if (!seen && len < n)
				len += (size_t)snprintf(names + len, n - len, "%s%s", len ? ", " : "", g[j].name);
		}
	}
	return found;
}

int report_knows_service(const struct report *r, const char *code, char *names, size_t n)
{
	return knows(r, 0, code, names, n);
}

int report_knows_officer(const struct report *r, const char *name, char *names, size_t n)
{
	return knows(r, 1, name, names, n);
}

int report_build(struct report *r, char *err, size_t errlen)
{
	if (r->built) return 0;
	tally_finish(r->tally);
	if (tables_build(&r->tables, r->tally)) {
		tables_free(&r->tables);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	r->built = 1;
	return 0;
}

int report_html(FILE *out, const char *log_path, const struct config *cfg,
                const struct report_filter *f, char *err, size_t errlen)
{
	struct report *r = report_new(f, err, errlen);
	int rc = !r || report_add_log(r, log_path, NULL, cfg, err, errlen) ||
	         report_write_html(r, out, err, errlen) ? -1 : 0;
	report_free(r);
	return rc;
}

int report_period(const char *kind, const char *value, int64_t *from, int64_t *to)
{
	int k = period_kind_from_name(kind ? kind : "");
	return k < 0 || !value ? -1 : period_parse((enum period_kind)k, value, from, to);
}
