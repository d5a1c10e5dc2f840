/*
 * xlsx: the report as one workbook, one sheet per table (see report.h),
 * through libxlsxwriter. Figures are numbers with number formats (minutes
 * 0.0, shares 0.0%, dates dd/mm/yyyy), so Excel shows them in the reader's
 * own decimal style and can compute with them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "report_int.h"

struct formats {
	lxw_format *head, *text, *integer, *dec, *pct, *date, *total_text, *total_num;
};

static lxw_format *number_format(lxw_workbook *wb, const char *fmt, int bold)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_num_format(f, fmt);
	if (bold) format_set_bold(f);
	return f;
}

static void make_formats(lxw_workbook *wb, struct formats *fm)
{
	fm->head = workbook_add_format(wb);
	format_set_bold(fm->head);
	format_set_text_wrap(fm->head);
	format_set_align(fm->head, LXW_ALIGN_CENTER);
	format_set_align(fm->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_bg_color(fm->head, 0xE6EEF7);
	format_set_border(fm->head, LXW_BORDER_THIN);
	fm->text = workbook_add_format(wb);
	fm->integer = number_format(wb, "#,##0", 0);
	fm->dec = number_format(wb, "0.0", 0);
	fm->pct = number_format(wb, "0.0%", 0);
	fm->date = number_format(wb, "dd/mm/yyyy", 0);
	fm->total_text = workbook_add_format(wb);
	format_set_bold(fm->total_text);
	fm->total_num = number_format(wb, "#,##0", 1);
}

static void write_cell(lxw_worksheet *ws, int r, int c, const struct cell *cl,
                       const struct formats *fm, int total)
{
	switch (cl->type) {
	case CELL_TEXT:
		worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, cl->s ? cl->s : "",
		                       total ? fm->total_text : fm->text);
		return;
	case CELL_INT:
		worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, cl->v, total ? fm->total_num : fm->integer);
		return;
	case CELL_MIN:
	case CELL_HOURS:
		worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, cl->v, fm->dec);
		return;
	case CELL_PCT:
		worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, cl->v, fm->pct);
		return;
	case CELL_DATE:     /* Excel's day 25569 is 1970-01-01 */
		worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, cl->v + 25569, fm->date);
		return;
	case CELL_NONE:
		return;
	}
}

static void write_sheet(lxw_workbook *wb, const struct table *t, const struct formats *fm)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, t->id);
	if (!ws) return;
	worksheet_set_row(ws, 0, 45, NULL);
	for (int c = 0; c < t->ncols; c++) {
		worksheet_write_string(ws, 0, (lxw_col_t)c, t->heads[c], fm->head);
		int wide = c == 0 || (t->nrows && table_cell(t, 0, c)->type == CELL_TEXT);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, wide ? 24 : 11, NULL);
	}
	for (int r = 0; r < t->nrows; r++)
		for (int c = 0; c < t->ncols; c++)
			write_cell(ws, r + 1, c, table_cell(t, r, c), fm, t->total[r]);
	worksheet_freeze_panes(ws, 1, 0);
}

/* Whether the workbook can be written at path, checked before
 * libxlsxwriter tries (it prints its own "[ERROR]" line on stderr). */
static int writable(const char *path, char *err, size_t errlen)
{
	char dir[4096];
	struct stat st;
	const char *slash = strrchr(path, '/');
	if (slash == path) snprintf(dir, sizeof dir, "/");
	else if (slash) snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	else snprintf(dir, sizeof dir, ".");
	int e = 0;
	if (stat(path, &st) == 0) e = S_ISDIR(st.st_mode) ? EISDIR : access(path, W_OK) ? errno : 0;
	else if (errno != ENOENT) e = errno;
	else if (stat(dir, &st)) e = errno;
	else if (!S_ISDIR(st.st_mode)) e = ENOTDIR;
	else if (access(dir, W_OK)) e = errno;
	if (!e) return 0;
	snprintf(err, errlen, "%s: cannot write: %s", path, strerror(e));
	return -1;
}

int report_write_xlsx(struct report *r, const char *path, char *err, size_t errlen)
{
	if (report_build(r, err, errlen) || writable(path, err, errlen)) return -1;
	lxw_workbook *wb = workbook_new(path);
	if (!wb) { snprintf(err, errlen, "%s: cannot create the workbook", path); return -1; }
	struct formats fm;
	make_formats(wb, &fm);
	for (int i = 0; i < T_COUNT_; i++) write_sheet(wb, &r->tables.t[i], &fm);
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR) {
		snprintf(err, errlen, "%s: %s", path, lxw_strerror(e));
		return -1;
	}
	return 0;
}
