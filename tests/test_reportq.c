/*
 * The report's query as the web gateway reads it: periods (a range of
 * days included), the filters of goiso-report checked against the
 * config, the query string the form, the report and its downloads
 * share, the downloads' file names, the CSV tables as the report writes
 * them, and where a browser may be sent after login (no open redirect).
 */
#include "test.h"

#include <dirent.h>
#include <stdlib.h>

#include "config.h"
#include "pages.h"
#include "report.h"
#include "reportday.h"
#include "reportdoc.h"
#include "reportq.h"

static struct config *day_config(void)
{
	char err[300];
	return config_parse(reportday_conf, "t.conf", err, sizeof err);
}

static struct reportq query(const char *const *kv)
{
	struct reportq q;
	memset(&q, 0, sizeof q);
	for (; kv[0]; kv += 2) reportq_set(&q, kv[0], kv[1]);
	return q;
}

/* The filter of a query, or the message for the reader. */
static int filter_of(const char *const *kv, struct report_filter *f, char *err, size_t n)
{
	struct config *cfg = day_config();
	struct reportq q = query(kv);
	memset(f, 0, sizeof *f);
	err[0] = 0;
	int rc = reportq_filter(&q, cfg, REPORTDAY, f, err, n);
	config_free(cfg);
	return rc;
}

TEST(reportq_periods_of_a_date_or_from_a_day_to_a_day)
{
	struct report_filter f;
	char err[300];
	/* nothing asked: today */
	CHECK_INT_EQ(filter_of((const char *const[]){ NULL }, &f, err, sizeof err), 0);
	CHECK_INT_EQ(f.from, REPORTDAY);
	CHECK_INT_EQ(f.to, REPORTDAY);
	/* the month holding a date, in either writing */
	CHECK_INT_EQ(filter_of((const char *const[]){ "period", "month", "date", "15/02/2027", NULL }, &f, err, sizeof err), 0);
	CHECK_INT_EQ(f.to - f.from, 27);
	/* a range: both days included */
	CHECK_INT_EQ(filter_of((const char *const[]){ "period", "range", "from", "2026-11-25", "to", "2026-12-02", NULL },
	                       &f, err, sizeof err), 0);
	CHECK_INT_EQ(f.from, REPORTDAY - 5);
	CHECK_INT_EQ(f.to, REPORTDAY + 2);
	/* mistakes are said in words */
	CHECK_INT_EQ(filter_of((const char *const[]){ "period", "range", "from", "2026-12-02", "to", "2026-11-25", NULL },
	                       &f, err, sizeof err), -1);
	CHECK(strstr(err, "trước ngày bắt đầu") != NULL);
	CHECK_INT_EQ(filter_of((const char *const[]){ "period", "range", "from", "2026-12-02", NULL }, &f, err, sizeof err), -1);
	CHECK(strstr(err, "Xin chọn cả ngày bắt đầu") != NULL);
	CHECK_INT_EQ(filter_of((const char *const[]){ "period", "range", "from", "2026-02-30", "to", "2026-03-01", NULL },
	                       &f, err, sizeof err), -1);
	CHECK(strstr(err, "Ngày không hợp lệ") != NULL);
	CHECK_INT_EQ(filter_of((const char *const[]){ "period", "range", "from", "1970-01-01", "to", "2100-12-31", NULL },
	                       &f, err, sizeof err), -1);
	CHECK(strstr(err, "quá dài") != NULL);
	CHECK_INT_EQ(filter_of((const char *const[]){ "period", "century", NULL }, &f, err, sizeof err), -1);
	CHECK(strstr(err, "Kỳ báo cáo không hợp lệ") != NULL);
}

TEST(reportq_filters_are_those_of_the_center)
{
	struct report_filter f;
	char err[300];
	CHECK_INT_EQ(filter_of((const char *const[]){ "service", "B", "counter", "2", "officer", "  Nguyễn Thị Lan ", NULL },
	                       &f, err, sizeof err), 0);
	CHECK_STR_EQ(f.service, "B");
	CHECK_INT_EQ(f.counter, 2);
	CHECK_STR_EQ(f.officer, "Nguyễn Thị Lan");   /* the spaces a form adds are not part of a name */
	/* typed with "Unicode tổ hợp" (NFD, 70 bytes): the name the log holds
	 * in 60 bytes, whole */
	CHECK_INT_EQ(filter_of((const char *const[]){ "officer", "Co" "\xCC\x82" "ng Ta" "\xCC\x86" "\xCC\x80" "ng To"
	                       "\xCC\x82" "n Nu" "\xCC\x9B" "\xCC\x83" " Thi" "\xCC\xA3" " Phu" "\xCC\x9B" "o" "\xCC\x9B"
	                       "ng Tha" "\xCC\x89" "o Quy" "\xCC\x80" "nh Hu" "\xCC\x9B" "o" "\xCC\x9B" "ng ", NULL },
	                       &f, err, sizeof err), 0);
	CHECK_STR_EQ(f.officer, "Công Tằng Tôn Nữ Thị Phương Thảo Quỳnh Hương");
	CHECK_INT_EQ(filter_of((const char *const[]){ "service", "Z", NULL }, &f, err, sizeof err), -1);
	CHECK_STR_EQ(err, "Trung tâm không có lĩnh vực \"Z\".");
	CHECK_INT_EQ(filter_of((const char *const[]){ "counter", "9", NULL }, &f, err, sizeof err), -1);
	CHECK_STR_EQ(err, "Trung tâm không có quầy \"9\".");
	CHECK_INT_EQ(filter_of((const char *const[]){ "counter", "1x", NULL }, &f, err, sizeof err), -1);
	/* a value too long for its field is cut between letters, never inside one */
	CHECK_INT_EQ(filter_of((const char *const[]){ "service", "ĐĐĐĐĐ", NULL }, &f, err, sizeof err), -1);
	CHECK_STR_EQ(err, "Trung tâm không có lĩnh vực \"ĐĐĐ\".");
	CHECK_INT_EQ(filter_of((const char *const[]){ "counter", "1ệệệ", NULL }, &f, err, sizeof err), -1);
	CHECK_STR_EQ(err, "Trung tâm không có quầy \"1ệệ\".");
	/* empty fields of the form: everything */
	CHECK_INT_EQ(filter_of((const char *const[]){ "service", "", "counter", "", "officer", "", NULL }, &f, err, sizeof err), 0);
	CHECK_STR_EQ(f.service, "");
	CHECK_INT_EQ(f.counter, 0);
}

TEST(reportq_query_string_and_file_names)
{
	char out[600];
	struct reportq q = query((const char *const[]){ "period", "range", "from", "2026-12-01", "to", "2026-12-31",
	                                                "officer", "Lê Thị Mai & co", "table", "can-bo", "bogus", "x", NULL });
	reportq_query(&q, out, sizeof out);
	CHECK_STR_EQ(out, "period=range&from=2026-12-01&to=2026-12-31&officer=L%C3%AA%20Th%E1%BB%8B%20Mai%20%26%20co");
	q = query((const char *const[]){ NULL });
	reportq_query(&q, out, sizeof out);
	CHECK_STR_EQ(out, "");
	struct report_filter f = { .from = REPORTDAY, .to = REPORTDAY };
	reportq_filename(&f, NULL, "xlsx", out, sizeof out);
	CHECK_STR_EQ(out, "bao-cao-2026-11-30.xlsx");
	f.to = REPORTDAY + 31;
	f.counter = 3;
	snprintf(f.service, sizeof f.service, "A");
	snprintf(f.officer, sizeof f.officer, "Lê Thị Mai");
	reportq_filename(&f, "can-bo", "csv", out, sizeof out);
	CHECK_STR_EQ(out, "bao-cao-2026-11-30-den-2026-12-31-linh-vuc-A-quay-3-can-bo.csv");
}

TEST(reportq_login_target_stays_on_the_report)
{
	static const char *const good[] = {
		"/report", "/report/view", "/report/view?period=month&date=2026-12-03&service=A",
		"/report/csv?period=day&table=can-bo", "/report/xlsx?officer=L%C3%AA%20Mai", NULL,
	};
	static const char *const bad[] = {
		"", "https://evil.example/report", "//evil.example/report", "/\\evil.example", "http:/report",
		"/reportx", "/report.evil.example", "/report//evil.example", "/report/../t/x", "/report/view/..",
		"/report/view?x=\"><script>", "/report/view?x=a\r\nSet-Cookie: a=b", "/report/view?next=//evil",
		"javascript:alert(1)", "/report/view#//evil", "/", "/t/AAAAAAAAAAAAAAAAAAAAAA", NULL,
	};
	for (int i = 0; good[i]; i++)
		if (!reportq_target_ok(good[i])) test_fail(__FILE__, __LINE__, "refused: %s", good[i]);
	for (int i = 0; bad[i]; i++)
		if (reportq_target_ok(bad[i])) test_fail(__FILE__, __LINE__, "accepted: %s", bad[i]);
	char long_one[1000];
	snprintf(long_one, sizeof long_one, "/report/view?officer=%0900d", 0);
	CHECK(!reportq_target_ok(long_one));
}

/* The form offers exactly the tables goiso-report --csv writes, no more
 * and no fewer, each by the title the report gives it. */
TEST(reportq_form_offers_the_reports_own_tables_by_their_titles)
{
	static const char *const titles[][2] = {   /* as the report names them */
		{ "tong-hop", "Tổng hợp" }, { "can-bo", "Cán bộ: công việc" },
		{ "can-bo-thoi-gian", "Cán bộ: thời gian và đánh giá" }, { "tam-nghi", "Tạm nghỉ theo lý do" },
		{ "linh-vuc", "Lĩnh vực" }, { "quay", "Quầy" }, { "theo-ngay", "Theo ngày" },
		{ "thu-gio", "Số phát theo thứ và giờ" },
	};
	char path[600], dir[600], err[300], option[200];
	struct config *cfg = day_config();
	snprintf(path, sizeof path, "%s/events.db", test_tmpdir());
	snprintf(dir, sizeof dir, "%s/csv", test_tmpdir());
	REQUIRE(cfg && reportday_write(path) == 0);
	struct report_filter f = { .from = REPORTDAY, .to = REPORTDAY };
	struct report *r = report_new(&f, err, sizeof err);
	REQUIRE(r);
	CHECK_INT_EQ(report_add_log(r, path, NULL, cfg, err, sizeof err), 0);
	CHECK_INT_EQ(report_write_csv(r, dir, err, sizeof err), 0);
	report_free(r);
	struct reportq q = query((const char *const[]){ NULL });
	char *form = pages_report_form("Trung tâm", cfg, &q);
	REQUIRE(form);
	int files = 0, offered = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".csv")) continue;
		files++;
		e->d_name[len - 4] = 0;
		CHECK(reportq_table_index(e->d_name) >= 0);
	}
	if (d) closedir(d);
	for (const char *o = form; (o = strstr(o, "<option value=\"")); o++)
		for (size_t i = 0; i < sizeof titles / sizeof *titles; i++) {
			snprintf(option, sizeof option, "<option value=\"%s\">%s</option>", titles[i][0], titles[i][1]);
			if (!strncmp(o, option, strlen(option))) offered++;
		}
	CHECK_INT_EQ(files, (int)(sizeof titles / sizeof *titles));
	CHECK_INT_EQ(REPORTQ_TABLES, files);
	CHECK_INT_EQ(offered, files);
	free(form);
	config_free(cfg);
}

/* The tables the web offers are the files goiso-report --csv writes, and
 * each comes out alone as a download. */
TEST(reportq_tables_are_the_reports_csv_files)
{
	char path[600], err[300];
	struct config *cfg = day_config();
	setenv("TMPDIR", test_tmpdir(), 1);   /* where the report's files pass */
	snprintf(path, sizeof path, "%s/events.db", test_tmpdir());
	REQUIRE(cfg && reportday_write(path) == 0);
	struct report_filter f = { .from = REPORTDAY, .to = REPORTDAY };
	char *data = NULL;
	size_t len = 0;
	for (int i = 0; i < REPORTQ_TABLES; i++) {
		CHECK_INT_EQ(reportdoc_make(REPORTDOC_CSV, reportq_tables[i].id, path, cfg, &f, &data, &len, err, sizeof err), 0);
		CHECK(data && len > 3 && !memcmp(data, "\xEF\xBB\xBF", 3));
		free(data);
	}
	CHECK_INT_EQ(reportdoc_make(REPORTDOC_CSV, "can-bo", path, cfg, &f, &data, &len, err, sizeof err), 0);
	REQUIRE(data);
	CHECK(memmem(data, len, "An,", 3) != NULL);
	free(data);
	CHECK_INT_EQ(reportdoc_make(REPORTDOC_CSV, "../events", path, cfg, &f, &data, &len, err, sizeof err), -1);
	CHECK_INT_EQ(reportdoc_make(REPORTDOC_CSV, "khong-co", path, cfg, &f, &data, &len, err, sizeof err), -1);
	CHECK_INT_EQ(reportdoc_make(REPORTDOC_XLSX, NULL, path, cfg, &f, &data, &len, err, sizeof err), 0);
	CHECK(data && len > 4 && !memcmp(data, "PK", 2));
	free(data);
	/* nothing is left behind in the temporary folder */
	DIR *d = opendir(test_tmpdir());
	struct dirent *e;
	int left = 0;
	while (d && (e = readdir(d)))
		if (!strncmp(e->d_name, "goiso-web.", 10)) left++;
	if (d) closedir(d);
	CHECK_INT_EQ(left, 0);
	config_free(cfg);
}
