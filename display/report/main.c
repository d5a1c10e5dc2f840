/*
 * goiso-report: the director's report from one or several centers' event
 * logs (see goiso-report.1). Reads the logs read-only: safe to run beside
 * the running goiso-display.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "args.h"
#include "config.h"
#include "file.h"
#include "period.h"
#include "report.h"
#include "version.h"

static void usage(FILE *f)
{
	fputs("usage: goiso-report [period] [filters] [outputs] [--config FILE] [--center NAME] LOG...\n"
	      "period (default: the current month):\n"
	      "  --day DATE   --week DATE   --month YYYY-MM   --quarter YYYY-Qn   --year YYYY\n"
	      "  --from DATE --to DATE      (DATE: YYYY-MM-DD or DD/MM/YYYY)\n"
	      "filters:\n"
	      "  --service CODE   --counter N   --officer NAME\n"
	      "outputs (default: --html -):\n"
	      "  --html FILE (- for standard output)   --csv DIR   --xlsx FILE\n"
	      "centers: each LOG is an events.db; --config FILE (its center's config: names,\n"
	      "  UTC offset) and --center NAME (its label) apply to the LOGs that follow them.\n"
	      "  --version    print the version and exit\n", f);
}

struct log_arg {
	const char *path, *center;
	struct config *cfg;
};

struct args {
	struct report_filter f;
	const char *html, *csv, *xlsx;
	const char *from, *to;
	int kind;
	const char *kind_value;
	struct log_arg logs[64];
	int nlogs;
	struct config *cfgs[64];
	int ncfgs;
};

static int die_usage(const char *msg, const char *arg)
{
	fprintf(stderr, "goiso-report: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	return 2;
}

/* A date or period refused: says the years it may name when the year it
 * gave is outside them (the rest of the value may be right). */
static int die_period(const char *msg, const char *value)
{
	int y = 0, n = 0;
	const char *p = value;
	/* the year is the run of four digits: "3000", "3000-01", "01/01/3000" */
	for (; *p; p++)
		if (*p >= '0' && *p <= '9' && (p == value || p[-1] < '0' || p[-1] > '9') &&
		    sscanf(p, "%4d%n", &y, &n) == 1 && n == 4) break;
	if (!*p || (y >= PERIOD_YEAR_MIN && y <= PERIOD_YEAR_MAX)) return die_usage(msg, value);
	fprintf(stderr, "goiso-report: %s: %s (a year from %d to %d)\n", msg, value, PERIOD_YEAR_MIN, PERIOD_YEAR_MAX);
	return 2;
}

/* The current month, on the clock of the first config (UTC+7 without one). */
static void default_period(struct args *a)
{
	int off = a->ncfgs ? a->cfgs[0]->utc_offset_min : 420;
	int64_t day = ((int64_t)time(NULL) + off * 60) / 86400;
	int y, m, d;
	char v[16];
	period_ymd(day, &y, &m, &d);
	snprintf(v, sizeof v, "%04d-%02d", y, m);
	period_parse(PERIOD_MONTH, v, &a->f.from, &a->f.to);
}

static int set_period(struct args *a)
{
	if ((a->from || a->to) && a->kind >= 0) return die_usage("give either a period or --from/--to", NULL);
	if (a->from || a->to) {
		if (!a->from || !a->to) return die_usage("--from and --to go together", NULL);
		if (period_parse_date(a->from, &a->f.from)) return die_period("bad date", a->from);
		if (period_parse_date(a->to, &a->f.to)) return die_period("bad date", a->to);
		if (a->f.to < a->f.from) return die_usage("--to is before --from", NULL);
		return 0;
	}
	if (a->kind < 0) { default_period(a); return 0; }
	if (period_parse((enum period_kind)a->kind, a->kind_value, &a->f.from, &a->f.to))
		return die_period("bad period", a->kind_value);
	return 0;
}

static int parse(struct args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "day", 1, NULL, 'D' }, { "week", 1, NULL, 'W' }, { "month", 1, NULL, 'M' },
		{ "quarter", 1, NULL, 'Q' }, { "year", 1, NULL, 'Y' }, { "from", 1, NULL, 'f' },
		{ "to", 1, NULL, 't' }, { "service", 1, NULL, 's' }, { "counter", 1, NULL, 'c' },
		{ "officer", 1, NULL, 'o' }, { "html", 1, NULL, 'h' }, { "csv", 1, NULL, 'v' },
		{ "xlsx", 1, NULL, 'x' }, { "config", 1, NULL, 'C' }, { "center", 1, NULL, 'n' },
		{ "help", 0, NULL, 'H' }, { "version", 0, NULL, 'V' }, { NULL, 0, NULL, 0 },
	};
	const char *center = NULL, *trailing = NULL;
	struct config *cfg = NULL;
	char err[512];
	int c;
	a->kind = -1;
	while ((c = getopt_long(argc, argv, "-", opts, NULL)) != -1) {
		switch (c) {
		case 1:
			if (a->nlogs == 64) return die_usage("at most 64 logs", NULL);
			a->logs[a->nlogs++] = (struct log_arg){ optarg, center, cfg };
			trailing = NULL;
			break;
		case 'D': case 'W': case 'M': case 'Q': case 'Y':
			if (a->kind >= 0) return die_usage("give one period", NULL);
			a->kind = (int)(strchr("DWMQY", c) - "DWMQY");
			a->kind_value = optarg;
			break;
		case 'f': a->from = optarg; break;
		case 't': a->to = optarg; break;
		case 's':
			if (!*optarg || strlen(optarg) >= sizeof a->f.service) return die_usage("bad service code", optarg);
			snprintf(a->f.service, sizeof a->f.service, "%s", optarg);
			break;
		case 'c':
			if (args_number(optarg, 1, CONFIG_COUNTER_LAST, &a->f.counter))
				return die_usage("bad counter number", optarg);
			break;
		case 'o':
			if (!*optarg || strlen(optarg) >= sizeof a->f.officer) return die_usage("bad officer name", optarg);
			snprintf(a->f.officer, sizeof a->f.officer, "%s", optarg);
			break;
		case 'h': a->html = optarg; break;
		case 'v': a->csv = optarg; break;
		case 'x': a->xlsx = optarg; break;
		case 'n': center = optarg; trailing = "--center"; break;
		case 'C':
			trailing = "--config";
			if (a->ncfgs == 64) return die_usage("at most 64 configs", NULL);
			if (!(cfg = file_load_config(optarg, err, sizeof err))) return die_usage("config", err);
			a->cfgs[a->ncfgs++] = cfg;
			break;
		case 'H':
			usage(stdout);
			return 1;
		case 'V':
			printf("goiso-report " GOISO_VERSION "\n");
			return 1;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!a->html && !a->csv && !a->xlsx) a->html = "-";
	if (trailing && a->nlogs) {
		fprintf(stderr, "goiso-report: %s comes after the last log: it applies to the logs that "
		        "follow it; give it before its log\n", trailing);
		return 2;
	}
	if (!a->nlogs) {
		/* "--month events.db": the log was taken for the month */
		const char *v = a->kind >= 0 ? a->kind_value : a->to ? a->to : a->from;
		if (v && set_period(a)) {
			fprintf(stderr, "goiso-report: no log given: was %s meant as the log? "
			        "Give the period's value after it (--month 2026-11 events.db)\n", v);
			return 2;
		}
		fputs("goiso-report: no log given (the display's events.db)\n", stderr);
		usage(stderr);
		return 2;
	}
	return set_period(a);
}

/* A filter that keeps nothing because nothing has that name: a service
 * is refused, an officer warned of (a name is typed at each login, so a
 * slip in --officer is likely and the others worked), each with the names
 * there are. 0 or 2. */
static int check_filters(const struct report *r, const struct report_filter *f)
{
	char names[1024];
	if (f->service[0] && !report_knows_service(r, f->service, names, sizeof names)) {
		fprintf(stderr, "goiso-report: no service %s in the configs nor in the logs of the period "
		        "(services: %s)\n", f->service, *names ? names : "none");
		return 2;
	}
	if (f->officer[0] && !report_knows_officer(r, f->officer, names, sizeof names))
		fprintf(stderr, "goiso-report: warning: no officer named \"%s\" worked in the period "
		        "(officers: %s); case and spaces do not count, the diacritics do\n", f->officer,
		        *names ? names : "none");
	return 0;
}

static int run(struct args *a)
{
	char err[1024];
	struct report *r = report_new(&a->f, err, sizeof err);
	if (!r) return die_usage(err, NULL);
	int rc = 0;
	for (int i = 0; i < a->nlogs && !rc; i++)
		if (report_add_log(r, a->logs[i].path, a->logs[i].center, a->logs[i].cfg, err, sizeof err))
			rc = strstr(err, "of the same center") ? 2 : 1;   /* a usage error */
	if (!rc && (rc = check_filters(r, &a->f))) { report_free(r); return rc; }
	if (!rc && a->html) {
		FILE *f = strcmp(a->html, "-") ? fopen(a->html, "wb") : stdout;
		if (!f) snprintf(err, sizeof err, "%s: cannot write: %s", a->html, strerror(errno));
		if (!f || report_write_html(r, f, err, sizeof err)) rc = 1;
		int bad = f == stdout ? fflush(f) : f ? fclose(f) : 0;
		if (bad && !rc) { snprintf(err, sizeof err, "%s: write error", a->html); rc = 1; }
	}
	if (!rc && a->csv && report_write_csv(r, a->csv, err, sizeof err)) rc = 1;
	if (!rc && a->xlsx && report_write_xlsx(r, a->xlsx, err, sizeof err)) rc = 1;
	if (rc) fprintf(stderr, "goiso-report: %s\n", err);
	report_free(r);
	return rc;
}

int main(int argc, char **argv)
{
	struct args *a = calloc(1, sizeof *a);
	if (!a) return 1;
	int rc = parse(a, argc, argv);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	a->f.now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (rc == 0) rc = run(a);
	else if (rc == 1) rc = 0;      /* --help */
	for (int i = 0; i < a->ncfgs; i++) config_free(a->cfgs[i]);
	free(a);
	return rc;
}
