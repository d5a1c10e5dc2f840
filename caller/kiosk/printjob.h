/*
 * printjob: the kiosk's print thread. One job at a time: the ESC/POS
 * bytes and the raster of a ticket, or a status query; the loop polls
 * printjob_done() and reads the result. The thread only moves bytes
 * (printer.h); everything else stays on the kiosk's loop.
 */
#ifndef GOISO_PRINTJOB_H
#define GOISO_PRINTJOB_H

#include <stdbool.h>
#include <stddef.h>

#include "escpos.h"

struct printer;
struct printjob;

struct printjob_result {
	bool ticket;          /* a ticket (else a status query) */
	int ok;               /* 0 printed / answered, -1 failed */
	int state;            /* enum escpos_state, or -1 no answer */
	char label[12];
	char why[300];
};

struct printjob *printjob_new(struct printer *p);
void printjob_free(struct printjob *j);
/* Starts a job; false when one is running. bytes and r are copied. */
bool printjob_ticket(struct printjob *j, const unsigned char *bytes, size_t n,
                     const struct escpos_raster *r, const char *label);
bool printjob_status(struct printjob *j);
bool printjob_busy(const struct printjob *j);
/* true once when a job has finished; its result in *res. */
bool printjob_done(struct printjob *j, struct printjob_result *res);
/* A descriptor readable when a job has finished (for poll). */
int printjob_fd(const struct printjob *j);

#endif
