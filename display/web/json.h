/*
 * json: writing JSON text into a growable buffer (pure C). Only what the
 * web gateway's event streams need: objects and arrays are written by
 * hand with json_raw(); strings are escaped so that the text is one line
 * (no raw control character) and safe inside an HTML <script> block or an
 * event-stream "data:" line ('<', '>', '&' and U+2028/9 are escaped too).
 */
#ifndef GOISO_JSON_H
#define GOISO_JSON_H

#include <stdint.h>

#include "buf.h"

void json_raw(struct buf *b, const char *s);
/* "s", escaped; invalid UTF-8 bytes become U+FFFD. */
void json_str(struct buf *b, const char *s);
void json_int(struct buf *b, int64_t v);
/* "key": (with a comma before it unless first) */
void json_key(struct buf *b, const char *key, int first);

#endif
