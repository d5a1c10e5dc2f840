/*
 * Integration tests of the web gateway in a real headless Chromium: the
 * live board (landscape, portrait, a zone), a citizen's ticket from issue
 * to call, what a bad client gets, and what they show while the display
 * refuses the gateway's key. Screenshots are saved (to
 * $GOISO_SHOTS when set) to be looked at.
 */
#include "test.h"

#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include "auth.h"
#include "gateway.h"

static int start_all(struct daemon *d, struct gateway *g, const char *const *web_args)
{
	char dir[600];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	if (daemon_start(d, dir, NULL)) return -1;
	if (gateway_start(g, d, web_args)) { daemon_stop(d); return -1; }
	return 0;
}

static void stop_all(struct daemon *d, struct gateway *g)
{
	CHECK_INT_EQ(gateway_kill(g, SIGTERM), 0);   /* a clean exit: no leak, no crash */
	daemon_stop(d);
}

/* "ok" answers are JSON: a string comes quoted. */
static bool js_is(struct browser *b, const char *js, const char *want)
{
	char out[4096];
	if (browser_cmd(b, out, sizeof out, "wait (%s) === %s 10000", js, want)) {
		browser_cmd(b, out, sizeof out, "eval %s", js);
		fprintf(stderr, "  %s is %s, expected %s\n", js, out, want);
		return false;
	}
	return true;
}

static void call(struct client *c, const char *body, const char *want_ticket)
{
	struct proto_msg m;
	REQUIRE(daemon_call(c, body, &m) == 0);
	CHECK_STR_EQ(m.word, "OK");
	if (want_ticket) CHECK_STR_EQ(proto_get(&m, "ticket"), want_ticket);
}

TEST_TIMEOUT(it_web_board_follows_the_wall, 180)
{
	struct daemon d;
	struct gateway g;
	char out[4096];
	REQUIRE(start_all(&d, &g, NULL) == 0);
	struct client *admin = daemon_client(&d, "admin", 0);
	REQUIRE(admin != NULL);
	for (int i = 0; i < 5; i++) call(admin, "ISSUE service=A", NULL);
	call(admin, "ISSUE service=B priority=elderly", NULL);
	for (int i = 0; i < 3; i++) call(admin, "ISSUE service=D", NULL);
	call(admin, "LOGIN counter=1 officer=\"Nguyễn Văn An\"", NULL);
	call(admin, "LOGIN counter=3 officer=\"Trần Thị Bình\"", NULL);
	call(admin, "LOGIN counter=4 officer=\"Lê Văn Cường\"", NULL);
	call(admin, "NEXT counter=1", "A001");
	struct browser *b = browser_new();
	REQUIRE(b != NULL);
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/ 1920 1080", g.addr) == 0);
	/* what was on the wall before the page opened */
	CHECK(js_is(b, "document.getElementById('calltext').textContent", "'Số A001 → Quầy 1'"));
	CHECK(js_is(b, "document.querySelector('[data-counter=\"1\"] .num').textContent", "'A001'"));
	/* a call while the page is open: the banner, the tile, the last calls */
	call(admin, "NEXT counter=3", "B001");
	CHECK(js_is(b, "document.getElementById('calltext').textContent", "'Số B001 → Quầy 3'"));
	CHECK(js_is(b, "document.getElementById('caption').textContent", "'XIN MỜI CÔNG DÂN CÓ SỐ  ·  ƯU TIÊN'"));
	CHECK(js_is(b, "document.querySelector('#recent li .t').textContent", "'B001'"));
	CHECK(js_is(b, "document.querySelectorAll('#recent li').length", "2"));
	CHECK(js_is(b, "document.querySelector('[data-counter=\"3\"] .state').textContent", "'Đang phục vụ'"));
	call(admin, "NEXT counter=4", "D001");
	call(admin, "PAUSE counter=1 reason=\"họp giao ban\"", NULL);
	CHECK(js_is(b, "document.querySelector('[data-counter=\"1\"] .state').textContent", "'Tạm nghỉ: họp giao ban'"));
	CHECK(js_is(b, "document.querySelector('#waiting li .w').textContent", "'4'"));
	/* officer names are not on the wall, so not on the public page */
	browser_cmd(b, out, sizeof out, "eval document.body.textContent.indexOf('Nguyễn') < 0");
	CHECK_STR_EQ(out, "true");
	char shot[700];
	snprintf(shot, sizeof shot, "%s/web-board-landscape.png", shots_dir());
	CHECK(browser_cmd(b, NULL, 0, "shot %s", shot) == 0);
	/* portrait TV */
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/ 1080 1920", g.addr) == 0);
	CHECK(js_is(b, "document.getElementById('calltext').textContent", "'Số D001 → Quầy 4'"));
	snprintf(shot, sizeof shot, "%s/web-board-portrait.png", shots_dir());
	CHECK(browser_cmd(b, NULL, 0, "shot %s", shot) == 0);
	/* a zone: counters 1-3 only; its newest call is B001 at 3, not D001 at 4 */
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/?counters=1-3 1920 1080", g.addr) == 0);
	CHECK(js_is(b, "document.querySelectorAll('.tile').length", "3"));
	CHECK(js_is(b, "document.getElementById('calltext').textContent", "'Số B001 → Quầy 3'"));
	CHECK(js_is(b, "document.querySelectorAll('#recent li').length", "2"));
	snprintf(shot, sizeof shot, "%s/web-board-zone.png", shots_dir());
	CHECK(browser_cmd(b, NULL, 0, "shot %s", shot) == 0);
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/?services=D 1920 1080", g.addr) == 0);
	CHECK(js_is(b, "document.querySelectorAll('.tile').length", "2"));   /* counters 4 and 6 serve D */
	CHECK(js_is(b, "document.querySelectorAll('#waiting li').length", "1"));
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/?counters=x 1920 1080", g.addr) == 0);
	CHECK(js_is(b, "document.getElementById('status').textContent", "'Bộ lọc không hợp lệ: counters=x'"));
	/* the page's sound after one click: the call's announcement is fetched and plays */
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/ 1920 1080", g.addr) == 0);
	CHECK(js_is(b, "document.getElementById('calltext').textContent", "'Số D001 → Quầy 4'"));
	CHECK(browser_cmd(b, NULL, 0, "eval document.getElementById('sound').click()") == 0);
	call(admin, "NEXT counter=4", "D002");
	CHECK(js_is(b, "performance.getEntriesByType('resource').some(e => e.name.endsWith('/sound/D002-4.wav'))", "true"));
	CHECK(http_request(g.addr, "GET", "/sound/D002-4.wav", "", NULL, out, sizeof out) == 200);
	CHECK(strstr(out, "Content-Type: audio/wav") != NULL);
	/* a call the wall never made is no sound file */
	CHECK(http_request(g.addr, "GET", "/sound/A999-6.wav", "", NULL, out, sizeof out) == 404);
	/* the display goes away: the page says so; it comes back: the page follows */
	daemon_kill(&d, SIGKILL);
	CHECK(js_is(b, "document.getElementById('status').textContent", "'Mất kết nối với máy hiển thị'"));
	REQUIRE(daemon_start(&d, d.data, NULL) == 0);
	client_close(admin);
	/* the gateway was given the old port: a new gateway for the new display */
	gateway_kill(&g, SIGTERM);
	REQUIRE(gateway_start(&g, &d, NULL) == 0);
	admin = daemon_client(&d, "admin", 0);
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/ 1920 1080", g.addr) == 0);
	CHECK(js_is(b, "document.getElementById('calltext').textContent", "'Số D002 → Quầy 4'"));
	call(admin, "ISSUE service=B", "B002");
	call(admin, "NEXT counter=3", "B002");
	CHECK(js_is(b, "document.getElementById('calltext').textContent", "'Số B002 → Quầy 3'"));
	CHECK(js_is(b, "document.getElementById('status').textContent", "''"));
	browser_free(b);
	client_close(admin);
	stop_all(&d, &g);
}

TEST_TIMEOUT(it_web_ticket_from_issue_to_call, 120)
{
	struct daemon d;
	struct gateway g;
	struct proto_msg m;
	char out[8192], token[40], shot[700];
	REQUIRE(start_all(&d, &g, NULL) == 0);
	struct client *kiosk = daemon_client(&d, "kiosk", 0), *c1 = daemon_client(&d, "counter", 1);
	REQUIRE(kiosk && c1);
	call(kiosk, "ISSUE service=A", "A001");
	call(kiosk, "ISSUE service=A", "A002");
	REQUIRE(daemon_call(kiosk, "ISSUE service=A", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "ticket"), "A003");
	REQUIRE(proto_get(&m, "token"));
	snprintf(token, sizeof token, "%s", proto_get(&m, "token"));
	call(c1, "LOGIN officer=An", NULL);
	struct browser *b = browser_new();
	REQUIRE(b != NULL);
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/t/%s 390 844", g.addr, token) == 0);
	CHECK(js_is(b, "document.getElementById('number').textContent", "'A003'"));
	CHECK(js_is(b, "document.getElementById('ahead').textContent", "'Trước ông/bà còn 2 người'"));
	/* nobody served yet today: no figure invented (the kiosk and the
	 * printed ticket say the same) */
	CHECK(js_is(b, "document.getElementById('wait').textContent", "'Thời gian chờ: chưa đủ dữ liệu'"));
	CHECK(js_is(b, "document.getElementById('service').textContent", "'Tư pháp - Hộ tịch'"));
	snprintf(shot, sizeof shot, "%s/web-ticket-waiting.png", shots_dir());
	CHECK(browser_cmd(b, NULL, 0, "shot %s", shot) == 0);
	/* the citizen allows the alert; the phone's vibration is recorded */
	CHECK(browser_cmd(b, NULL, 0, "eval window.__v = []; navigator.vibrate = function (p) { "
	                  "window.__v.push(JSON.stringify(p)); return true; }; "
	                  "document.getElementById('alert').click()") == 0);
	call(c1, "NEXT", "A001");
	CHECK(js_is(b, "document.getElementById('ahead').textContent", "'Trước ông/bà còn 1 người'"));
	call(c1, "NEXT", "A002");
	CHECK(js_is(b, "document.getElementById('ahead').textContent", "'Không có ai trước ông/bà'"));
	call(c1, "NEXT", "A003");
	CHECK(js_is(b, "document.getElementById('counter').textContent", "'QUẦY 1'"));
	CHECK(js_is(b, "document.getElementById('called').hidden", "false"));
	CHECK(js_is(b, "window.__v.indexOf('[400,200,400,200,800]') >= 0", "true"));
	CHECK(js_is(b, "performance.getEntriesByType('resource').some(e => e.name.endsWith('/sound/A003-1.wav'))", "true"));
	/* called again (the citizen did not come): the phone rings again
	 * (the records: the button's short buzz, the call, the recall) */
	CHECK(js_is(b, "window.__v.length", "2"));
	call(c1, "RECALL", "A003");
	CHECK(js_is(b, "window.__v.length", "3"));
	snprintf(shot, sizeof shot, "%s/web-ticket-called.png", shots_dir());
	CHECK(browser_cmd(b, NULL, 0, "shot %s", shot) == 0);
	call(c1, "DONE", NULL);
	CHECK(js_is(b, "document.getElementById('state').textContent", "'Đã phục vụ xong. Cảm ơn ông/bà!'"));
	/* another ticket's page is not reachable from this one: a near token is unknown */
	char other[40];
	snprintf(other, sizeof other, "%s", token);
	other[0] = other[0] == 'A' ? 'B' : 'A';
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/t/%s 390 844", g.addr, other) == 0);
	CHECK(js_is(b, "document.getElementById('state').textContent.indexOf('Không tìm thấy vé này') === 0", "true"));
	/* the ticket page never sends its address elsewhere, nor loads anything foreign */
	CHECK(http_request(g.addr, "GET", "/", "", NULL, out, sizeof out) == 200);
	CHECK(strstr(out, "Referrer-Policy: no-referrer") != NULL);
	CHECK(strstr(out, "Content-Security-Policy: default-src 'none'; script-src 'self'") != NULL);
	browser_free(b);
	client_close(kiosk);
	client_close(c1);
	stop_all(&d, &g);
}

/* The citizen's page speaks as the ticket and the kiosk do (ông/bà, vé,
 * máy lấy số), sends a cancelled or missed ticket to the reception desk,
 * and offers the ring button only while there is a call to come. */
static void check_final(struct browser *b, const char *state, const char *text)
{
	char want[600];
	snprintf(want, sizeof want, "'%s'", text);
	CHECK(js_is(b, "document.body.className", state));
	CHECK(js_is(b, "document.getElementById('state').textContent", want));
	CHECK(js_is(b, "getComputedStyle(document.getElementById('alert')).display", "'none'"));
}

static void open_ticket(struct browser *b, const struct gateway *g, const struct proto_msg *m)
{
	REQUIRE(proto_get(m, "token"));
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/t/%s 390 844", g->addr, proto_get(m, "token")) == 0);
}

TEST_TIMEOUT(it_web_ticket_words_for_the_citizen, 120)
{
	struct daemon d;
	struct gateway g;
	struct proto_msg m;
	char shot[700];
	REQUIRE(start_all(&d, &g, NULL) == 0);
	struct client *kiosk = daemon_client(&d, "kiosk", 0), *c1 = daemon_client(&d, "counter", 1);
	REQUIRE(kiosk && c1);
	struct browser *b = browser_new();
	REQUIRE(b != NULL);
	/* nobody called yet: the board sends citizens to the kiosk by its name */
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/ 1280 720", g.addr) == 0);
	CHECK(js_is(b, "document.getElementById('calltext').textContent", "'Mời lấy số thứ tự tại máy lấy số'"));
	/* waiting, then called */
	call(kiosk, "ISSUE service=A", "A001");
	REQUIRE(daemon_call(kiosk, "ISSUE service=A", &m) == 0);
	open_ticket(b, &g, &m);   /* A002 */
	CHECK(js_is(b, "document.title", "'Số A002'"));
	CHECK(js_is(b, "document.querySelector('.label').textContent", "'Số thứ tự của ông/bà'"));
	CHECK(js_is(b, "document.getElementById('ahead').textContent", "'Trước ông/bà còn 1 người'"));
	CHECK(js_is(b, "getComputedStyle(document.getElementById('alert')).display", "'inline-block'"));
	call(c1, "LOGIN officer=An", NULL);
	call(c1, "NEXT", "A001");
	CHECK(js_is(b, "document.getElementById('ahead').textContent", "'Không có ai trước ông/bà'"));
	call(c1, "NEXT", "A002");
	CHECK(js_is(b, "document.getElementById('state').textContent", "'Đến lượt ông/bà! Mời đến Quầy 1.'"));
	CHECK(js_is(b, "document.querySelector('#called .label').textContent", "'Mời ông/bà đến'"));
	CHECK(js_is(b, "getComputedStyle(document.getElementById('alert')).display", "'inline-block'"));
	/* the citizen did not come: to the reception desk, no button */
	call(c1, "SKIP", NULL);
	check_final(b, "'ticket noshow'", "Số này đã bị bỏ qua vì ông/bà vắng mặt khi được gọi. "
	            "Xin mời ông/bà đến quầy lễ tân để được xếp lại vào hàng chờ.");
	snprintf(shot, sizeof shot, "%s/web-ticket-noshow.png", shots_dir());
	CHECK(browser_cmd(b, NULL, 0, "shot %s", shot) == 0);
	/* the kiosk's printer failed: not back to that kiosk */
	REQUIRE(daemon_call(kiosk, "ISSUE service=A", &m) == 0);
	open_ticket(b, &g, &m);   /* A003 */
	CHECK(js_is(b, "document.getElementById('ahead').textContent", "'Không có ai trước ông/bà'"));
	call(kiosk, "VOID ticket=A003 reason=paper_out", NULL);
	check_final(b, "'ticket void'", "Vé này đã bị hủy (chưa in được) và sẽ không được gọi. "
	            "Xin mời ông/bà đến quầy lễ tân để được cấp số mới.");
	CHECK(js_is(b, "document.body.textContent.includes('máy cấp số')", "false"));
	snprintf(shot, sizeof shot, "%s/web-ticket-void.png", shots_dir());
	CHECK(browser_cmd(b, NULL, 0, "shot %s", shot) == 0);
	/* served */
	REQUIRE(daemon_call(kiosk, "ISSUE service=A", &m) == 0);
	open_ticket(b, &g, &m);   /* A004 */
	call(c1, "NEXT", "A004");
	call(c1, "DONE", NULL);
	check_final(b, "'ticket served'", "Đã phục vụ xong. Cảm ơn ông/bà!");
	snprintf(shot, sizeof shot, "%s/web-ticket-served.png", shots_dir());
	CHECK(browser_cmd(b, NULL, 0, "shot %s", shot) == 0);
	/* a token of no ticket */
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/t/AAAAAAAAAAAAAAAAAAAAAA 390 844", g.addr) == 0);
	check_final(b, "'ticket unknown'", "Không tìm thấy vé này, hoặc vé đã hết hạn (vé chỉ dùng trong ngày).");
	CHECK(js_is(b, "document.title", "'Vé của ông/bà'"));
	snprintf(shot, sizeof shot, "%s/web-ticket-unknown.png", shots_dir());
	CHECK(browser_cmd(b, NULL, 0, "shot %s", shot) == 0);
	/* a malformed address: the gateway's own page */
	char out[4096];
	CHECK_INT_EQ(http_request(g.addr, "GET", "/t/short", "", NULL, out, sizeof out), 404);
	CHECK(strstr(out, "Không tìm thấy vé") && strstr(out, "mã QR trên vé"));
	browser_free(b);
	client_close(kiosk);
	client_close(c1);
	stop_all(&d, &g);
}

/* What the board page, its event stream and a ticket's show while the
 * display refuses the gateway's key: the notice, never a number. */
#define UNPAIRED "Trang tạm thời không hiển thị được số thứ tự"

static void check_no_queue(struct gateway *g, const char *token, const char *stale)
{
	char json[8192], path[80];
	CHECK(sse_first(g->addr, "/events", json, sizeof json) == 0);
	CHECK(strstr(json, "\"up\":false") && strstr(json, "\"refused\":true") && strstr(json, UNPAIRED));
	CHECK(strstr(json, "\"recent\":[]") && strstr(json, "\"call\":null"));
	CHECK(strstr(json, stale) == NULL);
	snprintf(path, sizeof path, "/t/%s/events", token);
	CHECK(sse_first(g->addr, path, json, sizeof json) == 0);
	CHECK(strstr(json, "\"state\":\"refused\"") && strstr(json, UNPAIRED));
	CHECK(strstr(json, stale) == NULL);
}

TEST_TIMEOUT(it_web_revoked_key_shows_no_queue_until_paired_again, 180)
{
	struct daemon d;
	struct gateway g;
	struct proto_msg m;
	char out[4096], cmd[2000], keyfile[700], id[AUTH_ID_MAX + 1], err[300], token[40], other[40], shot[700];
	unsigned char key[AUTH_KEY_BYTES];
	REQUIRE(start_all(&d, &g, NULL) == 0);
	struct client *admin = daemon_client(&d, "admin", 0);
	REQUIRE(admin != NULL);
	call(admin, "LOGIN counter=1 officer=An", NULL);
	for (int i = 0; i < 4; i++) call(admin, "ISSUE service=A", NULL);
	REQUIRE(daemon_call(admin, "ISSUE service=A", &m) == 0 && proto_get(&m, "token"));
	snprintf(token, sizeof token, "%s", proto_get(&m, "token"));   /* A005 */
	REQUIRE(daemon_call(admin, "ISSUE service=A", &m) == 0 && proto_get(&m, "token"));
	snprintf(other, sizeof other, "%s", proto_get(&m, "token"));   /* A006, no page open yet */
	call(admin, "NEXT counter=1", "A001");
	struct browser *b = browser_new();
	REQUIRE(b != NULL);
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/t/%s 390 844", g.addr, token) == 0);
	CHECK(js_is(b, "document.getElementById('ahead').textContent", "'Trước ông/bà còn 3 người'"));
	snprintf(keyfile, sizeof keyfile, "%s/viewer.key", d.data);
	REQUIRE(auth_read_keyfile(keyfile, id, key, err, sizeof err) == 0);

	/* the key is revoked as IT staff do it: the phone's page says so at once */
	snprintf(cmd, sizeof cmd, "%s revoke %s --data %s >/dev/null", daemon_bin("goiso-display"), id, d.data);
	REQUIRE(system(cmd) == 0);
	CHECK(js_is(b, "document.getElementById('state').textContent.indexOf('" UNPAIRED "') === 0", "true"));
	CHECK(js_is(b, "document.getElementById('number').textContent", "'—'"));
	CHECK(js_is(b, "document.getElementById('waiting').hidden", "true"));
	/* citizens read a plain sentence; the command is for the IT staff, in the log */
	CHECK(js_is(b, "document.getElementById('detail').textContent",
	            "'Xin ông/bà theo dõi màn hình tại trung tâm.'"));
	CHECK(js_is(b, "document.body.textContent.indexOf('goiso') < 0", "true"));
	char said[1400];
	snprintf(said, sizeof said, "refused the viewer key %s (%s)", id, keyfile);
	CHECK(gateway_log_wait(&g, said, 1, 5000) == 1);
	snprintf(said, sizeof said, "goiso-display pair --viewer --data %s", d.data);
	CHECK(gateway_log_wait(&g, said, 1, 0) == 1);
	/* the board page opened now, its stream, a ticket looked up now: no number */
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/ 1080 1920", g.addr) == 0);
	CHECK(js_is(b, "document.getElementById('notice').hidden", "false"));
	CHECK(js_is(b, "document.getElementById('noticetitle').textContent", "'" UNPAIRED "'"));
	CHECK(js_is(b, "document.getElementById('noticetext').textContent",
	            "'Xin ông/bà theo dõi màn hình tại trung tâm.'"));
	CHECK(js_is(b, "document.body.textContent.indexOf('goiso') < 0", "true"));
	CHECK(js_is(b, "document.body.textContent.indexOf('A00') < 0", "true"));
	CHECK(js_is(b, "document.getElementById('call').hidden", "true"));
	snprintf(shot, sizeof shot, "%s/web-board-revoked.png", shots_dir());
	CHECK(browser_cmd(b, NULL, 0, "shot %s", shot) == 0);
	check_no_queue(&g, token, "A00");
	check_no_queue(&g, other, "A00");
	/* calls go on at the counters; the page shows none of them, and the
	 * gateway, trying its key again, says it once */
	call(admin, "NEXT counter=1", "A002");
	struct timespec ts = { 6, 0 };   /* past one more try of the old key */
	nanosleep(&ts, NULL);
	CHECK(js_is(b, "document.body.textContent.indexOf('A00') < 0", "true"));
	CHECK(gateway_log_wait(&g, "refused the viewer key", 2, 0) == 1);

	/* paired again: the gateway takes the new key without a restart */
	snprintf(cmd, sizeof cmd, "%s pair --viewer --data %s >/dev/null", daemon_bin("goiso-display"), d.data);
	REQUIRE(system(cmd) == 0);
	CHECK(js_is(b, "document.getElementById('calltext').textContent", "'Số A002 → Quầy 1'"));
	CHECK(js_is(b, "document.getElementById('notice').hidden", "true"));
	CHECK(js_is(b, "document.getElementById('status').textContent", "''"));
	CHECK(gateway_log_wait(&g, "a new key in", 1, 0) == 1);
	CHECK(sse_first(g.addr, "/events", out, sizeof out) == 0);
	CHECK(strstr(out, "\"up\":true") && strstr(out, "\"refused\":false") && strstr(out, "\"t\":\"A002\""));
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/t/%s 390 844", g.addr, token) == 0);
	CHECK(js_is(b, "document.getElementById('ahead').textContent", "'Trước ông/bà còn 2 người'"));
	REQUIRE(browser_cmd(b, NULL, 0, "open http://%s/t/%s 390 844", g.addr, other) == 0);
	CHECK(js_is(b, "document.getElementById('ahead').textContent", "'Trước ông/bà còn 3 người'"));
	browser_free(b);
	client_close(admin);
	stop_all(&d, &g);
}
