/*
 * Integration test of the wall board in the real daemon (SDL's dummy video
 * driver): a counter's NEXT changes the call area of the frame the running
 * daemon draws (the layout module says where that area is), and a restart
 * draws the same call from the event log.
 */
#include "test.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

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
