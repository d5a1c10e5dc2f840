/*
 * The director's report through the web gateway: the password set on the
 * display PC, the login in Chromium, the session cookie, logout, and the
 * lock after repeated wrong passwords.
 */
#include "test.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "gateway.h"

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static int set_password(const struct daemon *d, const char *pw)
{
	char cmd[1600];
	snprintf(cmd, sizeof cmd, "printf '%%s\\n' '%s' | %s password --data %s >/dev/null 2>&1", pw,
	         daemon_bin("goiso-web"), d->data);
	return system(cmd);
}

/* POSTs the login form; the session cookie (if any) goes to cookie. */
static int login(const struct gateway *g, const char *pw, char *cookie, size_t n)
{
	char body[300], out[8192];
	snprintf(body, sizeof body, "password=%s", pw);
	int st = http_request(g->addr, "POST", "/report/login", "", body, out, sizeof out);
	const char *c = strstr(out, "Set-Cookie: goiso_s=");
	if (cookie) snprintf(cookie, n, "%.*s", c ? (int)strcspn(c + 12, ";") : 0, c ? c + 12 : "");
	return st;
}

TEST_TIMEOUT(it_web_report_behind_its_login, 180)
{
	struct daemon d;
	struct gateway g;
	char dir[600], out[16384], cookie[200], hdr[300], path[700], shot[700];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	REQUIRE(gateway_start(&g, &d, NULL) == 0);
	/* a little of a day for the report to tell */
	struct client *admin = daemon_client(&d, "admin", 0);
	struct proto_msg m;
	REQUIRE(admin != NULL);
	static const char *const day[] = { "LOGIN counter=1 officer=\"Nguyễn Văn An\"", "ISSUE service=A",
	                                   "ISSUE service=A", "ISSUE service=B", "NEXT counter=1",
	                                   "NEXT counter=1", "DONE counter=1", NULL };
	for (int i = 0; day[i]; i++) {
		REQUIRE(daemon_call(admin, day[i], &m) == 0);
		CHECK_STR_EQ(m.word, "OK");
	}
	client_close(admin);
	/* no password yet: nobody gets in, and the page says what to do */
	CHECK_INT_EQ(login(&g, "anything", NULL, 0), 503);
	CHECK(set_password(&d, "ngắn") != 0);   /* too short: refused */
	REQUIRE(set_password(&d, "mat-khau-tot-2026") == 0);
	struct stat st;
	snprintf(path, sizeof path, "%s/web.passwd", d.data);
	REQUIRE(stat(path, &st) == 0);
	CHECK_INT_EQ(st.st_mode & 0777, 0600);
	FILE *f = fopen(path, "r");
	REQUIRE(f && fgets(out, sizeof out, f));
	fclose(f);
	CHECK(strncmp(out, "$argon2id$", 10) == 0);
	CHECK(strstr(out, "mat-khau") == NULL);

	/* in the browser: the form, a wrong password, the right one */
	struct browser *b = browser_new();
	REQUIRE(b != NULL);
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/report 1280 800", g.addr) == 0);
	CHECK(browser_cmd(b, NULL, 0, "wait document.getElementById('pw') !== null 5000") == 0);
	snprintf(shot, sizeof shot, "%s/web-report-login.png", shots_dir());
	CHECK(browser_cmd(b, NULL, 0, "shot %s", shot) == 0);
	CHECK(browser_cmd(b, NULL, 0, "eval document.getElementById('pw').value = 'sai-roi'; "
	                  "document.querySelector('form').submit()") == 0);
	CHECK(browser_cmd(b, NULL, 0, "wait document.body.textContent.includes('Sai mật khẩu.') 5000") == 0);
	sleep_ms(600);   /* two checks a second in all */
	CHECK(browser_cmd(b, NULL, 0, "eval document.getElementById('pw').value = 'mat-khau-tot-2026'; "
	                  "document.querySelector('form').submit()") == 0);
	CHECK(browser_cmd(b, NULL, 0, "wait document.body.textContent.includes('Tháng này') 5000") == 0);
	CHECK(browser_cmd(b, out, sizeof out, "eval document.cookie") == 0);
	CHECK_STR_EQ(out, "\"\"");   /* HttpOnly: no script can read the session */
	snprintf(shot, sizeof shot, "%s/web-report-menu.png", shots_dir());
	CHECK(browser_cmd(b, NULL, 0, "shot %s", shot) == 0);
	CHECK(browser_cmd(b, NULL, 0, "eval document.querySelector('a[href=\"/report/view?period=day\"]').click()") == 0);
	CHECK(browser_cmd(b, NULL, 0, "wait location.pathname === '/report/view' && document.readyState === 'complete' 5000") == 0);
	/* today's report: its title, the officer who served, no script on it */
	CHECK(browser_cmd(b, out, sizeof out, "wait document.querySelector('h1') && "
	                  "document.querySelector('h1').textContent 5000") == 0);
	CHECK_STR_EQ(out, "\"Báo cáo hoạt động tiếp nhận hồ sơ\"");
	CHECK(browser_cmd(b, out, sizeof out, "eval document.body.textContent.includes('Nguyễn Văn An')") == 0);
	CHECK_STR_EQ(out, "true");
	CHECK(browser_cmd(b, out, sizeof out, "eval document.getElementById('empty') === null && "
	                  "document.scripts.length === 0") == 0);
	CHECK_STR_EQ(out, "true");
	snprintf(shot, sizeof shot, "%s/web-report-day.png", shots_dir());
	CHECK(browser_cmd(b, NULL, 0, "shot %s", shot) == 0);
	browser_free(b);

	/* another period by date; a bad period or date is said, not a crash */
	sleep_ms(1000);
	CHECK_INT_EQ(login(&g, "mat-khau-tot-2026", cookie, sizeof cookie), 303);
	snprintf(hdr, sizeof hdr, "Cookie: %s\r\n", cookie);
	CHECK_INT_EQ(http_request(g.addr, "GET", "/report/view?period=month&date=2020-02-10", hdr, NULL, out, sizeof out), 200);
	CHECK(strstr(out, "<title>Báo cáo tháng 02/2020</title>") != NULL);
	CHECK(strstr(out, "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'") != NULL);
	CHECK_INT_EQ(http_request(g.addr, "GET", "/report/view?period=century", hdr, NULL, out, sizeof out), 400);
	CHECK(strstr(out, "Kỳ báo cáo không hợp lệ") != NULL);
	CHECK_INT_EQ(http_request(g.addr, "GET", "/report/view?period=day&date=31-31-2026", hdr, NULL, out, sizeof out), 400);
	/* without the cookie, or with a made-up one: the login form again */
	CHECK_INT_EQ(http_request(g.addr, "GET", "/report/view?period=day", "", NULL, out, sizeof out), 401);
	CHECK(strstr(out, "name=\"password\"") != NULL);
	CHECK_INT_EQ(http_request(g.addr, "GET", "/report/view", "Cookie: goiso_s=00000000000000000000"
	                          "00000000000000000000000000000000000000000000\r\n", NULL, out, sizeof out), 401);
	/* the session by plain HTTP; logout ends it */
	CHECK(strlen(cookie) == 8 + 64);
	CHECK_INT_EQ(http_request(g.addr, "GET", "/report", hdr, NULL, out, sizeof out), 200);
	CHECK(strstr(out, "Đăng xuất") != NULL);
	CHECK(strstr(out, "Content-Security-Policy: default-src 'none'") != NULL);
	CHECK_INT_EQ(http_request(g.addr, "POST", "/report/logout", hdr, "", out, sizeof out), 303);
	CHECK_INT_EQ(http_request(g.addr, "GET", "/report/view?period=day", hdr, NULL, out, sizeof out), 401);

	/* guessing: five wrong passwords lock this address, even for the right one */
	int last = 0;
	for (int i = 0; i < 5; i++) {
		sleep_ms(600);
		last = login(&g, "doan-mo", NULL, 0);
		CHECK(last == 401 || (i == 4 && last == 429));
	}
	CHECK_INT_EQ(last, 429);
	sleep_ms(600);
	CHECK_INT_EQ(login(&g, "mat-khau-tot-2026", cookie, sizeof cookie), 429);
	CHECK_STR_EQ(cookie, "");
	CHECK_INT_EQ(gateway_kill(&g, SIGTERM), 0);
	daemon_stop(&d);
}

/* The director's way through the report pages: asked to log in (not told
 * a session ended) on a first visit, taken after login to the report
 * asked for, a range of days and the filters in the form, a way back and
 * out from the report and from a mistake, and the same report as XLSX
 * and CSV downloads. */
TEST_TIMEOUT(it_web_report_form_filters_downloads_and_way_back, 180)
{
	struct daemon d;
	struct gateway g;
	char dir[600], out[16384], cookie[200], hdr[300], shot[700];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	REQUIRE(gateway_start(&g, &d, NULL) == 0);
	struct client *admin = daemon_client(&d, "admin", 0);
	struct proto_msg m;
	REQUIRE(admin != NULL);
	static const char *const day[] = { "LOGIN counter=1 officer=\"Nguyễn Văn An\"", "ISSUE service=A",
	                                   "ISSUE service=B", "NEXT counter=1", "DONE counter=1", NULL };
	for (int i = 0; day[i]; i++) {
		REQUIRE(daemon_call(admin, day[i], &m) == 0);
		CHECK_STR_EQ(m.word, "OK");
	}
	client_close(admin);
	REQUIRE(set_password(&d, "mat-khau-tot-2026") == 0);

	/* a first visit, no cookie: "Xin đăng nhập", and the page asked for kept */
	CHECK_INT_EQ(http_request(g.addr, "GET", "/report/view?period=month&service=A", "", NULL, out, sizeof out), 401);
	CHECK(strstr(out, "Xin đăng nhập") != NULL);
	CHECK(strstr(out, "Phiên làm việc đã hết") == NULL);
	CHECK(strstr(out, "name=\"next\" value=\"/report/view?period=month&amp;service=A\"") != NULL);
	/* a cookie the gateway no longer knows: that session is over */
	CHECK_INT_EQ(http_request(g.addr, "GET", "/report/view", "Cookie: goiso_s=00000000000000000000"
	                          "00000000000000000000000000000000000000000000\r\n", NULL, out, sizeof out), 401);
	CHECK(strstr(out, "Phiên làm việc đã hết") != NULL);

	struct browser *b = browser_new();
	REQUIRE(b != NULL);
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/report/view?period=month&service=A 1400 1000", g.addr) == 0);
	CHECK(browser_cmd(b, out, sizeof out, "eval document.body.textContent.includes('Xin đăng nhập') && "
	                  "!document.body.textContent.includes('Phiên')") == 0);
	CHECK_STR_EQ(out, "true");
	CHECK(browser_cmd(b, NULL, 0, "eval document.getElementById('pw').value = 'mat-khau-tot-2026'; "
	                  "document.querySelector('form').submit()") == 0);
	/* logged in: the month's report of service A, not the menu (the login
	 * page was served at the same address: wait for the report's own bar) */
	CHECK(browser_cmd(b, out, sizeof out, "wait location.pathname === '/report/view' && document.readyState === 'complete' "
	                  "&& document.getElementById('back') && location.search 5000") == 0);
	CHECK_STR_EQ(out, "\"?period=month&service=A\"");
	CHECK(browser_cmd(b, out, sizeof out, "eval document.body.textContent.includes('Lọc theo: lĩnh vực A')") == 0);
	CHECK_STR_EQ(out, "true");
	CHECK(browser_cmd(b, out, sizeof out, "eval [document.getElementById('back').textContent, "
	                  "document.getElementById('logout').textContent, document.querySelectorAll('a.csv').length, "
	                  "document.getElementById('xlsx').getAttribute('href')].join('|')") == 0);
	CHECK_STR_EQ(out, "\"← Chọn kỳ báo cáo khác|Đăng xuất|8|/report/xlsx?period=month&service=A\"");
	snprintf(shot, sizeof shot, "%s/web-report-view.png", shots_dir());
	CHECK(browser_cmd(b, NULL, 0, "shot %s", shot) == 0);
	/* back to the form, filled as the report was */
	CHECK(browser_cmd(b, NULL, 0, "eval document.getElementById('back').click()") == 0);
	CHECK(browser_cmd(b, out, sizeof out, "wait location.pathname === '/report' && document.getElementById('s') && "
	                  "document.getElementById('p').value + '|' + document.getElementById('s').value 5000") == 0);
	CHECK_STR_EQ(out, "\"month|A\"");
	/* a range of days, counter 1, the officer: the report says so */
	CHECK(browser_cmd(b, NULL, 0, "eval document.getElementById('p').value = 'range'; "
	                  "document.getElementById('from').value = '2026-01-01'; "
	                  "document.getElementById('to').value = '2099-12-31'; "
	                  "document.getElementById('s').value = ''; document.getElementById('c').value = '1'; "
	                  "document.getElementById('o').value = 'Nguyễn Văn An'") == 0);
	CHECK(browser_cmd(b, out, sizeof out, "eval getComputedStyle(document.querySelector('.one')).display + '|' + "
	                  "getComputedStyle(document.querySelector('.range')).display") == 0);
	CHECK_STR_EQ(out, "\"none|flex\"");
	snprintf(shot, sizeof shot, "%s/web-report-form.png", shots_dir());
	CHECK(browser_cmd(b, NULL, 0, "shot %s", shot) == 0);
	CHECK(browser_cmd(b, NULL, 0, "eval document.getElementById('view').click()") == 0);
	CHECK(browser_cmd(b, out, sizeof out, "wait location.pathname === '/report/view' && document.readyState === 'complete' "
	                  "&& document.querySelector('h1') && document.body.textContent.includes('Lọc theo: quầy 1, cán bộ Nguyễn Văn An') 5000") == 0);
	CHECK_STR_EQ(out, "true");
	CHECK(browser_cmd(b, out, sizeof out, "eval document.body.textContent.includes('từ 01/01/2026 đến 31/12/2099')") == 0);
	CHECK_STR_EQ(out, "true");
	/* a mistake: said, with the way back to the form as it was */
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/report/view?period=range&from=2026-12-05&to=2026-12-01 1400 1000", g.addr) == 0);
	CHECK(browser_cmd(b, out, sizeof out, "eval document.body.textContent.includes('trước ngày bắt đầu') && "
	                  "document.getElementById('back').getAttribute('href')") == 0);
	CHECK_STR_EQ(out, "\"/report?period=range&from=2026-12-05&to=2026-12-01\"");
	CHECK(browser_cmd(b, NULL, 0, "eval document.getElementById('back').click()") == 0);
	CHECK(browser_cmd(b, out, sizeof out, "wait document.getElementById('from') && "
	                  "document.getElementById('from').value 5000") == 0);
	CHECK_STR_EQ(out, "\"2026-12-05\"");
	/* logout from the report ends the session */
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/report/view?period=day 1400 1000", g.addr) == 0);
	CHECK(browser_cmd(b, NULL, 0, "eval document.getElementById('logout').click()") == 0);
	CHECK(browser_cmd(b, NULL, 0, "wait document.getElementById('pw') !== null 5000") == 0);
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/report/view?period=day 1400 1000", g.addr) == 0);
	CHECK(browser_cmd(b, out, sizeof out, "eval document.getElementById('pw') !== null") == 0);
	CHECK_STR_EQ(out, "true");
	browser_free(b);

	/* downloads of the same report: names, types, contents */
	sleep_ms(600);
	CHECK_INT_EQ(login(&g, "mat-khau-tot-2026", cookie, sizeof cookie), 303);
	snprintf(hdr, sizeof hdr, "Cookie: %s\r\n", cookie);
	CHECK_INT_EQ(http_request(g.addr, "GET", "/report/xlsx?period=range&from=2026-11-01&to=2026-11-30&service=A",
	                          hdr, NULL, out, sizeof out), 200);
	CHECK(strstr(out, "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n") != NULL);
	CHECK(strstr(out, "Content-Disposition: attachment; filename=\"bao-cao-2026-11-01-den-2026-11-30-linh-vuc-A.xlsx\"") != NULL);
	CHECK(strstr(out, "\r\n\r\nPK") != NULL);
	CHECK_INT_EQ(http_request(g.addr, "GET", "/report/csv?period=day&counter=1&table=can-bo", hdr, NULL, out, sizeof out), 200);
	CHECK(strstr(out, "Content-Type: text/csv; charset=utf-8\r\n") != NULL);
	CHECK(strstr(out, "-quay-1-can-bo.csv\"\r\n") != NULL);
	CHECK(strstr(out, "\r\n\r\n\xEF\xBB\xBF" "Cán bộ,") != NULL);
	CHECK(strstr(out, "\r\nNguyễn Văn An,1,") != NULL);
	CHECK_INT_EQ(http_request(g.addr, "GET", "/report/csv?period=day&table=../events", hdr, NULL, out, sizeof out), 400);
	CHECK(strstr(out, "id=\"back\"") != NULL);
	CHECK_INT_EQ(http_request(g.addr, "GET", "/report/xlsx?period=day&service=Z", hdr, NULL, out, sizeof out), 400);
	CHECK(strstr(out, "Trung tâm không có lĩnh vực") != NULL);
	/* after login, never to another site */
	static const char *const away[] = { "https%3A%2F%2Fevil.example%2Freport", "%2F%2Fevil.example%2Freport",
	                                    "%2Freport.evil.example", NULL };
	for (int i = 0; away[i]; i++) {
		char body[300];
		sleep_ms(600);
		snprintf(body, sizeof body, "password=mat-khau-tot-2026&next=%s", away[i]);
		CHECK_INT_EQ(http_request(g.addr, "POST", "/report/login", "", body, out, sizeof out), 303);
		CHECK(strstr(out, "Location: /report\r\n") != NULL);
	}
	CHECK_INT_EQ(gateway_kill(&g, SIGTERM), 0);
	daemon_stop(&d);
}
