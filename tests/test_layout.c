/*
 * Unit tests of the board layout: every screen the board is hung on, with 1
 * to 40 counters, keeps every box inside the screen, no two boxes overlap,
 * text fits its box, and ticket digits stay readable from across the hall.
 */
#include "test.h"

#include "layout.h"

/* A deterministic font: every character 0.6 em wide, combining marks 0. */
static int measure(void *ud, const char *s, int px)
{
	(void)ud;
	int n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) == 0x80) continue;
		if (p[0] == 0xCC || (p[0] == 0xCD && p[1] < 0xB0)) continue; /* U+0300..036F */
		n++;
	}
	return (px * 6 * n + 9) / 10;
}

static bool utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 0;
		if (!n) return false;
		for (int i = 1; i < n; i++) if ((p[i] & 0xC0) != 0x80) return false;
		p += n;
	}
	return true;
}

static const int screens[][2] = { {1280, 720}, {1920, 1080}, {3840, 2160}, {1080, 1920} };

static struct layout lay;

static int compute(int w, int h, int n, int nservices)
{
	struct layout_in in = { w, h, n, nservices, "A023", measure, NULL };
	return layout_compute(&in, &lay);
}

#define FOR_LAYOUTS(...) \
	for (size_t s_ = 0; s_ < sizeof screens / sizeof screens[0]; s_++) \
		for (int n = 1; n <= 40; n++) { \
			int W = screens[s_][0], H = screens[s_][1]; \
			REQUIRE(compute(W, H, n, 6) == 0); \
			__VA_ARGS__ \
		}

static void check_disjoint(const struct layout_rect *r, int n, int W, int H, int cnt)
{
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (layout_rect_overlap(r[i], r[j]))
				test_fail(__FILE__, __LINE__, "%dx%d/%d: rects %d and %d overlap", W, H, cnt, i, j);
}

TEST(layout_boxes_inside_screen_and_disjoint)
{
	static const enum layout_box top[] = { LAYOUT_HEADER, LAYOUT_CALL, LAYOUT_COUNTERS,
	                                       LAYOUT_RECENT, LAYOUT_WAITING, LAYOUT_TICKER };
	FOR_LAYOUTS({
		struct layout_rect screen = { 0, 0, W, H }, r[6];
		for (int b = 0; b < LAYOUT_BOX_COUNT_; b++) {
			CHECK(layout_rect_inside(lay.box[b], screen));
			CHECK(lay.box[b].w > 0 && lay.box[b].h > 0);
		}
		for (int i = 0; i < 6; i++) r[i] = lay.box[top[i]];
		check_disjoint(r, 6, W, H, n);
		struct layout_rect hd[3] = { lay.box[LAYOUT_NAME], lay.box[LAYOUT_DATE], lay.box[LAYOUT_CLOCK] };
		check_disjoint(hd, 3, W, H, n);
		for (int i = 0; i < 3; i++) CHECK(layout_rect_inside(hd[i], lay.box[LAYOUT_HEADER]));
		CHECK(layout_rect_inside(lay.box[LAYOUT_CAPTION], lay.box[LAYOUT_CALL]));
		CHECK(layout_rect_inside(lay.box[LAYOUT_CALLTEXT], lay.box[LAYOUT_CALL]));
		CHECK(!layout_rect_overlap(lay.box[LAYOUT_CAPTION], lay.box[LAYOUT_CALLTEXT]));
		CHECK(layout_rect_inside(lay.box[LAYOUT_TICKTEXT], lay.box[LAYOUT_TICKER]));
		CHECK(layout_rect_inside(lay.box[LAYOUT_STATUS], lay.box[LAYOUT_TICKER]));
		CHECK(!layout_rect_overlap(lay.box[LAYOUT_TICKTEXT], lay.box[LAYOUT_STATUS]));
		if (test_failed_now()) return;
	});
}

TEST(layout_tiles_inside_grid_and_disjoint)
{
	FOR_LAYOUTS({
		CHECK_INT_EQ(lay.ntiles, n);
		CHECK(lay.cols * lay.rows >= n);
		struct layout_rect tiles[40];
		for (int i = 0; i < n; i++) {
			const struct layout_tile *t = &lay.tile[i];
			tiles[i] = t->r;
			CHECK(layout_rect_inside(t->r, lay.box[LAYOUT_COUNTERS]));
			struct layout_rect parts[4] = { t->label, t->state, t->ticket, t->mark };
			for (int k = 0; k < 4; k++) CHECK(layout_rect_inside(parts[k], t->r));
			check_disjoint(parts, 4, W, H, n);
		}
		check_disjoint(tiles, n, W, H, n);
		if (test_failed_now()) return;
	});
}

TEST(layout_panel_rows_inside_and_disjoint)
{
	FOR_LAYOUTS({
		struct layout_rect cells[LAYOUT_NRECENT * 3 + 1];
		int k = 0;
		cells[k++] = lay.recent_head;
		for (int i = 0; i < LAYOUT_NRECENT; i++)
			for (int c = 0; c < 3; c++) cells[k++] = lay.recent_cell[i][c];
		for (int i = 0; i < k; i++) CHECK(layout_rect_inside(cells[i], lay.box[LAYOUT_RECENT]));
		check_disjoint(cells, k, W, H, n);
		CHECK_INT_EQ(lay.nwaiting, 6);
		struct layout_rect w[2 * 6 + 1];
		k = 0;
		w[k++] = lay.waiting_head;
		for (int i = 0; i < lay.nwaiting; i++) {
			w[k++] = lay.waiting_name[i];
			w[k++] = lay.waiting_count[i];
		}
		for (int i = 0; i < k; i++) CHECK(layout_rect_inside(w[i], lay.box[LAYOUT_WAITING]));
		check_disjoint(w, k, W, H, n);
		if (test_failed_now()) return;
	});
}

/* Each text box is tall enough for its font's line; the ticket box for
 * capitals; and the widest ticket label fits at the layout's size. */
TEST(layout_fonts_fit_their_boxes)
{
	FOR_LAYOUTS({
		struct { struct layout_rect r; int px; } t[] = {
			{ lay.box[LAYOUT_NAME], lay.name_px }, { lay.box[LAYOUT_DATE], lay.date_px },
			{ lay.box[LAYOUT_CLOCK], lay.clock_px }, { lay.box[LAYOUT_CAPTION], lay.caption_px },
			{ lay.box[LAYOUT_CALLTEXT], lay.call_px }, { lay.tile[0].label, lay.label_px },
			{ lay.tile[0].state, lay.state_px }, { lay.tile[0].mark, lay.mark_px },
			{ lay.recent_head, lay.head_px }, { lay.recent_cell[0][0], lay.row_px },
			{ lay.waiting_name[0], lay.wait_px }, { lay.box[LAYOUT_TICKTEXT], lay.ticker_px },
			{ lay.box[LAYOUT_STATUS], lay.status_px },
		};
		for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
			CHECK(t[i].px >= 1);
			if (t[i].r.h < (int)(t[i].px * LAYOUT_LINE_RATIO))
				test_fail(__FILE__, __LINE__, "%dx%d/%d: text %zu px %d in h %d",
				          W, H, n, i, t[i].px, t[i].r.h);
		}
		CHECK(lay.tile[0].ticket.h >= (int)(lay.ticket_px * LAYOUT_CAP_RATIO));
		CHECK(measure(NULL, "A023", lay.ticket_px) <= lay.tile[0].ticket.w);
		if (test_failed_now()) return;
	});
}

/* Ticket digits at least 8 % of the screen height with up to 12 counters
 * (on a portrait screen, 8 % of its width: the same digits as on the same
 * TV hung in landscape, since two 8 %-of-1920 labels do not fit in 1080). */
TEST(layout_ticket_digits_readable_up_to_12_counters)
{
	FOR_LAYOUTS({
		if (n > 12) continue;
		int ref = H > W ? W : H;
		double digits = lay.ticket_px * LAYOUT_CAP_RATIO;
		if (digits < 0.08 * ref)
			test_fail(__FILE__, __LINE__, "%dx%d with %d counters: digits %.0f px < 8%% of %d",
			          W, H, n, digits, ref);
	});
}

TEST(layout_big_call_and_clock_are_large)
{
	FOR_LAYOUTS({
		int ref = H > W ? W : H;
		CHECK(lay.call_px * LAYOUT_CAP_RATIO >= 0.07 * ref);
		CHECK(lay.clock_px >= lay.date_px);
		CHECK(lay.min_px <= lay.row_px);
	});
}

TEST(layout_refuses_tiny_screens)
{
	CHECK(compute(100, 100, 3, 2) < 0);
	CHECK(compute(160, 120, 40, 6) == 0);
	CHECK(compute(160, 120, 256, 32) == 0);
	CHECK(lay.ntiles >= 1 && lay.ntiles < 256);
	struct layout_rect screen = { 0, 0, 160, 120 };
	for (int i = 0; i < lay.ntiles; i++) CHECK(layout_rect_inside(lay.tile[i].r, screen));
	for (int i = 0; i < lay.nwaiting; i++) CHECK(layout_rect_inside(lay.waiting_name[i], screen));
}

/* ---- fitting text -------------------------------------------------------- */

static const char *names[] = {
	"Quầy 5",
	"Tư pháp - Hộ tịch",
	"Đăng ký kinh doanh, đầu tư và hỗ trợ doanh nghiệp vừa và nhỏ",
	"BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH ỦY BAN NHÂN DÂN",
	"Lĩnh vực đất đai, xây dựng, tài nguyên và môi trường; chứng thực bản sao",
	"Tạm nghỉ: họp giao ban đầu tuần với lãnh đạo phường",
	"Ờ Ố Ậ Ự Ứ ẵ",
};

TEST(layout_fit_shrinks_then_ellipsizes)
{
	char out[256];
	int px = layout_fit_text(measure, NULL, "Quầy 5", 1000, 40, 10, out, sizeof out);
	CHECK_INT_EQ(px, 40);
	CHECK_STR_EQ(out, "Quầy 5");
	/* 17 characters at 0.6 em in 300 px: 29 px fits, 30 does not. */
	px = layout_fit_text(measure, NULL, "Tư pháp - Hộ tịch", 300, 40, 10, out, sizeof out);
	CHECK(px <= 29 && px >= 26);
	CHECK_STR_EQ(out, "Tư pháp - Hộ tịch");
	px = layout_fit_text(measure, NULL, names[2], 300, 40, 20, out, sizeof out);
	CHECK_INT_EQ(px, 20);
	CHECK(measure(NULL, out, 20) <= 300);
	CHECK(strstr(out, "\xE2\x80\xA6") != NULL);
	CHECK(strncmp(out, "Đăng ký kinh doanh", 18) == 0);
	CHECK(utf8_valid(out));
}

TEST(layout_fit_never_overflows_any_box)
{
	char out[256];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		for (int w = 0; w <= 900; w += 7)
			for (int maxpx = 8; maxpx <= 120; maxpx += 37) {
				int px = layout_fit_text(measure, NULL, names[i], w, maxpx, 12, out, sizeof out);
				CHECK(px <= maxpx);
				CHECK(utf8_valid(out));
				if (measure(NULL, out, px) > w)
					test_fail(__FILE__, __LINE__, "'%s' w=%d px=%d overflows", out, w, px);
				if (test_failed_now()) return;
			}
}

TEST(layout_fit_cuts_on_characters_not_marks)
{
	/* "Ờ" written as O + U+031B horn + U+0300 grave (decomposed). */
	const char *nfd = "O\xCC\x9B\xCC\x80O\xCC\x9B\xCC\x80O\xCC\x9B\xCC\x80O\xCC\x9B\xCC\x80";
	CHECK_INT_EQ(layout_utf8_cut(nfd, 1), 0);
	CHECK_INT_EQ(layout_utf8_cut(nfd, 4), 0);
	CHECK_INT_EQ(layout_utf8_cut(nfd, 5), 5);
	CHECK_INT_EQ(layout_utf8_cut("Ờa", 2), 0);  /* inside the 3-byte Ờ */
	CHECK_INT_EQ(layout_utf8_cut("Ờa", 3), 3);
	char out[64];
	/* 2 bases + ellipsis = 3 chars at 0.6 em of 10 px = 18 px. */
	layout_fit_text(measure, NULL, nfd, 18, 10, 10, out, sizeof out);
	CHECK_STR_EQ(out, "O\xCC\x9B\xCC\x80O\xCC\x9B\xCC\x80\xE2\x80\xA6");
	/* A buffer too small for the text still gets whole characters. */
	char small[8];
	layout_fit_text(measure, NULL, "Ứng Ứng Ứng Ứng", 1000, 10, 10, small, sizeof small);
	CHECK(utf8_valid(small));
	CHECK(strlen(small) < sizeof small);
	layout_fit_text(measure, NULL, "Ứng", 2, 10, 10, out, sizeof out);
	CHECK_STR_EQ(out, "");
}
