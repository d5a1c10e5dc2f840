/*
 * Integration test of the wall board in the real daemon (SDL's dummy video
 * driver): a counter's NEXT changes the call area of the frame the running
 * daemon draws (the layout module says where that area is), and a restart
 * draws the same call from the event log. A settled board draws one frame a
 * second, counted in its frame log, however often its loop wakes.
 */
#include "test.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "daemon.h"
#include "frameshot.h"
#include "layout.h"
#include "file.h"
#include "png.h"

#define W 1920
#define H 1080

static int start(struct daemon *d, const char *dir, const char *conf)
{
	const char *args[] = { "--window", "1920x1080", "--config", conf, NULL };
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	return daemon_start(d, dir, args);
}

TEST(it_board_shows_the_call_and_keeps_it_across_restart)
{
	char dir[600], conf[600];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(frameshot_config(conf, sizeof conf, "flash_seconds = 1\n") == 0);

	struct daemon d;
	REQUIRE(start(&d, dir, conf) == 0);
	struct layout lay;
	REQUIRE(frameshot_layout(W, H, &lay) == 0);
	struct layout_rect call = lay.box[LAYOUT_CALLTEXT], name = lay.box[LAYOUT_NAME];
	long area = (long)call.w * call.h;

	struct proto_msg m;
	struct client *c = daemon_client(&d, "counter", 5);
	REQUIRE(c != NULL);
	CHECK(daemon_call(c, "LOGIN officer=\"Vũ Thị Ngọc\"", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK(daemon_call(c, "ISSUE service=C", &m) == 0 && !strcmp(m.word, "OK"));
	struct png_image before, after, settled, restarted;
	REQUIRE(frameshot_take(&d, &before) == 0);
	CHECK_INT_EQ(before.w, W);
	CHECK_INT_EQ(before.h, H);

	CHECK(daemon_call(c, "NEXT", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK_STR_EQ(proto_get(&m, "ticket"), "C001");
	REQUIRE(frameshot_take(&d, &after) == 0);
	long changed = frameshot_differing(&before, &after, call);
	if (changed * 20 < area)   /* at least 5 % of the call text's box */
		test_fail(__FILE__, __LINE__, "call area changed on %ld of %ld pixels", changed, area);
	CHECK_INT_EQ(frameshot_differing(&before, &after, name), 0);

	usleep(1500000);   /* past the 1 s flash: the call settles */
	REQUIRE(frameshot_take(&d, &settled) == 0);
	client_close(c);
	daemon_stop(&d);
	REQUIRE(start(&d, dir, conf) == 0);
	REQUIRE(frameshot_take(&d, &restarted) == 0);
	/* The log rebuilds the same call: the banner is drawn the same. */
	CHECK_INT_EQ(frameshot_differing(&settled, &restarted, lay.box[LAYOUT_CALL]), 0);
	CHECK(frameshot_differing(&before, &restarted, call) * 20 >= area);
	daemon_stop(&d);
	png_image_free(&before);
	png_image_free(&after);
	png_image_free(&settled);
	png_image_free(&restarted);
}

static long lines_of(const char *path)
{
	FILE *f = fopen(path, "r");
	long n = 0;
	for (int ch; f && (ch = getc(f)) != EOF;) n += ch == '\n';
	if (f) fclose(f);
	return n;
}

/* A guard by count, not by time: a settled board with no ticker draws one
 * frame a second (its clock), however often the loop wakes. A board that
 * redrew on every wake, or stopped drawing, fails. */
TEST(it_board_idle_draws_once_a_second)
{
	char dir[600], conf[600], frames[600];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	snprintf(frames, sizeof frames, "%s/frames.log", test_tmpdir());
	REQUIRE(frameshot_config(conf, sizeof conf, "flash_seconds = 1\nticker =\n") == 0);
	setenv("GOISO_FRAME_LOG", frames, 1);
	struct daemon d;
	int rc = start(&d, dir, conf);
	unsetenv("GOISO_FRAME_LOG");
	REQUIRE(rc == 0);
	struct proto_msg m;
	struct client *c = daemon_client(&d, "counter", 5);
	REQUIRE(c != NULL);
	CHECK(daemon_call(c, "LOGIN officer=Lan", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK(daemon_call(c, "ISSUE service=C", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK(daemon_call(c, "NEXT", &m) == 0 && !strcmp(m.word, "OK"));
	usleep(1500000);                   /* past the 1 s flash */
	long before = lines_of(frames);
	int64_t t0 = clock_mono_ms();
	/* the loop keeps waking meanwhile: a counter asking, ten times a second */
	for (int i = 0; i < 40; i++) {
		CHECK(daemon_call(c, "PING", &m) == 0);
		usleep(100000);
	}
	long drawn = lines_of(frames) - before;
	int64_t secs = (clock_mono_ms() - t0) / 1000;   /* 4, more on a loaded machine */
	client_close(c);
	daemon_stop(&d);
	if (drawn < secs - 1 || drawn > secs + 1)
		test_fail(__FILE__, __LINE__, "%ld frames drawn in %lld idle seconds (one a second)",
		          drawn, (long long)secs);
}
