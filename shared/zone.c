/*
 * zone: which counters and services a board shows (see zone.h).
 */
#include "zone.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void zone_all(struct zone *z, const struct config *cfg)
{
	memset(z, 0, sizeof *z);
	z->all = true;
	for (int i = 0; i < cfg->ncounters; i++) z->counter[i] = true;
	for (int i = 0; i < cfg->nservices; i++) z->service[i] = true;
	z->ncounters = cfg->ncounters;
	z->nservices = cfg->nservices;
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t') s++;
	return s;
}

/* A number of 1 to 999 at *s; advances *s. -1 when there is none. */
static int number(const char **s)
{
	const char *p = skip_space(*s);
	if (!isdigit((unsigned char)*p)) return -1;
	char *end;
	long v = strtol(p, &end, 10);
	*s = skip_space(end);
	return v >= 1 && v <= CONFIG_COUNTER_LAST ? (int)v : -1;
}

static void count(struct zone *z, const struct config *cfg)
{
	z->ncounters = z->nservices = 0;
	for (int i = 0; i < cfg->ncounters; i++) z->ncounters += z->counter[i];
	for (int i = 0; i < cfg->nservices; i++) z->nservices += z->service[i];
}

/* One item "N" or "N-M" at *s into z. */
static int counter_item(struct zone *z, const struct config *cfg, const char **s,
                        char *err, size_t errlen)
{
	const char *start = skip_space(*s);
	int lo = number(s), hi = lo;
	if (lo > 0 && **s == '-') {
		(*s)++;
		hi = number(s);
	}
	if (lo < 0 || hi < 0 || hi < lo || (**s && **s != ',')) {
		int n = (int)strcspn(start, ",");
		snprintf(err, errlen, "'%.*s' is not a counter number (1-%d) or a range such as 7-12",
		         n > 40 ? 40 : n, start, CONFIG_COUNTER_LAST);
		return -1;
	}
	bool any = false;
	for (int i = 0; i < cfg->ncounters; i++)
		if (cfg->counters[i].no >= lo && cfg->counters[i].no <= hi) z->counter[i] = any = true;
	if (!any) {
		if (lo == hi) snprintf(err, errlen, "there is no [counter %d] in the file", lo);
		else snprintf(err, errlen, "there is no counter from %d to %d in the file", lo, hi);
		return -1;
	}
	return 0;
}

int zone_parse_counters(struct zone *z, const struct config *cfg, const char *spec,
                        char *err, size_t errlen)
{
	memset(z, 0, sizeof *z);
	const char *s = spec;
	if (!*skip_space(s)) {
		snprintf(err, errlen, "the list is empty (say which counters, e.g. 7-12)");
		return -1;
	}
	for (;;) {
		if (counter_item(z, cfg, &s, err, errlen)) return -1;
		if (*s != ',') break;
		s++;
	}
	/* the waiting rows: the services these counters serve */
	for (int c = 0; c < cfg->ncounters; c++)
		for (int v = 0; z->counter[c] && v < cfg->nservices; v++)
			if (config_counter_serves(cfg, c, v)) z->service[v] = true;
	count(z, cfg);
	return 0;
}

int zone_parse_services(struct zone *z, const struct config *cfg, const char *spec,
                        char *err, size_t errlen)
{
	memset(z, 0, sizeof *z);
	const char *s = skip_space(spec);
	while (*s) {
		size_t n = strcspn(s, ", \t");
		char code[8];
		if (n == 0 || n >= sizeof code) {
			snprintf(err, errlen, "'%.*s' is not a service code", (int)(n > 20 ? 20 : n), s);
			return -1;
		}
		memcpy(code, s, n);
		code[n] = 0;
		int v = config_service_index(cfg, code);
		if (v < 0) {
			snprintf(err, errlen, "there is no [service %s] in the file", code);
			return -1;
		}
		z->service[v] = true;
		s = skip_space(s + n);
		if (*s == ',') s = skip_space(s + 1);
	}
	for (int c = 0; c < cfg->ncounters; c++)
		for (int v = 0; v < cfg->nservices; v++)
			if (z->service[v] && config_counter_serves(cfg, c, v)) z->counter[c] = true;
	count(z, cfg);
	if (z->nservices == 0) {
		snprintf(err, errlen, "the list is empty (say which services, e.g. A, B)");
		return -1;
	}
	if (z->ncounters == 0) {
		snprintf(err, errlen, "no counter serves %s", spec);
		return -1;
	}
	return 0;
}

int zone_from_config(struct zone *z, const struct config *cfg, char *err, size_t errlen)
{
	const char *counters = config_get(cfg, "display", "counters", NULL);
	const char *services = config_get(cfg, "display", "services", NULL);
	char why[200];
	zone_all(z, cfg);
	if (counters && services) {
		snprintf(err, errlen, "%s:%d: [display] counters and services: set one of them, not both",
		         cfg->file, config_line(cfg, "display", "services"));
		return -1;
	}
	const char *key = counters ? "counters" : "services";
	int rc = counters ? zone_parse_counters(z, cfg, counters, why, sizeof why)
	       : services ? zone_parse_services(z, cfg, services, why, sizeof why) : 0;
	if (rc) {
		snprintf(err, errlen, "%s:%d: [display] %s: %s", cfg->file, config_line(cfg, "display", key),
		         key, why);
		zone_all(z, cfg);
	}
	return rc;
}

bool zone_has(const struct zone *z, const struct config *cfg, int no)
{
	int i = config_counter_index(cfg, no);
	return i >= 0 && z->counter[i];
}
