/*
 * rowpipe: a log's rows read on a thread of its own while the caller's
 * thread counts them, so reading (SQLite) and counting (tally) share the
 * machine's two cores. Rows reach fn in the same order, on the caller's
 * thread, as logread_scan would give them.
 */
#ifndef GOISO_REPORT_ROWPIPE_H
#define GOISO_REPORT_ROWPIPE_H

#include "logread.h"

/* As logread_scan(lr, ...). lr is used only by the reading thread until
 * it returns. Falls back to reading on the caller's thread when no thread
 * can be started. */
long rowpipe_scan(struct logread *lr, int64_t from, int64_t to, logread_fn fn, void *ud,
                  char *err, size_t errlen);

#endif
