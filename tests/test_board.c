/*
 * The wall board drawn by real SDL (dummy video driver, software renderer)
 * from states built with the real engine: golden images of six scripted
 * days in landscape and portrait, the banner's queue of calls, redrawing
 * only when something changed, the fonts' Vietnamese coverage, and a
 * notice that hides the queue.
 *
 * Golden images are compared at full size (tests/golden.h). To renew them
 * after a deliberate change:
 *   GOISO_UPDATE_GOLDEN=1 build/san/unit-tests board_golden
 *   python3 tests/golden/pngz.py tests/golden/NAME.png ...
 * then look at every image before committing it.
 */
#include "test.h"

#include <SDL_ttf.h>
#include <stdlib.h>

#include "board.h"
#include "config.h"
#include "engine.h"
#include "font.h"
#include "golden.h"
#include "layout.h"
#include "png.h"
#include "scene.h"
#include "zone.h"


static struct board *open_board(const struct config *cfg, int w, int h, char *err, size_t errlen)
{
	struct board_opts o = { w, h, NULL, 8000, "", true };
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	if (cfg && board_config(cfg, &o, err, errlen)) return NULL;
	return board_new(&o, err, errlen);
}

/* The "busy6" scene on a board of w x h; NULL after a failure (the scene
 * is freed then). */
static struct board *busy_board(struct scene *s, int w, int h)
{
	char err[256];
	if (scene_build("busy6", s, err, sizeof err)) {
		test_fail(__FILE__, __LINE__, "%s", err);
		return NULL;
	}
	struct board *b = open_board(s->cfg, w, h, err, sizeof err);
	if (!b) { test_fail(__FILE__, __LINE__, "%s", err); scene_free(s); }
	return b;
}

/* Draws a scene's frame into the scratch dir (mutate, when not NULL,
 * changes the state first) and compares it with the golden image. Returns
 * the number of changed pixels, or -1 after a failure. */
static long golden_frame(const char *scene, int w, int h, void (*mutate)(struct scene *),
                         char *shot, size_t shotlen)
{
	char err[512] = "", name[128];
	struct scene s;
	if (scene_build(scene, &s, err, sizeof err)) {
		test_fail(__FILE__, __LINE__, "%s", err);
		return -1;
	}
	if (mutate) mutate(&s);
	struct board *b = open_board(s.cfg, w, h, err, sizeof err);
	if (!b) { test_fail(__FILE__, __LINE__, "%s", err); scene_free(&s); return -1; }
	board_set_status(b, s.sound_ok, s.listener_ok);
	snprintf(name, sizeof name, "%s-%dx%d", scene, w, h);
	snprintf(shot, shotlen, "%s/%s%s.png", test_tmpdir(), name, mutate ? "-changed" : "");
	int rc = board_screenshot(b, s.e, s.now_ms, shot, err, sizeof err);
	board_free(b);
	scene_free(&s);
	if (rc) { test_fail(__FILE__, __LINE__, "screenshot: %s", err); return -1; }
	if (mutate) unsetenv("GOISO_UPDATE_GOLDEN");   /* a changed frame is never golden */
	return golden_diff(name, shot, 0);
}

static void golden(const char *scene, int w, int h)
{
	char shot[512];
	long d = golden_frame(scene, w, h, NULL, shot, sizeof shot);
	if (d > GOLDEN_MAX_PIXELS)
		test_fail(__FILE__, __LINE__, "%s-%dx%d differs from its golden image on %ld pixels (frame in %s)",
		          scene, w, h, d, shot);
}

TEST(board_golden_empty) { golden("empty", 1920, 1080); golden("empty", 1080, 1920); }
TEST(board_golden_busy6) { golden("busy6", 1920, 1080); golden("busy6", 1080, 1920); }
TEST(board_golden_counters30) { golden("counters30", 1920, 1080); golden("counters30", 1080, 1920); }
/* A counter-top display (countertop.h) of one counter of a scene, at w x h,
 * compared with its golden image; -1 after a failure. */
static long golden_counter(const char *scene, int counter, int w, int h)
{
	char err[512] = "", name[128], shot[700], no[16];
	struct scene s;
	if (scene_build(scene, &s, err, sizeof err)) { test_fail(__FILE__, __LINE__, "%s", err); return -1; }
	struct board_opts o = { w, h, NULL, 8000, "", true };
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	snprintf(no, sizeof no, "%d", counter);
	struct board *b = NULL;
	if (board_config(s.cfg, &o, err, sizeof err) == 0 &&
	    zone_parse_counters(&o.zone, s.cfg, no, err, sizeof err) == 0) {
		o.counter = counter;
		b = board_new(&o, err, sizeof err);
	}
	if (!b) { test_fail(__FILE__, __LINE__, "%s", err); scene_free(&s); return -1; }
	snprintf(name, sizeof name, "countertop-%s-%d-%dx%d", scene, counter, w, h);
	snprintf(shot, sizeof shot, "%s/%s.png", test_tmpdir(), name);
	int rc = board_screenshot(b, s.e, s.now_ms, shot, err, sizeof err);
	board_free(b);
	scene_free(&s);
	if (rc) { test_fail(__FILE__, __LINE__, "screenshot: %s", err); return -1; }
	return golden_diff(name, shot, 0);
}

/* The counter-top display at the small screens' sizes: its name, its
 * number large with the priority badge, its state; a paused counter's
 * reason. */
TEST(board_golden_countertop)
{
	CHECK_INT_EQ(golden_counter("priority", 3, 800, 480), 0);
	CHECK_INT_EQ(golden_counter("priority", 3, 1024, 600), 0);
	CHECK_INT_EQ(golden_counter("paused", 2, 1366, 768), 0);
}

/* The hall of counters 7-12 of the same day: six tiles laid out large, the
 * waiting of their services, their calls only. */
TEST(board_golden_zone) { golden("zone", 1920, 1080); golden("zone", 1080, 1920); }
TEST(board_golden_priority) { golden("priority", 1920, 1080); golden("priority", 1080, 1920); }
TEST(board_golden_paused) { golden("paused", 1920, 1080); golden("paused", 1080, 1920); }
TEST(board_golden_longnames) { golden("longnames", 1920, 1080); golden("longnames", 1080, 1920); }

/* Runs cmd on the scene's engine and reports the event to the board. */
static int act(struct scene *s, struct board *b, enum engine_verb v, int counter)
{
	struct engine_cmd cmd = { .verb = v, .counter = counter };
	struct engine_event ev;
	s->now_ms += 1000;
	int rc = engine_decide(s->e, &cmd, s->now_ms, &ev);
	if (!rc) rc = engine_apply(s->e, &ev);
	if (!rc) board_on_event(b, s->e, &ev);
	return rc;
}

TEST(board_simultaneous_calls_each_get_their_moment)
{
	struct scene s;
	struct board *b = busy_board(&s, 640, 360);
	REQUIRE(b != NULL);
	int64_t mono = 100000;
	board_pump(b, s.e, s.now_ms, mono);
	/* Three counters call in the same loop turn. */
	CHECK(act(&s, b, VERB_NEXT, 1) == 0);
	CHECK(act(&s, b, VERB_NEXT, 2) == 0);
	CHECK(act(&s, b, VERB_NEXT, 3) == 0);
	int first = engine_counter(s.e, 1)->current, third = engine_counter(s.e, 3)->current;
	int seen[3] = { 0 }, order = 0;
	for (int t = 0; t < 30000; t += 100) {
		int wait = board_pump(b, s.e, s.now_ms + t, mono + t);
		CHECK(wait >= 0 && wait <= 1000);
		for (int c = 1; c <= 3; c++)
			if (board_banner_ticket(b) == engine_counter(s.e, c)->current && !seen[c - 1])
				seen[c - 1] = ++order;
	}
	CHECK_INT_EQ(seen[0], 1);
	CHECK_INT_EQ(seen[1], 2);
	CHECK_INT_EQ(seen[2], 3);
	CHECK(first != third);
	CHECK_INT_EQ(board_banner_ticket(b), third);   /* the last stays */
	board_free(b);
	scene_free(&s);
}

TEST(board_banner_keeps_up_with_a_busy_hall)
{
	struct scene s;
	struct board *b = busy_board(&s, 640, 360);
	REQUIRE(b != NULL);
	int64_t mono = 100000;
	int worst = 0, calls[60];
	/* a call every 2 s for two minutes, from the six counters in turn */
	for (int i = 0; i < 60; i++) {
		struct engine_cmd issue = { .verb = VERB_ISSUE, .service = i % 4, .ticket = -1 };
		struct engine_event ev;
		if (engine_decide(s.e, &issue, s.now_ms, &ev) == 0) engine_apply(s.e, &ev);
		int counter = 1 + i % 6;
		if (act(&s, b, VERB_NEXT, counter) != 0) {   /* every call must happen to be measured */
			test_fail(__FILE__, __LINE__, "NEXT %d at counter %d refused", i, counter);
			break;
		}
		calls[i] = engine_counter(s.e, counter)->current;
		for (int t = 0; t < 2000; t += 100) board_pump(b, s.e, s.now_ms, mono + t);
		mono += 2000;
		/* how many calls behind the newest the banner is */
		int shown = -1;
		for (int k = i; k >= 0 && shown < 0; k--)
			if (calls[k] == board_banner_ticket(b)) shown = k;
		if (shown < 0 || i - shown > worst) worst = shown < 0 ? 99 : i - shown;
	}
	CHECK(worst <= 2);
	printf("    banner at most %d calls behind with a call every 2 s\n", worst);
	board_free(b);
	scene_free(&s);
}

TEST(board_redraws_only_when_something_changed)
{
	char err[256];
	struct scene s;
	REQUIRE(scene_build("busy6", &s, err, sizeof err) == 0);
	struct board_opts o = { 640, 360, NULL, 4000, "", true };
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	struct board *b = board_new(&o, err, sizeof err);
	if (!b) { test_fail(__FILE__, __LINE__, "%s", err); scene_free(&s); return; }
	int64_t wall = s.now_ms - s.now_ms % 1000, mono = 5000;
	board_pump(b, s.e, wall, mono);
	unsigned long f0 = board_frames(b);
	CHECK_INT_EQ(f0, 1);
	/* Same second, nothing new: no frame, and the wait reaches the next second. */
	int wait = board_pump(b, s.e, wall + 400, mono + 400);
	CHECK_INT_EQ(board_frames(b), f0);
	CHECK_INT_EQ(wait, 600);
	board_pump(b, s.e, wall + 1000, mono + 1000);   /* the clock's second */
	CHECK_INT_EQ(board_frames(b), f0 + 1);
	/* A call: drawn at once, then flashing phases every 500 ms for 4 s. */
	CHECK(act(&s, b, VERB_NEXT, 4) == 0);
	board_pump(b, s.e, wall + 1010, mono + 1010);
	CHECK_INT_EQ(board_frames(b), f0 + 2);
	CHECK(board_banner_ticket(b) == engine_counter(s.e, 4)->current);
	wait = board_pump(b, s.e, wall + 1020, mono + 1020);
	CHECK_INT_EQ(board_frames(b), f0 + 2);
	CHECK(wait <= 500);
	unsigned long before = board_frames(b);
	for (int t = 1100; t <= 9000; t += 50) board_pump(b, s.e, wall + t, mono + t);
	/* 8 s: 8 clock seconds; 4 s of 500 ms phases share some of them. */
	CHECK(board_frames(b) - before >= 8 && board_frames(b) - before <= 16);
	board_free(b);
	scene_free(&s);
}

TEST(board_fonts_have_vietnamese_and_an_arrow)
{
	char err[256];
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	REQUIRE(TTF_Init() == 0);
	struct font *f = font_new(NULL, false, err, sizeof err);
	if (!f) { test_fail(__FILE__, __LINE__, "%s", err); TTF_Quit(); return; }
	CHECK(strstr(font_path(f), "NotoSans-Regular") != NULL);
	static const unsigned vi[] = { 0x1EDC, 0x1ED0, 0x1EAC, 0x1EF0, 0x1EE8, 0x1EB5, 0x01B0, 0x0111 };
	for (size_t i = 0; i < sizeof vi / sizeof vi[0]; i++) CHECK(font_has(f, vi[i]));
	CHECK(font_has(f, 0x2192));   /* through the fallback face */
	/* A text with the arrow measures as its parts. */
	int a = font_measure(f, "A023 ", 40), b = font_measure(f, "\xE2\x86\x92", 40);
	int all = font_measure(f, "A023 \xE2\x86\x92", 40);
	CHECK(b > 10);
	CHECK(all >= a + b - 2 && all <= a + b + 2);
	SDL_Color white = { 255, 255, 255, 255 };
	SDL_Surface *s = font_render(f, "Số A023 \xE2\x86\x92 Quầy 5", 40, white);
	CHECK(s != NULL && s->w == font_measure(f, "Số A023 \xE2\x86\x92 Quầy 5", 40));
	SDL_FreeSurface(s);
	font_free(f);
	TTF_Quit();
}

/* With the real font, 12 counters on 1920x1080 keep ticket digits >= 8 %. */
TEST(board_real_font_ticket_digits_readable)
{
	char err[256];
	REQUIRE(TTF_Init() == 0);
	struct font *f = font_new(NULL, true, err, sizeof err);
	if (!f) { test_fail(__FILE__, __LINE__, "%s", err); TTF_Quit(); return; }
	static const int sz[][2] = { { 1280, 720 }, { 1920, 1080 }, { 3840, 2160 } };
	for (int i = 0; i < 3; i++) {
		struct layout_in in = { sz[i][0], sz[i][1], 12, 6, "A000", font_measure, f };
		static struct layout lay;
		REQUIRE(layout_compute(&in, &lay) == 0);
		int cap = font_cap_height(f, lay.ticket_px);
		CHECK(cap * 100 >= 8 * sz[i][1]);
		CHECK(font_measure(f, "A000", lay.ticket_px) <= lay.tile[0].ticket.w);
	}
	font_free(f);
	TTF_Quit();
}

/* The board follows its window: a resize lays the board out again. */
TEST(board_follows_a_resized_window)
{
	struct scene s;
	struct board *b = busy_board(&s, 1280, 720);
	REQUIRE(b != NULL);
	board_pump(b, s.e, s.now_ms, 1000);
	CHECK_INT_EQ(board_layout(b)->width, 1280);
	CHECK(!board_layout(b)->portrait);
	SDL_Window *win = NULL;
	for (Uint32 id = 1; id < 1000 && !win; id++) win = SDL_GetWindowFromID(id);
	REQUIRE(win != NULL);
	SDL_SetWindowSize(win, 720, 1280);
	board_pump(b, s.e, s.now_ms + 100, 1100);
	CHECK_INT_EQ(board_layout(b)->width, 720);
	CHECK_INT_EQ(board_layout(b)->height, 1280);
	CHECK(board_layout(b)->portrait);
	board_free(b);
	scene_free(&s);
}

/* At the day's turn the banner forgets yesterday's call. */
TEST(board_new_day_clears_the_banner)
{
	struct scene s;
	struct board *b = busy_board(&s, 640, 360);
	REQUIRE(b != NULL);
	board_pump(b, s.e, s.now_ms, 1000);
	CHECK(board_banner_ticket(b) >= 0);
	engine_new_day(s.e, engine_day(s.e) + 1);
	board_pump(b, s.e, s.now_ms + 86400000, 2000);
	CHECK_INT_EQ(board_banner_ticket(b), -1);
	board_free(b);
	scene_free(&s);
}

/* Counter 1's ticket A001 shown as A007: one glyph of one small tile. */
static void one_glyph(struct scene *s)
{
	struct engine_ticket *t = (struct engine_ticket *)engine_ticket(s->e, engine_find_ticket(s->e, "A001"));
	if (t) t->label[3] = '7';
}

TEST(board_golden_sees_one_wrong_glyph)
{
	char shot[512];
	long d = golden_frame("counters30", 1920, 1080, one_glyph, shot, sizeof shot);
	printf("    one glyph of one tile changed: %ld pixels differ (the limit is %d)\n", d, GOLDEN_MAX_PIXELS);
	if (d <= GOLDEN_MAX_PIXELS)
		test_fail(__FILE__, __LINE__, "A001 drawn as A007 passes the golden comparison (%ld pixels)", d);
}

/* The bytes of a file compared with another's: 1 same, 0 not, -1 unreadable. */
static int same_file(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int rc = fa && fb ? 1 : -1, ca = 0, cb = 0;
	while (rc == 1 && ca != EOF) {
		ca = getc(fa);
		cb = getc(fb);
		if (ca != cb) rc = 0;
	}
	if (fa) fclose(fa);
	if (fb) fclose(fb);
	return rc;
}

/* A follower whose key was refused shows a notice in place of the queue:
 * calls made meanwhile change nothing on it, on a wall board (both
 * orientations) and on a counter-top display. */
TEST(board_notice_shows_nothing_of_the_queue)
{
	static const struct { int w, h, counter; } boards[] = {
		{ 1920, 1080, 0 }, { 1080, 1920, 0 }, { 800, 480, 3 },   /* wall boards, a counter-top */
	};
	for (size_t i = 0; i < sizeof boards / sizeof *boards; i++) {
		char err[256] = "", shot[3][600], no[16];
		struct scene s;
		REQUIRE(scene_build("busy6", &s, err, sizeof err) == 0);
		struct board_opts o = { boards[i].w, boards[i].h, NULL, 8000, "", true };
		setenv("SDL_VIDEODRIVER", "dummy", 1);
		snprintf(no, sizeof no, "%d", boards[i].counter);
		struct board *b = NULL;
		if (!board_config(s.cfg, &o, err, sizeof err) &&
		    (!boards[i].counter || !zone_parse_counters(&o.zone, s.cfg, no, err, sizeof err))) {
			o.counter = boards[i].counter;
			b = board_new(&o, err, sizeof err);
		}
		if (!b) { test_fail(__FILE__, __LINE__, "%s", err); scene_free(&s); return; }
		for (int k = 0; k < 3; k++)
			snprintf(shot[k], sizeof shot[k], "%s/notice-%zu-%d.png", test_tmpdir(), i, k);
		board_set_notice(b, "Màn hình này chưa được ghép nối hoặc đã bị thu hồi\n"
		                    "Ghép nối lại: goiso-display join MÃ\n"
		                    "(MÃ do máy màn hình chính cấp: goiso-display pair --follower 1)");
		CHECK(board_screenshot(b, s.e, s.now_ms, shot[0], err, sizeof err) == 0);
		CHECK(act(&s, b, VERB_NEXT, 3) == 0);
		CHECK(act(&s, b, VERB_NEXT, 1) == 0);
		s.now_ms -= 2000;   /* the same clock */
		CHECK(board_screenshot(b, s.e, s.now_ms, shot[1], err, sizeof err) == 0);
		board_set_notice(b, NULL);
		CHECK(board_screenshot(b, s.e, s.now_ms, shot[2], err, sizeof err) == 0);
		if (same_file(shot[0], shot[1]) != 1)
			test_fail(__FILE__, __LINE__, "%dx%d: calls show through the notice (%s, %s)", boards[i].w,
			          boards[i].h, shot[0], shot[1]);
		CHECK_INT_EQ(same_file(shot[1], shot[2]), 0);   /* without it, the queue again */
		board_free(b);
		scene_free(&s);
	}
}
