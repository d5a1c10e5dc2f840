/*
 * ticket: the printed ticket as a 1-bit raster, drawn with the board's
 * fonts (SDL_ttf through font.h; no window is needed) and libqrencode.
 *
 * From the top: the center's name, the service, the number very large, a
 * priority line when there is one, date and time, people ahead, the
 * estimated wait (or "chưa đủ dữ liệu"), a QR code of the ticket's web
 * address with a line under it, and the footer. 58 mm paper is 384 dots
 * wide, 80 mm 576; the same raster goes to every output (ESC/POS bytes or
 * the png: twin), so the image a test decodes from the bytes must equal
 * the PNG pixel for pixel.
 */
#ifndef GOISO_TICKET_H
#define GOISO_TICKET_H

#include <stddef.h>

#include "escpos.h"

struct font;

struct ticket_info {
	const char *center;      /* the center's name */
	const char *service;     /* the service's name */
	const char *label;       /* "A023" */
	const char *group;       /* priority group's name, or NULL */
	const char *when;        /* "08:15 · Thứ Tư, 02/12/2026" */
	int ahead;
	int wait_min;            /* -1: not enough data */
	const char *url;         /* the QR's text; NULL or "": no QR */
	const char *footer;      /* NULL or "": none */
};

#define TICKET_DOTS_58 384
#define TICKET_DOTS_80 576

/* Draws the ticket width dots wide into r (r->bits freed with
 * ticket_raster_free). 0, or -1 with a message in err. */
int ticket_render(struct font *regular, struct font *bold, const struct ticket_info *t,
                  int width, struct escpos_raster *r, char *err, size_t errlen);
void ticket_raster_free(struct escpos_raster *r);

/* The raster as a grey PNG (black on white). 0 or -1. */
int ticket_write_png(const struct escpos_raster *r, const char *path);

/* Expands a URL template: {token} and {label} are replaced (an empty token
 * leaves {token} empty). Returns the length written (cut to n-1). */
size_t ticket_url(char *out, size_t n, const char *tmpl, const char *token, const char *label);

/* The wait line: "Dự kiến chờ khoảng 15 phút", "Dự kiến: được gọi ngay",
 * "Thời gian chờ: chưa đủ dữ liệu". */
void ticket_wait_text(int wait_min, char *out, size_t n);

#endif
