/*
 * Unit tests of the kiosk's pure parts: the screen's layout at every panel
 * size (elderly-readable text), what a touch means (one ticket per touch,
 * closed services, the staff PIN), the ticket's URL, and ESC/POS bytes and
 * status.
 */
#include "test.h"

#include <stdlib.h>

#include "buf.h"
#include "escpos.h"
#include "kscreen.h"
#include "ticket.h"

static const int sizes[][2] = {
	{ 800, 480 }, { 480, 800 }, { 1024, 600 }, { 600, 1024 }, { 1280, 800 },
	{ 1080, 1920 }, { 1920, 1080 },
};

static void sample(struct kscreen *s, int n)
{
	static const char *const names[] = { "Tư pháp - Hộ tịch", "Đất đai - Xây dựng",
		"Lao động - Thương binh - Xã hội", "Kinh doanh - Đầu tư", "Văn hóa", "Y tế" };
	kscreen_init(s);
	s->online = true;
	s->nsv = n;
	for (int i = 0; i < n; i++) {
		snprintf(s->sv[i].code, sizeof s->sv[i].code, "%c", 'A' + i);
		snprintf(s->sv[i].name, sizeof s->sv[i].name, "%s", names[i % 6]);
		s->sv[i].open = i != 1;
		s->sv[i].wait_min = -1;
		snprintf(s->sv[i].hours, sizeof s->sv[i].hours, "07:30-17:00");
	}
}

static bool inside(struct ks_rect in, struct ks_rect r)
{
	return r.x >= in.x && r.y >= in.y && r.x + r.w <= in.x + in.w && r.y + r.h <= in.y + in.h;
}

static bool overlap(struct ks_rect a, struct ks_rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* The stated minimum: no citizen text under 24 px, nor under 4 % of the
 * screen's short side (19 px on an 800x480 panel, 43 px on a 1080p TV);
 * a service's name at least as large, the number at least three times. */
TEST(kiosk_layout_text_is_readable_at_every_size)
{
	struct kscreen s;
	for (int n = 1; n <= 6; n++) {
		sample(&s, n);
		for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
			struct ks_layout L;
			int w = sizes[i][0], h = sizes[i][1], shortside = w < h ? w : h;
			kscreen_layout(&s, w, h, &L);
			int min = KSCREEN_MIN_TEXT_PX > shortside * 4 / 100 ? KSCREEN_MIN_TEXT_PX : shortside * 4 / 100;
			CHECK_INT_EQ(L.min_px, min);
			CHECK(L.name_px >= min && L.line_px >= min && L.title_px >= min && L.footer_px >= min);
			CHECK(L.header_px >= min && L.number_px >= 3 * min);
			CHECK_INT_EQ(L.nbuttons, n);
			struct ks_rect screen = { 0, 0, w, h };
			for (int b = 0; b < n; b++) {
				CHECK(inside(L.box[KB_BUTTONS], L.button[b]));
				CHECK(inside(screen, L.button[b]));
				/* room for the name and the line under it */
				CHECK(L.button[b].h >= (L.name_px + L.line_px) * 13 / 10);
				for (int c = 0; c < b; c++) CHECK(!overlap(L.button[b], L.button[c]));
			}
			CHECK(!overlap(L.box[KB_BUTTONS], L.box[KB_FOOTER]));
			CHECK(!overlap(L.box[KB_BUTTONS], L.box[KB_HEADER]));
		}
	}
}

static void centre(const struct ks_layout *L, int b, int *x, int *y)
{
	*x = L->button[b].x + L->button[b].w / 2;
	*y = L->button[b].y + L->button[b].h / 2;
}

TEST(kiosk_one_touch_one_ticket_and_closed_services_take_none)
{
	struct kscreen s;
	struct ks_layout L;
	int x, y;
	sample(&s, 4);
	kscreen_layout(&s, 1080, 1920, &L);
	centre(&L, 1, &x, &y);   /* B is closed */
	CHECK_INT_EQ(kscreen_touch(&s, &L, x, y, 1000).kind, KA_NONE);
	centre(&L, 0, &x, &y);
	struct ks_action a = kscreen_touch(&s, &L, x, y, 1000);
	CHECK_INT_EQ(a.kind, KA_ISSUE);
	CHECK_INT_EQ(a.service, 0);
	CHECK_INT_EQ(a.group, -1);
	/* the second finger of a double tap issues nothing */
	CHECK_INT_EQ(kscreen_touch(&s, &L, x, y, 1030).kind, KA_NONE);
	CHECK_INT_EQ(s.view, KS_ISSUING);
	kscreen_issued(&s, "A023", 5, 15, 1100);
	CHECK_INT_EQ(s.view, KS_TICKET);
	CHECK_INT_EQ(kscreen_touch(&s, &L, x, y, 1200).kind, KA_NONE);   /* printing: stays */
	kscreen_printed(&s, 1500);
	CHECK(!kscreen_tick(&s, 1500 + KSCREEN_SHOW_MS - 1));
	CHECK(kscreen_tick(&s, 1500 + KSCREEN_SHOW_MS));
	CHECK_INT_EQ(s.view, KS_HOME);
	/* offline: no button works and the screen says why */
	s.online = false;
	CHECK_INT_EQ(kscreen_touch(&s, &L, x, y, 20000).kind, KA_NONE);
	CHECK(strstr(kscreen_blocked(&s), "chưa kết nối") != NULL);
	s.online = true;
	s.printer_ok = false;
	CHECK_INT_EQ(kscreen_touch(&s, &L, x, y, 20000).kind, KA_NONE);
	CHECK(strstr(kscreen_blocked(&s), "quầy lễ tân") != NULL);
}

TEST(kiosk_no_answer_and_print_failure_send_the_citizen_to_reception)
{
	struct kscreen s;
	struct ks_layout L;
	int x, y;
	sample(&s, 2);
	kscreen_layout(&s, 800, 480, &L);
	centre(&L, 0, &x, &y);
	CHECK_INT_EQ(kscreen_touch(&s, &L, x, y, 0).kind, KA_ISSUE);
	CHECK(kscreen_tick(&s, 15000));   /* no reply at all */
	CHECK_INT_EQ(s.view, KS_FAILED);
	CHECK(strstr(s.failed, "quầy lễ tân") != NULL);
	CHECK(kscreen_tick(&s, 15000 + KSCREEN_FAILED_MS));
	kscreen_touch(&s, &L, x, y, 40000);
	kscreen_issued(&s, "A002", 0, 0, 40100);
	kscreen_print_failed(&s, "Máy in hết giấy", 41000);
	CHECK_INT_EQ(s.view, KS_FAILED);
	CHECK(strstr(s.failed, "A002") && strstr(s.failed, "hủy") && strstr(s.failed, "hết giấy"));
	char line[200];
	kscreen_service_line(&s.sv[0], line, sizeof line);
	CHECK_STR_EQ(line, "0 người chờ · chưa đủ dữ liệu");
	s.sv[0].waiting = 5;
	s.sv[0].wait_min = 15;
	kscreen_service_line(&s.sv[0], line, sizeof line);
	CHECK_STR_EQ(line, "5 người chờ · khoảng 15 phút");
	kscreen_service_line(&s.sv[1], line, sizeof line);
	CHECK_STR_EQ(line, "Đã hết giờ · nhận hồ sơ 07:30-17:00");
}

TEST(kiosk_staff_pin_opens_priority_tickets)
{
	struct kscreen s;
	struct ks_layout L;
	sample(&s, 3);
	snprintf(s.pin, sizeof s.pin, "2468");
	s.ngroups = 2;
	snprintf(s.groups[0].code, sizeof s.groups[0].code, "elderly");
	snprintf(s.groups[1].code, sizeof s.groups[1].code, "disabled");
	kscreen_layout(&s, 1920, 1080, &L);
	struct ks_rect st = L.box[KB_STAFF];
	kscreen_touch(&s, &L, st.x + 5, st.y + 5, 0);
	CHECK_INT_EQ(s.view, KS_PIN);
	kscreen_layout(&s, 1920, 1080, &L);
	static const int wrong[] = { 0, 0, 0, 0, 11 }, right[] = { 1, 3, 5, 7, 11 };   /* keys: "1111", "2468" */
	for (int i = 0; i < 5; i++) {
		struct ks_rect k = L.key[wrong[i]];
		kscreen_touch(&s, &L, k.x + 1, k.y + 1, 10);
	}
	CHECK(s.pin_wrong);
	CHECK_INT_EQ(s.view, KS_PIN);
	for (int i = 0; i < 5; i++) {
		struct ks_rect k = L.key[right[i]];
		kscreen_touch(&s, &L, k.x + 1, k.y + 1, 20);
	}
	CHECK_INT_EQ(s.view, KS_GROUP);
	kscreen_layout(&s, 1920, 1080, &L);
	CHECK_INT_EQ(L.nbuttons, 2);
	int x = L.button[1].x + 2, y = L.button[1].y + 2;
	CHECK_INT_EQ(kscreen_touch(&s, &L, x, y, 30).kind, KA_REDRAW);   /* disabled */
	kscreen_layout(&s, 1920, 1080, &L);
	CHECK_INT_EQ(L.nbuttons, 3);
	struct ks_action a = kscreen_touch(&s, &L, L.button[2].x + 2, L.button[2].y + 2, 40);
	CHECK_INT_EQ(a.kind, KA_ISSUE);
	CHECK_INT_EQ(a.service, 2);
	CHECK_INT_EQ(a.group, 1);
	/* without a PIN configured the corner does nothing */
	sample(&s, 3);
	s.ngroups = 2;
	kscreen_touch(&s, &L, st.x + 5, st.y + 5, 0);
	CHECK_INT_EQ(s.view, KS_HOME);
}

TEST(kiosk_ticket_url_template)
{
	char out[200];
	ticket_url(out, sizeof out, "http://goiso.local:8080/t/{token}?n={label}", "AbC_-1234567890123456z", "A023");
	CHECK_STR_EQ(out, "http://goiso.local:8080/t/AbC_-1234567890123456z?n=A023");
	ticket_url(out, sizeof out, "http://x/t/{token}", "", "A023");
	CHECK_STR_EQ(out, "http://x/t/");
	ticket_url(out, 8, "http://x/t/{token}", "zzzz", "A");
	CHECK_STR_EQ(out, "http://");
	ticket_wait_text(-1, out, sizeof out);
	CHECK_STR_EQ(out, "Thời gian chờ: chưa đủ dữ liệu");
}

TEST(kiosk_escpos_raster_bands_cut_and_status)
{
	struct escpos_raster r = { 16, 300, calloc(2 * 300, 1) };
	r.bits[0] = 0x80;
	r.bits[2 * 299 + 1] = 0x01;
	struct buf b = { 0 };
	REQUIRE(escpos_ticket(&b, &r) == 0);
	const unsigned char *p = (const unsigned char *)b.data;
	CHECK(p[0] == 0x1B && p[1] == 0x40);
	/* three bands: 128 + 128 + 44 rows, each "GS v 0 0 xL xH yL yH" */
	CHECK(p[2] == 0x1D && p[3] == 0x76 && p[4] == 0x30 && p[6] == 2 && p[8] == 128);
	CHECK(p[10] == 0x80);
	size_t second = 2 + 8 + 256, third = second + 8 + 256;
	CHECK(p[second] == 0x1D && p[second + 6] == 128);
	CHECK(p[third] == 0x1D && p[third + 6] == 44);
	CHECK_INT_EQ(b.len, 2 + 3 * 8 + 600 + 7);
	CHECK(p[b.len - 8] == 0x01);   /* last dot of the last row */
	CHECK(p[b.len - 4] == 0x1D && p[b.len - 3] == 0x56 && p[b.len - 2] == 66);   /* the cut */
	buf_free(&b);
	free(r.bits);
	static const struct { unsigned char a[3]; int want; } cases[] = {
		{ { 0x12, 0x12, 0x12 }, ESCPOS_OK },
		{ { 0x12, 0x12, 0x1E }, ESCPOS_PAPER_NEAR_END },
		{ { 0x12, 0x12, 0x16 }, ESCPOS_PAPER_NEAR_END },   /* the other near-end sensor */
		{ { 0x1A, 0x32, 0x72 }, ESCPOS_PAPER_OUT },
		{ { 0x12, 0x12, 0x52 }, ESCPOS_PAPER_OUT },         /* the paper sensor alone */
		{ { 0x1A, 0x32, 0x12 }, ESCPOS_PAPER_OUT },         /* stopped at the paper's end */
		{ { 0x1A, 0x16, 0x12 }, ESCPOS_COVER_OPEN },
		{ { 0x1A, 0x12, 0x12 }, ESCPOS_OFFLINE },
		{ { 0x12, 0x52, 0x12 }, ESCPOS_ERROR },
		{ { 0x00, 0x12, 0x12 }, -1 },
		{ { 0x92, 0x12, 0x12 }, -1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK_INT_EQ(escpos_status(cases[i].a), cases[i].want);
}

/* The answer to the three status queries among what the printer sent
 * after them: an automatic status back (ASB), XON/XOFF or a GS r reply is
 * no status byte, and of the status bytes an old reply comes first, so the
 * answer is the last three. */
TEST(kiosk_escpos_answer_skips_asb_and_old_replies)
{
	static const struct { unsigned char b[12]; size_t n, got; unsigned char want[3]; } cases[] = {
		{ { 0x12, 0x32, 0x72 }, 3, 3, { 0x12, 0x32, 0x72 } },
		{ { 0x14, 0x00, 0x00, 0x0F, 0x12, 0x32, 0x72 }, 7, 3, { 0x12, 0x32, 0x72 } },   /* ASB first */
		{ { 0x12, 0x14, 0x00, 0x00, 0x0F, 0x32, 0x72 }, 7, 3, { 0x12, 0x32, 0x72 } },   /* ASB between */
		{ { 0x12, 0x12, 0x12, 0x12, 0x32, 0x72 }, 6, 6, { 0x12, 0x32, 0x72 } },         /* old "ready" */
		{ { 0x12, 0x32, 0x72, 0x12, 0x12, 0x12 }, 6, 6, { 0x12, 0x12, 0x12 } },         /* old "paper out" */
		{ { 0x11, 0x13, 0x12, 0x00, 0x12, 0x0C, 0x1E }, 7, 3, { 0x12, 0x12, 0x1E } },   /* XON, XOFF, GS r */
		{ { 0x14, 0x00, 0x00, 0x0F, 0x12, 0x32 }, 6, 2, { 0 } },                         /* not yet whole */
		{ { 0x92, 0x13, 0x10 }, 3, 0, { 0 } },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unsigned char a[3] = { 0 };
		CHECK_INT_EQ(escpos_answer(cases[i].b, cases[i].n, a), cases[i].got);
		if (cases[i].got >= 3) CHECK(!memcmp(a, cases[i].want, 3));
	}
	/* an ASB's first byte is not read as the printer's state */
	static const unsigned char asb_first[3] = { 0x14, 0x12, 0x12 };
	CHECK_INT_EQ(escpos_status(asb_first), -1);
}
