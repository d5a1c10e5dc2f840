/*
 * Clock steps against the real daemon: the service day only moves
 * forward, a step either way is an alarm in the log and on the board, and
 * the tickets in the hall keep their numbers, across a restart too.
 *
 * The daemon's wall clock is moved with GOISO_TEST_CLOCK_SKEW (a file of
 * milliseconds added to it, read at each turn), never the machine's.
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
#include "png.h"
#include "file.h"

#define DAY_MS 86400000LL

static char skew_path[700];

static void set_skew(long long ms)
{
	char tmp[720];
	snprintf(tmp, sizeof tmp, "%s.tmp", skew_path);
	FILE *f = fopen(tmp, "w");
	if (!f) return;
	fprintf(f, "%lld\n", ms);
	fclose(f);
	rename(tmp, skew_path);
}

static int start(struct daemon *d, const char *dir, const char *const *args, long long skew)
{
	snprintf(skew_path, sizeof skew_path, "%s/skew", test_tmpdir());
	set_skew(skew);
	setenv("GOISO_TEST_CLOCK_SKEW", skew_path, 1);
	int rc = daemon_start(d, dir, args);
	unsetenv("GOISO_TEST_CLOCK_SKEW");
	return rc;
}

/* Issues one ticket of service A as the site key; its label, or "". */
static const char *issue(const struct daemon *d)
{
	static char label[16];
	struct proto_msg m;
	struct client *c = daemon_client(d, "admin", 0);
	label[0] = 0;
	if (c && daemon_call(c, "ISSUE service=A", &m) == 0 && !strcmp(m.word, "OK") && proto_get(&m, "ticket"))
		snprintf(label, sizeof label, "%s", proto_get(&m, "ticket"));
	client_close(c);
	return label;
}

/* Waits for the daemon's next turns to see the new clock (it looks at
 * least once a second, and before each request). */
static void let_it_see(void) { usleep(1200000); }

TEST(it_clock_corrected_forward_keeps_the_numbers)
{
	struct daemon d;
	char dir[600];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	/* the PC booted with its clock a day behind */
	REQUIRE(start(&d, dir, NULL, -DAY_MS) == 0);
	CHECK_STR_EQ(issue(&d), "A001");
	CHECK_STR_EQ(issue(&d), "A002");
	CHECK_STR_EQ(issue(&d), "A003");
	/* the clock is corrected: the hall's tickets keep their numbers */
	set_skew(0);
	let_it_see();
	CHECK_STR_EQ(issue(&d), "A004");
	CHECK_INT_EQ(daemon_log_count(&d, "ALARM: the wall clock stepped forward"), 1);
	CHECK_INT_EQ(daemon_log_count(&d, "numbers restart"), 0);
	/* a restart the same day keeps them too */
	daemon_stop(&d);
	REQUIRE(start(&d, dir, NULL, 0) == 0);
	CHECK_STR_EQ(issue(&d), "A005");
	CHECK_INT_EQ(daemon_count_events(&d, "verb='ISSUE' AND label='A001'"), 1);
	daemon_stop(&d);
}

TEST(it_clock_set_back_keeps_the_day)
{
	struct daemon d;
	char dir[600];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(start(&d, dir, NULL, 0) == 0);
	CHECK_STR_EQ(issue(&d), "A001");
	set_skew(-DAY_MS);
	let_it_see();
	CHECK_STR_EQ(issue(&d), "A002");
	CHECK_INT_EQ(daemon_log_count(&d, "ALARM: the wall clock stepped back"), 1);
	daemon_stop(&d);
	/* restarted with the clock still behind: the log's day goes on */
	REQUIRE(start(&d, dir, NULL, -DAY_MS) == 0);
	CHECK_STR_EQ(issue(&d), "A003");
	CHECK_INT_EQ(daemon_log_count(&d, "ALARM: the clock is behind the event log"), 1);
	CHECK_INT_EQ(daemon_count_events(&d, "verb='ISSUE' AND label='A001'"), 1);
	daemon_stop(&d);
}

TEST(it_clock_step_is_shown_on_the_board)
{
	struct daemon d;
	char dir[600], conf[700];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(frameshot_config(conf, sizeof conf, "ticker =\n") == 0);
	const char *args[] = { "--window", "1920x1080", "--config", conf, NULL };
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	REQUIRE(start(&d, dir, args, 0) == 0);
	struct layout lay;
	REQUIRE(frameshot_layout(1920, 1080, &lay) == 0);
	struct layout_rect band = lay.box[LAYOUT_TICKER];
	struct png_image a, b, c;
	REQUIRE(frameshot_take(&d, &a) == 0);
	REQUIRE(frameshot_take(&d, &b) == 0);
	set_skew(-2 * 3600 * 1000LL);
	let_it_see();
	REQUIRE(frameshot_take(&d, &c) == 0);
	/* the band is still between two ordinary frames, the warning shows after the step */
	CHECK_INT_EQ(frameshot_differing(&a, &b, band), 0);
	long changed = frameshot_differing(&b, &c, band);
	if (changed < 500) test_fail(__FILE__, __LINE__, "the warning band changed on %ld pixels only", changed);
	daemon_stop(&d);
	png_image_free(&a);
	png_image_free(&b);
	png_image_free(&c);
}
