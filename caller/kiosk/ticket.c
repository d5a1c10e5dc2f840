/*
 * ticket: the printed ticket's raster (see ticket.h).
 *
 * The ticket is drawn line by line onto a grey canvas that grows
 * downwards (ink 0..255 from each glyph's coverage), then cut to one bit
 * at half coverage. Texts too wide for the paper shrink to a floor, then
 * wrap at spaces; a word wider than the paper is cut, never overflows.
 */
#include "ticket.h"

#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "font.h"
#include "png.h"
#include "vec.h"

#define MARGIN 8

struct canvas {
	int w, h, cap;
	unsigned char *ink;        /* w x cap, 0 white .. 255 black */
};

/* Room for rows more rows (an element of the array is one row), white. */
static int grow(struct canvas *c, int rows)
{
	int old = c->cap;
	if (vec_reserve(&c->ink, (size_t)c->w, &c->cap, c->h + rows, 512)) return -1;
	memset(c->ink + (size_t)c->w * old, 0, (size_t)c->w * (c->cap - old));
	return 0;
}

static int space(struct canvas *c, int rows)
{
	if (grow(c, rows)) return -1;
	c->h += rows;
	return 0;
}

/* One line of text, centred, at px (already known to fit). */
static int line_at(struct canvas *c, struct font *f, const char *s, int px)
{
	SDL_Color black = { 0, 0, 0, 255 };
	SDL_Surface *sf = font_render(f, s, px, black);
	if (!sf) return space(c, font_height(f, px));
	int w = sf->w < c->w ? sf->w : c->w, x0 = (c->w - w) / 2;
	if (grow(c, sf->h)) { SDL_FreeSurface(sf); return -1; }
	SDL_LockSurface(sf);
	for (int y = 0; y < sf->h; y++) {
		const Uint32 *row = (const Uint32 *)((const unsigned char *)sf->pixels + (size_t)y * sf->pitch);
		unsigned char *out = c->ink + (size_t)(c->h + y) * c->w + x0;
		for (int x = 0; x < w; x++) {
			unsigned a = row[x] >> 24;
			if (a > out[x]) out[x] = (unsigned char)a;
		}
	}
	SDL_UnlockSurface(sf);
	c->h += sf->h;
	SDL_FreeSurface(sf);
	return 0;
}

/* A text: at px if it fits, else smaller down to min_px, else wrapped at
 * spaces at min_px (each piece as long as fits). */
static int text(struct canvas *c, struct font *f, const char *s, int px, int min_px)
{
	int room = c->w - 2 * MARGIN;
	while (px > min_px && font_measure(f, s, px) > room) px--;
	if (font_measure(f, s, px) <= room) return line_at(c, f, s, px);
	char buf[512], piece[512];
	snprintf(buf, sizeof buf, "%s", s);
	const char *p = buf;
	while (*p) {
		size_t best = 0;
		for (size_t i = 1; p[i - 1]; i++) {
			if (p[i] != ' ' && p[i] != 0) continue;
			memcpy(piece, p, i);
			piece[i] = 0;
			if (font_measure(f, piece, px) > room && best) break;
			best = i;
			if (!p[i]) break;
		}
		memcpy(piece, p, best);
		piece[best] = 0;
		if (line_at(c, f, piece, px)) return -1;
		p += best;
		while (*p == ' ') p++;
	}
	return 0;
}

static void rule(struct canvas *c, int thick)
{
	if (space(c, thick + 12)) return;
	for (int y = c->h - 6 - thick; y < c->h - 6; y++)
		memset(c->ink + (size_t)y * c->w + MARGIN, 255, (size_t)(c->w - 2 * MARGIN));
}

static int qr(struct canvas *c, const char *url, int px_max)
{
	QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q) return -1;
	int quiet = 4, scale = px_max / (q->width + 2 * quiet);
	if (scale < 2) scale = 2;
	int side = q->width * scale, x0 = (c->w - side) / 2;
	if (grow(c, side + 2 * quiet * scale)) { QRcode_free(q); return -1; }
	c->h += quiet * scale;
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width; x++) {
			if (!(q->data[y * q->width + x] & 1)) continue;
			for (int dy = 0; dy < scale; dy++)
				memset(c->ink + (size_t)(c->h + y * scale + dy) * c->w + x0 + x * scale, 255, (size_t)scale);
		}
	c->h += side + quiet * scale;
	QRcode_free(q);
	return 0;
}

void ticket_wait_text(int wait_min, char *out, size_t n)
{
	if (wait_min < 0) snprintf(out, n, "Thời gian chờ: chưa đủ dữ liệu");
	else if (wait_min == 0) snprintf(out, n, "Dự kiến: được gọi ngay");
	else snprintf(out, n, "Dự kiến chờ khoảng %d phút", wait_min);
}

static int draw(struct canvas *c, struct font *reg, struct font *bold, const struct ticket_info *t)
{
	int W = c->w;
	char line[256];
	int rc = space(c, 8);
	rc |= text(c, bold, t->center, W / 18, W / 26);
	rule(c, 2);
	rc |= text(c, reg, t->service, W / 14, W / 22);
	rc |= space(c, 4);
	rc |= text(c, reg, "SỐ THỨ TỰ CỦA ÔNG/BÀ", W / 22, W / 30);
	rc |= text(c, bold, t->label, W * 2 / 7, W / 8);
	if (t->group && *t->group) {
		snprintf(line, sizeof line, "ƯU TIÊN: %s", t->group);
		rc |= text(c, bold, line, W / 16, W / 24);
	}
	rc |= space(c, 6);
	rc |= text(c, reg, t->when, W / 19, W / 26);
	if (t->ahead) snprintf(line, sizeof line, "Trước ông/bà còn %d người", t->ahead);
	else snprintf(line, sizeof line, "Không có ai trước ông/bà");
	rc |= text(c, bold, line, W / 16, W / 24);
	ticket_wait_text(t->wait_min, line, sizeof line);
	rc |= text(c, reg, line, W / 19, W / 26);
	if (t->url && *t->url) {
		rc |= qr(c, t->url, W / 2);
		rc |= text(c, reg, "Quét mã để xem số đang gọi", W / 22, W / 30);
	}
	if (t->footer && *t->footer) {
		rule(c, 1);
		rc |= text(c, reg, t->footer, W / 22, W / 30);
	}
	rc |= space(c, 16);
	return rc ? -1 : 0;
}

int ticket_render(struct font *regular, struct font *bold, const struct ticket_info *t,
                  int width, struct escpos_raster *r, char *err, size_t errlen)
{
	struct canvas c = { .w = width };
	memset(r, 0, sizeof *r);
	if (width % 8 || width < 128) {
		snprintf(err, errlen, "ticket width %d: a multiple of 8 from 128 dots", width);
		return -1;
	}
	if (draw(&c, regular, bold, t)) {
		snprintf(err, errlen, "cannot draw the ticket (out of memory or QR too long)");
		free(c.ink);
		return -1;
	}
	int bw = width / 8;
	r->w = width;
	r->h = c.h;
	r->bits = calloc((size_t)bw * c.h + 1, 1);
	if (!r->bits) { free(c.ink); snprintf(err, errlen, "out of memory"); return -1; }
	for (int y = 0; y < c.h; y++)
		for (int x = 0; x < width; x++)
			if (c.ink[(size_t)y * width + x] >= 128) r->bits[(size_t)y * bw + x / 8] |= (unsigned char)(0x80 >> (x % 8));
	free(c.ink);
	return 0;
}

void ticket_raster_free(struct escpos_raster *r)
{
	free(r->bits);
	r->bits = NULL;
}

int ticket_write_png(const struct escpos_raster *r, const char *path)
{
	unsigned char *px = malloc((size_t)r->w * r->h * 3 + 1);
	if (!px) return -1;
	for (int y = 0; y < r->h; y++)
		for (int x = 0; x < r->w; x++) {
			int black = r->bits[(size_t)y * (r->w / 8) + x / 8] & (0x80 >> (x % 8));
			memset(px + ((size_t)y * r->w + x) * 3, black ? 0 : 255, 3);
		}
	int rc = file_write_png(path, px, r->w, r->h, 3, r->w * 3);
	free(px);
	return rc ? -1 : 0;
}

size_t ticket_url(char *out, size_t n, const char *tmpl, const char *token, const char *label)
{
	size_t len = 0;
	if (!n) return 0;
	out[0] = 0;
	for (const char *p = tmpl ? tmpl : ""; *p && len + 1 < n;) {
		const char *v = NULL;
		if (!strncmp(p, "{token}", 7)) { v = token ? token : ""; p += 7; }
		else if (!strncmp(p, "{label}", 7)) { v = label ? label : ""; p += 7; }
		if (v) {
			int w = snprintf(out + len, n - len, "%s", v);
			len += (size_t)w < n - len ? (size_t)w : n - len - 1;
		} else {
			out[len++] = *p++;
			out[len] = 0;
		}
	}
	return len;
}
