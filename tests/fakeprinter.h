/*
 * fakeprinter: a receipt printer for the tests, on the real transports: a
 * TCP listener on 127.0.0.1 (as a network printer's port 9100), the
 * master side of a pty (standing for /dev/usb/lp0) or a FIFO. It parses what it
 * receives as ESC/POS, answers DLE EOT status queries as told, keeps every
 * byte, and can stop answering after so many bytes, as a jammed printer.
 * It can also send a few bytes nobody asked for, as real printers do: an
 * automatic status back (ASB, four bytes such as 14 00 00 0f) when a host
 * connects or after a cut, or a status reply left over from before.
 *
 * fakeprinter_decode() turns the captured bytes back into the tickets'
 * images (GS v 0 bands joined), for comparison with the png: twin.
 */
#ifndef GOISO_TEST_FAKEPRINTER_H
#define GOISO_TEST_FAKEPRINTER_H

#include <stdbool.h>
#include <stddef.h>

enum fp_mode {
	FP_OK,           /* prints, answers "ready" */
	FP_PAPER_OUT,    /* answers "paper end" */
	FP_COVER_AFTER,  /* ready before a ticket, cover open after its bytes */
	FP_STALL,        /* takes stall_after bytes, then neither reads nor answers */
	FP_PAPER_OUT_FOR, /* answers "paper end" to stall_after queries, then "ready" */
	FP_DROP          /* takes stall_after bytes, then resets the connection (TCP) */
};

struct fakeprinter;

/* A TCP printer (port in fakeprinter_port), or a pty (its slave's path in
 * fakeprinter_path). NULL on failure. */
struct fakeprinter *fakeprinter_tcp(void);
struct fakeprinter *fakeprinter_pty(void);
/* A FIFO made at path (a device that only takes bytes, as a printer
 * behind a one-way cable: no status is asked of it). */
struct fakeprinter *fakeprinter_fifo(const char *path);
void fakeprinter_free(struct fakeprinter *p);
int fakeprinter_port(const struct fakeprinter *p);
const char *fakeprinter_path(const struct fakeprinter *p);
void fakeprinter_set(struct fakeprinter *p, enum fp_mode m, size_t stall_after);

/* When the printer sends bytes unasked (flags, or 0 for never). */
enum fp_stray {
	FP_STRAY_CONNECT = 1,   /* as a TCP connection is taken, before anything is read */
	FP_STRAY_STATUS = 2,    /* before its answer to DLE EOT 1, in the same write */
	FP_STRAY_CUT = 4,       /* after each cut: between tickets */
};
/* The bytes (at most 16) sent at each of the moments in when. */
void fakeprinter_stray(struct fakeprinter *p, unsigned when, const unsigned char *b, size_t n);
/* The answers to the next status query come ms late (a busy printer), in
 * the state it had when asked; the printer reads nothing meanwhile, and
 * nothing for 5 ms after them, so they arrive apart from the next ones.
 * Every answer after them comes then_ms late in the same way (a printer
 * that stays slow; 0: on time again). */
void fakeprinter_late(struct fakeprinter *p, int ms, int then_ms);
/* Each answer byte of a status query leaves in a write of its own, ms
 * after the one before (a printer that answers each DLE EOT as it reads
 * it, on a slow line); bytes sent before an answer leave with its first
 * byte. 0: the three together. */
void fakeprinter_apart(struct fakeprinter *p, int ms);
/* Bytes received so far (a copy, freed by the caller), tickets cut so far. */
unsigned char *fakeprinter_bytes(struct fakeprinter *p, size_t *n);
int fakeprinter_cuts(struct fakeprinter *p);

struct fp_image { int w, h; unsigned char *bits; };
/* The ticket-th ticket (0-based) in bytes: its raster rows joined. 0, or
 * -1 when the bytes hold no such ticket or are not well-formed. */
int fakeprinter_decode(const unsigned char *b, size_t n, int ticket, struct fp_image *img);

#endif
