/*
 * chart: inline SVG charts (see chart.h). Sizes are in SVG units inside a
 * viewBox, so a chart scales to the page's width on screen and on A4.
 */
#include "chart.h"

#include "period.h"
#include "tables.h"

#define W 760
#define DH 230
#define LEFT 46
#define BOTTOM 34
#define TOP 12

/* The step between an axis' ticks: the least 1, 2 or 5 x 10^k with at
 * most four steps up to v, so every tick is a round number (a top of 50
 * in four steps ticked 12, 25, 38). */
static long nice_step(long v)
{
	for (long p = 1; ; p *= 10)
		for (int i = 0; i < 3; i++) {
			long s = p * (i == 0 ? 1 : i == 1 ? 2 : 5);
			if (s * 4 >= v) return s;
		}
}

/* The x labels: about a dozen days evenly on a short period; on a long
 * one the first day of the months, every k-th month to keep a dozen. */
static void day_labels(FILE *out, const struct tally *t, long n, double pw, double y)
{
	long months = 0, k, i;
	int yy, m, d;
	if (n <= 62) {
		for (i = 0; i < n; i += (n + 11) / 12) {
			period_ymd(t->from + i, &yy, &m, &d);
			fprintf(out, "\n<text x=\"%.1f\" y=\"%.1f\" class=\"ax\">%02d/%02d</text>",
			        LEFT + pw * (double)i, y, d, m);
		}
		return;
	}
	for (i = 0; i < n; i++) {
		period_ymd(t->from + i, &yy, &m, &d);
		months += d == 1;
	}
	k = (months + 11) / 12;
	for (i = 0, months = 0; i < n; i++) {
		period_ymd(t->from + i, &yy, &m, &d);
		if (d != 1 || months++ % k) continue;
		fprintf(out, "\n<text x=\"%.1f\" y=\"%.1f\" class=\"ax\">%02d/%02d</text>",
		        LEFT + pw * (double)i, y, d, m);
	}
}

static void legend(FILE *out, int x, int y, const char *color, const char *label)
{
	fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
	        "<text x=\"%d\" y=\"%d\" class=\"lg\">%s</text>", x, y, color, x + 17, y + 11, label);
}

void chart_daily(FILE *out, const struct tally *t)
{
	long n = (long)(t->to - t->from + 1), top = 0;
	for (long i = 0; i < n; i++)
		if (t->daily[i].issued > top) top = t->daily[i].issued;
	long step = nice_step(top < 4 ? 4 : top), ticks = (top < 4 ? 4 : top + step - 1) / step;
	top = step * ticks;
	double pw = (double)(W - LEFT - 8) / (double)n, ph = DH - TOP - BOTTOM;
	fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Số phát và số phục vụ theo ngày\" "
	        "xmlns=\"http://www.w3.org/2000/svg\">\n", W, DH + 18);
	for (long k = 0; k <= ticks; k++) {
		double y = TOP + ph - ph * (double)k / (double)ticks;
		char v[32];
		period_format_number((double)(step * k), 0, v, sizeof v);
		fprintf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
		        "<text x=\"%d\" y=\"%.1f\" class=\"ax\" text-anchor=\"end\">%s</text>\n",
		        LEFT, W - 8, y, y, LEFT - 4, y + 4, v);
	}
	for (long i = 0; i < n; i++) {
		const struct daily *d = &t->daily[i];
		double x = LEFT + pw * (double)i, bw = pw > 3 ? pw * 0.8 : pw;
		double hi = ph * (double)d->issued / (double)top, hs = ph * (double)d->served / (double)top;
		if (d->issued)
			fprintf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" class=\"b1\"/>",
			        x, TOP + ph - hi, bw, hi);
		if (d->served)
			fprintf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" class=\"b2\"/>",
			        x + bw * 0.25, TOP + ph - hs, bw * 0.5, hs);
	}
	day_labels(out, t, n, pw, TOP + (int)ph + 15);
	fprintf(out, "\n<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>\n",
	        LEFT, W - 8, TOP + ph, TOP + ph);
	legend(out, LEFT, DH, "#9ec5e8", "Phát số");
	legend(out, LEFT + 110, DH, "#1f5f99", "Phục vụ");
	fprintf(out, "</svg>\n");
}

/* White to dark blue by share of the largest cell. */
static void heat_color(double f, char *out, size_t n)
{
	int r = (int)(247 - f * (247 - 8)), g = (int)(251 - f * (251 - 48)), b = (int)(255 - f * (255 - 107));
	snprintf(out, n, "#%02x%02x%02x", r, g, b);
}

void chart_heat(FILE *out, const struct tally *t)
{
	int h0 = 24, h1 = -1;
	long top = 0;
	for (int w = 0; w < 7; w++)
		for (int h = 0; h < 24; h++)
			if (t->heat[w][h]) {
				if (h < h0) h0 = h;
				if (h > h1) h1 = h;
				if (t->heat[w][h] > top) top = t->heat[w][h];
			}
	if (h1 < 0) { h0 = 7; h1 = 17; }
	int cols = h1 - h0 + 1, lw = 70, cw = (W - lw) / cols, ch = 26;
	if (cw > 56) cw = 56;
	/* the viewBox is the page's width whatever the hours: a period of a
	 * few hours draws a few cells at the left, its text as large as a
	 * whole day's (a viewBox as narrow as its cells would be scaled up
	 * to the page's width, and its text with it) */
	fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Số phát theo thứ và giờ\" "
	        "xmlns=\"http://www.w3.org/2000/svg\">\n", W, 20 + ch * 7 + 4);
	for (int h = h0; h <= h1; h++)
		fprintf(out, "<text x=\"%d\" y=\"14\" class=\"ax\" text-anchor=\"middle\">%dh</text>",
		        lw + cw * (h - h0) + cw / 2, h);
	for (int w = 0; w < 7; w++) {
		int y = 20 + ch * w;
		fprintf(out, "\n<text x=\"0\" y=\"%d\" class=\"ax\">%s</text>", y + ch / 2 + 4, tables_weekday[w]);
		for (int h = h0; h <= h1; h++) {
			long v = t->heat[w][h];
			double f = top ? (double)v / (double)top : 0;
			char color[8], num[32];
			heat_color(f, color, sizeof color);
			period_format_number((double)v, 0, num, sizeof num);
			int x = lw + cw * (h - h0);
			fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" class=\"cell\"/>",
			        x, y, cw, ch, color);
			if (v)
				fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"hv\" text-anchor=\"middle\" fill=\"%s\">%s</text>",
				        x + cw / 2, y + ch / 2 + 4, f > 0.55 ? "#fff" : "#111", num);
		}
	}
	fprintf(out, "\n</svg>\n");
}
