/*
 * csv: one CSV file per table (see report.h): UTF-8 with a byte order
 * mark, so Excel reads the Vietnamese letters; comma-separated, decimal
 * point, one header line (RFC 4180), so any program reads the figures.
 * Shares are written in percent, dates dd/mm/yyyy, and a cell without a
 * figure is left empty.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

#include "period.h"
#include "report_int.h"

/* A text cell is written as text: one that a spreadsheet would take for a
 * formula (=, +, -, @ first, or a tab or carriage return: an officer's
 * name or a pause reason is typed freely at a counter) gets a ' before
 * it, so that opening the file runs nothing. The ' stays visible: a
 * spreadsheet opening a CSV shows it as part of the text ("'- họp"); the
 * guide says why. */
static void field(FILE *f, const char *s)
{
	bool formula = *s && strchr("=+-@\t\r", *s);
	if (!formula && !strpbrk(s, ",\"\r\n")) { fputs(s, f); return; }
	fputc('"', f);
	if (formula) fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"') fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void value(FILE *f, const struct cell *c)
{
	char buf[64];
	switch (c->type) {
	case CELL_TEXT: field(f, c->s ? c->s : ""); return;
	case CELL_INT: fprintf(f, "%.0f", c->v); return;
	case CELL_MIN:
	case CELL_HOURS: fprintf(f, "%.2f", c->v); return;
	case CELL_PCT: fprintf(f, "%.2f", c->v * 100); return;
	case CELL_DATE:
		period_format_date((int64_t)c->v, buf, sizeof buf);
		fputs(buf, f);
		return;
	case CELL_NONE: return;
	}
}

/* A share's column says "(%)" since the figure is written bare. */
static int pct_column(const struct table *t, int col)
{
	for (int r = 0; r < t->nrows; r++) {
		enum cell_type ty = table_cell(t, r, col)->type;
		if (ty == CELL_PCT) return 1;
		if (ty != CELL_NONE) return 0;
	}
	return strstr(t->heads[col], "Tỷ lệ") || strstr(t->heads[col], "trong 15") || strstr(t->heads[col], "trong 30");
}

static int write_one(const struct table *t, const char *dir, char *err, size_t errlen)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s.csv", dir, t->id);
	FILE *f = fopen(path, "wb");
	if (!f) { snprintf(err, errlen, "%s: %s", path, strerror(errno)); return -1; }
	fputs("\xEF\xBB\xBF", f);
	for (int c = 0; c < t->ncols; c++) {
		if (c) fputc(',', f);
		char head[128];
		snprintf(head, sizeof head, "%s%s", t->heads[c], pct_column(t, c) ? " (%)" : "");
		field(f, head);
	}
	fputs("\r\n", f);
	for (int r = 0; r < t->nrows; r++) {
		for (int c = 0; c < t->ncols; c++) {
			if (c) fputc(',', f);
			value(f, table_cell(t, r, c));
		}
		fputs("\r\n", f);
	}
	int bad = ferror(f);
	if (fclose(f) || bad) { snprintf(err, errlen, "%s: write error", path); return -1; }
	return 0;
}

int report_write_csv(struct report *r, const char *dir, char *err, size_t errlen)
{
	if (report_build(r, err, errlen)) return -1;
	if (mkdir(dir, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < T_COUNT_; i++)
		if (write_one(&r->tables.t[i], dir, err, errlen)) return -1;
	return 0;
}
