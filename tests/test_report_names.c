/*
 * The report counts one officer once, however a log written before names
 * were logged in one form spelled them: as combining marks (NFD) or
 * precomposed (NFC), with spaces around; --officer finds them whatever
 * the capitals.
 */
#include "test.h"

#include "report/tally.h"

#define DAY 20787                   /* 30/11/2026 */
#define AT(min) ((int64_t)DAY * 86400000 + (int64_t)(min) * 60000)

static const char nfd[] = "Le\u0302 Thi\u0323 Mai";          /* "Lê Thị Mai", NFD */
static const char nfc_space[] = "L\u00EA Th\u1ECB Mai ";     /* NFC, a space after */

/* One counter's day of an older log: the NFD name serves A001 and logs
 * out, the NFC name with a trailing space logs in and serves A002. */
static struct tally *old_day(const char *officer)
{
	static const struct { enum lverb verb; int ticket, finished; const char *text, *officer; } rows[] = {
		{ LV_LOGIN, -1, -1, nfd, nfd },
		{ LV_ISSUE, 0, -1, "", "" },
		{ LV_NEXT, 0, -1, "", nfd },
		{ LV_DONE, -1, 0, "", nfd },
		{ LV_LOGOUT, -1, -1, nfd, nfd },
		{ LV_LOGIN, -1, -1, nfc_space, nfc_space },
		{ LV_ISSUE, 1, -1, "", "" },
		{ LV_NEXT, 1, -1, "", nfc_space },
		{ LV_DONE, -1, 1, "", nfc_space },
	};
	struct tally_filter f = { .counter = 0 };
	snprintf(f.officer, sizeof f.officer, "%s", officer ? officer : "");
	struct tally *t = tally_new(DAY, DAY, &f);
	if (!t || tally_center(t, "Gia Viên", 420) < 0) { tally_free(t); return NULL; }
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct lrow r = { .day = DAY, .at_ms = AT(i), .verb = rows[i].verb, .counter = 3,
		                  .ticket = rows[i].ticket, .finished = rows[i].finished,
		                  .service = "A", .text = rows[i].text, .officer = rows[i].officer };
		if (tally_row(t, &r)) { tally_free(t); return NULL; }
	}
	tally_end_center(t);
	tally_finish(t);
	return t;
}

TEST(report_one_officer_typed_two_ways_is_one_row)
{
	struct tally *t = old_day(NULL);
	REQUIRE(t);
	const struct tally_center *c = &t->centers[0];
	int rows = 0;
	for (int i = 0; i < c->nofficers; i++) {
		if (group_empty(&c->officers[i].g)) continue;
		rows++;
		CHECK_STR_EQ(c->officers[i].name, "L\u00EA Th\u1ECB Mai");   /* as first written, in NFC */
		CHECK_INT_EQ(c->officers[i].g.served, 2);
	}
	CHECK_INT_EQ(rows, 1);
	tally_free(t);
}

TEST(report_officer_filter_ignores_form_spaces_and_capitals)
{
	static const char *const found[] = {
		"l\u00EA th\u1ECB mai", "L\u00CA TH\u1ECA MAI", "  Le\u0302  Thi\u0323 Mai", nfc_space,
	};
	for (size_t i = 0; i < sizeof found / sizeof found[0]; i++) {
		struct tally *t = old_day(found[i]);
		REQUIRE(t);
		if (t->total.served != 2)
			test_fail(__FILE__, __LINE__, "--officer \"%s\": %ld served, want 2", found[i], t->total.served);
		tally_free(t);
	}
	struct tally *t = old_day("L\u00EA Th\u1ECB Lan");
	REQUIRE(t);
	CHECK_INT_EQ(t->total.served, 0);
	tally_free(t);
}
