/*
 * escpos: a ticket raster as ESC/POS bytes, and the printer's status
 * bytes read back (pure C, no I/O).
 *
 * Text is never sent as text: every ticket is one 1-bit image printed with
 * GS v 0 (raster bit image), in bands of at most ESCPOS_BAND rows, so
 * Vietnamese marks print right on any printer, whatever its code pages.
 * A raster row is w/8 bytes, the leftmost dot in the high bit, 1 = black.
 *
 * Status (DLE EOT n, real-time): n = 1 printer, 2 offline cause, 4 roll
 * paper sensor; each answer is one byte with bits 1 and 4 set, bits 0 and
 * 7 clear. A printer may also send bytes nobody asked for, which are
 * never such a byte: an automatic status back (ASB: a first byte with bits
 * 0 and 1 clear, then three with bit 4 clear), XON/XOFF (bit 0 set), the
 * answer to another command (GS r: bit 4 clear). What it can send that
 * looks like an answer is an answer to an earlier query, and that comes
 * before the answer to the next one: a printer answers in order.
 */
#ifndef GOISO_ESCPOS_H
#define GOISO_ESCPOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define ESCPOS_BAND 128

struct escpos_raster {
	int w, h;                  /* w a multiple of 8 */
	unsigned char *bits;       /* h rows of w/8 bytes */
};

/* Appends ESC @, the raster in GS v 0 bands, a feed and a partial cut
 * (GS V 66 n). Returns 0, or -1 when out of memory. */
int escpos_ticket(struct buf *out, const struct escpos_raster *r);

/* The three status queries, in the order escpos_status() reads answers. */
extern const unsigned char escpos_status_query[9];

enum escpos_state {
	ESCPOS_OK, ESCPOS_PAPER_NEAR_END, ESCPOS_PAPER_OUT, ESCPOS_COVER_OPEN,
	ESCPOS_OFFLINE, ESCPOS_ERROR
};

/* The answer to escpos_status_query among the n bytes a printer sent
 * since it was asked: other bytes skipped, and of the status bytes the
 * last three (any before them answered an earlier query). Returns how many
 * status bytes b holds; from 3 on, answer holds the last three. */
size_t escpos_answer(const unsigned char *b, size_t n, unsigned char answer[3]);

/* The state from the answers to escpos_status_query (printer, offline
 * cause, paper sensor); the worst one wins. -1 when the bytes are not
 * status bytes (bits 1 and 4 set, bits 0 and 7 clear: see above). */
int escpos_status(const unsigned char answer[3]);

#endif
