/*
 * printer: where tickets go. One spec names the output:
 *
 *   /dev/usb/lp0, usb:/dev/usb/lp0   a USB printer (usblp), or any device,
 *                                    pty or FIFO standing for one
 *   tcp:HOST[:PORT]                  a network printer (raw, port 9100)
 *   cups:QUEUE                       a CUPS queue, raw (libcups)
 *   png:DIR                          each ticket as DIR/<label>.png (the
 *                                    null twin: tests, or no printer yet)
 *
 * Where the link is two-way (TCP, a character device or pty) the printer's
 * state is read with DLE EOT before a ticket, and again after its last
 * byte: a printer that stops answering in the middle of a ticket is
 * noticed. A FIFO, CUPS and png: are one-way; their state is "ok" unless
 * the write fails.
 *
 * A printer may send bytes nobody asked for: an automatic status back
 * (ASB) when a host connects or after a cut, or a late answer to a query
 * given up on. They are read past (escpos_answer): the state is the
 * answer to the query just sent. More than 4 KB of them is a fault.
 * A printer answers in order, and one that was slow stays slow: after
 * queries given up on, the answer to the next one is the one after all
 * their late answers, and it is waited for (up to the timeout) until
 * they and it have come. On a device the late answers are counted across
 * calls; on TCP they go with the connection they were asked on. Answers
 * owed for more than ten timeouts are no longer waited for (a printer
 * switched off and on forgets them).
 *
 * Every call here may block for up to the printer's timeout: the kiosk
 * calls them from its print thread (printjob.h), never from the loop.
 */
#ifndef GOISO_PRINTER_H
#define GOISO_PRINTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "escpos.h"

struct printer;

/* Parses spec. NULL with a message in err when it names no output. */
struct printer *printer_new(const char *spec, int timeout_ms, char *err, size_t errlen);
void printer_free(struct printer *p);
const char *printer_spec(const struct printer *p);
bool printer_two_way(const struct printer *p);

/* The printer's state (enum escpos_state), or -1 when it does not answer
 * (why says what happened, for the log). One-way outputs say ESCPOS_OK. */
int printer_status(struct printer *p, char *why, size_t n);

/* Prints one ticket: bytes (ESC/POS) to a printer, raster r to png:.
 * Returns 0 once every byte is written and, on a two-way link, the printer
 * answered after them; else -1 with *state (enum escpos_state, or
 * ESCPOS_OFFLINE when it stopped answering) and why. */
int printer_print(struct printer *p, const unsigned char *bytes, size_t n,
                  const struct escpos_raster *r, const char *label, int *state,
                  char *why, size_t whylen);

/* Monotonic ns at which the last byte of the last ticket was written. */
int64_t printer_last_byte_ns(const struct printer *p);

#endif
