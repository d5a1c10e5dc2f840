/*
 * Integration tests of the verbs a kiosk speaks to the real daemon: VOID
 * (logged with its reason, the number never called), QUEUE, and DEVICE
 * (pushed to counter panels, "offline" when the kiosk's connection
 * closes, shown in the board's warning corner).
 */
#include "test.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "daemon.h"
#include "frameshot.h"
#include "layout.h"
#include "file.h"
#include "panel_test.h"
#include "png.h"

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int ok(struct client *c, const char *body, struct proto_msg *m)
{
	return daemon_call(c, body, m) == 0 && !strcmp(m->word, "OK");
}

/* The next push whose word is word, within 3 s. */
static int next_push(struct client *c, const char *word, struct proto_msg *m)
{
	char line[PROTO_LINE_MAX + 1];
	for (int i = 0; i < 50; i++) {
		if (client_read_line(c, line, sizeof line, 3000)) return -1;
		if (proto_parse(line, strlen(line), m) == 0 && !strcmp(m->id, "*") && !strcmp(m->word, word))
			return 0;
	}
	return -1;
}

TEST(it_void_is_logged_and_the_number_never_called)
{
	struct daemon d;
	char dir[600];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	struct client *k = daemon_client(&d, "kiosk", 1), *c = daemon_client(&d, "counter", 1);
	REQUIRE(k && c);
	struct proto_msg m;
	CHECK(ok(k, "ISSUE service=A", &m));
	CHECK_STR_EQ(proto_get(&m, "ticket"), "A001");
	CHECK_STR_EQ(proto_get(&m, "wait_min"), "unknown");
	CHECK(ok(k, "ISSUE service=A", &m));
	CHECK(ok(k, "VOID ticket=A001 reason=paper_out", &m));
	/* a counter may not void; a voided or unknown ticket cannot be voided */
	CHECK(daemon_call(c, "VOID ticket=A002 reason=x", &m) == 0);
	CHECK_STR_EQ(m.word, "ERR");
	CHECK(strncmp(m.rest, "forbidden", 9) == 0);
	CHECK(daemon_call(k, "VOID ticket=A001 reason=again", &m) == 0);
	CHECK(strncmp(m.rest, "not_waiting", 11) == 0);
	CHECK(daemon_call(k, "VOID ticket=A009 reason=x", &m) == 0);
	CHECK(strncmp(m.rest, "unknown_ticket", 14) == 0);
	CHECK(ok(c, "LOGIN officer=An", &m));
	CHECK(ok(c, "NEXT", &m));
	CHECK_STR_EQ(proto_get(&m, "ticket"), "A002");
	CHECK(daemon_call(c, "NEXT", &m) == 0);   /* finishes A002; A001 is not called */
	CHECK_STR_EQ(proto_get(&m, "ticket"), "none");
	CHECK_INT_EQ(daemon_count_events(&d, "verb='VOID' AND label='A001' AND text='paper_out'"), 1);
	CHECK_INT_EQ(daemon_count_events(&d, "verb='NEXT' AND label='A001'"), 0);
	client_close(k);
	client_close(c);
	/* after a restart A001 is still void: the next NEXT has nobody */
	daemon_stop(&d);
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	c = daemon_client(&d, "counter", 1);
	REQUIRE(c != NULL);
	CHECK(daemon_call(c, "NEXT", &m) == 0);
	CHECK(strncmp(m.rest, "queue_empty", 11) == 0);
	client_close(c);
	daemon_stop(&d);
}

TEST(it_queue_tells_a_kiosk_each_service)
{
	struct daemon d;
	REQUIRE(daemon_start_here(&d, NULL) == 0);
	struct client *k = daemon_client(&d, "kiosk", 1);
	REQUIRE(k != NULL);
	struct proto_msg m;
	CHECK(ok(k, "QUEUE", &m));
	CHECK_STR_EQ(proto_get(&m, "services"), "A,B,C,D");
	CHECK(ok(k, "ISSUE service=B", &m));
	CHECK(ok(k, "QUEUE service=B", &m));
	CHECK_STR_EQ(proto_get(&m, "waiting"), "1");
	CHECK_STR_EQ(proto_get(&m, "open"), "1");
	CHECK_STR_EQ(proto_get(&m, "hours"), "00:00-24:00");
	CHECK(proto_get(&m, "name") && strlen(proto_get(&m, "name")) > 3);
	CHECK(daemon_call(k, "QUEUE service=Z", &m) == 0);
	CHECK(strncmp(m.rest, "unknown_service", 15) == 0);
	client_close(k);
	daemon_stop(&d);
}

TEST(it_device_state_reaches_panels_and_the_board)
{
	struct daemon d;
	const char *args[] = { "--window", "1920x1080", NULL };
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	REQUIRE(daemon_start_here(&d, args) == 0);
	struct client *k = daemon_client(&d, "kiosk", 2), *panel = daemon_client(&d, "counter", 1);
	REQUIRE(k && panel);
	struct proto_msg m;
	struct png_image before, during, after;
	CHECK(ok(panel, "SUB", &m));
	REQUIRE(frameshot_take(&d, &before) == 0);
	CHECK(ok(k, "DEVICE state=paper_out", &m));
	CHECK(daemon_call(k, "DEVICE state=melting", &m) == 0 && !strcmp(m.word, "ERR"));
	REQUIRE(next_push(panel, "DEVICE", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "device"), "kiosk-2");
	CHECK_STR_EQ(proto_get(&m, "state"), "paper_out");
	CHECK_STR_EQ(proto_get(&m, "text"), "Máy lấy số 2: máy in hết giấy");
	usleep(300000);
	REQUIRE(frameshot_take(&d, &during) == 0);
	/* a panel that subscribes later is told at once */
	struct client *late = daemon_client(&d, "counter", 2);
	REQUIRE(late != NULL);
	CHECK(ok(late, "SUB", &m));
	REQUIRE(next_push(late, "DEVICE", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "state"), "paper_out");
	/* the kiosk goes away: offline */
	client_close(k);
	REQUIRE(next_push(panel, "DEVICE", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "state"), "offline");
	CHECK(daemon_log_count(&d, "Máy lấy số 2: mất kết nối") == 1);
	/* it comes back well: the warning goes */
	k = daemon_client(&d, "kiosk", 2);
	REQUIRE(k != NULL);
	CHECK(ok(k, "DEVICE state=ok", &m));
	REQUIRE(next_push(panel, "DEVICE", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "state"), "ok");
	usleep(300000);
	REQUIRE(frameshot_take(&d, &after) == 0);
	struct layout lay;
	REQUIRE(frameshot_layout(1920, 1080, &lay) == 0);
	struct layout_rect corner = lay.box[LAYOUT_TICKER];
	CHECK(frameshot_differing(&before, &during, corner) > 200);   /* the warning is drawn */
	CHECK(frameshot_differing(&before, &during, lay.box[LAYOUT_NAME]) == 0);
	CHECK(frameshot_differing(&before, &after, lay.box[LAYOUT_STATUS]) == 0);   /* and gone */
	if (getenv("GOISO_SHOTS")) {   /* to look at it */
		char path[700];
		snprintf(path, sizeof path, "%s/board-kiosk-warning.png", getenv("GOISO_SHOTS"));
		file_write_png(path, during.px, during.w, during.h, during.channels, during.w * during.channels);
	}
	client_close(k);
	client_close(panel);
	client_close(late);
	daemon_stop(&d);
	png_image_free(&before);
	png_image_free(&during);
	png_image_free(&after);
}

/* Two connections of one kiosk's key (the real kiosk, out of paper, and
 * IT's look at its screen from the same PC): the second one leaving does
 * not make the kiosk lost nor hide its paper; the last one leaving does. */
TEST(it_device_a_second_kiosk_connection_leaving_is_not_a_lost_kiosk)
{
	struct daemon d;
	REQUIRE(daemon_start_here(&d, NULL) == 0);
	struct client *real = daemon_client(&d, "kiosk", 1), *panel = daemon_client(&d, "counter", 1);
	REQUIRE(real && panel);
	struct proto_msg m;
	CHECK(ok(panel, "SUB", &m));
	CHECK(ok(real, "DEVICE state=paper_out", &m));
	REQUIRE(next_push(panel, "DEVICE", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "state"), "paper_out");
	struct client *second = daemon_client(&d, "kiosk", 1);   /* its own printer well */
	REQUIRE(second != NULL);
	CHECK(ok(second, "DEVICE state=ok", &m));
	REQUIRE(next_push(panel, "DEVICE", &m) == 0);
	client_close(second);
	REQUIRE(next_push(panel, "DEVICE", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "text"), "Máy lấy số 1: máy in hết giấy");
	CHECK_INT_EQ(daemon_log_count(&d, "Máy lấy số 1: mất kết nối"), 0);
	client_close(real);
	REQUIRE(next_push(panel, "DEVICE", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "state"), "offline");
	CHECK_INT_EQ(daemon_log_count(&d, "Máy lấy số 1: mất kết nối"), 1);
	client_close(panel);
	daemon_stop(&d);
}

/* The officer's panel: a kiosk out of paper is in its status line. */
TEST(it_device_state_shows_on_the_counter_panel)
{
	struct daemon d;
	char dir[600], err[300];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	struct panel_opts o = { .connect = d.addr };
	panelconf_defaults(&o.conf);
	REQUIRE(auth_read_keyfile(d.key, o.cred.id, o.cred.key, err, sizeof err) == 0);
	snprintf(o.cred.role, sizeof o.cred.role, "counter");
	o.cred.counter = 1;
	struct panel *p = panel_new(&o, mono_ms(), err, sizeof err);
	REQUIRE(p != NULL);
	int64_t end = mono_ms() + 5000;
	while (link_state(panel_link(p)) != LINK_READY && mono_ms() < end) { panel_step(p, mono_ms()); usleep(2000); }
	struct client *k = daemon_client(&d, "kiosk", 1);
	REQUIRE(k != NULL);
	struct proto_msg m;
	CHECK(ok(k, "DEVICE state=paper_near_end", &m));
	end = mono_ms() + 3000;
	while (!strstr(panel_footer(p), "sắp hết giấy") && mono_ms() < end) { panel_step(p, mono_ms()); usleep(2000); }
	CHECK_STR_EQ(panel_footer(p), "Máy lấy số 1: máy in sắp hết giấy");
	if (getenv("GOISO_SHOTS")) {
		char path[700];
		snprintf(path, sizeof path, "%s/panel-kiosk-warning.png", getenv("GOISO_SHOTS"));
		panel_screenshot(p, false, path, err, sizeof err);
	}
	CHECK(ok(k, "DEVICE state=ok", &m));
	end = mono_ms() + 3000;
	while (strstr(panel_footer(p), "Máy lấy số") && mono_ms() < end) { panel_step(p, mono_ms()); usleep(2000); }
	CHECK(strstr(panel_footer(p), "Máy lấy số") == NULL);
	client_close(k);
	panel_free(p);
	daemon_stop(&d);
}

/* A goiso-display copied without its voice clips: the calls are shown and
 * the chime plays, but no word is said. The wall says so in its warning
 * corner (as it says "no sound"), and the log names the clips. */
TEST(it_missing_voice_clips_are_said_on_the_board)
{
	struct daemon d;
	const char *args[] = { "--window", "1920x1080", NULL };
	char empty[600];
	struct png_image with, without;
	struct layout lay;
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	REQUIRE(daemon_start_here(&d, args) == 0);
	usleep(300000);
	REQUIRE(frameshot_take(&d, &with) == 0);
	CHECK(daemon_log_count(&d, "voice: missing clip") == 0);
	daemon_stop(&d);
	snprintf(empty, sizeof empty, "%s/no-clips", test_tmpdir());
	REQUIRE(mkdir(empty, 0700) == 0);
	setenv("GOISO_VOICE_DIR", empty, 1);
	int started = daemon_start_here(&d, args);
	unsetenv("GOISO_VOICE_DIR");
	REQUIRE(started == 0);
	usleep(300000);
	REQUIRE(frameshot_take(&d, &without) == 0);
	CHECK(daemon_log_count(&d, "voice: missing clip") > 0);
	REQUIRE(frameshot_layout(1920, 1080, &lay) == 0);
	CHECK(frameshot_differing(&with, &without, lay.box[LAYOUT_STATUS]) > 200);   /* the warning is drawn */
	CHECK(frameshot_differing(&with, &without, lay.box[LAYOUT_NAME]) == 0);
	if (getenv("GOISO_SHOTS")) {
		char path[700];
		snprintf(path, sizeof path, "%s/board-missing-clips.png", getenv("GOISO_SHOTS"));
		file_write_png(path, without.px, without.w, without.h, without.channels, without.w * without.channels);
	}
	daemon_stop(&d);
	png_image_free(&with);
	png_image_free(&without);
}
