/*
 * notice: logged values cannot forge a line; a flood is a few lines.
 */
#include "test.h"

#include "notice.h"

TEST(notice_escapes_what_could_forge_a_line)
{
	char out[64];
	CHECK_STR_EQ(notice_esc("x\npairing: ok", out, sizeof out), "x\\x0apairing: ok");
	CHECK_STR_EQ(notice_esc("a'b\"c\\d\te\x7f", out, sizeof out), "a\\x27b\\x22c\\x5cd\\x09e\\x7f");
	CHECK_STR_EQ(notice_esc("Nguyễn", out, sizeof out), "Nguyễn");
	CHECK_STR_EQ(notice_esc(NULL, out, sizeof out), "");
	/* cut to fit, never in the middle of an escape */
	char small[8];
	CHECK_STR_EQ(notice_esc("ab\n\n\n", small, sizeof small), "ab\\x0a");
}

TEST(notice_limited_shows_a_burst_per_window)
{
	struct notice_limit lim = { 0 };
	int shown = 0;
	for (int i = 0; i < 100; i++) shown += notice_limited(&lim, 50000 + i, "refused %d", i);
	CHECK_INT_EQ(shown, NOTICE_BURST);
	CHECK_INT_EQ(lim.skipped, 100 - NOTICE_BURST);
	/* a later window starts again (after saying how many were left out) */
	CHECK_INT_EQ(notice_limited(&lim, 50000 + NOTICE_WINDOW_MS + 1, "refused again"), 1);
	CHECK_INT_EQ(lim.skipped, 0);
}
