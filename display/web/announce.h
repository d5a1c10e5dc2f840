/*
 * announce: the announcement of a call as a WAV file, for the browsers
 * that play the board's sound. It is rendered by the display's own voice
 * module (display/voice.h, on its "null" output) from the same clips and
 * the same [voice] settings, so a TV in the hall says exactly what the
 * wall's speakers say. The last ANNOUNCE_CACHE renderings are kept.
 */
#ifndef GOISO_ANNOUNCE_H
#define GOISO_ANNOUNCE_H

#include <stddef.h>

struct config;
struct announce;

#define ANNOUNCE_CACHE 8

/* NULL with a message in err when the [voice] section is wrong. */
struct announce *announce_new(const struct config *cfg, char *err, size_t errlen);
void announce_free(struct announce *a);
/* The WAV bytes of "label to counter" (valid until the next call), or
 * NULL when the label cannot be read. */
const unsigned char *announce_wav(struct announce *a, const char *label, int counter, size_t *len);

#endif
