/*
 * The director's report as a user gets it: periods and Vietnamese numbers,
 * the statistics, the CSV files, the XLSX workbook, several centers at
 * once, a log being written meanwhile, bad input, and the HTML page opened
 * in headless Chromium (text, no external resource, A4 when printed).
 */
#include "test.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "engine.h"
#include "reportday.h"
#include "report/period.h"
#include "report/report_int.h"
#include "store.h"

static const char *log_path(void)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/events.db", test_tmpdir());
	if (access(path, F_OK) != 0 && reportday_write(path) != 0) return NULL;
	return path;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) return NULL;
	char *buf = malloc(1 << 22);
	size_t n = buf ? fread(buf, 1, (1 << 22) - 1, f) : 0;
	fclose(f);
	if (buf) buf[n] = 0;
	return buf;
}

static int run(const char *cmd)
{
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const char *bin(void)
{
	static char p[512];
	const char *b = getenv("GOISO_BUILD");
	snprintf(p, sizeof p, "%s/goiso-report", b ? b : "build/san");
	return p;
}

static const char *conf_path(void)
{
	static char p[512];
	snprintf(p, sizeof p, "%s/center.conf", test_tmpdir());
	FILE *f = fopen(p, "w");
	if (f) { fputs(reportday_conf, f); fclose(f); }
	return p;
}

TEST(report_periods_and_dates)
{
	int64_t from, to;
	char s[128];
	CHECK_INT_EQ(period_day_from_ymd(2026, 11, 30), REPORTDAY);
	CHECK_INT_EQ(period_weekday(REPORTDAY), 0);                  /* a Monday */
	CHECK_INT_EQ(period_parse(PERIOD_WEEK, "03/12/2026", &from, &to), 0);
	CHECK_INT_EQ(from, REPORTDAY);
	CHECK_INT_EQ(to, REPORTDAY + 6);
	period_describe(from, to, s, sizeof s);
	CHECK_STR_EQ(s, "tuần 30/11/2026 – 06/12/2026");
	CHECK_INT_EQ(period_parse(PERIOD_MONTH, "2024-02", &from, &to), 0);
	CHECK_INT_EQ(to - from, 28);                                 /* a leap February */
	period_describe(from, to, s, sizeof s);
	CHECK_STR_EQ(s, "tháng 02/2024");
	CHECK_INT_EQ(period_parse(PERIOD_QUARTER, "2026-Q4", &from, &to), 0);
	period_describe(from, to, s, sizeof s);
	CHECK_STR_EQ(s, "quý 4/2026");
	CHECK_INT_EQ(to, period_day_from_ymd(2026, 12, 31));
	CHECK_INT_EQ(period_parse(PERIOD_YEAR, "2026", &from, &to), 0);
	CHECK_INT_EQ(to - from, 364);
	period_describe(from, to, s, sizeof s);
	CHECK_STR_EQ(s, "năm 2026");
	period_describe(REPORTDAY, REPORTDAY, s, sizeof s);
	CHECK_STR_EQ(s, "ngày 30/11/2026");
	period_describe(REPORTDAY, REPORTDAY + 2, s, sizeof s);
	CHECK_STR_EQ(s, "từ 30/11/2026 đến 02/12/2026");
	CHECK_INT_EQ(period_parse(PERIOD_DAY, "31/02/2026", &from, &to), -1);
	CHECK_INT_EQ(period_parse(PERIOD_DAY, "2026-11-30x", &from, &to), -1);
	CHECK_INT_EQ(period_parse(PERIOD_QUARTER, "2026-Q5", &from, &to), -1);
	CHECK_INT_EQ(period_parse(PERIOD_MONTH, "2026-13", &from, &to), -1);
	CHECK_INT_EQ(period_kind_from_name("quy"), PERIOD_QUARTER);
	CHECK_INT_EQ(report_period("thang", "2026-11", &from, &to), 0);
	CHECK_INT_EQ(from, period_day_from_ymd(2026, 11, 1));
	CHECK_INT_EQ(to, period_day_from_ymd(2026, 11, 30));
	CHECK_INT_EQ(report_period("week", "2026-11", &from, &to), -1);
	CHECK_INT_EQ(report_period(NULL, "2026", &from, &to), -1);
	CHECK_INT_EQ(period_kind_from_name("fortnight"), -1);
}

TEST(report_refuses_a_year_past_2100_as_it_refuses_one_before_1970)
{
	int64_t from, to;
	CHECK_INT_EQ(period_parse(PERIOD_YEAR, "1969", &from, &to), -1);
	CHECK_INT_EQ(period_parse(PERIOD_YEAR, "3000", &from, &to), -1);
	CHECK_INT_EQ(period_parse(PERIOD_DAY, "01/01/3000", &from, &to), -1);
	CHECK_INT_EQ(period_parse(PERIOD_MONTH, "2101-01", &from, &to), -1);
	CHECK_INT_EQ(period_parse(PERIOD_QUARTER, "2101-Q1", &from, &to), -1);
	CHECK_INT_EQ(period_parse(PERIOD_YEAR, "2100", &from, &to), 0);
	CHECK_INT_EQ(period_parse_date("2101-01-01", &from), -1);
	char cmd[1400], out[600];
	snprintf(out, sizeof out, "%s/err.txt", test_tmpdir());
	snprintf(cmd, sizeof cmd, "'%s' --day 01/01/3000 x.db 2> '%s'", bin(), out);
	CHECK_INT_EQ(run(cmd), 2);
	char *s = slurp(out);
	CHECK(s && strstr(s, "bad period: 01/01/3000 (a year from 1970 to 2100)"));
	free(s);
	snprintf(cmd, sizeof cmd, "'%s' --from 2026-01-01 --to 3000-01-01 x.db 2> '%s'", bin(), out);
	CHECK_INT_EQ(run(cmd), 2);
	s = slurp(out);
	CHECK(s && strstr(s, "bad date: 3000-01-01 (a year from 1970 to 2100)"));
	free(s);
}

TEST(report_numbers_use_the_decimal_comma)
{
	char s[64];
	period_format_number(1234.5, 1, s, sizeof s);
	CHECK_STR_EQ(s, "1.234,5");
	period_format_number(1234567, 0, s, sizeof s);
	CHECK_STR_EQ(s, "1.234.567");
	period_format_number(-0.01, 1, s, sizeof s);
	CHECK_STR_EQ(s, "0,0");
	period_format_number(-12.26, 1, s, sizeof s);
	CHECK_STR_EQ(s, "-12,3");
	period_format_number(NAN, 1, s, sizeof s);
	CHECK_STR_EQ(s, "—");
	struct cell c = { CELL_PCT, 2.0 / 3, NULL };
	cell_format(&c, s, sizeof s);
	CHECK_STR_EQ(s, "66,7%");
	c = (struct cell){ CELL_DATE, REPORTDAY, NULL };
	cell_format(&c, s, sizeof s);
	CHECK_STR_EQ(s, "30/11/2026");
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return x < y ? -1 : x > y;
}

TEST(report_statistics_median_p90_and_sort)
{
	struct samples s = { 0 };
	static const int v[] = { 7, 1, 9, 3, 5, 2, 8, 4, 6, 10 };
	for (int i = 0; i < 10; i++) samples_add(&s, v[i]);
	samples_sort(&s);
	CHECK(samples_median(&s) == 5.5);
	CHECK(samples_p90(&s) == 9);           /* the 9th of 10 */
	CHECK(samples_max(&s) == 10);
	CHECK_INT_EQ(samples_at_most(&s, 4), 4);
	samples_add(&s, -5);                    /* a clock set back: 0 */
	samples_sort(&s);
	CHECK(samples_median(&s) == 5);
	CHECK(samples_p90(&s) == 9);           /* ceil(9.9) = 10th of 11 */
	samples_free(&s);
	CHECK(isnan(samples_median(&s)) && isnan(samples_p90(&s)) && isnan(samples_mean(&s)));
	/* the radix sort agrees with qsort on large, wide values */
	int *ref = malloc(sizeof *ref * 5000);
	uint32_t x = 12345;
	for (int i = 0; i < 5000; i++) {
		x ^= x << 13; x ^= x >> 17; x ^= x << 5;
		ref[i] = (int)(x % 2000000000u);
		samples_add(&s, ref[i]);
	}
	qsort(ref, 5000, sizeof *ref, cmp_int);
	samples_sort(&s);
	int same = 1;
	for (int i = 0; i < 5000; i++) same &= s.v[i] == ref[i];
	CHECK(same);
	free(ref);
	samples_free(&s);
}

TEST(report_cli_writes_csv_with_bom_one_file_per_table)
{
	const char *log = log_path();
	REQUIRE(log);
	char cmd[2048], dir[600], path[700];
	snprintf(dir, sizeof dir, "%s/csv", test_tmpdir());
	snprintf(cmd, sizeof cmd, "'%s' --day 30/11/2026 --config '%s' --csv '%s' '%s'", bin(), conf_path(), dir, log);
	REQUIRE(run(cmd) == 0);
	static const char *const files[] = {
		"tong-hop", "can-bo", "can-bo-thoi-gian", "tam-nghi", "linh-vuc", "quay", "theo-ngay", "thu-gio",
	};
	for (int i = 0; i < 8; i++) {
		snprintf(path, sizeof path, "%s/%s.csv", dir, files[i]);
		char *s = slurp(path);
		CHECK(s && !memcmp(s, "\xEF\xBB\xBF", 3));
		free(s);
	}
	snprintf(path, sizeof path, "%s/can-bo.csv", dir);
	char *s = slurp(path);
	REQUIRE(s);
	CHECK(strstr(s, "\xEF\xBB\xBF" "Cán bộ,Phục vụ,Vắng mặt,Chuyển đi,Gọi lại,") == s);
	CHECK(strstr(s, "\r\nAn,3,1,0,1,3.33,3.00,5.00,5.00,7.00\r\n") != NULL);
	CHECK(strstr(s, "\r\nCúc,1,0,0,0,9.00,9.00,9.00,,\r\n") != NULL);   /* called nobody: no wait */
	free(s);
	snprintf(path, sizeof path, "%s/can-bo-thoi-gian.csv", dir);
	s = slurp(path);
	REQUIRE(s);
	CHECK(strstr(s, "Tỷ lệ hài lòng (%)") != NULL);
	CHECK(strstr(s, "\r\nAn,1.40,2,0.25,1,1,1,1,0,0,0,100.00,66.67\r\n") != NULL);
	CHECK(strstr(s, "\r\nBình,0.83,0,0.00,0,0,0,0,0,0,1,0.00,\r\n") != NULL);
	free(s);
	snprintf(path, sizeof path, "%s/tam-nghi.csv", dir);
	s = slurp(path);
	REQUIRE(s);
	CHECK(strstr(s, "\r\nAn,họp,1,0.25\r\n") != NULL);
	free(s);
	snprintf(path, sizeof path, "%s/theo-ngay.csv", dir);
	s = slurp(path);
	REQUIRE(s);
	CHECK(strstr(s, "\r\n30/11/2026,Thứ Hai,7,1,5,1,9.83,50.00\r\n") != NULL);
	free(s);
}

TEST(report_csv_writes_text_a_spreadsheet_would_take_for_a_formula_as_text)
{
	/* names and pause reasons are typed freely at a counter: one beginning
	 * with = + - @ must open in a spreadsheet as the text it is */
	const char *log = log_path();
	REQUIRE(log);
	char copy[600], cmd[2400], dir[600], path[700];
	snprintf(copy, sizeof copy, "%s/formula.db", test_tmpdir());
	snprintf(dir, sizeof dir, "%s/formula-csv", test_tmpdir());
	snprintf(cmd, sizeof cmd, "cp '%s' '%s' && sqlite3 '%s' \"UPDATE events SET text='=SUM(1,2)' "
	         "WHERE verb='PAUSE' AND text='họp'; UPDATE events SET text='@Cúc' WHERE verb='LOGIN' AND text='Cúc'; "
	         "UPDATE events SET text='+1 nghỉ' WHERE verb='PAUSE' AND text='nghỉ trưa'; "
	         "UPDATE events SET text='-Bình' WHERE verb='LOGIN' AND text='Bình';\"",
	         log, copy, copy);
	REQUIRE(run(cmd) == 0);
	snprintf(cmd, sizeof cmd, "'%s' --day 30/11/2026 --config '%s' --csv '%s' '%s'", bin(), conf_path(), dir, copy);
	REQUIRE(run(cmd) == 0);
	snprintf(path, sizeof path, "%s/tam-nghi.csv", dir);
	char *s = slurp(path);
	REQUIRE(s);
	CHECK(strstr(s, "\r\nAn,\"'=SUM(1,2)\",1,0.25\r\n") != NULL);
	CHECK(strstr(s, "\r\nAn,\"'+1 nghỉ\",1,") != NULL);
	free(s);
	snprintf(path, sizeof path, "%s/can-bo.csv", dir);
	s = slurp(path);
	REQUIRE(s);
	CHECK(strstr(s, "\r\n\"'@Cúc\",1,") != NULL);
	CHECK(strstr(s, "\r\n\"'-Bình\",") != NULL);
	CHECK(strstr(s, "\r\nAn,3,") != NULL);   /* other names as they are */
	free(s);
}

TEST(report_cli_writes_xlsx_with_a_sheet_per_table_and_number_formats)
{
	const char *log = log_path();
	REQUIRE(log);
	char cmd[2048], xlsx[600];
	snprintf(xlsx, sizeof xlsx, "%s/bao-cao.xlsx", test_tmpdir());
	snprintf(cmd, sizeof cmd, "'%s' --day 2026-11-30 --config '%s' --xlsx '%s' '%s'", bin(), conf_path(), xlsx, log);
	REQUIRE(run(cmd) == 0);
	/* read back with Python's zipfile: the sheets, the formats, a figure */
	snprintf(cmd, sizeof cmd, "python3 - '%s' <<'PY'\n"
	         "import sys, zipfile, re\n"
	         "z = zipfile.ZipFile(sys.argv[1])\n"
	         "wb = z.read('xl/workbook.xml').decode()\n"
	         "names = re.findall(r'<sheet name=\"([^\"]+)\"', wb)\n"
	         "assert names == ['tong-hop','can-bo','can-bo-thoi-gian','tam-nghi','linh-vuc','quay','theo-ngay','thu-gio'], names\n"
	         "st = z.read('xl/styles.xml').decode()\n"
	         "for f in ('0.0%%', 'dd/mm/yyyy', '0.0'):\n"
	         "    assert 'formatCode=\"%%s\"' %% f in st, f\n"
	         "s2 = z.read('xl/worksheets/sheet2.xml').decode()\n"
	         "assert '<v>3</v>' in s2 and '<v>3.3333' in s2, s2[:400]\n"
	         "s7 = z.read('xl/worksheets/sheet7.xml').decode()\n"
	         "assert '<v>46356</v>' in s7, 'date serial of 30/11/2026'\n"
	         "PY", xlsx);
	CHECK_INT_EQ(run(cmd), 0);
}

TEST(report_sums_several_centers_and_labels_them)
{
	const char *log = log_path();
	REQUIRE(log);
	char err[256];
	char other[600], cmd[1400];
	struct report_filter f = { .from = REPORTDAY, .to = REPORTDAY };
	/* the same day at another center: its log began at another time */
	snprintf(other, sizeof other, "%s/leloi.db", test_tmpdir());
	REQUIRE(reportday_write(other) == 0);
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"UPDATE meta SET value = value + 1 WHERE key = 'created'\"", other);
	REQUIRE(run(cmd) == 0);
	struct report *r = report_new(&f, err, sizeof err);
	REQUIRE(r);
	CHECK_INT_EQ(report_add_log(r, log, "Gia Viên", NULL, err, sizeof err), 0);
	CHECK_INT_EQ(report_add_log(r, other, "Lê Lợi", NULL, err, sizeof err), 0);
	REQUIRE(report_build(r, err, sizeof err) == 0);
	CHECK_INT_EQ(r->tally->total.served, 10);
	CHECK_INT_EQ(r->tally->total.wait.n, 12);
	CHECK_INT_EQ(r->tally->heat[0][8], 8);
	const struct table *sum = &r->tables.t[T_SUMMARY];
	CHECK_INT_EQ(sum->nrows, 3);
	CHECK_STR_EQ(table_cell(sum, 0, 0)->s, "Gia Viên");
	CHECK_STR_EQ(table_cell(sum, 2, 0)->s, "Tổng các trung tâm");
	CHECK(sum->total[2]);
	CHECK(table_cell(sum, 2, 5)->v == 10);            /* served */
	const struct table *off = &r->tables.t[T_OFFICERS];
	CHECK_STR_EQ(off->heads[0], "Trung tâm");
	CHECK_INT_EQ(off->nrows, 6);
	CHECK_STR_EQ(table_cell(off, 3, 0)->s, "Lê Lợi");
	CHECK_STR_EQ(table_cell(off, 3, 1)->s, "An");
	report_free(r);
}

TEST(report_reads_a_log_while_the_daemon_writes)
{
	/* the store holds a write transaction open, as the daemon does during
	 * a loop turn: the report reads the committed rows, never blocks, and
	 * opens the log read-only */
	const char *src = log_path();
	REQUIRE(src);
	char path[600], err[256], cmd[1400];
	snprintf(path, sizeof path, "%s/live.db", test_tmpdir());
	REQUIRE(reportday_write(path) == 0);
	struct config *cfg = config_parse(reportday_conf, "t.conf", err, sizeof err);
	struct store *st = store_open(path, false, err, sizeof err);
	struct engine *e = engine_new(cfg, REPORTDAY + 2);
	REQUIRE(cfg && st && e);
	struct engine_cmd c = { .verb = VERB_ISSUE, .service = 0, .ticket = -1 };
	struct engine_event ev;
	REQUIRE(engine_decide(e, &c, reportday_ms(2, 9, 0, 0), &ev) == 0 && engine_apply(e, &ev) == 0);
	REQUIRE(store_append(st, e, &ev, "t", NULL, NULL) == 0);   /* not committed yet */
	struct report_filter f = { .from = REPORTDAY, .to = REPORTDAY + 2 };
	struct report *r = report_new(&f, err, sizeof err);
	REQUIRE(r);
	CHECK_INT_EQ(report_add_log(r, path, NULL, NULL, err, sizeof err), 0);
	CHECK_INT_EQ(r->tally->centers[0].days_with_events, 2);   /* not the third, uncommitted */
	report_free(r);
	CHECK_INT_EQ(store_commit(st), 0);
	r = report_new(&f, err, sizeof err);
	CHECK_INT_EQ(report_add_log(r, path, NULL, NULL, err, sizeof err), 0);
	report_build(r, err, sizeof err);
	CHECK_INT_EQ(r->tally->total.issued, 9);    /* 8 + the one now committed */
	report_free(r);
	store_close(st);
	engine_free(e);
	config_free(cfg);
	/* a log in a folder the reader cannot write to still reads */
	snprintf(cmd, sizeof cmd, "chmod 0444 '%s' && '%s' --day 2026-11-30 '%s' > /dev/null", path, bin(), path);
	CHECK_INT_EQ(run(cmd), 0);
}

TEST(report_refuses_bad_input_with_a_clear_message)
{
	char cmd[1400], out[600];
	snprintf(out, sizeof out, "%s/err.txt", test_tmpdir());
	snprintf(cmd, sizeof cmd, "'%s' --day 2026-11-30 '%s/none.db' 2> '%s'", bin(), test_tmpdir(), out);
	CHECK_INT_EQ(run(cmd), 1);
	char *s = slurp(out);
	CHECK(s && strstr(s, "none.db"));
	free(s);
	snprintf(cmd, sizeof cmd, "'%s' --day 2026-11-30 '%s' 2> '%s'", bin(), out, out);
	CHECK_INT_EQ(run(cmd), 1);
	s = slurp(out);
	CHECK(s && strstr(s, "not a goiso event log"));
	free(s);
	snprintf(cmd, sizeof cmd, "'%s' --day 2026-02-30 x.db 2> '%s'", bin(), out);
	CHECK_INT_EQ(run(cmd), 2);
	s = slurp(out);
	CHECK(s && strstr(s, "bad period: 2026-02-30"));
	free(s);
	snprintf(cmd, sizeof cmd, "'%s' --from 2026-12-01 --to 2026-11-01 x.db 2> /dev/null", bin());
	CHECK_INT_EQ(run(cmd), 2);
	snprintf(cmd, sizeof cmd, "'%s' --counter abc x.db 2> /dev/null", bin());
	CHECK_INT_EQ(run(cmd), 2);
	snprintf(cmd, sizeof cmd, "'%s' --help > /dev/null", bin());
	CHECK_INT_EQ(run(cmd), 0);
}

/* Runs the report with args (2>&1 into a file) and returns what it said;
 * *rc its exit status. */
static char *said(const char *args, int *rc)
{
	char cmd[2400], out[600];
	snprintf(out, sizeof out, "%s/said.txt", test_tmpdir());
	snprintf(cmd, sizeof cmd, "'%s' %s > '%s' 2>&1", bin(), args, out);
	*rc = run(cmd);
	return slurp(out);
}

TEST(report_errors_say_what_to_do)
{
	const char *log = log_path();
	REQUIRE(log);
	char args[1800];
	int rc;
	/* the data folder instead of its events.db */
	snprintf(args, sizeof args, "--day 2026-11-30 '%s'", test_tmpdir());
	char *s = said(args, &rc);
	CHECK_INT_EQ(rc, 1);
	CHECK(s && strstr(s, "is a folder: give ") && strstr(s, "/events.db"));
	CHECK(s && !strstr(s, "disk I/O error"));
	free(s);
	/* a log that is not there */
	snprintf(args, sizeof args, "--day 2026-11-30 '%s/none/events.db'", test_tmpdir());
	s = said(args, &rc);
	CHECK_INT_EQ(rc, 1);
	CHECK(s && strstr(s, "none/events.db: no such file"));
	free(s);
	/* a log the user may not read (the display's log is mode 0600) */
	char copy[700], cmd[2400];
	snprintf(copy, sizeof copy, "%s/locked.db", test_tmpdir());
	snprintf(cmd, sizeof cmd, "cp '%s' '%s' && chmod 0000 '%s' && chmod 0755 '%s'", log, copy, copy, test_tmpdir());
	CHECK_INT_EQ(run(cmd), 0);
	if (geteuid() == 0)
		snprintf(cmd, sizeof cmd, "runuser -u nobody -- '%s' --day 2026-11-30 '%s' > '%s/said.txt' 2>&1",
		         bin(), copy, test_tmpdir());
	else
		snprintf(cmd, sizeof cmd, "'%s' --day 2026-11-30 '%s' > '%s/said.txt' 2>&1", bin(), copy, test_tmpdir());
	CHECK_INT_EQ(run(cmd), 1);
	snprintf(copy, sizeof copy, "%s/said.txt", test_tmpdir());
	s = slurp(copy);
	CHECK(s && strstr(s, "permission denied") && strstr(s, "sudo -u goiso"));
	free(s);
	/* outputs that cannot be written say why, and only goiso speaks */
	snprintf(args, sizeof args, "--day 2026-11-30 --html /nonexistent/dir/x.html '%s'", log);
	s = said(args, &rc);
	CHECK_INT_EQ(rc, 1);
	CHECK(s && strstr(s, "/nonexistent/dir/x.html: cannot write: No such file or directory"));
	free(s);
	snprintf(args, sizeof args, "--day 2026-11-30 --xlsx /nonexistent/x.xlsx '%s'", log);
	s = said(args, &rc);
	CHECK_INT_EQ(rc, 1);
	CHECK(s && strstr(s, "goiso-report: /nonexistent/x.xlsx: cannot write: No such file or directory"));
	CHECK(s && !strstr(s, "[ERROR]"));
	free(s);
	/* the month forgotten: the log was taken for the month */
	snprintf(args, sizeof args, "--month '%s'", log);
	s = said(args, &rc);
	CHECK_INT_EQ(rc, 2);
	CHECK(s && strstr(s, "bad period: ") && strstr(s, "no log given"));
	free(s);
}

TEST(report_options_that_would_do_nothing_are_said)
{
	const char *log = log_path();
	REQUIRE(log);
	char args[1800];
	int rc;
	/* --config and --center after the last log apply to no log */
	snprintf(args, sizeof args, "--day 2026-11-30 '%s' --config '%s'", log, conf_path());
	char *s = said(args, &rc);
	CHECK_INT_EQ(rc, 2);
	CHECK(s && strstr(s, "--config comes after the last log: it applies to the logs that follow it"));
	free(s);
	snprintf(args, sizeof args, "--day 2026-11-30 '%s' --center 'Gia Viên'", log);
	s = said(args, &rc);
	CHECK_INT_EQ(rc, 2);
	CHECK(s && strstr(s, "--center comes after the last log"));
	free(s);
	/* a service no config and no ticket knows */
	snprintf(args, sizeof args, "--day 2026-11-30 --service Z --config '%s' --html /dev/null '%s'", conf_path(), log);
	s = said(args, &rc);
	CHECK_INT_EQ(rc, 2);
	CHECK(s && strstr(s, "no service Z") && strstr(s, "A, B"));
	free(s);
	/* an officer nobody was: a warning naming those who were */
	snprintf(args, sizeof args, "--day 2026-11-30 --officer 'Nguyễn Văn X' --html /dev/null '%s'", log);
	s = said(args, &rc);
	CHECK_INT_EQ(rc, 0);
	CHECK(s && strstr(s, "warning: no officer named \"Nguyễn Văn X\" worked in the period") &&
	      strstr(s, "An, Bình, Cúc"));
	free(s);
	snprintf(args, sizeof args, "--day 2026-11-30 --officer An --html /dev/null '%s'", log);
	s = said(args, &rc);
	CHECK_INT_EQ(rc, 0);
	CHECK(s && !strstr(s, "warning"));
	free(s);
	/* the filter finds an officer in any case and with spaces: no warning either */
	snprintf(args, sizeof args, "--day 2026-11-30 --officer ' bình ' --html /dev/null '%s'", log);
	s = said(args, &rc);
	CHECK_INT_EQ(rc, 0);
	CHECK(s && !strstr(s, "warning"));
	free(s);
}

TEST(report_refuses_one_center_given_twice)
{
	/* a backup copy of a center's log is that center again: summed, it
	 * would double every figure */
	const char *log = log_path();
	REQUIRE(log);
	char copy[600], cmd[1800], err[512];
	snprintf(copy, sizeof copy, "%s/copy.db", test_tmpdir());
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", log, copy);
	REQUIRE(run(cmd) == 0);
	struct report_filter f = { .from = REPORTDAY, .to = REPORTDAY };
	struct report *r = report_new(&f, err, sizeof err);
	REQUIRE(r);
	CHECK_INT_EQ(report_add_log(r, log, "Gia Viên", NULL, err, sizeof err), 0);
	CHECK_INT_EQ(report_add_log(r, copy, "Lê Lợi", NULL, err, sizeof err), -1);
	CHECK(strstr(err, "copy.db is the log of the same center as ") && strstr(err, "Gia Viên"));
	report_free(r);
	int rc;
	snprintf(cmd, sizeof cmd, "--day 2026-11-30 --center 'Gia Viên' '%s' --center 'Lê Lợi' '%s'", log, copy);
	char *s = said(cmd, &rc);
	CHECK_INT_EQ(rc, 2);
	CHECK(s && strstr(s, "the same center") && !strstr(s, "<html"));
	free(s);
}

TEST(report_page_gives_durations_in_hours_minutes_and_seconds)
{
	/* "0,0 giờ" was a pause of 1 min 31 s; the CSV keeps the hours */
	static const struct { double hours; const char *want; } cases[] = {
		{ (84 * 60 + 5) / 3600.0, "1 giờ 24 phút" },
		{ (15 * 60 + 5) / 3600.0, "15 phút 5 giây" },
		{ 91 / 3600.0, "1 phút 31 giây" },
		{ 50 / 60.0, "50 phút" },
		{ 2.0, "2 giờ" },
		{ 7 / 3600.0, "7 giây" },
		{ 0, "0 phút" },
		{ 1234.5, "1.234 giờ 30 phút" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct cell c = { CELL_HOURS, cases[i].hours, NULL };
		char buf[64];
		cell_format(&c, buf, sizeof buf);
		CHECK_STR_EQ(buf, cases[i].want);
	}
	char args[1800], html[600];
	int rc;
	snprintf(html, sizeof html, "%s/durations.html", test_tmpdir());
	snprintf(args, sizeof args, "--day 2026-11-30 --config '%s' --html '%s' '%s'", conf_path(), html, log_path());
	free(said(args, &rc));
	CHECK_INT_EQ(rc, 0);
	char *s = slurp(html);
	CHECK(s);
	if (!s) return;
	CHECK(strstr(s, "<th>Thời gian đăng nhập</th>") && !strstr(s, "(giờ)"));
	CHECK(strstr(s, "<td>An</td><td class=\"n\">1 giờ 24 phút</td><td class=\"n\">2</td>"
	             "<td class=\"n\">15 phút 5 giây</td>"));
	CHECK(strstr(s, "<td>Cúc</td><td class=\"n\">5 phút</td>"));
	free(s);
}

TEST(report_cli_page_says_when_it_was_made)
{
	char args[1800], html[600];
	int rc;
	snprintf(html, sizeof html, "%s/made.html", test_tmpdir());
	snprintf(args, sizeof args, "--day 2026-11-30 --config '%s' --html '%s' '%s'", conf_path(), html, log_path());
	free(said(args, &rc));
	CHECK_INT_EQ(rc, 0);
	char *s = slurp(html);
	CHECK(s && strstr(s, "<p class=\"meta\">Lập lúc "));
	free(s);
}
