/*
 * buf: growable byte buffer (see buf.h).
 */
#include "buf.h"

#include <stdlib.h>
#include <string.h>

int buf_append(struct buf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1) cap *= 2;
		char *d = realloc(b->data, cap);
		if (!d) return -1;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = 0;
	return 0;
}

void buf_consume(struct buf *b, size_t n)
{
	if (n >= b->len) { b->len = 0; if (b->data) b->data[0] = 0; return; }
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
	b->data[b->len] = 0;
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
