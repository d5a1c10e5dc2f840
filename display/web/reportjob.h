/*
 * reportjob: one report made on a thread of its own, so that the
 * gateway's loop (the board, the ticket pages, the display's link) goes
 * on while it is made. The thread reads only what the job copied when it
 * started and writes only the job's results; when they are there it
 * writes to the wake fd the loop polls (an eventfd), and
 * reportjob_done() says so.
 */
#ifndef GOISO_REPORTJOB_H
#define GOISO_REPORTJOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "reportq.h"

struct reportjob {
	/* what it was asked (read by the thread) */
	http_report_fn fn;
	void *ud;
	struct reportq q;
	int kind;
	int64_t wall_ms;
	void *owner;                /* the caller's (the connection waiting) */
	/* the results, the caller's once reportjob_done() */
	int rc;
	char *doc;
	size_t len;
	char name[200], err[300];
};

/* Starts fn(ud, q, kind, wall_ms, ...) on a new thread that signals
 * wake_fd when done; the thread gets no signal (they are the loop's).
 * NULL when no thread could be made. */
struct reportjob *reportjob_start(http_report_fn fn, void *ud, const struct reportq *q, int kind, int64_t wall_ms,
                                  void *owner, int wake_fd);
/* Its thread is done: the results are there (the thread is joined). */
bool reportjob_done(struct reportjob *j);
/* Waits for the thread if it is still running, then frees all. NULL: no-op. */
void reportjob_free(struct reportjob *j);

#endif
