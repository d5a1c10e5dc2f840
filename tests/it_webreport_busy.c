/*
 * The director's report beside the hall: a long report is built off the
 * gateway's loop, so the board's event stream and a citizen's ticket page
 * answer at once while it is made; a second report meanwhile is politely
 * put off; a failure of the report library is said in Vietnamese on the
 * page, its English detail (server paths) only in the log.
 */
#include "test.h"

#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "gateway.h"
#include "report/period.h"
#include "yeargen.h"

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

/* Logs in; "Cookie: goiso_s=...\r\n" goes to hdr. */
static int login_header(const struct gateway *g, char *hdr, size_t n)
{
	char out[8192];
	int st = http_request(g->addr, "POST", "/report/login", "", "password=mat-khau-tot-2026", out, sizeof out);
	const char *c = strstr(out, "Set-Cookie: goiso_s=");
	snprintf(hdr, n, "Cookie: %.*s\r\n", c ? (int)strcspn(c + 12, ";") : 0, c ? c + 12 : "");
	return st;
}

/* A request sent and left unanswered for now: its socket, or -1. */
static int send_only(const char *addr, const char *path, const char *hdr)
{
	char req[1024];
	int fd = daemon_dial(addr);
	if (fd < 0) return -1;
	int len = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n%s\r\n", path, addr, hdr);
	if (send(fd, req, (size_t)len, MSG_NOSIGNAL) != len) { close(fd); return -1; }
	return fd;
}

/* The whole answer on fd (within 120 s), its first n - 1 bytes into out;
 * its status, or -1. */
static int read_all(int fd, char *out, size_t n)
{
	char scrap[65536];
	size_t got = 0;
	int status = -1;
	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, 120000) <= 0) break;
		ssize_t r = got < n - 1 ? recv(fd, out + got, n - 1 - got, 0) : recv(fd, scrap, sizeof scrap, 0);
		if (r <= 0) break;
		if (got < n - 1) got += (size_t)r;
	}
	out[got] = 0;
	close(fd);
	if (sscanf(out, "HTTP/1.%*d %d", &status) != 1) status = -1;
	return status;
}

TEST_TIMEOUT(it_web_report_built_while_the_board_moves, 600)
{
	struct daemon d;
	struct gateway g;
	char dir[600], log[700], out[1 << 16], hdr[300], err[256];
	static char body[1 << 16];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(mkdir(dir, 0700) == 0);
	/* the year 2025 of a busy center, then the display on it */
	snprintf(log, sizeof log, "%s/events.db", dir);
	struct yeargen_opts o = { .first_day = period_day_from_ymd(2025, 1, 2), .days = 250, .tickets = 600, .seed = 7 };
	int64_t t0 = clock_mono_ms();
	long events = yeargen_write(log, &o, err, sizeof err);
	REQUIRE(events > 0);
	fprintf(stderr, "  a year of %ld events written in %lld ms\n", events, (long long)(clock_mono_ms() - t0));
	static const char *const new_keys[] = { "--new-keys", NULL };   /* a log with no keys yet */
	REQUIRE(daemon_start(&d, dir, new_keys) == 0);
	REQUIRE(gateway_start(&g, &d, NULL) == 0);
	REQUIRE(set_password(&d, "mat-khau-tot-2026") == 0);
	REQUIRE(login_header(&g, hdr, sizeof hdr) == 303);

	/* the year's report asked for; meanwhile the board and a ticket page */
	t0 = clock_mono_ms();
	int fd = send_only(g.addr, "/report/xlsx?period=year&date=2025-06-01", hdr);
	REQUIRE(fd >= 0);
	sleep_ms(50);
	int64_t t1 = clock_mono_ms();
	CHECK(sse_first(g.addr, "/events", out, sizeof out) == 0);
	int64_t board_ms = clock_mono_ms() - t1;
	t1 = clock_mono_ms();
	CHECK_INT_EQ(http_request(g.addr, "GET", "/t/ABCDEFGHIJKLMNOPQRSTUV", "", NULL, out, sizeof out), 200);
	int64_t ticket_ms = clock_mono_ms() - t1;
	/* a second report meanwhile: put off, politely */
	t1 = clock_mono_ms();
	int busy = http_request(g.addr, "GET", "/report/view?period=year&date=2025-06-01", hdr, NULL, out, sizeof out);
	int64_t busy_ms = clock_mono_ms() - t1;
	CHECK_INT_EQ(busy, 503);
	CHECK(strstr(out, "Đang lập báo cáo khác, xin thử lại sau ít giây") != NULL);
	CHECK(strstr(out, "Retry-After: ") != NULL);
	CHECK_INT_EQ(read_all(fd, body, sizeof body), 200);
	int64_t report_ms = clock_mono_ms() - t0;
	CHECK(strstr(body, "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n") != NULL);
	CHECK(strstr(body, "\r\n\r\nPK") != NULL);
	fprintf(stderr, "  the year's report (%ld events) in %lld ms; meanwhile the board's stream answered in %lld ms, "
	        "a ticket page in %lld ms, a second report in %lld ms\n", events, (long long)report_ms,
	        (long long)board_ms, (long long)ticket_ms, (long long)busy_ms);
	CHECK(report_ms > 200);   /* else this test shows nothing */
	CHECK(board_ms < 100);
	CHECK(ticket_ms < 100);
	CHECK(busy_ms < 100);
	/* done: the next one is made */
	CHECK_INT_EQ(http_request(g.addr, "GET", "/report/csv?period=month&date=2025-03-01&table=can-bo", hdr, NULL,
	                          out, sizeof out), 200);
	/* stopping while a report is made: a clean exit */
	fd = send_only(g.addr, "/report/xlsx?period=year&date=2025-06-01", hdr);
	sleep_ms(100);
	CHECK_INT_EQ(gateway_kill(&g, SIGTERM), 0);
	if (fd >= 0) close(fd);
	daemon_stop(&d);
}

/* The report library failed (here: no room for its files): the director
 * reads Vietnamese, with no server path; the log keeps the detail. */
TEST_TIMEOUT(it_web_report_failure_said_in_vietnamese, 180)
{
	struct daemon d;
	struct gateway g;
	char dir[600], tmp[700], out[16384], hdr[300];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	snprintf(tmp, sizeof tmp, "%s/no-such-folder", test_tmpdir());
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	const char *was = getenv("TMPDIR");
	char keep[600];
	snprintf(keep, sizeof keep, "%s", was ? was : "");
	setenv("TMPDIR", tmp, 1);
	int started = gateway_start(&g, &d, NULL);
	if (*keep) setenv("TMPDIR", keep, 1); else unsetenv("TMPDIR");
	REQUIRE(started == 0);
	REQUIRE(set_password(&d, "mat-khau-tot-2026") == 0);
	REQUIRE(login_header(&g, hdr, sizeof hdr) == 303);
	CHECK_INT_EQ(http_request(g.addr, "GET", "/report/xlsx?period=day", hdr, NULL, out, sizeof out), 500);
	CHECK(strstr(out, "Máy chủ không lập được báo cáo") != NULL);
	CHECK(strstr(out, "no-such-folder") == NULL);
	CHECK(strstr(out, "No such file") == NULL);
	CHECK(strstr(out, "id=\"back\"") != NULL);
	CHECK(gateway_log_wait(&g, "no-such-folder", 1, 2000) == 1);
	/* a mistake in the form is still said as it is */
	CHECK_INT_EQ(http_request(g.addr, "GET", "/report/xlsx?period=day&service=Z", hdr, NULL, out, sizeof out), 400);
	CHECK(strstr(out, "Trung tâm không có lĩnh vực") != NULL);
	/* a table name cut on a character, not inside one */
	CHECK_INT_EQ(http_request(g.addr, "GET", "/report/csv?period=day&table=x%C3%A1%C3%A1%C3%A1%C3%A1%C3%A1"
	                          "%C3%A1%C3%A1%C3%A1%C3%A1%C3%A1", hdr, NULL, out, sizeof out), 400);
	CHECK(strstr(out, "Không có bảng &quot;xááááááááá&quot; trong báo cáo.") != NULL);
	CHECK_INT_EQ(gateway_kill(&g, SIGTERM), 0);
	daemon_stop(&d);
}
