/*
 * The report's HTML page as a browser shows and prints it: opened in
 * headless Chromium (Debian chromium), its DOM read back, a screenshot
 * taken and looked into, and the page printed to PDF on A4.
 */
#include "test.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "png.h"
#include "reportday.h"

static int sh(const char *cmd)
{
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) return NULL;
	char *buf = malloc(1 << 22);
	size_t n = buf ? fread(buf, 1, (1 << 22) - 1, f) : 0;
	fclose(f);
	if (buf) buf[n] = 0;
	if (len) *len = n;
	return buf;
}

#define CHROMIUM "timeout 90 chromium --headless=new --no-sandbox --disable-gpu --no-first-run " \
	"--disable-background-networking --disable-component-update --disable-sync " \
	"--host-resolver-rules='MAP * ~NOTFOUND' --user-data-dir='%s/chromium' "

/* Writes the scripted day's HTML report (the week, with the extra
 * arguments); returns its path. */
static const char *page_with(const char *args)
{
	static char html[600];
	char log[600], conf[600], cmd[2400];
	const char *b = getenv("GOISO_BUILD");
	snprintf(log, sizeof log, "%s/events.db", test_tmpdir());
	snprintf(conf, sizeof conf, "%s/center.conf", test_tmpdir());
	snprintf(html, sizeof html, "%s/bao-cao.html", test_tmpdir());
	FILE *f = fopen(conf, "w");
	if (!f || reportday_write(log)) { if (f) fclose(f); return NULL; }
	fputs(reportday_conf, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "'%s/goiso-report' %s %s --config '%s' --html '%s' '%s'",
	         b ? b : "build/san", strstr(args, "--year") || strstr(args, "--quarter") || strstr(args, "--month") ?
	         "" : "--week 2026-11-30", args, conf, html, log);
	return sh(cmd) == 0 ? html : NULL;
}

static const char *page(void) { return page_with(""); }

TEST(report_page_is_self_contained)
{
	const char *html = page();
	REQUIRE(html);
	char *s = slurp(html, NULL);
	REQUIRE(s);
	CHECK(!strstr(s, "<script"));
	CHECK(!strstr(s, "<link"));
	CHECK(!strstr(s, "src="));
	CHECK(!strstr(s, "url("));
	CHECK(!strstr(s, "@import"));
	/* the one "http" is the SVG namespace name, never fetched */
	for (const char *p = strstr(s, "http"); p; p = strstr(p + 4, "http"))
		CHECK(!strncmp(p, "http://www.w3.org/2000/svg", 26));
	CHECK(strstr(s, "<html lang=\"vi\">") != NULL);
	CHECK(strstr(s, "@page{size:A4") != NULL);
	free(s);
}

TEST_TIMEOUT(report_page_in_chromium_shows_the_figures, 200)
{
	const char *html = page();
	REQUIRE(html);
	char cmd[3000], dom[600];
	snprintf(dom, sizeof dom, "%s/dom.html", test_tmpdir());
	snprintf(cmd, sizeof cmd, CHROMIUM "--dump-dom 'file://%s' > '%s' 2>/dev/null", test_tmpdir(), html, dom);
	REQUIRE(sh(cmd) == 0);
	char *s = slurp(dom, NULL);
	REQUIRE(s);
	CHECK(strstr(s, "Trung tâm thử") != NULL);
	CHECK(strstr(s, "tuần 30/11/2026 – 06/12/2026") != NULL);
	CHECK(strstr(s, "Tỷ lệ hài lòng = (Hài lòng + Rất hài lòng) / số công dân đã chọn") != NULL);
	/* An's row: satisfaction 66,7% with the decimal comma, 1 h 24 min logged in */
	CHECK(strstr(s, "<td>An</td><td class=\"n\">1 giờ 24 phút</td><td class=\"n\">2</td>") != NULL);
	CHECK(strstr(s, "<td class=\"n\">66,7%</td>") != NULL);
	CHECK(strstr(s, "<td>30/11/2026</td>") || strstr(s, "<td class=\"n\">30/11/2026</td>"));
	CHECK(strstr(s, "<td>Hộ tịch</td>") != NULL);
	CHECK(strstr(s, "<svg class=\"chart\"") != NULL);
	free(s);
}

/* How many pixels are within 12 of (r, g, b). */
static long count_color(const struct png_image *im, int r, int g, int b)
{
	long n = 0;
	for (long i = 0; i < (long)im->w * im->h; i++) {
		const unsigned char *p = im->px + i * im->channels;
		if (abs(p[0] - r) < 12 && abs(p[1] - g) < 12 && abs(p[2] - b) < 12) n++;
	}
	return n;
}

TEST_TIMEOUT(report_page_screenshot_draws_the_charts, 200)
{
	const char *html = page();
	REQUIRE(html);
	char cmd[3000], png[600];
	snprintf(png, sizeof png, "%s/page.png", test_tmpdir());
	snprintf(cmd, sizeof cmd, CHROMIUM "--screenshot='%s' --window-size=900,2200 'file://%s' >/dev/null 2>&1",
	         test_tmpdir(), png, html);
	REQUIRE(sh(cmd) == 0);
	struct png_image im;
	REQUIRE(file_read_png(png, &im) == 0);
	CHECK_INT_EQ(im.w, 900);
	CHECK(count_color(&im, 0x08, 0x30, 0x6b) > 200);   /* the heatmap's busiest cell */
	CHECK(count_color(&im, 0x1f, 0x5f, 0x99) > 500);   /* served bars and headings */
	CHECK(count_color(&im, 0x9e, 0xc5, 0xe8) > 100);   /* issued bars */
	png_image_free(&im);
}

TEST_TIMEOUT(report_page_prints_on_a4, 200)
{
	const char *html = page();
	REQUIRE(html);
	char cmd[3000], pdf[600];
	snprintf(pdf, sizeof pdf, "%s/page.pdf", test_tmpdir());
	snprintf(cmd, sizeof cmd, CHROMIUM "--no-pdf-header-footer --print-to-pdf='%s' 'file://%s' >/dev/null 2>&1",
	         test_tmpdir(), pdf, html);
	REQUIRE(sh(cmd) == 0);
	size_t len;
	char *s = slurp(pdf, &len);
	REQUIRE(s && len > 1000);
	int pages = 0, a4 = 1;
	for (char *p = s; (p = memmem(p, len - (size_t)(p - s), "/MediaBox [", 11)); p += 11) {
		double x0, y0, w, h;
		if (sscanf(p + 11, "%lf %lf %lf %lf", &x0, &y0, &w, &h) != 4) continue;
		pages++;
		a4 &= w > 594 && w < 596.5 && h > 841 && h < 843;   /* 210 x 297 mm */
	}
	CHECK(pages >= 1 && pages <= 4);
	CHECK(a4);
	free(s);
}

/* The rows from the first to the last that hold a pixel within 12 of
 * (r, g, b); 0 when none. */
static int color_height(const struct png_image *im, int r, int g, int b)
{
	int top = -1, bottom = -1;
	for (int y = 0; y < im->h; y++)
		for (int x = 0; x < im->w; x++) {
			const unsigned char *p = im->px + ((long)y * im->w + x) * im->channels;
			if (abs(p[0] - r) < 12 && abs(p[1] - g) < 12 && abs(p[2] - b) < 12) {
				if (top < 0) top = y;
				bottom = y;
				break;
			}
		}
	return top < 0 ? 0 : bottom - top + 1;
}

/* At counter 2 every ticket of the week was issued in one hour (8 h): the
 * heatmap has one column, and its cells and text stay the size of a whole
 * day's, not scaled up to the page's width. */
TEST_TIMEOUT(report_page_heatmap_of_one_hour_keeps_its_size, 200)
{
	const char *html = page_with("--counter 2");
	REQUIRE(html);
	char *s = slurp(html, NULL);
	REQUIRE(s);
	const char *heat = strstr(s, "aria-label=\"Số phát theo thứ và giờ\"");
	REQUIRE(heat);
	CHECK(strstr(heat, ">8h</text>") != NULL);
	CHECK(strstr(heat, ">9h</text>") == NULL);
	free(s);
	char cmd[3000], png[600];
	snprintf(png, sizeof png, "%s/hour.png", test_tmpdir());
	snprintf(cmd, sizeof cmd, CHROMIUM "--screenshot='%s' --window-size=900,2200 'file://%s' >/dev/null 2>&1",
	         test_tmpdir(), png, html);
	REQUIRE(sh(cmd) == 0);
	struct png_image im;
	REQUIRE(file_read_png(png, &im) == 0);
	/* the busiest cell: 26 units high in a 760-unit-wide chart about 850
	 * pixels wide, so about 29 pixels (scaled from a one-column viewBox
	 * it was over 150) */
	int h = color_height(&im, 0x08, 0x30, 0x6b);
	CHECK(h >= 20 && h <= 40);
	png_image_free(&im);
}

/* Whether line (spaces trimmed) is the text of one of the page's headings:
 * an h2, an h3 or a definition's term. */
static int is_heading(const char *html, const char *line)
{
	static const char *const tags[] = { "<h2>", "<h3>", "<h3 id=", "<dt>" };
	size_t n = strlen(line);
	if (!n) return 0;
	for (size_t t = 0; t < sizeof tags / sizeof *tags; t++)
		for (const char *p = strstr(html, tags[t]); p; p = strstr(p + 1, tags[t])) {
			const char *text = strchr(p, '>') + 1;
			if (!strncmp(text, line, n) && text[n] == '<') return 1;
		}
	return 0;
}

/* Printed on A4, no heading is left alone at the foot of a page with its
 * text on the next (the definitions' "Ngày" was, on a year's report). */
TEST_TIMEOUT(report_page_keeps_headings_with_their_text_in_print, 400)
{
	static const char *const variants[] = { "", "--year 2026", "--quarter 2026-Q4", "--month 2026-11",
	                                        "--year 2026 --counter 1" };
	for (size_t v = 0; v < sizeof variants / sizeof *variants; v++) {
		const char *html = page_with(variants[v]);
		REQUIRE(html);
		char cmd[3000], pdf[600], txt[600];
		snprintf(pdf, sizeof pdf, "%s/print.pdf", test_tmpdir());
		snprintf(txt, sizeof txt, "%s/print.txt", test_tmpdir());
		snprintf(cmd, sizeof cmd, CHROMIUM "--no-pdf-header-footer --print-to-pdf='%s' 'file://%s' >/dev/null 2>&1"
		         " && pdftotext '%s' '%s'", test_tmpdir(), pdf, html, pdf, txt);
		REQUIRE(sh(cmd) == 0);
		char *page = slurp(html, NULL), *text = slurp(txt, NULL);
		REQUIRE(page && text);
		/* each page's last line of text (pdftotext ends a page with \f) */
		int pages = 0;
		for (char *p = text, *ff; (ff = strchr(p, '\f')); p = ff + 1, pages++) {
			char *end = ff;
			while (end > p && (end[-1] == '\n' || end[-1] == ' ')) end--;
			char *start = end;
			while (start > p && start[-1] != '\n') start--;
			while (start < end && *start == ' ') start++;
			char last[256];
			snprintf(last, sizeof last, "%.*s", (int)(end - start), start);
			if (ff[1] && is_heading(page, last))
				test_fail(__FILE__, __LINE__, "%s: page %d ends with the heading \"%s\"",
				          *variants[v] ? variants[v] : "--week", pages + 1, last);
		}
		CHECK(pages >= 1);
		free(page);
		free(text);
	}
}
