/*
 * Golden images of the kiosk's screens (portrait and landscape, a small
 * 800x480 panel, a closed service with its hours, the display lost, the
 * number after a touch, the staff keypad) and of a 58 mm and an 80 mm
 * ticket. The kiosk is the real one under SDL's dummy driver, its state
 * set by hand; screens are compared at half size like the board's.
 * To renew them after a deliberate change, then look at each one:
 *   GOISO_UPDATE_GOLDEN=1 build/san/unit-tests kiosk_golden
 *   python3 tests/golden/pngz.py tests/golden/kiosk-*.png
 */
#include "test.h"

#include <stdlib.h>

#include "kiosk.h"
#include "file.h"
#include "png.h"

static struct kiosk *open_kiosk(int w, int h, int paper)
{
	char err[300];
	struct kiosk_opts o = { .connect = "127.0.0.1:1", .printer = "png:/nonexistent", .paper_mm = paper,
	                        .width = w, .height = h, .footer = "Đường dây nóng: 0225 3 842 999",
	                        .url = "http://goiso.local:8080/t/{token}", .fixed_clock = "08:15" };
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	struct kiosk *k = kiosk_new(&o, 0, err, sizeof err);
	if (!k) test_fail(__FILE__, __LINE__, "kiosk: %s", err);
	return k;
}

static void fill(struct kscreen *s)
{
	static const char *const names[] = { "Tư pháp - Hộ tịch", "Đất đai - Xây dựng",
		"Lao động - Thương binh - Xã hội", "Kinh doanh - Đầu tư" };
	snprintf(s->center, sizeof s->center, "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG GIA VIÊN");
	s->online = true;
	s->nsv = 4;
	for (int i = 0; i < 4; i++) {
		struct ks_service *sv = &s->sv[i];
		snprintf(sv->code, sizeof sv->code, "%c", 'A' + i);
		snprintf(sv->name, sizeof sv->name, "%s", names[i]);
		snprintf(sv->hours, sizeof sv->hours, "07:30-17:00");
		sv->open = true;
		sv->waiting = 3 * i + 2;
		sv->wait_min = i == 2 ? -1 : 4 * i + 6;
	}
}

static long diff_ratio(const struct png_image *a, const struct png_image *b)
{
	if (a->w != b->w || a->h != b->h || a->channels != b->channels) return 10000;
	long bad = 0, n = (long)a->w * a->h;
	for (long i = 0; i < n; i++)
		for (int c = 0; c < a->channels; c++)
			if (abs(a->px[i * a->channels + c] - b->px[i * b->channels + c]) > 48) { bad++; break; }
	return bad * 10000 / (n ? n : 1);
}

static void half(const struct png_image *in, struct png_image *out)
{
	out->w = in->w / 2;
	out->h = in->h / 2;
	out->channels = 3;
	out->px = malloc((size_t)out->w * out->h * 3 + 1);
	for (int y = 0; y < out->h; y++)
		for (int x = 0; x < out->w; x++)
			for (int c = 0; c < 3; c++) {
				size_t row = (size_t)in->w * 3;
				const unsigned char *p = in->px + (size_t)(2 * y) * row + (size_t)(2 * x) * 3 + c;
				out->px[((size_t)y * out->w + x) * 3 + c] = (unsigned char)((p[0] + p[3] + p[row] + p[row + 3] + 2) / 4);
			}
}

/* Compares the PNG at shot (halved when halve) with tests/golden/NAME.png. */
static void compare(const char *shot, const char *name, bool halve)
{
	char gold[300];
	struct png_image full, img, want;
	snprintf(gold, sizeof gold, "tests/golden/%s.png", name);
	if (file_read_png(shot, &full)) { test_fail(__FILE__, __LINE__, "cannot read %s", shot); return; }
	if (halve) { half(&full, &img); png_image_free(&full); } else img = full;
	const char *update = getenv("GOISO_UPDATE_GOLDEN");
	if (update && *update == '1') file_write_png(gold, img.px, img.w, img.h, 3, img.w * 3);
	if (file_read_png(gold, &want)) {
		test_fail(__FILE__, __LINE__, "%s missing (GOISO_UPDATE_GOLDEN=1 makes it)", gold);
	} else {
		long d = diff_ratio(&img, &want);
		if (d > 50) test_fail(__FILE__, __LINE__, "%s differs on %ld.%02ld %% of pixels (see %s)", gold, d / 100, d % 100, shot);
		png_image_free(&want);
	}
	png_image_free(&img);
}

static void screen(const char *name, int w, int h, void (*setup)(struct kscreen *))
{
	struct kiosk *k = open_kiosk(w, h, 80);
	if (!k) return;
	fill(kiosk_state(k));
	if (setup) setup(kiosk_state(k));
	char shot[600], err[200];
	snprintf(shot, sizeof shot, "%s/%s.png", test_tmpdir(), name);
	if (kiosk_screenshot(k, shot, err, sizeof err)) test_fail(__FILE__, __LINE__, "%s", err);
	else compare(shot, name, true);
	kiosk_free(k);
}

static void closed(struct kscreen *s)
{
	s->sv[1].open = false;
	s->sv[3].open = false;
	snprintf(s->sv[3].hours, sizeof s->sv[3].hours, "13:30-17:00");
}

static void lost(struct kscreen *s) { s->online = false; }

static void number(struct kscreen *s)
{
	s->view = KS_TICKET;
	snprintf(s->label, sizeof s->label, "A023");
	snprintf(s->service, sizeof s->service, "Tư pháp - Hộ tịch");
	s->ahead = 5;
	s->wait_min = 15;
	s->printing = true;
}

static void paper_out(struct kscreen *s)
{
	s->printer_ok = false;
	snprintf(s->printer_why, sizeof s->printer_why, "Máy in hết giấy");
}

TEST(kiosk_golden_home_portrait_and_landscape)
{
	screen("kiosk-home-1080x1920", 1080, 1920, NULL);
	screen("kiosk-home-1920x1080", 1920, 1080, NULL);
}

TEST(kiosk_golden_small_panel) { screen("kiosk-home-800x480", 800, 480, NULL); }
TEST(kiosk_golden_closed_service) { screen("kiosk-closed-1024x600", 1024, 600, closed); }
TEST(kiosk_golden_display_lost) { screen("kiosk-lost-1920x1080", 1920, 1080, lost); }
TEST(kiosk_golden_number_after_a_touch) { screen("kiosk-number-1080x1920", 1080, 1920, number); }
TEST(kiosk_golden_paper_out) { screen("kiosk-paperout-1024x600", 1024, 600, paper_out); }

static void ticket(int paper)
{
	struct kiosk *k = open_kiosk(800, 480, paper);
	if (!k) return;
	char shot[600], name[64];
	snprintf(name, sizeof name, "kiosk-ticket-%dmm", paper);
	snprintf(shot, sizeof shot, "%s/%s.png", test_tmpdir(), name);
	CHECK(kiosk_sample_ticket(k, "A023", shot) == 0);
	kiosk_free(k);
	struct png_image img;
	if (file_read_png(shot, &img) == 0) {
		CHECK_INT_EQ(img.w, paper == 58 ? 384 : 576);
		png_image_free(&img);
	}
	compare(shot, name, false);
}

TEST(kiosk_golden_tickets_58_and_80_mm)
{
	ticket(58);
	ticket(80);
}
