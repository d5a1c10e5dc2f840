/*
 * escpos: raster tickets and status bytes (see escpos.h).
 */
#include "escpos.h"

#include <string.h>

const unsigned char escpos_status_query[9] = {
	0x10, 0x04, 1,   /* printer status */
	0x10, 0x04, 2,   /* offline cause */
	0x10, 0x04, 4,   /* roll paper sensor */
};

int escpos_ticket(struct buf *out, const struct escpos_raster *r)
{
	static const unsigned char init[] = { 0x1B, 0x40 };
	static const unsigned char cut[] = { 0x1B, 0x64, 4, 0x1D, 0x56, 66, 0 };
	int bw = r->w / 8;
	if (buf_append(out, (const char *)init, sizeof init)) return -1;
	for (int y = 0; y < r->h; y += ESCPOS_BAND) {
		int rows = r->h - y < ESCPOS_BAND ? r->h - y : ESCPOS_BAND;
		unsigned char head[8] = { 0x1D, 0x76, 0x30, 0, (unsigned char)(bw & 0xFF),
		                          (unsigned char)(bw >> 8), (unsigned char)(rows & 0xFF),
		                          (unsigned char)(rows >> 8) };
		if (buf_append(out, (const char *)head, sizeof head) ||
		    buf_append(out, (const char *)r->bits + (size_t)y * bw, (size_t)rows * bw))
			return -1;
	}
	return buf_append(out, (const char *)cut, sizeof cut);
}

/* Whether b can be a byte of an answer to DLE EOT (see escpos.h). */
static bool escpos_status_byte(unsigned char b)
{
	return (b & 0x93) == 0x12;
}

size_t escpos_answer(const unsigned char *b, size_t n, unsigned char answer[3])
{
	size_t got = 0;
	for (size_t i = n; i-- > 0;)   /* from the end: the last three are the answer */
		if (escpos_status_byte(b[i]) && got++ < 3) answer[3 - got] = b[i];
	return got;
}

int escpos_status(const unsigned char a[3])
{
	for (int i = 0; i < 3; i++)
		if (!escpos_status_byte(a[i])) return -1;
	if (a[1] & 0x04) return ESCPOS_COVER_OPEN;      /* offline cause: cover open */
	if ((a[2] & 0x60) || (a[1] & 0x20)) return ESCPOS_PAPER_OUT;
	if (a[1] & 0x40) return ESCPOS_ERROR;
	if (a[0] & 0x08) return ESCPOS_OFFLINE;
	if (a[2] & 0x0C) return ESCPOS_PAPER_NEAR_END;
	return ESCPOS_OK;
}
