/*
 * Integration tests of the officer's panel: the real panel (SDL's dummy
 * video driver) driven by pushed key, text and click events against the
 * real display daemon on loopback, checked in the daemon's event log.
 * Each state the officer or the citizen can see is written as a PNG
 * (and, with GOISO_SHOTS=DIR, copied there for the README).
 */
#include "test.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "panel.h"
#include "golden.h"

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs the panel until cond holds or ms pass; returns cond. */
#define STEP_UNTIL(p, cond, ms) ({ \
	int64_t end_ = mono_ms() + (ms); \
	while (!(cond) && mono_ms() < end_) { panel_step(p, mono_ms()); usleep(1000); } \
	(cond); })

static void key(struct panel *p, SDL_Keycode k)
{
	SDL_Event ev = { .type = SDL_KEYDOWN };
	ev.key.windowID = panel_window_id(p, false);
	ev.key.state = SDL_PRESSED;
	ev.key.keysym.sym = k;
	SDL_PushEvent(&ev);
	panel_step(p, mono_ms());
}

static void click_at(struct panel *p, int x, int y, bool rating)
{
	SDL_Event ev = { .type = SDL_MOUSEBUTTONDOWN };
	ev.button.windowID = panel_window_id(p, rating);
	ev.button.button = SDL_BUTTON_LEFT;
	ev.button.state = SDL_PRESSED;
	ev.button.clicks = 1;
	ev.button.x = x;
	ev.button.y = y;
	SDL_PushEvent(&ev);
	panel_step(p, mono_ms());
}

static bool click_button(struct panel *p, enum panel_action a)
{
	int x, y;
	if (!panel_button_at(p, a, &x, &y)) return false;
	click_at(p, x, y, false);
	return true;
}

static bool click_item(struct panel *p, int i, bool rating)
{
	int x, y;
	if (!panel_item_at(p, i, &x, &y)) return false;
	click_at(p, x, y, rating);
	return true;
}

static void type_text(struct panel *p, const char *utf8)
{
	SDL_Event ev = { .type = SDL_TEXTINPUT };
	ev.text.windowID = panel_window_id(p, false);
	snprintf(ev.text.text, sizeof ev.text.text, "%s", utf8);
	SDL_PushEvent(&ev);
	panel_step(p, mono_ms());
}

/* The panel's status line shows the display's address, whose port the
 * kernel picks: left out of the comparison. */
#define PANEL_STATUS_ROWS 36

/* Writes the panel's frame as name.png in the scratch dir (and in
 * $GOISO_SHOTS) and compares it with tests/golden/name.png. */
static void shot(struct panel *p, bool rating, const char *name)
{
	char path[700], err[300];
	const char *dir = getenv("GOISO_SHOTS");
	snprintf(path, sizeof path, "%s/%s.png", dir && *dir ? dir : test_tmpdir(), name);
	if (panel_screenshot(p, rating, path, err, sizeof err)) {
		test_fail(__FILE__, __LINE__, "screenshot %s: %s", name, err);
		return;
	}
	golden_check(name, path, PANEL_STATUS_ROWS);
}

static struct panel *open_panel(const struct daemon *d, int counter, int rating_seconds, bool window)
{
	struct panel_opts o = { .connect = d->addr };
	char err[300];
	panelconf_defaults(&o.conf);
	o.conf.rating_seconds = rating_seconds;
	o.conf.rating_window = window;
	if (auth_read_keyfile(d->key, o.cred.id, o.cred.key, err, sizeof err)) return NULL;
	snprintf(o.cred.role, sizeof o.cred.role, "counter");
	o.cred.counter = counter;
	struct panel *p = panel_new(&o, mono_ms(), err, sizeof err);
	if (!p) fprintf(stderr, "panel_new: %s\n", err);
	return p;
}

static int start(struct daemon *d, const char *port)
{
	char dir[600], listen[64];
	const char *args[] = { "--listen", listen, NULL };
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	snprintf(listen, sizeof listen, "127.0.0.1:%s", port);
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	auth_init();
	return daemon_start(d, dir, args);
}

static void issue(const struct daemon *d, const char *body)
{
	struct client *k = daemon_client(d, "kiosk", 0);
	struct proto_msg m;
	if (k) daemon_call(k, body, &m);
	client_close(k);
}

TEST(it_panel_drives_every_action)
{
	struct daemon d;
	REQUIRE(start(&d, "0") == 0);
	struct panel *p = open_panel(&d, 5, 3, false);
	REQUIRE(p != NULL);
	REQUIRE(STEP_UNTIL(p, panel_enabled(p, ACT_LOGIN), 5000));
	CHECK(!panel_enabled(p, ACT_NEXT));   /* closed until someone logs in */

	/* login: F7, a Vietnamese name typed through the text input, Enter */
	key(p, SDLK_F7);
	CHECK_INT_EQ(panel_view(p), PV_LOGIN);
	type_text(p, "Nguyễn ");
	type_text(p, "Thị Lann");
	key(p, SDLK_BACKSPACE);
	shot(p, false, "panel-login");
	key(p, SDLK_RETURN);
	CHECK(STEP_UNTIL(p, panel_enabled(p, ACT_NEXT), 3000));
	CHECK_INT_EQ(daemon_count_events(&d, "verb='LOGIN' AND text='Nguyễn Thị Lan' AND counter=5"), 1);
	STEP_UNTIL(p, 0, 100);   /* the STATUS refresh */
	shot(p, false, "panel-idle");

	/* next: a priority ticket comes first */
	issue(&d, "ISSUE service=C");
	issue(&d, "ISSUE service=C priority=elderly");
	issue(&d, "ISSUE service=A");
	key(p, SDLK_F1);
	CHECK(STEP_UNTIL(p, !strcmp(panel_ticket(p), "C002") && panel_enabled(p, ACT_RECALL), 3000));
	CHECK_INT_EQ(daemon_count_events(&d, "verb='NEXT' AND label='C002' AND counter=5"), 1);
	shot(p, false, "panel-serving-priority");

	/* recall by a click; skip by the keypad */
	CHECK(click_button(p, ACT_RECALL));
	CHECK(STEP_UNTIL(p, panel_enabled(p, ACT_SKIP), 3000));
	CHECK_INT_EQ(daemon_count_events(&d, "verb='RECALL' AND label='C002'"), 1);
	key(p, SDLK_KP_3);
	CHECK(STEP_UNTIL(p, panel_enabled(p, ACT_REQUEUE), 3000));
	CHECK_INT_EQ(daemon_count_events(&d, "verb='SKIP' AND label='C002'"), 1);
	CHECK(strstr(panel_message(p), "C002") != NULL);

	/* requeue: pick the no-show from the list */
	key(p, SDLK_F4);
	CHECK_INT_EQ(panel_view(p), PV_REQUEUE);
	CHECK(STEP_UNTIL(p, panel_item_at(p, 0, &(int){ 0 }, &(int){ 0 }), 2000));
	shot(p, false, "panel-requeue-picker");
	key(p, SDLK_1);
	CHECK(STEP_UNTIL(p, panel_view(p) == PV_MAIN && panel_enabled(p, ACT_NEXT), 3000));
	CHECK_INT_EQ(daemon_count_events(&d, "verb='REQUEUE' AND label='C002'"), 1);

	/* transfer: next ticket, then pick another service */
	key(p, SDLK_F1);
	CHECK(STEP_UNTIL(p, panel_ticket(p)[0] && panel_enabled(p, ACT_TRANSFER), 3000));
	char called[16];
	snprintf(called, sizeof called, "%s", panel_ticket(p));
	CHECK(click_button(p, ACT_TRANSFER));
	CHECK_INT_EQ(panel_view(p), PV_TRANSFER);
	panel_step(p, mono_ms());
	shot(p, false, "panel-transfer-picker");
	CHECK(click_item(p, 1, false));   /* the second service in the list */
	CHECK(STEP_UNTIL(p, panel_enabled(p, ACT_NEXT), 3000));
	CHECK_INT_EQ(daemon_count_events(&d, "verb='TRANSFER' AND counter=5"), 1);

	/* the transferred ticket left this counter; next calls C001, next
	 * again finishes it: the rating view, "Rất hài lòng" touched */
	issue(&d, "ISSUE service=A");
	key(p, SDLK_F1);
	CHECK(STEP_UNTIL(p, !strcmp(panel_ticket(p), "C001") && panel_enabled(p, ACT_NEXT), 3000));
	key(p, SDLK_F1);
	CHECK(STEP_UNTIL(p, panel_view(p) == PV_RATING, 3000));
	CHECK_STR_EQ(panel_ticket(p), "A001");
	shot(p, false, "panel-rating");
	CHECK(click_item(p, 0, false));
	CHECK(STEP_UNTIL(p, daemon_count_events(&d, "verb='RATE'") == 1, 3000));
	CHECK_INT_EQ(daemon_count_events(&d, "verb='RATE' AND score=5 AND label='C001' AND officer='Nguyễn Thị Lan'"), 1);

	/* pause with a reason from the list: it finishes A001, whose rating
	 * gets no choice and is recorded as none (score 0), not as a score */
	key(p, SDLK_F6);
	CHECK_INT_EQ(panel_view(p), PV_PAUSE);
	shot(p, false, "panel-pause-picker");
	key(p, SDLK_1);
	CHECK(STEP_UNTIL(p, !strcmp(panel_message(p), "Quầy tạm nghỉ"), 3000));
	CHECK_INT_EQ(daemon_count_events(&d, "verb='PAUSE' AND text='nghỉ trưa'"), 1);
	CHECK(!panel_enabled(p, ACT_NEXT));
	CHECK(STEP_UNTIL(p, panel_view(p) == PV_RATING, 1000));
	CHECK(STEP_UNTIL(p, daemon_count_events(&d, "verb='RATE'") == 2, 5000));
	CHECK_INT_EQ(daemon_count_events(&d, "verb='RATE' AND score=0 AND label='A001'"), 1);
	CHECK(STEP_UNTIL(p, panel_view(p) == PV_MAIN, 1000));
	STEP_UNTIL(p, 0, 100);   /* the STATUS refresh */
	shot(p, false, "panel-paused");
	key(p, SDLK_F6);
	CHECK(STEP_UNTIL(p, panel_enabled(p, ACT_NEXT), 3000));
	CHECK_INT_EQ(daemon_count_events(&d, "verb='RESUME' AND counter=5"), 1);

	/* DONE from a script at the same counter: the panel learns it from the
	 * pushed events and offers the rating too */
	issue(&d, "ISSUE service=C");
	key(p, SDLK_F1);
	CHECK(STEP_UNTIL(p, panel_ticket(p)[0] && panel_enabled(p, ACT_NEXT), 3000));
	char last[16];
	snprintf(last, sizeof last, "%s", panel_ticket(p));
	struct client *script = daemon_client(&d, "counter", 5);
	struct proto_msg m;
	CHECK(script && daemon_call(script, "DONE", &m) == 0 && !strcmp(m.word, "OK"));
	client_close(script);
	CHECK(STEP_UNTIL(p, panel_view(p) == PV_RATING, 3000));
	CHECK(click_item(p, 2, false));   /* "Bình thường" */
	CHECK(STEP_UNTIL(p, daemon_count_events(&d, "verb='RATE'") == 3, 3000));
	char where[128];
	snprintf(where, sizeof where, "verb='RATE' AND score=3 AND label='%s'", last);
	CHECK_INT_EQ(daemon_count_events(&d, where), 1);
	panel_free(p);
	daemon_stop(&d);
}

TEST(it_panel_dims_while_down_and_retries_with_the_same_id)
{
	struct daemon d;
	REQUIRE(start(&d, "0") == 0);
	char port[16];
	snprintf(port, sizeof port, "%s", strrchr(d.addr, ':') + 1);
	struct panel *p = open_panel(&d, 3, 30, true);
	REQUIRE(p != NULL);
	REQUIRE(STEP_UNTIL(p, panel_enabled(p, ACT_LOGIN), 5000));
	key(p, SDLK_F7);
	type_text(p, "Hà");
	key(p, SDLK_KP_ENTER);
	REQUIRE(STEP_UNTIL(p, panel_enabled(p, ACT_NEXT), 3000));
	issue(&d, "ISSUE service=B");
	issue(&d, "ISSUE service=B");
	issue(&d, "ISSUE service=B");

	/* a NEXT caught by a dropped connection: sent again with its id */
	key(p, SDLK_F1);
	usleep(100000);
	link_drop(panel_link(p), "mạng chập chờn", mono_ms());
	CHECK(!panel_enabled(p, ACT_RECALL));
	CHECK(STEP_UNTIL(p, !strcmp(panel_ticket(p), "B001") && panel_enabled(p, ACT_NEXT), 5000));
	CHECK_INT_EQ(daemon_count_events(&d, "verb='NEXT'"), 1);

	/* the display dies: dimmed with the reason, and nothing is queued */
	daemon_kill(&d, SIGKILL);
	CHECK(STEP_UNTIL(p, link_state(panel_link(p)) == LINK_DOWN, 8000));
	for (int a = 0; a < ACT_COUNT_; a++) CHECK(!panel_enabled(p, (enum panel_action)a));
	key(p, SDLK_F1);
	CHECK(strstr(panel_message(p), "mất kết nối") != NULL);
	shot(p, false, "panel-disconnected");
	REQUIRE(start(&d, port) == 0);
	CHECK(STEP_UNTIL(p, panel_enabled(p, ACT_NEXT), 8000));
	CHECK_INT_EQ(daemon_count_events(&d, "verb='NEXT'"), 1);   /* the press while down was not kept */
	CHECK_STR_EQ(panel_ticket(p), "B001");

	/* the rating in its own window: done, then a choice there */
	key(p, SDLK_F1);
	CHECK(STEP_UNTIL(p, !strcmp(panel_ticket(p), "B002"), 3000));
	CHECK_INT_EQ(panel_view(p), PV_MAIN);   /* the officer keeps the panel */
	shot(p, true, "panel-rating-window");
	CHECK(click_item(p, 4, true));   /* "Rất không hài lòng" */
	CHECK(STEP_UNTIL(p, daemon_count_events(&d, "verb='RATE'") == 1, 3000));
	CHECK_INT_EQ(daemon_count_events(&d, "verb='RATE' AND score=1 AND label='B001'"), 1);
	panel_free(p);
	daemon_stop(&d);
}
