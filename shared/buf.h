/*
 * buf: a growable byte buffer (pure). Appends grow it; consuming from the
 * front moves the rest down, which is cheap for the short lines goiso sends.
 */
#ifndef GOISO_BUF_H
#define GOISO_BUF_H

#include <stddef.h>

struct buf {
	char *data;
	size_t len, cap;
};

/* Returns 0, or -1 when memory ran out (the buffer is unchanged). */
int buf_append(struct buf *b, const char *p, size_t n);
void buf_consume(struct buf *b, size_t n);
void buf_free(struct buf *b);

#endif
